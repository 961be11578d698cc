"""Lone reports placed by a rare name (tui/core/cluster/local.py, ``_named_pass``): the radio
feature on the families in the school gym shares next to no word with the landslide's news but
the village they fled, and joins that story; a rare name two stories write places nothing, and
a report about something else, or from somewhere else, stays apart."""

from __future__ import annotations

from datetime import UTC, datetime
from functools import partial

from tests.cluster_docs import article
from tests.cluster_docs import stories as _stories
from tui.core.cluster import ClusterConfig, Constraints, StoryClusterer

T0 = datetime(2026, 11, 9, 4, 0, tzinfo=UTC)
_doc = partial(article, T0)

SLIDE = [
    _doc("n1", "Caucasus Wire", 0, "Landslide kills three in Georgia's Racha region",
         "A landslide buried four houses in the mountain region of Racha in northern Georgia "
         "before dawn on Monday, killing three people, the emergency service said. Rescuers "
         "led by Tamaz Berdzenishvili dug through mud and boulders in the village of Shkmeri "
         "until noon; eleven families were moved to safety."),
    _doc("n2", "Tbilisi Public Radio", 2, "Racha: three dead as hillside collapses on village",
         "Three people died when a hillside gave way above Shkmeri in Racha early on Monday, "
         "the emergency service said. Mud and rock buried four homes; rescue teams under "
         "Tamaz Berdzenishvili searched the debris, and eleven families left the village."),
]
FEATURE = _doc(
    "f1", "Rioni FM", 28, "Camp beds, a kettle and a borrowed coat",
    "Nana is seven and has decided that the gym is a castle. Her grandmother sleeps on the "
    "next camp bed, a coat from a neighbour over her knees, and listens for the telephone.\n\n"
    "Nobody here talks much about the night they left Shkmeri. They talk about the goats "
    "left behind, about the kettle the teachers keep on, about whether the bread van will "
    "come up the valley again.\n\n"
    "\"Tamaz carried my mother out on his back,\" says a man folding blankets. \"Berdzenishvili "
    "did not sleep for two days. Put that on the radio.\"")


def test_a_feature_sharing_only_the_village_joins_the_story() -> None:
    placed = _stories([*SLIDE, FEATURE])
    assert placed["n1"] == placed["n2"] == placed["f1"]


def test_without_rare_names_the_feature_shares_too_few_words_to_join() -> None:
    """What the rule is for: neither the words nor the local-report rule place it."""
    placed = _stories([*SLIDE, FEATURE], ClusterConfig(rare_name_docs=0))
    assert placed["n1"] == placed["n2"] != placed["f1"]


def test_a_feature_arriving_in_a_later_refresh_joins_and_says_by_which_name() -> None:
    clusterer = StoryClusterer()
    first = clusterer.add(SLIDE)
    story = {p.cluster_id for p in first.placements}
    assert len(story) == 1
    later = clusterer.add([FEATURE])
    (placement,) = later.placements
    assert placement.cluster_id in story
    assert placement.evidence[0] == "Shkmeri"  # the name that placed it, not a stray word
    assert later.touched == story


def test_a_rare_name_two_stories_write_places_nothing() -> None:
    """The village's road, reopened the same day by another pair of reports, writes Shkmeri
    too: which story the feature is about, the name cannot say."""
    road = [
        _doc("r1", "Caucasus Wire", 3, "Georgia reopens mountain road to Shkmeri after repairs",
             "Georgia's roads department reopened the mountain road to Shkmeri on Monday after "
             "a month of repairs, the department's engineer Tamaz Berdzenishvili told "
             "reporters; buses resume on Tuesday."),
        _doc("r2", "Tbilisi Public Radio", 4, "Shkmeri road open again, buses from Tuesday",
             "The repaired road up to Shkmeri opened to traffic on Monday, said engineer Tamaz "
             "Berdzenishvili of the roads department; the bus service resumes on Tuesday."),
    ]
    placed = _stories([*SLIDE, *road, FEATURE])
    assert placed["n1"] == placed["n2"] != placed["r1"] == placed["r2"]
    assert placed["f1"] not in {placed["n1"], placed["r1"]}


def test_the_next_days_news_from_a_place_the_story_never_named_stays_apart() -> None:
    """It names up front a town the landslide's reports never wrote, and the village only
    further down: another happening, whatever the village."""
    council = _doc(
        "c1", "Racha Herald", 30, "Ambrolauri council votes to rebuild the music school",
        "The council of Ambrolauri voted on Tuesday to rebuild the music school, closed since "
        "the spring, with money from the regional budget. Pupils from Shkmeri and the other "
        "villages of the valley will have lessons in the library until the works end.")
    placed = _stories([*SLIDE, council])
    assert placed["n1"] == placed["n2"] != placed["c1"]


def test_a_rare_name_the_story_mentions_once_in_passing_places_nothing() -> None:
    """The report is about the town it names up front, and names no landslide; one report of
    the story says a team came from there. A town's own news is not every story that
    mentions it (a rare name given up front places a report only when it names the story's
    kind of happening too)."""
    slide = [SLIDE[0], _doc(
        "n3", "Tbilisi Public Radio", 2, "Racha: three dead as hillside collapses on village",
        "Three people died when a hillside gave way above Shkmeri in Racha early on Monday, "
        "the emergency service said. A team from Tkibuli joined the search; eleven families "
        "left the village.")]
    theatre = _doc(
        "t1", "Imereti Courier", 20, "Drama theatre in Tkibuli reopens with a comedy",
        "The drama theatre of Tkibuli reopened on Monday evening after two years of "
        "restoration, with a comedy by a local author and every seat taken.")
    placed = _stories([*slide, theatre])
    assert placed["n1"] == placed["n3"] != placed["t1"]


def test_a_report_announcing_a_development_of_its_own_stays_apart() -> None:
    """Detentions are a story of their own (the labelled sets' rule), even in the village."""
    detention = _doc(
        "d1", "Racha Herald", 30, "Quarry owner detained",
        "Police detained the owner of a gravel quarry on Tuesday. Residents of Shkmeri had "
        "complained about blasting; Tamaz Berdzenishvili had warned of loose ground.")
    placed = _stories([*SLIDE, detention])
    assert placed["n1"] == placed["n2"] != placed["d1"]


def test_a_feature_removed_from_the_story_by_hand_is_not_put_back() -> None:
    placed = _stories([*SLIDE, FEATURE])
    story = placed["f1"]
    removed = Constraints(pinned={"n1": story, "n2": story}, forbidden={("f1", story)})
    apart = _stories([*SLIDE, FEATURE], constraints=removed)
    assert apart["n1"] == apart["n2"] == story != apart["f1"]


def test_a_capitalised_word_written_in_lower_case_elsewhere_is_no_rare_name() -> None:
    """A first sentence capitalises "Rescue Corps", so "rescue" counts as a name; the news
    writes "rescue teams" further down, so it is a common word, not a rare name. The village
    stays one."""
    thanks = _doc(
        "v1", "Rioni FM", 26, "Volunteers thanked",
        "Volunteers of the Rescue Corps were thanked by the families on Tuesday. Coffee and "
        "cakes were served in the school of Shkmeri's neighbours down the valley.")
    clusterer = StoryClusterer()
    clusterer.batch([*SLIDE, thanks])
    state = clusterer._docs["v1"]
    rescue, village = clusterer._vocab.term("Rescue"), clusterer._vocab.term("Shkmeri")
    assert {rescue, village} <= state.names
    rare = clusterer._rare_names(state)
    assert rescue not in rare
    assert village in rare
