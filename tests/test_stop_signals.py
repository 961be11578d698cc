"""A refresh stopped by a signal, or killed, leaves no process behind.

A real `pressdiff refresh` subprocess runs against a loopback site with many article pages;
once its extraction workers are busy, it gets SIGTERM (as from `timeout`), SIGINT (Ctrl+C)
or SIGKILL, sent to the refresh process alone (not its process group, which would hide a
leak). Then: every process the refresh started is gone within 5 seconds (workers and
multiprocessing's resource tracker), the database passes `PRAGMA integrity_check`, a polite
stop says what is left in one line and exits 128 + the signal number, and the next refresh
completes every page.
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

from tests.loopback import LoopbackServer, page, rss

pytestmark = pytest.mark.skipif(not Path("/proc/self/stat").exists(),
                                reason="needs /proc to find the refresh's child processes")

REPO = Path(__file__).resolve().parent.parent
FEEDS = 6
ITEMS = 30
# Long pages keep the workers busy for a while (a few seconds in all).
PARAGRAPHS = [
    f"Paragraph {n}: the port authority said on Monday that the container terminal would "
    "stay closed while inspectors checked the cranes damaged in the storm, and that ships "
    "already at anchor would be sent to the northern berths until further notice." for n in
    range(120)
]


@pytest.fixture
def site() -> Iterator[LoopbackServer]:
    with LoopbackServer() as server:
        for f in range(FEEDS):
            items = []
            for i in range(ITEMS):
                path = f"/f{f}/a{i}"
                server.set(path, body=page(f"Terminal stays closed, report {f}-{i}", PARAGRAPHS),
                           content_type="text/html; charset=utf-8")
                items.append({"title": f"Terminal stays closed after storm, report {f}-{i}",
                              "link": server.url(path),
                              "date": f"Tue, 24 Nov 2026 {8 + f:02d}:{10 + i:02d}:00 GMT",
                              "description": "The container terminal stays closed."})
            server.set(f"/f{f}/feed.xml", body=rss(items))
        yield server


def _config(server: LoopbackServer, path: Path) -> Path:
    lines = ["[settings]", "timeout = 15"]
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
        start_new_session=True,  # not our process group: only what we send reaches it
    )


def _children() -> dict[int, list[int]]:
    """parent pid -> child pids, from /proc."""
    tree: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        tree.setdefault(ppid, []).append(int(entry))
    return tree


def _descendants(pid: int) -> set[int]:
    tree = _children()
    found, todo = set(), [pid]
    while todo:
        for child in tree.get(todo.pop(), []):
            if child not in found:
                found.add(child)
                todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"  # a zombie has ended; only its parent's wait() is missing


def _query(db: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db, timeout=10)
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def _pages_done(db: Path) -> int:
    try:
        return _query(db, "SELECT count(*) FROM articles WHERE page_fetched_at IS NOT NULL")[0][0]
    except sqlite3.OperationalError:
        return 0


@pytest.mark.slow
@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT, signal.SIGKILL],
                         ids=["SIGTERM", "SIGINT", "SIGKILL"])
def test_no_process_outlives_a_stopped_refresh(site: LoopbackServer, tmp_path: Path,
                                               signum: int) -> None:
    config = _config(site, tmp_path / "feeds.toml")
    db = tmp_path / "pressdiff.db"
    process = _refresh(config, db, tmp_path)
    started: set[int] = set()
    try:
        deadline = time.monotonic() + 60  # a hang guard, not a measurement
        # Extraction is running: pages are being stored and workers exist.
        while process.poll() is None and time.monotonic() < deadline:
            started |= _descendants(process.pid)
            if _pages_done(db) >= 3 and len(started) >= 2:
                break
            time.sleep(0.05)
        assert process.poll() is None, "the refresh ended before it could be stopped"
        assert _pages_done(db) < FEEDS * ITEMS, "extraction was not running"
        started |= _descendants(process.pid)
        os.kill(process.pid, signum)
        _, stderr = process.communicate(timeout=30)
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()

    if signum == signal.SIGKILL:
        assert process.returncode == -signal.SIGKILL
    else:
        assert process.returncode == 128 + signum, stderr.decode()
        lines = stderr.decode().strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("refresh interrupted: "), lines
        assert "left for next time" in lines[0]
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in started) and time.monotonic() < deadline:
        time.sleep(0.1)
    left = {pid for pid in started if _alive(pid)}
    assert not left, f"processes outlived the refresh: {left}"
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]

    rerun = _refresh(config, db, tmp_path)
    _, stderr = rerun.communicate(timeout=120)
    assert rerun.returncode == 0, stderr.decode()
    assert _query(db, "SELECT count(*) FROM articles WHERE text_source = 'page'") == [
        (FEEDS * ITEMS,)
    ]


async def test_quitting_the_app_during_a_refresh_leaves_no_process_behind(
    site: LoopbackServer, tmp_path: Path
) -> None:
    from tests.app_data import make_app, settle

    config = _config(site, tmp_path / "feeds.toml")
    db = tmp_path / "app.db"
    before = _descendants(os.getpid())
    app = make_app(db, config_path=config)
    workers: set[int] = set()
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("r")
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            workers |= _workers(_descendants(os.getpid()) - before)
            if _pages_done(db) >= 3 and workers:
                break
            await pilot.pause(0.05)
        assert workers, "no extraction worker was running"
        assert app.refresh_state.running
        workers |= _workers(_descendants(os.getpid()) - before)
        await pilot.press("q")
    deadline = time.monotonic() + 5
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not {pid for pid in workers if _alive(pid)}, "workers outlived the app's refresh"
    assert _query(db, "PRAGMA integrity_check") == [("ok",)]


def _workers(pids: set[int]) -> set[int]:
    """Extraction workers among pids (not multiprocessing's resource tracker, which the app
    starts once and keeps for its life)."""
    out = set()
    for pid in pids:
        try:
            cmdline = Path(f"/proc/{pid}/cmdline").read_bytes()
        except OSError:
            continue
        if b"resource_tracker" not in cmdline:
            out.add(pid)
    return out


def test_a_stopped_refresh_leaves_even_if_an_exit_join_hangs() -> None:
    """The safety net behind the stop: once the refresh has said what is left, a helper
    thread that never finishes (as a pool's did once under load) cannot keep the process:
    it would sleep an hour; the run's timeout (a hang guard) is a minute."""
    probe = (
        "import threading, time\n"
        "from tui.core.processes import exit_guard\n"
        "threading.Thread(target=lambda: time.sleep(3600)).start()  # never joined in time\n"
        "exit_guard(143, 0.5)\n"
        "raise SystemExit(143)\n"
    )
    process = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60)
    assert process.returncode == 143


def test_leaving_by_the_exit_guard_leaks_no_semaphore() -> None:
    """A worker pool's queues hold named semaphores that an ordinary exit removes. Leaving by
    the exit guard skipped that, and multiprocessing's resource tracker printed "leaked
    semaphore objects" after the refresh's one line (a CI run under load saw it)."""
    probe = (
        "import threading, time\n"
        "from tui.core.processes import exit_guard, new_pool\n"
        "if __name__ == '__main__':\n"
        "    pool = new_pool(2)\n"
        "    assert list(pool.map(abs, [-1, -2])) == [1, 2]\n"
        "    threading.Thread(target=lambda: time.sleep(3600)).start()\n"
        "    exit_guard(143, 0.5)\n"
        "    raise SystemExit(143)\n"
    )
    process = subprocess.run([sys.executable, "-c", probe], capture_output=True, timeout=60)
    assert process.returncode == 143
    assert b"leaked" not in process.stderr, process.stderr.decode()
