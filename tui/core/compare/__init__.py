"""Compare the articles of one story: shared and unique statements, wire copies, quotes,
distinctive vocabulary, timeline and coverage gaps.

Pure Python (rapidfuzz for fuzzy matching); the app, the CLI and the export call
``compare_story``.

How reprints are counted: an article whose sentences mostly (``reprint_share``) match one
*earlier* article of another outlet is a reprint of it. A reprint's sentences that match its
source are attributed to the source's outlet (the root of a reprint chain), so a statement carried
only by a wire story and its reprints has one *independent* outlet: it counts as the wire's own
statement, not as "said by several outlets". ``Statement.outlets`` still lists every outlet that
printed it; ``Statement.independent_outlets`` is what the shared/unique analysis uses.
"""

from tui.core.compare.quotes import extract_quotes
from tui.core.compare.records import (
    ArticleStats,
    CompareOptions,
    Comparison,
    DistinctiveTerm,
    Gaps,
    OutletGap,
    OutletStats,
    Quote,
    SentenceInfo,
    Statement,
    TagGap,
    TimelineEntry,
)
from tui.core.compare.sentences import split_paragraph_sentences, split_sentences
from tui.core.compare.story import compare_story, sentence_marks
from tui.core.compare.terms import distinctive_terms

__all__ = [
    "ArticleStats",
    "CompareOptions",
    "Comparison",
    "DistinctiveTerm",
    "Gaps",
    "OutletGap",
    "OutletStats",
    "Quote",
    "SentenceInfo",
    "Statement",
    "TagGap",
    "TimelineEntry",
    "compare_story",
    "distinctive_terms",
    "extract_quotes",
    "sentence_marks",
    "split_paragraph_sentences",
    "split_sentences",
]
