"""Small statistics and formatting helpers (no dependencies beyond the standard library)."""

from __future__ import annotations

import math
import statistics
from dataclasses import dataclass, field


def median(values: list[float]) -> float:
    return statistics.median(values) if values else math.nan


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile (p in 0..100): the smallest value with at least p% of values at or below it."""
    if not values:
        return math.nan
    ordered = sorted(values)
    rank = max(1, math.ceil(p / 100 * len(ordered)))
    return ordered[rank - 1]


def ratio(a: float, b: float) -> float:
    return a / b if b else math.inf


def ms(seconds: float, digits: int = 2) -> str:
    if seconds != seconds:  # NaN
        return "-"
    return f"{seconds * 1000:.{digits}f} ms"


def sec(seconds: float) -> str:
    return f"{seconds:.3f} s" if seconds < 10 else f"{seconds:.1f} s"


def mib(kb: float) -> str:
    return f"{kb / 1024:.1f} MiB"


@dataclass
class Row:
    """One line of the results table."""

    number: str
    figure: str
    value: str
    target: str
    status: str  # PASS, MISS, n/a, info
    baseline: str = ""
    ratio: str = ""
    note: str = ""


@dataclass
class Results:
    rows: list[Row] = field(default_factory=list)
    raw: dict = field(default_factory=dict)

    def add(self, row: Row) -> Row:
        self.rows.append(row)
        status = f"[{row.status}]"
        extra = f"  baseline {row.baseline}" if row.baseline else ""
        extra += f"  ratio {row.ratio}" if row.ratio else ""
        note = f"  ({row.note})" if row.note else ""
        print(f"  {status:7} {row.number:4} {row.figure}: {row.value}  target {row.target}{extra}{note}", flush=True)
        return row


def verdict(ok: bool) -> str:
    return "PASS" if ok else "MISS"


def table(rows: list[Row]) -> str:
    """The results as a Markdown table (readable as plain text too)."""
    head = ["#", "Figure", "Result", "Baseline", "Ratio", "Target", "Status"]
    body = [[r.number, r.figure, r.value, r.baseline or "", r.ratio or "", r.target, r.status] for r in rows]
    widths = [max(len(str(x)) for x in col) for col in zip(head, *body)]

    def line(cells: list[str]) -> str:
        return "| " + " | ".join(str(c).ljust(w) for c, w in zip(cells, widths)) + " |"

    out = [line(head), "|" + "|".join("-" * (w + 2) for w in widths) + "|"]
    out.extend(line(cells) for cells in body)
    return "\n".join(out)
