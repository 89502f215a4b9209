"""The kiosk hosts the phone server: phones answer while people take turns at the keyboard (one
count), the shared screen shows how to join, a paired phone steers, and off or the end stops it."""

from __future__ import annotations

from pathlib import Path

import aiohttp
import pytest
from test_ui_session import prompts_dir, stored_answers as stored  # noqa: F401 - the same pack, the same file reading

import kiosk
from phones import Phone, form_token
from workshop.ui.phones import PairDialog, PhonePanel

pytestmark = pytest.mark.asyncio
PAUSES = 200  # bound on waiting for the server to come up: only a hang reaches it


async def wait_for(pilot, condition) -> None:
    for _ in range(PAUSES):
        if condition():
            return
        await pilot.pause()
    raise AssertionError(kiosk.screen_text(pilot.app))


async def phones_on(pilot) -> None:
    await wait_for(pilot, lambda: pilot.app.phones is not None and pilot.app.phones.running)


def hosted(sessions_dir: Path, prompts_dir: Path):
    return kiosk.make_app(sessions_dir, prompts_dir, phones=True, phones_host="127.0.0.1", phones_port=0)


async def test_phones_and_keyboard_turns_mix_in_one_round_with_one_count(sessions_dir: Path, prompts_dir: Path) -> None:
    app = hosted(sessions_dir, prompts_dir)
    async with app.run_test(size=(140, 44)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await phones_on(pilot)
        server = app.phones
        assert server.host == "127.0.0.1" and server.port > 0
        await kiosk.skip_to(pilot, "open")
        text = kiosk.screen_text(app)
        assert "scan the code" in text and server.base_url in text
        assert f"{server.join_code[:3]} {server.join_code[3:]}" in text
        assert app.screen.query_one(PhonePanel).display
        assert "█" in str(app.screen.query_one("#phone-qr").render())

        phones = [Phone(server.base_url, server) for _ in range(3)]
        try:
            await kiosk.answer_open(pilot, "From the keyboard one")
            await phones[0].answer({"text": "From a phone one"})
            await kiosk.answer_open(pilot, "From the keyboard two")
            await phones[1].answer({"text": "From a phone two"})
            status, page = await phones[2].get("/")
            await kiosk.begin_turn(pilot)  # a phone answers while someone is mid-turn at the keyboard
            await phones[2].post("/answer", {"form": form_token(page), "text": "From a phone three"})
            await kiosk.type_text(pilot, "From the keyboard three")
            await pilot.press("enter")
            await kiosk.finish_turn(pilot)
            await pilot.pause()
            assert "6 turns taken" in kiosk.screen_text(app)  # one count, turns only (passes are not told apart)
            texts = sorted(d["answer"]["text"] for d in stored(sessions_dir))
            assert texts == sorted([f"From the keyboard {n}" for n in ("one", "two", "three")]
                                   + [f"From a phone {n}" for n in ("one", "two", "three")])
            await kiosk.close_and_reveal(pilot)
            status, page = await phones[0].get("/")
            assert "Waiting for the next question" in page
        finally:
            for phone in phones:
                await phone.close()


async def test_the_remote_pairs_and_steers_the_shared_screen(sessions_dir: Path, prompts_dir: Path) -> None:
    app = hosted(sessions_dir, prompts_dir)
    async with app.run_test(size=(140, 44)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await phones_on(pilot)
        await kiosk.skip_to(pilot, "open")
        server = app.phones
        await kiosk.facilitator(pilot, "p")
        assert isinstance(app.screen, PairDialog)
        remote = Phone(server.base_url, server)
        # Three phones answer: the pack shows a round only from min_answers (3) answers, and the reveal
        # below is to show them on the shared screen.
        participants = [Phone(server.base_url, server) for _ in range(3)]
        texts = ["Fix the lighting", "More youth work", "Talk to the bus company"]
        try:
            status, page = await remote.get(app.screen.link.replace(server.base_url.upper(), server.base_url))
            assert status == 200 and "Facilitator remote" in page
            await wait_for(pilot, lambda: not isinstance(app.screen, PairDialog))
            await kiosk.until(pilot, lambda: "Remote paired" in kiosk.screen_text(app), "the header's remote badge")
            for participant, text in zip(participants, texts):
                await participant.answer({"text": text})
            await pilot.pause()
            assert "3 turns taken" in kiosk.screen_text(app)

            async def control(action: str, **fields: str) -> str:
                status, page = await remote.get("/remote")
                status, page = await remote.post("/remote", {"form": form_token(page), "action": action, **fields})
                await pilot.pause()
                await pilot.pause()
                return page

            await kiosk.begin_turn(pilot)  # someone is mid-turn at the keyboard when the remote closes the round
            await kiosk.type_text(pilot, "half an answer")
            await control("close")
            await wait_for(pilot, lambda: kiosk.screen_name(app) == "StepScreen")
            assert "This round is closed" in kiosk.screen_text(app)
            assert any("this turn was not saved" in note.message for note in app._notifications)
            assert sorted(d["answer"]["text"] for d in stored(sessions_dir)) == texts
            await control("reveal")
            await wait_for(pilot, lambda: kiosk.screen_name(app) == "RevealScreen")
            assert all(text in kiosk.screen_text(app) for text in texts)
            await control("timer")
            assert app.timer_running
            step = app.session.step.id
            await control("next")
            await wait_for(pilot, lambda: app.session.step.id != step and kiosk.screen_name(app) == "StepScreen")
            assert not app.timer_running  # a new step's timer starts afresh, as at the kiosk
            await control("back")
            await wait_for(pilot, lambda: kiosk.screen_name(app) == "RevealScreen")

            # Unpairing is behind the PIN at the kiosk; the phone loses its controls at once.
            app.lock()
            await kiosk.facilitator(pilot, "u")
            assert not server.paired
            status, _ = await remote.get("/remote")
            assert status == 404
            await kiosk.facilitator(pilot, "p")
            link = app.screen.link
            await pilot.press("escape")
            await remote.get(link.replace(server.base_url.upper(), server.base_url))
            await control("end", confirm="yes")
            await wait_for(pilot, lambda: kiosk.screen_name(app) == "EndScreen")
            assert app.session is None or app.session.finished
            assert app.phones is None  # ending the session stops the server
            await wait_for(pilot, lambda: server.runner is None)
            async with aiohttp.ClientSession() as http:
                with pytest.raises(aiohttp.ClientConnectionError):
                    await http.get(server.base_url + "/")
        finally:
            await remote.close()
            for participant in participants:
                await participant.close()


def header(app) -> str:
    """The top row of the shared screen: where the group is, and the badges beside it."""
    return kiosk.screen_text(app).splitlines()[0]


async def test_every_session_screen_shows_that_a_remote_is_paired_until_it_is_unpaired(
        sessions_dir: Path, prompts_dir: Path) -> None:
    app = hosted(sessions_dir, prompts_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await phones_on(pilot)
        await kiosk.skip_to(pilot, "open")
        server = app.phones
        assert "Remote paired" not in kiosk.screen_text(app)  # phones on, no remote yet
        await kiosk.facilitator(pilot, "p")
        remote = Phone(server.base_url, server)
        phones = [Phone(server.base_url, server) for _ in range(3)]
        try:
            status, _ = await remote.get(app.screen.link.replace(server.base_url.upper(), server.base_url))
            assert status == 200
            await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "StepScreen", "the pairing code closes")
            # The step screen between turns ...
            await kiosk.until(pilot, lambda: "Remote paired" in header(app), "the badge on the step screen")
            assert "Remote paired" not in kiosk.screen_text(app).split("\n", 1)[1]  # once, in the header
            # ... a participant's turn ...
            await kiosk.begin_turn(pilot)
            await kiosk.until(pilot, lambda: "Remote paired" in header(app), "the badge in a turn")
            await kiosk.type_text(pilot, "Light the underpass")
            await pilot.press("enter")
            await kiosk.finish_turn(pilot)
            for phone, text in zip(phones, ("More youth work", "Talk to the bus company")):
                await phone.answer({"text": text})
            # ... the reveal ...
            await kiosk.close_and_reveal(pilot)
            await kiosk.until(pilot, lambda: "Remote paired" in header(app), "the badge on the reveal")
            # ... the next question's step screen ...
            await kiosk.next_step(pilot)
            await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "StepScreen" and "Remote paired" in header(app),
                              "the badge on the next step")
            # Unpairing (behind the PIN) takes it away at once, on the screen showing.
            app.lock()
            await kiosk.facilitator(pilot, "u")
            await kiosk.until(pilot, lambda: "Remote paired" not in kiosk.screen_text(app), "the badge gone")
            assert not server.paired and not app.remote_paired
            # Paired again, then phones off: no phone can steer, so no badge.
            await kiosk.facilitator(pilot, "p")
            await remote.get(app.screen.link.replace(server.base_url.upper(), server.base_url))
            await kiosk.until(pilot, lambda: "Remote paired" in header(app), "the badge after pairing again")
            await kiosk.facilitator(pilot, "w")
            await kiosk.until(pilot, lambda: "Remote paired" not in kiosk.screen_text(app), "the badge gone with phones off")
        finally:
            await remote.close()
            for phone in phones:
                await phone.close()


async def test_phones_off_stops_the_server_and_on_again_makes_new_tokens(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir, phones_host="127.0.0.1", phones_port=0)
    async with app.run_test(size=(120, 40)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        assert app.phones is None  # the kiosk alone is the default
        assert not app.screen.query(PhonePanel)
        await kiosk.facilitator(pilot, "w")
        await phones_on(pilot)
        first = app.phones
        token, url = first.join_token, first.url
        await kiosk.facilitator(pilot, "w")
        assert app.phones is None and first.join_token is None
        await wait_for(pilot, lambda: first.runner is None)
        async with aiohttp.ClientSession() as http:
            with pytest.raises(aiohttp.ClientConnectionError):
                await http.get(url)
        await kiosk.facilitator(pilot, "w")
        await phones_on(pilot)
        assert app.phones.join_token != token
        server = app.phones
        await kiosk.facilitator(pilot, "q")  # quitting stops it too
    await wait_for_stopped(server)


async def wait_for_stopped(server) -> None:
    import asyncio

    for _ in range(PAUSES):
        if server.runner is None:
            return
        await asyncio.sleep(0)
    raise AssertionError("the phone server still runs after the kiosk quit")


async def test_the_terminal_qr_code_holds_exactly_the_code_segno_made() -> None:
    """Read the half-block drawing back into modules: light and dark in every cell as segno has them."""
    import segno

    from workshop.ui.phones import qr_text

    link = "HTTP://192.168.100.200:8765/J/ABCDEFGHIJKLMNOPQRSTUVWXYZ/"
    expected = [[bool(m) for m in row] for row in segno.make(link, error="m", micro=False).matrix_iter(border=2)]
    drawn: list[list[bool]] = []
    for line in qr_text(link).splitlines():
        drawn.append([c in " ▄" for c in line])  # dark on top: a space (both dark) or a lower half block
        drawn.append([c in " ▀" for c in line])
    assert drawn[: len(expected)] == expected
    assert all(not dark for row in drawn[len(expected):] for dark in row)  # padding row is light
    assert len(expected) <= 37  # version 3 or 4: fits the 37-column panel beside the question


async def test_a_port_in_use_is_one_clear_line_and_the_kiosk_carries_on(sessions_dir: Path, prompts_dir: Path) -> None:
    import socket

    with socket.socket() as taken:
        taken.bind(("127.0.0.1", 0))
        taken.listen()
        port = taken.getsockname()[1]
        app = kiosk.make_app(sessions_dir, prompts_dir, phones=True, phones_host="127.0.0.1", phones_port=port)
        async with app.run_test(size=(120, 40)) as pilot:
            await kiosk.start_session(pilot, "test-pack")
            await wait_for(pilot, lambda: any("could not start" in n.message for n in app._notifications))
            [note] = [n.message for n in app._notifications if "could not start" in n.message]
            assert f"127.0.0.1 port {port}" in note and "--port" in note and "\n" not in note
            assert "Traceback" not in note and "Errno" not in note
            assert app.phones is None and not app.screen.query(PhonePanel)
            await kiosk.skip_to(pilot, "open")
            await kiosk.answer_open(pilot, "The keyboard still works")
            assert [d["answer"]["text"] for d in stored(sessions_dir)] == ["The keyboard still works"]
