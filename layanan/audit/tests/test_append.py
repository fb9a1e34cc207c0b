"""The audit INSERT rides with the COMMIT on PostgreSQL (ADR 0034) and keeps every guarantee."""

from __future__ import annotations

import pytest
from django.db import DataError, connection, transaction
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from layanan.audit.models import AuditEvent
from layanan.audit.services import audit_flush, audit_record
from layanan.audit.verification import audit_verify
from layanan.core.models import WorkerHeartbeat

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_event_and_change_commit_in_one_message() -> None:
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        WorkerHeartbeat.objects.create(name="satu", beat_at=timezone.now())  # the "change"
        event = audit_record(actor=None, action="uji.bersama", summary={"a": 1})
        assert event.pk is None  # waits for the transaction's next statement
    assert event.pk is not None
    commit = next(q["sql"] for q in captured.captured_queries if q["sql"].endswith("COMMIT"))
    assert commit.startswith('INSERT INTO "audit_auditevent"')
    stored = AuditEvent.objects.get(pk=event.pk)
    assert stored.action == "uji.bersama"
    assert stored.summary == {"a": 1}
    assert stored.seq is not None  # the after-commit sequencer ran (immediate huey in tests)
    assert audit_verify().ok


def test_a_failing_event_insert_rolls_the_change_back() -> None:
    def change_with_bad_event() -> None:
        with transaction.atomic():
            WorkerHeartbeat.objects.create(name="dua", beat_at=timezone.now())
            audit_record(actor=None, action="x" * 200)  # too long for the column: fails on COMMIT

    with pytest.raises(DataError):
        change_with_bad_event()
    assert not WorkerHeartbeat.objects.filter(name="dua").exists()
    assert not AuditEvent.objects.exists()


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


def test_audit_flush_sends_at_once_and_sets_the_pk() -> None:
    with transaction.atomic():
        event = audit_record(actor=None, action="segera")
        audit_flush()
        assert event.pk is not None
        assert AuditEvent.objects.filter(pk=event.pk, action="segera").exists()


def test_outside_a_transaction_the_insert_runs_at_once() -> None:
    event = audit_record(actor=None, action="autocommit")
    assert event.pk is not None
    assert AuditEvent.objects.filter(pk=event.pk).exists()
