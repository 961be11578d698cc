"""Load the demo corpus (outlets, feeds, articles, ground truth) from tui/demo/corpus/.

The files are written by hand (see docs in outlets.toml); this module only parses and checks them.
"""

from __future__ import annotations

import csv
import re
import tomllib
from dataclasses import dataclass, field
from datetime import UTC, datetime
from importlib import resources
from pathlib import Path

FEED_FORMATS = {"rss2": "xml", "atom": "atom", "rss1": "rdf"}
FEED_CONTENT = {"full", "summary"}
GUID_STYLES = {"permalink", "urn"}
_SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")


class CorpusError(ValueError):
    """The corpus files are inconsistent (bad front matter, unknown outlet, bad ground truth)."""


@dataclass(frozen=True)
class DemoFeed:
    """One feed of an outlet, as served by the demo server."""

    outlet: str  # outlet slug
    name: str
    format: str  # "rss2" | "atom" | "rss1"
    content: str  # "full" | "summary"
    route: str  # server path, e.g. "/feeds/meridian-world.atom"


@dataclass(frozen=True)
class DemoOutlet:
    """A fictional outlet and its feeds."""

    slug: str
    name: str
    tags: dict[str, str]
    feeds: tuple[DemoFeed, ...]
    link_query: str = ""  # tracking parameters appended to item links in feeds
    guid: str = "permalink"  # "permalink" | "urn"

    def feed(self, name: str) -> DemoFeed:
        for feed in self.feeds:
            if feed.name == name:
                return feed
        raise KeyError(f"{self.slug} has no feed named {name!r}")


@dataclass(frozen=True)
class DemoArticle:
    """One article file: front matter plus body paragraphs."""

    outlet: str  # outlet slug
    slug: str
    title: str
    author: str | None
    published: datetime  # UTC
    summary: str
    tags: tuple[str, ...]
    body: tuple[str, ...]  # paragraphs
    feeds: tuple[str, ...]  # names of the outlet's feeds that list this article
    path: str = field(init=False)  # "outlet/slug", the ground-truth key

    def __post_init__(self) -> None:
        object.__setattr__(self, "path", f"{self.outlet}/{self.slug}")

    @property
    def route(self) -> str:
        """Server path of the article page (no host, no query)."""
        return f"/{self.outlet}/{self.published:%Y/%m}/{self.slug}.html"

    @property
    def word_count(self) -> int:
        return sum(len(p.split()) for p in self.body)


@dataclass(frozen=True)
class Corpus:
    """All outlets (in file order) and all articles."""

    outlets: tuple[DemoOutlet, ...]
    articles: tuple[DemoArticle, ...]

    def outlet(self, slug: str) -> DemoOutlet:
        for outlet in self.outlets:
            if outlet.slug == slug:
                return outlet
        raise KeyError(f"no outlet {slug!r}")

    def article(self, path: str) -> DemoArticle:
        for article in self.articles:
            if article.path == path:
                return article
        raise KeyError(f"no article {path!r}")

    def articles_of(self, outlet: str, feed: str | None = None) -> list[DemoArticle]:
        """An outlet's articles (only those in `feed` if given), newest first."""
        chosen = [
            a for a in self.articles if a.outlet == outlet and (feed is None or feed in a.feeds)
        ]
        return sorted(chosen, key=lambda a: (a.published, a.slug), reverse=True)


def corpus_root() -> Path:
    """The corpus folder inside the installed package (a real directory: no zip installs)."""
    return Path(str(resources.files("tui.demo") / "corpus"))


def load_corpus(root: Path | None = None) -> Corpus:
    """Read outlets.toml and every articles/<outlet>/<slug>.md under `root`."""
    root = root or corpus_root()
    outlets = _load_outlets(root / "outlets.toml")
    by_slug = {o.slug: o for o in outlets}
    articles: list[DemoArticle] = []
    articles_dir = root / "articles"
    for path in sorted(articles_dir.glob("*/*.md")):
        outlet = by_slug.get(path.parent.name)
        if outlet is None:
            raise CorpusError(f"{path}: folder {path.parent.name!r} is not an outlet slug")
        articles.append(_load_article(path, outlet))
    return Corpus(outlets=tuple(outlets), articles=tuple(articles))


def load_ground_truth(root: Path | None = None) -> dict[str, str]:
    """Merge ground_truth/*.csv into {article path: event id}, checked against the files."""
    root = root or corpus_root()
    existing = {f"{p.parent.name}/{p.stem}" for p in (root / "articles").glob("*/*.md")}
    truth: dict[str, str] = {}
    origin: dict[str, str] = {}
    for csv_path in sorted((root / "ground_truth").glob("*.csv")):
        with csv_path.open(newline="", encoding="utf-8") as handle:
            reader = csv.DictReader(handle)
            if reader.fieldnames != ["article", "event"]:
                raise CorpusError(f"{csv_path.name}: header must be 'article,event'")
            for line, row in enumerate(reader, start=2):
                article, event = (row["article"] or "").strip(), (row["event"] or "").strip()
                where = f"{csv_path.name}:{line}"
                if not article or not event:
                    raise CorpusError(f"{where}: empty article or event")
                if article in truth:
                    raise CorpusError(
                        f"{where}: {article} is listed twice (first in {origin[article]})"
                    )
                if article not in existing:
                    raise CorpusError(f"{where}: no article file for {article}")
                truth[article] = event
                origin[article] = where
    return truth


def _load_outlets(path: Path) -> list[DemoOutlet]:
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    outlets = []
    for raw in data.get("outlet", []):
        slug = raw["slug"]
        raw_feeds = raw.get("feeds") or []
        if not raw_feeds:
            raise CorpusError(f"outlet {slug}: no feeds")
        feeds = tuple(_make_feed(slug, f, several=len(raw_feeds) > 1) for f in raw_feeds)
        guid = raw.get("guid", "permalink")
        if guid not in GUID_STYLES:
            raise CorpusError(f"outlet {slug}: guid must be one of {sorted(GUID_STYLES)}")
        outlets.append(
            DemoOutlet(
                slug=slug,
                name=raw["name"],
                tags={str(k): str(v) for k, v in raw.get("tags", {}).items()},
                feeds=feeds,
                link_query=raw.get("link_query", ""),
                guid=guid,
            )
        )
    return outlets


def _make_feed(outlet: str, raw: dict, *, several: bool) -> DemoFeed:
    fmt, content, name = raw["format"], raw["content"], raw["name"]
    if fmt not in FEED_FORMATS or content not in FEED_CONTENT:
        raise CorpusError(f"outlet {outlet}: bad feed {raw!r}")
    stem = f"{outlet}-{name}" if several else outlet
    return DemoFeed(
        outlet=outlet, name=name, format=fmt, content=content,
        route=f"/feeds/{stem}.{FEED_FORMATS[fmt]}",
    )


def _load_article(path: Path, outlet: DemoOutlet) -> DemoArticle:
    text = path.read_text(encoding="utf-8")
    front, body = _split_front_matter(text, path)
    try:
        meta = tomllib.loads(front)
    except tomllib.TOMLDecodeError as exc:
        raise CorpusError(f"{path}: bad front matter: {exc}") from exc
    if not _SLUG.match(path.stem):
        raise CorpusError(f"{path}: article slug must be lowercase words joined by hyphens")
    for key in ("title", "published", "summary"):
        if not meta.get(key):
            raise CorpusError(f"{path}: front matter lacks {key!r}")
    feed_names = tuple(f.name for f in outlet.feeds)
    feeds = tuple(meta.get("feeds", feed_names))
    unknown = set(feeds) - set(feed_names)
    if unknown or not feeds:
        raise CorpusError(f"{path}: unknown or empty feeds {sorted(unknown)}")
    paragraphs = tuple(
        " ".join(line.strip() for line in block.splitlines()).strip()
        for block in re.split(r"\n\s*\n", body.strip())
        if block.strip()
    )
    if not paragraphs:
        raise CorpusError(f"{path}: empty body")
    return DemoArticle(
        outlet=outlet.slug,
        slug=path.stem,
        title=meta["title"].strip(),
        author=(meta.get("author") or "").strip() or None,
        published=_utc(meta["published"], path),
        summary=" ".join(meta["summary"].split()),
        tags=tuple(meta.get("tags", ())),
        body=paragraphs,
        feeds=feeds,
    )


def _split_front_matter(text: str, path: Path) -> tuple[str, str]:
    lines = text.splitlines()
    if not lines or lines[0].strip() != "+++":
        raise CorpusError(f"{path}: must start with a '+++' line")
    for index in range(1, len(lines)):
        if lines[index].strip() == "+++":
            return "\n".join(lines[1:index]), "\n".join(lines[index + 1 :])
    raise CorpusError(f"{path}: front matter is not closed with '+++'")


def _utc(value: object, path: Path) -> datetime:
    # TOML may give a datetime (unquoted) or a string (quoted, as the format doc shows).
    if isinstance(value, str):
        try:
            value = datetime.fromisoformat(value)
        except ValueError as exc:
            raise CorpusError(f"{path}: published is not ISO 8601: {value!r}") from exc
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise CorpusError(f"{path}: published needs a date-time with a UTC offset")
    return value.astimezone(UTC)
