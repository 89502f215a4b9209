"""The step kinds: one module each, and this registry from a kind's name to its `Kind` object.

The rest of the core asks `get(name)` / `of(step)` instead of branching on a kind's name; a front end
does the same with its own per-kind pieces (the kiosk: `workshop/ui/kinds/`; the summaries:
`templates/kinds/<kind>.<fmt>`). docs/kinds.md is the recipe for adding a kind.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from . import actions, choice, info, open, rank, review, scale, sort
from .base import Kind

if TYPE_CHECKING:
    from ..packs import Step

__all__ = ["ANSWER_NAMES", "Kind", "NAMES", "REGISTRY", "get", "of"]

REGISTRY: dict[str, Kind] = {m.KIND.name: m.KIND for m in (info, open, scale, choice, rank, sort, actions, review)}
"""Every kind by name, in the order the docs and error messages list them."""
NAMES: tuple[str, ...] = tuple(REGISTRY)
ANSWER_NAMES: tuple[str, ...] = tuple(name for name, kind in REGISTRY.items() if kind.takes_answers)


def get(name: str) -> Kind:
    """The kind called `name`; KeyError if there is none (a loaded pack only holds known kinds)."""
    return REGISTRY[name]


def of(step: Step) -> Kind:
    """The kind of a step."""
    return REGISTRY[step.kind]
