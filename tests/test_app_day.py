"""The analyst's day in the app: what is new since the last look (the New column, n, the
"news first" sort, new marks in side by side), stars (* and S), notes (a), watches (w, W,
the palette)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_data import build_db, make_app, notifications, screen_text, settle, story_rows
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.day_dialogs import NameScreen, NoteScreen, WatchesScreen
from tui.app.screens.side_by_side import SideBySideScreen
from tui.app.screens.stories import StoriesScreen
from tui.core import store

POTI = "Poti port strike enters third day"
BAKU = "Azerbaijan orders UN agencies and NGOs to clos…"


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return build_db(tmp_path / "pressdiff.db")


def header(app) -> str:
    return app.screen.query_one("#stories-header").content.plain


def new_column(app) -> dict[str, str]:
    return {row[0].lstrip("★✎ "): row[-1] for row in story_rows(app)}


async def test_news_is_counted_until_the_story_is_opened(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert new_column(app) == {POTI: "+3", BAKU: "+3"}
        assert "2 with news (n)" in header(app)
        await pilot.press("enter")  # Poti
        await settle(pilot)
        assert isinstance(app.screen, SideBySideScreen)
        # First look: every column is new to the analyst, and its header says so.
        columns = app.screen.columns()
        assert columns and all(c.new for c in columns)
        assert "new" in columns[0].query_one(".column-header").content.plain.split()
        await pilot.press("escape")
        await settle(pilot)
        assert new_column(app) == {POTI: "", BAKU: "+3"}
        assert "1 with news (n)" in header(app)
        # n goes to the next story with news; with none left, it says so.
        await pilot.press("n")
        assert app.screen.current_story_id() == 1
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("n")
        assert "No story in the list has news since you last opened it" in notifications(app)
        # Opened again: nothing is marked new any more.
        await pilot.press("enter")
        await settle(pilot)
        assert not any(c.new for c in app.screen.columns())


async def test_o_sorts_the_stories_that_moved_first(db_path: Path) -> None:
    db = store.connect(db_path)
    store.mark_story_seen(db, 2)  # Poti (the newest) was read; Baku has news
    db.conn.close()
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert [row[0] for row in story_rows(app)] == [POTI, BAKU]
        await pilot.press("o", "o")  # recent -> outlets -> news first
        await settle(pilot)
        assert [row[0] for row in story_rows(app)] == [BAKU, POTI]
        assert "news since last look first" in header(app)


async def test_star_and_starred_only(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("down", "asterisk")
        await settle(pilot)
        assert story_rows(app)[1][0].startswith("★ Azerbaijan")
        await pilot.press("S")
        await settle(pilot)
        (only,) = story_rows(app)
        assert only[0].startswith("★ Azerbaijan orders UN agencies")
        assert "starred only (S)" in header(app)
        await pilot.press("asterisk")  # off again
        await settle(pilot)
        await pilot.press("S")
        await settle(pilot)
        assert len(story_rows(app)) == 2 and not story_rows(app)[1][0].startswith("★")
    db = store.connect(db_path)
    assert store.starred_story_ids(db) == set()


async def test_a_note_is_written_shown_and_found(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, NoteScreen)
        app.screen.query_one("#note-text").text = "Ask the [b]union[/b] for turnout.\nLine 2"
        await pilot.press("ctrl+s")
        await settle(pilot)
        assert isinstance(app.screen, StoriesScreen)
        assert story_rows(app)[0][0].startswith("✎ Poti")
        assert "Note saved" in notifications(app)
        # Esc in the dialog keeps the note as it was.
        await pilot.press("a")
        app.screen.query_one("#note-text").text = "thrown away"
        await pilot.press("escape")
        await settle(pilot)
        # In side by side, under the header, literally.
        await pilot.press("enter")
        await settle(pilot)
        text = screen_text(app)
        assert "Note: Ask the [b]union[/b] for turnout." in text and "Line 2" in text
        await pilot.press("escape")
        await settle(pilot)
        # `/` finds a word of the note.
        await pilot.press("slash", *"turnout", "enter")
        await settle(pilot)
        assert [row[0] for row in story_rows(app)] == ["✎ " + POTI]
    db = store.connect(db_path)
    assert store.story_note(db, 2) == "Ask the [b]union[/b] for turnout.\nLine 2"


async def test_watches_save_list_apply_and_delete(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("w")  # no filter yet
        assert "Filter the list first (/)" in notifications(app)[-1]
        await pilot.press("slash", *"kind:state", "enter")
        await settle(pilot)
        await pilot.press("w")
        assert isinstance(app.screen, NameScreen)
        await pilot.press(*"state desk", "enter")
        await settle(pilot)
        assert "Watch 'state desk' saved: W lists watches" in notifications(app)
        await pilot.press("escape")  # clear the filter
        await settle(pilot)
        assert len(story_rows(app)) == 2
        await pilot.press("W")
        await settle(pilot)
        assert isinstance(app.screen, WatchesScreen)
        assert "1 story, 1 moved since last look" in screen_text(app)
        await pilot.press("enter")
        await settle(pilot)
        assert [row[0] for row in story_rows(app)] == [BAKU]
        assert app.screen.query_one("#filter").value == "kind:state"
        # The palette lists it too.
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert "Watch: state desk" in titles
        await pilot.press("W")
        await settle(pilot)
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
    db = store.connect(db_path)
    assert store.list_watches(db) == []


async def test_d_exports_the_listed_stories_as_one_digest(db_path: Path, tmp_path: Path,
                                                          monkeypatch) -> None:
    out = tmp_path / "briefs"
    out.mkdir()
    monkeypatch.setenv("PRESSDIFF_EXPORT_DIR", str(out))
    app = make_app(db_path)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        (digest,) = out.glob("digest-*.md")
        assert f"Exported to {digest}" in notifications(app)
        text = digest.read_text()
        assert "# Digest: 2 stories, all stored stories" in text
        assert "Poti port strike enters third day (story 2)" in text
        # Filtered: only what the list shows; an earlier digest is never overwritten.
        await pilot.press("slash", *"kind:state", "enter")
        await settle(pilot)
        await pilot.press("D")
        await settle(pilot)
        second = next(p for p in out.glob("digest-*.md") if p != digest)
        assert 'filter: "kind:state"' in second.read_text()
        assert "# Digest: 1 story" in second.read_text()


async def test_markup_in_a_watch_or_a_note_stays_text(db_path: Path) -> None:
    hostile = "[bold red]x[/] [@click=app.quit]y"
    db = store.connect(db_path)
    store.save_watch(db, hostile, "kind:state [/]")
    store.set_story_note(db, 1, "[/] " + hostile)
    db.conn.close()
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("ctrl+p", *"Watch")
        await pilot.pause(0.5)
        assert f"Watch: {hostile}" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("W")
        await settle(pilot)
        assert hostile in screen_text(app) and "kind:state [/]" in screen_text(app)
        await pilot.press("escape")
        await pilot.press("down", "enter")  # story 1, with the note
        await settle(pilot)
        assert f"Note: [/] {hostile}" in screen_text(app)
        assert app.is_running


async def test_capital_n_goes_back_to_the_previous_story_with_news_and_wraps(
        db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [row[0].lstrip("★✎ ") for row in story_rows(app)]
        assert titles[:2] == [POTI, BAKU] and len(titles) == 2
        first = app.screen.current_story_id()
        await pilot.press("N")  # from the top, back round to the last story with news
        assert app.screen.current_story_id() != first
        await pilot.press("N")
        assert app.screen.current_story_id() == first
        await pilot.press("enter")  # Poti opened: only Baku has news; N keeps finding it
        await settle(pilot)
        await pilot.press("escape")
        await settle(pilot)
        await pilot.press("N")
        baku = app.screen.current_story_id()
        assert baku != first
        await pilot.press("N")
        assert app.screen.current_story_id() == baku
        assert "No story in the list has news" not in notifications(app)
