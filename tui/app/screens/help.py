"""`?`: every key binding of every screen, with its description."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, VerticalScroll
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


Sections = list[tuple[str, list[Binding]]]  # (section title, its bindings)


def section_text(sections: list[tuple[str, list[Binding]]]) -> Text:
    text = Text()
    for number, (title, bindings) in enumerate(sections):
        if number:
            text.append("\n")
        text.append(title + "\n", style="bold underline")
        for binding in bindings:
            text.append(f"  {key_label(binding.key):<9}", style="bold cyan")
            text.append(binding.description + "\n")
    return text


LEGEND = Text.assemble(
    ("Side by side: ", "dim"), ("┃", "bold #5fafd7"), (" an outlet's own sentence, ", "dim"),
    ("▌", "grey46"), (" one another outlet also carries; inside it, ", "dim"),
    ("lit words", "bold #ffd75f"), (" differ from the closest wording. ", "dim"),
    ("A story is titled by its earliest wire or public-broadcaster headline, else by its "
     "most central one. Kinds: wire, pub(lic broadcaster), state(-aligned), ind(ependent), "
     "op(inion), biz (business).", "dim"),
)


class HelpScreen(ModalScreen[None]):
    """Two columns so every binding fits on a 40-line screen without scrolling."""

    DEFAULT_CSS = """
    HelpScreen { align: center middle; }
    HelpScreen > VerticalScroll {
        width: 96; max-width: 100%; height: auto; max-height: 95%;
        border: round $accent; background: $surface; padding: 0 2;
    }
    HelpScreen Horizontal { height: auto; }
    HelpScreen .help-column { width: 1fr; height: auto; }
    HelpScreen #help-legend { margin-top: 1; height: auto; }
    """
    BINDINGS = [
        Binding("escape", "close", "Close help"),
        Binding("question_mark", "close", "Close help"),
        Binding("q", "close", "Close help"),
    ]

    def __init__(self, sections: Sections) -> None:
        """``sections``: the bindings to show, given by the app, which knows its screens
        (this screen imports none of them)."""
        super().__init__()
        self.sections = sections

    def compose(self) -> ComposeResult:
        sections = self.sections
        scroll = VerticalScroll()
        scroll.border_title = "pressdiff keys"
        with scroll:
            with Horizontal():
                yield Static(section_text(sections[:2] + sections[4:]), classes="help-column",
                             id="help-left")
                yield Static(section_text(sections[2:4]), classes="help-column",
                             id="help-right")
            yield Static(LEGEND, id="help-legend")

    def on_mount(self) -> None:
        self.query_one(VerticalScroll).focus()

    def action_close(self) -> None:
        self.dismiss()
