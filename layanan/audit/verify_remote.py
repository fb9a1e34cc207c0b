# ruff: noqa: T201  (a command-line tool: it prints its findings)
"""Check a Layanan instance's public audit log from outside (no Django needed).

    python -m layanan.audit.verify_remote https://layanan.example.go.id \\
        [--public-key BASE64] [--state FILE | --previous FILE] [--event ID ...]

1. Fetches the latest signed tree head (``/api/v1/audit/tree-head``) and checks its Ed25519
   signature over the RFC 6962 TreeHeadSignature bytes, with the key pinned by ``--public-key``
   or else the one published at ``/api/v1/audit/public-key``.
2. With an older tree head (``--previous FILE``, or the one kept in ``--state FILE`` by the last
   run) it checks that signature too and asks for a consistency proof: the log may only grow.
3. For each ``--event ID`` it checks an inclusion proof against the new tree head.
4. On success it writes the new tree head to ``--state FILE``.

Exit status: 0 all good, 1 verification failed (the log was rewritten or a signature is bad),
2 usage or network error. Only the standard library, ``cryptography`` and the two standard-library
modules ``layanan.audit.merkle``/``layanan.audit.domain`` are used.
"""

from __future__ import annotations

import argparse
import base64
import hashlib
import json
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from layanan.audit.domain import tree_head_bytes
from layanan.audit.merkle import verify_consistency, verify_inclusion


class VerifyFailed(Exception):
    pass


class FetchFailed(Exception):
    pass


def fetch_json(base: str, path: str, params: dict[str, Any] | None = None) -> dict[str, Any]:
    url = base.rstrip("/") + "/api/v1/audit" + path
    if params:
        url += "?" + urllib.parse.urlencode(params)
    if not url.startswith(("http://", "https://")):
        raise FetchFailed(f"not an http(s) URL: {url}")
    request = urllib.request.Request(url, headers={"Accept": "application/json"})  # noqa: S310
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310
            data: dict[str, Any] = json.loads(response.read().decode("utf-8"))
            return data
    except urllib.error.HTTPError as exc:
        body = exc.read().decode("utf-8", "replace")[:300]
        raise FetchFailed(f"{url}: HTTP {exc.code} {body}") from exc
    except (urllib.error.URLError, OSError, ValueError) as exc:
        raise FetchFailed(f"{url}: {exc}") from exc


def load_public_key(text: str) -> Ed25519PublicKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_public_key(text.encode())
        if not isinstance(key, Ed25519PublicKey):
            raise ValueError("not an Ed25519 public key")
        return key
    return Ed25519PublicKey.from_public_bytes(base64.b64decode(text))


def key_id(key: Ed25519PublicKey) -> str:
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def check_tree_head(sth: dict[str, Any], key: Ed25519PublicKey) -> bytes:
    """Verify an STH's signature; returns its root hash."""
    root = bytes.fromhex(sth["root_hash"])
    if sth.get("key_id") and sth["key_id"] != key_id(key):
        raise VerifyFailed(f"tree head of size {sth['tree_size']} is signed by another key")
    message = tree_head_bytes(
        tree_size=int(sth["tree_size"]), timestamp_ms=int(sth["timestamp_ms"]), root_hash=root
    )
    try:
        key.verify(base64.b64decode(sth["signature"]), message)
    except InvalidSignature as exc:
        raise VerifyFailed(f"bad signature on tree head of size {sth['tree_size']}") from exc
    return root


def check_consistency(
    base: str, old: dict[str, Any], new: dict[str, Any], old_root: bytes, new_root: bytes
) -> None:
    first, second = int(old["tree_size"]), int(new["tree_size"])
    if first > second:
        raise VerifyFailed(f"the log shrank from {first} to {second} events")
    if first == second:
        if old_root != new_root:
            raise VerifyFailed(f"two different roots for the same size {first}")
        return
    if first == 0:
        return
    data = fetch_json(base, "/proofs/consistency", {"first": first, "second": second})
    proof = [bytes.fromhex(h) for h in data["proof"]]
    if not verify_consistency(first, second, old_root, new_root, proof):
        raise VerifyFailed(f"consistency proof {first} → {second} does not verify: log rewritten")


def check_event(base: str, event_id: int, size: int, root: bytes) -> int:
    data = fetch_json(base, "/proofs/inclusion", {"event": event_id, "tree_size": size})
    leaf = bytes.fromhex(data["leaf_hash"])
    if data.get("leaf") is not None:
        expected = hashlib.sha256(b"\x00" + data["leaf"].encode("utf-8")).digest()
        if expected != leaf:
            raise VerifyFailed(f"event {event_id}: leaf bytes do not hash to the leaf hash")
    path = [bytes.fromhex(h) for h in data["audit_path"]]
    index = int(data["leaf_index"])
    if not verify_inclusion(index, size, leaf, path, root):
        raise VerifyFailed(f"event {event_id}: inclusion proof does not verify")
    return index


def run(args: argparse.Namespace, out: Any = None) -> int:
    out = out or sys.stdout
    base = args.url
    if args.public_key:
        path = Path(args.public_key)
        key = load_public_key(path.read_text() if path.is_file() else args.public_key)
    else:
        key = load_public_key(fetch_json(base, "/public-key")["public_key"])
    new = fetch_json(base, "/tree-head")
    new_root = check_tree_head(new, key)
    print(
        f"tree head OK: size {new['tree_size']}, root {new['root_hash']}, {new['timestamp']}",
        file=out,
    )
    previous_file = args.previous or (
        args.state if args.state and Path(args.state).exists() else None
    )
    if previous_file:
        old = json.loads(Path(previous_file).read_text())
        old_root = check_tree_head(old, key)
        check_consistency(base, old, new, old_root, new_root)
        print(f"consistent with the earlier tree head of size {old['tree_size']}", file=out)
    for event_id in args.event or []:
        index = check_event(base, event_id, int(new["tree_size"]), new_root)
        print(f"event {event_id} is in the log at position {index}", file=out)
    if args.state:
        Path(args.state).write_text(json.dumps(new, indent=2) + "\n")
    return 0


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        prog="python -m layanan.audit.verify_remote",
        description="Verify a Layanan instance's signed, append-only audit log.",
    )
    parser.add_argument("url", help="base URL of the instance, e.g. https://layanan.example.go.id")
    parser.add_argument("--public-key", help="pinned Ed25519 key: base64, PEM text or a file")
    parser.add_argument("--previous", help="JSON file with an earlier tree head to check against")
    parser.add_argument("--state", help="JSON file: earlier tree head read, latest saved")
    parser.add_argument("--event", type=int, action="append", help="event id to prove (repeatable)")
    args = parser.parse_args(argv)
    try:
        return run(args)
    except VerifyFailed as exc:
        print(f"VERIFICATION FAILED: {exc}", file=sys.stderr)
        return 1
    except (FetchFailed, ValueError, KeyError, OSError) as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
