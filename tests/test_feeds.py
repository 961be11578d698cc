"""Feed parsing and URL canonicalisation.

Every file in tests/data/feeds describes itself in an XML comment at the top (the
feedparser test-suite style): a `Description:` line and `Expect:` lines, each a Python
expression over `feed` (the ParsedFeed) and `entries` that must be true.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tui.core.feeds import FeedParseError, canonical_url, html_to_text, parse_feed

FEEDS_DIR = Path(__file__).parent / "data" / "feeds"
FIXTURES = sorted(p for p in FEEDS_DIR.iterdir() if p.suffix in (".xml", ".rdf", ".atom"))
NOW = datetime(2026, 11, 28, 12, 0, tzinfo=UTC)


def _header(path: Path) -> tuple[str, list[str]]:
    text = path.read_bytes().decode("utf-8", errors="replace")
    match = re.search(r"<!--(.*?)-->", text, re.S)
    assert match, f"{path.name} has no description comment"
    description = ""
    expects: list[str] = []
    for line in match.group(1).splitlines():
        key, _, value = line.strip().partition(":")
        if key == "Description":
            description = value.strip()
        elif key == "Expect":
            expects.append(value.strip())
    return description, expects


def test_fixture_directory_is_populated() -> None:
    # A glob that silently finds nothing would make the parametrised test vacuous.
    assert len(FIXTURES) >= 7


@pytest.mark.parametrize("path", FIXTURES, ids=lambda p: p.name)
def test_fixture_feed_meets_its_expectations(path: Path) -> None:
    description, expects = _header(path)
    assert description and expects, f"{path.name}: needs Description and Expect lines"
    feed = parse_feed(path.read_bytes(), f"https://feeds.example/{path.name}", now=NOW)
    entries = feed.entries
    for expression in expects:
        # Our own fixture files, not feed input: evaluating them is how they state intent.
        ok = eval(expression, {"feed": feed, "entries": entries})  # noqa: S307
        assert ok, f"{path.name}: {expression}\nentries: {entries}\nwarnings: {feed.warnings}"


# --- not a feed --------------------------------------------------------------------------------


def test_html_page_is_reported_as_not_a_feed() -> None:
    body = b"<!DOCTYPE html><html><head><title>Home</title></head><body>hi</body></html>"
    with pytest.raises(FeedParseError, match="HTML page, not a feed"):
        parse_feed(body, "https://x.example/")


def test_empty_body_is_reported() -> None:
    with pytest.raises(FeedParseError, match="empty body"):
        parse_feed(b"  \n", "https://x.example/feed")


def test_garbage_is_reported_as_not_a_feed() -> None:
    with pytest.raises(FeedParseError, match="not an RSS or Atom feed"):
        parse_feed(b"\x00\x01 this is not xml at all", "https://x.example/feed")


@pytest.mark.parametrize(
    "name", ["rss091.xml", "rss10_dc_date.rdf", "rss20_content_encoded.xml", "atom10_xml_base.xml"]
)
def test_well_formed_feeds_carry_no_warnings(name: str) -> None:
    # Regression: every feed was flagged "not well-formed XML (no Content-type specified)".
    feed = parse_feed((FEEDS_DIR / name).read_bytes(), "https://feeds.example/f", now=NOW)
    assert feed.warnings == []


def test_malformed_xml_still_parses_with_a_warning() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><title>Cut off</title>'
        b"<link>https://x.example/a</link></item>"
    )
    feed = parse_feed(body, "https://x.example/feed", now=NOW)
    assert [e.title for e in feed.entries] == ["Cut off"]
    assert len(feed.warnings) == 1 and feed.warnings[0].startswith("feed is not well-formed XML")


def test_future_dates_are_dropped_with_a_warning() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><title>Tomorrow</title>'
        b"<link>https://x.example/a</link><pubDate>Mon, 01 Jan 2035 10:00:00 GMT</pubDate>"
        b"</item></channel></rss>"
    )
    feed = parse_feed(body, "https://x.example/feed", now=NOW)
    assert feed.entries[0].published is None
    assert any("future" in w for w in feed.warnings)


def test_relative_rss_links_resolve_against_the_feed_url() -> None:
    body = (
        b'<rss version="2.0"><channel><title>t</title><item><title>A</title>'
        b"<link>/2026/11/a.html?utm_source=rss</link></item></channel></rss>"
    )
    feed = parse_feed(body, "https://news.example/feeds/world.xml", now=NOW)
    assert feed.entries[0].url == "https://news.example/2026/11/a.html"


def test_html_to_text_keeps_paragraphs_and_drops_markup() -> None:
    text = html_to_text("<p>One &amp; two</p><ul><li>three</li></ul><style>p{}</style>")
    assert text.split("\n\n") == ["One & two", "three"]


# --- canonical_url -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    "raw,expected",
    [
        ("https://a.example/x?utm_source=rss&utm_medium=feed", "https://a.example/x"),
        ("https://a.example/x?fbclid=IwAR0abc", "https://a.example/x"),
        ("https://a.example/x?gclid=1&id=5", "https://a.example/x?id=5"),
        ("https://a.example/x#section-2", "https://a.example/x"),
        ("https://NEWS.Example.COM/Path/Case", "https://news.example.com/Path/Case"),
        ("HTTPS://a.example/x", "https://a.example/x"),
        ("https://a.example:443/x", "https://a.example/x"),
        ("http://a.example:80/x", "http://a.example/x"),
        ("https://a.example:8443/x", "https://a.example:8443/x"),
        ("http://a.example:443/x", "http://a.example:443/x"),
        ("https://a.example", "https://a.example/"),
        ("https://a.example/x?z=1&a=2&utm_id=3&m=4", "https://a.example/x?z=1&a=2&m=4"),
        ("https://a.example/x?b=&a=1", "https://a.example/x?b=&a=1"),
        ("  https://a.example/x  ", "https://a.example/x"),
        ("http://127.0.0.1:8765/a/b.html?utm_source=demo", "http://127.0.0.1:8765/a/b.html"),
    ],
)
def test_canonical_url(raw: str, expected: str) -> None:
    assert canonical_url(raw) == expected


@pytest.mark.parametrize(
    "raw",
    ["", "ftp://a.example/x", "mailto:desk@a.example", "javascript:alert(1)",
     "file:///etc/passwd", "data:text/html,hi", "https:///no-host", "https://a.example:99999/",
     "https://a.example/a b"],
)
def test_canonical_url_refuses_what_cannot_be_cited(raw: str) -> None:
    assert canonical_url(raw) is None


def test_canonical_url_resolves_relative_links_against_a_base() -> None:
    assert canonical_url("../b?utm_x=1", base="https://a.example/x/y/z") == "https://a.example/x/b"


def test_canonical_url_is_idempotent() -> None:
    once = canonical_url("https://A.example:443/x?id=1&utm_source=x#f")
    assert once is not None and canonical_url(once) == once


def test_relative_links_follow_each_feeds_own_address() -> None:
    """feedparser's per-element base resolution is memoised (tui/core/feeds.py): two feeds
    with the same relative links, at two addresses, still get each their own."""
    body = (b'<?xml version="1.0"?><rss version="2.0"><channel><title>t</title>'
            b"<item><title>One</title><link>/news/one.html</link></item>"
            b"</channel></rss>")
    first = parse_feed(body, "https://alpha.example/feed.xml", now=NOW)
    second = parse_feed(body, "https://beta.example/rss/feed.xml", now=NOW)
    again = parse_feed(body, "https://alpha.example/feed.xml", now=NOW)
    assert [e.url for e in first.entries] == ["https://alpha.example/news/one.html"]
    assert [e.url for e in second.entries] == ["https://beta.example/news/one.html"]
    assert again.entries == first.entries
