"""Exports (JSON and CSV): round trips to the same figures, nothing identifying, hostile text defused."""

from __future__ import annotations

import csv
import io
import json
import os
import re
import stat
import subprocess
import sys
from collections import Counter
from pathlib import Path

import pytest

from conftest import ANSWERS, DAY, LABEL, PACK_DATA, PIN, REDACTED_TEXT, fill_session, make_pack
from workshop import export
from workshop.export import CSV_COLUMNS, EXPORT_VERSION, export_csv, export_json, load, safe_cell, unsafe_cell
from workshop.results import REDACTED, tally
from workshop.session import Session
from workshop.summary import render_summary

TIME = re.compile(r"\d{1,2}:\d{2}|T\d{2}")
FORBIDDEN_KEYS = {"pin", "hash", "salt", "kdf", "n", "r", "p", "time", "timestamp", "finished", "phase", "phases", "notes"}


def walk_keys(value):
    if isinstance(value, dict):
        for key, inner in value.items():
            yield key
            yield from walk_keys(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from walk_keys(inner)


def walk_strings(value):
    if isinstance(value, dict):
        for inner in value.values():
            yield from walk_strings(inner)
    elif isinstance(value, list):
        for inner in value:
            yield from walk_strings(inner)
    elif isinstance(value, str):
        yield value


def figures_from_session(session: Session) -> dict:
    """The figures the summary shows, from `results.tally` on the session itself."""
    out = {}
    for step in session.pack.steps:
        if not step.takes_answers:
            continue
        r = tally(step, session.answers(step.id))
        out[step.id] = {
            "answered": r.answered, "passed": r.passed, "redacted": r.redacted,
            "bars": [b.count for b in r.bars],
            "splits": [[b.count for b in s.bars] for s in r.splits],
            "lenses": sorted((a.level, a.lens) for a in r.actions),
            "texts": sorted(t for t in r.texts if t != REDACTED),
            "ranking": [(row.label, row.points, row.firsts) for row in r.ranking],
        }
    return out


def figures_from_json(record: dict) -> dict:
    """The same figures, computed only from one exported session object."""
    out = {}
    for step in record["steps"]:
        answers = step["answers"]
        given = [a for a in answers if a["status"] != "passed"]
        figure = {
            "answered": len(given), "passed": len(answers) - len(given),
            "redacted": sum(1 for a in answers if a["status"] == "redacted"),
            "bars": [], "splits": [], "lenses": [], "texts": [], "ranking": [],
        }
        if step["kind"] == "scale":
            values = Counter(a["value"] for a in given)
            figure["bars"] = [values.get(n, 0) for n in range(1, step["points"] + 1)]
        elif step["kind"] == "choice":
            chosen = Counter(c for a in given for c in a["choices"])
            figure["bars"] = [chosen.get(o, 0) for o in step["options"]]
        elif step["kind"] == "sort":
            for card in step["cards"]:
                placed = Counter(a["cards"].get(card["id"]) for a in given)
                figure["splits"].append([placed.get(b["id"], 0) for b in step["buckets"]])
        elif step["kind"] == "rank":  # Borda count from the exported orders alone
            points = Counter({o: 0 for o in step["options"]})
            firsts = Counter({o: 0 for o in step["options"]})
            for a in given:
                for place, option in enumerate(a["ranking"]):
                    points[option] += len(step["options"]) - 1 - place
                firsts[a["ranking"][0]] += 1
            ranked = sorted(step["options"], key=lambda o: (-points[o], -firsts[o], step["options"].index(o)))
            figure["ranking"] = [(o, points[o], firsts[o]) for o in ranked]
        elif step["kind"] == "actions":
            figure["lenses"] = sorted((a["level"], a["lens"]) for a in given)
        elif step["kind"] == "open":
            figure["texts"] = sorted(a["text"] for a in given if a["status"] == "answered")
        out[step["id"]] = figure
    return out


def test_json_round_trips_to_the_same_figures(filled_session_path, filled_session):
    document = json.loads(export_json([load(filled_session_path)]))
    assert document["format"] == "hymn-sheet-export" and document["export_version"] == EXPORT_VERSION == 1
    (record,) = document["sessions"]
    assert record["session"] == filled_session.id
    assert record["pack"] == {"id": "test-pack", "title": "Test hymn sheet"}
    assert record["label"] == LABEL and record["created"] == DAY.isoformat() and record["state"] == "finished"
    assert [s["id"] for s in record["steps"]] == ["sort-cards", "aim", "confidence", "missing", "first-context", "actions"]
    assert figures_from_json(record) == figures_from_session(filled_session)
    measures = sorted(a["measure"] for a in record["steps"][-1]["answers"])
    assert measures == sorted(a["measure"] for a in ANSWERS["actions"])


def test_nothing_identifying_and_no_redacted_text(filled_session_path):
    raw = filled_session_path.read_text(encoding="utf-8")
    assert '"pin"' in raw and '"salt"' in raw  # the session file has them ...
    for fmt in ("json", "csv"):
        out = export.export([load(filled_session_path)], fmt)
        assert REDACTED_TEXT not in out and "Jamie" not in out
        assert not TIME.search(out)
        meta = next(iter(json.loads(raw)["meta"].values()))
        assert meta["pin"]["salt"] not in out and meta["pin"]["hash"] not in out
        for doc_id in json.loads(raw)["answers"]:
            assert doc_id not in out  # ... no storage ids either
    document = json.loads(export_json([load(filled_session_path)]))
    assert not set(walk_keys(document)) & FORBIDDEN_KEYS
    assert "We disagreed" not in json.dumps(document)  # facilitator notes are not exported
    redacted = [a for s in document["sessions"][0]["steps"] for a in s["answers"] if a["status"] == "redacted"]
    assert redacted == [{"round": 1, "status": "redacted"}]


def test_csv_parses_back_to_the_same_answers(filled_session_path, filled_session):
    text = export_csv([load(filled_session_path)])
    assert text.endswith("\r\n") and "\r\n" in text
    rows = list(csv.DictReader(io.StringIO(text, newline="")))
    assert tuple(rows[0].keys()) == CSV_COLUMNS
    assert all(r["export_version"] == "2" and r["session"] == filled_session.id and r["label"] == LABEL for r in rows)
    by_step: dict[str, list[dict]] = {}
    for row in rows:
        by_step.setdefault(row["step"], []).append({k: unsafe_cell(v) for k, v in row.items()})
    assert sorted(int(r["value"]) for r in by_step["confidence"]) == sorted(ANSWERS["confidence"])
    assert sorted(r["value"] for r in by_step["aim"] if r["status"] == "answered") == sorted(ANSWERS["aim"][:3])
    assert [r["value"] for r in by_step["aim"] if r["status"] == "redacted"] == [""]
    chosen = sorted(tuple(sorted(json.loads(r["value"]))) for r in by_step["missing"] if r["status"] == "answered")
    assert chosen == sorted(tuple(sorted(v)) for v in ANSWERS["missing"] if v)
    actions = sorted((r["value"], r["level"], r["lens"], r["measure"]) for r in by_step["actions"])
    assert actions == sorted((a["action"], a["level"], a["lens"], a["measure"]) for a in ANSWERS["actions"])
    assert [r["status"] for r in by_step["missing"]].count("passed") == 1


def test_a_sort_answer_is_one_csv_row_per_card(filled_session_path, filled_session):
    # Issue 12: a card per row (card id in `item`, bucket id in `value`), not a JSON object in one
    # cell; `answer` numbers the answers of a round in the export's (reveal) order, so the rows of
    # one person's sort can be put back together, and says nothing about turns.
    text = export_csv([load(filled_session_path)])
    rows = [{k: unsafe_cell(v) for k, v in r.items()} for r in csv.DictReader(io.StringIO(text, newline=""))]
    sort_rows = [r for r in rows if r["step"] == "sort-cards"]
    assert all(r["export_version"] == "2" for r in rows)
    assert not any(r["value"].startswith("{") for r in sort_rows)
    answered = [r for r in sort_rows if r["status"] == "answered"]
    cards = {c["id"] for c in PACK_DATA["sections"][1]["steps"][1]["cards"]}
    buckets = {"behaviour", "ecological", "depends"}
    assert {r["item"] for r in answered} == cards and {r["value"] for r in answered} <= buckets
    regrouped: dict[str, dict[str, str]] = {}
    for row in answered:
        regrouped.setdefault(row["answer"], {})[row["item"]] = row["value"]
    assert sorted(json.dumps(v, sort_keys=True) for v in regrouped.values()) == sorted(
        json.dumps(v, sort_keys=True) for v in ANSWERS["sort-cards"] if v)
    passed = [r for r in sort_rows if r["status"] == "passed"]
    assert len(passed) == 1 and passed[0]["item"] == passed[0]["value"] == ""
    # Every other kind keeps one row per answer, with no item.
    others = [r for r in rows if r["step"] != "sort-cards"]
    assert len(others) == sum(len(filled_session.answers(s.id)) for s in filled_session.pack.steps if s.id != "sort-cards")
    assert all(r["item"] == "" for r in others)
    for step in {r["step"] for r in rows}:
        numbers = [int(r["answer"]) for r in rows if r["step"] == step]
        assert sorted(set(numbers)) == list(range(1, len(set(numbers)) + 1)), step


def test_answers_keep_the_reveal_order_which_is_not_the_turn_order(sessions_dir, pack):
    # Issue 8: one fixed order (the random document ids), the same in every export, on the reveal
    # screen and in the summary; never the order of the turns.
    session = Session.create(sessions_dir, pack, "Order", PIN, today=DAY)
    texts = [f"Answer {chr(65 + i)} here" for i in range(12)]
    try:
        fill_session(session, {"aim": texts})
    finally:
        session.close()
    orders = set()
    for _ in range(3):
        record = json.loads(export_json([load(session.path)]))["sessions"][0]
        aim = next(s for s in record["steps"] if s["id"] == "aim")
        orders.add(tuple(a["text"] for a in aim["answers"]))
    [order] = orders
    assert sorted(order) == sorted(texts) and list(order) != texts  # 1 in 12! to be the turn order by chance
    read = Session.read(session.path)
    assert [a["answer"]["text"] for a in read.answers("aim")] == list(order)
    md = render_summary(read, "md")
    positions = [md.index(text) for text in order]
    assert positions == sorted(positions)


def test_rounds_the_group_did_not_see_are_not_exported(sessions_dir, pack):
    session = Session.create(sessions_dir, pack, "Left out", PIN, today=DAY)
    try:
        fill_session(session, {"aim": ["Light the park", "Talk to the shop", "Ask the bus firm"],
                               "confidence": [4, 2]}, finish=False)  # two answers: too few to show
        while session.step.id != "aim":
            session.previous_step()
        session.new_round()
        for text in ("Round two one", "Round two two", "Round two three"):
            session.submit(text)  # never revealed
    finally:
        session.close()
    record = json.loads(export_json([load(session.path)]))["sessions"][0]
    steps = {s["id"]: s for s in record["steps"]}
    assert [a["text"] for a in steps["aim"]["answers"]] and {a["round"] for a in steps["aim"]["answers"]} == {1}
    assert steps["confidence"]["answers"] == []
    assert record["left_out"] == 5
    csv_text = export_csv([load(session.path)])
    assert "Round two" not in csv_text and "Light the park" in csv_text
    # The command says so in a line (on standard error: standard output stays the CSV alone), in
    # both formats, whether printed or written with -o.
    for args in (("--format", "csv"), ("-o", str(sessions_dir / "out.json"))):
        result = run_cli("export", session.path.stem, *args, folder=sessions_dir)
        assert result.returncode == 0, result.stderr
        assert result.stderr == (f"workshop: {session.path.stem}: 5 turns left out, of rounds the group never saw "
                                 "or with too few answers to show\n")
    assert "Round two" not in result.stdout


@pytest.mark.parametrize("text, expected", [
    ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
    ("+1", "'+1"), ("-2", "'-2"), ("@SUM(A1)", "'@SUM(A1)"), ("'quoted", "''quoted"),
    ("\tTab", "'\tTab"), ("plain = text", "plain = text"), ("", ""),
])
def test_formula_injection_is_defused(text, expected):
    assert safe_cell(text) == expected
    assert unsafe_cell(safe_cell(text)) == text


def test_hostile_text_in_a_csv_export(sessions_dir):
    data = json.loads(json.dumps(PACK_DATA))
    session = Session.create(sessions_dir, make_pack(data), "=cmd|' /C calc'!A0", PIN, today=DAY)
    hostile = ["=1+2", "-3", "+cmd", "@here", 'a "quoted", comma\nand a new line', "<script>x</script>"]
    try:
        fill_session(session, {"aim": hostile, "actions": [
            {"action": "=WEBSERVICE(\"x\")", "level": "me", "lens": "context", "measure": "+1"},
            {"action": "Walk the route", "level": "me", "lens": "context", "measure": ""},
            {"action": "Meet the shop", "level": "me", "lens": "context", "measure": ""}]})
    finally:
        session.close()
    text = export_csv([load(session.path)])
    rows = list(csv.reader(io.StringIO(text, newline="")))
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@")), cell
    assert rows[1][3] == "'=cmd|' /C calc'!A0"  # the label too
    aims = sorted(unsafe_cell(r[10]) for r in rows[1:] if r[6] == "aim")
    assert aims == sorted(hostile)
    action = next(r for r in rows[1:] if r[6] == "actions" and "WEBSERVICE" in r[10])
    assert action[10] == "'=WEBSERVICE(\"x\")" and action[13] == "'+1"
    assert json.loads(export_json([load(session.path)]))["sessions"][0]["label"] == "=cmd|' /C calc'!A0"


# --- the command line -----------------------------------------------------------------------------


def run_cli(*args: str, folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKSHOP_SESSIONS_DIR": str(folder)}
    return subprocess.run([sys.executable, "-m", "workshop", *args], capture_output=True, text=True, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_export_commands(filled_session_path, tmp_path):
    folder = filled_session_path.parent
    result = run_cli("export", filled_session_path.stem, folder=folder)
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["sessions"][0]["session"] == filled_session_path.stem
    result = run_cli("export", filled_session_path.stem, "--format", "csv", folder=folder)
    assert result.returncode == 0 and result.stdout.startswith(",".join(CSV_COLUMNS))
    target = tmp_path / "all.json"
    (folder / "20260101-aaaaaa.json").write_text("{not json")  # an unreadable file is skipped, and said so
    result = run_cli("export", "--all", "-o", str(target), folder=folder)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == f"Export written to {target}"
    assert result.stderr.startswith("workshop: skipped ") and len(result.stderr.splitlines()) == 1
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert len(json.loads(target.read_text())["sessions"]) == 1


@pytest.mark.parametrize("args, message", [
    (("export",), "one of the arguments SESSION_ID --all is required"),
    (("export", "nope"), "is not a session id"),
    (("export", "20261128-zzzzzz"), "no session 20261128-zzzzzz"),
    (("export", "--all", "--format", "xml"), "invalid choice"),
    (("export", "--all", "-o", "/nonexistent-folder/x.csv"), "does not exist"),
])
def test_export_errors_are_one_line(filled_session_path, args, message):
    result = run_cli(*args, folder=filled_session_path.parent)
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


def test_help_for_the_new_commands(tmp_path):
    for command in ("export", "report", "print", "summary"):
        result = run_cli(command, "--help", folder=tmp_path)
        assert result.returncode == 0 and result.stdout.startswith(f"usage: workshop {command}")


# --- action turns with several actions (issue 12) ---------------------------------------------------

SEVERAL = [
    {"actions": [
        {"action": "Walk the estate with the wardens", "level": "me", "lens": "context", "owner": "",
         "by_when": "end of term"},
        {"action": "Put the place on every agenda", "level": "team", "lens": "context", "measure": "On the agenda",
         "owner": "Chair of the meeting", "by_when": "by the March board"},
        {"action": "Ask licensing to test purchase", "level": "org", "lens": "context", "owner": "=Licensing lead"},
    ]},
    {"action": "Read the briefing", "level": "me", "lens": "unsure", "measure": ""},
    {"actions": [
        {"action": "Send warning letters", "level": "team", "lens": "behaviour", "owner": "Youth service lead"},
        {"action": "Name a lead for the park", "level": "org", "lens": "context", "by_when": "2027-03-31"},
    ]},
]


def several_session(sessions_dir: Path, redact: str | None = None) -> Path:
    session = Session.create(sessions_dir, make_pack(), LABEL, PIN, today=DAY)
    try:
        fill_session(session, {"actions": SEVERAL}, redact={"actions": redact} if redact else None)
    finally:
        session.close()
    return session.path


def test_an_action_turn_exports_one_answer_per_action_with_owner_and_by_when(sessions_dir):
    path = several_session(sessions_dir)
    [record] = json.loads(export_json([load(path)]))["sessions"]
    answers = record["steps"][-1]["answers"]
    assert len(answers) == 6 and {a["status"] for a in answers} == {"answered"}
    by_text = {a["action"]: a for a in answers}
    assert by_text["Put the place on every agenda"] == {
        "round": 1, "status": "answered", "level": "team", "lens": "context", "action": "Put the place on every agenda",
        "measure": "On the agenda", "owner": "Chair of the meeting", "by_when": "by the March board"}
    # Owner and by-when only when given: a turn without them reads exactly as a single action always did.
    assert by_text["Read the briefing"] == {"round": 1, "status": "answered", "level": "me", "lens": "unsure",
                                            "action": "Read the briefing", "measure": ""}
    assert by_text["Name a lead for the park"]["by_when"] == "2027-03-31" and "owner" not in by_text["Name a lead for the park"]

    rows = [{k: unsafe_cell(v) for k, v in r.items()}
            for r in csv.DictReader(io.StringIO(export_csv([load(path)]), newline="")) if r["step"] == "actions"]
    at = CSV_COLUMNS.index("measure") + 1  # added after measure; a sort's item and answer come after them
    assert tuple(CSV_COLUMNS[at:at + 2]) == ("owner", "by_when")
    assert sorted((r["value"], r["level"], r["owner"], r["by_when"]) for r in rows) == sorted([
        ("Walk the estate with the wardens", "me", "", "end of term"),
        ("Put the place on every agenda", "team", "Chair of the meeting", "by the March board"),
        ("Ask licensing to test purchase", "org", "=Licensing lead", ""),
        ("Read the briefing", "me", "", ""),
        ("Send warning letters", "team", "Youth service lead", ""),
        ("Name a lead for the park", "org", "", "2027-03-31"),
    ])
    raw_rows = list(csv.reader(io.StringIO(export_csv([load(path)]), newline="")))
    assert any(row[CSV_COLUMNS.index("owner")] == "'=Licensing lead" for row in raw_rows)  # a formula-looking owner is defused too


def test_a_redacted_action_turn_exports_only_its_levels_and_lenses(sessions_dir):
    path = several_session(sessions_dir, redact="Send warning letters")
    answers = json.loads(export_json([load(path)]))["sessions"][0]["steps"][-1]["answers"]
    redacted = [a for a in answers if a["status"] == "redacted"]
    assert redacted == [{"round": 1, "status": "redacted", "level": "team", "lens": "behaviour"},
                        {"round": 1, "status": "redacted", "level": "org", "lens": "context"}]
    text = export_csv([load(path)]) + export_json([load(path)])
    assert "Send warning letters" not in text and "Youth service lead" not in text and "2027-03-31" not in text


def test_the_tally_flattens_every_action_by_level_and_counts_people(sessions_dir):
    session = Session.read(several_session(sessions_dir))
    step = session.pack.step("actions")
    result = tally(step, session.answers("actions", 1), 1)
    assert (result.answered, result.passed, len(result.actions)) == (3, 0, 6)  # three people, six actions
    assert [a.level for a in result.actions] == ["me", "me", "team", "team", "org", "org"]
    docs = [d["answer"] for d in session.answers("actions", 1)]  # the document id order: random, fixed

    def first(text):
        return next(i for i, d in enumerate(docs) if text in json.dumps(d))

    # Within a level, in the answers' (random) document order, never in the order of the turns.
    for level in ("me", "team", "org"):
        texts = [a.text for a in result.actions_at(level)]
        assert texts == sorted(texts, key=first)
    agenda = next(a for a in result.actions if a.text == "Put the place on every agenda")
    assert (agenda.owner, agenda.by_when, agenda.measure, agenda.lens_label) == (
        "Chair of the meeting", "by the March board", "On the agenda", "Changes a context")
    assert [b.count for b in result.lens_bars] == [4, 1, 1]
