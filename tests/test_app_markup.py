"""Feed data is text, never markup: titles and outlet names with Rich markup show literally
everywhere, and clicking where a markup link would be does nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_data import (
    HOSTILE_OUTLET,
    HOSTILE_TITLE,
    build_db,
    make_app,
    notifications,
    screen_text,
    settle,
    story_rows,
)
from tui.app.screens.article import ArticleScreen
from tui.app.screens.side_by_side import SideBySideScreen


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return build_db(tmp_path / "hostile.db", hostile=True)


def position_of(app, needle: str) -> tuple[int, int]:
    """Screen cell (x, y) where `needle` starts (the text before it is single-width)."""
    for y, line in enumerate(screen_text(app).splitlines()):
        x = line.find(needle)
        if x >= 0:
            return x, y
    raise AssertionError(f"{needle!r} is not on screen")


async def click_on_link_text(pilot) -> None:
    """Click the "y" that `[@click=app.quit]y[/]` would make a quit link if parsed."""
    needle = "[@click=app.quit]y"
    x, y = position_of(pilot.app, needle)
    await pilot.click(offset=(x + needle.index("]y") + 1, y))
    await settle(pilot)
    assert pilot.app.is_running, "clicking feed text must not run an action"


async def test_markup_in_titles_and_outlet_names_is_shown_literally(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        # Stories list: the hostile story is the newest (titled by the wire's copy).
        first = story_rows(app)[0]
        assert "[bold red]x[/] [@click=app.quit]y" in first[0]
        assert "[bold red]x[/] [@click=app.quit]y" in screen_text(app)
        await click_on_link_text(pilot)
        if not isinstance(app.screen, SideBySideScreen):
            await pilot.press("enter")
            await settle(pilot)
        assert isinstance(app.screen, SideBySideScreen)
        text = screen_text(app)
        assert HOSTILE_TITLE in text  # the story header
        assert "[b]Evil[/b] [@click=app.quit]News[/]" in text  # a column's outlet name
        assert "[bold]not bold[/bold]" in text  # body text
        await click_on_link_text(pilot)
        assert isinstance(app.screen, SideBySideScreen)
        # Article screen of the hostile outlet's column (published last: second column).
        await pilot.press("right", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert HOSTILE_OUTLET in text and HOSTILE_TITLE in text
        await click_on_link_text(pilot)
        # A notification carrying the title: remove the article from its story.
        await pilot.press("escape", "x", "y")
        await settle(pilot)
        message = "Removed from the story: " + HOSTILE_TITLE + " (u undoes)"
        assert message in notifications(app)
        toast = screen_text(app)  # the toast wraps the message over two lines
        assert "Removed from the story: [bold red]x[/]" in toast
        assert "[@click=app.quit]y[/]" in toast.split("Removed from the story:")[1]
        assert app.is_running
