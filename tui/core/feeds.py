"""Parse fetched feed bytes with feedparser into normalised, sanitised entries.

Handles RSS 0.9x/1.0/2.0 and Atom. URLs are canonicalised (tracking parameters
and fragments removed) so the same article seen twice is one row.
"""

from __future__ import annotations

import calendar
import html
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from urllib.parse import parse_qsl, urlencode, urljoin, urlsplit, urlunsplit

import feedparser

from tui.core.sanitize import clean_line, clean_text

# Query parameters that identify a campaign or a click, never the article.
_TRACKING_PREFIXES = ("utm_", "mc_", "pk_", "piwik_", "hsa_", "oly_", "vero_", "_hs")
_TRACKING_NAMES = {
    "fbclid", "gclid", "dclid", "gclsrc", "msclkid", "yclid", "igshid", "mkt_tok", "ref_src",
    "cmpid", "ncid", "ocid", "sr_share", "at_medium", "at_campaign", "at_custom1", "rss",
    "cid", "xtor", "wt.mc_id", "spm", "_ga", "s_cid",
}
# Future dates beyond this are treated as wrong clocks, not as news from tomorrow.
FUTURE_TOLERANCE = timedelta(days=1)
MAX_ENTRIES = 5000  # a feed with more is truncated (and a warning says so)


@dataclass(frozen=True)
class Entry:
    """One feed item, normalised. All text is plain and sanitised."""

    url: str  # canonical URL
    link: str  # the link exactly as the feed gave it (after resolving relative links)
    guid: str | None
    title: str
    author: str | None
    published: datetime | None  # UTC
    summary: str  # plain text
    content: str  # plain text of full content, when the feed carries it
    tags: tuple[str, ...] = ()


@dataclass
class ParsedFeed:
    title: str
    version: str  # feedparser's name, e.g. "rss20", "atom10"; "" when not a feed
    entries: list[Entry]
    warnings: list[str] = field(default_factory=list)


class FeedParseError(Exception):
    """The body is not a feed at all (HTML page, empty body, garbage)."""


def canonical_url(url: str, base: str | None = None) -> str | None:
    """Absolute http(s) URL without tracking parameters or fragment, or None.

    Lower-cases scheme and host, drops default ports, removes tracking query
    parameters and sorts nothing else (parameter order can matter to a site).
    """
    if not url:
        return None
    url = url.strip()
    if base:
        url = urljoin(base, url)
    try:
        parts = urlsplit(url)
        port = parts.port
    except ValueError:
        return None
    scheme = parts.scheme.lower()
    if scheme not in ("http", "https") or not parts.hostname:
        return None
    if any(ch.isspace() or ord(ch) < 32 or ord(ch) == 127 for ch in url):
        return None
    host = parts.hostname.lower().rstrip(".")
    if ":" in host:  # IPv6 literal
        host = f"[{host}]"
    if port and not (scheme == "http" and port == 80 or scheme == "https" and port == 443):
        host = f"{host}:{port}"
    query = [
        (k, v)
        for k, v in parse_qsl(parts.query, keep_blank_values=True)
        if not k.lower().startswith(_TRACKING_PREFIXES) and k.lower() not in _TRACKING_NAMES
    ]
    path = parts.path or "/"
    return urlunsplit((scheme, host, path, urlencode(query, doseq=True), ""))


_TAG = re.compile(r"<[^>]+>")
_BLOCK = re.compile(r"(?i)</?(p|div|br|li|h[1-6]|blockquote|tr)\b[^>]*>")


def html_to_text(value: str) -> str:
    """Feed summaries often carry HTML: keep paragraphs, drop tags, unescape entities."""
    if not value:
        return ""
    value = re.sub(r"(?is)<(script|style)\b.*?</\1\s*>", " ", value)
    value = _BLOCK.sub("\n\n", value)
    value = _TAG.sub("", value)
    return clean_text(html.unescape(value))


def _entry_time(entry: dict, now: datetime, warnings: set[str]) -> datetime | None:
    for key in ("published_parsed", "updated_parsed", "created_parsed"):
        parsed = entry.get(key)
        if parsed:
            try:
                when = datetime.fromtimestamp(calendar.timegm(parsed), tz=UTC)
            except (OverflowError, ValueError, TypeError):
                continue
            if when > now + FUTURE_TOLERANCE:
                warnings.add("some entries are dated in the future; their dates were ignored")
                return None
            return when
    if entry.get("published") or entry.get("updated"):
        warnings.add("some entry dates could not be read")
    return None


def parse_feed(body: bytes, url: str, now: datetime | None = None) -> ParsedFeed:
    """Parse feed bytes fetched from `url`.

    Raises FeedParseError when the body is not a feed. Entries without a usable
    link are skipped with a warning (pressdiff cannot cite them).
    """
    now = now or datetime.now(UTC)
    if not body or not body.strip():
        raise FeedParseError("the server sent an empty body")
    parsed = feedparser.parse(body, response_headers={"content-location": url})
    version = parsed.get("version", "") or ""
    raw_entries = parsed.get("entries", [])
    if not version and not raw_entries:
        head = body[:512].lstrip().lower()
        if head.startswith((b"<!doctype html", b"<html")) or b"<html" in head:
            raise FeedParseError("the URL serves an HTML page, not a feed")
        reason = parsed.get("bozo_exception")
        detail = f": {clean_line(str(reason), 200)}" if reason else ""
        raise FeedParseError(f"not an RSS or Atom feed{detail}")
    warnings: set[str] = set()
    if parsed.get("bozo"):
        reason = clean_line(str(parsed.get("bozo_exception", "")), 200)
        warnings.add(f"feed is not well-formed XML ({reason})" if reason else "malformed XML")
    if len(raw_entries) > MAX_ENTRIES:
        warnings.add(f"feed has {len(raw_entries)} entries; only the first {MAX_ENTRIES} were read")
        raw_entries = raw_entries[:MAX_ENTRIES]
    entries: list[Entry] = []
    seen: set[str] = set()
    for raw in raw_entries:
        entry = _normalise(raw, url, now, warnings)
        if entry is None:
            continue
        key = entry.guid or entry.url
        if key in seen or entry.url in seen:
            warnings.add("the feed repeats some entries (duplicate GUIDs or links)")
            continue
        seen.update({key, entry.url})
        entries.append(entry)
    title = clean_line(parsed.get("feed", {}).get("title", ""), 300)
    return ParsedFeed(title=title, version=version, entries=entries, warnings=sorted(warnings))


def _normalise(raw: dict, feed_url: str, now: datetime, warnings: set[str]) -> Entry | None:
    link = raw.get("link") or ""
    if not link:
        for candidate in raw.get("links", []) or []:
            if candidate.get("rel", "alternate") == "alternate" and candidate.get("href"):
                link = candidate["href"]
                break
    guid = clean_line(raw.get("id") or raw.get("guid") or "", 2000) or None
    if not link and guid and guid.startswith(("http://", "https://")):
        link = guid
    absolute = urljoin(feed_url, link.strip()) if link else ""
    url = canonical_url(absolute)
    if url is None:
        if link:
            warnings.add("some entries link to non-http(s) addresses and were skipped")
        else:
            warnings.add("some entries have no link and were skipped")
        return None
    title = clean_line(html.unescape(_TAG.sub("", raw.get("title", "") or "")), 500)
    summary = html_to_text(raw.get("summary", "") or "")
    content = ""
    for part in raw.get("content", []) or []:
        text = html_to_text(part.get("value", "") or "")
        if len(text) > len(content):
            content = text
    if summary and content and summary == content:
        # Many RSS feeds put the full text in <description>: that is content, not a summary.
        summary = summary[:600]
    if not title:
        warnings.add("some entries have no title")
        title = clean_line((summary or content)[:120]) or "(untitled)"
    author = clean_line(raw.get("author", "") or "", 200) or None
    tags = tuple(
        t for t in (clean_line(tag.get("term", "") or "", 80) for tag in raw.get("tags", []) or [])
        if t
    )
    return Entry(
        url=url,
        link=absolute,
        guid=guid,
        title=title,
        author=author,
        published=_entry_time(raw, now, warnings),
        summary=summary,
        content=content,
        tags=tags[:20],
    )
