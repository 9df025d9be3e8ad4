"""The quantity tables load into the extractor, and a malformed row names its path and line."""

from __future__ import annotations

from pathlib import Path

import pytest

from reportmine.errors import LexiconError
from reportmine.extractors.quantity.extractor import QuantityExtractor
from reportmine.extractors.quantity.units import UnitTable
from reportmine.lexicon import Lexicon


def test_shipped_tables_compile() -> None:
    q = QuantityExtractor(Lexicon.load())
    u = q.units.lookup("畝")
    assert u is not None and (u.kind, u.canonical) == ("area", "亩")
    assert q.units.lookup("个多月") is not None
    assert q.units.lookup("延长米") is not None and q.units.lookup("延长米").canonical == "米"  # type: ignore[union-attr]


BAD_ROWS = [
    ("units", "亩 area 亩\n", "expected 5 or 6 fields"),
    ("units", "亩 areal 亩 1 -\n", "unknown kind"),
    ("units", "亩 area 亩 x -\n", "is not a number"),
    ("units", "亩 area 亩 -1 -\n", "positive"),
    ("units", "亩 area 亩 1 - fancy\n", "unknown option"),
    ("units", "亩 area 亩 1 - not=\n", "needs words"),
    ("units", "米 length 米 1 -\n米 length 公里 1000 -\n", "defined twice"),
    ("measure_words", "户\n", "expected 3 or 4 fields"),
    ("measure_words", "户 户 - arabic=1\n", "takes no value"),
    ("qualifiers", "约 approx\n", "expected 3 fields"),
    ("qualifiers", "约 about pre\n", "unknown qualifier"),
    ("qualifiers", "约 approx middle\n", "unknown position"),
    ("per_words", "人均\n", "expected 2 fields (word per)"),
    ("money_words", "资金 money\n", "expected 1 field (word)"),
    ("number_phrases", "十九大 name\n", "phrase|prefix|prefix1"),
    ("subject_words", "投资 noun\n", "verb|func|pre|prep"),
    ("subject_words", "行走 word\n", "holds no motion word"),
]


@pytest.mark.parametrize(("table", "content", "message"), BAD_ROWS)
def test_bad_row_names_path_and_line(tmp_path: Path, table: str, content: str, message: str) -> None:
    (tmp_path / f"{table}.txt").write_text("# a comment line\n\n" + content, encoding="utf-8")
    with pytest.raises(LexiconError) as err:  # (Lexicon.load checks the table; 'defined twice' the extractor)
        QuantityExtractor(Lexicon.load([tmp_path]))
    text = str(err.value)
    assert f"{tmp_path / (table + '.txt')}:3:" in text
    assert message in text


def test_extra_rows_extend_the_shipped_tables(tmp_path: Path) -> None:
    (tmp_path / "measure_words.txt").write_text("垄 垄 壟\n", encoding="utf-8")
    table = UnitTable(Lexicon.load([tmp_path]))
    assert table.lookup("垄") is not None and table.lookup("壟") is not None
    assert table.lookup("户") is not None


def test_a_new_measure_word_is_read(tmp_path: Path) -> None:
    from reportmine.pipeline import Pipeline

    (tmp_path / "measure_words.txt").write_text("垄 垄 -\n", encoding="utf-8")
    p = Pipeline(Lexicon.load([tmp_path]), kinds={"count"})
    facts = p.extract("种植玉米30垄").facts
    assert [(f.text, f.value, f.unit) for f in facts] == [("30垄", 30, "垄")]
