"""The neutral confirmation after a turn: the answer has left the screen and is on disk.

The same screen follows an answer and a pass, word for word: the room must not see who passed."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ..widgets import NO_NAMES, Literal

RETURN_AFTER_SECONDS = 8


class ThanksScreen(Screen):
    BINDINGS = [Binding("enter", "done", "Next person", key_display="Enter")]

    def __init__(self, saved: bool = True):
        super().__init__()
        self.saved = saved

    def compose(self) -> ComposeResult:
        session = self.app.session  # type: ignore[attr-defined]
        if not self.saved:
            headline = "Your answer is kept in memory and will be saved as soon as the disk works."
        else:
            headline = "Thank you. Your answer is saved."
        with Vertical(id="thanks"):
            yield Static(Content(headline), id="thanks-title")
            yield Static(Content("Please pass the keyboard on. " + NO_NAMES), classes="reminder")
            yield Literal(session.signpost if session else "", classes="signpost")
        yield Footer()

    def on_mount(self) -> None:
        self.set_timer(RETURN_AFTER_SECONDS, self.action_done)

    def action_done(self) -> None:
        if self.app.screen is self:
            self.app.pop_screen()
