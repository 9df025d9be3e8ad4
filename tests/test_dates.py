"""Date facts: the case tables in tests/cases/dates_*.tsv, plus options and invariants."""

from __future__ import annotations

import datetime as dt

import pytest

from _cases import load, params
from _named_cases import expected_pairs
from reportmine.errors import LexiconError
from reportmine.extractors.base import Context
from reportmine.extractors.dates import DateExtractor, chinese_number
from reportmine.lexicon import Lexicon, Row
from reportmine.pipeline import Pipeline
from reportmine.text import Text


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(kinds={"date"})


def _date(s: str) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


COLUMNS = ("text", "doc_date", "expected", "note")


@pytest.mark.parametrize(COLUMNS, params("dates_*.tsv", COLUMNS, optional=["note"]))
def test_date_cases(pipe: Pipeline, text: str, doc_date: str, expected: str, note: str) -> None:
    report = pipe.extract(text, doc_date=_date(doc_date))
    got = [(f.text, f.value) for f in report.of_kind("date")]
    assert got == expected_pairs(expected), note
    for f in report.facts:
        assert text[f.start : f.end] == f.text


def test_tables_are_big_enough() -> None:
    assert len(load("dates_*.tsv", COLUMNS, optional=["note"])) >= 60


def test_range_gives_low_and_high(pipe: Pipeline) -> None:
    (f,) = pipe.extract("2019—2020年村集体经济").facts
    assert (f.value, f.low, f.high) == ("2019", 2019, 2020)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("5—9月是草原的生长季", ("5—9月", "--05", 5, 9)),
        ("2019年1至8月，全縣", ("2019年1至8月", "2019-01", 1, 8)),
    ],
)
def test_month_range_gives_first_and_last_month(
    pipe: Pipeline, text: str, expected: tuple[object, ...]
) -> None:
    (f,) = pipe.extract(text).facts
    assert (f.text, f.value, f.low, f.high) == expected


def test_flags(pipe: Pipeline) -> None:
    (a,) = pipe.extract("7月29日", doc_date=dt.date(2020, 8, 5)).facts
    assert a.flags == ("inferred_year",)
    (b,) = pipe.extract("7月29日").facts
    assert b.flags == ("no_year",)
    (c,) = pipe.extract("2020年7月29日", doc_date=dt.date(2020, 8, 5)).facts
    assert c.flags == ()


def test_dateline_year_resolves_dates_without_year(pipe: Pipeline) -> None:
    text = "辽宁日报 2020年08月05日\n\n7月29日,北票市宝国老镇组织干部走访。"
    dates = [(f.text, f.value) for f in pipe.extract(text).of_kind("date")]
    assert dates == [("2020年08月05日", "2020-08-05"), ("7月29日", "2020-07-29")]


def test_relative_dates_only_when_asked_and_dated() -> None:
    ex = DateExtractor(Lexicon.load(), relative=True)
    t = Pipeline().normalize("今年以来,去年,本月和昨天;过去年代")
    dated = list(ex.find(Context(t, doc_date=dt.date(2019, 10, 1))))
    assert [(f.text, f.value, f.flags) for f in dated] == [
        ("今年", "2019", ("relative",)),
        ("去年", "2018", ("relative",)),
        ("本月", "2019-10", ("relative",)),
        ("昨天", "2019-09-30", ("relative",)),
    ]
    assert list(ex.find(Context(t))) == []  # no document date: left out
    assert list(DateExtractor(Lexicon.load()).find(Context(t, doc_date=dt.date(2019, 10, 1)))) == []


def test_offsets_survive_traditional_and_spaces(pipe: Pipeline) -> None:
    text = "自２０１９ 年５ 月３０ 日以來,幫扶"
    (f,) = pipe.extract(text).facts
    assert f.value == "2019-05-30"
    assert text[f.start : f.end] == f.text == "２０１９ 年５ 月３０ 日"
    assert f.sentence == text


@pytest.mark.parametrize(
    ("cn", "value"),
    [("二〇二〇", 2020), ("一九四九", 1949), ("十", 10), ("十二", 12), ("二十一", 21), ("三十", 30)],
)
def test_chinese_number(cn: str, value: int) -> None:
    assert chinese_number(cn) == value


@pytest.mark.parametrize(
    "row",
    [
        ("relative", "今年", "week", "0"),
        ("relative", "今年", "year", "x"),
        ("bogus", "今年"),
        ("year_suffix",),
    ],
)
def test_bad_lexicon_rows_name_their_line(row: tuple[str, ...]) -> None:
    base = Lexicon.load()
    lex = Lexicon({**{n: base.rows(n) for n in base}, "date_words": [Row(row, "x.txt", 7)]})
    with pytest.raises(LexiconError, match=r"x\.txt:7:"):
        DateExtractor(lex)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("8月11日至22日，在全县", ("8月11日至22日", "--08-11", 11, 22, ())),
        ("2019年3月5—8日", ("2019年3月5—8日", "2019-03-05", 5, 8, ())),
        ("十月一日至七日", ("十月一日至七日", "--10-01", 1, 7, ())),
        ("18年底全部脱贫", ("18年底", "2018", None, None, ("two_digit_year",))),
    ],
)
def test_day_range_and_two_digit_year(pipe: Pipeline, text: str, expected: tuple[object, ...]) -> None:
    (f,) = pipe.extract(text).facts
    flags = tuple(x for x in f.flags if x != "no_year")
    assert (f.text, f.value, f.low, f.high, flags) == expected


def test_two_digit_year_takes_the_document_century(pipe: Pipeline) -> None:
    (f,) = pipe.extract("98年底，大水", doc_date=dt.date(2020, 5, 1)).facts
    assert f.value == "1998"
    (g,) = pipe.extract("25年底建成", doc_date=dt.date(2020, 5, 1)).facts
    assert g.value == "2025"


def test_relative_year_before_a_month_with_the_relative_option() -> None:
    """去年 gives 9月 its year: one fact, not a second relative 去年 = 2019 (nor 年初 inside 18年初)."""
    ex = DateExtractor(Lexicon.load(), relative=True)
    ctx = Context(Text("去年9月，全村脱贫；去年，全村"), doc_date=dt.date(2020, 5, 1))
    got = sorted((f.text, f.value) for f in ex.find(ctx))
    assert got == [("9月", "2019-09"), ("去年", "2019")]
    ctx = Context(Text("18年初，合作社成立"), doc_date=dt.date(2020, 5, 1))
    assert [(f.text, f.value) for f in ex.find(ctx)] == [("18年初", "2018")]
