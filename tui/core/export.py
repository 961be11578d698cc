"""Render a story comparison as a Markdown brief an analyst can cite, and write it safely.

Output is CommonMark with GitHub tables and YAML front matter; every feed-supplied string is
sanitised and escaped so it can never become a link, HTML, a heading or break the table.
"""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from tui.core.compare import Comparison, Statement
from tui.core.files import ExportError, default_filename, write_export
from tui.core.markdown import (
    escape_inline,
    escape_line,
    markdown_link,
    table_cell,
    yaml_string,
)
from tui.core.models import Article, Story
from tui.core.sanitize import clean_line, clean_text

__all__ = [
    "ExportError",
    "default_filename",
    "escape_inline",
    "escape_line",
    "markdown_link",
    "render_markdown",
    "write_export",
    "yaml_string",
]


# --------------------------------------------------------------------------- formatting helpers


def _utc(value: datetime) -> datetime:
    return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


def _when(value: datetime | None) -> str:
    return _utc(value).strftime("%Y-%m-%d %H:%M UTC") if value else "unknown"


def _iso(value: datetime) -> str:
    return _utc(value).strftime("%Y-%m-%dT%H:%M:%SZ")


def _delta(value: timedelta) -> str:
    minutes = int(value.total_seconds() // 60)
    days, rest = divmod(minutes, 24 * 60)
    hours, mins = divmod(rest, 60)
    parts = []
    if days:
        parts.append(f"{days} d")
    if hours:
        parts.append(f"{hours} h")
    if mins or not parts:
        parts.append(f"{mins} min")
    return "+" + " ".join(parts)


def _tags(tags: dict[str, str]) -> str:
    return ", ".join(f"{clean_line(k)}={clean_line(v)}" for k, v in sorted(tags.items()))


def _percent(share: float) -> str:
    return f"{round(share * 100)}%"


def _outlets(names: tuple[str, ...] | list[str]) -> str:
    return ", ".join(escape_inline(n) for n in names)


_SOURCES = {"page": "page text", "summary": "feed summary", "title": "headline only"}


# --------------------------------------------------------------------------- rendering


def render_markdown(
    story: Story, comparison: Comparison, generated_at: datetime, version: str, note: str = ""
) -> str:
    """The whole brief. Same input, same bytes: every list has a fully specified order."""
    articles = _ordered(story)
    outlets = list(dict.fromkeys(a.outlet for a in articles))
    lines: list[str] = []
    lines += _front_matter(story, articles, outlets, generated_at, version)
    lines += [f"# {escape_inline(story.title) or 'Untitled story'}", ""]
    lines += _overview(comparison, articles, outlets)
    lines += analyst_notes(note)
    lines += _table(comparison, articles)
    lines += _timeline(comparison)
    lines += _several(comparison)
    lines += _one_only(comparison, outlets)
    lines += _quotes(comparison, outlets)
    lines += _terms(comparison, outlets)
    lines += _gaps(comparison)
    lines += _articles(comparison, articles)
    while lines and not lines[-1]:
        lines.pop()
    return "\n".join(lines) + "\n"


def analyst_notes(note: str) -> list[str]:
    """The analyst's own note, quoted line by line, escaped like everything else (a note
    cannot turn into a heading or a table of the brief)."""
    if not note.strip():
        return []
    lines = ["## Analyst notes", ""]
    lines += [f"> {escape_inline(line)}" if line.strip() else ">" for line in note.splitlines()]
    return lines + [""]


def _ordered(story: Story) -> list[Article]:
    return sorted(story.articles, key=lambda a: (a.when, a.outlet, a.id))


def _front_matter(
    story: Story, articles: list[Article], outlets: list[str], generated_at: datetime,
    version: str,
) -> list[str]:
    return [
        "---",
        f"story: {int(story.id)}",
        f"title: {yaml_string(story.title)}",
        f"generated: {yaml_string(_iso(generated_at))}",
        "outlets: [" + ", ".join(yaml_string(o) for o in outlets) + "]",
        f"articles: {len(articles)}",
        f"pressdiff: {yaml_string(version)}",
        "---",
        "",
    ]


def _overview(comparison: Comparison, articles: list[Article], outlets: list[str]) -> list[str]:
    parts = [
        f"{len(articles)} article{'s' if len(articles) != 1 else ''} from "
        f"{len(outlets)} outlet{'s' if len(outlets) != 1 else ''} "
        f"({comparison.independent_outlet_count} independent)"
    ]
    if comparison.timeline:
        first, last = comparison.timeline[0], comparison.timeline[-1]
        parts.append(f"first: {escape_inline(first.outlet)}, {_when(first.when)}")
        parts.append(f"spread {_delta(last.delta)[1:]}")
    return [" · ".join(parts), ""]


def _table(comparison: Comparison, articles: list[Article]) -> list[str]:
    lines = [
        "| Outlet | Tags | Headline | Published | Words | Own | Link |",
        "| --- | --- | --- | --- | ---: | ---: | --- |",
    ]
    for a in articles:
        stats = comparison.article(a.id)
        if stats and stats.reprint_of_outlet:
            own = f"reprint of {escape_inline(stats.reprint_of_outlet)}"
        else:
            own = _percent(stats.unique_share) if stats else "n/a"
        published = _when(a.published) if a.published else f"seen {_when(a.fetched_at)}"
        row = [
            table_cell(a.outlet), table_cell(_tags(a.outlet_tags)), table_cell(a.title), published,
            str(a.word_count), own, markdown_link("link", a.url),
        ]
        lines.append("| " + " | ".join(row) + " |")
    return [*lines, ""]


def _timeline(comparison: Comparison) -> list[str]:
    lines = ["## Timeline", ""]
    for entry in comparison.timeline:
        when = _when(entry.when) + ("" if entry.time_known else " (first seen)")
        lead = "first" if entry.first else _delta(entry.delta)
        lines.append(
            f"- {when} · {lead} · **{escape_inline(entry.outlet)}**: {escape_inline(entry.title)}"
        )
    if not comparison.timeline:
        lines.append("No articles.")
    return [*lines, ""]


def _reprinted_note(statement: Statement) -> str:
    extra = [o for o in statement.outlets if o not in statement.independent_outlets]
    return f" (reprinted by {_outlets(extra)})" if extra else ""


def _several(comparison: Comparison) -> list[str]:
    lines = ["## Said by several outlets", ""]
    shared = sorted(
        (s for s in comparison.statements if s.shared),
        key=lambda s: (-len(s.independent_outlets), s.id),
    )
    for s in shared:
        lines.append(
            f"- {escape_inline(s.text)} — *{_outlets(s.independent_outlets)}*{_reprinted_note(s)}"
        )
    if not shared:
        lines.append("No statement was carried by two independent outlets.")
    if any(a.reprint_of is not None for a in comparison.articles):
        lines += [
            "",
            "Reprints count as their source: a sentence a wire story and its reprints share is "
            "the wire's own statement.",
        ]
    return [*lines, ""]


def _one_only(comparison: Comparison, outlets: list[str]) -> list[str]:
    lines = ["## Said by one outlet only", ""]
    by_outlet = {o.outlet: o for o in comparison.outlets}
    for outlet in outlets:
        own = [s for s in comparison.statements if s.independent_outlets == (outlet,)]
        stats = by_outlet.get(outlet)
        share = f", {_percent(stats.unique_share)} of its words" if stats else ""
        lines += [f"### {escape_inline(outlet)}", ""]
        if stats and stats.reprint_only:
            sources = sorted({
                a.reprint_of_outlet for a in comparison.articles
                if a.outlet == outlet and a.reprint_of_outlet
            })
            lines += [f"Reprint of {_outlets(sources)}.", ""]
        if not own:
            lines += ["Nothing of its own.", ""]
            continue
        lines += [f"{len(own)} statement{'s' if len(own) != 1 else ''}{share}.", ""]
        lines += [f"- {escape_inline(s.text)}{_reprinted_note(s)}" for s in own]
        lines.append("")
    return lines


def _quotes(comparison: Comparison, outlets: list[str]) -> list[str]:
    lines = ["## Quotes", ""]
    if not comparison.quotes:
        return [*lines, "No quotations found.", ""]
    for outlet in outlets:
        mine = [q for q in comparison.quotes if outlet in q.outlets]
        if not mine:
            continue
        lines += [f"### {escape_inline(outlet)}", ""]
        for q in mine:
            speaker = escape_inline(q.speaker) if q.speaker else "speaker not named"
            others = [o for o in q.outlets if o != outlet]
            also = f" (also in {_outlets(others)})" if others else ""
            lines.append(f"- “{escape_inline(q.text)}” — {speaker}{also}")
        lines.append("")
    return lines


def _terms(comparison: Comparison, outlets: list[str]) -> list[str]:
    lines = ["## Distinctive terms", ""]
    for outlet in outlets:
        terms = comparison.terms.get(outlet, [])
        listed = ", ".join(f"{escape_inline(t.term)} ({t.count})" for t in terms)
        lines.append(f"- **{escape_inline(outlet)}**: {listed or 'none stand out'}")
    lines += [
        "",
        "Terms an outlet uses far more than the others in this story (weighted log-odds with an "
        "informative prior; used at least twice; count in brackets).",
        "",
    ]
    return lines


def _gaps(comparison: Comparison) -> list[str]:
    gaps = comparison.gaps
    lines = ["## Not covered by", ""]
    if not gaps.coverage_known:
        return [
            *lines,
            "Unknown: no feed refresh information was available, so pressdiff cannot tell which "
            "outlets stayed silent.",
            "",
        ]
    if not gaps.outlets:
        lines.append(
            "No gaps known: every other outlet whose feeds were refreshed during the story "
            "covered it, or none was refreshed."
        )
    for gap in gaps.outlets:
        lines.append(f"- **{escape_inline(gap.outlet)}** ({escape_inline(_tags(gap.tags))})")
    if gaps.tags:
        lines += ["", "Tags with no article on this story:", ""]
        lines += [
            f"- {escape_inline(t.key)}={escape_inline(t.value)}: {_outlets(t.outlets)}"
            for t in gaps.tags
        ]
    if gaps.unknown:
        lines += [
            "",
            f"Not judged (feeds not refreshed in the story's window): {_outlets(gaps.unknown)}.",
        ]
    return [*lines, ""]


def _articles(comparison: Comparison, articles: list[Article]) -> list[str]:
    lines = ["## Articles", ""]
    for a in articles:
        lines += [f"### {escape_inline(a.outlet)} — {escape_inline(a.title) or 'Untitled'}", ""]
        source = _SOURCES.get(a.text_source, clean_line(a.text_source))
        reason = clean_line(a.text_reason)
        lines += [
            f"- URL: {markdown_link(a.url, a.url)}",
            f"- Author: {escape_inline(a.author) if a.author else 'not given'}",
            f"- Published: {_when(a.published)}",
            f"- Fetched at: {_when(a.fetched_at)}",
            f"- Text source: {escape_inline(source)}" + (f" ({escape_inline(reason)})"
                                                        if reason else ""),
        ]
        stats = comparison.article(a.id)
        if stats and stats.reprint_of_outlet:
            lines.append(
                f"- Reprint of: {escape_inline(stats.reprint_of_outlet)} "
                f"({_percent(stats.matched_share)} of its sentences)"
            )
        lines.append("")
        # Stored texts hold one paragraph per line (trafilatura's output); each becomes a
        # Markdown paragraph, or a renderer would run the whole article into one.
        for paragraph in clean_text(a.text).split("\n"):
            if paragraph.strip():
                lines += [escape_line(paragraph.strip()), ""]
    return lines


