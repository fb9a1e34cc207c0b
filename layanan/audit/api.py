"""Public, unauthenticated endpoints that let anyone verify the audit log (docs/audit-log.md)."""

from __future__ import annotations

import base64
import datetime as dt
from typing import Any

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Router

from layanan.api.errors import ApiError
from layanan.audit import selectors, signing
from layanan.audit.models import SignedTreeHead
from layanan.audit.schemas import (
    ConsistencyProofOut,
    ErrorOut,
    InclusionProofOut,
    PublicKeyOut,
    TreeHeadOut,
)

router = Router(tags=["audit"])


def tree_head_out(sth: SignedTreeHead | None) -> dict[str, Any] | None:
    if sth is None:
        return None
    root = bytes(sth.root_hash)
    ts = dt.datetime.fromtimestamp(sth.timestamp_ms / 1000, tz=dt.UTC)
    return {
        "id": sth.pk,
        "tree_size": sth.tree_size,
        "root_hash": root.hex(),
        "root_hash_base64": base64.b64encode(root).decode(),
        "timestamp": ts.isoformat(timespec="milliseconds"),
        "timestamp_ms": sth.timestamp_ms,
        "signature": base64.b64encode(bytes(sth.signature)).decode(),
        "key_id": sth.key_id,
    }


def _int_param(request: HttpRequest, name: str, *, required: bool) -> int | None:
    raw = request.GET.get(name)
    if raw is None or raw == "":
        if required:
            raise ApiError(
                400, "missing_parameter", _("Parameter %(name)s wajib diisi.") % {"name": name}
            )
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise ApiError(
            400,
            "invalid_parameter",
            _("Parameter %(name)s harus berupa bilangan bulat tidak negatif.") % {"name": name},
        )
    return int(raw)


def _run(fn: Any) -> Any:
    try:
        return fn()
    except selectors.ProofError as exc:
        raise ApiError(exc.status, exc.code, exc.message) from exc


@router.get("/tree-head", response={200: TreeHeadOut, 404: ErrorOut}, auth=None)
def tree_head(request: HttpRequest) -> Any:
    """The latest signed tree head."""
    out = tree_head_out(selectors.tree_head_latest())
    if out is None:
        raise ApiError(
            404, "no_tree_head", _("Belum ada kepala pohon bertanda tangan yang diterbitkan.")
        )
    return out


@router.get("/tree-heads", response=list[TreeHeadOut], auth=None)
def tree_heads(request: HttpRequest) -> Any:
    """The most recent signed tree heads (at most 100), largest first."""
    return [tree_head_out(sth) for sth in selectors.tree_head_list(limit=100)]


@router.get("/public-key", response=PublicKeyOut, auth=None)
def public_key(request: HttpRequest) -> Any:
    """The Ed25519 key that verifies tree-head signatures (raw 32 bytes, base64)."""
    return {
        "algorithm": "Ed25519",
        "key_id": signing.key_id(),
        "public_key": base64.b64encode(signing.public_key_raw()).decode(),
        "public_key_pem": signing.public_key_pem(),
    }


@router.get(
    "/proofs/inclusion", response={200: InclusionProofOut, 400: ErrorOut, 404: ErrorOut}, auth=None
)
def inclusion_proof(request: HttpRequest) -> Any:
    """Audit path of event ``event`` in the tree of ``tree_size`` (default: latest tree head).

    ``leaf`` (the exact leaf bytes) is only included for a signed-in user allowed to read the
    event; anyone else gets the hashes only.
    """
    event_id = _int_param(request, "event", required=True)
    size = _int_param(request, "tree_size", required=False)
    assert event_id is not None
    proof = _run(lambda: selectors.inclusion_proof_get(event_id=event_id, tree_size=size))
    leaf = selectors.event_leaf_bytes(viewer=request.user, event_id=event_id)
    return {
        "event_id": proof.event_id,
        "leaf_index": proof.leaf_index,
        "leaf_hash": proof.leaf_hash.hex(),
        "tree_size": proof.tree_size,
        "root_hash": proof.root_hash.hex(),
        "audit_path": [h.hex() for h in proof.audit_path],
        "tree_head": tree_head_out(proof.tree_head),
        "leaf": leaf.decode("utf-8") if leaf is not None else None,
    }


@router.get(
    "/proofs/consistency",
    response={200: ConsistencyProofOut, 400: ErrorOut, 404: ErrorOut},
    auth=None,
)
def consistency_proof(request: HttpRequest) -> Any:
    """Proof that the tree of size ``first`` is a prefix of the tree of size ``second``."""
    first = _int_param(request, "first", required=True)
    second = _int_param(request, "second", required=False)
    assert first is not None
    proof = _run(lambda: selectors.consistency_proof_get(first=first, second=second))
    return {
        "first": proof.first,
        "second": proof.second,
        "first_root_hash": proof.first_root.hex(),
        "second_root_hash": proof.second_root.hex(),
        "proof": [h.hex() for h in proof.proof],
        "first_tree_head": tree_head_out(selectors.tree_head_for_size(proof.first)),
        "second_tree_head": tree_head_out(selectors.tree_head_for_size(proof.second)),
    }
