"""Who may read which events; the read-only admin."""

from __future__ import annotations

import pytest

from layanan.accounts.models import Membership, OrgUnit, User
from layanan.audit.models import AuditEvent
from layanan.audit.selectors import audit_event_list, event_leaf_bytes
from layanan.audit.tests.conftest import record_logged

pytestmark = pytest.mark.django_db


@pytest.fixture
def world():
    pemda = OrgUnit.objects.create(slug="pemda", name="Pemda", kind="pemda")
    dinas = OrgUnit.objects.create(slug="dukcapil", name="Dukcapil", kind="opd", parent=pemda)
    upt = OrgUnit.objects.create(slug="upt-a", name="UPT A", kind="unit", parent=dinas)
    other = OrgUnit.objects.create(slug="dinkes", name="Dinkes", kind="opd", parent=pemda)
    citizen = User.objects.create_user("warga", email="warga@contoh.id", password="x")
    stranger = User.objects.create_user("lain", email="lain@contoh.id", password="x")
    staff = User.objects.create_user(
        "petugas", email="petugas@contoh.id", password="x", is_staff=True
    )
    auditor = User.objects.create_user(
        "auditor", email="auditor@contoh.id", password="x", is_staff=True
    )
    Membership.objects.create(user=staff, unit=dinas, role="operator")
    Membership.objects.create(user=auditor, unit=pemda, role="auditor")
    e_citizen_did = record_logged(actor=citizen, action="permohonan.ajukan", unit_slug="upt-a")
    e_about_citizen = record_logged(
        actor=staff, action="permohonan.verifikasi", unit_slug="upt-a", subject=citizen
    )
    e_other_unit = record_logged(actor=None, action="x", unit_slug=other.slug)
    e_stranger = record_logged(actor=stranger, action="y", unit_slug="")
    return {
        "citizen": citizen,
        "stranger": stranger,
        "staff": staff,
        "auditor": auditor,
        "upt": upt,
        "events": (e_citizen_did, e_about_citizen, e_other_unit, e_stranger),
    }


def ids(qs) -> set[int]:
    return set(qs.values_list("id", flat=True))


def test_scopes(world) -> None:
    did, about, _other_unit, stranger_ev = world["events"]
    assert ids(audit_event_list(viewer=world["citizen"])) == {did.pk, about.pk}
    assert ids(audit_event_list(viewer=world["stranger"])) == {stranger_ev.pk}
    # unit staff: own unit and sub-units (upt-a under dukcapil), plus own actions
    assert ids(audit_event_list(viewer=world["staff"])) == {did.pk, about.pk}
    assert ids(audit_event_list(viewer=world["auditor"])) == {e.pk for e in world["events"]}
    from django.contrib.auth.models import AnonymousUser

    assert not audit_event_list(viewer=AnonymousUser()).exists()
    assert not audit_event_list(viewer=None).exists()


def test_filters(world) -> None:
    did, about, *_ = world["events"]
    assert ids(audit_event_list(viewer=world["auditor"], action="permohonan.ajukan")) == {did.pk}
    assert ids(audit_event_list(viewer=world["auditor"], unit_slug="upt-a")) == {did.pk, about.pk}
    assert not audit_event_list(viewer=world["auditor"], object_type="x.y", object_id=1).exists()


def test_leaf_bytes_only_for_allowed_viewer(world) -> None:
    did = world["events"][0]
    leaf = event_leaf_bytes(viewer=world["citizen"], event_id=did.pk)
    assert leaf is not None
    assert b'"action":"permohonan.ajukan"' in leaf
    assert event_leaf_bytes(viewer=world["stranger"], event_id=did.pk) is None


def _admin_request(user, path="/admin/audit/auditevent/", data=None):
    from django.test import RequestFactory

    request = RequestFactory().get(path, data or {})
    request.user = user
    return request


def test_admin_is_read_only_and_limited(world) -> None:
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEvent]
    ev = world["events"][0]
    request = _admin_request(world["auditor"], data={"action__exact": "x", "q": "zzz"})
    assert model_admin.has_module_permission(request)
    assert model_admin.has_view_permission(request, ev)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request, ev)
    assert not model_admin.has_delete_permission(request, ev)
    response = model_admin.changelist_view(request)
    assert response.status_code == 200
    response = model_admin.change_view(_admin_request(world["auditor"]), str(ev.pk))
    assert response.status_code == 200
    for who in ("staff", "citizen"):
        assert not model_admin.has_view_permission(_admin_request(world[who]), ev)
        assert not model_admin.has_module_permission(_admin_request(world[who]))


def test_admin_superuser_cannot_change(world) -> None:
    from django.contrib import admin

    model_admin = admin.site._registry[AuditEvent]
    root = User.objects.create_superuser("root", email="root@contoh.id", password="x")
    request = _admin_request(root)
    assert model_admin.has_view_permission(request)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
