"""Which sentences of different articles say the same thing (fuzzy alignment on
candidates from an inverted index), and which articles reprint another outlet's copy."""

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from dataclasses import dataclass

from rapidfuzz import fuzz

from tui.core.compare.records import CompareOptions
from tui.core.compare.tokens import STOP_WORDS, tokenize
from tui.core.models import Article

# --------------------------------------------------------------------------- alignment


@dataclass
class Sentence:
    article: int  # position of the article in the story
    index: int
    paragraph: int
    text: str
    norm: str
    words: int
    informative: set[str]
    credit: bool = False  # the sentence only names an outlet of the story


class UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _similar(a: Sentence, b: Sentence, threshold: float) -> bool:
    """Near-identical or closely paraphrased (reordered clauses, a word added or swapped)."""
    score = fuzz.token_sort_ratio(a.norm, b.norm, score_cutoff=threshold)
    if score:
        return True
    short, long_ = sorted((len(a.informative), len(b.informative)))
    # token_set_ratio forgives added words (a clause appended to a wire sentence); only trust it
    # between similar lengths or for long sentences, or a short sentence would "match" any
    # longer one that contains its few words.
    if long_ and (short / long_ >= 0.75 or (short >= 6 and short / long_ >= 0.55)):
        return bool(fuzz.token_set_ratio(a.norm, b.norm, score_cutoff=threshold + 5))
    return False


def _candidate_pairs(token_sets: list[set[str]], block_tokens: int) -> list[tuple[int, int]]:
    """Pairs (i < j) worth scoring, found through an inverted index of informative tokens.

    A candidate holds at least half of one member's rarest tokens (looked up from both sides, so
    a short sentence or quote excerpt finds the longer text that embeds it). Tokens found in a
    large share of the texts block nothing and are skipped, which keeps this near-linear.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(token_sets):
        for token in tokens:
            postings[token].append(i)
    cap = max(40, len(token_sets) // 10)
    seen: set[tuple[int, int]] = set()
    for i, tokens in enumerate(token_sets):
        rare = sorted(
            (t for t in tokens if len(postings[t]) <= cap), key=lambda t: (len(postings[t]), t)
        )[:block_tokens]
        if not rare:
            continue
        counts: Counter[int] = Counter()
        for token in rare:
            counts.update(postings[token])
        need = max(min(2, len(rare)), math.ceil(len(rare) / 2))
        for j, shared in counts.items():
            if shared >= need and j != i:
                seen.add((i, j) if i < j else (j, i))
    return sorted(seen)


def match_pairs(sentences: list[Sentence], options: CompareOptions) -> list[tuple[int, int]]:
    """Pairs of matching sentences from different articles; only blocked candidates are scored
    with rapidfuzz."""
    usable = [i for i, s in enumerate(sentences)
              if len(s.informative) >= options.min_match_tokens and not s.credit]
    pairs: list[tuple[int, int]] = _exact_short_pairs(sentences, options)
    for a, b in _candidate_pairs([sentences[i].informative for i in usable],
                                 options.block_tokens):
        first, other = sentences[usable[a]], sentences[usable[b]]
        if first.article == other.article:
            continue
        overlap = len(first.informative & other.informative)
        if overlap * 2 < min(len(first.informative), len(other.informative)):
            continue  # too few words in common for any rapidfuzz score above the threshold
        if _similar(first, other, options.match_threshold):
            pairs.append((usable[a], usable[b]))
    return pairs


def _exact_short_pairs(sentences: list[Sentence], options: CompareOptions
                       ) -> list[tuple[int, int]]:
    """Short sentences copied word for word ("Both declined to comment further."): too few
    informative words to score fuzzily, but the same words in the same order are the same
    statement. Five words at least: a shorter verbatim match ("He declined to comment.") is
    as likely newsroom boilerplate as a copied statement."""
    by_text: dict[str, list[int]] = defaultdict(list)
    for i, s in enumerate(sentences):
        if not s.credit and s.words >= 5 and len(s.informative) < options.min_match_tokens:
            by_text[s.norm].append(i)
    pairs = []
    for members in by_text.values():
        for x, i in enumerate(members):
            for j in members[x + 1:]:
                if sentences[i].article != sentences[j].article:
                    pairs.append((i, j))
    return pairs


def changed_spans(mine: str, theirs: str) -> tuple[tuple[int, int], ...]:
    """Character spans of ``mine``'s words that ``theirs`` does not use at all (case and
    punctuation aside): what an outlet added to, or changed in, a sentence it shares. Word
    order is not a difference (a clause moved is not framing). Consecutive added words make
    one span, across the spaces and commas between them and across a lone function word
    ("call *the* country's"), so a framing clause reads as one."""
    words = [(m.start(), m.end(), m.group().lower()) for m in _WORD.finditer(mine)]
    present = {m.group().lower() for m in _WORD.finditer(theirs)}
    added = [word not in present for _, _, word in words]
    for k in range(1, len(words) - 1):
        if not added[k] and added[k - 1] and added[k + 1] and words[k][2] in STOP_WORDS:
            added[k] = True
    spans: list[tuple[int, int]] = []
    for k, (start, end, _) in enumerate(words):
        if not added[k]:
            continue
        if k and added[k - 1] and spans:
            spans[-1] = (spans[-1][0], end)
        else:
            spans.append((start, end))
    return tuple(spans)


_WORD = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")


def normalised(text: str) -> str:
    return " ".join(tokenize(text))


# --------------------------------------------------------------------------- reprints


def detect_reprints(
    articles: list[Article],
    by_article: list[list[int]],
    partners: dict[int, set[int]],
    sentences: list[Sentence],
    options: CompareOptions,
) -> dict[int, tuple[int, float]]:
    """Article position -> (source article position, matched share) for wire copies."""
    reprints: dict[int, tuple[int, float]] = {}
    for a, own in enumerate(by_article):
        if not own:
            continue
        per_source: Counter[int] = Counter()
        for i in own:
            for b in {sentences[j].article for j in partners.get(i, ())}:
                per_source[b] += 1
        best: tuple[float, int] | None = None
        for b, matched in sorted(per_source.items()):  # earliest source wins a tie
            if articles[b].outlet == articles[a].outlet or not _earlier(articles, b, a):
                continue
            share = matched / len(own)
            if share >= options.reprint_share and (best is None or share > best[0]):
                best = (share, b)
        if best:
            reprints[a] = (best[1], best[0])
    return reprints


def _earlier(articles: list[Article], b: int, a: int) -> bool:
    """True when article b came out before article a (ids break exact ties)."""
    return (articles[b].when, articles[b].id) < (articles[a].when, articles[a].id)


