"""Exports of workshop answers for other tools: JSON (one object per session) and CSV (one row per answer).

The schema is documented in docs/export-format.md and versioned by `EXPORT_VERSION`. Exports hold no
identifying data and nothing that links an answer to a turn:

* no PIN record, no hash, no salt, no times (only the day the session was created), no document
  ids, no facilitator notes;
* answers of each step are in document id order: random (ids are drawn at random), the same order
  as the reveal screen and the summary;
* only rounds the group saw are exported: a round never revealed, or with fewer answers than its
  step's `min_answers`, is left out (`left_out` counts its turns; see `session.step_rounds`);
* the text of a redacted answer is never exported: the answer is marked `"status": "redacted"` and
  keeps only its non-text parts (an action's level and lens).

Sessions are read from disk with plain `json` (`storage.read_raw`), never opened for writing.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from . import kinds, storage
from .packs import Pack, Step, parse_pack
from .session import doc_order, last_phase, step_rounds

EXPORT_VERSION = 1  # the JSON export's
# The CSV's own version (its `export_version` column): 2 since a sort answer takes one row per card
# (columns `item` and `answer` added at the end); the JSON export is unchanged, still version 1.
CSV_VERSION = 2
FORMAT_NAME = "hymn-sheet-export"
FORMATS = ("csv", "json")
CSV_COLUMNS = (
    "export_version", "session", "pack_id", "label", "created", "state",
    "step", "kind", "round", "status", "value", "level", "lens", "measure", "owner", "by_when", "item", "answer",
)
# Cells a spreadsheet would read as a formula (or that begin with the escape mark itself) get a
# leading apostrophe; see docs/export-format.md for how to read them back.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r", "'")


@dataclass(frozen=True)
class Loaded:
    """One session read for export or for the report: its id, meta, pack and answer documents."""

    id: str
    path: Path
    meta: dict[str, Any]
    pack: Pack
    answers: list[dict[str, Any]]  # turns of the rounds the group saw, in document id order
    left_out: int = 0  # turns of rounds never revealed or with too few answers, not exported

    @property
    def created(self) -> str:
        """The creation day, ISO `YYYY-MM-DD` ("" if the file holds no valid date; a time is dropped)."""
        value = self.meta.get("created")
        if not isinstance(value, str):
            return ""
        try:
            return date.fromisoformat(value[:10]).isoformat()
        except ValueError:
            return ""

    @property
    def label(self) -> str:
        value = self.meta.get("label")
        return value if isinstance(value, str) else ""

    @property
    def state(self) -> str:
        value = self.meta.get("state")
        return value if isinstance(value, str) else "running"


# pack id -> [(raw snapshot, parsed Pack)]: sessions of one pack usually share one snapshot, which is
# then validated once; a snapshot is reused only if it is equal, key for key, to the cached one.
_PACK_CACHE: dict[str, list[tuple[Any, Pack]]] = {}


def load(path: Path) -> Loaded:
    """Read one session file with plain json (no TinyDB, no lock). Raises SessionFileError (one line)."""
    path = Path(path)
    data = storage.migrate(storage.read_raw(path))
    meta = next(iter(data["meta"].values()))
    raw_pack = meta.get("pack")
    key = str(raw_pack.get("id")) if isinstance(raw_pack, dict) else ""
    cached = _PACK_CACHE.setdefault(key, [])
    pack = next((parsed for raw, parsed in cached if raw == raw_pack), None)
    if pack is None:
        pack, _problems = parse_pack(raw_pack, str(path))
        if pack is None:
            raise storage.SessionFileError(f"{path}: the question pack stored in this session is damaged")
        if len(cached) >= 8:
            cached.pop(0)
        cached.append((raw_pack, pack))
    every = [doc for _, doc in doc_order(data.get("answers", {}))]
    answers: list[dict[str, Any]] = []
    left_out = sum(1 for doc in every if doc.get("step") not in {s.id for s in pack.steps if s.takes_answers})
    for step in pack.steps:
        if step.takes_answers:
            for shown in step_rounds(step, [d for d in every if d.get("step") == step.id], last_phase(meta, step.id)):
                if shown.shown:
                    answers.extend(shown.turns)
                else:
                    left_out += len(shown.turns)
    return Loaded(path.stem, path, meta, pack, answers, left_out)


def session_files(sessions_dir: Path) -> list[Path]:
    """Every session file in the folder (by name, so by creation day then id)."""
    folder = Path(sessions_dir)
    try:
        return sorted(p for p in folder.glob(f"*{storage.SUFFIX}") if storage.SESSION_ID_RE.match(p.stem))
    except OSError:
        return []


def load_all(sessions_dir: Path) -> tuple[list[Loaded], list[str]]:
    """Every readable session in the folder, and one line for each file that could not be read."""
    loaded: list[Loaded] = []
    problems: list[str] = []
    for path in session_files(sessions_dir):
        try:
            loaded.append(load(path))
        except storage.SessionFileError as error:
            problems.append(str(error))
    return loaded, problems


# --- one answer, cleaned for export -----------------------------------------------------------------


def _round(doc: dict[str, Any]) -> int:
    value = doc.get("round", 1)
    return value if type(value) is int and value >= 1 else 1


def export_answer(step: Step, doc: dict[str, Any]) -> list[dict[str, Any]] | None:
    """The exported form of one stored answer document (see docs/export-format.md): one answer, or one
    per action of an action turn; None if unusable."""
    out: dict[str, Any] = {"round": _round(doc)}
    answer = doc.get("answer")
    if doc.get("passed") or not isinstance(answer, dict):
        out["status"] = "passed"
        return [out]
    redacted = bool(doc.get("redacted"))
    out["status"] = "redacted" if redacted else "answered"
    if doc.get("group") is True:
        out["group"] = True
    if step.kind not in kinds.REGISTRY:
        return None
    return kinds.of(step).export_answers(step, answer, redacted, out)


def _step_definition(step: Step) -> dict[str, Any]:
    """What a reader needs to interpret the answers of a step, from the session's pack snapshot."""
    return {"id": step.id, "kind": step.kind, "title": step.title, **kinds.of(step).definition(step)}


def session_record(loaded: Loaded) -> dict[str, Any]:
    """One session as an export object: pack, label, created day, state, and per step its answers."""
    by_step: dict[str, list[dict[str, Any]]] = {}
    for doc in loaded.answers:
        step_id = doc.get("step")
        if isinstance(step_id, str):
            by_step.setdefault(step_id, []).append(doc)
    steps = []
    for step in loaded.pack.steps:
        if not step.takes_answers:
            continue
        answers = [a for d in by_step.get(step.id, ()) for a in export_answer(step, d) or ()]
        answers.sort(key=lambda a: a["round"])  # rounds together; document id order within a round
        record = _step_definition(step)
        record["answers"] = answers
        steps.append(record)
    return {
        "session": loaded.id,
        "pack": {"id": loaded.pack.id, "title": loaded.pack.title},
        "label": loaded.label,
        "created": loaded.created,
        "state": loaded.state,
        "left_out": loaded.left_out,
        "steps": steps,
    }


def export_json(sessions: Iterable[Loaded]) -> str:
    document = {
        "format": FORMAT_NAME,
        "export_version": EXPORT_VERSION,
        "sessions": [session_record(s) for s in sessions],
    }
    return json.dumps(document, ensure_ascii=False, indent=2) + "\n"


def safe_cell(value: Any) -> str:
    """A CSV cell that a spreadsheet will not run as a formula: a leading = + - @ (tab, CR, ') gets a '."""
    text = "" if value is None else str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def unsafe_cell(text: str) -> str:
    """Undo `safe_cell` (for readers): drop one leading apostrophe."""
    return text[1:] if text.startswith("'") else text


def csv_rows(sessions: Iterable[Loaded]) -> Iterable[list[str]]:
    """The header, then a row per answer (a sort answer: a row per card). `answer` is the answer's
    number in its round, in the export's order (the reveal's random order, never the turns')."""
    yield list(CSV_COLUMNS)
    for loaded in sessions:
        record = session_record(loaded)
        head = [str(CSV_VERSION), record["session"], record["pack"]["id"], record["label"], record["created"], record["state"]]
        for step in record["steps"]:
            numbers: dict[int, int] = {}
            for answer in step["answers"]:
                number = numbers[answer["round"]] = numbers.get(answer["round"], 0) + 1
                items = kinds.get(step["kind"]).csv_items(answer) if answer["status"] != "passed" else [("", "")]
                for item, value in items:
                    row = head + [
                        step["id"], step["kind"], str(answer["round"]), answer["status"], value,
                        answer.get("level", ""), answer.get("lens", ""), answer.get("measure", ""),
                        answer.get("owner", ""), answer.get("by_when", ""), item, str(number),
                    ]
                    yield [safe_cell(cell) for cell in row]


def export_csv(sessions: Iterable[Loaded]) -> str:
    """RFC 4180 CSV: CRLF line ends, fields with commas, quotes or line breaks quoted, quotes doubled."""
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, dialect="excel", lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in csv_rows(sessions):
        writer.writerow(row)
    return buffer.getvalue()


def export(sessions: Iterable[Loaded], fmt: str) -> str:
    if fmt == "json":
        return export_json(sessions)
    if fmt == "csv":
        return export_csv(sessions)
    raise ValueError(f"unknown export format {fmt!r}; choose one of {', '.join(FORMATS)}")
