"""A scale's phone form: one point, 1 to the step's points."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Form, PhoneKind

if TYPE_CHECKING:
    from ...packs import Step


def read(step: Step, form: Form) -> Any:
    raw = str(form.get("value") or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else None


PHONE = PhoneKind("scale", read)
