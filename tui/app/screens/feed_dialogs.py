"""Dialogs of the Feeds screen: add a feed (with discovery) and edit an outlet's tags.

Both only collect and check what the analyst typed; the Feeds screen writes feeds.toml
(tui/core/feedlist.py keeps its comments and refuses a file changed on disk) and reports.
Feed titles and URLs found by discovery are shown as plain Text.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.suggester import SuggestFromList
from textual.widgets import Button, Checkbox, Input, OptionList, Static
from textual.widgets.option_list import Option

from tui.core.feedlist import parse_tags
from tui.core.sanitize import clean_line
from tui.core.wording import count

if TYPE_CHECKING:  # discovery (httpx) loads when the dialog is first used
    from tui.core.config import Settings
    from tui.core.discover import Candidate

DIALOG_CSS = """
{name} {{ align: center middle; }}
{name} > Vertical {{
    width: 90; max-width: 100%; height: auto; max-height: 100%; padding: 1 2;
    border: thick $accent; background: $surface;
}}
{name} .dialog-title {{ text-style: bold; margin-bottom: 1; }}
{name} .dialog-label {{ color: $text-muted; }}
{name} Input {{ margin-bottom: 1; }}
{name} OptionList {{ height: auto; max-height: 8; margin-bottom: 1; }}
{name} .dialog-status {{ height: auto; margin-bottom: 1; }}
{name} Horizontal {{ height: auto; align-horizontal: right; }}
{name} Button {{ margin-left: 2; }}
"""


@dataclass(frozen=True)
class NewFeed:
    """What the add dialog hands back: the chosen feed and how to list it."""

    candidate: Candidate
    outlet: str | None
    tags: dict[str, str]
    full_text: bool


def tag_words(tags: dict[str, str]) -> str:
    return " ".join(f"{key}={value}" for key, value in tags.items())


class AddFeedScreen(ModalScreen[NewFeed | None]):
    """URL (a feed or any page of the site), outlet, tags, full text; Enter finds the feeds
    (each fetched and parsed), then Enter on one adds it."""

    DEFAULT_CSS = DIALOG_CSS.format(name="AddFeedScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, outlets: list[str], settings: Settings | None,
                 is_listed: Callable[[str], str | None]) -> None:
        super().__init__()
        self.outlets = outlets
        self.settings = settings
        self.is_listed = is_listed  # the outlet already listing a URL, if one does
        self.candidates: list[Candidate] = []

    def compose(self) -> ComposeResult:
        with Vertical():
            yield Static("Add a feed", classes="dialog-title")
            yield Static("Feed or site address (a page of the site finds its feeds)",
                         classes="dialog-label")
            yield Input(placeholder="https://", id="add-url")
            yield Static("Outlet (empty: the feed's title; an existing outlet gets the feed)",
                         classes="dialog-label")
            yield Input(id="add-outlet", suggester=SuggestFromList(self.outlets,
                                                                    case_sensitive=False))
            yield Static("Tags", classes="dialog-label")
            yield Input(placeholder="kind=independent country=GE", id="add-tags")
            yield Checkbox("Fetch article pages (full text)", value=True, id="add-full-text")
            yield OptionList(id="add-candidates")
            yield Static(id="add-status", classes="dialog-status")
            with Horizontal():
                yield Button("Find feeds", variant="primary", id="add-find")
                yield Button("Add", variant="success", id="add-save", disabled=True)
                yield Button("Cancel (Esc)", id="add-cancel")

    def on_mount(self) -> None:
        self.query_one(OptionList).display = False
        self.query_one("#add-url", Input).focus()

    def status(self, message: str, style: str = "") -> None:
        self.query_one("#add-status", Static).update(Text(message, style=style))

    # --- finding -------------------------------------------------------------------------

    @on(Input.Submitted, "#add-url")
    @on(Button.Pressed, "#add-find")
    def find(self) -> None:
        url = self.query_one("#add-url", Input).value.strip()
        if urlsplit(url).scheme.lower() not in ("http", "https"):
            self.status(f"{clean_line(url, 120) or 'No address'}: only http:// and https://"
                        " addresses", "red")
            return
        if (owner := self.is_listed(url)) is not None:
            self.status(f"{clean_line(url, 120)} is already listed (outlet {owner})", "red")
            return
        self.status(f"Looking for feeds at {clean_line(url, 120)} …", "dim")
        self.query_one("#add-save", Button).disabled = True
        self._discover(url)

    @work(exclusive=True, group="discover", exit_on_error=False)
    async def _discover(self, url: str) -> None:
        from tui.core.discover import DiscoveryError, discover

        try:
            candidates = await discover(url, self.settings)
        except DiscoveryError as exc:
            self.status(str(exc), "red")
            return
        except Exception as exc:  # noqa: BLE001 - a network or parse failure, said in one line
            self.status(f"{clean_line(url, 120)}: {type(exc).__name__}: {clean_line(str(exc))}",
                        "red")
            return
        self.show_candidates(candidates)

    def show_candidates(self, candidates: list[Candidate]) -> None:
        self.candidates = candidates
        options = self.query_one(OptionList)
        options.clear_options()
        for candidate in candidates:
            label = Text(clean_line(candidate.title, 60) or "(untitled)", style="bold")
            label.append(f"  {candidate.format}, {count(candidate.items, 'item')}", style="dim")
            label.append("\n  " + clean_line(candidate.url, 80), style="cyan")
            options.add_option(Option(label))
        options.display = True
        options.highlighted = 0
        options.focus()
        self.query_one("#add-save", Button).disabled = False
        found = count(len(candidates), "feed")
        self.status(f"{found} found, each fetched and parsed: Enter adds the highlighted one.",
                    "green")

    # --- adding --------------------------------------------------------------------------

    @on(OptionList.OptionSelected, "#add-candidates")
    @on(Button.Pressed, "#add-save")
    def save(self) -> None:
        options = self.query_one(OptionList)
        if not self.candidates or options.highlighted is None:
            return
        candidate = self.candidates[options.highlighted]
        if (owner := self.is_listed(candidate.url)) is not None:
            self.status(f"{clean_line(candidate.url, 120)} is already listed (outlet {owner})",
                        "red")
            return
        try:
            tags = parse_tags(self.query_one("#add-tags", Input).value.split())
        except ValueError as exc:
            self.status(f"Tags: {exc}", "red")
            self.query_one("#add-tags", Input).focus()
            return
        outlet = self.query_one("#add-outlet", Input).value.strip() or None
        full_text = self.query_one("#add-full-text", Checkbox).value
        self.dismiss(NewFeed(candidate, outlet, tags, full_text))

    @on(Button.Pressed, "#add-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


class TagsScreen(ModalScreen[dict[str, str] | None]):
    """An outlet's tags as ``key=value`` words; empty removes them."""

    DEFAULT_CSS = DIALOG_CSS.format(name="TagsScreen")
    BINDINGS = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, outlet: str, tags: dict[str, str]) -> None:
        super().__init__()
        self.outlet = outlet
        self.tags = tags

    def compose(self) -> ComposeResult:
        with Vertical():
            title = Text("Tags of ", style="bold")
            title.append(clean_line(self.outlet, 80))
            yield Static(title, classes="dialog-title")
            yield Static("key=value words, e.g. kind=state-aligned country=AZ",
                         classes="dialog-label")
            yield Input(tag_words(self.tags), id="tags-value")
            yield Static(id="tags-status", classes="dialog-status")
            with Horizontal():
                yield Button("Save", variant="success", id="tags-save")
                yield Button("Cancel (Esc)", id="tags-cancel")

    def on_mount(self) -> None:
        self.query_one(Input).focus()

    @on(Input.Submitted)
    @on(Button.Pressed, "#tags-save")
    def save(self) -> None:
        try:
            tags = parse_tags(self.query_one(Input).value.split())
        except ValueError as exc:
            self.query_one("#tags-status", Static).update(Text(str(exc), style="red"))
            return
        self.dismiss(tags)

    @on(Button.Pressed, "#tags-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
