"""Response shapes of the public audit-log API (hashes in hex, signatures in base64)."""

from __future__ import annotations

from ninja import Schema


class TreeHeadOut(Schema):
    id: int
    tree_size: int
    root_hash: str
    root_hash_base64: str
    timestamp: str
    timestamp_ms: int
    signature: str
    key_id: str
    algorithm: str = "Ed25519"
    signed_data: str = "RFC 6962 TreeHeadSignature (version 0, signature_type 1)"


class PublicKeyOut(Schema):
    algorithm: str
    key_id: str
    public_key: str
    public_key_pem: str


class InclusionProofOut(Schema):
    event_id: int
    leaf_index: int
    leaf_hash: str
    tree_size: int
    root_hash: str
    audit_path: list[str]
    tree_head: TreeHeadOut | None
    leaf: str | None = None


class ConsistencyProofOut(Schema):
    first: int
    second: int
    first_root_hash: str
    second_root_hash: str
    proof: list[str]
    first_tree_head: TreeHeadOut | None
    second_tree_head: TreeHeadOut | None


class ErrorOut(Schema):
    code: str
    message: str
