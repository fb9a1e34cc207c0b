"""Helpers shared by the benchmarks: a PostgreSQL database, production-like env, a server."""

from __future__ import annotations

import base64
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PY = sys.executable
DEFAULT_DB = "postgres://postgres@127.0.0.1:5432/layanan_bench"


def ensure_database(url: str, *, fresh: bool = True) -> None:
    """Create the bench database (dropped first when ``fresh``, so every run starts equal)."""
    import psycopg

    name = url.rsplit("/", 1)[-1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if fresh:
            conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        exists = conn.execute("SELECT 1 FROM pg_database WHERE datname=%s", (name,)).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{name}"')


def production_env(database_url: str, data_dir: Path) -> dict[str, str]:
    """Environment for the production profile on this machine (HTTP, local services)."""
    data_dir.mkdir(parents=True, exist_ok=True)
    env = dict(os.environ)
    env.update(
        {
            "DJANGO_SETTINGS_MODULE": "config.settings.production",
            "LAYANAN_SECRET_KEY": "bench-" + "k" * 50,
            "LAYANAN_ALLOWED_HOSTS": "127.0.0.1,localhost",
            "DATABASE_URL": database_url,
            "REDIS_URL": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/13"),
            "LAYANAN_SSL_REDIRECT": "0",
            "LAYANAN_DATA_DIR": str(data_dir),
            "LAYANAN_STATIC_ROOT": str(data_dir / "static"),
            # fixed keys: the bench database outlives one run
            "LAYANAN_FIELD_ENCRYPTION_KEYS": base64.urlsafe_b64encode(b"f" * 32).decode(),
            "LAYANAN_BLIND_INDEX_KEY": base64.b64encode(b"b" * 32).decode(),
            "LAYANAN_AUDIT_SIGNING_KEY": base64.b64encode(b"s" * 32).decode(),
            "LAYANAN_BENCH_URLS": "1",
            "LAYANAN_LOG_LEVEL": "WARNING",
        }
    )
    return env


def layanan(env: dict[str, str], *args: str) -> None:
    subprocess.run([PY, "-m", "layanan.cli", *args], cwd=ROOT, env=env, check=True)


def server_command(kind: str, port: int, workers: int) -> list[str]:
    if kind == "gunicorn":
        return [
            PY,
            "-m",
            "gunicorn",
            "config.wsgi:application",
            "--bind",
            f"127.0.0.1:{port}",
            "--workers",
            str(workers),
            "--log-level",
            "warning",
        ]
    if kind == "granian":
        from layanan.ops.servers import granian_command

        return granian_command(
            python=PY,
            host="127.0.0.1",
            port=port,
            workers=workers,
            extra=("--log-level", "warning"),
        )
    raise ValueError(kind)


@contextmanager
def running_server(kind: str, env: dict[str, str], port: int, workers: int) -> Iterator[str]:
    proc = subprocess.Popen(server_command(kind, port, workers), cwd=ROOT, env=env)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                urllib.request.urlopen(base + "/healthz", timeout=2)
                break
            except Exception:
                if proc.poll() is not None or time.monotonic() > deadline:
                    raise RuntimeError(f"{kind} did not start") from None
                time.sleep(0.3)
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        try:
            proc.wait(timeout=15)
        except subprocess.TimeoutExpired:
            proc.kill()


def wrk(url: str, *, seconds: int, connections: int, threads: int = 1) -> float:
    """Requests per second measured by wrk (Debian package ``wrk``)."""
    if shutil.which("wrk") is None:
        sys.exit("wrk not found: apt-get install wrk")
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds}s", url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"Requests/sec:\s+([\d.]+)", out)
    non2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    if non2xx:
        raise RuntimeError(f"{url}: {non2xx.group(1)} non-2xx responses\n{out}")
    assert match, out
    return float(match.group(1))
