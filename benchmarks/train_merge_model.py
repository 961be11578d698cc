"""Fit the model that weighs the evidence of two stories the rules left apart
(``tui/core/cluster/weighed.py``) and write its weights to ``tui/core/cluster/merge_weights.py``.

Training pairs: every labelled full-text set (benchmarks/data) but the ones held out, clustered
in batch with the weighed pass off; each pair of its final stories that the pass would weigh
(``Weighing._weighed_pairs``), labelled one event when the two stories' most common gold events
are the same. A logistic regression (scikit-learn, from the ``bench`` extra) on standardised
features, L2 with C = 0.1; the standardisation is folded into the written weights, so the app
needs neither scikit-learn nor numpy.

    .venv/bin/python benchmarks/train_merge_model.py            # fit and write the weights
    .venv/bin/python benchmarks/train_merge_model.py --validate  # fit on the sets before the
        # twenty-second, measure B-cubed F1 on the twenty-second to twenty-eighth, write nothing
    .venv/bin/python benchmarks/train_merge_model.py --held-out fulltext-blind49 \
        --validate fulltext-blind39  # fit on the sets before the 39th, judge the 39th to 48th
        # beside the model in use

Sets held out of every fit: ``HELD_OUT`` (written to judge the model once, blind; ``--held-out``
names another) and every set written after it.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "benchmarks"))

import evaluate_clustering as ev  # noqa: E402

from tui.core.cluster import merge_weights  # noqa: E402
from tui.core.cluster.clusterer import StoryClusterer  # noqa: E402
from tui.core.cluster.model import ClusterConfig  # noqa: E402
from tui.core.cluster.weighed import FEATURES  # noqa: E402

HELD_OUT = "fulltext-blind29"
VALIDATION = tuple(f"fulltext-blind{n}" for n in range(22, 29))
C = 0.1
CHUNK = 10
WEEK_CHUNK = 58
WEIGHTS_PATH = ROOT / "tui" / "core" / "cluster" / "merge_weights.py"


def training_sets(held_out: str = HELD_OUT) -> list[tuple[str, tuple]]:
    """Every full-text set written before ``held_out``, by folder name."""
    out = []
    for name, data in ev.fulltext_sets():
        if name == held_out:
            break
        if data is not None:
            out.append((name, data))
    return out


def _labelled(clusterer, touched, gold) -> tuple[list[list[float]], list[int]]:
    clusters = clusterer._clusters
    event = {cid: Counter(gold[m.id] for m in cluster.members).most_common(1)[0][0]
             for cid, cluster in clusters.items() if cluster.members}
    xs, ys = [], []
    for evidence, a, b in clusterer._weighed_pairs(touched):
        xs.append(evidence)
        ys.append(int(event[a.id] == event[b.id]))
    return xs, ys


def pairs(docs, gold, chunk: int = 10) -> tuple[list[list[float]], list[int]]:
    """Evidence and labels of the pairs the weighed pass would weigh, with it off: once in
    batch, and at each refresh when reports come ten at a time (as
    ``evaluate_clustering.run_incremental``), where a story's first report meets others before
    its own second one has come."""
    # The stories as the weighed pass sees them: with it off, and before the aftermath pass
    # (which runs after it) has placed any feature.
    config = dataclasses.replace(ClusterConfig(), weighed_threshold=2.0, aftermath_words=10**6)
    clusterer = StoryClusterer(config, next_id=1)
    clusterer.batch(docs)
    xs, ys = _labelled(clusterer, None, gold)
    for clusterer, result in ev.refreshes(docs, chunk, config):
        x, y = _labelled(clusterer, result.touched, gold)
        xs += x
        ys += y
    return xs, ys


def pooled(sets) -> tuple[list, dict]:
    """The sets as one week of news (``evaluate_clustering.load_all_fulltext``): each set
    is one region's news, so only pooled do a landslide in Japan and one in Papua New Guinea
    on the same day meet, as they do in an install that follows many outlets."""
    docs, gold = [], {}
    for name, (set_docs, set_gold) in sets:
        for doc in set_docs:
            key = f"{name}:{doc.id}"
            docs.append(dataclasses.replace(doc, id=key))
            gold[key] = f"{name}:{set_gold[doc.id]}"
    return docs, gold


def fit(sets) -> tuple[float, tuple[float, ...], int, int]:
    """Fit on the pairs of each set alone and of all of them pooled (58 reports a refresh,
    as the week's benchmark)."""
    import numpy as np
    from sklearn.linear_model import LogisticRegression

    xs, ys = [], []
    for _, (docs, gold) in sets:
        x, y = pairs(docs, gold)
        xs += x
        ys += y
    x, y = pairs(*pooled(sets), chunk=WEEK_CHUNK)
    xs += x
    ys += y
    x = np.array(xs, dtype=float)
    y = np.array(ys)
    mean, scale = x.mean(0), x.std(0) + 1e-9
    model = LogisticRegression(C=C, max_iter=5000).fit((x - mean) / scale, y)
    weights = model.coef_[0] / scale
    intercept = float(model.intercept_[0] - (model.coef_[0] * mean / scale).sum())
    return intercept, tuple(float(w) for w in weights), len(ys), int(y.sum())


def use(intercept: float, weights: tuple[float, ...]) -> None:
    merge_weights.INTERCEPT = intercept
    merge_weights.WEIGHTS = weights


def validate(held_out: str = HELD_OUT, first: str | None = None) -> int:
    """Fit on the sets before ``first`` (the twenty-second when None), and measure the sets
    from ``first`` up to ``held_out`` without the weighed pass, with the model in use
    (``merge_weights``) and with the one just fitted."""
    sets = training_sets(held_out)
    names = [name for name, _ in sets]
    if first is None:
        judging = set(VALIDATION)
    elif first in names:
        judging = set(names[names.index(first):])
    else:
        print(f"{first} is not a set before {held_out}", file=sys.stderr)
        return 2
    before = [(name, data) for name, data in sets if name not in judging]
    judged = [(name, data) for name, data in sets if name in judging]
    intercept, weights, n, positive = fit(before)
    print(f"fitted on {len(before)} sets ({n} pairs, {positive} one event)")
    saved = merge_weights.INTERCEPT, merge_weights.WEIGHTS
    rows = []
    for name, (docs, gold) in judged:
        row = []
        for model in ((-1e9, weights), saved, (intercept, weights)):
            use(*model)  # first a chance of 0: the pass merges nothing
            row += [ev.bcubed(ev.run_pressdiff(docs), gold)[2],
                    ev.bcubed(ev.run_incremental(docs, CHUNK), gold)[2]]
        use(*saved)
        rows.append(row)
        print(f"{name:20} without {row[0]:.3f} ({row[1]:.3f})  in use {row[2]:.3f} "
              f"({row[3]:.3f})  fitted {row[4]:.3f} ({row[5]:.3f})")
    mean = [sum(r[i] for r in rows) / len(rows) for i in range(6)]
    print(f"{'mean':20} without {mean[0]:.3f} ({mean[1]:.3f})  in use {mean[2]:.3f} "
          f"({mean[3]:.3f})  fitted {mean[4]:.3f} ({mean[5]:.3f})   B-cubed F1 in batch (ten "
          f"reports at a time)")
    return 0


def write(held_out: str = HELD_OUT) -> int:
    sets = training_sets(held_out)
    intercept, weights, n, positive = fit(sets)
    names = ", ".join(name for name, _ in sets)
    lines = [
        '"""The fitted model of ``tui.core.cluster.weighed``: written by',
        "benchmarks/train_merge_model.py (do not edit by hand).",
        "",
        f"Fitted on {n} pairs of stories ({positive} one event) from {len(sets)} labelled sets:",
        *_wrapped(names),
        f"held out: {held_out} and every later set. Logistic regression, L2, C = {C}.",
        '"""',
        "",
        f"INTERCEPT = {intercept:.4f}",
        "WEIGHTS = (",
        *(f"    {w:.4f},  # {name}" for w, name in zip(weights, FEATURES, strict=True)),
        ")",
        "",
    ]
    WEIGHTS_PATH.write_text("\n".join(lines), encoding="utf-8")
    print(f"wrote {WEIGHTS_PATH.relative_to(ROOT)}: {n} pairs, {positive} one event, "
          f"{len(sets)} sets")
    return 0


def _wrapped(text: str, width: int = 92) -> list[str]:
    lines, line = [], ""
    for word in text.split(" "):
        if line and len(line) + 1 + len(word) > width:
            lines.append(line)
            line = word
        else:
            line = f"{line} {word}" if line else word
    return [*lines, line] if line else lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--validate", nargs="?", const="", default=None, metavar="FIRST",
                        help="fit on the sets before FIRST (the twenty-second by default), "
                        "measure on it and the later ones; write nothing")
    parser.add_argument("--held-out", default=HELD_OUT, metavar="SET",
                        help=f"the first set never fitted on (default {HELD_OUT})")
    args = parser.parse_args(argv)
    try:
        import numpy  # noqa: F401
        import sklearn  # noqa: F401
    except ImportError:
        print("train_merge_model.py needs scikit-learn and numpy, the bench extra (make bench "
              "installs it)",
              file=sys.stderr)
        return 2
    if args.validate is not None:
        return validate(args.held_out, args.validate or None)
    return write(args.held_out)


if __name__ == "__main__":
    raise SystemExit(main())
