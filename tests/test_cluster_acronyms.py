"""An organisation and its acronym are one key (tui/core/cluster/acronyms.py): learnt from
the reports' own definitions, or from a name in one report whose initials spell an acronym
another writes, never from a list."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from tests.cluster_docs import article
from tui.core.cluster import ClusterConfig, Doc, StoryClusterer, cluster_docs
from tui.core.cluster.acronyms import definitions, spelled_out
from tui.core.cluster.vocabulary import Vocabulary


@pytest.mark.parametrize(("text", "expected"), [
    ("Inspectors of the International Atomic Energy Agency (IAEA) left on Friday.",
     [("IAEA", ["International", "Atomic", "Energy", "Agency"])]),
    ("the Organization for Security and Co-operation in Europe (OSCE) met",
     [("OSCE", ["Organization", "for", "Security", "and", "Co-operation", "in", "Europe"])]),
    ("the Central Bank of Armenia (CBA) cut its rate",
     [("CBA", ["Central", "Bank", "of", "Armenia"])]),
    # A hyphenated name of capitalised parts gives each part's initial.
    ("the miner Compagnie Minière du Haut-Ogooué (CMHO) said",
     [("CMHO", ["Compagnie", "Minière", "du", "Haut-Ogooué"])]),
    # A Turkish acronym after an English name: the initials do not match, nothing is learnt.
    ("the Disaster and Emergency Management Authority (AFAD) said", []),
    ("the agency (IAEA) said; a magnitude 5.6 (M5.6) quake; (Reuters)", []),
])
def test_a_definition_is_an_acronym_after_the_words_it_abbreviates(text, expected) -> None:
    assert definitions(text) == expected


T0 = datetime(2026, 10, 14, 9, 0, tzinfo=UTC)


_doc = partial(article, T0)


SHORT = _doc(
    "short", "Ridge Wire", 0, "IAEA inspectors finish safety review",
    "IAEA inspectors finished a safety review of the reactor on Thursday and asked the operator "
    "to replace ageing cables before the winter, the IAEA said in a statement.",
)
LONG = _doc(
    "long", "Valley Radio", 2, "Atomic agency team ends reactor safety review",
    "A team from the International Atomic Energy Agency finished its safety review of the "
    "reactor on Thursday and asked the operator to replace ageing cables before the winter, "
    "the International Atomic Energy Agency said.",
)
DEFINES = _doc(
    "defines", "Hill Courier", 1, "Atomic energy chief visits Vienna school",
    "The head of the International Atomic Energy Agency (IAEA) spoke to pupils in Vienna on "
    "Wednesday about careers in physics.",
)


def test_a_doc_naming_the_full_name_gets_the_acronym_term() -> None:
    vocab = Vocabulary(ClusterConfig())
    vocab.learn([SHORT, LONG, DEFINES])
    weights, surface, _ = vocab.analyse(LONG)
    assert weights["iaea"] == pytest.approx(0.6)  # two mentions in the lead
    assert surface["iaea"] == "IAEA"
    assert "iaea" not in vocab.analyse(Doc(id="x", title="Agency budget", text="Energy."))[0]


def test_the_acronym_and_the_full_name_are_one_story() -> None:
    placements = {p.doc_id: p.cluster_id for p in cluster_docs([SHORT, LONG, DEFINES])}
    assert placements["short"] == placements["long"] != placements["defines"]


@pytest.mark.parametrize(("text", "known", "expected"), [
    ("the Korean Agency for Technology and Standards ordered", {"KATS"},
     [("KATS", ["Korean", "Agency", "for", "Technology", "and", "Standards"])]),
    ("The Central Weather Administration said", {"CWA"},
     [("CWA", ["Central", "Weather", "Administration"])]),
    # A Romance "de" may give its letter; English small words never do (BoE, not BOE).
    ("the utility Administración Nacional de Electricidad said", {"ANDE"},
     [("ANDE", ["Administración", "Nacional", "de", "Electricidad"])]),
    ("the Compagnie Minière du Haut-Ogooué said", {"CMHO"},
     [("CMHO", ["Compagnie", "Minière", "du", "Haut-Ogooué"])]),
    ("the Organization for Security and Co-operation in Europe met", {"OSCE"},
     [("OSCE", ["Organization", "for", "Security", "and", "Co-operation", "in", "Europe"])]),
    # Dutch, German and Scandinavian names join their words with their own small words;
    # a Dutch "voor" may give its letter, as a Romance "de" may (the fifty-ninth set's
    # Dutch Safety Board, "OVV" in one report and spelled out in another).
    ("the Onderzoeksraad voor Veiligheid will look", {"OVV"},
     [("OVV", ["Onderzoeksraad", "voor", "Veiligheid"])]),
    ("the Bundesanstalt für Materialforschung und Prüfung said", {"BMP"},
     [("BMP", ["Bundesanstalt", "für", "Materialforschung", "und", "Prüfung"])]),
    ("the Bundesanstalt für Materialforschung said", {"BFM"}, []),  # "für" gives none
    ("the Van Governorate Office said", {"VGO"}, [("VGO", ["Van", "Governorate", "Office"])]),
    ("pupils of a School in Malatya", {"SIM"}, []),
    # A word in capitals is a dateline or an acronym, never part of a name.
    ("MADRID, Nov 5 (Ridge Wire) - Madrid Regional Government", {"MRG"},
     [("MRG", ["Madrid", "Regional", "Government"])]),
    ("The CWA Weather Administration", {"CWA"}, []),
    ("the Central Weather Administration said", set(), []),
])
def test_a_name_spells_an_acronym_by_its_initials(text, known, expected) -> None:
    assert spelled_out(text, known) == expected


def test_a_full_name_gets_the_acronym_another_report_writes_undefined() -> None:
    vocab = Vocabulary(ClusterConfig())
    vocab.learn([SHORT, LONG])
    weights, surface, cues = vocab.analyse(LONG)
    assert weights["iaea"] == pytest.approx(0.6)
    assert surface["iaea"] == "IAEA"
    # The name is one key, the acronym's, not four words the other report never writes.
    assert "iaea" in cues.heads and "atomic" not in cues.heads


def test_an_acronym_two_names_spell_is_learnt_for_neither() -> None:
    """The CWA of a weather agency and of a water law, in one window: undefined, the acronym
    says nothing about which is meant."""
    vocab = Vocabulary(ClusterConfig())
    weather = _doc("w", "Ridge Wire", 0, "Typhoon warning issued",
                   "The Central Weather Administration issued a typhoon warning on Friday.")
    water = _doc("a", "Valley Radio", 1, "Farmers sue under water law",
                 "Farmers sued the county under the Clean Water Act on Friday.")
    vocab.learn([weather, water, _doc("c", "Hill Courier", 2, "CWA says", "The CWA said.")])
    assert "cwa" not in vocab.analyse(weather)[0]
    assert "cwa" not in vocab.analyse(water)[0]


def test_a_title_case_headline_names_nothing_by_its_capitals() -> None:
    """In a Title Case headline every word is capitalised: "Sales Earnings Climb" spells
    SEC but names no regulator."""
    vocab = Vocabulary(ClusterConfig())
    vocab.learn([Doc(id="h", title="Retail Sales Earnings Climb As Shoppers Return"),
                 Doc(id="s", title="SEC fines broker over late filings")])
    assert "sec" not in vocab.analyse(Doc(id="h", title="Retail Sales Earnings Climb As "
                                                        "Shoppers Return"))[0]


def test_the_acronym_and_the_full_name_are_one_story_undefined(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """No report says what IAEA stands for; the initials of one report's name do. Without
    them the two reports are two stories, in one batch and when the acronym comes in a
    later refresh than the full name (the stored window learns the new docs' acronyms
    before it is read again)."""

    def stories() -> tuple[dict, dict]:
        batch = {p.doc_id: p.cluster_id for p in cluster_docs([SHORT, LONG])}
        first = StoryClusterer().add([LONG])
        later = StoryClusterer()
        later.load([LONG], first.placements)
        placed = {p.doc_id: p.cluster_id for p in [*first.placements,
                                                  *later.add([SHORT]).placements]}
        return batch, placed

    for placed in stories():
        assert placed["short"] == placed["long"]
    monkeypatch.setattr("tui.core.cluster.vocabulary.spelled_out", lambda text, known: [])
    for placed in stories():
        assert placed["short"] != placed["long"]


def test_the_acronym_of_a_place_of_several_words_is_that_place() -> None:
    """A wire writes "New South Wales", a local broadcaster "northern NSW". The state is one
    term of three words (``Gazetteer.join_names``), and its acronym names the same place: a
    report naming "NSW" is placed in Australia, not left unplaced beside a town of its name
    elsewhere. Haut-Ogooue, a Gabonese province inside a company's name, still spells CMHO."""
    vocab = Vocabulary(ClusterConfig())
    wire = _doc("w", "Ridge Wire", 0, "Bushfire destroys homes in New South Wales",
                "A bushfire destroyed 20 homes in New South Wales on Friday, officials said.")
    local = _doc("l", "Valley Radio", 1, "Homes lost as fire jumps lines in northern NSW",
                 "Homes were lost when the fire in northern NSW jumped containment lines.")
    miner = _doc("m", "Hill Courier", 2, "Miner's chief resigns",
                 "The chief of Compagnie Minière du Haut-Ogooué resigned; the CMHO said so.")
    vocab.learn([wire, local, miner])
    assert "new south wales" in vocab.analyse(wire)[0]
    assert {place.country for place in vocab.places("nsw")} == {"AU"}
    assert "nsw" in vocab.analyse(wire)[0]  # the full name gets the acronym's term
    assert "cmho" in vocab.analyse(miner)[2].heads
