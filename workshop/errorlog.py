"""The kiosk's log of unexpected errors: `kiosk-errors.log` beside the sessions, 0600.

When something goes wrong that the app did not foresee, the shared screen shows one neutral line and
no traceback (a traceback can show local variables, and so answers). What a maintainer needs to find
the fault goes here instead: the exception's type and where in the code it happened (file, line and
function of each frame), never its message, never a value, never a time (a time could be matched to a
turn). Each entry is a few lines; the file stops growing at 1 MiB.
"""

from __future__ import annotations

import os
import traceback
from pathlib import Path

LOG_NAME = "kiosk-errors.log"
MAX_LOG_BYTES = 1024 * 1024


def _where(filename: str) -> str:
    """A frame's file, from the package (or library) folder on: no home folder or user name."""
    parts = Path(filename).parts
    for anchor in ("workshop", "site-packages"):
        if anchor in parts:
            index = len(parts) - 1 - parts[::-1].index(anchor)
            return "/".join(parts[index:])
    return Path(filename).name


def describe(error: BaseException) -> str:
    """The exception's type and the code locations it passed through; nothing it carried."""
    lines: list[str] = []
    seen: set[int] = set()
    current: BaseException | None = error
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        kind = type(current)
        lines.append(f"{'unexpected error' if current is error else 'while handling'}: {kind.__module__}.{kind.__qualname__}")
        for frame in traceback.extract_tb(current.__traceback__):
            lines.append(f"  at {_where(frame.filename)}:{frame.lineno} in {frame.name}")
        current = current.__cause__ or current.__context__
    return "\n".join(lines) + "\n"


def record(folder: Path, error: BaseException) -> Path:
    """Append one entry for `error` to the log in `folder`; returns the log's path. Raises OSError."""
    path = Path(folder) / LOG_NAME
    entry = describe(error).encode("utf-8", "replace")
    flags = os.O_WRONLY | os.O_CREAT | os.O_APPEND | getattr(os, "O_CLOEXEC", 0) | getattr(os, "O_NOFOLLOW", 0)
    fd = os.open(path, flags, 0o600)
    try:
        os.fchmod(fd, 0o600)
        if os.fstat(fd).st_size + len(entry) <= MAX_LOG_BYTES:
            os.write(fd, entry + b"\n")
    finally:
        os.close(fd)
    return path
