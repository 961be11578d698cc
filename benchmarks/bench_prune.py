"""Retention figures: database size per 10,000 full-text articles, and the time to prune half
of a big database and give the space back.

Builds a database of N generated articles (about 600 words of text each, with their FTS rows,
in 10-article stories; default 1,000,000: several GB and minutes to build; `--articles` to run
smaller), then runs `store.prune` on the older half with the space given back, and prints:
bytes per 10,000 articles, prune seconds, vacuum seconds (included in the prune), size before
and after.

    .venv/bin/python benchmarks/bench_prune.py [--articles 1000000] [--keep]
"""

from __future__ import annotations

import argparse
import random
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tui.core import store  # noqa: E402
from tui.core.config import parse_config  # noqa: E402
from tui.core.store import retention  # noqa: E402

NOW = datetime(2026, 12, 1, tzinfo=UTC)
WORDS = ("ministry port strike rate bank flood border talks election protest offices aid "
         "quake pipeline cable contract freight court law parliament minister deal harbour "
         "assembly vote budget grain corridor sanctions tariff summit").split()


def build(path: Path, total: int, seed: int = 5) -> None:
    rng = random.Random(seed)
    db = store.connect(path)
    store.sync_config(db, parse_config(
        '[[outlet]]\nname = "Wire"\nfeeds = ["http://wire.example/feed"]\n'))
    feed = store.active_feeds(db)[0]
    span = timedelta(days=360).total_seconds()
    batch = 5_000
    for start in range(0, total, batch):
        articles, members = [], []
        for n in range(start, min(total, start + batch)):
            when = NOW - timedelta(seconds=span * (1 - n / total))
            text = " ".join(rng.choice(WORDS) for _ in range(600))
            articles.append((n + 1, feed.outlet_id, feed.id, f"http://x.example/{n}",
                             f"http://x.example/{n}", f"g{n}", f"Headline {n}", store.iso(when),
                             when.timestamp(), store.iso(when), store.iso(when), text[:200],
                             text, "page", 600))
            members.append((n + 1, n // 10 + 1, 0.8, "[]", "auto", store.iso(when)))
        with store.write_transaction(db):
            db.conn.executemany(
                """INSERT INTO articles (id, outlet_id, feed_id, url, link, guid, title,
                     published, sort_ts, fetched_at, updated_at, summary, text, text_source,
                     word_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""", articles)
            db.conn.executemany(
                "INSERT OR IGNORE INTO clusters (id, title, created_at, updated_at)"
                " VALUES (?, 'story', ?, ?)",
                [(m[1], m[5], m[5]) for m in members])
            db.conn.executemany(
                """INSERT INTO cluster_members (article_id, cluster_id, score, evidence, method,
                     assigned_at) VALUES (?,?,?,?,?,?)""", members)
    db.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    db.conn.close()


def size(path: Path) -> int:
    return sum(p.stat().st_size for p in path.parent.glob(path.name + "*"))


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--articles", type=int, default=1_000_000)
    parser.add_argument("--keep", action="store_true", help="keep the database afterwards")
    args = parser.parse_args(argv)
    folder = Path(tempfile.mkdtemp(prefix="pressdiff-prune-"))
    path = folder / "big.db"
    started = time.perf_counter()
    build(path, args.articles)
    built = time.perf_counter() - started
    before = size(path)
    print(f"built {args.articles:,} articles in {built:.0f} s: {before / 1e6:,.0f} MB,"
          f" {before / args.articles * 10_000 / 1e6:.1f} MB per 10,000 full-text articles"
          " (text, search index, placements)")
    db = store.connect(path)
    cutoff = NOW - timedelta(days=180)
    vacuum = {"s": 0.0}
    original = retention.give_space_back

    def timed(database):
        began = time.perf_counter()
        freed = original(database)
        vacuum["s"] = time.perf_counter() - began
        return freed

    retention.give_space_back = timed
    began = time.perf_counter()
    removal = store.prune(db, cutoff)
    took = time.perf_counter() - began
    db.conn.close()
    after = size(path)
    print(f"prune of the older half: {removal.articles:,} articles in {took:.1f} s"
          f" (of which giving the space back {vacuum['s']:.1f} s); {before / 1e6:,.0f} MB ->"
          f" {after / 1e6:,.0f} MB ({removal.bytes_freed / 1e6:,.0f} MB freed)")
    if not args.keep:
        for p in folder.iterdir():
            p.unlink()
        folder.rmdir()
    else:
        print(f"kept {path}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
