"""Merging clusters that new docs showed to be one story: a guarded, average-link style
pass (no single-link chaining), honouring the analyst's pins and removals.

A mixin of StoryClusterer."""

from __future__ import annotations

import math
from collections import deque
from collections.abc import Iterable
from typing import TYPE_CHECKING

from tui.core.cluster.local import (
    happenings_differ,
    news_beside_happening,
    story_hazards,
    untold_toll,
)
from tui.core.cluster.model import ClusterConfig, Constraints, DocId
from tui.core.cluster.state import (
    ClusterState,
    DocState,
    began,
    bought_apart,
    developed_apart,
    features_abroad,
    happened_apart,
    names_carry,
    shares_only_names,
    sparse_dot,
)

if TYPE_CHECKING:
    pass


class Merging:
    config: ClusterConfig
    _clusters: dict[int, ClusterState]
    _absorbed: dict[int, int]
    _removed_from: dict[DocId, list[int]]
    _moved: list[DocState]

    def _merge_pass(self, touched: Iterable[int], constraints: Constraints
                    ) -> list[tuple[int, int]]:
        merges: list[tuple[int, int]] = []
        queue = deque(sorted(set(touched)))
        seen_pairs: set[tuple[int, int]] = set()
        while queue:
            cid = queue.popleft()
            cluster = self._clusters.get(cid)
            if cluster is None:
                continue
            partner = self._merge_partner(cluster, constraints, seen_pairs)
            if partner is None:
                continue
            into, absorbed = self._survivor(cluster, partner)
            self._merge(absorbed, into)
            merges.append((absorbed.id, into.id))
            queue.append(into.id)
        return merges

    def _profile_vec(self, cluster: ClusterState) -> dict[str, float]:
        norm = math.sqrt(cluster.sq_norm) or 1.0
        items = sorted(cluster.profile.items(), key=lambda kv: (-kv[1], kv[0]))
        return {t: v / norm for t, v in items[: self.config.max_terms * 2]}

    def _merge_partner(
        self, cluster: ClusterState, constraints: Constraints, seen: set[tuple[int, int]]
    ) -> ClusterState | None:
        """The most similar candidate cluster that passes the guards, if any."""
        cfg = self.config
        vec = self._profile_vec(cluster)
        ranked: list[tuple[float, int]] = []
        for cid in self._candidates(vec, cluster.last, exclude=cluster.id):
            other = self._clusters.get(cid)
            if other is None or not other.members:
                continue
            pair = (min(cid, cluster.id), max(cid, cluster.id))
            if pair in seen:
                continue
            gap = self._cluster_gap(cluster, other)
            if gap > cfg.window_seconds:
                continue
            score = sparse_dot(vec, other.profile) / (math.sqrt(other.sq_norm) or 1.0)
            # Two stories of one report each, worded alike, are one follow-up told by two
            # outlets, whatever kinds of development their first sentences read
            # (``close_pair``).
            close = (len(cluster.members) == len(other.members) == 1
                     and score >= cfg.close_pair)
            if not close and self._developed_apart(cluster, other):
                continue
            if features_abroad(cluster.members, other.members, self._named_countries):
                continue
            if (cluster.keyed and other.keyed
                    and max(len(cluster.members), len(other.members)) > 1
                    and names_carry(vec, other.profile, cluster.names, other.names)
                    >= cfg.merge_names_share):
                continue  # the same town, another happening (see ``_best_cluster``)
            if (cluster.keyed and other.keyed
                    and len(cluster.members) == len(other.members) == 1
                    and (news_beside_happening(cluster.news.keys(), story_hazards(cluster),
                                               other)
                         or news_beside_happening(other.news.keys(), story_hazards(other),
                                                  cluster))
                    and shares_only_names(vec, other.profile, cluster.names, other.names)):
                continue  # a development beside a happening (see ``_best_cluster``)
            if (score < cfg.other_happening_below
                    and min(len(cluster.members), len(other.members)) > 1
                    and (happenings_differ(cluster, other) or news_differ(cluster, other)
                         or news_beside_story(cluster, other))):
                continue  # a fire and the next day's crash in the town (``_best_cluster``)
            if score < cfg.other_happening_below and (
                    _lone_update(cluster) and not story_hazards(other)
                    or _lone_update(other) and not story_hazards(cluster)):
                continue  # a toll update beside a story of no happening (``_best_cluster``)
            required = self._required(gap, cfg.merge_threshold)
            if score >= required and (
                score >= required + cfg.conflict_penalty
                or not self._cluster_conflict(cluster, other)
            ):
                ranked.append((score, cid))
        ranked.sort(key=lambda sc: (-sc[0], sc[1]))
        for _, cid in ranked:
            other = self._clusters[cid]
            seen.add((min(cid, cluster.id), max(cid, cluster.id)))
            if not self._may_merge(cluster, other, constraints):
                continue
            small, large = (cluster, other) if len(cluster.members) <= len(other.members) else (
                other, cluster)
            if self._agree(small, large):
                return other
        return None

    def _developed_apart(self, a: ClusterState, b: ClusterState) -> bool:
        """The later story (by its first report) began more than the grace after the earlier
        one, and its reports with text announce a kind of development the earlier story
        never spoke of (see ``_new_development``), or name a kind of happening where none of
        the earlier story's did (``state.happened_apart``); or, at any hour, its headlines
        announce a purchase by an actor the earlier story never named. First reports, not mean
        times: one late update of the earlier story must not pull the two within the grace."""
        if not self.config.split_developments or a.first is None or b.first is None:
            return False
        late, early = (a, b) if a.first > b.first else (b, a)
        grace = self.config.time_grace_seconds
        return developed_apart(late.first, late.texted_news, began(early, grace), early.news,
                               grace) or (
            happened_apart(late.first, early, grace) and bool(story_hazards(late))
        ) or (bought_apart(late.texted_news, early.news)
            and self._names_new(self._dominant(late), early.names))

    def _cluster_gap(self, a: ClusterState, b: ClusterState) -> float:
        if not a.timed or not b.timed:
            return 0.0
        return abs(a.time_sum / a.timed - b.time_sum / b.timed)

    def _agree(self, small: ClusterState, large: ClusterState) -> bool:
        """Average-link style agreement, so one vague member cannot bridge two stories: the
        smaller cluster's members (up to 20 recent ones) fit the larger profile on average, and
        several members of the larger cluster (not just one) fit the smaller profile."""
        cfg = self.config
        sample = small.members[-20:]
        scores = [large.cosine(m.vec) for m in sample]
        if sum(scores) / len(scores) < cfg.agree_threshold:
            return False
        need = min(cfg.support_members, len(large.members))
        got = 0
        for member in reversed(large.members[-30:]):
            if small.cosine(member.vec) >= cfg.merge_support_threshold:
                got += 1
                if got >= need:
                    return True
        return False

    def _may_merge(self, a: ClusterState, b: ClusterState, constraints: Constraints) -> bool:
        if a.pinned and b.pinned:
            return False
        if constraints.forbidden:
            for m in a.members:
                if self._forbidden(m.id, b.id, constraints):
                    return False
            for m in b.members:
                if self._forbidden(m.id, a.id, constraints):
                    return False
        return True

    def _forbidden(self, doc_id: DocId, cluster_id: int, constraints: Constraints) -> bool:
        """The analyst removed the doc from this cluster, or from one it has absorbed."""
        if (doc_id, cluster_id) in constraints.forbidden:
            return True
        if not self._absorbed:
            return False
        resolve = self.resolve
        return any(resolve(cid) == cluster_id for cid in self._removed_from.get(doc_id, ()))

    def _survivor(self, a: ClusterState, b: ClusterState) -> tuple[ClusterState, ClusterState]:
        """(into, absorbed): a cluster holding pinned docs survives; else the larger; else the
        older (lower id)."""
        def rank(c: ClusterState) -> tuple:
            return (c.pinned > 0, len(c.members), -c.id)

        return (a, b) if rank(a) >= rank(b) else (b, a)

    def _merge(self, absorbed: ClusterState, into: ClusterState) -> None:
        for doc in absorbed.members:
            self._join(doc, into)
            self._moved.append(doc)
        into.pinned += absorbed.pinned
        del self._clusters[absorbed.id]
        self._absorbed[absorbed.id] = into.id
        # Postings keep the dead id; lookups skip ids that are no longer clusters.


def news_differ(a: ClusterState, b: ClusterState) -> bool:
    """Both stories' reports with text announce developments, and not one kind the same: a
    widow's lawsuit and, the next day, a strike by tug crews share a word ("Tug Ridge", the
    tugs), not a story."""
    mine, theirs = a.texted_news, b.texted_news
    return bool(mine) and bool(theirs) and mine.keys().isdisjoint(theirs.keys())


def news_beside_story(a: ClusterState, b: ClusterState) -> bool:
    """One story's reports with text announce a development and name no happening, the
    other's name a happening and never that development: a dock strike at a port's container
    terminal and, the same days, a fire at a fish plant there (twenty-third set) share the
    town and its port, not a story. (A city's order for new trams and a tram's derailment
    there, in the seventy-ninth set, are worded closer than the guard reaches.)"""
    for news, happening in ((a, b), (b, a)):
        if (news.texted_news and not story_hazards(news) and story_hazards(happening)
                and not happening.texted_news.keys() >= news.texted_news.keys()):
            return True
    return False


def _lone_update(cluster: ClusterState) -> bool:
    """A story of one report, revising a toll of a happening it does not name
    (``untold_toll``)."""
    return len(cluster.members) == 1 and untold_toll(cluster.members[0])
