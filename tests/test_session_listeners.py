"""The session tells every front end about each change, after it is on disk (one writer, several views)."""

from __future__ import annotations

import json
from pathlib import Path

from conftest import PIN, make_pack

from workshop.session import ANSWER, END, NOTE, REDACTION, ROUND, STEP, Session


def _on_disk_answers(path: Path) -> int:
    return len(json.loads(path.read_text()).get("answers", {}))


def test_listeners_hear_every_change_after_it_is_saved(sessions_dir: Path) -> None:
    session = Session.create(sessions_dir, make_pack(), "North", PIN)
    heard: list[tuple[str, int]] = []
    session.subscribe(lambda s, event: heard.append((event, _on_disk_answers(s.path))))
    try:
        while session.step.kind != "open":
            session.next_step()
        assert {e for e, _ in heard} == {STEP}
        heard.clear()
        session.submit("Safer parks")
        session.submit(None, passed=True)
        session.close_round()
        session.reveal()
        session.set_note(session.step.id, "We split on it.")
        [doc] = [a for a in session.answers() if not a.get("passed")]
        session.redact(session.step.id, doc)
        session.new_round()
        session.next_step()
        session.finish()
        # The answer count seen by the listener is already the one on disk.
        assert heard == [(ANSWER, 1), (ANSWER, 2), (ROUND, 2), (ROUND, 2), (NOTE, 2), (REDACTION, 2),
                         (ROUND, 2), (STEP, 2), (END, 2)]
    finally:
        session.close()


def test_unsubscribed_and_failing_listeners(sessions_dir: Path) -> None:
    session = Session.create(sessions_dir, make_pack(), "North", PIN)
    heard: list[str] = []

    def broken(s, event):
        raise RuntimeError("a front end's bug")

    def listener(s, event):
        heard.append(event)

    session.subscribe(broken)
    session.subscribe(listener)
    session.subscribe(listener)  # once only
    try:
        session.next_step()  # the broken listener does not stop the change nor the others
        assert heard == [STEP]
        session.unsubscribe(listener)
        session.unsubscribe(listener)  # harmless twice
        session.next_step()
        assert heard == [STEP]
        assert session.step_index == 2
    finally:
        session.close()
