"""Weighing the evidence: a last merge of stories the rules left apart, by a logistic model
of what the labelled sets showed about such pairs.

The rules before it (placement, merging, the lone-report passes) each look at one kind of
evidence and say yes or no: a clash of key names keeps a report out of a story however close
their words, a development word keeps a business angle out of the event it recaps. Each no is
right more often than not, but the pairs the rules leave apart are a mixed lot, and what tells
them apart is how much of each kind of evidence there is: close wording, names in common, the
same kind of happening, figures both quote, a lone report against a story of several, hours
or days apart. A landslide at Tuba, Benguet, told by a wire through "northern Philippines", a
broadcaster through the province, a local paper through the sitio and an agency's toll update
two days on, was four stories under the rules and is one weighed (twenty-fourth labelled set).

``_pair_evidence`` measures those for two stories; a logistic model (``merge_weights``, fitted by
``benchmarks/train_merge_model.py`` on the labelled full-text sets, never on the set that
judges it) turns them into the chance that the two report one event. After the rules, pairs of
stories whose first reports are within ``weighed_seconds`` of each other and that share a word
are weighed, and merged, most likely first, when that chance is at least
``weighed_threshold`` (and, when one of the two has since taken in another story, when the
rules do not keep what they now are apart: ``_grown_apart``). Only stories with text are
weighed: the model learned from full text, and headlines alone carry too little of the
evidence it weighs.

A mixin of StoryClusterer."""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from typing import TYPE_CHECKING

from tui.core.cluster import merge_weights
from tui.core.cluster.local import happenings_differ, story_hazards
from tui.core.cluster.merging import news_differ
from tui.core.cluster.model import ClusterConfig, Constraints
from tui.core.cluster.names import PlaceContext, countries_clash
from tui.core.cluster.state import ClusterState, DocState, features_abroad, sparse_dot
from tui.core.cluster.words import TOWN_NEWS

if TYPE_CHECKING:
    from tui.core.cluster.vocabulary import Vocabulary

_HOUR = 3600.0
_MEMBERS = 20  # the latest members of each story compared pairwise (max cosine)

# The features, in the order of ``merge_weights.WEIGHTS``.
FEATURES = (
    "cosine",  # of the two stories' profiles
    "closest",  # the highest cosine of a report of one with a report of the other
    "gap_days",  # between their nearest reports in time (at most 3)
    "start_days",  # between their first reports (at most 4)
    "log_smaller",  # log of the smaller story's reports
    "log_larger",
    "lone",  # the smaller story is one report
    "keys_shared",  # key names (headline and first sentence) in common, at most 5
    "names_shared",  # names in common anywhere, at most 10, over 10
    "both_happenings",  # both name a kind of happening up front
    "one_happening",  # only one does (a feature, a column on it)
    "same_happening",  # a kind both name
    "other_happenings",  # both name kinds, none the same
    "other_news",  # both announce developments, none the same (``news_differ``)
    "developed_apart",  # the later began as a development of its own (``_developed_apart``)
    "names_clash",  # their key names clash (``_cluster_conflict``)
    "smaller_clashes",  # share of the smaller story's reports whose key names clash with the larger
    "larger_clashes",  # and the other way round
    "figures_shared",  # rare figures both quote (at most 3)
    "countries_clash",  # the countries their key names name differ (``countries_clash``)
    "no_common_country",  # the countries their key names lie in have none in common
)


_DEVELOPED = FEATURES.index("developed_apart")
_CLASH = FEATURES.index("names_clash")
_COUNTRIES = FEATURES.index("countries_clash")
# The costly features, each between 0 and 1.
_COSTLY = (_DEVELOPED, _CLASH, _CLASH + 1, _CLASH + 2, _COUNTRIES, _COUNTRIES + 1)


class Weighing:
    config: ClusterConfig
    _vocab: Vocabulary
    _clusters: dict[int, ClusterState]

    def _weighed_pass(self, touched: Iterable[int] | None, constraints: Constraints
                      ) -> list[tuple[int, int]]:
        """Merge stories (one of them among ``touched``, or any when None) that the model
        weighs as one event, most likely first; (absorbed, into) pairs. The members of the
        absorbed story keep the chance as their evidence."""
        threshold = self.config.weighed_threshold
        if threshold > 1.0:
            return []
        # No pair below the threshold needs its costly evidence (``_pair_evidence``).
        need = math.log(threshold / (1.0 - threshold)) if 0.0 < threshold < 1.0 else None
        # Two stories whose key names name different countries are never weighed into one:
        # the rules' clash of countries holds (of the 4,041 such pairs the training sets
        # gave, 7 were one event, and the model weighed none of them as one).
        weighed = [(p, a.id, b.id, evidence)
                   for evidence, a, b in self._weighed_pairs(touched, need)
                   if not evidence[_COUNTRIES] and (p := chance(evidence)) >= threshold]
        weighed.sort(key=lambda item: (-item[0], item[1], item[2]))
        merges: list[tuple[int, int]] = []
        grown: set[int] = set()
        for likely, a_id, b_id, evidence in weighed:
            a = self._clusters.get(self.resolve(a_id))
            b = self._clusters.get(self.resolve(b_id))
            if a is None or b is None or a is b or not self._may_merge(a, b, constraints):
                continue
            if (a.id in grown or b.id in grown) and self._grown_apart(a, b):
                continue
            into, absorbed = self._survivor(a, b)
            said = f"evidence weighed: {likely:.2f}"
            if reasons := weighed_for(evidence):
                said += f" ({' + '.join(reasons)})"
            for member in absorbed.members:
                member.named = (said,)
            self._merge(absorbed, into)
            grown.add(into.id)
            merges.append((absorbed.id, into.id))
        return merges

    def _weighed_pairs(self, touched: Iterable[int] | None, need: float | None = None
                       ) -> list[tuple[list[float], ClusterState, ClusterState]]:
        """Each pair of stories with text (one of them among ``touched``, or any when None),
        begun within ``weighed_seconds`` of each other, the one a candidate of the other
        (``_candidates``, as for merging), with its evidence (``FEATURES``); with ``need``,
        only pairs whose evidence may reach that log-odds."""
        reach = self.config.weighed_seconds
        clusters = self._clusters
        if touched is None:
            chosen = sorted(clusters)
        else:
            chosen = sorted({self.resolve(cid) for cid in touched} & clusters.keys())
        out: list[tuple[list[float], ClusterState, ClusterState]] = []
        seen: set[tuple[int, int]] = set()
        for cid in chosen:
            cluster = clusters[cid]
            if not cluster.texted:
                continue
            vec = self._profile_vec(cluster)
            for other_id in self._candidates(vec, cluster.last, exclude=cid):
                other = clusters.get(other_id)
                if other is None or not other.texted or not other.members:
                    continue
                pair = (min(cid, other_id), max(cid, other_id))
                if pair in seen:
                    continue
                seen.add(pair)
                if not _within(cluster, other, reach) or features_abroad(
                        cluster.members, other.members, self._named_countries):
                    continue
                a, b = (cluster, other) if cid < other_id else (other, cluster)
                evidence = self._pair_evidence(a, b, need)
                if evidence is not None:
                    out.append((evidence, a, b))
        return out

    def _pair_evidence(self, a: ClusterState, b: ClusterState, need: float | None = None
                       ) -> list[float] | None:
        """``FEATURES`` of two stories, or None when no report of one shares a word with a
        report of the other (``closest`` below ``weighed_closest``), or when, with ``need``,
        the evidence cannot reach that log-odds whatever the costly part of it says (the
        clashes of names, a development of its own: each is 0 or 1, or a share)."""
        a_members, b_members = a.members[-_MEMBERS:], b.members[-_MEMBERS:]
        closest = max(sparse_dot(x.vec, y.vec) for x in a_members for y in b_members)
        if closest < self.config.weighed_closest:
            return None
        norm = math.sqrt(a.sq_norm * b.sq_norm)
        cosine = sparse_dot(a.profile, b.profile) / norm if norm > 0 else 0.0
        a_times = [m.time for m in a_members if m.time is not None]
        b_times = [m.time for m in b_members if m.time is not None]
        gap = start = 0.0
        if a_times and b_times:
            gap = min(abs(x - y) for x in a_times for y in b_times) / _HOUR
        if a.first is not None and b.first is not None:
            start = abs(a.first - b.first) / _HOUR
        small, large = (a, b) if len(a.members) <= len(b.members) else (b, a)
        a_kinds, b_kinds = story_hazards(a), story_hazards(b)
        # One side names a happening and the other none: a feature, a column on it. Not when
        # what the one names is a town's other news (a theft, a protest): two stories of a
        # town in one week.
        one = bool(a_kinds) != bool(b_kinds) and bool((a_kinds | b_kinds) - TOWN_NEWS)
        evidence = [
            cosine,
            closest,
            min(gap, 72.0) / 24.0,
            min(start, 96.0) / 24.0,
            math.log(len(small.members)),
            math.log(len(large.members)),
            float(len(small.members) == 1),
            float(min(len(a.keys.keys() & b.keys.keys()), 5)),
            min(len(a.names.keys() & b.names.keys()), 10) / 10.0,
            float(bool(a_kinds) and bool(b_kinds)),
            float(one),
            float(bool(a_kinds & b_kinds)),
            float(happenings_differ(a, b)),
            float(news_differ(a, b)),
            0.0,  # developed_apart, below
            0.0,  # names_clash
            0.0,  # smaller_clashes
            0.0,  # larger_clashes
            float(min(len(self._rare_figures(a) & self._rare_figures(b)), 3)),
            0.0,  # countries_clash
            0.0,  # no_common_country
        ]
        if need is not None and _most(evidence) < need:
            return None
        evidence[_DEVELOPED] = float(self._developed_apart(a, b))
        evidence[_CLASH] = float(self._cluster_conflict(a, b))
        evidence[_CLASH + 1] = self._clashing(small, large)
        evidence[_CLASH + 2] = self._clashing(large, small)
        evidence[_COUNTRIES] = float(
            countries_clash(self._vocab, self._countried(a), self._countried(b)))
        evidence[_COUNTRIES + 1] = float(self._apart(a, b))
        return evidence

    def _grown_apart(self, a: ClusterState, b: ClusterState) -> bool:
        """Since they were weighed, one of the two took in another story, and what they are
        now the rules keep apart: the later began as a development of its own, or their key
        names clash. The lone toll update weighed as likely with the captain's arrest as with
        the capsize has joined the capsize; the arrest would now be merged into the capsize
        on the strength of the update alone. (Weighing the pair again costs the chains the
        model is for: the landslide told at three scales by three lone reports.)"""
        return self._developed_apart(a, b) or self._cluster_conflict(a, b)

    def _apart(self, a: ClusterState, b: ClusterState) -> bool:
        """The countries each story's key names lie in (towns of one country only) have none
        in common."""
        mine = PlaceContext(self._vocab, a.keys).countries
        theirs = PlaceContext(self._vocab, b.keys).countries
        return bool(mine) and bool(theirs) and mine.isdisjoint(theirs)

    def _clashing(self, story: ClusterState, other: ClusterState) -> float:
        members: Sequence[DocState] = story.members
        return sum(self._doc_conflict(m, other) for m in members) / len(members)

    def _rare_figures(self, story: ClusterState) -> set[str]:
        quoted = self._vocab.figure_df.get
        most = self.config.weighed_figure_docs
        return {f for m in story.members for f in m.figures if quoted(f, 0) <= most}


def _within(a: ClusterState, b: ClusterState, reach: float) -> bool:
    """The two stories' first reports are ``reach`` or less apart (or a time is unknown)."""
    if a.first is None or b.first is None:
        return True
    return abs(a.first - b.first) <= reach


# What an analyst reads as the reasons of a weighed merge: the kinds of evidence for it, in
# plain words, each counted when it adds at least ``_REASON`` to the log-odds.
_REASONS = (
    ("close wording", ("cosine", "closest")),
    ("names in common", ("names_shared",)),
    ("figures in common", ("figures_shared",)),
    ("the same happening", ("same_happening",)),
)
_REASON = 0.3


def weighed_for(evidence: Sequence[float]) -> list[str]:
    """The main reasons ``evidence`` weighs for one event, strongest first (at most three)."""
    weights = merge_weights.WEIGHTS
    found = []
    for words, features in _REASONS:
        added = sum(weights[FEATURES.index(f)] * evidence[FEATURES.index(f)] for f in features)
        if added >= _REASON:
            found.append((-added, words))
    return [words for _, words in sorted(found)[:3]]


def _log_odds(evidence: Sequence[float]) -> float:
    return merge_weights.INTERCEPT + sum(
        w * x for w, x in zip(merge_weights.WEIGHTS, evidence, strict=True))


def _most(evidence: Sequence[float]) -> float:
    """The highest log-odds ``evidence`` can reach whatever its costly features are."""
    weights = merge_weights.WEIGHTS
    return _log_odds(evidence) + sum(max(0.0, weights[i]) for i in _COSTLY)


def chance(evidence: Sequence[float]) -> float:
    """The model's chance that two stories with this evidence report one event."""
    z = _log_odds(evidence)
    if z < -30.0:
        return 0.0
    return 1.0 / (1.0 + math.exp(-z))
