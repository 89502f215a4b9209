"""Redact one revealed answer. The list follows the reveal's own order (the step's kiosk piece says
it, from the very tally the reveal under this dialog drew), so "the second answer" is the same one
on the screen and here, and says nothing about whose it was. Each answer is shown in full (long ones wrap), and
choosing one asks once more before its words are removed for good."""

from __future__ import annotations

from typing import Any

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static

from ... import kinds
from ...results import StepResult, tally
from ..kinds import kiosk
from ..widgets import MarkedList

PROMPT = "Redact which answer? Its text is replaced in the file and the summary."


def written_texts(doc: dict[str, Any], kind: kinds.Kind | None = None) -> list[str]:
    """What a person wrote in one answer, as its step's kind lists it (an action turn: each action)."""
    answer = doc.get("answer") if isinstance(doc.get("answer"), dict) else {}
    return (kind or kinds.Kind()).written(answer)


def written_text(doc: dict[str, Any], kind: kinds.Kind | None = None) -> str:
    """One answer's words as the list shows them (an action turn's actions, one a line)."""
    return "\n".join(written_texts(doc, kind))


def in_reveal_order(listed: list[str], docs: list[dict[str, Any]], kind: kinds.Kind | None = None) -> list[dict[str, Any]]:
    """`docs` in the order their texts come in `listed` (the reveal's: an action turn by its first
    action listed); any not listed go last."""
    pool = list(docs)
    ordered = []
    for text in listed:
        for doc in pool:
            if text in written_texts(doc, kind):
                ordered.append(doc)
                pool.remove(doc)
                break
    return ordered + pool


class RedactDialog(ModalScreen[dict | None]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", key_display="Esc")]

    def __init__(self, answers: list[dict[str, Any]]):
        super().__init__()
        self.answers = answers
        self.kind: kinds.Kind | None = None

    def on_mount(self) -> None:
        self.query_one(OptionList if self.answers else Static).focus()

    def compose(self) -> ComposeResult:
        session = self.app.session  # type: ignore[attr-defined]
        if session is not None and self.answers:
            step = session.step
            self.kind = kinds.of(step)
            self.answers = in_reveal_order(kiosk(step).listed(self.shown_result(session)), self.answers, self.kind)
        texts = [written_text(doc, self.kind) for doc in self.answers]
        with Vertical(classes="dialog wide"):
            yield Static(Content(PROMPT), classes="dialog-title")
            if texts:
                yield MarkedList(texts, [str(i) for i in range(len(texts))], start=0, id="answers")
                yield Static(Content("Arrow keys choose, Enter redacts (asks first), Escape cancels."), classes="hint")
            else:
                yield Static(Content("No written answers at this step. Press Escape."))
        yield Footer()

    def shown_result(self, session: Any) -> StepResult:
        """The round exactly as the reveal under this dialog drew it (else as it would draw it)."""
        for screen in reversed(self.app.screen_stack):
            result = getattr(screen, "result", None)
            if isinstance(result, StepResult) and result.step.id == session.step.id and result.round == session.round:
                return result
        step = session.step
        return tally(step, session.answers(step.id, session.round), session.round)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        from .confirm import ConfirmDialog

        doc = self.answers[int(event.option.id or 0)]

        def answered(yes: bool | None) -> None:
            if yes:
                self.dismiss(doc)

        self.app.push_screen(
            ConfirmDialog(
                f"Redact this answer? Its words are removed from the file and the summary for good.\n\n"
                f"{written_text(doc, self.kind)}",
                "Redact",
            ),
            answered,
        )

    def action_cancel(self) -> None:
        self.dismiss(None)
