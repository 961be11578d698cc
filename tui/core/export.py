"""Render a story comparison as a Markdown brief an analyst can cite, and write it safely.

Output is CommonMark with GitHub tables and YAML front matter; every feed-supplied string is
sanitised and escaped so it can never become a link, HTML, a heading or break the table.
"""

from __future__ import annotations

import os
import re
import tempfile
import unicodedata
from datetime import UTC, datetime, timedelta
from pathlib import Path
from urllib.parse import quote, urlsplit

from tui.core.compare import Comparison, Statement
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


class ExportError(Exception):
    """Exporting failed; the message names the path and the problem."""


# --------------------------------------------------------------------------- escaping

# Characters that can start emphasis, code, links, HTML, tables, strikethrough, headings or
# (GitHub, Obsidian) $math$ anywhere in a line. Escaping them all is cheap and renders the same.
_INLINE = re.compile(r"([\\`*_\[\]<>|~#$])")
# Obsidian: %%comment%% hides text and ==mark== highlights it; break the pairs.
_OBSIDIAN = re.compile(r"([%=])(?=\1)")
_ENTITY = re.compile(r"&(?=#?\w+;)")
# Block markers that only matter at the start of a line: lists, quotes, setext underlines.
_LINE_START = re.compile(r"^([-+=>])|^(\d{1,9})([.)])")


def escape_inline(value: str | None, limit: int = 10_000) -> str:
    """One line of literal text, safe inside a paragraph, heading, list item or table cell."""
    text = clean_line(value, limit=limit)
    text = _INLINE.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = _OBSIDIAN.sub(r"\1\\", text)
    return _escape_line_start(text)


def escape_line(value: str) -> str:
    """A line of body text (not shortened): inline escapes plus block markers at the start."""
    return escape_inline(value, limit=len(value) + 1)


def _escape_line_start(text: str) -> str:
    match = _LINE_START.match(text)
    if not match:
        return text
    if match.group(1):
        return "\\" + text
    digits = match.group(2)
    return f"{digits}\\{text[len(digits):]}"


def yaml_string(value: str | None) -> str:
    """A YAML double-quoted scalar: safe whatever the title contains (colons, quotes, #, -)."""
    text = clean_line(value, limit=10_000)
    text = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{text}"'


# Everything else is percent-encoded: space, ( ) < > " ` backslash { } | ^ and non-ASCII.
_URL_SAFE = "/:?#[]@!$&'*+,;=%~-._"


def markdown_link(label: str, url: str | None) -> str:
    """``[label](url)`` for http(s) URLs; anything else is shown as escaped text, unlinked."""
    url = clean_line(url, limit=4000)
    parts = urlsplit(url) if url else None
    if not parts or parts.scheme.lower() not in {"http", "https"} or not parts.netloc:
        return escape_inline(url) if url else "(no link)"
    # Percent-encode spaces, parentheses, angle brackets, backslashes and non-ASCII so the
    # destination cannot end early or smuggle markup.
    encoded = quote(url, safe=_URL_SAFE)
    # CommonMark decodes entities ("&amp;") inside a destination; a backslash keeps "&" literal.
    encoded = _ENTITY.sub(r"\\&", encoded)
    return f"[{escape_inline(label)}]({encoded})"


def _cell(value: str | None) -> str:
    """Table cell: one line, pipes escaped (escape_inline does both)."""
    return escape_inline(value) or " "


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
    story: Story, comparison: Comparison, generated_at: datetime, version: str
) -> str:
    """The whole brief. Same input, same bytes: every list has a fully specified order."""
    articles = _ordered(story)
    outlets = list(dict.fromkeys(a.outlet for a in articles))
    lines: list[str] = []
    lines += _front_matter(story, articles, outlets, generated_at, version)
    lines += [f"# {escape_inline(story.title) or 'Untitled story'}", ""]
    lines += _overview(comparison, articles, outlets)
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
            _cell(a.outlet), _cell(_tags(a.outlet_tags)), _cell(a.title), published,
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


# --------------------------------------------------------------------------- file names

_TRANSLIT = str.maketrans({
    "ə": "e", "Ə": "E", "ı": "i", "ß": "ss", "æ": "ae", "Æ": "AE", "ø": "o", "Ø": "O",
    "đ": "d", "Đ": "D", "ł": "l", "Ł": "L", "þ": "th", "œ": "oe", "Œ": "OE",
    **dict(zip(
        "абвгдеёжзийклмнопрстуфхцчшщъыьэюя",
        "a b v g d e e zh z i i k l m n o p r s t u f kh ts ch sh shch _ y _ e yu ya".split(),
        strict=True,
    )),
})
_RESERVED = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10)),
             *(f"lpt{i}" for i in range(10))}
_MAX_STEM = 80


def _slug(value: str) -> str:
    value = clean_line(value).lower().translate(_TRANSLIT).replace("_", "")
    ascii_only = unicodedata.normalize("NFKD", value).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_only).strip("-")


def default_filename(story: Story) -> str:
    """``story-<id>-<slug>.md``: ASCII letters, digits and hyphens, at most 80 chars + .md."""
    prefix = f"story-{_slug(str(story.id)) or '0'}"
    slug = _slug(story.title)
    stem = f"{prefix}-{slug}" if slug else prefix
    if len(stem) > _MAX_STEM:
        stem = stem[:_MAX_STEM]
        if "-" in stem[len(prefix):]:
            stem = stem[: stem.rfind("-")]  # cut at a word boundary
        stem = stem.rstrip("-")
    if stem.lower() in _RESERVED:  # cannot happen with the prefix; guard the invariant
        stem = f"{stem}-story"
    return f"{stem}.md"


# --------------------------------------------------------------------------- writing


def write_export(text: str, path: Path, force: bool = False) -> Path:
    """Write atomically: a temp file in the same directory, then rename over ``path``."""
    path = Path(path)
    if path.is_dir():
        raise ExportError(f"{path} is a directory; give a file name")
    if path.exists() and not force:
        raise ExportError(f"{path} exists; use --force to overwrite")
    try:
        fd, tmp_name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    tmp = Path(tmp_name)
    try:
        with os.fdopen(fd, "w", encoding="utf-8", newline="\n") as handle:
            handle.write(text)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(tmp, 0o644)  # mkstemp's 0600 would hide the brief from colleagues
        if force:
            os.replace(tmp, path)
        else:
            _place_new(tmp, path)
    except ExportError:
        tmp.unlink(missing_ok=True)
        raise
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    return path


def _place_new(tmp: Path, path: Path) -> None:
    """Move tmp to a path that must not exist yet, without a window to clobber a new file."""
    try:
        os.link(tmp, path)  # fails if path appeared since the check
    except FileExistsError as exc:
        raise ExportError(f"{path} exists; use --force to overwrite") from exc
    except OSError:
        os.replace(tmp, path)  # file system without hard links: best effort
        return
    tmp.unlink(missing_ok=True)
