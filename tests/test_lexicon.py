"""The lexicon loader: every table's declared format, checked as it loads, with path:line errors."""

from __future__ import annotations

from decimal import Decimal
from importlib import resources
from pathlib import Path

import pytest

from reportmine import Pipeline
from reportmine.errors import LexiconError
from reportmine.lexicon import Lexicon, Row
from reportmine.lexicon.tables import (
    DATE_WORDS,
    DOMAIN_TERMS,
    MONEY_CUES,
    PROGRAM_CATEGORIES,
    TABLES,
    UNITS,
    YEAR_LENGTHS,
    grouped,
)


def _load(tmp_path: Path, table: str, rows: str) -> Lexicon:
    (tmp_path / f"{table}.txt").write_text("# my rows\n\n" + rows, encoding="utf-8")
    return Lexicon.load([tmp_path])


def _fails(tmp_path: Path, table: str, rows: str) -> str:
    """The message of loading ``rows`` (lines 3, 4 … of an extra table file)."""
    with pytest.raises(LexiconError) as err:
        _load(tmp_path, table, rows)
    return str(err.value)


# -- one test per failure mode of the loader --------------------------------------------------------


def test_wrong_column_count(tmp_path: Path) -> None:
    message = _fails(tmp_path, "qualifiers", "约 approx\n")
    assert message == f"{tmp_path / 'qualifiers.txt'}:3: expected 3 fields (word qualifier position), got 2"


def test_too_many_fields_for_optional_columns(tmp_path: Path) -> None:
    message = _fails(tmp_path, "units", "亩 area 亩 1 - - extra\n")
    assert message.endswith(
        "units.txt:3: expected 5 or 6 fields (form kind canonical factor traditional [options]), got 7"
    )


def test_unknown_enumeration_value(tmp_path: Path) -> None:
    message = _fails(tmp_path, "qualifiers", "约 about pre\n")
    assert message.endswith("qualifiers.txt:3: unknown qualifier 'about' (one of over|under|approx|exact)")


def test_unknown_kind_of_a_kind_word_table(tmp_path: Path) -> None:
    message = _fails(tmp_path, "year_lengths", "span_before 足足\nspan_around 足足\n")
    assert "year_lengths.txt:4: unknown kind 'span_around' (one of date_before|" in message


def test_bad_number(tmp_path: Path) -> None:
    message = _fails(tmp_path, "units", "亩 area 亩 one -\n")
    assert message.endswith("units.txt:3: factor 'one' is not a number")
    message = _fails(tmp_path, "units", "亩 area 亩 0 -\n")
    assert message.endswith("units.txt:3: factor '0' must be a positive number")


@pytest.mark.parametrize(
    ("table", "row", "message"),
    [
        ("char_freq", "的 many", "count 'many' is not a non-negative integer"),
        ("char_freq", "的 -1", "count '-1' is not a non-negative integer"),
        ("domain_terms", "精准扶贫 0 vn", "freq '0' is not a positive integer"),
        ("date_words", "relative 去年 year last", "offset 'last' is not a whole number"),
    ],
)
def test_bad_whole_number(tmp_path: Path, table: str, row: str, message: str) -> None:
    assert _fails(tmp_path, table, row + "\n").endswith(f"{table}.txt:3: {message}")


@pytest.mark.parametrize(
    ("table", "row", "message"),
    [
        ("units", "亩 area 亩 1 - fancy", "unknown option 'fancy' (known: arabic, cue, not, then)"),
        ("units", "亩 area 亩 1 - not=", "option not= needs words separated by |"),
        ("measure_words", "户 户 - noun=1", "option 'noun' takes no value"),
        ("units", "亩|x area 亩 1 -", "form '亩|x' is not a form (no spaces, #, |, = or commas)"),
        ("measure_words", "户 户 戶,戶=", "traditional '戶=' is not a form (no spaces, #, |, = or commas)"),
        ("char_freq", "的的 12", "character '的的' is not a single character"),
        ("document_types", "plan", "word 'plan' is not a word starting with a Han character"),
        ("program_categories", "活动 sometimes", "unknown flag 'sometimes' (one of phrase|inner)"),
        ("domain_terms", "精准扶贫 2000 VN", "tag 'VN' is not a part-of-speech tag (a-z, 1-4 letters)"),
        ("domain_terms", "精准扶贫 vn extra", "unexpected field 'extra' after the tag"),
        ("date_words", "relative 去年", "expected: relative WORD year|month|day OFFSET"),
        ("date_words", "year_suffix 年末 year 0", "expected: year_suffix WORD"),
        ("subject_words", "房屋 word", "'房屋' holds no motion word"),
    ],
)
def test_other_malformed_fields(tmp_path: Path, table: str, row: str, message: str) -> None:
    assert _fails(tmp_path, table, row + "\n").endswith(f"{table}.txt:3: {message}")


def test_a_lexicon_built_from_rows_is_checked_when_a_table_is_read() -> None:
    lex = Lexicon({"units": [Row(("亩", "areal", "亩", "1", "-"), "mine.txt", 12)]})
    with pytest.raises(LexiconError, match=r"^mine\.txt:12: unknown kind 'areal'"):
        lex.table(UNITS)


# -- typed rows --------------------------------------------------------------------------------------


def test_rows_are_read_by_name() -> None:
    lex = Lexicon.load()
    mu = next(u for u in lex.table(UNITS) if u.form == "亩")
    assert (mu.kind, mu.canonical, mu.factor, mu.traditional) == ("area", "亩", Decimal(1), ("畝",))
    assert mu.options == {"not": ("均",)}
    assert mu.row.path == "lexicons/units.txt" and mu.row.fields[0] == "亩"
    last_year = next(w for w in lex.table(DATE_WORDS) if w.word == "去年")
    assert (last_year.kind, last_year.unit, last_year.offset) == ("relative", "year", -1)
    assert next(c for c in lex.table(PROGRAM_CATEGORIES) if c.word == "活动").flags == {"phrase", "inner"}


def test_optional_columns_may_be_left_out(tmp_path: Path) -> None:
    lex = _load(tmp_path, "domain_terms", "赛罕他拉村\n赛罕他拉 ns\n赛罕 9\n")
    mine = [(t.word, t.freq, t.tag) for t in lex.table(DOMAIN_TERMS) if t.row.path.startswith(str(tmp_path))]
    assert mine == [("赛罕他拉村", None, None), ("赛罕他拉", None, "ns"), ("赛罕", 9, None)]


def test_kind_word_tables_group_by_kind(tmp_path: Path) -> None:
    years = grouped(_load(tmp_path, "year_lengths", "span_before 足足\n"), YEAR_LENGTHS)
    assert list(years) == [
        "date_before", "date_after", "length_before", "length_after", "span_before", "span_after"
    ]
    assert years["span_before"][-1] == "足足" and "历经" in years["span_before"]
    assert grouped(Lexicon.load(), MONEY_CUES)["kuai_cue"][-1] == "一只"


def test_every_shipped_table_has_a_spec_and_a_header() -> None:
    root = resources.files("reportmine") / "lexicons"
    shipped = {e.name[:-4]: e.read_text(encoding="utf-8") for e in root.iterdir() if e.name.endswith(".txt")}
    assert sorted(shipped) == sorted(t.name for t in TABLES)
    for name, text in shipped.items():
        assert text.startswith("# "), name  # a header …
        assert "Syntax" in text or "Format" in text, name  # … that explains the syntax


# -- researcher rows in the new tables reach the extractors ------------------------------------------


def test_year_lengths_rows_of_a_researcher(tmp_path: Path) -> None:
    text = "这座古城足足2000年了"
    assert [(f.kind, f.value) for f in Pipeline().extract(text).facts] == [("date", "2000")]
    mine = Pipeline(_load(tmp_path, "year_lengths", "span_before 足足\ndate_before 足足\n"))
    assert [(f.kind, f.value) for f in mine.extract(text).facts] == [("duration", 2000)]


def test_money_cues_rows_of_a_researcher(tmp_path: Path) -> None:
    text = "他奖了500块"
    assert [(f.kind, f.unit) for f in Pipeline().extract(text).facts] == [("count", "块")]
    mine = Pipeline(_load(tmp_path, "money_cues", "kuai_cue 奖\n"))
    assert [(f.kind, f.unit) for f in mine.extract(text).facts] == [("money", "元")]


def test_rows_of_a_kind_that_moved_say_where_it_went(tmp_path: Path) -> None:
    # a researcher's date_words.txt written before year_lengths.txt existed
    (tmp_path / "date_words.txt").write_text("not_before 历经\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=r"date_words.txt:1: unknown kind 'not_before' .*year_lengths.txt"):
        Lexicon.load([tmp_path])
