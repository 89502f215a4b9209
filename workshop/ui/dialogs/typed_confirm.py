"""A yes/no question that needs a word typed first: for what no PIN can guard (deleting a session
file that cannot be opened, so has no PIN to check). Enter with the word confirms; Escape goes back."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Input, Static

from ..widgets import Literal
from .confirm import ConfirmDialog


class TypedConfirmDialog(ConfirmDialog):
    """`ConfirmDialog` whose yes is typing `word` (any case) and Enter; y and n are just letters here."""

    BINDINGS = [Binding("escape", "no", "No", key_display="Esc")]

    def __init__(self, question: str, word: str = "delete", yes: str = "Yes", cancel: str = "Go back"):
        super().__init__(question, yes, cancel)
        self.word = word

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Literal(self.question, id="question", classes="dialog-title")
            yield Static(
                Content(f"Type {self.word} and press Enter: {self.yes}    Escape: {self.cancel}"), classes="hint"
            )
            yield Input(restrict=r"[A-Za-z]*", max_length=len(self.word) + 4, id="typed", placeholder=self.word)
            yield Literal("", id="typed-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#typed", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.value.strip().lower() == self.word.lower():
            self.dismiss(True)
            return
        event.input.value = ""
        self.query_one("#typed-message", Literal).set_text(f"Type {self.word} to confirm, or press Escape.")

    def action_yes(self) -> None:  # only typing the word confirms
        pass
