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
"""

from __future__ import annotations

import re

from tui.core.text import TOKEN

_BRACKETED = re.compile(r"\(([A-Z][A-Za-z0-9&]{1,8})\)")
_CONNECTORS = frozenset("of and for the in on de du des la le on at to".split())
_LOOK_BACK = 160  # characters before the bracket in which the full name is looked for


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
        if not word[:1].isupper() or word[0] != letters[need - 1]:
            return None
        taken.append(word)
        need -= 1
    if need:
        return None
    taken.reverse()
    while taken and taken[0].lower() in _CONNECTORS:
        taken.pop(0)
    return taken
