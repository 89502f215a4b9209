"""An action point: in one turn a person adds up to one action per level (who acts: myself, my team
or meeting, my wider organisation), each with its lens (what it changes), how we will know, an owner
(a role or an agency, never a person) and a by-when; the reveal and the summary's action plan group
the actions by level.

One turn is one answer document, `{"actions": [{"action", "level", "lens", "measure", "owner",
"by_when"}, ...]}` (in level order), so the minimum number of answers before a reveal still counts
people, not actions. Files written before this held one action a turn, `{"action", "level", "lens",
"measure"}`; `stored_actions` reads both, and an answer of the old shape is summarised and exported
exactly as it was.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import results
from ..errors import AnswerError
from ..text import ANSWER_LIMIT, clean, is_blank, role_spans
from ..turns import TurnTime
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
OWNER_LIMIT = 80  # "the community safety lead", "Licensing, city council"
BY_WHEN_LIMIT = 40  # "by the March board", "end of term", "2027-03-31"
TEXT_FIELDS = ("action", "measure", "owner", "by_when")
"""The words a person typed in one action (redaction removes them all; level and lens stay)."""
FIELDS = ("action", "level", "lens", "measure", "owner", "by_when")
ROLE_EXAMPLE = "the community safety lead"


def stored_actions(answer: Any) -> list[dict[str, str]]:
    """The actions of one stored answer, as text fields ("" for a field missing or not text): the
    list of an answer `{"actions": [...]}`, or the one action of an answer of the older shape.
    Stored answers are untrusted JSON: anything that is not an action is left out."""
    if not isinstance(answer, dict):
        return []
    if "actions" in answer:
        items = answer["actions"] if isinstance(answer["actions"], list) else []
    else:
        items = [answer]
    return [{key: text_or_empty(item.get(key)) for key in FIELDS} for item in items if isinstance(item, dict)]


def check_owner(owner: str) -> None:
    """An owner is a role or an agency: anything the personal-data guard takes for a person is refused."""
    spans = role_spans(owner)
    if spans:
        start, end, _kind = spans[0]
        raise AnswerError(
            f"the owner \u201c{owner[start:end]}\u201d looks like a person: write a role or an agency instead "
            f"(for example: {ROLE_EXAMPLE})"
        )


def check_by_when(by_when: str) -> None:
    """A by-when is a time ("by the March board", a date): a name, a phone number ... in it is refused."""
    for start, end, kind in role_spans(by_when):
        if kind != "date_of_birth":  # an exact date is what a by-when may well be
            raise AnswerError(
                f"the by-when \u201c{by_when[start:end]}\u201d looks like personal details: write a time "
                "(for example: by the March board)"
            )


class Actions(Kind):
    name = "actions"
    # One turn, as the kiosk takes it (the timing model, workshop/timing.py; measured in tests/test_timing.py)
    turns = {
        "actions": TurnTime(
            keys=2, typed=0, decisions=0, read_seconds=8.0,
            per_item_keys=7 + 104, per_item_typed=104, per_item_decisions=3,
            source="measured: Enter; for each action its words (104 characters on average over our three samples: "
            "the action 55, how we'll know 38, an owner or a by-when in two of the three), Enter, the level's digit, "
            "the lens's digit, Enter after each of the three optional fields, the key that adds another or is done; "
            "Enter. Actions a turn: `kinds.actions.ACTIONS_PER_TURN`",
        ),
    }
    fields = ("levels", "lenses")
    shuffled = True
    plans_actions = True

    def turn_items(self, step: Step) -> int:
        """One action a person; the room's one answer at a group step holds its plan: one at each level."""
        return len(step.levels) if step.mode == "group" else min(ACTIONS_PER_TURN, len(step.levels))

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
        """`value` is {"actions": [action, ...]}, a list of actions, or one action; an action is
        {"action", "level", "lens", "measure", "owner", "by_when"} (level and lens are option ids; the
        last three may be left out). An action with nothing typed in it is ignored (a blank fieldset
        of the phone form); at most one action per level. Stored in level order."""
        if isinstance(value, dict) and "actions" in value:
            value = value["actions"]
        items = value if isinstance(value, list) else [value]
        items = [item if isinstance(item, dict) else {} for item in items[: len(step.levels) + 3]]
        typed = [item for item in items if any(not is_blank(str(item.get(k) or "")) for k in TEXT_FIELDS)]
        if not typed:
            raise AnswerError("write the action first: what will be done?")
        several = len(typed) > 1
        cleaned = [self._clean_one(step, item, several) for item in typed]
        seen: set[str] = set()
        for action in cleaned:
            if action["level"] in seen:
                raise AnswerError(f"one action per level: two are for {step.level_label(action['level'])}")
            seen.add(action["level"])
        order = {o.id: i for i, o in enumerate(step.levels)}
        cleaned.sort(key=lambda a: order[a["level"]])
        return {"actions": cleaned}

    def _clean_one(self, step: Step, data: dict[str, Any], several: bool) -> dict[str, str]:
        level = data.get("level")
        known_level = isinstance(level, str) and level in {o.id for o in step.levels}
        where = f"the action for {step.level_label(level)}: " if several and known_level else ""
        action = clean(str(data.get("action") or ""), ANSWER_LIMIT)
        if is_blank(action):
            raise AnswerError(where + "write the action first: what will be done?")
        if not known_level:
            raise AnswerError(("the action \u201c" + action[:30] + "\u201d: " if several else "")
                              + "choose a level: " + ", ".join(o.label for o in step.levels))
        lens = data.get("lens")
        if not isinstance(lens, str) or lens not in {o.id for o in step.lenses}:
            raise AnswerError(where + "choose a lens: " + ", ".join(o.label for o in step.lenses))
        owner = clean(str(data.get("owner") or ""), OWNER_LIMIT)
        by_when = clean(str(data.get("by_when") or ""), BY_WHEN_LIMIT)
        try:
            check_owner(owner)
            check_by_when(by_when)
        except AnswerError as error:
            raise AnswerError(where + str(error)) from None
        return {
            "action": action, "level": level, "lens": lens,
            "measure": clean(str(data.get("measure") or ""), ANSWER_LIMIT),
            "owner": owner, "by_when": by_when,
        }

    def written(self, answer: dict[str, Any]) -> list[str]:
        return [a["action"] for a in stored_actions(answer) if a["action"]]

    def export_answers(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> list[dict[str, Any]] | None:
        """One exported answer per action (the same round and status); owner and by-when only when given,
        so an answer of the older shape exports exactly as before."""
        found = []
        for action in stored_actions(answer):
            one = dict(out)
            one["level"], one["lens"] = action["level"], action["lens"]
            if not redacted:
                one["action"], one["measure"] = action["action"], action["measure"]
                for key in ("owner", "by_when"):
                    if action[key]:
                        one[key] = action[key]
            found.append(one)
        return found or None

    def csv_value(self, exported: dict[str, Any]) -> Any:
        return exported.get("action", "")

    def tally(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        """Every action of every turn, grouped by level in the pack's order; within a level, in the
        order of the answers (their random document ids), so the reveal says nothing about turns."""
        actions = []
        for doc in given:
            redacted = bool(doc.get("redacted"))
            for v in stored_actions(doc["answer"]):
                actions.append(
                    results.Action(
                        results.REDACTED if redacted else v["action"],
                        v["level"], step.level_label(v["level"]),
                        v["lens"], step.lens_label(v["lens"]),
                        "" if redacted else v["measure"],
                        redacted,
                        owner="" if redacted else v["owner"],
                        by_when="" if redacted else v["by_when"],
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
            for action in stored_actions(doc["answer"]):
                lens = action["lens"]
                if lens:
                    acc.lens_labels.setdefault(lens, lens)
                    acc.lens_counts[lens] = acc.lens_counts.get(lens, 0) + 1

    def report(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        for option in step.levels:
            acc.levels.setdefault(option.id, option.label)
            acc.level_counts.setdefault(option.id, 0)
        for option in step.lenses:
            acc.lenses.setdefault(option.id, option.label)
        for doc in given:
            for action in stored_actions(doc["answer"]):
                level = action["level"]
                if level:
                    acc.levels.setdefault(level, level)
                    acc.level_counts[level] = acc.level_counts.get(level, 0) + 1


ACTIONS_PER_TURN = 1
"""How many actions one turn adds, for the timing model (docs/timing.md): a person may add one for each
level, but the pack's time is planned for one a person, as the room's plan needs one at each level,
not each person's. Not measured: after a real workshop, count the actions in the stored turns (a count
says nothing about who) and change it here; each further action a turn adds about a minute a person."""

KIND = Actions()
