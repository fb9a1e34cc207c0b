"""NIK (Nomor Induk Kependudukan) validation: pure rules, no ORM.

NIK = PP KK CC DDMMYY SSSS: province, kabupaten/kota, kecamatan, birth date (women add 40 to the
day), serial. The region check is injected (``region_exists``) so this module stays pure.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

MAX_AGE_YEARS = 120


class NikError(ValueError):
    """A NIK failed one rule; ``code`` is stable for API clients, ``message`` is translated."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class NikInfo:
    nik: str
    province_code: str
    regency_code: str
    district_code: str
    birth_date: dt.date
    sex: str  # "L" (laki-laki) or "P" (perempuan)
    serial: str

    @property
    def masked(self) -> str:
        return mask_nik(self.nik)


def normalise_nik(value: str) -> str:
    """Strip the spaces, dots and dashes people type between groups of digits."""
    return "".join(ch for ch in str(value) if ch not in " .-\t")


def mask_nik(value: str) -> str:
    """``1803************``: keep the kabupaten prefix only."""
    digits = normalise_nik(value)
    if len(digits) <= 4:
        return "*" * len(digits)
    return digits[:4] + "*" * (len(digits) - 4)


def _birth_date(day: int, month: int, yy: int, today: dt.date) -> dt.date | None:
    for century in (2000, 1900):
        year = century + yy
        try:
            candidate = dt.date(year, month, day)
        except ValueError:
            return None
        age_years = today.year - candidate.year
        if candidate <= today and age_years <= MAX_AGE_YEARS:
            return candidate
    return None


def parse_nik(
    value: str,
    *,
    region_exists: Callable[[str], bool],
    today: dt.date,
) -> NikInfo:
    """Validate a NIK and return what it encodes, or raise :class:`NikError`.

    ``region_exists`` receives the dotted kecamatan code (``18.03.02``).
    """
    nik = normalise_nik(value)
    if not nik.isdigit() or len(nik) != 16:
        if not nik.isdigit() and nik:
            raise NikError("nik_not_digits", str(_("NIK hanya boleh berisi angka.")))
        raise NikError("nik_length", str(_("NIK harus terdiri dari 16 angka.")))
    province, regency, district = nik[0:2], nik[2:4], nik[4:6]
    district_code = f"{province}.{regency}.{district}"
    if not region_exists(district_code):
        raise NikError(
            "nik_region_unknown",
            str(
                _("Kode wilayah %(code)s pada NIK tidak dikenal (kecamatan tidak terdaftar).")
                % {"code": district_code}
            ),
        )
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    sex = "L"
    if day > 40:
        sex = "P"
        day -= 40
    birth = _birth_date(day, month, yy, today) if 1 <= day <= 31 and 1 <= month <= 12 else None
    if birth is None:
        raise NikError(
            "nik_birth_date_invalid",
            str(_("Tanggal lahir pada NIK (angka ke-7 sampai ke-12) bukan tanggal yang sah.")),
        )
    serial = nik[12:16]
    if serial == "0000":
        raise NikError(
            "nik_serial_zero", str(_("Nomor urut NIK (4 angka terakhir) tidak boleh 0000."))
        )
    return NikInfo(
        nik=nik,
        province_code=province,
        regency_code=f"{province}.{regency}",
        district_code=district_code,
        birth_date=birth,
        sex=sex,
        serial=serial,
    )
