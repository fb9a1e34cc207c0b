"""Task helpers: enqueue only after the surrounding transaction commits; worker heartbeat."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils import timezone
from huey import crontab
from huey.contrib.djhuey import db_periodic_task, db_task, on_startup


def enqueue_on_commit(task: Callable[..., Any], *args: Any, **kwargs: Any) -> None:
    """Schedule ``task(*args, **kwargs)`` on the worker once the current transaction commits."""
    transaction.on_commit(lambda: task(*args, **kwargs))


def record_heartbeat(name: str = "worker") -> None:
    from layanan.core.models import WorkerHeartbeat

    WorkerHeartbeat.objects.update_or_create(name=name, defaults={"beat_at": timezone.now()})


@on_startup()
def heartbeat_on_startup() -> None:
    """A worker that has just started is alive: tell /healthz at once."""
    from django.db import close_old_connections

    close_old_connections()
    record_heartbeat()


@db_periodic_task(crontab(minute="*"))
def worker_heartbeat() -> None:
    """Runs every minute on the worker so /healthz can tell that a worker is alive."""
    record_heartbeat()


@db_task()
def heartbeat_task(name: str) -> None:
    """Record a named heartbeat on the worker (operators use it to probe the queue end to end)."""
    record_heartbeat(name)
