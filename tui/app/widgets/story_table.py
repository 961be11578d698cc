"""The stories table: its columns, fitted to the terminal's width, and the cells of a row.

Beside the headline: the story id, outlets, articles, the outlets' kinds, first seen, updated
and the articles new since the story was last opened. Below NARROW columns every column stays
(80x24 shows them all) with short labels and times; the headline column takes whatever is
left, since it is what the analyst reads.
"""

from __future__ import annotations

from datetime import datetime

from rich.text import Text
from textual.binding import Binding
from textual.widgets import DataTable
from textual.widgets.data_table import ColumnKey

from tui.app.format import kinds_compact, relative, truncate
from tui.core.models import StorySummary
from tui.core.store.marks import Mark

# (label, width) of the columns beside the headline.
WIDE_COLUMNS = {"id": ("#", 5), "outlets": ("Outlets", 7), "articles": ("Arts", 4),
                "kinds": ("Kinds", 19), "first": ("First", 8), "updated": ("Updated", 8),
                "new": ("New", 4)}
NARROW_COLUMNS = {"id": ("#", 4), "outlets": ("Out", 3), "articles": ("Art", 3),
                  "kinds": ("Kinds", 10), "first": ("First", 5), "updated": ("Upd", 5),
                  "new": ("New", 3)}
NARROW = 110
COLUMN_KEYS = ("id", "title", "outlets", "articles", "kinds", "first", "updated", "new")
CELL_PADDING = 2  # DataTable's one space either side of every cell
SCROLLBAR = 2
MIN_TITLE_WIDTH = 20


class StoryTable(DataTable):
    """The stories table; Enter opens a story (the binding carries a description)."""

    BINDINGS = [Binding("enter", "select_cursor", "Open", show=True)]

    def __init__(self, **kwargs) -> None:
        super().__init__(cursor_type="row", zebra_stripes=False, **kwargs)
        self.narrow = False
        self.title_width = MIN_TITLE_WIDTH

    def add_story_columns(self) -> None:
        for key in COLUMN_KEYS:
            label, width = ("Story", self.title_width) if key == "title" else WIDE_COLUMNS[key]
            self.add_column(label, key=key, width=width)

    def fit(self, width: int) -> bool:
        """Labels and widths for a terminal `width` cells wide; True when they changed (the
        caller redraws the rows then)."""
        narrow = width < NARROW
        columns = NARROW_COLUMNS if narrow else WIDE_COLUMNS
        others = sum(w + CELL_PADDING for _, w in columns.values())
        title_width = max(MIN_TITLE_WIDTH, width - others - CELL_PADDING - SCROLLBAR)
        if (narrow, title_width) == (self.narrow, self.title_width):
            return False
        self.narrow, self.title_width = narrow, title_width
        self.columns[ColumnKey("title")].width = title_width
        for key, (label, w) in columns.items():
            column = self.columns[ColumnKey(key)]
            column.label, column.width = Text(label), w
        self.refresh(layout=True)
        return True

    def cells(self, summary: StorySummary, now: datetime, *, new: int = 0,
              mark: Mark | None = None, merge_marked: bool = False) -> list[Text]:
        """A row's cells, in COLUMN_KEYS order, for the current width."""
        kinds_width = (NARROW_COLUMNS if self.narrow else WIDE_COLUMNS)["kinds"][1]

        def when(value: datetime) -> str:
            text = relative(value, now)
            return text.removesuffix(" ago") if self.narrow else text

        return [
            Text(str(summary.id), style="dim", justify="right"),
            self.title_cell(summary.title, mark, merge_marked),
            Text(str(summary.outlet_count), justify="right"),
            Text(str(summary.article_count), justify="right"),
            Text(truncate(kinds_compact(summary.kinds), kinds_width), style="cyan"),
            Text(when(summary.first_seen), style="dim"),
            Text(when(summary.last_seen)),
            Text(f"+{new}" if new else "", style="bold green", justify="right"),
        ]

    def title_cell(self, title: str, mark: Mark | None, merge_marked: bool) -> Text:
        """The headline, shortened to the column; a story marked for a merge gets a dot, a
        starred one a star, one with a note a pencil."""
        cell = Text()
        if merge_marked:
            cell.append("● ", style="bold yellow")
        if mark is not None and mark.starred:
            cell.append("★ ", style="bold yellow")
        if mark is not None and mark.note:
            cell.append("✎ ", style="cyan")
        cell.append(truncate(title, self.title_width - len(cell.plain)))
        return cell

    def update_row(self, story_id: int, cells: list[Text]) -> None:
        for key, cell in zip(COLUMN_KEYS, cells, strict=True):
            self.update_cell(str(story_id), key, cell)
