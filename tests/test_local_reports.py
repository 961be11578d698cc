"""Local reports (tui/core/cluster/local.py): the town's own paper tells a story through the
town and its people, in words the wire does not use, and joins the story whose names place it
in the town's province; another kind of happening in the same town a day later does not."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from functools import partial

import pytest

from tests.cluster_docs import article, evaluation, towns_as_words
from tests.cluster_docs import stories as _stories
from tui.core.cluster import ClusterConfig, Doc, local, vocabulary
from tui.core.cluster.local import hazards_differ
from tui.core.cluster.names import same_province
from tui.core.cluster.state import ClusterState, DocState
from tui.core.cluster.vocabulary import Vocabulary, happenings
from tui.core.places import Gazetteer
from tui.core.text import TOKEN

# Every rule for lone reports off (no lead shows a million words of one scene: the scene
# pass would place these reports by the mud and the river they describe).
OFF = ClusterConfig(local_threshold=1.0, rare_name_docs=0, scene_words=10**6)
T0 = datetime(2026, 11, 4, 3, 0, tzinfo=UTC)
_doc = partial(article, T0)


FLOODS = [
    _doc("w1", "Aegean Wire", 0, "Flash floods kill four in western Turkey",
         "Flash floods killed four people in western Turkey after a night of torrential rain, "
         "the disaster agency AFAD said on Wednesday. Rivers burst their banks in Izmir "
         "province, sweeping away cars and flooding hundreds of homes; two farm workers are "
         "missing and rescuers with boats searched the orchards."),
    _doc("w2", "Gulf Public Television", 2, "Izmir: four dead as floods hit the province",
         "Four people died in Izmir province, two of them near Odemis, when rivers overflowed "
         "after torrential rain overnight, AFAD said. Hundreds of homes were flooded, cars "
         "were swept away and rescuers in boats are searching for two missing farm workers."),
]
LOCAL = _doc(
    "l1", "Valley Courier", 20, "Odemis counts its losses as the water goes down",
    "Shopkeepers in the covered market of Odemis shovelled mud out of their stalls on "
    "Thursday, a day after the flood. The baker lost two ovens and his flour; families from "
    "the flooded homes slept in the mosque courtyard, where neighbours brought tea and bread.")


def test_a_local_report_joins_the_story_of_its_province() -> None:
    placed = _stories([*FLOODS, LOCAL])
    assert placed["w1"] == placed["w2"] == placed["l1"]


def test_without_the_local_rule_the_report_shares_too_few_words_to_join() -> None:
    """What the rule is for: the town's report is under the join threshold on words alone
    (and, without rare names, no lone-report rule places it either)."""
    placed = _stories([*FLOODS, LOCAL], OFF)
    assert placed["w1"] == placed["w2"] != placed["l1"]


COLUMN = _doc(
    "o1", "Valley Review", 30, "We keep building where the water goes",
    "Every autumn the same streams rise after the rain and the same ground floors fill with "
    "mud, and every autumn we are told it could not have been foreseen. This week the flash "
    "floods took four lives. Shopkeepers in Odemis shovelled their market clear again; the "
    "flooded homes and orchards stand on land the river has always claimed.")


def test_a_column_naming_no_place_up_front_joins_by_the_town_it_names_further_down() -> None:
    """No name in its headline or first sentence, so no key name: the town it names further
    down, in the province the story's key names are in, places it."""
    placed = _stories([*FLOODS, COLUMN])
    assert placed["w1"] == placed["w2"] == placed["o1"]
    apart = _stories([*FLOODS, COLUMN], OFF)
    assert apart["o1"] != apart["w1"]


def test_a_local_report_from_another_province_stays_apart() -> None:
    """The same words from a town of another province (Bodrum, Mugla) are another flood."""
    elsewhere = replace(LOCAL, id="l2", title=LOCAL.title.replace("Odemis", "Bodrum"),
                        text=LOCAL.text.replace("Odemis", "Bodrum"))
    placed = _stories([*FLOODS, elsewhere])
    assert placed["l2"] != placed["w1"]


FIRE = [
    _doc("f1", "Aegean Wire", 0, "Fire destroys furniture warehouse in western Turkey",
         "A fire destroyed a furniture warehouse in Odemis in Izmir province overnight, the "
         "fire brigade said on Wednesday. Two workers were injured and firefighters fought "
         "the blaze for six hours; shops nearby were evacuated."),
    _doc("f2", "Gulf Public Television", 1, "Izmir: blaze guts warehouse in Odemis",
         "Firefighters in Izmir province put out a blaze that gutted a furniture warehouse in "
         "Odemis after six hours, the fire brigade said. Two workers were injured and nearby "
         "shops were evacuated."),
]
CRASH = _doc(
    "c1", "Valley Courier", 22, "Bus and lorry collide on the Odemis road, two dead",
    "Two people died and eleven were injured when a bus and a lorry collided on the road into "
    "Odemis on Thursday morning, the district governor said. The injured were taken to the "
    "state hospital in Izmir province; the road was closed for four hours.")


def test_another_kind_of_happening_in_the_same_town_stays_apart() -> None:
    placed = _stories([*FIRE, CRASH])
    assert placed["f1"] == placed["f2"] != placed["c1"]


def test_only_the_kinds_of_happening_keep_the_crash_out_of_the_fire(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """Without comparing what happened, the same town and province would join them."""
    from tui.core.cluster import clusterer

    for module in (local, clusterer):
        monkeypatch.setattr(module, "hazards_differ", lambda doc, cluster: False)
    monkeypatch.setattr(local, "happening_agrees", lambda doc, cluster: True)
    placed = _stories([*FIRE, CRASH])
    assert placed["c1"] == placed["f1"]


CRANE = [
    _doc("k1", "Aegean Wire", 0, "Crane collapse injures three workers in western Turkey",
         "A crane collapsed on a building site in Odemis in Izmir province on Wednesday, "
         "injuring three workers, the governor's office said. One of them was flown to a "
         "hospital in Izmir with head injuries; work on the site was stopped."),
    _doc("k2", "Gulf Public Television", 1, "Izmir: three hurt as crane collapses in Odemis",
         "Three workers were injured when a crane collapsed at a building site in Odemis, "
         "the governor's office said. Work was halted and an inspector was sent to the site."),
]
RALLY = _doc(
    "r1", "Valley Courier", 24, "Nurses rally outside Odemis hospital over staffing",
    "Nurses rallied outside the state hospital in Odemis on Thursday to demand more staff, "
    "saying wards run with half the nurses they need. The manager said new posts had been "
    "requested from the ministry.")


def test_a_rally_in_the_town_the_day_after_a_collapse_stays_apart(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The town, its hospital and its province are shared; a rally is another happening.
    Without protests among the kinds of happening, the rally names none, and a local report
    naming none is no part of a story naming one (a collapse): it stays apart all the same.
    Without either, it joins the collapse."""
    placed = _stories([*CRANE, RALLY])
    assert placed["k1"] == placed["k2"] != placed["r1"]
    monkeypatch.setattr(vocabulary, "HAZARDS", {word: kind for word, kind in
                                                vocabulary.HAZARDS.items() if kind != "protest"})
    placed = _stories([*CRANE, RALLY])
    assert placed["k1"] == placed["k2"] != placed["r1"]
    monkeypatch.setattr(local, "story_hazards", lambda cluster: set())
    placed = _stories([*CRANE, RALLY])
    assert placed["r1"] == placed["k1"]


# ----------------------------------------------------------------------------- parts
def _state(key: str, hazards: set[str]) -> DocState:
    return DocState(key, {}, {}, None, 0, hazards=frozenset(hazards))


def _cluster(*members: DocState) -> ClusterState:
    cluster = ClusterState(1)
    for member in members:
        cluster.add(member)
    return cluster


def test_hazards_differ_only_when_both_name_one_and_none_in_common() -> None:
    fire = _cluster(_state("a", {"fire"}), _state("b", {"fire", "blast"}), _state("c", set()))
    assert hazards_differ(_state("d", {"crash"}), fire)
    assert not hazards_differ(_state("d", {"crash", "fire"}), fire)
    assert not hazards_differ(_state("d", set()), fire)  # a feature names no hazard
    assert not hazards_differ(_state("d", {"crash"}), _cluster(_state("a", set())))


def test_a_hazard_one_member_of_several_names_is_not_the_storys() -> None:
    """A bus crash story where one report says the bus caught fire is no fire story."""
    crash = _cluster(_state("a", {"crash"}), _state("b", {"crash"}), _state("c", {"fire"}))
    assert hazards_differ(_state("d", {"fire"}), crash)


@pytest.fixture(scope="module")
def vocab(tmp_path_factory: pytest.TempPathFactory) -> Vocabulary:
    return Vocabulary(ClusterConfig(), Gazetteer(tmp_path_factory.mktemp("places")
                                                 / "index.sqlite"))


def test_a_town_and_the_province_the_story_names_are_one_province(vocab: Vocabulary) -> None:
    assert same_province(vocab, {"odemis"}, {"odemis"}, {"izmir", "afad"}, ["izmir", "turkey"])
    assert not same_province(vocab, {"bodrum"}, {"bodrum"}, {"izmir"}, ["izmir", "turkey"])


def test_a_word_that_is_a_town_somewhere_places_nothing(vocab: Vocabulary) -> None:
    """'CEO' is a town in Angola: two chief executives' stories in Mongolia and India are not
    in one Angolan province, as the story's other key names show."""
    assert not same_province(vocab, {"ceo", "ampvel"}, {"ceo", "ampvel"},
                             {"ceo", "gobi", "baotou"}, ["ceo", "gobi"])


def test_a_villages_own_report_of_the_quake_is_no_other_happening_there(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The sixth blind set, clustered whole: when Gilan-e Gharb's two local reports of the
    western Iran quake come, they share nothing with the story of the wire and the broadcaster
    but names (the town, the province) and that people were hurt, as a report of another
    happening in the town would. Their headlines and first sentences name the quake, as the
    story's do: one story. Without that test they are a story of their own."""
    from tui.core.cluster import clusterer

    sets = evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind6")
    quake = {doc.id for doc in docs if gold[doc.id] == "gilan-e-gharb-earthquake"}
    local = {"bistoon-daily/nights-outdoors-gilan-e-gharb",
             "pars-horizon/relief-operations-gilan-e-gharb"}
    wire = "orbis-wire/strong-quake-western-iran"
    placed = _stories(docs)
    assert {placed[doc] for doc in local} == {placed[wire]}
    # Without the test against a story of several reports (a lone report keeps it: it is what
    # lets the two local reports, each naming the quake and sharing only names, be a pair).
    same = clusterer.same_hazard
    monkeypatch.setattr(clusterer, "same_hazard",
                        lambda doc, cluster: len(cluster.members) == 1 and same(doc, cluster))
    placed = _stories(docs)
    assert {placed[doc] for doc in local}.isdisjoint({placed[wire]})
    assert local < quake



VADO = ("fire-destroys-warehouse-vado-ligure", "vado-logimar-fire-arpal-samples",
        "aurelia-bus-lorry-crash-vado", "liguria-bus-lorry-crash-vado-ligure")


def _vado() -> tuple[list[Doc], dict, set]:
    sets = evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind9")
    chosen = {doc.id for doc in docs if doc.id.split("/")[1] in VADO}
    assert len(chosen) == 4
    return docs, gold, chosen


def _events_per_story(placed: dict, gold: dict, chosen: set) -> list[set]:
    stories: dict = {}
    for doc_id in chosen:
        stories.setdefault(placed[doc_id], set()).add(gold[doc_id])
    return list(stories.values())


def test_the_local_papers_crash_report_the_morning_after_the_fire_stays_apart(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The ninth blind set, clustered whole: the Savona paper reports the Vado Ligure warehouse
    fire, and the next morning a bus and a lorry colliding on the Via Aurelia in Vado Ligure.
    Its own style, the town, the port and the province put the crash report at cosine 0.28
    with the fire's story, over the join threshold; it names a collision up front, the fire's
    reports a fire. Two stories, batch and ten at a time; without the guard, one (with Vado
    Ligure read as two words, as before towns of several words were one term)."""
    docs, gold, chosen = _vado()
    for placed in (_stories(docs), evaluation().run_incremental(docs, 10)):
        assert all(len(events) == 1 for events in _events_per_story(placed, gold, chosen))
    towns_as_words(monkeypatch)
    merged = _stories(docs, ClusterConfig(other_happening_below=0.0))
    assert any(len(events) == 2 for events in _events_per_story(merged, gold, chosen))


def test_a_report_of_the_same_fire_that_calls_it_an_explosion_still_joins() -> None:
    """Its headline and first sentence name an explosion, the story's a fire; in the story's
    own words otherwise, it is the same happening (the guard is for reports sharing the town
    and little else: at cosine 0.35 or more, or as a lone report merging, it joins)."""
    blast = _doc("b1", "Valley Radio", 4, "Explosion at Odemis furniture warehouse",
                 "An explosion destroyed a furniture warehouse in Odemis in Izmir province "
                 "overnight, the brigade said on Wednesday. Two workers were injured and "
                 "firefighters fought the blaze for six hours; shops nearby were evacuated.")
    placed = _stories([*FIRE, blast])
    assert placed["f1"] == placed["b1"]


def test_two_stories_naming_other_kinds_of_happening_merge_only_when_close() -> None:
    a = _cluster(_state("a1", {"fire"}), _state("a2", {"fire"}))
    b = _cluster(_state("b1", {"crash"}), _state("b2", {"crash"}))
    c = _cluster(_state("c1", set()), _state("c2", {"fire", "blast"}))
    assert local.happenings_differ(a, b)
    assert not local.happenings_differ(a, c)
    assert not local.happenings_differ(a, _cluster(_state("d1", set())))


def test_a_collapse_is_one_with_what_brings_things_down() -> None:
    """One outlet's landslide is another's "hillside collapses on the village"; a collapse is
    no rally, nor an outage."""
    assert not local.kinds_differ({"slide"}, {"collapse"})
    assert not local.kinds_differ({"collapse"}, {"quake", "flood"})
    assert local.kinds_differ({"collapse"}, {"protest"})
    assert local.kinds_differ({"outage"}, {"collapse"})
    assert local.kinds_differ({"fire"}, {"crash"})


@pytest.mark.parametrize(("sentence", "kinds"), [
    ("Fire destroys timber warehouse in Odemis", {"fire"}),
    ("Only the fire department and the railroad were inside the tape", set()),
    ("Gunmen opened fire on the convoy near Pageri", set()),
    ("A minister under fire over the budget", set()),
    ("A flood of complaints reached the regulator", set()),
    ("Firefighters fought the fire all night", {"fire"}),
    ("Hinablayan slide: families wait at the school", {"slide"}),
    ("A landslip buried three homes", {"slide"}),
    ("Storm drains overflowed", {"flood"}),
    ("Harbourline shares slide 6% as recall rattles investors", set()),
])
def test_a_hazard_word_names_a_happening_only_in_that_sense(sentence: str, kinds: set[str]
                                                            ) -> None:
    assert happenings(TOKEN.findall(sentence)) == kinds


PUMPS = _doc(
    "l2", "Valley Courier", 20, "Odemis counts its losses as the water goes down",
    "Shopkeepers in the covered market of Odemis shovelled mud out of their stalls on "
    "Thursday as the fire department pumped out the cellars. A day after the flood, the baker "
    "counted two ovens and his flour lost; families from the flooded homes slept in the mosque "
    "courtyard, where neighbours brought tea and bread.")


def test_the_fire_department_in_a_local_report_is_no_fire(monkeypatch: pytest.MonkeyPatch
                                                          ) -> None:
    """A town paper's piece the day after the flood opens on the fire department pumping out
    the cellars (a piece on the eleventh blind set's St. Albans derailment said the only
    vehicles inside the tape "belonged to the fire department"). Read as a fire, another kind
    of happening than the flood, it kept the piece out of the story; read in its sense, the
    piece joins."""
    placed = _stories([*FLOODS, PUMPS])
    assert placed["w1"] == placed["w2"] == placed["l2"]
    monkeypatch.setattr(vocabulary, "OTHER_SENSE_AFTER", {})
    placed = _stories([*FLOODS, PUMPS])
    assert placed["w1"] == placed["w2"] != placed["l2"]
