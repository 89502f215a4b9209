"""Property tests for the render paths not covered elsewhere: what the kiosk puts on screen, and the
CSV and JSON exports. (Summaries: tests/test_summary.py; cleaning and Markdown: tests/test_text.py.)

For any text a participant could type or paste: nothing crashes, no escape sequence survives, the
screen shows it as plain text (no markup, no style, no link, no action), and exports give it back.
"""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop import export
from workshop.session import Session
from workshop.text import clean, is_blank
from workshop.ui.widgets import literal

# Text biased towards what breaks renderers: markup, escapes, bidi and zero-width characters.
HOSTILE = st.lists(
    st.sampled_from(
        ["[b]", "[/]", "[/x]", "[@click=app.quit]", "[link=http://x]", "\x1b[31m", "\x1b]8;;http://e\x1b\\",
         "\x9b2J", "\u202e", "\u200b", "\\", "=cmd|'/c calc'!A1", "<script>", "👩‍👩‍👧", "e\u0301\u0301\u0301\u0301",
         "\r\n", "\t", "\x00", "é", "ok"]
    )
    | st.text(max_size=20),
    max_size=30,
).map("".join)


@given(HOSTILE)
@settings(max_examples=300, deadline=None)
def test_screen_text_is_plain_and_escape_free(text: str) -> None:
    content = literal(text)
    assert content.plain == clean(text, None)
    assert not content.spans  # no markup became a style, a link or an action
    assert "\x1b" not in content.plain and "\x9b" not in content.plain


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        value = list(value.values())
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


def _session_with(sessions_dir: Path, pack, text: str) -> Path:
    # One answer is exported here (min_answers 1): this is about the text, not the room's minimum.
    from conftest import make_pack

    pack = make_pack({**pack.data, "min_answers": 1})
    session = Session.create(sessions_dir, pack, "label", "2468")
    try:
        while session.step.kind != "open":
            session.next_step()
        session.submit(text)
        session.close_round()
        session.reveal()
    finally:
        session.close()
    return session.path


@given(HOSTILE.filter(lambda t: not is_blank(clean(t))))
@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_exports_give_back_exactly_what_was_stored(sessions_dir: Path, pack, text: str) -> None:
    path = _session_with(sessions_dir, pack, text)
    try:
        stored = clean(text)
        loaded = export.load(path)
        as_json = json.loads(export.export([loaded], "json"))
        assert stored in _strings(as_json)
        rows = list(csv.reader(io.StringIO(export.export([loaded], "csv"))))
        cells = [cell for row in rows for cell in row]
        assert any(export.unsafe_cell(cell) == stored for cell in cells)
        for cell in cells:
            assert "\x1b" not in cell
            assert not cell.startswith(("=", "+", "-", "@")), cell  # no spreadsheet formula
    finally:
        path.unlink()
