"""Many writers at once on PostgreSQL; events committed out of id order."""

from __future__ import annotations

import threading

import pytest
from django.db import connection, connections, transaction

from layanan.audit.models import AuditEvent
from layanan.audit.services import audit_flush, audit_record, audit_sequence
from layanan.audit.verification import audit_verify

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]


def test_concurrent_writers_give_a_dense_verifiable_log() -> None:
    threads_n, per_thread = 8, 25
    errors: list[BaseException] = []
    start = threading.Barrier(threads_n)

    def writer(t: int) -> None:
        try:
            start.wait()
            for i in range(per_thread):
                with transaction.atomic():
                    audit_record(actor=None, action="uji.konkuren", summary={"t": t, "i": i})
                    audit_record(actor=None, action="uji.konkuren2", summary={"t": t, "i": i})
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=writer, args=(t,)) for t in range(threads_n)]
    for th in threads:
        th.start()
    for th in threads:
        th.join()
    assert not errors
    audit_sequence()
    seqs = sorted(AuditEvent.objects.values_list("seq", flat=True))
    assert seqs == list(range(threads_n * per_thread * 2))
    result = audit_verify()
    assert result.ok, result.problems


def test_an_event_committed_late_is_appended_later() -> None:
    """Queued first (lower queue id) but committed last: appended after the one that committed."""
    queued = threading.Event()
    release = threading.Event()

    def slow_writer() -> None:
        try:
            with transaction.atomic():
                audit_record(actor=None, action="lambat")
                audit_flush()  # the row exists (uncommitted) before the fast writer runs
                queued.set()
                release.wait(10)
        finally:
            connections.close_all()

    th = threading.Thread(target=slow_writer)
    th.start()
    assert queued.wait(10)
    audit_record(actor=None, action="cepat")  # autocommit: committed (and sequenced) now
    audit_sequence()
    assert list(AuditEvent.objects.values_list("action", "seq")) == [("cepat", 0)]
    release.set()
    th.join()
    audit_sequence()
    logged = AuditEvent.objects.order_by("seq").values_list("action", "seq", "id")
    assert [(a, s) for a, s, _ in logged] == [("cepat", 0), ("lambat", 1)]
    assert [i for _, _, i in logged] == sorted(i for _, _, i in logged)
    assert audit_verify().ok
