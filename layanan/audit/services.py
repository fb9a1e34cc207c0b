"""Writes to the audit log.

Every state-changing service calls :func:`audit_record` inside its own transaction, so the event
and the change commit (or roll back) together. ``audit_record`` only queues the event: one
INSERT of a JSON row into :class:`PendingEvent`, a table with no index, and on PostgreSQL that
INSERT rides with the transaction's COMMIT (ADR 0034, 0035). No hashing, no shared lock, so
writers never queue behind each other. The sequencer (:func:`audit_sequence`, run by a task
after commit, periodically and by ``layanan audit``) moves committed events into the Merkle log
under one lock; :func:`tree_head_publish` signs the root. Design: docs/adr/0031-audit-sequencer.md,
0035; formats: docs/audit-log.md.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
import threading
import time
from typing import Any

from django.db import IntegrityError, connection, connections, models, router, transaction
from django.db.models import Max
from django.utils import timezone
from psycopg.types.json import Jsonb

from layanan.audit import merkle, signing, tree
from layanan.audit.domain import QUEUED_FIELDS, leaf_bytes, queued_event, tree_head_bytes
from layanan.audit.models import AuditEvent, AuditLogState, AuditNode, PendingEvent, SignedTreeHead
from layanan.core.context import current_request

logger = logging.getLogger(__name__)

SEQUENCE_BATCH = 5000

# (index in QUEUED_FIELDS, column width) of the text fields: checked when an event is recorded,
# so that the sequencer never meets an event the log table would refuse.
TEXT_LIMITS = tuple(
    (QUEUED_FIELDS.index(f.attname), f.max_length)
    for f in AuditEvent._meta.concrete_fields
    if f.attname in QUEUED_FIELDS and f.get_internal_type() == "CharField" and f.max_length
)


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    summary: dict[str, Any] | None = None,
    role: str = "",
    unit_slug: str = "",
    subject: Any = None,
) -> None:
    """Record that ``actor`` did ``action`` to ``obj``. ``summary`` must hold no secrets.

    ``subject`` is the citizen (user) the record belongs to, so they can see the event later.
    The event is queued in the caller's transaction (one INSERT, riding with the COMMIT on
    PostgreSQL) plus, once per transaction, an after-commit hook; the sequencer appends it to
    the log about a second after the commit and only then gives it its id (ADR 0035). Raises
    ValueError for a field too long for the log and TypeError for a summary that is not JSON.
    """
    ctx = current_request()
    user_id = (
        actor.pk
        if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False)
        else None
    )
    data = queued_event(
        (  # QUEUED_FIELDS order
            timezone.now().isoformat(),
            user_id,
            (str(actor) if actor is not None else "system")[:200],
            role,
            unit_slug,
            action,
            obj._meta.label_lower if obj is not None else "",
            str(obj.pk) if obj is not None else "",
            subject.pk if getattr(subject, "pk", None) else None,
            summary or {},
            ctx.request_id if ctx else "",
            ctx.ip if ctx else None,
        ),
        TEXT_LIMITS,
    )
    _sequence_after_commit(_enqueue(data))


_enqueue_sql: dict[str, str] = {}


def _enqueue(data: str) -> Any:
    """INSERT the queued event, deferred to ride with the COMMIT where possible (ADR 0034);
    returns the connection it went to."""
    alias = router.db_for_write(PendingEvent)
    conn = connections[alias]
    sql = _enqueue_sql.get(alias)
    if sql is None:
        qn = conn.ops.quote_name
        table, column = (
            qn(PendingEvent._meta.db_table),
            qn(PendingEvent._meta.get_field("data").column),
        )
        sql = _enqueue_sql[alias] = f"INSERT INTO {table} ({column}) VALUES (%s)"  # noqa: S608
    defer = getattr(conn, "defer", None)
    if defer is None or not defer(sql, (data,)):
        with conn.cursor() as cursor:
            cursor.execute(sql, [data])
    return conn


def audit_flush(using: str | None = None) -> None:
    """Send queued events still waiting for their transaction's next statement (PostgreSQL)."""
    conn = connections[using or router.db_for_write(PendingEvent)]
    send = getattr(conn, "send_deferred", None)
    if send is not None:
        send()


# After-commit trigger, debounced per process: at most one sequencer run scheduled per second,
# one second ahead, so it covers every event this process commits meanwhile (and a busy process
# pushes one queue message per second instead of one per write). Only a rate limit, not state
# anything relies on: the periodic run catches whatever a trigger missed.
SEQUENCE_TRIGGER_SECONDS = 1.0
_trigger_lock = threading.Lock()
_last_trigger = -SEQUENCE_TRIGGER_SECONDS


def _sequence_soon() -> None:
    global _last_trigger
    from layanan.audit.tasks import HUEY, audit_sequence_task  # tasks import this module

    if HUEY.immediate:  # tests and scripts: sequence right away
        audit_sequence_task()
        return
    now = time.monotonic()
    if now - _last_trigger < SEQUENCE_TRIGGER_SECONDS:  # the common case: no lock needed
        return
    with _trigger_lock:
        if now - _last_trigger < SEQUENCE_TRIGGER_SECONDS:
            return
        _last_trigger = now
    audit_sequence_task.schedule(delay=SEQUENCE_TRIGGER_SECONDS)


def _sequence_after_commit(conn: Any) -> None:
    """Ask the worker to sequence once per transaction on ``conn``, after it commits (never
    blocks; outside a transaction at once)."""
    if conn.in_atomic_block and any(entry[1] is _sequence_soon for entry in conn.run_on_commit):
        return
    conn.on_commit(_sequence_soon, robust=True)


# --- the sequencer ---------------------------------------------------------------------------


def _lock_state(*, wait: bool) -> AuditLogState | None:
    """Lock the single state row (created on first use); None if busy and ``wait`` is False."""
    qs = AuditLogState.objects.select_for_update(skip_locked=not wait).filter(pk=1)
    state = qs.first()
    if state is None and not AuditLogState.objects.filter(pk=1).exists():
        last = AuditEvent.objects.aggregate(m=Max("seq"))["m"]
        try:
            with transaction.atomic():
                AuditLogState.objects.create(pk=1, tree_size=0 if last is None else last + 1)
        except IntegrityError:
            pass
        state = qs.first()
    return state


# The queued JSON array as the log table's columns, cast by PostgreSQL (summary stays jsonb).
_QUEUED_CASTS = {
    "occurred_at": "timestamptz",
    "actor_id": "bigint",
    "subject_user_id": "bigint",
    "ip": "inet",
}
_SUMMARY = QUEUED_FIELDS.index("summary")
_QUEUED_COLUMNS = ", ".join(
    f"data->{i}" if name == "summary" else f"(data->>{i})::{_QUEUED_CASTS.get(name, 'text')}"
    for i, name in enumerate(QUEUED_FIELDS)
)


def _take_queued(limit: int, after: Any) -> tuple[list[tuple[Any, ...]], Any]:
    """Remove up to ``limit`` committed events from the queue; their field values in
    ``QUEUED_FIELDS`` order, typed as the log table stores them, and where the next batch starts.

    ``after`` is None for the first batch of a run, then what the previous call returned. The
    queue has no index (writers would pay for it), so on PostgreSQL a batch is the next
    ``limit`` rows in physical order from the block where the last batch ended (a TID range
    scan), in queue (id) order within the batch: a long backlog is read once, not once per
    batch. The values are cast by the database itself (``timestamptz``, ``inet``, the ``jsonb``
    summary as the server prints it), so the leaf hashed now is the leaf ``audit verify`` reads
    back later. Runs inside the sequencer's transaction: rolled back, the events stay queued.
    """
    qn = connection.ops.quote_name
    table = qn(PendingEvent._meta.db_table)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"""WITH taken AS (
                    DELETE FROM {table}
                    WHERE ctid = ANY(ARRAY(
                        SELECT ctid FROM {table} WHERE ctid >= %s::tid LIMIT %s
                    ))
                    RETURNING id, data, ctid
                )
                SELECT {_QUEUED_COLUMNS},
                       (ctid::text::point)[0]::bigint  -- the block number of "(block,item)"
                FROM taken ORDER BY id""",  # noqa: S608  (identifiers from the model)
                [after or "(0,0)", limit],
            )
            taken = cursor.fetchall()
            n, k = len(QUEUED_FIELDS), _SUMMARY  # the jsonb summary arrives as text
            rows = [(*r[:k], json.loads(r[k]), *r[k + 1 : n]) for r in taken]
            return rows, f"({max((r[n] for r in taken), default=0)},0)"
        cursor.execute(
            f"SELECT id, data FROM {table} WHERE id > %s ORDER BY id LIMIT %s",  # noqa: S608
            [after or 0, limit],
        )
        found = cursor.fetchall()
        if found:
            marks = ", ".join(["%s"] * len(found))
            cursor.execute(
                f"DELETE FROM {table} WHERE id IN ({marks})",  # noqa: S608
                [row[0] for row in found],
            )
    rows = []
    for _id, data in found:
        occurred_at, *rest = json.loads(data)
        rows.append((dt.datetime.fromisoformat(occurred_at), *rest))
    return rows, found[-1][0] if found else after


# Columns of the log table in the order _store_events writes them.
_STORED_COLUMNS = ("id", "seq", "leaf_hash", *QUEUED_FIELDS)


def _store_events(
    first_id: int, first_seq: int, rows: list[tuple[Any, ...]], hashes: list[bytes]
) -> None:
    """Write the events ``rows`` (``QUEUED_FIELDS`` order) with ids, positions and leaf hashes.

    PostgreSQL: one ``COPY`` (an ORM ``bulk_create`` of a 5,000-event batch costs the sequencer
    about five times more, mostly in building and parsing the statement).
    """
    if connection.vendor != "postgresql":
        AuditEvent.objects.bulk_create(
            [
                AuditEvent(
                    id=first_id + i,
                    seq=first_seq + i,
                    leaf_hash=h,
                    **dict(zip(QUEUED_FIELDS, values, strict=True)),
                )
                for i, (values, h) in enumerate(zip(rows, hashes, strict=True))
            ],
            batch_size=500,
        )
        return
    columns = {f.attname: f.column for f in AuditEvent._meta.concrete_fields}
    qn = connection.ops.quote_name
    names = ", ".join(qn(columns[name]) for name in _STORED_COLUMNS)
    copy_sql = f"COPY {qn(AuditEvent._meta.db_table)} ({names}) FROM STDIN"
    # the psycopg cursor: COPY has no Django wrapper
    with connection.cursor() as cursor, cursor.cursor.copy(copy_sql) as copy:
        for i, (values, h) in enumerate(zip(rows, hashes, strict=True)):
            row = list(values)
            row[_SUMMARY] = Jsonb(row[_SUMMARY])
            copy.write_row((first_id + i, first_seq + i, h, *row))


def _store_nodes(old_size: int, new_size: int, new_leaves: list[bytes]) -> None:
    """Add the complete-subtree hashes (levels STRIDE, 2·STRIDE, …) that the new leaves finish."""
    below: dict[int, bytes] = {old_size + i: h for i, h in enumerate(new_leaves)}
    below_level = 0
    level = tree.STRIDE
    while True:
        first, last = old_size >> level, new_size >> level
        if first >= last:
            return
        lo, hi = first * tree.FANOUT, last * tree.FANOUT
        missing = [(below_level, i) for i in range(lo, hi) if i not in below]
        if missing:
            below.update({i: h for (_, i), h in tree.fetch_hashes(missing).items()})
        made = {
            i: merkle.complete_root(
                [below[j] for j in range(i * tree.FANOUT, (i + 1) * tree.FANOUT)]
            )
            for i in range(first, last)
        }
        AuditNode.objects.bulk_create(
            [AuditNode(level=level, index=i, hash=h) for i, h in made.items()], batch_size=1000
        )
        below, below_level = made, level
        level += tree.STRIDE


def audit_sequence(*, wait: bool = True, batch_size: int = SEQUENCE_BATCH) -> int:
    """Move committed, queued events into the log in queue order; returns how many.

    Only one sequencer runs at a time (row lock on ``AuditLogState``). With ``wait=False`` it
    returns 0 at once when another one is running (that one, or the next run, takes our events).
    Events whose transaction has not committed yet are invisible here and get a later position.
    Each batch is one transaction: the events leave the queue and enter the log together.
    """
    total, position = 0, None
    while True:
        with transaction.atomic():
            state = _lock_state(wait=wait)
            if state is None:
                return total
            rows, position = _take_queued(batch_size, position)
            if not rows:
                return total
            start = state.tree_size
            first_id = (AuditEvent.objects.aggregate(m=Max("id"))["m"] or 0) + 1
            hashes = [
                merkle.leaf_hash(leaf_bytes(start + i, (first_id + i, *values)))
                for i, values in enumerate(rows)
            ]
            _store_events(first_id, start, rows, hashes)
            _store_nodes(start, start + len(rows), hashes)
            state.tree_size = start + len(rows)
            state.save(update_fields=["tree_size", "updated_at"])
        total += len(rows)
        if len(rows) < batch_size:
            return total


def audit_tree_size() -> int:
    state = AuditLogState.objects.filter(pk=1).first()
    return state.tree_size if state else 0


# --- signed tree heads -----------------------------------------------------------------------


def tree_head_publish(*, force: bool = False) -> SignedTreeHead | None:
    """Sequence pending events, then sign and store the current root.

    Returns None (and signs nothing) when the log has not grown since the last tree head, unless
    ``force`` (then a fresh timestamp is signed for the same root).
    """
    audit_sequence()
    with transaction.atomic():
        state = _lock_state(wait=True)
        size = state.tree_size if state else 0
        latest = SignedTreeHead.objects.order_by("-tree_size", "-id").first()
        if latest is not None and latest.tree_size >= size and not force:
            return None
        root = tree.root_at(size)
        now_ms = int(time.time() * 1000)
        if latest is not None:
            now_ms = max(now_ms, latest.timestamp_ms + 1)
        message = tree_head_bytes(tree_size=size, timestamp_ms=now_ms, root_hash=root)
        sth = SignedTreeHead.objects.create(
            tree_size=size,
            root_hash=root,
            timestamp_ms=now_ms,
            signature=signing.sign(message),
            key_id=signing.key_id(),
        )
    logger.info("audit: signed tree head size=%s root=%s", size, root.hex())
    return sth
