"""One story side by side: the overview (who said what, who led, who is missing) above a
window of article columns, each sentence marked as the outlet's own or shared.

Only the columns that fit are mounted: a story of 84 articles opens as fast as one of
three, and no column is ever cut in half by sideways scrolling. The window holds
``width // MIN_COLUMN_WIDTH`` columns (compact: ``width // COMPACT_COLUMN_WIDTH``, headline
and lead only) and moves with the focus (←/→). ↑/↓ walk the focused text sentence by
sentence; the status line names the outlets that share the sentence under the cursor and
``g`` goes to its closest wording in another column.

An outlet with two articles in a story gets two columns (each headed with the outlet):
every column is one text, so its "% own", reprint badge and marks stay per article.
"""

from __future__ import annotations

import asyncio
import sqlite3

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import Static

from tui.app.format import clock, span, truncate
from tui.app.messages import ComparisonReady, StoryLoaded
from tui.app.screens.base import PressdiffScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.day_dialogs import NoteScreen
from tui.app.widgets.article_column import ArticleColumn, ColumnBody
from tui.app.widgets.footer import KeyFooter
from tui.app.widgets.marked_text import BAR, BAR_STYLE, OWN_BAR, OWN_STYLE
from tui.app.widgets.overview import StoryOverview
from tui.app.widgets.refresh_bar import RefreshBar
from tui.app.workers import thread_work
from tui.core import briefs, store
from tui.core.compare import Comparison, SentenceInfo, sentence_marks
from tui.core.models import Article, Story
from tui.core.sanitize import clean_line

MIN_COLUMN_WIDTH = 38
COMPACT_COLUMN_WIDTH = 18


class ColumnStrip(Horizontal, can_focus=False, inherit_bindings=False):
    """The visible window of columns (never scrolled sideways: the window moves instead)."""


class SideBySideScreen(PressdiffScreen):
    DEFAULT_CSS = """
    SideBySideScreen #sbs-header { height: 2; padding: 0 1; }
    SideBySideScreen #sbs-note { height: auto; max-height: 3; padding: 0 1; display: none; }
    SideBySideScreen #sbs-status { height: 1; padding: 0 1; }
    SideBySideScreen ColumnStrip { height: 1fr; }
    """

    BINDINGS = [
        Binding("enter", "open_article", "Article"),
        Binding("down", "sentence(1)", "Next sentence", show=False),
        Binding("up", "sentence(-1)", "Previous sentence", show=False),
        Binding("left", "focus_column(-1)", "Previous column", show=False),
        Binding("right", "focus_column(1)", "Next column", show=False),
        Binding("g", "goto_closest", "Closest"),
        Binding("v", "toggle_overview", "Overview"),
        Binding("c", "toggle_compact", "Compact"),
        # j/k and the lock are named in the status line; the footer keeps the rest.
        Binding("j", "scroll(1)", "Scroll down", show=False),
        Binding("k", "scroll(-1)", "Scroll up", show=False),
        Binding("l", "toggle_lock", "Lock scroll", show=False),
        Binding("t", "toggle_order", "Order time/kind", show=False),
        Binding("x", "remove", "Remove"),
        Binding("a", "note", "Note", show=False),
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
        self.compact = False
        self.show_overview = True
        self.start = 0  # index (in ordered_articles) of the first visible column
        self.cursors: dict[int, int] = {}  # article id -> sentence under its cursor
        self._ordered: list[Article] = []
        self._following = False  # True while columns are being moved to follow another
        # Loading, resizing and keys can each ask for another window while one is being
        # mounted; they take turns, or two sets of columns would end up mounted.
        self._window_lock = asyncio.Lock()
        self.new_ids: set[int] = set()  # articles new since the story was last opened

    def compose(self) -> ComposeResult:
        yield Static(Text("Loading story…", style="dim"), id="sbs-header")
        yield Static(id="sbs-note")
        yield ColumnStrip(id="columns")
        yield Static(id="sbs-status")
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
                # What is new since the last look is marked in the column headers; opening
                # the story is the look (a reload after a correction keeps the first marks).
                new = store.new_article_ids(db, story.id)
                note = store.story_note(db, story.id)
                try:
                    store.mark_story_seen(db, story.id)
                except sqlite3.Error:  # a read-only or busy file: the story shows all the same
                    pass
            except store.StoreError as exc:
                self.post_message(StoryLoaded(None, error=str(exc)))
                return
        self.post_message(StoryLoaded(story, new_ids=new, note=note))

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
        if self.story is None:
            self.new_ids = message.new_ids
        self.show_note(message.note)
        self.story = message.story
        self.story_id = message.story.id
        self.comparison = None
        self._ordered = self._order(message.story)
        if self.query(StoryOverview):
            self.query_one(StoryOverview).show(message.story, None)
        else:
            overview = StoryOverview(message.story, self.papp.now())
            overview.display = self.show_overview
            overview.styles.max_height = "45%" if self.size.height >= 32 else "35%"
            await self.mount(overview, before=self.query_one(ColumnStrip))
        await self._show_window(focus_article=focused)
        self._compare(message.story)

    async def on_comparison_ready(self, message: ComparisonReady) -> None:
        if self.story is None or message.story_id != self.story.id:
            return
        if message.comparison is None:
            self.papp.notify(
                f"Comparison failed: {message.error}", severity="warning", markup=False
            )
            return
        self.comparison = message.comparison
        self.query_one(StoryOverview).show(self.story, message.comparison)
        for column in self.columns():
            column.apply_comparison(
                message.comparison.article(column.article.id),
                sentence_marks(message.comparison, column.article.id),
            )
        self._restore_cursors()
        self._update_header()
        self._update_status()

    # --- the window of columns ---------------------------------------------------------------

    def _order(self, story: Story) -> list[Article]:
        articles = list(story.articles)
        if self.order == "tag":
            return sorted(
                articles,
                key=lambda a: (a.outlet_tags.get("kind", "~"), a.outlet.casefold(), a.when),
            )
        return sorted(articles, key=lambda a: (a.when, a.id))

    def ordered_articles(self) -> list[Article]:
        return list(self._ordered)

    def per_view(self) -> int:
        """How many columns fit side by side at this width."""
        width = self.size.width or 120
        smallest = COMPACT_COLUMN_WIDTH if self.compact else MIN_COLUMN_WIDTH
        return max(1, width // smallest)

    def window(self) -> tuple[int, int]:
        """(first, last + 1) positions of the visible columns in the ordered list."""
        count = len(self._ordered)
        size = min(self.per_view(), count)
        start = max(0, min(self.start, count - size))
        return start, start + size

    async def _show_window(self, focus_article: int | None = None) -> None:
        """Mount the columns of the window that holds ``focus_article`` (else the first)."""
        async with self._window_lock:
            await self._mount_window(focus_article)

    async def _mount_window(self, focus_article: int | None) -> None:
        if self.story is None:
            return
        ids = [a.id for a in self._ordered]
        target = ids.index(focus_article) if focus_article in ids else self.window()[0]
        first, last = self.window()
        if not first <= target < last:
            self.start = target if target < first else target - (last - first) + 1
        first, last = self.window()
        self.start = first
        strip = self.query_one(ColumnStrip)
        shown = [c.article.id for c in self.columns()]
        wanted = self._ordered[first:last]
        if shown != [a.id for a in wanted] or any(c.compact != self.compact
                                                  for c in self.columns()):
            now = self.papp.now()
            comparison = self.comparison
            columns = [
                ArticleColumn(
                    article, now, compact=self.compact, new=article.id in self.new_ids,
                    stats=comparison.article(article.id) if comparison else None,
                    marks=sentence_marks(comparison, article.id) if comparison else None,
                )
                for article in wanted
            ]
            with self.app.batch_update():
                await strip.remove_children()
                await strip.mount_all(columns)
            self._restore_cursors()
        self._update_header()
        columns = self.columns()
        focus = next((c for c in columns if c.article.id == ids[target]), None) if ids else None
        if focus is not None:
            focus.body.focus()
        self._update_status()

    def _restore_cursors(self) -> None:
        for column in self.columns():
            index = self.cursors.get(column.article.id)
            if index is not None and index < len(column.text.sentences):
                column.text.set_cursor(index)

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

    async def on_resize(self) -> None:
        # A short terminal keeps most of its height for the texts.
        for overview in self.query(StoryOverview):
            overview.styles.max_height = "45%" if self.size.height >= 32 else "35%"
        if self.story is not None and len(self.columns()) != self.window()[1] - self.window()[0]:
            await self._show_window(focus_article=self.focused_article_id())

    def on_descendant_focus(self) -> None:
        self._update_status()

    # --- header and status -------------------------------------------------------------------

    def show_note(self, note: str) -> None:
        """The analyst's note under the header, three lines at most (a edits it)."""
        box = self.query_one("#sbs-note", Static)
        box.display = bool(note)
        if not note:
            return
        lines = note.splitlines()
        text = Text("Note: ", style="bold cyan")
        text.append(clean_line(lines[0], 200))
        for line in lines[1:3]:
            text.append("\n      " + clean_line(line, 200))
        if len(lines) > 3:
            text.append("  … (a: all of it)", style="dim")
        box.update(text)

    def action_note(self) -> None:
        if self.story is None:
            return
        story = self.story
        with self.papp.db() as db:
            note = store.story_note(db, story.id)

        def saved(text: str | None) -> None:
            if text is not None and text.strip() != note.strip():
                self._save_note(story.id, text)

        self.app.push_screen(NoteScreen(story.id, story.title, note), saved)

    @thread_work(group="marks")
    def _save_note(self, story_id: int, text: str) -> None:
        with self.papp.db() as db:
            store.set_story_note(db, story_id, text)
            note = store.story_note(db, story_id)
        self.app.call_from_thread(self.show_note, note)
        self.app.call_from_thread(self.papp.notify, "Note saved" if note else "Note removed",
                                  timeout=3)

    def _update_header(self) -> None:
        if self.story is None:
            return
        story = self.story
        articles = sorted(story.articles, key=lambda a: (a.when, a.id))
        now = self.papp.now()
        header = Text.assemble((truncate(clean_line(story.title), 110), "bold"))
        header.append(f" · story #{story.id}", style="dim")
        header.append("\n")
        start, end = self.window()
        if end - start < len(self._ordered):
            header.append(f"columns {start + 1}–{end} of {len(self._ordered)} (←/→) · ",
                          style="bold")
        header.append(f"{len(story.outlets)} outlets")
        if len(articles) != len(story.outlets):
            header.append(f" · {len(articles)} articles")
        if articles:
            first = articles[0]
            header.append(" · first: ")
            header.append(truncate(clean_line(first.outlet), 30), style="bold")
            header.append(f" {clock(first.when, now)}")
            header.append(f" · spread {span(articles[-1].when - first.when)}")
        if self.compact:
            header.append(" · compact: headline and lead", style="dim")
        self.query_one("#sbs-header", Static).update(header)

    def _update_status(self) -> None:
        """What the sentence under the cursor is: own, shared (with whom), or a credit."""
        status = Text()
        column = self.focused_column()
        mark = column.sentence(self.cursors.get(column.article.id)) if column else None
        if column is None or mark is None:
            status.append(OWN_BAR, style=OWN_STYLE)
            status.append("the outlet's own  ", style="dim")
            status.append(BAR, style=BAR_STYLE)
            status.append("said by another outlet too (changed words lit) · ", style="dim")
            status.append("↑/↓ sentence · ←/→ column · j/k scroll "
                          + ("all" if self.locked else "one") + " (l)",
                          style="dim")
        elif mark.credit:
            status.append("A credit line: it names the source, it is nobody's statement",
                          style="dim italic")
        elif mark.shared:
            status.append("Also said by ", style="dim")
            status.append(", ".join(truncate(clean_line(o), 28) for o in mark.echoes),
                          style="bold")
            if mark.closest is not None:
                outlet = self._outlet_of(mark.closest[0])
                status.append(" · g: closest wording", style="dim")
                if outlet:
                    status.append(" in ", style="dim")
                    status.append(truncate(clean_line(outlet), 28))
        else:
            status.append("Only ", style="dim")
            status.append(truncate(clean_line(column.article.outlet), 40), style="bold")
            status.append(" says this", style="dim")
        self.query_one("#sbs-status", Static).update(status)

    def _outlet_of(self, article_id: int) -> str | None:
        return next((a.outlet for a in self._ordered if a.id == article_id), None)

    # --- actions ---------------------------------------------------------------------------

    def action_sentence(self, step: int) -> None:
        column = self.focused_column()
        if column is None:
            return
        index = column.move_cursor(step)
        if index is not None:
            self.cursors[column.article.id] = index
        self._update_status()

    async def action_goto_closest(self) -> None:
        column = self.focused_column()
        if column is None:
            return
        mark: SentenceInfo | None = column.sentence(self.cursors.get(column.article.id))
        if mark is None:
            self.papp.notify("Put the cursor on a sentence first (↑/↓)", timeout=3)
            return
        if mark.closest is None:
            self.papp.notify("No other outlet has this sentence", timeout=3)
            return
        article_id, index = mark.closest
        self.cursors[article_id] = index
        await self._show_window(focus_article=article_id)
        target = next((c for c in self.columns() if c.article.id == article_id), None)
        if target is not None:
            target.show_sentence(index)
        self._update_status()

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
        self._update_status()

    async def action_focus_column(self, step: int) -> None:
        if not self._ordered:
            return
        ids = [a.id for a in self._ordered]
        current = self.focused_article_id()
        index = ids.index(current) if current in ids else self.window()[0]
        target = max(0, min(len(ids) - 1, index + step))
        await self._show_window(focus_article=ids[target])

    def action_toggle_overview(self) -> None:
        self.show_overview = not self.show_overview
        for overview in self.query(StoryOverview):
            overview.display = self.show_overview

    async def action_toggle_compact(self) -> None:
        self.compact = not self.compact
        # The header says "compact: headline and lead" while it is on.
        await self._show_window(focus_article=self.focused_article_id())

    async def action_toggle_order(self) -> None:
        if self.story is None:
            return
        focused = self.focused_article_id()
        self.order = "tag" if self.order == "time" else "time"
        self._ordered = self._order(self.story)
        await self._show_window(focus_article=focused)
        self.papp.notify(
            "Columns ordered by outlet kind" if self.order == "tag"
            else "Columns ordered by time",
            timeout=2,
        )

    def action_open_article(self) -> None:
        column = self.focused_column()
        if column is not None:
            from tui.app.screens.article import ArticleScreen

            story_id = member = None
            if self.story is not None:
                story_id = self.story.id
                member = next((m for m in self.story.members
                               if m.article.id == column.article.id), None)
            self.app.push_screen(ArticleScreen(column.article, story_id, member))

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
            ("\n\nIt becomes a story of its own; a later refresh will not put it back"
             " (u undoes).", "dim"),
        )

        def done(yes: bool | None) -> None:
            if yes:
                self.papp.remove_article(article.id, article.title, self.story_id)

        self.app.push_screen(ConfirmScreen(question, "Remove"), done)

    def reload_story(self) -> None:
        self._load_story(self.story_id)
