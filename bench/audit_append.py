"""Bench: what the audit append costs a writer, with 1–32 concurrent writer threads (PostgreSQL).

    /work/venv/bin/python bench/audit_append.py [--seconds 3] [--rounds 3]

The representative write is ``accounts.services.unit_upsert`` updating one field of a unit (row
lock, UPDATE, commit). "with audit" is the real service: it also INSERTs the audit event and, after
commit, enqueues the sequencer task on Redis (RedisHuey, as in production). "without" is the same
call with ``audit_record`` replaced by a no-op. Each writer thread updates its own unit, so the
only shared thing the audit path could add is contention on the log — which the design avoids.
Target: overhead ≤ 10 %. Uses its own database ``layanan_audit_bench_append``.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import threading
import time
from pathlib import Path
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault(
    "DATABASE_URL", "postgres://postgres@127.0.0.1:5432/layanan_audit_bench_append"
)
os.environ.setdefault("LAYANAN_DATA_DIR", "/tmp/audit-bench")

WRITERS = (1, 4, 8, 16, 32)
TARGET = 0.10


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    with psycopg.connect(url.rsplit("/", 1)[0] + "/postgres", autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def setup_django() -> None:
    import django
    from django.conf import settings

    settings.HUEY = {  # production-like: enqueue = one Redis push, no consumer running here
        "huey_class": "huey.RedisHuey",
        "name": f"layanan-audit-bench-{os.getpid()}",
        "url": os.environ.get("REDIS_URL", "redis://127.0.0.1:6379/14"),
        "immediate": False,
    }
    settings.DATABASES["default"]["CONN_MAX_AGE"] = None
    django.setup()


def run_once(writers: int, seconds: float, audited: bool) -> float:
    """Writes per second with ``writers`` threads for ``seconds``."""
    from django.db import connections

    from layanan.accounts import services

    stop = threading.Event()
    barrier = threading.Barrier(writers + 1)
    counts = [0] * writers
    errors: list[BaseException] = []

    def writer(t: int) -> None:
        slug = f"bench-unit-{t}"
        i = 0
        try:
            services.unit_upsert(actor=None, slug=slug, name=f"Unit {t}", kind="unit")  # warm up
            barrier.wait()
            while not stop.is_set():
                i += 1
                services.unit_upsert(actor=None, slug=slug, phone=f"0812{t:03d}{i:07d}")
            counts[t] = i
        except BaseException as exc:
            errors.append(exc)
            stop.set()
        finally:
            connections.close_all()

    patch = mock.patch.object(services, "audit_record", return_value=None) if not audited else None
    if patch:
        patch.start()
    try:
        threads = [threading.Thread(target=writer, args=(t,)) for t in range(writers)]
        for th in threads:
            th.start()
        barrier.wait()
        t0 = time.perf_counter()
        time.sleep(seconds)
        stop.set()
        for th in threads:
            th.join()
        elapsed = time.perf_counter() - t0
    finally:
        if patch:
            patch.stop()
    if errors:
        raise errors[0]
    return sum(counts) / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=3.0)
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    ensure_database()
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    from layanan.audit.models import AuditEvent
    from layanan.audit.services import audit_sequence

    assert connection.vendor == "postgresql", "this bench needs PostgreSQL"
    call_command("migrate", verbosity=0)
    before = AuditEvent.objects.count()
    print(
        f"unit_upsert (update one field) with vs. without its audit event; "
        f"{args.rounds} alternating rounds of {args.seconds:.0f} s, median"
    )
    print(f"{'writers':>7} {'with audit/s':>13} {'without/s':>10} {'overhead':>9} {'ratio':>6}")
    worst = 0.0
    for writers in WRITERS:
        with_r, without_r = [], []
        for _ in range(args.rounds):
            without_r.append(run_once(writers, args.seconds, audited=False))
            with_r.append(run_once(writers, args.seconds, audited=True))
        w, wo = statistics.median(with_r), statistics.median(without_r)
        overhead = wo / w - 1
        if writers == 32:
            worst = overhead
        print(f"{writers:>7} {w:>13,.0f} {wo:>10,.0f} {overhead:>8.1%} {w / wo:>6.2f}", flush=True)
    written = AuditEvent.objects.count() - before
    t0 = time.perf_counter()
    sequenced = audit_sequence()
    seq_s = time.perf_counter() - t0
    HUEY.flush()
    print(
        f"\naudit events written: {written:,}; sequenced afterwards in {seq_s:.1f} s "
        f"({sequenced / seq_s if seq_s else 0:,.0f} events/s, one sequencer)"
    )
    print(
        f"32 writers: overhead {worst:.1%}, ratio to the 10 % target {worst / TARGET:.2f} "
        "(≤ 1.00 passes)"
    )


if __name__ == "__main__":
    main()
