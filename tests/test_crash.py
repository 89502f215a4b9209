"""Crash test: answers are submitted by a real child process that is killed with SIGKILL at random
moments. Every answer whose confirmation line reached the parent must be in the file afterwards, no
answer may be stored twice, and the file must always load.

The child is tests/crash_child.py, run with `subprocess` against a real session file in tmp_path.
"""

from __future__ import annotations

import os
import random
import select
import signal
import subprocess
import sys
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from workshop import storage
from workshop.packs import find_pack
from workshop.session import Session

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("crash_child.py")
ANSWERS_PER_CHILD = 60
TRIALS = 120
SLOW_TRIALS = 1000


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


def make_open_session(sessions_dir: Path) -> tuple[str, Path, str]:
    """A real session at its first open step, closed again so children can lock it."""
    session = Session.create(sessions_dir, find_pack("hymn-sheet"), "label", "1234")
    try:
        while session.step.kind != "open":
            assert session.next_step()
        step_id = session.step.id
    finally:
        session.close()
    return session.id, session.path, step_id


@dataclass
class Tally:
    trials: int = 0
    killed: int = 0
    killed_before_ready: int = 0
    confirmed: set[str] = field(default_factory=set)
    attempted: set[str] = field(default_factory=set)
    in_flight_present: int = 0
    leftover_temp_files: int = 0


def stored_texts(path: Path, step_id: str) -> list[str]:
    storage.read_raw(path)  # always loads as a session file
    session = Session.read(path)
    return [a["answer"]["text"] for a in session.answers(step_id) if not a.get("passed")]


def read_line(stream, timeout: float) -> bytes:
    ready, _, _ = select.select([stream], [], [], timeout)
    return stream.readline() if ready else b""


def run_trial(number: int, sessions_dir: Path, session_id: str, path: Path, step_id: str,
              rng: random.Random, tally: Tally) -> None:
    prefix = f"t{number}"
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(sessions_dir), session_id, prefix, str(ANSWERS_PER_CHILD)],
        stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=child_env(),
    )
    first = b""
    try:
        if rng.random() < 0.8:
            # Most kills land while answers are being written ...
            first = read_line(proc.stdout, 20)
            assert first == b"ready\n", (first, proc.stderr.read() if proc.poll() is not None else b"")
            time.sleep(rng.uniform(0, 0.08))
        else:
            # ... some while the child is still starting or opening the session.
            time.sleep(rng.uniform(0, 0.15))
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
        rest = proc.stdout.read()
        errors = proc.stderr.read()
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
        proc.stderr.close()
    lines = (first + rest).decode().splitlines()
    assert proc.returncode in (-signal.SIGKILL, 0), (proc.returncode, errors.decode()[-2000:])
    assert not any(line.startswith("refused") for line in lines), lines
    tally.trials += 1
    if proc.returncode == -signal.SIGKILL:
        tally.killed += 1
        if "ready" not in lines:
            tally.killed_before_ready += 1

    confirmed = [line.split(" ", 1)[1] for line in lines if line.startswith("ok ")]
    assert confirmed == [f"{prefix}-{i}" for i in range(len(confirmed))]  # confirmations come in order
    in_flight = f"{prefix}-{len(confirmed)}"
    tally.attempted.update(confirmed)
    if "ready" in lines and len(confirmed) < ANSWERS_PER_CHILD:
        tally.attempted.add(in_flight)
    tally.confirmed.update(confirmed)
    tally.leftover_temp_files += len(storage.temp_files(path))

    texts = stored_texts(path, step_id)
    counts = Counter(texts)
    assert not [t for t, n in counts.items() if n > 1], "an answer was stored twice"
    missing = tally.confirmed - counts.keys()
    assert not missing, f"confirmed answers lost after a kill: {sorted(missing)[:5]}"
    unexpected = counts.keys() - tally.attempted
    assert not unexpected, f"answers in the file that were never submitted: {sorted(unexpected)[:5]}"
    if in_flight in counts:
        tally.in_flight_present += 1


def run_crash_trials(sessions_dir: Path, trials: int, seed: int) -> Tally:
    print(f"crash trials with seed {seed}")  # shown if the test fails, to replay the same timings
    session_id, path, step_id = make_open_session(sessions_dir)
    rng = random.Random(seed)
    tally = Tally()
    for number in range(trials):
        run_trial(number, sessions_dir, session_id, path, step_id, rng, tally)

    # A kill can leave a temporary file; the next writer removes it when it takes the lock.
    session = Session.open(sessions_dir, session_id)
    try:
        assert storage.temp_files(path) == []
        texts = [a["answer"]["text"] for a in session.answers(step_id) if not a.get("passed")]
        assert tally.confirmed <= set(texts)
        assert len(texts) == len(set(texts))
    finally:
        session.close()
    assert storage.read_raw(path)
    print(
        f"\ncrash trials: {tally.trials} run, {tally.killed} killed "
        f"({tally.killed_before_ready} before the session was open), {len(tally.confirmed)} confirmed answers "
        f"all kept, {tally.in_flight_present} unconfirmed in-flight answers also kept, "
        f"{tally.leftover_temp_files} temporary files left by kills and cleaned up"
    )
    return tally


def test_killed_writer_never_loses_a_confirmed_answer(tmp_path: Path) -> None:
    sessions_dir = tmp_path / "sessions"
    seed = random.randrange(2**32)
    tally = run_crash_trials(sessions_dir, TRIALS, seed)
    assert tally.trials >= 100
    assert tally.killed >= 0.9 * tally.trials, f"most children must be killed, not finish (seed {seed})"
    # Kills must mostly land while answers are being written, not before the first one.
    assert len(tally.confirmed) >= tally.trials // 4


@pytest.mark.slow
def test_killed_writer_never_loses_a_confirmed_answer_many_trials(tmp_path: Path) -> None:
    seed = random.randrange(2**32)
    per_session = 200  # several sessions, so the file stays the size of a real workshop's
    for number in range(SLOW_TRIALS // per_session):
        tally = run_crash_trials(tmp_path / f"sessions-{number}", per_session, seed + number)
        assert tally.killed >= 0.9 * tally.trials, f"seed {seed + number}"


def test_kill_while_holding_the_lock_frees_it(tmp_path: Path) -> None:
    """A killed kiosk does not leave its session locked: the kernel drops the flock."""
    sessions_dir = tmp_path / "sessions"
    session_id, path, _ = make_open_session(sessions_dir)
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(sessions_dir), session_id, "hold"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=child_env(),
    )
    try:
        assert read_line(proc.stdout, 20) == b"ready\n"
        with pytest.raises(storage.SessionBusy):
            Session.open(sessions_dir, session_id)
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdin.close()
        proc.stdout.close()
    session = Session.open(sessions_dir, session_id)
    session.close()
