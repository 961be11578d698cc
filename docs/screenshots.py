"""Regenerate the README screenshots: the main screens on the demo database at 120x40.

    .venv/bin/python docs/screenshots.py      (PNG needs `pip install cairosvg`; SVG always)

Uses the same demo database (fixed clock, fixed server address) and key presses as the
snapshot tests, so the pictures show what those tests check.
"""

from __future__ import annotations

import asyncio
import sqlite3
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.app_data import settle  # noqa: E402
from tests.conftest import build_demo_db  # noqa: E402
from tests.test_snapshots import CLOCK, SIZE  # noqa: E402
from tui.app.app import PressdiffApp  # noqa: E402

OUT = ROOT / "docs" / "screenshots"
SCREENS = {
    "stories": (),
    "side-by-side": ("o", "enter"),
    "article": ("o", "enter", "right", "enter"),
    "feeds": ("f",),
    "help": ("question_mark",),
}


async def shoot(db: Path, name: str, keys: tuple[str, ...]) -> Path:
    app = PressdiffApp(db, now=lambda: CLOCK)
    async with app.run_test(size=SIZE) as pilot:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.hover(offset=(0, 0))
        return Path(app.save_screenshot(filename=f"{name}.svg", path=str(OUT)))


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    db = build_demo_db(Path(tempfile.mkdtemp()) / "demo.db")
    with sqlite3.connect(db) as conn:
        conn.execute("UPDATE feeds SET duration_ms = 25")
    try:
        import cairosvg
    except ImportError:
        cairosvg = None
        print("cairosvg not installed: writing SVG only", file=sys.stderr)
    for name, keys in SCREENS.items():
        svg = asyncio.run(shoot(db, name, keys))
        if cairosvg is not None:
            cairosvg.svg2png(url=str(svg), write_to=str(svg.with_suffix(".png")))
        print(svg.relative_to(ROOT))


if __name__ == "__main__":
    main()
