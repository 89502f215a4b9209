"""Rescue files: answers that could not reach the sessions folder, kept somewhere else until they can.

When the disk of the sessions folder is full, read-only or failing, a submitted answer waits in memory
(`Session.pending`) and every later write tries it again. If the kiosk has to stop while answers still
wait (quit, SIGTERM, SIGHUP, a lost terminal), they are written to a rescue file in another place this
user can write to: `$WORKSHOP_RESCUE_DIR`, else `$XDG_STATE_HOME/hymn-sheet/rescue` (by default
`~/.local/state/hymn-sheet/rescue`), else `$XDG_RUNTIME_DIR/hymn-sheet/rescue`. The folder is 0700 and
the file 0600, written atomically like a session file.

A rescue file holds no more than the session file would have: the session id and the waiting answer
documents, each under the random document id it would have had in the session file (or already has,
if a failed write may have reached it), with sorted keys. `Session.open` (used by `workshop resume`
and the kiosk) folds every rescue file of the session back into it: an answer whose id is already in
the session with the same content is not added again, so a fold that is interrupted and repeated
still adds each answer once; the rescue file is removed once its answers are in the session file.
"""

from __future__ import annotations

import json
import os
import secrets
from pathlib import Path
from typing import Any

from . import storage

RESCUE_SCHEMA = 1
APP_FOLDER = "hymn-sheet"


def rescue_dirs() -> list[Path]:
    """The places to try, in order."""
    found: list[Path] = []
    explicit = os.environ.get("WORKSHOP_RESCUE_DIR")
    if explicit:
        found.append(Path(explicit))
    state = os.environ.get("XDG_STATE_HOME") or os.path.join(os.path.expanduser("~"), ".local", "state")
    if os.path.isabs(state):
        found.append(Path(state) / APP_FOLDER / "rescue")
    runtime = os.environ.get("XDG_RUNTIME_DIR")
    if runtime and os.path.isabs(runtime):
        found.append(Path(runtime) / APP_FOLDER / "rescue")
    return found


def _inside(folder: Path, other: Path) -> bool:
    try:
        folder.resolve().relative_to(other.resolve())
        return True
    except (ValueError, OSError, RuntimeError):
        return False


def encode_rescue(session_id: str, docs: dict[int, dict[str, Any]]) -> bytes:
    return storage.encode({
        "schema": RESCUE_SCHEMA,
        "session": session_id,
        "answers": {str(doc_id): doc for doc_id, doc in docs.items()},
    })


def write_rescue(session_id: str, docs: dict[int, dict[str, Any]], sessions_dir: Path) -> Path:
    """Write the waiting answers to the first rescue place that takes them; return the file.

    Raises StorageFailure (one line) if no place outside the sessions folder can be written."""
    payload = encode_rescue(session_id, docs)
    reasons: list[str] = []
    for folder in rescue_dirs():
        if _inside(folder, sessions_dir):
            continue  # the same disk that is failing
        path = folder / f"{session_id}-{secrets.token_hex(4)}.json"
        try:
            storage.ensure_sessions_dir(folder, "the rescue folder")  # creates it 0700
            storage.atomic_write(path, payload)
        except storage.StorageFailure as error:
            reasons.append(str(error))
            continue
        return path
    tried = "; ".join(reasons) or "no rescue folder is set (HOME, XDG_STATE_HOME or WORKSHOP_RESCUE_DIR)"
    raise storage.StorageFailure(f"the answers could not be kept anywhere else either: {tried}")


def rescue_files(session_id: str) -> list[Path]:
    """Rescue files of one session, in every rescue place."""
    storage.check_session_id(session_id)
    found: list[Path] = []
    for folder in rescue_dirs():
        try:
            found += sorted(p for p in folder.glob(f"{session_id}-*.json") if p.is_file() and not p.is_symlink())
        except OSError:
            continue
    return found


def all_rescue_files() -> list[Path]:
    found: list[Path] = []
    for folder in rescue_dirs():
        try:
            found += sorted(p for p in folder.glob("*-*.json") if p.is_file() and not p.is_symlink())
        except OSError:
            continue
    return found


def session_of(path: Path) -> str | None:
    """The session id a rescue file belongs to, from its name."""
    stem = path.stem.rsplit("-", 1)[0]
    return stem if storage.SESSION_ID_RE.match(stem) else None


def read_rescue(path: Path, session_id: str) -> dict[int, dict[str, Any]]:
    """The answers in a rescue file, checked like the answers of a session file."""
    try:
        raw = path.read_bytes()
        data = json.loads(raw)
    except OSError as error:
        raise storage.SessionFileError(f"{path}: cannot be read ({storage._reason(error)})") from error
    except (ValueError, RecursionError):
        raise storage.SessionFileError(f"{path}: the rescue file is damaged; it was left as it is") from None
    if (
        not isinstance(data, dict) or data.get("schema") != RESCUE_SCHEMA or data.get("session") != session_id
        or not isinstance(data.get("answers"), dict)
    ):
        raise storage.SessionFileError(f"{path}: this is not a rescue file of session {session_id}; it was left as it is")
    docs: dict[int, dict[str, Any]] = {}
    for doc_id, doc in data["answers"].items():
        if not storage._DOC_ID_RE.match(doc_id) or not isinstance(doc, dict):
            raise storage.SessionFileError(f"{path}: the rescue file is damaged; it was left as it is")
        storage.check_answer_doc(path, f"answer {doc_id}:", doc)
        docs[int(doc_id)] = doc
    return docs


def remove(path: Path) -> None:
    try:
        path.unlink()
    except FileNotFoundError:
        pass
