"""What the analyst did to stories: corrections (remove an article from its story, move it,
merge stories), recorded so that every later refresh honours them, and the briefs exported."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from tui.core.store import clock
from tui.core.store.clock import iso
from tui.core.store.database import StoreError, UnknownStory, scalar, write_transaction
from tui.core.store.stories import next_cluster_id, resolve_cluster_id, save_placements

# --- corrections ---------------------------------------------------------------------------------


def remove_from_story(db: sqlite_utils.Database, article_id: int) -> int:
    """Move an article out of its story into a new story of its own; remembered, so no
    later refresh puts it back. Returns the new story's id."""
    with write_transaction(db):  # the new id is taken under the write lock: no collision
        current = _member_cluster(db, article_id)
        new_id = next_cluster_id(db)
        _record_move(db, article_id, current, new_id, kind="remove")
    return new_id


def move_to_story(db: sqlite_utils.Database, article_id: int, cluster_id: int) -> None:
    with write_transaction(db):  # read and write as one, against a concurrent refresh
        target = _existing_story(db, cluster_id)
        current = _member_cluster(db, article_id)
        if current == target:
            return
        _record_move(db, article_id, current, target, kind="move")


def merge_stories(db: sqlite_utils.Database, into_id: int, absorbed_id: int) -> int:
    """Merge `absorbed_id` into `into_id` by hand; returns the surviving id."""
    with write_transaction(db):  # resolve and merge as one: a refresh may merge meanwhile
        into = _existing_story(db, into_id)
        absorbed = _existing_story(db, absorbed_id)
        if into == absorbed:
            raise StoreError(f"story {into_id} and story {absorbed_id} are already one story")
        db.execute(
            "INSERT INTO corrections (at, kind, from_cluster, to_cluster)"
            " VALUES (?, 'merge', ?, ?)",
            [iso(clock.now_utc()), absorbed, into],
        )
        # Articles moved by hand into the absorbed story now belong to the survivor.
        save_placements(db, [], merges=[(absorbed, into)], by="analyst")
        _confirm(db, into)
    return into


@dataclass(frozen=True)
class _ManualPlacement:
    """An analyst's placement, in the shape save_placements takes (as cluster.Placement)."""

    doc_id: int
    cluster_id: int
    score: float
    evidence: tuple[str, ...]


def _record_move(
    db: sqlite_utils.Database, article_id: int, current: int, target: int, kind: str
) -> None:
    with write_transaction(db):
        db.execute(
            "INSERT INTO corrections (at, kind, article_id, from_cluster, to_cluster)"
            " VALUES (?, ?, ?, ?, ?)",
            [iso(clock.now_utc()), kind, article_id, current, target],
        )
        save_placements(
            db, [_ManualPlacement(article_id, target, 1.0, ("moved by the analyst",))],
            method="manual",
        )
        _confirm(db, current, target)


def _confirm(db: sqlite_utils.Database, *cluster_ids: int) -> None:
    """The analyst corrected these stories and left their other members in place: those
    are confirmed. Incremental clustering never moves a placed article anyway; a rebuild
    (recluster) keeps confirmed members where they are, so a removed article cannot be
    regrouped with the story it was removed from and a merge by hand never comes apart."""
    for cluster_id in cluster_ids:
        db.execute("UPDATE cluster_members SET confirmed = 1 WHERE cluster_id = ?", [cluster_id])


def _member_cluster(db: sqlite_utils.Database, article_id: int) -> int:
    story = scalar(db, "SELECT cluster_id FROM cluster_members WHERE article_id = ?", [article_id])
    if story is None:
        raise StoreError(f"article {article_id} is not in any story")
    return story


def _existing_story(db: sqlite_utils.Database, cluster_id: int) -> int:
    if scalar(db, "SELECT id FROM clusters WHERE id = ?", [cluster_id]) is None:
        raise UnknownStory(f"no story with id {cluster_id}")
    return resolve_cluster_id(db, cluster_id)



def record_export(db: sqlite_utils.Database, story_id: int, path: Path) -> None:
    """A brief of this story was written to ``path``."""
    with write_transaction(db):
        db.execute("INSERT INTO exports (story_id, path, at) VALUES (?, ?, ?)",
                   [story_id, str(path), iso(clock.now_utc())])
