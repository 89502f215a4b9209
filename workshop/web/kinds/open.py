"""An open answer's phone form: one text box."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Form, PhoneKind

if TYPE_CHECKING:
    from ...packs import Step


def read(step: Step, form: Form) -> Any:
    return str(form.get("text") or "")


PHONE = PhoneKind("open", read)
