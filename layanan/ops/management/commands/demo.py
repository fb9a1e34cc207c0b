"""``layanan demo``: migrate, load demo data, run the web server and the worker together.

One process group: the web server (granian, see docs/adr/0007) and the task worker (huey
consumer) are children of this process; Ctrl-C (or SIGTERM) stops both cleanly.
"""

from __future__ import annotations

import hashlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path
from typing import Any

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError, CommandParser

from layanan.core.i18n import compile_translations
from layanan.ops.demo_data import load_all
from layanan.ops.servers import granian_command


def _port_free(host: str, port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((host, port))
        except OSError:
            return False
    return True


def _static_fingerprint() -> str:
    """A hash of every static source file's path, size and mtime (cheap to compute)."""
    from django.contrib.staticfiles import finders

    digest = hashlib.sha256()
    for finder in finders.get_finders():
        for path, storage in finder.list([]):
            stat = os.stat(storage.path(path))
            digest.update(f"{path}|{stat.st_size}|{stat.st_mtime_ns}\n".encode())
    return digest.hexdigest()


def collect_static_if_changed(out: Any) -> None:
    """collectstatic (with Brotli/gzip compression) only when the sources changed."""
    stamp = Path(settings.STATIC_ROOT) / ".layanan-fingerprint"
    fingerprint = _static_fingerprint()
    if stamp.exists() and stamp.read_text() == fingerprint:
        out.write("  tidak berubah")
        return
    call_command("collectstatic", interactive=False, verbosity=0)
    stamp.write_text(fingerprint)
    out.write("  dikumpulkan dan dikompresi")


class Command(BaseCommand):
    help = "Run the Layanan demo (SQLite, demo data of Kabupaten Lampung Utara, web + worker)."
    requires_system_checks: list[str] = []

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--port", type=int, default=8000, help="HTTP port (default 8000)")
        parser.add_argument("--host", default="127.0.0.1", help="bind address (default 127.0.0.1)")
        parser.add_argument("--workers", type=int, default=2, help="web worker processes")
        parser.add_argument(
            "--prepare-only", action="store_true", help="migrate and load data, then exit"
        )

    def handle(self, *args: Any, **opts: Any) -> None:
        host, port = opts["host"], opts["port"]
        out = self.stdout
        db = settings.DATABASES["default"]
        out.write(self.style.MIGRATE_HEADING("Layanan — demo Kabupaten Lampung Utara"))
        out.write(f"  Folder data : {settings.LAYANAN_DATA_DIR}")
        engine = str(db["ENGINE"]).rsplit(".", 1)[-1]
        out.write(f"  Basis data  : {engine} {db['NAME']}")
        if not opts["prepare_only"] and not _port_free(host, port):
            raise CommandError(f"Port {port} is in use on {host}; choose another with --port N.")

        out.write("• Migrasi basis data")
        call_command("migrate", interactive=False, verbosity=0)
        call_command("createcachetable", verbosity=0)
        out.write("• Terjemahan")
        try:
            compiled = compile_translations()
            out.write(f"  {compiled} katalog terjemahan dikompilasi")
        except RuntimeError as exc:
            out.write(f"  {exc} English pages stay in Indonesian.")
        out.write("• Berkas statis")
        static_sources = Path(settings.STATICFILES_DIRS[0]) / "dist"
        if not static_sources.exists():
            out.write("  Front-end assets not built: run `npm ci` in the project folder first.")
        collect_static_if_changed(out)
        logins = load_all(stdout=out)
        if opts["prepare_only"]:
            return

        env = dict(os.environ)
        env.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.demo")
        env["LAYANAN_DATA_DIR"] = str(settings.LAYANAN_DATA_DIR)
        web_cmd = granian_command(
            host=host, port=port, workers=opts["workers"], extra=("--workers-kill-timeout", "5")
        )
        worker_cmd = [sys.executable, "-m", "layanan.cli", "run_huey"]
        children = [
            subprocess.Popen(web_cmd, env=env),  # noqa: S603 - fixed argv
            subprocess.Popen(worker_cmd, env=env),  # noqa: S603
        ]

        stopping = False

        def stop(signum: int, frame: object) -> None:
            nonlocal stopping
            stopping = True

        signal.signal(signal.SIGINT, stop)
        signal.signal(signal.SIGTERM, stop)

        url_host = "localhost" if host in ("127.0.0.1", "0.0.0.0") else host  # noqa: S104
        url = f"http://{url_host}:{port}/"
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline and not stopping:
            try:
                urllib.request.urlopen(f"http://127.0.0.1:{port}/healthz", timeout=2)
                break
            except Exception:
                if any(c.poll() is not None for c in children):
                    break
                time.sleep(0.3)

        out.write("")
        out.write(self.style.SUCCESS(f"Layanan demo berjalan di {url}"))
        out.write(f"  English: {url}en/    API: {url}api/v1/docs    Health: {url}healthz")
        if logins:
            out.write("  Akun demo (kata sandi sama untuk semua, hanya untuk demo):")
            for role, login, password in logins:
                out.write(f"    {role:<28} {login:<36} {password}")
        out.write("  Tekan Ctrl-C untuk berhenti.")

        try:
            while not stopping:
                if any(c.poll() is not None for c in children):
                    out.write(self.style.ERROR("A demo process exited; stopping the demo."))
                    break
                time.sleep(0.5)
        finally:
            for child in children:
                if child.poll() is None:
                    child.send_signal(signal.SIGTERM)
            end = time.monotonic() + 10
            for child in children:
                try:
                    child.wait(timeout=max(0.1, end - time.monotonic()))
                except subprocess.TimeoutExpired:
                    child.kill()
            out.write("Demo berhenti.")
