"""A choice: each person picks one option, or several when `multiple`; the reveal shows a bar per option."""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .. import results
from ..errors import AnswerError
from ..turns import TurnTime
from .base import MAX_COUNT, Kind, count_or_none

if TYPE_CHECKING:
    from ..packs import Step
    from ..results import StepResult


class Choice(Kind):
    name = "choice"
    # One turn, as the kiosk takes it (the timing model, workshop/timing.py; measured in tests/test_timing.py)
    turns = {
        "choice": TurnTime(
            keys=4, typed=0, decisions=1, read_seconds=8.0,
            source="measured: Enter, the option's digit (it chooses), Enter (it submits), Enter",
        ),
        "choice-multiple": TurnTime(
            keys=12, typed=0, decisions=3, read_seconds=8.0,
            source="measured: Enter, 6 arrow keys and 3 ticks over a list of 10, Enter, Enter",
        ),
    }
    fields = ("options", "multiple")  # and `attendance`, which only the brief reads (not in `definition`)

    def turn_row(self, step: Step) -> str:
        return "choice-multiple" if step.multiple else self.name

    def parse(self, check: Any, raw: dict, where: str) -> dict[str, Any]:
        extra = parse_options(check, raw, where, 2, 12)
        multiple = raw.get("multiple", False)
        if not isinstance(multiple, bool):
            check.fail(where, "'multiple' must be true or false")
        extra["multiple"] = multiple is True
        # The attendance step: which agencies are in the room, recorded once for the room (a group
        # step), never per person; the brief lists the options the room gave a count to.
        attendance = raw.get("attendance", False)
        if not isinstance(attendance, bool):
            check.fail(where, "'attendance' must be true or false")
        elif attendance and raw.get("mode") != "group":
            check.fail(where, "an attendance step records the room once: it needs mode = \"group\"")
        extra["attendance"] = attendance is True
        return extra

    def definition(self, step: Step) -> dict[str, Any]:
        return {"options": list(step.options), "multiple": step.multiple}

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` is the list of option texts chosen (stored in the pack's order)."""
        if value is not None and not isinstance(value, (list, tuple)):
            raise AnswerError("choose at least one option" if step.multiple else "choose one option")
        chosen = list(dict.fromkeys(v for v in (value or []) if isinstance(v, str) and v in step.options))
        if not chosen:
            raise AnswerError("choose at least one option" if step.multiple else "choose one option")
        if not step.multiple and len(chosen) > 1:
            raise AnswerError("choose only one option")
        ordered = [o for o in step.options if o in set(chosen)]
        return {"choices": ordered}

    def clean_group_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` maps option texts to how many people in the room chose each (options left out: 0)."""
        data = value if isinstance(value, dict) else {}
        counts = {}
        for option in step.options:
            count = data.get(option, 0)
            if count_or_none(count) is None:
                raise AnswerError(f"each count must be a whole number from 0 to {MAX_COUNT}")
            counts[option] = count
        if not any(counts.values()):
            raise AnswerError("give a count of at least 1 for one option")
        return {"counts": counts}

    def export_answer(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> bool:
        counts = answer.get("counts")
        if isinstance(counts, dict):  # a group's answer
            out["counts"] = {o: counts[o] for o in step.options if count_or_none(counts.get(o)) is not None}
            return True
        choices = answer.get("choices")
        out["choices"] = [c for c in choices if isinstance(c, str)] if isinstance(choices, list) else []
        return True

    def csv_value(self, exported: dict[str, Any]) -> Any:
        if "counts" in exported:
            return json.dumps(exported["counts"], ensure_ascii=False)
        return json.dumps(exported["choices"], ensure_ascii=False)

    def tally(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        if result.group:  # the room's one answer: a count per option
            stored = given[-1]["answer"].get("counts")
            counts = {o: count_or_none(stored.get(o)) or 0 for o in step.options} if isinstance(stored, dict) else {}
            total = sum(counts.values())
            result.bars = [results._bar(option, counts.get(option, 0), total) for option in step.options]
            return
        values = [a["answer"] for a in given]
        chosen = [c for v in values for c in v.get("choices", [])]
        result.bars = [results._bar(option, chosen.count(option), len(values)) for option in step.options]

    def findings(self, step: Step, result: StepResult) -> list[str]:
        """The brief's sentence on the options chosen most (see `Kind.findings`)."""
        from .. import brief  # when called: brief imports the registry

        return [brief.choice_finding(step, result)] if result.bars else []


def parse_options(check: Any, raw: dict, where: str, low: int, high: int, purpose: str = "") -> dict[str, Any]:
    """The step's `options`: a list of `low` to `high` distinct, non-empty texts (a choice's, a ranking's)."""
    options = raw.get("options")
    if not isinstance(options, list) or not low <= len(options) <= high or not all(
        isinstance(o, str) and o.strip() for o in options
    ):
        check.fail(where, f"'options' must be a list of {low} to {high} pieces of text" + (f" {purpose}" if purpose else ""))
        return {}
    if len(set(options)) != len(options):
        check.fail(where, "'options' repeats an option")
    return {"options": tuple(o.strip()[:120] for o in options)}


KIND = Choice()
