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


class KeyFooter(Footer):
    async def recompose(self) -> None:
        await super().recompose()
        watchers = getattr(self, "__watchers", {}).get("compact")
        if watchers:
            watchers[:] = [(node, callback) for node, callback in watchers
                           if node.is_attached and not node._closing]
