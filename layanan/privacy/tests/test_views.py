from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.urls import reverse

from layanan.audit.testing import logged_events
from layanan.privacy import demo, services
from layanan.privacy.models import Consent, DataSubjectRequest, PersonalDataAccess

pytestmark = pytest.mark.django_db


def test_pages_require_login(client):
    for name in ("privacy:overview", "privacy:export_json", "privacy:access_log"):
        response = client.get(reverse(name))
        assert response.status_code == 302
        assert "login" in response["Location"]


def test_overview_page(client, make_user):
    demo.load_demo()
    citizen = make_user()
    client.force_login(citizen)
    response = client.get(reverse("privacy:overview"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Privasi dan data pribadi" in body
    assert "Undangan survei kepuasan masyarakat" in body
    assert reverse("privacy:export_pdf") in body


def test_consent_buttons(client, make_user):
    demo.load_demo()
    citizen = make_user()
    client.force_login(citizen)
    url = reverse("privacy:consent_change")
    response = client.post(url, {"purpose": "survei-kepuasan", "action": "give"})
    assert response.status_code == 302
    assert Consent.objects.filter(user=citizen, withdrawn_at__isnull=True).count() == 1
    client.post(url, {"purpose": "survei-kepuasan", "action": "withdraw"})
    assert Consent.objects.filter(user=citizen, withdrawn_at__isnull=True).count() == 0
    # A purpose not based on consent: a message, nothing changes, no 500.
    response = client.post(url, {"purpose": "identitas-akun", "action": "give"}, follow=True)
    assert response.status_code == 200
    assert "tidak memerlukan persetujuan" in response.content.decode()
    assert Consent.objects.filter(user=citizen).count() == 1


def test_export_json_download(client, make_user):
    citizen = make_user(full_name="Budi Santoso")
    client.force_login(citizen)
    response = client.get(reverse("privacy:export_json"))
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert "attachment" in response["Content-Disposition"]
    data = json.loads(response.content)
    accounts = next(s for s in data["sections"] if s["key"] == "accounts")
    assert accounts["data"]["user"]["full_name"] == "Budi Santoso"


def test_export_pdf_download(client, make_user):
    citizen = make_user(full_name="Wayan Sudarsana")
    client.force_login(citizen)
    services.data_subject_request_create(
        actor=citizen, kind="correction", details="Tanggal lahir salah — seharusnya 17-08-1990."
    )
    response = client.get(reverse("privacy:export_pdf"))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF-")
    assert len(response.content) > 2000


def test_request_form_errors_and_success(client, make_user):
    citizen = make_user()
    client.force_login(citizen)
    url = reverse("privacy:request_create")
    assert client.get(url).status_code == 200
    response = client.post(url, {"kind": "correction", "details": ""})
    assert response.status_code == 400
    assert "govuk-error-summary" in response.content.decode()
    assert DataSubjectRequest.objects.count() == 0
    response = client.post(url, {"kind": "hapus", "details": ""})
    assert response.status_code == 400
    response = client.post(url, {"kind": "correction", "details": "Nama ibu kandung salah eja."})
    assert response.status_code == 302
    req = DataSubjectRequest.objects.get()
    assert req.subject == citizen
    assert req.kind == "correction"


def test_access_log_page_lists_viewers(client, make_user, staff):
    citizen = make_user()
    services.personal_data_view_record(
        actor=staff("verifikator"), subject=citizen, fields=["nik"], purpose="verifikasi KK"
    )
    client.force_login(citizen)
    body = client.get(reverse("privacy:access_log")).content.decode()
    assert "Petugas verifikator" in body
    assert "verifikasi KK" in body


def test_staff_pages(client, make_user, staff, units, settings):
    settings.LAYANAN_DEMO_STAFF_WITHOUT_TOTP = True
    citizen = make_user(email="warga.satu@example.com")
    req = services.data_subject_request_create(actor=citizen, kind="access", unit=units["pemda"])
    # Citizens get 403 on the staff list.
    client.force_login(citizen)
    assert client.get(reverse("privacy:staff_request_list")).status_code == 403

    handler = staff("kepala", "pemda")
    client.force_login(handler)
    body = client.get(reverse("privacy:staff_request_list")).content.decode()
    assert req.reference in body
    detail = reverse("privacy:staff_request_detail", args=[req.pk])
    body = client.get(detail).content.decode()
    assert "warga.satu@example.com" in body  # full view by the kepala of the handling unit
    assert PersonalDataAccess.objects.filter(viewer=handler, subject=citizen).count() == 1
    response = client.post(detail, {"status": "resolved", "resolution": ""})
    assert response.status_code == 400
    response = client.post(detail, {"status": "resolved", "resolution": "Data terlampir."})
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.status == "resolved"

    auditor = staff("auditor", "pemda")
    client.force_login(auditor)
    body = client.get(detail).content.decode()
    assert "wa***@example.com" in body  # auditors see masked values
    assert client.post(detail, {"status": "in_progress"}).status_code == 403

    outsider = staff("operator", "kecamatan")
    client.force_login(outsider)
    assert client.get(detail).status_code == 404


def test_purge_command(make_user):
    demo.load_demo()
    out = io.StringIO()
    call_command("purge_expired_data", "--dry-run", stdout=out)
    assert "dry run" in out.getvalue()
    assert "notifications.delivery: 0 would be purged (older than 180 days)" in out.getvalue()
    assert not logged_events().filter(action="privacy.retention_purge").exists()
    out = io.StringIO()
    call_command("purge_expired_data", stdout=out)
    assert "Done: 0 records purged." in out.getvalue()
    assert logged_events().filter(action="privacy.retention_purge").count() == 1


def test_api(client, make_user, staff):
    assert client.get("/api/v1/privasi/akses").status_code == 401
    citizen = make_user()
    services.personal_data_view_record(
        actor=staff("operator"), subject=citizen, fields=["nik"], purpose="loket"
    )
    client.force_login(citizen)
    access = client.get("/api/v1/privasi/akses").json()
    assert [a["purpose"] for a in access] == ["loket"]
    response = client.post(
        "/api/v1/privasi/permintaan",
        {"kind": "correction", "details": ""},
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["code"] == "invalid_request"
    response = client.post(
        "/api/v1/privasi/permintaan",
        {"kind": "access"},
        content_type="application/json",
    )
    assert response.status_code == 201
    assert response.json()["status"] == "submitted"
    assert len(client.get("/api/v1/privasi/permintaan").json()) == 1
    export = client.get("/api/v1/privasi/ekspor").json()
    assert export["subject_id"] == citizen.pk
