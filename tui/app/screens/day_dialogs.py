"""Dialogs of the analyst's day: a note on a story, a name for a watch, the watches panel.

They collect what the analyst types or picks; the stories screen (or side by side) stores it
through the core in a worker. Story titles and watch names are shown as plain Text.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from tui.app.screens.feed_dialogs import DIALOG_CSS
from tui.core.models import Watch
from tui.core.sanitize import clean_line
from tui.core.wording import count


class NoteScreen(ModalScreen[str | None]):
    """The analyst's note on a story, several lines; Ctrl+S saves, Esc leaves it as it was."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NoteScreen") + """
    NoteScreen TextArea { height: 12; margin-bottom: 1; }
    """
    BINDINGS = [
        Binding("ctrl+s", "save", "Save note"),
        Binding("escape", "cancel", "Cancel"),
    ]

    def __init__(self, story_id: int, title: str, note: str) -> None:
        super().__init__()
        self.story_id = story_id
        self.story_title = title
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = Text(f"Note on story #{self.story_id}: ", style="bold")
            heading.append(clean_line(self.story_title, 70))
            yield Static(heading, classes="dialog-title")
            yield TextArea(self.note, id="note-text", soft_wrap=True)
            yield Static(Text("Ctrl+S saves · Esc cancels · an empty note removes it · "
                              "it goes into the story's brief under \"Analyst notes\"",
                              style="dim"), classes="dialog-status")
            with Horizontal():
                yield Button("Save (Ctrl+S)", variant="success", id="note-save")
                yield Button("Cancel (Esc)", id="note-cancel")

    def on_mount(self) -> None:
        area = self.query_one(TextArea)
        area.focus()
        area.move_cursor(area.document.end)

    @on(Button.Pressed, "#note-save")
    def action_save(self) -> None:
        self.dismiss(self.query_one(TextArea).text)

    @on(Button.Pressed, "#note-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class NameScreen(ModalScreen[str | None]):
    """A name for the current filter, saved as a watch."""

    DEFAULT_CSS = DIALOG_CSS.format(name="NameScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, filter_text: str) -> None:
        super().__init__()
        self.filter_text = filter_text

    def compose(self) -> ComposeResult:
        with Vertical():
            heading = Text("Watch the filter ", style="bold")
            heading.append(clean_line(self.filter_text, 70))
            yield Static(heading, classes="dialog-title")
            yield Static("Name (a watch of the same name is replaced)", classes="dialog-label")
            yield Input(placeholder="e.g. baku-ngos", id="watch-name")
            with Horizontal():
                yield Button("Save", variant="success", id="watch-save")
                yield Button("Cancel (Esc)", id="watch-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#watch-save")
    def save(self) -> None:
        name = self.query_one(Input).value.strip()
        if name:
            self.dismiss(name)

    @on(Button.Pressed, "#watch-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


@dataclass(frozen=True)
class WatchRow:
    watch: Watch
    stories: int
    moved: int  # stories with articles not seen yet


@dataclass(frozen=True)
class WatchChoice:
    """What the panel hands back: apply a watch's filter, or delete the watch."""

    watch: Watch
    delete: bool = False


class WatchesScreen(ModalScreen[WatchChoice | None]):
    """Every saved watch with how many of its stories moved since the last look; Enter
    applies it to the list, d deletes it (after asking), Esc closes."""

    DEFAULT_CSS = DIALOG_CSS.format(name="WatchesScreen") + """
    WatchesScreen OptionList { max-height: 16; }
    """
    BINDINGS = [
        Binding("d", "delete", "Delete watch"),
        Binding("escape", "cancel", "Close"),
    ]

    def __init__(self, rows: list[WatchRow]) -> None:
        super().__init__()
        self.rows = rows

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Watches", classes="dialog-title")
            options = OptionList(id="watches")
            for row in self.rows:
                label = Text(clean_line(row.watch.name, 40), style="bold")
                label.append(f"  {count(row.stories, 'story', 'stories')}")
                if row.moved:
                    label.append(f", {row.moved} moved since last look", style="bold green")
                label.append("\n  " + clean_line(row.watch.filter, 80), style="dim")
                options.add_option(Option(label))
            yield options
            hint = ("Enter shows its stories · d deletes · Esc closes" if self.rows else
                    "No watches yet: filter the list with /, then press w to save the filter.")
            yield Static(Text(hint, style="dim"), classes="dialog-status")

    def on_mount(self) -> None:
        options = self.query_one(OptionList)
        options.display = bool(self.rows)
        if self.rows:
            options.highlighted = 0
            options.focus()

    @on(OptionList.OptionSelected)
    def chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(WatchChoice(self.rows[event.option_index].watch))

    def action_delete(self) -> None:
        highlighted = self.query_one(OptionList).highlighted
        if self.rows and highlighted is not None:
            self.dismiss(WatchChoice(self.rows[highlighted].watch, delete=True))

    def action_cancel(self) -> None:
        self.dismiss(None)
