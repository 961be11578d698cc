"""The command palette's entries (Ctrl+P): the app's actions, and one entry per saved watch.

The palette reads titles as Textual markup, so the analyst's own names and filters are
escaped: they stay text.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from textual.app import SystemCommand
from textual.markup import escape as escape_markup

from tui.core import store
from tui.core.sanitize import clean_line

if TYPE_CHECKING:
    from tui.app.app import PressdiffApp


def palette_commands(app: PressdiffApp) -> Iterable[SystemCommand]:
    yield SystemCommand("Refresh all feeds", "Fetch every feed, extract, cluster",
                        app.action_refresh)
    yield SystemCommand("Feeds", "Status of every outlet's feeds", app.action_feeds)
    yield SystemCommand("Export story", "Write the current story as a Markdown brief",
                        lambda: export_current(app))
    stories = app.stories_screen()
    if stories is not None:
        yield SystemCommand("Toggle single-outlet stories",
                            "Show or hide stories one outlet covered",
                            stories.action_toggle_singles)
        yield SystemCommand("Sort stories", "Newest first, by outlet count, or news first",
                            stories.action_toggle_sort)
        yield SystemCommand("Export digest of the listed stories",
                            "One Markdown report of the stories the list shows (D)",
                            stories.action_digest)
    yield SystemCommand("Keys", "Every key binding", app.action_help)
    yield from watch_commands(app)


def export_current(app: PressdiffApp) -> None:
    action = getattr(app.screen, "action_export", None)
    if action is None:
        app.notify("Open a story first (stories list or side by side)", severity="warning")
    else:
        action()


def watch_commands(app: PressdiffApp) -> Iterable[SystemCommand]:
    """A palette entry per saved watch: the stories list, filtered by it."""
    db = app.poll_db
    if db is None:
        return
    try:
        watches = store.list_watches(db)
    except store.StoreError:
        return
    for watch in watches:
        yield SystemCommand(f"Watch: {escape_markup(clean_line(watch.name, 40))}",
                            f"Stories matching {escape_markup(clean_line(watch.filter, 60))}",
                            lambda text=watch.filter: apply_watch(app, text))


def apply_watch(app: PressdiffApp, filter_text: str) -> None:
    """Back to the stories list, filtered by a watch's filter."""
    stories = app.stories_screen()
    if stories is None:
        return
    while app.screen is not stories and len(app.screen_stack) > 1:
        app.pop_screen()
    stories.set_filter(filter_text)
