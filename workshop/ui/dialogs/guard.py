"""The personal-data guard's question: "this looks like a name: edit it, or save it anyway?"

The dialog shows the text with the words that look like personal data marked (reverse video and
underline, so a washed-out projector still shows them) and says what each looks like. Enter,
Escape and y go back to editing; saving anyway needs F5, a key nobody presses while typing or by
pressing Enter once too often. The text is shown as plain text (`Content`), never as markup.
"""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ...text import clean, looks_like, personal_data_spans
from ..widgets import Literal

SAVE_KEY = "f5"
SAVE_KEY_DISPLAY = "F5"
MARK = "reverse bold underline"


def marked(text: str, spans: list[tuple[int, int, str]]) -> Content:
    """`text` as plain content with every span marked."""
    content = Content(text)
    for start, end, _kind in spans:
        content = content.stylize(MARK, start, end)
    return content


SHOWN_FINDINGS = 4


def what_it_looks_like(text: str, spans: list[tuple[int, int, str]]) -> list[str]:
    """One line per distinct finding: '"Jayden Smith" looks like a name.' (at most SHOWN_FINDINGS,
    then how many more are marked, so that the keys stay on screen at 80x24)."""
    lines: list[str] = []
    for start, end, kind in spans:
        line = f"\u201c{text[start:end]}\u201d looks like {looks_like(kind)}."
        if line not in lines:
            lines.append(line)
    if len(lines) > SHOWN_FINDINGS:
        more = len(lines) - SHOWN_FINDINGS + 1
        lines = lines[: SHOWN_FINDINGS - 1] + [f"... and {more} more, marked in your text."]
    return lines


class GuardDialog(ModalScreen[bool]):
    """Dismissed with True only when the participant presses F5 to save anyway."""

    DEFAULT_CSS = """
    GuardDialog #guard-text { max-height: 8; height: auto; border: round $accent; padding: 0 1; }
    GuardDialog #guard-found { margin-top: 1; }
    GuardDialog .hint { margin-top: 1; }
    """

    BINDINGS = [
        # y is yes in the other dialogs: here a habitual y goes back to editing, never saves.
        Binding("enter,escape,y", "edit", "Back to editing", key_display="Enter"),
        Binding(SAVE_KEY, "save", "Save anyway", key_display=SAVE_KEY_DISPLAY),
        Binding("up", "scroll(-1)", "Scroll", show=False),
        Binding("down", "scroll(1)", "Scroll", show=False),
    ]

    def __init__(self, text: str, spans: list[tuple[int, int, str]], *, what: str = "answer"):
        super().__init__()
        self.text = text
        self.spans = spans
        self.what = what

    @classmethod
    def for_text(cls, text: str, *, what: str = "answer") -> GuardDialog | None:
        """The dialog for `text` if anything in it looks like personal data, else None."""
        text = clean(text, limit=None)
        spans = personal_data_spans(text)
        return cls(text, spans, what=what) if spans else None

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide", id="guard"):
            yield Literal(f"Check your {self.what}: it may hold personal details.", classes="dialog-title")
            with VerticalScroll(id="guard-text", can_focus=False):
                yield Static(marked(self.text, self.spans), id="guard-answer", markup=False)
            yield Literal("\n".join(what_it_looks_like(self.text, self.spans)), id="guard-found")
            yield Literal(
                "Please take out names and details of children, families or colleagues. "
                "Nothing has been saved yet.",
                id="guard-advice",
            )
            yield Static(
                Content(f"Enter: Edit my {self.what}    {SAVE_KEY_DISPLAY}: Save anyway (I have checked it)"),
                classes="hint",
            )
        yield Footer()

    def action_scroll(self, lines: int) -> None:
        self.query_one("#guard-text", VerticalScroll).scroll_relative(y=lines, animate=False)

    def action_edit(self) -> None:
        self.dismiss(False)

    def action_save(self) -> None:
        self.dismiss(True)
