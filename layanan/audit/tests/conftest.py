from __future__ import annotations

from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection

from layanan.audit.models import AuditEvent
from layanan.audit.services import audit_record
from layanan.audit.testing import logged_events

TABLE = AuditEvent._meta.db_table


def make_events(n: int, *, prefix: str = "test") -> list[AuditEvent]:
    """Record ``n`` events and append them to the log; the logged events, in log order."""
    for i in range(n):
        audit_record(
            actor=None,
            action=f"{prefix}.action{i % 7}",
            summary={"i": i, "nama": "Budi Santoso", "catatan": "ubah alamat ü"},
            unit_slug="dukcapil",
        )
    return list(logged_events().order_by("-seq")[:n])[::-1]


def record_logged(**kwargs: Any) -> AuditEvent:
    """``audit_record(**kwargs)``, appended to the log at once; the logged event."""
    audit_record(**kwargs)
    return logged_events().order_by("-seq").first()


def sql(statement: str, params: list | None = None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement.replace("{t}", TABLE), params or [])


def verify_error() -> str:
    """Run ``audit verify``; return the error it raised (fails the test if it passed)."""
    from django.core.management.base import CommandError

    with pytest.raises(CommandError) as info:
        call_command("audit", "verify", "--quiet")
    return str(info.value)


@pytest.fixture
def events_factory():
    return make_events
