"""Outlets and feeds from feeds.toml, and each feed's refresh stored in one transaction:
its entries (deduplicated on canonical URL, then GUID within the outlet), status and log."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING, Any

import sqlite_utils

if TYPE_CHECKING:
    from tui.core.config import Config
    from tui.core.feeds import Entry

from tui.core.store import clock
from tui.core.store.clock import iso, parse_iso
from tui.core.store.database import one, rows, scalar, write_transaction

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


def sync_config(db: sqlite_utils.Database, config: Config) -> None:
    """Make outlets/feeds match `config` (a config.Config). Feeds dropped from the
    config are marked inactive, never deleted: their articles stay."""
    stamp = iso(clock.now_utc())
    with write_transaction(db):
        db.execute("UPDATE outlets SET active = 0")
        db.execute("UPDATE feeds SET active = 0")
        for outlet in config.outlets:
            outlet_id = scalar(db, "SELECT id FROM outlets WHERE name = ?", [outlet.name])
            tags = json.dumps(outlet.tags, sort_keys=True, ensure_ascii=False)
            if outlet_id is not None:
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
    sql = """SELECT f.id, f.outlet_id, o.name AS outlet, f.url, f.enabled, f.full_text, f.etag,
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
            id=r["id"], outlet_id=r["outlet_id"], outlet=r["outlet"], url=r["url"],
            enabled=bool(r["enabled"]), full_text=bool(r["full_text"]), etag=r["etag"],
            last_modified=r["last_modified"], retry_after_until=parse_iso(r["retry_after_until"]),
        )
        for r in rows(db, sql, params)
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
    db: sqlite_utils.Database, feed: FeedRow, outcome: FeedOutcome, entries: Sequence[Entry] = ()
) -> SaveResult:
    """Store one feed's refresh: its entries (deduplicated on canonical URL, then on
    GUID within the outlet), its status and a fetch-log row, in ONE transaction."""
    stamp = iso(clock.now_utc())
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


# What an entry is compared with to tell "new", "updated" and "unchanged" apart.
_STORED = "id, title, summary, feed_content, author, published, text_source"


def _upsert_entry(db: sqlite_utils.Database, feed: FeedRow, entry: Entry, stamp: str | None
                  ) -> tuple[int, str | None]:
    row = one(db, f"SELECT {_STORED} FROM articles WHERE url = ?", [entry.url])
    if row is None and entry.guid:
        row = one(db, f"SELECT {_STORED} FROM articles WHERE outlet_id = ? AND guid = ?",
                  [feed.outlet_id, entry.guid])
    published = iso(entry.published)
    if row is not None:
        # An article carried by two feeds of one outlet is credited to the feed listed
        # first, whichever answered first in this refresh.
        db.execute(
            "UPDATE articles SET feed_id = ? WHERE id = ? AND outlet_id = ? AND feed_id > ?",
            [feed.id, row["id"], feed.outlet_id, feed.id],
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
    article_id = row["id"]
    if (row["title"], row["summary"], row["feed_content"], row["author"], row["published"]) == (
        entry.title, entry.summary, entry.content, entry.author, published
    ):
        return article_id, None
    fields: dict[str, Any] = {
        "title": entry.title, "summary": entry.summary, "feed_content": entry.content,
        "author": entry.author or row["author"], "published": published or row["published"],
        "updated_at": stamp,
    }
    if row["text_source"] != "page":
        text, source, reason = _fallback_text(entry, feed.full_text)
        fields.update(text=text, text_source=source, text_reason=reason,
                      word_count=len(text.split()))
    assignments = ", ".join(f"{k} = ?" for k in fields)
    db.execute(f"UPDATE articles SET {assignments} WHERE id = ?", [*fields.values(), article_id])
    return article_id, "updated"


def _fallback_text(entry: Entry, full_text: bool = True) -> tuple[str, str, str]:
    if entry.content and len(entry.content.split()) > len(entry.summary.split()):
        return entry.content, "feed", "full text carried by the feed"
    if entry.summary:
        # A summary-only feed never gets its pages fetched: "not yet" would mislead.
        why = "page not extracted yet" if full_text else "the feed is set to full_text = false"
        return entry.summary, "summary", f"feed summary ({why})"
    return entry.title, "title", "the feed gave no summary"

