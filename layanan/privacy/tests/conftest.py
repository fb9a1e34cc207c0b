from __future__ import annotations

import itertools

import pytest
from django.contrib.auth import get_user_model

from layanan.accounts.models import Membership, OrgUnit

_seq = itertools.count(1)


@pytest.fixture
def make_user(db):
    def make(**extra):
        n = next(_seq)
        defaults = {"username": f"user{n}", "email": f"user{n}@example.com", "password": "x"}
        defaults.update(extra)
        password = defaults.pop("password")
        return get_user_model().objects.create_user(password=password, **defaults)

    return make


@pytest.fixture
def units(db):
    pemda = OrgUnit.objects.create(slug="pemda", name="Pemerintah Kabupaten", kind="pemda")
    disdukcapil = OrgUnit.objects.create(
        slug="disdukcapil", name="Disdukcapil", kind="opd", parent=pemda
    )
    kecamatan = OrgUnit.objects.create(slug="kec-a", name="Kecamatan A", kind="unit", parent=pemda)
    return {"pemda": pemda, "disdukcapil": disdukcapil, "kecamatan": kecamatan}


@pytest.fixture
def staff(make_user, units):
    def make(role, unit="disdukcapil"):
        # Demo-labelled so page tests can skip the staff TOTP requirement of accounts.
        user = make_user(full_name=f"Petugas {role}", is_demo=True)
        Membership.objects.create(user=user, unit=units[unit], role=role)
        return user

    return make
