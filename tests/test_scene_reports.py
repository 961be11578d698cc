"""Lone reports placed by their scene (tui/core/cluster/local.py, ``_scene_pass``): the radio
feature on a street scrubbing the mud out of its kitchens names neither the flood nor any
village of the news, yet shows the flood's scene (mud, the river, buckets, drying out) and
names a town of the same country. It joins the one flood story begun just before it; a report
from another country, one naming a place the story never wrote, or one without places facing
two floods stays apart. A report naming only a village the gazetteer does not know joins the
story that writes that village, even when its scene reads as another kind of happening (a
mudflow's mud and water as a flood's)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

from tests.cluster_docs import article, stories
from tui.core.cluster import ClusterConfig, Doc, StoryClusterer

T0 = datetime(2026, 11, 16, 5, 0, tzinfo=UTC)
_doc = partial(article, T0)

FLOOD = [
    _doc("n1", "Iberia Wire", 0, "Flash floods kill two in central Portugal",
         "Flash floods swept through Lousa and other towns of the Coimbra district "
         "overnight, killing two people and forcing 300 from their homes, Portugal's civil "
         "protection agency said on Monday. The river Ceira burst its banks in Serpins after "
         "140 mm of rain in nine hours; firefighters pulled eleven people from flooded cars."),
    _doc("n2", "Radio Centro", 3, "Serpins: two dead as the Ceira floods the lower town",
         "Two people died when the Ceira rose through the lower town of Serpins before dawn, "
         "civil protection said. Water reached the first floors of forty houses; 300 people "
         "spent the night in the sports hall while pumps worked on the flooded streets."),
]
FEATURE = _doc(
    "f1", "Antena Beira", 30, "A street with its doors open",
    "The same bucket has gone up and down the stairs since Monday morning. Each trip, Ilda "
    "Marques takes out a little more of the brown sludge that coats her kitchen floor.\n\n"
    "Along the street the neighbours have hung photographs and school books on the fences to "
    "dry. The smell of wet plaster is everywhere. Where the river came in, the walls still "
    "show a line of mud at the height of a child.\n\n"
    "A baker from Leiria has driven up with bread every morning. \"People come with nothing "
    "in their hands,\" says a woman handing out soup from the church door.")

# Other news of the week naming Leiria and Seville up front: what makes those words names
# (written capitalised in headlines and first sentences), as any week's window holds them.
OTHER_NEWS = [
    _doc("b1", "Iberia Wire", -50, "New children's wing for hospital in Leiria",
         "The district hospital in Leiria opened a children's wing with forty beds on "
         "Saturday, the health ministry said."),
    _doc("b2", "Iberia Wire", -48, "Orchestra of Seville names a new conductor",
         "The symphony orchestra of Seville named a Danish conductor as its music director "
         "from next season."),
]


def _stories(docs: list[Doc], config: ClusterConfig | None = None) -> dict:
    return stories([*OTHER_NEWS, *docs], config)


def test_a_feature_showing_the_floods_scene_joins_the_flood_story() -> None:
    placed = _stories([*FLOOD, FEATURE])
    assert placed["n1"] == placed["n2"] == placed["f1"]


def test_without_the_scene_pass_the_feature_stays_alone() -> None:
    """What the rule is for: it shares no rare name and too few words for any other rule."""
    placed = _stories([*FLOOD, FEATURE], ClusterConfig(scene_words=10**6))
    assert placed["n1"] == placed["n2"] != placed["f1"]


def test_a_feature_in_a_later_refresh_joins_and_says_by_which_scene() -> None:
    clusterer = StoryClusterer()
    clusterer.add(OTHER_NEWS)
    story = {p.cluster_id for p in clusterer.add(FLOOD).placements}
    assert len(story) == 1
    later = clusterer.add([FEATURE])
    (placement,) = later.placements
    assert placement.cluster_id in story
    assert placement.evidence[0] == "scene: flood"  # shown in the app and the brief


def test_the_same_scene_in_another_country_stays_apart() -> None:
    """The baker comes from Seville: the street is in Spain, the story in Portugal."""
    spanish = replace(FEATURE, id="f2", text=FEATURE.text.replace("Leiria", "Seville"))
    placed = _stories([*FLOOD, spanish])
    assert placed["n1"] == placed["n2"] != placed["f2"]


def test_a_report_naming_up_front_a_place_the_story_never_wrote_stays_apart() -> None:
    """A report about Aveiro's own water (its lagoon road closed for repairs) is not part of
    the Serpins flood, however much water and mud it describes."""
    road = _doc(
        "a1", "Ria Post", 26, "Lagoon road in Aveiro to close for a month",
        "The council of Aveiro will close the lagoon road for a month from Wednesday to "
        "repair the drains. Water and mud pool on it after every rain, and buckets of silt "
        "are carried from the cellars of the river houses each winter, the engineer said.")
    placed = _stories([*FLOOD, road])
    assert placed["n1"] == placed["n2"] != placed["a1"]


def test_a_feature_naming_no_known_place_needs_a_single_flood_to_fit() -> None:
    """Without Coimbra the street could be anywhere: beside one flood story it joins it,
    beside two (another in Romania the same night) it stays alone."""
    nowhere = replace(FEATURE, id="f3", text=FEATURE.text.replace("from Leiria ", ""))
    romania = [
        _doc("r1", "Danube Press", 1, "Floods kill three in eastern Romania",
             "Floods killed three people in the Galati county of eastern Romania overnight, "
             "the emergency inspectorate said on Monday. The river Siret burst its banks after "
             "two days of rain and 500 people left their homes."),
        _doc("r2", "Radio Moldova de Jos", 4,
             "Galati floods: three dead as the Siret bursts its banks",
             "Three people died in Galati county as the river Siret burst its banks after two "
             "days of rain, the emergency inspectorate said; 500 people left their homes."),
    ]
    alone = _stories([*FLOOD, nowhere])
    assert alone["n1"] == alone["f3"]
    both = _stories([*FLOOD, *romania, nowhere])
    assert both["n1"] == both["n2"] != both["r1"] == both["r2"]
    assert both["f3"] not in {both["n1"], both["r1"]}


def test_a_feature_naming_no_place_stays_out_of_a_story_in_another_country_than_its_outlets(
        ) -> None:
    """Where the feature names no place the gazetteer knows, its outlet's country says where
    it is: from a Spanish outlet, the street is not one of the Portuguese flood's (the
    twentieth set's Sumatran radio on a debris flow's mud had joined a Libyan town's flood).
    From a Portuguese outlet, or an outlet of the story's own outlets' country, or untagged,
    it joins."""
    nowhere = replace(FEATURE, id="f3", text=FEATURE.text.replace("from Leiria ", ""))
    spanish = _stories([*FLOOD, replace(nowhere, country="ES")])
    assert spanish["n1"] == spanish["n2"] != spanish["f3"]
    for tag in ("PT", None):
        placed = _stories([*FLOOD, replace(nowhere, country=tag)])
        assert placed["n1"] == placed["f3"]
    # The gazetteer may misplace the story (it knows Crete only as two American towns): a
    # story whose own outlets are of the feature's country takes it in.
    told = [replace(doc, country="ES") for doc in FLOOD]
    placed = _stories([*told, replace(nowhere, country="ES")])
    assert placed["n1"] == placed["f3"]


def test_a_feature_showing_another_scene_than_the_storys_stays_apart() -> None:
    """A street cleaning up after a fire (smoke, ash, charred beams) beside the flood."""
    fire = _doc(
        "f4", "Antena Beira", 30, "A street with its doors open",
        "The stairs have been swept of ash since Monday morning. The smoke has left "
        "soot on every wall, and the charred beams of the bakery lie in the yard.\n\n"
        "A baker from Leiria has driven up with bread every morning; the burnt smell stays.")
    placed = _stories([*FLOOD, fire])
    assert placed["n1"] == placed["n2"] != placed["f4"]


# A mudflow in a mountain village the gazetteer does not know (invented: Ushkvari), as the
# wire and a local paper tell it: a landslide. The broadcaster's report from the village names
# only the village and a street, and shows the mud and water of the night as a flood's.
MUDFLOW = [
    _doc("m1", "Caucasus Wire", 0, "Mudslide buries homes in Georgian village of Ushkvari",
         "A mudslide swept through the village of Ushkvari in Georgia's Svaneti region "
         "before dawn on Monday, killing two people and leaving four missing, the emergency "
         "management service said. After two days of rain, mud and water poured down the "
         "river valley; rescuers dug through the debris of six houses."),
    _doc("m2", "Svaneti Herald", 2, "Two dead, four missing after landslide in Ushkvari",
         "The landslide came down on Ushkvari at about three in the morning, burying six "
         "houses in mud and stones, the regional administration said. Two people died; "
         "rescuers wading through muddy water in the yards by the stream search for four."),
]
VILLAGE = _doc(
    "v1", "Iveria Public Broadcasting", 7, "\"The street is gone\": a night of mud and stones",
    "In Ushkvari the roofs of Kvemo Street now sit at the level of the mud. The water came "
    "down the stream bed in the dark, brown and full of stones, and filled the yards before "
    "anyone could open a door.\n\nNeighbours carry soaked mattresses out of the lower houses "
    "and shovel the silt from the kitchens. The river still runs loud beside the road, and "
    "the gutters overflow with every shower.")


def test_a_report_naming_only_the_storys_village_joins_by_its_scene() -> None:
    """It names no place the gazetteer knows, and its scene is a flood's, not the story's
    landslide; the rare name it shares with the story (the village) is what places it."""
    placed = stories([*OTHER_NEWS, *MUDFLOW, VILLAGE])
    assert placed["m1"] == placed["m2"] == placed["v1"]
    clusterer = StoryClusterer()  # and in a later refresh, saying why
    first = clusterer.add([*OTHER_NEWS, *MUDFLOW]).placements
    story = {p.cluster_id for p in first if p.doc_id in {"m1", "m2"}}
    assert len(story) == 1
    (placement,) = clusterer.add([VILLAGE]).placements
    assert placement.cluster_id in story
    assert placement.evidence[0] == "scene: flood"


def test_the_same_report_from_another_village_stays_alone() -> None:
    """Without the shared name, a flood's scene beside a landslide's story places nothing."""
    other = replace(VILLAGE, id="v2", title=VILLAGE.title.replace("Ushkvari", "Lakhamula"),
                    text=VILLAGE.text.replace("Ushkvari", "Lakhamula"))
    placed = stories([*OTHER_NEWS, *MUDFLOW, other])
    assert placed["m1"] == placed["m2"] != placed["v2"]


# A busy week: four more floods, in other countries, each told by two reports showing the
# flood's scene (water, mud, the river, pumps, rain).
BUSY_WEEK = [
    _doc(f"w{index}{half}", outlet, hour + 2 * half, title, text)
    for index, (outlet, hour, town, country, river) in enumerate([
        ("Danube Wire", -20, "Vukovar", "Croatia", "Vuka"),
        ("Anatolia Desk", -10, "Rize", "Turkey", "Firtina"),
        ("Carpathian News", 2, "Sighetu Marmatiei", "Romania", "Iza"),
        ("Aegean Post", 12, "Volos", "Greece", "Krafsidonas"),
    ])
    for half, (title, text) in enumerate([
        (f"Floods hit {town} as the {river} bursts its banks",
         f"The {river} burst its banks in {town}, {country}, after two days of rain; water "
         "and mud filled the lower streets and pumps worked through the night to drain the "
         "cellars, officials said."),
        (f"{town} mops up after the {river} flood",
         f"Residents of {town} shovelled mud from their kitchens as the {river} fell back; "
         "the rain had filled the river in hours and soaked houses along its bank."),
    ])
]


def test_in_a_busy_week_a_scene_alone_places_nothing() -> None:
    """The feature names no place or person the Serpins flood's reports write; its scene is
    the flood's, and so is that of four other floods of the week, in other countries. With
    that many stories showing the scene (``ClusterConfig.scene_rivals``), a kitchen full of
    mud says no more which flood than where: it stays alone (at volume most such moves were
    wrong: the week's benchmark). With fewer, it joins as before."""
    placed = _stories([*FLOOD, *BUSY_WEEK, FEATURE])
    assert placed["n1"] == placed["n2"] != placed["f1"]
    assert all(placed[f"w{index}0"] == placed[f"w{index}1"] for index in range(4))
    placed = _stories([*FLOOD, *BUSY_WEEK, FEATURE], ClusterConfig(scene_rivals=10))
    assert placed["n1"] == placed["n2"] == placed["f1"]
    placed = _stories([*FLOOD, *BUSY_WEEK[:4], FEATURE])
    assert placed["n1"] == placed["n2"] == placed["f1"]
