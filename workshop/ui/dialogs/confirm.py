"""A yes/no question: Enter (or y) confirms, Escape (or n) goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ..widgets import Literal


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = [
        Binding("enter,y", "yes", "Yes", key_display="Enter"),
        Binding("escape,n", "no", "No", key_display="Esc"),
    ]

    def __init__(self, question: str, yes: str = "Yes", cancel: str = "Go back"):
        super().__init__()
        self.question = question
        self.yes = yes
        self.cancel = cancel

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal(self.question, id="question", classes="dialog-title")
            yield Static(Content(f"Enter: {self.yes}    Escape: {self.cancel}"), classes="hint")
        yield Footer()

    def action_yes(self) -> None:
        self.dismiss(True)

    def action_no(self) -> None:
        self.dismiss(False)
