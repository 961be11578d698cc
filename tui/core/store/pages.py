"""Article pages to fetch and extract, and what extraction gave (or why not)."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from tui.core.store import clock
from tui.core.store.clock import iso
from tui.core.store.database import chunks, one, rows, scalar, write_transaction

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
    for chunk in chunks(ids, 500):
        marks = ",".join("?" * len(chunk))
        found = rows(db, f"{_PENDING_SQL} AND a.id IN ({marks}) ORDER BY a.id", chunk)
        out.extend(PendingPage(**row) for row in map(dict, found))
    return out


_PENDING_SQL = """SELECT a.id AS article_id, a.url AS url, f.url AS feed_url,
        o.name AS outlet, f.id AS feed_id FROM articles a
    JOIN feeds f ON f.id = a.feed_id JOIN outlets o ON o.id = a.outlet_id
    WHERE f.full_text = 1 AND a.page_fetched_at IS NULL"""


def pending_pages(db: sqlite_utils.Database, limit: int) -> list[PendingPage]:
    """Pages never fetched (e.g. a refresh was killed before extracting them), newest first."""
    found = rows(db, f"{_PENDING_SQL} ORDER BY a.sort_ts DESC LIMIT ?", [limit])
    return [PendingPage(**row) for row in map(dict, found)]


def count_pending_pages(db: sqlite_utils.Database) -> int:
    """Article pages that wait to be fetched and extracted (by the next refresh)."""
    return scalar(db, f"SELECT count(*) FROM ({_PENDING_SQL})")


def article_text(db: sqlite_utils.Database, article_id: int) -> str:
    return scalar(db, "SELECT text FROM articles WHERE id = ?", [article_id]) or ""


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
    stamp = iso(clock.now_utc())
    with write_transaction(db):
        row = one(db, "SELECT author, published FROM articles WHERE id = ?", [article_id])
        if row is None:
            return
        fields: dict[str, Any] = {"page_status": page_status, "page_fetched_at": stamp,
                                  "language": language, "text_reason": reason}
        if text:
            fields.update(text=text, text_source="page", word_count=len(text.split()))
        if author and not row["author"]:
            fields["author"] = author
        if published and not row["published"]:
            fields["published"] = iso(published)
            fields["sort_ts"] = published.timestamp()
        assignments = ", ".join(f"{k} = ?" for k in fields)
        db.execute(
            f"UPDATE articles SET {assignments} WHERE id = ?", [*fields.values(), article_id]
        )

