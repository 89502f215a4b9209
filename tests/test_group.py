"""Group steps (issue 11): the room talks a step through and one shared answer is typed; a sort gives
one bucket per card (and, if the facilitator asks, how many disagreed), a choice one count per option.
No queue of turns, one answer a round; the facilitator may switch a step's mode before its first answer."""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from conftest import DAY, LABEL, PACK_DATA, PIN, fill_session, make_pack

import kiosk
from workshop import export, lens, results
from workshop.errors import AnswerError
from workshop.session import Session, make_group_answer
from workshop.summary import render_summary


def group_data(*step_ids: str) -> dict[str, Any]:
    data = copy.deepcopy(PACK_DATA)
    for section in data["sections"]:
        for step in section["steps"]:
            if step["id"] in step_ids:
                step["mode"] = "group"
    return data


GROUP_SORT = {"cards": {"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"},
              "disagree": {"youth-work": 3, "lighting": 0}}
GROUP_COUNTS = {"Bus drivers": 2, "Shop staff": 5, "Park wardens": 0}


def test_group_answers_are_checked_and_cleaned() -> None:
    pack = make_pack(group_data("sort-cards", "missing"))
    sort, choice = pack.step("sort-cards"), pack.step("missing")
    assert make_group_answer(sort, GROUP_SORT) == GROUP_SORT
    assert make_group_answer(sort, {"cards": {"curfew": "behaviour"}, "disagree": {"lighting": 2}}) == {
        "cards": {"curfew": "behaviour"}}  # a count for a card the group did not place is dropped
    for bad, message in (({"cards": {}}, "place at least one card"),
                         ({"cards": {"curfew": "behaviour"}, "disagree": {"curfew": -1}}, "whole number from 0 to 99"),
                         ({"cards": {"curfew": "behaviour"}, "disagree": {"curfew": "3"}}, "whole number from 0 to 99"),
                         ({"cards": {"curfew": "behaviour"}, "disagree": {"curfew": 100}}, "whole number from 0 to 99")):
        with pytest.raises(AnswerError, match=message):
            make_group_answer(sort, bad)
    assert make_group_answer(choice, GROUP_COUNTS) == {
        "counts": {"Bus drivers": 2, "Shop staff": 5, "Park wardens": 0, "Residents": 0}}
    for bad, message in (({}, "at least 1 for one option"), ({"Residents": 0}, "at least 1"),
                         ({"Residents": True}, "whole number"), ({"Residents": 2.5}, "whole number"), (None, "at least 1")):
        with pytest.raises(AnswerError, match=message):
            make_group_answer(choice, bad)


def test_a_group_step_takes_one_answer_a_round_and_no_pass(sessions_dir: Path) -> None:
    session = Session.create(sessions_dir, make_pack(group_data("sort-cards")), LABEL, PIN, today=DAY)
    try:
        while session.step.id != "sort-cards":
            session.next_step()
        assert session.is_group() and session.mode() == "group"
        with pytest.raises(AnswerError, match="not a pass"):
            session.submit(None, passed=True)
        doc = session.submit(GROUP_SORT)
        assert doc["group"] is True and doc["answer"] == GROUP_SORT
        with pytest.raises(AnswerError, match="the group's answer for this round is in"):
            session.submit(GROUP_SORT)
        session.reveal()
        session.new_round()
        session.submit({"cards": {"curfew": "ecological"}})  # a new round: a new group answer
        assert len(session.answers("sort-cards")) == 2
    finally:
        session.close()
    stored = json.loads(session.path.read_text())["answers"].values()
    assert all(set(d) <= {"step", "round", "kind", "answer", "group"} for d in stored)


def test_the_facilitator_switches_the_mode_before_the_first_answer_only(sessions_dir: Path) -> None:
    session = Session.create(sessions_dir, make_pack(), LABEL, PIN, today=DAY)
    try:
        while session.step.id != "sort-cards":
            session.next_step()
        assert session.mode() == "individual" and session.can_switch_mode()
        assert session.switch_mode() == "one group answer"
        assert session.switch_mode() == "one group answer, with how many disagreed"
        assert session.counts_disagreement()
        assert session.switch_mode() == "individual turns"
        assert session.switch_mode() == "one group answer"
        session.next_step()  # an open step: two modes only
        assert session.switch_mode() == "one group answer" and session.switch_mode() == "individual turns"
        session.submit("Safer parks")
        assert not session.can_switch_mode()
        with pytest.raises(AnswerError, match="already has answers"):
            session.switch_mode()
    finally:
        session.close()
    reopened = Session.read(session.path)
    assert reopened.meta["modes"] == {"sort-cards": "group", "aim": "individual"}
    assert reopened.is_group(reopened.pack.step("sort-cards"))


def test_group_figures_in_the_tally_lens_export_and_summary(sessions_dir: Path) -> None:
    pack = make_pack(group_data("sort-cards", "missing"))
    session = Session.create(sessions_dir, pack, LABEL, PIN, today=DAY)
    try:
        fill_session(session, {"sort-cards": [GROUP_SORT], "missing": [GROUP_COUNTS]})
    finally:
        session.close()
    done = Session.read(session.path)
    sort = results.tally(pack.step("sort-cards"), done.answers("sort-cards"))
    assert sort.group and sort.answered == 1
    assert [(s.card.id, s.top, s.disagreed) for s in sort.splits] == [
        ("curfew", "Behaviour-based", None), ("lighting", "Ecological", 0), ("youth-work", "It depends", 3)]
    choice = results.tally(pack.step("missing"), done.answers("missing"))
    assert choice.group and [(b.label, b.count) for b in choice.bars] == [
        ("Bus drivers", 2), ("Shop staff", 5), ("Park wardens", 0), ("Residents", 0)]
    # The lens balance reads the room's sort as one placement per card.
    balance = lens.lens_balance(done)
    assert (balance.placements, balance.ecological_placements, balance.behaviour_placements) == (3, 1, 1)
    record = export.session_record(export.load(session.path))
    [sort_out] = [s for s in record["steps"] if s["id"] == "sort-cards"][0]["answers"]
    assert sort_out == {"round": 1, "status": "answered", "group": True, "cards": GROUP_SORT["cards"],
                        "disagree": {"lighting": 0, "youth-work": 3}}
    [choice_out] = [s for s in record["steps"] if s["id"] == "missing"][0]["answers"]
    assert choice_out["counts"] == {"Bus drivers": 2, "Shop staff": 5, "Park wardens": 0, "Residents": 0}
    rows = [r for r in export.csv_rows([export.load(session.path)]) if r[6] == "missing"]
    assert json.loads(rows[0][10]) == choice_out["counts"]
    md = render_summary(done, "md").replace("\\", "")
    assert "**Detached youth work**: The group placed it in It depends (3 people disagreed)." in md
    assert "**A curfew for the group**: The group placed it in Behaviour-based." in md
    assert "The group's answer: how many people in the room chose each option." in md
    assert "| Shop staff | 5 |" in md
    txt = " ".join(render_summary(done, "txt").split())
    assert "The group placed it in It depends (3 people disagreed). Why:" in txt
    html = render_summary(done, "html")
    assert re.search(r'<th scope="row">Detached youth work<span class="why">[^<]*</span></th>'
                     r'<td class="bucket">It depends</td><td class="n">3</td>', html)


pytestmark_ui = pytest.mark.asyncio


@pytest.fixture
def prompts_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "group.toml").write_text(tomli_w.dumps(group_data("sort-cards", "missing")))
    return folder


@pytest.mark.asyncio
async def test_a_group_sort_and_counts_typed_once_through_to_the_summary(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "sort")
        text = " ".join(kiosk.screen_text(app).replace("┃", " ").split())
        assert "A group step: one answer for the whole room" in text and "to type the group's answer" in text
        assert "Enter Type the group's answer" in text and "Start my turn" not in text
        # The facilitator asks for the disagreement counts (F2 m: group -> group with counts).
        await kiosk.facilitator(pilot, "m")
        assert app.session.counts_disagreement()
        await kiosk.begin_turn(pilot)
        assert "One answer for the whole group" in kiosk.screen_text(app)
        await pilot.press("1", "enter")           # curfew: behaviour, nobody disagreed counted
        await pilot.press("2", "2", "enter")      # lighting: ecological, 2 disagreed
        await pilot.press("3", "4", "enter")      # youth work: it depends, 4 disagreed
        await kiosk.finish_turn(pilot)
        text = kiosk.screen_text(app)
        assert "The group's answer is in" in text
        await pilot.press("enter")  # no second turn: the round has its answer
        await pilot.pause()
        assert kiosk.screen_name(app) == "StepScreen"
        await kiosk.close_and_reveal(pilot)
        text = kiosk.screen_text(app)
        assert "The group's answer" in text and "The group: It depends · 4 disagreed" in text
        assert "The group: Ecological · 2 disagreed" in text
        await kiosk.skip_to(pilot, "choice")
        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, "3")
        await pilot.press("enter")
        await kiosk.type_text(pilot, "6")
        await pilot.press("enter", "enter", "enter")  # two options left empty: none
        await kiosk.finish_turn(pilot)
        await kiosk.close_and_reveal(pilot)
        assert "Shop staff" in kiosk.screen_text(app)
        session_id = app.session.id
    stored = json.loads((sessions_dir / f"{session_id}.json").read_text())["answers"].values()
    answers = {d["step"]: d for d in stored}
    assert answers["sort-cards"]["group"] is True
    assert answers["sort-cards"]["answer"] == {
        "cards": {"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"},
        "disagree": {"lighting": 2, "youth-work": 4}}
    assert answers["missing"]["answer"] == {"counts": {"Bus drivers": 3, "Shop staff": 6, "Park wardens": 0, "Residents": 0}}
    summary = render_summary(Session.read(sessions_dir / f"{session_id}.json"), "txt")
    assert "The group placed it in Ecological (2 people disagreed)" in " ".join(summary.split())


@pytest.mark.asyncio
async def test_the_facilitator_turns_an_individual_step_into_a_group_step(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "scale")
        assert "Your turn? Press Enter" in kiosk.screen_text(app)
        await kiosk.facilitator(pilot, "m")
        assert "one group answer" in " ".join(kiosk.screen_text(app).split()) or app.session.is_group()
        assert "A group step" in kiosk.screen_text(app)
        await kiosk.answer_scale(pilot, 4)
        await kiosk.facilitator(pilot, "m")  # too late: the step has its answer; the key is not offered
        assert app.session.is_group()
        await pilot.press("escape")
        await pilot.pause()
        await kiosk.close_and_reveal(pilot)
        assert "The group's answer" in kiosk.screen_text(app)


def test_the_report_counts_the_rooms_sort_as_one_placement_per_card(sessions_dir: Path) -> None:
    """`workshop report` across a session sorted in turns and one sorted by the room: the room's answer
    is one placement of each card, beside the three people's placements of the other session."""
    from datetime import date

    from workshop.report import build_report, render_report

    turns = Session.create(sessions_dir, make_pack(), LABEL, PIN, today=date(2026, 6, 1))
    try:
        fill_session(turns, {"sort-cards": [{"lighting": "ecological", "curfew": "behaviour"},
                                            {"lighting": "ecological", "curfew": "ecological"},
                                            {"lighting": "depends", "curfew": "behaviour"}]})
    finally:
        turns.close()
    room = Session.create(sessions_dir, make_pack(group_data("sort-cards")), LABEL, PIN, today=date(2026, 11, 1))
    try:
        fill_session(room, {"sort-cards": [GROUP_SORT]})
    finally:
        room.close()
    report = build_report(sessions_dir)
    cards = {c.id: c for c in report.cards}
    assert (cards["lighting"].placements, cards["lighting"].first, cards["lighting"].last) == (4, pytest.approx(2 / 3), 1)
    assert (cards["curfew"].placements, cards["curfew"].last) == (4, 0)
    assert cards["lighting"].text in render_report(report, "md")
