"""Odd session files never crash a command: a property test that mutates a real session file.

A real, finished session (every step kind, notes, a redaction) is written by the app; hypothesis then
changes one to three places in it (a field removed, or replaced by a wrong type, a huge number, a long
text or nested junk) and runs every command that reads a session on the result: `sessions`,
`summary` in every format, `export` (json and csv), `report` and `resume` (which opens and locks the
session before the kiosk would start). Each must exit 0, or print exactly one `workshop:` line and
exit non-zero; never a traceback; and the session file's bytes must be unchanged.

The commands run in-process through `workshop.cli.main` (a subprocess per example would make this
test take minutes); one hand-picked case goes through the real installed command.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import ANSWERS, DAY, LABEL, NOTES, PIN, REDACTED_STEP, REDACTED_TEXT, fill_session, make_pack
from workshop import cli
from workshop.session import Session

WORKSHOP = Path(sys.executable).with_name("workshop")


def _pango() -> bool:
    try:
        import weasyprint  # noqa: F401
    except OSError:
        return False
    return True


# Beside the single actions of ANSWERS, a turn with an action at every level, owners and by-whens, so
# the mutations reach inside an action turn's list (a field of one action gone, of the wrong type ...).
SEVERAL_ACTIONS = {"actions": [
    {"action": "Walk the estate", "level": "me", "lens": "context", "measure": "Seen", "owner": "", "by_when": "May"},
    {"action": "Agenda item", "level": "team", "lens": "unsure", "owner": "Chair of the meeting", "by_when": ""},
    {"action": "Test purchase", "level": "org", "lens": "context", "owner": "Licensing lead", "by_when": "2027-03-31"},
]}


def _real_session(folder: Path) -> Path:
    session = Session.create(folder, make_pack(), LABEL, PIN, today=DAY)
    try:
        answers = {**ANSWERS, "actions": [*ANSWERS["actions"], SEVERAL_ACTIONS]}
        fill_session(session, answers, NOTES, redact={REDACTED_STEP: REDACTED_TEXT})
        session.set_board_ask("Note the plan and agree a lead for the park.", "2027-03-31")  # the end screen's fields
    finally:
        session.close()
    return session.path


_TEMPLATE: dict[str, Any] = {}


def template(tmp_root: Path) -> bytes:
    """The bytes of one real session file, made once per test run."""
    if "raw" not in _TEMPLATE:
        folder = tmp_root / "template"
        folder.mkdir(mode=0o700, parents=True)
        _TEMPLATE["raw"] = _real_session(folder).read_bytes()
        _TEMPLATE["id"] = json.loads(_TEMPLATE["raw"])["meta"]["1"]["session"]
    return _TEMPLATE["raw"]


# --- mutations ----------------------------------------------------------------------------------------

def _paths(value: Any, prefix: tuple = ()) -> list[tuple]:
    """Every place in a JSON value, as a tuple of keys and indices."""
    found = [prefix] if prefix else []
    if isinstance(value, dict):
        for key, inner in value.items():
            found += _paths(inner, prefix + (key,))
    elif isinstance(value, list):
        for index, inner in enumerate(value):
            found += _paths(inner, prefix + (index,))
    return found


def _regions(data: dict[str, Any]) -> list[list[tuple]]:
    """Places grouped so that each region is picked as often as the others (the pack alone would
    otherwise outnumber everything else a hundred to one)."""
    all_paths = _paths(data)
    regions = [
        [p for p in all_paths if p[:1] == ("meta",) and len(p) == 3],  # meta fields
        [p for p in all_paths if p[:1] == ("meta",) and p[2:3] == ("pack",) and len(p) > 3],  # inside the pack
        [p for p in all_paths if p[:1] == ("answers",) and len(p) <= 3],  # answer documents and fields
        [p for p in all_paths if p[:1] == ("answers",) and len(p) > 3],  # inside an answer
        [p for p in all_paths if p[:1] == ("notes",)],
        [p for p in all_paths if len(p) <= 2],  # whole tables and documents
    ]
    return [r for r in regions if r]


junk = st.recursive(
    st.none() | st.booleans() | st.integers(min_value=-(10**30), max_value=10**30)
    | st.floats(allow_nan=False) | st.text(max_size=20) | st.just("2")
    | st.integers(0, 1).map(lambda _: "x" * 100_000),  # a huge text
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=5), inner, max_size=3),
    max_leaves=6,
)


@st.composite
def mutated(draw) -> tuple[bytes, list[str]]:
    data = json.loads(_TEMPLATE["raw"])
    done: list[str] = []
    for _ in range(draw(st.integers(1, 3))):
        regions = _regions(data)
        region = draw(st.sampled_from(regions))
        path = draw(st.sampled_from(region))
        parent = data
        try:
            for key in path[:-1]:
                parent = parent[key]
        except (KeyError, IndexError, TypeError):
            continue
        last = path[-1]
        if draw(st.booleans()) and isinstance(parent, (dict, list)):
            try:
                del parent[last]
                done.append(f"del {path}")
            except (KeyError, IndexError, TypeError):
                continue
        else:
            value = draw(junk)
            try:
                parent[last] = value
            except (IndexError, TypeError):
                continue
            done.append(f"set {path} = {str(value)[:40]!r}")
    return json.dumps(data).encode(), done


# --- running the commands -----------------------------------------------------------------------------

def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(argv)
        except SystemExit as exit_:  # argparse
            code = exit_.code if isinstance(exit_.code, int) else 1
    return code, out.getvalue(), err.getvalue()


def check_outcome(argv: list[str], code: int, err: str, mutations: list[str]) -> None:
    where = f"{' '.join(argv[2:])} after {mutations}"
    assert "Traceback" not in err, f"{where}: {err}"
    lines = [line for line in err.splitlines() if line.strip()]
    if code == 0:
        assert all(line.startswith("workshop: ") for line in lines) or not lines, f"{where}: {err}"
    else:
        assert len(lines) == 1 and lines[0].startswith("workshop: "), f"{where}: exit {code}, {err!r}"


def commands(folder: Path, session_id: str, out: Path, pdf: bool) -> list[list[str]]:
    base = ["--sessions-dir", str(folder)]
    found = [
        [*base, "sessions"],
        [*base, "summary", session_id],
        [*base, "summary", session_id, "--format", "txt"],
        [*base, "summary", session_id, "--brief", "--format", "md"],
        [*base, "summary", session_id, "--format", "html", "-o", str(out / "s.html")],
        [*base, "summary", session_id, "--format", "md", "-o", str(out / "s.md")],
        [*base, "export", session_id],
        [*base, "export", session_id, "--format", "csv"],
        [*base, "export", "--all", "--format", "csv"],
        [*base, "report"],
        [*base, "report", "--format", "html", "-o", str(out / "r.html")],
        [*base, "resume", session_id],
    ]
    if pdf:
        found += [
            [*base, "summary", session_id, "--format", "pdf", "-o", str(out / "s.pdf")],
            [*base, "report", "--format", "pdf", "-o", str(out / "r.pdf")],
        ]
    return found


def _try_every_command(tmp_root: Path, counter: dict[str, int], pdf: bool, data) -> None:
    template(tmp_root)
    changed, mutations = data.draw(mutated())
    counter["examples"] += 1
    every_command(tmp_root / f"case-{counter['examples']}", changed, mutations, pdf, counter)


def every_command(case: Path, changed: bytes, mutations: list[str], pdf: bool, counter: dict[str, int]) -> None:
    session_id = _TEMPLATE["id"]
    folder, out = case / "sessions", case / "out"
    folder.mkdir(parents=True, mode=0o700)
    out.mkdir()
    path = folder / f"{session_id}.json"
    path.write_bytes(changed)
    try:
        for argv in commands(folder, session_id, out, pdf):
            code, _stdout, err = run(argv)
            counter["failed" if code else "ok"] += 1
            check_outcome(argv, code, err, mutations)
            assert path.read_bytes() == changed, f"{argv[2:]} changed the session file after {mutations}"
        assert not [p for p in folder.iterdir() if ".tmp-" in p.name]
    finally:
        shutil.rmtree(case, ignore_errors=True)


COUNTS: dict[str, dict[str, int]] = {}


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_every_command_survives_a_mutated_session_file(tmp_path_factory, data) -> None:
    counter = COUNTS.setdefault("text", {"examples": 0, "ok": 0, "failed": 0})
    _try_every_command(tmp_path_factory.getbasetemp() / "odd", counter, False, data)


@pytest.mark.skipif(not _pango(), reason="PDF needs the Pango library")
@settings(max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(data=st.data())
def test_pdf_summary_and_report_survive_a_mutated_session_file(tmp_path_factory, data) -> None:
    counter = COUNTS.setdefault("pdf", {"examples": 0, "ok": 0, "failed": 0})
    _try_every_command(tmp_path_factory.getbasetemp() / "odd-pdf", counter, True, data)


# --- hand-picked cases the issue names ---------------------------------------------------------------

def _change(raw: bytes, where: str, value: Any) -> bytes:
    data = json.loads(raw)
    meta = data["meta"]["1"]
    target = {"meta": meta, "pack": meta["pack"], "section": meta["pack"]["sections"][0],
              "answer": next(iter(data["answers"].values())), "note": next(iter(data["notes"].values()))}[where]
    key = value[0]
    if len(value) == 1:
        del target[key]
    else:
        target[key] = value[1]
    return json.dumps(data).encode()


HAND_PICKED = [
    ("section", ("steps", 5)), ("pack", ("sections", "x")), ("meta", ("phases", {"aim": None})),
    ("meta", ("state",)), ("meta", ("step", "no-such-step")), ("meta", ("round", 10**40)),
    ("answer", ("answer", {"value": 10**30})), ("answer", ("round",)), ("answer", ("answer", {"cards": []})),
    ("answer", ("when", "2026-11-28T10:00")), ("note", ("step", [])), ("meta", ("created", None)),
    ("answer", ("answer", {"actions": [{"action": 5, "owner": None}, "x", {"level": {"deep": []}}]})),
    ("answer", ("answer", {"actions": [{"action": "Walk", "level": "no-such-level", "by_when": 3}]})),
    ("answer", ("answer", {"actions": "not a list"})), ("answer", ("answer", {"actions": [[], {}]})),
]


@pytest.mark.parametrize("where,change", HAND_PICKED, ids=[f"{w}-{c[0]}" for w, c in HAND_PICKED])
def test_hand_picked_odd_files(tmp_path: Path, where: str, change: tuple) -> None:
    changed = _change(template(tmp_path), where, change)
    every_command(tmp_path / "case", changed, [f"{where} {change!r}"], False, {"ok": 0, "failed": 0})


def _with_ranking(raw: bytes, ranking: Any) -> bytes:
    data = json.loads(raw)
    doc = next(d for d in data["answers"].values() if d.get("kind") == "rank" and "answer" in d)
    doc["answer"]["ranking"] = ranking
    return json.dumps(data).encode()


# Found by the property test (seeds 18 and 21): a ranking holding a mapping crashed the tally with
# "unhashable type" on its way to the brief.
@pytest.mark.parametrize("ranking", [[{}, "The school gates", "The bus station", "Online"],
                                     [["x"], "The park", "The bus station", "Online"], [None, None, None, None]])
def test_a_ranking_holding_junk_is_left_out_not_a_crash(tmp_path: Path, ranking: Any) -> None:
    changed = _with_ranking(template(tmp_path), ranking)
    every_command(tmp_path / "case", changed, [f"ranking {ranking!r}"], False, {"ok": 0, "failed": 0})


# --- the cases the issue names --------------------------------------------------------------

def _with_answer_round(raw: bytes, value: Any) -> bytes:
    data = json.loads(raw)
    doc = next(iter(data["answers"].values()))
    doc["round"] = value
    return json.dumps(data).encode()


@pytest.mark.parametrize("value", ["2", None, 10**40, [1], {"a": {"b": []}}])
def test_answer_round_of_the_wrong_type_is_one_line_naming_file_and_field(tmp_path: Path, value: Any) -> None:
    folder = tmp_path / "sessions"
    path = _real_session(folder)
    path.write_bytes(_with_answer_round(path.read_bytes(), value))
    before = path.read_bytes()
    for fmt in ("md", "txt", "html"):
        code, _out, err = run(["--sessions-dir", str(folder), "summary", path.stem, "--format", fmt,
                               "-o", str(tmp_path / f"s.{fmt}")])
        assert code == 1 and err.count("\n") == 1, err
        assert err.startswith("workshop: ") and str(path) in err and "'round'" in err, err
    assert path.read_bytes() == before


@pytest.mark.skipif(not WORKSHOP.exists(), reason="the workshop command is not installed in this environment")
def test_the_real_command_gives_one_line_for_an_odd_file(tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    path = _real_session(folder)
    path.write_bytes(_with_answer_round(path.read_bytes(), "2"))
    path.with_suffix(".lock").unlink()  # as if copied here from another machine
    before = path.read_bytes()
    env = {k: v for k, v in os.environ.items() if k != "WORKSHOP_ALLOW_NO_TTY"}
    for args in (["summary", path.stem], ["resume", path.stem], ["export", path.stem]):
        done = subprocess.run([str(WORKSHOP), "--sessions-dir", str(folder), *args], capture_output=True,
                              text=True, env=env, timeout=120)
        assert done.returncode == 1, (args, done.stderr)
        assert done.stderr.count("\n") == 1 and done.stderr.startswith("workshop: "), done.stderr
        assert "Traceback" not in done.stderr and str(path) in done.stderr
    assert path.read_bytes() == before
    assert not path.with_suffix(".lock").exists(), "resume of an unreadable file must leave no lock file"
