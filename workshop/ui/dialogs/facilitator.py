"""The facilitator's menu (behind the PIN): every control that moves the session on or reads it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ...session import ANSWERING, CLOSED, REVEALED, Session
from ..phones import phone_actions

# (key, action, label); which ones show depends on the step and its phase.
ACTIONS = [
    ("c", "close", "Close the round (no more turns)"),
    ("r", "reveal", "Reveal the answers"),
    ("a", "again", "Ask again: a new round of turns"),
    ("n", "next", "Next step"),
    ("s", "skip", "Skip this step"),
    ("m", "mode", "Switch: turns or one group answer (before the first answer)"),
    ("b", "back", "Go back a step"),
    ("g", "guide", "Facilitator guide for this step"),
    ("o", "notes", "Discussion notes"),
    ("x", "redact", "Redact a revealed answer"),
    ("t", "timer", "Start or pause the timer"),
    ("plus", "extend", "Add a minute to the timer"),
    ("v", "theme", "Switch projector / standard theme"),
    ("l", "lock", "Lock (hand over to participants)"),
    ("e", "end", "End the session and save the summary"),
    ("q", "quit", "Quit the app (the session can be resumed)"),
    ("w", "phones", "Phones on / off (answer from phones)"),
    ("p", "pair", "Pair a phone as the facilitator's remote"),
    ("u", "unpair", "Unpair the remote phone"),
]


def available(session: Session) -> list[str]:
    step = session.step
    if session.finished:
        return ["guide", "notes", "theme", "lock", "quit"]
    names = []
    if step.takes_answers:
        if session.phase == ANSWERING:
            names += ["close", "reveal", "skip"]
            if session.can_switch_mode():
                names.append("mode")
        elif session.phase == CLOSED:
            names += ["reveal", "skip"]
        elif session.phase == REVEALED:
            names += ["next", "again", "redact"]
        names += ["timer", "extend"]
    else:
        names.append("next")
    names += ["back", "guide", "notes", "theme", "lock", "end", "quit"]
    return names


class FacilitatorMenu(ModalScreen[str | None]):
    BINDINGS = [Binding(key, f"choose('{action}')", label, show=False) for key, action, label in ACTIONS] + [
        Binding("escape", "dismiss_menu", "Close menu", key_display="Esc")
    ]

    def compose(self) -> ComposeResult:
        session = self.app.session  # type: ignore[attr-defined]
        names = available(session) + phone_actions(self.app)
        options = [
            Option(Content(f"{'+' if key == 'plus' else key}  {label}"), id=action)
            for key, action, label in ACTIONS
            if action in names
        ]
        with Vertical(classes="dialog"):
            yield Static(Content("Facilitator"), classes="dialog-title")
            yield OptionList(*options, id="actions")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_choose(self, action: str) -> None:
        if action in available(self.app.session) + phone_actions(self.app):  # type: ignore[attr-defined]
            self.dismiss(action)

    def action_dismiss_menu(self) -> None:
        self.dismiss(None)
