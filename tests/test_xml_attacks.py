"""XML attacks: entity expansion and external entities neither expand nor read local files.

pressdiff removes every DOCTYPE (and so every entity declaration) from a feed before
feedparser's parsers see it; these tests attack parse_feed directly, with variants
aimed at the scanner, and then through a real refresh.
"""

from __future__ import annotations

import tracemalloc
from collections.abc import Iterator
from pathlib import Path

import feedparser.api
import pytest

from tests.hostile_server import (
    PASSWD_MARKERS,
    XXE_FEED,
    HostileServer,
    Refreshed,
    billion_laughs,
    quadratic_blowup,
    refresh_cases,
)
from tests.loopback import LoopbackServer
from tui.core import feeds, store
from tui.core.feeds import ParsedFeed, parse_feed, strip_doctypes

ENTITY_WARNING = (
    "the feed declares XML entities; they were not expanded (protection against entity attacks)"
)
PASSWD_EXISTS = Path("/etc/passwd").exists()


def _all_text(feed: ParsedFeed) -> str:
    parts = [feed.title, *feed.warnings]
    for e in feed.entries:
        parts += [e.url, e.link, e.guid or "", e.title, e.author or "", e.summary, e.content,
                  *e.tags]
    return "\n".join(parts)


def _parse_measured(body: bytes) -> tuple[ParsedFeed, int]:
    tracemalloc.start()
    try:
        feed = parse_feed(body, "http://127.0.0.1/feed")
        _, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    return feed, peak


def test_the_defence_is_installed_in_feedparser() -> None:
    # If feedparser renamed its hook, the defence would silently vanish: fail loudly.
    assert feedparser.api.replace_doctype is feeds._replace_doctype


def test_external_entities_do_not_read_local_files() -> None:
    assert PASSWD_EXISTS  # otherwise this test could not fail
    feed = parse_feed(XXE_FEED, "http://127.0.0.1/feed")
    text = _all_text(feed)
    assert not any(marker in text for marker in PASSWD_MARKERS)
    assert ENTITY_WARNING in feed.warnings
    [entry] = feed.entries
    assert entry.title == "Leak &xxe;"  # the reference stays literal text


@pytest.mark.parametrize(
    "doctype",
    [
        '<!DOCTYPE rss SYSTEM "file:///etc/passwd">',
        '<!doctype rss [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
        '<!DOCTYPE rss [<!ENTITY % p SYSTEM "file:///etc/passwd"> %p;]>',
        '<!DOCTYPE rss [<!ENTITY xxe SYSTEM "file:///etc/passwd"><!-- ]> -->]>',
        '<!DOCTYPE rss [<!ENTITY q "]>"><!ENTITY xxe SYSTEM "file:///etc/passwd">]>',
    ],
    ids=["external-dtd", "lower-case", "parameter-entity", "comment-trick", "quote-trick"],
)
def test_external_entity_variants(doctype: str) -> None:
    body = (
        f'<?xml version="1.0"?>{doctype}<rss version="2.0"><channel><title>t</title>'
        "<item><title>A &xxe;</title><link>http://127.0.0.1/a</link>"
        "<description>&xxe;</description></item></channel></rss>"
    ).encode()
    feed = parse_feed(body, "http://127.0.0.1/feed")
    assert not any(marker in _all_text(feed) for marker in PASSWD_MARKERS)
    assert [e.url for e in feed.entries] == ["http://127.0.0.1/a"]


def test_xxe_in_a_utf16_document() -> None:
    body = XXE_FEED.decode().replace('encoding="utf-8"', 'encoding="utf-16"').encode("utf-16")
    feed = parse_feed(body, "http://127.0.0.1/feed")
    assert not any(marker in _all_text(feed) for marker in PASSWD_MARKERS)
    assert feed.entries and ENTITY_WARNING in feed.warnings


@pytest.mark.parametrize(
    "body",
    [billion_laughs(), billion_laughs(tag_trick=True), quadratic_blowup(),
     b"garbage first " + billion_laughs()],
    ids=["billion-laughs", "markup-in-entity-value", "quadratic-blowup", "garbage-first"],
)
def test_entity_bombs_do_not_expand(body: bytes) -> None:
    feed, peak = _parse_measured(body)
    # Expanded, these are 3 GB ("lol" x 10^9) and 250 MB; unexpanded, a few KB each.
    assert peak < 40 * 1024 * 1024, f"peak {peak / 2**20:.0f} MiB"
    text = _all_text(feed)
    assert "lollollol" not in text and "A" * 1000 not in text
    assert len(text) < 10 * len(body)


def test_strip_doctypes_removes_the_whole_internal_subset() -> None:
    body = (
        b'<?xml version="1.0"?>\n<!DOCTYPE rss [\n<!ENTITY a "]>">\n<!-- ]> -->\n'
        b"<!ENTITY b 'x'>\n]>\n<rss/>"
    )
    stripped, entities, netscape = strip_doctypes(body)
    assert stripped == b'<?xml version="1.0"?>\n\n<rss/>'
    assert entities and not netscape


def test_strip_doctypes_leaves_documents_without_one_untouched() -> None:
    body = b'<?xml version="1.0"?><rss><channel><title>&amp; &#233;</title></channel></rss>'
    assert strip_doctypes(body) == (body, False, False)


def test_a_plain_doctype_is_removed_without_a_warning() -> None:
    body = (
        b'<?xml version="1.0"?><!DOCTYPE rss PUBLIC "-//Netscape Communications//DTD RSS 0.91//EN"'
        b' "http://my.netscape.com/publish/formats/rss-0.91.dtd"><rss version="0.91"><channel>'
        b"<title>Old</title><item><title>One</title><link>http://127.0.0.1/1</link></item>"
        b"</channel></rss>"
    )
    feed = parse_feed(body, "http://127.0.0.1/feed")
    assert feed.warnings == [] and [e.title for e in feed.entries] == ["One"]


# --- through the pipeline -----------------------------------------------------------------------

ATTACKS = ["xxe", "billion-laughs", "billion-laughs-tags", "quadratic-blowup"]


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Refreshed]:
    with HostileServer() as hostile, LoopbackServer() as good:
        yield refresh_cases(tmp_path_factory.mktemp("xml"), hostile, good, ATTACKS)


@pytest.mark.parametrize("name", ATTACKS)
def test_attack_feeds_are_stored_unexpanded_with_a_warning(
    refreshed: Refreshed, name: str
) -> None:
    db = store.connect(refreshed.db)
    try:
        status = next(s for s in store.feed_statuses(db) if s.outlet == name)
        assert status.status == "warning" and ENTITY_WARNING in status.warnings
        assert status.article_count == 1
        good = next(s for s in store.feed_statuses(db) if s.outlet == "good")
        assert good.status == "ok" and good.article_count == 3
    finally:
        db.close()


def test_no_stored_field_holds_local_file_content(refreshed: Refreshed) -> None:
    assert PASSWD_EXISTS
    db = store.connect(refreshed.db)
    try:
        for table in db.table_names():
            columns = [c.name for c in db[table].columns if c.type == "TEXT"]
            if not columns:
                continue
            for row in db.execute(f"SELECT {', '.join(columns)} FROM [{table}]").fetchall():
                for value in row:
                    assert not any(m in (value or "") for m in PASSWD_MARKERS), (table, value)
        longest = db.execute("SELECT max(length(title)), max(length(text)) FROM articles")
        assert max(longest.fetchone()) < 20_000  # nothing expanded on the way in
    finally:
        db.close()
