"""The opt-in ``number`` kind and ``reportmine.to_arabic`` (issue 13).

Tables: ``tests/cases/number_kind_*.tsv`` (``text expected note``: ``-`` for no number fact,
else ``TEXT=VALUE`` or ``TEXT=LOW..HIGH`` joined by `` | ``; traditional tables say so in
their name) and ``tests/cases/to_arabic_*.tsv`` (``text expected note``: the converted text).
"""

from __future__ import annotations

import math

import pytest

import reportmine
from _cases import params
from reportmine.config import PipelineConfig
from reportmine.pipeline import Pipeline
from reportmine.records import DEFAULT_KINDS, KINDS

COLUMNS = ("text", "expected", "note")


@pytest.fixture(scope="module")
def pipes() -> dict[str, Pipeline]:
    return {
        "auto": Pipeline(kinds=["number"]),
        "traditional": Pipeline(kinds=["number"], script="traditional"),
    }


def _expected(cell: str) -> list[tuple[str, float, float]]:
    out = []
    for item in cell.split(" | ") if cell else []:
        text, _, value = item.rpartition("=")
        lo, _, hi = value.partition("..")
        out.append((text, float(lo), float(hi or lo)))
    return out


@pytest.mark.parametrize(
    ("table", "text", "expected", "note"),
    [
        pytest.param("traditional" if "traditional" in p.id else "auto", *p.values, marks=p.marks, id=p.id)
        for p in params("number_kind_*.tsv", COLUMNS, optional=["note"])
    ],
)
def test_number_kind_cases(
    pipes: dict[str, Pipeline], table: str, text: str, expected: str, note: str
) -> None:
    facts = pipes[table].extract(text).facts
    got = [
        (f.text, f.low if f.low is not None else f.value, f.high if f.high is not None else f.value)
        for f in facts
        if f.kind == "number"
    ]
    want = _expected(expected)
    assert [g[0] for g in got] == [w[0] for w in want], (note, got)
    for (_, glo, ghi), (_, wlo, whi) in zip(got, want, strict=True):
        assert isinstance(glo, (int, float)) and isinstance(ghi, (int, float))
        assert math.isclose(glo, wlo) and math.isclose(ghi, whi), (note, got)
    for f in facts:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(COLUMNS, params("to_arabic_*.tsv", COLUMNS, optional=["note"]))
def test_to_arabic_cases(text: str, expected: str, note: str) -> None:
    t = reportmine.to_arabic(text)
    assert (t.original, t.normalized) == (text, expected), note
    # every span of the new text maps back inside the input, in order
    ends = [t.span_to_original(i, i + 1) for i in range(len(t.normalized))]
    assert all(0 <= a <= b <= len(text) for a, b in ends)
    assert [a for a, _ in ends] == sorted(a for a, _ in ends)


def test_number_is_opt_in() -> None:
    assert "number" in KINDS and "number" not in DEFAULT_KINDS
    assert Pipeline().kinds == frozenset(DEFAULT_KINDS)
    assert not [f for f in Pipeline().extract("他说：一百五十二").facts if f.kind == "number"]
    config = PipelineConfig(kinds=[*DEFAULT_KINDS, "number"])
    facts = config.build().extract("他说：一百五十二，贫困户35户").facts
    assert [(f.kind, f.value) for f in facts] == [("number", 152), ("count", 35)]


def test_numbers_skip_what_other_kinds_claim_even_when_not_asked_for() -> None:
    # a count claims 35户 although only numbers were asked for
    assert [f.text for f in Pipeline(kinds=["number"]).extract("贫困户35户，得分98").facts] == ["98"]


def test_to_arabic_maps_a_converted_span_back() -> None:
    t = reportmine.to_arabic("全縣一百五十二戶，增長百分之八十")
    k = t.normalized.index("152")
    a, b = t.span_to_original(k, k + 3)
    assert t.original[a:b] == "一百五十二"
    k = t.normalized.index("80%")
    assert t.original[slice(*t.span_to_original(k, k + 3))] == "百分之八十"
