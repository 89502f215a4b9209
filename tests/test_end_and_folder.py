"""Ending a session when the summary cannot be written, and the sessions folder kept tidy and private.

* The end screen always appears, says that the summary is not saved yet and why, and offers `s` to
  try again; `workshop summary` writes the missing summary files of a finished session; `workshop
  resume` of a finished session opens its end screen (and saves what is missing).
* Every command that writes into the sessions folder makes it 0700 and removes the temporary files
  a killed writer left behind (a session's only while nobody holds its lock); `purge` removes stray ones.
"""

from __future__ import annotations

import contextlib
import errno
import io
import os
import stat
from pathlib import Path
from typing import Any

import pytest

import kiosk
from conftest import ANSWERS, DAY, LABEL, NOTES, PIN, fill_session, make_pack
from test_rescue import full_disk  # noqa: F401 (a fixture)
from workshop import cli, storage
from workshop.session import Session


class SummaryFaultOS:
    """`os` for workshop.storage that refuses to create summary files (the session file still saves)."""

    def __init__(self, code: int = errno.ENOSPC):
        self.code = code

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name != "open":
            return real

        def guarded(path, *args: Any, **kwargs: Any) -> Any:
            if not isinstance(path, int) and "-summary." in os.fspath(path):
                raise OSError(self.code, os.strerror(self.code))
            return real(path, *args, **kwargs)

        return guarded


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


def at_the_last_step(sessions_dir: Path) -> Session:
    session = Session.create(sessions_dir, make_pack(), LABEL, PIN, today=DAY)
    fill_session(session, ANSWERS, NOTES, finish=False)
    assert session.is_last_step
    return session


def summaries(session_or_path) -> list[str]:
    path = getattr(session_or_path, "path", session_or_path)
    return sorted(p.name for p in path.parent.glob(f"{path.stem}-summary.*"))


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- the end of a session ----------------------------------------------------------------------------


@pytest.mark.asyncio
async def test_end_screen_appears_when_the_summary_cannot_be_saved_and_s_tries_again(sessions_dir: Path, monkeypatch) -> None:
    session = at_the_last_step(sessions_dir)
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        monkeypatch.setattr(storage, "os", SummaryFaultOS())
        await kiosk.facilitator(pilot, "e", pin=PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "EndScreen"
        text = kiosk.screen_text(app)
        assert "The summary is not saved yet" in text and "the disk is full" in text, text
        assert "s Save summary" in text, text
        assert Session.read(session.path).finished, "the answers and the end are in the session file"
        assert summaries(session) == []

        await pilot.press("s")  # the disk is still full
        await pilot.pause()
        assert "The summary is not saved yet" in kiosk.screen_text(app)
        assert summaries(session) == []

        monkeypatch.setattr(storage, "os", os)  # space was freed
        await pilot.press("s")
        await pilot.pause()
        text = kiosk.screen_text(app)
        assert "not saved yet" not in text and "The summary is saved here" in text, text
        assert "Save summary" not in text, "the key is offered only while the summary is missing"
    assert summaries(session) == [f"{session.id}-summary.html", f"{session.id}-summary.md"]


@pytest.mark.asyncio
async def test_resuming_a_finished_session_opens_its_end_screen_and_saves_missing_summaries(sessions_dir: Path) -> None:
    session = at_the_last_step(sessions_dir)
    session.finish(today=DAY)
    session.close()
    assert summaries(session) == []
    resumed = Session.open(sessions_dir, session.id)  # what `workshop resume ID` does before the kiosk starts
    app = kiosk.make_app(sessions_dir, session=resumed)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert kiosk.screen_name(app) == "EndScreen"
        assert "The summary is saved here" in kiosk.screen_text(app)
    assert summaries(session) == [f"{session.id}-summary.html", f"{session.id}-summary.md"]


def test_resume_of_a_finished_session_is_no_longer_refused(sessions_dir: Path, monkeypatch) -> None:
    session = at_the_last_step(sessions_dir)
    session.finish(today=DAY)
    session.close()
    code, _out, err = run(["--sessions-dir", str(sessions_dir), "resume", session.id])
    assert code == 1 and "needs a terminal" in err and "finished" not in err  # it got as far as the kiosk


def test_summary_command_writes_the_missing_summary_files_of_a_finished_session(sessions_dir: Path) -> None:
    session = at_the_last_step(sessions_dir)
    code, _out, _err = run(["--sessions-dir", str(sessions_dir), "summary", session.id])
    assert code == 0 and summaries(session) == [], "a running session gets no summary files"
    session.finish(today=DAY)
    session.close()
    (session.path.with_name(f"{session.id}-summary.md")).write_text("kept as it is")

    code, out, err = run(["--sessions-dir", str(sessions_dir), "summary", session.id])
    assert code == 0 and "Northtown partnership" in out
    assert err.startswith("workshop: this finished session had no summary files; saved ") and "summary.html" in err
    assert summaries(session) == [f"{session.id}-summary.html", f"{session.id}-summary.md"]
    assert session.path.with_name(f"{session.id}-summary.md").read_text() == "kept as it is"
    assert mode(session.path.with_name(f"{session.id}-summary.html")) == 0o600
    code, _out, err = run(["--sessions-dir", str(sessions_dir), "summary", session.id])
    assert code == 0 and err == ""


def test_summary_command_on_a_real_full_disk_still_prints_then_saves_once_there_is_room(full_disk) -> None:  # noqa: F811
    session = at_the_last_step(full_disk.folder)
    session.finish(today=DAY)
    session.close()
    full_disk.fill()
    folder = str(full_disk.folder)
    code, out, err = run(["--sessions-dir", folder, "summary", session.id, "--format", "txt"])
    assert code == 0 and "Northtown partnership" in out
    assert err.count("\n") == 1 and "still missing" in err and "the disk is full" in err, err
    assert summaries(session) == []
    full_disk.free()
    code, out, err = run(["--sessions-dir", folder, "summary", session.id, "--format", "txt"])
    assert code == 0 and "saved" in err
    assert summaries(session) == [f"{session.id}-summary.html", f"{session.id}-summary.md"]


# --- the sessions folder ---------------------------------------------------------------------------------


def _finished(sessions_dir: Path) -> Session:
    session = at_the_last_step(sessions_dir)
    session.finish(today=DAY)
    session.close()
    return session


WRITING_COMMANDS = {
    "summary html": lambda sid: ["summary", sid, "--format", "html"],
    "summary of a finished session": lambda sid: ["summary", sid],
    "report html": lambda sid: ["report", "--format", "html"],
    "delete": lambda sid: ["delete", sid, "--yes"],
    "purge": lambda sid: ["purge", "--older-than", "0", "--yes"],
}


@pytest.mark.parametrize("name", sorted(WRITING_COMMANDS))
def test_every_command_that_writes_into_the_folder_makes_it_private_and_removes_leftovers(sessions_dir: Path, name: str) -> None:
    session = _finished(sessions_dir)
    leftover = sessions_dir / f".{session.path.name}{storage.TMP_MARK}0123456789ab"
    leftover.write_bytes(session.path.read_bytes())  # what a killed writer leaves: a full copy
    os.chmod(sessions_dir, 0o755)
    code, _out, err = run(["--sessions-dir", str(sessions_dir), *WRITING_COMMANDS[name](session.id)])
    assert code == 0, err
    assert mode(sessions_dir) == 0o700
    assert not leftover.exists()


def test_a_leftover_of_a_session_open_elsewhere_is_not_touched(sessions_dir: Path) -> None:
    session = at_the_last_step(sessions_dir)  # still open, so locked, by "another kiosk"
    other = _finished(sessions_dir)
    live = sessions_dir / f".{session.path.name}{storage.TMP_MARK}0123456789ab"
    live.write_bytes(b"a write in progress")
    stale = sessions_dir / f".{other.path.name}{storage.TMP_MARK}ba9876543210"
    stale.write_bytes(other.path.read_bytes())
    code, _out, err = run(["--sessions-dir", str(sessions_dir), "summary", other.id, "--format", "html"])
    assert code == 0, err
    assert live.exists() and not stale.exists()
    session.close()


def test_purge_removes_stray_temporary_files_even_when_no_session_is_old_enough(sessions_dir: Path) -> None:
    session = _finished(sessions_dir)
    gone = sessions_dir / f".20260101-abcdef.json{storage.TMP_MARK}0123456789ab"  # its session was deleted
    gone.write_bytes(session.path.read_bytes())
    old_summary = sessions_dir / f".{session.id}-summary.html{storage.TMP_MARK}0123456789ab"
    old_summary.write_text("<html>half a summary</html>")
    os.utime(old_summary, (1, 1))
    fresh_summary = sessions_dir / f".{session.id}-summary.md{storage.TMP_MARK}0123456789ab"
    fresh_summary.write_text("a summary being written right now")
    code, out, _err = run(["--sessions-dir", str(sessions_dir), "purge", "--older-than", "30", "--yes"])
    assert code == 0 and "No sessions older than 30 days" in out
    assert not gone.exists() and not old_summary.exists()
    assert fresh_summary.exists(), "a summary's temporary file is only removed once it is clearly stale"
    assert session.path.exists()
