"""Lone reports placed by the figures they quote (tui/core/cluster/local.py,
``_figures_pass``): an international wire tells a quake through the country ("northern
Chile"), the national agency through the district and its officials, in words so different
that their cosine stays under the join threshold, and the wire names no province for the
local-report rule. Both quote the magnitude, the time it struck and the aftershock: two
reports of one event quote the same figures, two events rarely share two. A report sharing
one figure, a quake in another country with the same magnitude, and the arrest two days on
that recaps the figures stay apart."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from tests.cluster_docs import article, stories
from tui.core.cluster import ClusterConfig, Doc, StoryClusterer
from tui.core.cluster.words import figures

T0 = datetime(2026, 11, 18, 6, 0, tzinfo=UTC)
_doc = partial(article, T0)

WIRE = _doc(
    "w1", "Meridian Wire", 0, "Strong quake shakes northern Chile, two killed",
    "SANTIAGO, Nov 18 (Meridian) - A magnitude 6.1 earthquake shook northern Chile before "
    "dawn on Wednesday, killing two people and cutting power to thousands of homes, the "
    "national disaster agency said.\n\nThe tremor struck at 4:12 a.m. at a depth of about "
    "90 km. A strong aftershock of magnitude 4.8 followed within the hour. Mining companies "
    "in the copper belt said they had halted work to inspect their pits.\n\n\"Families slept "
    "in the street,\" a spokeswoman told Meridian. Chile is one of the most seismically "
    "active countries in the world.")
AGENCY = _doc(
    "a1", "Agencia Andina Norte", 4, "Two dead in Calama after 6.1 tremor; 212 homes damaged",
    "CALAMA (AAN) - Two residents of Calama died and 47 were hurt when a 6.1 tremor hit the "
    "El Loa province at 04:12, regional officials reported.\n\nInspectors had listed 212 "
    "damaged dwellings by noon, most of them adobe houses in the old quarter, and the "
    "municipal stadium was opened as a shelter. A 4.8 aftershock at 05:03 sent people "
    "running into the streets again.\n\nThe regional governor visited the hospital and "
    "promised emergency funds.")

# Other news of the week naming places up front: what makes those words names, as any
# week's window holds them.
OTHER_NEWS = [
    _doc("b1", "Meridian Wire", -50, "Copper output in Antofagasta rises for third month",
         "Copper production in Antofagasta rose for a third month in October, the mining "
         "ministry said on Monday."),
    _doc("b2", "Meridian Wire", -46, "Lima metro line opens to passengers",
         "The second line of the Lima metro opened on Tuesday after eleven years of works."),
]


def _stories(docs: list[Doc], config: ClusterConfig | None = None) -> dict:
    return stories([*OTHER_NEWS, *docs], config)


def test_figures_are_read_one_way() -> None:
    found = figures("A 6.1 quake at 04:12 damaged 1,200 homes in 2026; 47 hurt, 4.8 later.")
    assert found == {"6.1", "4:12", "1200", "4.8"}  # no year, no count under 100


def test_two_reports_quoting_the_same_figures_are_one_story() -> None:
    placed = _stories([WIRE, AGENCY])
    assert placed["w1"] == placed["a1"]


def test_without_the_figures_pass_they_stay_apart() -> None:
    """What the rule is for: no other rule joins them."""
    placed = _stories([WIRE, AGENCY], ClusterConfig(rare_figure_docs=0))
    assert placed["w1"] != placed["a1"]


def test_a_report_joining_in_a_later_refresh_says_by_which_figures() -> None:
    clusterer = StoryClusterer()
    clusterer.add(OTHER_NEWS)
    (first,) = clusterer.add([WIRE]).placements
    (placement,) = clusterer.add([AGENCY]).placements
    assert placement.cluster_id == first.cluster_id
    assert placement.evidence[0] == "figures: 4.8, 4:12, 6.1"  # shown in the app and brief


def test_one_shared_figure_is_not_enough() -> None:
    other = _doc(
        "o1", "Agencia Andina Norte", 5, "New street lighting for the old quarter",
        "CALAMA (AAN) - The old quarter of Calama will have 212 new street lamps from "
        "January, at a cost of 385 million pesos, the municipality said on Wednesday.")
    placed = _stories([WIRE, AGENCY, other])
    assert placed["w1"] == placed["a1"] != placed["o1"]


def test_the_same_magnitude_in_another_country_stays_apart() -> None:
    elsewhere = _doc(
        "e1", "Agencia Andina Norte", 6, "Quake of 6.1 hits southern Peru; houses cracked",
        "AREQUIPA (AAN) - A 6.1 quake struck the Arequipa region of Peru at 04:12 local time, "
        "cracking houses in Chivay, Peru's civil defence institute said. A 4.8 aftershock "
        "followed.")
    placed = _stories([WIRE, elsewhere])
    assert placed["w1"] != placed["e1"]


def test_the_arrest_days_later_that_recaps_the_figures_is_a_story_of_its_own() -> None:
    arrest = _doc(
        "r1", "Agencia Andina Norte", 54, "Builder arrested over Calama school that fell",
        "CALAMA (AAN) - Police arrested the owner of a construction firm on Friday over the "
        "collapse of a school annex in Calama during the 6.1 tremor at 04:12 on Wednesday, "
        "prosecutors said. The 4.8 aftershock brought down the rest of the wall.")
    placed = _stories([WIRE, AGENCY, arrest])
    assert placed["w1"] == placed["a1"] != placed["r1"]


def test_figures_are_read_where_a_refresh_reads_them() -> None:
    """The store hands the clusterer the first 1,500 characters of a text
    (``store.cluster_inputs``), so figures further down are not read in the benchmarks
    either: they would measure what no refresh does."""
    from tui.core.cluster.vocabulary import FIGURE_CHARS
    from tui.core.store.stories import cluster_inputs

    assert cluster_inputs.__defaults__ is not None
    assert FIGURE_CHARS in cluster_inputs.__defaults__  # lead_chars
    padding = "The regional governor visited the hospital and promised funds. " * 30
    late = _doc("a2", "Agencia Andina Norte", 4, AGENCY.title,
                AGENCY.text.split("\n\n")[0].replace("6.1", "strong").replace("04:12", "dawn")
                + "\n\n" + padding + "\n\n" + AGENCY.text)
    assert len(padding) > FIGURE_CHARS
    placed = _stories([WIRE, late])
    assert placed["w1"] != placed["a2"]
