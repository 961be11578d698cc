"""One column of the side-by-side view: an article's header and its marked-up text."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.app.format import clock, kind_abbrev, plain, truncate
from tui.app.widgets.marked_text import MarkedText, Paragraph, Sentence
from tui.core.compare import ArticleStats, SentenceInfo, split_sentences
from tui.core.models import Article
from tui.core.sanitize import clean_line, clean_text

HEADER_LINES = 5  # every column's header is this tall, so first lines line up
COMPACT_HEADER_LINES = 3


def paragraphs_for(article: Article, marks: list[SentenceInfo] | None,
                   lead_only: bool = False) -> list[Paragraph]:
    """The article's paragraphs as sentences; with `marks`, how each compares.

    Marked sentences carry their paragraph number; unmarked (not compared yet) text is split
    paragraph by paragraph as compare splits it. ``lead_only``: the first paragraph (compact
    mode).
    """
    if marks:
        out: list[Paragraph] = []
        current = None
        for mark in marks:
            if mark.paragraph != current or not out:
                out.append([])
                current = mark.paragraph
            out[-1].append(Sentence(mark.text, mark))
    else:
        paragraphs = [p for p in clean_text(article.text).split("\n") if p.strip()]
        out = [[Sentence(s) for s in sentences]
               for sentences in (split_sentences(p) for p in paragraphs) if sentences]
    return out[:1] if lead_only else out


def column_title(article: Article) -> Text:
    title = plain(article.outlet, style="bold")
    kind = article.outlet_tags.get("kind")
    if kind:
        title.append(" (")
        title.append(clean_line(kind), style="cyan")
        title.append(")")
    return title


def column_header(article: Article, now: datetime, stats: ArticleStats | None,
                  width: int = 40, compact: bool = False, new: bool = False) -> Text:
    """Outlet (kind) · #id / headline / time · author / words (or reprint badge) · % own.
    Always the same number of lines, so the first lines of the texts line up."""
    lines = COMPACT_HEADER_LINES if compact else HEADER_LINES
    kind = article.outlet_tags.get("kind")
    if compact:  # narrow: the outlet's whole width for its name; the kind goes below
        top = plain(truncate(article.outlet, width), style="bold")
    else:
        top = plain(truncate(article.outlet, max(6, width - 12)), style="bold")
        if kind:
            top.append(" " + kind_abbrev(kind), style="cyan")
        top.append(f" #{article.id}", style="dim")
    if new:
        top.append(" new", style="bold green")
    headline_lines = 1 if compact else 2
    title_rows = _wrap(clean_line(article.title), width, headline_lines)
    when = clock(article.published or article.fetched_at, now)
    if article.published is None:
        when += " (first seen)"
    meta = Text(when, style="dim")
    if article.author and not compact:
        meta.append(" · " + truncate(article.author, max(4, width - len(when) - 3)),
                    style="dim")
    share = Text()
    if stats is not None and stats.reprint_of_outlet:
        share.append("reprint of " + clean_line(stats.reprint_of_outlet), style="bold yellow")
    elif compact:
        if kind:
            share.append(kind_abbrev(kind) + " ", style="cyan")
        if stats is not None:
            share.append(f"{round(stats.unique_share * 100)}% own", style="bold")
    else:
        share.append(f"{article.word_count} words", style="dim")
        if stats is not None:
            share.append(" · ")
            share.append(f"{round(stats.unique_share * 100)}% own", style="bold")
    rows = [top, *[Text(row, style="bold") for row in title_rows]]
    if compact:
        rows.append(share)
    else:
        rows += [meta, share]
    for row in rows:  # one line each, or the texts below would no longer line up
        row.truncate(width, overflow="ellipsis")
    return Text("\n").join(rows[:lines])


def _wrap(value: str, width: int, lines: int) -> list[str]:
    """``value`` in at most ``lines`` lines of ``width``, the last cut with an ellipsis;
    always exactly ``lines`` entries (blank ones pad)."""
    words = value.split()
    out: list[str] = []
    current = ""
    for word in words:
        candidate = f"{current} {word}".strip()
        if len(candidate) <= width or not current:
            current = candidate
        else:
            out.append(current)
            current = word
    if current:
        out.append(current)
    if len(out) > lines:
        out = out[: lines - 1] + [truncate(" ".join(out[lines - 1:]), width)]
    out = [truncate(row, width) for row in out]
    return out + [""] * (lines - len(out))


class ColumnBody(VerticalScroll, can_focus=True, inherit_bindings=False):
    """The scrollable text of a column; left/right are left to the screen (column focus).

    Every scroll (keys, wheel, scrollbar) is reported to the screen's `column_scrolled`,
    which moves the other columns along while scrolling is locked."""

    BINDINGS = [
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "Bottom", show=False),
    ]

    def watch_scroll_y(self, old_value: float, new_value: float) -> None:
        super().watch_scroll_y(old_value, new_value)
        follow = getattr(self.screen, "column_scrolled", None)
        if follow is not None and round(old_value) != round(new_value):
            follow(self, new_value)


class ArticleColumn(Vertical):
    """Outlet and kind, headline, time, author, words (or % own), then the text."""

    DEFAULT_CSS = """
    ArticleColumn {
        width: 1fr; height: 1fr;
        border: round $panel-lighten-2;
        padding: 0 0 0 1;
    }
    ArticleColumn:focus-within { border: round $accent; }
    /* HEADER_LINES (COMPACT_HEADER_LINES) of text plus the rule under them */
    ArticleColumn > .column-header {
        height: 6; border-bottom: solid $panel-lighten-2; padding-right: 1;
    }
    ArticleColumn.-compact > .column-header { height: 4; }
    ArticleColumn > ColumnBody { height: 1fr; scrollbar-size-vertical: 1; }
    """

    def __init__(self, article: Article, now: datetime, *, compact: bool = False,
                 new: bool = False, stats: ArticleStats | None = None,
                 marks: list[SentenceInfo] | None = None) -> None:
        super().__init__(classes="article-column -compact" if compact else "article-column")
        self.article = article
        self.now = now
        self.compact = compact
        self.new = new
        self.stats = stats
        self.marks = marks

    def compose(self) -> ComposeResult:
        yield Static(self._header(), classes="column-header")
        with ColumnBody():
            yield MarkedText(paragraphs_for(self.article, self.marks, self.compact))

    def _header(self) -> Text:
        width = max(12, (self.size.width or 40) - 4)
        return column_header(self.article, self.now, self.stats, width, self.compact, self.new)

    def on_resize(self) -> None:
        self.query_one(".column-header", Static).update(self._header())

    @property
    def body(self) -> ColumnBody:
        return self.query_one(ColumnBody)

    @property
    def text(self) -> MarkedText:
        return self.query_one(MarkedText)

    def apply_comparison(self, stats: ArticleStats | None, marks: list[SentenceInfo]) -> None:
        self.stats = stats
        self.marks = marks
        self.query_one(".column-header", Static).update(self._header())
        self.text.set_paragraphs(paragraphs_for(self.article, marks, self.compact))

    def sentence(self, index: int | None) -> SentenceInfo | None:
        if index is None or self.marks is None or not 0 <= index < len(self.marks):
            return None
        return self.marks[index]

    def move_cursor(self, step: int) -> int | None:
        """Move the sentence cursor; scroll so the sentence is in view. The new index."""
        count = len(self.text.sentences)
        if not count:
            return None
        current = self.text.cursor
        index = 0 if current is None else max(0, min(count - 1, current + step))
        self.show_sentence(index)
        return index

    def show_sentence(self, index: int) -> None:
        self.text.set_cursor(index)
        line = self.text.line_of(index)
        body = self.body
        if not body.scroll_y <= line < body.scroll_y + max(1, body.size.height - 1):
            body.scroll_to(y=max(0, line - 2), animate=False)
