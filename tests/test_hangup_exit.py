"""A hang-up always ends the kiosk process, even when Textual's output thread has died.

Textual writes to the terminal through a thread with a bounded queue (30 writes). When the window
closes, the pty's writes fail with EIO and that thread dies; the shutdown then writes the sequences
that restore the screen into the full queue and waits for ever. Seen in real runs: kiosk processes
left sleeping in `Queue.put` from `App._shutdown` long after their terminal was gone (py-spy). The
session was already closed, so nothing was lost, but the process never ended.

Here the kiosk runs on a real pty; its output thread is made to die the way it does on EIO (it stops
draining its queue), the screen keeps being written, then SIGHUP arrives. The process must end by
itself, with status 0, within a bound only a hang reaches.
"""

from __future__ import annotations

import fcntl
import os
import pty
import select
import signal
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HANG_BOUND = 60  # seconds: the grace after a lost terminal is 3 s

CHILD = r"""
import os, sys
from textual.drivers import _writer_thread

FLAG = os.environ["HANGUP_TEST_FLAG"]

def run(self):
    # Drain as usual until the flag file says the terminal has gone, then end the thread as an EIO would.
    get = self._queue.get
    while not os.path.exists(FLAG):
        try:
            text = get(timeout=0.05)
        except Exception:
            continue
        if text is None:
            return
        self._file.write(text)
        self._file.flush()

_writer_thread.WriterThread.run = run

from workshop.cli import main
sys.exit(main(sys.argv[1:]))
"""


def read_until(fd: int, marker: bytes, seconds: float) -> bytes:
    seen = b""
    deadline = time.monotonic() + seconds
    while marker not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 0.5)
        if ready:
            try:
                seen += os.read(fd, 65536)
            except OSError:
                break
    return seen


@pytest.mark.skipif(sys.platform != "linux", reason="needs a Linux pty")
def test_hang_up_ends_the_kiosk_even_when_its_output_thread_has_died(tmp_path: Path) -> None:
    master, slave = pty.openpty()
    fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 30, 100, 0, 0))
    flag = tmp_path / "window-closed"
    env = {**os.environ, "TERM": "xterm-256color", "HANGUP_TEST_FLAG": str(flag),
           "PYTHONPATH": os.pathsep.join(p for p in (str(ROOT), os.environ.get("PYTHONPATH", "")) if p)}
    proc = subprocess.Popen(
        [sys.executable, "-c", CHILD, "--sessions-dir", str(tmp_path / "sessions")],
        stdin=slave, stdout=slave, stderr=slave, env=env, close_fds=True,
    )
    os.close(slave)
    try:
        assert b"New session" in read_until(master, b"New session", HANG_BOUND), "the home screen never drew"
        read_until(master, b"never", 1.0)  # let the app settle (its signal handlers are set on mount)
        flag.touch()  # the output thread stops draining, as on EIO
        time.sleep(0.3)
        # Keep the screen busy so the dead thread's queue fills up, then the window "closes".
        for key in (b"?", b"\x1b") * 25:
            os.write(master, key)
            time.sleep(0.02)
        proc.send_signal(signal.SIGHUP)
        try:
            code = proc.wait(timeout=HANG_BOUND)
        except subprocess.TimeoutExpired:
            pytest.fail(f"the kiosk was still running {HANG_BOUND} s after the hang-up (stuck in shutdown)")
        assert code == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        os.close(master)
