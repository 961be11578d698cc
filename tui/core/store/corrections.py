"""What the analyst did to stories: corrections (remove an article from its story, move it,
merge stories), recorded so that every later refresh honours them, and the briefs exported."""

from __future__ import annotations

import json
import sqlite3
from dataclasses import dataclass
from pathlib import Path

import sqlite_utils

from tui.core.store import clock
from tui.core.store.clock import iso
from tui.core.store.database import (
    StoreError,
    UnknownStory,
    chunks,
    one,
    rows,
    scalar,
    write_transaction,
)
from tui.core.store.stories import (
    next_cluster_id,
    refresh_story_rows,
    resolve_cluster_id,
    save_placements,
    story_members,
)

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
        members = sorted(story_members(db, [absorbed]))
        unconfirmed = _unconfirmed(db, [absorbed, into])
        # Articles moved by hand into the absorbed story now belong to the survivor.
        save_placements(db, [], merges=[(absorbed, into)], by="analyst")
        merge_id = scalar(db, "SELECT max(id) FROM cluster_merges")
        db.execute(
            "INSERT INTO corrections (at, kind, from_cluster, to_cluster, detail)"
            " VALUES (?, 'merge', ?, ?, ?)",
            [iso(clock.now_utc()), absorbed, into,
             json.dumps({"members": members, "merge": merge_id, "unconfirmed": unconfirmed})],
        )
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
        before = one(db, "SELECT score, evidence, method FROM cluster_members"
                         " WHERE article_id = ?", [article_id])
        detail = {"placement": dict(before) if before else None,
                  "unconfirmed": _unconfirmed(db, [current, target])}
        db.execute(
            "INSERT INTO corrections (at, kind, article_id, from_cluster, to_cluster, detail)"
            " VALUES (?, ?, ?, ?, ?, ?)",
            [iso(clock.now_utc()), kind, article_id, current, target, json.dumps(detail)],
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


def _unconfirmed(db: sqlite_utils.Database, cluster_ids: list[int]) -> list[int]:
    """Members of these stories not confirmed yet (an undo unconfirms them again)."""
    marks = ",".join("?" * len(cluster_ids))
    return [r["article_id"] for r in rows(
        db, f"SELECT article_id FROM cluster_members WHERE confirmed = 0 AND cluster_id IN"
            f" ({marks})", cluster_ids)]


def latest_correction(db: sqlite_utils.Database) -> int | None:
    """The id of the newest correction (the one ``undo_correction`` would take back)."""
    return scalar(db, "SELECT max(id) FROM corrections")


def undo_correction(db: sqlite_utils.Database, correction_id: int) -> str:
    """Take back a correction: the article goes back to the story it was taken from, or the
    merged story comes apart again, and the correction is forgotten (a later refresh no
    longer honours it). Refused when the stories changed since in a way that would make
    the undo wrong. Returns what was undone, in words."""
    with write_transaction(db):
        row = one(db, "SELECT * FROM corrections WHERE id = ?", [correction_id])
        if row is None:
            raise StoreError(f"nothing to undo (correction {correction_id} is gone)")
        detail = json.loads(row["detail"] or "null")
        if detail is None:
            raise StoreError("this correction was made before undo was possible")
        if row["kind"] in ("remove", "move"):
            described = _undo_move(db, row, detail)
        else:
            described = _undo_merge(db, row, detail)
        db.execute("DELETE FROM corrections WHERE id = ?", [correction_id])
        for chunk in chunks(list(detail.get("unconfirmed") or []), 500):
            db.execute("UPDATE cluster_members SET confirmed = 0 WHERE article_id IN"
                       f" ({','.join('?' * len(chunk))})", chunk)
    return described


def _undo_move(db: sqlite_utils.Database, row: sqlite3.Row, detail: dict) -> str:
    article_id = row["article_id"]
    if _member_cluster(db, article_id) != resolve_cluster_id(db, row["to_cluster"]):
        raise StoreError(f"article {article_id} has moved since; nothing was undone")
    back_to = resolve_cluster_id(db, row["from_cluster"])
    before = detail.get("placement") or {"score": 1.0, "evidence": "[]", "method": "auto"}
    save_placements(db, [_ManualPlacement(article_id, back_to, float(before["score"] or 0.0),
                                          tuple(json.loads(before["evidence"] or "[]")))],
                    method=before["method"] or "auto")
    return f"article {article_id} is back in story {back_to}"


def _undo_merge(db: sqlite_utils.Database, row: sqlite3.Row, detail: dict) -> str:
    absorbed, into = row["from_cluster"], resolve_cluster_id(db, row["to_cluster"])
    members = story_members(db, [into])
    back = [aid for aid in detail["members"] if members.get(aid) == into]
    if not back:
        raise StoreError(f"story {into} no longer holds story {absorbed}'s articles")
    db.execute("UPDATE clusters SET merged_into = NULL WHERE id = ?", [absorbed])
    if detail.get("merge") is not None:
        db.execute("DELETE FROM cluster_merges WHERE id = ?", [detail["merge"]])
    for chunk in chunks(back, 500):
        db.execute("UPDATE cluster_members SET cluster_id = ? WHERE article_id IN"
                   f" ({','.join('?' * len(chunk))})", [absorbed, *chunk])
    refresh_story_rows(db, [absorbed, into])
    return f"story {absorbed} is apart from story {into} again"


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
