"""Deterministic synthetic news corpus for clustering benchmarks: events, outlets, headlines.

Each event has a few key entities (people, places, organisations) and event words; its 1-20
articles (skewed towards few) come from several outlets over hours to a couple of days, with
headline variants (reordered, inflected, possessive, transliterated names) built around those
words plus Zipf-distributed common vocabulary. Event times spread over weeks. About 40% of
articles have no text (summary-only feeds); the rest carry a lead of 30-70 words.

    from benchmarks.synthetic import generate
    docs, gold = generate(10_000, seed=7)
"""

from __future__ import annotations

import random
import sys
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from tui.core.cluster import Doc  # noqa: E402

_ONSETS = "b c d f g h j k l m n p r s t v w z br cr dr fr gr kr pr tr st sk sl sp ch sh th".split()
_VOWELS = "a e i o u a e i o ai ei ou ia".split()
_CODAS = ["", "", "n", "r", "s", "l", "m", "t", "k", "nd", "rt", "st", "ng"]
_FUNCTION = (
    "the a of to in on for as at by with after over from amid and but is are was be has have "
    "will says said new"
).split()
_SUFFIXES = ["s", "ing", "ed", "'s"]
_DAY = 86400.0
_START = 1_700_000_000.0  # an arbitrary fixed epoch second


@dataclass(frozen=True)
class _Event:
    entities: tuple[str, ...]
    words: tuple[str, ...]
    time: float
    size: int


def _word(rng: random.Random, syllables: int) -> str:
    parts = [rng.choice(_ONSETS) + rng.choice(_VOWELS) for _ in range(syllables)]
    return "".join(parts) + rng.choice(_CODAS)


def _lexicon(rng: random.Random, count: int, low: int, high: int, seen: set[str]) -> list[str]:
    words: list[str] = []
    while len(words) < count:
        word = _word(rng, rng.randint(low, high))
        if len(word) >= 3 and word not in seen:
            seen.add(word)
            words.append(word)
    return words


def _zipf_pick(rng: random.Random, words: list[str], cumulative: list[float]) -> str:
    return rng.choices(words, cum_weights=cumulative, k=1)[0]


def _variant(rng: random.Random, word: str) -> str:
    """An inflection or, for names, a transliteration the clusterer should absorb."""
    roll = rng.random()
    if roll < 0.15:
        return word + rng.choice(_SUFFIXES)
    if roll < 0.2 and len(word) > 6:
        index = rng.randrange(2, len(word) - 2)
        swap = {"a": "e", "e": "a", "i": "y", "o": "u", "u": "o"}.get(word[index])
        if swap:
            return word[:index] + swap + word[index + 1:]
    return word


def generate(n: int, seed: int = 7, weeks: float | None = None) -> tuple[list[Doc], dict]:
    """``n`` synthetic Docs (ids 1..n, in time order) and gold labels doc id -> event number."""
    rng = random.Random(seed)
    seen: set[str] = set(_FUNCTION)
    common = _lexicon(rng, 4000, 1, 3, seen)
    topical = _lexicon(rng, 20000, 2, 3, seen)
    names = [w.capitalize() for w in _lexicon(rng, 30000, 2, 4, seen)]
    common_cum = _cumulative(len(common), 1.0)
    topical_cum = _cumulative(len(topical), 0.8)
    names_cum = _cumulative(len(names), 0.7)
    outlets = [f"outlet-{i:02d}" for i in range(40)]
    span = (weeks if weeks is not None else max(4.0, n / 4000.0)) * 7 * _DAY

    events: list[_Event] = []
    total = 0
    while total < n:
        size = min(20, max(1, int(rng.paretovariate(1.1))))
        size = min(size, n - total)
        entities = tuple(_zipf_pick(rng, names, names_cum) for _ in range(rng.randint(2, 4)))
        words = tuple(_zipf_pick(rng, topical, topical_cum) for _ in range(rng.randint(3, 6)))
        events.append(_Event(entities, words, _START + rng.random() * span, size))
        total += size

    raw: list[tuple[float, str, str, str, int]] = []
    for number, event in enumerate(events):
        for _ in range(event.size):
            when = event.time + rng.expovariate(1 / (10 * 3600.0))
            title = _headline(rng, event, common, common_cum)
            text = "" if rng.random() < 0.4 else _lead(rng, event, common, common_cum)
            raw.append((when, rng.choice(outlets), title, text, number))
    raw.sort(key=lambda r: r[0])
    docs, gold = [], {}
    for index, (when, outlet, title, text, number) in enumerate(raw, start=1):
        docs.append(Doc(id=index, title=title, text=text, outlet=outlet, published=when))
        gold[index] = number
    return docs, gold


def _cumulative(size: int, exponent: float) -> list[float]:
    total, out = 0.0, []
    for rank in range(1, size + 1):
        total += 1.0 / rank**exponent
        out.append(total)
    return out


def _headline(rng: random.Random, event: _Event, common: list[str], cum: list[float]) -> str:
    parts = [_variant(rng, e) for e in rng.sample(event.entities, rng.randint(1, min(2, len(
        event.entities))))]
    parts += [_variant(rng, w) for w in rng.sample(event.words, rng.randint(1, min(3, len(
        event.words))))]
    parts += [_zipf_pick(rng, common, cum) for _ in range(rng.randint(1, 4))]
    parts += rng.sample(_FUNCTION, rng.randint(1, 3))
    rng.shuffle(parts)
    title = " ".join(parts)
    return title[0].upper() + title[1:]


def _lead(rng: random.Random, event: _Event, common: list[str], cum: list[float]) -> str:
    words = []
    for _ in range(rng.randint(30, 70)):
        roll = rng.random()
        if roll < 0.12:
            words.append(_variant(rng, rng.choice(event.entities)))
        elif roll < 0.3:
            words.append(_variant(rng, rng.choice(event.words)))
        elif roll < 0.55:
            words.append(rng.choice(_FUNCTION))
        else:
            words.append(_zipf_pick(rng, common, cum))
    return " ".join(words).capitalize() + "."


if __name__ == "__main__":
    sample, labels = generate(int(sys.argv[1]) if len(sys.argv) > 1 else 20)
    for doc in sample[:20]:
        print(labels[doc.id], doc.outlet, round(doc.published or 0), doc.title, "|",
              doc.text[:60])
