"""Pilot tests of the stories list: rows, singles, sort, filter, paging, first run, quit."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_data import (
    build_db,
    make_app,
    notifications,
    screen_text,
    settle,
    story_rows,
)
from tui.app.screens.side_by_side import SideBySideScreen
from tui.app.screens.stories import StoriesScreen, StoryTable
from tui.core import store

# The title column is 47 cells wide: longer headlines end in an ellipsis.
BAKU = "Azerbaijan orders UN agencies and NGOs to clos…"
POTI = "Poti port strike enters third day"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return build_db(tmp_path / "pressdiff.db")


def titles(app) -> list[str]:
    return [row[0] for row in story_rows(app)]


async def test_stories_list_shows_multi_outlet_stories_newest_first(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        rows = story_rows(app)
        # Singles are hidden by default because there are multi-outlet stories.
        assert rows == [
            ["Poti port strike enters third day", "2", "3", "wire·biz", "6h ago", "4h ago", "+3"],
            [BAKU, "3", "3", "wire·state·ind", "1d ago", "20h ago", "+3"],
        ]  # nothing opened yet: every article is new
        header = screen_text(app).splitlines()[0]
        assert "pressdiff — 2 stories · 4 outlets · refreshed 09:15" in header
        assert "multi-outlet only" in header


async def test_a_wider_terminal_shows_whole_headlines_and_narrowing_shortens_them(
    db_path: Path,
) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(160, 40)) as pilot:
        await settle(pilot)
        assert "Azerbaijan orders UN agencies and NGOs to close Baku offices" in titles(app)
        await pilot.resize_terminal(120, 40)
        await settle(pilot)
        assert BAKU in titles(app)


async def test_singles_toggle_shows_and_hides_single_outlet_stories(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        assert titles(app) == [
            "Manat steady as central bank holds rate",
            "Poti port strike enters third day",
            BAKU,
            "Kakheti floods cut off villages",
        ]
        assert "4 stories" in screen_text(app).splitlines()[0]
        await pilot.press("s")
        await settle(pilot)
        assert len(titles(app)) == 2


async def test_only_singles_are_shown_by_default_when_no_story_has_two_outlets(
    tmp_path: Path,
) -> None:
    app = make_app(build_db(tmp_path / "singles.db", singles_only=True))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert titles(app) == [
            "Manat steady as central bank holds rate", "Kakheti floods cut off villages",
        ]


async def test_sort_toggle_orders_by_outlet_count_then_back_to_recent(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("o")
        await settle(pilot)
        assert titles(app)[0] == BAKU
        assert "by outlets" in screen_text(app).splitlines()[0]
        await pilot.press("o")
        await settle(pilot)
        assert titles(app)[0] == "Poti port strike enters third day"


async def test_filter_by_text_is_live_and_escape_clears_it(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"dockworkers")
        await pilot.pause(0.4)  # the filter waits for typing to pause
        await settle(pilot)
        assert titles(app) == ["Poti port strike enters third day"]
        await pilot.press("escape")
        await settle(pilot)
        assert len(titles(app)) == 2
        assert not app.screen.query_one("#filter").display


async def filter_titles(pilot, value: str) -> list[str]:
    """Open the filter, put `value` in it, apply it: the titles listed then."""
    await pilot.press("slash")
    pilot.app.screen.query_one("#filter").value = value
    await pilot.press("enter")
    await settle(pilot)
    return titles(pilot.app)


async def test_filter_by_tag_words_goes_to_outlet_tags(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"tag:state-aligned", "enter")  # typed, key by key
        await settle(pilot)
        assert titles(app) == [BAKU]
        assert await filter_titles(pilot, "kind:business") == [POTI]


async def test_filter_with_no_match_says_so(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("slash", *"zzzqqq", "enter")
        await settle(pilot)
        assert titles(app) == []
        lines = screen_text(app).splitlines()
        where = next(i for i, line in enumerate(lines) if "No stories match the filter 'zzzqqq'"
                     in line)
        assert where <= 4  # under the header and the filter, not at the foot of the screen


async def test_every_tag_term_counts_and_listed_abbreviations_filter(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        # Both stories have a GB outlet; only Baku also has a state-aligned one.
        assert await filter_titles(pilot, "country:GB kind:state") == [BAKU]
        assert await filter_titles(pilot, "kind:state country:GB") == [BAKU]
        # "biz" is what the Kinds column shows for the business outlet.
        assert await filter_titles(pilot, "kind:biz") == [POTI]


async def test_enter_opens_the_story_under_the_cursor(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "enter")
        await settle(pilot)
        assert isinstance(app.screen, SideBySideScreen)
        assert app.screen.story.title.startswith("Azerbaijan orders UN agencies")
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)


async def test_cursor_stays_on_its_story_when_the_list_reloads(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("s")
        await settle(pilot)
        # Showing singles kept the cursor on the Poti story, now second; down is Baku.
        assert app.screen.current_story_id() == 2
        await pilot.press("down")
        assert app.screen.current_story_id() == 1
        db = store.connect(db_path)
        store.merge_stories(db, 2, 3)  # the top story goes away: Baku moves up a row
        db.conn.close()
        app.screen.reload()
        await settle(pilot)
        assert titles(app)[:2] == ["Poti port strike enters third day", BAKU]
        assert app.screen.current_story_id() == 1
        assert app.screen.query_one(StoryTable).cursor_row == 1


async def test_external_database_change_is_picked_up_by_polling(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert len(titles(app)) == 2
        db = store.connect(db_path)  # another process (a cron'd refresh) writes
        store.merge_stories(db, 1, 2)
        db.conn.close()
        for _ in range(16):  # the app polls every 2 s; allow for a busy machine
            await pilot.pause(0.5)
            await settle(pilot)
            if len(titles(app)) == 1:
                break
        assert titles(app) == [BAKU]
        assert story_rows(app)[0][1:3] == ["4", "6"]


async def test_first_run_panel_explains_how_to_start(tmp_path: Path) -> None:
    config = tmp_path / "feeds.toml"
    app = make_app(tmp_path / "empty.db", config_path=None)
    app.config_path = config
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        text = screen_text(app)
        assert "There are no stories yet" in text
        assert str(config) in text
        assert "press r" in text
        assert "pressdiff demo" in text
        assert not app.screen.query_one(StoryTable).display


async def test_q_quits(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("q")
        await pilot.pause()
        assert app.return_code == 0
        assert not app.is_running


async def test_paging_loads_more_rows_as_the_cursor_nears_the_end(tmp_path: Path) -> None:
    from tui.app.screens import stories

    db_path = build_db(tmp_path / "p.db")
    old = stories.PAGE_SIZE, stories.PREFETCH_MARGIN
    stories.PAGE_SIZE, stories.PREFETCH_MARGIN = 1, 1  # one story per query
    try:
        app = make_app(db_path)
        async with app.run_test(size=(120, 40)) as pilot:
            await settle(pilot)
            await pilot.press("s")
            await settle(pilot)
            table = app.screen.query_one(StoryTable)
            assert table.row_count < 4
            for _ in range(3):
                await pilot.press("down")
                await settle(pilot)
            assert table.row_count == 4
            assert titles(app)[-1] == "Kakheti floods cut off villages"
            assert app.screen.current_story_id() == 4
    finally:
        stories.PAGE_SIZE, stories.PREFETCH_MARGIN = old


async def test_an_unreadable_database_is_reported_not_a_crash(tmp_path: Path) -> None:
    broken = tmp_path / "broken.db"
    broken.write_bytes(b"this is not an SQLite database" * 100)
    app = make_app(broken)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert app.is_running
        # One lasting message where the list would be, not toasts that fade.
        assert notifications(app) == []
        message = app.screen.query_one("#stories-empty")
        assert message.display and "The database cannot be used" in screen_text(app)
        text = message.content.plain
        assert "file is not a database" in text and str(broken) in text and "--db" in text
        await pilot.press("s")  # the list's keys reload: the message stays, no error toast
        await settle(pilot)
        assert "The database cannot be used" in screen_text(app)
        assert not [n for n in notifications(app) if "database" in n]
    assert broken.read_bytes() == b"this is not an SQLite database" * 100  # nothing written


async def test_scroll_position_and_cursor_survive_a_data_change(tmp_path: Path) -> None:
    from tests.app_data import build_many
    from tui.app.messages import DataChanged

    app = make_app(build_many(tmp_path / "many.db", 80))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        for _ in range(50):
            await pilot.press("down")
        table = app.screen.query_one(StoryTable)
        assert table.cursor_row == 50 and table.scroll_y > 0
        scroll_y = table.scroll_y
        app.screen.post_message(DataChanged())  # as after a refresh
        await settle(pilot)
        assert table.cursor_row == 50
        assert app.screen.current_story_id() == 51
        assert table.scroll_y == scroll_y
