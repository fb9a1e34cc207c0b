"""Encryption at rest, key rotation, blind index and masking (layanan.core.crypto)."""

from __future__ import annotations

import datetime as dt
import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command
from django.db import IntegrityError, connection, models, transaction
from django.test import override_settings

from layanan.core import crypto
from layanan.core.crypto import (
    BlindIndexField,
    DecryptionError,
    EncryptedDateField,
    EncryptedTextField,
    blind_index,
    mask_date,
    mask_email,
    mask_nik,
    mask_phone,
    mask_text,
)

NIK = "1803024512900001"
OLD_KEY = Fernet.generate_key().decode()
NEW_KEY = Fernet.generate_key().decode()


class SecretThing(models.Model):
    """A model that exists only in these tests (its table is created by a fixture)."""

    nik = EncryptedTextField(blank=True)
    nik_index = BlindIndexField(source="nik", purpose="nik", unique=True)
    phone = EncryptedTextField(null=True, blank=True)
    birth_date = EncryptedDateField(null=True, blank=True)

    class Meta:
        app_label = "core"
        db_table = "core_test_secretthing"

    def __str__(self) -> str:
        return f"SecretThing {self.pk}"


@pytest.fixture
def secret_table(transactional_db):
    with connection.schema_editor() as editor:
        editor.create_model(SecretThing)
    yield SecretThing
    with connection.schema_editor() as editor:
        editor.delete_model(SecretThing)


def raw_row(pk: int) -> tuple:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT nik, nik_index, phone, birth_date FROM core_test_secretthing WHERE id = %s",
            [pk],
        )
        return cursor.fetchone()


def test_encrypt_round_trip_and_randomised():
    token_a = crypto.encrypt("Jl. Merdeka No. 5, Kotabumi")
    token_b = crypto.encrypt("Jl. Merdeka No. 5, Kotabumi")
    assert token_a != token_b
    assert crypto.decrypt(token_a) == "Jl. Merdeka No. 5, Kotabumi"


def test_missing_keys_are_a_clear_configuration_error():
    with (
        override_settings(LAYANAN_FIELD_ENCRYPTION_KEYS=[]),
        pytest.raises(ImproperlyConfigured, match="LAYANAN_FIELD_ENCRYPTION_KEYS"),
    ):
        crypto.encrypt("x")
    with (
        override_settings(LAYANAN_BLIND_INDEX_KEY="short"),
        pytest.raises(ImproperlyConfigured, match="LAYANAN_BLIND_INDEX_KEY"),
    ):
        blind_index(NIK)


def test_fields_round_trip_and_ciphertext_in_database(secret_table):
    thing = SecretThing.objects.create(
        nik=NIK, phone="0812-3456-5678", birth_date=dt.date(1990, 12, 5)
    )
    loaded = SecretThing.objects.get(pk=thing.pk)
    assert loaded.nik == NIK
    assert loaded.phone == "0812-3456-5678"
    assert loaded.birth_date == dt.date(1990, 12, 5)

    raw_nik, raw_index, raw_phone, raw_birth = raw_row(thing.pk)
    assert NIK not in raw_nik
    assert "5678" not in raw_phone
    assert "1990" not in raw_birth
    assert raw_index == blind_index(NIK)
    assert crypto.decrypt(raw_nik) == NIK


def test_empty_values_stay_empty(secret_table):
    thing = SecretThing.objects.create(nik="")
    assert raw_row(thing.pk) == ("", None, None, None)
    loaded = SecretThing.objects.get(pk=thing.pk)
    assert (loaded.nik, loaded.phone, loaded.birth_date) == ("", None, None)


def test_equality_lookup_on_ciphertext_is_refused(secret_table):
    from django.core.exceptions import FieldError

    with pytest.raises(FieldError):
        list(SecretThing.objects.filter(nik=NIK))
    assert SecretThing.objects.filter(phone__isnull=True).count() == 0


def test_blind_index_lookup_and_normalisation(secret_table):
    thing = SecretThing.objects.create(nik=NIK)
    SecretThing.objects.create(nik="1803020101900002")
    found = SecretThing.objects.get(nik_index=blind_index("1803 0245 1290 0001"))
    assert found.pk == thing.pk
    assert blind_index("1803.0245.1290.0001") == blind_index(NIK)
    assert len(blind_index(NIK)) == 32
    # Purposes are separate domains; a different key gives a different index.
    assert blind_index(NIK, purpose="kk") != blind_index(NIK, purpose="nik")
    with override_settings(LAYANAN_BLIND_INDEX_KEY="another-blind-index-key-" + "z" * 30):
        assert blind_index(NIK) != found.nik_index
    assert blind_index("0812 3456 5678", purpose="phone") == blind_index(
        "+62812-3456-5678", purpose="phone"
    )


def test_blind_index_enforces_uniqueness(secret_table):
    SecretThing.objects.create(nik=NIK)
    SecretThing.objects.create(nik="")
    SecretThing.objects.create(nik="")  # empty NIKs do not collide (NULL index)
    with pytest.raises(IntegrityError), transaction.atomic():
        SecretThing.objects.create(nik="1803-0245-1290-0001")


def test_old_key_still_decrypts_after_adding_new_key(secret_table):
    with override_settings(LAYANAN_FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        thing = SecretThing.objects.create(nik=NIK, birth_date=dt.date(1990, 12, 5))
    with override_settings(LAYANAN_FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        loaded = SecretThing.objects.get(pk=thing.pk)
        assert loaded.nik == NIK
        assert not crypto.is_current_key(raw_row(thing.pk)[0])
    with override_settings(LAYANAN_FIELD_ENCRYPTION_KEYS=[NEW_KEY]), pytest.raises(DecryptionError):
        SecretThing.objects.get(pk=thing.pk)


def test_reencrypt_command_makes_old_key_unnecessary(secret_table):
    with override_settings(LAYANAN_FIELD_ENCRYPTION_KEYS=[OLD_KEY]):
        pks = [
            SecretThing.objects.create(
                nik=f"18030245129000{i:02d}", phone="081234565678", birth_date=dt.date(1990, 1, i)
            ).pk
            for i in range(1, 6)
        ]
        SecretThing.objects.create(nik="")
    before = [raw_row(pk) for pk in pks]
    out = io.StringIO()
    with override_settings(LAYANAN_FIELD_ENCRYPTION_KEYS=[NEW_KEY, OLD_KEY]):
        call_command("reencrypt_personal_data", "--dry-run", stdout=out)
        assert [raw_row(pk) for pk in pks] == before
        assert "15 values would be re-encrypted" in out.getvalue()
        out = io.StringIO()
        call_command("reencrypt_personal_data", "--batch-size", "2", stdout=out)
    text = out.getvalue()
    assert "core.SecretThing: 6 rows" in text
    assert "2/6 rows" in text
    assert "Done: 15 values re-encrypted" in text
    with override_settings(LAYANAN_FIELD_ENCRYPTION_KEYS=[NEW_KEY]):
        for i, pk in enumerate(pks, start=1):
            thing = SecretThing.objects.get(pk=pk)
            assert thing.nik == f"18030245129000{i:02d}"
            assert thing.phone == "081234565678"
            assert thing.birth_date == dt.date(1990, 1, i)
        # A second run has nothing left to do.
        out = io.StringIO()
        call_command("reencrypt_personal_data", stdout=out)
        assert "Done: 0 values re-encrypted" in out.getvalue()


def test_rebuild_blind_indexes_after_blind_key_change(secret_table):
    thing = SecretThing.objects.create(nik=NIK)
    new_blind = "rotated-blind-index-key-" + "q" * 30
    with override_settings(LAYANAN_BLIND_INDEX_KEY=new_blind):
        assert not SecretThing.objects.filter(nik_index=blind_index(NIK)).exists()
        call_command("reencrypt_personal_data", "--rebuild-blind-indexes", stdout=io.StringIO())
        assert SecretThing.objects.get(nik_index=blind_index(NIK)).pk == thing.pk


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("081234565678", "+62812****5678"),
        ("+62 812-3456-5678", "+62812****5678"),
        ("6281234565678", "+62812****5678"),
        ("", ""),
        (None, ""),
    ],
)
def test_mask_phone(value, expected):
    assert mask_phone(value) == expected


def test_mask_other_values():
    assert mask_nik(NIK) == "1803************"
    assert mask_email("budi.santoso@example.com") == "bu***@example.com"
    assert mask_email("ani@example.com") == "a***@example.com"
    assert mask_text("Jl. Merdeka No. 5, Kotabumi") == "Jl.****"
    assert mask_text("Jl. A") == mask_text("Jl. Merdeka No. 5") == "Jl.****"
    assert mask_date(dt.date(1990, 12, 5)) == "**-**-1990"
    assert mask_date(None) == ""
