"""What every screen of a running session shares: the header line, help, and the facilitator key."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen

from ...session import Session
from ..pace import PaceBadge
from ..phones import RemoteBadge
from ..widgets import Countdown, Literal, LockBadge

FACILITATOR_KEYS = "f2,ctrl+f"


def compose_header(session: Session) -> ComposeResult:
    """One line: where the group is (step, section, pack, group label) and the step's countdown.

    The most useful part comes first, so a narrow screen cuts the end (with an ellipsis), never the timer.
    """
    step = session.step
    if session.finished:
        where = "Finished"
    else:
        # Steps left out to fit the time (`start --fit`) are not counted: the group never sees them.
        steps = [s.id for s in session.pack.steps if s.id not in session.skipped or s.id == step.id]
        where = f"Step {steps.index(step.id) + 1} of {len(steps)} · {session.pack.section_title(step.section)}"
    where += f" · {session.pack.title}"
    if session.label:
        where += f" · {session.label}"
    with Horizontal(id="header"):
        yield Literal(where, id="where")
        yield LockBadge(id="lock-state")
        yield RemoteBadge(id="remote-state")
        if session.people and not session.finished:
            yield PaceBadge(step.id, id="pace")
        if step.takes_answers and not session.finished:
            yield Countdown(id="countdown")


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
        yield from compose_header(self.session)

    def action_help(self) -> None:
        from ..dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(facilitator=self.app.unlocked))  # type: ignore[attr-defined]

    def action_facilitator(self) -> None:
        self.app.open_facilitator_menu()  # type: ignore[attr-defined]
