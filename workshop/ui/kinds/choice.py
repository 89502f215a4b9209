"""A choice in the kiosk: a single-pick list, or a tick list when several may be chosen; bars on reveal."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..widgets import BarChart, GroupCounts, MultiPicker, SinglePicker
from .base import KioskKind

if TYPE_CHECKING:
    from ...packs import Step
    from ...results import StepResult


class ChoiceKiosk(KioskKind):
    name = "choice"

    def compose_answer(self, step: Step) -> ComposeResult:
        if step.multiple:
            yield Static(Content("Space ticks or unticks an option. Enter submits."), classes="hint")
            yield MultiPicker(step.options, id="answer")
        else:
            yield Static(Content("Choose one option (arrow keys or a number), then press Enter."), classes="hint")
            yield SinglePicker([(o, o) for o in step.options], id="answer")

    def compose_group_answer(self, step: Step, count_disagreement: bool = False) -> ComposeResult:
        yield Static(
            Content("The group's answer: type how many people chose each option (Enter moves on; "
                    "Enter on the last one submits). Leave an option empty for none."),
            classes="hint",
        )
        yield GroupCounts(step.options, id="answer")

    def group_value(self, widget: Any) -> Any:
        return widget.value

    def value(self, widget: Any) -> Any:
        if isinstance(widget, MultiPicker):
            return list(widget.selected)
        return [widget.value] if widget.value else []

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        yield BarChart(result.bars, id="choices", classes="chart")


KIOSK = ChoiceKiosk()
