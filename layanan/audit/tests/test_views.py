"""The citizen's own audit history and the staff audit browser (pages, access, filters)."""

import pytest
from django.contrib.auth import get_user_model
from django.test import Client

from layanan.accounts.models import Membership, OrgUnit
from layanan.audit.services import audit_record, audit_sequence

pytestmark = pytest.mark.django_db


@pytest.fixture
def world(settings):
    settings.LAYANAN_DEMO_STAFF_WITHOUT_TOTP = True
    User = get_user_model()
    unit_x = OrgUnit.objects.create(slug="unit-x", name="Unit X", kind="unit")
    unit_y = OrgUnit.objects.create(slug="unit-y", name="Unit Y", kind="unit")
    citizen_a = User.objects.create_user(username="a", email="a@example.com", password="x")
    citizen_b = User.objects.create_user(username="b", email="b@example.com", password="x")
    staff_x = User.objects.create_user(
        username="sx", email="sx@example.com", password="x", is_demo=True
    )
    Membership.objects.create(user=staff_x, unit=unit_x, role="verifikator")
    auditor = User.objects.create_user(
        username="au", email="au@example.com", password="x", is_demo=True
    )
    Membership.objects.create(user=auditor, unit=unit_y, role="auditor")
    audit_record(
        actor=staff_x, action="test.about_a", obj=unit_x, subject=citizen_a, unit_slug="unit-x"
    )
    audit_record(actor=citizen_b, action="test.by_b", obj=unit_y, unit_slug="unit-y")
    audit_sequence()  # pages list logged events; no commit (so no after-commit run) in a test
    return {"a": citizen_a, "b": citizen_b, "staff_x": staff_x, "auditor": auditor}


def as_user(user):
    client = Client()
    client.force_login(user)
    return client


def test_citizen_sees_only_events_about_their_records(world):
    body = as_user(world["a"]).get("/akun/riwayat-audit/").content.decode()
    assert "test.about_a" in body
    assert "test.by_b" not in body
    assert "bukti inklusi" in body  # logged: a proof link per event
    body_b = as_user(world["b"]).get("/akun/riwayat-audit/").content.decode()
    assert "test.by_b" in body_b
    assert "test.about_a" not in body_b


def test_anonymous_is_sent_to_sign_in(client):
    response = client.get("/akun/riwayat-audit/")
    assert response.status_code == 302
    assert "/akun/login/" in response["Location"]
    assert client.get("/staf/audit/").status_code == 302


def test_citizen_cannot_open_the_staff_browser(world):
    assert as_user(world["a"]).get("/staf/audit/").status_code == 403


def test_unit_staff_see_their_unit_and_auditor_sees_all(world):
    body = as_user(world["staff_x"]).get("/staf/audit/").content.decode()
    assert "test.about_a" in body
    assert "test.by_b" not in body
    body = as_user(world["auditor"]).get("/staf/audit/").content.decode()
    assert "test.about_a" in body
    assert "test.by_b" in body


def test_filters_and_bad_input(world):
    client = as_user(world["auditor"])
    body = client.get("/staf/audit/?unit=unit-y").content.decode()
    assert "test.by_b" in body
    assert "test.about_a" not in body
    body = client.get("/staf/audit/?action=test.about").content.decode()
    assert "test.about_a" in body
    assert "test.by_b" not in body
    bad = client.get("/staf/audit/?date_from=2026-12-01&date_to=2026-11-01")
    assert bad.status_code == 400
    assert "Tanggal akhir" in bad.content.decode()
    bad_en = client.get("/en/staf/audit/?date_from=kemarin")
    assert bad_en.status_code == 400
    assert "valid date" in bad_en.content.decode()
