"""The home screen: every story, newest activity first, in a virtual paged table."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.timer import Timer
from textual.widgets import DataTable, Input, Static
from textual.widgets.data_table import RowDoesNotExist

from tui.app.format import truncate
from tui.app.messages import DataChanged, StoriesFailed, StoriesLoaded, StoriesPage
from tui.app.screens.base import PressdiffScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.stories_day import DAY_BINDINGS, AnalystDay
from tui.app.widgets.footer import KeyFooter
from tui.app.widgets.refresh_bar import RefreshBar
from tui.app.widgets.story_table import StoryTable
from tui.app.workers import thread_work
from tui.core import store
from tui.core.models import StorySummary
from tui.core.sanitize import clean_text
from tui.core.story_filter import TagTerm, parse_filter

PAGE_SIZE = 200  # rows fetched per query; more are fetched as the cursor nears the end
PREFETCH_MARGIN = 40
ORDERS = ("recent", "outlets", "new")  # o cycles through them
ORDER_NAMES = {"recent": "newest first", "outlets": "by outlets",
               "new": "news since last look first"}
FILTER_DEBOUNCE_S = 0.25


@dataclass(frozen=True)
class StoryQuery:
    """What the list shows: the filter split into full-text and tag parts, singles, order."""

    search: str | None = None
    terms: tuple[TagTerm, ...] = ()
    min_outlets: int = 1
    order: str = "recent"
    starred_only: bool = False


class StoriesScreen(AnalystDay, PressdiffScreen):
    BINDINGS = [
        Binding("slash", "filter", "Filter"),
        Binding("s", "toggle_singles", "Singles on/off"),
        Binding("o", "toggle_sort", "Sort"),
        Binding("m", "mark", "Mark/merge"),
        Binding("e", "export", "Export"),
        Binding("E", "export(True)", "Export, overwrite", show=False),
        Binding("escape", "escape", "Clear/cancel", show=False),
        Binding("i", "init_config", "Write starter feeds.toml"),
        *DAY_BINDINGS,
    ]

    def __init__(self) -> None:
        super().__init__()
        self.show_singles: bool | None = None  # None: decide on first load
        self.order = "recent"
        self.filter_text = ""
        self.marked: tuple[int, str] | None = None  # (story id, title) waiting for a merge
        self.total = 0
        self.generation = 0
        self._loading_more = False
        self._debounce: Timer | None = None
        self._rows: dict[int, StorySummary] = {}  # the loaded rows, by story id
        self.new_counts: dict[int, int] = {}  # articles not seen yet, of the loaded rows
        self.marks: dict[int, store.Mark] = {}  # the analyst's notes and stars
        self.starred_only = False
        self._opened = False  # a story was opened: its news is seen when the list is back

    def compose(self) -> ComposeResult:
        with Vertical(id="stories-body"):
            yield Static(id="stories-header")
            yield Input(placeholder="filter: words, tag:state-aligned, kind:wire", id="filter")
            # Said right under the header, where the eye is, not below an empty table.
            yield Static(id="stories-empty")
            yield StoryTable(id="stories")
            yield Static(id="first-run")
        yield RefreshBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one(StoryTable)
        table.add_story_columns()
        self.query_one("#filter", Input).display = False
        self.query_one("#first-run", Static).display = False
        self.query_one("#stories-empty", Static).display = False
        self.header_text()
        table.focus()
        self.reload()

    def on_resize(self, event: events.Resize) -> None:
        table = self.query_one(StoryTable)
        if table.fit(event.size.width):
            for story_id in self._rows:
                self.redraw_row(story_id)

    # --- loading ---------------------------------------------------------------------------

    def current_query(self) -> StoryQuery:
        parsed = parse_filter(self.filter_text)
        return StoryQuery(
            search=parsed.search,
            terms=parsed.terms,
            min_outlets=1 if self.show_singles in (True, None) else 2,
            order=self.order,
            starred_only=self.starred_only,
        )

    def current_story_id(self) -> int | None:
        table = self.query_one(StoryTable)
        if table.row_count == 0:
            return None
        row_key, _ = table.coordinate_to_cell_key((table.cursor_row, 0))
        return int(row_key.value) if row_key.value is not None else None

    def reload(self, keep_cursor: bool = True) -> None:
        """Reload from the top; keep the cursor on the same story and the scroll offset
        (after a refresh), or start at the top (a new sort order or filter)."""
        table = self.query_one(StoryTable)
        self.generation += 1
        self._loading_more = False
        # Keeping the cursor: load at least down to it, so its story is in the first page.
        limit = max(PAGE_SIZE, table.cursor_row + PAGE_SIZE) if keep_cursor else PAGE_SIZE
        self._load(
            self.generation, self.current_query(), 0, limit, self.show_singles is None,
            keep_cursor,
        )

    @thread_work(group="stories-load", exclusive=True)
    def _load(
        self,
        generation: int,
        query: StoryQuery,
        offset: int,
        limit: int,
        decide_singles: bool,
        keep_cursor: bool,
    ) -> None:
        try:
            self._query(generation, query, offset, limit, decide_singles, keep_cursor)
        except store.StoreError as exc:  # not a database, or a damaged one: say it and stay
            self.post_message(StoriesFailed(str(exc)))

    def _query(self, generation: int, query: StoryQuery, offset: int, limit: int,
               decide_singles: bool, keep_cursor: bool) -> None:
        with self.papp.db() as db:
            overview = store.overview(db)
            if decide_singles:
                query = StoryQuery(
                    query.search, query.terms, 2 if overview.multi_outlet_stories else 1,
                    query.order, query.starred_only,
                )
            filters = {"min_outlets": query.min_outlets, "search": query.search,
                       "terms": query.terms, "starred_only": query.starred_only}
            rows = store.story_summaries(db, order=query.order, limit=limit, offset=offset,
                                         **filters)
            total = store.story_count(db, **filters)
            new_counts = store.new_counts(db, [r.id for r in rows])
            with_news = store.story_count(db, new_only=True, **filters)
            marks = store.marks(db)
        page = StoriesPage(
            generation=generation, offset=offset, rows=rows, total=total,
            stories=overview.stories, multi_outlet=overview.multi_outlet_stories,
            outlets=overview.outlets, last_refresh=overview.last_refresh,
            feeds=overview.feeds, failed_feeds=overview.failed_feeds,
            keep_cursor=keep_cursor, min_outlets=query.min_outlets,
            new_counts=new_counts, marks=marks, with_news=with_news,
        )
        self.post_message(StoriesLoaded(page))

    def on_stories_loaded(self, message: StoriesLoaded) -> None:
        page = message.page
        if page.generation != self.generation:
            return  # a newer query superseded this one
        if self.show_singles is None and page.stories:
            # Decided once there are stories: an empty first run decides after its refresh.
            self.show_singles = page.min_outlets == 1
        table = self.query_one(StoryTable)
        self.total = page.total
        self._overview = page
        # The cursor as it is now, not when the query started: keys pressed meanwhile count.
        keep_story = self.current_story_id() if page.keep_cursor else None
        keep_scroll = table.scroll_y if page.keep_cursor else 0.0
        self.marks = page.marks
        if page.offset == 0:
            table.clear()
            self._rows = {}
            self.new_counts = {}
        self.new_counts.update(page.new_counts)
        present = self._row_keys(table)
        for summary in page.rows:
            if str(summary.id) not in present:  # a page boundary can shift between queries
                self._add_row(table, summary)
        self._loading_more = False
        if page.offset == 0:
            self._restore_cursor(table, keep_story, keep_scroll)
        self._show_empty_states(page)
        self.header_text()

    def _row_keys(self, table: DataTable) -> set[str]:
        return {str(k.value) for k in table.rows}

    def _add_row(self, table: DataTable, summary: StorySummary) -> None:
        self._rows[summary.id] = summary
        table.add_row(*self._cells(summary, self.papp.now()), key=str(summary.id))

    def _cells(self, summary: StorySummary, now) -> list[Text]:
        marked = self.marked is not None and self.marked[0] == summary.id
        return self.query_one(StoryTable).cells(
            summary, now, new=self.new_counts.get(summary.id, 0),
            mark=self.marks.get(summary.id), merge_marked=marked)

    def redraw_row(self, story_id: int) -> None:
        """Redraw a row whose marks (star, note, news) changed."""
        table = self.query_one(StoryTable)
        if story_id not in self._rows or str(story_id) not in table.rows:
            return
        table.update_row(story_id, self._cells(self._rows[story_id], self.papp.now()))

    def set_filter(self, text: str) -> None:
        """Show `text` in the filter box and list what it matches (a watch applied)."""
        box = self.query_one("#filter", Input)
        box.value = text
        box.display = True
        self.query_one(StoryTable).focus()
        self._apply_filter(text)

    def _restore_cursor(
        self, table: DataTable, keep_story: int | None, keep_scroll: float
    ) -> None:
        if table.row_count == 0:
            return
        row = 0
        if keep_story is not None:
            try:
                row = table.get_row_index(str(keep_story))
            except RowDoesNotExist:  # the story left the list (merged away or filtered out)
                row = min(table.cursor_row, table.row_count - 1)
        table.move_cursor(row=row, animate=False, scroll=False)
        # The table sizes its new rows on the next refresh; restore the scroll after that.
        self.call_after_refresh(self._restore_scroll, row, keep_scroll)

    def _restore_scroll(self, row: int, scroll_y: float) -> None:
        table = self.query_one(StoryTable)
        table.scroll_to(y=scroll_y, animate=False, immediate=True)
        visible = max(1, table.scrollable_content_region.height - 1)  # minus the header row
        if not table.scroll_y <= row < table.scroll_y + visible:
            table.scroll_to(y=max(0, row - visible // 2), animate=False, immediate=True)

    def on_stories_failed(self, message: StoriesFailed) -> None:
        """The database cannot be read: one lasting message in place of the list."""
        self.query_one(StoryTable).display = False
        self.query_one("#first-run", Static).display = False
        empty = self.query_one("#stories-empty", Static)
        text = Text("The database cannot be used\n", style="bold red")
        text.append(clean_text(message.error))
        text.append("\n\npressdiff keeps its stories in an SQLite file and has written nothing to "
                    "this one. Start pressdiff with --db pointing at another file (or move this "
                    "one away) and press r to refresh into it.", style="dim")
        empty.update(text)
        empty.display = True

    def _show_empty_states(self, page: StoriesPage) -> None:
        empty_db = page.stories == 0
        table = self.query_one(StoryTable)
        first_run = self.query_one("#first-run", Static)
        empty = self.query_one("#stories-empty", Static)
        table.display = not empty_db
        first_run.display = empty_db
        empty.display = not empty_db and table.row_count == 0
        if empty_db:
            first_run.update(self.papp.first_run_text())
        elif table.row_count == 0:
            empty.update(self._no_match_text(page))

    def _no_match_text(self, page: StoriesPage) -> Text:
        text = Text.assemble(("No stories match", "bold"))
        if self.filter_text:
            text.append(" the filter ")
            text.append(repr(self.filter_text[:60]))
        if not self.show_singles:
            text.append("\nSingle-outlet stories are hidden: press s to show them.", style="dim")
        if self.filter_text:
            text.append("\nPress Esc to clear the filter.", style="dim")
        return text

    def header_text(self) -> None:
        page = getattr(self, "_overview", None)
        header = Text.assemble(("pressdiff", "bold"))
        if self.papp.demo_server_url:
            header.append(" (demo)", style="yellow")
        if page is not None:
            header.append(f" — {self.total} stories · {page.outlets} outlets")
            if page.last_refresh is not None:
                refreshed = page.last_refresh.astimezone(self.papp.now().tzinfo)
                header.append(f" · refreshed {refreshed:%H:%M}")
            else:
                header.append(" · never refreshed")
            if page.failed_feeds:
                every = page.failed_feeds == page.feeds
                header.append(" · every feed failed (f)" if every else
                              f" · {page.failed_feeds} failed (f)", style="red")
        modes = [
            "all stories" if self.show_singles in (True, None) else "multi-outlet only",
            ORDER_NAMES[self.order],
        ]
        if self.starred_only:
            modes.insert(0, "★ starred only (S)")
        if page is not None and page.with_news:
            modes.append(f"{page.with_news} with news (n)")
        if self.marked is not None:
            modes.append("1 marked (m on another to merge)")
        header.append("   " + " · ".join(modes), style="dim")
        self.query_one("#stories-header", Static).update(header)

    @on(DataTable.RowHighlighted, "#stories")
    def _maybe_load_more(self, event: DataTable.RowHighlighted) -> None:
        table = self.query_one(StoryTable)
        near_end = event.cursor_row >= table.row_count - PREFETCH_MARGIN
        if near_end and table.row_count < self.total and not self._loading_more:
            self._loading_more = True
            self._load(self.generation, self.current_query(), table.row_count, PAGE_SIZE,
                       False, True)

    @on(DataTable.RowSelected, "#stories")
    def _open(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value is not None:
            self._opened = True
            self.papp.open_story(int(event.row_key.value))

    def on_screen_resume(self) -> None:
        # Back from a story: what it showed is seen now, and its note may have changed.
        if self._opened:
            self._opened = False
            self.reload()

    def on_data_changed(self, _: DataChanged) -> None:
        self.reload()

    # --- actions ---------------------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "init_config":  # only on a first run without a feeds.toml
            return not self.papp.config_location().exists()
        return True

    def action_init_config(self) -> None:
        self.papp.write_starter_config()
        self.refresh_bindings()

    def action_filter(self) -> None:
        box = self.query_one("#filter", Input)
        box.display = True
        box.focus()

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        # Debounced: the query runs once typing pauses, not on every key.
        if self._debounce is not None:
            self._debounce.stop()
        value = event.value
        self._debounce = self.set_timer(FILTER_DEBOUNCE_S, lambda: self._apply_filter(value))

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        if self._debounce is not None:
            self._debounce.stop()
        self._apply_filter(event.value)
        self.query_one(StoryTable).focus()

    def _apply_filter(self, value: str) -> None:
        if value == self.filter_text:
            return
        self.filter_text = value
        self.reload(keep_cursor=False)

    def action_escape(self) -> None:
        if self.papp.cancel_refresh():
            return
        box = self.query_one("#filter", Input)
        if box.display or self.filter_text:
            box.value = ""
            box.display = False
            if self._debounce is not None:
                self._debounce.stop()
            self.query_one(StoryTable).focus()
            self._apply_filter("")
            return
        if self.marked is not None:
            unmarked = self.marked[0]
            self.marked = None
            self._redraw_marks(unmarked)

    def action_toggle_singles(self) -> None:
        self.show_singles = not self.show_singles
        self.papp.notify(
            "Showing single-outlet stories" if self.show_singles
            else "Hiding single-outlet stories",
            timeout=2,
        )
        self.reload()

    def action_toggle_sort(self) -> None:
        self.order = ORDERS[(ORDERS.index(self.order) + 1) % len(ORDERS)]
        self.reload(keep_cursor=False)  # the header names the order

    def action_export(self, force: bool = False) -> None:
        story_id = self.current_story_id()
        if story_id is None:
            self.papp.notify("No story under the cursor to export", severity="warning")
            return
        self.papp.export_story(story_id, force=force)

    def action_mark(self) -> None:
        story_id = self.current_story_id()
        if story_id is None:
            return
        title = self._rows[story_id].title if story_id in self._rows else ""
        if self.marked is None or self.marked[0] == story_id:
            # First m marks; m again on the same story unmarks it.
            self.marked = None if self.marked else (story_id, title)
            self._redraw_marks(story_id)
            if self.marked:
                self.papp.notify(
                    "Marked. Press m on the story it belongs to, to merge it there.", timeout=4
                )
            return
        absorbed_id, absorbed_title = self.marked
        question = Text.assemble(
            ("Merge story\n  ", "bold"), (truncate(absorbed_title, 60), "italic"),
            ("\ninto\n  ", "bold"), (truncate(title, 60), "italic"),
            "\n\nIts articles move into the second story; a later refresh keeps them there.",
        )

        def done(yes: bool | None) -> None:
            if yes:
                self.marked = None
                self.papp.merge_stories(story_id, absorbed_id, absorbed_title, title)
            self._redraw_marks(absorbed_id)

        self.app.push_screen(ConfirmScreen(question, "Merge"), done)

    def _redraw_marks(self, *story_ids: int) -> None:
        """Redraw the rows of `story_ids` (the stories whose merge mark changed)."""
        for story_id in story_ids:
            self.redraw_row(story_id)
        self.header_text()
