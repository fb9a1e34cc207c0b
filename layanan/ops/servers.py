"""The application server's command line, one definition for the demo runner and the benches."""

from __future__ import annotations

import sys


def granian_command(
    *, host: str, port: int, workers: int, python: str = sys.executable, extra: tuple[str, ...] = ()
) -> list[str]:
    """argv that serves ``config.wsgi`` with granian as the project runs it (ADR 0007).

    Bounded threads: each holds a database connection (``CONN_MAX_AGE``); granian's default of
    hundreds of blocking threads exhausts PostgreSQL's ``max_connections`` under load.
    """
    return [
        python,
        "-m",
        "granian",
        "--interface",
        "wsgi",
        "config.wsgi:application",
        "--host",
        host,
        "--port",
        str(port),
        "--workers",
        str(workers),
        "--blocking-threads",
        "1",
        *extra,
    ]
