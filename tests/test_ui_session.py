"""Whole sessions driven by keys through the real app, checked against the file on disk and the summary."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import tomli_w
from conftest import PACK_DATA

import kiosk
from workshop.session import Session, list_sessions
from workshop.summary import render_summary

pytestmark = pytest.mark.asyncio


@pytest.fixture
def prompts_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "every-kind.toml").write_text(tomli_w.dumps(PACK_DATA))
    return folder


def stored_answers(sessions_dir: Path) -> list[dict]:
    [path] = sessions_dir.glob("*.json")
    return list(json.loads(path.read_text()).get("answers", {}).values())


async def submit_open_answer(pilot, text: str) -> None:
    """Start a session of the test pack, go to its open question and submit `text` in a turn."""
    await kiosk.start_session(pilot, "test-pack")
    await kiosk.skip_to(pilot, "open")
    await kiosk.begin_turn(pilot)
    await kiosk.type_text(pilot, text)
    await pilot.press("enter")
    await pilot.pause()


async def test_three_participants_through_every_step_kind(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack", label="North locality partnership")
        session = app.session
        assert session.step.id == "welcome"
        assert "Hello" in kiosk.screen_text(app)

        # Info steps: Enter moves on; the facilitator has just set the PIN, so none is asked for.
        await pilot.press("enter")
        await pilot.pause()
        assert session.step.id == "explainer"
        await pilot.press("enter")  # still unlocked: no PIN needed
        await pilot.pause()
        assert session.step.id == "sort-cards"

        # Sort: three participants place three cards each.
        await kiosk.answer_sort(pilot, [1, 2, 2])
        await kiosk.answer_sort(pilot, [1, 2, 3])
        await kiosk.answer_sort(pilot, [1, 3, 1])
        text = kiosk.screen_text(app)
        assert "3 turns taken" in text
        assert "Detached youth work" not in text  # no card, no answer between turns
        await kiosk.close_and_reveal(pilot)
        text = kiosk.screen_text(app)
        assert re.search(r"Behaviour-based +█+ +3", text), text  # a bar and a count per bucket
        assert "Targets the young people, not the place." in text
        await kiosk.next_step(pilot)

        # Open answers, one of them full of markup and a pass.
        assert session.step.id == "aim"
        await kiosk.answer_open(pilot, "Safer places for everyone")
        await kiosk.answer_open(pilot, "[b]not bold[/b] [@click=app.quit]x[/] \\o/")
        await kiosk.pass_turn(pilot)
        await kiosk.answer_open(pilot, "One plan across agencies")
        assert "4 turns taken" in kiosk.screen_text(app)  # a pass counts as a turn, like any answer
        assert "pass" not in kiosk.screen_text(app).lower().replace("pass the keyboard", "")
        await kiosk.close_and_reveal(pilot)
        text = kiosk.screen_text(app)
        assert "[b]not bold[/b] [@click=app.quit]x[/] \\o/" in text
        assert "Safer places for everyone" in text
        await kiosk.facilitator(pilot, "o")
        await kiosk.type_text(pilot, "We split on what safety means.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "We split on what safety means." in kiosk.screen_text(app)
        await kiosk.next_step(pilot)

        # Scale.
        assert session.step.id == "confidence"
        for value in (4, 4, 2):
            await kiosk.answer_scale(pilot, value)
        await kiosk.close_and_reveal(pilot)
        assert "Average 3.3 out of 5" in kiosk.screen_text(app)
        await kiosk.next_step(pilot)

        # Choice (several).
        assert session.step.id == "missing"
        await kiosk.answer_choice(pilot, [0, 1], multiple=True)
        await kiosk.answer_choice(pilot, [1], multiple=True)
        await kiosk.answer_choice(pilot, [1, 3], multiple=True)
        await kiosk.close_and_reveal(pilot)
        await kiosk.next_step(pilot)

        # Ranking: the pack's order as it stands; a digit; Shift+arrows; the - key.
        assert session.step.id == "first-context"
        assert "Put the 4 options in order" in kiosk.screen_text(app)
        await kiosk.answer_rank(pilot)  # The park, The bus station, The school gates, Online
        await kiosk.answer_rank(pilot, "down", "1", "down", "down", "down", "shift+up")
        await kiosk.answer_rank(pilot, "down", "down", "minus")
        await kiosk.pass_turn(pilot)
        assert "4 turns taken" in kiosk.screen_text(app)
        await kiosk.close_and_reveal(pilot)
        text = kiosk.screen_text(app)
        assert "The group's order" in text
        order = ["1. The park", "8 points · first for 2", "2. The bus station", "6 points · first for 1",
                 "3. The school gates", "3 points · first for 0", "4. Online", "1 point · first for 0"]
        places = [text.index(line) for line in order]
        assert places == sorted(places), text
        await kiosk.next_step(pilot)

        # Actions.
        assert session.step.id == "actions"
        await kiosk.answer_action(pilot, "Ask licensing about the off-licence", 3, 1, "Fewer reports")
        await kiosk.answer_action(pilot, "Invite a detached youth worker", 2, 1, "")
        await kiosk.answer_action(pilot, "Read the briefing", 1, 3, "Done by Friday")
        await kiosk.close_and_reveal(pilot)
        text = kiosk.screen_text(app)
        assert "My wider organisation (1)" in text and "My team or meeting (1)" in text
        await kiosk.next_step(pilot)

        assert session.step.id == "thanks"
        await kiosk.facilitator(pilot, "e")
        await pilot.press("enter")  # confirm
        await pilot.pause()
        assert kiosk.screen_name(app) == "EndScreen"
        text = kiosk.screen_text(app)
        assert "summary is saved" in text
        session_id = session.id

    # What was left on disk.
    answers = stored_answers(sessions_dir)
    assert len(answers) == 3 + 4 + 3 + 3 + 4 + 3
    assert sum(1 for a in answers if a.get("passed")) == 2
    for doc in answers:
        assert set(doc) <= {"step", "round", "kind", "answer", "passed", "redacted"}
    sort_docs = [a["answer"]["cards"] for a in answers if a["step"] == "sort-cards"]
    assert {"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"} in sort_docs
    [info] = list_sessions(sessions_dir)
    rank_docs = sorted(a["answer"]["ranking"] for a in answers if a["step"] == "first-context" and not a.get("passed"))
    assert rank_docs == sorted([
        ["The park", "The bus station", "The school gates", "Online"],
        ["The bus station", "The park", "Online", "The school gates"],
        ["The park", "The school gates", "The bus station", "Online"],
    ])
    assert info.state == "finished" and info.answers == 18 and info.label == "North locality partnership"
    summary = render_summary(Session.read(sessions_dir / f"{session_id}.json"), "txt")
    assert "We split on what safety means." in summary
    assert "Ask licensing about the off-licence" in summary
    assert "The group's order from 3 rankings" in " ".join(summary.split())
    assert summary.index("   1.   8  ") < summary.index("The park", summary.index("   1.   8  "))
    html = (sessions_dir / f"{session_id}-summary.html").read_text()
    assert "Safer places for everyone" in html and "[@click=app.quit]" in html


async def test_answers_stay_hidden_until_the_reveal(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        await kiosk.answer_open(pilot, "secret thought")
        assert "secret thought" not in kiosk.screen_text(app)
        # A participant presses F2: the PIN is asked for, and a wrong one gets nowhere.
        await pilot.press("f2")
        await pilot.pause()
        assert kiosk.screen_name(app) == "PinDialog"
        await kiosk.type_text(pilot, "9999")
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "PinDialog"
        assert "Wrong PIN" in kiosk.screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert "secret thought" not in kiosk.screen_text(app)
        assert app.session.phase == "answering"


async def test_resume_continues_where_the_session_stopped(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        await kiosk.answer_open(pilot, "first answer")
        await kiosk.answer_open(pilot, "second answer")
        session_id = app.session.id
        await kiosk.facilitator(pilot, "q")
    assert not app.is_running

    session = Session.open(sessions_dir, session_id)
    app = kiosk.make_app(sessions_dir, prompts_dir, session=session)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        assert kiosk.screen_name(app) == "StepScreen"
        assert app.session.step.id == "aim"
        assert "2 turns taken" in kiosk.screen_text(app)
        await kiosk.answer_open(pilot, "third answer")
        await kiosk.close_and_reveal(pilot)
        text = kiosk.screen_text(app)
        for answer in ("first answer", "second answer", "third answer"):
            assert answer in text


async def test_resume_from_the_home_screen_needs_the_pin(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.next_step(pilot)
        await kiosk.facilitator(pilot, "q")

    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        assert kiosk.screen_name(app) == "SessionListScreen"
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "PinDialog"
        await kiosk.type_text(pilot, kiosk.PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "StepScreen"
        assert app.session.step.id == "explainer"


async def test_personal_data_is_caught_before_it_is_saved(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await submit_open_answer(pilot, "email me at sam@example.org")
        assert kiosk.screen_name(app) == "GuardDialog"
        assert "email" in kiosk.screen_text(app)
        await pilot.press("escape")  # edit instead
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen"
        assert app.session.turns_taken() == 0
        # The participant removes the address and submits.
        for _ in range(len("email me at sam@example.org")):
            await pilot.press("backspace")
        await kiosk.type_text(pilot, "no details here")
        await pilot.press("enter")
        await kiosk.finish_turn(pilot)
    [doc] = stored_answers(sessions_dir)
    assert doc["answer"]["text"] == "no details here"


@pytest.mark.parametrize(
    ("answer", "looks"),
    [
        ("I spoke to Jayden Smith about it", "\u201cJayden Smith\u201d looks like a name."),
        ("Aged 14, lives on Elm Street", "\u201cElm Street\u201d looks like a street address."),
        ("jsmith at example dot org", "looks like an email address."),
    ],
)
async def test_the_guard_catches_a_missed_example_enter_edits_and_f5_saves(
    sessions_dir: Path, prompts_dir: Path, answer: str, looks: str
) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await submit_open_answer(pilot, answer)
        assert kiosk.screen_name(app) == "GuardDialog"
        shown = kiosk.screen_text(app)
        assert answer in shown and looks in shown, shown
        assert "Enter: Edit my answer" in shown and "F5: Save anyway" in shown
        await pilot.press("enter")  # the default: back to editing, nothing stored
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen"
        assert app.session.turns_taken() == 0 and stored_answers(sessions_dir) == []
        assert "Edit your answer" in kiosk.screen_text(app)
        await pilot.press("enter")  # submitted again, unchanged: asked again
        await pilot.pause()
        for key in ("y", "enter"):  # neither a yes nor Enter saves it
            await pilot.press(key)
            await pilot.pause()
            assert stored_answers(sessions_dir) == []
            if kiosk.screen_name(app) == "TurnScreen":
                await pilot.press("enter")
                await pilot.pause()
        assert kiosk.screen_name(app) == "GuardDialog"
        await pilot.press("f5")  # the deliberate key
        await kiosk.finish_turn(pilot)
    [doc] = stored_answers(sessions_dir)
    assert doc["answer"]["text"] == answer


async def test_y_at_the_guard_goes_back_to_editing(sessions_dir: Path, prompts_dir: Path) -> None:
    """Elsewhere y means yes; here a habitual y must not save, and goes back to editing as the help says."""
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await submit_open_answer(pilot, "I spoke to Jayden Smith about it")
        assert kiosk.screen_name(app) == "GuardDialog"
        await pilot.press("y")
        await kiosk.until(pilot, lambda: kiosk.screen_name(app) == "TurnScreen", "back to editing")
        assert stored_answers(sessions_dir) == [] and "Edit your answer" in kiosk.screen_text(app)


async def test_the_guard_dialog_shows_the_answer_as_plain_text(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await submit_open_answer(pilot, "Tom from housing said [red]no[/red] [b]really[/b]")
        assert kiosk.screen_name(app) == "GuardDialog"
        assert "Tom from housing said [red]no[/red] [b]really[/b]" in kiosk.screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen"
        assert app.session.turns_taken() == 0


async def test_the_group_label_goes_through_the_guard(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir, start_pack="test-pack", start_label="Jayden Smith's group")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert kiosk.screen_name(app) == "NewSessionScreen"
        app.screen.query_one("#pin").focus()  # `workshop start` begins in the label; go to the PIN
        await pilot.pause()
        for _ in range(2):
            await kiosk.type_text(pilot, kiosk.PIN)
            await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "GuardDialog"
        shown = kiosk.screen_text(app)
        assert "\u201cJayden Smith\u201d looks like a name." in shown and "Edit my group label" in shown, shown
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "NewSessionScreen" and app.session is None
        assert list(sessions_dir.glob("*.json")) == []
        assert app.screen.focused is app.screen.query_one("#label")
        await pilot.press("enter", "enter", "enter", "enter")  # label -> room -> PIN -> PIN again -> start: asked again
        await pilot.pause()
        assert kiosk.screen_name(app) == "GuardDialog"
        await pilot.press("f5")
        await pilot.pause()
        assert app.session is not None
        assert app.session.label == "Jayden Smith's group"


async def test_bad_answers_get_a_message_and_nothing_is_saved(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await submit_open_answer(pilot, "   ")
        assert kiosk.screen_name(app) == "TurnScreen"
        assert "the answer is empty" in kiosk.screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "StepScreen"
    assert stored_answers(sessions_dir) == []


async def test_facilitator_controls_stay_open_until_the_next_turn(sessions_dir: Path, prompts_dir: Path) -> None:
    # Issue 8: after the PIN the controls stay open through the reveal, the notes and moving on,
    # however long the discussion takes; only a turn (or l, or the end) locks them again.
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        for text in ("Light the park", "Ask the bus firm", "Talk to the shops"):
            await kiosk.answer_open(pilot, text)
        await kiosk.facilitator(pilot, "r")  # the one PIN of this step
        assert kiosk.screen_name(app) == "RevealScreen" and app.unlocked
        for key in ("o",):
            await pilot.press("f2")
            await pilot.pause()
            assert kiosk.screen_name(app) == "FacilitatorMenu"
            await pilot.press(key)
            await pilot.pause()
        await kiosk.type_text(pilot, "We talked.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert kiosk.screen_name(app) == "FacilitatorMenu"  # still open after the notes
        await pilot.press("l")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert kiosk.screen_name(app) == "PinDialog"  # l locks at once


async def test_starting_a_turn_locks_the_facilitator_controls(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        assert app.unlocked
        await kiosk.begin_turn(pilot)
        assert not app.unlocked
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("f2")
        await pilot.pause()
        assert kiosk.screen_name(app) == "PinDialog"  # the next person cannot reach the menu
