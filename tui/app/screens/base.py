"""What every full screen of pressdiff shares: the refresh bar, the footer, Esc handling."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen
from textual.worker import Worker, WorkerState

from tui.app.widgets.refresh_bar import RefreshBar

if TYPE_CHECKING:
    from tui.app.app import PressdiffApp


class PressdiffScreen(Screen):
    """Base screen: Esc first cancels a running refresh, then goes back."""

    @property
    def papp(self) -> PressdiffApp:
        return cast("PressdiffApp", self.app)

    def on_screen_resume(self) -> None:
        for bar in self.query(RefreshBar):
            bar.show_state(self.papp.refresh_state)

    def on_worker_state_changed(self, event: Worker.StateChanged) -> None:
        report_worker_error(self.papp, event)

    def action_back(self) -> None:
        if self.papp.cancel_refresh():
            return
        self.dismiss()


def report_worker_error(app: PressdiffApp, event: Worker.StateChanged) -> None:
    """A worker that raised (a locked or broken database file, a bug) becomes an error
    notification; the app keeps running (workers are started with exit_on_error=False)."""
    if event.state != WorkerState.ERROR:
        return
    error = event.worker.error
    app.notify(f"{type(error).__name__}: {error}", title="Something went wrong",
               severity="error", timeout=10, markup=False)
