"""The timing model: how many minutes a step needs with N people taking turns at one keyboard.

    minutes(step, N) = the pack's discussion minutes for the step
                       + individual mode: N x (one turn of that kind + one handover)
                       + group mode: one shared answer (one turn's keys) + one handover

Every number the model uses is in this module, in `TURNS` and the constants above it, and each says
where it comes from; docs/timing.md explains them at length. The key counts are measured: a test
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

# --- the rates -------------------------------------------------------------------------------------

# Keystroke-Level Model (Card, Moran & Newell, "The keystroke-level model for user performance time
# with interactive systems", CACM 23(7), 1980): K, one key, is 0.28 s for an average non-secretary
# typist (about 40 words a minute); M, getting ready for one decision, is 1.35 s.
KEY_SECONDS = 0.28
DECISION_SECONDS = 1.35
# Typing words you are composing is much slower than copying them: Karat et al. (CHI 1999) measured
# average computer users at 32.5 wpm copying text and 19.0 wpm composing it. A turn's prose is
# composed, standing at a shared keyboard, so we take 19 wpm: 19 x 5 characters a minute. (Large
# online typing studies report higher copy speeds, e.g. Dhakal et al., CHI 2018, 52 wpm on average
# over 168,000 volunteers, but those are people who chose to take a typing test, copying text.)
COMPOSE_WPM = 19
COMPOSE_CHARS_PER_SECOND = COMPOSE_WPM * 5 / 60
# Getting up, walking to the keyboard, sitting down again and the next person arriving: our estimate
# for a room of 10 around one table (not measured; re-measure it in a real room).
HANDOVER_SECONDS = 10.0

DEFAULT_PEOPLE = 10  # a typical room (the workshop is for 4 to 20); used when no --people is given
# The actions a review step goes through when the pack is checked or planned before a session has
# attached the previous session's plan: a room of DEFAULT_PEOPLE with one action a person
# (`kinds.actions.ACTIONS_PER_TURN`). Once attached, the real number counts.
PLANNED_REVIEW_ACTIONS = DEFAULT_PEOPLE


@dataclass(frozen=True)
class TurnTime:
    """One turn of one kind of step, as counted in the kiosk.

    `keys`: every key from Enter (start my turn) to Enter on the thank-you screen, for the fixed part
    of the turn; `typed` of them are prose the person composes (timed at COMPOSE_WPM, the rest at
    KEY_SECONDS each). `per_item` keys, decisions and reading seconds are added for each card of a
    sort. `estimate` is True where no real turn could be counted yet.
    """

    keys: int
    typed: int
    decisions: int
    read_seconds: float
    source: str
    per_item_keys: int = 0
    per_item_decisions: int = 0
    per_item_read_seconds: float = 0.0
    estimate: bool = False
    per_item_typed: int = 0  # of `per_item_keys`, the prose typed for each item (an action's words)

    def key_count(self, items: int = 0) -> int:
        return self.keys + items * self.per_item_keys

    def typed_count(self, items: int = 0) -> int:
        return self.typed + items * self.per_item_typed

    def typing_seconds(self, items: int = 0) -> float:
        """The keys alone: what one typist needs when the room has already decided (group mode)."""
        chosen = self.key_count(items) - self.typed_count(items)
        return chosen * KEY_SECONDS + self.typed_count(items) / COMPOSE_CHARS_PER_SECOND

    def seconds(self, items: int = 0) -> float:
        """One person's whole turn: read, decide, type (the handover is added by the model)."""
        decisions = self.decisions + items * self.per_item_decisions
        read = self.read_seconds + items * self.per_item_read_seconds
        if self.typed_count(items):  # composing prose: the 19 wpm already includes the thinking while typing
            decisions = max(0, decisions - 1)
        return read + decisions * DECISION_SECONDS + self.typing_seconds(items)


# Key counts measured by driving turns through the kiosk with realistic answers (tests/test_timing.py
# `test_key_counts_are_what_the_kiosk_takes`; figures in docs/timing.md). Reading times: about 240
# words a minute for the question on the screen (it has usually been read aloud already).
TURNS: dict[str, TurnTime] = {
    "info": TurnTime(0, 0, 0, 0.0, "no turns: read aloud"),
    "open": TurnTime(
        keys=88, typed=85, decisions=1, read_seconds=5.0,
        source="measured: Enter, a one-sentence answer (85 characters on average over our sample answers), Enter, Enter",
    ),
    "scale": TurnTime(
        keys=4, typed=0, decisions=1, read_seconds=5.0,
        source="measured: Enter, a digit, Enter, Enter",
    ),
    "choice": TurnTime(
        keys=4, typed=0, decisions=1, read_seconds=8.0,
        source="measured: Enter, the option's digit (it chooses), Enter (it submits), Enter",
    ),
    "choice-multiple": TurnTime(
        keys=12, typed=0, decisions=3, read_seconds=8.0,
        source="measured: Enter, 6 arrow keys and 3 ticks over a list of 10, Enter, Enter",
    ),
    "sort": TurnTime(
        keys=2, typed=0, decisions=0, read_seconds=0.0,
        per_item_keys=1, per_item_decisions=1, per_item_read_seconds=2.0,
        source="measured: Enter, one digit per card (the last card submits), Enter: 20 keys for 18 cards",
    ),
    "actions": TurnTime(
        keys=2, typed=0, decisions=0, read_seconds=8.0,
        per_item_keys=7 + 104, per_item_typed=104, per_item_decisions=3,
        source="measured: Enter; for each action its words (104 characters on average over our three samples: "
        "the action 55, how we'll know 38, an owner or a by-when in two of the three), Enter, the level's digit, "
        "the lens's digit, Enter after each of the three optional fields, the key that adds another or is done; "
        "Enter. Actions a turn: `kinds.actions.ACTIONS_PER_TURN`",
    ),
    "rank": TurnTime(
        keys=14, typed=0, decisions=3, read_seconds=10.0,
        source="measured: Enter, the arrow and digit keys that put a top three in place among 7 options "
        "(13.6 keys a turn on average over five realistic rankings of the default pack's contexts), Enter, Enter",
    ),
    "review": TurnTime(
        keys=2, typed=0, decisions=0, read_seconds=0.0,
        per_item_keys=1, per_item_decisions=1, per_item_read_seconds=3.0,
        source="measured: Enter, one digit per action under review (the last one submits), Enter",
    ),
}


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
    turn = TURNS.get(turn_key(step))
    if turn is None:  # a kind this table does not know yet: time it like an open answer
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
