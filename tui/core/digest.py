"""The daily digest: one Markdown report of the contested stories of a period.

Which stories: those active in the period (``since``; the report's own time is its end),
covered by at least ``min_outlets`` outlets, matching a filter (the stories list's `/`
language), a saved watch, the starred ones, or ids given (the app's marked stories); the most
widely covered first, then the most recent, at most ``limit`` (the front matter says when the
cap was hit). Per story, the pieces of the single brief (tui/core/export.py), shortened: the
outlets table, what most outlets say, what only one says, each outlet's distinctive terms,
coverage gaps, the analyst's note and the links. Same database, same query, same clock: the
same bytes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from datetime import datetime

import sqlite_utils

from tui.core import briefs, store

# The single brief's pieces, so a story reads the same in a brief and in a digest.
from tui.core.export import _gaps, _iso, _ordered, _overview, _table, _when, analyst_notes
from tui.core.markdown import escape_inline, markdown_link, yaml_string
from tui.core.story_filter import parse_filter
from tui.core.wording import count

SHARED_SHOWN = 3  # statements most outlets carry, per story
OWN_SHOWN = 2  # statements only one outlet carries, per outlet
OWN_MIN_WORDS = 6  # shorter lines of one outlet are bylines, captions, credits
TERMS_SHOWN = 5


@dataclass(frozen=True)
class DigestQuery:
    since: datetime | None = None
    min_outlets: int = 3
    filter_text: str = ""
    watch: str | None = None  # its saved filter is used (and named in the front matter)
    starred: bool = False
    story_ids: tuple[int, ...] = field(default=())  # these stories only (the app's marked)
    limit: int = 50


@dataclass(frozen=True)
class Digest:
    text: str
    stories: int
    capped: bool  # more stories matched than ``limit``


def build_digest(db: sqlite_utils.Database, query: DigestQuery, generated_at: datetime,
                 version: str) -> Digest:
    """The digest as Markdown. store.UnknownWatch for a watch that is not saved."""
    filter_text = store.watch_filter(db, query.watch) if query.watch else query.filter_text
    parsed = parse_filter(filter_text)
    summaries = store.story_summaries(
        db, since=query.since, min_outlets=query.min_outlets, search=parsed.search,
        terms=parsed.terms, starred_only=query.starred, order="outlets",
        limit=None if query.story_ids else query.limit + 1,
    )
    if query.story_ids:
        wanted = set(query.story_ids)
        summaries = [s for s in summaries if s.id in wanted]
    capped = len(summaries) > query.limit
    summaries = summaries[:query.limit]
    notes = store.story_notes(db, [s.id for s in summaries])
    lines = _front_matter(query, filter_text, generated_at, version, len(summaries), capped)
    period = f"since {_when(query.since)}" if query.since else "all stored stories"
    lines += [f"# Digest: {count(len(summaries), 'story', 'stories')}, {period}", ""]
    if not summaries:
        lines += ["No story matched.", ""]
    headings = [_heading(n, s.id, s.title) for n, s in enumerate(summaries, 1)]
    if summaries:
        lines += ["## Contents", ""]
        lines += [f"- [{escape_inline(h)}](#{slug(h)})" for h in headings]
        lines.append("")
    for heading, summary in zip(headings, summaries, strict=True):
        brief = briefs.read_brief(db, summary.id)
        lines += _story(heading, brief, notes.get(summary.id, ""))
    while lines and not lines[-1]:
        lines.pop()
    return Digest("\n".join(lines) + "\n", len(summaries), capped)


def _front_matter(query: DigestQuery, filter_text: str, generated_at: datetime, version: str,
                  stories: int, capped: bool) -> list[str]:
    lines = ["---", "kind: pressdiff digest"]
    if query.watch:
        lines.append(f"watch: {yaml_string(query.watch)}")
    if filter_text:
        lines.append(f"filter: {yaml_string(filter_text)}")
    if query.starred:
        lines.append("starred: true")
    if query.story_ids:
        lines.append("stories_chosen: [" + ", ".join(str(i) for i in query.story_ids) + "]")
    lines += [
        f"min_outlets: {query.min_outlets}",
        f"since: {yaml_string(_iso(query.since)) if query.since else 'null'}",
        f"until: {yaml_string(_iso(generated_at))}",
        f"generated: {yaml_string(_iso(generated_at))}",
        f"stories: {stories}",
    ]
    if capped:
        lines.append(f"capped_at: {query.limit}  # more stories matched; raise --limit")
    lines += [f"pressdiff: {yaml_string(version)}", "---", ""]
    return lines


def _heading(number: int, story_id: int, title: str) -> str:
    return f"{number}. {title or 'Untitled story'} (story {story_id})"


def slug(heading: str) -> str:
    """The anchor GitHub and most renderers give a heading: lower case, punctuation
    dropped, spaces as hyphens."""
    text = unicodedata.normalize("NFKC", heading).lower()
    text = re.sub(r"[^\w\- ]", "", text)
    return text.replace(" ", "-")


def _story(heading: str, brief: briefs.Brief, note: str) -> list[str]:
    story, comparison = brief.story, brief.comparison
    articles = _ordered(story)
    outlets = list(dict.fromkeys(a.outlet for a in articles))
    lines = [f"## {escape_inline(heading)}", ""]
    lines += _overview(comparison, articles, outlets)
    lines += _table(comparison, articles)
    shared = sorted((s for s in comparison.statements if s.shared),
                    key=lambda s: (-len(s.independent_outlets), s.id))[:SHARED_SHOWN]
    lines += ["### What most outlets say", ""]
    lines += [f"- {escape_inline(s.text)} — *{_names(s.independent_outlets)}*"
              for s in shared] or ["No statement was carried by two independent outlets."]
    lines += ["", "### What only one outlet says", ""]
    for outlet in outlets:
        own = [s for s in comparison.statements if s.independent_outlets == (outlet,)
               and not s.credit and s.words >= OWN_MIN_WORDS][:OWN_SHOWN]
        lines += [f"- **{escape_inline(outlet)}**: {escape_inline(s.text)}" for s in own]
    lines += ["", "### Distinctive terms", ""]
    for outlet in outlets:
        terms = ", ".join(escape_inline(t.term) for t in comparison.terms.get(outlet, [])
                          [:TERMS_SHOWN])
        lines.append(f"- **{escape_inline(outlet)}**: {terms or 'none stand out'}")
    lines.append("")
    lines += [_demote(line) for line in _gaps(comparison)]
    lines += [_demote(line) for line in analyst_notes(note)]
    lines += ["### Links", ""]
    lines += [f"- {escape_inline(a.outlet)}: {markdown_link(a.title or a.url, a.url)} "
              f"(fetched {_when(a.fetched_at)})" for a in articles]
    return [*lines, ""]


def _names(outlets: tuple[str, ...]) -> str:
    return ", ".join(escape_inline(o) for o in outlets)


def _demote(line: str) -> str:
    """A brief's section heading one level down, under the story's heading."""
    return "#" + line if line.startswith("## ") else line
