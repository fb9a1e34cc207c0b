"""Worker tasks: deliver one queued message (idempotent; retried on transient errors)."""

from __future__ import annotations

from huey.contrib.djhuey import db_task

from layanan.notifications.services import deliver


@db_task(retries=3, retry_delay=60)  # type: ignore[untyped-decorator]
def deliver_task(delivery_id: int) -> None:
    deliver(delivery_id)
