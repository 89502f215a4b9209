"""A ranking in the kiosk: the options in a list to reorder by keys; the reveal shows the group's order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..widgets import RankChart, RankPicker
from .base import KioskKind

if TYPE_CHECKING:
    from ...packs import Step
    from ...results import StepResult


class RankKiosk(KioskKind):
    name = "rank"

    def step_hint(self, step: Step) -> str | None:
        return f"Put the {len(step.options)} options in order, the one that matters most first."

    def compose_answer(self, step: Step) -> ComposeResult:
        yield Static(
            Content(
                "Up/Down choose an option. Shift+Up/Shift+Down (or - and +) move it up or down; "
                f"a number 1-{len(step.options)} gives it that place. Enter submits the order shown."
            ),
            classes="hint",
        )
        yield RankPicker(step.options, id="answer")

    def value(self, widget: Any) -> Any:
        return list(widget.order)

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        last = len(result.step.options) - 1
        yield Static(
            Content(f"The group's order: {last} points for each first place, down to 0 for last; "
                    "and how many put each option first."),
            classes="hint",
        )
        yield RankChart(result.ranking, id="ranking", classes="chart")


KIOSK = RankKiosk()
