"""Key names: the same kind of story about another place or actor (two central banks' rate
decisions, two earthquakes) is told apart by the names of its headline and first sentence.

A name the other side never writes still counts as mentioned when it is the same place told
at another scale (``tui.core.places``): a town the other side places in its province or
country (Sachkhere in a report on floods in western Georgia; Kutaisi beside Imereti), unless
the other side names another town or province of that country (a quake in Malatya is not the
one in Van, though both reports name Turkey). Capitals do not count as another town: a
report's dateline and its ministries sit there.

A name the gazetteer does not know (a village, a pit, a ghat) against a story placed mostly by
places it knows is no clash, unless the report names a town of another country elsewhere
(``unproven``): the local paper's "Kamituga" beside the wire's "eastern Congo".

Countries are compared first: key names naming countries, none in common between the two
sides, are another country's story, however much each report names the other country in its
body (Georgia's rate hold beside "neighbouring Armenia's cut").

A mixin of StoryClusterer (``self._vocab`` gives IDF weights and places)."""

from __future__ import annotations

from collections.abc import Collection, Iterable
from math import cos, radians
from typing import TYPE_CHECKING

from tui.core.cluster.state import ClusterState, DocState
from tui.core.cluster.words import DISEASES, NAME_STEM, WIDE_REGIONS

if TYPE_CHECKING:
    from tui.core.cluster.vocabulary import Vocabulary
    from tui.core.places import Place


# Two towns of one province further apart than this are two places, when the side names no
# wider place of that province, in the countries whose GeoNames provinces are too wide to
# tell towns apart (``places.COARSE_PROVINCES``: Britain's four nations, Ireland's four
# historic provinces).
# Hinckley's knitwear factory closing is no part of a pottery closing in Burslem, 75 km away
# (hundred-and-twenty-seventh set), though both are in "England". Elsewhere a province tells
# them, and a distance would too often read a village as a far town of its name.
NEAR_KM = 35.0


def _km(a: tuple[float, float], b: tuple[float, float]) -> float:
    """The distance between two points (degrees of latitude, longitude), near enough for
    towns of one province (an equirectangular projection)."""
    dx = radians(b[1] - a[1]) * cos(radians((a[0] + b[0]) / 2))
    dy = radians(b[0] - a[0])
    return 6371.0 * (dx * dx + dy * dy) ** 0.5


class PlaceContext:
    """The places one side mentions: the countries it names or implies (a town unambiguously
    in one country implies it) and, per country, the provinces of the towns it names outside
    the capital ("" for a province whose towns the gazetteer cannot tell), with where those
    towns lie, unless the side names the province, or a region of it, as well (``wide``)."""

    __slots__ = ("countries", "regions", "towns", "wide")

    def __init__(self, vocab: Vocabulary, names: Iterable[str]) -> None:
        self.countries: set[str] = set()
        self.regions: dict[str, set[str]] = {}
        # (country, province) -> where the side's towns in it lie
        self.towns: dict[tuple[str, str], list[tuple[float, float]]] = {}
        self.wide: set[tuple[str, str]] = set()  # provinces named at a wider scale
        named: set[str] = set()
        doubtful: list[tuple[str, tuple[Place, ...]]] = []
        for name in names:
            places = vocab.places(name)
            if not places:
                continue
            countries = {place.country for place in places}
            if len(countries) != 1:
                doubtful.append((name, places))
                continue  # Van: Turkey, France or Brazil; says nothing for sure
            (country,) = countries
            if any(place.kind == "country" for place in places):
                named.add(country)
            self.countries.add(country)
            if any(place.capital for place in places):
                continue  # the capital, and the province named after it (Tbilisi)
            for place in places:
                if place.kind != "country":
                    code = _province_code(place, name)
                    self.regions.setdefault(country, set()).add(code)
                    at = _town_at(place, places)
                    if at is None:
                        self.wide.add((country, code))
                    else:
                        self.towns.setdefault((country, code), []).append(at)
        # A name of towns in several countries is read in the country the side names, if
        # it is a town of one province there: a South African story keyed on Worcester, and
        # "South Africa", is about the Western Cape's Worcester, not England's or
        # Massachusetts'; so KwaZulu-Natal's Newcastle is another place (the hundred-and-
        # twentieth set's two factory closures, "640 jobs at risk" each). Only a country the
        # side names: one that a town implies may be a passing mention's.
        for name, places in doubtful:
            there = [place for place in places if place.country in named]
            if len(there) == 1 and not there[0].capital and there[0].kind != "country":
                self.regions.setdefault(there[0].country, set()).add(
                    _province_code(there[0], name))

    def covers(self, vocab: Vocabulary, term: str) -> bool:
        """``term`` is a place this side speaks of at another scale, and names no other town
        or province of its country, nor only towns of its province far from it."""
        places = vocab.places(term)
        for place in places:
            if place.country not in self.countries:
                continue
            if place.kind == "country":
                return True
            named = self.regions.get(place.country)
            if not named:
                return True  # the country alone (or its capital)
            region = _province_code(place, term)
            if region in named:
                if self._near(place.country, region, _town_at(place, places)):
                    return True  # the same province, and not only its far towns
                continue
            if not region or named == {""}:
                return True  # a province the gazetteer cannot place: cannot tell
            if not _comparable((place.country, region), ((place.country, code)
                                                          for code in named)):
                return True  # a state the gazetteer ties to no province, and towns
        return False

    def _near(self, country: str, region: str, at: tuple[float, float] | None) -> bool:
        """A town at ``at`` (None: a province, or a town the gazetteer cannot place) is near
        enough to what this side names in its province to be the same place."""
        if at is None or (country, region) in self.wide:
            return True
        return any(_km(at, town) <= NEAR_KM for town in self.towns.get((country, region), ()))


def _town_at(place: Place, places: Iterable[Place]) -> tuple[float, float] | None:
    """Where ``place`` (one reading of a name, ``places`` all of them) lies, if it is a town,
    or a region that is a town of its province as well: Stoke-on-Trent, the city and its
    unitary authority, is the city."""
    if place.kind == "town":
        return place.at
    if place.kind != "region":
        return None
    for other in places:
        if (other.kind == "town" and other.at is not None and other.country == place.country
                and other.region == place.region):
            return other.at
    return None


def province(vocab: Vocabulary, term: str) -> tuple[str, str] | None:
    """(country, province) of a name that can only be a town or province of one known
    province outside the capital, else None."""
    places = vocab.places(term)
    if not places:
        return None
    # A first-level region the gazetteer ties to no GeoNames province (India's states,
    # Australia's: GeoNames numbers them where ISO writes letters) is a province of its own
    # (``_province_code``), one that only another such region can be told apart from:
    # Maharashtra is not Gujarat, but which of them Ratnagiri lies in is not known.
    found = {(p.country, _province_code(p, term)) for p in places if p.kind != "country"}
    if len(found) != 1 or len({p.country for p in places}) != 1 or any(
            p.capital for p in places):
        return None
    (where,) = found
    return where if where[1] else None


_UNTIED = "="  # the mark of a region's own name standing for its province (``province``)


def _province_code(place: Place, term: str) -> str:
    """The province ``place`` (of the name ``term``) lies in: its GeoNames code, or, for a
    region the gazetteer ties to none, the region itself (``province``)."""
    if place.region or place.kind != "region":
        return place.region
    return _UNTIED + term


def _comparable(where: tuple[str, str], mine: Iterable[tuple[str, str]]) -> bool:
    """``where`` can be told apart from one of ``mine`` of its country: both provinces by
    GeoNames code, or both regions standing for their own province."""
    untied = where[1].startswith(_UNTIED)
    return any(country == where[0] and code.startswith(_UNTIED) == untied
               for country, code in mine)


def provinces_clash(vocab: Vocabulary, keys: Iterable[str], context: PlaceContext,
                    their_keys: Iterable[str], my_names: Iterable[str]) -> bool:
    """One side's key place and the other's lie in two different provinces of one country,
    and neither side names the other's (a quake in Malatya, one in Gebze): another place,
    however much both speak of Turkey. ``context``: where the other side's story is (the
    places of its key names); ``my_names``: every name this side mentions."""
    # A side that names its country reads its other key names there: the wire's "Kupang,
    # capital of Indonesia's East Nusa Tenggara" names no Malaysian town Tenggara (whose
    # province then "clashed" with the radio's Jalan Soeharto, read as a Malaysian town).
    # Only this side's: the other side's readings are what it is tested against (read in
    # their own named country too, the nineteenth set's gain stayed, and the eleventh set's
    # market fire and bus crash in Rivas, a day apart, became one story).
    named = key_countries(vocab, keys)
    mine = {where for term in keys
            if (where := province(vocab, term)) and not context.covers(vocab, term)
            and (not named or where[0] in named)}
    if not mine:
        return False
    countries = {country for country, _ in mine}
    their_context = PlaceContext(vocab, my_names)  # what the other side's names face
    for term in their_keys:
        where = province(vocab, term)
        if (where and where[0] in countries and where not in mine
                and _comparable(where, mine) and not their_context.covers(vocab, term)):
            return True
    return False


def same_province(vocab: Vocabulary, keys: Collection[str], names: Iterable[str],
                  their_names: Iterable[str], their_keys: Collection[str]) -> bool:
    """One side's key names lie in a province the other side names (a local paper's Torbalı
    beside a story naming İzmir), or, failing that, the other side's key names lie in one this
    side names; and that province's country is one the other side's own key names (those this
    side does not share) place it in. A word that happens to be a town somewhere ("CEO" is one
    in Angola, "Tank" one in Pakistan) places nothing then."""
    def provinces(terms: Iterable[str]) -> set[tuple[str, str]]:
        return {where for term in terms if (where := province(vocab, term))}

    shared = provinces(keys) & provinces(their_names)
    if not shared:
        shared = provinces(their_keys) & provinces(names)
    if not shared:
        return False
    where = PlaceContext(vocab, [term for term in their_keys if term not in keys]).countries
    # Nor when this side names its own country, and not that one: a textile firm named
    # Blackwater (a Queensland town) closing its plant in Youghal, "Ireland", is no local
    # report of Townsville's refinery (eighty-seventh set).
    named = key_countries(vocab, keys)
    return any(country in where and (not named or country in named) for country, _ in shared)


def key_countries(vocab: Vocabulary, keys: Iterable[str]) -> set[str]:
    """The countries a side's key names are (country names and adjectives, and the nations
    news writes as countries: England; not a town or a capital, which may share its name with
    one elsewhere)."""
    found: set[str] = set()
    for term in keys:
        countries = {place.country for place in vocab.places(term) if place.kind == "country"}
        if len(countries) == 1:
            found |= countries
        elif not countries and (code := vocab.nation(term)) is not None:
            found.add(code)
    return found


def countries_clash(vocab: Vocabulary, mine: Collection[str], theirs: Collection[str]
                    ) -> bool:
    """Both sides' key names name countries, and not one the same: the same kind of story
    in another country (Armenia's rate cut, Georgia's hold), however much each report
    mentions the other country in passing.

    A demonym no ending derives (``Vocabulary.demonyms``) among one side's key names clears
    a clash with the country it names ("Portugal's Solvento" beside "Spain's Veralia to buy
    Portuguese firm") but never makes one: a Polish supplier in a Danish company's story, or
    American platforms in a Polish court's, is who is involved, not where the story is. So
    does a key town or province that lies in the other side's country: the Belgian province
    of Luxembourg, with its towns, is no clash with a report naming Belgium."""
    a = key_countries(vocab, mine)
    if not a:
        return False
    b = key_countries(vocab, theirs)
    if not b or not a.isdisjoint(b):
        return False
    return (a.isdisjoint(vocab.demonyms(theirs)) and a.isdisjoint(lie_in(vocab, theirs))
            and b.isdisjoint(vocab.demonyms(mine)) and b.isdisjoint(lie_in(vocab, mine)))


def _without_diseases(names: Collection[str]) -> Collection[str]:
    """``names`` less the diseases among them (``words.DISEASES``): no actor two sides share.
    Itself, not a copy, when there are none (the conflict tests run for every candidate)."""
    return names if DISEASES.isdisjoint(names) else set(names) - DISEASES


def shared_actor(vocab: Vocabulary, keys: Iterable[str], theirs: Collection[str],
                 names: Iterable[str]) -> bool:
    """A report's key names and a story's share a name the gazetteer knows as no place (an
    actor: the dairy whose recall both report), and the report names the story's countries
    too, further down: the story has reached another country (Panama pulls the Costa Rican
    dairy's tins), it is not the same kind of story there. Two dairies' purchases in two
    countries share only "Lacteos", and the report of one never names the other's country."""
    if not any(term in theirs and not vocab.places(term) and term not in WIDE_REGIONS
               for term in keys):
        return False
    return key_countries(vocab, theirs) <= key_countries(vocab, names)


def tagged_elsewhere(vocab: Vocabulary, members: Iterable[DocState], keys: Iterable[str]
                     ) -> bool:
    """Every one of ``members`` (a report, or a story's reports) comes from an outlet tagged
    with a country (``Doc.country``), and none is one of those ``keys`` (the other story's
    key names) place the other story in, when they place it somewhere; nor do the members'
    own key names name that country's people."""
    tags = set()
    for member in members:
        if member.country is None:
            return False
        tags.add(member.country)
    if not tags:
        return False
    countries = PlaceContext(vocab, keys).countries
    if not countries or not tags.isdisjoint(countries):
        return False
    # A people named up front says the country as well as a tag does: a Kazakh wire's
    # "Uzbek prosecutors detain developer" is about Uzbekistan's Navoi Street.
    return vocab.demonyms(key for member in members for key in member.keys).isdisjoint(
        countries)


def places_new(vocab: Vocabulary, keys: Iterable[str], story: ClusterState) -> bool:
    """One of ``keys`` (a report's, or a story's) is a place the gazetteer knows that
    ``story`` never writes, nor speaks of at another scale (``PlaceContext.covers``)."""
    context: PlaceContext | None = None
    for term in keys:
        if term in story.names or not vocab.places(term):
            continue
        if context is None:
            context = PlaceContext(vocab, story.keys)
        if not context.covers(vocab, term):
            return True
    return False


def lie_in(vocab: Vocabulary, keys: Iterable[str]) -> set[str]:
    """The countries a side's key towns and provinces lie in, each in one country only."""
    found: set[str] = set()
    for term in keys:
        places = vocab.places(term)
        if places and all(place.kind != "country" for place in places):
            countries = {place.country for place in places}
            if len(countries) == 1:
                found |= countries
    return found


def unproven(vocab: Vocabulary, placed: Collection[str], unknown: Iterable[str],
             unknown_names: Iterable[str]) -> bool:
    """A clash of names the gazetteer cannot confirm: most of ``placed`` (one side's key
    names) are places it knows (a river it does not know may be among them), not one of
    ``unknown`` (the other side's own key names) is, and nothing the other side names
    anywhere (``unknown_names``) lies in a country other than theirs. The local paper's pit
    at Kamituga beside the wire's "eastern Congo", a ghat beside Assam and the Brahmaputra:
    the unknown name may be a place inside the known ones. Two actors (Boeing, Airbus), an
    actor beside a country (Boeing and the US against Airbus), two places it knows apart, or
    a Welsh river's flood beside Jamaica's (the report names Carmarthenshire further down)
    still clash."""
    if not placed or any(vocab.places(term) for term in unknown):
        return False
    # A town of a country none of the side's countries and provinces is, is more likely a
    # word than a place: the Golden Loom factory beside Maseru and Lesotho is not a town in
    # Colorado, and a story placed by it is no story placed by known places.
    found = [places for term in placed if (places := vocab.places(term))]
    wider = {place.country for places in found for place in places if place.kind != "town"}
    countries: set[str] = set()
    known = 0
    for places in found:
        if not wider or any(place.kind != "town" or place.country in wider for place in places):
            known += 1
            countries |= {place.country for place in places}
    # A people places a report as its country does: the wire's "Belgian villages" and "Dutch
    # border" beside a local station's Hulst (eighty-second set).
    for term in placed:
        if not vocab.places(term) and (people := vocab.demonyms((term,))):
            known += 1
            countries |= people
    return known * 2 > len(placed) and PlaceContext(vocab, unknown_names).countries <= countries


class KeyNames:
    _vocab: Vocabulary

    def _doc_conflict(self, doc: DocState, cluster: ClusterState, places_only: bool = False
                      ) -> bool:
        """Same kind of story, another place or actor (one central bank's rate decision vs
        another's): the doc's key names are mostly ones the cluster never mentions, the
        cluster's dominant key names are mostly ones the doc never mentions, and one side
        shares none at all (a street of the cluster's city shares the country: no conflict).
        ``places_only``: the doc's key names the gazetteer places count, no others (the
        people a feature follows are no actors of another story)."""
        # A disease both name is no actor they share (``words.DISEASES``).
        keys = (doc.keys if DISEASES.isdisjoint(doc.keys)
                else {t: w for t, w in doc.keys.items() if t not in DISEASES})
        if places_only:
            keys = {t: w for t, w in keys.items() if self._vocab.places(t)}
        if not keys or not cluster.keys:
            return False
        dominant = [t for t in self._dominant(cluster) if t not in DISEASES]
        if not dominant:
            return False
        doc_names = _without_diseases(doc.names)
        if countries_clash(self._vocab, keys, dominant) and not shared_actor(
                self._vocab, keys, dominant, doc_names):
            return True
        names = cluster.names
        shared = own = 0.0
        mine: list[str] = []  # the doc's key names the cluster never mentions
        stems: set[str] | None = None
        context: PlaceContext | None = None
        for term, weight in keys.items():
            if term not in names:
                if stems is None:
                    stems = {name[:NAME_STEM] for name in names}
                if term[:NAME_STEM] not in stems:
                    if context is None:
                        # Where the story is: its reports' key names, not every place they
                        # mention in passing (or every word that is a town somewhere).
                        context = PlaceContext(self._vocab, cluster.keys)
                    if not context.covers(self._vocab, term):
                        own += weight
                        mine.append(term)
                        continue
            shared += weight
        if context is not None and provinces_clash(
                self._vocab, keys, context, dominant, doc_names):
            return True
        if own <= shared:
            return False
        their_own, their_shared, theirs = self._dominant_split(
            cluster, dominant, doc_names, keys)
        if their_own <= their_shared or (shared and their_shared):
            return False
        vocab = self._vocab
        if unproven(vocab, keys, theirs, cluster.names):
            # The other way round: the story's own names are the ones the gazetteer cannot
            # place, and its outlets' countries may (a Cameroonian paper's street in Mabeta
            # is not a Colombian paper's Minca, however alike the digging by hand).
            return tagged_elsewhere(vocab, cluster.members, keys)
        if unproven(vocab, dominant, mine, doc_names):
            # The gazetteer cannot place the report's own names, but its outlet's country
            # may: a Lao broadcaster's hillside in Phonxay district is not the Douro's.
            return tagged_elsewhere(vocab, (doc,), dominant)
        return True

    @staticmethod
    def _names_new(keys: Iterable[str], names: Collection[str]) -> bool:
        """One of ``keys`` is a name ``names`` never write, nor one of its first letters (a
        buyer the story of the bought company's trouble never named)."""
        stems: set[str] | None = None
        for term in keys:
            if term in names:
                continue
            if stems is None:
                stems = {name[:NAME_STEM] for name in names}
            if term[:NAME_STEM] not in stems:
                return True
        return False

    @staticmethod
    def _dominant(cluster: ClusterState, most: bool = False) -> list[str]:
        """Key names of at least half the cluster's members with keys; ``most``: of more than
        half, what a story is about once a report that also names a neighbour has joined it."""
        keyed = cluster.keyed
        found = [term for term, count in cluster.keys.items()
                 if count * 2 > keyed or (not most and count * 2 == keyed)]
        if not found and not most:
            # No name is half the members' (each report names the place its own way: the
            # coast, the peninsula, the town): all of them are what the story is about, or a
            # report from anywhere else would clash with nothing.
            return list(cluster.keys)
        return found

    def _dominant_split(self, cluster: ClusterState, dominant: Iterable[str],
                        mentioned: Collection[str], placed: Iterable[str]
                        ) -> tuple[float, float, list[str]]:
        """The weight of the cluster's ``dominant`` key names (``_dominant(cluster)``;
        weighted by the members naming them and IDF) that are never ``mentioned``, and of
        those that are, and the names never mentioned. A name counts as mentioned when one
        of the same first letters is (Turkey / Turkish, Kyrgyzstan / Kyrgyz), or when it is a
        place the other side's key names (``placed``) speak of at another scale."""
        vocab = self._vocab
        idf = vocab.idf
        shared = own = 0.0
        unmentioned: list[str] = []
        stems: set[str] | None = None
        context: PlaceContext | None = None
        for term in dominant:
            weight = cluster.keys[term] * idf(term)
            if term in mentioned:
                shared += weight
                continue
            if stems is None:
                stems = {name[:NAME_STEM] for name in mentioned}
            if term[:NAME_STEM] in stems:
                shared += weight
                continue
            if context is None:
                context = PlaceContext(vocab, placed)
            if context.covers(vocab, term):
                shared += weight
            else:
                own += weight
                unmentioned.append(term)
        return own, shared, unmentioned

    def _named_countries(self, names: Iterable[str]) -> set[str]:
        """The countries ``names`` place a side in, each name in one country only
        (``PlaceContext``): for ``state.features_abroad``."""
        return PlaceContext(self._vocab, names).countries

    def _countried(self, cluster: ClusterState) -> list[str]:
        """The key names that say which country a story is in, for a clash of countries: those
        of more than half its reports, or, when those name no country, all of its key names.
        Two ferry fires of one week, in the Qiongzhou Strait and off Sardinia, each told by its
        ports and strait in most reports and by its country only in the wire's: two countries,
        whatever one misplaced report names in passing. Where those name no country but lie in
        one, its towns and that country's name are the story's, not the neighbours a report
        names in passing: a bus crash north of Mandimba, in a province "that borders Malawi
        and Tanzania", and the same day's bus crash outside Tanzania's Makambako are two
        countries' (ninety-seventh set)."""
        vocab = self._vocab
        dominant = self._dominant(cluster, most=True)
        if not key_countries(vocab, dominant):
            home = lie_in(vocab, dominant)
            if home:
                return dominant + [term for term in cluster.keys if term not in dominant
                                   and key_countries(vocab, (term,)) <= home]
            return list(cluster.keys)
        return dominant

    def _cluster_conflict(self, a: ClusterState, b: ClusterState) -> bool:
        """Each cluster's dominant key names are mostly ones the other never mentions, and
        one of them shares none at all."""
        if not a.keys or not b.keys:
            return False
        vocab = self._vocab
        # As for a report and a story (``_doc_conflict``), a story that has reached another
        # country is no clash: the seized oil's Spain and Tunisia beside the wire's Italy.
        a_countried, b_countried = self._countried(a), self._countried(b)
        if countries_clash(vocab, a_countried, b_countried) and not (
                shared_actor(vocab, a_countried, b_countried, a.names)
                or shared_actor(vocab, b_countried, a_countried, b.names)):
            return True
        a_dominant = [t for t in self._dominant(a) if t not in DISEASES]
        b_dominant = [t for t in self._dominant(b) if t not in DISEASES]
        if not a_dominant or not b_dominant:
            return False
        a_names, b_names = _without_diseases(a.names), _without_diseases(b.names)
        if provinces_clash(vocab, a_dominant, PlaceContext(vocab, b.keys), b_dominant,
                           a_names):
            return True
        a_own, a_shared, a_unmentioned = self._dominant_split(a, a_dominant, b_names, b.keys)
        if a_own <= a_shared:
            return False
        b_own, b_shared, b_unmentioned = self._dominant_split(b, b_dominant, a_names, a.keys)
        if b_own <= b_shared or (a_shared and b_shared):
            return False
        # Where the gazetteer cannot place one side's names, its outlets' countries may
        # (``tagged_elsewhere``).
        if unproven(vocab, a_dominant, b_unmentioned, b_names):
            return (tagged_elsewhere(vocab, b.members, a_dominant)
                    or self._placed_apart(b, a))
        if unproven(vocab, b_dominant, a_unmentioned, a_names):
            return (tagged_elsewhere(vocab, a.members, b_dominant)
                    or self._placed_apart(a, b))
        return True

    def _placed_apart(self, unknown: ClusterState, known: ClusterState) -> bool:
        """The story whose dominant names the gazetteer cannot place (a street: Kosmichna)
        places them itself: one of its reports keys a place it knows (Dnipro) that the other
        story never mentions, nor speaks of at another scale (``PlaceContext.covers``). Ten
        at a time, the evacuation of a cracked dormitory on Dnipro's Kosmichna Street was
        merged into a stairwell's collapse on Odesa's Mala Arnautska the same day, the street
        being no place the gazetteer could keep apart from Odesa (hundred-and-nineteenth
        set)."""
        return places_new(self._vocab, unknown.keys, known)
