"""Pilot tests of the side-by-side view and the article screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_data import build_db, make_app, notifications, screen_text, settle
from tui.app.screens.article import ArticleScreen
from tui.app.screens.side_by_side import SideBySideScreen
from tui.app.widgets.article_column import ArticleColumn
from tui.app.widgets.marked_text import BAR, MarkedText


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return build_db(tmp_path / "pressdiff.db")


async def open_baku(pilot) -> SideBySideScreen:
    await settle(pilot)
    await pilot.press("down", "enter")  # the Baku story is the second row
    await settle(pilot)
    screen = pilot.app.screen
    assert isinstance(screen, SideBySideScreen)
    return screen


def header_of(column: ArticleColumn) -> str:
    return column.query_one(".column-header").content.plain


def column_outlets(screen: SideBySideScreen) -> list[str]:
    return [column.article.outlet for column in screen.query(ArticleColumn)]


async def test_three_outlets_fit_side_by_side_at_120_columns(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_baku(pilot)
        columns = list(screen.query(ArticleColumn))
        assert column_outlets(screen) == [
            "Caspian Wire", "The National Herald", "Free Caucasus Review",
        ]
        # All three visible without scrolling: each inside the 120-cell screen.
        assert all(c.region.right <= 120 and c.outer_size.width >= 38 for c in columns)
        text = screen_text(app)
        assert "Caspian Wire (wire)" in text
        assert "The National Herald (state-aligned)" in text
        assert "Free Caucasus Review (independent)" in text
        assert "3 outlets · first: Caspian Wire Nov 27 08:45 · spread 5h" in text
        assert "Baku shows the UN and NGOs the door" in text


async def test_shared_sentences_carry_a_bar_and_columns_show_percent_own(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_baku(pilot)
        assert screen.comparison is not None
        text = screen_text(app)
        assert "45 words · 67% own" in text
        wire = next(c for c in screen.query(ArticleColumn) if c.article.outlet == "Caspian Wire")
        lines = wire.query_one(MarkedText).render().plain.splitlines()
        shared = [line for line in lines if line.startswith(BAR)]
        own = [line for line in lines if line and not line.startswith(BAR)]
        assert any("foreign ministry ordered" in line for line in shared)
        assert any("A UN spokesperson in Geneva" in line for line in own)


async def test_reprint_badge_replaces_word_count(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")  # the Poti story: Ledger carries a wire reprint
        await settle(pilot)
        headers = [header_of(c) for c in app.screen.query(ArticleColumn)]
        assert "reprint of Caspian Wire" in headers[2]
        assert "words" not in headers[2]
        assert "Ledger reprint" in screen_text(app)


async def test_more_outlets_scroll_horizontally_with_fixed_min_width(tmp_path: Path) -> None:
    from tui.core import store

    db_path = build_db(tmp_path / "wide.db")
    db = store.connect(db_path)
    store.merge_stories(db, 1, 2)  # 6 articles: too many for 120 cells
    store.merge_stories(db, 1, 4)
    db.conn.close()
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        screen = app.screen
        columns = list(screen.query(ArticleColumn))
        assert len(columns) == 7
        assert all(c.outer_size.width == 38 for c in columns)
        container = screen.query_one("#columns")
        assert container.max_scroll_x > 0
        for _ in range(6):
            await pilot.press("right")
        await pilot.pause()
        assert columns[-1].body.has_focus
        assert container.scroll_x > 0  # the focused column was scrolled into view


async def test_t_toggles_column_order_between_time_and_kind(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_baku(pilot)
        await pilot.press("t")
        await settle(pilot)
        # Kinds sorted: independent, state-aligned, wire.
        assert column_outlets(screen) == [
            "Free Caucasus Review", "The National Herald", "Caspian Wire",
        ]
        await pilot.press("t")
        await settle(pilot)
        assert column_outlets(screen)[0] == "Caspian Wire"


async def test_j_k_scroll_all_columns_and_l_unlocks(tmp_path: Path) -> None:
    db_path = build_db(tmp_path / "s.db")
    app = make_app(db_path)
    async with app.run_test(size=(120, 14)) as pilot:  # short screen: the texts overflow
        screen = await open_baku(pilot)
        bodies = [c.body for c in screen.query(ArticleColumn)]
        assert all(b.max_scroll_y > 0 for b in bodies)
        await pilot.press("j")
        await pilot.pause()
        assert [b.scroll_y for b in bodies] == [1, 1, 1]
        await pilot.press("l", "right", "j", "j")
        await pilot.pause()
        assert [b.scroll_y for b in bodies] == [1, 3, 1]
        assert "Scrolling the focused column only" in notifications(app)
        await pilot.press("k")
        await pilot.pause()
        assert [b.scroll_y for b in bodies] == [1, 2, 1]


async def test_enter_on_a_column_opens_the_article_with_provenance(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_baku(pilot)
        await pilot.press("right", "enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        text = screen_text(app)
        assert "The National Herald (state-aligned)" in text
        assert "Azerbaijan moves to a new format of partnership with the UN" in text
        assert "URL          http://herald.example/new-format" in text
        assert "Published    2026-11-27 10:45 UTC (23h ago)" in text
        assert "Fetched at" in text
        assert "Text source  feed full text — full text carried by the feed" in text
        assert "Analysts in Baku welcomed the sovereign reassessment" in text
        await pilot.press("escape")
        assert isinstance(app.screen, SideBySideScreen)


async def test_article_o_opens_only_web_links_and_c_copies(db_path: Path, monkeypatch) -> None:
    app = make_app(db_path)
    opened: list[str] = []
    copied: list[str] = []
    async with app.run_test(size=(120, 40)) as pilot:
        monkeypatch.setattr(app, "open_url", lambda url, **_: opened.append(url))
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await open_baku(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o", "c")
        await pilot.pause()
        assert opened == ["http://wire.example/baku-order"]
        assert copied == ["http://wire.example/baku-order"]
        assert "Link copied: http://wire.example/baku-order" in notifications(app)


def test_only_http_links_open_in_a_browser() -> None:
    from tui.app.screens.article import is_web_url

    assert is_web_url("https://example.org/a")
    assert not is_web_url("javascript:alert(1)")
    assert not is_web_url("file:///etc/passwd")


async def test_locked_columns_follow_a_wheel_or_scrollbar_scroll(tmp_path: Path) -> None:
    app = make_app(build_db(tmp_path / "w.db"))
    async with app.run_test(size=(120, 14)) as pilot:
        screen = await open_baku(pilot)
        bodies = [c.body for c in screen.query(ArticleColumn)]
        # The wheel over the middle column (or its scrollbar) scrolls it...
        bodies[1].scroll_to(y=2, animate=False, immediate=True)
        await pilot.pause()
        assert [b.scroll_y for b in bodies] == [2, 2, 2]  # ...and the others follow
        await pilot.press("l")
        bodies[1].scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        assert [b.scroll_y for b in bodies] == [2, 0, 2]  # unlocked: only that one
