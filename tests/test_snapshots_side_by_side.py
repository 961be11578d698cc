"""Snapshots of the side-by-side screen on the demo's flagship story (the UN/NGO offices
order, first when sorted by outlet count), at three terminal sizes, with the overview on
and off, and in compact mode. Regenerate with `--snapshot-update` and look at every SVG.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.test_snapshots import demo_app, steps

SIZES = [(80, 24), (120, 40), (200, 50)]


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_side_by_side_with_overview(snap_compare, demo_db: Path, size) -> None:
    assert snap_compare(demo_app(demo_db), terminal_size=size,
                        run_before=steps("o", "enter"))


@pytest.mark.parametrize("size", SIZES, ids=lambda s: f"{s[0]}x{s[1]}")
def test_side_by_side_without_overview(snap_compare, demo_db: Path, size) -> None:
    # The cursor on the wire's first sentence: the status line names who shares it.
    assert snap_compare(demo_app(demo_db), terminal_size=size,
                        run_before=steps("o", "enter", "v", "down"))


def test_side_by_side_compact_at_160x45(snap_compare, demo_db: Path) -> None:
    assert snap_compare(demo_app(demo_db), terminal_size=(160, 45),
                        run_before=steps("o", "enter", "c"))
