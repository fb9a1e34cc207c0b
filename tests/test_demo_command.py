"""`layanan demo` end to end: a real gunicorn and a real huey consumer in one process group."""

import json
import os
import re
import signal
import socket
import sqlite3
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def free_port():
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def demo_env(data_dir):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LAYANAN_")}
    env.pop("DATABASE_URL", None)
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env["LAYANAN_DATA_DIR"] = str(data_dir)
    return env


def layanan(*args, env, **kwargs):
    return subprocess.run(
        [sys.executable, "-m", "layanan.cli", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        **kwargs,
    )


def count_rows(db, table):
    with sqlite3.connect(db) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


@pytest.mark.slow
def test_demo_prepare_is_idempotent(tmp_path):
    env = demo_env(tmp_path)
    first = layanan("demo", "--prepare-only", env=env, timeout=600)
    assert first.returncode == 0, first.stdout + first.stderr
    assert str(tmp_path) in first.stdout  # the data folder is printed
    db = tmp_path / "demo.sqlite3"
    tables = ["core_region", "accounts_orgunit"]
    counts = {t: count_rows(db, t) for t in tables}
    assert counts["core_region"] >= 25
    second = layanan("demo", "--prepare-only", env=env, timeout=600)
    assert second.returncode == 0, second.stdout + second.stderr
    assert {t: count_rows(db, t) for t in tables} == counts


@pytest.mark.slow
def test_demo_runs_web_and_worker_and_stops_on_ctrl_c(tmp_path):
    env = demo_env(tmp_path)
    port = free_port()
    proc = subprocess.Popen(
        [sys.executable, "-m", "layanan.cli", "demo", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
        start_new_session=True,
    )
    output = []
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline:
            line = proc.stdout.readline()
            if not line and proc.poll() is not None:
                break
            output.append(line)
            if "Ctrl-C" in line:
                break
        text = "".join(output)
        assert re.search(rf"http://localhost:{port}/", text), text
        home = urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=10)
        assert home.status == 200
        assert 'lang="id"' in home.read().decode()

        # the worker is alive: it wrote its start-up heartbeat, and it consumes queued tasks
        probe = layanan(
            "shell",
            "-c",
            "from layanan.core.tasks import heartbeat_task; heartbeat_task('probe')",
            env={**env, "DJANGO_SETTINGS_MODULE": "config.settings.demo"},
            timeout=60,
        )
        assert probe.returncode == 0, probe.stderr
        db = tmp_path / "demo.sqlite3"
        names = set()
        for _ in range(100):
            with sqlite3.connect(db) as conn:
                names = {r[0] for r in conn.execute("SELECT name FROM core_workerheartbeat")}
            if {"worker", "probe"} <= names:
                break
            time.sleep(0.3)
        assert {"worker", "probe"} <= names
        health = json.load(urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=10))
        assert health["checks"]["worker"]["status"] == "ok"
        assert health["status"] == "ok"
    finally:
        os.killpg(proc.pid, signal.SIGINT)  # what Ctrl-C in a terminal does
        try:
            rest = proc.communicate(timeout=30)[0]
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            raise
    assert proc.returncode == 0, rest
    assert "Demo berhenti" in rest
    # nothing of the process group is left behind
    time.sleep(0.5)
    with pytest.raises(ProcessLookupError):
        os.killpg(proc.pid, 0)
