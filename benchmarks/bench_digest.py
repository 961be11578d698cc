"""Digest time: `pressdiff digest` of the 50 most widely covered stories of a big database.

Reuses the database bench_app.py builds (100,000 articles in 10,000 stories of 1-30 articles
from 40 outlets; built on first use into benchmarks/out/app-100k.db), and times build_digest
(selection, 50 comparisons, rendering) over a few runs.

    .venv/bin/python benchmarks/bench_digest.py [--stories 50] [--repeat 3]

Target (the analyst's-day issue): a digest of 50 stories in under 2 s.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_app import DB_PATH, build  # noqa: E402
from tui.core import store  # noqa: E402
from tui.core.digest import DigestQuery, build_digest  # noqa: E402


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--stories", type=int, default=50)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    if not DB_PATH.exists():
        print(f"building {DB_PATH} (once) …", file=sys.stderr)
        build(DB_PATH)
    db = store.connect(DB_PATH)
    query = DigestQuery(since=None, min_outlets=3, limit=args.stories)
    generated = datetime(2026, 11, 28, 9, 45, tzinfo=UTC)
    times, cpu = [], []
    for _ in range(args.repeat):
        started, started_cpu = time.perf_counter(), time.process_time()
        digest = build_digest(db, query, generated, "bench")
        times.append(time.perf_counter() - started)
        cpu.append(time.process_time() - started_cpu)
    articles = digest.text.count("| [link](")
    print(f"digest of {digest.stories} stories ({articles} articles, "
          f"{len(digest.text) / 1024:.0f} KB of Markdown) on {DB_PATH.name}: "
          f"median {statistics.median(times):.2f} s wall, {statistics.median(cpu):.2f} s CPU "
          f"(min {min(times):.2f}, max {max(times):.2f}; {args.repeat} runs)")


if __name__ == "__main__":
    main()
