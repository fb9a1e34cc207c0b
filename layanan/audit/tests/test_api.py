"""Public endpoints: JSON shapes and 4xx errors."""

from __future__ import annotations

import base64

import pytest

from layanan.audit import merkle, signing
from layanan.audit.domain import tree_head_bytes
from layanan.audit.services import tree_head_publish
from layanan.audit.tests.conftest import make_events

pytestmark = pytest.mark.django_db

BASE = "/api/v1/audit"


def test_tree_head_404_before_first_signature(client) -> None:
    r = client.get(f"{BASE}/tree-head")
    assert r.status_code == 404
    assert r.json()["code"] == "no_tree_head"
    assert r.json()["message"]


def test_tree_head_and_public_key(client) -> None:
    make_events(9)
    tree_head_publish()
    sth = client.get(f"{BASE}/tree-head").json()
    assert sth["tree_size"] == 9
    assert len(sth["root_hash"]) == 64
    assert base64.b64decode(sth["root_hash_base64"]).hex() == sth["root_hash"]
    assert sth["timestamp"].endswith("+00:00")
    key = client.get(f"{BASE}/public-key").json()
    assert key["algorithm"] == "Ed25519"
    assert key["key_id"] == sth["key_id"] == signing.key_id()
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

    pub = Ed25519PublicKey.from_public_bytes(base64.b64decode(key["public_key"]))
    pub.verify(
        base64.b64decode(sth["signature"]),
        tree_head_bytes(
            tree_size=9, timestamp_ms=sth["timestamp_ms"], root_hash=bytes.fromhex(sth["root_hash"])
        ),
    )
    heads = client.get(f"{BASE}/tree-heads").json()
    assert [h["tree_size"] for h in heads] == [9]


def test_inclusion_and_consistency(client) -> None:
    events = make_events(20)
    s1 = tree_head_publish()
    events += make_events(13)
    s2 = tree_head_publish()
    r = client.get(f"{BASE}/proofs/inclusion", {"event": events[5].pk})
    assert r.status_code == 200
    p = r.json()
    assert p["leaf_index"] == 5
    assert p["tree_size"] == 33
    assert p["tree_head"]["tree_size"] == 33
    assert p["leaf"] is None  # anonymous: hashes only
    assert merkle.verify_inclusion(
        5,
        33,
        bytes.fromhex(p["leaf_hash"]),
        [bytes.fromhex(h) for h in p["audit_path"]],
        bytes(s2.root_hash),
    )
    p20 = client.get(f"{BASE}/proofs/inclusion", {"event": events[5].pk, "tree_size": 20}).json()
    assert p20["tree_head"]["id"] == s1.pk
    assert p20["root_hash"] == bytes(s1.root_hash).hex()
    c = client.get(f"{BASE}/proofs/consistency", {"first": 20, "second": 33}).json()
    assert c["first_tree_head"]["id"] == s1.pk
    assert c["second_tree_head"]["id"] == s2.pk
    assert merkle.verify_consistency(
        20, 33, bytes(s1.root_hash), bytes(s2.root_hash), [bytes.fromhex(h) for h in c["proof"]]
    )
    c2 = client.get(f"{BASE}/proofs/consistency", {"first": 20}).json()
    assert c2["second"] == 33


@pytest.mark.parametrize(
    ("path", "params", "status", "code"),
    [
        ("/proofs/inclusion", {}, 400, "missing_parameter"),
        ("/proofs/inclusion", {"event": "abc"}, 400, "invalid_parameter"),
        ("/proofs/inclusion", {"event": "-1"}, 400, "invalid_parameter"),
        ("/proofs/inclusion", {"event": "999999"}, 404, "event_not_found"),
        ("/proofs/inclusion", {"event": "FIRST", "tree_size": "999"}, 400, "invalid_tree_size"),
        ("/proofs/inclusion", {"event": "LAST", "tree_size": "3"}, 400, "event_after_tree_size"),
        ("/proofs/consistency", {}, 400, "missing_parameter"),
        ("/proofs/consistency", {"first": "0", "second": "4"}, 400, "invalid_range"),
        ("/proofs/consistency", {"first": "5", "second": "4"}, 400, "invalid_range"),
        ("/proofs/consistency", {"first": "1", "second": "99"}, 400, "invalid_tree_size"),
        ("/proofs/consistency", {"first": "1.5"}, 400, "invalid_parameter"),
    ],
)
def test_bad_parameters(client, path, params, status, code) -> None:
    events = make_events(6)
    tree_head_publish()
    params = {
        k: {"FIRST": str(events[0].pk), "LAST": str(events[-1].pk)}.get(v, v)
        for k, v in params.items()
    }
    r = client.get(BASE + path, params, headers={"accept-language": "en"})
    assert r.status_code == status, r.content
    body = r.json()
    assert body["code"] == code
    assert body["message"]


def test_event_logged_after_the_latest_tree_head(client) -> None:
    make_events(2)
    tree_head_publish()
    (later,) = make_events(1)  # in the log, not yet under a signed tree head
    r = client.get(f"{BASE}/proofs/inclusion", {"event": later.pk})
    assert r.status_code == 400
    assert r.json()["code"] == "event_after_tree_size"
    tree_head_publish()
    r = client.get(f"{BASE}/proofs/inclusion", {"event": later.pk})
    assert r.status_code == 200
    assert r.json()["leaf_index"] == 2
