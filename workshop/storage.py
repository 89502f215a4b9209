"""Session files on disk: one TinyDB JSON file per session, written atomically, one writer at a time.

The file format is documented in docs/session-format.md. Three rules shape this module:

* Nothing is written in place: `AtomicJSONStorage` writes a new file beside the old one, fsyncs it,
  renames it over the old one and fsyncs the folder, so a crash leaves either the old or the new
  file, never a torn one. A write that fails leaves the old file as it was and no temporary file.
* Answers carry random document ids and the file is written with sorted keys, so the order of
  answers in the file says nothing about the order of turns.
* Only one process may write a session: `SessionLock` holds an exclusive `flock` on a lock file
  beside the session file for as long as a kiosk or command has it open for writing. The lock file
  is never removed while the session exists (removing it would let two processes lock two different
  files); `workshop delete` removes it together with the session.
"""

from __future__ import annotations

import errno
import fcntl
import json
import os
import re
import secrets
import stat
import time
from datetime import date
from pathlib import Path
from typing import Any

from tinydb import TinyDB
from tinydb.storages import Storage
from tinydb.table import Document

from .errors import SessionBusy, SessionFileError, StorageFailure  # noqa: F401 (part of this module's API)

SCHEMA_VERSION = 1
SUFFIX = ".json"
LOCK_SUFFIX = ".lock"
TMP_MARK = ".tmp-"
# `\Z`, not `$`: `$` also matches before a trailing newline.
SESSION_ID_RE = re.compile(r"^[0-9]{8}-[a-z0-9]{6}\Z")
MAX_SESSION_BYTES = 64 * 1024 * 1024
FILE_MODE = 0o600
DIR_MODE = 0o700
_DOC_ID_RE = re.compile(r"^[1-9][0-9]{0,17}\Z")


def default_sessions_dir() -> Path:
    return Path(os.environ.get("WORKSHOP_SESSIONS_DIR") or "sessions")


def new_session_id(today: date | None = None) -> str:
    day = (today or date.today()).strftime("%Y%m%d")
    alphabet = "abcdefghijkmnpqrstuvwxyz23456789"
    return f"{day}-{''.join(secrets.choice(alphabet) for _ in range(6))}"


def check_session_id(session_id: str) -> str:
    """Refuse anything that is not a session id, so ids never lead outside the sessions folder."""
    if not isinstance(session_id, str) or not SESSION_ID_RE.match(session_id):
        shown = session_id if isinstance(session_id, str) else ""
        raise SessionFileError(
            f"{shown!r} is not a session id (they look like 20261128-k3f9a2); see 'workshop sessions'"
        )
    return session_id


def ensure_sessions_dir(folder: Path, what: str = "the sessions folder") -> Path:
    """Create the sessions folder (or another private folder: `what`) if needed, make it private
    (0700) and return it."""
    folder = Path(folder)
    try:
        folder.mkdir(mode=DIR_MODE, parents=True, exist_ok=True)
        info = folder.stat()
        if not stat.S_ISDIR(info.st_mode):
            raise StorageFailure(f"cannot use {folder} as {what}: it is not a folder")
        # mkdir's mode is filtered by the umask and an existing folder keeps its mode: set it exactly,
        # on a folder this user owns, so only this user can list or open the sessions.
        if stat.S_IMODE(info.st_mode) != DIR_MODE and info.st_uid == os.geteuid():
            os.chmod(folder, DIR_MODE)
        remove_stray_temp_files(folder)
    except FileExistsError:
        raise StorageFailure(f"cannot use {folder} as {what}: it is not a folder") from None
    except OSError as error:
        raise StorageFailure(f"cannot create {what} {folder}: {_reason(error)}") from error
    return folder


def random_doc_id() -> int:
    """A document id that reveals nothing about when the document was added."""
    return secrets.randbits(52) + 1


def _one_line(text: str) -> str:
    return " ".join(str(text).split())


def _reason(error: OSError) -> str:
    reasons = {
        errno.ENOSPC: "the disk is full",
        errno.EDQUOT: "the disk quota is used up",
        errno.EROFS: "the disk is read-only",
        errno.EACCES: "permission was refused",
        errno.EPERM: "permission was refused",
        errno.EIO: "the disk reported an input/output error",
        errno.ENOENT: "the folder no longer exists",
    }
    return reasons.get(error.errno or 0) or _one_line(error.strerror or str(error) or type(error).__name__)


def _describe_os_error(error: OSError, path: Path) -> str:
    return f"could not save {path}: {_reason(error)}"


class AtomicJSONStorage(Storage):
    """A TinyDB storage that never rewrites a file in place.

    `write` goes to `.<file>.tmp-<random>` in the same folder, is flushed and fsynced, renamed over
    the file, and then the folder is fsynced. Keys are written sorted so that random document ids
    scatter answers. Failures raise `StorageFailure` (could not read or write) or `SessionFileError`
    (the file on disk is not a usable session; it is left as it is).
    """

    def __init__(self, path: str | os.PathLike, create: bool = True, **_ignored: Any):
        self.path = Path(path)
        self.create = create
        # The data last read or written, and the file's identity then (inode, size, mtime). TinyDB
        # reads the whole file before every operation; while the file is unchanged the parsed copy
        # is reused. Any change on disk (or a failed write) drops it.
        self._cache: dict[str, dict[str, Any]] | None = None
        self._stamp: tuple[int, int, int] | None = None

    def _file_stamp(self) -> tuple[int, int, int] | None:
        try:
            st = os.stat(self.path)
        except OSError:
            return None
        return (st.st_ino, st.st_size, st.st_mtime_ns)

    def read(self) -> dict[str, dict[str, Any]] | None:
        if self._cache is not None and self._stamp is not None and self._file_stamp() == self._stamp:
            return self._cache
        self._cache = None
        stamp = self._file_stamp()
        data = self._read_file()
        if data is not None:
            self._cache, self._stamp = data, stamp
        return data

    def _read_file(self) -> dict[str, dict[str, Any]] | None:
        try:
            with open(self.path, "rb") as handle:
                raw = handle.read(MAX_SESSION_BYTES + 1)
        except FileNotFoundError:
            return None  # a session being created: the first write makes the file
        except OSError as error:
            raise StorageFailure(f"could not read {self.path}: {_reason(error)}") from error
        if len(raw) > MAX_SESSION_BYTES:
            raise SessionFileError(f"{self.path}: the file is too large to be a session; it was left as it is")
        if not raw.strip():
            # Never treat an emptied file as an empty database: the next write would replace it.
            raise SessionFileError(f"{self.path}: the file is empty, so it holds no session; it was left as it is")
        try:
            data = json.loads(raw)
        except (ValueError, RecursionError):
            raise SessionFileError(
                f"{self.path}: the file is damaged or truncated (not valid JSON); it was left as it is"
            ) from None
        if not isinstance(data, dict) or not all(isinstance(table, dict) for table in data.values()):
            raise SessionFileError(f"{self.path}: this is not a workshop session file; it was left as it is")
        return data

    def write(self, data: dict[str, dict[str, Any]]) -> None:
        self._cache = None  # TinyDB changed the cached dict in place: only a successful write keeps it
        atomic_write(self.path, encode(data))
        self._cache, self._stamp = data, self._file_stamp()

    def close(self) -> None:
        pass


def encode(data: Any) -> bytes:
    """The session file's bytes: sorted keys (so random ids scatter the answers), UTF-8."""
    try:
        text = json.dumps(data, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
        return text.encode("utf-8")
    except UnicodeEncodeError:
        # A lone surrogate (pasted from a broken terminal) cannot be UTF-8; \u escapes keep it
        # loadable instead of blocking every later write.
        return json.dumps(data, sort_keys=True, ensure_ascii=True, separators=(",", ":")).encode("ascii")


def _temp_name(path: Path) -> Path:
    return path.with_name(f".{path.name}{TMP_MARK}{secrets.token_hex(6)}")


def _fsync_folder(folder: Path) -> None:
    dir_fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    try:
        os.fsync(dir_fd)
    except OSError as error:
        # Some file systems cannot sync a folder at all; that is not a failed write.
        if error.errno not in (errno.EINVAL, errno.ENOTSUP, errno.EOPNOTSUPP):
            raise
    finally:
        os.close(dir_fd)


def atomic_write(path: Path, payload: bytes) -> None:
    """Write bytes to `path` so that a crash leaves the old file or the new one, whole.

    The new file is private (0600) whatever the umask. Raises StorageFailure with a one-line message;
    on failure no temporary file is left and the old file is untouched. (If only the final folder
    sync fails, the new content is already in place but may not survive a power cut; the failure is
    still reported.)
    """
    path = Path(path)
    folder = path.parent
    tmp = _temp_name(path)
    created = False
    try:
        fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
        created = True
        try:
            os.fchmod(fd, FILE_MODE)  # the umask can only remove bits; make it exactly 0600
            view = memoryview(payload)
            while view:
                written = os.write(fd, view)
                if written <= 0:
                    raise OSError(errno.EIO, "short write")
                view = view[written:]
            os.fsync(fd)
        finally:
            os.close(fd)
        os.replace(tmp, path)
        created = False
        _fsync_folder(folder)
    except BaseException as error:
        if created:
            try:
                os.unlink(tmp)
            except OSError:
                pass
        if isinstance(error, OSError):
            raise StorageFailure(_describe_os_error(error, path)) from error
        raise


def temp_files(path: Path) -> list[Path]:
    """Temporary files that writes of `path` left behind (only after a crash or a kill)."""
    prefix = f".{path.name}{TMP_MARK}"
    try:
        return sorted(p for p in path.parent.iterdir() if p.name.startswith(prefix))
    except OSError:
        return []


def remove_temp_files(path: Path) -> None:
    """Remove what a killed writer of `path` left behind. Call only while holding its lock."""
    for leftover in temp_files(path):
        try:
            if leftover.is_file() and not leftover.is_symlink():
                leftover.unlink()
        except OSError:
            pass


STRAY_AGE_SECONDS = 60


def remove_stray_temp_files(folder: Path) -> list[Path]:
    """Remove the temporary files killed writers left in a folder; return the ones removed.

    A session's temporary copy (`.<id>.json.tmp-...`) is removed only while nobody writes that session
    (its lock is free; every writer of a session holds it). Any other temporary file (a summary's, a
    report's) has no lock, so it is removed once it is older than a minute, which no real write takes.
    """
    removed: list[Path] = []
    try:
        leftovers = [p for p in Path(folder).iterdir() if p.name.startswith(".") and TMP_MARK in p.name]
    except OSError:
        return removed
    now = time.time()
    for leftover in leftovers:
        base = leftover.name[1:leftover.name.index(TMP_MARK)]
        target = leftover.with_name(base)
        try:
            if not leftover.is_file() or leftover.is_symlink():
                continue
            if base.endswith(SUFFIX) and SESSION_ID_RE.match(base[: -len(SUFFIX)]):
                lock = SessionLock(target)
                if not lock.path.exists():
                    leftover.unlink()  # no lock file: nobody can be writing this session
                else:
                    try:
                        lock.acquire()  # removes the session's temporary files
                    except (SessionBusy, StorageFailure):
                        continue
                    lock.release()
            elif now - leftover.stat().st_mtime > STRAY_AGE_SECONDS:
                leftover.unlink()
        except OSError:
            continue
        if not leftover.exists():
            removed.append(leftover)
    return removed


def tidy_sessions_dir(folder: Path) -> None:
    """What every command that writes into the sessions folder does first: make it private (0700)
    and remove what killed writers left behind. Best effort: a folder that cannot be changed is left
    as it is, and the write that follows says why it fails."""
    folder = Path(folder)
    try:
        info = folder.stat()
        if stat.S_ISDIR(info.st_mode) and stat.S_IMODE(info.st_mode) != DIR_MODE and info.st_uid == os.geteuid():
            os.chmod(folder, DIR_MODE)
    except OSError:
        return
    remove_stray_temp_files(folder)


class SessionLock:
    """An exclusive, non-blocking lock on one session, held while the session is open for writing.

    `path` is the session file; the lock is `<id>.lock` beside it. The lock file stays after
    `release` (unlinking it would let a process that already opened it, and one that creates a new
    one, both hold "the" lock); only deleting the session removes it (`release(remove_file=True)`).
    """

    def __init__(self, path: Path):
        self.session_path = Path(path)
        self.path = self.session_path.with_suffix(LOCK_SUFFIX)
        self._fd: int | None = None

    def _busy(self) -> SessionBusy:
        return SessionBusy(
            f"{self.session_path}: this session is open in another kiosk or command; close that first"
        )

    def acquire(self) -> None:
        if self._fd is not None:
            return
        for _attempt in range(5):
            try:
                fd = os.open(self.path, os.O_RDWR | os.O_CREAT | getattr(os, "O_CLOEXEC", 0), FILE_MODE)
            except OSError as error:
                raise StorageFailure(_describe_os_error(error, self.path)) from error
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os.close(fd)
                raise self._busy() from None
            except OSError as error:
                os.close(fd)
                raise StorageFailure(f"could not lock {self.session_path}: {_reason(error)}") from error
            # The file we locked must still be the one at the path (it may have been removed by a
            # delete between our open and our flock); otherwise lock the new one.
            try:
                same = os.path.samestat(os.fstat(fd), os.stat(self.path))
            except OSError:
                same = False
            if same:
                self._fd = fd
                remove_temp_files(self.session_path)
                return
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
        raise self._busy()

    def release(self, remove_file: bool = False) -> None:
        """Unlock. `remove_file=True` (only when the session itself was just deleted) also removes the lock file."""
        if self._fd is None:
            return
        fd, self._fd = self._fd, None
        try:
            if remove_file:
                try:
                    self.path.unlink()
                except OSError:
                    pass
            fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)

    @property
    def held(self) -> bool:
        return self._fd is not None


def open_db(path: Path) -> TinyDB:
    db = TinyDB(path, storage=AtomicJSONStorage)
    return db


# Documents whose write raised after an id was chosen, by object identity: the failed write may have
# reached the file (a rename that happened before the folder sync failed), so a retry of the same
# document reuses its id and rewrites it instead of adding a second copy.
_unsettled: dict[int, tuple[Any, int]] = {}


def insert_scattered(table, document: dict[str, Any]) -> int:
    """Insert with a random document id, so ids carry no order. Returns the id once it is on disk.

    Retrying the same document object after a failure never stores it twice.
    """
    key = id(document)
    held = _unsettled.get(key)
    doc_id = held[1] if held is not None and held[0] is document else None
    try:
        if doc_id is None:
            doc_id = random_doc_id()
            while table.contains(doc_id=doc_id):
                doc_id = random_doc_id()
            table.insert(Document(document, doc_id=doc_id))
        elif table.contains(doc_id=doc_id):
            table.update(dict(document), doc_ids=[doc_id])  # already in the file: write it (and sync) again
        else:
            table.insert(Document(document, doc_id=doc_id))
    except BaseException:
        if doc_id is not None:
            _unsettled[key] = (document, doc_id)
        raise
    _unsettled.pop(key, None)
    return doc_id


def reserved_id(document: dict[str, Any]) -> int:
    """The document id `document` has if a failed write may already have put it in the file (so that
    a rescue of it can be recognised there), else a fresh random one."""
    held = _unsettled.get(id(document))
    return held[1] if held is not None and held[0] is document else random_doc_id()


def read_raw(path: Path) -> dict[str, Any]:
    """Read a session file for inspection, without TinyDB and without changing it.

    Raises SessionFileError with one line naming the file for anything that is not a usable session.
    """
    path = Path(path)
    try:
        info = path.stat()
    except FileNotFoundError:
        raise SessionFileError(f"{path}: no such session file") from None
    except OSError as error:
        raise SessionFileError(f"{path}: cannot be read ({_reason(error)})") from error
    if not stat.S_ISREG(info.st_mode):
        raise SessionFileError(f"{path}: this is not a workshop session file")
    size = info.st_size
    if size == 0:
        raise SessionFileError(f"{path}: the file is empty, so it holds no session; it was left as it is")
    if size > MAX_SESSION_BYTES:
        raise SessionFileError(f"{path}: the file is too large to be a session ({size} bytes)")
    try:
        raw = path.read_bytes()
    except OSError as error:
        raise SessionFileError(f"{path}: cannot be read ({_reason(error)})") from error
    if not raw.strip():
        raise SessionFileError(f"{path}: the file is empty, so it holds no session; it was left as it is")
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        raise SessionFileError(f"{path}: the file is damaged or truncated (not valid JSON); it was left as it is") from None
    not_session = SessionFileError(f"{path}: this is not a workshop session file")
    if not isinstance(data, dict) or not isinstance(data.get("meta"), dict) or len(data["meta"]) != 1:
        raise not_session
    meta = next(iter(data["meta"].values()))
    if not isinstance(meta, dict) or "schema" not in meta:
        raise not_session
    schema = meta.get("schema")
    if type(schema) is not int or schema < 1:
        raise SessionFileError(f"{path}: unknown schema version {schema!r}")
    if schema > SCHEMA_VERSION:
        raise SessionFileError(
            f"{path}: written by a newer version of the app (schema {schema}, this app reads up to {SCHEMA_VERSION}); upgrade to open it"
        )
    if not isinstance(meta.get("pack"), dict):
        raise SessionFileError(f"{path}: the question pack stored in this session is missing")
    for name, table in data.items():
        if not isinstance(table, dict):
            raise SessionFileError(f"{path}: the '{_shown(name)}' table is damaged")
        for doc_id, doc in table.items():
            if not _DOC_ID_RE.match(doc_id) or not isinstance(doc, dict):
                raise SessionFileError(f"{path}: the '{_shown(name)}' table is damaged")
    check_session_fields(path, data)
    return data


# --- the fields of a session file -----------------------------------------------------------------------
#
# Every field the app reads from a session file is checked here, once, as the file is read: its type
# and its range. Everything after this (sessions, summaries, exports, reports, the kiosk) can then
# trust the data. A problem is one line naming the file and the field. The pack stored in the meta
# document is checked by `packs.parse_pack` when the session is loaded.

PHASES = ("answering", "closed", "revealed")
STATES = ("running", "finished")
MAX_ROUND = 10_000
MAX_TEXT = 100_000  # far above what the kiosk stores (answers 2,000, notes 5,000 characters)
MAX_LABEL = 1_000
MAX_ITEMS = 1_000
MAX_VALUE = 1_000
_DATE_RE = re.compile(r"^[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")
ANSWER_DOC_KEYS = frozenset({"step", "round", "kind", "answer", "passed", "redacted", "group"})
_ANSWER_TEXT_KEYS = ("text", "action", "level", "lens", "measure")


def _shown(name: object) -> str:
    text = _one_line(str(name))[:40]
    return "".join(c if c.isprintable() else "?" for c in text)


class _Field:
    """Checks for one field of one document; every failure names the file and the field."""

    def __init__(self, path: Path, where: str):
        self.path, self.where = path, where

    def bad(self, field: str, why: str) -> SessionFileError:
        return SessionFileError(f"{self.path}: {self.where} field '{_shown(field)}' {why}; the file was left as it is")

    def text(self, doc: dict[str, Any], field: str, limit: int = MAX_TEXT, required: bool = False) -> None:
        if field not in doc:
            if required:
                raise self.bad(field, "is missing")
            return
        value = doc[field]
        if not isinstance(value, str):
            raise self.bad(field, "is not text")
        if len(value) > limit:
            raise self.bad(field, f"is longer than {limit} characters")

    def integer(self, doc: dict[str, Any], field: str, low: int, high: int, required: bool = False) -> None:
        if field not in doc:
            if required:
                raise self.bad(field, "is missing")
            return
        value = doc[field]
        if type(value) is not int:
            raise self.bad(field, "is not a whole number")
        if not low <= value <= high:
            raise self.bad(field, f"is not between {low} and {high}")

    def one_of(self, doc: dict[str, Any], field: str, allowed: tuple[str, ...]) -> None:
        if field in doc and doc[field] not in allowed:
            raise self.bad(field, "is not one of " + ", ".join(allowed))

    def date(self, doc: dict[str, Any], field: str, nullable: bool = False) -> None:
        if field not in doc or (nullable and doc[field] is None):
            return
        # Another tool may have added a time of day; it is tolerated (and never printed).
        value = doc[field]
        if not isinstance(value, str) or len(value) > 64 or not _DATE_RE.match(value[:10]):
            raise self.bad(field, "is not a date (YYYY-MM-DD)")
        try:
            date.fromisoformat(value[:10])
        except ValueError:
            raise self.bad(field, "is not a date (YYYY-MM-DD)") from None

    def flag(self, doc: dict[str, Any], field: str) -> None:
        if field in doc and not isinstance(doc[field], bool):
            raise self.bad(field, "is not true or false")


def check_session_fields(path: Path, data: dict[str, Any]) -> None:
    """Check the type and range of every field the app reads; raise SessionFileError (one line)."""
    meta = next(iter(data["meta"].values()))
    check = _Field(path, "the session's")
    for field in ("session", "pack_id", "pack_title", "step"):
        check.text(meta, field, MAX_LABEL)
    check.text(meta, "label", MAX_LABEL)
    check.date(meta, "created")
    check.date(meta, "finished", nullable=True)
    check.one_of(meta, "state", STATES)
    check.one_of(meta, "phase", PHASES)
    check.integer(meta, "round", 1, MAX_ROUND)
    if "phases" in meta:
        phases = meta["phases"]
        if not isinstance(phases, dict) or len(phases) > MAX_ITEMS or not all(v in PHASES for v in phases.values()):
            raise check.bad("phases", "is damaged")
    check.text(meta, "board_ask", MAX_LABEL)  # what the board is asked to note or decide (the end screen)
    check.date(meta, "review_date", nullable=True)  # when the group reviews its actions
    if meta.get("room") is not None:  # how many people are in the room: a number, never who
        check.integer(meta, "room", 1, 99)
    if "skipped" in meta:  # the optional steps left out to fit the time
        skipped = meta["skipped"]
        if not isinstance(skipped, list) or len(skipped) > MAX_ITEMS or not all(
            isinstance(s, str) and len(s) <= MAX_LABEL for s in skipped
        ):
            raise check.bad("skipped", "is damaged")
    if "pin" in meta:
        pin = meta["pin"]
        # A PIN record missing a part only means no PIN matches; a part of the wrong type is damage.
        if not isinstance(pin, dict) or not all(
            isinstance(pin[k], str) and len(pin[k]) <= 256 for k in ("kdf", "salt", "hash") if k in pin
        ) or not all(type(pin[k]) is int and 1 <= pin[k] <= 2**20 for k in ("n", "r", "p") if k in pin):
            raise check.bad("pin", "is damaged")
    for doc_id, doc in data.get("answers", {}).items():
        _check_answer_doc(_Field(path, f"answer {doc_id}:"), doc)
    for doc_id, doc in data.get("notes", {}).items():
        note = _Field(path, f"note {doc_id}:")
        note.text(doc, "step", MAX_LABEL, required=True)
        note.text(doc, "text", MAX_TEXT)


def check_answer_doc(path: Path, where: str, doc: dict[str, Any]) -> None:
    """Check one answer document (from a session file or a rescue file)."""
    _check_answer_doc(_Field(path, where), doc)


def _check_answer_doc(check: _Field, doc: dict[str, Any]) -> None:
    for field in doc:
        if field not in ANSWER_DOC_KEYS:
            raise check.bad(field, "is not part of an answer")
    check.text(doc, "step", MAX_LABEL, required=True)
    check.integer(doc, "round", 1, MAX_ROUND, required=True)
    check.text(doc, "kind", MAX_LABEL)
    check.flag(doc, "passed")
    check.flag(doc, "redacted")
    check.flag(doc, "group")  # the room's one answer at a group step
    if "answer" not in doc:
        if not doc.get("passed"):
            raise check.bad("answer", "is missing")
        return
    answer = doc["answer"]
    if not isinstance(answer, dict) or len(answer) > MAX_ITEMS:
        raise check.bad("answer", "is damaged")
    for key in _ANSWER_TEXT_KEYS:
        check.text(answer, key, MAX_TEXT)
    check.integer(answer, "value", -MAX_VALUE, MAX_VALUE)
    for key, value in answer.items():
        if key in _ANSWER_TEXT_KEYS or key == "value":
            continue
        # Any other part of an answer (the choices of a list, the cards of a sort, an action turn's
        # actions) is a short list of texts or of flat mappings of texts, or a mapping of texts to texts
        # or to counts (a group's answer): nothing nested deeper, nothing else.
        if isinstance(value, list):
            # texts (a choice), or flat mappings of texts (an action turn's actions: each its words, level and lens)
            ok = len(value) <= MAX_ITEMS and all(
                (isinstance(v, str) and len(v) <= MAX_TEXT) or (
                    isinstance(v, dict) and len(v) <= MAX_ITEMS
                    and all(isinstance(t, str) and len(t) <= MAX_TEXT for t in v.values())
                )
                for v in value
            )
        elif isinstance(value, dict):
            ok = len(value) <= MAX_ITEMS and all(
                (isinstance(v, str) and len(v) <= MAX_TEXT) or (type(v) is int and 0 <= v <= MAX_VALUE)
                for v in value.values()
            )
        else:
            ok = isinstance(value, str) and len(value) <= MAX_TEXT
        if not ok:
            raise check.bad(f"answer.{key}", "is damaged")


def migrate(data: dict[str, Any]) -> dict[str, Any]:
    """Bring an older schema up to SCHEMA_VERSION (in memory; written back on the next save)."""
    # Schema 1 is the first version: nothing to migrate yet. Each future version adds a step here.
    return data


def delete_session_files(path: Path) -> None:
    """Delete a session for good: its file, its summaries and briefs and its lock file (for `workshop delete`,
    `workshop purge` and the kiosk alike). Raises SessionBusy if a kiosk or command has it open."""
    lock = SessionLock(path)
    lock.acquire()
    deleted = False
    try:
        for pattern in ("summary", "brief"):  # the summaries and briefs written beside it
            for extra in path.parent.glob(f"{path.stem}-{pattern}.*"):
                extra.unlink()
        path.unlink()
        deleted = True
    finally:
        lock.release(remove_file=deleted)
