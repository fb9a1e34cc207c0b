"""Full verification of the audit log against its rows and its signed tree heads.

Streams every sequenced event in ``seq`` order, recomputes its leaf hash from the row, compares it
with the stored one, rebuilds the tree (``merkle.CompactRange``), checks each signed tree head
(signature and root) and the cached subtree hashes. Reports the FIRST problem precisely.
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

from layanan.audit import signing, tree
from layanan.audit.domain import EVENT_FIELDS, leaf_bytes, tree_head_bytes
from layanan.audit.merkle import CompactRange
from layanan.audit.models import AuditEvent, AuditNode, SignedTreeHead

CHUNK = 5000
SWAP_LOOKAHEAD = 10_000  # rows searched for the partner of a moved event
MAX_SWAP_FIELDS = 10


@dataclass
class VerifyResult:
    events: int = 0
    tree_heads: int = 0
    root: bytes = b""
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def ok(self) -> bool:
        return not self.problems


def _leaf(seq: int, row: Sequence[Any]) -> bytes:
    return hashlib.sha256(b"\x00" + leaf_bytes(seq, row)).digest()


def _swapped(
    a: tuple[int, bytes | None, tuple[Any, ...]], b: tuple[int, bytes | None, tuple[Any, ...]]
) -> bool:
    """Would the two rows match their stored hashes if their positions were exchanged?"""
    (sa, ha, ra), (sb, hb, rb) = a, b
    if ha is None or hb is None:
        return False
    # Rows (with their stored hashes) moved to each other's position …
    if _leaf(sb, ra) == ha and _leaf(sa, rb) == hb:
        return True
    # … or the rows moved but the stored hashes stayed in place …
    if _leaf(sb, ra) == hb and _leaf(sa, rb) == ha:
        return True
    # … or some columns were exchanged between the two rows (ids stayed): undo each subset.
    diff = [i for i in range(1, len(ra)) if ra[i] != rb[i]]
    if len(diff) > MAX_SWAP_FIELDS:
        return False
    for mask in range(1, 1 << len(diff)):
        xa, xb = list(ra), list(rb)
        for bit, i in enumerate(diff):
            if mask >> bit & 1:
                xa[i], xb[i] = rb[i], ra[i]
        if _leaf(sa, xa) == ha and _leaf(sb, xb) == hb:
            return True
    return False


def _describe(row: tuple[Any, ...], seq: int) -> str:
    return f"event #{row[0]} (seq {seq})"


def audit_verify(
    *, progress: Callable[[int, int, float], None] | None = None, every: int = 100_000
) -> VerifyResult:
    """Verify everything; ``progress(done, total, events_per_second)`` every ``every`` rows."""
    started = time.monotonic()
    result = VerifyResult()
    total = AuditEvent.objects.count()
    heads = list(
        SignedTreeHead.objects.order_by("tree_size", "id").values_list(
            "id", "tree_size", "root_hash", "timestamp_ms", "signature", "key_id"
        )
    )
    result.tree_heads = len(heads)
    problems = result.problems

    # 1. Signatures of the tree heads (independent of the events).
    current_key = signing.key_id()
    for sth_id, size, root, ts, sig, kid in heads:
        msg = tree_head_bytes(tree_size=size, timestamp_ms=ts, root_hash=bytes(root))
        if kid != current_key:
            problems.append(
                f"signed tree head #{sth_id} (size {size}): signed by unknown key {kid}"
            )
        elif not signing.verify(msg, bytes(sig)):
            problems.append(f"signed tree head #{sth_id} (size {size}): invalid signature (forged)")

    # 2. Stream the events.
    nodes: dict[tuple[int, int], bytes] = {}

    def on_node(level: int, index: int, h: bytes) -> None:
        if level % tree.STRIDE == 0:
            nodes[(level, index)] = h

    rng = CompactRange(on_node)
    head_i = 0
    while head_i < len(heads) and heads[head_i][1] == 0:
        head_i += 1  # an empty tree head's root is checked below with the rest
    first_event_problem: str | None = None
    suspect: tuple[int, bytes | None, tuple[Any, ...]] | None = None
    expected = 0
    broken_at: int | None = None  # tree can't be rebuilt past this size (a gap)
    sth_roots: dict[int, bytes] = {0: CompactRange().root()}
    wanted = {h[1] for h in heads}

    qs = (
        AuditEvent.objects.order_by("seq")
        .values_list("seq", "leaf_hash", *EVENT_FIELDS)
        .iterator(chunk_size=CHUNK)
    )
    push = rng.push
    for item in qs:
        seq = item[0]
        stored = item[1]
        row = item[2:]
        if seq != expected:
            if first_event_problem is None and suspect is None:
                if seq == expected + 1:
                    first_event_problem = f"sequence {expected} missing (deleted)"
                else:
                    first_event_problem = f"sequences {expected}–{seq - 1} missing (deleted)"
            if broken_at is None:
                broken_at = expected
            expected = seq
        computed = _leaf(seq, row)
        stored_b = bytes(stored) if stored is not None else None
        if computed != stored_b and first_event_problem is None:
            here = (seq, stored_b, tuple(row))
            if suspect is None:
                suspect = here
            elif _swapped(suspect, here):
                first_event_problem = (
                    f"events seq {suspect[0]} and {seq} swapped/reordered "
                    f"(event #{suspect[2][0]} and #{row[0]})"
                )
        if (
            suspect is not None
            and first_event_problem is None
            and seq - suspect[0] > SWAP_LOOKAHEAD
        ):
            first_event_problem = (
                f"{_describe(suspect[2], suspect[0])} modified: leaf hash mismatch"
            )
        if broken_at is None:
            push(computed)
            if rng.size in wanted:
                sth_roots[rng.size] = rng.root()
        expected += 1
        result.events += 1
        if progress is not None and result.events % every == 0:
            elapsed = time.monotonic() - started
            progress(result.events, total, result.events / elapsed if elapsed else 0.0)
    if suspect is not None and first_event_problem is None:
        first_event_problem = f"{_describe(suspect[2], suspect[0])} modified: leaf hash mismatch"
    if first_event_problem is not None:
        problems.insert(0, first_event_problem)
    result.root = rng.root()

    # 3. Roots of the tree heads.
    for sth_id, size, root, _ts, _sig, _kid in heads:
        if size > expected:
            problems.append(
                f"signed tree head #{sth_id} claims {size} events but the log has {expected} "
                "(events deleted from the end)"
            )
        elif size not in sth_roots:
            problems.append(
                f"signed tree head #{sth_id} (size {size}): cannot be checked, the log has a gap"
            )
        elif sth_roots[size] != bytes(root):
            problems.append(
                f"signed tree head #{sth_id} (size {size}): root mismatch — events before seq "
                f"{size} were changed after it was signed"
            )

    # 4. Cached subtree hashes (used to build proofs) must match the events.
    if broken_at is None and first_event_problem is None:
        stored_nodes = AuditNode.objects.values_list("level", "index", "hash").iterator(
            chunk_size=CHUNK
        )
        seen = 0
        for seen, (level, index, h) in enumerate(stored_nodes, start=1):  # noqa: B007
            if nodes.get((level, index)) != bytes(h):
                first = index << level
                problems.append(
                    f"cached subtree hash level {level} index {index} (seq {first}–"
                    f"{first + (1 << level) - 1}) does not match the events"
                )
                break
        else:
            if seen != len(nodes):
                problems.append(
                    f"cached subtree hashes missing: {len(nodes) - seen} of {len(nodes)}"
                )
    result.seconds = time.monotonic() - started
    return result
