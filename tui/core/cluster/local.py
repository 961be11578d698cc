"""Local reports: the town's paper and the regional radio tell a story through the town and
its people, in words the wire does not use ("Torbalı counts its losses as the water goes
down" beside "Flash floods kill four in western Turkey"), so their cosine with the story
(0.07-0.15) stays under the join threshold, where another event's reports sit too.

What places such a report is where it is: when no story admits it, it joins the closest story
(``ClusterConfig.local_threshold``, within ``local_seconds``) whose names place it in the
province the report's key names do, or whose key names lie in a province the report names
further down (a column that names no place up front; ``names.same_province``), unless the two
name different kinds of happening in their headlines and first sentences (``words.HAZARDS``: a
warehouse fire and, the next day, a bus crash in the same town) or their key names clash.
Measured on every labelled set in ``benchmarks/README.md`` ("Seventh day of issue 10").

A feature on the people in the shelter, published the day after, may share no word with the
news at all (cosine 0.00-0.05: camp beds, a kettle, a borrowed coat), yet name the village
they fled or the rescuer it quotes. When no story admits it even as a local report, such a
rare name (``ClusterConfig.rare_name_docs``) that exactly one story of several reports writes,
begun at most ``named_seconds`` before it, places it there, unless its headline and first
sentence name another kind of happening, its key names clash or it announces a development of
its own. Two stories writing its rare names leave it alone.

A mixin of StoryClusterer."""

from __future__ import annotations

from collections.abc import Collection, Iterable, Sequence
from typing import TYPE_CHECKING

from tui.core.cluster.model import ClusterConfig, Constraints
from tui.core.cluster.names import same_province
from tui.core.cluster.state import ClusterState, DocState

if TYPE_CHECKING:
    from tui.core.cluster.vocabulary import Vocabulary


def story_hazards(cluster: ClusterState) -> set[str]:
    """The kinds of happening at least half of the cluster's members naming one name in their
    headline or first sentence (a bus crash where one report says the bus caught fire is no
    fire)."""
    counts: dict[str, int] = {}
    told = 0
    for member in cluster.members:
        if member.hazards:
            told += 1
            for kind in member.hazards:
                counts[kind] = counts.get(kind, 0) + 1
    return {kind for kind, count in counts.items() if 2 * count >= told}


# What a quake, a landslide, a storm, a flood, a fire, a blast or a crash does to a building
# or a hillside: one outlet's "landslide" is another's "hillside collapses on the village".
_COLLAPSING = frozenset({"quake", "slide", "storm", "flood", "fire", "blast", "crash"})


def kinds_differ(mine: Collection[str], theirs: Collection[str]) -> bool:
    """Both sides name kinds of happening, and none the same (a collapse is one with any of
    the happenings that bring things down)."""
    if not mine or not theirs or not set(mine).isdisjoint(theirs):
        return False
    if "collapse" in mine and not _COLLAPSING.isdisjoint(theirs):
        return False
    return not ("collapse" in theirs and not _COLLAPSING.isdisjoint(mine))


def hazards_differ(doc: DocState, cluster: ClusterState) -> bool:
    """The doc's headline and first sentence name kinds of happening, the story's others."""
    return bool(doc.hazards) and kinds_differ(doc.hazards, story_hazards(cluster))


def happenings_differ(a: ClusterState, b: ClusterState) -> bool:
    """Both stories name kinds of happening up front, and not one the same."""
    return kinds_differ(story_hazards(a), story_hazards(b))


def same_hazard(doc: DocState, cluster: ClusterState) -> bool:
    """The doc's headline or first sentence names a kind of happening the story's do: a
    village's own report of the quake, sharing only the village's name with the wire's, is
    no other happening in that village."""
    return bool(doc.hazards) and not doc.hazards.isdisjoint(story_hazards(cluster))


class LocalReports:
    config: ClusterConfig
    _vocab: Vocabulary
    _clusters: dict[int, ClusterState]
    _postings: dict[str, list[int]]

    def _local_report(self, state: DocState, near: Iterable[tuple[float, int]]
                      ) -> tuple[ClusterState, float] | None:
        """The story a local report belongs to, among ``near``: (cosine, cluster id) of the
        candidates at ``local_threshold`` or more within ``local_seconds``, that no new
        development nor shared names alone keep it from."""
        for score, cid in sorted(near, key=lambda sc: (-sc[0], sc[1])):
            cluster = self._clusters[cid]
            if (same_province(self._vocab, state.keys, state.names, cluster.names,
                              self._dominant(cluster))
                    and not hazards_differ(state, cluster)
                    and not self._doc_conflict(state, cluster)):
                return cluster, score
        return None

    def _rare_names(self, state: DocState) -> list[str]:
        """The doc's names that few documents write and none in lower case."""
        vocab = self._vocab
        most = self.config.rare_name_docs
        df, plain, low = vocab.df.get, vocab.plain_df.get, vocab.low_df.get
        return sorted(term for term in state.names
                      if df(term, 0) <= most and not plain(term) and not low(term))

    def _named_pass(self, states: Sequence[DocState], constraints: Constraints
                    ) -> list[DocState]:
        """After placement and merging: each of ``states`` still alone in its cluster, and
        not pinned there, joins the story ``_named_report`` finds, if any. The moved ones."""
        lone: list[tuple[DocState, list[str]]] = []
        for state in sorted(states, key=lambda doc: doc.order):
            own = self._clusters.get(state.cluster)
            if (state.texted and state.time is not None and own is not None
                    and len(own.members) == 1 and not own.pinned
                    and state.id not in constraints.pinned):
                rare = self._rare_names(state)
                if rare:
                    lone.append((state, rare))
        if not lone:
            return []
        # Which stories of several reports write each of those names, among those begun late
        # enough for one of the lone reports: one look at each story's names, not one per
        # report (a story's names are not in the postings, which hold its weightiest terms).
        wanted = {name for _, rare in lone for name in rare}
        earliest = min(state.time for state, _ in lone if state.time is not None)
        earliest -= self.config.named_seconds
        writing: dict[str, list[int]] = {}
        for cid, cluster in self._clusters.items():
            if len(cluster.members) < 2 or cluster.first is None or cluster.first < earliest:
                continue
            for name in cluster.names:
                if name in wanted:
                    writing.setdefault(name, []).append(cid)
        moved = []
        for state, rare in lone:
            found = self._named_report(state, rare, writing, constraints)
            if found is not None:
                self._remove(state, self._clusters[state.cluster])
                self._join(state, found)
                state.named = tuple(term for term in rare if term in found.names)
                moved.append(state)
        return moved

    def _named_report(self, state: DocState, rare: list[str], writing: dict[str, list[int]],
                      constraints: Constraints) -> ClusterState | None:
        """The one story of several reports that writes one of the doc's ``rare`` names
        (``writing``: name -> ids of the stories writing it), begun within ``named_seconds``
        before it, that nothing keeps it from; None if there is none, or several."""
        assert state.time is not None
        earliest = state.time - self.config.named_seconds
        latest = state.time + self.config.time_grace_seconds / 2
        found: ClusterState | None = None
        seen: set[int] = set()
        for term in rare:
            for cid in writing.get(term, ()):
                if cid in seen:
                    continue
                seen.add(cid)
                cluster = self._clusters.get(cid)
                if (cluster is not None and len(cluster.members) > 1
                        and cluster.first is not None
                        and earliest <= cluster.first <= latest
                        and self._may_place(state, rare, cluster, constraints)):
                    if found is not None:
                        return None  # two stories write its rare names: they place nothing
                    found = cluster
        return found

    def _may_place(self, state: DocState, rare: list[str], cluster: ClusterState,
                   constraints: Constraints) -> bool:
        """Nothing keeps the lone report out of the story its rare names point to:
        - every name its headline and first sentence give, the story writes (the next day's
          bus crash on the Bagalur road names the road the warehouse fire's reports never
          did; a feature names the family it follows, which the news may not: the cost);
        - a rare name it gives up front counts only when it also names the story's kind of
          happening there (``words.HAZARDS``): a report about the town itself is about
          anything that happens there (parents blocking the school's gates the day after the
          warehouse fire; the Yerevan metro's fare rise beside the Van quake whose one report
          says the rescuers left Yerevan), the feature names the village further down;
        - it announces no kind of development the story never spoke of
          (``words.DEVELOPMENTS``), nor another kind of happening (``words.HAZARDS``);
        - it was not removed from the story by hand."""
        keys = state.keys
        if self._names_new(keys, cluster.names):
            return False
        told = same_hazard(state, cluster)
        if not any(term not in keys or told for term in rare if term in cluster.names):
            return False
        if not state.news <= cluster.news.keys():
            return False
        if state.hazards and not told:
            return False
        if constraints.forbidden and self._forbidden(state.id, cluster.id, constraints):
            return False
        return not self._doc_conflict(state, cluster)
