"""The kiosk under a room full of people: nobody at the shared keyboard can get out, get in, or
see what someone else wrote; hostile text is shown literally; the layout survives resizing.

Sessions are set up through the core (quick), then the app is driven by keys and mouse clicks
through the helpers in tests/kiosk.py, the way people in the room would.
"""

from __future__ import annotations

from pathlib import Path
import re
from typing import Any

import pytest
from textual import events
from textual.command import CommandPalette
from textual.widgets import Input
from textual.widgets._footer import FooterKey

import kiosk
from workshop.packs import parse_pack
from workshop.session import Session
from workshop.text import ANSWER_LIMIT
from workshop.ui.app import PROJECTOR_THEME, STANDARD_THEME, WorkshopApp
from workshop.ui.dialogs.blank import BlankScreen
from workshop.ui.dialogs.pin import MAX_WAIT, PinDialog, wait_after
from workshop.ui.widgets import AnswerBox

pytestmark = pytest.mark.asyncio

PIN = kiosk.PIN
SIZE = (100, 30)

# A pack with one step of every kind; the texts are made to be easy to spot on screen.
KIOSK_PACK: dict[str, Any] = {
    "format": 1,
    "id": "kiosk-pack",
    "title": "Kiosk pack",
    "credit": "Kiosk credit.",
    "source": "Kiosk source.",
    "minutes": 30,
    "signpost": "Worried about a child now? Follow your own agency's safeguarding procedures.",
    "sections": [
        {"id": "one", "title": "Part one", "steps": [
            {"id": "intro", "kind": "info", "title": "Welcome everyone", "text": "Read this first.", "notes": "-",
             "minutes": 1},
            {"id": "aim", "kind": "open", "title": "Our shared aim", "text": "What is the aim of our joint work?",
             "notes": "-", "minutes": 5},
            {"id": "confidence", "kind": "scale", "title": "Do we share one aim?", "text": "How confident are we?",
             "notes": "-", "minutes": 3, "points": 5, "low": "Not at all", "high": "Completely"},
            {"id": "missing", "kind": "choice", "title": "Who is missing?", "text": "Which adults are missing?",
             "notes": "-", "minutes": 3, "multiple": True,
             "options": ["Bus drivers", "Shop staff", "Park wardens", "Residents"]},
            {"id": "first", "kind": "choice", "title": "Which context first?", "text": "Pick one.",
             "notes": "-", "minutes": 3, "options": ["The park", "The bus station", "The school gates"]},
            {"id": "cards", "kind": "sort", "title": "Sort the cards", "text": "Place each card.", "notes": "-",
             "minutes": 5,
             "buckets": [{"id": "behaviour", "label": "Behaviour-based"}, {"id": "ecological", "label": "Ecological"},
                         {"id": "depends", "label": "It depends"}],
             "cards": [
                 {"id": "curfew", "text": "A curfew for the group", "explanation": "Targets the young people."},
                 {"id": "lighting", "text": "Better lighting in the park", "explanation": "Changes the place."},
             ]},
            {"id": "plan", "kind": "actions", "title": "What will we do?", "text": "One action each.", "notes": "-",
             "minutes": 5},
            {"id": "bye", "kind": "info", "title": "Thank you", "text": "Thanks.", "notes": "-", "minutes": 1},
        ]},
    ],
}

# Earlier answers that must never be on screen before the reveal.
SECRETS = {
    "aim": ["secret alpha about lighting", "secret bravo about guardians", "secret echo about buses"],
    "confidence": [2, 5],
    "missing": [["Park wardens"], ["Residents"]],
    "cards": [{"curfew": "behaviour", "lighting": "ecological"}],
    "plan": [{"action": "secret charlie action", "level": "me", "lens": "context", "measure": "secret delta measure"}],
}
SECRET_TEXTS = ["secret alpha", "secret bravo", "secret charlie", "secret delta", "secret echo"]

# Keys a curious, bored or mischievous participant might press: every default Textual binding
# (quit, help-quit, palette, suspend, copy, focus cycling) and more.
LOCKDOWN_KEYS = [
    "ctrl+q", "ctrl+c", "ctrl+p", "ctrl+z", "ctrl+backslash", "escape",
    "f1", "f3", "f4", "f5", "f6", "f7", "f8", "f9", "f10", "f11", "f12",
    "tab", "tab", "tab", "shift+tab", "shift+tab", "ctrl+s", "ctrl+n", "question_mark", "ctrl+b",
    "ctrl+x", "ctrl+v", "ctrl+d", "ctrl+w", "ctrl+l", "ctrl+o", "ctrl+t", "ctrl+r", "ctrl+y",
    "ctrl+shift+p", "super+c",
]
# Single letters: the facilitator menu's keys and the end screen's, pressed without the menu.
LETTERS = ["q", "h", "r", "c", "n", "s", "b", "v", "e", "x", "l"]
FORBIDDEN_ACTIONS = {
    "quit", "app.quit", "help_quit", "app.help_quit", "suspend_process", "app.suspend_process",
    "command_palette", "app.command_palette", "app.exit",
}


@pytest.fixture(autouse=True)
def quick_pilot(monkeypatch: pytest.MonkeyPatch) -> None:
    """Pilot waits for the app to go idle by sleeping in 20 ms slices after every key; this file
    presses hundreds of keys, so it uses 5 ms slices (Pilot still waits for every message to be
    handled before it returns)."""
    import textual._wait

    monkeypatch.setattr(textual._wait, "SLEEP_GRANULARITY", 0.005)


def kiosk_pack():
    pack, problems = parse_pack(KIOSK_PACK, "kiosk")
    assert pack is not None, problems
    return pack


def prepare(sessions_dir: Path, step_id: str, answers: list[Any] | None = None) -> Session:
    """A running session at `step_id` with `answers` already given there (None for the step's SECRETS)."""
    session = Session.create(sessions_dir, kiosk_pack(), "Kiosk room", PIN)
    while session.step.id != step_id:
        assert session.next_step(), step_id
    for value in SECRETS.get(step_id, []) if answers is None else answers:
        session.submit(value, passed=value is None)
    return session


def app_for(sessions_dir: Path, step_id: str, answers: list[Any] | None = None) -> WorkshopApp:
    return kiosk.make_app(sessions_dir, session=prepare(sessions_dir, step_id, answers))


def is_running(app) -> bool:
    return app._running and not app._exit


def files_in(folder: Path) -> set[str]:
    return {p.name for p in folder.iterdir()}


class Watch:
    """What must not change while participants press keys: the app runs, the session stays where the
    facilitator left it, nothing is exported, no palette, no facilitator menu, no earlier answer."""

    def __init__(self, pilot, sessions_dir: Path):
        self.pilot = pilot
        self.app = pilot.app
        self.session = pilot.app.session
        self.sessions_dir = sessions_dir
        self.step = self.session.step.id
        self.phase = self.session.phase
        self.files = files_in(sessions_dir)

    def check(self, after: str) -> None:
        app = self.app
        assert is_running(app), f"the app stopped after {after}"
        assert app.session is self.session, after
        assert (self.session.step.id, self.session.phase) == (self.step, self.phase), after
        assert not any(isinstance(s, CommandPalette) for s in app.screen_stack), after
        names = [type(s).__name__ for s in app.screen_stack]
        for forbidden in ("RevealScreen", "FacilitatorMenu", "NotesDialog", "GuideDialog", "RedactDialog",
                          "EndScreen", "SummaryScreen", "SessionListScreen", "NewSessionScreen"):
            assert forbidden not in names, (after, names)
        assert names[:2] == ["Screen", "HomeScreen"] and len(names) >= 3, (after, names)
        text = kiosk.screen_text(app)
        for secret in SECRET_TEXTS:
            assert secret not in text, (after, secret)
        assert files_in(self.sessions_dir) == self.files, after  # no summary or export written


async def back_to(pilot, screen_name: str) -> None:
    """Undo whatever a key press opened, the way a participant would, until `screen_name` is on top."""
    app = pilot.app
    for _ in range(6):
        current = kiosk.screen_name(app)
        if current == screen_name:
            return
        if current in ("PinDialog", "ConfirmDialog", "HelpScreen"):
            await pilot.press("escape")
        elif current == "BlankScreen":
            app.pin_backoff.succeeded()  # skip the wait after a wrong PIN
            await pilot.press("enter")
            await pilot.pause()
            await kiosk.type_text(pilot, PIN)
            await pilot.press("enter")
        elif current == "ThanksScreen":
            await pilot.press("enter")
        elif current == "StepScreen" and screen_name == "TurnScreen":
            await pilot.press("enter")
        elif current == "TurnScreen" and screen_name == "StepScreen":
            await pilot.press("escape")
        else:
            raise AssertionError(f"cannot get from {current} back to {screen_name}")
        await pilot.pause()
    assert kiosk.screen_name(app) == screen_name


async def press_everything(pilot, watch: Watch, screen_name: str) -> None:
    keys = LOCKDOWN_KEYS + (LETTERS if screen_name != "TurnScreen" else [])
    for key in keys:
        await pilot.press(key)
        watch.check(f"{key} on {screen_name}")
        await back_to(pilot, screen_name)
    # F2 opens the PIN dialog and nothing else (or, during a turn, nothing at all).
    below = list(pilot.app.screen_stack)
    await pilot.press("f2")
    await pilot.pause()
    watch.check(f"f2 on {screen_name}")
    stack = pilot.app.screen_stack
    if stack == below:
        assert screen_name in ("TurnScreen", "ThanksScreen", "PinDialog"), screen_name
    else:
        assert stack[:-1] == below and isinstance(stack[-1], PinDialog), stack
    await back_to(pilot, screen_name)


def assert_no_way_out(screen) -> None:
    for key, active in screen.active_bindings.items():
        assert active.binding.action not in FORBIDDEN_ACTIONS, (type(screen).__name__, key, active.binding)


# -- 1. lockdown ---------------------------------------------------------------------------------


async def test_the_app_has_no_palette_and_no_quit_key(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "aim")
    assert WorkshopApp.ENABLE_COMMAND_PALETTE is False and app.ENABLE_COMMAND_PALETTE is False
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        for key, bindings in app._bindings.key_to_bindings.items():
            for binding in bindings:
                assert binding.action not in FORBIDDEN_ACTIONS, (key, binding)
        assert [b.action for bs in app._bindings.key_to_bindings.values() for b in bs] == ["blank"]
        assert_no_way_out(app.screen)
        await kiosk.begin_turn(pilot)
        assert_no_way_out(app.screen)


async def test_nothing_a_participant_presses_gets_out_or_in(sessions_dir: Path) -> None:
    """The pass-the-keyboard screen, an open turn, the thanks screen and the PIN prompt."""
    app = app_for(sessions_dir, "aim")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        watch = Watch(pilot, sessions_dir)
        assert kiosk.screen_name(app) == "StepScreen" and not app.unlocked
        await press_everything(pilot, watch, "StepScreen")

        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, "mine")
        await press_everything(pilot, watch, "TurnScreen")

        # The thanks screen, after a real answer (which adds a file row but no file).
        await pilot.press("escape")
        await kiosk.answer_open(pilot, "third answer here")
        watch = Watch(pilot, sessions_dir)
        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, "fourth answer")
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "ThanksScreen"
        watch = Watch(pilot, sessions_dir)
        await press_everything(pilot, watch, "ThanksScreen")
        await pilot.press("enter")
        await pilot.pause()

        # The PIN prompt itself: typing letters, function keys, palette keys.
        await pilot.press("f2")
        await pilot.pause()
        assert kiosk.screen_name(app) == "PinDialog"
        for key in LOCKDOWN_KEYS:
            if key == "escape":
                continue
            await pilot.press(key)
            await pilot.pause()
            watch.check(f"{key} on the PIN prompt")
            await back_to(pilot, "PinDialog")
        assert app.screen.query_one("#pin", Input).value == ""  # letters never reach a digits-only box
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "StepScreen"
        assert app.session.turns_taken() == len(SECRETS["aim"]) + 2


@pytest.mark.parametrize("step_id", ["confidence", "missing", "cards", "plan"])
async def test_turns_of_every_kind_are_locked_down(sessions_dir: Path, step_id: str) -> None:
    app = app_for(sessions_dir, step_id)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        watch = Watch(pilot, sessions_dir)
        await kiosk.begin_turn(pilot)
        before = app.session.turns_taken()
        await press_everything(pilot, watch, "TurnScreen")
        # Ctrl+S may submit a turn (a scale has a highlighted value); nothing else was stored.
        assert app.session.turns_taken() - before <= 1
        assert_no_way_out(app.screen)


async def test_mouse_clicks_on_footer_keys_and_the_screen(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "aim")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        watch = Watch(pilot, sessions_dir)
        for screen_name in ("StepScreen", "TurnScreen"):
            if screen_name == "TurnScreen":
                await kiosk.begin_turn(pilot)
            keys = list(app.screen.query(FooterKey))
            assert keys, screen_name
            for index in range(len(keys)):
                key = list(app.screen.query(FooterKey))[index]
                await pilot.click(key)
                await pilot.pause()
                watch.check(f"click on footer key {key.key} of {screen_name}")
                await back_to(pilot, screen_name)
            for y in range(0, 23, 4):
                for x in range(3, 80, 19):
                    await pilot.click(offset=(x, y))
                    watch.check(f"click at {x},{y} on {screen_name}")
                    await back_to(pilot, screen_name)


async def test_the_end_screen_needs_the_pin_to_leave(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "bye")
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.facilitator(pilot, "e")
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "EndScreen" and not app.unlocked
        for key in ("q", "h"):
            await pilot.press(key)
            await pilot.pause()
            assert kiosk.screen_name(app) == "PinDialog" and is_running(app)
            await pilot.press("escape")
            await pilot.pause()
            assert kiosk.screen_name(app) == "EndScreen"
        for key in ("ctrl+q", "ctrl+c", "escape", "f10"):
            await pilot.press(key)
            await pilot.pause()
            assert kiosk.screen_name(app) == "EndScreen" and is_running(app)
        await pilot.press("h")
        await pilot.pause()
        await kiosk.type_text(pilot, PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "HomeScreen" and app.session is None


async def test_nothing_is_copied_to_the_clipboard(sessions_dir: Path) -> None:
    """One participant's Ctrl+C (or Ctrl+X) must not hand their answer to the next one's Ctrl+V."""
    app = app_for(sessions_dir, "aim", [])
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, "private words")
        await pilot.press("shift+home", "ctrl+c", "ctrl+x")
        await pilot.pause()
        assert app.clipboard == ""
        await pilot.press("escape")
        await kiosk.begin_turn(pilot)
        await pilot.press("ctrl+v")
        await pilot.pause()
        assert app.screen.query_one(AnswerBox).text == ""


# -- the blank screen and the PIN ----------------------------------------------------------------


async def test_wrong_pins_wait_longer_each_time() -> None:
    assert [wait_after(n) for n in range(8)] == [0, 1, 2, 4, 8, 16, MAX_WAIT, MAX_WAIT]
    assert wait_after(100) == MAX_WAIT


@pytest.mark.parametrize("where", ["turn", "reveal"])
async def test_blank_hides_everything_until_the_right_pin(sessions_dir: Path, where: str) -> None:
    app = app_for(sessions_dir, "aim")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        if where == "turn":
            await kiosk.begin_turn(pilot)
            await kiosk.type_text(pilot, "half typed thought")
            private = ["half typed thought"]
        else:
            await kiosk.close_and_reveal(pilot)
            await kiosk.facilitator(pilot, "l")
            private = ["secret alpha", "secret bravo"]
            assert all(p in kiosk.screen_text(app) for p in private)
        under = app.screen
        shown = ["Our shared aim", "What is the aim of our joint work?", "Kiosk pack", *private]

        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)

        def assert_hidden(after: str) -> None:
            text = kiosk.screen_text(app)
            for item in shown:
                assert item not in text, (after, item)

        assert_hidden("ctrl+b")
        for key in ("escape", "ctrl+q", "ctrl+c", "q", "space", "tab", "f2", "ctrl+b", "question_mark", "ctrl+p"):
            await pilot.press(key)
            await pilot.pause()
            assert isinstance(app.screen, BlankScreen) and is_running(app), key
            assert_hidden(key)
        await pilot.click(offset=(50, 15))
        assert isinstance(app.screen, BlankScreen)

        # Enter asks for the PIN; giving up leaves the screen blank.
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, PinDialog)
        assert_hidden("the PIN prompt")
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, BlankScreen)

        if where == "turn":
            # A wrong PIN: still blank, and the next try waits (the clock is the test's, not the wall's).
            clock = [1000.0]
            app.pin_backoff.clock = lambda: clock[0]
            await pilot.press("enter")
            await pilot.pause()
            await kiosk.type_text(pilot, "9999")
            await pilot.press("enter")
            await pilot.pause()
            box = app.screen.query_one("#pin", Input)
            assert app.pin_backoff.failures == 1
            assert "Wrong PIN. Try again in 1 second" in kiosk.screen_text(app)
            assert_hidden("a wrong PIN")
            await kiosk.type_text(pilot, PIN)
            await pilot.press("enter")
            await pilot.pause()
            # Too soon: not a try; the typed PIN waits in the box (never shown).
            assert isinstance(app.screen, PinDialog) and box.value == PIN and app.pin_backoff.failures == 1
            assert "Wait 1 second, then press Enter" in kiosk.screen_text(app)
            # Ctrl+B on the PIN prompt drops it: back to the plain blank screen.
            await pilot.press("ctrl+b")
            await pilot.pause()
            assert isinstance(app.screen, BlankScreen)
            assert sum(isinstance(s, BlankScreen) for s in app.screen_stack) == 1

            # Reopened, the prompt still counts the same wait (no new one); the wait grows after the next wrong PIN.
            await pilot.press("enter")
            await pilot.pause()
            assert "1 second left" in kiosk.screen_text(app)
            clock[0] += wait_after(1)
            await kiosk.type_text(pilot, "1111")
            await pilot.press("enter")
            await pilot.pause()
            assert app.pin_backoff.failures == 2
            assert f"Try again in {wait_after(2)} seconds" in kiosk.screen_text(app)
            clock[0] += wait_after(2)

        # The right PIN brings back exactly what was there, typed text included.
        if where != "turn":
            await pilot.press("enter")
            await pilot.pause()
        await kiosk.type_text(pilot, PIN)
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is under and app.pin_backoff.failures == 0
        text = kiosk.screen_text(app)
        assert all(p in text for p in private)
        if where == "turn":
            assert app.screen.query_one(AnswerBox).text == "half typed thought"


# -- 2. hostile text -----------------------------------------------------------------------------

MARKUP = "[b]x[/b] [/x] [@click=app.quit]quit[/]"
ESCAPES = "\x1b[31mred\x1b[0m and \x1b]8;;http://evil\x1b\\link\x1b]8;;\x1b\\"
SNEAKY = "\u202eevil bidi\u202c zero\u200bwidth\ufeff emoji \U0001f469\u200d\U0001f469\u200d\U0001f467 x\\"


async def paste(pilot, text: str) -> None:
    box = pilot.app.screen.query_one(AnswerBox)
    box.post_message(events.Paste(text))
    await pilot.pause()


async def submit_turn(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()
    if kiosk.screen_name(pilot.app) == "GuardDialog":  # "looks like personal data": save anyway
        await pilot.press("f5")
        await pilot.pause()
    await kiosk.finish_turn(pilot)


def assert_clean_export(app) -> None:
    svg = app.export_screenshot()
    for char in ("\x1b", "\u202e", "\u200b", "\ufeff", "\x07"):
        assert char not in svg, repr(char)


async def test_hostile_text_is_shown_literally(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "aim", [])
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        # Typed key by key: markup stays text in the box.
        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, MARKUP)
        assert MARKUP in kiosk.screen_text(app)
        assert_clean_export(app)
        await submit_turn(pilot)
        assert is_running(app)

        # Pasted: escape sequences, bidi and zero-width characters are removed, the rest kept.
        for hostile in (ESCAPES, SNEAKY):
            await kiosk.begin_turn(pilot)
            await paste(pilot, hostile)
            assert_clean_export(app)
            await submit_turn(pilot)

        # A 100,000-character paste is capped, with the counter showing it.
        await kiosk.begin_turn(pilot)
        await paste(pilot, "L" + "long text " * 9_999 + "123456789")  # 100,000 characters
        box = app.screen.query_one(AnswerBox)
        assert len(box.text) == ANSWER_LIMIT
        assert f"{ANSWER_LIMIT} / {ANSWER_LIMIT}" in kiosk.screen_text(app)
        await pilot.press("x")  # full: typing more is refused
        assert len(box.text) == ANSWER_LIMIT
        await paste(pilot, "more")
        assert len(box.text) == ANSWER_LIMIT
        await submit_turn(pilot)

        stored = sorted(a["answer"]["text"] for a in app.session.answers("aim"))
        assert MARKUP in stored
        assert "red and link" in stored
        assert any(t.startswith("evil bidi zerowidth emoji \U0001f469\u200d\U0001f469\u200d\U0001f467 x\\") for t in stored), stored
        assert max(len(t) for t in stored) <= ANSWER_LIMIT

        await kiosk.close_and_reveal(pilot)
        await kiosk.facilitator(pilot, "l")
        text = kiosk.screen_text(app)
        assert MARKUP in text
        assert "red and link" in text
        assert "evil bidi zerowidth emoji" in text and "x\\" in text
        assert "long text long text" in text
        assert_clean_export(app)

        # Clicking where the [@click=app.quit] text shows does nothing.
        [widget] = [w for w in app.screen.query(".answer") if "@click" in str(w.render())]
        region = widget.region
        for dx in range(0, min(region.width, len(MARKUP) + 4), 2):
            await pilot.click(offset=(region.x + dx, region.y))
        await pilot.pause()
        assert is_running(app) and kiosk.screen_name(app) == "RevealScreen"


# -- 3/4. resizing and a very large font -----------------------------------------------------------


async def test_resizing_mid_turn_keeps_the_answer(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "aim", [])
    async with app.run_test(size=(80, 24)) as pilot:
        await kiosk.begin_turn(pilot)
        typed = "keep this answer safe across resizes"
        await kiosk.type_text(pilot, typed)
        for size in ((60, 20), (200, 60), (45, 15), (80, 24)):
            await pilot.resize_terminal(*size)
            await pilot.pause()
            assert app.screen.query_one(AnswerBox).text == typed, size
        assert app.screen.focused is app.screen.query_one(AnswerBox)
        await kiosk.type_text(pilot, "!")
        await pilot.press("enter")
        await kiosk.finish_turn(pilot)
    [doc] = Session.read(next(sessions_dir.glob("*.json"))).answers("aim")
    assert doc["answer"]["text"] == typed + "!"


def visible(widget) -> bool:
    """Entirely on screen, and not scrolled out of its container."""
    screen = widget.screen.region
    region = widget.region
    return region.width > 0 and region.height > 0 and screen.contains_region(region)


TOO_SMALL = "Make the window larger"


async def resize(pilot, width: int, height: int) -> None:
    """Resize, then let the screen settle (a bound only a hang reaches, never a time)."""
    await pilot.resize_terminal(width, height)
    for _ in range(50):
        await pilot.pause()
        if pilot.app.screen.size == (width, height):
            break
    await pilot.pause()


@pytest.mark.parametrize("step_id", ["aim", "confidence", "missing", "cards", "plan"])
async def test_below_80x24_a_turn_says_make_the_window_larger(sessions_dir: Path, step_id: str) -> None:
    """60x20: one clear line instead of a turn with controls off screen; the footer keys stay."""
    app = app_for(sessions_dir, step_id, [])
    async with app.run_test(size=(60, 20)) as pilot:
        await kiosk.begin_turn(pilot)
        screen = app.screen
        text = kiosk.screen_text(app)
        assert TOO_SMALL in text and "has 60 x 20" in text
        assert not screen.query_one("#turn").display or not visible(screen.query_one("#answer"))
        footer_keys = list(screen.query(FooterKey))
        descriptions = [k.description for k in footer_keys]
        for needed in ("Pass", "Cancel turn"):
            assert needed in descriptions, descriptions
        for key in footer_keys:
            assert visible(key), key.description
        # Back at 80x24 the whole turn is there again.
        await resize(pilot, 80, 24)
        assert TOO_SMALL not in kiosk.screen_text(app)
        assert visible(screen.query_one("#step-title"))


async def test_the_reveal_below_80x24_says_make_the_window_larger(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "aim")
    async with app.run_test(size=(60, 20)) as pilot:
        await kiosk.close_and_reveal(pilot)
        await kiosk.facilitator(pilot, "l")
        app.clear_notifications()
        await pilot.pause()
        text = kiosk.screen_text(app)
        assert TOO_SMALL in text and "secret alpha" not in text
        keys = list(app.screen.query(FooterKey))
        assert {"Help", "Facilitator"} <= {k.description for k in keys}
        assert all(visible(k) for k in keys)
        await resize(pilot, 80, 24)
        text = kiosk.screen_text(app)
        assert TOO_SMALL not in text and "secret alpha about lighting" in text


def body_rows(app) -> list[str]:
    """The screen's rows below the header line (the header cuts its end by design, never the timer)."""
    return kiosk.screen_text(app).splitlines()[1:]


async def test_at_80x24_nothing_a_participant_needs_is_cut(sessions_dir: Path) -> None:
    """The built-in pack, every kind of question: no ellipsis, and every control on screen."""
    from workshop.packs import find_pack

    pack = find_pack(None)
    seen: set[tuple[str, bool]] = set()
    for step in pack.steps:
        if not step.takes_answers or (step.kind, step.multiple) in seen:
            continue
        seen.add((step.kind, step.multiple))
        session = Session.create(sessions_dir, pack, "Kiosk room", PIN)
        while session.step.id != step.id:
            session.next_step()
        app = kiosk.make_app(sessions_dir, session=session)
        async with app.run_test(size=(80, 24)) as pilot:
            await kiosk.begin_turn(pilot)
            screen = app.screen
            # Wait until the kind's widget has drawn its own text (on a busy machine that takes a
            # few refreshes after the screen appears), then read the whole screen once.
            drawn = {"sort": f"Card 1 of {len(step.cards)}", "actions": "What will be done?"}.get(step.kind, step.title)
            await kiosk.until(pilot, lambda: drawn in " ".join(kiosk.screen_text(app).split()), drawn)
            rows = body_rows(app)
            assert not any("\u2026" in row for row in rows), (step.id, rows)
            assert TOO_SMALL not in "\n".join(rows)
            title = screen.query_one("#step-title")
            assert visible(title) and step.title in " ".join(" ".join(rows).split())
            focused = screen.focused
            assert focused is not None and visible(focused), step.id
            if step.kind == "sort":
                assert visible(screen.query_one("#card-text")) and drawn in "\n".join(rows)
                # The card, its title and the buckets fit without scrolling (a scrolled area cut the
                # title off at 80x24 when the group step's note took three rows).
                assert screen.query_one("#answer-area").max_scroll_y == 0
            if step.kind == "actions":
                assert "What will be done?" in "\n".join(rows)
            for key in screen.query(FooterKey):
                assert visible(key), (step.id, key.description)
    assert {kind for kind, _ in seen} == {"open", "scale", "choice", "sort", "actions", "rank"}  # every kind the built-in pack uses


async def test_reveal_bars_wrap_long_labels_instead_of_cutting_them(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "missing", [["Bus drivers"], ["Residents"], ["Shop staff", "Residents"]])
    long_option = "Residents and the adults who run the shops, takeaways and bus routes near the park"
    async with app.run_test(size=(80, 24)) as pilot:
        from workshop.results import Bar
        from workshop.ui.widgets import bars_content

        content = str(bars_content([Bar(long_option, 2, 0.5), Bar("Shop staff", 1, 0.25)], 20, 26))
        lines = content.splitlines()
        assert "\u2026" not in content and len(lines) > 2
        assert lines[0].endswith(" 2") and all(word in content for word in long_option.split())
        await kiosk.close_and_reveal(pilot)
        assert not any("\u2026" in row for row in body_rows(app))


# -- 5. themes -----------------------------------------------------------------------------------


async def test_projector_theme_by_default_standard_one_key_away(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "aim")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        assert app.theme == PROJECTOR_THEME.name and not app.has_class("-standard")
        assert app.screen.styles.background.hex.upper() == "#000000"
        assert "Unlocked" not in kiosk.screen_text(app)
        await kiosk.facilitator(pilot, "v")
        assert app.theme == STANDARD_THEME.name and app.has_class("-standard")
        assert "Unlocked" in kiosk.screen_text(app)  # the header says the controls are open
        assert app.screen.styles.background.hex.upper() == STANDARD_THEME.background.upper()
        await kiosk.facilitator(pilot, "v")  # still unlocked: no PIN asked
        assert app.theme == PROJECTOR_THEME.name and not app.has_class("-standard")
        assert app.screen.styles.background.hex.upper() == "#000000"
        await kiosk.facilitator(pilot, "l")
        assert not app.unlocked and "Unlocked" not in kiosk.screen_text(app)


async def test_run_never_lets_terminal_keys_send_signals(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """TEXTUAL_ALLOW_SIGNALS would turn Ctrl+C / Ctrl+Z / Ctrl+backslash back into signals."""
    from workshop.ui import app as app_module

    seen: list[str | None] = []
    monkeypatch.setenv("TEXTUAL_ALLOW_SIGNALS", "1")
    monkeypatch.setattr(app_module.WorkshopApp, "run", lambda self: seen.append(app_module.os.environ.get("TEXTUAL_ALLOW_SIGNALS")))
    assert app_module.run(app_module.Config(sessions_dir=tmp_path)) == 0
    assert seen == [None]


async def test_action_fields_clean_and_cap_pastes(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "plan", [])
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.begin_turn(pilot)
        field = app.screen.query_one("#action", Input)
        assert field.has_focus
        field.post_message(events.Paste(ESCAPES + " " + MARKUP))
        await pilot.pause()
        assert field.value == "red and link " + MARKUP
        assert_clean_export(app)
        field.post_message(events.Paste(" more" + "y" * 100_000))
        await pilot.pause()
        assert len(field.value) == ANSWER_LIMIT and field.value.startswith("red and link [b]x[/b] [/x] [@click=app.quit]quit[/] more")


# -- participants' input: nothing typed is lost by a stray key, nothing chosen that was not ----------


def stored(sessions_dir: Path, step_id: str) -> list[dict]:
    return Session.read(next(sessions_dir.glob("*.json"))).answers(step_id)


async def test_escape_with_typed_text_asks_before_throwing_it_away(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "aim", [])
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.begin_turn(pilot)
        typed = "A long answer about the park and the adults around it, " * 2
        await kiosk.type_text(pilot, typed)
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "ConfirmDialog"
        assert f"throw away the {len(typed.strip())} characters you typed" in kiosk.screen_text(app)
        await pilot.press("escape")  # the second Escape keeps the answer
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen"
        assert app.screen.query_one(AnswerBox).text == typed
        await pilot.press("enter")  # and it can still be submitted
        await kiosk.finish_turn(pilot)
        assert [d["answer"]["text"] for d in stored(sessions_dir, "aim")] == [typed.strip()]

        # Confirmed, the turn is cancelled and nothing is stored.
        await kiosk.begin_turn(pilot)
        await kiosk.type_text(pilot, "second thoughts")
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "StepScreen"
        assert app.session.turns_taken() == 1

        # Nothing typed: Escape cancels at once, as before.
        await kiosk.begin_turn(pilot)
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "StepScreen"


async def test_escape_after_the_personal_data_question_keeps_the_answer(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "aim", [])
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.begin_turn(pilot)
        typed = "Call 07700 900123 about the lighting in the park"
        await kiosk.type_text(pilot, typed)
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) != "TurnScreen"  # the personal-data question
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen"
        await pilot.press("escape")  # the second Escape asks instead of losing the answer
        await pilot.pause()
        assert kiosk.screen_name(app) == "ConfirmDialog"
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one(AnswerBox).text == typed


async def test_a_scale_starts_with_no_point_chosen(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "confidence", [])
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.begin_turn(pilot)
        text = kiosk.screen_text(app)
        assert "▶" not in text  # no point is marked as chosen
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen"
        assert "Choose a point first (1 to 5)" in kiosk.screen_text(app)
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen"
        await pilot.press("0")  # not on a 5-point scale: refused, not read as 1
        await pilot.pause()
        assert "There is no 0 on this scale: choose 1 to 5." in kiosk.screen_text(app)
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen" and app.session.turns_taken() == 0
        await pilot.press("4")
        await pilot.pause()
        assert "▶ 4" in kiosk.screen_text(app)
        await pilot.press("up", "enter")
        await kiosk.finish_turn(pilot)
    assert [d["answer"]["value"] for d in stored(sessions_dir, "confidence")] == [3]


async def test_single_choice_a_digit_chooses_and_enter_submits(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "first", [])
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.begin_turn(pilot)
        assert "(•)" not in kiosk.screen_text(app)  # nothing chosen yet
        await pilot.press("enter")
        await pilot.pause()
        assert "Choose an option first" in kiosk.screen_text(app)
        await pilot.press("2")
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen" and app.session.turns_taken() == 0
        text = kiosk.screen_text(app)
        assert "▶ (•) 2  The bus station" in text and "( ) 1  The park" in text
        await pilot.press("down")  # the arrows choose too
        await pilot.pause()
        assert "▶ (•) 3  The school gates" in kiosk.screen_text(app)
        await pilot.press("9")
        await pilot.pause()
        assert "There is no option 9: choose 1 to 3." in kiosk.screen_text(app)
        await pilot.press("enter")
        await kiosk.finish_turn(pilot)
    assert [d["answer"]["choices"] for d in stored(sessions_dir, "first")] == [["The school gates"]]


async def test_multiple_choice_marks_ticks_with_characters(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "missing", [])
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.begin_turn(pilot)
        await pilot.press("down", "space", "down", "down", "space", "up")
        await pilot.pause()
        text = kiosk.screen_text(app)
        assert "[x] Shop staff" in text and "[x] Residents" in text
        assert "▶ [ ] Park wardens" in text and "  [ ] Bus drivers" in text
        await pilot.press("enter")
        await kiosk.finish_turn(pilot)
    assert [d["answer"]["choices"] for d in stored(sessions_dir, "missing")] == [["Shop staff", "Residents"]]


async def test_a_sort_with_cards_left_out_asks_first(sessions_dir: Path) -> None:
    app = app_for(sessions_dir, "cards", [])
    async with app.run_test(size=SIZE) as pilot:
        await kiosk.begin_turn(pilot)
        await pilot.press("4", "2")  # skip the first card, place the second: the last card submits
        await pilot.pause()
        assert kiosk.screen_name(app) == "ConfirmDialog"
        assert "1 of 2 cards placed" in kiosk.screen_text(app)
        await pilot.press("escape")  # go back: to the card left out
        await pilot.pause()
        assert kiosk.screen_name(app) == "TurnScreen" and app.session.turns_taken() == 0
        text = kiosk.screen_text(app)
        assert "Card 1 of 2" in text and "A curfew for the group" in text
        assert "(•)" not in text  # a card not placed shows no bucket chosen
        await pilot.press("1")
        await pilot.pause()
        # Back on the second card, its bucket is marked; Enter keeps it and submits, all placed.
        text = kiosk.screen_text(app)
        assert "Card 2 of 2" in text and "▶ (•) 2  Ecological" in text
        await pilot.press("enter")
        await kiosk.finish_turn(pilot)
        # Asked again with a card left out, yes submits what was placed.
        await kiosk.begin_turn(pilot)
        await pilot.press("3", "4")
        await pilot.pause()
        await pilot.press("enter")
        await kiosk.finish_turn(pilot)
    cards = sorted((d["answer"]["cards"] for d in stored(sessions_dir, "cards")), key=len)
    assert cards == [{"curfew": "depends"}, {"curfew": "behaviour", "lighting": "ecological"}]


LONG_ANSWER = ("We keep moving the same young people on from the bus station instead of asking the "
               "operator, the shop staff and the council about the lighting, the shelter and who is "
               "around at half past nine, which is when it goes wrong every single week.")


async def test_redaction_lists_answers_in_the_reveal_order_in_full_and_asks(sessions_dir: Path) -> None:
    """Whatever order the reveal drew (shuffled, or fixed by the session), the list follows it."""
    answers = ["a first thought", "b second thought", LONG_ANSWER, "d fourth thought", "e fifth thought"]
    app = app_for(sessions_dir, "aim", answers)
    async with app.run_test(size=(80, 24)) as pilot:
        await kiosk.close_and_reveal(pilot)
        shown = [str(w.render()) for w in app.screen.query(".answer")]
        await kiosk.facilitator(pilot, "x")
        assert kiosk.screen_name(app) == "RedactDialog"
        listed = app.screen.query_one("#answers").labels
        assert listed == shown
        assert "\u25b6 " + listed[0][:20] in kiosk.screen_text(app)  # the highlighted one is marked
        text = " ".join(kiosk.screen_text(app).replace("\u2503", " ").split())
        assert "…" not in text and LONG_ANSWER[-60:] in text  # in full, wrapped
        rows = [row.strip("\u2503 ") and row.replace("\u2503", "") for row in kiosk.screen_text(app).splitlines()]
        first = next(i for i, row in enumerate(rows) if LONG_ANSWER[:30] in row)
        last = next(i for i, row in enumerate(rows) if "every single week." in row)
        assert last > first and all(row.startswith("  ") for row in rows[first + 1:last + 1] if row)  # hanging indent
        # Choosing asks first; going back redacts nothing.
        position = listed.index(LONG_ANSWER)
        for _ in range(position):
            await pilot.press("down")
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "ConfirmDialog" and "Redact this answer?" in kiosk.screen_text(app)
        await pilot.press("escape")
        await pilot.pause()
        assert kiosk.screen_name(app) == "RedactDialog"
        assert not any(d.get("redacted") for d in app.session.answers("aim"))
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert kiosk.screen_name(app) == "RevealScreen"
    docs = stored(sessions_dir, "aim")
    assert sorted(d["answer"].get("text", "") for d in docs if not d.get("redacted")) == sorted(
        a for a in answers if a != LONG_ANSWER)
    assert sum(1 for d in docs if d.get("redacted")) == 1


SPLIT_PACK_CARDS = [
    {"id": "curfew", "text": "A curfew for the group", "explanation": "Targets the young people."},
    {"id": "lighting", "text": "Better lighting in the park", "explanation": "Changes the place."},
    {"id": "youth-work", "text": "Detached youth work", "explanation": "It depends on what the workers change."},
]


async def test_the_sort_reveal_draws_bars_most_split_first(sessions_dir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(KIOSK_PACK["sections"][0]["steps"][5], "cards", SPLIT_PACK_CARDS)
    answers = [{"curfew": "behaviour", "lighting": "ecological", "youth-work": "ecological"},
               {"curfew": "behaviour", "lighting": "ecological", "youth-work": "behaviour"},
               {"curfew": "behaviour", "lighting": "depends", "youth-work": "depends"},
               {"curfew": "behaviour", "lighting": "ecological", "youth-work": "depends"}]
    app = app_for(sessions_dir, "cards", answers)
    async with app.run_test(size=(80, 60)) as pilot:
        await kiosk.close_and_reveal(pilot)
        await kiosk.facilitator(pilot, "l")
        app.clear_notifications()
        await pilot.pause()
        lines = kiosk.screen_text(app).splitlines()
        where = {card["text"]: next(i for i, line in enumerate(lines) if card["text"] in line) for card in SPLIT_PACK_CARDS}
        # youth work split 2/1/1, lighting 3/1, curfew 4/0: most split first.
        assert where["Detached youth work"] < where["Better lighting in the park"] < where["A curfew for the group"]
        # A bar and a count per bucket under each card, then its explanation.
        first = where["Detached youth work"]
        block = lines[first:where["Better lighting in the park"]]
        assert any(re.search(r"It depends +█+ +2", line) for line in block), block
        assert any(re.search(r"Behaviour-based +█+ +1", line) for line in block), block
        assert any("It depends on what the workers change." in line for line in block), block
        # The footer says how to scroll.
        footer = [k.description for k in app.screen.query(FooterKey)]
        assert "Scroll" in footer
        assert "PgUp PgDn" in lines[-1]


async def test_help_and_readme_tell_the_new_keys(sessions_dir: Path) -> None:
    """What the turn and the reveal now do is in the help and in the README's quick reference."""
    readme = (Path(__file__).parent.parent / "README.md").read_text()
    for said in ("Make the window larger", "with cards left out it asks first", "▶ marks the highlighted row",
                 "(•) the chosen option", "[x] a ticked one", "Page Up/Down", "asks first (Enter throws it away"):
        assert said in readme, said
    app = app_for(sessions_dir, "aim")
    async with app.run_test(size=(120, 40)) as pilot:
        await kiosk.close_and_reveal(pilot)
        await pilot.press("question_mark")
        await pilot.pause()
        assert kiosk.screen_name(app) == "HelpScreen"
        text = " ".join(kiosk.screen_text(app).replace("\u2503", " ").split())
        for said in ("Scroll the reveal", "with something typed it asks first", "(•) the chosen option",
                     "[x] a ticked one"):
            assert said in text, said
