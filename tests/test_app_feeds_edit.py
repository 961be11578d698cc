"""The Feeds screen changes what pressdiff follows: `a` adds (discovery on a loopback site),
`space` turns a feed off and on, `d` removes, `e` edits an outlet's tags. feeds.toml keeps its
comments, and the change shows at once, with no restart."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.app_data import (
    CONFIG,
    build_db,
    make_app,
    notifications,
    screen_text,
    settle,
    table_rows,
)
from tests.loopback import LoopbackServer, rss
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.feed_dialogs import AddFeedScreen, TagsScreen
from tui.app.screens.feeds import FeedsScreen
from tui.core import store
from tui.core.config import load_config

COMMENTED = "# My outlets, kept by hand.\n[settings]\nper_host = 2  # be gentle\n" + CONFIG.replace(
    '[[outlet]]\nname = "Ledger"', '# the business daily\n[[outlet]]\nname = "Ledger"')


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "feeds.toml"
    config.write_text(COMMENTED)
    return build_db(tmp_path / "pressdiff.db"), config


def feed_urls(config: Path, outlet: str) -> list[str]:
    found = load_config(config).outlet(outlet)
    return [f.url for f in found.feeds] if found else []


def feed_rows(app) -> list[list[str]]:
    return table_rows(app.screen.query_one("#feeds"))


async def open_feeds(pilot) -> None:
    await settle(pilot)
    await pilot.press("f")
    await settle(pilot)
    assert isinstance(pilot.app.screen, FeedsScreen)


async def cursor_to(pilot, url: str) -> None:
    urls = [s.url for s in pilot.app.screen.statuses]
    pilot.app.screen.query_one("#feeds").move_cursor(row=urls.index(url))
    await pilot.pause()


async def test_a_adds_a_feed_found_on_a_page_and_it_shows_at_once(
    files, server: LoopbackServer
) -> None:
    db_path, config = files
    server.set("/news.xml", body=rss([{"title": "Flood", "link": "http://127.0.0.1/f",
                                       "guid": "f"}], title="Coast Post: News"))
    server.set("/views.xml", body=rss([], title="Coast Post: Views"))
    server.set("/", content_type="text/html", body=(
        b"<html><head><title>Coast Post</title>"
        b'<link rel="alternate" type="application/rss+xml" href="/news.xml">'
        b'<link rel="alternate" type="application/rss+xml" href="/views.xml">'
        b"</head><body>Home</body></html>"))
    app = make_app(db_path, config)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_feeds(pilot)
        await pilot.press("a")
        assert isinstance(app.screen, AddFeedScreen)
        app.screen.query_one("#add-url").value = server.url("/")
        app.screen.query_one("#add-tags").value = "kind=regional country=GE"
        app.screen.query_one("#add-full-text").value = False
        app.screen.query_one("#add-url").focus()
        await pilot.press("enter")  # find the feeds the page announces
        await settle(pilot)
        options = app.screen.query_one("#add-candidates")
        assert options.option_count == 2
        assert "2 feeds found" in str(app.screen.query_one("#add-status").content)
        await pilot.press("down", "enter")  # the second: Views
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert feed_urls(config, "Coast Post: Views") == [server.url("/views.xml")]
        outlet = load_config(config).outlet("Coast Post: Views")
        assert outlet.tags == {"kind": "regional", "country": "GE"}
        assert not outlet.feeds[0].full_text
        text = config.read_text()
        assert text.startswith(COMMENTED)  # everything before is as it was, comments too
        assert any(server.url("/views.xml") in row[1] and row[2] == "never"
                   for row in feed_rows(app))
        assert any("Added " + server.url("/views.xml") in n for n in notifications(app))


async def test_add_errors_are_said_in_the_dialog_and_nothing_is_written(
    files, server: LoopbackServer
) -> None:
    db_path, config = files
    server.set("/", content_type="text/html", body=b"<html><body>No feeds here</body></html>")
    app = make_app(db_path, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_feeds(pilot)
        await pilot.press("a")
        dialog = app.screen
        for url, expected in [
            (server.url("/"), "no feed"),
            ("http://wire.example/feed.xml", "already listed (outlet Caspian Wire)"),
            ("file:///etc/passwd", "only http:// and https://"),
        ]:
            dialog.query_one("#add-url").value = url
            dialog.query_one("#add-url").focus()
            await pilot.press("enter")
            await settle(pilot)
            status = str(dialog.query_one("#add-status").content)
            assert expected.lower() in status.lower(), (url, status)
        await pilot.press("escape")
        await settle(pilot)
        assert isinstance(app.screen, FeedsScreen)
        assert config.read_text() == COMMENTED


async def test_space_turns_a_feed_off_and_on(files) -> None:
    db_path, config = files
    app = make_app(db_path, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_feeds(pilot)
        await cursor_to(pilot, "http://ledger.example/feed")
        await pilot.press("space")
        await settle(pilot)
        assert not load_config(config).outlet("Ledger").feeds[0].enabled
        assert "enabled = false" in config.read_text()
        assert "# the business daily" in config.read_text()
        row = next(r for r in feed_rows(app) if "ledger.example" in r[1])
        assert row[2] == "disabled"
        await pilot.press("space")
        await settle(pilot)
        assert load_config(config).outlet("Ledger").feeds[0].enabled
        assert config.read_text() == COMMENTED  # back to the very same text


async def test_d_removes_after_asking_and_n_keeps(files) -> None:
    db_path, config = files
    app = make_app(db_path, config)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_feeds(pilot)
        await cursor_to(pilot, "http://free.example/broken")
        await pilot.press("d")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        await settle(pilot)
        assert len(feed_urls(config, "Free Caucasus Review")) == 2
        await pilot.press("d")
        await pilot.press("y")
        await settle(pilot)
        assert feed_urls(config, "Free Caucasus Review") == ["http://free.example/feed"]
        assert not any("free.example/broken" in r[1] for r in feed_rows(app))
        assert "Removed http://free.example/broken (Free Caucasus Review)" in notifications(app)
        assert not isinstance(app.screen, ConfirmScreen)  # it had no articles: nothing to ask


async def test_removing_a_feed_with_articles_offers_to_delete_them_and_keeps_worked_on_stories(
    files,
) -> None:
    db_path, config = files
    db = store.connect(db_path)
    ledger = {row[0] for row in db.execute(
        "SELECT a.id FROM articles a JOIN feeds f ON f.id = a.feed_id WHERE f.url = ?",
        ["http://ledger.example/feed"])}
    worked_on = store.stories_of_articles(db, ledger)
    story = sorted(set(worked_on.values()))[0]
    store.set_starred(db, story, True)  # the analyst starred one of its stories
    kept = sum(1 for s in worked_on.values() if s == story)
    db.conn.close()
    app = make_app(db_path, config)
    async with app.run_test(size=(120, 40), notifications=True) as pilot:
        await open_feeds(pilot)
        await cursor_to(pilot, "http://ledger.example/feed")
        await pilot.press("d", "y")
        await settle(pilot)
        assert isinstance(app.screen, ConfirmScreen)  # also delete its 3 stored articles?
        assert "Also delete its 3 stored articles?" in screen_text(app)
        await pilot.press("y")
        await settle(pilot)
        notes = notifications(app)
        assert any(n.startswith(f"Deleted {3 - kept} article") and "you worked on" in n
                   for n in notes), notes
    db = store.connect(db_path)
    marks = ",".join("?" * len(ledger))
    left = {row[0] for row in db.execute(f"SELECT id FROM articles WHERE id IN ({marks})",
                                         sorted(ledger))}
    assert len(left) == kept and set(store.stories_of_articles(db, left).values()) == {story}


async def test_e_edits_the_outlets_tags(files) -> None:
    db_path, config = files
    app = make_app(db_path, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_feeds(pilot)
        await cursor_to(pilot, "http://herald.example/rss")
        await pilot.press("e")
        assert isinstance(app.screen, TagsScreen)
        field = app.screen.query_one("#tags-value")
        assert field.value == "kind=state-aligned country=AZ"
        field.value = "kind=state-aligned country=AZ owner=[b]state[/b]"
        await pilot.press("enter")
        await settle(pilot)
        assert load_config(config).outlet("The National Herald").tags == {
            "kind": "state-aligned", "country": "AZ", "owner": "[b]state[/b]"}
        await pilot.press("e")
        app.screen.query_one("#tags-value").value = "country"  # not key=value
        await pilot.press("enter")
        assert isinstance(app.screen, TagsScreen)
        assert "write key=value" in str(app.screen.query_one("#tags-status").content)


async def test_a_change_made_on_disk_meanwhile_is_kept_not_overwritten(files) -> None:
    db_path, config = files
    app = make_app(db_path, config)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_feeds(pilot)
        # Another editor adds a note after the app read the list.
        config.write_text(config.read_text() + "\n# added in another editor\n")
        await cursor_to(pilot, "http://ledger.example/feed")
        await pilot.press("space")
        await settle(pilot)
        text = config.read_text()
        assert "# added in another editor" in text and "enabled = false" in text
