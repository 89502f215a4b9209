"""How a phone form reads back as an answer value: one piece per step kind, by the core's names.

Each kind that takes answers has a form template, `workshop/web/templates/kinds/<kind>.html`, and a
module here, `<kind>.py`, whose `PHONE` (a `base.PhoneKind`) reads the posted fields into the value
`Session.submit` (through the core's `make_answer`) checks, the same value the kiosk's widget gives,
and says how many pages the form takes. A kind with no piece here is answered at the kiosk only
(`templates/kinds/_kiosk_only.html`). docs/kinds.md is the recipe for adding a kind.

A reader may raise `FormProblem` for a form the core could refuse only in general terms (a ranking
with a place given twice): the page comes back with what was chosen and what to change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from . import actions, choice, open, rank, review, scale, sort
from .base import Form, FormProblem, PhoneKind

if TYPE_CHECKING:
    from ...packs import Step

__all__ = ["Form", "FormProblem", "PhoneKind", "REGISTRY", "pages", "read_value"]

REGISTRY: dict[str, PhoneKind] = {m.PHONE.name: m.PHONE for m in (open, scale, choice, rank, sort, actions, review)}
"""Every kind a phone can answer, by name, in the core registry's order."""


def pages(step: Step) -> int:
    piece = REGISTRY.get(step.kind)
    return piece.pages(step) if piece is not None else 1


def read_value(step: Step, form: Form) -> Any:
    piece = REGISTRY.get(step.kind)
    return piece.read(step, form) if piece is not None else None
