"""The brief for the partnership board: two pages a busy board member reads in five minutes.

Everything in it is computed from the session's own data (no Textual, no templates here; the
templates are `templates/brief.{html,md,txt}`, included at the top of every summary and rendered
alone by `workshop summary ID --brief`):

* who: the group label, the date, the number of people (the session's `room`), and the agencies
  present, read from the pack's attendance step (a group `choice` step marked `attendance = true`:
  recorded once for the room, never per person);
* key findings, as plain sentences: each rating (a scale step's mean; the pack's `rated` names what
  was rated), where the group split most on a sort, the cards a room placed away from the pack's
  explanations, the options chosen most, the top of a ranking, and the rating of how much of
  today's work targets contexts set against what the sort and the actions show;
* the lens balance as one verdict with one figure (`lens.verdict`);
* the action plan by level, each action with its lens, owner and by-when;
* the review date and what the board is asked to note or decide (typed on the end screen).

Findings use only the rounds a summary may show (`Session.step_rounds`: revealed, with at least the
step's minimum of answers), the latest such round of each step, and never the words of a redacted
answer (`results.tally` already replaces them; a redacted action's owner and by-when are left out too).
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from . import kinds, lens
from .packs import Step
from .results import Action, ShownTallies, StepResult

_lower = lens.first_lower  # text in the middle of a sentence
CHANGE_GAP = 0.15  # how far the actions' context share may sit from the rating before the brief says so


@dataclass(frozen=True)
class PlanLevel:
    id: str
    label: str
    actions: tuple[Action, ...]


@dataclass(frozen=True)
class Brief:
    session_id: str
    title: str
    label: str
    created: str  # YYYY-MM-DD
    created_text: str  # 28 November 2026
    finished: bool
    people: int | None  # the session's room: how many people, never who
    most_turns: int  # the most turns taken at one round (a hint when `people` was not given)
    has_attendance: bool  # the pack has an attendance step
    agencies: tuple[str, ...]  # the attendance step's options the room gave a count to, in pack order
    findings: tuple[str, ...]
    balance: lens.LensBalance
    plan: tuple[PlanLevel, ...]
    review_date: str  # YYYY-MM-DD or ""
    review_date_text: str
    board_ask: str
    signpost: str

    @property
    def verdict(self) -> str:
        return self.balance.verdict

    @property
    def plan_size(self) -> int:
        """The actions the brief lists (a redacted action is only counted: see `redacted_actions`)."""
        return sum(1 for level in self.plan for a in level.actions if not a.redacted)

    @property
    def redacted_actions(self) -> int:
        return sum(1 for level in self.plan for a in level.actions if a.redacted)

    @property
    def people_text(self) -> str:
        if self.people is not None:
            return f"{self.people}"
        if self.most_turns:
            return f"not given (at most {self.most_turns} took a turn at one question)"
        return "not given"

    @property
    def agencies_text(self) -> str:
        if self.agencies:
            return ", ".join(self.agencies)
        return "not recorded" if self.has_attendance else "not asked in this pack"


# --- reading the session --------------------------------------------------------------------------------


def _latest_shown(tallies: ShownTallies, step: Step) -> StepResult | None:
    """The figures of the step's latest round that a summary may show, or None."""
    shown = tallies.results(step)
    return shown[-1] if shown else None


def _of(count: int, whole: int) -> str:
    return f"{count} of {whole}"


def rating_finding(step: Step, result: StepResult) -> str:
    """"The group rated its shared understanding of the aim 2.1 of 5 (5 = completely confident; 12 answers, 1 to 4)."""
    what = step.rated or f"\u201c{step.title}\u201d"
    values = [i + 1 for i, bar in enumerate(result.bars) for _ in range(bar.count)]
    top = f"{step.points} = {_lower(step.high)}; " if step.high else ""
    if result.group:
        spread = "one answer for the room"
    else:
        spread = f"{result.answered} answers, {min(values)} to {max(values)}" if min(values) != max(values) else \
            f"{result.answered} answers, all {values[0]}"
    return f"The group rated {what} {result.mean:.1f} of {step.points} ({top}{spread})."


def _split_of(split) -> float:
    """How far a card's placements agree: the share in its most chosen bucket (1 = everyone agreed)."""
    return max(b.count for b in split.bars) / split.total


def split_finding(step: Step, result: StepResult) -> str:
    """Where the group split most on a sort: the two cards with the least agreement (individual turns)
    or the most people disagreeing with the room's placement (a group answer with counts)."""
    if result.group:
        counted = [s for s in result.splits if s.disagreed]
        if not counted:
            return ""
        ranked = sorted(counted, key=lambda s: -(s.disagreed or 0))[:2]
        named = [f"{_lower(s.card.text)} ({s.disagreed} disagreed with the room's choice)" for s in ranked]
    else:
        placed = [(i, s) for i, s in enumerate(result.splits) if s.total and _split_of(s) < 1]
        if not placed:
            return f"In \u201c{step.title}\u201d, everyone placed each card in the same bucket." if any(
                s.total for s in result.splits) else ""
        ranked = [s for _, s in sorted(placed, key=lambda pair: (_split_of(pair[1]), -pair[1].total, pair[0]))[:2]]
        named = [f"{_lower(s.card.text)} ({', '.join(f'{b.count} {_lower(b.label)}' for b in s.bars if b.count)})"
                 for s in ranked]
    return f"In \u201c{step.title}\u201d, the group split most on {' and '.join(named)}."


def away_finding(step: Step, result: StepResult, limit: int = 3) -> str:
    """A room's sort (one answer): the cards it placed away from where the pack's explanations put them."""
    if not result.group:
        return ""
    compared = [s for s in result.splits if s.card.expected and s.group_bucket]
    away = [s for s in compared if s.group_bucket != step.bucket_label(s.card.expected)]
    if not compared:
        return ""
    if not away:
        return f"In \u201c{step.title}\u201d, the room placed every card where the pack's explanations put it."
    named = [f"{_lower(s.card.text)} ({_lower(s.group_bucket)}; the pack: {_lower(step.bucket_label(s.card.expected))})"
             for s in away[:limit]]
    more = f", and {len(away) - limit} more" if len(away) > limit else ""
    return (f"In \u201c{step.title}\u201d, the room placed {_of(len(away), len(compared))} cards away from the pack's "
            f"explanations: {'; '.join(named)}{more}.")


def choice_finding(step: Step, result: StepResult) -> str:
    """The options chosen most (at most two), with how many chose them."""
    chosen = sorted([(i, b) for i, b in enumerate(result.bars) if b.count], key=lambda pair: (-pair[1].count, pair[0]))
    if not chosen:
        return ""
    if result.group:
        named = [f"{_lower(b.label)} ({b.count} {'person' if b.count == 1 else 'people'})" for _, b in chosen[:2]]
        return f"Asked \u201c{step.title}\u201d, the room counted most for {' and '.join(named)}."
    named = [f"{_lower(b.label)} ({_of(b.count, result.answered)})" for _, b in chosen[:2]]
    return f"Asked \u201c{step.title}\u201d, people most often chose {' and '.join(named)}."


def rank_finding(step: Step, result: StepResult) -> str:
    rows = result.ranking
    if not rows or not rows[0].answers:
        return ""
    first = rows[0]
    then = f", then {_lower(rows[1].label)}" if len(rows) > 1 else ""
    return (f"In \u201c{step.title}\u201d, the group's order puts {_lower(first.label)} first "
            f"({_of(first.firsts, first.answers)} put it first){then}.")


def context_finding(step: Step, balance: lens.LensBalance) -> str:
    """The rating of how much of today's work targets contexts, set against the sort and the actions."""
    scale = balance.scale
    if scale is None or scale.mean is None:
        return ""
    what = step.rated or lens.CONTEXT_RATED
    text = f"The group rated {what} {scale.mean:.1f} of {scale.points}"
    against: list[str] = []
    if balance.actions_total:
        n, c = balance.actions_total, balance.context_actions
        share = c / n
        gap = share - (scale.share or 0.0)
        said = "fewer than" if gap < -CHANGE_GAP else "more than" if gap > CHANGE_GAP else "in line with"
        against.append(f"{c} of its {n} planned actions ({round(100 * share)}%) aim to change a context, "
                       f"{said} the rating suggests")
    if balance.compared:
        against.append({
            lens.BEHAVIOUR_LENS: "its sort leans to behaviour",
            lens.CONTEXT_LENS: "its sort leans to contexts",
            "matched": "its sort matches the pack's explanations",
        }.get(balance.lean, "its sort leans neither way"))
    if not against:
        return lens.rating_sentence(balance, what)
    return f"{text}; against that, {', and '.join(against)}."


def findings(session, balance: lens.LensBalance, tallies: ShownTallies | None = None) -> tuple[str, ...]:
    """The key findings in pack order, each a plain sentence (plain text: the templates escape it)."""
    tallies = tallies or ShownTallies(session)
    context_step = lens.context_scale_step(session.pack)
    found: list[str] = []
    for step in session.pack.steps:
        if not step.takes_answers or step.attendance:
            continue
        if context_step is not None and step.id == context_step.id:
            found.append(context_finding(step, balance))
            continue
        result = _latest_shown(tallies, step)
        if result is None or not result.answered:
            continue
        found.extend(kinds.of(step).findings(step, result))  # the kind says which sentences its round gives
    return tuple(f for f in found if f)


def agencies(session, tallies: ShownTallies | None = None) -> tuple[bool, tuple[str, ...]]:
    """(the pack has an attendance step, the agencies the room gave a count to). Only the room's one
    answer counts: who is in the room is never read from one person's answer."""
    step = next((s for s in session.pack.steps if s.attendance), None)
    if step is None:
        return False, ()
    result = _latest_shown(tallies or ShownTallies(session), step)
    if result is None or not result.group:
        return True, ()
    return True, tuple(bar.label for bar in result.bars if bar.count)


def plan(session, tallies: ShownTallies | None = None) -> tuple[PlanLevel, ...]:
    """Every action of every shown round of every actions step, by level in pack order."""
    tallies = tallies or ShownTallies(session)
    labels: dict[str, str] = {}
    found: dict[str, list[Action]] = {}
    for step in session.pack.steps:
        if not kinds.of(step).plans_actions:
            continue
        for level in step.levels:
            labels.setdefault(level.id, level.label)
            found.setdefault(level.id, [])
        for result in tallies.results(step):
            for action in result.actions:
                if action.redacted:  # nothing of a redacted action is quoted, its owner included
                    action = dataclasses.replace(action, text="", measure="", owner="", by_when="")
                labels.setdefault(action.level, action.level_label)
                found.setdefault(action.level, []).append(action)
    return tuple(PlanLevel(level, labels[level], tuple(found[level])) for level in labels)


def most_turns(session, tallies: ShownTallies | None = None) -> int:
    tallies = tallies or ShownTallies(session)
    return max((len(r.turns) for s in session.pack.steps if s.takes_answers for r in tallies.rounds(s)
                if not any(t.get("group") for t in r.turns)), default=0)


def build(session, tallies: ShownTallies | None = None) -> Brief:
    """The brief of a session (read-only or open for writing). `tallies`: the figures of its shown
    rounds, when the summary has them already (`workshop.summary.render_summary` shares them)."""
    from .summary import _date_text, _iso_date

    tallies = tallies or ShownTallies(session)

    balance = lens.lens_balance(session, tallies.rounds)
    has_attendance, present = agencies(session, tallies)
    created = _iso_date(session.created)
    review = _iso_date(session.review_date)
    return Brief(
        session_id=session.id,
        title=session.pack.title,
        label=session.label,
        created=created.isoformat() if created else "",
        created_text=_date_text(created),
        finished=session.finished,
        people=session.room,
        most_turns=most_turns(session, tallies),
        has_attendance=has_attendance,
        agencies=present,
        findings=findings(session, balance, tallies),
        balance=balance,
        plan=plan(session, tallies),
        review_date=review.isoformat() if review else "",
        review_date_text=_date_text(review),
        board_ask=session.board_ask,
        signpost=session.pack.signpost,
    )
