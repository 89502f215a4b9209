"""The summary as a PDF (WeasyPrint) and printing through CUPS `lp`: real PDFs, read back with
pypdfium2 (text and a rendered page), and a real `lp` stand-in script on PATH."""

from __future__ import annotations

import os
import re
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest

from conftest import DAY, LABEL, PIN, fill_session, make_pack
from workshop import lens, pdf, printing
from workshop.pdf import PdfUnavailable, default_pdf_path, render_pdf, write_pdf
from workshop.session import Session

pdfium = pytest.importorskip("pypdfium2")

DATE_TEXT = "28 November 2026"
TITLE = "Test hymn sheet"
TIME_OF_DAY = re.compile(r"\b\d{1,2}:\d{2}\b|T\d{2}:\d{2}|\b\d{1,2}(?:\.\d{2})?\s?(?:am|pm)\b", re.IGNORECASE)
A4 = (595.28, 841.89)  # points


def pages_text(data: bytes) -> list[str]:
    document = pdfium.PdfDocument(data)
    try:
        return [" ".join(document[i].get_textpage().get_text_range().split()) for i in range(len(document))]
    finally:
        document.close()


@pytest.fixture(scope="module")
def summary_pdf(tmp_path_factory) -> tuple[bytes, Session]:
    """One PDF of the filled session, made once for the module (WeasyPrint takes a moment)."""
    folder = tmp_path_factory.mktemp("sessions")
    session = Session.create(folder, make_pack(), LABEL, PIN, today=DAY)
    from conftest import ANSWERS, NOTES, REDACTED_STEP, REDACTED_TEXT

    try:
        fill_session(session, ANSWERS, NOTES, redact={REDACTED_STEP: REDACTED_TEXT})
    finally:
        session.close()
    read = Session.read(session.path)
    return render_pdf(read), read


def test_it_is_a_pdf_of_a_sane_number_of_a4_pages(summary_pdf):
    data, _ = summary_pdf
    assert data.startswith(b"%PDF-")
    document = pdfium.PdfDocument(data)
    assert 2 <= len(document) <= 8
    for i in range(len(document)):
        width, height = document[i].get_size()
        assert width == pytest.approx(A4[0], abs=1) and height == pytest.approx(A4[1], abs=1)
    document.close()


def test_every_page_has_the_header_and_its_number(summary_pdf):
    data, _ = summary_pdf
    texts = pages_text(data)
    for number, text in enumerate(texts, start=1):
        assert TITLE in text, number
        assert LABEL in text, number
        assert DATE_TEXT in text, number
        assert f"Page {number} of {len(texts)}" in text


def test_the_content_is_there_and_no_time_of_day(summary_pdf):
    data, session = summary_pdf
    text = " ".join(pages_text(data))
    assert "Lens balance: contexts or behaviour?" in text
    for part in ("The group's plan leans to contexts: 50% of its planned actions aim to change a context",
                 "Ecological: 3", "Changes a context: 2"):
        assert part in text
    assert "Make the places young people use safer" in text
    assert "Jamie" not in text
    assert "Ask licensing to review the off-licence on Mill Road" in text
    assert not TIME_OF_DAY.search(text), TIME_OF_DAY.search(text)
    assert session.id in text
    # No date or time in the document's metadata either.
    document = pdfium.PdfDocument(data)
    meta = document.get_metadata_dict()
    document.close()
    assert not meta.get("CreationDate") and not meta.get("ModDate")


def test_a_page_renders_to_a_non_blank_a4_image_in_greys(summary_pdf):
    data, _ = summary_pdf
    document = pdfium.PdfDocument(data)
    try:
        image = document[0].render(scale=1).to_pil().convert("RGB")
    finally:
        document.close()
    assert image.height / image.width == pytest.approx(2 ** 0.5, abs=0.01)
    grey = image.convert("L")
    dark = sum(grey.histogram()[:128])
    assert dark > 2000  # text, rules and chart bars
    assert grey.getextrema()[1] == 255  # a white page
    # Black-and-white friendly: nothing on the page is coloured.
    assert image.convert("HSV").getchannel("S").getextrema()[1] < 16


def _page_images(data: bytes) -> list[bytes]:
    document = pdfium.PdfDocument(data)
    try:
        return [document[i].render(scale=1).to_pil().convert("L").tobytes() for i in range(len(document))]
    finally:
        document.close()


def test_the_pages_are_those_of_weasyprints_own_style_sheet_with_a_lighter_cascade(summary_pdf, tmp_path):
    """`pdf.py` parses our pages with WeasyPrint's user-agent style sheet minus the styles it gives
    every element's marker, footnote and note pseudo-elements (see `_print_html`). The summary (its
    brief has list markers) prints exactly the same pages as with WeasyPrint's own sheet, and the
    cascade does far less work for it."""
    from weasyprint import HTML
    from weasyprint.css import get_all_computed_styles

    from workshop.summary import render_summary

    data, session = summary_pdf
    html_class, font_config = pdf._print_html(pdf._weasyprint())
    if html_class is HTML:
        pytest.skip("not the WeasyPrint version the lighter style sheet was written for")
    page = render_summary(session, "html")
    head = page.find("</head>")
    page = pdf.charts_as_images(f"{page[:head]}<style>{pdf.PAGE_CSS}</style>{page[head:]}")
    reference = HTML(string=page, media_type="print").write_pdf()
    assert _page_images(data) == _page_images(reference)

    def styles(document) -> int:  # the styles the cascade computes: elements and pseudo-elements
        return len(get_all_computed_styles(document)._computed_styles)

    elements = sum(1 for _ in HTML(string=page).etree_element.iter())
    assert styles(html_class(string=page)) < 1.2 * elements < 2 * elements < styles(HTML(string=page))


def test_write_pdf_is_private_atomic_and_beside_the_session(summary_pdf, tmp_path):
    _, session = summary_pdf
    path = write_pdf(session)
    assert path == default_pdf_path(session) == session.path.with_name(f"{session.id}-summary.pdf")
    assert stat.S_IMODE(path.stat().st_mode) == 0o600
    assert path.read_bytes().startswith(b"%PDF-")
    assert not [p for p in path.parent.iterdir() if ".tmp-" in p.name]
    chosen = tmp_path / "board.pdf"
    chosen.write_text("old")
    os.chmod(chosen, 0o644)
    assert write_pdf(session, chosen) == chosen
    assert stat.S_IMODE(chosen.stat().st_mode) == 0o600 and chosen.read_bytes().startswith(b"%PDF-")


def test_a_context_scale_is_in_the_pdf(sessions_dir):
    from test_charts import context_pack

    session = Session.create(sessions_dir, context_pack(), "Scale group", PIN, today=DAY)
    try:
        fill_session(session, {"context-share": [2, 2, 3, 5]})
    finally:
        session.close()
    text = " ".join(pages_text(render_pdf(Session.read(session.path))))
    assert "The group rated how much of today's work targets contexts 3.0 of 5" in text and "mean 3.0" in text
    assert "2 people" in text and "1 person" in text  # the counts above the axis say what they are


# --- when no PDF can be made ---------------------------------------------------------------------


def test_missing_weasyprint_is_one_clear_error(filled_session, monkeypatch):
    monkeypatch.setitem(sys.modules, "weasyprint", None)  # `import weasyprint` now raises ImportError
    with pytest.raises(PdfUnavailable) as caught:
        render_pdf(filled_session)
    message = str(caught.value)
    assert "\n" not in message and "WeasyPrint" in message


def _fake_weasyprint(tmp_path: Path) -> Path:
    """A `weasyprint` package that fails the way a machine without Pango does."""
    package = tmp_path / "fake" / "weasyprint"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(
        "raise OSError(\"cannot load library 'libpango-1.0-0': libpango-1.0-0: cannot open shared object file: "
        "No such file or directory.  Additionally, ctypes.util.find_library() did not manage to locate a library "
        "called 'libpango-1.0-0'\")\n"
    )
    return package.parent


def test_missing_pango_gives_one_line_from_the_command(filled_session_path, tmp_path):
    env = {**os.environ, "PYTHONPATH": str(_fake_weasyprint(tmp_path)), "WORKSHOP_SESSIONS_DIR": str(filled_session_path.parent)}
    result = subprocess.run(
        [sys.executable, "-m", "workshop", "summary", filled_session_path.stem, "--format", "pdf"],
        capture_output=True, text=True, env=env, timeout=120,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("workshop: cannot make a PDF: the system library libpango-1.0-0")
    assert "libpango-1.0-0 and libpangoft2-1.0-0" in lines[0]
    assert not default_pdf_path(Session.read(filled_session_path)).exists()


# --- the command line -----------------------------------------------------------------------------


def run_cli(*args: str, env: dict | None = None, timeout: float = 120) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "workshop", *args], capture_output=True, text=True,
                          env=env or os.environ.copy(), timeout=timeout, stdin=subprocess.DEVNULL)


def test_summary_pdf_command(filled_session_path, tmp_path):
    folder = str(filled_session_path.parent)
    result = run_cli("summary", filled_session_path.stem, "--format", "pdf", "--sessions-dir", folder)
    assert result.returncode == 0, result.stderr
    path = filled_session_path.with_name(f"{filled_session_path.stem}-summary.pdf")
    assert result.stdout.strip() == f"Summary written to {path}"
    assert TITLE in pages_text(path.read_bytes())[0]
    target = tmp_path / "out.pdf"
    result = run_cli("summary", filled_session_path.stem, "--format", "pdf", "-o", str(target), "--sessions-dir", folder)
    assert result.returncode == 0 and target.read_bytes().startswith(b"%PDF-")
    result = run_cli("summary", "../etc", "--format", "pdf", "--sessions-dir", folder)
    assert result.returncode == 1 and len(result.stderr.splitlines()) == 1 and "not a session id" in result.stderr


def test_nothing_the_kiosk_or_cli_imports_loads_weasyprint():
    code = (
        "import workshop.cli, workshop.pdf, workshop.printing, workshop.export, workshop.report, "
        "workshop.charts, workshop.lens, workshop.summary\n"
        "workshop.cli.build_parser()\nimport sys\nprint('weasyprint' in sys.modules)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "False"


# --- printing ---------------------------------------------------------------------------------------


def fake_lp(folder: Path, body: str = "") -> Path:
    """A real executable called `lp` that records its arguments and where its streams point."""
    folder.mkdir(parents=True, exist_ok=True)
    script = folder / "lp"
    record = folder / "lp-calls.txt"
    script.write_text(
        "#!/bin/sh\n"
        f"for a in \"$@\"; do printf '%s\\n' \"$a\"; done > '{record}'\n"
        f"if [ -t 0 ] || [ -t 1 ] || [ -t 2 ]; then echo tty >> '{record}.tty'; fi\n"
        f"readlink /proc/self/fd/0 > '{record}.stdin' 2>/dev/null\n"
        f"{body}\n"
        "echo 'request id is Office-42 (1 file(s))'\n"
    )
    script.chmod(0o755)
    return record


def path_with(folder: Path) -> str:
    """PATH holding only `folder` and the basic system tools the script needs (sh, printf, readlink)."""
    return os.pathsep.join([str(folder), "/usr/bin", "/bin"])


def test_print_sends_the_pdf_to_lp(filled_session, tmp_path, monkeypatch):
    record = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", path_with(tmp_path / "bin"))
    message = printing.print_summary(filled_session, "Office_Printer")
    pdf_path = default_pdf_path(filled_session).resolve()
    assert record.read_text().splitlines() == ["-d", "Office_Printer", str(pdf_path)]
    assert message == (f"Summary sent to printer Office_Printer (request id is Office-42 (1 file(s))); "
                       f"the PDF is also saved at {pdf_path}")
    assert "\n" not in message
    assert pdf_path.read_bytes().startswith(b"%PDF-") and stat.S_IMODE(pdf_path.stat().st_mode) == 0o600
    assert not Path(f"{record}.tty").exists()  # lp never sees the terminal
    assert record.with_name("lp-calls.txt.stdin").read_text().strip() == "/dev/null"


def test_print_to_the_default_printer(filled_session, tmp_path, monkeypatch):
    record = fake_lp(tmp_path / "bin")
    monkeypatch.setenv("PATH", path_with(tmp_path / "bin"))
    assert printing.print_summary(filled_session).startswith("Summary sent to the default printer")
    assert record.read_text().splitlines() == [str(default_pdf_path(filled_session).resolve())]


def test_without_lp_the_pdf_is_saved_and_the_message_says_where(filled_session, tmp_path, monkeypatch):
    empty = tmp_path / "empty-bin"
    empty.mkdir()
    monkeypatch.setenv("PATH", str(empty))
    message = printing.print_summary(filled_session)
    where = default_pdf_path(filled_session).resolve()
    assert message == f"No printing system (lp) found on this computer; the summary PDF is saved at {where}"
    assert where.read_bytes().startswith(b"%PDF-")


def test_lp_refusing_the_job_is_one_line(filled_session, tmp_path, monkeypatch):
    fake_lp(tmp_path / "bin", "echo 'lp: The printer or class does not exist.' >&2; exit 1")
    monkeypatch.setenv("PATH", path_with(tmp_path / "bin"))
    with pytest.raises(printing.PrintError) as caught:
        printing.print_summary(filled_session, "Nowhere")
    assert str(caught.value) == (
        "printing failed: lp: The printer or class does not exist.; the PDF is saved at "
        f"{default_pdf_path(filled_session).resolve()}"
    )


def test_lp_that_hangs_is_stopped(filled_session, tmp_path, monkeypatch):
    fake_lp(tmp_path / "bin", f"sleep 60 & echo $! > '{tmp_path}/child.pid'; wait")
    monkeypatch.setenv("PATH", path_with(tmp_path / "bin"))
    monkeypatch.setattr(printing, "LP_TIMEOUT", 1)
    started = time.monotonic()
    with pytest.raises(printing.PrintError, match="did not answer within 1 seconds"):
        printing.print_summary(filled_session)
    assert time.monotonic() - started < 60
    child = int((tmp_path / "child.pid").read_text())
    for _ in range(50):  # the whole process group was killed, the script's children too
        try:
            os.kill(child, 0)
        except ProcessLookupError:
            break
        time.sleep(0.1)
    else:
        pytest.fail("lp's child process is still running")


@pytest.mark.parametrize("name", ["-x", "a b", "a/b", "", "x" * 200, "bad\x1bname"])
def test_bad_printer_names_are_refused(filled_session, name):
    with pytest.raises(printing.PrintError, match="is not a printer name"):
        printing.print_summary(filled_session, name)


def test_print_command_with_and_without_lp(filled_session_path, tmp_path):
    record = fake_lp(tmp_path / "bin")
    env = {**os.environ, "PATH": path_with(tmp_path / "bin"), "WORKSHOP_SESSIONS_DIR": str(filled_session_path.parent)}
    result = run_cli("print", filled_session_path.stem, "--printer", "Office", env=env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Summary sent to printer Office")
    assert record.read_text().splitlines()[:2] == ["-d", "Office"]
    env["PATH"] = str(tmp_path / "empty")
    result = run_cli("print", filled_session_path.stem, env=env)
    assert result.returncode == 0 and "No printing system (lp) found" in result.stdout
    result = run_cli("print", filled_session_path.stem, "--printer=-d", env=env)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert len(result.stderr.splitlines()) == 1 and "is not a printer name" in result.stderr


def test_printing_without_pango_is_one_line(filled_session, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONPATH", str(_fake_weasyprint(tmp_path)))
    monkeypatch.setenv("PATH", str(tmp_path))
    with pytest.raises(printing.PrintError) as caught:
        printing.print_summary(filled_session)
    message = str(caught.value)
    assert "\n" not in message and "libpango-1.0-0" in message and message.endswith("nothing was printed")


def test_module_names_are_what_the_kiosk_will_call():
    assert callable(printing.print_summary) and issubclass(printing.PrintError, Exception)
    assert pdf.PAGE_CSS and lens.lens_balance
