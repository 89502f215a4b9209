"""Issue 8: the room can trust the kiosk, and the facilitator types the PIN as seldom as the rules allow.

Played by keys through the real app (Pilot), checked against the screen and the file on disk.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from test_ui_session import prompts_dir, stored_answers as stored  # noqa: F401 (a fixture, used by name)

import kiosk
from workshop.packs import find_pack
from workshop.ui.dialogs.pin import PinDialog, wait_after

pytestmark = pytest.mark.asyncio


class FakeClock:
    """An injected clock: tests move time on by hand, never wait for it."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


# --- anonymity in the room --------------------------------------------------------------------------


async def test_a_pass_looks_exactly_like_an_answer(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        screens = []

        async def turn(*keys: str) -> str:
            """One turn by `keys`; keeps the thank-you screen, returns the screen between turns."""
            await kiosk.begin_turn(pilot)
            for key in keys:
                await pilot.press(key)
                await pilot.pause()
            screens.append(kiosk.screen_text(app))
            await pilot.press("enter")
            await pilot.pause()
            return kiosk.screen_text(app)

        after_answer = await turn(*"Light", "enter")
        after_pass = await turn("ctrl+n", "enter")
    assert screens[0] == screens[1]  # the same thank-you screen, word for word
    assert "pass" not in screens[1].lower().replace("pass the keyboard", "")
    assert "1 turn taken" in after_answer and "2 turns taken" in after_pass
    assert "answer" not in after_pass.split("turns taken")[0].lower().split("\n")[-1]
    assert "pass" not in after_pass.lower().replace("pass the keyboard", "")


async def test_the_reveal_waits_for_enough_answers_and_says_why(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        await kiosk.answer_open(pilot, "Only one answer so far")
        await kiosk.facilitator(pilot, "r")
        assert kiosk.screen_name(app) == "StepScreen" and app.session.phase == "answering"
        assert any("at least 3 answers" in n.message for n in app._notifications)
        assert "Only one answer so far" not in kiosk.screen_text(app)
        await kiosk.facilitator(pilot, "c")  # closed with one answer: the reveal shows only "too few"
        await kiosk.facilitator(pilot, "r")
        assert kiosk.screen_name(app) == "RevealScreen"
        text = kiosk.screen_text(app)
        assert "Too few answers to show" in text and "Only one answer so far" not in text


async def test_the_reveal_order_holds_through_notes_and_redaction(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    texts = [f"Answer {letter} here" for letter in "ABCDEF"]
    async with app.run_test(size=(100, 40)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        for text in texts:
            await kiosk.answer_open(pilot, text)
        await kiosk.close_and_reveal(pilot)

        def order() -> list[str]:
            screen = kiosk.screen_text(app)
            return sorted((t for t in texts if t in screen), key=screen.index)

        first = order()
        assert sorted(first) == sorted(texts)
        await kiosk.facilitator(pilot, "o")
        await kiosk.type_text(pilot, "A note.")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert order() == first
        await kiosk.facilitator(pilot, "x")
        options = app.screen.query_one("#answers")._options
        listed = "\n".join(getattr(o.prompt, "plain", str(o.prompt)) for o in options)  # marks and all
        assert all(t in listed for t in texts)
        assert sorted(texts, key=listed.index) == first  # the redaction list is in the reveal's order
        await pilot.press("down", "enter")  # redact the second one
        await pilot.pause()
        if kiosk.screen_name(app) == "ConfirmDialog":
            await pilot.press("enter")
            await pilot.pause()
        assert order() == first[:1] + first[2:]


# --- the facilitator's flow --------------------------------------------------------------------------


class PinCounter:
    """Types the PIN whenever the kiosk asks for it, and counts how often that was."""

    def __init__(self) -> None:
        self.typed = 0

    async def answer(self, pilot) -> None:
        await pilot.pause()
        if isinstance(pilot.app.screen, PinDialog):
            await kiosk.type_text(pilot, kiosk.PIN)
            await pilot.press("enter")
            await pilot.pause()
            self.typed += 1

    async def menu(self, pilot, key: str) -> None:
        await pilot.press("f2")
        await self.answer(pilot)
        assert kiosk.screen_name(pilot.app) == "FacilitatorMenu", kiosk.screen_text(pilot.app)
        await pilot.press(key)
        await pilot.pause()


async def take_turn(pilot, step, person: int) -> None:
    if step.kind == "open":
        await kiosk.answer_open(pilot, f"Thought {person} on {step.id}")
    elif step.kind == "scale":
        await kiosk.answer_scale(pilot, 1 + person % step.points)
    elif step.kind == "choice" and step.mode == "group":  # the room's counts: one per option, Enter after each
        await kiosk.begin_turn(pilot)
        for _option in step.options:
            await kiosk.type_text(pilot, "1")
            await pilot.press("enter")
        await kiosk.finish_turn(pilot)
    elif step.kind == "choice":
        await kiosk.answer_choice(pilot, [person % len(step.options)], multiple=step.multiple)
    elif step.kind == "sort":
        await kiosk.answer_sort(pilot, [1 + (person + i) % len(step.buckets) for i in range(len(step.cards))])
    elif step.kind == "actions":
        await kiosk.answer_action(pilot, f"Action {person}", 1 + person % 3, 1 + person % 3, "")
    elif step.kind == "rank":
        await kiosk.answer_rank(pilot, str(1 + person % len(step.options)))  # one option to a place, then the order
    else:
        raise AssertionError(f"take_turn does not know the {step.kind!r} kind")


async def test_the_default_pack_asks_for_the_pin_once_per_question_step(sessions_dir: Path) -> None:
    """The whole default pack, as a facilitator runs it with three people: every question step is
    answered by all three, revealed, discussed with a note, then left. The PIN is typed on the form
    at the start and at most once per question step after that."""
    pack = find_pack("hymn-sheet")
    questions = [s for s in pack.steps if s.takes_answers]
    pins = PinCounter()
    app = kiosk.make_app(sessions_dir, start_pack="hymn-sheet")
    async with app.run_test(size=(100, 34)) as pilot:
        await pilot.pause()
        await kiosk.type_text(pilot, "North locality")  # the cursor starts in the label field
        await pilot.press("enter")
        await kiosk.type_text(pilot, "3")
        await pilot.press("enter")
        for _ in range(2):
            await kiosk.type_text(pilot, kiosk.PIN)
            await pilot.press("enter")
        await pilot.pause()
        session = app.session
        assert session is not None and session.room == 3
        while kiosk.screen_name(app) != "EndScreen":
            step = session.step
            if not step.takes_answers:
                await pilot.press("enter")  # read aloud, then on
                await pins.answer(pilot)
                if kiosk.screen_name(app) == "ConfirmDialog":  # after the last step: end the session
                    await pilot.press("enter")
                    await pilot.pause()
                continue
            for person in range(1 if step.mode == "group" else 3):  # a group step takes the room's one answer
                await take_turn(pilot, step, person)
            if step.mode == "group":  # the group's answer is in; the facilitator reveals it (F2 r)
                assert "The group's answer is in" in kiosk.screen_text(app)
            else:
                assert session.phase == "closed"  # the round closed by itself
                assert "Everyone has had a turn" in kiosk.screen_text(app)
            await pins.menu(pilot, "r")
            assert kiosk.screen_name(app) == "RevealScreen"
            await pins.menu(pilot, "o")  # the discussion, and a note of it
            await kiosk.type_text(pilot, "We talked it through.")
            await pilot.press("ctrl+s")
            await pilot.pause()
            await pins.menu(pilot, "n")
        print(f"\nPINs typed in the default pack: {pins.typed} for {len(questions)} question steps (plus the form)")
    assert len(questions) == 18
    assert pins.typed <= len(questions)
    answers = stored(sessions_dir)
    assert len(answers) == sum(1 if step.mode == "group" else 3 for step in questions)  # a group step: one answer


async def test_workshop_start_begins_in_the_label_and_says_pin_problems_at_once(sessions_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, start_pack="hymn-sheet")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.focused is not None and app.focused.id == "label"
        await pilot.press("enter", "enter")  # no label, no room
        assert app.focused.id == "pin"
        await kiosk.type_text(pilot, "12")
        await pilot.press("enter")
        await pilot.pause()
        text = kiosk.screen_text(app)
        assert "The facilitator PIN must be 4 to 12 digits." in text  # at once, on screen at 80x24
        assert "The the" not in text
        assert app.focused.id == "pin"
        await kiosk.type_text(pilot, "34")
        await pilot.press("enter")
        await kiosk.type_text(pilot, "9999")
        await pilot.press("enter")
        await pilot.pause()
        text = kiosk.screen_text(app)
        assert "The two PINs differ" in text and app.focused.id == "pin" and app.session is None
        await kiosk.type_text(pilot, kiosk.PIN)
        await pilot.press("enter")
        await kiosk.type_text(pilot, kiosk.PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert app.session is not None


async def test_a_wrong_pin_delays_only_the_next_try(sessions_dir: Path, prompts_dir: Path) -> None:
    clock = FakeClock()
    app = kiosk.make_app(sessions_dir, prompts_dir)
    app.pin_backoff.clock = clock
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        await kiosk.begin_turn(pilot)  # locks
        await pilot.press("escape")
        await pilot.pause()
        for attempt in range(3):  # a participant tries three wrong PINs, waiting each time
            await pilot.press("f2")
            await pilot.pause()
            await kiosk.type_text(pilot, "9999")
            await pilot.press("enter")
            await pilot.pause()
            assert "Wrong PIN" in kiosk.screen_text(app)
            clock.now += wait_after(attempt + 1)
            await pilot.press("escape")
            await pilot.pause()
        # Closing and opening the dialog again starts no new wait: the PIN is taken at once.
        await pilot.press("f2")
        await pilot.pause()
        assert "wait" not in kiosk.screen_text(app).lower()
        await kiosk.type_text(pilot, kiosk.PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "FacilitatorMenu"
        await pilot.press("l")
        await pilot.pause()

        # A try made during the wait is not a try: the PIN stays in the box, Enter after the wait takes it.
        await pilot.press("f2")
        await pilot.pause()
        await kiosk.type_text(pilot, "9999")
        await pilot.press("enter")
        await pilot.pause()
        await kiosk.type_text(pilot, kiosk.PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "PinDialog" and "Wait 1 second" in kiosk.screen_text(app)
        assert app.pin_backoff.failures == 1
        clock.now += 1
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "FacilitatorMenu" and app.pin_backoff.failures == 0


async def test_quitting_prints_the_session_and_the_command_to_resume(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        session_id = app.session.id
        await kiosk.facilitator(pilot, "q")
    message = app.leave_message
    assert f"Session {session_id} is saved." in message
    command = message.split("\n")[-1].strip()
    assert command.endswith(f" --sessions-dir {sessions_dir} resume {session_id}")
    program = command.split(" --sessions-dir")[0]
    # `workshop` when it is on PATH, else the path of the command (or this Python's -m workshop)
    assert program == "workshop" or Path(program.split()[0]).is_file()


async def test_the_end_screen_shows_the_command_to_print(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir, command="workshop")
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.facilitator(pilot, "e")
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "EndScreen"
        flat = " ".join(kiosk.screen_text(app).split())
        session_id = app.session.id
        assert f"workshop --sessions-dir {sessions_dir} print {session_id}" in flat
        await pilot.press("q")
        await pilot.pause()
        await kiosk.type_text(pilot, kiosk.PIN)  # the end locks the controls: quitting needs the PIN
        await pilot.press("enter")
        await pilot.pause()
    assert app.leave_message.endswith(f"workshop --sessions-dir {sessions_dir} print {session_id}")


# --- participants' input -----------------------------------------------------------------------------


def paste_events(chunks: list[str]) -> list:
    from workshop.ui.paste import PasteSafeParser

    parser = PasteSafeParser()
    return [event for chunk in chunks if chunk for event in parser.feed(chunk)]  # "" would mean end of input


async def test_an_esc_inside_a_bracketed_paste_stays_inside_it() -> None:
    from textual import events
    from textual._xterm_parser import XTermParser

    data = "\x1b[200~AAA\x1bBBB\x1b[201~"
    stock = [e for e in XTermParser().feed(data)]
    assert any(isinstance(e, events.Key) for e in stock)  # what Textual alone makes of it: keys first
    for cut in range(len(data) + 1):  # however the terminal splits it into reads
        got = paste_events([data[:cut], data[cut:]])
        assert [type(e) for e in got] == [events.Paste], (cut, got)
    # Inside a paste a lone ESC is not a terminal command but a stray byte of what was copied: it
    # goes, and every character the participant pasted stays, in the order it was pasted.
    assert got[0].text == "AAABBB"
    keys = paste_events(["x", "\x1b[200~", "ok", "\x1b[201~", "y"])
    assert [getattr(e, "key", None) or e.text for e in keys] == ["x", "ok", "y"]


async def paste_into_answer(app, pilot, text: str) -> None:
    from textual import events

    app.screen.query_one("#answer").post_message(events.Paste(text))
    await pilot.pause()


async def test_a_paste_with_an_esc_keeps_the_characters_in_order(sessions_dir: Path, prompts_dir: Path) -> None:
    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        await kiosk.begin_turn(pilot)
        [paste] = paste_events(["\x1b[200~AAA\x1bBBB and \x1b[31mred\x1b[0m\x1b[201~"])
        await paste_into_answer(app, pilot, paste.text)
        await pilot.press("enter")
        await kiosk.finish_turn(pilot)
    [doc] = stored(sessions_dir)
    assert doc["answer"]["text"] == "AAABBB and red"  # the ESC and the colour codes go; the rest keeps its order


async def test_a_paste_longer_than_the_answer_says_how_much_was_kept(sessions_dir: Path, prompts_dir: Path) -> None:
    from workshop.text import ANSWER_LIMIT

    app = kiosk.make_app(sessions_dir, prompts_dir)
    async with app.run_test(size=(100, 34)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "open")
        await kiosk.begin_turn(pilot)
        pasted = "word " * (ANSWER_LIMIT // 4)  # 5/4 of the limit, less the last space once cleaned
        await paste_into_answer(app, pilot, pasted)
        box = app.screen.query_one("#answer")
        assert len(box.text) == ANSWER_LIMIT
        messages = [n.message for n in app._notifications]
        kept = len(box.text.strip())
        assert any(f"{kept} of its {len(pasted) - 1} characters were kept" in m for m in messages), messages
        app.clear_notifications()
        await paste_into_answer(app, pilot, "short")  # nothing fits now: said as well
        assert len(box.text) == ANSWER_LIMIT
        assert any("0 of its 5 characters were kept" in n.message for n in app._notifications)


async def test_the_label_from_the_command_line_is_cleaned(sessions_dir: Path, monkeypatch) -> None:
    from workshop import cli

    hostile = "\x1b]0;X\x07\x1b]52;c;SGVsbG8=\x07North"
    seen = {}
    monkeypatch.setenv("WORKSHOP_ALLOW_NO_TTY", "1")
    monkeypatch.setattr("workshop.ui.app.run", lambda config: seen.setdefault("config", config) and 0)
    assert cli.main(["--sessions-dir", str(sessions_dir), "start", "--label", hostile]) == 0
    assert seen["config"].start_label == "North"
    app = kiosk.make_app(sessions_dir, start_pack="hymn-sheet", start_label=hostile)  # and any other caller
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#label").value == "North"


async def test_people_from_the_command_line_fill_the_room_field(sessions_dir: Path) -> None:
    """`workshop start --people 3` closes rounds by itself after 3 turns: the form shows that number in
    the room field, so the facilitator sees it (and can clear it) instead of it acting unseen."""
    app = kiosk.make_app(sessions_dir, start_pack="hymn-sheet", people=3)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#room").value == "3"
        await pilot.press("enter")  # no label
        await pilot.press("end", "backspace")  # the facilitator clears the number ...
        await kiosk.type_text(pilot, "4")  # ... and gives the room's own
        await pilot.press("enter")
        for _ in range(2):
            await kiosk.type_text(pilot, kiosk.PIN)
            await pilot.press("enter")
        await kiosk.until(pilot, lambda: app.session is not None, "the session")
        assert app.session.room == 4


async def test_a_paste_reaches_every_field_clean(sessions_dir: Path) -> None:
    """Not only the answer box: a paste into the group label (or a note, or the board's fields)
    comes from the terminal parser with its escape sequences gone and no stand-in for ESC left, so
    the field shows, and the session stores, what the person meant to paste."""
    from workshop.ui.paste import PASTE_ESC

    [paste] = paste_events(["\x1b[200~Nor\x1b]0;PWNED\x07th\x1b]52;c;SGVsbG8=\x07 side\x1b[201~"])
    assert paste.text == "North side" and PASTE_ESC not in paste.text
    app = kiosk.make_app(sessions_dir, start_pack="hymn-sheet")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        label = app.screen.query_one("#label")
        label.post_message(paste)
        await kiosk.until(pilot, lambda: label.value == "North side", "the pasted label")
        assert "PWNED" not in kiosk.screen_text(app)
