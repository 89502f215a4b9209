"""Help: the participants' keys for everyone; the facilitator's keys too once the PIN was given."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from .facilitator import ACTIONS

PARTICIPANT_KEYS = [
    ("Enter", "Start your turn (on the 'pass the keyboard' screen); submit your answer"),
    ("Arrow keys, 1-9", "Choose on a scale, a list or a sorting card; then Enter (a sorting card moves on at once)"),
    ("", "Nothing is chosen at first: \u25b6 marks the highlighted row, (\u2022) the chosen option, [x] a ticked one"),
    ("PgUp, PgDn", "Scroll the reveal (the arrow keys too)"),
    ("Space", "Tick or untick an option where you may choose several"),
    ("Backspace / Left", "Go back one card while sorting"),
    ("Tab", "Move between the fields of an action point"),
    ("Ctrl+S", "Submit your answer"),
    ("Ctrl+N", "Pass: give no answer this time"),
    ("Escape", "Cancel your turn (nothing is saved; with something typed it asks first)"),
    ("Ctrl+B", "Blank the screen at once (the facilitator's PIN brings it back)"),
    ("?", "This help"),
]

# Keys of the screens outside a running session: (key, where, what).
PRINT_KEYS = [
    ("p", "End of session, past session summary",
     "Print the summary: the PDF goes to the printer, or is saved beside the session if there is none (no PIN at the end)"),
    ("b", "End of session",
     "For the board (PIN): what the partnership board is asked to note or decide, and the review date; "
     "Ctrl+S saves them into the summary"),
]
MANAGE_KEYS = [
    ("d", "Past sessions, Resume lists",
     "Delete the highlighted session, its summaries and its lock file for good: that session's PIN, then confirm. "
     "A session file that cannot be opened has no PIN to check: type delete to confirm instead"),
]

FONT_TIPS = (
    "Bigger text: the terminal sets the font size. Ctrl+Plus (or Ctrl+Shift+Plus) enlarges it in "
    "GNOME Terminal, Windows Terminal, Konsole and most others; Cmd+Plus on macOS Terminal and iTerm2. "
    "The screens reflow to fit."
)


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,question_mark,enter", "close", "Close help", key_display="Esc")]

    def __init__(self, facilitator: bool = False):
        super().__init__()
        self.facilitator = facilitator

    def compose(self) -> ComposeResult:
        lines = ["Keys for everyone", ""]
        lines += [f"  {key:<18} {what}" for key, what in PARTICIPANT_KEYS]
        lines += ["", "  F2 (or Ctrl+F)       Facilitator menu (needs the PIN)"]
        if self.facilitator:
            lines += ["", "Facilitator menu keys", ""]
            lines += [f"  {('+' if key == 'plus' else key):<18} {label}" for key, _action, label in ACTIONS]
        lines += ["", "Keys of other screens", ""]
        shown = PRINT_KEYS + (MANAGE_KEYS if self.facilitator else [])
        lines += [f"  {key:<18} {where}: {what}" for key, where, what in shown]
        lines += ["", FONT_TIPS, "", "Worried about a child now? Follow your own agency's safeguarding procedures."]
        with VerticalScroll(classes="dialog wide", id="help"):
            yield Static(Content("\n".join(lines)))
        yield Footer()

    def action_close(self) -> None:
        self.dismiss(None)
