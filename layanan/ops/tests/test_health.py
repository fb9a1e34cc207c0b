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
