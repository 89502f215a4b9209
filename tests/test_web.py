"""The phone server's handlers, in-process through aiohttp's own test server and real HTTP clients,
against a real session file on disk: joining, answering every kind, the guard, and every refusal."""

from __future__ import annotations

import json
import logging
from pathlib import Path

import aiohttp
import pytest
from conftest import PIN, make_pack

from phones import Phone, form_token, serve, visible_text
from workshop.session import Session
from workshop.web.server import CODE_TRIES, MAX_BODY, PhoneServer, RateLimit

pytestmark = pytest.mark.asyncio
ANSWER_KEYS = {"step", "round", "kind", "answer", "passed", "redacted"}


def stored(session: Session) -> list[dict]:
    return list(json.loads(session.path.read_text()).get("answers", {}).values())


def at_kind(session: Session, kind: str) -> Session:
    while session.step.kind != kind:
        assert session.next_step()
    return session


def reveal_one_answer(session: Session) -> None:
    """Show a round of one phone's answer: closed first, since a round still taking answers waits for
    the pack's min_answers (3) before it is shown; a closed round's reveal shows only that there were too few."""
    session.close_round()
    session.reveal()


@pytest.fixture
async def room(sessions_dir: Path):
    """A running session at its open question, the phone server in front of it, and a way to make phones."""
    session = Session.create(sessions_dir, make_pack(), "North", PIN)
    at_kind(session, "open")
    server = PhoneServer(session, rate_limit=RateLimit(burst=1000, per_second=1000))
    test_server = await serve(server)
    phones: list[Phone] = []

    def phone() -> Phone:
        p = Phone(str(test_server.make_url("/")), server)
        phones.append(p)
        return p

    yield session, server, phone, test_server
    for p in phones:
        await p.close()
    await test_server.close()
    await server.stop()
    session.close()


# --- joining ------------------------------------------------------------------------------------------


async def test_without_the_join_token_nothing_is_served(room) -> None:
    session, server, phone, test_server = room
    p = phone()
    for path in ("/j/", "/j/AAAAAAAAAAAAAAAAAAAAAAAAAA/", "/j/AAAAAAAAAAAAAAAAAAAAAAAAAA/state", "/favicon.ico",
                 "/static/phone.css", "/j/" + server.join_token + "/static/phone.js", "/j/" + server.join_token[:-1] + "/", "/robots.txt"):
        status, body = await p.get(p.base + path)
        assert status == 404, path
        assert body == "Not found"
        assert session.step.title not in body
    assert len(server.join_token) == 26  # 128 random bits in base32


async def test_the_join_link_shows_the_open_question(room) -> None:
    session, server, phone, _ = room
    status, page = await phone().get("/")
    assert status == 200
    text = visible_text(page)
    assert session.step.title in text and session.step.text in text
    assert 'maxlength="2000"' in page and "0 / 2000" in text  # the kiosk's cap and counter
    assert '<main id="main"' in page and "<h1>" in page and '<label for="text">' in page


async def test_the_qr_link_in_capitals_leads_to_the_question(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.get(p.base + f"/J/{server.join_token}/")
    assert status == 200 and session.step.title in page


async def test_the_join_code_leads_in_and_closes_after_too_many_wrong_tries(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.get(p.base + "/")
    assert status == 200 and session.step.title not in page and server.join_token not in page
    status, page = await p.post(p.base + "/", {"code": server.join_code.lower()[:3] + " " + server.join_code[3:]})
    assert status == 200 and session.step.title in page
    wrong = "Q" * 6 if server.join_code != "Q" * 6 else "R" * 6
    for _ in range(CODE_TRIES - 1):
        status, page = await p.post(p.base + "/", {"code": wrong})
        assert status == 400 and "does not match" in page
    status, _ = await p.post(p.base + "/", {"code": wrong})
    assert status == 404
    status, _ = await p.post(p.base + "/", {"code": server.join_code})  # closed for good, even to the right code
    assert status == 404
    assert not server.code_open


# --- answering ------------------------------------------------------------------------------------------


async def test_an_answer_and_a_pass_get_the_same_thank_you(room) -> None:
    session, server, phone, _ = room
    a, b = phone(), phone()
    status, page_a = await a.answer({"text": "Safer parks for everyone"})
    assert status == 200 and "Thank you" in page_a
    status, page = await b.get("/")
    status, page_b = await b.post("/answer", {"form": form_token(page), "pass": "1"})
    assert status == 200
    assert visible_text(page_a) == visible_text(page_b)
    docs = stored(session)
    assert sorted(bool(d.get("passed")) for d in docs) == [False, True]
    assert [d["answer"] for d in docs if not d.get("passed")] == [{"text": "Safer parks for everyone"}]
    assert session.turns_taken() == 2


async def test_every_step_kind_from_a_phone(room) -> None:
    session, server, phone, _ = room
    session.previous_step()
    at_kind(session, "sort")
    p = phone()
    # Sort, card by card: each card is a page of its own; Back goes back a card.
    status, page = await p.get("/")
    assert "Card 1 of 3" in visible_text(page)
    token = form_token(page)
    status, page = await p.post("/answer", {"form": token, "at": "0", "card-curfew": "behaviour", "go": "next"})
    assert "Card 2 of 3" in visible_text(page) and "1 of 3 cards placed" in visible_text(page)
    status, page = await p.post("/answer", {"form": token, "at": "1", "card-curfew": "behaviour", "go": "back"})
    assert "Card 1 of 3" in visible_text(page) and 'value="behaviour" checked' in page
    status, page = await p.post("/answer", {"form": token, "at": "1", "card-curfew": "behaviour",
                                             "card-lighting": "ecological", "go": "next"})
    assert "Card 3 of 3" in visible_text(page) and "Send my sorting" in page
    assert stored(session) == []  # nothing is kept until the last card
    status, page = await p.post("/answer", {"form": token, "at": "2", "card-curfew": "behaviour",
                                             "card-lighting": "ecological", "card-youth-work": "", "go": "send"})
    assert "Thank you" in page
    assert stored(session)[0]["answer"] == {"cards": {"curfew": "behaviour", "lighting": "ecological"}}

    reveal_one_answer(session)
    session.next_step()
    at_kind(session, "scale")
    status, page = await p.answer({"value": "0"})  # out of range: refused, with the kiosk's own words
    assert status == 422 and "choose a number from 1 to 5" in page
    status, page = await p.answer({"value": "4"})
    assert "Thank you" in page

    reveal_one_answer(session)
    session.next_step()
    at_kind(session, "choice")
    status, page = await p.answer([("choice", "Shop staff"), ("choice", "Bus drivers"), ("choice", "Nobody")])
    assert "Thank you" in page

    reveal_one_answer(session)
    session.next_step()
    at_kind(session, "actions")
    status, page = await p.answer({"action-team": "", "lens-team": "context"})
    assert status == 422 and "write the action first" in page
    status, page = await p.answer({"action-team": "Invite a detached youth worker", "lens-team": "context",
                                   "measure-team": "They came"})
    assert "Thank you" in page
    answers = {d["step"]: d["answer"] for d in stored(session)}
    assert answers["confidence"] == {"value": 4}
    assert answers["missing"] == {"choices": ["Bus drivers", "Shop staff"]}
    assert answers["actions"] == {"actions": [{"action": "Invite a detached youth worker", "level": "team",
                                               "lens": "context", "measure": "They came", "owner": "", "by_when": ""}]}


async def test_the_personal_data_guard_shows_what_it_found_then_saves_only_on_purpose(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.answer({"text": "Ask jo@example.org about the <b>park</b>"})
    assert status == 200 and stored(session) == []
    assert "<mark>jo@example.org</mark>" in page
    assert "&lt;b&gt;park&lt;/b&gt;" in page  # the answer is shown as text, never as markup
    assert "email" in visible_text(page)
    assert ">Ask jo@example.org about the &lt;b&gt;park&lt;/b&gt;</textarea>" in page  # kept for editing
    # Editing it out and checking again saves at once; saving as it is needs the deliberate button.
    status, page = await p.post("/answer", {"form": form_token(page), "text": "Ask the park warden", "check": "1"})
    assert "Thank you" in page
    q = phone()
    status, page = await q.answer({"text": "Call 07700 900123"})
    assert stored(session)[0]["answer"] == {"text": "Ask the park warden"}
    status, page = await q.post("/answer", {"form": form_token(page), "text": "Call 07700 900123", "anyway": "1"})
    assert "Thank you" in page
    assert sorted(d["answer"]["text"] for d in stored(session)) == ["Ask the park warden", "Call 07700 900123"]


async def test_the_page_follows_the_round(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.get("/")
    state = json.loads((await p.get("/state"))[1])["state"]
    assert f'data-state="{state}"' in page
    session.close_round()
    status, page = await p.get("/")
    assert "Waiting for the next question" in visible_text(page)
    assert json.loads((await p.get("/state"))[1])["state"] != state
    session.finish()
    status, page = await p.get("/")
    assert "The session has ended" in page


# --- group steps: the room answers together at the kiosk ------------------------------------------------


def to_group(session: Session) -> Session:
    """The facilitator's switch (F2 m at the kiosk): the current step takes one answer for the room."""
    session.switch_mode()
    assert session.is_group()
    return session


async def test_a_group_step_sends_phones_to_the_shared_screen_without_a_form(room) -> None:
    session, server, phone, _ = room
    to_group(session)
    status, page = await phone().get("/")
    assert status == 200
    text = visible_text(page)
    assert "answers this one together" in text and "shared screen" in text
    assert session.step.title in text and session.step.text in text  # what the room is talking about
    assert "<form" not in page and 'name="form"' not in page and "Pass on this question" not in text


async def test_an_answer_posted_at_a_group_step_is_refused_and_nothing_is_stored(room) -> None:
    session, server, phone, _ = room
    p = phone()
    await p.get("/")  # the phone's cookie
    to_group(session)
    for fields in ({"text": "Fix the lighting"}, {"pass": "1"}):
        status, page = await p.post("/answer", {"form": server.form_token, **fields})  # the current round's token
        assert status == 409, page
        assert "together" in visible_text(page) and "shared screen" in visible_text(page)
    assert stored(session) == [] and server.answered == set()
    assert session.can_switch_mode()  # nothing stored: the facilitator can still switch it back


async def test_switching_a_group_step_back_gives_phones_the_form_again(room) -> None:
    session, server, phone, _ = room
    to_group(session)
    p = phone()
    assert "<form" not in (await p.get("/"))[1]
    assert session.switch_mode() == "individual turns"
    status, page = await p.answer({"text": "Fix the lighting"})
    assert status == 200 and "Thank you" in page
    assert [d["answer"]["text"] for d in stored(session)] == ["Fix the lighting"]


async def test_the_group_page_follows_the_session_live(room) -> None:
    session, server, phone, _ = room
    p = phone()
    individual = json.loads((await p.get("/state"))[1])["state"]
    to_group(session)
    status, page = await p.get("/")
    group = json.loads((await p.get("/state"))[1])["state"]
    assert group != individual  # a form left open on a phone reloads into the group page
    assert f'data-state="{group}"' in page and "<script>" in page
    session.close_round()
    assert json.loads((await p.get("/state"))[1])["state"] != group
    assert "Waiting for the next question" in visible_text((await p.get("/"))[1])


async def test_the_remote_steers_a_group_step(room) -> None:
    session, server, phone, _ = room
    remote = phone()
    await pair(server, remote)
    to_group(session)
    session.submit("The room's answer: fix the lighting")  # typed at the kiosk by whoever the room picked
    page = (await remote.get("/remote"))[1]
    assert "Close the round" in page
    await control(remote, "close")
    assert session.phase == "closed"
    await control(remote, "reveal")
    assert session.phase == "revealed"
    await control(remote, "next")
    assert session.step.id != "aim"


# --- refusals -------------------------------------------------------------------------------------------


async def test_one_answer_per_phone_per_round_and_forgotten_when_the_round_ends(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.get("/")
    token = form_token(page)
    await p.post("/answer", {"form": token, "text": "First"})
    status, page = await p.post("/answer", {"form": token, "text": "Second"})
    assert status == 409 and "already answered" in page
    status, page = await p.get("/")
    assert "Thank you" in page and 'name="text"' not in page
    assert len(stored(session)) == 1 and len(server.answered) == 1
    reveal_one_answer(session)
    assert server.answered == set()  # the round is over: who answered is forgotten
    session.new_round()
    status, page = await p.answer({"text": "Round two"})
    assert "Thank you" in page
    assert sorted(d["round"] for d in stored(session)) == [1, 2]


async def test_answers_to_a_closed_round_or_an_old_form_are_refused(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.get("/")
    token = form_token(page)
    session.close_round()
    status, page = await p.post("/answer", {"form": token, "text": "Too late"})
    assert status == 409 and "This round is closed" in page
    session.reveal()
    session.new_round()
    status, page = await p.post("/answer", {"form": token, "text": "From the old page"})
    assert status == 409 and "moved on" in page
    status, page = await p.post("/answer", {"text": "No form token"})
    assert status == 409
    assert stored(session) == []


async def test_cross_origin_posts_are_refused(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.get("/")
    token = form_token(page)
    status, page = await p.post("/answer", {"form": token, "text": "x"}, origin="http://evil.example")
    assert status == 403 and "another web page" in page
    status, page = await p.post("/answer", {"form": token, "text": "x"}, origin=None,
                                headers={"Referer": "http://evil.example/j/"})
    assert status == 403
    status, page = await p.post("/answer", {"form": token, "text": "x"}, origin="null")
    assert status == 403
    assert stored(session) == []


async def test_an_oversized_body_is_refused(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.get("/")
    status, page = await p.post("/answer", {"form": form_token(page), "text": "x" * (MAX_BODY + 1)})
    assert status == 413 and "shorter" in page
    assert stored(session) == []


async def test_a_phone_without_its_cookie_is_refused(room) -> None:
    session, server, phone, test_server = room
    p = phone()
    status, page = await p.get("/")
    p.http.cookie_jar.clear()
    status, page = await p.post("/answer", {"form": form_token(page), "text": "x"})
    assert status == 400 and "cookie" in page
    assert stored(session) == []


async def test_a_made_up_cookie_is_no_phone(room) -> None:
    session, server, phone, _ = room
    p = phone()
    status, page = await p.get("/")
    token = form_token(page)
    for forged in ("ABCDEFGHJKMNPQRSTUVWXYZ234", "ABCDEFGHJKMNPQRSTUVWXYZ234.0123456789abcdef0123456789abcdef"):
        p.http.cookie_jar.clear()
        status, page = await p.post("/answer", {"form": token, "text": "x"}, headers={"Cookie": f"hs_phone={forged}"})
        assert status == 400, forged  # one answer per phone cannot be dodged by inventing phones
    assert stored(session) == []


async def test_fresh_cookies_in_a_loop_are_slowed_down_too(sessions_dir: Path) -> None:
    now = [0.0]
    session = at_kind(Session.create(sessions_dir, make_pack(), "North", PIN), "open")
    server = PhoneServer(session, rate_limit=RateLimit(burst=1000, per_second=1000, clock=lambda: now[0]))
    test_server = await serve(server)
    try:
        statuses = []
        for _ in range(130):  # a new phone each time: each first visit has no cookie
            p = Phone(str(test_server.make_url("/")), server)
            statuses.append((await p.get("/"))[0])
            await p.close()
        assert statuses.count(200) == 120 and statuses[-1] == 429  # the joining bucket, shared by all
    finally:
        await test_server.close()
        await server.stop()
        session.close()


async def test_a_flood_is_refused(sessions_dir: Path) -> None:
    now = [0.0]
    session = at_kind(Session.create(sessions_dir, make_pack(), "North", PIN), "open")
    server = PhoneServer(session, rate_limit=RateLimit(burst=5, per_second=1, clock=lambda: now[0]))
    test_server = await serve(server)
    p = Phone(str(test_server.make_url("/")), server)
    other = Phone(str(test_server.make_url("/")), server)
    try:
        await p.get("/")  # the phone gets its cookie
        statuses = [(await p.get("/state"))[0] for _ in range(10)]
        assert statuses[:5] == [200] * 5 and set(statuses[5:]) == {429}  # its cookie keys the bucket
        assert "Too many requests" in p.last
        assert (await other.get("/"))[0] == 200  # another phone is not held up
        now[0] += 3  # the bucket refills with time
        assert [(await p.get("/state"))[0] for _ in range(4)] == [200, 200, 200, 429]
    finally:
        await p.close()
        await other.close()
        await test_server.close()
        await server.stop()
        session.close()


# --- the real server ------------------------------------------------------------------------------------


async def test_listens_on_the_chosen_address_without_an_access_log_and_stops(sessions_dir: Path, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    session = at_kind(Session.create(sessions_dir, make_pack(), "North", PIN), "open")
    server = PhoneServer(session, host="127.0.0.1", port=0)
    await server.start()
    try:
        assert server.port and server.url.startswith(f"http://127.0.0.1:{server.port}/j/{server.join_token}/")
        phone = Phone(server.base_url, server)
        try:
            status, page = await phone.answer({"text": "From a real socket"})
            assert "Thank you" in page
        finally:
            await phone.close()
        assert not [r for r in caplog.records if r.name.startswith("aiohttp.access")]
        assert "127.0.0.1" not in caplog.text
        url, old_token = server.url, server.join_token
    finally:
        await server.stop()
    async with aiohttp.ClientSession() as http:
        with pytest.raises(aiohttp.ClientConnectionError):
            await http.get(url)
    again = PhoneServer(session, host="127.0.0.1", port=0)
    assert again.join_token != old_token and again.join_code  # new tokens every time phones are turned on
    await again.stop()
    session.close()


async def test_phone_answers_are_stored_as_kiosk_turns_are(room) -> None:
    """The kiosk's anonymity test for phone answers: nothing in the file says a phone sent it, or which."""
    session, server, phone, _ = room
    turns = 8
    for _ in range(turns):
        await phone().answer({"text": "the same words"})
    session.submit("the same words")  # and one kiosk turn
    raw = session.path.read_text()
    docs = stored(session)
    assert len(docs) == turns + 1
    for doc in docs:
        assert set(doc) <= ANSWER_KEYS
    assert len({json.dumps(d, sort_keys=True) for d in docs}) == 1  # a phone's answer is the kiosk's, byte for byte
    for cookie in [c.value for p in [phone()] for c in p.http.cookie_jar] + [server.join_token, server.form_token]:
        assert cookie not in raw
    for word in ("phone", "device", "127.0.0.1", "http", "cookie", "time"):
        assert word not in raw.lower().replace(session.pack.title.lower(), "")


async def test_phone_answer_order_on_disk_says_nothing_about_who_answered_first(room) -> None:
    session, server, phone, _ = room
    rounds, per_round = 60, 6
    phones = [phone() for _ in range(per_round)]
    correlations = []
    for r in range(rounds):
        for index, p in enumerate(phones):
            await p.answer({"text": f"answer {index}"})
        data = json.loads(session.path.read_bytes())
        order = [int(a["answer"]["text"].split()[-1]) for a in data["answers"].values() if a["round"] == session.round]
        n = len(order)
        assert sorted(order) == list(range(per_round))
        correlations.append(1 - 6 * sum((order.index(t) - t) ** 2 for t in range(n)) / (n * (n * n - 1)))
        session.reveal()
        session.new_round()
    mean = sum(correlations) / rounds
    print(f"\nphone answers: mean Spearman rho between answer order and file order over {rounds} rounds: {mean:+.3f}")
    assert abs(mean) < 0.2  # a random order averages 0 (standard error about 0.058 here)


# --- the facilitator's remote ---------------------------------------------------------------------------


async def pair(server: PhoneServer, p: Phone) -> str:
    link = server.start_pairing()
    status, page = await p.get(link.replace(server.base_url.upper(), p.base))
    assert status == 200 and "Facilitator remote" in page, page
    return page


async def control(p: Phone, action: str, **fields: str) -> tuple[int, str]:
    status, page = await p.get("/remote")
    return await p.post("/remote", {"form": form_token(page), "action": action, **fields})


async def test_the_remote_pairs_once_and_steers_a_round(room) -> None:
    session, server, phone, _ = room
    remote, participant, stranger = phone(), phone(), phone()
    status, _ = await remote.get("/remote")
    assert status == 404  # nothing to see before pairing
    page = await pair(server, remote)
    assert server.paired
    assert session.step.notes in visible_text(page) or not session.step.notes.strip("-")
    link = server.start_pairing()
    await pair(server, stranger)  # a new code pairs a new phone and the old one is no longer the remote...
    status, page = await stranger.get(link.replace(server.base_url.upper(), stranger.base))
    assert status == 404 and "used" in page  # ... and a used code never works again
    status, _ = await remote.get("/remote")
    assert status == 404
    page = await pair(server, remote)

    await participant.answer({"text": "Fix the lighting"})
    assert "1 turn taken" in visible_text((await remote.get("/remote"))[1])
    await control(remote, "close")
    assert session.phase == "closed"
    await control(remote, "reveal")
    assert session.phase == "revealed"
    status, page = await control(remote, "note", note="We split on it.")
    assert "Notes saved" in page and session.note(session.step.id) == "We split on it."
    status, page = await control(remote, "redact", answer="0")
    assert "Redact this answer?" in page and not any(d.get("redacted") for d in stored(session))
    status, page = await remote.post("/remote", {"form": form_token(page), "action": "redact", "answer": "0", "confirm": "yes"})
    assert [d.get("redacted") for d in stored(session)] == [True]
    step = session.step.id
    await control(remote, "next")
    assert session.step.id != step
    await control(remote, "back")
    assert session.step.id == step
    status, page = await control(remote, "end")
    assert "End the session now?" in page and not session.finished
    await remote.post("/remote", {"form": form_token(page), "action": "end", "confirm": "yes"})
    assert session.finished

    status, page = await participant.post("/remote", {"form": server.remote_form, "action": "reveal"})
    assert status == 404  # a participant's phone is not the remote, whatever it posts


async def test_the_remote_reveal_waits_for_the_packs_minimum_as_the_kiosk_does(room) -> None:
    session, server, phone, _ = room
    remote, participant = phone(), phone()
    await pair(server, remote)
    await participant.answer({"text": "Fix the lighting"})
    status, page = await control(remote, "reveal")
    assert status == 200 and "The reveal waits" in visible_text(page) and "at least 3 answers" in visible_text(page)
    assert session.phase == "answering"  # nothing shown, the round still takes turns
    for text in ("More youth work", "Talk to the bus company"):
        await phone().answer({"text": text})
    await control(remote, "reveal")
    assert session.phase == "revealed"


async def test_unpairing_forgets_the_remote(room) -> None:
    session, server, phone, _ = room
    remote = phone()
    await pair(server, remote)
    status, page = await remote.get("/remote")
    server.unpair()
    assert not server.paired
    status, _ = await remote.post("/remote", {"form": form_token(page), "action": "close"})
    assert status == 404 and session.phase == "answering"


async def test_remote_controls_refuse_old_pages_and_other_origins(room) -> None:
    session, server, phone, _ = room
    remote = phone()
    await pair(server, remote)
    status, page = await remote.post("/remote", {"form": "WRONG", "action": "close"})
    assert status == 409
    status, page = await remote.get("/remote")
    status, page = await remote.post("/remote", {"form": form_token(page), "action": "close"}, origin="http://evil.example")
    assert status == 403
    assert session.phase == "answering"


# --- action points: up to three on one page, one fieldset a level (issue 12) ----------------------------


async def test_a_phone_adds_an_action_per_level_on_one_page_blank_levels_ignored(room) -> None:
    session, server, phone, _ = room
    at_kind(session, "actions")
    p = phone()
    status, page = await p.get("/")
    form = page[page.index('class="answer"'):page.index("</form>")]
    assert status == 200 and "<script" not in form  # plain form fields: it works without JavaScript
    for level in ("me", "team", "org"):
        assert f'name="action-{level}"' in page and f'name="owner-{level}"' in page and f'name="by_when-{level}"' in page
    assert page.count("<legend>Myself</legend>") == 1 and "<legend>My wider organisation</legend>" in page
    from workshop.kinds.actions import BY_WHEN_LIMIT, OWNER_LIMIT

    assert f'name="owner-me" maxlength="{OWNER_LIMIT}"' in page and f'name="by_when-me" maxlength="{BY_WHEN_LIMIT}"' in page

    # A name as owner: refused in the kiosk's words, nothing kept, and what was typed comes back.
    fields = {"action-me": "Read the briefing", "lens-me": "unsure", "by_when-me": "next week",
              "action-org": "Ask licensing for a test purchase", "lens-org": "context",
              "measure-org": "No sales to under-18s", "owner-org": "Priya Shah", "by_when-org": "by the March board",
              "action-team": "", "lens-team": "behaviour", "measure-team": " "}  # a blank level (a lens alone)
    status, page = await p.answer(fields)
    assert status == 422 and stored(session) == []
    text = visible_text(page)
    assert "the action for My wider organisation: the owner \u201cPriya Shah\u201d looks like a person" in text
    assert "write a role or an agency instead" in text
    assert ">Ask licensing for a test purchase</textarea>" in page and 'value="by the March board"' in page
    assert 'name="lens-org" value="context" checked' in page

    status, page = await p.answer({**fields, "owner-org": "Licensing lead"})
    assert "Thank you" in page
    [doc] = stored(session)
    assert doc["answer"] == {"actions": [
        {"action": "Read the briefing", "level": "me", "lens": "unsure", "measure": "", "owner": "", "by_when": "next week"},
        {"action": "Ask licensing for a test purchase", "level": "org", "lens": "context",
         "measure": "No sales to under-18s", "owner": "Licensing lead", "by_when": "by the March board"},
    ]}
    assert session.turns_taken() == 1  # one phone, one answer, two actions


async def test_the_phone_form_takes_actions_through_the_same_guard(room) -> None:
    session, server, phone, _ = room
    at_kind(session, "actions")
    p = phone()
    fields = {"action-team": "Ask jo@example.org to walk the park", "lens-team": "context"}
    status, page = await p.answer(fields)
    assert status == 200 and stored(session) == []
    assert "Your answer may contain an email address" in visible_text(page) and "<mark>jo@example.org</mark>" in page
    assert ">Ask jo@example.org to walk the park</textarea>" in page  # back in its fieldset to edit
    status, page = await p.answer({"action-team": "One", "lens-team": "context", "action-me": "Two"})
    assert status == 422 and "the action for Myself: choose a lens" in visible_text(page)
    status, page = await p.answer(fields, anyway=True)
    assert "Thank you" in page and len(stored(session)) == 1


async def test_the_remote_redacts_a_whole_action_turn(room) -> None:
    session, server, phone, _ = room
    at_kind(session, "actions")
    remote, participant = phone(), phone()
    await pair(server, remote)
    await participant.answer({"action-me": "Call the named head teacher", "lens-me": "context",
                              "action-org": "Tell the family", "lens-org": "behaviour", "owner-org": "Housing lead"})
    session.close_round()
    session.reveal()
    status, page = await remote.get("/remote")
    assert "Call the named head teacher" in page and "Tell the family" in page  # the turn is on the redaction list
    status, page = await control(remote, "redact", answer="0")
    await remote.post("/remote", {"form": form_token(page), "action": "redact", "answer": "0", "confirm": "yes"})
    [doc] = stored(session)
    assert doc["redacted"] is True and "named" not in json.dumps(doc) and "Housing lead" not in json.dumps(doc)
    assert [a["level"] for a in doc["answer"]["actions"]] == ["me", "org"]


async def test_the_name_lists_are_loaded_when_phones_turn_on_not_by_the_first_answer(sessions_dir: Path) -> None:
    # Loading the guard's name data takes a tenth of a second; paid by the first phone answer, it held up
    # every phone of the first round behind it.
    from workshop import text

    session = at_kind(Session.create(sessions_dir, make_pack(), "North", PIN), "open")
    text._lexicon.cache_clear()
    server = PhoneServer(session, host="127.0.0.1", port=0)
    try:
        await server.start()
        assert text._lexicon.cache_info().currsize == 1
    finally:
        await server.stop()
        session.close()


async def test_a_group_write_waits_for_a_quiet_moment_and_never_long() -> None:
    from workshop.web.server import GroupWrite

    group = GroupWrite(quiet=0.002, longest=0.010)
    assert group.due() is None  # nothing waiting, nothing to write
    group.arrived(1.000)
    assert group.due() == pytest.approx(1.002)  # one answer alone waits only the quiet moment
    group.arrived(1.0015)  # answers keep arriving: each pushes the write back ...
    group.arrived(1.003)
    assert group.due() == pytest.approx(1.005)
    for t in (1.004, 1.006, 1.008, 1.0095):
        group.arrived(t)
    assert group.due() == pytest.approx(1.010)  # ... but never past `longest` after the first
    group.written()
    assert group.due() is None
    group.arrived(2.0)
    assert group.due() == pytest.approx(2.002)  # the next burst starts its own clock
