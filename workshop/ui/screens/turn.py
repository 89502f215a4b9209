"""One participant's turn: the question, the answer widget for the step's kind, and the reminder.

Submitting checks the answer (a sort with cards left out asks first), asks about anything that looks
like personal data, writes it to disk, and only then shows the neutral confirmation. Escape abandons
the turn and saves nothing; with something typed it asks first, so a second Escape loses nothing.
"""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ...session import AnswerError, Session, answer_text, make_answer, make_group_answer
from .base import compose_header
from ..kinds import kiosk
from ..widgets import (
    NO_NAMES,
    ActionForm,
    AnswerBox,
    ChooseFirst,
    GroupCounts,
    Literal,
    MultiPicker,
    RankPicker,
    ScalePicker,
    SinglePicker,
    SortPicker,
    TooSmall,
)


class TurnScreen(Screen):
    BINDINGS = [
        Binding("ctrl+s", "submit", "Submit", key_display="Ctrl+S"),
        Binding("ctrl+n", "pass_turn", "Pass", key_display="Ctrl+N"),
        Binding("escape", "cancel", "Cancel turn", key_display="Esc"),
    ]

    @property
    def session(self) -> Session:
        session = self.app.session  # type: ignore[attr-defined]
        assert session is not None
        return session

    @property
    def group(self) -> bool:
        """A group step: this turn types the room's one shared answer."""
        return self.session.is_group()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "pass_turn" and self.group:
            return False  # the room answers together, or the facilitator skips the step
        return True

    def compose(self) -> ComposeResult:
        """The question on top (its text scrolls if a large font leaves little room), the reminder,
        then the answer: an open answer's box takes the room left, other kinds scroll in theirs."""
        step = self.session.step
        yield from compose_header(self.session)
        yield TooSmall()
        with Vertical(id="turn"):
            yield Literal(step.title, id="step-title", classes="question-title")
            with VerticalScroll(id="question", can_focus=False):
                yield Literal(step.text, id="step-text", classes="question-text")
            yield Static(Content(NO_NAMES), classes="reminder")
            kind = kiosk(step)
            if self.group:
                yield Static(Content("One answer for the whole group: type what the room agreed."), id="group-note")
                answer = kind.compose_group_answer(step, self.session.counts_disagreement())
            else:
                answer = kind.compose_answer(step)
            if kind.fills_turn:
                yield from answer
            else:
                with VerticalScroll(id="answer-area", can_focus=False):
                    yield from answer
            with Horizontal(id="turn-status"):
                yield Literal("", id="message", classes="message")
                yield from kind.compose_status(step)
        yield Footer()

    def on_mount(self) -> None:
        kiosk(self.session.step).mounted(self, self.query_one("#answer"))

    def on_resize(self, event: events.Resize) -> None:
        self.query_one(TooSmall).fit(self, event.size.width, event.size.height)

    # -- collecting the value --

    def on_text_area_changed(self, event: AnswerBox.Changed) -> None:
        # Typing updates the counter at once (AnswerBox.show_count); this catches pastes, undo, deletes.
        if isinstance(event.text_area, AnswerBox):
            event.text_area.show_count()

    def on_answer_box_submitted(self, event: AnswerBox.Submitted) -> None:
        self.action_submit()

    def on_scale_picker_picked(self, event: ScalePicker.Picked) -> None:
        self.submit_value(event.value)

    def on_single_picker_picked(self, event: SinglePicker.Picked) -> None:
        if event.picker.id == "answer":
            self.submit_value([event.value])

    def on_multi_picker_submitted(self, event: MultiPicker.Submitted) -> None:
        self.action_submit()

    def on_sort_picker_done(self, event: SortPicker.Done) -> None:
        self.submit_value(self.current_value() if self.group else event.placed)

    def on_group_counts_submitted(self, event: GroupCounts.Submitted) -> None:
        self.action_submit()

    def on_rank_picker_done(self, event: RankPicker.Done) -> None:
        self.submit_value(event.order)

    def on_action_form_submitted(self, event: ActionForm.Submitted) -> None:
        self.action_submit()

    def on_choose_first(self, event: ChooseFirst) -> None:
        self.say(event.text)

    def current_value(self) -> Any:
        kind = kiosk(self.session.step)
        widget = self.query_one("#answer")
        return kind.group_value(widget) if self.group else kind.value(widget)

    # -- submitting --

    def action_submit(self) -> None:
        self.submit_value(self.current_value())

    def say(self, text: str) -> None:
        self.query_one("#message", Literal).set_text(text)

    def submit_value(self, value: Any, checked: bool = False) -> None:
        step = self.session.step
        question = None if checked else kiosk(step).check_submit(step, value)
        if question:
            from ..dialogs.confirm import ConfirmDialog

            def answered(yes: bool | None) -> None:
                if yes:
                    self.submit_value(value, checked=True)
                else:
                    kiosk(step).submit_declined(self.query_one("#answer"))

            self.app.push_screen(ConfirmDialog(question, "Submit", cancel="Go back"), answered)
            return
        try:
            answer = make_group_answer(step, value) if self.group else make_answer(step, value)
        except AnswerError as error:
            self.say(f"Not saved yet: {error}.")
            return
        from ..dialogs.guard import GuardDialog

        dialog = GuardDialog.for_text(answer_text(answer))
        if dialog is not None:

            def decided(save: bool | None) -> None:
                if save:
                    self.store(value)
                else:
                    self.say("Edit your answer, then submit again.")

            self.app.push_screen(dialog, decided)
            return
        self.store(value)

    def store(self, value: Any, passed: bool = False) -> None:
        saved = self.app.save_answer(value, passed=passed)  # type: ignore[attr-defined]
        from .thanks import ThanksScreen

        self.app.switch_screen(ThanksScreen(saved=saved))

    def action_pass_turn(self) -> None:
        from ..dialogs.confirm import ConfirmDialog

        def decided(yes: bool | None) -> None:
            if yes:
                self.store(None, passed=True)

        self.app.push_screen(ConfirmDialog("Pass on this question? Nothing you typed will be kept.", "Pass"), decided)

    def action_cancel(self) -> None:
        unsaved = kiosk(self.session.step).unsaved(self.query_one("#answer"))
        if not unsaved:
            self.app.pop_screen()
            return
        from ..dialogs.confirm import ConfirmDialog

        def answered(yes: bool | None) -> None:
            if yes:
                self.app.pop_screen()

        self.app.push_screen(
            ConfirmDialog(f"Cancel your turn and throw away {unsaved}? Nothing will be saved.",
                          "Throw it away", cancel="Keep my answer"),
            answered,
        )
