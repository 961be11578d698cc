"""The pressdiff Textual app: screens, the refresh worker, exports and corrections.

Thread workers open their own SQLite connection (connections stay in their thread) and
report through the messages in `tui.app.messages`; widgets are touched on the UI thread only.
"""

from __future__ import annotations

import asyncio
import contextlib
import os
import signal
import threading
from collections.abc import Callable, Iterable, Iterator
from datetime import datetime
from multiprocessing import resource_tracker
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlite_utils
from rich.text import Text
from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.worker import Worker

from tui.app.commands import palette_commands
from tui.app.messages import (
    CorrectionDone,
    DataChanged,
    ExportDone,
    RefreshFinished,
    RefreshProgress,
)
from tui.app.screens.base import report_worker_error
from tui.app.screens.feeds import FeedsScreen
from tui.app.screens.help import HelpScreen, Sections
from tui.app.screens.side_by_side import SideBySideScreen
from tui.app.screens.stories import StoriesScreen, StoryTable
from tui.app.widgets.refresh_bar import RefreshBar, RefreshState
from tui.app.workers import thread_work
from tui.core import store
from tui.core.config import Config, ConfigError, find_config, load_config, write_starter
from tui.core.sanitize import clean_line
from tui.core.wording import refresh_summary

if TYPE_CHECKING:  # the refresh code loads when first used
    from tui.core.refresh_report import RefreshReport

FAILURES_NAMED = 3  # more failed feeds than this are summed up in one notification
POLL_SECONDS = 2.0  # how often to look for commits by another process (a cron'd refresh)


UNDO_LIMIT = 50  # corrections `u` can take back, newest first


class PressdiffApp(App):
    """Stories list -> side by side -> article; feeds, help, refresh, export, corrections."""

    CSS_PATH = "app.tcss"
    TITLE = "pressdiff"
    BINDINGS = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("f", "feeds", "Feeds"),
        Binding("r", "refresh", "Refresh"),
        Binding("u", "undo", "Undo last correction", show=False),
        Binding("ctrl+p", "command_palette", "Commands", show=False),
    ]

    def __init__(
        self,
        db_path: Path,
        config_path: Path | None = None,
        *,
        now: Callable[[], datetime] | None = None,
        demo_server_url: str | None = None,
    ) -> None:
        super().__init__()
        self.db_path = Path(db_path)
        self.config_path = Path(config_path) if config_path else None
        self.config: Config | None = None
        self.now: Callable[[], datetime] = now or (lambda: datetime.now().astimezone())
        self.demo_server_url = demo_server_url
        self.refresh_state = RefreshState()
        self._cancel_refresh: threading.Event | None = None
        self._poll_db: sqlite_utils.Database | None = None
        self._data_version: int | None = None
        self._open_lock = threading.Lock()
        # Corrections made in this session, newest last: `u` takes them back one by one.
        self.undo_stack: list[int] = []
        # SIGTERM (a shutdown, `kill`) and SIGHUP (the terminal closed) end the app as `q`
        # does: a running refresh is stopped, its worker processes end, the terminal is
        # restored. Set by run_app; tests leave their own process's signals alone.
        self.exit_on_stop_signals = False
        start_process_helper()

    # --- start ---------------------------------------------------------------------------

    def on_mount(self) -> None:
        if self.config_path is not None:
            try:
                self.config = load_config(self.config_path)
            except ConfigError as exc:
                self.notify(str(exc), title="feeds.toml", severity="error", timeout=10,
                            markup=False)
        self._open_poll_db()
        self.set_interval(POLL_SECONDS, self._poll_data_version)
        self.push_screen(StoriesScreen())
        if self.exit_on_stop_signals:
            loop = asyncio.get_running_loop()
            for signum in (signal.SIGTERM, signal.SIGHUP):
                loop.add_signal_handler(signum, self.exit)

    @property
    def poll_db(self) -> sqlite_utils.Database | None:
        """The UI thread's connection (None until opened, or when the file is unusable)."""
        return self._poll_db

    @thread_work(group="poll")
    def _open_poll_db(self) -> None:
        """Open the connection the 2 s poll reads PRAGMA data_version from. Opening may
        create or migrate the file, so it happens here, not on the UI thread; the
        connection is then only used from the UI thread (check_same_thread is off)."""
        try:
            db = self.open_db()
            version = store.data_version(db)
        except store.StoreError:
            return  # the stories screen says so, in place of the list
        self._data_version = version
        self._poll_db = db

    def on_unmount(self) -> None:
        if self._cancel_refresh is not None:
            self._cancel_refresh.set()
        if self._poll_db is not None:
            self._poll_db.conn.close()

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self, event)

    def open_db(self) -> sqlite_utils.Database:
        """A connection for the calling thread (each worker opens and closes its own).

        Opens are serialised: two connections opening a new file at once race on creating
        the schema and switching it to WAL, and one of them fails with "database is locked".
        """
        with self._open_lock:
            return store.connect(self.db_path)

    @contextlib.contextmanager
    def db(self) -> Iterator[sqlite_utils.Database]:
        """``with app.db() as db:`` a connection for this thread, closed after the block."""
        db = self.open_db()
        try:
            yield db
        finally:
            db.conn.close()

    def config_location(self) -> Path:
        return self.config_path or find_config()

    def first_run_text(self) -> Text:
        text = Text()
        text.append("Welcome to pressdiff. There are no stories yet.\n\n", style="bold")
        location = clean_line(str(self.config_location()))
        if not self.config_location().exists():
            text.append("There is no feeds.toml at\n     ")
            text.append(location, style="bold cyan")
            text.append("\n  1. press ")
            text.append("i", style="bold")
            text.append(" to write the starter list there (16 outlets, commented),\n"
                        "     or add a feed from a terminal: ")
            text.append("pressdiff add URL", style="bold cyan")
            text.append("\n  2. press ")
            text.append("r", style="bold")
            text.append(" to fetch them.\n\n")
        else:
            text.append("To follow your own outlets:\n")
            text.append("  1. list outlets and their RSS/Atom feeds in feeds.toml at\n     ")
            text.append(location, style="bold cyan")
            text.append("\n  2. press ")
            text.append("r", style="bold")
            text.append(" to fetch them.\n\n")
        text.append("To look around first, quit and run the demo, which serves seven\n")
        text.append("fictional outlets from this machine:  ")
        text.append("pressdiff demo", style="bold cyan")
        return text

    def write_starter_config(self) -> None:
        """First run: write the starter feeds.toml where pressdiff looks (never over one)."""
        target = self.config_location()
        try:
            write_starter(target)
            self.config = load_config(target)
        except (ConfigError, OSError) as exc:
            self.notify(str(exc), title="feeds.toml", severity="error", timeout=10,
                        markup=False)
            return
        self.config_path = target
        self.notify(f"Wrote {target} ({len(self.config.outlets)} outlets): edit it any time;"
                    " press r to fetch them", timeout=10, markup=False)
        self.broadcast_data_changed()

    # --- navigation ----------------------------------------------------------------------

    def open_story(self, story_id: int) -> None:
        self.push_screen(SideBySideScreen(story_id))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(binding_sections()))

    def action_feeds(self) -> None:
        if not isinstance(self.screen, FeedsScreen):
            self.push_screen(FeedsScreen())

    def stories_screen(self) -> StoriesScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, StoriesScreen):
                return screen
        return None

    def broadcast_data_changed(self) -> None:
        for screen in self.screen_stack:
            screen.post_message(DataChanged())

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        # Textual's own "Keys" (its key panel) would stand beside ours: one entry, the help.
        yield from (c for c in super().get_system_commands(screen) if c.title != "Keys")
        yield from palette_commands(self)

    # --- refresh -------------------------------------------------------------------------

    def action_refresh(self) -> None:
        self.start_refresh()

    def start_refresh(
        self, *, outlet: str | None = None, feed_url: str | None = None, label: str = ""
    ) -> None:
        if self.refresh_state.running:
            self.notify("A refresh is already running (Esc cancels it)", severity="warning")
            return
        self.refresh_state = RefreshState(running=True)
        self._cancel_refresh = threading.Event()
        self._update_bars()
        what = "Refreshing " + (clean_line(label) + " feed" if feed_url else "all feeds")
        self.notify(what, timeout=2, markup=False)
        self._refresh_worker(outlet, feed_url, self._cancel_refresh)

    @thread_work(group="refresh", exclusive=True)
    def _refresh_worker(
        self, outlet: str | None, feed_url: str | None, cancel: threading.Event
    ) -> None:
        # Whatever happens, RefreshFinished is posted: the bar must never stay up.
        try:
            config = load_config(self.config_location())
        except ConfigError as exc:
            self.post_message(RefreshFinished(None, error=str(exc)))
            return
        self.config = config
        try:
            from tui.core import pipeline

            report = pipeline.refresh(
                self.db_path, config, outlet=outlet, feed_url=feed_url,
                on_event=lambda event: self.post_message(RefreshProgress(event)), cancel=cancel,
            )
        except Exception as exc:  # the UI reports a broken refresh; it never crashes on it
            self.post_message(RefreshFinished(None, error=f"Refresh failed: {exc}"))
            return
        self.post_message(RefreshFinished(report))

    def on_refresh_progress(self, message: RefreshProgress) -> None:
        event = message.event
        state = self.refresh_state
        if not state.running:
            return
        state.phase = event.phase
        state.done = event.done
        state.total = event.total
        if event.kind == "feed-failed":
            state.failed += 1  # the bar counts them; what failed is said once, at the end
        self._update_bars()

    def report_refresh(self, report: RefreshReport) -> None:
        """The end of a refresh: its summary, with a few failed feeds named one by one, or
        many (or all) summed up in the same notification."""
        failed = report.feeds_failed
        if not failed or (len(failed) <= FAILURES_NAMED and report.feeds_ok):
            for outlet, url, reason in failed:
                self.notify(f"{clean_line(outlet) or 'A feed'}: {clean_line(reason) or 'failed'}"
                            f"\n{clean_line(url)}", title="Feed failed", severity="error",
                            timeout=8, markup=False)
            self.notify(refresh_summary(report), timeout=5, markup=False)
            return
        outlet, url, reason = failed[0]
        more = f" and {len(failed) - 1} more" if len(failed) > 1 else ""
        self.notify(f"{refresh_summary(report)}. First: {clean_line(outlet)}: "
                    f"{clean_line(reason)} ({clean_line(url)}){more}; the Feeds screen (f) "
                    "lists every one.", title="Refresh", severity="error", timeout=12,
                    markup=False)

    def on_refresh_finished(self, message: RefreshFinished) -> None:
        self.refresh_state = RefreshState(running=False)
        self._cancel_refresh = None
        self._update_bars()
        if message.error:
            self.notify(message.error, severity="error", timeout=10, markup=False)
        elif message.report is not None:
            self.report_refresh(message.report)
            if message.report.stories_error:
                self.notify(message.report.stories_error, title="Stories not updated",
                            severity="error", timeout=15, markup=False)
        self.broadcast_data_changed()

    def cancel_refresh(self) -> bool:
        """Cancel a running refresh; False when none is running (Esc does its usual job)."""
        if not self.refresh_state.running or self._cancel_refresh is None:
            return False
        if not self._cancel_refresh.is_set():
            self._cancel_refresh.set()
            self.refresh_state.cancelling = True
            self._update_bars()
            self.notify("Cancelling refresh…", timeout=2)
        return True

    def _update_bars(self) -> None:
        for screen in self.screen_stack:
            for bar in screen.query(RefreshBar):
                bar.show_state(self.refresh_state)

    def _poll_data_version(self) -> None:
        if self._poll_db is None:
            return
        try:
            version = store.data_version(self._poll_db)
        except Exception:  # a locked or vanished file: try again at the next tick
            return
        if version != self._data_version:
            self._data_version = version
            self.broadcast_data_changed()

    # --- export --------------------------------------------------------------------------

    def export_story(self, story_id: int, force: bool = False) -> None:
        self._export_worker(story_id, force)

    @thread_work(group="export")
    def _export_worker(self, story_id: int, force: bool) -> None:
        from tui.core import briefs
        from tui.core.export import ExportError

        directory = Path(os.environ.get("PRESSDIFF_EXPORT_DIR") or Path.cwd())
        with self.db() as db:
            try:
                story = briefs.read_story(db, story_id)
                path = briefs.export_path(story, directory)
                if path.exists() and not force:
                    self.post_message(ExportDone(path, exists=True))
                    return
                written = briefs.export(db, story_id, directory, force=force,
                                        generated_at=self.now())
            except store.StoreError as exc:
                self.post_message(ExportDone(None, error=str(exc)))
                return
            except ExportError as exc:
                self.post_message(ExportDone(path, exists=path.exists() and not force,
                                             error=str(exc)))
                return
        self.post_message(ExportDone(written))

    def on_export_done(self, message: ExportDone) -> None:
        if message.exists:
            self.notify(f"{message.path} already exists. Press Shift+E to overwrite it.",
                        title="Not exported", severity="warning", timeout=8, markup=False)
        elif message.error:
            self.notify(message.error, title="Export failed", severity="error", markup=False)
        else:
            self.notify(f"Exported to {message.path}", title="Export", timeout=6, markup=False)

    # --- corrections ---------------------------------------------------------------------

    def remove_article(self, article_id: int, title: str, story_id: int) -> None:
        description = "Removed from the story: " + clean_line(title)
        self._correction_worker(lambda db: store.remove_from_story(db, article_id), description)

    def merge_stories(self, into_id: int, absorbed_id: int, absorbed: str, into: str) -> None:
        description = f"Merged “{clean_line(absorbed)}” into “{clean_line(into)}”"
        self._correction_worker(
            lambda db: store.merge_stories(db, into_id, absorbed_id), description
        )

    @thread_work(group="corrections")
    def _correction_worker(self, change: Callable[[Any], Any], description: str) -> None:
        with self.db() as db:
            try:
                change(db)
            except store.StoreError as exc:
                self.post_message(CorrectionDone(description, error=str(exc)))
                return
            correction = store.latest_correction(db)
        self.post_message(CorrectionDone(description, correction_id=correction))

    def action_undo(self) -> None:
        if not self.undo_stack:
            self.notify("Nothing to undo: no story was corrected in this session", timeout=3)
            return
        self._undo_worker(self.undo_stack.pop())

    @thread_work(group="corrections")
    def _undo_worker(self, correction_id: int) -> None:
        with self.db() as db:
            try:
                said = store.undo_correction(db, correction_id)
            except store.StoreError as exc:
                self.post_message(CorrectionDone("Undo", error=str(exc), undo=True))
                return
        self.post_message(CorrectionDone("Undone: " + said, undo=True))

    def on_correction_done(self, message: CorrectionDone) -> None:
        if message.error:
            self.notify(message.error, title="Not undone" if message.undo else "Not changed",
                        severity="error", markup=False)
            return
        if message.correction_id is not None:
            self.undo_stack.append(message.correction_id)
            del self.undo_stack[:-UNDO_LIMIT]
        hint = "" if message.undo else " (u undoes)"
        self.notify(message.description + hint, timeout=5, markup=False)
        if isinstance(self.screen, SideBySideScreen):
            self.screen.reload_story()
        self.broadcast_data_changed()


def start_process_helper() -> None:
    """Start multiprocessing's resource tracker now, while sys.stderr is the real one.

    The pipeline extracts pages in spawned processes. Spawning first starts the tracker,
    which passes sys.stderr.fileno() to its child; inside a running Textual app sys.stderr
    is a capture whose fileno() is -1, and the spawn fails with "bad value(s) in
    fds_to_keep". Once started, the tracker is reused by every later spawn.
    """
    try:
        resource_tracker.ensure_running()
    except Exception:  # without it extraction falls back to feed text; the app still works
        pass


def binding_sections() -> Sections:
    """Every key of the app and its screens, in the order a person meets them."""
    from tui.app.screens.article import ArticleScreen

    def own(cls: type) -> list[Binding]:
        return [b for b in cls.BINDINGS if isinstance(b, Binding)]

    return [
        ("Everywhere", own(PressdiffApp)),
        ("Stories", own(StoryTable) + own(StoriesScreen)),
        ("Side by side", own(SideBySideScreen)),
        ("Article", own(ArticleScreen)),
        ("Feeds", own(FeedsScreen)),
    ]


def run_app(db_path: Path, config_path: Path | None = None,
            demo_server_url: str | None = None) -> None:
    app = PressdiffApp(db_path, config_path, demo_server_url=demo_server_url)
    app.exit_on_stop_signals = True
    app.run()
