"""The reveal: everything the group said at this step, shuffled and anonymous, plus the notes."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from ...results import StepResult, tally
from ..widgets import BarChart, Literal
from .base import SessionScreen


class RevealScreen(SessionScreen):
    def compose(self) -> ComposeResult:
        session = self.session
        step = session.step
        shown = session.current_round()  # its turns in their fixed (document id) order
        result = tally(step, list(shown.turns), session.round)
        yield from self.compose_header()
        with VerticalScroll(id="body"):
            yield Literal(step.title, id="step-title", classes="question-title")
            yield Literal(step.text, classes="question-text")
            counts = f"{result.answered} answer{'s' if result.answered != 1 else ''}"
            if result.passed:
                counts += f", {result.passed} pass{'es' if result.passed != 1 else ''}"
            if session.round > 1:
                counts += f" (round {session.round})"
            if step.kind in ("open", "actions"):
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
    if step.kind == "open":
        for text in result.texts:
            yield Literal(text, classes="answer")
    elif step.kind == "scale":
        yield BarChart(result.bars, id="histogram", classes="chart")
        if result.mean is not None:
            yield Static(Content(f"Average {result.mean:.1f} out of {step.points}"), classes="hint")
    elif step.kind == "choice":
        yield BarChart(result.bars, id="choices", classes="chart")
    elif step.kind == "sort":
        for split in result.splits:
            yield Literal(split.card.text, classes="card-title")
            line = "   ".join(f"{bar.label}: {bar.count}" for bar in split.bars)
            yield Static(Content(f"{line}   (of {split.total})"), classes="split")
            yield Literal(split.card.explanation, classes="explanation")
    elif step.kind == "actions":
        for level in step.levels:
            actions = result.actions_at(level.id)
            yield Static(Content(f"{level.label} ({len(actions)})"), classes="section-label")
            for action in actions:
                text = f"{action.text}  [{action.lens_label}]"
                if action.measure:
                    text += f"\n  How we'll know: {action.measure}"
                yield Literal(text, classes="answer")
        yield BarChart(result.lens_bars, classes="chart")
