"""Time story clustering on synthetic corpora: batch 10,000 and 100,000, incremental 500.

Each measurement runs in its own subprocess so peak memory (ru_maxrss) is that run's alone.
Generating the corpus is not timed. Quality against the synthetic gold events is printed too.

    .venv/bin/python benchmarks/bench_cluster.py            # all of them
    .venv/bin/python benchmarks/bench_cluster.py batch 10000
    .venv/bin/python benchmarks/bench_cluster.py allpairs 10000   # the all-pairs baseline
    .venv/bin/python benchmarks/bench_cluster.py incremental 100000 500
"""

from __future__ import annotations

import gc
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

from evaluate_clustering import bcubed  # noqa: E402
from synthetic import generate  # noqa: E402

from tui.core.cluster import ClusterConfig, StoryClusterer, cluster_docs  # noqa: E402


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0  # KiB on Linux


def batch(n: int) -> None:
    docs, gold = generate(n)
    before = _peak_mb()
    start, cpu = time.perf_counter(), time.process_time()
    placements = cluster_docs(docs)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    pred = {p.doc_id: p.cluster_id for p in placements}
    _, _, f1 = bcubed(pred, gold)
    print(f"batch cluster_docs({n:,}): {seconds:.2f} s (CPU {cpu:.2f} s), "
          f"peak RSS {_peak_mb():.0f} MB "
          f"(corpus alone {before:.0f} MB), {len(set(pred.values())):,} clusters, "
          f"synthetic B3-F1 {f1:.3f}")


def incremental(n: int, extra: int, label: str | None = None) -> None:
    """Add ``extra`` docs to a stored state of ``n``: with all ``n`` loaded (the worst
    case), then as the store does, with only the window before the oldest new doc loaded.
    Each in its own process (``label``). The window's process keeps only the window and the
    new docs once the stored state is built, as a refresh holds only what it loaded: the
    100,000 generated docs left in memory made the collector's occasional full pass over them
    (0.1-0.15 s) part of the timed add, or not, by chance of where it fell."""
    if label is None:
        for each in ("all", "window"):
            subprocess.run([sys.executable, __file__, "incremental", str(n), str(extra), each],
                           check=True)
        return
    docs, _ = generate(n + extra)
    docs.sort(key=lambda d: (d.published, d.id))
    old, new = docs[:n], docs[n:]
    placements = cluster_docs(old)  # the stored state (not timed)
    config = ClusterConfig()
    next_id = max(p.cluster_id for p in placements) + 1
    if label == "window":
        oldest_new = min(d.published or 0.0 for d in new)
        old = [d for d in old if (d.published or 0.0) >= oldest_new - config.window_seconds]
        wanted = {d.id for d in old}
        placements = [p for p in placements if p.doc_id in wanted]
        del docs, wanted
        gc.collect()
    clusterer = StoryClusterer(config, next_id=next_id)
    start, cpu = time.perf_counter(), time.process_time()
    clusterer.load(old, placements)
    loaded_at = time.perf_counter()
    result = clusterer.add(new)
    done, cpu = time.perf_counter(), time.process_time() - cpu
    fresh = {d.id for d in new}
    joined = sum(1 for p in result.placements if p.doc_id in fresh and p.cluster_id < next_id)
    moved = sum(1 for p in result.placements if p.doc_id not in fresh)
    print(f"incremental load({label}: {len(old):,} docs) {loaded_at - start:.2f} s + "
          f"add({extra}) {done - loaded_at:.2f} s = {done - start:.2f} s (CPU {cpu:.2f} s); "
          f"{joined} of {extra} joined existing clusters, {len(result.merges)} merges, "
          f"{moved} stored docs moved; peak RSS {_peak_mb():.0f} MB (includes building the "
          f"stored state)")


def all_pairs(n: int) -> None:
    """The baseline to beat: every title against every title with rapidfuzz (2 workers)."""
    try:
        import numpy as np
        from rapidfuzz import fuzz, process, utils
    except ImportError:
        print("all-pairs baseline needs numpy: pip install -e '.[bench]'")
        return
    titles = [d.title for d in generate(n)[0]]
    start = time.perf_counter()
    process.cdist(titles, titles, scorer=fuzz.token_set_ratio, processor=utils.default_process,
                  workers=2, dtype=np.uint8)
    print(f"baseline all-pairs rapidfuzz cdist token_set_ratio over {n:,} titles: "
          f"{time.perf_counter() - start:.2f} s (similarities only, no clustering), "
          f"peak RSS {_peak_mb():.0f} MB")


def main(argv: list[str]) -> int:
    if argv:
        kind, *numbers = argv
        if kind == "batch":
            batch(int(numbers[0]))
        elif kind == "allpairs":
            all_pairs(int(numbers[0]))
        else:
            incremental(int(numbers[0]), int(numbers[1]), *numbers[2:3])
        return 0
    for args in (["batch", "10000"], ["allpairs", "10000"], ["batch", "100000"],
                 ["incremental", "100000", "500"]):
        subprocess.run([sys.executable, __file__, *args], check=True)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
