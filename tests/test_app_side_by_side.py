"""Pilot tests of the side-by-side view and the article screen."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.app_data import build_db, make_app, notifications, screen_text, settle
from tui.app.screens.article import ArticleScreen
from tui.app.screens.side_by_side import SideBySideScreen
from tui.app.widgets.article_column import ArticleColumn
from tui.app.widgets.marked_text import BAR, OWN_BAR, MarkedText


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
        headers = [header_of(c) for c in columns]
        assert headers[0].startswith("Caspian Wire wire #")
        assert headers[1].startswith("The National Herald state #")
        assert headers[2].startswith("Free Caucasus Review ind #")
        text = screen_text(app)
        assert "3 outlets · first: Caspian Wire Nov 27 08:45 · spread 5h" in text
        assert "Baku shows the UN and NGOs the door" in text
        assert "columns" not in text.splitlines()[1]  # every column shows: no window note


async def test_column_headers_have_one_height_so_first_lines_align(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_baku(pilot)
        bodies = [c.body.region.y for c in screen.query(ArticleColumn)]
        assert len(set(bodies)) == 1
        # A long outlet name or headline never wraps a header line onto the next one.
        assert all(len(header_of(c).splitlines()) == 5 for c in screen.query(ArticleColumn))


async def test_own_sentences_carry_an_accent_bar_shared_ones_a_quiet_bar(db_path: Path) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_baku(pilot)
        assert screen.comparison is not None
        assert "45 words · 67% own" in screen_text(app)
        wire = next(c for c in screen.query(ArticleColumn) if c.article.outlet == "Caspian Wire")
        lines = wire.query_one(MarkedText).render().plain.splitlines()
        shared = [line for line in lines if line.startswith(BAR)]
        own = [line for line in lines if line.startswith(OWN_BAR)]
        assert any("foreign ministry ordered" in line for line in shared)
        assert any("A UN spokesperson in Geneva" in line for line in own)


async def test_the_status_line_names_who_shares_the_sentence_and_g_goes_there(
    db_path: Path,
) -> None:
    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_baku(pilot)
        status = screen.query_one("#sbs-status")
        await pilot.press("down")  # the first sentence: the shared wire sentence
        await pilot.pause()
        said = status.content.plain
        assert said.startswith("Also said by The National Herald, Free Caucasus Review")
        assert "g: closest wording in" in said
        await pilot.press("down")  # the wire's own sentence
        await pilot.pause()
        assert status.content.plain == "Only Caspian Wire says this"
        await pilot.press("g")
        await pilot.pause()
        assert "No other outlet has this sentence" in notifications(app)
        await pilot.press("up", "g")
        await settle(pilot)
        focused = screen.focused_column()
        assert focused is not None and focused.article.outlet != "Caspian Wire"
        sentence = focused.sentence(focused.text.cursor)
        assert sentence is not None and "foreign ministry ordered" in sentence.text
        assert status.content.plain.startswith("Also said by Caspian Wire")


async def test_many_columns_show_as_a_window_that_follows_the_focus(tmp_path: Path) -> None:
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
        assert isinstance(screen, SideBySideScreen)
        columns = list(screen.query(ArticleColumn))
        # Only what fits is mounted, and nothing is cut: three whole columns of 40.
        assert len(columns) == 3
        assert all(c.outer_size.width == 40 and c.region.right <= 120 for c in columns)
        assert "columns 1–3 of 7 (←/→)" in screen_text(app)
        for _ in range(6):
            await pilot.press("right")
            await settle(pilot, rounds=2)
        columns = list(screen.query(ArticleColumn))
        assert len(columns) == 3 and columns[-1].body.has_focus
        assert columns[-1].article.id == screen.ordered_articles()[-1].id
        assert "columns 5–7 of 7 (←/→)" in screen_text(app)


async def test_compact_mode_shows_every_outlet_at_once(tmp_path: Path) -> None:
    from tui.core import store

    db_path = build_db(tmp_path / "wide.db")
    db = store.connect(db_path)
    store.merge_stories(db, 1, 2)
    store.merge_stories(db, 1, 4)
    db.conn.close()
    app = make_app(db_path)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("c")
        await settle(pilot)
        screen = app.screen
        columns = list(screen.query(ArticleColumn))
        assert len(columns) == 7 and all(c.compact for c in columns)
        assert all(c.region.right <= 160 for c in columns)
        # Headline and lead only: the wire's second paragraph is not there.
        wire = next(c for c in columns if c.article.title.startswith("Azerbaijan orders"))
        assert "Geneva" not in wire.text.render().plain
        assert "compact: headline and lead" in screen_text(app)
        await pilot.press("c")
        await settle(pilot)
        assert len(list(screen.query(ArticleColumn))) == 4  # 160 // 38


async def test_v_hides_and_shows_the_overview(db_path: Path) -> None:
    from tui.app.widgets.overview import StoryOverview

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_baku(pilot)
        overview = screen.query_one(StoryOverview)
        assert overview.display
        text = screen_text(app)
        # Who led, each outlet's headline and own share; who is missing.
        assert "Caspian Wire" in text and "Baku shows the UN and NGOs the door" in text
        assert "quoted " in text and "missing " in text
        await pilot.press("v")
        await pilot.pause()
        assert not overview.display
        assert "missing " not in screen_text(app)
        await pilot.press("v")
        await pilot.pause()
        assert overview.display


async def test_x_removes_an_article_and_u_puts_it_back(db_path: Path) -> None:
    from tui.app.screens.confirm import ConfirmScreen

    app = make_app(db_path)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_baku(pilot)
        await pilot.press("right", "right", "x")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("y")
        await settle(pilot)
        assert column_outlets(screen) == ["Caspian Wire", "The National Herald"]
        assert any(n.endswith("(u undoes)") for n in notifications(app))
        await pilot.press("u")
        await settle(pilot)
        assert column_outlets(screen) == [
            "Caspian Wire", "The National Herald", "Free Caucasus Review",
        ]
        assert any(n.startswith("Undone: article") for n in notifications(app))
        await pilot.press("u")
        await settle(pilot)
        assert "Nothing to undo" in notifications(app)[-1]


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
        await pilot.press("v")  # the overview off: room for the texts
        await pilot.pause()
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
        # What placed it in the story: the score and the terms it shares with the story.
        matched = next(line for line in text.splitlines() if "Matched by" in line)
        assert re.search(r"Matched by\s+score [01]\.\d\d · \w", matched)
        assert "Analysts in Baku welcomed the sovereign reassessment" in text
        await pilot.press("escape")
        assert isinstance(app.screen, SideBySideScreen)


async def test_article_o_opens_only_web_links_and_c_copies(db_path: Path, monkeypatch) -> None:
    import webbrowser

    app = make_app(db_path)
    opened: list[str] = []
    copied: list[str] = []
    browser_there = [True]

    def open_browser(url: str) -> bool:
        opened.append(url)
        return browser_there[0]

    monkeypatch.setattr(webbrowser, "open", open_browser)
    async with app.run_test(size=(120, 40)) as pilot:
        monkeypatch.setattr(app, "copy_to_clipboard", copied.append)
        await open_baku(pilot)
        await pilot.press("enter")
        await settle(pilot)
        await pilot.press("o", "c")
        await settle(pilot)
        assert opened == ["http://wire.example/baku-order"]
        assert copied == ["http://wire.example/baku-order"]
        notes = notifications(app)
        assert "Opening http://wire.example/baku-order" in notes
        assert any(n.startswith("Link sent to the terminal's clipboard")
                   and n.endswith("http://wire.example/baku-order") for n in notes)
        # No browser to start (a server over SSH): said, with the link to copy instead.
        browser_there[0] = False
        await pilot.press("o")
        await settle(pilot)
        assert ("No browser could be started here; the link is "
                "http://wire.example/baku-order (c copies it)") in notifications(app)


def test_only_http_links_open_in_a_browser() -> None:
    from tui.app.screens.article import is_web_url

    assert is_web_url("https://example.org/a")
    assert not is_web_url("javascript:alert(1)")
    assert not is_web_url("file:///etc/passwd")


async def test_locked_columns_follow_a_wheel_or_scrollbar_scroll(tmp_path: Path) -> None:
    app = make_app(build_db(tmp_path / "w.db"))
    async with app.run_test(size=(120, 14)) as pilot:
        screen = await open_baku(pilot)
        await pilot.press("v")
        await pilot.pause()
        bodies = [c.body for c in screen.query(ArticleColumn)]
        # The wheel over the middle column (or its scrollbar) scrolls it...
        bodies[1].scroll_to(y=2, animate=False, immediate=True)
        await pilot.pause()
        assert [b.scroll_y for b in bodies] == [2, 2, 2]  # ...and the others follow
        await pilot.press("l")
        bodies[1].scroll_to(y=0, animate=False, immediate=True)
        await pilot.pause()
        assert [b.scroll_y for b in bodies] == [2, 0, 2]  # unlocked: only that one


async def test_framing_words_inside_a_shared_sentence_are_lit(demo_db: Path) -> None:
    """The flagship: the independent outlet's shared sentence about the order carries its
    own framing clause, and that clause, not the wire's words, is highlighted."""
    from tests.test_snapshots import demo_app
    from tui.app.widgets.marked_text import CHANGED_STYLE

    app = demo_app(demo_db)
    async with app.run_test(size=(160, 45)) as pilot:
        await settle(pilot)
        await pilot.press("o", "enter")
        await settle(pilot)
        screen = app.screen
        assert isinstance(screen, SideBySideScreen)
        free = next(a for a in screen.ordered_articles() if a.outlet == "Free Caucasus Review")
        while screen.focused_article_id() != free.id:
            await pilot.press("right")
            await settle(pilot, rounds=2)
        rendered = screen.focused_column().text.render()
        lit = {rendered.plain[span.start:span.end] for span in rendered.spans
               if str(span.style) == CHANGED_STYLE}
        lit_text = " ".join(lit)
        assert "self-isolation" in lit_text
        assert "UN Development" not in lit_text  # the wire's own words stay quiet


def test_what_matched_an_article_is_one_plain_line() -> None:
    """The evidence comes from the article's text: control characters and markup stay text,
    and an analyst's placement says so instead of a score."""
    from datetime import UTC, datetime

    from tui.app.screens.article import matched_by
    from tui.core.models import Article, Member

    article = Article(id=1, outlet="Wire", outlet_tags={}, feed_url="http://x.example/f",
                      url="http://x.example/a", title="t", author=None, published=None,
                      fetched_at=datetime(2026, 11, 28, tzinfo=UTC), summary="", text="",
                      text_source="summary", text_reason="")
    auto = Member(article, 0.4213, ("Shkmeri", "[red]x[/red]", "\x1b[2Jwipe", "scene: flood"),
                  "auto")
    assert matched_by(auto) == "score 0.42 · Shkmeri, [red]x[/red], wipe, scene: flood"
    assert matched_by(Member(article, 1.0, ("Shkmeri",), "manual")) == "placed by hand"
