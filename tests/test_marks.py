"""The analyst's marks in the store: seen articles and new counts, notes and stars that
follow merges (and come back apart on undo), watches; and the list filters built on them."""

from __future__ import annotations

import pytest

from tests.test_retention import add, aged, db  # noqa: F401 - fixtures: four stories
from tests.test_store import P
from tui.core import store


def test_everything_is_new_until_its_story_is_opened(db, aged) -> None:  # noqa: F811
    assert store.new_counts(db, [1, 2, 3, 4]) == {1: 2, 2: 2, 3: 1, 4: 1}
    assert store.mark_story_seen(db, 2) == 2
    assert store.new_counts(db, [1, 2, 3, 4]) == {1: 2, 3: 1, 4: 1}
    assert store.mark_story_seen(db, 2) == 0  # nothing new the second time
    assert [s.id for s in store.story_summaries(db, new_only=True, order="oldest")] == [3, 1, 4]


def test_a_new_article_in_a_seen_story_counts_again(db, aged) -> None:  # noqa: F811
    for story_id in (1, 2, 3, 4):
        store.mark_story_seen(db, story_id)
    assert store.new_counts(db, [1, 2, 3, 4]) == {}
    late = add(db, "https://herald.example/rss", "late", "Dockers vote again", 110)
    store.save_placements(db, [P(late, 1)])  # a refresh places a new article in story 1
    assert store.new_counts(db, [1, 2, 3, 4]) == {1: 1}
    assert store.new_article_ids(db, 1) == {late}
    # The list can put the stories that moved since they were last opened first.
    assert [s.id for s in store.story_summaries(db, order="new")][0] == 1
    assert [s.id for s in store.story_summaries(db, order="recent")][0] != 1


def test_notes_and_stars_are_kept_and_searchable(db, aged) -> None:  # noqa: F811
    store.set_story_note(db, 3, "Check with the Tbilisi desk.\n\x1b[31mSecond line")
    store.set_starred(db, 2, True)
    # Control characters and escape sequences do not reach the terminal.
    assert store.story_note(db, 3) == "Check with the Tbilisi desk.\nSecond line"
    assert store.starred_story_ids(db) == {2}
    assert [s.id for s in store.story_summaries(db, starred_only=True)] == [2]
    # `/` words match a note as they match the articles' text.
    assert [s.id for s in store.story_summaries(db, search="tbilisi desk")] == [3]
    store.set_starred(db, 2, False)
    store.set_story_note(db, 3, "")
    assert store.starred_story_ids(db) == set() and store.story_note(db, 3) == ""


def test_marks_follow_a_merge_and_come_back_apart_on_undo(db, aged) -> None:  # noqa: F811
    store.set_story_note(db, 1, "Strike: follow the union's figures.")
    store.set_starred(db, 1, True)
    store.set_story_note(db, 2, "Rates: ask the bank.")
    store.merge_stories(db, 2, 1)  # story 1 goes into story 2
    assert store.starred_story_ids(db) == {2}
    assert store.story_note(db, 2) == "Rates: ask the bank.\n\nStrike: follow the union's figures."
    assert store.story_note(db, 1) == store.story_note(db, 2)  # an old id still finds it
    store.undo_correction(db, store.latest_correction(db))
    assert store.starred_story_ids(db) == {1}
    assert store.story_note(db, 1) == "Strike: follow the union's figures."
    assert store.story_note(db, 2) == "Rates: ask the bank."


def test_a_note_on_an_unknown_story_is_refused(db, aged) -> None:  # noqa: F811
    with pytest.raises(store.StoreError, match="no story with id 999"):
        store.set_story_note(db, 999, "x")


def test_watches_are_named_filters(db, aged) -> None:  # noqa: F811
    assert store.save_watch(db, "  Baku NGOs ", "country:AZ NGO") == "Baku NGOs"
    store.save_watch(db, "rates", "kind:biz rate")
    store.save_watch(db, "Rates", "kind:biz rate held")  # same name, any case: replaced
    assert [(w.name, w.filter) for w in store.list_watches(db)] == [
        ("Baku NGOs", "country:AZ NGO"), ("rates", "kind:biz rate held")]
    assert store.watch_filter(db, "baku ngos") == "country:AZ NGO"
    with pytest.raises(store.UnknownWatch, match=r"no watch named 'nope' \(watches: Baku NGOs"):
        store.watch_filter(db, "nope")
    with pytest.raises(store.StoreError, match="empty filter"):
        store.save_watch(db, "all", "  ")
    store.delete_watch(db, "RATES")
    assert [w.name for w in store.list_watches(db)] == ["Baku NGOs"]


def test_a_starred_or_annotated_story_is_never_pruned(db, aged) -> None:  # noqa: F811
    from datetime import timedelta

    from tests.test_retention import T0

    store.set_starred(db, 1, True)
    store.mark_story_seen(db, 3)
    removal = store.prune(db, T0 - timedelta(days=90))
    assert removal.kept == 2  # story 1's two old articles
    assert store.new_counts(db, [1]) == {1: 2}
    # The seen marks of pruned articles went with them.
    assert db.execute("SELECT count(*) FROM seen").fetchone()[0] == 0


def test_a_star_on_a_lone_report_follows_it_into_the_story_a_later_refresh_finds(
        tmp_path) -> None:
    """The fiftieth set's Uttarakhand part, stored and clustered one report at a time as an
    analyst refreshing through the day would: the coach firm owner's arrest is a story of one
    report when the analyst stars it; the state's order of checks on every pilgrim bus comes
    next and begins a story of its own, and the refresh moves the stored arrest into it. The
    star is on that story now, not on one the list no longer shows."""
    from datetime import UTC, datetime

    from tests.cluster_docs import evaluation
    from tui.core.config import parse_config
    from tui.core.feeds import Entry
    from tui.core.story_builder import cluster_new_articles

    sets = evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind50" / "part-uk")
    outlets = sorted({doc.outlet for doc in docs})
    config = "".join(f'[[outlet]]\nname = "{name}"\nfeeds = ["https://o{n}.example/rss"]\n\n'
                     for n, name in enumerate(outlets))
    database = store.connect(tmp_path / "p.database")
    try:
        store.sync_config(database, parse_config(config))
        feeds = {f.outlet: f for f in store.active_feeds(database)}
        arrest_id = next(d for d in gold if gold[d].startswith("pilgrim-bus-operator")
                         and "arrested" in d)
        ids: dict[str, int] = {}
        starred_when_alone = False
        for doc in sorted(docs, key=lambda d: (d.published, d.id)):
            url = f"https://example.org/{doc.id}"
            when = datetime.fromtimestamp(doc.published, UTC)
            outcome = store.FeedOutcome(status="ok", started_at=when, duration_ms=5,
                                        http_status=200)
            saved = store.save_feed_refresh(database, feeds[doc.outlet], outcome, [Entry(
                url=url, link=url, guid=None, title=doc.title, author=None, published=when,
                summary="", content=doc.text)])
            ids[doc.id] = saved.new_ids[0]
            cluster_new_articles(database)
            if doc.id == arrest_id:
                story = store.story_of_article(database, ids[arrest_id])
                assert len(store.story_members(database, [story])) == 1
                store.set_starred(database, story, True)
                starred_when_alone = True
        assert starred_when_alone
        live = store.story_of_article(database, ids[arrest_id])
        event = {ids[d] for d in gold if gold[d] == gold[arrest_id]}
        assert live != story
        assert set(store.story_members(database, [live])) == event
        assert store.starred_story_ids(database) == {live}
    finally:
        database.close()
