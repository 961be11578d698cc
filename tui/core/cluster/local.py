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

A mixin of StoryClusterer."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

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


def hazards_differ(doc: DocState, cluster: ClusterState) -> bool:
    """The doc's headline and first sentence name kinds of happening, the story's others."""
    if not doc.hazards:
        return False
    theirs = story_hazards(cluster)
    return bool(theirs) and doc.hazards.isdisjoint(theirs)


def same_hazard(doc: DocState, cluster: ClusterState) -> bool:
    """The doc's headline or first sentence names a kind of happening the story's do: a
    village's own report of the quake, sharing only the village's name with the wire's, is
    no other happening in that village."""
    return bool(doc.hazards) and not doc.hazards.isdisjoint(story_hazards(cluster))


class LocalReports:
    _vocab: Vocabulary
    _clusters: dict[int, ClusterState]

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
