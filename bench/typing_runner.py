"""Subprocess runner for the typing benchmark (figure 5), driven key by key by bench/run.py.

Usage: python bench/typing_runner.py {kiosk|bare} N_CHARS SESSIONS_DIR

Runs the app headless under Pilot (`run_test`). The kiosk is driven the way people use it (tests/kiosk.py):
new session, skip to the first open step, begin a turn. The bare app is a plain `TextArea`. Then it
prints `ready` and obeys one command per line on stdin:

* `type`: type the next character of the answer and reply `ok` once the frame that shows it is rendered;
* `pilot K`: clear the box, then time `await pilot.press(ch); await pilot.pause()` for K characters;
* `end`: reply with one JSON line of all measurements and exit.

The parent alternates `type` between a kiosk runner and a bare runner, so the two apps are measured
key by key, interleaved, on the same machine at the same time.

How one key is timed: a key event is sent exactly as Pilot sends it (`driver.send_message(events.Key)`)
and the app's `_display` (called by the compositor with every rendered update; headless, only the
terminal write is skipped) is wrapped to time-stamp frames. Two times per key:

* `visible`: the first frame in which the text area was drawn holding the new character;
* `settled`: the first frame in which the whole screen is up to date (for the kiosk, the "n / 2000"
  counter has been drawn with the new length; the bare app has no counter, so settled == visible).
  The counter's `render` is wrapped to know what it last drew: its content changing is not enough,
  a widget's change reaches the screen only in the frame that renders it.

Before each key the runner waits until GAP seconds have passed since the previous frame. Textual's
60 Hz refresh timer, after a frame, sleeps 1 to 2 frame periods before it can tick again; a key that
arrives inside that window waits for it. A gap of a little over two frames (37 ms, about 27 keys a
second: faster than anyone types) keeps that artefact of a tight loop out of the figure, while the
refreshes the app causes itself (the cursor blink) still land where they land, as for a person typing.

Replies are written straight to file descriptor 1: inside the app, `sys.stdout` is captured by Textual.
"""

from __future__ import annotations

import asyncio
import gc
import json
import os
import re
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
GAP = 2.2 / 60

PROSE = (
    "We keep moving the young people on from the park, and then we are surprised when they turn up at the "
    "bus station instead. Nobody at the table owns the bus station or the takeaway. Next time, licensing "
    "and transport should be in the room; the shop staff see more than we do. "
)


def answer_text(n: int) -> str:
    return (PROSE * (n // len(PROSE) + 1))[:n]


def reply(text: str) -> None:
    os.write(1, (text + "\n").encode())


def make_kiosk(sessions_dir: Path):
    from workshop.ui.app import Config, WorkshopApp

    return WorkshopApp(Config(sessions_dir=sessions_dir))


def make_bare():
    from textual.app import App, ComposeResult
    from textual.widgets import TextArea

    class BareTextArea(App):
        def compose(self) -> ComposeResult:
            yield TextArea(id="answer")

        def on_mount(self) -> None:
            self.query_one(TextArea).focus()

    return BareTextArea()


async def prepare_kiosk(pilot) -> None:
    sys.path.insert(0, str(ROOT / "tests"))
    import kiosk  # tests/kiosk.py: drives the kiosk by keys, like the Pilot tests

    await kiosk.start_session(pilot)
    await kiosk.skip_to(pilot, "open")
    await kiosk.begin_turn(pilot)


async def stdin_lines() -> asyncio.StreamReader:
    loop = asyncio.get_running_loop()
    reader = asyncio.StreamReader()
    await loop.connect_read_pipe(lambda: asyncio.StreamReaderProtocol(reader), os.fdopen(0, "rb", buffering=0))
    return reader


async def serve(kind: str, n_chars: int, sessions_dir: Path) -> dict:
    from textual import events
    from textual.keys import _character_to_key
    from textual.widgets import TextArea

    app = make_kiosk(sessions_dir) if kind == "kiosk" else make_bare()
    result: dict = {"kind": kind, "chars": n_chars, "counter_checked": kind == "kiosk"}
    commands = await stdin_lines()
    async with app.run_test(size=(100, 30)) as pilot:
        if kind == "kiosk":
            await prepare_kiosk(pilot)
        await pilot.pause()
        box = app.screen.query_one("#answer", TextArea)
        assert app.focused is box, f"focus is on {app.focused!r}"
        counter = app.screen.query_one("#counter") if kind == "kiosk" else None

        state = {"want": -1, "visible": None, "settled": None, "last_frame": 0.0, "counter": counter,
                 "counter_drawn": "", "box_drawn": 0}
        frame_ready = asyncio.Event()
        original_display = app._display

        def display(screen, renderable):
            original_display(screen, renderable)
            if renderable is None:
                return
            now = time.perf_counter()
            state["last_frame"] = now
            want = state["want"]
            if want < 0:
                return
            if state["visible"] is None and state["box_drawn"] >= want:
                state["visible"] = now
            if state["visible"] is not None and state["settled"] is None:
                if state["counter"] is None or re.search(rf"(?<!\d){want}(?!\d)", state["counter_drawn"]):
                    state["settled"] = now
                    frame_ready.set()

        app._display = display
        original_render_lines = box.render_lines

        def render_box(crop):
            lines = original_render_lines(crop)
            state["box_drawn"] = len(box.text)
            return lines

        box.render_lines = render_box  # what the text area last drew (see the counter below)
        if counter is not None:
            # What the counter last *drew* (not what it holds): a widget's new content reaches the
            # screen only when it is rendered into a frame.
            original_render = counter.render

            def render_counter():
                drawn = original_render()
                state["counter_drawn"] = str(counter.content)
                return drawn

            counter.render = render_counter  # instance attribute shadows the method
        text = answer_text(n_chars)
        position = 0
        visible: list[float] = []
        settled: list[float] = []
        driver = app._driver
        intact: bool | None = None
        gc.collect()
        reply("ready")
        while True:
            line = (await commands.readline()).decode().split()
            if not line or line[0] == "end":
                break
            if line[0] == "type":
                ch = text[position]
                position += 1
                wait = state["last_frame"] + GAP - time.perf_counter()
                if wait > 0:
                    await asyncio.sleep(wait)
                state.update(want=len(box.text) + 1, visible=None, settled=None)
                frame_ready.clear()
                event = events.Key(ch if ch.isalnum() else _character_to_key(ch), ch)
                event.set_sender(app)
                t0 = time.perf_counter()
                driver.send_message(event)
                try:
                    await asyncio.wait_for(frame_ready.wait(), 5.0 if state["counter"] is None else 2.0)
                except TimeoutError:
                    if state["visible"] is None:
                        raise SystemExit(f"no frame showed {ch!r} within 5 s (text length {len(box.text)})")
                    # The character is shown but the counter never showed the new length: the counter
                    # is not what this runner expects (the screen changed). Time the text alone from now.
                    state["counter"] = None
                    result["counter_checked"] = False
                    state["settled"] = state["visible"]
                visible.append(state["visible"] - t0)
                settled.append(state["settled"] - t0)
                state["want"] = -1
                reply("ok")
            elif line[0] == "pilot":
                if intact is None:
                    intact = box.text == text[:position]
                app._display = original_display
                box.clear()  # make room: the kiosk's box stops at 2,000 characters
                await pilot.pause()
                timed: list[float] = []
                for ch in answer_text(int(line[1])):
                    t0 = time.perf_counter()
                    await pilot.press(ch)  # Pilot maps punctuation to key names itself
                    await pilot.pause()
                    timed.append(time.perf_counter() - t0)
                result["pilot_press_pause_s"] = timed
                reply("ok")
        if intact is None:
            intact = box.text == text[:position]
        result["typed"] = position
        result["typed_ok"] = intact
        result["visible_s"] = visible
        result["settled_s"] = settled
    return result


def main() -> None:
    kind, n_chars, sessions_dir = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])
    result = asyncio.run(serve(kind, n_chars, sessions_dir))
    reply(json.dumps(result))


if __name__ == "__main__":
    main()
