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

import sys
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
  margin: 20mm 15mm 17mm 15mm;
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
h2, h3, h4, .question, .counts { break-after: avoid; page-break-after: avoid; }
/* A step longer than a page must not leave a blank page behind it: let steps break, keep the
   pieces (a chart, a table row, an answer) whole. */
.step { break-inside: auto; page-break-inside: auto; }
svg.chart, .pair, .lens, tr, li, .notes { break-inside: avoid; page-break-inside: avoid; }
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


def render_pdf(session) -> bytes:
    """The session's summary as PDF bytes (A4). Raises PdfUnavailable if no PDF can be made here."""
    from .summary import render_summary

    _weasyprint()  # fail before rendering the HTML if no PDF can be made
    return html_to_pdf(render_summary(session, "html"))


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
    html = f"{html[:head_end]}<style>{PAGE_CSS}</style>\n{html[head_end:]}"
    try:
        document = weasyprint.HTML(string=html, base_url=None, media_type="print")
        return document.write_pdf()
    except OSError as error:  # a library that loads lazily (fonts) can still be missing here
        raise PdfUnavailable(f"cannot make a PDF: {_one_line(error)[:200]}; {_INSTALL_HINT}") from None


def default_pdf_path(session) -> Path:
    """Beside the session file: `<id>-summary.pdf`."""
    return Path(session.path).with_name(f"{session.id}-summary.{PDF_SUFFIX}")


def write_pdf(session, path: Path | None = None) -> Path:
    """Render the PDF and write it atomically, readable only by this user (0600). Returns the path.

    Raises PdfUnavailable or StorageFailure, each with a one-line message.
    """
    target = Path(path) if path is not None else default_pdf_path(session)
    payload = render_pdf(session)
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
