"""Bench: ``layanan audit verify`` over a big log on PostgreSQL (target: 1,000,000 events < 60 s).

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/layanan_audit_bench \\
        /work/venv/bin/python bench/audit_verify.py [--events 1000000] [--reuse]

Queues the events with COPY (fast), runs the real sequencer over them (timed), signs ten tree
heads at intermediate sizes, then times ``audit verify`` and prints events/s and the ratio to the
60 s target. ``--reuse`` keeps an existing log of the right size. Uses its own database.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/layanan_audit_bench")
os.environ.setdefault("LAYANAN_DATA_DIR", "/tmp/audit-bench")

TARGET_SECONDS = 60.0


def ensure_database() -> None:
    import psycopg

    url = os.environ["DATABASE_URL"]
    name = url.rsplit("/", 1)[1]
    admin = url.rsplit("/", 1)[0] + "/postgres"
    with psycopg.connect(admin, autocommit=True) as conn:
        if not conn.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name]).fetchone():
            conn.execute(f'CREATE DATABASE "{name}"')


def create_events(n: int) -> float:
    """Queue ``n`` events as writers would (COPY into the queue table, same JSON)."""
    from django.db import connection

    from layanan.audit.domain import queued_event
    from layanan.audit.models import (
        AuditEvent,
        AuditLogState,
        AuditNode,
        PendingEvent,
        SignedTreeHead,
    )
    from layanan.audit.services import TEXT_LIMITS

    t0 = time.perf_counter()
    with connection.cursor() as cur:
        for model in (AuditEvent, AuditNode, SignedTreeHead, AuditLogState, PendingEvent):
            cur.execute(f"TRUNCATE {model._meta.db_table} RESTART IDENTITY CASCADE")
    base = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    table = PendingEvent._meta.db_table
    chunk = 100_000
    with connection.cursor() as cur:
        raw = cur.cursor  # the psycopg cursor
        for start in range(0, n, chunk):
            buf = io.StringIO()
            for i in range(start, min(n, start + chunk)):
                event = [  # QUEUED_FIELDS order, as audit_record queues it
                    (base + dt.timedelta(milliseconds=37 * i)).isoformat(),
                    None,
                    f"Petugas {i % 97}",
                    "operator",
                    f"unit-{i % 40}",
                    "permohonan.update",
                    "permohonan.permohonan",
                    str(i),
                    None,
                    {"fields": ["status", "catatan"], "status": "diproses", "n": i},
                    f"{i:032x}",
                    f"10.0.{i % 250}.{i % 200}",
                ]
                # the writers' own format and checks (no backslash or tab: plain COPY text)
                buf.write(queued_event(event, TEXT_LIMITS) + "\n")
            with raw.copy(f"COPY {table} (data) FROM STDIN") as copy:
                copy.write(buf.getvalue())
            print(f"  queued {min(n, start + chunk):,} events", flush=True)
    with connection.cursor() as cur:
        cur.execute(f"ANALYZE {table}")
    return time.perf_counter() - t0


def sign_intermediate(n: int) -> None:
    from layanan.audit import signing, tree
    from layanan.audit.domain import tree_head_bytes
    from layanan.audit.models import SignedTreeHead
    from layanan.audit.services import tree_head_publish

    for k in range(1, 10):
        size = n * k // 10
        root = tree.root_at(size)
        ts = 1_767_225_600_000 + k
        SignedTreeHead.objects.create(
            tree_size=size,
            root_hash=root,
            timestamp_ms=ts,
            signature=signing.sign(
                tree_head_bytes(tree_size=size, timestamp_ms=ts, root_hash=root)
            ),
            key_id=signing.key_id(),
        )
    tree_head_publish(force=True)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=1_000_000)
    parser.add_argument("--reuse", action="store_true")
    args = parser.parse_args()
    ensure_database()
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection

    from layanan.audit.models import AuditEvent
    from layanan.audit.services import audit_sequence

    assert connection.vendor == "postgresql", "this bench needs PostgreSQL"
    call_command("migrate", verbosity=0)
    n = args.events
    have = AuditEvent.objects.count()
    if not (args.reuse and have == n):
        print(f"queueing {n:,} events with COPY …", flush=True)
        copy_s = create_events(n)
        print(f"COPY: {copy_s:.1f} s ({n / copy_s:,.0f} events/s)")
        t0 = time.perf_counter()
        audit_sequence()
        seq_s = time.perf_counter() - t0
        print(f"sequencer: {seq_s:.1f} s ({n / seq_s:,.0f} events/s, leaf hashes + node cache)")
        sign_intermediate(n)
        with connection.cursor() as cur:
            cur.execute(f"VACUUM ANALYZE {AuditEvent._meta.db_table}")
    print(f"verifying {n:,} events …", flush=True)
    t0 = time.perf_counter()
    call_command("audit", "verify", "--no-sequence")
    verify_s = time.perf_counter() - t0
    print()
    print(f"{'events':>12} {'verify s':>9} {'events/s':>10} {'target s':>9} {'ratio':>6}")
    print(
        f"{n:>12,} {verify_s:>9.1f} {n / verify_s:>10,.0f} {TARGET_SECONDS:>9.0f} "
        f"{verify_s / TARGET_SECONDS:>6.2f}"
    )
    print(f"ratio to target: {verify_s / TARGET_SECONDS:.2f} (≤ 1.00 passes)")


if __name__ == "__main__":
    main()
