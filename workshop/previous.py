"""The group's previous session, for a review step (kind `review`): its action plan, copied into the
new session's pack snapshot when the session is created, so the new file stands on its own.

The previous session is the most recent *finished* session in the same sessions folder with the same
label (spaces and case aside) whose pack has a step that plans actions. Only the actions' own words,
level, lens, measure, owner and by-when (a role and a time, when given) are copied: never a redacted
action, never anything about who wrote one.

Core module: no Textual.
"""

from __future__ import annotations

import copy
from pathlib import Path
from typing import Any

from . import kinds, results
from .packs import Pack, parse_pack

FINISHED = "finished"


def _same_label(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def find(sessions_dir: Path, label: str):
    """The group's most recent finished session that planned actions (an `export.Loaded`), or None."""
    from .export import load_all

    loaded, _problems = load_all(sessions_dir)
    found = [
        s for s in loaded
        if s.state == FINISHED and _same_label(s.label, label) and any(kinds.of(step).plans_actions for step in s.pack.steps)
    ]
    return max(found, key=lambda s: (s.created, str(s.meta.get("finished") or ""), s.id), default=None)


def actions_of(loaded) -> list[dict[str, str]]:
    """Every action the session planned (all rounds, redacted ones left out), in level order then by text."""
    found: list[dict[str, str]] = []
    for step in loaded.pack.steps:
        if not kinds.of(step).plans_actions:
            continue
        order = {o.id: i for i, o in enumerate(step.levels)}
        docs = [d for d in loaded.answers if d.get("step") == step.id]
        rows = [
            (order.get(a.level, len(order)), a.text, {
                "text": a.text, "level": a.level_label, "lens": a.lens_label, "measure": a.measure,
                **{key: value for key, value in (("owner", a.owner), ("by_when", a.by_when)) if value},
            })
            for a in results.tally(step, docs).actions
            if not a.redacted and a.text.strip()
        ]
        found += [row for _o, _t, row in sorted(rows, key=lambda r: (r[0], r[1].casefold()))]
    return found


def attach(pack: Pack, sessions_dir: Path, label: str) -> Pack:
    """`pack` with the previous session's actions written into each review step (its `previous` table),
    or with an empty `previous` when there is none. A pack without review steps comes back as it was."""
    reviews = [s for s in pack.steps if kinds.of(s).reviews_previous]
    if not reviews:
        return pack
    loaded = find(sessions_dir, label)
    previous: dict[str, Any] = {"session": "", "created": "", "actions": []}
    if loaded is not None:
        actions = actions_of(loaded)
        previous = {
            "session": loaded.id, "created": loaded.created,
            "actions": [{"id": f"a{n}", **action} for n, action in enumerate(actions, start=1)],
        }
    data = copy.deepcopy(pack.data)
    wanted = {s.id for s in reviews}
    for section in data.get("sections", []):
        for raw in section.get("steps", []):
            if isinstance(raw, dict) and raw.get("id") in wanted:
                raw["previous"] = copy.deepcopy(previous)
    attached, problems = parse_pack(data, pack.id)
    return attached if attached is not None else pack
