"""Encryption at rest for personal data (UU 27/2022), keyed blind indexes and masking.

Keys are held apart from ``SECRET_KEY``:

* ``LAYANAN_FIELD_ENCRYPTION_KEYS`` — comma-separated Fernet keys, **newest first**. The first key
  encrypts; every key decrypts (``cryptography.fernet.MultiFernet``), so a key is rotated by
  putting a new key in front, running ``layanan reencrypt_personal_data`` and then removing the
  old key. Generate a key with
  ``python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"``.
* ``LAYANAN_BLIND_INDEX_KEY`` — a separate secret (>= 32 characters) for the HMAC-SHA256 blind
  index, used for exact lookup and uniqueness of encrypted values (NIK). Generate with
  ``python -c "import secrets; print(secrets.token_urlsafe(48))"``.

Production refuses to start without both; the demo profile generates them once into
``$LAYANAN_DATA_DIR/keys.json``; the test profile uses fixed keys.

API (what other contexts use)::

    from layanan.core.crypto import (
        EncryptedTextField, EncryptedDateField, BlindIndexField,
        blind_index, mask_nik, mask_phone, mask_email, mask_text, mask_date,
    )

    class CitizenProfile(models.Model):
        user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.CASCADE)
        nik = EncryptedTextField(_("NIK"), blank=True)
        # Filled from ``nik`` on every save (normalised, HMAC, hex); unique => no duplicate NIK.
        nik_index = BlindIndexField(source="nik", purpose="nik", unique=True)
        kk_number = EncryptedTextField(_("nomor KK"), blank=True)
        phone = EncryptedTextField(_("telepon"), blank=True)
        phone_index = BlindIndexField(source="phone", purpose="phone", db_index=True)
        address = EncryptedTextField(_("alamat"), blank=True)
        birth_date = EncryptedDateField(_("tanggal lahir"), null=True, blank=True)

    # exact lookup by NIK:
    CitizenProfile.objects.filter(nik_index=blind_index(nik, purpose="nik"))

Rules of the fields:

* Values are encrypted in ``get_db_prep_save`` and decrypted in ``from_db_value``: model code
  sees plaintext, the database column holds a Fernet token (text). ``""`` stays ``""`` and
  ``None`` stays ``NULL`` (only emptiness is visible).
* Encrypted columns cannot be filtered or ordered on (each encryption is randomised); only
  ``__isnull`` is allowed. Use the blind index for equality.
* ``BlindIndexField`` is recomputed from its source in ``pre_save``; ``QuerySet.update()`` does
  not run ``pre_save``, so update such rows with ``save()`` (or recompute with
  ``blind_index``). Empty source => ``NULL`` index (many NULLs are allowed by a unique index).
* ``blind_index(value, purpose=...)`` normalises first: NIK drops spaces/dots/dashes, phone
  becomes ``+62…``, email is lower-cased, anything else is stripped and case-folded.

Masking helpers (for display to roles that do not need the full value): ``mask_nik``
(``1803************``), ``mask_phone`` (``+62812****5678``), ``mask_email`` (``bu***@example.com``),
``mask_text`` (``Jl.****``), ``mask_date`` (``**-**-1990``).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
from collections.abc import Iterator, Sequence
from functools import lru_cache
from typing import Any

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.apps import apps
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import models
from django.db.models import Model
from django.utils.translation import gettext_lazy as _

from layanan.core.nik import mask_nik, normalise_nik
from layanan.core.phone import to_e164_lenient

__all__ = [
    "BlindIndexField",
    "DecryptionError",
    "EncryptedDateField",
    "EncryptedTextField",
    "blind_index",
    "decrypt",
    "encrypt",
    "encrypted_fields",
    "is_current_key",
    "mask_date",
    "mask_email",
    "mask_nik",
    "mask_phone",
    "mask_text",
    "normalise_for_index",
    "normalise_phone",
    "rotate_token",
]

KEYS_SETTING = "LAYANAN_FIELD_ENCRYPTION_KEYS"
BLIND_KEY_SETTING = "LAYANAN_BLIND_INDEX_KEY"
KEY_HINT = (
    'python -c "from cryptography.fernet import Fernet; print(Fernet.generate_key().decode())"'
)
BLIND_HINT = 'python -c "import secrets; print(secrets.token_urlsafe(48))"'
BLIND_INDEX_BYTES = 16  # 128 bits of HMAC-SHA256 -> 32 hex characters
BLIND_INDEX_LENGTH = BLIND_INDEX_BYTES * 2


class DecryptionError(ValueError):
    """A stored value could not be decrypted by any configured key."""


# --- keys -----------------------------------------------------------------------------------


def _configured_keys() -> tuple[str, ...]:
    raw = getattr(settings, KEYS_SETTING, None) or ()
    if isinstance(raw, str):
        raw = raw.split(",")
    keys = tuple(k.strip() for k in raw if k and k.strip())
    if not keys:
        raise ImproperlyConfigured(
            f"{KEYS_SETTING} is not set: comma-separated Fernet keys, newest first. "
            f"Generate one with: {KEY_HINT}"
        )
    return keys


@lru_cache(maxsize=8)
def _multifernet(keys: tuple[str, ...]) -> tuple[MultiFernet, Fernet]:
    try:
        fernets = [Fernet(k.encode()) for k in keys]
    except ValueError as exc:
        raise ImproperlyConfigured(
            f"{KEYS_SETTING}: every key must be a url-safe base64 32-byte Fernet key ({KEY_HINT})"
        ) from exc
    return MultiFernet(fernets), fernets[0]


def _fernets() -> tuple[MultiFernet, Fernet]:
    return _multifernet(_configured_keys())


def _blind_key() -> bytes:
    key = str(getattr(settings, BLIND_KEY_SETTING, "") or "")
    if len(key) < 32:
        raise ImproperlyConfigured(
            f"{BLIND_KEY_SETTING} must be a secret of at least 32 characters, apart from the "
            f"encryption keys. Generate one with: {BLIND_HINT}"
        )
    return key.encode()


def encrypt(plaintext: str) -> str:
    """Encrypt ``plaintext`` with the newest key; returns a Fernet token (ASCII text)."""
    multi, _newest = _fernets()
    return multi.encrypt(plaintext.encode("utf-8")).decode("ascii")


def decrypt(token: str) -> str:
    """Decrypt a token written with any configured key, or raise :class:`DecryptionError`."""
    multi, _newest = _fernets()
    try:
        return multi.decrypt(token.encode("ascii")).decode("utf-8")
    except (InvalidToken, UnicodeError) as exc:
        raise DecryptionError(
            "Cannot decrypt a stored personal-data value: the key that wrote it is not in "
            f"{KEYS_SETTING} (or the value is not ciphertext)."
        ) from exc


def is_current_key(token: str) -> bool:
    """True when ``token`` was written with the newest key (no re-encryption needed)."""
    _multi, newest = _fernets()
    try:
        newest.decrypt(token.encode("ascii"))
    except (InvalidToken, UnicodeError):
        return False
    return True


def rotate_token(token: str) -> str:
    """Re-encrypt ``token`` with the newest key (the plaintext never leaves this function)."""
    multi, _newest = _fernets()
    try:
        return multi.rotate(token.encode("ascii")).decode("ascii")
    except InvalidToken as exc:
        raise DecryptionError("Cannot re-encrypt: no configured key decrypts this value.") from exc


# --- blind index ----------------------------------------------------------------------------


def normalise_phone(value: str) -> str:
    """``0812-3456-5678`` / ``62812…`` / ``+62 812…`` -> ``+6281234565678`` (never raises)."""
    return to_e164_lenient(value)


def normalise_for_index(value: str, purpose: str) -> str:
    if purpose in ("nik", "kk"):
        return normalise_nik(value)
    if purpose == "phone":
        return normalise_phone(value)
    if purpose == "email":
        return str(value).strip().lower()
    return " ".join(str(value).split()).casefold()


def blind_index(value: str, *, purpose: str = "nik") -> str:
    """Keyed HMAC-SHA256 of the normalised value, truncated to 32 hex characters.

    ``purpose`` separates domains so a NIK and a KK number with the same digits differ.
    """
    normalised = normalise_for_index(value, purpose)
    message = purpose.encode("utf-8") + b"\x00" + normalised.encode("utf-8")
    digest = hmac.new(_blind_key(), message, hashlib.sha256).digest()
    return digest[:BLIND_INDEX_BYTES].hex()


# --- model fields ---------------------------------------------------------------------------


class EncryptedTextField(models.TextField):  # type: ignore[type-arg]
    """Text encrypted at rest with the rotating field keys; plaintext in Python."""

    description = _("Teks terenkripsi")
    encrypted = True

    def get_internal_type(self) -> str:
        return "TextField"

    def get_lookup(self, lookup_name: str) -> Any:
        if lookup_name != "isnull":
            return None  # ciphertext is randomised: equality/ordering would be meaningless
        return super().get_lookup(lookup_name)

    def to_plain(self, value: Any) -> str | None:
        """Python value -> plaintext string (hook for subclasses)."""
        if value is None:
            return None
        return str(value)

    def from_plain(self, value: str) -> Any:
        """Plaintext string -> Python value (hook for subclasses)."""
        return value

    def get_db_prep_save(self, value: Any, connection: Any) -> Any:
        plain = self.to_plain(self.to_python(value))
        if plain is None or plain == "":
            return plain
        return encrypt(plain)

    def from_db_value(self, value: Any, expression: Any, connection: Any) -> Any:
        if value is None or value == "":
            return None if value is None else self.from_plain_empty()
        return self.from_plain(decrypt(value))

    def from_plain_empty(self) -> Any:
        return ""


class EncryptedDateField(EncryptedTextField):
    """A date encrypted at rest (ISO ``YYYY-MM-DD`` inside the ciphertext); ``datetime.date``
    in Python. Use ``null=True`` for an optional date."""

    description = _("Tanggal terenkripsi")

    def to_python(self, value: Any) -> Any:
        if value is None or value == "":
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        return models.DateField().to_python(value)

    def to_plain(self, value: Any) -> str | None:
        if value is None:
            return None
        return value.isoformat() if isinstance(value, dt.date) else str(value)

    def from_plain(self, value: str) -> Any:
        return dt.date.fromisoformat(value)

    def from_plain_empty(self) -> Any:
        return None

    def formfield(
        self,
        form_class: Any = None,
        choices_form_class: Any = None,
        **kwargs: Any,
    ) -> Any:
        from django import forms

        kwargs.pop("widget", None)
        return models.Field.formfield(
            self, form_class=form_class or forms.DateField, choices_form_class=None, **kwargs
        )

    def value_to_string(self, obj: Model) -> str:
        value = self.value_from_object(obj)
        return "" if value is None else value.isoformat()


class BlindIndexField(models.CharField):  # type: ignore[type-arg]
    """HMAC blind index of another (encrypted) field, recomputed on every save.

    ``BlindIndexField(source="nik", purpose="nik", unique=True)``. NULL when the source is empty.
    """

    description = _("Indeks buta (HMAC)")

    def __init__(self, *args: Any, source: str, purpose: str = "nik", **kwargs: Any) -> None:
        self.source = source
        self.purpose = purpose
        kwargs.setdefault("max_length", BLIND_INDEX_LENGTH)
        kwargs["null"] = True
        kwargs["blank"] = True
        kwargs["editable"] = False
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        kwargs["source"] = self.source
        kwargs["purpose"] = self.purpose
        for key in ("null", "blank", "editable"):
            kwargs.pop(key, None)
        if kwargs.get("max_length") == BLIND_INDEX_LENGTH:
            kwargs.pop("max_length")
        return name, path, args, kwargs

    def compute(self, instance: Model) -> str | None:
        value = getattr(instance, self.source)
        if value is None or value == "":
            return None
        if isinstance(value, dt.date):
            value = value.isoformat()
        return blind_index(str(value), purpose=self.purpose)

    def pre_save(self, model_instance: Model, add: bool) -> Any:
        value = self.compute(model_instance)
        setattr(model_instance, self.attname, value)
        return value


# --- discovery (used by the re-encryption command) ------------------------------------------


def encrypted_fields(
    models_: Sequence[type[Model]] | None = None,
) -> Iterator[tuple[type[Model], list[EncryptedTextField], list[BlindIndexField]]]:
    """Every concrete model with encrypted fields, with its encrypted and blind-index fields."""
    for model in models_ if models_ is not None else apps.get_models():
        if model._meta.abstract or model._meta.proxy or not model._meta.managed:
            continue
        enc = [f for f in model._meta.concrete_fields if isinstance(f, EncryptedTextField)]
        idx = [f for f in model._meta.concrete_fields if isinstance(f, BlindIndexField)]
        if enc or idx:
            yield model, enc, idx


# --- masking --------------------------------------------------------------------------------


def mask_phone(value: str | None) -> str:
    """``081234565678`` -> ``+62812****5678`` (country code + 3 digits ... last 4)."""
    if not value:
        return ""
    phone = normalise_phone(value)
    if len(phone) <= 8:
        return "*" * len(phone)
    return phone[:6] + "****" + phone[-4:]


def mask_email(value: str | None) -> str:
    """``budi.santoso@example.com`` -> ``bu***@example.com``."""
    if not value:
        return ""
    local, sep, domain = str(value).partition("@")
    keep = 2 if len(local) > 3 else 1
    return local[:keep] + "***" + (sep + domain if sep else "")


def mask_text(value: str | None, *, keep: int = 3) -> str:
    """``Jl. Merdeka No. 5`` -> ``Jl.****``: the first characters, then a fixed-width mask
    (the length of the original is not revealed)."""
    if not value:
        return ""
    text = str(value).strip()
    return text[: min(keep, max(len(text) - 1, 0))] + "****"


def mask_date(value: dt.date | str | None) -> str:
    """``1990-05-17`` -> ``**-**-1990`` (year only)."""
    if not value:
        return ""
    year = value.year if isinstance(value, dt.date) else str(value)[:4]
    return f"**-**-{year}"
