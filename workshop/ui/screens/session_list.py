"""Sessions on this machine: resume an unfinished one, or read the summary of a past one (PIN first)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option

from ... import storage
from ...session import RUNNING, Session, SessionInfo, list_sessions
from ..widgets import Literal


class SessionListScreen(Screen):
    BINDINGS = [Binding("escape", "back", "Back", key_display="Esc")]

    def __init__(self, unfinished: bool):
        super().__init__()
        self.unfinished = unfinished
        self.infos: list[SessionInfo] = []

    def compose(self) -> ComposeResult:
        folder = self.app.config.sessions_dir  # type: ignore[attr-defined]
        infos = list_sessions(folder)
        if self.unfinished:
            infos = [i for i in infos if i.state in (RUNNING, "unreadable")]
        self.infos = infos
        title = "Resume an unfinished session" if self.unfinished else "Past sessions"
        options = []
        for index, info in enumerate(infos):
            if info.error:
                text = f"{info.id}  cannot be opened: {info.error}"
            else:
                label = f" · {info.label}" if info.label else ""
                text = f"{info.created}  {info.pack_title}{label}  ·  {info.state}  ·  {info.answers} answers"
                if info.state == RUNNING:
                    text += f"  ·  at: {info.step_title}"
            options.append(Option(Content(text), id=str(index), disabled=bool(info.error)))
        with Vertical(id="session-list"):
            yield Static(Content(title), classes="screen-title")
            if options:
                yield OptionList(*options, id="sessions")
                yield Static(Content("Choose a session and press Enter; you will be asked for its facilitator PIN."))
            else:
                yield Static(Content(f"No sessions here yet (folder: {folder}). Press Escape to go back."))
            yield Literal("", id="message", classes="message")
        yield Footer()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        info = self.infos[int(event.option.id or 0)]
        try:
            record = Session.read(info.path)
        except storage.SessionFileError as error:
            self.query_one("#message", Literal).set_text(str(error))
            return
        from ..dialogs.pin import PinDialog

        def unlocked(ok: bool | None) -> None:
            if ok:
                self.open(info)

        self.app.push_screen(PinDialog(check=record.check_pin), unlocked)

    def open(self, info: SessionInfo) -> None:
        if info.state == RUNNING:
            try:
                session = Session.open(info.path.parent, info.id)
            except (storage.SessionFileError, storage.StorageFailure) as error:
                self.query_one("#message", Literal).set_text(str(error))
                return
            self.app.pop_screen()
            self.app.begin(session)  # type: ignore[attr-defined]
        else:
            from .summary import SummaryScreen

            self.app.push_screen(SummaryScreen(Session.read(info.path)))

    def action_back(self) -> None:
        self.app.pop_screen()
