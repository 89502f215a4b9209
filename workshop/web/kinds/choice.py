"""A choice's phone form: the options ticked (or the one chosen)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Form, PhoneKind, all_values

if TYPE_CHECKING:
    from ...packs import Step


def read(step: Step, form: Form) -> Any:
    return all_values(form, "choice")


PHONE = PhoneKind("choice", read)
