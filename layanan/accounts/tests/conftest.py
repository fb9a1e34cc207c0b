from __future__ import annotations

import pytest
from allauth.mfa.totp.internal.auth import TOTP, generate_totp_secret

from layanan.accounts.models import CitizenProfile, Membership, OrgUnit, User
from layanan.core.models import Region

NIK_A = "1803021708900001"  # Kotabumi, 17-08-1990, laki-laki
NIK_B = "1803015505920002"  # Bukit Kemuning, 15-05-1992, perempuan
PASSWORD = "Rahasia-kuat-2026"


@pytest.fixture
def regions(db):
    Region.objects.create(code="18", name="Lampung", level=1)
    Region.objects.create(code="18.03", name="Lampung Utara", level=2, parent_id="18")
    Region.objects.create(code="18.03.01", name="Bukit Kemuning", level=3, parent_id="18.03")
    Region.objects.create(code="18.03.02", name="Kotabumi", level=3, parent_id="18.03")
    Region.objects.create(code="18.03.02.1001", name="Kotabumi Ilir", level=4, parent_id="18.03.02")
    return Region.objects.all()


@pytest.fixture
def units(db):
    pemkab = OrgUnit.objects.create(slug="pemkab", name="Pemkab Lampung Utara", kind="pemda")
    x = OrgUnit.objects.create(
        slug="kecamatan-kotabumi", name="Kecamatan Kotabumi", kind="unit", parent=pemkab
    )
    y = OrgUnit.objects.create(slug="disdukcapil", name="Disdukcapil", kind="opd", parent=pemkab)
    return {"pemkab": pemkab, "x": x, "y": y}


def make_user(email: str, full_name: str = "", **extra) -> User:
    user = User.objects.create_user(
        username=email.split("@")[0], email=email, password=PASSWORD, full_name=full_name, **extra
    )
    return user


def with_totp(user: User) -> User:
    TOTP.activate(user, generate_totp_secret())
    return user


@pytest.fixture
def citizen_a(regions):
    user = make_user("ani@example.com", "Ani Citizen-A")
    CitizenProfile.objects.create(user=user, nik=NIK_A, address="Jl. Rahasia A No. 1")
    return user


@pytest.fixture
def citizen_b(regions):
    user = make_user("budi@example.com", "Budi Citizen-B")
    CitizenProfile.objects.create(user=user, nik=NIK_B, address="Jl. Rahasia B No. 2")
    return user


def staff(email: str, role: str, unit: OrgUnit, totp: bool = True) -> User:
    user = make_user(email, email.split("@")[0].title())
    Membership.objects.create(user=user, unit=unit, role=role)
    return with_totp(user) if totp else user


@pytest.fixture
def operator_x(units):
    return staff("operator.x@example.com", Membership.Role.OPERATOR, units["x"])


@pytest.fixture
def verifikator_y(units):
    return staff("verif.y@example.com", Membership.Role.VERIFIKATOR, units["y"])


@pytest.fixture
def auditor(units):
    return staff("auditor@example.com", Membership.Role.AUDITOR, units["pemkab"])


@pytest.fixture
def admin_sistem(units):
    return staff("admin@example.com", Membership.Role.ADMIN_SISTEM, units["pemkab"])
