"""A scale: each person picks a point from 1 to `points`; the reveal shows a bar per point and the mean."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import results
from ..errors import AnswerError
from ..turns import TurnTime
from .base import Kind

if TYPE_CHECKING:
    from ..packs import Step
    from ..results import StepResult


class Scale(Kind):
    name = "scale"
    # One turn, as the kiosk takes it (the timing model, workshop/timing.py; measured in tests/test_timing.py)
    turns = {
        "scale": TurnTime(
            keys=4, typed=0, decisions=1, read_seconds=5.0,
            source="measured: Enter, a digit, Enter, Enter",
        ),
    }
    fields = ("points", "low", "high")  # and `rated`, which only the brief reads (not in `definition`)
    rates_on_scale = True
    summary_beside = True

    def parse(self, check: Any, raw: dict, where: str) -> dict[str, Any]:
        return {
            "points": check.integer(raw, "points", where, 2, 10),
            "low": check.text(raw, "low", where, limit=60),
            "high": check.text(raw, "high", where, limit=60),
            # what the brief says was rated: "The group rated {rated} 2.1 of 5" (default: the title)
            "rated": check.text(raw, "rated", where, required=False, limit=80),
        }

    def definition(self, step: Step) -> dict[str, Any]:
        return {"points": step.points, "low": step.low, "high": step.high}

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` is the point chosen, a whole number."""
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= step.points:
            raise AnswerError(f"choose a number from 1 to {step.points}")
        return {"value": value}

    def export_answer(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> bool:
        value = answer.get("value")
        if type(value) is not int:
            return False
        out["value"] = value
        return True

    def csv_value(self, exported: dict[str, Any]) -> Any:
        return exported["value"]

    def tally(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        values = [a["answer"] for a in given]
        numbers = [v.get("value") for v in values if isinstance(v.get("value"), int)]
        result.bars = [results._bar(label(step, n), numbers.count(n), len(numbers)) for n in range(1, step.points + 1)]
        result.mean = sum(numbers) / len(numbers) if numbers else None

    def counts(self, step: Step, given: list[dict[str, Any]]) -> list[int]:
        """How many answers fell on each point 1..points (answers off the scale are left out)."""
        counts = [0] * step.points
        for doc in given:
            value = doc["answer"].get("value")
            if type(value) is int and 1 <= value <= step.points:
                counts[value - 1] += 1
        return counts

    def report(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        acc.scale(step)
        values = [d["answer"].get("value") for d in acc.latest(given)]
        values = [v for v in values if type(v) is int and 1 <= v <= step.points]
        acc.means[step.id] = sum(values) / len(values) if values else None
        acc.counts[step.id] = len(values)

    def findings(self, step: Step, result: StepResult) -> list[str]:
        """The brief's sentence on the rating (see `Kind.findings`)."""
        from .. import brief  # when called: brief imports the registry

        return [brief.rating_finding(step, result)] if result.mean is not None else []


def label(step: Step, n: int) -> str:
    """How point `n` is labelled in bars: the end points carry the scale's words."""
    if n == 1 and step.low:
        return f"1 {step.low}"
    if n == step.points and step.high:
        return f"{n} {step.high}"
    return str(n)


KIND = Scale()
