"""The step-kind registry (issue 10): every kind lives in workshop/kinds/<kind>.py, with one kiosk
piece in workshop/ui/kinds/<kind>.py and one summary partial per format in
workshop/templates/kinds/<kind>.<fmt>; nothing else in the code branches on a kind's name.
See docs/kinds.md for the recipe these tests hold it to."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest

from workshop import brief, export, kinds, packs, results, timing
from workshop.errors import AnswerError
from workshop.export import Loaded
from workshop.kinds.base import Kind
from workshop.packs import Step, parse_pack
from workshop.session import Session, make_answer
from workshop.summary import FORMATS, environment

from conftest import DAY, LABEL, PACK_DATA, PIN

PACKAGE = Path(kinds.__file__).resolve().parent.parent
KINDS = ("info", "open", "scale", "choice", "rank", "sort", "actions", "review")

# A comparison of a kind with a kind's name, in Python or in a Jinja template: `kind == "sort"`,
# `step.kind != "info"`, `kind in ("open", "actions")`, `case "scale"`.
NAME = r"""['"](?:info|open|scale|choice|rank|sort|actions|review)['"]"""
BRANCH = re.compile(rf"kind\s*(?:==|!=)\s*{NAME}|kind\s+(?:not\s+)?in\s*[(\[]\s*{NAME}|case\s+{NAME}")


def scanned(root: Path):
    """(the path under `root`, its lines) of every code and template file outside the kinds' own modules,
    pieces and partials (anything under a folder called `kinds`)."""
    for path in sorted(root.rglob("*")):
        if path.suffix in (".py", ".html", ".md", ".txt") and "kinds" not in path.relative_to(root).parts:
            yield path.relative_to(root), path.read_text(encoding="utf-8").splitlines()


def branches(root: Path) -> list[str]:
    """Every branch on a kind's name under `root`, outside the kinds' own modules and partials."""
    return [f"{path}:{number}: {line.strip()}" for path, lines in scanned(root)
            for number, line in enumerate(lines, start=1) if BRANCH.search(line)]


def test_the_registry_holds_the_kinds_in_order() -> None:
    assert kinds.NAMES == KINDS
    assert kinds.ANSWER_NAMES == KINDS[1:]
    assert packs.KINDS == KINDS and packs.ANSWER_KINDS == KINDS[1:]  # older callers still read them here
    for name in KINDS:
        assert isinstance(kinds.get(name), Kind) and kinds.get(name).name == name
        assert (PACKAGE / "kinds" / f"{name}.py").is_file()


def test_nothing_outside_the_kinds_branches_on_a_kind_name() -> None:
    assert branches(PACKAGE) == []


# A table keyed by kinds' names, one entry a line (`"sort": ...,`), is a branch by lookup: two or more
# such entries with different kinds' names in one file outside the kinds' homes.
ENTRY = re.compile(rf"^\s*({NAME})\s*:")


def name_tables(root: Path) -> list[str]:
    found = []
    for path, lines in scanned(root):
        entries = [(n, m.group(1).strip("'\"")) for n, line in enumerate(lines, 1) if (m := ENTRY.match(line))]
        if len({name for _, name in entries}) > 1:
            found += [f"{path}:{n}: {name}" for n, name in entries]
    return found


def test_no_table_outside_the_kinds_is_keyed_by_kind_names() -> None:
    assert name_tables(PACKAGE) == []


def test_no_template_outside_the_kinds_reads_a_kinds_own_fields() -> None:
    """The summaries, the brief, the report and the run sheet show a step's own fields (a scale's points,
    a choice's options, a sort's cards) only through the kind's partial, so a new kind's fields need no
    change to them."""
    fields = sorted({f for kind in kinds.REGISTRY.values() for f in kind.fields})
    read = re.compile(rf"\bstep\.({'|'.join(fields)})\b")
    found = [f"{path}:{n}: {m.group(0)}" for path, lines in scanned(PACKAGE) if path.suffix != ".py"
             for n, line in enumerate(lines, 1) for m in read.finditer(line)]
    assert found == []


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_run_sheet_partial_belongs_to_a_kind(fmt: str) -> None:
    """The run sheet includes `kinds/runsheet/<kind>.<fmt>` if the kind has one (a kind whose step has
    nothing to list beside its text needs none)."""
    partials = {p.stem for p in (PACKAGE / "templates" / "kinds" / "runsheet").glob(f"*.{fmt}")}
    assert partials == {"scale", "choice", "rank", "sort", "review"} and partials <= set(kinds.NAMES)


def test_the_table_scan_would_catch_one(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('ROWS = {\n    "open": 1,\n    "sort": 2,\n}\n')
    (tmp_path / "b.py").write_text('out = {\n    "actions": [],\n}\n')  # one entry: an answer's key, not a table
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "c.py").write_text('ROWS = {\n    "open": 1,\n    "sort": 2,\n}\n')  # a kinds' home
    assert name_tables(tmp_path) == ["a.py:2: open", "a.py:3: sort"]


def test_the_branch_scan_would_catch_one(tmp_path: Path) -> None:
    (tmp_path / "a.py").write_text('if step.kind == "sort":\n    pass\nif kind in ("open", "actions"):\n    pass\n')
    (tmp_path / "b.html").write_text('{% elif view.kind == "scale" and r.answered %}\n')
    (tmp_path / "kinds").mkdir()
    (tmp_path / "kinds" / "sort.py").write_text('kind == "sort"\n')  # a kind may name itself
    assert len(branches(tmp_path)) == 3


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_kind_has_a_summary_partial_in_every_format(fmt: str) -> None:
    env = environment()
    for kind in kinds.REGISTRY.values():
        assert env.get_template(kind.partial(fmt)).filename.endswith(f"kinds/{kind.name}.{fmt}")
    partials = {p.name for p in (PACKAGE / "templates" / "kinds").glob(f"*.{fmt}")}
    assert partials == {f"{name}.{fmt}" for name in kinds.NAMES}  # and no partial without a kind


def test_every_kind_that_takes_answers_has_a_phone_piece() -> None:
    from workshop.web import kinds as phone_kinds

    assert tuple(phone_kinds.REGISTRY) == kinds.ANSWER_NAMES
    for name, piece in phone_kinds.REGISTRY.items():
        assert piece.name == name
        assert (PACKAGE / "web" / "templates" / "kinds" / f"{name}.html").is_file()


def test_every_kind_has_a_kiosk_piece() -> None:
    from workshop.ui import kinds as kiosk_kinds

    assert tuple(kiosk_kinds.REGISTRY) == kinds.NAMES
    for name, piece in kiosk_kinds.REGISTRY.items():
        assert piece.name == name


@pytest.mark.parametrize("name", KINDS[1:])
def test_a_kinds_definition_says_every_field_it_reads_from_the_pack(name: str) -> None:
    """What a second front end (a phone form) draws a step from: JSON, and every field of the table."""
    data = copy.deepcopy(PACK_DATA)
    data["sections"][-1]["steps"].append({  # a review as a session snapshot holds it: with the previous actions
        "id": "review", "kind": "review", "title": "Our actions", "text": "What happened?", "notes": "-", "minutes": 5,
        "previous": {"session": "20261128-abcdef", "created": "2026-11-28",
                     "actions": [{"id": "a1", "text": "Fix the lights", "level": "Myself", "lens": "Changes a context"}]},
    })
    pack, _ = parse_pack(data, "test")
    step = next(s for s in pack.steps if s.kind == name)
    definition = kinds.of(step).definition(step)
    assert json.loads(json.dumps(definition)) == definition
    assert set(definition) == set(kinds.of(step).fields)


# --- the recipe works: a kind added to the registry is used by the core without touching it ---------


class YesNo(Kind):
    """A made-up kind for this test only: "yes" or "no", tallied as two bars."""

    name = "yesno"
    fields = ("question",)

    def parse(self, check: Any, raw: dict, where: str) -> dict[str, Any]:
        return {"low": check.text(raw, "question", where, limit=60)}

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        if value not in ("yes", "no"):
            raise AnswerError("say yes or no")
        return {"value": value}

    def export_answer(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> bool:
        out["value"] = answer["value"]
        return True

    def csv_value(self, exported: dict[str, Any]) -> Any:
        return exported["value"]

    def tally(self, step: Step, given: list[dict[str, Any]], result: results.StepResult) -> None:
        said = [d["answer"]["value"] for d in given]
        result.bars = [results.Bar(v, said.count(v), said.count(v) / len(said)) for v in ("yes", "no")]


def test_a_new_kind_needs_only_its_module_in_the_registry(monkeypatch: pytest.MonkeyPatch, sessions_dir: Path) -> None:
    monkeypatch.setitem(kinds.REGISTRY, "yesno", YesNo())
    data = copy.deepcopy(PACK_DATA)
    data["sections"][0]["steps"].append(
        {"id": "agree", "kind": "yesno", "title": "Agree?", "text": "Do we agree?", "notes": "-", "minutes": 1,
         "question": "Agree"}
    )
    pack, problems = parse_pack(data, "test")
    assert problems == [] and pack is not None
    step = pack.step("agree")
    assert step.takes_answers and step.low == "Agree"
    with pytest.raises(AnswerError, match="say yes or no"):
        make_answer(step, "maybe")

    session = Session.create(sessions_dir, pack, LABEL, PIN, today=DAY)
    try:
        while session.step.id != "agree":
            session.next_step()
        for value in ("yes", "yes", "no"):
            session.submit(value)
        figures = results.tally(step, session.answers("agree"))
        assert [(b.label, b.count) for b in figures.bars] == [("yes", 2), ("no", 1)]
        loaded = Loaded(session.id, session.path, session.meta, pack, session.answers())
        record = next(s for s in export.session_record(loaded)["steps"] if s["id"] == "agree")
        assert sorted(a["value"] for a in record["answers"]) == ["no", "yes", "yes"]
        assert sorted(row[10] for row in export.csv_rows([loaded]) if row[6] == "agree") == ["no", "yes", "yes"]
    finally:
        session.close()


def test_a_kind_missing_from_the_registry_is_refused_with_the_list() -> None:
    data = copy.deepcopy(PACK_DATA)
    data["sections"][0]["steps"][0]["kind"] = "yesno"
    pack, problems = parse_pack(data, "test")
    assert pack is None
    assert "'kind' is 'yesno'; it must be one of info, open, scale, choice, rank, sort, actions, review" in str(problems[0])


class MeasuredYesNo(YesNo):
    """YesNo with its turn measured and a sentence for the brief, as the recipe asks of a real kind."""

    turns = {"yesno": timing.TurnTime(keys=3, typed=0, decisions=1, read_seconds=4.0, source="made up for a test")}

    def findings(self, step: Step, result: results.StepResult) -> list[str]:
        return [f"{result.bars[0].count} of {result.answered} said yes to \u201c{step.title}\u201d."]


def answered_yesno(monkeypatch: pytest.MonkeyPatch, sessions_dir: Path, kind: Kind) -> tuple[Session, Step]:
    """A session of the test pack with a yes/no step after the first, answered yes, yes, no and revealed."""
    monkeypatch.setitem(kinds.REGISTRY, "yesno", kind)
    data = copy.deepcopy(PACK_DATA)
    data["sections"][0]["steps"].append(
        {"id": "agree", "kind": "yesno", "title": "Agree?", "text": "Do we agree?", "notes": "-", "minutes": 1,
         "question": "Agree"}
    )
    pack, _ = parse_pack(data, "test")
    session = Session.create(sessions_dir, pack, LABEL, PIN, today=DAY)
    while session.step.id != "agree":
        session.next_step()
    for value in ("yes", "yes", "no"):
        session.submit(value)
    session.reveal()
    return session, pack.step("agree")


def test_a_new_kind_is_timed_by_its_own_turn_and_says_its_own_findings(monkeypatch: pytest.MonkeyPatch,
                                                                      sessions_dir: Path) -> None:
    """What the timing model and the brief know of a kind comes from its module (`turns`, `findings`)."""
    session, step = answered_yesno(monkeypatch, sessions_dir, MeasuredYesNo())
    try:
        turn = MeasuredYesNo.turns["yesno"]
        assert timing.turn_seconds(step, 5) == pytest.approx(5 * (turn.seconds() + timing.HANDOVER_SECONDS))
        assert "2 of 3 said yes to \u201cAgree?\u201d." in brief.build(session).findings
    finally:
        session.close()


def test_a_kind_without_findings_adds_none_to_the_brief(monkeypatch: pytest.MonkeyPatch, sessions_dir: Path) -> None:
    """The brief does not guess a sentence from the shape of a round (YesNo fills bars, as a choice does)."""
    session, step = answered_yesno(monkeypatch, sessions_dir, YesNo())
    try:
        assert results.tally(step, session.answers("agree")).bars  # it has bars, like a choice
        assert not [f for f in brief.build(session).findings if "Agree?" in f]
        assert timing.turn_seconds(step, 5) == pytest.approx(5 * (timing.TURNS["open"].seconds() + timing.HANDOVER_SECONDS))
    finally:
        session.close()
