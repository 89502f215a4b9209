"""How a phone form reads back as an answer value, one small function per step kind.

Each kind has a form template, `templates/kinds/<kind>.html`, and a reader here that turns the posted
fields into the value `Session.submit` (through the core's `make_answer`) checks, the same value the
kiosk's widget gives. Adding a kind for phones is that template plus one reader in `READERS` (and an
entry in `PAGES` if its form takes more than one page).

A reader may raise `FormProblem` for a form the core could refuse only in general terms (a ranking
with a place given twice): the page comes back with what was chosen and what to change.
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


class FormProblem(ValueError):
    """The form cannot become an answer: `str()` says what to change, `value` refills the form."""

    def __init__(self, message: str, value: Any):
        super().__init__(message)
        self.value = value


def read_open(step: Step, form: Form) -> Any:
    return str(form.get("text") or "")


def read_scale(step: Step, form: Form) -> Any:
    raw = str(form.get("value") or "").strip()
    return int(raw) if raw.isascii() and raw.isdigit() and len(raw) <= 3 else None


def read_choice(step: Step, form: Form) -> Any:
    return _all(form, "choice")


def _and(items: list[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " and " + items[-1]


def read_rank(step: Step, form: Form) -> Any:
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
    "rank": read_rank,
    "review": read_sort,  # a review is a sort: the actions are its cards, the outcomes its buckets
    "sort": read_sort,
    "actions": read_actions,
}


# How many pages a kind's form takes: one unless it says otherwise (a sort step asks card by card,
# one card a page, and the form carries the cards placed so far).
def _card_pages(step: Step) -> int:
    return max(1, len(step.cards))


PAGES: dict[str, Callable[[Step], int]] = {
    "sort": _card_pages,
    "review": _card_pages,  # one action a page, as the kiosk asks them
}


def pages(step: Step) -> int:
    count = PAGES.get(step.kind)
    return count(step) if count is not None else 1


def read_value(step: Step, form: Form) -> Any:
    reader = READERS.get(step.kind)
    return reader(step, form) if reader is not None else None
