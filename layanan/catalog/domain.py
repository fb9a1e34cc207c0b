"""Pure catalog rules (no ORM): form definitions, answers, completion dates, search text, fees."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from functools import lru_cache
from typing import Any

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.utils.translation import gettext as _

from layanan.core.calendar import Calendar
from layanan.core.nik import NikError, parse_nik
from layanan.core.phone import PhoneError, to_e164

FIELD_TYPES = (
    "text",
    "textarea",
    "number",
    "date",
    "select",
    "radio",
    "checkbox",
    "email",
    "phone",
    "nik",
    "file",
)
CHOICE_TYPES = frozenset({"select", "radio"})
TEXT_TYPES = frozenset({"text", "textarea", "email", "phone", "nik"})
NAME_RE = re.compile(r"^[a-z][a-z0-9_]{0,59}$")
TRUE_VALUES = frozenset({"1", "true", "on", "ya", "yes"})


# The manufacturing components of a Standar Pelayanan (kept by the unit; PermenPAN-RB 15/2014).
MANUFACTURING_FIELDS: tuple[str, ...] = (
    "legal_basis",
    "facilities",
    "staff_competence",
    "internal_supervision",
    "staff_count",
    "service_guarantee",
    "security_guarantee",
    "performance_evaluation",
)


@dataclass(frozen=True)
class Choice:
    value: str
    label: str


@dataclass(frozen=True)
class FieldSpec:
    """One field of an application form, as plain data."""

    name: str
    label: str
    field_type: str
    required: bool = True
    help_text: str = ""
    choices: tuple[Choice, ...] = ()
    min_value: Decimal | None = None
    max_value: Decimal | None = None
    min_length: int | None = None
    max_length: int | None = None
    regex: str = ""
    show_if_field: str = ""
    show_if_value: str = ""


@dataclass
class AnswerResult:
    """Outcome of :func:`validate_answers`: cleaned values of visible fields and errors."""

    cleaned: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def is_valid(self) -> bool:
        return not self.errors


def parse_choices(text: str) -> tuple[Choice, ...]:
    """One choice per line, either ``Label`` or ``value|Label``; blank lines are ignored."""
    result: list[Choice] = []
    for raw in text.splitlines():
        line = raw.strip()
        if not line:
            continue
        value, sep, label = line.partition("|")
        if sep:
            result.append(Choice(value=value.strip(), label=label.strip() or value.strip()))
        else:
            result.append(Choice(value=line, label=line))
    return tuple(result)


# --- form definitions -------------------------------------------------------------------------


def validate_form_definition(fields: Sequence[FieldSpec]) -> dict[int, list[str]]:
    """Check a form definition; returns ``{index of field: [messages]}`` (empty when valid)."""
    errors: dict[int, list[str]] = {}

    def add(i: int, message: str) -> None:
        errors.setdefault(i, []).append(message)

    earlier: dict[str, FieldSpec] = {}
    for i, spec in enumerate(fields):
        if not NAME_RE.match(spec.name):
            add(
                i,
                _(
                    "Nama teknis “%(name)s” tidak sah: gunakan huruf kecil, angka dan garis "
                    "bawah, diawali huruf."
                )
                % {"name": spec.name},
            )
        if spec.name in earlier:
            add(i, _("Nama teknis “%(name)s” dipakai lebih dari sekali.") % {"name": spec.name})
        if not spec.label.strip():
            add(i, _("Label wajib diisi."))
        if spec.field_type not in FIELD_TYPES:
            add(i, _("Jenis isian “%(type)s” tidak dikenal.") % {"type": spec.field_type})
        values = [c.value for c in spec.choices]
        if spec.field_type in CHOICE_TYPES and not spec.choices:
            add(i, _("Isian pilihan harus mempunyai daftar pilihan."))
        if spec.choices and spec.field_type not in CHOICE_TYPES | {"checkbox"}:
            add(i, _("Daftar pilihan hanya untuk isian pilihan atau kotak centang."))
        if len(set(values)) != len(values):
            add(i, _("Nilai pilihan tidak boleh kembar."))
        if (
            spec.min_value is not None
            and spec.max_value is not None
            and spec.min_value > spec.max_value
        ):
            add(i, _("Nilai minimum lebih besar dari nilai maksimum."))
        if (
            spec.min_length is not None
            and spec.max_length is not None
            and spec.min_length > spec.max_length
        ):
            add(i, _("Panjang minimum lebih besar dari panjang maksimum."))
        if spec.regex:
            try:
                re.compile(spec.regex)
            except re.error:
                add(i, _("Pola (regex) tidak sah."))
        if spec.show_if_field:
            target = earlier.get(spec.show_if_field)
            if target is None:
                add(
                    i,
                    _("Syarat tampil harus merujuk isian sebelumnya; “%(name)s” tidak ada.")
                    % {"name": spec.show_if_field},
                )
            elif not spec.show_if_value:
                add(i, _("Syarat tampil harus menyebut nilai yang ditunggu."))
            elif target.choices and spec.show_if_value not in {c.value for c in target.choices}:
                add(
                    i,
                    _("Nilai “%(value)s” bukan salah satu pilihan isian “%(name)s”.")
                    % {"value": spec.show_if_value, "name": target.name},
                )
        elif spec.show_if_value:
            add(i, _("Nilai syarat tampil diisi tanpa isian acuan."))
        earlier.setdefault(spec.name, spec)
    return errors


# --- answers ----------------------------------------------------------------------------------


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | tuple | set):
        return len(value) == 0
    return value is False


def _truthy(value: Any) -> bool:
    if isinstance(value, bool):
        return value
    return str(value).strip().lower() in TRUE_VALUES


def _matches(target: FieldSpec, value: Any, expected: str) -> bool:
    if target.field_type == "checkbox" and not target.choices:
        return _truthy(value) == _truthy(expected)
    if isinstance(value, list | tuple | set):
        return expected in {str(v) for v in value}
    if value is None:
        return False
    return str(value).strip() == expected


def visible_fields(fields: Sequence[FieldSpec], answers: Mapping[str, Any]) -> list[FieldSpec]:
    """The fields shown for these answers; a field whose condition field is hidden is hidden."""
    shown: dict[str, FieldSpec] = {}
    for spec in fields:
        if spec.show_if_field:
            target = shown.get(spec.show_if_field)
            if target is None:
                continue
            if not _matches(target, answers.get(spec.show_if_field), spec.show_if_value):
                continue
        shown[spec.name] = spec
    return list(shown.values())


def _clean_one(
    spec: FieldSpec,
    value: Any,
    *,
    today: dt.date,
    region_exists: Callable[[str], bool],
) -> Any:
    """Return the cleaned value or raise ``ValueError`` with a translated message."""
    kind = spec.field_type
    if kind == "checkbox":
        if spec.choices:
            items = [str(v) for v in (value if isinstance(value, list | tuple) else [value])]
            allowed = {c.value for c in spec.choices}
            if any(item not in allowed for item in items):
                raise ValueError(_("Pilih dari pilihan yang tersedia."))
            return items
        return _truthy(value)
    if kind == "file":
        return value
    text = str(value).strip()
    if kind in CHOICE_TYPES:
        if text not in {c.value for c in spec.choices}:
            raise ValueError(_("Pilih dari pilihan yang tersedia."))
        return text
    if kind == "number":
        try:
            number = Decimal(text.replace(" ", "").replace(",", "."))
        except InvalidOperation:
            raise ValueError(_("Masukkan angka.")) from None
        if not number.is_finite():
            raise ValueError(_("Masukkan angka."))
        if spec.min_value is not None and number < spec.min_value:
            raise ValueError(
                _("Nilai paling kecil %(min)s.") % {"min": _plain_number(spec.min_value)}
            )
        if spec.max_value is not None and number > spec.max_value:
            raise ValueError(
                _("Nilai paling besar %(max)s.") % {"max": _plain_number(spec.max_value)}
            )
        return number
    if kind == "date":
        try:
            day = dt.date.fromisoformat(text)
        except ValueError:
            raise ValueError(_("Masukkan tanggal yang sah (TTTT-BB-HH).")) from None
        return day
    if kind == "email":
        try:
            validate_email(text)
        except ValidationError:
            raise ValueError(_("Masukkan alamat email yang sah.")) from None
        text = text.lower()
    elif kind == "phone":
        try:
            text = to_e164(text)
        except PhoneError as exc:
            raise ValueError(exc.message) from None
    elif kind == "nik":
        try:
            text = parse_nik(text, region_exists=region_exists, today=today).nik
        except NikError as exc:
            raise ValueError(exc.message) from None
    if spec.min_length is not None and len(text) < spec.min_length:
        raise ValueError(_("Paling sedikit %(n)d karakter.") % {"n": spec.min_length})
    if spec.max_length is not None and len(text) > spec.max_length:
        raise ValueError(_("Paling banyak %(n)d karakter.") % {"n": spec.max_length})
    if spec.regex and not re.fullmatch(spec.regex, text):
        raise ValueError(_("Format isian tidak sesuai."))
    return text


def _plain_number(value: Decimal) -> str:
    normal = value.normalize()
    return format(normal, "f")


def validate_answers(
    fields: Sequence[FieldSpec],
    answers: Mapping[str, Any],
    *,
    today: dt.date,
    region_exists: Callable[[str], bool] | None = None,
) -> AnswerResult:
    """Validate submitted answers against a form definition.

    Hidden fields (their show-if condition is not met) are neither required nor kept; answers to
    unknown fields are dropped. Messages are in the active language (Bahasa Indonesia source).
    ``region_exists`` checks the kecamatan code of a NIK (default: accept every code).
    """
    result = AnswerResult()
    check_region = region_exists or (lambda code: True)
    for spec in visible_fields(fields, answers):
        value = answers.get(spec.name)
        if _is_empty(value):
            if spec.required:
                if spec.field_type == "checkbox" and not spec.choices:
                    result.errors[spec.name] = _("Centang “%(label)s” untuk melanjutkan.") % {
                        "label": spec.label
                    }
                else:
                    result.errors[spec.name] = _("%(label)s wajib diisi.") % {"label": spec.label}
            continue
        try:
            result.cleaned[spec.name] = _clean_one(
                spec, value, today=today, region_exists=check_region
            )
        except ValueError as exc:
            result.errors[spec.name] = str(exc)
    return result


# --- dates and fees ---------------------------------------------------------------------------


def expected_completion(
    submitted_on: dt.date, sla_working_days: int, calendar: Calendar
) -> dt.date:
    """The day a request made on ``submitted_on`` is due (see ``layanan.core.calendar``)."""
    return calendar.add_working_days(submitted_on, sla_working_days)


def format_rupiah(amount: int, language: str = "id") -> str:
    grouped = f"{amount:,}"
    if language.startswith("id"):
        grouped = grouped.replace(",", ".")
    return f"Rp {grouped}"


def fee_display(amount: int | None, language: str = "id") -> str:
    """``Gratis``, ``Rp 150.000`` or, when computed per application, a pointer to the note."""
    if amount is None:
        return _("Dihitung per permohonan")
    return _("Gratis") if amount == 0 else format_rupiah(amount, language)


# --- search -----------------------------------------------------------------------------------

_WORD_RE = re.compile(r"[0-9a-z]+")
# Words people type around a service name that never occur in the standard itself.
QUERY_STOPWORDS = frozenset(
    {"cara", "bagaimana", "urus", "buat", "bikin", "untuk", "dan", "di", "ke", "yang", "dari"}
)


@lru_cache(maxsize=1)
def _stemmer() -> Any:
    from Sastrawi.Stemmer.StemmerFactory import StemmerFactory

    return StemmerFactory().create_stemmer()


@lru_cache(maxsize=4096)
def stem_word(word: str) -> str:
    stemmed = str(_stemmer().stem(word))
    return stemmed or word


def stem_tokens(text: str) -> list[str]:
    """Lower-case words of ``text`` reduced to their Indonesian root (Sastrawi)."""
    return [stem_word(w) for w in _WORD_RE.findall(text.lower())]


def build_search_text(parts: Iterable[str]) -> str:
    """Space-delimited, de-duplicated stems, with a leading and trailing space for matching."""
    seen: dict[str, None] = {}
    for part in parts:
        for token in _WORD_RE.findall(part.lower()):
            seen.setdefault(token, None)
            seen.setdefault(stem_word(token), None)
    return " " + " ".join(seen) + " "


def query_tokens(query: str) -> list[str]:
    """Stems of the query words, without filler words; each must prefix a word of the text."""
    tokens = [t for t in stem_tokens(query) if t not in QUERY_STOPWORDS]
    return list(dict.fromkeys(tokens))
