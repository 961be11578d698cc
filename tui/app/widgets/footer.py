"""The key footer, without Textual's watcher leak.

Textual's Footer rebuilds its keys whenever the screen's bindings change (every time a
screen is shown again), and each key binds to the footer's ``compact`` reactive. Those
bindings are stored on the footer and only pruned when ``compact`` changes, which it never
does here, so every rebuild kept the old keys (and all their state) alive: about 20
widgets each time the stories list came back from a story (Textual issue #6666). This
footer drops the bindings of keys that have been removed after each rebuild.
"""

from __future__ import annotations

from textual.widgets import Footer
from textual.widgets._footer import FooterKey


class KeyFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers
                           if node.is_attached and not node._closing]

    # --- narrow terminals -----------------------------------------------------------------
    # Below NARROW columns every key keeps its place with a one-word label and Ctrl+P is not
    # shown, so the app's own keys (q ? f r) are not pushed off the end by the screen's.

    NARROW = 110

    def compose(self):
        narrow = self.app.size.width < self.NARROW
        self.compact = narrow
        self.show_command_palette = not narrow  # Ctrl+P still works; the help lists it
        for widget in super().compose():
            if narrow and isinstance(widget, FooterKey) and widget.description:
                widget.description = short_label(widget.description)
            yield widget

    def on_resize(self) -> None:
        if (self.app.size.width < self.NARROW) != self.compact:
            self.call_after_refresh(self.recompose)


def short_label(description: str) -> str:
    """'Singles on/off' -> 'Singles', 'Mark/merge' -> 'Mark', 'Export, overwrite' -> 'Export'."""
    return description.split()[0].split("/")[0].rstrip(",")[:8]
