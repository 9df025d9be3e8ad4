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
