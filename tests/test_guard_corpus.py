"""The personal-data guard measured on a labelled corpus (tests/data/guard_corpus*.tsv).

`guard_corpus.tsv` is the corpus the rules were developed on; `guard_corpus_heldout.tsv` was written
afterwards and measured unchanged. Recall is the share of personal-data lines the guard flags;
the false-alarm rate the share of ordinary workshop lines it flags. Run with `-s` to see the
figures (docs/security.md records them).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from workshop.text import find_personal_data

DATA = Path(__file__).parent / "data"
FILES = ("guard_corpus.tsv", "guard_corpus_heldout.tsv")


def read_corpus(name: str) -> list[tuple[str, str]]:
    rows = []
    for line in (DATA / name).read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        label, text = line.split("\t", 1)
        assert label in ("ok", "pd"), line
        rows.append((label, text))
    return rows


def measure(rows: list[tuple[str, str]]) -> tuple[float, float, list[str], list[str]]:
    personal = [text for label, text in rows if label == "pd"]
    ordinary = [text for label, text in rows if label == "ok"]
    missed = [text for text in personal if not find_personal_data(text)]
    alarms = [text for text in ordinary if find_personal_data(text)]
    return 1 - len(missed) / len(personal), len(alarms) / len(ordinary), missed, alarms


def test_corpus_is_big_enough_and_balanced():
    rows = read_corpus(FILES[0])
    personal = sum(label == "pd" for label, _ in rows)
    assert len(rows) >= 200
    assert 0.4 <= personal / len(rows) <= 0.6


@pytest.mark.parametrize("name", [*FILES, "both"])
def test_guard_recall_and_false_alarms(name, capsys):
    rows = read_corpus(FILES[0]) + read_corpus(FILES[1]) if name == "both" else read_corpus(name)
    recall, false_alarms, missed, alarms = measure(rows)
    with capsys.disabled():
        print(
            f"\n{name}: {len(rows)} lines ({sum(label == 'pd' for label, _ in rows)} personal data,"
            f" {sum(label == 'ok' for label, _ in rows)} ordinary), recall {recall:.3f}, false alarms {false_alarms:.3f}"
            + "".join(f"\n  missed: {text}" for text in missed)
            + "".join(f"\n  false alarm: {text}" for text in alarms)
        )
    assert recall >= 0.9, missed
    assert false_alarms <= 0.05, alarms


def test_the_issue_examples_are_in_the_corpus():
    """Every example the issue says the old guard missed opens a personal-data line of the corpus."""
    texts = [text for label, text in read_corpus(FILES[0]) if label == "pd"]
    for example in (
        "I spoke to Jayden Smith about it", "Sarah from the youth club helped",
        "Worked with PC Jones on the estate", "jade smith was there", "Tom from housing said",
        "Aged 14, lives on Elm Street", "jsmith at example dot org",
    ):
        assert any(text.startswith(example) for text in texts), example
