"""A ranking's phone form: a place for each option, read into the kiosk's order."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .base import Form, FormProblem, PhoneKind

if TYPE_CHECKING:
    from ...packs import Step


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def read(step: Step, form: Form) -> Any:
    """A place per option (`place-<index>`, 1 first) read into the order the kiosk's widget gives: every
    option once, first place first. An option left without a place takes the one place left over;
    otherwise the places must be 1 to n, each given once, or the form comes back saying what to change."""
    count = len(step.options)
    places: dict[int, int] = {}
    for index in range(count):
        raw = str(form.get(f"place-{index}") or "").strip()
        if raw.isascii() and raw.isdigit() and len(raw) <= 2 and 1 <= int(raw) <= count:
            places[index] = int(raw)
    unplaced = [i for i in range(count) if i not in places]
    free = [p for p in range(1, count + 1) if p not in places.values()]
    if len(unplaced) == 1 and len(free) == 1:
        places[unplaced[0]] = free[0]
        unplaced, free = [], []
    if not unplaced and not free:
        return [step.options[i] for i in sorted(places, key=places.__getitem__)]
    problems = []
    for place in sorted(set(places.values())):
        given = [step.options[i] for i in sorted(places) if places[i] == place]
        if len(given) > 1:
            problems.append(f"place {place} is given to {_and(given)}")
    if unplaced:
        problems.append(f"{_and([step.options[i] for i in unplaced])} {'have' if len(unplaced) > 1 else 'has'} no place")
    if free:
        problems.append(f"place{'s' if len(free) > 1 else ''} {_and([str(p) for p in free])} "
                        f"{'are' if len(free) > 1 else 'is'} not given")
    raise FormProblem(f"give each option its own place, 1 to {count} ({'; '.join(problems)})", places)


PHONE = PhoneKind("rank", read)
