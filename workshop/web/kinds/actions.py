"""An action turn's phone form: one fieldset a level."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Form, PhoneKind

if TYPE_CHECKING:
    from ...packs import Step


def read(step: Step, form: Form) -> Any:
    """One fieldset a level (`action-<level>`, `lens-<level>`, ...); the core ignores a blank one."""
    return {"actions": [
        {"level": level.id, **{name: str(form.get(f"{name}-{level.id}") or "")
                               for name in ("action", "lens", "measure", "owner", "by_when")}}
        for level in step.levels
    ]}


PHONE = PhoneKind("actions", read)
