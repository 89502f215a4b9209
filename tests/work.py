"""Counting work instead of timing it.

Tests never assert on wall-clock time: a busy CI machine makes any "under N ms" flaky. What a test
can count instead:

* `calls(func, *args)`: how many Python and C function calls one call of `func` makes. A loop that
  goes quadratic, or a helper called once per character where it should be called once per run,
  shows up here whatever the machine is doing.
* `within_a_hang_bound(func, *args)`: runs `func` under an alarm of `HANG_SECONDS`, a bound so
  generous (hundreds of times the real cost) that only a hang or catastrophic regex backtracking can
  reach it. CPython's regex engine checks for signals while it matches, so the alarm interrupts a
  runaway pattern too.

The speed figures themselves live in `bench/` (`python -m bench.run --only text`).
"""

from __future__ import annotations

import signal
import sys
from typing import Any, Callable

HANG_SECONDS = 20


def calls(func: Callable[..., Any], *args: Any) -> int:
    """The number of function calls (Python and C) made while `func(*args)` runs."""
    count = 0

    def profiler(frame, event, arg):  # noqa: ARG001
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    previous = sys.getprofile()
    sys.setprofile(profiler)
    try:
        func(*args)
    finally:
        sys.setprofile(previous)
    return count


class Hang(Exception):
    pass


def within_a_hang_bound(func: Callable[..., Any], *args: Any, seconds: int = HANG_SECONDS) -> Any:
    """`func(*args)`, or a test failure if it has not returned after `seconds` (a hang, not slowness)."""

    def alarm(signum, frame):  # noqa: ARG001
        raise Hang(f"{getattr(func, '__name__', func)} did not return within {seconds} s: a hang")

    previous = signal.signal(signal.SIGALRM, alarm)
    signal.alarm(seconds)
    try:
        return func(*args)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def scales_linearly(func: Callable[[str], Any], unit: str, small: int, factor: int = 10, slack: float = 1.5) -> tuple[int, int]:
    """Calls made on `unit` repeated to `small` characters and to `factor` times that.

    Returns the two counts after checking that the larger input cost at most `slack * factor` times
    the calls of the smaller one (linear, with room for constant overheads)."""
    text = (unit * (small * factor // max(len(unit), 1) + 1))
    little, big = calls(func, text[:small]), calls(func, text[: small * factor])
    assert big <= slack * factor * max(little, 1), (
        f"{factor}x the input made {big} calls against {little}: more than linear"
    )
    return little, big
