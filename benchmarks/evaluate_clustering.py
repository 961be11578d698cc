"""Measure story-clustering quality on labelled data, beside two baselines, with timings.

Sets: the UCI News Aggregator dev sample (titles only; shared data) and the demo corpus (body
text). Baselines, each at its best threshold from a sweep (an optimistic figure for them):
all-pairs rapidfuzz token_set_ratio + connected components; TF-IDF cosine + average-link
agglomerative clustering (scikit-learn, from the ``bench`` extra).

    .venv/bin/python benchmarks/evaluate_clustering.py [--no-baselines]
"""

from __future__ import annotations

import argparse
import csv
import os
import sys
import time
from collections import defaultdict
from collections.abc import Callable, Hashable, Sequence
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tui.core.cluster import Doc, cluster_docs  # noqa: E402

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


def load_demo() -> tuple[list[Doc], Labels] | None:
    """Demo corpus articles as the pipeline sees them (extracted body) and ground truth."""
    try:
        from tui.demo.corpus import load_corpus, load_ground_truth

        corpus = load_corpus()
        truth = load_ground_truth()
    except Exception as exc:  # the corpus is being written by others; report, do not crash
        print(f"demo corpus not available ({type(exc).__name__}: {exc})")
        return None
    docs = []
    for art in corpus.articles:
        # Every demo page is fetched and extracted, so the pipeline has the body text.
        text = "\n\n".join(art.body) or art.summary
        docs.append(Doc(id=art.path, title=art.title, text=text, outlet=art.outlet,
                        published=art.published.timestamp()))
    gold = {doc.id: truth.get(doc.id, f"__alone__{doc.id}") for doc in docs}
    return docs, gold


# ----------------------------------------------------------------------------- metrics
def bcubed(pred: Labels, gold: Labels) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (per-item averages)."""
    pred_groups: dict[Hashable, set] = defaultdict(set)
    gold_groups: dict[Hashable, set] = defaultdict(set)
    for item, label in pred.items():
        pred_groups[label].add(item)
    for item, label in gold.items():
        gold_groups[label].add(item)
    precision = recall = 0.0
    for item in gold:
        mine = pred_groups[pred[item]]
        theirs = gold_groups[gold[item]]
        both = len(mine & theirs)
        precision += both / len(mine)
        recall += both / len(theirs)
    n = len(gold)
    precision, recall = precision / n, recall / n
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def pairwise_f1(pred: Labels, gold: Labels) -> float:
    """F1 over same-cluster item pairs, counted via contingency table."""
    def pairs(counts: dict) -> int:
        return sum(c * (c - 1) // 2 for c in counts.values())

    joint: dict[tuple, int] = defaultdict(int)
    pcount: dict[Hashable, int] = defaultdict(int)
    gcount: dict[Hashable, int] = defaultdict(int)
    for item in gold:
        joint[(pred[item], gold[item])] += 1
        pcount[pred[item]] += 1
        gcount[gold[item]] += 1
    tp, pp, gp = pairs(joint), pairs(pcount), pairs(gcount)
    if not tp:
        return 0.0
    precision, recall = tp / pp, tp / gp
    return 2 * precision * recall / (precision + recall)


# ----------------------------------------------------------------------------- methods
def run_pressdiff(docs: Sequence[Doc]) -> Labels:
    return {p.doc_id: p.cluster_id for p in cluster_docs(docs)}


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


def sweep_rapidfuzz(docs: Sequence[Doc], gold: Labels) -> tuple[float, Labels]:
    """All pairs token_set_ratio (cdist, 2 workers) + connected components; best threshold."""
    from rapidfuzz import fuzz, process, utils

    titles = [d.title for d in docs]
    matrix = process.cdist(titles, titles, scorer=fuzz.token_set_ratio,
                           processor=utils.default_process, workers=2, score_cutoff=40)
    rows, cols = matrix.nonzero() if hasattr(matrix, "nonzero") else ([], [])
    best: tuple[float, float, Labels] | None = None
    for threshold in range(50, 101, 5):
        edges = [(int(i), int(j)) for i, j in zip(rows, cols, strict=True)
                 if i < j and matrix[i, j] >= threshold]
        comp = _components(len(docs), edges)
        labels = {d.id: comp[i] for i, d in enumerate(docs)}
        f1 = bcubed(labels, gold)[2]
        if best is None or f1 > best[1]:
            best = (threshold, f1, labels)
    assert best is not None
    return best[0], best[2]


def sweep_tfidf(docs: Sequence[Doc], gold: Labels) -> tuple[float, Labels]:
    """TF-IDF (title + text) cosine, average-link agglomerative; best distance threshold."""
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    texts = [f"{d.title} {d.text}" for d in docs]
    matrix = TfidfVectorizer(stop_words="english", sublinear_tf=True).fit_transform(texts)
    dense = matrix.toarray()
    best: tuple[float, float, Labels] | None = None
    for step in range(5, 20):
        threshold = step / 20
        model = AgglomerativeClustering(n_clusters=None, metric="cosine", linkage="average",
                                        distance_threshold=threshold)
        assigned = model.fit_predict(dense)
        labels = {d.id: int(assigned[i]) for i, d in enumerate(docs)}
        f1 = bcubed(labels, gold)[2]
        if best is None or f1 > best[1]:
            best = (threshold, f1, labels)
    assert best is not None
    return best[0], best[2]


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
    if not baselines:
        return
    seconds, (threshold, pred) = timed(sweep_rapidfuzz, docs, gold)
    report_row("rapidfuzz token_set all-pairs + CC", seconds, pred, gold,
               f"best threshold {threshold} (sweep of 11, time includes sweep)")
    try:
        import sklearn  # noqa: F401
    except ImportError:
        print("  TF-IDF baseline needs scikit-learn: pip install -e '.[bench]'")
        return
    seconds, (threshold, pred) = timed(sweep_tfidf, docs, gold)
    report_row("TF-IDF cosine + average-link", seconds, pred, gold,
               f"best distance {threshold} (sweep of 15, time includes sweep)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--no-baselines", action="store_true", help="only pressdiff's rows")
    args = parser.parse_args(argv)
    uci = load_uci()
    if uci is None:
        print(f"UCI dev set not found under {shared_data_dir()} (set PRESSDIFF_SHARED_DATA)")
    evaluate("UCI News Aggregator dev (titles only)", uci, not args.no_baselines)
    evaluate("demo corpus (title + extracted body)", load_demo(), not args.no_baselines)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
