"""Time compare_story and render_markdown on a synthetic 40-article story (1,500 words each).

The story is generated deterministically: sentences built from templates and word lists, a pool
of statements shared (some reworded) across outlets, and a few wire reprints.
Run: .venv/bin/python benchmarks/bench_compare.py [--articles 40] [--words 1500] [--repeat 3]
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.core.compare import compare_story  # noqa: E402
from tui.core.export import render_markdown  # noqa: E402
from tui.core.models import Article, Member, OutletCoverage, Story  # noqa: E402

SUBJECTS = [
    "The foreign ministry", "The central bank", "A spokesperson for the port authority",
    "The regional governor", "Opposition lawmakers", "Local residents", "The energy regulator",
    "Union leaders", "The health ministry", "Independent monitors", "The prosecutor general",
    "Several diplomats", "The city council", "Aid workers", "The transport minister",
    "Farmers in the north", "The national statistics office", "Election observers",
    "A group of teachers", "The customs service", "Shipping companies", "The defence ministry",
    "Hospital managers", "Two senior judges", "The mayor's office", "Oil traders",
]
VERBS = [
    "announced", "criticised", "postponed", "approved", "rejected", "questioned", "welcomed",
    "reviewed", "suspended", "defended", "extended", "challenged", "confirmed", "delayed",
    "cancelled", "investigated", "funded", "opposed", "negotiated", "published", "audited",
]
ADJECTIVES = [
    "new", "controversial", "long-delayed", "temporary", "costly", "regional", "revised",
    "emergency", "secret", "draft", "ambitious", "modest", "disputed", "five-year", "joint",
]
NOUNS = [
    "tariffs", "border crossings", "rules", "loan", "shipping company", "water network",
    "gatherings", "school budget", "electricity trade", "broadcasting licence", "compensation",
    "census", "pipeline", "ombudsman", "observer fees", "highway tender", "grain reserves",
    "pension reform", "rail link", "fishing quotas", "mining concession", "vaccine supply",
    "housing programme", "tax code", "press accreditation", "airport expansion", "wage deal",
]
GROUPS = [
    "foreign-funded organisations", "seasonal workers", "displaced families", "small farmers",
    "truck drivers", "pensioners", "students", "exporters", "fishermen", "bus operators",
    "mining towns", "coastal villages", "refugee households", "private clinics",
]
TAILS = [
    "after talks that lasted late into the night", "citing concerns about public safety",
    "despite objections from neighbouring districts", "in a statement posted on its website",
    "ahead of a parliamentary vote next month", "following weeks of protests in the capital",
    "without giving a timetable", "in a move analysts described as unexpected",
    "according to documents seen by reporters", "as prices rose for a third consecutive month",
    "at a briefing in the capital", "while promising further consultations",
    "two days before the deadline", "under pressure from foreign lenders",
    "in a rare public rebuke", "after an audit found missing funds",
]
PLACES = ["Baku", "Tbilisi", "Yerevan", "Ganja", "Batumi", "Gyumri", "Sumqayit", "Kutaisi",
          "Lankaran", "Rustavi", "Vanadzor", "Shaki", "Zugdidi", "Goris", "Quba", "Poti"]
FIRST = ["Aysel", "Giorgi", "Anahit", "Rauf", "Nino", "Levan", "Narine", "Elvin", "Tamar", "Armen"]
LAST = ["Karimova", "Beridze", "Sargsyan", "Aliyev", "Lomidze", "Hakobyan", "Mammadov",
        "Kapanadze", "Grigoryan", "Guliyeva"]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday"]
OUTLET_KINDS = ["wire", "public", "state-aligned", "independent", "business", "opinion"]


def _thing(rng: random.Random) -> str:
    return f"the {rng.choice(ADJECTIVES)} {rng.choice(NOUNS)} for {rng.choice(GROUPS)}"


def _sentence(rng: random.Random) -> str:
    number = rng.choice([12, 30, 45, 220, 1500, 7.25, 18, 64, 3.5, 900, 41, 77])
    name = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
    forms = [
        f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {_thing(rng)} in {rng.choice(PLACES)} "
        f"on {rng.choice(DAYS)}, {rng.choice(TAILS)}.",
        f"In {rng.choice(PLACES)}, {rng.choice(SUBJECTS).lower()} said about {number} "
        f"{rng.choice(GROUPS)} were affected by {_thing(rng)}.",
        f'"We {rng.choice(VERBS)} {_thing(rng)} because {rng.choice(GROUPS)} in '
        f'{rng.choice(PLACES)} demanded it," said {name}.',
        f"Mr. {rng.choice(LAST)} told reporters on Jan. {rng.randint(2, 28)} that "
        f"{_thing(rng)} would cost about {number} million manat, {rng.choice(TAILS)}.",
        f"{name}, who {rng.choice(VERBS)} {_thing(rng)} last year, said the U.N. and "
        f"{rng.choice(SUBJECTS).lower()} had not been consulted.",
    ]
    return rng.choice(forms)


def _reword(sentence: str, rng: random.Random) -> str:
    """A light paraphrase: move a clause or drop a word, as a copy editor would."""
    if ", " in sentence and rng.random() < 0.5:
        head, tail = sentence.rstrip(".").split(", ", 1)
        return f"{tail[0].upper()}{tail[1:]}, {head[0].lower()}{head[1:]}."
    words = sentence.split()
    if len(words) > 8:
        del words[rng.randrange(2, len(words) - 2)]
    return " ".join(words)


def synthetic_story(articles: int = 40, words: int = 1500, seed: int = 7) -> Story:
    rng = random.Random(seed)
    shared_pool = [_sentence(rng) for _ in range(120)]
    start = datetime(2026, 11, 27, 6, 0, tzinfo=UTC)
    members: list[Member] = []
    texts: list[str] = []
    for n in range(articles):
        outlet = f"Outlet {n // 2:02d}"  # two articles per outlet: an update and a follow-up
        if n % 12 == 6 and texts:  # now and then a wire reprint of an earlier article
            text = texts[-1] + "\n\nThis report is based on wire copy."
        else:
            paragraphs, count = [], 0
            while count < words:
                para = []
                for _ in range(rng.randint(2, 4)):
                    if rng.random() < 0.25:
                        s = rng.choice(shared_pool)
                        s = _reword(s, rng) if rng.random() < 0.4 else s
                    else:
                        s = _sentence(rng)
                    para.append(s)
                    count += len(s.split())
                paragraphs.append(" ".join(para))
            text = "\n\n".join(paragraphs)
        texts.append(text)
        article = Article(
            id=1000 + n, outlet=outlet,
            outlet_tags={"kind": OUTLET_KINDS[n % len(OUTLET_KINDS)], "country": "AZ"},
            feed_url=f"https://outlet{n // 2}.example/feed",
            url=f"https://outlet{n // 2}.example/a/{n}",
            title=f"{rng.choice(SUBJECTS)} {rng.choice(VERBS)} {_thing(rng)}",
            author=None, published=start + timedelta(minutes=17 * n),
            fetched_at=start + timedelta(minutes=17 * n + 3), summary="", text=text,
            text_source="page", text_reason="synthetic",
        )
        members.append(Member(article=article, score=0.8, evidence=(), method="auto"))
    return Story(id=1, title="Synthetic benchmark story", first_seen=start,
                 last_seen=start + timedelta(minutes=17 * articles), members=tuple(members))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--articles", type=int, default=40)
    parser.add_argument("--words", type=int, default=1500)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    story = synthetic_story(args.articles, args.words)
    coverage = [OutletCoverage(f"Silent {i}", {"kind": "wire"}, story.last_seen,
                               story.first_seen, story.last_seen) for i in range(5)]
    total_words = sum(a.word_count for a in story.articles)
    print(f"story: {len(story.members)} articles, {total_words} words")
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        comparison = compare_story(story, coverage)
        times.append(time.perf_counter() - t0)
    shared = sum(1 for s in comparison.statements if s.shared)
    reprints = sum(1 for a in comparison.articles if a.reprint_of is not None)
    print(f"compare_story: best {min(times):.3f} s, worst {max(times):.3f} s "
          f"({len(comparison.statements)} statements, {shared} shared, {reprints} reprints, "
          f"{len(comparison.quotes)} quote groups)")
    times = []
    for _ in range(args.repeat):
        t0 = time.perf_counter()
        text = render_markdown(story, comparison, datetime(2026, 11, 28, tzinfo=UTC), "bench")
        times.append(time.perf_counter() - t0)
    print(f"render_markdown: best {min(times):.3f} s, worst {max(times):.3f} s "
          f"({len(text)} characters)")


if __name__ == "__main__":
    main()
