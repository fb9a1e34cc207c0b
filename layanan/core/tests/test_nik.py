import datetime as dt

import pytest
from django.core.management import call_command
from django.utils import translation

from layanan.core.nik import NikError, mask_nik, parse_nik
from layanan.core.wilayah import validate_nik

TODAY = dt.date(2026, 11, 22)


def known(code):
    return code in {"18.03.02", "18.03.01"}


def parse(value):
    return parse_nik(value, region_exists=known, today=TODAY)


def test_valid_male_nik():
    info = parse("1803021708900001")
    assert info.birth_date == dt.date(1990, 8, 17)
    assert info.sex == "L"
    assert info.district_code == "18.03.02"
    assert info.regency_code == "18.03"


def test_women_add_forty_to_the_day():
    info = parse("1803025708900002")
    assert info.birth_date == dt.date(1990, 8, 17)
    assert info.sex == "P"


def test_two_digit_year_picks_a_plausible_century():
    assert parse("1803020101200003").birth_date == dt.date(2020, 1, 1)
    assert parse("1803020101300003").birth_date == dt.date(1930, 1, 1)


def test_spaces_and_dots_are_ignored():
    assert parse("1803 0217 0890 0001").nik == "1803021708900001"


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("180302170890001", "nik_length"),
        ("18030217089000011", "nik_length"),
        ("", "nik_length"),
        ("18030217089O0001", "nik_not_digits"),
        ("1804021708900001", "nik_region_unknown"),
        ("1803023208900001", "nik_birth_date_invalid"),  # day 32
        ("1803021713900001", "nik_birth_date_invalid"),  # month 13
        ("1803023102900001", "nik_birth_date_invalid"),  # 31 February
        ("1803027202900001", "nik_birth_date_invalid"),  # woman, 32 February
        ("1803021708900000", "nik_serial_zero"),
    ],
)
def test_each_failure_has_its_own_code(value, code):
    with pytest.raises(NikError) as exc:
        parse(value)
    assert exc.value.code == code


def test_a_date_in_the_future_means_the_previous_century():
    info = parse_nik("1803020112260001", region_exists=known, today=dt.date(2026, 11, 22))
    assert info.birth_date == dt.date(1926, 12, 1)


def test_messages_in_indonesian_and_english():
    with translation.override("id"):
        with pytest.raises(NikError) as exc:
            parse("123")
        assert "16 angka" in exc.value.message
    with translation.override("en"):
        with pytest.raises(NikError) as exc:
            parse("123")
        assert "16 digits" in exc.value.message


def test_mask():
    assert mask_nik("1803021708900001") == "1803************"


@pytest.mark.django_db
def test_validate_against_loaded_regions():
    call_command("load_regions", "--seed-only", verbosity=0)
    assert validate_nik("1803021708900001").district_code == "18.03.02"
    with pytest.raises(NikError) as exc:
        validate_nik("1803991708900001")
    assert exc.value.code == "nik_region_unknown"
