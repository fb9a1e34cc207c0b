import re

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from layanan.accounts import services
from layanan.accounts.models import AssistedCitizen, CitizenProfile
from layanan.audit.testing import logged_events

from .conftest import NIK_A, NIK_B, make_user

pytestmark = pytest.mark.django_db


def create_via_page(client, unit, **extra):
    data = {
        "unit": unit.pk,
        "full_name": "Mbah Sarinah",
        "nik": NIK_A,
        "kk_number": "",
        "address": "Dusun II",
        "birth_date": "",
        "kecamatan": "",
        "desa": "",
        "phone": "",
        "consent": "on",
        "consent_version": "2026.1",
    }
    data.update(extra)
    return client.post(reverse("accounts:assisted_create"), data)


def test_assisted_create_then_claim(client, regions, operator_x, units):
    client.force_login(operator_x)
    assert "UU 27/2022" in client.get(reverse("accounts:assisted_create")).content.decode()
    response = create_via_page(client, units["x"])
    assert response.status_code == 302, response.content.decode()[:3000]
    record = AssistedCitizen.objects.get()
    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'id="claim-code">([A-Z0-9-]+)<', receipt).group(1)
    # The code is shown once only.
    assert code not in client.get(response["Location"]).content.decode()
    event = logged_events().get(action="assisted.create")
    assert event.role == "operator"
    assert event.unit_slug == "kecamatan-kotabumi"
    assert event.summary["consent_version"] == "2026.1"
    assert record.created_by == operator_x
    assert record.consent_given

    citizen = make_user("sarinah@example.com")
    client.force_login(citizen)
    wrong = client.post(reverse("accounts:claim"), {"code": code, "nik": NIK_B})
    assert "tidak cocok" in wrong.content.decode()
    ok = client.post(reverse("accounts:claim"), {"code": code.lower(), "nik": NIK_A})
    assert ok.status_code == 302
    record.refresh_from_db()
    assert record.claimed_by == citizen
    assert record.claim_code_index is None
    profile = CitizenProfile.objects.get(user=citizen)
    assert profile.nik == NIK_A
    assert profile.address == "Dusun II"
    citizen.refresh_from_db()
    assert citizen.full_name == "Mbah Sarinah"
    assert logged_events().filter(action="assisted.claim").exists()
    # One-time: a second claim with the same code fails.
    other = make_user("other@example.com")
    with pytest.raises(ValidationError):
        services.assisted_claim(actor=other, code=code, nik=NIK_A)


def test_consent_is_required(client, regions, operator_x, units):
    client.force_login(operator_x)
    response = create_via_page(client, units["x"], consent="")
    assert response.status_code == 200
    assert "menyetujui" in response.content.decode()
    assert not AssistedCitizen.objects.exists()


def test_only_operators_of_the_unit_create(regions, operator_x, verifikator_y, auditor, units):
    for actor in (verifikator_y, auditor):
        with pytest.raises(PermissionDenied):
            services.assisted_create(actor=actor, unit=units["x"], full_name="X", consent=True)
    with pytest.raises(PermissionDenied):
        services.assisted_create(actor=operator_x, unit=units["y"], full_name="X", consent=True)


def test_claim_attempts_are_limited(regions, operator_x, units):
    created = services.assisted_create(
        actor=operator_x, unit=units["x"], full_name="X", consent=True, nik=NIK_A
    )
    citizen = make_user("c@example.com")
    for _ in range(services.CLAIM_MAX_ATTEMPTS):
        with pytest.raises(ValidationError):
            services.assisted_claim(actor=citizen, code="WRONGCODE0", nik=NIK_A)
    with pytest.raises(ValidationError, match="Terlalu banyak"):
        services.assisted_claim(actor=citizen, code=created.claim_code, nik=NIK_A)


def test_claim_refused_when_profile_has_another_nik(regions, operator_x, units, citizen_b):
    created = services.assisted_create(
        actor=operator_x, unit=units["x"], full_name="X", consent=True, nik=NIK_A
    )
    with pytest.raises(ValidationError, match="berbeda"):
        services.assisted_claim(actor=citizen_b, code=created.claim_code, nik=NIK_A)
