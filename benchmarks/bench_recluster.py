"""`pressdiff recluster` on a large database: the time to rebuild every story.

Builds a database of N synthetic articles (benchmarks/synthetic.py: events told by 40
outlets over weeks, 40% summary-only) with direct inserts, clusters them the way refreshes
do (a day of articles at a time), records a few corrections, then times the rebuild
(``recluster.recluster``, what `pressdiff recluster` runs) and a second rebuild, which
must change nothing. Prints, per size: articles, stories, rebuild seconds, stories changed,
peak memory.

Usage: python benchmarks/bench_recluster.py [N ...]   (default: 10000 100000)
"""

from __future__ import annotations

import resource
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.synthetic import generate  # noqa: E402
from tui.core import recluster, store, story_builder  # noqa: E402
from tui.core.config import parse_config  # noqa: E402

DAY = 86400.0


def build(path: Path, n: int) -> None:
    docs, _ = generate(n, seed=7)
    outlets = sorted({d.outlet for d in docs})
    config = "".join(
        f'[[outlet]]\nname = "{name}"\nfeeds = [{{ url = "http://{name}.example/feed" }}]\n'
        for name in outlets
    )
    db = store.connect(path)
    store.sync_config(db, parse_config(config))
    feeds = {row.outlet: row for row in store.active_feeds(db)}
    stamp = store.iso(datetime.now(UTC))
    by_day: dict[int, list] = {}
    for doc in docs:
        feed = feeds[doc.outlet]
        when = datetime.fromtimestamp(doc.published, UTC)
        text = doc.text or doc.title
        by_day.setdefault(int(doc.published // DAY), []).append((
            doc.id, feed.outlet_id, feed.id, f"http://x.example/{doc.id}",
            f"http://x.example/{doc.id}", doc.title, store.iso(when), doc.published, stamp,
            stamp, text, text, "summary", "synthetic", len(text.split())))
    # A day at a time, clustered after each day as daily refreshes would have.
    for day in sorted(by_day):
        with store.write_transaction(db):
            db.conn.executemany(
                """INSERT INTO articles (id, outlet_id, feed_id, url, link, title, published,
                     sort_ts, fetched_at, updated_at, summary, text, text_source, text_reason,
                     word_count) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)""",
                by_day[day],
            )
        story_builder.cluster_new_articles(db)
    ids = [d.id for d in docs]
    # A few of the analyst's corrections.
    for article_id in ids[:: max(1, n // 20)][:20]:
        store.remove_from_story(db, article_id)
    db.close()


def measure(n: int) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"recluster-{n}.db"
        started = time.monotonic()
        build(path, n)
        built = time.monotonic() - started
        db = store.connect(path)
        stories = db.execute("SELECT count(*) FROM clusters WHERE article_count > 0").fetchone()[0]
        report = recluster.recluster(db)
        again = recluster.recluster(db)
        peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
        print(f"{n:>8,} articles  {stories:>7,} stories  build {built:6.1f} s   "
              f"recluster {report.seconds:6.2f} s ({report.changed:,} stories changed, "
              f"{report.moved_articles:,} articles moved)   again {again.seconds:6.2f} s "
              f"({again.changed} changed)   peak {peak:,.0f} MB")


def main(argv: list[str]) -> int:
    sizes = [int(a) for a in argv] or [10_000, 100_000]
    for n in sizes:
        measure(n)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
