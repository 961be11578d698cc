"""Run every benchmark script in this folder, one after another, printing their figures.

Usage: python benchmarks/run_all.py [NAME ...]   (names like bench_cluster; default: all)
"""

from __future__ import annotations

import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ORDER = ["evaluate_clustering", "clustering_gap", "bench_cluster", "bench_recluster",
         "bench_compare", "evaluate_extraction", "bench_refresh", "bench_app", "bench_digest",
         "bench_memory"]
# bench_prune builds a database of a million articles (minutes, GB): run it by hand.


def main(argv: list[str]) -> int:
    wanted = argv or ORDER
    failures = 0
    for name in wanted:
        script = HERE / f"{name}.py"
        if not script.exists():
            print(f"== {name}: not present, skipped")
            continue
        print(f"\n== {name}", flush=True)
        started = time.monotonic()
        code = subprocess.call([sys.executable, str(script)], cwd=HERE.parent)
        print(f"== {name}: exit {code} after {time.monotonic() - started:.1f} s", flush=True)
        failures += code != 0
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
