"""The blank screen: hides everything at once; only the facilitator PIN brings the session back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static


class BlankScreen(Screen):
    BINDINGS = [Binding("enter", "unblank", "Show the screen again (facilitator PIN)", key_display="Enter")]

    def compose(self) -> ComposeResult:
        yield Static(Content("Screen hidden. Facilitator: press Enter and give the PIN."), id="blank")
        yield Footer()

    def action_unblank(self) -> None:
        app = self.app
        if app.session is None:  # type: ignore[attr-defined]
            app.pop_screen()
            return
        from .pin import PinDialog

        def done(ok: bool | None) -> None:
            if ok:
                app.pop_screen()

        app.push_screen(PinDialog(), done)
