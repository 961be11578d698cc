"""One story's articles side by side, one column per article, shared sentences marked.

An outlet with two articles in a story gets two columns (each headed with the outlet):
every column is one text, so its "% own", reprint badge and shared marks stay per article,
and locked scrolling keeps comparing text with text rather than a stack of two.
"""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import HorizontalScroll
from textual.widgets import Static

from tui.app.format import clock, span, truncate
from tui.app.messages import ComparisonReady, StoryLoaded
from tui.app.screens.base import PressdiffScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.widgets.article_column import ArticleColumn, ColumnBody
from tui.app.widgets.footer import KeyFooter
from tui.app.widgets.marked_text import BAR_STYLE
from tui.app.widgets.refresh_bar import RefreshBar
from tui.app.workers import thread_work
from tui.core import briefs, store
from tui.core.compare import Comparison, sentence_marks
from tui.core.models import Article, Story
from tui.core.sanitize import clean_line

MIN_COLUMN_WIDTH = 38


class ColumnStrip(HorizontalScroll, can_focus=False, inherit_bindings=False):
    """The row of columns; scrolls sideways but leaves the arrow keys to the screen."""


class SideBySideScreen(PressdiffScreen):
    BINDINGS = [
        Binding("enter", "open_article", "Article"),
        # j/k and the arrows are named in the header line; the footer keeps the rest.
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
        Binding("l", "toggle_lock", "Lock scroll"),
        Binding("left", "focus_column(-1)", "Previous column", show=False),
        Binding("right", "focus_column(1)", "Next column", show=False),
        Binding("t", "toggle_order", "Order time/tag"),
        Binding("x", "remove", "Remove article"),
        Binding("e", "export", "Export"),
        Binding("E", "export(True)", "Export, overwrite", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self, story_id: int) -> None:
        super().__init__()
        self.story_id = story_id
        self.story: Story | None = None
        self.comparison: Comparison | None = None
        self.order = "time"
        self.locked = True
        self._following = False  # True while columns are being moved to follow another

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading story…", style="dim"), id="sbs-header")
        yield ColumnStrip(id="columns")
        yield RefreshBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        self._load_story(self.story_id)

    # --- loading ---------------------------------------------------------------------------

    @thread_work(group="story-load", exclusive=True)
    def _load_story(self, story_id: int) -> None:
        with self.papp.db() as db:
            try:
                story = briefs.read_story(db, story_id)
            except store.StoreError as exc:
                self.post_message(StoryLoaded(None, error=str(exc)))
                return
        self.post_message(StoryLoaded(story))

    @thread_work(group="compare", exclusive=True)
    def _compare(self, story: Story) -> None:
        with self.papp.db() as db:
            try:
                comparison = briefs.compare(db, story)
            except Exception as exc:  # a comparison bug must not take the text away
                self.post_message(ComparisonReady(story.id, None, error=str(exc)))
                return
        self.post_message(ComparisonReady(story.id, comparison))

    async def on_story_loaded(self, message: StoryLoaded) -> None:
        if message.story is None:
            self.papp.notify(message.error or "story not found", severity="error", markup=False)
            self.dismiss()
            return
        focused = self.focused_article_id()
        self.story = message.story
        self.story_id = message.story.id
        self.comparison = None
        await self._build_columns(focus_article=focused)
        self._compare(message.story)

    def on_comparison_ready(self, message: ComparisonReady) -> None:
        if self.story is None or message.story_id != self.story.id:
            return
        if message.comparison is None:
            self.papp.notify(
                f"Comparison failed: {message.error}", severity="warning", markup=False
            )
            return
        self.comparison = message.comparison
        for column in self.query(ArticleColumn):
            column.apply_comparison(
                message.comparison.article(column.article.id),
                sentence_marks(message.comparison, column.article.id),
            )
        self._update_header()

    # --- columns ---------------------------------------------------------------------------

    def ordered_articles(self) -> list[Article]:
        assert self.story is not None
        articles = list(self.story.articles)
        if self.order == "tag":
            return sorted(
                articles,
                key=lambda a: (a.outlet_tags.get("kind", "~"), a.outlet.casefold(), a.when),
            )
        return sorted(articles, key=lambda a: (a.when, a.id))

    async def _build_columns(self, focus_article: int | None = None) -> None:
        container = self.query_one(ColumnStrip)
        await container.remove_children()
        now = self.papp.now()
        columns = [ArticleColumn(article, now) for article in self.ordered_articles()]
        await container.mount_all(columns)
        self._size_columns()
        if self.comparison is not None:
            for column in columns:
                column.apply_comparison(
                    self.comparison.article(column.article.id),
                    sentence_marks(self.comparison, column.article.id),
                )
        self._update_header()
        target = next((c for c in columns if c.article.id == focus_article), None)
        target = target or (columns[0] if columns else None)
        if target is not None:
            target.body.focus()

    def columns(self) -> list[ArticleColumn]:
        return list(self.query(ArticleColumn))

    def focused_column(self) -> ArticleColumn | None:
        for column in self.columns():
            if column.body.has_focus:
                return column
        return None

    def focused_article_id(self) -> int | None:
        column = self.focused_column()
        return column.article.id if column else None

    def _update_header(self) -> None:
        if self.story is None:
            return
        story = self.story
        articles = sorted(story.articles, key=lambda a: (a.when, a.id))
        now = self.papp.now()
        header = Text.assemble((truncate(story.title, 116), "bold"))
        header.append(f"\n{len(story.outlets)} outlets")
        if len(articles) != len(story.outlets):
            header.append(f" · {len(articles)} articles")
        if articles:
            first = articles[0]
            header.append(" · first: ")
            header.append(truncate(first.outlet, 30), style="bold")
            header.append(f" {clock(first.when, now)}")
            header.append(f" · spread {span(articles[-1].when - first.when)}")
        header.append("\n")
        header.append("words: ", style="dim")
        for number, article in enumerate(self.ordered_articles()):
            if number:
                header.append(" · ", style="dim")
            header.append(truncate(article.outlet, 24))
            stats = self.comparison.article(article.id) if self.comparison else None
            if stats is not None and stats.reprint_of_outlet:
                header.append(" reprint", style="yellow")
            else:
                header.append(f" {article.word_count}")
        header.append("\n")
        header.append("▌", style=BAR_STYLE)
        header.append(" said by another outlet too · j/k scroll ", style="dim")
        header.append("all columns" if self.locked else "this column", style="dim")
        header.append(" (l) · ←/→ column · Enter article", style="dim")
        self.query_one("#sbs-header", Static).update(header)

    def on_resize(self) -> None:
        self._size_columns()

    def _size_columns(self) -> None:
        """Share the width between the columns, never below MIN_COLUMN_WIDTH (then scroll)."""
        columns = self.columns()
        if not columns:
            return
        available = self.query_one(ColumnStrip).size.width or self.size.width
        width = max(MIN_COLUMN_WIDTH, available // len(columns))
        for column in columns:
            column.styles.width = width

    # --- actions ---------------------------------------------------------------------------

    def action_scroll(self, lines: int) -> None:
        focused = self.focused_column()
        if focused is None:
            return
        if self.locked and focused.body.scroll_y + lines > focused.body.max_scroll_y:
            # The focused text has ended; the longer ones still move.
            for column in self.columns():
                column.body.scroll_relative(y=lines, animate=False)
            return
        focused.body.scroll_relative(y=lines, animate=False)

    def column_scrolled(self, body: ColumnBody, scroll_y: float) -> None:
        """Locked: the other columns follow the one that scrolled (keys, wheel, scrollbar)."""
        if not self.locked or self._following:
            return
        self._following = True
        try:
            for column in self.columns():
                if column.body is not body:
                    column.body.scroll_to(y=scroll_y, animate=False, immediate=True)
        finally:
            self._following = False

    def action_toggle_lock(self) -> None:
        self.locked = not self.locked
        self.papp.notify(
            "Scrolling all columns together" if self.locked
            else "Scrolling the focused column only",
            timeout=2,
        )
        self._update_header()

    def action_focus_column(self, step: int) -> None:
        columns = self.columns()
        if not columns:
            return
        current = self.focused_column()
        index = columns.index(current) if current in columns else 0
        target = columns[max(0, min(len(columns) - 1, index + step))]
        target.body.focus()
        self.query_one(ColumnStrip).scroll_to_widget(target, animate=False)

    async def action_toggle_order(self) -> None:
        if self.story is None:
            return
        self.order = "tag" if self.order == "time" else "time"
        await self._build_columns(focus_article=self.focused_article_id())
        self.papp.notify(
            "Columns ordered by outlet kind" if self.order == "tag"
            else "Columns ordered by time",
            timeout=2,
        )

    def action_open_article(self) -> None:
        column = self.focused_column()
        if column is not None:
            from tui.app.screens.article import ArticleScreen

            self.app.push_screen(ArticleScreen(column.article))

    def action_export(self, force: bool = False) -> None:
        if self.story is not None:
            self.papp.export_story(self.story.id, force=force)

    def action_remove(self) -> None:
        column = self.focused_column()
        if column is None or self.story is None:
            return
        article = column.article
        question = Text.assemble(
            ("Remove this article from the story?\n\n", "bold"),
            (clean_line(article.outlet), "bold"), ": ", (truncate(article.title, 120), "italic"),
            ("\n\nIt becomes a story of its own; a later refresh will not put it back.", "dim"),
        )

        def done(yes: bool | None) -> None:
            if yes:
                self.papp.remove_article(article.id, article.title, self.story_id)

        self.app.push_screen(ConfirmScreen(question, "Remove"), done)

    def reload_story(self) -> None:
        self._load_story(self.story_id)
