"""The Ed25519 key that signs tree heads (setting ``LAYANAN_AUDIT_SIGNING_KEY``).

The setting holds the base64 of the 32-byte private key (or a PEM PKCS#8 key). Production refuses
to start without it; the demo and test profiles leave it empty and get a key generated once in
``LAYANAN_DATA_DIR/audit-signing.key`` (mode 0600).
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import os
from functools import lru_cache
from pathlib import Path

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey, Ed25519PublicKey
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

KEY_FILE_NAME = "audit-signing.key"


def _parse_private(text: str) -> Ed25519PrivateKey:
    text = text.strip()
    if text.startswith("-----BEGIN"):
        key = serialization.load_pem_private_key(text.encode(), password=None)
        if not isinstance(key, Ed25519PrivateKey):
            raise ImproperlyConfigured("LAYANAN_AUDIT_SIGNING_KEY must be an Ed25519 key.")
        return key
    try:
        std = text.replace("-", "+").replace("_", "/")
        raw = base64.b64decode(std + "=" * (-len(std) % 4), validate=True)
    except (binascii.Error, ValueError) as exc:
        raise ImproperlyConfigured("LAYANAN_AUDIT_SIGNING_KEY is not valid base64.") from exc
    if len(raw) != 32:
        raise ImproperlyConfigured(
            "LAYANAN_AUDIT_SIGNING_KEY must be the base64 of 32 random bytes "
            "(python -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')."
        )
    return Ed25519PrivateKey.from_private_bytes(raw)


def _key_file_text(path: Path) -> str:
    """Read the local key file, creating it (race-free, 0600) on first use."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text().strip()
    text = base64.b64encode(os.urandom(32)).decode()
    with os.fdopen(fd, "w") as fh:
        fh.write(text + "\n")
    return text


@lru_cache(maxsize=4)
def _load(configured: str, data_dir: str) -> Ed25519PrivateKey:
    if configured:
        return _parse_private(configured)
    return _parse_private(_key_file_text(Path(data_dir) / KEY_FILE_NAME))


def private_key() -> Ed25519PrivateKey:
    return _load(
        str(getattr(settings, "LAYANAN_AUDIT_SIGNING_KEY", "") or ""),
        str(settings.LAYANAN_DATA_DIR),
    )


def public_key() -> Ed25519PublicKey:
    return private_key().public_key()


def public_key_raw() -> bytes:
    return public_key().public_bytes(serialization.Encoding.Raw, serialization.PublicFormat.Raw)


def public_key_pem() -> str:
    return (
        public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )


def key_id_for(key: Ed25519PublicKey) -> str:
    """Like an RFC 6962 log id: SHA-256 of the DER SubjectPublicKeyInfo, in hex."""
    der = key.public_bytes(
        serialization.Encoding.DER, serialization.PublicFormat.SubjectPublicKeyInfo
    )
    return hashlib.sha256(der).hexdigest()


def key_id() -> str:
    return key_id_for(public_key())


def sign(message: bytes) -> bytes:
    return private_key().sign(message)


def verify(message: bytes, signature: bytes) -> bool:
    try:
        public_key().verify(signature, message)
    except InvalidSignature:
        return False
    return True
