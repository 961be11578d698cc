"""The demo corpus loads, its feeds and pages are valid, and the demo server speaks real HTTP."""

from __future__ import annotations

import gzip
import html
import re
import shutil
import tomllib
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET
from collections import Counter
from pathlib import Path
from urllib.parse import urlsplit

import feedparser
import pytest
import trafilatura

from tui.demo import CorpusError, DemoServer, load_corpus, load_ground_truth
from tui.demo.corpus import corpus_root
from tui.demo.render import SITES, render_feed, render_page

BASE = "http://127.0.0.1:8765"
CORPUS = load_corpus()
TRUTH = load_ground_truth()
FEEDS = [(o, f) for o in CORPUS.outlets for f in o.feeds]
VERSIONS = {"rss2": "rss20", "atom": "atom10", "rss1": "rss10"}
FLAGSHIP = "az-un-offices-closed"
MINISTRY_LINE = (
    "The mandates of these offices have been fulfilled, and cooperation with our "
    "international partners will continue on a project basis"
)


def _squash(text: str) -> str:
    return " ".join(text.split())


def _get(url: str, headers: dict[str, str] | None = None) -> tuple[int, dict[str, str], bytes]:
    request = urllib.request.Request(url, headers=headers or {})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            return response.status, dict(response.headers), response.read()
    except urllib.error.HTTPError as error:
        return error.code, dict(error.headers), error.read()


# --------------------------------------------------------------------------- corpus


def test_corpus_has_the_seven_outlets_and_complete_articles() -> None:
    assert [o.slug for o in CORPUS.outlets] == [
        "caspian-wire", "meridian", "free-caucasus", "state-herald",
        "lantern", "ledger", "ararat-dispatch",
    ]
    assert [f.name for f in CORPUS.outlet("meridian").feeds] == ["world", "caucasus"]
    for article in CORPUS.articles:
        assert article.title and article.summary, article.path
        assert article.body and all(article.body), article.path
        assert article.published.utcoffset().total_seconds() == 0, article.path
        assert "2026-11-16" <= article.published.date().isoformat() <= "2026-11-27", article.path


def test_every_article_is_in_the_ground_truth_exactly_once() -> None:
    # load_ground_truth itself refuses duplicates and rows without a file.
    assert set(TRUTH) == {a.path for a in CORPUS.articles}


def _mini_corpus(tmp_path: Path, csv_text: str) -> Path:
    root = tmp_path / "corpus"
    (root / "articles" / "caspian-wire").mkdir(parents=True)
    (root / "ground_truth").mkdir()
    shutil.copy(corpus_root() / "outlets.toml", root / "outlets.toml")
    (root / "articles" / "caspian-wire" / "one.md").write_text(
        '+++\ntitle = "T"\npublished = "2026-11-20T10:00:00+00:00"\nsummary = "S"\n+++\nBody.\n',
        encoding="utf-8",
    )
    (root / "ground_truth" / "x.csv").write_text(csv_text, encoding="utf-8")
    return root


@pytest.mark.parametrize(
    ("rows", "message"),
    [
        ("caspian-wire/one,e1\ncaspian-wire/one,e2\n", "listed twice"),
        ("caspian-wire/one,e1\ncaspian-wire/missing,e2\n", "no article file"),
    ],
)
def test_ground_truth_errors_are_clear(tmp_path: Path, rows: str, message: str) -> None:
    root = _mini_corpus(tmp_path, "article,event\n" + rows)
    with pytest.raises(CorpusError, match=message):
        load_ground_truth(root)


def test_optional_author_and_per_article_feeds() -> None:
    assert any(a.author is None for a in CORPUS.articles)
    meridian = CORPUS.articles_of("meridian")
    assert any(a.feeds == ("caucasus",) for a in meridian)
    assert any(set(a.feeds) == {"world", "caucasus"} for a in meridian)


# --------------------------------------------------------------------------- feeds


@pytest.mark.parametrize(("outlet", "feed"), FEEDS, ids=[f.route for _, f in FEEDS])
def test_feed_parses_cleanly_and_links_to_pages(outlet, feed) -> None:
    parsed = feedparser.parse(render_feed(CORPUS, outlet, feed, BASE))
    assert not parsed.bozo, parsed.get("bozo_exception")
    assert parsed.version == VERSIONS[feed.format]
    expected = CORPUS.articles_of(outlet.slug, feed.name)
    assert len(parsed.entries) == len(expected)
    routes = {a.route for a in expected}
    for entry, article in zip(parsed.entries, expected, strict=True):
        link = urlsplit(entry.link)
        assert f"{link.scheme}://{link.netloc}" == BASE
        assert link.path in routes
        assert entry.title == article.title  # newest first, same order as the corpus
        assert "utm_" not in entry.get("id", "") and "ref=feed" not in entry.get("id", "")
        if feed.content == "full":
            text = html.unescape(re.sub(r"<[^>]+>", " ", entry.content[0].value))
            assert _squash(article.body[-1]) in _squash(text)
        else:
            assert "content" not in entry
    # RSS 1.0 has only dc:date, which feedparser reports as "updated".
    published = [e.get("published_parsed") or e.updated_parsed for e in parsed.entries]
    assert published == sorted(published, reverse=True)


RSS2_ELEMENTS = {
    "title", "link", "description", "language", "lastBuildDate", "item", "guid", "pubDate",
    "category", "author", "comments", "enclosure", "source",
}


RSS2_OUTLETS = [o for o, f in FEEDS if f.format == "rss2"]


@pytest.mark.parametrize("outlet", RSS2_OUTLETS, ids=[o.slug for o in RSS2_OUTLETS])
def test_rss2_uses_only_rss_elements_or_namespaced_extensions(outlet) -> None:
    # feedparser forgives a bare <link href=...> in a channel; real validators do not.
    root = ET.fromstring(render_feed(CORPUS, outlet, outlet.feeds[0], BASE))
    channel = root.find("channel")
    assert channel is not None
    for node in [*channel, *(child for item in channel.iter("item") for child in item)]:
        assert node.tag.startswith("{") or node.tag in RSS2_ELEMENTS, node.tag
    self_link = channel.find("{http://www.w3.org/2005/Atom}link")
    assert self_link is not None and self_link.get("href") == BASE + outlet.feeds[0].route


def test_tracking_parameters_only_on_links() -> None:
    wire = CORPUS.outlet("caspian-wire")
    parsed = feedparser.parse(render_feed(CORPUS, wire, wire.feeds[0], BASE))
    entry = parsed.entries[0]
    assert "utm_source=rss" in entry.link
    assert entry.id.startswith("urn:caspian-wire:")
    assert entry.guidislink is False


# --------------------------------------------------------------------------- pages


@pytest.mark.parametrize("article", CORPUS.articles, ids=[a.path for a in CORPUS.articles])
def test_page_extracts_to_the_body_only(article) -> None:
    page = render_page(CORPUS, article, BASE).decode("utf-8")
    text = _squash(trafilatura.extract(page, include_comments=False, favor_precision=True) or "")
    assert _squash(article.body[0]) in text
    assert _squash(article.body[-1]) in text
    site = SITES[article.outlet]
    furniture = [site.cookie, site.newsletter, site.footer, *(c for _, c in site.comments)]
    for snippet in furniture:
        assert snippet not in text
        assert snippet in page  # the furniture is really on the page


def test_page_carries_metadata_and_furniture() -> None:
    article = CORPUS.article(
        "caspian-wire/azerbaijan-orders-un-agencies-ngos-close-baku-offices"
    )
    page = render_page(CORPUS, article, BASE).decode("utf-8")
    assert '<meta property="og:title" content="Azerbaijan orders UN agencies' in page
    assert 'property="article:published_time" content="2026-11-24T08:02:00Z"' in page
    assert '<meta name="author" content="Rustam Aliyev">' in page
    assert '<time datetime="2026-11-24T08:02:00Z">' in page
    assert page.count("<article") == 1 and "Related stories" in page


def test_templates_differ_between_outlets() -> None:
    bodies = {SITES[o.slug].css["body"] for o in CORPUS.outlets}
    assert len(bodies) == len(CORPUS.outlets)


# --------------------------------------------------------------------------- flagship


def test_flagship_is_covered_by_all_outlets_with_shared_statements() -> None:
    flagship = [CORPUS.article(p) for p, event in TRUTH.items() if event == FLAGSHIP]
    assert {a.outlet for a in flagship} == {o.slug for o in CORPUS.outlets}
    first = min(flagship, key=lambda a: a.published)
    assert first.outlet == "caspian-wire" and first.published.strftime("%H:%M") == "08:02"
    quoting = [a for a in flagship if MINISTRY_LINE in " ".join(a.body)]
    assert len(quoting) >= 4
    followup = [p for p, event in TRUTH.items() if event == "az-un-offices-followup"]
    assert len(followup) == 3


def test_ledger_reprint_carries_wire_copy_verbatim() -> None:
    wire = CORPUS.article("caspian-wire/azerbaijan-orders-un-agencies-ngos-close-baku-offices")
    reprint = CORPUS.article("ledger/baku-orders-un-agencies-out-investors-watch")
    assert reprint.body[1 : 1 + len(wire.body)] == wire.body
    assert reprint.body[-1].endswith("Caspian Wire")


def test_full_corpus_size() -> None:
    """Needs the full corpus (all three writers' articles): >= 60 articles, >= 10 events."""
    assert len(CORPUS.articles) >= 60
    assert len(set(TRUTH.values())) >= 10
    per_event = Counter(TRUTH.values())
    assert sum(1 for n in per_event.values() if n >= 3) >= 5


# --------------------------------------------------------------------------- server


@pytest.fixture(scope="module")
def server():
    with DemoServer() as srv:
        yield srv


def test_server_serves_feed_with_validators_and_304(server: DemoServer) -> None:
    url = server.feed_urls()["Caspian Wire"][0]
    status, headers, body = _get(url)
    assert status == 200 and body.startswith(b"<?xml")
    assert headers["Content-Type"].startswith("application/rss+xml")
    etag = headers["ETag"]
    assert etag.startswith('"') and headers["Last-Modified"].endswith("GMT")
    path = urlsplit(url).path
    before = server.not_modified[path]
    status, _, body = _get(url, {"If-None-Match": etag})
    assert status == 304 and body == b""
    assert server.not_modified[path] == before + 1
    status, _, _ = _get(url, {"If-Modified-Since": headers["Last-Modified"]})
    assert status == 304
    assert server.hits[path] >= 3


def test_server_content_types(server: DemoServer) -> None:
    urls = server.feed_urls()
    _, atom, _ = _get(urls["The Lantern"][0])
    _, rdf, _ = _get(urls["The National Herald"][0])
    assert atom["Content-Type"].startswith("application/atom+xml")
    assert rdf["Content-Type"].startswith("application/rdf+xml")


def test_server_gzips_when_asked(server: DemoServer) -> None:
    url = server.page_url("meridian/azerbaijan-tells-un-agencies-to-leave-baku")
    _, plain_headers, plain = _get(url)
    status, headers, zipped = _get(url, {"Accept-Encoding": "gzip"})
    assert status == 200 and headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(zipped) == plain
    assert "Content-Encoding" not in plain_headers
    assert headers["Content-Type"] == "text/html; charset=utf-8"


def test_server_routes_pages_ignoring_query_and_404s_the_rest(server: DemoServer) -> None:
    url = server.page_url("ledger/baku-orders-un-agencies-out-investors-watch")
    status, _, body = _get(url + "?utm_source=rss&utm_medium=feed")
    assert status == 200 and b"Ledger Business Daily" in body
    assert _get(server.base_url + "/nowhere.html")[0] == 404
    assert _get(server.base_url + "/feeds/unknown.xml")[0] == 404
    status, _, index = _get(server.base_url + "/")
    assert status == 200 and b"/feeds/meridian-caucasus.atom" in index


def test_feeds_toml_names_every_outlet(server: DemoServer) -> None:
    config = tomllib.loads(server.feeds_toml())
    outlets = config["outlet"]
    assert [o["name"] for o in outlets] == [o.name for o in CORPUS.outlets]
    for entry in outlets:
        assert set(entry["tags"]) == {"country", "kind", "language"}
        for url in entry["feeds"]:
            assert url.startswith(server.base_url + "/feeds/")
            assert _get(url)[0] == 200
