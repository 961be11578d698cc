"""Does the app stay the same size all day? Resident memory over many story opens and
refreshes.

Opens: the app on the 100,000-article database of bench_app.py (built there if missing),
headless at 160x45; opens a story side by side and goes back, moving 50 stories down the
list and back so each open is another story (the comparison runs every time). Resident
memory (VmRSS) after a warm-up of 100 opens (which also loads every list row the cursor will
reach), then after 500 more; growth per open.

Refreshes: the app on its own database of the bundled demo corpus (served on loopback);
500 in-app refreshes (`r`; after the first, every feed answers 304), memory after a warm-up
of 25 and after the 500; growth per refresh.

Usage: python benchmarks/bench_memory.py [--opens N] [--refreshes N]
Target: flat after warm-up, under 0.02 MB per open and per refresh on average.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from benchmarks.bench_app import DB_PATH, NOW, build  # noqa: E402


def rss_mb() -> float:
    """Resident memory now (Linux /proc; elsewhere the peak, which only rises)."""
    try:
        for line in Path("/proc/self/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                return int(line.split()[1]) / 1024
    except OSError:
        pass
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


async def settle(pilot) -> None:
    for _ in range(4):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()


async def opens(path: Path, count: int, warmup: int = 100) -> tuple[float, float]:
    from tui.app.app import PressdiffApp
    from tui.app.screens.side_by_side import SideBySideScreen

    app = PressdiffApp(path, now=lambda: NOW)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)

        async def cycle(n: int) -> None:
            for index in range(n):
                await pilot.press("enter")
                await settle(pilot)
                assert isinstance(app.screen, SideBySideScreen)
                while app.screen.comparison is None:
                    await asyncio.sleep(0.002)
                await pilot.press("escape")
                await settle(pilot)
                # Down 50 stories and back: every open is another story, and the rows the
                # list loads as the cursor goes down (data the analyst scrolled to, at most
                # the whole list) are all loaded during the warm-up, so the growth measured
                # after it is what opening and closing stories leaves behind.
                await pilot.press("down" if index % 100 < 50 else "up")

        await cycle(warmup)
        gc.collect()
        warm = rss_mb()
        await cycle(count)
        gc.collect()
        return warm, rss_mb()


async def refreshes(count: int, warmup: int = 25) -> tuple[float, float]:
    from tui.app.app import PressdiffApp
    from tui.demo.server import DemoServer

    with tempfile.TemporaryDirectory() as tmp, DemoServer() as demo:
        config = Path(tmp) / "feeds.toml"
        config.write_text(demo.feeds_toml())
        app = PressdiffApp(Path(tmp) / "demo.db", config, now=lambda: NOW)
        async with app.run_test(size=(160, 45)) as pilot:
            await settle(pilot)

            async def cycle(n: int) -> None:
                for _ in range(n):
                    await pilot.press("r")
                    await settle(pilot)
                    while app.refresh_state.running:
                        await asyncio.sleep(0.005)
                    await settle(pilot)

            await cycle(warmup)
            gc.collect()
            warm = rss_mb()
            await cycle(count)
            gc.collect()
            return warm, rss_mb()


def main(argv: list[str]) -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--opens", type=int, default=500)
    parser.add_argument("--refreshes", type=int, default=500)
    args = parser.parse_args(argv)
    if not DB_PATH.exists():
        build(DB_PATH)
    if args.opens:
        started = time.perf_counter()
        warm, after = asyncio.run(opens(DB_PATH, args.opens))
        print(f"story opens (100,000 articles): {warm:.1f} MB after 100 warm-up opens, "
              f"{after:.1f} MB after {args.opens} more: "
              f"{(after - warm) / args.opens:+.4f} MB per open (target < 0.02); "
              f"{time.perf_counter() - started:.0f} s")
    if args.refreshes:
        started = time.perf_counter()
        warm, after = asyncio.run(refreshes(args.refreshes))
        print(f"in-app refreshes (demo corpus, 304s): {warm:.1f} MB after 25 warm-up "
              f"refreshes, {after:.1f} MB after {args.refreshes} more: "
              f"{(after - warm) / args.refreshes:+.4f} MB per refresh (target < 0.02); "
              f"{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
