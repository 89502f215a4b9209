"""An info step: read aloud by the facilitator, takes no answers (everything is `Kind`'s default)."""

from __future__ import annotations

from .base import Kind


class Info(Kind):
    name = "info"
    takes_answers = False


KIND = Info()
