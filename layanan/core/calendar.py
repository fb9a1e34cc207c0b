"""Working-day calendar (hari kerja) used by every SLA in the product.

Hari kerja = Monday–Friday, minus national holidays and cuti bersama (``holidays`` package,
Indonesia, categories ``public`` + ``government``), minus local holidays and late decrees that an
admin adds (:class:`layanan.core.models.LocalHoliday`), plus days an admin marks as working days.

Convention, used everywhere:

* ``add_working_days(start, n)`` is the day on which the *n*-th working day after ``start`` ends.
  A request made on ``start`` with an SLA of *n* working days is due at the end of that day.
  ``n == 0`` gives ``start`` itself when it is a working day, else the next working day.
* ``working_days_between(a, b)`` counts working days ``d`` with ``a < d <= b`` (negative when
  ``b < a``), so ``working_days_between(a, add_working_days(a, n)) == n`` for ``n >= 1``.

The pure functions take a :class:`Calendar`; :func:`default_calendar` builds one from the
``holidays`` package and the database overrides.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache

import holidays as holidays_lib

HOLIDAY_CATEGORIES = ("public", "government")
WEEKEND = frozenset({5, 6})  # Saturday, Sunday


@dataclass(frozen=True)
class Calendar:
    """Non-working days of one office, as a pure value."""

    national: Callable[[dt.date], bool]
    extra_holidays: frozenset[dt.date] = field(default_factory=frozenset)
    extra_working_days: frozenset[dt.date] = field(default_factory=frozenset)
    weekend: frozenset[int] = WEEKEND

    def is_working_day(self, day: dt.date) -> bool:
        if day in self.extra_working_days:
            return True
        if day.weekday() in self.weekend or day in self.extra_holidays:
            return False
        return not self.national(day)

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        if n < 0:
            raise ValueError("n must be >= 0")
        day = start
        if n == 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        counted = 0
        while counted < n:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                counted += 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        if end < start:
            return -self.working_days_between(end, start)
        count = 0
        day = start
        while day < end:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                count += 1
        return count

    def working_days_in(self, days: Iterable[dt.date]) -> list[dt.date]:
        return [d for d in days if self.is_working_day(d)]


@lru_cache(maxsize=64)
def _national_year(year: int) -> frozenset[dt.date]:
    table = holidays_lib.country_holidays("ID", years=year, categories=HOLIDAY_CATEGORIES)
    return frozenset(table.keys())


def is_national_holiday(day: dt.date) -> bool:
    """True on an Indonesian national holiday or cuti bersama (pinned ``holidays`` data)."""
    return day in _national_year(day.year)


def national_holiday_names(year: int, language: str = "id") -> dict[dt.date, str]:
    table = holidays_lib.country_holidays(
        "ID", years=year, categories=HOLIDAY_CATEGORIES, language=language
    )
    return dict(sorted(table.items()))


OVERRIDES_CACHE_KEY = "core:calendar-overrides:{region}"
GENERATION_CACHE_KEY = "core:calendar-generation"
OVERRIDES_CACHE_TTL = 3600


def calendar_overrides(region_code: str | None) -> list[tuple[dt.date, bool]]:
    """The admin's overrides that apply to ``region_code``: ``(date, is_working_day)`` rows."""
    from django.db.models import Q

    from layanan.core.models import LocalHoliday

    query = Q(region__isnull=True)
    if region_code:
        parts = region_code.split(".")
        prefixes = [".".join(parts[: i + 1]) for i in range(len(parts))]
        query |= Q(region__code__in=prefixes)
    return list(LocalHoliday.objects.filter(query).values_list("date", "is_working_day"))


def calendar_cache_clear() -> None:
    """Invalidate every cached set of overrides (all regions, all nodes) after a change."""
    from layanan.core.cache import generation_bump

    generation_bump(GENERATION_CACHE_KEY)


def default_calendar(region_code: str | None = None) -> Calendar:
    """The calendar of this installation with the admin's overrides from the database.

    Overrides without a region apply everywhere; those with a region apply to that region and
    everything beneath it (a kecamatan holiday applies to its desa). The overrides are kept in
    the shared cache (one round trip) and invalidated by :func:`calendar_cache_clear`, which the
    local-holiday services call after commit.
    """
    from layanan.core.cache import fresh_get, fresh_set

    key = OVERRIDES_CACHE_KEY.format(region=region_code or "-")
    rows, generations = fresh_get(key, [GENERATION_CACHE_KEY])
    if rows is None:
        rows = calendar_overrides(region_code)
        fresh_set(key, generations, rows, OVERRIDES_CACHE_TTL)
    return calendar_from_overrides(rows)


def calendar_from_overrides(rows: Iterable[tuple[dt.date, bool]]) -> Calendar:
    rows = list(rows)
    off = frozenset(d for d, working in rows if not working)
    on = frozenset(d for d, working in rows if working)
    return Calendar(national=is_national_holiday, extra_holidays=off, extra_working_days=on)


def add_working_days(start: dt.date, n: int, *, region_code: str | None = None) -> dt.date:
    return default_calendar(region_code).add_working_days(start, n)


def working_days_between(start: dt.date, end: dt.date, *, region_code: str | None = None) -> int:
    return default_calendar(region_code).working_days_between(start, end)


def is_working_day(day: dt.date, *, region_code: str | None = None) -> bool:
    return default_calendar(region_code).is_working_day(day)
