"""A past session's summary, read on screen (after its PIN), with keys to save it as files and to print it."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Static

from ... import storage
from ...session import Session
from ..widgets import Literal
from .end import PrintKey


class SummaryScreen(PrintKey, Screen):
    BINDINGS = [
        Binding("s", "save", "Save summary files"),
        Binding("p", "print", "Print"),
        Binding("escape", "back", "Back", key_display="Esc"),
    ]

    def __init__(self, session: Session):
        super().__init__()
        self.record = session

    def compose(self) -> ComposeResult:
        from ...summary import render_summary

        title = "Summary of a past session (read only)"
        yield Static(Content(title), classes="screen-title")
        with VerticalScroll(id="summary"):
            yield Literal(render_summary(self.record, "txt"), id="summary-text")
        yield Literal("", id="saved", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#summary").focus()

    def action_save(self) -> None:
        from ...summary import write_summary

        try:
            paths = [write_summary(self.record, fmt) for fmt in ("html", "md")]
        except storage.StorageFailure as error:
            self.query_one("#saved", Literal).set_text(f"Not saved: {error}")
            return
        from .end import display_path

        self.query_one("#saved", Literal).set_text("Saved: " + "  ".join(display_path(p) for p in paths))

    def show_print_message(self, text: str) -> None:
        self.query_one("#saved", Literal).set_text(text)

    def action_print(self) -> None:
        self.start_printing(self.record)

    def action_back(self) -> None:
        self.app.pop_screen()
