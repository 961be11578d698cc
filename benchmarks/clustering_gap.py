"""What the full-text sets' remaining clustering errors are made of.

For every gold story split over several clusters, the reports outside the cluster holding most
of it are sorted by how close they are to that cluster's profile (cosine of the words, as
clustering compares them). Reports under ``--far`` (features and columns that share next to
no words with their news) no word-based measure can place; the rest (local reports told
through a village, late comment) sit just under the join threshold. The script prints each
set's B3-F1, the F1 with the far reports taken out of the set, and the F1 with every near
report put where it belongs: how much of the gap each kind is.

    .venv/bin/python benchmarks/clustering_gap.py [--far 0.05] [--list]
"""

from __future__ import annotations

import argparse
import sys
from collections import Counter, defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import evaluate_clustering as evaluation  # noqa: E402

from tui.core.cluster import StoryClusterer  # noqa: E402
from tui.core.cluster.quality import bcubed  # noqa: E402


def gap(docs: list, gold: dict, far: float) -> tuple[float, float, float, list[tuple]]:
    """(F1, F1 without the far reports, F1 with the near ones joined, the split reports as
    (cosine, doc id, gold story))."""
    clusterer = StoryClusterer()
    clusterer.batch(docs)
    # The clusterer's own state, read only: the profiles it compared with, under its
    # internal ids (the batch's placements number the clusters afresh).
    profiles, states = clusterer._clusters, clusterer._docs
    placed = {doc_id: state.cluster for doc_id, state in states.items()}
    members = defaultdict(list)
    for doc_id, story in gold.items():
        members[story].append(doc_id)
    joined = dict(placed)
    far_ids: set = set()
    split: list[tuple] = []
    for story, ids in members.items():
        main = Counter(placed[doc_id] for doc_id in ids).most_common(1)[0][0]
        for doc_id in ids:
            if placed[doc_id] == main:
                continue
            cosine = profiles[main].cosine(states[doc_id].vec)
            split.append((cosine, doc_id, story))
            if cosine < far:
                far_ids.add(doc_id)
            else:
                joined[doc_id] = main
    kept = {d: s for d, s in gold.items() if d not in far_ids}
    return (bcubed(placed, gold)[2],
            bcubed({d: c for d, c in placed.items() if d not in far_ids}, kept)[2],
            bcubed(joined, gold)[2], sorted(split))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--far", type=float, default=0.05,
                        help="cosine under which a split report counts as out of reach")
    parser.add_argument("--list", action="store_true", help="print every split report")
    args = parser.parse_args()
    print(f"{'set':12} {'B3-F1':>6} {'far':>4} {'without far':>12} {'near joined':>12}")
    for folder, data in evaluation.fulltext_sets():
        name = folder.split("-", 1)[1] if "-" in folder else "development"
        if data is None:
            continue
        docs, gold = data
        f1, without, joined, split = gap(docs, gold, args.far)
        out = sum(1 for cosine, _, _ in split if cosine < args.far)
        print(f"{name:12} {f1:6.3f} {out:4} {without:12.3f} {joined:12.3f}")
        if args.list:
            for cosine, doc_id, story in split:
                print(f"    {cosine:.3f}  {story}  {doc_id}")


if __name__ == "__main__":
    main()
