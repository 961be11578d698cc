"""``compare_story``: the comparison of one story's articles assembled from its parts."""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Callable, Sequence

from rapidfuzz import fuzz

from tui.core.compare.alignment import (
    Sentence,
    UnionFind,
    changed_spans,
    detect_reprints,
    match_pairs,
    normalised,
)
from tui.core.compare.coverage import coverage_gaps, timeline
from tui.core.compare.quotes import extract_quotes, group_quotes
from tui.core.compare.records import (
    ArticleStats,
    CompareOptions,
    Comparison,
    OutletStats,
    SentenceInfo,
    Statement,
)
from tui.core.compare.sentences import split_paragraph_sentences
from tui.core.compare.terms import distinctive_terms, term_phrases
from tui.core.compare.tokens import informative, tokenize
from tui.core.models import Article, OutletCoverage, Story

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
    uf = UnionFind(len(sentences))
    for i, j in match_pairs(sentences, options):
        partners[i].add(j)
        partners[j].add(i)
        uf.union(i, j)

    reprints = detect_reprints(articles, by_article, partners, sentences, options)
    source_outlet = _attribute(articles, sentences, by_article, partners, reprints)
    statements, statement_of = _build_statements(sentences, articles, uf, source_outlet)
    stats, infos, own_words = _article_stats(
        articles, sentences, by_article, statements, statement_of, reprints, partners
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
        quotes=group_quotes(found, options.quote_threshold),
        terms=distinctive_terms(counts, options.term_min_count, options.term_min_score,
                                options.term_limit, options.term_min_ratio),
        timeline=timeline(articles),
        gaps=coverage_gaps(story, coverage),
        independent_outlet_count=len({o.outlet for o in outlet_stats if not o.reprint_only}),
        window=(story.first_seen, story.last_seen),
    )


def _sentences(articles: list[Article]) -> tuple[list[Sentence], list[list[int]]]:
    """All sentences, numbered in (article time, position) order, and each article's share."""
    sentences: list[Sentence] = []
    by_article: list[list[int]] = []
    names = {" ".join(tokenize(a.outlet)) for a in articles}
    for pos, article in enumerate(articles):
        own = []
        for index, (paragraph, text) in enumerate(split_paragraph_sentences(article.text)):
            tokens = tokenize(text)
            norm = " ".join(tokens)
            own.append(len(sentences))
            sentences.append(Sentence(pos, index, paragraph, text, norm, len(text.split()),
                                      informative(tokens), credit=norm in names))
        by_article.append(own)
    return sentences, by_article


def _attribute(
    articles: list[Article],
    sentences: list[Sentence],
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
    sentences: list[Sentence],
    by_article: list[list[int]],
    statements: list[Statement],
    statement_of: list[int],
    reprints: dict[int, tuple[int, float]],
    partners: dict[int, set[int]],
) -> tuple[list[ArticleStats], dict[int, list[SentenceInfo]], dict[int, int]]:
    """Per article: own share, reprint source, and its sentences marked shared or own, with
    who else says them, their closest wording elsewhere and the words that differ."""
    stats: list[ArticleStats] = []
    infos: dict[int, list[SentenceInfo]] = {}
    own_words: dict[int, int] = {}
    for pos, article in enumerate(articles):
        marked = []
        for i in by_article[pos]:
            statement = statements[statement_of[i]]
            s = sentences[i]
            echoes = tuple(o for o in statement.independent_outlets if o != article.outlet)
            shared = bool(echoes) and not s.credit
            closest, changed = _closest(i, sentences, partners, articles, set(echoes))
            # Words are lit where an outlet departs from wording someone published first;
            # the first publisher's own words are the reference, not a departure.
            departs = shared and statement.independent_outlets[0] != article.outlet
            marked.append(SentenceInfo(s.index, s.paragraph, s.text, s.words, statement.id,
                                       shared, echoes if not s.credit else (), closest,
                                       changed if departs else (), s.credit))
        infos[article.id] = marked
        total = sum(s.words for s in marked if not s.credit)
        own_words[article.id] = sum(s.words for s in marked if not s.shared and not s.credit)
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


def _closest(i: int, sentences: list[Sentence], partners: dict[int, set[int]],
             articles: list[Article], echoes: set[str] = frozenset()
             ) -> tuple[tuple[int, int] | None, tuple[tuple[int, int], ...]]:
    """The closest wording of sentence ``i`` in another outlet's article (its position as
    (article id, sentence index)) and the spans of ``i``'s words that it lacks. An
    independent outlet (one of ``echoes``) is preferred to a reprint of the same copy,
    whose identical wording would say nothing."""
    mine = sentences[i]
    outlet = articles[mine.article].outlet
    others = [j for j in partners.get(i, ()) if articles[sentences[j].article].outlet != outlet]
    independent = [j for j in others if articles[sentences[j].article].outlet in echoes]
    others = independent or others
    if not others:
        return None, ()
    best = max(others, key=lambda j: (fuzz.ratio(mine.norm, sentences[j].norm), -j))
    other = sentences[best]
    return (articles[other.article].id, other.index), changed_spans(mine.text, other.text)


def _term_counts(
    articles: list[Article],
    sentences: list[Sentence],
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
            counts[outlet].update(term_phrases(drop_names(s.norm).split()))
    for pos, a in enumerate(articles):
        # Skip a headline that is the text itself, or a reprint's (its source's headline).
        if a.text_source != "title" and pos not in reprints:
            counts[a.outlet].update(term_phrases(drop_names(normalised(a.title)).split()))
    return dict(sorted(counts.items()))


def _name_remover(outlets: set[str]) -> Callable[[str], str]:
    """Replace outlet names in normalised text by a stop word (which also breaks bigrams)."""
    phrases = set()
    for outlet in outlets:
        words = tokenize(outlet)
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
    sentences: list[Sentence], articles: list[Article], uf: UnionFind, source_outlet: list[str]
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
        statements.append(Statement(sid, first.text, outlets, independent, ids, first.words,
                                    credit=first.credit))
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


def sentence_marks(comparison: Comparison, article_id: int) -> list[SentenceInfo]:
    """Each sentence of the article in order: shared when another independent outlet said it
    too (a reprint's copied sentences are: its source said them), who else did, and the
    words that differ from the closest wording."""
    return list(comparison.sentences.get(article_id, []))

