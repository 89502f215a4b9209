"""A review of the previous actions in the kiosk: one action at a time, a digit for done / in progress /
dropped (the sort's picker); the reveal shows each action with its counts."""

from __future__ import annotations

from typing import TYPE_CHECKING

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ...kinds.review import intro
from ..widgets import ReviewPicker
from .sort import SortKiosk

if TYPE_CHECKING:
    from ...packs import Step


class ReviewKiosk(SortKiosk):
    name = "review"

    def step_hint(self, step: Step) -> str | None:
        return intro(step)

    def compose_answer(self, step: Step) -> ComposeResult:
        outcomes = ", ".join(f"{n} {b.label}" for n, b in enumerate(step.buckets, 1))
        yield Static(
            Content(f"For each action press {outcomes} ({len(step.buckets) + 1} skips it). Backspace goes back."),
            classes="hint",
        )
        yield ReviewPicker(step, id="answer")


KIOSK = ReviewKiosk()
