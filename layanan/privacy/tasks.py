"""Scheduled privacy jobs (run on the one consumer that runs periodic tasks)."""

from __future__ import annotations

from huey import crontab
from huey.contrib.djhuey import db_periodic_task, lock_task

from layanan.privacy.services import retention_purge


@db_periodic_task(crontab(hour="2", minute="15"))  # type: ignore[untyped-decorator]
@lock_task("privacy-retention-purge")  # type: ignore[untyped-decorator]
def nightly_retention_purge() -> None:
    """Apply the retention periods every night at 02:15; audited like the manual command."""
    retention_purge(actor=None)
