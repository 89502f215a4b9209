"""The pace against the plan, in the header: "4 min behind", "on time", "2 min ahead".

The app keeps a `timing.Pace` for the open session (planned with `--people N`, or
`timing.DEFAULT_PEOPLE`, minus the steps left out with `start --fit`); this badge only shows it. It
reads the pace when it is mounted (every session screen composes a new header) and every
`REFRESH_SECONDS` after that. Nothing about time is stored in the session file.
"""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

REFRESH_SECONDS = 15.0


class PaceBadge(Static):
    DEFAULT_CSS = """
    PaceBadge { width: auto; padding: 0 1; }
    PaceBadge.-behind { background: $warning; color: $background; }
    """

    def __init__(self, step_id: str, **kwargs) -> None:
        super().__init__(**kwargs)
        self.step_id = step_id

    def on_mount(self) -> None:
        self.show_pace()
        self.set_interval(REFRESH_SECONDS, self.show_pace)

    def show_pace(self) -> None:
        pace = getattr(self.app, "pace", None)
        if pace is None:
            self.display = False
            return
        minutes = pace.minutes(self.step_id)
        self.update(Content(pace.text(self.step_id)))
        self.set_class(minutes > 0, "-behind")
