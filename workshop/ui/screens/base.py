"""What every screen of a running session shares: the header line, help, and the facilitator key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Static

from ...session import Session
from ..widgets import Countdown, Literal

FACILITATOR_KEYS = "f2,ctrl+f"


class SessionScreen(Screen):
    """A screen that shows the session's current step. Replaced (not stacked) when the step changes."""

    SESSION_SCREEN = True
    BINDINGS = [
        Binding("question_mark", "help", "Help"),
        Binding(FACILITATOR_KEYS, "facilitator", "Facilitator", key_display="F2"),
    ]

    @property
    def session(self) -> Session:
        session = self.app.session  # type: ignore[attr-defined]
        assert session is not None
        return session

    def compose_header(self) -> ComposeResult:
        session = self.session
        step = session.step
        total = len(session.pack.steps)
        where = f"Step {session.step_index + 1} of {total} · {session.pack.section_title(step.section)}"
        with Horizontal(id="header"):
            yield Literal(session.pack.title + (f" · {session.label}" if session.label else ""), id="pack-title")
            yield Static(Content(where), id="where")
            if step.takes_answers and not session.finished:
                yield Countdown(id="countdown")

    def action_help(self) -> None:
        from ..dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(facilitator=self.app.unlocked))  # type: ignore[attr-defined]

    def action_facilitator(self) -> None:
        self.app.open_facilitator_menu()  # type: ignore[attr-defined]
