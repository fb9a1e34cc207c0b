"""Throughput of GET /api/v1/services/{code} on PostgreSQL, as a ratio of a bare Django view that
returns constant JSON, served by the same server in the same run; for gunicorn and granian.

    .venv/bin/python bench/api_throughput.py [--seconds 8] [--rounds 2] [--connections 16]

Target (issue #2): ratio >= 0.5. The baseline and the endpoint are measured alternately, several
rounds, so that noise from other work on the shared machine hits both.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import DEFAULT_DB, ensure_database, layanan, production_env, running_server, wrk

TARGET = 0.5


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=8)
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 2)
    parser.add_argument("--servers", default="gunicorn,granian")
    parser.add_argument("--code", default="akta-kelahiran")
    args = parser.parse_args()

    database_url = os.environ.get("DATABASE_URL", DEFAULT_DB)
    ensure_database(database_url)
    env = production_env(database_url, Path(tempfile.mkdtemp(prefix="layanan-bench-")))
    print(f"database: {database_url}")
    layanan(env, "migrate", "--verbosity", "0")
    layanan(env, "load_demo")
    layanan(env, "collectstatic", "--noinput", "--verbosity", "0")

    rows = []
    for kind in args.servers.split(","):
        with running_server(kind, env, port=8931, workers=args.workers) as base:
            service_url = f"{base}/api/v1/services/{args.code}"
            wrk(service_url, seconds=2, connections=4)  # warm-up (and 404 check)
            base_rps, api_rps = [], []
            for _ in range(args.rounds):
                base_rps.append(
                    wrk(
                        f"{base}/bench/constant", seconds=args.seconds, connections=args.connections
                    )
                )
                api_rps.append(wrk(service_url, seconds=args.seconds, connections=args.connections))
            b, a = statistics.median(base_rps), statistics.median(api_rps)
            # an uncached, database-bound HTML page, to choose the server on real work too
            page = wrk(
                f"{base}/layanan/?q=akta", seconds=args.seconds, connections=args.connections
            )
            rows.append((kind, b, a, a / b, page))

    print()
    print(
        f"{'server':<10} {'constant JSON req/s':>20} {'service detail req/s':>21} {'ratio':>7}"
        f" {'catalog search page req/s':>27}"
    )
    for kind, b, a, ratio, page in rows:
        verdict = "PASS" if ratio >= TARGET else "FAIL"
        print(
            f"{kind:<10} {b:>20.0f} {a:>21.0f} {ratio:>7.2f} {page:>27.0f}"
            f"  {verdict} (target >= {TARGET})"
        )
    if len(rows) == 2:
        g, r = rows
        print(
            f"\n{r[0]} / {g[0]}: service endpoint {r[2] / g[2]:.2f}x,"
            f" search page {r[4] / g[4]:.2f}x"
        )


if __name__ == "__main__":
    main()
