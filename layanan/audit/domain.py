"""Pure rules of the audit log: the leaf serialisation and the signed tree-head bytes.

Both formats are public (docs/audit-log.md) so that anyone can verify the log; changing them
needs a new ``LEAF_FORMAT_VERSION``. Standard library only (``verify_remote`` imports this).
"""

from __future__ import annotations

import datetime as dt
import json
import struct
from collections.abc import Iterable, Sequence
from typing import Any

LEAF_FORMAT_VERSION = 1

# Columns of an event that go into its leaf, in the order the sequencer and the verifier read
# them (``values_list(*EVENT_FIELDS)``). JSON keys are the names below (``id`` → ``event_id``).
EVENT_FIELDS = (
    "id",
    "occurred_at",
    "actor_id",
    "actor_label",
    "role",
    "unit_slug",
    "action",
    "object_type",
    "object_id",
    "subject_user_id",
    "summary",
    "request_id",
    "ip",
)

_UTC = dt.UTC
_ZERO = dt.timedelta(0)
_dumps = json.JSONEncoder(
    sort_keys=True, separators=(",", ":"), ensure_ascii=False, allow_nan=False
).encode


# The queued form of an event (``PendingEvent.data``): a compact JSON array of the values of
# QUEUED_FIELDS in that order (the fields of ``EVENT_FIELDS`` but ``id``, which the sequencer
# gives), time as ISO 8601 text. Internal, not one of the public formats.
QUEUED_FIELDS = EVENT_FIELDS[1:]
_queue_dumps = json.JSONEncoder(separators=(",", ":"), ensure_ascii=False, allow_nan=False).encode


def queued_event(values: Sequence[Any], text_limits: Iterable[tuple[int, int]]) -> str:
    """The event ``values`` (QUEUED_FIELDS order) as queued JSON.

    ``text_limits`` holds (index, maximum length) of the text fields: a longer value raises
    ValueError here, when the service records the event, because once queued the event must be
    accepted into the log as it is. (The database checks the JSON itself on INSERT.)
    """
    for index, limit in text_limits:
        if len(values[index]) > limit:
            name = QUEUED_FIELDS[index]
            raise ValueError(f"audit event: {name} is longer than {limit} characters")
    return _queue_dumps(values)


def format_time(value: dt.datetime) -> str:
    """UTC, always with microseconds: ``2026-11-22T10:06:00.000000+00:00``."""
    if value.utcoffset() != _ZERO:
        value = value.astimezone(_UTC)
    return value.replace(tzinfo=_UTC).isoformat(timespec="microseconds")


def leaf_dict(seq: int, row: Sequence[Any]) -> dict[str, Any]:
    """The JSON object hashed for the event ``row`` (values in ``EVENT_FIELDS`` order)."""
    (
        event_id,
        occurred_at,
        actor_id,
        actor_label,
        role,
        unit_slug,
        action,
        object_type,
        object_id,
        subject_id,
        summary,
        request_id,
        ip,
    ) = row
    return {
        "v": LEAF_FORMAT_VERSION,
        "seq": seq,
        "event_id": event_id,
        "occurred_at": format_time(occurred_at),
        "actor_id": actor_id,
        "actor_label": actor_label,
        "role": role,
        "unit": unit_slug,
        "action": action,
        "object_type": object_type,
        "object_id": object_id,
        "subject_id": subject_id,
        "summary": summary,
        "request_id": request_id,
        "ip": ip,
    }


def leaf_bytes(seq: int, row: Sequence[Any]) -> bytes:
    """Canonical leaf bytes: sorted-key JSON, no whitespace, UTF-8 (see docs/audit-log.md)."""
    return _dumps(leaf_dict(seq, row)).encode("utf-8")


def tree_head_bytes(*, tree_size: int, timestamp_ms: int, root_hash: bytes) -> bytes:
    """RFC 6962 §3.5 ``TreeHeadSignature``: version v1 (0), signature_type tree_hash (1),
    uint64 timestamp (ms since the Unix epoch), uint64 tree_size, 32-byte root; big-endian."""
    if len(root_hash) != 32:
        raise ValueError("root hash must be 32 bytes")
    return struct.pack(">BBQQ", 0, 1, timestamp_ms, tree_size) + root_hash
