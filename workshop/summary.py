"""The printed summary of a session for the partnership board: HTML (for print), Markdown and plain text.

Every figure comes from `results.tally`, so the summary says exactly what the reveal screen said.
This module only gathers those results into a plain context object and hands it to a Jinja2
template in `workshop/templates/` (`summary.html`, `summary.md`, `summary.txt`). Each starts with
the brief for the board (`workshop.brief`, templates `brief.{html,md,txt}`), which
`render_summary(..., brief_only=True)` gives alone.

What the summary never shows: any time of day (only dates), the PIN record, the order of turns
(answers come in document id order: random, and the same as on the reveal screen), the text of a
redacted answer, or any answer of a round the group never saw or that had too few answers
(`Session.step_rounds` decides; the step says so in a line).
"""

from __future__ import annotations

import re
import textwrap
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from jinja2 import Environment, PackageLoader, StrictUndefined
from markupsafe import Markup

from . import brief, charts, kinds, lens, storage
from .packs import Step
from .results import REDACTED, Bar, ShownTallies, StepResult
from .session import FINISHED, Session
from .text import clean, md_escape

FORMATS = ("html", "md", "txt")
TEXT_WIDTH = 78
DATA_NOTE = (
    "Answers are anonymous, in an order unrelated to turns; no names are recorded. "
    "Rounds the group never saw, and rounds with too few answers to show, are left out. "
    "The summary shows dates only, never times."
)
_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)
_TEXT_LIMIT = 20000  # generous: answers are already limited when stored; this only bounds the printout


# --- the context handed to the templates ---------------------------------------------------------------


@dataclass(frozen=True)
class RoundView:
    """One round of one step: the figures from `tally`, and whether the group saw them."""

    number: int
    result: StepResult
    revealed: bool  # always true now: rounds the group did not see are left out (StepView.left_out)


@dataclass(frozen=True)
class StepView:
    step: Step
    rounds: tuple[RoundView, ...]
    note: str
    answered: int
    passed: int
    redacted: int
    left_out: tuple[str, ...] = ()  # one line per round not shown, e.g. "Round 1: too few answers to show."

    @property
    def title(self) -> str:
        return self.step.title

    @property
    def kind(self) -> str:
        return self.step.kind

    @property
    def text(self) -> str:
        return self.step.text

    @property
    def several_rounds(self) -> bool:
        return len(self.rounds) > 1

    @property
    def beside(self) -> bool:
        """Print the one round's figure beside the question and notes (the kind's partial is narrow)."""
        return len(self.rounds) == 1 and kinds.of(self.step).summary_beside


@dataclass(frozen=True)
class SectionView:
    id: str
    title: str
    steps: tuple[StepView, ...]  # answer steps that have answers, passes or a note
    info_titles: tuple[str, ...]  # info steps: listed by title only
    unanswered: tuple[str, ...]  # answer steps with no turns and no note: listed by title only


@dataclass(frozen=True)
class Totals:
    steps: int  # answer steps with at least one answer
    answers: int
    passes: int
    redactions: int


@dataclass(frozen=True)
class SummaryContext:
    session_id: str
    pack_id: str
    title: str
    credit: str
    source: str
    signpost: str
    description: str
    label: str
    created: str  # ISO date, e.g. 2026-11-28
    created_text: str  # e.g. 28 November 2026
    state: str  # "running" or "finished"
    finished: str  # ISO date or ""
    finished_text: str
    data_note: str
    sections: tuple[SectionView, ...]  # sections with something to show, in pack order
    not_reached: tuple[str, ...]  # titles of answer steps in sections with nothing to show
    totals: Totals
    redacted_text: str = REDACTED

    @property
    def is_finished(self) -> bool:
        return self.state == FINISHED


def _iso_date(value: object) -> date | None:
    """A date from the stored ISO text; anything after the date (a time) is dropped, never shown."""
    if not isinstance(value, str) or len(value) < 10:
        return None
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        return None


def _date_text(day: date | None) -> str:
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}" if day else ""


def _step_view(tallies: ShownTallies, step: Step, note: str) -> StepView:
    every = tallies.rounds(step)
    rounds = [RoundView(result.round, result, True) for result in tallies.results(step)]
    left_out = tuple(
        f"{r.left_out[0].upper()}{r.left_out[1:]}." if len(every) == 1 else f"Round {r.number}: {r.left_out}."
        for r in every if not r.shown
    )
    return StepView(
        step=step,
        rounds=tuple(rounds),
        note=note,
        answered=sum(r.result.answered for r in rounds),
        passed=sum(r.result.passed for r in rounds),
        redacted=sum(r.result.redacted for r in rounds),
        left_out=left_out,
    )


def build_context(session: Session, tallies: ShownTallies | None = None) -> SummaryContext:
    """Everything a summary template shows, gathered from the session and `results.tally`
    (`tallies`: the figures already tallied for the brief, so each round is tallied once)."""
    tallies = tallies or ShownTallies(session)
    pack = session.pack
    notes = session.notes()
    skipped = set(session.skipped)  # left out to fit the time: not "unanswered"
    views: dict[str, StepView] = {}
    sections: list[SectionView] = []
    not_reached: list[str] = []
    for section_id, section_title in pack.sections:
        steps = [s for s in pack.steps if s.section == section_id and s.id not in skipped]
        shown: list[StepView] = []
        unanswered: list[str] = []
        for step in steps:
            note = notes.get(step.id, "")
            if not step.takes_answers:
                if note:  # a discussion note taken on an info step is kept
                    shown.append(StepView(step, (), note, 0, 0, 0))
                continue
            view = _step_view(tallies, step, note)
            views[step.id] = view
            if view.rounds or view.left_out or view.note:
                shown.append(view)
            else:
                unanswered.append(step.title)
        if not shown:
            # Info steps only (welcome, thanks), or not reached: no page of its own, just a mention.
            not_reached.extend(unanswered)
            continue
        info_titles = tuple(s.title for s in steps if not s.takes_answers and not notes.get(s.id))
        sections.append(SectionView(section_id, section_title, tuple(shown), info_titles, tuple(unanswered)))

    totals = Totals(
        steps=sum(1 for v in views.values() if v.answered),
        answers=sum(v.answered for v in views.values()),
        passes=sum(v.passed for v in views.values()),
        redactions=sum(v.redacted for v in views.values()),
    )
    created = _iso_date(session.created)
    finished = _iso_date(session.meta.get("finished"))
    return SummaryContext(
        session_id=session.id,
        pack_id=pack.id,
        title=pack.title,
        credit=pack.credit,
        source=pack.source,
        signpost=pack.signpost,
        description=pack.description,
        label=session.label,
        created=created.isoformat() if created else "",
        created_text=_date_text(created),
        state=session.state,
        finished=finished.isoformat() if finished else "",
        finished_text=_date_text(finished),
        data_note=DATA_NOTE,
        sections=tuple(sections),
        not_reached=tuple(not_reached),
        totals=totals,
    )


# --- the Jinja2 environment ----------------------------------------------------------------------------


def _autoescape(name: str | None) -> bool:
    return bool(name) and name.endswith(".html")


# Control characters (C0 except newline, DEL, C1) and the invisible format characters most used to
# disguise text (zero width, bidi controls, BOM). Text that holds any is cleaned before printing.
_UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u00ad\u200b-\u200f\u202a-\u202e\u2060-\u2069\ufeff]")


def _finalize(value: object) -> object:
    """Applied to every `{{ ... }}` before escaping: text that was stored without `clean` (a file
    written by another tool) is cleaned, so no escape sequence or control character is printed.
    Markup built by the templates themselves (macros) is left alone."""
    if isinstance(value, str) and not isinstance(value, Markup) and _UNSAFE.search(value):
        return clean(value, None)
    return value


def _md(value: object, line_break: str = "  \n") -> str:
    """Markdown filter: pack, participant and facilitator text, escaped so it shows as typed.

    Lines become hard line breaks; give `line_break=" / "` where one line is needed (a table cell).
    """
    return md_escape(str(value if value is not None else ""), line_break=line_break)


def _wrap(value: object, indent: int = 0, first: str | None = None, width: int = TEXT_WIDTH) -> str:
    """Plain-text filter: clean the text (no control characters) and wrap every line to `width` columns.

    `first` replaces the indent on the first line (for bullets such as "  - "); later lines hang at
    `indent` spaces. Blank lines between paragraphs are kept.
    """
    text = clean(str(value if value is not None else ""), _TEXT_LIMIT)
    pad = " " * indent
    lead = pad if first is None else first
    out: list[str] = []
    for line in text.splitlines() or [""]:
        if not line.strip():
            if out and out[-1]:
                out.append("")
            continue
        wrapped = textwrap.wrap(
            line.strip(), width=width, initial_indent=lead, subsequent_indent=pad,
            break_long_words=True, break_on_hyphens=True,
        )
        out.extend(wrapped or [lead.rstrip()])
        lead = pad
    while out and not out[-1]:
        out.pop()
    return "\n".join(out) if out else (first or "").rstrip()


def _hashes(bar: Bar, width: int = 20) -> str:
    """A bar of '#' for plain text; any count above zero shows at least one '#'."""
    if not bar.count:
        return ""
    return "#" * max(1, round(bar.share * width))


def _percent(share: float) -> str:
    return f"{max(0.0, min(1.0, share)) * 100:.0f}"


def _mean(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _counts(bars) -> str:
    """Bars in one line of text: "Ecological: 5 · It depends: 6 · Behaviour-based: 7"."""
    return " · ".join(f"{bar.label}: {bar.count}" for bar in bars)


def _plural(count: int, one: str, many: str | None = None) -> str:
    return f"{count} {one if count == 1 else (many or one + 's')}"


# --- charts: SVG built by `charts` (which escapes every text it draws), so safe to mark as markup ----


def _chart_scale(result: StepResult) -> Markup:
    step = result.step
    title = f"{step.title}: answers at each point of the scale"
    return Markup(charts.histogram(result.bars, title, low=step.low, high=step.high, mean=result.mean, width=360))


def _chart_choice(result: StepResult) -> Markup:
    return Markup(charts.hbars(result.bars, f"{result.step.title}: how many people chose each option"))


def _chart_lens(balance: lens.LensBalance | None) -> Markup:
    return Markup(lens.figure(balance)) if balance is not None else Markup("")


_ENV: Environment | None = None


def environment() -> Environment:
    """The summary templates' Jinja2 environment, created once on first use."""
    global _ENV
    if _ENV is None:
        env = Environment(
            loader=PackageLoader("workshop", "templates"),
            autoescape=_autoescape,
            undefined=StrictUndefined,
            trim_blocks=True,
            lstrip_blocks=True,
            keep_trailing_newline=True,
            finalize=_finalize,
        )
        env.filters["md"] = _md
        env.filters["wrap"] = _wrap
        env.filters["hashes"] = _hashes
        env.filters["percent"] = _percent
        env.filters["mean"] = _mean
        env.filters["plural"] = _plural
        env.filters["counts"] = _counts
        env.globals["chart_scale"] = _chart_scale
        env.globals["chart_choice"] = _chart_choice
        env.globals["chart_lens"] = _chart_lens
        env.globals["lens_rows"] = lens.text_rows
        _ENV = env
    return _ENV


# --- public API ----------------------------------------------------------------------------------------


def _check_format(fmt: str) -> str:
    if fmt not in FORMATS:
        raise ValueError(f"unknown summary format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return fmt


def render_summary(session: Session, fmt: str, brief_only: bool = False) -> str:
    """The summary of `session` as text in `fmt` ("html", "md" or "txt"): the brief for the board
    (`workshop.brief`), then the record of every step. `brief_only`: the brief alone."""
    tallies = ShownTallies(session)  # every shown round tallied once, for the brief and the record alike
    board = brief.build(session, tallies)
    if brief_only:
        return render_brief(board, fmt)
    template = environment().get_template(f"summary.{_check_format(fmt)}")
    return template.render(s=build_context(session, tallies), b=board, brief_only=False)


def render_brief(board: brief.Brief, fmt: str) -> str:
    """The brief alone (a page of its own in html)."""
    return environment().get_template(f"brief.{_check_format(fmt)}").render(b=board, brief_only=True)


def default_summary_path(session: Session, fmt: str, brief_only: bool = False) -> Path:
    """Where a summary goes unless told otherwise: beside the session file, `<id>-summary.<ext>`
    (the brief alone: `<id>-brief.<ext>`)."""
    return Path(session.path).with_name(f"{session.id}-{'brief' if brief_only else 'summary'}.{_check_format(fmt)}")


def write_summary(session: Session, fmt: str, path: Path | None = None, brief_only: bool = False) -> Path:
    """Render and write the summary (or the brief alone) atomically, readable only by this user (0600).
    Returns the path. Raises StorageFailure (one line) if it cannot be written.
    """
    target = Path(path) if path is not None else default_summary_path(session, fmt, brief_only)
    payload = render_summary(session, fmt, brief_only).encode("utf-8")
    storage.atomic_write(target, payload)
    return target


END_FORMATS = ("html", "md")  # what the end of a session saves beside it


def save_end_summaries(session: Session, only_missing: bool = False) -> tuple[list[Path], list[Path]]:
    """Save the summary files the end of a session leaves beside it (`<id>-summary.html` and `.md`).

    With `only_missing`, files already there are kept as they are (`workshop summary` and resuming a
    finished session use this to fill in what a full disk kept from being written at the end).
    Returns (every summary file now there, the ones written now). Raises StorageFailure (one line).
    """
    present: list[Path] = []
    written: list[Path] = []
    for fmt in END_FORMATS:
        target = default_summary_path(session, fmt)
        if not (only_missing and target.is_file()):
            write_summary(session, fmt, target)
            written.append(target)
        present.append(target)
    return present, written
