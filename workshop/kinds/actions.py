"""An action point: each person writes one action, its level (who acts) and lens (what it changes),
and how we will know; the reveal and the summary's action plan group the actions by level."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import results
from ..errors import AnswerError
from ..text import ANSWER_LIMIT, clean, is_blank
from .base import Kind, text_or_empty

if TYPE_CHECKING:
    from ..packs import Step
    from ..results import StepResult

DEFAULT_LEVELS = (("me", "Myself"), ("team", "My team or meeting"), ("org", "My wider organisation"))
DEFAULT_LENSES = (
    ("context", "Changes a context"),
    ("behaviour", "Changes behaviour"),
    ("unsure", "Not sure"),
)


class Actions(Kind):
    name = "actions"
    fields = ("levels", "lenses")
    shuffled = True
    plans_actions = True

    def parse(self, check: Any, raw: dict, where: str) -> dict[str, Any]:
        return {
            "levels": check.options(raw, "levels", where, DEFAULT_LEVELS),
            "lenses": check.options(raw, "lenses", where, DEFAULT_LENSES),
        }

    def definition(self, step: Step) -> dict[str, Any]:
        return {
            "levels": [{"id": o.id, "label": o.label} for o in step.levels],
            "lenses": [{"id": o.id, "label": o.label} for o in step.lenses],
        }

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` is {"action", "level", "lens", "measure"} (level and lens are option ids)."""
        data = value if isinstance(value, dict) else {}
        action = clean(str(data.get("action") or ""), ANSWER_LIMIT)
        if is_blank(action):
            raise AnswerError("write the action first: what will be done?")
        level = data.get("level")
        lens = data.get("lens")
        if not isinstance(level, str) or level not in {o.id for o in step.levels}:
            raise AnswerError("choose a level: " + ", ".join(o.label for o in step.levels))
        if not isinstance(lens, str) or lens not in {o.id for o in step.lenses}:
            raise AnswerError("choose a lens: " + ", ".join(o.label for o in step.lenses))
        measure = clean(str(data.get("measure") or ""), ANSWER_LIMIT)
        return {"action": action, "level": level, "lens": lens, "measure": measure}

    def export_answer(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> bool:
        out["level"] = text_or_empty(answer.get("level"))
        out["lens"] = text_or_empty(answer.get("lens"))
        if not redacted:
            out["action"] = text_or_empty(answer.get("action"))
            out["measure"] = text_or_empty(answer.get("measure"))
        return True

    def csv_value(self, exported: dict[str, Any]) -> Any:
        return exported.get("action", "")

    def tally(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        actions = []
        for doc in given:
            v = doc["answer"]
            actions.append(
                results.Action(
                    results.REDACTED if doc.get("redacted") else v.get("action", ""),
                    v.get("level", ""), step.level_label(v.get("level", "")),
                    v.get("lens", ""), step.lens_label(v.get("lens", "")),
                    "" if doc.get("redacted") else v.get("measure", ""),
                    bool(doc.get("redacted")),
                )
            )
        order = {o.id: i for i, o in enumerate(step.levels)}
        actions.sort(key=lambda a: order.get(a.level, len(order)))
        result.actions = actions

    def lens(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        acc.action_steps += 1
        for option in step.lenses:
            acc.lens_labels.setdefault(option.id, option.label)
            acc.lens_counts.setdefault(option.id, 0)
        for doc in given:
            lens = doc["answer"].get("lens")
            if isinstance(lens, str) and lens:
                acc.lens_labels.setdefault(lens, lens)
                acc.lens_counts[lens] = acc.lens_counts.get(lens, 0) + 1

    def report(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        for option in step.levels:
            acc.levels.setdefault(option.id, option.label)
            acc.level_counts.setdefault(option.id, 0)
        for option in step.lenses:
            acc.lenses.setdefault(option.id, option.label)
        for doc in given:
            level = doc["answer"].get("level")
            if isinstance(level, str) and level:
                acc.levels.setdefault(level, level)
                acc.level_counts[level] = acc.level_counts.get(level, 0) + 1


KIND = Actions()
