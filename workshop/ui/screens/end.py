"""The end of a session: the summary has been saved, and the screen says where.

Leaving this screen (home, or quit) needs the facilitator PIN like everything else: the projector
must not fall back to a shell or to the home screen because someone pressed a key.
"""

from __future__ import annotations

from pathlib import Path

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, Static

from ..widgets import Literal
from .base import SessionScreen


def display_path(path: Path) -> str:
    """A path as short as it can be and still be found: from the current folder, else from home."""
    full = path.resolve()
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        try:
            return prefix + str(full.relative_to(base.resolve()))
        except (ValueError, OSError, RuntimeError):
            continue
    return str(full)


class EndScreen(SessionScreen):
    BINDINGS = [
        Binding("h", "home", "Home (PIN)"),
        Binding("q", "quit", "Quit (PIN)"),
    ]

    def compose(self) -> ComposeResult:
        session = self.session
        paths = self.app.summary_paths  # type: ignore[attr-defined]
        yield from self.compose_header()
        with VerticalScroll(id="end"):
            yield Static(Content("The session is finished. Thank you all."), classes="question-title")
            answers = session.answer_total()
            yield Static(
                Content(f"{answers} answer{'s were' if answers != 1 else ' was'} recorded, anonymously."),
                classes="status",
            )
            if paths:
                yield Static(Content("The summary is saved here, ready to print:"), classes="hint")
                for path in paths:
                    yield Literal(display_path(path), classes="path")
            yield Static(
                Content(f"Or run: workshop summary {session.id} --format html -o summary.html"), classes="hint"
            )
            yield Literal(session.signpost, classes="signpost")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#end").focus()

    def action_home(self) -> None:
        self.app.with_facilitator(self.app.go_home)  # type: ignore[attr-defined]

    def action_quit(self) -> None:
        self.app.with_facilitator(self.app.exit)  # type: ignore[attr-defined]
