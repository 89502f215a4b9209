"""The home screen: start a new session, resume one, look at past ones, or quit."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, OptionList, Static
from textual.widgets.option_list import Option



class HomeScreen(Screen):
    IS_HOME = True
    BINDINGS = [
        Binding("n", "new", "New session"),
        Binding("r", "resume", "Resume"),
        Binding("p", "past", "Past sessions"),
        Binding("question_mark", "help", "Help"),
        Binding("q", "quit", "Quit"),
    ]

    def compose(self) -> ComposeResult:
        with Vertical(id="home"):
            yield Static(Content("Singing from the same hymn sheet?"), id="home-title")
            yield Static(
                Content(
                    "A reflective workshop for multi-agency partnerships on harm outside the home. "
                    "Answers are anonymous: nobody is asked for a name."
                ),
                id="home-intro",
            )
            yield OptionList(
                Option(Content("n  Start a new session"), id="new"),
                Option(Content("r  Resume an unfinished session"), id="resume"),
                Option(Content("p  Past sessions and summaries"), id="past"),
                Option(Content("q  Quit"), id="quit"),
                id="home-menu",
            )
            yield Static(
                Content("Worried about a child now? Follow your own agency's safeguarding procedures."),
                id="home-signpost",
            )
        yield Footer()

    def on_mount(self) -> None:
        # After the first frame: loading the core would slow it down.
        self.call_after_refresh(self.fold_rescues)

    def fold_rescues(self) -> None:
        """Answers a kiosk could not save before it stopped (disk full, read-only) were kept in a
        rescue file; put them back into their sessions now that the folder may take them."""
        from ...session import fold_rescues

        added = fold_rescues(self.app.config.sessions_dir)  # type: ignore[attr-defined]
        if added:
            self.app.notify(
                f"{added} answer{'s' if added != 1 else ''} kept in a rescue file "
                f"{'were' if added != 1 else 'was'} added back to {'their sessions' if added != 1 else 'its session'}."
            )

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        getattr(self, f"action_{event.option.id}")()

    def action_new(self) -> None:
        from .new_session import NewSessionScreen

        self.app.push_screen(NewSessionScreen())

    def action_resume(self) -> None:
        from .session_list import SessionListScreen

        self.app.push_screen(SessionListScreen(unfinished=True))

    def action_past(self) -> None:
        from .session_list import SessionListScreen

        self.app.push_screen(SessionListScreen(unfinished=False))

    def action_help(self) -> None:
        from ..dialogs.help import HelpScreen

        self.app.push_screen(HelpScreen(facilitator=True))

    def action_quit(self) -> None:
        self.app.exit()
