"""Every outlet's feeds: status, last fetch, HTTP result, errors and article counts."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from tui.app.format import plain, relative, truncate
from tui.app.messages import DataChanged, FeedsLoaded
from tui.app.screens.base import PressdiffScreen
from tui.app.widgets.footer import KeyFooter
from tui.app.widgets.refresh_bar import RefreshBar
from tui.app.workers import thread_work
from tui.core import store
from tui.core.models import FeedStatus
from tui.core.sanitize import clean_line

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
        Binding("escape", "back", "Back"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.statuses: list[FeedStatus] = []

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
        header.append("   r refreshes the feed under the cursor", style="dim")
        self.query_one("#feeds-header", Static).update(header)
        if self.statuses:
            table.move_cursor(row=min(keep, len(self.statuses) - 1), animate=False)
            self._show_detail(table.cursor_row)
        else:
            self.query_one("#feed-detail", Static).update(
                Text("No feeds yet: add outlets to feeds.toml and press r.", style="dim")
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
