"""Article text one sentence per line; sentences shared with another outlet carry a quiet bar.

The bar is drawn on every wrapped line of a shared sentence, so the wrapping is done here
(at the widget's width) rather than by the renderer.
"""

from __future__ import annotations

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tui.core.sanitize import clean_line

BAR = "▌ "
BAR_STYLE = "grey46"  # quiet: it marks, it does not shout
NO_BAR = "  "

# One paragraph: a list of (sentence, shared) pairs; shared is None when not compared.
Paragraph = list[tuple[str, bool | None]]


class MarkedText(Widget):
    """Renders paragraphs of sentences with a left bar on shared ones."""

    DEFAULT_CSS = """
    MarkedText { height: auto; width: 1fr; padding-right: 1; }
    """

    def __init__(self, paragraphs: list[Paragraph], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paragraphs = paragraphs
        self._cache: tuple[int, Text] | None = None

    def set_paragraphs(self, paragraphs: list[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self._cache = None
        self.refresh(layout=True)

    def _build(self, width: int) -> Text:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1]
        console = self.app.console
        inner = max(8, width - len(BAR))
        out = Text()
        for number, paragraph in enumerate(self.paragraphs):
            if number:
                out.append("\n")
            for sentence, shared in paragraph:
                lines = Text(clean_line(sentence, 20000)).wrap(console, inner)
                for line in lines:
                    if shared:
                        out.append(BAR, style=BAR_STYLE)
                    else:
                        out.append(NO_BAR)
                    out.append_text(line)
                    out.append("\n")
        out.rstrip()
        self._cache = (width, out)
        return out

    def render(self) -> Text:
        return self._build(self.content_region.width or self.size.width)

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        text = self._build(width)
        return len(text.plain.split("\n")) if text.plain else 1
