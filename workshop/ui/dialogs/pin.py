"""Ask for the facilitator PIN. After a wrong PIN the next try waits (1, 2, 4 ... 30 seconds).

The wait is kept by the app (`PinBackoff`), not by the dialog: closing and opening the dialog again
never starts a new wait, and a try made once the wait is over is checked like any other, so a
participant who types wrong PINs can delay the facilitator by one wait, never lock them out. The
box stays open during a wait: what is typed is kept, and Enter once the wait is over tries it.
"""

from __future__ import annotations

import math
import time
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


class PinBackoff:
    """Wrong PINs in a row and when the next try may be made. `clock` is injectable for tests."""

    def __init__(self, clock: Callable[[], float] = time.monotonic):
        self.clock = clock
        self.failures = 0
        self._next_try = 0.0

    def wait_left(self) -> int:
        """Whole seconds until the next try may be made (0: now)."""
        return max(0, math.ceil(self._next_try - self.clock()))

    def failed(self) -> int:
        self.failures += 1
        wait = wait_after(self.failures)
        self._next_try = self.clock() + wait
        return wait

    def succeeded(self) -> None:
        self.failures = 0
        self._next_try = 0.0


def _seconds(n: int) -> str:
    return f"{n} second{'s' if n != 1 else ''}"


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

    @property
    def backoff(self) -> PinBackoff:
        return self.app.pin_backoff  # type: ignore[attr-defined]

    def on_mount(self) -> None:
        self.query_one("#pin", Input).focus()
        wait = self.backoff.wait_left()
        if wait:
            self._say(f"After a wrong PIN the next try waits: {_seconds(wait)} left.")
            self.set_timer(wait, self._wait_over)

    def _checker(self) -> Callable[[str], bool]:
        if self.check is not None:
            return self.check
        return self.app.session.check_pin  # type: ignore[attr-defined]

    def _say(self, text: str) -> None:
        message = self.query_one("#pin-message", Static)
        message.update(Content(text))
        message.set_class(not text, "-empty")

    def _wait_over(self) -> None:
        if not self.backoff.wait_left():
            self._say("Wrong PIN. Try again.")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        pin = event.value
        if not pin:
            return  # Enter on an empty box is not a try
        wait = self.backoff.wait_left()
        if wait:  # too soon: not a try; what was typed stays for Enter after the wait
            self._say(f"Wait {_seconds(wait)}, then press Enter.")
            self.set_timer(wait, self._wait_over)
            return
        event.input.value = ""
        if self._checker()(pin):
            self.backoff.succeeded()
            self.dismiss(True)
            return
        wait = self.backoff.failed()
        self._say(f"Wrong PIN. Try again in {_seconds(wait)}.")
        self.set_timer(wait, self._wait_over)

    def action_cancel(self) -> None:
        self.dismiss(False)
