"""Session files on disk: atomic writes, one writer, faults, damaged files, anonymity, permissions,
path safety. Real files in tmp_path throughout; faults are injected by swapping `os` inside
`workshop.storage` for a proxy whose chosen functions raise OSError."""

from __future__ import annotations

import errno
import fcntl
import json
import os
import select
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from tinydb import TinyDB
from tinydb.storages import JSONStorage

from workshop import storage
from workshop.packs import find_pack
from workshop.session import Session, list_sessions
from workshop.storage import SessionBusy, SessionFileError, StorageFailure
from work import within_a_hang_bound

ROOT = Path(__file__).resolve().parents[1]
CHILD = Path(__file__).with_name("crash_child.py")
ANSWER_KEYS = {"step", "round", "kind", "answer", "passed", "redacted"}


# --- helpers ------------------------------------------------------------------------------------------


def open_step_session(sessions_dir: Path) -> Session:
    session = Session.create(sessions_dir, find_pack("hymn-sheet"), "label", "1234")
    while session.step.kind != "open":
        assert session.next_step()
    return session


@pytest.fixture
def session(tmp_path: Path):
    session = open_step_session(tmp_path / "sessions")
    yield session
    session.close()


def texts(session_or_path) -> list[str]:
    session = session_or_path if isinstance(session_or_path, Session) else Session.read(session_or_path)
    return [a["answer"]["text"] for a in session.answers() if not a.get("passed")]


def fingerprint(path: Path) -> tuple[bytes, int, int]:
    info = path.stat()
    return path.read_bytes(), info.st_mtime_ns, info.st_ino


def folder_names(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


def child_env() -> dict[str, str]:
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in (str(ROOT), env.get("PYTHONPATH", "")) if p)
    return env


class FaultyOS:
    """Stands in for the `os` module inside workshop.storage: the named functions raise OSError(errno)
    (after letting `skip` calls through), everything else is the real `os`."""

    def __init__(self, faults: dict[str, int], skip: dict[str, int] | None = None):
        self._faults = faults
        self._skip = dict(skip or {})
        self.calls: Counter[str] = Counter()

    def __getattr__(self, name: str) -> Any:
        real = getattr(os, name)
        if name not in self._faults:
            return real

        def failing(*args: Any, **kwargs: Any) -> Any:
            self.calls[name] += 1
            if self._skip.get(name, 0) > 0:
                self._skip[name] -= 1
                return real(*args, **kwargs)
            code = self._faults[name]
            raise OSError(code, os.strerror(code))

        return failing


REASONS = {errno.ENOSPC: "the disk is full", errno.EROFS: "the disk is read-only",
           errno.EIO: "input/output error", errno.EACCES: "permission was refused"}

# (function that fails, errno): every step of a write before the rename.
FAULTS_BEFORE_RENAME = [
    ("open", errno.EROFS),    # read-only folder: the temporary file cannot be created
    ("open", errno.EACCES),
    ("open", errno.ENOSPC),
    ("write", errno.ENOSPC),  # disk full while writing
    ("write", errno.EIO),
    ("fsync", errno.EIO),
    ("fsync", errno.ENOSPC),
    ("close", errno.EIO),
    ("replace", errno.EROFS),
    ("replace", errno.EIO),
]


# --- atomic writes --------------------------------------------------------------------------------------


def test_atomic_write_replaces_the_file_whole_and_private(tmp_path: Path) -> None:
    target = tmp_path / "file.json"
    target.write_bytes(b"old")
    target.chmod(0o644)
    old_inode = target.stat().st_ino
    storage.atomic_write(target, b"new content")
    assert target.read_bytes() == b"new content"
    assert target.stat().st_ino != old_inode, "a new file is renamed over the old one, never written in place"
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert folder_names(tmp_path) == {"file.json"}


def test_atomic_write_syncs_file_then_folder(tmp_path: Path, monkeypatch) -> None:
    proxy = FaultyOS({})
    order: list[str] = []
    real_fsync, real_replace = os.fsync, os.replace

    def fsync(fd: int) -> None:
        order.append("fsync-dir" if stat.S_ISDIR(os.fstat(fd).st_mode) else "fsync-file")
        real_fsync(fd)

    def replace(a, b) -> None:
        order.append("replace")
        real_replace(a, b)

    monkeypatch.setattr(storage, "os", proxy)
    monkeypatch.setattr(proxy, "fsync", fsync, raising=False)
    monkeypatch.setattr(proxy, "replace", replace, raising=False)
    storage.atomic_write(tmp_path / "f.json", b"{}")
    assert order == ["fsync-file", "replace", "fsync-dir"]


@pytest.mark.parametrize("umask", [0o000, 0o022, 0o077])
def test_atomic_write_mode_is_0600_whatever_the_umask(tmp_path: Path, umask: int) -> None:
    old = os.umask(umask)
    try:
        storage.atomic_write(tmp_path / "f.json", b"{}")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "f.json").stat().st_mode) == 0o600


@pytest.mark.parametrize("func,code", FAULTS_BEFORE_RENAME)
def test_atomic_write_failure_keeps_old_file_and_leaves_no_temp(tmp_path: Path, monkeypatch, func, code) -> None:
    target = tmp_path / "f.json"
    storage.atomic_write(target, b'{"old": 1}')
    before = fingerprint(target)
    monkeypatch.setattr(storage, "os", FaultyOS({func: code}))
    with pytest.raises(StorageFailure) as info:
        storage.atomic_write(target, b'{"new": 2}')
    message = str(info.value)
    assert "\n" not in message and str(target) in message and REASONS.get(code, "") in message
    assert fingerprint(target) == before
    assert folder_names(tmp_path) == {"f.json"}


def test_storage_writes_sorted_keys_and_survives_lone_surrogates(tmp_path: Path) -> None:
    store = storage.AtomicJSONStorage(tmp_path / "f.json")
    store.write({"t": {"30": {"x": "b"}, "4": {"x": "caf\u00e9 \ud800"}}, "a": {}})
    raw = (tmp_path / "f.json").read_bytes()
    assert raw.index(b'"a"') < raw.index(b'"t"') and raw.index(b'"30"') < raw.index(b'"4"')
    assert store.read() == {"a": {}, "t": {"30": {"x": "b"}, "4": {"x": "caf\u00e9 \ud800"}}}


# --- one writer per session --------------------------------------------------------------------------------


def test_second_writer_in_same_process_is_refused_and_readers_still_work(session: Session) -> None:
    session.submit("first answer")
    with pytest.raises(SessionBusy) as info:
        Session.open(session.path.parent, session.id)
    message = str(info.value)
    assert "\n" not in message and str(session.path) in message and "open in another kiosk" in message
    assert texts(Session.read(session.path)) == ["first answer"]
    assert [i.id for i in list_sessions(session.path.parent)] == [session.id]
    session.submit("still writable")
    assert sorted(texts(session.path)) == ["first answer", "still writable"]


def test_second_writer_in_another_process_is_refused(session: Session) -> None:
    before = fingerprint(session.path)
    result = subprocess.run(
        [sys.executable, str(CHILD), str(session.path.parent), session.id, "x", "1"],
        capture_output=True, env=child_env(), timeout=60,
    )
    out = result.stdout.decode()
    assert result.returncode == 3, (out, result.stderr.decode())
    assert out.startswith("refused ") and "open in another kiosk" in out and out.count("\n") == 1
    assert fingerprint(session.path) == before


def test_writer_in_another_process_blocks_this_one_until_it_closes(tmp_path: Path) -> None:
    session = open_step_session(tmp_path / "s")
    session.submit("an answer")
    session.close()
    proc = subprocess.Popen(
        [sys.executable, str(CHILD), str(session.path.parent), session.id, "hold"],
        stdin=subprocess.PIPE, stdout=subprocess.PIPE, env=child_env(),
    )
    try:
        ready, _, _ = select.select([proc.stdout], [], [], 30)
        assert ready and proc.stdout.readline() == b"ready\n"
        with pytest.raises(SessionBusy):
            Session.open(session.path.parent, session.id)
        assert texts(session.path) == ["an answer"]  # read-only use still works
        assert list_sessions(session.path.parent)[0].answers == 1
        proc.stdin.close()
        assert proc.wait(timeout=30) == 0
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    Session.open(session.path.parent, session.id).close()


def test_release_keeps_the_lock_file_so_two_processes_never_both_hold_it(tmp_path: Path) -> None:
    """The old bug: release unlinked the lock file. A process that had already opened the old file
    could then lock that (unlinked) inode while a third process locked a new file: two writers."""
    path = tmp_path / "20261128-abcdef.json"
    first = storage.SessionLock(path)
    first.acquire()
    racing_fd = os.open(first.path, os.O_RDWR)  # a second process got as far as opening the lock file
    try:
        first.release()
        assert first.path.exists(), "release must not remove the lock file"
        third = storage.SessionLock(path)
        third.acquire()
        try:
            with pytest.raises(BlockingIOError):
                fcntl.flock(racing_fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        finally:
            third.release()
    finally:
        os.close(racing_fd)


def test_lock_file_is_removed_only_when_asked(tmp_path: Path) -> None:
    path = tmp_path / "20261128-abcdef.json"
    lock = storage.SessionLock(path)
    lock.acquire()
    assert lock.held and stat.S_IMODE(lock.path.stat().st_mode) == 0o600
    lock.release()
    assert lock.path.exists() and not lock.held
    lock.acquire()
    lock.release(remove_file=True)
    assert not lock.path.exists()
    lock.release()  # releasing twice is harmless


def test_opening_a_session_removes_temp_files_a_killed_writer_left(session: Session, tmp_path: Path) -> None:
    folder, session_id = session.path.parent, session.id
    session.close()
    leftover = folder / f".{session_id}.json.tmp-0123456789ab"
    leftover.write_bytes(b'{"half')
    other = folder / ".20261128-zzzzzz.json.tmp-0123456789ab"
    other.write_bytes(b"someone else's")
    reopened = Session.open(folder, session_id)
    try:
        assert not leftover.exists() and other.exists()
    finally:
        reopened.close()


# --- faults ---------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("func,code", FAULTS_BEFORE_RENAME)
def test_failed_submit_keeps_the_answer_and_the_file(session: Session, monkeypatch, func, code) -> None:
    session.submit("before the fault")
    folder = session.path.parent
    names, before = folder_names(folder), fingerprint(session.path)
    monkeypatch.setattr(storage, "os", FaultyOS({func: code}))

    with pytest.raises(StorageFailure) as info:
        session.submit("while the disk fails")
    message = str(info.value)
    assert "\n" not in message and str(session.path) in message and REASONS.get(code, "") in message
    assert [p["answer"]["text"] for p in session.pending] == ["while the disk fails"]
    assert "while the disk fails" in texts(session)  # still shown: nothing silently dropped
    with pytest.raises(StorageFailure):
        session.submit("a second one while it still fails")
    assert len(session.pending) == 2
    assert fingerprint(session.path) == before, "a failed write must not touch the previous file"
    assert folder_names(folder) == names, "no temporary file may be left behind"
    assert texts(Session.read(session.path)) == ["before the fault"]

    monkeypatch.setattr(storage, "os", os)  # the disk works again
    session.flush_pending()
    assert session.pending == []
    assert sorted(texts(Session.read(session.path))) == sorted(
        ["before the fault", "while the disk fails", "a second one while it still fails"]
    )
    assert folder_names(folder) == names


def test_fault_after_rename_is_reported_and_the_retry_stores_no_duplicate(session: Session, monkeypatch) -> None:
    """If only the folder sync fails, the new file is already in place: the failure is reported
    (the rename may not survive a power cut) and the retry must not store the answer twice."""
    names = folder_names(session.path.parent)
    faulty = FaultyOS({"fsync": errno.EIO}, skip={"fsync": 1})  # the file sync passes, the folder sync fails
    monkeypatch.setattr(storage, "os", faulty)
    with pytest.raises(StorageFailure) as info:
        session.submit("landed before the fault")
    assert "input/output error" in str(info.value)
    assert len(session.pending) == 1
    storage.read_raw(session.path)  # whatever happened, the file loads
    monkeypatch.setattr(storage, "os", os)
    session.submit("after the fault")
    assert session.pending == []
    assert sorted(texts(Session.read(session.path))) == ["after the fault", "landed before the fault"]
    assert folder_names(session.path.parent) == names


def test_failed_step_change_keeps_the_step(session: Session, monkeypatch) -> None:
    step, before = session.step.id, fingerprint(session.path)
    monkeypatch.setattr(storage, "os", FaultyOS({"write": errno.ENOSPC}))
    with pytest.raises(StorageFailure):
        session.next_step()
    with pytest.raises(StorageFailure):
        session.close_round()
    assert session.step.id == step and session.phase == "answering"
    assert fingerprint(session.path) == before
    monkeypatch.setattr(storage, "os", os)
    session.close_round()
    assert Session.read(session.path).phase == "closed"


def test_failed_create_leaves_no_session_file(tmp_path: Path, monkeypatch) -> None:
    folder = storage.ensure_sessions_dir(tmp_path / "sessions")
    monkeypatch.setattr(storage, "os", FaultyOS({"write": errno.ENOSPC}))
    with pytest.raises(StorageFailure) as info:
        Session.create(folder, find_pack("hymn-sheet"), "label", "1234")
    assert "the disk is full" in str(info.value)
    assert not list(folder.glob("*.json"))
    assert not [p for p in folder.iterdir() if storage.TMP_MARK in p.name], "no temporary file may be left behind"


def test_read_error_while_writing_is_a_storage_failure(session: Session, monkeypatch) -> None:
    def broken_open(*args: Any, **kwargs: Any):
        raise OSError(errno.EIO, os.strerror(errno.EIO))

    # The storage reuses what it last read while the file is unchanged; touch the file so the next
    # operation really reads the disk.
    os.utime(session.path, ns=(1, 1))
    monkeypatch.setattr(storage, "open", broken_open, raising=False)
    with pytest.raises(StorageFailure) as info:
        session.submit("kept")
    assert "input/output error" in str(info.value) and len(session.pending) == 1
    monkeypatch.delattr(storage, "open")
    session.flush_pending()
    assert texts(Session.read(session.path)) == ["kept"]


@pytest.mark.skipif(os.geteuid() == 0, reason="root writes into a 0500 folder anyway; covered by injected EROFS/EACCES")
def test_read_only_folder_for_real(session: Session) -> None:
    folder = session.path.parent
    before = fingerprint(session.path)
    folder.chmod(0o500)
    try:
        with pytest.raises(StorageFailure) as info:
            session.submit("kept in memory")
        assert "permission was refused" in str(info.value)
        assert len(session.pending) == 1 and fingerprint(session.path) == before
    finally:
        folder.chmod(0o700)
    session.flush_pending()
    assert texts(Session.read(session.path)) == ["kept in memory"]


def test_file_damaged_while_open_is_not_overwritten(session: Session) -> None:
    session.submit("one")
    session.path.write_bytes(b'{"meta": {"1": {"sch')  # damaged behind the kiosk's back
    before = fingerprint(session.path)
    with pytest.raises(SessionFileError) as info:
        session.submit("two")
    assert str(session.path) in str(info.value) and "\n" not in str(info.value)
    assert fingerprint(session.path) == before
    assert [p["answer"]["text"] for p in session.pending] == ["two"]


# --- damaged, foreign and newer files -----------------------------------------------------------------------


def _valid_bytes(tmp_path: Path) -> bytes:
    session = open_step_session(tmp_path / "make")
    session.submit("an answer")
    session.close()
    return session.path.read_bytes()


def _with_meta(raw: bytes, **changes: Any) -> bytes:
    data = json.loads(raw)
    meta = next(iter(data["meta"].values()))
    meta.update(changes)
    return json.dumps(data).encode()


def _with_table(raw: bytes, name: str, value: Any) -> bytes:
    data = json.loads(raw)
    data[name] = value
    return json.dumps(data).encode()


BAD_FILES = {
    "empty": (lambda raw: b"", "empty"),
    "blank": (lambda raw: b"  \n\n", "empty"),
    "truncated": (lambda raw: raw[: len(raw) // 2], "damaged or truncated"),
    "truncated-by-one": (lambda raw: raw[:-1], "damaged or truncated"),
    "garbage": (lambda raw: b"\x00\xff\xfe binary", "damaged or truncated"),
    "not-utf8": (lambda raw: raw.replace(b"an answer", b"an \xff answer"), "damaged or truncated"),
    "deeply-nested": (lambda raw: b"[" * 200_000, "damaged or truncated"),
    "a-list": (lambda raw: b"[1, 2, 3]", "not a workshop session"),
    "other-tinydb-file": (lambda raw: b'{"_default": {"1": {"name": "x"}}}', "not a workshop session"),
    "meta-without-schema": (lambda raw: b'{"meta": {"1": {"hello": 1}}}', "not a workshop session"),
    "newer-schema": (lambda raw: _with_meta(raw, schema=2), "newer version"),
    "schema-as-text": (lambda raw: _with_meta(raw, schema="1"), "unknown schema"),
    "schema-as-bool": (lambda raw: _with_meta(raw, schema=True), "unknown schema"),
    "schema-zero": (lambda raw: _with_meta(raw, schema=0), "unknown schema"),
    "no-pack": (lambda raw: _with_meta(raw, pack=None), "question pack"),
    # read_raw only checks that a pack is there; Session checks the pack itself.
    "damaged-pack": (lambda raw: _with_meta(raw, pack={"format": 99}), "question pack"),
    "round-as-text": (lambda raw: _with_meta(raw, round="x"), "'round'"),
    "step-as-list": (lambda raw: _with_meta(raw, step=["x"]), "'step'"),
    "answers-not-a-table": (lambda raw: _with_table(raw, "answers", [1, 2]), "'answers' table"),
    "answer-not-a-document": (lambda raw: _with_table(raw, "answers", {"5": "text"}), "'answers' table"),
    "answer-id-not-a-number": (lambda raw: _with_table(raw, "answers", {"x": {}}), "'answers' table"),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_bad_session_file_gets_one_line_error_and_is_never_modified(tmp_path: Path, case: str) -> None:
    make, expected = BAD_FILES[case]
    folder = tmp_path / "sessions"
    good = open_step_session(folder)
    good.submit("a good answer")
    good.close()
    bad = folder / "20261127-bad234.json"
    bad.write_bytes(make(_valid_bytes(tmp_path)))
    os.utime(bad, ns=(1_000_000_000_000_000_000, 1_000_000_000_000_000_000))
    before = fingerprint(bad)

    attempts = [lambda: Session.read(bad), lambda: Session.open(folder, bad.stem), lambda: Session.open(folder, bad.stem)]
    if case != "damaged-pack":
        attempts.append(lambda: storage.read_raw(bad))
    for attempt in attempts:
        with pytest.raises(SessionFileError) as info:
            attempt()
        message = str(info.value)
        assert not isinstance(info.value, SessionBusy), "a failed open must release the lock"
        assert "\n" not in message and str(bad) in message and expected in message, message
        assert fingerprint(bad) == before

    infos = {i.id: i for i in list_sessions(folder)}
    assert infos[good.id].answers == 1 and not infos[good.id].error
    assert infos[bad.stem].state == "unreadable" and str(bad) in infos[bad.stem].error
    assert fingerprint(bad) == before


def test_missing_file_and_folder_are_one_line_errors(tmp_path: Path) -> None:
    with pytest.raises(SessionFileError, match="no such session file"):
        storage.read_raw(tmp_path / "20261128-abcdef.json")
    (tmp_path / "20261128-abcdef.json").mkdir()
    with pytest.raises(SessionFileError, match="not a workshop session file"):
        storage.read_raw(tmp_path / "20261128-abcdef.json")


def test_schema_1_round_trips(filled_session_path: Path) -> None:
    raw = filled_session_path.read_bytes()
    data = storage.read_raw(filled_session_path)
    assert next(iter(data["meta"].values()))["schema"] == storage.SCHEMA_VERSION == 1
    assert storage.migrate(json.loads(raw)) == data
    assert storage.encode(data) == raw, "reading and writing again gives the same bytes"
    session = Session.open(filled_session_path.parent, filled_session_path.stem)
    session.close()
    assert filled_session_path.read_bytes() == raw


# --- anonymity -------------------------------------------------------------------------------------------------


def _spearman(order: list[int]) -> float:
    n = len(order)
    return 1 - 6 * sum((rank - i) ** 2 for i, rank in enumerate(order)) / (n * (n * n - 1))


def _file_order(path: Path, step_id: str) -> list[int]:
    """Turn numbers of the answers, in the order the file holds them."""
    data = json.loads(path.read_bytes())  # json keeps the file's key order
    return [int(a["answer"]["text"].split()[-1]) for a in data["answers"].values() if a["step"] == step_id]


def test_file_order_says_nothing_about_turn_order(tmp_path: Path) -> None:
    sessions, turns = 200, 8
    folder = tmp_path / "sessions"
    template = open_step_session(folder)
    step_id, template_raw = template.step.id, None
    template.close()
    template_raw = json.loads(template.path.read_bytes())
    ids: set[str] = {template.id}
    correlations, first_positions = [], Counter()
    for _ in range(sessions):
        session_id = storage.new_session_id()
        while session_id in ids:
            session_id = storage.new_session_id()
        ids.add(session_id)
        next(iter(template_raw["meta"].values()))["session"] = session_id
        storage.atomic_write(folder / f"{session_id}.json", storage.encode(template_raw))
        session = Session.open(folder, session_id)
        try:
            for turn in range(turns):
                session.submit(f"answer from turn {turn}")
        finally:
            session.close()
        order = _file_order(session.path, step_id)
        assert sorted(order) == list(range(turns))
        correlations.append(_spearman([order.index(turn) for turn in range(turns)]))
        first_positions[order.index(0)] += 1

    mean = sum(correlations) / sessions
    expected = sessions / turns
    chi2 = sum((first_positions[p] - expected) ** 2 / expected for p in range(turns))
    print(f"\nturn order vs file order over {sessions} sessions x {turns} answers: mean Spearman rho {mean:+.3f}; "
          f"first answer's position counts {[first_positions[p] for p in range(turns)]} (chi-square {chi2:.1f}, 7 df)")
    # Under a random order rho averages 0 with a standard error of about 0.027 here.
    assert abs(mean) < 0.15
    # 7 degrees of freedom: chi-square above 35 has probability below 2e-5 for a uniform position.
    assert chi2 < 35

    # The same measure does see the order that TinyDB's own increasing ids would give.
    with TinyDB(tmp_path / "plain.json", storage=JSONStorage) as plain:
        for turn in range(turns):
            plain.table("answers").insert({"step": step_id, "answer": {"text": f"answer from turn {turn}"}})
    order = _file_order(tmp_path / "plain.json", step_id)
    assert _spearman([order.index(turn) for turn in range(turns)]) == 1.0


def test_answer_documents_hold_nothing_that_links_them_to_a_turn(filled_session_path: Path) -> None:
    data = storage.read_raw(filled_session_path)
    answers = data["answers"]
    assert len(answers) >= 10
    for doc in answers.values():
        assert set(doc) <= ANSWER_KEYS, set(doc) - ANSWER_KEYS
        assert {"step", "round", "kind"} <= set(doc)
        assert ("answer" in doc) != bool(doc.get("passed"))
    ids = sorted(int(doc_id) for doc_id in answers)
    assert ids != list(range(ids[0], ids[0] + len(ids))), "document ids must not count turns"
    assert max(ids) > 2**32

    def keys(value: Any):
        if isinstance(value, dict):
            for key, inner in value.items():
                yield key
                yield from keys(inner)
        elif isinstance(value, list):
            for inner in value:
                yield from keys(inner)

    suspicious = {"time", "timestamp", "ts", "at", "seq", "sequence", "turn", "order", "device", "user", "name"}
    for table in ("answers", "notes"):
        assert not suspicious & set(keys(data.get(table, {})))


# --- permissions ----------------------------------------------------------------------------------------------


def test_session_folder_0700_and_files_0600(tmp_path: Path) -> None:
    old = os.umask(0)
    try:
        session = open_step_session(tmp_path / "new" / "sessions")
        session.submit("x")
    finally:
        os.umask(old)
    try:
        assert stat.S_IMODE(session.path.parent.stat().st_mode) == 0o700
        assert stat.S_IMODE(session.path.stat().st_mode) == 0o600
        assert stat.S_IMODE(session.path.with_suffix(".lock").stat().st_mode) == 0o600
    finally:
        session.close()


def test_existing_open_folder_is_made_private(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir()
    folder.chmod(0o755)
    assert storage.ensure_sessions_dir(folder) == folder
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_sessions_folder_that_is_a_file_is_refused(tmp_path: Path) -> None:
    (tmp_path / "sessions").write_text("x")
    with pytest.raises(StorageFailure, match="not a folder"):
        storage.ensure_sessions_dir(tmp_path / "sessions")


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_summary_file_is_0600(filled_session: Session, fmt: str) -> None:
    from workshop.summary import write_summary

    old = os.umask(0)
    try:
        path = write_summary(filled_session, fmt)
    finally:
        os.umask(old)
    assert stat.S_IMODE(path.stat().st_mode) == 0o600


# --- path safety ------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("bad", [
    "", "../x", "../../etc/passwd", "/etc/passwd", "/tmp/20261128-abcdef", "20261128-abcdef/../x",
    "20261128-abcdef\n", "20261128-abcdef.json", "20261128-ABCDEF", " 20261128-abcdef", "20261128_abcdef",
    "2026112-abcdef", "20261128-abcdefg", ".", "..", "~", "20261128-abc\x00ef", None,
])
def test_session_ids_cannot_leave_the_sessions_folder(tmp_path: Path, bad: Any) -> None:
    folder = tmp_path / "a" / "sessions"
    folder.mkdir(parents=True)
    with pytest.raises(SessionFileError) as info:
        storage.check_session_id(bad)
    assert "\n" not in str(info.value) and "not a session id" in str(info.value)
    with pytest.raises(SessionFileError):
        Session.open(folder, bad)
    assert list(tmp_path.rglob("*")) == [tmp_path / "a", folder], "nothing may be created anywhere"


def test_new_session_ids_are_valid() -> None:
    for _ in range(200):
        session_id = storage.new_session_id()
        assert storage.check_session_id(session_id) == session_id


# --- latency ------------------------------------------------------------------------------------------------------


def test_each_answer_is_one_atomic_write(session: Session, monkeypatch) -> None:
    """One answer costs one atomic write of the file, whatever came before (the latency figures are in
    bench/: `python -m bench.run --only commit`)."""
    writes = []
    real_write = storage.atomic_write
    monkeypatch.setattr(storage, "atomic_write", lambda path, payload: writes.append(len(payload)) or real_write(path, payload))
    for i in range(200):
        within_a_hang_bound(session.submit, f"answer {i}")
    assert len(writes) == 200
    assert len(texts(Session.read(session.path))) == 200
