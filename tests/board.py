"""A realistic finished session of the default pack with 12 people, made through the core API (no mocks):
what the brief for the partnership board is computed from in tests/test_brief.py.

Every individual step gets 12 turns (one pass at the open steps), the two group steps get the room's
one answer (the sort with how many disagreed with each card), one action is redacted, and the
facilitator has typed what the board is asked and a review date.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

from workshop.kinds.actions import stored_actions
from workshop.packs import Step, find_pack
from workshop.session import Session

PIN = "2468"
DAY = date(2026, 11, 28)
PEOPLE = 12
LABEL = "North locality partnership"
BOARD_ASK = "Note the plan and decide who leads the work on the precinct."
REVIEW = "2027-03-31"

ROOM_AGENCIES = {"Police": 2, "Children's social care": 3, "Schools and education": 2, "Youth work": 2,
                 "Health": 1, "Community safety": 1, "Housing": 1}
# The room's sort: the cards it placed away from the pack's explanations, and how many disagreed.
SORT_AWAY = {"detached-youth-work": "ecological", "diversion": "ecological", "cctv": "behaviour",
             "guardianship": "depends"}
SORT_DISAGREE = {"detached-youth-work": 5, "diversion": 4, "cctv": 2, "curfew": 0}
OPEN_TEXTS = (
    "We move young people on from the shops more than we change the shops.",
    "Detached youth work in the park on Friday evenings.",
    "Letters home after incidents at the station.",
    "A walkabout with housing to look at lighting on the estate.",
)
ACTIONS = (
    ("Ask in every panel meeting what would change the place", "me", "context"),
    ("Read the briefing and share it with my team", "me", "unsure"),
    ("Invite the bus company to the next panel", "team", "context"),
    ("Put the places first on the meeting agenda", "team", "context"),
    ("Send warning letters to the group's parents", "team", "behaviour"),
    ("Map the places named in the last three months of referrals", "team", "context"),
    ("Fund better lighting on the underpass", "org", "context"),
    ("Set up licensing checks with the shops in the precinct", "org", "context"),
    ("Add a curfew option to the safety plan template", "org", "behaviour"),
    ("Train station staff to spot and respond to harm", "org", "context"),
    ("Review the exclusion policy with the schools", "org", "context"),
    ("Something about Jamie in Year 9", "me", "behaviour"),  # redacted by the facilitator
)
REDACTED_ACTION = ACTIONS[-1][0]
# Owners (a role or an agency) and by-when, as the action turn asks for them; the rest left empty.
OWNERS = {2: ("Community safety lead", "by the March board"), 6: ("Highways team", "2027-06-30"),
          7: ("Licensing officer", "")}


def value_for(step: Step, turn: int, rng: random.Random) -> Any:
    """Turn `turn`'s answer at an individual step (None is a pass)."""
    if step.kind == "open":
        return None if turn == PEOPLE - 1 else OPEN_TEXTS[turn % len(OPEN_TEXTS)]
    if step.kind == "scale":
        return rng.choice({"shared-aim-confidence": (1, 2, 2, 3, 4), "context-share": (2, 3, 3, 4)}.get(
            step.id, (1, 2, 3, 4, 5)))
    if step.kind == "choice":
        return rng.sample(list(step.options[:6]), 2) if step.multiple else [rng.choice(step.options)]
    if step.kind == "rank":
        order = list(step.options)
        rng.shuffle(order)
        return order
    if step.kind == "actions":
        text, level, lens = ACTIONS[turn]
        owner, by_when = OWNERS.get(turn, ("", ""))
        return {"actions": [{"action": text, "level": level, "lens": lens, "owner": owner, "by_when": by_when,
                             "measure": "Seen at the March board" if turn % 3 == 0 else ""}]}
    raise ValueError(step.kind)


def room_answer(step: Step) -> Any:
    if step.kind == "sort":
        cards = {c.id: SORT_AWAY.get(c.id, c.expected) for c in step.cards}
        return {"cards": cards, "disagree": SORT_DISAGREE}
    return ROOM_AGENCIES


def make_session(folder: Path, seed: int = 5, board: bool = True) -> Path:
    """The finished session's file."""
    rng = random.Random(seed)
    session = Session.create(folder, find_pack(None), LABEL, PIN, today=DAY, room=PEOPLE)
    try:
        while True:
            step = session.step
            if step.takes_answers:
                if session.is_group():
                    if step.kind == "sort":
                        session.switch_mode()  # the facilitator counts how many disagreed with each card
                    session.submit(room_answer(step))
                else:
                    for turn in range(PEOPLE):
                        value = value_for(step, turn, rng)
                        session.submit(value, passed=value is None)
                session.reveal()
                if step.kind == "actions":
                    for doc in session.answers(step.id):
                        if any(a["action"] == REDACTED_ACTION for a in stored_actions(doc["answer"])):
                            session.redact(step.id, doc)
            if not session.next_step():
                break
        session.finish(today=DAY)
        if board:
            session.set_board_ask(BOARD_ASK, REVIEW)
        return session.path
    finally:
        session.close()
