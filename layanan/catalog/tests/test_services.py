from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied

from layanan.accounts.models import Membership
from layanan.audit.testing import logged_events
from layanan.catalog import selectors, services
from layanan.catalog.models import ServiceVersion

from .conftest import make_user

pytestmark = pytest.mark.django_db


def test_publish_archives_previous(published):
    draft = services.version_draft_create(actor=None, service=published.service)
    assert draft.number == 2
    assert draft.status == "draft"
    services.version_publish(actor=None, version=draft)
    published.refresh_from_db()
    draft.refresh_from_db()
    assert published.status == "archived"
    assert draft.status == "published"
    assert ServiceVersion.objects.filter(service=published.service, status="published").count() == 1
    assert logged_events().filter(action="catalog.version.publish").count() == 2


def test_draft_is_a_full_copy(published):
    draft = services.version_draft_create(actor=None, service=published.service)
    assert draft.name == published.name
    assert [d.name for d in draft.documents.all()] == ["Surat keterangan lahir"]
    assert [f.name for f in draft.form_fields.all()] == ["nama_anak", "status", "sptjm"]
    assert draft.form_fields.get(name="sptjm").show_if_field == "status"
    # asking again returns the same draft instead of a second one
    assert services.version_draft_create(actor=None, service=published.service).pk == draft.pk


def test_published_version_is_immutable(published):
    with pytest.raises(services.CatalogError) as exc:
        services.version_draft_update(actor=None, version=published, content={"name": "X"})
    assert exc.value.code == "version_immutable"
    with pytest.raises(services.CatalogError):
        services.version_draft_update(actor=None, version=published, documents=[])
    with pytest.raises(services.CatalogError):
        services.version_publish(actor=None, version=published)
    published.refresh_from_db()
    assert published.name == "Akta Kelahiran"
    assert published.documents.count() == 1


def test_draft_edit_does_not_change_published(published):
    draft = services.version_draft_create(actor=None, service=published.service)
    services.version_draft_update(
        actor=None,
        version=draft,
        content={"name": "Akta Kelahiran (baru)", "sla_working_days": 1},
        documents=[],
        form_fields=[{"name": "nama", "label": "Nama", "field_type": "text"}],
    )
    published.refresh_from_db()
    assert published.name == "Akta Kelahiran"
    assert published.sla_working_days == 3
    assert published.documents.count() == 1
    assert published.form_fields.count() == 3
    assert selectors.service_get_published(code="akta-kelahiran").pk == published.pk


def test_invalid_form_definition_is_rejected(published):
    draft = services.version_draft_create(actor=None, service=published.service)
    with pytest.raises(services.CatalogError) as exc:
        services.version_draft_update(
            actor=None,
            version=draft,
            form_fields=[
                {"name": "a", "label": "A", "field_type": "text"},
                {"name": "a", "label": "A", "field_type": "text"},
            ],
        )
    assert exc.value.code == "form_definition_invalid"
    assert draft.form_fields.count() == 3  # unchanged


def test_admin_unit_edits_own_unit_only(published, admin_unit, other_unit):
    draft = services.version_draft_create(actor=admin_unit, service=published.service)
    services.version_draft_update(actor=admin_unit, version=draft, content={"summary": "Baru"})
    services.version_publish(actor=admin_unit, version=draft)

    stranger = make_user("admin-dinsos", other_unit, Membership.Role.ADMIN_UNIT)
    with pytest.raises(PermissionDenied):
        services.version_draft_create(actor=stranger, service=published.service)
    with pytest.raises(PermissionDenied):
        services.maklumat_upsert(
            actor=stranger,
            unit=published.service.unit,
            signed_on=published.created_at.date(),
            text="x",
            signed_by_name="y",
        )


def test_auditor_and_operator_cannot_write(published, unit, category):
    auditor = make_user("auditor", unit, Membership.Role.AUDITOR)
    operator = make_user("operator", unit, Membership.Role.OPERATOR)
    for actor in (auditor, operator):
        with pytest.raises(PermissionDenied):
            services.version_draft_create(actor=actor, service=published.service)
        with pytest.raises(PermissionDenied):
            services.service_create(
                actor=actor,
                code=f"x-{actor.username}",
                unit=unit,
                category=category,
                content={"name": "X"},
            )
        with pytest.raises(PermissionDenied):
            services.category_upsert(actor=actor, slug="baru", name="Baru")
    assert selectors.catalog_read_unit_ids(auditor) is None  # reads everything


def test_admin_sistem_edits_everything(published, other_unit):
    boss = make_user("sys", other_unit, Membership.Role.ADMIN_SISTEM)
    draft = services.version_draft_create(actor=boss, service=published.service)
    services.version_publish(actor=boss, version=draft)
    assert services.category_upsert(actor=boss, slug="baru", name="Baru")[1] is True


def test_admin_unit_of_parent_edits_child_unit(published, unit):
    from layanan.accounts.models import OrgUnit

    parent = OrgUnit.objects.create(slug="pemkab", name="Pemkab", kind="pemda")
    unit.parent = parent
    unit.save()
    boss = make_user("admin-pemkab", parent, Membership.Role.ADMIN_UNIT)
    assert selectors.can_edit_unit(boss, unit)


def test_maklumat_upsert_is_idempotent(unit):
    import datetime as dt

    row, created = services.maklumat_upsert(
        actor=None,
        unit=unit,
        signed_on=dt.date(2026, 1, 5),
        text="Kami sanggup…",
        signed_by_name="Kepala",
    )
    again, created_again = services.maklumat_upsert(
        actor=None,
        unit=unit,
        signed_on=dt.date(2026, 1, 5),
        text="Kami sanggup…",
        signed_by_name="Kepala",
    )
    assert created
    assert not created_again
    assert row.pk == again.pk
    assert selectors.maklumat_current(unit=unit).pk == row.pk
