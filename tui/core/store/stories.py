"""Where each article sits: the clustering state read and written (placements, merges,
the corrections as constraints) and each story's summary row."""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Protocol

import sqlite_utils

from tui.core.store import clock
from tui.core.store.clock import iso
from tui.core.store.database import chunks, rows, scalar, write_transaction

# --- clustering state ----------------------------------------------------------------------------


@dataclass(frozen=True)
class ClusterInput:
    """What the clusterer needs of a stored article."""

    id: int
    title: str
    text: str
    outlet: str
    published: float  # epoch seconds (published, else first seen)
    url: str
    country: str | None = None  # the outlet's ``country`` tag, as the analyst wrote it
    kind: str | None = None  # the outlet's ``kind`` tag, as the analyst wrote it


def unclustered_ids(db: sqlite_utils.Database) -> list[int]:
    return [
        r[0]
        for r in db.execute(
            """SELECT a.id FROM articles a LEFT JOIN cluster_members m ON m.article_id = a.id
               WHERE m.article_id IS NULL ORDER BY a.sort_ts, a.id"""
        ).fetchall()
    ]


def cluster_inputs(
    db: sqlite_utils.Database, ids: Sequence[int] | None = None, since: float | None = None,
    lead_chars: int = 1500, clustered_only: bool = True,
) -> list[ClusterInput]:
    """Articles by id, or every clustered article with sort_ts >= since (every article,
    clustered or not, with ``clustered_only=False``)."""
    base = f"""SELECT a.id, a.title, substr(a.text, 1, {int(lead_chars)}) AS text,
                      o.name AS outlet, a.sort_ts AS published, a.url,
                      CASE WHEN json_valid(o.tags) AND json_type(o.tags, '$.country') = 'text'
                           THEN json_extract(o.tags, '$.country') END AS country,
                      CASE WHEN json_valid(o.tags) AND json_type(o.tags, '$.kind') = 'text'
                           THEN json_extract(o.tags, '$.kind') END AS kind
               FROM articles a JOIN outlets o ON o.id = a.outlet_id"""
    found: list[sqlite3.Row] = []
    if ids is not None:
        for chunk in chunks(list(ids), 500):
            marks = ",".join("?" * len(chunk))
            found += rows(db, f"{base} WHERE a.id IN ({marks})", chunk)
    else:
        member_join = "JOIN cluster_members m ON m.article_id = a.id" if clustered_only else ""
        found = rows(db, f"{base} {member_join} WHERE a.sort_ts >= ?"
                         " ORDER BY a.sort_ts, a.url, a.id",
                     [since if since is not None else float("-inf")])
    return [ClusterInput(**row) for row in map(dict, found)]


@dataclass(frozen=True)
class StoredPlacement:
    """An article's place as stored: its story, the score and evidence that put it there."""

    doc_id: int
    cluster_id: int
    score: float
    evidence: tuple[str, ...]


def placements_for(db: sqlite_utils.Database, ids: Sequence[int]) -> list[StoredPlacement]:
    """The stored placements of the clustered articles among ``ids``."""
    out: list[StoredPlacement] = []
    for chunk in chunks(list(ids), 500):
        marks = ",".join("?" * len(chunk))
        for row in rows(db, "SELECT article_id, cluster_id, score, evidence FROM cluster_members"
                            f" WHERE article_id IN ({marks})", chunk):
            out.append(StoredPlacement(row["article_id"], row["cluster_id"], row["score"] or 0.0,
                                       tuple(json.loads(row["evidence"] or "[]"))))
    return out


def next_cluster_id(db: sqlite_utils.Database) -> int:
    return (scalar(db, "SELECT coalesce(max(id), 0) FROM clusters") or 0) + 1


def correction_constraints(
    db: sqlite_utils.Database,
) -> tuple[dict[int, int], set[tuple[int, int]]]:
    """(pinned, forbidden) from the analyst's corrections, with cluster ids followed through
    later merges. The latest correction of an article wins."""
    pinned: dict[int, int] = {}
    forbidden: set[tuple[int, int]] = set()
    for row in rows(db, "SELECT kind, article_id, from_cluster, to_cluster FROM corrections"
                        " ORDER BY id"):
        article_id = row["article_id"]
        if row["kind"] in ("remove", "move") and article_id is not None:
            if row["from_cluster"] is not None:
                forbidden.add((article_id, resolve_cluster_id(db, row["from_cluster"])))
            if row["to_cluster"] is not None:
                pinned[article_id] = resolve_cluster_id(db, row["to_cluster"])
    return pinned, forbidden


def confirmed_members(db: sqlite_utils.Database) -> dict[int, int]:
    """article id -> story id for members of stories the analyst corrected (the analyst
    saw them there and left them; see ``_confirm``)."""
    return dict(db.execute(
        "SELECT article_id, cluster_id FROM cluster_members WHERE confirmed = 1"
    ).fetchall())


def story_members(db: sqlite_utils.Database, cluster_ids: Iterable[int]) -> dict[int, int]:
    """article id -> story id for every member of these stories."""
    out: dict[int, int] = {}
    for chunk in chunks(list(cluster_ids), 500):
        marks = ",".join("?" * len(chunk))
        out.update(db.execute(
            f"SELECT article_id, cluster_id FROM cluster_members WHERE cluster_id IN ({marks})",
            chunk,
        ).fetchall())
    return out


def stories_fingerprint(db: sqlite_utils.Database) -> tuple:
    """Changes whenever articles, placements, corrections or merges change (a cheap check
    that nothing moved between reading stories and writing them back)."""
    return db.execute(
        """SELECT (SELECT coalesce(max(id), 0) FROM articles),
                  (SELECT count(*) FROM cluster_members),
                  (SELECT coalesce(max(assigned_at), '') FROM cluster_members),
                  (SELECT coalesce(max(id), 0) FROM corrections),
                  (SELECT coalesce(max(id), 0) FROM cluster_merges)"""
    ).fetchone()


def resolve_cluster_id(db: sqlite_utils.Database, cluster_id: int) -> int:
    """Follow merged_into links to the surviving cluster."""
    seen = set()
    while cluster_id not in seen:
        seen.add(cluster_id)
        into = scalar(db, "SELECT merged_into FROM clusters WHERE id = ?", [cluster_id])
        if into is None:
            return cluster_id
        cluster_id = into
    return cluster_id


class PlacementLike(Protocol):
    """What save_placements writes (cluster.Placement, StoredPlacement, a manual move)."""

    @property
    def doc_id(self) -> Any: ...
    @property
    def cluster_id(self) -> int: ...
    @property
    def score(self) -> float: ...
    @property
    def evidence(self) -> tuple[str, ...]: ...


def save_placements(
    db: sqlite_utils.Database,
    placements: Sequence[PlacementLike],
    merges: Sequence[tuple[int, int]] = (),
    representatives: dict[int, int] | None = None,
    method: str = "auto",
    by: str = "auto",
    manual: Container[int] = (),
) -> set[int]:
    """Write cluster placements (objects with doc_id, cluster_id, score, evidence) and
    merges (absorbed, into), applied in order; refresh every touched cluster's summary row.
    One transaction. Placements of docs in ``manual`` are recorded as the analyst's.
    Returns the ids of touched clusters."""
    stamp = iso(clock.now_utc())
    touched: set[int] = set()
    with write_transaction(db):
        for absorbed, into in merges:
            _ensure_cluster(db, into, stamp)
            db.execute(
                "UPDATE cluster_members SET cluster_id = ? WHERE cluster_id = ?", [into, absorbed]
            )
            db.execute(
                "UPDATE clusters SET merged_into = ?, article_count = 0, outlet_count = 0,"
                " updated_at = ? WHERE id = ?",
                [into, stamp, absorbed],
            )
            db.execute(
                "INSERT INTO cluster_merges (absorbed_id, into_id, at, by) VALUES (?, ?, ?, ?)",
                [absorbed, into, stamp, by],
            )
            touched.update({absorbed, into})
        for p in placements:
            _ensure_cluster(db, p.cluster_id, stamp)
            old = scalar(db, "SELECT cluster_id FROM cluster_members WHERE article_id = ?",
                         [p.doc_id])
            if old is not None:
                touched.add(old)
            db.execute(
                """INSERT INTO cluster_members (article_id, cluster_id, score, evidence, method,
                     assigned_at) VALUES (?, ?, ?, ?, ?, ?)
                   ON CONFLICT(article_id) DO UPDATE SET cluster_id = excluded.cluster_id,
                     score = excluded.score, evidence = excluded.evidence,
                     method = excluded.method, assigned_at = excluded.assigned_at,
                     confirmed = 0""",
                [p.doc_id, p.cluster_id, float(p.score),
                 json.dumps(list(p.evidence), ensure_ascii=False),
                 "manual" if p.doc_id in manual else method, stamp],
            )
            touched.add(p.cluster_id)
        for cluster_id in touched:
            rep = (representatives or {}).get(cluster_id)
            _refresh_cluster(db, cluster_id, rep, stamp)
    return touched


def refresh_story_rows(db: sqlite_utils.Database, cluster_ids: Iterable[int]) -> None:
    """Recompute these stories' summary rows from their members."""
    stamp = iso(clock.now_utc())
    for cluster_id in cluster_ids:
        _refresh_cluster(db, cluster_id, None, stamp)


def _ensure_cluster(db: sqlite_utils.Database, cluster_id: int, stamp: str | None) -> None:
    db.execute(
        "INSERT OR IGNORE INTO clusters (id, title, created_at, updated_at) VALUES (?, '', ?, ?)",
        [cluster_id, stamp, stamp],
    )


# Outlets whose headline names a story without an angle, as far as a kind tag can tell.
NEUTRAL_KINDS = frozenset({"wire", "agency", "news-agency", "public-broadcaster"})


def story_title(members: list, representative: int, kind_of: dict[str, str]) -> str:
    """A story's title: the earliest headline of a wire or public broadcaster (members come
    earliest first), else the clusterer's most central headline (its representative). The
    central headline can be one outlet's angle; a wire's plain headline rarely is."""
    for m in members:
        if kind_of.get(m["outlet"], "").casefold() in NEUTRAL_KINDS and m["title"].strip():
            return m["title"]
    return next(m["title"] for m in members if m["id"] == representative)


def _refresh_cluster(
    db: sqlite_utils.Database, cluster_id: int, representative: int | None, stamp: str | None
) -> None:
    """Recompute a cluster's summary row (count, outlets, kinds, times, headline)."""
    members = rows(
        db,
        """SELECT a.id, a.title, a.sort_ts, o.name AS outlet, o.tags FROM cluster_members m
           JOIN articles a ON a.id = m.article_id JOIN outlets o ON o.id = a.outlet_id
           WHERE m.cluster_id = ? ORDER BY a.sort_ts, a.id""",
        [cluster_id],
    )
    if not members:
        db.execute(
            "UPDATE clusters SET article_count = 0, outlet_count = 0, updated_at = ? WHERE id = ?",
            [stamp, cluster_id],
        )
        return
    current = scalar(db, "SELECT representative_id FROM clusters WHERE id = ?", [cluster_id])
    ids = [m["id"] for m in members]
    if representative not in ids:
        representative = current if current in ids else ids[0]
    outlets: dict[str, None] = {}
    kinds: dict[str, None] = {}
    kind_of: dict[str, str] = {}
    for m in members:
        outlets.setdefault(m["outlet"], None)
    for name in outlets:
        tags = json.loads(next(m["tags"] for m in members if m["outlet"] == name) or "{}")
        kind_of[name] = str(tags.get("kind") or "")
        if tags.get("kind"):
            kinds.setdefault(tags["kind"], None)
    title = story_title(members, representative, kind_of)
    db.execute(
        """UPDATE clusters SET title = ?, representative_id = ?, first_seen = ?, last_seen = ?,
             article_count = ?, outlet_count = ?, outlets = ?, kinds = ?, updated_at = ?,
             merged_into = NULL
           WHERE id = ?""",
        [title, representative,
         iso(datetime.fromtimestamp(members[0]["sort_ts"], UTC)),
         iso(datetime.fromtimestamp(members[-1]["sort_ts"], UTC)),
         len(members), len(outlets), json.dumps(list(outlets), ensure_ascii=False),
         json.dumps(list(kinds), ensure_ascii=False), stamp, cluster_id],
    )

