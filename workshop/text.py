"""Participant text: cleaning, a personal-data guard and Markdown escaping.

Everything a participant types (or pastes) at the shared keyboard goes through `clean()` before it
is stored, shown on screen or written into a summary. `find_personal_data()` is a gentle, heuristic
guard that asks the participant to double-check an answer that looks as if it names someone or
holds contact or case details; it is a prompt, not a filter. `md_escape()` makes text safe to put
into a Markdown summary, and `one_line()` fits text onto a single line for lists and tables.

Standard library only, and nothing from the rest of the package, so that every layer (storage,
summary, user interface) can use it.

Public API::

    ANSWER_LIMIT = 2000
    NOTE_LIMIT = 5000
    clean(text: str, limit: int | None = ANSWER_LIMIT, multiline: bool = True) -> str
    is_blank(text: str | None) -> bool
    Finding(kind: str, excerpt: str)            # frozen dataclass
    find_personal_data(text: str) -> list[Finding]
    describe(findings: Iterable[Finding]) -> str
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
    "md_escape",
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
_ESCAPES = re.compile(
    # OSC, DCS, SOS, PM, APC strings: ESC ] / ESC P / ESC X / ESC ^ / ESC _ then a body ended by
    # BEL or ST (ESC \ or 0x9C). CAN and SUB abort a string. Unterminated: removed to the end, as a
    # terminal would swallow it.
    r"\x1b[\]PX^_][^\x07\x18\x1a\x1b\x9c]*(?:\x07|\x1b\\|\x9c)?"
    # The same strings with an 8-bit introducer: only when terminated, because a stray U+0090..U+009F
    # is more often text decoded with the wrong code page than a real control string.
    r"|[\x90\x98\x9d\x9e\x9f][^\x07\x18\x1a\x1b\x9c]*(?:\x07|\x1b\\|\x9c)"
    # CSI: ESC [ or 0x9B, parameter bytes, intermediate bytes, final byte.
    r"|(?:\x1b\[|\x9b)[\x30-\x3f]*[\x20-\x2f]*[\x40-\x7e]?"
    # SS2 / SS3 (ESC N / ESC O) select a character set for the next character only: drop both.
    r"|\x1b[NO][\x20-\x7e]?"
    # Any other escape: ESC, intermediates, final (ESC 7, ESC c, ESC ( B, ESC # 8 ...), or ESC alone.
    r"|\x1b[\x20-\x2f]*[\x30-\x7e]?"
)

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

    s = text
    if _SURROGATE.search(s):
        s = _SURROGATE_PAIR.sub(_join_pair, s)
    if "\x1b" in s or _has_c1_introducer(s):
        s = _ESCAPES.sub("", s)
    s = _LINE_BREAKS.sub("\n", s).replace("\t", " ")
    s = _tables().junk.sub("", s)
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

KINDS = ("name", "email", "phone", "postcode", "date_of_birth", "reference")
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
    "date_of_birth": "a date of birth or other exact date",
    "reference": "a case or reference number",
}

# Patterns are written so that a match can only start at the start of a token (lookbehinds), which
# keeps them fast on long inputs.

_EMAIL = re.compile(
    r"(?<![\w.%+\-])[A-Za-z0-9_][A-Za-z0-9._%+\-]*@[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?"
    r"(?:\.[A-Za-z0-9](?:[A-Za-z0-9\-]*[A-Za-z0-9])?)*\.[A-Za-z]{2,}(?![\w])"
)

# UK numbers that belong to people: mobiles (07), geographic landlines (01, 02), in national or
# international (+44 / 0044, optional "(0)") form, with spaces, dashes or brackets. Organisation
# numbers (03, 08: helplines such as 0808 800 5000) are deliberately not flagged.
_PHONE = re.compile(
    r"(?<![\w+])(?:(?:\+|00)[^\S\n]?44[^\S\n]?(?:\(0\)[^\S\n]?)?|\(?0)"  # +44, 0044, (0), 0
    r"[127](?:[ \-)]{0,2}[0-9]){8,9}(?![0-9])"  # 1, 2 or 7, then 8 or 9 more digits
)

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
    rf"(?<![\w])(?P<title>Mrs|Mr|Ms|Miss|Mx|Dr)\.?{_GAP}(?P<first>{_WORD})(?:{_GAP}(?P<second>{_WORD}))?"
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


def find_personal_data(text: str) -> list[Finding]:
    """Things in `text` that look like personal data, in the order they appear.

    Heuristic and deliberately cautious about ordinary workshop language ("in 2023", "Year 9",
    "Section 17", "ratings 3 and 4"). Overlapping matches are reported once, by the most specific
    kind (an email beats a name, a phone number beats a digit run ...).
    """
    if not text:
        return []
    found: list[tuple[int, int, str, str]] = []

    def add(kind: str, start: int, end: int, excerpt: str) -> None:
        for other_start, other_end, _, _ in found:
            if start < other_end and other_start < end:
                return
        found.append((start, end, kind, excerpt))

    for m in _EMAIL.finditer(text):
        add("email", m.start(), m.end(), m.group())
    for m in _DOB.finditer(text):
        add("date_of_birth", m.start(), m.end(), m.group().strip())
    for m in _DATE_RE.finditer(text):
        add("date_of_birth", m.start(), m.end(), m.group())
    for m in _PHONE.finditer(text):
        add("phone", m.start(), m.end(), m.group())
    for m in _POSTCODE.finditer(text):
        add("postcode", m.start(), m.end(), m.group())
    for m in _REFERENCE.finditer(text):
        if _reference_ok(m):
            add("reference", m.start(), m.end(), m.group())
    for pattern in (_NINO, _NHS, _DIGITS):
        for m in pattern.finditer(text):
            add("reference", m.start(), m.end(), m.group())
    for pattern in (_TITLED, _NAME_AFTER):
        for m in pattern.finditer(text):
            end = _name_end(m)
            if end is not None:
                start = m.start("first") if pattern is _NAME_AFTER else m.start()
                add("name", start, end, text[start:end])

    found.sort()
    out: list[Finding] = []
    for _, _, kind, excerpt in found:
        finding = Finding(kind, excerpt)
        if finding not in out:
            out.append(finding)
    return out


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
        if ch == "<" and own[i] and i not in marks and _INLINE_HTML.match(para, i):
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

