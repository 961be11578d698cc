"""Bad feeds are reported, never fatal, and nothing from a feed reaches the terminal.

One real refresh (tui.core.pipeline.refresh) of a good feed plus one feed per hostile
case; then what the analyst sees: each feed's status and reason in the store and in
`pressdiff feeds`, the good feed's articles, and CLI output free of control bytes.
"""

from __future__ import annotations

import json
import re
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

import pytest
from click.testing import CliRunner

from tests.hostile_server import (
    HOSTILE_TITLE,
    HostileServer,
    Refreshed,
    refresh_cases,
)
from tests.loopback import LoopbackServer, rss
from tui.cli import main
from tui.core import store
from tui.core.feeds import _normalise, html_to_text, parse_feed
from tui.core.sanitize import is_clean

CONTENT_CASES = [
    "malformed-xml", "wrong-charset", "missing-charset", "utf16", "html-page", "empty-body",
    "binary-garbage", "missing-fields", "duplicate-guids", "bad-dates", "ten-thousand",
    "hostile-text", "hostile-pages", "rss-as-text-html", "utf8-declared-latin1",
]
# Bytes that act on a terminal: ESC, BEL, every C0 control but \n and \t, DEL and C1.
TERMINAL_CONTROLS = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")


@pytest.fixture(scope="module")
def refreshed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Refreshed]:
    directory = tmp_path_factory.mktemp("hostile-feeds")
    with HostileServer() as hostile, LoopbackServer() as good:
        yield refresh_cases(directory, hostile, good, CONTENT_CASES)


@pytest.fixture(scope="module")
def statuses(refreshed: Refreshed) -> dict[str, store.FeedStatus]:
    db = store.connect(refreshed.db)
    try:
        return {s.outlet: s for s in store.feed_statuses(db)}
    finally:
        db.close()


def _articles(refreshed: Refreshed, outlet: str) -> list:
    db = store.connect(refreshed.db)
    try:
        return store.list_articles(db, outlet=outlet)
    finally:
        db.close()


def _cli(refreshed: Refreshed, *args: str) -> str:
    result = CliRunner().invoke(
        main, [*args, "--db", str(refreshed.db), "--config", str(refreshed.config)]
    )
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("name", CONTENT_CASES)
def test_each_bad_feed_has_its_outcome_recorded(
    refreshed: Refreshed, statuses: dict[str, store.FeedStatus], name: str
) -> None:
    case = refreshed.cases[name]
    status = statuses[name]
    assert status.status == case.expect_status, (status.error, status.warnings)
    said = " ".join([status.error or "", *status.warnings]).lower()
    assert case.expect_text.lower() in said
    if case.expect_status == "failed":
        assert status.error and status.article_count == 0
    else:
        assert status.error is None


def test_the_good_feed_refreshes_normally(
    refreshed: Refreshed, statuses: dict[str, store.FeedStatus]
) -> None:
    assert statuses["good"].status == "ok" and not statuses["good"].warnings
    articles = _articles(refreshed, "good")
    assert len(articles) == 3
    assert all(a.text_source == "page" and "commission met" in a.text for a in articles)
    assert not refreshed.report.cancelled


def test_feeds_command_shows_every_outcome_and_reason(
    refreshed: Refreshed, statuses: dict[str, store.FeedStatus]
) -> None:
    output = _cli(refreshed, "feeds")
    for name in CONTENT_CASES:
        line = next(line for line in output.splitlines() if f"  {name} " in line)
        assert line.startswith(statuses[name].status)
    assert "the URL serves an HTML page, not a feed" in output
    assert "the server sent an empty body" in output
    assert "feed has 10000 entries; only the first 5000 were read" in output
    listed = {row["outlet"]: row for row in json.loads(_cli(refreshed, "feeds", "--json"))}
    assert listed["empty-body"]["status"] == "failed"
    assert listed["empty-body"]["error"] == "the server sent an empty body"


def test_utf16_feed_is_decoded(refreshed: Refreshed) -> None:
    [article] = _articles(refreshed, "utf16")
    assert article.title == "Ünïcödé from a UTF-16 feed"


def test_a_wrong_charset_is_named_in_the_warning(statuses: dict[str, store.FeedStatus]) -> None:
    [warning] = statuses["wrong-charset"].warnings
    assert warning == (
        "wrong or missing character encoding declaration "
        "(document declared as utf-8, but parsed as windows-1252)"
    )


def test_utf8_declared_as_latin1_is_read_as_utf8(
    refreshed: Refreshed, statuses: dict[str, store.FeedStatus]
) -> None:
    [article] = _articles(refreshed, "utf8-declared-latin1")
    assert article.title == "Caf\u00e9 \u00fcber Stra\u00dfe"  # not "CafÃ©"
    assert statuses["utf8-declared-latin1"].warnings == [
        "the feed declares iso-8859-1 but its text is UTF-8; it was read as UTF-8"
    ]


def test_real_latin1_is_left_alone() -> None:
    body = rss([{"title": "Caf\u00e9", "link": "http://127.0.0.1/a"}]).replace(
        b'encoding="utf-8"', b'encoding="iso-8859-1"'
    ).decode("utf-8").encode("latin-1")
    feed = parse_feed(body, "http://127.0.0.1/f", content_type="application/rss+xml")
    assert [e.title for e in feed.entries] == ["Caf\u00e9"] and feed.warnings == []


def test_entries_without_title_link_or_date(refreshed: Refreshed) -> None:
    # No link: cannot be cited, skipped. Link but no title: titled from its summary.
    [article] = _articles(refreshed, "missing-fields")
    assert article.title == "Link but no title or date."
    assert article.published is None


def test_duplicate_guids_and_links_are_stored_once(refreshed: Refreshed) -> None:
    assert [a.title for a in _articles(refreshed, "duplicate-guids")] == ["First"]


def test_future_and_unreadable_dates_are_not_trusted(
    refreshed: Refreshed, statuses: dict[str, store.FeedStatus]
) -> None:
    assert {a.title: a.published for a in _articles(refreshed, "bad-dates")} == {
        "From the future": None, "Unreadable date": None, "Out of range": None,
    }
    assert "some entry dates could not be read" in statuses["bad-dates"].warnings


def test_ten_thousand_entries_are_read_up_to_the_cap(
    statuses: dict[str, store.FeedStatus]
) -> None:
    assert statuses["ten-thousand"].article_count == 5000


def test_hostile_pages_fall_back_to_the_feed_text_with_a_reason(refreshed: Refreshed) -> None:
    reasons = {a.url.rsplit("/", 1)[1]: a for a in _articles(refreshed, "hostile-pages")}
    assert reasons["page-bomb"].text_reason == (
        "page not fetched: body larger than the 1024 KiB limit"
    )
    assert reasons["page-to-file"].text_reason == (
        "page not fetched: refusing to fetch a non-http(s) address (file:)"
    )
    assert reasons["page-png"].text_reason == "page is not HTML (image/png)"
    assert reasons["page-404"].text_reason == "page not fetched: HTTP 404 Not Found"
    assert reasons["page-drip"].text_reason == "page not fetched: timed out after 3 s"
    for name in ("page-bomb", "page-to-file", "page-png", "page-404", "page-drip"):
        assert reasons[name].text == f"Feed summary for {name}."
    ansi = reasons["page-ansi"]
    assert ansi.text_source == "page" and is_clean(ansi.text)
    assert "[bold]not bold[/bold] [@click=app.quit]quit[/]" in ansi.text


def test_one_malformed_link_does_not_cost_the_whole_feed() -> None:
    body = rss([
        {"title": "Broken link", "link": "http://[::1/oops"},
        {"title": "Broken GUID as link", "guid": "http://[::1/guid"},
        {"title": "Fine", "link": "http://127.0.0.1/fine"},
    ])
    feed = parse_feed(body, "http://127.0.0.1/feed")
    assert [e.title for e in feed.entries] == ["Fine"]
    assert feed.warnings and all(w.endswith("were skipped") for w in feed.warnings)
    # Where feedparser passes such a link on, resolving it must not raise either.
    warnings: set[str] = set()
    assert _normalise({"link": "http://[::1/x", "title": "t"}, "http://127.0.0.1/f",
                      datetime.now(UTC), warnings) is None
    assert warnings == {"some entries link to non-http(s) addresses and were skipped"}


@pytest.mark.parametrize(
    "summary",
    ["<" * 300_000, "<script>" * 40_000, "<p " * 100_000, "<style>" * 40_000],
    ids=["lone-lt", "unclosed-scripts", "unclosed-paragraphs", "unclosed-styles"],
)
def test_pathological_summaries_are_read_in_linear_time(summary: str) -> None:
    # Each of these took minutes with regexes that rescan the rest of the text at every
    # '<'; the thread join is a hang guard, far above the ~0.1 s they take now.
    done: list[str] = []
    worker = threading.Thread(target=lambda: done.append(html_to_text(summary)), daemon=True)
    worker.start()
    worker.join(20)
    assert done, "html_to_text did not finish"
    assert "script" not in done[0] and "style" not in done[0]


def test_scripts_and_styles_are_dropped_with_their_content() -> None:
    html = "<p>a</p><script>evil()</script>b<STYLE>x{}</style >d<script>never closed"
    assert html_to_text(html) == "a\n\nb d"


# --- nothing from a feed reaches the terminal --------------------------------------------------


def test_no_stored_text_field_carries_control_characters(refreshed: Refreshed) -> None:
    db = store.connect(refreshed.db)
    try:
        for table in ("articles", "feeds", "outlets", "clusters", "fetch_log"):
            columns = [c.name for c in db[table].columns if c.type == "TEXT"]
            for row in db.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall():
                for column, value in zip(columns, row, strict=True):
                    assert value is None or is_clean(value), (table, column, value)
    finally:
        db.close()


def test_hostile_title_is_stored_as_literal_text(refreshed: Refreshed) -> None:
    titles = [a.title for a in _articles(refreshed, "hostile-text")]
    hostile = next(t for t in titles if t.startswith("Red alert"))
    assert HOSTILE_TITLE.startswith("\x1b[2J\x1b[31mRed alert")
    # Escape sequences are gone with their payloads (the OSC 52 clipboard text, the
    # OSC 0 window title); Rich/Textual markup stays, as plain text.
    assert hostile.startswith(
        "Red alert clipboard [bold]bold[/bold] [@click=app.quit]quit[/] "
        "[link=file:///etc/passwd]link[/link] "
    )
    assert hostile.endswith("C1 bell nul end")
    assert "cm0gLXJmIH4K" not in hostile and "owned title" not in hostile


def test_links_to_other_schemes_are_never_stored(refreshed: Refreshed) -> None:
    urls = [a.url for a in _articles(refreshed, "hostile-text")]
    assert urls and all(u.startswith("http://127.0.0.1:") for u in urls)
    assert not any(t in u for u in urls for t in ("javascript", "file:", "data:", "\x85"))


def _story_of(refreshed: Refreshed, title_start: str) -> int:
    db = store.connect(refreshed.db)
    try:
        article = next(
            a for a in store.list_articles(db, outlet="hostile-text")
            if a.title.startswith(title_start)
        )
        story = store.story_of_article(db, article.id)
        assert story is not None
        return story
    finally:
        db.close()


def test_cli_outputs_carry_no_control_bytes(refreshed: Refreshed) -> None:
    story = str(_story_of(refreshed, "Red alert"))
    outputs = {
        " ".join(args): _cli(refreshed, *args)
        for args in (
            ("articles",), ("articles", "--json"), ("feeds",), ("feeds", "--json"),
            ("clusters",), ("clusters", "--json"), ("show", story), ("show", story, "--json"),
            ("export", story),
        )
    }
    for command, output in outputs.items():
        bad = TERMINAL_CONTROLS.search(output)
        assert bad is None, f"`pressdiff {command}` printed {bad.group()!r}"
    # The markup is shown as the literal text the feed sent.
    assert "[@click=app.quit]quit[/]" in outputs["articles"]
    assert "[link=file:///etc/passwd]link[/link]" in outputs[f"show {story}"]
    hostile = next(
        a for a in json.loads(outputs["articles --json"]) if a["title"].startswith("Red alert")
    )
    assert hostile["author"].startswith("Mallory blink") and "evil.example" not in str(hostile)


def test_export_of_a_hostile_title_to_a_directory_gets_a_safe_name(
    refreshed: Refreshed, tmp_path: Path
) -> None:
    story = _story_of(refreshed, "../../etc/passwd")
    target = tmp_path / "briefs"
    target.mkdir()
    output = _cli(refreshed, "export", str(story), "-o", f"{target}/")
    written = Path(output.strip())
    assert written.parent == target and written.exists()
    assert re.fullmatch(rf"story-{story}-[a-z0-9-]+\.md", written.name)
    assert len(written.name) <= 84
    assert [p.name for p in target.iterdir()] == [written.name]
    assert TERMINAL_CONTROLS.search(written.read_text("utf-8")) is None
