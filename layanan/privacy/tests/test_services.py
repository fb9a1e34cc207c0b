from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from layanan.audit.services import audit_sequence
from layanan.audit.testing import logged_events
from layanan.notifications.models import Delivery
from layanan.privacy import demo, registry, selectors, services
from layanan.privacy.models import (
    Consent,
    DataSubjectRequest,
    PersonalDataAccess,
    ProcessingPurpose,
)

NIK = "1803024512900001"
VALUES = {"nik": NIK, "phone": "081234565678", "address": "Jl. Merdeka No. 5"}

pytestmark = pytest.mark.django_db


@pytest.fixture
def purposes():
    demo.load_demo()
    return {p.code: p for p in ProcessingPurpose.objects.all()}


# --- masked or full values and the access log -----------------------------------------------


def test_subject_sees_own_data_in_full_without_a_log_entry(make_user):
    citizen = make_user()
    view = selectors.personal_data_for_viewer(
        viewer=citizen, subject=citizen, values=VALUES, purpose="profil"
    )
    assert view.is_full
    assert view.values["nik"] == NIK
    assert PersonalDataAccess.objects.count() == 0


def test_verifikator_of_handling_unit_sees_full_and_is_logged(make_user, staff, units):
    citizen = make_user()
    verifikator = staff("verifikator")
    view = selectors.personal_data_for_viewer(
        viewer=verifikator,
        subject=citizen,
        values=VALUES,
        purpose="verifikasi permohonan KK-1",
        unit=units["disdukcapil"],
    )
    assert view.is_full
    assert view.values == VALUES
    entry = PersonalDataAccess.objects.get()
    assert entry.viewer == verifikator
    assert entry.subject == citizen
    assert entry.role == "verifikator"
    assert entry.unit_slug == "disdukcapil"
    assert entry.fields == ["address", "nik", "phone"]
    assert entry.purpose == "verifikasi permohonan KK-1"


def test_auditor_and_other_units_see_masked_values(make_user, staff, units):
    citizen = make_user()
    for viewer in (staff("auditor", "pemda"), staff("verifikator", "kecamatan"), make_user()):
        view = selectors.personal_data_for_viewer(
            viewer=viewer,
            subject=citizen,
            values=VALUES,
            purpose="x",
            unit=units["disdukcapil"],
        )
        assert not view.is_full
        assert view.values == {
            "nik": "1803************",
            "phone": "+62812****5678",
            "address": "Jl.****",
        }
    assert PersonalDataAccess.objects.count() == 0


def test_access_log_for_subject(make_user, staff, units):
    citizen, other = make_user(), make_user()
    kepala = staff("kepala")
    services.personal_data_view_record(
        actor=kepala, subject=citizen, fields=["nik"], purpose="tanda tangan"
    )
    services.personal_data_view_record(
        actor=kepala, subject=other, fields=["nik"], purpose="tanda tangan"
    )
    log = list(selectors.access_log_for_subject(viewer=citizen, subject=citizen))
    assert [(e.viewer_label, e.purpose) for e in log] == [("Petugas kepala", "tanda tangan")]
    assert log[0].role == "kepala"
    with pytest.raises(PermissionDenied):
        selectors.access_log_for_subject(viewer=other, subject=citizen)
    auditor = staff("auditor", "pemda")
    assert selectors.access_log_for_subject(viewer=auditor, subject=citizen).count() == 1


# --- consent --------------------------------------------------------------------------------


def test_consent_give_and_withdraw_are_audited_and_idempotent(make_user, purposes):
    citizen = make_user()
    first = services.consent_give(actor=citizen, purpose_code="survei-kepuasan")
    again = services.consent_give(actor=citizen, purpose_code="survei-kepuasan")
    assert first.pk == again.pk
    assert first.is_active
    assert "request_id" in first.evidence
    withdrawn = services.consent_withdraw(actor=citizen, purpose_code="survei-kepuasan")
    assert withdrawn is not None
    assert withdrawn.withdrawn_at is not None
    assert services.consent_withdraw(actor=citizen, purpose_code="survei-kepuasan") is None
    # A new consent after withdrawal is a new, provable record.
    services.consent_give(actor=citizen, purpose_code="survei-kepuasan")
    assert Consent.objects.filter(user=citizen).count() == 2
    actions = list(
        logged_events()
        .filter(action__startswith="privacy.consent")
        .values_list("action", flat=True)
    )
    assert sorted(actions) == [
        "privacy.consent_given",
        "privacy.consent_given",
        "privacy.consent_withdrawn",
    ]
    overview = selectors.consent_overview(viewer=citizen)
    assert {row["purpose"].code for row in overview} == {"survei-kepuasan", "info-layanan-baru"}


def test_consent_refused_for_purposes_not_based_on_consent(make_user, purposes):
    citizen = make_user()
    with pytest.raises(ValidationError):
        services.consent_give(actor=citizen, purpose_code="identitas-akun")
    with pytest.raises(ValidationError):
        services.consent_give(actor=citizen, purpose_code="tidak-ada")
    assert Consent.objects.count() == 0


# --- data-subject requests ------------------------------------------------------------------


def test_request_is_due_72_real_hours_later_and_goes_to_pemda(make_user, units):
    citizen = make_user()
    friday_evening = dt.datetime(2025, 8, 15, 17, 0, tzinfo=dt.UTC)  # before a long weekend
    with time_machine.travel(friday_evening, tick=False):
        req = services.data_subject_request_create(
            actor=citizen, kind="correction", details="Alamat saya salah: RT 02, bukan RT 03."
        )
    assert req.due_at == friday_evening + dt.timedelta(hours=72)
    assert req.assigned_unit == units["pemda"]
    assert req.reference.startswith("PDP-2025-")
    assert logged_events().filter(action="privacy.request_created").count() == 1
    with time_machine.travel(friday_evening + dt.timedelta(hours=71), tick=False):
        assert not req.is_overdue
    with time_machine.travel(friday_evening + dt.timedelta(hours=73), tick=False):
        assert req.is_overdue


def test_request_validation(make_user):
    citizen = make_user()
    with pytest.raises(ValidationError):
        services.data_subject_request_create(actor=citizen, kind="correction", details=" ")
    with pytest.raises(ValidationError):
        services.data_subject_request_create(actor=citizen, kind="hapus-semua")
    assert DataSubjectRequest.objects.count() == 0


def test_request_details_are_encrypted_at_rest(make_user):
    from django.db import connection

    citizen = make_user()
    req = services.data_subject_request_create(
        actor=citizen, kind="correction", details="NIK saya 1803024512900001"
    )
    with connection.cursor() as cursor:
        cursor.execute("SELECT details FROM privacy_datasubjectrequest WHERE id = %s", [req.pk])
        raw = cursor.fetchone()[0]
    assert NIK not in raw
    assert DataSubjectRequest.objects.get(pk=req.pk).details == "NIK saya 1803024512900001"


def test_staff_handle_requests_of_their_unit(
    make_user, staff, units, django_capture_on_commit_callbacks
):
    citizen = make_user()
    req = services.data_subject_request_create(actor=citizen, kind="access", unit=units["pemda"])
    outsider = staff("verifikator", "kecamatan")
    auditor = staff("auditor", "pemda")
    handler = staff("admin_unit", "pemda")
    # The kecamatan is below the pemda: its staff do not see pemda's requests.
    assert selectors.data_subject_request_list_for_staff(viewer=outsider).count() == 0
    assert selectors.data_subject_request_list_for_staff(viewer=auditor).count() == 1
    with pytest.raises(PermissionDenied):
        selectors.data_subject_request_list_for_staff(viewer=citizen)
    with pytest.raises(PermissionDenied):
        services.data_subject_request_update(actor=auditor, request=req, status="resolved")
    with pytest.raises(ValidationError):
        services.data_subject_request_update(actor=handler, request=req, status="resolved")
    with django_capture_on_commit_callbacks(execute=True):
        done = services.data_subject_request_update(
            actor=handler, request=req, status="resolved", resolution="Salinan data terlampir."
        )
    assert done.status == "resolved"
    assert done.resolved_at is not None
    assert done.handled_by == handler
    event = logged_events().get(action="privacy.request_updated")
    assert event.summary["to"] == "resolved"
    assert event.summary["overdue"] is False
    # The citizen is told by email (they have an address, no phone).
    delivery = Delivery.objects.get(purpose="privacy_request_updated")
    assert delivery.channel == "email"
    assert delivery.status == "sent"
    with pytest.raises(ValidationError):
        services.data_subject_request_update(actor=handler, request=done, status="in_progress")


def test_overdue_count(make_user, staff, units):
    citizen = make_user()
    handler = staff("admin_unit", "pemda")
    with time_machine.travel(timezone.now() - dt.timedelta(days=4)):
        services.data_subject_request_create(actor=citizen, kind="restriction")
    services.data_subject_request_create(actor=citizen, kind="erasure")
    assert selectors.overdue_count(viewer=handler) == 1


# --- export ---------------------------------------------------------------------------------


def test_export_contains_every_registered_section(make_user, staff, purposes):
    citizen = make_user(full_name="Siti Aminah")
    services.consent_give(actor=citizen, purpose_code="info-layanan-baru")
    services.personal_data_view_record(
        actor=staff("operator"), subject=citizen, fields=["nik"], purpose="loket"
    )
    audit_sequence()  # the export lists logged events; no commit (no after-commit run) in a test
    registry.register_exporter("contoh", lambda user: {"catatan": f"milik {user.pk}"})
    try:
        data = services.subject_export_build(actor=citizen, subject=citizen)
    finally:
        registry.unregister_exporter("contoh")
    sections = {s["key"]: s["data"] for s in data["sections"]}
    assert {"accounts", "privacy", "audit", "notifications", "contoh"} <= set(sections)
    assert sections["accounts"]["user"]["full_name"] == "Siti Aminah"
    assert "password" not in sections["accounts"]["user"]
    assert sections["privacy"]["consents"][0]["purpose"] == "info-layanan-baru"
    assert sections["privacy"]["access_log"][0]["purpose"] == "loket"
    assert any(e["action"] == "privacy.consent_given" for e in sections["audit"])
    assert sections["contoh"] == {"catatan": f"milik {citizen.pk}"}
    assert logged_events().filter(action="privacy.export_downloaded").count() == 1
    with pytest.raises(PermissionDenied):
        services.subject_export_build(actor=make_user(), subject=citizen)


# --- retention ------------------------------------------------------------------------------


def test_retention_purge_dry_run_then_real_run_is_audited(make_user, staff, purposes):
    citizen = make_user()
    operator = staff("operator")
    old = timezone.now() - dt.timedelta(days=800)
    with time_machine.travel(old):
        services.personal_data_view_record(
            actor=operator, subject=citizen, fields=["nik"], purpose="lama"
        )
    services.personal_data_view_record(
        actor=operator, subject=citizen, fields=["nik"], purpose="baru"
    )
    lines: list[str] = []
    result = services.retention_purge(dry_run=True, progress=lines.append)
    assert result["counts"]["privacy.personaldataaccess"] == 1
    assert PersonalDataAccess.objects.count() == 2
    assert not logged_events().filter(action="privacy.retention_purge").exists()
    assert any("privacy.personaldataaccess: 1 would be purged" in line for line in lines)

    calls = []

    def purge_nothing(*, cutoff, dry_run):
        calls.append(cutoff)
        return 0

    registry.register_purger("contoh.tanpa_aturan", purge_nothing)
    try:
        result = services.retention_purge(dry_run=False)
    finally:
        registry.unregister_purger("contoh.tanpa_aturan")
    assert calls == []  # no retention rule for this record type: kept
    assert "contoh.tanpa_aturan" in result["skipped"]
    assert list(PersonalDataAccess.objects.values_list("purpose", flat=True)) == ["baru"]
    event = logged_events().get(action="privacy.retention_purge")
    assert event.summary["counts"]["privacy.personaldataaccess"] == 1
    assert event.summary["dry_run"] is False


def test_retention_period_is_the_longest_rule(purposes):
    ProcessingPurpose.objects.create(
        code="log-akses-lebih-lama",
        name="x",
        legal_basis="legal_obligation",
        record_type="privacy.personaldataaccess",
        retention_days=3650,
    )
    assert services.retention_periods()["privacy.personaldataaccess"] == 3650
    ProcessingPurpose.objects.create(
        code="log-akses-permanen",
        name="y",
        legal_basis="legal_obligation",
        record_type="privacy.personaldataaccess",
        retention_days=None,
    )
    assert "privacy.personaldataaccess" not in services.retention_periods()


def test_demo_load_is_idempotent():
    assert demo.load_demo() == demo.load_demo()
    assert ProcessingPurpose.objects.count() == 8
    assert set(ProcessingPurpose.objects.values_list("legal_basis", flat=True)) == {
        "legal_obligation",
        "public_service",
        "consent",
    }
