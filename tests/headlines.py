"""Headlines for tests that need real text at volume.

Real headlines come from the shared UCI dev set (``../shared/data/uci-news-dev.csv``, or the
folder named by ``$PRESSDIFF_SHARED_DATA``) when it is present; a user's clone has no
``../shared``, so every caller also works on a generated stand-in with the same shape: several
stories, each told in many wordings, some stories sharing an actor (the hard case for merging).
"""

from __future__ import annotations

import csv
import os
import random
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass(frozen=True)
class Headline:
    title: str
    story: str  # gold story label
    published: float  # epoch seconds
    publisher: str


def shared_data_dir() -> Path:
    env = os.environ.get("PRESSDIFF_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def uci_headlines() -> list[Headline] | None:
    """Every row of the shared UCI dev set, or None when it is absent."""
    path = shared_data_dir() / "uci-news-dev.csv"
    if not path.exists():
        return None
    with path.open(newline="", encoding="utf-8") as handle:
        return [
            Headline(row["TITLE"], row["STORY"], int(row["TIMESTAMP"]) / 1000.0,
                     row["PUBLISHER"])
            for row in csv.DictReader(handle)
        ]


# Generated stand-in: each story has an actor (shared by pairs of stories: the hard case for
# merging), a place and a dozen words of its own; a headline takes a few of them and a
# word or two of general news vocabulary, so early reports of one story may share little
# and only later ones tie them together, as real coverage does.
_ACTORS = ["Carmaker", "Central Bank", "Ministry", "Telecom", "Airline", "Studio"]
_OWN_ACTORS = ["Automaker", "Motors", "Regulator", "Treasury", "Council", "Parliament",
               "Conglomerate", "Operator", "Carrier", "Aviation", "Producers", "Agency"]
_OWN_PLACES = ["Gyumri", "Ganja", "Batumi", "Kutaisi", "Vanadzor", "Sumgait", "Rustavi",
               "Lankaran", "Zugdidi", "Dilijan", "Sheki", "Gori"]
_PLACES = ["Tbilisi", "Baku", "Yerevan", "Ankara", "Kyiv", "Almaty"]
_COMMON = ("plan talks deal market shares probe court officials report warning crisis board "
           "chief deputy quarter record rise drop cut boost fears hopes spokesman sources").split()
_STORY_WORDS = [
    "recall brakes sedans defect dealers repairs models owners safety fault pedal inspection",
    "recall airbags trucks inflators deaths supplier shrapnel replacement vehicles drivers "
    "regulator injuries",
    "rate hike inflation lending percent monetary tightening currency borrowers mortgage "
    "basis points",
    "rate cut growth stimulus easing slowdown exporters demand factories output lenders yields",
    "budget schools teachers classrooms salaries pupils education funding unions textbooks "
    "buildings parents",
    "budget hospitals nurses clinics patients wards doctors healthcare beds surgeries waiting "
    "staff",
    "merger rival regulators takeover bid shareholders antitrust combined offer valuation "
    "approval premium",
    "outage network customers mobile signal subscribers blackout engineers restored "
    "compensation towers cables",
    "strike pilots cancellations flights unions walkout passengers stranded pay grounded "
    "airports negotiations",
    "fares fuel routes tickets surcharge travellers prices summer capacity seats carriers "
    "expansion",
    "premiere sequel box office audiences director blockbuster trailer cinemas franchise "
    "critics opening",
    "lawsuit actor contract damages royalties lawyers breach settlement judge claims "
    "producers filing",
]


def generated_headlines(count: int = 600, seed: int = 11, core: int = 0,
                        shared_names: bool = True) -> list[Headline]:
    """``core``: how many of a story's three own words every headline of it carries. With
    0, two reports of one story may share nothing but the story's vocabulary (hard, and
    what makes merges chain); with 2, headlines read like one event's coverage.
    ``shared_names``: pairs of stories share an actor and a word (two recalls by one
    carmaker) and stories share places; without, every story has an actor and a place of
    its own."""
    rng = random.Random(seed)
    out = []
    base = 1_795_000_000.0
    for index in range(count):
        story = index % len(_STORY_WORDS)
        vocabulary = _STORY_WORDS[story].split()
        words = rng.sample(vocabulary[1:4], core)  # [0] is shared by a pair of stories
        words += rng.sample([w for w in vocabulary if w not in words], rng.randint(2, 4) - core
                            if core < 2 else rng.randint(0, 2))
        if rng.random() < 0.7:
            words.insert(0, _ACTORS[story // 2] if shared_names else _OWN_ACTORS[story])
        if rng.random() < 0.5:
            words.append(_PLACES[story % len(_PLACES)] if shared_names else _OWN_PLACES[story])
        words += rng.sample(_COMMON, rng.randint(1, 2))
        rng.shuffle(words)
        published = base + story * 7200 + rng.uniform(0, 30 * 3600)
        out.append(Headline(" ".join(words).capitalize(), f"g{story}", published,
                            f"Gen {index % 9}"))
    return out


def headlines_by_story() -> list[list[Headline]]:
    """Every story's headlines (the real ones when present, else the generated stand-in), in
    a fixed order: tests draw a story and a number of its headlines, as a refresh brings
    many reports of a few events at once."""
    rows = uci_headlines() or generated_headlines()
    stories: dict[str, list[Headline]] = {}
    for row in rows:
        stories.setdefault(row.story, []).append(row)
    return [stories[key] for key in sorted(stories)]
