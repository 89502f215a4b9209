"""Action points in the kiosk: a small form, one action at a time and up to one per level (action,
level, lens, measure, owner, by-when); the reveal groups every action by level."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..widgets import ActionForm, BarChart, Literal
from .base import KioskKind

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...packs import Step
    from ...results import StepResult


class ActionsKiosk(KioskKind):
    name = "actions"

    def compose_answer(self, step: Step) -> ComposeResult:
        yield Static(Content("Up to one action for each level, one at a time. Enter moves to the next field; "
                             "Ctrl+S submits."), classes="hint")
        yield ActionForm(step, id="answer")

    def mounted(self, screen: Screen, widget: Any) -> None:
        widget.query_one("#action").focus()

    def value(self, widget: Any) -> Any:
        return widget.value

    def unsaved(self, widget: Any) -> str:
        if not widget.typed_anything:
            return ""
        return f"the {len(widget.added) + 1} action points you typed" if widget.added else "the action point you typed"

    def listed(self, result: StepResult) -> list[str]:
        return [action.text for level in result.step.levels for action in result.actions_at(level.id)]

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        for level in result.step.levels:
            actions = result.actions_at(level.id)
            yield Static(Content(f"{level.label} ({len(actions)})"), classes="section-label")
            for action in actions:
                text = f"{action.text}  [{action.lens_label}]"
                if action.measure:
                    text += f"\n  How we'll know: {action.measure}"
                owned = " · ".join(part for part in (action.owner and f"Owner: {action.owner}",
                                                     action.by_when and f"By when: {action.by_when}") if part)
                if owned:
                    text += f"\n  {owned}"
                yield Literal(text, classes="answer")
        yield BarChart(result.lens_bars, classes="chart")


KIOSK = ActionsKiosk()
