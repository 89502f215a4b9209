"""Small reusable widgets. Every piece of text that a person typed or a pack supplied is shown
through `Literal` (a `Static` holding a `Content`), so it can never be read as markup or an action."""

from __future__ import annotations

from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, SelectionList, Static, TextArea
from textual.widgets.option_list import Option
from textual.widgets.selection_list import Selection

from ..packs import Step
from ..results import Bar, bar_text
from ..text import ANSWER_LIMIT, clean

NO_NAMES = "Please don't type names or details of children, families or colleagues."


def literal(text: str) -> Content:
    """Text exactly as typed: brackets, backslashes and emoji stay as they are; no markup, no links."""
    return Content(clean(text, None))


class Literal(Static):
    """A Static that never interprets its text as markup. Empty, it has the class `-empty`."""

    def __init__(self, text: str = "", **kwargs: Any):
        super().__init__(literal(text), markup=False, **kwargs)
        self.set_class(not text, "-empty")

    def set_text(self, text: str) -> None:
        self.update(literal(text))
        self.set_class(not text, "-empty")


class Countdown(Static):
    """The step's suggested time, counting down; started, paused and extended by the facilitator."""

    def on_mount(self) -> None:
        self.watch(self.app, "timer_remaining", self._show)
        self.watch(self.app, "timer_running", self._show)

    def _show(self, _value: object = None) -> None:
        remaining = self.app.timer_remaining  # type: ignore[attr-defined]
        running = self.app.timer_running  # type: ignore[attr-defined]
        sign = "-" if remaining < 0 else ""
        minutes, seconds = divmod(abs(remaining), 60)
        state = "" if running else " (paused)"
        if remaining < 0:
            state = " over time" + state
        self.update(Content(f"Time {sign}{minutes:d}:{seconds:02d}{state}"))
        self.set_class(remaining <= 0, "-overtime")


class LockBadge(Static):
    """'Unlocked' in the header while the facilitator controls need no PIN; else nothing."""

    def on_mount(self) -> None:
        self.watch(self.app, "facilitator_unlocked", self._show)

    def _show(self, unlocked: bool) -> None:
        self.update(Content("Unlocked" if unlocked else ""))
        self.display = unlocked


def clean_paste(pasted: str, room: int, multiline: bool) -> str:
    """Pasted text made safe (see `text.clean`) and cut to `room` characters. `clean` strips the
    ends; a paste into the middle of a sentence keeps one space at each end where there was one."""
    if room <= 0:
        return ""
    lead = " " if pasted[:1].isspace() else ""
    body = clean(pasted, room - len(lead), multiline=multiline)
    if not body:
        return ""
    text = lead + body
    if pasted[-1:].isspace() and len(text) < room:
        text += " "
    return text


class CappedPaste:
    """For answer fields: a paste (from the terminal, or Ctrl+V from the app's own clipboard) goes
    through `insert_capped`, which cleans it and cuts it to the room left, instead of the default."""

    def insert_capped(self, pasted: str) -> None:
        raise NotImplementedError

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        self.insert_capped(event.text)

    def action_paste(self) -> None:
        self.insert_capped(self.app.clipboard)  # type: ignore[attr-defined]


class AnswerBox(CappedPaste, TextArea):
    """The free-text answer box: Enter submits, pastes are cleaned and capped, the counter is kept."""

    class Submitted(Message):
        pass

    def __init__(self, limit: int = ANSWER_LIMIT, **kwargs: Any):
        super().__init__(soft_wrap=True, show_line_numbers=False, tab_behavior="focus", **kwargs)
        self.limit = limit
        self.counter: Static | None = None  # shows "n / limit"; set by the screen that owns both

    def show_count(self) -> None:
        """Update the counter now, in the same frame as the edit (no layout pass: its width is fixed)."""
        if self.counter is not None:
            self.counter.update(Content(f"{len(self.text)} / {self.limit}"), layout=False)

    async def _on_key(self, event: events.Key) -> None:
        if event.key == "enter":
            event.stop()
            event.prevent_default()
            self.post_message(self.Submitted())
            return
        if event.is_printable and len(self.text) >= self.limit and not self.selected_text:
            event.stop()
            event.prevent_default()
            self.app.bell()
            return
        await super()._on_key(event)
        self.show_count()

    def insert_capped(self, pasted: str) -> None:
        """Insert pasted text cleaned (no escape sequences or control characters) and cut to the room left."""
        if self.read_only:
            return
        room = self.limit - len(self.text) + len(self.selected_text)
        text = clean_paste(pasted, room, multiline=True)
        if text:
            result = self.replace(text, *self.selection)
            self.move_cursor(result.end_location)
        elif pasted:
            self.app.bell()


class AnswerInput(CappedPaste, Input):
    """A one-line answer field (an action point): pastes are cleaned and cut to fit, never refused whole."""

    def __init__(self, limit: int = ANSWER_LIMIT, **kwargs: Any):
        super().__init__(max_length=limit, **kwargs)
        self.limit = limit

    def insert_capped(self, pasted: str) -> None:
        selection = self.selection
        start, end = sorted((selection.start, selection.end))
        room = self.limit - len(self.value) + (end - start)
        text = clean_paste(pasted, room, multiline=False)
        if text:
            self.replace(text, start, end)
        elif pasted:
            self.app.bell()


class ScalePicker(OptionList):
    """1..N, labelled at both ends. Arrow keys or a digit pick; Enter submits."""

    class Picked(Message):
        def __init__(self, value: int):
            super().__init__()
            self.value = value

    def __init__(self, step: Step, **kwargs: Any):
        options = []
        for n in range(1, step.points + 1):
            label = f"{n}"
            if n == 1:
                label += f"  {step.low}"
            elif n == step.points:
                label += f"  {step.high}"
            options.append(Option(Content(label), id=str(n)))
        super().__init__(*options, **kwargs)
        self.points = step.points

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            n = int(event.character)
            if n == 0 and self.points == 10:
                n = 10
            if 1 <= n <= self.points:
                event.stop()
                self.highlighted = n - 1

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(int(event.option.id or 1)))


class SinglePicker(OptionList):
    """Pick one of a few labelled options; digits jump, Enter picks."""

    class Picked(Message):
        def __init__(self, picker: "SinglePicker", value: str):
            super().__init__()
            self.picker = picker
            self.value = value

    def __init__(self, options: list[tuple[str, str]], **kwargs: Any):
        super().__init__(
            *[Option(Content(f"{i}  {label}"), id=value) for i, (value, label) in enumerate(options, 1)], **kwargs
        )

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit():
            n = int(event.character)
            if 1 <= n <= self.option_count:
                event.stop()
                self.highlighted = n - 1
                self.action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self, event.option.id or ""))

    @property
    def value(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id


class MultiPicker(SelectionList[str]):
    """Tick several options: Space ticks or unticks, Enter submits."""

    BINDINGS = [
        Binding("space", "select", "Tick", show=True, key_display="Space"),
        # Hidden: the footer already has Ctrl+S Submit, and a 60-column footer must keep Pass and Cancel.
        Binding("enter", "submit", "Submit", show=False, key_display="Enter"),
    ]

    class Submitted(Message):
        pass

    def __init__(self, options: tuple[str, ...], **kwargs: Any):
        super().__init__(*[Selection(Content(o), o) for o in options], **kwargs)

    def action_submit(self) -> None:
        self.post_message(self.Submitted())


class SortPicker(Vertical):
    """Place each card into a bucket, one card at a time; Backspace goes back a card."""

    # Not in the footer (the hint above the card says it): a 60-column footer must keep Pass and Cancel.
    BINDINGS = [Binding("backspace,left", "previous_card", "Previous card", show=False, key_display="Backspace")]

    class Done(Message):
        def __init__(self, placed: dict[str, str]):
            super().__init__()
            self.placed = placed

    def __init__(self, step: Step, **kwargs: Any):
        super().__init__(**kwargs)
        self.step = step
        self.index = 0
        self.placed: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        yield Literal(id="card-text", classes="card")
        options = [(b.id, b.label) for b in self.step.buckets] + [("", "Skip this card")]
        yield SinglePicker(options, id="buckets")

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        card = self.step.cards[self.index]
        total = len(self.step.cards)
        text = self.query_one("#card-text", Literal)
        text.set_text(card.text)
        text.border_title = f"Card {self.index + 1} of {total}"
        picker = self.query_one("#buckets", SinglePicker)
        picker.highlighted = 0
        picker.focus()

    def on_single_picker_picked(self, event: SinglePicker.Picked) -> None:
        event.stop()
        card = self.step.cards[self.index]
        if event.value:
            self.placed[card.id] = event.value
        else:
            self.placed.pop(card.id, None)
        if self.index + 1 < len(self.step.cards):
            self.index += 1
            self._show()
        else:
            self.post_message(self.Done(dict(self.placed)))

    def action_previous_card(self) -> None:
        if self.index > 0:
            self.index -= 1
            self._show()


class ActionForm(Vertical):
    """An action point: what will be done, at which level, through which lens, and how we'll know."""

    class Submitted(Message):
        pass

    def __init__(self, step: Step, **kwargs: Any):
        super().__init__(**kwargs)
        self.step = step

    def compose(self) -> ComposeResult:
        yield Static("What will be done?", classes="field-label")
        yield AnswerInput(placeholder="The action, in a sentence", id="action")
        yield Static("Who does it? (level)", classes="field-label")
        yield SinglePicker([(o.id, o.label) for o in self.step.levels], id="level")
        yield Static("Is it aimed at a place or at young people's behaviour? (lens)", classes="field-label")
        yield SinglePicker([(o.id, o.label) for o in self.step.lenses], id="lens")
        yield Static("How will we know it worked? (optional)", classes="field-label")
        yield AnswerInput(placeholder="A sign of change in the place", id="measure")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        if event.input.id == "action":
            self.query_one("#level").focus()
        else:
            self.post_message(self.Submitted())

    def on_single_picker_picked(self, event: SinglePicker.Picked) -> None:
        event.stop()
        next_id = {"level": "#lens", "lens": "#measure"}[event.picker.id or "level"]
        self.query_one(next_id).focus()

    @property
    def value(self) -> dict[str, Any]:
        return {
            "action": self.query_one("#action", Input).value,
            "level": self.query_one("#level", SinglePicker).value,
            "lens": self.query_one("#lens", SinglePicker).value,
            "measure": self.query_one("#measure", Input).value,
        }


class BarChart(Widget):
    """A text histogram (label, bar, count) whose bars use the width the screen has."""

    DEFAULT_CSS = "BarChart { height: auto; }"
    MAX_BAR = 60

    def __init__(self, bars: list[Bar], **kwargs: Any):
        super().__init__(**kwargs)
        self.bars = bars

    def render(self) -> Content:
        if not self.bars:
            return Content("No answers.")
        width = self.content_size.width or 80
        count_width = max(len(str(b.count)) for b in self.bars)
        label_width = min(max(len(b.label) for b in self.bars), max(8, width // 3))
        bar_width = max(4, min(self.MAX_BAR, width - label_width - count_width - 4))
        return bars_content(self.bars, bar_width, label_width)


def bars_content(bars: list[Bar], width: int = 30, label_width: int | None = None) -> Content:
    """A text histogram: label, bar, count. The count is always printed: colour is never the only signal."""
    if not bars:
        return Content("No answers.")
    label_width = label_width or min(max(len(b.label) for b in bars), 34)
    lines = []
    for bar in bars:
        label = bar.label if len(bar.label) <= label_width else bar.label[: label_width - 1] + "…"
        lines.append(f"{label:<{label_width}}  {bar_text(bar.share, width):<{width}}  {bar.count}")
    return Content("\n".join(lines))


class RankPicker(OptionList):
    """Put options in order: Up/Down move the highlight, Shift+Up/Shift+Down (or - and +) move the
    highlighted option up or down, a digit gives it that place; Enter submits the order shown."""

    BINDINGS = [
        Binding("shift+up,minus", "move(-1)", "Move up", show=False),
        Binding("shift+down,plus,equals_sign", "move(1)", "Move down", show=False),
    ]

    class Done(Message):
        def __init__(self, order: list[str]):
            super().__init__()
            self.order = order

    def __init__(self, options: tuple[str, ...], **kwargs: Any):
        super().__init__(**kwargs)
        self.order: list[str] = list(options)

    def on_mount(self) -> None:
        self._show(0)

    def _show(self, highlight: int) -> None:
        self.clear_options()
        self.add_options([Option(Content(f"{place}.  {label}"), id=str(place)) for place, label in enumerate(self.order, 1)])
        self.highlighted = highlight

    def place(self, index: int, target: int) -> None:
        """Move the option at `index` to position `target` (0-based); the highlight follows it."""
        target = max(0, min(len(self.order) - 1, target))
        option = self.order.pop(index)
        self.order.insert(target, option)
        self._show(target)

    def action_move(self, step: int) -> None:
        if self.highlighted is not None:
            self.place(self.highlighted, self.highlighted + step)

    def on_key(self, event: events.Key) -> None:
        if event.character and event.character.isdigit() and self.highlighted is not None:
            n = int(event.character)
            if 1 <= n <= len(self.order):
                event.stop()
                self.place(self.highlighted, n - 1)

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Done(list(self.order)))


class RankChart(Widget):
    """A ranking's group order: per option its place and full label, then a bar of its points and how
    many people put it first (two lines an option, so long labels are never cut)."""

    DEFAULT_CSS = "RankChart { height: auto; }"
    MAX_BAR = 50

    def __init__(self, rows: list[Any], **kwargs: Any):
        super().__init__(**kwargs)
        self.rows = rows

    def render(self) -> Content:
        if not self.rows:
            return Content("No answers.")
        width = self.content_size.width or 80
        figures = [f"{row.points} point{'s' if row.points != 1 else ''} · first for {row.firsts}" for row in self.rows]
        bar_width = max(4, min(self.MAX_BAR, width - max(map(len, figures)) - 6))
        lines = []
        for row, figure in zip(self.rows, figures):
            lines.append(f"{row.place}. {row.label}")
            lines.append(f"   {bar_text(row.share, bar_width):<{bar_width}}  {figure}")
        return Content("\n".join(lines))


class ReviewPicker(SortPicker):
    """The sort's picker for a review of the previous actions: "Action 2 of 7" above each one."""

    def compose(self) -> ComposeResult:
        yield Literal(id="card-text", classes="card")
        yield SinglePicker([(b.id, b.label) for b in self.step.buckets] + [("", "Skip this action")], id="buckets")

    def _show(self) -> None:
        super()._show()
        self.query_one("#card-text", Literal).border_title = f"Action {self.index + 1} of {len(self.step.cards)}"


class CountInput(Input):
    """A small whole-number field for a group step's counts (0 to 99, `kinds.base.MAX_COUNT`); empty means not given."""

    def __init__(self, **kwargs: Any):
        super().__init__(type="integer", max_length=2, **kwargs)

    @property
    def count(self) -> int | None:
        return int(self.value) if self.value.strip().isdigit() else None


class GroupSortPicker(SortPicker):
    """The group's one sort: a digit places each card; when the facilitator asked for them, a count
    of how many people disagreed follows each card (Enter alone: not counted)."""

    def __init__(self, step: Step, count_disagreement: bool = False, **kwargs: Any):
        super().__init__(step, **kwargs)
        self.count_disagreement = count_disagreement
        self.disagree: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield from super().compose()
        if self.count_disagreement:
            yield Static(Content("How many people disagreed with this placement? Type a number and press Enter "
                                 "(Enter alone: not counted)."), id="disagree-label", classes="field-label")
            yield CountInput(id="disagree", placeholder="0")

    def _show(self) -> None:
        super()._show()
        if self.count_disagreement:
            field = self.query_one("#disagree", CountInput)
            count = self.disagree.get(self.step.cards[self.index].id)
            field.value = "" if count is None else str(count)
            field.disabled = True

    def on_single_picker_picked(self, event: SinglePicker.Picked) -> None:
        if not self.count_disagreement:
            return  # SortPicker's own handler places the card and moves on
        event.stop()
        event.prevent_default()  # Textual would run SortPicker's handler too: this one replaces it
        card = self.step.cards[self.index]
        if event.value:
            self.placed[card.id] = event.value
        else:
            self.placed.pop(card.id, None)
            self.disagree.pop(card.id, None)
            self._next()
            return
        field = self.query_one("#disagree", CountInput)
        field.disabled = False
        field.focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        card = self.step.cards[self.index]
        count = self.query_one("#disagree", CountInput).count
        if count is None:
            self.disagree.pop(card.id, None)
        else:
            self.disagree[card.id] = count
        self._next()

    def _next(self) -> None:
        if self.index + 1 < len(self.step.cards):
            self.index += 1
            self._show()
        else:
            self.post_message(self.Done(dict(self.placed)))

    @property
    def value(self) -> dict[str, Any]:
        return {"cards": dict(self.placed), "disagree": {k: v for k, v in self.disagree.items() if k in self.placed}}


class GroupCounts(Vertical):
    """The group's one answer to a choice: how many people in the room for each option. Enter moves to
    the next option; Enter on the last one submits."""

    class Submitted(Message):
        pass

    def __init__(self, options: tuple[str, ...], **kwargs: Any):
        super().__init__(**kwargs)
        self.options = options

    def compose(self) -> ComposeResult:
        for number, option in enumerate(self.options):
            yield Literal(option, classes="field-label")
            yield CountInput(id=f"count-{number}", placeholder="0")

    def on_mount(self) -> None:
        self.query_one("#count-0").focus()

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        fields = list(self.query(CountInput))
        index = fields.index(event.input)
        if index + 1 < len(fields):
            fields[index + 1].focus()
        else:
            self.post_message(self.Submitted())

    @property
    def value(self) -> dict[str, int]:
        counts = {}
        for option, field in zip(self.options, self.query(CountInput)):
            if field.count is not None:
                counts[option] = field.count
        return counts
