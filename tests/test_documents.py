"""Document facts: the case tables in tests/cases/documents_*.tsv, issuer and policy flag."""

from __future__ import annotations

import pytest

from _cases import load, params
from _named_cases import expected_pairs
from reportmine.errors import LexiconError
from reportmine.extractors.documents import DocumentExtractor
from reportmine.lexicon import Lexicon, Row
from reportmine.pipeline import Pipeline
from reportmine.records import DocumentFact


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(kinds={"document"})


COLUMNS = ("text", "expected", "issuers", "note")


@pytest.mark.parametrize(COLUMNS, params("documents_*.tsv", COLUMNS, optional=["note"]))
def test_document_cases(pipe: Pipeline, text: str, expected: str, issuers: str, note: str) -> None:
    report = pipe.extract(text)
    docs = [f for f in report.facts if isinstance(f, DocumentFact)]
    assert [(f.text, f.value) for f in docs] == expected_pairs(expected), note
    if issuers:
        want = [None if i == "none" else i for i in issuers.split(" | ")]
        assert [f.issuer for f in docs] == want, note
    for f in docs:
        assert text[f.start : f.end] == f.text


def test_tables_are_big_enough() -> None:
    assert len(load("documents_*.tsv", COLUMNS, optional=["note"])) >= 25


def test_policy_flag(pipe: Pipeline) -> None:
    facts = pipe.extract("《北京市控制吸烟条例》和《茶馆》").facts
    assert [f.flags for f in facts] == [("policy",), ()]


def test_years_in_titles_are_not_dates() -> None:
    facts = Pipeline().extract("制定《2019—2020 年村集體經濟發展規劃和脫貧計劃》").facts
    assert [f.kind for f in facts] == ["document"]


@pytest.mark.parametrize(
    ("table", "row"),
    [("document_issuers", ("verb",)), ("document_issuers", ("boss", "政府")), ("document_types", ("a", "b"))],
)
def test_bad_lexicon_rows_name_their_line(table: str, row: tuple[str, ...]) -> None:
    base = Lexicon.load()
    lex = Lexicon({**{n: base.rows(n) for n in base}, table: [Row(row, "d.txt", 9)]})
    with pytest.raises(LexiconError, match=r"d\.txt:9:"):
        DocumentExtractor(lex)
