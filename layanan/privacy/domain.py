"""Pure privacy rules: deadlines, who may see full values, how each kind of value is masked."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Mapping
from typing import Any

from layanan.core.crypto import mask_date, mask_email, mask_nik, mask_phone, mask_text

# Access, correction and restriction requests are answered within 3×24 hours (UU 27/2022):
# real hours, not working days.
RESPONSE_HOURS = 72

# Roles that need the full value of a record their unit handles.
FULL_VIEW_ROLES = frozenset({"operator", "verifikator", "kepala"})


def request_due_at(created_at: dt.datetime) -> dt.datetime:
    return created_at + dt.timedelta(hours=RESPONSE_HOURS)


def may_view_full(*, is_subject: bool, handling_roles: Iterable[str]) -> bool:
    """The subject sees their own data; staff only with a full-view role in the handling unit.

    ``handling_roles`` are the viewer's roles in the unit handling the record (auditors and
    admins see masked values unless they also hold a full-view role there).
    """
    return is_subject or bool(FULL_VIEW_ROLES & set(handling_roles))


def _mask_for(name: str) -> Callable[[Any], str]:
    key = name.lower()
    if "nik" in key or key in ("kk", "kk_number", "no_kk", "nomor_kk"):
        return lambda v: mask_nik(str(v))
    if "phone" in key or "telepon" in key or key in ("hp", "no_hp"):
        return mask_phone
    if "email" in key:
        return mask_email
    if "birth" in key or "lahir" in key or "date" in key or "tanggal" in key:
        return mask_date
    return mask_text


def mask_value(name: str, value: Any) -> str:
    """Mask ``value`` according to what its field name says it is (NIK, phone, email, date…)."""
    if value is None or value == "":
        return ""
    return _mask_for(name)(value)


def mask_values(values: Mapping[str, Any]) -> dict[str, str]:
    return {name: mask_value(name, value) for name, value in values.items()}


def display_value(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)
