"""Ask for the facilitator PIN. Wrong PINs make the next try wait longer (1, 2, 4 ... 30 seconds)."""

from __future__ import annotations

from typing import Callable

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Input, Static

from ...session import PIN_MAX

MAX_WAIT = 30


def wait_after(failures: int) -> int:
    return 0 if failures <= 0 else min(2 ** (failures - 1), MAX_WAIT)


class PinDialog(ModalScreen[bool]):
    BINDINGS = [Binding("escape", "cancel", "Cancel", key_display="Esc")]

    def __init__(self, check: Callable[[str], bool] | None = None, title: str = "Facilitator PIN"):
        super().__init__()
        self.check = check
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content(self.title_text), classes="dialog-title")
            yield Static(Content("Facilitator only. Participants: press Escape."), classes="hint")
            yield Input(password=True, restrict=r"[0-9]*", max_length=PIN_MAX, id="pin", placeholder="PIN")
            yield Static(Content(""), id="pin-message", classes="message -empty")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()
        self._hold()

    def _checker(self) -> Callable[[str], bool]:
        if self.check is not None:
            return self.check
        return self.app.session.check_pin  # type: ignore[attr-defined]

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        pin = event.value
        event.input.value = ""
        if not pin:
            return  # Enter on an empty box is not a try
        if self._checker()(pin):
            self.app.pin_failures = 0  # type: ignore[attr-defined]
            self.dismiss(True)
            return
        self.app.pin_failures += 1  # type: ignore[attr-defined]
        self._hold()

    def _hold(self) -> None:
        """After wrong PINs, refuse input for a while, longer each time."""
        wait = wait_after(self.app.pin_failures)  # type: ignore[attr-defined]
        message = self.query_one("#pin-message", Static)
        box = self.query_one("#pin", Input)
        if not wait:
            return
        box.disabled = True
        message.update(Content(f"Wrong PIN. Try again in {wait} second{'s' if wait != 1 else ''}."))
        message.remove_class("-empty")

        def release() -> None:
            box.disabled = False
            box.focus()
            message.update(Content("Wrong PIN. Try again."))

        self.set_timer(wait, release)

    def action_cancel(self) -> None:
        self.dismiss(False)
