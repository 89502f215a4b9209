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


def test_turns_submitted_together_are_one_write_and_each_gets_its_result(sessions_dir: Path, monkeypatch) -> None:
    from workshop import storage
    from workshop.session import AnswerError

    session = Session.create(sessions_dir, make_pack(), "North", PIN)
    try:
        while session.step.kind != "scale":
            session.next_step()
        writes = []
        real_write = storage.AtomicJSONStorage.write
        monkeypatch.setattr(storage.AtomicJSONStorage, "write", lambda self, data: (writes.append(1), real_write(self, data)))
        heard = []
        session.subscribe(lambda s, event: heard.append(event))
        results = session.submit_together([(3, False), (9, False), (None, True), (5, False)])
        assert len(writes) == 1 and heard == [ANSWER]
        assert isinstance(results[1], AnswerError) and "1 to 5" in str(results[1])
        assert [r["answer"] for r in results if isinstance(r, dict) and "answer" in r] == [{"value": 3}, {"value": 5}]
        on_disk = json.loads(session.path.read_text())["answers"]
        assert sorted(str(d.get("answer", {}).get("value", "pass")) for d in on_disk.values()) == ["3", "5", "pass"]
        assert len({int(i) for i in on_disk}) == 3 and min(int(i) for i in on_disk) > 1000  # random ids, not 1, 2, 3
    finally:
        session.close()


def test_a_group_write_that_fails_keeps_every_turn_and_a_retry_stores_each_once(sessions_dir: Path, monkeypatch) -> None:
    import errno
    import os

    import pytest
    from test_storage import FaultyOS

    from workshop import storage
    from workshop.errors import StorageFailure

    session = Session.create(sessions_dir, make_pack(), "North", PIN)
    try:
        while session.step.kind != "open":
            session.next_step()
        # Disk full: nothing reaches the file, the turns wait in memory.
        monkeypatch.setattr(storage, "os", FaultyOS({"write": errno.ENOSPC}))
        with pytest.raises(StorageFailure):
            session.submit_together([("one", False), ("two", False)])
        assert len(session.pending) == 2 and _on_disk_answers(session.path) == 0
        # The folder sync fails after the rename: the file already holds them, the retry must not add copies.
        monkeypatch.setattr(storage, "os", FaultyOS({"fsync": errno.EIO}, skip={"fsync": 1}))
        with pytest.raises(StorageFailure):
            session.submit_together([("three", False)])
        monkeypatch.setattr(storage, "os", os)
        session.submit_together([("four", False)])
        assert session.pending == []
        texts = sorted(d["answer"]["text"] for d in json.loads(session.path.read_text())["answers"].values())
        assert texts == ["four", "one", "three", "two"]
    finally:
        session.close()
