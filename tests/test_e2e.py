"""End to end: the real, installed `workshop` command in a real terminal (tmux), typed at like a person would.

Each test starts the console script next to the running Python in a detached tmux session of its own
(a private tmux server, so nothing touches anyone's tmux), sends keys with `tmux send-keys`, and reads
the screen with `tmux capture-pane`. Then it checks what the session left on disk and what the other
commands say about it. Skipped only when `tmux` is not installed (CI installs it: see `.ci/run`).
"""

from __future__ import annotations

import json
import re
import shlex
import shutil
import stat
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

pytestmark = [
    pytest.mark.e2e,
    pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed (apt-get install tmux)"),
]

WORKSHOP = Path(sys.executable).parent / "workshop"
PIN = "482603175912"  # 12 digits: a random id or hash in the file cannot hold it by chance (4 could)
LABEL = "Group E2E"  # short: the header shortens long labels
WIDTH, HEIGHT = 100, 32
EXITED = "(the app has quit)"

PACK_TOML = '''\
format = 1
id = "e2e-pack"
title = "End to end pack"
credit = "Test content drawing on Owens and Lloyd (2023)."
source = "Test source."
minutes = 10
signpost = "Worried about a child now? Follow your own agency's safeguarding procedures."

[[sections]]
id = "main"
title = "Main part"

[[sections.steps]]
id = "welcome"
kind = "info"
title = "Welcome to the test"
text = "This is the introduction."
notes = "Say hello."
minutes = 1

[[sections.steps]]
id = "aim"
kind = "open"
title = "Our shared aim"
text = "What is the aim of our work?"
notes = "Listen."
minutes = 3

[[sections.steps]]
id = "confidence"
kind = "scale"
title = "How sure are we"
text = "How confident are we that we share one aim?"
notes = "Watch the spread."
minutes = 2
points = 5
low = "Not at all"
high = "Completely"

[[sections]]
id = "close"
title = "Closing"

[[sections.steps]]
id = "goodbye"
kind = "info"
title = "Thanks and goodbye"
text = "That is all."
notes = "Thank everyone."
minutes = 1
'''

OPEN_ANSWERS = [
    "Safer parks for everyone",
    "[b]markup[/b] [@click=app.quit]",
    "One plan across agencies",
]
SCALE_ANSWERS = [4, 4, 2]
QUIT_KEYS = ("C-c", "C-q", "C-p", "C-z", "C-\\")  # tmux key names


class Kiosk:
    """One `workshop` process in a detached tmux session on a private tmux server."""

    def __init__(self, tmp_path: Path):
        self.socket = f"hymn-e2e-{uuid.uuid4().hex[:10]}"
        self.name = "kiosk"
        self.conf = tmp_path / "tmux.conf"
        self.status_file = tmp_path / "exit-status"
        self.socket_path = ""
        # No status line (the app gets all 32 rows); keep the pane after the app exits, so that what
        # it left on the screen can be read; no delay after Escape.
        self.conf.write_text("set -g status off\nset -g remain-on-exit on\nset -s escape-time 0\n")

    def tmux(self, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            ["tmux", "-L", self.socket, "-f", str(self.conf), *args],
            capture_output=True, text=True, check=check, timeout=10,
        )

    def shell_command(self, *workshop_args: str) -> str:
        """The pane's command: a shell runs the app, then writes its exit status to a file (tmux's own
        record of it is unreliable: it sometimes leaves the exited app unreaped)."""
        app = shlex.join(["env", "TERM=xterm-256color", str(WORKSHOP), *workshop_args])
        return f"{app}; echo $? > {shlex.quote(str(self.status_file))}"

    def start(self, *workshop_args: str, cwd: Path) -> None:
        command = self.shell_command(*workshop_args)
        self.tmux("new-session", "-d", "-s", self.name, "-x", str(WIDTH), "-y", str(HEIGHT), "-c", str(cwd), command)
        self.socket_path = self.tmux("display-message", "-p", "#{socket_path}", check=False).stdout.strip()

    def stop(self) -> None:
        self.tmux("kill-session", "-t", self.name, check=False)
        self.tmux("kill-server", check=False)
        if self.socket_path:  # tmux leaves its socket file behind
            Path(self.socket_path).unlink(missing_ok=True)

    # -- keys --

    def type(self, text: str) -> None:
        """Literal text, as if typed."""
        self.tmux("send-keys", "-t", self.name, "-l", text)

    def press(self, *keys: str) -> None:
        """Named keys, one at a time: Enter, Escape, F2, C-c, End ..."""
        for key in keys:
            self.tmux("send-keys", "-t", self.name, key)
            time.sleep(0.05)

    def next_field(self) -> None:
        """Enter in a form, then a moment for the focus to move on, as a person's next keystroke would.

        (Keys sent at machine speed can reach a box before the app has moved the focus away from it.)
        """
        self.press("Enter")
        time.sleep(0.3)

    # -- the screen --

    def screen(self) -> str:
        result = self.tmux("capture-pane", "-p", "-t", self.name, check=False)
        return result.stdout if result.returncode == 0 else f"(no pane: {result.stderr.strip()})"

    def exit_status(self) -> str | None:
        """The app's exit status once it has quit, else None."""
        try:
            return self.status_file.read_text().strip() or None
        except FileNotFoundError:
            return None

    def wait_until(self, ready, what: str, timeout: float = 15) -> str:
        """Poll the screen until `ready(screen)`; fail with the screen if it never is."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            if ready(screen):
                return screen
            if self.exit_status() is not None or time.monotonic() > deadline:
                pytest.fail(f"screen never showed {what}; app exit status: {self.exit_status()}; screen:\n{screen}")
            time.sleep(0.1)

    def wait_for(self, *texts: str, timeout: float = 15) -> str:
        """Poll the screen until it shows every one of `texts`; fail with the screen if it never does."""
        return self.wait_until(lambda screen: all(text in screen for text in texts), repr(texts), timeout)

    def wait_for_any(self, *texts: str, timeout: float = 15, exited: bool = False) -> str:
        """Poll until one of `texts` is on screen; return that text (or EXITED if `exited` and the app quit)."""
        deadline = time.monotonic() + timeout
        while True:
            screen = self.screen()
            for text in texts:
                if text in screen:
                    return text
            if exited and self.exit_status() is not None:
                return EXITED
            if self.exit_status() is not None or time.monotonic() > deadline:
                pytest.fail(f"screen never showed any of {texts!r}; app exit status: {self.exit_status()}; screen:\n{screen}")
            time.sleep(0.1)

    def wait_exit(self, timeout: float = 15) -> str:
        """Wait for the app to quit; return its exit status."""
        deadline = time.monotonic() + timeout
        while (status := self.exit_status()) is None:
            if time.monotonic() > deadline:
                pytest.fail(f"the app did not quit; screen:\n{self.screen()}")
            time.sleep(0.1)
        return status

    def assert_alive(self, text: str) -> None:
        screen = self.screen()
        assert self.exit_status() is None, f"the app quit (status {self.exit_status()}); screen:\n{screen}"
        assert text in screen, f"{text!r} not on screen:\n{screen}"

    # -- what people in the room do --

    def wait_for_pin_boxes(self) -> None:
        """Both PIN boxes of the new-session form hold the PIN (one dot per digit), none holds more."""
        box = re.compile(r"┃\s+(•+)\s+┃")
        self.wait_until(
            lambda screen: [m.group(1) for m in box.finditer(screen)] == ["•" * len(PIN)] * 2,
            "both PIN boxes filled with the PIN",
        )

    def give_pin(self) -> None:
        self.wait_for("Participants: press Escape")
        self.type(PIN)
        self.press("Enter")

    def facilitator(self, key: str) -> None:
        """F2, the PIN if the controls are locked, then the menu key."""
        self.press("F2")
        menu = "Lock (hand over to participants)"
        if self.wait_for_any(menu, "Participants: press Escape") != menu:
            self.give_pin()
            self.wait_for(menu)
        self.press(key)

    def answer_open(self, text: str, count_after: int) -> None:
        self.press("Enter")
        self.wait_for("Type your answer")
        self.type(text)
        self.press("Enter")
        self.wait_for("Your answer is saved")
        self.press("Enter")
        self.wait_for(f"{count_after} turn{'s' if count_after != 1 else ''} taken")

    def answer_scale(self, value: int, count_after: int) -> None:
        self.press("Enter")
        self.wait_for("then press Enter")
        self.type(str(value))
        self.press("Enter")
        self.wait_for("Your answer is saved")
        self.press("Enter")
        self.wait_for(f"{count_after} turn{'s' if count_after != 1 else ''} taken")


def shown_summary_paths(screen: str, cwd: Path) -> list[Path]:
    """The summary files the end screen names (a long path may wrap over lines), resolved from `cwd`."""
    lines = [line.strip() for line in screen.splitlines()]
    start = next(i for i, line in enumerate(lines) if "ready to print" in line) + 1
    end = next(i for i, line in enumerate(lines) if "To print its summary later" in line)
    shown = re.findall(r".*?-summary\.(?:html|md)", "".join(lines[start:end]))
    return [(cwd / Path(path).expanduser()).resolve() for path in shown]


def begin_at_the_open_step(kiosk: Kiosk, header: str = LABEL) -> None:
    """After `workshop start --pack e2e-pack.toml --label LABEL`: set the PIN, begin the session, and
    move on from the welcome step to the open question, ready for the first participant. `header`:
    what the header shows once the session begins (with phones on, the panel beside it cuts the label)."""
    # The pack and label are set; the label box has the focus: on to the people in the room, then the PIN.
    kiosk.wait_for("2. Group label", "3. People in the room")
    time.sleep(0.3)
    kiosk.next_field()
    kiosk.next_field()
    kiosk.type(PIN)
    kiosk.next_field()
    kiosk.type(PIN)
    kiosk.wait_for_pin_boxes()
    kiosk.press("Enter")
    kiosk.wait_for("Welcome to the test", header)
    kiosk.press("Enter")  # no PIN: it was just set
    kiosk.wait_for("Our shared aim", "Press Enter to start")


def run_workshop(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(WORKSHOP), *args], capture_output=True, text=True, timeout=30)


@pytest.fixture
def dirs(tmp_path: Path) -> tuple[Path, Path]:
    sessions = tmp_path / "sessions"
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "e2e-pack.toml").write_text(PACK_TOML)
    return sessions, prompts


@pytest.fixture
def kiosk(tmp_path: Path):
    assert WORKSHOP.exists(), f"the workshop command is not installed next to {sys.executable}"
    k = Kiosk(tmp_path)
    try:
        yield k
    finally:
        k.stop()


def test_a_whole_session_typed_at_the_real_kiosk(kiosk: Kiosk, dirs: tuple[Path, Path], tmp_path: Path) -> None:
    sessions, prompts = dirs
    kiosk.start("--sessions-dir", str(sessions), "--prompts-dir", str(prompts), cwd=tmp_path)

    # Home: n, pick our pack (listed after the built-in ones: End), a label, the PIN twice.
    kiosk.wait_for("Start a new session", "Worried about a child now?")
    kiosk.press("n")
    kiosk.wait_for("1. Choose a question pack", "End to end pack")
    kiosk.press("End")
    kiosk.next_field()
    kiosk.type(LABEL)
    kiosk.next_field()
    kiosk.next_field()  # no number of people in the room
    kiosk.type(PIN)
    kiosk.next_field()
    kiosk.type(PIN)
    kiosk.wait_for(LABEL)
    kiosk.wait_for_pin_boxes()
    kiosk.press("Enter")
    kiosk.wait_for("Welcome to the test", "End to end pack", LABEL, "Step 1 of 4")
    [session_file] = sessions.glob("*.json")
    session_id = session_file.stem

    # Info step: Enter moves on (no PIN: the facilitator has just set it).
    kiosk.press("Enter")
    kiosk.wait_for("Our shared aim", "0 turns taken", "Press Enter to start")

    # Three participants answer the open question, one of them with markup and an action link.
    for count, text in enumerate(OPEN_ANSWERS, 1):
        kiosk.answer_open(text, count)
    screen = kiosk.screen()
    for text in OPEN_ANSWERS:
        assert text not in screen, f"an answer shows before the reveal:\n{screen}"

    # Close the round, then reveal: every answer is shown literally, and the markup did nothing.
    kiosk.facilitator("c")
    kiosk.wait_for("This round is closed")
    kiosk.facilitator("r")
    screen = kiosk.wait_for("3 answers", "shown in random order", *OPEN_ANSWERS)
    kiosk.assert_alive("[@click=app.quit]")

    # Next: the scale, answered by three people, then revealed.
    kiosk.facilitator("n")
    kiosk.wait_for("How sure are we", "0 turns taken")
    for count, value in enumerate(SCALE_ANSWERS, 1):
        kiosk.answer_scale(value, count)
    kiosk.facilitator("r")
    screen = kiosk.wait_for("Average 3.3 out of 5")
    # One line per point of the scale: the point (with its label at the ends), a bar, the count.
    bar_line = re.compile(r"^\s*([1-5])(?: Not at all| Completely)?\s+█*\s+(\d+)\s*$")
    counts = {int(m.group(1)): int(m.group(2)) for m in map(bar_line.match, screen.splitlines()) if m}
    assert counts == {1: 0, 2: 1, 3: 0, 4: 2, 5: 0}, screen

    # The closing info step, then end the session: the end screen says where the summary is.
    kiosk.facilitator("n")
    kiosk.wait_for("Thanks and goodbye")
    kiosk.facilitator("e")
    kiosk.wait_for("End the session now?")
    kiosk.press("Enter")
    screen = kiosk.wait_for("The session is finished", "summary is saved", "6 answers were recorded")
    assert shown_summary_paths(screen, cwd=tmp_path) == [
        (sessions / f"{session_id}-summary.{suffix}").resolve() for suffix in ("html", "md")
    ], screen

    # Quit from the end screen (the facilitator's PIN, if asked for).
    kiosk.press("q")
    if kiosk.wait_for_any("Participants: press Escape", exited=True) != EXITED:
        kiosk.give_pin()
    assert kiosk.wait_exit() == "0", kiosk.screen()
    # What the kiosk leaves in the terminal: the session and the exact command that prints its summary.
    left = "".join(kiosk.screen().split())  # a long line wraps in the pane: compare without spaces
    assert f"Session{session_id}issaved." in left, kiosk.screen()
    # (the sessions folder is ./sessions of the folder the kiosk runs in: no --sessions-dir needed)
    assert f"workshop print {session_id}".replace(" ", "") in left, kiosk.screen()

    # The session file: the answers, readable by this user only, in a private folder.
    data = json.loads(session_file.read_text())
    answers = list(data["answers"].values())
    assert sorted(a["answer"]["text"] for a in answers if a["step"] == "aim") == sorted(OPEN_ANSWERS)
    assert sorted(a["answer"]["value"] for a in answers if a["step"] == "confidence") == sorted(SCALE_ANSWERS)
    assert stat.S_IMODE(session_file.stat().st_mode) == 0o600
    assert stat.S_IMODE(sessions.stat().st_mode) == 0o700
    assert PIN not in session_file.read_text()

    # The summaries saved at the end.
    for suffix in ("md", "html"):
        summary = sessions / f"{session_id}-summary.{suffix}"
        assert stat.S_IMODE(summary.stat().st_mode) == 0o600
        text = summary.read_text()
        if suffix == "md":  # Markdown escapes punctuation such as brackets: read it as a renderer would
            text = re.sub(r"\\([!-/:-@\[-`{-~])", r"\1", text)
        for answer in OPEN_ANSWERS:
            assert answer in text, f"{answer!r} not in {summary.name}"

    # The other commands see the finished session.
    listing = run_workshop("sessions", "--sessions-dir", str(sessions))
    assert listing.returncode == 0, listing.stderr
    [line] = [line for line in listing.stdout.splitlines() if line.startswith(session_id)]
    assert "finished" in line and " 6 " in line and LABEL in line, listing.stdout

    summary = run_workshop("summary", session_id, "--format", "txt", "--sessions-dir", str(sessions))
    assert summary.returncode == 0, summary.stderr
    for answer in OPEN_ANSWERS:
        assert answer in summary.stdout, summary.stdout


def test_ctrl_c_q_p_do_not_quit_at_a_participant_screen(
    kiosk: Kiosk, dirs: tuple[Path, Path], tmp_path: Path
) -> None:
    sessions, prompts = dirs
    kiosk.start(
        "start", "--pack", str(prompts / "e2e-pack.toml"), "--label", LABEL, "--sessions-dir", str(sessions),
        cwd=tmp_path,
    )
    begin_at_the_open_step(kiosk)

    # The "pass the keyboard" screen: the keys that quit, suspend or open a palette in most terminal
    # apps (Ctrl+C, Ctrl+Q, Ctrl+P; Ctrl+Z and Ctrl+\\ too) do nothing here.
    kiosk.press(*QUIT_KEYS)
    time.sleep(0.5)
    kiosk.assert_alive("Our shared aim")
    kiosk.press("?")  # the app still answers keys
    kiosk.wait_for("Keys for everyone")
    kiosk.press("Escape")
    kiosk.wait_for("Press Enter to start")

    # In the middle of a turn, too.
    kiosk.press("Enter")
    kiosk.wait_for("Type your answer")
    kiosk.type("half an answer")
    kiosk.press("C-c", "C-q", "C-p")  # Ctrl+C copies nothing (no clipboard on a shared keyboard)
    time.sleep(0.5)
    kiosk.assert_alive("half an answer")
    kiosk.press("C-z", "C-\\")  # Ctrl+Z is undo in a text box
    time.sleep(0.5)
    kiosk.type("still here")
    kiosk.wait_for("still here")

    # Escape cancels the turn (nothing saved) once the participant says yes to throwing the typing
    # away; the facilitator quits with the PIN.
    kiosk.press("Escape")
    kiosk.wait_for("throw away")
    kiosk.press("Enter")
    kiosk.wait_for("0 turns taken")
    kiosk.facilitator("q")
    assert kiosk.wait_exit() == "0", kiosk.screen()
    [session_file] = sessions.glob("*.json")
    assert json.loads(session_file.read_text()).get("answers", {}) == {}
    listing = run_workshop("sessions", "--sessions-dir", str(sessions))
    [line] = [line for line in listing.stdout.splitlines() if line.startswith(session_file.stem)]
    assert "running" in line, listing.stdout


def test_start_fit_proposes_steps_to_leave_out_and_starts_only_once_confirmed(kiosk: Kiosk, tmp_path: Path) -> None:
    """`workshop start --fit 60 --people 10` in a real terminal: the default pack's plan, the optional
    steps it would leave out, a question; `n` starts nothing, `y` starts a session that passes over them
    with the pace in its header."""
    sessions = tmp_path / "sessions"
    (tmp_path / "refused").mkdir()
    refused = Kiosk(tmp_path / "refused")
    try:
        refused.start("--sessions-dir", str(sessions), "start", "--fit", "60", "--people", "10", cwd=tmp_path)
        refused.wait_for("needs 199 minutes with 10 people", "Leave these steps out of this session? [y/N]")
        refused.type("n")
        refused.press("Enter")
        assert refused.wait_exit() == "1"
        assert "workshop: nothing started" in refused.screen()
    finally:
        refused.stop()
    assert not list(sessions.glob("*.json"))

    kiosk.start("--sessions-dir", str(sessions), "start", "--fit", "60", "--people", "10", "--label", LABEL, cwd=tmp_path)
    screen = kiosk.wait_for("To fit 60 minutes", "Leave these steps out of this session? [y/N]")
    assert "Our aim in one sentence (shared-aim-words)" in screen and "Which context first? (context-first)" in screen
    kiosk.type("y")
    kiosk.press("Enter")
    kiosk.wait_for("2. Group label", "3. People in the room")
    time.sleep(0.3)
    kiosk.next_field()  # the label, as given
    kiosk.next_field()  # the people in the room: 10, as given
    kiosk.type(PIN)
    kiosk.next_field()
    kiosk.type(PIN)
    kiosk.wait_for_pin_boxes()
    kiosk.press("Enter")
    kiosk.wait_for("Step 1 of 9", "on time")  # 22 steps less the 13 left out; the pace against the plan
    kiosk.facilitator("q")
    assert kiosk.wait_exit() == "0", kiosk.screen()
    [session_file] = sessions.glob("*.json")
    meta = json.loads(session_file.read_text())["meta"]["1"]
    assert meta["room"] == 10 and len(meta["skipped"]) == 13 and "context-first" in meta["skipped"]
