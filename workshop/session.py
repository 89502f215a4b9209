"""A workshop session: where the group is in the pack, the answers given, and the facilitator's notes.

The session moves through the pack one step at a time. An answer step runs in rounds; each round
goes `answering` (participants take turns) -> `closed` (no more turns) -> `revealed` (the group sees
the answers). Every change is written to the session file before the method returns, so whatever the
screen confirms is already on disk.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Callable

from tinydb import Query
from tinydb.table import Document

from . import kinds, previous, storage
from .errors import AnswerError
from .packs import MODES, PACK_FORMAT, ROOM_MAX, Pack, Step, parse_pack
from .text import NOTE_LIMIT, clean

ANSWERING, CLOSED, REVEALED = "answering", "closed", "revealed"
INDIVIDUAL, GROUP = MODES
RUNNING, FINISHED = "running", "finished"
LABEL_LIMIT = 80
PIN_MIN, PIN_MAX = 4, 12
BOARD_ASK_LIMIT = 1000  # what the board is asked to note or decide: a short paragraph


class PinError(ValueError):
    """A PIN that cannot be used; the message says what a PIN must be."""


class RevealWaits(ValueError):
    """The round has too few answers to reveal yet; the message tells the facilitator why."""


# --- PIN --------------------------------------------------------------------------------------------

_SCRYPT = {"n": 2**14, "r": 8, "p": 1}


def check_new_pin(pin: str) -> str:
    # isascii: str.isdigit() also accepts "²" and other scripts' digits, which no PIN box can type.
    if not isinstance(pin, str) or not (pin.isascii() and pin.isdigit()) or not PIN_MIN <= len(pin) <= PIN_MAX:
        raise PinError(f"the facilitator PIN must be {PIN_MIN} to {PIN_MAX} digits")
    return pin


def hash_pin(pin: str, salt: bytes | None = None) -> dict[str, Any]:
    """A salted, deliberately slow hash of the PIN; the PIN itself is never stored."""
    salt = salt or secrets.token_bytes(16)
    digest = hashlib.scrypt(pin.encode(), salt=salt, dklen=32, maxmem=64 * 1024 * 1024, **_SCRYPT)
    return {"kdf": "scrypt", **_SCRYPT, "salt": salt.hex(), "hash": digest.hex()}


def pin_matches(pin: str, record: dict[str, Any]) -> bool:
    try:
        salt = bytes.fromhex(record["salt"])
        expected = bytes.fromhex(record["hash"])
        digest = hashlib.scrypt(
            pin.encode(), salt=salt, dklen=len(expected), maxmem=64 * 1024 * 1024,
            n=record["n"], r=record["r"], p=record["p"],
        )
    except (KeyError, ValueError, TypeError):
        return False
    return hmac.compare_digest(digest, expected)


# --- answers ----------------------------------------------------------------------------------------


def make_answer(step: Step, value: Any) -> dict[str, Any]:
    """Check and clean a participant's answer for `step`; returns what is stored.

    What `value` is depends on the step's kind (see its `clean_answer` in workshop/kinds/). Raises
    AnswerError with a one-line message.
    """
    return kinds.of(step).clean_answer(step, value)


def make_group_answer(step: Step, value: Any) -> dict[str, Any]:
    """Check and clean the room's one shared answer at a group step (see the kind's `clean_group_answer`)."""
    return kinds.of(step).clean_group_answer(step, value)


GUARDED = ("text", "action", "measure")
"""The free text of an answer (or of each action of an action turn) the personal-data guard reads; an
action's owner and by-when are short fields the actions kind checks itself, more strictly."""
TYPED = GUARDED + ("owner", "by_when")
"""Every text a person typed: redaction removes them all."""


def _parts(answer: dict[str, Any]) -> list[dict[str, Any]]:
    """An answer, or each action of an action turn (`{"actions": [...]}`)."""
    items = answer.get("actions")
    return [a for a in items if isinstance(a, dict)] if isinstance(items, list) else [answer]


def answer_texts(answer: dict[str, Any]) -> list[str]:
    """Each free text of an answer (of each action of an action turn), for the personal-data check."""
    return [str(part.get(k, "")) for part in _parts(answer) for k in GUARDED if part.get(k)]


def answer_text(answer: dict[str, Any]) -> str:
    """All free text in an answer, for the personal-data check."""
    return "\n".join(answer_texts(answer))


# --- what may be shown of a round -------------------------------------------------------------------
#
# Every screen, summary and export asks these, never the answers table directly, so that all of them
# agree on two rules: a round the group never saw is left out, and a round with fewer answers than
# the step's minimum is never shown (a single answer on the screen names its author). The order of a
# round's answers is their document ids' order: random, so it says nothing about turns, and fixed,
# so "the second answer" stays the second one through notes and redactions.

TOO_FEW = "too few answers to show"
NOT_REVEALED = "never revealed to the group, so its answers are left out"


def doc_order(rows: Any) -> list[tuple[int, dict[str, Any]]]:
    """(doc id, document) pairs sorted by id; `rows` is a table as stored ({"id": doc}) or TinyDB documents."""
    if isinstance(rows, dict):
        pairs = [(int(k) if str(k).isdigit() else 0, v) for k, v in rows.items() if isinstance(v, dict)]
    else:
        pairs = [(int(getattr(d, "doc_id", 0) or 0), d) for d in rows]
    pairs.sort(key=lambda pair: pair[0])
    return [(i, dict(d)) for i, d in pairs]


def last_phase(meta: dict[str, Any], step_id: str) -> str:
    """The phase a step's latest round was left in (the session's phase if it is the current step)."""
    if meta.get("step") == step_id:
        return meta.get("phase", ANSWERING)
    phases = meta.get("phases")
    return phases.get(step_id, REVEALED) if isinstance(phases, dict) else REVEALED


@dataclass(frozen=True)
class RoundShown:
    """One round of one step, and what of it may be shown."""

    step: Step
    number: int
    turns: tuple[dict[str, Any], ...]  # answers and passes, in document id order
    revealed: bool  # the group reached the reveal of this round

    @property
    def answered(self) -> int:
        return sum(1 for t in self.turns if not t.get("passed"))

    @property
    def too_few(self) -> bool:
        if any(t.get("group") for t in self.turns):
            return False  # a group step's one answer speaks for the whole room: it names nobody
        return self.answered < self.step.min_answers

    @property
    def shown(self) -> bool:
        return self.revealed and not self.too_few

    @property
    def left_out(self) -> str:
        """Why this round's answers are not shown ("" when they are)."""
        if not self.revealed:
            return NOT_REVEALED
        return TOO_FEW if self.too_few else ""


def step_rounds(step: Step, answers: list[dict[str, Any]], phase: str) -> list[RoundShown]:
    """Every round of `step` from its answers (in document id order) and its latest round's phase."""
    numbers = sorted({a.get("round", 1) for a in answers if isinstance(a.get("round", 1), int)})
    return [
        RoundShown(step, n, tuple(a for a in answers if a.get("round", 1) == n),
                   n != numbers[-1] or phase not in (ANSWERING, CLOSED))
        for n in numbers
    ]


def reveal_wait_reason(step: Step) -> str:
    return (
        f"The reveal waits: this pack shows a round only once it has at least {step.min_answers} answers, "
        "so that nobody's answer can be picked out. Take more turns, or skip the step."
    )


# --- the session ------------------------------------------------------------------------------------

# What a listener hears after a change is on disk (see `Session.subscribe`).
ANSWER, ROUND, STEP, NOTE, REDACTION, END = "answer", "round", "step", "note", "redaction", "end"
Listener = Callable[["Session", str], None]


@dataclass(frozen=True)
class SessionInfo:
    """What `workshop sessions` and the home screen list, read without locking the session."""

    id: str
    path: Path
    pack_title: str
    label: str
    created: str
    state: str
    answers: int
    step_title: str
    error: str = ""


class Session:
    """One session file opened for writing (it holds the session's lock until `close`)."""

    def __init__(self, path: Path, data: dict[str, Any], lock: storage.SessionLock | None):
        self.path = path
        self.id = path.stem
        self._lock = lock
        meta = next(iter(data["meta"].values()))
        pack, problems = parse_pack(meta.get("pack"), str(path))
        if pack is None:
            raise storage.SessionFileError(f"{path}: the question pack stored in this session is damaged")
        self.pack: Pack = pack
        self.meta: dict[str, Any] = meta
        self.db = storage.open_db(path) if lock is not None else None
        self.pending: list[dict[str, Any]] = []
        self._memo: dict[str, list[dict[str, Any]]] = {}  # tables as last read; emptied by every write
        self._listeners: list[Listener] = []

    # -- opening and creating --

    @classmethod
    def create(
        cls, sessions_dir: Path, pack: Pack, label: str, pin: str, today: date | None = None,
        skip: tuple[str, ...] = (), room: int | None = None, people: int | None = None,
    ) -> "Session":
        """A new session on disk. `skip`: optional step ids the facilitator chose to leave out to fit
        the time (`workshop start --fit`); the session passes over them and the summary leaves them out.
        `room` (or its other name `people`, as in `--people N`): how many people are in the room, a
        number, never who: a round closes by itself after that many turns, and the kiosk shows the
        pace against the timing model's plan for that many."""
        check_new_pin(pin)
        room = check_room(room if room is not None else people)
        skipped = [s.id for s in pack.steps if s.id in set(skip)]
        first = next((s for s in pack.steps if s.id not in skipped), pack.steps[0])
        folder = storage.ensure_sessions_dir(Path(sessions_dir))
        pack = previous.attach(pack, folder, clean(label or "", LABEL_LIMIT, multiline=False))  # a review step gets the group's previous actions
        while True:
            session_id = storage.new_session_id(today)
            path = folder / f"{session_id}{storage.SUFFIX}"
            if not path.exists():
                break
        lock = storage.SessionLock(path)
        lock.acquire()
        meta = {
            "schema": storage.SCHEMA_VERSION,
            "session": session_id,
            "pack": pack.data,
            "pack_id": pack.id,
            "pack_title": pack.title,
            "label": clean(label or "", LABEL_LIMIT, multiline=False),
            "created": (today or date.today()).isoformat(),
            "finished": None,
            "state": RUNNING,
            "step": first.id,
            "skipped": skipped,
            "round": 1,
            "phase": ANSWERING,
            "pin": hash_pin(pin),
        }
        if room:
            meta["room"] = room
        try:
            db = storage.open_db(path)
            db.table("meta").insert(meta)
            db.close()
        except Exception:
            lock.release(remove_file=not path.exists())
            raise
        return cls(path, {"meta": {"1": meta}}, lock)

    @classmethod
    def open(cls, sessions_dir: Path, session_id: str) -> "Session":
        storage.check_session_id(session_id)
        path = Path(sessions_dir) / f"{session_id}{storage.SUFFIX}"
        if not path.exists():
            raise storage.SessionFileError(f"no session {session_id} in {sessions_dir}; see 'workshop sessions'")
        # Check the file before locking it: an unreadable file must not gain a lock file.
        cls(path, storage.migrate(storage.read_raw(path)), None)
        lock = storage.SessionLock(path)
        lock.acquire()
        try:
            data = storage.migrate(storage.read_raw(path))  # again, under the lock: it may have changed
            session = cls(path, data, lock)
            session.folded = session.fold_rescued()
        except Exception:
            lock.release()
            raise
        return session

    @classmethod
    def read(cls, path: Path) -> "Session":
        """Open a session read-only (no lock, no writes): for summaries and listings."""
        data = storage.migrate(storage.read_raw(path))
        session = cls(path, data, None)
        session._snapshot = data
        return session

    def close(self) -> None:
        """Release the session. Answers still waiting for the disk get one last try first; those
        that still cannot be saved go to a rescue file (`rescued_to`, or `rescue_error` says why not)."""
        if self.pending and self.db is not None:
            try:
                self.flush_pending()
            except (storage.StorageFailure, storage.SessionFileError):
                self.rescue_pending()
        if self.db is not None:
            self.db.close()
            self.db = None
        if self._lock is not None:
            self._lock.release()
            self._lock = None

    # -- reading --

    def _table(self, name: str) -> list[dict[str, Any]]:
        rows = self._memo.get(name)
        if self.db is None:
            if not hasattr(self, "_snapshot"):  # closed after writing: read what is on disk
                self._snapshot = storage.migrate(storage.read_raw(self.path))
            if rows is None:  # sorted once: a summary asks for every step's answers in turn
                rows = self._memo[name] = [d for _, d in doc_order(self._snapshot.get(name, {}))]
            return list(rows)
        if rows is None:  # read once per change: a summary asks for every step's answers in turn
            rows = self._memo[name] = [d for _, d in doc_order(self.db.table(name).all())]
        return list(rows)

    @property
    def label(self) -> str:
        return self.meta.get("label", "")

    @property
    def created(self) -> str:
        return self.meta.get("created", "")

    @property
    def state(self) -> str:
        return self.meta.get("state", RUNNING)

    @property
    def finished(self) -> bool:
        return self.state == FINISHED

    @property
    def step(self) -> Step:
        try:
            return self.pack.step(self.meta["step"])
        except KeyError:
            return self.pack.steps[0]

    @property
    def step_index(self) -> int:
        return self.pack.index_of(self.step.id)

    @property
    def round(self) -> int:
        return int(self.meta.get("round", 1))

    @property
    def phase(self) -> str:
        return self.meta.get("phase", ANSWERING)

    @property
    def signpost(self) -> str:
        return self.pack.signpost

    @property
    def room(self) -> int | None:
        """How many people are in the room, if the facilitator said: the round closes after that many turns."""
        value = self.meta.get("room")
        return value if type(value) is int and 1 <= value <= ROOM_MAX else None

    def answers(self, step_id: str | None = None, round_: int | None = None) -> list[dict[str, Any]]:
        """Answers (and passes) for a step and round, in document id order: random by design, and fixed."""
        step_id = step_id or self.step.id
        found = [a for a in self._table("answers") if a.get("step") == step_id]
        if round_ is not None:
            found = [a for a in found if a.get("round") == round_]
        return found + [p for p in self.pending if p.get("step") == step_id and (round_ is None or p.get("round") == round_)]

    def answer_total(self) -> int:
        """Answers given in the whole session (passes not counted)."""
        return sum(1 for a in self._table("answers") if not a.get("passed"))

    def turns_taken(self) -> int:
        return len(self.answers(self.step.id, self.round))

    def rounds(self, step_id: str) -> list[int]:
        return sorted({a.get("round", 1) for a in self.answers(step_id)})

    def step_rounds(self, step: Step) -> list[RoundShown]:
        """The step's rounds and what of each may be shown (see `RoundShown`)."""
        return step_rounds(step, self.answers(step.id), last_phase(self.meta, step.id))

    def current_round(self) -> RoundShown:
        """The round the group is on now (it may have no turns yet)."""
        step = self.step
        turns = tuple(self.answers(step.id, self.round))
        return RoundShown(step, self.round, turns, self.phase == REVEALED)

    def note(self, step_id: str) -> str:
        for doc in self._table("notes"):
            if doc.get("step") == step_id:
                return doc.get("text", "")
        return ""

    def notes(self) -> dict[str, str]:
        return {d.get("step"): d.get("text", "") for d in self._table("notes") if d.get("text")}

    # -- how a step takes answers --

    def mode(self, step: Step | None = None) -> str:
        """How `step` (default: the current one) takes answers, `individual` or `group`: the pack's
        `mode`, unless the facilitator switched it before the step's first answer (meta `modes`)."""
        step = step or self.step
        chosen = self.meta.get("modes")
        value = chosen.get(step.id) if isinstance(chosen, dict) else None
        return value if value in MODES and not step.attendance else step.mode

    def is_group(self, step: Step | None = None) -> bool:
        return self.mode(step) == GROUP

    def counts_disagreement(self, step: Step | None = None) -> bool:
        """A group sort where the facilitator asked for how many disagreed with each placement."""
        step = step or self.step
        chosen = self.meta.get("disagreement")
        return self.is_group(step) and isinstance(chosen, list) and step.id in chosen

    def mode_text(self, step: Step | None = None) -> str:
        step = step or self.step
        if not self.is_group(step):
            return "individual turns"
        if self.counts_disagreement(step):
            return "one group answer, with how many disagreed"
        return "one group answer"

    def can_switch_mode(self) -> bool:
        """The mode of the current step may change until its first answer (in any round). The
        attendance step never changes: who is in the room is recorded once for the room, never per person."""
        step = self.step
        return step.takes_answers and not step.attendance and not self.finished and not self.answers(step.id)

    def switch_mode(self) -> str:
        """The facilitator's switch for the current step: individual turns -> one group answer -> (a
        sort) one group answer with disagreement counts -> individual turns. Saved in the meta;
        returns the new mode in words. Refused once the step has an answer."""
        step = self.step
        if self.step.attendance:
            raise AnswerError("who is in the room is recorded once for the room: this step stays a group step")
        if not self.can_switch_mode():
            raise AnswerError("this step already has answers: its mode can no longer change")
        options = [(INDIVIDUAL, False), (GROUP, False)]
        if kinds.of(step).group_disagreement:
            options.append((GROUP, True))
        current = (self.mode(step), self.counts_disagreement(step))
        mode, disagree = options[(options.index(current) + 1) % len(options)]
        modes = self.meta.get("modes") if isinstance(self.meta.get("modes"), dict) else {}
        listed = self.meta.get("disagreement") if isinstance(self.meta.get("disagreement"), list) else []
        self._save_meta(
            modes={**modes, step.id: mode},
            disagreement=[s for s in listed if s != step.id] + ([step.id] if disagree else []),
        )
        return self.mode_text(step)

    def check_pin(self, pin: str) -> bool:
        return pin_matches(pin, self.meta.get("pin", {}))

    # -- listeners --

    def subscribe(self, listener: Listener) -> None:
        """Call `listener(session, event)` after every change, once it is on disk.

        Front ends (the kiosk, the phone server) share one Session in one process; this is how each
        follows what the other changed. `event` is ANSWER, ROUND (closed, revealed or asked again),
        STEP, NOTE, REDACTION or END. A listener must not raise: an error in one front end must not
        undo a change that is already saved, so the others are told regardless.
        """
        if listener not in self._listeners:
            self._listeners.append(listener)

    def unsubscribe(self, listener: Listener) -> None:
        if listener in self._listeners:
            self._listeners.remove(listener)

    def _notify(self, event: str) -> None:
        for listener in list(self._listeners):
            try:
                listener(self, event)
            except Exception:  # noqa: BLE001 - see subscribe(): the change is saved, tell the rest
                pass

    # -- writing --

    def _writable(self):
        """The database, for a method about to write: what was read before no longer holds."""
        if self.db is None:
            raise storage.SessionFileError(f"{self.path}: opened read-only")
        self._memo.clear()
        return self.db

    def _save_meta(self, **changes: Any) -> None:
        db = self._writable()
        updated = {**self.meta, **changes}
        db.table("meta").update(changes)
        self.meta = updated
        self._notify(END if "state" in changes else STEP if "step" in changes else ROUND)

    def submit(self, value: Any, passed: bool = False) -> dict[str, Any]:
        """Store one turn's answer (or pass). Returns the stored document once it is on disk.

        On a write failure the answer is kept in `pending`, retried on every later write, and
        StorageFailure is raised so the screen can say so; nothing is dropped.
        """
        doc = self._turn_document(value, passed)
        self.pending.append(doc)
        self.flush_pending()
        self._close_when_everyone_had_a_turn()
        return doc

    def _close_when_everyone_had_a_turn(self) -> None:
        room = self.room
        if room is not None and self.turns_taken() >= room:
            self.close_round()  # everyone in the room has had a turn: closing takes no PIN

    def _turn_document(self, value: Any, passed: bool) -> dict[str, Any]:
        """The document one turn stores (checked against the step and round); raises AnswerError."""
        step = self.step
        if not step.takes_answers:
            raise AnswerError("this step takes no answers")
        if self.phase != ANSWERING:
            raise AnswerError("this round is closed: the facilitator has stopped taking answers")
        group = self.is_group()
        if group and passed:
            raise AnswerError("a group step takes the group's answer, not a pass")
        if group and self.answers(step.id, self.round):
            raise AnswerError("the group's answer for this round is in: reveal it, or ask again for a new round")
        doc: dict[str, Any] = {"step": step.id, "round": self.round, "kind": step.kind}
        if passed:
            doc["passed"] = True
        elif group:  # the room's one answer: nothing in it is any one person's
            doc["answer"] = make_group_answer(step, value)
            doc["group"] = True
        else:
            doc["answer"] = make_answer(step, value)
        return doc

    def submit_together(self, turns: list[tuple[Any, bool]]) -> list[dict[str, Any] | AnswerError]:
        """Store several turns (value, passed) that arrived at the same moment, in one write.

        Phones answer a round all at once; one file write each would queue them behind each other's
        fsync. Each result is the stored document or the AnswerError that turn got. On a write failure
        the valid turns stay in `pending` (as for `submit`) and StorageFailure is raised.
        """
        results: list[dict[str, Any] | AnswerError] = []
        docs: list[dict[str, Any]] = []
        for value, passed in turns:
            try:
                doc = self._turn_document(value, passed)
            except AnswerError as error:
                results.append(error)
                continue
            docs.append(doc)
            results.append(doc)
        if docs:
            self.pending.extend(docs)
            self._flush_together()
            self._close_when_everyone_had_a_turn()
        return results

    def _flush_together(self) -> None:
        """Every pending answer in one write, each with a random id (see storage.insert_scattered)."""
        table = self._writable().table("answers")
        batch = list(self.pending)
        if any(id(doc) in storage._unsettled for doc in batch):
            self.flush_pending()  # a retry after a failed write: one by one, reusing the ids it chose
            return
        chosen: dict[int, dict[str, Any]] = {}
        for doc in batch:
            doc_id = storage.random_doc_id()
            while doc_id in chosen or table.contains(doc_id=doc_id):
                doc_id = storage.random_doc_id()
            chosen[doc_id] = doc
        try:
            table.insert_multiple([Document(doc, doc_id=doc_id) for doc_id, doc in chosen.items()])
        except BaseException:
            for doc_id, doc in chosen.items():  # the write may have reached the file: retries reuse the ids
                storage._unsettled[id(doc)] = (doc, doc_id)
            raise
        del self.pending[: len(batch)]
        self._notify(ANSWER)

    def flush_pending(self) -> None:
        """Write every answer that has not reached the disk yet. Raises StorageFailure if it still can't."""
        db = self._writable()
        written = bool(self.pending)
        while self.pending:
            doc = self.pending[0]
            storage.insert_scattered(db.table("answers"), doc)
            self.pending.pop(0)
        if written:
            self._notify(ANSWER)

    rescued_to: Path | None = None
    rescued_count = 0
    folded = 0  # answers added from rescue files when the session was opened
    rescue_error = ""

    def rescue_pending(self) -> Path | None:
        """Write the answers still waiting for the disk to a rescue file outside the sessions folder
        (see workshop/rescue.py); they are folded back in when the session is next opened."""
        from . import rescue

        if not self.pending:
            return None
        docs = {storage.reserved_id(doc): doc for doc in self.pending}
        try:
            self.rescued_to = rescue.write_rescue(self.id, docs, self.path.parent)
        except storage.StorageFailure as error:
            self.rescue_error = str(error)
            return None
        self.rescued_count += len(self.pending)
        self.pending.clear()
        return self.rescued_to

    def fold_rescued(self) -> int:
        """Add the answers of this session's rescue files to the session file, each exactly once, and
        remove the files. Returns how many answers were added. Raises StorageFailure if the session
        file still cannot be written (the rescue files are then kept)."""
        from tinydb.table import Document

        from . import rescue

        added = 0
        for path in rescue.rescue_files(self.id):
            docs = rescue.read_rescue(path, self.id)
            table = self._writable().table("answers")
            missing = []
            for doc_id, doc in docs.items():
                if table.contains(doc_id=doc_id):
                    if dict(table.get(doc_id=doc_id)) == doc:
                        continue  # folded before (a fold that stopped before removing the file)
                    doc_id = storage.random_doc_id()
                missing.append(Document(doc, doc_id=doc_id))
            if missing:
                try:
                    table.insert_multiple(missing)  # one write for the whole file
                except storage.StorageFailure as error:
                    raise storage.StorageFailure(
                        f"{error}; the answers kept in {path} will be added once it can be written"
                    ) from None
            rescue.remove(path)
            added += len(missing)
        return added

    def close_round(self) -> None:
        if self.step.takes_answers and self.phase == ANSWERING:
            self._save_meta(phase=CLOSED)

    def reveal(self) -> None:
        """Show the round to the group. While turns can still come, a round with too few answers
        waits (RevealWaits says why); once closed, its reveal shows only that there were too few."""
        if self.step.takes_answers and self.phase in (ANSWERING, CLOSED):
            if self.phase == ANSWERING and self.current_round().too_few:
                raise RevealWaits(reveal_wait_reason(self.step))
            self.flush_pending()  # every answer has its random id before the order is shown
            self._save_meta(phase=REVEALED)

    def set_room(self, room: int | None) -> None:
        """How many people are in the room (None: not said). A round with that many turns closes."""
        room = check_room(room)
        self._save_meta(room=room)
        if room is not None and self.step.takes_answers and self.turns_taken() >= room:
            self.close_round()

    def new_round(self) -> None:
        """Ask the same question again (for example after discussion): a fresh round of turns."""
        if self.step.takes_answers and self.phase == REVEALED:
            self._save_meta(round=self.round + 1, phase=ANSWERING)

    def _go_to(self, index: int) -> None:
        step = self.pack.steps[index]
        rounds = self.rounds(step.id)
        round_ = rounds[-1] if rounds else 1
        phase = ANSWERING
        if rounds and step.takes_answers:
            # Coming back to a step that already has answers: show where it was left.
            phase = self.meta.get("phases", {}).get(step.id, REVEALED)
        phases = {**self.meta.get("phases", {}), self.step.id: self.phase}
        self._save_meta(step=step.id, round=round_, phase=phase, phases=phases)

    @property
    def skipped(self) -> tuple[str, ...]:
        """Step ids left out when the session was planned (`start --fit`), in pack order."""
        stored = self.meta.get("skipped")
        return tuple(s for s in stored if isinstance(s, str)) if isinstance(stored, list) else ()

    @property
    def people(self) -> int | None:
        """The room size the session is planned for (the same number as `room`), or None."""
        return self.room

    def _neighbour(self, direction: int) -> int | None:
        """The index of the next (1) or previous (-1) step that was not left out, or None."""
        skipped = set(self.skipped)
        index = self.step_index + direction
        while 0 <= index < len(self.pack.steps):
            if self.pack.steps[index].id not in skipped:
                return index
            index += direction
        return None

    @property
    def is_last_step(self) -> bool:
        return self._neighbour(1) is None

    @property
    def is_first_step(self) -> bool:
        return self._neighbour(-1) is None

    def next_step(self) -> bool:
        """Move on (revealing nothing that was not revealed). Returns False at the last step."""
        index = self._neighbour(1)
        if index is None:
            return False
        self._go_to(index)
        return True

    def previous_step(self) -> bool:
        index = self._neighbour(-1)
        if index is None:
            return False
        self._go_to(index)
        return True

    def set_note(self, step_id: str, text: str) -> None:
        db = self._writable()
        text = clean(text or "", NOTE_LIMIT)
        table = db.table("notes")
        if table.contains(Query().step == step_id):
            table.update({"text": text}, Query().step == step_id)
        else:
            storage.insert_scattered(table, {"step": step_id, "text": text})
        self._notify(NOTE)

    @property
    def board_ask(self) -> str:
        """What the partnership board is asked to note or decide, as the facilitator typed it ("" if not yet)."""
        value = self.meta.get("board_ask")
        return value if isinstance(value, str) else ""

    @property
    def review_date(self) -> str:
        """When the group will review its actions, YYYY-MM-DD ("" if not set)."""
        value = self.meta.get("review_date")
        return value[:10] if isinstance(value, str) else ""

    def set_board_ask(self, board_ask: str, review_date: str) -> None:
        """Save what the board is asked to note or decide and the review date (typed on the end screen).

        `review_date` is "" (not set) or a day as `check_review_date` reads it; ValueError (one line)
        if it is not a date. The text is cleaned and kept to BOARD_ASK_LIMIT characters."""
        day = check_review_date(review_date)
        self._save_meta(board_ask=clean(board_ask or "", BOARD_ASK_LIMIT), review_date=day)

    def finish(self, today: date | None = None) -> None:
        self._save_meta(state=FINISHED, finished=(today or date.today()).isoformat())

    def redact(self, step_id: str, answer: dict[str, Any]) -> None:
        """Hide one revealed answer's text; the summary shows that an answer was redacted."""
        db = self._writable()
        table = db.table("answers")
        for doc in table.all():
            if doc.get("step") == step_id and doc.get("answer") == answer.get("answer") and not doc.get("redacted"):
                table.update({"redacted": True, "answer": redacted_answer(doc["answer"])}, doc_ids=[doc.doc_id])
                self._notify(REDACTION)
                return


def check_review_date(text: Any) -> str | None:
    """A review date as typed: YYYY-MM-DD or DD/MM/YYYY (a day, never a time). Returns YYYY-MM-DD, or
    None when left empty; ValueError saying what to type otherwise."""
    if text is None or not str(text).strip():
        return None
    raw = str(text).strip()
    day = None
    parts = raw.replace(".", "/").split("/") if "/" in raw or "." in raw else None
    try:
        if parts is not None and len(parts) == 3 and all(p.isascii() and p.isdigit() for p in parts) and len(parts[2]) == 4:
            day = date(int(parts[2]), int(parts[1]), int(parts[0]))
        elif len(raw) == 10 and raw.isascii():
            day = date.fromisoformat(raw)
    except ValueError:
        day = None
    if day is None:
        raise ValueError("the review date must be a day, such as 2027-03-31 or 31/03/2027 (or left empty)")
    return day.isoformat()


def check_room(room: Any) -> int | None:
    """People in the room: None, or a whole number from 1 to ROOM_MAX."""
    if room is None or room == "":
        return None
    if isinstance(room, str) and room.strip().isascii() and room.strip().isdigit():
        room = int(room.strip())
    if type(room) is not int or not 1 <= room <= ROOM_MAX:
        raise ValueError(f"the number of people in the room must be from 1 to {ROOM_MAX} (or left empty)")
    return room


def redacted_answer(answer: dict[str, Any]) -> dict[str, Any]:
    def hide(part: dict[str, Any]) -> dict[str, Any]:
        hidden = dict(part)
        for key in TYPED:
            if key in hidden:
                hidden[key] = ""
        return hidden

    if isinstance(answer.get("actions"), list):
        return {**answer, "actions": [hide(a) if isinstance(a, dict) else a for a in answer["actions"]]}
    return hide(answer)


def fold_rescues(sessions_dir: Path) -> int:
    """Fold every rescue file whose session is in this folder back into it (the home screen does this
    as it opens). Sessions open elsewhere or still unwritable are left for later. Returns the number
    of answers added."""
    from . import rescue

    added = 0
    for session_id in sorted({rescue.session_of(p) for p in rescue.all_rescue_files()} - {None}):
        if not (Path(sessions_dir) / f"{session_id}{storage.SUFFIX}").exists():
            continue
        try:
            session = Session.open(sessions_dir, session_id)
        except (storage.SessionFileError, storage.StorageFailure):
            continue
        added += session.folded
        session.close()
    return added


def list_sessions(sessions_dir: Path) -> list[SessionInfo]:
    """Every session file in the folder, newest first; unreadable ones carry their error."""
    folder = Path(sessions_dir)
    infos: list[SessionInfo] = []
    try:
        paths = sorted(folder.glob(f"*{storage.SUFFIX}"), reverse=True)
    except OSError:
        return []
    for path in paths:
        if not storage.SESSION_ID_RE.match(path.stem):
            continue
        try:
            infos.append(_info(path, storage.migrate(storage.read_raw(path))))
        except storage.SessionFileError as error:
            infos.append(SessionInfo(path.stem, path, "", "", "", "unreadable", 0, "", str(error)))
    return infos


def _info(path: Path, data: dict[str, Any]) -> SessionInfo:
    """A listing line from the file's data alone: validating every stored pack would make the
    Resume and Past sessions screens wait seconds when a laptop holds hundreds of sessions."""
    meta = next(iter(data["meta"].values()))
    pack = meta.get("pack")
    if not isinstance(pack, dict) or pack.get("format") != PACK_FORMAT or not isinstance(pack.get("sections"), list):
        raise storage.SessionFileError(f"{path}: the question pack stored in this session is damaged")
    step_title = ""
    for section in pack.get("sections") or []:
        steps = section.get("steps") if isinstance(section, dict) else None
        for step in steps if isinstance(steps, list) else []:
            if isinstance(step, dict) and step.get("id") == meta.get("step"):
                step_title = str(step.get("title", ""))
    answers = sum(1 for a in data.get("answers", {}).values() if isinstance(a, dict) and not a.get("passed"))
    return SessionInfo(
        path.stem, path, clean(str(meta.get("pack_title") or pack.get("title") or ""), LABEL_LIMIT, multiline=False),
        clean(str(meta.get("label") or ""), LABEL_LIMIT, multiline=False), str(meta.get("created") or ""),
        str(meta.get("state") or RUNNING), answers, clean(step_title, LABEL_LIMIT, multiline=False),
    )
