"""An open question in the kiosk: a text box that fills the turn screen; the reveal lists the answers."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ...text import ANSWER_LIMIT
from ..widgets import AnswerBox, Literal
from .base import KioskKind

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...packs import Step
    from ...results import StepResult


class OpenKiosk(KioskKind):
    name = "open"
    fills_turn = True

    def compose_answer(self, step: Step) -> ComposeResult:
        yield AnswerBox(id="answer", placeholder="Type your answer. Press Enter to submit.")

    def compose_status(self, step: Step) -> ComposeResult:
        yield Static(Content(f"0 / {ANSWER_LIMIT}"), id="counter")

    def mounted(self, screen: Screen, widget: Any) -> None:
        widget.counter = screen.query_one("#counter", Static)
        widget.focus()

    def value(self, widget: Any) -> Any:
        return widget.text

    def unsaved(self, widget: Any) -> str:
        typed = len(widget.text.strip())
        return f"the {typed} character{'s' if typed != 1 else ''} you typed" if typed else ""

    def listed(self, result: StepResult) -> list[str]:
        return list(result.texts)

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        for text in self.listed(result):
            yield Literal(text, classes="answer")


KIOSK = OpenKiosk()
