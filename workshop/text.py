"""Participant text: cleaning, a personal-data guard and Markdown escaping.

Everything a participant types (or pastes) at the shared keyboard goes through `clean()` before it
is stored, shown on screen or written into a summary. `find_personal_data()` is a gentle, heuristic
guard that asks the participant to double-check an answer that looks as if it names someone or
holds contact or case details; it is a prompt, not a filter. `md_escape()` makes text safe to put
into a Markdown summary, and `one_line()` fits text onto a single line for lists and tables.

Nothing from the rest of the package, so that every layer (storage, summary, user interface) can
use it. The guard reads names from packaged data (the census lists of the `names` package and
workshop/data) and phone numbers with `phonenumbers`; both are loaded on first use.

Public API::

    ANSWER_LIMIT = 2000
    NOTE_LIMIT = 5000
    clean(text: str, limit: int | None = ANSWER_LIMIT, multiline: bool = True) -> str
    is_blank(text: str | None) -> bool
    Finding(kind: str, excerpt: str)            # frozen dataclass
    find_personal_data(text: str) -> list[Finding]
    personal_data_spans(text: str) -> list[tuple[int, int, str]]   # (start, end, kind)
    describe(findings: Iterable[Finding]) -> str
    looks_like(kind: str) -> str
    md_escape(text: str, *, line_break: str = "  \\n", table: bool | None = None) -> str
    one_line(text: str, width: int | None = None) -> str
"""

from __future__ import annotations

import functools
import html
import html.entities
import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable

__all__ = [
    "ANSWER_LIMIT",
    "NOTE_LIMIT",
    "KINDS",
    "Finding",
    "clean",
    "describe",
    "find_personal_data",
    "is_blank",
    "looks_like",
    "md_escape",
    "personal_data_spans",
    "one_line",
]

ANSWER_LIMIT = 2000
"""Most characters kept for one answer (after cleaning)."""

NOTE_LIMIT = 5000
"""Most characters kept for one facilitator note (after cleaning)."""

ZWJ = "\u200d"
MAX_MARKS = 3
"""Most combining marks kept in a row (on one base character): stops "Zalgo" text."""


# --- character classes, built once from the running Python's Unicode database ------------------


def _ranges(codepoints: Iterable[int]) -> str:
    """A regex character-class body (no brackets) for sorted code points."""
    parts: list[str] = []
    start = prev = None
    for cp in codepoints:
        if prev is not None and cp == prev + 1:
            prev = cp
            continue
        if start is not None:
            parts.append(_span(start, prev))
        start = prev = cp
    if start is not None:
        parts.append(_span(start, prev))
    return "".join(parts)


def _span(a: int, b: int) -> str:
    def esc(cp: int) -> str:
        return f"\\U{cp:08x}"

    return esc(a) if a == b else f"{esc(a)}-{esc(b)}"


def _char_class(codepoints: list[int], extra: str = "") -> str:
    """A fast regex for one character out of `codepoints` (sorted) or the class body `extra`.

    The re module looks a character up in a table when a class holds only BMP characters, but
    walks a list of ranges when it holds any astral one, which is slow for the hundreds of ranges
    of combining marks. So astral characters get their own class, tried only for astral input.
    """
    bmp = _ranges(cp for cp in codepoints if cp <= 0xFFFF)
    astral = _ranges(cp for cp in codepoints if cp > 0xFFFF)
    pattern = f"[{extra}{bmp}]"
    if astral:
        pattern = f"(?:{pattern}|(?=[\U00010000-\U0010ffff])[{astral}])"
    return pattern


def _scan() -> tuple[list[int], list[int]]:
    """Combining marks (Mn, Me) and format characters (Cf) in the planes where they occur."""
    marks: list[int] = []
    formats: list[int] = []
    category = unicodedata.category
    for cp in (*range(0x20000), *range(0xE0000, 0xE1000)):
        cat = category(chr(cp))
        if cat in ("Mn", "Me"):
            marks.append(cp)
        elif cat == "Cf":
            # ZWJ is judged by its neighbours; tag characters are kept inside emoji tag sequences
            # (subdivision flags such as England's); both are handled separately.
            if cp != 0x200D and not 0xE0020 <= cp <= 0xE007F:
                formats.append(cp)
    return marks, formats



# Emoji (approximately: the blocks where emoji live, plus the few scattered BMP emoji). Used only to
# decide whether a zero width joiner sits inside an emoji ZWJ sequence such as a family or a
# profession ("woman technologist"), where it must be kept.
_EMOJI = (
    "\u00a9\u00ae\u203c\u2049\u2122\u2139\u2194-\u21aa\u231a-\u23ff\u24c2\u25aa-\u27bf"
    "\u2934\u2935\u2b05-\u2b55\u3030\u303d\u3297\u3299\U0001f000-\U0001faff"
)

# --- the regular expressions used by clean() ----------------------------------------------------

# Terminal escape sequences, 7-bit (ESC ...) and 8-bit (C1) forms, removed whole.
# OSC, DCS, SOS, PM, APC strings: ESC ] / ESC P / ESC X / ESC ^ / ESC _ then a body ended by BEL or
# ST (ESC \ or 0x9C). CAN and SUB abort a string.
_STRING_START, _STRING_BODY, _STRING_END = r"\x1b[\]PX^_]", r"[^\x07\x18\x1a\x1b\x9c]*", r"(?:\x07|\x1b\\|\x9c)"
_C1_STRINGS_AND_CSI = (
    # The same strings with an 8-bit introducer: only when terminated, because a stray U+0090..U+009F
    # is more often text decoded with the wrong code page than a real control string.
    rf"|[\x90\x98\x9d\x9e\x9f]{_STRING_BODY}{_STRING_END}"
    # CSI: ESC [ or 0x9B, parameter bytes, intermediate bytes, final byte.
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
)
_ESCAPES = re.compile(
    # A control string left unterminated is removed to the end, as a terminal would swallow it.
    rf"{_STRING_START}{_STRING_BODY}{_STRING_END}?"
    + _C1_STRINGS_AND_CSI
    # SS2 / SS3 (ESC N / ESC O) select a character set for the next character only: drop both.
    + r"|\x1b[NO][\x20-\x7e]?"
    # Any other escape: ESC, intermediates, final (ESC 7, ESC c, ESC ( B, ESC # 8 ...), or ESC alone.
    + r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)
# In a bracketed paste the text is data the person copied, not output meant for a terminal: a
# stray ESC (and any intermediates after it) goes, but what follows it is the person's own and
# stays, so `AAA<ESC>BBB` is `AAABBB` and `AAA<ESC>Peter said` keeps "Peter said" (a control
# string only counts when it is terminated). Terminated control strings and CSI still go whole
# (pasted coloured text keeps only its words).
_PASTE_ESCAPES = re.compile(rf"{_STRING_START}{_STRING_BODY}{_STRING_END}" + _C1_STRINGS_AND_CSI + r"|\x1b[\x20-\x2f]*")

_SURROGATE = re.compile("[\ud800-\udfff]")
_SURROGATE_PAIR = re.compile("[\ud800-\udbff][\udc00-\udfff]")

# Line breaks other than "\n": CR LF, CR, VT, FF, NEL, LINE SEPARATOR, PARAGRAPH SEPARATOR.
_LINE_BREAKS = re.compile("\r\n?|[\x0b\x0c\x85\u2028\u2029]")

# Everything else that never belongs in stored text: C0 controls except "\n" (tabs are already
# spaces), DEL, C1 controls, format characters (bidi controls, zero width space and non-joiner,
# word joiner, BOM, soft hyphen ...) and surrogates.

# Tag characters: kept only in an emoji tag sequence (black flag, tags, CANCEL TAG).
_TAGS = re.compile("[\U000e0020-\U000e007f]")
_TAG_SEQUENCE = re.compile(
    "(\U0001f3f4[\U000e0020-\U000e007e]{1,30}\U000e007f)|[\U000e0020-\U000e007f]+"
)

# A ZWJ is kept only between two emoji (the first may carry VS16 or a skin tone, which is itself in
# the emoji range). Lookbehinds must be fixed width, hence the two; the ZWJ comes first so that
# the search can skip to it.
_STRAY_ZWJ = re.compile(
    f"\u200d(?:(?<![{_EMOJI}]\u200d)(?<![{_EMOJI}]\ufe0f\u200d)|(?![{_EMOJI}]))"
)



class _Tables:
    """The Unicode-wide patterns, built on first use: scanning every code point costs ~15 ms, which
    would otherwise be paid on the way to the kiosk's first frame."""

    def __init__(self) -> None:
        marks, formats = _scan()
        mark_class = _char_class(marks)
        self.junk = re.compile(_char_class(formats, "\x00-\x09\x0b-\x1f\x7f-\x9f\ud800-\udfff") + "+")
        self.mark = re.compile(mark_class)
        self.mark_run = re.compile(f"((?:{mark_class}){{{MAX_MARKS}}})(?:{mark_class})+")


@functools.cache
def _tables() -> _Tables:
    return _Tables()

# Three or more blank lines (lines holding only spaces count as blank) become two.
_BLANK_LINES = re.compile(r"\n(?:[^\S\n]*\n){3,}")
# A run of whitespace holding a newline. The lookbehind makes the match start only at the start of a
# run, which keeps this linear on long runs of spaces.
_NEWLINE_RUN = re.compile(r"(?<!\s)\s*\n\s*")


def remove_controls(text: str, *, paste: bool = False) -> str:
    """The first part of `clean`: escape sequences (whole), control and format characters out, a
    valid surrogate pair joined, line breaks as newlines and tabs as spaces; nothing else changes
    (spacing and ends stay).

    `paste=True` is what every bracketed paste gets, on its way from the terminal to any field:
    terminated control strings (OSC, DCS, SOS, PM, APC) and CSI still go whole, but any other ESC
    goes alone (with its intermediate bytes), keeping the pasted text after it (`A<ESC>B` is `AB`)."""
    s = text
    if _SURROGATE.search(s):
        s = _SURROGATE_PAIR.sub(_join_pair, s)
    if "\x1b" in s or _has_c1_introducer(s):
        s = (_PASTE_ESCAPES if paste else _ESCAPES).sub("", s)
    s = _LINE_BREAKS.sub("\n", s).replace("\t", " ")
    return _tables().junk.sub("", s)


def clean(text: str, limit: int | None = ANSWER_LIMIT, multiline: bool = True) -> str:
    """Make participant text safe to store and to show anywhere (terminal, Markdown, HTML).

    - removes terminal escape sequences whole (CSI, OSC, DCS, SOS, PM, APC, single-character ESC
      sequences, their 8-bit C1 forms), every other control character (C0 except newline, DEL, C1),
      format characters (bidi controls, zero width space/non-joiner, word joiner, BOM, soft
      hyphen ...), unpaired surrogates (a valid UTF-16 pair is joined into its character);
    - keeps a zero width joiner only between emoji, so family and profession emoji survive;
    - tabs become spaces; CR LF, CR, VT, FF, NEL and U+2028/U+2029 become newlines;
      with `multiline=False` every run of whitespace holding a newline becomes one space;
    - normalises to NFC and keeps at most 3 combining marks in a row (Zalgo text);
    - keeps at most 2 blank lines in a row and strips leading and trailing whitespace;
    - truncates to `limit` characters (None: no limit) without splitting an emoji sequence, a
      character from its combining marks or a flag, and without leaving a dangling ZWJ.

    Everything else is kept exactly as typed: brackets, backslashes, quotes, emoji, any script.
    Markup is not escaped here (see `md_escape`; Jinja2 autoescaping covers HTML).

    For speed on huge pastes, when `limit` is set only the first `4 * limit + 1024` characters of
    the input are looked at (room for escape sequences and accents that cleaning removes).
    `text=None` gives "".
    """
    if text is None:
        return ""
    if not isinstance(text, str):
        raise TypeError(f"clean() needs a str, not {type(text).__name__}")
    if limit is not None:
        if limit < 0:
            raise ValueError("limit must be at least 0")
        if limit == 0:
            return ""
        budget = limit * 4 + 1024
        if len(text) > budget:
            text = text[:budget]
    if not text:
        return ""

    s = remove_controls(text)
    if _TAGS.search(s):
        s = _TAG_SEQUENCE.sub(_keep_tag_sequence, s)
    s = _nfc(s)
    if ZWJ in s:
        # Judged on NFC text; removing a joiner can let its neighbours compose, hence NFC again.
        s = _nfc(_STRAY_ZWJ.sub("", s))
    s = _cap_marks(s)
    if multiline:
        s = _BLANK_LINES.sub("\n\n\n", s)
    elif "\n" in s:
        s = _NEWLINE_RUN.sub(" ", s)
    s = s.strip()
    if limit is not None and len(s) > limit:
        s = _truncate(s, limit)
    return s


def _has_c1_introducer(s: str) -> bool:
    return "\x9b" in s or "\x90" in s or "\x98" in s or "\x9d" in s or "\x9e" in s or "\x9f" in s


def _join_pair(match: re.Match[str]) -> str:
    return match.group().encode("utf-16-le", "surrogatepass").decode("utf-16-le")


def _keep_tag_sequence(match: re.Match[str]) -> str:
    return match.group(1) or ""


def _nfc(s: str) -> str:
    return s if unicodedata.is_normalized("NFC", s) else unicodedata.normalize("NFC", s)


def _cap_marks(s: str) -> str:
    """At most MAX_MARKS combining marks on one base character; `s` is NFC and stays NFC.

    Marks are counted in the decomposed form, so "z" with five acutes keeps three accents, not the
    composed "ź" plus three. Text without any combining mark (most Latin, Greek and Cyrillic text in
    NFC) is returned at once.
    """
    if not _tables().mark.search(s):
        return s
    decomposed = unicodedata.normalize("NFD", s)
    capped = _tables().mark_run.sub(r"\1", decomposed)
    if capped == decomposed:
        return s
    return unicodedata.normalize("NFC", capped)


# --- truncation ---------------------------------------------------------------------------------


def _extends(ch: str) -> bool:
    """True if `ch` continues the character before it (a grapheme extender, roughly)."""
    cp = ord(ch)
    return (
        ch == ZWJ
        or 0x1F3FB <= cp <= 0x1F3FF  # skin tone modifiers
        or 0xE0020 <= cp <= 0xE007F  # tag characters
        or unicodedata.category(ch) in ("Mn", "Me", "Mc")
    )


def _is_regional(ch: str) -> bool:
    return 0x1F1E6 <= ord(ch) <= 0x1F1FF


def _splits_flag(s: str, cut: int) -> bool:
    """True if cutting before s[cut] separates the two regional indicators of one flag."""
    if not (_is_regional(s[cut]) and _is_regional(s[cut - 1])):
        return False
    run = 0
    i = cut - 1
    while i >= 0 and _is_regional(s[i]):
        run += 1
        i -= 1
    return run % 2 == 1


def _truncate(s: str, limit: int) -> str:
    """The first `limit` characters of `s`, cut between user-perceived characters if possible."""
    if len(s) <= limit:
        return s
    cut = limit
    floor = max(0, limit - 64)  # a "character" longer than this (abuse) is simply cut
    while cut > floor and (_extends(s[cut]) or s[cut - 1] == ZWJ or _splits_flag(s, cut)):
        cut -= 1
    if cut == 0 or (cut == floor and floor > 0):
        cut = limit
    out = s[:cut]
    while True:
        trimmed = out.rstrip().rstrip(ZWJ)
        if trimmed == out:
            return out
        out = trimmed


def is_blank(text: str | None) -> bool:
    """True if `text` is None, empty, or nothing but whitespace and invisible characters."""
    return not clean(text, limit=None)


# --- personal-data guard --------------------------------------------------------------------------

KINDS = ("name", "email", "phone", "postcode", "address", "date_of_birth", "reference")
"""The kinds of `Finding`, in the order they are looked for."""


@dataclass(frozen=True)
class Finding:
    """Something in an answer that may be personal data.

    `kind` is one of `KINDS`; `excerpt` is the matched text, for the facilitator or for tests.
    """

    kind: str
    excerpt: str


_LABELS = {
    "name": "a name",
    "email": "an email address",
    "phone": "a phone number",
    "postcode": "a postcode",
    "address": "a street address",
    "date_of_birth": "a date of birth or other exact date",
    "reference": "a case or reference number",
}

# Patterns are written so that a match can only start at the start of a token (lookbehinds), which
# keeps them fast on long inputs.

_EMAIL = re.compile(
    r"(?<![\w.%+\-])[A-Za-z0-9_][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w])"
)

# Phone numbers are found by the `phonenumbers` library (Google's libphonenumber metadata). This cheap
# pattern only finds the places worth handing to it: a "+" or "0" and at least 9 more digits,
# allowing spaces, dashes, dots and brackets between them.
_PHONE_CANDIDATE = re.compile(r"(?<![\w+])(?:\+|\(?0)(?:[ \-.()]{0,2}[0-9]){9,14}(?![0-9])")

# Full UK postcodes, any case, with or without the space.
_POSTCODE = re.compile(
    r"(?<![A-Za-z0-9])(?i:[A-PR-UWYZ](?:[0-9][0-9A-HJKPSTUW]?|[A-HK-Y][0-9][0-9ABEHMNPRVWXY]?)"
    r"[^\S\n]?[0-9][ABD-HJLNP-UW-Z]{2})(?![A-Za-z0-9])"
)

_DAY = r"(?:0?[1-9]|[12][0-9]|3[01])"
_MONTH_NUM = r"(?:0?[1-9]|1[0-2])"
_MONTH_NAME = (
    r"(?i:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
    r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
_YEAR = r"(?:19|20)[0-9]{2}"
_ORDINAL = r"(?i:st|nd|rd|th)?"
_DATE = (
    # 12/03/2011, 12-03-2011, 12.03.11 (either day/month order)
    rf"(?<![\w/.\-]){_DAY}[/.\-]{_DAY}[/.\-](?:{_YEAR}|[0-9]{{2}})(?![\w/]|[.\-][0-9])"
    # 2011-03-12
    rf"|(?<![\w/.\-]){_YEAR}-{_MONTH_NUM}-{_DAY}(?![\w/]|[.\-][0-9])"
    # 3 March 2011, 3rd of March 2011
    rf"|(?<![\w]){_DAY}{_ORDINAL}[^\S\n]+(?:(?i:of)[^\S\n]+)?{_MONTH_NAME}\.?,?[^\S\n]+{_YEAR}(?![\w])"
    # March 3, 2011 / March 3rd 2011
    rf"|(?<![\w]){_MONTH_NAME}\.?[^\S\n]+{_DAY}{_ORDINAL},?[^\S\n]+{_YEAR}(?![\w])"
)
_DATE_RE = re.compile(_DATE)
# "DOB", "d.o.b.", "date of birth", "born on ...", "born in March 2011": the keyword, with the date
# that follows it if there is one. Lower-case "dob" is slang ("to dob someone in"), so not matched.
_DOB = re.compile(
    r"(?<![\w.])(?:DOB|DoB|D\.O\.B\.?|d\.o\.b\.?|(?i:date[^\S\n]+of[^\S\n]+birth|birth[^\S\n]?date)"
    r"|(?i:born[^\S\n]+on)(?![\w])"
    rf"|(?i:born[^\S\n]+in)[^\S\n]+(?={_MONTH_NAME}[^\S\n]+{_YEAR}))"
    rf"(?:[^\S\n]*[:=\-]?[^\S\n]*(?:{_DATE}|(?<![\w]){_MONTH_NAME}[^\S\n]+{_YEAR}(?![\w])))?"
)

# A case or reference number after a keyword: "case 123456", "ref: AB-12345", "CRN 1234567",
# "NHS number 4857773456", "crime ref 12/3456/22".
_REFERENCE = re.compile(
    r"(?<![\w])(?i:case|ref|reference|crn|urn|upn|uln|nhs|id|file|record|incident|crime|referral)"
    r"(?:[^\S\n]*(?i:no\b\.?|num(?:ber)?\b\.?|ref\b\.?|id\b|\#))?"
    r"[^\S\n]*[:#.=\-]?[^\S\n]*"
    r"(?P<id>[A-Za-z0-9](?:[A-Za-z0-9]|[/\-](?=[A-Za-z0-9])){2,40})(?![\w])"
)
# NHS-number-like 3-3-4 groups, national insurance numbers, and any run of 6 or more digits.
_NHS = re.compile(r"(?<![\w\-])[0-9]{3}[ \-][0-9]{3}[ \-][0-9]{4}(?![\w]|-[0-9])")
_NINO = re.compile(
    r"(?<![\w])[A-Z]{2}"  # any two letters: "QQ 12 34 56 C", the usual example, too
    r"[ ]?[0-9]{2}[ ]?[0-9]{2}[ ]?[0-9]{2}[ ]?[A-D](?![\w])"
)
_DIGITS = re.compile(r"(?<![\w£$€.,])[0-9]{6,}(?![\w])")

# Names: a capitalised word after "called", "named", "known as", "my colleague" ..., or after a
# title ("Mrs Smith"). The word is checked in Python (capital first, some lower case, not a
# stop word), so the regexes only find candidates.
_WORD = r"[^\W\d_](?:[^\W\d_]|['’\-](?=[^\W\d_]))*"
_GAP = r"[^\S\n]+"
_NAME_AFTER = re.compile(
    r"(?<![\w\-–])(?<!so )(?<!so-)(?<!so–)"
    r"(?i:called|named|nicknamed|known[^\S\n]+as|goes[^\S\n]+by|go[^\S\n]+by"
    r"|call(?:ed|s)?[^\S\n]+(?:him|her|them)|calls[^\S\n]+(?:him|her|them)sel(?:f|ves)"
    r"|name[^\S\n]+(?:is|was)|names[^\S\n]+(?:are|were)|name['’]s"
    r"|son|daughter|brother|sister|sibling|twin|mum|mom|mother|dad|father"
    r"|step-?(?:mum|dad|mother|father)"
    r"|nan|nana|nanna|gran|grandma|grandmother|grandad|granddad|grandfather|uncle|aunt|auntie"
    r"|cousin|nephew|niece|boyfriend|girlfriend|partner|husband|wife|carer|colleague|manager"
    r"|supervisor|friend|neighbour|boy|girl|child|baby|toddler|teenager|pupil|student|learner"
    r"|client|patient|lad|man|woman|lady|lead|teacher|head|nurse|worker|officer|practitioner"
    r"|mentor|keyworker|tutor|coach|volunteer|GP)"
    # The name is read in a lookahead, so that a trigger that fails ("the boy called ...") does not
    # swallow the next one.
    r"(?![\w\-])(?=[^\S\n]*[:,]?[^\S\n]*[\"'“‘]?"
    rf"(?P<first>{_WORD})(?:{_GAP}(?P<second>{_WORD}))?)"
)
_TITLED = re.compile(
    rf"(?<![\w])(?P<title>Mrs|Mr|Ms|Miss|Mx|Dr|Prof|PC|PCSO|DC|DS|DI|DCI|Sgt|Sergeant|Inspector|Constable"
    rf"|Cllr|Councillor|Rev|Revd)\.?{_GAP}(?P<first>{_WORD})(?:{_GAP}(?P<second>{_WORD}))?"
)

_NOT_NAMES = frozenset(
    """
    a an the this that these those it its i me my we us our you your he him his she her they them
    their there here who what which when where why how and or but if so not no yes on in at to for
    of by with from as is was are were be been being do did does have has had will would can could
    should might must shall all any some each every one two three other another such both
    mum mummy mam mom dad daddy mother father nan nana nanna gran granny grandma grandad granddad
    auntie aunt uncle sister brother baby sir madam miss
    monday tuesday wednesday thursday friday saturday sunday today tomorrow yesterday
    january february march july september october november december
    christmas easter
    child children young people person family families parent parents carer carers
    team teams service services social care help early support plan plans meeting meetings
    conference conferences protection safeguarding exploitation sexual criminal abuse neglect
    need needs section year school schools academy college university nursery council police
    court hospital health trust nhs board partnership panel centre center unit ward office
    officer officers lead leads worker workers manager managers practitioner practitioners
    teacher teachers head heads nurse nurses designated deputy senior
    agency agencies authority local national community strategy review case cases report
    reports assessment referral referrals childline barnardo barnardos nspcc ofsted camhs
    signs safety graded care profile working together act england wales scotland britain uk
    english british welsh scottish irish god
    mr mrs ms mx dr prof
    """.split()
)


def _name_end(match: re.Match[str]) -> int | None:
    """Where the name in a candidate match ends (one or two words), or None if it is not a name."""
    first = _name_length(match.group("first"))
    if first is None:
        return None
    second = match.group("second")
    second_len = _name_length(second) if second else None
    if second_len is not None:
        return match.start("second") + second_len
    return match.start("first") + first


def _name_length(word: str) -> int | None:
    """Length of `word` without a possessive "'s" if it looks like a name, else None."""
    for suffix in ("'s", "’s"):
        if word.endswith(suffix) and len(word) > len(suffix):
            word = word[: -len(suffix)]
            break
    if len(word) < 2 or not word[0].isupper() or not any(ch.islower() for ch in word[1:]):
        return None
    if word.lower() in _NOT_NAMES:
        return None
    return len(word)


def _reference_ok(match: re.Match[str]) -> bool:
    ident = match.group("id")
    digits = sum(ch.isdigit() for ch in ident)
    letters = sum(ch.isalpha() for ch in ident)
    if re.fullmatch(r"(?:19|20)[0-9]{2}", ident):  # "case 2023": a year, not a number
        return False
    return digits >= 4 or (digits >= 3 and letters >= 1)


# --- the names, phone and address rules ----------------------------------------------------------
#
# Names come from data, not from a pattern: the 1990 US census lists of first names and surnames
# shipped in the `names` package (public domain), given names common in the UK today
# (workshop/data/given_names_uk.txt) and the ordinary English words that are also names
# (workshop/data/ordinary_words.txt: "Will", "Hope", "Mark", "Young", "Street"). The text is read
# once, word by word; each rule looks only at a word and its neighbours, so the guard stays linear.


def _data_words(name: str) -> frozenset[str]:
    """The words of one of workshop/data's lists (lower case; "#" starts a comment)."""
    from importlib.resources import files

    words: set[str] = set()
    for line in files("workshop").joinpath("data", name).read_text(encoding="utf-8").splitlines():
        words.update(line.split("#", 1)[0].lower().split())
    return frozenset(words)


def _census(name: str) -> list[str]:
    """One of the census lists in the `names` package, most common first, in lower case."""
    from importlib.resources import files

    text = files("names").joinpath(name).read_text(encoding="ascii").lower()
    return re.findall(r"(?m)^([^\s]+)", text)


class _Lexicon:
    def __init__(self) -> None:
        self.ordinary = _data_words("ordinary_words.txt") | _NOT_NAMES
        self.first = frozenset(_census("dist.male.first")) | frozenset(_census("dist.female.first"))
        self.first |= _data_words("given_names_uk.txt")
        self.last = frozenset(_census("dist.all.last")) | self.first


@functools.cache
def _lexicon() -> _Lexicon:
    return _Lexicon()


def warm_guard() -> None:
    """Load the guard's word and name lists now (about a tenth of a second), not at the first answer."""
    _lexicon()


_TOKEN = re.compile(r"[^\W\d_]+(?:['’\-][^\W\d_]+)*|[0-9]+")

# Words before a lone first name that say it is a person: "spoke to Sarah", "told Tom", "with Priya".
_VERBS_TO = frozenset(
    "spoke speak speaks speaking spoken talked talk talks talking chatted chat wrote write writes "
    "written explained said say says went sent gave give handed listened reached referred "
    "passed mentioned introduced thanks thank reported".split()
)
_BEFORE_STRONG = frozenset(
    "told tell tells asked ask asks met meet meets called named emailed rang phoned texted "
    "messaged thanked visited contacted informed supported helped saw see sees seeing "
    "supervise supervised supervises invited warned interviewed".split()
)
_BEFORE_WEAK = frozenset("with from and".split())
# Words after a lone first name: "Sarah from the youth club", "Tom said", "Jade and her mum".
_AFTER = frozenset(
    "from said says told asked helped mentioned thinks thought rang called phoned emailed "
    "explained reckons agreed suggested felt feels came went who wants wanted knows knew "
    "works worked lives lived goes got gets has had needs needed admitted disclosed "
    "refused ran left stays stayed attends attended started tried was is has".split()
)
_PEOPLE_AFTER_AND = frozenset("his her their i me my".split())
_KIN = frozenset(
    "mum mom mother dad father brother sister son daughter nan gran grandma grandad uncle aunt "
    "auntie cousin boyfriend girlfriend partner husband wife friend friends mate mates carer "
    "teacher school social worker family house home".split()
)
_TITLES_LOWER = frozenset("mr mrs ms miss dr sgt".split())
_STREET_TYPES = frozenset(
    "street st road rd avenue ave lane ln close drive crescent way grove gardens terrace place "
    "court mews walk row square rise parade view hill gate green park vale".split()
)
# Second words that make a place of a name: "Victoria Park", "Albert Road", "Nelson Academy".
_PLACE_TYPES = frozenset(
    "street road avenue lane close drive crescent terrace mews square gardens way park station "
    "centre center estate school academy college library church bridge court".split()
)
_RESIDENCE = frozenset(
    "lives live living lived moved move stays staying stayed address resides flat house home "
    "addresses".split()
)
_CALENDAR = frozenset(
    "january february march april may june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday spring summer autumn winter".split()
)
_AGE_WORDS = frozenset("aged age is was".split())

# "jsmith at example dot org", "j.smith (at) council [dot] gov [dot] uk": a local part, "at", then
# a domain of one to five parts ending in a common top-level domain, with "dot" spelled out or not.
# Bounded repetition, and a match starts only at the start of a word: linear.
_SEP_DOT = r"(?:[^\S\n]*(?:\(dot\)|\[dot\]|\{dot\}|\.)[^\S\n]*|[^\S\n]+dot[^\S\n]+)"
_SEP_AT = r"(?:[^\S\n]*(?:\(at\)|\[at\]|\{at\}|@)[^\S\n]*|[^\S\n]+at[^\S\n]+)"
_SPELLED_EMAIL = re.compile(
    rf"(?i)(?<![\w.%+\-])(?P<local>[a-z0-9_%+\-]{{1,64}}(?:{_SEP_DOT}[a-z0-9_%+\-]{{1,64}}){{0,3}})"
    rf"{_SEP_AT}(?:[a-z0-9\-]{{1,63}}{_SEP_DOT}){{1,5}}"
    r"(?:com|org|net|uk|gov|nhs|ac|sch|police|edu|info|io|me|co|biz|eu|scot|wales|cymru|london)"
    r"(?![\w])"
)


def _key(word: str) -> str:
    """A word as the name lists spell it: lower case, no apostrophes, no possessive "'s"."""
    low = word.lower().replace("’", "'")
    if low.endswith("'s") and len(low) > 3:
        low = low[:-2]
    return low.replace("'", "")


class _Tok:
    __slots__ = ("start", "end", "word", "low", "key", "cap", "sentence_start", "gap")

    def __init__(self, text: str, m: re.Match[str], prev_end: int) -> None:
        self.start, self.end = m.span()
        self.word = m.group()
        self.low = self.word.lower().replace("’", "'")
        self.key = _key(self.word)
        # Capitalised: "Sarah", "O'Brien", "McDonald"; not "SARAH" (headings, acronyms) nor "sarah".
        self.cap = self.word[0].isupper() and not self.word.isupper()
        self.gap = text[max(prev_end, self.start - 12) : self.start]
        self.sentence_start = prev_end == 0 or _SENTENCE_BREAK.search(self.gap) is not None


_SENTENCE_BREAK = re.compile(r"[.!?:;\n\"“()\[\]]")


def _parts(tok: _Tok) -> list[str]:
    return [part for part in tok.key.split("-") if part] if "-" in tok.key else [tok.key]


def _is_first(tok: _Tok, lex: _Lexicon) -> bool:
    """A given name: "Sarah", "Mary-Jane" (every part a given name)."""
    if tok.key in _NOT_NAMES and tok.key != "will":
        return False
    parts = _parts(tok)
    return bool(parts) and all(part in lex.first for part in parts) and (tok.key not in _NOT_NAMES or tok.key == "will")


def _is_surname(tok: _Tok, lex: _Lexicon) -> bool:
    """A surname: "Smith", "O'Brien", "Smith-Jones" (a part a name and no part an ordinary word)."""
    parts = _parts(tok)
    if not parts or tok.key in _NOT_NAMES:
        return False
    if len(parts) > 1:
        return any(part in lex.last for part in parts) and not any(part in lex.ordinary for part in parts)
    return parts[0] in lex.last or (tok.cap and tok.low[:2] in ("o'", "mc") and len(tok.key) > 3)


def _ordinary(tok: _Tok, lex: _Lexicon) -> bool:
    return tok.key in lex.ordinary or tok.low in lex.ordinary


def _end(tok: _Tok) -> int:
    """Where the name in `tok` ends: before a possessive "'s" ("Jayden's mum")."""
    return tok.end - 2 if tok.low.endswith("'s") and len(tok.word) > 3 else tok.end


def _plain_gap(tok: _Tok) -> bool:
    """Only spaces (no newline, no punctuation) between `tok` and the word before it."""
    return bool(tok.gap) and not tok.gap.strip() and "\n" not in tok.gap


def _is_age(tokens: list[_Tok], i: int) -> bool:
    """tokens[i] is an age: 1 to 25, not a year or a time ("Jayden, 14", "Tom (14)")."""
    tok = tokens[i]
    return tok.word.isdigit() and 1 <= int(tok.word) <= 25 and len(tok.word) <= 2


def _name_spans(tokens: list[_Tok]) -> list[tuple[int, int]]:
    """Where `text` holds what look like people's names, by the rules in the module comment."""
    lex = _lexicon()
    spans: list[tuple[int, int]] = []
    n = len(tokens)
    i = 0
    while i < n:
        tok = tokens[i]
        nxt = tokens[i + 1] if i + 1 < n else None
        if tok.word.isdigit() or len(tok.key) < 2:
            i += 1
            continue
        # Titles and ranks typed in lower case: "mrs smith", "pc jones" (capitalised ones: _TITLED).
        if nxt is not None and _plain_gap(nxt) and not nxt.cap and nxt.word.islower():
            title = tok.low.rstrip(".")
            if (title in _TITLES_LOWER or title == "pc" or (title in ("dc", "ds", "di") and tok.word.isupper())) and (
                _is_surname(nxt, lex) and not _ordinary(nxt, lex)
            ):
                spans.append((tok.start, nxt.end))
                i += 2
                continue
        # Full names: a given name and a surname, in any case ("Jayden Smith", "jade smith").
        # "Sarah's Law" is a scheme and "Victoria Park" a place, not full names
        possessive = tok.low.endswith("'s")
        if (
            nxt is not None and _plain_gap(nxt) and not possessive and nxt.key not in _PLACE_TYPES
            and _is_first(tok, lex) and _is_surname(nxt, lex)
        ):
            both_cap = tok.cap and nxt.cap
            lower = (tok.word.islower() and nxt.word.islower()) or (tok.word.isupper() and nxt.word.isupper())
            if (both_cap and not (_ordinary(tok, lex) and _ordinary(nxt, lex))) or (
                lower and len(tok.key) > 2 and len(nxt.key) > 2 and not _ordinary(tok, lex)
            ):
                end = _end(nxt)
                j = i + 2
                # a third part: "Mary Jane Smith"
                if j < n and both_cap and tokens[j].cap and _plain_gap(tokens[j]) and _is_surname(tokens[j], lex) and not _ordinary(tokens[j], lex):
                    end = _end(tokens[j])
                    j += 1
                spans.append((tok.start, end))
                i = j
                continue
        # A given name alone, next to words that say it is a person.
        if _is_first(tok, lex) and _lone_name(tokens, i, lex):
            spans.append((tok.start, _end(tok)))
        i += 1
    return spans


def _lone_name(tokens: list[_Tok], i: int, lex: _Lexicon) -> bool:
    tok = tokens[i]
    ordinary = _ordinary(tok, lex)
    if not tok.cap and (ordinary or tok.word != tok.low or len(tok.key) < 3):
        return False  # lower case: only a name that is no ordinary word ("spoke to sarah")
    if ordinary and not tok.cap:
        return False
    prev = tokens[i - 1] if i > 0 else None
    prev2 = tokens[i - 2] if i > 1 else None
    nxt = tokens[i + 1] if i + 1 < len(tokens) else None
    nxt2 = tokens[i + 2] if i + 2 < len(tokens) else None
    joined_before = prev is not None and not tok.sentence_start and "\n" not in tok.gap
    strong = False  # a word before or after that says "a person"
    after = False  # ... of them, one after the name (which a sentence-initial word can have)
    weak = False
    if joined_before and prev is not None:
        if prev.low in _BEFORE_STRONG:
            strong = True
        elif prev.low == "to" and prev2 is not None and prev2.low in _VERBS_TO:
            strong = True
        elif prev.low in _BEFORE_WEAK:
            weak = True
        elif prev.low.endswith("-old") or (prev.low == "old" and prev2 is not None and prev2.low.endswith("year")):
            strong = True  # "14-year-old Jayden"
    if nxt is not None and "\n" not in nxt.gap:
        gap = nxt.gap.strip()
        if gap in ("", ",") and nxt.low in _AFTER:
            strong = strong or gap == ""
            weak = True
        if gap == "" and nxt.low == "and" and nxt2 is not None and nxt2.low in _PEOPLE_AFTER_AND:
            strong = after = True  # "Jade and her mum", "Tom and I"
        if tok.low.endswith(("'s", "’s")) and gap == "" and nxt.low in _KIN:
            strong = after = True  # "Jayden's mum"
        if gap in (",", "(") and _is_age(tokens, i + 1):
            strong = after = True  # "Jayden, 14", "Jayden (14)"
        if gap == "" and nxt.low in _AGE_WORDS and nxt2 is not None and _is_age(tokens, i + 2) and "\n" not in nxt2.gap:
            strong = after = True  # "Jayden aged 14", "Tom is 14"
    if not tok.cap:
        return strong and prev is not None and (prev.low in _BEFORE_STRONG or prev.low == "to")
    if ordinary:
        # "Will we ...", "Hope is ...", "Mark the places": an ordinary word that starts a sentence
        # is a name only with a person word after it ("Poppy, 13"); a month or a day never is
        # on a weak word ("from June", "with May half-term").
        if tok.sentence_start:
            return after
        return strong or (weak and tok.key not in _CALENDAR)
    return strong or weak


def _tokens(text: str) -> list[_Tok]:
    tokens: list[_Tok] = []
    prev_end = 0
    for m in _TOKEN.finditer(text):
        tokens.append(_Tok(text, m, prev_end))
        prev_end = m.end()
    return tokens


def _address_spans(tokens: list[_Tok]) -> list[tuple[int, int]]:
    """Street addresses: "12 Elm Street", "lives on Elm Street", "moved to 4 Park Road".

    A street name alone ("the shops on Market Street") is a place, which is what the workshop is
    about; it becomes an address with a house number or a word about living there.
    """
    spans: list[tuple[int, int]] = []
    for i, tok in enumerate(tokens):
        if tok.low.rstrip(".") not in _STREET_TYPES or i == 0 or not _plain_gap(tok):
            continue
        # the street's name: one to three words before the type
        j = i - 1
        while j >= 0 and i - j <= 3 and not tokens[j].word.isdigit() and tokens[j].low not in _NOT_NAMES:
            if j < i - 1 and not _plain_gap(tokens[j + 1]):
                break
            j -= 1
        first = j + 1
        if first == i:
            continue
        name_cap = all(t.cap for t in tokens[first:i])
        numbered = j >= 0 and tokens[j].word.isdigit() and len(tokens[j].word) <= 4
        k = j - 1 if numbered else j
        if k >= 0 and tokens[k].low in ("on", "at", "in", "to", "off", "is"):
            k -= 1
        lived = k >= 0 and tokens[k].low in _RESIDENCE
        if (numbered and name_cap) or lived:
            spans.append((tokens[j].start if numbered else tokens[first].start, tok.end))
    return spans


def _phone_spans(text: str) -> list[tuple[int, int]]:
    """UK phone numbers that belong to people: mobiles and landlines, read by `phonenumbers`.

    Organisation numbers (freephone 0800/0808 such as Childline, 03 and 08 numbers) are not flagged.
    A number in the ranges the UK keeps for drama (07700 900xxx, 01632 960xxx) is not "valid" to
    the library but looks like a person's number in the room, so a possible mobile or geographic
    number counts too.
    """
    import phonenumbers
    from phonenumbers import PhoneNumberType

    personal = {
        PhoneNumberType.MOBILE,
        PhoneNumberType.FIXED_LINE,
        PhoneNumberType.FIXED_LINE_OR_MOBILE,
        PhoneNumberType.PERSONAL_NUMBER,
        PhoneNumberType.PAGER,
    }
    spans: list[tuple[int, int]] = []
    for m in _PHONE_CANDIDATE.finditer(text):
        start = m.start()
        window = text[max(0, start - 5) : m.end()]
        for match in phonenumbers.PhoneNumberMatcher(window, "GB", leniency=phonenumbers.Leniency.POSSIBLE):
            number = match.number
            kind = phonenumbers.number_type(number)
            national = str(number.national_number)
            if kind in personal or (
                kind == PhoneNumberType.UNKNOWN
                and number.country_code == 44
                and national[:1] in ("1", "2", "7")
                and len(national) in (9, 10)
                and phonenumbers.is_possible_number(number)
            ):
                offset = max(0, start - 5)
                spans.append((offset + match.start, offset + match.end))
    return spans


def personal_data_spans(text: str) -> list[tuple[int, int, str]]:
    """(start, end, kind) of everything in `text` that looks like personal data, in text order.

    Overlapping matches are kept once, by the most specific kind (an email beats a name, a phone
    number beats a digit run ...). The dialog that asks the participant to check an answer marks
    these spans.
    """
    if not text:
        return []
    candidates: list[tuple[int, int, str]] = []
    candidates += ((m.start(), m.end(), "email") for m in _EMAIL.finditer(text))
    candidates += ((m.start(), m.end(), "email") for m in _SPELLED_EMAIL.finditer(text) if _spelled_ok(m))
    candidates += ((m.start(), m.end() - (m.group().endswith(" ")), "date_of_birth") for m in _DOB.finditer(text))
    candidates += ((m.start(), m.end(), "date_of_birth") for m in _DATE_RE.finditer(text))
    candidates += ((s, e, "phone") for s, e in _phone_spans(text))
    candidates += ((m.start(), m.end(), "postcode") for m in _POSTCODE.finditer(text))
    candidates += ((m.start(), m.end(), "reference") for m in _REFERENCE.finditer(text) if _reference_ok(m))
    for pattern in (_NINO, _NHS, _DIGITS):
        candidates += ((m.start(), m.end(), "reference") for m in pattern.finditer(text))
    tokens = _tokens(text)
    candidates += ((s, e, "address") for s, e in _address_spans(tokens))
    for pattern in (_TITLED, _NAME_AFTER):
        for m in pattern.finditer(text):
            end = _name_end(m)
            if end is not None:
                candidates.append((m.start("first") if pattern is _NAME_AFTER else m.start(), end, "name"))
    candidates += ((s, e, "name") for s, e in _name_spans(tokens))
    # Keep the first candidate (the most specific kind) of every overlapping group: sort by
    # priority, then place each span if it overlaps nothing placed (a sorted list and bisect).
    import bisect

    placed: list[tuple[int, int, str]] = []
    starts: list[int] = []
    for start, end, kind in candidates:
        text_span = text[start:end]
        lead = len(text_span) - len(text_span.lstrip())
        start, end = start + lead, start + len(text_span.rstrip())
        if end <= start:
            continue
        k = bisect.bisect_left(starts, start)
        if k > 0 and placed[k - 1][1] > start:
            continue
        if k < len(placed) and placed[k][0] < end:
            continue
        placed.insert(k, (start, end, kind))
        starts.insert(k, start)
    return placed


def _spelled_ok(match: re.Match[str]) -> bool:
    """A spelled-out email's local part is not an ordinary word ("look at nspcc dot org")."""
    local = match.group("local").lower()
    return local not in _lexicon().ordinary and local not in ("look", "looked", "online", "website", "info", "details")


def find_personal_data(text: str) -> list[Finding]:
    """Things in `text` that look like personal data, in the order they appear.

    Heuristic and deliberately cautious about ordinary workshop language ("in 2023", "Year 9",
    "Section 17", "ratings 3 and 4", "Will we...", "Mark the places"). Overlapping matches are
    reported once, by the most specific kind; a repeated finding is listed once.
    """
    out: list[Finding] = []
    seen: set[Finding] = set()
    for start, end, kind in personal_data_spans(text):
        finding = Finding(kind, text[start:end])
        if finding not in seen:
            seen.add(finding)
            out.append(finding)
    return out


def role_spans(text: str) -> list[tuple[int, int, str]]:
    """`personal_data_spans` for a field that should hold a role or an agency, never a person (an
    action's owner): there a lone capitalised given name ("Sarah", "Dave and Priya") is a person too,
    which in an ordinary sentence the guard leaves alone. A name a word or two before a place word
    ("Victoria bus station") or possessive ("Sarah's Law") is not counted."""
    spans = personal_data_spans(text)
    lex = _lexicon()
    tokens = _tokens(text)
    for i, tok in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else None
        if not tok.cap or tok.low.endswith("'s") or not _is_first(tok, lex) or _ordinary(tok, lex):
            continue
        if any(t.key in _PLACE_TYPES for t in tokens[i + 1 : i + 3]):  # "Victoria (bus) station"
            continue
        if not any(s < tok.end and tok.start < e for s, e, _k in spans):
            spans.append((tok.start, tok.end, "name"))
    return sorted(spans)


def describe(findings: Iterable[Finding]) -> str:
    """One plain-English line asking the participant to check their answer ("" if nothing found)."""
    kinds: list[str] = []
    for finding in findings:
        if finding.kind not in kinds:
            kinds.append(finding.kind)
    if not kinds:
        return ""
    labels = [_LABELS.get(kind, "personal details") for kind in kinds]
    listed = labels[0] if len(labels) == 1 else ", ".join(labels[:-1]) + " and " + labels[-1]
    return (
        f"Your answer may contain {listed}. Please remove names or details of children, families "
        "or colleagues, or confirm it is safe."
    )


def looks_like(kind: str) -> str:
    """What a finding of `kind` looks like, in plain words ("a name", "a street address")."""
    return _LABELS.get(kind, "personal details")


# --- Markdown and display ------------------------------------------------------------------------

# md_escape() puts a backslash only before a character that would otherwise start or end Markdown
# (CommonMark, plus the GitHub table and strikethrough extensions), so that the summary also reads
# well as plain text: "20261201-thh57h" and "(2023)" stay as they are, "1. item" at the start of a
# line becomes "1\. item". The rules follow the CommonMark spec (0.31): block starts are judged per
# line, inline markup (code spans, raw HTML and autolinks, links, emphasis, strikethrough, entities,
# backslash escapes) over the whole paragraph, because inline markup spans line breaks.

_BLOCK_START = frozenset("#>-+*_=`~<[|:")  # the first characters of a line that can start a block
_INLINE_SPECIAL = re.compile(r"[\\`*_\[<&|~]")  # text without any of these holds no inline markup
_ASCII_PUNCT = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")

_ATX = re.compile(r"#{1,6}(?:[ \t]|$)")
_THEMATIC = re.compile(r"([-*_])(?:[ \t]*\1){2,}[ \t]*$")
_SETEXT = re.compile(r"(?:=+|-+)[ \t]*$")
_BULLET = re.compile(r"[-+*](?:[ \t]|$)")
_ORDERED = re.compile(r"([0-9]{1,9})[.)](?:[ \t]|$)")
_FENCE = re.compile(r"(?:`{3,}(?!.*`)|~{3,})")
_HTML_BLOCK = re.compile(
    r"<(?:(?:script|pre|style|textarea)(?:[ \t>]|$)|!--|\?|![A-Za-z]|!\[CDATA\["
    r"|/?(?:address|article|aside|base|basefont|blockquote|body|caption|center|col|colgroup|dd|details"
    r"|dialog|dir|div|dl|dt|fieldset|figcaption|figure|footer|form|frame|frameset|h[1-6]|head|header|hr"
    r"|html|iframe|legend|li|link|main|menu|menuitem|nav|noframes|ol|optgroup|option|p|param|search"
    r"|section|summary|table|tbody|td|tfoot|th|thead|title|tr|track|ul)(?:[ \t>]|/>|$))",
    re.IGNORECASE,
)
_DEFINITION = re.compile(r"\[(?:[^\\\[\]]|\\.)*[^\s\\\[\]](?:[^\\\[\]]|\\.)*\]:[ \t]*\S")
_DELIMITER_ROW = re.compile(r"[ \t]*\|?(?:[ \t]*:?-+:?[ \t]*\|)*[ \t]*:?-+:?[ \t]*\|?[ \t]*$")

_TAG_NAME = r"[A-Za-z][A-Za-z0-9-]*"
_ATTRIBUTE = r"(?:\s+[A-Za-z_:][A-Za-z0-9_.:-]*(?:\s*=\s*(?:[^\s\"'=<>`]+|'[^']*'|\"[^\"]*\"))?)"
_INLINE_HTML = re.compile(
    rf"<(?:{_TAG_NAME}{_ATTRIBUTE}*\s*/?>|/{_TAG_NAME}\s*>|!---?>|!--[\s\S]*?-->|\?[\s\S]*?\?>"
    r"|![A-Za-z][^>]*>|!\[CDATA\[[\s\S]*?\]\]>"
    r"|[A-Za-z][A-Za-z0-9+.\-]{1,31}:[^\s<>]*>"
    r"|[A-Za-z0-9.!#$%&'*+/=?^_`{|}~\-]+@[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]{0,61}[A-Za-z0-9])?)*>)"
)
_BEFORE_BREAK = re.compile(r" {2,}\n")  # a hard line break, which a backslash before it would spoil
_ENTITY = re.compile(r"&(?:#[0-9]{1,7};|#[xX][0-9a-fA-F]{1,6};|([A-Za-z][A-Za-z0-9]{0,31});)")
# What follows the "]" of an inline link: (destination "title").
_LINK_TAIL = re.compile(
    r"\(\s*(?:<(?:[^<>\n\\]|\\.)*>|(?:[^\s()\\]|\\.|\((?:[^\s()\\]|\\.)*\))*)"
    r"(?:\s+(?:\"(?:[^\"\\]|\\.)*\"|'(?:[^'\\]|\\.)*'|\((?:[^()\\]|\\.)*\)))?\s*\)"
)


def md_escape(text: str, *, line_break: str = "  \n", table: bool | None = None) -> str:
    """Escape text so it shows in Markdown exactly as typed and can never become markup.

    The text is cleaned first (no limit). A backslash goes only before a character that would
    otherwise change the rendering, judged in context: a `#`, `>`, list marker (`-`, `+`, `*`,
    `1.`), rule, fence, setext underline, HTML block or link definition at the start of a line;
    inside the text a backtick that would close a code span, a `<` that would start raw HTML or an
    autolink, a `[` that would start a link, a `*`, `_` or `~~` that would open emphasis or
    strikethrough, an `&` that would start an entity, and a backslash before punctuation. Ordinary
    punctuation ("20261201-thh57h", "(2023)", "a - b", "3 * 4") is left alone, so the Markdown
    reads well as plain text.

    Lines are kept as line breaks: blank lines are dropped and the remaining lines are joined with
    `line_break`, by default a CommonMark hard line break (two spaces and a newline). Inside a
    list item, indent the continuation lines (Jinja2: `text|md|indent(2)`), or pass
    `line_break=" / "` where a single line is needed, such as a table cell. `table` escapes every
    `|` (needed inside a table row); by default it is on when `line_break` holds no newline.
    """
    cleaned = clean(text, limit=None)
    lines = [line.strip() for line in cleaned.split("\n")]
    lines = [line for line in lines if line]
    if not lines:
        return ""
    multiline = "\n" in line_break
    if table is None:
        table = not multiline
    # The paragraph as it will be written, and which of its positions hold the participant's text.
    pieces: list[str] = []
    starts: list[int] = []
    at = 0
    for i, line in enumerate(lines):
        if i:
            pieces.append(line_break)
            at += len(line_break)
        starts.append(at)
        pieces.append(line)
        at += len(line)
    para = "".join(pieces)
    own = bytearray(len(para))
    for start, line in zip(starts, lines):
        own[start:start + len(line)] = b"\x01" * len(line)
    marks: set[int] = set()
    for i, (start, line) in enumerate(zip(starts, lines)):
        if (i == 0 or multiline) and (line[0] in _BLOCK_START or line[0].isdigit()):
            previous = lines[i - 1] if i and multiline else None
            for offset in _block_marks(line, previous):
                marks.add(start + offset)
    if _INLINE_SPECIAL.search(para):
        _inline_marks(para, own, marks, table)
    if not marks:
        return para
    out: list[str] = []
    last = 0
    for pos in sorted(marks):
        out.append(para[last:pos])
        out.append("\\")
        last = pos
    out.append(para[last:])
    return "".join(out)


def _block_marks(line: str, previous: str | None) -> list[int]:
    """Where `line` needs a backslash so that it starts no block. `previous` is the line before it
    in the same paragraph (None: the line starts the paragraph)."""
    continuation = previous is not None
    if (_ATX.match(line) or line[0] == ">" or _THEMATIC.match(line) or _FENCE.match(line)
            or _HTML_BLOCK.match(line)):
        return [0]
    if continuation and _SETEXT.match(line):
        return [0]
    if _BULLET.match(line) and (not continuation or len(line) > 1):
        return [0]
    ordered = _ORDERED.match(line)
    if ordered and (not continuation or (int(ordered.group(1)) == 1 and len(line) > ordered.end())):
        return [len(ordered.group(1))]
    if not continuation and line[0] == "[" and _DEFINITION.match(line):
        return [0]
    if continuation and "|" in line and "|" in previous and _DELIMITER_ROW.match(line):
        if _cells(line) == _cells(previous):
            return [line.index("-")]
    return []


def _cells(row: str) -> int:
    """How many cells a GitHub table row has (unescaped pipes; outer pipes do not count)."""
    row = row.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|") and not row.endswith("\\|"):
        row = row[:-1]
    return len(re.split(r"(?<!\\)\|", row))


def _inline_marks(para: str, own: bytearray, marks: set[int], table: bool) -> None:
    """Add to `marks` the positions in `para` (only where `own` is set) that need a backslash."""
    n = len(para)
    for i, ch in enumerate(para):
        if not own[i]:
            continue
        if ch == "\\" and i + 1 < n and (para[i + 1] in _ASCII_PUNCT or _BEFORE_BREAK.match(para, i + 1)):
            marks.add(i)
        elif ch == "|" and table:
            marks.add(i)
        elif ch == "&":
            m = _ENTITY.match(para, i)
            if m and (m.group(1) is None or m.group(1) + ";" in html.entities.html5):
                marks.add(i)
    _code_span_marks(para, own, marks)
    for i, ch in enumerate(para):
        if ch == "<" and own[i] and i not in marks:
            tag = _INLINE_HTML.match(para, i)
            # A tag or autolink whose closing ">" is already escaped (a blockquote marker at the
            # start of the next line, say) cannot form: its "<" needs no backslash of its own.
            if tag and (tag.end() - 1) not in marks:
                marks.add(i)
    _link_marks(para, own, marks)
    _delimiter_marks(para, own, marks, "*_")
    _strike_marks(para, own, marks)


def _runs(para: str, marks: set[int], char: str) -> list[tuple[int, int]]:
    """(start, length) of each run of unescaped `char`."""
    runs: list[tuple[int, int]] = []
    i, n = 0, len(para)
    while i < n:
        if para[i] == char and i not in marks:
            j = i
            while j < n and para[j] == char and j not in marks:
                j += 1
            runs.append((i, j - i))
            i = j
        else:
            i += 1
    return runs


def _output(para: str, marks: set[int]) -> tuple[str, list[int]]:
    """`para` with a backslash before each marked position, and where each position of `para` went."""
    out: list[str] = []
    where: list[int] = []
    at = 0
    for i, ch in enumerate(para):
        if i in marks:
            out.append("\\")
            at += 1
        where.append(at)
        out.append(ch)
        at += 1
    return "".join(out), where


def _code_span_marks(para: str, own: bytearray, marks: set[int]) -> None:
    """Break every code span by escaping backticks of its opening run.

    As a CommonMark parser does: a run of backticks that is not escaped opens a code span if a later
    run of exactly as many backticks closes it; a backslash does not escape a closing backtick
    (backslashes are literal inside code spans), so only the opening run can be defused.
    """
    n = len(para)
    while True:
        i, found = 0, None
        while i < n and found is None:
            if para[i] != "`" or i in marks:
                i += 1
                continue
            j = i + 1
            while j < n and para[j] == "`" and j not in marks:
                j += 1
            length = j - i
            k = j
            while k < n:  # closing runs: any backticks; a marked one starts a new run (after its backslash)
                if para[k] != "`":
                    k += 1
                    continue
                m = k + 1
                while m < n and para[m] == "`" and m not in marks:
                    m += 1
                if m - k == length:
                    found = i
                    break
                k = m
            i = j
        if found is None:
            return
        marks.add(found)


def _link_marks(para: str, own: bytearray, marks: set[int]) -> None:
    """Escape the "[" of every bracket pair that would make an inline link or image."""
    while True:
        out, where = _output(para, marks)
        stack: list[int] = []
        found = None
        for i, ch in enumerate(para):
            if i in marks or not own[i]:
                continue
            if ch == "[":
                stack.append(i)
            elif ch == "]" and stack:
                opener = stack.pop()
                if _LINK_TAIL.match(out, where[i] + 1):
                    found = opener
                    break
        if found is None:
            return
        marks.add(found)


def _kind(ch: str) -> str:
    """"s" for whitespace (or the edge of the text), "p" for punctuation or a symbol, "o" otherwise."""
    if not ch or ch.isspace():
        return "s"
    if ch in _ASCII_PUNCT or unicodedata.category(ch)[0] in "PS":
        return "p"
    return "o"


def _flanking(para: str, start: int, length: int) -> tuple[bool, bool, str, str]:
    before = _kind(para[start - 1] if start else "")
    after = _kind(para[start + length] if start + length < len(para) else "")
    left = after != "s" and (after != "p" or before in "sp")
    right = before != "s" and (before != "p" or after in "sp")
    return left, right, before, after


def _emphasis_runs(para: str, marks: set[int], char: str) -> list[tuple[int, int, bool, bool]]:
    """(start, length, can open, can close) of each delimiter run of `char` (* or _)."""
    runs = []
    for start, length in _runs(para, marks, char):
        left, right, before, after = _flanking(para, start, length)
        if char == "_":
            runs.append((start, length, left and (not right or before == "p"), right and (not left or after == "p")))
        else:
            runs.append((start, length, left, right))
    return runs


def _pairs(runs: list[tuple[int, int, bool, bool]], k: int) -> bool:
    """True if run `k` can open and some later run could close it (with the "rule of 3")."""
    _start, length, can_open, can_close = runs[k]
    if not can_open:
        return False
    for _c_start, c_length, c_open, c_close in runs[k + 1:]:
        if not c_close:
            continue
        if (can_close or c_open) and (length + c_length) % 3 == 0 and (length % 3 or c_length % 3):
            continue
        return True
    return False


def _delimiter_marks(para: str, own: bytearray, marks: set[int], chars: str) -> None:
    """Escape emphasis openers (* and _) that have a closer to pair with, one character at a time.

    Escaping splits a run and changes what its pieces can do, so the first opener left is found
    again after each backslash; the backslash goes on the character of the run that leaves no
    piece able to open (the last one, if that is enough).
    """
    for char in chars:
        while True:
            runs = _emphasis_runs(para, marks, char)
            k = next((k for k in range(len(runs)) if _pairs(runs, k)), None)
            if k is None:
                break
            start, length = runs[k][0], runs[k][1]
            candidates = [start + length - 1, *range(start, start + length - 1)]
            chosen = candidates[0]
            for pos in candidates:
                trial = marks | {pos}
                after = _emphasis_runs(para, trial, char)
                if not any(_pairs(after, j) for j, run in enumerate(after) if start <= run[0] < start + length):
                    chosen = pos
                    break
            marks.add(chosen)


def _strike_marks(para: str, own: bytearray, marks: set[int]) -> None:
    """Strikethrough (~~): escape every second tilde of an opening run that has a closing run."""
    runs = [(s, n, *_flanking(para, s, n)[:2]) for s, n in _runs(para, marks, "~") if n >= 2]
    for k, (start, length, can_open, _close) in enumerate(runs):
        if can_open and any(c_close for _s, _n, _o, c_close in runs[k + 1:]):
            marks.update(range(start + 1, start + length, 2))


def one_line(text: str, width: int | None = None) -> str:
    """`text` cleaned onto one line (newlines become spaces), shortened to `width` characters.

    A shortened text ends with "…" (counted in `width`) and is cut between words where that
    loses little, and never inside an emoji or a character with its accents. Width counts
    characters, not terminal cells.
    """
    if width is None:
        return clean(text, limit=None, multiline=False)
    if width <= 0:
        return ""
    budget = width * 8 + 64
    cut_input = text is not None and len(text) > budget
    s = clean(text[:budget] if cut_input else text, limit=None, multiline=False)
    if len(s) <= width and not cut_input:
        return s
    if width == 1:
        return "…"
    short = _truncate(s, width - 1)
    if len(short) < len(s) and not s[len(short)].isspace():  # cut inside a word: go back to a space
        space = short.rfind(" ", max(0, len(short) - 15))
        if space > len(short) // 2:
            short = short[:space]
    return short.rstrip() + "…"

