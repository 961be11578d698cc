"""Stored stories kept in step with stored articles: the refresh's clustering step, either
at the end of a refresh (``cluster_new_articles``) or while its feeds are still arriving
(``LiveClustering``). ``recluster`` (its own module) rebuilds stories from scratch."""

from __future__ import annotations

import time

import sqlite_utils

from tui.core import store
from tui.core.cluster import (
    ClusterConfig,
    Constraints,
    Doc,
    Placement,
    StoryClusterer,
    outlet_kind,
)
from tui.core.places import gazetteer


def doc_of(item: store.ClusterInput) -> Doc:
    """What the clusterer reads of a stored article; its outlet's country tag as an ISO code
    (see ``Doc.country``), or None when the tag is missing or names no country; its kind tag
    in lower case (``Doc.kind``)."""
    country = gazetteer().code(item.country) if item.country else None
    return Doc(id=item.id, title=item.title, text=_more_than_headline(item.text, item.title),
               outlet=item.outlet, published=item.published, key=item.url, country=country,
               kind=outlet_kind(item.kind))


def _more_than_headline(text: str, title: str) -> str:
    """The article's text, or "" when it only repeats the headline (many feeds' summary is
    the headline): such an article is headline-only for clustering, which then neither
    counts the same words twice nor reads key names from a headline (see cluster)."""
    words = text.split()
    if not words or len(words) > len(title.split()) + 3:
        return text
    return "" if _folded(text).startswith(_folded(title)) else text


def _folded(value: str) -> str:
    return " ".join(value.casefold().split()).rstrip(".…")


def _load_window(clusterer: StoryClusterer, db: sqlite_utils.Database, since: float) -> None:
    """Give the clusterer the stored articles published since ``since`` and their stories."""
    existing = store.cluster_inputs(db, since=since)
    clusterer.load(
        [doc_of(item) for item in existing],
        [Placement(p.doc_id, p.cluster_id, p.score, p.evidence)
         for p in store.placements_for(db, [e.id for e in existing])],
    )


def cluster_new_articles(db: sqlite_utils.Database, config: ClusterConfig | None = None) -> int:
    """Cluster articles not yet in a story against the existing stories (incremental).
    Returns the number of new stories."""
    if not store.unclustered_ids(db):
        return 0
    config = config or ClusterConfig()
    # Read, cluster and write under one write lock: an analyst's correction committed
    # in between (by the app, another process) would otherwise be clustered over, and
    # both sides would hand out the same new story id.
    with store.write_transaction(db):
        new_ids = store.unclustered_ids(db)
        if not new_ids:
            return 0
        new_inputs = store.cluster_inputs(db, ids=new_ids)
        oldest = min(item.published for item in new_inputs)
        first_new_id = store.next_cluster_id(db)
        clusterer = StoryClusterer(config, next_id=first_new_id)
        _load_window(clusterer, db, oldest - config.window_seconds)
        pinned, forbidden = store.correction_constraints(db)
        result = clusterer.add([doc_of(item) for item in new_inputs],
                               Constraints(pinned=pinned, forbidden=forbidden))
        store.save_placements(db, result.placements, result.merges, result.representatives)
    return len({p.cluster_id for p in result.placements if p.cluster_id >= first_new_id})


class LiveClustering:
    """Clusters a refresh's new articles batch by batch while its other feeds still
    download (in a worker process of its own, see ``pipeline``), so that clustering is not
    all left until the last feed has answered.

    ``add(db, ids)`` after each batch of stored articles; ``finish(db)`` once all are: it
    writes the stories in one transaction, or, if anything changed the stories meanwhile
    (an analyst's correction, another process's refresh), leaves the articles unclustered
    for ``cluster_new_articles`` to do the usual way. Articles are only ever placed under the
    write lock, against a state checked to be the one clustered.
    """

    def __init__(self, config: ClusterConfig | None = None) -> None:
        self.config = config or ClusterConfig()
        self._where: dict[int, Placement] = {}  # article -> latest placement
        self._merges: list[tuple[int, int]] = []
        self._clusterer: StoryClusterer | None = None
        self._constraints = Constraints()
        self._fingerprint: tuple | None = None
        self._first_new_id = 0
        self._loaded_since = float("inf")

    def add(self, db: sqlite_utils.Database, ids: list[int]) -> None:
        inputs = store.cluster_inputs(db, ids=ids)
        if not inputs:
            return
        if self._clusterer is None:
            self._fingerprint = _stories_state(db)
            self._first_new_id = store.next_cluster_id(db)
            self._clusterer = StoryClusterer(self.config, next_id=self._first_new_id)
            pinned, forbidden = store.correction_constraints(db)
            self._constraints = Constraints(pinned=pinned, forbidden=forbidden)
        oldest = min(item.published for item in inputs) - self.config.window_seconds
        if oldest < self._loaded_since:  # stories this batch could join: load them once
            _load_window(self._clusterer, db, oldest)
            self._loaded_since = oldest
        result = self._clusterer.add([doc_of(item) for item in inputs], self._constraints,
                                     representatives=False)
        self._merges += result.merges
        for placement in result.placements:
            self._where[placement.doc_id] = placement

    def finish(self, db: sqlite_utils.Database) -> int | None:
        """Write what was clustered; the number of new stories, or None when nothing was
        written (then ``cluster_new_articles`` clusters the articles as usual)."""
        clusterer = self._clusterer
        if clusterer is None:
            return None
        with store.write_transaction(db):
            if _stories_state(db) != self._fingerprint:
                return None
            final = [Placement(p.doc_id, clusterer.resolve(p.cluster_id), p.score, p.evidence)
                     for p in self._where.values()]
            touched = {p.cluster_id for p in final} | {clusterer.resolve(into)
                                                       for _, into in self._merges}
            representatives = {cid: clusterer.representative(cid) for cid in touched}
            store.save_placements(db, final, self._merges, representatives)
        return len({p.cluster_id for p in final if p.cluster_id >= self._first_new_id})


# In the clustering worker process: the one LiveClustering of its refresh.
_live: LiveClustering | None = None


def live_add(db_path: str, ids: list[int]) -> tuple[float, float]:
    """Worker side of live clustering: cluster a batch; (wall, CPU) seconds it took."""
    global _live
    wall, cpu = time.perf_counter(), time.thread_time()
    _live = _live or LiveClustering()
    db = store.connect(db_path)
    try:
        _live.add(db, ids)
    finally:
        db.close()
    return time.perf_counter() - wall, time.thread_time() - cpu


def live_finish(db_path: str) -> tuple[int | None, float, float]:
    """Worker side: write the stories (see LiveClustering.finish)."""
    wall, cpu = time.perf_counter(), time.thread_time()
    if _live is None:
        return None, 0.0, 0.0
    db = store.connect(db_path)
    try:
        new = _live.finish(db)
    finally:
        db.close()
    return new, time.perf_counter() - wall, time.thread_time() - cpu


def _stories_state(db: sqlite_utils.Database) -> tuple:
    """What must not change between clustering and writing: placements, corrections and
    merges (new articles may arrive meanwhile)."""
    return db.execute(
        """SELECT (SELECT count(*) FROM cluster_members),
                  (SELECT coalesce(max(assigned_at), '') FROM cluster_members),
                  (SELECT coalesce(max(id), 0) FROM corrections),
                  (SELECT coalesce(max(id), 0) FROM cluster_merges)"""
    ).fetchone()
