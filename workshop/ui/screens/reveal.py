"""The reveal: everything the group said at this step, shuffled and anonymous, plus the notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from ... import kinds
from ...results import StepResult, tally
from ..kinds import kiosk
from ..widgets import Literal
from .base import SessionScreen


class RevealScreen(SessionScreen):
    def compose(self) -> ComposeResult:
        session = self.session
        step = session.step
        result = tally(step, session.answers(step.id), session.round)
        yield from self.compose_header()
        with VerticalScroll(id="body"):
            yield Literal(step.title, id="step-title", classes="question-title")
            yield Literal(step.text, classes="question-text")
            counts = f"{result.answered} answer{'s' if result.answered != 1 else ''}"
            if result.group:
                counts = "The group's answer"
            if result.passed:
                counts += f", {result.passed} pass{'es' if result.passed != 1 else ''}"
            if session.round > 1:
                counts += f" (round {session.round})"
            if kinds.of(step).shuffled:
                counts += " · shown in random order"
            yield Static(Content(counts), id="counts", classes="status")
            yield from compose_result(result)
            note = session.note(step.id)
            if note:
                yield Static(Content("Discussion notes"), classes="section-label")
                yield Literal(note, id="notes", classes="notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#body").focus()


def compose_result(result: StepResult) -> ComposeResult:
    step = result.step
    if not result.answered:
        yield Static(Content("No answers were given in this round."), classes="hint")
        return
    yield from kiosk(step).compose_reveal(result)
