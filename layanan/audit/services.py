"""Writes to the audit log.

Every state-changing service calls :func:`audit_record` inside its own transaction, so the event
and the change commit (or roll back) together. ``audit_record`` only INSERTs a row: no hashing,
no shared lock, so writers never queue behind each other. The sequencer
(:func:`audit_sequence`, run by a task after commit, periodically and by ``layanan audit``)
appends committed events to the Merkle log under one lock; :func:`tree_head_publish` signs the
root. Design: docs/adr/0031-audit-sequencer.md; formats: docs/audit-log.md.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Any

from django.db import IntegrityError, connection, connections, models, router, transaction
from django.db.models import Max
from django.utils import timezone

from layanan.audit import merkle, signing, tree
from layanan.audit.domain import EVENT_FIELDS, leaf_bytes, tree_head_bytes
from layanan.audit.models import AuditEvent, AuditLogState, AuditNode, SignedTreeHead
from layanan.core.context import current_request

logger = logging.getLogger(__name__)

SEQUENCE_BATCH = 5000


def audit_record(
    *,
    actor: Any,
    action: str,
    obj: models.Model | None = None,
    summary: dict[str, Any] | None = None,
    role: str = "",
    unit_slug: str = "",
    subject: Any = None,
) -> AuditEvent:
    """Record that ``actor`` did ``action`` to ``obj``. ``summary`` must hold no secrets.

    ``subject`` is the citizen (user) the record belongs to, so they can see the event later.
    One ``INSERT … RETURNING id`` in the caller's transaction and, once per transaction, an
    after-commit hook; nothing else (ADR 0033). On PostgreSQL the INSERT rides with the
    transaction's next statement, usually the COMMIT (ADR 0034), so ``pk`` is None until then.
    """
    ctx = current_request()
    user = (
        actor if getattr(actor, "pk", None) and getattr(actor, "is_authenticated", False) else None
    )
    label = str(actor) if actor is not None else "system"
    values: dict[str, Any] = {
        "occurred_at": timezone.now(),
        "actor_id": user.pk if user is not None else None,
        "actor_label": label[:200],
        "role": role,
        "unit_slug": unit_slug,
        "action": action,
        "object_type": obj._meta.label_lower if obj is not None else "",
        "object_id": str(obj.pk) if obj is not None else "",
        "subject_user_id": subject.pk if getattr(subject, "pk", None) else None,
        "summary": summary or {},
        "request_id": ctx.request_id if ctx else "",
        "ip": ctx.ip if ctx else None,
        "seq": None,
        "leaf_hash": None,
    }
    row: list[Any] = [values[f.attname] for f in _INSERT_FIELDS]
    # Positional arguments in field order: Django's fast path for building an instance.
    event = AuditEvent(None, *row)  # type: ignore[misc]  # the stubs cannot check *row
    _insert(event, row)
    _sequence_after_commit()
    return event


# The INSERT's columns (all but the id) and its SQL per database alias. Built once: compiling an
# ``INSERT`` through the ORM costs a writer more Python time than the database spends on the row.
_INSERT_FIELDS = tuple(f for f in AuditEvent._meta.concrete_fields if not f.primary_key)
_insert_sql: dict[str, str] = {}
# Fields whose value the database backend must adapt (time zone, JSON, inet, bytes); for the
# others (text, integers, ids) Django's preparation returns the str / int audit_record built.
_ADAPTED = tuple(
    f.get_internal_type() not in ("CharField", "BigIntegerField", "ForeignKey")
    for f in _INSERT_FIELDS
)


def _insert(event: AuditEvent, row: list[Any]) -> None:
    """Save the new ``event`` (whose field values are ``row``) as ``save(force_insert=True)`` would.

    With a pre-built statement; the values that need it go through their field's
    ``get_db_prep_save`` (as the ORM's compiler does); ``AuditEvent`` has no model signals
    (house rule) and no ``auto_now`` fields, so nothing else is skipped (ADR 0033, 0034).
    On PostgreSQL inside a transaction the INSERT is deferred to ride with the transaction's next
    statement, usually its COMMIT (``layanan.core.db.postgresql``, ADR 0034): ``event.pk`` is set
    once it has run (:func:`audit_flush` sends it at once).
    """
    alias = router.db_for_write(AuditEvent)
    conn = connections[alias]
    if not conn.features.can_return_columns_from_insert:
        event.save(force_insert=True, using=alias)
        return
    sql = _insert_sql.get(alias)
    if sql is None:
        qn = conn.ops.quote_name
        table = qn(AuditEvent._meta.db_table)
        columns = ", ".join(qn(f.column) for f in _INSERT_FIELDS)
        marks = ", ".join(["%s"] * len(_INSERT_FIELDS))
        pk = qn(AuditEvent._meta.pk.column)
        # identifiers from the model, quoted; values are parameters
        sql = f"INSERT INTO {table} ({columns}) VALUES ({marks}) RETURNING {table}.{pk}"  # noqa: S608
        _insert_sql[alias] = sql
    params = [
        f.get_db_prep_save(value, connection=conn) if adapt else value
        for f, adapt, value in zip(_INSERT_FIELDS, _ADAPTED, row, strict=True)
    ]
    event._state.adding = False
    event._state.db = alias

    def saved(rows: list[tuple[Any, ...]]) -> None:
        event.pk = rows[0][0]

    defer = getattr(conn, "defer", None)
    if defer is not None and defer(sql, params, saved):
        return
    with conn.cursor() as cursor:
        cursor.execute(sql, params)
        saved([cursor.fetchone()])


def audit_flush(using: str | None = None) -> None:
    """Send audit events still waiting for their transaction's next statement (sets their pk)."""
    conn = connections[using or router.db_for_write(AuditEvent)]
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
    from huey.contrib.djhuey import HUEY

    from layanan.audit.tasks import audit_sequence_task

    if HUEY.immediate:  # tests and scripts: sequence right away
        audit_sequence_task()
        return
    now = time.monotonic()
    with _trigger_lock:
        if now - _last_trigger < SEQUENCE_TRIGGER_SECONDS:
            return
        _last_trigger = now
    audit_sequence_task.schedule(delay=SEQUENCE_TRIGGER_SECONDS)


def _sequence_after_commit() -> None:
    """Ask the worker to sequence once per transaction, after it commits (never blocks)."""
    conn = transaction.get_connection()
    if conn.in_atomic_block and any(entry[1] is _sequence_soon for entry in conn.run_on_commit):
        return
    transaction.on_commit(_sequence_soon, robust=True)


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


def _store_leaves(rows: list[tuple[int, int, bytes]]) -> None:
    """Set (seq, leaf_hash) of events given as (id, seq, hash)."""
    if connection.vendor == "postgresql":
        table = AuditEvent._meta.db_table
        ids, seqs, hashes = (list(col) for col in zip(*rows, strict=True))
        with connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} AS e SET seq = v.seq, leaf_hash = v.h "  # noqa: S608
                "FROM unnest(%s::bigint[], %s::bigint[], %s::bytea[]) AS v(id, seq, h) "
                "WHERE e.id = v.id AND e.seq IS NULL",
                [ids, seqs, hashes],
            )
            updated = cursor.rowcount
    else:
        objs = [AuditEvent(id=i, seq=s, leaf_hash=h) for i, s, h in rows]
        updated = AuditEvent.objects.bulk_update(objs, ["seq", "leaf_hash"], batch_size=500)
    if updated != len(rows):
        raise RuntimeError("audit sequencer: events changed while being sequenced")


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
    """Append committed, not yet sequenced events to the log in id order; returns how many.

    Only one sequencer runs at a time (row lock on ``AuditLogState``). With ``wait=False`` it
    returns 0 at once when another one is running (that one, or the next run, takes our events).
    Events whose transaction has not committed yet are invisible here and get a later position.
    """
    total, after_id = 0, 0
    while True:
        with transaction.atomic():
            state = _lock_state(wait=wait)
            if state is None:
                return total
            rows = list(
                AuditEvent.objects.filter(seq__isnull=True, id__gt=after_id)
                .order_by("id")
                .values_list(*EVENT_FIELDS)[:batch_size]
            )
            if not rows:
                return total
            start = state.tree_size
            hashes = [merkle.leaf_hash(leaf_bytes(start + i, row)) for i, row in enumerate(rows)]
            _store_leaves(
                [
                    (row[0], start + i, h)
                    for i, (row, h) in enumerate(zip(rows, hashes, strict=True))
                ]
            )
            _store_nodes(start, start + len(rows), hashes)
            state.tree_size = start + len(rows)
            state.save(update_fields=["tree_size", "updated_at"])
        total += len(rows)
        after_id = rows[-1][0]
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
