"""Nothing lost: SIGKILL a `pressdiff refresh` mid-way, then check and finish the work.

The refresh runs as a real subprocess (`python -m tui refresh`) against slow loopback
feeds and pages; it is killed once the first feeds are stored. The database must pass
`PRAGMA integrity_check`, hold every committed feed whole (one transaction per feed),
and a re-run must complete the work, article pages included. Also: a failing schema
migration leaves the old schema intact.
"""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.loopback import LoopbackServer, page, rss
from tui.cli import main
from tui.core import store

REPO = Path(__file__).resolve().parent.parent
FEEDS = 6
ITEMS = 4
PARAGRAPHS = [
    "The regional council voted on Tuesday to extend the emergency budget for the flooded "
    "districts, after a debate that lasted most of the afternoon and part of the evening.",
    "Council members said the money would go to temporary housing, to repairs of the main "
    "bridge and to the schools that have been closed since the river burst its banks.",
]


def _serve(server: LoopbackServer, slow: bool = True) -> None:
    """FEEDS feeds, each slower than the last, whose article pages are slow too
    (or, with slow=False, all served at once)."""
    for f in range(FEEDS):
        items = []
        for i in range(ITEMS):
            path = f"/f{f}/a{i}"
            server.set(path, body=page(f"Feed {f} article {i}", PARAGRAPHS),
                       delay=0.4 if slow else 0, content_type="text/html; charset=utf-8")
            items.append({
                "title": f"Council extends flood budget, report {f}-{i}",
                "link": server.url(path),
                "date": f"Tue, 24 Nov 2026 {8 + f:02d}:{10 + i:02d}:00 GMT",
                "description": "The council extended the emergency budget.",
            })
        # The first feeds arrive at once, the last after several seconds.
        delay = 0.0 if f < 2 or not slow else 1.0 * f
        server.set(f"/f{f}/feed.xml", body=rss(items), delay=delay)


def _config(server: LoopbackServer, path: Path) -> Path:
    lines = ["[settings]", "timeout = 15", "per_host = 2"]
    for f in range(FEEDS):
        lines += ["", "[[outlet]]", f'name = "Outlet {f}"',
                  f'feeds = ["{server.url(f"/f{f}/feed.xml")}"]']
    path.write_text("\n".join(lines) + "\n", "utf-8")
    return path


def _refresh(config: Path, db: Path, home: Path) -> subprocess.Popen:
    env = {**os.environ, "XDG_CONFIG_HOME": str(home / "c"), "XDG_DATA_HOME": str(home / "d")}
    return subprocess.Popen(
        [sys.executable, "-m", "tui", "refresh", "--config", str(config), "--db", str(db)],
        cwd=REPO, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the kill reaches its workers too
    )


def _query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _stored_feeds(db: Path) -> int:
    if not db.exists():
        return 0
    try:
        return _query(db, "SELECT count(*) FROM feeds WHERE last_fetched_at IS NOT NULL")[0][0]
    except sqlite3.OperationalError:  # schema not created yet
        return 0


@pytest.fixture
def slow_server() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        _serve(server)
        yield server


def test_sigkill_mid_refresh_loses_nothing_and_a_rerun_completes(
    slow_server: LoopbackServer, tmp_path: Path
) -> None:
    config = _config(slow_server, tmp_path / "feeds.toml")
    db = tmp_path / "pressdiff.db"
    process = _refresh(config, db, tmp_path)
    try:
        deadline = time.monotonic() + 30  # a hang guard, not a measurement
        while _stored_feeds(db) < 2 and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.05)
        assert process.poll() is None, "the refresh ended before it could be killed"
        os.killpg(process.pid, signal.SIGKILL)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
        process.wait(timeout=10)
    assert process.returncode == -signal.SIGKILL

    # Consistent, and every stored feed is whole: all of its entries or none of them.
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]
    per_feed = dict(_query(
        db,
        """SELECT f.url, count(a.id) FROM feeds f LEFT JOIN articles a ON a.feed_id = f.id
           GROUP BY f.id""",
    ))
    stored = {url for (url,) in _query(db, "SELECT url FROM feeds WHERE status = 'ok'")}
    assert 2 <= len(stored) < FEEDS, "the kill was not mid-way"
    assert all(per_feed[url] == (ITEMS if url in stored else 0) for url in per_feed)
    fetched_pages = _query(db, "SELECT count(*) FROM articles WHERE page_fetched_at IS NOT NULL")
    assert fetched_pages[0][0] < len(stored) * ITEMS  # some pages were still to do

    # A re-run finishes everything: the missing feeds and the pages never fetched.
    _serve(slow_server, slow=False)
    rerun = _refresh(config, db, tmp_path)
    _, stderr = rerun.communicate(timeout=60)
    assert rerun.returncode == 0, stderr.decode()
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]
    assert _query(db, "SELECT count(*) FROM articles") == [(FEEDS * ITEMS,)]
    assert _query(
        db, "SELECT count(*) FROM articles WHERE text_source = 'page' AND text LIKE '%council%'"
    ) == [(FEEDS * ITEMS,)]
    assert _query(db, "SELECT count(DISTINCT url) FROM articles") == [(FEEDS * ITEMS,)]


def _schema(db: Path) -> tuple[list[tuple], list[tuple]]:
    return (
        _query(db, "SELECT type, name, sql FROM sqlite_master ORDER BY type, name"),
        _query(db, "SELECT name FROM _migrations ORDER BY name"),
    )


def test_a_failing_migration_leaves_the_old_schema_intact(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    db_path = tmp_path / "m.db"
    store.connect(db_path).close()
    before = _schema(db_path)

    def broken(db) -> None:  # a migration with a bug half-way through
        db["reading_list"].create({"id": int, "article_id": int}, pk="id")
        db["articles"].add_column("sentiment", float)
        db["articles"].create_index(["title"])
        raise RuntimeError("bug in migration 002")

    monkeypatch.setattr(store.schema, "MIGRATIONS", [*store.MIGRATIONS, ("002_broken", broken)])
    with pytest.raises(store.StoreError, match="migration 002_broken failed .*bug in migration"):
        store.connect(db_path)
    assert _schema(db_path) == before
    assert _query(db_path, "PRAGMA integrity_check") == [("ok",)]
    # The CLI says so in one line, without a traceback.
    result = CliRunner().invoke(main, ["feeds", "--db", str(db_path)])
    assert result.exit_code == 2
    assert "migration 002_broken failed" in result.output and "Traceback" not in result.output
    assert _schema(db_path) == before
