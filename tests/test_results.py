"""Fact rows (:mod:`reportmine.results`): the compact form batch workers send and the store
writes must give exactly the dicts :meth:`Fact.to_dict` gives."""

from __future__ import annotations

import json
import pickle

import pytest

import reportmine
from reportmine.records import CountFact, DocumentFact, MoneyFact, ProgramFact
from reportmine.results import ROW_FIELDS, DocumentResult, FactRows, dict_row, fact_row, row_dict, rows_of

TEXTS = [
    "2019年全县投入扶贫资金3.5亿元，带动贫困户1,200户、4300余人脱贫，贫困发生率降至0.5%。",
    "開展“萬企幫萬村”行動，落實《關於打贏脫貧攻堅戰的決定》，種植茶葉2000畝。",
    "",
]


@pytest.mark.parametrize("text", TEXTS)
def test_rows_give_the_same_dicts_as_to_dict(text: str) -> None:
    report = reportmine.extract(text, "doc-1")
    rows = FactRows.of("doc-1", report.facts)
    assert len(rows) == len(report.facts)
    want = [f.to_dict() for f in report.facts]
    assert list(rows) == want
    assert rows == want and want == rows
    assert [json.dumps(d, ensure_ascii=False) for d in rows] == [
        json.dumps(d, ensure_ascii=False) for d in want
    ]
    if want:
        assert rows[0] == want[0] and rows[-1] == want[-1] and rows[1:] == want[1:]
    # the dict form gives the same rows back
    assert tuple(dict_row("doc-1", i, d) for i, d in enumerate(want)) == rows.rows
    assert rows_of("doc-1", want) == rows.rows == rows_of("doc-1", rows)


def test_row_columns_and_extras() -> None:
    f = ProgramFact(
        "“万企帮万村”行动", 2, 11, "万企帮万村", category="行动", doc_id="d", sentence="开展“万企帮万村”行动"
    )
    row = fact_row("d", 7, f)
    assert len(row) == len(ROW_FIELDS) and ROW_FIELDS[:2] == ("doc_id", "seq")
    assert row[:3] == ("d", 7, "program")
    assert json.loads(row[ROW_FIELDS.index("extra")]) == {"category": "行动"}
    assert row_dict(row) == f.to_dict()
    g = DocumentFact("《决定》", 0, 4, "决定", doc_id="d", flags=("caption",))
    assert row_dict(fact_row("d", 0, g)) == g.to_dict()
    assert json.loads(fact_row("d", 0, g)[ROW_FIELDS.index("flags")]) == ["caption"]


def test_numbers_json_and_sqlite_cannot_hold_are_flagged_overflow() -> None:
    big = CountFact("x", 0, 1, 10**400, "户", low=2**70, high=2.5)
    d = row_dict(fact_row("d", 0, big))
    assert d["value"] is None and d["low"] == float(2**70) and d["high"] == 2.5
    assert d["flags"] == ["overflow"]
    already = MoneyFact("x", 0, 1, float("inf"), "元", flags=("overflow",))
    d = row_dict(fact_row("d", 0, already))
    assert d["value"] is None and d["flags"] == ["overflow"]
    d = row_dict(dict_row("d", 0, {"kind": "count", "value": 2**63, "flags": []}))
    assert d["value"] == float(2**63) and d["flags"] == ["overflow"]
    d = row_dict(dict_row("d", 0, {"kind": "count", "value": 2**63 - 1}))
    assert d["value"] == 2**63 - 1 and d["flags"] == []


def test_facts_of_one_sentence_share_one_string() -> None:
    report = reportmine.extract("带动贫困户1200户、4300人、3个村脱贫。", "d")
    rows = FactRows.of("d", report.facts)
    sentences = {id(r[ROW_FIELDS.index("sentence")]) for r in rows.rows}
    assert len(rows) == 3 and len(sentences) == 1


def test_rows_pickle_small_and_equal() -> None:
    report = reportmine.extract(TEXTS[0], "doc-1")
    result = DocumentResult("doc-1", "s", "h", 0, "done", facts=FactRows.of("doc-1", report.facts))
    back = pickle.loads(pickle.dumps(result))
    assert back == result and isinstance(back.facts, FactRows)
    as_dicts = DocumentResult("doc-1", "s", "h", 0, "done", facts=tuple(f.to_dict() for f in report.facts))
    assert len(pickle.dumps(result)) < len(pickle.dumps(as_dicts))
    assert back == as_dicts


def test_fact_rows_behave_like_a_sequence() -> None:
    rows = FactRows.of("d", reportmine.extract(TEXTS[0], "d").facts)
    assert bool(rows) and not FactRows()
    assert rows != "abc" and rows != 5
    assert "facts" in repr(rows)
    with pytest.raises(TypeError):
        hash(rows)
    with pytest.raises(IndexError):
        rows[len(rows)]
