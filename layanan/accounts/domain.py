"""Pure rules of the accounts context (no ORM)."""

from __future__ import annotations

import secrets

from django.utils.translation import gettext_lazy as _

# The consent an operator reads to a citizen before acting for them (assisted digital).
# Bump the version whenever the text changes; each record keeps the version it was given under.
ASSISTED_CONSENT_VERSION = "2026.1"
ASSISTED_CONSENT_TEXT = _(
    "Saya setuju petugas membuatkan catatan layanan atas nama saya dan mengajukan permohonan "
    "untuk saya. Data saya (NIK, nomor KK, alamat, tanggal lahir, nomor HP) disimpan terenkripsi "
    "dan hanya dipakai untuk layanan ini, sesuai UU 27/2022 tentang Pelindungan Data Pribadi. "
    "Saya dapat mengambil alih catatan ini ke akun saya sendiri dengan kode klaim pada tanda "
    "terima."
)

# Claim codes: no 0/O/1/I/L so they survive being read aloud and typed from paper.
CLAIM_CODE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTUVWXYZ"
CLAIM_CODE_LENGTH = 10
CLAIM_CODE_VALID_DAYS = 180

SMS_RESET_CODE_DIGITS = 6


def new_claim_code() -> str:
    return "".join(secrets.choice(CLAIM_CODE_ALPHABET) for _ in range(CLAIM_CODE_LENGTH))


def normalise_claim_code(value: str) -> str:
    return "".join(ch for ch in str(value).upper() if ch.isalnum())


def format_claim_code(code: str) -> str:
    """``ABCDE-FGHJK``: easier to read from a printed receipt."""
    return f"{code[:5]}-{code[5:]}"


def new_numeric_code(digits: int = SMS_RESET_CODE_DIGITS) -> str:
    return "".join(secrets.choice("0123456789") for _ in range(digits))


def mask_ip(ip: str | None) -> str:
    """``203.0.113.45`` -> ``203.0.113.***``; IPv6 keeps the first four groups."""
    if not ip:
        return ""
    if ":" in ip:
        groups = ip.split(":")
        return ":".join(groups[:4]) + ":****"
    parts = ip.split(".")
    if len(parts) == 4:
        return ".".join(parts[:3]) + ".***"
    return "***"
