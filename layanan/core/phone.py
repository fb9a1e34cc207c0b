"""Indonesian phone numbers, one rule for the whole product: accept 0812…, 62812…, +62 812…
and store E.164 (+62812…). Used by accounts (login, profile), catalog form answers, the blind
index of encrypted phone numbers and the SMS adapter."""

from __future__ import annotations

import phonenumbers
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "ID"


class PhoneError(ValueError):
    """A number that is empty or not a valid phone number; ``message`` is translated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _strip(value: object) -> str:
    raw = "".join(ch for ch in str(value or "") if ch not in " .-()\t")
    if raw.startswith("62"):
        raw = "+" + raw
    return raw


def to_e164(value: object) -> str:
    """``value`` as E.164, or raise :class:`PhoneError` with a message in the active language."""
    raw = _strip(value)
    if not raw:
        raise PhoneError("phone_empty", str(_("Masukkan nomor HP.")))
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise PhoneError(
            "phone_invalid", str(_("Nomor HP tidak dikenali. Contoh yang benar: 0812 3456 7890."))
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise PhoneError(
            "phone_invalid", str(_("Nomor HP tidak valid. Contoh yang benar: 0812 3456 7890."))
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def to_e164_lenient(value: object) -> str:
    """Like :func:`to_e164` but total: an invalid number is still brought to one canonical
    ``+digits`` form (for blind indexes and provider addresses, which must never raise)."""
    try:
        return to_e164(value)
    except PhoneError:
        digits = "".join(ch for ch in str(value or "") if ch.isdigit())
        if not digits:
            return ""
        if digits.startswith("0"):
            return "+62" + digits[1:]
        return "+" + digits
