"""Redact one revealed answer. The list is shuffled like the reveal, so nobody learns whose it was."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...text import one_line


class RedactDialog(ModalScreen[dict | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", key_display="Esc")]

    def __init__(self, answers: list[dict[str, Any]]):
        super().__init__()
        self.answers = answers

    def compose(self) -> ComposeResult:
        options = []
        for index, doc in enumerate(self.answers):
            answer = doc["answer"]
            text = answer.get("text") or answer.get("action", "")
            options.append(Option(Content(one_line(text, 70)), id=str(index)))
        with Vertical(classes="dialog wide"):
            yield Static(Content("Redact which answer? Its text is replaced in the file and the summary."), classes="dialog-title")
            if options:
                yield OptionList(*options, id="answers")
            else:
                yield Static(Content("No written answers at this step. Press Escape."))
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.answers[int(event.option.id or 0)])

    def action_cancel(self) -> None:
        self.dismiss(None)
