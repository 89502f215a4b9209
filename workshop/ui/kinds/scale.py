"""A scale in the kiosk: a list of points picked by arrow keys or a digit; the reveal draws the bars."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..widgets import BarChart, ScalePicker
from .base import KioskKind

if TYPE_CHECKING:
    from ...packs import Step
    from ...results import StepResult


class ScaleKiosk(KioskKind):
    name = "scale"

    def step_hint(self, step: Step) -> str | None:
        return f"Answer from 1 ({step.low}) to {step.points} ({step.high})."

    def compose_answer(self, step: Step) -> ComposeResult:
        yield Static(Content(f"Choose 1 to {step.points} (arrow keys or a number), then press Enter."), classes="hint")
        yield ScalePicker(step, id="answer")

    def value(self, widget: Any) -> Any:
        return widget.value

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        yield BarChart(result.bars, id="histogram", classes="chart")
        if result.mean is not None:
            yield Static(Content(f"Average {result.mean:.1f} out of {result.step.points}"), classes="hint")


KIOSK = ScaleKiosk()
