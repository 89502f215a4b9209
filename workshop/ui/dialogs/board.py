"""The facilitator's note for the partnership board, typed on the end screen: what the board is asked
to note or decide, and when the group reviews its actions. Both go into the brief at the top of the
summary. The end screen asks for the PIN first, and the text goes through the personal-data guard
before it is saved (`EndScreen.action_board`)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static, TextArea

from ...errors import as_sentence
from ...session import BOARD_ASK_LIMIT, check_review_date
from ..widgets import Literal


class BoardDialog(ModalScreen[tuple[str, str] | None]):
    """Dismissed with (what the board is asked, the review date as YYYY-MM-DD or ""), or None."""

    DEFAULT_CSS = """
    BoardDialog #board-ask { height: 6; }
    BoardDialog #review-date { width: 30; }
    """

    BINDINGS = [
        Binding("ctrl+s", "save", "Save", key_display="Ctrl+S"),
        Binding("escape", "cancel", "Cancel", key_display="Esc"),
    ]

    def __init__(self, board_ask: str = "", review_date: str = ""):
        super().__init__()
        self.board_ask = board_ask
        self.review_date = review_date

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="board"):
            yield Literal("For the partnership board", classes="dialog-title")
            yield Static(Content("What is the board asked to note or decide? No names. Tab moves on, Ctrl+S saves, "
                                 "Escape cancels."), classes="hint")
            yield TextArea(self.board_ask, id="board-ask", soft_wrap=True, max_checkpoints=50)
            yield Static(Content("Review date (for example 2027-03-31 or 31/03/2027; empty: not set)"), classes="hint")
            yield Input(self.review_date, id="review-date", placeholder="YYYY-MM-DD")
            yield Literal("", id="board-message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#board-ask", TextArea).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.action_save()

    def action_save(self) -> None:
        text = self.query_one("#board-ask", TextArea).text
        try:
            day = check_review_date(self.query_one("#review-date", Input).value)
        except ValueError as error:
            self.query_one("#board-message", Literal).set_text(as_sentence(error))
            self.query_one("#review-date", Input).focus()
            return
        if len(text) > BOARD_ASK_LIMIT:
            self.query_one("#board-message", Literal).set_text(
                f"Keep it to {BOARD_ASK_LIMIT} characters: the brief has room for a short paragraph.")
            return
        self.dismiss((text, day or ""))

    def action_cancel(self) -> None:
        self.dismiss(None)
