"""Every outlet's feeds: status, last fetch, HTTP result, errors and article counts."""

from __future__ import annotations

import threading
from collections.abc import Callable

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.app.format import plain, relative, truncate
from tui.app.messages import DataChanged, FeedsEdited, FeedsLoaded
from tui.app.screens.base import PressdiffScreen
from tui.app.screens.confirm import ConfirmScreen
from tui.app.screens.feed_dialogs import AddFeedScreen, NewFeed, TagsScreen, tag_words
from tui.app.widgets.footer import KeyFooter
from tui.app.widgets.refresh_bar import RefreshBar
from tui.app.workers import thread_work
from tui.core import store
from tui.core.config import ConfigError
from tui.core.feedlist import FeedList, Target
from tui.core.models import FeedStatus
from tui.core.sanitize import clean_line
from tui.core.wording import count

STATUS_STYLES = {
    "ok": "green",
    "not-modified": "green",
    "warning": "yellow",
    "failed": "bold red",
    "never": "dim",
}


class FeedsScreen(PressdiffScreen):
    BINDINGS = [
        Binding("r", "refresh_feed", "Refresh this feed"),
        # Named in the screen's header line; the footer keeps room for the app's keys.
        Binding("a", "add_feed", "Add a feed", show=False),
        Binding("space", "toggle_feed", "Enable/disable", show=False),
        Binding("d", "remove_feed", "Remove feed", show=False),
        Binding("e", "edit_tags", "Edit tags", show=False),
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[FeedStatus] = []
        self._edit_lock = threading.Lock()

    def compose(self) -> ComposeResult:
        yield Static(Text("Feeds", style="bold"), id="feeds-header")
        yield DataTable(cursor_type="row", id="feeds")
        yield Static(id="feed-detail")
        yield RefreshBar()
        yield KeyFooter()

    def on_mount(self) -> None:
        table = self.query_one("#feeds", DataTable)
        table.add_column("Outlet", key="outlet", width=22)
        table.add_column("Feed", key="url", width=36)
        table.add_column("Status", key="status", width=12)
        table.add_column("Last fetch", key="fetched", width=10)
        table.add_column("HTTP", key="http", width=4)
        table.add_column("Arts", key="articles", width=5)
        table.add_column("Problem", key="problem", width=16)
        table.focus()
        self._load()

    @thread_work(group="feeds-load", exclusive=True)
    def _load(self) -> None:
        with self.papp.db() as db:
            statuses = store.feed_statuses(db)
        self.post_message(FeedsLoaded(statuses))

    def on_feeds_loaded(self, message: FeedsLoaded) -> None:
        table = self.query_one("#feeds", DataTable)
        keep = table.cursor_row
        table.clear()
        self.statuses = message.statuses
        now = self.papp.now()
        for number, status in enumerate(self.statuses):
            table.add_row(*self._cells(status, now), key=str(number))
        failed = sum(1 for s in self.statuses if s.status == "failed")
        header = Text.assemble(("Feeds", "bold"))
        header.append(f" — {len(self.statuses)} feeds")
        if failed:
            header.append(f" · {failed} failed", style="red")
        disabled = sum(1 for s in self.statuses if not s.enabled)
        if disabled:
            header.append(f" · {disabled} disabled", style="dim")
        header.append("   a add · space on/off · d remove · e tags · r refresh this feed",
                      style="dim")
        self.query_one("#feeds-header", Static).update(header)
        if self.statuses:
            table.move_cursor(row=min(keep, len(self.statuses) - 1), animate=False)
            self._show_detail(table.cursor_row)
        else:
            self.query_one("#feed-detail", Static).update(
                Text("No feeds yet: press a to add one (or edit feeds.toml), then r.",
                     style="dim")
            )

    def _cells(self, status: FeedStatus, now) -> list[Text]:
        problem = status.error or "; ".join(status.warnings)
        state = status.status if status.enabled else "disabled"
        return [
            plain(truncate(status.outlet, 22)),
            plain(truncate(status.url, 36), style="dim"),
            Text(state, style=STATUS_STYLES.get(state, "")),
            Text(relative(status.last_fetched_at, now)),
            Text(str(status.http_status or "—"), justify="right"),
            Text(str(status.article_count), justify="right"),
            plain(truncate(problem, 16), style="red" if status.error else "yellow"),
        ]

    @on(DataTable.RowHighlighted, "#feeds")
    def _highlighted(self, event: DataTable.RowHighlighted) -> None:
        self._show_detail(event.cursor_row)

    def _show_detail(self, row: int) -> None:
        if not 0 <= row < len(self.statuses):
            return
        status = self.statuses[row]
        now = self.papp.now()
        text = plain(status.outlet, style="bold")
        text.append("  ")
        text.append(clean_line(status.url))
        text.append("\n")
        text.append(f"status {status.status}")
        if status.http_status:
            text.append(f" · HTTP {status.http_status}")
        if status.duration_ms is not None:
            text.append(f" · {status.duration_ms} ms")
        text.append(f" · last fetch {relative(status.last_fetched_at, now)}")
        text.append(f" · last ok {relative(status.last_ok_at, now)}")
        text.append(f" · {status.article_count} articles")
        if not status.full_text:
            text.append(" · feed text only")
        if status.error:
            text.append("\nerror: ", style="bold red")
            text.append(clean_line(status.error))
        for warning in status.warnings:
            text.append("\nwarning: ", style="yellow")
            text.append(clean_line(warning))
        self.query_one("#feed-detail", Static).update(text)

    def on_data_changed(self, _: DataChanged) -> None:
        self._load()

    def action_refresh_feed(self) -> None:
        table = self.query_one("#feeds", DataTable)
        if not self.statuses:
            self.papp.action_refresh()
            return
        status = self.statuses[table.cursor_row]
        self.papp.start_refresh(feed_url=status.url, label=status.outlet)

    # --- editing the feed list -----------------------------------------------------------

    def _selected(self) -> FeedStatus | None:
        row = self.query_one("#feeds", DataTable).cursor_row
        return self.statuses[row] if 0 <= row < len(self.statuses) else None

    def action_add_feed(self) -> None:
        config = self.papp.config
        outlets = sorted({s.outlet for s in self.statuses} | (
            {o.name for o in config.outlets} if config else set()))
        listed = {s.url: s.outlet for s in self.statuses}
        self.app.push_screen(
            AddFeedScreen(outlets, config.settings if config else None, listed.get),
            self._added,
        )

    def _added(self, new: NewFeed | None) -> None:
        if new is None:
            return

        def change(feeds: FeedList) -> str:
            outlet, is_new = feeds.add_candidate(new.candidate, new.outlet, new.tags,
                                                 full_text=new.full_text)
            where = "new outlet" if is_new else "outlet"
            return f"Added {new.candidate.url} to {where} {outlet}: r fetches it"

        self._edit(change)

    def action_toggle_feed(self) -> None:
        if (status := self._selected()) is None:
            return

        def change(feeds: FeedList) -> str:
            feeds.set_enabled(Target(status.outlet, status.url), not status.enabled)
            state = "Enabled" if not status.enabled else "Disabled"
            return f"{state} {status.url} ({status.outlet})"

        self._edit(change)

    def action_remove_feed(self) -> None:
        if (status := self._selected()) is None:
            return
        question = Text("Remove ", style="bold")
        question.append(clean_line(status.url, 120))
        question.append(" (")
        question.append(clean_line(status.outlet, 60))
        question.append(") from feeds.toml?\n\n")
        question.append(f"Its {count(status.article_count, 'stored article')} stay unless you "
                        "choose to delete them next.", style="dim")

        def change(feeds: FeedList) -> str:
            feeds.remove(Target(status.outlet, status.url))
            return f"Removed {status.url} ({status.outlet})"

        def purge(yes: bool | None) -> None:
            if yes:
                self._purge(status.url)

        def confirmed(yes: bool | None) -> None:
            if not yes:
                return
            self._edit(change)
            if status.article_count:
                also = Text(f"Also delete its {count(status.article_count, 'stored article')}?",
                            style="bold")
                also.append("\n\nStories you exported, corrected, noted or starred keep "
                            "theirs. No keeps them all.", style="dim")
                self.app.push_screen(ConfirmScreen(also, "Delete articles"), purge)

        self.app.push_screen(ConfirmScreen(question, "Remove"), confirmed)

    @thread_work(group="feeds-edit")
    def _purge(self, url: str) -> None:
        with self.papp.db() as db:
            removal = store.purge_feed(db, [url])
        text = f"Deleted {count(removal.articles, 'article')} of {url}"
        if removal.kept:
            text += (f"; kept {count(removal.kept, 'article')} of "
                     f"{count(len(removal.protected_stories), 'story', 'stories')} you worked on")
        self.post_message(FeedsEdited(text))

    def action_edit_tags(self) -> None:
        if (status := self._selected()) is None:
            return
        try:
            outlet = FeedList.load(self.papp.config_location()).config.outlet(status.outlet)
        except ConfigError as exc:
            self.notify(str(exc), title="feeds.toml", severity="error", markup=False)
            return
        tags = dict(outlet.tags) if outlet else {}

        def edited(new_tags: dict[str, str] | None) -> None:
            if new_tags is None:
                return

            def change(feeds: FeedList) -> str:
                feeds.set_tags(status.outlet, new_tags)
                return f"Tags of {status.outlet}: {tag_words(new_tags) or 'none'}"

            self._edit(change)

        self.app.push_screen(TagsScreen(status.outlet, tags), edited)

    @thread_work(group="feeds-edit", exclusive=False)
    def _edit(self, change: Callable[[FeedList], str]) -> None:
        """Read feeds.toml, make the change, write it back (refused if it changed on disk
        meanwhile), and make the database's feed list match at once: no restart."""
        try:
            with self._edit_lock:  # one edit at a time: each reads what the last one wrote
                feeds = FeedList.load(self.papp.config_location())
                notice = change(feeds)
                config = feeds.save()
        except ConfigError as exc:
            self.post_message(FeedsEdited(str(exc), error=True))
            return
        except OSError as exc:
            where = self.papp.config_location()
            self.post_message(FeedsEdited(f"{where}: cannot write ({exc.strerror or exc})",
                                          error=True))
            return
        with self.papp.db() as db:
            store.sync_config(db, config)
        self.papp.config = config
        self.post_message(FeedsEdited(notice))

    def on_feeds_edited(self, message: FeedsEdited) -> None:
        if message.error:
            self.notify(message.text, title="feeds.toml not changed", severity="error",
                        timeout=10, markup=False)
            return
        self.notify(message.text, title="feeds.toml", timeout=6, markup=False)
        self.papp.broadcast_data_changed()
