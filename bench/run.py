"""The Hymn Sheet benchmark suite: one command, every figure next to its target.

    python -m bench.run            # the full run (about 3.5 minutes on 2 cores)
    python -m bench.run --quick    # a short smoke run (about a minute); figures are rougher
    .venv/bin/python bench/run.py [--quick] [--json FILE]

Every figure that has a baseline is measured in the same run, interleaved with it (machines are
noisy), and reported as medians and ratios. See docs/benchmarks.md for what each figure measures.
"""

from __future__ import annotations

import argparse
import importlib
import importlib.util
import json
import os
import platform
import random
import subprocess
import sys
import tempfile
import time
from datetime import datetime
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
if __package__ in (None, ""):  # run as a script: make `bench` importable
    sys.path.insert(0, str(ROOT))

from bench import fixtures  # noqa: E402
from bench.stats import Results, Row, median, mib, ms, percentile, ratio, sec, table, verdict  # noqa: E402

PYTHON = sys.executable
STARTUP_RUNNER = HERE / "startup_runner.py"
TYPING_RUNNER = HERE / "typing_runner.py"

# Imported before the first frame, these would be a problem (PDF stacks, template engines, test tools,
# data libraries). tinydb and tomllib are expected: the kiosk reads packs and sessions.
HEAVY = (
    "jinja2", "markupsafe", "weasyprint", "reportlab", "fpdf", "pypdf", "PyPDF2", "fitz", "pydyf",
    "cairocffi", "cairosvg", "cffi", "PIL", "fontTools", "tinycss2", "cssselect2", "html5lib", "lxml",
    "hypothesis", "pytest", "_pytest", "numpy", "pandas", "tree_sitter", "pygments", "markdown_it",
    "workshop.summary", "workshop.pdf", "workshop.report", "workshop.cli",
)


def is_heavy(module: str) -> bool:
    return any(module == h or module.startswith(h + ".") for h in HEAVY)


# --- machine ----------------------------------------------------------------------------------------


def machine_info() -> dict[str, str]:
    info: dict[str, str] = {}
    info["date"] = datetime.now().astimezone().strftime("%Y-%m-%d %H:%M %Z")
    info["nproc"] = str(os.cpu_count())
    try:
        info["nproc"] = subprocess.run(["nproc"], capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        pass
    cpu = ""
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.lower().startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    info["cpu"] = cpu or platform.processor() or "unknown"
    try:
        free = subprocess.run(["free", "-h"], capture_output=True, text=True, check=True).stdout
        mem = [ln for ln in free.splitlines() if ln.startswith("Mem:")]
        info["memory"] = " ".join(mem[0].split()[:4]) if mem else free.strip()
    except (OSError, subprocess.CalledProcessError):
        info["memory"] = "unknown"
    info["python"] = platform.python_version()
    try:
        from importlib.metadata import version

        info["textual"] = version("textual")
        info["tinydb"] = version("tinydb")
        info["jinja2"] = version("jinja2")
    except Exception:  # pragma: no cover - metadata missing
        pass
    info["platform"] = platform.platform()
    return info


# --- 1 and 6: cold start, memory, imports -------------------------------------------------------------


def spawn_startup(kind: str, sessions_dir: Path, *extra: str, python_flags: tuple[str, ...] = ()) -> dict:
    cmd = [PYTHON, *python_flags, str(STARTUP_RUNNER), kind, str(sessions_dir), *extra]
    t0 = time.perf_counter()
    proc = subprocess.run(cmd, capture_output=True, text=True, timeout=120, cwd=ROOT)
    wall = time.perf_counter() - t0
    if proc.returncode != 0:
        raise RuntimeError(f"{kind} start-up runner failed: {proc.stderr.strip()[-2000:]}")
    result = json.loads(proc.stdout.strip().splitlines()[-1])
    result["wall_s"] = wall
    spawn_to_frame = result["frame_clock"] - t0
    result["spawn_to_frame_s"] = spawn_to_frame if 0 < spawn_to_frame < wall else float("nan")
    result["stderr"] = proc.stderr
    return result


def import_times(stderr: str) -> dict[str, int]:
    """`-X importtime` output -> {module: self time in microseconds}."""
    found: dict[str, int] = {}
    for line in stderr.splitlines():
        if not line.startswith("import time:"):
            continue
        parts = line[len("import time:"):].split("|")
        if len(parts) != 3:
            continue
        try:
            found[parts[2].strip()] = int(parts[0])
        except ValueError:  # the header line
            continue
    return found


def fs_type(path: Path) -> str:
    """The file system holding `path` (fsync costs differ: tmpfs makes it free)."""
    best, kind = "", "unknown"
    try:
        for line in Path("/proc/mounts").read_text().splitlines():
            fields = line.split()
            if len(fields) >= 3 and str(path).startswith(fields[1]) and len(fields[1]) > len(best):
                best, kind = fields[1], f"{fields[2]} on {fields[1]} ({fields[0]})"
    except OSError:
        pass
    return kind


def bench_startup(results: Results, pairs: int, tmp: Path) -> None:
    print(f"\n== 1, 6: cold start and memory ({pairs} alternating runs each, fresh processes)", flush=True)
    sessions = fixtures.scratch_dir(tmp, "startup")
    # Warm-up (not counted): writes any missing .pyc files, fills the page cache; also lists modules.
    kiosk_mods = spawn_startup("kiosk", sessions, "--modules")
    bare_mods = spawn_startup("bare", sessions, "--modules")
    runs: dict[str, list[dict]] = {"kiosk": [], "bare": []}
    for i in range(pairs):
        order = ("kiosk", "bare") if i % 2 == 0 else ("bare", "kiosk")
        for kind in order:
            runs[kind].append(spawn_startup(kind, sessions))
    # One more run of each with -X importtime: where the kiosk's extra start-up time goes.
    kiosk_imp = import_times(spawn_startup("kiosk", sessions, python_flags=("-X", "importtime"))["stderr"])
    bare_imp = import_times(spawn_startup("bare", sessions, python_flags=("-X", "importtime"))["stderr"])

    def med(kind: str, key: str) -> float:
        return median([r[key] for r in runs[kind]])

    k_ff, b_ff = med("kiosk", "first_frame_s"), med("bare", "first_frame_s")
    k_sp, b_sp = med("kiosk", "spawn_to_frame_s"), med("bare", "spawn_to_frame_s")
    k_wall, b_wall = med("kiosk", "wall_s"), med("bare", "wall_s")
    k_rss, b_rss = med("kiosk", "maxrss_kb"), med("bare", "maxrss_kb")
    r = ratio(k_ff, b_ff)
    results.add(Row("1", "Cold start to first frame of home screen (runner start to frame, median)",
                    ms(k_ff, 1), "ratio <= 1.25", verdict(r <= 1.25), ms(b_ff, 1), f"{r:.2f}"))
    results.add(Row("1a", "Spawn to first frame, interpreter start-up included (median)",
                    ms(k_sp, 1), "info", "info", ms(b_sp, 1), f"{ratio(k_sp, b_sp):.2f}"))
    results.add(Row("1b", "Whole subprocess wall time, start to exit (median)",
                    ms(k_wall, 1), "info", "info", ms(b_wall, 1), f"{ratio(k_wall, b_wall):.2f}"))
    r = ratio(k_rss, b_rss)
    results.add(Row("6", "Peak memory (ru_maxrss) at first frame of home screen (median)",
                    mib(k_rss), "ratio <= 1.3", verdict(r <= 1.3), mib(b_rss), f"{r:.2f}"))

    extra = [m for m in kiosk_mods["modules"] if m not in set(bare_mods["modules"])]
    heavy = [m for m in extra if is_heavy(m)]
    results.add(Row("6a", "Heavy modules imported before the kiosk's first frame",
                    ", ".join(heavy) if heavy else "none", "none", verdict(not heavy),
                    note=f"{len(extra)} modules beyond the bare app"))
    only_kiosk = {m: us for m, us in kiosk_imp.items() if m not in bare_imp}
    top = sorted(only_kiosk.items(), key=lambda kv: kv[1], reverse=True)[:10]
    print(f"  modules imported by the kiosk before its first frame that the bare app does not import ({len(extra)}):")
    groups: dict[str, list[str]] = {}
    for m in extra:
        groups.setdefault(m.split(".")[0] if not m.startswith("textual.") else ".".join(m.split(".")[:2]), []).append(m)
    for root, members in sorted(groups.items()):
        flag = "  <-- HEAVY" if any(is_heavy(m) for m in members) else ""
        print(f"    {root}: {len(members)} module(s){flag}")
    print("  full list: " + ", ".join(extra))
    print(f"  import self-time of those modules (-X importtime, one run): {sum(only_kiosk.values()) / 1000:.1f} ms; top:")
    for name, us in top:
        print(f"    {us / 1000:7.1f} ms  {name}")
    results.raw["startup"] = {
        "runs": {k: [{key: v for key, v in r.items() if key != "stderr"} for r in rs] for k, rs in runs.items()},
        "kiosk_only_modules": extra,
        "heavy": heavy,
        "kiosk_only_import_us": dict(top),
        "kiosk_only_import_total_ms": sum(only_kiosk.values()) / 1000,
    }


# --- 2: answer commit latency ---------------------------------------------------------------------------


def bench_commit(results: Results, submits: int, tmp: Path) -> Path:
    """Returns the folder of 1,000 past sessions (reused by the report benchmark)."""
    print(f"\n== 2: answer commit latency ({submits} open answers per condition, interleaved)", flush=True)
    template_dir = fixtures.scratch_dir(tmp, "template")
    template = fixtures.finished_session_file(template_dir, participants=12)
    one = fixtures.scratch_dir(tmp, "past-1")
    many = fixtures.scratch_dir(tmp, "past-1000")
    fixtures.populate(one, template, 1)
    t0 = time.perf_counter()
    fixtures.populate(many, template, 1000)
    print(f"  1,000 past sessions written in {sec(time.perf_counter() - t0)} "
          f"(each {template.stat().st_size / 1024:.0f} KiB: built-in pack, 12 participants, finished)", flush=True)
    sessions = {"1": fixtures.session_at_open_step(one), "1000": fixtures.session_at_open_step(many)}
    rng = random.Random(5)
    times: dict[str, list[float]] = {"1": [], "1000": []}
    try:
        for i in range(submits):
            order = ("1", "1000") if i % 2 == 0 else ("1000", "1")
            text = rng.choice(fixtures.OPEN_TEXTS)
            for key in order:
                session = sessions[key]
                t = time.perf_counter()
                session.submit(text)
                times[key].append(time.perf_counter() - t)
        size = sessions["1000"].path.stat().st_size
    finally:
        for session in sessions.values():
            session.close()
    p95_1, p95_k = percentile(times["1"], 95), percentile(times["1000"], 95)
    r = ratio(p95_k, p95_1)
    results.add(Row("2", "Answer commit (submit, fsync), 1 past session: p95",
                    ms(p95_1), "<= 5 ms", verdict(p95_1 <= 0.005),
                    note=f"median {ms(median(times['1']))}, max {ms(max(times['1']))}"))
    results.add(Row("2a", "Answer commit, 1,000 past sessions: p95",
                    ms(p95_k), "<= 5 ms; ratio <= 1.2", verdict(p95_k <= 0.005 and r <= 1.2),
                    baseline=ms(p95_1), ratio=f"{r:.2f}",
                    note=f"median {ms(median(times['1000']))} vs {ms(median(times['1']))}"))
    tenth = max(1, submits // 10)
    early = median(times["1"][:tenth] + times["1000"][:tenth])
    late = median(times["1"][-tenth:] + times["1000"][-tenth:])
    print(f"  file grows to {size / 1024:.0f} KiB; median commit over the first {tenth} answers {ms(early)}, "
          f"over the last {tenth} {ms(late)}", flush=True)
    results.raw["commit"] = {"times": times, "final_file_bytes": size}
    fixtures.remove(one)
    fixtures.remove(template_dir)
    return many


# --- 3: summaries ----------------------------------------------------------------------------------------


def bench_summary(results: Results, warm_runs: int, pdf_runs: int, tmp: Path) -> None:
    from workshop.session import Session

    print(f"\n== 3: summary of a 30 participants x 25 steps session ({warm_runs} warm runs per format)", flush=True)
    folder = fixtures.scratch_dir(tmp, "summary")
    session = Session.create(folder, fixtures.big_pack(25), "Whole-county partnership", fixtures.PIN,
                             today=fixtures.DAY)
    fill_times: list[float] = []
    t0 = time.perf_counter()
    try:
        fixtures.fill(session, 30, random.Random(11), timings=fill_times)
        print(f"  {len(fill_times)} turns submitted and 25 steps revealed in {sec(time.perf_counter() - t0)}; "
              f"file {session.path.stat().st_size / 1024:.0f} KiB", flush=True)
        tail = fill_times[-60:]
        results.add(Row("2b", "Answer commit late in a 30 x 25 session (last 60 of 750 turns): p95",
                        ms(percentile(tail, 95)), "<= 5 ms", verdict(percentile(tail, 95) <= 0.005),
                        note=f"median {ms(median(tail))}; first 60 turns median {ms(median(fill_times[:60]))}"))

        t = time.perf_counter()
        summary = importlib.import_module("workshop.summary")
        import_s = time.perf_counter() - t
        cold: dict[str, float] = {}
        for fmt in ("html", "md", "txt"):
            t = time.perf_counter()
            summary.render_summary(session, fmt)
            cold[fmt] = time.perf_counter() - t
        warm: dict[str, list[float]] = {fmt: [] for fmt in ("html", "md", "txt")}
        for i in range(warm_runs):
            formats = ["html", "md", "txt"]
            random.Random(i).shuffle(formats)
            for fmt in formats:
                t = time.perf_counter()
                summary.render_summary(session, fmt)
                warm[fmt].append(time.perf_counter() - t)
        # Where the time goes: gathering the figures (open session vs read-only) and templating.
        context_open = []
        for _ in range(max(3, warm_runs // 3)):
            t = time.perf_counter()
            summary.build_context(session)
            context_open.append(time.perf_counter() - t)
        snapshot = Session.read(session.path)
        context_read, html_read = [], []
        for _ in range(max(3, warm_runs // 3)):
            t = time.perf_counter()
            summary.build_context(snapshot)
            context_read.append(time.perf_counter() - t)
            t = time.perf_counter()
            summary.render_summary(snapshot, "html")
            html_read.append(time.perf_counter() - t)

        for fmt in ("html", "md", "txt"):
            m = median(warm[fmt])
            results.add(Row(f"3{'abc'['html md txt'.split().index(fmt)]}", f"Summary render_summary({fmt!r}), warm median",
                            ms(m, 1), "<= 50 ms", verdict(m <= 0.050),
                            note=f"first (cold) run {ms(cold[fmt], 1)}; p95 {ms(percentile(warm[fmt], 95), 1)}"))
        print(f"  import workshop.summary (Jinja2): {ms(import_s, 1)}; first html render includes the environment "
              f"and template compilation", flush=True)
        print(f"  build_context alone: open session {ms(median(context_open), 1)}, "
              f"read-only Session.read {ms(median(context_read), 1)}; "
              f"html summary of the read-only session {ms(median(html_read), 1)}", flush=True)
        results.add(Row("3i", "  of which build_context (open session), median", ms(median(context_open), 1), "info",
                        "info", note=f"read-only Session.read: {ms(median(context_read), 1)}"))

        pdf_spec = importlib.util.find_spec("workshop.pdf")
        pdf_raw: dict = {}
        if pdf_spec is None:
            results.add(Row("3d", "Summary PDF (render_pdf)", "n/a (no PDF support yet)", "<= 1.5 s", "n/a"))
        else:
            try:
                pdf_raw = bench_pdf(results, session, pdf_runs, tmp)
            except Exception as error:  # a half-written module must not stop the other figures
                if type(error).__name__ == "PdfUnavailable":  # WeasyPrint or Pango missing on this machine
                    results.add(Row("3d", "Summary PDF (render_pdf)", f"n/a ({error})"[:140], "<= 1.5 s", "n/a"))
                else:
                    results.add(Row("3d", "Summary PDF (render_pdf)", f"error: {type(error).__name__}: {error}"[:120],
                                    "<= 1.5 s", "MISS"))
        results.raw["summary"] = {"cold": cold, "warm": warm, "import_s": import_s, "context_open": context_open,
                                  "context_read": context_read, "html_read": html_read, "pdf": pdf_raw,
                                  "fill_times": fill_times}
    finally:
        session.close()
        fixtures.remove(folder)


BASELINE_PAGE = """<!DOCTYPE html><html lang="en-GB"><head><meta charset="utf-8"><title>Baseline</title>
<style>body { font-family: "Helvetica Neue", Arial, sans-serif; font-size: 10.5pt; }</style></head>
<body><h1 class="run-title">One page</h1><p><span class="run-label">Baseline</span> <span class="run-date">today</span></p>
<p>A one-page document through the same WeasyPrint call, page rules and fonts as the summary.</p></body></html>"""


def _subsetter() -> str:
    """Which font subsetter WeasyPrint uses here (HarfBuzz-subset is much faster than fontTools)."""
    try:
        from weasyprint.pdf import fonts

        return "HarfBuzz" if getattr(fonts, "harfbuzz_subset", None) else "fontTools"
    except Exception:  # noqa: BLE001 (only for the note)
        return "?"


def _pages(payload: bytes) -> int | str:
    """A PDF's page count, read by pypdfium2 (a test extra) if it is installed."""
    if importlib.util.find_spec("pypdfium2") is None:
        return "?"
    import pypdfium2

    document = pypdfium2.PdfDocument(payload)
    try:
        return len(document)
    finally:
        document.close()


def brief_maker(summary, pdf, session):
    """A function that makes the brief's PDF, or (None, why not): the brief is being built on another
    branch, so this looks for what `workshop.summary` (and `workshop.pdf`) offer and says what it found."""
    import inspect

    def takes_brief(function) -> bool:
        try:
            return "brief" in inspect.signature(function).parameters
        except (TypeError, ValueError):
            return False

    def takes(function, name: str) -> bool:
        try:
            return name in inspect.signature(function).parameters
        except (TypeError, ValueError):
            return False

    if takes(pdf.render_pdf, "brief_only"):
        return (lambda: pdf.render_pdf(session, brief_only=True)), "render_pdf(session, brief_only=True)"
    if takes(summary.render_summary, "brief_only"):
        return ((lambda: pdf.html_to_pdf(summary.render_summary(session, "html", brief_only=True))),
                "html_to_pdf(render_summary(session, 'html', brief_only=True))")
    if takes_brief(pdf.render_pdf):
        return (lambda: pdf.render_pdf(session, brief=True)), "render_pdf(session, brief=True)"
    if takes_brief(summary.render_summary):
        return ((lambda: pdf.html_to_pdf(summary.render_summary(session, "html", brief=True))),
                "html_to_pdf(render_summary(session, 'html', brief=True))")
    return None, "workshop.summary offers no brief yet (no render_brief, no brief= option)"


def bench_pdf(results: Results, session, runs: int, tmp: Path) -> dict:
    """3d: the whole 30 x 25 summary as a PDF; 3e: the brief of the built-in pack's session of 12 people
    (every step answered, the optional ones too; once `workshop.summary` offers a brief); 3f: that
    session's whole summary. Each against a one-page WeasyPrint document (the baseline), all
    interleaved in the same run (the order turns every round). Wall-clock medians give the figures;
    process CPU times, which a busy machine disturbs less, are in the notes."""
    t = time.perf_counter()
    pdf = importlib.import_module("workshop.pdf")
    summary = importlib.import_module("workshop.summary")
    from workshop.session import Session

    pdf.html_to_pdf(BASELINE_PAGE)  # imports WeasyPrint, loads the fonts
    first_s = time.perf_counter() - t
    cases = {"baseline": lambda: pdf.html_to_pdf(BASELINE_PAGE), "summary": lambda: pdf.render_pdf(session)}
    folder = fixtures.scratch_dir(tmp, "record")
    twelve = Session.read(fixtures.default_pack_session(folder, participants=12))
    cases["record"] = lambda: pdf.render_pdf(twelve)
    brief, brief_how = brief_maker(summary, pdf, twelve)
    if brief is not None:
        cases["brief"] = brief
    else:
        print(f"  3e skipped: {brief_how}", flush=True)
    walls: dict[str, list[float]] = {kind: [] for kind in cases}
    cpus: dict[str, list[float]] = {kind: [] for kind in cases}
    payloads: dict[str, bytes] = {}
    kinds = list(cases)
    try:
        for i in range(runs + 1):
            order = kinds[i % len(kinds):] + kinds[:i % len(kinds)]
            for kind in order:
                t, c = time.perf_counter(), time.process_time()
                payloads[kind] = cases[kind]()
                wall, cpu = time.perf_counter() - t, time.process_time() - c
                if i:  # the first round warms up (templates, fonts, caches)
                    walls[kind].append(wall)
                    cpus[kind].append(cpu)
    finally:
        fixtures.remove(folder)
    base, cpu_base = median(walls["baseline"]), median(cpus["baseline"])

    def row(number: str, kind: str, figure: str, target_s: float | None, extra: str = "") -> None:
        m, cpu = median(walls[kind]), median(cpus[kind])
        pages = _pages(payloads[kind])
        results.add(Row(number, figure, sec(m), f"<= {target_s} s" if target_s else "info",
                        verdict(m <= target_s) if target_s else "info", baseline=sec(base),
                        ratio=f"{m / base:.1f}" if base else "",
                        note=f"CPU {sec(cpu)} against {sec(cpu_base)} (ratio {cpu / cpu_base:.1f}); {pages} pages, "
                             f"{len(payloads[kind]) / 1024:.0f} KiB{extra}"))

    row("3d", "summary", "Summary PDF render_pdf(session), 30 x 25, warm median", 1.5,
        f"; first call (WeasyPrint import) {sec(first_s)}; font subsetting by {_subsetter()}")
    if "brief" in cases:
        row("3e", "brief", "Brief PDF, built-in pack, 12 people, warm median", 0.8, f"; {brief_how}")
    else:
        results.add(Row("3e", "Brief PDF, built-in pack, 12 people", f"n/a ({brief_how})"[:140], "<= 0.8 s", "n/a"))
    pages = _pages(payloads["record"])
    row("3f", "record", "Whole summary PDF, built-in pack, 12 people, every step, warm median", None,
        f"; page target <= 8: {verdict(isinstance(pages, int) and pages <= 8)}")
    return {"first_s": first_s, "walls": walls, "cpus": cpus, "bytes": {k: len(v) for k, v in payloads.items()},
            "pages": {k: _pages(v) for k, v in payloads.items()}, "subsetter": _subsetter(), "brief": brief_how}


# --- 4: cross-session report ----------------------------------------------------------------------------


def _report_cli_exists() -> bool:
    try:
        from workshop.cli import build_parser

        parser = build_parser()
    except Exception:
        return False
    for action in parser._actions:  # noqa: SLF001 - argparse keeps sub-commands here
        choices = getattr(action, "choices", None)
        if isinstance(choices, dict) and "report" in choices:
            return True
    return False


def bench_report(results: Results, folder: Path, runs: int, tmp: Path) -> None:
    count = sum(1 for _ in folder.glob("*.json"))
    print(f"\n== 4: cross-session report over {count} session files "
          f"(1,000 finished + the one written by figure 2)", flush=True)
    from workshop.session import list_sessions

    listing = []
    for _ in range(runs):
        t = time.perf_counter()
        found = list_sessions(folder)
        listing.append(time.perf_counter() - t)
    results.add(Row("4a", f"Session list (Resume / Past sessions screens): list_sessions over {count} files, median",
                    sec(median(listing)), "info", "info", note=f"{len(found)} sessions; first run {sec(listing[0])}"))
    results.raw["list_sessions"] = listing

    raw: dict = {}
    if _report_cli_exists():
        out_dir = fixtures.scratch_dir(tmp, "report-out")
        for fmt in ("md", "html"):
            times = []
            for i in range(runs):
                target = out_dir / f"report-{i}.{fmt}"
                cmd = [PYTHON, "-m", "workshop", "report", "--sessions-dir", str(folder), "--format", fmt,
                       "-o", str(target)]
                t = time.perf_counter()
                proc = subprocess.run(cmd, capture_output=True, text=True, timeout=300, cwd=ROOT)
                times.append(time.perf_counter() - t)
                if proc.returncode != 0:
                    results.add(Row("4", f"Cross-session report: workshop report --format {fmt}",
                                    f"error (exit {proc.returncode}): {proc.stderr.strip()[-120:]}", "<= 2 s", "MISS"))
                    break
            else:
                m = median(times)
                size = target.stat().st_size if target.exists() else 0
                results.add(Row("4" if fmt == "md" else "4b",
                                f"Cross-session report: `workshop report --format {fmt}`, whole command, median",
                                sec(m), "<= 2 s", verdict(m <= 2.0),
                                note=f"{runs} run(s), process start-up included; {size / 1024:.0f} KiB"))
                raw[f"cli_{fmt}"] = times
        fixtures.remove(out_dir)
    if importlib.util.find_spec("workshop.report") is None:
        if not raw:
            results.add(Row("4", "Cross-session report over 1,000 sessions", "n/a (no report command yet)",
                            "<= 2 s", "n/a"))
        return
    try:
        report_mod = importlib.import_module("workshop.report")
        build_report, render_report = report_mod.build_report, report_mod.render_report
    except Exception as error:
        results.add(Row("4c", "Cross-session report (in process)", f"n/a: {type(error).__name__}: {error}"[:120],
                        "<= 2 s", "n/a"))
        return
    try:
        builds, renders = [], {"md": [], "html": []}
        for _ in range(runs):
            t = time.perf_counter()
            report = build_report(folder)
            builds.append(time.perf_counter() - t)
            for fmt in renders:
                t = time.perf_counter()
                render_report(report, fmt)
                renders[fmt].append(time.perf_counter() - t)
    except Exception as error:
        results.add(Row("4c", "Cross-session report (in process)", f"error: {type(error).__name__}: {error}"[:120],
                        "<= 2 s", "MISS"))
        return
    total = median(builds) + median(renders["md"])
    status = "info" if raw else verdict(total <= 2.0)
    results.add(Row("4c", "  in process: build_report(folder) + render_report(md), median", sec(total),
                    "<= 2 s" if not raw else "info", status,
                    note=f"build_report {sec(median(builds))}, render md {ms(median(renders['md']), 0)}, "
                         f"html {ms(median(renders['html']), 0)}"))
    raw.update(build=builds, render=renders)
    results.raw["report"] = raw


# --- 5: typing latency -----------------------------------------------------------------------------------


class TypingRunner:
    """One typing_runner.py process, driven a key at a time over a pipe."""

    def __init__(self, kind: str, chars: int, tmp: Path):
        self.kind = kind
        self.folder = fixtures.scratch_dir(tmp, f"typing-{kind}")
        self.errors = tempfile.TemporaryFile()
        self.proc = subprocess.Popen(
            [PYTHON, str(TYPING_RUNNER), kind, str(chars), str(self.folder)],
            stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=self.errors, cwd=ROOT, bufsize=0,
        )

    def _line(self) -> str:
        line = self.proc.stdout.readline().decode().strip()
        if not line:
            self.errors.seek(0)
            raise RuntimeError(f"typing runner ({self.kind}) stopped: {self.errors.read().decode()[-3000:]}")
        return line

    def command(self, text: str) -> str:
        self.proc.stdin.write((text + "\n").encode())
        return self._line()

    def wait_ready(self) -> None:
        if self._line() != "ready":
            raise RuntimeError(f"typing runner ({self.kind}) did not start")

    def finish(self) -> dict:
        try:
            result = json.loads(self.command("end"))
            self.proc.wait(timeout=60)
            return result
        finally:
            if self.proc.poll() is None:
                self.proc.kill()
            self.errors.close()
            fixtures.remove(self.folder)


def bench_typing(results: Results, chars: int, pilot_sample: int, tmp: Path) -> None:
    print(f"\n== 5: keystroke to updated screen, {chars}-character answer "
          f"(kiosk and bare TextArea interleaved key by key, headless, Pilot)", flush=True)
    runners = {kind: TypingRunner(kind, chars, tmp) for kind in ("kiosk", "bare")}
    try:
        for runner in runners.values():
            runner.wait_ready()
        t0 = time.perf_counter()
        for i in range(chars):
            order = ("kiosk", "bare") if i % 2 == 0 else ("bare", "kiosk")
            for kind in order:
                if runners[kind].command("type") != "ok":
                    raise RuntimeError(f"typing runner ({kind}) lost step")
        print(f"  {chars} keys typed into each app in {sec(time.perf_counter() - t0)}", flush=True)
        if pilot_sample:
            for runner in runners.values():
                runner.command(f"pilot {pilot_sample}")
        runs = {kind: runner.finish() for kind, runner in runners.items()}
    finally:
        for runner in runners.values():
            if runner.proc.poll() is None:
                runner.proc.kill()
    for kind, run in runs.items():
        if not run["typed_ok"] or run["typed"] != chars:
            raise RuntimeError(f"{kind}: the typed text did not arrive intact")

    if not runs["kiosk"].get("counter_checked", True):
        print("  note: the kiosk's character counter was not recognised; 'settled' is the text alone", flush=True)
    k_set, b_set = runs["kiosk"]["settled_s"], runs["bare"]["settled_s"]
    k_vis = runs["kiosk"]["visible_s"]
    k_med, b_med = median(k_set), median(b_set)
    results.add(Row("5", "Keystroke to updated screen (text and counter drawn), median",
                    ms(k_med), "<= 16 ms", verdict(k_med <= 0.016), ms(b_med), f"{ratio(k_med, b_med):.2f}"))
    k95, b95 = percentile(k_set, 95), percentile(b_set, 95)
    results.add(Row("5a", "Keystroke to updated screen, p95", ms(k95), "info", "info", ms(b95), f"{ratio(k95, b95):.2f}",
                    note=f"max {ms(max(k_set))} vs {ms(max(b_set))}"))
    b_vis = runs["bare"]["visible_s"]
    results.add(Row("5c", "Keystroke to typed character drawn (counter not waited for), median",
                    ms(median(k_vis)), "info", "info", ms(median(b_vis)), f"{ratio(median(k_vis), median(b_vis)):.2f}",
                    note=f"p95 {ms(percentile(k_vis, 95))} vs {ms(percentile(b_vis, 95))}"))
    # Does it get slower as the answer grows?
    span = max(1, chars // 10)
    for kind in ("kiosk", "bare"):
        values = runs[kind]["settled_s"]
        print(f"  {kind}: median over the first {span} characters {ms(median(values[:span]))}, "
              f"over the last {span} {ms(median(values[-span:]))}", flush=True)
    k_pilot, b_pilot = runs["kiosk"].get("pilot_press_pause_s", []), runs["bare"].get("pilot_press_pause_s", [])
    if k_pilot and b_pilot:
        results.add(Row("5b", f"`await pilot.press(ch); await pilot.pause()` ({len(k_pilot)} keys), median",
                        ms(median(k_pilot), 1), "info", "info", ms(median(b_pilot), 1),
                        f"{ratio(median(k_pilot), median(b_pilot)):.2f}",
                        note="dominated by Pilot's idle waits (>= 3 x 20 ms sleeps per key)"))
    results.raw["typing"] = runs


# --- main ---------------------------------------------------------------------------------------------------


# --- 7: cleaning pastes and the personal-data guard (moved here from tests/test_text.py) ---------------


PASTE_UNIT = (
    "Hello, this is [a paste] with \\ backslashes, <tags>, \U0001f468\u200d\U0001f469\u200d\U0001f467 "
    "\x1b[31mred\x1b[0m\r\n\tz\u0301\u0301\u0301\u0301\u0301 \u202ebidi\u200b \u0939\u093f\u0928\u094d"
    "\u0926\u0940\n\n\n\n\n"
)
PATHOLOGICAL = {
    "spaces": " " * 100_000, "newlines": "\n" * 100_000, "space-newline": " \n" * 50_000,
    "combining marks": "a\u0301\u0301\u0301\u0301" * 20_000, "CSI openers": "\x1b[" * 50_000,
    "ZWJ": "\u200d" * 100_000, "emoji+ZWJ": "\U0001f600\u200d" * 50_000, "lone surrogates": "\ud83d" * 100_000,
    "open OSC": "\x1b]" + "a" * 99_998, "tag characters": "\U000e0041" * 100_000,
}


def _best(func, *args, repeat: int = 5) -> float:
    best = float("inf")
    for _ in range(repeat):
        t = time.perf_counter()
        func(*args)
        best = min(best, time.perf_counter() - t)
    return best


def bench_text(results: Results, repeat: int) -> None:
    """clean() and find_personal_data() on 100,000-character pastes, each beside a baseline pass over the
    same text in the same run (one `re.sub` of whitespace runs: a linear pass in C), best of `repeat`."""
    import re

    from workshop.text import ANSWER_LIMIT, clean, find_personal_data

    print("\n== 7: cleaning 100,000-character pastes; the personal-data guard on long text", flush=True)
    paste = (PASTE_UNIT * (100_000 // len(PASTE_UNIT) + 1))[:100_000]
    clean(paste)  # the Unicode tables are built on first use
    for limit, label in ((ANSWER_LIMIT, "capped"), (None, "uncapped")):
        base = _best(re.sub, r"\s+", " ", paste, repeat=repeat)
        took = _best(clean, paste, limit, repeat=repeat)
        results.add(Row("7a" if limit else "7b", f"clean() of a mixed 100,000-character paste ({label}), best",
                        ms(took, 1), "<= 50 ms", verdict(took <= 0.05), baseline=ms(base, 2), ratio=f"{ratio(took, base):.1f}"))
    worst_name, worst = "", 0.0
    for name, raw in PATHOLOGICAL.items():
        for limit in (ANSWER_LIMIT, None):
            for multiline in (True, False):
                took = _best(clean, raw, limit, multiline, repeat=max(2, repeat // 2))
                if took > worst:
                    worst_name, worst = f"{name}, limit {limit}, multiline {multiline}", took
    results.add(Row("7c", "clean() of 10 pathological 100,000-character pastes, the slowest (best of runs)",
                    ms(worst, 1), "<= 50 ms", verdict(worst <= 0.05), note=worst_name))
    text = ("An ordinary answer about Year 9 in 2023, with ratings 3 and 4. " * 2000)[:100_000]
    base = _best(re.sub, r"\s+", " ", text, repeat=2)
    took = _best(find_personal_data, text, repeat=2)
    results.add(Row("7d", "find_personal_data() over 100,000 characters of ordinary text, best", ms(took, 1),
                    "<= 1 s", verdict(took <= 1.0), baseline=ms(base, 2), ratio=f"{ratio(took, base):.1f}"))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bench.run", description=__doc__.split("\n\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer runs and a shorter answer: a smoke run")
    parser.add_argument("--json", type=Path, metavar="FILE", help="also write every raw measurement to FILE")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 if any figure misses its target")
    parser.add_argument("--only", metavar="LIST", default="startup,commit,summary,report,typing,text,phones",
                        help="comma-separated parts to run (default: all): startup,commit,summary,report,typing,text,phones")
    args = parser.parse_args(argv)
    only = set(args.only.split(","))
    quick = args.quick
    plan = dict(
        pairs=3 if quick else 10,
        submits=60 if quick else 300,
        warm=5 if quick else 15,
        pdf_runs=2 if quick else 4,
        report_runs=1 if quick else 3,
        chars=300 if quick else 2000,
        pilot_sample=10 if quick else 20,
    )
    info = machine_info()
    print("Hymn Sheet benchmarks" + (" (quick)" if quick else ""))
    print(f"  {info['date']}; {info['nproc']} CPUs ({info['cpu']}); {info['memory']}")
    print(f"  Python {info['python']}, Textual {info.get('textual', '?')}, TinyDB {info.get('tinydb', '?')}, "
          f"Jinja2 {info.get('jinja2', '?')}; {info['platform']}", flush=True)
    results = Results()
    results.raw["machine"] = info
    results.raw["plan"] = plan
    started = time.perf_counter()
    # Scratch sessions go to the system temp folder; fsync costs depend on its file system, so say which.
    tmp = Path(tempfile.mkdtemp(prefix="hymn-bench-"))
    print(f"  scratch folder {tmp}: {fs_type(tmp)}", flush=True)
    results.raw["scratch_fs"] = fs_type(tmp)
    try:
        if "startup" in only:
            bench_startup(results, plan["pairs"], tmp)
        many = None
        if "commit" in only or "report" in only:
            many = bench_commit(results, plan["submits"], tmp)
        if "summary" in only:
            bench_summary(results, plan["warm"], plan["pdf_runs"], tmp)
        if "report" in only and many is not None:
            bench_report(results, many, plan["report_runs"], tmp)
        if "typing" in only:
            bench_typing(results, plan["chars"], plan["pilot_sample"], tmp)
        if "text" in only:
            bench_text(results, 2 if quick else 5)
        if "phones" in only:
            from bench.phones import bench_phones

            bench_phones(results, 3 if quick else 10, tmp)
    finally:
        fixtures.remove(tmp)
    elapsed = time.perf_counter() - started
    print(f"\n== Results ({'quick' if quick else 'full'} run, {sec(elapsed)})\n")
    print(table(results.rows))
    misses = [r for r in results.rows if r.status == "MISS"]
    print(f"\n{len([r for r in results.rows if r.status == 'PASS'])} PASS, {len(misses)} MISS, "
          f"{len([r for r in results.rows if r.status == 'n/a'])} n/a")
    results.raw["elapsed_s"] = elapsed
    if args.json:
        payload = {"rows": [r.__dict__ for r in results.rows], **results.raw}
        args.json.write_text(json.dumps(payload, indent=1, default=str))
        print(f"raw measurements written to {args.json}")
    return 1 if misses and args.strict else 0


if __name__ == "__main__":
    sys.exit(main())
