"""Helper process for tests/test_crash.py (not a test module).

    python crash_child.py SESSIONS_DIR SESSION_ID PREFIX COUNT

Opens the session for writing (taking its lock), writes "ready" to standard output, then submits
COUNT open answers "PREFIX-0", "PREFIX-1", ... to the current open step. After each `submit`
returns it writes "ok PREFIX-i" as one unbuffered `os.write` (atomic on a pipe). Every tenth answer
it also closes, reveals and restarts the round, so kills land in metadata writes as well. The parent
kills it with SIGKILL at a random moment and then checks the file.

With "hold" instead of PREFIX it opens the session, writes "ready", and waits for standard input to
close (used to test that a second writer is refused).
"""

from __future__ import annotations

import os
import sys
from pathlib import Path


def say(line: str) -> None:
    os.write(1, (line + "\n").encode())


def main(argv: list[str]) -> int:
    sessions_dir, session_id, prefix = Path(argv[1]), argv[2], argv[3]
    count = int(argv[4]) if len(argv) > 4 else 0
    from workshop import storage
    from workshop.session import ANSWERING, CLOSED, Session

    try:
        session = Session.open(sessions_dir, session_id)
    except storage.SessionFileError as error:
        say(f"refused {error}")
        return 3
    say("ready")
    if prefix == "hold":
        sys.stdin.read()
        session.close()
        return 0
    # A previous child may have been killed between closing and restarting a round.
    if session.phase == CLOSED:
        session.reveal()
    if session.phase != ANSWERING:
        session.new_round()
    for i in range(count):
        text = f"{prefix}-{i}"
        session.submit(text)
        say(f"ok {text}")
        if i % 10 == 9:
            session.close_round()
            session.reveal()
            session.new_round()
    session.close()
    say("done")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
