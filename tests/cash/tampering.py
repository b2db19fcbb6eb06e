"""Raw-SQL tampering of a database file, as someone bypassing the application would do.

The append-only triggers are dropped, the change made, and the triggers put back, so that
``check`` has to find the change itself (a missing trigger is reported on its own too).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

PROTECTED = ("receipt", "receipt_line", "closing")


@contextmanager
def unprotected(path: Path, *, restore: bool = True) -> Iterator[sqlite3.Connection]:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN IMMEDIATE")
        for table in PROTECTED:
            for verb in ("update", "delete"):
                connection.execute(f"DROP TRIGGER IF EXISTS {table}_no_{verb}")
        yield connection
        if restore:
            for table in PROTECTED:
                for verb in ("UPDATE", "DELETE"):
                    connection.execute(
                        f"CREATE TRIGGER {table}_no_{verb.lower()} BEFORE {verb} ON {table} "
                        f"BEGIN SELECT RAISE(ABORT, '{table} is append-only'); END"
                    )
        connection.execute("COMMIT")
    finally:
        connection.close()


def receipts(path: Path) -> list[tuple[str, str, int, int]]:
    """(raw id, number, seq, total) of every receipt, in numbering order."""
    connection = sqlite3.connect(path)
    try:
        return connection.execute(
            "SELECT id, number, seq, total_cents FROM receipt ORDER BY series, year, seq"
        ).fetchall()
    finally:
        connection.close()


def change_amount(path: Path, number: str) -> None:
    with unprotected(path) as c:
        c.execute("UPDATE receipt SET total_cents = total_cents + 100 WHERE number = ?", (number,))


def change_line_and_total(path: Path, number: str) -> None:
    """A consistent forgery: line and total both raised (only the hash can tell)."""
    with unprotected(path) as c:
        (rid,) = c.execute("SELECT id FROM receipt WHERE number = ?", (number,)).fetchone()
        c.execute(
            "UPDATE receipt_line SET unit_cents = unit_cents + 100, total_cents = total_cents + "
            "100 * quantity WHERE receipt_id = ? AND position = 1",
            (rid,),
        )
        (quantity,) = c.execute(
            "SELECT quantity FROM receipt_line WHERE receipt_id = ? AND position = 1", (rid,)
        ).fetchone()
        c.execute(
            "UPDATE receipt SET total_cents = total_cents + ? WHERE id = ?", (100 * quantity, rid)
        )


def delete_receipt(path: Path, number: str) -> None:
    with unprotected(path) as c:
        (rid,) = c.execute("SELECT id FROM receipt WHERE number = ?", (number,)).fetchone()
        c.execute("DELETE FROM receipt_line WHERE receipt_id = ?", (rid,))
        c.execute("DELETE FROM receipt WHERE id = ?", (rid,))


def swap_places(path: Path, first: str, second: str) -> None:
    """Exchange the numbers (year and sequence numbers too) of two receipts."""
    with unprotected(path) as c:
        query = "SELECT year, seq FROM receipt WHERE number = ?"
        ya, a = c.execute(query, (first,)).fetchone()
        yb, b = c.execute(query, (second,)).fetchone()
        c.execute("UPDATE receipt SET number = 'tmp', seq = 999999 WHERE number = ?", (first,))
        c.execute(
            "UPDATE receipt SET number = ?, year = ?, seq = ? WHERE number = ?",
            (first, ya, a, second),
        )
        c.execute(
            "UPDATE receipt SET number = ?, year = ?, seq = ? WHERE number = 'tmp'",
            (second, yb, b),
        )


def swap_amounts(path: Path, first: str, second: str) -> None:
    """Exchange the totals and first-line amounts of two receipts."""
    with unprotected(path) as c:
        rows = {}
        for number in (first, second):
            rid, total = c.execute(
                "SELECT id, total_cents FROM receipt WHERE number = ?", (number,)
            ).fetchone()
            rows[number] = (rid, total)
        (a_id, a_total), (b_id, b_total) = rows[first], rows[second]
        c.execute("UPDATE receipt SET total_cents = ? WHERE id = ?", (b_total, a_id))
        c.execute("UPDATE receipt SET total_cents = ? WHERE id = ?", (a_total, b_id))
