"""What the gazetteer (tui/core/places.py) costs: building its index once, opening it, and
looking words up, with the memory each step adds to the process.

    .venv/bin/python benchmarks/bench_places.py

Each step runs in a fresh subprocess (imports and caches do not carry over); the index is
built into a temporary cache directory, as a first run after installing does.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

STEP = r"""
import json, resource, sys, time
sys.path.insert(0, {root!r})
def rss():
    with open("/proc/self/status") as f:
        for line in f:
            if line.startswith("VmRSS"):
                return int(line.split()[1]) / 1024
start = rss()
t0 = time.perf_counter()
from tui.core.places import Gazetteer
g = Gazetteer()
g.country("turkish")
t1 = time.perf_counter()
mid = rss()
g.places("sachkhere")
t2 = time.perf_counter()
words = ["malatya", "gyumri", "kutaisi", "khoy", "gebze", "tbilisi", "imereti", "shirak",
         "metsamor", "nakhchivan", "yerevan", "van", "green", "tremor", "reservoir"] * 200
t3 = time.perf_counter()
for i, w in enumerate(words):
    g._places.pop(w, None)  # every lookup goes to the index
    g.places(w)
t4 = time.perf_counter()
print(json.dumps({{"countries_s": t1 - t0, "first_place_s": t2 - t1,
                  "lookup_us": (t4 - t3) / len(words) * 1e6,
                  "rss_start_mb": start, "rss_countries_mb": mid, "rss_end_mb": rss(),
                  "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}}))
"""


def run(cache: str) -> dict:
    env = dict(os.environ, XDG_CACHE_HOME=cache)
    out = subprocess.run([sys.executable, "-c", STEP.format(root=str(ROOT))], env=env,
                         capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def main() -> int:
    with tempfile.TemporaryDirectory() as cache:
        first = run(cache)
        again = run(cache)
        (index,) = Path(cache, "pressdiff").glob("places-*.sqlite")
        size = index.stat().st_size / 1e6
    print(f"first use after installing (index built, country names read): "
          f"{first['countries_s']:.2f} s, peak {first['peak_mb']:.0f} MB "
          f"(index file {size:.1f} MB)")
    print(f"first use with the index built: {again['countries_s'] * 1000:.0f} ms "
          f"(imports included), +{again['rss_countries_mb'] - again['rss_start_mb']:.1f} MB; "
          f"first town {again['first_place_s'] * 1000:.1f} ms; "
          f"+{again['rss_end_mb'] - again['rss_countries_mb']:.1f} MB after 3,000 lookups")
    print(f"one lookup in the index: {again['lookup_us']:.0f} µs")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
