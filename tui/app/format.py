"""Turn stored values into display text: relative times, compact kind tags, safe `Text`.

Everything from a feed goes through `plain`/`plain_text`, which sanitise and wrap the value in
`rich.text.Text` so that no markup in a title or outlet name is ever interpreted.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime, timedelta, tzinfo

from rich.text import Text

from tui.core.sanitize import clean_line, clean_text
from tui.core.story_filter import KIND_ABBREVIATIONS  # short kinds, so five fit in a cell


def plain(value: str | None, style: str = "", limit: int = 1000) -> Text:
    """One line of feed data as literal text (never parsed as markup).

    The style is a span over this text only, so text appended later keeps its own style."""
    text = Text(clean_line(value, limit))
    if style:
        text.stylize(style)
    return text


def plain_text(value: str | None, style: str = "") -> Text:
    """Body text as literal text, paragraphs separated by a blank line."""
    paragraphs = [line for line in clean_text(value).split("\n") if line.strip()]
    text = Text("\n\n".join(paragraphs))
    if style:
        text.stylize(style)
    return text


def truncate(value: str, width: int) -> str:
    value = clean_line(value)
    if len(value) <= width:
        return value
    return value[: max(0, width - 1)].rstrip() + "…"


def kind_abbrev(kind: str) -> str:
    kind = clean_line(kind).lower()
    return KIND_ABBREVIATIONS.get(kind, kind[:5])


def kinds_compact(kinds: Iterable[str]) -> str:
    """('wire', 'public-broadcaster', 'state-aligned') -> 'wire·pub·state'."""
    seen: dict[str, None] = {}
    for kind in kinds:
        if kind:
            seen.setdefault(kind_abbrev(kind), None)
    return "·".join(seen)


def relative(when: datetime | None, now: datetime) -> str:
    """'just now', '12m ago', '5h ago', '3d ago', or a date when older than two weeks."""
    if when is None:
        return "—"
    delta = now - when
    if delta < timedelta(0):
        return "soon" if delta < timedelta(minutes=-5) else "just now"
    seconds = int(delta.total_seconds())
    if seconds < 60:
        return "just now"
    if seconds < 3600:
        return f"{seconds // 60}m ago"
    if seconds < 86400:
        return f"{seconds // 3600}h ago"
    if delta < timedelta(days=14):
        return f"{delta.days}d ago"
    return local(when, now.tzinfo).strftime("%b %d")


def local(when: datetime, tz: tzinfo | None) -> datetime:
    return when.astimezone(tz) if tz is not None else when


def clock(when: datetime | None, now: datetime) -> str:
    """'08:02' today, 'Nov 27 08:02' on another day, in the clock's timezone."""
    if when is None:
        return "time unknown"
    shown = local(when, now.tzinfo)
    if shown.date() == local(now, now.tzinfo).date():
        return shown.strftime("%H:%M")
    return shown.strftime("%b %d %H:%M")


def stamp(when: datetime | None, now: datetime) -> str:
    """A full timestamp for provenance: '2026-11-28 08:02 UTC (1h ago)'."""
    if when is None:
        return "unknown"
    shown = local(when, now.tzinfo)
    return f"{shown.strftime('%Y-%m-%d %H:%M %Z').strip()} ({relative(when, now)})"


def span(delta: timedelta) -> str:
    """A spread between first and last article: '45m', '6h', '2d 3h'."""
    minutes = int(delta.total_seconds() // 60)
    if minutes < 60:
        return f"{minutes}m"
    hours, minutes = divmod(minutes, 60)
    if hours < 24:
        return f"{hours}h" if minutes < 10 else f"{hours}h{minutes:02d}"
    days, hours = divmod(hours, 24)
    return f"{days}d {hours}h" if hours else f"{days}d"


TEXT_SOURCES = {
    "page": "page text",
    "summary": "feed summary",
    "feed": "feed full text",
    "title": "headline only",
}


def text_source(source: str, reason: str) -> str:
    label = TEXT_SOURCES.get(source, clean_line(source) or "unknown")
    reason = clean_line(reason)
    return f"{label} — {reason}" if reason else label
