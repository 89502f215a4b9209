"""A ranking: each person puts the options in order, first to last; the group's order is a Borda count.

Borda count: with n options, an answer gives its first option n-1 points, its second n-2, and so on
down to 0 for the last. The group's order sorts the options by their points (ties: more first places,
then the pack's order); options with the same points share a place. The reveal and the summary show
that order with bars, and how many people put each option first.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

from .. import results
from ..errors import AnswerError
from ..turns import TurnTime
from .base import Kind
from .choice import parse_options

if TYPE_CHECKING:
    from ..packs import Step
    from ..results import StepResult

MIN_OPTIONS, MAX_OPTIONS = 3, 9  # a digit gives an option its place, so at most 9


class Rank(Kind):
    name = "rank"
    # One turn, as the kiosk takes it (the timing model, workshop/timing.py; measured in tests/test_timing.py)
    turns = {
        "rank": TurnTime(
            keys=14, typed=0, decisions=3, read_seconds=10.0,
            source="measured: Enter, the arrow and digit keys that put a top three in place among 7 options "
            "(13.6 keys a turn on average over five realistic rankings of the default pack's contexts), Enter, Enter",
        ),
    }
    fields = ("options",)

    def parse(self, check: Any, raw: dict, where: str) -> dict[str, Any]:
        return parse_options(check, raw, where, MIN_OPTIONS, MAX_OPTIONS, "for a ranking")

    def definition(self, step: Step) -> dict[str, Any]:
        return {"options": list(step.options)}

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` is every option text, once each, first place first."""
        if not isinstance(value, (list, tuple)) or sorted(v for v in value if isinstance(v, str)) != sorted(step.options) \
                or len(value) != len(step.options):
            raise AnswerError(f"put all {len(step.options)} options in order, each once")
        return {"ranking": list(value)}

    def export_answer(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> bool:
        order = answer.get("ranking")
        out["ranking"] = [o for o in order if isinstance(o, str)] if isinstance(order, list) else []
        return True

    def csv_value(self, exported: dict[str, Any]) -> Any:
        return json.dumps(exported["ranking"], ensure_ascii=False)

    def tally(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        result.ranking = group_order(step, [d["answer"] for d in given])

    def report(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        acc.ranking(step)
        rows = group_order(step, [d["answer"] for d in acc.latest(given)])
        acc.orders[step.id] = [row.label for row in rows] if any(row.points or row.firsts for row in rows) else []

    def findings(self, step: Step, result: StepResult) -> list[str]:
        """The brief's sentence on the group's order (see `Kind.findings`)."""
        from .. import brief  # when called: brief imports the registry

        return [brief.rank_finding(step, result)] if result.ranking else []


def orders(step: Step, answers: list[dict[str, Any]]) -> list[list[str]]:
    """The usable orders among stored answers (read as untrusted JSON): every option once."""
    usable = []
    for answer in answers:
        order = answer.get("ranking")
        if (isinstance(order, list) and len(order) == len(step.options)
                and all(isinstance(option, str) for option in order) and set(order) == set(step.options)):
            usable.append(order)
    return usable


def group_order(step: Step, answers: list[dict[str, Any]]) -> list[results.RankRow]:
    """The group's order by Borda count, with each option's points and first places."""
    given = orders(step, answers)
    last = len(step.options) - 1
    points = {o: 0 for o in step.options}
    firsts = {o: 0 for o in step.options}
    for order in given:
        for place, option in enumerate(order):
            points[option] += last - place
        firsts[order[0]] += 1
    most = last * len(given)
    pack_order = {o: i for i, o in enumerate(step.options)}
    ranked = sorted(step.options, key=lambda o: (-points[o], -firsts[o], pack_order[o]))
    rows: list[results.RankRow] = []
    for index, option in enumerate(ranked):
        place = rows[-1].place if rows and rows[-1].points == points[option] else index + 1
        rows.append(results.RankRow(place, option, points[option], points[option] / most if most else 0.0,
                                    firsts[option], len(given)))
    return rows


KIND = Rank()
