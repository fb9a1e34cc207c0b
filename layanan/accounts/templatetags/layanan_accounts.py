"""Template helpers for account pages: GOV.UK widgets, masking."""

from __future__ import annotations

from typing import Any

from django import forms, template
from django.utils.safestring import SafeString

from layanan.accounts.domain import mask_ip as _mask_ip
from layanan.core.crypto import mask_email as _mask_email
from layanan.core.crypto import mask_nik as _mask_nik
from layanan.core.crypto import mask_phone as _mask_phone

register = template.Library()

_CLASSES = {
    "checkbox": "govuk-checkboxes__input",
    "select": "govuk-select",
    "textarea": "govuk-textarea",
    "radio": "govuk-radios__input",
}


def widget_kind(bound_field: Any) -> str:
    widget = bound_field.field.widget
    if isinstance(widget, forms.CheckboxInput):
        return "checkbox"
    if isinstance(widget, forms.Select):
        return "select"
    if isinstance(widget, forms.Textarea):
        return "textarea"
    if isinstance(widget, forms.RadioSelect):
        return "radio"
    if isinstance(widget, forms.HiddenInput):
        return "hidden"
    return "input"


@register.filter
def field_kind(bound_field: Any) -> str:
    return widget_kind(bound_field)


@register.filter
def govuk_widget(bound_field: Any) -> SafeString:
    """Render the widget with GOV.UK classes, error state and hint link."""
    kind = widget_kind(bound_field)
    base = _CLASSES.get(kind, "govuk-input")
    existing = bound_field.field.widget.attrs.get("class", "")
    css = existing if "govuk-" in existing else base
    if bound_field.errors and kind in ("input", "select", "textarea"):
        css += f" {base}--error"
    attrs = {"class": css}
    described = []
    if bound_field.help_text:
        described.append(f"{bound_field.html_name}-hint")
    if bound_field.errors:
        described.append(f"{bound_field.html_name}-error")
    if described:
        attrs["aria-describedby"] = " ".join(described)
    return SafeString(bound_field.as_widget(attrs=attrs))


@register.filter
def mask_nik(value: str | None) -> str:
    return _mask_nik(value or "")


@register.filter
def mask_phone(value: str | None) -> str:
    return _mask_phone(value)


@register.filter
def mask_email(value: str | None) -> str:
    return _mask_email(value)


@register.filter
def mask_ip(value: str | None) -> str:
    return _mask_ip(value)
