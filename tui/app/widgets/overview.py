"""The story overview above the columns: who said what, who led, who is missing.

One line per article (time, kind, outlet, headline, own share or reprint badge), each
outlet's most distinctive terms, who is quoted by how many outlets, the outlets and tags
that did not cover it, and when each outlet published (a sparkline). Built only from the
comparison, as plain ``Text`` (feed text is never markup).
"""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import Sparkline, Static

from tui.app.format import clock, kind_abbrev, truncate
from tui.core.compare import Comparison
from tui.core.models import Story
from tui.core.sanitize import clean_line

LABEL = 8  # width of the left labels ("terms", "quoted", ...)
BUCKETS = 24  # sparkline resolution over the story's span


def article_lines(story: Story, comparison: Comparison | None, now: datetime,
                  width: int) -> Text:
    """One line per article, earliest first: who led and how much of each is its own."""
    stats = {a.article_id: a for a in comparison.articles} if comparison else {}
    articles = sorted(story.articles, key=lambda a: (a.when, a.id))
    outlet_width = min(22, max(len(clean_line(a.outlet)) for a in articles))
    text = Text()
    for number, article in enumerate(articles):
        if number:
            text.append("\n")
        kind = kind_abbrev(article.outlet_tags.get("kind", "")) or "—"
        text.append(f"{clock(article.when, now):>11} ", style="dim")
        text.append(f"{kind:<5} ", style="cyan")
        text.append(f"{truncate(article.outlet, outlet_width):<{outlet_width}}  ", style="bold")
        right = _share(stats.get(article.id), short=width < 100)
        room = max(10, width - 11 - 1 - 6 - outlet_width - 2 - len(right.plain) - 2)
        text.append(f"{truncate(article.title, room):<{room}}  ")
        text.append_text(right)
    return text


def _share(stats, short: bool = False) -> Text:
    if stats is None:
        return Text("…", style="dim")
    if stats.reprint_of_outlet:
        if short:
            return Text(" reprint", style="bold yellow")
        return Text("reprint of " + truncate(stats.reprint_of_outlet, 22), style="bold yellow")
    return Text(f"{round(stats.unique_share * 100):>3}% own", style="bold")


def terms_text(comparison: Comparison, width: int, limit: int = 3) -> Text:
    """'terms   Herald: a · b · c   Free Caucasus: d · e' wrapped under its label."""
    parts = []
    for outlet, terms in comparison.terms.items():
        if terms:
            words = " · ".join(clean_line(t.term) for t in terms[:limit])
            parts.append((truncate(outlet, 24), words))
    return _labelled("terms", parts, width, "no outlet uses words the others do not")


def quoted_text(comparison: Comparison, width: int) -> Text:
    """Who is quoted, by how many outlets (by name when one outlet alone quotes them)."""
    by_speaker: dict[str, set[str]] = defaultdict(set)
    for quote in comparison.quotes:
        if quote.speaker:
            by_speaker[clean_line(quote.speaker)].update(quote.outlets)
    ranked = sorted(by_speaker.items(), key=lambda kv: (-len(kv[1]), kv[0]))
    parts = [(speaker, f"by {len(outlets)}" if len(outlets) > 1
              else f"by {truncate(next(iter(outlets)), 20)} only")
             for speaker, outlets in ranked[:8]]
    return _labelled("quoted", parts, width, "no one is quoted by name")


def missing_text(comparison: Comparison, width: int) -> Text:
    gaps = comparison.gaps
    if not gaps.coverage_known:
        return _labelled("missing", [], width, "unknown (no feed coverage recorded)")
    parts = [(truncate(g.outlet, 24), kind_abbrev(g.tags.get("kind", "")) or "")
             for g in gaps.outlets]
    parts += [(f"{clean_line(t.key)}={clean_line(t.value)}",
               f"none of {len(t.outlets)}") for t in gaps.tags]
    return _labelled("missing", parts, width, "every followed outlet covered it")


def _labelled(label: str, parts: list[tuple[str, str]], width: int, empty: str) -> Text:
    text = Text(f"{label:<{LABEL}}", style="dim")
    if not parts:
        text.append(empty, style="dim italic")
        return text
    column = LABEL
    for number, (name, detail) in enumerate(parts):
        piece = Text()
        piece.append(name, style="bold")
        if detail:
            piece.append(": " if label == "terms" else " ")
            piece.append(detail, style="dim" if label != "terms" else "")
        gap = 3 if number else 0
        if number and column + gap + len(piece.plain) > width:
            text.append("\n" + " " * LABEL)
            column, gap = LABEL, 0
        text.append(" " * gap)
        text.append_text(piece)
        column += gap + len(piece.plain)
    return text


def timeline_counts(story: Story) -> list[float]:
    """Articles published in each of BUCKETS slices of the story's span."""
    times = sorted(a.when for a in story.articles)
    if not times:
        return [0.0]
    start, end = times[0], times[-1]
    span = (end - start).total_seconds()
    counts = [0.0] * BUCKETS
    for when in times:
        index = 0 if span <= 0 else min(BUCKETS - 1,
                                        int((when - start).total_seconds() / span * BUCKETS))
        counts[index] += 1
    return counts


class StoryOverview(Vertical):
    """The overview panel (toggled with ``v``)."""

    DEFAULT_CSS = """
    StoryOverview {
        height: auto; max-height: 45%; overflow-y: auto;
        border: round $panel-lighten-2; padding: 0 1; scrollbar-size-vertical: 1;
    }
    StoryOverview > #overview-articles { height: auto; }
    StoryOverview > .overview-line { height: auto; }
    StoryOverview > Horizontal { height: 1; }
    StoryOverview #overview-when-label { width: 8; color: $text-muted; }
    StoryOverview Sparkline { width: 1fr; max-width: 48; height: 1; }
    StoryOverview #overview-when-span { width: auto; padding-left: 1; color: $text-muted; }
    """

    def __init__(self, story: Story, now: datetime) -> None:
        super().__init__(id="overview")
        self.story = story
        self.now = now
        self.comparison: Comparison | None = None
        self.border_title = "Overview (v hides)"

    def compose(self) -> ComposeResult:
        yield Static(id="overview-articles")
        yield Static(classes="overview-line", id="overview-terms")
        yield Static(classes="overview-line", id="overview-quoted")
        yield Static(classes="overview-line", id="overview-missing")
        with Horizontal():
            yield Static("when", id="overview-when-label")
            yield Sparkline(timeline_counts(self.story), summary_function=max)
            yield Static(self._span(), id="overview-when-span")

    def on_mount(self) -> None:
        self._refresh_text()

    def on_resize(self) -> None:
        self._refresh_text()

    def show(self, story: Story, comparison: Comparison | None) -> None:
        self.story = story
        self.comparison = comparison
        self.query_one(Sparkline).data = timeline_counts(story)
        self.query_one("#overview-when-span", Static).update(self._span())
        self._refresh_text()

    def _span(self) -> Text:
        times = sorted(a.when for a in self.story.articles)
        if not times:
            return Text("")
        return Text(f"{clock(times[0], self.now)} → {clock(times[-1], self.now)}")

    def _refresh_text(self) -> None:
        width = max(40, (self.size.width or 120) - 2)
        self.query_one("#overview-articles", Static).update(
            article_lines(self.story, self.comparison, self.now, width))
        comparison = self.comparison
        waiting = Text("comparing…", style="dim italic")
        for name, build in (("terms", terms_text), ("quoted", quoted_text),
                            ("missing", missing_text)):
            widget = self.query_one(f"#overview-{name}", Static)
            if comparison is None:
                widget.update(Text(f"{name:<{LABEL}}", style="dim") + waiting)
            else:
                widget.update(build(comparison, width))
