"""An organisation and its acronym are one key (tui/core/cluster/acronyms.py): learnt from
the reports' own definitions, never from a list."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

import pytest

from tests.cluster_docs import article
from tui.core.cluster import ClusterConfig, Doc, cluster_docs
from tui.core.cluster.acronyms import definitions
from tui.core.cluster.vocabulary import Vocabulary


@pytest.mark.parametrize(("text", "expected"), [
    ("Inspectors of the International Atomic Energy Agency (IAEA) left on Friday.",
     [("IAEA", ["International", "Atomic", "Energy", "Agency"])]),
    ("the Organization for Security and Co-operation in Europe (OSCE) met",
     [("OSCE", ["Organization", "for", "Security", "and", "Co-operation", "in", "Europe"])]),
    ("the Central Bank of Armenia (CBA) cut its rate",
     [("CBA", ["Central", "Bank", "of", "Armenia"])]),
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
