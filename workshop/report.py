"""Across sessions: how a partnership's answers changed over time (e.g. before and after a change programme).

`build_report(sessions_dir, pack=, label=, since=, include_unfinished=)` reads every session file in the folder with plain
`json` (`storage.read_raw`, never TinyDB, never a lock), keeps those that match the filters, orders
them by date and gives, per session:

* the mean rating at every scale step (latest round of the step);
* the share of card placements that were ecological at the sort step(s) (latest round), and per
  card the share ecological in the first session, the last session and all sessions together;
* the lens balance (`workshop.lens`): the rating of today's work, and the planned actions by lens;
* the number of planned actions at each level (all rounds);
* the group's order at every ranking step (Borda count, latest round);

and, over all the selected sessions, the most frequent words in open answers (lower-cased, stop
words removed, and the words of the step's own prompt too: a question that asks about "focus,
method and impact" would otherwise put those words at the top; redacted answers are empty and so
never counted).

Sessions not yet finished are left out (their figures are partial) unless `include_unfinished`.

`render_report(report, "html" | "md")` fills `templates/report.html` / `report.md`; `report_pdf`
lays the HTML out on A4 with WeasyPrint (imported only then).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from . import kinds, lens
from .export import Loaded, load_all
from .packs import Step
from .session import FINISHED

FORMATS = ("html", "md", "pdf")
TOP_WORDS = 25

# A built-in English stop-word list: function words, plus the words every answer in this workshop
# uses (so the list shows what is particular to the group, not "young people").
STOP_WORDS = frozenset("""
a about above after again against all almost along already also although always am among an and any
anyone anything are aren't around as at away back be because been before being below between both
but by can can't cannot could couldn't did didn't do does doesn't doing don't done down during each
either else enough etc even ever every few for from further get gets getting give go goes going got
had hadn't has hasn't have haven't having he he'd he'll he's her here here's hers herself him
himself his how how's however i i'd i'll i'm i've if in into is isn't it it's its itself just keep
know less let let's like lot lots made make makes making many may me might more most much must
mustn't my myself need needs no nor not now of off often on once one only or other others ought our
ours ourselves out over own per perhaps quite rather really said same say says see seem seems
shan't she she'd she'll she's should shouldn't since so some something sometimes still such sure
take than that that's the their theirs them themselves then there there's these they they'd
they'll they're they've thing things think this those though through thus to too toward towards
under until up upon us use used using very via want was wasn't way ways we we'd we'll we're we've
well were weren't what what's when when's where where's whether which while who who's whom whose
why why's will with within without won't would wouldn't yes yet you you'd you'll you're you've
your yours yourself yourselves
young people person child children kid kids
""".split())
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)*", re.UNICODE)


_APOSTROPHES = ("\u2019", "\u2018", "\u02bc")


def _tokens(text: str) -> list[str]:
    """Raw word tokens of a text, lower-cased, with straight apostrophes (not yet cleaned)."""
    text = text.lower()
    for mark in _APOSTROPHES:
        if mark in text:
            text = text.replace(mark, "'")
    return _WORD.findall(text)


def _word(token: str) -> str | None:
    """One token as a counted word: possessive 's dropped; None for stop words and single letters."""
    if token.endswith("'s"):
        token = token[:-2]
    token = token.strip("'")
    if len(token) < 2 or token in STOP_WORDS:
        return None
    return token


@functools.lru_cache(maxsize=256)
def _prompt_words(step) -> frozenset[str]:
    return prompt_words(step)  # steps are frozen and shared by the sessions of one pack snapshot


def words(text: str) -> list[str]:
    """The words of an answer: lower-cased, curly apostrophes straightened, possessive 's dropped,
    stop words, single letters and numbers left out."""
    return [w for w in map(_word, _tokens(text)) if w is not None]


def prompt_words(step) -> frozenset[str]:
    """The words a step's own prompt puts in people's answers: its title, text, scale ends,
    options, bucket, level and lens labels and card texts (as `words` finds them)."""
    texts = [step.title, step.text, step.low, step.high, *step.options,
             *(option.label for option in (*step.buckets, *step.levels, *step.lenses)),
             *(card.text for card in step.cards)]
    return frozenset(w for text in texts if isinstance(text, str) for w in words(text))


def _from_prompt(word: str, prompt: frozenset[str]) -> bool:
    """True if `word` is one of the prompt's words, or its plural or singular."""
    return word in prompt or word + "s" in prompt or (word.endswith("s") and word[:-1] in prompt)


def word_counts(chunks: Counter[str], leave_out: frozenset[str] = frozenset()) -> Counter[str]:
    """Word counts from a count of whitespace-separated chunks of text, without `leave_out` words.

    Counting chunks (`str.split`, fast) and finding the words inside each distinct chunk once gives
    the same counts as finding words in the whole text: a word never spans whitespace.
    """
    counts: Counter[str] = Counter()
    for chunk, count in chunks.items():
        for token in _tokens(chunk):
            word = _word(token)
            if word is not None:
                counts[word] += count
    if leave_out:
        for word in [w for w in counts if _from_prompt(w, leave_out)]:
            del counts[word]
    return counts


def top_words(chunks: Counter[str], limit: int = TOP_WORDS, leave_out: frozenset[str] = frozenset()) -> list[tuple[str, int]]:
    """The most frequent words from a count of whitespace-separated chunks of text."""
    return _most_frequent(word_counts(chunks, leave_out), limit)


def _most_frequent(counts: Counter[str], limit: int = TOP_WORDS) -> list[tuple[str, int]]:
    return sorted(counts.items(), key=lambda item: (-item[1], item[0]))[:limit]


@dataclass(frozen=True)
class ScaleColumn:
    id: str
    title: str
    points: int
    low: str
    high: str


@dataclass(frozen=True)
class RankColumn:
    """A ranking step: the report shows the group's order at it in each session."""

    id: str
    title: str


@dataclass(frozen=True)
class CardRow:
    id: str
    text: str
    first: float | None  # share of placements that were ecological, first session that placed it
    last: float | None
    pooled: float | None
    placements: int


@dataclass
class SessionRow:
    id: str
    created: str
    label: str
    state: str
    pack_id: str
    answers: int
    means: dict[str, float | None]  # scale step id -> mean of its latest round
    counts: dict[str, int]  # scale step id -> answers in that round
    balance: lens.LensBalance
    levels: dict[str, int]  # action level id -> number of actions
    orders: dict[str, list[str]] = field(default_factory=dict)  # rank step id -> the group's order (latest round)

    @property
    def ecological_share(self) -> float | None:
        return self.balance.ecological_share

    @property
    def context_action_share(self) -> float | None:
        return self.balance.context_action_share

    @property
    def context_rating(self) -> float | None:
        return self.balance.scale.mean if self.balance.scale else None

    @property
    def actions(self) -> int:
        return self.balance.actions_total


@dataclass
class Report:
    sessions: list[SessionRow]
    scales: list[ScaleColumn]
    levels: list[tuple[str, str]]  # (level id, label), in pack order
    lenses: list[tuple[str, str]]
    cards: list[CardRow]
    words: list[tuple[str, int]]
    open_answers: int
    filters: dict[str, str]
    made: str  # the day the report was made, ISO
    skipped: list[str] = field(default_factory=list)  # one line per unreadable file
    unfinished: int = 0  # sessions not yet finished: left out, or (include_unfinished) counted
    include_unfinished: bool = False
    rankings: list[RankColumn] = field(default_factory=list)

    @property
    def first(self) -> str:
        return self.sessions[0].created if self.sessions else ""

    @property
    def last(self) -> str:
        return self.sessions[-1].created if self.sessions else ""

    @property
    def filter_text(self) -> str:
        parts = []
        if self.filters.get("pack"):
            parts.append(f"pack {self.filters['pack']}")
        if self.filters.get("label"):
            parts.append(f"label containing \u201c{self.filters['label']}\u201d")
        if self.filters.get("since"):
            parts.append(f"since {self.filters['since']}")
        return "; ".join(parts) if parts else "all sessions"

    @property
    def unfinished_text(self) -> str:
        """One sentence on the sessions still running ("" if there are none)."""
        if not self.unfinished:
            return ""
        some = f"{self.unfinished} matching session{'s' if self.unfinished != 1 else ''}"
        if self.include_unfinished:
            return f"{some} not yet finished {'is' if self.unfinished == 1 else 'are'} included (--include-unfinished)."
        return (f"{some} not yet finished {'is' if self.unfinished == 1 else 'are'} left out "
                "(--include-unfinished counts them).")


@dataclass
class SessionTally:
    """What the kinds add up for the report (see `Kind.report`): labels and open answers over every
    session, and the figures of the session being read (`start_session` gives each session its own)."""

    scales: dict[str, ScaleColumn] = field(default_factory=dict)
    levels: dict[str, str] = field(default_factory=dict)
    lenses: dict[str, str] = field(default_factory=dict)
    card_text: dict[str, str] = field(default_factory=dict)
    open_texts: dict[frozenset[str], list[str]] = field(default_factory=dict)  # this session's, by prompt words, until counted
    open_answers: int = 0
    means: dict[str, float | None] = field(default_factory=dict)
    counts: dict[str, int] = field(default_factory=dict)
    level_counts: dict[str, int] = field(default_factory=dict)
    session_cards: dict[str, list[int]] = field(default_factory=dict)  # card id -> [ecological, placements]
    rankings: dict[str, RankColumn] = field(default_factory=dict)
    orders: dict[str, list[str]] = field(default_factory=dict)  # this session's: rank step id -> the group's order

    def start_session(self) -> tuple[dict[str, float | None], dict[str, int], dict[str, int], dict[str, list[int]]]:
        self.means, self.counts, self.level_counts, self.session_cards = {}, {}, {}, {}
        self.orders = {}
        return self.means, self.counts, self.level_counts, self.session_cards

    def scale(self, step: Step) -> None:
        self.scales.setdefault(step.id, ScaleColumn(step.id, step.title, step.points, step.low, step.high))

    def ranking(self, step: Step) -> None:
        self.rankings.setdefault(step.id, RankColumn(step.id, step.title))

    def place(self, card: str, bucket: str) -> None:
        tally = self.session_cards.setdefault(card, [0, 0])
        tally[1] += 1
        if bucket == lens.ECOLOGICAL_BUCKET:
            tally[0] += 1

    def latest(self, docs: list[dict]) -> list[dict]:
        return _latest(docs)

    def open_text(self, step: Step, text: str) -> None:
        """An open answer, counted for the frequent words apart from its own prompt's words."""
        self.open_answers += 1
        self.open_texts.setdefault(_prompt_words(step), []).append(text)


def _given(docs: Iterable[dict]) -> list[dict]:
    return [d for d in docs if not d.get("passed") and isinstance(d.get("answer"), dict)]


def _round(doc: dict) -> int:
    value = doc.get("round", 1)
    return value if type(value) is int else 1


def _latest(docs: list[dict]) -> list[dict]:
    if not docs:
        return []
    last = max(_round(d) for d in docs)
    return [d for d in docs if _round(d) == last]


def matches(loaded: Loaded, pack: str | None, label: str | None, since: date | None) -> bool:
    if pack and loaded.pack.id != pack and loaded.meta.get("pack_id") != pack:
        return False
    if label and " ".join(label.split()).casefold() not in " ".join(loaded.label.split()).casefold():
        return False
    if since is not None:
        try:
            if date.fromisoformat(loaded.created) < since:
                return False
        except ValueError:
            return False
    return True


def build_report(sessions_dir: Path, pack: str | None = None, label: str | None = None,
                 since: date | None = None, today: date | None = None,
                 include_unfinished: bool = False) -> Report:
    """The report over the matching sessions; those not yet finished only with `include_unfinished`
    (a running session's figures are partial and would move the trend)."""
    loaded, skipped = load_all(sessions_dir)
    chosen = [s for s in loaded if matches(s, pack, label, since)]
    unfinished = sum(1 for s in chosen if s.state != FINISHED)
    if not include_unfinished:
        chosen = [s for s in chosen if s.state == FINISHED]
    chosen.sort(key=lambda s: (s.created, s.id))
    report = build_from(chosen, {"pack": pack or "", "label": label or "", "since": since.isoformat() if since else ""},
                        skipped, today)
    report.unfinished, report.include_unfinished = unfinished, include_unfinished
    return report


def build_from(chosen: list[Loaded], filters: dict[str, str] | None = None, skipped: list[str] | None = None,
               today: date | None = None) -> Report:
    acc = SessionTally()
    scales, levels, lenses, card_text, open_texts = acc.scales, acc.levels, acc.lenses, acc.card_text, acc.open_texts
    card_sessions: dict[str, list[tuple[int, int]]] = {}  # card id -> [(ecological, placements)] per session
    token_counts: dict[frozenset[str], Counter[str]] = {}  # an open step's prompt words -> its answers' chunks
    rows: list[SessionRow] = []
    for s in chosen:
        by_step: dict[str, list[dict]] = {}
        for doc in s.answers:
            step_id = doc.get("step")
            if isinstance(step_id, str):
                by_step.setdefault(step_id, []).append(doc)
        means, counts, level_counts, session_cards = acc.start_session()
        for step in s.pack.steps:
            kinds.of(step).report(step, _given(by_step.get(step.id, [])), acc)
        for prompt, texts in open_texts.items():  # one pass over the session's open answers per prompt
            token_counts.setdefault(prompt, Counter()).update("\n".join(texts).split())
        open_texts.clear()
        for card, (eco, placed) in session_cards.items():
            card_sessions.setdefault(card, []).append((eco, placed))
        rows.append(SessionRow(
            id=s.id, created=s.created, label=s.label, state=s.state, pack_id=s.pack.id,
            answers=sum(1 for d in s.answers if not d.get("passed")),
            means=means, counts=counts, balance=lens.balance(s.pack, by_step), levels=level_counts,
            orders=acc.orders,
        ))
    cards = []
    for card, history in card_sessions.items():
        eco = sum(e for e, _ in history)
        placed = sum(p for _, p in history)
        cards.append(CardRow(
            card, card_text.get(card, card),
            history[0][0] / history[0][1] if history[0][1] else None,
            history[-1][0] / history[-1][1] if history[-1][1] else None,
            eco / placed if placed else None, placed,
        ))
    order = list(card_text)
    cards.sort(key=lambda c: order.index(c.id))
    counted: Counter[str] = Counter()
    for prompt, chunks in token_counts.items():
        counted.update(word_counts(chunks, prompt))
    top = _most_frequent(counted)
    return Report(
        sessions=rows, scales=list(scales.values()), levels=list(levels.items()), lenses=list(lenses.items()),
        cards=cards, words=top, open_answers=acc.open_answers, filters=filters or {},
        made=(today or date.today()).isoformat(), skipped=list(skipped or []),
        rankings=list(acc.rankings.values()),
    )


# --- output -------------------------------------------------------------------------------------------


def _pct(value: float | None) -> str:
    return "" if value is None else f"{100 * value:.0f}%"


def _num(value: float | None) -> str:
    return "" if value is None else f"{value:.1f}"


def _day_text(iso: str) -> str:
    from .summary import _date_text, _iso_date

    return _date_text(_iso_date(iso)) or iso


def charts_for(report: Report) -> dict[str, str]:
    """SVG trend charts (oldest session first) for the HTML report; every text escaped by `charts`.

    Each point is numbered, and the chart's key gives each number its session's date and label."""
    from . import charts

    days = [row.created for row in report.sessions]
    names = [row.label or "(no label)" for row in report.sessions]

    def trend(values, title: str, **kwargs) -> str:
        return charts.trend(list(zip(days, values)), title, labels=names, **kwargs)

    def percent(share: float | None) -> float | None:
        return None if share is None else 100 * share

    out: dict[str, str] = {}
    for column in report.scales:
        out[f"scale:{column.id}"] = trend([row.means.get(column.id) for row in report.sessions],
                                          f"{column.title}: mean rating per session", low=1, high=max(2, column.points))
    out["ecological"] = trend([percent(row.ecological_share) for row in report.sessions],
                        "Card placements that were ecological, per session", low=0, high=100, unit="%")
    out["context-actions"] = trend([percent(row.context_action_share) for row in report.sessions],
                           "Planned actions that aim to change a context, per session", low=0, high=100, unit="%")
    for level_id, label in report.levels:
        counts = [float(row.levels.get(level_id, 0)) for row in report.sessions]
        out[f"level:{level_id}"] = trend(counts, f"Actions at level: {label}, per session", low=0,
                                         high=max(counts + [1.0]), whole=True, height=130)
    return out


def render_report(report: Report, fmt: str) -> str:
    if fmt not in ("html", "md"):
        raise ValueError(f"unknown report format {fmt!r}; choose html, md or pdf")
    from markupsafe import Markup

    from .summary import environment

    env = environment()
    template = env.get_template(f"report.{fmt}")
    figures = {k: Markup(v) for k, v in charts_for(report).items()} if fmt == "html" else {}
    return template.render(r=report, figures=figures, pct=_pct, num=_num, day=_day_text)


def report_pdf(report: Report) -> bytes:
    from .pdf import html_to_pdf

    return html_to_pdf(render_report(report, "html"))


def default_report_path(sessions_dir: Path, fmt: str, today: date | None = None) -> Path:
    return Path(sessions_dir) / f"report-{(today or date.today()).isoformat()}.{fmt}"
