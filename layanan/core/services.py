"""Writes owned by core: local holidays and late decrees (the working-day calendar overrides)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.db import transaction

from layanan.audit.services import audit_record
from layanan.core.calendar import calendar_cache_clear
from layanan.core.models import LocalHoliday


def local_holiday_save(
    *,
    actor: Any,
    date: dt.date,
    name: str,
    is_working_day: bool = False,
    legal_basis: str = "",
    region_code: str | None = None,
    holiday: LocalHoliday | None = None,
) -> LocalHoliday:
    """Create (or update ``holiday``) a local day off or extra working day; audited."""
    with transaction.atomic():
        created = holiday is None
        if holiday is None:
            holiday = LocalHoliday()
        holiday.date = date
        holiday.name = name
        holiday.is_working_day = is_working_day
        holiday.legal_basis = legal_basis
        holiday.region_id = region_code
        holiday.full_clean()
        holiday.save()
        audit_record(
            actor=actor,
            action="calendar.local_holiday_create" if created else "calendar.local_holiday_update",
            obj=holiday,
            summary={
                "date": date.isoformat(),
                "name": name,
                "is_working_day": is_working_day,
                "region": region_code,
            },
        )
        transaction.on_commit(calendar_cache_clear)
    return holiday


def local_holiday_delete(*, actor: Any, holiday: LocalHoliday) -> None:
    with transaction.atomic():
        audit_record(
            actor=actor,
            action="calendar.local_holiday_delete",
            obj=holiday,
            summary={"date": holiday.date.isoformat(), "name": holiday.name},
        )
        holiday.delete()
        transaction.on_commit(calendar_cache_clear)
