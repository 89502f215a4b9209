"""What every step kind answers for: the `Kind` base class (see docs/kinds.md).

A kind object is plain data and functions, no Textual and no storage: the kiosk, the summaries, the
exports, the report and a future phone page all ask it the same questions. The defaults are those of
a kind that takes no answers (an info step); each kind module overrides what it knows.

Kind modules import other core modules as modules (`from .. import results`) and use them only when
called, so the registry can be imported from `packs` (which the other core modules import) in any
order.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from ..errors import AnswerError
from ..turns import TurnTime

if TYPE_CHECKING:
    from ..packs import Step
    from ..results import StepResult


class Kind:
    name: str = ""
    takes_answers: bool = True
    fields: tuple[str, ...] = ()
    """The keys of a pack's step table this kind reads, beside the common id/kind/title/text/notes/minutes."""
    shuffled: bool = False
    """Its reveal lists answers one by one, in random order (rather than only counts)."""
    plans_actions: bool = False
    """Its answers feed the summary's action plan."""
    reviews_previous: bool = False
    """Its step reviews the group's previous session: `workshop.previous.attach` fills it in when a session starts."""
    group_disagreement: bool = False
    """At a group step the facilitator may also count how many people disagreed with the answer (a sort)."""
    rates_on_scale: bool = False
    """Its answers are points on a scale (`counts(step, given)`): the lens balance can read a context rating from it."""
    summary_beside: bool = False
    """Its printed summary of one round is narrow (a scale's histogram): the HTML and PDF summary set it
    beside the step's title, question and notes instead of under them, to save paper."""

    # -- the timing model (workshop/timing.py) --

    turns: dict[str, TurnTime] = {}
    """One turn at this kind's step as the kiosk takes it, by row name (its own name; a choice also has
    "choice-multiple"): keys, decisions and reading time, measured in tests/test_timing.py. The timing
    model collects every kind's rows into `timing.TURNS`; a step whose row is missing is timed as an
    open answer."""

    def turn_row(self, step: Step) -> str:
        """Which row of `timing.TURNS` times one turn at `step`."""
        return self.name

    def turn_items(self, step: Step) -> int:
        """How many items one turn at `step` goes through (cards to place, say), for the timing model."""
        return 0

    def timed(self, step: Step) -> bool:
        """Whether the timing model plans turns at `step`: when it takes answers, unless the kind knows
        its answers come later (a review, whose actions a session attaches when it starts)."""
        return step.takes_answers

    # -- the pack --

    def asks(self, step: Step) -> bool:
        """Whether this step takes answers (`Step.takes_answers`): the kind's `takes_answers`, unless the
        step has nothing to ask (a review with no previous actions)."""
        return self.takes_answers

    def parse(self, check: Any, raw: dict, where: str) -> dict[str, Any]:
        """Read and check this kind's own fields of a pack step table; returns keyword arguments for
        `packs.Step`. Problems go to `check.fail(where, message)` (see `packs._Checker`)."""
        return {}

    def definition(self, step: Step) -> dict[str, Any]:
        """What a reader needs to interpret (or a front end to ask) this step's answers, beside id,
        kind and title: the export's step definition, and what a form for the step is drawn from."""
        return {}

    # -- one answer --

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """Check and clean a submitted value; returns what is stored, or raises AnswerError (one line)."""
        raise AnswerError(f"the step '{step.id}' takes no answers")

    def clean_group_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """Check and clean the room's one shared answer at a group step (`mode = "group"`). By default it
        has the shape of one person's answer; a kind whose group answer says more (a sort's disagreement,
        a choice's counts) overrides this and reads `result.group` in its `tally`."""
        return self.clean_answer(step, value)

    def export_answer(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> bool:
        """Add a stored answer's exported fields to `out`; False if the answer is unusable."""
        return False

    def export_answers(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> list[dict[str, Any]] | None:
        """The exported answers of one stored answer (`out` holds its round and status): one, filled by
        `export_answer`, unless a turn holds several things of its own (an action turn: one per action).
        None if the answer is unusable."""
        return [out] if self.export_answer(step, answer, redacted, out) else None

    def written(self, answer: dict[str, Any]) -> list[str]:
        """The texts a person wrote in a stored answer, as the reveal lists them (the redaction list)."""
        text = answer.get("text")
        return [text] if isinstance(text, str) and text else []

    def csv_value(self, exported: dict[str, Any]) -> Any:
        """The CSV `value` cell of an exported answer."""
        return ""

    def csv_items(self, exported: dict[str, Any]) -> list[tuple[str, Any]]:
        """The CSV rows of an exported answer as (`item`, `value`) cells: one row with no item for most
        kinds; a kind whose answer places several things (a sort's cards) gives one row for each."""
        return [("", self.csv_value(exported))]

    # -- a round, a session, many sessions --

    def tally(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        """Fill `result` from the answer documents given in one round (passes left out)."""

    def findings(self, step: Step, result: StepResult) -> list[str]:
        """The brief's key findings from the latest shown round of this step (plain sentences, built by
        `workshop.brief`; an empty one is left out). Most kinds give none. A kind imports `brief` inside
        this method: brief imports the registry (through `lens`), so it cannot be imported with it."""
        return []

    def lens(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        """Add this step's answers to the lens balance (`lens.LensTally`); most kinds add nothing."""

    def report(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        """Add one session's answers at this step to the cross-session report (`report.SessionTally`)."""

    def partial(self, fmt: str) -> str:
        """The summary template that renders one round of this kind in `fmt` ("html", "md", "txt")."""
        return f"kinds/{self.name}.{fmt}"


MAX_COUNT = 99
"""The largest count typed at a group step (people who chose an option, people who disagreed)."""


def count_or_none(value: Any) -> int | None:
    """A stored count, if it is a whole number from 0 to MAX_COUNT (stored answers are untrusted JSON)."""
    return value if type(value) is int and 0 <= value <= MAX_COUNT else None


def text_or_empty(value: Any) -> str:
    """`value` if it is text, else "" (stored answers are read as untrusted JSON)."""
    return value if isinstance(value, str) else ""
