"""JSON Feed (jsonfeed.org, versions 1 and 1.1): feedparser reads only XML feeds. Items become
the same sanitised entries as RSS and Atom items."""

from __future__ import annotations

import html
from datetime import UTC, datetime

from tui.core.feeds import MAX_ENTRIES, Entry, FeedParseError, ParsedFeed, _normalise
from tui.core.sanitize import clean_line


def parse_json_feed(body: bytes, url: str, now: datetime) -> ParsedFeed:
    """A JSON Feed (jsonfeed.org, versions 1 and 1.1): feedparser reads only XML feeds.
    Items become the same sanitised entries as RSS and Atom items."""
    import json

    try:
        data = json.loads(body.decode("utf-8-sig"))
    except (UnicodeDecodeError, ValueError, RecursionError):
        raise FeedParseError("not a feed: the body is not valid JSON") from None
    if not isinstance(data, dict) or not str(data.get("version", "")).startswith(
        ("https://jsonfeed.org/version/", "http://jsonfeed.org/version/")
    ):
        raise FeedParseError("not a feed: JSON without a jsonfeed.org version")
    items = data.get("items")
    if not isinstance(items, list):
        raise FeedParseError("JSON Feed has no items list")
    warnings: set[str] = set()
    if len(items) > MAX_ENTRIES:
        warnings.add(f"feed has {len(items)} entries; only the first {MAX_ENTRIES} were read")
    entries: list[Entry] = []
    seen: set[str] = set()
    for item in items[:MAX_ENTRIES]:
        if not isinstance(item, dict):
            continue
        entry = _normalise(_json_item(item), url, now, warnings)
        if entry is None or entry.url in seen:
            continue
        seen.add(entry.url)
        entries.append(entry)
    title = clean_line(str(data.get("title") or ""), 300)
    return ParsedFeed(title=title, version="json1", entries=entries, warnings=sorted(warnings))


def _json_item(item: dict) -> dict:
    """A JSON Feed item in the shape feedparser gives entries (for _normalise)."""
    def text(key: str) -> str:
        value = item.get(key)
        return value if isinstance(value, str) else ""

    authors = item.get("authors") or ([item["author"]] if isinstance(item.get("author"), dict)
                                      else [])
    author = next((a.get("name") for a in authors if isinstance(a, dict) and a.get("name")),
                  "")
    when = None
    for key in ("date_published", "date_modified"):
        try:
            parsed = datetime.fromisoformat(text(key).replace("Z", "+00:00"))
        except ValueError:
            continue
        when = (parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)).utctimetuple()
        break
    content = text("content_html") or html.escape(text("content_text"))
    return {
        "link": text("url") or text("external_url"), "id": str(item.get("id") or ""),
        "title": text("title"), "summary": text("summary"),
        "content": [{"value": content}] if content else [], "author": str(author),
        "published_parsed": when,
        "tags": [{"term": t} for t in item.get("tags") or [] if isinstance(t, str)],
    }
