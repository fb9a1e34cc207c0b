"""Production profile: PostgreSQL, Redis (cache, sessions, task queue), HTTPS only.

Refuses to start, naming every missing variable, when a required one is absent.
"""

from __future__ import annotations

import os

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F403
from .base import database_from_env, env

REQUIRED = {
    "LAYANAN_SECRET_KEY": (
        "a long random string (python -c 'import secrets; print(secrets.token_urlsafe(50))')"
    ),
    "LAYANAN_ALLOWED_HOSTS": "comma-separated host names, e.g. layanan.lampungutarakab.go.id",
    "DATABASE_URL": "postgres://user:password@host:5432/layanan",
    "REDIS_URL": "redis://host:6379/0",
    "LAYANAN_AUDIT_SIGNING_KEY": (
        "base64 Ed25519 key "
        "(python -c 'import base64,os; print(base64.b64encode(os.urandom(32)).decode())')"
    ),
    "LAYANAN_FIELD_ENCRYPTION_KEYS": (
        "Fernet keys, newest first (python -c 'from cryptography.fernet import Fernet; "
        "print(Fernet.generate_key().decode())')"
    ),
    "LAYANAN_BLIND_INDEX_KEY": (
        "a separate secret for the NIK blind index "
        "(python -c 'import secrets; print(secrets.token_urlsafe(48))')"
    ),
}
_missing = [name for name in REQUIRED if not os.environ.get(name)]
if _missing:
    lines = "\n".join(f"  {name}: {REQUIRED[name]}" for name in _missing)
    raise ImproperlyConfigured(
        "Layanan production settings: missing required environment variable(s):\n"
        f"{lines}\nSee docs/deploy.md."
    )

DEBUG = False
SECRET_KEY = env.str("LAYANAN_SECRET_KEY")
ALLOWED_HOSTS = env.list("LAYANAN_ALLOWED_HOSTS")
DATABASES = {"default": database_from_env("")}
if "postgresql" not in str(DATABASES["default"].get("ENGINE")):
    raise ImproperlyConfigured(
        "Layanan production settings: DATABASE_URL must point to PostgreSQL 15+."
    )

REDIS_URL = env.str("REDIS_URL")
CACHES = {
    "default": {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": env.str("LAYANAN_CACHE_PREFIX", default="layanan"),
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 2, "SOCKET_TIMEOUT": 2},
    }
}
SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"

HUEY = {
    "huey_class": "huey.RedisHuey",
    "name": env.str("LAYANAN_QUEUE_NAME", default="layanan"),
    "url": REDIS_URL,
    "immediate": False,
    "consumer": {
        "workers": env.int("LAYANAN_WORKER_THREADS", default=4),
        "worker_type": "thread",
        "periodic": env.bool("LAYANAN_WORKER_PERIODIC", default=True),
    },
}

# HTTPS: TLS terminates at nginx/caddy, which sets X-Forwarded-Proto.
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = env.bool("LAYANAN_SSL_REDIRECT", default=True)
SECURE_HSTS_SECONDS = env.int("LAYANAN_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = True
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
LANGUAGE_COOKIE_SECURE = True

EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
EMAIL_HOST = env.str("LAYANAN_EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("LAYANAN_EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("LAYANAN_EMAIL_USER", default="")
EMAIL_HOST_PASSWORD = env.str("LAYANAN_EMAIL_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("LAYANAN_EMAIL_TLS", default=False)
DEFAULT_FROM_EMAIL = env.str("LAYANAN_EMAIL_FROM", default="layanan@localhost")

LAYANAN_DEMO_STAFF_WITHOUT_TOTP = False
if env.bool("LAYANAN_DEMO_STAFF_WITHOUT_TOTP", default=False):
    raise ImproperlyConfigured(
        "LAYANAN_DEMO_STAFF_WITHOUT_TOTP is only allowed in the demo profile; staff must use TOTP."
    )
