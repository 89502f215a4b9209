"""The session domain: the PIN, answers for every kind, the round/step state machine, redaction and
what is (and is not) written to the file. Real files in a temporary folder, no mocks."""

from __future__ import annotations

import copy
import hashlib
import json
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import DAY, LABEL, PACK_DATA, PIN, make_pack

from workshop import storage
from workshop.packs import Pack
from workshop.session import (
    ANSWERING,
    CLOSED,
    FINISHED,
    PIN_MAX,
    PIN_MIN,
    REVEALED,
    RUNNING,
    AnswerError,
    PinError,
    Session,
    check_new_pin,
    hash_pin,
    list_sessions,
    make_answer,
    pin_matches,
    redacted_answer,
)
from workshop.summary import render_summary
from workshop.text import ANSWER_LIMIT

# Long enough that its digits cannot turn up by chance in random document ids, salt or hash.
LONG_PIN = "90817263"


@pytest.fixture
def session(sessions_dir: Path, pack: Pack):
    opened = Session.create(sessions_dir, pack, LABEL, PIN, today=DAY)
    yield opened
    opened.close()


def file_data(session: Session) -> dict[str, Any]:
    return json.loads(Path(session.path).read_bytes())


def stored_answers(session: Session) -> list[dict[str, Any]]:
    return list(file_data(session).get("answers", {}).values())


def go_to(session: Session, step_id: str) -> None:
    while session.step.id != step_id:
        assert session.next_step(), step_id


# --- the PIN ------------------------------------------------------------------------------------------


def test_pin_is_stored_only_as_a_salted_scrypt_hash(sessions_dir: Path, pack: Pack) -> None:
    session = Session.create(sessions_dir, pack, LABEL, LONG_PIN, today=DAY)
    session.close()
    raw = Path(session.path).read_bytes()
    assert LONG_PIN.encode() not in raw
    assert LONG_PIN.encode("utf-16-le") not in raw
    assert LONG_PIN.encode().hex().encode() not in raw
    record = next(iter(json.loads(raw)["meta"].values()))["pin"]
    assert set(record) == {"kdf", "n", "r", "p", "salt", "hash"}
    assert record["kdf"] == "scrypt" and record["n"] >= 2**14
    salt = bytes.fromhex(record["salt"])
    assert len(salt) == 16
    expected = hashlib.scrypt(LONG_PIN.encode(), salt=salt, n=record["n"], r=record["r"], p=record["p"], dklen=32,
                              maxmem=64 * 1024 * 1024)
    assert record["hash"] == expected.hex()


def test_same_pin_gets_a_different_salt_and_hash_each_time() -> None:
    first, second = hash_pin(LONG_PIN), hash_pin(LONG_PIN)
    assert first["salt"] != second["salt"] and first["hash"] != second["hash"]
    assert pin_matches(LONG_PIN, first) and pin_matches(LONG_PIN, second)


def test_check_pin_right_and_wrong(session: Session) -> None:
    assert session.check_pin(PIN)
    for wrong in ("", "1357", PIN + "0", PIN[:-1], " " + PIN, "２４６８"):
        assert not session.check_pin(wrong), wrong
    # A read-only copy (the session list asks for the PIN before resuming) checks it the same way.
    assert Session.read(session.path).check_pin(PIN)


@pytest.mark.parametrize("record", [{}, {"salt": "zz", "hash": "00"}, {"kdf": "scrypt", "salt": "00", "hash": "00"},
                                    {"kdf": "scrypt", "n": "x", "r": 8, "p": 1, "salt": "00", "hash": "00"}])
def test_damaged_pin_record_never_matches_and_never_raises(record: dict) -> None:
    assert not pin_matches(PIN, record)


@pytest.mark.parametrize("pin", ["1234", "000000", "9" * PIN_MAX])
def test_good_new_pins(pin: str) -> None:
    assert check_new_pin(pin) == pin


@pytest.mark.parametrize(
    "pin",
    ["", "123", "1" * (PIN_MAX + 1), "12a4", "abcd", "12 34", " 1234", "1234\n", "-1234", "12.4",
     "１２３４", "١٢٣٤", "¹²³⁴", "1²34"],
    ids=["empty", "too-short", "too-long", "letter", "letters", "space", "leading-space", "newline", "minus", "dot",
         "fullwidth", "arabic-indic", "superscript", "mixed-superscript"],
)
def test_bad_new_pins_are_refused(pin: str) -> None:
    with pytest.raises(PinError, match=f"{PIN_MIN} to {PIN_MAX} digits"):
        check_new_pin(pin)


def test_create_refuses_a_bad_pin_and_writes_nothing(sessions_dir: Path, pack: Pack) -> None:
    with pytest.raises(PinError):
        Session.create(sessions_dir, pack, LABEL, "12", today=DAY)
    assert list(sessions_dir.iterdir()) == []


# --- answers ------------------------------------------------------------------------------------------


GOOD_ANSWERS = [
    ("aim", "  Make the park safer  ", {"text": "Make the park safer"}),
    ("aim", "Line one\r\nline two\x1b[31m red\x07", {"text": "Line one\nline two red"}),
    ("confidence", 1, {"value": 1}),
    ("confidence", 5, {"value": 5}),
    ("missing", ["Residents", "Bus drivers"], {"choices": ["Bus drivers", "Residents"]}),  # pack order
    ("missing", ["Shop staff", "Shop staff", "Not an option"], {"choices": ["Shop staff"]}),
    ("first-context", ("Online", "The park", "The school gates", "The bus station"),
     {"ranking": ["Online", "The park", "The school gates", "The bus station"]}),
    ("sort-cards", {"lighting": "ecological"}, {"cards": {"lighting": "ecological"}}),
    ("sort-cards", {"curfew": "behaviour", "ghost": "behaviour", "lighting": "nowhere"}, {"cards": {"curfew": "behaviour"}}),
    # A turn is one answer document holding its actions (one per level, in level order).
    ("actions", {"action": "Invite bus drivers", "level": "team", "lens": "context"},
     {"actions": [{"action": "Invite bus drivers", "level": "team", "lens": "context", "measure": "",
                   "owner": "", "by_when": ""}]}),
    ("actions", {"action": " Review lighting ", "level": "org", "lens": "unsure", "measure": "Fewer reports\x00"},
     {"actions": [{"action": "Review lighting", "level": "org", "lens": "unsure", "measure": "Fewer reports",
                   "owner": "", "by_when": ""}]}),
    ("actions", {"actions": [
        {"action": "Ask licensing to visit", "level": "org", "lens": "context", "owner": " Licensing lead ",
         "by_when": "by the March board" + "x" * 100},
        {"action": "", "level": "team", "lens": "", "measure": " ", "owner": "", "by_when": ""},  # a blank fieldset
        {"action": "Read the briefing", "level": "me", "lens": "unsure", "by_when": "31/03/2027"},
    ]}, {"actions": [
        {"action": "Read the briefing", "level": "me", "lens": "unsure", "measure": "", "owner": "",
         "by_when": "31/03/2027"},
        {"action": "Ask licensing to visit", "level": "org", "lens": "context", "measure": "",
         "owner": "Licensing lead", "by_when": ("by the March board" + "x" * 100)[:40]},
    ]}),
]


@pytest.mark.parametrize("step_id, value, stored", GOOD_ANSWERS)
def test_make_answer_accepts_and_cleans(pack: Pack, step_id: str, value: Any, stored: dict) -> None:
    assert make_answer(pack.step(step_id), value) == stored


def test_open_answer_is_cut_to_the_limit(pack: Pack) -> None:
    answer = make_answer(pack.step("aim"), "word " * 2000)
    assert len(answer["text"]) <= ANSWER_LIMIT


BAD_ANSWERS = [
    ("aim", "", "the answer is empty"),
    ("aim", "   \n\t ", "the answer is empty"),
    ("aim", None, "the answer is empty"),
    ("aim", "\x1b[2J\u200b", "the answer is empty"),
    ("confidence", 0, "choose a number from 1 to 5"),
    ("confidence", 6, "choose a number from 1 to 5"),
    ("confidence", None, "choose a number from 1 to 5"),
    ("confidence", "3", "choose a number from 1 to 5"),
    ("confidence", 3.0, "choose a number from 1 to 5"),
    ("confidence", True, "choose a number from 1 to 5"),
    ("missing", [], "choose at least one option"),
    ("missing", None, "choose at least one option"),
    ("missing", ["Nobody"], "choose at least one option"),
    ("missing", "Residents", "choose at least one option"),
    ("missing", 3, "choose at least one option"),
    ("missing", [{"x": 1}, ["Residents"]], "choose at least one option"),
    ("first-context", ["The park", "Online", "The school gates"], "put all 4 options in order, each once"),
    ("first-context", ["The park", "Online", "The school gates", "Online"], "put all 4 options in order, each once"),
    ("first-context", ["The park", "Online", "The school gates", "The bus station", "Nowhere"], "put all 4 options"),
    ("first-context", ["The park", "Online", "The school gates", 3], "put all 4 options"),
    ("first-context", "The park", "put all 4 options"),
    ("first-context", None, "put all 4 options"),
    ("sort-cards", {}, "place at least one card"),
    ("sort-cards", None, "place at least one card"),
    ("sort-cards", {"curfew": "nowhere"}, "place at least one card"),
    ("sort-cards", {"curfew": ["behaviour"]}, "place at least one card"),
    ("sort-cards", [("curfew", "behaviour")], "place at least one card"),
    ("actions", {"action": "", "level": "me", "lens": "context"}, "write the action first"),
    ("actions", None, "write the action first"),
    ("actions", "Do a thing", "write the action first"),
    ("actions", {"action": "Do it", "level": "board", "lens": "context"}, "choose a level: Myself, My team or meeting"),
    ("actions", {"action": "Do it", "level": None, "lens": "context"}, "choose a level"),
    ("actions", {"action": "Do it", "level": ["me"], "lens": "context"}, "choose a level"),
    ("actions", {"action": "Do it", "level": "me", "lens": "vibes"}, "choose a lens: Changes a context"),
    ("actions", {"action": "Do it", "level": "me", "lens": {}}, "choose a lens"),
    ("actions", {"actions": []}, "write the action first"),
    ("actions", {"actions": "Do a thing"}, "write the action first"),
    ("actions", {"actions": [None, 3, {"action": " "}]}, "write the action first"),
    ("actions", {"action": "Do it", "level": "me", "lens": "context", "owner": "Sarah Jones"},
     "the owner \u201cSarah Jones\u201d looks like a person: write a role or an agency instead"),
    ("actions", {"action": "Do it", "level": "me", "lens": "context", "owner": "Dave"}, "the owner \u201cDave\u201d looks like a person"),
    ("actions", {"action": "Do it", "level": "me", "lens": "context", "owner": "jo@example.org"}, "looks like a person"),
    ("actions", {"action": "Do it", "level": "me", "lens": "context", "by_when": "when Mrs Patel is back"},
     "the by-when \u201cMrs Patel\u201d looks like personal details: write a time"),
    ("actions", {"actions": [{"action": "One", "level": "me", "lens": "context"},
                             {"action": "Two", "level": "me", "lens": "behaviour"}]}, "one action per level: two are for Myself"),
    ("actions", {"actions": [{"action": "One", "level": "me", "lens": "context"},
                             {"action": "Two", "level": "org", "lens": ""}]},
     "the action for My wider organisation: choose a lens"),
    ("actions", {"actions": [{"action": "One", "level": "me", "lens": "context"},
                             {"action": "Two", "level": "team", "lens": "context", "owner": "Priya Shah"}]},
     "the action for My team or meeting: the owner \u201cPriya Shah\u201d"),
    ("actions", [{"action": "One", "level": "me", "lens": "context"}, {"measure": "Only a measure", "level": "team"}],
     "the action for My team or meeting: write the action first"),
    ("welcome", "hello", "takes no answers"),
]


@pytest.mark.parametrize("step_id, value, message", BAD_ANSWERS)
def test_make_answer_refuses_with_a_message(pack: Pack, step_id: str, value: Any, message: str) -> None:
    with pytest.raises(AnswerError, match=message) as caught:
        make_answer(pack.step(step_id), value)
    assert "\n" not in str(caught.value)


def test_single_choice_takes_exactly_one(sessions_dir: Path, pack: Pack) -> None:
    data = copy.deepcopy(PACK_DATA)
    data["sections"][2]["steps"][2]["multiple"] = False
    single = make_pack(data).step("missing")
    assert make_answer(single, ["Residents"]) == {"choices": ["Residents"]}
    with pytest.raises(AnswerError, match="choose only one option"):
        make_answer(single, ["Residents", "Shop staff"])
    with pytest.raises(AnswerError, match="choose one option"):
        make_answer(single, [])


# --- the state machine --------------------------------------------------------------------------------


def test_new_session_starts_at_the_first_step(session: Session) -> None:
    assert session.step.id == "welcome" and session.is_first_step
    assert session.round == 1 and session.phase == ANSWERING
    assert session.state == RUNNING and not session.finished
    assert session.created == DAY.isoformat()
    assert not session.previous_step()


def test_info_step_takes_no_answers(session: Session) -> None:
    with pytest.raises(AnswerError, match="takes no answers"):
        session.submit("hello")
    assert stored_answers(session) == []


def test_round_closes_reveals_and_runs_again(session: Session) -> None:
    go_to(session, "confidence")
    session.submit(4)
    session.submit(None, passed=True)
    assert session.turns_taken() == 2

    session.close_round()
    assert session.phase == CLOSED
    with pytest.raises(AnswerError, match="closed"):
        session.submit(3)
    assert session.turns_taken() == 2  # the refused turn left nothing behind
    session.new_round()  # not before the reveal
    assert session.round == 1 and session.phase == CLOSED

    session.reveal()
    assert session.phase == REVEALED
    with pytest.raises(AnswerError, match="closed"):
        session.submit(3)

    session.new_round()
    assert session.round == 2 and session.phase == ANSWERING and session.turns_taken() == 0
    session.submit(5)
    assert [a["answer"]["value"] for a in session.answers("confidence", 2)] == [5]
    assert len(session.answers("confidence", 1)) == 2
    assert session.rounds("confidence") == [1, 2]


def test_reveal_straight_from_answering(session: Session) -> None:
    go_to(session, "aim")
    for text in ("Fix the park", "Light the path", "Ask the bus company"):
        session.submit(text)
    session.reveal()
    assert session.phase == REVEALED
    session.close_round()  # closing after the reveal changes nothing
    assert session.phase == REVEALED


def test_round_controls_do_nothing_on_an_info_step(session: Session) -> None:
    session.close_round()
    session.reveal()
    session.new_round()
    assert session.phase == ANSWERING and session.round == 1


def test_phases_are_remembered_when_going_back(session: Session) -> None:
    go_to(session, "aim")
    session.submit("Fix the park")
    session.close_round()  # closed, never revealed
    assert session.next_step()
    assert session.step.id == "confidence" and session.phase == ANSWERING
    session.submit(3)
    session.close_round()
    session.reveal()
    assert session.next_step()  # "missing": no answers yet

    assert session.previous_step()
    assert session.step.id == "confidence" and session.phase == REVEALED
    assert session.previous_step()
    assert session.step.id == "aim" and session.phase == CLOSED  # still unrevealed
    assert session.round == 1

    # Every move is on disk: a fresh read sees the same place.
    again = Session.read(session.path)
    assert again.step.id == "aim" and again.phase == CLOSED
    assert again.meta["phases"]["confidence"] == REVEALED


def test_going_back_returns_to_the_latest_round(session: Session) -> None:
    go_to(session, "confidence")
    session.submit(2)
    session.close_round()
    session.reveal()
    session.new_round()
    session.submit(4)
    session.close_round()
    session.reveal()
    session.next_step()
    session.previous_step()
    assert session.round == 2 and session.phase == REVEALED


def test_next_step_stops_at_the_last_step_and_finish(session: Session) -> None:
    steps = 1
    while session.next_step():
        steps += 1
    assert steps == len(session.pack.steps) and session.is_last_step
    assert not session.next_step()
    session.finish(today=DAY)
    assert session.finished and session.state == FINISHED
    meta = next(iter(file_data(session)["meta"].values()))
    assert meta["state"] == FINISHED and meta["finished"] == DAY.isoformat()


def test_reopened_session_continues_where_it_stopped(sessions_dir: Path, session: Session) -> None:
    go_to(session, "confidence")
    session.submit(4)
    session.close_round()
    session.close()
    again = Session.open(sessions_dir, session.id)
    try:
        assert again.step.id == "confidence" and again.phase == CLOSED
        assert len(again.answers()) == 1
    finally:
        again.close()


def test_notes_are_kept_cleaned_and_replaced(session: Session) -> None:
    session.set_note("aim", "First thought\x1b[31m")
    session.set_note("aim", "Second thought")
    session.set_note("confidence", "Wide spread")
    assert session.note("aim") == "Second thought"
    assert session.notes() == {"aim": "Second thought", "confidence": "Wide spread"}
    assert len(file_data(session)["notes"]) == 2


# --- redaction ----------------------------------------------------------------------------------------


def test_redact_removes_the_text_and_the_summary_says_so(session: Session) -> None:
    secret = "Something about a named pupil at the station"
    go_to(session, "aim")
    kept = session.submit("Make the places safer")
    hidden = session.submit(secret)
    session.submit("Ask the bus company")
    session.reveal()
    session.redact("aim", hidden)

    raw = Path(session.path).read_text(encoding="utf-8")
    assert secret not in raw
    docs = {json.dumps(a, sort_keys=True) for a in stored_answers(session)}
    assert json.dumps({"answer": {"text": ""}, "kind": "open", "redacted": True, "round": 1, "step": "aim"},
                      sort_keys=True) in docs
    assert json.dumps(kept, sort_keys=True) in docs

    text = render_summary(Session.read(session.path), "txt")
    assert "redacted" in text
    assert secret not in text
    assert "Make the places safer" in text


def test_redact_hides_the_text_of_an_action(session: Session) -> None:
    go_to(session, "actions")
    doc = session.submit({"action": "Call the head of a named school", "level": "me", "lens": "context",
                          "measure": "Name of the person called"})
    session.redact("actions", doc)
    [stored] = stored_answers(session)
    assert stored["redacted"] is True
    [action] = stored["answer"]["actions"]
    assert action["action"] == "" and action["measure"] == ""
    assert action["level"] == "me"  # the figures still count


def test_redact_hides_every_text_of_an_action_turn_and_of_an_old_single_action(session: Session) -> None:
    go_to(session, "actions")
    doc = session.submit({"actions": [
        {"action": "Walk the estate", "level": "me", "lens": "context", "measure": "Seen", "owner": "Housing lead",
         "by_when": "March"},
        {"action": "Ask the board", "level": "org", "lens": "unsure", "owner": "Chair of the board"},
    ]})
    session.redact("actions", doc)
    [stored] = stored_answers(session)
    assert stored["answer"] == {"actions": [
        {"action": "", "level": "me", "lens": "context", "measure": "", "owner": "", "by_when": ""},
        {"action": "", "level": "org", "lens": "unsure", "measure": "", "owner": "", "by_when": ""},
    ]}
    old = {"action": "Old words", "level": "team", "lens": "context", "measure": "Old measure"}
    assert redacted_answer(old) == {"action": "", "level": "team", "lens": "context", "measure": ""}


def test_redacting_one_of_two_equal_answers_hides_only_one(session: Session) -> None:
    go_to(session, "aim")
    first = session.submit("Same words")
    session.submit("Same words")
    session.redact("aim", first)
    flags = sorted(bool(a.get("redacted")) for a in stored_answers(session))
    assert flags == [False, True]


# --- listing ------------------------------------------------------------------------------------------


def test_list_sessions_counts_answers_not_passes(sessions_dir: Path, filled_session_path: Path) -> None:
    [info] = list_sessions(sessions_dir)
    data = json.loads(filled_session_path.read_bytes())
    answers = list(data["answers"].values())
    given = [a for a in answers if not a.get("passed")]
    assert len(given) < len(answers)  # the fixture has passes
    assert info.answers == len(given)
    assert info.id == filled_session_path.stem
    assert info.label == LABEL and info.state == FINISHED and info.created == DAY.isoformat()
    assert info.pack_title == "Test hymn sheet" and info.error == ""


def test_list_sessions_shows_unreadable_files_and_skips_strangers(sessions_dir: Path, session: Session) -> None:
    (sessions_dir / "20261128-zzzzzz.json").write_text("{not json")
    (sessions_dir / "notes.json").write_text("{}")
    infos = {info.id: info for info in list_sessions(sessions_dir)}
    assert set(infos) == {session.id, "20261128-zzzzzz"}
    assert infos["20261128-zzzzzz"].state == "unreadable" and "not valid JSON" in infos["20261128-zzzzzz"].error
    assert infos[session.id].answers == 0


def test_list_sessions_of_a_missing_folder_is_empty(tmp_path: Path) -> None:
    assert list_sessions(tmp_path / "missing") == []


# --- what the file holds ------------------------------------------------------------------------------


def test_label_with_control_characters_is_cleaned(sessions_dir: Path, pack: Pack) -> None:
    session = Session.create(sessions_dir, pack, "North\x1b[31m\nlocality\u202e \x07team" + "x" * 200, PIN, today=DAY)
    session.close()
    label = Session.read(session.path).label
    assert label.startswith("North locality team")
    assert all(ch.isprintable() for ch in label)
    assert len(label) <= 80


def test_stored_answers_hold_only_step_round_kind_and_answer(filled_session_path: Path) -> None:
    data = json.loads(filled_session_path.read_bytes())
    answers = list(data["answers"].values())
    assert answers
    for doc in answers:
        assert set(doc) <= {"step", "round", "kind", "answer", "passed", "redacted"}, doc
        assert {"step", "round", "kind"} <= set(doc)
        assert ("answer" in doc) != ("passed" in doc)
    # No times anywhere: the only dates are the days the session was created and finished.
    meta = next(iter(data["meta"].values()))
    assert meta["created"] == DAY.isoformat() and meta["finished"] == DAY.isoformat()
    assert re.search(r"[0-9]{1,2}:[0-9]{2}", json.dumps(data)) is None


def test_submit_returns_what_was_stored(session: Session) -> None:
    go_to(session, "missing")
    doc = session.submit(["Residents"])
    assert doc == {"step": "missing", "round": 1, "kind": "choice", "answer": {"choices": ["Residents"]}}
    passed = session.submit(None, passed=True)
    assert passed == {"step": "missing", "round": 1, "kind": "choice", "passed": True}
    as_text = lambda docs: sorted(json.dumps(d, sort_keys=True) for d in docs)  # noqa: E731
    assert as_text(stored_answers(session)) == as_text([doc, passed])


def test_files_are_private(session: Session, sessions_dir: Path) -> None:
    assert (Path(session.path).stat().st_mode & 0o777) == storage.FILE_MODE
    assert (sessions_dir.stat().st_mode & 0o777) == storage.DIR_MODE


def test_a_second_writer_is_refused_while_the_session_is_open(sessions_dir: Path, session: Session) -> None:
    with pytest.raises(storage.SessionBusy):
        Session.open(sessions_dir, session.id)
    assert Session.read(session.path).id == session.id  # reading is still fine


# --- issue 8: what the room may see of a round ---------------------------------------------------------


def test_a_round_with_too_few_answers_waits_to_be_revealed(session: Session) -> None:
    from workshop.session import RevealWaits

    go_to(session, "aim")
    assert session.step.min_answers == 3  # the default
    session.submit("Fix the park")
    session.submit(None, passed=True)
    session.submit("Light the path")
    with pytest.raises(RevealWaits, match="at least 3 answers"):
        session.reveal()  # two answers and a pass: passes do not count
    assert session.phase == ANSWERING
    session.submit("Ask the bus company")
    session.reveal()
    assert session.phase == REVEALED and session.current_round().shown


def test_a_closed_round_with_too_few_answers_is_revealed_as_too_few(session: Session) -> None:
    go_to(session, "aim")
    session.submit("Fix the park")
    session.close_round()
    session.reveal()  # the facilitator moves on to the reveal; it shows only that there were too few
    shown = session.current_round()
    assert session.phase == REVEALED and shown.too_few and not shown.shown
    assert shown.left_out == "too few answers to show"


def test_the_order_of_a_round_is_its_document_ids_and_never_changes(session: Session) -> None:
    go_to(session, "aim")
    texts = [f"Answer {chr(65 + i)}" for i in range(10)]
    for text in texts:
        session.submit(text)
    session.reveal()
    raw = file_data(session)["answers"]
    by_id = [raw[k]["answer"]["text"] for k in sorted(raw, key=int)]
    order = [a["answer"]["text"] for a in session.current_round().turns]
    assert order == by_id and order != texts  # 1 in 10! to be the turn order by chance
    session.set_note("aim", "We talked about the park.")
    assert [a["answer"]["text"] for a in session.current_round().turns] == order
    session.redact("aim", session.current_round().turns[3])
    after = [a["answer"]["text"] for a in session.current_round().turns]
    assert after[:3] + after[4:] == order[:3] + order[4:] and after[3] == ""
    again = Session.read(session.path)
    assert [a["answer"]["text"] for a in again.answers("aim")] == after


def test_the_round_closes_by_itself_when_everyone_in_the_room_had_a_turn(sessions_dir: Path, pack: Pack) -> None:
    session = Session.create(sessions_dir, pack, LABEL, PIN, today=DAY, room=3)
    try:
        go_to(session, "aim")
        session.submit("Fix the park")
        session.submit(None, passed=True)
        assert session.phase == ANSWERING
        session.submit("Light the path")
        assert session.phase == CLOSED and session.room == 3
        assert Session.read(session.path).phase == CLOSED
        session.set_room(5)  # more people came in: the next round takes five turns
        session.close_round()
        session.reveal()
        session.new_round()
        for _ in range(4):
            session.submit("Again")
        assert session.phase == ANSWERING
        session.set_room(4)  # setting it to the turns already taken closes the round at once
        assert session.phase == CLOSED
    finally:
        session.close()


@pytest.mark.parametrize("room", [0, -1, 100, "x", 2.5, True])
def test_the_room_is_a_small_whole_number(sessions_dir: Path, pack: Pack, room: Any) -> None:
    with pytest.raises(ValueError, match="people in the room"):
        Session.create(sessions_dir, pack, LABEL, PIN, today=DAY, room=room)
