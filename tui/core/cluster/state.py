"""Docs and clusters in memory: unit term vectors, summed profiles with their norms,
times, key names; and the vector arithmetic placement and merging share."""

from __future__ import annotations

import math
from collections.abc import Callable, Container, Iterable
from dataclasses import replace

from tui.core.cluster.model import Doc, DocId
from tui.core.cluster.words import ACQUISITION, CASUALTY, PHASES, PLACE_KINDS, TOKEN

NO_KEYS: dict[str, float] = {}  # shared by every doc without key names; never mutated
NO_SCENES: dict[str, int] = {}  # shared by every doc whose lead shows no scene; never mutated

class DocState:
    __slots__ = ("id", "vec", "surface", "time", "cluster", "order", "keys", "names", "texted",
                 "news", "hazards", "named", "scenes", "update", "figures", "aftermath",
                 "country", "feature")

    def __init__(
        self, doc_id: DocId, vec: dict[str, float], surface: dict[str, str],
        time: float | None, order: int, keys: dict[str, float] | None = None,
        names: frozenset[str] = frozenset(), texted: bool = False,
        news: frozenset[str] = frozenset(), hazards: frozenset[str] = frozenset(),
        scenes: dict[str, int] | None = None, update: bool = False,
        figures: frozenset[str] = frozenset(), aftermath: int = 0, country: str | None = None,
        feature: bool = False,
    ) -> None:
        self.id = doc_id
        self.vec = vec  # unit-length IDF-weighted
        self.surface = surface
        self.time = time
        self.cluster = 0
        self.order = order  # arrival order, for "earliest" ties
        # Key names (place / actor terms of headline + first sentence); docs with text only.
        self.keys = keys or NO_KEYS
        self.names = names  # every name the doc mentions (keys included)
        self.texted = texted  # has a lead or summary, not only a headline
        self.news = news  # kinds of development its headline and first sentence announce
        self.hazards = hazards  # kinds of happening they name (``words.HAZARDS``)
        # Per kind of happening, the words of its lead showing that scene (``words.SCENES``).
        self.scenes = scenes or NO_SCENES
        self.update = update  # its headline or first sentence revises a toll
        self.figures = figures  # the figures its text quotes (``words.figures``)
        # Words of its lead showing the days after a happening it never names
        # (``vocabulary.aftermath``), and its outlet's country (``Doc.country``).
        self.aftermath = aftermath
        self.country = country
        # From an outlet tagged as one writing columns and features (``Doc.kind``).
        self.feature = feature
        # The rare names that placed it, alone, in its story (``local.LocalReports``): its
        # evidence, since it may share no other word with the story.
        self.named: tuple[str, ...] = ()


class ClusterState:
    __slots__ = ("id", "members", "profile", "sq_norm", "first", "last", "pinned", "time_sum",
                 "timed", "keys", "names", "keyed", "news", "texted_news", "texted", "told")

    def __init__(self, cluster_id: int) -> None:
        self.id = cluster_id
        self.members: list[DocState] = []
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
        self.news: dict[str, int] = {}  # kind of development -> members announcing it
        self.texted_news: dict[str, int] = {}  # the same, members with text only
        self.texted = 0  # members with text
        self.told = 0  # of those, members naming a kind of happening up front

    def add(self, doc: DocState) -> None:
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
        for kind in doc.news:
            self.news[kind] = self.news.get(kind, 0) + 1
            if doc.texted:
                self.texted_news[kind] = self.texted_news.get(kind, 0) + 1
        if doc.texted:
            self.texted += 1
            if doc.hazards:
                self.told += 1
        self.members.append(doc)
        doc.cluster = self.id
        if doc.time is not None:
            self.first = doc.time if self.first is None else min(self.first, doc.time)
            self.last = doc.time if self.last is None else max(self.last, doc.time)
            self.time_sum += doc.time
            self.timed += 1

    def absorb(self, other: ClusterState) -> None:
        for doc in other.members:
            self.add(doc)
        self.pinned += other.pinned

    def reported_from(self, country: str) -> bool:
        """One of the story's reports comes from an outlet tagged with ``country``."""
        return any(member.country == country for member in self.members)

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


def developed_apart(late: float, late_kinds: Iterable[str], early: float,
                    early_kinds: Container[str], grace: float) -> bool:
    """What began at ``late``, announcing ``late_kinds`` of development (reports with text
    only), is a story of its own beside what began at ``early``: more than ``grace`` later,
    with a kind the earlier one never spoke of (see ``words.DEVELOPMENTS``). One new kind is
    enough: the strike reports that recap "days after the India deal" still report a strike."""
    if late - early <= grace:
        return False
    return any(kind not in early_kinds for kind in late_kinds)


def told_from(first: float, updates_only: bool, grace: float) -> float:
    """When a happening was first told, given the first report known of it at ``first``:
    then, or, when all that is known of it revises a toll (``DocState.update``: "landslide
    toll rises to five", alone when it came two days after the first reports), more than
    ``grace`` before, since the happening was told before. The police search of the
    builder's offices the next day, a development of its own, is then no part of the toll
    update's story."""
    return first - grace - 1.0 if updates_only else first


def began(story: ClusterState, grace: float) -> float:
    """When a story's happening was first told (``told_from``)."""
    first = story.first
    assert first is not None, "a story with a time"
    return told_from(first, all(member.update for member in story.members), grace)


def happened_apart(late: float, early: ClusterState, grace: float) -> bool:
    """What began at ``late`` is a story of its own beside ``early`` if it names a kind of
    happening up front (``words.HAZARDS``; the caller's test, last, since a story's kinds
    take a loop over its members): ``early`` is a story of several reports with text, begun
    more than ``grace`` before, not one of which named a happening up front. A miner halting
    its exports and, two days on, a spill at its mine, each told in passing in the other's
    reports."""
    return (early.texted >= 2 and not early.told
            and early.first is not None and late - early.first > grace)


def bought_apart(late_kinds: Container[str], early_kinds: Container[str]) -> bool:
    """The later side's headlines announce a purchase (``words.ACQUISITION``) and the earlier
    side never spoke of a deal: a story of its own at any hour, if it also names an actor the
    earlier one never named (the caller's test)."""
    return ACQUISITION in late_kinds and "deal" not in early_kinds


def shares_only_names(vec: dict[str, float], profile: dict[str, float],
                      names: Container[str], other_names: Container[str] = ()) -> bool:
    """Every term of ``vec`` that ``profile`` has is a name (of ``names`` or ``other_names``),
    a kind of place (``words.PLACE_KINDS``: the Port of Port Shepstone, Duhok province),
    that people died or the town's residents (``words.CASUALTY``), that something began
    (``words.PHASES``): the same town or actor, and not one word of what happened there."""
    for term in vec:
        if (term in profile and term not in names and term not in other_names
                and term not in PLACE_KINDS and term not in CASUALTY and term not in PHASES):
            return False
    return True


def names_carry(vec: dict[str, float], profile: dict[str, float], names: Container[str],
                other_names: Container[str] = ()) -> float:
    """How much of what ``vec`` and ``profile`` share (their dot product) is names, kinds of
    place and casualties (as ``shares_only_names`` counts them): 1.0 when nothing else."""
    total = named = 0.0
    for term, weight in vec.items():
        value = profile.get(term)
        if value is None:
            continue
        part = weight * value
        total += part
        if (term in names or term in other_names or term in PLACE_KINDS
                or term in CASUALTY or term in PHASES):
            named += part
    return named / total if total else 1.0


def features_abroad(members: Iterable[DocState], others: Iterable[DocState],
                    countries: Callable[[Iterable[str]], set[str]]) -> bool:
    """Both sides are features and columns only (``told_as_feature``), every outlet tagged
    with its country (``Doc.country``), no outlet of one side of a country of the other's,
    and neither side names a place in a country of the other's outlets (``countries``: the
    countries names place a side in): "The women who wait at the waterline" (a Kenyan
    outlet's, on a Lamu boat capsize) and "The women who wait up" (a Latvian outlet's, on a
    Liepāja terminal fire) share a feature's words and no event. A German magazine's feature
    on Iranian sugar workers names their town, and stays with the Iranian column on them. In
    the week's benchmark, 23 stories held features and columns only: 34 pairs of their
    reports were of two events, 33 of them from outlets of two countries, and 10 pairs of one
    event, 7 of them of one country."""
    mine: set[str] = set()
    my_names: set[str] = set()
    for member in members:
        if not told_as_feature(member) or member.country is None:
            return False
        mine.add(member.country)
        my_names.update(member.names)
    theirs: set[str] = set()
    their_names: set[str] = set()
    for member in others:
        if (not told_as_feature(member) or member.country is None
                or member.country in mine):
            return False
        theirs.add(member.country)
        their_names.update(member.names)
    if not mine or not theirs:
        return False
    return countries(my_names).isdisjoint(theirs) and countries(their_names).isdisjoint(mine)


def told_as_feature(member: DocState) -> bool:
    """From an outlet tagged as writing features (``DocState.feature``), or with text whose
    headline and first sentence name no place or actor (no key names): any outlet writes
    features. A Ugandan paper's mother counting "what the night took" in a classroom full of
    a landslide's families, and a Vietnamese radio's grandmothers in a classroom after
    another, shared "classroom" and "count" and were one story in the week's benchmark."""
    return member.feature or (member.texted and not member.keys)


def sparse_dot(a: dict[str, float], b: dict[str, float]) -> float:
    if len(a) > len(b):
        a, b = b, a
    total = 0.0
    for term, weight in a.items():
        value = b.get(term)
        if value is not None:
            total += weight * value
    return total


def sort_key(doc: Doc) -> tuple:
    published = doc.published
    return (published is None, published or 0.0, doc.key, isinstance(doc.id, str), doc.id)


def unique_docs(docs: Iterable[Doc]) -> list[Doc]:
    """The first doc of each id (a repeated id is the same article), as clustering reads it
    (``as_read``)."""
    seen: set[DocId] = set()
    unique = []
    for doc in docs:
        if doc.id not in seen:
            seen.add(doc.id)
            unique.append(as_read(doc))
    return unique


def as_read(doc: Doc) -> Doc:
    """``doc``, without a text that only repeats its headline: many feeds' description is the
    title again, and read as a report's first sentence it makes every word of a Title Case
    headline a name and gives a headline the key-name and names-only tests of a report."""
    if doc.text and len(doc.text) <= 2 * len(doc.title or ""):
        title = set(TOKEN.findall((doc.title or "").lower()))
        if set(TOKEN.findall(doc.text.lower())) <= title:
            return replace(doc, text="")
    return doc

