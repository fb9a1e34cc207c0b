"""Indonesian mobile numbers: accept 0812…, 62812…, +62812… and store E.164 (+62812…)."""

from __future__ import annotations

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from layanan.core.phone import PhoneError, to_e164


def normalise_phone(value: str) -> str:
    """Return ``value`` as an E.164 string or raise :class:`ValidationError` (in Bahasa)."""
    try:
        return to_e164(value)
    except PhoneError as exc:
        raise ValidationError(exc.message, code=exc.code) from exc


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
