from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from layanan.catalog import services
from layanan.catalog.demo import load_demo

pytestmark = pytest.mark.django_db


def test_list(client, published):
    data = client.get("/api/v1/services").json()
    assert data["count"] == 1
    item = data["results"][0]
    assert item["code"] == "akta-kelahiran"
    assert item["unit"]["slug"] == "disdukcapil"
    assert item["fee"] == {"amount": 0, "display": "Gratis", "legal_basis": "", "note": ""}
    assert item["sla_working_days"] == 3
    assert data["next"] is None
    assert data["previous"] is None


def test_list_filters_and_search(client):
    load_demo()
    data = client.get("/api/v1/services", {"q": "akta lahir"}).json()
    assert [r["code"] for r in data["results"]] == ["akta-kelahiran"]
    data = client.get("/api/v1/services", {"unit": "dinsos"}).json()
    assert {r["code"] for r in data["results"]} == {"pendaftaran-dtks", "rekomendasi-bpjs-pbi"}
    data = client.get("/api/v1/services", {"category": "kesehatan"}).json()
    assert [r["code"] for r in data["results"]] == ["surat-keterangan-sehat"]


def test_pagination(client):
    load_demo()
    first = client.get("/api/v1/services", {"page_size": 5}).json()
    assert len(first["results"]) == 5
    assert first["count"] >= 15
    assert "page=2" in first["next"]
    assert first["previous"] is None
    second = client.get(first["next"]).json()
    assert second["previous"] is not None
    assert {r["code"] for r in first["results"]}.isdisjoint(r["code"] for r in second["results"])
    too_big = client.get("/api/v1/services", {"page_size": 101})
    assert too_big.status_code == 422
    beyond = client.get("/api/v1/services", {"page": 99})
    assert beyond.status_code == 404
    assert beyond.json()["code"] == "page_not_found"


def test_detail_fields(client, published):
    data = client.get("/api/v1/services/akta-kelahiran", {"submitted_on": "2026-12-04"}).json()
    assert data["version"] == 1
    assert data["sla_working_days"] == 3
    assert data["submitted_on"] == "2026-12-04"
    assert data["expected_completion"] == "2026-12-09"  # Friday + 3 working days
    assert data["documents"][0]["original_required"] is True
    assert data["procedure"].startswith("Isi formulir")
    assert data["manufacturing"]["legal_basis"] == "UU 24/2013"
    fields = {f["name"]: f for f in data["form"]}
    assert fields["status"]["choices"] == [
        {"value": "tercatat", "label": "Tercatat"},
        {"value": "belum", "label": "Belum tercatat"},
    ]
    assert fields["sptjm"]["show_if"] == {"field": "status", "value": "belum"}
    assert fields["nama_anak"]["show_if"] is None


def test_detail_across_holiday(client, published):
    data = client.get("/api/v1/services/akta-kelahiran?submitted_on=2026-12-22").json()
    # Tue 22 → Wed 23 (1), Thu 24 cuti bersama, Fri 25 Natal, weekend, Mon 28 (2), Tue 29 (3)
    assert data["expected_completion"] == "2026-12-29"


def test_detail_default_date_is_today(client, published):
    from django.utils import timezone

    data = client.get("/api/v1/services/akta-kelahiran").json()
    assert data["submitted_on"] == timezone.localdate().isoformat()


def test_bad_date_message_in_both_languages(client, published):
    response = client.get("/api/v1/services/akta-kelahiran?submitted_on=2026-13-45")
    assert response.status_code == 400
    body = response.json()
    assert body["code"] == "invalid_date"
    assert "tidak sah" in body["message"]
    english = client.get(
        "/api/v1/services/akta-kelahiran?submitted_on=kemarin", HTTP_ACCEPT_LANGUAGE="en"
    ).json()
    assert english["code"] == "invalid_date"
    assert "not a valid date" in english["message"]


def test_unknown_service_404(client, db):
    response = client.get("/api/v1/services/tidak-ada")
    assert response.status_code == 404
    assert response.json()["code"] == "service_not_found"
    english = client.get("/api/v1/services/tidak-ada?lang=en").json()
    assert "not found" in english["message"]


def test_detail_query_count_is_constant(client, published, django_assert_max_num_queries):
    draft = services.version_draft_create(actor=None, service=published.service)
    services.version_draft_update(
        actor=None,
        version=draft,
        documents=[{"name": f"Dok {i}"} for i in range(10)],
        form_fields=[{"name": f"f{i}", "label": f"F{i}", "field_type": "text"} for i in range(15)],
    )
    services.version_publish(actor=None, version=draft)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/api/v1/services/akta-kelahiran?submitted_on=2026-12-04")
    assert response.status_code == 200
    assert len(response.json()["form"]) == 15
    assert len(ctx.captured_queries) <= 5


@pytest.mark.django_db(transaction=True)
def test_cached_detail_follows_a_publish(client):
    from django.core.management import call_command

    from layanan.catalog.demo import load_demo
    from layanan.catalog.models import Service

    call_command("load_regions", "--seed-only", verbosity=0)
    load_demo()
    url = "/api/v1/services/akta-kelahiran?submitted_on=2026-12-04"
    before = client.get(url).json()
    with CaptureQueriesContext(connection) as ctx:
        again = client.get(url).json()
    assert again == before
    assert len(ctx.captured_queries) == 0  # served from the cache
    service = Service.objects.get(code="akta-kelahiran")
    draft = services.version_draft_create(actor=None, service=service)
    services.version_draft_update(actor=None, version=draft, content={"sla_working_days": 7})
    services.version_publish(actor=None, version=draft)
    after = client.get(url).json()
    assert after["version"] == before["version"] + 1
    assert after["sla_working_days"] == 7


@pytest.mark.django_db(transaction=True)
def test_cached_detail_follows_a_new_local_holiday(client):
    import datetime as dt

    from django.core.management import call_command

    from layanan.catalog.demo import load_demo
    from layanan.core.services import local_holiday_save

    call_command("load_regions", "--seed-only", verbosity=0)
    load_demo()
    url = "/api/v1/services/akta-kelahiran?submitted_on=2026-12-01"
    before = client.get(url).json()
    due = dt.date.fromisoformat(before["expected_completion"])
    local_holiday_save(actor=None, date=due, name="Libur daerah mendadak")
    after = client.get(url).json()
    assert dt.date.fromisoformat(after["expected_completion"]) > due
