"""Document metadata: the case table tests/cases/meta_*.tsv, and datelines across the archives."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from _cases import load, params
from reportmine.pipeline import Pipeline
from reportmine.records import DocumentMeta


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline()


def _field(meta: DocumentMeta, original: str, field: str) -> str:
    if field == "captions":
        return " | ".join(original[a:b] for a, b in meta.captions)
    v: Any = getattr(meta, field)
    if isinstance(v, tuple):
        return " | ".join(v)
    return "" if v is None else str(v)


COLUMNS = ("text", "field", "expected", "note")


@pytest.mark.parametrize(COLUMNS, params("meta_*.tsv", COLUMNS, optional=["note"]))
def test_meta_cases(pipe: Pipeline, text: str, field: str, expected: str, note: str) -> None:
    meta = pipe.extract(text).meta
    assert _field(meta, text, field) == expected, note


def test_tables_are_big_enough() -> None:
    assert len(load("meta_*.tsv", COLUMNS, optional=["note"])) >= 25


def test_spans_point_into_the_original(pipe: Pipeline) -> None:
    text = (
        "小康路上并肩行\r\n辽宁日报 2020年08月05日\r\n本报记者 张 旭\r\n"
        "本报讯 今年以来,北票市开展系列活动,动员全社会力量。"
    )
    m = pipe.extract(text).meta
    assert m.headline_span is not None and text[slice(*m.headline_span)] == m.headline
    assert m.date_span is not None and text[slice(*m.date_span)] == "2020年08月05日"
    assert [text[a:b] for a, b in m.byline_spans] == list(m.bylines) == ["本报记者 张 旭"]


def test_facts_in_captions_are_flagged(pipe: Pipeline) -> None:
    text = (
        "标题\n\n北票市发展养鸭产业带动贫困户致富。2020年8月 本报记者 张 旭 摄\n\n"
        "2020年7月,全市开展“五个一”活动。"
    )
    report = pipe.extract(text)
    flags = {f.text: f.flags for f in report.of_kind("date", "program")}
    assert "caption" in flags["2020年8月"]
    assert "caption" not in flags["2020年7月"]
    assert "caption" not in flags["“五个一”活动"]


def test_dateline_year_becomes_document_date(pipe: Pipeline) -> None:
    report = pipe.extract("辽宁日报 2020年08月05日\n\n7月29日,北票市组织干部走访贫困户,帮助解决实际困难。")
    assert report.meta.date == "2020-08-05"
    assert [f.value for f in report.of_kind("date")] == ["2020-08-05", "2020-07-29"]


_BODY = "今年以来，各地推进脱贫攻坚，成效明显。"
# one case per step of MetaExtractor.find: (text, field, expected)
STEPS = [
    # leading lines: a short kicker before a longer title is a subheadline
    (f"中宣部\n新时代文明实践中心建设试点工作推进会召开\n本报北京10月1日电（记者朱基钗）{_BODY}",
     "headline", "新时代文明实践中心建设试点工作推进会召开"),
    (f"中宣部\n新时代文明实践中心建设试点工作推进会召开\n本报北京10月1日电（记者朱基钗）{_BODY}",
     "subheadlines", "中宣部"),
    # dateline without a header date: month and day only; the bracket after it is a byline
    (f"中宣部\n新时代文明实践中心建设试点工作推进会召开\n本报北京10月1日电（记者朱基钗）{_BODY}",
     "date", "--10-01"),
    (f"中宣部\n新时代文明实践中心建设试点工作推进会召开\n本报北京10月1日电（记者朱基钗）{_BODY}",
     "authors", "朱基钗"),
    (f"脱贫路上\n新华社北京九月三十日电 {_BODY}", "date", "--09-30"),
    (f"脱贫路上\n新华社北京九月三十日电 {_BODY}", "source", "新华社"),
    (f"脱贫路上\n新华社北京九月三十日电 {_BODY}", "place", "北京"),
    # header: its year dates the dateline, its source wins over the dateline's
    (f"人民日报 2020年09月28日 第3版\n脱贫路上\n新华社北京9月30日电 {_BODY}", "date", "2020-09-30"),
    (f"人民日报 2020年09月28日 第3版\n脱贫路上\n新华社北京9月30日电 {_BODY}", "source", "人民日报"),
    # a header with an impossible date is no header: the source comes from a 来源 line
    (f"来源：辽宁日报\n标题在此\n2020年02月30日\n{_BODY}", "date", ""),
    (f"来源：辽宁日报\n标题在此\n2020年02月30日\n{_BODY}", "source", "辽宁日报"),
]


@pytest.mark.parametrize(("text", "field", "expected"), STEPS)
def test_meta_steps(pipe: Pipeline, text: str, field: str, expected: str) -> None:
    assert _field(pipe.extract(text).meta, text, field) == expected


_DATELINE = re.compile(r"(\d{1,2})月(\d{1,2})日电")


@pytest.mark.slow
@pytest.mark.corpora
def test_datelines_across_the_archives(corpora: list[Path]) -> None:
    """Every article extracts without error; ≥95% of dated datelines reach Report.meta."""
    from conftest import iter_corpora_articles

    pipe = Pipeline(kinds={"date", "program", "document"})
    with_dateline = hits = articles = 0
    misses: list[str] = []
    for name, raw in iter_corpora_articles():
        articles += 1
        report = pipe.extract(raw, name)
        for f in report.facts:
            assert raw[f.start : f.end] == f.text, name
        m = _DATELINE.search(raw)
        if m is None:
            continue
        with_dateline += 1
        want = f"-{int(m[1]):02d}-{int(m[2]):02d}"
        if report.meta.date is not None and report.meta.date.endswith(want):
            hits += 1
        else:
            misses.append(f"{name}: {m.group()} -> {report.meta.date}")
    assert articles > 3000
    assert with_dateline > 1000
    assert hits / with_dateline >= 0.95, misses[:20]


@pytest.mark.parametrize(
    ("text", "written"),
    [
        ("\u3000\u3000新華社北京2019年10月1日電（記者張三）全縣脫貧。", "2019年10月1日"),
        ("标题\r\n\u3000本报北京二〇一九年十月一日讯 全县脱贫。", "二〇一九年十月一日"),
    ],
)
def test_a_dateline_with_a_year_gives_a_full_date(pipe: Pipeline, text: str, written: str) -> None:
    report = pipe.extract(text)
    assert report.meta.date == "2019-10-01"
    assert report.meta.date_span is not None and text[slice(*report.meta.date_span)] == written
    assert report.meta.place == "北京"


@pytest.mark.slow
@pytest.mark.corpora
def test_writing_the_year_into_each_archive_dateline(corpora: list[Path]) -> None:
    """Every archive dateline read as ``--MM-DD``, written again with its year (``本报北京10月1日电``
    → ``本报北京2019年10月1日电``, the year of the article's issue), gives that full date and the
    same metadata otherwise: headline, source, place, bylines, authors, notes, captions."""
    from conftest import iter_corpora_articles

    pipe = Pipeline(kinds={"date"})
    same = ("headline", "subheadlines", "source", "place", "bylines", "authors", "author_notes")
    checked = 0
    for name, raw in iter_corpora_articles():
        before = pipe.extract(raw).meta
        if before.date is None or not before.date.startswith("--") or before.date_span is None:
            continue
        year = re.search(r"(20\d\d)\d{4}-", name)
        assert year is not None, name
        a = before.date_span[0]
        after = pipe.extract(f"{raw[:a]}{year[1]}年{raw[a:]}").meta
        assert after.date == f"{year[1]}{before.date[1:]}", name
        assert [getattr(after, f) for f in same] == [getattr(before, f) for f in same], name
        assert len(after.captions) == len(before.captions), name
        checked += 1
    assert checked > 1000
