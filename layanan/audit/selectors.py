"""Reads of the audit log: tree heads, proofs and permission-filtered event lists."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from layanan.audit import merkle, tree
from layanan.audit.domain import EVENT_FIELDS, leaf_bytes
from layanan.audit.models import AuditEvent, PendingEvent, SignedTreeHead
from layanan.audit.services import audit_tree_size

# Roles (``accounts.Membership.role``) that may read the whole log.
GLOBAL_AUDIT_ROLES = ("admin_sistem", "auditor")


class ProofError(Exception):
    """Bad proof request; ``status`` is 400 or 404, ``message`` already translated."""

    def __init__(self, status: int, code: str, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.code = code
        self.message = message


def tree_head_latest() -> SignedTreeHead | None:
    return SignedTreeHead.objects.order_by("-tree_size", "-id").first()


def tree_head_for_size(size: int) -> SignedTreeHead | None:
    return SignedTreeHead.objects.filter(tree_size=size).order_by("-id").first()


def tree_head_list(*, limit: int = 100) -> QuerySet[SignedTreeHead]:
    return SignedTreeHead.objects.order_by("-tree_size", "-id")[:limit]


@dataclass(frozen=True)
class InclusionProof:
    event_id: int
    leaf_index: int
    leaf_hash: bytes
    tree_size: int
    root_hash: bytes
    audit_path: list[bytes]
    tree_head: SignedTreeHead | None


@dataclass(frozen=True)
class ConsistencyProof:
    first: int
    second: int
    first_root: bytes
    second_root: bytes
    proof: list[bytes]


def _default_size() -> int:
    sth = tree_head_latest()
    if sth is None:
        raise ProofError(
            404, "no_tree_head", _("Belum ada kepala pohon bertanda tangan yang diterbitkan.")
        )
    return sth.tree_size


def _check_size(size: int, name: str) -> None:
    logged = audit_tree_size()
    if size < 0 or size > logged:
        raise ProofError(
            400,
            "invalid_tree_size",
            _("Nilai %(name)s harus antara 0 dan %(max)d.") % {"name": name, "max": logged},
        )


def inclusion_proof_get(*, event_id: int, tree_size: int | None = None) -> InclusionProof:
    row = AuditEvent.objects.filter(pk=event_id).values_list("seq", "leaf_hash").first()
    if row is None:
        raise ProofError(404, "event_not_found", _("Peristiwa audit tidak ditemukan."))
    # an event gets its id when the sequencer appends it (ADR 0035): a known id is in the log
    seq, stored = row
    size = _default_size() if tree_size is None else tree_size
    _check_size(size, "tree_size")
    if seq >= size:
        raise ProofError(
            400,
            "event_after_tree_size",
            _("Peristiwa ini berada di posisi %(seq)d, di luar pohon berukuran %(size)d.")
            % {"seq": seq, "size": size},
        )
    path, root = tree.with_subtrees(
        lambda sub: (merkle.inclusion_path(seq, size, sub), merkle.tree_root(size, sub))
    )
    return InclusionProof(
        event_id=event_id,
        leaf_index=seq,
        leaf_hash=bytes(stored),
        tree_size=size,
        root_hash=root,
        audit_path=path,
        tree_head=tree_head_for_size(size),
    )


def consistency_proof_get(*, first: int, second: int | None = None) -> ConsistencyProof:
    if second is None:
        second = _default_size()
    _check_size(second, "second")
    if not 0 < first <= second:
        raise ProofError(
            400,
            "invalid_range",
            _("Parameter harus memenuhi 0 < first ≤ second (second = %(second)d).")
            % {"second": second},
        )
    proof, r1, r2 = tree.with_subtrees(
        lambda sub: (
            merkle.consistency_proof(first, second, sub),
            merkle.tree_root(first, sub),
            merkle.tree_root(second, sub),
        )
    )
    return ConsistencyProof(first=first, second=second, first_root=r1, second_root=r2, proof=proof)


# --- events ----------------------------------------------------------------------------------


def _is_authenticated(viewer: Any) -> bool:
    return bool(viewer is not None and getattr(viewer, "is_authenticated", False))


def _viewer_scope(viewer: Any) -> tuple[bool, set[str]]:
    """(may read everything, unit slugs the viewer works in incl. sub-units).

    ``audit`` sits below the other contexts, so it reads roles through the app registry instead
    of importing ``accounts``.
    """
    if getattr(viewer, "is_superuser", False):
        return True, set()
    membership = apps.get_model("accounts", "Membership")
    org_unit = apps.get_model("accounts", "OrgUnit")
    roles = list(membership.objects.filter(user=viewer).values_list("role", "unit_id"))
    if any(role in GLOBAL_AUDIT_ROLES for role, _unit in roles):
        return True, set()
    unit_ids = {unit for _role, unit in roles}
    frontier = set(unit_ids)
    while frontier:
        children = set(org_unit.objects.filter(parent_id__in=frontier).values_list("id", flat=True))
        frontier = children - unit_ids
        unit_ids |= children
    slugs = set(org_unit.objects.filter(id__in=unit_ids).values_list("slug", flat=True))
    return False, slugs


def audit_event_list(
    *,
    viewer: Any,
    object_type: str | None = None,
    object_id: str | int | None = None,
    action: str | None = None,
    unit_slug: str | None = None,
) -> QuerySet[AuditEvent]:
    """Events ``viewer`` may read, newest first.

    Auditors, system admins and superusers see everything; unit staff see the events of their
    units (and sub-units) plus their own; a citizen sees events they did or that concern them
    (``subject_user``). Anonymous viewers see nothing. Events are here once they are in the log:
    the sequencer appends them about a second after they commit (ADR 0035).
    """
    qs = AuditEvent.objects.order_by("-occurred_at", "-id")
    if not _is_authenticated(viewer):
        return qs.none()
    everything, slugs = _viewer_scope(viewer)
    if not everything:
        mine = Q(actor_id=viewer.pk) | Q(subject_user_id=viewer.pk)
        qs = qs.filter(mine | Q(unit_slug__in=slugs)) if slugs else qs.filter(mine)
    if object_type is not None:
        qs = qs.filter(object_type=object_type)
    if object_id is not None:
        qs = qs.filter(object_id=str(object_id))
    if action is not None:
        qs = qs.filter(action=action)
    if unit_slug is not None:
        qs = qs.filter(unit_slug=unit_slug)
    return qs


def event_leaf_bytes(*, viewer: Any, event_id: int) -> bytes | None:
    """The exact leaf bytes of an event the viewer may read (None otherwise)."""
    row = (
        audit_event_list(viewer=viewer)
        .filter(pk=event_id)
        .values_list("seq", *EVENT_FIELDS)
        .first()
    )
    if row is None:
        return None
    return leaf_bytes(row[0], row[1:])


def audit_viewer_is_staff(*, viewer: Any) -> bool:
    """Does ``viewer`` work in a unit (or read everything), i.e. may use the staff audit browser?"""
    if not _is_authenticated(viewer):
        return False
    everything, slugs = _viewer_scope(viewer)
    return everything or bool(slugs)


def audit_event_list_about(*, viewer: Any) -> QuerySet[AuditEvent]:
    """Events about the viewer's own records: done by them or concerning them, newest first.

    Events are here once they are in the log, as in :func:`audit_event_list`.
    """
    if not _is_authenticated(viewer):
        return AuditEvent.objects.none()
    mine = Q(actor_id=viewer.pk) | Q(subject_user_id=viewer.pk)
    return AuditEvent.objects.filter(mine).order_by("-occurred_at", "-id")


def audit_queue_status() -> tuple[int, dt.datetime | None]:
    """Events recorded but not yet in the log, and when the oldest of them happened.

    Normally a handful of events under a second old; a growing queue means the sequencer is
    not running (the worker is down) or fails (its error is in the worker's log).
    """
    waiting = PendingEvent.objects.count()
    oldest = PendingEvent.objects.order_by("id").values_list("data", flat=True).first()
    return waiting, (dt.datetime.fromisoformat(oldest[0]) if oldest else None)
