"""Quotations and who said them, grouped across outlets."""

from __future__ import annotations

import re
from collections import Counter, defaultdict

from rapidfuzz import fuzz

from tui.core.compare.alignment import UnionFind, _candidate_pairs, normalised
from tui.core.compare.records import Quote
from tui.core.compare.tokens import informative
from tui.core.models import Article
from tui.core.sanitize import clean_line, clean_text

# --------------------------------------------------------------------------- quotes

_QUOTE_RE = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"|«([^»\n]+)»")
_VERBS = (
    r"(?:said|says|told|added|stated|declared|warned|wrote|insisted|argued|noted|explained|"
    r"stressed|urged|claimed|announced|replied|asked|tweeted|posted)"
)
_NAME = (
    r"(?:[A-Z][\w'’\-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’\-]+|[A-Z]\.|de|van|von|al|bin|el|da|"
    r"of the|of))*"
)
_BODY = (
    r"(?:ministry|government|spokesman|spokeswoman|spokesperson|statement|office|agency|"
    r"embassy|president|minister|official|officials|court|police|army|committee|"
    r"organisation|organization|group|company|union|authorities|mission|presidency)"
)
_ENTITY = rf"(?:[Tt]he\s+(?:[\w\-'’]+\s+){{0,3}}?{_BODY}|{_NAME})"
_AFTER = re.compile(
    rf"^[\s,.!?—–-]*(?:{_VERBS}\s+(?P<a>{_ENTITY})|(?P<b>{_ENTITY})\s+{_VERBS})\b"
)
_BEFORE = re.compile(rf"(?P<c>{_ENTITY})\s+{_VERBS}(?:\s+[\w'’]+){{0,3}}?\s*[:,]?\s*$")
_ACCORDING = re.compile(rf"[Aa]ccording to (?P<d>{_ENTITY})")
_NOT_NAMES = frozenset(
    "The He She They It We I This That A An But And In On At As If When While Our His Her "
    "Their Its Officials Critics".split()
)


_PRONOUN = "\x00pronoun"  # "he said": resolved from the context by extract_quotes
_PRONOUN_AFTER = re.compile(rf"^[\s,.!?—–-]*(?:(?:he|she)\s+{_VERBS}|{_VERBS}\s+(?:he|she))\b")
_PRONOUN_BEFORE = re.compile(rf"\b(?:[Hh]e|[Ss]he)\s+{_VERBS}(?:\s+[\w'’]+){{0,3}}?\s*[:,]?\s*$")
# "Marta Kowalczyk, director of ..., said her group ..." / "Hasanova said the closures ..."
_SUBJECT_SAID = re.compile(rf"(?:^|[.!?]\s+)(?P<s>{_NAME})(?:,[^\"“”]{{0,160}}?,)?\s+{_VERBS}\b")


def extract_quotes(text: str, min_words: int = 4) -> list[tuple[str, str | None]]:
    """Quoted passages of at least ``min_words`` words and, where the text says, the speaker.

    "..., she said" takes the person who last spoke in that paragraph (or the one before); a
    quote with no attribution right after another quote in the paragraph continues it.
    """
    found: list[tuple[str, str | None]] = []
    previous_paragraph_speaker: str | None = None
    for paragraph in clean_text(text).split("\n"):
        last: str | None = None
        for match in _QUOTE_RE.finditer(paragraph):
            quoted = next(g for g in match.groups() if g is not None)
            quoted = quoted.strip().rstrip(",").strip()
            if len(quoted.split()) < min_words:
                continue
            speaker = _speaker(paragraph, match.start(), match.end())
            if speaker == _PRONOUN:
                speaker = _subject_before(paragraph, match.start()) or last or (
                    previous_paragraph_speaker)
            elif speaker is None:
                speaker = last
            found.append((quoted, speaker))
            last = speaker or last
        if paragraph.strip():
            previous_paragraph_speaker = last or _subject_before(paragraph, len(paragraph))
    return _full_names(found)


def _full_names(found: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Second references use the surname ("Hasanova said"); give the full name seen earlier."""
    full: dict[str, str] = {}
    result = []
    for quoted, speaker in found:
        if speaker and " " in speaker and not speaker.startswith("the "):
            full.setdefault(speaker.split()[-1], speaker)
        elif speaker in full:
            speaker = full[speaker]
        result.append((quoted, speaker))
    return result


def _subject_before(paragraph: str, position: int) -> str | None:
    window = paragraph[max(0, position - 600) : position]
    names = [_clean_speaker(m.group("s")) for m in _SUBJECT_SAID.finditer(window)]
    names = [n for n in names if n and not n.startswith("the ")]
    return names[-1] if names else None


def _speaker(paragraph: str, start: int, end: int) -> str | None:
    tail = paragraph[end : end + 120]
    after = _AFTER.match(tail)
    if after:
        name = _clean_speaker(after.group("a") or after.group("b"))
        if name:
            return name
    if _PRONOUN_AFTER.match(tail):
        return _PRONOUN
    before_text = re.split(r"(?<=[.!?])\s+", paragraph[max(0, start - 160) : start])[-1]
    before = _BEFORE.search(before_text)
    if before:
        name = _clean_speaker(before.group("c"))
        if name:
            return name
    if _PRONOUN_BEFORE.search(before_text):
        return _PRONOUN
    # The sentence around the quote, within a bounded window so long paragraphs stay linear.
    lo, hi = max(0, start - 300), min(len(paragraph), end + 300)
    sentence_start = max(paragraph.rfind(". ", lo, start), lo)
    sentence_end = paragraph.find(". ", end, hi)
    sentence = paragraph[sentence_start : sentence_end if sentence_end != -1 else hi]
    according = _ACCORDING.search(sentence)
    if according:
        return _clean_speaker(according.group("d"))
    return None


def _clean_speaker(name: str | None) -> str | None:
    if not name:
        return None
    words = name.split()
    while words and words[0] in _NOT_NAMES and not name.lower().startswith("the "):
        words = words[1:]
    while words and words[-1].lower() in {"of", "of the", "the", "de", "van", "von"}:
        words = words[:-1]
    if not words:
        return None
    cleaned = " ".join(words)
    if cleaned.lower().startswith("the "):
        cleaned = "the " + cleaned[4:]
    return clean_line(cleaned, limit=120) or None


def group_quotes(
    found: list[tuple[Article, str, str | None]], threshold: float
) -> list[Quote]:
    """Group the same quotation across articles; a shorter excerpt joins the longer quote."""
    if not found:
        return []
    norms = [normalised(text) for _, text, _ in found]
    uf = UnionFind(len(found))
    # token_set_ratio lets an excerpt join the full quotation it was cut from.
    token_sets = [informative(n.split()) for n in norms]
    for i, j in _candidate_pairs(token_sets, block_tokens=6):
        if uf.find(i) != uf.find(j) and fuzz.token_set_ratio(
            norms[i], norms[j], score_cutoff=threshold
        ):
            uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(found)):
        groups[uf.find(i)].append(i)
    quotes: list[tuple[int, Quote]] = []
    for members in groups.values():
        members.sort(key=lambda i: (found[i][0].when, found[i][0].id, i))
        # The longest wording is the fullest version of the quote.
        text = max((found[i][1] for i in members), key=lambda t: (len(t), t))
        speakers = Counter(found[i][2] for i in members if found[i][2])
        speaker = min(speakers, key=lambda s: (-speakers[s], s)) if speakers else None
        outlets = tuple(dict.fromkeys(found[i][0].outlet for i in members))
        ids = tuple(dict.fromkeys(found[i][0].id for i in members))
        quote = Quote(text=text, speaker=speaker, outlets=outlets, article_ids=ids)
        quotes.append((min(members), quote))
    # Most widely carried first, then in reading order of the first article that has it.
    quotes.sort(key=lambda item: (-len(item[1].outlets), item[0]))
    return [quote for _, quote in quotes]


