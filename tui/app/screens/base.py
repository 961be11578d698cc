"""What every full screen of pressdiff shares: the refresh bar, the footer, Esc handling."""

from __future__ import annotations

from typing import TYPE_CHECKING, cast

from textual.screen import Screen

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

    def action_back(self) -> None:
        if self.papp.cancel_refresh():
            return
        self.dismiss()
