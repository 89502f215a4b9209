"""Snapshot tests of the kiosk's screens at the sizes a room really has: a laptop terminal (80x24),
a projector at normal and small font (120x40, 200x60) and a very large font (60x20).

Everything is deterministic: the session id is fixed, the reveal order is sorted instead of
shuffled, the timer stays paused, dates come from a fixed day and paths are shown relative to a
temporary working folder. Regenerate with `pytest tests/test_snapshots.py --snapshot-update`, then
look at the SVGs in tests/__snapshots__/ before committing them.
"""

from __future__ import annotations

import random
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from textual import events

import kiosk
from workshop import storage
from workshop.session import Session
from workshop.ui.widgets import AnswerBox

FIXED_ID = "20261128-snapsh"
PIN = kiosk.PIN
LABEL = "North locality"

# A pack of our own (not the shipped one, which others may edit) with question texts as long as the
# real ones, so the layout is judged on realistic wording.
SNAP_PACK: dict[str, Any] = {
    "format": 1,
    "id": "snap-pack",
    "title": "Same hymn sheet?",
    "credit": "Snapshot credit.",
    "source": "Snapshot source.",
    "minutes": 30,
    "signpost": "Worried about a child now? Follow your own agency's safeguarding procedures.",
    "sections": [
        {"id": "intro", "title": "Welcome", "steps": [
            {"id": "welcome", "kind": "info", "title": "Welcome: why we are here",
             "text": "Today we look at how our partnership changes the places where young people are harmed, "
                     "and not only the young people in them.",
             "notes": "Say hello.", "minutes": 2},
        ]},
        {"id": "sorting", "title": "Two approaches", "steps": [
            {"id": "sort-cards", "kind": "sort", "title": "Sort the responses",
             "text": "Place each response in a bucket: does it mainly change young people's behaviour, or the "
                     "place and the adults around it? If it could go either way, choose It depends.",
             "notes": "-", "minutes": 9,
             "buckets": [{"id": "behaviour", "label": "Behaviour-based"}, {"id": "ecological", "label": "Ecological"},
                         {"id": "depends", "label": "It depends"}],
             "cards": [
                 {"id": "curfew", "text": "A curfew added to a young person's plan",
                  "explanation": "Behaviour-based: it restricts the young person and leaves the place unchanged."},
                 {"id": "lighting", "text": "Better lighting and sightlines in the park",
                  "explanation": "Ecological: it changes the place itself."},
                 {"id": "youth-work", "text": "Detached youth work in the shopping centre",
                  "explanation": "Arguable: it depends whether the workers change the place or only the young people."},
             ]},
        ]},
        {"id": "reflect", "title": "Reflecting together", "steps": [
            {"id": "aim", "kind": "open", "title": "Our shared aim",
             "text": "In one or two sentences: what is our partnership trying to change when young people are "
                     "harmed outside the home?",
             "notes": "-", "minutes": 5},
            {"id": "confidence", "kind": "scale", "title": "Do we share one aim?",
             "text": "How confident are you that every agency in this room would describe the aim of our joint "
                     "work in the same way?",
             "notes": "-", "minutes": 2, "points": 5, "low": "Not at all confident", "high": "Completely confident"},
        ]},
        {"id": "close", "title": "Close", "steps": [
            {"id": "thanks", "kind": "info", "title": "Thank you", "text": "Thank you for taking part.",
             "notes": "-", "minutes": 1},
        ]},
    ],
}

# The kinds SNAP_PACK leaves out (a pack of its own, so the snapshots above keep their step counts).
CHOICE_PACK: dict[str, Any] = {
    **SNAP_PACK,
    "id": "snap-choices",
    "sections": [
        {"id": "reflect", "title": "Reflecting together", "steps": [
            {"id": "context-first", "kind": "choice", "title": "Which context should change first?",
             "text": "Choose the one setting that most needs to change before young people in our area can be "
                     "safer.",
             "notes": "-", "minutes": 2,
             "options": ["Streets and parks", "Shopping centres, takeaways and the bus station beside them",
                         "Schools and colleges", "Online spaces"]},
            {"id": "present", "kind": "choice", "title": "Who is in the room?",
             "text": "Which types of agency are represented here today? Choose all that apply.",
             "notes": "-", "minutes": 1, "multiple": True,
             "options": ["Police", "Children's social care", "Youth work", "Housing"]},
        ]},
    ],
}

OPEN_ANSWERS = [
    "Make the parks and the bus station safer, not just move young people on",
    "[b]One plan[/b] that every agency signs up to \\o/",
    "Fewer young people harmed in the places they use",
]
DAY = date(2026, 11, 28)


@pytest.fixture
def snap_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """A factory for the kiosk app with everything that changes from run to run pinned down.

    `snap_app(kind=..., answers=[...])` opens the app on a session already at the first step of that
    kind, with those answers given (through the core, which is quicker than typing them); the
    `run_before` callables then drive the app by keys from there.
    """
    # Answers are shown in the order of their random document ids: seeded here, so every run draws
    # the same ids (and so the same order).
    ids = random.Random(8)
    monkeypatch.setattr(storage, "random_doc_id", lambda: ids.randrange(1, 2**52))
    monkeypatch.setattr(storage, "new_session_id", lambda today=None: FIXED_ID)
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("WORKSHOP_SESSIONS_DIR", raising=False)
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "snap.toml").write_text(tomli_w.dumps(SNAP_PACK))
    sessions = Path("sessions")
    sessions.mkdir(mode=0o700)

    def make(kind: str | None = None, answers: list[Any] = (), pack_data: dict[str, Any] | None = None,
             room: int | None = None, **config: Any):
        # The end screen shows the command to run: pinned, whatever this machine's PATH holds.
        # A room size also plans the pace in the header: its clock stands still.
        config = {"command": "workshop", "clock": lambda: 0.0, **config}
        if kind is None:
            return kiosk.make_app(sessions, prompts, **config)
        session = prepare_session(sessions, kind, answers, pack_data, room)
        return kiosk.make_app(sessions, prompts, session=session, **config)

    make.sessions_dir = sessions
    return make


def snap_pack(data: dict[str, Any] | None = None):
    from workshop.packs import parse_pack

    pack, problems = parse_pack(data or SNAP_PACK, "snap")
    assert pack is not None, problems
    return pack


def prepare_session(sessions_dir: Path, kind: str, answers: list[Any] = (),
                    pack_data: dict[str, Any] | None = None, room: int | None = None) -> Session:
    """A session on a fixed day, moved on to the first step of `kind`, with `answers` given there."""
    session = Session.create(sessions_dir, snap_pack(pack_data), LABEL, PIN, today=DAY, room=room)
    while session.step.kind != kind:
        assert session.next_step(), kind
    for value in answers:
        session.submit(value, passed=value is None)
    return session


async def paste(pilot, text: str) -> None:
    box = pilot.app.screen.query_one(AnswerBox)
    box.post_message(events.Paste(text))
    await pilot.pause()


async def to_turn_screen(pilot) -> None:
    await kiosk.begin_turn(pilot)
    await kiosk.type_text(pilot, "Safer places")
    steady_cursor(pilot)


def steady_cursor(pilot) -> None:
    """A blinking cursor could be caught either way by the screenshot: keep it on."""
    pilot.app.screen.query_one(AnswerBox).cursor_blink = False


async def to_step_screen(pilot) -> None:
    """A participant's turn, start to finish: the next person sees the pass-the-keyboard screen."""
    await kiosk.begin_turn(pilot)
    await paste(pilot, OPEN_ANSWERS[0])
    await pilot.press("enter")
    await kiosk.finish_turn(pilot)


async def to_reveal(pilot) -> None:
    await kiosk.close_and_reveal(pilot)


async def to_end(pilot) -> None:
    await kiosk.facilitator(pilot, "e")
    await pilot.press("enter")
    await pilot.pause()
    assert kiosk.screen_name(pilot.app) == "EndScreen"


def make_past_session(sessions_dir: Path) -> None:
    """A finished session from a fixed day, answered straight through the core."""
    session = Session.create(sessions_dir, snap_pack(), LABEL, PIN, today=DAY)
    try:
        answers = {
            "sort-cards": [{"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"},
                           {"curfew": "behaviour", "lighting": "ecological", "youth-work": "ecological"}],
            "aim": OPEN_ANSWERS,
            "confidence": [4, 2, 5],
        }
        while True:
            step = session.step
            if step.takes_answers:
                for value in answers.get(step.id, []):
                    session.submit(value)
                session.close_round()
                session.reveal()
            if step.id == "aim":
                session.set_note("aim", "We split on what 'safer' means.")
            if not session.next_step():
                break
        session.finish(today=DAY)
    finally:
        session.close()


async def to_past_summary(pilot) -> None:
    await pilot.press("p")
    await pilot.pause()
    await pilot.press("enter")
    await pilot.pause()
    await kiosk.type_text(pilot, PIN)
    await pilot.press("enter")
    await pilot.pause()
    assert kiosk.screen_name(pilot.app) == "SummaryScreen", kiosk.screen_text(pilot.app)


async def standard_theme(pilot) -> None:
    await kiosk.facilitator(pilot, "v")
    assert pilot.app.has_class("-standard")
    await kiosk.facilitator(pilot, "l")  # lock again before handing the keyboard over
    pilot.app.clear_notifications()
    await pilot.pause()


# -- the snapshots --

SMALL, LAPTOP, PROJECTOR, BIG = (60, 20), (80, 24), (120, 40), (200, 60)
OPEN = OPEN_ANSWERS + [None]  # three answers and a pass
SCALE = [4, 4, 2, 5]
SORTS = [{"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"},
         {"curfew": "behaviour", "lighting": "ecological", "youth-work": "ecological"},
         {"curfew": "behaviour", "lighting": "depends", "youth-work": "behaviour"}]


@pytest.mark.parametrize("size", [LAPTOP, PROJECTOR, BIG], ids=["80x24", "120x40", "200x60"])
def test_home(snap_compare, snap_app, size) -> None:
    assert snap_compare(snap_app(), terminal_size=size)


def test_pass_the_keyboard(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("open", OPEN[1:2]), terminal_size=LAPTOP, run_before=to_step_screen)


@pytest.mark.parametrize("size", [SMALL, LAPTOP, PROJECTOR, BIG], ids=["60x20", "80x24", "120x40", "200x60"])
def test_turn_open(snap_compare, snap_app, size) -> None:
    assert snap_compare(snap_app("open"), terminal_size=size, run_before=to_turn_screen)


def test_turn_scale(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.begin_turn(pilot)
        await pilot.press("4")

    assert snap_compare(snap_app("scale"), terminal_size=LAPTOP, run_before=run_before)


def test_turn_sort(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.begin_turn(pilot)
        await pilot.press("2")  # first card placed: the second one shows

    assert snap_compare(snap_app("sort"), terminal_size=LAPTOP, run_before=run_before)


@pytest.mark.parametrize("size", [SMALL, LAPTOP, PROJECTOR, BIG], ids=["60x20", "80x24", "120x40", "200x60"])
def test_reveal_open(snap_compare, snap_app, size) -> None:
    assert snap_compare(snap_app("open", OPEN), terminal_size=size, run_before=to_reveal)


def test_reveal_scale(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("scale", SCALE), terminal_size=LAPTOP, run_before=to_reveal)


def test_reveal_sort(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("sort", SORTS), terminal_size=LAPTOP, run_before=to_reveal)


def test_end(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("open", OPEN[:1]), terminal_size=LAPTOP, run_before=to_end)


async def to_board_dialog(pilot) -> None:
    await to_end(pilot)
    await pilot.press("b")
    await kiosk.until(pilot, lambda: kiosk.screen_name(pilot.app) == "PinDialog", "the PIN")
    await kiosk.type_text(pilot, PIN)
    await pilot.press("enter")
    await kiosk.until(pilot, lambda: kiosk.screen_name(pilot.app) == "BoardDialog", "the board dialog")
    await kiosk.type_text(pilot, "Note the plan; agree who leads the precinct work.")
    await pilot.press("tab")
    await kiosk.type_text(pilot, "31/03/2027")
    await pilot.pause()


def test_end_board_dialog(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("open", OPEN[:1]), terminal_size=LAPTOP, run_before=to_board_dialog)


def test_past_session_summary(snap_compare, snap_app) -> None:
    make_past_session(snap_app.sessions_dir)
    assert snap_compare(snap_app(), terminal_size=LAPTOP, run_before=to_past_summary)


def test_turn_standard_theme(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await standard_theme(pilot)
        await to_turn_screen(pilot)

    assert snap_compare(snap_app("open"), terminal_size=LAPTOP, run_before=run_before)


def test_reveal_standard_theme(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await to_reveal(pilot)
        await kiosk.facilitator(pilot, "v")
        assert pilot.app.has_class("-standard")

    assert snap_compare(snap_app("scale", SCALE), terminal_size=LAPTOP, run_before=run_before)


# -- states the participants' fixes added: marks as well as colour, the too-small line, redaction --


def test_turn_single_choice_marked(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.begin_turn(pilot)
        await pilot.press("2")  # chosen, not yet submitted: ▶ (•) and a wrapped long label

    assert snap_compare(snap_app("choice", pack_data=CHOICE_PACK), terminal_size=LAPTOP, run_before=run_before)


def test_turn_multiple_choice_marked(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.next_step(pilot)
        await kiosk.begin_turn(pilot)
        await pilot.press("space", "down", "down", "space", "up")  # two ticked, the cursor between

    assert snap_compare(snap_app("choice", pack_data=CHOICE_PACK), terminal_size=LAPTOP, run_before=run_before)


def test_turn_sort_too_small(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.begin_turn(pilot)

    assert snap_compare(snap_app("sort"), terminal_size=SMALL, run_before=run_before)


def test_redact_dialog(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await to_reveal(pilot)
        await kiosk.facilitator(pilot, "x")
        assert kiosk.screen_name(pilot.app) == "RedactDialog"

    assert snap_compare(snap_app("open", OPEN), terminal_size=LAPTOP, run_before=run_before)


# -- the room can trust it (issue 8): the guard, the form, a round closed by itself, too few to show --


def test_guard_dialog(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.begin_turn(pilot)
        await paste(pilot, "I spoke to Jayden Smith about it; Tom from housing said it lives on Elm Street")
        await pilot.press("enter")
        await kiosk.until(pilot, lambda: kiosk.screen_name(pilot.app) == "GuardDialog", "the guard")

    assert snap_compare(snap_app("open"), terminal_size=LAPTOP, run_before=run_before)


def test_new_session_form_says_a_short_pin_at_once(snap_compare, snap_app, monkeypatch) -> None:
    from workshop.ui.screens import new_session

    found = new_session.discover  # only our own pack in the list: the shipped ones change with their authors
    monkeypatch.setattr(new_session, "discover", lambda folder: [e for e in found(folder) if not e.builtin])

    async def run_before(pilot) -> None:
        await kiosk.until(pilot, lambda: kiosk.screen_name(pilot.app) == "NewSessionScreen", "the form")
        await pilot.press("enter")  # the label, given on the command line
        await kiosk.type_text(pilot, "5")  # people in the room
        await pilot.press("enter")
        await kiosk.type_text(pilot, "12")
        await pilot.press("enter")  # too short: said under the first PIN box, in view
        await kiosk.until(pilot, lambda: "must be 4 to" in kiosk.screen_text(pilot.app), "the PIN message")
        for box in pilot.app.screen.query("Input"):
            box.cursor_blink = False

    app = snap_app(start_pack="snap-pack", start_label=LABEL)
    assert snap_compare(app, terminal_size=LAPTOP, run_before=run_before)


def test_round_closed_by_itself(snap_compare, snap_app) -> None:
    """Three people in the room, three turns (one a pass): the round closed without a PIN."""
    assert snap_compare(snap_app("open", OPEN[1:], room=3), terminal_size=LAPTOP)


def test_reveal_too_few_to_show(snap_compare, snap_app) -> None:
    """One answer and a pass, closed by hand: the reveal shows only that there were too few."""
    async def run_before(pilot) -> None:
        await kiosk.facilitator(pilot, "c")
        await to_reveal(pilot)

    assert snap_compare(snap_app("open", OPEN[:1] + [None]), terminal_size=LAPTOP, run_before=run_before)


# -- a ranking (its own copy of the pack, so the screens above stay as they were) --

CONTEXTS = ["Streets, parks and open spaces", "Buses, trains and stations", "Shops, takeaways and shopping centres",
            "Schools and colleges", "Online spaces and group chats"]
RANK_PACK: dict[str, Any] = {**SNAP_PACK, "sections": SNAP_PACK["sections"][:-1] + [
    {"id": "context", "title": "Where to start", "steps": [
        {"id": "context-first", "kind": "rank", "title": "Which context first?",
         "text": "Put these places in the order they most need to change for young people here to be safer, "
                 "the most urgent first.",
         "notes": "-", "minutes": 3, "options": CONTEXTS},
    ]},
] + SNAP_PACK["sections"][-1:]}
RANKS = [CONTEXTS, CONTEXTS[1:] + CONTEXTS[:1], [CONTEXTS[1], CONTEXTS[0]] + CONTEXTS[2:], None]


def test_turn_rank(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.begin_turn(pilot)
        await pilot.press("down", "down", "1", "down")  # the third option moved to first; the highlight moves on

    assert snap_compare(snap_app("rank", pack_data=RANK_PACK), terminal_size=LAPTOP, run_before=run_before)


def test_reveal_rank(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("rank", RANKS, pack_data=RANK_PACK), terminal_size=LAPTOP, run_before=to_reveal)


# -- a review of the previous session's actions --

REVIEW_SNAP: dict[str, Any] = {**SNAP_PACK, "id": "review-snap", "sections": SNAP_PACK["sections"][:1] + [
    {"id": "review", "title": "Our actions", "steps": [
        {"id": "action-review", "kind": "review", "title": "What happened to our actions?",
         "text": "For each action we agreed last time: is it done, still in progress, or did we drop it?",
         "notes": "-", "minutes": 8},
    ]},
] + SNAP_PACK["sections"][-1:]}
PREVIOUS_ACTIONS = [
    {"action": "Ask licensing to review the off-licence on Mill Road", "level": "org", "lens": "context",
     "measure": "Fewer reports of adults buying alcohol for teenagers"},
    {"action": "Invite a detached youth worker to our next meeting", "level": "team", "lens": "context", "measure": ""},
    {"action": "Read the briefing before the next board", "level": "me", "lens": "unsure", "measure": ""},
]


def test_turn_review(snap_compare, snap_app, monkeypatch) -> None:
    from conftest import fill_session, make_pack

    monkeypatch.setattr(storage, "new_session_id", lambda today=None: "20260601-before")
    earlier = Session.create(snap_app.sessions_dir, make_pack(), LABEL, PIN, today=date(2026, 6, 1))
    try:
        fill_session(earlier, {"actions": PREVIOUS_ACTIONS})
    finally:
        earlier.close()
    monkeypatch.setattr(storage, "new_session_id", lambda today=None: FIXED_ID)

    async def run_before(pilot) -> None:
        await kiosk.begin_turn(pilot)
        await pilot.press("1")  # the first action reviewed: the second one shows

    assert snap_compare(snap_app("review", pack_data=REVIEW_SNAP), terminal_size=LAPTOP, run_before=run_before)


# -- a group step: one answer for the room --

GROUP_SNAP: dict[str, Any] = {**SNAP_PACK, "sections": [
    {**section, "steps": [{**step, "mode": "group"} if step["kind"] == "sort" else step for step in section["steps"]]}
    for section in SNAP_PACK["sections"]
]}
GROUP_SORT = [{"cards": {"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"},
               "disagree": {"lighting": 1, "youth-work": 4}}]


def test_group_step_screen(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("sort", pack_data=GROUP_SNAP), terminal_size=LAPTOP)


def test_turn_group_sort_with_disagreement(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.facilitator(pilot, "m")  # group -> group, counting who disagreed
        await kiosk.facilitator(pilot, "l")
        pilot.app.clear_notifications()
        await kiosk.begin_turn(pilot)
        await pilot.press("2")  # the first card placed: how many disagreed?

    assert snap_compare(snap_app("sort", pack_data=GROUP_SNAP), terminal_size=LAPTOP, run_before=run_before)


def test_reveal_group_sort(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("sort", GROUP_SORT, pack_data=GROUP_SNAP), terminal_size=LAPTOP, run_before=to_reveal)


# -- action points: up to one per level in a turn, with owners and by-whens (issue 12) --

ACTIONS_SNAP: dict[str, Any] = {**SNAP_PACK, "id": "actions-snap", "sections": SNAP_PACK["sections"][:1] + [
    {"id": "plan", "title": "Action points", "steps": [
        {"id": "action-points", "kind": "actions", "title": "What will we do differently?",
         "text": "Add actions at up to three levels: for yourself, for your team or meeting, and for your wider "
                 "organisation. Tag each with what it changes.",
         "notes": "-", "minutes": 7},
    ]},
] + SNAP_PACK["sections"][-1:]}
ACTION_TURNS = [
    {"actions": [
        {"action": "Read the briefing before the next board", "level": "me", "lens": "unsure", "by_when": "next week"},
        {"action": "Ask licensing to review the off-licence on Mill Road", "level": "org", "lens": "context",
         "measure": "Fewer reports of adults buying alcohol for teenagers", "owner": "Licensing lead",
         "by_when": "by the March board"},
    ]},
    {"action": "Invite a detached youth worker to our next meeting", "level": "team", "lens": "context"},
    {"actions": [{"action": "Walk the estate with the wardens", "level": "team", "lens": "context",
                  "owner": "Community safety lead"}]},
]


def test_turn_actions(snap_compare, snap_app) -> None:
    async def run_before(pilot) -> None:
        await kiosk.begin_turn(pilot)
        await kiosk.type_action(pilot, "Read the briefing before the next board", 1, 3, "", "", "next week")
        await pilot.press("1")  # add another: Myself is used, so the levels left are offered
        await kiosk.until(pilot, lambda: pilot.app.focused is not None and pilot.app.focused.id == "action", "action 2")
        await kiosk.type_text(pilot, "Ask licensing to review the off-licence")
        await pilot.press("enter")  # on to the level
        for field in pilot.app.screen.query("Input"):
            field.cursor_blink = False

    assert snap_compare(snap_app("actions", pack_data=ACTIONS_SNAP), terminal_size=LAPTOP, run_before=run_before)


def test_reveal_actions(snap_compare, snap_app) -> None:
    assert snap_compare(snap_app("actions", ACTION_TURNS, pack_data=ACTIONS_SNAP), terminal_size=LAPTOP,
                        run_before=to_reveal)
