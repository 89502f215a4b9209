"""Tests for workshop.text: cleaning, the personal-data guard, Markdown escaping, one-line display."""

from __future__ import annotations

import dataclasses
import html
import re
import unicodedata

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from work import scales_linearly, within_a_hang_bound

from workshop.text import (
    ANSWER_LIMIT,
    KINDS,
    NOTE_LIMIT,
    Finding,
    clean,
    describe,
    find_personal_data,
    looks_like,
    personal_data_spans,
    is_blank,
    md_escape,
    one_line,
    remove_controls,
)

ZWJ = "\u200d"
BIDI = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"
ZERO_WIDTH = "\u200b\u200c\u2060\ufeff"
FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467\u200d\U0001f466"  # man, woman, girl, boy
TECHNOLOGIST = "\U0001f469\U0001f3fd\u200d\U0001f4bb"  # woman technologist, medium skin tone
RAINBOW_FLAG = "\U0001f3f3\ufe0f\u200d\U0001f308"
HEART_ON_FIRE = "\u2764\ufe0f\u200d\U0001f525"
HEALTH_WORKER = "\U0001f9d1\u200d\u2695\ufe0f"
ENGLAND_FLAG = "\U0001f3f4\U000e0067\U000e0062\U000e0065\U000e006e\U000e0067\U000e007f"
UK_FLAG = "\U0001f1ec\U0001f1e7"
FR_FLAG = "\U0001f1eb\U0001f1f7"


def longest_mark_run(text: str) -> int:
    """Longest run of combining marks (Mn, Me), counted in the decomposed form."""
    longest = run = 0
    for ch in unicodedata.normalize("NFD", text):
        run = run + 1 if unicodedata.category(ch) in ("Mn", "Me") else 0
        longest = max(longest, run)
    return longest


# --- constants -----------------------------------------------------------------------------------


def test_limits():
    assert ANSWER_LIMIT == 2000
    assert NOTE_LIMIT == 5000


# --- clean(): escape sequences ---------------------------------------------------------------------

ESCAPE_CASES = [
    # CSI, 7-bit and 8-bit
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x1b[1;31;42mloud\x1b[m", "loud"),
    ("\x1b[2J\x1b[Hcleared", "cleared"),
    ("\x1b[?25lno cursor\x1b[?25h", "no cursor"),
    ("\x1b[38;2;255;0;0mtruecolour\x1b[39m", "truecolour"),
    ("a\x1b[3 qb", "ab"),  # CSI with an intermediate byte (cursor style)
    ("\x9b31mred\x9b0m", "red"),
    ("tail\x1b[12", "tail"),  # cut off mid-sequence
    # OSC, ended by BEL, by ST and by 8-bit ST
    ("\x1b]0;evil title\x07ok", "ok"),
    ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),
    ("\x1b]52;c;ZWNobyBoaQ==\x07paste", "paste"),
    ("\x1b]2;t\x9cok", "ok"),
    ("\x9d0;title\x07ok", "ok"),
    ("\x9d8;;http://x\x9clink", "link"),
    ("ok\x1b]0;never ended", "ok"),
    # DCS, SOS, PM, APC
    ("\x1bPq#0;2;0;0;0#0~~@@\x1b\\after", "after"),
    ("\x90qsixel\x9cafter", "after"),
    ("\x1bXstart of string\x1b\\z", "z"),
    ("\x1b^privacy message\x1b\\z", "z"),
    ("\x1b_application command\x1b\\z", "z"),
    ("\x9f_apc\x9cz", "z"),
    # single-character and character-set escapes
    ("\x1b7saved\x1b8", "saved"),
    ("\x1bcreset", "reset"),
    ("\x1b(Bascii", "ascii"),
    ("\x1b#8fill", "fill"),
    ("up\x1bM", "up"),
    ("\x1bOPf1", "f1"),  # SS3 P (the F1 key)
    ("end\x1b", "end"),
    ("a\x1b\x1b[31mb", "ab"),
]


@pytest.mark.parametrize(("raw", "expected"), ESCAPE_CASES)
def test_clean_removes_escape_sequences(raw, expected):
    out = clean(raw)
    assert out == expected
    assert "\x1b" not in out
    assert not any("\x80" <= ch <= "\x9f" for ch in out)


PASTE_ESCAPE_CASES = [
    # a stray ESC in what was copied: only the ESC goes, every pasted character stays in order
    ("AAA\x1bBBB", "AAABBB"),
    ("\x1b7saved\x1b8", "7saved8"),
    ("\x1bcreset", "creset"),
    ("up\x1bM", "upM"),
    ("\x1bOPf1", "OPf1"),  # ESC O is no SS3 in a paste: "O" is the participant's
    ("\x1b(Bascii", "Bascii"),  # ESC and its intermediate byte go, the final character stays
    ("\x1b#8fill", "8fill"),
    ("end\x1b", "end"),
    ("a\x1b\x1bb", "ab"),
    # CSI and control strings still go whole: pasted coloured text keeps only its words
    ("\x1b[31mred\x1b[0m", "red"),
    ("\x9b31mred\x9b0m", "red"),
    ("a\x1b[3 qb", "ab"),
    ("a\x1b\x1b[31mb", "ab"),
    ("\x1b]0;X\x07", ""),
    ("\x1b]52;c;SGVsbG8=\x07", ""),
    ("\x1b]8;;https://evil.example\x1b\\click\x1b]8;;\x1b\\", "click"),
    ("\x1bPq#0;2;0;0;0#0~~@@\x1b\\after", "after"),
    ("\x90qsixel\x9cafter", "after"),
    ("\x9d0;title\x07ok", "ok"),
    ("\x1b_application command\x1b\\z", "z"),
    # ... but only a terminated one: after a stray ESC P, ESC X, ESC ] ... the rest of the paste is the person's
    ("AAA\x1bPeter said hi", "AAAPeter said hi"),
    ("\x1bXavier helped", "Xavier helped"),
    ("note \x1b]0;not closed", "note ]0;not closed"),
]


@pytest.mark.parametrize(("raw", "expected"), PASTE_ESCAPE_CASES)
def test_remove_controls_in_a_paste_drops_a_stray_esc_but_keeps_the_next_character(raw, expected):
    out = remove_controls(raw, paste=True)
    assert out == expected
    assert "\x1b" not in out
    assert not any("\x80" <= ch <= "\x9f" for ch in out)
    # what the answer box then makes of it: the same characters (clean finds no ESC left to act on)
    assert clean(out) == expected


def test_remove_controls_outside_a_paste_still_drops_two_character_escapes_whole():
    assert remove_controls("AAA\x1bBBB") == "AAABB"
    assert remove_controls("\x1b7saved\x1b8") == "saved"


CONTROL_CASES = [
    ("a\x00b", "ab"),
    ("bell\x07", "bell"),
    ("back\x08\x08space", "backspace"),
    ("a\x7fb", "ab"),  # DEL
    ("a\x1cb\x1fc", "abc"),
    ("a\x80b\x8dc\x9fd", "abcd"),  # C1 controls (a lone 8-bit string introducer is just removed)
    ("\x93smart quotes\x94", "smart quotes"),  # cp1252 quotes decoded as Latin-1
    ("caf\x9d", "caf"),
    ("a\tb", "a b"),
    ("a\r\nb", "a\nb"),
    ("a\rb", "a\nb"),
    ("a\x0bb\x0cc", "a\nb\nc"),  # VT, FF
    ("a\x85b", "a\nb"),  # NEL
    ("a\u2028b\u2029c", "a\nb\nc"),
]


@pytest.mark.parametrize(("raw", "expected"), CONTROL_CASES)
def test_clean_removes_control_characters(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize("ch", list(BIDI))
def test_clean_removes_bidi_controls(ch):
    assert clean(f"abc{ch}def") == "abcdef"


def test_clean_removes_trojan_source_reordering():
    raw = "access\u202e\u2066 // admin\u2069\u2066 granted"
    out = clean(raw)
    assert out == "access // admin granted"
    assert not set(out) & set(BIDI)


@pytest.mark.parametrize("ch", list(ZERO_WIDTH) + ["\u00ad", "\u2061", "\u180e", "\ufff9"])
def test_clean_removes_zero_width_and_format_characters(ch):
    assert clean(f"pass{ch}word") == "password"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\u200db", "ab"),  # between letters
        ("\U0001f600\u200d", "\U0001f600"),  # dangling at the end
        ("\u200d\U0001f600", "\U0001f600"),  # leading
        ("a\u200d\U0001f600", "a\U0001f600"),  # letter before
        ("\U0001f600\u200da", "\U0001f600a"),  # letter after
        ("\U0001f600\u200d\u200d\U0001f600", "\U0001f600\U0001f600"),  # doubled
        ("\U0001f600\u200d \U0001f600", "\U0001f600 \U0001f600"),  # space after
        ("\u0915\u094d\u200d\u0937", "\u0915\u094d\u0937"),  # Devanagari: not emoji, removed
    ],
)
def test_clean_removes_stray_zero_width_joiners(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    "emoji", [FAMILY, TECHNOLOGIST, RAINBOW_FLAG, HEART_ON_FIRE, HEALTH_WORKER, ENGLAND_FLAG, UK_FLAG]
)
def test_clean_keeps_emoji_sequences(emoji):
    assert clean(f"we are {emoji} here") == f"we are {emoji} here"
    assert clean(emoji) == emoji


def test_clean_stays_nfc_after_removing_a_joiner():
    # the removed joiner had kept two Hangul jamo apart; without it they compose
    assert clean("\u1100\u200d\u1161") == "\uac00"


def test_clean_keeps_zwj_after_removed_junk():
    # the zero width space between the emoji and the joiner goes, the sequence is whole again
    assert clean("\U0001f468\u200b\u200d\U0001f469") == "\U0001f468\u200d\U0001f469"


def test_clean_drops_stray_tag_characters():
    assert clean("a\U000e0067\U000e0062b") == "ab"
    assert clean("\U0001f3f4\U000e0067") == "\U0001f3f4"  # no CANCEL TAG: not a sequence


KEPT_AS_TYPED = [
    "[x](y) and ![img](src) and [[wiki]]",
    "C:\\Users\\name\\file and \\n and \\\\",
    "<b>bold</b> <script>alert(1)</script> &amp; &lt;",
    "\"double\" 'single' \u2018curly\u2019 \u201ccurly\u201d",
    "{{ jinja }} {% raw %} ${var} `code` *stars* _under_ # hash | pipe ~ tilde",
    "50% of 1/2 = 0.5; £20 + €5 - $3 @name #tag",
    "\u65e5\u672c\u8a9e\u306e\u30c6\u30ad\u30b9\u30c8",  # Japanese
    "\u0395\u03bb\u03bb\u03b7\u03bd\u03b9\u03ba\u03ac",  # Greek
    "\u0627\u0644\u0639\u0631\u0628\u064a\u0629",  # Arabic
    "\u05e2\u05d1\u05e8\u05d9\u05ea",  # Hebrew
    "\u0939\u093f\u0928\u094d\u0926\u0940",  # Hindi
    "Ti\u1ebfng Vi\u1ec7t",  # Vietnamese (precomposed, NFC)
    "Cymraeg: \u0175 \u0177 Gaeilge: \u00e1 \u00e9 Polski: \u0142 \u017c",
    "\U0001f600 \U0001f44d\U0001f3fd \u2764\ufe0f 1\ufe0f\u20e3 " + UK_FLAG + " " + ENGLAND_FLAG,
    "line one\nline two\n\nparagraph",
    "non\u00a0breaking and   three spaces inside",
]


@pytest.mark.parametrize("text", KEPT_AS_TYPED)
def test_clean_keeps_text_exactly(text):
    assert clean(text) == text


def test_clean_joins_valid_surrogate_pairs_and_drops_unpaired():
    assert clean("a\ud83d\ude00b") == "a\U0001f600b"
    assert clean("a\ud800b") == "ab"
    assert clean("a\udc00b") == "ab"
    assert clean("\ude00\ud83d") == ""


def test_clean_normalises_to_nfc():
    assert clean("e\u0301") == "\u00e9"
    assert clean("Zoe\u0308") == "Zo\u00eb"
    assert clean("\u212b") == "\u00c5"  # ANGSTROM SIGN -> A WITH RING


ZALGO = (
    "Z\u0351\u036b\u0343\u036a\u0302\u036b\u033d\u034f\u0334\u0319\u0324\u031e\u0349\u035a\u032f"
    "a\u0310\u0300\u0310\u0302\u031a\u030f\u0337\u0355\u0322\u0331\u0324\u0324\u0356"
    "l\u036c\u033d\u0368\u0369\u033e\u034b\u0366\u0308\u0305\u0311\u0306\u036e\u0351"
    "g\u0313\u036f\u0351\u0300\u034b\u0310\u0300\u0308\u0314\u0300\u0310\u0346\u0342"
    "o\u0304\u0357\u0306\u036c\u030a\u0357\u033e\u0312\u0300\u0313\u030c\u0342\u0343"
)


@pytest.mark.parametrize(
    "raw",
    [
        ZALGO,
        "z" + "\u0301" * 5,
        "x" + "\u0323\u0307" * 40,
        ("he\u0336\u0336\u0336\u0336\u0336llo " * 50),
        "\u0301" * 30,  # marks with no base at all
        "a" + "\u20dd" * 10,  # enclosing marks (Me)
    ],
)
def test_clean_caps_combining_marks(raw):
    out = clean(raw)
    assert longest_mark_run(out) <= 3
    assert out  # the letters are still there
    assert clean(out) == out


def test_clean_zalgo_keeps_letters():
    out = clean(ZALGO)
    assert "".join(ch for ch in unicodedata.normalize("NFD", out) if ch.isalpha()) == "Zalgo"


@pytest.mark.parametrize(
    "text",
    [
        "Ti\u1ebfng Vi\u1ec7t",  # two marks per letter when decomposed
        "\u1fa7",  # GREEK SMALL LETTER OMEGA WITH DASIA AND PERISPOMENI AND YPOGEGRAMMENI (3 marks)
        "\u0915\u094d\u0937\u093f",  # Devanagari conjunct
        "1\ufe0f\u20e3",
    ],
)
def test_clean_keeps_legitimate_combining_marks(text):
    assert clean(text) == text


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\n\nb", "a\n\nb"),
        ("a\n\n\nb", "a\n\n\nb"),  # two blank lines: kept
        ("a\n\n\n\nb", "a\n\n\nb"),  # three blank lines: two
        ("a\n\n\n\n\n\n\n\nb", "a\n\n\nb"),
        ("a\n  \n\t\n \n \nb", "a\n\n\nb"),  # lines of spaces and tabs are blank too
        ("a\r\n\r\n\r\n\r\n\r\nb", "a\n\n\nb"),
        ("  \n\n hello \n\n  ", "hello"),
        ("\u00a0\u3000 wide spaces \u2003", "wide spaces"),
        ("", ""),
        ("   \n\t  ", ""),
    ],
)
def test_clean_whitespace(raw, expected):
    assert clean(raw) == expected


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("a\nb", "a b"),
        ("a \n\n\n b", "a b"),
        ("a\r\nb\rc", "a b c"),
        ("  one\n two  \n", "one two"),
        ("a\tb", "a b"),
        ("no newline  here", "no newline  here"),
    ],
)
def test_clean_single_line(raw, expected):
    out = clean(raw, multiline=False)
    assert out == expected
    assert "\n" not in out


# --- clean(): limit ---------------------------------------------------------------------------------


def test_clean_limit_default_is_answer_limit():
    assert len(clean("x" * 3000)) == ANSWER_LIMIT
    assert clean("x" * ANSWER_LIMIT) == "x" * ANSWER_LIMIT


@pytest.mark.parametrize("limit", [0, 1, 2, 5, 10, 100, NOTE_LIMIT])
def test_clean_limit_respected(limit):
    text = "word \U0001f600 " * 2000
    assert len(clean(text, limit)) <= limit


def test_clean_limit_none_keeps_everything():
    text = "a" * 50_000
    assert clean(text, None) == text


def test_clean_limit_validation():
    assert clean("abc", 0) == ""
    with pytest.raises(ValueError):
        clean("abc", -1)


def test_clean_none_and_wrong_type():
    assert clean(None) == ""
    with pytest.raises(TypeError):
        clean(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("raw", "limit", "expected"),
    [
        ("ab" + FAMILY, 4, "ab"),  # never half a family
        ("ab" + FAMILY, 3, "ab"),
        ("ab" + FAMILY, 2 + len(FAMILY), "ab" + FAMILY),
        ("\U0001f600\u200d\U0001f600", 2, "\U0001f600"),  # no dangling joiner
        ("x " + UK_FLAG + FR_FLAG, 5, "x " + UK_FLAG),  # flags stay in pairs
        ("x " + UK_FLAG + FR_FLAG, 4, "x " + UK_FLAG),
        ("x " + UK_FLAG + FR_FLAG, 3, "x"),
        ("ab x\u0323\u0307", 4, "ab"),  # a letter keeps its accents
        ("ab \U0001f44d\U0001f3fd", 4, "ab"),  # thumbs up keeps its skin tone
        ("word     next", 6, "word"),  # no trailing space
        ("ab\u2764\ufe0f", 3, "ab"),
    ],
)
def test_clean_truncates_between_characters(raw, limit, expected):
    assert clean(raw, limit) == expected


def test_clean_truncated_surrogates_never_split():
    raw = "a" + "\ud83d\ude00" * 10  # UTF-16 pairs, as from a JSON decoder with surrogatepass
    out = clean(raw, 5)
    assert out == "a" + "\U0001f600" * 4
    assert not any("\ud800" <= ch <= "\udfff" for ch in out)


def test_clean_long_sequence_is_still_cut():
    # a single "character" longer than the limit is cut hard rather than dropped
    raw = "\U0001f600" + "\u200d\U0001f600" * 200
    out = clean(raw, 50)
    assert 0 < len(out) <= 50
    assert not out.endswith(ZWJ)


def test_clean_huge_escape_prefix():
    raw = "\x1b[31m" * 50_000 + "hello"
    assert clean(raw, None) == "hello"
    out = clean(raw)  # only the start of an enormous paste is looked at
    assert out == ""


PASTE_UNIT = (
    "Hello, this is [a paste] with \\ backslashes, <tags>, \U0001f468\u200d\U0001f469\u200d\U0001f467 "
    "\x1b[31mred\x1b[0m\r\n\tz\u0301\u0301\u0301\u0301\u0301 \u202ebidi\u200b \u0939\u093f\u0928\u094d"
    "\u0926\u0940\n\n\n\n\n"
)
PASTE = (PASTE_UNIT * (100_000 // len(PASTE_UNIT) + 1))[:100_000]


@pytest.mark.parametrize("limit", [ANSWER_LIMIT, None])
def test_clean_100k_paste_is_linear(limit):
    # Speed is measured in bench/ (`python -m bench.run --only text`); here the work is counted.
    assert len(PASTE) == 100_000
    out = within_a_hang_bound(clean, PASTE, limit)
    if limit is not None:
        assert len(out) <= limit
    assert "\x1b" not in out and "\u202e" not in out
    scales_linearly(lambda text: clean(text, limit), PASTE_UNIT, 10_000)


@pytest.mark.parametrize(
    "raw",
    [
        " " * 100_000,
        "\n" * 100_000,
        " \n" * 50_000,
        "a\u0301\u0301\u0301\u0301" * 20_000,
        "\x1b[" * 50_000,
        "\u200d" * 100_000,
        "\U0001f600\u200d" * 50_000,
        "\ud83d" * 100_000,
        "\x1b]" + "a" * 99_998,
        "\U000e0041" * 100_000,
    ],
)
def test_clean_pathological_pastes_never_hang(raw):
    # No catastrophic backtracking: each call returns within a bound only a hang can reach, and ten
    # times the input costs about ten times the calls. The timings are in bench/.
    for limit in (ANSWER_LIMIT, None):
        for multiline in (True, False):
            within_a_hang_bound(clean, raw, limit, multiline)
            unit = raw[: max(1, len(raw) // 10_000)]
            scales_linearly(lambda text: clean(text, limit, multiline), unit, 1_000)


# --- is_blank ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "blank"),
    [
        ("", True),
        (None, True),
        ("   ", True),
        ("\n\t\r\n", True),
        ("\u200b\u200d\ufeff", True),
        ("\x1b[31m\x1b[0m", True),
        ("\u00a0\u3000", True),
        ("\u202e", True),
        ("a", False),
        (" . ", False),
        ("\U0001f600", False),
        ("  \n x", False),
    ],
)
def test_is_blank(text, blank):
    assert is_blank(text) is blank


# --- clean(): properties --------------------------------------------------------------------------

SPECIALS = [
    "\x1b", "[", "]", "\\", "\x9b", "\x9c", "\x9d", "\x90", "\x07", "\x18", "\r", "\n", "\t", " ",
    "\x85", "\x0b", "\u2028", "\xa0", ZWJ, "\u200b", "\u200c", "\u2060", "\ufeff", "\u202e",
    "\u2066", "\u061c", "\u00ad", "\ufe0f", "\u0301", "\u0323", "\u0338", "\u0344", "\u20dd",
    "\U0001f600", "\U0001f468", "\U0001f3fd", "\U0001f1ec", "\U0001f1e7", "\U0001f3f4",
    "\U000e0067", "\U000e007f", "\u2764", "\u2190", "\u219a", "\u2329", "\ud83d", "\ude00",
    "\ud800", "e", "\u00e9", "\u017a", "\u1fa7", "\u0f73", "\u0f71", "\uac00", "\u1100",
    "\u1161", "\u11a8", "\u0915", "\u094d", "0", "7", "a", "Z", ".", "<", ">", "&", "#",
]
FRAGMENTS = ["\x1b[31m", "\x1b]0;x\x07", "\x1b\\", "\x1b]8;;u\x1b\\", "\x1bP", "\x9b1m", "\r\n", FAMILY]

texts = st.lists(
    st.one_of(
        st.characters(),
        st.characters(min_codepoint=0, max_codepoint=0x2FF),
        st.sampled_from(SPECIALS),
        st.sampled_from(FRAGMENTS),
    ),
    max_size=60,
).map("".join)
limits = st.one_of(st.none(), st.integers(min_value=0, max_value=40))


def _allowed_format_char(out: str, i: int) -> bool:
    ch = out[i]
    if ch == ZWJ:
        return 0 < i < len(out) - 1
    return 0xE0020 <= ord(ch) <= 0xE007F  # inside an emoji tag sequence (a subdivision flag)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts, limits, st.booleans())
def test_clean_properties(raw, limit, multiline):
    out = clean(raw, limit, multiline)
    for i, ch in enumerate(out):
        category = unicodedata.category(ch)
        assert category != "Cc" or (ch == "\n" and multiline), (raw, out, i)
        assert category != "Cs", (raw, out, i)
        assert category != "Cf" or _allowed_format_char(out, i), (raw, out, i)
    assert "\x1b" not in out
    assert not set(out) & set(BIDI + ZERO_WIDTH)
    assert limit is None or len(out) <= limit
    assert out == out.strip()
    assert not out.endswith(ZWJ)
    assert unicodedata.is_normalized("NFC", out)
    assert longest_mark_run(out) <= 3
    assert not re.search(r"\n(?:[^\S\n]*\n){3}", out)
    # idempotent, with the same limit and without one
    assert clean(out, limit, multiline) == out
    assert clean(out, None, multiline) == out


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_remove_controls_in_a_paste_properties(raw):
    out = remove_controls(raw, paste=True)
    assert "\x1b" not in out
    for i, ch in enumerate(out):
        category = unicodedata.category(ch)
        assert category != "Cc" or ch == "\n", (raw, out, i)
        assert category != "Cs", (raw, out, i)
        assert category != "Cf" or ch == ZWJ or 0xE0020 <= ord(ch) <= 0xE007F, (raw, out, i)
    # never loses more than the whole form does, and cleaning it again changes nothing more
    assert len(out) >= len(remove_controls(raw))
    assert remove_controls(out, paste=True) == out


@settings(max_examples=200, deadline=None)
@given(st.text(max_size=80), limits)
def test_clean_properties_plain_text(raw, limit):
    out = clean(raw, limit)
    assert clean(out, limit) == out
    assert limit is None or len(out) <= limit
    assert all(unicodedata.category(ch) != "Cc" or ch == "\n" for ch in out)


@settings(max_examples=200, deadline=None)
@given(
    st.text(
        alphabet=st.characters(exclude_categories=("Cc", "Cf", "Cs", "Zl", "Zp", "Mn", "Me", "Co", "Cn")),
        max_size=60,
    )
)
def test_clean_leaves_ordinary_nfc_text_alone(raw):
    raw = unicodedata.normalize("NFC", raw)
    assert clean(raw, None) == raw.strip()


# --- personal data ---------------------------------------------------------------------------------

DETECTED = [
    # names
    ("There was a boy called Jayden who was struggling.", "name", "Jayden"),
    ("a girl aged 14 called Chloe Smith", "name", "Chloe Smith"),
    ("Her mum, named Sarah, rang the school.", "name", "Sarah"),
    ("his name is Tom and he is in Year 9", "name", "Tom"),
    ("the young person, known as \u201cJay\u201d to friends", "name", "Jay"),
    ("her son Jayden's school refused", "name", "Jayden"),
    ("my colleague Priya said it first", "name", "Priya"),
    ("We met Mrs Okafor at the door", "name", "Mrs Okafor"),
    ("Dr. Patel referred him", "name", "Dr. Patel"),
    ("a boy called Jayden Smith's mum", "name", "Jayden Smith"),
    ("a lad named Se\u00e1n O'Brien", "name", "Se\u00e1n O'Brien"),
    ("the baby, called Zo\u00eb", "name", "Zo\u00eb"),
    ("Our designated safeguarding lead, Sarah, is brilliant.", "name", "Sarah"),
    ("her social worker Amanda Jones left", "name", "Amanda Jones"),
    ("a girl called April", "name", "April"),
    ("let's call him Tom for now", "name", "Tom"),
    # email addresses
    ("email me on jane.doe@example.org please", "email", "jane.doe@example.org"),
    ("contact J.Smith+work@council.gov.uk", "email", "J.Smith+work@council.gov.uk"),
    ("(mum: kelly_88@hotmail.co.uk)", "email", "kelly_88@hotmail.co.uk"),
    # phone numbers
    ("ring her on 07700 900123", "phone", "07700 900123"),
    ("mobile 07700900123", "phone", "07700900123"),
    ("call +44 7700 900123 later", "phone", "+44 7700 900123"),
    ("+44 (0)7700 900 123", "phone", "+44 (0)7700 900 123"),
    ("the office is 020 7946 0958", "phone", "020 7946 0958"),
    ("landline 01632 960123", "phone", "01632 960123"),
    ("Manchester 0161-496-0000", "phone", "0161-496-0000"),
    ("(020) 7946 0958", "phone", "(020) 7946 0958"),
    ("0044 7700 900123", "phone", "0044 7700 900123"),
    # postcodes
    ("she lives at SW1A 1AA now", "postcode", "SW1A 1AA"),
    ("moved to m1 1ae last year", "postcode", "m1 1ae"),
    ("B33 8TH", "postcode", "B33 8TH"),
    ("near EC1A 1BB.", "postcode", "EC1A 1BB"),
    ("postcode LS11 5QX", "postcode", "LS11 5QX"),
    ("CR26XH", "postcode", "CR26XH"),
    # dates of birth and exact dates
    ("born 12/03/2011", "date_of_birth", "12/03/2011"),
    ("on 12-03-2011 he", "date_of_birth", "12-03-2011"),
    ("DOB 12.03.11", "date_of_birth", "DOB 12.03.11"),
    ("birthday 3 March 2011", "date_of_birth", "3 March 2011"),
    ("3rd of March 2011", "date_of_birth", "3rd of March 2011"),
    ("March 3, 2011", "date_of_birth", "March 3, 2011"),
    ("2011-03-12", "date_of_birth", "2011-03-12"),
    ("d.o.b. on the form", "date_of_birth", "d.o.b."),
    ("we need the D.O.B. first", "date_of_birth", "D.O.B."),
    ("date of birth: 01/02/2010", "date_of_birth", "date of birth: 01/02/2010"),
    ("she was born on a Tuesday", "date_of_birth", "born on"),
    ("born in March 2011", "date_of_birth", "born in March 2011"),
    # case and reference numbers
    ("case 123456 was closed", "reference", "case 123456"),
    ("see ref: AB-12345", "reference", "ref: AB-12345"),
    ("CRN 1234567", "reference", "CRN 1234567"),
    ("Case no. 2023/4567", "reference", "Case no. 2023/4567"),
    ("crime ref 12/3456/22", "reference", "crime ref 12/3456/22"),
    ("NHS number 485 777 3456", "reference", "485 777 3456"),
    ("485-777-3456", "reference", "485-777-3456"),
    ("ID 98765", "reference", "ID 98765"),
    ("the number was 00112233", "reference", "00112233"),
    ("NI number QQ 12 34 56 C", "reference", "QQ 12 34 56 C"),
    ("URN: 1234-5678", "reference", "URN: 1234-5678"),
    # issue 8: what got through before, and the forms people type
    ("I spoke to Jayden Smith about it", "name", "Jayden Smith"),
    ("Sarah from the youth club helped", "name", "Sarah"),
    ("Worked with PC Jones on the estate", "name", "PC Jones"),
    ("jade smith was there", "name", "jade smith"),
    ("Tom from housing said", "name", "Tom"),
    ("Aged 14, lives on Elm Street", "address", "Elm Street"),
    ("jsmith at example dot org", "email", "jsmith at example dot org"),
    ("JAYDEN SMITH", "name", "JAYDEN SMITH"),
    ("we told Priya first", "name", "Priya"),
    ("Jayden's mum rang", "name", "Jayden"),
    ("Jayden Smith's group", "name", "Jayden Smith"),
    ("Jade and her brother were there", "name", "Jade"),
    ("talked to chloe after school", "name", "chloe"),
    ("DS Patel came too", "name", "DS Patel"),
    ("Sgt Khan knows them", "name", "Sgt Khan"),
    ("mrs okafor at the door", "name", "mrs okafor"),
    ("Mary-Jane O'Connor was moved on", "name", "Mary-Jane O'Connor"),
    ("a lad, Jayden (14), was there", "name", "Jayden"),
    ("Liam, 15, was moved on", "name", "Liam"),
    ("Poppy aged 13 goes there", "name", "Poppy"),
    ("Worked with Will on the estate", "name", "Will"),
    ("she lives at 12 Elm Street", "address", "12 Elm Street"),
    ("they moved to 4 Park Road last month", "address", "4 Park Road"),
    ("j.smith (at) council (dot) gov (dot) uk", "email", "j.smith (at) council (dot) gov (dot) uk"),
    ("ring 07912 345678", "phone", "07912 345678"),
]


@pytest.mark.parametrize(("text", "kind", "excerpt"), DETECTED)
def test_find_personal_data_detects(text, kind, excerpt):
    findings = find_personal_data(text)
    assert Finding(kind, excerpt) in findings, findings


NOT_PERSONAL = [
    "in 2023",
    "5 minutes",
    "1 to 5",
    "Year 9",
    "our team of 12",
    "Section 17",
    "ratings 3 and 4",
    "a so-called approach",
    "a so called Approach that nobody likes",
    "the so\u2013called Model",
    "We discussed this in 2023 and again in 2024, for 5 minutes each.",
    "On a scale of 1 to 5 most people gave ratings 3 and 4.",
    "Our team of 12 covers Year 9 to Year 11 under Section 17 and Section 47.",
    "The Children Act 1989 and Working Together 2023 set this out.",
    "It is called Early Help in our area; some call it Team Around the Family.",
    "The child Protection conference was on Monday.",
    "We called Children's Services and then called the police.",
    "My manager said we should phone Childline on 0800 1111 or the NSPCC on 0808 800 5000.",
    "Half of the group (about 50%) said 10 to 15 referrals a week.",
    "Kids are scared to dob in their mates.",
    "Level 3 safeguarding training, 2 hours, every 3 years.",
    "We saw a 25% rise, from 1,200 to 1,500 cases, over 12 months.",
    "in case 2023 is different",
    "Step 1: listen. Step 2: record. Step 3: refer within 24 hours.",
    "Q1 and Q2 were quiet; Q3 2023 was busy.",
    "A child in need plan and a CP plan are different.",
    "Look at page 12, paragraph 4.",
    "I'd rate it 7/10.",
    "a girl in Year 10, aged 15",
    "Child A and Child B were siblings.",
    "My manager says we should record everything on Mosaic within 24 hours.",
    "The girl in the case study was 14 and her mum was worried.",
    "A colleague from CAMHS joined the Strategy Discussion.",
    "Staff called the MASH and then called Police.",
    "I called Mum to let her know.",
    "A young person called out in the meeting.",
    "Her boyfriend was 19 and she was 15.",
    "Ask the DSL on ext. 2345.",
    "Meeting at 10.30 on 3/4.",
    "We meet every 2nd Tuesday; 6-8 people attend.",
    "The Contextual Safeguarding approach (Firmin 2017) helps.",
    "our lead Practitioner said the head Teacher agreed",
    # issue 8: ordinary words that are also names
    "Will we ever agree on what ecological means?",
    "Hope is not a plan.",
    "Mark the places where young people feel unsafe.",
    "Sort the cards into the three piles.",
    "May is a busy month; in June the schools break up.",
    "We met Early Help and Children's Services on Monday.",
    "Young people said the bus station felt unsafe after dark.",
    "The shops on the High Street close at six.",
    "Look at nspcc dot org dot uk for the guidance.",
    "Grace and patience help in a strategy meeting.",
    "",
]


@pytest.mark.parametrize("text", NOT_PERSONAL)
def test_find_personal_data_ignores_workshop_language(text):
    assert find_personal_data(text) == []


def test_find_personal_data_several_kinds_in_order():
    text = (
        "A boy called Jayden, DOB 12/03/2011, lives at B33 8TH; mum is on 07700 900123 "
        "or kelly@example.com, case 123456."
    )
    findings = find_personal_data(text)
    kinds = [f.kind for f in findings]
    assert kinds == ["name", "date_of_birth", "postcode", "phone", "email", "reference"]
    assert findings[0] == Finding("name", "Jayden")


def test_find_personal_data_reports_overlaps_once():
    # a mobile number is not also a "long digit run"; an email's name part is not a name
    assert find_personal_data("07700900123") == [Finding("phone", "07700900123")]
    assert [f.kind for f in find_personal_data("case 123456")] == ["reference"]
    assert [f.kind for f in find_personal_data("named Tom@example.com")] == ["email"]


def test_find_personal_data_repeats_are_listed_once():
    findings = find_personal_data("Jayden? a boy called Jayden. yes, a boy called Jayden")
    assert findings == [Finding("name", "Jayden")]


def test_personal_data_spans_mark_the_words():
    text = "I spoke to Jayden Smith and ring 07912 345678."
    spans = personal_data_spans(text)
    assert [(text[s:e], kind) for s, e, kind in spans] == [("Jayden Smith", "name"), ("07912 345678", "phone")]


def test_phones_are_read_by_phonenumbers_and_organisations_pass():
    # freephone and 03 numbers belong to organisations (Childline, NSPCC, councils)
    for text in ("Childline on 0800 1111", "the NSPCC on 0808 800 5000", "the council on 0300 123 4567"):
        assert find_personal_data(text) == [], text
    assert find_personal_data("+447912345678") == [Finding("phone", "+447912345678")]


def test_looks_like_names_every_kind():
    for kind in KINDS:
        assert looks_like(kind).startswith("a")


def test_find_personal_data_is_linear_on_long_text():
    unit = "An ordinary answer about Year 9 in 2023, with ratings 3 and 4. "
    text = (unit * 2000)[:100_000]
    within_a_hang_bound(find_personal_data, text)
    scales_linearly(find_personal_data, unit, 5_000)
    assert find_personal_data(" " * 100_000) == []


def test_finding_is_frozen_dataclass():
    finding = Finding("email", "a@b.co")
    assert dataclasses.is_dataclass(finding)
    with pytest.raises(dataclasses.FrozenInstanceError):
        finding.kind = "name"  # type: ignore[misc]
    assert {f.kind for f in find_personal_data(" ".join(text for text, _, _ in DETECTED))} <= set(KINDS)


def test_describe():
    assert describe([]) == ""
    one = describe([Finding("email", "a@b.co")])
    assert one == (
        "Your answer may contain an email address. Please remove names or details of children, "
        "families or colleagues, or confirm it is safe."
    )
    two = describe([Finding("email", "a@b.co"), Finding("phone", "07700 900123")])
    assert two.startswith("Your answer may contain an email address and a phone number. ")
    three = describe(find_personal_data("a girl called Amy, 07700 900123, a@b.co, a@c.co"))
    assert "a name, a phone number and an email address." in three
    assert "\n" not in three
    assert "Amy" not in three  # the line does not repeat the personal data
    for kind in KINDS:
        assert describe([Finding(kind, "x")]).startswith("Your answer may contain a")


# --- md_escape ---------------------------------------------------------------------------------------
# md_escape is checked by rendering with a CommonMark parser (markdown-it-py, in the test extras):
# the rendered text is exactly the participant's text, and every backslash it adds is needed.

import markdown_it  # noqa: E402

MD_CASES = [
    ("plain words", "plain words"),
    # Ordinary punctuation stays as typed, so the Markdown reads well as plain text.
    ("20261201-thh57h", "20261201-thh57h"),
    ("Owens & Lloyd (2023): a review.", "Owens & Lloyd (2023): a review."),
    ("3 * 4 = 12, a - b, 50% + more! #1 snake_case_name", "3 * 4 = 12, a - b, 50% + more! #1 snake_case_name"),
    ("www.example.org and a_b_c", "www.example.org and a_b_c"),
    # Only what would become markup is escaped.
    ("[link](http://x.y)", "\\[link](http://x.y)"),
    ("![img](src)", "!\\[img](src)"),
    ("<script>alert(1)</script>", "\\<script>alert(1)\\</script>"),
    ("a <b> c", "a \\<b> c"),
    ("a < b > c", "a < b > c"),
    ("&lt; and AT&T", "\\&lt; and AT&T"),
    ("# heading", "\\# heading"),
    ("#hashtag", "#hashtag"),
    ("> quote", "\\> quote"),
    ("1. item", "1\\. item"),
    ("2023. A year", "2023\\. A year"),
    ("- item", "\\- item"),
    ("+ item", "\\+ item"),
    ("*bold* _it_ `code`", "\\*bold* \\_it_ \\`code`"),
    ("a | b", "a | b"),
    ("back\\slash \\*", "back\\slash \\\\*"),
    ("{{ x }}", "{{ x }}"),
    ("===", "==="),
    ("Title\n===", "Title  \n\\==="),
    ("\U0001f600 caf\u00e9", "\U0001f600 caf\u00e9"),
    ("line one\nline two", "line one  \nline two"),
    ("para\n\n\n\nnext", "para  \nnext"),
    ("  padded \n  # not a heading  ", "padded  \n\\# not a heading"),
    ("\x1b[31mred\x1b[0m", "red"),
    ("", ""),
]


@pytest.mark.parametrize(("raw", "expected"), MD_CASES)
def test_md_escape(raw, expected):
    assert md_escape(raw) == expected


def test_md_escape_single_line_option():
    assert md_escape("one\ntwo\n\nthree", line_break=" / ") == "one / two / three"
    assert md_escape("a\nb", line_break="<br>") == "a<br>b"
    assert md_escape("a | b", line_break=" / ") == "a \\| b"  # one line is for a table cell
    assert md_escape("a | b", line_break=" / ", table=False) == "a | b"


PRESETS = ("commonmark", "gfm-like")


def _parser(preset: str) -> markdown_it.MarkdownIt:
    """CommonMark, or CommonMark with GitHub's tables and strikethrough ("gfm-like").

    Bare URLs are not turned into links here (linkify off): they stay as typed, and a renderer
    that links them (GitHub) still shows the text as typed; see test_md_escape_with_bare_links.
    Every link destination counts as a link (markdown-it drops javascript: links, the spec does not).
    """
    md = markdown_it.MarkdownIt(preset, {"linkify": False})
    md.validateLink = lambda url: True
    return md


_PARSERS = {preset: _parser(preset) for preset in ("commonmark", "gfm-like")}


def _render(text: str, preset: str = "commonmark") -> str:
    return _PARSERS[preset].render(text)


def _expected_lines(raw: str) -> str:
    return "\n".join(line.strip() for line in clean(raw, None).split("\n") if line.strip())


def _literal_paragraph(text: str) -> str:
    """How a renderer shows `text` (lines already cleaned) as a paragraph of plain text."""
    return "<p>" + html.escape(text, quote=False).replace("\n", "<br />\n") + "</p>\n"


def _added_backslashes(escaped: str, plain: str) -> list[int]:
    """Positions in `escaped` of the backslashes md_escape added to `plain` (lines joined by "\n")."""
    target = plain.replace("\n", "  \n")
    added, j = [], 0
    for i, ch in enumerate(escaped):
        if j < len(target) and ch == target[j]:
            j += 1
        else:
            assert ch == "\\", (escaped, plain)
            added.append(i)
    assert j == len(target)
    return added


def check_md_escape(raw: str) -> None:
    """The two promises: the rendering is the text as typed, and no added backslash is idle."""
    escaped = md_escape(raw)
    plain = _expected_lines(raw)
    if not plain:
        assert escaped == ""
        return
    for preset in PRESETS:
        rendered = _render(escaped, preset)
        assert html.unescape(rendered) == html.unescape(_literal_paragraph(plain)), (preset, escaped, rendered)
    for pos in _added_backslashes(escaped, plain):
        without = escaped[:pos] + escaped[pos + 1:]
        assert any(_render(without, p) != _render(escaped, p) for p in PRESETS), (
            f"needless backslash at {pos} in {escaped!r}")


HARD_CASES = [
    # Block starts, first line and later lines of the same paragraph.
    "# Heading\n## Sub\n---\n***\n- a\n* b\n+ c\n1. d\n2) e\n> quote\n```\ncode\n```\n~~~\n    indented",
    "Title\n=====\nTitle\n-----", "a\n-", "a\n=", "a\n*", "a\n+", "a\n- b", "a\n2. b", "a\n1. b", "a\n01) b",
    "-", "*", "+", "1.", "1)", "- - -", "_ _ _", "** **", "#", "#5", "####### seven", "a\n>",
    "| a | b |\n|---|---|\n| 1 | 2 |", "a | b\n-- | --", "a | b\n-- | -- | --", "a|b\n-|-",
    "<div>\nblock", "<!-- hidden -->", "<img src=x onerror=alert(1)>", "<?php x ?>", "<!DOCTYPE html>",
    "<![CDATA[x]]>", "<https://evil.example> <mailto:x@y.z> <someone@example.com>", "a <b c", "</div",
    "[ref]: https://evil.example\n[ref]", "[ref]:", "[click](javascript:alert(1))", "[a](b c)",
    "[a [b](c)](d)", "![i](s 'title')", "[x](<y z>)", "[]()", "[a]\n(b)",
    # Inline markup, including what only looks like it.
    "**bold** __bold__ *em* _em_ ~~strike~~ `code` ``co`de``", "*a", "a*", "* a *", "a * b * c",
    "*a*b*c*", "a*b**", "**a*", "***a***", "_a_b", "a_b_c", "__init__", "snake_case_name",
    "x_(y)_", "*(a)*", "\"*a*\"", "£*a*", "~a~", "~~~a~~~", "a ~~ b ~~ c", "~~a~~~", "`a", "``a``b`",
    "` a `", "a``b", "```js", "&copy; &#169; &#x41; &foo; &amp", "AT&T & more",
    "trailing backslash \\", "\\*not\\* emphasis", "a  \nb\\\nc", "C:\\Users\\x", "\\\\", "\\",
    "- [ ] task\n- [x] done", "https://evil.example/path and www.evil.example and someone@example.com",
    "20261201-thh57h", "Owens & Lloyd (2023)", "Q&A: 50% (or so) - see p.4; e.g. #2!",
    "Year 9 & 10 :) <3 ->", "1) first 2) second", "x = y * 2", "==", "=== heading?",
]


@pytest.mark.parametrize("raw", HARD_CASES)
def test_md_escape_renders_as_typed_and_escapes_no_more_than_needed(raw):
    check_md_escape(raw)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(texts)
def test_md_escape_properties(raw):
    check_md_escape(raw)


# Text that looks like what people type, dense in the characters Markdown cares about.
prose = st.lists(
    st.sampled_from(
        ["word", "Park", "2023", " ", " ", "\n", "-", "*", "_", "`", "#", ">", "<", "[", "]", "(", ")",
         "!", "&", ";", "amp", "=", "+", "1.", "|", "~", "\\", ":", "http://x.y", "a@b.co", "<b>", "</b>"]
    ),
    max_size=25,
).map("".join)


@settings(max_examples=600, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(prose)
def test_md_escape_properties_on_markup_dense_prose(raw):
    check_md_escape(raw)


@pytest.mark.parametrize("raw", ["see https://example.org/a_b_c and www.example.org", "mail a@b.co (or not)"])
def test_md_escape_with_bare_links(raw):
    # A renderer that links bare URLs (GitHub, markdown-it's linkify) shows the same text.
    rendered = markdown_it.MarkdownIt("gfm-like", {"linkify": True}).render(md_escape(raw))
    assert html.unescape(re.sub(r"<[^>]+>", "", rendered)).strip() == raw


@pytest.mark.parametrize("raw", ["a | b", "x|y|z", "[l](u)", "*a*", "1. a", "# h", "a\nb | c"])
def test_md_escape_in_a_table_cell(raw):
    cell = md_escape(raw, line_break=" / ")
    rendered = markdown_it.MarkdownIt("gfm-like").render(f"| head |\n| --- |\n| {cell} |\n")
    body = rendered.split("<tbody>")[1]
    assert body.count("<td>") == 1
    inner = body.split("<td>")[1].split("</td>")[0]
    assert html.unescape(inner) == " / ".join(_expected_lines(raw).split("\n"))


# --- one_line ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("raw", "width", "expected"),
    [
        ("a\nb", None, "a b"),
        ("first line \n\n  second\r\nthird", None, "first line second third"),
        ("\x1b[31mred\x1b[0m\n", None, "red"),
        ("short", 10, "short"),
        ("exactly10!", 10, "exactly10!"),
        ("abcdefghijk", 10, "abcdefghi\u2026"),
        ("The quick brown fox jumps over the lazy dog", 20, "The quick brown fox\u2026"),
        ("ab" + FAMILY + "cd", 4, "ab\u2026"),
        ("anything", 1, "\u2026"),
        ("anything", 0, ""),
        ("", 5, ""),
        (None, 5, ""),
    ],
)
def test_one_line(raw, width, expected):
    assert one_line(raw, width) == expected


@settings(max_examples=300, deadline=None)
@given(texts, st.one_of(st.none(), st.integers(min_value=0, max_value=30)))
def test_one_line_properties(raw, width):
    out = one_line(raw, width)
    assert "\n" not in out
    assert width is None or len(out) <= width
    assert not out.endswith(ZWJ + "\u2026")
    if width is None:
        assert out == clean(raw, None, multiline=False)


def test_one_line_huge_input():
    out = one_line("word " * 100_000, 40)
    assert len(out) <= 40 and out.endswith("\u2026")


# --- an action's owner: a role or an agency, never a person (issue 12) --------------------------------

from workshop.text import role_spans  # noqa: E402  (here, so the import list above stays as it was)

ROLES = ["Youth service lead", "DSL at each school", "Head of Year 9", "Community Safety Partnership",
         "Chair of the board", "Neighbourhood Sergeant", "Harris Academy head", "St Mary's head teacher",
         "Detached youth work team", "Transport for London", "Housing officer", "Licensing team", "Ofsted",
         "Victoria bus station manager", "Victoria station staff", "Park wardens", "British Transport Police",
         "Head of Children's Services", "Designated Safeguarding Lead", "Bus operator (Arriva)", "Me", "Our team"]
PEOPLE = ["Sarah Jones", "Sarah", "Mr Patel", "Jo from housing", "Inspector Smith", "Dave", "Sarah and Tom",
          "jsmith@example.org", "07700 900123"]


@pytest.mark.parametrize("owner", ROLES)
def test_a_role_or_an_agency_is_not_taken_for_a_person(owner: str) -> None:
    assert role_spans(owner) == []


@pytest.mark.parametrize("owner", PEOPLE)
def test_a_person_as_owner_is_caught_even_a_lone_first_name(owner: str) -> None:
    spans = role_spans(owner)
    assert spans and spans[0][0] == 0
    assert personal_data_spans(owner) == [] or personal_data_spans(owner)[0] in spans  # a superset of the guard
