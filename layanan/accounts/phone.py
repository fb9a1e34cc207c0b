"""Indonesian mobile numbers: accept 0812…, 62812…, +62812… and store E.164 (+62812…)."""

from __future__ import annotations

import phonenumbers
from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

DEFAULT_REGION = "ID"


def normalise_phone(value: str) -> str:
    """Return ``value`` as an E.164 string or raise :class:`ValidationError` (in Bahasa)."""
    raw = "".join(ch for ch in str(value or "") if ch not in " .-()\t")
    if not raw:
        raise ValidationError(_("Masukkan nomor HP."), code="phone_empty")
    if raw.startswith("62") and not raw.startswith("+"):
        raw = "+" + raw
    try:
        number = phonenumbers.parse(raw, DEFAULT_REGION)
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("Nomor HP tidak dikenali. Contoh yang benar: 0812 3456 7890."), code="phone_invalid"
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("Nomor HP tidak valid. Contoh yang benar: 0812 3456 7890."), code="phone_invalid"
        )
    return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164)


def try_normalise_phone(value: str) -> str | None:
    try:
        return normalise_phone(value)
    except ValidationError:
        return None


class PhoneField(forms.CharField):
    """Form field for an Indonesian mobile number; cleans to E.164."""

    def __init__(self, *args: object, **kwargs: object) -> None:
        kwargs.setdefault(
            "widget",
            forms.TextInput(
                attrs={
                    "autocomplete": "tel",
                    "type": "tel",
                    "class": "govuk-input govuk-input--width-20",
                }
            ),
        )
        kwargs.setdefault("label", _("Nomor HP"))
        kwargs.setdefault("help_text", _("Contoh: 0812 3456 7890"))
        super().__init__(*args, **kwargs)  # type: ignore[arg-type]

    def clean(self, value: object) -> str:
        value = super().clean(value)
        if not value:
            return ""
        return normalise_phone(str(value))
