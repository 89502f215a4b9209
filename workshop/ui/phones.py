"""The kiosk's side of phones in the room: it hosts the phone server (workshop/web) in Textual's own
asyncio loop, shows the join QR code, short address and join code beside the question, and the
facilitator's pairing code for a remote.

The server and the kiosk drive the same Session; the kiosk follows changes made from phones through
`Session.subscribe` (see `WorkshopApp._session_event`), so the shared count is one number and a round
the remote closes closes on the shared screen too.
"""

from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

import segno
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Footer, Static

from ..text import clean
from .widgets import Literal

if TYPE_CHECKING:
    from ..web.server import PhoneServer

DEFAULT_PORT = 8765


def qr_text(data: str) -> str:
    """`data` as a QR code in half-block characters: two modules per character cell, light modules
    drawn (a dark-on-light code, the way every phone camera reads them), with a quiet zone."""
    code = segno.make(data, error="m", micro=False)
    rows = [[bool(m) for m in row] for row in code.matrix_iter(scale=1, border=2)]
    if len(rows) % 2:
        rows.append([False] * len(rows[0]))
    lines = []
    for top, bottom in zip(rows[0::2], rows[1::2]):
        line = []
        for dark_top, dark_bottom in zip(top, bottom):
            line.append(" " if dark_top and dark_bottom else "▄" if dark_top else "▀" if dark_bottom else "█")
        lines.append("".join(line))
    return "\n".join(lines)


def spaced_code(code: str) -> str:
    return f"{code[:3]} {code[3:]}"


class RemoteBadge(Static):
    """'Remote paired' in the header of every session screen while a phone steers the session; else
    nothing. The room can always see that someone holds the controls from a phone."""

    DEFAULT_CSS = "RemoteBadge { width: auto; padding: 0 1; background: $accent; color: $background; text-style: bold; }"

    def on_mount(self) -> None:
        self.watch(self.app, "remote_paired", self._show)

    def _show(self, paired: bool) -> None:
        self.update(Content("Remote paired" if paired else ""))
        self.display = paired


class PhonePanel(Vertical):
    """Beside the question: how to join from a phone (the header says whether a remote is paired)."""

    DEFAULT_CSS = """
    PhonePanel { dock: right; width: 37; height: auto; padding: 0 1; }
    PhonePanel #phone-qr { width: auto; color: #FFFFFF; background: #000000; }
    PhonePanel .phone-line { width: 100%; }
    PhonePanel #phone-code { text-style: bold; color: $accent; }
    Screen.-narrow PhonePanel #phone-qr, Screen.-short PhonePanel #phone-qr { display: none; }
    """

    def compose(self) -> ComposeResult:
        yield Static(id="phone-qr", markup=False)
        yield Literal("", id="phone-join", classes="phone-line")
        yield Literal("", id="phone-code", classes="phone-line")

    def on_mount(self) -> None:
        self.show()

    def show(self) -> None:
        server: PhoneServer | None = getattr(self.app, "phones", None)
        if server is None or not server.running:
            self.display = False
            return
        self.display = True
        self.query_one("#phone-qr", Static).update(Content(qr_text(server.qr_url)))
        if server.code_open:
            join, code = f"Answer on a phone: scan the code, or open {server.base_url} and type the code", \
                spaced_code(server.join_code)
        else:  # too many wrong codes: the code is closed, the full link still works
            join, code = f"Answer on a phone: scan the code, or open {server.url}", ""
        self.query_one("#phone-join", Literal).set_text(join)
        self.query_one("#phone-code", Literal).set_text(code)


class PairDialog(ModalScreen[None]):
    """The one-time code the facilitator scans to pair a phone as the remote."""

    BINDINGS = [Binding("escape,enter", "close", "Close", key_display="Esc")]

    def __init__(self, link: str):
        super().__init__()
        self.link = link

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog wide"):
            yield Static(Content("Pair the facilitator's phone"), classes="dialog-title")
            yield Static(Content(qr_text(self.link)), id="pair-qr", markup=False)
            yield Static(Content("Scan this with your own phone. The code works once, then closes by itself."),
                         classes="hint")
        yield Footer()

    DEFAULT_CSS = "PairDialog #pair-qr { width: auto; color: #FFFFFF; background: #000000; }"

    def action_close(self) -> None:
        self.dismiss(None)


def phone_actions(app: Any) -> list[str]:
    """The facilitator menu's phone entries that make sense now."""
    session = getattr(app, "session", None)
    if session is None or session.finished:
        return []
    server = getattr(app, "phones", None)
    if server is None:
        return ["phones"]
    return ["phones", "pair"] + (["unpair"] if server.paired else [])


class PhoneHost:
    """What the kiosk app (WorkshopApp) does for phones; kept here so app.py only calls in."""

    def __init__(self, app: Any, host: str | None = None, port: int = DEFAULT_PORT):
        self.app = app
        self.host = host
        self.port = port
        self.server: PhoneServer | None = None
        self.pairing: PairDialog | None = None
        self._stopping: asyncio.Task | None = None

    async def start(self) -> None:
        from ..web.server import PhoneServer, local_address

        app = self.app
        session = app.session
        if session is None or self.server is not None or session.finished:
            return
        server = PhoneServer(
            session, self.host or local_address(), self.port,
            host_actions={"timer": app.toggle_timer_from_remote, "end": app.end_session},
            on_change=self.redraw,
        )
        self.server = server
        try:
            await server.start()
        except OSError as error:
            self.server = None
            server.forget()
            reason = clean(error.strerror or str(error), 120, multiline=False)
            app.notify(f"Phones could not start on {server.host} port {server.port}: {reason}. "
                       "Try another --port or --host.", severity="error", timeout=15)
            return
        app.phones = server
        self.redraw()
        if not app.screen.query(PhonePanel):  # the panel says it all where it shows; elsewhere, a line
            app.notify("Phones on: how to join shows beside each question.")

    def stop(self) -> None:
        """Stop listening now (every token is forgotten at once; the socket closes in the loop)."""
        server, self.server = self.server, None
        self.app.phones = None
        if server is None:
            return
        server.forget()
        stopping = server.stop()
        try:
            self._stopping = asyncio.get_running_loop().create_task(stopping)  # held: a bare task may be collected
        except RuntimeError:  # no loop any more (the app has ended): the process closes the socket
            stopping.close()
        self.close_pairing()
        self.redraw()

    def pair(self) -> None:
        if self.server is None:
            return
        self.pairing = PairDialog(self.server.start_pairing())
        self.app.push_screen(self.pairing, lambda _: setattr(self, "pairing", None))

    def unpair(self) -> None:
        if self.server is not None:
            self.server.unpair()
            self.app.notify("The remote phone is unpaired.")

    def close_pairing(self) -> None:
        if self.pairing is not None and self.pairing.is_attached and self.app.screen is self.pairing:
            self.pairing.dismiss(None)
        self.pairing = None

    def redraw(self) -> None:
        """A phone paired, code entry closed, phones turned on or off: update what the kiosk shows."""
        server = self.server
        self.app.remote_paired = server is not None and server.paired  # the header's badge follows
        if server is not None and server.paired and self.pairing is not None:
            self.close_pairing()
            self.app.notify("A phone is paired as the facilitator's remote.")
        from .screens.step import StepScreen

        for screen in self.app.screen_stack:  # empty while the app shuts down
            panels = list(screen.query(PhonePanel))
            if not panels and self.server is not None and isinstance(screen, StepScreen):
                screen.mount(PhonePanel())  # phones turned on while the question is up
            for panel in panels:
                panel.show()
