from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.utils import translation

from layanan.catalog import domain
from layanan.catalog.domain import Choice, FieldSpec
from layanan.core.calendar import Calendar

YES_NO = (Choice("ya", "Ya"), Choice("tidak", "Tidak"))


def form():
    return [
        FieldSpec(name="nama", label="Nama", field_type="text", max_length=10),
        FieldSpec(
            name="umur",
            label="Umur",
            field_type="number",
            min_value=Decimal(0),
            max_value=Decimal(120),
        ),
        FieldSpec(name="hilang", label="Hilang?", field_type="radio", choices=YES_NO),
        FieldSpec(
            name="surat",
            label="Surat polisi",
            field_type="file",
            show_if_field="hilang",
            show_if_value="ya",
        ),
        FieldSpec(name="hiburan", label="Ada hiburan", field_type="checkbox", required=False),
        FieldSpec(
            name="jenis_hiburan",
            label="Jenis hiburan",
            field_type="text",
            show_if_field="hiburan",
            show_if_value="ya",
        ),
        FieldSpec(
            name="kode", label="Kode", field_type="text", required=False, regex=r"[A-Z]{3}-\d+"
        ),
        FieldSpec(name="email", label="Email", field_type="email", required=False),
        FieldSpec(name="hp", label="HP", field_type="phone", required=False),
        FieldSpec(name="nik", label="NIK", field_type="nik", required=False),
        FieldSpec(name="tgl", label="Tanggal", field_type="date", required=False),
    ]


def test_valid_definition_has_no_errors():
    assert domain.validate_form_definition(form()) == {}


def test_definition_rules():
    fields = [
        FieldSpec(name="a", label="A", field_type="text"),
        FieldSpec(name="a", label="A lagi", field_type="text"),
        FieldSpec(name="pilih", label="Pilih", field_type="select"),
        FieldSpec(name="b", label="B", field_type="text", show_if_field="c", show_if_value="x"),
        FieldSpec(name="c", label="C", field_type="radio", choices=YES_NO),
        FieldSpec(name="Bad Name", label="", field_type="warna"),
        FieldSpec(name="d", label="D", field_type="text", show_if_field="c", show_if_value="x"),
        FieldSpec(
            name="e", label="E", field_type="number", min_value=Decimal(5), max_value=Decimal(1)
        ),
        FieldSpec(name="f", label="F", field_type="text", regex="(["),
    ]
    errors = domain.validate_form_definition(fields)
    assert "dipakai lebih dari sekali" in errors[1][0]
    assert "daftar pilihan" in errors[2][0]
    assert "isian sebelumnya" in errors[3][0]  # c comes later
    assert 4 not in errors
    assert len(errors[5]) == 3  # bad name, no label, unknown type
    assert "bukan salah satu pilihan" in errors[6][0]
    assert "minimum" in errors[7][0]
    assert "regex" in errors[8][0]


def test_definition_errors_are_translated():
    with translation.override("en"):
        errors = domain.validate_form_definition(
            [FieldSpec(name="a", label="A", field_type="text")] * 2
        )
    assert "more than once" in errors[1][0]


def test_answers_valid_and_cleaned():
    result = domain.validate_answers(
        form(),
        {
            "nama": " Budi ",
            "umur": "30",
            "hilang": "tidak",
            "surat": "",
            "kode": "ABC-12",
            "email": "Budi@Contoh.ID",
            "hp": "0812-3456-7890",
            "nik": "1803024101900001",
            "tgl": "2026-12-07",
            "tidak_dikenal": "x",
        },
        today=dt.date(2026, 1, 1),
    )
    assert result.is_valid, result.errors
    assert result.cleaned["nama"] == "Budi"
    assert result.cleaned["umur"] == Decimal(30)
    assert result.cleaned["email"] == "budi@contoh.id"
    assert result.cleaned["hp"] == "+6281234567890"
    assert result.cleaned["tgl"] == dt.date(2026, 12, 7)
    assert "surat" not in result.cleaned  # hidden: hilang == tidak
    assert "tidak_dikenal" not in result.cleaned


def test_answers_errors_per_field_in_indonesian():
    result = domain.validate_answers(
        form(),
        {
            "nama": "Nama yang terlalu panjang",
            "umur": "200",
            "hilang": "mungkin",
            "kode": "abc",
            "email": "bukan-email",
            "hp": "123",
            "nik": "12345",
            "tgl": "7/12/2026",
        },
        today=dt.date(2026, 1, 1),
    )
    assert result.errors["nama"] == "Paling banyak 10 karakter."
    assert result.errors["umur"] == "Nilai paling besar 120."
    assert result.errors["hilang"] == "Pilih dari pilihan yang tersedia."
    assert result.errors["kode"] == "Format isian tidak sesuai."
    assert "email" in result.errors["email"]
    assert "Nomor HP" in result.errors["hp"]
    assert "16 angka" in result.errors["nik"]
    assert "TTTT-BB-HH" in result.errors["tgl"]


def test_answers_errors_in_english():
    with translation.override("en"):
        result = domain.validate_answers(form(), {}, today=dt.date(2026, 1, 1))
    assert result.errors["nama"] == "Nama is required."


def test_conditional_field_required_only_when_shown():
    base = {"nama": "Budi", "umur": "1"}
    shown = domain.validate_answers(form(), {**base, "hilang": "ya"}, today=dt.date(2026, 1, 1))
    assert shown.errors == {"surat": "Surat polisi wajib diisi."}
    hidden = domain.validate_answers(
        form(), {**base, "hilang": "tidak", "surat": "ignored"}, today=dt.date(2026, 1, 1)
    )
    assert hidden.is_valid
    assert "surat" not in hidden.cleaned
    # boolean checkbox as condition: HTML sends "on"
    ticked = domain.validate_answers(
        form(), {**base, "hilang": "tidak", "hiburan": "on"}, today=dt.date(2026, 1, 1)
    )
    assert ticked.errors == {"jenis_hiburan": "Jenis hiburan wajib diisi."}
    assert ticked.cleaned["hiburan"] is True


def test_condition_on_hidden_field_hides_the_chain():
    fields = [
        FieldSpec(name="a", label="A", field_type="radio", choices=YES_NO),
        FieldSpec(
            name="b",
            label="B",
            field_type="radio",
            choices=YES_NO,
            show_if_field="a",
            show_if_value="ya",
        ),
        FieldSpec(name="c", label="C", field_type="text", show_if_field="b", show_if_value="ya"),
    ]
    visible = domain.visible_fields(fields, {"a": "tidak", "b": "ya"})
    assert [f.name for f in visible] == ["a"]


def test_multi_checkbox_choices():
    spec = FieldSpec(name="jenis", label="Jenis", field_type="checkbox", choices=YES_NO)
    ok = domain.validate_answers([spec], {"jenis": ["ya"]}, today=dt.date(2026, 1, 1))
    assert ok.cleaned["jenis"] == ["ya"]
    bad = domain.validate_answers([spec], {"jenis": ["x"]}, today=dt.date(2026, 1, 1))
    assert "jenis" in bad.errors


def test_nik_region_is_injected():
    spec = FieldSpec(name="nik", label="NIK", field_type="nik")
    result = domain.validate_answers(
        [spec],
        {"nik": "1803024101900001"},
        today=dt.date(2026, 1, 1),
        region_exists=lambda code: code == "18.03.01",
    )
    assert "18.03.02" in result.errors["nik"]


def test_parse_choices():
    assert domain.parse_choices("a|Satu\n\nDua\n") == (Choice("a", "Satu"), Choice("Dua", "Dua"))


NO_HOLIDAYS = Calendar(national=lambda d: False)


def test_expected_completion_skips_weekend():
    friday = dt.date(2026, 12, 4)
    assert domain.expected_completion(friday, 1, NO_HOLIDAYS) == dt.date(2026, 12, 7)  # Monday
    assert domain.expected_completion(friday, 3, NO_HOLIDAYS) == dt.date(2026, 12, 9)
    assert domain.expected_completion(dt.date(2026, 12, 5), 0, NO_HOLIDAYS) == dt.date(2026, 12, 7)


def test_expected_completion_skips_holiday():
    calendar = Calendar(national=lambda d: False, extra_holidays=frozenset({dt.date(2026, 12, 8)}))
    monday = dt.date(2026, 12, 7)
    assert domain.expected_completion(monday, 1, calendar) == dt.date(2026, 12, 9)


def test_expected_completion_with_national_calendar():
    from layanan.core.calendar import is_national_holiday

    calendar = Calendar(national=is_national_holiday)
    # 2026-12-24 (Thu) is cuti bersama, 2026-12-25 (Fri) Christmas; then a weekend.
    assert is_national_holiday(dt.date(2026, 12, 25))
    result = domain.expected_completion(dt.date(2026, 12, 23), 1, calendar)
    assert result == dt.date(2026, 12, 28)


def test_fee_display():
    assert domain.fee_display(0) == "Gratis"
    assert domain.fee_display(150000, "id") == "Rp 150.000"
    assert domain.fee_display(150000, "en") == "Rp 150,000"
    with translation.override("en"):
        assert domain.fee_display(0, "en") == "Free"


def test_search_stems():
    assert domain.query_tokens("Akta Lahir") == ["akta", "lahir"]
    text = domain.build_search_text(["Akta Kelahiran"])
    assert " lahir" in text
    assert " kelahiran" in text
    assert domain.query_tokens("cara membuat KTP-el") == ["ktp", "el"]
