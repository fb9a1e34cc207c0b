"""Demo profile: embedded SQLite, SQLite-backed task queue, no variables required.

``DATABASE_URL`` still wins when set, so the demo can also run against PostgreSQL.
"""

from __future__ import annotations

from .base import *  # noqa: F403
from .base import LAYANAN_DATA_DIR, database_from_env, env

DEBUG = env.bool("LAYANAN_DEBUG", default=False)
SECRET_KEY = env.str("LAYANAN_SECRET_KEY", default="demo-only-not-secret-" + "x" * 40)
ALLOWED_HOSTS = env.list("LAYANAN_ALLOWED_HOSTS", default=["*"])

LAYANAN_DATA_DIR.mkdir(parents=True, exist_ok=True)

# Personal-data keys (layanan.core.crypto): generated once into the data directory.
if not env.list("LAYANAN_FIELD_ENCRYPTION_KEYS", default=[]):
    import json as _json
    import secrets as _secrets

    from cryptography.fernet import Fernet as _Fernet

    _keyfile = LAYANAN_DATA_DIR / "keys.json"
    if not _keyfile.exists():
        _keyfile.write_text(
            _json.dumps(
                {
                    "field_encryption_keys": [_Fernet.generate_key().decode()],
                    "blind_index_key": _secrets.token_urlsafe(48),
                }
            )
        )
        _keyfile.chmod(0o600)
    _keys = _json.loads(_keyfile.read_text())
    LAYANAN_FIELD_ENCRYPTION_KEYS = _keys["field_encryption_keys"]
    LAYANAN_BLIND_INDEX_KEY = env.str("LAYANAN_BLIND_INDEX_KEY", default=_keys["blind_index_key"])
DATABASES = {"default": database_from_env("sqlite:///" + str(LAYANAN_DATA_DIR / "demo.sqlite3"))}

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
        "LOCATION": str(LAYANAN_DATA_DIR / "cache"),
    }
}
REDIS_URL = env.str("REDIS_URL", default="")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django_redis.cache.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "layanan-demo",
        }
    }

HUEY = {
    "huey_class": "huey.SqliteHuey",
    "name": "layanan-demo",
    "filename": str(LAYANAN_DATA_DIR / "tasks.sqlite3"),
    "immediate": False,
    "consumer": {"workers": 2, "worker_type": "thread", "periodic": True},
}

# Demo staff accounts are labelled as such and may sign in without TOTP (never in production).
LAYANAN_DEMO_STAFF_WITHOUT_TOTP = True
EMAIL_BACKEND = env.str(
    "LAYANAN_EMAIL_BACKEND", default="django.core.mail.backends.console.EmailBackend"
)
