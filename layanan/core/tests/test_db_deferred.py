"""The PostgreSQL backend's deferred statements (layanan.core.db.postgresql, ADR 0034).

Real commits and rollbacks on PostgreSQL: what is deferred must behave exactly like a statement
run at once — same transaction, before any later statement, undone by any rollback, and a
failure must fail the transaction.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.db import IntegrityError, connection, connections, transaction
from django.test.utils import CaptureQueriesContext

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
]

INSERT = "INSERT INTO deferred_probe (label) VALUES (%s) RETURNING id"


@pytest.fixture
def probe() -> Iterator[None]:
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE deferred_probe (id bigserial PRIMARY KEY, label text NOT NULL UNIQUE)"
        )
    yield
    with connection.cursor() as cursor:
        cursor.execute("DROP TABLE deferred_probe")


def labels() -> list[str]:
    with connection.cursor() as cursor:
        cursor.execute("SELECT label FROM deferred_probe ORDER BY id")
        return [row[0] for row in cursor.fetchall()]


def test_backend_is_ours() -> None:
    assert type(connections["default"]).__module__ == "layanan.core.db.postgresql.base"


def test_deferred_statement_is_sent_with_the_commit(probe: None) -> None:
    ids: list[int] = []
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        assert connection.defer(INSERT, ["a"], lambda rows: ids.extend(r[0] for r in rows))
        assert ids == []  # nothing sent yet
    assert len(ids) == 1
    assert ids[0] > 0
    last = captured.captured_queries[-1]["sql"]
    assert last.startswith("INSERT INTO deferred_probe")
    assert last.endswith("COMMIT")
    assert "'a'" in last  # bound on the client into one simple-query message
    assert not any(q["sql"] == "COMMIT" for q in captured.captured_queries)
    assert labels() == ["a"]


def test_several_deferred_statements_keep_their_order(probe: None) -> None:
    got: list[tuple[str, int]] = []
    with transaction.atomic():
        for label in ("x", "y", "z"):
            connection.defer(INSERT, [label], lambda rows, lb=label: got.append((lb, rows[0][0])))
    assert [lb for lb, _ in got] == ["x", "y", "z"]
    assert [i for _, i in got] == sorted(i for _, i in got)
    assert labels() == ["x", "y", "z"]


def test_a_later_statement_sees_the_deferred_row(probe: None) -> None:
    with CaptureQueriesContext(connection) as captured, transaction.atomic():
        connection.defer(INSERT, ["dibaca"])
        assert labels() == ["dibaca"]
    sent = [q["sql"] for q in captured.captured_queries]
    first_insert = next(i for i, sql in enumerate(sent) if sql.startswith("INSERT"))
    first_select = next(i for i, sql in enumerate(sent) if sql.startswith("SELECT label"))
    assert first_insert < first_select


def test_values_are_quoted_safely(probe: None) -> None:
    nasty = "O'Brien\\'); DROP TABLE deferred_probe; -- 100% %s"
    with transaction.atomic():
        connection.defer(INSERT, [nasty])
    assert labels() == [nasty]


@pytest.mark.parametrize(
    "value",
    [
        "plain",
        "",
        "kutip ' tunggal, \\ garis miring, %s, %% dan 100%",
        "E'\\x00' -- bukan komentar",
        "aksara: é ñ 漢字 🇮🇩",
        12345678901234,
        -7,
        None,
        True,  # not an int literal: goes through psycopg's own binding
        2.5,
    ],
)
def test_every_value_reads_back_as_it_went_in(value: object) -> None:
    with transaction.atomic():
        rows: list[tuple[object, ...]] = []
        connection.defer("SELECT %s, %s::text", [value, "x"], rows.extend)
    assert rows[0][0] == value
    assert rows[0][1] == "x"


@pytest.mark.parametrize("first", [True, False])
def test_a_sent_statement_is_inside_the_transaction(probe: None, first: bool) -> None:
    """Whether or not it is the transaction's first statement, it rolls back with it."""

    def fails() -> None:
        with transaction.atomic():
            if not first:
                labels()
            connection.defer(INSERT.replace(" RETURNING id", ""), ["pertama"])
            connection.send_deferred()
            raise RuntimeError("gagal")

    with pytest.raises(RuntimeError):
        fails()
    assert labels() == []


def test_rollback_drops_what_was_not_sent(probe: None) -> None:
    called: list[object] = []

    def fails() -> None:
        with transaction.atomic():
            connection.defer(INSERT, ["batal"], called.append)
            raise RuntimeError("gagal")

    with pytest.raises(RuntimeError):
        fails()
    assert labels() == []
    assert called == []
    with transaction.atomic():  # the connection carries nothing over
        pass
    assert labels() == []


def test_rollback_to_a_savepoint_undoes_a_deferred_statement(probe: None) -> None:
    with transaction.atomic():
        connection.defer(INSERT, ["luar"])
        try:
            with transaction.atomic():
                connection.defer(INSERT, ["dalam"])
                raise ValueError("batal di dalam")
        except ValueError:
            pass
        connection.defer(INSERT, ["sesudah"])
    assert labels() == ["luar", "sesudah"]


def test_a_failing_deferred_statement_fails_the_commit_and_rolls_back(probe: None) -> None:
    with connection.cursor() as cursor:
        cursor.execute("INSERT INTO deferred_probe (label) VALUES ('ada')")

    def change_with_failing_deferred() -> None:
        with transaction.atomic():
            with connection.cursor() as cursor:  # a change made at once in the transaction
                cursor.execute("INSERT INTO deferred_probe (label) VALUES ('perubahan')")
            connection.defer(INSERT, ["ada"])  # duplicate: fails when sent with the COMMIT

    with pytest.raises(IntegrityError):
        change_with_failing_deferred()
    assert labels() == ["ada"]  # the change did not commit without its deferred statement
    assert connection.in_atomic_block is False
    with transaction.atomic():  # and the connection is usable again
        connection.defer(INSERT, ["lagi"])
    assert labels() == ["ada", "lagi"]


def test_outside_a_transaction_nothing_is_deferred(probe: None) -> None:
    assert connection.get_autocommit()
    assert connection.defer(INSERT, ["x"]) is False
    assert labels() == []


def test_send_deferred_sends_at_once(probe: None) -> None:
    ids: list[int] = []
    with transaction.atomic():
        connection.defer(INSERT, ["segera"], lambda rows: ids.append(rows[0][0]))
        connection.send_deferred()
        assert len(ids) == 1
        connection.send_deferred()  # nothing left: no-op
    assert labels() == ["segera"]
