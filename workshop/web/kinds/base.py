"""What every phone piece of a step kind is: a reader of its posted form, and its page count.

A kind's phone piece is this module's `PhoneKind` in `workshop/web/kinds/<kind>.py`, beside its form
template `workshop/web/templates/kinds/<kind>.html`. The reader turns the posted fields into the value
`Session.submit` (through the core's `make_answer`) checks, the same value the kiosk's widget gives.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Callable, Mapping

if TYPE_CHECKING:
    from ...packs import Step

Form = Mapping[str, Any]  # aiohttp's MultiDictProxy: .get() and .getall()


def all_values(form: Form, name: str) -> list[str]:
    """Every value posted under `name` (ticked boxes), text only."""
    getall = getattr(form, "getall", None)
    if getall is not None:
        return [v for v in getall(name, []) if isinstance(v, str)]
    value = form.get(name)
    return [value] if isinstance(value, str) else list(value or [])


class FormProblem(ValueError):
    """The form cannot become an answer: `str()` says what to change, `value` refills the form."""

    def __init__(self, message: str, value: Any):
        super().__init__(message)
        self.value = value


def one_page(step: Step) -> int:
    return 1


@dataclass(frozen=True)
class PhoneKind:
    name: str
    read: Callable[[Step, Form], Any]
    """The posted form as the value the core checks; may raise `FormProblem` (a ranking with a place given twice)."""
    pages: Callable[[Step], int] = one_page
    """How many pages the form takes (a sort asks card by card, and the form carries the cards placed so far)."""
