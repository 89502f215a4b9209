"""What the group said at one step: the reveal screen and every summary format read these figures.

Open answers and actions keep the order they are given in: the session gives them in document id
order (`Session.answers`), which is random, so it says nothing about turns, and fixed, so the reveal,
the redaction list and every summary list a round the same way however often they are drawn.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from . import kinds
from .packs import Card, Step


@dataclass
class Bar:
    """One labelled count, e.g. how many people chose 4 on a scale."""

    label: str
    count: int
    share: float  # 0..1 of the answers counted


@dataclass
class CardSplit:
    card: Card
    bars: list[Bar]
    total: int
    group_bucket: str = ""  # a group step: the bucket the room placed the card in
    disagreed: int | None = None  # a group step: how many disagreed with that, if it was counted

    @property
    def top(self) -> str:
        """The bucket most people chose (a group step: the room's bucket), or "split" when two or more tie."""
        if self.group_bucket:
            return self.group_bucket
        if not self.total:
            return ""
        best = max(b.count for b in self.bars)
        leaders = [b.label for b in self.bars if b.count == best]
        return leaders[0] if len(leaders) == 1 else "split"


@dataclass
class Action:
    text: str
    level: str
    level_label: str
    lens: str
    lens_label: str
    measure: str
    redacted: bool = False
    owner: str = ""  # a role or agency (never a person's name), checked by the personal-data guard
    by_when: str = ""  # free text as typed ("March", "next board", "2027-03-31")


@dataclass
class RankRow:
    """One option in the group's order of a ranking (Borda count: see `kinds/rank.py`)."""

    place: int  # 1 is first; options with the same points share a place
    label: str
    points: int
    share: float  # 0..1 of the most points an option could get (first in every answer)
    firsts: int  # how many people put it first
    answers: int  # the rankings counted

    @property
    def count(self) -> int:
        """The points, so a row can be drawn wherever a `Bar` is (`hashes`, the charts)."""
        return self.points


@dataclass
class StepResult:
    step: Step
    round: int | None
    answered: int  # turns with an answer
    passed: int  # turns passed
    redacted: int = 0
    group: bool = False  # the round's one answer is the room's (a group step), not one person's
    texts: list[str] = field(default_factory=list)  # open answers, in the order given
    bars: list[Bar] = field(default_factory=list)  # scale values or choice options
    mean: float | None = None
    splits: list[CardSplit] = field(default_factory=list)  # sort
    actions: list[Action] = field(default_factory=list)  # actions, grouped by level in pack order (stable)
    ranking: list[RankRow] = field(default_factory=list)  # rank: the group's order, first place first

    @property
    def turns(self) -> int:
        return self.answered + self.passed

    def actions_at(self, level: str) -> list[Action]:
        return [a for a in self.actions if a.level == level]

    @property
    def lens_bars(self) -> list[Bar]:
        total = len(self.actions)
        return [
            _bar(o.label, sum(1 for a in self.actions if a.lens == o.id), total) for o in self.step.lenses
        ]


def _bar(label: str, count: int, total: int) -> Bar:
    return Bar(label, count, count / total if total else 0.0)


REDACTED = "(answer redacted by the facilitator)"


def tally(step: Step, answers: list[dict[str, Any]], round_: int | None = None) -> StepResult:
    """Turn the stored answers for one step (and round, if given) into figures and lists."""
    if round_ is not None:
        answers = [a for a in answers if a.get("round") == round_]
    given = [a for a in answers if not a.get("passed") and isinstance(a.get("answer"), dict)]
    result = StepResult(step, round_, answered=len(given), passed=len(answers) - len(given))
    result.redacted = sum(1 for a in given if a.get("redacted"))
    result.group = bool(given) and all(a.get("group") is True for a in given)
    kinds.of(step).tally(step, given, result)
    return result


class ShownTallies:
    """The figures of every round of a session that a summary may show (`Session.step_rounds`:
    revealed, with enough answers), each round tallied once and shared: the record
    (`summary.build_context`) and the brief (`brief.build`) read the same results instead of
    tallying every step twice."""

    def __init__(self, session: Any):
        self._session = session
        self._rounds: dict[str, list[Any]] = {}
        self._results: dict[str, tuple[StepResult, ...]] = {}

    def rounds(self, step: Step) -> list[Any]:
        """Every round of `step`, shown or not (`Session.step_rounds`)."""
        if step.id not in self._rounds:
            self._rounds[step.id] = self._session.step_rounds(step)
        return self._rounds[step.id]

    def results(self, step: Step) -> tuple[StepResult, ...]:
        """The figures of each shown round of `step`, in round order."""
        if step.id not in self._results:
            self._results[step.id] = tuple(tally(step, list(r.turns), r.number) for r in self.rounds(step) if r.shown)
        return self._results[step.id]


def bar_text(share: float, width: int) -> str:
    """A bar of block characters for a terminal or plain text (the count is always printed beside it)."""
    cells = round(share * width)
    return "█" * cells
