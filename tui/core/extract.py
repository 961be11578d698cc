"""Extract an article page's main text and metadata with trafilatura.

Precision-leaning settings first, no comments, no tables; when they keep too little (under
MIN_WORDS), trafilatura's default balance once more. Chosen by measurement on the gold set in
benchmarks/data/extraction (mean token F1: precision alone 0.875, defaults without tables 0.949,
this pair 0.953; `benchmarks/evaluate_extraction.py`): precision drops boilerplate on most
pages but cuts some articles to a stub. Runs in worker processes (see `pipeline`), so
everything here is a plain function of bytes.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import UTC, datetime

from tui.core.sanitize import clean_line, clean_text

MIN_WORDS = 40  # less than this is a paywall stub, a cookie wall or a failed extraction


@dataclass(frozen=True)
class Extraction:
    text: str | None  # None: keep the feed's text
    reason: str  # why this text (or why not)
    title: str | None = None
    author: str | None = None
    published: datetime | None = None
    language: str | None = None


def extract_page(html: bytes, url: str, feed_text: str = "") -> Extraction:
    """Main text of an article page; falls back (text=None) with a reason when the page
    gives less than the feed already has."""
    import trafilatura  # imported here: worker processes pay for it, the CLI start-up does not

    try:
        raw = _extract(trafilatura, html, url, favor_precision=True)
        if not raw or _words(raw) < MIN_WORDS:
            raw = _extract(trafilatura, html, url) or raw
    except Exception as exc:  # trafilatura/lxml can raise on hostile markup
        return Extraction(None, f"page could not be parsed ({type(exc).__name__})")
    if not raw:
        return Extraction(None, "no article text found on the page")
    data = json.loads(raw)
    text = _without_headline(clean_text(data.get("text") or ""), data.get("title"))
    words = len(text.split())
    feed_words = len(feed_text.split())
    meta = {
        "title": clean_line(data.get("title")) or None,
        "author": clean_line(data.get("author"), 200) or None,
        "published": _date(data.get("date")),
        "language": clean_line(data.get("language"), 20) or None,
    }
    if words < MIN_WORDS:
        return Extraction(None, f"page text too short ({words} words)", **meta)
    if words < feed_words * 0.6:
        return Extraction(
            None, f"page text ({words} words) shorter than the feed's ({feed_words})", **meta
        )
    return Extraction(text, f"extracted from the page ({words} words)", **meta)


def _extract(trafilatura, html: bytes, url: str, **balance: bool) -> str | None:
    return trafilatura.extract(
        html, url=url, output_format="json", with_metadata=True, include_comments=False,
        include_tables=False, deduplicate=False, **balance,
    )


def _words(raw: str) -> int:
    return len((json.loads(raw).get("text") or "").split())


def _without_headline(text: str, title: str | None) -> str:
    """Drop a first paragraph that only repeats the page's headline: the headline is shown
    on its own, and counting it as the article's first statement would skew comparisons."""
    first, _, rest = text.partition("\n")
    if title and rest and _folded(first) == _folded(title):
        return rest.lstrip("\n")
    return text


def _folded(value: str) -> str:
    return " ".join(clean_line(value).casefold().split())


def _date(value: str | None) -> datetime | None:
    """trafilatura gives a date (YYYY-MM-DD) without time: midnight UTC of that day."""
    if not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    return parsed.replace(tzinfo=parsed.tzinfo or UTC)
