"""Test helpers for code that records audit events."""

from __future__ import annotations

from django.db.models import QuerySet

from layanan.audit.models import AuditEvent
from layanan.audit.services import audit_sequence


def logged_events() -> QuerySet[AuditEvent]:
    """All events recorded so far, appended to the log first.

    Events reach the log after their transaction commits (ADR 0035); a test's transaction never
    commits, so its after-commit sequencer never runs: this runs it.
    """
    audit_sequence()
    return AuditEvent.objects.all()
