"""An organisation and its acronym are one key: "the International Atomic Energy Agency" in
one report and "the IAEA" in another.

No list of acronyms is kept: reports define them. News style writes the full name once with
the acronym in brackets after it ("the Disaster and Emergency Management Authority (AFAD)"),
and the definition is accepted only when the acronym's letters are the initials of the
capitalised words before it, in order, skipping the small words of names ("of", "and",
"for", "the", "in", "on", "de"), as in the Schwartz-Hearst rule for finding abbreviation
definitions. AFAD above is a Turkish acronym: its initials do not match, so nothing is
learnt. Once a definition is known, a doc writing the full name also gets the acronym's
term, so both sides share it for similarity and for the key-name conflict rule.

Reports that never define it are common too: one outlet writes only "the CWA", another only
"the Central Weather Administration". So an acronym written in capitals anywhere in the
window (``capitals``) is also looked for among the capitalised names of every report
(``spelled_out``): a run of capitalised words whose initials spell it, in order, small words
skipped (KATS: Korean Agency for Technology and Standards), where a Romance "de" or a Dutch
"voor" may also give its letter (ANDE: Administración Nacional de Electricidad; OVV:
Onderzoeksraad voor Veiligheid; English writes BoE, not BOE, German BfR).
Such an undefined match is weaker evidence than a definition, so an acronym two different
names spell is left alone. The name becomes the acronym's key in the headline and first
sentence, as a defined one does: one organisation, one key.
"""

from __future__ import annotations

import re

from tui.core.text import TOKEN, fold

_BRACKETED = re.compile(r"\(([A-Z][A-Za-z0-9&]{1,8})\)")
_CONNECTORS = frozenset("of and for the in on de du des la le on at to".split())
_LOOK_BACK = 160  # characters before the bracket in which the full name is looked for
_CAPITALS = re.compile(r"\b[A-Z]{3,8}\b")
# Dutch, German and Scandinavian ones count only written in lower case: "Van" is a Turkish
# city, "Den Helder" a Dutch town.
_GERMANIC = frozenset("voor van der den het für und och og för af".split())
_SMALL_WORDS = _CONNECTORS | _GERMANIC | {"del", "di", "da", "do", "dos", "das", "y", "et"}
_SMALL = "|".join(sorted(_SMALL_WORDS))
_CAPITAL = r"[A-Z\u00c0-\u00de][\w'\u2019\-]*"
# Capitalised words in a row, small words of names allowed between them.
_RUN = re.compile(rf"{_CAPITAL}(?:\s+(?:(?:{_SMALL})\s+)*{_CAPITAL})+")
_LETTERED = frozenset("de del di da do dos das du des voor van".split())  # may give their letter
_MOST_LETTERED = 3  # such words inside one name whose letters are tried both ways


def definitions(text: str) -> list[tuple[str, list[str]]]:
    """(acronym, the words of its full name as written) for each definition in ``text``."""
    found = []
    for match in _BRACKETED.finditer(text):
        acronym = match.group(1)
        letters = [c for c in acronym if c.isupper()]
        if len(letters) < 2 or len(letters) > 8:
            continue
        # Whole hyphenated words: Co-operation is one initial in OSCE.
        words = TOKEN.findall(text[max(0, match.start() - _LOOK_BACK): match.start()])
        name = _spelled(words, letters)
        if name:
            found.append((acronym, name))
    return found


def _spelled(words: list[str], letters: list[str]) -> list[str] | None:
    """The words ending ``words`` whose capitalised initials spell ``letters`` (connectors
    skipped; a capitalised word that does not fit ends the search)."""
    need = len(letters)
    taken: list[str] = []
    index = len(words) - 1
    while index >= 0 and need:
        word = words[index]
        index -= 1
        if taken and word.lower() in _CONNECTORS:
            taken.append(word)
            continue
        if not word[:1].isupper():
            return None
        # Haut-Ogooué gives H and O in CMHO; Co-operation gives C in OSCE.
        parts = _capital_parts(word)
        if len(parts) > 1 and need >= len(parts) and letters[need - len(parts): need] == parts:
            need -= len(parts)
        elif word[0] == letters[need - 1]:
            need -= 1
        else:
            return None
        taken.append(word)
    if need:
        return None
    taken.reverse()
    while taken and taken[0].lower() in _CONNECTORS:
        taken.pop(0)
    return taken


def capitals(text: str) -> set[str]:
    """Words of three to eight capital letters: acronyms, and datelines (which no name
    spells, so they cost a look-up and nothing else)."""
    return set(_CAPITALS.findall(text))


def spelled_out(text: str, known: set[str]) -> list[tuple[str, list[str]]]:
    """(acronym, the words of a name in ``text`` whose initials spell it) for the acronyms of
    ``known``: capitalised words in a row, the first and last capitalised, spelled as
    ``_initials`` says. A word in capitals ("MADRID, Nov 5") is no part of such a name."""
    found = []
    for match in _RUN.finditer(text):
        words = match.group().split()
        capital = [not _small(word) for word in words]
        for start in range(len(words)):
            if not capital[start]:
                continue
            letters = 0
            for end in range(start, len(words)):
                if not capital[end]:
                    continue
                if words[end].isupper() and len(words[end]) > 1:
                    break
                letters += 1
                if letters > 8:
                    break
                if letters < 2:
                    continue
                name = words[start: end + 1]
                for spelling in _initials(name):
                    if len(spelling) >= 3 and spelling in known:
                        found.append((spelling, name))
    return found


def _capital_parts(word: str) -> list[str]:
    """The initials of a hyphenated word whose every part is capitalised (Haut-Ogooué: H, O),
    else none."""
    parts = word.split("-")
    if len(parts) < 2 or not all(part[:1].isupper() for part in parts):
        return []
    return [part[0] for part in parts]


def _small(word: str) -> bool:
    lower = word.lower()
    return lower in _SMALL_WORDS and (lower not in _GERMANIC or word == lower)


def _initials(name: list[str]) -> set[str]:
    """Every way ``name`` can be spelled by initials: each capitalised word's first letter;
    a Romance "de" its letter or nothing; other small words nothing."""
    spellings = [""]
    lettered = 0
    for word in name:
        letter = fold(word)[:1].upper()
        if not _small(word):
            parts = fold("".join(_capital_parts(word))).upper()
            spellings = [spelling + initials for spelling in spellings
                         for initials in {letter, parts or letter}]
        elif word.lower() in _LETTERED:
            lettered += 1
            if lettered > _MOST_LETTERED:
                return set()
            spellings += [spelling + letter for spelling in spellings]
    return set(spellings)
