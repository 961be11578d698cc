"""How the app feels on a big database: 100,000 articles in 10,000 stories.

Builds benchmarks/out/app-100k.db once (direct inserts for speed; reused on later runs), then
runs the app headless at 120x40 and prints: time to first paint of the stories list (until the
table has rows), time per cursor move (200 presses of Down, which also pages in more rows),
time to open the largest story side by side, and peak memory (ru_maxrss).

Usage: python benchmarks/bench_app.py [--rebuild]
Targets: first paint < 1 s; a cursor move < 16 ms (no visible lag at 60 Hz).
"""

from __future__ import annotations

import asyncio
import json
import random
import resource
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tui.core import store  # noqa: E402
from tui.core.config import parse_config  # noqa: E402

OUT = ROOT / "benchmarks" / "out"
DB_PATH = OUT / "app-100k.db"
ARTICLES = 100_000
STORIES = 10_000
NOW = datetime(2026, 11, 28, 9, 45, tzinfo=UTC)
KINDS = ["wire", "public-broadcaster", "state-aligned", "independent", "opinion", "business"]
WORDS = ("ministry port strike rate bank flood border talks election protest offices aid "
         "quake pipeline cable contract freight court law parliament minister deal").split()


def build(path: Path, articles_total: int = ARTICLES, stories: int = STORIES,
          seed: int = 11) -> None:
    """`articles_total` articles from 40 outlets in `stories` clusters of 1-30 articles
    (skewed to few)."""
    rng = random.Random(seed)
    path.parent.mkdir(parents=True, exist_ok=True)
    for suffix in ("", "-wal", "-shm"):
        Path(str(path) + suffix).unlink(missing_ok=True)
    outlets = [(f"Outlet {n:02d}", KINDS[n % len(KINDS)]) for n in range(40)]
    config = "\n".join(
        f'[[outlet]]\nname = "{name}"\ntags = {{ kind = "{kind}" }}\n'
        f'feeds = [{{ url = "http://outlet{n}.example/feed" }}]\n'
        for n, (name, kind) in enumerate(outlets)
    )
    db = store.connect(path)
    store.sync_config(db, parse_config(config))
    feeds = {row.outlet: row for row in store.active_feeds(db)}
    sizes = [1 + int(rng.paretovariate(1.4)) % 30 for _ in range(stories)]
    scale = articles_total / sum(sizes)
    sizes = [max(1, round(s * scale)) for s in sizes]
    sizes[-1] = max(1, sizes[-1] + articles_total - sum(sizes))
    articles, members, clusters = [], [], []
    article_id = 0
    for cluster_id, size in enumerate(sizes, start=1):
        start = NOW - timedelta(minutes=rng.randrange(60 * 24 * 60))
        words = rng.sample(WORDS, 4)
        headline = " ".join(words).capitalize() + f" (event {cluster_id})"
        rows = []
        for _ in range(max(1, size)):
            article_id += 1
            name, kind = outlets[rng.randrange(len(outlets))]
            when = start + timedelta(minutes=rng.randrange(60 * 36))
            text = " ".join(rng.choice(WORDS) for _ in range(60)) + "."
            feed = feeds[name]
            articles.append((
                article_id, feed.outlet_id, feed.id, f"http://x.example/{article_id}",
                f"http://x.example/{article_id}", f"guid-{article_id}",
                f"{headline} — {name}", store.iso(when), when.timestamp(), store.iso(NOW),
                store.iso(NOW), text[:200], "", text, "feed", "synthetic", 61,
            ))
            members.append((article_id, cluster_id, 0.8, '["synthetic"]', "auto",
                            store.iso(NOW)))
            rows.append((article_id, when, name, kind))
        rows.sort(key=lambda r: r[1])
        names = list(dict.fromkeys(r[2] for r in rows))
        kinds = list(dict.fromkeys(r[3] for r in rows))
        clusters.append((
            cluster_id, f"{headline} — {rows[0][2]}", rows[0][0], store.iso(rows[0][1]),
            store.iso(rows[-1][1]), len(rows), len(names), json.dumps(names),
            json.dumps(kinds), store.iso(NOW), store.iso(NOW),
        ))
    with store.write_transaction(db):
        db.conn.executemany(
            """INSERT INTO articles (id, outlet_id, feed_id, url, link, guid, title, published,
                 sort_ts, fetched_at, updated_at, summary, feed_content, text, text_source,
                 text_reason, word_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
            articles,
        )
        db.conn.executemany(
            """INSERT INTO clusters (id, title, representative_id, first_seen, last_seen,
                 article_count, outlet_count, outlets, kinds, created_at, updated_at)
               VALUES (?,?,?,?,?,?,?,?,?,?,?)""",
            clusters,
        )
        db.conn.executemany(
            """INSERT INTO cluster_members (article_id, cluster_id, score, evidence, method,
                 assigned_at) VALUES (?,?,?,?,?,?)""",
            members,
        )
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


async def measure(path: Path) -> dict[str, float]:
    from tui.app.app import PressdiffApp
    from tui.app.screens.side_by_side import SideBySideScreen
    from tui.app.screens.stories import StoryTable
    from tui.app.widgets.article_column import ArticleColumn

    figures: dict[str, float] = {}
    started = time.perf_counter()
    app = PressdiffApp(path, now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        while True:
            tables = app.screen.query(StoryTable)
            if tables and tables.first().row_count > 0:
                break
            await asyncio.sleep(0.002)
        figures["first_paint_s"] = time.perf_counter() - started
        table = app.screen.query_one(StoryTable)
        await app.workers.wait_for_complete()
        await pilot.pause()
        moves = 200
        started, cpu = time.perf_counter(), time.process_time()
        for _ in range(moves):
            await pilot.press("down")
        figures["cursor_move_ms"] = (time.perf_counter() - started) / moves * 1000
        # Wall time per press is mostly the test pilot waiting for the screen to settle (it
        # is the same on a ten-row table); CPU time is the work the app did per move.
        figures["cursor_cpu_ms"] = (time.process_time() - cpu) / moves * 1000
        figures["cursor_row"] = table.cursor_row
        await app.workers.wait_for_complete()
        await pilot.pause()
        figures["rows_loaded"] = table.row_count
        # The largest story side by side: sort by outlets, open the first.
        await pilot.press("o")
        await app.workers.wait_for_complete()
        await pilot.pause()
        # Timed from the key to the columns being there, not to the pilot's return: the
        # pilot also waits for the screen's idle animations, half a second unrelated to us.
        started = time.perf_counter()
        press = asyncio.create_task(pilot.press("enter"))
        while not (isinstance(app.screen, SideBySideScreen)
                   and app.screen.query(ArticleColumn)):
            await asyncio.sleep(0.002)
        figures["open_story_s"] = time.perf_counter() - started
        figures["story_columns"] = len(app.screen.query(ArticleColumn))
        figures["story_articles"] = len(app.screen.story.articles)
        started = time.perf_counter()
        while app.screen.comparison is None:
            await asyncio.sleep(0.005)
        figures["compare_s"] = time.perf_counter() - started
        await press
    figures["peak_rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    return figures


async def cursor_baseline(path: Path) -> dict[str, float]:
    """The same 200 presses on a small list: what the pilot itself costs per press."""
    from tui.app.app import PressdiffApp

    app = PressdiffApp(path, now=lambda: NOW)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        started, cpu = time.perf_counter(), time.process_time()
        for n in range(200):
            await pilot.press("down" if n % 2 == 0 else "up")
        return {"wall_ms": (time.perf_counter() - started) / 200 * 1000,
                "cpu_ms": (time.process_time() - cpu) / 200 * 1000}


def main(argv: list[str]) -> int:
    if "--rebuild" in argv or not DB_PATH.exists():
        started = time.perf_counter()
        build(DB_PATH)
        print(f"built {DB_PATH.relative_to(ROOT)}: {ARTICLES:,} articles in {STORIES:,} "
              f"stories in {time.perf_counter() - started:.1f} s")
    small = OUT / "app-small.db"
    if "--rebuild" in argv or not small.exists():
        build(small, articles_total=40, stories=10)
    baseline = asyncio.run(cursor_baseline(small))
    figures = asyncio.run(measure(DB_PATH))
    print(f"first paint of the stories list: {figures['first_paint_s'] * 1000:.0f} ms"
          " (target < 1000 ms)")
    net = figures["cursor_cpu_ms"] - baseline["cpu_ms"]
    print(f"cursor move (200 x Down, paging included): {figures['cursor_cpu_ms']:.1f} ms CPU"
          f" each, {net:.1f} ms beyond the pilot's own (target < 16 ms); cursor on row"
          f" {figures['cursor_row']:.0f}, {figures['rows_loaded']:.0f} rows loaded")
    print(f"  wall time per pilot press {figures['cursor_move_ms']:.0f} ms; on a 10-story list"
          f" {baseline['wall_ms']:.0f} ms wall, {baseline['cpu_ms']:.1f} ms CPU (the pilot's"
          " own wait)")
    print(f"open the largest story side by side: {figures['open_story_s'] * 1000:.0f} ms"
          f" ({figures['story_articles']:.0f} articles, {figures['story_columns']:.0f} columns"
          " mounted; target < 300 ms); comparison ready"
          f" {figures['compare_s'] * 1000:.0f} ms later")
    print(f"peak memory (ru_maxrss): {figures['peak_rss_mb']:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
