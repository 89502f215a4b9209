"""The timing model (workshop/timing.py), the pack fields it reads (`mode`, `optional`), the key
counts it is built on (measured here by driving turns through the real kiosk), `check-pack --people`,
`start --fit`, and the pace the kiosk's header shows against the plan (with a fake clock)."""

from __future__ import annotations

import copy
import statistics
from pathlib import Path

import pytest
import tomli_w
from conftest import PACK_DATA

import kiosk
from workshop import timing
from workshop.packs import DEFAULT_PACK, builtin_prompts_dir, find_pack, parse_pack, read_pack_file

DEFAULT_FILE = builtin_prompts_dir() / f"{DEFAULT_PACK}.toml"

# Realistic answers, one sentence each, the way professionals answer the pack's questions (our own
# sample, not a room's answers: docs/timing.md says so). Their lengths give the prose key counts.
OPEN_SAMPLES = (
    "We send detached youth workers to the park on Friday nights to talk with the groups there.",
    "Mostly a strategy meeting that agrees a safety plan for each young person we worry about.",
    "Our team asks the council to fix the lighting, but it takes months and we rarely hear back.",
    "We share police reports of incidents near the station and plan patrols around them.",
    "Making the places young people use safer, with adults there who notice and step in.",
    "Letters to parents and moving the group on, then a review at the next meeting.",
    "Time to go out to the place itself, and a manager who backs us when we try it.",
    "Fewer reports of harm from that street, and young people telling us they feel safer there.",
)
# The action, its level and lens digits, how we'll know, the owner (a role) and the by-when (both optional).
ACTION_SAMPLES = (
    ("Ask the licensing team to check the off-licence near the bus station", 3, 1,
     "No alcohol sold to under-18s in the next test purchase", "Licensing lead", ""),
    ("Put what would change the place on every meeting agenda", 2, 1, "It is on the agenda by March", "",
     "by the March board"),
    ("Read the briefing and share it with my team", 1, 3, "Shared at the next team meeting", "", ""),
)


class CountingPilot:
    """The Pilot, counting every key pressed through it (the kiosk helpers press one key at a time)."""

    def __init__(self, pilot):
        self._pilot = pilot
        self.keys = 0

    def __getattr__(self, name):
        return getattr(self._pilot, name)

    async def press(self, *keys: str) -> None:
        self.keys += len(keys)
        await self._pilot.press(*keys)


async def count(pilot, turn) -> int:
    counter = CountingPilot(pilot)
    await turn(counter)
    return counter.keys


pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning")

TEN = 10


@pytest.fixture(scope="module")
def default_pack():
    pack, problems = read_pack_file(DEFAULT_FILE)
    assert pack is not None, [str(p) for p in problems]
    return pack


def pack_with(**changes) -> dict:
    """PACK_DATA with the given keys set on the step `aim` (an open step)."""
    data = copy.deepcopy(PACK_DATA)
    for section in data["sections"]:
        for step in section["steps"]:
            if step["id"] == "aim":
                step.update(changes)
    return data


def write_pack(folder: Path, data: dict, name: str = "pack.toml") -> Path:
    path = folder / name
    path.write_text(tomli_w.dumps(data))
    return path


# --- the pack fields: mode and optional ---------------------------------------------------------------


def test_steps_are_individual_and_required_unless_the_pack_says_otherwise() -> None:
    pack, problems = parse_pack(PACK_DATA, "test")
    assert problems == [] and pack is not None
    assert {(s.mode, s.optional) for s in pack.steps} == {("individual", False)}
    pack, problems = parse_pack(pack_with(mode="group", optional=True), "test")
    assert problems == [] and pack is not None
    assert (pack.step("aim").mode, pack.step("aim").optional) == ("group", True)
    assert pack.step("confidence").mode == "individual"


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"mode": "pairs"}, "aim: 'mode' is 'pairs'; it must be one of individual, group"),
        ({"mode": 2}, "aim: 'mode' is a number; it must be one of individual, group"),
        ({"mode": "Group"}, "aim: 'mode' is 'Group'; it must be one of individual, group"),
        ({"optional": "yes"}, "aim: 'optional' must be true or false"),
    ],
)
def test_check_pack_refuses_a_bad_mode_or_optional_in_one_line(tmp_path: Path, capsys, changes: dict, message: str) -> None:
    from workshop.cli import main

    path = write_pack(tmp_path, pack_with(**changes))
    assert main(["check-pack", str(path)]) == 1
    out = capsys.readouterr().out
    assert out == f"{path}: {message}\n"


def test_the_default_pack_runs_the_sort_and_the_attendance_as_group_steps(default_pack) -> None:
    group = [s.id for s in default_pack.steps if s.mode == "group"]
    assert group == ["sort-interventions", "agencies-present"]


def test_the_four_parts_of_the_workshop_are_never_optional(default_pack) -> None:
    """WORKSHOP.md: introduction and ground rules; behaviour-based versus ecological (the sort); the
    approaches our services use today; actions at three levels. And the close with the signpost."""
    required = {s.id for s in default_pack.steps if not s.optional}
    assert {"welcome", "ground-rules", "two-approaches-explainer", "sort-interventions", "approach-today",
            "context-share", "action-points", "thanks"} <= required
    assert all(s.takes_answers for s in default_pack.steps if s.optional)  # no info step is optional


# --- the key counts: measured by driving turns through the kiosk ----------------------------------------


def measuring_pack() -> dict:
    """Every kind of turn the table times: open, scale, single and multiple choice (10 options), a sort, actions."""
    data = copy.deepcopy(PACK_DATA)
    reflect = next(s for s in data["sections"] if s["id"] == "reflect")
    for step in reflect["steps"]:
        if step["id"] == "missing":
            step["options"] = [f"Option {n}" for n in range(1, 11)]
    reflect["steps"].append({"id": "first", "kind": "choice", "title": "Which first?", "text": "Choose one.",
                             "notes": "-", "minutes": 2, "options": ["Streets", "Schools", "Online", "Other"]})
    return data


@pytest.mark.asyncio
async def test_key_counts_are_what_the_kiosk_takes(tmp_path: Path, sessions_dir: Path) -> None:
    """Each row of timing.TURNS counts the keys of one real turn: Enter to start, the answer, Enter
    on the thank-you screen. Prose rows take the mean length of our sample answers."""
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    write_pack(prompts, measuring_pack())
    app = kiosk.make_app(sessions_dir, prompts)
    measured: dict[str, list[int]] = {}
    async with app.run_test(size=(120, 40)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        await kiosk.skip_to(pilot, "sort")
        cards = len(app.session.step.cards)
        measured["sort"] = [await count(pilot, lambda p: kiosk.answer_sort(p, [1] * cards))]
        await kiosk.skip_to(pilot, "open")
        for text in (min(OPEN_SAMPLES, key=len), max(OPEN_SAMPLES, key=len)):  # the kiosk takes len + 3
            measured.setdefault("open", []).append(await count(pilot, lambda p: kiosk.answer_open(p, text)) - len(text))
        await kiosk.skip_to(pilot, "scale")
        measured["scale"] = [await count(pilot, lambda p: kiosk.answer_scale(p, 3))]
        await kiosk.skip_to(pilot, "choice")
        measured["choice-multiple"] = [await count(pilot, lambda p: kiosk.answer_choice(p, [0, 1, 6], multiple=True))]
        while app.session.step.id != "first":  # past the ranking (measured on the default pack below)
            await kiosk.next_step(pilot)
        measured["choice"] = [await count(pilot, lambda p: kiosk.answer_choice(p, [2], multiple=False))]
        await kiosk.skip_to(pilot, "actions")
        for sample in ACTION_SAMPLES:
            keys = await count(pilot, lambda p: kiosk.answer_action(p, *sample))
            measured.setdefault("actions", []).append(keys - sum(len(str(field)) for field in sample) + 2)
        # Several actions in one turn: the same keys for each (the last level's Enter submits: one fewer).
        two = [sample[:1] + (1,) + sample[2:] for sample in ACTION_SAMPLES[:2]]
        keys = await count(pilot, lambda p: kiosk.answer_actions(p, two))
        measured["actions-2"] = [keys - sum(len(str(f)) for sample in two for f in sample) + 4]
        keys = await count(pilot, lambda p: kiosk.answer_actions(p, [s[:1] + (1,) + s[2:] for s in ACTION_SAMPLES]))
        measured["actions-3"] = [keys - sum(len(str(f)) for sample in ACTION_SAMPLES for f in sample) + 6]
        stored = [a for a in app.session.answers(None) if not a.get("passed")]
        assert len(stored) == 5  # every counted turn really reached the file

    turns = timing.TURNS
    assert measured["sort"] == [turns["sort"].key_count(items=cards)] and turns["sort"].key_count(items=18) == 20
    assert measured["scale"] == [turns["scale"].keys]
    assert measured["choice"] == [turns["choice"].keys]
    assert measured["choice-multiple"] == [turns["choice-multiple"].keys]
    open_chars = round(statistics.mean(len(t) for t in OPEN_SAMPLES))
    assert measured["open"] == [3, 3]
    assert (turns["open"].typed, turns["open"].keys) == (open_chars, open_chars + 3)
    action_chars = round(statistics.mean(len(a[0]) + len(a[3]) + len(a[4]) + len(a[5]) for a in ACTION_SAMPLES))
    chosen = turns["actions"].per_item_keys - turns["actions"].per_item_typed
    assert measured["actions"] == [turns["actions"].keys + chosen] * 3 == [9, 9, 9]
    assert measured["actions-2"] == [turns["actions"].keys + 2 * chosen]
    assert measured["actions-3"] == [turns["actions"].keys + 3 * chosen - 1]  # no "another?" after the last level
    assert turns["actions"].per_item_typed == action_chars
    assert not any(t.estimate for t in turns.values())


def rank_keys(target: list[str], start: list[str]) -> list[str]:
    """The keys that turn `start` into `target` in the kiosk's ranking: arrows to an option, then the
    digit of its place (an option already in its place is left alone)."""
    order, highlight, keys = list(start), 0, []
    for place, option in enumerate(target[:-1]):
        at = order.index(option)
        if at == place:
            continue
        keys += ["down" if at > highlight else "up"] * abs(at - highlight) + [str(place + 1)]
        order.insert(place, order.pop(at))
        highlight = place
    return keys


@pytest.mark.asyncio
async def test_the_rank_key_count_is_what_the_kiosk_takes(sessions_dir: Path) -> None:
    """A ranking turn at the default pack's "Which context first?" (7 options): people settle their
    top three and leave the rest as listed; five such answers, each driven through the kiosk."""
    app = kiosk.make_app(sessions_dir)
    async with app.run_test(size=(120, 40)) as pilot:
        await kiosk.start_session(pilot, "hymn-sheet")
        await kiosk.skip_to(pilot, "rank")
        options = list(app.session.step.options)
        tops = [(4, 0, 5), (0, 2, 1), (5, 4, 3), (3, 4, 0), (6, 0, 4)]
        targets = [[options[i] for i in top] + [o for o in options if o not in {options[i] for i in top}] for top in tops]
        counts = [await count(pilot, lambda p, t=t: kiosk.answer_rank(p, *rank_keys(t, options))) for t in targets]
        stored = [a["answer"]["ranking"] for a in app.session.answers(app.session.step.id)]
    assert sorted(stored) == sorted(targets)  # every counted turn reached the file as meant
    assert counts == [14, 6, 20, 12, 16]
    assert timing.TURNS["rank"].keys == round(statistics.mean(counts)) == 14


# --- the model ---------------------------------------------------------------------------------------------


def test_a_step_needs_its_discussion_minutes_plus_the_turns() -> None:
    pack, _ = parse_pack(PACK_DATA, "test")
    aim = pack.step("aim")
    turn = timing.TURNS["open"].seconds() + timing.HANDOVER_SECONDS
    assert timing.step_minutes(aim, 1) == pytest.approx(aim.minutes + turn / 60)
    assert timing.step_minutes(aim, 10) == pytest.approx(aim.minutes + 10 * turn / 60)
    welcome = pack.step("welcome")
    assert timing.step_minutes(welcome, 20) == welcome.minutes  # no turns at an info step
    group, _ = parse_pack(pack_with(mode="group"), "test")
    one_answer = timing.TURNS["open"].typing_seconds() + timing.HANDOVER_SECONDS
    assert timing.step_minutes(group.step("aim"), 1) == timing.step_minutes(group.step("aim"), 20)
    assert timing.step_minutes(group.step("aim"), 20) == pytest.approx(aim.minutes + one_answer / 60)
    sort = pack.step("sort-cards")  # a sort's turn grows with its cards
    assert timing.turn_seconds(sort, 1) == pytest.approx(
        timing.TURNS["sort"].seconds(items=len(sort.cards)) + timing.HANDOVER_SECONDS)


def test_a_group_action_step_is_timed_for_the_rooms_plan_one_action_at_each_level() -> None:
    """One person's turn adds one action (`ACTIONS_PER_TURN`); the room's one answer holds its whole plan."""
    data = copy.deepcopy(PACK_DATA)
    for section in data["sections"]:
        for step in section["steps"]:
            if step["id"] == "actions":
                step["mode"] = "group"
    pack, _ = parse_pack(data, "test")
    step = pack.step("actions")
    assert len(step.levels) == 3
    one_answer = timing.TURNS["actions"].typing_seconds(items=3) + timing.HANDOVER_SECONDS
    assert timing.turn_seconds(step, 10) == pytest.approx(one_answer) == timing.turn_seconds(step, 4)
    individual, _ = parse_pack(PACK_DATA, "test")
    assert timing.turn_seconds(individual.step("actions"), 1) == pytest.approx(
        timing.TURNS["actions"].seconds(items=1) + timing.HANDOVER_SECONDS)


def test_the_plan_adds_up_and_skipped_steps_take_no_time() -> None:
    pack, _ = parse_pack(PACK_DATA, "test")
    full = timing.plan(pack, 4)
    assert full.total == pytest.approx(sum(timing.step_minutes(s, 4) for s in pack.steps))
    assert [p.start for p in full.steps][1] == full.steps[0].minutes
    shorter = timing.plan(pack, 4, ["aim"])
    assert shorter.total == pytest.approx(full.total - full.at("aim").minutes)
    assert shorter.skipped == ("aim",)
    assert shorter.at("confidence").start == shorter.at("aim").start


def default_totals(pack) -> tuple[float, float]:
    optional = [s.id for s in pack.steps if s.optional]
    return timing.plan(pack, TEN).total, timing.plan(pack, TEN, optional).total


def test_the_default_pack_fits_an_hour_for_ten_people_without_its_optional_steps(default_pack) -> None:
    """The issue's target, checked every run: 60 minutes for 10 people at the kiosk, by the model."""
    with_all, without_optional = default_totals(default_pack)
    assert without_optional <= 60, without_optional
    assert with_all > 60  # every step with 10 people takes far longer: that is why steps are optional
    assert (round(with_all, 1), round(without_optional, 1)) == (198.1, 59.8)  # the figures in docs/timing.md
    skip = timing.propose_skips(default_pack, TEN, 60)
    assert skip is not None and timing.plan(default_pack, TEN, skip).total <= 60
    assert all(default_pack.step(s).optional for s in skip)


def test_the_fit_keeps_every_optional_step_that_still_fits() -> None:
    data = copy.deepcopy(PACK_DATA)
    for section in data["sections"]:
        for step in section["steps"]:
            step["optional"] = step["kind"] in ("open", "scale", "choice")
    pack, _ = parse_pack(data, "test")
    full = timing.plan(pack, 6)
    assert timing.propose_skips(pack, 6, math_ceil(full.total)) == ()
    required = timing.plan(pack, 6, ["aim", "confidence", "missing"]).total
    assert timing.propose_skips(pack, 6, required - 1) is None
    # Room for the required steps and the scale, not for the open step: the scale is kept.
    room = required + full.at("confidence").minutes + 0.01
    assert full.at("aim").minutes > full.at("confidence").minutes
    skip = timing.propose_skips(pack, 6, room)
    assert "confidence" not in skip and "aim" in skip
    assert timing.plan(pack, 6, skip).total <= room


def math_ceil(value: float) -> int:
    import math

    return math.ceil(value)


# --- the pace -------------------------------------------------------------------------------------------


def test_pace_is_on_time_inside_the_slot_behind_after_it_ahead_before_it() -> None:
    pack, _ = parse_pack(PACK_DATA, "test")
    planned = timing.plan(pack, 4).at("aim")
    assert timing.pace_minutes(planned, planned.start) == 0
    assert timing.pace_minutes(planned, planned.end) == 0
    assert timing.pace_minutes(planned, planned.end + 4.5) == 4
    assert timing.pace_minutes(planned, planned.start - 2.9) == -2
    assert [timing.pace_text(m) for m in (4, 0, -2)] == ["4 min behind", "on time", "2 min ahead"]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now

    def advance(self, minutes: float) -> None:
        self.now += minutes * 60


def test_pace_follows_its_clock_and_a_resumed_session_starts_on_time() -> None:
    pack, _ = parse_pack(PACK_DATA, "test")
    clock = FakeClock()
    pace = timing.Pace(timing.plan(pack, 4), clock)
    assert pace.text("welcome") == "on time"
    clock.advance(7)  # welcome has 2 minutes
    assert pace.text("welcome") == "5 min behind"
    pace.start_at("aim")
    assert pace.text("aim") == "on time"
    clock.advance(-3)
    assert pace.text("aim") == "3 min ahead"


def header(app) -> str:
    return kiosk.screen_text(app).splitlines()[0]


@pytest.mark.asyncio
async def test_the_header_shows_the_pace_against_the_plan(tmp_path: Path, sessions_dir: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    write_pack(prompts, PACK_DATA)
    clock = FakeClock()
    app = kiosk.make_app(sessions_dir, prompts, people=4, clock=clock)
    async with app.run_test(size=(120, 30)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        assert "on time" in header(app)
        clock.advance(0.5)
        await kiosk.next_step(pilot)  # reached "explainer" (planned at 2 min) after half a minute
        assert app.session.step.id == "explainer"
        assert "1 min ahead" in header(app)
        clock.advance(12)  # 12.5 minutes in: the sort's slot runs from 5 to about 16.4
        await kiosk.next_step(pilot)
        assert app.session.step.id == "sort-cards"
        sort = app.pace.plan.at("sort-cards")
        assert (sort.start, round(sort.end, 2)) == (5, 16.43)
        assert "on time" in header(app)
        clock.advance(30)  # 42.5 minutes in, still sorting
        app.screen.query_one("#pace").show_pace()  # what its refresh interval does
        await pilot.pause()
        assert "26 min behind" in header(app)
    assert app.session is None


@pytest.mark.asyncio
async def test_no_pace_without_a_plan(tmp_path: Path, sessions_dir: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    write_pack(prompts, PACK_DATA)
    app = kiosk.make_app(sessions_dir, prompts)
    async with app.run_test(size=(120, 30)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        assert app.pace is None and not app.screen.query("#pace")
        assert "on time" not in header(app)


# --- check-pack --people and start --fit ------------------------------------------------------------------


def test_check_pack_with_people_prints_each_step_and_the_total(capsys, default_pack) -> None:
    from workshop.cli import main

    assert main(["check-pack", str(DEFAULT_FILE), "--people", "10"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].endswith("ok (Singing from the same hymn sheet?: 22 steps, 58 min)")
    rows = [line for line in out if " min  " in line]
    assert len(rows) == len(default_pack.steps)
    sort = next(line for line in rows if "sort-interventions" in line)
    assert "(sort, group)" in sort and " 9.3 min" in sort
    assert "(open, individual, optional)" in next(line for line in rows if "shared-aim-words" in line)
    with_all, without_optional = default_totals(default_pack)
    assert out[-1] == f"  total {with_all:.1f} min ({math_ceil(with_all)} min); without the optional steps {without_optional:.1f} min"


@pytest.mark.parametrize("bad", ["0", "ten", "-3", "201"])
def test_people_must_be_a_sensible_number(capsys, bad: str) -> None:
    from workshop.cli import main

    with pytest.raises(SystemExit) as exit_:
        main(["check-pack", str(DEFAULT_FILE), "--people", bad])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "argument --people: give a whole number of people from 1 to 200, not " in err


class Terminal:
    def isatty(self) -> bool:
        return True


def test_start_fit_proposes_steps_and_the_facilitator_confirms(monkeypatch, capsys, default_pack) -> None:
    from workshop import cli

    monkeypatch.setattr(cli.sys, "stdin", Terminal())
    asked: list[str] = []
    monkeypatch.setattr("builtins.input", lambda question: asked.append(question) or "y")
    skip = cli._fit(default_pack, 60, TEN)
    assert skip == timing.propose_skips(default_pack, TEN, 60) and skip
    out = capsys.readouterr().out
    assert "needs 199 minutes with 10 people" in out and "To fit 60 minutes" in out
    assert "Our aim in one sentence (shared-aim-words)" in out
    assert asked == ["Leave these steps out of this session? [y/N] "]

    monkeypatch.setattr("builtins.input", lambda question: "n")
    with pytest.raises(cli.UserError, match="nothing started"):
        cli._fit(default_pack, 60, TEN)
    assert cli._fit(default_pack, 200, TEN) == ()  # it fits: nothing to ask
    with pytest.raises(cli.UserError, match="needs 60 minutes with 10 people even without its optional steps"):
        cli._fit(default_pack, 30, TEN)


def test_start_fit_in_one_line_errors(sessions_dir: Path, capsys) -> None:
    from workshop.cli import main

    assert main(["start", "--fit", "60", "--sessions-dir", str(sessions_dir)]) == 1
    assert capsys.readouterr().err == "workshop: --fit needs --people N: how many people take part\n"
    # Not at a terminal: the proposal is printed, nothing is confirmed, no session is started.
    assert main(["start", "--fit", "60", "--people", "10", "--sessions-dir", str(sessions_dir)]) == 1
    captured = capsys.readouterr()
    assert "To fit 60 minutes" in captured.out
    assert captured.err.startswith("workshop: not confirmed") and captured.err.count("\n") == 1
    assert list(sessions_dir.glob("*.json")) == []


# --- skipped steps in the session and the summary ---------------------------------------------------------


def test_a_session_passes_over_the_steps_left_out_and_the_summary_does_not_call_them_unanswered(sessions_dir: Path) -> None:
    from conftest import ANSWERS, fill_session

    from workshop.session import Session
    from workshop.summary import render_summary

    pack, _ = parse_pack(PACK_DATA, "test")
    session = Session.create(sessions_dir, pack, "North", "1234", skip=("confidence", "missing", "not-a-step"))
    try:
        assert session.skipped == ("confidence", "missing")
        visited = [session.step.id]
        while session.next_step():
            visited.append(session.step.id)
        assert visited == ["welcome", "explainer", "sort-cards", "aim", "first-context", "actions", "thanks"]
        while session.previous_step():
            visited.append(session.step.id)
        assert "confidence" not in visited and "missing" not in visited
    finally:
        session.close()
    session = Session.create(sessions_dir, pack, "North", "1234", skip=("confidence", "missing"))
    try:
        fill_session(session, {k: v for k, v in ANSWERS.items() if k not in ("confidence", "missing")})
    finally:
        session.close()
    text = render_summary(Session.read(session.path), "md")
    assert "Who is missing?" not in text and "Do we share one aim?" not in text
    assert "No answers recorded" not in text
    # The same session without skipping lists those steps as unanswered.
    session = Session.create(sessions_dir, pack, "North", "1234")
    try:
        fill_session(session, {k: v for k, v in ANSWERS.items() if k not in ("confidence", "missing")})
    finally:
        session.close()
    assert "No answers recorded at: Do we share one aim?; Who is missing?" in render_summary(Session.read(session.path), "md")


@pytest.mark.asyncio
async def test_the_kiosk_skips_the_steps_the_facilitator_agreed_to_leave_out(tmp_path: Path, sessions_dir: Path) -> None:
    prompts = tmp_path / "prompts"
    prompts.mkdir()
    write_pack(prompts, PACK_DATA)
    app = kiosk.make_app(sessions_dir, prompts, start_skip=("aim", "confidence"), start_skip_pack="test-pack", people=4)
    async with app.run_test(size=(120, 30)) as pilot:
        await kiosk.start_session(pilot, "test-pack")
        seen = [app.session.step.id]
        while app.session.step.id != "thanks":
            await kiosk.next_step(pilot)
            seen.append(app.session.step.id)
        assert seen == ["welcome", "explainer", "sort-cards", "missing", "first-context", "actions", "thanks"]
        assert app.session.meta["skipped"] == ["aim", "confidence"]
        assert header(app).startswith("Step 7 of 7 · Close")  # the steps left out are not counted
