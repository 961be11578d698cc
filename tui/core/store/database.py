"""The write transaction every change runs in, the errors a person can act on, and the helpers
queries share."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import sqlite_utils

BUSY_TIMEOUT_S = 30.0


class StoreError(Exception):
    """A storage problem a person can act on (unknown story, unreadable database)."""


class UnknownStory(StoreError):
    pass



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


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]

