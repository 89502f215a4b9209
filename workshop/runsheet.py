"""The facilitator's run sheet: what a facilitator prints the day before a session.

The agenda with the timing model's start offsets and minutes for N people (workshop/timing.py),
then every step: its text as participants see it, what to say (the pack's facilitator notes), what
to watch for (the notes' "Watch for" paragraphs), and room to write. Templates in
`workshop/templates/runsheet.{md,txt,html}`, loaded like the summary's (same Jinja2 environment:
autoescaped HTML, Markdown through the `md` escaping filter, wrapped plain text). The PDF is the HTML
through WeasyPrint (`workshop.pdf.html_to_pdf`).

Only pack data goes in: a run sheet holds no session, no answer and no time of day.
"""

from __future__ import annotations

from dataclasses import dataclass

from .packs import Pack, Step
from .timing import DEFAULT_PEOPLE, Plan, plan, timed, whole_minutes

FORMATS = ("html", "md", "txt")
WATCH = "watch for"


@dataclass(frozen=True)
class RunStep:
    step: Step
    number: int
    section: str
    start: str  # "0:06": hours and minutes from the start of the session
    minutes: float
    say: tuple[str, ...]  # the notes' paragraphs, without the "Watch for" ones
    watch: tuple[str, ...]  # the "Watch for" paragraphs, without the words "Watch for:"

    @property
    def turns(self) -> str:
        """How answers are given, for the agenda: '', 'each person' or 'one group answer'."""
        if not timed(self.step):
            return ""
        return "one group answer" if self.step.mode == "group" else "each person"


@dataclass(frozen=True)
class RunSheet:
    pack: Pack
    people: int
    steps: tuple[RunStep, ...]
    total: float
    total_minutes: int
    required_minutes: int  # without the optional steps, whole minutes rounded up
    has_optional: bool


def clock(minutes: float) -> str:
    """Minutes from the start as h:mm (rounded to the minute)."""
    whole = int(round(minutes))
    return f"{whole // 60}:{whole % 60:02d}"


def split_notes(notes: str) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """The facilitator notes as (what to say, the paragraphs about what to watch for)."""
    say: list[str] = []
    watch: list[str] = []
    for paragraph in notes.split("\n\n"):
        text = paragraph.strip()
        if not text:
            continue
        if text.lower().startswith(WATCH):
            rest = text[len(WATCH):].lstrip(" :").strip()
            watch.append(rest[:1].upper() + rest[1:] if rest else text)
        else:
            say.append(text)
    return tuple(say), tuple(watch)


def build_runsheet(pack: Pack, people: int = DEFAULT_PEOPLE) -> RunSheet:
    planned: Plan = plan(pack, people)
    steps = []
    for number, item in enumerate(planned.steps, start=1):
        say, watch = split_notes(item.step.notes)
        steps.append(RunStep(item.step, number, pack.section_title(item.step.section), clock(item.start), item.minutes, say, watch))
    optional = [s.id for s in pack.steps if s.optional]
    return RunSheet(
        pack=pack,
        people=people,
        steps=tuple(steps),
        total=planned.total,
        total_minutes=planned.total_minutes,
        required_minutes=whole_minutes(plan(pack, people, optional).total),
        has_optional=bool(optional),
    )


def render_runsheet(pack: Pack, people: int = DEFAULT_PEOPLE, fmt: str = "md") -> str:
    from .summary import environment

    if fmt not in FORMATS:
        raise ValueError(f"unknown run sheet format {fmt!r}; choose one of {', '.join(FORMATS)}")
    return environment().get_template(f"runsheet.{fmt}").render(r=build_runsheet(pack, people), clock=clock)


def runsheet_pdf(pack: Pack, people: int = DEFAULT_PEOPLE) -> bytes:
    """The run sheet as A4 PDF bytes. Raises pdf.PdfUnavailable (one line) if no PDF can be made here."""
    from .pdf import html_to_pdf

    return html_to_pdf(render_runsheet(pack, people, "html"))
