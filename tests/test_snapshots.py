"""Snapshots of the main screens on the demo database, with a fixed clock: every screen at
120x40, and the stories list, the article and the help also at 80x24 and 200x50.

Regenerate with `pytest tests/test_snapshots.py --snapshot-update` and look at every
changed SVG before committing it.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

import pytest

from tests.app_data import settle
from tui.app.app import PressdiffApp

SIZE = (120, 40)
CLOCK = datetime(2026, 11, 28, 9, 45, tzinfo=UTC)


def demo_app(demo_db: Path) -> PressdiffApp:
    # Measured fetch durations differ from one build to the next, so the feeds screen
    # would too: pin them. (An article listed in two of an outlet's feeds is credited to
    # the first-listed feed by the store itself, whichever answered first.)
    conn = sqlite3.connect(demo_db)
    with conn:
        conn.execute("UPDATE feeds SET duration_ms = 25")
    conn.close()
    return PressdiffApp(demo_db, now=lambda: CLOCK)


def steps(*keys: str):
    """run_before: wait for the list, press keys one by one, letting workers finish."""

    async def run_before(pilot) -> None:
        await settle(pilot)
        for key in keys:
            await pilot.press(key)
            await settle(pilot)
        await pilot.hover(offset=(0, 0))  # no mouse hover highlight in the picture

    return run_before


SIZES = [(80, 24), SIZE, (200, 50)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_stories_screen(snap_compare, demo_db: Path, size) -> None:
    assert snap_compare(demo_app(demo_db), terminal_size=size, run_before=steps())


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_article_screen(snap_compare, demo_db: Path, size) -> None:
    app = demo_app(demo_db)
    assert snap_compare(
        app, terminal_size=size,
        run_before=steps("o", "enter", "right", "enter"),
    )


def test_feeds_screen(snap_compare, demo_db: Path) -> None:
    assert snap_compare(demo_app(demo_db), terminal_size=SIZE, run_before=steps("f"))


@pytest.mark.parametrize("size", [(80, 24), SIZE], ids=lambda s: f"{s[0]}x{s[1]}")
def test_help_screen(snap_compare, demo_db: Path, size) -> None:
    assert snap_compare(demo_app(demo_db), terminal_size=size,
                        run_before=steps("question_mark"))
