"""Bench: what the audit append costs a writer, with 1–32 concurrent writers (PostgreSQL only).

    /work/venv/bin/python bench/audit_append.py [--seconds 2] [--rounds 3] [--threads]

Two service writes, each as a real request performs it (a request id and client IP in the
request context, as ``RequestContextMiddleware`` sets them):

* ``unit_upsert`` — ``accounts.services.unit_upsert`` changing one field of a unit (row lock,
  UPDATE, audit INSERT, commit; ~4 statements), the cheapest audited write there is;
* ``draft_update`` — ``catalog.services.version_draft_update`` changing the summary of a draft
  service version, by a unit admin (permission check, row lock with joins, UPDATE, audit INSERT,
  commit, catalog cache bump after commit).

"with" is the real service: it also INSERTs the audit event and, after commit, schedules the
sequencer task on Redis (RedisHuey, as in production; debounced to one push per second per
process). "without" is the same call with ``audit_record`` replaced by a no-op. Each writer has
its own unit / draft, so the only shared thing the audit path could add is contention on the
log — which the design avoids. Writers are forked processes with one connection each, like the
app server's workers (``--threads`` runs them as threads of one process instead, which makes
the GIL the bottleneck). The variants alternate within each round so they share the noise of
this machine; medians of the rounds. No sequencer runs meanwhile (it is measured separately at
the end). Target (issue #3): overhead ≤ 10 %.

The database (``DATABASE_URL``, default ``layanan_auditperf_bench``) is dropped and recreated.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import threading
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any
from unittest import mock

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
os.environ.setdefault("DATABASE_URL", "postgres://postgres@127.0.0.1:5432/layanan_auditperf_bench")
os.environ.setdefault("LAYANAN_DATA_DIR", "/tmp/auditperf-bench")

from bench._common import ensure_database

WRITERS = (1, 4, 8, 16, 32)
WORKLOADS = ("unit_upsert", "draft_update")
TARGET = 0.10


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


def prepare(max_writers: int) -> dict[str, Any]:
    """Per writer: a unit (for ``unit_upsert``), and an OPD with its unit admin and a draft.

    Separate OPDs because ``version_draft_update`` locks the version's service *and unit* rows:
    writers of one OPD queue behind each other, which would hide what the audit append costs.
    """
    from layanan.accounts import services as accounts
    from layanan.accounts.models import Membership, OrgUnit, User
    from layanan.catalog import services as catalog

    category = catalog.category_upsert(actor=None, slug="bench", name="Bench")[0]
    admins, drafts = [], []
    for t in range(max_writers):
        accounts.unit_upsert(actor=None, slug=f"bench-unit-{t}", name=f"Unit {t}", kind="unit")
        unit = OrgUnit.objects.create(slug=f"bench-opd-{t}", name=f"Dinas {t}", kind="opd")
        admin = User.objects.create_user(
            username=f"bench-admin-{t}", password="x", email=f"admin{t}@bench.id"
        )
        Membership.objects.create(user=admin, unit=unit, role=Membership.Role.ADMIN_UNIT)
        admins.append(admin.pk)
        drafts.append(
            catalog.service_create(
                actor=admin,
                code=f"bench-{t}",
                unit=unit,
                category=category,
                content={"name": f"Layanan {t}", "summary": "awal", "sla_working_days": 3},
            ).pk
        )
    return {"admins": admins, "drafts": drafts}


def make_op(workload: str, t: int, fixture: dict[str, Any]) -> Callable[[int], object]:
    """The service call writer ``t`` repeats (``i`` makes every call change something)."""
    if workload == "unit_upsert":
        from layanan.accounts import services as accounts

        slug = f"bench-unit-{t}"
        return lambda i: accounts.unit_upsert(actor=None, slug=slug, phone=f"0812{t:03d}{i:07d}")
    from layanan.accounts.models import User
    from layanan.catalog import services as catalog
    from layanan.catalog.models import ServiceVersion

    admin = User.objects.get(pk=fixture["admins"][t])
    version = ServiceVersion.objects.get(pk=fixture["drafts"][t])
    return lambda i: catalog.version_draft_update(
        actor=admin, version=version, content={"summary": f"ringkasan {t} nomor {i}"}
    )


def no_audit(workload: str) -> Any:
    """Patch that turns the workload's audit call into a no-op (keeps the catalog cache bump)."""
    if workload == "unit_upsert":
        return mock.patch("layanan.accounts.services.audit_record", return_value=None)
    return mock.patch("layanan.catalog.services._audit_record", return_value=None)


def backend_cpu(pid: int) -> float:
    """CPU seconds used so far by the PostgreSQL backend ``pid`` (same host; 0 if unreadable)."""
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return 0.0
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def writer_loop(
    workload: str, t: int, fixture: dict[str, Any], audited: bool, ready: Any, stop: Any
) -> tuple[int, float]:
    """Run one writer until ``stop``: (completed calls, CPU s of this writer and its backend).

    CPU time (client thread + its PostgreSQL backend) is far less disturbed by the other
    load on a shared machine than calls per second are.
    """
    from django.db import connection, connections

    from layanan.core.context import RequestContext, reset_request, set_request

    patch = None if audited else no_audit(workload)
    if patch:
        patch.start()
    try:
        op = make_op(workload, t, fixture)
        op(-1)  # warm up: connection, caches
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        ready.wait()
        cpu0 = time.thread_time() + backend_cpu(backend)
        i = 0
        while not stop.is_set():
            i += 1
            token = set_request(RequestContext(uuid.uuid4().hex, f"10.0.{t}.1"))
            try:
                op(i)
            finally:
                reset_request(token)
        return i, time.thread_time() + backend_cpu(backend) - cpu0
    finally:
        if patch:
            patch.stop()
        connections.close_all()


def _child(
    workload: str, t: int, fixture: dict[str, Any], audited: bool, ready: Any, stop: Any, out: Any
) -> None:
    try:
        out.put((t, *writer_loop(workload, t, fixture, audited, ready, stop), None))
    except BaseException as exc:  # report, never hang the parent
        out.put((t, 0, 0.0, repr(exc)))
        ready.abort()


def run_once(
    workload: str,
    writers: int,
    seconds: float,
    audited: bool,
    fixture: dict[str, Any],
    *,
    threads: bool,
) -> tuple[float, float]:
    """(calls per second, CPU µs per call) with ``writers`` concurrent writers for ``seconds``."""
    from django.db import connections

    connections.close_all()  # never share a connection with forked children
    if threads:
        ready: Any = threading.Barrier(writers + 1)
        stop: Any = threading.Event()
        done: list[tuple[int, float]] = [(0, 0.0)] * writers
        errors: list[str] = []

        def run(t: int) -> None:
            try:
                done[t] = writer_loop(workload, t, fixture, audited, ready, stop)
            except BaseException as exc:
                errors.append(repr(exc))
                ready.abort()

        workers: list[Any] = [threading.Thread(target=run, args=(t,)) for t in range(writers)]
    else:
        ctx = mp.get_context("fork")
        ready, stop, out = ctx.Barrier(writers + 1), ctx.Event(), ctx.Queue()
        workers = [
            ctx.Process(target=_child, args=(workload, t, fixture, audited, ready, stop, out))
            for t in range(writers)
        ]
    for w in workers:
        w.start()
    ready.wait(timeout=60)
    t0 = time.perf_counter()
    time.sleep(seconds)
    stop.set()
    if not threads:
        results = [out.get(timeout=60) for _ in workers]
        done = [(n, cpu) for _t, n, cpu, _e in results]
        errors = [e for _t, _n, _cpu, e in results if e]
    for w in workers:
        w.join()
    elapsed = time.perf_counter() - t0
    if errors:
        raise RuntimeError(errors[0])
    calls = sum(n for n, _cpu in done)
    return calls / elapsed, sum(cpu for _n, cpu in done) / max(calls, 1) * 1e6


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=2.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--threads", action="store_true", help="writers as threads, not processes")
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--writers", default=",".join(map(str, WRITERS)))
    args = parser.parse_args()
    workloads = args.workloads.split(",")
    writer_counts = [int(n) for n in args.writers.split(",")]

    ensure_database(os.environ["DATABASE_URL"], fresh=True)
    setup_django()
    from django.core.management import call_command
    from django.db import connection
    from huey.contrib.djhuey import HUEY

    from layanan.audit.models import AuditEvent
    from layanan.audit.services import audit_sequence

    assert connection.vendor == "postgresql", "this bench needs PostgreSQL"
    call_command("migrate", verbosity=0)
    fixture = prepare(max(writer_counts))
    audit_sequence()
    before = AuditEvent.objects.count()
    mode = "threads of one process" if args.threads else "processes"
    print(
        f"service call with vs. without its audit event; writers = {mode}; "
        f"{args.rounds} alternating rounds of {args.seconds:g} s, median calls/s"
    )
    started = time.perf_counter()
    # (workload, writers) -> audited -> [(calls/s, CPU µs/call) per round]
    results: dict[tuple[str, int], dict[bool, list[tuple[float, float]]]] = {
        (w, n): {True: [], False: []} for w in workloads for n in writer_counts
    }
    for r in range(args.rounds):  # rounds outermost: a noisy minute hits every cell alike
        for n in writer_counts:
            for workload in workloads:
                for audited in (False, True) if r % 2 == 0 else (True, False):
                    results[workload, n][audited].append(
                        run_once(workload, n, args.seconds, audited, fixture, threads=args.threads)
                    )
    for workload in workloads:
        print(f"\n{workload}")
        print(
            f"{'writers':>7} {'with/s':>8} {'without/s':>10} {'overhead':>9} {'/ target':>9}"
            f" | {'CPU µs/call with':>16} {'without':>8} {'overhead':>9} {'/ target':>9}"
        )
        for n in writer_counts:
            cell = results[workload, n]
            w = statistics.median(rate for rate, _cpu in cell[True])
            wo = statistics.median(rate for rate, _cpu in cell[False])
            cw = statistics.median(cpu for _rate, cpu in cell[True])
            cwo = statistics.median(cpu for _rate, cpu in cell[False])
            over, cpu_over = wo / w - 1, cw / cwo - 1
            print(
                f"{n:>7} {w:>8,.0f} {wo:>10,.0f} {over:>8.1%} {over / TARGET:>9.2f}"
                f" | {cw:>16,.0f} {cwo:>8,.0f} {cpu_over:>8.1%} {cpu_over / TARGET:>9.2f}",
                flush=True,
            )
    written = AuditEvent.objects.count() - before
    t0 = time.perf_counter()
    sequenced = audit_sequence()
    seq_s = time.perf_counter() - t0
    HUEY.flush()
    print(
        f"\nmeasured for {time.perf_counter() - started:.0f} s; audit events written: "
        f"{written:,}; sequenced afterwards in {seq_s:.1f} s "
        f"({sequenced / seq_s if seq_s else 0:,.0f} events/s, one sequencer)"
    )
    print(
        "overhead = without/with − 1 (calls/s) or with/without − 1 (CPU per call: the writer"
        "\nplus its PostgreSQL backend); '/ target' ≤ 1.00 meets the 10 % target"
    )


if __name__ == "__main__":
    main()
