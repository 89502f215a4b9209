"""The end of a session: the summary has been saved, and the screen says where.

Leaving this screen (home, or quit) needs the facilitator PIN like everything else: the projector
must not fall back to a shell or to the home screen because someone pressed a key.

`b` (with the PIN, like every facilitator action) types what the partnership board is asked to note
or decide and the review date: checked by the personal-data guard, saved in the session file, and
the summary files written again so that their brief shows them.

`p` prints the summary without the PIN: the session is finished, the summary is already saved and
named on this screen, and printing it is what the room wants. Only a one-line message comes back
(where the PDF is, or that it went to the printer); nothing of the summary itself is shown.
"""

from __future__ import annotations

import asyncio
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


PREPARING = "Preparing the PDF…"


class PrintKey:
    """The `p` key of the end screen and the past-session summary: make the summary PDF and send it to
    the printer (`workshop.printing.print_summary`) in a worker thread, so the screen never freezes.
    The PDF is made in a child process and `lp` runs with every stream redirected, so nothing reaches
    the terminal. The outcome is one line in the screen's message line."""

    print_running = False

    def show_print_message(self, text: str) -> None:
        raise NotImplementedError

    def start_printing(self, session) -> None:
        if self.print_running:
            return  # one PDF at a time; the message already says it is coming
        self.print_running = True
        self.show_print_message(PREPARING)
        self.run_worker(self._print(session), name="print", group="print", exit_on_error=False)  # type: ignore[attr-defined]

    async def _print(self, session) -> None:
        from ...pdf import default_pdf_path
        from ...printing import PrintError, print_summary

        try:
            message = await asyncio.to_thread(print_summary, session)
        except PrintError as error:
            message = f"Not printed: {error}"
        except Exception as error:  # never let printing take the kiosk down
            message = f"Not printed: {' '.join(str(error).split())[:200] or type(error).__name__}"
        finally:
            self.print_running = False
        try:
            target = default_pdf_path(session).resolve()
            message = message.replace(str(target), display_path(target))
        except OSError:
            pass
        self.show_print_message(message)


class EndScreen(PrintKey, SessionScreen):
    BINDINGS = [
        Binding("s", "save_summary", "Save summary"),
        Binding("b", "board", "Board (PIN)"),
        Binding("p", "print", "Print"),
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
            error = self.app.summary_error  # type: ignore[attr-defined]
            if error:
                # Every answer is in the session file; only the summary files are missing.
                yield Literal(
                    f"The summary is not saved yet: {error}. The answers are safe in the session file. "
                    "Free some space if the disk is full, then press s to try again.",
                    id="summary-error", classes="message",
                )
            elif paths:
                yield Static(Content("The summary is saved here, ready to print:"), classes="hint")
                for path in paths:
                    yield Literal(display_path(path), classes="path")
            if session.board_ask or session.review_date:
                yield Literal(f"For the board: {session.board_ask or '(nothing yet)'}", id="board-ask-shown")
                yield Literal(f"Review date: {session.review_date or 'not set'}", id="review-date-shown")
            else:
                yield Static(Content("Press b to add what the board is asked to note or decide, and a review date."),
                             id="board-hint")
            yield Literal(f"Session {session.id}. To print its summary later, run:", classes="hint")
            yield Literal(self.app.next_command(), id="next-command", classes="path")  # type: ignore[attr-defined]
            yield Literal(session.signpost, classes="signpost")
        yield Literal("", id="print-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#end").focus()

    def show_print_message(self, text: str) -> None:
        self.query_one("#print-message", Literal).set_text(text)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "save_summary":
            return bool(self.app.summary_error)  # type: ignore[attr-defined]  # offered only while it is missing
        return super().check_action(action, parameters)

    async def action_save_summary(self) -> None:
        if self.app.save_summaries():  # type: ignore[attr-defined]
            self.app.notify("The summary is saved.")
        else:
            self.app.notify(f"Still not saved: {self.app.summary_error}", severity="error", timeout=10)  # type: ignore[attr-defined]
        await self.recompose()
        self.refresh_bindings()
        self.query_one("#end").focus()

    def action_board(self) -> None:
        self.app.with_facilitator(self._ask_board)  # type: ignore[attr-defined]

    def _ask_board(self, board_ask: str | None = None, review_date: str | None = None) -> None:
        from ..dialogs.board import BoardDialog

        session = self.session
        dialog = BoardDialog(session.board_ask if board_ask is None else board_ask,
                             session.review_date if review_date is None else review_date)
        self.app.push_screen(dialog, self._board_typed)

    def _board_typed(self, typed: tuple[str, str] | None) -> None:
        if typed is None:
            return
        from ..dialogs.guard import GuardDialog

        text, day = typed
        guard = GuardDialog.for_text(text, what="note for the board")
        if guard is None:
            self.run_worker(self._save_board(text, day), exclusive=True, group="board")
            return

        def decided(save: bool | None) -> None:
            if save:
                self.run_worker(self._save_board(text, day), exclusive=True, group="board")
            else:
                self._ask_board(text, day)  # back to editing, nothing saved

        self.app.push_screen(guard, decided)

    async def _save_board(self, text: str, day: str) -> None:
        from ...storage import StorageFailure

        try:
            self.session.set_board_ask(text, day)
        except StorageFailure as error:
            self.app.notify(f"{error}. Nothing was changed; try again.", severity="error", timeout=10)
            return
        if self.app.save_summaries():  # type: ignore[attr-defined]  # the brief in them shows it now
            self.app.notify("Saved for the board; the summary is written again.")
        await self.recompose()
        self.refresh_bindings()
        self.query_one("#end").focus()

    def action_print(self) -> None:
        self.start_printing(self.session)

    def action_home(self) -> None:
        self.app.with_facilitator(self.app.go_home)  # type: ignore[attr-defined]

    def action_quit(self) -> None:
        self.app.with_facilitator(self.app.quit_with_command)  # type: ignore[attr-defined]
