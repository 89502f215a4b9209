"""A card sort in the kiosk: one card at a time, a digit per bucket; the reveal shows each card's split."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..widgets import Literal, SortPicker
from .base import KioskKind

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...packs import Step
    from ...results import StepResult


class SortKiosk(KioskKind):
    name = "sort"

    def compose_answer(self, step: Step) -> ComposeResult:
        buckets = len(step.buckets)
        yield Static(
            Content(f"Press 1-{buckets} to place the card ({buckets + 1} skips it). Backspace goes back a card."),
            classes="hint",
        )
        yield SortPicker(step, id="answer")

    def mounted(self, screen: Screen, widget: Any) -> None:
        pass  # the picker focuses its own bucket list

    def value(self, widget: Any) -> Any:
        return widget.placed

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        for split in result.splits:
            yield Literal(split.card.text, classes="card-title")
            line = "   ".join(f"{bar.label}: {bar.count}" for bar in split.bars)
            yield Static(Content(f"{line}   (of {split.total})"), classes="split")
            yield Literal(split.card.explanation, classes="explanation")


KIOSK = SortKiosk()
