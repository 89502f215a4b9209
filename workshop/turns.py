"""What one turn at the kiosk costs in the timing model: the published rates and `TurnTime`.

Each step kind keeps its own measured rows (`Kind.turns`, in workshop/kinds/<kind>.py); the timing
model (workshop/timing.py) collects them into `timing.TURNS` and adds the handovers and the pack's
discussion minutes. This module imports nothing of the workshop, so a kind module can build its rows
when it is imported. docs/timing.md explains every figure.

Core module: no Textual.
"""

from __future__ import annotations

from dataclasses import dataclass

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
