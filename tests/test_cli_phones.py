"""`workshop start --phones [--host ADDR] [--port N]`: documented in --help, bad values in one line."""

from __future__ import annotations

from pathlib import Path

from test_cli import ok, one_line_error, run


def test_start_help_names_the_phone_options(tmp_path: Path) -> None:
    out = ok(run("start", "--help", cwd=tmp_path))
    for option in ("--phones", "--host", "--port"):
        assert option in out


def test_bad_phone_options_are_one_line(tmp_path: Path, sessions_dir: Path) -> None:
    one_line_error(run("start", "--phones", "--host", "my laptop", "--sessions-dir", sessions_dir, cwd=tmp_path),
                   "not an IP address")
    one_line_error(run("start", "--phones", "--port", "99999", "--sessions-dir", sessions_dir, cwd=tmp_path),
                   "not a port number")
    one_line_error(run("start", "--port", "9000", "--sessions-dir", sessions_dir, cwd=tmp_path), "add --phones")
    assert list(sessions_dir.iterdir()) == []
