import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from layanan.core import calendar
from layanan.core.calendar import Calendar, is_national_holiday
from layanan.core.models import Region
from layanan.core.services import local_holiday_delete, local_holiday_save

CAL = Calendar(national=is_national_holiday)
dates = st.dates(min_value=dt.date(2020, 1, 1), max_value=dt.date(2030, 12, 31))


def test_weekend_and_national_holidays_are_not_working_days():
    assert not CAL.is_working_day(dt.date(2026, 11, 21))  # Saturday
    assert not CAL.is_working_day(dt.date(2026, 8, 17))  # Hari Kemerdekaan
    assert not CAL.is_working_day(dt.date(2026, 12, 24))  # cuti bersama Natal (government)
    assert CAL.is_working_day(dt.date(2026, 11, 23))  # Monday


def test_add_working_days_skips_weekend_and_cuti_bersama():
    # Monday 2026-03-16 + 5 working days: 17, 18(cuti bersama Nyepi), 19(Nyepi), 20(cuti bersama),
    # 21–24 Idul Fitri & cuti bersama, so 17, 25, 26, 27, 30.
    assert CAL.add_working_days(dt.date(2026, 3, 16), 5) == dt.date(2026, 3, 30)
    # Friday + 1 = Monday
    assert CAL.add_working_days(dt.date(2026, 11, 20), 1) == dt.date(2026, 11, 23)
    # zero days on a Saturday is the next working day
    assert CAL.add_working_days(dt.date(2026, 11, 21), 0) == dt.date(2026, 11, 23)


def test_negative_days_rejected():
    with pytest.raises(ValueError, match=">= 0"):
        CAL.add_working_days(dt.date(2026, 1, 1), -1)


@settings(max_examples=300, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=60))
def test_between_inverts_add(start, n):
    end = CAL.add_working_days(start, n)
    assert end > start
    assert CAL.is_working_day(end)
    assert CAL.working_days_between(start, end) == n
    # the day before the due date still lacks one working day
    assert CAL.working_days_between(start, end - dt.timedelta(days=1)) == n - 1


@settings(max_examples=300, deadline=None)
@given(a=dates, b=dates)
def test_between_is_antisymmetric(a, b):
    assert CAL.working_days_between(a, b) == -CAL.working_days_between(b, a)


@settings(max_examples=200, deadline=None)
@given(start=dates, n=st.integers(min_value=0, max_value=40), m=st.integers(0, 40))
def test_add_is_monotonic_and_never_lands_on_a_day_off(start, n, m):
    lo, hi = sorted((n, m))
    assert CAL.add_working_days(start, lo) <= CAL.add_working_days(start, hi)
    assert CAL.is_working_day(CAL.add_working_days(start, hi))


@settings(max_examples=100, deadline=None)
@given(start=dates, n=st.integers(min_value=1, max_value=30), extra=dates)
def test_an_extra_holiday_never_shortens_a_deadline(start, n, extra):
    with_extra = Calendar(national=is_national_holiday, extra_holidays=frozenset({extra}))
    assert with_extra.add_working_days(start, n) >= CAL.add_working_days(start, n)


@pytest.mark.django_db(transaction=True)
def test_local_holiday_and_working_day_override_from_database():
    friday = dt.date(2026, 11, 27)
    assert calendar.is_working_day(friday)
    local_holiday_save(actor=None, date=friday, name="Hari jadi Kabupaten")
    assert not calendar.is_working_day(friday)
    assert calendar.add_working_days(dt.date(2026, 11, 26), 1) == dt.date(2026, 11, 30)
    # a cancelled cuti bersama becomes a working day again
    local_holiday_save(actor=None, date=dt.date(2026, 12, 24), name="Masuk", is_working_day=True)
    assert calendar.is_working_day(dt.date(2026, 12, 24))


@pytest.mark.django_db(transaction=True)
def test_regional_holiday_applies_to_the_region_and_below_only():
    Region.objects.create(code="18", name="Lampung", level=1)
    Region.objects.create(code="18.03", name="Lampung Utara", level=2, parent_id="18")
    Region.objects.create(code="18.03.02", name="Kotabumi", level=3, parent_id="18.03")
    day = dt.date(2026, 11, 25)
    local_holiday_save(actor=None, date=day, name="Libur daerah", region_code="18.03")
    assert not calendar.is_working_day(day, region_code="18.03.02")
    assert not calendar.is_working_day(day, region_code="18.03")
    assert calendar.is_working_day(day, region_code="18.04")
    assert calendar.is_working_day(day)


@pytest.mark.django_db(transaction=True)
def test_cached_overrides_follow_changes_and_are_audited():
    from layanan.audit.testing import logged_events

    day = dt.date(2026, 11, 24)
    assert calendar.is_working_day(day)  # fills the cache
    holiday = local_holiday_save(actor=None, date=day, name="Keputusan Bupati")
    assert not calendar.is_working_day(day)  # cache invalidated after commit
    local_holiday_delete(actor=None, holiday=holiday)
    assert calendar.is_working_day(day)
    actions = list(logged_events().values_list("action", flat=True))
    assert "calendar.local_holiday_create" in actions
    assert "calendar.local_holiday_delete" in actions
