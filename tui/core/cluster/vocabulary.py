"""The vocabulary of the docs in the window: surface words to terms (spelling variants
collapsed), document counts and IDF, and capitalisation cues that tell names apart."""

from __future__ import annotations

import math
import re
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from functools import lru_cache

from rapidfuzz import fuzz, process

from tui.core.cluster.acronyms import capitals, definitions, spelled_out
from tui.core.cluster.model import ClusterConfig, Doc
from tui.core.cluster.state import NO_SCENES
from tui.core.cluster.words import (
    ACQUISITION,
    ACQUISITION_WORDS,
    AFTERMATH,
    CUT,
    DEVELOPMENTS,
    ENDINGS,
    EVERYDAY_REACH,
    EVERYDAY_SENSE,
    HAZARD_PHRASES,
    HAZARDS,
    HOW_MANY,
    JOBS,
    LAID,
    OTHER_SENSE_AFTER,
    OTHER_SENSE_BEFORE,
    OTHER_SENSE_INTO,
    PRICED,
    RAISED,
    SCENES,
    STOP_WORDS,
    TOKEN,
    UNIT_WORDS,
    UPDATE_WORDS,
    OwnName,
    figures,
    skeleton,
    stem,
    surface_form,
    title_case,
    transliteration,
    without_outlet,
    written_forms,
)
from tui.core.exonyms import NATIONS
from tui.core.places import Gazetteer, Place, gazetteer
from tui.core.text import fold

MISSING = object()
NONE: frozenset[str] = frozenset()
_SENTENCE_SCAN = 400  # characters of text in which the first sentence is looked for
# A capitalised word written after this many different capitalised names is a kind of thing
# named (Corrib Air, Southlink Air, Lomani Air; Halyk Bank, Kaspi Bank, Asian Development Bank).
_GENERIC_AFTER = 3
FIGURE_CHARS = 1500  # of a text read for its figures (``store.cluster_inputs``' lead_chars)
# What a road leads to and a border faces (``Vocabulary._beyond``).
_ROADS = frozenset({"route", "road", "highway", "motorway", "corridor", "expressway",
                    "freeway", "railway", "link"})
_TOWARDS = frozenset({"to", "towards", "toward"})
_FACING = frozenset({"borders", "bordering"})
_BORDERS = frozenset({"border", "frontier"})
_LISTING = frozenset({"and", "or"})
# Outlets that report their own country's towns (``Doc.kind``, from feeds.toml).
_LOCAL_KINDS = frozenset({"local", "radio"})
_POSSESSIVES = ("'s", "\u2019s")
_BEYOND_CUES = frozenset(form for word in (*_ROADS, *_FACING, *_BORDERS)
                         for form in (word, word.capitalize(), word.upper()))
# A name of capitalised words joined by hyphens, small words between them allowed
# ("Vert-Pré", "Pointe-à-Pitre", "Saint-Laurent-du-Maroni"); not "Dublin-based".
_HYPHENED = re.compile(
    r"(?<![\w\-])[A-Z][^\W\d_]*(?:-(?:[a-z\u00e0-\u00ff]{1,3}-)*[A-Z][^\W\d_]*)+(?![\w\-])")
_SENTENCE_END = re.compile(r"[.!?][\"'\u201d\u2019]?\s")
# A byline on a line of its own before the text: "By" and up to six capitalised names.
_BYLINE = re.compile(
    r"[ \t]*By[ \t]+[A-Z][\w'\u2019.\-]*(?:(?:[ \t]+|,[ \t]*)(?:and[ \t]+)?[A-Z][\w'\u2019.\-]*)"
    r"{0,5}[ \t]*\r?\n")
# A wire's dateline: the place in capitals the report was filed from, before a date, the
# agency's name or a dash ("SAO PAULO, Nov 3 (Wire) -", "NAIROBI (Wire) -", "GENEVA -"), with
# its state or country before the agency's name ("LA PAZ, Bolivia (Wire) -", "BILOXI, Miss.
# (Wire) -"). (Not before a dash alone: "THUNDER BAY, Ont. -" is where a local paper's report
# happened, and without it the grain terminal's fire named no place.)
_DATELINE = re.compile(
    r"\s*[A-Z][A-Z'\u2019.\- ]*[A-Z]"
    r"(?:,\s*[A-Z][a-z.][A-Za-z.]*(?:\s+[A-Z][A-Za-z.]*){0,2}(?=\s*\())?"
    r"(?=\s*(?:\(|\u2014|\u2013|-\s|,\s*(?:[A-Z][a-z]{2,8}\.?\s+\d"
    r"|\d{1,2}\s+[A-Z][a-z]{2,8})))")
# The agency's tag in a wire's dateline ("HANOI, Nov 4 (Meridian) -"): who filed it, which
# every report of that wire writes, so no word of what it is about (``untagged``) ...
_AGENCY_TAG = re.compile(r"\([A-Z][^()\n]{0,40}\)(?=\s*[-\u2013\u2014])")
# ... after the dateline's place and, at most, its date ("Nov 4").
_BEFORE_TAG = re.compile(r"\s*(?:,\s*[^()\-\u2013\u2014\n]{1,30})?\s*")


def untagged(text: str) -> str:
    """``text`` without the agency's tag of the dateline it opens with, if any: a wire's
    short name ("Meridian", which its full name, ``OwnName``, does not spell), written in each
    of its reports, is no name two of them share. Empty brackets stay, so that the dateline
    still reads as one ("LIMA, Peru () -": Peru is where the bureau is, ``_DATELINE``)."""
    if "(" not in text[:160]:
        return text
    byline = _BYLINE.match(text)
    dateline = _DATELINE.match(text, byline.end() if byline else 0)
    if dateline is None:
        return text
    tag = _AGENCY_TAG.search(text, dateline.end(), dateline.end() + 60)
    if tag is None or not _BEFORE_TAG.fullmatch(text, dateline.end(), tag.start()):
        return text
    return text[:tag.start()] + "()" + text[tag.end():]


class Vocabulary:
    """Maps surface words to terms; fuzzy-equal stems share one term. Keeps document counts."""

    def __init__(self, config: ClusterConfig, places: Gazetteer | None = None) -> None:
        self._config = config
        self._places = places or gazetteer()
        self._spelling: dict[str, str] = {}  # term -> a folded word it was made from
        # Acronyms and their full names ("... Energy Agency (IAEA)"): the full name's first
        # term -> [(the full name's terms, the acronym's term)]; the acronym as written.
        self._long_forms: dict[str, list[tuple[tuple[str, ...], str]]] = {}
        self._written: dict[tuple[tuple[str, ...], str], str] = {}
        self._defined: set[str] = set()  # acronym terms a report defined
        # Acronym term -> the one full name found spelling it undefined (None: two did).
        self._spelled: dict[str, tuple[str, ...] | None] = {}
        self._capitals: set[str] = set()  # words in capitals seen in the window
        self._term_places: dict[str, tuple[Place, ...]] = {}
        self._acronym_place: dict[str, str] = {}  # NSW -> "new south wales": one place's
        self._term_demonym: dict[str, str | None] = {}
        self._word_term: dict[str, str | None] = {}  # folded surface word -> term (None: stop)
        self._stem_term: dict[str, str] = {}
        self._by_prefix: dict[str, list[str]] = defaultdict(list)  # stem[:prefix_min] -> terms
        # (stem[:2], len) -> terms, for fuzzy look-ups
        self._by_head: dict[tuple[str, int], list[str]] = defaultdict(list)
        # (first two letters, ``words.skeleton``) of every term in ``_by_head``
        self._skeletons: set[tuple[str, str]] = set()
        self._raw_term: dict[str, str | None] = {}  # token as written -> term
        self.df: dict[str, int] = defaultdict(int)
        # Documents writing a term capitalised / lower-case inside a sentence (names).
        self.cap_df: dict[str, int] = defaultdict(int)
        self.low_df: dict[str, int] = defaultdict(int)
        # ... lower-case anywhere in the headline or lead: a village's name never is, a word
        # a first sentence happens to capitalise ("Government House", "Transport") is.
        self.plain_df: dict[str, int] = defaultdict(int)
        self.figure_df: dict[str, int] = defaultdict(int)  # documents quoting a figure
        # Documents writing a term up front as a part of a hyphenated name whose parts lie in
        # no one country ("Vert-Pré", ``_parts``): a part of a name, not a place of its own.
        self.part_df: dict[str, int] = defaultdict(int)
        # Per name, the countries of the local outlets writing it capitalised up front; None
        # once any other outlet (or a local one with no country) does (``places``).
        self._local_homes: dict[str, set[str] | None] = {}
        self.kind_df: dict[str, int] = defaultdict(int)  # ... as the Kind in "Kind of Name"
        # ... as the name of a county ("Pike County"): most such names are a town somewhere
        # else too (Pike, Wisconsin), which the county is not (``places``).
        self.unit_df: dict[str, int] = defaultdict(int)
        # ... as the Kind in "Name Kind": the different names written before it (up to
        # _GENERIC_AFTER of them).
        self._named_before: dict[str, tuple[str, ...]] = {}
        self._outlets: dict[str, frozenset[str]] = {}  # outlet name -> its terms
        self._own_names: dict[str, OwnName] = {}
        self.n_docs = 0
        self._idf: dict[str, float] = {}  # cache, valid until the next count()

    def term(self, raw: str) -> str | None:
        """The term for a token as written, or None for a stop word / noise."""
        cached = self._raw_term.get(raw, MISSING)
        if cached is not MISSING:
            return cached  # type: ignore[return-value]
        folded = raw.lower()
        term = self._word_term.get(folded, MISSING)
        if term is MISSING:
            word = fold(raw)
            if len(word) < 2 or word in STOP_WORDS or (word.isdigit() and len(word) < 3):
                term = None
            else:
                # Every name and adjective of a country is one term (Türkiye, Turkish: turkey).
                country = (self._places.country_term(word)
                           if word.isalpha() or " " in word else None)
                term = self._canonical(country or stem(word))
                if word.isalpha():
                    self._spelling.setdefault(term, word)
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
                if long_.startswith(short) and long_[len(short):] in ENDINGS:
                    found = other
                    break
            if found is None:
                found = self._fuzzy(stem)
        if found is None:
            found = stem
            if size >= cfg.prefix_min and stem.isalpha():
                self._by_prefix[stem[: cfg.prefix_min]].append(stem)
                self._by_head[(stem[:2], size)].append(stem)
                self._skeletons.add((stem[:2], skeleton(stem)))
        self._stem_term[stem] = found
        return found

    def _fuzzy(self, stem: str) -> str | None:
        """A known term that rapidfuzz finds close enough (same first two letters; lengths
        that could reach the cutoff), e.g. a transliteration: Aliyev / Aliev."""
        size = len(stem)
        head = stem[:2]
        # Only a term of the same skeleton can be a transliteration: most new words have
        # none, and need no fuzzy matching at all (a tenth of a refresh's clustering).
        if (head, skeleton(stem)) not in self._skeletons:
            return None
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
            if transliteration(stem, other):
                return other
        return None

    def learn(self, docs: Sequence[Doc], noticed: bool = False) -> None:
        """Learn the acronyms ``docs`` define, and the ones they write whose full name any
        of them spells (see ``acronyms``), before any of them is analysed, so that a doc
        writing only the full name gets the acronym's term whatever the order the docs
        arrive in within one add. (A full name analysed in an earlier add than the first
        acronym it spells keeps its terms as they were.) ``noticed``: ``notice(docs)`` was
        called already."""
        size = self._config.lead_words * 16
        if not noticed:
            self.notice(docs)
        for doc in docs:
            for text in (doc.title or "", doc.text[:size]):
                if "(" in text:
                    for acronym, words in definitions(text):
                        self._add_long_form(acronym, words, defined=True)
        seen = self._capitals
        if not seen:
            return
        # Names are found by their capitals, which a Title Case headline gives every word.
        for doc in docs:
            title = doc.title or ""
            names = [doc.text[:size]]
            if title and not title_case(TOKEN.findall(title)):
                names.append(title)
            for text in names:
                for acronym, words in spelled_out(text, seen):
                    self._add_long_form(acronym, words, defined=False)

    def notice(self, docs: Iterable[Doc]) -> None:
        """Remember the words in capitals ``docs`` write, so that a full name in a doc
        learnt after them (the window's, when new docs are added) is matched with them."""
        size = self._config.lead_words * 16
        seen = self._capitals
        for doc in docs:
            for text in (doc.title or "", doc.text[:size]):
                if text:
                    seen.update(capitals(text))

    def _add_long_form(self, acronym: str, words: list[str], defined: bool) -> None:
        short = self.term(acronym)
        # Read as the docs are (``analyse``): Haut-Ogooué is one place's term there.
        raws = self._places.join_names([raw for word in words for raw in TOKEN.findall(word)])
        long = tuple(t for raw in raws if (t := self.term(raw)) is not None)
        # One place's term of several words is a full name too (NSW: New South Wales).
        if short is None or sum(len(t.split(" ")) for t in long) < 2 or short in long:
            return
        if defined:
            self._defined.add(short)
        elif short in self._defined:
            return  # a report said what it stands for
        else:
            spelled = self._spelled.get(short, MISSING)
            if spelled is None:
                return
            if spelled is not MISSING and spelled != long:
                # Two names spell it (the CWA of a weather agency, of a water law): neither.
                self._spelled[short] = None
                self._acronym_place.pop(short, None)
                self._term_places.pop(short, None)
                entries = self._long_forms.get(spelled[0], [])
                if (spelled, short) in entries:
                    entries.remove((spelled, short))
                return
            self._spelled[short] = long
        if len(long) == 1:
            # An acronym of a place's name is that place: NSW is in Australia.
            self._acronym_place[short] = long[0]
            self._term_places.pop(short, None)
        known = self._long_forms.setdefault(long[0], [])
        if (long, short) not in known:
            known.append((long, short))
            self._written[long, short] = acronym

    def _acronyms(self, terms: list[str], weights: dict[str, float], surface: dict[str, str],
                  step: float, cap: float) -> None:
        """Give ``weights`` the acronym term of every full name written in ``terms`` (the
        doc's terms in order), ``step`` per mention up to ``cap``."""
        for long, short in self._long_forms_in(terms):
            weights[short] = min(cap, weights.get(short, 0.0) + step)
            surface.setdefault(short, self._written[long, short])

    def _long_forms_in(self, terms: list[str]) -> Iterator[tuple[tuple[str, ...], str]]:
        """(full name, acronym term) for each full name written in ``terms``, in order."""
        long_forms = self._long_forms
        for index, term in enumerate(terms):
            candidates = long_forms.get(term)
            if not candidates:
                continue
            for long, short in candidates:
                if tuple(terms[index: index + len(long)]) == long:
                    yield long, short

    def analyse(self, doc: Doc) -> tuple[dict[str, float], dict[str, str], Cues]:
        """Raw term weights (title + lead), per term its first original-case surface, and the
        capitalisation cues of the title and first sentence."""
        cfg = self._config
        cached = self._raw_term.get
        slow = self.term
        weights: dict[str, float] = {}
        surface: dict[str, str] = {}
        plain: set[str] = set()  # terms written lower-case somewhere
        title_tokens = TOKEN.findall(without_outlet(doc.title or "", doc.outlet))
        own = self._own_name(doc.outlet)
        if own is not None and own.within(doc.title or ""):
            title_tokens = own.strip(title_tokens)
        title_tokens = self._places.join_names(title_tokens)
        in_order: list[str] = []
        for raw in title_tokens:
            term = cached(raw, MISSING)
            if term is MISSING:
                term = slow(raw)
            if term is not None:
                in_order.append(term)
                if raw.islower():
                    plain.add(term)
                if term not in weights:
                    weights[term] = cfg.title_weight
                    surface[term] = surface_form(raw)
        if self._long_forms:
            self._acronyms(in_order, weights, surface, cfg.title_weight, cfg.title_weight)
        cues = self._cues(doc, title_tokens)
        cues.home = (doc.country or "") if doc.kind in _LOCAL_KINDS else ""
        cues.plain = plain
        if doc.text:
            lead: dict[str, float] = {}
            step = cfg.lead_weight
            # Only the lead matters; do not tokenise a whole long article to find it.
            # The wire's tag in its dateline is who filed it (``untagged``).
            text = untagged(doc.text[: cfg.lead_words * 16])
            tokens = TOKEN.findall(text)
            if own is not None and own.within(text):
                tokens = own.strip(tokens)
            tokens = self._places.join_names(tokens)
            in_order = []
            named: str | None = None  # the term of the token before, if capitalised
            units: set[str] = set()
            for raw in tokens[: cfg.lead_words]:
                term = cached(raw, MISSING)
                if term is MISSING:
                    term = slow(raw)
                if term is None:
                    named = None
                    continue
                if raw in UNIT_WORDS and named is not None:
                    units.add(named)
                named = term if raw[0].isupper() else None
                in_order.append(term)
                if raw.islower():
                    plain.add(term)
                if term in lead:
                    lead[term] += step
                else:
                    lead[term] = step
                    if term not in surface:
                        surface[term] = surface_form(raw)
            cues.scenes = scenes(lead, step)
            # Read only where the pass that uses it can (``aftermath``: an outlet's country).
            if doc.country:
                cues.aftermath = aftermath(tokens[: cfg.lead_words])
            # From as much text as the store hands the clusterer (``store.cluster_inputs``:
            # its first 1,500 characters), so the benchmarks measure what a refresh does.
            cues.figures = figures(f"{doc.title or ''}\n{doc.text[:FIGURE_CHARS]}")
            cues.units = units or NONE
            cap = cfg.lead_cap
            if self._long_forms:
                self._acronyms(in_order, lead, surface, step, cap)
            for term, weight in lead.items():
                weights[term] = weights.get(term, 0.0) + min(weight, cap)
        return weights, surface, cues

    def _cues(self, doc: Doc, title_tokens: list[str]) -> Cues:
        """Terms of the headline and the first sentence (where a report names its place and
        actors), and which of them are written capitalised / lower-case inside a sentence.
        A Title Case headline says nothing about capitalisation, so only its terms count."""
        cues = Cues()
        heads: set[str] = set()
        named = [self._mark(cues, heads, title_tokens, not title_case(title_tokens))]
        read = [title_tokens]
        parts = self._parts(doc.title or "")
        if title_tokens:
            cues.opening = self.term(title_tokens[0])
        where = cue_indexes(title_tokens)
        news = self._developments(title_tokens, where)
        hazards = happenings(title_tokens, where)
        headed = bool(hazards)
        update = not UPDATE_WORDS.isdisjoint(title_tokens)
        if doc.text and _purchase(title_tokens, where):
            news.add(ACQUISITION)
        if doc.text:
            head = untagged(doc.text[:_SENTENCE_SCAN])
            # A byline line ("By Magdalena Ostrowska") is who wrote it, not what it is about;
            # where a report was filed is not either: a regional bureau files another
            # country's floods, and a dateline names no key place.
            byline = _BYLINE.match(head)
            start = byline.end() if byline else 0
            end = _SENTENCE_END.search(head, start + 20)
            dateline = _DATELINE.match(head, start)
            tokens = TOKEN.findall(head[dateline.end() if dateline else start:
                                        end.start() if end else None])
            own = self._own_name(doc.outlet)
            if own is not None and own.within(head):
                tokens = own.strip(tokens)
            tokens = self._places.join_names(tokens)
            named.append(self._mark(cues, heads, tokens, True))
            read.append(tokens)
            parts |= self._parts(head[dateline.end() if dateline else start:
                                      end.start() if end else None])
            where = cue_indexes(tokens)
            news |= self._developments(tokens, where)
            hazards |= happenings(tokens, where)
            update = update or not UPDATE_WORDS.isdisjoint(tokens)
            # A headline may leave the purchase to its first sentence ("Harbourline bets
            # R1.35bn on Namibian sardines": "has agreed to buy 70% of ...").
            if _purchase(tokens, where):
                news.add(ACQUISITION)
        if headed:
            # Jobs lost under a headline naming a happening are what it cost: the fire's
            # update, "62 staff placed on temporary lay-off" (eighty-fourth and eighty-seventh
            # sets), no closure of its own.
            news.discard("jobs")
        cues.news = frozenset(news)
        cues.hazards = frozenset(hazards)
        cues.update = update
        cues.beyond = self._beyond(read)
        cues.parts = parts or NONE
        if self._long_forms:
            # An organisation is one key, written in full or by its acronym.
            for terms in named:
                for long, short in self._long_forms_in(terms):
                    heads.difference_update(long)
                    heads.add(short)
        # A dateline's outlet name ("(Caspian Wire) -") is not what the story is about. A
        # place an outlet is named after is, where the headline or first sentence names it
        # outside that name (its spelled-out name was stripped above): Radio Horizon Sfax's
        # "fire guts olive oil store in Sfax port" happened in Sfax.
        outlet = self._outlet_terms(doc.outlet)
        if outlet:
            cues.caps.difference_update(outlet)
            heads.difference_update(term for term in outlet if not self.places(term))
        # A tuple: a batch holds the cues of every doc until all are counted.
        cues.heads = tuple(heads)
        return cues

    def _parts(self, text: str) -> set[str]:
        """The terms of the capitalised words ``text`` writes joined by hyphens into one name
        the gazetteer does not join (``Gazetteer.join_names``: Saint-Laurent-du-Maroni is one
        town), when the parts it places lie in no one country: "Vert-Pré", a quarter of Le
        Robert in Martinique, is no Dutch Vert and no Italian Pré (hundred-and-fourth set). Not
        "Dublin-based", nor a country's name or a part of one."""
        if "-" not in text:
            return set()
        found = set()
        for match in _HYPHENED.finditer(text):
            terms = []
            countries: list[set[str]] = []
            for word in match.group(0).split("-"):
                if (word[:1].isupper() and (term := self._raw_term.get(word))
                        and self._places.country(fold(word)) is None):
                    terms.append(term)
                    places = self._places.places(fold(word))
                    if places:
                        countries.append({place.country for place in places})
            # Its parts placed in countries none of which they share: the name is neither
            # (Vert-Pré: Vert is Dutch, Pré Italian or Thai); a town in a name with its
            # neighbour (Behren-lès-Forbach, Metz-Thionville) stays the town.
            if len(countries) > 1 and not set.intersection(*countries):
                found.update(terms)
        return found

    def _beyond(self, texts: list[list[str]]) -> frozenset[str]:
        """The countries ``texts`` (a headline's and a first sentence's tokens) name only as
        where a road leads ("on Benin's route to Burkina Faso") or what a border faces ("a
        district that borders Malawi and Tanzania"), never as where anything is: a bus crash
        there is no crash in the neighbour's country (the hundredth set's Tanguiéta crash
        beside Burkina Faso's own, the same afternoon)."""
        if all(_BEYOND_CUES.isdisjoint(tokens) for tokens in texts):
            return NONE  # most reports: no road, no border (a set look-up, not a loop)
        beyond: list[str] = []
        located: list[str] = []
        country = self._places.country_term
        for tokens in texts:
            facing = listed = -1  # the index of the next token naming what lies beyond
            for index, raw in enumerate(tokens):
                low = raw.lower()
                if (low in _FACING
                        or (low == "with" and index and tokens[index - 1].lower() in _BORDERS)
                        or (low in _TOWARDS and any(word.lower() in _ROADS
                                                    for word in tokens[max(0, index - 3):index]))):
                    facing = index + 1
                    continue
                if not raw[:1].isupper() or country(fold(raw)) is None:
                    if index == listed and low in _LISTING:
                        facing = index + 1  # "Malawi and Tanzania"
                    elif index == facing and low == "the":
                        facing += 1  # "the Gambia"
                    continue
                if index == facing:
                    beyond.append(raw)
                    listed = index + 1
                else:
                    located.append(raw)
        if not beyond:
            return NONE
        terms = {term for raw in beyond if (term := self.term(raw)) is not None}
        terms.difference_update(self.term(raw) for raw in located)
        return frozenset(terms)

    @staticmethod
    def _developments(tokens: list[str], where: Iterable[int] | None = None) -> set[str]:
        """Kinds of development (``words.DEVELOPMENTS``) that these words announce; ``where``:
        the only indexes that may (``cue_indexes``), else all."""
        found = set()
        for index in range(len(tokens)) if where is None else where:
            raw = tokens[index]
            kind = development_kind(raw)
            if kind is not None and not everyday(raw, tokens, index):
                found.add(kind)
                continue
            cue = _CUES.get(raw)  # one look-up for the words read with their neighbours
            if cue is None:
                continue
            if cue == "priced":
                # "seeks 11.4% household rate rise", "to raise average electricity tariffs"
                near = tokens[max(0, index - 3):index + 3]
                if any(t.lower() in RAISED for t in near):
                    found.add("price")
            elif cue == "jobs":
                if _cut_before(tokens, index):
                    found.add("jobs")  # "to cut 640 jobs"
            elif cue == "laid":
                if index + 1 < len(tokens) and tokens[index + 1].lower() == "off":
                    found.add("jobs")  # "will lay off about 640 workers"
            elif cue in _DEAL_OBJECTS:
                # "signed an agreement with the ports authority", "books a 380 million euro
                # platform order": what was signed or won, within four words
                if any(t.lower() in _DEAL_OBJECTS[cue] for t in tokens[index + 1:index + 5]):
                    found.add("deal")
            elif cue == "appointment":
                # "approved the appointment of Mariko Sakata as president"; not a doctor's
                # appointment
                if tokens[index + 1:index + 2] == ["of"]:
                    found.add("office")
            elif cue == "action":
                if index and tokens[index - 1].lower() == "class":
                    found.add("legal")  # "a proposed $15-million class action"
            elif index and tokens[index - 1].lower() == "to":  # cue == "sell"
                # "agreed to sell its coal operations"; not "sells" ("a country that sells
                # electricity abroad", a column on a blackout)
                found.add("deal")
        return found

    def _own_name(self, outlet: str | None) -> OwnName | None:
        if not outlet:
            return None
        own = self._own_names.get(outlet)
        if own is None:
            own = self._own_names[outlet] = OwnName(outlet)
        return own

    def _outlet_terms(self, outlet: str | None) -> frozenset[str]:
        if not outlet:
            return NONE
        terms = self._outlets.get(outlet)
        if terms is None:
            terms = frozenset(t for raw in TOKEN.findall(outlet) if (t := self.term(raw)))
            self._outlets[outlet] = terms
        return terms

    def _mark(self, cues: Cues, heads: set[str], tokens: list[str], cased: bool
              ) -> list[str]:
        """Mark ``tokens`` in ``cues`` and ``heads``; their terms in order."""
        cached = self._raw_term.get
        slow = self.term
        caps, lows = cues.caps, cues.lows
        before = self._named_before
        terms = []
        previous: str | None = None  # the term of the token before, if capitalised
        for index, raw in enumerate(tokens):
            term = cached(raw, MISSING)
            if term is MISSING:
                term = slow(raw)
            if term is None:
                previous = None
                continue
            terms.append(term)
            heads.add(term)
            if not cased:
                continue
            if index and raw[0].isalpha():
                (lows if raw.islower() else caps).add(term)
            if not raw[0].isupper():
                previous = None
                continue
            if previous is not None and not raw.isupper():
                named = before.get(term, ())
                if len(named) < _GENERIC_AFTER and previous not in named:
                    before[term] = (*named, previous)
            previous = term
        if cased and "of" in tokens:
            self._mark_kinds(cues, tokens)
        return terms

    def _mark_kinds(self, cues: Cues, tokens: list[str]) -> None:
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
            # Whose it is comes before the kind, and is a name: "Namibia's Ministry of Health
            # and Social Services" is Namibia's (thirty-third set), as a country written
            # before the kind is ("the Burkina Faso Ministry of Health").
            while (back >= 0 and tokens[back][0].isupper()
                   and not tokens[back].endswith(_POSSESSIVES)
                   and self._places.country_term(fold(tokens[back])) is None):
                term = self.term(tokens[back])
                if term is not None:
                    cues.kinds.add(term)
                back -= 1

    def count(self, terms: Iterable[str], cues: Cues | None = None) -> None:
        self.n_docs += 1
        self._idf.clear()
        df = self.df
        for term in terms:
            df[term] += 1
        if cues is not None:
            homes = self._local_homes
            for term in cues.caps:
                self.cap_df[term] += 1
                if cues.home:
                    seen = homes.get(term, MISSING)
                    if seen is MISSING:
                        homes[term] = {cues.home}
                    elif seen is not None:
                        seen.add(cues.home)
                else:
                    homes[term] = None
            for term in cues.lows:
                self.low_df[term] += 1
            for term in cues.kinds:
                self.kind_df[term] += 1
            for term in cues.units:
                self.unit_df[term] += 1
            for term in cues.plain:
                self.plain_df[term] += 1
            for figure in cues.figures:
                self.figure_df[figure] += 1
            for term in cues.parts:
                self.part_df[term] += 1
            cues.caps = cues.lows = cues.kinds = cues.plain = cues.units = NONE  # counted

    def places(self, term: str) -> tuple[Place, ...]:
        """The places a name term may be (see ``tui.core.places``): looked up by the word it
        was written as (the term of Kutaisi is its stem, kutais)."""
        parts = self.part_df.get(term)
        if parts and parts * 2 >= self.cap_df.get(term, 0):
            # Written mostly as a part of a hyphenated name whose parts the gazetteer places
            # in no one country (``_parts``): the quarter of Vert-Pré is not a Dutch town.
            return ()
        units = self.unit_df.get(term)
        if units and units * 2 >= self.cap_df.get(term, 0):
            # Written as a county's name ("Pike County"): the county, not the town of that
            # name elsewhere (Pike, Wisconsin). Where the gazetteer holds no such county
            # (Kisii County is a Kenyan town's county), the name's places.
            counties = self._places.counties(self._spelling.get(term, term))
            if counties:
                return counties
        found = self._term_places.get(term)
        if found is None:
            word = self._spelling.get(term, term)
            found = self._places.places(word) or (
                self._places.places(term) if word != term else ())
            named = self._acronym_place.get(term)
            if not found and named is not None:
                found = self._places.places(named)
            self._term_places[term] = found
        # A name only local outlets write (``_LOCAL_KINDS``, tagged with their country), which
        # the gazetteer knows only as towns of other countries, is a place it does not know: a
        # Dominican paper's barrio of Los Mangos is no Nigerian "Los" (twenty-fifth set), a
        # Martinique paper's "Pointe Larose" no Louisiana town.
        homes = self._local_homes.get(term)
        if (homes and found and all(place.kind == "town" and place.country not in homes
                                    for place in found)):
            return ()
        return found

    def nation(self, term: str) -> str | None:
        """The country a nation's name term names (``exonyms.NATIONS``: England), else None."""
        return NATIONS.get(self._spelling.get(term, term))

    def demonyms(self, terms: Iterable[str]) -> set[str]:
        """The countries whose people ``terms`` name by a demonym no ending derives
        (Spanish, Dutch: see ``Gazetteer.demonym``)."""
        found = set()
        for term in terms:
            code = self._term_demonym.get(term, MISSING)
            if code is MISSING:
                word = self._spelling.get(term, term)
                code = self._places.demonym(word) or (
                    self._places.demonym(term) if word != term else None)
                self._term_demonym[term] = code
            if code is not None:
                found.add(code)
        return found

    def kind(self, term: str) -> bool:
        """A name mostly written as the kind in "Kind of Name" (Bank, Republic, Ministry), or
        written after several different names ("Name Kind": Corrib Air, Southlink Air, Lomani
        Air), so that it names no one actor or place. A country stays a name however many
        names precede it (East Azerbaijan, Republic of Azerbaijan)."""
        if self.kind_df.get(term, 0) * 2 >= self.cap_df.get(term, 0) > 0:
            return True
        named = self._named_before.get(term)
        return (named is not None and len(named) >= _GENERIC_AFTER
                and not any(place.kind == "country" for place in self.places(term)))

    def idf(self, term: str) -> float:
        value = self._idf.get(term)
        if value is None:
            value = math.log(
                (1 + self.n_docs + self._config.idf_prior_docs) / (self.df.get(term, 0) + 1)
            )
            value = max(value, 0.05)  # a term in every doc still counts a little
            self._idf[term] = value
        return value


# The opening a report names its happening in, if it names one: a feature on the people may
# name it once further down ("since the flood"), as a neighbour's words.
_OPENING_WORDS = 120


def aftermath(tokens: Sequence[str]) -> int:
    """How many of ``tokens`` (a lead) show the days after a happening (``words.AFTERMATH``),
    or 0 when its opening names a kind of happening (``words.HAZARDS``): a report of the
    happening, or of another, not a feature on the people it left. 0 too when fewer than
    ``_AFTER_WORDS`` different words do: a feature on the days after tells several things
    (where people slept, what they were given, whom they wait for), where a report on an
    island's night-time doctors' post closing writes "night" seven times (eighty-second
    set; a feature on a family's bedrooms, "sleep" and "wait", the twenty-first)."""
    found: list[str] = []
    for index, raw in enumerate(tokens):
        sense = _aftermath_sense(raw)
        if sense == _HAPPENING and index < _OPENING_WORDS:
            return 0
        if sense == _AFTER:
            found.append(raw)
    return len(found) if len({stem(raw.lower()) for raw in found}) >= _AFTER_WORDS else 0


_HAPPENING, _AFTER = 2, 1
# A poisoning is a happening of its own, whose people hospitals treat: "Neyshabur hospitals
# treat dozens after mass food poisoning" is no aftermath of the bus crash the province's
# hospitals treated two days before (hundred-and-nineteenth set, ten at a time). Only here:
# as a kind of happening (``words.HAZARDS``) it parted the reports of poisonings that other
# reports call an illness (six sets down).
_POISONED = frozenset(stem(word) for word in "poisoning poisonings poisoned".split())
_AFTER_WORDS = 3  # different words of the days after a lead writes (``aftermath``)


@lru_cache(maxsize=1 << 16)
def _aftermath_sense(raw: str) -> int:
    """``_HAPPENING`` for a word naming a kind of happening, ``_AFTER`` for one showing the
    days after, else 0. Cached across clusterers, as ``development_kind``."""
    word = raw.lower()
    root = stem(word)
    if word in HAZARDS or root in HAZARDS or root in _POISONED:
        return _HAPPENING
    return _AFTER if root in AFTERMATH else 0


@lru_cache(maxsize=1 << 16)
def development_kind(raw: str) -> str | None:
    """The kind of development a token as written announces, if any. Cached across
    clusterers: the app builds one per refresh, and each re-reads the window's headlines."""
    return DEVELOPMENTS.get(stem(fold(raw)))


_ARTICLES = frozenset({"the", "a", "an", "its", "their", "his", "her"})


def everyday(raw: str, tokens: list[str], index: int) -> bool:
    """``raw``, ``tokens[index]``, is a development word in its everyday sense, told by the
    word written before it or the next word after an article (``words.EVERYDAY_SENSE``: a
    basketball court, a phone charged, a search suspended, suspended the search)."""
    key = stem(fold(raw))
    sense = EVERYDAY_SENSE.get(key)
    if sense is None:
        return False
    if index and tokens[index - 1].lower() in sense:
        return True
    for word in tokens[index + 1: index + 3]:
        if word.lower() not in _ARTICLES:
            if word.lower() in sense:
                return True
            break
    # What was suspended may be the subject, further back: "the search for two people still
    # missing has been suspended".
    reach = EVERYDAY_REACH.get(key, 0)
    return any(word.lower() in sense for word in tokens[max(0, index - reach): index])


# The first four letters of every hazard word and stem (``words.HAZARDS``; all are at least
# four letters long): a cheap test that skips the other words of a headline.
_HAZARD_STARTS = frozenset(word[:4] for word in HAZARDS)


_PHRASE_STARTS = written_forms(first for first, _ in HAZARD_PHRASES)
_SELL_FORMS = written_forms(["sell"])
_SIGN_FORMS = written_forms(["sign", "signs", "signed", "signing"])
# Words ``Vocabulary._developments`` reads with their neighbours, by what they may announce.
# An order or a contract won is a deal too: "books €380m platform order", "wins major
# contract", "landing big order" (the seventy-fifth set's Rostock offshore builder, whose
# order had joined its works council's court case two days before).
_WON_FORMS = written_forms("win wins won winning book books booked booking land lands landed"
                           " landing secure secures secured securing".split())
_CUES: dict[str, str] = {
    **dict.fromkeys(_WON_FORMS, "won"),
    **dict.fromkeys(_SELL_FORMS, "sell"), **dict.fromkeys(_SIGN_FORMS, "sign"),
    **dict.fromkeys(LAID, "laid"), **dict.fromkeys(JOBS, "jobs"),
    **dict.fromkeys(PRICED, "priced"),
    **dict.fromkeys(written_forms(["action", "actions"]), "action"),
    **dict.fromkeys(written_forms(["appointment"]), "appointment"),
}
_SIGNED = frozenset("agreement agreements accord concession contract contracts deal"
                    " memorandum".split())
_WON = frozenset("order orders contract contracts".split())
_DEAL_OBJECTS = {"sign": _SIGNED, "won": _WON}


def _cut_before(tokens: list[str], index: int) -> bool:
    """The jobs word at ``index`` follows a cut word, right after it or after a number
    ("cuts jobs", "cut about 640 jobs")."""
    for back in range(index - 1, max(-1, index - 6), -1):
        word = tokens[back].lower()
        if word.isdigit() or word in HOW_MANY:
            continue
        return word in CUT
    return False


def happenings(tokens: list[str], where: Iterable[int] | None = None) -> set[str]:
    """Kinds of happening (``words.HAZARDS``) these words name, each word read in its sense
    (``words.OTHER_SENSE_AFTER``: the fire department is no fire; gunmen opened fire);
    ``where``: the only indexes that may (``cue_indexes``), else all."""
    found = set()
    for index in range(len(tokens)) if where is None else where:
        raw = tokens[index]
        if raw[:4].lower() not in _HAZARD_STARTS:
            if raw in _PHRASE_STARTS and index + 1 < len(tokens):
                kind = HAZARD_PHRASES.get((raw.lower(), tokens[index + 1].lower()))
                if kind is not None:
                    found.add(kind)  # "the walls of the pit gave way"
            continue  # most words: no hazard word begins so
        word = fold(raw)
        kind = HAZARDS.get(word)
        word = stem(word)
        if kind is None:
            kind = HAZARDS.get(word)
            if kind is None:
                continue
        after = OTHER_SENSE_AFTER.get(word)
        if after and index + 1 < len(tokens) and tokens[index + 1].lower() in after:
            continue
        before = OTHER_SENSE_BEFORE.get(word)
        if before and index and tokens[index - 1].lower() in before:
            continue
        into = OTHER_SENSE_INTO.get(word)
        if (into and tokens[index + 1:index + 2] == ["into"]
                and not into.isdisjoint(t.lower() for t in tokens[index + 2:index + 4])):
            continue  # slides into the red
        found.add(kind)
    return found


# Tokens as written that no cue reads (``cue_indexes``): most words of every headline and
# first sentence, read again for each window doc on every refresh. Cleared when it grows
# past ``_INERT_MOST``.
_INERT: set[str] = set()
_INERT_MOST = 1 << 18


def cue_indexes(tokens: list[str]) -> list[int]:
    """The indexes of ``tokens`` that may announce a development (``development_kind``,
    ``_CUES``), name a happening (``happenings``) or a purchase (``announces_purchase``):
    the words the cue readers look at, with their neighbours as context."""
    inert = _INERT
    found = [index for index, raw in enumerate(tokens) if raw not in inert]
    if not found:
        return found
    kept = []
    for index in found:
        raw = tokens[index]
        if (development_kind(raw) is not None or raw in _CUES
                or raw[:4].lower() in _HAZARD_STARTS or raw in _PHRASE_STARTS
                or announces_purchase(raw)):
            kept.append(index)
        else:
            if len(inert) >= _INERT_MOST:
                inert.clear()
            inert.add(raw)
    return kept


def scenes(lead: dict[str, float], step: float) -> dict[str, int]:
    """How many words of the lead (``lead``: term -> ``step`` per occurrence) show each kind
    of happening's scene (``words.SCENES``). One look-up per distinct term."""
    if step <= 0:
        return NO_SCENES
    counts: dict[str, int] = {}
    for term, weight in lead.items():
        kinds = SCENES.get(term)
        if kinds:
            times = round(weight / step)
            for kind in kinds:
                counts[kind] = counts.get(kind, 0) + times
    return counts or NO_SCENES


def _purchase(tokens: list[str], where: Iterable[int]) -> bool:
    """A token of ``tokens`` at one of ``where`` (``cue_indexes``) says acquire, buy,
    takeover... in that sense (``announces_purchase``), not its everyday one ("at stake")."""
    return any(announces_purchase(tokens[index]) and not everyday(tokens[index], tokens, index)
               for index in where)


@lru_cache(maxsize=1 << 14)
def announces_purchase(raw: str) -> bool:
    """A token of a headline or first sentence, as written, says acquire, buy, takeover...
    (``words.ACQUISITION``)."""
    return stem(fold(raw)) in ACQUISITION_WORDS


class Cues:
    """Capitalisation cues of one doc's headline and first sentence."""

    __slots__ = ("heads", "caps", "lows", "kinds", "news", "hazards", "plain", "scenes",
                 "units", "update", "opening", "figures", "aftermath", "beyond", "parts",
                 "home")

    def __init__(self) -> None:
        self.heads: tuple[str, ...] = ()  # terms of the headline and first sentence
        self.caps: set[str] | frozenset[str] = set()  # capitalised inside a sentence
        self.lows: set[str] | frozenset[str] = set()  # lower-case inside a sentence
        self.kinds: set[str] | frozenset[str] = set()  # capitalised before "of [the] Name"
        self.news: frozenset[str] = NONE  # kinds of development they announce
        self.hazards: frozenset[str] = NONE  # kinds of happening they name
        # Terms the headline or lead writes lower-case anywhere (not only in the first
        # sentence): what makes a capitalised word a common one (``Vocabulary.plain_df``).
        self.plain: set[str] | frozenset[str] = NONE
        # Per kind of happening, the words of the lead that show its scene (``scenes``).
        self.scenes: dict[str, int] = NO_SCENES
        # Names the lead writes as a county's ("Pike County": ``Vocabulary.unit_df``).
        self.units: set[str] | frozenset[str] = NONE
        self.update = False  # they revise a toll (``words.UPDATE_WORDS``)
        # The headline's first term, capitalised whatever it is ("Mayagüez police ...").
        self.opening: str | None = None
        # Figures the headline and the text's first ``FIGURE_CHARS`` quote (``figures``).
        self.figures: frozenset[str] = NONE
        # Words of the lead showing the days after a happening it never names (``aftermath``).
        self.aftermath = 0
        # Countries the headline and first sentence name only as where a road leads or what
        # lies across a border (``Vocabulary._beyond``).
        self.beyond: frozenset[str] = NONE
        # Terms written up front as parts of a hyphenated name whose parts lie in no one country
        # ("Vert-Pré", ``Vocabulary._parts``).
        self.parts: set[str] | frozenset[str] = NONE
        # The country of a local outlet (``_LOCAL_KINDS``) that wrote them; "" for any other.
        self.home = ""

