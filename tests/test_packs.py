"""Question packs: the default pack's content and shape, and every way a pack file can be broken.

A broken pack never raises: it comes back as one-line problems naming the file, the step (or
"pack"/the section) and what is wrong, and it is listed beside the good packs.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any, Callable

import pytest
import tomli_w
from conftest import PACK_DATA
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from workshop.packs import (
    DEFAULT_PACK,
    MAX_PACK_BYTES,
    Pack,
    PackError,
    PackNotFound,
    builtin_prompts_dir,
    discover,
    find_pack,
    parse_pack,
    read_pack_file,
)

DEFAULT_FILE = builtin_prompts_dir() / f"{DEFAULT_PACK}.toml"


# --- the default pack ---------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def default_pack() -> Pack:
    pack, problems = read_pack_file(DEFAULT_FILE)
    assert pack is not None, [str(p) for p in problems]
    return pack


def section_steps(pack: Pack) -> list[tuple[str, list]]:
    """(section id, its steps) in pack order."""
    return [(sid, [s for s in pack.steps if s.section == sid]) for sid, _title in pack.sections]


def test_default_pack_file_is_valid() -> None:
    assert DEFAULT_FILE.is_file()
    pack, problems = read_pack_file(DEFAULT_FILE)
    assert problems == []
    assert pack is not None and pack.id == DEFAULT_PACK
    assert pack.title and pack.credit and pack.source and pack.signpost


def test_default_pack_takes_45_to_60_minutes(default_pack: Pack) -> None:
    total = sum(step.minutes for step in default_pack.steps)
    assert 45 <= total <= 60
    assert 45 <= default_pack.minutes <= 60
    assert abs(default_pack.minutes - total) <= 5  # the advertised length matches the steps


def test_default_pack_has_notes_and_time_on_every_step(default_pack: Pack) -> None:
    for step in default_pack.steps:
        assert len(step.notes) >= 40, f"{step.id}: facilitator notes are missing or too thin"
        assert step.title and step.text, step.id
        assert 1 <= step.minutes <= 15, step.id


def test_default_pack_opens_with_welcome_and_ground_rules(default_pack: Pack) -> None:
    first_id, first = section_steps(default_pack)[0]
    assert first and all(step.kind == "info" for step in first), "the introduction is info steps only"
    text = " ".join(step.text for step in first).lower()
    assert "anonymous" in text
    assert "name" in text  # never type names
    assert "worried about a child" in text and "procedure" in text  # the signpost
    assert "referral" in text  # the workshop is not a referral route
    signpost = default_pack.signpost.lower()
    assert "worried about a child" in signpost and "procedure" in signpost


def test_default_pack_sort_exercise(default_pack: Pack) -> None:
    sorts = [step for step in default_pack.steps if step.kind == "sort"]
    assert len(sorts) == 1
    sort = sorts[0]
    assert len(sort.cards) >= 12
    assert {b.id for b in sort.buckets} >= {"behaviour", "ecological", "depends"}
    for card in sort.cards:
        assert card.text and len(card.explanation) >= 30, card.id
    assert len({card.id for card in sort.cards}) == len(sort.cards)
    # Some cards are honestly arguable: the disagreement is the point.
    arguable = [c for c in sort.cards if c.explanation.lower().startswith("it depends")]
    assert len(arguable) >= 3
    assert any("youth work" in c.text.lower() for c in arguable)
    assert any("diversion" in c.text.lower() for c in arguable)


def test_default_pack_follows_the_four_part_shape(default_pack: Pack) -> None:
    sections = section_steps(default_pack)
    kinds = [{step.kind for step in steps} for _sid, steps in sections]

    def first_index(predicate: Callable[[set[str], list], bool]) -> int:
        for index, ((_sid, steps), found) in enumerate(zip(sections, kinds)):
            if predicate(found, steps):
                return index
        raise AssertionError("section not found")

    intro = 0
    sort = first_index(lambda k, s: "sort" in k)
    group = first_index(lambda k, s: {"open", "scale"} <= k)
    reflect = first_index(lambda k, s: sum(x.takes_answers for x in s) >= 10)
    actions = first_index(lambda k, s: "actions" in k)
    close = len(sections) - 1
    assert intro < sort < group < reflect < actions < close

    # The group activity: what our services do today, as open answers and a rating.
    _sid, group_steps = sections[group]
    assert any(s.kind == "open" for s in group_steps) and any(s.kind == "scale" for s in group_steps)

    # At least ten reflective questions, mixing open answers and 1-N ratings.
    _sid, reflect_steps = sections[reflect]
    asked = [s for s in reflect_steps if s.takes_answers]
    assert len(asked) >= 10
    assert sum(s.kind == "open" for s in asked) >= 4
    assert sum(s.kind == "scale" for s in asked) >= 2
    for step in asked:
        if step.kind == "scale":
            assert step.points >= 3 and step.low and step.high, step.id
        if step.kind == "choice":
            assert len(step.options) >= 2, step.id

    # Actions at the three levels, tagged context or behaviour.
    [action_step] = [s for s in default_pack.steps if s.kind == "actions"]
    assert [o.id for o in action_step.levels] == ["me", "team", "org"]
    assert {o.id for o in action_step.lenses} >= {"context", "behaviour"}

    # A close that repeats the signpost.
    last = default_pack.steps[-1]
    assert last.kind == "info" and last.section == sections[close][0]
    assert "worried about a child" in last.text.lower()


def test_default_pack_ranks_the_contexts_to_change_first(default_pack: Pack) -> None:
    step = default_pack.step("context-first")
    assert step.kind == "rank" and 3 <= len(step.options) <= 9
    words = " ".join(step.options).lower()
    for context in ("parks", "shops", "stations", "schools", "peer groups", "online", "neighbourhoods"):
        assert context in words, context


def test_default_pack_covers_the_reflective_themes(default_pack: Pack) -> None:
    words = " ".join(f"{s.title} {s.text}" for s in default_pack.steps).lower()
    for theme in ("same way", "aimed at changing", "risk", "training", "missing", "measure", "focus",
                  "method", "impact", "setting"):
        assert theme in words, theme


def test_default_pack_step_ids_are_unique_and_well_formed(default_pack: Pack) -> None:
    ids = [step.id for step in default_pack.steps]
    assert len(ids) == len(set(ids))
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9-]*", i) for i in ids)


# --- broken packs -------------------------------------------------------------------------------------


def toml_with(change: Callable[[dict[str, Any]], None]) -> bytes:
    """The small every-kind pack as TOML, after `change` has edited (a copy of) its data."""
    data = copy.deepcopy(PACK_DATA)
    change(data)
    return tomli_w.dumps(data).encode("utf-8")


def step(data: dict[str, Any], step_id: str) -> dict[str, Any]:
    for section in data["sections"]:
        for raw in section["steps"]:
            if raw.get("id") == step_id:
                return raw
    raise KeyError(step_id)


def set_key(step_id: str, key: str, value: Any) -> Callable[[dict[str, Any]], None]:
    return lambda data: step(data, step_id).__setitem__(key, value)


def drop_key(step_id: str, *keys: str) -> Callable[[dict[str, Any]], None]:
    def change(data: dict[str, Any]) -> None:
        for key in keys:
            del step(data, step_id)[key]

    return change


def _duplicate_card(data: dict[str, Any]) -> None:
    cards = step(data, "sort-cards")["cards"]
    cards.append(dict(cards[0], text="Another curfew"))


def _step_not_a_table(data: dict[str, Any]) -> None:
    data["sections"][2]["steps"].append("Ask the group what they think")


# (case id, file bytes, where the problem is, a fragment of what is wrong)
BROKEN: list[tuple[str, bytes, str, str]] = [
    ("not-toml", b"this is = = not toml\n[[[", "pack", "not valid TOML"),
    ("nul-bytes", b'format = 1\x00\x01\x02title = "x"\n', "pack", "NUL bytes"),
    ("invalid-utf8", b'format = 1\ntitle = "\xff\xfe\xfa"\n', "pack", "not UTF-8"),
    ("huge-file", b"format = 1\n" + b"# padding padding padding\n" * (MAX_PACK_BYTES // 26 + 10), "pack",
     f"at most {MAX_PACK_BYTES}"),
    ("deeply-nested-arrays", b"a = " + b"[" * 5000 + b"]" * 5000, "pack", "nested too deeply"),
    ("deeply-nested-tables", b"a = " + b"{b = " * 3000 + b"1" + b"}" * 3000, "pack", "nested too deeply"),
    ("wrong-format", toml_with(lambda d: d.__setitem__("format", 2)), "pack", "'format' must be 1"),
    ("no-format", toml_with(lambda d: d.pop("format")), "pack", "'format' must be 1"),
    ("missing-pack-title", toml_with(lambda d: d.pop("title")), "pack", "missing 'title'"),
    ("missing-signpost", toml_with(lambda d: d.pop("signpost")), "pack", "missing 'signpost'"),
    ("missing-step-title", toml_with(drop_key("aim", "title")), "aim", "missing 'title'"),
    ("empty-step-text", toml_with(set_key("aim", "text", "   ")), "aim", "'text' is empty"),
    ("unknown-kind", toml_with(set_key("aim", "kind", "essay")), "aim", "'kind' is 'essay'"),
    ("missing-notes", toml_with(drop_key("confidence", "notes")), "confidence", "missing 'notes'"),
    ("minutes-zero", toml_with(set_key("aim", "minutes", 0)), "aim", "'minutes' is 0; it must be from 1 to 60"),
    ("minutes-too-many", toml_with(set_key("aim", "minutes", 61)), "aim", "'minutes' is 61"),
    ("minutes-negative", toml_with(set_key("aim", "minutes", -5)), "aim", "'minutes' is -5"),
    ("minutes-string", toml_with(set_key("aim", "minutes", "5")), "aim", "'minutes' must be a whole number, not text"),
    ("minutes-bool", toml_with(set_key("aim", "minutes", True)), "aim", "'minutes' must be a whole number, not true/false"),
    ("minutes-float", toml_with(set_key("aim", "minutes", 2.5)), "aim", "'minutes' must be a whole number, not a decimal"),
    ("minutes-missing", toml_with(drop_key("aim", "minutes")), "aim", "missing 'minutes'"),
    ("pack-minutes-string", toml_with(lambda d: d.__setitem__("minutes", "thirty")), "pack", "'minutes' must be a whole number"),
    ("duplicate-step-id", toml_with(set_key("confidence", "id", "aim")), "aim", "step id is used twice"),
    ("bad-step-id", toml_with(set_key("aim", "id", "Our Aim")), "'Our Aim'", "lowercase letters, digits and dashes"),
    ("step-without-id", toml_with(drop_key("aim", "id")), "(step without id)", "missing 'id'"),
    ("duplicate-card-id", toml_with(_duplicate_card), "sort-cards", "card id 'curfew' is used twice"),
    ("card-without-explanation", toml_with(lambda d: step(d, "sort-cards")["cards"][1].pop("explanation")),
     "sort-cards", "missing 'explanation'"),
    ("scale-without-points", toml_with(drop_key("confidence", "points")), "confidence", "missing 'points'"),
    ("scale-points-too-many", toml_with(set_key("confidence", "points", 11)), "confidence", "'points' is 11"),
    ("scale-without-labels", toml_with(drop_key("confidence", "low", "high")), "confidence", "missing 'low'"),
    ("choice-one-option", toml_with(set_key("missing", "options", ["Bus drivers"])), "missing",
     "'options' must be a list of 2 to 12"),
    ("choice-repeated-option", toml_with(set_key("missing", "options", ["Residents", "Residents"])), "missing",
     "repeats an option"),
    ("choice-multiple-not-bool", toml_with(set_key("missing", "multiple", "yes")), "missing",
     "'multiple' must be true or false"),
    ("rank-two-options", toml_with(set_key("first-context", "options", ["The park", "Online"])), "first-context",
     "'options' must be a list of 3 to 9 pieces of text for a ranking"),
    ("rank-ten-options", toml_with(set_key("first-context", "options", [f"Place {n}" for n in range(10)])),
     "first-context", "'options' must be a list of 3 to 9 pieces of text for a ranking"),
    ("rank-repeated-option", toml_with(set_key("first-context", "options", ["Online", "The park", "Online"])),
     "first-context", "repeats an option"),
    ("rank-without-options", toml_with(drop_key("first-context", "options")), "first-context",
     "'options' must be a list of 3 to 9"),
    ("sort-without-cards", toml_with(drop_key("sort-cards", "cards")), "sort-cards", "'cards' must be a list"),
    ("sort-one-card", toml_with(lambda d: step(d, "sort-cards").__setitem__("cards", step(d, "sort-cards")["cards"][:1])),
     "sort-cards", "'cards' must be a list of 2 to 40"),
    ("sort-without-buckets", toml_with(drop_key("sort-cards", "buckets")), "sort-cards", "'buckets' must be a list"),
    ("actions-level-not-a-table", toml_with(set_key("actions", "levels", ["me", "team"])), "actions",
     "each entry of 'levels' must be a table"),
    ("actions-level-bad-id", toml_with(set_key("actions", "levels", [{"id": "Me!", "label": "Myself"}])), "actions",
     "'id' 'Me!' must be lowercase"),
    ("actions-level-without-label", toml_with(set_key("actions", "levels", [{"id": "me"}])), "actions",
     "missing 'label'"),
    ("actions-levels-empty", toml_with(set_key("actions", "levels", [])), "actions", "'levels' must be a list"),
    ("step-not-a-table", toml_with(_step_not_a_table), "section reflect", "each step must be a table"),
    ("section-not-a-table", toml_with(lambda d: d["sections"].append("reflect")), "section 6", "must be a table"),
    ("section-without-steps", toml_with(lambda d: d["sections"][0].pop("steps")), "section intro",
     "'steps' must be a list"),
    ("sections-not-a-list", toml_with(lambda d: d.__setitem__("sections", "intro, reflect")), "pack",
     "'sections' must be a list"),
    ("no-sections", toml_with(lambda d: d.pop("sections")), "pack", "'sections' must be a list"),
    ("step-id-with-escape", toml_with(set_key("aim", "id", "aim\n\x1b[2J")), "'aim\\n\\x1b[2J'",
     "lowercase letters, digits and dashes"),
    ("step-id-with-spaces", toml_with(set_key("aim", "id", " aim ")), "' aim '", "lowercase letters, digits and dashes"),
    ("card-id-with-escape", toml_with(lambda d: step(d, "sort-cards")["cards"][0].__setitem__("id", "curfew\x1b[8m")),
     "sort-cards", "'id' 'curfew\\x1b[8m' must be lowercase"),
    ("title-only-escapes", toml_with(set_key("aim", "title", "\x1b[2J\u200b")), "aim", "'title' is empty"),
]


@pytest.mark.parametrize("content, where, fragment", [c[1:] for c in BROKEN], ids=[c[0] for c in BROKEN])
def test_broken_pack_gives_one_line_problems(tmp_path: Path, content: bytes, where: str, fragment: str) -> None:
    path = tmp_path / "broken-pack.toml"
    path.write_bytes(content)
    pack, problems = read_pack_file(path)  # never raises
    assert pack is None
    assert problems
    lines = [str(problem) for problem in problems]
    for line in lines:
        assert "\n" not in line and "\r" not in line and "\x1b" not in line, line
        assert line.startswith(f"{path}: "), line
    prefix = f"{path}: {where}: "
    assert any(line.startswith(prefix) and fragment in line for line in lines), lines


def test_every_broken_case_is_otherwise_a_valid_pack(tmp_path: Path) -> None:
    """The cases above break one thing each: the pack they start from is valid."""
    path = tmp_path / "good.toml"
    path.write_bytes(toml_with(lambda d: None))
    pack, problems = read_pack_file(path)
    assert pack is not None, [str(p) for p in problems]
    assert [s.id for s in pack.steps] == ["welcome", "explainer", "sort-cards", "aim", "confidence", "missing",
                                          "first-context", "actions", "thanks"]


def test_all_problems_are_reported_not_just_the_first(tmp_path: Path) -> None:
    def change(data: dict[str, Any]) -> None:
        del data["title"]
        del step(data, "aim")["notes"]
        step(data, "confidence")["minutes"] = "ten"

    path = tmp_path / "many.toml"
    path.write_bytes(toml_with(change))
    _pack, problems = read_pack_file(path)
    wheres = {p.where for p in problems}
    assert {"pack", "aim", "confidence"} <= wheres


def test_missing_file_and_folder_are_problems_not_exceptions(tmp_path: Path) -> None:
    _pack, problems = read_pack_file(tmp_path / "nope.toml")
    assert [p.message for p in problems] == ["no such file"]
    _pack, problems = read_pack_file(tmp_path)
    assert "folder" in problems[0].message


def test_actions_levels_and_lenses_default(tmp_path: Path) -> None:
    pack = parse_pack(copy.deepcopy(PACK_DATA), "x")[0]
    assert pack is not None
    actions = pack.step("actions")
    assert [o.id for o in actions.levels] == ["me", "team", "org"]
    assert actions.level_label("org") == "My wider organisation"
    assert actions.lens_label("context") == "Changes a context"


@given(st.binary(max_size=400))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
def test_any_bytes_never_raise(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "fuzz.toml"
    path.write_bytes(raw)
    pack, problems = read_pack_file(path)
    assert (pack is None) == bool(problems)
    assert all("\n" not in str(p) for p in problems)


_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers(-10**6, 10**6) | st.floats(allow_nan=True) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)


@st.composite
def damaged_pack(draw: st.DrawFn) -> dict[str, Any]:
    """The good pack data with one node (anywhere in the tree) replaced by something random."""
    data = copy.deepcopy(PACK_DATA)
    node: Any = data
    while True:
        keys = list(node.keys()) if isinstance(node, dict) else list(range(len(node)))
        key = draw(st.sampled_from(keys))
        child = node[key]
        if isinstance(child, (dict, list)) and child and draw(st.booleans()):
            node = child
            continue
        node[key] = draw(_VALUES)
        return data


@given(damaged_pack())
@settings(max_examples=300, deadline=None)
def test_damaged_pack_data_never_raises(data: dict[str, Any]) -> None:
    pack, problems = parse_pack(data, "fuzz.toml")
    assert (pack is None) == bool(problems)
    for problem in problems:
        assert "\n" not in str(problem)
        assert str(problem).startswith("fuzz.toml: ")


def test_parse_pack_of_a_non_table(tmp_path: Path) -> None:
    for data in (None, [], "pack", 3):
        pack, problems = parse_pack(data, "x.toml")
        assert pack is None and problems[0].where == "pack"


# --- finding packs ------------------------------------------------------------------------------------


@pytest.fixture
def prompts_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "every-kind.toml").write_bytes(toml_with(lambda d: None))
    (folder / "broken.toml").write_bytes(toml_with(drop_key("aim", "notes")))
    (folder / "readme.txt").write_text("not a pack")
    return folder


def test_discover_lists_broken_packs_with_their_error_beside_good_ones(prompts_dir: Path) -> None:
    entries = discover(prompts_dir)
    by_name = {entry.name: entry for entry in entries}
    assert set(by_name) == {DEFAULT_PACK, "review", "every-kind", "broken"}
    assert entries[0].name == DEFAULT_PACK and entries[0].builtin and entries[0].ok
    good = by_name["every-kind"]
    assert good.ok and not good.builtin and good.title == "Test hymn sheet" and good.error == ""
    broken = by_name["broken"]
    assert not broken.ok and broken.pack is None
    assert "missing 'notes'" in broken.error
    assert broken.problems[0].where == "aim"
    assert broken.title == "broken"


def test_discover_without_a_prompts_dir_and_with_a_missing_one(tmp_path: Path) -> None:
    assert [e.name for e in discover()] == [DEFAULT_PACK, "review"]
    assert [e.name for e in discover(tmp_path / "missing")] == [DEFAULT_PACK, "review"]


def test_discover_does_not_list_the_builtin_folder_twice() -> None:
    names = [e.name for e in discover(builtin_prompts_dir())]
    assert names.count(DEFAULT_PACK) == 1


def test_find_pack_by_id_by_stem_and_by_path(prompts_dir: Path) -> None:
    assert find_pack(None).id == DEFAULT_PACK
    assert find_pack(DEFAULT_PACK).id == DEFAULT_PACK
    assert find_pack("test-pack", prompts_dir).title == "Test hymn sheet"  # by id
    assert find_pack("every-kind", prompts_dir).id == "test-pack"  # by file stem
    assert find_pack(str(prompts_dir / "every-kind.toml")).id == "test-pack"  # by path
    assert find_pack(str(DEFAULT_FILE)).id == DEFAULT_PACK


def test_unknown_pack_names_the_known_ones(prompts_dir: Path) -> None:
    with pytest.raises(PackNotFound) as caught:
        find_pack("no-such-pack", prompts_dir)
    message = str(caught.value)
    assert "no-such-pack" in message
    assert DEFAULT_PACK in message and "every-kind" in message
    assert "broken" not in message  # only packs that can be started are offered
    assert "\n" not in message


def test_broken_pack_by_name_or_path_raises_pack_error(prompts_dir: Path) -> None:
    for name in ("broken", str(prompts_dir / "broken.toml")):
        with pytest.raises(PackError) as caught:
            find_pack(name, prompts_dir)
        assert caught.value.problems and caught.value.problems[0].where == "aim"


def test_missing_pack_path_is_pack_not_found(tmp_path: Path) -> None:
    with pytest.raises(PackNotFound, match="no pack file"):
        find_pack(str(tmp_path / "gone.toml"))


def test_min_answers_defaults_to_three_and_a_step_may_set_its_own(tmp_path: Path) -> None:
    from conftest import PACK_DATA, make_pack

    assert {s.min_answers for s in make_pack().steps if s.takes_answers} == {3}
    data = json.loads(json.dumps(PACK_DATA))
    data["min_answers"] = 5
    data["sections"][2]["steps"][0]["min_answers"] = 4
    pack = make_pack(data)
    assert pack.step("aim").min_answers == 4 and pack.step("confidence").min_answers == 5


@pytest.mark.parametrize("where, value", [("pack", 0), ("pack", "3"), ("pack", 51), ("step", -2), ("step", True)])
def test_min_answers_must_be_a_whole_number_from_1_to_50(where: str, value: Any) -> None:
    from conftest import PACK_DATA

    data = json.loads(json.dumps(PACK_DATA))
    (data if where == "pack" else data["sections"][2]["steps"][0])["min_answers"] = value
    pack, problems = parse_pack(data, "test.toml")
    assert pack is None and any("'min_answers'" in p.message for p in problems), problems
