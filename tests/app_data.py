"""A small pressdiff database for the app's pilot tests, built through the store API.

Three outlets of different kinds, a three-outlet story with shared wire sentences, a
two-outlet story where one outlet has two articles, single-outlet stories, and a failed feed.
`hostile=True` adds a story whose title and outlet name are Rich markup.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

from tui.core import store
from tui.core.cluster import Placement
from tui.core.config import parse_config
from tui.core.feeds import Entry

NOW = datetime(2026, 11, 28, 9, 45, tzinfo=UTC)
HOSTILE_TITLE = "[bold red]x[/] [@click=app.quit]y[/]"
HOSTILE_OUTLET = "[b]Evil[/b] [@click=app.quit]News[/]"

CONFIG = """
[[outlet]]
name = "Caspian Wire"
tags = { kind = "wire", country = "GB" }
feeds = [{ url = "http://wire.example/feed.xml" }]

[[outlet]]
name = "The National Herald"
tags = { kind = "state-aligned", country = "AZ" }
feeds = [{ url = "http://herald.example/rss" }]

[[outlet]]
name = "Free Caucasus Review"
tags = { kind = "independent", country = "GE" }
feeds = [{ url = "http://free.example/feed" }, { url = "http://free.example/broken" }]

[[outlet]]
name = "Ledger"
tags = { kind = "business", country = "GB" }
feeds = [{ url = "http://ledger.example/feed" }]
"""

HOSTILE_CONFIG = """
[[outlet]]
name = "[b]Evil[/b] [@click=app.quit]News[/]"
tags = { kind = "opinion" }
feeds = [{ url = "http://evil.example/feed" }]
"""

SHARED = (
    "The foreign ministry ordered the offices of UNDP and UNHCR to close within 30 days. "
)

# (story id, outlet, feed url, slug, title, hours before NOW, text)
ARTICLES = [
    (1, "Caspian Wire", "http://wire.example/feed.xml", "baku-order",
     "Azerbaijan orders UN agencies and NGOs to close Baku offices", 25,
     SHARED + "The ministry said the mandates of the offices had been fulfilled. "
     "Two NGOs confirmed they had received the order.\n\n"
     "A UN spokesperson in Geneva said the organisation regretted the decision."),
    (1, "The National Herald", "http://herald.example/rss", "new-format",
     "Azerbaijan moves to a new format of partnership with the UN", 23,
     SHARED + "Officials stressed that cooperation would continue project by project. "
     "The decision reflects the country's economic success, the ministry said.\n\n"
     "Analysts in Baku welcomed the sovereign reassessment of foreign partnerships."),
    (1, "Free Caucasus Review", "http://free.example/feed", "door",
     "Baku shows the UN and NGOs the door", 20,
     SHARED + "Rights groups called the order a blow to civil society. "
     "Local staff now face an uncertain future.\n\n"
     "Critics said the move deepens the country's self-isolation."),
    (2, "Caspian Wire", "http://wire.example/feed.xml", "poti-strike",
     "Poti port strike enters third day", 6,
     "Dockworkers at Poti stayed off the job for a third day over pay. "
     "Ships queued at anchor outside the port."),
    (2, "Ledger", "http://ledger.example/feed", "poti-freight",
     "Poti stoppage lifts Black Sea freight rates", 5,
     "Freight rates on Black Sea routes rose as the Poti stoppage dragged on. "
     "Brokers said insurers were watching closely."),
    (2, "Ledger", "http://ledger.example/feed", "poti-reprint",
     "Poti port strike enters third day (wire)", 4,
     "Dockworkers at Poti stayed off the job for a third day over pay. "
     "Ships queued at anchor outside the port."),
    (3, "Ledger", "http://ledger.example/feed", "manat",
     "Manat steady as central bank holds rate", 3,
     "The central bank held its main rate at 7.25 percent. The manat was steady."),
    (4, "Free Caucasus Review", "http://free.example/feed", "floods",
     "Kakheti floods cut off villages", 30,
     "Flash floods cut off three villages in Kakheti. Residents waited for help."),
]


def _entry(slug: str, base: str, title: str, hours: float, text: str) -> Entry:
    url = f"{base}/{slug}"
    return Entry(
        url=url, link=url, guid=url, title=title, author="Staff reporter",
        published=NOW - timedelta(hours=hours), summary=text.split(". ")[0] + ".",
        content=text,
    )


def build_db(path: Path, *, hostile: bool = False, singles_only: bool = False) -> Path:
    """Create the test database at `path` and return `path`.

    singles_only: keep only single-outlet stories (to test the singles default)."""
    db = store.connect(path)
    config = parse_config(CONFIG + (HOSTILE_CONFIG if hostile else ""))
    store.sync_config(db, config)
    feeds = {row.url: row for row in store.active_feeds(db)}
    rows = [r for r in ARTICLES if not singles_only or r[0] in (3, 4)]
    if hostile:
        rows.append((5, HOSTILE_OUTLET, "http://evil.example/feed", "evil", HOSTILE_TITLE, 1,
                     "Plain body [bold]not bold[/bold] with [@click=app.quit]a link[/]. "
                     "Second sentence here."))
        rows.append((5, "Caspian Wire", "http://wire.example/feed.xml", "evil-wire",
                     "Wire copy of " + HOSTILE_TITLE, 2, "Wire text about the event."))
    fetched = NOW - timedelta(minutes=30)
    by_feed: dict[str, list[tuple]] = {}
    for row in rows:
        by_feed.setdefault(row[2], []).append(row)
    ids: dict[str, int] = {}
    for url, feed in feeds.items():
        entries = [
            _entry(slug, url.rsplit("/", 1)[0], title, hours, text)
            for _, _, _, slug, title, hours, text in by_feed.get(url, [])
        ]
        if url.endswith("/broken"):
            outcome = store.FeedOutcome(
                status="failed", started_at=fetched, duration_ms=80, http_status=404,
                error="HTTP 404 Not Found",
            )
        else:
            outcome = store.FeedOutcome(
                status="ok", started_at=fetched, duration_ms=120, http_status=200
            )
        result = store.save_feed_refresh(db, feed, outcome, entries)
        for entry, article_id in zip(entries, result.new_ids, strict=True):
            ids[entry.url.rsplit("/", 1)[1]] = article_id
    placements = [
        Placement(ids[slug], story_id, 0.8, ("baku",)) for story_id, _, _, slug, *_ in rows
    ]
    first_of: dict[int, int] = {}
    for story_id, _, _, slug, *_ in rows:
        first_of.setdefault(story_id, ids[slug])
    store.save_placements(db, placements, representatives=first_of)
    db.conn.close()
    return path


def article_ids(path: Path) -> dict[str, int]:
    """Title -> article id, for tests that need an id."""
    db = store.connect(path)
    try:
        return {a.title: a.id for a in store.list_articles(db)}
    finally:
        db.conn.close()


# --- helpers for pilot tests ---------------------------------------------------------------------


def make_app(path: Path, config_path: Path | None = None, **kwargs):
    """The app on `path` with the fixed clock, so relative times do not move."""
    from tui.app.app import PressdiffApp

    return PressdiffApp(path, config_path, now=lambda: NOW, **kwargs)


async def settle(pilot, rounds: int = 6) -> None:
    """Let workers finish and their messages land (workers may start further workers)."""
    for _ in range(rounds):
        await pilot.pause()
        await pilot.app.workers.wait_for_complete()
    await pilot.pause()


def table_rows(table) -> list[list[str]]:
    """What the user reads in a DataTable, row by row."""
    return [[cell.plain for cell in table.get_row_at(i)] for i in range(table.row_count)]


def story_rows(app) -> list[list[str]]:
    """The stories list as read, without its first column (the story id)."""
    from tui.app.screens.stories import StoryTable

    return [row[1:] for row in table_rows(app.screen.query_one(StoryTable))]


def notifications(app) -> list[str]:
    return [str(n.message) for n in app._notifications]


def screen_text(app) -> str:
    """The visible screen as plain text (from the SVG screenshot the snapshot tests use)."""
    import html
    import re

    svg = app.export_screenshot()
    rows: dict[int, list[tuple[float, str]]] = {}
    pattern = (r'<text class="[^"]*" x="([\d.]+)" y="[\d.]+"[^>]*?'
               r'clip-path="url\(#[^)]*-line-(\d+)\)">(.*?)</text>')
    for match in re.finditer(pattern, svg):
        rows.setdefault(int(match.group(2)), []).append(
            (float(match.group(1)), html.unescape(match.group(3)))
        )
    return "\n".join(
        "".join(text for _, text in sorted(parts)).replace("\xa0", " ")
        for _, parts in sorted(rows.items())
    )


def build_many(path: Path, stories: int) -> Path:
    """`stories` two-outlet stories, an hour apart: a list longer than the screen."""
    db = store.connect(path)
    store.sync_config(db, parse_config(CONFIG))
    feeds = {row.outlet: row for row in store.active_feeds(db)}
    placements = []
    for outlet, base in (("Caspian Wire", "http://wire.example"), ("Ledger", "http://ledger.example")):
        entries = [
            _entry(f"s{n}", base, f"Story number {n}", n, f"Text of story {n}. More text.")
            for n in range(stories)
        ]
        result = store.save_feed_refresh(
            db, feeds[outlet],
            store.FeedOutcome(status="ok", started_at=NOW, duration_ms=10, http_status=200),
            entries,
        )
        placements += [Placement(aid, n + 1, 0.9, ("story",))
                       for n, aid in enumerate(result.new_ids)]
    store.save_placements(db, placements)
    db.conn.close()
    return path
