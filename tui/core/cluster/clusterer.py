"""Story clustering: group articles from different outlets that report the same event.

Pure Python plus rapidfuzz (no numpy, no ML library). Articles become weighted term vectors;
each new article is compared with the profiles of a few candidate clusters found through an
inverted index; clusters that turn out to be one story are merged in a guarded second pass.

* Terms: words are lower-cased, accents and possessives dropped and lightly stemmed; stems that
  are prefixes of each other (Azerbaijan / Azerbaijani) or close by ``rapidfuzz.fuzz.ratio``
  (Aliyev / Aliev) collapse into one term. Stop words and newsroom boilerplate are ignored.
* Vectors: the title's terms (weight 1) plus the lead of the text (first ``lead_words`` words,
  lower weight per occurrence), times damped IDF, unit length. A summary-only article simply
  has a shorter lead; a title-only one has none. A cluster's profile is the sum of its
  members' vectors, so the words a story keeps using gain weight as it grows.
* Placement: candidates are clusters sharing one of the doc's most informative terms (posting
  lists of terms common in the window are skipped). The doc joins the best cluster whose
  profile cosine passes ``join_threshold`` -- raised when the doc is more than a day from the
  cluster's mean time (two days for a doc with text joining a story of several reports: the
  comment, the feature and the update come later), so articles days apart need much stronger
  evidence -- *and* that at least two members support pairwise. Otherwise it starts a new
  cluster.
* Key names: a word is a name (place, actor, institution) when the documents that write it
  inside a sentence mostly capitalise it (Title Case headlines do not count). A doc with text
  has key names: the names of its headline and first sentence. When the doc's key names are
  mostly ones the cluster never mentions, the cluster's dominant key names (keys of at least
  half its members) mostly ones the doc never mentions, and one side shares none at all, it
  is the same kind of story about another place or actor (two central banks' rate decisions,
  two earthquakes): the join threshold rises by ``conflict_penalty`` (by default so far that
  the join is refused); likewise for merges.
  Words mostly written as the kind in "Kind of Name" (the Central Bank of ..., the Republic
  of ..., the Ministry of ...) are never key names: every country has one. A name counts as
  mentioned when its first letters are (Turkey / Turkish).
  Headline-only docs get no key names: a headline names one actor where the report names
  them all, so "never mentions" cannot be told from it.
  Key names that name countries, with none in common between the two sides, are another
  country's story whatever else each mentions (Armenia's rate cut, Georgia's hold), unless
  a report shares a key actor with the story and names its country too (the dairy's recall
  reaching Panama). A byline on a line of its own is not the first sentence.
* Developments: a report with text whose headline or first sentence announces a kind of
  development (legal action, a fine, a strike, a resignation, results, a deal) that the
  story's headlines and first sentences never mention, more than a day after the story's first
  report, starts a story of its own however much it recaps the old one (the same company's
  results two days after its outage); two stories do not merge on those terms either.
* Local reports: a report with text that no cluster admits joins the closest cluster within a
  day and a half, at ``local_threshold``, whose names place it in the province the report's
  key names do (or whose key names lie in one the report names), unless their headlines name
  different kinds of happening (``tui.core.cluster.local``).
* Figures: a report with text still alone once placing and merging are done joins the one
  story, begun within ``named_seconds`` of it, one of whose reports quotes at least
  ``figures_shared`` of the rare figures it quotes (decimals, times of day, numbers of three
  digits that are no year, quoted by at most ``rare_figure_docs`` documents: the wire's
  "magnitude 6.1 ... at 4:12 ... aftershock of 4.8" beside the agency's district report),
  unless it names another kind of happening, announces a development of its own or the
  story's, or their key names clash. Its evidence is the figures ("figures: 4.8, 4:12, 6.1").
* Lone reports: a report with text still alone after that (the radio
  feature on the families in the shelter, sharing no word with the news) joins the one story
  of several reports, begun within ``named_seconds`` before it, that writes one of its rare
  names (at most ``rare_name_docs`` documents write it, none in lower case: the village they
  fled), when that story writes every name the report gives up front and the report announces
  no development or other kind of happening; two stories writing the name leave it alone.
  Its evidence is that name.
* Scenes: a report with text still alone after that, whose lead shows a happening's scene
  without naming it (``words.SCENES``: the mud on the kitchen floor and the river at the door;
  the boat's deck and its engines), joins the one story of a happening, begun within
  ``named_seconds`` before it, whose reports show that scene, in a country its names place it
  in; a report naming no known place joins only a story naming its scene's kind up front,
  and only when no other story fits. Its evidence is the scene ("scene: flood").
* Other happenings: a report with text whose headline and first sentence name a kind of
  happening the story's do not (``words.HAZARDS``, each word read in its sense: the fire
  department is no fire; a collapse is one with what brings things down) joins only at
  ``other_happening_below`` or more; two stories of several reports
  naming other kinds merge only so close too (a warehouse fire and the next morning's bus
  crash in the town, told by the same local paper).
* Merges: a cluster touched by new docs is compared with candidate clusters by profile; they
  merge when the profiles agree, the smaller cluster's members fit the larger profile on
  average, and several members of the larger one (not a single vague headline) fit the smaller
  profile. Neither placement nor merging is single-link, so stories do not chain. Where one
  of them has several reports, names (the town, its actors) must carry less than
  ``merge_names_share`` of what the profiles share: a school's outbreak and an exhibition in
  the same city share its name, not a story.
* Refinement: once all the docs of one ``add()`` are placed, each of them moves to a clearly
  better cluster, as every doc does in batch mode (a refresh that brings a story's first two
  reports: the first, placed before the second, began a story of its own). So does each
  loaded doc still alone in its cluster published at most ``named_seconds`` before the new
  ones (a report that came before its story formed); other loaded docs move only by merges.
  The lone-report passes below look at those loaded docs too.
* Weighing (``weighed``): last, two stories with text, begun within ``weighed_seconds`` of
  each other, merge when a logistic model fitted on the labelled sets gives them at least
  ``weighed_threshold`` chance of reporting one event, never across a clash of countries. Its
  evidence is the chance and what weighed most ("evidence weighed: 0.89 (names in common +
  figures in common)").
* Aftermath (``aftermath``): then a report with text still alone, whose outlet's country is
  known (``Doc.country``, the analyst's tag), whose lead names no kind of happening but tells
  the days after one (``words.AFTERMATH``: the shelter, the funeral, the borrowed blankets),
  joins the one story of a destructive happening in that country begun
  ``aftermath_after_seconds`` to ``aftermath_seconds`` before it, when no other story of a
  happening there began around then. Its evidence says so ("aftermath: 1 day after the
  explosion, outlet in KZ").
* Columns and features (``LocalReports._feature_pass``): last, a report still alone from an
  outlet tagged as writing columns and features (``feature_kinds``) joins the story of
  several reports begun within ``feature_story_seconds`` before it closest to it in words
  (its own country's stories first, where one is close enough), at ``feature_threshold`` or
  more and ``feature_margin`` times the next closest, where nothing keeps it out (another
  kind of happening, a development the story never spoke of, a clash of names). Its evidence
  says so ("closest story of a column or feature: 0.24"). Two or three of them that came to a
  story of their own, and no other report, join together the story the first of them finds
  (the other's evidence: "with the column or feature it came with: 0.24").
* Follow-ups (``LocalReports._followup_pass``): after that, any report still alone a day after
  it came joins the story (of one report too) begun within ``feature_story_seconds`` before it
  that is closest to it in words, at ``followup_threshold`` or more and ``feature_margin``
  times the next closest, even where it tells a development that story never did (a remand
  in custody after the arrest), unless it names another kind of happening or its names
  clash. Its evidence says so ("closest story of a follow-up: 0.48").
* Corrections: pinned docs stay where the analyst put them, forbidden (doc, cluster) pairs are
  never joined nor merged across, and ids named by corrections are never reused for new
  clusters.
"""

from __future__ import annotations

import heapq
import math
from collections import defaultdict
from collections.abc import Iterable, Sequence

from tui.core.cluster.aftermath import Aftermath
from tui.core.cluster.batch import Batch
from tui.core.cluster.explain import Explaining
from tui.core.cluster.local import (
    LocalReports,
    hazards_differ,
    news_beside_happening,
    same_hazard,
    story_hazards,
    untold_toll,
)
from tui.core.cluster.merging import Merging
from tui.core.cluster.model import (
    DEFAULT_CONFIG,
    ClusterConfig,
    ClusterResult,
    Constraints,
    Doc,
    DocId,
    Placement,
)
from tui.core.cluster.names import KeyNames
from tui.core.cluster.state import (
    ClusterState,
    DocState,
    as_read,
    began,
    bought_apart,
    developed_apart,
    features_abroad,
    happened_apart,
    shares_only_names,
    sort_key,
    sparse_dot,
    told_from,
    unique_docs,
)
from tui.core.cluster.vocabulary import NONE, Cues, Vocabulary
from tui.core.cluster.weighed import Weighing
from tui.core.cluster.words import CALENDAR, NUMBERS_AND_KINDS

_SUPPORT_SCAN = 50  # members looked at for pairwise support


class StoryClusterer(Batch, Merging, KeyNames, LocalReports, Weighing, Aftermath,
                     Explaining):
    """Incremental story clustering with stable cluster ids.

    Contract with the store: before ``add(new_docs)``, call ``load(docs, placements)`` with the
    docs published within ``config.window_seconds`` of the oldest new doc (older ones can never
    be candidates, so loading stays cheap on a large database) and their current placements.
    Docs without a placement are ignored by ``load`` (pass them to ``add``). Loading more is
    harmless: ``load`` only files the docs, and ``add`` analyses just those inside the window
    of its new docs. ``add`` places only the new docs; it never moves a loaded doc except when
    two clusters merge: the merge is reported as (absorbed_id, into_id), and the absorbed
    cluster's loaded docs are reported with the surviving id (the store should remap any older
    docs of the absorbed cluster too).
    """

    def __init__(self, config: ClusterConfig = DEFAULT_CONFIG, next_id: int = 1) -> None:
        self.config = config
        self.next_id = next_id
        self._vocab = Vocabulary(config)
        self._docs: dict[DocId, DocState] = {}
        self._clusters: dict[int, ClusterState] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)  # term -> cluster ids
        self._compacted: dict[str, int] = {}  # term -> posting size after the last compaction
        self._order = 0
        self._moved: list[DocState] = []  # docs moved by merges during one add()
        self._reserved_ids: set[int] = set()  # ids named by constraints: never handed out fresh
        self._pending: dict[DocId, tuple[Doc, int]] = {}  # loaded, not analysed yet
        # Stored cluster -> the ids of the docs loaded under it (some analysed since).
        self._pending_in: dict[int, list[DocId]] = defaultdict(list)
        self._known_ids: set[int] = set()  # every cluster id the store told us about
        # Clusters absorbed by merges -> the cluster that absorbed them. Docs still pending
        # under an absorbed id, and pins or forbidden pairs naming one, follow this to the
        # live cluster; an absorbed id never holds docs again.
        self._absorbed: dict[int, int] = {}
        self._removed_from: dict[DocId, list[int]] = {}  # doc -> clusters it was removed from

    # ----------------------------------------------------------------- state
    def load(self, docs: Iterable[Doc], placements: Iterable[Placement]) -> None:
        """Existing state from the store: docs and where they are now (see class docstring).
        Docs without a placement are not loaded: they are not placed yet, pass them to add()."""
        where = {p.doc_id: p.cluster_id for p in placements}
        self._known_ids.update(where.values())
        for doc in docs:
            if doc.id in where and doc.id not in self._docs:
                cluster_id = where[doc.id]
                self._pending[doc.id] = (as_read(doc), cluster_id)
                self._pending_in[cluster_id].append(doc.id)

    def resolve(self, cluster_id: int) -> int:
        """The live cluster that ``cluster_id`` is now (itself unless merges absorbed it)."""
        absorbed = self._absorbed
        while cluster_id in absorbed:
            cluster_id = absorbed[cluster_id]
        return cluster_id

    def _materialise(self, since: float | None, cluster_id: int | None = None) -> None:
        """Analyse the loaded docs published at or after ``since`` (all when None), or only
        those of ``cluster_id``, and build their clusters' profiles. A doc loaded under a
        cluster that a merge has since absorbed joins the survivor."""
        resolve = self.resolve
        pending: Iterable[tuple[Doc, int]] = self._pending.values()
        if cluster_id is not None:
            # Only the docs loaded under the cluster, or under one a merge folded into it:
            # each touched story's representative read every loaded doc, 0.027 s a story
            # with a whole store of 100,000 loaded (``bench_cluster.py``, "all").
            ids = {cluster_id, *(old for old in self._absorbed if resolve(old) == cluster_id)}
            found: dict[DocId, tuple[Doc, int]] = {}
            for cid in ids:
                for doc_id in self._pending_in.get(cid, ()):
                    entry = self._pending.get(doc_id)
                    if entry is not None and entry[1] == cid:
                        found[doc_id] = entry
            pending = found.values()
        chosen = [doc for doc, _ in pending
                  if since is None or doc.published is None or doc.published >= since]
        if not chosen:
            return
        chosen.sort(key=sort_key)
        self._vocab.learn(chosen)
        analysed = [(doc, *self._vocab.analyse(doc)) for doc in chosen]
        for _, weights, _, cues in analysed:
            self._vocab.count(weights, cues)
        for doc, weights, surface, cues in analysed:
            _, cluster_id = self._pending.pop(doc.id)
            state = self._make_state(doc, weights, surface, cues)
            self._join(state, self._cluster(self.resolve(cluster_id)))

    def representative(self, cluster_id: int) -> DocId:
        """Doc id of the headline closest to the cluster profile (ties: earliest). An
        absorbed id answers for the cluster that absorbed it."""
        cluster_id = self.resolve(cluster_id)
        self._materialise(None, cluster_id)
        cluster = self._clusters[cluster_id]
        best = min(
            cluster.members,
            key=lambda d: (-round(cluster.cosine(d.vec), 9), d.time is None, d.time or 0.0,
                           d.order),
        )
        return best.id

    def clusters(self) -> dict[int, list[DocId]]:
        """Current clusters: id -> member doc ids (in arrival order)."""
        self._materialise(None)
        return {cid: [d.id for d in c.members] for cid, c in self._clusters.items()}

    # ----------------------------------------------------------------- add
    def add(self, docs: Sequence[Doc], constraints: Constraints | None = None,
            representatives: bool = True) -> ClusterResult:
        """Place new docs (ordered by (published, id)) into existing or new clusters, then merge
        clusters that the new docs showed to be one story. Honours pins and forbidden moves.
        ``representatives=False`` leaves them out of the result: a caller adding many batches
        asks once for the clusters it finally writes."""
        constraints = constraints or Constraints()
        fresh = unique_docs(d for d in sorted(docs, key=sort_key)
                        if d.id not in self._docs and d.id not in self._pending)
        noticed = bool(self._pending and fresh)
        if noticed:
            times = [d.published for d in fresh if d.published is not None]
            # The window's full names are matched with the new docs' acronyms too.
            self._vocab.notice(fresh)
            self._materialise(min(times) - self.config.window_seconds if times else None)
        self._reserve_ids(constraints)
        self._count_pins(constraints)
        self._vocab.learn(fresh, noticed=noticed)
        analysed = [(doc, *self._vocab.analyse(doc)) for doc in fresh]
        for _, weights, _, cues in analysed:
            self._vocab.count(weights, cues)
        placed: dict[DocId, Placement] = {}
        touched: list[int] = []
        for doc, weights, surface, cues in analysed:
            state = self._make_state(doc, weights, surface, cues)
            placement = self._place(state, constraints)
            placed[doc.id] = placement
            touched.append(placement.cluster_id)
        self._moved = []
        merges = self._merge_pass(touched, constraints)
        # As in batch mode, the new docs move to a clearly better story now that all of them
        # are placed: a story's first reports may arrive in one refresh. So do the lone
        # reports of the days before them (never a loaded doc in a story of several): a
        # report that came before its story may find it now.
        fresh_states = [self._docs[doc.id] for doc in fresh]
        waiting = self._lone_before(fresh_states)
        alone_in = {state.id: state.cluster for state in waiting}
        for _ in range(self.config.refine_rounds):
            moved = self._refine(constraints, fresh_states + waiting)
            if not moved:
                break
            merges += self._merge_pass(moved, constraints)
        # Docs merges carried along, and docs refinement moved: their placements again.
        refined = [state for state in waiting if state.cluster != alone_in[state.id]]
        for state in {s.id: s for s in (*self._moved, *fresh_states, *refined)}.values():
            if state.id in placed and placed[state.id].cluster_id == state.cluster:
                continue
            placed[state.id] = self._placement(state)
        self._moved = []
        # The lone-report passes look at the new docs and at those lone reports (the ones
        # still alone), as batch mode looks at every doc: a report may come before the story
        # it belongs to has formed.
        for state in self._lone_passes(fresh_states + waiting, constraints):
            placed[state.id] = self._placement(state)
        # Stories the rules left apart, weighed as one: loaded docs may move with them.
        self._moved = []
        merges += self._weighed_pass({state.cluster for state in fresh_states}, constraints)
        for state in {s.id: s for s in self._moved}.values():
            placed[state.id] = self._placement(state)
        self._moved = []
        # A last look, as in batch mode: a lone report of a happening may join another.
        for state in self._happening_pass(fresh_states + waiting, constraints, single=True):
            placed[state.id] = self._placement(state)
        for state in self._aftermath_pass(fresh_states + waiting, constraints):
            placed[state.id] = self._placement(state)
        for state in self._feature_pass(fresh_states + waiting, constraints):
            placed[state.id] = self._placement(state)
        # A follow-up only once a day has passed with no story taking it (in a batch, the
        # reports of its last day are all there is): the first report of a development may
        # be joined by the next refresh's, and be a story of its own.
        newest = max((state.time for state in fresh_states if state.time is not None),
                     default=None)
        if newest is not None:
            settled = [state for state in (*fresh_states, *waiting) if state.time is not None
                       and state.time <= newest - self.config.time_grace_seconds]
            for state in self._followup_pass(settled, constraints):
                placed[state.id] = self._placement(state)
        # A stored lone report that moved took its story with it: the story it leaves empty
        # (``_remove`` drops an empty cluster) is merged into the one it joined, so that what
        # the analyst marked on it (a note, a star) is read through the merge, as for any
        # merge, and nothing is lost. One the merge pass absorbed is recorded already.
        for state in waiting:
            left = alone_in[state.id]
            if left not in self._clusters and left not in self._absorbed:
                into = self.resolve(state.cluster)
                self._absorbed[left] = into
                merges.append((left, into))
        # Live ids only: a survivor of one merge may itself be absorbed later in the pass.
        live = {p.cluster_id for p in placed.values()}
        live.update(self.resolve(into) for _, into in merges)
        return ClusterResult(
            placements=list(placed.values()), merges=merges, touched=live,
            representatives=({cid: self.representative(cid) for cid in live}
                             if representatives else {}),
        )

    # ----------------------------------------------------------------- internals
    def _lone_before(self, fresh: Sequence[DocState]) -> list[DocState]:
        """The loaded docs alone in their clusters, published at most ``named_seconds``
        before the earliest of ``fresh``: a broadcaster's first report of a landslide, told
        when the wire's was the only other, is a lone report again once the toll update
        has made the wire's a story of several (forty-third set, one report at a time)."""
        ids = {state.id for state in fresh}
        times = [state.time for state in fresh if state.time is not None]
        if not times:
            return []
        since = min(times) - self.config.named_seconds
        return [state for state in self._docs.values()
                if state.id not in ids and state.time is not None and state.time >= since
                and len(self._clusters[state.cluster].members) == 1]

    def _placement(self, state: DocState) -> Placement:
        """Where ``state`` is now, with its score and evidence there: for a doc a later pass
        of ``add`` moved (or a merge carried) after its first placement."""
        score, evidence = self._explain(state, self._clusters[state.cluster])
        return Placement(state.id, state.cluster, score, evidence)

    def _new_id(self) -> int:
        while (self.next_id in self._clusters or self.next_id in self._reserved_ids
               or self.next_id in self._known_ids):
            self.next_id += 1
        cluster_id = self.next_id
        self.next_id += 1
        return cluster_id

    def _count_pins(self, constraints: Constraints) -> None:
        """Loaded clusters learn which of their docs the analyst pinned there (merge guard)."""
        for cluster in self._clusters.values():
            cluster.pinned = 0
        for doc_id, cluster_id in constraints.pinned.items():
            state = self._docs.get(doc_id)
            cluster = self._clusters.get(cluster_id)
            if cluster is None:
                continue
            if state is not None and state.cluster == cluster_id:
                cluster.pinned += 1
            elif self._pending.get(doc_id, (None, None))[1] == cluster_id:
                cluster.pinned += 1  # pinned there, older than the window

    def _reserve_ids(self, constraints: Constraints) -> None:
        ids = set(constraints.pinned.values()) | {cid for _, cid in constraints.forbidden}
        self._reserved_ids = ids
        removed_from: dict[DocId, list[int]] = defaultdict(list)
        for doc_id, cid in constraints.forbidden:
            removed_from[doc_id].append(cid)
        self._removed_from = removed_from

    def _cluster(self, cluster_id: int) -> ClusterState:
        cluster = self._clusters.get(cluster_id)
        if cluster is None:
            cluster = self._clusters[cluster_id] = ClusterState(cluster_id)
            if cluster_id >= self.next_id:
                self.next_id = cluster_id + 1
        return cluster

    def _make_state(self, doc: Doc, weights: dict[str, float], surface: dict[str, str],
                    cues: Cues) -> DocState:
        vocab = self._vocab
        power = self.config.idf_power
        everything = {term: w * vocab.idf(term) ** power for term, w in weights.items()}
        # Heaviest first: candidate lookup reads the first few terms.
        ranked = sorted(everything.items(), key=lambda kv: (-kv[1], kv[0]))
        scored = dict(ranked[: self.config.max_terms])
        norm = math.sqrt(sum(v * v for v in scored.values())) or 1.0
        vec = {term: v / norm for term, v in scored.items()}
        # Names: every place / actor / institution the doc mentions, so that "the doc never
        # mentions X" can be told; keys: those of the headline and first sentence, weighted
        # like the doc's terms (a frequent name counts less).
        # A headline alone names one actor where the report names them all, so "never
        # mentions" is only known for docs with text; headline-only docs get no keys.
        # A name: more documents write it capitalised inside a sentence than lower-case.
        capitalised, lower = vocab.cap_df.get, vocab.low_df.get
        names = frozenset(t for t in weights
                          if (c := capitalised(t)) and c > lower(t, 0) and not _never_named(t)
                          ) or NONE
        kind = vocab.kind
        # A country named only as where a road leads or a border faces is not where the
        # report is (``Vocabulary._beyond``).
        beyond = cues.beyond
        keys = ({t: everything[t] / norm for t in cues.heads
                 if t in names and not kind(t) and t not in beyond}
                if doc.text else {})
        # A report whose headline and first sentence name nothing else is placed by the place
        # heading its headline, where any word is capitalised, if no report writes that word
        # otherwise: "Mayagüez police break up catalytic converter theft ring", then "Forty-
        # seven catalytic converters, stacked on pallets": the town, not the Nilgiris arrest
        # it shares "police" and "arrested" with (forty-seventh set). What is never a name is
        # not one here either: "August heatwave ..." is no Californian town.
        opening = cues.opening
        if (doc.text and not keys and opening is not None and opening in everything
                and not capitalised(opening) and not lower(opening)
                and not vocab.plain_df.get(opening) and not _never_named(opening)
                and not kind(opening)
                and vocab.places(opening)):
            names = names | {opening}
            keys = {opening: everything[opening] / norm}
        self._order += 1
        state = DocState(doc.id, vec, surface, doc.published, self._order, keys, names,
                         bool(doc.text), cues.news, cues.hazards, cues.scenes, cues.update,
                         cues.figures, cues.aftermath, doc.country,
                         doc.kind in self.config.feature_kinds)
        self._docs[doc.id] = state
        return state

    def _join(self, state: DocState, cluster: ClusterState) -> None:
        before = cluster.profile
        postings = self._postings
        for term in state.vec:
            if term not in before:
                postings[term].append(cluster.id)
        cluster.add(state)

    def _place(self, state: DocState, constraints: Constraints) -> Placement:
        pinned = constraints.pinned.get(state.id)
        if pinned is not None:
            pinned = self.resolve(pinned)
            cluster = self._cluster(pinned)
            score, evidence = self._explain(state, cluster)
            self._join(state, cluster)
            cluster.pinned += 1
            return Placement(state.id, pinned, score, evidence)
        best = self._best_cluster(state, constraints)
        if best is None:
            cluster = self._cluster(self._new_id())
            self._join(state, cluster)
            return Placement(state.id, cluster.id, 1.0, self._key_terms(state))
        cluster, score = best
        evidence = self._evidence(state, cluster)
        self._join(state, cluster)
        return Placement(state.id, cluster.id, round(min(1.0, score), 4), evidence)

    def _candidates(self, vec: dict[str, float], time: float | None, exclude: int = 0
                    ) -> list[int]:
        """Clusters sharing one of the doc's most informative terms; ``vec`` is ordered by
        weight, heaviest first. Terms whose active posting list is longer than the cap are
        too common to find candidates with (they still count in the score)."""
        cfg = self.config
        postings = self._postings
        cap = cfg.posting_cap
        partial: dict[int, float] = {}
        get = partial.get
        for index, (term, weight) in enumerate(vec.items()):
            if index >= cfg.retrieval_terms:
                break
            ids = postings.get(term)
            if not ids:
                continue
            if len(ids) > cap:
                ids = self._compact(term, ids, time)
                if len(ids) > cap:
                    continue
            for cid in ids:
                partial[cid] = get(cid, 0.0) + weight
        partial.pop(exclude, None)
        limit = cfg.max_candidates
        if len(partial) > limit:
            ranked = heapq.nsmallest(limit, [(-w, cid) for cid, w in partial.items()])
            return [cid for _, cid in ranked]
        return sorted(partial)

    def _compact(self, term: str, ids: list[int], time: float | None) -> list[int]:
        """Drop merged clusters and clusters far older than ``time`` from a long posting list.
        Remembers the size so a list still too long is not rescanned on every lookup."""
        done = self._compacted.get(term)
        if done is not None and len(ids) < done * 1.25:
            return ids
        clusters = self._clusters
        horizon = None if time is None else time - self.config.window_seconds
        kept = []
        for cid in ids:
            cluster = clusters.get(cid)
            if cluster is None:
                continue
            if horizon is not None and cluster.last is not None and cluster.last < horizon:
                continue
            kept.append(cid)
        self._postings[term] = kept
        self._compacted[term] = max(len(kept), self.config.posting_cap)
        return kept

    def _time_gap(self, time: float | None, cluster: ClusterState) -> float:
        """Distance from the cluster's mean publication time. The mean, not the newest member:
        one early article of tomorrow's development must not drag the whole window along."""
        if time is None or not cluster.timed:
            return 0.0
        return abs(time - cluster.time_sum / cluster.timed)

    def _required(self, gap: float, base: float, grace: float | None = None) -> float:
        """The cosine needed ``gap`` seconds apart: ``base`` within the grace, then rising
        linearly by ``time_penalty`` until ``time_full_seconds``."""
        cfg = self.config
        if grace is None:
            grace = cfg.time_grace_seconds
        if gap <= grace:
            return base
        span = max(1.0, cfg.time_full_seconds - grace)
        return base + cfg.time_penalty * min(1.0, (gap - grace) / span)

    def _best_cluster(
        self, state: DocState, constraints: Constraints
    ) -> tuple[ClusterState, float] | None:
        cfg = self.config
        forbidden = constraints.forbidden
        scored: list[tuple[float, int]] = []
        near: list[tuple[float, int]] = []  # for a local report (``LocalReports``)
        for cid in self._candidates(state.vec, state.time):
            cluster = self._clusters.get(cid)
            if cluster is None or not cluster.members:
                continue
            gap = self._time_gap(state.time, cluster)
            if gap > cfg.window_seconds:
                continue
            if forbidden and self._forbidden(state.id, cid, constraints):
                continue
            if self._new_development(state, cluster):
                continue
            if features_abroad((state,), cluster.members, self._named_countries):
                continue
            # The same town, another happening: a report sharing nothing but names with a
            # story of several reports is not part of it (parents blocking a school's gates
            # the day after a warehouse fire in the town), unless both name the same kind of
            # happening up front (the village's own report of the quake). A pair may share
            # only names (the CEO's exit and a column on it; an outbreak and the feature on
            # the colony's queue at the tanker), unless the newcomer names a happening up
            # front that the lone report does not: a fire in Vijayawada's textile godowns the
            # night after the first report of diarrhoea in the city is no part of it.
            if (state.texted and cluster.keyed
                    and (len(cluster.members) > 1 or state.hazards)
                    and shares_only_names(state.vec, cluster.profile, state.names)
                    and not same_hazard(state, cluster)):
                continue
            # Nor a lone report of a happening, for a report sharing only names with it that
            # announces a development and names no happening: the utility's contract award
            # beside the report of its blackout the same day (``news_beside_happening``).
            if (state.texted and cluster.keyed and len(cluster.members) == 1
                    and news_beside_happening(state.news, state.hazards, cluster)
                    and shares_only_names(state.vec, cluster.profile, state.names)):
                continue
            score = cluster.cosine(state.vec)
            # A toll that rises is news of a deadly happening: a report of one that does not
            # name it is no part of a story none of whose reports names one either, unless
            # worded close (the seventy-seventh set's "personnel-bus accident" toll "rises to
            # six", two days on, beside a town's embroiderers granted a trademark, sharing
            # the town and "six"). One naming its happening may join a feature on it.
            if (untold_toll(state) and score < cfg.other_happening_below
                    and not story_hazards(cluster)):
                continue
            # Another kind of happening: the report's headline and first sentence name one
            # the story's do not (the fire's local paper, the next morning, on a bus crash in
            # the town); only close wording overrides that.
            if (state.texted and score < cfg.other_happening_below
                    and hazards_differ(state, cluster)):
                continue
            # Within the grace too, a report naming a happening up front is no part of a story
            # of several reports begun before it, not one of which named one, unless its
            # wording is close: a gas explosion in a Ganja block, the day two reports told of
            # the city's bus fare rise, shares "Ganja", "city" and "old" with them
            # (``state.happened_apart``, which past the grace needs no low score).
            if (state.texted and state.hazards and score < cfg.other_happening_below
                    and state.time is not None
                    and happened_apart(state.time, cluster, 0.0)):
                continue
            if state.texted and score >= cfg.local_threshold and gap <= cfg.local_seconds:
                near.append((score, cid))
            # A report with text may join a story of several reports up to text_grace late
            # (the comment, the feature, the update); two lone pieces keep the headline grace,
            # unless the later revises the toll of the happening the first named (the wire's
            # "ferry toll rises to nine", 40 hours after the lone first report of the capsize,
            # when reports come ten at a time).
            texted = state.texted and (len(cluster.members) > 1 or (
                state.update and same_hazard(state, cluster)))
            required = self._required(
                gap, cfg.join_threshold,
                cfg.text_grace_seconds if texted else cfg.time_grace_seconds)
            if score >= required and (
                score >= required + cfg.conflict_penalty or not self._doc_conflict(state, cluster)
            ):
                scored.append((score, cid))
        scored.sort(key=lambda sc: (-sc[0], sc[1]))
        if len(scored) > 1 and state.texted and state.names and not state.keys:
            scored = self._named_first(state, scored)
        # A closer story that names the report's places, but which none of its reports
        # supports, is passed; a story naming none of those places is no place to go then:
        # a village's morning after the Tanguiéta crash, close to neither of the crash's two
        # reports alone, joined the Niangoloko crash across the border (hundredth set).
        passed: set[str] = set()  # the report's names the stories passed write
        for score, cid in scored:
            cluster = self._clusters[cid]
            if passed and passed.isdisjoint(cluster.names):
                continue
            if self._supported(state, cluster):
                return cluster, score
            if state.texted:
                passed |= state.names & cluster.names.keys()
        return self._local_report(state, near) if near else None

    def _named_first(self, state: DocState, scored: list[tuple[float, int]]
                     ) -> list[tuple[float, int]]:
        """The stories a report naming no place or actor up front (a feature) may join,
        closest first, unless the closest writes none of its names and another of several
        reports writes one of its rare names: that one first. The seventy-seventh set's
        feature on a family farm behind the cull's gate names Ihrhove, where the turkeys
        were culled, and was closer in words (cull, farm, hens) to a Japanese prefecture's
        egg-farm cull than to Ihrhove's own story. A story of one report is no such story:
        the forty-eighth set's toll update stays with the blast's first reports rather than
        join the lone local report writing Parawada."""
        closest = self._clusters[scored[0][1]]
        if not state.names.isdisjoint(closest.names):
            return scored
        rare = self._rare_names(state)
        if not rare:
            return scored
        for index, (_, cid) in enumerate(scored[1:], 1):
            story = self._clusters[cid]
            if len(story.members) > 1 and any(term in story.names for term in rare):
                return [scored[index], *scored[:index], *scored[index + 1:]]
        return scored

    def _new_development(self, state: DocState, cluster: ClusterState) -> bool:
        """The doc (with text) announces a kind of development the story never spoke of, or
        names a kind of happening up front where none of the story's reports did
        (``state.happened_apart``), more than the grace after the story began: a new story,
        however much it recaps the old one. Within the grace, an arrest or a deal is part of
        the first coverage, but not a purchase by an actor the story never named
        (``words.ACQUISITION``). Either way round: batch refinement may offer an early doc to
        a story that began after it."""
        if not self.config.split_developments or state.time is None or cluster.first is None:
            return False
        grace = self.config.time_grace_seconds
        if state.time >= cluster.first:
            news = state.news if state.texted else ()
            return developed_apart(state.time, news, began(cluster, grace), cluster.news,
                                   grace) or (
                state.texted and bool(state.hazards)
                and happened_apart(state.time, cluster, grace)
            ) or (bought_apart(news, cluster.news)
                  and self._names_new(state.keys, cluster.names))
        # A report with text naming no happening, more than the grace before a story of one
        # began, told something else: the shipyard's job cuts, two days before the fuel oil
        # leak in its canal (``state.happened_apart`` the other way round).
        if (state.texted and not state.hazards and cluster.first - state.time > grace
                and story_hazards(cluster)):
            return True
        # A toll update was told after its happening (``state.told_from``).
        return developed_apart(cluster.first, cluster.texted_news,
                               told_from(state.time, state.update, grace), state.news,
                               grace) or (
            bought_apart(cluster.texted_news, state.news)
            and self._names_new(self._dominant(cluster), state.names))

    def _supported(self, state: DocState, cluster: ClusterState) -> bool:
        """At least ``support_members`` members (or all, if fewer) agree pairwise, or, for a
        doc with text coming late in the story, one member agrees closely
        (``strong_support_threshold``)."""
        cfg = self.config
        need = min(cfg.support_members, len(cluster.members))
        late = (state.texted and state.time is not None and cluster.first is not None
                and state.time - cluster.first > cfg.strong_support_after_seconds)
        strong = cfg.strong_support_threshold if late else math.inf
        got = 0
        # The latest members, nearest in time, are the ones a reader would compare.
        for member in reversed(cluster.members[-_SUPPORT_SCAN:]):
            score = sparse_dot(state.vec, member.vec)
            if score >= cfg.support_threshold:
                got += 1
                if got >= need or score >= strong:
                    return True
        return False


def cluster_docs(
    docs: Sequence[Doc],
    config: ClusterConfig = DEFAULT_CONFIG,
    constraints: Constraints | None = None,
) -> list[Placement]:
    """Cluster from scratch; one placement per doc, in input order. Deterministic: the same
    input gives the same clusters and ids (numbered 1.. by first article; ids that constraints
    name are reserved: a pinned cluster keeps its id, a forbidden id is never reused for a
    fresh cluster, so a forbidden doc can never land in it)."""
    return StoryClusterer(config, next_id=1).batch(docs, constraints).placements


def _never_named(term: str) -> bool:
    """A month or a weekday (``words.CALENDAR``), a count or a word for a kind of place or
    firm (``words.NUMBERS_AND_KINDS``): never a name, however it is written. The one test of
    both the names a report writes and the place heading its headline."""
    return term in CALENDAR or term in NUMBERS_AND_KINDS
