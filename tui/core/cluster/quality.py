"""How well stories match a gold labelling: B-cubed precision, recall and F1, and pairwise
F1. Shared by the tests' quality floors, the soak test and ``benchmarks/``."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Mapping

Labels = Mapping[Hashable, Hashable]


def bcubed(pred: Labels, gold: Labels) -> tuple[float, float, float]:
    """B-cubed precision, recall and F1 (per-item averages over the items of ``gold``)."""
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


