"""Opening a database (WAL, busy timeout, foreign keys) and bringing its schema up to date:
ordered, recorded migrations, each run once, whole or not at all.

Why not sqlite-utils' own ``Migrations`` (sqlite-utils 4.2): its ``apply`` reads the pending
list before taking any lock and runs each migration in ``db.atomic()``, a deferred
transaction. Two processes opening a new file at once (the app and a cron'd refresh; tested
in tests/test_two_processes.py and tests/test_store.py) would both see migration 001 pending
and the second would fail on "table outlets already exists". The runner here takes the write
lock first (BEGIN IMMEDIATE) and checks the record again under it. It also keeps the record
where every existing database has it (``_migrations``, not ``_sqlite_migrations``).
"""

from __future__ import annotations

import sqlite3
import time
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from tui.core.store import clock
from tui.core.store.clock import iso
from tui.core.store.database import BUSY_TIMEOUT_S, StoreError, write_transaction
from tui.core.store.stories import resolve_cluster_id


def _m001_initial(db: sqlite_utils.Database) -> None:
    db["outlets"].create(
        {"id": int, "name": str, "tags": str, "active": int, "created_at": str},
        pk="id",
        not_null={"name"},
        defaults={"tags": "{}", "active": 1},
    )
    db["outlets"].create_index(["name"], unique=True)
    db["feeds"].create(
        {
            "id": int, "outlet_id": int, "url": str, "enabled": int, "full_text": int,
            "active": int, "status": str, "http_status": int, "error": str, "warnings": str,
            "etag": str, "last_modified": str, "last_fetched_at": str, "last_ok_at": str,
            "duration_ms": int, "retry_after_until": str, "entries_seen": int,
            "oldest_item": str, "newest_item": str,
        },
        pk="id",
        foreign_keys=[("outlet_id", "outlets", "id")],
        not_null={"url", "outlet_id"},
        defaults={"enabled": 1, "full_text": 1, "active": 1, "status": "never", "warnings": "[]"},
    )
    db["feeds"].create_index(["url"], unique=True)
    db["articles"].create(
        {
            "id": int, "outlet_id": int, "feed_id": int, "url": str, "link": str, "guid": str,
            "title": str, "author": str, "published": str, "sort_ts": float, "fetched_at": str,
            "updated_at": str, "summary": str, "feed_content": str, "text": str,
            "text_source": str, "text_reason": str, "page_status": int, "page_fetched_at": str,
            "language": str, "word_count": int, "tags": str,
        },
        pk="id",
        foreign_keys=[("outlet_id", "outlets", "id"), ("feed_id", "feeds", "id")],
        not_null={"url", "outlet_id", "title"},
        defaults={"text": "", "summary": "", "feed_content": "", "text_source": "summary",
                  "text_reason": "not yet extracted", "word_count": 0, "tags": "[]"},
    )
    db["articles"].create_index(["url"], unique=True)
    db["articles"].create_index(["outlet_id", "guid"])
    db["articles"].create_index(["sort_ts"])
    db["fetch_log"].create(
        {
            "id": int, "feed_id": int, "started_at": str, "duration_ms": int, "http_status": int,
            "outcome": str, "error": str, "bytes": int, "entries": int, "new_articles": int,
            "updated_articles": int,
        },
        pk="id",
        foreign_keys=[("feed_id", "feeds", "id")],
    )
    db["fetch_log"].create_index(["feed_id", "started_at"])
    db["clusters"].create(
        {
            "id": int, "title": str, "representative_id": int, "first_seen": str,
            "last_seen": str, "article_count": int, "outlet_count": int, "outlets": str,
            "kinds": str, "merged_into": int, "created_at": str, "updated_at": str,
        },
        pk="id",
        defaults={"article_count": 0, "outlet_count": 0, "outlets": "[]", "kinds": "[]"},
    )
    db["clusters"].create_index(["last_seen"])
    db["clusters"].create_index(["merged_into"])
    db["cluster_members"].create(
        {"article_id": int, "cluster_id": int, "score": float, "evidence": str, "method": str,
         "assigned_at": str},
        pk="article_id",
        foreign_keys=[("article_id", "articles", "id"), ("cluster_id", "clusters", "id")],
        defaults={"evidence": "[]", "method": "auto"},
    )
    db["cluster_members"].create_index(["cluster_id"])
    db["cluster_merges"].create(
        {"id": int, "absorbed_id": int, "into_id": int, "at": str, "by": str}, pk="id"
    )
    db["corrections"].create(
        {"id": int, "at": str, "kind": str, "article_id": int, "from_cluster": int,
         "to_cluster": int},
        pk="id",
    )
    db["articles"].enable_fts(["title", "text"], create_triggers=True, tokenize="unicode61")


def _m002_confirmed_members(db: sqlite_utils.Database) -> None:
    """Members of stories the analyst corrected are marked confirmed: the analyst saw them
    there and left them, so a rebuild of the stories (recluster) keeps them together."""
    db.execute("ALTER TABLE cluster_members ADD COLUMN confirmed INTEGER NOT NULL DEFAULT 0")
    for cluster_id in _corrected_stories(db):
        db.execute("UPDATE cluster_members SET confirmed = 1 WHERE cluster_id = ?", [cluster_id])


def _corrected_stories(db: sqlite_utils.Database) -> set[int]:
    ids: set[int] = set()
    for from_cluster, to_cluster in db.execute(
        "SELECT from_cluster, to_cluster FROM corrections"
    ).fetchall():
        ids.update(resolve_cluster_id(db, cid) for cid in (from_cluster, to_cluster)
                   if cid is not None)
    return ids


def _m003_exports(db: sqlite_utils.Database) -> None:
    """Briefs written: which story, where, when (kept stories are never pruned)."""
    db["exports"].create({"id": int, "story_id": int, "path": str, "at": str}, pk="id")
    db["exports"].create_index(["story_id"])


def _m004_correction_detail(db: sqlite_utils.Database) -> None:
    """What a correction changed, so that it can be undone (JSON)."""
    db.execute("ALTER TABLE corrections ADD COLUMN detail TEXT")


def _m005_analyst_day(db: sqlite_utils.Database) -> None:
    """What the analyst has seen, their notes and stars on stories, their saved watches."""
    from tui.core.store.marks import create_tables

    create_tables(db)


# Ordered, recorded migrations (the sqlite-migrate pattern). Append; never edit a shipped one.
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_confirmed_members", _m002_confirmed_members),
    ("003_exports", _m003_exports),
    ("004_correction_detail", _m004_correction_detail),
    ("005_analyst_day", _m005_analyst_day),
]


def migrate(db: sqlite_utils.Database) -> list[str]:
    """Apply pending migrations, each in its own transaction; return the names applied.

    A migration that fails is rolled back whole, leaving the previous schema intact.
    """
    # IF NOT EXISTS: two processes opening a new file at once both get here.
    db.execute(
        "CREATE TABLE IF NOT EXISTS _migrations (name TEXT PRIMARY KEY, applied_at TEXT)"
    )
    done = {row["name"] for row in db["_migrations"].rows}
    applied = []
    for name, step in MIGRATIONS:
        if name in done:
            continue
        try:
            with write_transaction(db):
                if db.execute("SELECT 1 FROM _migrations WHERE name = ?", [name]).fetchone():
                    continue  # another process applied it while we waited for the lock
                step(db)
                db["_migrations"].insert({"name": name, "applied_at": iso(clock.now_utc())})
        except sqlite3.DatabaseError:
            raise
        except Exception as exc:  # a bug in a migration: one line for the analyst, no traceback
            raise StoreError(
                f"database migration {name} failed ({type(exc).__name__}: {exc}); "
                "the database was left unchanged"
            ) from exc
        applied.append(name)
    return applied



def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`; ':memory:' works too."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        # No sqlite-utils plugins: whatever else is installed must not change how pressdiff's
        # connection behaves, and looking them up costs ~10 ms in every process.
        db = sqlite_utils.Database(conn, execute_plugins=False)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
        if not db.table_names():
            # Before the first table and the switch to WAL, or never (see
            # store.retention.give_space_back): pages a prune frees can then go back to the
            # file system without a full VACUUM.
            db.execute("PRAGMA auto_vacuum = INCREMENTAL")
        if str(path) != ":memory:":
            _enable_wal(db)
        db.execute("PRAGMA foreign_keys = ON")
        db.execute("PRAGMA synchronous = NORMAL")
        migrate(db)
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"{path}: cannot open database: {exc}") from None
    return db


def _enable_wal(db: sqlite_utils.Database) -> None:
    """Switch to WAL. Switching needs a moment of exclusive access, for which SQLite does
    not always call the busy handler: when two processes open a new file at once, retry."""
    deadline = time.monotonic() + BUSY_TIMEOUT_S
    while True:
        try:
            db.enable_wal()
            return
        except sqlite3.OperationalError as exc:
            if "locked" not in str(exc) or time.monotonic() > deadline:
                raise
            time.sleep(0.05)
