"""The phone forms for a ranking and a review of the previous actions, through the phone server's own
handlers and real HTTP clients, against real session files on disk: what the form offers a phone's
screen reader, what it stores, and the page that says what to change when the places are not 1 to n."""

from __future__ import annotations

import json
import re
from datetime import date
from pathlib import Path

import pytest
from conftest import LABEL, PIN, make_pack
from test_review import ACTION_TEXTS, REVIEW_PACK, finished_session

from phones import Phone, form_token, serve, visible_text
from workshop.session import Session
from workshop.web.server import PhoneServer, RateLimit

pytestmark = pytest.mark.asyncio
RANK = ["The park", "The bus station", "The school gates", "Online"]  # conftest's rank step, in pack order


def stored(session: Session) -> list[dict]:
    return list(json.loads(session.path.read_text()).get("answers", {}).values())


class Room:
    """A session at one step, the phone server in front of it, and phones made on demand."""

    def __init__(self, session: Session):
        self.session = session
        self.server = PhoneServer(session, rate_limit=RateLimit(burst=1000, per_second=1000))
        self.phones: list[Phone] = []

    async def __aenter__(self) -> Room:
        self.test_server = await serve(self.server)
        return self

    def phone(self) -> Phone:
        p = Phone(str(self.test_server.make_url("/")), self.server)
        self.phones.append(p)
        return p

    async def __aexit__(self, *exc) -> None:
        for p in self.phones:
            await p.close()
        await self.test_server.close()
        await self.server.stop()
        self.session.close()


def at_kind(session: Session, kind: str) -> Session:
    while session.step.kind != kind:
        assert session.next_step()
    return session


def selected(page: str) -> list[str]:
    """The place each option's select shows, in the pack's order ("" for "Choose a place")."""
    shown = []
    for index in range(len(RANK)):
        select = page.split(f'<select id="place-{index}"')[1].split("</select>")[0]
        shown.append([value for value, rest in re.findall(r'<option value="(\d*)"([^>]*)>', select) if "selected" in rest])
    assert all(len(s) == 1 for s in shown), shown  # exactly one choice shown in each
    return [s[0] for s in shown]


def places(*chosen: int | str) -> dict[str, str]:
    """The rank form's fields: the place chosen for each option, in the pack's order ("" none)."""
    return {f"place-{index}": str(place) for index, place in enumerate(chosen)}


# --- rank -------------------------------------------------------------------------------------------------


async def test_a_ranking_from_a_phone_is_stored_as_the_kiosk_stores_it(sessions_dir: Path) -> None:
    async with Room(at_kind(Session.create(sessions_dir, make_pack(), "North", PIN), "rank")) as room:
        p = room.phone()
        status, page = await p.get("/")
        assert status == 200 and "answered at the laptop's keyboard" not in page
        for index, option in enumerate(RANK):  # each option labels its own place select
            assert f'<label for="place-{index}">{option}</label>' in page
            assert f'<select id="place-{index}" name="place-{index}"' in page
        assert page.count('<option value="4"') == len(RANK) and 'value="5"' not in page
        assert selected(page) == [""] * len(RANK)  # nothing chosen for anyone yet
        status, page = await p.answer(places(2, 1, 4, 3))
        assert status == 200 and "Thank you" in visible_text(page)
        [doc] = stored(room.session)
        assert doc["answer"] == {"ranking": ["The bus station", "The park", "Online", "The school gates"]}
        kiosk_doc = room.session.submit(["The bus station", "The park", "Online", "The school gates"])
        assert {k: v for k, v in kiosk_doc.items()} == doc  # the same document a kiosk turn makes


async def test_one_option_left_without_a_place_takes_the_place_left_over(sessions_dir: Path) -> None:
    async with Room(at_kind(Session.create(sessions_dir, make_pack(), "North", PIN), "rank")) as room:
        status, page = await room.phone().answer(places(3, "", 1, 2))
        assert "Thank you" in visible_text(page)
        assert [d["answer"]["ranking"] for d in stored(room.session)] == [["The school gates", "Online", "The park",
                                                                           "The bus station"]]


@pytest.mark.parametrize("chosen, says", [
    ((1, 1, 3, 4), "place 1 is given to The park and The bus station; place 2 is not given"),
    ((1, "", "", 4), "The bus station and The school gates have no place; places 2 and 3 are not given"),
    ((2, 2, 2, 2), "place 2 is given to The park, The bus station, The school gates and Online; "
                   "places 1, 3 and 4 are not given"),
    (("", "", "", ""), "The park, The bus station, The school gates and Online have no place"),
    ((1, 2, 9, "x"), "The school gates and Online have no place"),  # out of range and not numbers: no place
])
async def test_places_that_are_not_1_to_n_each_once_come_back_saying_what_to_change(
        sessions_dir: Path, chosen, says) -> None:
    async with Room(at_kind(Session.create(sessions_dir, make_pack(), "North", PIN), "rank")) as room:
        p = room.phone()
        status, page = await p.answer(places(*chosen))
        assert status == 422
        text = visible_text(page)
        assert "Not saved yet: give each option its own place, 1 to 4" in text and says in text, text
        assert 'role="alert"' in page and "Traceback" not in page
        assert selected(page) == [str(p) if str(p) in {"1", "2", "3", "4"} else "" for p in chosen]  # kept, to put right
        assert stored(room.session) == []
        assert room.server.answered == set()  # not counted: this phone can still answer
        status, page = await p.post("/answer", {"form": form_token(page), **places(4, 3, 2, 1)})
        assert "Thank you" in visible_text(page)
        assert [d["answer"]["ranking"] for d in stored(room.session)] == [list(reversed(RANK))]


async def test_a_pass_at_a_ranking_needs_no_places(sessions_dir: Path) -> None:
    async with Room(at_kind(Session.create(sessions_dir, make_pack(), "North", PIN), "rank")) as room:
        p = room.phone()
        status, page = await p.get("/")
        status, page = await p.post("/answer", {"form": form_token(page), "pass": "1", **places(1, 1, 1, 1)})
        assert "Thank you" in visible_text(page)
        assert [d.get("passed") for d in stored(room.session)] == [True]


# --- review -----------------------------------------------------------------------------------------------


def review_session(sessions_dir: Path) -> Session:
    """A real first session with its action plan on disk, then the review session of the same group."""
    finished_session(sessions_dir, LABEL, date(2026, 6, 1))
    session = Session.create(sessions_dir, make_pack(REVIEW_PACK), LABEL, PIN, today=date(2026, 9, 1))
    return at_kind(session, "review")


async def test_a_review_from_a_phone_asks_action_by_action_and_stores_what_the_kiosk_stores(sessions_dir: Path) -> None:
    async with Room(review_session(sessions_dir)) as room:
        step = room.session.step
        a1, a2, a3, a4 = (c.id for c in step.cards)
        p = room.phone()
        status, page = await p.get("/")
        text = visible_text(page)
        assert "answered at the laptop's keyboard" not in page
        assert "4 actions from the group's session of 2026-06-01" in text
        assert f"Action 1 of 4 {step.cards[0].text}" in text
        assert all(label in text for label in ("Done", "In progress", "Dropped", "Skip this action"))
        assert "Next action" in text and "Back one action" not in text
        token = form_token(page)
        status, page = await p.post("/answer", {"form": token, "at": "0", f"card-{a1}": "done", "go": "next"})
        text = visible_text(page)
        assert f"Action 2 of 4 {step.cards[1].text}" in text and "1 of 4 actions answered so far" in text
        assert "2026-06-01" not in text  # the introduction is on the first page only
        status, page = await p.post("/answer", {"form": token, "at": "1", f"card-{a1}": "done", f"card-{a2}": "dropped",
                                                 "go": "back"})
        assert "Action 1 of 4" in visible_text(page) and 'value="done" checked' in page
        for at in (1, 2):
            status, page = await p.post("/answer", {"form": token, "at": str(at), f"card-{a1}": "done",
                                                     f"card-{a2}": "dropped", "go": "next"})
        assert "Action 4 of 4" in visible_text(page) and "Send my review" in page
        assert stored(room.session) == []  # nothing is kept until the last action
        status, page = await p.post("/answer", {"form": token, "at": "3", f"card-{a1}": "done", f"card-{a2}": "dropped",
                                                 f"card-{a4}": "progress", "go": "send"})
        assert "Thank you" in visible_text(page)
        [doc] = stored(room.session)
        assert doc["answer"] == {"cards": {a1: "done", a2: "dropped", a4: "progress"}}
        assert doc == room.session.submit({a1: "done", a2: "dropped", a4: "progress"})  # a kiosk turn, byte for byte
        assert ACTION_TEXTS[0] in [c.text for c in step.cards]


async def test_a_review_with_every_action_skipped_says_so_and_keeps_the_phone_able_to_answer(sessions_dir: Path) -> None:
    async with Room(review_session(sessions_dir)) as room:
        p = room.phone()
        last = len(room.session.step.cards) - 1
        status, page = await p.get("/")
        status, page = await p.post("/answer", {"form": form_token(page), "at": str(last), "go": "send"})
        assert status == 422
        assert "Not saved yet: say what happened to at least one action, or pass." in visible_text(page)
        assert stored(room.session) == [] and room.server.answered == set()
