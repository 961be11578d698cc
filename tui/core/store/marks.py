"""The analyst's own marks: which articles they have seen, a note and a star per story, and
saved filters (watches).

Seen is per article, so "new since I looked" survives merges and splits: a story's new count
is its articles not seen. Notes and stars are kept on the story id they were made on and
read through merges (a starred story merged into another makes that one starred; undoing the
merge gives each its own again), so nothing the analyst wrote is lost to the clusterer.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from tui.core.models import Watch
from tui.core.sanitize import clean_line, clean_text
from tui.core.store import clock
from tui.core.store.clock import iso, parse_iso
from tui.core.store.database import StoreError, chunks, rows, scalar, write_transaction
from tui.core.store.stories import resolve_cluster_id

NOTE_LIMIT = 20_000  # characters; a note is a note, not a second article
WATCH_NAME_LIMIT = 60


class UnknownWatch(StoreError):
    """No saved watch of that name."""


@dataclass(frozen=True)
class Mark:
    note: str = ""
    starred: bool = False


def create_tables(db: sqlite_utils.Database) -> None:
    """Migration 005 (see schema.py)."""
    db.execute("CREATE TABLE seen (article_id INTEGER PRIMARY KEY, seen_at TEXT)")
    db.execute("""CREATE TABLE story_marks (story_id INTEGER PRIMARY KEY,
                  note TEXT NOT NULL DEFAULT '', starred INTEGER NOT NULL DEFAULT 0,
                  updated_at TEXT)""")
    db.execute("""CREATE TABLE watches (name TEXT PRIMARY KEY COLLATE NOCASE, filter TEXT NOT NULL,
                  created_at TEXT, looked_at TEXT)""")


# --- seen ------------------------------------------------------------------------------------


def mark_story_seen(db: sqlite_utils.Database, story_id: int) -> int:
    """Every article now in the story counts as seen; how many were new."""
    stamp = iso(clock.now_utc())
    with write_transaction(db):
        cursor = db.execute(
            """INSERT OR IGNORE INTO seen (article_id, seen_at)
               SELECT article_id, ? FROM cluster_members WHERE cluster_id = ?""",
            [stamp, resolve_cluster_id(db, story_id)],
        )
    return cursor.rowcount


def new_article_ids(db: sqlite_utils.Database, story_id: int) -> set[int]:
    return {r["article_id"] for r in rows(
        db, """SELECT m.article_id FROM cluster_members m
               LEFT JOIN seen s ON s.article_id = m.article_id
               WHERE m.cluster_id = ? AND s.article_id IS NULL""",
        [resolve_cluster_id(db, story_id)])}


def new_counts(db: sqlite_utils.Database, story_ids: Iterable[int]) -> dict[int, int]:
    """Articles not seen yet, for each of these stories that has any (the list asks for the
    rows it shows, so this stays a few hundred index lookups at any database size)."""
    counts: dict[int, int] = {}
    for chunk in chunks(list(story_ids), 500):
        marks = ",".join("?" * len(chunk))
        for r in rows(db, f"""SELECT m.cluster_id, count(*) AS n FROM cluster_members m
                              LEFT JOIN seen s ON s.article_id = m.article_id
                              WHERE m.cluster_id IN ({marks}) AND s.article_id IS NULL
                              GROUP BY m.cluster_id""", chunk):
            counts[r["cluster_id"]] = r["n"]
    return counts


# --- notes and stars -------------------------------------------------------------------------


def marks(db: sqlite_utils.Database) -> dict[int, Mark]:
    """Every live story with a note or a star, marks of stories merged into it included."""
    by_story: dict[int, list] = {}
    for r in rows(db, "SELECT story_id, note, starred FROM story_marks"
                      " WHERE note != '' OR starred = 1 ORDER BY story_id"):
        by_story.setdefault(resolve_cluster_id(db, r["story_id"]), []).append(r)
    found: dict[int, Mark] = {}
    for live, marked in by_story.items():
        marked.sort(key=lambda r: r["story_id"] != live)  # the story's own note first
        found[live] = Mark("\n\n".join(r["note"] for r in marked if r["note"]),
                           any(r["starred"] for r in marked))
    return found


def story_note(db: sqlite_utils.Database, story_id: int) -> str:
    return marks(db).get(resolve_cluster_id(db, story_id), Mark()).note


def story_notes(db: sqlite_utils.Database, story_ids: Iterable[int]) -> dict[int, str]:
    every = marks(db)
    return {i: every[i].note for i in story_ids if i in every and every[i].note}


def starred_story_ids(db: sqlite_utils.Database) -> set[int]:
    return {story_id for story_id, mark in marks(db).items() if mark.starred}


def set_story_note(db: sqlite_utils.Database, story_id: int, text: str) -> None:
    """The story's note (empty removes it). Notes of stories merged into it were shown as
    part of it, so they are folded into this one."""
    text = clean_text(text or "")[:NOTE_LIMIT].strip()
    live = resolve_cluster_id(db, story_id)
    with write_transaction(db):
        for other in _merged_into(db, live):
            db.execute("UPDATE story_marks SET note = '' WHERE story_id = ?", [other])
        _upsert(db, live, note=text)


def set_starred(db: sqlite_utils.Database, story_id: int, starred: bool) -> None:
    live = resolve_cluster_id(db, story_id)
    with write_transaction(db):
        if not starred:
            for other in _merged_into(db, live):
                db.execute("UPDATE story_marks SET starred = 0 WHERE story_id = ?", [other])
        _upsert(db, live, starred=int(starred))


def _upsert(db: sqlite_utils.Database, story_id: int, **values) -> None:
    if scalar(db, "SELECT count(*) FROM clusters WHERE id = ?", [story_id]) == 0:
        raise StoreError(f"no story with id {story_id}")
    db.execute("INSERT OR IGNORE INTO story_marks (story_id) VALUES (?)", [story_id])
    assignments = ", ".join(f"{key} = ?" for key in values)
    db.execute(f"UPDATE story_marks SET {assignments}, updated_at = ? WHERE story_id = ?",
               [*values.values(), iso(clock.now_utc()), story_id])


def _merged_into(db: sqlite_utils.Database, live: int) -> list[int]:
    """Marked stories that now live on as ``live`` (itself excluded)."""
    return [r["story_id"] for r in rows(db, "SELECT story_id FROM story_marks")
            if r["story_id"] != live and resolve_cluster_id(db, r["story_id"]) == live]


# --- watches ---------------------------------------------------------------------------------


def save_watch(db: sqlite_utils.Database, name: str, filter_text: str) -> str:
    """Save (or replace) a named filter; the name as stored."""
    name = clean_line(name or "", WATCH_NAME_LIMIT).strip()
    filter_text = clean_line(filter_text or "", 500).strip()
    if not name:
        raise StoreError("a watch needs a name")
    if not filter_text:
        raise StoreError(f"watch {name!r}: an empty filter would watch everything")
    stamp = iso(clock.now_utc())
    with write_transaction(db):
        db.execute("""INSERT INTO watches (name, filter, created_at) VALUES (?, ?, ?)
                      ON CONFLICT(name) DO UPDATE SET filter = excluded.filter""",
                   [name, filter_text, stamp])
    return name


def list_watches(db: sqlite_utils.Database) -> list[Watch]:
    return [Watch(r["name"], r["filter"], parse_iso(r["created_at"]), parse_iso(r["looked_at"]))
            for r in rows(db, "SELECT * FROM watches ORDER BY name COLLATE NOCASE")]


def watch_filter(db: sqlite_utils.Database, name: str) -> str:
    found = scalar(db, "SELECT filter FROM watches WHERE name = ? COLLATE NOCASE",
                   [(name or "").strip()])
    if found is None:
        names = ", ".join(w.name for w in list_watches(db)) or "none saved yet"
        raise UnknownWatch(f"no watch named {clean_line(name, 60)!r} (watches: {names})")
    return found


def delete_watch(db: sqlite_utils.Database, name: str) -> None:
    watch_filter(db, name)  # unknown: say so
    with write_transaction(db):
        db.execute("DELETE FROM watches WHERE name = ? COLLATE NOCASE", [name.strip()])
