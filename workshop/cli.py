"""The `workshop` command. With no sub-command it opens the kiosk's home screen.

Every error a user can cause is printed as one line (`workshop: ...`) with a non-zero exit status.
Textual is imported only when the kiosk actually starts.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

from . import __version__, storage
from .packs import DEFAULT_PACK, PackError, PackNotFound, discover, find_pack, read_pack_file

EXIT_USAGE = 2


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(EXIT_USAGE, f"workshop: {message} (see '{self.prog} --help')\n")


def _common(parser: argparse.ArgumentParser, suppress: bool) -> None:
    default = argparse.SUPPRESS if suppress else None
    parser.add_argument(
        "--sessions-dir", type=Path, default=default, metavar="DIR",
        help="where session files live (default: $WORKSHOP_SESSIONS_DIR or ./sessions)",
    )
    parser.add_argument(
        "--prompts-dir", type=Path, default=default, metavar="DIR",
        help="an extra folder of question packs (*.toml) besides the built-in ones",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="workshop",
        description=(
            "A terminal kiosk for the reflective workshop 'Singing from the same hymn sheet?'. "
            "With no command, opens the home screen: start, resume or look at sessions."
        ),
    )
    parser.add_argument("--version", action="version", version=f"workshop {__version__}")
    _common(parser, suppress=False)
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, help_text: str) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        _common(p, suppress=True)
        return p

    p = command("start", "start a new session straight away (you set the facilitator PIN first)")
    p.add_argument("--pack", metavar="NAME|FILE", default=DEFAULT_PACK, help=f"pack name or .toml file (default: {DEFAULT_PACK})")
    p.add_argument("--label", metavar="TEXT", default="", help="group label, e.g. 'North locality partnership'")

    p = command("resume", "resume an unfinished session at the step and round where it stopped")
    p.add_argument("session_id", metavar="SESSION_ID")

    command("packs", "list the question packs found (built in and in --prompts-dir)")

    p = command("check-pack", "validate pack files; one line per problem; exit status 1 if any is invalid")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")

    command("sessions", "list sessions: id, pack, label, date, state, number of answers")

    p = command("summary", "write a session's summary (md and txt go to standard output unless -o is given)")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--format", choices=("html", "md", "txt"), default="md", help="output format (default: md)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead")

    p = command("delete", "delete one session file for good")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--yes", action="store_true", help="do not ask to confirm")

    p = command("purge", "delete every session older than DAYS days")
    p.add_argument("--older-than", type=int, required=True, metavar="DAYS")
    p.add_argument("--yes", action="store_true", help="do not ask to confirm")
    return parser


def _sessions_dir(args: argparse.Namespace) -> Path:
    return Path(getattr(args, "sessions_dir", None) or storage.default_sessions_dir())


def _prompts_dir(args: argparse.Namespace) -> Path | None:
    folder = getattr(args, "prompts_dir", None)
    if folder is not None and not Path(folder).is_dir():
        raise UserError(f"--prompts-dir {folder} is not a folder")
    return folder


def _session_path(args: argparse.Namespace) -> Path:
    storage.check_session_id(args.session_id)
    path = _sessions_dir(args) / f"{args.session_id}{storage.SUFFIX}"
    if not path.exists():
        raise UserError(f"no session {args.session_id} in {_sessions_dir(args)}; see 'workshop sessions'")
    return path


def _confirm(question: str, yes: bool) -> bool:
    if yes:
        return True
    if not sys.stdin.isatty():
        raise UserError("not confirmed: add --yes to delete without a question")
    reply = input(f"{question} [y/N] ").strip().lower()
    return reply in ("y", "yes")


# --- commands ---------------------------------------------------------------------------------------


def cmd_kiosk(args: argparse.Namespace) -> int:
    from .session import Session

    sessions_dir = _sessions_dir(args)
    prompts_dir = _prompts_dir(args)
    storage.ensure_sessions_dir(sessions_dir)
    config_kwargs: dict = {"sessions_dir": sessions_dir, "prompts_dir": prompts_dir}
    if args.command == "start":
        find_pack(args.pack, prompts_dir)  # a bad pack name fails here, in one line, before the UI starts
        config_kwargs.update(start_pack=args.pack, start_label=args.label)
    elif args.command == "resume":
        _session_path(args)
        session = Session.open(sessions_dir, args.session_id)
        if session.finished:
            session.close()
            raise UserError(f"session {args.session_id} is finished; see 'workshop summary {args.session_id}'")
        config_kwargs["session"] = session
    if not sys.stdout.isatty() and not os.environ.get("WORKSHOP_ALLOW_NO_TTY"):
        raise UserError("the kiosk needs a terminal; run it in a terminal window")
    from .ui.app import Config, run

    return run(Config(**config_kwargs))


def cmd_packs(args: argparse.Namespace) -> int:
    entries = discover(_prompts_dir(args))
    if not entries:
        print("No packs found.")
        return 0
    for entry in entries:
        where = "built in" if entry.builtin else str(entry.path)
        if entry.pack is not None:
            print(f"{entry.name:<20} {entry.pack.title} ({entry.pack.minutes} min, {len(entry.pack.steps)} steps; {where})")
        else:
            print(f"{entry.name:<20} cannot be started: {entry.problems[0]}")
    return 0


def cmd_check_pack(args: argparse.Namespace) -> int:
    bad = 0
    for path in args.files:
        pack, problems = read_pack_file(path)
        if pack is None:
            bad += 1
            for problem in problems:
                print(problem)
        else:
            print(f"{path}: ok ({pack.title}: {len(pack.steps)} steps, {sum(s.minutes for s in pack.steps)} min)")
    return 1 if bad else 0


def cmd_sessions(args: argparse.Namespace) -> int:
    from .session import list_sessions

    infos = list_sessions(_sessions_dir(args))
    if not infos:
        print(f"No sessions in {_sessions_dir(args)}.")
        return 0
    print(f"{'ID':<16} {'DATE':<10}  {'STATE':<10} {'ANSWERS':>7}  PACK / LABEL")
    for info in infos:
        if info.error:
            print(f"{info.id:<16} {'':<10}  {'unreadable':<10} {'':>7}  {info.error}")
            continue
        label = f" / {info.label}" if info.label else ""
        print(f"{info.id:<16} {info.created:<10}  {info.state:<10} {info.answers:>7}  {info.pack_title}{label}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .session import Session
    from .summary import render_summary, write_summary

    session = Session.read(_session_path(args))
    if args.output is not None:
        if args.output.is_dir():
            raise UserError(f"-o {args.output} is a folder; give a file name")
        path = write_summary(session, args.format, args.output)
        print(f"Summary written to {path}")
    elif args.format == "html":
        path = write_summary(session, "html")
        print(f"Summary written to {path}")
    else:
        sys.stdout.write(render_summary(session, args.format))
    return 0


def _delete_files(path: Path) -> None:
    lock = storage.SessionLock(path)
    lock.acquire()  # refuses a session that is open in a kiosk
    deleted = False
    try:
        for extra in path.parent.glob(f"{path.stem}-summary.*"):
            extra.unlink()
        path.unlink()
        deleted = True
    finally:
        lock.release(remove_file=deleted)


def cmd_delete(args: argparse.Namespace) -> int:
    path = _session_path(args)
    if not _confirm(f"Delete session {args.session_id} and its summaries for good?", args.yes):
        print("Nothing deleted.")
        return 1
    _delete_files(path)
    print(f"Deleted {path}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    if args.older_than < 0:
        raise UserError("--older-than takes a number of days, 0 or more")
    folder = _sessions_dir(args)
    cutoff = time.time() - args.older_than * 86400
    old = [
        p for p in sorted(folder.glob(f"*{storage.SUFFIX}"))
        if storage.SESSION_ID_RE.match(p.stem) and p.stat().st_mtime < cutoff
    ]
    if not old:
        print(f"No sessions older than {args.older_than} days in {folder}.")
        return 0
    if not _confirm(f"Delete {len(old)} session(s) older than {args.older_than} days for good?", args.yes):
        print("Nothing deleted.")
        return 1
    for path in old:
        _delete_files(path)
        print(f"Deleted {path}")
    return 0


COMMANDS = {
    None: cmd_kiosk,
    "start": cmd_kiosk,
    "resume": cmd_kiosk,
    "packs": cmd_packs,
    "check-pack": cmd_check_pack,
    "sessions": cmd_sessions,
    "summary": cmd_summary,
    "delete": cmd_delete,
    "purge": cmd_purge,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UserError, PackNotFound, storage.SessionFileError, storage.StorageFailure) as error:
        print(f"workshop: {error}", file=sys.stderr)
        return 1
    except PackError as error:
        for problem in error.problems:
            print(f"workshop: {problem}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return 0
