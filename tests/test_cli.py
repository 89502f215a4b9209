"""The `workshop` command, run for real (the installed console script, in a subprocess).

Every error a user can cause is ONE line on stderr starting "workshop:", with a non-zero exit status
and never a traceback. Sessions are made with the core API, then listed, summarised and deleted
through the command.
"""

from __future__ import annotations

import argparse
import json
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import tomli_w
from conftest import PACK_DATA

from workshop import storage
from workshop.packs import find_pack
from workshop.session import Session

WORKSHOP = Path(sys.executable).parent / "workshop"
LABEL = "North locality partnership"
OPEN_ANSWERS = ["We meet young people in the park", "Warning letters to families", "Lights on the path"]


def run(*args: str | Path, cwd: Path | None = None, stdin=subprocess.DEVNULL) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    env["COLUMNS"] = "100"
    return subprocess.run(
        [str(WORKSHOP), *map(str, args)], capture_output=True, text=True, timeout=60, env=env, stdin=stdin, cwd=cwd,
    )


def one_line_error(result: subprocess.CompletedProcess, *fragments: str) -> str:
    """Assert the command failed with exactly one line on stderr; return that line."""
    assert result.returncode != 0, result
    assert "Traceback" not in result.stderr + result.stdout, result.stderr
    assert result.stderr.startswith("workshop: "), result.stderr
    assert result.stderr.endswith("\n") and result.stderr.count("\n") == 1, result.stderr
    line = result.stderr.rstrip("\n")
    for fragment in fragments:
        assert fragment in line, (fragment, line)
    return line


def ok(result: subprocess.CompletedProcess) -> str:
    assert result.returncode == 0, result
    assert "Traceback" not in result.stderr, result.stderr
    return result.stdout


def make_session(folder: Path, label: str = LABEL, finish: bool = True) -> Session:
    """A session of the built-in pack with three open answers, a pass and two ratings; closed again."""
    session = Session.create(folder, find_pack("hymn-sheet"), label, "1234")
    try:
        while session.step.id != "approach-today":
            session.next_step()
        for text in OPEN_ANSWERS:
            session.submit(text)
        session.submit(None, passed=True)
        session.close_round()
        session.reveal()
        session.next_step()
        assert session.step.kind == "scale"
        session.submit(3)
        session.submit(4)
        session.close_round()
        session.reveal()  # two ratings: too few to show (the pack's minimum is 3)
        if finish:
            session.finish()
    finally:
        session.close()
    return session


@pytest.fixture
def finished(sessions_dir: Path) -> Session:
    return make_session(sessions_dir)


@pytest.fixture
def prompts_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "prompts"
    folder.mkdir()
    (folder / "every-kind.toml").write_text(tomli_w.dumps(PACK_DATA))
    broken = json.loads(json.dumps(PACK_DATA))
    del broken["sections"][2]["steps"][0]["notes"]  # the "aim" step
    (folder / "broken.toml").write_text(tomli_w.dumps(broken))
    return folder


# --- help -----------------------------------------------------------------------------------------------

COMMAND_OPTIONS = {
    "start": ["--pack", "--label", "--sessions-dir", "--prompts-dir"],
    "resume": ["SESSION_ID", "--sessions-dir"],
    "packs": ["--prompts-dir"],
    "check-pack": ["FILE"],
    "sessions": ["--sessions-dir"],
    "summary": ["SESSION_ID", "--format", "-o", "--output", "html", "md", "txt"],
    "delete": ["SESSION_ID", "--yes"],
    "purge": ["--older-than", "--yes"],
}


def test_help_lists_every_command_and_the_common_options(tmp_path: Path) -> None:
    out = ok(run("--help", cwd=tmp_path))
    for name in COMMAND_OPTIONS:
        assert name in out
    for option in ("--sessions-dir", "--prompts-dir", "--version"):
        assert option in out
    assert not (tmp_path / "sessions").exists()  # asking for help creates nothing


def registered_commands() -> list[str]:
    """Every sub-command the parser knows, including any added after this file was written."""
    from workshop.cli import build_parser

    [sub] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    return sorted(sub.choices)


def test_the_commands_this_file_covers_are_registered() -> None:
    assert set(COMMAND_OPTIONS) <= set(registered_commands())


@pytest.mark.parametrize("command", registered_commands())
def test_every_command_has_help(tmp_path: Path, command: str) -> None:
    out = ok(run(command, "--help", cwd=tmp_path))
    assert out.startswith(f"usage: workshop {command}")
    assert "--sessions-dir" in out  # every command takes the common options
    for option in COMMAND_OPTIONS.get(command, []):
        assert option in out, option
    assert list(tmp_path.iterdir()) == []  # asking for help creates nothing


def test_version(tmp_path: Path) -> None:
    assert ok(run("--version", cwd=tmp_path)).startswith("workshop ")


# --- packs and check-pack -------------------------------------------------------------------------------


def test_packs_lists_the_default_pack(tmp_path: Path) -> None:
    out = ok(run("packs", cwd=tmp_path))
    line, review = out.splitlines()
    assert line.startswith("hymn-sheet") and review.startswith("review")
    assert "Singing from the same hymn sheet?" in line and "built in" in line and "min" in line


def test_packs_lists_a_broken_pack_with_its_error(tmp_path: Path, prompts_dir: Path) -> None:
    out = ok(run("packs", "--prompts-dir", prompts_dir, cwd=tmp_path))
    lines = {line.split()[0]: line for line in out.splitlines()}
    assert set(lines) == {"hymn-sheet", "review", "every-kind", "broken"}
    assert "Test hymn sheet" in lines["every-kind"] and str(prompts_dir / "every-kind.toml") in lines["every-kind"]
    assert "cannot be started" in lines["broken"]
    assert f"{prompts_dir / 'broken.toml'}: aim: missing 'notes'" in lines["broken"]


def test_packs_with_a_missing_prompts_dir(tmp_path: Path) -> None:
    one_line_error(run("packs", "--prompts-dir", tmp_path / "nope", cwd=tmp_path), "is not a folder")


def test_check_pack_good_file(tmp_path: Path, prompts_dir: Path) -> None:
    builtin = find_pack("hymn-sheet")
    out = ok(run("check-pack", prompts_dir / "every-kind.toml", cwd=tmp_path))
    assert out.startswith(f"{prompts_dir / 'every-kind.toml'}: ok") and "9 steps" in out
    out = ok(run("check-pack", Path(__file__).parents[1] / "prompts" / "hymn-sheet.toml", cwd=tmp_path))
    assert f"{len(builtin.steps)} steps" in out and "58 min" in out


def test_check_pack_bad_files_one_line_per_problem(tmp_path: Path, prompts_dir: Path) -> None:
    data = json.loads(json.dumps(PACK_DATA))
    data["sections"][2]["steps"][1]["minutes"] = "five"  # confidence
    data["sections"][2]["steps"][2]["options"] = ["Only one"]  # missing
    data["sections"][1]["steps"][1]["cards"][1]["id"] = "curfew"  # sort-cards
    bad = tmp_path / "bad.toml"
    bad.write_text(tomli_w.dumps(data))
    not_toml = tmp_path / "not.toml"
    not_toml.write_bytes(b"\x00\x01binary")

    result = run("check-pack", prompts_dir / "every-kind.toml", bad, not_toml, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].endswith("ok (Test hymn sheet: 9 steps, 40 min)")
    problems = lines[1:]
    assert problems == [
        f"{bad}: sort-cards: card id 'curfew' is used twice",
        f"{bad}: confidence: 'minutes' must be a whole number, not text",
        f"{bad}: missing: 'options' must be a list of 2 to 12 pieces of text",
        f"{not_toml}: pack: contains NUL bytes (is it a binary file?)",
    ]
    assert result.stderr == ""


def test_check_pack_of_missing_file_and_folder(tmp_path: Path) -> None:
    result = run("check-pack", tmp_path / "gone.toml", tmp_path, cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert result.stdout.splitlines() == [f"{tmp_path / 'gone.toml'}: pack: no such file",
                                          f"{tmp_path}: pack: is a folder, not a pack file"]


# --- sessions -------------------------------------------------------------------------------------------


def test_sessions_on_an_empty_and_a_missing_folder(tmp_path: Path, sessions_dir: Path) -> None:
    assert ok(run("sessions", "--sessions-dir", sessions_dir)).strip() == f"No sessions in {sessions_dir}."
    assert "No sessions" in ok(run("sessions", "--sessions-dir", tmp_path / "missing"))
    assert not (tmp_path / "missing").exists()  # listing creates nothing


def test_sessions_lists_id_pack_label_date_state_and_answers(sessions_dir: Path, finished: Session) -> None:
    running = make_session(sessions_dir, label="", finish=False)
    out = ok(run("sessions", "--sessions-dir", sessions_dir))
    header, *rows = out.splitlines()
    for column in ("ID", "DATE", "STATE", "ANSWERS", "PACK", "LABEL"):
        assert column in header
    by_id = {row.split()[0]: row for row in rows}
    assert set(by_id) == {finished.id, running.id}
    done = by_id[finished.id]
    assert finished.created in done and "finished" in done and LABEL in done
    assert "Singing from the same hymn sheet?" in done
    assert done.split()[3] == "5"  # three open answers and two ratings; the pass is not an answer
    assert "running" in by_id[running.id] and by_id[running.id].split()[3] == "5"


def test_sessions_via_the_global_option_before_the_command(sessions_dir: Path, finished: Session) -> None:
    assert finished.id in ok(run("--sessions-dir", sessions_dir, "sessions"))


def test_sessions_uses_the_environment_and_the_default_folder(tmp_path: Path) -> None:
    default = tmp_path / "sessions"
    default.mkdir()
    session = make_session(default)
    assert session.id in ok(run("sessions", cwd=tmp_path))  # ./sessions
    env = {**os.environ, "WORKSHOP_SESSIONS_DIR": str(default)}
    result = subprocess.run([str(WORKSHOP), "sessions"], capture_output=True, text=True, env=env, cwd="/",
                            stdin=subprocess.DEVNULL, timeout=60)
    assert session.id in ok(result)


def test_sessions_shows_a_corrupt_file_as_unreadable(sessions_dir: Path, finished: Session) -> None:
    broken = sessions_dir / "20261128-zzzzzz.json"
    broken.write_text('{"meta": {"1": {')
    out = ok(run("sessions", "--sessions-dir", sessions_dir))
    [row] = [line for line in out.splitlines() if line.startswith("20261128-zzzzzz")]
    assert "unreadable" in row and "not valid JSON" in row
    assert finished.id in out


def test_sessions_never_prints_escape_sequences_from_a_tampered_file(sessions_dir: Path, finished: Session) -> None:
    data = json.loads(finished.path.read_bytes())
    meta = next(iter(data["meta"].values()))
    meta["label"] = "Evil\x1b]0;pwned\x07\x1b[2J\nsecond line"
    meta["pack_title"] = "\x1b[31mred"
    meta["pack"]["title"] = "Title\u202eesrever"
    finished.path.write_text(json.dumps(data))
    out = ok(run("sessions", "--sessions-dir", sessions_dir))
    assert "\x1b" not in out and "\x07" not in out and "\u202e" not in out
    assert len(out.splitlines()) == 2  # header and one row
    assert "Evil" in out


# --- summary --------------------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_summary_to_standard_output(sessions_dir: Path, finished: Session, fmt: str) -> None:
    out = ok(run("summary", finished.id, "--format", fmt, "--sessions-dir", sessions_dir))
    assert "Singing from the same hymn sheet?" in out.replace("\n", " ") or "SINGING FROM THE SAME HYMN SHEET?" in out
    assert LABEL in out
    for text in OPEN_ANSWERS:
        assert text in out.replace("\n", " ")
    # Nothing else written to disk, except the end-of-session summaries a finished session lacked.
    assert sorted(p.name for p in sessions_dir.glob("*-summary.*")) == [
        f"{finished.id}-summary.html", f"{finished.id}-summary.md"]


def test_summary_default_format_is_markdown(sessions_dir: Path, finished: Session) -> None:
    out = ok(run("summary", finished.id, "--sessions-dir", sessions_dir))
    assert out.lstrip().startswith("#")


def test_summary_html_to_a_file(tmp_path: Path, sessions_dir: Path, finished: Session) -> None:
    target = tmp_path / "board" / "summary.html"
    target.parent.mkdir()
    out = ok(run("summary", finished.id, "--format", "html", "-o", target, "--sessions-dir", sessions_dir))
    assert str(target) in out
    html = target.read_text(encoding="utf-8")
    assert html.lstrip().lower().startswith("<!doctype html") and OPEN_ANSWERS[0] in html
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    # Writing it again replaces it.
    ok(run("summary", finished.id, "--format", "html", "--output", target, "--sessions-dir", sessions_dir))


def test_summary_html_without_o_goes_beside_the_session(sessions_dir: Path, finished: Session) -> None:
    out = ok(run("summary", finished.id, "--format", "html", "--sessions-dir", sessions_dir))
    path = sessions_dir / f"{finished.id}-summary.html"
    assert path.is_file() and str(path) in out


def test_summary_into_a_missing_folder(tmp_path: Path, sessions_dir: Path, finished: Session) -> None:
    target = tmp_path / "missing" / "summary.md"
    one_line_error(run("summary", finished.id, "-o", target, "--sessions-dir", sessions_dir),
                   str(target), "does not exist")
    assert not target.parent.exists()


def test_summary_into_a_folder(tmp_path: Path, sessions_dir: Path, finished: Session) -> None:
    one_line_error(run("summary", finished.id, "-o", tmp_path, "--sessions-dir", sessions_dir), "is a folder")


def test_summary_under_a_file(tmp_path: Path, sessions_dir: Path, finished: Session) -> None:
    one_line_error(run("summary", finished.id, "-o", finished.path / "x.md", "--sessions-dir", sessions_dir),
                   "is not a folder")


def test_summary_never_replaces_a_named_pipe_or_device(tmp_path: Path, sessions_dir: Path, finished: Session) -> None:
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    one_line_error(run("summary", finished.id, "--format", "html", "-o", pipe, "--sessions-dir", sessions_dir),
                   "not a plain file")
    assert stat.S_ISFIFO(pipe.stat().st_mode)


def test_summary_of_a_corrupt_session_names_the_file_and_leaves_it(sessions_dir: Path) -> None:
    path = sessions_dir / "20261128-zzzzzz.json"
    payload = b'{"meta": {"1": {"schema": 1, "pack": '
    path.write_bytes(payload)
    before = path.stat()
    line = one_line_error(run("summary", "20261128-zzzzzz", "--sessions-dir", sessions_dir), str(path), "damaged")
    assert "20261128-zzzzzz" in line
    after = path.stat()
    assert path.read_bytes() == payload
    assert (after.st_mtime_ns, after.st_size, after.st_ino) == (before.st_mtime_ns, before.st_size, before.st_ino)
    assert sorted(p.name for p in sessions_dir.iterdir()) == [path.name]


def test_summary_reader_going_away_is_quiet(sessions_dir: Path, finished: Session) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith("WORKSHOP_")}
    child = subprocess.Popen([str(WORKSHOP), "summary", finished.id, "--format", "txt", "--sessions-dir", sessions_dir],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, stdin=subprocess.DEVNULL, env=env)
    child.stdout.close()  # like `| head -0`: nobody reads
    _out, err = child.communicate(timeout=60)
    assert b"Traceback" not in err and b"Exception ignored" not in err
    assert child.returncode == 0


# --- errors ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "args, fragments",
    [
        (["bogus"], ["invalid choice: 'bogus'"]),
        (["sessions", "--bogus"], ["unrecognized arguments: --bogus"]),
        (["--bogus"], ["unrecognized arguments"]),
        (["summary"], ["required: SESSION_ID"]),
        (["summary", "20261128-aaaaaa", "--format", "docx"], ["invalid choice: 'docx'"]),
        (["purge", "--older-than", "ten", "--yes"], ["--older-than", "invalid int value: 'ten'"]),
        (["purge", "--yes"], ["--older-than"]),
        (["check-pack"], ["FILE"]),
        (["sessions", "--x\n\x1b[2J"], ["unrecognized arguments", "\\x1b"]),
        # The room's size closes rounds by itself: more people than a room can hold is refused here,
        # not by a kiosk that stops once the PIN is set.
        (["start", "--people", "150"], ["--people", "from 1 to 99", "'150'"]),
    ],
    ids=["unknown-command", "unknown-option", "unknown-global-option", "missing-id", "bad-format",
         "non-numeric-days", "missing-days", "missing-file", "hostile-argument", "too-many-people"],
)
def test_usage_errors_are_one_line(tmp_path: Path, args: list[str], fragments: list[str]) -> None:
    result = run(*args, cwd=tmp_path)
    line = one_line_error(result, *fragments)
    assert result.returncode == 2
    assert "--help" in line and "\x1b" not in line
    assert result.stdout == ""


@pytest.mark.parametrize("command", ["summary", "delete", "resume"])
@pytest.mark.parametrize("bad_id", ["../../etc/passwd", "/etc/passwd", "x", "20261128-ABCDEF", "20261128-abcdef\n"])
def test_bad_session_ids_are_refused(tmp_path: Path, sessions_dir: Path, command: str, bad_id: str) -> None:
    extra = ["--yes"] if command == "delete" else []
    line = one_line_error(run(command, bad_id, *extra, "--sessions-dir", sessions_dir, cwd=tmp_path),
                          "is not a session id")
    assert "20261128-k3f9a2" in line  # shows what an id looks like


@pytest.mark.parametrize("command", ["summary", "delete", "resume"])
def test_unknown_session(tmp_path: Path, sessions_dir: Path, command: str) -> None:
    extra = ["--yes"] if command == "delete" else []
    one_line_error(run(command, "20261128-aaaaaa", *extra, "--sessions-dir", sessions_dir, cwd=tmp_path),
                   "no session 20261128-aaaaaa", "workshop sessions")


def test_start_with_an_unknown_pack(tmp_path: Path, sessions_dir: Path, prompts_dir: Path) -> None:
    line = one_line_error(run("start", "--pack", "nope", "--sessions-dir", sessions_dir, "--prompts-dir", prompts_dir,
                              cwd=tmp_path), "no pack called 'nope'")
    assert "hymn-sheet" in line and "every-kind" in line
    assert list(sessions_dir.iterdir()) == []


def test_start_with_a_broken_pack_is_one_line(tmp_path: Path, sessions_dir: Path, prompts_dir: Path) -> None:
    line = one_line_error(run("start", "--pack", "broken", "--sessions-dir", sessions_dir, "--prompts-dir",
                              prompts_dir, cwd=tmp_path), "broken.toml: aim: missing 'notes'")
    many = tmp_path / "many.toml"
    many.write_text('format = 1\nid = "many"\n')
    line = one_line_error(run("start", "--pack", many, "--sessions-dir", sessions_dir, cwd=tmp_path),
                          f"{many}: pack: missing 'title'", "more", "check-pack")
    assert line


def test_resume_of_a_finished_session(sessions_dir: Path, finished: Session) -> None:
    # It opens (the kiosk would show its end screen); here it stops at the missing terminal.
    one_line_error(run("resume", finished.id, "--sessions-dir", sessions_dir), "needs a terminal")
    # It did not keep the session locked.
    assert ok(run("delete", finished.id, "--yes", "--sessions-dir", sessions_dir))


def test_kiosk_without_a_terminal(tmp_path: Path, sessions_dir: Path) -> None:
    for args in ([], ["start"], ["start", "--label", "x"]):
        one_line_error(run(*args, "--sessions-dir", sessions_dir, cwd=tmp_path), "needs a terminal")
    assert list(sessions_dir.iterdir()) == []  # no session was started


def test_resume_without_a_terminal_leaves_the_session_free(sessions_dir: Path) -> None:
    running = make_session(sessions_dir, finish=False)
    one_line_error(run("resume", running.id, "--sessions-dir", sessions_dir), "needs a terminal")
    lock = storage.SessionLock(running.path)
    lock.acquire()  # nobody holds it any more
    lock.release()


class TestSessionInUse:
    """Another kiosk (here: this test process) holds the session's lock."""

    @pytest.fixture
    def held(self, sessions_dir: Path, finished: Session):
        lock = storage.SessionLock(finished.path)
        lock.acquire()
        yield finished
        lock.release()

    def test_delete_refuses(self, sessions_dir: Path, held: Session) -> None:
        one_line_error(run("delete", held.id, "--yes", "--sessions-dir", sessions_dir), "open in another kiosk")
        assert held.path.exists()

    def test_purge_keeps_it_and_says_so(self, sessions_dir: Path, held: Session) -> None:
        old = time.time() - 40 * 86400
        os.utime(held.path, (old, old))
        result = run("purge", "--older-than", "30", "--yes", "--sessions-dir", sessions_dir)
        one_line_error(result, "open in another kiosk", "not deleted")
        assert held.path.exists()

    def test_resume_refuses(self, sessions_dir: Path, held: Session) -> None:
        one_line_error(run("resume", held.id, "--sessions-dir", sessions_dir), "open in another kiosk")

    def test_summary_and_sessions_still_work(self, sessions_dir: Path, held: Session) -> None:
        assert OPEN_ANSWERS[0] in ok(run("summary", held.id, "--sessions-dir", sessions_dir))
        assert held.id in ok(run("sessions", "--sessions-dir", sessions_dir))


# --- delete and purge -----------------------------------------------------------------------------------


def files_of(sessions_dir: Path, session_id: str) -> list[str]:
    return sorted(p.name for p in sessions_dir.iterdir() if p.name.startswith(session_id))


def test_delete_removes_the_session_its_summaries_and_its_lock(sessions_dir: Path, finished: Session) -> None:
    other = make_session(sessions_dir)
    for fmt in ("html", "md"):
        ok(run("summary", finished.id, "--format", fmt, "-o", sessions_dir / f"{finished.id}-summary.{fmt}",
               "--sessions-dir", sessions_dir))
    assert files_of(sessions_dir, finished.id) == [f"{finished.id}-summary.html", f"{finished.id}-summary.md",
                                                   f"{finished.id}.json", f"{finished.id}.lock"]
    out = ok(run("delete", finished.id, "--yes", "--sessions-dir", sessions_dir))
    assert "Deleted" in out
    assert files_of(sessions_dir, finished.id) == []
    assert (sessions_dir / f"{other.id}.json").exists()  # only that one


def test_delete_without_yes_and_without_a_terminal_deletes_nothing(sessions_dir: Path, finished: Session) -> None:
    before = files_of(sessions_dir, finished.id)
    one_line_error(run("delete", finished.id, "--sessions-dir", sessions_dir), "--yes")
    assert files_of(sessions_dir, finished.id) == before


@pytest.mark.parametrize("reply, deleted", [("y\n", True), ("yes\n", True), ("n\n", False), ("\n", False),
                                            ("", False)], ids=["y", "yes", "n", "enter", "ctrl-d"])
def test_delete_asks_at_a_terminal(sessions_dir: Path, finished: Session, reply: str, deleted: bool) -> None:
    import pty

    controller, terminal = pty.openpty()
    try:
        os.write(controller, reply.encode() if reply else b"\x04")  # \x04: end of input (Ctrl+D)
        result = run("delete", finished.id, "--sessions-dir", sessions_dir, stdin=terminal)
    finally:
        os.close(terminal)
        os.close(controller)
    assert "Traceback" not in result.stderr
    assert "[y/N]" in result.stdout
    assert finished.path.exists() != deleted
    if deleted:
        assert result.returncode == 0 and "Deleted" in result.stdout
    else:
        assert result.returncode == 1 and "Nothing deleted" in result.stdout


def test_delete_of_a_corrupt_session(sessions_dir: Path) -> None:
    path = sessions_dir / "20261128-zzzzzz.json"
    path.write_text("{broken")
    ok(run("delete", "20261128-zzzzzz", "--yes", "--sessions-dir", sessions_dir))
    assert list(sessions_dir.iterdir()) == []


def age(path: Path, days: float) -> None:
    when = time.time() - days * 86400
    os.utime(path, (when, when))


def test_purge_deletes_only_older_sessions(sessions_dir: Path) -> None:
    old, older, recent = (make_session(sessions_dir) for _ in range(3))
    (sessions_dir / f"{old.id}-summary.md").write_text("old summary")
    age(old.path, 31)
    age(older.path, 400)
    age(recent.path, 29)
    out = ok(run("purge", "--older-than", "30", "--yes", "--sessions-dir", sessions_dir))
    assert out.count("Deleted") == 2
    assert files_of(sessions_dir, old.id) == [] and files_of(sessions_dir, older.id) == []
    assert files_of(sessions_dir, recent.id) == [f"{recent.id}.json", f"{recent.id}.lock"]


def test_purge_with_nothing_old(sessions_dir: Path, finished: Session) -> None:
    out = ok(run("purge", "--older-than", "30", "--yes", "--sessions-dir", sessions_dir))
    assert "No sessions older than 30 days" in out
    assert finished.path.exists()


def test_purge_without_yes_and_without_a_terminal(sessions_dir: Path, finished: Session) -> None:
    age(finished.path, 90)
    one_line_error(run("purge", "--older-than", "30", "--sessions-dir", sessions_dir), "--yes")
    assert finished.path.exists()


def test_purge_zero_days_and_negative_days(sessions_dir: Path, finished: Session) -> None:
    one_line_error(run("purge", "--older-than", "-1", "--yes", "--sessions-dir", sessions_dir), "0 or more")
    assert finished.path.exists()
    age(finished.path, 0.01)
    ok(run("purge", "--older-than", "0", "--yes", "--sessions-dir", sessions_dir))
    assert not finished.path.exists()


def test_purge_leaves_other_files_alone(sessions_dir: Path) -> None:
    stranger = sessions_dir / "notes.json"
    stranger.write_text("{}")
    age(stranger, 100)
    ok(run("purge", "--older-than", "30", "--yes", "--sessions-dir", sessions_dir))
    assert stranger.exists()


def test_building_the_command_line_loads_no_session_code():
    # Every command, the kiosk's start included, builds the parser first; the session module (and the
    # kinds, TinyDB tables and results behind it) loads only once a command needs it. `--people`'s
    # limit once pulled it in for about 40 ms on every start.
    code = "import workshop.cli, sys\nworkshop.cli.build_parser()\nprint('workshop.session' in sys.modules)"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"
