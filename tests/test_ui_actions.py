"""An action turn in the kiosk, driven by keys at 80x24 (issue 12): one person adds one to three
actions, one at a time, a level already used is not offered again, an owner is a role (a name is
refused, nothing is stored), and the reveal groups every action by level with its owner and by-when."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import kiosk
from conftest import make_pack
from workshop.session import Session
from workshop.ui.widgets import SinglePicker

pytestmark = pytest.mark.asyncio
LAPTOP = (80, 24)


def at_actions(sessions_dir: Path) -> Session:
    session = Session.create(sessions_dir, make_pack(), "North locality", kiosk.PIN)
    while session.step.kind != "actions":
        assert session.next_step()
    return session


def focused(app, widget_id: str) -> bool:
    return app.focused is not None and app.focused.id == widget_id


async def one_then_another(pilot, *fields) -> None:
    """Start a turn, type one action's fields, and choose to add another (1)."""
    await kiosk.begin_turn(pilot)
    await kiosk.type_action(pilot, *fields)
    await kiosk.until(pilot, lambda: focused(pilot.app, "more"), "add another?")
    await pilot.press("1")


def stored(sessions_dir: Path) -> list[dict]:
    [path] = sessions_dir.glob("*.json")
    return [d["answer"] for d in json.loads(path.read_text()).get("answers", {}).values() if not d.get("passed")]


async def test_one_person_adds_an_action_at_each_level_and_the_reveal_groups_them(sessions_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, session=at_actions(sessions_dir))
    async with app.run_test(size=LAPTOP) as pilot:
        await pilot.pause()
        # Three actions in one turn: the levels offered shrink as they are used (digits as shown).
        await kiosk.answer_actions(pilot, [
            ("Walk the estate with the wardens", 2, 1, "", "", "end of term"),  # team
            ("Read the briefing", 1, 3, "Shared with my team", "", ""),  # me (now 1 of me, org)
            ("Ask licensing for a test purchase", 1, 1, "No sales to under-18s", "Licensing lead", "by the March board"),
        ])
        await kiosk.answer_action(pilot, "Put the park on our agenda", 2, 1, "", "Chair of the meeting", "")
        await kiosk.answer_actions(pilot, [("Meet the shop owners", 3, 1, "", "Community safety lead", "May"),
                                           ("Ask what would change the place", 1, 1, "", "", "")])
        docs = stored(sessions_dir)
        assert len(docs) == 3 and app.session.turns_taken() == 3  # one answer a person, however many actions
        by_first = {d["actions"][0]["action"]: d["actions"] for d in docs}
        assert [a["level"] for a in by_first["Read the briefing"]] == ["me", "team", "org"]  # stored in level order
        assert by_first["Read the briefing"][2] == {
            "action": "Ask licensing for a test purchase", "level": "org", "lens": "context",
            "measure": "No sales to under-18s", "owner": "Licensing lead", "by_when": "by the March board"}
        assert by_first["Read the briefing"][1]["by_when"] == "end of term"
        assert by_first["Put the park on our agenda"] == [{
            "action": "Put the park on our agenda", "level": "team", "lens": "context", "measure": "",
            "owner": "Chair of the meeting", "by_when": ""}]
        assert [(a["level"], a["owner"]) for a in by_first["Ask what would change the place"]] == [
            ("me", ""), ("org", "Community safety lead")]

        await kiosk.close_and_reveal(pilot)
        await kiosk.until(pilot, lambda: "My wider organisation (2)" in kiosk.screen_text(app), "the reveal")
        text = ""
        for _ in range(12):  # the reveal scrolls: read it all
            text += kiosk.screen_text(app)
            await pilot.press("pagedown")
            await pilot.pause()
        assert "Myself (2)" in text and "My team or meeting (2)" in text and "My wider organisation (2)" in text
        assert "Owner: Licensing lead · By when: by the March board" in text
        assert "Owner: Chair of the meeting" in text and "By when: end of term" in text
        assert "How we'll know: No sales to under-18s" in text


async def test_a_used_level_is_not_offered_again(sessions_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, session=at_actions(sessions_dir))
    async with app.run_test(size=LAPTOP) as pilot:
        await pilot.pause()
        await kiosk.begin_turn(pilot)
        picker = app.screen.query_one("#level", SinglePicker)
        assert [picker.get_option_at_index(i).id for i in range(picker.option_count)] == ["me", "team", "org"]
        await kiosk.type_action(pilot, "Read the briefing", 1, 3, "", "", "")
        await kiosk.until(pilot, lambda: focused(app, "more"), "add another?")
        assert "Add an action for another level (2 left)" in kiosk.screen_text(app)
        await pilot.press("1")
        await kiosk.until(pilot, lambda: focused(app, "action"), "a blank action")
        assert [picker.get_option_at_index(i).id for i in range(picker.option_count)] == ["team", "org"]
        text = kiosk.screen_text(app)
        assert "Added: Myself: Read the briefing [Not sure]" in text and "Action 2: what will be done?" in text
        await kiosk.type_action(pilot, "Invite a youth worker", 1, 1, "", "", "")
        await pilot.press("1")  # another: only the organisation is left
        await kiosk.until(pilot, lambda: picker.option_count == 1, "one level left")
        assert picker.get_option_at_index(0).id == "org"
        # With every level used, the last field's Enter submits (no "another?" question).
        await kiosk.type_action(pilot, "Ask the board for youth work hours", 1, 1, "", "", "")
        await kiosk.finish_turn(pilot)
        [doc] = stored(sessions_dir)
        assert [(a["level"], a["action"]) for a in doc["actions"]] == [
            ("me", "Read the briefing"), ("team", "Invite a youth worker"), ("org", "Ask the board for youth work hours")]


async def test_a_name_as_owner_is_refused_and_the_person_asked_for_a_role(sessions_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, session=at_actions(sessions_dir))
    async with app.run_test(size=LAPTOP) as pilot:
        await pilot.pause()
        await one_then_another(pilot, "Walk the estate", 1, 1, "", "Sarah Jones", "")  # the owner is checked first
        message = "Not added yet: the owner \u201cSarah Jones\u201d looks like a person: write a role or an agency instead"
        await kiosk.until(pilot, lambda: message in " ".join(kiosk.screen_text(app).split()), "the refusal")
        assert app.screen.query_one("#more").display is False and app.screen.query_one("#owner").value == "Sarah Jones"
        await pilot.press("ctrl+s")  # submitting is refused the same way
        await kiosk.until(pilot, lambda: "Not saved yet: the owner" in kiosk.screen_text(app), "not saved")
        assert kiosk.screen_name(app) == "TurnScreen" and stored(sessions_dir) == []
        owner = app.screen.query_one("#owner")
        owner.value = ""
        owner.focus()
        await kiosk.type_text(pilot, "Housing lead")
        await pilot.press("ctrl+s")
        await kiosk.finish_turn(pilot)
        [doc] = stored(sessions_dir)
        assert doc["actions"][0]["owner"] == "Housing lead"


async def test_ctrl_s_submits_at_once_and_escape_asks_before_throwing_actions_away(sessions_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, session=at_actions(sessions_dir))
    async with app.run_test(size=LAPTOP) as pilot:
        await pilot.pause()
        await one_then_another(pilot, "Read the briefing", 1, 3, "", "", "")
        await kiosk.until(pilot, lambda: focused(app, "action"), "a blank action")
        await kiosk.type_text(pilot, "Half an idea")
        await pilot.press("escape")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "ConfirmDialog", "the question")
        assert "throw away the 2 action points you typed" in " ".join(kiosk.screen_text(app).split())
        await pilot.press("escape")  # keep them
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "TurnScreen", "back to the turn")
        # Ctrl+S with the second action half typed: it needs its level and lens, which are chosen already.
        await pilot.press("ctrl+s")
        await kiosk.finish_turn(pilot)
        [doc] = stored(sessions_dir)
        assert [(a["level"], a["action"]) for a in doc["actions"]] == [("me", "Read the briefing"), ("team", "Half an idea")]
        # A quick single action: the action, its level and lens, Ctrl+S.
        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, "Walk the route")
        await pilot.press("enter", "3", "1", "ctrl+s")
        await kiosk.finish_turn(pilot)
        assert {"action": "Walk the route", "level": "org", "lens": "context", "measure": "", "owner": "",
                "by_when": ""} in [a for d in stored(sessions_dir) for a in d["actions"]]


async def test_redacting_an_action_turn_removes_every_action_of_it(sessions_dir: Path) -> None:
    session = at_actions(sessions_dir)
    session.submit({"actions": [{"action": "Call the head of a named school", "level": "me", "lens": "context",
                                 "owner": "Head teacher"},
                                {"action": "Tell the named family", "level": "org", "lens": "behaviour"}]})
    session.submit({"action": "Walk the estate", "level": "team", "lens": "context"})
    session.submit({"action": "Read the briefing", "level": "me", "lens": "unsure"})
    app = kiosk.make_app(sessions_dir, session=session)
    async with app.run_test(size=LAPTOP) as pilot:
        await pilot.pause()
        await kiosk.close_and_reveal(pilot)
        await kiosk.facilitator(pilot, "x")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "RedactDialog", "the redaction list")
        dialog = app.screen
        texts = [doc["answer"] for doc in dialog.answers]
        assert len(texts) == 3  # one entry a turn, in the reveal's order: the turn whose action is listed first, first
        assert "Call the head of a named school\nTell the named family" in dialog.query_one("#answers").labels
        index = next(i for i, doc in enumerate(dialog.answers) if "actions" in doc["answer"]
                     and len(doc["answer"]["actions"]) == 2)
        for _ in range(index):
            await pilot.press("down")
        await pilot.press("enter")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "ConfirmDialog", "are you sure?")
        await pilot.press("enter")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "RevealScreen", "the reveal again")
        [turn] = [d for d in stored(sessions_dir) if len(d.get("actions", [])) == 2]
        assert [(a["action"], a["owner"], a["level"]) for a in turn["actions"]] == [("", "", "me"), ("", "", "org")]
        text = kiosk.screen_text(app)
        assert "named" not in text and "Head teacher" not in text
