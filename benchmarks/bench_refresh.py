"""Refresh benchmark: pressdiff against newsboat on the same loopback feeds, 100 ms added per
request.

The realistic case (the default, first table): 300 feeds x 30 items of real headlines written
by ../shared/tools/uci_feeds.py (generated words when ../shared is absent, with a message),
spread over 60 loopback ports (5 feeds per host, as an analyst's list spreads over outlets),
pressdiff with its default settings (per_host = 4, concurrency = 128) and newsboat with
`reload-threads 32`, alternated in the same run. The second table: the same feeds on one
host, pressdiff defaults (per_host = 4) and per_host = concurrency = 32 (newsboat's 32
threads). Times `pressdiff refresh --no-extract` (first run, then the all-304 second run) and
`newsboat -x reload`; prints median wall time, CPU time (workers included), peak memory,
CPU-seconds per 1,000 items and the pressdiff/newsboat ratio. The feed servers run in their
own process, so they do not compete with the measured tool for a GIL.

    .venv/bin/python benchmarks/bench_refresh.py [--repeat 3] [--hosts 60] [--no-single-host]
        [--feeds 300] [--items 30] [--latency 0.1] [--synthetic]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import multiprocessing
import os
import random
import re
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from email.utils import parsedate_to_datetime
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path
from urllib.request import urlopen
from xml.sax.saxutils import escape

REPO = Path(__file__).resolve().parent.parent
PYTHON = REPO / ".venv" / "bin" / "python"
FIRST_INSTALL = False  # --first-install
GNU_TIME = Path("/usr/bin/time")
LAST_MODIFIED = "Tue, 24 Nov 2026 08:00:00 GMT"
# Same concurrency as newsboat's reload-threads (32), for the single-host table: all feeds share
# one host:port there, so the polite default (per_host = 4) queues them four at a time.
SETTINGS = "[settings]\nper_host = {n}\nconcurrency = {n}\n"

WORDS = (
    "minister parliament harbour tariff pipeline election court council budget river border "
    "ceasefire inflation drought vaccine reactor railway bridge strike protest summit treaty "
    "export grain cable port refinery statement agency office delegation report inquiry "
    "mayor region village spokesman governor contract tender auction reform deficit"
).split()


# --- the feeds ---------------------------------------------------------------------------------


def make_feed(index: int, items: int, base: str) -> bytes:
    """RSS 2.0 feed number `index`, the same bytes on every run."""
    rng = random.Random(index)
    parts = [
        '<?xml version="1.0" encoding="utf-8"?>',
        '<rss version="2.0"><channel>',
        f"<title>Bench outlet {index}</title><link>{base}/o{index}/</link>",
        "<description>benchmark feed</description>",
    ]
    for j in range(items):
        title = " ".join(rng.choice(WORDS) for _ in range(8)).capitalize()
        text = " ".join(rng.choice(WORDS) for _ in range(45))
        day = 1 + (index + j) % 27
        parts.append(
            f"<item><title>{escape(title)}</title>"
            f"<link>{base}/o{index}/2026/11/story-{j}.html?utm_source=rss</link>"
            f'<guid isPermaLink="false">bench:{index}:{j}</guid>'
            f"<pubDate>Tue, {day:02d} Nov 2026 {j % 24:02d}:15:00 GMT</pubDate>"
            f"<description>{escape(text)}.</description></item>"
        )
    parts.append("</channel></rss>")
    return "\n".join(parts).encode("utf-8")


def serve(hosts: int, folder: str, latency: float, ready: multiprocessing.Queue) -> None:
    """Serve the files under `folder` on `hosts` loopback ports (the same files on each),
    with ETag / Last-Modified and `latency` s before each answer; /__stats and /__reset
    count answers across all ports."""
    counts = {"200": 0, "304": 0, "other": 0}
    lock = threading.Lock()
    resources: dict[str, tuple[bytes, str] | None] = {}
    root = Path(folder)

    def resource(path: str) -> tuple[bytes, str] | None:
        with lock:
            if path not in resources:
                file = (root / path.lstrip("/")).resolve()
                if root.resolve() in file.parents and file.is_file():
                    body = file.read_bytes()
                    resources[path] = (body, f'"{hashlib.sha256(body).hexdigest()[:20]}"')
                else:
                    resources[path] = None
            return resources[path]

    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args: object) -> None:
            pass

        def do_GET(self) -> None:  # noqa: N802 (http.server naming)
            if self.path == "/__stats":
                self._send(200, json.dumps(counts).encode(), {})
                return
            if self.path == "/__reset":
                with lock:
                    counts.update({"200": 0, "304": 0, "other": 0})
                    resources.clear()
                self._send(200, b"{}", {})
                return
            time.sleep(latency)
            found = resource(self.path.split("?")[0])
            if found is None:
                self._count("other")
                self._send(404, b"not found", {})
                return
            body, etag = found
            validators = {"ETag": etag, "Last-Modified": LAST_MODIFIED}
            if self._fresh(etag):
                self._count("304")
                self._send(304, b"", validators)
                return
            self._count("200")
            self._send(200, body, {"Content-Type": "application/rss+xml; charset=utf-8",
                                   **validators})

        def _fresh(self, etag: str) -> bool:
            match = self.headers.get("If-None-Match")
            if match is not None:
                return etag in [t.strip().removeprefix("W/") for t in match.split(",")]
            since = self.headers.get("If-Modified-Since")
            if since:
                try:
                    return parsedate_to_datetime(since) >= parsedate_to_datetime(LAST_MODIFIED)
                except (TypeError, ValueError):
                    return False
            return False

        def _count(self, key: str) -> None:
            with lock:
                counts[key] += 1

        def _send(self, status: int, body: bytes, headers: dict[str, str]) -> None:
            self.send_response(status)
            for key, value in headers.items():
                self.send_header(key, value)
            if status != 304:
                self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if status != 304:
                self.wfile.write(body)

    class Server(ThreadingHTTPServer):
        daemon_threads = True
        request_queue_size = 1024  # 32 clients connecting at once must not overflow the backlog

    bases = []
    for _ in range(hosts):
        httpd = Server(("127.0.0.1", 0), Handler)
        bases.append(f"http://127.0.0.1:{httpd.server_address[1]}")
        threading.Thread(target=httpd.serve_forever, daemon=True).start()
    ready.put(bases)
    threading.Event().wait()


def write_feeds(folder: Path, bases: list[str], feeds: int, items: int,
                synthetic: bool) -> tuple[str, list[str]]:
    """Feed files under `folder`, feed f served from bases[f % len(bases)]; returns the
    source's name and the feed URLs."""
    generator = REPO.parent / "shared" / "tools" / "uci_feeds.py"
    if not synthetic and generator.exists():
        subprocess.run([sys.executable, str(generator), str(folder), ",".join(bases),
                        "--feeds", str(feeds), "--items", str(items)], check=True,
                       stdout=subprocess.DEVNULL)
        urls = re.findall(r'url = "([^"]+)"', (folder / "feeds.toml").read_text())
        return "real headlines (../shared/tools/uci_feeds.py)", urls
    if not synthetic:
        print(f"{generator} not found: generated words instead of real headlines",
              file=sys.stderr)
    (folder / "feed").mkdir(parents=True, exist_ok=True)
    urls = []
    for i in range(feeds):
        base = bases[i % len(bases)]
        (folder / "feed" / f"{i}.xml").write_bytes(make_feed(i, items, base))
        urls.append(f"{base}/feed/{i}.xml")
    return "generated words", urls


def server_counts(base: str, reset: bool = False) -> dict[str, int]:
    with urlopen(f"{base}/__reset" if reset else f"{base}/__stats", timeout=10) as response:
        return json.loads(response.read())


# --- measuring ---------------------------------------------------------------------------------


@dataclass
class Run:
    tool: str
    run: str
    wall: float
    cpu: float  # user + system seconds of the process and its workers (GNU time)
    peak_mb: float  # max RSS of the largest process (GNU time)
    tree_mb: float  # peak of the summed RSS of the whole process tree (workers included)
    served: dict[str, int]
    note: str = ""
    items: int = 0  # items stored by the first run


def _tree_rss_mb(root: int) -> float:
    """Summed RSS of `root` and all its descendants, from /proc."""
    parents: dict[int, int] = {}
    rss: dict[int, int] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            with open(f"/proc/{entry}/stat") as f:
                fields = f.read().rsplit(")", 1)[1].split()
        except OSError:
            continue
        parents[int(entry)] = int(fields[1])
        rss[int(entry)] = int(fields[21]) * os.sysconf("SC_PAGE_SIZE")
    tree = {root}
    grew = True
    while grew:
        grew = False
        for pid, parent in parents.items():
            if parent in tree and pid not in tree:
                tree.add(pid)
                grew = True
    return sum(rss.get(pid, 0) for pid in tree) / 2**20


Timing = tuple[float, float, float, float, str]


def timed(command: list[str], env: dict[str, str] | None = None) -> Timing:
    """Run `command`; return (wall s, CPU s, peak RSS MB, peak process-tree RSS MB, stdout)."""
    with tempfile.NamedTemporaryFile("r", suffix=".time") as stats, \
            tempfile.TemporaryFile("w+") as out, tempfile.TemporaryFile("w+") as err:
        prefix = [str(GNU_TIME), "-v", "-o", stats.name] if GNU_TIME.exists() else []
        started = time.perf_counter()
        process = subprocess.Popen(prefix + command, stdout=out, stderr=err, env=env, text=True)
        tree = 0.0
        while process.poll() is None:
            tree = max(tree, _tree_rss_mb(process.pid))
            time.sleep(0.02)
        wall = time.perf_counter() - started
        out.seek(0)
        err.seek(0)
        if process.returncode not in (0, 1):
            raise SystemExit(f"{command[0]} failed ({process.returncode}):\n{err.read()[-2000:]}")
        if prefix:
            text = stats.read()
            match = re.search(r"Maximum resident set size \(kbytes\): (\d+)", text)
            peak = int(match.group(1)) / 1024 if match else float("nan")
            times = re.findall(r"(?:User|System) time \(seconds\): ([\d.]+)", text)
            cpu = sum(float(x) for x in times)
        else:
            import resource

            usage = resource.getrusage(resource.RUSAGE_CHILDREN)
            peak, cpu = usage.ru_maxrss / 1024, float("nan")  # cumulative: only the peak is fair
        return wall, cpu, peak, tree, out.read()


def bench_pressdiff(base: str, urls: list[str], work: Path, settings: str,
                    label: str) -> list[Run]:
    """First and second (all-304) refresh into a fresh database."""
    work.mkdir(parents=True)
    config = work / "feeds.toml"
    db = work / "pressdiff.db"
    lines = [settings]
    for i, url in enumerate(urls):
        lines.append(f'[[outlet]]\nname = "Bench outlet {i}"\n'
                     f'feeds = [{{ url = "{url}", full_text = false }}]\n')
    config.write_text("\n".join(lines))
    # The command as a user runs it: the `pressdiff` script (not `python -m tui`, whose
    # workers skip the main module's imports where the script's workers used to redo them).
    command = [str(PYTHON.parent / "pressdiff"), "refresh", "--no-extract", "--json",
               "--config", str(config), "--db", str(db)]
    # The places index (tui/core/places.py) is built once per install, not per refresh: keep
    # it out of the rounds (benchmarks/bench_places.py measures that first build).
    # --first-install: a fresh cache each round, so the first refresh builds the index.
    env = {**os.environ, "XDG_CACHE_HOME": str(work / "cache" if FIRST_INSTALL
                                               else work.parent / "cache")}
    if not FIRST_INSTALL:
        subprocess.run([str(PYTHON), "-c", "from tui.core.places import gazetteer; "
                        "gazetteer().places('gyumri')"], env=env, check=True, cwd=REPO)
    runs = []
    for run in ("first", "second (304)"):
        server_counts(base, reset=True)
        wall, cpu, peak, tree, out = timed(command, env)
        report = json.loads(out)
        slowest = max(report.get("phases", {}).items(), key=lambda kv: kv[1]["wall"],
                      default=None)
        note = (f"{report['new_articles']} new, {report['feeds_not_modified']} not modified, "
                f"{len(report['feeds_failed'])} failed"
                + (f"; phases {_phases(report['phases'])}" if slowest else ""))
        runs.append(Run(label, run, wall, cpu, peak, tree, server_counts(base), note,
                        report["new_articles"]))
    return runs


def _phases(phases: dict) -> str:
    return " ".join(f"{name} {p['wall']:.2f}/{p['cpu']:.2f}" for name, p in phases.items()
                    if p["wall"] >= 0.01)


def bench_newsboat(base: str, urls: list[str], work: Path) -> list[Run]:
    """`newsboat -x reload` twice with its own cache, config and urls file."""
    work.mkdir(parents=True)
    url_file = work / "urls"
    url_file.write_text("".join(f"{url}\n" for url in urls))
    config = work / "config"
    config.write_text("reload-threads 32\n")
    cache = work / "cache.db"
    env = {**os.environ, "HOME": str(work), "LANG": "C.UTF-8", "XDG_CONFIG_HOME": str(work),
           "XDG_DATA_HOME": str(work)}
    command = ["newsboat", "-x", "reload", "-u", str(url_file), "-c", str(cache),
               "-C", str(config)]
    runs = []
    for run in ("first", "second (304)"):
        server_counts(base, reset=True)
        wall, cpu, peak, tree, _ = timed(command, env)
        stored = sqlite3.connect(cache).execute("SELECT count(*) FROM rss_item").fetchone()[0]
        runs.append(Run("newsboat", run, wall, cpu, peak, tree, server_counts(base),
                        f"{stored} items", stored if run == "first" else 0))
    return runs


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--feeds", type=int, default=300)
    parser.add_argument("--items", type=int, default=30)
    parser.add_argument("--hosts", type=int, default=60,
                        help="loopback ports the feeds spread over")
    parser.add_argument("--latency", type=float, default=0.1, help="seconds added per request")
    parser.add_argument("--repeat", type=int, default=3,
                        help="rounds (fresh database and cache each); the median is reported")
    parser.add_argument("--no-single-host", action="store_true",
                        help="skip the second table (all feeds on one host)")
    parser.add_argument("--synthetic", action="store_true",
                        help="generated words instead of real headlines")
    parser.add_argument("--first-install", action="store_true",
                        help="no places index built beforehand: the first refresh builds it, "
                             "as right after installing")
    args = parser.parse_args()
    global FIRST_INSTALL
    FIRST_INSTALL = args.first_install
    newsboat = shutil.which("newsboat")
    if not newsboat:
        print("newsboat is not installed (apt-get install newsboat): no anchor", file=sys.stderr)
    cases = [(f"{args.hosts} hosts", args.hosts, [("pressdiff", "")])]
    if not args.no_single_host:
        cases.append(("1 host", 1, [("pressdiff", ""),
                                    ("pressdiff per_host=32", SETTINGS.format(n=32))]))
    for title, hosts, variants in cases:
        work = Path(tempfile.mkdtemp(prefix="bench-refresh-"))
        context = multiprocessing.get_context("spawn")
        ready = context.Queue()
        server = context.Process(target=serve, args=(hosts, str(work / "site"), args.latency,
                                                     ready), daemon=True)
        server.start()
        bases = ready.get(timeout=60)
        source, urls = write_feeds(work / "site", bases, args.feeds, args.items, args.synthetic)
        runs: list[Run] = []
        load_before = os.getloadavg()[0]
        try:
            for round_no in range(args.repeat):
                # Alternate the order so neither tool always runs on a warmer machine.
                tools = [v[0] for v in variants] + (["newsboat"] if newsboat else [])
                if round_no % 2:
                    tools.reverse()
                for tool in tools:
                    where = work / f"{tool.replace(' ', '_')}-{round_no}"
                    if tool == "newsboat":
                        runs += bench_newsboat(bases[0], urls, where)
                    else:
                        settings = dict(variants)[tool]
                        runs += bench_pressdiff(bases[0], urls, where, settings, tool)
        finally:
            server.terminate()
            shutil.rmtree(work, ignore_errors=True)
        report(runs, args, title, source, (load_before, os.getloadavg()[0]))


def report(runs: list[Run], args: argparse.Namespace, title: str, source: str,
           load: tuple[float, float]) -> None:
    groups: dict[tuple[str, str], list[Run]] = {}
    for r in runs:
        groups.setdefault((r.tool, r.run), []).append(r)
    medians = {key: statistics.median(r.wall for r in rs) for key, rs in groups.items()}
    print(f"\n{title}: {args.feeds} feeds x {args.items} items of {source}, "
          f"{args.latency * 1000:.0f} ms added per request, {os.cpu_count()} CPUs, median of "
          f"{args.repeat} rounds; pressdiff defaults unless named, newsboat reload-threads 32; "
          f"load average {load[0]:.1f} before, {load[1]:.1f} after")
    header = (f"{'tool':<22} {'run':<13} {'wall s':>7} {'(min-max)':>13} {'CPU s':>6} "
              f"{'CPU/1k':>6} {'peak MB':>8} {'tree MB':>8} {'ratio':>6}  served")
    print(header)
    print("-" * len(header))
    for (tool, run), rs in groups.items():
        wall = medians[(tool, run)]
        ratio = ""
        if tool != "newsboat" and ("newsboat", run) in medians:
            ratio = f"{wall / medians[('newsboat', run)]:.2f}"
        spread = f"({min(r.wall for r in rs):.2f}-{max(r.wall for r in rs):.2f})"
        last = rs[-1]
        served = f"200x{last.served['200']} 304x{last.served['304']}"
        cpu = statistics.median(r.cpu for r in rs)
        items = max(r.items for r in groups.get((tool, "first"), rs))
        per_1k = f"{cpu / items * 1000:.2f}" if items and run == "first" else ""
        print(f"{tool:<22} {run:<13} {wall:>7.2f} {spread:>13} {cpu:>6.2f} {per_1k:>6} "
              f"{max(r.peak_mb for r in rs):>8.1f} {max(r.tree_mb for r in rs):>8.1f} "
              f"{ratio:>6}  {served}; {last.note}")
    print("ratio = median pressdiff wall time / median newsboat wall time for the same run "
          "(< 1: pressdiff faster)")
    print("CPU s = median user + system time, workers included (stable when the machine is "
          "busy; wall time is not); CPU/1k = CPU seconds per 1,000 items stored")
    print("peak MB = max RSS of the largest process (GNU time); tree MB = peak summed RSS of "
          "the process and its workers (sampled every 20 ms)")


if __name__ == "__main__":
    main()
