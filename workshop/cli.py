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
from .packs import DEFAULT_PACK, ROOM_MAX, PackError, PackNotFound, discover, find_pack, read_pack_file

EXIT_USAGE = 2


class UserError(Exception):
    """A mistake the user can fix; printed as one line."""


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # one line, not a usage dump
        self.exit(EXIT_USAGE, f"workshop: {_one_line(message)} (see '{self.prog} --help')\n")


def _one_line(text: object) -> str:
    """`text` on one line with control characters shown escaped (argparse echoes raw arguments)."""
    text = " ".join(str(text).split())
    return "".join(c if c.isprintable() else repr(c)[1:-1] for c in text)


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


def _whole_number(low: int, high: int, what: str):
    """An argparse type: a whole number from `low` to `high` (argparse names the option in its one line)."""

    def parse(text: str) -> int:
        try:
            value = int(text)
        except ValueError:
            value = low - 1
        if not low <= value <= high:
            raise argparse.ArgumentTypeError(f"give {what} from {low} to {high}, not {_one_line(text)!r}")
        return value

    return parse


_people = _whole_number(1, 200, "a whole number of people")
# `start --people N` is also the room's size, after which a round closes by itself: no more than a room holds.
_room_people = _whole_number(1, ROOM_MAX, "a whole number of people")
_fit_minutes = _whole_number(1, 600, "whole minutes")


def _address(text: str) -> str:
    import ipaddress

    try:
        return str(ipaddress.ip_address(text))
    except ValueError:
        raise argparse.ArgumentTypeError(f"not an IP address: {_one_line(text)[:60]} (for example 192.168.1.20)") from None


def _port(text: str) -> int:
    if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= 65535:
        raise argparse.ArgumentTypeError(f"not a port number: {_one_line(text)[:20]} (1 to 65535)")
    return int(text)


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
    p.add_argument("--people", type=_room_people, metavar="N",
                   help=f"how many people are in the room (1 to {ROOM_MAX}): a round closes by itself once N turns are in, "
                        "and the header shows the pace against the timing model's plan")
    p.add_argument("--fit", type=_fit_minutes, metavar="MINUTES",
                   help="propose optional steps to leave out so the plan fits MINUTES with --people N (you confirm before the kiosk starts)")
    p.add_argument("--phones", action="store_true",
                   help="let participants answer on their own phones (a web server on the local network, "
                        "only while the session runs; see README 'Phones in the room')")
    p.add_argument("--host", metavar="ADDR", default=None, type=_address,
                   help="with --phones: the address to listen on (default: this machine's local network address)")
    p.add_argument("--port", metavar="N", default=8765, type=_port, help="with --phones: the port (default: 8765)")

    p = command("runsheet", "write the facilitator's run sheet: the agenda with timings, each step's text and notes, room to write")
    p.add_argument("--pack", metavar="NAME|FILE", default=DEFAULT_PACK, help=f"pack name or .toml file (default: {DEFAULT_PACK})")
    p.add_argument("--people", type=_people, metavar="N", help="plan the timings for N people (default: 10)")
    p.add_argument("--format", choices=("pdf", "md", "txt"), default="pdf",
                   help="output format (default: pdf, A4, to runsheet-<pack>.pdf in the current folder unless -o is given; md and txt go to standard output)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead")

    p = command("resume", "resume a session at the step and round where it stopped (a finished one opens at its end screen)")
    p.add_argument("session_id", metavar="SESSION_ID")

    command("packs", "list the question packs found (built in and in --prompts-dir)")

    p = command("check-pack", "validate pack files; one line per problem; exit status 1 if any is invalid")
    p.add_argument("files", nargs="+", type=Path, metavar="FILE")
    p.add_argument("--people", type=_people, metavar="N", help="also print each step's minutes and the total with N people (docs/timing.md)")

    command("sessions", "list sessions: id, pack, label, date, state, number of answers")

    p = command("summary", "write a session's summary: the brief for the board, then the record of every step (md and txt go to standard output unless -o is given; html and pdf are written beside the session)")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--format", choices=("html", "md", "txt", "pdf"), default="md", help="output format (default: md; pdf is A4, made with WeasyPrint)")
    p.add_argument("--brief", action="store_true", help="the brief for the partnership board alone (at most two A4 pages); html and pdf go to <ID>-brief.<ext> beside the session")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE instead")

    p = command("print", "make a session's summary PDF and send it to the printer (CUPS lp); without lp, say where the PDF is")
    p.add_argument("session_id", metavar="SESSION_ID")
    p.add_argument("--printer", metavar="NAME", help="printer name for lp -d (default: the default printer)")

    p = command("export", "export answers for other tools, without PINs, times or redacted text (see docs/export-format.md)")
    which = p.add_mutually_exclusive_group(required=True)
    which.add_argument("session_id", metavar="SESSION_ID", nargs="?", help="one session")
    which.add_argument("--all", action="store_true", help="every session in the sessions folder")
    p.add_argument("--format", choices=("csv", "json"), default="json", help="output format (default: json)")
    p.add_argument("-o", "--output", type=Path, metavar="FILE", help="write to FILE (private, 0600) instead of standard output")

    p = command("report", "how answers changed across sessions (ratings, sort splits, lens balance, actions, frequent words)")
    p.add_argument("--pack", metavar="NAME", help="only sessions of this pack id")
    p.add_argument("--label", metavar="TEXT", help="only sessions whose group label contains TEXT (any case)")
    p.add_argument("--since", metavar="DATE", help="only sessions created on or after DATE (YYYY-MM-DD)")
    p.add_argument("--include-unfinished", action="store_true",
                   help="also count sessions not yet finished (left out by default: their figures are partial)")
    p.add_argument("--format", choices=("html", "pdf", "md"), default="md",
                   help="output format (default: md, to standard output; html and pdf go to the sessions folder unless -o is given)")
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
    try:
        reply = input(f"{question} [y/N] ").strip().lower()
    except EOFError:  # Ctrl+D at the question: a no
        print()
        return False
    return reply in ("y", "yes")


# --- commands ---------------------------------------------------------------------------------------


def cmd_kiosk(args: argparse.Namespace) -> int:
    from .session import Session

    sessions_dir = _sessions_dir(args)
    prompts_dir = _prompts_dir(args)
    storage.ensure_sessions_dir(sessions_dir)
    config_kwargs: dict = {"sessions_dir": sessions_dir, "prompts_dir": prompts_dir}
    if args.command == "start":
        if not args.phones and (args.host is not None or args.port != 8765):
            raise UserError("--host and --port are for the phone mode: add --phones")
        pack = find_pack(args.pack, prompts_dir)  # a bad pack name fails here, in one line, before the UI starts
        from .session import LABEL_LIMIT
        from .text import clean

        # Cleaned here, before any widget sees it: an escape sequence in --label would reach the terminal.
        config_kwargs.update(start_pack=args.pack, start_label=clean(args.label or "", LABEL_LIMIT, multiline=False),
                             people=args.people)
        if args.fit is not None:
            config_kwargs.update(start_skip=_fit(pack, args.fit, args.people), start_skip_pack=pack.id)
        config_kwargs.update(phones=args.phones, phones_host=args.host, phones_port=args.port)
    elif args.command == "resume":
        _session_path(args)
        # A finished session opens at its end screen (which saves any summary file still missing).
        config_kwargs["session"] = Session.open(sessions_dir, args.session_id)
    if not sys.stdout.isatty() and not os.environ.get("WORKSHOP_ALLOW_NO_TTY"):
        if config_kwargs.get("session") is not None:
            config_kwargs["session"].close()  # release the lock we just took
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
        name = _one_line(entry.name)
        if entry.pack is not None:
            title = _one_line(entry.pack.title)
            print(f"{name:<20} {title} ({entry.pack.minutes} min, {len(entry.pack.steps)} steps; {_one_line(where)})")
        else:
            print(f"{name:<20} cannot be started: {entry.problems[0]}")
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
            minutes = sum(s.minutes for s in pack.steps)
            print(f"{_one_line(path)}: ok ({_one_line(pack.title)}: {len(pack.steps)} steps, {minutes} min)")
            if args.people is not None:
                _print_timings(pack, args.people)
    return 1 if bad else 0


def _print_timings(pack, people: int) -> None:
    """`check-pack --people N`: each step's minutes by the timing model, then the total."""
    from .timing import plan, timed

    planned = plan(pack, people)
    print(f"  with {people} {'person' if people == 1 else 'people'} (minutes: the pack's discussion time plus turns; see docs/timing.md):")
    print(f"  {'START':>6}  {'MINUTES':>9}  STEP")
    for item in planned.steps:
        step = item.step
        flags = ", ".join(f for f in (step.kind, step.mode if timed(step) else "", "optional" if step.optional else "") if f)
        print(f"  {item.start:6.1f}  {item.minutes:5.1f} min  {_one_line(step.id)} ({flags})")
    required = plan(pack, people, [s.id for s in pack.steps if s.optional])
    print(f"  total {planned.total:.1f} min ({planned.total_minutes} min); without the optional steps {required.total:.1f} min")


def _fit(pack, minutes: int, people: int | None) -> tuple[str, ...]:
    """`start --fit MINUTES --people N`: propose the optional steps to leave out; the facilitator confirms."""
    from .timing import plan, propose_skips, whole_minutes

    if people is None:
        raise UserError("--fit needs --people N: how many people take part")
    full = plan(pack, people)
    skip = propose_skips(pack, people, minutes)
    if skip is None:
        shortest = plan(pack, people, [s.id for s in pack.steps if s.optional])
        raise UserError(
            f"{_one_line(pack.id)} needs {whole_minutes(shortest.total)} minutes with {people} people even without its optional steps; "
            f"give more minutes or fewer people (see 'workshop check-pack FILE --people {people}')"
        )
    if not skip:
        print(f"{_one_line(pack.title)} fits {minutes} minutes with {people} people ({whole_minutes(full.total)} min): nothing to leave out.")
        return ()
    fitted = plan(pack, people, skip)
    print(f"{_one_line(pack.title)} needs {whole_minutes(full.total)} minutes with {people} people. "
          f"To fit {minutes} minutes, leave out these optional steps ({whole_minutes(fitted.total)} min without them):")
    for step_id in skip:
        item = full.at(step_id)
        print(f"  {item.minutes:5.1f} min  {_one_line(item.step.title)} ({_one_line(step_id)})")
    if not sys.stdin.isatty():
        raise UserError("not confirmed: run 'workshop start --fit' in a terminal to confirm the steps to leave out")
    try:
        reply = input("Leave these steps out of this session? [y/N] ").strip().lower()
    except EOFError:
        print()
        reply = ""
    if reply not in ("y", "yes"):
        raise UserError("nothing started: no steps were left out; start again without --fit to run every step")
    return skip


def cmd_runsheet(args: argparse.Namespace) -> int:
    from .runsheet import render_runsheet, runsheet_pdf
    from .timing import DEFAULT_PEOPLE

    pack = find_pack(args.pack, _prompts_dir(args))
    people = args.people or DEFAULT_PEOPLE
    if args.output is not None:
        _check_output(args.output)
    if args.format == "pdf":
        from .pdf import PdfUnavailable

        try:
            payload: str | bytes = runsheet_pdf(pack, people)
        except PdfUnavailable as error:
            raise UserError(str(error)) from None
        output = args.output or Path(f"runsheet-{pack.id}.pdf")
    else:
        payload = render_runsheet(pack, people, args.format)
        output = args.output
    _write_or_print(output, payload, "Run sheet")
    return 0


def cmd_sessions(args: argparse.Namespace) -> int:
    from .session import list_sessions

    infos = list_sessions(_sessions_dir(args))
    if not infos:
        print(f"No sessions in {_sessions_dir(args)}.")
        return 0
    print(f"{'ID':<16} {'DATE':<10}  {'STATE':<10} {'ANSWERS':>7}  PACK / LABEL")
    for info in infos:
        if info.error:
            print(f"{info.id:<16} {'':<10}  {'unreadable':<10} {'':>7}  {_one_line(info.error)}")
            continue
        # Shown as one line each, escapes and all: the file may have been edited by another tool.
        label = f" / {_one_line(info.label)}" if info.label else ""
        created, state = _one_line(info.created), _one_line(info.state)
        print(f"{info.id:<16} {created:<10}  {state:<10} {info.answers:>7}  {_one_line(info.pack_title)}{label}")
    return 0


def cmd_summary(args: argparse.Namespace) -> int:
    from .session import Session
    from .summary import render_summary, write_summary

    session = Session.read(_session_path(args))
    what = "Brief" if args.brief else "Summary"
    if args.output is None and args.format in ("html", "pdf"):
        storage.tidy_sessions_dir(session.path.parent)  # written beside the session
    if args.format == "pdf":
        from .pdf import PdfUnavailable, write_pdf

        if args.output is not None:
            _check_output(args.output)
        try:
            path = write_pdf(session, args.output, args.brief)
        except PdfUnavailable as error:
            raise UserError(str(error)) from None
        print(f"{what} written to {path}")
    elif args.output is not None:
        _check_output(args.output)
        path = write_summary(session, args.format, args.output, args.brief)
        print(f"{what} written to {path}")
    elif args.format == "html":
        path = write_summary(session, "html", brief_only=args.brief)
        print(f"{what} written to {path}")
    else:
        sys.stdout.write(render_summary(session, args.format, args.brief))
    _save_missing_summaries(session)  # after what was asked for: its errors come first, and alone
    return 0


def _save_missing_summaries(session) -> None:
    """A finished session whose summary files could not be saved at its end (a full disk) gets them
    now. A note on standard error says so; failing to save them does not stop the command."""
    if not session.finished:
        return
    from .summary import save_end_summaries

    storage.tidy_sessions_dir(session.path.parent)
    try:
        _present, written = save_end_summaries(session, only_missing=True)
    except storage.StorageFailure as error:
        print(f"workshop: the summary files of this finished session are still missing: {_one_line(error)}",
              file=sys.stderr)
        return
    if written:
        shown = ", ".join(_one_line(p) for p in written)
        print(f"workshop: this finished session had no summary files; saved {shown}", file=sys.stderr)


def _check_output(output: Path) -> None:
    """Refuse an -o target that cannot take a summary, in one line, before anything is written."""
    if output.is_dir():
        raise UserError(f"-o {_one_line(output)} is a folder; give a file name")
    folder = output.parent
    if not folder.is_dir():
        what = "is not a folder" if folder.exists() else "does not exist"
        raise UserError(f"-o {_one_line(output)}: the folder {_one_line(folder)} {what}")
    # The summary is written beside the target and renamed over it: that would replace a device or a
    # named pipe (say /dev/stdout) with a plain file. Only a plain file may be overwritten.
    if output.exists() and not output.is_file():
        raise UserError(f"-o {_one_line(output)} is not a plain file; give a file name")


def cmd_print(args: argparse.Namespace) -> int:
    from .printing import PrintError, print_summary
    from .session import Session

    session = Session.read(_session_path(args))
    storage.tidy_sessions_dir(session.path.parent)  # the PDF is saved beside the session
    try:
        message = print_summary(session, args.printer)
    except PrintError as error:
        raise UserError(str(error)) from None
    print(_one_line(message))
    return 0


def _write_or_print(output: Path | None, payload: str | bytes, what: str) -> None:
    """Write to -o FILE (atomically, 0600) and say so, or write the text to standard output."""
    if output is None:
        sys.stdout.write(payload if isinstance(payload, str) else payload.decode("utf-8"))
        return
    _check_output(output)
    storage.atomic_write(output, payload.encode("utf-8") if isinstance(payload, str) else payload)
    print(f"{what} written to {output}")


def _sessions_folder(args: argparse.Namespace) -> Path:
    folder = _sessions_dir(args)
    if not folder.is_dir():
        raise UserError(f"no sessions folder {_one_line(folder)}; give --sessions-dir DIR")
    return folder


def cmd_export(args: argparse.Namespace) -> int:
    from .export import export, load, load_all

    if args.all:
        sessions, problems = load_all(_sessions_folder(args))
        for problem in problems:
            print(f"workshop: skipped {_one_line(problem)}", file=sys.stderr)
    else:
        sessions = [load(_session_path(args))]
    _write_or_print(args.output, export(sessions, args.format), "Export")
    for loaded in sessions:  # said on standard error: standard output stays the export alone
        if loaded.left_out:
            turns = f"{loaded.left_out} turn{'s' if loaded.left_out != 1 else ''}"
            print(f"workshop: {loaded.id}: {turns} left out, of rounds the group never saw or with too few answers to show",
                  file=sys.stderr)
    return 0


def cmd_report(args: argparse.Namespace) -> int:
    from datetime import date

    since = None
    if args.since is not None:
        try:
            since = date.fromisoformat(args.since)
        except ValueError:
            raise UserError(f"--since {_one_line(args.since)!r} is not a date; write it as YYYY-MM-DD") from None
    folder = _sessions_folder(args)
    from .report import build_report, default_report_path, render_report, report_pdf

    report = build_report(folder, args.pack, args.label, since, include_unfinished=args.include_unfinished)
    for problem in report.skipped:
        print(f"workshop: skipped {_one_line(problem)}", file=sys.stderr)
    if args.output is not None:
        _check_output(args.output)
    if args.format == "pdf":
        from .pdf import PdfUnavailable

        try:
            payload: str | bytes = report_pdf(report)
        except PdfUnavailable as error:
            raise UserError(str(error)) from None
    else:
        payload = render_report(report, args.format)
    output = args.output
    if output is None and args.format != "md":
        storage.tidy_sessions_dir(folder)
        output = default_report_path(folder, args.format)
    _write_or_print(output, payload, "Report")
    return 0


def cmd_delete(args: argparse.Namespace) -> int:
    path = _session_path(args)
    storage.tidy_sessions_dir(path.parent)
    if not _confirm(f"Delete session {args.session_id} and its summaries for good?", args.yes):
        print("Nothing deleted.")
        return 1
    storage.delete_session_files(path)
    print(f"Deleted {path}")
    return 0


def cmd_purge(args: argparse.Namespace) -> int:
    if args.older_than < 0:
        raise UserError("--older-than takes a number of days, 0 or more")
    folder = _sessions_dir(args)
    storage.tidy_sessions_dir(folder)  # stray temporary files go too
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
    busy = 0
    for path in old:
        try:
            storage.delete_session_files(path)
        except storage.SessionBusy as error:  # open in a kiosk: keep it, purge the rest
            busy += 1
            print(f"workshop: {error}; not deleted", file=sys.stderr)
            continue
        print(f"Deleted {path}")
    return 1 if busy else 0


COMMANDS = {
    None: cmd_kiosk,
    "start": cmd_kiosk,
    "resume": cmd_kiosk,
    "packs": cmd_packs,
    "check-pack": cmd_check_pack,
    "runsheet": cmd_runsheet,
    "sessions": cmd_sessions,
    "summary": cmd_summary,
    "print": cmd_print,
    "export": cmd_export,
    "report": cmd_report,
    "delete": cmd_delete,
    "purge": cmd_purge,
}


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return COMMANDS[args.command](args)
    except (UserError, PackNotFound, storage.SessionFileError, storage.StorageFailure) as error:
        print(f"workshop: {_one_line(error)}", file=sys.stderr)
        return 1
    except PackError as error:
        # One line: the first problem, and where to see them all.
        first = error.problems[0]
        more = len(error.problems) - 1
        extra = f" (and {more} more; see 'workshop check-pack {_one_line(first.file)}')" if more else ""
        print(f"workshop: {first}{extra}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        # The reader went away (`| head`): say nothing, and stop Python complaining at exit.
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, sys.stdout.fileno())
        except (OSError, ValueError):
            pass
        return 0
    except OSError as error:  # anything else the file system refuses, still in one line
        where = f"{error.filename}: " if error.filename else ""
        print(f"workshop: {_one_line(where)}{_one_line(error.strerror or error)}", file=sys.stderr)
        return 1
