"""A sort's phone form: one card a page, each placed in a bucket (the form carries the cards placed so far)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Form, PhoneKind

if TYPE_CHECKING:
    from ...packs import Step


def read(step: Step, form: Form) -> Any:
    return {card.id: str(form.get(f"card-{card.id}")) for card in step.cards if form.get(f"card-{card.id}")}


def card_pages(step: Step) -> int:
    return max(1, len(step.cards))


PHONE = PhoneKind("sort", read, card_pages)
