"""The days after (tui/core/cluster/aftermath.py): a feature on the families a fireworks
depot's explosion put out of their homes, written by an online outlet of the same country the
next day, names neither the explosion, nor the street, nor anyone the news quoted. No word of
it is in the news; what places it is its outlet's country (the analyst's ``country`` tag), the
day after, and a lead that tells an aftermath. It joins the one story of a happening in that
country begun then; with no country, another country's outlet, two happenings in the country,
a story of an arrest or a removal by hand it stays alone."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime
from functools import partial
from pathlib import Path

import pytest
import sqlite_utils

from tests.cluster_docs import article, evaluation, store_refresh, stories
from tui.core import store
from tui.core.cluster import ClusterConfig, Constraints, Doc, StoryClusterer
from tui.core.cluster.vocabulary import _aftermath_sense, aftermath
from tui.core.places import gazetteer
from tui.core.story_builder import cluster_new_articles

T0 = datetime(2026, 11, 17, 15, 0, tzinfo=UTC)
_doc = partial(article, T0)

BLAST = [
    replace(_doc("n1", "Lanka Wire", 0, "Blast at fireworks depot in Galle kills four",
                 "An explosion tore through a fireworks depot in the Kaluwella area of Galle "
                 "on Tuesday evening, killing four people and injuring eleven, Sri Lanka "
                 "police said. Sixty houses around the depot were damaged and their families "
                 "moved out for the night."), country="LK"),
    replace(_doc("n2", "Southern FM", 2, "Four dead as Kaluwella fireworks store explodes",
                 "Four people died when a store of fireworks exploded in Kaluwella, Galle, "
                 "the fire brigade said; the blast broke windows two streets away and eleven "
                 "people were taken to Karapitiya hospital."), country="LK"),
    replace(_doc("n3", "Island Broadcasting", 5, "Galle explosion: families of 60 homes moved",
                 "Families from sixty homes near the Galle fireworks depot that exploded on "
                 "Tuesday spent the night away from their houses, the district secretariat "
                 "said, as police searched the ruins of the depot."), country="LK"),
]
FEATURE = replace(_doc(
    "f1", "Porch Light", 26, "Nights on the temple floor",
    "Kumari keeps the children's school shoes in a plastic bag by her mat, in case they are "
    "allowed back before Monday. She has slept on the temple floor for two nights now, between "
    "her sister and a family she had only ever nodded to at the market.\n\n"
    "Volunteers from the youth club bring rice and dhal at noon and soup in the evening. "
    "Someone has donated blankets, still folded in their wrappers. The monks have opened the "
    "preaching hall for the older people who cannot sleep on the floor.\n\n"
    "Her neighbour lost his brother. The funeral is on Friday, and the relatives are waiting "
    "for news of the house."), country="LK")

# Other news of the week, as any week's window holds it.
OTHER_NEWS = [
    replace(_doc("b1", "Lanka Wire", -50, "Colombo port handles record container volume",
                 "The port of Colombo handled a record number of containers in October, the "
                 "ports authority said on Sunday."), country="LK"),
    replace(_doc("b2", "Deccan Wire", -48, "Kerala opens new metro line in Kochi",
                 "A new metro line opened in Kochi on Sunday, linking the airport with the "
                 "city centre, the Kerala government said."), country="IN"),
]


def _stories(docs: list[Doc], config: ClusterConfig | None = None,
             constraints: Constraints | None = None) -> dict:
    return stories([*OTHER_NEWS, *docs], config, constraints)


def test_a_lead_telling_an_aftermath_is_counted_and_one_naming_a_happening_is_not() -> None:
    tokens = FEATURE.text.split()
    assert aftermath(tokens) >= ClusterConfig().aftermath_words
    assert aftermath(["The", "explosion", "left", "families", "in", "shelters"]) == 0


NIGHT_POST = replace(_doc(
    "g1", "Porch Light", 26, "Island to lose its night doctor",
    "From next month anyone on the island who needs a doctor at night will have to drive to "
    "the mainland. The night post is closing: the night rota has too few doctors, and night "
    "calls averaged four a night last year, the cooperative said."), country="LK")


def test_a_lead_repeating_one_word_of_the_days_after_tells_no_aftermath() -> None:
    """The eighty-second set's report on an island's night-time doctors' post closing wrote
    "night" seven times, and the aftermath pass had put it in a ferry collision's story of
    the day before in the same country. A feature on the days after tells several things
    (where people slept, what they were given, whom they wait for): three different words
    at least."""
    assert aftermath(NIGHT_POST.text.split()) == 0
    assert aftermath("She slept on the mat; volunteers brought soup".split()) == 3
    placed = _stories([*BLAST, NIGHT_POST])
    assert placed["n1"] == placed["n3"] != placed["g1"]
    sets = evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind82" / "part-ze")
    (post,) = (d for d in gold if gold[d] == "zierikzee-night-gp-post-closure")
    ferry = {d for d in gold if gold[d] == "vlissingen-ferry-collision"}
    placed = stories(docs)
    assert len(ferry) == 5 and placed[post] not in {placed[d] for d in ferry}


def test_the_feature_on_the_families_joins_the_explosions_story() -> None:
    placed = _stories([*BLAST, FEATURE])
    assert placed["n1"] == placed["n2"] == placed["n3"] == placed["f1"]


def test_without_the_pass_the_feature_stays_alone() -> None:
    """What the pass is for: no other rule can place it, it shares no word with the news."""
    placed = _stories([*BLAST, FEATURE], ClusterConfig(aftermath_words=10**6))
    assert placed["n1"] == placed["n3"] != placed["f1"]


def test_a_feature_in_a_later_refresh_joins_and_says_why() -> None:
    clusterer = StoryClusterer()
    clusterer.add(OTHER_NEWS)
    story = {p.cluster_id for p in clusterer.add(BLAST).placements}
    assert len(story) == 1
    (placement,) = clusterer.add([FEATURE]).placements
    assert placement.cluster_id in story
    # Shown in the app's "Matched by", in `pressdiff show` and in the brief.
    assert placement.evidence[0] == "aftermath: 1 day after the explosion, outlet in LK"


def test_without_its_outlets_country_the_feature_stays_alone() -> None:
    placed = _stories([*BLAST, replace(FEATURE, country=None)])
    assert placed["n1"] != placed["f1"]


def test_an_outlet_of_another_country_stays_alone() -> None:
    placed = _stories([*BLAST, replace(FEATURE, country="IN")])
    assert placed["n1"] != placed["f1"]


def test_two_happenings_in_the_country_leave_the_feature_alone() -> None:
    """A flood in Matara the same evening: which one's families, the words cannot say."""
    flood = [
        replace(_doc("m1", "Lanka Wire", 1, "Floods in Matara force 2,000 from homes",
                     "The Nilwala river burst its banks at Matara on Tuesday, flooding 2,000 "
                     "homes, Sri Lanka's disaster management centre said."), country="LK"),
        replace(_doc("m2", "Southern FM", 3, "Nilwala floods Matara town centre",
                     "Floodwater from the Nilwala covered the bus stand in Matara and 2,000 "
                     "homes were flooded, the disaster management centre said."),
                country="LK"),
    ]
    placed = _stories([*BLAST, *flood, FEATURE])
    assert placed["n1"] == placed["n3"] != placed["m1"] == placed["m2"]
    assert placed["f1"] not in {placed["n1"], placed["m1"]}


def test_a_story_of_an_arrest_is_not_the_happening_the_families_live_after() -> None:
    arrest = [
        replace(doc, id=f"a{index}", title=title, published=doc.published + 86400 * 2)
        for index, (doc, title) in enumerate(zip(BLAST, (
            "Police arrest owner of Galle fireworks depot after blast",
            "Kaluwella depot owner arrested and remanded",
            "Galle explosion: depot owner remanded in custody"), strict=True))]
    late = replace(FEATURE, published=FEATURE.published + 86400 * 2)
    placed = _stories([*arrest, late])
    assert placed["a0"] == placed["a1"] != placed["f1"]


def test_a_feature_from_an_outlet_based_elsewhere_about_two_villages_of_another_country(
) -> None:
    """An outlet tagged with the country it is based in (India) writes on families of two
    Sri Lankan towns; the one happening in India that week is a flood in Idukki. The report
    says where it is, and that is not its outlet's country: it stays alone. Without the two
    towns it would join the flood's story, which is what the pass is for."""
    flood = [
        replace(_doc("k1", "Deccan Wire", 0, "Floods in Idukki kill three",
                     "Heavy rain flooded villages across Idukki district in Kerala on Tuesday, "
                     "killing three people, India's disaster response force said."),
                country="IN"),
        replace(_doc("k2", "Malabar Radio", 3, "Idukki floods: three dead, 400 moved",
                     "Three people died and 400 were moved from their homes as rivers "
                     "flooded low-lying parts of Idukki, Kerala officials said."),
                country="IN"),
    ]
    elsewhere = replace(
        FEATURE, country="IN", title="Nights on the temple floor in Ambalangoda",
        text="In Weligama and along the coast, " + FEATURE.text)
    placed = _stories([*flood, elsewhere])
    assert placed["k1"] == placed["k2"] != placed["f1"]
    nowhere = replace(FEATURE, country="IN")
    placed = _stories([*flood, nowhere])
    assert placed["k1"] == placed["k2"] == placed["f1"]


def test_a_feature_removed_by_hand_is_not_placed_back() -> None:
    clusterer = StoryClusterer()
    clusterer.add([*OTHER_NEWS, *BLAST])
    story = clusterer.resolve(clusterer._docs["n1"].cluster)
    (placement,) = clusterer.add([FEATURE], Constraints(forbidden={("f1", story)})).placements
    assert placement.cluster_id != story


def test_the_outlets_country_tag_is_read_as_a_code() -> None:
    places = gazetteer()
    assert places.code("LK") == places.code("lk") == places.code("Sri Lanka") == "LK"
    assert places.code("  sri   lanka ") == "LK"
    assert places.code("Atlantis") is None
    assert places.code("") is None


CONFIG = """\
[[outlet]]
name = "Lanka Wire"
tags = { kind = "wire", country = "LK" }
feeds = ["https://wire.example/rss"]

[[outlet]]
name = "Southern FM"
tags = { kind = "radio", country = "Sri Lanka" }
feeds = ["https://fm.example/rss"]

[[outlet]]
name = "Island Broadcasting"
tags = { kind = "public-broadcaster", country = "lk" }
feeds = ["https://island.example/rss"]

[[outlet]]
name = "Porch Light"
tags = { kind = "independent", country = "LK" }
feeds = ["https://porch.example/rss"]
"""


def test_a_refresh_reads_the_outlets_country_from_feeds_toml(tmp_path: Path) -> None:
    """The stored articles of outlets tagged with their country, clustered as a refresh does:
    the feature of the outlet tagged "LK" joins the story the outlets tagged "LK", "Sri Lanka"
    and "lk" told, and says why."""
    db: sqlite_utils.Database = store.connect(tmp_path / "p.db")
    try:
        store_refresh(db, CONFIG, (*BLAST, FEATURE))
        inputs = store.cluster_inputs(db, clustered_only=False)
        assert {item.country for item in inputs} == {"LK", "Sri Lanka", "lk"}
        cluster_new_articles(db)
        rows = {title: (cluster, evidence) for title, cluster, evidence in db.execute(
            "SELECT a.title, m.cluster_id, m.evidence FROM cluster_members m"
            " JOIN articles a ON a.id = m.article_id").fetchall()}
        assert len({cluster for cluster, _ in rows.values()}) == 1
        assert "aftermath: 1 day after the explosion, outlet in LK" in rows[FEATURE.title][1]
    finally:
        db.close()


def test_a_poisoning_is_a_happening_of_its_own_not_a_crash_s_aftermath(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The hundred-and-nineteenth set, ten at a time: "Neyshabur hospitals treat dozens after
    mass food poisoning" arrived when the only happening in Iran was a bus crash near Sabzevar
    two days before, whose injured the province's hospitals treated; read as that crash's
    aftermath, it took the poisoning's later reports with it."""
    lead = "Hospitals in Neyshabur treated dozens after a mass food poisoning; relatives waited"
    assert aftermath(lead.replace(";", "").split()) == 0
    sets = evaluation()
    docs, gold = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind119")
    chosen = {d for d in gold if gold[d] in ("neyshabur-food-poisoning", "sabzevar-bus-crash")}
    assert len(chosen) == 7

    def mixed() -> bool:
        placed = sets.run_incremental(docs, 10)
        events: dict = {}
        for doc_id in chosen:
            events.setdefault(placed[doc_id], set()).add(gold[doc_id])
        return any(len(both) > 1 for both in events.values())

    assert not mixed()
    _aftermath_sense.cache_clear()
    monkeypatch.setattr("tui.core.cluster.vocabulary._POISONED", frozenset())
    try:
        assert mixed()
    finally:
        _aftermath_sense.cache_clear()


def test_a_feature_of_a_labelled_set_joins_its_story_in_batch_and_ten_at_a_time() -> None:
    """The thirty-first set: an online outlet of Shymkent on the families sleeping on gym
    mats in a school hall two nights after a gas explosion in a block of flats, naming
    neither the explosion, nor the street, nor anyone the news quoted."""
    sets = evaluation()
    loaded = sets.load_fulltext_parts(sets.DATA_DIR / "fulltext-blind31")
    assert loaded is not None
    docs, gold = loaded
    feature = "orda-online/a-night-on-gym-mats"
    event = gold[feature]
    for placed in (sets.run_pressdiff(docs), sets.run_incremental(docs, 10)):
        held = {placed[d] for d in gold if gold[d] == event}
        assert len(held) == 1
    alone = sets.run_pressdiff([replace(d, country=None) for d in docs])
    assert alone[feature] not in {alone[d] for d in gold if gold[d] == event and d != feature}


def test_a_lawsuit_recapping_the_happening_leaves_the_feature_its_story(
        monkeypatch: pytest.MonkeyPatch) -> None:
    """The forty-fifth set: a feature on the families waiting in a hall on Third Avenue the
    night after a Prince Rupert fish plant explosion, written hours before the families'
    lawsuit against the plant's owner. The lawsuit's reports recap the blast, but a lawsuit
    is a development, not another happening in Canada the feature could be about: it joins
    the explosion. Counting the lawsuit as a happening, the pass is unsure and leaves it alone."""
    sets = evaluation()
    docs, gold = sets.load_fulltext(sets.DATA_DIR / "fulltext-blind45" / "part-bc")
    feature = "fogline/the-hall-on-third-avenue"
    blast = {d for d in gold if gold[d] == gold[feature]}
    assert len(blast) == 5
    placed = sets.run_pressdiff(docs)
    assert len({placed[d] for d in blast}) == 1
    monkeypatch.setattr("tui.core.cluster.aftermath._development", lambda story: False)
    # Its outlet read as one of features, the rare-names pass would place it (Doc.kind).
    placed = sets.run_pressdiff([replace(doc, kind=None) for doc in docs])
    assert placed[feature] not in {placed[d] for d in blast - {feature}}
