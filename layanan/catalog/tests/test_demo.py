from __future__ import annotations

import io

import pytest

from layanan.accounts.models import OrgUnit
from layanan.audit.testing import logged_events
from layanan.catalog.demo import load_demo
from layanan.catalog.models import (
    Category,
    FormField,
    MaklumatPelayanan,
    RequiredDocument,
    Service,
    ServiceVersion,
)

REQUIRED_SLUGS = {
    "pemkab-lampung-utara",
    "disdukcapil",
    "dpmptsp",
    "dinsos",
    "dinkes",
    "kecamatan-kotabumi",
    "kecamatan-bukit-kemuning",
    "kecamatan-abung-selatan",
    "mpp-lampung-utara",
    "upt-puskesmas-kotabumi",
    "kelurahan-kotabumi-udik",
}


def counts():
    return {
        "AuditEvent": logged_events().count(),
        **{
            model.__name__: model.objects.count()
            for model in (
                OrgUnit,
                Category,
                Service,
                ServiceVersion,
                RequiredDocument,
                FormField,
                MaklumatPelayanan,
            )
        },
    }


@pytest.mark.django_db
def test_demo_loader_is_idempotent():
    out = io.StringIO()
    load_demo(stdout=out)
    first = counts()
    assert "Layanan:" in out.getvalue()
    assert set(OrgUnit.objects.values_list("slug", flat=True)) >= REQUIRED_SLUGS
    assert first["Service"] >= 15
    assert ServiceVersion.objects.filter(status="published").count() == first["Service"]
    assert OrgUnit.objects.get(slug="upt-puskesmas-kotabumi").parent.slug == "dinkes"
    assert OrgUnit.objects.get(slug="disdukcapil").parent.slug == "pemkab-lampung-utara"
    assert MaklumatPelayanan.objects.filter(unit__slug="disdukcapil").exists()

    load_demo(stdout=io.StringIO())
    assert counts() == first


@pytest.mark.django_db
def test_demo_services_are_realistic():
    load_demo()
    akta = ServiceVersion.objects.get(service__code="akta-kelahiran", status="published")
    assert akta.fee_amount == 0
    assert "79A" in akta.fee_legal_basis
    assert akta.form_fields.exclude(show_if_field="").exists()
    assert ServiceVersion.objects.filter(status="published", fee_amount__gt=0).exists()
    conditional = ServiceVersion.objects.filter(
        status="published", form_fields__show_if_field__gt=""
    ).distinct()
    assert conditional.count() >= 5


@pytest.mark.django_db
def test_demo_units_get_regions_when_loaded():
    from django.core.management import call_command

    call_command("load_regions", "--seed-only", stdout=io.StringIO())
    load_demo()
    assert OrgUnit.objects.get(slug="kecamatan-kotabumi").region_id == "18.03.02"
    assert OrgUnit.objects.get(slug="kecamatan-bukit-kemuning").region_id == "18.03.01"
    assert OrgUnit.objects.get(slug="kecamatan-abung-selatan").region_id == "18.03.07"
    assert OrgUnit.objects.get(slug="pemkab-lampung-utara").region_id == "18.03"
