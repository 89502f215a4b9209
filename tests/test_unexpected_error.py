"""An unexpected error inside the running kiosk never puts a traceback, local variables or answers on
the shared screen: the app closes the session as on a quit (resumable), records the error's type and
place (no message, no values) in a 0600 log beside the sessions, and the command prints one neutral
line."""

from __future__ import annotations

import stat
from pathlib import Path

import pytest

import kiosk
from conftest import make_pack
from workshop import errorlog, results, storage
from workshop.session import RUNNING, Session

pytestmark = pytest.mark.asyncio

SECRET = "Only Jamie from Year 9 knows the bus driver"


def at_open_step(sessions_dir: Path) -> Session:
    session = Session.create(sessions_dir, make_pack(), "North locality", kiosk.PIN)
    while session.step.kind != "open":
        assert session.next_step()
    return session


async def wait_closed(pilot) -> None:
    for _ in range(100):
        if pilot.app.session is None and pilot.app.unexpected_error:
            return
        await pilot.pause(0.05)


def check_after(app, path: Path, sessions_dir: Path, kind: str, where: str) -> str:
    """Everything the issue asks for once the kiosk stopped on an unexpected error."""
    assert app.unexpected_error and app.return_code == 1
    assert app._exit_renderables == [], "Textual would print these (a traceback) on the terminal"
    [line] = app.farewell()
    assert line.startswith("workshop: the kiosk stopped after an unexpected problem") and "\n" not in line
    assert f"workshop resume {path.stem}" in line and "Traceback" not in line and SECRET not in line
    log = sessions_dir / errorlog.LOG_NAME
    assert str(log) in line
    assert stat.S_IMODE(log.stat().st_mode) == 0o600
    text = log.read_text()
    assert kind in text and where in text, text
    assert SECRET not in text and "Year 9" not in text, "no participant text in the log"
    assert "/root" not in text and str(Path.home()) + "/" not in text
    # Resumable: the file loads, still running, the lock is free, the confirmed answer is there.
    session = Session.open(sessions_dir, path.stem)
    try:
        assert session.state == RUNNING
        return text
    finally:
        session.close()


async def test_an_error_while_revealing_shows_no_traceback_and_leaves_the_session_resumable(
    sessions_dir: Path, monkeypatch
) -> None:
    session = at_open_step(sessions_dir)
    path = session.path

    def broken_tally(step, answers, round_=None):
        texts = [a["answer"]["text"] for a in answers if "answer" in a]
        secret = texts[0]  # a local holding an answer, as Rich's traceback would show it
        raise ValueError(f"cannot count {secret!r}")

    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.answer_open(pilot, SECRET)
        monkeypatch.setattr(results, "tally", broken_tally)
        monkeypatch.setattr("workshop.ui.screens.reveal.tally", broken_tally, raising=False)
        await kiosk.facilitator(pilot, "r")
        await wait_closed(pilot)
        assert SECRET not in kiosk.screen_text(app)
    check_after(app, path, sessions_dir, "builtins.ValueError", "in broken_tally")
    assert [a["answer"]["text"] for a in Session.read(path).answers() if "answer" in a] == [SECRET]


async def test_a_real_type_error_in_the_core_is_logged_with_its_place(sessions_dir: Path) -> None:
    """No patched function: the session's in-memory state is damaged behind the app's back, and going
    back a step then fails inside workshop/session.py itself."""
    session = at_open_step(sessions_dir)
    path = session.path
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.answer_open(pilot, SECRET)
        app.session.meta["phases"] = [SECRET]  # not a mapping: {**phases} raises TypeError
        await kiosk.facilitator(pilot, "b")
        await wait_closed(pilot)
    text = check_after(app, path, sessions_dir, "builtins.TypeError", "workshop/session.py:")
    assert "in _go_to" in text
    assert Session.read(path).step.kind == "open", "the failed step change wrote nothing"


async def test_unexpected_error_with_answers_waiting_still_rescues_them(sessions_dir: Path, monkeypatch) -> None:
    from workshop import rescue
    from test_rescue import FolderFaultOS

    session = at_open_step(sessions_dir)
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        monkeypatch.setattr(storage, "os", FolderFaultOS(sessions_dir))
        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, "Ask the shop owners")
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.session.pending) == 1
        app.call_later(lambda: 1 / 0)
        await wait_closed(pilot)
    monkeypatch.setattr(storage, "os", __import__("os"))
    assert app.unexpected_error and len(rescue.rescue_files(session.id)) == 1
    lines = app.farewell()
    assert len(lines) == 2 and "1 answer could not be saved" in lines[1]
