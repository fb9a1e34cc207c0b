"""The Merkle tree as stored in the database: leaf hashes on ``AuditEvent`` (by ``seq``) and
cached complete-subtree hashes in ``AuditNode`` at every ``STRIDE``-th level.

Any complete subtree hash is then at most ``2**(STRIDE-1)`` stored hashes away, so a root or a
proof over a tree of n leaves costs O(log n) rows, read in one query per level.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Iterable
from typing import Any, TypeVar

from layanan.audit import merkle
from layanan.audit.models import AuditEvent, AuditNode

STRIDE = 4  # store levels 4, 8, 12, …: about n/15 node rows for n leaves
FANOUT = 1 << STRIDE

T = TypeVar("T")


class LogCorrupt(Exception):
    """A hash the tree needs is missing from the database (run ``layanan audit verify``)."""


def base_level(level: int) -> int:
    return level - level % STRIDE


def _base_keys(level: int, index: int) -> Iterable[tuple[int, int]]:
    b = base_level(level)
    shift = level - b
    return ((b, j) for j in range(index << shift, (index + 1) << shift))


def fetch_hashes(keys: Iterable[tuple[int, int]]) -> dict[tuple[int, int], bytes]:
    by_level: dict[int, list[int]] = defaultdict(list)
    for level, index in keys:
        by_level[level].append(index)
    found: dict[tuple[int, int], bytes] = {}
    for level, indexes in by_level.items():
        rows: Any
        if level == 0:
            rows = AuditEvent.objects.filter(seq__in=indexes).values_list("seq", "leaf_hash")
        else:
            rows = AuditNode.objects.filter(level=level, index__in=indexes).values_list(
                "index", "hash"
            )
        for position, value in rows:
            if value is not None:
                found[(level, position)] = bytes(value)
    missing = {(lv, i) for lv, ixs in by_level.items() for i in ixs} - found.keys()
    if missing:
        level, index = min(missing)
        raise LogCorrupt(f"stored hash missing: level {level}, index {index}")
    return found


def with_subtrees(fn: Callable[[merkle.Subtree], T]) -> T:
    """Run ``fn(subtree)`` with hashes from the database, prefetched in one pass.

    The nodes a root or proof needs depend only on sizes, never on hash values, so a first dry
    run records them and the second run computes with the fetched hashes.
    """
    needed: set[tuple[int, int]] = set()
    dummy = bytes(32)

    def record(level: int, index: int) -> bytes:
        needed.update(_base_keys(level, index))
        return dummy

    fn(record)
    cache = fetch_hashes(needed)

    def subtree(level: int, index: int) -> bytes:
        b = base_level(level)
        return (
            merkle.complete_root([cache[k] for k in _base_keys(level, index)])
            if level != b
            else cache[(b, index)]
        )

    return fn(subtree)


def root_at(size: int) -> bytes:
    return with_subtrees(lambda sub: merkle.tree_root(size, sub))
