"""The progress line docked at the bottom of every screen while feeds refresh."""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import ProgressBar, Static

UNITS = {"fetching": "feeds", "extracting": "pages", "clustering": "articles"}


@dataclass
class RefreshState:
    """What the bar shows; owned by the app, shared by the bars of all screens."""

    running: bool = False
    phase: str = "fetching"
    done: int = 0
    total: int = 0
    failed: int = 0
    cancelling: bool = False

    def label(self) -> Text:
        unit = UNITS.get(self.phase, "")
        text = Text.assemble((self.phase, "bold"))
        if self.total:
            text.append(f" {self.done}/{self.total} {unit}")
        if self.failed:
            text.append(f" · {self.failed} failed", style="red")
        if self.cancelling:
            text.append(" · cancelling…", style="yellow")
        else:
            text.append(" · Esc cancels", style="dim")
        return text


class RefreshBar(Horizontal):
    """ProgressBar plus a label: feeds done / total and the current phase.

    Not docked: it sits in the flow after the screen's 1fr body, so it takes the line above
    the (docked) footer instead of hiding under it."""

    DEFAULT_CSS = """
    RefreshBar {
        height: 1;
        display: none;
        background: $panel;
    }
    RefreshBar.-running { display: block; }
    RefreshBar ProgressBar { width: 1fr; }
    RefreshBar #refresh-label { width: auto; padding: 0 1; }
    """

    def compose(self) -> ComposeResult:
        # The label first: toasts pile up at the bottom right and would cover it.
        yield Static(id="refresh-label")
        yield ProgressBar(total=None, show_eta=False, show_percentage=False, id="refresh-progress")

    def show_state(self, state: RefreshState) -> None:
        self.set_class(state.running, "-running")
        if not state.running:
            return
        bar = self.query_one(ProgressBar)
        bar.update(total=state.total or None, progress=state.done)
        self.query_one("#refresh-label", Static).update(state.label())
