"""Question packs: load TOML data, validate it, and describe the steps of a workshop.

A pack is data, never code. Loading never raises for bad content: problems come back as a list of
`PackProblem`s (one line each, naming the file and the step), so a broken pack can be listed with
its error and never crashes the kiosk. See docs/packs.md for the format.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .text import clean

PACK_FORMAT = 1
# How a step's answers are given: `individual` (each person takes a turn at the keyboard) or
# `group` (the room talks it through and one shared answer is typed). See docs/packs.md.
MODES = ("individual", "group")
MAX_PACK_BYTES = 512 * 1024
MIN_ANSWERS = 3  # default: a round is shown only from this many answers (one answer names its author)
MIN_ANSWERS_MAX = 50
ROOM_MAX = 99  # people in the room: a number, never names (here so that the command line checks it without importing the session)
_ID_RE = re.compile(r"^[a-z0-9][a-z0-9-]{0,47}$")


@dataclass(frozen=True)
class Option:
    """A labelled choice inside a step: a sort bucket, an action level or an action lens."""

    id: str
    label: str


@dataclass(frozen=True)
class Card:
    """A sorting card: the intervention participants place, and the explanation for the reveal."""

    id: str
    text: str
    explanation: str
    expected: str = ""  # the bucket id the explanation puts the card in ("" if the pack does not say)


@dataclass(frozen=True)
class Step:
    id: str
    kind: str
    title: str
    text: str
    notes: str
    minutes: int
    section: str
    points: int = 0
    low: str = ""
    high: str = ""
    options: tuple[str, ...] = ()
    multiple: bool = False
    buckets: tuple[Option, ...] = ()
    cards: tuple[Card, ...] = ()
    levels: tuple[Option, ...] = ()
    lenses: tuple[Option, ...] = ()
    previous_session: str = ""  # a review step: the session whose actions it reviews ("" if none)
    previous_created: str = ""  # and that session's day, YYYY-MM-DD
    mode: str = "individual"
    optional: bool = False  # the workshop still works without it: `start --fit` may propose skipping it
    min_answers: int = MIN_ANSWERS  # fewer answers than this in a round: the round is never shown
    attendance: bool = False  # a group choice step that records which agencies are in the room (the brief lists them)
    rated: str = ""  # a scale step: what the brief says the group rated ("its shared understanding")

    @property
    def takes_answers(self) -> bool:
        return kinds.get(self.kind).asks(self)

    def bucket_label(self, bucket_id: str) -> str:
        return _label(self.buckets, bucket_id)

    def level_label(self, level_id: str) -> str:
        return _label(self.levels, level_id)

    def lens_label(self, lens_id: str) -> str:
        return _label(self.lenses, lens_id)


def _label(options: tuple[Option, ...], option_id: str) -> str:
    for option in options:
        if option.id == option_id:
            return option.label
    return option_id


@dataclass(frozen=True)
class Pack:
    id: str
    title: str
    credit: str
    source: str
    minutes: int
    signpost: str
    description: str
    steps: tuple[Step, ...]
    sections: tuple[tuple[str, str], ...]  # (section id, section title), in order
    data: dict[str, Any] = field(repr=False, compare=False, default_factory=dict)

    def step(self, step_id: str) -> Step:
        for step in self.steps:
            if step.id == step_id:
                return step
        raise KeyError(step_id)

    def index_of(self, step_id: str) -> int:
        for index, step in enumerate(self.steps):
            if step.id == step_id:
                return index
        raise KeyError(step_id)

    def section_title(self, section_id: str) -> str:
        return dict(self.sections).get(section_id, section_id)


@dataclass(frozen=True)
class PackProblem:
    file: str
    where: str  # a step id, a section id, or "pack"
    message: str

    def __str__(self) -> str:
        # One line, whatever the file name holds (a newline or an escape sequence is shown escaped).
        return f"{_printable(self.file)}: {_printable(self.where)}: {_printable(self.message)}"


def _printable(text: str) -> str:
    if text.isprintable():
        return text
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


def _where(value: Any, fallback: str) -> str:
    """How a problem names a step or section: its id if it is one, else something short and safe."""
    if isinstance(value, str) and _ID_RE.match(value):
        return value
    if isinstance(value, str) and value.strip():
        shown = repr(value)
        return shown if len(shown) <= 50 else shown[:48] + "…" + shown[0]
    return fallback


class PackError(Exception):
    """Raised by `load_pack_or_raise` with every problem found."""

    def __init__(self, problems: list[PackProblem]):
        self.problems = problems
        super().__init__("; ".join(str(p) for p in problems))


@dataclass(frozen=True)
class PackEntry:
    """A pack found on disk: either loaded, or with the problems that stop it from starting."""

    path: Path
    name: str
    pack: Pack | None
    problems: tuple[PackProblem, ...]
    builtin: bool

    @property
    def ok(self) -> bool:
        return self.pack is not None

    @property
    def title(self) -> str:
        return self.pack.title if self.pack else self.name

    @property
    def error(self) -> str:
        return self.problems[0].message if self.problems else ""


class _Checker:
    """Collects problems while reading one pack's data."""

    def __init__(self, file: str):
        self.file = file
        self.problems: list[PackProblem] = []

    def fail(self, where: str, message: str) -> None:
        self.problems.append(PackProblem(self.file, where, message))

    def text(self, table: dict, key: str, where: str, required: bool = True, limit: int = 4000) -> str:
        value = table.get(key)
        if value is None:
            if required:
                self.fail(where, f"missing '{key}' (text)")
            return ""
        if not isinstance(value, str):
            self.fail(where, f"'{key}' must be text, not {_type_name(value)}")
            return ""
        if required and not clean(value[: limit * 4 + 1024], None):  # only escapes or spaces is empty too
            self.fail(where, f"'{key}' is empty")
        if len(value) > limit:
            self.fail(where, f"'{key}' is longer than {limit} characters")
            return value[:limit]
        return clean(value, None)  # pack text is untrusted too: no escape sequences reach the screen

    def integer(self, table: dict, key: str, where: str, low: int, high: int, default: int | None = None) -> int:
        value = table.get(key, default)
        if value is None:
            self.fail(where, f"missing '{key}' (a whole number from {low} to {high})")
            return low
        if isinstance(value, bool) or not isinstance(value, int):
            self.fail(where, f"'{key}' must be a whole number, not {_type_name(value)}")
            return low
        if not low <= value <= high:
            self.fail(where, f"'{key}' is {value}; it must be from {low} to {high}")
            return min(max(value, low), high)
        return value

    def ident(self, table: dict, key: str, where: str) -> str:
        value = self.text(table, key, where)
        raw = table.get(key)
        # Judge the id as written, not as `text` cleaned it: steps and cards keep the raw id, so
        # "aim\n\x1b[2J" or " aim " must be refused, not quietly read as "aim".
        if isinstance(raw, str) and raw.strip() and not _ID_RE.fullmatch(raw):
            self.fail(where, f"'{key}' {raw!r} must be lowercase letters, digits and dashes")
        return raw if isinstance(raw, str) and _ID_RE.fullmatch(raw) else value

    def options(self, table: dict, key: str, where: str, default: tuple[tuple[str, str], ...] = ()) -> tuple[Option, ...]:
        raw = table.get(key)
        if raw is None and default:
            return tuple(Option(i, label) for i, label in default)
        if not isinstance(raw, list) or not raw:
            self.fail(where, f"'{key}' must be a list of tables with 'id' and 'label'")
            return ()
        if len(raw) > 12:
            self.fail(where, f"'{key}' has {len(raw)} entries; at most 12 are allowed")
        found: list[Option] = []
        for entry in raw[:12]:
            if not isinstance(entry, dict):
                self.fail(where, f"each entry of '{key}' must be a table with 'id' and 'label'")
                continue
            option = Option(self.ident(entry, "id", where), self.text(entry, "label", where, limit=80))
            if option.id in {o.id for o in found}:
                self.fail(where, f"'{key}' repeats the id {option.id!r}")
            found.append(option)
        return tuple(found)


def _type_name(value: Any) -> str:
    return {str: "text", int: "a number", float: "a decimal number", bool: "true/false", list: "a list", dict: "a table"}.get(
        type(value), type(value).__name__
    )


def parse_pack(data: Any, file: str) -> tuple[Pack | None, list[PackProblem]]:
    """Validate pack data (as read from TOML or from a session snapshot)."""
    check = _Checker(file)
    if not isinstance(data, dict):
        check.fail("pack", "the file is not a table of pack settings")
        return None, check.problems
    fmt = data.get("format")
    if fmt != PACK_FORMAT:
        check.fail("pack", f"'format' must be {PACK_FORMAT} (found {fmt!r})")
        return None, check.problems
    pack_id = check.ident(data, "id", "pack")
    title = check.text(data, "title", "pack", limit=120)
    credit = check.text(data, "credit", "pack", limit=400)
    source = check.text(data, "source", "pack", limit=400)
    minutes = check.integer(data, "minutes", "pack", 5, 600)
    signpost = check.text(data, "signpost", "pack", limit=300)
    description = check.text(data, "description", "pack", required=False, limit=400)
    min_answers = check.integer(data, "min_answers", "pack", 1, MIN_ANSWERS_MAX, default=MIN_ANSWERS)
    sections_raw = data.get("sections")
    steps: list[Step] = []
    sections: list[tuple[str, str]] = []
    if not isinstance(sections_raw, list) or not sections_raw:
        check.fail("pack", "'sections' must be a list of sections, each with steps")
    else:
        for number, section in enumerate(sections_raw[:50], start=1):
            if not isinstance(section, dict):
                check.fail(f"section {number}", "must be a table")
                continue
            where = f"section {_where(section.get('id'), str(number))}"
            section_id = check.ident(section, "id", where)
            section_title = check.text(section, "title", where, limit=120)
            sections.append((section_id, section_title))
            raw_steps = section.get("steps")
            if not isinstance(raw_steps, list) or not raw_steps:
                check.fail(where, "'steps' must be a list of steps")
                continue
            for raw in raw_steps[:100]:
                step = _parse_step(check, raw, section_id, min_answers)
                if step is not None:
                    steps.append(step)
    seen: set[str] = set()
    for step in steps:
        if step.id in seen:
            check.fail(step.id, "step id is used twice")
        seen.add(step.id)
    if sections and not steps:
        check.fail("pack", "the pack has no steps")
    attendance = [s.id for s in steps if s.attendance]
    if len(attendance) > 1:
        check.fail(attendance[1], "only one step may be the attendance step ('attendance = true')")
    if check.problems:
        return None, check.problems
    pack = Pack(pack_id, title, credit, source, minutes, signpost, description, tuple(steps), tuple(sections), data)
    return pack, []


def _parse_step(check: _Checker, raw: Any, section_id: str, min_answers: int = MIN_ANSWERS) -> Step | None:
    if not isinstance(raw, dict):
        check.fail(f"section {section_id}", "each step must be a table")
        return None
    step_id = raw.get("id") if isinstance(raw.get("id"), str) else "(step without id)"
    where = _where(raw.get("id"), "(step without id)")
    check.ident(raw, "id", where)
    kind = raw.get("kind")
    if not isinstance(kind, str) or kind not in kinds.REGISTRY:
        check.fail(where, f"'kind' is {kind!r}; it must be one of {', '.join(kinds.NAMES)}")
        return None
    common = dict(
        id=step_id,
        kind=kind,
        title=check.text(raw, "title", where, limit=120),
        text=check.text(raw, "text", where, limit=2000),
        notes=check.text(raw, "notes", where, limit=4000),
        minutes=check.integer(raw, "minutes", where, 1, 60),
        section=section_id,
        mode=_mode(check, raw, where),
        optional=_flag(check, raw, "optional", where),
    )
    if kinds.get(kind).takes_answers:  # a step may ask for more (or fewer) answers than the pack's `min_answers`
        common["min_answers"] = check.integer(raw, "min_answers", where, 1, MIN_ANSWERS_MAX, default=min_answers)
    return Step(**common, **kinds.get(kind).parse(check, raw, where))


def _flag(check: _Checker, raw: dict, key: str, where: str) -> bool:
    value = raw.get(key, False)
    if not isinstance(value, bool):
        check.fail(where, f"'{key}' must be true or false")
    return value is True


def _mode(check: _Checker, raw: dict, where: str) -> str:
    mode = raw.get("mode", MODES[0])
    if mode not in MODES:
        shown = _printable(repr(mode)) if isinstance(mode, str) else _type_name(mode)
        check.fail(where, f"'mode' is {shown}; it must be one of {', '.join(MODES)}")
        return MODES[0]
    return mode



def read_pack_file(path: Path) -> tuple[Pack | None, list[PackProblem]]:
    """Read and validate one pack file. Never raises for bad content or unreadable files."""
    file = str(path)
    try:
        size = path.stat().st_size
        if size > MAX_PACK_BYTES:
            return None, [PackProblem(file, "pack", f"file is {size} bytes; a pack may be at most {MAX_PACK_BYTES}")]
        raw = path.read_bytes()
    except FileNotFoundError:
        return None, [PackProblem(file, "pack", "no such file")]
    except IsADirectoryError:
        return None, [PackProblem(file, "pack", "is a folder, not a pack file")]
    except OSError as error:
        return None, [PackProblem(file, "pack", f"cannot be read ({error.strerror or error})")]
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return None, [PackProblem(file, "pack", "is not UTF-8 text (is it a binary file?)")]
    if "\x00" in text:
        return None, [PackProblem(file, "pack", "contains NUL bytes (is it a binary file?)")]
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        return None, [PackProblem(file, "pack", f"is not valid TOML ({error})")]
    except RecursionError:
        return None, [PackProblem(file, "pack", "is nested too deeply to be a pack")]
    return parse_pack(data, file)


def builtin_prompts_dir() -> Path:
    """The packs shipped with the app: `prompts/` in a checkout, `workshop/prompts` when installed."""
    here = Path(__file__).resolve().parent
    installed = here / "prompts"
    if installed.is_dir():
        return installed
    return here.parent / "prompts"


def discover(prompts_dir: Path | None = None) -> list[PackEntry]:
    """Every pack found: built in first, then those in `prompts_dir`. Broken packs are included."""
    entries: list[PackEntry] = []
    seen: set[Path] = set()
    folders = [(builtin_prompts_dir(), True)]
    if prompts_dir is not None:
        folders.append((Path(prompts_dir), False))
    for folder, builtin in folders:
        try:
            files = sorted(folder.glob("*.toml"))
        except OSError:
            continue
        for path in files:
            resolved = path.resolve()
            if resolved in seen:
                continue
            seen.add(resolved)
            pack, problems = read_pack_file(path)
            entries.append(PackEntry(path, path.stem, pack, tuple(problems), builtin))
    return entries


DEFAULT_PACK = "hymn-sheet"


class PackNotFound(Exception):
    pass


def find_pack(name: str | None, prompts_dir: Path | None = None) -> Pack:
    """Load a pack by name (its id or file stem) or by a path to a .toml file.

    Raises PackNotFound or PackError with a message fit for one line.
    """
    name = name or DEFAULT_PACK
    if name.endswith(".toml") or "/" in name or "\\" in name:
        path = Path(name)
        if not path.is_file():
            raise PackNotFound(f"no pack file at {name}; give a .toml file or a name from 'workshop packs'")
        pack, problems = read_pack_file(path)
        if pack is None:
            raise PackError(problems)
        return pack
    entries = discover(prompts_dir)
    for entry in entries:
        if entry.name == name or (entry.pack is not None and entry.pack.id == name):
            if entry.pack is None:
                raise PackError(list(entry.problems))
            return entry.pack
    known = ", ".join(e.name for e in entries if e.ok) or "none"
    raise PackNotFound(f"no pack called {name!r}; packs found: {known}")


def __getattr__(name: str) -> Any:
    # The kinds' names now live in the registry; these two stay readable here for older callers.
    if name == "KINDS":
        return kinds.NAMES
    if name == "ANSWER_KINDS":
        return kinds.ANSWER_NAMES
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# Last: the kind modules read Step, Card and Option from this module when they run.
from . import kinds  # noqa: E402
