"""The rough edges a new analyst hit in the walkthrough, each pinned by a test."""

from __future__ import annotations

import fcntl
from pathlib import Path

from click.testing import CliRunner

from tests.app_data import build_db, make_app, notifications, screen_text, settle, table_rows
from tests.loopback import LoopbackServer
from tui.app.screens.article import ArticleScreen
from tui.app.screens.help import HelpScreen
from tui.cli import main
from tui.core import config as cfg


def invoke(*args: str):
    return CliRunner().invoke(main, list(args), catch_exceptions=False)


# --- the demo ------------------------------------------------------------------------------------


def test_a_second_demo_is_refused_while_one_runs_and_leaves_its_files_alone() -> None:
    data = cfg.data_dir()
    data.mkdir(parents=True, exist_ok=True)
    open_db = data / "demo.db"
    open_db.write_bytes(b"the running demo's database")
    # A running demo holds the lock (a real flock, as `pressdiff demo` takes it).
    with open(data / "demo.lock", "a+") as held:
        fcntl.flock(held, fcntl.LOCK_EX | fcntl.LOCK_NB)
        held.write("4242")
        held.flush()
        result = invoke("demo", "--headless")
        assert result.exit_code == 2
        assert "a demo is already running (pid 4242" in result.output
        assert open_db.read_bytes() == b"the running demo's database"
        assert not (data / "demo-feeds.toml").exists()
    # Once it ended (or was killed: the lock goes with the process), the next demo runs.
    result = invoke("demo", "--headless")
    assert result.exit_code == 0, result.output
    assert open_db.read_bytes() != b"the running demo's database"


async def test_the_demo_says_so_in_the_header(tmp_path: Path) -> None:
    app = make_app(build_db(tmp_path / "demo.db"), demo_server_url="http://127.0.0.1:8765")
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        assert screen_text(app).splitlines()[0].startswith("pressdiff (demo) — ")


# --- a refresh where every feed fails -----------------------------------------------------------


async def test_every_feed_failing_is_one_notification_and_no_claim_of_a_refresh(
    tmp_path: Path, server: LoopbackServer
) -> None:
    config = tmp_path / "feeds.toml"
    config.write_text("".join(
        f'[[outlet]]\nname = "Outlet {n}"\nfeeds = [{{ url = "{server.url(f"/gone{n}.xml")}" }}]\n'
        for n in range(6)))
    app = make_app(tmp_path / "new.db", config_path=config)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await settle(pilot)
        await pilot.press("r")
        await app.workers.wait_for_complete()
        await settle(pilot)
        failures = [n for n in notifications(app) if "failed" in n]
        assert len(failures) == 1, notifications(app)
        assert failures[0].startswith("Refresh failed: all 6 feeds failed")
        assert "First: Outlet " in failures[0] and "HTTP 404" in failures[0]
        assert "and 5 more; the Feeds screen (f) lists every one" in failures[0]
        header = screen_text(app).splitlines()[0]
        assert "refreshed" not in header.replace("never refreshed", "")
        assert "every feed failed (f)" in header


# --- the article screen --------------------------------------------------------------------------


async def open_article(pilot) -> None:
    await settle(pilot)
    await pilot.press("down", "enter")  # the Baku story
    await settle(pilot)
    await pilot.press("enter")  # its first column's article
    await settle(pilot)
    assert isinstance(pilot.app.screen, ArticleScreen)


async def test_e_and_the_palette_export_the_articles_story(tmp_path: Path, monkeypatch) -> None:
    out = tmp_path / "briefs"
    out.mkdir()
    monkeypatch.setenv("PRESSDIFF_EXPORT_DIR", str(out))
    app = make_app(build_db(tmp_path / "p.db"))
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_article(pilot)
        # Ids the CLI's corrections take, on screen.
        assert "in story #1" in screen_text(app) and "article #" in screen_text(app)
        await pilot.press("e")
        await settle(pilot)
        (brief,) = out.glob("story-1-*.md")
        assert f"Exported to {brief}" in notifications(app)
        brief.unlink()
        await pilot.press("ctrl+p")
        await pilot.press(*"Export story")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await settle(pilot)
        assert isinstance(app.screen, ArticleScreen)
        assert len(list(out.glob("story-1-*.md"))) == 1


# --- the command palette and Esc -----------------------------------------------------------------


async def test_one_keys_entry_in_the_palette(tmp_path: Path) -> None:
    app = make_app(build_db(tmp_path / "p.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        titles = [c.title for c in app.get_system_commands(app.screen)]
        assert titles.count("Keys") == 1
        keys = next(c for c in app.get_system_commands(app.screen) if c.title == "Keys")
        keys.callback()
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_esc_closes_every_panel(tmp_path: Path) -> None:
    app = make_app(build_db(tmp_path / "p.db"))
    async with app.run_test(size=(120, 40)) as pilot:
        await settle(pilot)
        stories = app.screen
        for opening in (["question_mark"], ["m", "down", "m"], ["ctrl+p"]):
            await pilot.press(*opening)
            await settle(pilot)
            assert app.screen is not stories, opening
            await pilot.press("escape")
            await settle(pilot)
            assert app.screen is stories, opening
        await pilot.press("f", "a")  # the Feeds screen's add dialog, then the tags dialog
        await settle(pilot)
        feeds = app.screen_stack[-2]
        await pilot.press("escape")
        assert app.screen is feeds
        await pilot.press("e")
        await pilot.press("escape")
        assert app.screen is feeds
        await pilot.press("d")
        await pilot.press("escape")
        assert app.screen is feeds
        await pilot.press("escape")
        assert app.screen is stories


# --- 80x24 ---------------------------------------------------------------------------------------


async def test_at_80x24_every_column_and_the_apps_keys_fit(tmp_path: Path) -> None:
    app = make_app(build_db(tmp_path / "p.db"))
    async with app.run_test(size=(80, 24)) as pilot:
        await settle(pilot)
        lines = screen_text(app).splitlines()
        header = lines[1].split()
        assert header == ["#", "Story", "Out", "Art", "Kinds", "First", "Upd", "New"]
        table = app.screen.query_one("#stories")
        assert sum(c.width + 2 for c in table.columns.values()) <= 80 - 2  # no sideways scroll
        # Ids the CLI's corrections take, in the first column.
        assert [row[0] for row in table_rows(table)] == ["2", "1"]
        footer = lines[-1]
        for key in ("q Quit", "? Help", "f Feeds", "r Refresh"):
            assert key.replace(" ", "") in footer.replace(" ", ""), footer
        await pilot.press("question_mark")
        await settle(pilot)
        box = app.screen.query_one("VerticalScroll").region
        assert box.right <= 80 and box.bottom <= 24
        await pilot.press("escape")
        await pilot.resize_terminal(140, 40)  # wide again: full labels, wider headlines
        await settle(pilot)
        assert screen_text(app).splitlines()[1].split()[:4] == ["#", "Story", "Outlets",
                                                                "Arts"]


# --- the CLI -------------------------------------------------------------------------------------


def flagship(demo_db: Path) -> int:
    from tui.core import store

    db = store.connect(demo_db)
    return next(s.id for s in store.story_summaries(db, order="outlets")
                if "UN agencies" in s.title)


def test_plain_show_gives_what_the_readme_promises(demo_db: Path) -> None:
    result = invoke("show", str(flagship(demo_db)), "--db", str(demo_db))
    assert result.exit_code == 0
    out = result.stdout
    sections = ["Articles (score · evidence):", "Said by several outlets:",
                "Said by one outlet only", "Timeline:", "Quotes:", "Distinctive terms:"]
    positions = [out.index(section) for section in sections]
    assert positions == sorted(positions)
    unique = out[out.index("Said by one outlet only"):out.index("Timeline:")]
    assert "  The National Herald:\n" in unique and "national interest" in unique
    timeline = out[out.index("Timeline:"):out.index("Quotes:")].splitlines()[1:]
    assert "first  Caspian Wire" in timeline[0]
    assert all("+" in line for line in timeline[1:] if line.strip())
    assert "7 outlets" in out.splitlines()[1] and "1 outlets" not in out


def test_feeds_has_a_header_row_aligned_columns_and_right_plurals(demo_db: Path) -> None:
    result = invoke("feeds", "--db", str(demo_db))
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0].split()[:2] == ["STATUS", "HTTP"] and lines[0].endswith("FEED")
    feed_column = lines[0].index("FEED")
    assert all(line[feed_column:].startswith("http://") for line in lines[1:-1])
    assert lines[-1] == "8 feeds of 7 outlets"
    stories = invoke("stories", "--db", str(demo_db)).stdout
    assert " 1 outlet " in stories and "1 outlets" not in stories
    assert "1 articles" not in stories


def test_articles_for_an_unknown_outlet_say_so_and_exit_2(demo_db: Path) -> None:
    result = invoke("articles", "--outlet", "Nobody Times", "--db", str(demo_db))
    assert result.exit_code == 2
    assert "no outlet 'Nobody Times' in the database; known: Ararat Dispatch, Caspian Wire" \
        in result.output
    known = invoke("articles", "--outlet", "caspian wire", "--db", str(demo_db))
    assert known.exit_code == 0 and "Caspian Wire" in known.stdout
