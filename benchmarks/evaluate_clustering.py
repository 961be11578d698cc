"""Measure story-clustering quality on labelled data, beside two baselines, with timings.

Sets: the UCI News Aggregator dev sample (titles only; shared data, split by story into a tuning
and a validation half), full-text sets written for pressdiff (benchmarks/data: the one rules
were developed on, then validation, holdout, check and final sets, each written later than
the last) and the demo corpus (body text).
Baselines, each at the threshold that scores best on the very data it is measured on (a sweep,
so an optimistic figure for them; the time is one run at that threshold): all-pairs rapidfuzz
token_set_ratio + connected components; TF-IDF cosine + average-link agglomerative clustering
(scikit-learn and scipy, from the ``bench`` extra). pressdiff runs one fixed default
configuration, batch (``cluster_docs``) and incremental (``load`` + ``add`` per batch).

    .venv/bin/python benchmarks/evaluate_clustering.py [--no-baselines]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections.abc import Callable, Hashable, Iterator, Sequence
from dataclasses import replace
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core.cluster import (  # noqa: E402
    ClusterConfig,
    ClusterResult,
    Doc,
    Placement,
    StoryClusterer,
    cluster_docs,
    outlet_kind,
)
from tui.core.cluster.quality import bcubed, pairwise_f1  # noqa: E402,F401

Labels = dict[Hashable, Hashable]


# ----------------------------------------------------------------------------- data
def shared_data_dir() -> Path:
    env = os.environ.get("PRESSDIFF_SHARED_DATA")
    return Path(env) if env else ROOT.parent / "shared" / "data"


def load_uci(path: Path | None = None) -> tuple[list[Doc], Labels] | None:
    """UCI dev headlines as Docs (title only) and gold story labels; None if absent."""
    path = path or shared_data_dir() / "uci-news-dev.csv"
    if not path.exists():
        return None
    docs, gold = [], {}
    with path.open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            doc_id = int(row["ID"])
            docs.append(Doc(id=doc_id, title=row["TITLE"], outlet=row["PUBLISHER"],
                            published=int(row["TIMESTAMP"]) / 1000.0))
            gold[doc_id] = row["STORY"]
    return docs, gold


DATA_DIR = ROOT / "benchmarks" / "data"
SPLIT_PATH = DATA_DIR / "uci_split.json"
FULLTEXT_DIR = DATA_DIR / "fulltext"


def split_uci(data: tuple[list[Doc], Labels] | None, half: str) -> tuple[list[Doc], Labels] | None:
    """One half of the UCI dev set by gold story (benchmarks/data/uci_split.json): rules are
    tuned on "tune" and kept only if they help on "validate"."""
    if data is None:
        return None
    import json

    keep = set(json.loads(SPLIT_PATH.read_text(encoding="utf-8"))[half])
    docs, gold = data
    chosen = [d for d in docs if gold[d.id] in keep]
    return chosen, {d.id: gold[d.id] for d in chosen}


def title_as_text(data: tuple[list[Doc], Labels] | None) -> tuple[list[Doc], Labels] | None:
    """The docs with their title as their text too, as many feeds give a description."""
    if data is None:
        return None
    docs, gold = data
    return [replace(doc, text=doc.title) for doc in docs], gold


def load_fulltext(folder: Path = FULLTEXT_DIR) -> tuple[list[Doc], Labels] | None:
    """The labelled full-text set (benchmarks/data/fulltext): whole articles as the pipeline
    stores them after extraction, each with its outlet's country and kind as an analyst tags
    them in feeds.toml (the front matter's ``country`` and ``kind``, where the set gives
    them)."""
    import tomllib
    from datetime import datetime

    gold_path = folder / "gold.csv"
    if not gold_path.exists():
        return None
    with gold_path.open(newline="", encoding="utf-8") as handle:
        truth = {row["article"]: row["event"] for row in csv.DictReader(handle)}
    docs = []
    for path in sorted((folder / "articles").glob("*/*.md")):
        _, front, body = path.read_text(encoding="utf-8").split("+++", 2)
        meta = tomllib.loads(front)
        key = f"{path.parent.name}/{path.stem}"
        docs.append(Doc(id=key, title=meta["title"], text=body.strip(), outlet=meta["outlet"],
                        published=datetime.fromisoformat(meta["published"]).timestamp(),
                        country=meta.get("country"), kind=outlet_kind(meta.get("kind"))))
    return docs, {d.id: truth[d.id] for d in docs}


# Full-text sets written after the first, each later than the last (see their READMEs).
LATER_FULLTEXT_SETS = (
    ("fulltext-validation", "the rules of 2026-12-04 were designed on it"),
    ("fulltext-holdout", "first measured with those rules frozen"),
    ("fulltext-check", "a second unseen measurement"),
    ("fulltext-final", "written last, to decide one question"),
    ("fulltext-decide", "written 2026-12-04 (second day), to judge that day's rules"),
    ("fulltext-test", "measured once, blind, with those rules (0.871), then read"),
    ("fulltext-judge", "written 2026-12-04 (third day), to judge that day's rules"),
    ("fulltext-blind", "measured once, blind, mid-day (0.832), then read"),
    ("fulltext-blind2", "measured once, blind, at the end of the third day"),
    ("fulltext-blind3", "fourth day; measured blind in two goes (0.891, 0.951), then read"),
    ("fulltext-blind4", "fourth day; each part measured once, blind (0.953, 0.882)"),
    ("fulltext-blind5", "fifth day; each part measured once, blind (0.966, 0.885, 0.853, 0.911)"),
    ("fulltext-blind6", "end of fifth day; each part once, blind (0.924, 0.797, 0.899, 0.875)"),
    ("fulltext-blind7", "sixth day; each part once, blind (0.863, 0.914, 0.956, 0.916)"),
    ("fulltext-blind8", "sixth day; each part once, blind (0.878, 0.920, 0.920, 0.859)"),
    ("fulltext-blind9", "end of sixth day; each part once, blind (0.920, 0.868, 0.909, 0.956)"),
    ("fulltext-blind10", "seventh day; each part once, blind (0.837, 0.921, 0.957, 0.905)"),
    ("fulltext-blind11", "eighth day; six parts once, blind (0.953-0.897, pooled 0.908)"),
    ("fulltext-blind12", "ninth day; five parts once, blind (pooled 0.898)"),
    ("fulltext-blind13", "tenth day; five parts once, blind (pooled 0.869)"),
    ("fulltext-blind14", "end of tenth day; each part once, blind (pooled 0.850)"),
    ("fulltext-blind15", "end of tenth day; three parts once, blind (pooled 0.843)"),
    ("fulltext-blind16", "eleventh day; five parts once, blind (pooled 0.874)"),
    ("fulltext-blind17", "end of eleventh day; five parts once, blind (0.877), then read"),
    ("fulltext-blind18", "end of eleventh day; five parts once, blind (pooled 0.863)"),
    ("fulltext-blind19", "start of twelfth day; five parts once, blind (pooled 0.908)"),
    ("fulltext-blind20", "twelfth day, after changes 1-4; five parts once, blind (pooled 0.853)"),
    ("fulltext-blind21", "twelfth day, after changes 1-6; five parts once, blind (pooled 0.847)"),
    ("fulltext-blind22", "start of thirteenth day; five parts once, blind (pooled 0.907)"),
    ("fulltext-blind23", "thirteenth day, figures pass; five parts once, blind (pooled 0.854)"),
    ("fulltext-blind24", "thirteenth day, after blind23; five parts once, blind (pooled 0.925)"),
    ("fulltext-blind25", "thirteenth day, after blind24; five parts once, blind (pooled 0.884)"),
    ("fulltext-blind26", "thirteenth day, merge guard; five parts once, blind (pooled 0.863)"),
    ("fulltext-blind27", "thirteenth day, after blind26; five parts once, blind (pooled 0.885)"),
    ("fulltext-blind28", "end of thirteenth day, final code; five parts once, blind (0.894)"),
    ("fulltext-blind29", "start of fourteenth day; five parts once, blind (pooled 0.864)"),
    ("fulltext-blind30", "fourteenth day, weighed pass; five parts once, blind (pooled 0.920)"),
    ("fulltext-blind31", "end of fourteenth day, weighed pass; five parts once, blind (0.921)"),
    ("fulltext-blind32", "start of fifteenth day, 94d16b8; five parts once, blind (0.868)"),
    ("fulltext-blind33", "fifteenth day, aftermath pass; five parts once, blind (0.925)"),
    ("fulltext-blind34", "start of sixteenth day, 151956f; five parts once, blind (0.915)"),
    ("fulltext-blind35", "sixteenth day, second look; five parts once, blind (0.896 -> 0.902)"),
    ("fulltext-blind36", "sixteenth day, after 038c747; five parts once, blind (0.889)"),
    ("fulltext-blind37", "sixteenth day, after 0a3dd45; five parts once, blind (0.868)"),
    ("fulltext-blind38", "end of sixteenth day, d26a7cf; five parts once, blind (0.880)"),
    ("fulltext-blind39", "start of seventeenth day, 81bbc87; five parts once, blind (0.908)"),
    ("fulltext-blind40", "seventeenth day, fa6dfa0; five parts once, blind (0.902 -> 0.916)"),
    ("fulltext-blind41", "seventeenth day, 3dca6bf; five parts once, blind (0.919)"),
    ("fulltext-blind42", "seventeenth day, 53d5b51; five parts once, blind (0.860)"),
    ("fulltext-blind43", "end of seventeenth day, a7b8985; five parts once, blind (0.878)"),
    ("fulltext-blind44", "start of eighteenth day, f911b80; five parts once, blind (0.901)"),
    ("fulltext-blind45", "eighteenth day, after 09af74a; five parts once, blind (0.902)"),
    ("fulltext-blind46", "eighteenth day, after 5a885ab; five parts once, blind (0.887)"),
    ("fulltext-blind47", "start of nineteenth day, 51ca955; five parts once, blind (0.922)"),
    ("fulltext-blind48", "nineteenth day, after fec7bbc; five parts once, blind (0.953)"),
    ("fulltext-blind49", "twentieth day, before its changes; five parts once, blind (0.869)"),
    ("fulltext-blind50", "twentieth day, after 64d9957; five parts once, blind (0.900)"),
    ("fulltext-blind51", "twentieth day, after 450c595; five parts once, blind (0.915; then a "
     "revert: 0.924)"),
    ("fulltext-blind52", "twentieth day, after aec6df6; five parts once, blind (0.874)"),
    ("fulltext-blind53", "start of twenty-first day, 377c1c7; five parts once, blind (0.921)"),
    ("fulltext-blind54", "twenty-first day, weighing 2209214; five parts once, blind (0.888; "
     "with it 0.901)"),
    ("fulltext-blind55", "twenty-first day, after 431a648; five parts once, blind (0.876)"),
    ("fulltext-blind56", "twenty-first day, after 186d338; five parts once, blind (0.902)"),
    ("fulltext-blind57", "twenty-second day, 7482ddf; five parts once, blind (0.920)"),
    ("fulltext-blind58", "twenty-second day, 7bd442c; five parts once, blind (0.848)"),
    ("fulltext-blind59", "twenty-second day, 366e5c0; five parts once, blind (0.884; the "
     "day's start 0.879)"),
    ("fulltext-blind60", "twenty-second day, 7d82c74; five parts once, blind (0.892; the "
     "day's start 0.867)"),
    ("fulltext-blind61", "twenty-second day, db21c9f and ff26082; five parts once, blind "
     "(0.910 and 0.890; the day's start 0.877)"),
    ("fulltext-blind62", "end of twenty-second day, 616542d; five parts once, blind (0.918; "
     "the day's start 0.910)"),
    ("fulltext-blind63", "end of twenty-second day, 1108337 and the refitted merge model; five "
     "parts once, blind (0.929 both; the day's start 0.913)"),
    ("fulltext-blind64", "start of twenty-third day, cb82c40 and 97597a2; five parts once, "
     "blind (0.921 both)"),
    ("fulltext-blind65", "twenty-third day, 97597a2 and the happening pass's last look; five "
     "parts once, blind (0.936 with each and with the day's start)"),
    ("fulltext-blind66", "twenty-third day, the features' second look; five parts once, "
     "blind (0.928; without it 0.919)"),
    ("fulltext-blind67", "twenty-third day, f85407c and close pairs; five parts once, blind "
     "(0.929 both; the day's start 0.915)"),
    ("fulltext-blind68", "end of twenty-third day, 59a3679; five parts once, blind (0.916, "
     "ten at a time 0.949; the day's start 0.916, 0.927)"),
    ("fulltext-blind69", "start of twenty-fourth day, c8ac5d2; five parts once, blind (0.914, "
     "ten at a time 0.919)"),
    ("fulltext-blind70", "twenty-fourth day, d66a143; five parts once, blind (0.925, ten at a "
     "time 0.940, both as with the day's start)"),
    ("fulltext-blind71", "twenty-fourth day, 3d9a94f; five parts once, blind (0.919, ten at a "
     "time 0.931, all as with the day's start)"),
    ("fulltext-blind72", "twenty-fourth day, f0b93c8 and dafd934; five parts once, blind "
     "(0.898, ten at a time 0.894; the day's start 0.898, 0.881)"),
    ("fulltext-blind73", "twenty-fourth day, a2fd795; five parts once, blind (0.922, ten at a "
     "time 0.888, both as with the day's start)"),
    ("fulltext-blind74", "twenty-fourth day, 7968d72; five parts once, blind (0.848, ten at a "
     "time 0.876; the day's start 0.843, 0.871)"),
    ("fulltext-blind75", "twenty-fifth day, 8a9bcdd (the day's start); five parts once, blind "
     "(0.888, ten at a time 0.895)"),
    ("fulltext-blind76", "twenty-fifth day, 07b661b; five parts once, blind (0.914, ten at a "
     "time 0.908, both as with the day's start)"),
    ("fulltext-blind77", "twenty-fifth day, the theft as a kind of news; five parts once, blind "
     "(0.918, ten at a time 0.902, all as with the day's start)"),
    ("fulltext-blind78", "twenty-fifth day, 5af26cc; five parts once, blind (0.916, ten at a "
     "time 0.929, all as with the day's start)"),
    ("fulltext-blind79", "twenty-fifth day, 80896d4; five parts once, blind (0.942, ten at a "
     "time 0.911, all as with the day's start)"),
    ("fulltext-blind80", "twenty-fifth day, d9369cc; five parts once, blind (0.941, ten at a "
     "time 0.946; the day's start 0.928, 0.931)"),
    ("fulltext-blind81", "twenty-fifth day, b8baa46; five parts once, blind (0.935, ten at a "
     "time 0.936, both as with the day's start)"),
    ("fulltext-blind82", "twenty-sixth day, da789c6; five parts once, blind (0.941, ten at a "
     "time 0.926)"),
    ("fulltext-blind83", "twenty-sixth day, 9da0eb7; five parts once, blind (0.941, ten at a "
     "time 0.942, both as with the day's start)"),
    ("fulltext-blind84", "twenty-sixth day, 131fc97; five parts once, blind (0.911, ten at a "
     "time 0.908; the day's start 0.918, 0.908)"),
    ("fulltext-blind85", "twenty-sixth day, e0845c9; five parts once, blind (0.902, ten at a "
     "time 0.901, both as with the day's start)"),
    ("fulltext-blind86", "twenty-sixth day, e9beb07; five parts once, blind (0.929, ten at a "
     "time 0.910; the day's start 0.921, 0.910)"),
    ("fulltext-blind87", "twenty-sixth day, 931fc95; five parts once, blind (0.935, ten at a "
     "time 0.924, both as with the day's start)"),
    ("fulltext-blind88", "twenty-sixth day, 0264a60; five parts once, blind (0.952, ten at a "
     "time 0.969; the day's start 0.936, 0.953)"),
    ("fulltext-blind89", "twenty-sixth day, the day's last code; five parts once, blind "
     "(0.963, ten at a time 0.957; the day's start 0.956, 0.949)"),
    ("fulltext-blind90", "twenty-sixth day, the day's last code; five parts once, blind "
     "(0.971, ten at a time 0.971; the day's start 0.955, 0.955)"),
    ("fulltext-blind91", "twenty-sixth day, the day's last code; five parts once, blind "
     "(0.977, ten at a time 0.938; the day's start 0.969, 0.911)"),
    ("fulltext-blind92", "twenty-sixth day, the day's last code; five parts once, blind "
     "(0.861, ten at a time 0.907; the day's start 0.852, 0.907)"),
    ("fulltext-blind93", "twenty-seventh day, the day's start; five parts once, blind (0.896, "
     "ten at a time 0.905)"),
    ("fulltext-blind94", "twenty-seventh day, the day's start; five parts once, blind (0.915, "
     "ten at a time 0.908)"),
    ("fulltext-blind95", "twenty-seventh day, 1e123ac; five parts once, blind (0.911, ten at a "
     "time 0.906, both as with the day's start)"),
    ("fulltext-blind96", "twenty-seventh day, a90350a; five parts once, blind (0.940, ten at a "
     "time 0.962; the day's start 0.931, 0.953)"),
    ("fulltext-blind97", "twenty-seventh day, bde5ee9; five parts once, blind (0.889, ten at a "
     "time 0.871, both as with the day's start)"),
    ("fulltext-blind98", "twenty-seventh day, 95b3add; five parts once, blind (0.913, ten at a "
     "time 0.890, both as with the day's start)"),
    ("fulltext-blind99", "twenty-seventh day, 13289a0; five parts once, blind (0.871, ten at a "
     "time 0.847; the day's start 0.862, 0.847)"),
    ("fulltext-blind100", "twenty-seventh day, fe827ec; five parts once, blind (0.850, ten at "
     "a time 0.892; the day's start 0.850, 0.884)"),
    ("fulltext-blind101", "twenty-seventh day, dc9d58f; five parts once, blind (0.893, ten at "
     "a time 0.836, both as with the day's start)"),
    ("fulltext-blind102", "twenty-seventh day, the day's last code; five parts once, blind "
     "(0.960, ten at a time 0.945, both as with the day's start)"),
    ("fulltext-blind103", "twenty-seventh day, the day's last code; five parts once, blind "
     "(0.944, ten at a time 0.937; the day's start 0.937, 0.937)"),
    ("fulltext-blind104", "twenty-eighth day, before its changes; five Caribbean islands "
     "once, blind (0.894, ten at a time 0.855; the day's start 0.894, 0.845)"),
    ("fulltext-blind105", "twenty-eighth day, before its changes; five parts once, blind "
     "(0.923, ten at a time 0.894; the day's start the same)"),
    ("fulltext-blind106", "twenty-eighth day, after seven changes; five parts once, blind "
     "(0.927, ten at a time 0.935; the day's start the same)"),
    ("fulltext-blind107", "twenty-eighth day, after seven changes; five parts once, blind "
     "(0.930, ten at a time 0.898; the day's start the same)"),
    ("fulltext-blind108", "twenty-ninth day, before its changes; five islands once, blind "
     "(0.916, ten at a time 0.887)"),
    ("fulltext-blind109", "twenty-ninth day, before its changes; five parts once, blind "
     "(0.911, ten at a time 0.875)"),
    ("fulltext-blind110", "twenty-ninth day, before its changes; five parts once, blind "
     "(0.921, ten at a time 0.928)"),
    ("fulltext-blind111", "twenty-ninth day, before its changes; five parts once, blind "
     "(0.846, ten at a time 0.855)"),
    ("fulltext-blind112", "thirtieth day, before its changes; five parts once, blind "
     "(0.948, ten at a time 0.931)"),
    ("fulltext-blind113", "thirtieth day, before its changes; five parts once, blind "
     "(0.935, ten at a time 0.920)"),
    ("fulltext-blind114", "thirtieth day, before its changes; five parts once, blind "
     "(0.885, ten at a time 0.896)"),
    ("fulltext-blind115", "thirtieth day, after two changes; five parts once, blind "
     "(0.911, ten at a time 0.904; the day's start the same)"),
    ("fulltext-blind116", "thirty-first day, before its changes; five parts once, blind "
     "(0.921, ten at a time 0.920)"),
    ("fulltext-blind117", "thirty-first day, before its changes; five parts once, blind "
     "(0.964, ten at a time 0.934)"),
    ("fulltext-blind118", "thirty-first day, before its changes; five parts once, blind "
     "(0.939, ten at a time 0.960)"),
    ("fulltext-blind119", "thirty-first day, before its changes; five parts once, blind "
     "(0.935, ten at a time 0.890)"),
    ("fulltext-blind120", "thirty-second day, before its changes; five parts once, blind "
     "(0.899, ten at a time 0.916)"),
    ("fulltext-blind121", "thirty-second day, before its changes; five parts once, blind "
     "(0.933, ten at a time 0.941)"),
    ("fulltext-blind122", "thirty-second day, before its changes; five parts once, blind "
     "(0.891, ten at a time 0.872)"),
    ("fulltext-blind123", "thirty-second day, before its changes; five parts once, blind "
     "(0.886, ten at a time 0.878)"),
    ("fulltext-blind124", "thirty-third day, with its start; five parts once, blind "
     "(0.961, ten at a time 0.937)"),
    ("fulltext-blind125", "thirty-third day, with its start; five parts once, blind "
     "(0.955, ten at a time 0.941)"),
    ("fulltext-blind126", "thirty-third day, with its start; five parts once, blind "
     "(0.915, ten at a time 0.902)"),
    ("fulltext-blind127", "thirty-third day, with its start; five parts once, blind "
     "(0.884, ten at a time 0.880)"),
    ("fulltext-blind128", "thirty-fourth day, with its start; five parts once, blind "
     "(0.918, ten at a time 0.927)"),
    ("fulltext-blind129", "thirty-fourth day, with its start; five parts once, blind "
     "(0.962, ten at a time 0.950)"),
    ("fulltext-blind130", "thirty-fourth day, with its start; five parts once, blind "
     "(1.000, ten at a time 1.000)"),
    ("fulltext-blind131", "thirty-fourth day, with its start; five parts once, blind "
     "(0.949, ten at a time 0.886)"),
)


def load_fulltext_parts(folder: Path) -> tuple[list[Doc], Labels] | None:
    """A full-text set written in parts (``part-*/``, each with its own articles and
    gold.csv, as benchmarks/data/fulltext-validation and fulltext-holdout): all parts as one
    collection, so events of different parts are near misses of each other too."""
    docs: list[Doc] = []
    gold: Labels = {}
    for part in sorted(folder.glob("part-*")):
        loaded = load_fulltext(part)
        if loaded is not None:
            docs += loaded[0]
            gold.update(loaded[1])
    return (docs, gold) if docs else None


def fulltext_sets() -> list[tuple[str, tuple[list[Doc], Labels] | None]]:
    """Every full-text set by its folder name, the first one first (None where missing)."""
    sets = [("fulltext", load_fulltext())]
    sets += [(folder, load_fulltext_parts(DATA_DIR / folder)) for folder, _ in LATER_FULLTEXT_SETS]
    return sets


def load_all_fulltext() -> tuple[list[Doc], Labels] | None:
    """Every full-text set as one collection, as a week's window of a busy install would
    hold them: all are dated November 2026, so four derailments, three CEOs' resignations
    and a dozen floods in other places meet. Ids are prefixed with their set's folder."""
    docs: list[Doc] = []
    gold: Labels = {}
    for folder, data in fulltext_sets():
        if data is None:
            continue
        for doc in data[0]:
            key = f"{folder}:{doc.id}"
            docs.append(replace(doc, id=key))
            gold[key] = f"{folder}:{data[1][doc.id]}"
    return (docs, gold) if docs else None


def load_demo(text: str = "body") -> tuple[list[Doc], Labels] | None:
    """Demo corpus articles and ground truth. ``text``: "body" is what the pipeline has (every
    demo page is fetched and extracted); "summary" and "title" show what is left when pages
    cannot be fetched (feed summary only) or not even that."""
    try:
        from tui.demo.corpus import load_corpus, load_ground_truth

        corpus = load_corpus()
        truth = load_ground_truth()
    except Exception as exc:  # the corpus is being written by others; report, do not crash
        print(f"demo corpus not available ({type(exc).__name__}: {exc})")
        return None
    from tui.core.places import gazetteer

    # Each article with its outlet's name and tags as the demo's feeds.toml gives them.
    outlets = {outlet.slug: outlet for outlet in corpus.outlets}
    docs = []
    for art in corpus.articles:
        body = "\n\n".join(art.body) or art.summary
        lead = {"body": body, "summary": art.summary, "title": ""}[text]
        outlet = outlets[art.outlet]
        country = outlet.tags.get("country")
        docs.append(Doc(id=art.path, title=art.title, text=lead, outlet=outlet.name,
                        published=art.published.timestamp(),
                        country=gazetteer().code(country) if country else None,
                        kind=outlet_kind(outlet.tags.get("kind"))))
    gold = {doc.id: truth.get(doc.id, f"__alone__{doc.id}") for doc in docs}
    return docs, gold


# ----------------------------------------------------------------------------- methods
def run_pressdiff(docs: Sequence[Doc]) -> Labels:
    return {p.doc_id: p.cluster_id for p in cluster_docs(docs)}


def refreshes(docs: Sequence[Doc], chunk: int, config: ClusterConfig | None = None
              ) -> Iterator[tuple[StoryClusterer, ClusterResult]]:
    """As the app does it: new articles arrive ``chunk`` at a time (in time order); each
    refresh loads the placed articles within the window and adds the new ones. Yields each
    refresh's clusterer and result."""
    config = config or ClusterConfig()
    ordered = sorted(docs, key=lambda d: (d.published or 0.0, str(d.id)))
    where: dict = {}
    next_id = 1
    for start in range(0, len(ordered), chunk):
        new = ordered[start:start + chunk]
        oldest = min(d.published or 0.0 for d in new)
        window = [d for d in ordered[:start]
                  if (d.published or 0.0) >= oldest - config.window_seconds]
        clusterer = StoryClusterer(config, next_id=next_id)
        clusterer.load(window, [Placement(d.id, where[d.id], 1.0, ()) for d in window])
        result = clusterer.add(new)
        for placement in result.placements:
            where[placement.doc_id] = placement.cluster_id
        next_id = clusterer.next_id
        yield clusterer, result


def run_incremental(docs: Sequence[Doc], chunk: int) -> Labels:
    """Where each doc is after the last of ``refreshes``."""
    where: Labels = {}
    for _, result in refreshes(docs, chunk):
        for placement in result.placements:
            where[placement.doc_id] = placement.cluster_id
    return where


def _components(n: int, edges: Sequence[tuple[int, int]]) -> list[int]:
    parent = list(range(n))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for a, b in edges:
        ra, rb = find(a), find(b)
        if ra != rb:
            parent[max(ra, rb)] = min(ra, rb)
    return [find(i) for i in range(n)]


def _rapidfuzz_matrix(docs: Sequence[Doc]):
    from rapidfuzz import fuzz, process, utils

    titles = [d.title for d in docs]
    return process.cdist(titles, titles, scorer=fuzz.token_set_ratio,
                         processor=utils.default_process, workers=2, score_cutoff=40)


def _rapidfuzz_labels(docs: Sequence[Doc], matrix, threshold: float) -> Labels:
    rows, cols = (matrix >= threshold).nonzero()
    edges = [(int(i), int(j)) for i, j in zip(rows, cols, strict=True) if i < j]
    comp = _components(len(docs), edges)
    return {d.id: comp[i] for i, d in enumerate(docs)}


def rapidfuzz_cc(docs: Sequence[Doc], threshold: float) -> Labels:
    """Baseline (a), one run: all-pairs token_set_ratio (cdist, 2 workers) + components."""
    return _rapidfuzz_labels(docs, _rapidfuzz_matrix(docs), threshold)


def sweep_rapidfuzz(docs: Sequence[Doc], gold: Labels) -> float:
    """The threshold (50..100 by 5) at which baseline (a) scores best on this very data."""
    matrix = _rapidfuzz_matrix(docs)
    scores = {t: bcubed(_rapidfuzz_labels(docs, matrix, t), gold)[2] for t in range(50, 101, 5)}
    return max(scores, key=lambda t: (scores[t], -t))


def _tfidf(docs: Sequence[Doc]):
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{d.title} {d.text}" for d in docs]
    return TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)


def tfidf_avglink(docs: Sequence[Doc], threshold: float) -> Labels:
    """Baseline (b), one run: TF-IDF (title + text) cosine, average-link agglomerative."""
    from sklearn.cluster import AgglomerativeClustering

    model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                    distance_threshold=threshold)
    assigned = model.fit_predict(_tfidf(docs).toarray())
    return {d.id: int(assigned[i]) for i, d in enumerate(docs)}


def sweep_tfidf(docs: Sequence[Doc], gold: Labels) -> float:
    """The cosine distance (0.30..0.975) at which baseline (b) scores best on this data; one
    average-link tree (scipy) cut at each threshold."""
    import numpy as np
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import pdist

    distances = np.nan_to_num(pdist(_tfidf(docs).toarray(), "cosine"), nan=1.0)
    tree = linkage(distances, method="average")
    scores = {}
    for step in range(12, 40):
        threshold = step / 40
        assigned = fcluster(tree, t=threshold, criterion="distance")
        scores[threshold] = bcubed({d.id: int(assigned[i]) for i, d in enumerate(docs)},
                                   gold)[2]
    return max(scores, key=lambda t: (scores[t], -t))


# ----------------------------------------------------------------------------- report
def timed(func: Callable, *args) -> tuple[float, object]:
    start = time.perf_counter()
    result = func(*args)
    return time.perf_counter() - start, result


def report_row(name: str, seconds: float, pred: Labels, gold: Labels, note: str = "") -> None:
    p, r, f1 = bcubed(pred, gold)
    pf1 = pairwise_f1(pred, gold)
    clusters = len(set(pred.values()))
    print(f"  {name:<34} {p:6.3f} {r:6.3f} {f1:6.3f} {pf1:8.3f} {clusters:8d} {seconds:8.2f}s"
          f"  {note}")


def evaluate(name: str, data: tuple[list[Doc], Labels] | None, baselines: bool) -> None:
    print(f"\n{name}")
    if data is None:
        print("  (not available)")
        return
    docs, gold = data
    print(f"  {len(docs)} docs, {len(set(gold.values()))} gold stories")
    print(f"  {'method':<34} {'B3-P':>6} {'B3-R':>6} {'B3-F1':>6} {'pair-F1':>8} "
          f"{'clusters':>8} {'time':>9}")
    seconds, pred = timed(run_pressdiff, docs)
    report_row("pressdiff (default config)", seconds, pred, gold)
    chunk = max(10, len(docs) // 25)
    seconds, pred = timed(run_incremental, docs, chunk)
    report_row(f"pressdiff incremental, {chunk} per add", seconds, pred, gold,
               "load(window) + add() per batch, as the app refreshes")
    if not baselines:
        return
    try:
        import numpy  # noqa: F401  (rapidfuzz's cdist returns a numpy matrix)
    except ImportError:
        print("  the baselines need numpy and scikit-learn: pip install -e '.[bench]'")
        return
    threshold = sweep_rapidfuzz(docs, gold)
    seconds, pred = timed(rapidfuzz_cc, docs, threshold)
    report_row("rapidfuzz token_set all-pairs + CC", seconds, pred, gold,
               f"at its best threshold {threshold} (swept on this data)")
    try:
        import scipy  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        print("  TF-IDF baseline needs scikit-learn: pip install -e '.[bench]'")
        return
    threshold = sweep_tfidf(docs, gold)
    seconds, pred = timed(tfidf_avglink, docs, threshold)
    report_row("TF-IDF cosine + average-link", seconds, pred, gold,
               f"at its best distance {threshold} (swept on this data)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baselines", action="store_true", help="only pressdiff's rows")
    args = parser.parse_args(argv)
    uci = load_uci()
    if uci is None:
        print(f"UCI dev set not found under {shared_data_dir()} (set PRESSDIFF_SHARED_DATA)")
    evaluate("UCI dev, tuning half (titles only)", split_uci(uci, "tune"),
             not args.no_baselines)
    evaluate("UCI dev, validation half (titles only): never tuned on",
             split_uci(uci, "validate"), not args.no_baselines)
    evaluate("UCI dev, all (titles only)", uci, False)
    # As the real-headline feeds serve them: each item's description is its title again.
    evaluate("UCI dev, validation half, the title repeated as the feed's description",
             title_as_text(split_uci(uci, "validate")), False)
    evaluate("full-text set (benchmarks/data/fulltext): 58 articles, 17 events",
             load_fulltext(), not args.no_baselines)
    for folder, note in LATER_FULLTEXT_SETS:
        data = load_fulltext_parts(DATA_DIR / folder)
        size = (f"{len(data[0])} articles, {len(set(data[1].values()))} events" if data
                else "missing")
        evaluate(f"full-text {folder.split('-')[1]} set (benchmarks/data/{folder}): {size}, {note}",
                 data, not args.no_baselines)
    pooled = load_all_fulltext()
    if pooled is not None:
        evaluate(f"every full-text set as one week of news: {len(pooled[0])} articles, "
                 f"{len(set(pooled[1].values()))} events (many of one kind in other places)",
                 pooled, not args.no_baselines)
    demo = load_demo()
    evaluate("demo corpus (title + extracted body)", demo, not args.no_baselines)
    if demo is not None:
        print("\nfor comparison, the demo corpus with less text than the pipeline has:")
        evaluate("demo corpus (title + feed summary only)", load_demo("summary"), False)
        evaluate("demo corpus (titles only)", load_demo("title"), False)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
