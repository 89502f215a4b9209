"""The record behind the brief, printed: a full default-pack session of 12 people (every step
answered, the optional ones too, answers as long as people type them) as a real A4 PDF, read back
with pypdfium2 (its text, and each page rendered to an image).

What the board gets must fit and read well on paper: at most 8 pages; no page but the last mostly
blank (judged from the page image: how far down the page the ink reaches); no heading, question or
answer count left alone at the foot of a page; every revealed step in pack order; each number
shown once (on the chart, or in a table where no chart fits), in the PDF and in the Markdown and
text summaries alike.
"""

from __future__ import annotations

import random
import re
import shutil
import subprocess
from collections import Counter
from dataclasses import dataclass

import pytest
from markupsafe import escape

from bench import fixtures
from workshop import storage, summary
from workshop.pdf import render_pdf
from workshop.session import Session
from workshop.summary import render_summary
from workshop.text import md_escape

pdfium = pytest.importorskip("pypdfium2")

MAX_PAGES = 8
# A4 is 297 mm tall; the page rules (workshop/pdf.py) keep 13 mm at the top (running header) and
# 11 mm at the foot (page number). The body lies between.
TOP_MM, FOOT_MM, PAGE_MM = 13, 11, 297
MOSTLY_BLANK = 0.5  # a page whose ink stops above half of its body height is mostly blank
COUNTS = re.compile(r"\d+ answers?, \d+ pass(es)?")
MM = 72 / 25.4  # PDF points per millimetre


def _arial_metrics() -> bool:
    """Whether the summary's "Arial" is printed with Arial's metrics (Arial itself, or Liberation Sans:
    `.ci/run` installs fonts-liberation). With only a wider fallback font the page count differs."""
    if shutil.which("fc-match") is None:
        return True  # cannot tell: check the count anyway
    found = subprocess.run(["fc-match", "-f", "%{family}", "Arial"], capture_output=True, text=True).stdout
    return "Liberation Sans" in found or "Arial" in found


needs_arial = pytest.mark.skipif(not _arial_metrics(), reason="no font with Arial's metrics (apt-get install fonts-liberation)")


@dataclass(frozen=True)
class Spot:
    """A place on the printed pages: the page (from 0) and a height on it (PDF points, from the foot)."""

    page: int
    y: float

    def before(self, other: Spot) -> bool:
        return (self.page, -self.y) < (other.page, -other.y)


class Printed:
    """A rendered PDF read back by position, as a reader sees it: the text in any region of the
    pages (SVG charts' texts included, wherever the PDF stores them), and each page as an image."""

    def __init__(self, data: bytes):
        self.document = pdfium.PdfDocument(data)
        self.pages = [self.document[i] for i in range(len(self.document))]
        self.text = [page.get_textpage() for page in self.pages]
        self.height = self.pages[0].get_size()[1]
        self.body_top = self.height - TOP_MM * MM
        self.body_foot = FOOT_MM * MM

    def find(self, needle: str, after: Spot | None = None) -> Spot | None:
        """Where `needle` first starts (the top of its first letter) after `after`."""
        for number in range(after.page if after else 0, len(self.pages)):
            searcher = self.text[number].search(needle, match_case=True)
            while (hit := searcher.get_next()) is not None:
                top = self.text[number].get_charbox(hit[0])[3]
                spot = Spot(number, top)
                if after is None or after.before(spot):
                    return spot
        return None

    def between(self, start: Spot, end: Spot | None) -> str:
        """The body text from `start` down to `end` (or the end of the document), over pages."""
        last = end.page if end else len(self.pages) - 1
        parts = []
        for number in range(start.page, last + 1):
            top = start.y + 1 if number == start.page else self.body_top
            foot = end.y + 0.5 if end and number == end.page else self.body_foot
            parts.append(self.text[number].get_text_bounded(0, foot, None, top))
        return " ".join(" ".join(parts).split())

    def last_line(self, number: int) -> str:
        """The lowest line of text in the page's body (above the page number)."""
        textpage = self.text[number]
        rects = [textpage.get_rect(i) for i in range(textpage.count_rects())]
        rects = [r for r in rects if self.body_foot < r[1] and r[3] < self.body_top]
        low = min(rects, key=lambda r: r[1])
        line = textpage.get_text_bounded(0, low[1] - 0.5, None, low[1] + (low[3] - low[1]) / 2 + 0.5)
        return " ".join(line.split())

    def image(self, number: int):
        return self.pages[number].render(scale=0.5).to_pil().convert("L")


def seeded_session(folder, **options) -> Session:
    """The 12-person session with its answers' random document ids drawn from a seed: the ids set the
    order answers print in, and so where lines and pages break. With ids drawn afresh, the same
    answers end the last page anywhere from 40% to 95% down (bench/fixtures.py); a seed makes each
    run print the same pages, so the page count is checked, not the luck of the draw."""
    ids = random.Random(8)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(storage, "random_doc_id", lambda: ids.randrange(1, 2**52))
        return Session.read(fixtures.default_pack_session(folder, participants=12, **options))


@pytest.fixture(scope="module")
def record(tmp_path_factory):
    """The 12-person session and its summary as a PDF, read back."""
    folder = tmp_path_factory.mktemp("sessions")
    folder.chmod(0o700)
    session = seeded_session(folder)
    printed = Printed(render_pdf(session))
    yield session, printed
    printed.document.close()


def ink_reach(image) -> float:
    """How far down the page's body the ink reaches, from 0 (nothing) to 1 (the last line of the body)."""
    top = round(image.height * TOP_MM / PAGE_MM)
    foot = image.height - round(image.height * FOOT_MM / PAGE_MM)
    body = image.crop((0, top, image.width, foot)).point(lambda v: 255 if v < 200 else 0)
    box = body.getbbox()
    return 0.0 if box is None else box[3] / body.height


def shown_steps(session: Session) -> list:
    """The steps the summary shows, in pack order: every answer step of the session (all were revealed)."""
    return [s for s in session.pack.steps if s.takes_answers]


def step_spots(session: Session, printed: Printed) -> list[Spot]:
    """Where each shown step's title is printed, in pack order (each after the one before)."""
    spots: list[Spot] = []
    for step in shown_steps(session):
        spot = printed.find(step.title, spots[-1] if spots else None)
        assert spot is not None, f"{step.title!r} missing or out of order"
        spots.append(spot)
    return spots


def step_text(session: Session, printed: Printed, step) -> str:
    """Everything printed for one step, from its title down to the next step's title, without its
    title, its answer count and its question."""
    steps = shown_steps(session)
    spots = step_spots(session, printed)
    at = steps.index(step)
    text = printed.between(spots[at], spots[at + 1] if at + 1 < len(spots) else None)
    text = text.replace(step.title, " ", 1).replace(" ".join(step.text.split()), " ", 1)
    return COUNTS.sub(" ", text, count=1)


@needs_arial
def test_the_whole_summary_fits_in_eight_pages(record):
    _, printed = record
    assert len(printed.pages) <= MAX_PAGES, f"{len(printed.pages)} pages"


def test_no_page_but_the_last_is_mostly_blank(record):
    # No page is exempt: the record runs on below the brief (no forced break after it).
    session, printed = record
    reach = [round(ink_reach(printed.image(n)), 2) for n in range(len(printed.pages))]
    assert all(r >= MOSTLY_BLANK for r in reach[:-1]), reach
    assert reach[-1] > 0, "the last page is empty"


def test_no_heading_question_or_count_alone_at_the_foot_of_a_page(record):
    session, printed = record
    titles = [title for _, title in session.pack.sections] + [s.title for s in session.pack.steps]
    questions = [" ".join(s.text.split()) for s in session.pack.steps]
    for number in range(len(printed.pages) - 1):
        last = printed.last_line(number)
        assert last, number
        assert not any(last.startswith(title) for title in titles), (number + 1, last)
        assert not COUNTS.fullmatch(last), (number + 1, last)
        assert not any(last in q for q in questions), (number + 1, last)
        assert not last.startswith("Round "), (number + 1, last)


def test_every_revealed_step_in_pack_order(record):
    session, printed = record
    spots = step_spots(session, printed)  # each found after the one before
    assert len(spots) == len(shown_steps(session)) >= 15


def _choice_counts(session: Session, step) -> list[int]:
    """Each option's count, straight from the stored answers (not through the app's tally)."""
    given = [d["answer"] for d in session.answers(step.id) if d.get("answer")]
    if any("counts" in a for a in given):
        return [given[-1]["counts"].get(o, 0) for o in step.options]
    chosen = Counter(c for a in given for c in a["choices"])
    return [chosen[o] for o in step.options]


def _numbers(text: str) -> list[int]:
    return sorted(int(n) for n in re.findall(r"(?<![\w.])\d+(?![\w.])", text))


def test_each_choice_steps_numbers_appear_once_in_the_pdf(record):
    session, printed = record
    choices = [s for s in shown_steps(session) if s.kind == "choice"]
    assert len(choices) >= 2  # who is in the room (the group's counts), who is missing (several each)
    for step in choices:
        part = step_text(session, printed, step)
        for option in step.options:
            assert part.count(option) == 1, (step.id, option, part.count(option))
        assert _numbers(part) == sorted(_choice_counts(session, step)), (step.id, part)


def test_the_ranking_shows_each_option_and_points_total_once(record):
    session, printed = record
    step = next(s for s in shown_steps(session) if s.kind == "rank")
    part = step_text(session, printed, step)
    for option in step.options:
        assert part.count(option) == 1, option
    n = len(step.options)
    points = Counter()
    for doc in session.answers(step.id):
        for place, option in enumerate(doc["answer"]["ranking"] if doc.get("answer") else []):
            points[option] += n - 1 - place
    for total in points.values():
        assert str(total) in part.split(), total
    assert f"{n - 1} points" in part  # the Borda rule is said once, in words


def test_each_scale_shows_its_mean_once(record):
    session, printed = record
    for step in (s for s in shown_steps(session) if s.kind == "scale"):
        part = step_text(session, printed, step)
        values = [d["answer"]["value"] for d in session.answers(step.id) if d.get("answer")]
        mean = f"{sum(values) / len(values):.1f}"
        assert part.count(mean) == 1, (step.id, mean, part)
        assert "Rating (1 to" not in part  # no table of the counts the histogram shows


def test_each_action_is_listed_once_in_every_format(record):
    # Once in the whole summary: in the brief's plan by level. The record's actions step points there
    # instead of listing them again (the printout listed the actions twice).
    session, printed = record
    texts = {"pdf": printed.between(printed.find(session.pack.title), None)}
    for fmt in summary.FORMATS:
        texts[fmt] = render_summary(session, fmt)
    actions = [a["action"] for d in session.answers("action-points") if d.get("answer")
               for a in d["answer"].get("actions", [d["answer"]])]
    assert len(set(actions)) == len(actions) == 12
    for fmt, out in texts.items():
        flat = " ".join(out.split())
        for action in actions:
            shown = md_escape(action) if fmt == "md" else str(escape(action)) if fmt == "html" else action
            assert flat.count(shown) == 1, (fmt, action)
        assert "listed once in the action plan at the top of this summary" in flat, fmt


@pytest.mark.parametrize("fmt", ["md", "txt"])
def test_markdown_and_text_show_each_choice_count_once(record, fmt):
    """A choice's (and a ranking's) count rows: one row per option, nowhere else."""
    session, _ = record
    out = render_summary(session, fmt).splitlines()
    steps = [s for s in shown_steps(session) if s.kind in ("choice", "rank")]
    for step in steps:
        for option in step.options:
            if fmt == "md":
                row = re.compile(rf"^\|( \d+ \|)? {re.escape(md_escape(option))} \| \d+ \|")
            else:  # a long label wraps onto the next line: its start is on the row
                start = re.escape(option.split()[0])
                row = re.compile(rf"^\s+(\d+\.\s+)?\d+\s+#*\s+(first: \d+\s+)?{start}( |$)")
            expected = sum(o.split()[0] == option.split()[0] for other in steps for o in other.options) if fmt == "txt" \
                else sum(option in other.options for other in steps)
            assert len([ln for ln in out if row.match(ln)]) == expected, (fmt, step.id, option)


@needs_arial
def test_a_sort_taken_in_turns_prints_its_counts_once_and_still_fits(tmp_path):
    """The facilitator may switch the group sort to turns: each card's split is then a row of counts
    (the table, no chart of the same numbers) and the whole summary still fits."""
    tmp_path.chmod(0o700)
    session = seeded_session(tmp_path, individual_sort=True)
    printed = Printed(render_pdf(session))
    try:
        assert len(printed.pages) <= MAX_PAGES, f"{len(printed.pages)} pages"
        step = next(s for s in shown_steps(session) if s.kind == "sort")
        part = step_text(session, printed, step)
        placed = Counter()
        for doc in session.answers(step.id):
            for card, bucket in (doc["answer"]["cards"].items() if doc.get("answer") else ()):
                placed[card, bucket] += 1
        for card in step.cards:
            assert part.count(card.text) == 1, card.text
            row = part[part.index(card.text):]
            counts = [placed[card.id, b.id] for b in step.buckets]
            # The card's counts follow its text and explanation, in bucket order.
            after = row[len(card.text):]
            assert re.search(r"\s".join(str(n) for n in counts), after[: len(card.explanation) + 80]), card.text
    finally:
        printed.document.close()
