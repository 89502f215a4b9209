"""Small reusable widgets. Every piece of text that a person typed or a pack supplied is shown
through `Literal` (a `Static` holding a `Content`), so it can never be read as markup or an action."""

from __future__ import annotations

import textwrap
from typing import Any

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Input, OptionList, Static, TextArea
from textual.widgets.option_list import Option

from ..packs import Step
from ..results import Bar, bar_text
from ..kinds.actions import BY_WHEN_LIMIT, OWNER_LIMIT
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


MIN_WIDTH, MIN_HEIGHT = 80, 24


class TooSmall(Static):
    """The one line a screen shows instead of its body when the window is smaller than 80x24, so
    nobody answers or reads with controls missing off the edge. The screen calls `fit` on resize;
    with the class `-too-small` on the screen, the stylesheet hides the body and shows this."""

    def __init__(self) -> None:
        super().__init__(id="too-small")
        self.had_focus: Widget | None = None  # the field hidden while too small gets the focus back

    def fit(self, screen: Any, width: int, height: int) -> None:
        small = width < MIN_WIDTH or height < MIN_HEIGHT
        if small and screen.focused is not None:
            self.had_focus = screen.focused
        screen.set_class(small, "-too-small")
        if not small and self.had_focus is not None:
            if self.had_focus.is_attached:
                self.had_focus.focus()
            self.had_focus = None
        if small:
            self.update(Content(
                f"Make the window larger: it needs {MIN_WIDTH} x {MIN_HEIGHT} to show everything, and has "
                f"{width} x {height}. Ctrl+Minus makes the font smaller. Nothing is lost meanwhile."
            ))


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


_PASTE_LOOK = 200_000  # how much of a huge paste is measured for the "n of m characters kept" line


class CappedPaste:
    """For answer fields: a paste (from the terminal, or Ctrl+V from the app's own clipboard) goes
    through `insert_capped`, which cleans it and cuts it to the room left, instead of the default.
    A paste that is cut says how much of it was kept."""

    limit: int

    def insert_capped(self, pasted: str) -> None:
        raise NotImplementedError

    def _on_paste(self, event: events.Paste) -> None:
        event.stop()
        event.prevent_default()
        # From the terminal a paste is already free of escape sequences (ui/paste.py); `clean` in
        # `insert_capped` still sees every paste, whatever posted it.
        self.insert_capped(event.text)

    def fit_paste(self, pasted: str, room: int, multiline: bool) -> str:
        """The paste cleaned and cut to `room`; if it had to be cut, say how much was kept."""
        text = clean_paste(pasted, room, multiline=multiline)
        if pasted and len(text) >= room - 1:  # only a paste that filled the room can have been cut
            whole = len(clean(pasted[:_PASTE_LOOK], None, multiline=multiline))
            kept = len(text.strip())
            if whole > kept:
                more = "+" if len(pasted) > _PASTE_LOOK else ""
                self.app.notify(  # type: ignore[attr-defined]
                    f"The paste was too long: {kept} of its {whole}{more} characters were kept "
                    f"(an answer holds {self.limit}).",
                    severity="warning", timeout=8,
                )
        return text

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
        text = self.fit_paste(pasted, room, multiline=True)
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
        text = self.fit_paste(pasted, room, multiline=False)
        if text:
            self.replace(text, start, end)
        elif pasted:
            self.app.bell()


CURSOR = "▶"  # the highlighted row: a mark as well as a colour, for a washed-out projector


class ChooseFirst(Message):
    """A key that chose nothing (Enter with nothing chosen, a number not on the list): the turn
    screen shows `text` instead of saving anything."""

    def __init__(self, text: str):
        super().__init__()
        self.text = text


class MarkedList(OptionList):
    """A list whose rows carry their state in characters, not in colour alone: the highlighted row
    starts with the cursor mark, and each row may carry its own mark (`mark`), e.g. `(•)` or `[x]`.
    Long labels wrap. `start` is the row highlighted at first (None: none)."""

    def __init__(self, labels: list[str], ids: list[str], start: int | None = 0, **kwargs: Any):
        self.labels = labels
        super().__init__(*[Option(Content(label), id=i) for label, i in zip(labels, ids)], **kwargs)
        self.highlighted = start
        self._show_marks()

    def mark(self, index: int) -> str:
        return ""

    def prompt(self, index: int) -> Content:
        mark = self.mark(index)
        prefix = f"{CURSOR if index == self.highlighted else ' '} {mark + ' ' if mark else ''}"
        # A long label wraps under itself, not under the marks (-1: room for a scrollbar appearing).
        room = self.scrollable_content_region.width - len(prefix) - 1 if self.is_mounted else 0
        lines = textwrap.wrap(self.labels[index], room) if room >= 10 else [self.labels[index]]
        return Content(prefix + ("\n" + " " * len(prefix)).join(lines or [""]))

    def set_rows(self, labels: list[str], ids: list[str], start: int | None = 0) -> None:
        """Show other rows (an action form offers only the levels not used yet)."""
        self.labels = labels
        self.clear_options()
        self.add_options([Option(Content(label), id=i) for label, i in zip(labels, ids)])
        self.highlighted = start
        self._show_marks()

    def _show_marks(self) -> None:
        for index in range(self.option_count):
            self.replace_option_prompt_at_index(index, self.prompt(index))

    def on_resize(self, event: events.Resize) -> None:
        self._show_marks()  # wrap the labels again for the new width

    def watch_highlighted(self, highlighted: int | None) -> None:
        super().watch_highlighted(highlighted)
        self._show_marks()

    def digit(self, event: events.Key) -> int | None:
        """The row a digit key names (1 is the first), or None for any other key."""
        if event.character and event.character.isdigit():
            event.stop()
            return int(event.character)
        return None


class ScalePicker(MarkedList):
    """1..N, labelled at both ends, with no point chosen at first. Arrow keys or a digit choose
    (0 is 10 on a 10-point scale); Enter submits the chosen point."""

    class Picked(Message):
        def __init__(self, value: int):
            super().__init__()
            self.value = value

    def __init__(self, step: Step, **kwargs: Any):
        labels = []
        for n in range(1, step.points + 1):
            label = f"{n}"
            if n == 1:
                label += f"  {step.low}"
            elif n == step.points:
                label += f"  {step.high}"
            labels.append(label)
        self.points = step.points
        super().__init__(labels, [str(n) for n in range(1, step.points + 1)], start=None, **kwargs)

    @property
    def range_text(self) -> str:
        return f"1 to {self.points}"

    def on_key(self, event: events.Key) -> None:
        n = self.digit(event)
        if n is None:
            return
        if n == 0 and self.points == 10:
            n = 10
        if 1 <= n <= self.points:
            self.highlighted = n - 1
        else:
            self.post_message(ChooseFirst(f"There is no {n} on this scale: choose {self.range_text}."))

    def action_select(self) -> None:
        if self.highlighted is None:
            self.post_message(ChooseFirst(f"Choose a point first ({self.range_text}), then press Enter."))
            return
        super().action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(int(event.option.id or 1)))

    @property
    def value(self) -> int | None:
        return None if self.highlighted is None else self.highlighted + 1


class SinglePicker(MarkedList):
    """Choose one of a few numbered options, marked `(•)`/`( )`. A digit or the arrow keys choose;
    Enter picks the chosen one. `instant`: a digit picks at once (a sorting card, an action's level).
    `start`: the option chosen at first (None: none)."""

    class Picked(Message):
        def __init__(self, picker: "SinglePicker", value: str):
            super().__init__()
            self.picker = picker
            self.value = value

    def __init__(
        self, options: list[tuple[str, str]], instant: bool = False, start: int | None = None, **kwargs: Any
    ):
        self.instant = instant
        labels = [f"{i}  {label}" for i, (_value, label) in enumerate(options, 1)]
        super().__init__(labels, [value for value, _label in options], start=start, **kwargs)

    def mark(self, index: int) -> str:
        return "(•)" if index == self.highlighted else "( )"

    def on_key(self, event: events.Key) -> None:
        n = self.digit(event)
        if n is None:
            return
        if 1 <= n <= self.option_count:
            self.highlighted = n - 1
            if self.instant:
                self.action_select()
        else:
            self.post_message(ChooseFirst(f"There is no option {n}: choose 1 to {self.option_count}."))

    def action_select(self) -> None:
        if self.highlighted is None:
            self.post_message(
                ChooseFirst(f"Choose an option first (1 to {self.option_count} or the arrow keys), then press Enter.")
            )
            return
        super().action_select()

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(self.Picked(self, event.option.id or ""))

    @property
    def value(self) -> str | None:
        if self.highlighted is None:
            return None
        return self.get_option_at_index(self.highlighted).id


class MultiPicker(MarkedList):
    """Tick several options, marked `[x]`/`[ ]`: Space (or a click) ticks or unticks, Enter submits."""

    BINDINGS = [
        Binding("space", "toggle", "Tick", show=True, key_display="Space"),
        # Hidden: the footer already has Ctrl+S Submit, and a narrow footer must keep Pass and Cancel.
        Binding("enter", "submit", "Submit", show=False, key_display="Enter"),
    ]

    class Submitted(Message):
        pass

    def __init__(self, options: tuple[str, ...], **kwargs: Any):
        self.ticked: set[int] = set()
        super().__init__(list(options), [str(i) for i in range(len(options))], start=0, **kwargs)
        self.values = list(options)

    def mark(self, index: int) -> str:
        return "[x]" if index in self.ticked else "[ ]"

    @property
    def selected(self) -> list[str]:
        return [self.values[i] for i in sorted(self.ticked)]

    def action_toggle(self) -> None:
        if self.highlighted is not None:
            self.ticked ^= {self.highlighted}
            self._show_marks()

    def action_select(self) -> None:  # a click on a row
        self.action_toggle()

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

    skip_label = "Skip this card"

    def compose(self) -> ComposeResult:
        yield Literal(id="card-text", classes="card")
        options = [(b.id, b.label) for b in self.step.buckets] + [("", self.skip_label)]
        yield SinglePicker(options, instant=True, id="buckets")  # a digit places the card at once

    def on_mount(self) -> None:
        self._show()

    def _show(self) -> None:
        """The current card, with the bucket it is in already chosen (none for a card not placed yet)."""
        card = self.step.cards[self.index]
        total = len(self.step.cards)
        text = self.query_one("#card-text", Literal)
        text.set_text(card.text)
        text.border_title = f"Card {self.index + 1} of {total}"
        picker = self.query_one("#buckets", SinglePicker)
        bucket_ids = [b.id for b in self.step.buckets]
        placed = self.placed.get(card.id)
        picker.highlighted = bucket_ids.index(placed) if placed in bucket_ids else None
        picker.focus()

    def show_first_unplaced(self) -> None:
        """Back to the first card not placed in a bucket (after "submit with cards left out?": no)."""
        for index, card in enumerate(self.step.cards):
            if card.id not in self.placed:
                self.index = index
                break
        self._show()

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
    """A turn's action points, one at a time and up to one per level: what will be done, the level (only
    the levels not used yet are offered), the lens, how we'll know, an owner (a role) and a by-when.
    Enter moves through the fields; after the last one, if levels are left, a choice: add an action for
    another level, or done. Ctrl+S (the turn's key) submits at any point; a blank action is ignored."""

    class Submitted(Message):
        pass

    MORE, DONE = "more", "done"

    def __init__(self, step: Step, **kwargs: Any):
        super().__init__(**kwargs)
        self.step = step
        self.added: list[dict[str, Any]] = []  # the actions finished in this turn, in the order added

    def compose(self) -> ComposeResult:
        yield Literal("", id="added")
        # Each field's question is its border title, so it is on screen whenever the field is.
        yield self._field(AnswerInput(placeholder="The action, in a sentence", id="action"), self._action_title())
        with Horizontal(classes="pair"):
            yield self._field(SinglePicker(self._free_levels(), instant=True, start=0, id="level"), "Who does it? (level)")
            yield self._field(SinglePicker([(o.id, o.label) for o in self.step.lenses], instant=True, start=0, id="lens"),
                              "What does it change? (lens)")
        yield self._field(AnswerInput(placeholder="A sign of change in the place", id="measure"),
                          "How will we know it worked? (optional)")
        with Horizontal(classes="pair"):
            yield self._field(AnswerInput(OWNER_LIMIT, placeholder="A role or an agency, never a name", id="owner"),
                              "Owner (optional)")
            yield self._field(AnswerInput(BY_WHEN_LIMIT, placeholder="e.g. the March board", id="by_when"),
                              "By when? (optional)")
        more = SinglePicker([(self.MORE, ""), (self.DONE, "Done: submit my actions")], instant=True, start=1, id="more")
        more.display = False
        yield self._field(more, "Another action?")

    @staticmethod
    def _field(widget: Widget, title: str) -> Widget:
        widget.border_title = title
        widget.add_class("field")
        return widget

    def _action_title(self) -> str:
        return f"Action {len(self.added) + 1}: what will be done?" if self.added else "What will be done?"

    def _free_levels(self) -> list[tuple[str, str]]:
        used = {a.get("level") for a in self.added}
        return [(o.id, o.label) for o in self.step.levels if o.id not in used]

    @property
    def current(self) -> dict[str, Any]:
        """The action being typed, as the core's `clean_answer` takes one."""
        text = {name: self.query_one(f"#{name}", Input).value for name in ("action", "measure", "owner", "by_when")}
        return {**text, "level": self.query_one("#level", SinglePicker).value,
                "lens": self.query_one("#lens", SinglePicker).value}

    @property
    def value(self) -> dict[str, Any]:
        return {"actions": [*self.added, self.current]}

    @property
    def typed_anything(self) -> bool:
        current = self.current
        return bool(self.added) or any(current[k].strip() for k in ("action", "measure", "owner", "by_when"))

    def on_input_submitted(self, event: Input.Submitted) -> None:
        event.stop()
        following = {"action": "#level", "measure": "#owner", "owner": "#by_when"}.get(event.input.id or "")
        if following:
            self.query_one(following).focus()
        else:
            self.finish_action()

    def on_single_picker_picked(self, event: SinglePicker.Picked) -> None:
        event.stop()
        if event.picker.id == "more":
            if event.value == self.MORE:
                self.add_another()
            else:
                self.post_message(self.Submitted())
            return
        self.query_one({"level": "#lens", "lens": "#measure"}[event.picker.id or "level"]).focus()

    def finish_action(self) -> None:
        """Enter on the last field: with a level left, ask whether to add another; else submit."""
        if len(self._free_levels()) <= 1:
            self.post_message(self.Submitted())
            return
        more = self.query_one("#more", SinglePicker)
        left = len(self._free_levels()) - 1
        more.set_rows([f"1  Add an action for another level ({left} left)", "2  Done: submit my actions"],
                      [self.MORE, self.DONE], start=1)
        more.display = True
        more.focus()
        self.call_after_refresh(more.scroll_visible, animate=False)  # once it has a place on the screen

    def add_another(self) -> None:
        """Keep the action typed (if the core takes it) and start a blank one at a level not used yet."""
        from ..session import AnswerError, make_answer

        try:
            make_answer(self.step, self.current)
        except AnswerError as error:
            self.query_one("#more").display = False
            self.post_message(ChooseFirst(f"Not added yet: {error}."))
            self.query_one("#action").focus()
            return
        self.added.append(self.current)
        for name in ("action", "measure", "owner", "by_when"):
            self.query_one(f"#{name}", Input).value = ""
        levels = self._free_levels()
        self.query_one("#level", SinglePicker).set_rows([f"{i}  {label}" for i, (_id, label) in enumerate(levels, 1)],
                                                        [level for level, _label in levels], start=0)
        self.query_one("#lens", SinglePicker).highlighted = 0
        self.query_one("#action").border_title = self._action_title()
        self.query_one("#more").display = False
        lines = [
            f"Added: {self.step.level_label(a['level'])}: {a['action'].strip()}"
            f" [{self.step.lens_label(a['lens'])}]" for a in self.added
        ]
        self.query_one("#added", Literal).set_text("\n".join(lines))
        self.query_one("#action").focus()


class BarChart(Widget):
    """A text histogram (label, bar, count) whose bars use the width the screen has."""

    DEFAULT_CSS = "BarChart { height: auto; }"
    MAX_BAR = 60

    def __init__(self, bars: list[Bar], **kwargs: Any):
        super().__init__(**kwargs)
        self.bars = bars

    def render(self) -> Content:
        return self.chart(self.content_size.width or 80)

    def get_content_height(self, container: Any, viewport: Any, width: int) -> int:
        """As many rows as the chart has at this width (a long label wraps onto more)."""
        return len(self.chart(width or 80).plain.splitlines()) or 1

    def chart(self, width: int) -> Content:
        if not self.bars:
            return Content("No answers.")
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
        # A long label wraps under itself (never cut: the room must read every option).
        label, *rest = textwrap.wrap(bar.label, label_width) or [""]
        lines.append(f"{label:<{label_width}}  {bar_text(bar.share, width):<{width}}  {bar.count}")
        lines += rest
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

    skip_label = "Skip this action"  # the sort's own compose: a digit places the action at once

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


class GroupReviewPicker(ReviewPicker, GroupSortPicker):
    """The room's one review of the previous actions: "Action 2 of 7" above each, a digit for its outcome."""


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
