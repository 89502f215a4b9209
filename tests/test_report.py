"""The report across sessions: real session files, figures checked against values computed here."""

from __future__ import annotations

import json
import os
import random
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path

import markdown_it
import pytest

from conftest import PIN, fill_session, make_pack
from work import within_a_hang_bound
from test_charts import context_pack
from workshop import storage
from workshop.report import build_report, render_report, report_pdf, words
from workshop.session import Session

# Six sessions, created out of date order; each: (day, label, confidence, context-share, sort, actions, aim texts).
SESSIONS = [
    (date(2026, 3, 1), "North after", [4, 5, 5], [4, 4, 5],
     [{"curfew": "ecological", "lighting": "ecological", "youth-work": "ecological"}],
     [("org", "context"), ("team", "context"), ("me", "context")], ["Lighting the park", "Park lighting works"]),
    (date(2026, 1, 10), "North before", [1, 2, 2, 3], [1, 2, 1, 2],
     [{"curfew": "behaviour", "lighting": "ecological", "youth-work": "behaviour"},
      {"curfew": "behaviour", "lighting": "depends", "youth-work": "depends"}],
     [("me", "behaviour"), ("team", "behaviour"), ("team", "unsure")], ["Curfews for the group", "Moving them on"]),
    (date(2026, 2, 1), "North middle", [3, 3], [3, 2],
     [{"curfew": "behaviour", "lighting": "ecological", "youth-work": "ecological"}],
     [("org", "context"), ("org", "behaviour")], ["The park and the bus station"]),
    (date(2026, 2, 15), "South", [2], [5],
     [{"curfew": "depends", "lighting": "ecological"}],
     [("me", "context")], ["Bus station staff"]),
    (date(2025, 12, 1), "South", [5, 5, 4], [3],
     [{"lighting": "ecological"}],
     [], ["Park wardens"]),
    (date(2026, 4, 1), "North after", [], [],
     [], [("team", "context"), ("team", "context"), ("org", "unsure")], []),
]


def expected_rows():
    """What the report must say per session, computed here from SESSIONS, oldest first."""
    rows = []
    for day, label, confidence, share, sorts, actions, _texts in sorted(SESSIONS, key=lambda s: s[0]):
        placements = [bucket for answer in sorts for bucket in answer.values()]
        rows.append({
            "created": day.isoformat(),
            "label": label,
            "confidence": sum(confidence) / len(confidence) if confidence else None,
            "context": sum(share) / len(share) if share else None,
            "eco": placements.count("ecological") / len(placements) if placements else None,
            "context_actions": sum(1 for _, lens in actions if lens == "context") / len(actions) if actions else None,
            "levels": {level: sum(1 for lv, _ in actions if lv == level) for level in ("me", "team", "org")},
        })
    return rows


@pytest.fixture(scope="module")
def report_dir(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("sessions")
    # Small made-up rounds (one or two answers) check the figures here; the minimum of answers a
    # round needs before it is shown has its own tests (test_session, test_summary, test_export).
    pack = make_pack({**context_pack().data, "min_answers": 1})
    for day, label, confidence, share, sorts, actions, texts in SESSIONS:
        session = Session.create(folder, pack, label, PIN, today=day)
        answers = {
            "confidence": confidence, "context-share": share, "sort-cards": sorts, "aim": texts,
            "actions": [{"action": f"Do {lens} work", "level": level, "lens": lens, "measure": ""} for level, lens in actions],
        }
        try:
            fill_session(session, answers)
        finally:
            session.close()
    return folder


def test_sessions_are_ordered_by_date_with_the_right_figures(report_dir):
    report = build_report(report_dir, today=date(2026, 11, 28))
    expected = expected_rows()
    assert [r.created for r in report.sessions] == [e["created"] for e in expected]
    for row, want in zip(report.sessions, expected):
        assert row.label == want["label"]
        for got, value in ((row.means.get("confidence"), want["confidence"]), (row.means.get("context-share"), want["context"]),
                           (row.context_rating, want["context"]), (row.ecological_share, want["eco"]),
                           (row.context_action_share, want["context_actions"])):
            assert got == pytest.approx(value) if value is not None else got is None
        assert row.levels == want["levels"]
    assert [c.id for c in report.scales] == ["confidence", "context-share"]
    assert report.levels == [("me", "Myself"), ("team", "My team or meeting"), ("org", "My wider organisation")]


def test_per_card_shares(report_dir):
    report = build_report(report_dir)
    cards = {c.id: c for c in report.cards}
    # lighting: placed in every session that sorted; first (2025-12-01) ecological, last (2026-03-01) ecological.
    lighting = [a["lighting"] for s in SESSIONS for a in s[4] if "lighting" in a]
    assert cards["lighting"].placements == len(lighting)
    assert cards["lighting"].pooled == pytest.approx(lighting.count("ecological") / len(lighting))
    # curfew: first placed 2026-01-10 (0 of 2 ecological), last placed 2026-03-01 (1 of 1).
    assert cards["curfew"].first == 0 and cards["curfew"].last == 1
    curfew = [a["curfew"] for s in SESSIONS for a in s[4] if "curfew" in a]
    assert cards["curfew"].pooled == pytest.approx(curfew.count("ecological") / len(curfew))


def test_most_frequent_words_without_stop_words(report_dir):
    report = build_report(report_dir)
    counts = dict(report.words)
    assert counts["park"] == 4 and counts["lighting"] == 2 and counts["bus"] == 2 and counts["station"] == 2
    for stop in ("the", "and", "for", "them", "on"):
        assert stop not in counts
    assert report.words[0] == ("park", 4)
    assert report.open_answers == sum(len(s[6]) for s in SESSIONS)


def test_words_are_cleaned():
    assert words("The PARK's lighting, the park’s lights; 2024 and 3 cafés!") == ["park", "lighting", "park", "lights", "cafés"]
    assert words("") == []


@pytest.mark.parametrize("kwargs, labels", [
    ({"label": "north"}, ["North before", "North middle", "North after", "North after"]),
    ({"label": "  SOUTH "}, ["South", "South"]),
    ({"since": date(2026, 2, 15)}, ["South", "North after", "North after"]),
    ({"pack": "test-pack", "label": "north after"}, ["North after", "North after"]),
    ({"pack": "hymn-sheet"}, []),
])
def test_filters(report_dir, kwargs, labels):
    assert [r.label for r in build_report(report_dir, **kwargs).sessions] == labels


def test_rendered_report_holds_the_figures(report_dir):
    report = build_report(report_dir, label="north")
    md = render_report(report, "md")
    html = render_report(report, "html")
    assert "| 2026-01-10 | North before | 2.0 | 1.5 |" in md
    assert "| 2026-01-10 | North before | 1.5 | 17% | 3 | 0 | 2 | 1 |" in md  # 1 of 6 placements ecological
    assert "| 2026-03-01 | North after | 1 | 1 | 1 |" in md
    assert "1. park (3)" in md
    assert html.count("<svg ") == 2 + 2 + 3  # two ratings, sort and actions shares, three levels
    assert "<td>2026-01-10</td><td>North before</td><td class=\"n\">2.0</td><td class=\"n\">1.5</td>" in html
    empty = render_report(build_report(report_dir, pack="nothing"), "md")
    assert "No sessions match." in empty


def test_report_charts_name_every_session_and_never_overlap(report_dir):
    from test_charts import of_class, overlapping
    from workshop.report import charts_for

    report = build_report(report_dir)
    expected = [f"{i + 1}: {e['created']}, {e['label']}" for i, e in enumerate(expected_rows())]
    figures = charts_for(report)
    assert len(figures) == 2 + 2 + 3
    for name, svg in figures.items():
        assert overlapping(svg) == [], name
        assert of_class(svg, "key") == expected, name
        assert of_class(svg, "tick-x") == [e["created"] for e in expected_rows()]
        ticks = of_class(svg, "tick-y")
        assert len(ticks) == len(set(ticks))
    assert of_class(figures["level:team"], "tick-y") == ["0", "1", "2"]  # counts: whole numbers


def test_hostile_labels_are_escaped(tmp_path):
    folder = tmp_path / "sessions"
    session = Session.create(folder, context_pack(), "<script>x</script> | [a](b)", PIN, today=date(2026, 1, 1))
    try:
        fill_session(session, {"aim": ["<img src=x> =cmd [l](http://e)"]})
    finally:
        session.close()
    report = build_report(folder)
    html = render_report(report, "html")
    md = render_report(report, "md")
    assert "<script" not in html and "<img" not in html and "&lt;script&gt;" in html
    rendered = markdown_it.MarkdownIt("gfm-like", {"linkify": False}).render(md)
    assert "<img" not in rendered and "<script" not in rendered and "<a " not in rendered
    assert "&lt;script&gt;x&lt;/script&gt; | [a](b)" in rendered  # shown as typed, in one table cell


def test_report_pdf(report_dir):
    pdfium = pytest.importorskip("pypdfium2")
    data = report_pdf(build_report(report_dir, today=date(2026, 11, 28)))
    document = pdfium.PdfDocument(data)
    try:
        text = " ".join(document[0].get_textpage().get_text_range().split())
        assert "Across sessions" in text and "28 November 2026" in text and f"Page 1 of {len(document)}" in text
    finally:
        document.close()


# --- the command line -----------------------------------------------------------------------------


def run_cli(*args: str, folder: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "WORKSHOP_SESSIONS_DIR": str(folder)}
    return subprocess.run([sys.executable, "-m", "workshop", *args], capture_output=True, text=True, env=env,
                          timeout=120, stdin=subprocess.DEVNULL)


def test_report_command(report_dir, tmp_path):
    result = run_cli("report", "--label", "north", folder=report_dir)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("# Across sessions") and "North before" in result.stdout
    target = tmp_path / "r.html"
    result = run_cli("report", "--format", "html", "-o", str(target), folder=report_dir)
    assert result.returncode == 0 and result.stdout.strip() == f"Report written to {target}"
    assert target.read_text().startswith("<!DOCTYPE html>")
    for args, message in ((("report", "--since", "yesterday"), "is not a date"),
                          (("report", "--format", "docx"), "invalid choice"),
                          (("report", "--sessions-dir", str(tmp_path / "none")), "no sessions folder")):
        result = run_cli(*args, folder=report_dir)
        assert result.returncode != 0 and "Traceback" not in result.stderr
        assert len(result.stderr.strip().splitlines()) == 1 and message in result.stderr


# --- speed --------------------------------------------------------------------------------------------


def write_sessions(folder: Path, count: int, people: int = 12) -> None:
    """`count` finished sessions of the built-in pack, written as plain JSON files (as the app writes them)."""
    from workshop.packs import find_pack

    pack = find_pack("hymn-sheet")
    rng = random.Random(7)
    folder.mkdir(mode=0o700, parents=True, exist_ok=True)
    vocabulary = "lighting park bus staff shop licensing adults trust youth workers safer routes school".split()
    for i in range(count):
        day = date(2024, 1, 1) + timedelta(days=i)
        answers = {}
        for step in pack.steps:
            for _ in range(people if step.takes_answers else 0):
                answer = {
                    "open": lambda: {"text": " ".join(rng.choice(vocabulary) for _ in range(12))},
                    "scale": lambda: {"value": rng.randint(1, step.points)},
                    "choice": lambda: {"choices": [rng.choice(step.options)]},
                    "rank": lambda: {"ranking": rng.sample(step.options, len(step.options))},
                    "sort": lambda: {"cards": {c.id: rng.choice(step.buckets).id for c in step.cards}},
                    "actions": lambda: {"action": "Fix the lights", "level": rng.choice(step.levels).id,
                                        "lens": rng.choice(step.lenses).id, "measure": ""},
                }[step.kind]()
                answers[str(storage.random_doc_id())] = {"step": step.id, "round": 1, "kind": step.kind, "answer": answer}
        sid = storage.new_session_id(day)
        meta = {"schema": 1, "session": sid, "pack": pack.data, "pack_id": pack.id, "pack_title": pack.title,
                "label": f"Area {i % 4}", "created": day.isoformat(), "finished": day.isoformat(), "state": "finished",
                "step": pack.steps[-1].id, "round": 1, "phase": "revealed", "pin": {"kdf": "scrypt"}}
        (folder / f"{sid}.json").write_bytes(storage.encode({"answers": answers, "meta": {"1": meta}}))


def _report_both_formats(folder: Path) -> None:
    report = build_report(folder)
    render_report(report, "md")
    render_report(report, "html")


def test_report_over_many_sessions_reads_each_file_once(tmp_path, monkeypatch):
    # Speed is measured in bench/ (`python -m bench.run --only report`); here the work is counted:
    # one read per session file, whatever the number of sessions, and no hang.
    folder = tmp_path / "many"
    write_sessions(folder, 250)
    reads: list[Path] = []
    real_read = storage.read_raw
    monkeypatch.setattr(storage, "read_raw", lambda path: reads.append(Path(path)) or real_read(path))
    assert len(within_a_hang_bound(build_report, folder).sessions) == 250
    assert len(reads) == len(set(reads)) == 250
    within_a_hang_bound(_report_both_formats, folder)


@pytest.mark.slow
def test_report_over_a_thousand_sessions_never_hangs(tmp_path):
    folder = tmp_path / "thousand"
    write_sessions(folder, 1000)
    within_a_hang_bound(_report_both_formats, folder, seconds=300)


# --- unfinished sessions and the pack's own words -------------------------------------------------


@pytest.fixture(scope="module")
def mixed_dir(tmp_path_factory) -> Path:
    """Two finished sessions and one still running (it stopped after its open answers)."""
    folder = tmp_path_factory.mktemp("mixed")
    for day, label, finish, confidence in ((date(2026, 1, 5), "Finished one", True, [2, 2]),
                                           (date(2026, 2, 5), "Still running", False, [5, 5]),
                                           (date(2026, 3, 5), "Finished two", True, [4])):
        # min_answers 1: these small rounds are shown (the rule that hides them is tested elsewhere)
        session = Session.create(folder, make_pack({**context_pack().data, "min_answers": 1}), label, PIN, today=day)
        try:
            fill_session(session, {"confidence": confidence, "aim": [f"Answer from {label}"]}, finish=finish)
        finally:
            session.close()
    return folder


def test_unfinished_sessions_are_left_out_unless_asked(mixed_dir):
    report = build_report(mixed_dir)
    assert [r.label for r in report.sessions] == ["Finished one", "Finished two"]
    assert [r.means["confidence"] for r in report.sessions] == [2, 4]
    assert "running" not in dict(report.words)
    md = render_report(report, "md")
    assert "1 matching session not yet finished is left out (--include-unfinished counts them)." in md
    assert "Still running" not in md and "Still running" not in render_report(report, "html")

    everything = build_report(mixed_dir, include_unfinished=True)
    assert [r.label for r in everything.sessions] == ["Finished one", "Still running", "Finished two"]
    assert everything.sessions[1].means["confidence"] == 5
    assert "is included (--include-unfinished)" in render_report(everything, "html")


def test_report_command_include_unfinished(mixed_dir):
    plain = run_cli("report", folder=mixed_dir)
    assert plain.returncode == 0, plain.stderr
    assert "Finished one" in plain.stdout and "Still running" not in plain.stdout
    both = run_cli("report", "--include-unfinished", folder=mixed_dir)
    assert both.returncode == 0, both.stderr
    assert "Still running" in both.stdout
    assert "--include-unfinished" in run_cli("report", "--help", folder=mixed_dir).stdout


def test_frequent_words_leave_out_the_prompt_words(tmp_path):
    # The built-in pack's "three lenses" step asks about focus, method and impact: answers repeat
    # those words, which say nothing about the group. Other steps may still use them.
    from workshop.packs import find_pack

    pack = find_pack("hymn-sheet")
    step = pack.step("three-lenses")
    answers = {
        "three-lenses": ["Focus: the park. Method: lighting the paths. Impact: safer routes home.",
                         "Focus is the group, method is dispersal, impacts are fear of the park.",
                         "Focus on the bus station; method: staff training; impact: trusted adults."],
        "approach-today": ["We focus on lighting the park", "Dispersal from the bus station"],
    }
    pack = make_pack({**pack.data, "min_answers": 1})  # two answers to approach-today are shown too
    session = Session.create(tmp_path, pack, "Lenses", PIN, today=date(2026, 5, 1))
    try:
        fill_session(session, answers)
    finally:
        session.close()
    counts = dict(build_report(tmp_path).words)
    for word in ("method", "impact", "impacts", "respons", "lenses"):
        assert word not in counts
    # "focus" is a prompt word of the three-lenses step only: its one use in another step counts.
    assert counts["focus"] == 1
    assert counts["lighting"] == 2 and counts["dispersal"] == 2
    # The other step's own text names "a park ... or bus route" as examples: only the lenses answers count them.
    assert counts["park"] == 2 and counts["bus"] == 1
    prompt = {w for w in words(f"{step.title} {step.text}")}
    assert {"focus", "method", "impact"} <= prompt


def test_rounds_with_too_few_answers_stay_out_of_the_report(tmp_path):
    """The report across sessions reads what a summary may show: a scale round of two answers (the
    pack's minimum is 3) gives no mean, and a two-answer open round gives none of its words."""
    pack = context_pack()
    assert pack.steps[0].min_answers == 3
    session = Session.create(tmp_path, pack, "North", PIN, today=date(2026, 3, 1))
    try:
        fill_session(session, {"confidence": [1, 2], "context-share": [4, 4, 5],
                               "aim": ["zebrafinch lighting", "zebrafinch wardens"]})
    finally:
        session.close()
    [row] = build_report(tmp_path).sessions
    assert row.means.get("confidence") is None
    assert row.means.get("context-share") == pytest.approx(13 / 3)
    assert "zebrafinch" not in {word for word, _count in build_report(tmp_path).words}
