"""Why a doc is in its cluster: a leave-one-out score and the matched key terms that the
store keeps as each member's evidence.

A mixin of StoryClusterer."""

from __future__ import annotations

import math

from tui.core.cluster.model import ClusterConfig
from tui.core.cluster.state import ClusterState, DocState, sparse_dot


class Explaining:
    config: ClusterConfig

    def _evidence(self, state: DocState, cluster: ClusterState) -> tuple[str, ...]:
        profile = cluster.profile
        shared = [(w * profile[t], t) for t, w in state.vec.items() if t in profile]
        shared.sort(key=lambda x: (-x[0], x[1]))
        return tuple(state.surface[t] for _, t in shared[: self.config.evidence_terms])

    def _key_terms(self, state: DocState) -> tuple[str, ...]:
        ranked = sorted(state.vec.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(state.surface[t] for t, _ in ranked[: self.config.evidence_terms])

    def _fit(self, state: DocState, member_of: ClusterState) -> float:
        """Cosine of a member with the rest of its cluster (profile minus its own vector)."""
        dot = sparse_dot(state.vec, member_of.profile)
        sq_norm = member_of.sq_norm - 2.0 * dot + 1.0
        if sq_norm <= 1e-12:
            return 0.0
        return max(0.0, min(1.0, (dot - 1.0) / math.sqrt(sq_norm)))

    def _explain(self, state: DocState, cluster: ClusterState) -> tuple[float, tuple[str, ...]]:
        """Score and evidence of a doc against its cluster without its own contribution
        (leave-one-out: profile minus the doc's vector)."""
        profile = cluster.profile
        inside = state.cluster == cluster.id
        if not cluster.members or (inside and len(cluster.members) == 1):
            return 1.0, self._key_terms(state)
        shared: list[tuple[float, str]] = []
        dot = 0.0
        for term, weight in state.vec.items():
            value = profile.get(term)
            if value is None:
                continue
            if inside:
                value -= weight
            if value > 1e-9:
                dot += weight * value
                shared.append((weight * value, term))
        sq_norm = cluster.sq_norm
        if inside:
            sq_norm = sq_norm - 2.0 * sparse_dot(state.vec, profile) + 1.0
        score = dot / math.sqrt(sq_norm) if sq_norm > 1e-12 else 0.0
        shared.sort(key=lambda x: (-x[0], x[1]))
        evidence = tuple(state.surface[t] for _, t in shared[: self.config.evidence_terms])
        if inside and state.named:
            # Placed by the rare names it shares with the story: they say why.
            names = tuple(state.surface.get(term, term) for term in state.named)
            evidence = (*names, *(term for term in evidence if term not in names))
            evidence = evidence[: self.config.evidence_terms]
        return round(max(0.0, min(1.0, score)), 4), evidence

