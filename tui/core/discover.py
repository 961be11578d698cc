"""Finding an outlet's feeds from any page of its site: the page itself if it is a feed,
else the feeds its ``<link rel="alternate">`` tags announce (RSS, Atom, JSON Feed), else
the paths sites commonly use. Every candidate is fetched and parsed before it is offered,
so what the analyst picks is known to work."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass
from html.parser import HTMLParser
from urllib.parse import urljoin, urlsplit

from tui.core.config import Settings
from tui.core.feeds import FeedParseError, canonical_url, parse_feed
from tui.core.fetch import Fetcher, resolves_private
from tui.core.sanitize import clean_line

FEED_TYPES = {
    "application/rss+xml": "RSS", "application/atom+xml": "Atom",
    "application/feed+json": "JSON Feed", "application/json": "JSON Feed",
    "application/rdf+xml": "RSS", "application/xml": "XML", "text/xml": "XML",
}
COMMON_PATHS = ("/feed", "/rss", "/rss.xml", "/atom.xml", "/index.xml", "/feed.xml",
                "/feed.json")
MAX_CANDIDATES = 12
ACCEPT = ("application/rss+xml, application/atom+xml, application/feed+json, "
          "application/xml;q=0.9, text/html;q=0.8, */*;q=0.5")


class DiscoveryError(Exception):
    """The address gave no feed (one line for the analyst)."""


@dataclass(frozen=True)
class Candidate:
    url: str
    title: str  # the feed's own title, sanitised
    items: int
    format: str  # RSS, Atom, JSON Feed
    how: str  # "the address itself" | "announced by the page" | "common path"


class _Alternates(HTMLParser):
    """<link rel="alternate" type="...feed type..." href="..."> in a page's markup."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.found: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag != "link" or len(self.found) >= MAX_CANDIDATES:
            return
        values = {k.lower(): (v or "") for k, v in attrs}
        rels = values.get("rel", "").lower().split()
        kind = values.get("type", "").lower().split(";")[0].strip()
        if "alternate" in rels and kind in FEED_TYPES and values.get("href"):
            self.found.append(values["href"].strip())


def feed_links(html: bytes, base: str) -> list[str]:
    """The feed URLs a page announces, absolute, http(s) only, in page order."""
    parser = _Alternates()
    try:
        parser.feed(html[:2_000_000].decode("utf-8", errors="replace"))
    except Exception:  # noqa: BLE001 - hostile markup: use what was found before it
        pass
    out: list[str] = []
    for href in parser.found:
        url = canonical_url(urljoin(base, href))
        if url and url not in out:
            out.append(url)
    return out


async def discover(url: str, settings: Settings | None = None) -> list[Candidate]:
    """Feeds at or announced by ``url``; raises DiscoveryError when there are none."""
    if urlsplit(url).scheme.lower() not in ("http", "https"):
        raise DiscoveryError(f"{clean_line(url, 200)}: only http:// and https:// addresses")
    settings = settings or Settings()
    async with Fetcher(settings) as fetcher:
        page = await fetcher.get(url, accept=ACCEPT, max_bytes=settings.max_feed_bytes)
        if page.error:
            raise DiscoveryError(f"{clean_line(url, 200)}: {page.error}")
        itself = _as_feed(page.body, page.final_url, page.content_type, "the address itself")
        if itself is not None:
            return [itself]
        announced = feed_links(page.body, page.final_url)
        origin = "{0.scheme}://{0.netloc}".format(urlsplit(page.final_url))
        common = [origin + path for path in COMMON_PATHS if origin + path not in announced]
        # A public page must not lead pressdiff to private addresses (as for article links).
        private_ok = await resolves_private(urlsplit(page.final_url).hostname or "")
        found = await asyncio.gather(
            *(_try(fetcher, link, settings, private_ok, "announced by the page")
              for link in announced[:MAX_CANDIDATES]),
        )
        candidates = [c for c in found if c is not None]
        if not candidates:
            tried = await asyncio.gather(
                *(_try(fetcher, link, settings, private_ok, "common path") for link in common)
            )
            candidates = [c for c in tried if c is not None]
    unique: dict[str, Candidate] = {}
    for candidate in candidates:
        unique.setdefault(candidate.url, candidate)
    if not unique:
        raise DiscoveryError(
            f"{clean_line(url, 200)}: no feed found (the page announces none and "
            f"{', '.join(COMMON_PATHS)} gave none)"
        )
    return list(unique.values())


async def _try(fetcher: Fetcher, url: str, settings: Settings, private_ok: bool,
               how: str) -> Candidate | None:
    result = await fetcher.get(url, accept=ACCEPT, max_bytes=settings.max_feed_bytes,
                               allow_private=private_ok)
    if result.error or result.status != 200:
        return None
    return _as_feed(result.body, result.final_url, result.content_type, how)


def _as_feed(body: bytes, url: str, content_type: str, how: str) -> Candidate | None:
    head = body[:512].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html")):
        return None
    try:
        parsed = parse_feed(body, url, content_type=content_type)
    except FeedParseError:
        return None
    except Exception:  # noqa: BLE001 - hostile bytes are "not a feed", never a crash
        return None
    if not parsed.version and not parsed.entries:
        return None
    fmt = ("JSON Feed" if parsed.version.startswith("json")
           else "Atom" if parsed.version.startswith("atom") else "RSS")
    return Candidate(canonical_url(url) or url, parsed.title or "(untitled feed)",
                     len(parsed.entries), fmt, how)
