"""Drive the kiosk by keys, the way people in the room would. Used by the Pilot tests."""

from __future__ import annotations

import html
import re
from pathlib import Path

from workshop.ui.app import Config, WorkshopApp
from workshop.ui.dialogs.pin import PinDialog

PIN = "1234"


def make_app(sessions_dir: Path, prompts_dir: Path | None = None, **config) -> WorkshopApp:
    return WorkshopApp(Config(sessions_dir=sessions_dir, prompts_dir=prompts_dir, **config))


def screen_name(app) -> str:
    return type(app.screen).__name__


_SVG_TEXT = re.compile(r'<text[^>]*clip-path="url\(#terminal-\d+-line-(\d+)\)">(.*?)</text>', re.S)


def screen_text(app) -> str:
    """Everything visible on the current screen, as plain text (one line per terminal row)."""
    rows: dict[int, list[str]] = {}
    for row, chunk in _SVG_TEXT.findall(app.export_screenshot()):
        rows.setdefault(int(row), []).append(html.unescape(chunk).replace("\xa0", " "))
    return "\n".join("".join(rows[r]) for r in sorted(rows))


HANG_SECONDS = 20.0  # only a hang takes this long; a busy CI machine takes a few hundred ms at most


async def until(pilot, check, what: str = "") -> None:
    """Pause until `check()` is true: a busy machine may need several refreshes before a widget's
    on_mount has run and its text is drawn. Fails only on a hang (HANG_SECONDS), never on speed."""
    import time

    deadline = time.monotonic() + HANG_SECONDS
    while not check():
        if time.monotonic() > deadline:
            raise AssertionError(f"still waiting after {HANG_SECONDS:.0f} s for {what or check}:\n{screen_text(pilot.app)}")
        await pilot.pause(0.05)


async def type_text(pilot, text: str) -> None:
    for char in text:
        await pilot.press(char)


async def start_session(
    pilot, pack_name: str | None = None, label: str = "North locality", pin: str = PIN, room: int | None = None
) -> None:
    """From the home screen: n, pick the pack, type the label, the people in the room and the PIN twice."""
    app = pilot.app
    await pilot.press("n")
    await pilot.pause()
    if pack_name is not None:
        screen = app.screen
        for index, entry in enumerate(screen.entries):
            if entry.pack is not None and entry.pack.id == pack_name:
                screen.query_one("#packs").highlighted = index
    await pilot.press("enter")
    await type_text(pilot, label)
    await pilot.press("enter")
    await type_text(pilot, "" if room is None else str(room))
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")
    await type_text(pilot, pin)
    await pilot.press("enter")
    await pilot.pause()
    assert app.session is not None, screen_text(app)


async def facilitator(pilot, key: str, pin: str = PIN) -> None:
    """F2, the PIN if the controls are locked, then the menu key."""
    await pilot.press("f2")
    await pilot.pause()
    if isinstance(pilot.app.screen, PinDialog):
        await type_text(pilot, pin)
        await pilot.press("enter")
        await pilot.pause()
    await pilot.press(key)
    await pilot.pause()


async def begin_turn(pilot) -> None:
    await pilot.press("enter")
    await pilot.pause()
    await until(pilot, lambda: screen_name(pilot.app) == "TurnScreen", "the turn screen")


async def finish_turn(pilot) -> None:
    """After submitting: the confirmation appears; Enter hands the keyboard on."""
    await pilot.pause()
    assert screen_name(pilot.app) == "ThanksScreen", screen_text(pilot.app)
    await pilot.press("enter")
    await pilot.pause()


async def answer_open(pilot, text: str) -> None:
    await begin_turn(pilot)
    await type_text(pilot, text)
    await pilot.press("enter")
    await finish_turn(pilot)


async def answer_scale(pilot, value: int) -> None:
    await begin_turn(pilot)
    await pilot.press(str(value), "enter")
    await finish_turn(pilot)


async def answer_choice(pilot, indexes: list[int], multiple: bool) -> None:
    """Pick options by position (0-based)."""
    await begin_turn(pilot)
    if multiple:
        position = 0
        for index in sorted(indexes):
            while position < index:
                await pilot.press("down")
                position += 1
            await pilot.press("space")
        await pilot.press("enter")
    else:
        await pilot.press(str(indexes[0] + 1), "enter")  # a digit chooses, Enter submits
    await finish_turn(pilot)


async def answer_sort(pilot, buckets: list[int]) -> None:
    """Place each card in turn: 1, 2, 3 for the buckets, 4 to skip a card."""
    await begin_turn(pilot)
    for bucket in buckets:
        await pilot.press(str(bucket))
    await finish_turn(pilot)


async def answer_rank(pilot, *keys: str) -> None:
    """Order the options by keys (up/down move the highlight, shift+up/shift+down move the option,
    a digit gives it that place), then Enter submits the order shown."""
    await begin_turn(pilot)
    for key in keys:
        await pilot.press(key)
    await pilot.press("enter")
    await finish_turn(pilot)


async def answer_action(pilot, action: str, level: int, lens: int, measure: str, owner: str = "",
                        by_when: str = "") -> None:
    """One action in a turn: its fields in order (a digit picks the level and the lens), then Done."""
    await answer_actions(pilot, [(action, level, lens, measure, owner, by_when)])


async def type_action(pilot, action: str, level: int, lens: int, measure: str, owner: str = "", by_when: str = "") -> None:
    """The fields of one action, Enter after each typed one; `level` is the digit the form shows for it
    (only the levels not used yet in this turn are listed, numbered from 1)."""
    await type_text(pilot, action)
    await pilot.press("enter", str(level), str(lens))
    for text in (measure, owner, by_when):
        await type_text(pilot, text)
        await pilot.press("enter")


async def answer_actions(pilot, actions: list[tuple]) -> None:
    """Several actions in one turn, one at a time: after each but the last, 1 (add an action for another
    level); after the last, Enter on Done (or, with every level used, its last Enter submits)."""
    await begin_turn(pilot)
    levels = len(pilot.app.session.step.levels)
    for index, fields in enumerate(actions, 1):
        await type_action(pilot, *fields)
        if index == levels:
            break  # every level used: the last Enter submitted
        more = pilot.app.screen.query_one("#more")
        await until(pilot, lambda: more.display and more.has_focus, "the add-another choice")
        if index < len(actions):
            await pilot.press("1")
            await until(pilot, lambda: pilot.app.focused is not None and pilot.app.focused.id == "action", "a blank action")
        else:
            await pilot.press("enter")  # Done
    await finish_turn(pilot)


async def pass_turn(pilot) -> None:
    await begin_turn(pilot)
    await pilot.press("ctrl+n")
    await pilot.pause()
    await pilot.press("enter")
    await finish_turn(pilot)


async def close_and_reveal(pilot) -> None:
    await facilitator(pilot, "r")
    assert screen_name(pilot.app) == "RevealScreen", screen_text(pilot.app)


async def next_step(pilot) -> None:
    """Move on: "n" after a reveal or on an info step, "s" (skip) while a round is still open."""
    session = pilot.app.session
    skipping = session.step.takes_answers and session.phase != "revealed"
    before = session.step.id
    await facilitator(pilot, "s" if skipping else "n")
    assert session.step.id != before, screen_text(pilot.app)


async def skip_to(pilot, kind: str) -> None:
    """Move on until the current step is of `kind`."""
    while pilot.app.session.step.kind != kind:
        await next_step(pilot)
