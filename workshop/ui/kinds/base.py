"""The kiosk's side of a step kind: the answer widget of a turn and the view of a revealed round.

One `KioskKind` per kind, registered by name in `workshop.ui.kinds`; the core's `Kind` (in
`workshop/kinds/`) checks and tallies, this only draws and reads widgets. The defaults suit a kind
that takes no answers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from textual.app import ComposeResult

if TYPE_CHECKING:
    from textual.screen import Screen
    from textual.widget import Widget

    from ...packs import Step
    from ...results import StepResult


class KioskKind:
    name: str = ""
    fills_turn: bool = False
    """The answer widget takes the room left on the turn screen (else it scrolls in its own area)."""

    def step_hint(self, step: Step) -> str | None:
        """A line under the question on the "pass the keyboard" screen, or None."""
        return None

    def compose_answer(self, step: Step) -> ComposeResult:
        """The hint and the answer widget of a turn; the widget has id "answer"."""
        yield from ()

    def compose_status(self, step: Step) -> ComposeResult:
        """Anything shown beside the turn's message line (an open answer's character counter)."""
        yield from ()

    def compose_group_answer(self, step: Step, count_disagreement: bool = False) -> ComposeResult:
        """The widget for the room's one shared answer at a group step; by default a person's widget."""
        yield from self.compose_answer(step)

    def group_value(self, widget: Widget) -> Any:
        """What the group answer widget holds, in the shape the core kind's `clean_group_answer` takes."""
        return self.value(widget)

    def mounted(self, screen: Screen, widget: Widget) -> None:
        """The turn screen is up: give the answer widget the focus (and whatever else it needs)."""
        widget.focus()

    def value(self, widget: Widget) -> Any:
        """What the answer widget holds now, in the shape the core kind's `clean_answer` takes."""
        return None

    def unsaved(self, widget: Widget) -> str:
        """What a cancelled turn would throw away, said for the person ("the 12 characters you
        typed"), or "" when nothing was entered that takes more than a key to enter again."""
        return ""

    def check_submit(self, step: Step, value: Any) -> str | None:
        """A question to ask before submitting `value` (a sort with cards left out), or None."""
        return None

    def submit_declined(self, widget: Widget) -> None:
        """The person said no to `check_submit`'s question: take them to what is left to do."""

    def listed(self, result: StepResult) -> list[str]:
        """The written texts of a revealed round in the order its reveal lists them (the redaction
        list follows it, so "the second answer" is the same one on both)."""
        return []

    def compose_reveal(self, result: StepResult) -> ComposeResult:
        """One revealed round with at least one answer (the reveal screen shows the title and counts)."""
        yield from ()
