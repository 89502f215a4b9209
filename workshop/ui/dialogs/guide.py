"""The pack's facilitator notes for the current step: what to say and what to watch for."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ...packs import Step
from ..widgets import Literal


class GuideDialog(ModalScreen[None]):
    BINDINGS = [Binding("escape,enter", "close", "Close", key_display="Esc")]

    def __init__(self, step: Step):
        super().__init__()
        self.step = step

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog wide"):
            yield Literal(f"Facilitator guide: {self.step.title}", classes="dialog-title")
            yield Static(Content(f"Suggested time: {self.step.minutes} minutes"), classes="hint")
            yield Literal(self.step.notes, id="guide-text")
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
