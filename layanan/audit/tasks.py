"""Audit log jobs: sequence new events after commit and every minute; sign a tree head every
five minutes when the log has grown. All idempotent."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import HUEY, db_periodic_task, db_task

from layanan.audit.services import audit_sequence, tree_head_publish

__all__ = [
    "HUEY",
    "audit_sequence_periodic",
    "audit_sequence_task",
    "audit_tree_head_periodic",
]


@db_task()  # type: ignore[untyped-decorator]
def audit_sequence_task() -> int:
    """Enqueued after each transaction that wrote events; skips if a sequencer is running."""
    return audit_sequence(wait=False)


@db_periodic_task(crontab(minute="*"))  # type: ignore[untyped-decorator]
def audit_sequence_periodic() -> int:
    """Catches events whose after-commit run was skipped while another sequencer was busy."""
    return audit_sequence(wait=True)


@db_periodic_task(crontab(minute="*/5"))  # type: ignore[untyped-decorator]
def audit_tree_head_periodic() -> int | None:
    """Publish a signed tree head when there are new events (none otherwise)."""
    sth = tree_head_publish()
    return sth.tree_size if sth else None
