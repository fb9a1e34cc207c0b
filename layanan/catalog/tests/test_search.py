from __future__ import annotations

import pytest

from layanan.catalog import selectors
from layanan.catalog.demo import load_demo

pytestmark = pytest.mark.django_db


@pytest.fixture
def demo():
    load_demo()


def codes(**kwargs):
    return [v.service.code for v in selectors.service_search(**kwargs)]


@pytest.mark.parametrize(
    ("query", "code"),
    [
        ("akta lahir", "akta-kelahiran"),
        ("Akte Kelahiran", "akta-kelahiran"),
        ("ktp", "ktp-el"),
        ("e-ktp", "ktp-el"),
        ("surat pindah", "surat-keterangan-pindah"),
        ("domisili", "surat-keterangan-domisili"),
        ("keterangan tidak mampu", "sktm"),
        ("izin bangunan", "pbg"),
        ("cara membuat kk", "kartu-keluarga"),
    ],
)
def test_indonesian_queries(demo, query, code):
    assert code in codes(q=query)


def test_every_token_must_match(demo):
    assert codes(q="akta lahir") == ["akta-kelahiran"]
    assert codes(q="akta kematian sehat") == []


def test_unit_and_category_filters(demo):
    dukcapil = codes(unit_slug="disdukcapil")
    assert "ktp-el" in dukcapil
    assert "sktm" not in dukcapil
    assert set(codes(category_slug="perizinan")) == {"nib-pb-umk", "pbg", "izin-reklame"}
    assert codes(q="akta", category_slug="kependudukan") == []
    assert codes(unit_slug="tidak-ada") == []


def test_only_published_active_services(demo):
    from layanan.catalog import services
    from layanan.catalog.models import Service

    service = Service.objects.get(code="sktm")
    services.service_update(actor=None, service=service, is_active=False)
    assert "sktm" not in codes(q="sktm")
