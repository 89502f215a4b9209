"""Charts (SVG) and the lens balance: real sessions, figures checked, hostile text escaped."""

from __future__ import annotations

import json
import random
import re
from datetime import date, timedelta
import xml.etree.ElementTree as ET

import pytest
from markupsafe import escape

from conftest import ANSWERS, DAY, PACK_DATA, PIN, fill_session, make_pack
from workshop import charts, lens
from workshop.results import Bar, tally
from workshop.session import Session
from workshop.summary import FORMATS, render_summary

SVG = "{http://www.w3.org/2000/svg}"
HOSTILE = '<script>alert(1)</script> & "quotes" \'apos\' \x1b[31m]]> <![CDATA[x'


def parse(svg: str) -> ET.Element:
    """Parse an inline chart as XML (with the namespace a standalone file would carry)."""
    return ET.fromstring(svg.replace("<svg ", '<svg xmlns="http://www.w3.org/2000/svg" ', 1))


def texts(svg: str) -> list[str]:
    return ["".join(t.itertext()) for t in parse(svg).iter(f"{SVG}text")]


def bars(*pairs: tuple[str, int]) -> list[Bar]:
    total = sum(c for _, c in pairs)
    return [Bar(label, count, count / total if total else 0.0) for label, count in pairs]


# --- pure chart functions -----------------------------------------------------------------------


def test_histogram_has_a_count_on_every_column_and_the_mean():
    svg = charts.histogram(bars(("1", 0), ("2", 1), ("3", 0), ("4", 2), ("5", 1)), "Confidence",
                           low="Not at all", high="Completely", mean=3.75)
    found = texts(svg)
    assert found.count("0") == 2 and found.count("1") >= 2 and "2" in found
    assert "mean 3.8" in found
    assert "1 = Not at all" in found and "5 = Completely" in found
    root = parse(svg)
    assert root.get("role") == "img" and root.find(f"{SVG}title").text == "Confidence"
    assert len(root.findall(f"{SVG}rect")) == 3  # one column per non-zero count


def test_hbars_label_and_count_for_every_option():
    data = bars(("Bus drivers", 1), ("Shop staff", 3), ("Residents", 0))
    found = texts(charts.hbars(data, "Who is missing?"))
    for bar in data:
        assert bar.label in found and str(bar.count) in found


def test_split_chart_counts_every_segment_and_has_a_legend(filled_session):
    step = filled_session.pack.step("sort-cards")
    result = tally(step, filled_session.answers("sort-cards"))
    svg = charts.split_chart(result.splits, [b.label for b in step.buckets], "Sort")
    found = texts(svg)
    for label in ("Behaviour-based", "Ecological", "It depends"):
        assert label in found
    # Counts: curfew 3; lighting 2 + 1; youth work 1 + 1 + 1 -> six labelled segments.
    assert sorted(t for t in found if t.isdigit()) == ["1", "1", "1", "1", "2", "3"]


def test_segments_keep_room_for_their_label_and_fill_the_bar():
    widths = charts._segment_widths([1, 99, 0], 300)
    assert widths[0] == charts.MIN_SEGMENT and widths[2] == 0
    assert sum(widths) == pytest.approx(300)
    assert charts._segment_widths([0, 0], 100) == [0.0, 0.0]


def test_greys_mean_the_same_thing_in_every_chart():
    fills = charts.fills_for(["behaviour", "ecological", "depends"], "ecological", "behaviour")
    assert fills == [charts.GREYS[1], charts.GREYS[0], charts.GREYS[2]]


@pytest.mark.parametrize("maker", [
    lambda t: charts.histogram(bars((t, 1), ("2", 2)), t, low=t, high=t, mean=1.5),
    lambda t: charts.hbars(bars((t, 2), ("b", 1)), t),
    lambda t: charts.stacked_rows([(t, [1, 2])], [t, "x"], t),
    lambda t: charts.lens_chart([(t, [t, "b"], [1, 1])], t, scale=charts.ScaleMark(t, 5, (1, 0, 0, 0, 1), 3.0, t, t)),
    lambda t: charts.trend([(t, 1.0), (t, None), (t, 3.0)], t, low=1, high=5),
])
def test_hostile_text_is_escaped_in_every_chart(maker):
    svg = maker(HOSTILE)
    parse(svg)  # well-formed XML whatever the text
    assert "<script" not in svg and "\x1b" not in svg and "<![CDATA[" not in svg
    assert "&lt;script&gt;" in svg
    for bad in ("href", "url(", "http://", "https://", "<image", "<foreignObject", "onload", "<a "):
        assert bad not in svg.replace("http://www.w3.org/2000/svg", ""), bad


def test_standalone_charts_carry_the_namespace_and_inline_ones_do_not():
    assert 'xmlns="http://www.w3.org/2000/svg"' in charts.hbars(bars(("a", 1)), "t", standalone=True)
    assert "xmlns" not in charts.hbars(bars(("a", 1)), "t")


def test_long_labels_wrap_onto_two_lines_with_an_ellipsis():
    lines = charts.wrap_label("word " * 60, 200)
    assert len(lines) == 2 and lines[-1].endswith("\u2026")
    assert charts.wrap_label("short", 200) == ["short"]
    assert charts.wrap_label("", 200) == [""]


def test_trend_shows_values_and_gaps():
    svg = charts.trend([("2026-01-01", 2.0), ("2026-02-01", None), ("2026-03-01", 4.5)], "Trend", low=1, high=5)
    found = texts(svg)
    assert "2.0" in found and "4.5" in found
    assert "2026-01-01" in found and "2026-03-01" in found
    assert "3 sessions, 1 without an answer here" in found


# --- labels never overlap ---------------------------------------------------------------------------

EM = 0.6  # estimated glyph width in em, a little wider than the charts' own estimate


def text_boxes(svg: str) -> list[tuple[str, str, float, float, float, float]]:
    """(text, class, x0, y0, x1, y1) of every text element: width estimated as characters x font
    size x EM, height from the font size around the baseline."""
    boxes = []
    for t in parse(svg).iter(f"{SVG}text"):
        text = "".join(t.itertext())
        size, x, y = float(t.get("font-size")), float(t.get("x")), float(t.get("y"))
        w = len(text) * size * EM
        x0 = {"start": x, "middle": x - w / 2, "end": x - w}[t.get("text-anchor", "start")]
        boxes.append((text, t.get("class", ""), x0, y - 0.8 * size, x0 + w, y + 0.25 * size))
    return boxes


def overlapping(svg: str) -> list[tuple[str, str]]:
    boxes = text_boxes(svg)
    width = float(parse(svg).get("width"))
    out = [(a[0], b[0]) for i, a in enumerate(boxes) for b in boxes[i + 1:]
           if a[2] < b[4] and b[2] < a[4] and a[3] < b[5] and b[3] < a[5]]
    out += [(a[0], "the edge") for a in boxes if a[2] < -0.5 or a[4] > width + 0.5]
    return out


def of_class(svg: str, cls: str) -> list[str]:
    return [b[0] for b in text_boxes(svg) if b[1] == cls]


def trend_cases():
    rng = random.Random(5)
    for n in (1, 2, 3, 6, 12, 24, 25, 40, 41, 120):
        days = sorted(date(2025, 1, 1) + timedelta(days=rng.randint(0, 400)) for _ in range(n))
        if n > 3:
            days[1] = days[0]  # two sessions on the same day
        labels = [rng.choice(["North", "South locality partnership board", "", "A" * 60]) for _ in range(n)]
        for low, high, unit, whole in ((1, 5, "", False), (0, 100, "%", False), (0, 1, "", True), (0, 7, "", True)):
            values = [rng.choice([None, low, high, low + (high - low) * rng.random()]) for _ in range(n)]
            if whole:
                values = [None if v is None else float(round(v)) for v in values]
            values[0] = high  # the first point at the top, next to the top tick label (the old overlap)
            yield n, [d.isoformat() for d in days], labels, values, (low, high, unit, whole)


@pytest.mark.parametrize("case", list(trend_cases()), ids=lambda c: f"{c[0]}-sessions-{c[4][2] or c[4][1]}")
def test_trend_labels_never_overlap_and_ticks_are_distinct(case):
    n, days, labels, values, (low, high, unit, whole) = case
    svg = charts.trend(list(zip(days, values)), "Trend", low=low, high=high, unit=unit, whole=whole, labels=labels)
    assert overlapping(svg) == []
    y_ticks, x_ticks = of_class(svg, "tick-y"), of_class(svg, "tick-x")
    assert len(y_ticks) == len(set(y_ticks)) >= 2
    assert len(x_ticks) == len(set(x_ticks)) >= 1 and set(x_ticks) <= set(days) and x_ticks == sorted(x_ticks)
    assert days[0] in x_ticks
    if whole:
        assert all(t.isdigit() for t in y_ticks)
    key = of_class(svg, "key")
    if n <= charts.KEY_MAX:
        # Every point is numbered and the key gives each number its session's date and label.
        assert len(key) == n
        for i, (entry, day, label) in enumerate(zip(key, days, labels)):
            full = f"{i + 1}: {day}" + (f", {label}" if label else "")
            assert entry == full or (entry.endswith("\u2026") and full.startswith(entry[:-1]))
        if n <= 24:
            assert of_class(svg, "point") == [str(i + 1) for i in range(n)]
        # Values are written where they fit (always for a dozen sessions), else left to the table.
        assert len(of_class(svg, "value")) in ((sum(v is not None for v in values),) if n <= 12 else
                                               (0, sum(v is not None for v in values)))
    else:
        assert key == [] and "the table gives each one" in of_class(svg, "note")[0]


def test_the_old_trend_overlapped_the_first_value_with_a_tick():
    # The chart used to put the first session on the y axis: its "4.7" ran into the "5.0" tick.
    svg = charts.trend([("2026-01-01", 4.7), ("2026-02-01", 2.0)], "Trend", low=1, high=5)
    assert overlapping(svg) == []


# --- the lens balance ---------------------------------------------------------------------------


def test_lens_balance_of_the_filled_session(filled_session):
    b = lens.lens_balance(filled_session)
    counts = {bar.label: bar.count for bar in b.actions}
    assert counts == {"Changes a context": 2, "Changes behaviour": 1, "Not sure": 1}
    assert (b.context_actions, b.behaviour_actions, b.actions_total) == (2, 1, 4)
    # Placements: curfew B B B; lighting E E D; youth work E D B.
    assert (b.ecological_placements, b.behaviour_placements, b.placements) == (3, 4, 9)
    assert b.scale is None  # the test pack has no context-share step
    # The test pack's cards name no expected bucket: nothing to set the sort against, so the verdict
    # falls back to the plan (one figure: the share of actions that aim to change a context).
    assert b.compared == 0 and b.lean == ""
    assert b.verdict == "The group's plan leans to contexts: 50% of its planned actions aim to change a context."


def context_pack():
    data = json.loads(json.dumps(PACK_DATA))
    data["sections"][2]["steps"].append(
        {"id": "context-share", "kind": "scale", "title": "Where does our effort go?", "text": "How much targets contexts?",
         "notes": "-", "minutes": 2, "points": 5, "low": "Almost all about behaviour", "high": "Almost all about contexts"})
    return make_pack(data)


def test_lens_balance_reads_the_latest_round_of_the_context_scale(sessions_dir):
    session = Session.create(sessions_dir, context_pack(), "Scale", PIN, today=DAY)
    try:
        while session.step.id != "context-share":
            session.next_step()
        for value in (1, 1, 1):
            session.submit(value)
        session.reveal()
        session.new_round()
        for value in (2, 4, 4, None):
            session.submit(value, passed=value is None)
        session.reveal()
    finally:
        session.close()
    b = lens.lens_balance(Session.read(session.path))
    assert b.scale is not None
    assert b.scale.counts == (0, 1, 0, 2, 0) and b.scale.round == 2 and b.scale.rounds == 2
    assert b.scale.mean == pytest.approx(10 / 3)
    assert b.scale.share == pytest.approx((10 / 3 - 1) / 4)
    assert lens.rating_sentence(b) == ("The group rated how much of today's work targets contexts 3.3 of 5 "
                                       "(5 = almost all about contexts).")
    svg = lens.figure(b)
    assert "mean 3.3" in texts(svg) and "(round 2)" in svg


def test_no_data_gives_a_plain_sentence_and_no_figure(sessions_dir, pack):
    session = Session.create(sessions_dir, pack, "", PIN, today=DAY)
    session.close()
    b = lens.lens_balance(Session.read(session.path))
    assert not b.has_data and lens.figure(b) == ""
    assert b.verdict.startswith("There are no answers yet") and lens.rating_sentence(b) == ""


# --- in the summary -------------------------------------------------------------------------------


def test_summary_shows_charts_and_the_lens_balance_in_every_format(filled_session):
    outs = {fmt: render_summary(filled_session, fmt) for fmt in FORMATS}
    verdict = lens.lens_balance(filled_session).verdict
    html = outs["html"]
    assert str(escape(verdict)) in html
    # The lens balance (in the brief), the scale's histogram and the choice's bars; a sort's and a
    # ranking's numbers are in their tables (each number once), so they have no chart.
    assert html.count("<svg ") == 3
    for svg in re.findall(r"<svg .*?</svg>", html, re.S):
        parse(svg)
    assert "Lens balance: contexts or behaviour?" in outs["md"] and "<svg" not in outs["md"]
    assert "LENS BALANCE: CONTEXTS OR BEHAVIOUR?" in outs["txt"]
    assert verdict in " ".join(outs["txt"].split())
    assert "Sorting exercise: where the group placed the cards (9 placements): Ecological: 3" in " ".join(outs["txt"].split())
    assert "Sorting exercise: where the group placed the cards (9 placements): Ecological: 3" in outs["md"]


def test_hostile_pack_and_answer_text_stays_text_in_charts(sessions_dir):
    data = json.loads(json.dumps(PACK_DATA))
    data["sections"][2]["steps"][2]["options"] = ["<script>x</script>", "=cmd|' /C calc'!A0", "Residents"]
    data["sections"][1]["steps"][1]["cards"][0]["text"] = "<img src=x onerror=alert(1)>"
    data["sections"][1]["steps"][1]["buckets"][0]["label"] = "</svg><script>y</script>"
    session = Session.create(sessions_dir, make_pack(data), "<b>label</b>", PIN, today=DAY)
    answers = dict(ANSWERS)
    answers["missing"] = [["<script>x</script>"], ["Residents"]]
    try:
        fill_session(session, answers)
    finally:
        session.close()
    html = render_summary(Session.read(session.path), "html")
    lowered = html.lower()
    assert "<script" not in lowered and "<img" not in lowered and "<b>label" not in html
    for svg in re.findall(r"<svg .*?</svg>", html, re.S):
        parse(svg)


# --- charts in the PDF ------------------------------------------------------------------------------


def _chart_page() -> str:
    figures = [
        charts.histogram(bars(("1", 3), ("2", 0), ("3", 5), ("4", 2), ("5", 1)), "Confidence", low="Not at all",
                         high="Completely", mean=2.9),
        charts.hbars(bars(("Bus drivers", 1), ("Shop staff and security at the shopping centre", 3)), "Missing"),
        charts.stacked_rows([("Detached youth work", [2, 3, 1]), ("A curfew", [5, 0, 1])],
                            ["Behaviour-based", "Ecological", "It depends"], "Sort"),
        charts.trend([("2026-01-01", 2.0), ("2026-01-01", 3.5), ("2026-03-01", 4.5)], "Trend", low=1, high=5,
                     labels=["North", "South", "North"]),
    ]
    return ('<!DOCTYPE html><html><head><meta charset="utf-8"><style>svg.chart { display: block; max-width: 100%; '
            'height: auto; margin: 1mm 0 2mm 0; }</style></head><body>' + "".join(figures) + "</body></html>")


def test_charts_become_svg_images_with_the_same_content():
    from workshop.pdf import charts_as_images

    page = _chart_page()
    converted = charts_as_images(page)
    assert '<svg class="chart"' not in converted and converted.count('<img class="chart"') == 4
    uris = re.findall(r'src="data:image/svg\+xml;base64,([^"]+)"', converted)
    import base64
    originals = re.findall(r'<svg class="chart".*?</svg>', page, re.S)
    for uri, original in zip(uris, originals):
        standalone = ET.fromstring(base64.b64decode(uri).decode("utf-8"))  # namespace included
        assert ["".join(t.itertext()) for t in standalone.iter(f"{SVG}text")] == texts(original)


def test_charts_look_the_same_in_the_pdf_as_drawn_letter_by_letter(monkeypatch):
    # The PDF hands charts to WeasyPrint as SVG images and draws each simple text in one piece;
    # the page must look as WeasyPrint's own letter-by-letter drawing of the inline SVG.
    pdfium = pytest.importorskip("pypdfium2")
    import importlib

    import weasyprint
    import weasyprint.svg as svg_package

    from workshop.pdf import PAGE_CSS, html_to_pdf

    page = _chart_page()
    ours = html_to_pdf(page)
    original = importlib.import_module("weasyprint.svg.text").text
    assert svg_package.TAGS["text"] is not original  # the one-piece text is in use
    for tag, function in list(svg_package.TAGS.items()):
        if function is svg_package.text:
            monkeypatch.setitem(svg_package.TAGS, tag, original)
    monkeypatch.setattr(svg_package, "text", original)
    head = page.find("</head>")
    reference = weasyprint.HTML(string=f"{page[:head]}<style>{PAGE_CSS}</style>{page[head:]}", media_type="print").write_pdf()

    def pages(data):
        document = pdfium.PdfDocument(data)
        try:
            return [(p.get_textpage().get_text_range(), p.render(scale=1.5).to_pil().convert("L")) for p in document]
        finally:
            document.close()

    mine, theirs = pages(ours), pages(reference)
    assert len(mine) == len(theirs)
    for (text_a, image_a), (text_b, image_b) in zip(mine, theirs):
        assert " ".join(text_a.split()) == " ".join(text_b.split())
        assert image_a.size == image_b.size
        a, b = image_a.tobytes(), image_b.tobytes()
        differing = sum(1 for x, y in zip(a, b) if abs(x - y) > 96)
        assert differing / len(a) < 0.002, differing  # glyph edges may move by a fraction of a pixel
