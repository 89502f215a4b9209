"""Answers waiting for the disk are never dropped.

When the sessions folder cannot be written (full, read-only, failing), an answer waits in memory. If
the kiosk stops then (quit, SIGTERM, SIGHUP, a lost terminal), the waiting answers go to a rescue
file outside the sessions folder; opening the session again (`workshop resume`, the home screen)
folds them back in exactly once and removes the file.

Two kinds of disk fault: injected (the `os` inside workshop.storage refuses to create files in the
sessions folder, but still writes elsewhere) and real (the sessions folder on a 64 KiB tmpfs, filled
up; skipped with a reason where mounting is impossible).
"""

from __future__ import annotations

import errno
import json
import os
import shutil
import signal
import stat
import subprocess
import uuid
from pathlib import Path
from typing import Any

import pytest

import kiosk
from conftest import make_pack
from workshop import rescue, storage
from workshop.session import Session, fold_rescues
from workshop.storage import StorageFailure

TEXTS = ["Light the underpass by the station", "Ask the bus company what drivers see", "Talk to the shop owners"]


class FolderFaultOS:
    """`os` for workshop.storage that refuses to create or rename files inside one folder."""

    def __init__(self, folder: Path, code: int = errno.ENOSPC):
        self.folder, self.code = str(folder.resolve()), code
        self.refused = 0

    def _refuse(self, path: Any) -> bool:
        return os.path.abspath(os.fspath(path)).startswith(self.folder + os.sep)

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name not in ("open", "replace"):
            return real

        def guarded(path, *args: Any, **kwargs: Any) -> Any:
            if not isinstance(path, int) and self._refuse(path):
                self.refused += 1
                raise OSError(self.code, os.strerror(self.code))
            return real(path, *args, **kwargs)

        return guarded


def open_step(sessions_dir: Path) -> Session:
    session = Session.create(sessions_dir, make_pack(), "North locality", kiosk.PIN)
    while session.step.kind != "open":
        assert session.next_step()
    return session


def stored(path: Path) -> list[str]:
    return sorted(a["answer"]["text"] for a in Session.read(path).answers("aim") if not a.get("passed"))


def notes(app) -> list[str]:
    """The messages the app has shown in notifications (toasts)."""
    return [str(n.message) for n in app._notifications]


def file_mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


# --- injected faults ------------------------------------------------------------------------------------


@pytest.mark.parametrize("code", [errno.ENOSPC, errno.EROFS, errno.EIO])
def test_waiting_answers_go_to_a_private_rescue_file_and_come_back_once(
    sessions_dir: Path, private_rescue_place: Path, monkeypatch, code: int
) -> None:
    session = open_step(sessions_dir)
    session.submit(TEXTS[0])
    before = session.path.read_bytes()
    faults = FolderFaultOS(sessions_dir, code)
    monkeypatch.setattr(storage, "os", faults)
    for text in TEXTS[1:]:
        with pytest.raises(StorageFailure):
            session.submit(text)
    assert len(session.pending) == 2
    session.close()
    monkeypatch.setattr(storage, "os", os)

    assert session.rescued_count == 2 and not session.rescue_error
    [kept] = rescue.rescue_files(session.id)
    assert kept == session.rescued_to and kept.parent == private_rescue_place
    assert file_mode(kept) == 0o600 and file_mode(kept.parent) == 0o700
    assert session.path.read_bytes() == before, "the session file was not touched while the disk failed"
    assert stored(session.path) == [TEXTS[0]]

    # No more than the session file would have held: the session id and the answer documents.
    data = json.loads(kept.read_bytes())
    assert set(data) == {"schema", "session", "answers"} and data["session"] == session.id
    assert all(set(doc) <= storage.ANSWER_DOC_KEYS for doc in data["answers"].values())
    assert sorted(doc["answer"]["text"] for doc in data["answers"].values()) == sorted(TEXTS[1:])
    assert kept.read_bytes() == rescue.encode_rescue(session.id, {int(k): v for k, v in data["answers"].items()})

    reopened = Session.open(sessions_dir, session.id)  # what `workshop resume` and the kiosk do
    assert reopened.folded == 2
    reopened.close()
    assert stored(session.path) == sorted(TEXTS)
    assert rescue.rescue_files(session.id) == []
    again = Session.open(sessions_dir, session.id)
    assert again.folded == 0
    again.close()
    assert stored(session.path) == sorted(TEXTS), "folded exactly once"


def test_a_fold_interrupted_before_the_file_was_removed_adds_nothing_twice(sessions_dir: Path, monkeypatch) -> None:
    session = open_step(sessions_dir)
    monkeypatch.setattr(storage, "os", FolderFaultOS(sessions_dir))
    with pytest.raises(StorageFailure):
        session.submit(TEXTS[0])
    session.close()
    monkeypatch.setattr(storage, "os", os)
    [kept] = rescue.rescue_files(session.id)
    copy = kept.read_bytes()
    Session.open(sessions_dir, session.id).close()
    kept.write_bytes(copy)  # as if the kiosk stopped between writing the session and removing the file
    Session.open(sessions_dir, session.id).close()
    assert stored(session.path) == [TEXTS[0]]
    assert rescue.rescue_files(session.id) == []


def test_answer_that_landed_before_the_fault_is_not_folded_twice(sessions_dir: Path, monkeypatch) -> None:
    """A write whose rename went through but whose folder sync failed is reported as failed: the
    answer waits, and its rescue copy carries the id it already has in the file."""
    session = open_step(sessions_dir)

    class SyncFault:
        def __getattr__(self, name: str) -> Any:
            real = getattr(os, name)
            if name != "fsync":
                return real
            calls = {"n": 0}

            def fsync(fd: int) -> None:
                calls["n"] += 1
                if stat.S_ISDIR(os.fstat(fd).st_mode):
                    raise OSError(errno.EIO, "input/output error")
                real(fd)

            return fsync

    monkeypatch.setattr(storage, "os", SyncFault())
    with pytest.raises(StorageFailure):
        session.submit(TEXTS[0])
    monkeypatch.setattr(storage, "os", FolderFaultOS(sessions_dir))
    session.close()
    monkeypatch.setattr(storage, "os", os)
    assert stored(session.path) == [TEXTS[0]]  # it did land
    Session.open(sessions_dir, session.id).close()
    assert stored(session.path) == [TEXTS[0]]
    assert rescue.rescue_files(session.id) == []


def test_rescue_never_goes_into_the_failing_sessions_folder(sessions_dir: Path, private_rescue_place: Path, monkeypatch) -> None:
    monkeypatch.setenv("WORKSHOP_RESCUE_DIR", str(sessions_dir / "rescue"))
    session = open_step(sessions_dir)
    monkeypatch.setattr(storage, "os", FolderFaultOS(sessions_dir))
    with pytest.raises(StorageFailure):
        session.submit(TEXTS[0])
    session.close()
    assert session.rescued_to is not None and session.rescued_to.parent == private_rescue_place


def test_when_nothing_can_be_written_anywhere_the_answers_stay_and_it_says_so(
    sessions_dir: Path, tmp_path: Path, monkeypatch
) -> None:
    session = open_step(sessions_dir)
    monkeypatch.setattr(storage, "os", FolderFaultOS(tmp_path))  # the sessions folder and the state folder
    with pytest.raises(StorageFailure):
        session.submit(TEXTS[0])
    session.close()
    assert session.rescued_to is None and len(session.pending) == 1
    assert "could not be kept anywhere else" in session.rescue_error and "\n" not in session.rescue_error
    app = kiosk.make_app(sessions_dir)
    app.rescues.append(session)
    [line] = app.farewell()
    assert line.startswith(f"workshop: 1 answer of session {session.id} could not be saved")


def test_a_damaged_rescue_file_is_one_line_and_is_kept(sessions_dir: Path, private_rescue_place: Path) -> None:
    session = open_step(sessions_dir)
    session.close()
    private_rescue_place.mkdir(parents=True)
    bad = private_rescue_place / f"{session.id}-0000.json"
    bad.write_text('{"schema": 1, "session": "%s", "answers": {"5": {"step": "aim", "round": "2"}}}' % session.id)
    with pytest.raises(storage.SessionFileError) as info:
        Session.open(sessions_dir, session.id)
    assert str(bad) in str(info.value) and "'round'" in str(info.value) and "\n" not in str(info.value)
    assert bad.exists()
    assert storage.SessionLock(session.path).acquire() is None  # the lock was released


# --- a real full disk -------------------------------------------------------------------------------------


@pytest.fixture
def full_disk(tmp_path: Path):
    """A 64 KiB tmpfs mounted as the sessions folder's parent, and a way to fill it and free it."""
    mount_point = tmp_path / f"tmpfs-{uuid.uuid4().hex[:6]}"
    mount_point.mkdir()
    if os.geteuid() != 0 or shutil.which("mount") is None:
        pytest.skip("mounting a tmpfs needs root and mount(8)")
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=64k,mode=0700", "tmpfs", str(mount_point)],
                          capture_output=True, text=True)
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here: {done.stderr.strip()}")

    class Disk:
        folder = mount_point / "sessions"
        filler = mount_point / "filler"

        def fill(self) -> None:
            """Write until the disk refuses even one more byte."""
            for name, chunk in (("filler", 4096), ("filler-2", 1)):
                fd = os.open(mount_point / name, os.O_WRONLY | os.O_CREAT | os.O_APPEND, 0o600)
                try:
                    while True:
                        os.write(fd, b"\0" * chunk)
                except OSError as error:
                    assert error.errno == errno.ENOSPC
                finally:
                    os.close(fd)

        def free(self) -> None:
            for name in ("filler", "filler-2"):
                (mount_point / name).unlink(missing_ok=True)

    try:
        yield Disk()
    finally:
        subprocess.run(["umount", "-l", str(mount_point)], check=False)


@pytest.mark.asyncio
async def test_full_tmpfs_quit_asks_then_rescues_and_the_home_screen_folds_back(full_disk, private_rescue_place) -> None:
    session = open_step(full_disk.folder)
    path = session.path
    app = kiosk.make_app(full_disk.folder, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.answer_open(pilot, TEXTS[0])  # saved
        full_disk.fill()
        for text in TEXTS[1:]:
            await kiosk.begin_turn(pilot)
            await kiosk.type_text(pilot, text)
            await pilot.press("enter")
            await pilot.pause()
            assert "kept" in kiosk.screen_text(pilot.app) or app.session.pending
            await pilot.press("enter")
            await pilot.pause()
        assert len(app.session.pending) == 2
        await kiosk.facilitator(pilot, "q")
        assert kiosk.screen_name(app) == "ConfirmDialog"
        assert "2 answers are still waiting for the disk" in kiosk.screen_text(app)
        await pilot.press("escape")  # not yet
        await pilot.pause()
        assert app.session is not None and len(app.session.pending) == 2
        await kiosk.facilitator(pilot, "q")
        await pilot.press("enter")
        await pilot.pause()
    assert app.session is None
    [kept] = rescue.rescue_files(path.stem)
    [line] = app.farewell()
    assert line.startswith("workshop: 2 answers could not be saved") and str(kept) in line and path.stem in line
    assert stored(path) == [TEXTS[0]]

    full_disk.free()
    home = kiosk.make_app(full_disk.folder)
    async with home.run_test(size=(100, 34)) as pilot:
        for _ in range(50):
            await pilot.pause(0.05)
            if notes(home):
                break
        assert any("2 answers kept in a rescue file were added back" in n for n in notes(home)), notes(home)
    assert stored(path) == sorted(TEXTS)
    assert rescue.rescue_files(path.stem) == []


@pytest.mark.asyncio
@pytest.mark.parametrize("how", ["SIGTERM", "SIGHUP", "lost terminal"])
async def test_full_tmpfs_signal_or_lost_terminal_rescues_and_resume_folds_back(full_disk, how: str) -> None:
    session = open_step(full_disk.folder)
    path = session.path
    app = kiosk.make_app(full_disk.folder, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        full_disk.fill()
        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, TEXTS[1])
        await pilot.press("enter")
        await pilot.pause()
        assert len(app.session.pending) == 1
        if how == "lost terminal":
            app._tty_fd = os.open(os.devnull, os.O_RDONLY)  # not a terminal any more: the next tick hangs up
        else:
            os.kill(os.getpid(), getattr(signal, how))
        for _ in range(100):
            await pilot.pause(0.05)
            if app.session is None:
                break
    assert app.session is None
    [kept] = rescue.rescue_files(path.stem)
    assert file_mode(kept) == 0o600
    assert any(str(kept) in line for line in app.farewell())
    full_disk.free()
    resumed = Session.open(full_disk.folder, path.stem)  # `workshop resume ID` opens it like this
    assert resumed.folded == 1
    resumed.close()
    assert stored(path) == [TEXTS[1]]
    assert rescue.rescue_files(path.stem) == []


# --- the real command ---------------------------------------------------------------------------------------


@pytest.mark.e2e
@pytest.mark.skipif(shutil.which("tmux") is None, reason="needs tmux to drive the real command")
def test_real_kiosk_on_a_full_tmpfs_sigterm_rescues_and_resume_folds_back(full_disk, tmp_path: Path) -> None:
    """The installed `workshop` command in tmux: two answers saved, the disk fills, a third answer
    waits; SIGTERM; the pane shows where the answer was kept; `workshop resume` shows all three."""
    import test_signals
    from test_e2e import Kiosk

    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "e2e-pack.toml").write_text(test_signals.test_e2e.PACK_TOML)
    sessions = full_disk.folder
    for name in ("first", "resume"):
        (tmp_path / name).mkdir()
    kiosks = [Kiosk(tmp_path / "first"), Kiosk(tmp_path / "resume")]
    pid = None
    try:
        first = kiosks[0]
        path, pid = test_signals.start_and_answer_two(first, sessions, prompts, tmp_path)
        full_disk.fill()
        first.press("Enter")
        first.wait_for("Type your answer")
        first.type(test_signals.THIRD)
        first.press("Enter")
        first.wait_for("kept in memory")
        os.kill(pid, signal.SIGTERM)
        test_signals.wait_gone(pid, first, "SIGTERM")
        assert first.wait_exit() == "0"
        [kept] = rescue.rescue_files(path.stem)
        screen = "".join(first.screen().split())  # the long line wraps (and its start may scroll away)
        assert kept.name in screen and "willbeaddedtothesessionwhenitisresumed" in screen, screen
        assert file_mode(kept) == 0o600
        assert test_signals.stored_texts(path) == sorted(test_signals.FIRST_TWO)

        full_disk.free()
        test_signals.resume_and_answer(kiosks[1], sessions, path, [*test_signals.FIRST_TWO, test_signals.THIRD],
                                       tmp_path, new="Walk the route with the youth workers")
        assert rescue.rescue_files(path.stem) == []
    finally:
        for k in kiosks:
            k.stop()
        if pid is not None and test_signals.running(pid):
            os.kill(pid, signal.SIGKILL)
