"""`pressdiff add`: a feed, or any page of a site, against a real loopback server."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.loopback import LoopbackServer, rss
from tui.cli import main
from tui.core.config import load_config

ITEMS = [{"title": f"Report {n}", "link": f"http://127.0.0.1/a{n}", "guid": f"g{n}"}
         for n in range(3)]
ATOM = b"""<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom"><title>Opinion</title><id>urn:x</id>
<updated>2026-11-24T08:00:00Z</updated>
<entry><title>A view</title><link href="http://127.0.0.1/v1"/><id>urn:v1</id>
<updated>2026-11-24T08:00:00Z</updated></entry></feed>"""


def home(links: str) -> bytes:
    return (f"<!doctype html><html><head><title>Example Daily</title>{links}</head>"
            "<body><h1>Example Daily</h1><p>News.</p></body></html>").encode()


@pytest.fixture
def site(server: LoopbackServer) -> LoopbackServer:
    server.set("/news.xml", body=rss(ITEMS, title="Example Daily: News"))
    server.set("/opinion.atom", body=ATOM, content_type="application/atom+xml")
    server.set("/feed.json", body=json.dumps({
        "version": "https://jsonfeed.org/version/1.1", "title": "Example Daily JSON",
        "items": [{"id": "1", "url": "http://127.0.0.1/j1", "title": "J"}]}).encode(),
        content_type="application/feed+json")
    server.set("/", body=home(
        '<link rel="alternate" type="application/rss+xml" title="News" href="/news.xml">'
        '<link rel="alternate" type="application/atom+xml" href="opinion.atom">'
        '<link rel="alternate" type="application/feed+json" href="/feed.json">'
        '<link rel="alternate" type="application/rss+xml" href="/missing.xml">'
        '<link rel="stylesheet" href="/style.css">'), content_type="text/html")
    server.set("/bare", body=home(""), content_type="text/html")
    return server


def invoke(tmp_path: Path, *args: str):
    return CliRunner().invoke(main, ["--config", str(tmp_path / "feeds.toml"), "add", *args],
                              catch_exceptions=False)


def test_a_feed_url_is_added_as_it_is(site: LoopbackServer, tmp_path: Path) -> None:
    result = invoke(tmp_path, site.url("/news.xml"), "--tag", "kind=wire")
    assert result.exit_code == 0, result.output
    assert "(RSS, 3 items) to new outlet 'Example Daily: News'" in result.output
    outlet = load_config(tmp_path / "feeds.toml").outlet("Example Daily: News")
    assert outlet.tags == {"kind": "wire"}
    assert [f.url for f in outlet.feeds] == [site.url("/news.xml")]


def test_a_page_lists_the_feeds_it_announces_and_pick_chooses(site: LoopbackServer,
                                                            tmp_path: Path) -> None:
    listing = invoke(tmp_path, site.url("/"))
    assert listing.exit_code == 2  # several found, no terminal to ask: say how to choose
    assert "3 feeds found:" in listing.output
    assert "1. Example Daily: News" in listing.output and "(RSS, 3 items" in listing.output
    assert "2. Opinion" in listing.output and "Atom, 1 item;" in listing.output
    assert "3. Example Daily JSON" in listing.output and "JSON Feed" in listing.output
    assert "choose one with --pick N" in listing.output
    assert not (tmp_path / "feeds.toml").exists()
    chosen = invoke(tmp_path, site.url("/"), "--pick", "2", "--outlet", "Example Daily")
    assert chosen.exit_code == 0, chosen.output
    assert [f.url for f in load_config(tmp_path / "feeds.toml").outlet("Example Daily").feeds
            ] == [site.url("/opinion.atom")]
    first = invoke(tmp_path, site.url("/"), "--yes", "--outlet", "Example Daily")
    assert first.exit_code == 0 and "to outlet 'Example Daily'" in first.output
    assert len(load_config(tmp_path / "feeds.toml").outlet("Example Daily").feeds) == 2


def test_common_paths_are_tried_when_a_page_announces_nothing(site: LoopbackServer,
                                                             tmp_path: Path) -> None:
    result = invoke(tmp_path, site.url("/bare"), "--yes")
    assert result.exit_code == 0, result.output
    assert site.url("/feed.json") in result.output


@pytest.mark.parametrize(
    ("url", "message"),
    [("file:///etc/passwd", "only http:// and https:// addresses"),
     ("ftp://example.org/feed", "only http:// and https:// addresses")],
)
def test_non_http_addresses_are_refused(tmp_path: Path, url: str, message: str) -> None:
    result = invoke(tmp_path, url)
    assert result.exit_code == 2 and message in result.output
    assert not (tmp_path / "feeds.toml").exists()


def test_a_page_without_feeds_or_an_unreachable_url_changes_nothing(
    server: LoopbackServer, tmp_path: Path
) -> None:
    (tmp_path / "feeds.toml").write_text("# mine\n")
    server.set("/plain", body=home(""), content_type="text/html")
    result = invoke(tmp_path, server.url("/plain"))
    assert result.exit_code == 2 and "no feed found" in result.output
    result = invoke(tmp_path, server.url("/gone"))
    assert result.exit_code == 2 and "HTTP 404" in result.output
    assert (tmp_path / "feeds.toml").read_text() == "# mine\n"


def test_a_feed_already_followed_is_refused(site: LoopbackServer, tmp_path: Path) -> None:
    assert invoke(tmp_path, site.url("/news.xml")).exit_code == 0
    before = (tmp_path / "feeds.toml").read_text()
    again = invoke(tmp_path, site.url("/news.xml"))
    assert again.exit_code == 2 and "is already in" in again.output
    assert (tmp_path / "feeds.toml").read_text() == before


def test_every_demo_outlets_home_page_leads_to_its_feeds() -> None:
    import asyncio

    from tui.core.discover import discover
    from tui.demo.render import home_route
    from tui.demo.server import DemoServer

    with DemoServer() as demo:
        for outlet in demo.corpus.outlets:
            found = asyncio.run(discover(demo.base_url + home_route(outlet)))
            assert [c.url for c in found] == [demo.base_url + f.route for f in outlet.feeds]
            assert all(c.items > 0 and c.how == "announced by the page" for c in found)
