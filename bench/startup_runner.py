"""Subprocess runner for the cold-start and memory benchmarks (figures 1 and 6).

Usage: python bench/startup_runner.py {kiosk|bare} SESSIONS_DIR [--modules]

Starts the app headless, waits for the first frame of its first screen (the kiosk's HomeScreen,
the bare app's default screen), prints one JSON line and exits. `first_frame_s` is measured from
the very first statement of this script (interpreter start-up is not included; the parent measures
that separately from the moment it spawns the process).
"""

import time

T0 = time.perf_counter()

import json  # noqa: E402
import resource  # noqa: E402
import sys  # noqa: E402

# What the interpreter + this script's own imports already hold, before any app code is imported.
_BASELINE_MODULES = set(sys.modules)


def _make_app(kind: str, sessions_dir: str):
    if kind == "kiosk":
        from pathlib import Path

        from workshop.ui.app import Config, WorkshopApp

        return WorkshopApp(Config(sessions_dir=Path(sessions_dir))), "HomeScreen"
    if kind == "bare":
        from textual.app import App, ComposeResult
        from textual.widgets import Static

        class BareApp(App):
            def compose(self) -> ComposeResult:
                yield Static("Hello")

        return BareApp(), "Screen"
    raise SystemExit(f"unknown app kind {kind!r}")


def main() -> None:
    kind, sessions_dir = sys.argv[1], sys.argv[2]
    want_modules = "--modules" in sys.argv[3:]
    app, screen_name = _make_app(kind, sessions_dir)
    t_constructed = time.perf_counter() - T0
    result: dict = {}
    original_display = app._display

    def display(screen, renderable):
        # Called by the screen's compositor with each rendered update (also when headless: the
        # frame is composed and rendered; only the terminal write is skipped).
        original_display(screen, renderable)
        if not result and renderable is not None and type(screen).__name__ == screen_name:
            now = time.perf_counter()
            result["first_frame_s"] = now - T0
            # perf_counter is CLOCK_MONOTONIC on Linux, shared by all processes: the parent subtracts
            # its spawn time from this to get spawn-to-first-frame, interpreter start-up included.
            result["frame_clock"] = now
            result["constructed_s"] = t_constructed
            result["maxrss_kb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
            result["screen"] = type(screen).__name__
            if want_modules:
                result["modules"] = sorted(set(sys.modules) - _BASELINE_MODULES)
            app.exit()

    app._display = display  # instance attribute shadows the method
    app.run(headless=True, size=(100, 30))
    if not result:
        raise SystemExit("the app exited before its first frame")
    sys.stdout.write(json.dumps(result) + "\n")
    sys.stdout.flush()


if __name__ == "__main__":
    main()
