"""Health of the parts a node depends on: database, cache, background worker, audit log."""

from __future__ import annotations

import uuid
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.utils import timezone


def check_database() -> dict[str, Any]:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        return {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}


def check_cache() -> dict[str, Any]:
    key = f"healthz:{uuid.uuid4().hex}"
    try:
        cache.set(key, "1", 10)
        ok = cache.get(key) == "1"
        cache.delete(key)
        backend = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
        return {"status": "ok" if ok else "error", "backend": backend}
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}


def check_worker() -> dict[str, Any]:
    from layanan.core.models import WorkerHeartbeat

    try:
        beat = WorkerHeartbeat.objects.filter(name="worker").first()
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}
    if beat is None:
        return {"status": "unknown", "last_heartbeat": None}
    age = (timezone.now() - beat.beat_at).total_seconds()
    fresh = age <= settings.LAYANAN_WORKER_HEARTBEAT_MAX_AGE
    return {
        "status": "ok" if fresh else "stale",
        "last_heartbeat": beat.beat_at.isoformat(),
        "age_seconds": round(age, 1),
    }


def check_audit_queue() -> dict[str, Any]:
    """Events waiting to enter the audit log: ``stale`` when the oldest waits too long."""
    from layanan.audit.selectors import audit_queue_status

    try:
        waiting, oldest = audit_queue_status()
    except Exception as exc:
        return {"status": "error", "error": exc.__class__.__name__}
    age = (timezone.now() - oldest).total_seconds() if oldest else 0.0
    fresh = age <= settings.LAYANAN_AUDIT_QUEUE_MAX_AGE
    return {
        "status": "ok" if fresh else "stale",
        "waiting": waiting,
        "oldest_age_seconds": round(age, 1),
    }


def health_report() -> tuple[dict[str, Any], int]:
    """The report and its HTTP status: 503 when the database or cache is down.

    A missing or stale worker, or audit events waiting too long to enter the log, make the node
    ``degraded`` but still 200, so a load balancer keeps serving pages while the operator is
    told that background work is not running.
    """
    checks = {
        "database": check_database(),
        "cache": check_cache(),
        "worker": check_worker(),
        "audit_queue": check_audit_queue(),
    }
    if checks["database"]["status"] != "ok" or checks["cache"]["status"] != "ok":
        status, code = "error", 503
    elif checks["worker"]["status"] != "ok" or checks["audit_queue"]["status"] != "ok":
        status, code = "degraded", 200
    else:
        status, code = "ok", 200
    return {"status": status, "checks": checks, "time": timezone.now().isoformat()}, code
