"""The lens balance: how much of the group's work targets contexts rather than young people's behaviour.

The briefing behind the workshop found partnerships that meant to change places drifted back to
changing young people. This module answers "which way does *this* group lean?" from the group's own
answers, in three readings:

* **today's work** (current approaches): the rating at the group-activity scale step that asks how
  much of what the partnership does today targets contexts. In the default pack that is the step
  `context-share` (1 = almost all about behaviour, top of the scale = almost all about contexts); a
  pack opts in by giving a scale step one of the ids in `CONTEXT_SCALE_IDS`. The latest round counts.
* **the sorting exercise**: how many card placements went to the ecological bucket, to the
  behaviour-based bucket and elsewhere (bucket ids `ecological` and `behaviour`; latest round of
  every sort step), set against where the pack's own explanations put the same cards (a card's
  `expected` bucket): that comparison, not the share alone, says how the group reads the cards,
  since a pack with more ecological cards would otherwise look like a more ecological group.
* **planned actions**: the lens each action was tagged with (`context`, `behaviour`, `unsure`, or a
  pack's own lenses), over every actions step and every round (every action is in the plan).

`balance(pack, answers)` works on plain answer documents (what `storage.read_raw` gives), so the
cross-session report can use it without opening sessions; `lens_balance(session)` is the same for a
`Session`. The figures are counts; `verdict` says which way the group leans in one sentence with
one figure (the share of cards placed where the pack's explanations put them), and `figure` draws
the readings with every number written out.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from . import kinds
from .packs import Pack, Step
from .results import Bar

CONTEXT_SCALE_IDS = ("context-share",)
CONTEXT_RATED = "how much of today's work targets contexts"
CONTEXT_LENS = "context"
BEHAVIOUR_LENS = "behaviour"
ECOLOGICAL_BUCKET = "ecological"
BEHAVIOUR_BUCKET = "behaviour"


@dataclass(frozen=True)
class ScaleReading:
    """The group's rating of today's work on the context scale (latest round)."""

    step_id: str
    title: str
    text: str
    points: int
    low: str
    high: str
    round: int
    rounds: int
    counts: tuple[int, ...]  # answers at 1..points

    @property
    def answered(self) -> int:
        return sum(self.counts)

    @property
    def mean(self) -> float | None:
        if not self.answered:
            return None
        return sum((i + 1) * c for i, c in enumerate(self.counts)) / self.answered

    @property
    def share(self) -> float | None:
        """Where the mean sits from 0 (all behaviour) to 1 (all contexts)."""
        mean = self.mean
        if mean is None or self.points < 2:
            return None
        return (mean - 1) / (self.points - 1)


@dataclass(frozen=True)
class LensBalance:
    actions: tuple[Bar, ...]  # one per lens in pack order (labels from the pack), over every action
    action_ids: tuple[str, ...]  # the lens id of each bar
    sort: tuple[Bar, ...]  # card placements per bucket, in pack order
    sort_ids: tuple[str, ...]
    scale: ScaleReading | None  # None when the pack has no context scale step or nobody rated
    action_steps: int  # actions steps in the pack
    sort_steps: int  # sort steps in the pack
    expected: tuple[Bar, ...] = ()  # the same placements, in the buckets the pack's explanations give (sort order)
    compared: int = 0  # placements of cards whose explanation names a bucket
    nearer_behaviour: int = 0  # of those, placed nearer behaviour than the explanation puts the card
    nearer_context: int = 0  # and nearer ecological

    @property
    def matched(self) -> int:
        return self.compared - self.nearer_behaviour - self.nearer_context

    @property
    def match_share(self) -> float | None:
        return self.matched / self.compared if self.compared else None

    @property
    def lean(self) -> str:
        """Which way the sort leans against the pack's explanations: "behaviour", "context", "none"
        (differences both ways), "matched" (no differences) or "" (nothing to compare)."""
        if not self.compared:
            return ""
        b, c = self.nearer_behaviour, self.nearer_context
        if not b and not c:
            return "matched"
        if b >= 2 * c:
            return BEHAVIOUR_LENS
        if c >= 2 * b:
            return CONTEXT_LENS
        return "none"

    def _count(self, bars: tuple[Bar, ...], ids: tuple[str, ...], wanted: str) -> int:
        return sum(b.count for b, i in zip(bars, ids) if i == wanted)

    @property
    def actions_total(self) -> int:
        return sum(b.count for b in self.actions)

    @property
    def context_actions(self) -> int:
        return self._count(self.actions, self.action_ids, CONTEXT_LENS)

    @property
    def behaviour_actions(self) -> int:
        return self._count(self.actions, self.action_ids, BEHAVIOUR_LENS)

    @property
    def context_action_share(self) -> float | None:
        return self.context_actions / self.actions_total if self.actions_total else None

    @property
    def placements(self) -> int:
        return sum(b.count for b in self.sort)

    @property
    def ecological_placements(self) -> int:
        return self._count(self.sort, self.sort_ids, ECOLOGICAL_BUCKET)

    @property
    def behaviour_placements(self) -> int:
        return self._count(self.sort, self.sort_ids, BEHAVIOUR_BUCKET)

    @property
    def ecological_share(self) -> float | None:
        return self.ecological_placements / self.placements if self.placements else None

    @property
    def has_data(self) -> bool:
        return bool(self.actions_total or self.placements or (self.scale and self.scale.answered))

    @property
    def verdict(self) -> str:
        return verdict(self)

    def bucket_label(self, bucket_id: str) -> str:
        return next((b.label for b, i in zip(self.sort, self.sort_ids) if i == bucket_id), bucket_id)


def _given(docs: Iterable[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
    return [d for d in docs if not d.get("passed") and isinstance(d.get("answer"), dict)]


def _round(doc: Mapping[str, Any]) -> int:
    value = doc.get("round", 1)
    return value if type(value) is int else 1


def _latest(docs: list[Mapping[str, Any]]) -> tuple[list[Mapping[str, Any]], int, int]:
    """The documents of the latest round, that round's number, and how many rounds there were."""
    rounds = sorted({_round(d) for d in docs})
    if not rounds:
        return [], 1, 0
    last = rounds[-1]
    return [d for d in docs if _round(d) == last], last, len(rounds)


@dataclass
class LensTally:
    """What the kinds add up for the lens balance (see `Kind.lens`): action lenses over every round,
    sort buckets over each sort step's latest round, label by id in the order first met."""

    lens_labels: dict[str, str] = field(default_factory=dict)
    lens_counts: dict[str, int] = field(default_factory=dict)
    bucket_labels: dict[str, str] = field(default_factory=dict)
    bucket_counts: dict[str, int] = field(default_factory=dict)
    expected_counts: dict[str, int] = field(default_factory=dict)
    nearer: dict[str, int] = field(default_factory=lambda: {BEHAVIOUR_LENS: 0, CONTEXT_LENS: 0})
    compared: int = 0
    action_steps: int = 0
    sort_steps: int = 0

    def latest(self, docs: list[Mapping[str, Any]]) -> list[Mapping[str, Any]]:
        return _latest(docs)[0]

    def compare(self, expected: str, placed: str) -> None:
        """One placement of a card whose explanation puts it in `expected`: behaviour-based, then any
        middle bucket ("it depends"), then ecological, on one line from behaviour to contexts."""
        self.compared += 1
        self.expected_counts[expected] = self.expected_counts.get(expected, 0) + 1
        shift = _towards_context(placed) - _towards_context(expected)
        if shift:
            self.nearer[CONTEXT_LENS if shift > 0 else BEHAVIOUR_LENS] += 1


def _towards_context(bucket: str) -> int:
    return {BEHAVIOUR_BUCKET: 0, ECOLOGICAL_BUCKET: 2}.get(bucket, 1)


def context_scale_step(pack: Pack) -> Step | None:
    """The scale step that asks how much of today's work targets contexts, if the pack has one."""
    for wanted in CONTEXT_SCALE_IDS:
        for step in pack.steps:
            if kinds.of(step).rates_on_scale and step.id == wanted:
                return step
    return None


def balance(pack: Pack, answers: Mapping[str, list[Mapping[str, Any]]] | Iterable[Mapping[str, Any]]) -> LensBalance:
    """The lens balance from a pack and its answer documents (a list, or a dict of step id -> list)."""
    if isinstance(answers, Mapping):
        by_step = {k: list(v) for k, v in answers.items()}
    else:
        by_step = {}
        for doc in answers:
            step_id = doc.get("step")
            if isinstance(step_id, str):
                by_step.setdefault(step_id, []).append(doc)

    acc = LensTally()
    for step in pack.steps:
        kinds.of(step).lens(step, _given(by_step.get(step.id, ())), acc)
    lens_labels, lens_counts = acc.lens_labels, acc.lens_counts
    bucket_labels, bucket_counts = acc.bucket_labels, acc.bucket_counts

    scale = None
    step = context_scale_step(pack)
    if step is not None:
        latest, number, rounds = _latest(_given(by_step.get(step.id, ())))
        counts = kinds.of(step).counts(step, latest)
        if sum(counts):
            scale = ScaleReading(step.id, step.title, step.text, step.points, step.low, step.high,
                                 number, rounds, tuple(counts))

    total = sum(lens_counts.values())
    placed = sum(bucket_counts.values())
    compared = acc.compared
    return LensBalance(
        actions=tuple(Bar(lens_labels[k], c, c / total if total else 0.0) for k, c in lens_counts.items()),
        action_ids=tuple(lens_counts),
        sort=tuple(Bar(bucket_labels[k], c, c / placed if placed else 0.0) for k, c in bucket_counts.items()),
        sort_ids=tuple(bucket_counts),
        scale=scale,
        action_steps=acc.action_steps,
        sort_steps=acc.sort_steps,
        expected=tuple(Bar(bucket_labels[k], acc.expected_counts.get(k, 0),
                           acc.expected_counts.get(k, 0) / compared if compared else 0.0) for k in bucket_counts),
        compared=compared,
        nearer_behaviour=acc.nearer[BEHAVIOUR_LENS],
        nearer_context=acc.nearer[CONTEXT_LENS],
    )


def lens_balance(session, rounds=None) -> LensBalance:
    """The lens balance of a `Session` (read-only or open for writing), from the rounds it may show.
    `rounds`: how to get a step's rounds (default `session.step_rounds`; the brief passes the ones
    its summary already read, `results.ShownTallies.rounds`)."""
    pack = session.pack
    rounds = rounds or session.step_rounds
    return balance(pack, {
        s.id: [turn for r in rounds(s) if r.shown for turn in r.turns]
        for s in pack.steps if s.takes_answers
    })


# --- in words ---------------------------------------------------------------------------------------


def _pct(part: int, whole: int) -> str:
    return f"{round(100 * part / whole)}%" if whole else "0%"


def first_lower(text: str) -> str:
    """Text for the middle of a sentence: first letter in lower case, unless it starts an acronym
    ("CCTV cameras"), without a closing full stop."""
    text = " ".join(str(text).split()).rstrip(".")
    first = text.split(" ", 1)[0]
    return text if len(first) > 1 and first.isupper() else text[:1].lower() + text[1:]


def verdict(b: LensBalance) -> str:
    """Which way the group leans, in one plain sentence with one figure (plain text: the templates escape it).

    The figure is the share of card placements that match the pack's own explanations of the same
    cards, so it says how the group reads the cards whatever the mix of cards. A pack whose cards
    name no expected bucket falls back to the planned actions (the share that aim to change a context).
    """
    if b.compared:
        share = f"{round(100 * (b.match_share or 0))}%"
        behaviour = first_lower(b.bucket_label(BEHAVIOUR_BUCKET))
        ecological = first_lower(b.bucket_label(ECOLOGICAL_BUCKET))
        placed = f"it placed {share} of the cards where the pack's own explanations put them"
        return {
            "matched": f"The group reads the cards as the pack's own explanations do: {placed}, so it leans neither way.",
            BEHAVIOUR_LENS: f"The group leans to behaviour: {placed}, and most of the others nearer {behaviour}.",
            CONTEXT_LENS: f"The group leans to contexts: {placed}, and most of the others nearer {ecological}.",
        }.get(b.lean, f"The group shows no clear lean: {placed}, and the others went both ways.")
    if b.actions_total:
        share = f"{_pct(b.context_actions, b.actions_total)} of its planned actions aim to change a context"
        if b.context_actions > b.behaviour_actions:
            return f"The group's plan leans to contexts: {share}."
        if b.context_actions < b.behaviour_actions:
            return f"The group's plan leans to behaviour: only {share}."
        return f"The group's plan leans neither way: {share}."
    if b.placements:
        return (f"{_pct(b.ecological_placements, b.placements)} of the group's card placements were ecological; "
                "this pack's cards do not say where they belong, so that share reflects the mix of cards as much as the group.")
    return "There are no answers yet to show the lens balance."


def rating_sentence(b: LensBalance, what: str = "") -> str:
    """The group's rating of today's work in one sentence ("" if nobody rated); `what` names what was
    rated (the step's `rated`)."""
    s = b.scale
    if s is None or s.mean is None:
        return ""
    top = f" ({s.points} = {first_lower(s.high)})" if s.high else ""
    return f"The group rated {what or CONTEXT_RATED} {s.mean:.1f} of {s.points}{top}."


# --- as a picture -----------------------------------------------------------------------------------


def _context_first(bars: tuple[Bar, ...], ids: tuple[str, ...], first: str, second: str) -> list[Bar]:
    """Contexts first, behaviour second, the rest after: the same grey means the same thing in every row."""
    order = {first: 0, second: 1}
    ranked = sorted(zip(bars, ids), key=lambda pair: order.get(pair[1], 2))
    return [bar for bar, _ in ranked]


def figure(b: LensBalance, *, standalone: bool = False) -> str:
    """The lens balance as an SVG figure (see `charts.lens_chart`); "" when there is nothing to show."""
    from . import charts

    if not b.has_data:
        return ""
    rows = []
    if b.placements:
        bars = _context_first(b.sort, b.sort_ids, ECOLOGICAL_BUCKET, BEHAVIOUR_BUCKET)
        rows.append(("Sorting exercise: where the group placed the cards", [x.label for x in bars], [x.count for x in bars]))
    if b.compared:
        bars = _context_first(b.expected, b.sort_ids, ECOLOGICAL_BUCKET, BEHAVIOUR_BUCKET)
        rows.append(("Where the pack's explanations put the same cards", [x.label for x in bars], [x.count for x in bars]))
    if b.actions_total:
        bars = _context_first(b.actions, b.action_ids, CONTEXT_LENS, BEHAVIOUR_LENS)
        rows.append(("Planned actions, by lens", [x.label for x in bars], [x.count for x in bars]))
    mark = None
    if b.scale is not None:
        s = b.scale
        label = "Today's work: the group's rating" + (f" (round {s.round})" if s.rounds > 1 else "")
        mark = charts.ScaleMark(label, s.points, s.counts, s.mean, s.low, s.high)
    return charts.lens_chart(rows, "Lens balance: contexts or behaviour?", scale=mark, standalone=standalone)


def text_rows(b: LensBalance) -> list[tuple[str, list[Bar]]]:
    """The figure's rows for plain text and Markdown: (heading, bars), contexts first."""
    rows: list[tuple[str, list[Bar]]] = []
    if b.scale is not None:
        s = b.scale
        bars = [Bar(str(i + 1) + (f" ({s.low})" if i == 0 and s.low else f" ({s.high})" if i == s.points - 1 and s.high else ""),
                    c, c / s.answered if s.answered else 0.0) for i, c in enumerate(s.counts)]
        rows.append((f"Today's work: how many people rated it at each point from 1 to {s.points} (mean {s.mean:.1f})", bars))
    if b.placements:
        rows.append((f"Sorting exercise: where the group placed the cards ({b.placements} placements)",
                     _context_first(b.sort, b.sort_ids, ECOLOGICAL_BUCKET, BEHAVIOUR_BUCKET)))
    if b.compared:
        rows.append(("Where the pack's explanations put the same cards",
                     _context_first(b.expected, b.sort_ids, ECOLOGICAL_BUCKET, BEHAVIOUR_BUCKET)))
    if b.actions_total:
        rows.append((f"Planned actions ({b.actions_total})",
                     _context_first(b.actions, b.action_ids, CONTEXT_LENS, BEHAVIOUR_LENS)))
    return rows
