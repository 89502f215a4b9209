"""The `rank` step kind (issue 11): a Borda count of each person's order, the group's order with
shared places for ties, damaged stored answers left out, and the report's order per session."""

from __future__ import annotations

import copy
from datetime import date
from pathlib import Path

from conftest import ANSWERS, DAY, LABEL, PACK_DATA, PIN, fill_session, make_pack

from workshop import export, report, results
from workshop.kinds import rank
from workshop.session import Session

STEP = make_pack().step("first-context")
PARK, BUS, SCHOOL, ONLINE = STEP.options


def answers(*orders: list[str] | None) -> list[dict]:
    return [{"step": STEP.id, "round": 1, "passed": True} if o is None else {"step": STEP.id, "round": 1, "answer": {"ranking": o}}
            for o in orders]


def table(result: results.StepResult) -> list[tuple[int, str, int, int]]:
    return [(row.place, row.label, row.points, row.firsts) for row in result.ranking]


def test_borda_count_and_first_places() -> None:
    result = results.tally(STEP, answers(*ANSWERS["first-context"]))
    assert result.answered == 3 and result.passed == 1
    assert table(result) == [(1, PARK, 8, 2), (2, BUS, 6, 1), (3, SCHOOL, 3, 0), (4, ONLINE, 1, 0)]
    assert result.ranking[0].share == 8 / 9  # 3 rankings x 3 points for a first place
    assert sum(row.points for row in result.ranking) == 3 * (3 + 2 + 1)


def test_ties_share_a_place_and_more_first_places_lead() -> None:
    # PARK: 3 + 0 = 3 with one first place; BUS: 1 + 2 = 3 with none; SCHOOL 2 + 1 = 3 with none; ONLINE 0 + 3 = 3.
    result = results.tally(STEP, answers([PARK, SCHOOL, BUS, ONLINE], [ONLINE, BUS, SCHOOL, PARK]))
    assert table(result) == [(1, PARK, 3, 1), (1, ONLINE, 3, 1), (1, BUS, 3, 0), (1, SCHOOL, 3, 0)]
    result = results.tally(STEP, answers([PARK, BUS, SCHOOL, ONLINE], [BUS, PARK, SCHOOL, ONLINE]))
    assert table(result) == [(1, PARK, 5, 1), (1, BUS, 5, 1), (3, SCHOOL, 2, 0), (4, ONLINE, 0, 0)]


def test_damaged_stored_orders_are_left_out_of_the_count() -> None:
    good = [PARK, BUS, SCHOOL, ONLINE]
    docs = answers(good) + [
        {"step": STEP.id, "round": 1, "answer": {"ranking": [PARK, PARK, BUS, SCHOOL]}},
        {"step": STEP.id, "round": 1, "answer": {"ranking": [PARK, BUS, SCHOOL]}},
        {"step": STEP.id, "round": 1, "answer": {"ranking": "Online"}},
        {"step": STEP.id, "round": 1, "answer": {}},
    ]
    rows = rank.group_order(STEP, [d["answer"] for d in docs])
    assert [(r.label, r.points, r.firsts, r.answers) for r in rows] == [
        (PARK, 3, 1, 1), (BUS, 2, 0, 1), (SCHOOL, 1, 0, 1), (ONLINE, 0, 0, 1)]


def test_nobody_ranked_gives_the_pack_order_with_no_points() -> None:
    result = results.tally(STEP, answers(None, None))
    assert result.answered == 0
    assert table(result) == [(1, PARK, 0, 0), (1, BUS, 0, 0), (1, SCHOOL, 0, 0), (1, ONLINE, 0, 0)]


def test_export_keeps_each_order_and_the_definition(filled_session_path: Path) -> None:
    loaded = export.load(filled_session_path)
    [record] = [s for s in export.session_record(loaded)["steps"] if s["id"] == STEP.id]
    assert record["options"] == list(STEP.options)
    orders = sorted(a["ranking"] for a in record["answers"] if a["status"] == "answered")
    assert orders == sorted(o for o in ANSWERS["first-context"] if o is not None)
    assert [a["status"] for a in record["answers"]].count("passed") == 1


def test_report_shows_the_group_order_in_each_session(sessions_dir: Path) -> None:
    data = copy.deepcopy(PACK_DATA)
    data["min_answers"] = 1  # the first session's round has two answers: shown here on purpose
    pack = make_pack(data)
    for day, orders in ((date(2026, 3, 1), [[ONLINE, PARK, BUS, SCHOOL]] * 2), (DAY, ANSWERS["first-context"])):
        session = Session.create(sessions_dir, pack, LABEL, PIN, today=day)
        try:
            fill_session(session, {"first-context": orders})
        finally:
            session.close()
    built = report.build_report(sessions_dir)
    assert [c.id for c in built.rankings] == [STEP.id]
    assert [row.orders[STEP.id] for row in built.sessions] == [[ONLINE, PARK, BUS, SCHOOL], [PARK, BUS, SCHOOL, ONLINE]]
    md = report.render_report(built, "md")
    assert "| Online > The park > The bus station > The school gates |" in md
    assert "| The park > The bus station > The school gates > Online |" in md
    html = report.render_report(built, "html")
    assert '<ol class="order"><li>Online</li><li>The park</li>' in html
