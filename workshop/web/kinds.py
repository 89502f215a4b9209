"""How a phone form reads back as an answer value, one small function per step kind.

Each kind has a form template, `templates/kinds/<kind>.html`, and a reader here that turns the posted
fields into the value `Session.submit` (through the core's `make_answer`) checks, the same value the
kiosk's widget gives. Adding a kind for phones is that template plus one reader in `READERS` (and an
entry in `PAGES` if its form takes more than one page).
"""

from __future__ import annotations

from typing import Any, Callable, Mapping

from ..packs import Step

Form = Mapping[str, Any]  # aiohttp's MultiDictProxy: .get() and .getall()


def _all(form: Form, name: str) -> list[str]:
    getall = getattr(form, "getall", None)
    if getall is not None:
        return [v for v in getall(name, []) if isinstance(v, str)]
    value = form.get(name)
    return [value] if isinstance(value, str) else list(value or [])


def read_open(step: Step, form: Form) -> Any:
    return str(form.get("text") or "")


def read_scale(step: Step, form: Form) -> Any:
    raw = str(form.get("value") or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else None


def read_choice(step: Step, form: Form) -> Any:
    return _all(form, "choice")


def read_sort(step: Step, form: Form) -> Any:
    return {card.id: str(form.get(f"card-{card.id}")) for card in step.cards if form.get(f"card-{card.id}")}


def read_actions(step: Step, form: Form) -> Any:
    """One fieldset a level (`action-<level>`, `lens-<level>`, ...); the core ignores a blank one."""
    return {"actions": [
        {"level": level.id, **{name: str(form.get(f"{name}-{level.id}") or "")
                               for name in ("action", "lens", "measure", "owner", "by_when")}}
        for level in step.levels
    ]}


READERS: dict[str, Callable[[Step, Form], Any]] = {
    "open": read_open,
    "scale": read_scale,
    "choice": read_choice,
    "sort": read_sort,
    "actions": read_actions,
}


# How many pages a kind's form takes: one unless it says otherwise (a sort step asks card by card,
# one card a page, and the form carries the cards placed so far).
PAGES: dict[str, Callable[[Step], int]] = {
    "sort": lambda step: max(1, len(step.cards)),
}


def pages(step: Step) -> int:
    count = PAGES.get(step.kind)
    return count(step) if count is not None else 1


def read_value(step: Step, form: Form) -> Any:
    reader = READERS.get(step.kind)
    return reader(step, form) if reader is not None else None
