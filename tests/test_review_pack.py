"""The built-in follow-up pack (prompts/review.toml): valid, about 30 minutes, facilitator notes on
every step, the default pack's ratings asked again under the same ids (so `workshop report` shows
the change), a review of the previous actions at each level, and new actions at the end."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from conftest import fill_session

from workshop import timing
from workshop.cli import main
from workshop.packs import builtin_prompts_dir, discover, find_pack, read_pack_file
from workshop.report import build_report, render_report
from workshop.session import Session

REVIEW_FILE = builtin_prompts_dir() / "review.toml"


@pytest.fixture(scope="module")
def review():
    pack, problems = read_pack_file(REVIEW_FILE)
    assert pack is not None, [str(p) for p in problems]
    return pack


@pytest.fixture(scope="module")
def default():
    return find_pack("hymn-sheet")


def test_the_review_pack_is_built_in_and_valid(capsys) -> None:
    assert main(["check-pack", str(REVIEW_FILE)]) == 0
    assert capsys.readouterr().out.startswith(f"{REVIEW_FILE}: ok (")
    entries = {e.name: e for e in discover()}
    assert entries["review"].ok and entries["review"].builtin


def test_it_plans_about_thirty_minutes_with_notes_on_every_step(review) -> None:
    assert review.minutes == sum(s.minutes for s in review.steps) == 30
    for step in review.steps:
        assert len(step.notes) > 150, step.id  # what to say, not a placeholder
    assert review.steps[-1].kind == "info" and "procedures" in review.steps[-1].text  # the signpost at the close


def test_its_ratings_are_the_default_packs_ratings_under_the_same_ids(review, default) -> None:
    ratings = [s for s in review.steps if s.kind == "scale"]
    defaults = {s.id: s for s in default.steps if s.kind == "scale"}
    assert {s.id for s in ratings} == set(defaults)
    for step in ratings:  # the same question on the same scale, or the change would mean nothing
        twin = defaults[step.id]
        assert (step.text, step.points, step.low, step.high) == (twin.text, twin.points, twin.low, twin.high)


def test_it_reviews_the_previous_actions_then_asks_for_new_ones(review) -> None:
    [step] = [s for s in review.steps if s.section == "action-review" and s.kind == "review"]
    assert [b.label for b in step.buckets] == ["Done", "In progress", "Dropped"]
    assert step.cards == () and not step.takes_answers  # filled in from the previous session when one starts
    assert "printed action plan" in step.notes
    kinds = [s.kind for s in review.steps]
    assert kinds.index("actions") > review.steps.index(step)


def test_workshop_report_shows_how_the_ratings_moved(tmp_path: Path, review, default) -> None:
    folder = tmp_path / "sessions"
    first = Session.create(folder, default, "North locality", "1234", today=date(2026, 6, 1))
    try:
        fill_session(first, {"context-share": [2, 2, 1], "shared-aim-confidence": [4, 4, 5]})
    finally:
        first.close()
    later = Session.create(folder, review, "North locality", "1234", today=date(2026, 11, 1))
    try:
        fill_session(later, {"context-share": [3, 4, 4], "shared-aim-confidence": [2, 3, 2]})
    finally:
        later.close()
    report = build_report(folder, label="north")
    assert [row.created for row in report.sessions] == ["2026-06-01", "2026-11-01"]
    moved = [(row.means["context-share"], row.means["shared-aim-confidence"]) for row in report.sessions]
    assert moved == [(pytest.approx(5 / 3), pytest.approx(13 / 3)), (pytest.approx(11 / 3), pytest.approx(7 / 3))]
    assert "Where does our effort go?" in render_report(report, "md")


# --- a 30-minute session by the timing model, not only by its discussion minutes (issue 11) ------------

TEN = 10


def test_it_fits_thirty_minutes_for_ten_people_by_the_model(review) -> None:
    """The pack's 30 minutes are discussion time; with 10 people at one keyboard the turns come on top.
    The session must still fit 30 minutes by the model once its optional steps are left out."""
    optional = [s.id for s in review.steps if s.optional]
    full, required = timing.plan(review, TEN).total, timing.plan(review, TEN, optional).total
    assert required <= 30, required
    assert (round(full, 1), round(required, 1)) == (57.0, 27.7)  # the figures in docs/timing.md
    skip = timing.propose_skips(review, TEN, 30)
    assert skip is not None and timing.plan(review, TEN, skip).total <= 30
    # The first rating, the review and the new actions are the session: never left out.
    assert {"context-share", "action-review", "new-actions"}.isdisjoint(optional)


def test_the_room_reviews_its_actions_and_agrees_new_ones_together(review) -> None:
    """Ten people reviewing ten actions one by one take longer than the whole session: the room talks
    each action through and one person types what it agreed, and the same for the new actions."""
    assert [s.id for s in review.steps if s.mode == "group"] == ["action-review", "new-actions"]
    for step_id in ("action-review", "new-actions"):
        notes = " ".join(review.step(step_id).notes.split())
        assert "one person types" in notes, step_id


def test_the_review_is_timed_before_a_previous_session_is_attached(review) -> None:
    """In a pack file the actions under review are not known yet: the model plans for a room of 10's
    plan (one action a person), not for no turns at all."""
    step = review.step("action-review")
    assert step.cards == ()
    planned = timing.TURNS["review"].typing_seconds(items=timing.PLANNED_REVIEW_ACTIONS) + timing.HANDOVER_SECONDS
    assert timing.turn_seconds(step, TEN) == pytest.approx(planned)


def test_start_fit_thirty_proposes_what_to_leave_out_of_the_review(monkeypatch, capsys, review) -> None:
    from workshop import cli

    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(cli.sys, "stdin", Terminal())
    monkeypatch.setattr("builtins.input", lambda question: "y")
    skip = cli._fit(review, 30, TEN)
    assert skip and set(skip) <= {s.id for s in review.steps if s.optional}
    assert "To fit 30 minutes" in capsys.readouterr().out
