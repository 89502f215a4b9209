"""The reveal: everything the group said at this step, shuffled and anonymous, plus the notes."""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from ... import kinds
from ...results import StepResult, tally
from ..kinds import kiosk
from ..widgets import Literal, TooSmall
from .base import SessionScreen


SCROLL_KEYS = "↑↓ PgUp PgDn"


class RevealBody(VerticalScroll):
    """The revealed round, scrolled by the arrow keys, Page Up/Down, Home and End; the footer says so."""

    BINDINGS = [Binding("pagedown", "page_down", "Scroll", key_display=SCROLL_KEYS)]


class RevealScreen(SessionScreen):
    def compose(self) -> ComposeResult:
        session = self.session
        step = session.step
        shown = session.current_round()  # its turns in their fixed (document id) order
        result = self.result = tally(step, list(shown.turns), session.round)  # the redaction list reads it
        yield from self.compose_header()
        yield TooSmall()
        with RevealBody(id="body"):
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
            if shown.too_few:
                yield Static(Content(too_few_text(step.min_answers)), id="counts", classes="status")
            else:
                yield Static(Content(counts), id="counts", classes="status")
                yield from compose_result(result)
            note = session.note(step.id)
            if note:
                yield Static(Content("Discussion notes"), classes="section-label")
                yield Literal(note, id="notes", classes="notes")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#body").focus()

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(TooSmall).fit(self, event.size.width, event.size.height)


def too_few_text(minimum: int) -> str:
    return (
        f"Too few answers to show: answers are shown only when a round has at least {minimum}, so that "
        "nobody's answer can be picked out. Facilitator: F2 then a asks again, n moves on."
    )


def compose_result(result: StepResult) -> ComposeResult:
    step = result.step
    if not result.answered:
        yield Static(Content("No answers were given in this round."), classes="hint")
        return
    yield from kiosk(step).compose_reveal(result)
