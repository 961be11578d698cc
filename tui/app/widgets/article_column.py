"""One column of the side-by-side view: an article's header and its marked-up text."""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.widgets import Static

from tui.app.format import clock, plain
from tui.app.widgets.marked_text import MarkedText, Paragraph
from tui.core.compare import ArticleStats, SentenceInfo, split_sentences
from tui.core.models import Article
from tui.core.sanitize import clean_line, clean_text


def paragraphs_for(article: Article, marks: list[SentenceInfo] | None) -> list[Paragraph]:
    """The article's paragraphs as sentences; with `marks`, each sentence's shared flag.

    compare's marks come in the order split_sentences gives over the whole text, which
    goes paragraph by paragraph, so splitting each paragraph again recovers the breaks.
    """
    paragraphs = [p for p in clean_text(article.text).split("\n") if p.strip()]
    split = [split_sentences(p) for p in paragraphs]
    if marks is None:
        return [[(s, None) for s in sentences] for sentences in split if sentences]
    pairs = [(m.text, m.shared) for m in marks]
    if sum(len(s) for s in split) != len(pairs):
        return [pairs]  # cannot align: one block
    out: list[Paragraph] = []
    position = 0
    for sentences in split:
        if sentences:
            out.append(pairs[position : position + len(sentences)])
            position += len(sentences)
    return out


def column_title(article: Article) -> Text:
    title = plain(article.outlet, style="bold")
    kind = article.outlet_tags.get("kind")
    if kind:
        title.append(" (")
        title.append(clean_line(kind), style="cyan")
        title.append(")")
    return title


def column_header(article: Article, now: datetime, stats: ArticleStats | None) -> Text:
    """Outlet (kind) / headline / time · author / words (or reprint badge) · % own."""
    text = column_title(article)
    text.append("\n")
    text.append(plain(article.title, style="bold"))
    text.append("\n")
    when = clock(article.published or article.fetched_at, now)
    if article.published is None:
        when += " (first seen)"
    text.append(when, style="dim")
    if article.author:
        text.append(" · " + clean_line(article.author, 60), style="dim")
    text.append("\n")
    if stats is not None and stats.reprint_of_outlet:
        text.append("reprint of " + clean_line(stats.reprint_of_outlet), style="bold yellow")
        return text
    text.append(f"{article.word_count} words", style="dim")
    if stats is not None:
        text.append(" · ")
        text.append(f"{round(stats.unique_share * 100)}% own", style="bold")
    return text


class ColumnBody(VerticalScroll, can_focus=True, inherit_bindings=False):
    """The scrollable text of a column; left/right are left to the screen (column focus).

    Every scroll (keys, wheel, scrollbar) is reported to the screen's `column_scrolled`,
    which moves the other columns along while scrolling is locked."""

    BINDINGS = [
        Binding("up", "scroll_up", "Scroll up", show=False),
        Binding("down", "scroll_down", "Scroll down", show=False),
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
    """Outlet name and kind, headline, time, author, words (or % own) and the text."""

    DEFAULT_CSS = """
    ArticleColumn {
        width: 1fr; height: 1fr;
        border: round $panel-lighten-2;
        padding: 0 0 0 1;
    }
    ArticleColumn:focus-within { border: round $accent; }
    ArticleColumn > .column-header {
        height: auto; max-height: 8;
        border-bottom: solid $panel-lighten-2; padding-right: 1;
    }
    ArticleColumn > ColumnBody { height: 1fr; scrollbar-size-vertical: 1; }
    """

    def __init__(self, article: Article, now: datetime) -> None:
        super().__init__(classes="article-column")
        self.article = article
        self.now = now
        self.stats: ArticleStats | None = None
        self.marks: list[SentenceInfo] | None = None

    def compose(self) -> ComposeResult:
        yield Static(column_header(self.article, self.now, None), classes="column-header")
        with ColumnBody():
            yield MarkedText(paragraphs_for(self.article, None))

    @property
    def body(self) -> ColumnBody:
        return self.query_one(ColumnBody)

    def apply_comparison(self, stats: ArticleStats | None, marks: list[SentenceInfo]) -> None:
        self.stats = stats
        self.marks = marks
        self.query_one(".column-header", Static).update(
            column_header(self.article, self.now, stats)
        )
        self.query_one(MarkedText).set_paragraphs(paragraphs_for(self.article, marks))
