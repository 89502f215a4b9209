"""Realistic data for the benchmarks: packs, answers, filled sessions and folders of past sessions.

Everything here goes through the app's own API (`parse_pack`, `Session.create`, `submit`, `reveal`,
`next_step`, `finish`), so the files are exactly what the kiosk would write.
"""

from __future__ import annotations

import json
import random
import secrets
import shutil
import time
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from workshop import storage
from workshop.packs import Pack, Step, find_pack, parse_pack
from workshop.session import Session

PIN = "2468"
DAY = date(2026, 11, 28)

OPEN_TEXTS = (
    "Make the places young people use safer, not just move the young people on to somewhere else.",
    "Stop moving children on from the park and work with the people who run it instead.",
    "We talk about contextual safeguarding but most of our actions still land on the individual child "
    "and their family. The shop, the bus station and the takeaway rarely appear in our plans.",
    "Share one plan across every agency, with named leads for the places as well as for the children.",
    "Honestly I am not sure we agree what 'safe' means: fewer incidents, or more trusted adults around?",
    "Bring housing, licensing and transport to the table; they own the spaces where harm happens.",
    "More detached youth work in the evenings, and a way for the workers' observations to reach the panel.",
    "Measure change in the place (lighting, footfall, staff who know what to do), not only in the child.",
    "Training for shop and security staff so that they see exploitation rather than anti-social behaviour.",
    "Our meetings run out of time before we ever get to the context: put it first on the agenda.",
)
ACTION_TEXTS = (
    "Ask licensing to review the off-licence on the high street",
    "Invite a detached youth worker to our next meeting",
    "Map the places named in the last three referrals",
    "Put 'context' as the first item on the panel agenda",
    "Brief the bus company's duty managers on exploitation",
)
MEASURES = ("Fewer reports from the shop", "", "A map shared by March", "Agenda changed", "Briefing delivered")


def answer_for(step: Step, rng: random.Random) -> Any:
    """A plausible answer value for any answer step, as `Session.submit` takes it."""
    kind = step.kind
    if kind == "open":
        return rng.choice(OPEN_TEXTS)
    if kind == "scale":
        return rng.randint(1, step.points)
    if kind == "choice":
        if step.multiple:
            return rng.sample(list(step.options), rng.randint(1, min(3, len(step.options))))
        return [rng.choice(step.options)]
    if kind == "sort":
        buckets = [b.id for b in step.buckets]
        return {c.id: rng.choice(buckets) for c in step.cards if rng.random() < 0.9} or {
            step.cards[0].id: buckets[0]
        }
    if kind == "actions":
        return {
            "action": rng.choice(ACTION_TEXTS),
            "level": rng.choice(step.levels).id,
            "lens": rng.choice(step.lenses).id,
            "measure": rng.choice(MEASURES),
        }
    raise ValueError(f"no answers for {kind}")


def fill(session: Session, participants: int, rng: random.Random, pass_rate: float = 0.05,
         notes: bool = True, finish: bool = True, timings: list[float] | None = None) -> Session:
    """Every answer step: `participants` turns (a few passes), reveal, a note now and then, move on.

    `timings`, if given, receives the duration of every `submit` (seconds).
    """
    while True:
        step = session.step
        if step.takes_answers:
            for _ in range(participants):
                passed = rng.random() < pass_rate
                value = None if passed else answer_for(step, rng)
                t0 = time.perf_counter()
                session.submit(value, passed=passed)
                if timings is not None:
                    timings.append(time.perf_counter() - t0)
            session.reveal()
            if notes and rng.random() < 0.3:
                session.set_note(step.id, "The group disagreed here; bring it back to the board in March.")
        if not session.next_step():
            break
    if finish:
        session.finish(DAY)
    return session


def builtin_pack() -> Pack:
    return find_pack(None)


def finished_session_file(folder: Path, participants: int = 12, seed: int = 1) -> Path:
    """One realistic finished session of the built-in pack, written by the app. Returns its path."""
    session = Session.create(folder, builtin_pack(), "North locality partnership", PIN, today=DAY)
    try:
        fill(session, participants, random.Random(seed))
        return session.path
    finally:
        session.close()


_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789"


def populate(folder: Path, template: Path, count: int, seed: int = 7) -> list[Path]:
    """`count` copies of a session file under new valid ids (dates spread over past years).

    Each copy's stored `meta.session` is set to its new id, so every file is a valid session.
    """
    rng = random.Random(seed)
    data = json.loads(template.read_bytes())
    meta = next(iter(data["meta"].values()))
    made: list[Path] = []
    used = {p.stem for p in folder.glob("*.json")}
    while len(made) < count:
        day = DAY - timedelta(days=rng.randint(1, 5 * 365))
        session_id = f"{day:%Y%m%d}-{''.join(rng.choice(_ALPHABET) for _ in range(6))}"
        if session_id in used:
            continue
        used.add(session_id)
        meta["session"] = session_id
        meta["created"] = day.isoformat()
        meta["finished"] = day.isoformat()
        path = folder / f"{session_id}{storage.SUFFIX}"
        path.write_bytes(storage.encode(data))
        path.chmod(storage.FILE_MODE)
        made.append(path)
    return made


def big_pack_data(answer_steps: int = 25) -> dict[str, Any]:
    """A pack with `answer_steps` answer steps of mixed kinds (plus welcome and thanks info steps)."""
    kinds = ("open", "scale", "choice-multi", "sort", "open", "choice", "actions")
    steps: list[dict[str, Any]] = []
    for n in range(answer_steps):
        kind = kinds[n % len(kinds)]
        step: dict[str, Any] = {
            "id": f"step-{n + 1}", "title": f"Question {n + 1}: where does the harm happen?",
            "text": "Think about the places and the people around them, not only the young people.",
            "notes": "Give people time; read the question twice.", "minutes": 5,
        }
        if kind == "open":
            step["kind"] = "open"
        elif kind == "scale":
            step.update(kind="scale", points=5, low="Not at all", high="Completely")
        elif kind.startswith("choice"):
            step.update(kind="choice", multiple=kind == "choice-multi",
                        options=["Police", "Schools", "Health", "Housing", "Licensing", "Transport",
                                 "Youth work", "Parks", "Shops", "Residents"])
        elif kind == "sort":
            step.update(
                kind="sort",
                buckets=[{"id": "behaviour", "label": "Behaviour-based"}, {"id": "ecological", "label": "Ecological"},
                         {"id": "depends", "label": "It depends"}],
                cards=[{"id": f"card-{c}", "text": f"Intervention number {c} in the park",
                        "explanation": "It targets the place, or the people, depending on who does it."}
                       for c in range(1, 13)],
            )
        elif kind == "actions":
            step["kind"] = "actions"
        steps.append(step)
    sections = [
        {"id": "intro", "title": "Welcome", "steps": [
            {"id": "welcome", "kind": "info", "title": "Welcome", "text": "Welcome.", "notes": "-", "minutes": 2}]},
    ]
    for s in range(0, answer_steps, 5):
        sections.append({"id": f"part-{s // 5 + 1}", "title": f"Part {s // 5 + 1}", "steps": steps[s:s + 5]})
    sections.append({"id": "close", "title": "Close", "steps": [
        {"id": "thanks", "kind": "info", "title": "Thank you", "text": "Thanks.", "notes": "-", "minutes": 1}]})
    return {
        "format": 1, "id": "bench-pack", "title": "Benchmark hymn sheet", "credit": "Benchmark credit.",
        "source": "Benchmark source.", "minutes": 180,
        "signpost": "Worried about a child now? Follow your own agency's safeguarding procedures.",
        "sections": sections,
    }


def big_pack(answer_steps: int = 25) -> Pack:
    pack, problems = parse_pack(big_pack_data(answer_steps), "bench-pack")
    if pack is None:
        raise RuntimeError("; ".join(map(str, problems)))
    return pack


def session_at_open_step(folder: Path, participants: int = 12, seed: int = 3) -> Session:
    """A running session of the built-in pack, as the room leaves it at its first open step: the
    steps before it answered by `participants` people and revealed. The caller closes it."""
    rng = random.Random(seed)
    session = Session.create(folder, builtin_pack(), "South locality partnership", PIN, today=DAY)
    while session.step.kind != "open":
        step = session.step
        if step.takes_answers:
            for _ in range(participants):
                session.submit(answer_for(step, rng))
            session.reveal()
        session.next_step()
    return session


def scratch_dir(parent: Path, name: str) -> Path:
    path = parent / f"{name}-{secrets.token_hex(3)}"
    path.mkdir(mode=0o700)
    return path


def remove(path: Path) -> None:
    shutil.rmtree(path, ignore_errors=True)


# --- a whole default-pack session, as a room of `participants` would leave it ---------------------------

# Answers as people type them at a shared keyboard with others waiting: a phrase, a sentence, now and
# then a short paragraph.
MORE_OPEN_TEXTS = (
    "Fewer young people moved on.",
    "Adults at the bus station who know what to look for.",
    "Time. Nobody has protected time for this.",
    "Permission from senior leaders to try something that might not work first time.",
    "We fall back on police powers because they are quick and everyone understands them, even when "
    "we know the same group will be back next week.",
    "Residents feeling able to use the park again in the evening.",
    "Schools see behaviour, police see offences, youth work sees relationships: we rarely put those together.",
    "Fear of being blamed if something goes wrong while we try a new approach.",
    "A shared data picture of the places, not just the list of young people.",
    "Licensing and the shop owners: they are never in the room but they shape the high street.",
    "Honestly, mostly the young person's behaviour, with a letter home.",
    "Budget that is not tied to one agency's targets.",
)
ACTIONS = (
    ("Ask licensing to review the off-licence on the high street", "Fewer reports from the shop"),
    ("Invite a detached youth worker to our next meeting", ""),
    ("Map the places named in the last three referrals", "A map shared by March"),
    ("Put 'context' as the first item on the panel agenda", "Agenda changed"),
    ("Brief the bus company's duty managers on exploitation", "Briefing delivered"),
    ("Ask the park's owners to cut back the cover by the skate park", "Work done before spring"),
    ("Read the briefing before the next board", ""),
    ("Ask in every strategy meeting: what would change the place?", "Asked at three meetings"),
    ("Walk the shopping centre with security staff after school", "One walkabout a term"),
    ("Share our observations of the underpass with community safety", "Reported monthly"),
    ("Review our exclusion policy for its effect on where pupils go", "Review finished by July"),
    ("Train front desk staff at the leisure centre", "Staff trained"),
    ("Stop sending warning letters as the first response", ""),
    ("Bring housing to the next contextual panel", "Housing attends"),
)


OWNERS = (("Community safety lead", "March"), ("", ""), ("Youth service manager", "end of term"),
          ("Licensing team", "next panel"), ("", "June"), ("Neighbourhood police team", ""))


def default_pack_answer(step: Step, rng: random.Random, participants: int, turn: int = 0,
                        group: bool | None = None) -> Any:
    """One realistic answer at any step of the built-in pack (ranks included), or the room's one
    answer at a group step: a count per option for a choice, every card placed (with how many
    disagreed) for a sort. A different `turn` gives a different open answer or action. `group`: whether
    the step takes the room's one answer (default: the pack's mode)."""
    group = step.mode == "group" if group is None else group
    if group and step.kind == "choice":
        return {option: rng.randint(0, 3) for option in step.options} | {step.options[0]: 2}
    if group and step.kind == "sort":
        buckets = [b.id for b in step.buckets]
        return {"cards": {c.id: rng.choice(buckets) for c in step.cards},
                "disagree": {c.id: rng.randint(0, participants // 2) for c in step.cards}}
    if step.kind == "rank":
        order = list(step.options)
        rng.shuffle(order)
        return order
    if step.kind == "sort":
        buckets = [b.id for b in step.buckets]
        return {c.id: rng.choice(buckets) for c in step.cards}
    if step.kind == "open":  # about 110 characters on average: a third of the answers run on
        texts = OPEN_TEXTS + MORE_OPEN_TEXTS
        first = texts[turn % len(texts)]
        return f"{first} {rng.choice(texts)}" if rng.random() < 0.3 else first
    if step.kind == "actions":
        action, measure = ACTIONS[turn % len(ACTIONS)]
        owner, by_when = OWNERS[turn % len(OWNERS)]  # a role or an agency, never a person
        return {"action": action, "level": rng.choice(step.levels).id, "lens": rng.choice(step.lenses).id,
                "measure": measure, "owner": owner, "by_when": by_when}
    return answer_for(step, rng)


def default_pack_session(folder: Path, participants: int = 12, seed: int = 12, individual_sort: bool = False,
                         label: str = "North locality partnership") -> Path:
    """A finished session of the built-in pack with EVERY step answered, the optional ones included:
    `participants` turns at each individual step (a pass now and then), the room's one answer at each
    group step, every round revealed, a discussion note at about half the steps. `individual_sort`
    has the sort taken in turns (the facilitator's switch) instead of as the pack's one group answer.
    Returns the session file."""
    rng = random.Random(seed)
    session = Session.create(folder, builtin_pack(), label, PIN, today=DAY)
    try:
        while True:
            step = session.step
            if step.takes_answers:
                if individual_sort and step.kind == "sort":
                    while session.is_group():
                        session.switch_mode()
                if session.is_group():
                    session.submit(default_pack_answer(step, rng, participants, group=True))
                else:
                    turns = rng.sample(range(max(participants, len(ACTIONS))), participants)  # no two alike
                    for turn in turns:
                        passed = step.kind != "actions" and rng.random() < 0.05
                        value = None if passed else default_pack_answer(step, rng, participants, turn, group=False)
                        session.submit(value, passed=passed)
                session.close_round()
                session.reveal()
                if rng.random() < 0.5:
                    session.set_note(step.id, rng.choice(NOTES))
            if not session.next_step():
                break
        session.finish(DAY)
        return session.path
    finally:
        session.close()


NOTES = (
    "The group disagreed here; bring it back to the board in March.",
    "Police and youth work saw this differently: agreed to meet before the next panel.",
    "Several people said they had never been asked this before. Worth repeating in six months.",
)
