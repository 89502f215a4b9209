"""The kiosk application: owns the open session, the facilitator lock and the step timer, and
decides which screen shows the session's current state."""

from __future__ import annotations

import asyncio
import os
import shlex
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from textual.app import App
from textual.binding import Binding
from textual.reactive import reactive
from textual.theme import Theme

from ..errors import StorageFailure

if TYPE_CHECKING:  # the core loads when a session starts, not on the way to the first frame
    from ..packs import Pack
    from ..session import Session

# Two themes: "projector" (the default: white and yellow on black, nothing faint, for a shared
# screen seen from the back of a room) and "standard" (a light theme for a laptop screen). The
# facilitator menu key `v` switches between them.
PROJECTOR_THEME = Theme(
    name="projector",
    primary="#0050B3",
    secondary="#3D8BFD",
    accent="#FFD700",
    warning="#FFD700",
    error="#FF6B6B",
    success="#1B7A3A",
    foreground="#FFFFFF",
    background="#000000",
    surface="#000000",
    panel="#1C1C1C",
    boost="#FFFFFF10",
    dark=True,
    variables={
        "text": "auto 100%",
        "text-muted": "auto 90%",
        "footer-background": "#1C1C1C",
        "footer-key-foreground": "#FFD700",
        "footer-description-foreground": "#FFFFFF",
        "block-cursor-foreground": "#FFFFFF",
        "block-cursor-background": "#0050B3",
        "block-cursor-blurred-foreground": "#FFFFFF",
        "block-cursor-blurred-background": "#333333",
        "border": "#FFD700",
        "border-blurred": "#FFFFFF",
        "input-cursor-background": "#FFFFFF",
        "input-cursor-foreground": "#000000",
        "scrollbar": "#808080",
        "scrollbar-hover": "#B0B0B0",
        "scrollbar-background": "#1C1C1C",
    },
)
STANDARD_THEME = Theme(
    name="standard",
    primary="#004578",
    secondary="#0178D4",
    accent="#8A4B00",
    warning="#8A4B00",
    error="#B00020",
    success="#2E7D32",
    foreground="#111111",
    background="#F2F2F2",
    surface="#FFFFFF",
    panel="#DDDDDD",
    dark=False,
    variables={
        "footer-key-foreground": "#004578",
        "border": "#004578",
        "border-blurred": "#555555",
    },
)
THEMES = (PROJECTOR_THEME.name, STANDARD_THEME.name)


HANG_UP_GRACE_LOST = 3.0
"""Seconds Textual's shutdown gets after a hang-up when the terminal has gone."""
HANG_UP_GRACE = 15.0
"""Seconds it gets after SIGTERM or SIGHUP with the terminal still there (it restores the screen)."""
HANG_UP_GRACE_STUCK = 20.0
"""Seconds after the signal itself, for when the event loop never gets to close the session."""


def _end_for_sure(seconds: float) -> None:
    """End the process after `seconds` if Textual's shutdown has not ended it by then.

    Textual writes to the terminal through a thread with a bounded queue. When the terminal has gone
    (its window closed), that thread dies on the first failed write, and the shutdown, which writes
    the escape sequences that restore the screen, then waits on the full queue for ever: a kiosk
    process left behind for good. By the time this is armed the session is closed (every confirmed
    answer on disk, waiting ones rescued, the lock released), so ending the process loses nothing.
    """
    import threading

    timer = threading.Timer(seconds, os._exit, args=(0,))
    timer.daemon = True
    timer.start()


@dataclass
class Config:
    sessions_dir: Path
    prompts_dir: Path | None = None
    start_pack: str | None = None  # `workshop start`: go straight to setting the PIN
    start_label: str = ""
    session: Session | None = None  # `workshop resume`: already opened (and locked) by the command
    start_skip: tuple[str, ...] = ()  # `workshop start --fit`: optional steps the facilitator agreed to leave out
    start_skip_pack: str = ""  # ... of this pack id (another pack chosen on the new-session screen skips nothing)
    people: int | None = None  # `workshop start --people N`: the room the pace is planned for (else no pace)
    clock: Callable[[], float] = time.monotonic  # the pace's clock (tests give a fake one)
    command: str | None = None  # how the person at the terminal runs the app (None: `workshop_command()`)
    phones: bool = False  # `workshop start --phones`: host the phone server once the session starts
    phones_host: str | None = None  # the address to listen on (default: this machine's local network address)
    phones_port: int = 8765


class WorkshopApp(App, inherit_bindings=False):
    """The Hymn Sheet kiosk. No default App bindings: nothing quits or opens a palette by accident."""

    CSS_PATH = "workshop.tcss"
    TITLE = "Hymn Sheet"
    ENABLE_COMMAND_PALETTE = False
    BINDINGS = [
        Binding("ctrl+b", "blank", "Blank", priority=True, show=False),
    ]
    # Screens get these classes by terminal size: a very large font leaves a small grid, and the
    # stylesheet then drops spacing before it drops anything people need to read.
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (70, "-normal"), (140, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (22, "-tall")]

    timer_remaining: reactive[int] = reactive(0)
    timer_running: reactive[bool] = reactive(False)
    # Shown in the header while the facilitator controls are open, so nobody walks away from them.
    facilitator_unlocked: reactive[bool] = reactive(False)
    # Shown in the header of every session screen while a phone is paired as the facilitator's remote.
    remote_paired: reactive[bool] = reactive(False)

    def __init__(self, config: Config, clock=time.monotonic):
        from .dialogs.pin import PinBackoff

        super().__init__()
        self.config = config
        self.session: Session | None = None
        self.pace = None  # timing.Pace for the open session: the header's "2 min behind"
        self.pin_backoff = PinBackoff(clock)  # the wait after a wrong PIN, kept across dialogs
        self.leave_message = ""  # printed in the terminal once the kiosk has closed (see `run`)
        self._tty_fd: int | None = None  # the terminal to watch for a hang-up (set on mount)
        self.summary_paths: list[Path] = []
        self.summary_error = ""  # why the summary of the finished session is not saved yet
        self.rescues: list[Session] = []  # sessions closed with answers sent to a rescue file
        self.last_session_id = ""
        self.unexpected_error = False
        self.error_log: Path | None = None
        self.phones: Any = None  # the running PhoneServer (workshop/web), if phones are on
        self.phone_host: Any = None  # ui.phones.PhoneHost, made when phones are first turned on
        self._shown: tuple | None = None  # the session state the screen last showed (see _follow_session)
        self.register_theme(PROJECTOR_THEME)
        self.register_theme(STANDARD_THEME)
        self.theme = PROJECTOR_THEME.name

    # -- start-up --

    def on_mount(self) -> None:
        from .screens.home import HomeScreen

        self.push_screen(HomeScreen())
        self.set_interval(1.0, self._tick)
        self.set_interval(5.0, self._retry_pending)
        self._catch_hangups()
        if not self.is_headless and sys.__stdin__ is not None and sys.__stdin__.isatty():
            self._tty_fd = sys.__stdin__.fileno()
        if self.config.session is not None:
            self.begin(self.config.session)
        elif self.config.start_pack is not None:
            from .screens.new_session import NewSessionScreen

            self.push_screen(NewSessionScreen(self.config.start_pack, self.config.start_label))

    def on_unmount(self) -> None:
        self.close_session()
        self._restore_signal_handlers()

    def _catch_hangups(self) -> None:
        """SIGTERM or SIGHUP (a closed terminal window) ends the app cleanly: every confirmed answer
        is already on disk, answers waiting for the disk get a last try, and the lock is released,
        so the session can be resumed.

        A plain signal handler rather than the loop's: it runs even when the loop is stuck (Textual's
        output thread gone with the terminal, the loop blocked on its full queue), so it can arm
        the last-resort exit before asking the loop to close the session."""
        loop = asyncio.get_running_loop()

        def hang_up(signum, frame) -> None:  # noqa: ARG001
            if not self.is_headless:
                _end_for_sure(HANG_UP_GRACE_STUCK)
            loop.call_soon_threadsafe(self._hang_up)

        self._previous_handlers = {}
        for signum in (signal.SIGTERM, signal.SIGHUP):
            try:
                self._previous_handlers[signum] = signal.signal(signum, hang_up)
            except (ValueError, OSError):
                pass  # not the main thread (as under some test runners): the default action stands

    def _restore_signal_handlers(self) -> None:
        for signum, previous in getattr(self, "_previous_handlers", {}).items():
            try:
                signal.signal(signum, previous)
            except (ValueError, OSError, TypeError):
                pass
        self._previous_handlers = {}

    def _terminal_lost(self) -> bool:
        """True once the terminal the kiosk started on has gone away. A closed window normally sends
        SIGHUP, but not when a wrapper shell swallows it; then Textual's input thread reads nothing
        in a loop, so the tick checks the terminal itself and ends the app like a hang-up."""
        if self._tty_fd is None:
            return False
        try:
            os.tcgetpgrp(self._tty_fd)
        except OSError:
            return True
        return False

    def _hang_up(self) -> None:
        self.close_session()
        lost = self._terminal_lost()
        self.exit(return_code=0)
        if not self.is_headless:
            _end_for_sure(HANG_UP_GRACE_LOST if lost else HANG_UP_GRACE)

    # -- the session --

    def begin(self, session: Session, unlocked: bool = False) -> None:
        from ..timing import Pace, plan

        self.session = session
        session.subscribe(self._session_event)
        if session.finished:  # resumed after the end: save what a full disk kept from being saved
            self.save_summaries(only_missing=True)
        self.pace = None
        if session.people:  # planned for a room size: the header shows the pace against that plan
            self.pace = Pace(plan(session.pack, session.people, session.skipped), self.config.clock)
            self.pace.start_at(session.step.id)
        if unlocked:
            self.unlock()  # the facilitator has just typed the PIN: open until the first turn
        else:
            self.lock()
        self._reset_timer()
        self.show_step()
        if self.config.phones:
            self.config.phones = False  # once: after that the facilitator menu turns phones on and off
            self.toggle_phones()

    def close_session(self) -> None:
        if self.phone_host is not None:
            self.phone_host.stop()
        if self.session is not None:
            session = self.session
            session.unsubscribe(self._session_event)
            try:
                session.flush_pending()
            except StorageFailure:
                pass
            session.close()  # answers that still cannot be saved go to a rescue file
            self.last_session_id = session.id
            if session.rescued_to is not None or session.rescue_error:
                self.rescues.append(session)
            self.session = None

    def _handle_exception(self, error: Exception) -> None:
        """An error the app did not foresee. Textual would print a traceback with local variables
        (answers among them) on the shared screen; instead the session is closed as on a quit (every
        confirmed answer is on disk, waiting ones go to a rescue file, the lock is freed), the type
        and place of the error go to a private log beside the sessions, and the command prints one
        neutral line once the screen is given back (`farewell`)."""
        from .. import errorlog

        if self.unexpected_error:
            return  # one is enough: the app is already closing
        self.unexpected_error = True
        try:
            self.error_log = errorlog.record(self.config.sessions_dir, error)
        except Exception:
            self.error_log = None
        try:
            self.close_session()
        except Exception:
            pass  # whatever it did not release, the end of the process does
        self._return_code = 1
        self._exception_event.set()  # a test's Pilot stops waiting
        self._close_messages_no_wait()

    def farewell(self) -> list[str]:
        """What the command prints once the screen is given back: where waiting answers were kept,
        and one neutral line after an unexpected error."""
        lines = []
        if self.unexpected_error:
            resume = f" Resume it with 'workshop resume {self.last_session_id}'." if self.last_session_id else ""
            details = f" Details for whoever maintains the app (no answers in them): {self.error_log}." if self.error_log else ""
            lines.append(f"workshop: the kiosk stopped after an unexpected problem; every saved answer is kept.{resume}{details}")
        for session in self.rescues:
            if session.rescued_to is not None:
                count = session.rescued_count
                lines.append(
                    f"workshop: {count} answer{'s' if count != 1 else ''} could not be saved in the sessions folder; "
                    f"{'they are' if count != 1 else 'it is'} kept in {session.rescued_to} and will be added to the "
                    f"session when it is resumed ('workshop resume {session.id}')"
                )
            if session.rescue_error:
                count = len(session.pending)
                lines.append(
                    f"workshop: {count} answer{'s' if count != 1 else ''} of session {session.id} could not be saved: "
                    f"{session.rescue_error}"
                )
        return lines

    def confirm_quit(self) -> None:
        """Quit; while answers still wait for the disk, say how many and ask first."""
        waiting = len(self.session.pending) if self.session is not None else 0
        if not waiting:
            self.quit_with_command()
            return
        from .dialogs.confirm import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.quit_with_command()

        many = waiting != 1
        self.push_screen(
            ConfirmDialog(
                f"{waiting} answer{'s are' if many else ' is'} still waiting for the disk. Quit anyway? "
                f"{'They' if many else 'It'} will be kept in a rescue file outside the sessions folder and "
                "added back when the session is resumed.",
                "Quit",
            ),
            answer,
        )

    def _session_screen(self, session: Session):
        from .screens.end import EndScreen
        from .screens.reveal import RevealScreen
        from .screens.step import StepScreen

        if session.finished:
            return EndScreen()
        from ..session import REVEALED

        if session.step.takes_answers and session.phase == REVEALED:
            return RevealScreen()
        return StepScreen()

    def show_step(self) -> None:
        """Show the screen for the session's current state, replacing whatever session screen is up."""
        assert self.session is not None
        self._shown = self._state_key()
        screen = self._session_screen(self.session)
        # Drop dialogs and turn screens above the session's own screen.
        while len(self.screen_stack) > 2 and not getattr(self.screen_stack[-1], "IS_HOME", False):
            if getattr(self.screen, "SESSION_SCREEN", False):
                self.switch_screen(screen)
                return
            self.pop_screen()
        if getattr(self.screen, "SESSION_SCREEN", False):
            self.switch_screen(screen)
        else:
            self.push_screen(screen)

    def go_home(self) -> None:
        self.close_session()
        while len(self.screen_stack) > 2:
            self.pop_screen()

    # -- facilitator lock --

    # Once the PIN is given the controls stay open (through the reveal, the discussion, notes and
    # moving on) until a participant starts a turn, the facilitator locks (l), or the session ends:
    # so the PIN is typed at most once per question step, in front of the room.

    @property
    def unlocked(self) -> bool:
        return self.facilitator_unlocked

    def unlock(self) -> None:
        self.facilitator_unlocked = True

    def lock(self) -> None:
        self.facilitator_unlocked = False

    def with_facilitator(self, then) -> None:
        """Run `then()` once the facilitator has given the PIN (at once if still unlocked)."""
        if self.unlocked:
            then()
            return
        from .dialogs.pin import PinDialog

        def done(ok: bool | None) -> None:
            if ok:
                self.unlock()
                then()

        self.push_screen(PinDialog(), done)

    def open_facilitator_menu(self) -> None:
        from .dialogs.facilitator import FacilitatorMenu

        def chosen(action: str | None) -> None:
            if action:
                self.run_facilitator_action(action)

        self.with_facilitator(lambda: self.push_screen(FacilitatorMenu(), chosen))

    def run_facilitator_action(self, action: str) -> None:
        from ..session import RevealWaits

        session = self.session
        if session is None:
            return
        try:
            if action == "close":
                session.close_round()
            elif action == "reveal":
                try:
                    session.reveal()
                except RevealWaits as wait:
                    self.notify(str(wait), title="Not revealed yet", severity="warning", timeout=12)
                    return
            elif action == "again":
                session.new_round()
            elif action in ("next", "skip"):
                if not session.next_step():
                    self.confirm_end()
                    return
                self._reset_timer()
            elif action == "back":
                session.previous_step()
                self._reset_timer()
            elif action == "mode":
                self.notify(f"This step now takes {session.switch_mode()}.")
            elif action == "notes":
                self.edit_notes()
                return
            elif action == "guide":
                from .dialogs.guide import GuideDialog

                self.push_screen(GuideDialog(session.step))
                return
            elif action == "redact":
                self.choose_redaction()
                return
            elif action == "timer":
                self.timer_running = not self.timer_running
                return
            elif action == "extend":
                self.timer_remaining += 60
                return
            elif action == "end":
                self.confirm_end()
                return
            elif action == "theme":
                self.toggle_theme()
                return
            elif action == "lock":
                self.lock()
                self.notify("Facilitator controls locked.")
                return
            elif action == "quit":
                self.confirm_quit()
                return
            elif action == "phones":
                self.toggle_phones()
                return
            elif action == "pair":
                self.phone_host.pair()
                return
            elif action == "unpair":
                self.phone_host.unpair()
                return
        except StorageFailure as error:
            self.notify(f"{error}. Nothing was lost; try again.", severity="error", timeout=10)
            return
        self.show_step()

    def edit_notes(self) -> None:
        from .dialogs.notes import NotesDialog

        session = self.session
        assert session is not None
        step = session.step

        def saved(text: str | None) -> None:
            if text is not None and self.session is not None:
                try:
                    self.session.set_note(step.id, text)
                    self.notify("Notes saved.")
                except StorageFailure as error:
                    self.notify(f"{error}. The notes were not saved; try again.", severity="error", timeout=10)
                self.show_step()

        self.push_screen(NotesDialog(step.title, session.note(step.id)), saved)

    def choose_redaction(self) -> None:
        from .. import kinds
        from .dialogs.redact import RedactDialog

        session = self.session
        assert session is not None
        step = session.step
        written = [  # in the reveal's own order (document ids): a redaction never reshuffles it
            a for a in session.current_round().turns
            if not a.get("passed") and not a.get("redacted")
            and kinds.of(step).written(a.get("answer") or {})
        ]

        def chosen(doc: dict | None) -> None:
            if doc is not None and self.session is not None:
                try:
                    self.session.redact(step.id, doc)
                except StorageFailure as error:
                    self.notify(f"{error}. Nothing was changed; try again.", severity="error", timeout=10)
                self.show_step()

        self.push_screen(RedactDialog(written), chosen)

    def confirm_end(self) -> None:
        from .dialogs.confirm import ConfirmDialog

        def answer(yes: bool | None) -> None:
            if yes:
                self.end_session()

        self.push_screen(
            ConfirmDialog("End the session now? Answers are kept and the summary is saved.", "End session"), answer
        )

    def end_session(self) -> None:
        session = self.session
        assert session is not None
        try:
            session.flush_pending()
            session.finish()
        except StorageFailure as error:
            self.notify(f"{error}. The session is kept; try again.", severity="error", timeout=10)
            return
        self.lock()
        self.timer_running = False
        self.save_summaries()  # the end screen shows either where they are, or why not yet
        self.show_step()

    def save_summaries(self, only_missing: bool = False) -> bool:
        """Save the finished session's summary files; on failure keep the reason for the end screen,
        which offers to try again. True once they are saved."""
        from ..summary import save_end_summaries

        session = self.session
        assert session is not None
        try:
            self.summary_paths, _written = save_end_summaries(session, only_missing)
        except (StorageFailure, OSError) as error:
            self.summary_paths = []
            self.summary_error = " ".join(str(error).split()) or type(error).__name__
            return False
        self.summary_error = ""
        return True

    # -- answers --

    def save_answer(self, value: Any, passed: bool = False) -> bool:
        """Store one turn; True once it is on disk. On a disk fault the answer stays in memory."""
        assert self.session is not None
        try:
            self.session.submit(value, passed=passed)
        except StorageFailure as error:
            self.notify(
                f"{error}. Your answer is kept and will be saved as soon as the disk works; tell the facilitator.",
                severity="error",
                timeout=15,
            )
            return False
        # This turn may have closed the round (everyone in the room has had one): that is the kiosk's
        # own doing, not the remote's, so the screen under the turn is not replaced; the person still
        # gets the thanks screen like everyone else, and the step screen shows the closed round on resume.
        self._shown = self._state_key()
        return True

    def _retry_pending(self) -> None:
        if self.session is not None and self.session.pending:
            try:
                self.session.flush_pending()
                self.notify("Answers waiting to be saved are now on disk.")
            except StorageFailure:
                pass

    # -- phones in the room (workshop/web, hosted by ui/phones.py) --

    def toggle_phones(self) -> None:
        """Phones on (a new server, new tokens) or off (the server stops, every token forgotten)."""
        from .phones import PhoneHost

        if self.phone_host is None:
            self.phone_host = PhoneHost(self, self.config.phones_host, self.config.phones_port)
        if self.phones is not None:
            self.phone_host.stop()
            self.notify("Phones off.")
        else:
            self.run_worker(self.phone_host.start(), group="phones", exclusive=True)

    def toggle_timer_from_remote(self) -> None:
        self.timer_running = not self.timer_running

    def _state_key(self) -> tuple:
        session = self.session
        assert session is not None
        redacted = sum(1 for a in session.answers(session.step.id, session.round) if a.get("redacted"))
        return (session.state, session.step.id, session.round, session.phase, redacted)

    def _session_event(self, session: Session, event: str) -> None:
        """A change to the session, from the kiosk or a phone, is on disk: keep the shared screen true."""
        from ..session import ANSWER, END

        if session is not self.session:
            return
        if event == ANSWER:
            refresh = getattr(self.screen, "refresh_status", None)
            if refresh is not None:
                refresh()  # the one shared count: kiosk turns and phone answers together
            return
        if event == END and self.phone_host is not None:
            self.phone_host.stop()
        self.call_later(self._follow_session)

    def _follow_session(self) -> None:
        """Show the session's state if the screen is behind it (the remote moved it on); the kiosk's
        own controls have shown it already, so this does nothing for them."""
        if self.session is None or self._state_key() == self._shown:
            return
        if self._shown is None or self._shown[1] != self.session.step.id:
            self._reset_timer()
        from .screens.turn import TurnScreen

        if any(isinstance(screen, TurnScreen) for screen in self.screen_stack):
            self.notify("The facilitator moved the session on from the remote: this turn was not saved.",
                        severity="warning", timeout=10)
        self.show_step()

    # -- timer --

    def _reset_timer(self) -> None:
        self.timer_running = False
        if self.session is not None:
            self.timer_remaining = self.session.step.minutes * 60

    def _tick(self) -> None:
        if self.timer_running:
            self.timer_remaining -= 1
        if self._terminal_lost():
            self._hang_up()

    # -- whole-app keys --

    def action_blank(self) -> None:
        """Hide everything at once. Already blank: drop whatever is above the blank (a PIN prompt)."""
        from .dialogs.blank import BlankScreen

        if any(isinstance(screen, BlankScreen) for screen in self.screen_stack):
            while not isinstance(self.screen, BlankScreen):
                self.pop_screen()
            return
        self.push_screen(BlankScreen())

    def toggle_theme(self) -> None:
        standard = self.theme != STANDARD_THEME.name
        self.theme = STANDARD_THEME.name if standard else PROJECTOR_THEME.name
        self.set_class(standard, "-standard")

    def copy_to_clipboard(self, text: str) -> None:
        """Never copy: on a shared keyboard the clipboard would hand one person's answer to the next."""
        self._clipboard = ""

    @property
    def pack(self) -> Pack | None:
        return self.session.pack if self.session else None

    def _skip_for(self, pack: Pack) -> tuple[str, ...]:
        return self.config.start_skip if pack.id == self.config.start_skip_pack else ()

    def new_session(self, pack: Pack, label: str, pin: str, room: int | None = None) -> None:
        from ..session import Session

        session = Session.create(self.config.sessions_dir, pack, label, pin, skip=self._skip_for(pack),
                                 room=room if room is not None else self.config.people)
        self.begin(session, unlocked=True)

    # -- leaving --

    def next_command(self) -> str:
        """The exact command that carries on from here: resume the session, or print its summary."""
        session = self.session
        if session is None:
            return ""
        command = self.config.command or workshop_command()
        from .. import storage

        if Path(self.config.sessions_dir).resolve() != storage.default_sessions_dir().resolve():
            command += f" --sessions-dir {shlex.quote(str(self.config.sessions_dir))}"
        verb = "print" if session.finished else "resume"
        return f"{command} {verb} {session.id}"

    def quit_with_command(self) -> None:
        """Quit, and leave the session id and the command to carry on in the terminal."""
        session = self.session
        if session is None:
            self.exit()
            return
        what = "To print its summary" if session.finished else "To carry on where you stopped"
        self.leave_message = f"Session {session.id} is saved. {what}, run:\n  {self.next_command()}"
        self.exit()


def workshop_command() -> str:
    """`workshop` if that is on PATH, else the path of the command that is running (or python -m)."""
    import shutil

    if shutil.which("workshop"):
        return "workshop"
    argv0 = Path(sys.argv[0]) if sys.argv and sys.argv[0] else None
    if argv0 is not None and argv0.name == "workshop" and argv0.is_file():
        return shlex.quote(str(argv0.resolve()))
    return f"{shlex.quote(sys.executable)} -m workshop"


def run(config: Config) -> int:
    # Textual turns the terminal's signal keys (Ctrl+C, Ctrl+Z, Ctrl+backslash) into plain key presses unless
    # this is set; a kiosk must never let them stop or suspend the app.
    os.environ.pop("TEXTUAL_ALLOW_SIGNALS", None)
    from .paste import install_paste_parser

    install_paste_parser()
    app = WorkshopApp(config)
    app.run()
    if app.leave_message:
        # After the kiosk's screen some terminals leave the cursor on a line that is then cleared:
        # start on a fresh line so that the session id is never lost.
        try:
            print("\n" + app.leave_message, flush=True)
        except OSError:
            pass  # the terminal is gone (a hang-up)
    lines = app.farewell()
    try:
        for line in lines:
            print(line, file=sys.stderr)
    except OSError:
        pass  # the terminal is gone (a hang-up): the rescue file is there all the same
    return 1 if app.unexpected_error or any(session.rescue_error for session in app.rescues) else 0


__all__ = ["Config", "WorkshopApp", "run"]
