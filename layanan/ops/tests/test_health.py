import datetime as dt

import pytest
from django.utils import timezone

from layanan.core.models import WorkerHeartbeat
from layanan.core.tasks import record_heartbeat


@pytest.mark.django_db
def test_healthz_reports_database_cache_and_unknown_worker(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    body = response.json()
    assert body["checks"]["database"]["status"] == "ok"
    assert body["checks"]["cache"]["status"] == "ok"
    assert body["checks"]["worker"]["status"] == "unknown"
    assert body["status"] == "degraded"
    assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.django_db
def test_healthz_ok_with_fresh_worker_and_stale_after_timeout(client):
    record_heartbeat()
    assert client.get("/healthz").json()["status"] == "ok"
    WorkerHeartbeat.objects.update(beat_at=timezone.now() - dt.timedelta(hours=1))
    body = client.get("/healthz").json()
    assert body["checks"]["worker"]["status"] == "stale"
    assert body["status"] == "degraded"


@pytest.mark.django_db
def test_healthz_503_when_cache_is_down(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": "redis://127.0.0.1:1/0",  # nothing listens on port 1
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.2, "SOCKET_TIMEOUT": 0.2},
        }
    }
    response = client.get("/healthz")
    assert response.status_code == 503
    assert response.json()["checks"]["cache"]["status"] == "error"


@pytest.mark.django_db
def test_healthz_reports_the_audit_queue(client):
    from layanan.audit.models import PendingEvent
    from layanan.audit.services import audit_record, audit_sequence

    record_heartbeat()
    audit_record(actor=None, action="uji.antre")  # a test transaction: stays queued
    check = client.get("/healthz").json()["checks"]["audit_queue"]
    assert check["status"] == "ok"
    assert check["waiting"] == 1
    assert check["oldest_age_seconds"] < 60
    old = (timezone.now() - dt.timedelta(minutes=10)).isoformat()
    pending = PendingEvent.objects.get()
    pending.data = [old, *pending.data[1:]]  # the sequencer has not run for ten minutes
    pending.save()
    body = client.get("/healthz").json()
    assert body["checks"]["audit_queue"]["status"] == "stale"
    assert body["status"] == "degraded"
    audit_sequence()
    body = client.get("/healthz").json()
    assert body["checks"]["audit_queue"] == {
        "status": "ok",
        "waiting": 0,
        "oldest_age_seconds": 0.0,
    }
    assert body["status"] == "ok"
