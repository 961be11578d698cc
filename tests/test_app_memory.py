"""The app stays the same size however many stories are opened: what a dismissed side by
side held is released (screens, their columns, their comparison), and the footer does not
keep the keys of every screen shown before (Textual issue #6666)."""

from __future__ import annotations

import gc
import weakref
from pathlib import Path

from textual.widgets._footer import FooterKey

from tests.app_data import build_db, make_app, settle
from tui.app.screens.side_by_side import SideBySideScreen
from tui.app.widgets.article_column import ArticleColumn


async def test_dismissed_side_by_side_screens_and_comparisons_are_released(
    tmp_path: Path,
) -> None:
    app = make_app(build_db(tmp_path / "p.db"))
    held: list[weakref.ref] = []
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        for _ in range(15):
            # The stories list's own footer keys: rebuilt when the list comes back.
            held += [weakref.ref(key) for key in app.screen.query(FooterKey)]
            await pilot.press("enter")
            await settle(pilot)
            screen = app.screen
            assert isinstance(screen, SideBySideScreen) and screen.comparison is not None
            held += [weakref.ref(screen), weakref.ref(screen.comparison),
                     weakref.ref(screen.story)]
            held += [weakref.ref(column) for column in screen.query(ArticleColumn)]
            held += [weakref.ref(key) for key in screen.query(FooterKey)]
            del screen
            await pilot.press("escape")
            await settle(pilot)
        # One more screen change, so that nothing of the last story is still in flight.
        await pilot.press("question_mark")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        gc.collect()
        alive = [ref() for ref in held if ref() is not None]
        assert not alive, f"{len(alive)} objects outlived their screen: " + ", ".join(
            sorted({type(obj).__name__ for obj in alive}))
