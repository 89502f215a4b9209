"""The guard dialog's pieces: the marked answer and the lines that say what each match looks like."""

from __future__ import annotations

from workshop.text import personal_data_spans
from workshop.ui.dialogs.guard import SHOWN_FINDINGS, marked, what_it_looks_like


def test_marked_marks_exactly_the_matched_words_and_keeps_markup_literal():
    text = "[b]x[/b] I spoke to Jayden Smith, ring 07912 345678"
    spans = personal_data_spans(text)
    content = marked(text, spans)
    assert content.plain == text  # "[b]" is text, not markup
    assert [(text[s.start : s.end]) for s in content.spans] == ["Jayden Smith", "07912 345678"]


def test_what_it_looks_like_says_each_kind_once_and_stays_short():
    text = "Tom from housing said Tom was 14"
    assert what_it_looks_like(text, personal_data_spans(text)) == ["\u201cTom\u201d looks like a name."]
    many = " ".join(f"{name} from housing said so." for name in ("Tom", "Sarah", "Priya", "Jade", "Liam", "Kai"))
    lines = what_it_looks_like(many, personal_data_spans(many))
    assert len(lines) == SHOWN_FINDINGS
    assert lines[-1] == "... and 3 more, marked in your text."
