"""A card sort in the kiosk: one card at a time, a digit per bucket; the reveal shows each card's split."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult
from textual.content import Content
from textual.widgets import Static

from ..widgets import BarChart, GroupSortPicker, Literal, SortPicker
from .base import KioskKind

if TYPE_CHECKING:
    from textual.screen import Screen

    from ...packs import Step
    from ...results import CardSplit, StepResult


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

    def unsaved(self, widget: Any) -> str:
        placed = len(widget.placed)
        return f"the {placed} card{'s' if placed != 1 else ''} you placed" if placed else ""

    def check_submit(self, step: Step, value: Any) -> str | None:
        # A group's value is {"cards": {...}, "disagree": {...}} (group_value); one person's is the cards alone.
        if isinstance(value, dict) and isinstance(value.get("cards"), dict):
            value = value["cards"]
        placed, total = len(value or {}), len(step.cards)
        if 0 < placed < total:
            return f"{placed} of {total} cards placed. Submit anyway? The cards left out count for nobody."
        return None

    def submit_declined(self, widget: Any) -> None:
        widget.show_first_unplaced()

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        if result.group:
            yield from self._compose_group_reveal(result)
            return
        yield Static(Content("The cards the group split on most come first."), classes="hint")
        for split in most_split_first(result.splits):
            yield Literal(split.card.text, classes="card-title")
            yield BarChart(split.bars, classes="split")
            yield Static(Content(f"Placed by {split.total}"), classes="split-total")
            yield Literal(split.card.explanation, classes="explanation")

    def _compose_group_reveal(self, result: StepResult) -> ComposeResult:
        for split in result.splits:
            yield Literal(split.card.text, classes="card-title")
            line = f"The group: {split.group_bucket}" if split.group_bucket else "Not placed"
            if split.disagreed is not None:
                line += f" · {split.disagreed} disagreed"
            yield Literal(line, classes="split")
            yield Literal(split.card.explanation, classes="explanation")


def disagreement(split: CardSplit) -> float:
    """How far the group split on a card: the share of its placements outside the most chosen
    bucket (0 when everyone agreed; a card nobody placed counts as agreed)."""
    if not split.total:
        return 0.0
    return 1 - max(bar.count for bar in split.bars) / split.total


def most_split_first(splits: list[CardSplit]) -> list[CardSplit]:
    """The cards the group disagreed on most first; equal ones keep the pack's order."""
    return sorted(splits, key=disagreement, reverse=True)


KIOSK = SortKiosk()
