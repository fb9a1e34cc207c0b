"""Recording an event on PostgreSQL: one queued row that rides with the COMMIT (ADR 0034, 0035)
and keeps every guarantee of a statement run at once."""

from __future__ import annotations

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from layanan.audit.models import AuditEvent, PendingEvent
from layanan.audit.services import audit_flush, audit_record, audit_sequence
from layanan.audit.verification import audit_verify
from layanan.core.context import RequestContext, reset_request, set_request
from layanan.core.models import WorkerHeartbeat

pytestmark = pytest.mark.django_db(transaction=True)
postgresql_only = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


@postgresql_only
def test_event_and_change_commit_in_one_message() -> None:
    token = set_request(RequestContext("abc123", "::ffff:10.9.8.7"))
    try:
        with CaptureQueriesContext(connection) as captured, transaction.atomic():
            WorkerHeartbeat.objects.create(name="satu", beat_at=timezone.now())  # the "change"
            audit_record(actor=None, action="uji.bersama", summary={"a": 1, "b": [1.5, None]})
            assert not any("pendingevent" in q["sql"] for q in captured.captured_queries)
    finally:
        reset_request(token)
    commit = next(q["sql"] for q in captured.captured_queries if q["sql"].endswith("COMMIT"))
    assert commit.startswith('INSERT INTO "audit_pendingevent"')
    # the after-commit sequencer ran (immediate huey in tests): the event is in the log
    assert not PendingEvent.objects.exists()
    stored = AuditEvent.objects.get(action="uji.bersama")
    assert stored.summary == {"a": 1, "b": [1.5, None]}
    assert (stored.request_id, stored.ip, stored.seq) == ("abc123", "10.9.8.7", 0)
    assert audit_verify().ok


@postgresql_only
def test_the_queue_table_has_no_index() -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_index WHERE indrelid = %s::regclass",
            [PendingEvent._meta.db_table],
        )
        assert cursor.fetchone()[0] == 0


def test_a_field_too_long_fails_at_once_and_rolls_the_change_back() -> None:
    def change_with_bad_event() -> None:
        with transaction.atomic():
            WorkerHeartbeat.objects.create(name="dua", beat_at=timezone.now())
            audit_record(actor=None, action="x" * 81)

    with pytest.raises(ValueError, match="action is longer than 80"):
        change_with_bad_event()
    assert not WorkerHeartbeat.objects.filter(name="dua").exists()
    assert not PendingEvent.objects.exists()


@postgresql_only
def test_a_summary_the_database_refuses_fails_the_commit_not_the_sequencer() -> None:
    def change_with_bad_event() -> None:
        with transaction.atomic():
            WorkerHeartbeat.objects.create(name="tiga", beat_at=timezone.now())
            audit_record(actor=None, action="nul", summary={"teks": "a\x00b"})  # jsonb: no NUL

    with pytest.raises(DataError):
        change_with_bad_event()
    assert not WorkerHeartbeat.objects.filter(name="tiga").exists()
    assert not PendingEvent.objects.exists()
    audit_record(actor=None, action="sesudahnya")  # the log goes on
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["sesudahnya"]


def test_events_of_a_rolled_back_savepoint_are_gone() -> None:
    with transaction.atomic():
        audit_record(actor=None, action="tetap")
        try:
            with transaction.atomic():
                audit_record(actor=None, action="batal")
                raise ValueError
        except ValueError:
            pass
    assert list(AuditEvent.objects.values_list("action", flat=True)) == ["tetap"]


@postgresql_only
def test_audit_flush_sends_at_once() -> None:
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        audit_record(actor=None, action="segera")
        assert not any("pendingevent" in q["sql"] for q in captured.captured_queries)
        audit_flush()
        assert captured.captured_queries[-1]["sql"].startswith('INSERT INTO "audit_pendingevent"')
        assert PendingEvent.objects.filter(data__5="segera").exists()  # 5: action


def test_outside_a_transaction_the_insert_runs_at_once() -> None:
    audit_record(actor=None, action="autocommit")
    assert AuditEvent.objects.filter(action="autocommit").exists()


def test_numbers_are_hashed_as_the_database_keeps_them() -> None:
    """jsonb rewrites some numbers (1e20 → 100000000000000000000): the leaf must match."""
    audit_record(actor=None, action="angka", summary={"besar": 1e20, "pecahan": 0.1, "n": 10**30})
    audit_sequence()
    assert AuditEvent.objects.get(action="angka").summary == {
        "besar": 10**20,
        "pecahan": 0.1,
        "n": 10**30,
    }
    assert audit_verify().ok
