"""Key names: the same kind of story about another place or actor (two central banks' rate
decisions, two earthquakes) is told apart by the names of its headline and first sentence.

A mixin of StoryClusterer (``self._vocab`` gives IDF weights)."""

from __future__ import annotations

from collections.abc import Container
from typing import TYPE_CHECKING

from tui.core.cluster.state import ClusterState, DocState
from tui.core.cluster.words import NAME_STEM

if TYPE_CHECKING:
    from tui.core.cluster.vocabulary import Vocabulary


class KeyNames:
    _vocab: Vocabulary

    def _doc_conflict(self, doc: DocState, cluster: ClusterState) -> bool:
        """Same kind of story, another place or actor (one central bank's rate decision vs
        another's): the doc's key names are mostly ones the cluster never mentions, the
        cluster's dominant key names are mostly ones the doc never mentions, and one side
        shares none at all (a street of the cluster's city shares the country: no conflict)."""
        keys = doc.keys
        if not keys or not cluster.keys:
            return False
        names = cluster.names
        shared = own = 0.0
        stems: set[str] | None = None
        for term, weight in keys.items():
            if term not in names:
                if stems is None:
                    stems = {name[:NAME_STEM] for name in names}
                if term[:NAME_STEM] not in stems:
                    own += weight
                    continue
            shared += weight
        if own <= shared:
            return False
        their_own, their_shared = self._dominant_split(cluster, doc.names)
        return their_own > their_shared and not (shared and their_shared)

    def _dominant_split(self, cluster: ClusterState, mentioned: Container[str]
                        ) -> tuple[float, float]:
        """The weight of the cluster's dominant key names (in the headline or first sentence
        of at least half its members with keys; weighted by those members and IDF) that are
        never ``mentioned``, and of those that are. A name counts as mentioned when one of
        the same first letters is (Turkey / Turkish, Kyrgyzstan / Kyrgyz)."""
        idf = self._vocab.idf
        half = cluster.keyed / 2.0
        shared = own = 0.0
        stems: set[str] | None = None
        for term, count in cluster.keys.items():
            if count < half:
                continue
            weight = count * idf(term)
            if term in mentioned:
                shared += weight
                continue
            if stems is None:
                stems = {name[:NAME_STEM] for name in mentioned}
            if term[:NAME_STEM] in stems:
                shared += weight
            else:
                own += weight
        return own, shared

    def _cluster_conflict(self, a: ClusterState, b: ClusterState) -> bool:
        """Each cluster's dominant key names are mostly ones the other never mentions, and
        one of them shares none at all."""
        if not a.keys or not b.keys:
            return False
        a_own, a_shared = self._dominant_split(a, b.names)
        if a_own <= a_shared:
            return False
        b_own, b_shared = self._dominant_split(b, a.names)
        return b_own > b_shared and not (a_shared and b_shared)
