"""``pressdiff recluster``: rebuild stories from the stored articles as one batch, keeping
the analyst's corrections and, where a story survives, its id (briefs cite story ids)."""

from __future__ import annotations

import time
from collections import Counter, defaultdict
from dataclasses import dataclass, field

import sqlite_utils

from tui.core import store
from tui.core.cluster import ClusterConfig, Constraints, Placement, StoryClusterer
from tui.core.story_builder import doc_of


@dataclass
class ReclusterReport:
    articles: int = 0  # articles reclustered
    stories_before: int = 0  # live stories holding those articles before
    stories_after: int = 0  # ... and after
    changed: int = 0  # stories whose members changed (new and retired ones included)
    kept_ids: int = 0  # stories that kept their id
    new_ids: list[int] = field(default_factory=list)  # stories with a fresh id
    retired: dict[int, int] = field(default_factory=dict)  # old id -> where it now points
    moved_articles: int = 0
    seconds: float = 0.0

    def to_dict(self) -> dict:
        return {
            "articles": self.articles, "stories_before": self.stories_before,
            "stories_after": self.stories_after, "changed": self.changed,
            "kept_ids": self.kept_ids, "new_ids": self.new_ids,
            "retired": {str(k): v for k, v in self.retired.items()},
            "moved_articles": self.moved_articles, "seconds": round(self.seconds, 3),
        }


def recluster(
    db: sqlite_utils.Database, since: float | None = None, config: ClusterConfig | None = None
) -> ReclusterReport:
    """Rebuild the stories of every article published at or after ``since`` (all when None)
    from scratch, as one batch.

    Kept: every story the analyst corrected (an article moved into or out of it, or another
    story merged into it) keeps the members it had then, so a removed article never rejoins
    its old story and a merge never comes apart; articles that joined since are rebuilt
    like any other. The rest is rebuilt, and a rebuilt story takes the id of the old story it
    shares most articles with, so cited ids still lead to it; an old id left without
    articles is recorded as merged into the story that took most of them. Articles older
    than ``since`` keep their stories.

    Clustering runs outside the write lock (it can take seconds on a large database); if
    articles or stories changed meanwhile, the work is redone under the lock.
    """
    started = time.monotonic()
    config = config or ClusterConfig()
    before = store.stories_fingerprint(db)
    plan = _plan(db, since, config)
    with store.write_transaction(db):
        if store.stories_fingerprint(db) != before:
            plan = _plan(db, since, config)
        report = _apply(db, plan)
    report.seconds = time.monotonic() - started
    return report


@dataclass
class _Plan:
    docs: list[int]
    old: dict[int, int]  # article -> story before (clustered articles only)
    new: dict[int, int]  # article -> story after
    placements: list[Placement]
    representatives: dict[int, int]  # story after -> article
    retired: dict[int, int]  # old id with no articles left -> story after
    manual: set[int]  # articles placed by the analyst


def _plan(db: sqlite_utils.Database, since: float | None, config: ClusterConfig) -> _Plan:
    inputs = store.cluster_inputs(db, since=since, clustered_only=False)
    docs = [doc_of(item) for item in inputs]
    scope = {d.id for d in docs}
    old = {p.doc_id: p.cluster_id for p in store.placements_for(db, list(scope))}
    pinned, forbidden = store.correction_constraints(db)
    manual = {aid for aid in pinned if aid in scope}
    # Stories the analyst corrected stay as the analyst left them: their confirmed members
    # are pinned too (the moved articles themselves are pinned already). Pinning members,
    # not just moved articles, keeps a removal true in a rebuild, which has no story ids
    # to forbid; articles that joined since are not confirmed and are rebuilt freely.
    for aid, cid in store.confirmed_members(db).items():
        if aid in scope:
            pinned.setdefault(aid, cid)
    pinned = {aid: cid for aid, cid in pinned.items() if aid in scope}
    batch = StoryClusterer(config, next_id=1).batch(
        docs, Constraints(pinned=pinned, forbidden=forbidden)
    )
    # Batch ids are labels; pinned ones are real story ids already.
    kept = set(pinned.values())
    label_of = {p.doc_id: p.cluster_id for p in batch.placements}
    groups: dict[int, list[int]] = defaultdict(list)
    for aid, label in label_of.items():
        groups[label].append(aid)
    removed_from: dict[int, set[int]] = defaultdict(set)
    for aid, cid in forbidden:
        removed_from[aid].add(cid)
    # Each rebuilt story takes the old id it overlaps most (largest overlaps first); never
    # an id one of its articles was removed from, never an id a pinned story holds.
    overlaps: list[tuple[int, int, int]] = []  # (-overlap, old id, label)
    for label, members in groups.items():
        if label in kept:
            continue
        counts = Counter(old[aid] for aid in members if aid in old)
        for cid, count in counts.items():
            if cid not in kept and not any(cid in removed_from[aid] for aid in members):
                overlaps.append((-count, cid, label))
    overlaps.sort()
    id_of: dict[int, int] = {label: label for label in groups if label in kept}
    taken = set(kept)
    for _, cid, label in overlaps:
        if label in id_of or cid in taken:
            continue
        id_of[label] = cid
        taken.add(cid)
    next_id = store.next_cluster_id(db)
    for label in sorted(groups, key=lambda lab: min(groups[lab])):
        if label not in id_of:
            id_of[label] = next_id
            next_id += 1
    new = {aid: id_of[label] for aid, label in label_of.items()}
    placements = [Placement(p.doc_id, id_of[p.cluster_id], p.score, p.evidence)
                  for p in batch.placements]
    representatives = {id_of[label]: aid for label, aid in batch.representatives.items()}
    # Old ids left with no article (none in scope, none older than it): point them at the
    # story that took most of their articles.
    remaining = set(new.values())
    older = store.story_members(db, set(old.values()))
    holds_older = {cid for aid, cid in older.items() if aid not in scope}
    retired: dict[int, int] = {}
    for cid in sorted(set(old.values())):
        if cid in remaining or cid in holds_older:
            continue
        went = Counter(new[aid] for aid, was in old.items() if was == cid)
        retired[cid] = min(went.items(), key=lambda kv: (-kv[1], kv[0]))[0]
    return _Plan(sorted(scope), old, new, placements, representatives, retired, manual)


def _apply(db: sqlite_utils.Database, plan: _Plan) -> ReclusterReport:
    changed_articles = {aid for aid, cid in plan.new.items() if plan.old.get(aid) != cid}
    placements = [p for p in plan.placements if p.doc_id in changed_articles]
    store.save_placements(
        db, placements, merges=sorted(plan.retired.items()),
        representatives=plan.representatives, by="recluster", manual=plan.manual,
    )
    before: dict[int, set[int]] = defaultdict(set)
    for aid, cid in plan.old.items():
        before[cid].add(aid)
    after: dict[int, set[int]] = defaultdict(set)
    for aid, cid in plan.new.items():
        after[cid].add(aid)
    changed = {cid for cid in before.keys() | after.keys()
               if before.get(cid, set()) != after.get(cid, set())}
    return ReclusterReport(
        articles=len(plan.docs),
        stories_before=len(before),
        stories_after=len(after),
        changed=len(changed),
        kept_ids=len(after.keys() & before.keys()),
        new_ids=sorted(after.keys() - before.keys()),
        retired=dict(plan.retired),
        moved_articles=len(changed_articles),
    )
