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
