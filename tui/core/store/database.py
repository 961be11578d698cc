"""The write transaction every change runs in, the errors a person can act on, and the helpers
queries share."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import sqlite_utils

BUSY_TIMEOUT_S = 30.0


class StoreError(Exception):
    """A storage problem a person can act on (unknown story, unreadable database)."""


class UnknownStory(StoreError):
    pass


# Rows by name: every query that reads columns reads them as ``row["title"]``, never by
# position (a column added to a SELECT cannot shift what another line reads).
def rows(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> list[sqlite3.Row]:
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchall()


def one(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> sqlite3.Row | None:
    cursor = db.conn.cursor()
    cursor.row_factory = sqlite3.Row
    return cursor.execute(sql, params).fetchone()


def scalar(db: sqlite_utils.Database, sql: str, params: Sequence[Any] = ()) -> Any:
    """The first column of the first row (a count, a max), or None."""
    found = db.execute(sql, params).fetchone()
    return found[0] if found else None


@contextmanager
def write_transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front, so two processes
    never deadlock upgrading a read transaction; roll back on any error."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        db.rollback()
        raise
    else:
        db.execute("COMMIT")


def chunks(items: list, size: int) -> Iterator[list]:
    """``items`` in slices of ``size`` (SQLite caps the parameters of one statement)."""
    for start in range(0, len(items), size):
        yield items[start : start + size]

