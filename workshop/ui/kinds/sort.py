"""A card sort in the kiosk: one card at a time, a digit per bucket; the reveal shows each card's split."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..widgets import GroupSortPicker, Literal, SortPicker
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

    def compose_group_answer(self, step: Step, count_disagreement: bool = False) -> ComposeResult:
        buckets = len(step.buckets)
        after = " Then type how many people disagreed and press Enter." if count_disagreement else ""
        yield Static(
            Content(f"The group's answer: press 1-{buckets} to place each card ({buckets + 1} skips it).{after}"),
            classes="hint",
        )
        yield GroupSortPicker(step, count_disagreement, id="answer")

    def mounted(self, screen: Screen, widget: Any) -> None:
        pass  # the picker focuses its own bucket list

    def value(self, widget: Any) -> Any:
        return widget.placed

    def group_value(self, widget: Any) -> Any:
        return widget.value

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        if result.group:
            yield from self._compose_group_reveal(result)
            return
        for split in result.splits:
            yield Literal(split.card.text, classes="card-title")
            line = "   ".join(f"{bar.label}: {bar.count}" for bar in split.bars)
            yield Static(Content(f"{line}   (of {split.total})"), classes="split")
            yield Literal(split.card.explanation, classes="explanation")


    def _compose_group_reveal(self, result: StepResult) -> ComposeResult:
        for split in result.splits:
            yield Literal(split.card.text, classes="card-title")
            line = f"The group: {split.group_bucket}" if split.group_bucket else "Not placed"
            if split.disagreed is not None:
                line += f" · {split.disagreed} disagreed"
            yield Literal(line, classes="split")
            yield Literal(split.card.explanation, classes="explanation")


KIOSK = SortKiosk()
