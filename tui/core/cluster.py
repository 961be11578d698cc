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
  cluster's mean time, so articles days apart need much stronger evidence -- *and* that at
  least two members support pairwise. Otherwise it starts a new cluster.
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
* Merges: a cluster touched by new docs is compared with candidate clusters by profile; they
  merge when the profiles agree, the smaller cluster's members fit the larger profile on
  average, and several members of the larger one (not a single vague headline) fit the smaller
  profile. Neither placement nor merging is single-link, so stories do not chain.
* Corrections: pinned docs stay where the analyst put them, forbidden (doc, cluster) pairs are
  never joined nor merged across, and ids named by corrections are never reused for new
  clusters.
"""

from __future__ import annotations

import heapq
import math
import re
import unicodedata
from collections import defaultdict, deque
from collections.abc import Container, Iterable, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process
from rapidfuzz.distance import Levenshtein

DocId = int | str
_DAY = 86400.0


@dataclass(frozen=True)
class Doc:
    """One article as clustering sees it."""

    id: DocId
    title: str
    text: str = ""  # lead of extracted text or feed summary; may be empty
    outlet: str | None = None
    published: float | None = None  # epoch seconds UTC; None = unknown


@dataclass(frozen=True)
class Placement:
    """Where a doc went, how well it fits (0..1) and the matched key terms that say why."""

    doc_id: DocId
    cluster_id: int
    score: float
    evidence: tuple[str, ...]


@dataclass
class Constraints:
    """The analyst's corrections.

    ``pinned``: the doc was moved into that cluster by hand; it stays there.
    ``forbidden``: the doc was removed from that cluster by hand; it never joins it again, and
    the cluster holding it is never auto-merged with that cluster.
    """

    pinned: dict[DocId, int] = field(default_factory=dict)
    forbidden: set[tuple[DocId, int]] = field(default_factory=set)


@dataclass(frozen=True)
class ClusterConfig:
    """One fixed configuration for all data (not tuned per corpus)."""

    # How far back existing docs matter: candidates older than this are never compared.
    window_seconds: float = 7 * _DAY
    # Cosine between a doc and a cluster profile needed to join it.
    join_threshold: float = 0.15
    # Pairwise cosine with a member that counts as that member supporting the placement.
    support_threshold: float = 0.15
    # Members that must support a placement (fewer if the cluster is smaller).
    support_members: int = 2
    # Profile cosine needed for two clusters to merge.
    merge_threshold: float = 0.15
    # Mean cosine of the smaller cluster's members with the larger profile needed to merge.
    agree_threshold: float = 0.15
    # Time: no penalty within grace; the threshold rises linearly up to +time_penalty at
    # time_full_seconds apart.
    time_grace_seconds: float = 1.0 * _DAY
    time_full_seconds: float = 3 * _DAY
    time_penalty: float = 0.7
    # Conflicting key names (the doc's own place / actor vs the cluster's, neither mentioned
    # by the other): the join or merge threshold rises by this much. 1.0 refuses (no cosine
    # reaches threshold + 1): templated wire copy about another country scores like the same
    # story (0.5 and 1.0 give identical clusters on both labelled sets).
    conflict_penalty: float = 1.0
    # Document vectors.
    title_weight: float = 1.0
    lead_weight: float = 0.3  # per occurrence in the lead
    lead_cap: float = 0.9  # most a term gets from the lead
    lead_words: int = 250
    max_terms: int = 24  # most informative terms kept per doc
    # Candidate generation.
    retrieval_terms: int = 8  # a doc's most informative terms used to look up candidates
    posting_cap: int = 64  # terms in more clusters than this are not used for lookup
    max_candidates: int = 10
    # IDF: log((1 + N + idf_prior_docs) / (1 + df)) ** idf_power. The prior keeps tiny
    # collections (a first refresh, a short window) from calling every shared word common;
    # the damping (power < 1) keeps one-off words (typos, hapaxes) from drowning a title's
    # story words.
    idf_prior_docs: int = 20
    idf_power: float = 0.5
    # Word normalisation.
    fuzzy_cutoff: float = 88.0  # rapidfuzz ratio for two stems to be one term
    prefix_min: int = 5  # shortest stem that can absorb a longer one by an ending
    evidence_terms: int = 6
    # Batch only: rounds of moving docs to a clearly better cluster (by this margin).
    refine_rounds: int = 1
    refine_margin: float = 0.05
    refine_secure: float = 0.4  # docs fitting their cluster this well are not reconsidered


@dataclass
class ClusterResult:
    """What an ``add`` changed.

    ``merges`` are in the order they happened, so one add can absorb a cluster into a
    survivor that a later merge of the same pass absorbs in turn (A -> B, then B -> C);
    applied in order they leave every doc in a live cluster. ``touched`` holds only live
    ids: every cluster whose members changed, each with its ``representatives`` headline.
    """

    placements: list[Placement]  # new docs, and docs whose cluster changed by a merge
    merges: list[tuple[int, int]]  # (absorbed_id, into_id), in order
    touched: set[int] = field(default_factory=set)
    representatives: dict[int, DocId] = field(default_factory=dict)


@dataclass
class BatchResult:
    """Clusters built from scratch: one placement per doc (input order) and each cluster's
    representative headline."""

    placements: list[Placement]
    representatives: dict[int, DocId]


# Function words and newsroom boilerplate: never evidence of a shared event.
_STOP = frozenset(
    """
    a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it
    its itself just me more most my myself no nor not now of off on once only or other our ours
    out over own same she should so some such than that the their theirs them then there these
    they this those through to too under until up very was we were what when where which while
    who whom why will with would you your yours yourself via vs amid among says say said saying
    tell tells told new news latest update updated updates breaking live video videos photo
    photos watch report reports reported week weeks today yesterday tomorrow year years day days
    month months first last next one two three get gets got make makes made take takes may
    might must could still yet s t re ve ll d m us u mr mrs ms according heres whats its cant
    dont wont isnt doesnt didnt arent wasnt
    """.split()
)
_TOKEN = re.compile(r"[^\W_]+(?:['\u2019][^\W_]+)*")
_VOWELS = frozenset("aeiouy")
_MISSING = object()
_SUPPORT_SCAN = 50  # members looked at for pairwise support


def _fold(word: str) -> str:
    """Lower-case, drop accents and possessive, remove inner apostrophes."""
    word = word.lower()
    if word.endswith(("'s", "\u2019s")):
        word = word[:-2]
    word = word.replace("'", "").replace("\u2019", "")
    if not word.isascii():
        decomposed = unicodedata.normalize("NFKD", word)
        word = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return word


def _stem(word: str) -> str:
    """A light English stemmer: plurals, -ing/-ed, demonyms (-ian, -i). Consistency over
    linguistics: it only has to map inflections of one word to one stem."""
    if len(word) <= 3 or not word.isalpha():
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("sses"):
        word = word[:-2]
    elif word.endswith("s") and not word.endswith(("ss", "us", "is")):
        word = word[:-1]
    stripped = False
    if word.endswith("ing") and len(word) >= 7:
        word, stripped = word[:-3], True
    elif word.endswith("ed") and len(word) >= 6:
        word, stripped = word[:-2], True
    if stripped and len(word) >= 4 and word[-1] == word[-2] and word[-1] not in "lsz":
        word = word[:-1]
    if word.endswith("ian") and len(word) >= 8:
        word = word[:-3]
    elif word.endswith("i") and len(word) >= 5 and word[-2] not in _VOWELS:
        word = word[:-1]
    return word


# What one inflection or derivation of a word may add to its stem (Azerbaijan-i, Russia-n,
# Europe-an, Japan-ese, acquir-e, investigat-ion/-or, politic-al, perfect-ly); "count" must not
# swallow "country" nor "county".
_ENDINGS = frozenset(
    "s es e i n an ian ans ese a ns ed d ion or er r al ly ing".split()
)
# Letters that transliterations of one name disagree on (Aliyev / Aliev, Chechnya / Chechnia,
# Kazakhstan / Kazakstan); "party" and "partly" differ by an l, so they stay apart.
_TRANSLIT = frozenset("aeiouyjh'")


def _transliteration(a: str, b: str) -> bool:
    """True when every edit turning ``a`` into ``b`` touches only vowel-like letters inside
    the word; a letter more or less at the end makes another word (county / count, treaty /
    treat), a changed last vowel does not (Khankendi / Khankendy)."""
    for op in Levenshtein.editops(a, b):
        if op.tag != "replace" and (op.src_pos >= len(a) - 1 or op.dest_pos >= len(b) - 1):
            return False
        if op.tag in ("delete", "replace") and a[op.src_pos] not in _TRANSLIT:
            return False
        if op.tag in ("insert", "replace") and b[op.dest_pos] not in _TRANSLIT:
            return False
    return True


class _Vocabulary:
    """Maps surface words to terms; fuzzy-equal stems share one term. Keeps document counts."""

    def __init__(self, config: ClusterConfig) -> None:
        self._config = config
        self._word_term: dict[str, str | None] = {}  # folded surface word -> term (None: stop)
        self._stem_term: dict[str, str] = {}
        self._by_prefix: dict[str, list[str]] = defaultdict(list)  # stem[:prefix_min] -> terms
        # (stem[:2], len) -> terms, for fuzzy look-ups
        self._by_head: dict[tuple[str, int], list[str]] = defaultdict(list)
        self._raw_term: dict[str, str | None] = {}  # token as written -> term
        self.df: dict[str, int] = defaultdict(int)
        # Documents writing a term capitalised / lower-case inside a sentence (names).
        self.cap_df: dict[str, int] = defaultdict(int)
        self.low_df: dict[str, int] = defaultdict(int)
        self.kind_df: dict[str, int] = defaultdict(int)  # ... as the Kind in "Kind of Name"
        self._outlets: dict[str, frozenset[str]] = {}  # outlet name -> its terms
        self.n_docs = 0
        self._idf: dict[str, float] = {}  # cache, valid until the next count()

    def term(self, raw: str) -> str | None:
        """The term for a token as written, or None for a stop word / noise."""
        cached = self._raw_term.get(raw, _MISSING)
        if cached is not _MISSING:
            return cached  # type: ignore[return-value]
        folded = raw.lower()
        term = self._word_term.get(folded, _MISSING)
        if term is _MISSING:
            word = _fold(raw)
            if len(word) < 2 or word in _STOP or (word.isdigit() and len(word) < 3):
                term = None
            else:
                term = self._canonical(_stem(word))
            self._word_term[folded] = term
        self._raw_term[raw] = term
        return term  # type: ignore[return-value]

    def _canonical(self, stem: str) -> str:
        known = self._stem_term.get(stem)
        if known is not None:
            return known
        cfg = self._config
        found: str | None = None
        size = len(stem)
        if size >= cfg.prefix_min and stem.isalpha():
            for other in self._by_prefix.get(stem[: cfg.prefix_min], ()):
                short, long_ = (stem, other) if size <= len(other) else (other, stem)
                if long_.startswith(short) and long_[len(short):] in _ENDINGS:
                    found = other
                    break
            if found is None:
                found = self._fuzzy(stem)
        if found is None:
            found = stem
            if size >= cfg.prefix_min and stem.isalpha():
                self._by_prefix[stem[: cfg.prefix_min]].append(stem)
                self._by_head[(stem[:2], size)].append(stem)
        self._stem_term[stem] = found
        return found

    def _fuzzy(self, stem: str) -> str | None:
        """A known term that rapidfuzz finds close enough (same first two letters; lengths
        that could reach the cutoff), e.g. a transliteration: Aliyev / Aliev."""
        size = len(stem)
        head = stem[:2]
        pool: list[str] = []
        for other_size in range(size - 3, size + 4):
            bucket = self._by_head.get((head, other_size))
            if bucket:
                pool.extend(bucket)
        if not pool:
            return None
        hits = process.extract(stem, pool, scorer=fuzz.ratio,
                               score_cutoff=self._config.fuzzy_cutoff, limit=5)
        for other, _, _ in hits:
            if _transliteration(stem, other):
                return other
        return None

    def analyse(self, doc: Doc) -> tuple[dict[str, float], dict[str, str], _Cues]:
        """Raw term weights (title + lead), per term its first original-case surface, and the
        capitalisation cues of the title and first sentence."""
        cfg = self._config
        cached = self._raw_term.get
        slow = self.term
        weights: dict[str, float] = {}
        surface: dict[str, str] = {}
        title_tokens = _TOKEN.findall(_without_outlet(doc.title or "", doc.outlet))
        for raw in title_tokens:
            term = cached(raw, _MISSING)
            if term is _MISSING:
                term = slow(raw)
            if term is not None and term not in weights:
                weights[term] = cfg.title_weight
                surface[term] = _surface(raw)
        cues = self._cues(doc, title_tokens)
        if doc.text:
            lead: dict[str, float] = {}
            step = cfg.lead_weight
            # Only the lead matters; do not tokenise a whole long article to find it.
            text = doc.text[: cfg.lead_words * 16]
            for raw in _TOKEN.findall(text)[: cfg.lead_words]:
                term = cached(raw, _MISSING)
                if term is _MISSING:
                    term = slow(raw)
                if term is None:
                    continue
                if term in lead:
                    lead[term] += step
                else:
                    lead[term] = step
                    if term not in surface:
                        surface[term] = _surface(raw)
            cap = cfg.lead_cap
            for term, weight in lead.items():
                weights[term] = weights.get(term, 0.0) + min(weight, cap)
        return weights, surface, cues

    def _cues(self, doc: Doc, title_tokens: list[str]) -> _Cues:
        """Terms of the headline and the first sentence (where a report names its place and
        actors), and which of them are written capitalised / lower-case inside a sentence.
        A Title Case headline says nothing about capitalisation, so only its terms count."""
        cues = _Cues()
        heads: set[str] = set()
        self._mark(cues, heads, title_tokens, not _title_case(title_tokens))
        if doc.text:
            head = doc.text[:_SENTENCE_SCAN]
            end = _SENTENCE_END.search(head, 20)
            self._mark(cues, heads, _TOKEN.findall(head[: end.start() if end else None]), True)
        # A dateline's outlet name ("(Caspian Wire) -") is not what the story is about.
        outlet = self._outlet_terms(doc.outlet)
        if outlet:
            cues.caps.difference_update(outlet)
            heads.difference_update(outlet)
        # A tuple: a batch holds the cues of every doc until all are counted.
        cues.heads = tuple(heads)
        return cues

    def _outlet_terms(self, outlet: str | None) -> frozenset[str]:
        if not outlet:
            return _NONE
        terms = self._outlets.get(outlet)
        if terms is None:
            terms = frozenset(t for raw in _TOKEN.findall(outlet) if (t := self.term(raw)))
            self._outlets[outlet] = terms
        return terms

    def _mark(self, cues: _Cues, heads: set[str], tokens: list[str], cased: bool) -> None:
        cached = self._raw_term.get
        slow = self.term
        caps, lows = cues.caps, cues.lows
        for index, raw in enumerate(tokens):
            term = cached(raw, _MISSING)
            if term is _MISSING:
                term = slow(raw)
            if term is None:
                continue
            heads.add(term)
            if cased and index and raw[0].isalpha():
                (lows if raw.islower() else caps).add(term)
        if cased and "of" in tokens:
            self._mark_kinds(cues, tokens)

    def _mark_kinds(self, cues: _Cues, tokens: list[str]) -> None:
        """Capitalised words naming a kind of thing before "of [the] Name" (the Central Bank
        of Turkey, the Ministry of Emergency Situations): many countries have one, so they
        say nothing about which place or actor a story is about."""
        last = len(tokens) - 2
        for index in range(1, last + 1):
            if tokens[index] != "of":
                continue
            after = tokens[index + 1]
            if after.lower() == "the" and index + 2 < len(tokens):
                after = tokens[index + 2]
            if not after[0].isupper():
                continue
            back = index - 1
            while back >= 0 and tokens[back][0].isupper():
                term = self.term(tokens[back])
                if term is not None:
                    cues.kinds.add(term)
                back -= 1

    def count(self, terms: Iterable[str], cues: _Cues | None = None) -> None:
        self.n_docs += 1
        self._idf.clear()
        df = self.df
        for term in terms:
            df[term] += 1
        if cues is not None:
            for term in cues.caps:
                self.cap_df[term] += 1
            for term in cues.lows:
                self.low_df[term] += 1
            for term in cues.kinds:
                self.kind_df[term] += 1
            cues.caps = cues.lows = cues.kinds = _NONE  # counted: free them

    def kind(self, term: str) -> bool:
        """A name mostly written as the kind in "Kind of Name" (Bank, Republic, Ministry)."""
        return self.kind_df.get(term, 0) * 2 >= self.cap_df.get(term, 0) > 0

    def idf(self, term: str) -> float:
        value = self._idf.get(term)
        if value is None:
            value = math.log(
                (1 + self.n_docs + self._config.idf_prior_docs) / (self.df.get(term, 0) + 1)
            )
            value = max(value, 0.05)  # a term in every doc still counts a little
            self._idf[term] = value
        return value


class _Cues:
    """Capitalisation cues of one doc's headline and first sentence."""

    __slots__ = ("heads", "caps", "lows", "kinds")

    def __init__(self) -> None:
        self.heads: tuple[str, ...] = ()  # terms of the headline and first sentence
        self.caps: set[str] | frozenset[str] = set()  # capitalised inside a sentence
        self.lows: set[str] | frozenset[str] = set()  # lower-case inside a sentence
        self.kinds: set[str] | frozenset[str] = set()  # capitalised before "of [the] Name"


# Calendar words are capitalised but say nothing about who or where.
_CALENDAR = frozenset(
    """
    monday tuesday wednesday thursday friday saturday sunday january february march april june
    july august september october november december jan feb mar apr jun jul aug sep sept oct
    nov dec mon tue wed thu fri sat sun
    """.split()
)
_NAME_STEM = 4  # letters a name and its demonym share (Turk-ey / Turk-ish)
_NONE: frozenset[str] = frozenset()
_NO_KEYS: dict[str, float] = {}  # shared by every doc without key names; never mutated
_SENTENCE_SCAN = 400  # characters of text in which the first sentence is looked for
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019]?\s")


def _title_case(tokens: list[str]) -> bool:
    """Most longer words capitalised: a Title Case (or ALL CAPS) headline."""
    words = [t for t in tokens[1:] if len(t) > 3 and t.isalpha() and t.lower() not in _STOP]
    if not words:
        return True
    return sum(1 for t in words if t[0].isupper()) * 2 > len(words)


_SEPARATORS = (" - ", " \u2013 ", " \u2014 ", " | ", " :: ", " \u00b7 ")


def _without_outlet(title: str, outlet: str | None) -> str:
    """Drop a trailing "- Outlet Name" from a headline: it is in all of that outlet's titles
    and would tie them together. The name matches by its words (a slug matches too)."""
    if not outlet:
        return title
    name = _TOKEN.findall(outlet.lower())
    if not name:
        return title
    for separator in _SEPARATORS:
        head, found, tail = title.rpartition(separator)
        if found and head.strip() and _TOKEN.findall(tail.lower()) == name:
            return head
    return title


def _surface(raw: str) -> str:
    if raw.endswith(("'s", "\u2019s")):
        return raw[:-2]
    return raw


class _DocState:
    __slots__ = ("id", "vec", "surface", "time", "cluster", "order", "keys", "names")

    def __init__(
        self, doc_id: DocId, vec: dict[str, float], surface: dict[str, str],
        time: float | None, order: int, keys: dict[str, float] | None = None,
        names: frozenset[str] = frozenset(),
    ) -> None:
        self.id = doc_id
        self.vec = vec  # unit-length IDF-weighted
        self.surface = surface
        self.time = time
        self.cluster = 0
        self.order = order  # arrival order, for "earliest" ties
        # Key names (place / actor terms of headline + first sentence); docs with text only.
        self.keys = keys or _NO_KEYS
        self.names = names  # every name the doc mentions (keys included)


class _Cluster:
    __slots__ = ("id", "members", "profile", "sq_norm", "first", "last", "pinned", "time_sum",
                 "timed", "keys", "names", "keyed")

    def __init__(self, cluster_id: int) -> None:
        self.id = cluster_id
        self.members: list[_DocState] = []
        self.profile: dict[str, float] = {}
        self.sq_norm = 0.0
        self.first: float | None = None
        self.last: float | None = None
        self.time_sum = 0.0  # sum of members' publication times (for the mean)
        self.timed = 0  # members with a known time
        self.pinned = 0  # members pinned here by hand
        self.keys: dict[str, int] = {}  # key name -> members having it as a key
        self.names: dict[str, int] = {}  # name -> members mentioning it
        self.keyed = 0  # members with key names

    def add(self, doc: _DocState) -> None:
        profile = self.profile
        dot = 0.0
        for term, weight in doc.vec.items():
            old = profile.get(term, 0.0)
            dot += old * weight
            profile[term] = old + weight
        self.sq_norm += 2.0 * dot + 1.0
        keys = self.keys
        if doc.keys:
            self.keyed += 1
            for term in doc.keys:
                keys[term] = keys.get(term, 0) + 1
        names = self.names
        for term in doc.names:
            names[term] = names.get(term, 0) + 1
        self.members.append(doc)
        doc.cluster = self.id
        if doc.time is not None:
            self.first = doc.time if self.first is None else min(self.first, doc.time)
            self.last = doc.time if self.last is None else max(self.last, doc.time)
            self.time_sum += doc.time
            self.timed += 1

    def absorb(self, other: _Cluster) -> None:
        for doc in other.members:
            self.add(doc)
        self.pinned += other.pinned

    def cosine(self, vec: dict[str, float]) -> float:
        if self.sq_norm <= 0.0:
            return 0.0
        profile = self.profile
        dot = 0.0
        for term, weight in vec.items():
            value = profile.get(term)
            if value is not None:
                dot += value * weight
        return dot / math.sqrt(self.sq_norm)


def _dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    total = 0.0
    for term, weight in a.items():
        value = b.get(term)
        if value is not None:
            total += weight * value
    return total


def _sort_key(doc: Doc) -> tuple:
    published = doc.published
    return (published is None, published or 0.0, isinstance(doc.id, str), doc.id)


class StoryClusterer:
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

    def __init__(self, config: ClusterConfig = ClusterConfig(), next_id: int = 1) -> None:
        self.config = config
        self.next_id = next_id
        self._vocab = _Vocabulary(config)
        self._docs: dict[DocId, _DocState] = {}
        self._clusters: dict[int, _Cluster] = {}
        self._postings: dict[str, list[int]] = defaultdict(list)  # term -> cluster ids
        self._compacted: dict[str, int] = {}  # term -> posting size after the last compaction
        self._order = 0
        self._moved: list[_DocState] = []  # docs moved by merges during one add()
        self._reserved_ids: set[int] = set()  # ids named by constraints: never handed out fresh
        self._pending: dict[DocId, tuple[Doc, int]] = {}  # loaded, not analysed yet
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
                self._pending[doc.id] = (doc, where[doc.id])

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
        chosen = [doc for doc, cid in self._pending.values()
                  if (cluster_id is None or resolve(cid) == cluster_id)
                  and (since is None or doc.published is None or doc.published >= since)]
        if not chosen:
            return
        chosen.sort(key=_sort_key)
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
    def add(self, docs: Sequence[Doc], constraints: Constraints | None = None) -> ClusterResult:
        """Place new docs (ordered by (published, id)) into existing or new clusters, then merge
        clusters that the new docs showed to be one story. Honours pins and forbidden moves."""
        constraints = constraints or Constraints()
        fresh = _unique(d for d in sorted(docs, key=_sort_key)
                        if d.id not in self._docs and d.id not in self._pending)
        if self._pending and fresh:
            times = [d.published for d in fresh if d.published is not None]
            self._materialise(min(times) - self.config.window_seconds if times else None)
        self._reserve_ids(constraints)
        self._count_pins(constraints)
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
        for state in self._moved:
            if state.id in placed and placed[state.id].cluster_id == state.cluster:
                continue
            score, evidence = self._explain(state, self._clusters[state.cluster])
            placed[state.id] = Placement(state.id, state.cluster, score, evidence)
        self._moved = []
        # Live ids only: a survivor of one merge may itself be absorbed later in the pass.
        live = {p.cluster_id for p in placed.values()}
        live.update(self.resolve(into) for _, into in merges)
        representatives = {cid: self.representative(cid) for cid in live}
        return ClusterResult(placements=list(placed.values()), merges=merges, touched=live,
                             representatives=representatives)

    # ----------------------------------------------------------------- internals
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

    def _cluster(self, cluster_id: int) -> _Cluster:
        cluster = self._clusters.get(cluster_id)
        if cluster is None:
            cluster = self._clusters[cluster_id] = _Cluster(cluster_id)
            if cluster_id >= self.next_id:
                self.next_id = cluster_id + 1
        return cluster

    def _make_state(self, doc: Doc, weights: dict[str, float], surface: dict[str, str],
                    cues: _Cues) -> _DocState:
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
                          if (c := capitalised(t)) and c > lower(t, 0) and t not in _CALENDAR
                          ) or _NONE
        kind = vocab.kind
        keys = ({t: everything[t] / norm for t in cues.heads if t in names and not kind(t)}
                if doc.text else {})
        self._order += 1
        state = _DocState(doc.id, vec, surface, doc.published, self._order, keys, names)
        self._docs[doc.id] = state
        return state

    def _join(self, state: _DocState, cluster: _Cluster) -> None:
        before = cluster.profile
        postings = self._postings
        for term in state.vec:
            if term not in before:
                postings[term].append(cluster.id)
        cluster.add(state)

    def _place(self, state: _DocState, constraints: Constraints) -> Placement:
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

    def _time_gap(self, time: float | None, cluster: _Cluster) -> float:
        """Distance from the cluster's mean publication time. The mean, not the newest member:
        one early article of tomorrow's development must not drag the whole window along."""
        if time is None or not cluster.timed:
            return 0.0
        return abs(time - cluster.time_sum / cluster.timed)

    def _required(self, gap: float, base: float) -> float:
        cfg = self.config
        if gap <= cfg.time_grace_seconds:
            return base
        span = max(1.0, cfg.time_full_seconds - cfg.time_grace_seconds)
        return base + cfg.time_penalty * min(1.0, (gap - cfg.time_grace_seconds) / span)

    def _best_cluster(
        self, state: _DocState, constraints: Constraints
    ) -> tuple[_Cluster, float] | None:
        cfg = self.config
        forbidden = constraints.forbidden
        scored: list[tuple[float, int]] = []
        for cid in self._candidates(state.vec, state.time):
            cluster = self._clusters.get(cid)
            if cluster is None or not cluster.members:
                continue
            gap = self._time_gap(state.time, cluster)
            if gap > cfg.window_seconds:
                continue
            if forbidden and self._forbidden(state.id, cid, constraints):
                continue

            score = cluster.cosine(state.vec)
            required = self._required(gap, cfg.join_threshold)
            if score >= required and (
                score >= required + cfg.conflict_penalty or not self._doc_conflict(state, cluster)
            ):
                scored.append((score, cid))
        scored.sort(key=lambda sc: (-sc[0], sc[1]))
        for score, cid in scored:
            cluster = self._clusters[cid]
            if self._supported(state, cluster):
                return cluster, score
        return None

    # ----------------------------------------------------------------- key names
    def _doc_conflict(self, doc: _DocState, cluster: _Cluster) -> bool:
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
                    stems = {name[:_NAME_STEM] for name in names}
                if term[:_NAME_STEM] not in stems:
                    own += weight
                    continue
            shared += weight
        if own <= shared:
            return False
        their_own, their_shared = self._dominant_split(cluster, doc.names)
        return their_own > their_shared and not (shared and their_shared)

    def _dominant_split(self, cluster: _Cluster, mentioned: Container[str]
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
                stems = {name[:_NAME_STEM] for name in mentioned}
            if term[:_NAME_STEM] in stems:
                shared += weight
            else:
                own += weight
        return own, shared

    def _cluster_conflict(self, a: _Cluster, b: _Cluster) -> bool:
        """Each cluster's dominant key names are mostly ones the other never mentions, and
        one of them shares none at all."""
        if not a.keys or not b.keys:
            return False
        a_own, a_shared = self._dominant_split(a, b.names)
        if a_own <= a_shared:
            return False
        b_own, b_shared = self._dominant_split(b, a.names)
        return b_own > b_shared and not (a_shared and b_shared)

    def _supported(self, state: _DocState, cluster: _Cluster) -> bool:
        """At least ``support_members`` members (or all, if fewer) agree pairwise."""
        cfg = self.config
        need = min(cfg.support_members, len(cluster.members))
        got = 0
        # The latest members, nearest in time, are the ones a reader would compare.
        for member in reversed(cluster.members[-_SUPPORT_SCAN:]):
            if _dot(state.vec, member.vec) >= cfg.support_threshold:
                got += 1
                if got >= need:
                    return True
        return False

    # ----------------------------------------------------------------- merging
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

    def _profile_vec(self, cluster: _Cluster) -> dict[str, float]:
        norm = math.sqrt(cluster.sq_norm) or 1.0
        items = sorted(cluster.profile.items(), key=lambda kv: (-kv[1], kv[0]))
        return {t: v / norm for t, v in items[: self.config.max_terms * 2]}

    def _merge_partner(
        self, cluster: _Cluster, constraints: Constraints, seen: set[tuple[int, int]]
    ) -> _Cluster | None:
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
            score = _dot(vec, other.profile) / (math.sqrt(other.sq_norm) or 1.0)
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

    def _cluster_gap(self, a: _Cluster, b: _Cluster) -> float:
        if not a.timed or not b.timed:
            return 0.0
        return abs(a.time_sum / a.timed - b.time_sum / b.timed)

    def _agree(self, small: _Cluster, large: _Cluster) -> bool:
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
            if small.cosine(member.vec) >= cfg.support_threshold:
                got += 1
                if got >= need:
                    return True
        return False

    def _may_merge(self, a: _Cluster, b: _Cluster, constraints: Constraints) -> bool:
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

    def _survivor(self, a: _Cluster, b: _Cluster) -> tuple[_Cluster, _Cluster]:
        """(into, absorbed): a cluster holding pinned docs survives; else the larger; else the
        older (lower id)."""
        def rank(c: _Cluster) -> tuple:
            return (c.pinned > 0, len(c.members), -c.id)

        return (a, b) if rank(a) >= rank(b) else (b, a)

    def _merge(self, absorbed: _Cluster, into: _Cluster) -> None:
        for doc in absorbed.members:
            self._join(doc, into)
            self._moved.append(doc)
        into.pinned += absorbed.pinned
        del self._clusters[absorbed.id]
        self._absorbed[absorbed.id] = into.id
        # Postings keep the dead id; lookups skip ids that are no longer clusters.

    # ----------------------------------------------------------------- explanation
    def _evidence(self, state: _DocState, cluster: _Cluster) -> tuple[str, ...]:
        profile = cluster.profile
        shared = [(w * profile[t], t) for t, w in state.vec.items() if t in profile]
        shared.sort(key=lambda x: (-x[0], x[1]))
        return tuple(state.surface[t] for _, t in shared[: self.config.evidence_terms])

    def _key_terms(self, state: _DocState) -> tuple[str, ...]:
        ranked = sorted(state.vec.items(), key=lambda kv: (-kv[1], kv[0]))
        return tuple(state.surface[t] for t, _ in ranked[: self.config.evidence_terms])

    def _fit(self, state: _DocState, member_of: _Cluster) -> float:
        """Cosine of a member with the rest of its cluster (profile minus its own vector)."""
        dot = _dot(state.vec, member_of.profile)
        sq_norm = member_of.sq_norm - 2.0 * dot + 1.0
        if sq_norm <= 1e-12:
            return 0.0
        return max(0.0, min(1.0, (dot - 1.0) / math.sqrt(sq_norm)))

    def _explain(self, state: _DocState, cluster: _Cluster) -> tuple[float, tuple[str, ...]]:
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
            sq_norm = sq_norm - 2.0 * _dot(state.vec, profile) + 1.0
        score = dot / math.sqrt(sq_norm) if sq_norm > 1e-12 else 0.0
        shared.sort(key=lambda x: (-x[0], x[1]))
        evidence = tuple(state.surface[t] for _, t in shared[: self.config.evidence_terms])
        return round(max(0.0, min(1.0, score)), 4), evidence

    # ----------------------------------------------------------------- batch
    def batch(self, docs: Sequence[Doc], constraints: Constraints | None = None) -> BatchResult:
        """Cluster ``docs`` from scratch on a fresh clusterer (see ``cluster_docs``), with
        each resulting cluster's representative headline."""
        if self._docs or self._pending:
            raise ValueError("batch() needs a fresh clusterer")
        return self._batch(_unique(docs), constraints or Constraints())

    def _batch(self, docs: Sequence[Doc], constraints: Constraints) -> BatchResult:
        self._reserve_ids(constraints)
        ordered = sorted(docs, key=_sort_key)
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
        return self._renumbered(docs, constraints)

    def _refine(self, constraints: Constraints) -> list[int]:
        """Batch only: move each doc to a clearly better cluster now that profiles are mature
        (single-pass placement depends on arrival order). Pinned docs never move."""
        cfg = self.config
        touched: list[int] = []
        for state in sorted(self._docs.values(), key=lambda d: d.order):
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
            elif best is None and own.members and own_score < cfg.join_threshold:
                # Its cluster drifted away from it: it would not be admitted today.
                target = self._cluster(self._new_id())
            else:
                target = own
            if target is own and not own.members:
                self._clusters[own.id] = own
            self._join(state, target)
        return touched

    def _remove(self, state: _DocState, cluster: _Cluster) -> None:
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
        for counts, terms in ((cluster.keys, state.keys), (cluster.names, state.names)):
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


def cluster_docs(
    docs: Sequence[Doc],
    config: ClusterConfig = ClusterConfig(),
    constraints: Constraints | None = None,
) -> list[Placement]:
    """Cluster from scratch; one placement per doc, in input order. Deterministic: the same
    input gives the same clusters and ids (numbered 1.. by first article; ids that constraints
    name are reserved: a pinned cluster keeps its id, a forbidden id is never reused for a
    fresh cluster, so a forbidden doc can never land in it)."""
    return StoryClusterer(config, next_id=1).batch(docs, constraints).placements


def _unique(docs: Iterable[Doc]) -> list[Doc]:
    """The first doc of each id (a repeated id is the same article)."""
    seen: set[DocId] = set()
    unique = []
    for doc in docs:
        if doc.id not in seen:
            seen.add(doc.id)
            unique.append(doc)
    return unique
