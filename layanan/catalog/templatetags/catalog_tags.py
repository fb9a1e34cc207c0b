"""Small display helpers for catalog templates (fee, SLA, multi-line text)."""

from __future__ import annotations

import re

from django import template
from django.utils.translation import get_language, ngettext
from django.utils.translation import gettext as _

from layanan.catalog import domain
from layanan.catalog.models import ServiceVersion

register = template.Library()
_MARKER = re.compile(r"^\s*(?:[-•*]|\d+[.)])\s*")


@register.filter
def fee(amount: int | None) -> str:
    """``Gratis`` / ``Free`` or ``Rp 150.000`` in the active language."""
    return domain.fee_display(None if amount is None else int(amount), get_language() or "id")


@register.simple_tag
def sla_text(version: ServiceVersion) -> str:
    days = version.sla_working_days
    if days == 0:
        return _("Selesai pada hari yang sama")
    return ngettext("%(n)d hari kerja", "%(n)d hari kerja", days) % {"n": days}


@register.filter
def lines(text: str) -> list[str]:
    """Non-empty lines of a multi-line text, without list markers typed by the admin."""
    result = []
    for raw in (text or "").splitlines():
        line = _MARKER.sub("", raw).strip()
        if line:
            result.append(line)
    return result
