"""Story clustering behaviour: what an analyst would notice in the story list."""

from __future__ import annotations

import csv
import json
import math
import os
import random
import re
import subprocess
import sys
from collections import Counter, defaultdict
from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.cluster_docs import article, stories, towns_as_words
from tests.cluster_docs import evaluation as _evaluation
from tui.core.cluster import (
    ClusterConfig,
    Constraints,
    Doc,
    Placement,
    StoryClusterer,
    cluster_docs,
)
from tui.core.cluster.names import KeyNames
from tui.core.cluster.quality import bcubed
from tui.core.cluster.state import names_carry
from tui.core.cluster.vocabulary import (
    Vocabulary,
    cue_indexes,
    development_kind,
    everyday,
    happenings,
)
from tui.core.cluster.words import (
    HAZARD_PHRASES,
    NUMBERS_AND_KINDS,
    TOKEN,
    skeleton,
    stem,
    transliteration,
)
from tui.core.text import STOP_WORDS
from tui.demo.corpus import load_corpus, load_ground_truth

HOUR = 3600.0
DAY = 24 * HOUR
T0 = 1_795_000_000.0  # a fixed moment in November 2026


def _groups(placements: list[Placement]) -> list[set]:
    by_cluster: dict[int, set] = defaultdict(set)
    for p in placements:
        by_cluster[p.cluster_id].add(p.doc_id)
    return sorted(by_cluster.values(), key=lambda g: sorted(map(str, g)))


def _cluster_of(placements: list[Placement]) -> dict:
    return {p.doc_id: p.cluster_id for p in placements}


UN_STORY = [
    Doc("un1", "Azerbaijan orders UN agencies to close their Baku offices", outlet="wire",
        published=T0),
    Doc("un2", "Baku's order shuts UN agency offices within a month", outlet="herald",
        published=T0 + 2 * HOUR),
    Doc("un3", "Azerbaijani government tells UN agencies to leave Baku", outlet="lantern",
        published=T0 + 5 * HOUR),
]
PORT_STORY = [
    Doc("po1", "Dockworkers strike at Georgia's Poti port over pay", outlet="wire",
        published=T0 + 1 * HOUR),
    Doc("po2", "Poti port strike enters third day as dockworkers hold out", outlet="herald",
        published=T0 + 3 * HOUR),
    Doc("po3", "Georgian dockworkers at Poti walk out in pay dispute", outlet="ledger",
        published=T0 + 6 * HOUR),
]


# ----------------------------------------------------------------------------- matching
def test_inflections_possessives_and_demonyms_are_absorbed() -> None:
    docs = [
        Doc(1, "Baku's mayor opens Azerbaijani carpet festival", published=T0),
        Doc(2, "Carpet festival opens in Baku, Azerbaijan", published=T0 + HOUR),
    ]
    placements = cluster_docs(docs)
    assert placements[0].cluster_id == placements[1].cluster_id
    evidence = placements[1].evidence
    assert "Baku" in evidence and "Azerbaijan" in evidence


def test_transliterated_names_are_absorbed() -> None:
    docs = [
        Doc(1, "Aliyev signs decree on Khankendi reconstruction", published=T0),
        Doc(2, "Aliev decree launches Khankendy rebuilding", published=T0 + HOUR),
    ]
    placements = cluster_docs(docs)
    assert placements[0].cluster_id == placements[1].cluster_id


def test_look_alike_words_are_not_one_term() -> None:
    docs = [
        Doc(1, "Harju county floods", published=T0),
        Doc(2, "Country music awards", published=T0 + HOUR),
        Doc(3, "Party leader resigns", published=T0),
        Doc(4, "Partly sunny weekend", published=T0 + HOUR),
    ]
    assert len({p.cluster_id for p in cluster_docs(docs)}) == 4


def test_different_events_stay_apart() -> None:
    placements = cluster_docs(UN_STORY + PORT_STORY)
    assert _groups(placements) == [{"po1", "po2", "po3"}, {"un1", "un2", "un3"}]


def test_text_lead_is_used_when_titles_say_little() -> None:
    lead = ("Azerbaijan's foreign ministry ordered the UN Development Programme and UNHCR to "
            "close their Baku offices within thirty days, citing a changed partnership.")
    docs = [
        Doc(1, "Azerbaijan orders UN agencies to close Baku offices", text=lead, published=T0),
        Doc(2, "A door slams shut", text="The order to close UN offices in Baku within thirty "
            "days leaves UNHCR and the UN Development Programme scrambling.",
            published=T0 + HOUR),
    ]
    title_only = [Doc(d.id, d.title, published=d.published) for d in docs]
    with_text = cluster_docs(docs)
    assert with_text[0].cluster_id == with_text[1].cluster_id
    assert cluster_docs(title_only)[0].cluster_id != cluster_docs(title_only)[1].cluster_id


def test_outlet_name_at_the_end_of_headlines_does_not_tie_its_articles() -> None:
    docs = [
        Doc(1, "Yerevan metro fare rises to 300 dram - Ararat Dispatch", outlet="Ararat Dispatch",
            published=T0),
        Doc(2, "Gyumri textile mill reopens as tech campus - Ararat Dispatch",
            outlet="Ararat Dispatch", published=T0 + HOUR),
        Doc(3, "Electoral code vote follows walkout | Ararat Dispatch", outlet="ararat-dispatch",
            published=T0 + 2 * HOUR),
    ]
    assert len({p.cluster_id for p in cluster_docs(docs)}) == 3


def test_evidence_names_the_key_terms_in_original_case() -> None:
    placements = cluster_docs(PORT_STORY)
    evidence = placements[1].evidence
    assert 1 <= len(evidence) <= 6
    assert "Poti" in evidence
    assert not {"at", "the", "as"} & set(evidence)
    assert 0.0 < placements[1].score <= 1.0


# ----------------------------------------------------------------------------- chaining / time
def test_one_vague_headline_does_not_chain_two_stories() -> None:
    a_story = [
        Doc("a1", "Poti port dockworkers strike over pay", published=T0),
        Doc("a2", "Dockworkers at Poti port extend pay strike", published=T0 + HOUR),
        Doc("a3", "Poti port strike: dockworkers reject pay offer", published=T0 + 2 * HOUR),
    ]
    vague = Doc("v", "Strike and protest: Poti dockworkers and Tbilisi broadcasting law rally",
                published=T0 + 3 * HOUR)
    b_story = [
        Doc("b1", "Tbilisi rally against broadcasting law", published=T0 + 4 * HOUR),
        Doc("b2", "Police disperse Tbilisi broadcasting law rally", published=T0 + 5 * HOUR),
        Doc("b3", "Broadcasting law protest rally fills Tbilisi avenue", published=T0 + 6 * HOUR),
    ]
    batch = _cluster_of(cluster_docs(a_story + [vague] + b_story))
    assert batch["a1"] == batch["a2"] == batch["a3"]
    assert batch["b1"] == batch["b2"] == batch["b3"]
    assert batch["a1"] != batch["b1"]

    clusterer = StoryClusterer()
    placed: dict = {}
    for doc in a_story + [vague] + b_story:  # one at a time, as feeds deliver them
        result = clusterer.add([doc])
        placed.update(_cluster_of(result.placements))
    assert placed["a1"] != placed["b1"]
    assert placed["b1"] == placed["b2"] == placed["b3"]


def test_same_words_weeks_apart_are_not_merged() -> None:
    first = Doc(1, "Poti port dockworkers strike over pay", published=T0)
    near = Doc(2, "Poti port dockworkers strike over pay demands", published=T0 + 6 * HOUR)
    later = Doc(3, "Poti port dockworkers strike over pay demands", published=T0 + 20 * DAY)
    cluster = _cluster_of(cluster_docs([first, near, later]))
    assert cluster[1] == cluster[2]
    assert cluster[3] != cluster[1]


def test_unknown_publication_time_does_not_block_matching() -> None:
    docs = [Doc(1, "Poti port dockworkers strike over pay", published=T0),
            Doc(2, "Poti dockworkers strike for better pay")]
    placements = cluster_docs(docs)
    assert placements[0].cluster_id == placements[1].cluster_id


# ----------------------------------------------------------------------------- key names
# Same kind of story, another country: the vocabulary is shared, the place and actor are not.
RATE_HOLD = [
    Doc("hold1", "Georgia's central bank holds key rate at 8%",
        text="The National Bank of Georgia left its policy rate unchanged at 8 percent on "
             "Wednesday, saying inflation was close to target and lending had slowed. The "
             "bank said it would keep rates steady until price growth eased further.",
        outlet="wire", published=T0),
    Doc("hold2", "Tbilisi keeps borrowing costs on hold as inflation nears target",
        text="Georgia's central bank kept its main interest rate at 8 percent on Wednesday, "
             "disappointing lenders who had hoped for a cut. Governor Natia Turnava said "
             "inflation was close to target but the bank wanted more evidence.",
        outlet="ledger", published=T0 + 3 * HOUR),
]
RATE_CUT = [
    Doc("cut1", "Armenia's central bank cuts key rate to 6.75%",
        text="The Central Bank of Armenia cut its refinancing rate by 25 basis points to "
             "6.75 percent on Thursday, saying inflation was below target and lending had "
             "slowed. The bank said further cuts were possible if price growth stayed low.",
        outlet="wire", published=T0 + DAY),
    Doc("cut2", "Yerevan lowers borrowing costs as inflation stays below target",
        text="Armenia's central bank lowered its main interest rate to 6.75 percent on "
             "Thursday, pleasing lenders who had hoped for a cut. Governor Martin Galstyan "
             "said inflation was below target and the bank could ease again.",
        outlet="ledger", published=T0 + DAY + 2 * HOUR),
]
QUAKE_IRAN = [
    Doc("ir1", "Magnitude 6.1 earthquake strikes eastern Iran, villages damaged",
        text="A magnitude 6.1 earthquake struck Iran's South Khorasan province before dawn on "
             "Monday, destroying mud-brick houses in several villages and killing at least "
             "nine people, the national disaster agency said.",
        outlet="wire", published=T0),
    Doc("ir2", "Rescuers dig through rubble after deadly quake in eastern Iran",
        text="Rescue teams in South Khorasan searched collapsed houses on Monday after a "
             "magnitude 6.1 earthquake struck eastern Iran, killing at least nine people and "
             "injuring dozens, officials in Birjand said.",
        outlet="herald", published=T0 + 4 * HOUR),
]
QUAKE_PERU = [
    Doc("pe1", "Magnitude 5.8 earthquake strikes southern Peru, villages damaged",
        text="A magnitude 5.8 earthquake struck Peru's Arequipa region on Monday evening, "
             "destroying adobe houses in several villages and killing at least four people, "
             "the national disaster agency said.",
        outlet="wire", published=T0 + 20 * HOUR),
    Doc("pe2", "Rescuers dig through rubble after deadly quake in southern Peru",
        text="Rescue teams in Arequipa searched collapsed houses on Tuesday after a magnitude "
             "5.8 earthquake struck southern Peru, killing at least four people and injuring "
             "dozens, officials in Caylloma said.",
        outlet="herald", published=T0 + 26 * HOUR),
]


def _share(placed: dict, gold: dict, first: str, second: str) -> bool:
    """Some story holds reports of both labelled events ``first`` and ``second``."""
    return not ({placed[d] for d in gold if gold[d] == first}
                .isdisjoint({placed[d] for d in gold if gold[d] == second}))


def _main_story(placed: dict, gold: dict, event: str) -> int:
    """The story holding most of the labelled event's reports."""
    held = Counter(placed[d] for d in gold if gold[d] == event)
    return held.most_common(1)[0][0]


def _apart_in_batch_and_ten_at_a_time(folder: str, first: str, second: str) -> None:
    """No story of the labelled set ``folder`` holds reports of both events, clustered in
    one batch or ten reports at a time as refreshes bring them."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / folder)
    assert not _share(_cluster_of(cluster_docs(docs)), gold, first, second)
    assert not _share(sets.run_incremental(docs, 10), gold, first, second)


def _no_country_fallback(monkeypatch: pytest.MonkeyPatch) -> None:
    """Countries read from the names of more than half a story's reports only, as before
    ``KeyNames._countried``: for the tests whose point is another guard, which that fallback
    would now back up."""
    from tui.core.cluster import names

    monkeypatch.setattr(names.KeyNames, "_countried",
                        lambda self, cluster: self._dominant(cluster, most=True))


def _one_at_a_time(docs: list[Doc], config: ClusterConfig | None = None) -> dict:
    """As feeds deliver them: each article in its own add(), merges applied."""
    clusterer = StoryClusterer(config or ClusterConfig())
    for doc in sorted(docs, key=lambda d: d.published or 0.0):
        clusterer.add([doc])
    return {doc_id: cid for cid, ids in clusterer.clusters().items() for doc_id in ids}


@pytest.mark.parametrize("first, second", [(RATE_HOLD, RATE_CUT), (QUAKE_IRAN, QUAKE_PERU)],
                         ids=["two central banks", "two earthquakes"])
def test_same_kind_of_story_in_another_country_stays_apart(first: list[Doc],
                                                           second: list[Doc]) -> None:
    a, b = first[0].id, second[0].id
    for cluster in (_cluster_of(cluster_docs(first + second)), _one_at_a_time(first + second)):
        assert cluster[a] == cluster[first[1].id]
        assert cluster[b] == cluster[second[1].id]
        assert cluster[a] != cluster[b]
    # Without the key-name rule the shared vocabulary would have made them one story.
    unguarded = _cluster_of(cluster_docs(first + second, ClusterConfig(conflict_penalty=0.0)))
    assert unguarded[a] == unguarded[b]


_airline = partial(article, datetime.fromtimestamp(T0, UTC))


AIRLINES = [
    _airline("ie1", "Ridge Wire", 0, "Corrib Air cancels dozens of flights after IT failure",
             "DUBLIN, Nov 9 (Ridge Wire) - Irish carrier Corrib Air cancelled dozens of flights "
             "on Monday after a failure of its check-in and booking systems left thousands of "
             "passengers stranded at airports in Ireland, the airline said."),
    _airline("ie2", "Harbour Ledger", 3, "Thousands stranded as Corrib Air systems fail",
             "Thousands of passengers were stranded at Irish airports on Monday as a systems "
             "failure forced Corrib Air to cancel dozens of flights, the airline said, adding "
             "that check-in would resume by evening."),
    _airline("nz1", "Valley Television", 1,
             "Southlink Air cancels flights as turboprops grounded",
             "WELLINGTON, Nov 9 (Valley Television) - New Zealand carrier Southlink Air "
             "cancelled dozens of flights on Monday after grounding its turboprop fleet for "
             "engine checks, leaving thousands of passengers stranded, the airline said."),
    _airline("nz2", "Hill Courier", 4, "Southlink Air grounding strands passengers",
             "Thousands of passengers were stranded in New Zealand on Monday as Southlink Air "
             "grounded its turboprops for engine checks and cancelled dozens of flights, the "
             "airline said."),
    _airline("fj1", "Ridge Wire", 2, "Lomani Air cancels flights as pilots strike",
             "SUVA, Nov 9 (Ridge Wire) - Fiji carrier Lomani Air cancelled dozens of flights on "
             "Monday as pilots walked out over pay, leaving thousands of passengers stranded at "
             "airports across Fiji, the airline said."),
    _airline("fj2", "Valley Television", 5, "Lomani Air pilots' strike strands passengers",
             "Thousands of passengers were stranded across Fiji on Monday as a pilots' strike "
             "forced Lomani Air to cancel dozens of flights, the airline said."),
]


def test_a_word_ending_several_names_is_no_shared_key(monkeypatch: pytest.MonkeyPatch
                                                      ) -> None:
    """Three airlines in three countries cancel flights on one day. "Air" ends all three
    names: shared by every report, it made the key-name rule see one actor, and the three
    stories were one. A word written after three different names is the kind of thing
    named, as "Bank" is in "Bank of ...", not a key. (It takes three names seen: reports
    added one at a time can join before the third airline is read.)"""
    gold = {doc.id: doc.id[:2] for doc in AIRLINES}
    added = StoryClusterer()
    added.add(AIRLINES)  # as a refresh adds its new articles
    for placed in (_cluster_of(cluster_docs(AIRLINES)),
                   {doc_id: cid for cid, ids in added.clusters().items() for doc_id in ids}):
        assert bcubed(placed, gold) == (1.0, 1.0, 1.0)
    monkeypatch.setattr("tui.core.cluster.vocabulary._GENERIC_AFTER", 99)
    _no_country_fallback(monkeypatch)
    assert len(set(_cluster_of(cluster_docs(AIRLINES)).values())) == 1


def test_a_country_after_several_names_stays_a_key() -> None:
    """East Azerbaijan, West Azerbaijan, the Republic of Azerbaijan: a country is a name
    however many names precede it."""
    vocab = Vocabulary(ClusterConfig())
    for index, (before, after) in enumerate([("Corrib", "Air"), ("Southlink", "Air"),
                                             ("Lomani", "Air"), ("East", "Azerbaijan"),
                                             ("West", "Azerbaijan"), ("Republic", "Azerbaijan")]):
        doc = Doc(index, "News of the day", text=f"Today {before} {after} said it would act.")
        vocab.count(*vocab.analyse(doc)[::2])
    assert vocab.kind(vocab.term("Air"))
    assert not vocab.kind(vocab.term("Azerbaijan"))


def test_shared_institution_words_do_not_hide_different_countries() -> None:
    # Both stories name "the Central Bank of the Republic of ...": the kind of institution
    # is shared, the country is not.
    uz = [
        Doc("uz1", "Uzbek central bank keeps key rate at 13.5%",
            text="The Central Bank of the Republic of Uzbekistan kept its key rate at 13.5 "
                 "percent on Thursday, citing inflation expectations and strong lending.",
            outlet="wire", published=T0),
        Doc("uz2", "Tashkent holds rates as inflation expectations stay high",
            text="The Central Bank of the Republic of Uzbekistan left its key rate unchanged "
                 "at 13.5 percent on Thursday because inflation expectations stayed high.",
            outlet="ledger", published=T0 + 2 * HOUR),
    ]
    kz = [
        Doc("kz1", "Kazakh central bank cuts key rate to 14.25%",
            text="The National Bank of the Republic of Kazakhstan cut its key rate to 14.25 "
                 "percent on Friday, citing inflation expectations and weak lending.",
            outlet="wire", published=T0 + DAY),
        Doc("kz2", "Astana lowers rates as inflation expectations ease",
            text="The National Bank of the Republic of Kazakhstan lowered its key rate to "
                 "14.25 percent on Friday because inflation expectations eased.",
            outlet="ledger", published=T0 + DAY + 2 * HOUR),
    ]
    for cluster in (_cluster_of(cluster_docs(uz + kz)), _one_at_a_time(uz + kz)):
        assert cluster["uz1"] == cluster["uz2"]
        assert cluster["kz1"] == cluster["kz2"]
        assert cluster["uz1"] != cluster["kz1"]


# Two neighbours' rate decisions a day apart, each report naming the other country in
# passing, and one report that puts both in its headline.
NEIGHBOUR_CUT = [
    Doc("am1", "Armenia's central bank cuts refinancing rate to 6.5%",
        text="YEREVAN, Nov 3 - The Central Bank of Armenia cut its refinancing rate by a quarter "
             "point to 6.5 percent on Tuesday as inflation eased to 3.1 percent. Economists "
             "expect the bank to pause in December; neighbouring Georgia decides on Wednesday.",
        outlet="wire", published=T0),
    Doc("am2", "Armenia trims rates as inflation cools; Georgia decides next",
        text="Armenia's central bank lowered its benchmark rate to 6.5 percent on Tuesday as "
             "inflation stayed low and the dram held steady. Georgia's central bank, facing "
             "inflation above target, announces its own decision on Wednesday.",
        outlet="ledger", published=T0 + 3 * HOUR),
    Doc("am3", "Refinancing rate cut to 6.5%: what it means for Armenian borrowers",
        text="Mortgage holders in Armenia will pay a little less after the central bank cut "
             "its refinancing rate to 6.5 percent on Tuesday, bankers in Yerevan said. The cut "
             "to the refinancing rate is the second this year.",
        outlet="radio", published=T0 + 6 * HOUR),
]
NEIGHBOUR_HOLD = [
    Doc("ge1", "Georgia's central bank holds refinancing rate at 8%",
        text="TBILISI, Nov 4 - The National Bank of Georgia kept its refinancing rate at 8 "
             "percent on Wednesday, saying inflation of 3.8 percent was still above target. "
             "Armenia's central bank cut its rate a day earlier.",
        outlet="wire", published=T0 + DAY),
    Doc("ge2", "Georgia keeps rates on hold as inflation stays above target",
        text="Georgia's central bank left its refinancing rate at 8 percent on Wednesday, "
             "declining to follow neighbouring Armenia's cut while inflation stays above its "
             "3 percent target.",
        outlet="ledger", published=T0 + DAY + 2 * HOUR),
]


def test_reports_naming_the_other_country_in_passing_stay_apart() -> None:
    """The countries each report is about (its headline and first sentence) differ, though
    every report mentions the other country and one headline names both: two stories."""
    docs = NEIGHBOUR_CUT + NEIGHBOUR_HOLD
    for cluster in (_cluster_of(cluster_docs(docs)), _one_at_a_time(docs)):
        assert cluster["am1"] == cluster["am2"] == cluster["am3"]
        assert cluster["ge1"] == cluster["ge2"]
        assert cluster["am1"] != cluster["ge1"]

@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="abdhijklmnoruy'", min_size=3, max_size=9),
       st.text(alphabet="abdhijklmnoruy'", min_size=3, max_size=9))
def test_a_transliteration_keeps_the_word_s_skeleton(a: str, b: str) -> None:
    """Only a word of the same skeleton (its letters less the vowel-like ones) can be
    another's transliteration: the vocabulary asks rapidfuzz about no other
    (``Vocabulary._fuzzy``), which a refresh spent a tenth of its clustering on."""
    if transliteration(a, b):
        assert skeleton(a) == skeleton(b)
    assert transliteration("aliyev", "aliev") and skeleton("aliyev") == skeleton("aliev")


def test_same_event_joins_across_wording_and_transliteration() -> None:
    docs = [
        Doc("s1", "Aliyev orders UN agencies to close their Baku offices",
            text="President Ilham Aliyev signed an order on Tuesday giving UN agencies in "
                 "Azerbaijan thirty days to close their offices in Baku.",
            outlet="wire", published=T0),
        Doc("s2", "Baku's decree gives UN staff a month to pack up",
            text="UN agencies have a month to leave the capital after a decree by President "
                 "Aliev, the foreign ministry in Baku said on Tuesday.",
            outlet="herald", published=T0 + 5 * HOUR),
        Doc("s3", "Aliev decree: United Nations offices must shut within 30 days",
            text="Azerbaijani President Ilham Aliev has ordered the United Nations "
                 "Development Programme and other UN agencies to close their offices.",
            outlet="lantern", published=T0 + 9 * HOUR),
    ]
    for cluster in (_cluster_of(cluster_docs(docs)), _one_at_a_time(docs)):
        assert cluster["s1"] == cluster["s2"] == cluster["s3"]


def test_a_finer_place_of_the_same_story_is_not_a_conflict() -> None:
    docs = [
        Doc("t1", "Georgian police disperse Tbilisi rally against broadcasting law",
            text="Police in Georgia used water cannon on Sunday night to break up a rally of "
                 "thousands in Tbilisi against the new broadcasting law.",
            outlet="wire", published=T0),
        Doc("t2", "Tbilisi protest against broadcasting law broken up with water cannon",
            text="Georgia's riot police cleared thousands of protesters from central Tbilisi "
                 "late on Sunday, using water cannon against the broadcasting law rally.",
            outlet="herald", published=T0 + 3 * HOUR),
        Doc("t3", "Night on Rustaveli: protesters recall the water cannon",
            text="On Rustaveli Avenue, protesters against Georgia's broadcasting law "
                 "described how police with water cannon broke up the rally on Sunday night.",
            outlet="lantern", published=T0 + 20 * HOUR),
    ]
    for cluster in (_cluster_of(cluster_docs(docs)), _one_at_a_time(docs)):
        assert cluster["t1"] == cluster["t2"] == cluster["t3"]


# ----------------------------------------------------------------------------- incremental
def _loaded(next_id: int = 20) -> tuple[StoryClusterer, list[Placement]]:
    state = [Placement(d.id, 4, 1.0, ()) for d in UN_STORY]
    state += [Placement(d.id, 11, 1.0, ()) for d in PORT_STORY]
    clusterer = StoryClusterer(next_id=next_id)
    clusterer.load(UN_STORY + PORT_STORY, state)
    return clusterer, state


def test_incremental_add_keeps_existing_ids_and_numbers_new_stories_from_next_id() -> None:
    clusterer, _ = _loaded(next_id=20)
    result = clusterer.add([
        Doc("un4", "UN agencies begin leaving Baku after Azerbaijan's order",
            published=T0 + 8 * HOUR),
        Doc("metro", "Yerevan metro fare rises to 300 dram", published=T0 + 9 * HOUR),
        Doc("po4", "Poti dockworkers' strike over pay ends", published=T0 + 10 * HOUR),
    ])
    cluster = _cluster_of(result.placements)
    assert cluster == {"un4": 4, "metro": 20, "po4": 11}
    assert result.merges == []
    # A second add continues the numbering and still finds the grown clusters.
    more = clusterer.add([
        Doc("gy", "Gyumri textile mill reopens as tech campus", published=T0 + 11 * HOUR),
        Doc("m2", "Yerevan metro fare rise to 300 dram approved", published=T0 + 12 * HOUR),
    ])
    assert _cluster_of(more.placements) == {"gy": 21, "m2": 20}


def test_load_ignores_unplaced_docs_so_add_still_places_them() -> None:
    # The store loads everything in the window, which includes the new, unplaced articles.
    new = Doc("un4", "UN agencies begin leaving Baku after Azerbaijan's order",
              published=T0 + 8 * HOUR)
    clusterer = StoryClusterer(next_id=20)
    clusterer.load(UN_STORY + PORT_STORY + [new],
                   [Placement(d.id, 4, 1.0, ()) for d in UN_STORY]
                   + [Placement(d.id, 11, 1.0, ()) for d in PORT_STORY])
    result = clusterer.add([new])
    assert _cluster_of(result.placements) == {"un4": 4}


def test_loading_more_than_the_window_changes_nothing() -> None:
    old = Doc("old", "Poti port dockworkers strike over pay", published=T0 - 30 * DAY)
    new = Doc("new", "Poti port dockworkers strike over pay again", published=T0 + 8 * HOUR)
    windowed, _ = _loaded(next_id=20)
    everything = StoryClusterer(next_id=20)
    everything.load([old] + UN_STORY + PORT_STORY,
                    [Placement("old", 3, 1.0, ())]
                    + [Placement(d.id, 4, 1.0, ()) for d in UN_STORY]
                    + [Placement(d.id, 11, 1.0, ()) for d in PORT_STORY])
    assert _cluster_of(everything.add([new]).placements) == {"new": 11}
    assert _cluster_of(windowed.add([new]).placements) == {"new": 11}
    # The month-old story is still known: its id is never handed out again.
    assert everything.representative(3) == "old"
    assert everything.clusters()[3] == ["old"]
    fresh = everything.add([Doc("gy", "Gyumri textile mill reopens", published=T0 + 9 * HOUR)])
    assert fresh.placements[0].cluster_id == 20


def test_add_orders_new_docs_by_time_so_ids_do_not_depend_on_batch_order() -> None:
    docs = [Doc("late", "Gyumri textile mill reopens", published=T0 + 5 * HOUR),
            Doc("early", "Yerevan metro fare rises", published=T0 + HOUR)]
    one = StoryClusterer(next_id=1).add(docs)
    two = StoryClusterer(next_id=1).add(list(reversed(docs)))
    assert _cluster_of(one.placements) == _cluster_of(two.placements) == {"early": 1, "late": 2}


def test_merge_is_reported_and_the_larger_cluster_keeps_its_id() -> None:
    # The store had split one story in two; a new article shows they are the same.
    docs = [
        Doc("x1", "Nordhavn Subsea wins Caspian fibre cable contract", published=T0),
        Doc("x2", "Caspian fibre cable contract goes to Nordhavn Subsea", published=T0 + HOUR),
        Doc("y1", "Nordhavn Subsea lands Caspian fibre cable deal", published=T0 + 2 * HOUR),
    ]
    clusterer = StoryClusterer(next_id=30)
    clusterer.load(docs, [Placement("x1", 7, 1.0, ()), Placement("x2", 7, 1.0, ()),
                          Placement("y1", 12, 1.0, ())])
    result = clusterer.add([Doc("n", "Caspian fibre cable: Nordhavn Subsea contract signed",
                                published=T0 + 3 * HOUR)])
    assert result.merges == [(12, 7)]
    assert _cluster_of(result.placements) == {"n": 7, "y1": 7}
    assert set(clusterer.clusters()) == {7}


def test_a_story_s_representative_counts_reports_older_than_the_window_under_a_merged_id(
) -> None:
    """A report a month old, loaded under a story a refresh's merge folds into another, is
    that story's report too when its representative headline is chosen: the representative
    reads the docs loaded under the story and under every id merged into it (and no others:
    with a whole store loaded, reading all of them for each touched story made adding 500
    reports to 100,000 take 6.5 s, 2.2 s since)."""
    docs = [
        Doc("x1", "Nordhavn Subsea wins Caspian fibre cable contract", published=T0),
        Doc("x2", "Caspian fibre cable contract goes to Nordhavn Subsea", published=T0 + HOUR),
        Doc("y1", "Nordhavn Subsea lands Caspian fibre cable deal", published=T0 + 2 * HOUR),
        Doc("y0", "Nordhavn Subsea Caspian fibre cable contract deal",
            published=T0 - 30 * DAY),
        Doc("z0", "Poti port dockworkers strike over pay", published=T0 - 30 * DAY),
    ]
    clusterer = StoryClusterer(next_id=30)
    clusterer.load(docs, [Placement("x1", 7, 1.0, ()), Placement("x2", 7, 1.0, ()),
                          Placement("y1", 12, 1.0, ()), Placement("y0", 12, 1.0, ()),
                          Placement("z0", 3, 1.0, ())])
    result = clusterer.add([Doc("n", "Caspian fibre cable: Nordhavn Subsea contract signed",
                                published=T0 + 3 * HOUR)])
    assert result.merges == [(12, 7)]
    assert result.representatives == {7: "y0"}
    assert clusterer.representative(12) == "y0"
    assert clusterer.clusters() == {7: ["x1", "x2", "n", "y1", "y0"], 3: ["z0"]}


# ----------------------------------------------------------------------------- constraints
def test_pinned_doc_stays_where_the_analyst_put_it() -> None:
    clusterer, _ = _loaded()
    odd = Doc("odd", "Poti dockworkers strike over pay", published=T0 + 7 * HOUR)
    result = clusterer.add([odd], Constraints(pinned={"odd": 4}))
    assert _cluster_of(result.placements) == {"odd": 4}


def test_forbidden_cluster_is_never_joined() -> None:
    clusterer, _ = _loaded()
    doc = Doc("po9", "Poti port dockworkers strike over pay", published=T0 + 7 * HOUR)
    result = clusterer.add([doc], Constraints(forbidden={("po9", 11)}))
    assert result.placements[0].cluster_id != 11


def test_forbidden_blocks_auto_merge_of_the_cluster_holding_the_doc() -> None:
    docs = [
        Doc("x1", "Nordhavn Subsea wins Caspian fibre cable contract", published=T0),
        Doc("x2", "Caspian fibre cable contract goes to Nordhavn Subsea", published=T0 + HOUR),
        Doc("y1", "Nordhavn Subsea lands Caspian fibre cable deal", published=T0 + 2 * HOUR),
    ]
    clusterer = StoryClusterer(next_id=30)
    clusterer.load(docs, [Placement("x1", 7, 1.0, ()), Placement("x2", 7, 1.0, ()),
                          Placement("y1", 12, 1.0, ())])
    # The analyst removed y1 from cluster 7 earlier.
    constraints = Constraints(forbidden={("y1", 7)})
    result = clusterer.add([Doc("n", "Caspian fibre cable: Nordhavn Subsea contract signed",
                                published=T0 + 3 * HOUR)], constraints)
    assert result.merges == []
    assert set(clusterer.clusters()) == {7, 12}


def test_full_recluster_honours_pins_and_forbidden_ids() -> None:
    docs = UN_STORY + PORT_STORY
    constraints = Constraints(pinned={"po3": 9, "un1": 2}, forbidden={("un2", 2), ("un3", 1)})
    placements = cluster_docs(docs, constraints=constraints)
    cluster = _cluster_of(placements)
    assert cluster["po3"] == 9 and cluster["un1"] == 2
    assert cluster["un2"] != 2
    assert cluster["un3"] != 1
    # Fresh clusters never take an id the analyst's constraints name.
    fresh = {c for d, c in cluster.items() if d not in constraints.pinned} - {2, 9}
    assert not fresh & {1, 2, 9}
    # The pinned port article pulls its story into its cluster.
    assert cluster["po1"] == cluster["po2"] == 9


# ----------------------------------------------------------------------------- misc
def test_representative_is_the_most_typical_headline() -> None:
    docs = [
        Doc(1, "Poti port dockworkers strike over pay", published=T0),
        Doc(2, "Poti port dockworkers strike enters second day over pay", published=T0 + HOUR),
        Doc(3, "Poti port strike", published=T0 + 2 * HOUR),
        Doc(4, "Ships queue off Poti as dockworkers walk out", published=T0 + 3 * HOUR),
    ]
    clusterer = StoryClusterer()
    result = clusterer.add(docs)
    (cluster_id,) = {p.cluster_id for p in result.placements}
    assert clusterer.representative(cluster_id) in {1, 2}


def test_same_input_gives_same_clusters_and_ids() -> None:
    docs = UN_STORY + PORT_STORY + [Doc("m", "Yerevan metro fare rises", published=T0)]
    first = cluster_docs(docs)
    assert cluster_docs(docs) == first
    shuffled = docs[:]
    random.Random(3).shuffle(shuffled)
    assert _cluster_of(cluster_docs(shuffled)) == _cluster_of(first)


def test_same_clusters_in_another_process_with_another_hash_seed(tmp_path: Path) -> None:
    script = (
        "import json, sys\n"
        "from tests.test_cluster import UN_STORY, PORT_STORY\n"
        "from tui.core.cluster import cluster_docs\n"
        "out = [[p.doc_id, p.cluster_id, p.score, list(p.evidence)]\n"
        "       for p in cluster_docs(UN_STORY + PORT_STORY)]\n"
        "print(json.dumps(out))\n"
    )
    root = Path(__file__).resolve().parents[1]
    outputs = []
    for seed in ("1", "2"):
        env = {**os.environ, "PYTHONHASHSEED": seed, "PYTHONPATH": str(root)}
        done = subprocess.run([sys.executable, "-c", script], env=env, cwd=root,
                              capture_output=True, text=True, check=True)
        outputs.append(done.stdout)
    assert outputs[0] == outputs[1]
    assert len(json.loads(outputs[0])) == 6


@settings(max_examples=40, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["Poti", "port", "strike", "Baku", "UN", "offices",
                                           "metro", "fare", "Yerevan", "the", "Ümid's", "x"]),
                          st.integers(0, 3)), max_size=40))
def test_every_doc_gets_exactly_one_valid_placement(words: list[tuple[str, int]]) -> None:
    docs = [Doc(i, " ".join(w for w, _ in words[i:i + 4]) or "-", published=T0 + k * DAY)
            for i, (_, k) in enumerate(words)]
    placements = cluster_docs(docs)
    assert [p.doc_id for p in placements] == [d.id for d in docs]
    for p in placements:
        assert 0.0 <= p.score <= 1.0
        assert len(p.evidence) <= 6
        assert isinstance(p.cluster_id, int) and p.cluster_id >= 1


def test_config_is_one_frozen_default() -> None:
    config = ClusterConfig()
    with pytest.raises(AttributeError):
        config.join_threshold = 0.9  # type: ignore[misc]
    assert 0 < config.window_seconds


# ----------------------------------------------------------------------------- quality floors
def test_demo_corpus_quality_floor() -> None:
    corpus = load_corpus()
    truth = load_ground_truth()
    docs = [Doc(a.path, a.title, text="\n\n".join(a.body) or a.summary, outlet=a.outlet,
                published=a.published.timestamp()) for a in corpus.articles]
    gold = {d.id: truth.get(d.id, f"alone:{d.id}") for d in docs}
    pred = _cluster_of(cluster_docs(docs))
    assert bcubed(pred, gold)[2] >= 0.95


def _uci_path() -> Path:
    env = os.environ.get("PRESSDIFF_SHARED_DATA")
    base = Path(env) if env else Path(__file__).resolve().parents[1].parent / "shared" / "data"
    return base / "uci-news-dev.csv"


def test_uci_headlines_quality_floor() -> None:
    path = _uci_path()
    if not path.exists():
        pytest.skip(f"{path} not present")
    docs, gold = [], {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            docs.append(Doc(int(row["ID"]), row["TITLE"], outlet=row["PUBLISHER"],
                            published=int(row["TIMESTAMP"]) / 1000))
            gold[int(row["ID"])] = row["STORY"]
    assert bcubed(_cluster_of(cluster_docs(docs)), gold)[2] >= 0.83


def _fulltext_event(event: str) -> list[Doc]:
    """The reports of one event of the labelled full-text set, read by the evaluation's own
    loader (benchmarks/evaluate_clustering.py, data in benchmarks/data/fulltext)."""
    docs, gold = _evaluation().load_fulltext()
    return [doc for doc in docs if gold[doc.id] == event]


def _later_set_events(folder: str, *events: str) -> tuple[list[Doc], dict]:
    """Reports of the named events of one of the later full-text sets
    (benchmarks/data/<folder>), read by the evaluation's own loader, and their gold labels."""
    evaluation = _evaluation()
    docs, gold = evaluation.load_fulltext_parts(evaluation.DATA_DIR / folder)
    chosen = [doc for doc in docs if gold[doc.id] in events]
    return chosen, {doc.id: gold[doc.id] for doc in chosen}


_TRADES = frozenset({"inc", "hold", "holding", "holdings", "group", "food", "foods"})


@pytest.mark.parametrize(("first", "then", "left_out"), [
    ("ribera-flash-flood", "ugu-floods", None),
    ("harbourline-tidemark-recall", "raccoon-river-sausage-recall", _TRADES),
], ids=["a river in two floods' headlines", "Foods in two recalling firms' names"])
def test_a_kind_of_place_or_firm_is_no_key_name(monkeypatch, first: str, then: str,
                                                 left_out: frozenset | None) -> None:
    """The seventh blind set, clustered whole. A flood in KwaZulu-Natal named its river (the
    Umzimkhulu River) in the headline, and so did a flood in Sicily (the Verdura River) the
    next day; Harbourline Foods recalled tinned pilchards in South Africa, and Raccoon River
    Foods sausages in Iowa, the same week. "River" and "Foods" were key names each pair
    shared, so neither pair clashed, and each was one story. Words naming a kind of place
    (River, Province, Street), a count ("Seven killed") or a firm's legal form or trade (Inc,
    Holdings, Group, Foods) are no key names; without them (all of them, or the firms'
    words) each pair is one story again."""
    from tui.core.cluster import clusterer as clusterer_module

    docs, gold = _evaluation().load_fulltext_parts(_evaluation().DATA_DIR / "fulltext-blind7")
    generic = clusterer_module.NUMBERS_AND_KINDS
    without = frozenset() if left_out is None else generic - left_out
    # Local reports are left out: Ribera's own report, placed by its province, now joins the
    # Sicilian story first, which then stays out of the South African one on its own.
    config = ClusterConfig(local_threshold=1.0)
    for words, apart in ((generic, True), (without, False)):
        monkeypatch.setattr(clusterer_module, "NUMBERS_AND_KINDS", words)
        if not apart:
            _no_country_fallback(monkeypatch)
        placed = _cluster_of(cluster_docs(docs, config))
        one = {placed[doc] for doc in placed if gold[doc] == first}
        other = {placed[doc] for doc in placed if gold[doc] == then}
        assert one.isdisjoint(other) is apart


def test_a_compass_point_in_another_language_is_no_key_name(monkeypatch) -> None:
    """The tenth blind set's Colombian and Panamanian part: the Colón paper's report of diesel
    reaching the shore names only its barrio, Barrio Sur, up front. "Sur" is a town in Lebanon
    and in Oman to the gazetteer, so it clashed with the story of the spill off Colón, Panama.
    Compass points and kinds of place are no key names in Spanish and Portuguese either (Sur,
    Norte, Barrio, Municipio); with English ones only, the report is a story of its own."""
    from tui.core.cluster import clusterer as clusterer_module

    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind10" / "part-co")
    spill = [doc for doc in gold if gold[doc] == "colon-barge-collision-spill"]
    english = frozenset(word for word in clusterer_module.NUMBERS_AND_KINDS
                        if word not in {"sur", "barrio"})
    for words, together in ((clusterer_module.NUMBERS_AND_KINDS, True), (english, False)):
        monkeypatch.setattr(clusterer_module, "NUMBERS_AND_KINDS", words)
        if not together:
            # The Colón paper is a local outlet of Panama: its "Sur" is no Lebanese town
            # either (``Vocabulary.places``), which this test's rule came before.
            _no_local_homes(monkeypatch)
        placed = _cluster_of(cluster_docs(docs))
        assert (len({placed[doc] for doc in spill}) == 1) is together


def test_a_place_mentioned_in_passing_does_not_place_a_story(monkeypatch) -> None:
    """Two sets clustered as one window, as a week of news is: a methanol derailment near
    Ignace, Ontario, and an ethanol derailment in Halstead, Kansas, told in the same words by
    wires of the same style. A name is "the same place at another scale" only where the
    other side's key names place its story: a US place its reports mention further down no
    longer makes Kansas part of the Ontario story. Read from every name they mention, the
    Kansas wire joined the Ontario derailment."""
    from dataclasses import replace as renamed

    evaluation = _evaluation()
    docs, gold = [], {}
    for folder in ("fulltext-blind", "fulltext-blind7"):
        loaded, labels = evaluation.load_fulltext_parts(evaluation.DATA_DIR / folder)
        for doc in loaded:
            docs.append(renamed(doc, id=f"{folder}:{doc.id}"))
            gold[f"{folder}:{doc.id}"] = labels[doc.id]
    kansas = "fulltext-blind7:continental-press/kansas-ethanol-train-derails-fire"
    assert gold[kansas] == "halstead-ethanol-derailment"
    original = KeyNames._dominant_split

    def by_every_name(self, cluster, dominant, mentioned, placed):
        return original(self, cluster, dominant, mentioned, mentioned)

    for split, apart in ((original, True), (by_every_name, False)):
        monkeypatch.setattr(KeyNames, "_dominant_split", split)
        placed = _cluster_of(cluster_docs(docs))
        ontario = {placed[doc] for doc in placed if gold[doc] == "ignace-methanol-derailment"}
        assert (placed[kansas] not in ontario) is apart


def test_two_pairs_of_one_flood_told_at_two_scales_are_one_story() -> None:
    """A wire and a national paper tell a flood through "western Georgia" and its region; the
    town's own paper tells it through the town, the day after too. Each pair forms first; the
    merge must not need every member of one pair to fit the other pair closely (one of the
    regional reports fits the town's reports at a cosine of 0.135)."""
    docs = _fulltext_event("sachkhere-flood")
    assert len(docs) == 4
    assert len({p.cluster_id for p in cluster_docs(docs)}) == 1
    strict = ClusterConfig(merge_support_threshold=ClusterConfig().support_threshold)
    assert len({p.cluster_id for p in cluster_docs(docs, strict)}) == 2


def test_comment_and_updates_two_days_on_join_the_story_they_follow() -> None:
    """Reports with text keep a two-day grace when they join a story of several reports: the
    opinion piece on a telecom outage (two days on, cosine 0.26 with the story) and the wire's
    toll update two days after a quake (0.49) belong to their stories. With the headline's
    one-day grace both are split off (the threshold 42-53 hours on is 0.45-0.57)."""
    outage = _fulltext_event("kolkhida-outage")
    opinion = "the-parapet/one-software-update-away-from-silence"
    news = {"continental-press/georgian-mobile-operator-outage-disrupts-payments",
            "mtkvari-review/kolkhida-telecom-down-for-seven-hours"}
    quake = _fulltext_event("malatya-quake")
    update = "bosphorus-newswire/eastern-turkey-quake-toll-rises-to-seven-search-ends"
    first = {"bosphorus-newswire/magnitude-5-6-quake-kills-three-eastern-turkey",
             "westmark-broadcasting/malatya-earthquake-five-dead-rescuers-search-villages",
             "ankara-chronicle/turkiye-mobilises-rescue-teams-after-quake"}
    # Without rare names, scenes, figures and weighing too: the lone-report rules would place
    # the opinion by a name only the outage's reports write, and the update by the quake's
    # rubble and cracks or by the magnitude and time it quotes, whatever the grace; weighing
    # the evidence joins the opinion to its story as well, and so does the columns' last look
    # (``feature_threshold``); and the happening pass the update, a wire naming only "eastern
    # Turkey", by the towns of Turkey the quake's reports name (``happening_threshold``); and
    # the follow-ups' last look both (``followup_threshold``).
    headline_grace = ClusterConfig(text_grace_seconds=ClusterConfig().time_grace_seconds,
                                   rare_name_docs=0, scene_words=10**6, rare_figure_docs=0,
                                   weighed_threshold=2.0, feature_threshold=2.0,
                                   happening_threshold=2.0, followup_threshold=2.0)
    for config, together in ((ClusterConfig(), True), (headline_grace, False)):
        placed = _cluster_of(cluster_docs(outage + quake, config))
        assert len({placed[doc] for doc in news}) == 1
        assert (placed[opinion] in {placed[doc] for doc in news}) is together
        assert len({placed[doc] for doc in first}) == 1
        assert (placed[update] == placed[next(iter(first))]) is together


def test_a_late_update_close_to_one_report_joins_its_story(monkeypatch) -> None:
    """A local paper's toll update 49 hours after a quake names the villages, the road and
    the hospital: close to the broadcaster's "Chitral: toll rises to 11" (cosine 0.32) but not
    to the wire's "north-western Pakistan" report (0.07). One close report supports a report
    with text; asked for two, the update stood alone. The whole set is clustered."""
    from tui.core.cluster import vocabulary

    # Nor may the update join the broadcast's toll report while that was alone (see
    # ``test_a_toll_update_two_days_on_joins_a_lone_first_report``).
    monkeypatch.setattr(vocabulary, "UPDATE_WORDS", frozenset())
    evaluation = _evaluation()
    docs, gold = evaluation.load_fulltext_parts(evaluation.DATA_DIR / "fulltext-test")
    update = "valley-chronicle/lutkoh-toll-reaches-17-as-road-reopens"
    broadcast = "qaumi-tv/chitral-earthquake-toll-rises-to-11"
    assert gold[update] == gold[broadcast] == "chitral-earthquake"
    # The scene pass and the happening pass off too: the update's rubble and cracks, or its
    # quake and the villages the story writes, would place it.
    two = ClusterConfig(strong_support_threshold=math.inf, scene_words=10**6,
                        happening_threshold=math.inf)
    for config, together in ((ClusterConfig(), True), (two, False)):
        placed = _cluster_of(cluster_docs(docs, config))
        assert (placed[update] == placed[broadcast]) is together


def test_a_late_comment_close_to_one_report_joins_its_story() -> None:
    """A column on sea rescue 35 hours after a boat's survivors were brought to Lampedusa:
    0.19 with the wire's first report, 0.14 and 0.08 with the others. One report that
    close supports it; at the former bar of 0.25 it stood alone. The whole set is
    clustered."""
    evaluation = _evaluation()
    docs, gold = evaluation.load_fulltext_parts(evaluation.DATA_DIR / "fulltext-holdout")
    column = "the-lectern-column/europe-rescue-as-policy"
    wire = "continental-press-g/italy-coastguard-rescues-63-lampedusa"
    assert gold[column] == gold[wire] == "lampedusa-boat-rescue"
    for config, together in ((ClusterConfig(), True),
                             # and no scene pass: the column's boats and sea; nor the
                             # columnist's outlet read as one of columns (its kind)
                             (ClusterConfig(strong_support_threshold=0.25,
                                            scene_words=10**6, feature_kinds=()), False)):
        placed = _cluster_of(cluster_docs(docs, config))
        assert (placed[column] == placed[wire]) is together


def test_two_lone_pieces_two_days_apart_keep_the_headline_grace() -> None:
    """The two-day grace is for joining a story of several reports. Two opinion pieces of one
    outlet 38 hours apart (Baku's expulsion of the UN; Europe's energy), each alone, share
    "Europe" and the columnist's vocabulary at a cosine of 0.2: not one story."""
    corpus = load_corpus()
    wanted = {"lantern/azerbaijan-self-isolation-is-europes-problem",
              "lantern/europe-energy-diversification"}
    docs = [Doc(a.path, a.title, text="\n\n".join(a.body), outlet=a.outlet,
                published=a.published.timestamp()) for a in corpus.articles if a.path in wanted]
    assert len(docs) == 2
    assert len({p.cluster_id for p in cluster_docs(docs)}) == 2


@pytest.mark.parametrize("earlier, later", [
    ("cedrus-bank-data-breach", "cedrus-buys-aktis-cyprus"),
    ("altyn-qanat-shymkent-runway-excursion", "altyn-qanat-ipo-plan"),
    ("galati-danube-collision", "galati-captain-detained"),
], ids=["a bank's breach, then its acquisition", "an airline's accident, then its share sale",
        "a collision, then the captain's detention"])
def test_a_development_days_later_is_a_story_of_its_own(earlier: str, later: str) -> None:
    """The same company or ship, a day or two apart: the later reports recap the first event
    in passing but announce a development of their own (a deal, a listing, a detention) that
    the first story never spoke of. Batch and one report at a time, as feeds deliver them;
    with the rule switched off the two stories are one."""
    docs, gold = _later_set_events("fulltext-validation", earlier, later)
    assert len(set(gold.values())) == 2
    for placed in (_cluster_of(cluster_docs(docs)), _one_at_a_time(docs)):
        precision, recall, _ = bcubed(placed, gold)
        assert precision == 1.0  # nothing of one story in the other
        assert recall >= 0.75  # and each story holds together (a feature may stand apart)
    merged = _cluster_of(cluster_docs(docs, ClusterConfig(split_developments=False)))
    assert len(set(merged.values())) == 1


def test_a_strike_story_told_as_walkout_and_stoppage_stays_one() -> None:
    """Kinds, not words: a strike story whose first report says "strike" has had the
    "walkout", "stoppage" and "striking dockworkers" of the next days' reports."""
    strike = [
        Doc(1, "Dockworkers strike at Poti port over pay", published=T0,
            text="About 1,200 dockworkers at the port of Poti stopped work on Monday, asking "
                 "for a rise of 30 percent."),
        Doc(2, "Poti port at a standstill as dockers stay out", published=T0 + 30 * HOUR,
            text="A walkout by dockworkers has halted container handling at Poti for a second "
                 "day, with ships waiting offshore and no talks planned."),
        Doc(3, "Poti stoppage enters third day as ships queue", published=T0 + 50 * HOUR,
            text="Striking dockworkers at Poti kept the container terminal shut for a third "
                 "day as the stoppage left ships queueing offshore."),
    ]
    assert len(set(_cluster_of(cluster_docs(strike)).values())) == 1


ARREST_SAME_DAY = [
    Doc(1, "Gunman kills two at Gyumri market", published=T0,
        text="A gunman opened fire at the central market in Gyumri on Saturday morning, "
             "killing two traders and wounding four shoppers, police said."),
    Doc(2, "Two dead in Gyumri market shooting", published=T0 + 2 * HOUR,
        text="Two traders were killed and four shoppers wounded when a man opened fire at "
             "the central market in Gyumri, police said."),
    Doc(3, "Police arrest suspect after Gyumri market shooting", published=T0 + 6 * HOUR,
        text="Police in Gyumri arrested a 41-year-old man on Saturday afternoon over the "
             "shooting at the central market that killed two traders."),
]
# The plant's closure and, hours later, the report that a fire had forced it: a report naming
# the happening within the grace of a story that named none (``state.happened_apart``).
FIRE_SAME_DAY = [
    Doc(1, "Ostrava steelworks halts output at its coke plant", published=T0,
        text="The Ostrava steelworks said on Monday it had halted output at its coke plant "
             "and sent 300 workers home until further notice."),
    Doc(2, "Ostrava coke plant stops, 300 sent home", published=T0 + 2 * HOUR,
        text="Output at the coke plant of the Ostrava steelworks stopped on Monday and 300 "
             "workers were sent home, the company said."),
    Doc(3, "Fire behind the halt at Ostrava coke plant", published=T0 + 5 * HOUR,
        text="A fire in a conveyor gallery forced the Ostrava steelworks to halt its coke "
             "plant on Monday, the company said, sending 300 workers home."),
]


@pytest.mark.parametrize("docs", [ARREST_SAME_DAY, FIRE_SAME_DAY],
                         ids=["an arrest", "the fire behind a closure"])
def test_a_follow_up_the_same_day_is_part_of_the_first_coverage(docs: list[Doc]) -> None:
    """Within the grace, the arrest, or the happening behind the company's news, is still
    the story: only a development or a happening more than a day after the story began
    makes its own."""
    assert len(set(_cluster_of(cluster_docs(docs)).values())) == 1
    assert len(set(_one_at_a_time(docs).values())) == 1


def test_a_development_that_recaps_the_earlier_one_still_stands_apart() -> None:
    """One new kind is enough: a miner's export deal, then a strike at its plants 31 hours
    later whose reports recap "days after the India deal" (both kinds in their headlines and
    first sentences). Requiring no kind in common, as a first version did, merged the two."""
    docs, gold = _later_set_events("fulltext-holdout", "tellia-india-contract",
                                   "tellia-metlaoui-strike")
    assert len(docs) == 6
    for placed in (_cluster_of(cluster_docs(docs)), _one_at_a_time(docs)):
        assert bcubed(placed, gold) == (1.0, 1.0, 1.0)


def test_the_same_lender_and_sum_for_two_countries_of_two_words_and_one_are_two_stories(
) -> None:
    """Sri Lanka is a country as Chile is: a country written in two words is one name of it
    ("Sri Lanka's", "Sri Lankan"), so two IMF tranches of the same size on the same day, one
    for each, are two stories. Read word by word, "Sri" and "Lanka" named no country, and the
    IMF the two share outweighed them."""
    docs = [
        Doc(1, "IMF approves $300 million loan tranche for Sri Lanka", outlet="wire",
            published=T0, text="The IMF board approved a $300 million tranche of its loan to "
                               "Sri Lanka on Monday, saying reforms were on track."),
        Doc(2, "Sri Lankan loan tranche of $300 million cleared by IMF", outlet="herald",
            published=T0 + 2 * HOUR, text="The IMF has cleared another $300 million for Sri "
                                          "Lanka, its board said on Monday, praising reforms."),
        Doc(3, "IMF approves $300 million loan tranche for Chile", outlet="wire",
            published=T0 + 3 * HOUR, text="The IMF board approved a $300 million tranche of "
                                          "its loan to Chile on Monday, saying reforms were on "
                                          "track."),
        Doc(4, "Chilean loan tranche of $300 million cleared by IMF", outlet="herald",
            published=T0 + 5 * HOUR, text="The IMF has cleared another $300 million for "
                                          "Chile, its board said on Monday, praising reforms."),
    ]
    gold = {1: "lk", 2: "lk", 3: "cl", 4: "cl"}
    for placed in (_cluster_of(cluster_docs(docs)), _one_at_a_time(docs)):
        assert bcubed(placed, gold) == (1.0, 1.0, 1.0)


def test_a_contract_award_the_day_after_a_fire_is_a_story_of_its_own() -> None:
    """A water company's plant fire, then 30 hours later a government awarding it another
    plant: an award is a deal. The fire's own reports call the company "Abu Dhabi-listed"
    and weigh "penalties" under its contract: neither is a development of its own."""
    docs, gold = _later_set_events("fulltext-check", "tarfa-dibba-fire",
                                   "tarfa-khairan-contract")
    assert len(docs) == 6
    for placed in (_cluster_of(cluster_docs(docs)), _one_at_a_time(docs)):
        assert bcubed(placed, gold)[0] == 1.0
    merged = _cluster_of(cluster_docs(docs, ClusterConfig(split_developments=False)))
    assert len(set(merged.values())) == 1


def _mixed(placed: dict, gold: dict, chosen: set) -> bool:
    """Some story holds reports of two of the ``chosen`` reports' events."""
    stories: dict = {}
    for doc_id in chosen:
        stories.setdefault(placed[doc_id], set()).add(gold[doc_id])
    return any(len(events) > 1 for events in stories.values())


def _events_apart(folder: str, *events: str) -> tuple[list[Doc], dict, set]:
    """Clustering the whole labelled set (its word weights are the set's), batch and ten at a
    time, no story holds reports of two of ``events``. The set's docs and gold, and the ids
    of those events' reports."""
    evaluation = _evaluation()
    docs, gold = evaluation.load_fulltext_parts(evaluation.DATA_DIR / folder)
    chosen = {d.id for d in docs if gold[d.id] in events}
    assert not _mixed(_cluster_of(cluster_docs(docs)), gold, chosen)
    assert not _mixed(evaluation.run_incremental(docs, 10), gold, chosen)
    return docs, gold, chosen


def _assert_kept_apart(folder: str, earlier: str, later: str) -> None:
    """Clustering the whole set, batch and ten at a time, no story holds reports of both
    events; with the development rules off, one does."""
    docs, gold, chosen = _events_apart(folder, earlier, later)
    assert _mixed(_cluster_of(cluster_docs(docs, ClusterConfig(split_developments=False))),
                  gold, chosen)


@pytest.mark.parametrize(("folder", "trouble", "purchase"), [
    ("fulltext-judge", "aeropampa-grounding", "voar-acquires-aeropampa"),
    ("fulltext-blind", "brennhof-formula-recall", "brennhof-groenveld-acquisition"),
    ("fulltext-blind2", "corrib-air-it-outage", "corrib-air-buys-northlight"),
    ("fulltext-blind7", "harbourline-tidemark-recall", "harbourline-namib-pelagic-deal"),
], ids=["a grounded fleet, then a buyer for the airline", "a formula recall, then the maker "
        "buys another", "an IT failure, then the airline buys another",
        "a canner's recall, then its first sentence: agreed to buy"])
def test_a_purchase_the_next_morning_is_a_story_of_its_own(
        folder: str, trouble: str, purchase: str) -> None:
    """A company's trouble, and 22-23 hours later, inside the one-day grace, a purchase by it
    or of it: headlines announcing the purchase name an actor (the buyer, the bought) that the
    trouble's reports never name, so they start a story of their own, and their follow-ups
    ("bets on oat milk with Groenveld deal") join it. A headline may leave the purchase to
    its first sentence ("Harbourline bets R1.35bn on Namibian sardines": "has agreed to buy
    70% of"). The whole set is clustered; with the rule off, the two stories are one."""
    _assert_kept_apart(folder, trouble, purchase)


def test_a_headline_that_buys_time_names_no_buyer() -> None:
    """"Buys" in a headline is a purchase only with a name the story never wrote: the opinion
    piece "Kazakhstan's emergency rate rise buys the tenge time", nine hours after the central
    bank's move, names only the country of the story it argues about, and joins it."""
    docs, gold = _later_set_events("fulltext-validation", "kazakhstan-emergency-rate-hike")
    comment = next(doc.id for doc in docs if "buys" in doc.title)
    placed = _cluster_of(cluster_docs(docs))
    assert placed[comment] == placed[min(docs, key=lambda d: d.published or 0.0).id]


@pytest.mark.parametrize(("folder", "earlier", "later"), [
    ("fulltext-decide", "lanzarote-blackout", "cnmc-veralia-sanctions-case"),
    ("fulltext-test", "chingola-tanker-explosion", "erb-hauler-licence-suspension"),
    ("fulltext-test", "ore-line-derailment-rautas", "arctic-rail-freight-certificate-suspended"),
    ("fulltext-blind", "michigan-windstorm-outages", "mpsc-lakeshore-energy-probe"),
], ids=["a blackout, then a sanctions case", "a tanker blast, then the hauler's licence",
        "a derailment, then the operator's safety certificate",
        "a windstorm's outages, then the regulator's investigation"])
def test_a_regulator_sanctioning_days_later_is_a_story_of_its_own(
        folder: str, earlier: str, later: str) -> None:
    """Two days after an accident, a regulator suspends the operator's licence, opens a
    sanctions case against it or investigates it: a sanction or an inquiry, like a fine, is a
    development of its own, though every report of it recaps the accident. The whole set is
    clustered (its word weights are the set's); with the rule off, the two stories are one."""
    _assert_kept_apart(folder, earlier, later)


@pytest.mark.parametrize(("word", "kind"), [
    ("awards", "deal"), ("Awarded", "deal"), ("acquisition", "deal"), ("walkout", "strike"),
    ("listed", None), ("listing", None), ("penalties", None), ("results", None),
    ("result", None), ("grounded", None), ("profit", "results"),
    ("fined", "sanction"), ("suspends", "sanction"), ("licence", "sanction"),
    ("sanctions", "sanction"), ("investigation", "inquiry"), ("probes", "inquiry"),
    ("sells", None), ("sale", "deal"), ("approved", "vote"), ("approval", "vote"),
])
def test_the_words_that_announce_a_development(word: str, kind: str | None) -> None:
    assert development_kind(word) == kind



@pytest.mark.parametrize(("sentence", "kinds"), [
    ("Families sleep on the gymnasium's basketball court", set()),
    ("Mothers keep the radio on and the phone charged", set()),
    ("A clinical trial of the vaccine begins", set()),
    ("Search suspended for three fishermen missing off Newfoundland", set()),
    ("Officials have suspended the search for three fishermen", set()),
    ("The regulator suspended the operator's licence", {"sanction"}),
    ("The driver was charged with manslaughter", {"legal"}),
    ("The court orders the mine closed", {"legal"}),
    ("The trial of the ferry's captain opens", {"legal"}),
    ("Evacuees sleep on the school's covered court", set()),
    ("Every rainy season we read the same sentences", set()),
    ("The captain was sentenced to six years", {"legal"}),
    ("Two sentences were handed down", {"legal"}),
    ("The search for two people still missing has been suspended", set()),
    ("The regulator has suspended the airline's licence after the search", {"sanction"}),
    # a miner idling its mine: its own decision, not a regulator's (twenty-first set: the
    # fine for a worker's death, two days on, had been no news beside "suspends output")
    ("Canadian diamond miner suspends output at Lac Tasiq", set()),
    ("Borealis said it would suspend production at its only mine", set()),
    ("The regulator suspends the mine operator's licence", {"sanction"}),
    # a water test's "suspended solids", and what stays suspended in a toll update, are no
    # sanction (ninety-second set: a spill's test results; ninety-third: a boiler blast's
    # third death, "milling stays suspended", had been kept out of its story)
    ("Tests find suspended solids 14 times over the limit", set()),
    ("Death toll climbs to three; milling stays suspended", set()),
    ("Work at the mill remains suspended", set()),
    ("The regulator suspended the mill's permit", {"sanction"}),
    # what is at stake is no share bought (a column on Chelmsford's bus strike, "our own
    # journey at stake", hundred-and-twenty-eighth set)
    ("Forty jobs are at stake as talks fail", set()),
    ("The harbour group takes a stake in the ferry line", {"deal"}),
])
def test_a_development_word_in_its_everyday_sense_announces_nothing(
        sentence: str, kinds: set[str]) -> None:
    """A feature about evacuees on a basketball court, or mothers keeping a phone charged,
    had been read as legal action and kept out of the story it was written about."""
    assert Vocabulary._developments(TOKEN.findall(sentence)) == kinds


@pytest.mark.parametrize(("sentence", "bought"), [
    ("Our own journey is at stake whenever the drivers walk out.", False),
    ("The harbour group has agreed to buy a stake in the ferry line.", True),
])
def test_what_is_at_stake_announces_no_purchase(sentence: str, bought: bool) -> None:
    """A purchase announced up front is a development of its own (``words.ACQUISITION``);
    "at stake" is none: the column that said so was kept out of its bus strike."""
    doc = Doc(id="c", title="Buses are a public service", text=sentence + " More follows.")
    _, _, cues = Vocabulary(ClusterConfig()).analyse(doc)
    assert ("acquisition" in cues.news) is bought


def test_a_column_arguing_about_licences_joins_its_story(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-twenty-eighth set: "We license waste yards on paper and police them
    by luck", a column four days after Tullamore's recycling-yard fire, leans to that story
    only (0.18, the next 0.03) and names Tullamore, but its "license" read as a sanction the
    story never announced. What a column argues is no news of its own
    (``local.ARGUED``); without that, it stays alone."""
    evaluation = _evaluation()
    docs, gold = evaluation.load_fulltext_parts(evaluation.DATA_DIR / "fulltext-blind128")
    column = "the-tuesday-argument/we-keep-putting-the-dump-beside-the-houses"
    fire = "irish-dispatch-agency/fire-at-tullamore-recycling-yard"
    for placed in (_cluster_of(cluster_docs(docs)), evaluation.run_incremental(docs, 10)):
        assert placed[column] == placed[fire]
    monkeypatch.setattr("tui.core.cluster.local.ARGUED", frozenset())
    placed = _cluster_of(cluster_docs(docs))
    assert placed[column] != placed[fire]


# The stories of one town a day apart, published hours after this.
_town_news = partial(article, datetime(2026, 11, 9, 4, 0, tzinfo=UTC))
TOWN_FIRE = [
    _town_news("wire", "Ridge Wire", 0,
               "Fire destroys timber warehouse in Saint-Aubert",
               "A fire destroyed a timber warehouse in Saint-Aubert overnight, firefighters "
               "said, and smoke from the burning stacks drifted over the harbour until dawn. "
               "No one was hurt."),
    _town_news("radio", "Valley Radio", 2,
               "Saint-Aubert: warehouse fire burns through the night",
               "Firefighters fought the fire at the Saint-Aubert timber warehouse through the "
               "night; the burning stacks sent smoke over the harbour and no one was hurt."),
]
TOWN_PROTEST = _town_news(
    "protest", "Valley Radio", 26,
    "Saint-Aubert: parents block school gates over missing teachers",
    "Parents in Saint-Aubert blocked the gates of the Saint-Aubert secondary school on Tuesday "
    "morning, saying pupils have gone six weeks without maths and physics teachers.")


def test_the_same_town_the_next_day_is_another_story(monkeypatch: pytest.MonkeyPatch) -> None:
    """A protest in the town the day after its warehouse fire shares the town's name and not
    one word of what happened: another story. Read on the name alone, it joined the fire."""
    placed = _cluster_of(cluster_docs([*TOWN_FIRE, TOWN_PROTEST]))
    assert placed["wire"] == placed["radio"] != placed["protest"]
    for module in ("clusterer", "merging"):
        monkeypatch.setattr(f"tui.core.cluster.{module}.shares_only_names",
                            lambda *args: False)
    placed = _cluster_of(cluster_docs([*TOWN_FIRE, TOWN_PROTEST]))
    assert placed["wire"] == placed["radio"] == placed["protest"]


def test_the_same_town_the_next_day_in_a_labelled_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """The fifth blind set's Saint-Benoît: a warehouse fire, and the next morning parents
    blocking a collège's gates there, told by the fire's local radio. The whole set is
    clustered, batch and ten at a time; read on the town's name alone, one story."""
    docs, gold, chosen = _events_apart("fulltext-blind5", "saint-benoit-warehouse-fire",
                                       "saint-benoit-college-blockade")
    assert len(chosen) == 3
    for module in ("clusterer", "merging"):
        monkeypatch.setattr(f"tui.core.cluster.{module}.shares_only_names",
                            lambda *args: False)
    monkeypatch.setattr("tui.core.cluster.merging.names_carry", lambda *args: 0.0)
    # Saint-Benoît is one term since towns of several words are (``Gazetteer.join_names``):
    # read as two words, as a town the gazetteer lacks is, the name alone mixes them.
    towns_as_words(monkeypatch)
    assert _mixed(_cluster_of(cluster_docs(docs)), gold, chosen)


HOSPITAL_STRIKE = [
    _town_news("radio", "Savanna FM", 0,
               "Nurses begin indefinite strike at Funtua teaching hospital",
               "Nurses at the Funtua teaching hospital began an indefinite strike on Monday "
               "over unpaid allowances, leaving the wards to doctors and a handful of matrons."),
    _town_news("local", "Funtua Clarion", 6,
               "Funtua wards empty as striking nurses walk out",
               "Wards at the teaching hospital in Funtua emptied on Monday as nurses walked "
               "out over allowances they say are eight months overdue."),
]
TOWN_WALL = _town_news(
    "wall", "Funtua Clarion", 30,
    "Work begins on Funtua's ancient city wall",
    "Masons began work on Tuesday on the crumbling mud rampart of Funtua, the first phase "
    "of a restoration the heritage commission has planned for a decade.")


def test_that_something_begins_is_not_what_happened(monkeypatch: pytest.MonkeyPatch) -> None:
    """A nurses' strike "begins" in a town, and the next day work "begins" on its ancient
    wall: they share the town's name and that word, not one word of what happened (the
    hundred-and-sixteenth set's Zaria). Read with "begin" as what happened, one story."""
    placed = _cluster_of(cluster_docs([*HOSPITAL_STRIKE, TOWN_WALL]))
    assert placed["radio"] == placed["local"] != placed["wall"]
    monkeypatch.setattr("tui.core.cluster.state.PHASES", frozenset())
    placed = _cluster_of(cluster_docs([*HOSPITAL_STRIKE, TOWN_WALL]))
    assert placed["radio"] == placed["local"] == placed["wall"]


def test_that_something_begins_in_a_labelled_set(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-sixteenth set's Zaria: the nurses' strike that "begins" at its teaching
    hospital, and the next day work that "begins" on the city's wall, told by the same local
    paper. The whole set is clustered, batch and ten at a time."""
    docs, gold, chosen = _events_apart("fulltext-blind116", "abuth-nurses-strike",
                                       "zaria-wall-restoration")
    assert len(chosen) == 8
    monkeypatch.setattr("tui.core.cluster.state.PHASES", frozenset())
    assert _mixed(_cluster_of(cluster_docs(docs)), gold, chosen)


def test_a_gas_main_struck_is_a_happening_beside_a_strike_in_the_town(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-twenty-second set: Norwich's bus drivers walk out, and the next day
    "Homes evacuated in Norwich after gas main is damaged"; neither report of the gas main
    writes "leak" up front, and they shared the city and "homes" with the strike, whose
    story they joined. A gas main struck names a leak (``words.HAZARD_PHRASES``). The whole
    set is clustered, batch and ten at a time."""
    docs, gold, chosen = _events_apart("fulltext-blind122", "norwich-bus-drivers-strike",
                                       "norwich-magdalen-street-gas-leak")
    assert len(chosen) == 4
    monkeypatch.delitem(HAZARD_PHRASES, ("gas", "main"))
    assert _mixed(_cluster_of(cluster_docs(docs)), gold, chosen)


def test_a_street_the_gazetteer_cannot_place_is_placed_by_its_own_story_s_town(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-nineteenth set, ten at a time: the evacuation of a cracked dormitory
    on Dnipro's Kosmichna Street, and a stairwell's collapse on Odesa's Mala Arnautska the
    same day. Kosmichna, the evacuation's dominant name, is no place the gazetteer knows, so
    the merge pass read it as maybe a street of Odesa, and the two stories were one. One of
    its reports keys Dnipro, which the Odesa story never mentions: that places it apart
    (``KeyNames._placed_apart``). The whole set is clustered, batch and ten at a time."""
    docs, gold, chosen = _events_apart("fulltext-blind119", "odesa-mala-arnautska-collapse",
                                       "dnipro-dormitory-evacuation")
    assert len(chosen) == 9
    monkeypatch.setattr(KeyNames, "_placed_apart", lambda self, unknown, known: False)
    assert _mixed(_evaluation().run_incremental(docs, 10), gold, chosen)


def test_far_is_no_name_a_province_of_fars_shares(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-seventeenth set, ten at a time: "Nine workers killed in road crash in
    Egypt's far south" and, the next morning, a bus hitting a tanker near Marvdasht in Iran's
    Fars province. "Fars" is stemmed to "far", so the two crashes shared a name, no clash of
    countries was read, and the Iranian crash's story was merged into the Egyptian one.
    "far" is a stop word (``text.STOP_WORDS``); "Fars" keeps its term. The whole set is
    clustered, batch and ten at a time."""
    vocab = Vocabulary(ClusterConfig())
    assert vocab.term("far") is None
    assert vocab.term("Fars") == "far"
    docs, gold, chosen = _events_apart("fulltext-blind117", "edfu-microbus-crash",
                                       "marvdasht-bus-crash")
    assert len(chosen) == 8
    monkeypatch.setattr("tui.core.cluster.vocabulary.STOP_WORDS", STOP_WORDS - {"far"})
    assert _mixed(_evaluation().run_incremental(docs, 10), gold, chosen)


def test_public_is_a_kind_of_body_not_a_name(monkeypatch: pytest.MonkeyPatch) -> None:
    """The third set, ten at a time: Venezuela's Public Ministry detains five over Zulia's
    blackout, and North Macedonia's Basic Public Prosecutor's Office three rail officials
    over the Veles derailment, the same evening. "Public" (folded with "Pública") was a key
    name both wrote, no clash of countries was read, and the derailment's first detention
    report was merged into the blackout's story. Like "police", it names a kind of body
    every country has (``words.NUMBERS_AND_KINDS``). The whole set is clustered, batch and
    ten at a time."""
    docs, gold, chosen = _events_apart("fulltext-blind3", "ve-blackout-sabotage-detentions",
                                       "veles-derailment-detentions")
    assert len(chosen) == 4
    monkeypatch.setattr("tui.core.cluster.clusterer.NUMBERS_AND_KINDS",
                        NUMBERS_AND_KINDS - {"public", "publica", "publico"})
    assert _mixed(_evaluation().run_incremental(docs, 10), gold, chosen)


def test_two_closures_in_towns_other_countries_share_names_with() -> None:
    """The hundred-and-twentieth set: a fruit packer shuts its plant in Worcester (Western
    Cape) and, the next day, a clothing maker its factory in Newcastle (KwaZulu-Natal), "640
    jobs at risk" each. Both towns are English ones too, so neither placed its story until
    the side's "South Africa" read them there (``names.PlaceContext``). The whole set is
    clustered, batch and ten at a time."""
    _, _, chosen = _events_apart("fulltext-blind120", "worcester-packhouse-closure",
                                 "newcastle-clothing-factory-closure")
    assert len(chosen) == 10


def test_two_closures_in_english_towns_far_apart(monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-twenty-seventh set: a knitwear maker shuts its Hinckley factory
    (Leicestershire) and, the next day, a pottery its Burslem works (Stoke-on-Trent), jobs lost
    at each. Both towns are in the one GeoNames province England, so each read as the other's
    place at another scale; 75 km apart, they are two (``names.NEAR_KM``). The whole set is
    clustered, batch and ten at a time; without the distance, the two are one story."""
    docs, gold, chosen = _events_apart("fulltext-blind127", "hinckley-knitwear-factory-closure",
                                       "burslem-pottery-closure")
    monkeypatch.setattr("tui.core.cluster.names.NEAR_KM", float("inf"))
    assert _mixed(_cluster_of(cluster_docs(docs)), gold, chosen)


@pytest.mark.parametrize(("folder", "first", "then"), [
    ("fulltext-blind6", "zakho-bazaar-fire", "zakho-teachers-salary-protest"),
    ("fulltext-blind7", "ugu-floods", "umtentweni-n2-taxi-crash"),
], ids=["a bazaar fire, then teachers marching in Zakho, Duhok province",
        "floods, then a taxi crash near Port Shepstone, both killing people"])
def test_the_same_place_and_a_death_toll_are_not_what_happened(
        monkeypatch: pytest.MonkeyPatch, folder: str, first: str, then: str) -> None:
    """Two happenings in one town or province within two days share its names, the kind of
    place ("province", the Port of Port Shepstone) and, for two deadly ones, that people were
    killed: none of it says what happened. The whole set is clustered; counting those words
    as shared news (and not comparing the kinds of happening their headlines name, the other
    guard), the two are one story."""
    evaluation = _evaluation()
    docs, gold = evaluation.load_fulltext_parts(evaluation.DATA_DIR / folder)
    chosen = {d.id for d in docs if gold[d.id] in (first, then)}
    assert not _mixed(_cluster_of(cluster_docs(docs)), gold, chosen)
    # Either guard alone kept them apart until Port Shepstone became one term (a town of
    # several words, ``Gazetteer.join_names``): a shared name, where "Port" was a kind of
    # place. Both off, one story. (Names carrying most of what two stories share keep them
    # apart too, ``merge_names_share``: off here, only what they share at all counts.)
    unguarded = ClusterConfig(other_happening_below=0.0, merge_names_share=1.0)
    monkeypatch.setattr("tui.core.cluster.state.PLACE_KINDS", frozenset())
    monkeypatch.setattr("tui.core.cluster.state.CASUALTY", frozenset())
    assert _mixed(_cluster_of(cluster_docs(docs, unguarded)), gold, chosen)


def test_a_story_no_name_unites_still_clashes_with_elsewhere(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The sixth blind set's sinking off Newfoundland, told through the Atlantic coast, the
    Burin Peninsula, the town and "Newfoundland": no key name is half its reports', and a
    story whose names are no majority's used to clash with nothing, so Brazil's river-boat
    sinking (and through it a Croatian landslide) joined it. All its reports' names are
    what it is about. The whole set is clustered."""
    evaluation = _evaluation()
    docs, gold = evaluation.load_fulltext_parts(evaluation.DATA_DIR / "fulltext-blind6")
    chosen = {d.id for d in docs
              if gold[d.id] in ("kestrel-point-sinking", "marajo-riverboat-sinking")}
    placed = _cluster_of(cluster_docs(docs))
    assert not _mixed(placed, gold, chosen)
    assert (placed["meridian-wire/four-fishermen-missing-atlantic-coast"]
            == placed["tcb-news/burin-peninsula-search-for-four-fishermen"]
            == placed["northway-press/search-suspended-kestrel-point"])

    def majority_only(cluster, most=False):
        keyed = cluster.keyed
        return [term for term, count in cluster.keys.items()
                if count * 2 > keyed or (not most and count * 2 == keyed)]

    monkeypatch.setattr(StoryClusterer, "_dominant", staticmethod(majority_only))
    _no_country_fallback(monkeypatch)
    # And without the outlets' country tags placing what the gazetteer cannot (the
    # sixteenth day of issue 10), which keeps the Brazilian outlets' sinking apart too.
    monkeypatch.setattr("tui.core.cluster.names.tagged_elsewhere", lambda *args: False)
    assert _mixed(_cluster_of(cluster_docs(docs)), gold, chosen)


def test_a_description_that_repeats_the_headline_changes_nothing(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Many feeds give each item a description that is its title again (the real-headline
    feeds of the shared tools do). Read as a report's first sentence, it made every word of
    a Title Case headline a name, and split headlines that share only names (on the UCI
    halves, 0.943 and 0.880 with titles alone, 0.609 and 0.620 with the title repeated). A
    text that only repeats the headline is no text."""
    corpus = load_corpus()
    titles = [Doc(a.path, a.title, outlet=a.outlet, published=a.published.timestamp())
              for a in corpus.articles]
    repeated = [Doc(d.id, d.title, text=d.title, outlet=d.outlet, published=d.published)
                for d in titles]
    assert cluster_docs(repeated) == cluster_docs(titles)
    monkeypatch.setattr("tui.core.cluster.state.as_read", lambda doc: doc)
    monkeypatch.setattr("tui.core.cluster.clusterer.as_read", lambda doc: doc)
    assert cluster_docs(repeated) != cluster_docs(titles)



def _ten_at_a_time(docs: list[Doc], config: ClusterConfig) -> tuple[dict, list]:
    """As the app refreshes: ten new reports at a time (in time order) added to a clusterer
    loaded with the placed ones. The placements, and each add's (loaded placements, result)."""
    ordered = sorted(docs, key=lambda d: (d.published or 0.0, d.id))
    where: dict = {}
    adds = []
    next_id = 1
    for start in range(0, len(ordered), 10):
        clusterer = StoryClusterer(config, next_id=next_id)
        loaded = [Placement(d.id, where[d.id], 1.0, ()) for d in ordered[:start]]
        clusterer.load(ordered[:start], loaded)
        result = clusterer.add(ordered[start:start + 10])
        adds.append(({p.doc_id: clusterer.resolve(p.cluster_id) for p in loaded},
                     result, clusterer.clusters()))
        where = {doc_id: clusterer.resolve(cid) for doc_id, cid in where.items()}
        for placement in result.placements:
            where[placement.doc_id] = placement.cluster_id
        next_id = clusterer.next_id
    return where, adds


def test_a_refreshs_new_reports_move_to_their_story_once_all_are_placed() -> None:
    """The fourth blind set's Suakin ferry fire, ten reports at a time: a refresh brought the
    wire's first report and the Red Sea broadcaster's, and the first, placed before the
    second, began a story of its own. As in batch mode, a refresh's new reports now move to
    a clearly better story once all of them are placed: one story, as batch makes it. Loaded
    reports never move (only merges carry them), and every placement reported is where the
    report is."""
    evaluation = _evaluation()
    docs, gold = evaluation.load_fulltext_parts(evaluation.DATA_DIR / "fulltext-blind4")
    fire = [doc_id for doc_id in gold if gold[doc_id] == "suakin-ferry-fire"]
    placed, adds = _ten_at_a_time(docs, ClusterConfig())
    assert len({placed[doc_id] for doc_id in fire}) == 1
    for loaded, result, clusters in adds:
        where = {doc_id: cid for cid, members in clusters.items() for doc_id in members}
        assert all(where[doc_id] == cid for doc_id, cid in loaded.items())
        assert all(where[p.doc_id] == p.cluster_id for p in result.placements)
    # Without refinement (and without the aftermath pass, which since places the families'
    # feature of the ferry's story by its outlet's country, whichever story it is in).
    placed, _ = _ten_at_a_time(docs, ClusterConfig(refine_rounds=0, aftermath_words=10**6))
    assert len({placed[doc_id] for doc_id in fire}) == 2


def test_a_search_suspended_further_back_announces_no_sanction(monkeypatch) -> None:
    """The twelfth blind set's Quang Ngai landslide: the wire's update two days on says "the
    search for two people still missing has been suspended". Read as a suspension (a
    regulator's sanction), it started a story of its own; the search, eight words back, says
    which sense. Without looking back, the update is apart again."""
    from tui.core.cluster import vocabulary

    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind12" / "part-vn")
    update = "pacific-rim-wire/vietnam-landslide-toll-rises-search-ends"
    first = "pacific-rim-wire/vietnam-landslide-four-dead-nine-missing"
    assert gold[update] == gold[first]
    placed = _cluster_of(cluster_docs(docs))
    assert placed[update] == placed[first]
    monkeypatch.setattr(vocabulary, "EVERYDAY_REACH", {})
    placed = _cluster_of(cluster_docs(docs))
    assert placed[update] != placed[first]


def test_a_county_report_joins_its_states_story(monkeypatch) -> None:
    """The thirteenth blind set's Appalachian flood: the wire says "eastern Kentucky", the
    broadcaster "Pike County" (a county of Kentucky and of nine other states; Pike alone is a
    Wisconsin town). Read as the town, the broadcaster's report lay in another state and the
    flood was five stories of one report each; read as the county, the wire, the broadcaster
    and the wire's toll update are one."""
    from tui.core.cluster import vocabulary

    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind13" / "part-ap")
    wire = "transglobe-press/kentucky-flash-floods-kill-two"
    county = "appalachian-public-media/pike-county-residents-dig-out"
    update = "cumberland-wire/elkhorn-city-flood-toll-rises"
    assert gold[wire] == gold[county] == gold[update]
    placed = _cluster_of(cluster_docs(docs))
    assert placed[wire] == placed[county] == placed[update]
    monkeypatch.setattr(vocabulary, "UNIT_WORDS", frozenset())
    # The wire's toll update would otherwise join the broadcaster's report while it was alone.
    monkeypatch.setattr(vocabulary, "UPDATE_WORDS", frozenset())
    # And the lone reports' second look after the weighed pass would place it by its scene,
    # the happening pass's last look by the flood and a rare name.
    placed = _cluster_of(cluster_docs(
        docs, ClusterConfig(second_look=False, happening_threshold=1.5)))
    assert placed[county] != placed[wire]


def test_a_lawsuit_and_a_strike_sharing_a_word_stay_two_stories(monkeypatch) -> None:
    """The thirteenth blind set pooled: a widow's lawsuit against Tug Ridge Energy in West
    Virginia and, within a day, a strike by tug crews at Port Hedland in Western Australia.
    Each story's reports announce a development (legal action; a strike), not one kind the
    same, and share the word "tug": two stories of several reports announcing other kinds of
    development merge only as close as other kinds of happening must (``merging.news_differ``).
    Without that guard they were one."""
    from tui.core.cluster import merging

    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind13")
    suit = [d for d in gold if gold[d] == "mullins-wrongful-death-suit"]
    strike = [d for d in gold if gold[d] == "hedland-tug-strike"]
    assert len(suit) == len(strike) == 3
    pair = ("mullins-wrongful-death-suit", "hedland-tug-strike")
    assert not _share(_cluster_of(cluster_docs(docs)), gold, *pair)
    monkeypatch.setattr(merging, "news_differ", lambda a, b: False)
    # Names carrying most of what the stories share keep them apart too
    # (``merge_names_share``): off here.
    assert _share(_cluster_of(cluster_docs(docs, ClusterConfig(merge_names_share=1.0))),
                  gold, *pair)


def test_a_spill_two_days_after_the_miners_export_halt_is_its_own_story(monkeypatch) -> None:
    """The fifteenth blind set's Liberian part: an iron-ore miner halts its exports for ten
    weeks (three reports, none naming a happening up front), and two days later the wall of a
    settling pond at its mine gives way and slurry fouls a creek. The spill's reports name the
    halt in passing and the halt's story shares the miner, the mine and the county with them:
    a report naming a happening up front, more than a day after a story of several reports
    none of which did, starts its own (``state.happened_apart``). Without it, one story."""
    from tui.core.cluster import clusterer, merging

    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind15" / "part-ls")
    halt = [d for d in gold if gold[d] == "kitoma-export-halt"]
    spill = [d for d in gold if gold[d] == "kitoma-yiblee-spill"]
    assert len(halt) == len(spill) == 3
    placed = _cluster_of(cluster_docs(docs))
    assert not _share(placed, gold, "kitoma-export-halt", "kitoma-yiblee-spill")
    assert len({placed[d] for d in halt}) == 1
    never = lambda *args: False  # noqa: E731
    monkeypatch.setattr(clusterer, "happened_apart", never)
    monkeypatch.setattr(merging, "happened_apart", never)
    placed = _cluster_of(cluster_docs(docs))
    assert _share(placed, gold, "kitoma-export-halt", "kitoma-yiblee-spill")


def test_a_rescue_loan_and_a_council_vote_are_developments_of_their_own() -> None:
    """Two days after a fire at a cannery, the owner seeks a rescue loan; and the town's
    council votes to move the market. Each recaps the fire, and each, told by two outlets, is
    a story of its own. (A development only one report tells, still alone a day on, is shown
    with the story it follows: ``test_a_follow_up_left_alone_joins_the_story_it_is_closest_to``.)"""
    fire = [
        Doc(1, "Fire guts tuna cannery at Noro", published=T0,
            text="A fire swept through the tuna cannery at Noro overnight, destroying the "
                 "freezer hall; no one was hurt, the company said."),
        Doc(2, "Noro cannery fire leaves 900 workers idle", published=T0 + 3 * HOUR,
            text="The fire that destroyed the freezer hall of the Noro tuna cannery has left "
                 "900 workers without shifts, the company said."),
    ]
    loan = [Doc(3, "Noro cannery owner seeks rescue loan after fire",
                published=T0 + 50 * HOUR,
                text="The owner of the Noro tuna cannery is seeking a rescue loan of $20 "
                     "million from the state bank, two days after the fire at the cannery."),
            Doc(4, "State bank weighs $20m rescue loan for fire-hit Noro cannery",
                published=T0 + 53 * HOUR,
                text="The state bank is weighing a rescue loan of $20 million for the owner "
                     "of the Noro tuna cannery, whose freezer hall burned this week.")]
    vote = [Doc(5, "Noro council votes to move market after cannery fire",
                published=T0 + 52 * HOUR,
                text="Noro's town council voted on Thursday to move the market away from the "
                     "cannery, two days after the fire at the cannery."),
            Doc(6, "Noro market to move away from cannery, council decides",
                published=T0 + 54 * HOUR,
                text="The town council of Noro has voted to move the market away from the "
                     "tuna cannery after this week's fire there.")]
    for later in (loan, vote):
        placed = _cluster_of(cluster_docs([*fire, *later]))
        assert placed[later[0].id] == placed[later[1].id]
        assert placed[later[0].id] != placed[1] == placed[2]


def test_a_price_rise_and_a_sale_are_developments_a_plain_price_or_sells_is_not() -> None:
    """What the headline and first sentence announce, as the clusterer reads them."""
    from tui.core.cluster.vocabulary import Vocabulary
    from tui.core.text import PART

    def news(text: str) -> set[str]:
        return Vocabulary._developments(PART.findall(text))

    assert news("Hokkai Grid seeks 11.4% household rate rise") == {"price"}
    assert news("Utility cleared to raise average electricity tariffs by 9.2 per cent") == {
        "price"}
    assert news("Tug Ridge Energy has agreed to sell its Virginia coal operations") == {"deal"}
    assert news("Mortgage rates steady as the storm clears") == set()
    assert news("A country that sells electricity abroad leaves its own people dark") == set()


def test_a_utility_rate_rise_and_a_miners_sale_stay_apart_from_the_days_before(
        monkeypatch) -> None:
    """The thirteenth blind set: a snowstorm blacks out eastern Hokkaido, and 32 hours later
    the island's utility asks to raise household rates, recapping the blackout; a roof fall
    kills two miners in McDowell County, and two days later their employer's owner agrees to
    sell its Virginia mines. Each later pair is a story of its own (kinds "price" and
    "deal"). Without the price kind, the rate rise joined the blackout (and without the
    government's approval it asks for, read as a decision since the thirty-fourth day)."""
    from tui.core.cluster import vocabulary

    sets = _evaluation()
    for part, first, later in (
            ("part-jp", "east-hokkaido-snow-blackout", "hokkai-grid-rate-hike"),
            ("part-ap", "panther-branch-roof-fall", "tug-ridge-virginia-asset-sale")):
        docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind13" / part)
        placed = _cluster_of(cluster_docs(docs))
        assert not _share(placed, gold, first, later), part
        assert len({placed[d] for d in gold if gold[d] == later}) == 1, part
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind13" / "part-jp")
    monkeypatch.setattr(vocabulary, "_CUES",
                        {form: cue for form, cue in vocabulary._CUES.items() if cue != "priced"})
    approval = {stem(word) for word in ("approve", "approves", "approved", "approval")}
    monkeypatch.setattr(vocabulary, "DEVELOPMENTS", {
        form: kind for form, kind in vocabulary.DEVELOPMENTS.items() if form not in approval})
    vocabulary.development_kind.cache_clear()
    try:
        placed = _cluster_of(cluster_docs(docs))
    finally:
        # Words read then as announcing nothing are remembered so (``cue_indexes``).
        monkeypatch.undo()
        vocabulary.development_kind.cache_clear()
        vocabulary._INERT.clear()
    assert _share(placed, gold, "east-hokkaido-snow-blackout", "hokkai-grid-rate-hike")

def test_a_toll_update_two_days_on_joins_a_lone_first_report(monkeypatch) -> None:
    """Ten at a time, the capsize's first report may still be alone when the wire's toll
    update comes 40 hours later; a report revising the toll of the happening the lone report
    named joins it with the text grace (``words.UPDATE_WORDS``), not the headline grace."""
    from tui.core.cluster import vocabulary

    capsize = Doc(1, "Ferry capsizes off Nomuka, four dead", published=T0,
                  text="A passenger ferry capsized in heavy seas off Nomuka island in Tonga's "
                       "Ha'apai group on Monday, killing four people; 31 were rescued.")
    other = Doc(2, "Nuku'alofa council approves new market hall", published=T0 + 20 * HOUR,
                text="The council in Nuku'alofa approved plans for a new market hall.")
    update = Doc(3, "Tonga ferry toll rises to nine as divers find bodies",
                 published=T0 + 40 * HOUR,
                 text="The toll from the ferry that capsized off Nomuka in Tonga rose to nine "
                      "on Wednesday after police divers recovered five bodies.")
    placed = _one_at_a_time([capsize, other, update])
    assert placed[3] == placed[1] != placed[2]
    monkeypatch.setattr(vocabulary, "UPDATE_WORDS", frozenset())
    # Without the update words, the happening pass's last look (the same kind of happening
    # up front, Nomuka written by both) still joins them, and so does the rare name two
    # lone reports of news write (``named_pairs``); without those too, apart.
    placed = _one_at_a_time([capsize, other, update])
    assert placed[3] == placed[1]
    placed = _one_at_a_time([capsize, other, update],
                            ClusterConfig(happening_threshold=1.5))
    assert placed[3] == placed[1]
    placed = _one_at_a_time([capsize, other, update],
                            ClusterConfig(happening_threshold=1.5, named_pairs=False))
    assert placed[3] != placed[1]


def test_a_pit_whose_walls_gave_way_is_a_collapse() -> None:
    """Two words may name the happening: the wire wrote neither "collapse" nor "collapsed",
    only that the walls of the pit gave way; read so, its dateline's city (Freetown) no longer
    places it in the city council's motorbike-taxi ban of two days before (fifteenth blind
    set, Liberia and Sierra Leone, ten at a time)."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("the walls of a diamond pit gave way after rain")) == {
        "collapse"}
    assert happenings(PART.findall("At least nine killed as diamond pit caves in")) == {
        "collapse"}
    assert happenings(PART.findall("The council gave its approval on Monday")) == set()
    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind15" / "part-ls")
    placed = sets.run_incremental(docs, 10)
    pit = "transatlantic-press/diamond-pit-collapse-kills-nine-eastern-sierra-leone"
    ban = [d for d in gold if gold[d] == "freetown-okada-ban"]
    assert placed[pit] not in {placed[d] for d in ban}


def test_a_council_s_approval_is_no_part_of_a_flood_that_morning() -> None:
    """The hundred-and-thirty-first set, ten at a time: Kildare councillors approve a
    riverside plaza in Newbridge the evening a canal bank gave way south of Celbridge,
    flooding homes; the plaza's reports named no development, and the approval joined the
    breach's story, sharing "Kildare", "council" and the river's water. An approval is a
    decision taken, as a vote is (``words.DEVELOPMENTS``)."""
    _apart_in_batch_and_ten_at_a_time("fulltext-blind131", "hazelhatch-canal-bank-breach",
                                      "newbridge-riverside-plaza-approved")


def test_a_local_report_of_another_happening_joins_no_story_on_a_few_words(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-thirty-first set: a local radio's "Hailstorm tears roofs off Ncotshane
    homes", two days after a roof fall trapped miners at a colliery near Vryheid, shares
    "roofs", "families" and "night" with the colliery's story (0.09) and a province with it.
    A storm may bring a roof down (``kinds_differ``), but a local report that close in
    words joins a story of the same kind of happening only (``_local_report``); without
    that, the hailstorm and then the wire's report of it joined the colliery."""
    from tui.core.cluster import local

    docs, gold, chosen = _events_apart("fulltext-blind131", "sikhonyane-colliery-rockfall",
                                       "ncotshane-hailstorm")
    monkeypatch.setattr(local, "happening_agrees", lambda doc, cluster: (
        not local.hazards_differ(doc, cluster)
        and (bool(doc.hazards) or not local.story_hazards(cluster))))
    assert _mixed(_cluster_of(cluster_docs(docs)), gold, chosen)


def test_a_worker_crushed_is_an_accident_at_work() -> None:
    """The hundred-and-thirty-first set: a worker crushed to death at a Gimcheon pipe plant,
    the morning after a glass maker said it would close its plant in neighbouring Gumi. No
    word named a happening, so the death joined the closure ten at a time, on "plant" and
    "worker". Crushed or electrocuted, a worker has had an accident, which may be any
    falling, breaking or crashing thing's (a collapse, a crash); a mill's "crushing" is its
    work."""
    from tui.core.cluster.local import kinds_differ
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    for headline in ("Subcontracted worker crushed to death at Gimcheon steel pipe plant",
                     "Lineman electrocuted while repairing cable"):
        assert happenings(PART.findall(headline)) == {"accident"}, headline
    for headline in ("Cane millers halt crushing as debts mount", "Soy crush margins widen"):
        assert happenings(PART.findall(headline)) == set(), headline
    assert not kinds_differ({"accident"}, {"collapse"})
    assert kinds_differ({"accident"}, {"protest"})
    _apart_in_batch_and_ten_at_a_time("fulltext-blind131", "gumi-glass-plant-closure",
                                      "gimcheon-pipe-plant-death")


def test_a_plane_that_overshoots_the_runway_has_crashed_but_inflation_has_not() -> None:
    """The nineteenth set (its Timor part, among the others): an airline raises capital and
    opens a route (two reports), and two days later one of its planes overshoots the runway
    at Maumere. The
    overrun's reports wrote "overshoots" and "ran off the end of the runway", no word the
    crash list held, so nothing said a happening had begun, and the overrun joined the
    capital raise on the airline's name. Read as a crash, it is a story of its own; an
    economy overshooting its target, or a budget overrun, is still no crash."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    for headline in ("Plane overshoots runway in Maumere rain", "Jet skids off the runway",
                     "ATR overran the runway at Frans Seda",
                     # The week's benchmark: a veer off the runway joined Shymkent's gas blast.
                     "Airliner veers off runway in Shymkent fog",
                     "Runway excursion at Rankin Inlet"):
        assert happenings(PART.findall(headline)) == {"crash"}, headline
    for headline in ("Inflation overshoots target again", "Spending overshot forecasts",
                     "Cost overruns delay the bridge", "The budget overrun grows",
                     "Talks veer off course", "Lights off on the runway for repairs"):
        assert happenings(PART.findall(headline)) == set(), headline
    _apart_in_batch_and_ten_at_a_time("fulltext-blind19", "flobamor-air-capital-raise-dili-route",
                                      "flobamor-maumere-runway-overrun")


def _no_local_homes(monkeypatch: pytest.MonkeyPatch) -> None:
    """Local outlets' names read as the gazetteer has them (``Vocabulary.places``' rule for
    names only local outlets write): for the tests of the narrower rules it came after."""
    from tui.core.cluster import vocabulary as vocabulary_module

    monkeypatch.setattr(vocabulary_module, "_LOCAL_KINDS", frozenset())


def test_a_report_that_names_its_country_reads_its_towns_there(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The nineteenth set: the regional radio's report of a night fire at Kupang's Naikoten
    market ("traders stand along Jalan Soeharto") and the wire's, seven hours later ("Kupang,
    the capital of Indonesia's East Nusa Tenggara province"), cosine 0.38. Read as towns,
    Soeharto and Tenggara are both Malaysian, in two provinces: a clash of provinces kept the
    two apart. The wire names Indonesia, so its Tenggara is no Malaysian town."""
    from tui.core.cluster.names import PlaceContext, provinces_clash

    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind19")
    placed = _cluster_of(cluster_docs(docs))
    radio = "suara-sasando-fm/night-fire-guts-naikoten-market"
    wire = "timor-sea-newswire/kupang-market-blaze-destroys-stalls"
    assert gold[radio] == gold[wire] and placed[radio] == placed[wire]
    # The radio is a local outlet of Indonesia, and Soeharto no place abroad for it now
    # (``Vocabulary.places``); the rule of this test is read without that one.
    _no_local_homes(monkeypatch)
    clusterer = StoryClusterer()
    clusterer.batch(docs)
    vocab = clusterer._vocab
    tenggara, soeharto = vocab.term("Tenggara"), vocab.term("Soeharto")
    assert {p.country for p in vocab.places(tenggara)} == {"MY"}  # why it mattered
    assert not provinces_clash(vocab, [vocab.term("Indonesia"), tenggara],
                               PlaceContext(vocab, [soeharto]), [soeharto], [])
    assert provinces_clash(vocab, [tenggara], PlaceContext(vocab, [soeharto]), [soeharto], [])


def test_jobs_cut_are_a_development_of_their_own() -> None:
    """The twentieth set: an ammonia leak at a poultry processor's Salisbury plant (three
    reports) and, two days later, the company closing its Millsboro plant and cutting 640
    jobs (three reports, recapping the leak). Nothing said the closure was news of its own,
    and it joined the leak. Jobs cut are told by a cut before the jobs ("cut 640 jobs", "cuts
    hundreds of jobs") or by laying off; a power cut that leaves workers idle is none."""
    from tui.core.text import PART

    vocab = Vocabulary(ClusterConfig())
    for told in ("Tidewater to shut Millsboro plant, cut 640 jobs",
                 "the company will lay off about 640 workers", "Mill to shed up to 90 posts",
                 "Carmaker cuts hundreds of jobs",
                 # ninety-third set: a sawmill to stop production, "86 workers to lose jobs"
                 "Antsla sawmill to stop production, 86 workers to lose jobs"):
        assert vocab._developments(PART.findall(told)) == {"jobs"}, told
    for other in ("Power cut leaves 3,000 workers idle", "Crews cut through to reach workers",
                  "Police cut the cordon as jobs resumed"):
        assert vocab._developments(PART.findall(other)) == set(), other
    _apart_in_batch_and_ten_at_a_time("fulltext-blind20", "salisbury-ammonia-leak",
                                      "tidewater-millsboro-closure")


def test_a_toll_update_is_no_start_of_the_development_that_follows_it() -> None:
    """The twentieth set: a landslide in Comodoro Rivadavia (three reports on the 4th and
    5th), the wire's "landslide toll rises to four" on the 6th (alone: two days on, too far
    from the first reports' words), and that evening prosecutors open a criminal probe.
    Within a day of the lone toll update, the probe looked like part of its first coverage,
    and the two were one story. A story known only by a revised toll began before it
    (``state.began``): the probe is a development of its own."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind20")
    toll = "meridian-press/argentina-landslide-toll-rises-to-four"
    probe = [d for d in gold if gold[d] == "comodoro-slide-criminal-probe"]
    assert gold[toll] == "comodoro-chenque-landslide" and len(probe) == 2
    for placed in (_cluster_of(cluster_docs(docs)), sets.run_incremental(docs, 10)):
        assert placed[toll] not in {placed[d] for d in probe}


@pytest.mark.parametrize(("sentence", "kinds"), [
    ("Dilmun Sea Lines signed an agreement with the Saudi Ports Authority", {"deal"}),
    ("Misrata Free Zone signs terminal concession with Turkish operator", {"deal"}),
    ("Residents signed a petition against the quarry", set()),
    ("Road signs were torn down by the storm", set()),
])
def test_an_agreement_signed_is_a_deal(sentence: str, kinds: set[str]) -> None:
    """"Signed an agreement", "signs a concession": a deal, though neither word is "deal"
    (a free zone's terminal concession two days after a warehouse fire there had joined the
    fire, twentieth set; a ferry operator's new route two days after its ferry ran aground,
    twenty-first)."""
    assert Vocabulary._developments(TOKEN.findall(sentence)) == kinds


def test_a_concession_signed_two_days_after_a_fire_is_its_own_story() -> None:
    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind20")
    pair = ("misrata-free-zone-warehouse-fire", "misrata-terminal-concession")
    assert not _share(_cluster_of(cluster_docs(docs)), gold, *pair)


def _set_number(doc_id: str) -> int:
    """The number of a blind set a week's doc id comes from ("fulltext-blind7:..." is 7); 0
    for the other sets."""
    folder = doc_id.split(":")[0]
    if not folder.startswith("fulltext-blind"):
        return 0
    suffix = folder.removeprefix("fulltext-blind")
    return int(suffix) if suffix else 1


def test_two_ferry_fires_in_two_countries_stay_two_stories_in_a_busy_week(monkeypatch) -> None:
    """Every labelled set as one week of news: ferry fires in the Qiongzhou Strait and off
    Sardinia, blackouts in Paraguay and Suriname. Each story is told by its ports, strait or
    grid in most reports and by its country only in one or two; when the names of more than half
    its reports say no country, all its key names do (``KeyNames._countried``), and two
    countries with none in common do not merge. Without that, each pair was one story
    (the ferry fires no longer: the gazetteer now places Sardinia).

    On the whole week the two stories of each pair stay apart; since the thirty-first set
    joined it, one Paraguayan report naming neither country ("service restored after line
    fault") is placed with the Suriname blackout's two reports when it arrives (the Paraguay
    story then held a Chaco warehouse fire's report too), which no country can tell."""
    sets = _evaluation()
    docs, gold = sets.load_all_fulltext()
    pairs = [("fulltext-blind7:qiongzhou-ferry-fire",
              "fulltext-blind12:stella-di-gallura-ferry-fire"),
             ("fulltext-judge:paraguay-blackout", "fulltext-blind6:suriname-grid-blackout")]
    placed = _cluster_of(cluster_docs(docs))
    assert all(_main_story(placed, gold, first) != _main_story(placed, gold, second)
               for first, second in pairs)
    # Without the fallback, on the week as it was when this was written (the sets added
    # since change which stories a merge meets first, and so whether the pairs merge).
    docs = [doc for doc in docs if _set_number(doc.id) < 22]
    gold = {doc.id: gold[doc.id] for doc in docs}
    assert not any(_share(_cluster_of(cluster_docs(docs)), gold, *pair) for pair in pairs)
    _no_country_fallback(monkeypatch)
    placed = _cluster_of(cluster_docs(docs))
    # The blackouts are one story again. The ferry fires no longer are: since the gazetteer
    # knows Sardinia (``tui.core.exonyms``), the Sardinian fire's reports are placed by it.
    ferries, blackouts = pairs
    assert _share(placed, gold, *blackouts) and not _share(placed, gold, *ferries)


def test_job_cuts_two_days_before_a_spill_at_the_yard_stay_their_own_story(monkeypatch) -> None:
    """The seventeenth set, pooled: a Liepāja shipyard cuts 260 jobs, and two days later fuel
    oil leaks from it into the Karosta canal; the spill's reports recap the cuts. Batch
    refinement offered the cuts' reports to the spill's story, which began after them; a
    report naming no happening, more than a day before a story of one began, told something
    else. Without that, the two were one story."""
    from tui.core.cluster import clusterer

    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind17")
    pair = ("liepaja-shipyard-job-cuts", "karosta-canal-oil-spill")
    assert not _share(_cluster_of(cluster_docs(docs)), gold, *pair)
    monkeypatch.setattr(clusterer, "story_hazards", lambda cluster: set())
    assert _share(_cluster_of(cluster_docs(docs)), gold, *pair)


def test_rivers_that_spill_over_their_banks_are_a_flood_not_a_leak() -> None:
    """The twenty-second set (its Albanian part, among the others): the broadcaster's "Rivers
    spill across Shkodër County as 1,300 are moved to safety" was read as a leak, another kind
    of happening than the wire's "northern Albania floods" two days on, so the figures both
    quote (1,300 people moved, 4,800 hectares under water) could not join them. A tanker's
    fuel spill is still a leak."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    for headline in ("Rivers spill across Shkodër County", "Lake spills into the lower town"):
        assert happenings(PART.findall(headline)) == set(), headline
    for headline in ("Tanker spill fouls the bay", "Diesel spilled into the river"):
        assert happenings(PART.findall(headline)) == {"blast"}, headline
    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind22")
    placed = _cluster_of(cluster_docs(docs))
    assert (placed["drita-public-television/rivers-spill-across-shkoder-county"]
            == placed["meridian-wire/albania-flood-deaths-rise-to-two"])


def test_a_business_that_slides_into_the_red_has_had_no_landslide() -> None:
    """The twenty-seventh set: "Nordvik to shut Shetland hatchery as Scottish arm slides into
    the red" was read as a landslide: a story of a happening, which a guard on merges (since
    withdrawn) then kept the broadcaster's report on the hatchery's workers out of. A hillside
    that slides into the river still has."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    for headline in ("Scottish arm slides into the red", "Profits slide into loss"):
        assert happenings(PART.findall(headline)) == set(), headline
    assert happenings(PART.findall("Hillside slides into the river")) == {"slide"}


def _labelled_events(folder: str, part: str, *events: str) -> tuple[list[Doc], list[set]]:
    """One part of a labelled set: its docs, and the ids of each of ``events``."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / folder / part)
    return docs, [{d for d in gold if gold[d] == event} for event in events]


def _set_events(folder: str, *events: str) -> tuple[list[Doc], list[set]]:
    """A labelled set, all its parts as one refresh: its docs, and the ids of each of
    ``events``."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / folder)
    ids = [{d for d in gold if gold[d] == event} for event in events]
    missing = [event for event, members in zip(events, ids, strict=True) if not members]
    assert not missing, f"no such event in {folder}: {missing}"  # a typo passes nothing
    return docs, ids


def _headed(docs: list[Doc], ids: set, start: str) -> str:
    """The one of ``ids`` whose headline begins with ``start``."""
    (found,) = (doc.id for doc in docs if doc.id in ids and doc.title.startswith(start))
    return found


def _assert_one_story_each_apart(docs: list[Doc], first: set, second: set) -> None:
    """Clustered in one batch, each event's reports are one story, and not the same one."""
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in first}) == len({placed[d] for d in second}) == 1
    assert {placed[d] for d in first}.isdisjoint(placed[d] for d in second)


def test_a_police_raid_days_after_an_explosion_is_a_story_of_its_own() -> None:
    """The thirty-sixth set's Onsan chemical plant: a tank explosion, then, three days on,
    police and labour inspectors raiding the company and booking its chief executive, the
    reports recapping the blast. A raid is a development of its own (``words.DEVELOPMENTS``,
    "legal"), as an arrest is; written as a visit, the same reports join the explosion's story.
    An air raid is no raid by police (``words.EVERYDAY_SENSE``)."""
    docs, (blast, raid) = _labelled_events("fulltext-blind36", "part-ks",
                                           "onsan-seorin-tank-explosion",
                                           "seorin-raid-and-bookings")
    _assert_one_story_each_apart(docs, blast, raid)

    def visit(text: str) -> str:
        for word, instead in (("raided", "visited"), ("raids", "visits"), ("raid", "visit"),
                              ("Raid", "Visit")):
            text = text.replace(word, instead)
        return text

    visited = [replace(d, title=visit(d.title), text=visit(d.text or "")) if d.id in raid
               else d for d in docs]
    placed = _cluster_of(cluster_docs(visited))
    assert not {placed[d] for d in blast}.isdisjoint(placed[d] for d in raid)
    assert development_kind("raid") == "legal"
    kinds = Vocabulary._developments("Air raid sirens sounded over the port".split())
    assert "legal" not in kinds


# A landslide in northern Portugal, told by a national wire and a regional radio; the same
# morning a Lao broadcaster reports a hillside giving way in a district the gazetteer does not
# know (invented: Phonkhamxay), in much the same words.
_SLIDE_T0 = datetime(2026, 11, 9, 6, 0, tzinfo=UTC)
DOURO_SLIDE = [
    replace(article(_SLIDE_T0, "p1", "Agencia Norte", 0,
                    "Hillside collapses onto houses in Lamego: two dead, three missing",
                    "A rain-soaked hillside gave way onto a row of houses in Lamego, northern "
                    "Portugal, before dawn, killing two people; three are missing and rescuers "
                    "dig through the mud, civil protection said."), country="PT"),
    replace(article(_SLIDE_T0, "p2", "Radio Douro", 3,
                    "Lamego: hillside buries houses after days of rain",
                    "Rescuers searched the mud in Lamego for three people still missing after "
                    "the hillside collapsed onto their houses; two died, civil protection "
                    "said."), country="PT"),
]
LAO_SLIDE = replace(article(
    _SLIDE_T0, "l1", "Lane Xang Television", 5,
    "Hillside gives way after days of rain in Phonkhamxay district; six dead, eight missing",
    "A rain-soaked hillside gave way onto houses in Phonkhamxay district before dawn, killing "
    "six people; eight are missing and rescuers dig through the mud, officials said."),
    country="LA")


def test_a_report_placed_only_by_its_outlets_country_stays_out_of_a_story_elsewhere() -> None:
    """The gazetteer knows no place the Lao report names, so its names alone cannot clash
    with Lamego's (a village unknown to it may be in Portugal): its outlet's country tag says
    where it is (``names.tagged_elsewhere``). Without the tag it joins, as before."""
    placed = _cluster_of(cluster_docs([*DOURO_SLIDE, LAO_SLIDE]))
    assert placed["p1"] == placed["p2"] != placed["l1"]
    untagged = _cluster_of(cluster_docs([*DOURO_SLIDE, replace(LAO_SLIDE, country=None)]))
    assert untagged["p1"] == untagged["p2"] == untagged["l1"]
    portuguese = _cluster_of(cluster_docs([*DOURO_SLIDE, replace(LAO_SLIDE, country="PT")]))
    assert portuguese["p1"] == portuguese["l1"]  # a Portuguese outlet's unknown village joins


LAO_RADIO = replace(article(
    _SLIDE_T0, "l2", "Vientiane Radio", 2, "Phonkhamxay: mud buries houses after days of rain",
    "Rescuers dug through the mud in Phonkhamxay district for eight people still missing after "
    "the hillside collapsed onto their houses; six died, officials said."), country="LA")
LAMEGO_LATE = replace(article(
    _SLIDE_T0, "p9", "Agencia Norte", 8,
    "Hillside collapses onto houses in Lamego: two dead, three missing",
    "A rain-soaked hillside gave way onto a row of houses in Lamego, northern Portugal, before "
    "dawn, killing two people; three are missing and rescuers dig through the mud, civil "
    "protection said."), country="PT")


def test_a_report_placed_by_the_gazetteer_stays_out_of_a_story_placed_by_its_outlets() -> None:
    """The other way round: the story is the Lao broadcaster's and radio's, whose names the
    gazetteer does not know, and the Portuguese wire's report of Lamego comes later. The
    story's outlets' country says where it is (the thirty-ninth set's Cameroonian paper's
    landslide at Mabeta took in a Colombian paper's at Minca, by the words of people digging
    by hand). Untagged, the Lao reports' story takes the Lamego report in, as before."""
    placed = _cluster_of(cluster_docs([LAO_SLIDE, LAO_RADIO, LAMEGO_LATE]))
    assert placed["l1"] == placed["l2"] != placed["p9"]
    untagged = [replace(LAO_SLIDE, country=None), replace(LAO_RADIO, country=None), LAMEGO_LATE]
    placed = _cluster_of(cluster_docs(untagged))
    assert placed["l1"] == placed["l2"] == placed["p9"]


def test_a_people_named_up_front_places_a_report_as_well_as_its_outlets_tag() -> None:
    """The validation set's Chust collapse: a Kazakh wire's "Uzbek prosecutors detain
    developer, inspector" names no place the gazetteer knows, and a Fergana paper's report of
    the same arrests names Navoi Street (a town of Uzbekistan). The wire's tag says Kazakhstan,
    but the people it names says Uzbekistan: one story. Without "Uzbek", the tag decides and
    the two stay apart."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-validation")
    chust = [d for d in gold if gold[d] == "chust-collapse-criminal-case"]
    assert len(chust) == 2
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in chust}) == 1
    unnamed = [replace(d, title=d.title.replace("Uzbek ", ""),
                       text=(d.text or "").replace("Uzbek ", "")) if d.id in chust else d
               for d in docs]
    placed = _cluster_of(cluster_docs(unnamed))
    assert len({placed[d] for d in chust}) == 2


def test_a_cyberattack_on_a_platform_is_no_part_of_its_partners_layoffs() -> None:
    """The thirty-eighth set's Provo software maker cuts 410 jobs; the next day hackers reach
    1.3 million students' records at a school platform whose reports name the maker. A
    cyberattack is a kind of happening (``words.HAZARDS``, "cyber"), so the break-in's
    reports are a story of their own; written without the words of hacking, they joined the
    layoffs' story by the maker's name."""
    docs, (layoffs, breach) = _labelled_events("fulltext-blind38", "part-ut",
                                               "kestrel-ridge-layoffs",
                                               "classharbor-data-breach")
    _assert_one_story_each_apart(docs, layoffs, breach)
    hacking = re.compile(r"\b(hack|hacked|hackers|hacking|cyberattacks?|ransomware)\b", re.I)
    plain = [replace(d, title=hacking.sub("intruders", d.title),
                     text=hacking.sub("intruders", d.text or "")) for d in docs]
    placed = _cluster_of(cluster_docs(plain))
    assert {placed[d] for d in layoffs} == {placed[d] for d in breach}


def test_a_town_of_two_words_places_the_reports_that_name_it(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The forty-second set's boat capsize off Monkey Bay, on Lake Malawi: a state news agency
    names Mangochi, a wire Malawi, a lakeshore paper and a broadcaster Monkey Bay and its
    landing. "Monkey Bay" is one term, a town of Malawi (``Gazetteer.join_names``), and the
    four reports are one story; read as the words "monkey" and "bay", the broadcaster's
    update and the paper's report were a story apart."""
    docs, (capsize,) = _labelled_events("fulltext-blind42", "part-mw", "monkey-bay-boat-capsize")
    news = {d for d in capsize if not d.startswith("mphepo-online/")}  # the feature: apart
    assert len(news) == 4
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in news}) == 1
    towns_as_words(monkeypatch)
    _no_local_homes(monkeypatch)  # and the lakeshore paper's names read as the gazetteer has them
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in news}) > 1


def _two_parts(folder: str, first: tuple[str, str], second: tuple[str, str]
               ) -> tuple[list[Doc], set, set]:
    """Two parts of a labelled set read as one refresh, and one event's ids from each."""
    docs, (one,) = _labelled_events(folder, first[0], first[1])
    more, (other,) = _labelled_events(folder, second[0], second[1])
    return docs + more, one, other


def test_a_count_heading_a_sentence_is_no_name_two_reports_share(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The forty-seventh set: an ammonia leak at a Thoothukudi plant and, in the same week, a
    gas leak at a refinery near Erbil. A report of each opens a sentence with "Thirty", so the
    word counted as a name both stories' key names shared, and the Kurdish reports joined the
    Indian story. A number written out is no name (``words.NUMBERS_AND_KINDS``)."""
    docs, ammonia, refinery = _two_parts(
        "fulltext-blind47", ("part-tn", "thoothukudi-ammonia-leak"),
        ("part-kr", "khabat-refinery-gas-leak"))
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in ammonia}.isdisjoint(placed[d] for d in refinery)
    import tui.core.cluster.clusterer as clusterer
    monkeypatch.setattr(clusterer, "NUMBERS_AND_KINDS",
                        clusterer.NUMBERS_AND_KINDS - {"thirty"})
    placed = _cluster_of(cluster_docs(docs))
    assert not {placed[d] for d in ammonia}.isdisjoint(placed[d] for d in refinery)


def test_a_town_heading_a_headline_places_the_report(monkeypatch: pytest.MonkeyPatch) -> None:
    """The forty-seventh set: "Mayagüez police break up catalytic converter theft ring" names
    the town only as its headline's first word, where any word is capitalised, so the report
    had no key name and joined a story of a developer's arrest in the Nilgiris on "arrested"
    and "police". A place the gazetteer knows heading a headline, written no other way in
    any report, is a name: Puerto Rico's town is no Indian hill town."""
    docs, arrest, theft = _two_parts(
        "fulltext-blind47", ("part-tn", "coonoor-developer-arrest"),
        ("part-pr", "mayaguez-converter-arrests"))
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in arrest}.isdisjoint(placed[d] for d in theft)
    analyse = Vocabulary._cues

    def unread(self: Vocabulary, *args: object) -> object:
        cues = analyse(self, *args)
        cues.opening = None
        return cues

    monkeypatch.setattr(Vocabulary, "_cues", unread)
    placed = _cluster_of(cluster_docs(docs))
    assert not {placed[d] for d in arrest}.isdisjoint(placed[d] for d in theft)


def test_a_towns_residents_are_no_word_of_what_happened_to_them(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The forty-seventh set read as one refresh: a hydrochloric acid leak in Augsburg's
    Lechhausen district, then, the next evening, the city council raising residents' parking
    permits. The council's report shared only "Augsburg", "city" and "residents" with the
    leak's story, and joined it; like "people" (``words.CASUALTY``), "residents" says nothing
    of which happening, and the two are two stories."""
    docs, (leak, parking) = _set_events(
        "fulltext-blind47", "frankenwerk-augsburg-acid-leak", "augsburg-parking-fee-vote")
    assert len(leak) == len(parking) == 3
    _assert_one_story_each_apart(docs, leak, parking)
    import tui.core.cluster.state as state
    monkeypatch.setattr(state, "CASUALTY", state.CASUALTY - {"resident"})
    placed = _cluster_of(cluster_docs(docs))
    assert not {placed[d] for d in leak}.isdisjoint(placed[d] for d in parking)


def test_a_month_heading_a_headline_names_no_town() -> None:
    """The headline's first place names a report that names nothing else, but a month is
    never a name, even where the gazetteer holds a town of that name (August, California;
    March, Cambridgeshire): "August heatwave ..." gets no key name, "Mayagüez police ..."
    gets the town."""
    start = datetime(2026, 11, 5, 8, tzinfo=UTC)
    docs = [
        article(start, "heat", "Wire", 0, "August heatwave left farms short of water",
                "Farmers said the dry weeks had cut the harvest and that wells ran low."),
        article(start, "theft", "Radio", 1, "Mayagüez police break up converter theft ring",
                "Forty-seven catalytic converters were found stacked on pallets in a shed."),
    ]
    clusterer = StoryClusterer()
    clusterer.batch(docs)
    assert not clusterer._docs["heat"].keys
    assert list(clusterer._docs["theft"].keys) == ["mayaguez"]


def test_a_happening_the_lone_report_never_named_is_another_story_in_its_town() -> None:
    """Two lone reports of one city sharing nothing but its names: the first report of a
    diarrhoea outbreak in Vijayawada, then, the next night, a fire in the city's textile
    godowns. The fire names a happening up front that the outbreak's report does not, so it
    is another story; the feature on the colony's queue at the water tanker names none, and
    shares only names with the outbreak as a feature does: it joins."""
    start = datetime(2026, 11, 9, 6, tzinfo=UTC)
    outbreak = article(
        start, "outbreak", "Janavani", 0, "Diarrhoea cases spike in Vijayawada's Ajit Singh Nagar",
        "Ninety-six residents of Ajit Singh Nagar in Vijayawada have been treated for diarrhoea"
        " since Saturday, health officials said, and an elderly woman died in hospital. Tankers"
        " now bring drinking water to the colony.")
    fire = article(
        start, "fire", "Radio Godavari", 20, "Overnight fire guts textile godowns in Wynchpet,"
        " Vijayawada", "A fire that broke out after midnight destroyed three textile godowns in"
        " Wynchpet, Vijayawada. Fire tenders fought the blaze for five hours; no one was hurt,"
        " and traders put the loss of stock at several crore.")
    feature = article(
        start, "feature", "Krishna Dispatch", 20, "In Ajit Singh Nagar, a colony queues at the"
        " tanker", "Lakshmi carries two pots down the lane each morning now. The neighbours of"
        " Ajit Singh Nagar in Vijayawada say they warned the corporation for months, and they"
        " count who is still weak at home.")
    placed = _cluster_of(cluster_docs([outbreak, fire]))
    assert placed["outbreak"] != placed["fire"]
    placed = _cluster_of(cluster_docs([outbreak, feature]))
    assert placed["outbreak"] == placed["feature"]


def test_a_godown_fire_is_no_part_of_the_outbreak_reported_the_day_before() -> None:
    """The forty-eighth set's Telangana and Andhra Pradesh part: the lone Wynchpet godown fire
    joined the first report of the Ajit Singh Nagar outbreak on "Vijayawada" alone."""
    docs, (fire, outbreak) = _labelled_events(
        "fulltext-blind48", "part-ap", "vijayawada-wynchpet-godown-fire",
        "vijayawada-water-contamination-outbreak")
    assert len(fire) == 1 and len(outbreak) == 3
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in fire}.isdisjoint(placed[d] for d in outbreak)


def test_a_blast_is_no_part_of_the_fare_rise_told_that_day_in_its_city(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The forty-third set read as one refresh: two reports of Ganja's bus fare rise, then,
    the same day, a gas explosion in a Ganja apartment block. The explosion's first report
    shared "Ganja", "city" and "old" with the fare story (a cosine of 0.21), within the day's
    grace, so it joined. A report naming a happening up front is no part of a story of several
    reports begun before it, not one of which named one, unless its wording is close."""
    docs, (fares, blast) = _set_events(
        "fulltext-blind43", "ganja-bus-fare-rise", "ganja-gas-explosion")
    assert len(fares) == len(blast) == 3
    _assert_one_story_each_apart(docs, fares, blast)
    import tui.core.cluster.clusterer as clusterer
    happened_apart = clusterer.happened_apart
    monkeypatch.setattr(clusterer, "happened_apart",  # past the grace only, as before
                        lambda late, early, grace: grace > 0 and happened_apart(late, early, grace))
    placed = _cluster_of(cluster_docs(docs))
    assert not {placed[d] for d in fares}.isdisjoint(placed[d] for d in blast)


def test_a_coach_that_overturns_is_a_crash_its_toll_update_follows() -> None:
    """The fiftieth set's Catalan part: a coach carrying factory workers "overturns" on the
    N-II outside Girona, as its first reports tell it, and a day and a half later "Second
    passenger dies after N-II coach crash". With "overturns" naming no kind of happening, the
    story named none, and the update, naming a crash more than a day after, began one of its
    own; and the feature on the dawn shuttles from Salt, placed by the days after a
    destructive happening, stayed alone. An overturning is a crash on the road (a sinking on
    the water): the five reports are one story, apart from the driver's investigation."""
    docs, (crash, driver) = _labelled_events(
        "fulltext-blind50", "part-ct", "medinya-coach-crash", "coach-crash-driver-investigated")
    assert len(crash) == 5
    _assert_one_story_each_apart(docs, crash, driver)


def test_an_overturning_is_the_crash_or_the_sinking_others_name() -> None:
    """The kinds of happening a bus or a boat turning over is told as: no other happening
    beside a crash, a capsize or the storm that turned it, another beside a quake."""
    from tui.core.cluster.local import kinds_differ

    assert not kinds_differ({"overturn"}, {"crash"})
    assert not kinds_differ({"sink"}, {"overturn"})
    assert not kinds_differ({"overturn", "fire"}, {"fire"})
    assert kinds_differ({"overturn"}, {"quake"})
    assert kinds_differ({"outage"}, {"overturn"})


def test_a_town_without_heating_has_had_an_outage() -> None:
    """Two words may name an outage: no report of Severodvinsk's burst heat main called it
    one ("Yagry left without heat", "thousands without heating") until the city's count two
    days on ("heating outage affected 14,300 people"), which, naming a happening none of the
    story's reports had, was read as a story of its own (fifty-second set). Homes without
    power after a storm have had the storm's outage, no other happening."""
    from tui.core.cluster.local import kinds_differ
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("Yagry left without heat after overnight main failure")) == {
        "outage"}
    assert happenings(PART.findall("A power cut hit the island at dawn")) == {"outage"}
    assert happenings(PART.findall("The ferry lost power south of the port")) == set()
    assert not kinds_differ({"outage"}, {"storm"})
    assert kinds_differ({"outage"}, {"crash"})
    docs, gold = _evaluation().load_fulltext(
        _evaluation().DATA_DIR / "fulltext-blind52" / "part-ru")
    placed = _cluster_of(cluster_docs(docs))
    outage = {d for d in gold if gold[d] == "severodvinsk-yagry-heating-outage"}
    update = "severo-zapad-press/severodvinsk-outage-figures-revised-heat-back-in-most-of-yagry"
    news = outage - {update, "okno-independent/coats-at-the-kitchen-table"}
    assert len(news) == 3
    assert {placed[d] for d in news} == {placed[update]}


def test_a_fish_kill_below_the_mill_is_no_story_of_its_owner_s_listing() -> None:
    """Pollution is a kind of happening: the dead fish in the creek below Delta Harvest's
    Hinthada mill, found the day after the miller announced its listing, joined the listing's
    story on the company, the town and the mill (forty-sixth set). A spill or an overflow is
    told as the pollution it causes; food contamination is no pollution."""
    from tui.core.cluster.local import kinds_differ
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("Villagers find creek choked with dead fish")) == {
        "pollution"}
    assert happenings(PART.findall("Effluent turns the river grey below the mill")) == {
        "pollution"}
    assert happenings(PART.findall("Ready meals recalled over contaminated batches")) == set()
    assert not kinds_differ({"pollution"}, {"blast"})
    assert kinds_differ({"pollution"}, {"crash"})
    docs, (listing, fish_kill) = _labelled_events(
        "fulltext-blind46", "part-kz", "delta-harvest-listing", "hinthada-fish-kill")
    assert len(listing) == 3 and len(fish_kill) == 4
    _assert_one_story_each_apart(docs, listing, fish_kill)


def test_a_report_told_before_its_story_formed_joins_it_a_refresh_later() -> None:
    """Refreshed one report at a time, as an analyst refreshing through the day: the
    broadcaster's "families count losses after deadly slide" arrived when the wire's was
    the only other report of the Rubavu landslide, and stayed alone; the Nyundo paper's
    report, next morning, made the wire's a story of several. The lone-report passes now
    look again at the lone reports of the days before each refresh's new ones, as batch
    mode looks at all: the five reports are one story (forty-third set)."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind43" / "part-rw")
    slide = {d for d in gold if gold[d] == "rubavu-nyundo-landslide"}
    assert len(slide) == 5
    placed = sets.run_incremental(docs, 1)
    (story,) = {placed[d] for d in slide}
    assert {d for d in placed if placed[d] == story} == slide


def test_a_lone_report_of_the_day_before_moves_to_the_story_that_formed_since() -> None:
    """One report at a time: the coach firm owner's arrest, told alone after the gorge crash,
    stayed alone when the state's order of checks on every pilgrim bus came next and began a
    story of its own. The lone reports of the days before a refresh's new ones are refined
    with them (moved to a clearly better story), as batch mode refines every doc: the two are
    one story, with no other event's reports (fiftieth set)."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind50" / "part-uk")
    arrest = {d for d in gold if gold[d].startswith("pilgrim-bus-operator")}
    assert len(arrest) == 2
    placed = sets.run_incremental(docs, 1)
    (story,) = {placed[d] for d in arrest}
    assert {d for d in placed if placed[d] == story} == arrest


def test_a_stored_lone_report_that_moves_takes_its_story_with_it() -> None:
    """The refresh that moves the stored report of the coach firm owner's arrest into the
    statewide checks' story (fiftieth set, one report at a time) reports its old story merged
    into the one it joined: a note or a star the analyst put on that one-report story is read
    through the merge (``store.marks``), as for any merge, not left on a story the list no
    longer shows (``tests/test_marks.py``)."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind50" / "part-uk")
    arrest = {d for d in gold if gold[d].startswith("pilgrim-bus-operator")}
    where: dict = {}
    moves = []
    for _, result in sets.refreshes(docs, 1):
        for placement in result.placements:
            before = where.get(placement.doc_id)
            if before is not None and before != placement.cluster_id:
                moves.append((placement.doc_id, before, placement.cluster_id, result.merges))
            where[placement.doc_id] = placement.cluster_id
    moved = [(doc, before, after, merges) for doc, before, after, merges in moves
             if doc in arrest]
    assert moved
    for _, before, after, merges in moved:
        assert (before, after) in merges


def test_a_refresh_records_each_story_it_absorbs_once() -> None:
    """A stored lone report's story that the merge pass absorbed is recorded by that merge;
    its report's move adds no second record of it (the fourteenth set's Brittany part, one
    report at a time, recorded one story absorbed twice in one refresh)."""
    sets = _evaluation()
    docs, _ = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind14" / "part-bn")
    for _, result in sets.refreshes(docs, 1):
        absorbed = [story for story, _ in result.merges]
        assert len(absorbed) == len(set(absorbed))


def test_a_feature_from_an_outlet_based_abroad_joins_its_story() -> None:
    """The fifty-first set's Siberian part: the Yenisei Independent, tagged LV (it is based in
    Riga), writes from a Baikal village ("'We drink the lake'") naming only the lake, the
    village of Listvyanka and a resident, places the gazetteer does not know. Its outlet's tag
    says where the outlet is, not where the report is: it belongs with the fuel spill's story
    told by Russian outlets and a British wire (a rule that read the tag as the report's place
    kept it out, and was reverted)."""
    docs, (spill, charged) = _labelled_events(
        "fulltext-blind51", "part-sb", "listvyanka-fuel-spill", "angara-toplivo-director-charged")
    feature = "yenisei-independent/in-listvyanka-they-drink-the-lake"
    assert feature in spill and len(spill) == 5
    assert next(d.country for d in docs if d.id == feature) == "LV"
    _assert_one_story_each_apart(docs, spill, charged)


def test_a_utility_s_contract_is_no_part_of_the_lone_report_of_its_blackout() -> None:
    """The fifty-seventh set's Andorra part: a lone report of shopkeepers counting their
    losses after a utility's blackout in their town, then, later that day, the utility awarding
    a contract for solar canopies. The award shares nothing but the utility's name with the
    blackout's report, and announces a development (a contract awarded) where the lone report
    named a happening (an outage): another story. A feature on the blackout announces none,
    and joins the lone report on the names they share, as a feature does."""
    start = datetime(2026, 9, 16, 9, tzinfo=UTC)
    losses = article(
        start, "losses", "Valley Courier", 0, "Bakers of Tarnvale count losses after Norvik"
        " Energia blackout", "Shopkeepers on Tarnvale's main street said the blackout that"
        " Norvik Energia blamed on a failed cable cost them a morning of trade; one baker threw"
        " out two hundred loaves when his ovens went cold.")
    contract = article(
        start, "contract", "Peak Ledger", 18, "Norvik Energia awards 9m contract for Tarnvale"
        " car park canopies", "Norvik Energia has awarded a 9-million contract to a consortium"
        " that will build canopies over two car parks in Tarnvale, the company said on"
        " Thursday, with works due to start in spring.")
    feature = article(
        start, "feature", "Open Hills", 20, "A street that ran on candles", "By noon the"
        " pharmacist on Tarnvale's main street was writing receipts by hand. Norvik Energia's"
        " crews had not yet found the failed cable, and the bakers had given up on the day.")
    placed = stories([losses, contract])
    assert placed["losses"] != placed["contract"]
    placed = stories([losses, feature])
    assert placed["losses"] == placed["feature"]


def test_a_utility_s_contract_award_is_no_part_of_its_blackout() -> None:
    """The fifty-seventh set read as one refresh: two reports of a cable fault blacking out
    Escaldes-Engordany, the shops' losses told alone the next day, then the utility's contract
    for solar canopies, sharing only its name (FEDA) with that lone report. The award joined
    the report of the losses, and the blackout was two stories, one holding the contract."""
    docs, (blackout, contract) = _set_events(
        "fulltext-blind57", "escaldes-power-outage", "feda-solar-canopy-contract")
    assert len(blackout) == 3 and len(contract) == 3
    _assert_one_story_each_apart(docs, blackout, contract)


def test_a_business_report_of_the_province_is_no_local_report_of_its_happening() -> None:
    """The fifty-eighth set read as one refresh. A local report is one that names the place
    at a smaller scale than the story's reports (``LocalReports._local_report``); it was
    allowed to join a story of the same province on a cosine of 0.07 and no clash of names.
    So a steelmaker's wind-power deal joined the fume leak at its Avesta works (Dalarna,
    sharing the firm's name and "hour") and a beef packer's Grand Island expansion joined
    the railroad's diesel spill at Gibbon (Nebraska, sharing "Prairie" and "million"). Where
    the story names a kind of happening up front, its local report must name one too."""
    docs, (leak, deal, suit, plant) = _set_events(
        "fulltext-blind58", "avesta-steelworks-fume-leak", "dalalv-stainless-bjornasen-wind-deal",
        "gibbon-derailment-state-lawsuit", "prairie-crest-grand-island-expansion")
    assert (len(leak), len(deal), len(suit), len(plant)) == (4, 2, 3, 3)
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in deal}.isdisjoint(placed[d] for d in leak)
    assert {placed[d] for d in plant}.isdisjoint(placed[d] for d in suit)
    assert len({placed[d] for d in deal}) == len({placed[d] for d in plant}) == 1


def test_a_toll_update_naming_the_block_joins_the_explosion_its_district_named() -> None:
    """The fifty-fifth set read as one refresh: two reports of a gas explosion in a tower
    block of Montreynaud, in Saint-Étienne, then the city paper's "Les Cèdres explosion: third
    victim dies", naming the block (and Lyon, where a victim died) up front, which the first
    reports never wrote. The rare-names pass leaves a report naming something new up front,
    so it stayed alone. It names the same kind of happening, and writes the district's name:
    the one story of an explosion that does joins it (``LocalReports._happening_pass``);
    the prosecutor's inquiry, a development of its own, stays apart."""
    docs, (blast, inquiry) = _set_events(
        "fulltext-blind55", "saint-etienne-montreynaud-gas-explosion",
        "saint-etienne-explosion-manslaughter-inquiry")
    titles = {d.id: d.title for d in docs}
    placed = _cluster_of(cluster_docs(docs))
    update = next(d for d in blast if titles[d].startswith("Les Cèdres explosion"))
    news = [d for d in blast if d != update and not titles[d].startswith("The towers")]
    assert len(news) == 2
    assert placed[update] == placed[news[0]] == placed[news[1]]
    assert {placed[d] for d in inquiry}.isdisjoint({placed[update]})


def test_a_column_of_an_opinion_outlet_joins_its_story_naming_what_the_news_did_not() -> None:
    """The fifty-fifth set read as one refresh: the news of a maternity unit's pause in
    Barnstaple, then a column ("A map is not a maternity plan") naming up front the roads to
    Exeter (A361, M5) the news never wrote. The rare-names pass leaves a report naming
    something new up front: it stayed alone. Its outlet is tagged as an opinion outlet
    (``Doc.kind``, feeds.toml's ``kind``), whose column may name its own argument up front:
    it joins. Untagged, it stays alone as before."""
    docs, (pause,) = _set_events("fulltext-blind55", "barnstaple-maternity-births-pause")
    by_id = {d.id: d for d in docs}
    column = next(d for d in pause if by_id[d].title == "A map is not a maternity plan")
    assert by_id[column].kind == "opinion" and len(pause) == 3
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in pause}) == 1
    untagged = [replace(doc, kind=None) for doc in docs]
    placed = _cluster_of(cluster_docs(untagged))
    assert placed[column] not in {placed[d] for d in pause if d != column}



@pytest.mark.parametrize(("folder", "first", "second"), [
    ("fulltext-blind58", "omaha-legionnaires-outbreak", "weiz-legionnaires-outbreak"),
    ("fulltext-blind60", "getxo-legionella-outbreak", "resita-hospital-legionella"),
    ("fulltext-blind114", "pecs-clinic-omicron-restrictions", "jena-hospital-postpones-surgery"),
])
def test_one_disease_in_two_countries_is_two_stories(folder: str, first: str,
                                                      second: str) -> None:
    """Three sets, each read as one refresh, with one disease in two countries the same
    week: Legionnaires' disease in Omaha and Weiz, in Getxo and Reșița; Omicron emptying
    surgical wards in Pécs and Jena (the hundred-and-fourteenth set). Both sides' key names
    held the disease's name, read as an actor they shared, so their towns never clashed: one
    story. A disease, or a variant of one, is no actor (``words.DISEASES``): two stories."""
    docs, (one, other) = _set_events(folder, first, second)
    assert len(one) >= 3 and len(other) >= 3
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in one}.isdisjoint(placed[d] for d in other)


def test_a_disease_is_known_as_news_writes_it() -> None:
    """"COVID-19" is how most reports write the disease, and was a term "covid-19" the list
    of diseases did not hold (it held "covid"); a variant (Omicron) and a flu strain (H5N1)
    are diseases too, no actor two stories share."""
    from tui.core.cluster.vocabulary import Vocabulary
    from tui.core.cluster.words import DISEASES

    vocab = Vocabulary(ClusterConfig())
    for written in ("Covid", "COVID-19", "Covid-19", "Omicron", "H5N1", "Ebola"):
        assert vocab.term(written) in DISEASES


def test_a_product_recall_is_news_of_its_own_beside_the_maker_s_closure() -> None:
    """The thirty-seventh set read as one refresh: a food maker's plant closure in Geelong,
    then, two days on, its recall of frozen meals over listeria, the recall's reports
    recapping the closure: one story, until a recall is a kind of development
    (``words.DEVELOPMENTS``). What someone recalls is none: "residents recall", "she
    recalled the night"."""
    docs, (closure, recall) = _set_events(
        "fulltext-blind37", "cordwell-geelong-closure", "cordwell-listeria-recall")
    assert len(closure) == 4 and len(recall) == 3
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in closure}.isdisjoint(placed[d] for d in recall)
    assert development_kind("recalls") == "recall"
    tokens = "residents recall the night the river rose".split()
    assert everyday("recall", tokens, 1)
    tokens = "Cordwell recalls frozen meals".split()
    assert not everyday("recalls", tokens, 1)


def test_two_halves_of_a_story_sharing_its_actor_are_no_clash_of_countries() -> None:
    """The sixty-third set read as one refresh: fake "Taggiasca" oil seized at a mill in
    Pontedassio, in two halves, the local report (naming the Spanish and Tunisian oil it was
    made of) with a grower's feature, and the wire (naming Italy) with a business paper. Their
    key countries differ, Spain and Tunisia against Italy, and read as the same kind of story
    in another country they stayed apart, though both write the mill's village and the
    variety, names no gazetteer places, and the wire names the oil's countries further down.
    A story that has reached another country is no clash (``names.shared_actor``), for two
    stories as for a report and a story: one story."""
    docs, (fraud,) = _set_events("fulltext-blind63", "imperia-taggiasca-oil-fraud")
    assert len(fraud) == 4
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in fraud}) == 1


def test_two_lone_reports_of_one_crash_join_by_the_happening_and_a_rare_name() -> None:
    """The sixty-second set read as one refresh: a farmworkers' minibus crash near Portimão,
    told first by the local agency (the EN125, Portimão) and hours later by a wire (the
    Algarve, Portugal), then the toll update two days on. No report shared enough words with
    another to be placed with it, so each stayed alone: the happening pass looked only for
    stories of several reports. It looks at stories of one report too (the same kind of
    happening up front, a rare name both write, nothing keeping them apart): one story."""
    docs, (crash, probe) = _set_events(
        "fulltext-blind62", "portimao-farmworker-minibus-crash",
        "agrotemp-labour-inspection-and-inquiry")
    titles = {d.id: d.title for d in docs}
    news = [d for d in crash if titles[d].startswith(("Two dead", "Two migrant", "Third worker"))]
    assert len(news) == 3
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in news}) == 1
    # the labour inspection of the contractor, days later, is a story of its own
    assert {placed[d] for d in probe}.isdisjoint({placed[news[0]]})


def test_the_red_cross_is_no_name_two_landslides_share() -> None:
    """The thirty-seventh set, ten reports at a time: residents' account of a slope collapse
    in Portugal's Vila Real district and the first report of a landslide in Laos, the same
    week, each alone, both naming the Red Cross. Read as a rare name they shared, the
    happening pass joined them. The Red Cross is in every country: no name."""
    sets = _evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind37")
    placed = sets.run_incremental(docs, 10)
    portugal = {d for d in gold if gold[d] == "pinhao-landslide"}
    laos = {d for d in gold if gold[d] == "luangprabang-landslide"}
    assert len(portugal) >= 4 and len(laos) >= 4
    assert {placed[d] for d in portugal}.isdisjoint(placed[d] for d in laos)


def test_a_feature_naming_its_town_and_its_people_up_front_joins_the_town_s_story() -> None:
    """The fifty-eighth set read as one refresh: an independent outlet's "Sixty-five
    kilometres in the dark: the people of Ludvika count what they stand to lose", on the
    overnight closure of Ludvika's emergency department, and a column on the Mora cloudburst
    naming Östnor, the street the news had flooded. Each names its town up front (a report
    about a town is about anything that happens there, so a rare name given only up front
    placed nothing) and the people it follows, whom the news never named. A second look for
    outlets of features counts the town, and the people are no actors of another story:
    each joins its story, the one story writing its rare names."""
    docs, (closure, flood) = _set_events(
        "fulltext-blind58", "ludvika-emergency-night-closure", "mora-cloudburst-flooding")
    assert len(closure) == 4 and len(flood) == 4
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in closure}) == 1
    assert len({placed[d] for d in flood}) == 1
    assert {placed[d] for d in closure}.isdisjoint(placed[d] for d in flood)


def test_the_feature_s_second_look_takes_no_report_of_another_happening() -> None:
    """The eighth set read as one refresh: Winnipeg's first snowstorm, told by outlets of
    features too, and a school bus crash north of Virden the same days, both in Manitoba.
    The second look for outlets of features counts a town named up front; it never places a
    report naming one kind of happening (a storm) in the story of another (a crash)."""
    docs, (storm, crash) = _set_events(
        "fulltext-blind8", "winnipeg-first-snowstorm", "virden-school-bus-crash")
    assert storm and len(crash) >= 2
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in storm}.isdisjoint(placed[d] for d in crash)


@pytest.mark.parametrize(("inquiry", "happening"), [
    ("agnone-landslide-inquiry", "agnone-villa-canale-landslide"),
    ("tepoztlan-fire-federal-charges", "tepoztlan-forest-fire"),
])
def test_one_follow_up_told_by_two_outlets_is_one_story(inquiry: str, happening: str) -> None:
    """The sixty-sixth set read as one refresh: prosecutors' inquiry into the Agnone landslide,
    then the province president's answer to it; federal charges over the Tepoztlán forest
    fire, then the judge's deadline. Each pair, a day apart, worded alike, read another kind of
    development in the later first sentence, so the later was a story of its own: two stories
    of one report. Two reports as close as ``close_pair`` are one follow-up; it stays apart
    from the happening it follows."""
    docs, (follow_up, event) = _set_events("fulltext-blind66", inquiry, happening)
    assert len(follow_up) == 2 and len(event) >= 4
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in follow_up}) == 1
    assert {placed[d] for d in follow_up}.isdisjoint(placed[d] for d in event)


def test_a_chemical_release_told_by_what_escaped_is_a_leak() -> None:
    """The sixty-seventh set read as one refresh: an "acid vapour release" at a chemical plant
    in Spinetta Marengo, a wire's "acid gas cloud", the schools kept closed; two days on, the
    local agency's "Spinetta Marengo leak: 31 people examined". No report before named a kind
    of happening, so the update, naming a leak more than the grace after the story began, was
    another story. What escaped names the leak too (``words.HAZARD_PHRASES``)."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("Acid vapour release at chemical plant")) == {"blast"}
    assert happenings(PART.findall("Acid gas cloud over the works")) == {"blast"}
    assert happenings(PART.findall("The council's press release on the budget")) == set()
    docs, (leak,) = _set_events("fulltext-blind67", "spinetta-marengo-chemical-release")
    titles = {d.id: d.title for d in docs}
    news = [d for d in leak if not titles[d].startswith("In Spinetta Marengo")]
    assert len(news) == 4
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in news}) == 1


def test_the_feature_s_second_look_reads_no_country_as_the_town_it_is_about() -> None:
    """The sixty-eighth set read as one refresh: an opinion outlet's column on a Beauvais
    canteen's salmonella outbreak, opening on school tenders "somewhere in France". The second
    look for outlets of features counts a rare name given up front as the town the feature is
    about; France, written by a wire's report of a potato processor's job cuts in
    Saint-Quentin, is no town: the column stays out of that story."""
    docs, (cuts,) = _set_events("fulltext-blind68", "verdalis-saint-quentin-job-cuts")
    titles = {d.id: d.title for d in docs}
    column = next(d.id for d in docs if d.title == "The cheapest lunch in town")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[column] not in {placed[d] for d in cuts}
    assert len(cuts) == 4 and any(titles[d].startswith("French potato") for d in cuts)


def test_a_rare_name_both_write_as_a_key_name_clears_the_last_look() -> None:
    """The twenty-seventh set's Lyngen debris flow read as one refresh: the local paper
    heads with the street the slide tore through and the village ("Slide tears through
    Fjellveien: one dead, two missing in Furuflaten"), key names the other reports, heading
    with Lyngen, never wrote, so the clash of key names kept it alone. Furuflaten, its key
    name, the story writes further down, and both name a slide up front: the happening
    pass's last look places it. The clash of countries still holds (``countries_clash``)."""
    docs, (flow,) = _set_events("fulltext-blind27", "lyngen-debris-flow")
    titles = {d.id: d.title for d in docs}
    local = next(d for d in flow if titles[d].startswith("Slide tears through Fjellveien"))
    placed = _cluster_of(cluster_docs(docs))
    assert len(flow) == 5 and len({placed[d] for d in flow}) == 1
    # The pass is what placed it: without it, the local paper's report stays alone.
    apart = _cluster_of(cluster_docs(docs, ClusterConfig(happening_threshold=1.5)))
    assert apart[local] not in {apart[d] for d in flow - {local}}


def test_a_storm_and_the_flood_it_brings_are_one_kind_of_happening() -> None:
    """The seventieth set read as one refresh: a cloudburst floods Bad Hersfeld's old town,
    and a regional radio's "After the storm, Bad Hersfeld counts the cost" names a storm.
    Told as two kinds of happening, the radio's report stayed out of the flood's story and
    took in an Italian local paper's day after a hailstorm in Reggio Emilia, which names no
    place up front. A storm is one with the flood it brings (``local.kinds_differ``); a storm
    is still no fire."""
    from tui.core.cluster.local import kinds_differ

    assert not kinds_differ({"storm"}, {"flood"})
    assert kinds_differ({"storm"}, {"fire"})
    docs, (flood, hail) = _set_events("fulltext-blind70", "bad-hersfeld-flash-flood",
                                      "reggio-emilia-hailstorm")
    titles = {d.id: d.title for d in docs}
    radio = next(d for d in flood if titles[d].startswith("After the storm, Bad Hersfeld"))
    news = {d for d in flood if titles[d].startswith("Cloudburst floods Bad Hersfeld")}
    placed = _cluster_of(cluster_docs(docs))
    assert len(news) == 1 and placed[radio] == placed[next(iter(news))]
    assert placed[radio] not in {placed[d] for d in hail}


def test_a_hailstorm_is_a_storm() -> None:
    """A hailstorm is a kind of happening, a storm (``words.HAZARDS``); a minister who hails
    a deal has had none. The seventieth set's Reggio Emilia hailstorm, told by a regional
    broadcaster, a local paper's day after, a column on the city's trees and a feature on
    the allotment keepers, is one story."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("Hailstorm batters vineyards above the town")) == {"storm"}
    assert happenings(PART.findall("Minister hails the deal as a new start")) == set()
    docs, (hail,) = _set_events("fulltext-blind70", "reggio-emilia-hailstorm")
    placed = _cluster_of(cluster_docs(docs))
    assert len(hail) == 4 and len({placed[d] for d in hail}) == 1


def test_a_report_naming_a_disease_up_front_is_no_aftermath() -> None:
    """The seventy-first set's Bautzen report of Legionella in a sports hall's showers, the
    hall closed, shows words of the days after a happening (a hall, closed) and names none:
    the aftermath pass had carried it into a Cottbus story recapping a warehouse fire. A
    report naming a disease up front (``words.DISEASES``) is an outbreak's news: alone."""
    docs, (legionella, inquiry) = _set_events("fulltext-blind71",
                                              "lu-bautzen-sports-hall-legionella",
                                              "lu-voltaris-prosecutor-investigation")
    placed = _cluster_of(cluster_docs(docs))
    (report,) = legionella
    assert len(inquiry) == 3
    assert placed[report] not in {placed[d] for d in inquiry}


def test_a_route_is_no_name_two_roads_share() -> None:
    """The seventy-fourth set read as one refresh: a tour bus overturns on Route 226 in
    Ibusuki, Kagoshima, and hours later a bus and a truck collide on Route 22 near
    Cipolletti, Río Negro. "Route" was the one key name the two shared, so their key names
    did not clash, and Argentina's crash joined Japan's. A route is a kind of road
    (``words.NUMBERS_AND_KINDS``), like a highway: two stories, in batch and ten at a time."""
    docs, (japan, argentina) = _set_events(
        "fulltext-blind74", "ibusuki-kaimon-tour-bus-crash", "route-22-bus-truck-crash-cipolletti")
    assert len(japan) == len(argentina) == 4
    _assert_one_story_each_apart(docs, japan, argentina)
    placed = _evaluation().run_incremental(docs, 10)
    assert {placed[d] for d in japan}.isdisjoint(placed[d] for d in argentina)


def test_a_museum_s_news_or_a_find_is_no_part_of_the_town_s_trial() -> None:
    """The sixty-ninth set read as one refresh: a Roman altar turns up during water-main
    works in Chaves while a former councillor stands trial there over the town's street
    lighting contracts. The find shared the town and a few everyday words with the trial's
    reports (0.19) and joined them. A museum's news, a find or an exhibition is a kind of
    happening of its own (``words.HAZARDS``, "culture"), as a protest is: kept apart unless
    worded alike. A fire at a museum is still a fire."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("Museum opens an exhibition of Nogai textiles")) == {
        "culture"}
    assert happenings(PART.findall("Fire guts the town museum")) == {"fire", "culture"}
    docs, (trial, altar) = _set_events(
        "fulltext-blind69", "chaves-street-lighting-contracts-trial", "chaves-roman-altar-find")
    placed = _cluster_of(cluster_docs(docs))
    assert len(trial) == 3 and len({placed[d] for d in trial}) == 1
    assert {placed[d] for d in altar}.isdisjoint(placed[d] for d in trial)


def test_an_avalanche_is_a_slide() -> None:
    """An avalanche is a kind of happening, a slide (``words.HAZARDS``). The holdout set's
    avalanche on the Sarıkamış highway, told by a wire ("Turkey avalanche ..."), a broadcaster
    and the Kars paper ("Two killed as snow buries vehicles near Karaurgan"), and a feature
    on the forty strangers sheltering by one stove, is one story."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("Avalanche traps drivers on a mountain highway")) == {"slide"}
    docs, (avalanche,) = _set_events("fulltext-holdout", "sarikamis-highway-avalanche")
    placed = _cluster_of(cluster_docs(docs))
    assert len(avalanche) == 5 and len({placed[d] for d in avalanche}) == 1


def test_a_ship_run_aground_is_the_sea_s_kind_of_happening() -> None:
    """A ferry "aground" has had a happening of the sea's kind (``words.HAZARDS``, with a
    sinking or a capsize). The twenty-sixth set's Magdalen Islands ferry, told by the local
    radio ("Ferry aground off Cap-aux-Meules"), an agency, a wire, the public broadcaster and
    a feature naming none of it ("Between two shores, an archipelago learns to wait"), is
    one story; the feature had stayed alone."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("Ferry runs aground off the islands")) == {"sink"}
    docs, (ferry,) = _set_events("fulltext-blind26", "magdalen-ferry-grounding")
    placed = _cluster_of(cluster_docs(docs))
    assert len(ferry) == 5 and len({placed[d] for d in ferry}) == 1


def test_prices_that_collapse_and_a_blockade_are_read_in_their_sense() -> None:
    """The seventy-fifth set read as one refresh: lime growers block the highway at Tecomán
    "over collapsing prices", and the same days a contaminated well sickens a village of
    Tecomán. The prices had made the growers' story a collapse, a kind of happening the well's
    reports do not name, and the state broadcaster's count of the sick ("reach 112 in
    Tecomán") joined the blockade on the town. Prices, talks or a market that collapse are no
    collapse (``words.OTHER_SENSE_BEFORE``/``AFTER``); a blockade is a protest
    (``words.HAZARDS``): the count joins the wire's report of the well instead."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    def kinds(text: str) -> set[str]:
        return happenings(PART.findall(text))

    assert kinds("Lime growers block highway at Tecomán over collapsing prices") == set()
    assert kinds("Wage talks collapsed late on Friday") == set()
    assert kinds("Fears of a price collapse grow") == set()
    assert kinds("The roof collapsed at night") == {"collapse"}
    assert kinds("Limoneros lift blockade after eleven hours") == {"protest"}
    docs, (limes, well) = _set_events("fulltext-blind75", "tecoman-lime-growers-blockade",
                                      "cerro-de-ortega-well-contamination")
    by_id = {d.id: d for d in docs}
    count, wire = (next(d for d in well if by_id[d].title.startswith(start))
                   for start in ("Gastrointestinal cases", "Contaminated well sickens"))
    placed = _cluster_of(cluster_docs(docs))
    assert placed[count] not in {placed[d] for d in limes}
    assert placed[count] == placed[wire]


def test_a_collision_course_is_no_collision() -> None:
    """The ninety-third set read as one refresh: a dairy opens a plant in Ol Kalou, one report
    setting it "on a collision course" with the market's giants; a day on, farmers in Njoro
    pour milk on the road over the dairy's unpaid dues. The collision made the plant's story
    one that named a crash, and the protest merged into it on the dairy's name. A collision
    course is no collision (``words.OTHER_SENSE_AFTER``): the protest stays a story of its
    own, a happening a day after a story that named none (``state.happened_apart``)."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("It sets the dairy on a collision course with rivals")) == set()
    assert happenings(PART.findall("Bus and lorry in head-on collision near Molo")) == {"crash"}
    docs, (plant, protest) = _set_events(
        "fulltext-blind93", "kinangop-dairies-ol-kalou-plant-opening", "njoro-milk-arrears-protest")
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in plant}.isdisjoint(placed[d] for d in protest)


def test_a_theft_is_a_town_s_other_news() -> None:
    """The seventy-sixth set read as one refresh: copper cable thieves paralyse Dessau's tram
    lines the week Dessau's heat-pump maker cuts 340 jobs. The theft's report shared the town
    and "cut" with the job cuts' story (0.22) and joined it. A theft, a robbery or a burglary
    is a kind of its own (``words.HAZARDS``, "crime"), as a protest is: kept apart unless
    worded alike."""
    from tui.core.cluster.vocabulary import happenings
    from tui.core.text import PART

    assert happenings(PART.findall("Copper cable thieves paralyse the tram network")) == {
        "crime"}
    assert happenings(PART.findall("Burglars strike three shops overnight")) == {"crime"}
    docs, (cuts, theft) = _set_events("fulltext-blind76", "dessau-kaltenbach-job-cuts",
                                      "dessau-tram-copper-theft")
    placed = _cluster_of(cluster_docs(docs))
    (report,) = theft
    assert placed[report] not in {placed[d] for d in cuts}


def test_a_lone_theft_is_not_weighed_as_a_feature_of_another_story() -> None:
    """The sixty-eighth set ten reports at a time: the report of copper cable stolen near
    Monfalcone, alone, and the story of the gas poisoning at Monfalcone's shipyard. The
    weighed pass counts a story naming a happening beside one naming none as a feature on it
    (``one_happening``); a theft is a town's other news (``words.TOWN_NEWS``), no happening
    whose features follow it, and the pass leaves the two apart."""
    docs, (theft, gas) = _set_events("fulltext-blind68", "monfalcone-rail-copper-theft",
                                     "monfalcone-shipyard-co-poisoning")
    placed = _evaluation().run_incremental(docs, 10)
    (report,) = theft
    assert placed[report] not in {placed[d] for d in gas}


def test_a_toll_update_naming_no_happening_is_no_part_of_a_town_s_other_news() -> None:
    """The seventy-seventh set read as one refresh: a workers' bus leaves the highway near
    Calvillo, four dead; the next evening the town's embroiderers are granted a collective
    trademark; the day after, the state broadcaster's "Death toll from Calvillo personnel-bus
    accident rises to six" names no kind of happening ("accident"), shares the town and "six"
    with the trademark's reports (0.24) and had joined them, the crash's first report after
    it. A toll that rises is news of a deadly happening: a report of one that does not name
    it joins no story naming none either (``_best_cluster``, the merge pass), unless worded
    close."""
    docs, (crash, mark) = _set_events("fulltext-blind77", "calvillo-worker-bus-crash",
                                      "calvillo-deshilado-collective-mark")
    update = _headed(docs, crash, "Death toll from Calvillo")
    placed = _cluster_of(cluster_docs(docs))
    assert len(mark) == 2 and len({placed[d] for d in mark}) == 1
    assert {placed[d] for d in crash}.isdisjoint(placed[d] for d in mark)
    assert placed[update] not in {placed[d] for d in mark}


def test_a_feature_joins_the_story_writing_its_rare_name_before_a_closer_one() -> None:
    """The seventy-seventh set read as one refresh: a feature on a family farm behind the
    cull's gate ("Waiting behind the gate") names no place up front and writes Ihrhove, where
    the turkeys were culled, lower down. In words (cull, farm, hens) it was closer to a
    Japanese prefecture's egg-farm cull, which writes none of its names, than to Ihrhove's
    own story of three reports: it joins the story writing its rare name. The forty-eighth
    set ten reports at a time: a toll update naming no key name, closest to the blast's first
    reports, stays with them rather than with a lone local report writing Parawada (a story
    of one report is no such story)."""
    docs, (ihrhove, kurayoshi) = _set_events("fulltext-blind77", "leer-ihrhove-turkey-bird-flu",
                                             "kurayoshi-bird-flu")
    feature = _headed(docs, ihrhove, "Waiting behind the gate")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[feature] not in {placed[d] for d in kurayoshi}
    assert len({placed[d] for d in ihrhove}) == 1
    docs, (blast,) = _set_events("fulltext-blind48", "parawada-pharma-reactor-blast")
    placed = _evaluation().run_incremental(docs, 10)
    assert len(blast) == 5 and len({placed[d] for d in blast}) == 1


def test_a_story_of_a_development_stays_apart_from_a_story_of_a_happening() -> None:
    """The twenty-third set read as one refresh: a fire at a Bremerhaven fish processor, one
    worker missing, and the same days a union's warning strike at the town's container
    terminal. The strike's first reports announce a strike and name no happening; the
    fire's name a fire and no strike. The merge pass had joined the two stories on the town
    and its port (``merging.news_beside_story``): they stay apart unless worded close."""
    docs, (fire, strike) = _set_events("fulltext-blind23", "bremerhaven-fish-plant-fire",
                                       "bremerhaven-container-terminal-strike")
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in fire}.isdisjoint(placed[d] for d in strike)


def test_two_stories_sharing_little_but_their_town_stay_apart() -> None:
    """The hundred-and-eleventh set read as one refresh: pupils fall ill at a Shigatse
    boarding school (norovirus, three reports), and the same week a thangka exhibition opens
    in the city (three reports). The town's name carried 0.199 of the 0.206 their profiles
    shared and "region" (a kind of place) 0.005; "home" and "family" the rest, so they were
    not stories sharing only names, and merged. Two stories are one only when names carry
    less than ``merge_names_share`` of what they share."""
    docs, (illness, exhibition) = _set_events("fulltext-blind111", "shigatse-school-norovirus",
                                              "shigatse-thangka-exhibition")
    placed = _cluster_of(cluster_docs(docs))
    assert len(illness) == len(exhibition) == 3
    assert {placed[d] for d in illness}.isdisjoint(placed[d] for d in exhibition)
    everything = ClusterConfig(merge_names_share=1.0)
    placed = _cluster_of(cluster_docs(docs, everything))
    assert not {placed[d] for d in illness}.isdisjoint(placed[d] for d in exhibition)


def test_names_carry_the_share_of_what_two_profiles_share_that_is_names() -> None:
    vec = {"shigatse": 0.9, "school": 0.1, "pupil": 0.4}
    profile = {"shigatse": 0.5, "school": 0.2, "thangka": 0.8}
    assert names_carry(vec, profile, {"shigatse"}) == pytest.approx(0.45 / 0.47)
    assert names_carry(vec, {"thangka": 1.0}, {"shigatse"}) == 1.0  # nothing shared
    assert names_carry(vec, profile, set()) == 0.0


def test_an_order_or_a_contract_won_is_a_deal() -> None:
    """The seventy-fifth set read as one refresh: Rostock's offshore builder "books €380m
    platform order" two days after a labour court found it had wrongly fired its works
    council's organisers. The order's reports announced no development the words knew and
    joined the court case's story on the company's name. An order or a contract won, booked,
    landed or secured is a deal (``Vocabulary._developments``): a development of its own,
    more than a day after the court case."""
    from tui.core.cluster.vocabulary import Vocabulary
    from tui.core.text import PART

    def news(text: str) -> set[str]:
        return Vocabulary._developments(PART.findall(text))

    assert news("Rostock offshore builder wins major contract, to create 280 jobs") == {"deal"}
    assert news("Carriage plant opens 600 vacancies after landing big order") == {"deal"}
    assert news("She won the election on Sunday") == set()
    assert news("Farm land under water after the storm") == set()
    docs, (order, court) = _set_events("fulltext-blind75", "rostock-wos-offshore-platform-order",
                                       "rostock-wos-works-council-dismissals-ruling")
    assert len(order) == 4 and len(court) == 2
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in order}.isdisjoint(placed[d] for d in court)


def test_a_report_of_one_firm_s_news_is_no_local_report_of_another_s() -> None:
    """The eighty-second set read as one refresh: JR Shikoku applying to raise its fares and,
    the same afternoon, a chemical maker of the same prefecture withdrawing its profit
    forecast, sharing "company", "percent" and "yen" (0.10). The fare rise had joined the
    forecast as a local report of its province; a local report announcing kinds of
    development a story does not, where the story announces others, is another story
    (``local.other_news``). The thirty-ninth set: a chemicals plant's closure and its jobs
    stay apart from a council's vote on its villages' schools. A class action is a legal
    development, as a lawsuit is."""
    from tui.core.cluster.vocabulary import Vocabulary
    from tui.core.text import PART

    assert Vocabulary._developments(PART.findall(
        "Operator faces a proposed $15-million class action")) == {"legal"}
    assert Vocabulary._developments(PART.findall("a class of actions")) == set()
    docs, (fares, search) = _set_events("fulltext-blind82", "jr-shikoku-fare-increase-application",
                                        "sanuki-chemical-police-search")
    forecast = _headed(docs, search, "Sanuki Chemical withdraws")
    placed = _cluster_of(cluster_docs(docs))
    assert len(fares) == 3 and len({placed[d] for d in fares}) == 1
    assert placed[forecast] not in {placed[d] for d in fares}
    docs, (closure, vote) = _set_events("fulltext-blind39", "oresund-kemi-halmstad-closure",
                                        "helsingborg-village-schools-vote")
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in closure}.isdisjoint(placed[d] for d in vote)


def test_a_people_places_a_report_as_its_country_does() -> None:
    """The eighty-second set read as one refresh: a fire in a potato shed near Hulst, its
    asbestos in 340 gardens, and an international wire's "Belgian villages told to check
    gardens after asbestos fire across Dutch border", naming no place the gazetteer knows but
    the Netherlands, and two peoples. Against the local station's Hulst, which it does not
    know either, the wire's names had read as places unproven (one of three known) and the
    two clashed. A people places a report as its country does (``names.unproven``): the
    wire's report joins Hulst's. "GP" in capitals is a role, no name: the island's night-time
    GP post closing stays out of a ferry collision whose injured saw a GP."""
    docs, (fire, post, ferry) = _set_events(
        "fulltext-blind82", "kloosterzande-potato-shed-asbestos-fire",
        "zierikzee-night-gp-post-closure", "vlissingen-ferry-collision")
    by_id = {d.id: d for d in docs}
    wire = _headed(docs, fire, "Belgian villages")
    (hulst,) = (d for d in fire if "near Hulst" in by_id[d].title)
    placed = _cluster_of(cluster_docs(docs))
    assert placed[wire] == placed[hulst]
    assert len(ferry) == 5 and {placed[d] for d in post}.isdisjoint(placed[d] for d in ferry)


def test_a_fire_out_after_two_days_joins_its_story() -> None:
    """The eighty-third set read as one refresh: a fire guts a wood-panel warehouse in
    Viadana at dawn; 60.2 hours later the public broadcaster's "Viadana fire out after 52
    hours; dioxins above limits" names the fire and the town up front, but shares few words
    with the first reports (0.19), and the happening pass looked back only
    ``named_seconds`` (2.5 days): it stayed alone. The pass looks back
    ``happening_seconds`` (3 days)."""
    docs, (fire,) = _set_events("fulltext-blind83", "viadana-legnopan-warehouse-fire")
    by_id = {d.id: d for d in docs}
    out = _headed(docs, fire, "Viadana fire out")
    first = _headed(docs, fire, "Fire guts")
    assert by_id[out].published - by_id[first].published > ClusterConfig().named_seconds
    placed = _cluster_of(cluster_docs(docs))
    assert placed[out] == placed[first]
    placed = _cluster_of(cluster_docs(docs, ClusterConfig(
        happening_seconds=ClusterConfig().named_seconds)))
    assert placed[out] != placed[first]


def test_a_column_joins_the_story_writing_its_town_before_one_writing_its_country() -> None:
    """The eighty-fourth set read as one refresh: a column on Wiltshire's household recycling
    centres closing ("The tip was one of the last places the county met itself") names no
    place up front and writes Mere, one of the towns losing its tip, and England further
    down; rare names both. The closures' story writes Mere; a Spanish dig's story of the same
    days writes England, and with two stories to choose from the rare-names pass placed
    nothing. A country's name says less than a town's: the story writing the town is the
    one (``LocalReports._named_report``)."""
    docs, (closures,) = _set_events("fulltext-blind84", "wiltshire-recycling-centre-closures")
    column = _headed(docs, closures, "The tip was")
    placed = _cluster_of(cluster_docs(docs))
    assert len(closures) == 3
    assert placed[column] in {placed[d] for d in closures if d != column}


def test_a_feature_joins_the_story_of_the_town_it_names_when_its_words_lean_there() -> None:
    """The hundred-and-fourteenth set read as one refresh: an independent outlet's feature on
    a nurse's night shifts in the hospital in Bar ("Twelve-hour nights and a hip that can
    wait") names her up front and Bar after. Its words lean to no story of its days (0.072 to
    a lorry driver's charge in Salonta at most), nor is Bar a rare name. Of the stories whose
    key names it writes, only the Bar hospital's Omicron wards is close at all (0.054): it
    is that story's (``LocalReports._named_feature_story``, ``feature_named_threshold``)."""
    docs, (wards,) = _set_events("fulltext-blind114", "bar-hospital-omicron-surge")
    feature = _headed(docs, wards, "Twelve-hour nights")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[feature] in {placed[d] for d in wards if d != feature}
    alone = _cluster_of(cluster_docs(docs, ClusterConfig(feature_named_threshold=2.0)))
    assert alone[feature] not in {alone[d] for d in wards if d != feature}


def test_a_feature_joins_a_story_of_one_report_naming_its_town() -> None:
    """The sixty-eighth set read as one refresh: an independent outlet's "Before the Beauvais
    poisoning, an inspection had flagged the kitchen's cold chain" and the one report of the
    prosecutor's inquiry into the caterer both name Beauvais (0.156 in words). The words' look
    reads only stories of several reports, and the feature stayed alone. The look by the
    names it writes reads a story of one report too (``_named_feature_story``)."""
    docs, (inquiry,) = _set_events("fulltext-blind68", "beauvais-canteen-criminal-inquiry")
    feature = _headed(docs, inquiry, "Before the Beauvais poisoning")
    assert len(inquiry) == 2
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in inquiry}) == 1
    alone = _cluster_of(cluster_docs(docs, ClusterConfig(feature_named_threshold=2.0)))
    assert alone[feature] not in {alone[d] for d in inquiry if d != feature}


def test_a_column_five_days_on_joins_the_story_of_the_town_it_names() -> None:
    """The hundred-and-twentieth set read as one refresh: "Stop cutting ribbons and start
    buying what our factories make", a KwaZulu-Natal column on Newcastle's clothing factory,
    comes 4.8 days after the closure's first report and names Newcastle. That story began
    past the last look's 4.5 days; the look by the names a feature writes reaches 5.5 days
    back for a story of several reports (``feature_named_seconds``). At 4.5 days, it stays
    alone."""
    docs, (closure,) = _set_events("fulltext-blind120", "newcastle-clothing-factory-closure")
    column = _headed(docs, closure, "Stop cutting ribbons")
    news = closure - {column, _headed(docs, closure, "In Madadeni")}
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in news}) == 1
    assert placed[column] in {placed[d] for d in news}
    alone = _cluster_of(cluster_docs(docs, ClusterConfig(feature_named_seconds=4.5 * DAY)))
    assert alone[column] not in {alone[d] for d in news}


def test_a_feature_and_a_column_that_found_each_other_join_their_story_together(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-twenty-sixth set read as one refresh: "At the Nazran bazaar, fasting
    sellers wait to learn where they will go" (an independent outlet's feature) and "A city
    that rebuilds its bazaar without asking the bazaar has already lost something" (a
    column) share "bazaar", and came to one story of their own before the last look, which
    read lone reports only. The feature names Nazran, the market traders' story's key name:
    both join that story, the column with it (``LocalReports._feature_pairs``). Without that
    look they stay a story of two."""
    docs, (protest,) = _set_events("fulltext-blind126", "nazran-market-traders-protest")
    pair = {_headed(docs, protest, "At the Nazran bazaar"), _headed(docs, protest, "A city that")}
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in protest}) == 1
    result = cluster_docs(docs)
    evidence = {p.doc_id: p.evidence for p in result if p.doc_id in pair}
    assert any("closest story of a column or feature" in " ".join(e) for e in evidence.values())
    assert any("with the column or feature it came with" in " ".join(e)
               for e in evidence.values())
    monkeypatch.setattr(StoryClusterer, "_feature_pairs", lambda self, states, constraints: [])
    apart = _cluster_of(cluster_docs(docs))
    assert len({apart[d] for d in pair}) == 1
    assert not {apart[d] for d in pair} & {apart[d] for d in protest - pair}


def test_two_lone_reports_of_news_writing_one_rare_name_are_one_story() -> None:
    """The hundred-and-nineteenth set: a furniture plant's closure told by two lone reports,
    the business paper's "Holmgaard to close Sandnes furniture plant, cutting 137 jobs" and
    the local paper's "Shock at Ganddal: 'We found out in the canteen'", six hours apart.
    They share few words, and the rare-names pass read stories of several reports only, so
    each stayed alone, and the closure's feature and column joined the Stavanger bus strike
    by the one name they shared with it. Both news reports write the company's name and
    Ganddal: one story (``ClusterConfig.named_pairs``), which the feature and the column
    then join, in one refresh and ten at a time."""
    docs, (closure, strike) = _set_events("fulltext-blind119", "sandnes-furniture-plant-closure",
                                          "stavanger-bus-strike")
    news = {_headed(docs, closure, "Holmgaard to close"), _headed(docs, closure, "Shock at")}
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in closure}) == 1
    assert {placed[d] for d in closure}.isdisjoint(placed[d] for d in strike)
    ten = _evaluation().run_incremental(docs, 10)
    assert len({ten[d] for d in news}) == 1
    apart = _cluster_of(cluster_docs(docs, ClusterConfig(named_pairs=False)))
    assert len({apart[d] for d in news}) == 2


def test_a_column_two_stories_share_rare_names_with_joins_the_one_its_words_lean_to() -> None:
    """The sixteenth set read as one refresh: a Uruguayan column on the toxic algae in Laguna
    del Sauce ("The lagoon was telling us for years") writes two rare names, Maldonado and the
    water utility OSE, and so do two stories of its days: the algae's and a burst water main
    in Montevideo. With two stories writing its rare names, the rare-names pass placed it
    nowhere, and a later look put it with the burst main. Its words lean to the algae (0.123
    against 0.039): that story (``LocalReports._named_report``, ``named_lean_threshold``)."""
    docs, (algae, main) = _set_events("fulltext-blind16", "laguna-del-sauce-algae",
                                      "montevideo-main-burst")
    column = _headed(docs, algae, "The lagoon was telling us")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[column] in {placed[d] for d in algae if d != column}
    assert placed[column] not in {placed[d] for d in main}
    before = _cluster_of(cluster_docs(docs, ClusterConfig(named_lean_threshold=2.0)))
    assert before[column] not in {before[d] for d in algae if d != column}


def test_an_appointment_of_a_president_is_news_of_its_own() -> None:
    """The eighty-fourth set read as one refresh: a Shimonoseki ferry operator's ship runs
    aground; two days later its shareholders "approved the appointment of Mariko Sakata as
    president", and a profile of her followed. Sharing the company, the city and its ferry
    (0.33), both had joined the grounding. The appointment of someone is an office's
    development (``Vocabulary._developments``), a doctor's appointment is none."""
    from tui.core.cluster.vocabulary import Vocabulary
    from tui.core.text import PART

    def news(text: str) -> set[str]:
        return Vocabulary._developments(PART.findall(text))

    assert news("Shareholders approved the appointment of Mariko Sakata as president") == {
        "office", "vote"}
    assert news("Patients wait months for an appointment at the clinic") == set()
    docs, (grounding, meeting) = _set_events("fulltext-blind84", "kanmon-ferry-grounding",
                                             "hibiki-kaiun-agm")
    placed = _cluster_of(cluster_docs(docs))
    assert len(meeting) == 2 and len({placed[d] for d in meeting}) == 1
    assert {placed[d] for d in grounding}.isdisjoint(placed[d] for d in meeting)


def test_a_column_still_alone_joins_the_one_story_its_words_lean_to() -> None:
    """The eighty-fifth set read as one refresh: an opinion magazine's "A city hanging from a
    single pipe", three days after a pipe burst left most of Alto Hospicio without water,
    names up front neither the city nor the pipe's people, and writes no rare name; no pass
    placed it. Still alone, a report from an outlet writing columns and features joins the
    story of several reports closest to it in words (0.24) when no other comes near
    (``LocalReports._feature_pass``): it says so. Off, or below the threshold (and the
    second look by the city it names off too, ``feature_named_threshold``), it stays
    alone."""
    docs, (outage,) = _set_events("fulltext-blind85", "alto-hospicio-water-outage")
    by_id = {d.id: d for d in docs}
    column = _headed(docs, outage, "A city hanging from a single pipe")
    assert by_id[column].kind == "opinion"
    placements = {p.doc_id: p for p in cluster_docs(docs)}
    story = {placements[d].cluster_id for d in outage if d != column}
    assert placements[column].cluster_id in story
    assert placements[column].evidence[0].startswith("closest story of a column or feature")
    for config in (ClusterConfig(feature_threshold=2.0),
                   ClusterConfig(feature_threshold=0.25, feature_named_threshold=2.0)):
        placed = _cluster_of(cluster_docs(docs, config))
        assert placed[column] not in {placed[d] for d in outage if d != column}


def test_a_column_sharing_few_words_with_its_story_joins_it_when_no_other_comes_near() -> None:
    """The eighty-third set read as one refresh: "A port that forgot how to imagine anything
    but hulls", a column on Sasebo's dock closure and its job cuts, is 0.14 to that story and
    much less to any other. At ``feature_threshold`` 0.12 it joins; at the 0.15 it had, it
    stayed alone (the second look by the names it writes off, ``feature_named_threshold``)."""
    docs, (closure,) = _set_events("fulltext-blind83", "ksc-sasebo-dock-closure-job-cuts")
    column = _headed(docs, closure, "A port that forgot how to imagine")
    for threshold, joins in ((ClusterConfig().feature_threshold, True), (0.15, False)):
        config = ClusterConfig(feature_threshold=threshold, feature_named_threshold=2.0)
        placed = _cluster_of(cluster_docs(docs, config))
        assert (placed[column] in {placed[d] for d in closure if d != column}) is joins


def test_a_column_near_two_stories_of_its_country_stays_alone() -> None:
    """The sixtieth set: "Nobody climbed onto the roof", a Dutch column on the unchecked
    cooling towers behind Heerlen's legionnaires' outbreak, is 0.19 to that story and 0.07 to the
    next (a cash machine blown up in Heerlen): it joins, as the closest by half again
    (``feature_margin``).
    Asked to be three times as close, it stays alone."""
    docs, (outbreak,) = _set_events("fulltext-blind60", "heerlen-legionnaires-outbreak")
    column = _headed(docs, outbreak, "Nobody climbed onto the roof")
    for margin, joins in ((1.5, True), (3.0, False)):
        placed = _cluster_of(cluster_docs(docs, ClusterConfig(feature_margin=margin)))
        assert (placed[column] in {placed[d] for d in outbreak if d != column}) is joins


def test_a_column_in_a_later_refresh_joins_the_story_its_words_lean_to() -> None:
    """The same column arriving in a refresh of its own, the set's other reports stored
    before: the refresh places it in the outage's story, and says why."""
    docs, (outage,) = _set_events("fulltext-blind85", "alto-hospicio-water-outage")
    by_id = {d.id: d for d in docs}
    column = _headed(docs, outage, "A city hanging from a single pipe")
    clusterer = StoryClusterer()
    before = clusterer.add([d for d in docs if d.id != column])
    story = {p.cluster_id for p in before.placements if p.doc_id in outage}
    (placement,) = (p for p in clusterer.add([by_id[column]]).placements
                    if p.doc_id == column)
    assert placement.cluster_id in story
    assert placement.evidence[0].startswith("closest story of a column or feature")


def test_a_column_a_week_on_joins_its_own_country_s_story() -> None:
    """The ninety-fourth set read as one refresh: an Alberta weekly's column "A highway is not
    a birth plan" comes 3.8 days after Pincher Creek's hospital paused births ("Pincher Creek
    heard it last week"), the week Geraldton's hospital in Western Australia paused them too.
    Its words lean to both stories (0.31 and 0.33). The last look reaches 4.5 days back
    (``feature_story_seconds``), and a column argues about its own country's news: where a
    story its country's outlets reported is close enough, it joins that one. Reaching back
    only 3.5 days, it stays alone."""
    docs, (pincher, geraldton) = _set_events(
        "fulltext-blind94", "pincher-creek-obstetrics-suspension", "geraldton-planned-births-pause")
    column = _headed(docs, pincher, "A highway is not a birth plan")
    placements = {p.doc_id: p for p in cluster_docs(docs)}
    assert placements[column].cluster_id in {placements[d].cluster_id for d in pincher - {column}}
    assert placements[column].evidence[0].startswith("closest story of a column or feature")
    assert placements[column].cluster_id not in {placements[d].cluster_id for d in geraldton}
    placed = _cluster_of(cluster_docs(docs, ClusterConfig(feature_story_seconds=3.5 * DAY,
                                                          feature_named_seconds=3.5 * DAY)))
    assert placed[column] not in {placed[d] for d in pincher | geraldton if d != column}


def test_a_wire_naming_only_the_country_joins_the_happening_told_by_its_town() -> None:
    """The ninety-fourth set read as one refresh: the regional wire's "Six dead, others
    feared trapped as gold pit caves in outside Geita town", and six hours later a wire
    abroad's "Tanzania: at least seven killed as informal gold mine collapses", naming no
    town. They share a few words (0.13) and no rare name, and each stayed alone. A report
    naming countries and no town or province joins the one story of its kind of happening
    whose key towns lie in one of them (``LocalReports._abroad``); a story in another
    country it does not."""
    docs, (pit,) = _set_events("fulltext-blind94", "mw-geita-pit-collapse")
    wire = _headed(docs, pit, "Tanzania: at least seven killed")
    town = _headed(docs, pit, "Six dead, others feared trapped")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[wire] == placed[town]
    elsewhere = [replace(d, title=d.title.replace("Tanzania", "Zambia"),
                         text=d.text.replace("Tanzania", "Zambia")) if d.id == wire else d
                 for d in docs]
    placed = _cluster_of(cluster_docs(elsewhere))
    assert placed[wire] not in {placed[d] for d in pit if d != wire}


def test_a_story_s_country_is_the_one_its_towns_lie_in_not_its_neighbours() -> None:
    """The ninety-seventh set read as one refresh: a bus and a timber lorry collide outside
    Tanzania's Makambako, nine dead; the same day a bus and a logging truck collide north of
    Mandimba, nine dead, in Niassa, "a remote province in Mozambique's far north that borders
    Malawi and Tanzania". Worded alike, the two stories merged: the Mozambican story's key
    names, naming no country in most reports, counted the Tanzania it borders as its own. A
    story whose main key names lie in one country is that country's, with its towns
    (``KeyNames._countried``): two countries, two stories."""
    docs, (makambako, mandimba) = _set_events("fulltext-blind97", "ir-makambako-bus-crash",
                                              "n13-bus-crash-mandimba")
    for placed in (_cluster_of(cluster_docs(docs)), _evaluation().run_incremental(docs, 10)):
        assert {placed[d] for d in makambako}.isdisjoint(placed[d] for d in mandimba)


def test_a_town_s_festival_joins_another_only_on_a_place_both_name() -> None:
    """The ninety-seventh set read as one refresh: Serowe's Khama III Museum records its
    elders' stories, the week a Tanzanian town's heritage week honours Chief Mkwawa; both
    write "Memorial" (each museum's name). A culture event, a protest or a theft is one of many
    of its kind in a week: the happening pass joins one to another on a place both name, not
    on a capitalised word, and the museum stays apart."""
    docs, (week, museum) = _set_events("fulltext-blind97", "ir-iringa-heritage-week",
                                       "serowe-khama-museum-oral-history")
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in week}.isdisjoint(placed[d] for d in museum)


def test_a_ruta_is_a_road_as_a_route_is() -> None:
    """The ninety-ninth set read as one refresh: a bus and a grain truck collide on Ruta PY01
    outside Encarnación, Paraguay; the same week a bus and a logging truck on Uruguay's Ruta 5,
    and an international bus overturns on Chile's Ruta 11. Each report names its town and its
    route, and "Ruta" was a key name all three stories shared: they were one. A ruta, like a
    route (``words.PLACE_KINDS``), says what kind of place a name is, not which: three
    stories."""
    docs, events = _set_events("fulltext-blind99", "itapua-ruta1-bus-truck-crash",
                               "ruta5-bus-crash-paso-de-los-toros", "putre-bus-rollover")
    placed = _cluster_of(cluster_docs(docs))
    stories = [{placed[d] for d in event} for event in events]
    assert all(a.isdisjoint(b) for i, a in enumerate(stories) for b in stories[i + 1:])


def test_a_country_a_road_leads_to_is_not_where_its_crash_is() -> None:
    """The hundredth set read as one refresh: a bus and a lorry collide north of Tanguiéta,
    "on Benin's route to Burkina Faso", and the same afternoon a coach hits a lorry near
    Niangoloko, "on Burkina Faso's main route to Ivory Coast". Worded alike, and both naming
    Burkina Faso up front, the two wires were one story. A country named only as where a
    road leads, or what a border faces, is not where a report is (``Vocabulary._beyond``):
    Benin's crash and Burkina Faso's are two."""
    docs, (tanguieta, niangoloko) = _set_events(
        "fulltext-blind100", "rnie3-bus-crash-tanguieta-2023-03-14", "niangoloko-coach-crash")
    benin = _headed(docs, tanguieta, "At least nine dead in bus crash on Benin's route")
    burkina = _headed(docs, niangoloko, "Coach crash on Burkina Faso's main route")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[benin] != placed[burkina]


def test_a_hyphenated_quarter_is_no_town_abroad() -> None:
    """The hundred-and-fourth set: a Le Robert paper's "Vert-Pré: school bus leaves the road on
    the chapel bend, fourteen pupils hurt", the day two wires report the crash from Le Robert,
    in Martinique. Vert-Pré, the quarter, was two words, Vert (a
    Dutch town) and Pré (Italian and Thai towns), and its report clashed with Martinique's.
    A hyphenated name whose parts lie in no one country is no place of its own
    (``Vocabulary._parts``): the report joins its crash."""
    docs, (crash,) = _set_events("fulltext-blind104", "robert-school-bus-crash")
    quarter = _headed(docs, crash, "Vert-Pré: school bus leaves the road")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[quarter] in {placed[d] for d in crash if d != quarter}


def test_a_local_paper_s_barrio_is_no_town_abroad() -> None:
    """The twenty-fifth set: a Dominican local paper's "Imbert wakes up under the mud" names
    the barrio of Los Mangos up front, where the flood's other reports name Imbert and the
    province. "Los" is a Nigerian town to the gazetteer, and the report clashed with its own
    story. A name only local outlets of one country write, which the gazetteer knows only as
    towns of other countries, is a place it does not know (``Vocabulary.places``): the
    report joins its flood."""
    docs, (flood,) = _set_events("fulltext-blind25", "imbert-bajabonico-flood")
    barrio = _headed(docs, flood, "Imbert wakes up under the mud")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[barrio] in {placed[d] for d in flood if d != barrio}


def test_a_continent_both_write_is_no_actor_they_share() -> None:
    """The hundredth set, ten reports at a time: the wire's "Twelve dead after bus ploughs into
    fuel truck on Togo's main trade highway" and the Benin story of the Tanguiéta crash, whose
    reports name Togo in passing as the wire names Benin, both write "West African". A name the
    gazetteer knows as no place is an actor two sides share, and a shared actor lets a story
    reach another country; a continent's adjective is where, not who
    (``words.WIDE_REGIONS``): Togo's crash and Benin's stay two stories."""
    docs, (togo, benin) = _set_events(
        "fulltext-blind100", "sotouboua-n1-coach-tanker-crash",
        "rnie3-bus-crash-tanguieta-2023-03-14")
    wire = _headed(docs, togo, "Twelve dead after bus ploughs into fuel truck")
    placed = _evaluation().run_incremental(docs, 10)
    assert placed[wire] not in {placed[d] for d in benin}


def test_a_report_does_not_pass_the_story_of_its_town_for_one_naming_none_of_its_places(
) -> None:
    """The hundredth set read as one refresh: a Natitingou paper's morning after the Tanguiéta
    crash, told through the village of Taiacou, is closest in words to the two reports of that
    crash, but close to neither alone, so it was no part of it; it joined the next closest,
    the Niangoloko coach crash in Burkina Faso, which names none of its places. A report
    passing a closer story that names its places joins only a story naming one of them too
    (``StoryClusterer._best_cluster``)."""
    docs, (tanguieta, niangoloko) = _set_events(
        "fulltext-blind100", "rnie3-bus-crash-tanguieta-2023-03-14", "niangoloko-coach-crash")
    village = _headed(docs, tanguieta, "Taiacou wakes to the sound of the crash")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[village] not in {placed[d] for d in niangoloko}
    assert placed[village] in {placed[d] for d in tanguieta if d != village}


def test_whose_ministry_it_is_names_the_country_not_a_kind_of_thing() -> None:
    """The thirty-third set read as one refresh: the wire's "Namibia confirms cholera outbreak
    in north", whose first sentence names "Namibia's Ministry of Health and Social Services",
    and the public broadcaster's report of Oshana Region's residents told to boil water.
    "Ministry of Health" is a kind of thing many countries have, and the words before it were
    read as part of that kind, Namibia's name too: the wire then named no place, and the two
    clashed. Whose ministry it is (a possessive, a country) is a name
    (``Vocabulary._mark_kinds``): one story."""
    docs, (outbreak,) = _set_events("fulltext-blind33", "oshakati-cholera-outbreak")
    wire = _headed(docs, outbreak, "Namibia confirms cholera outbreak")
    local = _headed(docs, outbreak, "Oshana Region residents urged to boil water")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[wire] == placed[local]


def test_a_parish_written_with_st_places_its_report_in_its_country() -> None:
    """The forty-fourth set read as one refresh: the wire's "Five killed as minibus and truck
    collide on mountain road in northern Jamaica" and the public broadcaster's "Five dead, 19
    injured in St Ann crash", the same day. "St Ann" was two words, and "Ann" a town in
    Myanmar: the two reports clashed. St Ann is the parish of Saint Ann
    (``places.Gazetteer.join_names``), in Jamaica: one story."""
    docs, (crash,) = _set_events("fulltext-blind44", "fern-gully-minibus-crash")
    wire = _headed(docs, crash, "Five killed as minibus and truck collide")
    parish = _headed(docs, crash, "Five dead, 19 injured in St Ann crash")
    placed = _cluster_of(cluster_docs(docs))
    assert placed[wire] == placed[parish]


def test_a_follow_up_left_alone_joins_the_story_it_is_closest_to() -> None:
    """The thirty-fourth set: a quarry operator is held over the Fianarantsoa landslide (two
    reports), and a day and a half later the broadcaster's "Quarry manager remanded in custody
    as inquiry widens". The inquiry is a development the story had not told, so the report
    started a story of its own, and no other report joined it. A report still alone a day on
    joins the story of several reports it is closest to in words, far closer than to any other
    (``LocalReports._followup_pass``), in one refresh or ten reports at a time."""
    docs, (arrest,) = _set_events("fulltext-blind34", "fianarantsoa-quarry-arrest")
    remand = _headed(docs, arrest, "Quarry manager remanded in custody")
    placements = cluster_docs(docs)
    for placed in (_cluster_of(placements), _evaluation().run_incremental(docs, 10)):
        assert placed[remand] in {placed[d] for d in arrest if d != remand}
    # What matched it is shown with it: the analyst sees why a follow-up sits in the story.
    (placement,) = (p for p in placements if p.doc_id == remand)
    assert placement.evidence[0].startswith("closest story of a follow-up: 0.")


def test_two_follow_ups_each_alone_are_one_story() -> None:
    """The seventy-sixth set: eight days after a tanker train derailed near Stendal, the rail
    investigators find a broken wheelset probably caused it; a day later the prosecutors open
    a case, "as investigators point to cracked axle". The prosecutors' case is a development
    the finding did not tell, and each report stayed alone. A story of one report is a story
    a follow-up may join (``LocalReports._followup_story``): the two are one."""
    docs, (inquiry,) = _set_events("fulltext-blind76", "stendal-derailment-investigation")
    placed = _cluster_of(cluster_docs(docs))
    assert len({placed[d] for d in inquiry}) == 1


def test_a_follow_up_waits_a_day_before_joining_a_story() -> None:
    """The first report of a development may be followed by others telling it too, in the
    next refresh: until a day has passed with no story taking it, a lone follow-up stays
    alone, however close in words to the story it follows."""
    docs, (arrest,) = _set_events("fulltext-blind34", "fianarantsoa-quarry-arrest")
    remand = _headed(docs, arrest, "Quarry manager remanded in custody")
    (report,) = (doc for doc in docs if doc.id == remand)
    earlier = [doc for doc in docs if (doc.published or 0) < (report.published or 0)]
    clusterer = StoryClusterer()
    clusterer.add(earlier)
    result = clusterer.add([report])
    placed = {p.doc_id: p.cluster_id for p in result.placements}
    stories = clusterer.clusters()
    assert stories[placed[remand]] == [remand]


@pytest.mark.parametrize("sentence", [
    "Fire department rushes to blaze as gunmen opened fire near the port",
    "Steelmaker agrees to buy rival and to cut 640 jobs after the walls of the pit gave way",
    "Council votes to raise average electricity tariffs by 11.4% after the storm",
    "A quiet day in the harbour town, with nothing of note at all",
])
def test_the_cue_readers_read_the_same_from_the_cue_words_alone(sentence: str) -> None:
    """The words that may be cues are found first (``cue_indexes``), and only they are read,
    with their neighbours: what a headline announces and names is what reading every word
    gives, the second time as the first (the words found inert are remembered)."""
    tokens = sentence.split()
    for _ in range(2):
        where = cue_indexes(tokens)
        assert happenings(tokens, where) == happenings(tokens)
        assert (Vocabulary._developments(tokens, where)
                == Vocabulary._developments(tokens))
    assert {tokens[index] for index in cue_indexes(tokens)}.isdisjoint({"the", "at", "all"})


def test_jobs_lost_under_a_headline_naming_a_happening_are_what_it_cost() -> None:
    """The eighty-seventh set read as one refresh: a fire at a Ringaskiddy chemical plant,
    then, two days on, the news agency's "Ringaskiddy fire: 14,000 litres of solvent burned,
    62 staff placed on temporary lay-off". Laying staff off is a development of its own
    (a plant closing after a leak at another plant is another story), and it had kept the
    update out of the fire's story. Under a headline naming a happening, jobs lost are what
    the happening cost (``Vocabulary._cues``): the update joins. So does the eighty-fourth
    set's Onda tile factory fire, "losses put at €14 million", its maker applying for "a
    temporary layoff scheme" in its first sentence."""
    for folder, event, start in (
            ("fulltext-blind87", "ringaskiddy-chemical-plant-fire", "Ringaskiddy fire:"),
            ("fulltext-blind84", "onda-tile-factory-fire", "Onda factory fire:")):
        docs, (fire,) = _set_events(folder, event)
        update = _headed(docs, fire, start)
        placed = _cluster_of(cluster_docs(docs))
        assert placed[update] in {placed[d] for d in fire if d != update}


def test_a_report_naming_its_own_country_is_no_local_report_of_another_s() -> None:
    """The eighty-seventh set read as one refresh: Blackwater Textiles closing its carpet
    plant in Youghal, County Cork, "Ireland", the same days as a nickel refinery's go-ahead in
    Townsville. Blackwater is a town of Queensland too, Townsville's province, and the
    closure had joined the refinery as a local report of its province (0.07). A report whose
    key names name its own country, and not that province's, is no such local report
    (``names.same_province``)."""
    docs, (refinery, closure) = _set_events("fulltext-blind87", "northfield-townsville-refinery",
                                            "youghal-carpet-plant-closure")
    placed = _cluster_of(cluster_docs(docs))
    assert {placed[d] for d in refinery}.isdisjoint(placed[d] for d in closure)
