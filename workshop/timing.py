"""The timing model: how many minutes a step needs with N people taking turns at one keyboard.

    minutes(step, N) = the pack's discussion minutes for the step
                       + individual mode: N x (one turn of that kind + one handover)
                       + group mode: one shared answer (one turn's keys) + one handover

Every number the model uses says where it comes from: the handover and room size here, the published
rates and `TurnTime` in workshop/turns.py, and each kind's measured turn in its own module
(`Kind.turns`), collected into `TURNS` below; docs/timing.md explains them at length. The key counts are measured: a test
(tests/test_timing.py) drives one turn of each kind through the real kiosk and checks that the
counts here are what the kiosk takes. The typing and thinking rates are published figures.

The module also keeps the pace against the plan while a session runs (`Pace`): the kiosk's header
shows "4 min behind", "on time" or "2 min ahead". Nothing here is stored: the pace lives in memory
only, so no time of day ever reaches the session file.

Core module: no Textual.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from . import kinds
from .packs import Pack, Step
from .turns import COMPOSE_CHARS_PER_SECOND, COMPOSE_WPM, DECISION_SECONDS, KEY_SECONDS, TurnTime  # noqa: F401 (read here too)

# --- the rates: the published ones are in workshop/turns.py; the handover is ours ------------------

# Getting up, walking to the keyboard, sitting down again and the next person arriving: our estimate
# for a room of 10 around one table (not measured; re-measure it in a real room).
HANDOVER_SECONDS = 10.0

DEFAULT_PEOPLE = 10  # a typical room (the workshop is for 4 to 20); used when no --people is given
# The actions a review step goes through when the pack is checked or planned before a session has
# attached the previous session's plan: a room of DEFAULT_PEOPLE with one action a person
# (`kinds.actions.ACTIONS_PER_TURN`). Once attached, the real number counts.
PLANNED_REVIEW_ACTIONS = DEFAULT_PEOPLE

# One turn of each kind, as its module measured it (`Kind.turns`; tests/test_timing.py
# `test_key_counts_are_what_the_kiosk_takes` drives each through the kiosk; figures in docs/timing.md).
TURNS: dict[str, TurnTime] = {row: turn for kind in kinds.REGISTRY.values() for row, turn in kind.turns.items()}


def whole_minutes(minutes: float) -> int:
    """Minutes rounded up to a whole minute: a plan never promises less time than it needs."""
    return math.ceil(round(minutes, 6))


def timed(step: Step) -> bool:
    """Whether the model plans turns at `step` (its kind says: a review is planned before its actions are known)."""
    return kinds.of(step).timed(step)


def turn_key(step: Step) -> str:
    """Which row of TURNS times a turn at `step` (the step's kind says: workshop/kinds/)."""
    return kinds.of(step).turn_row(step)


def _items(step: Step) -> int:
    return kinds.of(step).turn_items(step)


def turn_seconds(step: Step, people: int) -> float:
    """The seconds of turns a step adds to its discussion minutes with `people` in the room."""
    if not timed(step):
        return 0.0
    turn = kinds.of(step).turns.get(turn_key(step))  # the kind's own row (the same as in TURNS)
    if turn is None:  # a kind that has not measured its turn yet: time it like an open answer
        turn = TURNS["open"]
    items = _items(step)
    if step.mode == "group":
        return turn.typing_seconds(items) + HANDOVER_SECONDS
    return people * (turn.seconds(items) + HANDOVER_SECONDS)


def step_minutes(step: Step, people: int) -> float:
    return step.minutes + turn_seconds(step, people) / 60


@dataclass(frozen=True)
class PlannedStep:
    step: Step
    start: float  # minutes from the start of the session
    minutes: float
    skipped: bool = False

    @property
    def end(self) -> float:
        return self.start + self.minutes


@dataclass(frozen=True)
class Plan:
    pack: Pack
    people: int
    steps: tuple[PlannedStep, ...]  # every step of the pack, skipped ones with zero minutes

    @property
    def total(self) -> float:
        return sum(p.minutes for p in self.steps)

    @property
    def total_minutes(self) -> int:
        return whole_minutes(self.total)

    def at(self, step_id: str) -> PlannedStep:
        for planned in self.steps:
            if planned.step.id == step_id:
                return planned
        raise KeyError(step_id)

    @property
    def skipped(self) -> tuple[str, ...]:
        return tuple(p.step.id for p in self.steps if p.skipped)


def plan(pack: Pack, people: int, skip: Iterable[str] = ()) -> Plan:
    """Every step with its start offset and minutes for `people`; steps in `skip` take no time."""
    if people < 1:
        raise ValueError("people must be 1 or more")
    skipped = set(skip)
    start = 0.0
    planned: list[PlannedStep] = []
    for step in pack.steps:
        leave_out = step.id in skipped
        minutes = 0.0 if leave_out else step_minutes(step, people)
        planned.append(PlannedStep(step, start, minutes, leave_out))
        start += minutes
    return Plan(pack, people, tuple(planned))


def propose_skips(pack: Pack, people: int, fit_minutes: float) -> tuple[str, ...] | None:
    """The optional steps to leave out so the plan fits `fit_minutes` with `people`, in pack order.

    Leaves out the longest optional steps first until the plan fits, then puts back every one that
    still fits (shortest first), so as much of the pack as possible is kept. () if it already fits;
    None if it cannot fit even without every optional step.
    """
    full = plan(pack, people)
    if full.total <= fit_minutes:
        return ()
    optional = sorted((p for p in full.steps if p.step.optional), key=lambda p: (-p.minutes, full.steps.index(p)))
    total = full.total
    skipped: list[PlannedStep] = []
    for planned in optional:
        if total <= fit_minutes:
            break
        skipped.append(planned)
        total -= planned.minutes
    if total > fit_minutes:
        return None
    for planned in sorted(skipped, key=lambda p: (p.minutes, full.steps.index(p))):
        if total + planned.minutes <= fit_minutes:
            skipped.remove(planned)
            total += planned.minutes
    ids = {p.step.id for p in skipped}
    return tuple(s.id for s in pack.steps if s.id in ids)


# --- the pace while a session runs --------------------------------------------------------------------


def pace_minutes(planned: PlannedStep, elapsed_minutes: float) -> int:
    """Minutes behind (positive) or ahead (negative) of the plan, at `planned`'s step.

    On time while the elapsed time is within the step's planned slot; behind by how far past its
    planned end; ahead by how early the step was reached. Whole minutes, towards "on time".
    """
    if elapsed_minutes > planned.end:
        return int(elapsed_minutes - planned.end)
    if elapsed_minutes < planned.start:
        return -int(planned.start - elapsed_minutes)
    return 0


def pace_text(minutes: int) -> str:
    if minutes > 0:
        return f"{minutes} min behind"
    if minutes < 0:
        return f"{-minutes} min ahead"
    return "on time"


class Pace:
    """The session's pace against a plan, measured with an injectable clock (seconds, monotonic).

    `start_at(step_id)`: the session is (re)started at that step, taken to be on time there (a
    resumed session does not know, and does not store, when it ran before).
    """

    def __init__(self, plan_: Plan, clock: Callable[[], float]):
        self.plan = plan_
        self.clock = clock
        self._origin = clock()

    def start_at(self, step_id: str) -> None:
        try:
            offset = self.plan.at(step_id).start
        except KeyError:
            offset = 0.0
        self._origin = self.clock() - offset * 60

    def elapsed_minutes(self) -> float:
        return (self.clock() - self._origin) / 60

    def minutes(self, step_id: str) -> int:
        try:
            planned = self.plan.at(step_id)
        except KeyError:
            return 0
        return pace_minutes(planned, self.elapsed_minutes())

    def text(self, step_id: str) -> str:
        return pace_text(self.minutes(step_id))
