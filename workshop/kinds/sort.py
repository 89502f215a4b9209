"""A card sort: each person places every card in one of the buckets; the reveal shows each card's split
and why it belongs where it does."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from .. import packs, results
from ..errors import AnswerError
from ..turns import TurnTime
from .base import MAX_COUNT, Kind, count_or_none

if TYPE_CHECKING:
    from ..packs import Card, Step
    from ..results import StepResult


class Sort(Kind):
    name = "sort"
    # One turn, as the kiosk takes it (the timing model, workshop/timing.py; measured in tests/test_timing.py)
    turns = {
        "sort": TurnTime(
            keys=2, typed=0, decisions=0, read_seconds=0.0,
            per_item_keys=1, per_item_decisions=1, per_item_read_seconds=2.0,
            source="measured: Enter, one digit per card (the last card submits), Enter: 20 keys for 18 cards",
        ),
    }
    fields = ("buckets", "cards")
    group_disagreement = True

    def turn_items(self, step: Step) -> int:
        return len(step.cards)

    def parse(self, check: Any, raw: dict, where: str) -> dict[str, Any]:
        buckets = check.options(raw, "buckets", where)
        return {"buckets": buckets, "cards": _parse_cards(check, raw, where, buckets)}

    def definition(self, step: Step) -> dict[str, Any]:
        return {
            "buckets": [{"id": b.id, "label": b.label} for b in step.buckets],
            "cards": [{"id": c.id, "text": c.text} for c in step.cards],
        }

    def clean_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` maps card ids to bucket ids (cards left out were skipped)."""
        placed = value if isinstance(value, dict) else {}
        bucket_ids = {b.id for b in step.buckets}
        cards = {c.id: placed[c.id] for c in step.cards if isinstance(placed.get(c.id), str) and placed[c.id] in bucket_ids}
        if not cards:
            raise AnswerError("place at least one card, or pass")
        return {"cards": cards}

    def clean_group_answer(self, step: Step, value: Any) -> dict[str, Any]:
        """`value` is {"cards": {card id: bucket id}, "disagree": {card id: how many disagreed}}; the
        counts are optional (the facilitator's choice) and kept only for cards the group placed."""
        data = value if isinstance(value, dict) else {}
        answer = self.clean_answer(step, data.get("cards"))
        given = data.get("disagree") if isinstance(data.get("disagree"), dict) else {}
        disagree = {}
        for card in answer["cards"]:
            count = given.get(card)
            if count is None:
                continue
            if count_or_none(count) is None:
                raise AnswerError(f"how many disagreed must be a whole number from 0 to {MAX_COUNT}")
            disagree[card] = count
        if disagree:
            answer["disagree"] = disagree
        return answer

    def export_answer(self, step: Step, answer: dict[str, Any], redacted: bool, out: dict[str, Any]) -> bool:
        cards = answer.get("cards")
        out["cards"] = {str(k): v for k, v in sorted(cards.items()) if isinstance(v, str)} if isinstance(cards, dict) else {}
        disagree = answer.get("disagree")
        if isinstance(disagree, dict):
            counts = {str(k): v for k, v in sorted(disagree.items()) if count_or_none(v) is not None and k in out["cards"]}
            if counts:
                out["disagree"] = counts
        return True

    def csv_items(self, exported: dict[str, Any]) -> list[tuple[str, Any]]:
        """One row per card placed (card id, bucket id), in the JSON export's order; the group's
        disagreement counts are in the JSON export only."""
        return list(exported["cards"].items()) or [("", "")]

    def tally(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        if result.group:
            self._tally_group(step, given, result)
            return
        values = [a["answer"].get("cards") for a in given]
        values = [v for v in values if isinstance(v, dict)]  # stored answers are untrusted JSON
        for card in step.cards:
            placed = [v.get(card.id) for v in values]
            placed = [p for p in placed if p]
            bars = [results._bar(b.label, placed.count(b.id), len(placed)) for b in step.buckets]
            result.splits.append(results.CardSplit(card, bars, len(placed)))

    def _tally_group(self, step: Step, given: list[dict[str, Any]], result: StepResult) -> None:
        """The room's one sort: each card's bucket, and how many disagreed where that was counted."""
        answer = given[-1]["answer"]
        placed = answer.get("cards") if isinstance(answer.get("cards"), dict) else {}
        disagree = answer.get("disagree") if isinstance(answer.get("disagree"), dict) else {}
        for card in step.cards:
            bucket = placed.get(card.id)
            known = bucket in {b.id for b in step.buckets}
            bars = [results._bar(b.label, 1 if b.id == bucket else 0, 1) for b in step.buckets]
            result.splits.append(results.CardSplit(
                card, bars, 1 if known else 0,
                group_bucket=step.bucket_label(bucket) if known else "",
                disagreed=count_or_none(disagree.get(card.id)) if known else None,
            ))

    def placements(self, step: Step, given: list[dict[str, Any]]):
        """(card id, bucket id) for every card placed in a known bucket, over the answers given."""
        known = {b.id for b in step.buckets}
        cards = {c.id for c in step.cards}
        for doc in given:
            placed = doc["answer"].get("cards")
            if not isinstance(placed, dict):
                continue
            for card, bucket in placed.items():
                if card in cards and bucket in known:
                    yield card, bucket

    def lens(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        acc.sort_steps += 1
        for option in step.buckets:
            acc.bucket_labels.setdefault(option.id, option.label)
            acc.bucket_counts.setdefault(option.id, 0)
        expected = {c.id: c.expected for c in step.cards if c.expected}
        for card, bucket in self.placements(step, acc.latest(given)):
            acc.bucket_counts[bucket] += 1
            if card in expected:  # the same placement, as the pack's explanation of the card places it
                acc.compare(expected[card], bucket)

    def report(self, step: Step, given: list[dict[str, Any]], acc: Any) -> None:
        known = {b.id for b in step.buckets}
        for card in step.cards:
            acc.card_text.setdefault(card.id, card.text)
        for doc in acc.latest(given):
            placed = doc["answer"].get("cards")
            if not isinstance(placed, dict):
                continue
            for card, bucket in placed.items():
                if bucket in known and card in acc.card_text:
                    acc.place(card, bucket)

    def findings(self, step: Step, result: StepResult) -> list[str]:
        """The brief's sentences: where the group split most, and cards the room placed away from the pack's
        explanations (see `Kind.findings`)."""
        from .. import brief  # when called: brief imports the registry

        return [brief.split_finding(step, result), brief.away_finding(step, result)] if result.splits else []


def _parse_cards(check: Any, raw: dict, where: str, buckets: tuple = ()) -> tuple[Card, ...]:
    """The step's cards; a card's optional `expected` names the bucket its explanation puts it in (one of
    the step's bucket ids), so the brief can set the group's sort against the pack's own view."""
    cards_raw = raw.get("cards")
    bucket_ids = {b.id for b in buckets}
    if not isinstance(cards_raw, list) or not 2 <= len(cards_raw) <= 40:
        check.fail(where, "'cards' must be a list of 2 to 40 cards with 'id', 'text' and 'explanation'")
        return ()
    cards: list[Card] = []
    for entry in cards_raw:
        if not isinstance(entry, dict):
            check.fail(where, "each card must be a table with 'id', 'text' and 'explanation'")
            continue
        card = packs.Card(
            check.ident(entry, "id", where),
            check.text(entry, "text", where, limit=200),
            check.text(entry, "explanation", where, limit=1000),
            _expected(check, entry, where, bucket_ids),
        )
        if card.id in {c.id for c in cards}:
            check.fail(where, f"card id {card.id!r} is used twice")
        cards.append(card)
    return tuple(cards)


def _expected(check: Any, entry: dict, where: str, bucket_ids: set[str]) -> str:
    value = entry.get("expected")
    if value is None:
        return ""
    if not isinstance(value, str) or value not in bucket_ids:
        shown = repr(value)[:40] if isinstance(value, str) else "not text"
        check.fail(where, f"card {str(entry.get('id'))[:40]!r}: 'expected' is {shown}; it must be one of the bucket ids "
                          f"({', '.join(sorted(bucket_ids)) or 'none'})")
        return ""
    return value


KIND = Sort()
