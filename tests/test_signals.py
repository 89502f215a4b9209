"""Signals and hang-ups, end to end: the real `workshop` command in tmux, stopped in the middle of a
session by SIGTERM, a closed terminal, SIGHUP and SIGKILL. Each time the session must be left
resumable: the file loads, every confirmed answer is in it (and nothing unconfirmed), the session is
still running at the step where it stopped, the lock is free, and `workshop resume` carries on.

The tmux driving (a private tmux server per kiosk, keys, screen polling, the small pack, the PIN) is
tests/test_e2e.py's; this file only adds the signals and the checks.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

import test_e2e
from test_e2e import LABEL, WORKSHOP, Kiosk, begin_at_the_open_step, dirs, run_workshop  # noqa: F401 (dirs: a fixture)
from workshop import storage
from workshop.session import ANSWERING, RUNNING, Session

pytestmark = [
    *test_e2e.pytestmark,  # e2e; skipped without tmux
    pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="needs Linux /proc to find the kiosk process"),
]

OPEN_STEP = "aim"
FIRST_TWO = ["Keep the park safe after dark", "One plan, shared by every agency"]
THIRD = "Ask the bus drivers what they see"
UNSENT = "half an answer nobody sent"
EXIT_SECONDS = 5  # "within a few seconds" of the signal


class HangupKiosk(Kiosk):
    """A kiosk whose exit status is still recorded when its terminal closes.

    A closed terminal reaches the app as on a real one: the kernel hangs up the pane's terminal and
    sends SIGHUP to the session leader (the pane's shell), which dies of it; as the session leader
    exits, the kernel sends SIGHUP to the foreground process group, the app among them. The app runs in
    a subshell that traps SIGHUP (a trapped signal is reset to its default in the programs it runs, so
    the app gets its SIGHUP as usual), outlives the hang-up and writes the app's exit status: 0 says
    the app's handler ended it, 129 would say SIGHUP's default action killed it.
    """

    def shell_command(self, *workshop_args: str) -> str:
        return f"( trap : HUP; {super().shell_command(*workshop_args)} ); :"


class SurvivingShellKiosk(Kiosk):
    """The pane's shell (the session leader) traps SIGHUP, as a wrapper script might: when the terminal
    closes it does not die, so no SIGHUP reaches the app; the app only loses its terminal."""

    def shell_command(self, *workshop_args: str) -> str:
        return f"trap : HUP; {super().shell_command(*workshop_args)}"


# -- the kiosk process --

def _stat_fields(pid: int) -> list[str] | None:
    """/proc/PID/stat after the command name: [state, ppid, ...]; None once the process is gone."""
    try:
        text = Path(f"/proc/{pid}/stat").read_text()
    except (FileNotFoundError, ProcessLookupError):
        return None
    return text.rsplit(")", 1)[1].split()


def running(pid: int) -> bool:
    """Still running: not gone and not a zombie (an exited process its parent has not reaped yet,
    which has already closed its files, and so released its flock)."""
    fields = _stat_fields(pid)
    return fields is not None and fields[0] not in ("Z", "X", "x")


def cmdline(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def workshop_pid(kiosk: Kiosk, sessions: Path) -> int:
    """The pid of the `workshop` process in the kiosk's pane: the pane's shell's child (`env` execs the
    app) whose command line names our own sessions folder."""
    pane = int(kiosk.tmux("display-message", "-p", "-t", kiosk.name, "#{pane_pid}").stdout.strip())
    children = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            fields = _stat_fields(int(entry.name))
            if fields is not None and fields[1] == str(pane):
                children.append(int(entry.name))
    found = [pid for pid in children if str(WORKSHOP) in cmdline(pid) and str(sessions) in cmdline(pid)]
    assert len(found) == 1, f"expected one workshop process under pane {pane}, found {[cmdline(p) for p in children]}"
    return found[0]


def wait_gone(pid: int, kiosk: Kiosk, what: str, timeout: float = EXIT_SECONDS) -> float:
    """Wait for the process to end; return how long it took. Fail (with the screen) if it does not."""
    start = time.monotonic()
    while running(pid):
        if time.monotonic() - start > timeout:
            pytest.fail(f"the workshop process {pid} was still running {timeout} s after {what}; screen:\n{kiosk.screen()}")
        time.sleep(0.05)
    return time.monotonic() - start


# -- the people in the room --

def start_and_answer_two(kiosk: Kiosk, sessions: Path, prompts: Path, cwd: Path) -> tuple[Path, int]:
    """`workshop start` with the small pack, a PIN, on to the open step, two answers (each waiting for
    the thanks screen). Returns the session file and the kiosk's pid."""
    kiosk.start(
        "start", "--pack", str(prompts / "e2e-pack.toml"), "--label", LABEL, "--sessions-dir", str(sessions), cwd=cwd,
    )
    begin_at_the_open_step(kiosk)
    [path] = sessions.glob("*.json")
    pid = workshop_pid(kiosk, sessions)
    for count, text in enumerate(FIRST_TWO, 1):
        kiosk.answer_open(text, count)  # waits for "Your answer is saved", then for "N turns taken"
    return path, pid


def start_typing(kiosk: Kiosk, text: str) -> None:
    """The next participant starts a turn and types, but does not submit."""
    kiosk.press("Enter")
    kiosk.wait_for("Type your answer")
    kiosk.type(text)
    kiosk.wait_for(text)


# -- what must be true afterwards --

def stored_texts(path: Path) -> list[str]:
    session = Session.read(path)
    return sorted(a["answer"]["text"] for a in session.answers(OPEN_STEP) if not a.get("passed"))


def assert_resumable(path: Path, answers: list[str], clean_exit: bool = True) -> None:
    """The file loads; it holds exactly `answers`; it is running at the open step, still taking
    answers in round 1; no temporary file is left (after a clean exit); the lock is free."""
    session = Session.read(path)  # raises on a damaged file
    assert session.state == RUNNING, session.meta
    assert session.step.id == OPEN_STEP, session.meta
    assert (session.phase, session.round) == (ANSWERING, 1), session.meta
    assert stored_texts(path) == sorted(answers)
    assert session.meta.get("finished") is None
    if clean_exit:
        assert storage.temp_files(path) == []
    lock = storage.SessionLock(path)
    try:
        lock.acquire()
    except storage.SessionBusy:
        pytest.fail(f"{path.name} is still locked after the kiosk process ended")
    assert lock.held
    lock.release()


def resume_and_answer(kiosk: Kiosk, sessions: Path, path: Path, answers: list[str], cwd: Path, new: str = THIRD) -> None:
    """`workshop resume ID` in a new tmux server: the open step with the answers so far; one more
    participant answers `new`; the facilitator quits (PIN); the file holds all of them."""
    kiosk.start("resume", path.stem, "--sessions-dir", str(sessions), cwd=cwd)
    count = len(answers)
    kiosk.wait_for("Our shared aim", f"{count} turns taken", "Press Enter to start")
    kiosk.answer_open(new, count + 1)
    kiosk.facilitator("q")
    assert kiosk.wait_exit() == "0", kiosk.screen()
    assert stored_texts(path) == sorted([*answers, new])
    assert storage.temp_files(path) == []
    listing = run_workshop("sessions", "--sessions-dir", str(sessions))
    [line] = [line for line in listing.stdout.splitlines() if line.startswith(path.stem)]
    assert "running" in line and f" {count + 1} " in line, listing.stdout


# -- fixtures --

@pytest.fixture
def kiosks(tmp_path: Path):
    """Make kiosks (each on its own private tmux server, in its own folder); every one is stopped at
    the end, and any workshop process a failed test left running is killed (by its pid)."""
    made: list[Kiosk] = []
    pids: list[int] = []

    def make(name: str, cls: type[Kiosk] = Kiosk) -> Kiosk:
        folder = tmp_path / name
        folder.mkdir()
        kiosk = cls(folder)
        made.append(kiosk)
        return kiosk

    make.pids = pids  # tests record the kiosk pids they find here
    assert WORKSHOP.exists(), f"the workshop command is not installed next to {WORKSHOP.parent}"
    try:
        yield make
    finally:
        for kiosk in made:
            kiosk.stop()
        for pid in pids:
            if running(pid) and str(WORKSHOP) in cmdline(pid):
                os.kill(pid, signal.SIGKILL)


# -- the tests --

def test_sigterm_leaves_a_resumable_session(kiosks, dirs: tuple[Path, Path], tmp_path: Path) -> None:
    sessions, prompts = dirs
    kiosk = kiosks("first")
    path, pid = start_and_answer_two(kiosk, sessions, prompts, tmp_path)
    kiosks.pids.append(pid)

    os.kill(pid, signal.SIGTERM)
    wait_gone(pid, kiosk, "SIGTERM")
    assert kiosk.wait_exit(timeout=EXIT_SECONDS) == "0", "SIGTERM's default action, not the app's handler, ended it"
    assert_resumable(path, FIRST_TWO)

    resume_and_answer(kiosks("resume"), sessions, path, FIRST_TWO, tmp_path)


def test_closed_terminal_leaves_a_resumable_session(kiosks, dirs: tuple[Path, Path], tmp_path: Path) -> None:
    sessions, prompts = dirs
    kiosk = kiosks("first", HangupKiosk)
    path, pid = start_and_answer_two(kiosk, sessions, prompts, tmp_path)
    kiosks.pids.append(pid)

    # The terminal window closes: the tmux server goes, with the pane's terminal (kernel hang-up).
    kiosk.tmux("kill-server", check=False)
    wait_gone(pid, kiosk, "the terminal closed")
    assert kiosk.wait_exit(timeout=EXIT_SECONDS) == "0", "SIGHUP's default action, not the app's handler, ended it"
    assert_resumable(path, FIRST_TWO)

    resume_and_answer(kiosks("resume"), sessions, path, FIRST_TWO, tmp_path)


def test_sighup_mid_answer_keeps_confirmed_answers_only(kiosks, dirs: tuple[Path, Path], tmp_path: Path) -> None:
    sessions, prompts = dirs
    kiosk = kiosks("first")
    path, pid = start_and_answer_two(kiosk, sessions, prompts, tmp_path)
    kiosks.pids.append(pid)
    start_typing(kiosk, UNSENT)

    os.kill(pid, signal.SIGHUP)
    wait_gone(pid, kiosk, "SIGHUP")
    assert kiosk.wait_exit(timeout=EXIT_SECONDS) == "0", "SIGHUP's default action, not the app's handler, ended it"
    assert_resumable(path, FIRST_TWO)
    assert UNSENT not in path.read_text(), "the unsubmitted answer was stored"

    resume_and_answer(kiosks("resume"), sessions, path, FIRST_TWO, tmp_path)
    assert UNSENT not in path.read_text()


def test_sigkill_loses_no_confirmed_answer(kiosks, dirs: tuple[Path, Path], tmp_path: Path) -> None:
    sessions, prompts = dirs
    kiosk = kiosks("first")
    path, pid = start_and_answer_two(kiosk, sessions, prompts, tmp_path)
    kiosks.pids.append(pid)
    # A third participant submits and is killed at the thanks screen: "saved" on screen means on disk.
    start_typing(kiosk, THIRD)
    kiosk.press("Enter")
    kiosk.wait_for("Your answer is saved")

    os.kill(pid, signal.SIGKILL)  # no handler runs: the kernel closes the files and drops the flock
    wait_gone(pid, kiosk, "SIGKILL")
    assert kiosk.wait_exit(timeout=EXIT_SECONDS) == str(128 + signal.SIGKILL)
    confirmed = [*FIRST_TWO, THIRD]
    assert_resumable(path, confirmed, clean_exit=False)

    resume_and_answer(kiosks("resume"), sessions, path, confirmed, tmp_path, new="A fourth, after the kill")


def test_lost_terminal_without_sighup_ends_the_kiosk(kiosks, dirs: tuple[Path, Path], tmp_path: Path) -> None:
    sessions, prompts = dirs
    kiosk = kiosks("first", SurvivingShellKiosk)
    kiosk.start(
        "start", "--pack", str(prompts / "e2e-pack.toml"), "--label", LABEL, "--sessions-dir", str(sessions), cwd=tmp_path,
    )
    begin_at_the_open_step(kiosk)
    [path] = sessions.glob("*.json")
    pid = workshop_pid(kiosk, sessions)
    kiosks.pids.append(pid)
    kiosk.answer_open(FIRST_TWO[0], 1)

    kiosk.tmux("kill-server", check=False)  # the terminal is gone; the shell outlives it
    wait_gone(pid, kiosk, "the terminal closed (no SIGHUP)", timeout=3)
    assert_resumable(path, FIRST_TWO[:1])
