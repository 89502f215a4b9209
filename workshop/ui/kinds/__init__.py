"""The kiosk's piece of each step kind, by name (see `base.KioskKind` and docs/kinds.md).

Every kind in the core registry (`workshop.kinds.REGISTRY`) has one here; tests/test_kinds.py checks.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import actions, choice, info, open, rank, review, scale, sort
from .base import KioskKind

if TYPE_CHECKING:
    from ...packs import Step

__all__ = ["KioskKind", "REGISTRY", "kiosk"]

REGISTRY: dict[str, KioskKind] = {m.KIOSK.name: m.KIOSK for m in (info, open, scale, choice, rank, sort, actions, review)}


def kiosk(step: Step) -> KioskKind:
    """The kiosk piece for a step's kind."""
    return REGISTRY[step.kind]
