"""Sentence splitting that news prose needs: abbreviations, decimals, dotted acronyms and
quotations that run over several sentences."""

from __future__ import annotations

import re

from tui.core.sanitize import clean_text

# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep pres st jr sr rev hon
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur fri sat sun
    no nos vs etc inc ltd co corp plc dept est approx fig vol ch art para sec cf al e.g i.e
    a.m p.m u.s u.k u.n e.u u.s.a""".split()
)
# Words that, after a dotted acronym ("the U.N."), show a new sentence begins.
_SENTENCE_STARTERS = frozenset(
    """the a an in on at it he she they we i this that these those there but and or
    however meanwhile after before when while his her their its our""".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*([\w]+)")
_OPEN_QUOTES = {"“": "”", "«": "»"}
_LAST_WORD = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences: paragraphs first, then at . ! ? followed by a capital.

    Abbreviations (Mr., Jan., U.N.), initials (J. Smith) and decimals (7.25) do not end a
    sentence; punctuation inside an open quotation does not either, unless the quotation is
    never closed in the paragraph.
    """
    return [sentence for _, sentence in split_paragraph_sentences(text)]


def split_paragraph_sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph number, sentence) pairs; each non-empty line counts as a paragraph."""
    sentences: list[tuple[int, str]] = []
    lines = (line.strip() for line in clean_text(text).split("\n"))
    for number, paragraph in enumerate(line for line in lines if line):
        parts = _split_paragraph(paragraph, respect_quotes=True)
        if len(parts) == 1 and len(paragraph) > 400:
            # One huge "sentence" is more likely a stray quote mark than a 400-character quote.
            parts = _split_paragraph(paragraph, respect_quotes=False)
        sentences.extend((number, p) for p in parts if p)
    return sentences


def _split_paragraph(paragraph: str, respect_quotes: bool) -> list[str]:
    parts: list[str] = []
    start = scanned = 0
    # Quote marks seen since the current sentence began, updated incrementally so a long
    # paragraph stays linear.
    marks = dict.fromkeys('"“”«»', 0)
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        if not _is_boundary(paragraph, start, match.start(), end):
            continue
        if respect_quotes:
            for mark in marks:
                marks[mark] += paragraph.count(mark, scanned, end)
            scanned = end
            if _open_quote(marks):
                continue
            marks = dict.fromkeys(marks, 0)
        parts.append(paragraph[start:end].strip())
        start = end
    parts.append(paragraph[start:].strip())
    if respect_quotes and len(parts) == 1 and _open_quote(
        {m: paragraph.count(m) for m in '"“”«»'}
    ):
        # A quotation never closed (or a stray quote mark): ignore quotes rather than
        # swallowing the whole paragraph as one sentence.
        return _split_paragraph(paragraph, respect_quotes=False)
    return [p for p in parts if p]


def _open_quote(marks: dict[str, int]) -> bool:
    if marks['"'] % 2 == 1:
        return True
    return any(marks[o] > marks[c] for o, c in _OPEN_QUOTES.items())


def _is_boundary(text: str, start: int, dot: int, end: int) -> bool:
    following = _NEXT_START.match(text, end)
    if not following:
        return False
    nxt = following.group(1)
    if not (nxt[0].isupper() or nxt[0].isdigit()):
        return False
    if text[dot] != ".":
        return True  # ! ? … are never abbreviations
    word_match = _LAST_WORD.search(text, max(start, dot - 40), dot)
    word = word_match.group(1).lower() if word_match else ""
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. Smith"
    before_word = dot - len(word)
    if word.isdigit() and before_word - start <= 4 and not text[start:before_word].strip():
        return False  # a list number opening a sentence: "1. The first point"
    if word in _ABBREVIATIONS or "." in word:
        # "the U.N. The ministry..." ends a sentence; "U.N. officials" does not.
        dotted = "." in word or word in {"u.s", "u.k", "u.n", "e.u"}
        return dotted and nxt.lower() in _SENTENCE_STARTERS
    return True


