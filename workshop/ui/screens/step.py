"""The step screen: an info step read aloud, or the "pass the keyboard" screen between turns.

Between turns it shows only the question and how many answers are in: never an answer.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from ...session import ANSWERING
from ..kinds import kiosk
from ..widgets import NO_NAMES, Literal
from .base import SessionScreen


class StepScreen(SessionScreen):
    BINDINGS = [
        Binding("enter", "start_turn", "Start my turn", key_display="Enter"),
        Binding("enter", "start_group_answer", "Type the group's answer", key_display="Enter"),
        Binding("enter", "next_step", "Next (facilitator)", key_display="Enter"),
    ]

    def compose(self) -> ComposeResult:
        step = self.session.step
        yield from self.compose_header()
        if getattr(self.app, "phones", None) is not None:
            from ..phones import PhonePanel

            yield PhonePanel()  # how to join from a phone, beside the question
        with VerticalScroll(id="body"):
            yield Literal(step.title, id="step-title", classes="question-title")
            yield Literal(step.text, id="step-text", classes="question-text")
            hint = kiosk(step).step_hint(step)
            if hint is not None:
                yield Literal(hint, classes="hint")
            if step.takes_answers:
                yield Static(id="status", classes="status")
                yield Static(id="prompt", classes="call-to-action")
                yield Static(Content(NO_NAMES), classes="reminder")
            else:
                yield Static(Content("The facilitator will take you through this step."), classes="hint")
        yield Footer()

    def on_mount(self) -> None:
        self.refresh_status()

    def on_screen_resume(self) -> None:
        self.refresh_status()

    def refresh_status(self) -> None:
        session = self.session
        if not session.step.takes_answers or not self.query("#status"):
            return  # an info step, or this screen is about to be replaced by the next step's
        if session.is_group():
            self.refresh_group_status(bool(session.answers(session.step.id, session.round)))
            return
        # Only the number of turns: counting answers and passes apart would show the room who passed.
        turns = session.turns_taken()
        room = session.room
        status = f"{turns} of {room} turns taken" if room else f"{turns} turn{'s' if turns != 1 else ''} taken"
        if session.round > 1:
            status += f" (round {session.round})"
        self.query_one("#status", Static).update(Content(status))
        if session.phase == ANSWERING:
            prompt = "Your turn? Press Enter to start. Your answer stays hidden until the reveal."
        elif room and turns >= room:
            prompt = "Everyone has had a turn, so the round is closed. Facilitator: F2 then r reveals the answers."
        else:
            prompt = "This round is closed. Facilitator: F2 then r reveals the answers."
        self.query_one("#prompt", Static).update(Content(prompt))

    def refresh_group_status(self, answered: bool) -> None:
        """A group step: no queue of turns, one shared answer a round, typed by whoever the group picks."""
        session = self.session
        status = "The group's answer is in" if answered else "A group step: one answer for the whole room"
        if session.round > 1:
            status += f" (round {session.round})"
        self.query_one("#status", Static).update(Content(status))
        if session.phase == ANSWERING and not answered:
            prompt = ("Talk it through together. When the group agrees, whoever it picks presses Enter "
                      "to type the group's answer.")
        else:
            prompt = "The facilitator will reveal the group's answer."
        self.query_one("#prompt", Static).update(Content(prompt))

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        step = self.session.step
        if action in ("start_turn", "start_group_answer"):
            if self.session.is_group() != (action == "start_group_answer"):
                return False
            if self.session.is_group() and self.session.answers(step.id, self.session.round):
                return False  # one group answer a round
            return step.takes_answers and self.session.phase == ANSWERING
        if action == "next_step":
            return not step.takes_answers
        return True

    def action_start_group_answer(self) -> None:
        self.action_start_turn()  # the same turn screen, asking for the room's one answer

    def action_start_turn(self) -> None:
        from .turn import TurnScreen

        self.app.lock()  # type: ignore[attr-defined]
        self.app.push_screen(TurnScreen())

    def action_next_step(self) -> None:
        self.app.with_facilitator(lambda: self.app.run_facilitator_action("next"))  # type: ignore[attr-defined]
