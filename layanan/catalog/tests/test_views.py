from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from layanan.catalog import services

pytestmark = pytest.mark.django_db


def test_list_page(client, published):
    response = client.get(reverse("catalog:list"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Akta Kelahiran" in body
    assert "3 hari kerja" in body
    assert "Gratis" in body
    assert "Dinas Kependudukan dan Pencatatan Sipil" in body


def test_list_search_and_filters(client, published):
    found = client.get(reverse("catalog:list"), {"q": "akta lahir"})
    assert "Akta Kelahiran" in found.content.decode()
    missing = client.get(reverse("catalog:list"), {"q": "reklame"})
    assert "Akta Kelahiran" not in missing.content.decode()
    by_unit = client.get(reverse("catalog:list"), {"unit": "disdukcapil"})
    assert "Akta Kelahiran" in by_unit.content.decode()
    bad = client.get(reverse("catalog:list"), {"unit": "tidak-ada"})
    assert bad.status_code == 200
    assert "govuk-error-summary" in bad.content.decode()


def test_list_pagination(client, unit, category):
    for i in range(12):
        draft = services.service_create(
            actor=None,
            code=f"layanan-{i:02d}",
            unit=unit,
            category=category,
            content={"name": f"Layanan {i:02d}"},
        )
        services.version_publish(actor=None, version=draft)
    first = client.get(reverse("catalog:list")).content.decode()
    second = client.get(reverse("catalog:list"), {"page": 2}).content.decode()
    assert "Layanan 00" in first
    assert "Layanan 11" not in first
    assert "Layanan 11" in second
    assert 'rel="next"' in first


@time_machine.travel(dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
def test_detail_page_indonesian(client, published):
    response = client.get(reverse("catalog:detail", args=["akta-kelahiran"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Akta Kelahiran" in body
    assert "Surat keterangan lahir" in body
    assert "Penanganan pengaduan, saran dan masukan" in body
    assert "<details" in body
    # Friday + 3 working days = Wednesday 9 December 2026
    assert "perkiraan selesai pada <strong>Rabu, 9 Desember 2026</strong>" in body


@time_machine.travel(dt.datetime(2026, 12, 4, 9, 0, tzinfo=dt.timezone(dt.timedelta(hours=7))))
def test_detail_page_english(client, published):
    response = client.get("/en/layanan/akta-kelahiran/")
    assert response.status_code == 200
    body = response.content.decode()
    assert "Wednesday, 9 December 2026" in body
    assert "Requirements" in body
    assert "Free" in body


def test_unknown_service_and_unit_404(client, db):
    assert client.get(reverse("catalog:detail", args=["tidak-ada"])).status_code == 404
    assert client.get(reverse("catalog:unit", args=["tidak-ada"])).status_code == 404
    assert client.get("/en/layanan/tidak-ada/").status_code == 404


def test_unit_page_with_maklumat(client, published, unit):
    services.maklumat_upsert(
        actor=None,
        unit=unit,
        signed_on=dt.date(2026, 1, 5),
        text="Dengan ini kami sanggup melayani.",
        signed_by_name="Drs. Contoh",
        signed_by_title="Kepala Dinas",
    )
    response = client.get(reverse("catalog:unit", args=["disdukcapil"]))
    assert response.status_code == 200
    body = response.content.decode()
    assert "Maklumat Pelayanan" in body
    assert "Dengan ini kami sanggup melayani." in body
    assert "Drs. Contoh" in body
    assert "Akta Kelahiran" in body
    english = client.get("/en/layanan/unit/disdukcapil/").content.decode()
    assert "Service Pledge" in english
