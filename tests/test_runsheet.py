"""The facilitator's run sheet (`workshop runsheet`): the agenda with the timing model's start
offsets, each step's text, what to say, what to watch for and room to write, in Markdown, plain text,
HTML and a real PDF (its text read back with pypdfium2)."""

from __future__ import annotations

import copy
import re
import stat
from pathlib import Path

import pytest
import tomli_w
from conftest import PACK_DATA

from workshop import timing
from workshop.cli import main
from workshop.packs import find_pack, parse_pack
from workshop.runsheet import build_runsheet, clock, render_runsheet, runsheet_pdf, split_notes


@pytest.fixture(scope="module")
def default():
    return find_pack("hymn-sheet")


def test_the_agenda_has_every_step_with_the_models_start_and_minutes(default) -> None:
    sheet = build_runsheet(default, 10)
    planned = timing.plan(default, 10)
    assert [s.step.id for s in sheet.steps] == [s.id for s in default.steps]
    assert [s.start for s in sheet.steps] == [clock(p.start) for p in planned.steps]
    text = render_runsheet(default, 10, "md")
    for item, plan in zip(sheet.steps, planned.steps):
        row = f"| {item.number} | {clock(plan.start)} | {plan.minutes:.1f} | "
        assert row in text, row
    assert f"**Total by the timing model:** {planned.total_minutes} minutes" in text
    assert "(without the optional steps: 60 minutes)" in text  # 59.8 by the model (docs/timing.md)
    assert "| 4 | 0:06 | 9.3 | Sort the responses | sort, one group answer |" in text
    assert "Our aim in one sentence (optional)" in text


def test_fewer_people_need_less_time(default) -> None:
    assert build_runsheet(default, 4).total < build_runsheet(default, 10).total


def test_notes_are_split_into_what_to_say_and_what_to_watch_for() -> None:
    say, watch = split_notes("Say hello.\n\nWatch for: people talking over others.\n\nThen move on.")
    assert say == ("Say hello.", "Then move on.")
    assert watch == ("People talking over others.",)


@pytest.mark.parametrize("fmt", ["md", "txt", "html"])
def test_every_step_has_its_text_notes_watch_for_and_room_to_write(default, fmt: str) -> None:
    text = render_runsheet(default, 10, fmt)
    plain = re.sub(r"\\(.)", r"\1", text) if fmt == "md" else text  # undo Markdown escapes
    plain = " ".join(plain.replace("&#39;", "'").replace("&#34;", '"').replace("&quot;", '"').split())
    for step in default.steps:
        assert step.title in plain, step.id
        first_words = " ".join(step.text.split()[:8])
        assert first_words in plain, (step.id, first_words)
    assert "Read each card aloud and let the group decide together" in plain  # what to say
    assert "The group putting everything that happens outdoors into Ecological" in plain  # watch for
    assert "Cutting back bushes that hide the path" in plain and "Removing cover changes the place" in plain
    assert text.count("Notes:") == len(default.steps)
    assert default.signpost in plain


def test_plain_text_fits_78_columns(default) -> None:
    for line in render_runsheet(default, 10, "txt").splitlines():
        assert len(line) <= 78, line


def hostile_pack():
    data = copy.deepcopy(PACK_DATA)
    step = data["sections"][2]["steps"][0]
    step["title"] = "<script>alert(1)</script> *bold* [link](http://x)"
    step["notes"] = "Say <b>this</b>.\n\nWatch for: `code` | pipes"
    pack, problems = parse_pack(data, "hostile")
    assert pack is not None, problems
    return pack


def test_pack_text_is_escaped_in_html_and_markdown() -> None:
    pack = hostile_pack()
    html = render_runsheet(pack, 4, "html")
    assert "<script>" not in html and "&lt;script&gt;" in html and "<b>this</b>" not in html
    md = render_runsheet(pack, 4, "md")
    # Rendered as CommonMark, the pack's text is text: no link, no emphasis, no raw HTML.
    from markdown_it import MarkdownIt

    rendered = MarkdownIt("commonmark").enable("table").render(md)
    assert "<a " not in rendered and "<em>bold" not in rendered and "<script>" not in rendered
    assert "*bold*" in rendered and "[link](http://x)" in rendered and "| pipes" in rendered


def test_the_command_writes_md_to_standard_output_and_files_privately(tmp_path: Path, capsys) -> None:
    assert main(["runsheet", "--format", "md", "--people", "6"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("# Run sheet: Singing from the same hymn sheet?") and "**Planned for:** 6 people" in out
    target = tmp_path / "sheet.txt"
    assert main(["runsheet", "--pack", "review", "--format", "txt", "-o", str(target)]) == 0
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert "RUN SHEET: Still singing from the same hymn sheet? A review" in target.read_text()
    custom = tmp_path / "mine.toml"
    custom.write_text(tomli_w.dumps(PACK_DATA))
    assert main(["runsheet", "--pack", str(custom), "--format", "md"]) == 0
    assert "Test hymn sheet" in capsys.readouterr().out


def test_an_unknown_pack_is_one_line(capsys) -> None:
    assert main(["runsheet", "--pack", "nope"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("workshop: no pack called 'nope'") and err.count("\n") == 1


pdfium = pytest.importorskip("pypdfium2")


def test_the_pdf_holds_the_agenda_and_the_notes(tmp_path: Path, default, monkeypatch) -> None:
    from workshop.pdf import PdfUnavailable

    try:
        data = runsheet_pdf(default, 10)
    except PdfUnavailable as error:
        pytest.skip(str(error))
    document = pdfium.PdfDocument(data)
    width, height = document[0].get_size()
    assert (round(width), round(height)) == (595, 842)  # A4 in points
    text = "\n".join(document[i].get_textpage().get_text_range() for i in range(len(document)))
    flat = " ".join(text.split())
    assert "Run sheet: Singing from the same hymn sheet?" in flat
    assert "Agenda" in flat and "0:06 9.3 Sort the responses" in flat
    assert "Read each card aloud and let the group decide together" in flat
    assert "Watch for:" in flat and "Page 1 of" in flat
    # The command: by default to runsheet-<pack>.pdf in the current folder, private.
    monkeypatch.chdir(tmp_path)
    assert main(["runsheet"]) == 0
    written = tmp_path / "runsheet-hymn-sheet.pdf"
    assert written.read_bytes()[:5] == b"%PDF-" and stat.S_IMODE(written.stat().st_mode) == 0o600
