"""The log on the real database: sequencing, stored-hash proofs, tampering, signatures."""

from __future__ import annotations

import datetime as dt
import io
import json

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from django.core.management import call_command
from django.db import transaction
from django.utils import timezone

from layanan.audit import merkle, signing
from layanan.audit.domain import EVENT_FIELDS, QUEUED_FIELDS, leaf_bytes, tree_head_bytes
from layanan.audit.models import AuditEvent, AuditNode, PendingEvent, SignedTreeHead
from layanan.audit.selectors import consistency_proof_get, inclusion_proof_get
from layanan.audit.services import audit_record, audit_sequence, tree_head_publish
from layanan.audit.tests.conftest import make_events, record_logged, sql, verify_error
from layanan.audit.tests.test_merkle import MTH, PATH, PROOF
from layanan.audit.verification import audit_verify

pytestmark = pytest.mark.django_db


def leaves_from_rows() -> list[bytes]:
    rows = AuditEvent.objects.order_by("seq").values_list("seq", *EVENT_FIELDS)
    return [leaf_bytes(r[0], r[1:]) for r in rows]


def test_audit_record_only_queues_then_sequencer_appends_densely() -> None:
    with transaction.atomic():
        assert audit_record(actor=None, action="a.b", summary={"x": 1}) is None
    assert not AuditEvent.objects.exists()  # queued, not in the log yet
    (queued,) = PendingEvent.objects.values_list("data", flat=True)
    fields = dict(zip(QUEUED_FIELDS, queued, strict=True))
    assert (fields["action"], fields["summary"], fields["actor_label"]) == (
        "a.b",
        {"x": 1},
        "system",
    )
    assert audit_sequence() == 1
    assert not PendingEvent.objects.exists()
    make_events(40)
    seqs = list(AuditEvent.objects.order_by("id").values_list("seq", flat=True))
    assert seqs == list(range(41))
    assert audit_sequence() == 0


def test_leaf_format_is_the_documented_one() -> None:
    e = record_logged(actor=None, action="dok.uji", summary={"b": 2, "a": "é"}, unit_slug="u1")
    when = e.occurred_at.astimezone(dt.UTC).isoformat(timespec="microseconds")
    expected = (
        '{"action":"dok.uji","actor_id":null,"actor_label":"system",'
        f'"event_id":{e.pk},"ip":null,'
        f'"object_id":"","object_type":"","occurred_at":"{when}","request_id":"","role":"",'
        '"seq":0,"subject_id":null,"summary":{"a":"é","b":2},"unit":"u1","v":1}'
    )
    assert leaves_from_rows()[0] == expected.encode("utf-8")
    assert bytes(e.leaf_hash) == merkle.leaf_hash(expected.encode("utf-8"))


def test_proofs_from_stored_nodes_match_reference() -> None:
    make_events(300)  # several batches of cached nodes (levels 4 and 8)
    assert AuditNode.objects.filter(level=4).count() == 300 // 16
    assert AuditNode.objects.filter(level=8).count() == 1
    d = leaves_from_rows()
    sth = tree_head_publish()
    assert sth is not None
    assert bytes(sth.root_hash) == MTH(d)
    for event in AuditEvent.objects.filter(seq__in=[0, 1, 15, 16, 17, 255, 256, 299]):
        p = inclusion_proof_get(event_id=event.pk)
        assert p.audit_path == PATH(event.seq, d)
        for size in (event.seq + 1, 257, 300):
            if size > event.seq:
                q = inclusion_proof_get(event_id=event.pk, tree_size=size)
                assert q.audit_path == PATH(event.seq, d[:size])
                assert q.root_hash == MTH(d[:size])
    for first, second in [(1, 300), (16, 300), (17, 256), (255, 257), (299, 300), (300, 300)]:
        c = consistency_proof_get(first=first, second=second)
        assert c.proof == PROOF(first, d[:second])


def test_sequencing_in_small_batches_builds_same_nodes() -> None:
    for i in range(70):
        audit_record(actor=None, action="x", summary={"i": i})
        if i % 9 == 0:
            audit_sequence(batch_size=5)
    audit_sequence(batch_size=3)
    d = leaves_from_rows()
    nodes = {
        (lv, ix): bytes(h) for lv, ix, h in AuditNode.objects.values_list("level", "index", "hash")
    }
    assert nodes == {(4, i): MTH(d[16 * i : 16 * i + 16]) for i in range(4)}


def test_verify_passes_and_prints_progress() -> None:
    make_events(50)
    tree_head_publish()
    make_events(10)
    tree_head_publish()
    out = io.StringIO()
    call_command("audit", "verify", stdout=out)
    assert "OK: 60 events and 2 signed tree head(s) verified" in out.getvalue()


def test_modified_summary_is_named() -> None:
    events = make_events(30)
    tree_head_publish()
    victim = events[12]
    sql("UPDATE {t} SET summary = %s WHERE id = %s", [json.dumps({"i": 999}), victim.pk])
    assert f"event #{victim.pk} (seq 12) modified: leaf hash mismatch" in verify_error()


def test_deleted_row_is_named() -> None:
    events = make_events(30)
    tree_head_publish()
    sql("DELETE FROM {t} WHERE id = %s", [events[7].pk])
    assert "sequence 7 missing (deleted)" in verify_error()


def test_swapped_contents_are_named() -> None:
    events = make_events(30)
    a, b = events[10], events[11]
    sql("UPDATE {t} SET action = %s WHERE id = %s", [b.action, a.pk])
    sql("UPDATE {t} SET action = %s WHERE id = %s", [a.action, b.pk])
    sql("UPDATE {t} SET summary = %s WHERE id = %s", [json.dumps(b.summary), a.pk])
    sql("UPDATE {t} SET summary = %s WHERE id = %s", [json.dumps(a.summary), b.pk])
    assert "events seq 10 and 11 swapped/reordered" in verify_error()


def test_reordered_rows_are_named() -> None:
    make_events(30)
    sql("UPDATE {t} SET seq = -1 WHERE seq = 20")
    sql("UPDATE {t} SET seq = 20 WHERE seq = 25")
    sql("UPDATE {t} SET seq = 25 WHERE seq = -1")
    assert "events seq 20 and 25 swapped/reordered" in verify_error()


def test_rewrite_with_recomputed_leaf_is_caught_by_signed_root() -> None:
    events = make_events(40)
    sth = tree_head_publish()
    victim = events[3]
    sql("UPDATE {t} SET summary = %s WHERE id = %s", [json.dumps({"forged": True}), victim.pk])
    row = AuditEvent.objects.filter(pk=victim.pk).values_list("seq", *EVENT_FIELDS).get()
    new_leaf = merkle.leaf_hash(leaf_bytes(row[0], row[1:]))
    AuditEvent.objects.filter(pk=victim.pk).update(leaf_hash=new_leaf)
    error = verify_error()
    assert f"signed tree head #{sth.pk} (size 40): root mismatch" in error


def test_deleted_tail_is_caught_by_tree_head() -> None:
    make_events(20)
    sth = tree_head_publish()
    sql("DELETE FROM {t} WHERE seq >= 18")
    assert f"signed tree head #{sth.pk} claims 20 events but the log has 18" in verify_error()


def test_forged_tree_head_is_detected() -> None:
    make_events(10)
    sth = tree_head_publish()
    SignedTreeHead.objects.filter(pk=sth.pk).update(root_hash=b"\x11" * 32)
    assert "invalid signature (forged)" in verify_error()


def test_tree_head_signed_by_other_key_is_detected() -> None:
    make_events(5)
    root = MTH(leaves_from_rows())
    other = Ed25519PrivateKey.generate()
    msg = tree_head_bytes(tree_size=5, timestamp_ms=1, root_hash=root)
    sth = SignedTreeHead.objects.create(
        tree_size=5,
        root_hash=root,
        timestamp_ms=1,
        signature=other.sign(msg),
        key_id=signing.key_id_for(other.public_key()),
    )
    assert f"signed tree head #{sth.pk} (size 5): signed by unknown key" in verify_error()


def test_signature_verifies_with_published_key() -> None:
    make_events(3)
    sth = tree_head_publish()
    msg = tree_head_bytes(
        tree_size=sth.tree_size, timestamp_ms=sth.timestamp_ms, root_hash=bytes(sth.root_hash)
    )
    signing.public_key().verify(bytes(sth.signature), msg)
    assert not signing.verify(msg[:-1] + b"\x00", bytes(sth.signature))


def test_sign_only_when_new_events() -> None:
    make_events(3)
    out = io.StringIO()
    call_command("audit", "sign", stdout=out)
    assert "size 3" in out.getvalue()
    call_command("audit", "sign", stdout=out)
    assert "nothing signed" in out.getvalue()
    assert tree_head_publish() is None
    assert tree_head_publish(force=True) is not None
    assert SignedTreeHead.objects.count() == 2


def test_consistency_between_two_published_tree_heads() -> None:
    make_events(21)
    s1 = tree_head_publish()
    make_events(44)
    s2 = tree_head_publish()
    c = consistency_proof_get(first=s1.tree_size, second=s2.tree_size)
    assert merkle.verify_consistency(
        s1.tree_size, s2.tree_size, bytes(s1.root_hash), bytes(s2.root_hash), c.proof
    )


def test_corrupted_node_cache_is_reported() -> None:
    make_events(40)
    AuditNode.objects.filter(level=4, index=1).update(hash=b"\x00" * 32)
    assert "cached subtree hash level 4 index 1 (seq 16–31)" in verify_error()


def test_sequence_command() -> None:
    audit_record(actor=None, action="x")
    out = io.StringIO()
    call_command("audit", "sequence", stdout=out)
    assert "sequenced" in out.getvalue()
    call_command("audit", "public-key", stdout=out)
    assert signing.key_id() in out.getvalue()


def test_a_backlog_is_sequenced_in_batches() -> None:
    for i in range(40):
        audit_record(actor=None, action=f"antre.{i}", summary={"i": i})
    assert PendingEvent.objects.count() == 40  # a test transaction: nothing sequenced yet
    assert audit_sequence(batch_size=7) == 40
    assert not PendingEvent.objects.exists()
    logged = list(AuditEvent.objects.order_by("seq").values_list("seq", "action"))
    assert [s for s, _ in logged] == list(range(40))
    assert sorted(a for _, a in logged) == sorted(f"antre.{i}" for i in range(40))
    assert audit_verify().ok


def test_every_field_reaches_the_log_as_recorded() -> None:
    from layanan.accounts.models import User
    from layanan.core.context import RequestContext, reset_request, set_request

    officer = User.objects.create_user("petugas", email="petugas@contoh.id", password="x")
    citizen = User.objects.create_user("warga", email="warga@contoh.id", password="x")
    token = set_request(RequestContext("req42", "2001:DB8::7"))
    try:
        audit_record(
            actor=officer,
            action="uji.lengkap",
            obj=citizen,
            summary={"k": "v", "daftar": [1, 2.5, None, True]},
            role="operator",
            unit_slug="dukcapil",
            subject=citizen,
        )
    finally:
        reset_request(token)
    audit_sequence()
    e = AuditEvent.objects.get(action="uji.lengkap")
    assert (
        e.actor_id,
        e.actor_label,
        e.role,
        e.unit_slug,
        e.object_type,
        e.object_id,
        e.subject_user_id,
        e.summary,
        e.request_id,
        e.ip,
    ) == (
        officer.pk,
        str(officer),
        "operator",
        "dukcapil",
        "accounts.user",
        str(citizen.pk),
        citizen.pk,
        {"k": "v", "daftar": [1, 2.5, None, True]},
        "req42",
        "2001:db8::7",
    )
    assert abs((timezone.now() - e.occurred_at).total_seconds()) < 60
    assert audit_verify().ok
