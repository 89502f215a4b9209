"""The `review` step kind (issue 11): a review session shows the action plan of the group's previous
session (same label, most recent finished session that planned actions, same sessions folder) and each
person says of every action whether it was done, is in progress or was dropped, anonymously."""

from __future__ import annotations

import copy
import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
import tomli_w
from conftest import ANSWERS, LABEL, PACK_DATA, PIN, REDACTED_TEXT, fill_session, make_pack

import kiosk
from workshop import export, lens, previous
from workshop.errors import AnswerError
from workshop.results import tally
from workshop.session import Session, make_answer
from workshop.summary import render_summary

REVIEW_PACK: dict[str, Any] = {
    "format": 1, "id": "review-test", "title": "A review", "credit": "Credit.", "source": "Source.", "minutes": 20,
    # These tests reveal one or two reviews on purpose (to check the tallies); a review round follows the
    # too-few rule like any individual answer (test_a_review_round_with_too_few_answers_is_held_back).
    "min_answers": 1,
    "signpost": "Worried about a child now? Follow your own agency's safeguarding procedures.",
    "sections": [
        {"id": "back", "title": "Welcome back", "steps": [
            {"id": "hello", "kind": "info", "title": "Welcome back", "text": "Hello again.", "notes": "-", "minutes": 2},
        ]},
        {"id": "review", "title": "Our actions", "steps": [
            {"id": "action-review", "kind": "review", "title": "What happened to our actions?",
             "text": "For each action we agreed last time: done, in progress or dropped?", "notes": "-", "minutes": 8},
        ]},
        {"id": "close", "title": "Close", "steps": [
            {"id": "bye", "kind": "info", "title": "Thank you", "text": "Thanks.", "notes": "-", "minutes": 1},
        ]},
    ],
}
ACTION_TEXTS = [a["action"] for a in ANSWERS["actions"]]


def finished_session(sessions_dir: Path, label: str, day: date, actions: list[dict] | None = None,
                     redact: bool = False, finish: bool = True) -> Path:
    """A real session of the test pack on disk, with its action plan (and a redaction if asked)."""
    answers = {"actions": actions if actions is not None else ANSWERS["actions"]}
    session = Session.create(sessions_dir, make_pack(), label, PIN, today=day)
    try:
        fill_session(session, answers, redact={"actions": ACTION_TEXTS[2]} if redact else None, finish=finish)
    finally:
        session.close()
    return session.path


def bar_counts(text: str, action: str) -> dict[str, int]:
    """The counts drawn under one action on the reveal: each bucket's bar ends in its count, then "Placed by N"."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    counts: dict[str, int] = {}
    for line in lines[lines.index(action) + 1:]:
        label = line.split("  ")[0].rstrip("█ ")
        counts[label.removesuffix(" " + line.split()[-1]) if label.startswith("Placed by") else label] = int(line.split()[-1])
        if line.startswith("Placed by"):
            return counts
    return counts


def review_step(session: Session):
    return session.pack.step("action-review")


def test_a_review_session_gets_the_previous_sessions_actions(sessions_dir: Path) -> None:
    earlier = [{"action": "An older action", "level": "me", "lens": "context", "measure": ""}]
    finished_session(sessions_dir, LABEL, date(2026, 3, 1), earlier)
    last = finished_session(sessions_dir, "  northtown   PARTNERSHIP ", date(2026, 6, 1), redact=True)  # same label
    finished_session(sessions_dir, "Southtown partnership", date(2026, 7, 1), earlier)  # another group
    finished_session(sessions_dir, LABEL, date(2026, 8, 1), earlier, finish=False)  # never finished
    session = Session.create(sessions_dir, make_pack(REVIEW_PACK), LABEL, PIN, today=date(2026, 9, 1))
    try:
        step = review_step(session)
        assert step.takes_answers and step.previous_session == last.stem and step.previous_created == "2026-06-01"
        # Level order (me, team, org), then by text; the redacted action is not copied.
        assert [c.text for c in step.cards] == [ACTION_TEXTS[3], ACTION_TEXTS[1], ACTION_TEXTS[0]]
        assert [c.id for c in step.cards] == ["a1", "a2", "a3"]
        assert step.cards[2].explanation == ("My wider organisation · Changes a context. "
                                             "How we'd know: Fewer reports of adults buying alcohol for teenagers")
        assert [b.label for b in step.buckets] == ["Done", "In progress", "Dropped"]
    finally:
        session.close()
    # The copy is in the new session's own file: it reads the same with the old session deleted.
    last.unlink()
    reopened = Session.read(session.path)
    assert [c.text for c in review_step(reopened).cards][0] == ACTION_TEXTS[3]
    assert REDACTED_TEXT not in session.path.read_text() and ACTION_TEXTS[2] not in session.path.read_text()


def test_without_a_previous_session_the_review_says_so_and_takes_no_turns(sessions_dir: Path) -> None:
    finished_session(sessions_dir, "Southtown partnership", date(2026, 6, 1))
    session = Session.create(sessions_dir, make_pack(REVIEW_PACK), LABEL, PIN, today=date(2026, 9, 1))
    try:
        step = review_step(session)
        assert not step.takes_answers and step.cards == ()
        from workshop.kinds.review import intro

        assert "nothing to review" in intro(step)
        session.next_step()
        with pytest.raises(AnswerError, match="takes no answers"):
            session.submit({})
        assert session.next_step() and session.step.id == "bye"  # it is simply moved past
    finally:
        session.close()


def test_answers_counts_export_and_no_lens_figures(sessions_dir: Path) -> None:
    finished_session(sessions_dir, LABEL, date(2026, 6, 1))
    session = Session.create(sessions_dir, make_pack(REVIEW_PACK), LABEL, PIN, today=date(2026, 9, 1))
    try:
        step = review_step(session)
        a1, a2, a3, a4 = (c.id for c in step.cards)
        with pytest.raises(AnswerError, match="say what happened to at least one action, or pass"):
            make_answer(step, {a1: "finished"})
        fill_session(session, {"action-review": [
            {a1: "done", a2: "progress", a3: "dropped", a4: "done"},
            {a1: "done", a2: "dropped"},
            None,
        ]})
        result = tally(step, session.answers(step.id))
        assert result.answered == 2 and result.passed == 1
        assert [[b.count for b in s.bars] for s in result.splits] == [[2, 0, 0], [0, 1, 1], [0, 0, 1], [1, 0, 0]]
        loaded = export.load(session.path)
        [record] = [s for s in export.session_record(loaded)["steps"] if s["id"] == step.id]
        assert record["previous"]["created"] == "2026-06-01" and len(record["previous"]["actions"]) == 4
        assert sorted(json.dumps(a["cards"], sort_keys=True) for a in record["answers"] if "cards" in a)[0]
        assert lens.balance(session.pack, {step.id: session.answers(step.id)}).sort_steps == 0
    finally:
        session.close()
    for fmt in ("md", "txt", "html"):
        out = " ".join(render_summary(Session.read(session.path), fmt).split())
        assert "The actions from the group's session of 2026-06-01" in out.replace("\\", "")


@pytest.mark.asyncio
async def test_the_kiosk_shows_the_previous_actions_and_records_each_review(sessions_dir: Path, tmp_path: Path) -> None:
    finished_session(sessions_dir, LABEL, date(2026, 6, 1))
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    (prompts / "review.toml").write_text(tomli_w.dumps(REVIEW_PACK))
    app = kiosk.make_app(sessions_dir, prompts)
    async with app.run_test(size=(100, 50)) as pilot:  # tall enough for the whole reveal
        await kiosk.start_session(pilot, "review-test", label=LABEL)
        await kiosk.skip_to(pilot, "review")
        text = kiosk.screen_text(app)
        assert "4 actions from the group's session of 2026-06-01" in text
        await kiosk.begin_turn(pilot)
        text = kiosk.screen_text(app)
        assert "Action 1 of 4" in text and ACTION_TEXTS[3] in text and "1 Done, 2 In progress, 3 Dropped" in text
        await pilot.press("1", "2", "3", "1")
        await kiosk.finish_turn(pilot)
        # Enter, one digit per action, Enter on the thank-you screen: the timing model's `review` row.
        from workshop import timing

        assert timing.TURNS["review"].key_count(items=4) == 1 + 4 + 1
        await kiosk.begin_turn(pilot)
        await pilot.press("1", "4", "3", "3")  # 4 skips the second action
        await pilot.press("enter")  # "3 of 4 placed. Submit anyway?": yes
        await kiosk.finish_turn(pilot)
        await kiosk.close_and_reveal(pilot)
        text = kiosk.screen_text(app)
        # Each action's split as bars with their counts (the bar chart main's flow merge brought), most split first.
        assert bar_counts(text, ACTION_TEXTS[0]) == {"Done": 1, "In progress": 0, "Dropped": 1, "Placed by": 2}
        session_id = app.session.id
    stored = [d["answer"]["cards"] for d in json.loads((sessions_dir / f"{session_id}.json").read_text())["answers"].values()]
    assert {"a1": "done", "a2": "progress", "a3": "dropped", "a4": "done"} in stored
    assert {"a1": "done", "a3": "dropped", "a4": "dropped"} in stored
    out = render_summary(Session.read(sessions_dir / f"{session_id}.json"), "md")
    assert f"**{ACTION_TEXTS[0]}**: Done 1 · In progress 0 · Dropped 1." in out.replace("\\", "")


@pytest.mark.asyncio
async def test_the_built_in_review_pack_shows_the_first_sessions_actions(sessions_dir: Path) -> None:
    """A real first session of the default pack on disk, then the built-in review pack for the same group."""
    from workshop.packs import find_pack

    first = find_pack("hymn-sheet")
    [plan] = [s for s in first.steps if s.kind == "actions"]
    actions = [{"action": "Walk the bus station at 4pm with the transport police", "level": "team", "lens": "context",
                "measure": "Staff on the platform after school"},
               {"action": "Ask the board for detached youth work hours", "level": "org", "lens": "context", "measure": ""},
               # A third action: the plan's round is shown (and so reviewed) only with min_answers (3) answers.
               {"action": "Share the night-time map with licensing", "level": "org", "lens": "context", "measure": ""}]
    session = Session.create(sessions_dir, first, LABEL, PIN, today=date(2026, 5, 4))
    try:
        while session.step.id != plan.id:
            session.next_step()
        for value in actions:
            session.submit(value)
        session.close_round()  # a plan the group never saw revealed is not carried into the review
        session.reveal()
        session.finish(today=date(2026, 5, 4))
    finally:
        session.close()
    app = kiosk.make_app(sessions_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "review", label=LABEL)
        await kiosk.skip_to(pilot, "review")
        text = " ".join(kiosk.screen_text(app).split())
        assert "3 actions from the group's session of 2026-05-04" in text
        assert "A group step: one answer for the whole room" in text  # the built-in pack reviews as a room
        await kiosk.begin_turn(pilot)
        text = kiosk.screen_text(app)
        assert "Walk the bus station at 4pm with the transport police" in text and "Action 1 of 3" in text
        assert "The room's answer: for each action press 1 Done, 2 In progress, 3 Dropped" in text
        await pilot.press("1", "2", "3")  # the plan's order, by level: Walk (team), then Ask and Share (org)
        await kiosk.finish_turn(pilot)
        assert "The group's answer is in" in kiosk.screen_text(app)
        await pilot.press("enter")  # no second turn: one answer for the room, no minimum of answers
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "StepScreen", "the step screen")
        await kiosk.close_and_reveal(pilot)
        text = " ".join(kiosk.screen_text(app).split())
        assert "Ask the board for detached youth work hours The group: In progress" in text
        session = app.session
        [doc] = session.answers("action-review")
        placed = {card.text: doc["answer"]["cards"][card.id] for card in session.pack.step("action-review").cards}
        assert doc["group"] is True and placed == {
            "Walk the bus station at 4pm with the transport police": "done",
            "Ask the board for detached youth work hours": "progress",
            "Share the night-time map with licensing": "dropped"}
    out = render_summary(Session.read(session.path), "md").replace("\\", "")
    assert "what the room agreed happened to each" in out
    assert "**Ask the board for detached youth work hours**: In progress." in out
    txt = " ".join(render_summary(Session.read(session.path), "txt").split())
    assert "* Ask the board for detached youth work hours In progress." in txt
    html = render_summary(Session.read(session.path), "html")
    assert '<th scope="row">Ask the board for detached youth work hours</th><td class="bucket">In progress</td>' in html


def test_a_review_round_with_too_few_answers_is_held_back(sessions_dir: Path) -> None:
    """A review answer is one person's view (not the room's): the too-few rule holds it back like any other."""
    finished_session(sessions_dir, LABEL, date(2026, 6, 1))
    session = Session.create(sessions_dir, make_pack({**REVIEW_PACK, "min_answers": 3}), LABEL, PIN,
                             today=date(2026, 9, 1))
    try:
        step = review_step(session)
        a1 = step.cards[0].id
        fill_session(session, {"action-review": [{a1: "done"}, {a1: "dropped"}]})
        loaded = export.load(session.path)
        [record] = [s for s in export.session_record(loaded)["steps"] if s["id"] == step.id]
        assert not [a for a in record["answers"] if "cards" in a]
    finally:
        session.close()


def test_a_review_shows_who_owned_each_previous_action_and_by_when(sessions_dir: Path) -> None:
    earlier = [{"actions": [
        {"action": "Walk the estate with the wardens", "level": "team", "lens": "context", "owner": "Housing lead",
         "by_when": "by the March board"},
        {"action": "Ask licensing for a test purchase", "level": "org", "lens": "context", "measure": "No sales"},
    ]}, {"action": "Read the briefing", "level": "me", "lens": "unsure", "measure": ""},
        {"actions": [{"action": "Name a lead for the park", "level": "me", "lens": "context", "by_when": "May"}]}]
    finished_session(sessions_dir, LABEL, date(2026, 3, 1), earlier)
    session = Session.create(sessions_dir, make_pack(REVIEW_PACK), LABEL, PIN, today=date(2026, 9, 1))
    try:
        cards = {c.text: c.explanation for c in review_step(session).cards}
    finally:
        session.close()
    assert cards == {
        "Name a lead for the park": "Myself · Changes a context. By when: May",
        "Read the briefing": "Myself · Not sure",
        "Walk the estate with the wardens": "My team or meeting · Changes a context. Owner: Housing lead. By when: by the March board",
        "Ask licensing for a test purchase": "My wider organisation · Changes a context. How we'd know: No sales",
    }
