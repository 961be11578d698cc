"""`?`: every key binding of every screen, with its description."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

# Keys shown as a person types them.
KEY_NAMES = {
    "slash": "/",
    "question_mark": "?",
    "escape": "Esc",
    "enter": "Enter",
    "left": "←",
    "right": "→",
    "ctrl+p": "Ctrl+P",
    "E": "Shift+E",
}


def key_label(key: str) -> str:
    return ", ".join(KEY_NAMES.get(k.strip(), k.strip()) for k in key.split(","))


def binding_sections() -> list[tuple[str, list[Binding]]]:
    """(section title, bindings) for the app and each screen, in the order a person meets them."""
    from tui.app.app import PressdiffApp
    from tui.app.screens.article import ArticleScreen
    from tui.app.screens.feeds import FeedsScreen
    from tui.app.screens.side_by_side import SideBySideScreen
    from tui.app.screens.stories import StoriesScreen, StoryTable

    def own(cls: type) -> list[Binding]:
        return [b for b in cls.BINDINGS if isinstance(b, Binding)]

    return [
        ("Everywhere", own(PressdiffApp)),
        ("Stories", own(StoryTable) + own(StoriesScreen)),
        ("Side by side", own(SideBySideScreen)),
        ("Article", own(ArticleScreen)),
        ("Feeds", own(FeedsScreen)),
    ]


def help_text() -> Text:
    text = Text()
    for number, (title, bindings) in enumerate(binding_sections()):
        if number:
            text.append("\n")
        text.append(title + "\n", style="bold underline")
        for binding in bindings:
            text.append(f"  {key_label(binding.key):<10}", style="bold cyan")
            text.append(binding.description + "\n")
    text.append("\nShared sentences carry a quiet bar ", style="dim")
    text.append("▌", style="grey50")
    text.append("; an outlet's own sentences have none.", style="dim")
    return text


class HelpScreen(ModalScreen[None]):
    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 64; height: 90%; max-height: 44;
        border: thick $accent; background: $surface; padding: 0 2;
    }
    """
    BINDINGS = [
        Binding("escape", "close", "Close help"),
        Binding("question_mark", "close", "Close help"),
        Binding("q", "close", "Close help"),
    ]

    def compose(self) -> ComposeResult:
        scroll = VerticalScroll()
        scroll.border_title = "pressdiff keys"
        with scroll:
            yield Static(help_text(), id="help-text")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss()
