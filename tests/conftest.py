"""Shared fixtures: a private sessions folder, a small pack with every step kind, and a real session
on disk filled with answers from several participants (no mocks)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from workshop.packs import Pack, parse_pack
from workshop.session import Session

DAY = date(2026, 11, 28)
PIN = "2468"
LABEL = "Northtown partnership"

# A small pack covering every kind: info, open, scale, choice (multiple), rank, sort and actions.
PACK_DATA: dict[str, Any] = {
    "format": 1,
    "id": "test-pack",
    "title": "Test hymn sheet",
    "credit": "Test credit: Owens and Lloyd (2023).",
    "source": "Test source: the briefing.",
    "minutes": 30,
    "signpost": "Worried about a child now? Follow your own agency's safeguarding procedures.",
    "sections": [
        {"id": "intro", "title": "Welcome", "steps": [
            {"id": "welcome", "kind": "info", "title": "Hello", "text": "Welcome.", "notes": "Say hello.", "minutes": 2},
        ]},
        {"id": "sorting", "title": "Two approaches", "steps": [
            {"id": "explainer", "kind": "info", "title": "Two ways of responding", "text": "Read.", "notes": "-", "minutes": 3},
            {"id": "sort-cards", "kind": "sort", "title": "Sort the cards", "text": "Place each card.", "notes": "-",
             "minutes": 10,
             "buckets": [{"id": "behaviour", "label": "Behaviour-based"}, {"id": "ecological", "label": "Ecological"},
                         {"id": "depends", "label": "It depends"}],
             "cards": [
                 {"id": "curfew", "text": "A curfew for the group", "explanation": "Targets the young people, not the place."},
                 {"id": "lighting", "text": "Better lighting in the park", "explanation": "Changes the place itself."},
                 {"id": "youth-work", "text": "Detached youth work", "explanation": "Arguable: it depends what the workers do."},
             ]},
        ]},
        {"id": "reflect", "title": "Reflect", "steps": [
            {"id": "aim", "kind": "open", "title": "Our aim", "text": "What is the aim of our work?", "notes": "-", "minutes": 5},
            {"id": "confidence", "kind": "scale", "title": "Do we share one aim?", "text": "How confident are we?",
             "notes": "-", "minutes": 3, "points": 5, "low": "Not at all", "high": "Completely"},
            {"id": "missing", "kind": "choice", "title": "Who is missing?", "text": "Which adults are missing?",
             "notes": "-", "minutes": 3, "multiple": True,
             "options": ["Bus drivers", "Shop staff", "Park wardens", "Residents"]},
            {"id": "first-context", "kind": "rank", "title": "Which context first?", "text": "Put the places in order.",
             "notes": "-", "minutes": 3, "options": ["The park", "The bus station", "The school gates", "Online"]},
        ]},
        {"id": "plan", "title": "Actions", "steps": [
            {"id": "actions", "kind": "actions", "title": "What will we do?", "text": "One action each.", "notes": "-",
             "minutes": 10},
        ]},
        {"id": "close", "title": "Close", "steps": [
            {"id": "thanks", "kind": "info", "title": "Thank you", "text": "Thanks.", "notes": "-", "minutes": 1},
        ]},
    ],
}

# What the participants answer, step by step; None is a pass. Four turns at every answer step.
ANSWERS: dict[str, list[Any]] = {
    "sort-cards": [
        {"curfew": "behaviour", "lighting": "ecological", "youth-work": "ecological"},
        {"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"},
        {"curfew": "behaviour", "lighting": "depends", "youth-work": "behaviour"},
        None,
    ],
    "aim": [
        "Make the places young people use safer",
        "Stop moving children on and fix the park instead",
        "Share one plan across every agency",
        "Something about Jamie in Year 9 at the bus station",  # redacted by the facilitator
    ],
    "confidence": [4, 4, 2, 5],
    "missing": [["Bus drivers", "Shop staff"], ["Shop staff"], ["Park wardens", "Shop staff"], None],
    # Borda (3 points for first): park 3+2+3=8, bus station 2+3+1=6, school gates 1+0+2=3, online 0+1+0=1.
    "first-context": [
        ["The park", "The bus station", "The school gates", "Online"],
        ["The bus station", "The park", "Online", "The school gates"],
        ["The park", "The school gates", "The bus station", "Online"],
        None,
    ],
    "actions": [
        {"action": "Ask licensing to review the off-licence on Mill Road", "level": "org", "lens": "context",
         "measure": "Fewer reports of adults buying alcohol for teenagers"},
        {"action": "Invite a detached youth worker to our next meeting", "level": "team", "lens": "context",
         "measure": ""},
        {"action": "Send warning letters to the group's parents", "level": "team", "lens": "behaviour",
         "measure": "Letters sent"},
        {"action": "Read the briefing before the next board", "level": "me", "lens": "unsure",
         "measure": "Done by Friday"},
    ],
}
REDACTED_STEP = "aim"
REDACTED_TEXT = ANSWERS["aim"][3]
NOTES = {
    "aim": "We disagreed on whether safety means fewer incidents or more trusted adults.",
    "actions": "Bring the action plan back to the March board.",
}


def make_pack(data: dict[str, Any] | None = None) -> Pack:
    pack, problems = parse_pack(data or PACK_DATA, "test-pack")
    assert pack is not None, problems
    return pack


def typed_values(answer: dict[str, Any]) -> list[Any]:
    """The values of a stored answer, and those of each action of an action turn."""
    values = list(answer.values())
    for action in answer.get("actions") if isinstance(answer.get("actions"), list) else []:
        values += list(action.values())
    return values


def fill_session(
    session: Session,
    answers: dict[str, list[Any]],
    notes: dict[str, str] | None = None,
    redact: dict[str, Any] | None = None,
    finish: bool = True,
) -> Session:
    """Walk through every step: each participant's turn, close, reveal, notes, then move on.

    `redact` maps a step id to the value whose answer the facilitator redacts after the reveal.
    """
    notes = notes or {}
    redact = redact or {}
    while True:
        step = session.step
        docs = []
        for value in answers.get(step.id, []) if step.takes_answers else []:
            docs.append(session.submit(value, passed=value is None))
        if step.takes_answers:
            session.close_round()
            session.reveal()
        for doc in docs:
            if step.id in redact and doc.get("answer") is not None and redact[step.id] in typed_values(doc["answer"]):
                session.redact(step.id, doc)
        if step.id in notes:
            session.set_note(step.id, notes[step.id])
        if not session.next_step():
            break
    if finish:
        session.finish(today=DAY)
    return session


@pytest.fixture
def sessions_dir(tmp_path: Path) -> Path:
    """An empty, private (0700) sessions folder in the test's temporary directory."""
    folder = tmp_path / "sessions"
    folder.mkdir(mode=0o700)
    return folder


@pytest.fixture
def pack() -> Pack:
    return make_pack()


@pytest.fixture
def filled_session_path(sessions_dir: Path, pack: Pack) -> Path:
    """A finished session on disk: every step kind answered by several participants, with notes and a redaction."""
    session = Session.create(sessions_dir, pack, LABEL, PIN, today=DAY)
    try:
        fill_session(session, ANSWERS, NOTES, redact={REDACTED_STEP: REDACTED_TEXT})
    finally:
        session.close()
    return session.path


@pytest.fixture
def filled_session(filled_session_path: Path) -> Session:
    """The filled session, opened read-only (as the summary and the listings open it)."""
    return Session.read(filled_session_path)


@pytest.fixture(autouse=True)
def private_rescue_place(tmp_path: Path, monkeypatch) -> Path:
    """Rescue files (answers a kiosk could not save) go to the test's own state folder, never to the
    real ~/.local/state of whoever runs the tests."""
    state = tmp_path / "state-home"
    monkeypatch.setenv("XDG_STATE_HOME", str(state))
    monkeypatch.delenv("WORKSHOP_RESCUE_DIR", raising=False)
    monkeypatch.delenv("XDG_RUNTIME_DIR", raising=False)
    return state / "hymn-sheet" / "rescue"


# -- Pilot pauses that wait for the screen to settle ----------------------------------------------
# `Pilot.pause()` waits for the messages queued when it was called; what those messages start (a
# pushed screen's compose and on_mount, a widget setting its own title) may still be queued when it
# returns, and on a busy 2-core CI machine that is when a test reads the screen. One flake of that
# kind failed a landing, so every plain pause in this suite also waits until the app and the current
# screen's widgets have empty message queues (a few extra rounds at most; a bound keeps a clock's
# ticking from looping for ever). Pauses with a delay keep Textual's meaning.
from textual.pilot import Pilot  # noqa: E402

_textual_pause = Pilot.pause
SETTLE_ROUNDS = 20


def _busy(app) -> bool:
    try:
        nodes = [app, *app.screen.walk_children(with_self=True)]
    except Exception:  # no screen yet, or the app is shutting down
        return False
    return any(node.message_queue_size for node in nodes)


async def _settling_pause(self: Pilot, delay: float | None = None) -> None:
    await _textual_pause(self, delay)
    if delay is not None:
        return
    for _ in range(SETTLE_ROUNDS):
        if not _busy(self.app):
            return
        await _textual_pause(self, None)


Pilot.pause = _settling_pause  # type: ignore[method-assign]
