"""Set up a new session: pick a pack, give an optional group label and the number of people in the
room, and set the facilitator PIN. A PIN that is too short, or a second PIN that differs, is said
at once, right under the first PIN box (so it is in view on an 80x24 screen)."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Input, OptionList, Static
from textual.widgets.option_list import Option

from ... import storage
from ...errors import as_sentence
from ...packs import PackEntry, discover
from ...session import LABEL_LIMIT, PIN_MAX, ROOM_MAX, PinError, check_new_pin, check_room
from ...text import clean
from ..widgets import Literal


class NewSessionScreen(Screen):
    BINDINGS = [Binding("escape", "back", "Back", key_display="Esc")]

    def __init__(self, pack_name: str | None = None, label: str = ""):
        super().__init__()
        self.pack_name = pack_name
        self.label = clean(label or "", LABEL_LIMIT, multiline=False)  # from the command line: untrusted
        self.entries: list[PackEntry] = []

    def compose(self) -> ComposeResult:
        config = self.app.config  # type: ignore[attr-defined]
        self.entries = discover(config.prompts_dir)
        if self.pack_name and (self.pack_name.endswith(".toml") or "/" in self.pack_name):
            from pathlib import Path

            from ...packs import read_pack_file

            path = Path(self.pack_name)
            pack, problems = read_pack_file(path)
            self.entries.insert(0, PackEntry(path, path.stem, pack, tuple(problems), False))
        options = []
        for index, entry in enumerate(self.entries):
            if entry.ok:
                assert entry.pack is not None
                text = f"{entry.pack.title}  ({entry.pack.minutes} min, {len(entry.pack.steps)} steps)"
            else:
                text = f"{entry.name}: cannot be started: {entry.error}"
            options.append(Option(Content(text), id=str(index), disabled=not entry.ok))
        with VerticalScroll(id="new-session"):
            yield Static(Content("Start a new session"), classes="screen-title")
            yield Static(Content("Enter moves to the next field; Enter after the second PIN starts the session."), classes="hint")
            yield Static(Content("1. Choose a question pack"), classes="field-label")
            yield OptionList(*options, id="packs")
            yield Static(Content("2. Group label (optional), e.g. North locality partnership"), classes="field-label")
            yield Input(value=self.label, max_length=LABEL_LIMIT, id="label", placeholder="No names of people, please")
            yield Static(Content("3. People in the room (optional): a number, never names"), classes="field-label")
            people = config.people  # `workshop start --people N`: shown here, so it never acts unseen
            yield Input(
                value=str(people) if people else "",
                restrict=r"[0-9]*", max_length=len(str(ROOM_MAX)), id="room",
                placeholder="The round closes once that many turns are in",
            )
            yield Static(Content(f"4. Facilitator PIN: 4 to {PIN_MAX} digits, kept only as a secure hash"), classes="field-label")
            yield Input(password=True, restrict=r"[0-9]*", max_length=PIN_MAX, id="pin", placeholder="PIN")
            yield Literal("", id="pin-message", classes="message")
            yield Input(password=True, restrict=r"[0-9]*", max_length=PIN_MAX, id="pin2", placeholder="The same PIN again")
            yield Literal("", id="message", classes="message")
        yield Footer()

    def on_mount(self) -> None:
        packs = self.query_one("#packs", OptionList)
        wanted = 0
        for index, entry in enumerate(self.entries):
            if entry.ok and (self.pack_name in (None, entry.name) or (entry.pack and entry.pack.id == self.pack_name)):
                wanted = index
                break
        packs.highlighted = wanted
        if self.pack_name:
            self.query_one("#label", Input).focus()  # `workshop start`: the pack is chosen, the label comes first
        else:
            packs.focus()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.query_one("#label", Input).focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        following = {"label": "#room", "room": "#pin", "pin": "#pin2"}
        if event.input.id == "pin" and not self.pin_ok():
            return
        if event.input.id in following:
            self.query_one(following[event.input.id], Input).focus()
        else:
            self.start()

    def say(self, text: str) -> None:
        self.query_one("#message", Literal).set_text(text)

    def say_at_pin(self, text: str) -> None:
        """A PIN problem, under the first PIN box, which gets the cursor back."""
        message = self.query_one("#pin-message", Literal)
        message.set_text(text)
        box = self.query_one("#pin", Input)
        box.focus()
        box.scroll_visible(animate=False)
        message.scroll_visible(animate=False)

    def pin_ok(self) -> bool:
        try:
            check_new_pin(self.query_one("#pin", Input).value)
        except PinError as error:
            text = str(error)
            self.say_at_pin(as_sentence(text))
            return False
        self.query_one("#pin-message", Literal).set_text("")
        return True

    def start(self) -> None:
        packs = self.query_one("#packs", OptionList)
        index = packs.highlighted
        if index is None or not self.entries or not self.entries[index].ok:
            self.say("Choose a pack that can be started (use the arrow keys in the list).")
            packs.focus()
            return
        try:
            room = check_room(self.query_one("#room", Input).value)
        except ValueError as error:
            self.say(as_sentence(error))
            self.query_one("#room", Input).focus()
            return
        pin = self.query_one("#pin", Input).value
        pin2 = self.query_one("#pin2", Input).value
        if not self.pin_ok():
            return
        if pin != pin2:
            self.query_one("#pin", Input).value = ""
            self.query_one("#pin2", Input).value = ""
            self.say_at_pin("The two PINs differ: type the PIN again, then the same PIN once more.")
            return
        pack = self.entries[index].pack
        assert pack is not None
        label = self.query_one("#label", Input).value
        from ..dialogs.guard import GuardDialog

        dialog = GuardDialog.for_text(label, what="group label")
        if dialog is None:
            self.create(pack, label, pin, room)
            return

        def decided(save: bool | None) -> None:
            if save:
                self.create(pack, label, pin, room)
            else:
                self.say("Edit the group label: a group, never a person.")
                self.query_one("#label", Input).focus()

        self.app.push_screen(dialog, decided)

    def create(self, pack, label: str, pin: str, room: int | None = None) -> None:
        try:
            self.app.new_session(pack, label, pin, room)  # type: ignore[attr-defined]
        except (storage.StorageFailure, storage.SessionFileError) as error:
            self.say(f"Could not start: {error}. Check the sessions folder and try again.")

    def action_back(self) -> None:
        self.app.pop_screen()
