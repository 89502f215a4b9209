"""The board ask and the review date, typed on the kiosk's end screen by keys (issue 12): behind the
facilitator PIN, through the personal-data guard, stored in the session file and in the summary files
written again at once."""

from __future__ import annotations

from pathlib import Path

import pytest

import kiosk
from conftest import ANSWERS, DAY, LABEL, NOTES, PIN, fill_session, make_pack
from workshop.session import Session

pytestmark = pytest.mark.asyncio

ASK = "Note the plan; decide who leads the precinct work"


async def at_the_end_screen(pilot, app) -> None:
    await kiosk.facilitator(pilot, "e", pin=PIN)
    await pilot.press("enter")
    await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "EndScreen", "the end screen")


async def open_board_dialog(pilot, app) -> None:
    await pilot.press("b")
    await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "PinDialog", "the PIN, asked first")
    await kiosk.type_text(pilot, PIN)
    await pilot.press("enter")
    await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "BoardDialog", "the board dialog")


def last_step_session(sessions_dir: Path) -> Session:
    session = Session.create(sessions_dir, make_pack(), LABEL, PIN, today=DAY)
    fill_session(session, ANSWERS, NOTES, finish=False)
    return session


async def test_the_facilitator_types_the_board_ask_and_review_date_and_the_summary_is_written_again(sessions_dir: Path) -> None:
    session = last_step_session(sessions_dir)
    app = kiosk.make_app(sessions_dir, session=session)
    summary_md = sessions_dir / f"{session.id}-summary.md"
    async with app.run_test(size=(100, 34)) as pilot:
        await at_the_end_screen(pilot, app)
        assert "The facilitator has not written this yet" in summary_md.read_text()
        assert "Press b to add what the board is asked" in kiosk.screen_text(app)
        await open_board_dialog(pilot, app)
        await kiosk.type_text(pilot, ASK)
        await pilot.press("tab")
        await kiosk.type_text(pilot, "31/02/2027")  # no such day
        await pilot.press("ctrl+s")
        await kiosk.until(pilot, lambda: "The review date must be a day" in kiosk.screen_text(app), "the date refused")
        assert kiosk.screen_name(app) == "BoardDialog" and Session.read(session.path).board_ask == ""
        for _ in range(len("31/02/2027")):
            await pilot.press("backspace")
        await kiosk.type_text(pilot, "31/03/2027")
        await pilot.press("ctrl+s")
        await kiosk.until(pilot, lambda: "For the board: " + ASK in kiosk.screen_text(app), "the ask on the end screen")
        assert "Review date: 2027-03-31" in kiosk.screen_text(app)
    stored = Session.read(session.path)
    assert (stored.board_ask, stored.review_date) == (ASK, "2027-03-31")
    written = summary_md.read_text()
    assert ASK in written and "**Review date:** 31 March 2027" in written
    html = (sessions_dir / f"{session.id}-summary.html").read_text()
    assert ASK in html and "31 March 2027" in html


async def test_a_name_in_the_board_ask_is_caught_enter_edits_f5_saves(sessions_dir: Path) -> None:
    session = last_step_session(sessions_dir)
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        await at_the_end_screen(pilot, app)
        await open_board_dialog(pilot, app)
        await kiosk.type_text(pilot, "Ask Jayden Smith to lead")
        await pilot.press("ctrl+s")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "GuardDialog", "the guard")
        assert "\u201cJayden Smith\u201d looks like a name." in kiosk.screen_text(app)
        await pilot.press("enter")  # back to editing: the text is still there, nothing saved
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "BoardDialog", "back to the board dialog")
        assert app.screen.query_one("#board-ask").text == "Ask Jayden Smith to lead"
        assert Session.read(session.path).board_ask == ""
        await pilot.press("ctrl+s")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "GuardDialog", "the guard again")
        await pilot.press("f5")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "EndScreen", "the end screen")
        await kiosk.until(pilot, lambda: Session.read(session.path).board_ask != "", "the ask saved")
    assert Session.read(session.path).board_ask == "Ask Jayden Smith to lead"


async def test_escape_keeps_nothing_and_a_wrong_pin_opens_nothing(sessions_dir: Path) -> None:
    session = last_step_session(sessions_dir)
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        await at_the_end_screen(pilot, app)
        await open_board_dialog(pilot, app)
        await kiosk.type_text(pilot, "Something")
        await pilot.press("escape")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "EndScreen", "the end screen")
        app.lock()  # as after the end: the next facilitator action asks for the PIN again
        await pilot.press("b")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "PinDialog", "the PIN")
        await kiosk.type_text(pilot, "9999")
        await pilot.press("enter")
        await kiosk.until(pilot, lambda: "Wrong PIN" in kiosk.screen_text(app), "the wrong PIN refused")
        await pilot.press("escape")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "EndScreen", "the end screen")
    assert Session.read(session.path).board_ask == ""
