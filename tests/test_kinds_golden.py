"""Byte-for-byte guard for the step-kind refactor (issue 10): a filled session's summary (md, txt,
html), its export (json, csv) and the cross-session report (md, html) must read exactly as they did
before the kinds moved into `workshop/kinds/`. The golden files in tests/golden/ were written by the
code before that change (regenerate only for a change you mean: `python tests/test_kinds_golden.py`).

Shuffles are replaced by a fixed order and the session id by a placeholder, so the output is stable;
nothing else is mocked: a real session on disk, real templates, real exports.
"""

from __future__ import annotations

import json
import random
import sys
from datetime import date
from pathlib import Path

import pytest

from workshop import export, report, storage, summary
from workshop.session import Session

GOLDEN = Path(__file__).with_name("golden")
CASES = ("summary.md", "summary.txt", "summary.html", "export.json", "export.csv", "report.md", "report.html")


def render_all(filled_session_path: Path) -> dict[str, str]:
    session = Session.read(filled_session_path)
    loaded = export.load(filled_session_path)
    built = report.build_from([loaded], today=date(2026, 11, 30))
    out = {f"summary.{fmt}": summary.render_summary(session, fmt) for fmt in ("md", "txt", "html")}
    out.update({f"export.{fmt}": export.export([loaded], fmt) for fmt in ("json", "csv")})
    out.update({f"report.{fmt}": report.render_report(built, fmt) for fmt in ("md", "html")})
    ids = (session.id, session.id.replace("-", "\\-"))  # as printed, and as Markdown escapes it
    return {name: text.replace(ids[0], "SESSION-ID").replace(ids[1], "SESSION-ID") for name, text in out.items()}


@pytest.fixture
def fixed_order(monkeypatch: pytest.MonkeyPatch) -> None:
    """The reveal order is the answers' document-id order now (fixed by the session, never shuffled
    again): seeded ids give the same order every run."""
    ids = random.Random(8)
    monkeypatch.setattr(storage, "random_doc_id", lambda: ids.randrange(1, 2**52))


def as_single_actions(path: Path) -> None:
    """Rewrite the session file's action turns in the shape a file had before a turn could hold several
    actions: one action a turn, `{"action", "level", "lens", "measure"}`, no owner, no by-when."""
    data = json.loads(path.read_text(encoding="utf-8"))
    changed = 0
    for doc in data["answers"].values():
        answer = doc.get("answer")
        if isinstance(answer, dict) and "actions" in answer:
            [action] = answer["actions"]
            assert action.pop("owner") == "" and action.pop("by_when") == ""
            doc["answer"] = action
            changed += 1
    assert changed == 4
    path.write_text(json.dumps(data, sort_keys=True), encoding="utf-8")


@pytest.mark.parametrize("shape", ["actions-list", "single-action-file"])
@pytest.mark.parametrize("name", CASES)
def test_output_is_byte_identical_to_before_the_kinds_refactor(fixed_order: None, filled_session_path: Path, name: str,
                                                               shape: str) -> None:
    """As the kiosk stores an action turn now (a list of actions), and as a file written before that
    holds it (one action a turn): the same bytes. Only the CSV's header gained `owner` and `by_when`
    (two empty cells at the end of every row here)."""
    if shape == "single-action-file":
        as_single_actions(filled_session_path)
    expected = (GOLDEN / name).read_bytes().decode("utf-8")
    assert render_all(filled_session_path)[name] == expected


if __name__ == "__main__":  # write the golden files from the code as it stands
    import tempfile

    sys.path.insert(0, str(Path(__file__).parent))
    from conftest import ANSWERS, DAY, LABEL, NOTES, PIN, REDACTED_STEP, REDACTED_TEXT, fill_session, make_pack

    seeded = random.Random(8)
    storage.random_doc_id = lambda: seeded.randrange(1, 2**52)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp) / "sessions"
        folder.mkdir(mode=0o700)
        created = Session.create(folder, make_pack(), LABEL, PIN, today=DAY)
        try:
            fill_session(created, ANSWERS, NOTES, redact={REDACTED_STEP: REDACTED_TEXT})
        finally:
            created.close()
        GOLDEN.mkdir(exist_ok=True)
        for name, text in render_all(created.path).items():
            (GOLDEN / name).write_bytes(text.encode("utf-8"))
            print(name, len(text.encode("utf-8")), "bytes")
