"""Charts for the printed summary and the cross-session report: pure functions returning SVG text.

Every chart is made to survive a black-and-white printer: every bar or segment has its count written
on it or beside it, series are told apart by grey level *and* by a labelled legend, and outlines are
black. Colour is never the only signal (there is no colour at all).

All text that goes into a chart (labels, titles, option and card texts) is cleaned of control
characters and XML-escaped here, so the result can be marked safe in an autoescaped template.
The SVG has no scripts, no links, no external references and, by default, no `xmlns` (inline SVG
in HTML5 needs none; pass `standalone=True` for an .svg file).

Inputs are `results.Bar` lists (label, count, share) or plain numbers; nothing here reads a session.
"""

from __future__ import annotations

import math
import re
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from .results import Bar
from .text import clean

WIDTH = 640  # viewBox width; the page scales the chart to the column width
FONT = "DejaVu Sans, Helvetica, Arial, sans-serif"
FONT_SIZE = 12
SMALL = 10.5
CHAR_W = 0.56  # average glyph width in em, for wrapping labels (sans-serif)
LINE_H = 14
INK = "#000"
# Fills for series, in order: told apart by grey level and always labelled in a legend.
GREYS = ("#3a3a3a", "#9a9a9a", "#e4e4e4", "#6a6a6a", "#c4c4c4", "#ffffff")
BAR_FILL = "#8a8a8a"
_XML_BAD = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")


# --- text ------------------------------------------------------------------------------------------


def esc(value: object) -> str:
    """Text safe for an SVG text node or a double-quoted attribute."""
    text = clean(str(value if value is not None else ""), 4000, multiline=False)
    text = _XML_BAD.sub("", text)
    return (
        text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        .replace('"', "&quot;").replace("'", "&#39;")
    )


def text_width(text: str, size: float = FONT_SIZE) -> float:
    """A rough width of `text` in user units (good enough to place and wrap labels)."""
    return len(text) * size * CHAR_W


def wrap_label(text: str, width: float, size: float = FONT_SIZE, max_lines: int = 2) -> list[str]:
    """Split `text` into at most `max_lines` lines that fit `width`; an ellipsis marks a cut."""
    text = " ".join(clean(str(text or ""), 4000, multiline=False).split())
    per_line = max(4, int(width / (size * CHAR_W)))
    lines = textwrap.wrap(text, per_line, break_long_words=True, break_on_hyphens=True) or [""]
    if len(lines) > max_lines:
        lines = lines[:max_lines]
        last = lines[-1]
        if len(last) >= per_line:
            last = last[: per_line - 1].rstrip()
        lines[-1] = last + "…"
    return lines


def _text(x: float, y: float, content: str, *, size: float = FONT_SIZE, anchor: str = "start",
          weight: str | None = None, fill: str = INK, escaped: bool = False, cls: str | None = None) -> str:
    body = content if escaped else esc(content)
    extra = f' font-weight="{weight}"' if weight else ""
    if cls:
        extra += f' class="{cls}"'
    return (f'<text x="{_n(x)}" y="{_n(y)}" font-size="{_n(size)}" text-anchor="{anchor}" '
            f'fill="{fill}"{extra}>{body}</text>')


def _lines(x: float, y: float, lines: list[str], *, size: float = FONT_SIZE, anchor: str = "start") -> str:
    """A label of one or more lines; `y` is the baseline of the first line."""
    return "".join(_text(x, y + i * (size + 2), line, size=size, anchor=anchor) for i, line in enumerate(lines))


def _n(value: float) -> str:
    """A coordinate, short: 12, 12.5 (never an exponent)."""
    value = round(float(value), 1)
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _svg(body: list[str], height: float, title: str, *, standalone: bool = False, width: float = WIDTH) -> str:
    ns = ' xmlns="http://www.w3.org/2000/svg"' if standalone else ""
    return (
        f'<svg{ns} class="chart" viewBox="0 0 {_n(width)} {_n(height)}" width="{_n(width)}" height="{_n(height)}" '
        f'role="img" aria-label="{esc(title)}" font-family="{FONT}">'
        f"<title>{esc(title)}</title>{''.join(body)}</svg>"
    )


def _rect(x: float, y: float, w: float, h: float, fill: str, stroke: str = INK) -> str:
    return (f'<rect x="{_n(x)}" y="{_n(y)}" width="{_n(max(w, 0))}" height="{_n(max(h, 0))}" '
            f'fill="{fill}" stroke="{stroke}" stroke-width="1"/>')


def _on(fill: str) -> str:
    """Text colour that reads on a fill (white on the darker greys)."""
    level = int(fill[1:3], 16)
    return "#fff" if level < 0x80 else INK


# --- single-series charts ---------------------------------------------------------------------------


def histogram(bars: Sequence[Bar], title: str, *, low: str = "", high: str = "", mean: float | None = None,
              standalone: bool = False, width: float = WIDTH) -> str:
    """Columns for a 1..N scale: one column per point, its count above it, the point below.

    `low` and `high` (the scale's end labels) are written under the first and last points; `mean`,
    if given, is marked on the axis with its value.
    """
    bars = list(bars)
    n = max(1, len(bars))
    top, plot_h = 36, 100
    left, right = 16, 16
    slot = (width - left - right) / n
    col_w = min(70.0, slot * 0.62)
    biggest = max((b.count for b in bars), default=0) or 1
    base = top + plot_h
    body = [f'<line x1="{left}" y1="{_n(base)}" x2="{_n(width - right)}" y2="{_n(base)}" stroke="{INK}" stroke-width="1"/>']
    for i, bar in enumerate(bars):
        cx = left + slot * (i + 0.5)
        h = plot_h * bar.count / biggest
        if bar.count:
            body.append(_rect(cx - col_w / 2, base - h, col_w, h, BAR_FILL))
        body.append(_text(cx, base - h - 5, str(bar.count), weight="bold"))
        body.append(_text(cx, base + 15, str(i + 1)))
    y = base + 30
    if low:
        body.append(_lines(left, y, wrap_label(f"1 = {low}", width / 2 - 30, SMALL), size=SMALL))
    if high:
        body.append(_lines(width - right, y, wrap_label(f"{n} = {high}", width / 2 - 30, SMALL), size=SMALL, anchor="end"))
    height = y + (2 * (SMALL + 2) if (low or high) else 0)
    if mean is not None and n > 1:
        mx = left + slot * (mean - 0.5)
        body.append(f'<path d="M{_n(mx)} {_n(base + 1)} l-5 8 h10 z" fill="{INK}"/>')
        body.append(_text(mx, 12, f"mean {mean:.1f}", size=SMALL, anchor="middle"))
        body.append(f'<line x1="{_n(mx)}" y1="{_n(16)}" x2="{_n(mx)}" y2="{_n(base)}" stroke="{INK}" '
                    f'stroke-width="1" stroke-dasharray="3 3"/>')
    return _svg(body, height, title, standalone=standalone, width=width)


def hbars(bars: Sequence[Bar], title: str, *, standalone: bool = False) -> str:
    """Horizontal bars, one per option: the label (wrapped) on the left, the count at the bar's end."""
    bars = list(bars)
    label_w = WIDTH * 0.42
    bar_x = label_w + 10
    bar_room = WIDTH - bar_x - 40
    biggest = max((b.count for b in bars), default=0) or 1
    body: list[str] = []
    y = 6.0
    for bar in bars:  # rows as close as the labels allow: a printed page holds more
        lines = wrap_label(bar.label, label_w, FONT_SIZE)
        row_h = max(17.0, len(lines) * (FONT_SIZE + 2) + 3)
        body.append(_lines(0, y + FONT_SIZE, lines))
        w = bar_room * bar.count / biggest
        if bar.count:
            body.append(_rect(bar_x, y + 2.5, w, 12, BAR_FILL))
        body.append(_text(bar_x + w + 5, y + 13, str(bar.count), weight="bold"))
        y += row_h
    body.append(f'<line x1="{_n(bar_x)}" y1="2" x2="{_n(bar_x)}" y2="{_n(y)}" stroke="{INK}" stroke-width="1"/>')
    return _svg(body, y + 4, title, standalone=standalone)


# --- stacked bars (sort splits, lens balance) ------------------------------------------------------

MIN_SEGMENT = 16.0  # a segment with a count is never narrower than its label


def _segment_widths(counts: Sequence[int], width: float) -> list[float]:
    """Widths proportional to counts, except that every non-zero count gets room for its label."""
    total = sum(counts)
    if not total:
        return [0.0 for _ in counts]
    widths = [width * c / total for c in counts]
    small = [i for i, c in enumerate(counts) if c and widths[i] < MIN_SEGMENT]
    if small:
        rest = width - MIN_SEGMENT * len(small)
        big_total = sum(c for i, c in enumerate(counts) if i not in small)
        widths = [
            MIN_SEGMENT if i in small else (rest * c / big_total if big_total else 0.0)
            for i, c in enumerate(counts)
        ]
    return widths


def fills_for(ids: Sequence[str], first: str, second: str) -> list[str]:
    """Greys for series by meaning: `first` (contexts) darkest, `second` (behaviour) next, the rest after,
    so that the same grey means the same thing in every chart."""
    rest = iter(GREYS[2:])
    out = []
    for series_id in ids:
        if series_id == first:
            out.append(GREYS[0])
        elif series_id == second:
            out.append(GREYS[1])
        else:
            out.append(next(rest, GREYS[-1]))
    return out


def _stacked(x: float, y: float, width: float, height: float, counts: Sequence[int],
             fills: Sequence[str] | None = None) -> list[str]:
    out: list[str] = []
    widths = _segment_widths(counts, width)
    if not sum(counts):
        out.append(_rect(x, y, width, height, "#ffffff"))
        out.append(_text(x + width / 2, y + height / 2 + 4, "none", size=SMALL, anchor="middle"))
        return out
    cx = x
    for i, (count, w) in enumerate(zip(counts, widths)):
        if not count:
            continue
        fill = fills[i] if fills is not None and i < len(fills) else GREYS[i % len(GREYS)]
        out.append(_rect(cx, y, w, height, fill))
        out.append(_text(cx + w / 2, y + height / 2 + 4, str(count), size=SMALL, anchor="middle",
                         weight="bold", fill=_on(fill)))
        cx += w
    return out


def legend(labels: Sequence[str], y: float, *, x: float = 0, counts: Sequence[int] | None = None,
           width: float = WIDTH, fills: Sequence[str] | None = None) -> tuple[list[str], float]:
    """Swatches with their labels (and counts), wrapping onto new lines; returns (parts, next y)."""
    out: list[str] = []
    cx = x
    for i, label in enumerate(labels):
        text = label if counts is None else f"{label}: {counts[i]}"
        text = " ".join(clean(str(text), 200, multiline=False).split())
        w = 16 + text_width(text, SMALL) + 14
        if cx > x and cx + w > width:
            cx = x
            y += SMALL + 6
        fill = fills[i] if fills is not None and i < len(fills) else GREYS[i % len(GREYS)]
        out.append(_rect(cx, y - SMALL + 1, 11, 11, fill))
        out.append(_text(cx + 16, y, text, size=SMALL))
        cx += w
    return out, y + SMALL + 6


def stacked_rows(rows: Sequence[tuple[str, Sequence[int]]], series: Sequence[str], title: str, *,
                 standalone: bool = False, label_share: float = 0.42, fills: Sequence[str] | None = None) -> str:
    """One stacked bar per row (e.g. a sort card split across buckets), each segment showing its count.

    `rows` is (row label, counts in `series` order); a legend names the series under the chart.
    """
    label_w = WIDTH * label_share
    bar_x = label_w + 10
    bar_w = WIDTH - bar_x - 2
    body: list[str] = []
    y = 4.0
    for label, counts in rows:
        lines = wrap_label(label, label_w, SMALL + 0.5)
        row_h = max(22.0, len(lines) * (SMALL + 2.5) + 8)
        body.append(_lines(0, y + SMALL + 3, lines, size=SMALL + 0.5))
        body.extend(_stacked(bar_x, y + 3, bar_w, 16, list(counts), fills))
        y += row_h
    parts, y = legend(series, y + 14, fills=fills)
    body.extend(parts)
    return _svg(body, y, title, standalone=standalone)


def split_chart(splits, buckets: Sequence[str], title: str, *, standalone: bool = False,
                fills: Sequence[str] | None = None) -> str:
    """The sort step's splits (`results.CardSplit` list): one stacked bar per card, a count on every segment."""
    rows = [(split.card.text, [b.count for b in split.bars]) for split in splits]
    return stacked_rows(rows, buckets, title, standalone=standalone, fills=fills)


# --- the lens balance figure ------------------------------------------------------------------------


@dataclass(frozen=True)
class ScaleMark:
    """A rating on a 1..points scale: its answers per point and their mean."""

    label: str
    points: int
    counts: tuple[int, ...]
    mean: float | None
    low: str = ""
    high: str = ""


def count_words(count: int) -> str:
    """A count of people as a tick label says it: "none", "1 person", "3 people"."""
    return "none" if not count else "1 person" if count == 1 else f"{count} people"


def scale_axis(mark: ScaleMark, y: float, *, x: float, width: float) -> tuple[list[str], float]:
    """An axis from 1 to `points` with the number of answers at each point and the mean marked."""
    out: list[str] = []
    n = max(2, mark.points)
    step = width / (n - 1)
    axis_y = y + 26  # room above the axis for the counts, clear of the mean's marker
    out.append(f'<line x1="{_n(x)}" y1="{_n(axis_y)}" x2="{_n(x + width)}" y2="{_n(axis_y)}" stroke="{INK}" stroke-width="1.5"/>')
    # Above each point: how many people chose it, in words where there is room ("2 people", "none");
    # a scale with many points gets bare counts and one line saying what they are.
    words = all(text_width(count_words(c), SMALL - 1) + 6 <= step for c in mark.counts) if n > 1 else True
    for i in range(n):
        px = x + step * i
        count = mark.counts[i] if i < len(mark.counts) else 0
        out.append(f'<line x1="{_n(px)}" y1="{_n(axis_y - 4)}" x2="{_n(px)}" y2="{_n(axis_y + 4)}" stroke="{INK}" stroke-width="1"/>')
        out.append(_text(px, axis_y + 16, str(i + 1), size=SMALL, anchor="middle"))
        out.append(_text(px, axis_y - 13, count_words(count) if words else str(count), size=SMALL - 1, anchor="middle",
                         cls="count"))
    if not words:
        out.append(_text(x, y - 2, "Above each point: how many people chose it", size=SMALL - 1))
    if mark.mean is not None:
        mx = x + step * (mark.mean - 1)
        out.append(f'<path d="M{_n(mx)} {_n(axis_y + 1)} l-6 -11 h12 z" fill="{INK}"/>')
        out.append(_text(mx, axis_y + 30, f"mean {mark.mean:.1f}", size=SMALL, anchor="middle", weight="bold"))
    end_y = axis_y + 44
    if mark.low:
        out.append(_lines(x, end_y, wrap_label(f"1 = {mark.low}", width / 2 - 8, SMALL - 1, 2), size=SMALL - 1))
    if mark.high:
        out.append(_lines(x + width, end_y, wrap_label(f"{n} = {mark.high}", width / 2 - 8, SMALL - 1, 2),
                          size=SMALL - 1, anchor="end"))
    return out, end_y + (2 * SMALL + 6 if (mark.low or mark.high) else 0)


def lens_chart(rows: Sequence[tuple[str, Sequence[str], Sequence[int]]], title: str, *,
               scale: ScaleMark | None = None, standalone: bool = False) -> str:
    """The lens balance: an optional rating axis (today's work), then one stacked bar per source.

    `rows` is (row label, series labels, counts); each row has its own legend line with the counts,
    so every number is written in words as well as drawn.
    """
    label_w = WIDTH * 0.30
    bar_x = label_w + 10
    bar_w = WIDTH - bar_x - 8
    body: list[str] = []
    y = 6.0
    if scale is not None:
        body.append(_lines(0, y + 26, wrap_label(scale.label, label_w, FONT_SIZE, 3)))
        parts, y = scale_axis(scale, y, x=bar_x + 8, width=bar_w - 16)
        body.extend(parts)
        y += 8
    for label, series, counts in rows:
        body.append(_lines(0, y + 15, wrap_label(label, label_w, FONT_SIZE, 3)))
        body.extend(_stacked(bar_x, y + 2, bar_w, 18, list(counts)))
        parts, y = legend(series, y + 38, x=bar_x, counts=list(counts))
        body.extend(parts)
        y += 8
    return _svg(body, y, title, standalone=standalone)


# --- trends across sessions -------------------------------------------------------------------------


ROOM_W = 0.62  # glyph width in em allowed when keeping labels apart (wider than CHAR_W, to be safe)
KEY_MAX = 40  # most sessions a trend chart numbers and names in its key (the report's table has them all)


def trend(points: Sequence[tuple[str, float | None]], title: str, *, low: float, high: float,
          unit: str = "", labels: Sequence[str] | None = None, whole: bool = False,
          standalone: bool = False, height: float = 150) -> str:
    """A line over sessions (oldest first), drawn so that no two labels ever overlap.

    `points` is (date, value) per session, `labels` the sessions' group labels. Each session has a
    slot of its own (never on the axis labels); its value is written above its marker when the
    slots are wide enough, its number under the axis, and a key under the chart gives each number
    its date and label (up to KEY_MAX sessions). The x axis names each distinct date once, under
    the sessions of that day, leaving out a date that would run into the one before it. The y axis
    has distinct tick labels (`whole`: whole numbers only, for counts).
    """
    pts = list(points)
    names = list(labels) if labels is not None else ["" for _ in pts]
    n = len(pts)
    tick = SMALL - 1
    value_size = SMALL - 1.5
    left, right, top = 44, 12, 16
    plot_w = WIDTH - left - right
    plot_h = height - top - 40
    base = top + plot_h
    span = (high - low) or 1
    body: list[str] = []
    shown: list[str] = []
    for frac in (0, 0.5, 1):
        value = low + span * frac
        label = _fmt(value, unit, whole)
        if (whole and value != int(value)) or label in shown:
            continue
        shown.append(label)
        gy = top + plot_h * (1 - frac)
        body.append(f'<line x1="{left}" y1="{_n(gy)}" x2="{WIDTH - right}" y2="{_n(gy)}" stroke="#999" '
                    f'stroke-width="0.6" stroke-dasharray="2 3"/>')
        body.append(_text(left - 6, gy + tick * 0.35, label, size=tick, anchor="end", cls="tick-y"))
    body.append(f'<line x1="{left}" y1="{_n(base)}" x2="{WIDTH - right}" y2="{_n(base)}" stroke="{INK}" stroke-width="1"/>')
    slot = plot_w / max(1, n)
    xs = [left + slot * (i + 0.5) for i in range(n)]
    coords: list[tuple[float, float, float] | None] = []
    for (_day, value), px in zip(pts, xs):
        if value is None or (isinstance(value, float) and math.isnan(value)):
            coords.append(None)
            continue
        py = top + plot_h * (1 - (min(max(value, low), high) - low) / span)
        coords.append((px, py, value))
    segment: list[str] = []
    for c in coords + [None]:
        if c is None:
            if len(segment) > 1:
                body.append(f'<polyline points="{" ".join(segment)}" fill="none" stroke="{INK}" stroke-width="1.5"/>')
            segment = []
        else:
            segment.append(f"{_n(c[0])},{_n(c[1])}")
    value_texts = [_fmt(c[2], unit, whole) if c else "" for c in coords]
    show_values = all(_room(t, value_size) + 4 <= slot for t in value_texts)
    for c, text in zip(coords, value_texts):
        if c is None:
            continue
        body.append(f'<circle cx="{_n(c[0])}" cy="{_n(c[1])}" r="{3.5 if n <= 60 else 1.8}" fill="#fff" stroke="{INK}" stroke-width="1.3"/>')
        if show_values:
            body.append(_text(c[0], c[1] - 7, text, size=value_size, anchor="middle", cls="value"))
    keyed = 0 < n <= KEY_MAX
    y = base + 15
    if keyed and _room(str(n), tick) + 3 <= slot:
        for i, px in enumerate(xs):
            body.append(_text(px, y, str(i + 1), size=tick, anchor="middle", cls="point"))
        y += 14
    # Distinct dates: one label per run of sessions on the same day, centred under them.
    groups: list[tuple[str, int, int]] = []
    for i, (day, _value) in enumerate(pts):
        if groups and groups[-1][0] == day:
            groups[-1] = (day, groups[-1][1], i)
        else:
            groups.append((day, i, i))
    edge = left - 1e9
    for day, first, last in groups:
        cx = (xs[first] + xs[last]) / 2
        w = _room(day, tick)
        x0 = min(max(cx - w / 2, 0), WIDTH - w)
        if x0 < edge + 6:
            continue
        body.append(_text(x0, y, day, size=tick, cls="tick-x"))
        edge = x0 + w
    y += 6
    if keyed:
        entries = [f"{i + 1}: {day}" + (f", {name}" if name else "") for i, ((day, _v), name) in enumerate(zip(pts, names))]
        longest = max(_room(e, tick) for e in entries)
        columns = max(1, min(3, int(WIDTH // (longest + 16))))
        col_w = WIDTH / columns
        rows = math.ceil(n / columns)
        for i, entry in enumerate(entries):
            col, row = divmod(i, rows)
            line = wrap_label(entry, (col_w - 12) * CHAR_W / ROOM_W, tick, 1)[0]
            body.append(_text(col * col_w, y + 12 * (row + 1), line, size=tick, cls="key"))
        y += 12 * rows
    missing = sum(1 for c in coords if c is None)
    note = f"{n} session{'s' if n != 1 else ''}" + (f", {missing} without an answer here" if missing else "")
    if n > KEY_MAX:
        note += "; the table gives each one"
    y += 14
    body.append(_text(WIDTH / 2, y, note, size=value_size, anchor="middle", cls="note"))
    return _svg(body, y + 4, title, standalone=standalone)


def _room(text: str, size: float) -> float:
    """The width kept free for a label: its cleaned length at ROOM_W em a character."""
    return len(" ".join(clean(str(text or ""), 4000, multiline=False).split())) * size * ROOM_W


def _fmt(value: float, unit: str, whole: bool = False) -> str:
    if unit == "%":
        return f"{value:.0f}%"
    if whole:
        return f"{value:.0f}{unit}"
    return f"{value:.1f}{unit}"
