"""The facilitator's discussion notes for the current step."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static, TextArea

from ..widgets import Literal


class NotesDialog(ModalScreen[str | None]):
    BINDINGS = [
        Binding("ctrl+s", "save", "Save notes", key_display="Ctrl+S"),
        Binding("escape", "cancel", "Cancel", key_display="Esc"),
    ]

    def __init__(self, step_title: str, text: str):
        super().__init__()
        self.step_title = step_title
        self.text = text

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Literal(f"Discussion notes: {self.step_title}", classes="dialog-title")
            yield Static(Content("What the group said, without names. Ctrl+S saves, Escape cancels."), classes="hint")
            yield TextArea(self.text, id="notes", soft_wrap=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#notes", TextArea).focus()

    def action_save(self) -> None:
        self.dismiss(self.query_one("#notes", TextArea).text)

    def action_cancel(self) -> None:
        self.dismiss(None)
