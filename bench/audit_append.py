"""Bench: what the audit append costs a writer, with 1–32 concurrent writers (PostgreSQL only).

    /work/venv/bin/python bench/audit_append.py [--seconds 1.5] [--rounds 12] [--variants ...]

Two service writes, each as a real request performs it (a request id and client IP in the
request context, as ``RequestContextMiddleware`` sets them):

* ``unit_upsert`` — ``accounts.services.unit_upsert`` changing one field of a unit (row lock,
  UPDATE, audit INSERT, commit), the cheapest audited write there is;
* ``draft_update`` — ``catalog.services.version_draft_update`` changing the summary of a draft
  service version, by a unit admin (permission check, row lock with joins, UPDATE, audit INSERT,
  commit, catalog cache bump after commit).

Variants of the same call: ``without`` (``audit_record`` is a no-op), ``with`` (the real
service: the event queued as one JSON row in an index-free table, ADR 0035, that INSERT deferred
to ride with the COMMIT, ADR 0034; after commit the sequencer task is scheduled on Redis,
debounced to once a second per process) and ``immediate`` (with, but the INSERT sent on its own
as before ADR 0034). Each writer has its own unit / draft, so the only
shared thing the audit path could add is contention on the log — which the design avoids.

Writers are long-lived forked processes with one connection each, like the app server's
workers; a round runs every variant for ``--seconds`` (order rotated per round), switching with a
flag, so no fork, connection or warm-up falls inside a measurement. This 2-core machine is
shared and noisy (identical runs differ by ±30 % in calls/s), so the overhead is computed per
round from variants measured seconds apart and summarised as the median over rounds, with the
spread (interquartile range) beside it. Two measures: calls/s, and CPU µs per call (the
writer plus its PostgreSQL backend, from ``/proc``). Target (issue #3): overhead ≤ 10 % at 32
writers, and throughput growing with writers. The sequencer does not run meanwhile (it is
measured separately at the end).

The database (``DATABASE_URL``, default ``layanan_auditperf_bench``) is dropped and recreated.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import os
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from pathlib import Path
from typing import Any

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


VARIANTS = ("without", "with", "immediate")
ORIGINALS: dict[str, Any] = {}


def install_switch(workload: str, state: dict[str, str]) -> None:
    """Route the workload's audit call through a switch on ``state["variant"]``.

    Every variant pays for the same extra function call, so only the audit work differs.
    """
    from layanan.core.db.postgresql.base import DatabaseWrapper

    if workload == "unit_upsert":
        from layanan.accounts import services as module

        name = "audit_record"
    else:
        from layanan.catalog import services as module  # type: ignore[no-redef]

        name = "_audit_record"
    # the originals, also when a switch is already installed (one per workload in a process)
    real = ORIGINALS.setdefault(name, getattr(module, name))
    real_defer = ORIGINALS.setdefault("defer", DatabaseWrapper.defer)

    def switch(**kwargs: Any) -> Any:
        variant = state["variant"]
        if variant == "without":
            return None
        return real(**kwargs)

    def defer(self: Any, *args: Any, **kwargs: Any) -> bool:
        return state["variant"] != "immediate" and real_defer(self, *args, **kwargs)

    setattr(module, name, switch)
    DatabaseWrapper.defer = defer  # type: ignore[method-assign]


def backend_cpu(pid: int) -> float:
    """CPU seconds used so far by the PostgreSQL backend ``pid`` (same host; 0 if unreadable).

    From ``/proc/PID/schedstat`` (nanoseconds on the CPU), not ``/proc/PID/stat`` whose 10 ms
    ticks are coarser than what a writer's backend spends in one round.
    """
    try:
        return int(Path(f"/proc/{pid}/schedstat").read_text().split()[0]) / 1e9
    except (OSError, ValueError, IndexError):
        return 0.0


def writer(
    workload: str, t: int, fixture: dict[str, Any], commands: Any, results: Any, start: Any
) -> None:
    """A long-lived writer: for each command (variant, seconds) run the call in a loop.

    Reports (t, variant, calls, CPU seconds of this process and its backend) per command.
    CPU time is far less disturbed by the other load on a shared machine than calls/s are.
    """
    from django.db import connection, connections

    from layanan.core.context import RequestContext, reset_request, set_request

    state = {"variant": "with"}
    try:
        install_switch(workload, state)
        op = make_op(workload, t, fixture)
        for variant in VARIANTS:  # warm up every path: connection, caches, prepared code
            state["variant"] = variant
            op(-1)
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
        i = 0
        while True:
            command = commands.get()
            if command is None:
                return
            state["variant"], seconds = command
            start.wait()  # every writer starts together
            cpu0 = time.thread_time() + backend_cpu(backend)
            deadline = time.perf_counter() + seconds
            calls = 0
            while time.perf_counter() < deadline:
                i += 1
                calls += 1
                token = set_request(RequestContext(uuid.uuid4().hex, f"10.0.{t % 250}.1"))
                try:
                    op(i)
                finally:
                    reset_request(token)
            cpu = time.thread_time() + backend_cpu(backend) - cpu0
            results.put((t, state["variant"], calls, cpu, None))
    except BaseException as exc:  # report, never hang the parent
        results.put((t, "", 0, 0.0, repr(exc)))
    finally:
        connections.close_all()


def measure(
    workload: str,
    writers: int,
    rounds: int,
    seconds: float,
    variants: list[str],
    fixture: dict[str, Any],
) -> list[dict[str, tuple[float, float]]]:
    """Per round: variant -> (calls per second, CPU µs per call), all writers together."""
    from django.db import connections

    connections.close_all()  # never share a connection with forked children
    ctx = mp.get_context("fork")
    commands = [ctx.Queue() for _ in range(writers)]
    results, start = ctx.Queue(), ctx.Barrier(writers)
    procs = [
        ctx.Process(target=writer, args=(workload, t, fixture, commands[t], results, start))
        for t in range(writers)
    ]
    for p in procs:
        p.start()
    out: list[dict[str, tuple[float, float]]] = []
    try:
        for r in range(rounds):
            order = variants[r % len(variants) :] + variants[: r % len(variants)]
            row = {}
            for variant in order:
                for q in commands:
                    q.put((variant, seconds))
                got = [results.get(timeout=seconds + 120) for _ in procs]
                errors = [e for *_rest, e in got if e]
                if errors:
                    raise RuntimeError(errors[0])
                calls = sum(c for _t, _v, c, _cpu, _e in got)
                cpu = sum(x for _t, _v, _c, x, _e in got)
                row[variant] = (calls / seconds, cpu / max(calls, 1) * 1e6)
            out.append(row)
    finally:
        for q in commands:
            q.put(None)
        for p in procs:
            p.join(timeout=30)
    return out


def work_per_call(
    workload: str, fixture: dict[str, Any], calls: int
) -> dict[str, tuple[float, ...]]:
    """Noise-free counts per call and variant, in this process, one writer.

    (statements sent to the server, Python function calls, WAL bytes): what the CPU columns
    measure through the noise of a shared machine. Statements are Django's query log entries
    (the ``BEGIN`` psycopg sends itself is not logged, for every variant alike); one entry is
    one message and one round trip.
    """
    import cProfile
    import pstats

    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from layanan.core.context import RequestContext, reset_request, set_request

    state = {"variant": "with"}
    install_switch(workload, state)
    op = make_op(workload, 0, fixture)

    def run(first: int) -> None:
        for i in range(first, first + calls):
            token = set_request(RequestContext(uuid.uuid4().hex, "10.0.0.1"))
            try:
                op(i)
            finally:
                reset_request(token)

    def wal_lsn() -> int:
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_wal_lsn_diff(pg_current_wal_insert_lsn(), '0/0')")
            return int(cursor.fetchone()[0])

    out = {}
    for n, variant in enumerate(VARIANTS):
        state["variant"] = variant
        base = 10_000_000 * (n + 1)
        run(base)  # warm up
        with CaptureQueriesContext(connection) as captured:
            run(base + calls)
        profile = cProfile.Profile()
        profile.enable()
        run(base + 2 * calls)
        profile.disable()
        py_calls = pstats.Stats(profile).total_calls  # type: ignore[attr-defined]
        lsn = wal_lsn()
        run(base + 3 * calls)
        wal = wal_lsn() - lsn
        out[variant] = (len(captured.captured_queries) / calls, py_calls / calls, wal / calls)
    return out


def summarise(rows: list[dict[str, tuple[float, float]]], variant: str) -> str:
    """Median calls/s and CPU/call of ``variant`` and its per-round overhead over ``without``."""

    def quartiles(xs: list[float]) -> tuple[float, float, float]:
        q = statistics.quantiles(xs, n=4) if len(xs) > 1 else [xs[0]] * 3
        return q[0], statistics.median(xs), q[2]

    rate = statistics.median(r[variant][0] for r in rows)
    cpu = statistics.median(r[variant][1] for r in rows)
    over_rate = quartiles([r["without"][0] / r[variant][0] - 1 for r in rows])
    over_cpu = quartiles([r[variant][1] / r["without"][1] - 1 for r in rows])
    return (
        f"{rate:>8,.0f} {over_rate[1]:>8.1%} ({over_rate[0]:>6.1%} … {over_rate[2]:>6.1%})"
        f" | {cpu:>7,.0f} {over_cpu[1]:>8.1%} ({over_cpu[0]:>6.1%} … {over_cpu[2]:>6.1%})"
        f" {over_cpu[1] / TARGET:>6.2f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--seconds", type=float, default=1.5)
    parser.add_argument("--rounds", type=int, default=16)
    parser.add_argument("--workloads", default=",".join(WORKLOADS))
    parser.add_argument("--writers", default=",".join(map(str, WRITERS)))
    parser.add_argument("--variants", default="without,with,immediate")
    args = parser.parse_args()
    workloads = args.workloads.split(",")
    writer_counts = [int(n) for n in args.writers.split(",")]
    variants = args.variants.split(",")
    if variants[0] != "without" or not set(variants) <= set(VARIANTS):
        parser.error("--variants: 'without' first, then any of 'with', 'immediate'")

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
    print(
        f"service call with vs. without its audit event; long-lived writer processes; "
        f"{args.rounds} rounds of {args.seconds:g} s per variant (order rotated); overhead per "
        "round, median (interquartile range)",
        flush=True,
    )
    started = time.perf_counter()
    for workload in workloads:
        print(f"\n{workload}")
        print(
            f"{'writers':>7} {'variant':>9} {'calls/s':>8} {'overhead':>8} {'(IQR)':>17}"
            f" | {'CPU µs':>7} {'overhead':>8} {'(IQR)':>17} {'/target':>6}"
        )
        for n in writer_counts:
            rows = measure(workload, n, args.rounds, args.seconds, variants, fixture)
            for variant in variants:
                if variant == "without":
                    rate = statistics.median(r[variant][0] for r in rows)
                    cpu = statistics.median(r[variant][1] for r in rows)
                    print(f"{n:>7} {variant:>9} {rate:>8,.0f} {'':>26} | {cpu:>7,.0f}")
                else:
                    print(f"{n:>7} {variant:>9} {summarise(rows, variant)}", flush=True)
    print("\nwork per call, one writer, no noise: statements sent (round trips, besides BEGIN),")
    print("Python function calls, WAL bytes")
    for workload in workloads:
        work = work_per_call(workload, fixture, calls=200)
        for variant in VARIANTS:
            statements, py_calls, wal = work[variant]
            extra = py_calls / work["without"][1] - 1
            print(
                f"{workload:>13} {variant:>9} {statements:>5.1f} statements {py_calls:>7,.0f} "
                f"Python calls ({extra:+.0%}) {wal:>7,.0f} WAL bytes",
                flush=True,
            )
    t0 = time.perf_counter()
    sequenced = audit_sequence()
    seq_s = time.perf_counter() - t0
    written = AuditEvent.objects.count() - before
    HUEY.flush()
    print(
        f"\nmeasured for {time.perf_counter() - started:.0f} s; audit events written: "
        f"{written:,}; sequenced afterwards in {seq_s:.1f} s "
        f"({sequenced / seq_s if seq_s else 0:,.0f} events/s, one sequencer)"
    )
    print(
        "overhead = without/variant − 1 (calls/s) or variant/without − 1 (CPU per call: the"
        "\nwriter plus its PostgreSQL backend); '/target' ≤ 1.00 meets the 10 % target"
    )


if __name__ == "__main__":
    main()
