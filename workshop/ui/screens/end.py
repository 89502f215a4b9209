"""The end of a session: the summary has been saved, and the screen says where."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Footer, Static

from ..widgets import Literal
from .base import SessionScreen


class EndScreen(SessionScreen):
    BINDINGS = [
        Binding("h", "home", "Home"),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        session = self.session
        paths = self.app.summary_paths  # type: ignore[attr-defined]
        yield from self.compose_header()
        with Vertical(id="end"):
            yield Static(Content("The session is finished. Thank you all."), classes="question-title")
            answers = session.answer_total()
            yield Static(Content(f"{answers} answers were recorded, anonymously."), classes="status")
            if paths:
                yield Static(Content("The summary is saved here, ready to print:"), classes="hint")
                for path in paths:
                    yield Literal(str(path.resolve()), classes="path")
            yield Static(
                Content(f"Or run: workshop summary {session.id} --format html -o summary.html"), classes="hint"
            )
            yield Literal(session.signpost, classes="signpost")
        yield Footer()

    def action_home(self) -> None:
        self.app.go_home()  # type: ignore[attr-defined]

    def action_quit(self) -> None:
        self.app.exit()
