"""What a comparison gives: the options it runs with and its records (statements, per-article
and per-outlet shares, quotes, terms, timeline, gaps), all turning into JSON for `show --json`."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

# --------------------------------------------------------------------------- options & records


@dataclass(frozen=True)
class CompareOptions:
    """Thresholds of the comparison; the defaults suit news prose."""

    match_threshold: float = 80.0  # rapidfuzz score (0-100) for "the same statement"
    min_match_tokens: int = 3  # shorter sentences ("He declined.") never match
    reprint_share: float = 0.6  # share of sentences matched to one earlier source article
    quote_min_words: int = 4  # shorter quoted strings are scare quotes, not quotations
    quote_threshold: float = 85.0
    term_min_count: int = 2  # a term used once is never distinctive
    term_min_score: float = 0.5  # z-score of the weighted log-odds ratio (small stories: low)
    term_min_ratio: float = 2.0  # and its rate at least this multiple of the others' rate
    term_limit: int = 12
    block_tokens: int = 6  # rarest tokens of a sentence used to find match candidates


@dataclass(frozen=True)
class SentenceInfo:
    """One sentence of an article, in order, with the statement it belongs to."""

    index: int
    paragraph: int  # paragraph number in the article, for drawing paragraph breaks
    text: str
    words: int
    statement: int  # index into Comparison.statements
    shared: bool  # also said by another independent outlet
    # The other independent outlets that say it (first publisher first).
    echoes: tuple[str, ...] = ()
    # The closest wording of it in another outlet's article: (article id, sentence index).
    closest: tuple[int, int] | None = None
    # Character spans of this sentence's words that the closest wording lacks or words
    # differently: where an outlet's framing hides inside a shared sentence.
    changed: tuple[tuple[int, int], ...] = ()
    # A credit line ("- Caspian Wire"): neither the outlet's own statement nor a shared one.
    credit: bool = False


@dataclass(frozen=True)
class Statement:
    """A sentence, or a group of near-identical sentences from several articles."""

    id: int
    text: str  # the earliest article's wording
    outlets: tuple[str, ...]  # every outlet that printed it, first publisher first
    independent_outlets: tuple[str, ...]  # reprints folded into their source outlet
    article_ids: tuple[int, ...]
    words: int
    credit: bool = False  # only names an outlet (a reprint's credit line)

    @property
    def shared(self) -> bool:
        return len(self.independent_outlets) >= 2 and not self.credit


@dataclass(frozen=True)
class ArticleStats:
    article_id: int
    outlet: str
    words: int
    unique_share: float  # 0..1 share of its words said by no other independent outlet
    reprint_of: int | None
    reprint_of_outlet: str | None
    matched_share: float = 0.0  # share of its sentences matched to reprint_of


@dataclass(frozen=True)
class OutletStats:
    outlet: str
    tags: dict[str, str]
    article_ids: tuple[int, ...]
    words: int
    unique_share: float
    reprint_only: bool  # every article of this outlet is a reprint


@dataclass(frozen=True)
class Quote:
    """A quoted passage, grouped across outlets."""

    text: str
    speaker: str | None
    outlets: tuple[str, ...]
    article_ids: tuple[int, ...]


@dataclass(frozen=True)
class DistinctiveTerm:
    term: str
    score: float  # z-score of the weighted log-odds ratio (Monroe et al. 2008)
    count: int  # uses by this outlet


@dataclass(frozen=True)
class TimelineEntry:
    article_id: int
    outlet: str
    title: str
    when: datetime
    time_known: bool  # False: no publication time, first-seen time used instead
    delta: timedelta  # from the first article
    first: bool


@dataclass(frozen=True)
class OutletGap:
    outlet: str
    tags: dict[str, str]


@dataclass(frozen=True)
class TagGap:
    key: str
    value: str
    outlets: tuple[str, ...]  # eligible outlets with this tag, none of which covered the story


@dataclass(frozen=True)
class Gaps:
    coverage_known: bool  # False when no coverage information was given
    outlets: tuple[OutletGap, ...]
    tags: tuple[TagGap, ...]
    unknown: tuple[str, ...]  # silent outlets whose feeds do not cover the story's window


@dataclass
class Comparison:
    story_id: int
    articles: list[ArticleStats]
    outlets: list[OutletStats]
    statements: list[Statement]
    sentences: dict[int, list[SentenceInfo]]  # article id -> its sentences in order
    quotes: list[Quote]
    terms: dict[str, list[DistinctiveTerm]]
    timeline: list[TimelineEntry]
    gaps: Gaps
    independent_outlet_count: int
    window: tuple[datetime, datetime] = field(default=(datetime.min, datetime.min))

    def article(self, article_id: int) -> ArticleStats | None:
        for stats in self.articles:
            if stats.article_id == article_id:
                return stats
        return None

    def to_dict(self) -> dict:
        """JSON-ready data: datetimes as ISO 8601, timedeltas as seconds."""
        return jsonable(asdict(self))


def jsonable(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value


