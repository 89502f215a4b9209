"""An open question: each person types a short answer; the reveal lists the answers shuffled."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import results
from ..errors import AnswerError
from ..text import ANSWER_LIMIT, clean, is_blank
from ..turns import TurnTime
from .base import Kind, text_or_empty

if TYPE_CHECKING:
    from ..packs import Step
    from ..results import StepResult


class Open(Kind):
    name = "open"
    # One turn, as the kiosk takes it (the timing model, workshop/timing.py; measured in tests/test_timing.py)
    turns = {
        "open": TurnTime(
            keys=88, typed=85, decisions=1, read_seconds=5.0,
            source="measured: Enter, a one-sentence answer (85 characters on average over our sample answers), Enter, Enter",
        ),
    }
    shuffled = True

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` is the text typed."""
        text = clean(str(value or ""), ANSWER_LIMIT)
        if is_blank(text):
            raise AnswerError("the answer is empty: type something, or pass")
        return {"text": text}

    def export_answer(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> bool:
        if not redacted:
            out["text"] = text_or_empty(answer.get("text"))
        return True

    def csv_value(self, exported: dict[str, Any]) -> Any:
        return exported.get("text", "")

    def tally(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        result.texts = [results.REDACTED if a.get("redacted") else a["answer"].get("text", "") for a in given]

    def report(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        for doc in given:
            if doc.get("redacted"):
                continue
            text = doc["answer"].get("text")
            if isinstance(text, str) and text:
                acc.open_text(step, text)


KIND = Open()
