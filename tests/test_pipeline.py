"""The real refresh pipeline against a loopback server: fetch, store, extract, cluster;
progress events; failures per feed; conditional GET on the second run; cancel; and the
bundled demo corpus end to end."""

from __future__ import annotations

import asyncio
import concurrent.futures
import sqlite3
import threading
from concurrent.futures.process import BrokenProcessPool
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer, page, rss
from tui.core import pipeline, store
from tui.core.config import Config, parse_config

WORDS = (
    "The regional assembly voted on {topic} after a long debate in which members from "
    "both sides of the chamber raised questions about cost, timing and oversight. "
    "Officials said the first stage would start next spring and run for two years."
)


def paragraphs(topic: str) -> list[str]:
    return [WORDS.format(topic=topic), f"Residents interviewed about {topic} were divided.",
            WORDS.format(topic=f"the second part of {topic}")]


class Site:
    """Two outlets, three feeds (one summary-only), each item with its own page."""

    FEEDS = {
        "/alpha/world.xml": [("a1", "Assembly approves harbour plan"),
                             ("a2", "Tram line extension delayed")],
        "/alpha/opinion.xml": [("o1", "Why the harbour plan is too timid")],
        "/beta/feed.xml": [("b1", "Harbour plan passes assembly vote"),
                           ("b2", "Museum reopens after restoration")],
    }

    def __init__(self, server: LoopbackServer) -> None:
        self.server = server
        self.version = {path: 1 for path in self.FEEDS}
        for path in self.FEEDS:
            self.publish(path)

    def item(self, slug: str, title: str) -> dict:
        return {"title": title, "link": self.server.url(f"/pages/{slug}.html?utm_source=rss"),
                "guid": f"urn:test:{slug}", "description": f"{title}: short summary.",
                "date": "Tue, 24 Nov 2026 08:00:00 GMT"}

    def publish(self, path: str) -> None:
        items = [self.item(slug, title) for slug, title in self.FEEDS[path]]
        self.server.set(path, body=rss(items, title=path), etag=f'"{path}-v{self.version[path]}"')
        for slug, title in self.FEEDS[path]:
            self.server.set(f"/pages/{slug}.html", body=page(title, paragraphs(title)),
                            content_type="text/html; charset=utf-8")

    def add_item(self, path: str, slug: str, title: str) -> None:
        self.FEEDS = {**self.FEEDS, path: [(slug, title), *self.FEEDS[path]]}
        self.version[path] += 1
        self.publish(path)

    def config(self, tmp_path: Path) -> Config:
        url = self.server.url
        text = f"""
[[outlet]]
name = "Alpha Daily"
tags = {{ kind = "wire" }}
feeds = ["{url('/alpha/world.xml')}",
         {{ url = "{url('/alpha/opinion.xml')}", full_text = false }}]

[[outlet]]
name = "Beta Post"
feeds = ["{url('/beta/feed.xml')}"]
"""
        return parse_config(text, tmp_path / "feeds.toml")

    def page_hits(self) -> int:
        return sum(n for p, n in self.server.hits.items() if p.startswith("/pages/"))


@pytest.fixture
def site(server: LoopbackServer) -> Site:
    return Site(server)


def run(tmp_path: Path, config: Config, **kwargs) -> tuple[pipeline.RefreshReport, list]:
    events: list[pipeline.Event] = []
    report = pipeline.refresh(tmp_path / "p.db", config, on_event=events.append, **kwargs)
    return report, events


def articles(tmp_path: Path) -> dict[str, object]:
    db = store.connect(tmp_path / "p.db")
    try:
        return {a.url.rsplit("/", 1)[-1]: a for a in store.list_articles(db)}
    finally:
        db.close()


def test_first_refresh_stores_page_texts_and_summaries(site: Site, tmp_path: Path) -> None:
    report, _ = run(tmp_path, site.config(tmp_path))
    assert report.feeds_ok == 3 and report.feeds_failed == [] and not report.cancelled
    assert report.new_articles == 5
    assert report.extracted == 4 and report.extraction_fallbacks == 0
    stored = articles(tmp_path)
    assert sorted(stored) == ["a1.html", "a2.html", "b1.html", "b2.html", "o1.html"]
    for name in ("a1.html", "a2.html", "b1.html", "b2.html"):
        assert stored[name].text_source == "page"
        assert "residents interviewed" in stored[name].text.lower()
        assert "cookies" not in stored[name].text
    opinion = stored["o1.html"]
    assert opinion.text_source == "summary"
    assert opinion.text == "Why the harbour plan is too timid: short summary."
    assert opinion.text_reason == "feed summary (the feed is set to full_text = false)"
    assert site.server.hits["/pages/o1.html"] == 0
    # Tracking parameters are gone from stored URLs.
    assert all("utm_" not in a.url for a in stored.values())
    # The two harbour-plan articles from different outlets are one story.
    db = store.connect(tmp_path / "p.db")
    multi = store.story_summaries(db, min_outlets=2)
    assert [set(s.outlets) for s in multi] == [{"Alpha Daily", "Beta Post"}]
    assert report.new_stories == len(store.story_summaries(db))


def test_events_arrive_in_order(site: Site, tmp_path: Path) -> None:
    _, events = run(tmp_path, site.config(tmp_path))
    kinds = [e.kind for e in events]
    assert (events[0].kind, events[0].phase) == ("phase", "fetching")
    assert events[0].total == 3
    assert kinds[-1] == "finished" and events[-1].phase == "done"
    done = [e for e in events if e.kind == "feed-done"]
    assert sorted(e.feed_url for e in done) == sorted(site.server.url(p) for p in site.FEEDS)
    assert [e.done for e in done] == [1, 2, 3]
    assert {e.outlet for e in done} == {"Alpha Daily", "Beta Post"}
    extracted = [e for e in events if e.kind == "extracted"]
    assert len(extracted) == 4 and extracted[-1].done == extracted[-1].total == 4
    clustered = kinds.index("clustered")
    assert clustered > max(i for i, k in enumerate(kinds) if k in ("feed-done", "extracted"))
    assert kinds.index("feed-started") < kinds.index("feed-done")


def test_a_failing_feed_is_reported_and_the_others_stored(site: Site, tmp_path: Path) -> None:
    site.server.set("/beta/feed.xml", status=500, body=b"boom", content_type="text/plain")
    report, events = run(tmp_path, site.config(tmp_path))
    assert report.feeds_failed == [
        ("Beta Post", site.server.url("/beta/feed.xml"), "HTTP 500 Internal Server Error")]
    assert report.feeds_ok == 2
    failed = [e for e in events if e.kind == "feed-failed"]
    assert [e.message for e in failed] == ["HTTP 500 Internal Server Error"]
    assert sorted(articles(tmp_path)) == ["a1.html", "a2.html", "o1.html"]
    db = store.connect(tmp_path / "p.db")
    beta = next(s for s in store.feed_statuses(db) if s.outlet == "Beta Post")
    assert (beta.status, beta.http_status, beta.error) == (
        "failed", 500, "HTTP 500 Internal Server Error")


def test_a_page_that_fails_keeps_the_summary_with_the_reason(site: Site, tmp_path: Path) -> None:
    site.server.set("/pages/b2.html", status=404, body=b"gone", content_type="text/plain")
    report, _ = run(tmp_path, site.config(tmp_path))
    assert report.extraction_fallbacks == 1
    museum = articles(tmp_path)["b2.html"]
    assert museum.text_source == "summary"
    assert museum.text_reason == "page not fetched: HTTP 404 Not Found"


def test_second_refresh_is_all_304_and_downloads_no_page(site: Site, tmp_path: Path) -> None:
    config = site.config(tmp_path)
    run(tmp_path, config)
    pages_before = site.page_hits()
    requests_before = len(site.server.requests)
    report, events = run(tmp_path, config)
    assert report.feeds_not_modified == 3 and report.new_articles == 0
    assert report.extracted == 0
    second = site.server.requests[requests_before:]
    assert sorted(r.path for r in second) == sorted(site.FEEDS)
    for request in second:
        assert request.headers["if-none-match"] == f'"{request.path}-v1"'
        assert request.status == 304
    assert site.page_hits() == pages_before
    assert {e.message for e in events if e.kind == "feed-done"} == {"not modified"}


def test_a_changed_feed_yields_exactly_one_new_article(site: Site, tmp_path: Path) -> None:
    config = site.config(tmp_path)
    run(tmp_path, config)
    site.add_item("/beta/feed.xml", "b3", "Bridge inspection finds cracks")
    report, _ = run(tmp_path, config)
    assert report.new_articles == 1 and report.updated_articles == 0
    assert report.feeds_not_modified == 2
    assert report.extracted == 1
    assert site.server.hits["/pages/b3.html"] == 1
    assert site.server.hits["/pages/b1.html"] == 1  # old pages are not fetched again
    assert articles(tmp_path)["b3.html"].text_source == "page"


def test_outlet_option_limits_the_refresh(site: Site, tmp_path: Path) -> None:
    report, _ = run(tmp_path, site.config(tmp_path), outlet="beta post")
    assert [r["outlet"] for r in report.feed_results] == ["Beta Post"]
    assert site.server.hits["/alpha/world.xml"] == 0
    assert sorted(articles(tmp_path)) == ["b1.html", "b2.html"]


def test_unknown_outlet_is_a_pipeline_error(site: Site, tmp_path: Path) -> None:
    with pytest.raises(pipeline.PipelineError, match='no outlet named "Gamma"'):
        run(tmp_path, site.config(tmp_path), outlet="Gamma")
    assert not (tmp_path / "p.db").exists()


def test_disabled_feeds_are_not_fetched(site: Site, tmp_path: Path) -> None:
    config = site.config(tmp_path)
    text = config.path.name  # the config is parsed from text; rebuild with enabled = false
    url = site.server.url("/beta/feed.xml")
    disabled = parse_config(
        f'[[outlet]]\nname = "Beta Post"\nfeeds = [{{ url = "{url}", enabled = false }}]\n', text
    )
    report, _ = run(tmp_path, disabled)
    assert report.feed_results == [] and site.server.hits["/beta/feed.xml"] == 0


def test_cancel_stops_the_refresh_and_leaves_a_consistent_db(
    site: Site, tmp_path: Path
) -> None:
    # Beta and the opinion feed answer slowly, so the cancel lands while they are in flight.
    items = [site.item(slug, title) for slug, title in site.FEEDS["/beta/feed.xml"]]
    site.server.set("/beta/feed.xml", body=rss(items), delay=3.0)
    items = [site.item(slug, title) for slug, title in site.FEEDS["/alpha/opinion.xml"]]
    site.server.set("/alpha/opinion.xml", body=rss(items), delay=3.0)
    cancel = threading.Event()
    events: list[pipeline.Event] = []

    def on_event(event: pipeline.Event) -> None:
        events.append(event)
        if event.kind == "feed-done":
            cancel.set()

    report = pipeline.refresh(tmp_path / "p.db", site.config(tmp_path), on_event=on_event,
                              cancel=cancel)
    assert report.cancelled
    assert [e.kind for e in events][-1] == "finished"
    assert "clustered" not in [e.kind for e in events]
    conn = sqlite3.connect(tmp_path / "p.db")
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    # Only the feed that finished was stored, whole; the others were never half-written.
    rows = conn.execute(
        "SELECT f.url, f.status, count(a.id) FROM feeds f LEFT JOIN articles a"
        " ON a.feed_id = f.id GROUP BY f.id ORDER BY f.url"
    ).fetchall()
    by_url = {url.rsplit(":", 1)[1].split("/", 1)[1]: (status, n) for url, status, n in rows}
    assert by_url == {"alpha/world.xml": ("ok", 2), "alpha/opinion.xml": ("never", 0),
                      "beta/feed.xml": ("never", 0)}
    assert site.page_hits() == 0  # pages are not scheduled once cancel is set
    # The next refresh completes the work, including the pages the cancel left behind.
    site.publish("/beta/feed.xml")
    site.publish("/alpha/opinion.xml")
    report, _ = run(tmp_path, site.config(tmp_path))
    assert not report.cancelled and report.feeds_not_modified == 1  # alpha/world: 304
    assert report.new_articles == 3
    stored = articles(tmp_path)
    assert sorted(stored) == ["a1.html", "a2.html", "b1.html", "b2.html", "o1.html"]
    assert [stored[n].text_source for n in ("a1.html", "a2.html", "b1.html", "b2.html")] == [
        "page"] * 4
    assert site.server.hits["/pages/a1.html"] == 1


def test_many_feeds_are_parsed_in_worker_processes(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Large refreshes parse feeds in worker processes; the result must be the same.
    monkeypatch.setattr(pipeline, "PARSE_IN_PROCESSES_FROM", 1)
    report, _ = run(tmp_path, site.config(tmp_path), extract=False)
    assert report.new_articles == 5 and report.feeds_failed == []
    stored = articles(tmp_path)
    assert stored["b1.html"].title == "Harbour plan passes assembly vote"
    assert stored["o1.html"].text == "Why the harbour plan is too timid: short summary."


class _BrokenPool(concurrent.futures.Executor):
    def submit(self, *args, **kwargs):
        raise BrokenProcessPool("a worker died")


def test_a_broken_parser_pool_falls_back_to_threads(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARSE_IN_PROCESSES_FROM", 1)
    monkeypatch.setattr(pipeline._Refresh, "_pool", lambda self: _BrokenPool())
    report, _ = run(tmp_path, site.config(tmp_path), extract=False)
    assert report.new_articles == 5 and report.feeds_failed == []


# --- the demo corpus ---------------------------------------------------------------------------


def test_demo_corpus_end_to_end(demo_db: Path) -> None:
    db = store.connect(demo_db)
    overview = store.overview(db)
    assert overview.outlets == 7 and overview.failed_feeds == 0
    stored = store.list_articles(db)
    assert stored and overview.articles == len(stored)
    not_from_page = [(a.url, a.text_reason) for a in stored if a.text_source != "page"]
    assert not_from_page == []
    flagship = [s for s in store.story_summaries(db, order="outlets")
                if "UN" in s.title or "Baku" in s.title]
    assert flagship and flagship[0].outlet_count >= 5


def test_a_worker_that_dies_does_not_take_later_jobs_down() -> None:
    """A hostile page or feed that kills its worker process breaks the whole pool; the
    refresh must drop it so the next page or feed gets a fresh one."""
    import asyncio
    import functools
    import os

    from tui.core import pipeline
    from tui.core.config import parse_config

    config = parse_config('[[outlet]]\nname = "A"\nfeeds = ["http://127.0.0.1/feed"]\n')
    run = pipeline._Refresh(None, config, extract=True, emit=lambda event: None, cancel=None)

    async def jobs() -> int:
        with pytest.raises(BrokenProcessPool):
            await run._in_worker(functools.partial(os._exit, 1), "extract")
        return await run._in_worker(functools.partial(sum, [1, 2, 3]), "extract")

    try:
        assert asyncio.run(jobs()) == 6
    finally:
        if run.pool is not None:
            run.pool.shutdown()


# --- where time goes, and clustering while feeds download ------------------------------------


def test_the_report_gives_wall_and_cpu_time_of_each_phase(site: Site, tmp_path: Path) -> None:
    report, _ = run(tmp_path, site.config(tmp_path))
    phases = report.to_dict()["phases"]
    assert list(phases) == ["fetch", "parse", "store", "extract", "cluster"]
    for name in phases:
        assert phases[name]["wall"] > 0 and phases[name]["cpu"] >= 0, name
    assert phases["fetch"]["wall"] <= report.seconds
    assert report.to_dict()["cpu_seconds"] > 0


def test_a_slow_refresh_names_its_slowest_phase() -> None:
    from tui.core.wording import refresh_summary

    report = pipeline.RefreshReport(feeds_ok=3, new_articles=40, seconds=12.0)
    report.phases["fetch"].add(4.0, 0.5)
    report.phases["cluster"].add(7.5, 7.4)
    assert refresh_summary(report).endswith("in 12.0 s (slowest: clustering 7.5 s)")
    report.seconds = 3.0
    assert refresh_summary(report).endswith("in 3.0 s")


def _stories(tmp_path: Path) -> list[set[str]]:
    db = store.connect(tmp_path / "p.db")
    try:
        by_story: dict[int, set[str]] = {}
        for article in store.list_articles(db):
            story = store.story_of_article(db, article.id)
            by_story.setdefault(story, set()).add(article.url.rsplit("/", 1)[-1])
        return sorted(by_story.values(), key=sorted)
    finally:
        db.close()


def test_stories_clustered_while_feeds_download_match_clustering_at_the_end(
    site: Site, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(pipeline, "PARSE_IN_PROCESSES_FROM", 1)  # a "big" refresh
    monkeypatch.setattr(pipeline, "LIVE_BATCH", 1)  # every feed's articles at once
    live_dir = tmp_path / "live"
    live_dir.mkdir()
    report, _ = run(live_dir, site.config(tmp_path), extract=False)
    assert report.phases["cluster"].wall > 0 and not report.stories_error
    db = store.connect(live_dir / "p.db")
    assert store.unclustered_ids(db) == [] and report.new_stories == store.overview(db).stories
    db.close()
    monkeypatch.setattr(pipeline._Refresh, "_cluster_live", lambda self, feed_id, ids: None)
    end_dir = tmp_path / "end"
    end_dir.mkdir()
    run(end_dir, site.config(tmp_path), extract=False)
    assert _stories(live_dir) == _stories(end_dir)


def _live_batches(tmp_path: Path, config: Config, monkeypatch: pytest.MonkeyPatch,
                  ) -> tuple[list[str], list[list[str]], list[set[str]]]:
    """Refresh into a new folder; the feeds in the order they answered (paths), the batches
    handed to the clustering worker (article slugs) and the stories made."""
    answered: list[int] = []
    sent: list[list[int]] = []
    arrive, send = pipeline._Refresh._cluster_live, pipeline._Refresh._send_live

    def arriving(self: pipeline._Refresh, feed_id: int, ids: list[int]) -> None:
        answered.append(feed_id)
        arrive(self, feed_id, ids)

    def sending(self: pipeline._Refresh) -> None:
        sent.append(list(self.live_ids))
        send(self)

    monkeypatch.setattr(pipeline._Refresh, "_cluster_live", arriving)
    monkeypatch.setattr(pipeline._Refresh, "_send_live", sending)
    tmp_path.mkdir()
    run(tmp_path, config, extract=False)
    db = store.connect(tmp_path / "p.db")
    paths = {row[0]: row[1].split("/", 3)[-1] for row in db.execute("SELECT id, url FROM feeds")}
    db.close()
    slugs = {a.id: url.split(".")[0] for url, a in articles(tmp_path).items()}
    return ([paths[f] for f in answered], [[slugs[i] for i in batch] for batch in sent],
            _stories(tmp_path))


def test_the_same_feeds_make_the_same_stories_whichever_server_answers_first(
    site: Site, server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Clustering while feeds download takes the feeds' articles in the order of the feed
    list, in batches that end at the same feeds every time, not in the order the servers
    happen to answer: otherwise one refresh of the same feeds could make other stories than
    the next (on 300 real-headline feeds: 98, 101 or 106 stories)."""
    monkeypatch.setattr(pipeline, "PARSE_IN_PROCESSES_FROM", 1)  # a "big" refresh
    monkeypatch.setattr(pipeline, "LIVE_BATCH", 2)
    config = site.config(tmp_path)
    _, batches, stories = _live_batches(tmp_path / "prompt", config, monkeypatch)
    assert batches == [["a1", "a2"], ["o1", "b1", "b2"]]
    first = server.routes["/alpha/world.xml"]
    # Long enough that the other feeds answer first on a loaded machine too (0.4 s was not,
    # with the benchmarks running beside the suite).
    server.set("/alpha/world.xml", body=first.body, etag=first.etag, delay=1.5)
    answered, slow_batches, slow_stories = _live_batches(tmp_path / "slow", config, monkeypatch)
    assert answered[-1] == "alpha/world.xml"  # the first feed listed answered last
    assert slow_batches == batches and slow_stories == stories


def test_live_clustering_stands_down_when_the_stories_change_meanwhile(
    site: Site, tmp_path: Path
) -> None:
    """An analyst's correction between clustering and writing: nothing is written over it;
    the usual clustering step then places the articles, and the correction holds."""
    from tui.core.story_builder import LiveClustering, cluster_new_articles

    run(tmp_path, site.config(tmp_path), extract=False)
    db = store.connect(tmp_path / "p.db")
    site.add_item("/beta/feed.xml", "b3", "Harbour plan vote: what comes next")
    live = LiveClustering()
    run(tmp_path, site.config(tmp_path), extract=False)  # stores (and clusters) b3
    b3 = next(a.id for a in store.list_articles(db) if a.url.endswith("b3.html"))
    db.execute("DELETE FROM cluster_members WHERE article_id = ?", [b3])
    db.conn.commit()
    live.add(db, [b3])
    removed = next(a.id for a in store.list_articles(db) if a.url.endswith("a1.html"))
    store.remove_from_story(db, removed)  # the analyst, meanwhile
    assert live.finish(db) is None
    assert store.unclustered_ids(db) == [b3]
    cluster_new_articles(db)
    assert store.unclustered_ids(db) == []
    assert store.story_of_article(db, b3) != store.story_of_article(db, removed)


def test_the_first_feeds_are_asked_while_the_last_are_still_being_prepared(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A long feed list does not wait until every request is prepared before the first
    leaves: each feed is started after the one before had a turn of the event loop to
    connect and send. (Started all at once, 300 feeds' requests left ~70 ms late, after the
    last had been prepared.) A stand-in fetcher makes the turns countable: connecting and
    sending take one turn each, as on a loopback socket."""
    from tui.core.fetch import FetchResult

    sent: list[str] = []

    class TurnCountingFetcher:
        def __init__(self, settings: object) -> None:
            pass

        async def __aenter__(self) -> TurnCountingFetcher:
            return self

        async def __aexit__(self, *exc: object) -> None:
            pass

        async def get(self, url: str, **kwargs: object) -> FetchResult:
            await asyncio.sleep(0)  # connected
            await asyncio.sleep(0)  # request written
            sent.append(url)
            return FetchResult(url=url, final_url=url, status=304, not_modified=True)

    monkeypatch.setattr(pipeline, "Fetcher", TurnCountingFetcher)
    feeds = [f"http://127.0.0.1:9/feeds/{n}.xml" for n in range(50)]
    config = parse_config(
        '[[outlet]]\nname = "Many Feeds"\nfeeds = [' + ", ".join(f'"{u}"' for u in feeds)
        + "]\n", tmp_path / "feeds.toml")
    sent_when_last_started: list[int] = []

    def on_event(event: pipeline.Event) -> None:
        if event.kind == "feed-started" and event.feed_url == feeds[-1]:
            sent_when_last_started.append(len(sent))

    report = pipeline.refresh(tmp_path / "p.db", config, extract=False, on_event=on_event)
    assert report.feeds_not_modified == 50
    assert sent_when_last_started[0] >= 45  # all but the last few already on their way


def test_a_refresh_where_nothing_changed_loads_neither_parser_nor_clusterer(
        site: Site, tmp_path: Path) -> None:
    """A cron job's usual refresh (every feed answers 304) does not pay for importing the
    feed parser, the clusterer and its places index, nor for a TLS context or the page
    client: it has nothing to parse, cluster or fetch beyond the feeds."""
    import subprocess
    import sys

    url = site.server.url
    config = tmp_path / "feeds.toml"
    config.write_text(f'[[outlet]]\nname = "Alpha Daily"\nfeeds = ["{url("/alpha/world.xml")}"]\n'
                      f'[[outlet]]\nname = "Beta Post"\nfeeds = ["{url("/beta/feed.xml")}"]\n')
    probe = (
        "import sys\n"
        "from tui.core import config, pipeline\n"
        f"report = pipeline.refresh({str(tmp_path / 'p.db')!r},"
        f" config.load_config({str(config)!r}))\n"
        "heavy = ('feedparser', 'tui.core.cluster', 'tui.core.places', 'tui.core.feeds')\n"
        "print(report.feeds_not_modified, report.new_articles,"
        " sorted(m for m in sys.modules if m.startswith(heavy)),"
        " 'ssl' in sys.modules and __import__('tui.core.addresses').core.addresses._VERIFIED)\n"
    )
    first = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                           check=True)
    assert first.stdout.split()[:2] == ["0", "4"]
    assert "tui.core.cluster" in first.stdout  # the first refresh did parse and cluster
    second = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            check=True)
    assert second.stdout.split() == ["2", "0", "[]", "None"], second.stdout + second.stderr


def test_the_pressdiff_script_leaves_workers_light() -> None:
    """Worker processes are started with "spawn", which runs the parent's main script again
    in each of them: the `pressdiff` script imports only `tui.__main__`, which imports
    nothing, so a refresh's workers do not load the whole command line they never use
    (only the package and its import hook, tui.lean_imports)."""
    import subprocess
    import sys
    import tomllib

    project = tomllib.loads((Path(__file__).parent.parent / "pyproject.toml").read_text())
    assert project["project"]["scripts"]["pressdiff"] == "tui.__main__:run"
    probe = "import sys, tui.__main__; print(sorted(m for m in sys.modules if m.startswith('tui')))"
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                         check=True).stdout
    assert out.strip() == "['tui', 'tui.__main__', 'tui.lean_imports']"
