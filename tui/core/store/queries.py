"""Reading: stories for the list (filters, search), one story with its articles, articles,
feed statuses, coverage, the overview and the change counter the app polls."""

from __future__ import annotations

import json
import re
import sqlite3
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import sqlite_utils

from tui.core.models import Article, FeedStatus, Member, OutletCoverage, Story, StorySummary
from tui.core.store.clock import iso, parse_iso
from tui.core.store.database import StoreError, UnknownStory, chunks, one, rows, scalar
from tui.core.store.marks import marks as story_marks
from tui.core.store.marks import starred_story_ids
from tui.core.store.stories import resolve_cluster_id
from tui.core.story_filter import TagTerm

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
    terms: Sequence[TagTerm] = (),
    starred_only: bool = False,
    new_only: bool = False,
    order: str = "recent",
    limit: int | None = None,
    offset: int = 0,
) -> list[StorySummary]:
    """The stories list. `search` is full-text over titles, texts and the analyst's notes;
    each of `terms` (see tui/core/story_filter.py) must be carried by some outlet of the
    story; `new_only`: stories with articles not seen yet. Orders: recent, outlets, oldest,
    new (stories that moved since they were last opened first, then recent)."""
    sql, params = _story_filter_sql(db, min_outlets, since, search, terms, starred_only,
                                    new_only)
    order_by = {
        "recent": "c.last_seen DESC, c.id DESC",
        "outlets": "c.outlet_count DESC, c.last_seen DESC, c.id DESC",
        "oldest": "c.first_seen, c.id",
        "new": f"({_HAS_NEW}) DESC, c.last_seen DESC, c.id DESC",
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
            id=r["id"], title=r["title"], outlet_count=r["outlet_count"],
            article_count=r["article_count"], outlets=tuple(json.loads(r["outlets"] or "[]")),
            kinds=tuple(json.loads(r["kinds"] or "[]")), first_seen=parse_iso(r["first_seen"]),
            last_seen=parse_iso(r["last_seen"]),
        )
        for r in rows(db, sql, params)
    ]


def story_count(db: sqlite_utils.Database, **filters: Any) -> int:
    sql, params = _story_filter_sql(
        db, filters.get("min_outlets", 1), filters.get("since"), filters.get("search"),
        filters.get("terms", ()), filters.get("starred_only", False),
        filters.get("new_only", False),
    )
    return scalar(db, f"SELECT count(*) FROM clusters c WHERE {sql}", params)


# A story has articles the analyst has not seen (opening its side by side sees them).
_HAS_NEW = """EXISTS (SELECT 1 FROM cluster_members m
                      LEFT JOIN seen s ON s.article_id = m.article_id
                      WHERE m.cluster_id = c.id AND s.article_id IS NULL)"""


def _story_filter_sql(db, min_outlets, since, search, terms, starred_only=False,
                      new_only=False) -> tuple[str, list[Any]]:
    clauses = ["c.merged_into IS NULL", "c.article_count > 0", "c.outlet_count >= ?"]
    params: list[Any] = [max(1, int(min_outlets or 1))]
    if since is not None:
        clauses.append("c.last_seen >= ?")
        params.append(iso(since))
    if search and fts_query(search):
        words = [w.casefold() for w in re.findall(r"\w+", search)]
        noted = [story_id for story_id, mark in story_marks(db).items()
                 if all(w in mark.note.casefold() for w in words)]
        clauses.append(
            f"""(c.id IN (SELECT m.cluster_id FROM articles_fts
                         JOIN cluster_members m ON m.article_id = articles_fts.rowid
                         WHERE articles_fts MATCH ?)
                 OR c.id IN ({",".join("?" * len(noted))}))"""
        )
        params += [fts_query(search), *noted]
    if starred_only:
        starred = sorted(starred_story_ids(db))
        clauses.append(f"c.id IN ({','.join('?' * len(starred))})")
        params += starred
    if new_only:
        clauses.append(_HAS_NEW)
    for term in terms:
        marks_ = ", ".join("?" * len(term.values))
        tag_clause = f"lower(t.value) IN ({marks_})" + (" AND lower(t.key) = ?" if term.key else "")
        clauses.append(
            f"""c.id IN (SELECT m.cluster_id FROM cluster_members m
                         JOIN articles a ON a.id = m.article_id
                         JOIN outlets o ON o.id = a.outlet_id, json_each(o.tags) t
                         WHERE {tag_clause})"""
        )
        params += [v.strip().lower() for v in term.values] + ([term.key] if term.key else [])
    return " AND ".join(clauses), params


_ARTICLE_COLUMNS = """a.id, o.name AS outlet, o.tags AS outlet_tags, f.url AS feed_url,
    a.url, a.title, a.author, a.published, a.fetched_at, a.summary, a.text, a.text_source,
    a.text_reason, a.page_fetched_at, a.language"""
_ARTICLE_FROM = """FROM articles a JOIN outlets o ON o.id = a.outlet_id
    LEFT JOIN feeds f ON f.id = a.feed_id"""


def _article(row: sqlite3.Row) -> Article:
    return Article(
        id=row["id"], outlet=row["outlet"], outlet_tags=json.loads(row["outlet_tags"] or "{}"),
        feed_url=row["feed_url"] or "", url=row["url"], title=row["title"],
        author=row["author"], published=parse_iso(row["published"]),
        fetched_at=parse_iso(row["fetched_at"]), summary=row["summary"] or "",
        text=row["text"] or "", text_source=row["text_source"],
        text_reason=row["text_reason"] or "", page_fetched_at=parse_iso(row["page_fetched_at"]),
        language=row["language"],
    )


def get_article(db: sqlite_utils.Database, article_id: int) -> Article:
    row = one(db, f"SELECT {_ARTICLE_COLUMNS} {_ARTICLE_FROM} WHERE a.id = ?", [article_id])
    if row is None:
        raise StoreError(f"no article with id {article_id}")
    return _article(row)


def get_story(db: sqlite_utils.Database, cluster_id: int) -> Story:
    """A story with all its articles. An id merged away resolves to the surviving story."""
    if scalar(db, "SELECT id FROM clusters WHERE id = ?", [cluster_id]) is None:
        raise UnknownStory(f"no story with id {cluster_id} (see `pressdiff stories`)")
    cluster_id = resolve_cluster_id(db, cluster_id)
    head = one(db, "SELECT id, title, first_seen, last_seen, article_count FROM clusters"
                   " WHERE id = ?", [cluster_id])
    if head is None or not head["article_count"]:
        raise UnknownStory(f"story {cluster_id} has no articles left")
    members = tuple(
        Member(article=_article(r), score=r["score"] or 0.0,
               evidence=tuple(json.loads(r["evidence"] or "[]")), method=r["method"])
        for r in rows(
            db,
            f"""SELECT {_ARTICLE_COLUMNS}, m.score, m.evidence, m.method {_ARTICLE_FROM}
                JOIN cluster_members m ON m.article_id = a.id
                WHERE m.cluster_id = ? ORDER BY a.sort_ts, a.id""",
            [cluster_id],
        )
    )
    absorbed = tuple(
        r["absorbed_id"] for r in rows(
            db, "SELECT absorbed_id FROM cluster_merges WHERE into_id = ? ORDER BY id",
            [cluster_id])
    )
    return Story(
        id=head["id"], title=head["title"], first_seen=parse_iso(head["first_seen"]),
        last_seen=parse_iso(head["last_seen"]), members=members, absorbed=absorbed,
    )


def stories_of_articles(db: sqlite_utils.Database, article_ids: Iterable[int]) -> dict[int, int]:
    """article id -> story id, for those of the articles that are in a story."""
    out: dict[int, int] = {}
    for chunk in chunks(list(article_ids), 500):
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(
            f"SELECT article_id, cluster_id FROM cluster_members WHERE article_id IN ({marks})",
            chunk,
        ).fetchall())
    return out


def story_of_article(db: sqlite_utils.Database, article_id: int) -> int | None:
    return scalar(db, "SELECT cluster_id FROM cluster_members WHERE article_id = ?", [article_id])


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
    return [_article(r) for r in rows(db, sql, params)]


def feed_statuses(db: sqlite_utils.Database) -> list[FeedStatus]:
    found = rows(
        db,
        """SELECT o.name AS outlet, f.url, f.enabled, f.full_text, f.status, f.http_status,
                  f.error, f.warnings, f.last_fetched_at, f.last_ok_at, f.duration_ms,
                  (SELECT count(*) FROM articles a WHERE a.feed_id = f.id) AS article_count
           FROM feeds f JOIN outlets o ON o.id = f.outlet_id
           WHERE f.active = 1 ORDER BY o.name, f.id""",
    )
    return [
        FeedStatus(
            outlet=r["outlet"], url=r["url"], enabled=bool(r["enabled"]),
            full_text=bool(r["full_text"]), status=r["status"], http_status=r["http_status"],
            error=r["error"], warnings=json.loads(r["warnings"] or "[]"),
            last_fetched_at=parse_iso(r["last_fetched_at"]), last_ok_at=parse_iso(r["last_ok_at"]),
            duration_ms=r["duration_ms"], article_count=r["article_count"],
        )
        for r in found
    ]


def outlet_coverage(db: sqlite_utils.Database) -> list[OutletCoverage]:
    """Per active outlet: last successful fetch and the span of items its feeds carried."""
    found = rows(
        db,
        """SELECT o.name AS outlet, o.tags, max(f.last_ok_at) AS last_ok,
                  min(f.oldest_item) AS oldest, max(f.newest_item) AS newest
           FROM outlets o JOIN feeds f ON f.outlet_id = o.id
           WHERE o.active = 1 AND f.active = 1 GROUP BY o.id ORDER BY o.name""",
    )
    return [
        OutletCoverage(
            outlet=r["outlet"], tags=json.loads(r["tags"] or "{}"),
            last_ok_fetch=parse_iso(r["last_ok"]), oldest_item=parse_iso(r["oldest"]),
            newest_item=parse_iso(r["newest"]),
        )
        for r in found
    ]


@dataclass(frozen=True)
class Overview:
    stories: int
    multi_outlet_stories: int
    outlets: int
    articles: int
    feeds: int
    failed_feeds: int
    last_refresh: datetime | None  # the last fetch that worked (a refresh that failed whole
    #                                does not count as one)


def overview(db: sqlite_utils.Database) -> Overview:
    row = one(
        db,
        """SELECT
             (SELECT count(*) FROM clusters WHERE merged_into IS NULL AND article_count > 0)
               AS stories,
             (SELECT count(*) FROM clusters WHERE merged_into IS NULL AND outlet_count > 1)
               AS multi_outlet_stories,
             (SELECT count(*) FROM outlets WHERE active = 1) AS outlets,
             (SELECT count(*) FROM articles) AS articles,
             (SELECT count(*) FROM feeds WHERE active = 1) AS feeds,
             (SELECT count(*) FROM feeds WHERE active = 1 AND status = 'failed')
               AS failed_feeds,
             (SELECT max(last_ok_at) FROM feeds) AS last_refresh""",
    )
    assert row is not None
    return Overview(**(dict(row) | {"last_refresh": parse_iso(row["last_refresh"])}))


def data_version(db: sqlite_utils.Database) -> int:
    """Changes when another connection commits: cheap polling for the app."""
    return scalar(db, "PRAGMA data_version")

