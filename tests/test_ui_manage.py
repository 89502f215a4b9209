"""Managing sessions from the kiosk, driven by keys and checked on disk: deleting a session from the
Past sessions / Resume lists (that session's PIN, then a confirmation; refused while another kiosk has
it open; a file that cannot be opened needs the word typed instead), and printing the summary from the
end screen and the past-session summary (in a worker, with a fake `lp` on PATH, or none)."""

from __future__ import annotations

import os
import stat
import time
from pathlib import Path

import pytest
from conftest import DAY, fill_session, make_pack
from textual.widgets import OptionList

import kiosk
from workshop.pdf import default_pdf_path
from workshop.session import Session
from workshop.summary import write_summary
from workshop.ui.screens.end import PREPARING, display_path

pytestmark = pytest.mark.asyncio

PIN = kiosk.PIN
OTHER_PIN = "97531"
SIZE = (110, 30)
PRINT_TIMEOUT = 90  # seconds: the PDF takes about one on this machine; a slow CI box gets slack

# Answers for a short run through the test pack (conftest's PACK_DATA).
FEW_ANSWERS = {
    "aim": ["Safer places for everyone", "One plan across agencies"],
    "confidence": [4, 2],
}


@pytest.fixture(autouse=True)
def quick_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.005)


def finished_session(sessions_dir: Path, label: str, pin: str, summaries: bool = True) -> Path:
    """A finished session on disk (with its lock file and, if asked, its summary files)."""
    session = Session.create(sessions_dir, make_pack(), label, pin, today=DAY)
    try:
        fill_session(session, FEW_ANSWERS)
        if summaries:
            for fmt in ("html", "md"):
                write_summary(session, fmt)
    finally:
        session.close()
    return session.path


def files_of(path: Path) -> set[str]:
    """The session file, its lock file and its summaries: everything `workshop delete` removes."""
    stem = path.stem
    return {p.name for p in path.parent.iterdir() if p.name == path.name or p.name == f"{stem}.lock"
            or p.name.startswith(f"{stem}-summary.")}


def everything(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def shown(app, selector: str) -> str:
    """The text of one widget on the current screen, on one line (as it reads, whatever the wrapping)."""
    return " ".join(str(app.screen.query_one(selector).render()).split())


def footer_keys(app) -> dict[str, str]:
    """The keys the footer offers on the current screen: key -> description."""
    return {key: active.binding.description for key, active in app.screen.active_bindings.items()
            if active.binding.show}


async def open_list(pilot, key: str) -> OptionList:
    """From home: `p` (Past sessions) or `r` (Resume)."""
    await pilot.press(key)
    await pilot.pause()
    assert kiosk.screen_name(pilot.app) == "SessionListScreen", kiosk.screen_text(pilot.app)
    return pilot.app.screen.query_one("#sessions", OptionList)


async def highlight(pilot, session_id: str) -> None:
    """Move the highlight to the session with this id, by arrow keys."""
    screen = pilot.app.screen
    target = [info.id for info in screen.infos].index(session_id)
    option_list = screen.query_one("#sessions", OptionList)
    await pilot.press("home")
    for _ in range(target):
        await pilot.press("down")
    await pilot.pause()
    assert option_list.highlighted == target


async def type_pin(pilot, pin: str) -> None:
    assert kiosk.screen_name(pilot.app) == "PinDialog", kiosk.screen_text(pilot.app)
    await kiosk.type_text(pilot, pin)
    await pilot.press("enter")
    await pilot.pause()


# -- deleting ------------------------------------------------------------------------------------


async def test_delete_needs_that_sessions_pin_then_a_confirmation(sessions_dir: Path) -> None:
    keep = finished_session(sessions_dir, "Southside board", PIN)
    target = finished_session(sessions_dir, "Northtown partnership", OTHER_PIN)
    target_files = files_of(target)
    assert target_files == {target.name, f"{target.stem}.lock", f"{target.stem}-summary.html",
                            f"{target.stem}-summary.md"}
    before = everything(sessions_dir)

    app = kiosk.make_app(sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "p")
        assert footer_keys(app)["d"] == "Delete" and "Delete" in kiosk.screen_text(app)
        await highlight(pilot, target.stem)

        # The kiosk's own PIN (the other session's) is not this session's: nothing happens.
        await pilot.press("d")
        await pilot.pause()
        await type_pin(pilot, PIN)
        assert kiosk.screen_name(app) == "PinDialog" and "Wrong PIN" in kiosk.screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "SessionListScreen"
        assert everything(sessions_dir) == before
        app.pin_backoff.succeeded()  # skip the wait after a wrong PIN

        # The right PIN, then "Keep it": still nothing deleted.
        await pilot.press("d")
        await pilot.pause()
        await type_pin(pilot, OTHER_PIN)
        assert kiosk.screen_name(app) == "ConfirmDialog"
        assert shown(app, "#question") == (
            "Delete the session of 2026-11-28: Test hymn sheet · Northtown partnership, 4 answers? "
            "This deletes the session and its summaries for good."
        )
        assert "summaries for good." in kiosk.screen_text(app)  # the whole question shows, not two lines of it
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "SessionListScreen"
        assert everything(sessions_dir) == before

        # PIN, then Enter: the session, its summaries and its lock file are gone; the list is redrawn.
        await pilot.press("d")
        await pilot.pause()
        await type_pin(pilot, OTHER_PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "SessionListScreen"
        assert everything(sessions_dir) == before - target_files
        assert files_of(keep) == {keep.name, f"{keep.stem}.lock", f"{keep.stem}-summary.html", f"{keep.stem}-summary.md"}
        assert shown(app, "#message") == (
            "Deleted the session of 2026-11-28: Test hymn sheet · Northtown partnership, 4 answers."
        )
        assert [info.id for info in app.screen.infos] == [keep.stem]
        option_list = app.screen.query_one("#sessions", OptionList)
        assert option_list.option_count == 1 and option_list.has_focus
        assert "Southside board" in kiosk.screen_text(app)

        # The one left can still be opened with its own PIN.
        await pilot.press("enter")
        await pilot.pause()
        await type_pin(pilot, PIN)
        assert kiosk.screen_name(app) == "SummaryScreen"


async def test_a_session_open_in_another_kiosk_is_not_deleted(sessions_dir: Path) -> None:
    busy = Session.create(sessions_dir, make_pack(), "Busy room", PIN, today=DAY)  # holds the lock
    try:
        before = everything(sessions_dir)
        app = kiosk.make_app(sessions_dir)
        async with app.run_test(size=SIZE) as pilot:
            await open_list(pilot, "r")
            await pilot.press("d")
            await pilot.pause()
            await type_pin(pilot, PIN)
            assert kiosk.screen_name(app) == "ConfirmDialog"
            await pilot.press("enter")
            await pilot.pause()
            assert kiosk.screen_name(app) == "SessionListScreen"
            assert shown(app, "#message") == (
                "Not deleted: this session is open in another kiosk or command; close it there first."
            )
            assert "\n" not in str(app.screen.query_one("#message").render())
            assert [info.id for info in app.screen.infos] == [busy.id]
        assert everything(sessions_dir) == before
        assert busy.path.exists()
    finally:
        busy.close()
    # Once the other kiosk has closed it, the lock is free again (nothing was left half-deleted).
    reopened = Session.open(sessions_dir, busy.id)
    reopened.close()


async def test_a_file_that_cannot_be_opened_needs_the_word_typed(sessions_dir: Path) -> None:
    good = finished_session(sessions_dir, "Southside board", PIN, summaries=False)
    broken = sessions_dir / "20261128-zzzzzz.json"
    broken.write_text("{not json")
    (sessions_dir / "20261128-zzzzzz-summary.html").write_text("<p>old</p>")
    (sessions_dir / "20261128-zzzzzz.lock").write_text("")
    app = kiosk.make_app(sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "p")
        await highlight(pilot, "20261128-zzzzzz")
        assert "cannot be opened" in kiosk.screen_text(app)
        await pilot.press("enter")  # it cannot be read: a message, no PIN prompt
        await pilot.pause()
        assert kiosk.screen_name(app) == "SessionListScreen"
        assert shown(app, "#message").startswith("This session cannot be opened: ")

        # d: no PIN to check, so a typed confirmation; y, n, Enter alone, or another word do nothing.
        await pilot.press("d")
        await pilot.pause()
        assert kiosk.screen_name(app) == "TypedConfirmDialog"
        assert shown(app, "#question") == (
            "Delete the session file 20261128-zzzzzz.json? It cannot be opened, so it has no PIN to check. "
            "This deletes it and its summaries for good."
        )
        for keys in (["enter"], ["y"], ["n", "enter"], list("dele") + ["enter"]):
            await pilot.press(*keys)
            await pilot.pause()
            assert kiosk.screen_name(app) == "TypedConfirmDialog", keys
            assert broken.exists()
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "SessionListScreen" and broken.exists()

        await pilot.press("d")
        await pilot.pause()
        await kiosk.type_text(pilot, "Delete")
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "SessionListScreen"
        assert shown(app, "#message") == "Deleted the session 20261128-zzzzzz (cannot be opened)."
        assert [info.id for info in app.screen.infos] == [good.stem]
    assert everything(sessions_dir) == {good.name, f"{good.stem}.lock"}


async def test_delete_keys_on_an_empty_list_do_nothing(sessions_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("p")
        await pilot.pause()
        await pilot.press("d")
        await pilot.pause()
        assert kiosk.screen_name(app) == "SessionListScreen"
        assert "No sessions here yet" in kiosk.screen_text(app)
    assert everything(sessions_dir) == set()


async def test_help_names_the_new_keys(sessions_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")  # from home: every key, the facilitator's too
        await pilot.pause()
        text = shown(app, "#help Static")
        assert "d Past sessions, Resume lists: Delete the highlighted session" in text
        assert "cannot be opened has no PIN to check: type delete to confirm instead" in text
        assert "p End of session, past session summary: Print the summary" in text
        await pilot.press("escape")
        await pilot.pause()

    session = running_session(sessions_dir)
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=SIZE) as pilot:
        await to_end_screen(pilot)
        await pilot.press("question_mark")  # at the end, locked: printing yes, deleting not listed
        await pilot.pause()
        text = shown(app, "#help Static")
        assert "p End of session, past session summary: Print the summary" in text
        assert "Delete the highlighted session" not in text


# -- printing ------------------------------------------------------------------------------------


def fake_lp(folder: Path, exit_status: int = 0) -> Path:
    """An `lp` that writes its arguments, one a line, to `lp-args.txt` beside it."""
    folder.mkdir(exist_ok=True)
    record = folder / "lp-args.txt"
    script = folder / "lp"
    if exit_status == 0:
        body = f'printf "%s\\n" "$@" > "{record}"\necho "request id is Fake-7 (1 file(s))"\n'
    else:
        body = f'printf "%s\\n" "$@" > "{record}"\necho "lp: The printer or class does not exist." >&2\nexit {exit_status}\n'
    script.write_text("#!/bin/sh\n" + body)
    script.chmod(script.stat().st_mode | stat.S_IXUSR)
    return record


async def wait_for_print(pilot) -> str:
    """Wait (with a timeout) for the print worker to finish; the screen's text afterwards."""
    screen = pilot.app.screen
    deadline = time.monotonic() + PRINT_TIMEOUT
    while screen.print_running:
        assert time.monotonic() < deadline, "printing did not finish"
        await pilot.pause(0.1)
    await pilot.pause()
    return kiosk.screen_text(pilot.app)


async def to_end_screen(pilot) -> None:
    await kiosk.facilitator(pilot, "e")
    await pilot.press("enter")
    await pilot.pause()
    assert kiosk.screen_name(pilot.app) == "EndScreen", kiosk.screen_text(pilot.app)
    assert not pilot.app.unlocked  # ending the session locks the controls again


def running_session(sessions_dir: Path) -> Session:
    """A session at its last step with answers given: the facilitator ends it in the app."""
    session = Session.create(sessions_dir, make_pack(), "Northtown partnership", PIN, today=DAY)
    fill_session(session, FEW_ANSWERS, finish=False)
    return session


async def test_p_on_the_end_screen_prints_without_the_pin(
    sessions_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    record = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    session = running_session(sessions_dir)
    pdf_path = default_pdf_path(session).resolve()
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=SIZE) as pilot:
        await to_end_screen(pilot)
        assert footer_keys(app)["p"] == "Print" and "Print" in kiosk.screen_text(app)
        await pilot.press("p")
        await pilot.pause()
        # The worker runs; the screen answers meanwhile (p again starts nothing new; help opens and closes).
        assert kiosk.screen_name(app) == "EndScreen" and app.screen.print_running
        assert PREPARING in kiosk.screen_text(app)
        await pilot.press("p")
        await pilot.press("question_mark")
        await pilot.pause()
        assert kiosk.screen_name(app) == "HelpScreen"
        await pilot.press("escape")
        await pilot.pause()
        text = await wait_for_print(pilot)
        assert kiosk.screen_name(app) == "EndScreen"
        assert shown(app, "#print-message") == (
            "Summary sent to the default printer (request id is Fake-7 (1 file(s))); the PDF is also saved at "
            + display_path(pdf_path)
        )
        assert PREPARING not in text and "Summary sent to the default printer" in text
        assert app.session is not None and not app.unlocked  # no PIN was asked, nothing was unlocked
    assert record.read_text().splitlines() == [str(pdf_path)]
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert stat.S_IMODE(pdf_path.stat().st_mode) == 0o600


async def test_a_refusing_printer_gives_one_line_and_keeps_the_pdf(
    sessions_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake_lp(tmp_path / "bin", exit_status=1)
    monkeypatch.setenv("PATH", f"{tmp_path / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}")
    session = running_session(sessions_dir)
    pdf_path = default_pdf_path(session).resolve()
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=SIZE) as pilot:
        await to_end_screen(pilot)
        await pilot.press("p")
        await wait_for_print(pilot)
        message = shown(app, "#print-message")
        assert message.startswith("Not printed: printing failed: lp: The printer or class does not exist.")
        assert message.endswith("; the PDF is saved at " + display_path(pdf_path))
    assert pdf_path.exists()


async def test_p_on_a_past_summary_without_lp_says_where_the_pdf_is(
    sessions_dir: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))  # no lp anywhere
    path = finished_session(sessions_dir, "Northtown partnership", PIN, summaries=False)
    pdf_path = default_pdf_path(Session.read(path)).resolve()
    app = kiosk.make_app(sessions_dir)
    async with app.run_test(size=SIZE) as pilot:
        await open_list(pilot, "p")
        await pilot.press("enter")
        await pilot.pause()
        await type_pin(pilot, PIN)
        assert kiosk.screen_name(app) == "SummaryScreen"
        assert footer_keys(app)["p"] == "Print"
        await pilot.press("p")
        await pilot.pause()
        assert PREPARING in kiosk.screen_text(app)
        await wait_for_print(pilot)
        assert shown(app, "#saved") == (
            "No printing system (lp) found on this computer; the summary PDF is saved at " + display_path(pdf_path)
        )
    assert pdf_path.read_bytes().startswith(b"%PDF")
    assert everything(sessions_dir) == {path.name, f"{path.stem}.lock", pdf_path.name}
