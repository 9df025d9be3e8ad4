"""The fast path of issue 19: ``QuantityExtractor.find_kinds`` builds only the facts of the
kinds asked for, working out another figure's subject only when the next one takes it over.

Its reference is :meth:`QuantityExtractor.find` filtered to those kinds: the same facts, in
the same order, field for field (on the seeds in both scripts, on generated texts full of
changes and comparisons, and, marked slow, on the People's Daily archives).
"""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import iter_corpora_articles, read_seed, seed_paths
from reportmine.extractors.base import Context
from reportmine.extractors.quantity.extractor import QuantityExtractor
from reportmine.lexicon import Lexicon
from reportmine.normalization import normalize
from reportmine.normalization.script import open_converter
from reportmine.pipeline import Pipeline
from reportmine.records import QUANTITY_KINDS, Fact

KIND_SETS = [frozenset({k}) for k in sorted(QUANTITY_KINDS)] + [
    frozenset({"money", "count"}),
    frozenset({"money", "percent"}),
    frozenset({"area", "weight", "duration"}),
    frozenset(QUANTITY_KINDS),
    frozenset(),
]


@pytest.fixture(scope="module")
def extractor() -> QuantityExtractor:
    return QuantityExtractor(Lexicon.load())


def _reference(q: QuantityExtractor, text: str, kinds: frozenset[str]) -> list[Fact]:
    return [f for f in q.find(Context(normalize(text))) if f.kind in kinds]


def _fast(q: QuantityExtractor, text: str, kinds: frozenset[str]) -> list[Fact]:
    return list(q.find_kinds(Context(normalize(text)), kinds))


def _check(q: QuantityExtractor, text: str) -> int:
    ctx_text = normalize(text)
    every = list(q.find(Context(ctx_text)))
    for kinds in KIND_SETS:
        expected = [f for f in every if f.kind in kinds]
        assert list(q.find_kinds(Context(ctx_text), kinds)) == expected, sorted(kinds)
    return len(every)


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name)
def test_seeds_both_scripts(extractor: QuantityExtractor, path: Path) -> None:
    text = read_seed(path)
    assert _check(extractor, text) >= 5
    _check(extractor, open_converter("s2t").convert(text))


def test_subjects_taken_over_from_a_kind_not_asked_for(extractor: QuantityExtractor) -> None:
    """The change and the comparison read the subject of a figure whose fact is not built."""
    text = "全县贫困人口由3000人减少到500人，投入资金5000万元，同比增长6.5%，人均收入由2000元增加到5000元。"
    money = _fast(extractor, text, frozenset({"money"}))
    assert [(f.text, f.subject) for f in money] == [
        (f.text, f.subject) for f in _reference(extractor, text, frozenset({"money"}))
    ]
    percent = _fast(extractor, text, frozenset({"percent"}))
    assert percent == _reference(extractor, text, frozenset({"percent"}))
    assert percent and percent[0].subject == _reference(extractor, text, frozenset({"money"}))[0].subject


def test_long_chain_needs_no_recursion(extractor: QuantityExtractor) -> None:
    """Thousands of percentages in one change chain, with money asked for at the end only."""
    text = "贫困发生率由" + "降至".join(f"{n}%" for n in range(3000, 0, -1)) + "，资金由1万元增加到2万元。"
    assert _fast(extractor, text, frozenset({"money"})) == _reference(extractor, text, frozenset({"money"}))


PIECES = [
    "贫困发生率", "由", "从", "降至", "增加到", "下降", "同比增长", "，", "。", "投入资金", "全县",
    "贫困户", "2014年的", "3000", "26.3", "三", "万", "元", "%", "人", "户", "亩", "吨", "年",
    "个百分点", "近", "以上", "比上年", "人均", "其中", "0.5", "5000亿元", "1.2万亩",
]


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40))
def test_generated_texts(extractor: QuantityExtractor, pieces: list[str]) -> None:
    _check(extractor, "".join(pieces))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(PIECES), max_size=40), st.frozensets(st.sampled_from(sorted(QUANTITY_KINDS))))
def test_any_subset_of_kinds(extractor: QuantityExtractor, pieces: list[str], kinds: frozenset[str]) -> None:
    """Any subset of the quantity kinds, on generated texts: fast == reference."""
    text = "".join(pieces)
    assert _fast(extractor, text, kinds) == _reference(extractor, text, kinds)


def test_other_kinds_get_no_subject_work(
    extractor: QuantityExtractor, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The point of the fast path: a figure of a kind not asked for is read, but its subject
    is not worked out unless a later figure takes it over."""
    calls: list[str] = []
    real = QuantityExtractor._subject_at

    def counting(self: QuantityExtractor, s: str, f, *args):  # type: ignore[no-untyped-def]
        calls.append(f.kind)
        return real(self, s, f, *args)

    monkeypatch.setattr(QuantityExtractor, "_subject_at", counting)
    text = "全县有贫困户1200户，耕地3.5万亩，粮食产量12万吨，投入资金5000万元。"
    assert [f.text for f in _fast(extractor, text, frozenset({"money"}))] == ["5000万元"]
    assert calls == ["money"]
    calls.clear()
    # 同比增长6.5%: the percentage takes over the money figure's subject, read then
    text = "投入资金5000万元，同比增长6.5%。"
    assert [f.kind for f in _fast(extractor, text, frozenset({"percent"}))] == ["percent"]
    assert calls == ["percent", "money"]


def test_pipeline_matches_its_reference_path() -> None:
    """A money-only pipeline (the fast path) against the same pipeline reading every kind."""
    for kinds in ({"money", "percent", "date"}, {"money", "count", "organization", "person"}):
        fast = Pipeline(kinds=kinds)
        assert fast._quantity_kinds == kinds & QUANTITY_KINDS
        slow = Pipeline(kinds=kinds)
        slow._quantity_kinds = None  # the reference: every quantity fact built, then filtered
        for path in seed_paths():
            text = read_seed(path)
            assert fast.extract(text).facts == slow.extract(text).facts
            other = open_converter("s2t").convert(text)
            assert fast.extract(other).facts == slow.extract(other).facts
    assert Pipeline(kinds={"money", "number"})._quantity_kinds is None  # numbers read every fact


@pytest.mark.slow
def test_archives(extractor: QuantityExtractor) -> None:
    articles = list(itertools.islice(iter_corpora_articles(), 600))
    if not articles:
        pytest.skip("no archives in ../shared/corpora")
    for _, text in articles:
        _check(extractor, text)
