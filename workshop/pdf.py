"""The board summary as a PDF: the HTML summary (charts and all) laid out on A4 by WeasyPrint.

WeasyPrint, and the Pango library it loads, are imported only when a PDF is actually made (never
when the kiosk or the command line starts). If either is missing, `PdfUnavailable` carries one line
saying what to install; nothing else is printed.

Every page has a running header (the pack's title, the group label, the session's date: a day,
never a time) and "Page N of M" at the foot. The header text is taken from the summary's own
elements with CSS `string-set`, so participant text never goes into a style sheet. Greys and
outlines only: the PDF reads the same on a black-and-white printer.

`python -m workshop.pdf SESSION_FILE OUTPUT` makes one PDF in a child process (used by
`workshop.printing`, so that whatever the libraries write to the terminal never reaches the kiosk).
"""

from __future__ import annotations

import base64
import re
import sys
from math import inf
from pathlib import Path

from . import storage

PDF_SUFFIX = "pdf"
EXIT_UNAVAILABLE = 3

PAGE_CSS = r"""
h1.run-title { string-set: run-title content(text); }
.run-label { string-set: run-label content(text); }
.run-date { string-set: run-date content(text); }
@page {
  size: A4 portrait;
  margin: 13mm 11mm 11mm 11mm;
  @top-left {
    content: string(run-title) "  \2014  " string(run-label);
    font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 8pt; color: #000;
    vertical-align: bottom; padding-bottom: 2mm; border-bottom: 0.75pt solid #000; width: 75%;
  }
  @top-right {
    content: string(run-date);
    font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 8pt; color: #000;
    vertical-align: bottom; padding-bottom: 2mm; border-bottom: 0.75pt solid #000;
  }
  @bottom-center {
    content: "Page " counter(page) " of " counter(pages);
    font-family: "DejaVu Sans", Helvetica, Arial, sans-serif; font-size: 8pt; color: #000;
  }
}
body { max-width: none; }
h2, h3, h4, .question, .counts, .also { break-after: avoid; page-break-after: avoid; }
/* A step longer than a page must not leave a blank page behind it: let steps break, keep the
   pieces (a chart, a table row, an answer) whole. */
.step { break-inside: auto; page-break-inside: auto; }
svg.chart, img.chart, .pair, .lens, tr, li, .notes { break-inside: avoid; page-break-inside: avoid; }
/* A chart at its own size (640 units: nearly the column; a scale's histogram, 360: half of it). */
img.chart { display: block; width: auto; max-width: 100%; height: auto; margin: 1mm 0 2mm 0; }
"""

_INSTALL_HINT = (
    "on Debian or Ubuntu install libpango-1.0-0 and libpangoft2-1.0-0 (and a font such as fonts-dejavu-core); "
    "or write the HTML summary (--format html) and print it from a browser"
)


class PdfUnavailable(Exception):
    """A PDF cannot be made on this machine (WeasyPrint or its system libraries are missing)."""


def _one_line(text: object) -> str:
    return " ".join(str(text).split())


def _weasyprint():
    """Import WeasyPrint now, or explain in one line why a PDF cannot be made here."""
    try:
        import weasyprint
    except ImportError as error:
        missing = getattr(error, "name", None) or "weasyprint"
        if missing.split(".")[0] == "weasyprint":
            raise PdfUnavailable(
                "cannot make a PDF: the Python package WeasyPrint is not installed "
                "(reinstall the app, or pip install 'weasyprint>=62'); or write the HTML summary (--format html) "
                "and print it from a browser"
            ) from None
        raise PdfUnavailable(f"cannot make a PDF: WeasyPrint needs the Python package {missing!r}, which is missing") from None
    except OSError as error:
        # cffi's "cannot load library 'libpango-1.0-0': ..." (several lines): name the library only.
        text = _one_line(error)
        library = ""
        for word in text.replace('"', "'").split("'"):
            if word.startswith(("lib", "pango", "gobject", "harfbuzz", "fontconfig")) and " " not in word:
                library = word
                break
        what = f"the system library {library}" if library else "a system library (Pango)"
        raise PdfUnavailable(f"cannot make a PDF: {what} that WeasyPrint needs is missing; {_INSTALL_HINT}") from None
    return weasyprint


# --- speed ------------------------------------------------------------------------------------------
# Two costs of WeasyPrint that our pages do not need (bench/run.py, figure 3d, measures them):
#
# * An inline <svg> is parsed by the HTML5 parser (slow on SVG attributes) and every element in it
#   goes through the CSS cascade. Our charts are self-contained, so they are handed to WeasyPrint as
#   SVG images (data: URLs), parsed by its XML parser and drawn exactly as before.
# * WeasyPrint draws SVG text one letter at a time (a text layout per character, for per-glyph
#   positions). Our charts' texts have one x and one y each, so `_svg_text` lays each out once,
#   and hands anything else (dx, dy, rotate, several positions, textLength ...) to WeasyPrint's own.

_CHART = re.compile(r'<svg class="chart"(?P<body>[^>]*>.*?)</svg>', re.S)
_ARIA = re.compile(r'aria-label="([^"]*)"')


def _chart_as_image(match: re.Match[str]) -> str:
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" class="chart"{match.group("body")}</svg>'
    label = _ARIA.search(match.group("body"))
    data = base64.b64encode(svg.encode("utf-8")).decode("ascii")
    alt = label.group(1) if label else ""  # already escaped for an attribute by workshop.charts
    return f'<img class="chart" alt="{alt}" src="data:image/svg+xml;base64,{data}">'


def charts_as_images(html: str) -> str:
    """Every chart made by `workshop.charts` (inline `<svg class="chart">`) as an SVG image."""
    return _CHART.sub(_chart_as_image, html)


_SVG_TEXT_PATCHED = False
_PER_LETTER = ("dx", "dy", "rotate", "textLength", "letter-spacing", "dominant-baseline",
               "alignment-baseline", "display-anchor")


def _patch_svg_text(weasyprint) -> None:
    """Draw simple SVG texts in one piece (see above); leaves WeasyPrint alone if it is not the
    version this was written against (70.x, where `weasyprint.svg.TAGS` maps text tags to
    `weasyprint.svg.text.text(svg, node, font_size)`)."""
    global _SVG_TEXT_PATCHED
    if _SVG_TEXT_PATCHED:
        return
    _SVG_TEXT_PATCHED = True
    try:
        import importlib

        svg_package = importlib.import_module("weasyprint.svg")
        svg_text = importlib.import_module("weasyprint.svg.text")
        from weasyprint.css.properties import INITIAL_VALUES
        from weasyprint.draw.text import draw_emojis, draw_first_line
        from weasyprint.matrix import Matrix
        from weasyprint.svg.bounding_box import extend_bounding_box
        from weasyprint.svg.utils import normalize, size
        from weasyprint.text.line_break import split_first_line
    except ImportError:
        return
    original = getattr(svg_text, "text", None)
    tags = getattr(svg_package, "TAGS", None)
    if (not str(getattr(weasyprint, "__version__", "")).startswith("70.") or original is None
            or not isinstance(tags, dict) or tags.get("text") is not original):
        return

    def text(svg, node, font_size):
        attrib = node.attrib
        if (not node.text or any(name in attrib for name in _PER_LETTER)
                or len(normalize(attrib.get("x", "")).split()) > 1 or len(normalize(attrib.get("y", "")).split()) > 1):
            return original(svg, node, font_size)
        style = svg_text.Style()
        style.update(INITIAL_VALUES)
        style.font_config = svg.font_config
        style["font_family"] = [font.strip("\"'") for font in node.get("font-family", "sans-serif").split(",")]
        style["font_style"] = node.get("font-style", "normal")
        weight = str(node.get("font-weight", 400))
        style["font_weight"] = {"normal": 400, "bold": 700}.get(weight) or (int(weight) if weight.isdigit() else 400)
        style["font_size"] = font_size
        if node.get("direction") in ("ltr", "rtl"):
            style["direction"] = node.get("direction")
        layout, _, _, width, height, baseline = split_first_line(node.text, style, svg.context, inf, 0)
        x = size(normalize(attrib["x"]).strip(), font_size, svg.inner_width) if "x" in attrib else None
        y = size(normalize(attrib["y"]).strip(), font_size, svg.inner_height) if "y" in attrib else None
        if x:
            svg.cursor_d_position[0] = 0
        if y:
            svg.cursor_d_position[1] = 0
        x = svg.cursor_position[0] if x is None else x
        y = svg.cursor_position[1] if y is None else y
        svg.cursor_position = x + width, y
        x_position, y_position = x + svg.cursor_d_position[0], y + svg.cursor_d_position[1]
        node.text_bounding_box = extend_bounding_box(
            node.text_bounding_box,
            ((x_position, y_position - baseline), (x_position + width, y_position - baseline + height)))
        svg.stream.push_state()
        fill, stroke = svg.set_graphical_state(node, font_size)
        svg.stream.begin_text()
        layout.reactivate(style)
        svg.fill_stroke(fill, stroke, text=True)
        box = svg_text.TextBox(layout, style)
        box.baseline = baseline
        emojis = draw_first_line(svg.stream, box, "none", "none", Matrix(a=1, d=-1, e=x_position, f=y_position))
        svg.stream.end_text()
        svg.stream.pop_state()
        draw_emojis(svg.stream, style, x, y, emojis)

    for tag, function in list(tags.items()):
        if function is original:
            tags[tag] = text
    svg_package.text = text  # draw_node compares TAGS entries with this name


# * WeasyPrint's own user-agent style sheet styles six pseudo-elements of *every* element
#   (`::marker`, and the footnote and note calls, markers and callback), so the cascade computes six
#   extra styles per element, most of its time (bench figure 3d). Only a list item has a marker, and our
#   pages have no footnotes or notes: `_print_html` uses the same style sheet with `::marker` for
#   `li` alone and without the footnote and note rules. Same pages, pixel for pixel (tests/test_pdf.py).
# * One FontConfiguration for every PDF the process makes: it keeps Pango's font map and the line
#   metrics WeasyPrint caches in it (12 ms of a one-page PDF's 35 ms). We use no web fonts.

_UA_RULES_DROPPED = re.compile(r"^::(?:footnote|note)-[a-z-]+ \{[^}\n]*\}\n", re.M)
_PRINTING: tuple | None = None


def _print_html(weasyprint):
    """(the HTML class to parse our pages with, the FontConfiguration shared by every PDF)."""
    global _PRINTING
    if _PRINTING is None:
        from weasyprint.text.fonts import FontConfiguration

        html_class = weasyprint.HTML
        try:
            from weasyprint import html as html_module

            source = html_module.UA
            trimmed, dropped = _UA_RULES_DROPPED.subn("", source.replace("\n::marker {", "\nli::marker {", 1))
            if (str(getattr(weasyprint, "__version__", "")).startswith("70.") and dropped == 5
                    and "\nli::marker {" in trimmed and callable(getattr(html_class, "_ua_stylesheets", None))):
                sheet = weasyprint.CSS(string=trimmed, counter_style=html_module.UA_COUNTER_STYLE)
                forms = html_module.UA_FORM_STYLESHEET

                class PrintHTML(html_class):
                    def _ua_stylesheets(self, forms_too=False):
                        return [sheet, forms] if forms_too else [sheet]

                html_class = PrintHTML
        except (ImportError, AttributeError):
            pass  # another WeasyPrint: its own style sheet, as it is
        _PRINTING = (html_class, FontConfiguration())
    return _PRINTING


def render_pdf(session, brief_only: bool = False) -> bytes:
    """The session's summary (or, `brief_only`, the brief for the board alone) as PDF bytes (A4).
    Raises PdfUnavailable if no PDF can be made here."""
    from .summary import render_summary

    _weasyprint()  # fail before rendering the HTML if no PDF can be made
    return html_to_pdf(render_summary(session, "html", brief_only))


def html_to_pdf(html: str) -> bytes:
    """One of our own HTML pages (summary, report) as an A4 PDF with the running header and page numbers.

    The page must hold no external resources (ours never do); nothing is fetched.
    """
    weasyprint = _weasyprint()
    # Added as the page's last author style sheet (not as a WeasyPrint "user" style sheet, which the
    # page's own rules would override), so the print rules here win over the screen-and-print ones.
    head_end = html.find("</head>")
    if head_end < 0:
        raise ValueError("html_to_pdf needs a page with a <head>")
    html = charts_as_images(f"{html[:head_end]}<style>{PAGE_CSS}</style>\n{html[head_end:]}")
    _patch_svg_text(weasyprint)
    try:
        html_class, font_config = _print_html(weasyprint)
        document = html_class(string=html, base_url=None, media_type="print")
        return document.write_pdf(font_config=font_config)
    except OSError as error:  # a library that loads lazily (fonts) can still be missing here
        raise PdfUnavailable(f"cannot make a PDF: {_one_line(error)[:200]}; {_INSTALL_HINT}") from None


def default_pdf_path(session, brief_only: bool = False) -> Path:
    """Beside the session file: `<id>-summary.pdf` (the brief alone: `<id>-brief.pdf`)."""
    return Path(session.path).with_name(f"{session.id}-{'brief' if brief_only else 'summary'}.{PDF_SUFFIX}")


def write_pdf(session, path: Path | None = None, brief_only: bool = False) -> Path:
    """Render the PDF and write it atomically, readable only by this user (0600). Returns the path.

    Raises PdfUnavailable or StorageFailure, each with a one-line message.
    """
    target = Path(path) if path is not None else default_pdf_path(session, brief_only)
    payload = render_pdf(session, brief_only)
    storage.atomic_write(target, payload)
    return target


def _main(argv: list[str]) -> int:
    """`python -m workshop.pdf SESSION_FILE OUTPUT`: one PDF, errors as one line on stderr."""
    if len(argv) != 2:
        print("usage: python -m workshop.pdf SESSION_FILE OUTPUT", file=sys.stderr)
        return 2
    from .session import Session

    try:
        session = Session.read(Path(argv[0]))
        write_pdf(session, Path(argv[1]))
    except PdfUnavailable as error:
        print(_one_line(error), file=sys.stderr)
        return EXIT_UNAVAILABLE
    except (storage.SessionFileError, storage.StorageFailure, OSError) as error:
        print(_one_line(error), file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(_main(sys.argv[1:]))
