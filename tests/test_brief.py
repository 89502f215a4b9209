"""The brief for the partnership board (issue 12): every figure in it computed again here, straight
from the session file's JSON, for a real 12-person session of the default pack made through the core
API (tests/board.py); `--brief` in every format through the command line; the PDF at most two A4
pages with the findings and the actions in its text; the Markdown read back by a CommonMark parser."""

from __future__ import annotations

import contextlib
import copy
import dataclasses
import html
import io
import json
import re
from collections import Counter
from pathlib import Path
from typing import Any

import markdown_it
import pytest

import board
from conftest import ANSWERS, DAY, LABEL, NOTES, PACK_DATA, PIN, fill_session, make_pack
from workshop import brief, cli, lens, storage
from workshop.errors import AnswerError
from workshop.packs import find_pack, parse_pack
from workshop.kinds.actions import stored_actions
from workshop.session import Session, check_review_date
from workshop.summary import render_brief, render_summary

FORMATS = ("html", "md", "txt")


@pytest.fixture(scope="module")
def board_path(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("board") / "sessions"
    folder.mkdir(mode=0o700)
    return board.make_session(folder)


@pytest.fixture(scope="module")
def the_brief(board_path: Path) -> brief.Brief:
    return brief.build(Session.read(board_path))


def raw(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text())


def latest(path: Path, step_id: str) -> list[dict[str, Any]]:
    """The step's answer documents of its latest round, as stored (passes included)."""
    docs = [d for d in raw(path)["answers"].values() if d["step"] == step_id]
    last = max(d["round"] for d in docs)
    return [d for d in docs if d["round"] == last]


def given(path: Path, step_id: str) -> list[dict[str, Any]]:
    return [d["answer"] for d in latest(path, step_id) if not d.get("passed")]


def one_line(text: str) -> str:
    return " ".join(text.split())


PACK = find_pack(None)


# --- who was there ------------------------------------------------------------------------------------


def test_group_date_people_and_the_agencies_recorded_once_for_the_room(board_path: Path, the_brief) -> None:
    meta = raw(board_path)["meta"]["1"]
    assert the_brief.label == meta["label"] == board.LABEL
    assert the_brief.created_text == "28 November 2026"
    assert the_brief.people == meta["room"] == 12
    [room] = latest(board_path, "agencies-present")  # the room's one answer
    assert room["group"] is True
    options = PACK.step("agencies-present").options
    expected = tuple(o for o in options if room["answer"]["counts"].get(o, 0) > 0)
    assert the_brief.agencies == expected and len(expected) == 7
    assert the_brief.agencies_text == ", ".join(expected)


def test_the_attendance_step_is_a_group_step_and_cannot_become_one_per_person(sessions_dir: Path) -> None:
    step = PACK.step("agencies-present")
    assert step.attendance and step.mode == "group"
    session = Session.create(sessions_dir, PACK, LABEL, PIN, today=DAY)
    try:
        while session.step.id != "agencies-present":
            session.next_step()
        assert not session.can_switch_mode()
        with pytest.raises(AnswerError, match="recorded once for the room"):
            session.switch_mode()
    finally:
        session.close()


# --- key findings, each recomputed from the file --------------------------------------------------------


@pytest.mark.parametrize("step_id", ["shared-aim-confidence", "pressure-scale", "grain-scale"])
def test_each_rating_is_a_finding_with_its_mean_and_range(board_path: Path, the_brief, step_id: str) -> None:
    step = PACK.step(step_id)
    values = [a["value"] for a in given(board_path, step_id)]
    mean = sum(values) / len(values)
    sentence = (f"The group rated {step.rated} {mean:.1f} of 5 (5 = {step.high[0].lower() + step.high[1:]}; "
                f"{len(values)} answers, {min(values)} to {max(values)}).")
    assert sentence in the_brief.findings


def test_the_issue_example_shared_understanding_reads_as_a_plain_sentence(the_brief) -> None:
    [found] = [f for f in the_brief.findings if "shared understanding" in f]
    assert re.match(r"The group rated its shared understanding of the aim \d\.\d of 5 ", found)


def test_where_the_group_split_most_on_the_sort(board_path: Path, the_brief) -> None:
    [room] = given(board_path, "sort-interventions")
    top = sorted(room["disagree"].items(), key=lambda kv: -kv[1])[:2]
    cards = {c.id: c.text for c in PACK.step("sort-interventions").cards}
    texts = [cards[card] for card, _ in top]
    [found] = [f for f in the_brief.findings if "split most" in f]
    for (card, count), text in zip(top, texts):
        assert f"{text[0].lower() + text[1:]} ({count} disagreed with the room's choice)" in found
    assert found.index(texts[0][1:]) < found.index(texts[1][1:])  # most disagreement first
    assert "detached youth workers" in found and "diversion scheme" in found  # as the issue's example


def test_the_cards_the_room_placed_away_from_the_pack(board_path: Path, the_brief) -> None:
    [room] = given(board_path, "sort-interventions")
    step = PACK.step("sort-interventions")
    away = [c for c in step.cards if room["cards"][c.id] != c.expected]
    [found] = [f for f in the_brief.findings if "away from the pack's explanations" in f]
    assert f"placed {len(away)} of {len(step.cards)} cards away" in found
    first = away[0]
    assert f"({step.bucket_label(room['cards'][first.id]).lower()}; the pack: {step.bucket_label(first.expected).lower()})" in found


def test_the_context_rating_is_set_against_the_sort_and_the_actions(board_path: Path, the_brief) -> None:
    values = [a["value"] for a in given(board_path, "context-share")]
    mean = sum(values) / len(values)
    actions = [a for d in raw(board_path)["answers"].values() if d["step"] == "action-points"
               for a in d["answer"]["actions"]]
    context = sum(1 for a in actions if a["lens"] == "context")
    share, rating_share = context / len(actions), (mean - 1) / 4
    said = "fewer than" if share < rating_share - 0.15 else "more than" if share > rating_share + 0.15 else "in line with"
    [found] = [f for f in the_brief.findings if "targets contexts" in f]
    assert found.startswith(f"The group rated how much of today's work targets contexts {mean:.1f} of 5; against that, "
                            f"{context} of its {len(actions)} planned actions ({round(100 * share)}%) aim to change a context, "
                            f"{said} the rating suggests, and its sort ")


def test_the_most_chosen_options_and_the_top_of_the_ranking(board_path: Path, the_brief) -> None:
    step = PACK.step("missing-adults")
    answers = given(board_path, "missing-adults")
    counts = Counter(c for a in answers for c in a["choices"])
    top = sorted(counts.items(), key=lambda kv: (-kv[1], step.options.index(kv[0])))[:2]
    [found] = [f for f in the_brief.findings if f.startswith("Asked \u201cWho is missing?\u201d")]
    for option, count in top:
        assert f"{option[0].lower() + option[1:]} ({count} of {len(answers)})" in found
    rank = PACK.step("context-first")
    orders = [a["ranking"] for a in given(board_path, "context-first")]
    points = {o: sum(len(order) - 1 - order.index(o) for order in orders) for o in rank.options}  # Borda
    firsts = Counter(order[0] for order in orders)
    best = sorted(rank.options, key=lambda o: (-points[o], -firsts[o], rank.options.index(o)))[0]
    [found] = [f for f in the_brief.findings if "the group's order puts" in f]
    assert f"puts {best[0].lower() + best[1:]} first ({firsts[best]} of {len(orders)} put it first)" in found


def test_the_lens_verdict_is_one_sentence_with_one_figure_against_the_pack(board_path: Path, the_brief) -> None:
    [room] = given(board_path, "sort-interventions")
    step = PACK.step("sort-interventions")
    matched = sum(1 for c in step.cards if room["cards"][c.id] == c.expected)
    verdict = the_brief.verdict
    assert f"it placed {round(100 * matched / len(step.cards))}% of the cards where the pack's own explanations put them" in verdict
    assert len(re.findall(r"\d+", verdict)) == 1 and verdict.count(".") == 1
    # Two cards moved towards contexts, two towards behaviour (board.SORT_AWAY): no clear lean.
    assert verdict.startswith("The group shows no clear lean")


def test_the_lens_figure_compares_the_same_cards_not_the_mix_of_cards() -> None:
    """A pack with mostly ecological cards and a group that places them as the pack does must not read
    as "leaning to contexts": the figure is agreement with the pack, the lean its direction."""
    pack = PACK.step("sort-interventions")
    acc = lens.LensTally()
    for card in pack.cards:
        acc.compare(card.expected, card.expected)
    assert acc.compared == len(pack.cards) and acc.nearer == {"behaviour": 0, "context": 0}
    acc.compare("ecological", "depends")
    acc.compare("depends", "behaviour")
    acc.compare("behaviour", "ecological")
    assert acc.nearer == {"behaviour": 2, "context": 1}


def test_a_behaviour_leaning_room_is_called_so(sessions_dir: Path) -> None:
    step = PACK.step("sort-interventions")
    session = Session.create(sessions_dir, PACK, LABEL, PIN, today=DAY)
    try:
        while session.step.id != step.id:
            session.next_step()
        cards = {c.id: ("behaviour" if c.expected != "behaviour" and i % 2 else c.expected) for i, c in enumerate(step.cards)}
        session.submit({"cards": cards})
        session.reveal()
    finally:
        session.close()
    b = lens.lens_balance(Session.read(session.path))
    matched = sum(1 for c in step.cards if cards[c.id] == c.expected)
    assert b.lean == "behaviour"
    assert b.verdict == (f"The group leans to behaviour: it placed {round(100 * matched / len(step.cards))}% of the cards "
                         "where the pack's own explanations put them, and most of the others nearer behaviour-based.")


# --- what is left out -----------------------------------------------------------------------------------


def test_rounds_below_the_minimum_or_never_revealed_give_no_finding(sessions_dir: Path) -> None:
    session = Session.create(sessions_dir, make_pack(), LABEL, PIN, today=DAY)
    try:
        answers = dict(ANSWERS, confidence=[4, 2])  # two answers: fewer than the minimum of 3
        while True:
            step = session.step
            for value in answers.get(step.id, []) if step.takes_answers else []:
                session.submit(value, passed=value is None)
            if step.takes_answers:
                session.close_round()
                if step.id != "missing":  # the group never saw this one
                    session.reveal()
            if not session.next_step():
                break
        session.finish(today=DAY)
    finally:
        session.close()
    found = brief.build(Session.read(session.path)).findings
    assert not any("Do we share one aim?" in f for f in found)
    assert not any("Who is missing?" in f for f in found)
    assert any("Which context first?" in f for f in found)


def test_redacted_text_never_reaches_the_brief(board_path: Path, the_brief) -> None:
    session = Session.read(board_path)
    outs = {fmt: render_summary(session, fmt, brief_only=True) for fmt in FORMATS}
    for out in outs.values():
        assert "Jamie" not in out and "(answer redacted by the facilitator)" not in out
        assert "1 action redacted by the facilitator is left out." in one_line(out).replace("_", "")
    assert the_brief.redacted_actions == 1


# --- the action plan by level, with owners and by-when ----------------------------------------------------


def test_the_plan_is_grouped_by_level_with_each_action_and_its_lens(board_path: Path, the_brief) -> None:
    step = PACK.step("action-points")
    docs = [d for d in raw(board_path)["answers"].values() if d["step"] == step.id and not d.get("redacted")]
    stored = [a for d in docs for a in stored_actions(d["answer"])]
    by_level = {lv.id: sorted(a["action"] for a in stored if a["level"] == lv.id) for lv in step.levels}
    assert [lv.label for lv in the_brief.plan] == ["Myself", "My team or meeting", "My wider organisation"]
    for level in the_brief.plan:
        listed = [a for a in level.actions if not a.redacted]
        assert sorted(a.text for a in listed) == by_level[level.id]
        for action in listed:
            assert action.lens_label == step.lens_label(action.lens)
    for fmt in FORMATS:
        out = html.unescape(one_line(render_summary(Session.read(board_path), fmt, brief_only=True)))
        for action in board.ACTIONS[:-1]:
            assert action[0] in out, (fmt, action[0])
        for turn, (owner, by_when) in board.OWNERS.items():  # given: shown beside the action
            assert owner in out and by_when in out, (fmt, owner)
        assert out.count(board.OWNERS[2][0]) == 1  # an empty owner prints nothing (no stray "Owner:")


def test_owner_and_by_when_show_when_given(the_brief) -> None:
    """The action turn that asks for them is built on another branch; given, they are printed."""
    level = the_brief.plan[1]
    first = dataclasses.replace(level.actions[0], owner="Community safety lead", by_when="March 2027")
    second = dataclasses.replace(level.actions[1], owner="", by_when="next board")
    changed = dataclasses.replace(the_brief, plan=(the_brief.plan[0], dataclasses.replace(
        level, actions=(first, second, *level.actions[2:])), *the_brief.plan[2:]))
    outs = {fmt: one_line(render_brief(changed, fmt)) for fmt in FORMATS}
    assert "<strong>Owner:</strong> Community safety lead, <strong>by</strong> March 2027" in outs["html"]
    assert "<strong>by</strong> next board" in outs["html"]
    assert "**Owner:** Community safety lead · **By:** March 2027" in outs["md"]
    assert "**By:** next board" in outs["md"]
    assert "; owner: Community safety lead; by March 2027" in outs["txt"]
    assert f"{second.text} [{second.lens_label}]; by next board" in outs["txt"]


# --- the board ask and the review date ---------------------------------------------------------------


def test_board_ask_and_review_date_in_every_format(board_path: Path) -> None:
    session = Session.read(board_path)
    for fmt in FORMATS:
        out = one_line(render_summary(session, fmt, brief_only=True))
        assert board.BOARD_ASK in out and "31 March 2027" in out


def test_without_them_the_brief_says_so(sessions_dir: Path) -> None:
    path = board.make_session(sessions_dir, board=False)
    for fmt in FORMATS:
        out = one_line(render_summary(Session.read(path), fmt, brief_only=True))
        assert "The facilitator has not written this yet" in out and "not set yet" in out


@pytest.mark.parametrize(("typed", "stored"), [
    ("2027-03-31", "2027-03-31"), ("31/03/2027", "2027-03-31"), (" 1.4.2027 ", "2027-04-01"), ("", None), (None, None)])
def test_review_dates_as_typed(typed, stored) -> None:
    assert check_review_date(typed) == stored


@pytest.mark.parametrize("typed", ["31/02/2027", "next March", "2027-3-31", "03/31/2027", "31/03/27", "２０２７-03-31"])
def test_review_dates_that_are_not_a_day_are_refused_in_one_line(typed) -> None:
    with pytest.raises(ValueError, match="the review date must be a day"):
        check_review_date(typed)


@pytest.mark.parametrize(("field", "value"), [("board_ask", 3), ("board_ask", "x" * 1001), ("review_date", "March"),
                                              ("review_date", 20270331), ("review_date", "2027-02-30")])
def test_a_damaged_board_field_is_refused_on_read_in_one_line(board_path: Path, tmp_path: Path, field, value) -> None:
    data = raw(board_path)
    data["meta"]["1"][field] = value
    odd = tmp_path / board_path.name
    odd.write_text(json.dumps(data))
    with pytest.raises(storage.SessionFileError, match=f"field '{field}'"):
        storage.read_raw(odd)


# --- the command line ----------------------------------------------------------------------------------


def run(argv: list[str]) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        code = cli.main(argv)
    return code, out.getvalue(), err.getvalue()


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_summary_brief_gives_the_brief_alone_on_standard_output(board_path: Path, the_brief, fmt: str) -> None:
    code, out, _err = run(["--sessions-dir", str(board_path.parent), "summary", board_path.stem, "--brief", "--format", fmt])
    assert code == 0
    flat = one_line(out).replace("\\", "")
    for finding in the_brief.findings:
        assert one_line(finding) in flat
    assert "Discussion notes" not in out and "Sort the responses: where people placed" not in out
    assert "hanging behaviour or changing the place?" not in out.lower()  # no record of the steps


def test_summary_brief_html_goes_beside_the_session_as_its_own_page(board_path: Path, tmp_path: Path) -> None:
    folder = tmp_path / "sessions"
    folder.mkdir(mode=0o700)
    copy_of = folder / board_path.name
    copy_of.write_bytes(board_path.read_bytes())
    code, out, _ = run(["--sessions-dir", str(folder), "summary", copy_of.stem, "--brief", "--format", "html"])
    target = folder / f"{copy_of.stem}-brief.html"
    assert code == 0 and out.strip() == f"Brief written to {target}"
    page = target.read_text()
    assert page.startswith("<!DOCTYPE html>") and page.count("<html") == 1 and "<svg " in page
    assert (target.stat().st_mode & 0o777) == 0o600
    code, _, _ = run(["--sessions-dir", str(folder), "delete", copy_of.stem, "--yes"])
    assert code == 0 and not target.exists() and not copy_of.exists()


def test_the_full_summary_starts_with_the_brief_then_the_record(board_path: Path) -> None:
    session = Session.read(board_path)
    for fmt, first, record in (("md", "# Brief for the partnership board", "## Changing behaviour or changing the place?"),
                               ("txt", "BRIEF FOR THE PARTNERSHIP BOARD", "CHANGING BEHAVIOUR OR CHANGING THE PLACE?"),
                               ("html", "Brief for the partnership board", "<h2>Changing behaviour or changing the place?</h2>")):
        out = render_summary(session, fmt)
        assert first in out and record in out and out.index(first) < out.index(record), fmt
        assert render_summary(session, fmt, brief_only=True) not in ("", out)


def test_help_tells_of_brief() -> None:
    out = io.StringIO()
    with contextlib.redirect_stdout(out), pytest.raises(SystemExit):
        cli.main(["summary", "--help"])
    assert "--brief" in out.getvalue() and "partnership board alone" in one_line(out.getvalue())


# --- the PDF: at most two A4 pages, with the findings and the actions --------------------------------


def test_the_brief_pdf_is_at_most_two_a4_pages_with_the_findings_and_actions(board_path: Path, the_brief, tmp_path: Path) -> None:
    pytest.importorskip("weasyprint")
    pdfium = pytest.importorskip("pypdfium2")
    target = tmp_path / "brief.pdf"
    code, out, err = run(["--sessions-dir", str(board_path.parent), "summary", board_path.stem, "--brief",
                          "--format", "pdf", "-o", str(target)])
    if code and "cannot make a PDF" in err:
        pytest.skip(err.strip())
    assert code == 0, err
    document = pdfium.PdfDocument(target.read_bytes())
    try:
        assert 1 <= len(document) <= 2
        for page in document:
            width, height = page.get_size()
            assert (round(width), round(height)) == (595, 842)  # A4 in points
        text = one_line(" ".join(document[i].get_textpage().get_text_range() for i in range(len(document))))
    finally:
        document.close()
    for finding in (*the_brief.findings, the_brief.verdict, board.BOARD_ASK):
        words = one_line(finding)
        assert words in text, words
    for action, _level, _lens in board.ACTIONS[:-1]:
        assert action in text
    for owner, by_when in board.OWNERS.values():
        assert owner in text and by_when in text
    assert board.REDACTED_ACTION not in text and "Jamie" not in text


# --- Markdown that reads well -----------------------------------------------------------------------


def _markdown(text: str) -> str:
    md = markdown_it.MarkdownIt("commonmark", {"linkify": False})
    return html.unescape(md.render(text))


def test_the_brief_markdown_renders_as_typed_with_no_needless_escapes(board_path: Path, the_brief) -> None:
    source = render_summary(Session.read(board_path), "md", brief_only=True)
    rendered = _markdown(source)
    for text in (*the_brief.findings, the_brief.verdict, board.BOARD_ASK, *(a[0] for a in board.ACTIONS[:-1])):
        assert text in rendered, text
    assert "\\" not in rendered
    # The only backslashes are the header's hard line breaks: nothing else needed escaping.
    assert [m.start() for m in re.finditer(r"\\(?!\n)", source)] == []
    assert "<h2>Key findings</h2>" in rendered and rendered.count("<li>") >= len(the_brief.findings)


def test_participant_text_that_looks_like_markup_stays_literal_in_the_brief(sessions_dir: Path) -> None:
    data = copy.deepcopy(PACK_DATA)
    pack, problems = parse_pack(data, "t")
    assert pack is not None, problems
    hostile = "*Bold* [link](http://x.y) <b>tag</b> # not a heading"
    answers = dict(ANSWERS, actions=[{"action": hostile, "level": "me", "lens": "context", "measure": "1. first"},
                                     *ANSWERS["actions"][1:]])
    session = Session.create(sessions_dir, pack, LABEL, PIN, today=DAY)
    try:
        fill_session(session, answers, NOTES)
        session.set_board_ask("- Note *this* & [that]", "2027-01-15")
    finally:
        session.close()
    source = render_summary(Session.read(session.path), "md", brief_only=True)
    rendered = _markdown(source)
    assert hostile in rendered and "- Note *this* & [that]" in rendered and "1. first" in rendered
    assert "<a " not in rendered and "<b>tag" not in rendered.replace(hostile, "")


# --- pack fields ----------------------------------------------------------------------------------------


def _with(change) -> list[str]:
    data = copy.deepcopy(PACK_DATA)
    change(data)
    pack, problems = parse_pack(data, "t.toml")
    return [str(p) for p in problems]


def test_expected_must_name_one_of_the_steps_buckets() -> None:
    def bad(data):
        data["sections"][1]["steps"][1]["cards"][0]["expected"] = "ecologcal"
    [problem] = _with(bad)
    assert "card 'curfew': 'expected' is 'ecologcal'; it must be one of the bucket ids (behaviour, depends, ecological)" in problem

    def good(data):
        data["sections"][1]["steps"][1]["cards"][0]["expected"] = "behaviour"
    assert _with(good) == []


def test_attendance_needs_a_group_choice_and_one_step_only() -> None:
    def individual(data):
        data["sections"][2]["steps"][2]["attendance"] = True
    assert any("needs mode = \"group\"" in p for p in _with(individual))

    def two(data):
        for step in data["sections"][2]["steps"][2:3]:
            step.update(attendance=True, mode="group")
        data["sections"][2]["steps"].append({**copy.deepcopy(data["sections"][2]["steps"][2]), "id": "again"})
    assert any("only one step may be the attendance step" in p for p in _with(two))

    def not_bool(data):
        data["sections"][2]["steps"][2].update(attendance="yes", mode="group")
    assert any("'attendance' must be true or false" in p for p in _with(not_bool))


def test_every_card_of_the_default_pack_names_the_bucket_its_explanation_gives() -> None:
    step = PACK.step("sort-interventions")
    words = {"behaviour": "Behaviour-based.", "ecological": "Ecological.", "depends": "It depends"}
    for card in step.cards:
        assert card.expected in words and card.explanation.startswith(words[card.expected]), card.id
    assert {c.expected for c in step.cards} == {"behaviour", "ecological", "depends"}
    assert all(s.rated for s in PACK.steps if s.kind == "scale")


# --- other packs and sessions -----------------------------------------------------------------------


def test_an_individual_sort_splits_most_where_agreement_is_least(filled_session_path: Path) -> None:
    """The small test pack sorts by individual turns: the two cards whose most chosen bucket has the
    smallest share of the placements, least first."""
    pack = make_pack()
    step = pack.step("sort-cards")
    placed = [a["cards"] for a in given(filled_session_path, "sort-cards")]
    agreement = {}
    for card in step.cards:
        buckets = Counter(p[card.id] for p in placed if card.id in p)
        agreement[card.id] = max(buckets.values()) / sum(buckets.values())
    least = sorted(step.cards, key=lambda c: (agreement[c.id], step.cards.index(c)))[:2]
    [found] = [f for f in brief.build(Session.read(filled_session_path)).findings if "split most" in f]
    assert found.startswith(f"In \u201c{step.title}\u201d, the group split most on {least[0].text.lower()} (")
    assert f" and {least[1].text[0].lower() + least[1].text[1:]} (" in found
    assert "detached youth work (1 behaviour-based, 1 ecological, 1 it depends)" in found


def test_a_context_rating_alone_is_one_sentence(sessions_dir: Path) -> None:
    from test_charts import context_pack

    session = Session.create(sessions_dir, context_pack(), LABEL, PIN, today=DAY)
    try:
        fill_session(session, {"context-share": [2, 2, 3, 5]}, finish=False)
    finally:
        session.close()
    built = brief.build(Session.read(session.path))
    assert built.findings == ("The group rated how much of today's work targets contexts 3.0 of 5 (5 = almost all about contexts).",)
    assert not built.finished
    assert "still running when this brief was made" in one_line(render_brief(built, "txt"))


def test_a_session_with_no_answers_gives_a_brief_that_says_so(sessions_dir: Path) -> None:
    session = Session.create(sessions_dir, PACK, "", PIN, today=DAY)
    session.close()
    built = brief.build(Session.read(session.path))
    assert built.findings == () and built.plan_size == 0 and built.agencies == ()
    assert built.agencies_text == "not recorded" and built.people_text == "not given"
    for fmt in FORMATS:
        out = one_line(render_brief(built, fmt))
        assert "There are no answers yet to show the lens balance." in out
        assert "No actions were recorded in this session." in out
