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

from __future__ import annotations

import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import asdict, dataclass, field
from datetime import datetime, timedelta

from rapidfuzz import fuzz

from tui.core.models import Article, OutletCoverage, Story
from tui.core.sanitize import clean_line, clean_text

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


@dataclass(frozen=True)
class Statement:
    """A sentence, or a group of near-identical sentences from several articles."""

    id: int
    text: str  # the earliest article's wording
    outlets: tuple[str, ...]  # every outlet that printed it, first publisher first
    independent_outlets: tuple[str, ...]  # reprints folded into their source outlet
    article_ids: tuple[int, ...]
    words: int

    @property
    def shared(self) -> bool:
        return len(self.independent_outlets) >= 2


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
        return _jsonable(asdict(self))


def _jsonable(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, timedelta):
        return value.total_seconds()
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


# --------------------------------------------------------------------------- sentences

_ABBREVIATIONS = frozenset(
    """mr mrs ms dr prof gen col lt sgt capt cmdr adm gov sen rep pres st jr sr rev hon
    jan feb mar apr jun jul aug sep sept oct nov dec mon tue tues wed thu thur fri sat sun
    no nos vs etc inc ltd co corp plc dept est approx fig vol ch art para sec cf al e.g i.e
    a.m p.m u.s u.k u.n e.u u.s.a""".split()
)
# Words that, after a dotted acronym ("the U.N."), show a new sentence begins.
_SENTENCE_STARTERS = frozenset(
    """the a an in on at it he she they we i this that these those there but and or
    however meanwhile after before when while his her their its our""".split()
)
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+)")
_NEXT_START = re.compile(r"\s+[\"'“‘(\[]*([\w]+)")
_OPEN_QUOTES = {"“": "”", "«": "»"}
_LAST_WORD = re.compile(r"([\w.]+)$")


def split_sentences(text: str) -> list[str]:
    """Split prose into sentences: paragraphs first, then at . ! ? followed by a capital.

    Abbreviations (Mr., Jan., U.N.), initials (J. Smith) and decimals (7.25) do not end a
    sentence; punctuation inside an open quotation does not either, unless the quotation is
    never closed in the paragraph.
    """
    return [sentence for _, sentence in split_paragraph_sentences(text)]


def split_paragraph_sentences(text: str) -> list[tuple[int, str]]:
    """(paragraph number, sentence) pairs; each non-empty line counts as a paragraph."""
    sentences: list[tuple[int, str]] = []
    lines = (line.strip() for line in clean_text(text).split("\n"))
    for number, paragraph in enumerate(line for line in lines if line):
        parts = _split_paragraph(paragraph, respect_quotes=True)
        if len(parts) == 1 and len(paragraph) > 400:
            # One huge "sentence" is more likely a stray quote mark than a 400-character quote.
            parts = _split_paragraph(paragraph, respect_quotes=False)
        sentences.extend((number, p) for p in parts if p)
    return sentences


def _split_paragraph(paragraph: str, respect_quotes: bool) -> list[str]:
    parts: list[str] = []
    start = scanned = 0
    # Quote marks seen since the current sentence began, updated incrementally so a long
    # paragraph stays linear.
    marks = dict.fromkeys('"“”«»', 0)
    for match in _BOUNDARY.finditer(paragraph):
        end = match.end()
        if not _is_boundary(paragraph, start, match.start(), end):
            continue
        if respect_quotes:
            for mark in marks:
                marks[mark] += paragraph.count(mark, scanned, end)
            scanned = end
            if _open_quote(marks):
                continue
            marks = dict.fromkeys(marks, 0)
        parts.append(paragraph[start:end].strip())
        start = end
    parts.append(paragraph[start:].strip())
    if respect_quotes and len(parts) == 1 and _open_quote(
        {m: paragraph.count(m) for m in '"“”«»'}
    ):
        # A quotation never closed (or a stray quote mark): ignore quotes rather than
        # swallowing the whole paragraph as one sentence.
        return _split_paragraph(paragraph, respect_quotes=False)
    return [p for p in parts if p]


def _open_quote(marks: dict[str, int]) -> bool:
    if marks['"'] % 2 == 1:
        return True
    return any(marks[o] > marks[c] for o, c in _OPEN_QUOTES.items())


def _is_boundary(text: str, start: int, dot: int, end: int) -> bool:
    following = _NEXT_START.match(text, end)
    if not following:
        return False
    nxt = following.group(1)
    if not (nxt[0].isupper() or nxt[0].isdigit()):
        return False
    if text[dot] != ".":
        return True  # ! ? … are never abbreviations
    word_match = _LAST_WORD.search(text, max(start, dot - 40), dot)
    word = word_match.group(1).lower() if word_match else ""
    if not word:
        return True
    if len(word) == 1 and word.isalpha():
        return False  # an initial: "J. Smith"
    before_word = dot - len(word)
    if word.isdigit() and before_word - start <= 4 and not text[start:before_word].strip():
        return False  # a list number opening a sentence: "1. The first point"
    if word in _ABBREVIATIONS or "." in word:
        # "the U.N. The ministry..." ends a sentence; "U.N. officials" does not.
        dotted = "." in word or word in {"u.s", "u.k", "u.n", "e.u"}
        return dotted and nxt.lower() in _SENTENCE_STARTERS
    return True


# --------------------------------------------------------------------------- tokens

_TOKEN = re.compile(r"[^\W_](?:[\w'’\-]*[^\W_])?")
_STOP_WORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been
    before being below between both but by can could did do does doing down during each few
    for from further had has have having he her here hers herself him himself his how i if in
    into is it its itself just me more most my myself no nor not now of off on once only or
    other our ours ourselves out over own same she should so some such than that the their
    theirs them themselves then there these they this those through to too under until up
    very was we were what when where which while who whom why will with would you your yours
    yourself yourselves said says say saying told tell according would could may might must
    shall one two three also since per yet via however among amid within without around upon
    mr mrs ms dr new year years last week day days monday tuesday wednesday thursday friday
    saturday sunday s t don didn doesn isn wasn weren won wouldn
    still even many much time times least case named ask asked spent like well make made take
    took first second next way part lot get got set put ever never already today whether
    several including another others""".split()
)


def _tokens(text: str) -> list[str]:
    """Lowercased word tokens; curly apostrophes unified, possessive 's dropped."""
    out = []
    for raw in _TOKEN.findall(text.lower().replace("’", "'")):
        if raw.endswith("'s"):
            raw = raw[:-2]
        raw = raw.strip("'-")
        if raw:
            out.append(raw)
    return out


def _informative(tokens: Iterable[str]) -> set[str]:
    return {t for t in tokens if t not in _STOP_WORDS and (len(t) > 2 or t.isdigit())}


# --------------------------------------------------------------------------- alignment


@dataclass
class _Sentence:
    article: int  # position of the article in the story
    index: int
    paragraph: int
    text: str
    norm: str
    words: int
    informative: set[str]


class _UnionFind:
    def __init__(self, size: int) -> None:
        self.parent = list(range(size))

    def find(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def union(self, a: int, b: int) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _similar(a: _Sentence, b: _Sentence, threshold: float) -> bool:
    """Near-identical or closely paraphrased (reordered clauses, a word added or swapped)."""
    score = fuzz.token_sort_ratio(a.norm, b.norm, score_cutoff=threshold)
    if score:
        return True
    short, long_ = sorted((len(a.informative), len(b.informative)))
    # token_set_ratio forgives added words (a clause appended to a wire sentence); only trust it
    # between similar lengths or for long sentences, or a short sentence would "match" any
    # longer one that contains its few words.
    if long_ and (short / long_ >= 0.75 or (short >= 6 and short / long_ >= 0.55)):
        return bool(fuzz.token_set_ratio(a.norm, b.norm, score_cutoff=threshold + 5))
    return False


def _candidate_pairs(token_sets: list[set[str]], block_tokens: int) -> list[tuple[int, int]]:
    """Pairs (i < j) worth scoring, found through an inverted index of informative tokens.

    A candidate holds at least half of one member's rarest tokens (looked up from both sides, so
    a short sentence or quote excerpt finds the longer text that embeds it). Tokens found in a
    large share of the texts block nothing and are skipped, which keeps this near-linear.
    """
    postings: dict[str, list[int]] = defaultdict(list)
    for i, tokens in enumerate(token_sets):
        for token in tokens:
            postings[token].append(i)
    cap = max(40, len(token_sets) // 10)
    seen: set[tuple[int, int]] = set()
    for i, tokens in enumerate(token_sets):
        rare = sorted(
            (t for t in tokens if len(postings[t]) <= cap), key=lambda t: (len(postings[t]), t)
        )[:block_tokens]
        if not rare:
            continue
        counts: Counter[int] = Counter()
        for token in rare:
            counts.update(postings[token])
        need = max(min(2, len(rare)), math.ceil(len(rare) / 2))
        for j, shared in counts.items():
            if shared >= need and j != i:
                seen.add((i, j) if i < j else (j, i))
    return sorted(seen)


def _match_pairs(sentences: list[_Sentence], options: CompareOptions) -> list[tuple[int, int]]:
    """Pairs of matching sentences from different articles; only blocked candidates are scored
    with rapidfuzz."""
    usable = [i for i, s in enumerate(sentences)
              if len(s.informative) >= options.min_match_tokens]
    pairs: list[tuple[int, int]] = []
    for a, b in _candidate_pairs([sentences[i].informative for i in usable],
                                 options.block_tokens):
        first, other = sentences[usable[a]], sentences[usable[b]]
        if first.article == other.article:
            continue
        overlap = len(first.informative & other.informative)
        if overlap * 2 < min(len(first.informative), len(other.informative)):
            continue  # too few words in common for any rapidfuzz score above the threshold
        if _similar(first, other, options.match_threshold):
            pairs.append((usable[a], usable[b]))
    return pairs


def _norm(text: str) -> str:
    return " ".join(_tokens(text))


# --------------------------------------------------------------------------- reprints


def _detect_reprints(
    articles: list[Article],
    by_article: list[list[int]],
    partners: dict[int, set[int]],
    sentences: list[_Sentence],
    options: CompareOptions,
) -> dict[int, tuple[int, float]]:
    """Article position -> (source article position, matched share) for wire copies."""
    reprints: dict[int, tuple[int, float]] = {}
    for a, own in enumerate(by_article):
        if not own:
            continue
        per_source: Counter[int] = Counter()
        for i in own:
            for b in {sentences[j].article for j in partners.get(i, ())}:
                per_source[b] += 1
        best: tuple[float, int] | None = None
        for b, matched in sorted(per_source.items()):  # earliest source wins a tie
            if articles[b].outlet == articles[a].outlet or not _earlier(articles, b, a):
                continue
            share = matched / len(own)
            if share >= options.reprint_share and (best is None or share > best[0]):
                best = (share, b)
        if best:
            reprints[a] = (best[1], best[0])
    return reprints


def _earlier(articles: list[Article], b: int, a: int) -> bool:
    """True when article b came out before article a (ids break exact ties)."""
    return (articles[b].when, articles[b].id) < (articles[a].when, articles[a].id)


# --------------------------------------------------------------------------- quotes

_QUOTE_RE = re.compile(r"“([^”\n]+)”|\"([^\"\n]+)\"|«([^»\n]+)»")
_VERBS = (
    r"(?:said|says|told|added|stated|declared|warned|wrote|insisted|argued|noted|explained|"
    r"stressed|urged|claimed|announced|replied|asked|tweeted|posted)"
)
_NAME = (
    r"(?:[A-Z][\w'’\-]+|[A-Z]\.)(?:\s+(?:[A-Z][\w'’\-]+|[A-Z]\.|de|van|von|al|bin|el|da|"
    r"of the|of))*"
)
_BODY = (
    r"(?:ministry|government|spokesman|spokeswoman|spokesperson|statement|office|agency|"
    r"embassy|president|minister|official|officials|court|police|army|committee|"
    r"organisation|organization|group|company|union|authorities|mission|presidency)"
)
_ENTITY = rf"(?:[Tt]he\s+(?:[\w\-'’]+\s+){{0,3}}?{_BODY}|{_NAME})"
_AFTER = re.compile(
    rf"^[\s,.!?—–-]*(?:{_VERBS}\s+(?P<a>{_ENTITY})|(?P<b>{_ENTITY})\s+{_VERBS})\b"
)
_BEFORE = re.compile(rf"(?P<c>{_ENTITY})\s+{_VERBS}(?:\s+[\w'’]+){{0,3}}?\s*[:,]?\s*$")
_ACCORDING = re.compile(rf"[Aa]ccording to (?P<d>{_ENTITY})")
_NOT_NAMES = frozenset(
    "The He She They It We I This That A An But And In On At As If When While Our His Her "
    "Their Its Officials Critics".split()
)


_PRONOUN = "\x00pronoun"  # "he said": resolved from the context by extract_quotes
_PRONOUN_AFTER = re.compile(rf"^[\s,.!?—–-]*(?:(?:he|she)\s+{_VERBS}|{_VERBS}\s+(?:he|she))\b")
_PRONOUN_BEFORE = re.compile(rf"\b(?:[Hh]e|[Ss]he)\s+{_VERBS}(?:\s+[\w'’]+){{0,3}}?\s*[:,]?\s*$")
# "Marta Kowalczyk, director of ..., said her group ..." / "Hasanova said the closures ..."
_SUBJECT_SAID = re.compile(rf"(?:^|[.!?]\s+)(?P<s>{_NAME})(?:,[^\"“”]{{0,160}}?,)?\s+{_VERBS}\b")


def extract_quotes(text: str, min_words: int = 4) -> list[tuple[str, str | None]]:
    """Quoted passages of at least ``min_words`` words and, where the text says, the speaker.

    "..., she said" takes the person who last spoke in that paragraph (or the one before); a
    quote with no attribution right after another quote in the paragraph continues it.
    """
    found: list[tuple[str, str | None]] = []
    previous_paragraph_speaker: str | None = None
    for paragraph in clean_text(text).split("\n"):
        last: str | None = None
        for match in _QUOTE_RE.finditer(paragraph):
            quoted = next(g for g in match.groups() if g is not None)
            quoted = quoted.strip().rstrip(",").strip()
            if len(quoted.split()) < min_words:
                continue
            speaker = _speaker(paragraph, match.start(), match.end())
            if speaker == _PRONOUN:
                speaker = _subject_before(paragraph, match.start()) or last or (
                    previous_paragraph_speaker)
            elif speaker is None:
                speaker = last
            found.append((quoted, speaker))
            last = speaker or last
        if paragraph.strip():
            previous_paragraph_speaker = last or _subject_before(paragraph, len(paragraph))
    return _full_names(found)


def _full_names(found: list[tuple[str, str | None]]) -> list[tuple[str, str | None]]:
    """Second references use the surname ("Hasanova said"); give the full name seen earlier."""
    full: dict[str, str] = {}
    result = []
    for quoted, speaker in found:
        if speaker and " " in speaker and not speaker.startswith("the "):
            full.setdefault(speaker.split()[-1], speaker)
        elif speaker in full:
            speaker = full[speaker]
        result.append((quoted, speaker))
    return result


def _subject_before(paragraph: str, position: int) -> str | None:
    window = paragraph[max(0, position - 600) : position]
    names = [_clean_speaker(m.group("s")) for m in _SUBJECT_SAID.finditer(window)]
    names = [n for n in names if n and not n.startswith("the ")]
    return names[-1] if names else None


def _speaker(paragraph: str, start: int, end: int) -> str | None:
    tail = paragraph[end : end + 120]
    after = _AFTER.match(tail)
    if after:
        name = _clean_speaker(after.group("a") or after.group("b"))
        if name:
            return name
    if _PRONOUN_AFTER.match(tail):
        return _PRONOUN
    before_text = re.split(r"(?<=[.!?])\s+", paragraph[max(0, start - 160) : start])[-1]
    before = _BEFORE.search(before_text)
    if before:
        name = _clean_speaker(before.group("c"))
        if name:
            return name
    if _PRONOUN_BEFORE.search(before_text):
        return _PRONOUN
    # The sentence around the quote, within a bounded window so long paragraphs stay linear.
    lo, hi = max(0, start - 300), min(len(paragraph), end + 300)
    sentence_start = max(paragraph.rfind(". ", lo, start), lo)
    sentence_end = paragraph.find(". ", end, hi)
    sentence = paragraph[sentence_start : sentence_end if sentence_end != -1 else hi]
    according = _ACCORDING.search(sentence)
    if according:
        return _clean_speaker(according.group("d"))
    return None


def _clean_speaker(name: str | None) -> str | None:
    if not name:
        return None
    words = name.split()
    while words and words[0] in _NOT_NAMES and not name.lower().startswith("the "):
        words = words[1:]
    while words and words[-1].lower() in {"of", "of the", "the", "de", "van", "von"}:
        words = words[:-1]
    if not words:
        return None
    cleaned = " ".join(words)
    if cleaned.lower().startswith("the "):
        cleaned = "the " + cleaned[4:]
    return clean_line(cleaned, limit=120) or None


def _group_quotes(
    found: list[tuple[Article, str, str | None]], threshold: float
) -> list[Quote]:
    """Group the same quotation across articles; a shorter excerpt joins the longer quote."""
    if not found:
        return []
    norms = [_norm(text) for _, text, _ in found]
    uf = _UnionFind(len(found))
    # token_set_ratio lets an excerpt join the full quotation it was cut from.
    token_sets = [_informative(n.split()) for n in norms]
    for i, j in _candidate_pairs(token_sets, block_tokens=6):
        if uf.find(i) != uf.find(j) and fuzz.token_set_ratio(
            norms[i], norms[j], score_cutoff=threshold
        ):
            uf.union(i, j)
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(found)):
        groups[uf.find(i)].append(i)
    quotes: list[tuple[int, Quote]] = []
    for members in groups.values():
        members.sort(key=lambda i: (found[i][0].when, found[i][0].id, i))
        # The longest wording is the fullest version of the quote.
        text = max((found[i][1] for i in members), key=lambda t: (len(t), t))
        speakers = Counter(found[i][2] for i in members if found[i][2])
        speaker = min(speakers, key=lambda s: (-speakers[s], s)) if speakers else None
        outlets = tuple(dict.fromkeys(found[i][0].outlet for i in members))
        ids = tuple(dict.fromkeys(found[i][0].id for i in members))
        quote = Quote(text=text, speaker=speaker, outlets=outlets, article_ids=ids)
        quotes.append((min(members), quote))
    # Most widely carried first, then in reading order of the first article that has it.
    quotes.sort(key=lambda item: (-len(item[1].outlets), item[0]))
    return [quote for _, quote in quotes]


# --------------------------------------------------------------------------- distinctive terms


def _terms(tokens: list[str]) -> list[str]:
    """Unigrams and bigrams of content words (stop words and bare numbers removed)."""
    content = [t if (t not in _STOP_WORDS and not t.isdigit() and len(t) > 2) else None
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


# --------------------------------------------------------------------------- timeline & gaps


def _timeline(articles: list[Article]) -> list[TimelineEntry]:
    ordered = sorted(articles, key=lambda a: (a.when, a.outlet, a.id))
    if not ordered:
        return []
    first = ordered[0].when
    return [
        TimelineEntry(
            article_id=a.id,
            outlet=a.outlet,
            title=a.title,
            when=a.when,
            time_known=a.published is not None,
            delta=a.when - first,
            first=i == 0,
        )
        for i, a in enumerate(ordered)
    ]


def _gaps(story: Story, coverage: Sequence[OutletCoverage]) -> Gaps:
    covered = {a.outlet for a in story.articles}
    covered_tags = {(k, v) for a in story.articles for k, v in a.outlet_tags.items()}
    start, end = story.first_seen, story.last_seen
    gap_outlets: list[OutletGap] = []
    unknown: list[str] = []
    eligible_by_tag: dict[tuple[str, str], list[str]] = defaultdict(list)
    for cov in sorted(coverage, key=lambda c: c.outlet):
        if cov.outlet in covered:
            continue
        eligible = (
            cov.last_ok_fetch is not None
            and cov.last_ok_fetch >= start
            and cov.oldest_item is not None
            and cov.newest_item is not None
            and cov.oldest_item <= end
            and cov.newest_item >= start
        )
        if not eligible:
            unknown.append(cov.outlet)
            continue
        gap_outlets.append(OutletGap(outlet=cov.outlet, tags=dict(cov.tags)))
        for key, value in cov.tags.items():
            eligible_by_tag[(key, value)].append(cov.outlet)
    tag_gaps = tuple(
        TagGap(key=k, value=v, outlets=tuple(outlets))
        for (k, v), outlets in sorted(eligible_by_tag.items())
        if (k, v) not in covered_tags
    )
    return Gaps(
        coverage_known=bool(coverage),
        outlets=tuple(gap_outlets),
        tags=tag_gaps,
        unknown=tuple(unknown),
    )


# --------------------------------------------------------------------------- entry point


def compare_story(
    story: Story,
    coverage: Sequence[OutletCoverage] = (),
    options: CompareOptions = CompareOptions(),  # noqa: B008 - frozen, safe as a default
) -> Comparison:
    """Compare every article of ``story`` with the others (see the module docstring)."""
    articles = sorted(story.articles, key=lambda a: (a.when, a.id))
    sentences, by_article = _sentences(articles)

    partners: dict[int, set[int]] = defaultdict(set)
    uf = _UnionFind(len(sentences))
    for i, j in _match_pairs(sentences, options):
        partners[i].add(j)
        partners[j].add(i)
        uf.union(i, j)

    reprints = _detect_reprints(articles, by_article, partners, sentences, options)
    source_outlet = _attribute(articles, sentences, by_article, partners, reprints)
    statements, statement_of = _build_statements(sentences, articles, uf, source_outlet)
    stats, infos, own_words = _article_stats(
        articles, sentences, by_article, statements, statement_of, reprints
    )
    outlet_stats = _outlet_stats(articles, stats, infos, own_words)
    counts = _term_counts(articles, sentences, source_outlet, reprints)
    found = [(a, text, speaker) for a in articles
             for text, speaker in extract_quotes(a.text, options.quote_min_words)]
    return Comparison(
        story_id=story.id,
        articles=stats,
        outlets=outlet_stats,
        statements=statements,
        sentences=infos,
        quotes=_group_quotes(found, options.quote_threshold),
        terms=distinctive_terms(counts, options.term_min_count, options.term_min_score,
                                options.term_limit, options.term_min_ratio),
        timeline=_timeline(articles),
        gaps=_gaps(story, coverage),
        independent_outlet_count=len({o.outlet for o in outlet_stats if not o.reprint_only}),
        window=(story.first_seen, story.last_seen),
    )


def _sentences(articles: list[Article]) -> tuple[list[_Sentence], list[list[int]]]:
    """All sentences, numbered in (article time, position) order, and each article's share."""
    sentences: list[_Sentence] = []
    by_article: list[list[int]] = []
    for pos, article in enumerate(articles):
        own = []
        for index, (paragraph, text) in enumerate(split_paragraph_sentences(article.text)):
            tokens = _tokens(text)
            own.append(len(sentences))
            sentences.append(_Sentence(pos, index, paragraph, text, " ".join(tokens),
                                       len(text.split()), _informative(tokens)))
        by_article.append(own)
    return sentences, by_article


def _attribute(
    articles: list[Article],
    sentences: list[_Sentence],
    by_article: list[list[int]],
    partners: dict[int, set[int]],
    reprints: dict[int, tuple[int, float]],
) -> list[str]:
    """Who each sentence really comes from: a reprint's copied sentences belong to its source.

    Positions follow publication time, so a source's own attributions are settled before its
    reprints copy them: a reprint of a reprint of the wire ends up crediting the wire.
    """
    source_outlet = [articles[s.article].outlet for s in sentences]
    for a in sorted(reprints):
        source = reprints[a][0]
        for i in by_article[a]:
            copied = sorted(j for j in partners.get(i, ()) if sentences[j].article == source)
            if copied:
                source_outlet[i] = source_outlet[copied[0]]
    return source_outlet


def _article_stats(
    articles: list[Article],
    sentences: list[_Sentence],
    by_article: list[list[int]],
    statements: list[Statement],
    statement_of: list[int],
    reprints: dict[int, tuple[int, float]],
) -> tuple[list[ArticleStats], dict[int, list[SentenceInfo]], dict[int, int]]:
    """Per article: own share, reprint source, and its sentences marked shared or own."""
    stats: list[ArticleStats] = []
    infos: dict[int, list[SentenceInfo]] = {}
    own_words: dict[int, int] = {}
    for pos, article in enumerate(articles):
        marked = []
        for i in by_article[pos]:
            statement = statements[statement_of[i]]
            shared = any(o != article.outlet for o in statement.independent_outlets)
            s = sentences[i]
            marked.append(SentenceInfo(s.index, s.paragraph, s.text, s.words, statement.id,
                                       shared))
        infos[article.id] = marked
        total = sum(s.words for s in marked)
        own_words[article.id] = sum(s.words for s in marked if not s.shared)
        source = reprints.get(pos)
        stats.append(ArticleStats(
            article_id=article.id,
            outlet=article.outlet,
            words=article.word_count,
            unique_share=round(own_words[article.id] / total, 4) if total else 0.0,
            reprint_of=articles[source[0]].id if source else None,
            reprint_of_outlet=articles[source[0]].outlet if source else None,
            matched_share=round(source[1], 4) if source else 0.0,
        ))
    return stats, infos, own_words


def _term_counts(
    articles: list[Article],
    sentences: list[_Sentence],
    source_outlet: list[str],
    reprints: dict[int, tuple[int, float]],
) -> dict[str, Counter[str]]:
    """Each outlet's term counts over its own words (copied wire text says nothing about the
    reprinter) plus its headlines, the outlet's sharpest framing ("self-isolation")."""
    counts: dict[str, Counter[str]] = {a.outlet: Counter() for a in articles}
    # Datelines and credits ("(Caspian Wire) -") name outlets; a name is not vocabulary.
    drop_names = _name_remover({a.outlet for a in articles})
    for i, s in enumerate(sentences):
        outlet = articles[s.article].outlet
        if source_outlet[i] == outlet:
            counts[outlet].update(_terms(drop_names(s.norm).split()))
    for pos, a in enumerate(articles):
        # Skip a headline that is the text itself, or a reprint's (its source's headline).
        if a.text_source != "title" and pos not in reprints:
            counts[a.outlet].update(_terms(drop_names(_norm(a.title)).split()))
    return dict(sorted(counts.items()))


def _name_remover(outlets: set[str]) -> Callable[[str], str]:
    """Replace outlet names in normalised text by a stop word (which also breaks bigrams)."""
    phrases = set()
    for outlet in outlets:
        words = _tokens(outlet)
        if words and words[0] == "the":
            words = words[1:]
        if words:
            phrases.add(" ".join(words))
    if not phrases:
        return lambda text: text
    pattern = re.compile(
        r"\b(?:" + "|".join(re.escape(p) for p in sorted(phrases, key=len, reverse=True)) + r")\b"
    )
    return lambda text: pattern.sub("the", text)


def _build_statements(
    sentences: list[_Sentence], articles: list[Article], uf: _UnionFind, source_outlet: list[str]
) -> tuple[list[Statement], list[int]]:
    groups: dict[int, list[int]] = defaultdict(list)
    for i in range(len(sentences)):
        groups[uf.find(i)].append(i)
    statements: list[Statement] = []
    statement_of = [0] * len(sentences)
    # Sentences are numbered in (article time, position) order, so the group's first member is
    # the earliest wording and statements come out in reading order of the first publisher.
    for root in sorted(groups, key=lambda r: groups[r][0]):
        members = groups[root]
        first = sentences[members[0]]
        outlets = tuple(dict.fromkeys(articles[sentences[i].article].outlet for i in members))
        independent = tuple(dict.fromkeys(source_outlet[i] for i in members))
        ids = tuple(dict.fromkeys(articles[sentences[i].article].id for i in members))
        sid = len(statements)
        statements.append(Statement(sid, first.text, outlets, independent, ids, first.words))
        for i in members:
            statement_of[i] = sid
    return statements, statement_of


def _outlet_stats(
    articles: list[Article],
    stats: list[ArticleStats],
    infos: dict[int, list[SentenceInfo]],
    own_words: dict[int, int],
) -> list[OutletStats]:
    result = []
    for outlet in dict.fromkeys(a.outlet for a in articles):
        mine = [s for s in stats if s.outlet == outlet]
        tags = next(a.outlet_tags for a in articles if a.outlet == outlet)
        total = sum(w.words for s in mine for w in infos[s.article_id])
        unique = sum(own_words[s.article_id] for s in mine)
        result.append(
            OutletStats(
                outlet=outlet,
                tags=dict(tags),
                article_ids=tuple(s.article_id for s in mine),
                words=sum(s.words for s in mine),
                unique_share=round(unique / total, 4) if total else 0.0,
                reprint_only=all(s.reprint_of is not None for s in mine),
            )
        )
    return result


def sentence_marks(comparison: Comparison, article_id: int) -> list[tuple[str, bool]]:
    """Each sentence of the article in order, True when another independent outlet said it too
    (a reprint's copied sentences are marked: its source said them)."""
    return [(s.text, s.shared) for s in comparison.sentences.get(article_id, [])]
