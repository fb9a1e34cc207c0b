"""Migration 0003 (ADR 0035): events written but never sequenced move to the queue and reach the
log like new ones; the events already in the log stay as they are."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from layanan.audit.services import audit_sequence
from layanan.audit.verification import audit_verify

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("audit", "0002_audit_read_indexes_cover_logged_events")]


def migrate(targets: list[tuple[str, str]]) -> MigrationExecutor:
    executor = MigrationExecutor(connection)
    executor.loader.build_graph()
    executor.migrate(targets)
    executor.loader.build_graph()
    return executor


def test_unsequenced_events_are_queued_and_then_logged() -> None:
    latest = MigrationExecutor(connection).loader.graph.leaf_nodes("audit")
    try:
        check_the_move(latest)
    finally:
        migrate(latest)  # whatever happened, later tests get the current schema


def check_the_move(latest: list[tuple[str, str]]) -> None:
    old = migrate(BEFORE).loader.project_state(BEFORE).apps
    OldEvent = old.get_model("audit", "AuditEvent")
    when = dt.datetime(2026, 11, 1, 8, 30, 15, 123456, tzinfo=dt.UTC)
    for i in range(3):
        OldEvent.objects.create(
            occurred_at=when + dt.timedelta(seconds=i),
            actor_label="system",
            unit_slug="dukcapil",
            action=f"lama.{i}",
            object_type="accounts.user",
            object_id=str(i),
            summary={"i": i, "teks": "é"},
            request_id=f"r{i}",
            ip="10.0.0.9",
        )
    migrate(latest)
    from layanan.audit.models import AuditEvent, PendingEvent

    assert PendingEvent.objects.count() == 3
    assert not AuditEvent.objects.exists()
    assert audit_sequence() == 3
    logged = list(AuditEvent.objects.order_by("seq"))
    assert [e.action for e in logged] == ["lama.0", "lama.1", "lama.2"]
    assert [e.summary for e in logged] == [{"i": i, "teks": "é"} for i in range(3)]
    assert logged[1].occurred_at == when + dt.timedelta(seconds=1)
    assert (logged[2].request_id, logged[2].ip, logged[2].unit_slug) == (
        "r2",
        "10.0.0.9",
        "dukcapil",
    )
    assert audit_verify().ok
