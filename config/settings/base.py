"""Settings shared by every profile.

Values that differ between machines come from the environment (``LAYANAN_*``, ``DATABASE_URL``,
``REDIS_URL``); see ``docs/deploy.md``. Profiles: ``demo`` (SQLite, no variables needed),
``production`` (PostgreSQL + Redis, refuses to start without its required variables) and ``test``.
"""

from __future__ import annotations

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
PACKAGE_DIR = BASE_DIR / "layanan"

env = environ.Env()

# Where a running instance keeps its files (SQLite database in the demo, uploads, collected static
# files, the task queue of the demo). Printed by ``layanan demo`` at start.
LAYANAN_DATA_DIR = Path(env.str("LAYANAN_DATA_DIR", default=str(Path.cwd() / "var"))).resolve()

DEBUG = env.bool("LAYANAN_DEBUG", default=False)
SECRET_KEY = env.str("LAYANAN_SECRET_KEY", default="")
ALLOWED_HOSTS: list[str] = env.list("LAYANAN_ALLOWED_HOSTS", default=["localhost", "127.0.0.1"])
CSRF_TRUSTED_ORIGINS: list[str] = env.list("LAYANAN_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "huey.contrib.djhuey",
    "django_htmx",
    "csp",
    "ninja",
    "layanan.core",
    "layanan.accounts",
    "layanan.audit",
    "layanan.notifications",
    "layanan.catalog",
    "layanan.privacy",
    "layanan.api",
    "layanan.web",
    # Accounts: allauth after our apps so layanan/accounts/templates override its templates.
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.usersessions",
    "layanan.ops",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Compresses HTML/JSON (static files are pre-compressed by WhiteNoise above); see ADR 0022.
    "django.middleware.gzip.GZipMiddleware",
    "layanan.core.middleware.RequestIdMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "layanan.core.middleware.ApiLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
    "allauth.usersessions.middleware.UserSessionsMiddleware",
    "layanan.accounts.middleware.StaffMfaRequiredMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [PACKAGE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "layanan.web.context_processors.site",
            ],
        },
    },
]

# --- Database -------------------------------------------------------------------------------
# Every profile honours DATABASE_URL; profiles set their own default.
DATABASE_DEFAULT_URL = "sqlite:///" + str(LAYANAN_DATA_DIR / "layanan.sqlite3")


def database_from_env(default_url: str) -> dict[str, object]:
    """Parse DATABASE_URL (or the profile default) into Django's DATABASES entry."""
    db = env.db_url("DATABASE_URL", default=default_url)
    engine = str(db.get("ENGINE", ""))
    if "postgresql" in engine:
        # Django's backend plus deferred statements (the audit INSERT rides with the COMMIT).
        db["ENGINE"] = "layanan.core.db.postgresql"
        db.setdefault("CONN_MAX_AGE", env.int("LAYANAN_DB_CONN_MAX_AGE", default=60))
        db["CONN_HEALTH_CHECKS"] = True
        db.setdefault("OPTIONS", {})
    elif "sqlite" in engine:
        # WAL lets the web server and the worker share one SQLite file safely.
        db["OPTIONS"] = {
            "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
            "transaction_mode": "IMMEDIATE",
            "timeout": 20,
        }
    return dict(db)


AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
    "layanan.accounts.backends.RolePermissionBackend",
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:home"
LOGOUT_REDIRECT_URL = "home"
# --- Accounts (django-allauth + mfa); see docs/adr/0040 ------------------------------------
ACCOUNT_ADAPTER = "layanan.accounts.adapters.AccountAdapter"
MFA_ADAPTER = "layanan.accounts.adapters.MFAAdapter"
ACCOUNT_LOGIN_METHODS = {"email", "phone"}
ACCOUNT_SIGNUP_FIELDS = ["email", "phone", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = "username"
ACCOUNT_EMAIL_VERIFICATION = "optional"
ACCOUNT_PHONE_VERIFICATION_ENABLED = False
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_SESSION_REMEMBER = False
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_PASSWORD_RESET_BY_CODE_ENABLED = False
ACCOUNT_PREVENT_ENUMERATION = True
ACCOUNT_FORMS = {
    "signup": "layanan.accounts.forms.SignupForm",
    "login": "layanan.accounts.forms.LoginForm",
}
MFA_ALLOW_UNVERIFIED_EMAIL = True
# Lockout: N failed logins per account (keyed by user, see AccountAdapter) lock it for a window;
# the counters live in the cache (Redis in production) so they hold across web nodes.
LAYANAN_LOGIN_LOCKOUT_ATTEMPTS = env.int("LAYANAN_LOGIN_LOCKOUT_ATTEMPTS", default=5)
LAYANAN_LOGIN_LOCKOUT_SECONDS = env.int("LAYANAN_LOGIN_LOCKOUT_SECONDS", default=15 * 60)
ACCOUNT_RATE_LIMITS = {
    "login": "30/m/ip",
    "login_failed": (
        f"20/m/ip,{LAYANAN_LOGIN_LOCKOUT_ATTEMPTS}/{LAYANAN_LOGIN_LOCKOUT_SECONDS}s/key"
    ),
    "signup": "10/m/ip",
    "reset_password": "10/m/ip,3/m/key",
    "reset_password_sms": "10/m/ip,3/h/key",
}
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Layanan"
USERSESSIONS_TRACK_ACTIVITY = True
# Sign-up asks for email OR phone (enforced by our form), so neither is "required" to allauth.
SILENCED_SYSTEM_CHECKS = ["account.W001"]
# SMS password-reset codes (layanan.accounts.services.sms_reset_*).
LAYANAN_SMS_RESET_CODE_TTL = 10 * 60
LAYANAN_SMS_RESET_MAX_ATTEMPTS = 5

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation: Bahasa Indonesia first --------------------------------------------
LANGUAGE_CODE = "id"
LANGUAGES = [("id", _("Bahasa Indonesia")), ("en", _("English"))]
LOCALE_PATHS = [PACKAGE_DIR / "locale"]
USE_I18N = True
USE_TZ = True
TIME_ZONE = "Asia/Jakarta"
LANGUAGE_COOKIE_NAME = "layanan_lang"
LANGUAGE_COOKIE_SECURE = False
LANGUAGE_COOKIE_SAMESITE = "Lax"

# --- Static files ---------------------------------------------------------------------------
STATIC_URL = "/static/"
STATIC_ROOT = Path(env.str("LAYANAN_STATIC_ROOT", default=str(LAYANAN_DATA_DIR / "static")))
STATICFILES_DIRS = [PACKAGE_DIR / "static"]
MEDIA_ROOT = Path(env.str("LAYANAN_MEDIA_ROOT", default=str(LAYANAN_DATA_DIR / "media")))
MEDIA_URL = "/media/"
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
WHITENOISE_MAX_AGE = 31536000

DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Security -------------------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
SESSION_COOKIE_AGE = 60 * 60 * 8
CSRF_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "frame-ancestors": ["'none'"],
        "form-action": ["'self'"],
        "base-uri": ["'self'"],
        "object-src": ["'none'"],
    },
}

# --- Background work (huey); profiles choose the storage --------------------------------------
HUEY: dict[str, object] = {}

# --- Logging --------------------------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"},
    },
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LAYANAN_LOG_LEVEL", default="INFO")},
    "loggers": {
        "django.db.backends": {"level": "WARNING"},
        # handlers set here, so huey's consumer does not add its own (no doubled lines)
        "huey": {"level": "INFO", "handlers": ["console"], "propagate": False},
    },
}

# --- Layanan --------------------------------------------------------------------------------
LAYANAN_SITE_NAME = env.str("LAYANAN_SITE_NAME", default="Layanan")
# The region this installation serves (Kemendagri code); data, not code.
LAYANAN_REGION_CODE = env.str("LAYANAN_REGION_CODE", default="18.03")
# Personal data at rest (layanan.core.crypto): Fernet keys newest first + blind-index key,
# held apart from SECRET_KEY. Production requires both; demo/test profiles provide their own.
LAYANAN_FIELD_ENCRYPTION_KEYS: list[str] = env.list("LAYANAN_FIELD_ENCRYPTION_KEYS", default=[])
LAYANAN_BLIND_INDEX_KEY = env.str("LAYANAN_BLIND_INDEX_KEY", default="")
# SMS provider (layanan.notifications): "console" (logs only) or "zenziva" (docs/adr/0051).
LAYANAN_SMS_PROVIDER = env.str("LAYANAN_SMS_PROVIDER", default="console")
LAYANAN_SMS_URL = env.str(
    "LAYANAN_SMS_URL", default="https://console.zenziva.net/reguler/api/sendsms/"
)
LAYANAN_SMS_USERKEY = env.str("LAYANAN_SMS_USERKEY", default="")
LAYANAN_SMS_PASSKEY = env.str("LAYANAN_SMS_PASSKEY", default="")
# A worker heartbeat older than this is reported as down by /healthz.
LAYANAN_WORKER_HEARTBEAT_MAX_AGE = env.int("LAYANAN_WORKER_HEARTBEAT_MAX_AGE", default=180)
# An audit event normally enters the log about a second after commit (the sequencer also runs
# every minute): older than this, /healthz reports the audit queue as stale.
LAYANAN_AUDIT_QUEUE_MAX_AGE = env.int("LAYANAN_AUDIT_QUEUE_MAX_AGE", default=300)
# Ed25519 key signing the audit log's tree heads: base64 of 32 random bytes. Required in production;
# when empty (demo/test) one is generated once in LAYANAN_DATA_DIR/audit-signing.key.
LAYANAN_AUDIT_SIGNING_KEY = env.str("LAYANAN_AUDIT_SIGNING_KEY", default="")

if env.bool("LAYANAN_BENCH_URLS", default=False):
    ROOT_URLCONF = "config.urls_bench"
