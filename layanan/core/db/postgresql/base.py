"""Django's PostgreSQL backend, plus statements deferred to ride with the transaction's next one.

An audited write ends ``… UPDATE; INSERT audit event; COMMIT``. Each statement is one round trip
to the server, and on a busy machine a round trip costs the writer more CPU than the INSERT
itself (two context switches, cold caches; ADR 0034). :meth:`DatabaseWrapper.defer` queues a
statement instead; it is sent, in the same transaction, just before whatever the connection
sends next. When that is the ``COMMIT`` (the usual case: the event is the last thing a service
writes), both go to the server as one message, ``INSERT …; COMMIT``, and the audit event costs
no round trip at all.

The guarantees are those of running the statement at once: it runs inside the transaction,
before any later statement of it (so a later read sees its row); if it fails, the statement it
rides with fails, the transaction rolls back, and the error reaches the caller (from
``commit()`` when it rides with the COMMIT). A rollback — of the transaction or to a savepoint —
undoes it like any other statement; a rollback of the whole transaction simply drops what was
not sent yet. Outside a transaction (autocommit) nothing is deferred.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from typing import Any

import psycopg
from django.db.backends.postgresql import base

RowsCallback = Callable[[list[tuple[Any, ...]]], None]
_DONE = (psycopg.pq.ExecStatus.COMMAND_OK, psycopg.pq.ExecStatus.TUPLES_OK)
_IDLE = psycopg.pq.TransactionStatus.IDLE


class DatabaseWrapper(base.DatabaseWrapper):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._deferred: list[tuple[str, RowsCallback | None]] = []
        # First in the list = outermost: runs before any other wrapper sees the statement.
        self.execute_wrappers.insert(0, self._send_deferred_first)

    def defer(self, sql: str, params: Sequence[Any], on_rows: RowsCallback | None = None) -> bool:
        """Queue one statement to run before the connection's next one (or with the COMMIT).

        ``on_rows`` receives the rows it returns once it has run. Returns False, and queues
        nothing, outside an atomic block: the caller then runs the statement itself.
        """
        if not self.in_atomic_block or self.connection is None:
            return False
        self._deferred.append((self._bind(sql, params), on_rows))
        return True

    def _bind(self, sql: str, params: Sequence[Any]) -> str:
        """``sql`` with its ``%s`` placeholders replaced by literals (``%%`` is a plain ``%``).

        Text goes through libpq's ``PQescapeLiteral`` for this connection (quotes, backslashes,
        encoding), integers and None are written out; any other type goes through psycopg's
        client-side binding (``mogrify``), which adapts everything psycopg knows. The fast path
        is what a hot caller such as the audit log needs: a few microseconds, not tens.
        """
        literals: list[str] = []
        escape = None
        for value in params:
            kind = type(value)
            if value is None:
                literals.append("NULL")
            elif kind is int:
                literals.append(str(value))
            elif kind is str:
                if escape is None:
                    escape = psycopg.pq.Escaping(self.connection.pgconn).escape_literal
                # Django always sets client_encoding to UTF8 (get_connection_params)
                literals.append(escape(value.encode()).decode())
            else:
                return psycopg.ClientCursor(self.connection).mogrify(sql, params)
        return sql % tuple(literals)

    def send_deferred(self) -> None:
        """Send the queued statements now, as one message."""
        if self._deferred:
            self._send(then="")

    def _send(self, *, then: str) -> None:
        """Run the queued statements (and ``then``, e.g. ``COMMIT``) in one simple-query message."""
        deferred, self._deferred = self._deferred, []
        statements = [sql for sql, _ in deferred]
        if then:
            statements.append(then)
        text = ";\n".join(statements)
        start = time.monotonic()
        try:
            with self.wrap_database_errors:
                # psycopg opens the transaction (BEGIN) lazily, before a cursor's first statement:
                # when nothing was sent yet, go through a cursor so that it does.
                idle = self.connection.pgconn.transaction_status == _IDLE
                if idle or any(on_rows is not None for _sql, on_rows in deferred):
                    cursor = psycopg.ClientCursor(self.connection)
                    cursor.execute(text)  # literals bound by _bind(); no parameters
                    for _sql, on_rows in deferred:
                        rows = cursor.fetchall() if cursor.description else []
                        if on_rows is not None:
                            on_rows(rows)
                        cursor.nextset()
                else:
                    self._exec(text)
        finally:
            if self.queries_logged:
                self.queries_log.append({"sql": text, "time": f"{time.monotonic() - start:.3f}"})

    def _exec(self, text: str) -> None:
        """Run ``text`` (one or more statements, no rows wanted) through libpq's ``PQexec``.

        The path psycopg's own ``commit()`` takes, without a cursor's machinery (result sets,
        descriptions): on a busy writer that costs more than the server's work for the INSERT.
        ``PQexec`` stops at the first failing statement and returns its error, which is raised
        as psycopg would (and turned into Django's error by ``wrap_database_errors``).
        """
        result = self.connection.pgconn.exec_(text.encode())  # UTF8, see _bind
        if result.status not in _DONE:
            raise psycopg.errors.error_from_result(result, encoding="utf-8")

    def _send_deferred_first(
        self, execute: Callable[..., Any], sql: Any, params: Any, many: bool, context: Any
    ) -> Any:
        self.send_deferred()
        return execute(sql, params, many, context)

    def _commit(self) -> None:
        if self._deferred and self.connection is not None:
            self._send(then="COMMIT")
            return
        super()._commit()  # type: ignore[misc]  # not in django-stubs

    def _rollback(self) -> None:
        self._deferred.clear()
        super()._rollback()  # type: ignore[misc]

    def _close(self) -> None:
        self._deferred.clear()
        super()._close()  # type: ignore[misc]
