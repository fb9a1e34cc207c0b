"""RFC 6962 hashing and proofs, checked against an independent implementation written here
straight from the RFC text (recursive MTH, PATH and SUBPROOF over the raw entries)."""

from __future__ import annotations

import hashlib

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layanan.audit import merkle
from layanan.audit.domain import tree_head_bytes

# --- independent reference (RFC 6962 §2.1) --------------------------------------------------


def sha(b: bytes) -> bytes:
    return hashlib.sha256(b).digest()


def k_of(n: int) -> int:
    k = 1
    while k * 2 < n:
        k *= 2
    return k


def MTH(d: list[bytes]) -> bytes:
    if len(d) == 0:
        return sha(b"")
    if len(d) == 1:
        return sha(b"\x00" + d[0])
    k = k_of(len(d))
    return sha(b"\x01" + MTH(d[:k]) + MTH(d[k:]))


def PATH(m: int, d: list[bytes]) -> list[bytes]:
    if len(d) == 1:
        return []
    k = k_of(len(d))
    if m < k:
        return [*PATH(m, d[:k]), MTH(d[k:])]
    return [*PATH(m - k, d[k:]), MTH(d[:k])]


def SUBPROOF(m: int, d: list[bytes], b: bool) -> list[bytes]:
    n = len(d)
    if m == n:
        return [] if b else [MTH(d)]
    k = k_of(n)
    if m <= k:
        return [*SUBPROOF(m, d[:k], b), MTH(d[k:])]
    return [*SUBPROOF(m - k, d[k:], False), MTH(d[:k])]


def PROOF(m: int, d: list[bytes]) -> list[bytes]:
    return SUBPROOF(m, d, True)


# --- helpers ---------------------------------------------------------------------------------


def entries(n: int) -> list[bytes]:
    return [f"entry {i}".encode() for i in range(n)]


def subtree_fn(data: list[bytes]):
    leaves = [merkle.leaf_hash(x) for x in data]

    def subtree(level: int, index: int) -> bytes:
        chunk = leaves[index << level : (index + 1) << level]
        assert len(chunk) == 1 << level, "asked for an incomplete subtree"
        return merkle.complete_root(chunk)

    return subtree


# --- tests -----------------------------------------------------------------------------------


def test_known_vectors() -> None:
    assert merkle.EMPTY_ROOT.hex() == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"
    )
    # RFC 6962 leaf of the empty string
    assert merkle.leaf_hash(b"").hex() == (
        "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d"
    )


@settings(max_examples=150, deadline=None)
@given(n=st.integers(min_value=0, max_value=300))
def test_root_matches_reference_and_compact_range(n: int) -> None:
    data = entries(n)
    expected = MTH(data)
    assert merkle.tree_root(n, subtree_fn(data)) == expected
    rng = merkle.CompactRange()
    for x in data:
        rng.push(merkle.leaf_hash(x))
    assert rng.root() == expected


@settings(max_examples=150, deadline=None)
@given(data=st.data(), n=st.integers(min_value=1, max_value=300))
def test_inclusion_proofs(data: st.DataObject, n: int) -> None:
    d = entries(n)
    m = data.draw(st.integers(min_value=0, max_value=n - 1))
    sub = subtree_fn(d)
    path = merkle.inclusion_path(m, n, sub)
    assert path == PATH(m, d)
    root = MTH(d)
    leaf = merkle.leaf_hash(d[m])
    assert merkle.verify_inclusion(m, n, leaf, path, root)
    assert not merkle.verify_inclusion(m, n, merkle.leaf_hash(b"other"), path, root)
    if path:
        bad = [*path[:-1], bytes(32)]
        assert not merkle.verify_inclusion(m, n, leaf, bad, root)
        assert not merkle.verify_inclusion(m, n, leaf, path[:-1], root)
    if n > 1:
        assert (
            not merkle.verify_inclusion((m + 1) % n, n, leaf, path, root) or d[m] == d[(m + 1) % n]
        )


@settings(max_examples=150, deadline=None)
@given(data=st.data(), n=st.integers(min_value=1, max_value=300))
def test_consistency_proofs(data: st.DataObject, n: int) -> None:
    d = entries(n)
    m = data.draw(st.integers(min_value=1, max_value=n))
    proof = merkle.consistency_proof(m, n, subtree_fn(d))
    assert proof == PROOF(m, d)
    old, new = MTH(d[:m]), MTH(d)
    assert merkle.verify_consistency(m, n, old, new, proof)
    if m < n:
        assert not merkle.verify_consistency(m, n, MTH([*entries(m - 1), b"x"]), new, proof)
        assert not merkle.verify_consistency(m, n, old, sha(b"x"), proof)
        assert not merkle.verify_consistency(m, n, old, new, proof[:-1])


def test_compact_range_reports_complete_subtrees() -> None:
    seen: dict[tuple[int, int], bytes] = {}
    rng = merkle.CompactRange(lambda lv, i, h: seen.__setitem__((lv, i), h))
    d = entries(40)
    for x in d:
        rng.push(merkle.leaf_hash(x))
    assert seen[(4, 1)] == MTH(d[16:32])
    assert seen[(5, 0)] == MTH(d[:32])
    assert (4, 2) not in seen


def test_matches_pymerkle() -> None:
    """A second, outside implementation (pymerkle, RFC 9162 mode) agrees on roots."""
    from pymerkle import InmemoryTree

    t = InmemoryTree(algorithm="sha256")
    d = entries(77)
    for i, x in enumerate(d, start=1):
        t.append_entry(x)
        assert t.get_root() == merkle.tree_root(i, subtree_fn(d[:i]))


def test_tree_head_bytes_layout() -> None:
    b = tree_head_bytes(tree_size=5, timestamp_ms=0x0102030405060708, root_hash=b"\xaa" * 32)
    assert b[:2] == b"\x00\x01"
    assert b[2:10] == bytes.fromhex("0102030405060708")
    assert b[10:18] == (5).to_bytes(8, "big")
    assert b[18:] == b"\xaa" * 32
    with pytest.raises(ValueError):
        tree_head_bytes(tree_size=1, timestamp_ms=1, root_hash=b"short")


def test_bad_ranges() -> None:
    sub = subtree_fn(entries(4))
    with pytest.raises(ValueError):
        merkle.inclusion_path(4, 4, sub)
    with pytest.raises(ValueError):
        merkle.consistency_proof(0, 4, sub)
    assert merkle.verify_consistency(0, 4, merkle.EMPTY_ROOT, MTH(entries(4)), [])
    assert not merkle.verify_consistency(3, 2, b"", b"", [])
