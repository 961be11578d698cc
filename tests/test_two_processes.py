"""Two processes, one database: the app reads and corrects while a cron'd refresh writes.

A subprocess refreshes repeatedly (each time the feeds carry new items); meanwhile this
test reads with store queries, as the app does, and writes corrections. No
"database is locked", no lost write on either side, and the reader sees new stories.
"""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import textwrap
import threading
import time
from http.server import BaseHTTPRequestHandler
from pathlib import Path

import pytest

from tests.loopback import LoopbackServer, _send, rss
from tui.core import store

REPO = Path(__file__).resolve().parent.parent
REFRESHES = 20
PER_REFRESH = 10  # new items per feed per request

DRIVER = textwrap.dedent("""
    import json, sys
    from tui.core import pipeline
    from tui.core.config import load_config

    config = load_config(sys.argv[1])
    for _ in range(int(sys.argv[3])):
        report = pipeline.refresh(sys.argv[2], config, extract=False)
        print(json.dumps({"new": report.new_articles, "failed": report.feeds_failed}),
              flush=True)
""")


def _growing_feed(outlet: str, base: str):
    """Each request carries PER_REFRESH more items than the one before."""
    hits = {"n": 0}

    def handler(request: BaseHTTPRequestHandler) -> None:
        hits["n"] += 1
        items = [
            {"title": f"Event {i}: the regional council votes on budget item {i}",
             "link": f"{base}/{outlet}/{i}", "guid": f"{outlet}-{i}",
             "date": f"Tue, 24 Nov 2026 {i // 60 % 24:02d}:{i % 60:02d}:00 GMT",
             "description": f"The council voted on budget item {i} ({outlet})."}
            for i in range(hits["n"] * PER_REFRESH)
        ]
        _send(request, 200, rss(items), {"Content-Type": "application/rss+xml"})

    return handler


def test_app_and_refresh_share_the_database(server: LoopbackServer, tmp_path: Path) -> None:
    lines = ["[settings]", "timeout = 5"]
    for outlet in ("Wire", "Herald"):
        url = server.set(f"/{outlet}.xml", handler=_growing_feed(outlet, server.base_url))
        lines += ["", "[[outlet]]", f'name = "{outlet}"', f'feeds = ["{url}"]']
    config = tmp_path / "feeds.toml"
    config.write_text("\n".join(lines) + "\n", "utf-8")
    db_path = tmp_path / "shared.db"
    driver = tmp_path / "driver.py"
    driver.write_text(DRIVER, "utf-8")

    app = store.connect(db_path)  # the app's connection, open for the whole test
    refresher = subprocess.Popen(
        [sys.executable, str(driver), str(config), str(db_path), str(REFRESHES)],
        cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
    )
    versions: set[int] = set()
    story_counts: list[int] = []
    corrected: dict[int, int] = {}  # article id -> the story the analyst put it in
    errors: list[str] = []
    deadline = time.monotonic() + 60  # a hang guard, not a measurement
    try:
        while refresher.poll() is None and time.monotonic() < deadline:
            try:
                versions.add(store.data_version(app))
                story_counts.append(store.story_count(app))
                store.story_summaries(app, limit=50)
                store.list_articles(app, limit=50)
                store.feed_statuses(app)
                # A correction: take the newest not-yet-corrected article out of its story.
                row = app.execute(
                    "SELECT m.article_id FROM cluster_members m WHERE m.method = 'auto'"
                    " ORDER BY m.article_id DESC LIMIT 1"
                ).fetchone()
                if row is not None:
                    corrected[row[0]] = store.remove_from_story(app, row[0])
            except sqlite3.OperationalError as exc:
                errors.append(str(exc))
            time.sleep(0.02)
        out, err = refresher.communicate(timeout=30)
    finally:
        if refresher.poll() is None:
            refresher.kill()
            refresher.wait()
    assert errors == []
    assert refresher.returncode == 0, err.decode()
    assert b"locked" not in err
    reports = [json.loads(line) for line in out.decode().splitlines()]
    assert len(reports) == REFRESHES and all(not r["failed"] for r in reports)

    # No lost write from the refresher: every reported article is stored.
    total = sum(r["new"] for r in reports)
    assert total == 2 * PER_REFRESH * REFRESHES
    assert store.overview(app).articles == total
    # ...and none from the analyst: every correction is recorded and still holds after
    # the later refreshes re-clustered around it.
    assert len(corrected) >= 3
    recorded = app.execute("SELECT count(*) FROM corrections WHERE kind = 'remove'").fetchone()
    assert recorded == (len(corrected),)
    for article_id, story_id in corrected.items():
        assert store.story_of_article(app, article_id) == story_id
    # The reader noticed the other process's commits and saw the stories grow.
    assert len(versions) > 1
    assert story_counts[-1] > story_counts[0]
    assert app.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    app.close()


def test_a_correction_during_clustering_is_not_clustered_over(
    server: LoopbackServer, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The app removes an article from its story while a refresh is clustering: the
    correction must neither be lost nor share its new story id with the refresh's."""
    from tui.core import cluster, pipeline
    from tui.core.config import parse_config

    first = [{"title": "Port workers strike over pay at the container terminal",
              "link": server.url(f"/s/{i}"), "date": f"Tue, 24 Nov 2026 08:0{i}:00 GMT"}
             for i in range(3)]
    second = [{"title": "Earthquake of magnitude five shakes the mountain villages",
               "link": server.url(f"/q/{i}"), "date": f"Tue, 24 Nov 2026 09:0{i}:00 GMT"}
              for i in range(3)]
    url = server.set("/feed.xml", body=rss(first))
    config = parse_config(f'[[outlet]]\nname = "Wire"\nfeeds = ["{url}"]\n')
    db_path = tmp_path / "race.db"
    pipeline.refresh(db_path, config, extract=False)
    app = store.connect(db_path)
    victim = store.list_articles(app)[0].id

    original = cluster.StoryClusterer.add
    outcome: dict[str, int] = {}

    def add_while_the_analyst_corrects(self, *args, **kwargs):
        def correct() -> None:
            other = store.connect(db_path)  # the app, in another thread
            outcome["story"] = store.remove_from_story(other, victim)
            other.close()

        thread = threading.Thread(target=correct)
        thread.start()
        thread.join(0.5)  # lets an unguarded correction land in the middle of clustering
        outcome["thread"] = thread  # type: ignore[assignment]
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cluster.StoryClusterer, "add", add_while_the_analyst_corrects)
    server.set("/feed.xml", body=rss(first + second))
    pipeline.refresh(db_path, config, extract=False)
    outcome["thread"].join(10)  # type: ignore[attr-defined]
    story = store.get_story(app, outcome["story"])
    assert [m.article.id for m in story.members] == [victim]
    assert store.story_of_article(app, victim) == outcome["story"]
    app.close()
