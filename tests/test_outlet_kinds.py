"""An outlet's kind, as the analyst tags it in feeds.toml, tells the clusterer which outlets
write columns and features (``ClusterConfig.feature_kinds``): their reports may join their
story later and naming their own people up front (``LocalReports._may_place``)."""

from __future__ import annotations

import io
import json
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from tests.cluster_docs import article, store_refresh, stories
from tui.core import store
from tui.core.cluster import ClusterConfig, outlet_kind
from tui.core.cluster_jsonl import run
from tui.core.story_builder import cluster_new_articles

START = datetime(2026, 10, 5, 7, tzinfo=UTC)
NEWS = [
    article(START, "n1", "Fjord Wire", 0, "Fire on island ferry off Kesselvik, 40 passengers"
            " rescued", "Forty passengers were taken off a burning car ferry near Kesselvik on"
            " Monday morning after a fire broke out in its engine room, the coastguard said. Two"
            " crew members were treated for smoke inhalation."),
    article(START, "n2", "Coast Broadcasting", 5, "Kesselvik ferry fire: engine room blaze under"
            " investigation", "Investigators boarded the ferry that caught fire off Kesselvik as"
            " it lay at the quay, the operator Nordlinje said; the route is served by a"
            " replacement boat until further notice."),
    # Other news of the days, so that the village's name is a rare one.
    *(article(START, f"o{n}", "Fjord Wire", 10 + n, f"Council approves budget for school {n}",
              f"The council approved the budget of school number {n} after a short debate on"
              " teachers' pay and heating costs.") for n in range(6)),
]
# Three days on, past ``named_seconds``; the commuter it follows is named up front.
FEATURE = article(START, "feature", "Open Harbour", 75, "Marit Dahl still takes the morning"
                  " boat", "Marit Dahl has crossed the sound every weekday for thirty years. On"
                  " Thursday she stood at the rail of the replacement boat, looking back at the"
                  " quay at Kesselvik, and said she would not stop now.")


def test_a_feature_of_a_feature_outlet_joins_its_story_three_days_on() -> None:
    """From an outlet tagged as one writing features, the feature joins the fire's story: it
    may name its own person up front, and come up to ``feature_seconds`` after the story
    began. From a wire, or an untagged outlet, it is past ``named_seconds`` and names a person
    the story never did: it stays alone. So it does with no feature kinds configured."""
    for kind, joins in (("feature", True), ("Magazine", True), (" opinion ", True),
                        ("independent", True), ("wire", False), (None, False)):
        placed = stories([*NEWS, replace(FEATURE, kind=outlet_kind(kind))])
        assert (placed["feature"] == placed["n1"] == placed["n2"]) is joins, kind
    placed = stories([*NEWS, replace(FEATURE, kind="feature")],
                     ClusterConfig(feature_kinds=()))
    assert placed["feature"] != placed["n1"]


def test_a_feature_of_a_feature_outlet_still_needs_the_story_s_rare_name() -> None:
    """The tag widens where the feature may look; it does not place it by itself. Naming no
    name the story writes, it stays alone."""
    elsewhere = replace(FEATURE, kind="opinion", text=FEATURE.text.replace("Kesselvik", "home"))
    placed = stories([*NEWS, elsewhere])
    assert placed["feature"] not in {placed["n1"], placed["o0"]}


def _config(kind: str) -> str:
    return f"""\
[[outlet]]
name = "Fjord Wire"
tags = {{ kind = "wire", country = "NO" }}
feeds = ["https://wire.example/rss"]

[[outlet]]
name = "Coast Broadcasting"
tags = {{ kind = "public-broadcaster" }}
feeds = ["https://coast.example/rss"]

[[outlet]]
name = "Open Harbour"
tags = {{ kind = "{kind}", owner = "a cooperative" }}
feeds = ["https://harbour.example/rss"]
"""


def _refresh(tmp_path: Path, kind: str) -> tuple[set[str | None], dict[str, int]]:
    """The outlets' kinds the store hands the clusterer, and each title's story, after the
    articles of a refresh are stored and clustered as a refresh does."""
    db: sqlite_utils.Database = store.connect(tmp_path / f"{kind.strip() or 'none'}.db")
    try:
        store_refresh(db, _config(kind), (*NEWS, FEATURE))
        kinds = {item.kind for item in store.cluster_inputs(db, clustered_only=False)}
        cluster_new_articles(db)
        placed = dict(db.execute("SELECT a.title, m.cluster_id FROM cluster_members m"
                                 " JOIN articles a ON a.id = m.article_id").fetchall())
        return kinds, placed
    finally:
        db.close()


def test_a_refresh_reads_the_outlets_kind_from_feeds_toml(tmp_path: Path) -> None:
    """The kind tag, written in any case, reaches the clusterer through the store: the
    feature of the outlet tagged " Opinion " joins the fire's story; tagged "radio", it
    stays alone."""
    kinds, placed = _refresh(tmp_path, " Opinion ")
    assert kinds == {"wire", "public-broadcaster", "Opinion"}
    assert placed[FEATURE.title] == placed[NEWS[0].title] == placed[NEWS[1].title]
    _, placed = _refresh(tmp_path, "radio")
    assert placed[FEATURE.title] != placed[NEWS[0].title]


def _cluster_jsonl(kind: object) -> list[dict]:
    records = [{"id": doc.id, "title": doc.title, "text": doc.text, "outlet": doc.outlet,
                "published": (doc.published or 0) * 1000,
                **({"kind": kind} if doc is FEATURE else {})} for doc in (*NEWS, FEATURE)]
    out = io.StringIO()
    run(io.StringIO("".join(json.dumps(r) + "\n" for r in records)), out)
    return [json.loads(line) for line in out.getvalue().splitlines()]


def test_cluster_jsonl_reads_the_outlets_kind() -> None:
    rows = {row["id"]: row["cluster"] for row in _cluster_jsonl("magazine")}
    assert rows["feature"] == rows["n1"]
    rows = {row["id"]: row["cluster"] for row in _cluster_jsonl(None)}
    assert rows["feature"] != rows["n1"]


# Two magazines' features, each on the women a disaster of its own country left waiting; no
# news of either in the window, so nothing else tells them apart.
WAITING = [
    replace(article(START, "lamu", "Shore Stories", 0, "The women who wait at the waterline",
                    "On the beach below the old fort, the women who wait for the boats have"
                    " stopped talking about the weather. They sit on upturned crates, they"
                    " wait for the men and they count the hours since the radio went quiet."),
            kind="magazine", country="KE"),
    replace(article(START, "liepaja", "Baltic Long Reads", 20, "The women who wait up",
                    "In the flats above the harbour, the women who wait up for the night shift"
                    " have stopped talking about the weather. They sit by the window, they"
                    " wait for the men and they count the hours since the sirens went quiet."),
            kind="magazine", country="LV"),
]


def test_features_of_two_countries_are_no_story_of_their_own() -> None:
    """Two features from outlets of two countries share a feature's words ("the women who
    wait", "stopped talking about the weather") and no event: two stories, however close
    their words. From outlets of one country, with no country tagged, or where one names a
    place of the other's country, the words decide."""
    placed = stories(WAITING)
    assert placed["lamu"] != placed["liepaja"]
    same_country = [WAITING[0], replace(WAITING[1], country="KE")]
    placed = stories(same_country)
    assert placed["lamu"] == placed["liepaja"]
    untagged = [replace(doc, country=None) for doc in WAITING]
    placed = stories(untagged)
    assert placed["lamu"] == placed["liepaja"]
    # A foreign magazine's feature naming a place of the other outlet's country is about it.
    visiting = replace(WAITING[1], text=WAITING[1].text.replace("above the harbour",
                                                                "above the harbour of Lamu"))
    placed = stories([WAITING[0], visiting])
    assert placed["lamu"] == placed["liepaja"]


def test_pieces_naming_nothing_up_front_from_two_countries_are_no_story() -> None:
    """Outlets not tagged as writing features write them too: a Ugandan paper's "a mother
    counts what the night took" in a school sheltering a landslide's families, and a
    Vietnamese radio's grandmothers in a classroom after another, shared "classroom" and
    "count" and nothing else, and were one story in the week's benchmark. A piece with text
    whose headline and first sentence name no place or actor is told as a feature: from
    outlets of two countries, neither naming a place of the other's, two stories."""
    local = [replace(WAITING[0], kind="local"), replace(WAITING[1], kind="radio")]
    placed = stories(local)
    assert placed["lamu"] != placed["liepaja"]
    # One that names its place up front is told as news: the words decide, as before.
    named = replace(local[1], text=local[1].text.replace(
        "In the flats above the harbour,", "In the flats above Liepāja harbour,"))
    placed = stories([local[0], named])
    assert placed["lamu"] == placed["liepaja"]
    same_country = [local[0], replace(local[1], country="KE")]
    placed = stories(same_country)
    assert placed["lamu"] == placed["liepaja"]
