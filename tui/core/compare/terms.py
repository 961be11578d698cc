"""Each outlet's distinctive vocabulary: weighted log-odds with an informative prior."""

from __future__ import annotations

import math
from collections import Counter

from tui.core.compare.records import DistinctiveTerm
from tui.core.compare.tokens import STOP_WORDS

# --------------------------------------------------------------------------- distinctive terms


def term_phrases(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of content words (stop words and bare numbers removed)."""
    content = [t if (t not in STOP_WORDS and not t.isdigit() and len(t) > 2) else None
               for t in tokens]
    out = [t for t in content if t]
    out.extend(f"{a} {b}" for a, b in zip(content, content[1:], strict=False) if a and b)
    return out


def distinctive_terms(
    counts: dict[str, Counter[str]], min_count: int = 2, min_score: float = 0.5,
    limit: int = 12, min_ratio: float = 2.0,
) -> dict[str, list[DistinctiveTerm]]:
    """Terms each group uses far more than the others: weighted log-odds with an informative
    Dirichlet prior (Monroe, Colaresi & Quinn 2008), the prior being the whole story's counts.

    A story holds little text, so z-scores stay small; the count floor and the rate ratio
    (``min_ratio`` times the others' rate) keep "far more" honest, and z orders the terms.
    """
    total: Counter[str] = Counter()
    for c in counts.values():
        total.update(c)
    n_total = sum(total.values())
    result: dict[str, list[DistinctiveTerm]] = {}
    for group, own in counts.items():
        n_own = sum(own.values())
        n_rest = n_total - n_own
        if not n_own or not n_rest:
            result[group] = []
            continue
        scored = []
        for term, y_own in own.items():
            y_rest = total[term] - y_own
            if y_own < min_count or y_own * n_rest < min_ratio * y_rest * n_own:
                continue
            alpha = total[term]  # prior strength a0 = n_total
            delta = math.log((y_own + alpha) / (n_own + n_total - y_own - alpha)) - math.log(
                (y_rest + alpha) / (n_rest + n_total - y_rest - alpha)
            )
            z = delta / math.sqrt(1 / (y_own + alpha) + 1 / (y_rest + alpha))
            if z >= min_score:
                scored.append(DistinctiveTerm(term=term, score=round(z, 3), count=y_own))
        scored.sort(key=lambda t: (-t.score, -t.count, t.term))
        result[group] = _drop_covered_unigrams(scored)[:limit]
    return result


def _drop_covered_unigrams(terms: list[DistinctiveTerm]) -> list[DistinctiveTerm]:
    """"national" adds nothing next to "national interest" when every use is in the bigram."""
    bigram_counts: dict[str, int] = {}
    for t in terms:
        if " " in t.term:
            for word in t.term.split():
                bigram_counts[word] = max(bigram_counts.get(word, 0), t.count)
    return [t for t in terms if " " in t.term or bigram_counts.get(t.term, 0) < t.count]


