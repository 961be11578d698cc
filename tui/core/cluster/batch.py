"""Batch mode: cluster a whole collection from scratch (``cluster-jsonl``, ``recluster``,
evaluation), with refinement rounds that move docs to a clearly better cluster once
profiles are mature, and ids numbered by first article.

A mixin of StoryClusterer."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from tui.core.cluster.model import BatchResult, ClusterConfig, Constraints, Doc, DocId, Placement
from tui.core.cluster.state import ClusterState, DocState, sort_key, unique_docs

if TYPE_CHECKING:
    from tui.core.cluster.vocabulary import Vocabulary


class Batch:
    config: ClusterConfig
    _vocab: Vocabulary
    _docs: dict[DocId, DocState]
    _clusters: dict[int, ClusterState]
    _pending: dict
    _reserved_ids: set[int]

    def batch(self, docs: Sequence[Doc], constraints: Constraints | None = None) -> BatchResult:
        """Cluster ``docs`` from scratch on a fresh clusterer (see ``cluster_docs``), with
        each resulting cluster's representative headline."""
        if self._docs or self._pending:
            raise ValueError("batch() needs a fresh clusterer")
        return self._batch(unique_docs(docs), constraints or Constraints())

    def _batch(self, docs: Sequence[Doc], constraints: Constraints) -> BatchResult:
        self._reserve_ids(constraints)
        ordered = sorted(docs, key=sort_key)
        self._vocab.learn(ordered)
        analysed = [(doc, *self._vocab.analyse(doc)) for doc in ordered]
        for _, weights, _, cues in analysed:
            self._vocab.count(weights, cues)
        touched: list[int] = []
        for doc, weights, surface, cues in analysed:
            state = self._make_state(doc, weights, surface, cues)
            touched.append(self._place(state, constraints).cluster_id)
        self._merge_pass(touched, constraints)
        for _ in range(self.config.refine_rounds):
            moved = self._refine(constraints)
            if not moved:
                break
            self._merge_pass(moved, constraints)
        states = list(self._docs.values())
        self._lone_passes(states, constraints)
        if self._weighed_pass(None, constraints) and self.config.second_look:
            # Stories the weighed pass joined may now be what a lone report's figures, rare
            # names or scene point to (the radio's first report of a landslide, hours before
            # the wire whose story the toll update later joined).
            self._lone_passes(states, constraints)
        # A last look for reports of a happening still alone: a story of one report may be
        # theirs (``_happening_pass``), once the weighed pass has formed what it forms.
        self._happening_pass(states, constraints, single=True)
        self._aftermath_pass(states, constraints)
        self._feature_pass(states, constraints)
        self._followup_pass(states, constraints)
        return self._renumbered(docs, constraints)

    def _refine(self, constraints: Constraints, states: Sequence[DocState] | None = None
                ) -> list[int]:
        """Move each doc (of ``states``; all in batch mode) to a clearly better cluster now
        that profiles are mature (single-pass placement depends on arrival order). Pinned
        docs never move."""
        cfg = self.config
        touched: list[int] = []
        chosen = self._docs.values() if states is None else states
        for state in sorted(chosen, key=lambda d: d.order):
            if state.id in constraints.pinned:
                continue
            own = self._clusters[state.cluster]
            own_score = self._fit(state, own) if len(own.members) > 1 else 0.0
            if own_score >= cfg.refine_secure:
                continue  # firmly placed: no other cluster can beat it by the margin
            self._remove(state, own)
            best = self._best_cluster(state, constraints)
            if best is not None and best[1] > own_score + cfg.refine_margin:
                target = best[0]
                touched.append(target.id)
            elif (best is None and own.members and own_score < cfg.join_threshold
                  and states is None):
                # Its cluster drifted away from it: it would not be admitted today. (A new
                # doc was admitted just now, by whichever rule: it stays.)
                target = self._cluster(self._new_id())
            else:
                target = own
            if target is own and not own.members:
                self._clusters[own.id] = own
            self._join(state, target)
        return touched

    def _remove(self, state: DocState, cluster: ClusterState) -> None:
        state.named = ()
        profile = cluster.profile
        dot = 0.0
        for term, weight in state.vec.items():
            dot += profile[term] * weight
        cluster.sq_norm = max(0.0, cluster.sq_norm - 2.0 * dot + 1.0)
        for term, weight in state.vec.items():
            value = profile[term] - weight
            if value > 1e-9:
                profile[term] = value
            else:
                del profile[term]
        cluster.members.remove(state)
        if state.keys:
            cluster.keyed -= 1
        pairs = [(cluster.keys, state.keys), (cluster.names, state.names),
                 (cluster.news, state.news)]
        if state.texted:
            pairs.append((cluster.texted_news, state.news))
            cluster.texted -= 1
            if state.hazards:
                cluster.told -= 1
        for counts, terms in pairs:
            for term in terms:
                if counts[term] > 1:
                    counts[term] -= 1
                else:
                    del counts[term]
        if not cluster.members:
            del self._clusters[cluster.id]
        else:
            times = [m.time for m in cluster.members if m.time is not None]
            cluster.first = min(times) if times else None
            cluster.last = max(times) if times else None
            cluster.time_sum = sum(times)
            cluster.timed = len(times)

    def _renumbered(self, docs: Sequence[Doc], constraints: Constraints) -> BatchResult:
        """Final ids: pinned clusters keep theirs; the rest are numbered by first member."""
        reserved = self._reserved_ids
        pinned_ids = set(constraints.pinned.values())
        mapping: dict[int, int] = {}
        next_id = 1
        clusters = sorted(self._clusters.values(), key=lambda c: min(m.order for m in c.members))
        for cluster in clusters:
            if cluster.id in pinned_ids:
                mapping[cluster.id] = cluster.id
                continue
            while next_id in reserved:
                next_id += 1
            mapping[cluster.id] = next_id
            next_id += 1
        out = []
        for doc in docs:
            state = self._docs[doc.id]
            cluster = self._clusters[state.cluster]
            score, evidence = self._explain(state, cluster)
            out.append(Placement(doc.id, mapping[cluster.id], score, evidence))
        representatives = {mapping[cid]: self.representative(cid) for cid in self._clusters}
        return BatchResult(out, representatives)

