"""A review of the previous actions in the kiosk: one action at a time, a digit for done / in progress /
dropped (the sort's picker); the reveal shows each action with its counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ...kinds.review import intro
from ..widgets import GroupReviewPicker, ReviewPicker
from .sort import SortKiosk

if TYPE_CHECKING:
    from ...packs import Step


class ReviewKiosk(SortKiosk):
    name = "review"

    def step_hint(self, step: Step) -> str | None:
        return intro(step)

    def compose_answer(self, step: Step) -> ComposeResult:
        yield Static(Content(f"For each action press {outcomes(step)}. Backspace goes back."), classes="hint")
        yield ReviewPicker(step, id="answer")

    def compose_group_answer(self, step: Step, count_disagreement: bool = False) -> ComposeResult:
        yield Static(Content(f"The room's answer: for each action press {outcomes(step)}. Backspace goes back."),
                     classes="hint")
        yield GroupReviewPicker(step, id="answer")


def outcomes(step: Step) -> str:
    """The digits of a review's outcomes, as the hint above the picker says them."""
    listed = ", ".join(f"{n} {b.label}" for n, b in enumerate(step.buckets, 1))
    return f"{listed} ({len(step.buckets) + 1} skips it)"


KIOSK = ReviewKiosk()
