"""Test profile: SQLite by default, PostgreSQL when DATABASE_URL is set; Redis when reachable."""

from __future__ import annotations

import os
import socket
import uuid

from .base import *  # noqa: F403
from .base import LAYANAN_DATA_DIR, database_from_env, env

DEBUG = False
SECRET_KEY = "test-secret-key-" + "t" * 40
ALLOWED_HOSTS = ["*"]
LAYANAN_DATA_DIR.mkdir(parents=True, exist_ok=True)
(LAYANAN_DATA_DIR / "static").mkdir(exist_ok=True)  # whitenoise warns when STATIC_ROOT is missing
DATABASES = {"default": database_from_env("sqlite:///" + str(LAYANAN_DATA_DIR / "test.sqlite3"))}

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def _redis_reachable(url: str) -> bool:
    host, _, port = url.split("//", 1)[-1].split("/", 1)[0].rpartition(":")
    try:
        with socket.create_connection((host or "127.0.0.1", int(port or 6379)), timeout=0.5):
            return True
    except OSError:
        return False


REDIS_URL = env.str("REDIS_URL", default="redis://127.0.0.1:6379/15")
if _redis_reachable(REDIS_URL):
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            # Each run (and each xdist worker) gets its own key space.
            "KEY_PREFIX": f"layanan-test-{os.getpid()}-{uuid.uuid4().hex[:8]}",
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

HUEY = {
    "huey_class": "huey.MemoryHuey",
    "name": "layanan-test",
    "immediate": True,
}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
LAYANAN_DEMO_STAFF_WITHOUT_TOTP = False
# Fixed, public test keys for layanan.core.crypto (never used outside tests).
LAYANAN_FIELD_ENCRYPTION_KEYS = ["dGVzdC1rZXktMS1sYXlhbmFuLWZpZWxkLWVuY3J5cHQ="]
LAYANAN_BLIND_INDEX_KEY = "test-blind-index-key-" + "b" * 32
