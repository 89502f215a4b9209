"""Sessions on this machine: resume an unfinished one, or read the summary of a past one (PIN first).

`d` deletes the highlighted session for good, the way `workshop delete` does (the session file, its
`<id>-summary.*` and `<id>-brief.*` files and its lock file): first that session's own facilitator PIN, then a
confirmation naming it. A session open in another kiosk or command is refused. A session file that
cannot be opened has no PIN to check; deleting it needs the word "delete" typed in the confirmation.
"""

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


def describe(info: SessionInfo) -> str:
    """One line naming a session: date, pack, label and answer count (or its id, if unreadable)."""
    if info.error:
        return f"session {info.id} (cannot be opened)"
    label = f" · {info.label}" if info.label else ""
    answers = f"{info.answers} answer{'s' if info.answers != 1 else ''}"
    return f"session of {info.created}: {info.pack_title}{label}, {answers}"


class SessionListScreen(Screen):
    BINDINGS = [
        Binding("d", "delete", "Delete"),
        Binding("escape", "back", "Back", key_display="Esc"),
    ]

    def __init__(self, unfinished: bool):
        super().__init__()
        self.unfinished = unfinished
        self.infos: list[SessionInfo] = []
        self.message = ""

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
            # Unreadable sessions stay selectable, so that `d` can reach them.
            options.append(Option(Content(text), id=str(index)))
        with Vertical(id="session-list"):
            yield Static(Content(title), classes="screen-title")
            if options:
                yield OptionList(*options, id="sessions")
                yield Static(
                    Content(
                        "Choose a session and press Enter; you will be asked for its facilitator PIN. "
                        "d deletes the highlighted session for good (its PIN first)."
                    )
                )
            else:
                yield Static(Content(f"No sessions here yet (folder: {folder}). Press Escape to go back."))
            yield Literal(self.message, id="message", classes="message")
        yield Footer()

    def say(self, text: str) -> None:
        self.message = text
        self.query_one("#message", Literal).set_text(text)

    def highlighted(self) -> SessionInfo | None:
        lists = self.query("#sessions").results(OptionList)
        option_list = next(lists, None)
        if option_list is None or option_list.highlighted is None:
            return None
        return self.infos[option_list.highlighted]

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        info = self.infos[int(event.option.id or 0)]
        if info.error:
            self.say(f"This session cannot be opened: {info.error}. Press d to delete it.")
            return
        try:
            record = Session.read(info.path)
        except storage.SessionFileError as error:
            self.say(str(error))
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
                self.say(str(error))
                return
            self.app.pop_screen()
            self.app.begin(session)  # type: ignore[attr-defined]
        else:
            from .summary import SummaryScreen

            self.app.push_screen(SummaryScreen(Session.read(info.path)))

    # -- deleting --

    def action_delete(self) -> None:
        info = self.highlighted()
        if info is None:
            return
        from ..dialogs.confirm import ConfirmDialog
        from ..dialogs.pin import PinDialog
        from ..dialogs.typed_confirm import TypedConfirmDialog

        question = f"Delete the {describe(info)}? This deletes the session and its summaries for good."

        async def confirmed(yes: bool | None) -> None:
            if yes:
                await self.delete(info)

        record = None
        if not info.error:
            try:
                record = Session.read(info.path)
            except storage.SessionFileError:
                record = None  # unreadable after all: no PIN to check
        if record is None:
            # No PIN can be checked: the facilitator types the word instead.
            question = f"Delete the session file {info.path.name}? It cannot be opened, so it has no PIN to check. " \
                "This deletes it and its summaries for good."
            self.app.push_screen(TypedConfirmDialog(question, "delete", "Delete for good", "Keep it"), confirmed)
            return

        def unlocked(ok: bool | None) -> None:
            if ok:
                self.app.push_screen(ConfirmDialog(question, "Delete for good", "Keep it"), confirmed)

        self.app.push_screen(PinDialog(check=record.check_pin, title="Facilitator PIN of this session"), unlocked)

    async def delete(self, info: SessionInfo) -> None:
        try:
            storage.delete_session_files(info.path)
        except storage.SessionBusy:
            self.say("Not deleted: this session is open in another kiosk or command; close it there first.")
            return
        except (storage.SessionFileError, storage.StorageFailure) as error:
            self.say(f"Not deleted: {error}")
            return
        except OSError as error:
            where = f"{error.filename}: " if error.filename else ""
            self.say(f"Not deleted: {where}{error.strerror or error}")
            return
        position = self.infos.index(info) if info in self.infos else 0
        self.message = f"Deleted the {describe(info)}."
        await self.recompose()
        lists = list(self.query("#sessions").results(OptionList))
        if lists:
            option_list = lists[0]
            option_list.focus()
            option_list.highlighted = min(position, option_list.option_count - 1)

    def action_back(self) -> None:
        self.app.pop_screen()
