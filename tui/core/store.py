"""SQLite storage (sqlite-utils): schema and migrations, upserts, and every query.

Nothing else in pressdiff writes SQL. WAL mode and a busy timeout let the app
and a cron'd `pressdiff refresh` share one file; each feed's refresh is one
transaction; each thread opens its own connection.
"""

from __future__ import annotations

import json
import re
import sqlite3
import time
from collections.abc import Callable, Container, Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import sqlite_utils

from tui.core.models import (
    Article,
    FeedStatus,
    Member,
    OutletCoverage,
    Story,
    StorySummary,
)

BUSY_TIMEOUT_S = 30.0


class StoreError(Exception):
    """A storage problem a person can act on (unknown story, unreadable database)."""


class UnknownStory(StoreError):
    pass


# --- time helpers --------------------------------------------------------------------------------


def now_utc() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def iso(value: datetime | None) -> str | None:
    if value is None:
        return None
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    return value.astimezone(UTC).replace(microsecond=0).isoformat()


def parse_iso(value: str | None) -> datetime | None:
    if not value:
        return None
    parsed = datetime.fromisoformat(value)
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


# --- opening and migrations ----------------------------------------------------------------------


def connect(path: Path | str) -> sqlite_utils.Database:
    """Open (creating if needed) and migrate the database at `path`; ':memory:' works too."""
    if str(path) != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    try:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_S, check_same_thread=False)
        db = sqlite_utils.Database(conn)
        db.execute(f"PRAGMA busy_timeout = {int(BUSY_TIMEOUT_S * 1000)}")
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


# Ordered, recorded migrations (the sqlite-migrate pattern). Append; never edit a shipped one.
MIGRATIONS: list[tuple[str, Callable[[sqlite_utils.Database], None]]] = [
    ("001_initial", _m001_initial),
    ("002_confirmed_members", _m002_confirmed_members),
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
                db["_migrations"].insert({"name": name, "applied_at": iso(now_utc())})
        except sqlite3.DatabaseError:
            raise
        except Exception as exc:  # a bug in a migration: one line for the analyst, no traceback
            raise StoreError(
                f"database migration {name} failed ({type(exc).__name__}: {exc}); "
                "the database was left unchanged"
            ) from exc
        applied.append(name)
    return applied


# --- outlets and feeds ---------------------------------------------------------------------------


@dataclass(frozen=True)
class FeedRow:
    id: int
    outlet_id: int
    outlet: str
    url: str
    enabled: bool
    full_text: bool
    etag: str | None
    last_modified: str | None
    retry_after_until: datetime | None


def sync_config(db: sqlite_utils.Database, config: Any) -> None:
    """Make outlets/feeds match `config` (a config.Config). Feeds dropped from the
    config are marked inactive, never deleted: their articles stay."""
    stamp = iso(now_utc())
    with write_transaction(db):
        db.execute("UPDATE outlets SET active = 0")
        db.execute("UPDATE feeds SET active = 0")
        for outlet in config.outlets:
            row = db.execute("SELECT id FROM outlets WHERE name = ?", [outlet.name]).fetchone()
            tags = json.dumps(outlet.tags, sort_keys=True, ensure_ascii=False)
            if row:
                outlet_id = row[0]
                db.execute(
                    "UPDATE outlets SET tags = ?, active = 1 WHERE id = ?", [tags, outlet_id]
                )
            else:
                outlet_id = db.execute(
                    "INSERT INTO outlets (name, tags, active, created_at) VALUES (?, ?, 1, ?)",
                    [outlet.name, tags, stamp],
                ).lastrowid
            for feed in outlet.feeds:
                db.execute(
                    """INSERT INTO feeds (outlet_id, url, enabled, full_text, active)
                       VALUES (?, ?, ?, ?, 1)
                       ON CONFLICT(url) DO UPDATE SET outlet_id = excluded.outlet_id,
                         enabled = excluded.enabled, full_text = excluded.full_text, active = 1""",
                    [outlet_id, feed.url, int(feed.enabled), int(feed.full_text)],
                )


def active_feeds(db: sqlite_utils.Database, outlet: str | None = None) -> list[FeedRow]:
    sql = """SELECT f.id, f.outlet_id, o.name, f.url, f.enabled, f.full_text, f.etag,
                    f.last_modified, f.retry_after_until
             FROM feeds f JOIN outlets o ON o.id = f.outlet_id
             WHERE f.active = 1"""
    params: list[Any] = []
    if outlet:
        sql += " AND lower(o.name) = lower(?)"
        params.append(outlet)
    sql += " ORDER BY o.name, f.id"
    return [
        FeedRow(
            id=r[0], outlet_id=r[1], outlet=r[2], url=r[3], enabled=bool(r[4]),
            full_text=bool(r[5]), etag=r[6], last_modified=r[7],
            retry_after_until=parse_iso(r[8]),
        )
        for r in db.execute(sql, params).fetchall()
    ]


@dataclass
class FeedOutcome:
    """What one feed's fetch and parse came to; recorded with its entries in one transaction."""

    status: str  # "ok" | "warning" | "not-modified" | "failed"
    started_at: datetime
    duration_ms: int
    http_status: int | None = None
    error: str | None = None
    warnings: Sequence[str] = ()
    etag: str | None = None
    last_modified: str | None = None
    bytes: int = 0
    retry_after_until: datetime | None = None


@dataclass
class SaveResult:
    new_ids: list[int]
    updated_ids: list[int]


def save_feed_refresh(
    db: sqlite_utils.Database, feed: FeedRow, outcome: FeedOutcome, entries: Sequence[Any] = ()
) -> SaveResult:
    """Store one feed's refresh: its entries (deduplicated on canonical URL, then on
    GUID within the outlet), its status and a fetch-log row, in ONE transaction."""
    stamp = iso(now_utc())
    new_ids: list[int] = []
    updated_ids: list[int] = []
    with write_transaction(db):
        for entry in entries:
            article_id, changed = _upsert_entry(db, feed, entry, stamp)
            if changed == "new":
                new_ids.append(article_id)
            elif changed == "updated":
                updated_ids.append(article_id)
        failed = outcome.status == "failed"
        fields: dict[str, Any] = {
            "status": outcome.status,
            "http_status": outcome.http_status,
            "error": outcome.error,
            "warnings": json.dumps(list(outcome.warnings), ensure_ascii=False),
            "last_fetched_at": iso(outcome.started_at),
            "duration_ms": outcome.duration_ms,
            "retry_after_until": iso(outcome.retry_after_until),
        }
        if not failed:
            fields["last_ok_at"] = iso(outcome.started_at)
            # A 304 carries no new validators; keep the ones we have.
            if outcome.status != "not-modified":
                fields["etag"] = outcome.etag
                fields["last_modified"] = outcome.last_modified
                fields["entries_seen"] = len(entries)
                dates = [e.published for e in entries if e.published]
                if dates:
                    fields["oldest_item"] = iso(min(dates))
                    fields["newest_item"] = iso(max(dates))
        assignments = ", ".join(f"{k} = ?" for k in fields)
        db.execute(f"UPDATE feeds SET {assignments} WHERE id = ?", [*fields.values(), feed.id])
        db.execute(
            """INSERT INTO fetch_log (feed_id, started_at, duration_ms, http_status, outcome,
                 error, bytes, entries, new_articles, updated_articles)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [feed.id, iso(outcome.started_at), outcome.duration_ms, outcome.http_status,
             outcome.status, outcome.error, outcome.bytes, len(entries), len(new_ids),
             len(updated_ids)],
        )
    return SaveResult(new_ids, updated_ids)


def _upsert_entry(db: sqlite_utils.Database, feed: FeedRow, entry: Any, stamp: str | None):
    row = db.execute(
        "SELECT id, title, summary, feed_content, author, published, text_source FROM articles"
        " WHERE url = ?",
        [entry.url],
    ).fetchone()
    if row is None and entry.guid:
        row = db.execute(
            "SELECT id, title, summary, feed_content, author, published, text_source"
            " FROM articles WHERE outlet_id = ? AND guid = ?",
            [feed.outlet_id, entry.guid],
        ).fetchone()
    published = iso(entry.published)
    if row is not None:
        # An article carried by two feeds of one outlet is credited to the feed listed
        # first, whichever answered first in this refresh.
        db.execute(
            "UPDATE articles SET feed_id = ? WHERE id = ? AND outlet_id = ? AND feed_id > ?",
            [feed.id, row[0], feed.outlet_id, feed.id],
        )
    if row is None:
        text, source, reason = _fallback_text(entry, feed.full_text)
        sort_ts = (entry.published or parse_iso(stamp)).timestamp()
        cursor = db.execute(
            """INSERT INTO articles (outlet_id, feed_id, url, link, guid, title, author,
                 published, sort_ts, fetched_at, updated_at, summary, feed_content, text,
                 text_source, text_reason, word_count, tags)
               VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""",
            [feed.outlet_id, feed.id, entry.url, entry.link, entry.guid, entry.title,
             entry.author, published, sort_ts, stamp, stamp, entry.summary, entry.content, text,
             source, reason, len(text.split()), json.dumps(list(entry.tags), ensure_ascii=False)],
        )
        return cursor.lastrowid, "new"
    article_id, title, summary, content, author, old_published, text_source = row
    if (title, summary, content, author, old_published) == (
        entry.title, entry.summary, entry.content, entry.author, published
    ):
        return article_id, None
    fields: dict[str, Any] = {
        "title": entry.title, "summary": entry.summary, "feed_content": entry.content,
        "author": entry.author or author, "published": published or old_published,
        "updated_at": stamp,
    }
    if text_source != "page":
        text, source, reason = _fallback_text(entry, feed.full_text)
        fields.update(text=text, text_source=source, text_reason=reason,
                      word_count=len(text.split()))
    assignments = ", ".join(f"{k} = ?" for k in fields)
    db.execute(f"UPDATE articles SET {assignments} WHERE id = ?", [*fields.values(), article_id])
    return article_id, "updated"


def _fallback_text(entry: Any, full_text: bool = True) -> tuple[str, str, str]:
    if entry.content and len(entry.content.split()) > len(entry.summary.split()):
        return entry.content, "feed", "full text carried by the feed"
    if entry.summary:
        # A summary-only feed never gets its pages fetched: "not yet" would mislead.
        why = "page not extracted yet" if full_text else "the feed is set to full_text = false"
        return entry.summary, "summary", f"feed summary ({why})"
    return entry.title, "title", "the feed gave no summary"


# --- extraction results --------------------------------------------------------------------------


@dataclass(frozen=True)
class PendingPage:
    article_id: int
    url: str
    feed_url: str
    outlet: str
    feed_id: int


def pages_to_extract(db: sqlite_utils.Database, article_ids: Iterable[int]) -> list[PendingPage]:
    """Of `article_ids`, those whose feed wants full text and whose page was never fetched."""
    ids = list(article_ids)
    out: list[PendingPage] = []
    for chunk in _chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        rows = db.execute(
            f"""{_PENDING_SQL} AND a.id IN ({marks}) ORDER BY a.id""", chunk
        ).fetchall()
        out.extend(PendingPage(*row) for row in rows)
    return out


_PENDING_SQL = """SELECT a.id, a.url, f.url, o.name, f.id FROM articles a
    JOIN feeds f ON f.id = a.feed_id JOIN outlets o ON o.id = a.outlet_id
    WHERE f.full_text = 1 AND a.page_fetched_at IS NULL"""


def pending_pages(db: sqlite_utils.Database, limit: int) -> list[PendingPage]:
    """Pages never fetched (e.g. a refresh was killed before extracting them), newest first."""
    rows = db.execute(f"{_PENDING_SQL} ORDER BY a.sort_ts DESC LIMIT ?", [limit]).fetchall()
    return [PendingPage(*row) for row in rows]


def count_pending_pages(db: sqlite_utils.Database) -> int:
    """Article pages that wait to be fetched and extracted (by the next refresh)."""
    return db.execute(f"SELECT count(*) FROM ({_PENDING_SQL})").fetchone()[0]


def article_text(db: sqlite_utils.Database, article_id: int) -> str:
    row = db.execute("SELECT text FROM articles WHERE id = ?", [article_id]).fetchone()
    return row[0] if row else ""


def save_page_text(
    db: sqlite_utils.Database,
    article_id: int,
    *,
    text: str | None,
    reason: str,
    page_status: int | None,
    author: str | None = None,
    published: datetime | None = None,
    language: str | None = None,
) -> None:
    """Record an extraction: the page text when there is one, else keep the feed's text
    and record why (reason)."""
    stamp = iso(now_utc())
    with write_transaction(db):
        row = db.execute(
            "SELECT author, published, sort_ts FROM articles WHERE id = ?", [article_id]
        ).fetchone()
        if row is None:
            return
        fields: dict[str, Any] = {"page_status": page_status, "page_fetched_at": stamp,
                                  "language": language, "text_reason": reason}
        if text:
            fields.update(text=text, text_source="page", word_count=len(text.split()))
        if author and not row[0]:
            fields["author"] = author
        if published and not row[1]:
            fields["published"] = iso(published)
            fields["sort_ts"] = published.timestamp()
        assignments = ", ".join(f"{k} = ?" for k in fields)
        db.execute(
            f"UPDATE articles SET {assignments} WHERE id = ?", [*fields.values(), article_id]
        )


# --- clustering state ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterInput:
    """What the clusterer needs of a stored article."""

    id: int
    title: str
    text: str
    outlet: str
    published: float  # epoch seconds (published, else first seen)


def unclustered_ids(db: sqlite_utils.Database) -> list[int]:
    return [
        r[0]
        for r in db.execute(
            """SELECT a.id FROM articles a LEFT JOIN cluster_members m ON m.article_id = a.id
               WHERE m.article_id IS NULL ORDER BY a.sort_ts, a.id"""
        ).fetchall()
    ]


def cluster_inputs(
    db: sqlite_utils.Database, ids: Sequence[int] | None = None, since: float | None = None,
    lead_chars: int = 1500, clustered_only: bool = True,
) -> list[ClusterInput]:
    """Articles by id, or every clustered article with sort_ts >= since (every article,
    clustered or not, with ``clustered_only=False``)."""
    base = f"""SELECT a.id, a.title, substr(a.text, 1, {int(lead_chars)}), o.name, a.sort_ts
               FROM articles a JOIN outlets o ON o.id = a.outlet_id"""
    rows: list[tuple] = []
    if ids is not None:
        for chunk in _chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            rows += db.execute(f"{base} WHERE a.id IN ({marks})", chunk).fetchall()
    else:
        member_join = "JOIN cluster_members m ON m.article_id = a.id" if clustered_only else ""
        rows = db.execute(
            f"""{base} {member_join}
                WHERE a.sort_ts >= ? ORDER BY a.sort_ts, a.id""",
            [since if since is not None else float("-inf")],
        ).fetchall()
    return [ClusterInput(*row) for row in rows]


def placements_for(db: sqlite_utils.Database, ids: Sequence[int]) -> list[tuple]:
    """(article_id, cluster_id, score, evidence) for clustered articles among ids."""
    out: list[tuple] = []
    for chunk in _chunks(list(ids), 500):
        marks = ",".join("?" * len(chunk))
        for aid, cid, score, evidence in db.execute(
            f"SELECT article_id, cluster_id, score, evidence FROM cluster_members"
            f" WHERE article_id IN ({marks})",
            chunk,
        ).fetchall():
            out.append((aid, cid, score or 0.0, tuple(json.loads(evidence or "[]"))))
    return out


def next_cluster_id(db: sqlite_utils.Database) -> int:
    return (db.execute("SELECT coalesce(max(id), 0) FROM clusters").fetchone()[0] or 0) + 1


def correction_constraints(
    db: sqlite_utils.Database,
) -> tuple[dict[int, int], set[tuple[int, int]]]:
    """(pinned, forbidden) from the analyst's corrections, with cluster ids followed through
    later merges. The latest correction of an article wins."""
    pinned: dict[int, int] = {}
    forbidden: set[tuple[int, int]] = set()
    for kind, article_id, from_cluster, to_cluster in db.execute(
        "SELECT kind, article_id, from_cluster, to_cluster FROM corrections ORDER BY id"
    ).fetchall():
        if kind in ("remove", "move") and article_id is not None:
            if from_cluster is not None:
                forbidden.add((article_id, resolve_cluster_id(db, from_cluster)))
            if to_cluster is not None:
                pinned[article_id] = resolve_cluster_id(db, to_cluster)
    return pinned, forbidden


def confirmed_members(db: sqlite_utils.Database) -> dict[int, int]:
    """article id -> story id for members of stories the analyst corrected (the analyst
    saw them there and left them; see ``_confirm``)."""
    return dict(db.execute(
        "SELECT article_id, cluster_id FROM cluster_members WHERE confirmed = 1"
    ).fetchall())


def story_members(db: sqlite_utils.Database, cluster_ids: Iterable[int]) -> dict[int, int]:
    """article id -> story id for every member of these stories."""
    out: dict[int, int] = {}
    for chunk in _chunks(list(cluster_ids), 500):
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(
            f"SELECT article_id, cluster_id FROM cluster_members WHERE cluster_id IN ({marks})",
            chunk,
        ).fetchall())
    return out


def stories_fingerprint(db: sqlite_utils.Database) -> tuple:
    """Changes whenever articles, placements, corrections or merges change (a cheap check
    that nothing moved between reading stories and writing them back)."""
    return db.execute(
        """SELECT (SELECT coalesce(max(id), 0) FROM articles),
                  (SELECT count(*) FROM cluster_members),
                  (SELECT coalesce(max(assigned_at), '') FROM cluster_members),
                  (SELECT coalesce(max(id), 0) FROM corrections),
                  (SELECT coalesce(max(id), 0) FROM cluster_merges)"""
    ).fetchone()


def resolve_cluster_id(db: sqlite_utils.Database, cluster_id: int) -> int:
    """Follow merged_into links to the surviving cluster."""
    seen = set()
    while cluster_id not in seen:
        seen.add(cluster_id)
        row = db.execute("SELECT merged_into FROM clusters WHERE id = ?", [cluster_id]).fetchone()
        if row is None or row[0] is None:
            return cluster_id
        cluster_id = row[0]
    return cluster_id


def save_placements(
    db: sqlite_utils.Database,
    placements: Sequence[Any],
    merges: Sequence[tuple[int, int]] = (),
    representatives: dict[int, int] | None = None,
    method: str = "auto",
    by: str = "auto",
    manual: Container[int] = (),
) -> set[int]:
    """Write cluster placements (objects with doc_id, cluster_id, score, evidence) and
    merges (absorbed, into), applied in order; refresh every touched cluster's summary row.
    One transaction. Placements of docs in ``manual`` are recorded as the analyst's.
    Returns the ids of touched clusters."""
    stamp = iso(now_utc())
    touched: set[int] = set()
    with write_transaction(db):
        for absorbed, into in merges:
            _ensure_cluster(db, into, stamp)
            db.execute(
                "UPDATE cluster_members SET cluster_id = ? WHERE cluster_id = ?", [into, absorbed]
            )
            db.execute(
                "UPDATE clusters SET merged_into = ?, article_count = 0, outlet_count = 0,"
                " updated_at = ? WHERE id = ?",
                [into, stamp, absorbed],
            )
            db.execute(
                "INSERT INTO cluster_merges (absorbed_id, into_id, at, by) VALUES (?, ?, ?, ?)",
                [absorbed, into, stamp, by],
            )
            touched.update({absorbed, into})
        for p in placements:
            _ensure_cluster(db, p.cluster_id, stamp)
            old = db.execute(
                "SELECT cluster_id FROM cluster_members WHERE article_id = ?", [p.doc_id]
            ).fetchone()
            if old:
                touched.add(old[0])
            db.execute(
                """INSERT INTO cluster_members (article_id, cluster_id, score, evidence, method,
                     assigned_at) VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(article_id) DO UPDATE SET cluster_id = excluded.cluster_id,
                     score = excluded.score, evidence = excluded.evidence,
                     method = excluded.method, assigned_at = excluded.assigned_at,
                     confirmed = 0""",
                [p.doc_id, p.cluster_id, float(p.score),
                 json.dumps(list(p.evidence), ensure_ascii=False),
                 "manual" if p.doc_id in manual else method, stamp],
            )
            touched.add(p.cluster_id)
        for cluster_id in touched:
            rep = (representatives or {}).get(cluster_id)
            _refresh_cluster(db, cluster_id, rep, stamp)
    return touched


def _ensure_cluster(db: sqlite_utils.Database, cluster_id: int, stamp: str | None) -> None:
    db.execute(
        "INSERT OR IGNORE INTO clusters (id, title, created_at, updated_at) VALUES (?, '', ?, ?)",
        [cluster_id, stamp, stamp],
    )


def _refresh_cluster(
    db: sqlite_utils.Database, cluster_id: int, representative: int | None, stamp: str | None
) -> None:
    """Recompute a cluster's summary row (count, outlets, kinds, times, headline)."""
    rows = db.execute(
        """SELECT a.id, a.title, a.sort_ts, o.name, o.tags FROM cluster_members m
           JOIN articles a ON a.id = m.article_id JOIN outlets o ON o.id = a.outlet_id
           WHERE m.cluster_id = ? ORDER BY a.sort_ts, a.id""",
        [cluster_id],
    ).fetchall()
    if not rows:
        db.execute(
            "UPDATE clusters SET article_count = 0, outlet_count = 0, updated_at = ? WHERE id = ?",
            [stamp, cluster_id],
        )
        return
    current = db.execute(
        "SELECT representative_id FROM clusters WHERE id = ?", [cluster_id]
    ).fetchone()
    ids = [r[0] for r in rows]
    if representative not in ids:
        representative = current[0] if current and current[0] in ids else ids[0]
    title = next(r[1] for r in rows if r[0] == representative)
    outlets: dict[str, None] = {}
    kinds: dict[str, None] = {}
    for r in rows:
        outlets.setdefault(r[3], None)
    for name in outlets:
        tags = json.loads(next(r[4] for r in rows if r[3] == name) or "{}")
        if tags.get("kind"):
            kinds.setdefault(tags["kind"], None)
    db.execute(
        """UPDATE clusters SET title = ?, representative_id = ?, first_seen = ?, last_seen = ?,
             article_count = ?, outlet_count = ?, outlets = ?, kinds = ?, updated_at = ?,
             merged_into = NULL
           WHERE id = ?""",
        [title, representative,
         iso(datetime.fromtimestamp(rows[0][2], UTC)),
         iso(datetime.fromtimestamp(rows[-1][2], UTC)),
         len(rows), len(outlets), json.dumps(list(outlets), ensure_ascii=False),
         json.dumps(list(kinds), ensure_ascii=False), stamp, cluster_id],
    )


# --- corrections ---------------------------------------------------------------------------------


def remove_from_story(db: sqlite_utils.Database, article_id: int) -> int:
    """Move an article out of its story into a new story of its own; remembered, so no
    later refresh puts it back. Returns the new story's id."""
    with write_transaction(db):  # the new id is taken under the write lock: no collision
        current = _member_cluster(db, article_id)
        new_id = next_cluster_id(db)
        _record_move(db, article_id, current, new_id, kind="remove")
    return new_id


def move_to_story(db: sqlite_utils.Database, article_id: int, cluster_id: int) -> None:
    with write_transaction(db):  # read and write as one, against a concurrent refresh
        target = _existing_story(db, cluster_id)
        current = _member_cluster(db, article_id)
        if current == target:
            return
        _record_move(db, article_id, current, target, kind="move")


def merge_stories(db: sqlite_utils.Database, into_id: int, absorbed_id: int) -> int:
    """Merge `absorbed_id` into `into_id` by hand; returns the surviving id."""
    with write_transaction(db):  # resolve and merge as one: a refresh may merge meanwhile
        into = _existing_story(db, into_id)
        absorbed = _existing_story(db, absorbed_id)
        if into == absorbed:
            raise StoreError(f"story {into_id} and story {absorbed_id} are already one story")
        db.execute(
            "INSERT INTO corrections (at, kind, from_cluster, to_cluster)"
            " VALUES (?, 'merge', ?, ?)",
            [iso(now_utc()), absorbed, into],
        )
        # Articles moved by hand into the absorbed story now belong to the survivor.
        save_placements(db, [], merges=[(absorbed, into)], by="analyst")
        _confirm(db, into)
    return into


@dataclass(frozen=True)
class _ManualPlacement:
    """An analyst's placement, in the shape save_placements takes (as cluster.Placement)."""

    doc_id: int
    cluster_id: int
    score: float
    evidence: tuple[str, ...]


def _record_move(
    db: sqlite_utils.Database, article_id: int, current: int, target: int, kind: str
) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO corrections (at, kind, article_id, from_cluster, to_cluster)"
            " VALUES (?, ?, ?, ?, ?)",
            [iso(now_utc()), kind, article_id, current, target],
        )
        save_placements(
            db, [_ManualPlacement(article_id, target, 1.0, ("moved by the analyst",))],
            method="manual",
        )
        _confirm(db, current, target)


def _confirm(db: sqlite_utils.Database, *cluster_ids: int) -> None:
    """The analyst corrected these stories and left their other members in place: those
    are confirmed. Incremental clustering never moves a placed article anyway; a rebuild
    (recluster) keeps confirmed members where they are, so a removed article cannot be
    regrouped with the story it was removed from and a merge by hand never comes apart."""
    for cluster_id in cluster_ids:
        db.execute("UPDATE cluster_members SET confirmed = 1 WHERE cluster_id = ?", [cluster_id])


def _member_cluster(db: sqlite_utils.Database, article_id: int) -> int:
    row = db.execute(
        "SELECT cluster_id FROM cluster_members WHERE article_id = ?", [article_id]
    ).fetchone()
    if row is None:
        raise StoreError(f"article {article_id} is not in any story")
    return row[0]


def _existing_story(db: sqlite_utils.Database, cluster_id: int) -> int:
    row = db.execute("SELECT id FROM clusters WHERE id = ?", [cluster_id]).fetchone()
    if row is None:
        raise UnknownStory(f"no story with id {cluster_id}")
    return resolve_cluster_id(db, cluster_id)


# --- reading stories -----------------------------------------------------------------------------


def fts_query(text: str) -> str:
    """Turn what the analyst typed into a safe FTS5 query: each word a quoted prefix term."""
    words = re.findall(r"\w+", text, flags=re.UNICODE)
    return " ".join(f'"{w}"*' for w in words[:20])


def story_summaries(
    db: sqlite_utils.Database,
    *,
    min_outlets: int = 1,
    since: datetime | None = None,
    search: str | None = None,
    tag: str | None = None,
    order: str = "recent",
    limit: int | None = None,
    offset: int = 0,
) -> list[StorySummary]:
    """The stories list. `search` is full-text over titles and texts; `tag` matches any
    outlet tag value (or `key:value`), e.g. "state-aligned" or "country:AZ"."""
    sql, params = _story_filter_sql(min_outlets, since, search, tag)
    order_by = {
        "recent": "c.last_seen DESC, c.id DESC",
        "outlets": "c.outlet_count DESC, c.last_seen DESC, c.id DESC",
        "oldest": "c.first_seen, c.id",
    }.get(order, "c.last_seen DESC, c.id DESC")
    sql = (
        "SELECT c.id, c.title, c.outlet_count, c.article_count, c.outlets, c.kinds,"
        f" c.first_seen, c.last_seen FROM clusters c WHERE {sql} ORDER BY {order_by}"
    )
    if limit is not None:
        sql += " LIMIT ? OFFSET ?"
        params += [limit, offset]
    return [
        StorySummary(
            id=r[0], title=r[1], outlet_count=r[2], article_count=r[3],
            outlets=tuple(json.loads(r[4] or "[]")), kinds=tuple(json.loads(r[5] or "[]")),
            first_seen=parse_iso(r[6]), last_seen=parse_iso(r[7]),
        )
        for r in db.execute(sql, params).fetchall()
    ]


def story_count(db: sqlite_utils.Database, **filters: Any) -> int:
    sql, params = _story_filter_sql(
        filters.get("min_outlets", 1), filters.get("since"), filters.get("search"),
        filters.get("tag"),
    )
    return db.execute(f"SELECT count(*) FROM clusters c WHERE {sql}", params).fetchone()[0]


def _story_filter_sql(min_outlets, since, search, tag) -> tuple[str, list[Any]]:
    clauses = ["c.merged_into IS NULL", "c.article_count > 0", "c.outlet_count >= ?"]
    params: list[Any] = [max(1, int(min_outlets or 1))]
    if since is not None:
        clauses.append("c.last_seen >= ?")
        params.append(iso(since))
    if search and fts_query(search):
        clauses.append(
            """c.id IN (SELECT m.cluster_id FROM articles_fts
                        JOIN cluster_members m ON m.article_id = articles_fts.rowid
                        WHERE articles_fts MATCH ?)"""
        )
        params.append(fts_query(search))
    if tag:
        key, _, value = tag.partition(":") if ":" in tag else ("", "", tag)
        tag_clause = "lower(t.value) = lower(?)" + (" AND lower(t.key) = lower(?)" if key else "")
        clauses.append(
            f"""c.id IN (SELECT m.cluster_id FROM cluster_members m
                         JOIN articles a ON a.id = m.article_id
                         JOIN outlets o ON o.id = a.outlet_id, json_each(o.tags) t
                         WHERE {tag_clause})"""
        )
        params += [value.strip()] + ([key.strip()] if key else [])
    return " AND ".join(clauses), params


_ARTICLE_COLUMNS = """a.id, o.name, o.tags, f.url, a.url, a.title, a.author, a.published,
    a.fetched_at, a.summary, a.text, a.text_source, a.text_reason, a.page_fetched_at,
    a.language"""
_ARTICLE_FROM = """FROM articles a JOIN outlets o ON o.id = a.outlet_id
    LEFT JOIN feeds f ON f.id = a.feed_id"""


def _article(row: Sequence[Any]) -> Article:
    return Article(
        id=row[0], outlet=row[1], outlet_tags=json.loads(row[2] or "{}"), feed_url=row[3] or "",
        url=row[4], title=row[5], author=row[6], published=parse_iso(row[7]),
        fetched_at=parse_iso(row[8]), summary=row[9] or "", text=row[10] or "",
        text_source=row[11], text_reason=row[12] or "", page_fetched_at=parse_iso(row[13]),
        language=row[14],
    )


def get_article(db: sqlite_utils.Database, article_id: int) -> Article:
    row = db.execute(
        f"SELECT {_ARTICLE_COLUMNS} {_ARTICLE_FROM} WHERE a.id = ?", [article_id]
    ).fetchone()
    if row is None:
        raise StoreError(f"no article with id {article_id}")
    return _article(row)


def get_story(db: sqlite_utils.Database, cluster_id: int) -> Story:
    """A story with all its articles. An id merged away resolves to the surviving story."""
    row = db.execute("SELECT id FROM clusters WHERE id = ?", [cluster_id]).fetchone()
    if row is None:
        raise UnknownStory(f"no story with id {cluster_id} (see `pressdiff clusters`)")
    cluster_id = resolve_cluster_id(db, cluster_id)
    head = db.execute(
        "SELECT id, title, first_seen, last_seen, article_count FROM clusters WHERE id = ?",
        [cluster_id],
    ).fetchone()
    if not head[4]:
        raise UnknownStory(f"story {cluster_id} has no articles left")
    members = tuple(
        Member(
            article=_article(r[:15]), score=r[15] or 0.0,
            evidence=tuple(json.loads(r[16] or "[]")), method=r[17],
        )
        for r in db.execute(
            f"""SELECT {_ARTICLE_COLUMNS}, m.score, m.evidence, m.method {_ARTICLE_FROM}
                JOIN cluster_members m ON m.article_id = a.id
                WHERE m.cluster_id = ? ORDER BY a.sort_ts, a.id""",
            [cluster_id],
        ).fetchall()
    )
    absorbed = tuple(
        r[0] for r in db.execute(
            "SELECT absorbed_id FROM cluster_merges WHERE into_id = ? ORDER BY id", [cluster_id]
        ).fetchall()
    )
    return Story(
        id=head[0], title=head[1], first_seen=parse_iso(head[2]), last_seen=parse_iso(head[3]),
        members=members, absorbed=absorbed,
    )


def stories_of_articles(db: sqlite_utils.Database, article_ids: Iterable[int]) -> dict[int, int]:
    """article id -> story id, for those of the articles that are in a story."""
    out: dict[int, int] = {}
    for chunk in _chunks(list(article_ids), 500):
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(
            f"SELECT article_id, cluster_id FROM cluster_members WHERE article_id IN ({marks})",
            chunk,
        ).fetchall())
    return out


def story_of_article(db: sqlite_utils.Database, article_id: int) -> int | None:
    row = db.execute(
        "SELECT cluster_id FROM cluster_members WHERE article_id = ?", [article_id]
    ).fetchone()
    return row[0] if row else None


def list_articles(
    db: sqlite_utils.Database,
    *,
    outlet: str | None = None,
    search: str | None = None,
    limit: int | None = None,
) -> list[Article]:
    clauses, params = ["1 = 1"], []
    if outlet:
        clauses.append("lower(o.name) = lower(?)")
        params.append(outlet)
    if search and fts_query(search):
        clauses.append("a.id IN (SELECT rowid FROM articles_fts WHERE articles_fts MATCH ?)")
        params.append(fts_query(search))
    sql = f"SELECT {_ARTICLE_COLUMNS} {_ARTICLE_FROM} WHERE {' AND '.join(clauses)}"
    sql += " ORDER BY a.sort_ts DESC, a.id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    return [_article(r) for r in db.execute(sql, params).fetchall()]


def feed_statuses(db: sqlite_utils.Database) -> list[FeedStatus]:
    rows = db.execute(
        """SELECT o.name, f.url, f.enabled, f.full_text, f.status, f.http_status, f.error,
                  f.warnings, f.last_fetched_at, f.last_ok_at, f.duration_ms,
                  (SELECT count(*) FROM articles a WHERE a.feed_id = f.id)
           FROM feeds f JOIN outlets o ON o.id = f.outlet_id
           WHERE f.active = 1 ORDER BY o.name, f.id"""
    ).fetchall()
    return [
        FeedStatus(
            outlet=r[0], url=r[1], enabled=bool(r[2]), full_text=bool(r[3]), status=r[4],
            http_status=r[5], error=r[6], warnings=json.loads(r[7] or "[]"),
            last_fetched_at=parse_iso(r[8]), last_ok_at=parse_iso(r[9]), duration_ms=r[10],
            article_count=r[11],
        )
        for r in rows
    ]


def outlet_coverage(db: sqlite_utils.Database) -> list[OutletCoverage]:
    """Per active outlet: last successful fetch and the span of items its feeds carried."""
    rows = db.execute(
        """SELECT o.name, o.tags, max(f.last_ok_at), min(f.oldest_item), max(f.newest_item)
           FROM outlets o JOIN feeds f ON f.outlet_id = o.id
           WHERE o.active = 1 AND f.active = 1 GROUP BY o.id ORDER BY o.name"""
    ).fetchall()
    return [
        OutletCoverage(
            outlet=r[0], tags=json.loads(r[1] or "{}"), last_ok_fetch=parse_iso(r[2]),
            oldest_item=parse_iso(r[3]), newest_item=parse_iso(r[4]),
        )
        for r in rows
    ]


@dataclass(frozen=True)
class Overview:
    stories: int
    multi_outlet_stories: int
    outlets: int
    articles: int
    feeds: int
    failed_feeds: int
    last_refresh: datetime | None


def overview(db: sqlite_utils.Database) -> Overview:
    one = db.execute(
        """SELECT
             (SELECT count(*) FROM clusters WHERE merged_into IS NULL AND article_count > 0),
             (SELECT count(*) FROM clusters WHERE merged_into IS NULL AND outlet_count > 1),
             (SELECT count(*) FROM outlets WHERE active = 1),
             (SELECT count(*) FROM articles),
             (SELECT count(*) FROM feeds WHERE active = 1),
             (SELECT count(*) FROM feeds WHERE active = 1 AND status = 'failed'),
             (SELECT max(last_fetched_at) FROM feeds)"""
    ).fetchone()
    return Overview(*one[:6], last_refresh=parse_iso(one[6]))


def data_version(db: sqlite_utils.Database) -> int:
    """Changes when another connection commits: cheap polling for the app."""
    return db.execute("PRAGMA data_version").fetchone()[0]


def _chunks(items: list, size: int) -> Iterator[list]:
    for start in range(0, len(items), size):
        yield items[start : start + size]
