"""An info step: read aloud by the facilitator, takes no answers (everything is `Kind`'s default)."""

from __future__ import annotations

from ..turns import TurnTime
from .base import Kind


class Info(Kind):
    name = "info"
    # One turn, as the kiosk takes it (the timing model, workshop/timing.py; measured in tests/test_timing.py)
    turns = {
        "info": TurnTime(0, 0, 0, 0.0, "no turns: read aloud"),
    }
    takes_answers = False


KIND = Info()
