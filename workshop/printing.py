"""Print the board summary: make the PDF, then hand it to CUPS `lp` if this machine has it.

`print_summary(session, printer=None)` is safe to call from a worker thread while the kiosk owns the
terminal: the PDF is made in a child process (so nothing WeasyPrint, Pango or fontconfig print can
reach the screen) and `lp` runs with standard input, output and error redirected, in a new session
(no controlling terminal), with a timeout. It returns one line to show; on failure it raises
`PrintError` with one line. Without `lp`, the PDF is saved beside the session and the line says where.
"""

from __future__ import annotations

import os
import re
import shutil
import signal
import subprocess
import sys
from pathlib import Path

LP_TIMEOUT = 30  # seconds for `lp` to queue the job (it does not wait for the paper)
PDF_TIMEOUT = 120  # seconds to make the PDF in the child process
# CUPS printer names: printable, no spaces, "/", "#" or "\\", at most 127 characters; never an option.
_PRINTER_RE = re.compile(r"^[^\s/#\\\-][^\s/#\\]{0,126}\Z")


class PrintError(Exception):
    """Printing did not happen; the message is one line and says where the PDF is, if it was made."""


def _one_line(text: object, limit: int = 300) -> str:
    text = " ".join(str(text).split())
    text = "".join(c for c in text if c.isprintable())
    return text[:limit]


def check_printer(name: str) -> str:
    if not isinstance(name, str) or not _PRINTER_RE.match(name) or not name.isprintable():
        raise PrintError(f"{_one_line(name, 60)!r} is not a printer name (see 'lpstat -p' for the names)")
    return name


def _run(command: list[str], timeout: float, env: dict[str, str] | None = None) -> tuple[int, str, str]:
    """Run a command away from the terminal: no stdin, output captured, own session; killed on timeout."""
    process = subprocess.Popen(
        command,
        stdin=subprocess.DEVNULL,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,
        close_fds=True,
        env=env,
    )
    try:
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        try:
            os.killpg(process.pid, signal.SIGKILL)
        except OSError:
            process.kill()
        process.communicate()
        raise
    return process.returncode, out.decode("utf-8", "replace"), err.decode("utf-8", "replace")


def make_pdf_isolated(session_path: Path, target: Path, timeout: float = PDF_TIMEOUT) -> Path:
    """Make the summary PDF of the session file in a child process; raises PrintError (one line)."""
    env = dict(os.environ)
    # The child must import this very package, wherever it was loaded from.
    package_root = str(Path(__file__).resolve().parent.parent)
    env["PYTHONPATH"] = package_root + (os.pathsep + env["PYTHONPATH"] if env.get("PYTHONPATH") else "")
    try:
        code, _out, err = _run(
            [sys.executable, "-m", "workshop.pdf", str(session_path), str(target)], timeout, env=env
        )
    except subprocess.TimeoutExpired:
        raise PrintError(f"making the PDF took longer than {timeout:.0f} seconds; nothing was printed") from None
    except OSError as error:
        raise PrintError(f"could not start making the PDF: {_one_line(error)}") from None
    if code != 0:
        lines = [line for line in err.splitlines() if line.strip()]
        reason = _one_line(lines[-1]) if lines else f"exit status {code}"
        raise PrintError(f"{reason}; nothing was printed")
    return target


def print_summary(session, printer: str | None = None) -> str:
    """Make the session's summary PDF and send it to `lp` (to `printer`, or the default printer).

    Returns one line for the screen; raises PrintError (one line) if the PDF could not be made or
    `lp` refused it. Without `lp` on PATH, returns where the PDF was saved.
    """
    from .pdf import default_pdf_path

    if printer is not None:
        check_printer(printer)
    target = default_pdf_path(session).resolve()
    make_pdf_isolated(Path(session.path).resolve(), target)
    lp = shutil.which("lp")
    if lp is None:
        return f"No printing system (lp) found on this computer; the summary PDF is saved at {target}"
    command = [lp] + (["-d", printer] if printer else []) + [str(target)]
    try:
        code, out, err = _run(command, LP_TIMEOUT)
    except subprocess.TimeoutExpired:
        raise PrintError(f"the printing system did not answer within {LP_TIMEOUT} seconds; the PDF is saved at {target}") from None
    except OSError as error:
        raise PrintError(f"could not run lp ({_one_line(error)}); the PDF is saved at {target}") from None
    if code != 0:
        lines = [line for line in (err or out).splitlines() if line.strip()]
        reason = _one_line(lines[0]) if lines else f"lp exit status {code}"
        raise PrintError(f"printing failed: {reason}; the PDF is saved at {target}")
    where = f"printer {printer}" if printer else "the default printer"
    job = _one_line(out, 120)
    return f"Summary sent to {where}{f' ({job})' if job else ''}; the PDF is also saved at {target}"
