"""Typed records that pass between store, clustering, comparison, export and the UI.

All strings here are already sanitised (see ``sanitize``); all datetimes are
timezone-aware UTC.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime


@dataclass(frozen=True)
class Article:
    """One stored article, as the side-by-side view and the export need it."""

    id: int
    outlet: str
    outlet_tags: dict[str, str]
    feed_url: str
    url: str  # canonical URL (tracking parameters removed)
    title: str
    author: str | None
    published: datetime | None  # from the feed or page, UTC
    fetched_at: datetime  # when pressdiff first stored it
    summary: str  # the feed's own summary (plain text)
    text: str  # what pressdiff shows: extracted page text, or the summary
    text_source: str  # "page" | "summary" | "title"
    text_reason: str  # why that source, e.g. "extracted 612 words" or "page HTTP 404"
    page_fetched_at: datetime | None = None
    language: str | None = None

    @property
    def word_count(self) -> int:
        return len(self.text.split())

    @property
    def when(self) -> datetime:
        """Best time for ordering: published if known, else first seen."""
        return self.published or self.fetched_at


@dataclass(frozen=True)
class Member:
    """An article's place in a story, with the evidence that put it there."""

    article: Article
    score: float  # 0..1 similarity to the cluster when it joined
    evidence: tuple[str, ...]  # matched key terms
    method: str  # "auto" | "manual"


@dataclass(frozen=True)
class Story:
    """A story cluster: articles from different outlets about one event."""

    id: int
    title: str  # most representative headline
    first_seen: datetime
    last_seen: datetime
    members: tuple[Member, ...]
    absorbed: tuple[int, ...] = ()  # cluster ids merged into this one

    @property
    def articles(self) -> list[Article]:
        return [m.article for m in self.members]

    @property
    def outlets(self) -> list[str]:
        seen: dict[str, None] = {}
        for m in sorted(self.members, key=lambda m: m.article.when):
            seen.setdefault(m.article.outlet, None)
        return list(seen)


@dataclass(frozen=True)
class StorySummary:
    """A row of the stories list: cheap to load in pages."""

    id: int
    title: str
    outlet_count: int
    article_count: int
    outlets: tuple[str, ...]
    kinds: tuple[str, ...]  # the outlets' `kind` tags, for the compact column
    first_seen: datetime
    last_seen: datetime


@dataclass(frozen=True)
class Watch:
    """A saved stories filter (the `/` language), for a topic followed across days."""

    name: str
    filter: str
    created_at: datetime | None = None
    looked_at: datetime | None = None


@dataclass(frozen=True)
class OutletCoverage:
    """What an outlet's feeds covered, for the coverage-gap analysis.

    An outlet that has no article in a story is a *gap* only if its feeds were
    fetched successfully after the story began and carried items from the
    story's time window: otherwise pressdiff cannot know it stayed silent.
    """

    outlet: str
    tags: dict[str, str]
    last_ok_fetch: datetime | None
    oldest_item: datetime | None
    newest_item: datetime | None


@dataclass
class FeedStatus:
    """One feed's state, for `pressdiff feeds` and the Feeds screen."""

    outlet: str
    url: str
    enabled: bool
    full_text: bool
    status: str  # "never" | "ok" | "warning" | "not-modified" | "failed"
    http_status: int | None
    error: str | None
    warnings: list[str] = field(default_factory=list)
    last_fetched_at: datetime | None = None
    last_ok_at: datetime | None = None
    duration_ms: int | None = None
    article_count: int = 0
