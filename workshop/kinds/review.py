"""A review of the group's previous actions: each person says of every action from the group's last
session whether it was done, is in progress or was dropped (anonymously, one turn each).

The actions are not in the pack file: when a session starts, `workshop.previous.attach` copies the
action plan of the group's previous session (same label, most recent finished session that planned
actions, same sessions folder) into the step's `previous` table of the session's pack snapshot. A
review is a sort at heart: the actions are its cards and done / in progress / dropped its buckets,
so the turn, the answer and the tally are the sort's; it feeds neither the lens balance nor the
report's sort figures.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import packs
from ..errors import AnswerError
from ..turns import TurnTime
from .sort import Sort

if TYPE_CHECKING:
    from ..packs import Step
    from ..results import StepResult

DEFAULT_OUTCOMES = (("done", "Done"), ("progress", "In progress"), ("dropped", "Dropped"))
MAX_ACTIONS = 40


class Review(Sort):
    name = "review"
    # One turn, as the kiosk takes it (the timing model, workshop/timing.py; measured in tests/test_timing.py)
    turns = {
        "review": TurnTime(
            keys=2, typed=0, decisions=0, read_seconds=0.0,
            per_item_keys=1, per_item_decisions=1, per_item_read_seconds=3.0,
            source="measured: Enter, one digit per action under review (the last one submits), Enter",
        ),
    }
    fields = ("outcomes", "previous")
    reviews_previous = True
    group_disagreement = False

    def parse(self, check: Any, raw: dict, where: str) -> dict[str, Any]:
        outcomes = check.options(raw, "outcomes", where, DEFAULT_OUTCOMES)
        previous = raw.get("previous")
        if previous is None:
            return {"buckets": outcomes, "cards": (), "previous_session": "", "previous_created": ""}
        if not isinstance(previous, dict) or not isinstance(previous.get("actions", []), list):
            check.fail(where, "'previous' is written by the app when a session starts; leave it out of a pack")
            return {"buckets": outcomes}
        cards = []
        for entry in previous.get("actions", [])[:MAX_ACTIONS]:
            if not isinstance(entry, dict):
                continue
            text = check.text(entry, "text", where, limit=2000)
            about = " · ".join(x for x in (check.text(entry, "level", where, required=False, limit=120),
                                           check.text(entry, "lens", where, required=False, limit=120)) if x)
            measure = check.text(entry, "measure", where, required=False, limit=2000)
            owner = check.text(entry, "owner", where, required=False, limit=200)
            by_when = check.text(entry, "by_when", where, required=False, limit=200)
            explanation = (about + (f". How we'd know: {measure}" if measure else "")
                           + (f". Owner: {owner}" if owner else "") + (f". By when: {by_when}" if by_when else ""))
            cards.append(packs.Card(check.ident(entry, "id", where), text, explanation))
        return {
            "buckets": outcomes, "cards": tuple(cards),
            "previous_session": check.text(previous, "session", where, required=False, limit=60),
            "previous_created": check.text(previous, "created", where, required=False, limit=10),
        }

    def timed(self, step: Step) -> bool:
        """A pack file has no actions to review yet (a session attaches them when it starts): the timing
        model plans for a previous session's plan rather than for no turns."""
        return True

    def turn_items(self, step: Step) -> int:
        from .. import timing

        return len(step.cards) or timing.PLANNED_REVIEW_ACTIONS

    def asks(self, step: Step) -> bool:
        """Only with actions to review: without a previous session the step is read out and skipped."""
        return bool(step.cards)

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` maps action ids to outcome ids (actions left out were skipped)."""
        try:
            return super().clean_answer(step, value)
        except AnswerError:
            raise AnswerError("say what happened to at least one action, or pass") from None

    def definition(self, step: Step) -> dict[str, Any]:
        return {
            "outcomes": [{"id": b.id, "label": b.label} for b in step.buckets],
            "previous": {"session": step.previous_session, "created": step.previous_created,
                         "actions": [{"id": c.id, "text": c.text} for c in step.cards]},
        }

    def lens(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        """A review is about what happened to actions, not about contexts or behaviour."""

    def report(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        """Not a card sort: the report's card figures leave it out."""

    def findings(self, step: Step, result: StepResult) -> list[str]:
        """None: a review's split of actions is not a finding (the brief reviews the last plan itself)."""
        return []


def intro(step: Step) -> str:
    """What the step screen says about the actions under review (or that there are none)."""
    if not step.cards:
        return ("No earlier finished session of this group (same label, same sessions folder) planned actions, "
                "so there is nothing to review here: the facilitator can move on.")
    count = len(step.cards)
    return (f"{count} action{'s' if count != 1 else ''} from the group's session of {step.previous_created}: "
            "say for each whether it was done, is in progress or was dropped.")


KIND = Review()
