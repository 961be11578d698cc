"""SQLite store: migrations, config sync, one-transaction feed refreshes with dedup,
full-text search, the stories list and the analyst's corrections."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
import sqlite_utils

from tui.core import store
from tui.core.config import parse_config
from tui.core.feeds import Entry
from tui.core.story_filter import parse_filter

T0 = datetime(2026, 11, 24, 8, 0, tzinfo=UTC)

CONFIG = """\
[[outlet]]
name = "Caspian Wire"
tags = { kind = "wire", country = "GB" }
feeds = ["https://wire.example/rss"]

[[outlet]]
name = "Baku Herald"
tags = { kind = "state-aligned", country = "AZ" }
feeds = ["https://herald.example/rss", "https://herald.example/opinion"]

[[outlet]]
name = "Lantern"
tags = { kind = "independent", country = "AM" }
feeds = ["https://lantern.example/atom"]
"""


def entry(
    url: str,
    title: str = "A headline",
    *,
    guid: str | None = None,
    summary: str = "",
    content: str = "",
    published: datetime | None = T0,
    author: str | None = None,
) -> Entry:
    return Entry(url=url, link=url, guid=guid, title=title, author=author, published=published,
                 summary=summary, content=content)


def outcome(status: str = "ok", **kwargs) -> store.FeedOutcome:
    return store.FeedOutcome(status=status, started_at=T0, duration_ms=12, http_status=200,
                             **kwargs)


@pytest.fixture
def db(tmp_path: Path) -> sqlite_utils.Database:
    database = store.connect(tmp_path / "p.db")
    store.sync_config(database, parse_config(CONFIG))
    yield database
    database.close()


def feed(db: sqlite_utils.Database, url: str) -> store.FeedRow:
    return next(f for f in store.active_feeds(db) if f.url == url)


def count(db: sqlite_utils.Database, sql: str, params: list | None = None) -> int:
    return db.execute(sql, params or []).fetchone()[0]


# --- opening -----------------------------------------------------------------------------------


def test_migrations_are_recorded_and_idempotent(tmp_path: Path) -> None:
    path = tmp_path / "m.db"
    first = store.connect(path)
    names = [r["name"] for r in first["_migrations"].rows]
    assert names == [name for name, _ in store.MIGRATIONS]
    assert store.migrate(first) == []  # nothing left to apply
    first.close()
    again = store.connect(path)
    assert [r["name"] for r in again["_migrations"].rows] == names
    assert {"articles", "feeds", "outlets", "clusters", "articles_fts"} <= set(again.table_names())


def test_database_uses_wal(tmp_path: Path) -> None:
    database = store.connect(tmp_path / "w.db")
    assert database.execute("PRAGMA journal_mode").fetchone()[0] == "wal"


def test_a_file_that_is_not_a_database_is_a_store_error(tmp_path: Path) -> None:
    path = tmp_path / "notes.db"
    path.write_bytes(b"these are my notes, not SQLite" * 100)
    with pytest.raises(store.StoreError, match="notes.db: cannot open database"):
        store.connect(path)


# --- config sync -------------------------------------------------------------------------------

def test_installed_sqlite_utils_plugins_do_not_touch_pressdiffs_connection(
        tmp_path: Path) -> None:
    """A sqlite-utils plugin installed for other work (its prepare_connection hook runs on
    every sqlite-utils connection by default) does not reach pressdiff's database."""
    from sqlite_utils import hookimpl
    from sqlite_utils.plugins import pm

    class Plugin:
        __name__ = "intruder"

        @hookimpl
        def prepare_connection(self, conn: sqlite3.Connection) -> None:
            conn.create_function("intruder", 0, lambda: "here")

    plugin = Plugin()
    pm.register(plugin, name="intruder")
    try:
        assert sqlite_utils.Database(memory=True).execute("select intruder()").fetchone()
        database = store.connect(tmp_path / "p.db")
        with pytest.raises(sqlite3.OperationalError, match="no such function"):
            database.execute("select intruder()")
    finally:
        pm.unregister(plugin)



def test_sync_config_creates_outlets_and_feeds(db: sqlite_utils.Database) -> None:
    feeds = store.active_feeds(db)
    assert [(f.outlet, f.url) for f in feeds] == [
        ("Baku Herald", "https://herald.example/rss"),
        ("Baku Herald", "https://herald.example/opinion"),
        ("Caspian Wire", "https://wire.example/rss"),
        ("Lantern", "https://lantern.example/atom"),
    ]
    assert [f.url for f in store.active_feeds(db, "lantern")] == ["https://lantern.example/atom"]


def test_dropped_feed_goes_inactive_and_keeps_its_articles(db: sqlite_utils.Database) -> None:
    store.save_feed_refresh(
        db, feed(db, "https://lantern.example/atom"), outcome(),
        [entry("https://lantern.example/a", "Essay one")],
    )
    trimmed = CONFIG.split("[[outlet]]\nname = \"Lantern\"")[0]
    store.sync_config(db, parse_config(trimmed))
    assert "https://lantern.example/atom" not in [f.url for f in store.active_feeds(db)]
    assert count(db, "SELECT count(*) FROM articles WHERE url = 'https://lantern.example/a'") == 1
    assert [s.outlet for s in store.feed_statuses(db)].count("Lantern") == 0
    # Put back in the config, the feed is active again with its history.
    store.sync_config(db, parse_config(CONFIG))
    status = next(s for s in store.feed_statuses(db) if s.outlet == "Lantern")
    assert status.article_count == 1 and status.status == "ok"


def test_sync_config_updates_feed_options(db: sqlite_utils.Database) -> None:
    changed = CONFIG.replace(
        'feeds = ["https://lantern.example/atom"]',
        'feeds = [{ url = "https://lantern.example/atom", full_text = false, enabled = false }]',
    )
    store.sync_config(db, parse_config(changed))
    row = feed(db, "https://lantern.example/atom")
    assert (row.enabled, row.full_text) == (False, False)


# --- saving a feed's refresh -------------------------------------------------------------------


def test_save_reports_new_then_updated_then_unchanged(db: sqlite_utils.Database) -> None:
    wire = feed(db, "https://wire.example/rss")
    first = store.save_feed_refresh(db, wire, outcome(etag='"v1"'), [
        entry("https://wire.example/1", "Offices ordered closed", summary="Short."),
        entry("https://wire.example/2", "Rates held"),
    ])
    assert len(first.new_ids) == 2 and first.updated_ids == []
    second = store.save_feed_refresh(db, wire, outcome(etag='"v2"'), [
        entry("https://wire.example/1", "Offices ordered closed (updated)", summary="Short."),
        entry("https://wire.example/2", "Rates held"),
    ])
    assert second.new_ids == [] and second.updated_ids == [first.new_ids[0]]
    assert store.get_article(db, first.new_ids[0]).title == "Offices ordered closed (updated)"
    assert feed(db, "https://wire.example/rss").etag == '"v2"'
    log = list(db["fetch_log"].rows_where(order_by="id"))
    assert [(r["new_articles"], r["updated_articles"]) for r in log] == [(2, 0), (0, 1)]


def test_same_url_twice_is_one_row(db: sqlite_utils.Database) -> None:
    herald_rss = feed(db, "https://herald.example/rss")
    herald_opinion = feed(db, "https://herald.example/opinion")
    a = store.save_feed_refresh(db, herald_rss, outcome(), [entry("https://herald.example/x")])
    b = store.save_feed_refresh(db, herald_opinion, outcome(), [entry("https://herald.example/x")])
    assert len(a.new_ids) == 1 and b.new_ids == []
    assert count(db, "SELECT count(*) FROM articles") == 1


def test_same_guid_with_a_changed_url_is_one_row(db: sqlite_utils.Database) -> None:
    herald = feed(db, "https://herald.example/rss")
    store.save_feed_refresh(db, herald, outcome(), [
        entry("https://herald.example/2026/draft-slug", "Closures", guid="urn:herald:881"),
    ])
    result = store.save_feed_refresh(db, herald, outcome(), [
        entry("https://herald.example/2026/final-slug", "Closures", guid="urn:herald:881"),
    ])
    assert result.new_ids == []
    assert count(db, "SELECT count(*) FROM articles") == 1


def test_same_guid_in_another_outlet_is_another_article(db: sqlite_utils.Database) -> None:
    store.save_feed_refresh(db, feed(db, "https://herald.example/rss"), outcome(),
                            [entry("https://herald.example/a", guid="1")])
    other = store.save_feed_refresh(db, feed(db, "https://lantern.example/atom"), outcome(),
                                    [entry("https://lantern.example/a", guid="1")])
    assert len(other.new_ids) == 1


def test_fallback_text_prefers_feed_content_then_summary_then_title(
    db: sqlite_utils.Database,
) -> None:
    saved = store.save_feed_refresh(db, feed(db, "https://wire.example/rss"), outcome(), [
        entry("https://wire.example/c", summary="Short summary.",
              content="The full text carried by the feed, several words long."),
        entry("https://wire.example/s", summary="Only a summary here."),
        entry("https://wire.example/t", "Only a title"),
    ])
    sources = [store.get_article(db, i) for i in saved.new_ids]
    assert [(a.text_source, a.text) for a in sources] == [
        ("feed", "The full text carried by the feed, several words long."),
        ("summary", "Only a summary here."),
        ("title", "Only a title"),
    ]


class Exploding:
    """An entry that fails as soon as the store reads it."""

    def __getattr__(self, name: str):
        raise RuntimeError("entry exploded")


def test_a_failure_midway_leaves_nothing_behind(db: sqlite_utils.Database) -> None:
    wire = feed(db, "https://wire.example/rss")
    with pytest.raises(RuntimeError, match="entry exploded"):
        store.save_feed_refresh(db, wire, outcome(etag='"new"'), [
            entry("https://wire.example/1", "First entry"), Exploding(),
        ])
    assert count(db, "SELECT count(*) FROM articles") == 0
    assert count(db, "SELECT count(*) FROM fetch_log") == 0
    row = feed(db, "https://wire.example/rss")
    assert row.etag is None
    assert next(s for s in store.feed_statuses(db) if s.outlet == "Caspian Wire").status == "never"
    # The connection is usable afterwards.
    ok = store.save_feed_refresh(db, wire, outcome(), [entry("https://wire.example/1")])
    assert len(ok.new_ids) == 1


def test_failed_refresh_keeps_validators_and_records_the_error(db: sqlite_utils.Database) -> None:
    wire = feed(db, "https://wire.example/rss")
    store.save_feed_refresh(db, wire, outcome(etag='"v1"', last_modified="Mon, 23 Nov 2026"), [])
    store.save_feed_refresh(db, wire, outcome("failed", error="HTTP 500 Internal Server Error"))
    row = feed(db, "https://wire.example/rss")
    assert row.etag == '"v1"' and row.last_modified == "Mon, 23 Nov 2026"
    status = next(s for s in store.feed_statuses(db) if s.outlet == "Caspian Wire")
    assert status.status == "failed" and status.error == "HTTP 500 Internal Server Error"
    assert status.last_ok_at == T0


def test_not_modified_keeps_stored_validators(db: sqlite_utils.Database) -> None:
    wire = feed(db, "https://wire.example/rss")
    store.save_feed_refresh(db, wire, outcome(etag='"v1"'), [entry("https://wire.example/1")])
    store.save_feed_refresh(db, wire, outcome("not-modified"))
    assert feed(db, "https://wire.example/rss").etag == '"v1"'


def test_full_text_search_finds_a_word_of_the_text(db: sqlite_utils.Database) -> None:
    store.save_feed_refresh(db, feed(db, "https://wire.example/rss"), outcome(), [
        entry("https://wire.example/1", "Offices closed", summary="The ministry cited mandates."),
        entry("https://wire.example/2", "Rates held", summary="The central bank kept rates."),
    ])
    found = store.list_articles(db, search="mandates")
    assert [a.url for a in found] == ["https://wire.example/1"]
    assert [a.url for a in store.list_articles(db, search="offic")] == ["https://wire.example/1"]
    # Characters with meaning in FTS syntax are just text to the analyst.
    found = store.list_articles(db, search='"ministry" (cited*')
    assert [a.url for a in found] == ["https://wire.example/1"]


def test_page_text_replaces_the_summary(db: sqlite_utils.Database) -> None:
    saved = store.save_feed_refresh(db, feed(db, "https://wire.example/rss"), outcome(),
                                    [entry("https://wire.example/1", summary="Short.")])
    article_id = saved.new_ids[0]
    assert [p.article_id for p in store.pages_to_extract(db, [article_id])] == [article_id]
    store.save_page_text(db, article_id, text="Long page text about the harbour.",
                         reason="extracted from the page (6 words)", page_status=200,
                         author="R. Aliyev")
    article = store.get_article(db, article_id)
    assert article.text_source == "page" and article.author == "R. Aliyev"
    assert store.pages_to_extract(db, [article_id]) == []
    assert [a.id for a in store.list_articles(db, search="harbour")] == [article_id]


# --- stories -----------------------------------------------------------------------------------


@dataclass
class P:
    doc_id: int
    cluster_id: int
    score: float = 0.8
    evidence: tuple[str, ...] = ("offices",)


@pytest.fixture
def stories(db: sqlite_utils.Database) -> dict[str, int]:
    """Three stories: 'offices' (3 outlets, newest), 'rates' (2 outlets), 'quake' (1, oldest)."""
    ids: dict[str, int] = {}
    rows = [
        ("wire", "https://wire.example/rss", "offices-w", "UN offices ordered closed", 0),
        ("herald", "https://herald.example/rss", "offices-h", "Mandates fulfilled, says ministry",
         1),
        ("lantern", "https://lantern.example/atom", "offices-l", "A blow to civil society", 2),
        ("wire", "https://wire.example/rss", "rates-w", "Central bank holds rates", -30),
        ("herald", "https://herald.example/rss", "rates-h", "Bank keeps rate at 7.25%", -29),
        ("lantern", "https://lantern.example/atom", "quake-l", "Earthquake felt in Van", -100),
    ]
    for _, feed_url, slug, title, hours in rows:
        saved = store.save_feed_refresh(db, feed(db, feed_url), outcome(), [
            entry(f"{feed_url}/{slug}", title, summary=f"{title}. More words about {slug}.",
                  published=T0 + timedelta(hours=hours)),
        ])
        ids[slug] = saved.new_ids[0]
    store.save_placements(db, [
        P(ids["offices-w"], 1), P(ids["offices-h"], 1), P(ids["offices-l"], 1),
        P(ids["rates-w"], 2), P(ids["rates-h"], 2), P(ids["quake-l"], 3),
    ], representatives={1: ids["offices-w"]})
    return ids


def test_story_summaries_order_and_counts(db: sqlite_utils.Database, stories) -> None:
    rows = store.story_summaries(db)
    assert [(s.id, s.outlet_count, s.article_count) for s in rows] == [(1, 3, 3), (2, 2, 2),
                                                                        (3, 1, 1)]
    assert rows[0].title == "UN offices ordered closed"
    assert rows[0].outlets == ("Caspian Wire", "Baku Herald", "Lantern")
    assert set(rows[0].kinds) == {"wire", "state-aligned", "independent"}
    assert [s.id for s in store.story_summaries(db, order="oldest")] == [3, 2, 1]
    assert [s.id for s in store.story_summaries(db, order="outlets")] == [1, 2, 3]
    assert [s.id for s in store.story_summaries(db, limit=1, offset=1)] == [2]
    assert store.story_count(db, min_outlets=2) == 2


@pytest.mark.parametrize(
    "filters,expected",
    [
        ({"min_outlets": 2}, [1, 2]),
        ({"min_outlets": 3}, [1]),
        ({"search": "ministry"}, [1]),
        ({"search": "bank"}, [2]),
        ({"search": "nothing-like-this"}, []),
        ({"filter": "kind:wire"}, [1, 2]),
        ({"filter": "tag:wire"}, [1, 2]),
        ({"filter": "tag:AM"}, [1, 3]),
        ({"filter": "country:am"}, [1, 3]),
        ({"filter": "kind:AM"}, []),
        ({"since": T0 - timedelta(hours=40)}, [1, 2]),
        ({"since": T0 + timedelta(hours=5)}, []),
        ({"min_outlets": 2, "filter": "tag:independent"}, [1]),
        # Every term counts, not only the last one typed.
        ({"filter": "kind:wire country:am"}, [1]),
        ({"filter": "country:am kind:wire"}, [1]),
        ({"filter": "kind:wire kind:nothing"}, []),
        # The abbreviations the list shows filter as the kinds they stand for.
        ({"filter": "kind:ind"}, [1, 3]),
        ({"filter": "kind:independent"}, [1, 3]),
    ],
)
def test_story_filters(db: sqlite_utils.Database, stories, filters, expected) -> None:
    if "filter" in filters:
        terms = parse_filter(filters["filter"]).terms
        filters = {key: value for key, value in filters.items() if key != "filter"}
        filters["terms"] = terms
    assert [s.id for s in store.story_summaries(db, **filters)] == expected
    assert store.story_count(db, **filters) == len(expected)


def test_get_story_has_members_in_time_order(db: sqlite_utils.Database, stories) -> None:
    story = store.get_story(db, 1)
    assert [m.article.id for m in story.members] == [
        stories["offices-w"], stories["offices-h"], stories["offices-l"]]
    assert story.members[0].evidence == ("offices",) and story.members[0].method == "auto"


def test_unknown_story_names_the_id(db: sqlite_utils.Database, stories) -> None:
    with pytest.raises(store.UnknownStory, match="no story with id 999"):
        store.get_story(db, 999)
    with pytest.raises(store.UnknownStory, match="no story with id 999"):
        store.move_to_story(db, stories["quake-l"], 999)


def test_remove_from_story_makes_a_new_story_and_is_remembered(
    db: sqlite_utils.Database, stories
) -> None:
    article = stories["offices-l"]
    new_id = store.remove_from_story(db, article)
    assert new_id not in (1, 2, 3)
    assert [m.article.id for m in store.get_story(db, new_id).members] == [article]
    assert article not in [m.article.id for m in store.get_story(db, 1).members]
    assert store.get_story(db, new_id).members[0].method == "manual"
    pinned, forbidden = store.correction_constraints(db)
    assert pinned[article] == new_id and (article, 1) in forbidden
    assert store.story_summaries(db, min_outlets=3) == []


def test_move_to_story(db: sqlite_utils.Database, stories) -> None:
    store.move_to_story(db, stories["quake-l"], 2)
    assert store.story_of_article(db, stories["quake-l"]) == 2
    assert store.get_story(db, 2).outlets == ["Lantern", "Caspian Wire", "Baku Herald"]
    # Story 3 lost its only article and leaves the list.
    assert 3 not in [s.id for s in store.story_summaries(db)]
    pinned, _ = store.correction_constraints(db)
    assert pinned[stories["quake-l"]] == 2


def test_merge_stories_records_the_merge_and_the_old_id_resolves(
    db: sqlite_utils.Database, stories
) -> None:
    survivor = store.merge_stories(db, 1, 2)
    assert survivor == 1
    merges = list(db["cluster_merges"].rows)
    assert [(m["absorbed_id"], m["into_id"], m["by"]) for m in merges] == [(2, 1, "analyst")]
    story = store.get_story(db, 2)
    assert story.id == 1 and story.absorbed == (2,)
    assert len(story.members) == 5
    assert [s.id for s in store.story_summaries(db)] == [1, 3]
    with pytest.raises(store.StoreError, match="already one story"):
        store.merge_stories(db, 1, 2)


def test_corrections_follow_later_merges(db: sqlite_utils.Database, stories) -> None:
    store.move_to_story(db, stories["quake-l"], 2)
    store.merge_stories(db, 1, 2)
    pinned, _ = store.correction_constraints(db)
    assert pinned[stories["quake-l"]] == 1


def test_two_connections_see_each_others_commits(tmp_path: Path) -> None:
    path = tmp_path / "shared.db"
    writer = store.connect(path)
    store.sync_config(writer, parse_config(CONFIG))
    reader = store.connect(path)
    before = store.data_version(reader)
    store.save_feed_refresh(writer, feed(writer, "https://wire.example/rss"), outcome(),
                            [entry("https://wire.example/1")])
    assert store.data_version(reader) != before
    assert store.overview(reader).articles == 1
    # A plain sqlite3 reader (another tool) sees committed rows too.
    assert sqlite3.connect(path).execute("SELECT count(*) FROM articles").fetchone()[0] == 1


def test_two_processes_opening_a_new_file_at_once_both_succeed(tmp_path: Path) -> None:
    """An app and a cron'd refresh may create the same database at the same moment."""
    import subprocess
    import sys

    path = tmp_path / "new.db"
    code = "import sys; from tui.core import store; store.connect(sys.argv[1]); print('ok')"
    procs = [
        subprocess.Popen([sys.executable, "-c", code, str(path)], stdout=subprocess.PIPE,
                         stderr=subprocess.PIPE, text=True)
        for _ in range(4)
    ]
    results = [p.communicate(timeout=60) for p in procs]
    assert [out.strip() for out, _ in results] == ["ok"] * 4, [err for _, err in results]
    db = store.connect(path)
    assert [r["name"] for r in db["_migrations"].rows] == [name for name, _ in store.MIGRATIONS]


def test_undo_a_removal_puts_the_article_back_and_forgets_the_correction(
    db: sqlite_utils.Database, stories
) -> None:
    article = stories["offices-l"]
    store.remove_from_story(db, article)
    said = store.undo_correction(db, store.latest_correction(db))
    assert said == f"article {article} is back in story 1"
    assert store.story_of_article(db, article) == 1
    assert store.get_story(db, 1).outlets == ["Caspian Wire", "Baku Herald", "Lantern"]
    pinned, forbidden = store.correction_constraints(db)
    assert article not in pinned and (article, 1) not in forbidden
    assert store.latest_correction(db) is None
    # The placement evidence the clusterer gave is back too.
    member = next(m for m in store.get_story(db, 1).members if m.article.id == article)
    assert member.method == "auto" and member.evidence == ("offices",)


def test_undo_a_merge_separates_the_stories_again(db: sqlite_utils.Database, stories) -> None:
    store.merge_stories(db, 1, 2)
    said = store.undo_correction(db, store.latest_correction(db))
    assert said == "story 2 is apart from story 1 again"
    assert [(s.id, s.article_count) for s in store.story_summaries(db)] == [(1, 3), (2, 2),
                                                                            (3, 1)]
    assert store.get_story(db, 2).id == 2
    assert list(db["cluster_merges"].rows) == []
    assert all(not m["confirmed"] for m in db["cluster_members"].rows)


def test_undo_is_refused_when_the_article_moved_since(db: sqlite_utils.Database,
                                                      stories) -> None:
    article = stories["offices-l"]
    store.remove_from_story(db, article)
    first = store.latest_correction(db)
    store.move_to_story(db, article, 2)
    with pytest.raises(store.StoreError, match="has moved since"):
        store.undo_correction(db, first)
    assert store.story_of_article(db, article) == 2
    with pytest.raises(store.StoreError, match="nothing to undo"):
        store.undo_correction(db, 999)


def test_story_title_prefers_the_earliest_wire_or_public_broadcaster_headline(
    db: sqlite_utils.Database, stories
) -> None:
    # The clusterer's representative is the state-aligned outlet's angle; the wire's plain
    # headline names the story.
    store.save_placements(db, [P(stories["offices-h"], 1)],
                          representatives={1: stories["offices-h"]})
    assert store.story_summaries(db)[0].title == "UN offices ordered closed"
    # Without a wire or broadcaster, the clusterer's most central headline stays.
    store.save_placements(db, [P(stories["quake-l"], 3)], representatives={3: stories["quake-l"]})
    assert store.get_story(db, 3).title == "Earthquake felt in Van"
