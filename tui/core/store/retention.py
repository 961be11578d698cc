"""Retention: removing old articles (``prune``) or a feed's articles (``purge_feed``) while
keeping everything the analyst worked on.

A story is *protected* when the analyst exported it, corrected it (an article moved in or out,
or a merge), or wrote a note on it or starred it. Every article of a protected story stays,
however old. Removing an article takes its text, its search-index row (the FTS triggers), its
placement and its seen mark with it; a story left without articles leaves the lists; the
others' summary rows are recomputed. The space is given back with an incremental vacuum (see
``give_space_back``).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

import sqlite_utils

from tui.core.store.database import chunks, rows, scalar, write_transaction
from tui.core.store.stories import refresh_story_rows, resolve_cluster_id

# Tables another part of pressdiff may add that refer to articles by id (deleted with them).
_ARTICLE_TABLES = ("seen",)
CHUNK = 500  # ids per DELETE statement
TRANSACTION_BATCH = 5000  # articles removed per write transaction


@dataclass(frozen=True)
class Removal:
    """What a prune or purge removed (or, for a dry run, would remove)."""

    articles: int  # articles removed
    stories_removed: int  # stories left empty, gone
    kept: int  # articles that qualified but belong to a protected story
    protected_stories: tuple[tuple[int, str], ...]  # (id, title) of those stories
    bytes_freed: int  # 0 on a dry run
    dry_run: bool = False


def _table_exists(db: sqlite_utils.Database, name: str) -> bool:
    return bool(scalar(db, "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = ?",
                       [name]))


def protected_stories(db: sqlite_utils.Database) -> set[int]:
    """Stories the analyst exported, corrected, annotated or starred (live ids)."""
    ids: set[int] = set()
    for row in rows(db, "SELECT story_id FROM exports"):
        ids.add(row["story_id"])
    for row in rows(db, "SELECT from_cluster, to_cluster FROM corrections"):
        ids.update(c for c in (row["from_cluster"], row["to_cluster"]) if c is not None)
    if _table_exists(db, "story_marks"):
        for row in rows(db, "SELECT story_id FROM story_marks WHERE note != '' OR starred = 1"):
            ids.add(row["story_id"])
    return {resolve_cluster_id(db, story_id) for story_id in ids}


def prune(db: sqlite_utils.Database, cutoff: datetime, *, dry_run: bool = False) -> Removal:
    """Remove the articles published (or first seen) before ``cutoff``, except those of a
    protected story."""
    candidates = rows(
        db,
        """SELECT a.id, m.cluster_id FROM articles a
           LEFT JOIN cluster_members m ON m.article_id = a.id WHERE a.sort_ts < ?""",
        [cutoff.timestamp()],
    )
    return _remove(db, candidates, dry_run)


def purge_feed(db: sqlite_utils.Database, feed_urls: list[str], *, dry_run: bool = False,
               force: bool = False) -> Removal:
    """Remove the stored articles of these feeds. Articles of a protected story are kept
    unless ``force``."""
    marks = ",".join("?" * len(feed_urls))
    candidates = rows(
        db,
        f"""SELECT a.id, m.cluster_id FROM articles a JOIN feeds f ON f.id = a.feed_id
            LEFT JOIN cluster_members m ON m.article_id = a.id WHERE f.url IN ({marks})""",
        feed_urls,
    ) if feed_urls else []
    return _remove(db, candidates, dry_run, keep_protected=not force)


def _remove(db: sqlite_utils.Database, candidates: list, dry_run: bool,
            keep_protected: bool = True) -> Removal:
    protected = protected_stories(db) if keep_protected else set()
    doomed = [r["id"] for r in candidates if r["cluster_id"] not in protected]
    kept_stories = sorted({r["cluster_id"] for r in candidates if r["cluster_id"] in protected})
    titles = tuple(
        (story_id, scalar(db, "SELECT title FROM clusters WHERE id = ?", [story_id]) or "")
        for story_id in kept_stories
    )
    touched = sorted({r["cluster_id"] for r in candidates
                      if r["cluster_id"] is not None and r["cluster_id"] not in protected})
    kept = len(candidates) - len(doomed)
    if dry_run:
        emptied = sum(
            1 for story_id in touched
            if scalar(db, "SELECT count(*) FROM cluster_members WHERE cluster_id = ?",
                      [story_id]) == sum(1 for r in candidates if r["cluster_id"] == story_id)
        )
        return Removal(len(doomed), emptied, kept, titles, 0, dry_run=True)
    # One transaction per batch, not one for everything: a prune of half a million articles
    # must not hold the write lock for half a minute against the app and a cron'd refresh.
    # Each batch leaves the stories it touched consistent; an interrupted prune has removed
    # whole batches, and the next one takes the rest.
    story_of = {r["id"]: r["cluster_id"] for r in candidates}
    for batch in chunks(doomed, TRANSACTION_BATCH):
        with write_transaction(db):
            delete_articles(db, batch)
            refresh_story_rows(db, sorted({story_of[i] for i in batch} - {None}))
    # An emptied story leaves every list (they show stories with articles). Its row, a few
    # bytes, stays: story ids are never reused, so an id in an old brief or in the analyst's
    # notes can never come to mean another story.
    emptied = [
        r["id"]
        for batch in chunks(touched, CHUNK)
        for r in rows(db, "SELECT id FROM clusters WHERE article_count = 0 AND id IN"
                          f" ({','.join('?' * len(batch))})", batch)
    ]
    freed = give_space_back(db) if doomed else 0
    return Removal(len(doomed), len(emptied), kept, titles, freed)


def delete_articles(db: sqlite_utils.Database, article_ids: list[int]) -> None:
    """Delete articles with everything that refers to them (inside the caller's transaction).
    The FTS triggers remove their search-index rows."""
    extra = [t for t in _ARTICLE_TABLES if _table_exists(db, t)]
    for chunk in chunks(article_ids, CHUNK):
        marks = ",".join("?" * len(chunk))
        db.execute(f"DELETE FROM cluster_members WHERE article_id IN ({marks})", chunk)
        for table in extra:
            db.execute(f"DELETE FROM [{table}] WHERE article_id IN ({marks})", chunk)
        db.execute(f"DELETE FROM articles WHERE id IN ({marks})", chunk)


def give_space_back(db: sqlite_utils.Database) -> int:
    """Return free pages to the file system; the bytes the file shrank by.

    New databases are created with ``auto_vacuum = INCREMENTAL`` (store.schema.connect), so
    this is a cheap ``PRAGMA incremental_vacuum``. A database created before that has no
    auto-vacuum, and SQLite only changes that with a full VACUUM, which rewrites the file:
    done here once (it needs no other connection writing; WAL readers are fine)."""
    page_size = scalar(db, "PRAGMA page_size")
    before = scalar(db, "PRAGMA page_count") * page_size
    if scalar(db, "PRAGMA auto_vacuum") != 2:
        db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        db.execute("VACUUM")
    else:
        # The pragma frees one page per step, and Python's execute() steps a statement
        # without result rows once; executescript() runs it to the end.
        db.conn.executescript("PRAGMA incremental_vacuum;")
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    return max(0, before - scalar(db, "PRAGMA page_count") * page_size)
