"""Article text one sentence per line, marked for comparison.

- a sentence another outlet also carries is dim, with a quiet bar ``▌``;
- inside it, the words this outlet added or changed against the closest wording are
  highlighted: that is where framing hides inside a shared sentence;
- an outlet's own sentence carries an accent bar ``┃`` and reads at full strength;
- a credit line ("— Caspian Wire") is dim and unmarked;
- the sentence under the cursor (up/down) has a background, so the status line can say who
  else says it and ``g`` can go there.

The bar is drawn on every wrapped line of a sentence, so the wrapping is done here (at the
widget's width) rather than by the renderer.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.text import Text
from textual.geometry import Size
from textual.widget import Widget

from tui.core.compare import SentenceInfo
from tui.core.sanitize import clean_line

BAR = "▌ "
BAR_STYLE = "grey46"  # quiet: it marks, it does not shout
OWN_BAR = "┃ "
OWN_STYLE = "bold #5fafd7"
CHANGED_STYLE = "bold #ffd75f"  # the words an outlet added to a shared sentence
SHARED_TEXT = "grey62"
CURSOR_STYLE = "on grey23"
NO_BAR = "  "


@dataclass(frozen=True)
class Sentence:
    """One sentence as shown: its text, and how it compares (None until compared)."""

    text: str
    mark: SentenceInfo | None = None


Paragraph = list[Sentence]


class MarkedText(Widget):
    """Paragraphs of sentences with comparison marks and a sentence cursor."""

    DEFAULT_CSS = """
    MarkedText { height: auto; width: 1fr; padding-right: 1; }
    """

    def __init__(self, paragraphs: list[Paragraph], *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.paragraphs = paragraphs
        self.cursor: int | None = None  # index of the sentence under the cursor
        self._cache: tuple[int, Text, list[int]] | None = None

    @property
    def sentences(self) -> list[Sentence]:
        return [s for paragraph in self.paragraphs for s in paragraph]

    def set_paragraphs(self, paragraphs: list[Paragraph]) -> None:
        self.paragraphs = paragraphs
        self._cache = None
        self.refresh(layout=True)

    def set_cursor(self, index: int | None) -> None:
        if index != self.cursor:
            self.cursor = index
            self._cache = None
            self.refresh()

    def line_of(self, index: int) -> int:
        """The first line (at the current width) of sentence ``index``."""
        _, starts = self._build(self._width())
        return starts[index] if 0 <= index < len(starts) else 0

    def _width(self) -> int:
        return self.content_region.width or self.size.width or 40

    def _build(self, width: int) -> tuple[Text, list[int]]:
        if self._cache is not None and self._cache[0] == width:
            return self._cache[1], self._cache[2]
        console = self.app.console
        inner = max(8, width - len(BAR))
        out = Text()
        starts: list[int] = []
        line = 0
        number = 0
        for paragraph_number, paragraph in enumerate(self.paragraphs):
            if paragraph_number:
                out.append("\n")
                line += 1
            for sentence in paragraph:
                starts.append(line)
                bar, bar_style, body = _styled(sentence)
                highlight = CURSOR_STYLE if number == self.cursor else ""
                for wrapped in body.wrap(console, inner):
                    out.append(bar, style=bar_style)
                    if highlight:
                        wrapped.stylize(highlight)
                    out.append_text(wrapped)
                    out.append("\n")
                    line += 1
                number += 1
        out.rstrip()
        self._cache = (width, out, starts)
        return out, starts

    def render(self) -> Text:
        return self._build(self._width())[0]

    def get_content_height(self, container: Size, viewport: Size, width: int) -> int:
        text, _ = self._build(width)
        return len(text.plain.split("\n")) if text.plain else 1


def _styled(sentence: Sentence) -> tuple[str, str, Text]:
    """(bar, bar style, sentence text with its styles) for one sentence."""
    text = Text(clean_line(sentence.text, 20000))
    mark = sentence.mark
    if mark is None:
        return NO_BAR, "", text
    if mark.credit:
        text.stylize("dim italic")
        return NO_BAR, "", text
    if not mark.shared:
        return OWN_BAR, OWN_STYLE, text
    text.stylize(SHARED_TEXT)
    length = len(text.plain)
    for start, end in mark.changed:
        if 0 <= start < end <= length:  # spans are of the same cleaned one-line text
            text.stylize(CHANGED_STYLE, start, end)
    return BAR, BAR_STYLE, text
