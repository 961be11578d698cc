"""One filter language for the stories list's `/`, the CLI's `--filter`, watches and digests.

``baku port strike``      words, matched over the stories' titles and texts (full text);
``country:AZ``            an outlet tag: some outlet of the story carries ``country = "AZ"``;
``tag:state-aligned``     any outlet tag with that value, whatever its key;
``kind:op``               the kind abbreviations the stories list shows count as the kinds
                          they stand for (``op`` is ``opinion``, ``pub`` is
                          ``public-broadcaster`` or ``public``).

Every tag term counts: ``kind:opinion country:AZ`` keeps the stories that have an opinion
outlet and an outlet tagged AZ (the same outlet or two). Words and terms combine with AND.
Durations for ``--since`` (``24h``, ``7d``, ``2w``) or dates are read here too.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

# The short forms the stories list shows for outlet kinds; more than one kind may share one.
KIND_ABBREVIATIONS = {
    "wire": "wire",
    "news-agency": "wire",
    "public-broadcaster": "pub",
    "public": "pub",
    "state-aligned": "state",
    "state": "state",
    "independent": "ind",
    "opinion": "op",
    "business": "biz",
    "financial": "biz",
    "tabloid": "tab",
    "regional": "reg",
}
_KINDS_OF_ABBREVIATION: dict[str, tuple[str, ...]] = {}
for _kind, _short in KIND_ABBREVIATIONS.items():
    _KINDS_OF_ABBREVIATION.setdefault(_short, ())
    _KINDS_OF_ABBREVIATION[_short] += (_kind,)

_TAG_WORD = re.compile(r"(?<!\S)(\w[\w-]*):(\S+)")
_DURATION = re.compile(r"^\s*(\d+)\s*([hdw])\s*$", re.IGNORECASE)
_UNITS = {"h": timedelta(hours=1), "d": timedelta(days=1), "w": timedelta(weeks=1)}


@dataclass(frozen=True)
class TagTerm:
    """One ``key:value`` term: an outlet must carry the key (any key if None) with one of the
    values (a kind abbreviation stands for several)."""

    key: str | None
    values: tuple[str, ...]

    def __str__(self) -> str:
        return f"{self.key or 'tag'}:{self.values[0]}"


@dataclass(frozen=True)
class StoryFilter:
    """What the analyst typed, split into full-text words and tag terms."""

    text: str = ""
    search: str | None = None
    terms: tuple[TagTerm, ...] = ()

    @property
    def empty(self) -> bool:
        return self.search is None and not self.terms


def kind_values(value: str) -> tuple[str, ...]:
    """The kinds a ``kind:`` value stands for: itself, and what its abbreviation covers."""
    value = value.strip().lower()
    values = [value, *_KINDS_OF_ABBREVIATION.get(value, ())]
    if value in KIND_ABBREVIATIONS:  # a full kind also finds the kinds sharing its short form
        values += _KINDS_OF_ABBREVIATION[KIND_ABBREVIATIONS[value]]
    return tuple(dict.fromkeys(values))


def parse_filter(text: str | None) -> StoryFilter:
    """``'tag:state-aligned baku kind:op'`` -> search ``'baku'`` and two tag terms."""
    text = (text or "").strip()
    terms: list[TagTerm] = []
    for key, value in _TAG_WORD.findall(text):
        key = key.lower()
        if key == "tag":
            terms.append(TagTerm(None, (value.lower(),)))
        elif key == "kind":
            terms.append(TagTerm("kind", kind_values(value)))
        else:
            terms.append(TagTerm(key, (value.lower(),)))
    search = _TAG_WORD.sub(" ", text).strip()
    return StoryFilter(text=text, search=search or None, terms=tuple(dict.fromkeys(terms)))


def parse_since(value: str | None, now: datetime | None = None) -> datetime | None:
    """``'24h'``, ``'7d'``, ``'2w'`` back from now, or a date / date-time (UTC unless given).

    Raises ValueError with a message naming the value."""
    if value is None or not value.strip():
        return None
    age = parse_duration(value)
    if age is not None:
        return (now or datetime.now(UTC)) - age
    try:
        parsed = datetime.fromisoformat(value.strip())
    except ValueError:
        raise ValueError(
            f"{value!r}: give a duration like 24h, 7d or 2w, or a date like 2026-11-24"
        ) from None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def parse_duration(value: str) -> timedelta | None:
    """``'90d'`` -> 90 days; None when the value is not a (non-zero) duration."""
    match = _DURATION.match(value or "")
    if not match or int(match.group(1)) == 0:
        return None
    return int(match.group(1)) * _UNITS[match.group(2).lower()]
