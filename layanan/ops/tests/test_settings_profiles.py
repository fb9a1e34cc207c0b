"""The production profile refuses to start without its variables; every profile honours
DATABASE_URL. Each case runs in a fresh interpreter, as a server would start."""

import os
import subprocess
import sys

import pytest

PROBE = "import django; from django.conf import settings; django.setup(); print({})"


def run(module, env, expr="settings.DATABASES['default']['ENGINE']"):
    base = {k: v for k, v in os.environ.items() if not k.startswith("LAYANAN_")}
    base.pop("DATABASE_URL", None)
    base.pop("REDIS_URL", None)
    base.update(env)
    base["DJANGO_SETTINGS_MODULE"] = module
    return subprocess.run(
        [sys.executable, "-c", PROBE.format(expr)], capture_output=True, text=True, env=base
    )


def test_production_names_every_missing_variable():
    result = run("config.settings.production", {})
    assert result.returncode != 0
    for name in ("LAYANAN_SECRET_KEY", "LAYANAN_ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL"):
        assert name in result.stderr


def test_production_rejects_sqlite(tmp_path):
    result = run(
        "config.settings.production",
        {
            "LAYANAN_SECRET_KEY": "x" * 60,
            "LAYANAN_ALLOWED_HOSTS": "example.go.id",
            "DATABASE_URL": f"sqlite:///{tmp_path}/x.sqlite3",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "LAYANAN_FIELD_ENCRYPTION_KEYS": "dummy",
            "LAYANAN_BLIND_INDEX_KEY": "dummy",
            "LAYANAN_AUDIT_SIGNING_KEY": "dummy",
        },
    )
    assert result.returncode != 0
    assert "PostgreSQL" in result.stderr


def test_production_refuses_demo_staff_without_totp():
    result = run(
        "config.settings.production",
        {
            "LAYANAN_SECRET_KEY": "x" * 60,
            "LAYANAN_ALLOWED_HOSTS": "example.go.id",
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/layanan",
            "REDIS_URL": "redis://127.0.0.1:6379/0",
            "LAYANAN_FIELD_ENCRYPTION_KEYS": "dummy",
            "LAYANAN_BLIND_INDEX_KEY": "dummy",
            "LAYANAN_AUDIT_SIGNING_KEY": "dummy",
            "LAYANAN_DEMO_STAFF_WITHOUT_TOTP": "1",
        },
    )
    assert result.returncode != 0
    assert "LAYANAN_DEMO_STAFF_WITHOUT_TOTP" in result.stderr


@pytest.mark.parametrize("module", ["config.settings.demo", "config.settings.test"])
def test_every_profile_honours_database_url(module, tmp_path):
    result = run(
        module,
        {
            "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/somewhere",
            "LAYANAN_DATA_DIR": str(tmp_path),
        },
        expr="settings.DATABASES['default']['NAME']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "somewhere"


def test_demo_uses_sqlite_in_its_data_dir(tmp_path):
    result = run(
        "config.settings.demo",
        {"LAYANAN_DATA_DIR": str(tmp_path)},
        expr="settings.DATABASES['default']['NAME']",
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(tmp_path / "demo.sqlite3")
