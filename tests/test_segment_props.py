"""Properties of segmentation: tokens tile any text, facts are whole, script does not matter.

Hypothesis runs a modest number of examples by default; set ``REPORTMINE_HYPOTHESIS_EXAMPLES``
for a longer run (for example 2000).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import read_seed, seed_paths
from fuzz.strategies import check_tokens
from reportmine import Pipeline
from reportmine.lexicon import Lexicon
from reportmine.records import Fact
from reportmine.segmentation import Segmenter, Token, available_backends
from reportmine.text import Alignment, Text

EXAMPLES = int(os.environ.get("REPORTMINE_HYPOTHESIS_EXAMPLES", "60"))
SETTINGS = settings(
    max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)

# pieces of report text: simplified and traditional field words, numbers in both widths,
# converter pinyin, spaces, line breaks of both kinds, punctuation and quotes
FIELD = [
    "驻村工作队", "駐村工作隊", "第一书记", "第一書記", "建档立卡", "建檔立卡", "贫困户", "貧困戶",
    "村两委", "村兩委", "两不愁三保障", "易地扶贫搬迁", "消费扶贫", "光伏扶貧", "兜底保障",
    "防止返贫动态监测", "乡村振兴", "鄉村振興", "聯(lián)", "發(fā)", "35户", "100余万元", "3,200",
    "１２３", "64552.3 畝", "2019 年5 月30 日", "“万企帮万村”行动", "《关于实施乡村振兴战略的意见》",
    "，", "。", "、", "：", " ", "  ", "\n", "\r\n", "\n\n", "\u3000", "的", "和", "全村", "人", "亩",
    "%", "％", "A", "abc", "?", "\ufffd", "😀", "ä",
]
field_text = st.lists(st.sampled_from(FIELD), max_size=40).map("".join)
mixed_text = st.lists(st.one_of(st.sampled_from(FIELD), st.text(max_size=5)), max_size=20).map("".join)
any_text = st.one_of(field_text, st.text(max_size=80), mixed_text)



def assert_facts_whole(tokens: list[Token], facts: tuple[Fact, ...]) -> None:
    """No token boundary falls strictly inside a fact, and the fact's ends are boundaries."""
    bounds = {t.start for t in tokens} | {t.end for t in tokens}
    for f in facts:
        assert f.start in bounds and f.end in bounds, f
        assert not [b for b in bounds if f.start < b < f.end], f


@pytest.fixture(scope="module", params=available_backends())
def pipe(request: pytest.FixtureRequest) -> Pipeline:
    return Pipeline(segmenter=request.param)


@SETTINGS
@given(text=any_text)
def test_tokens_tile_any_text_and_facts_are_whole(pipe: Pipeline, text: str) -> None:
    report = pipe.extract(text)
    tokens = pipe.segment(text, facts=report.facts)
    check_tokens(text, tokens)
    assert_facts_whole(tokens, report.facts)


@SETTINGS
@given(text=any_text)
def test_tokens_tile_with_pos(pipe: Pipeline, text: str) -> None:
    tokens = pipe.segment(text, pos=True, facts=False)
    check_tokens(text, tokens)
    assert all(t.pos for t in tokens)


@st.composite
def aligned_texts(draw: st.DrawFn) -> Text:
    """An original text and a normalized text made from it by deleting, replacing and
    collapsing characters — the shapes of map a normalizer can produce."""
    original = draw(field_text.filter(bool))
    edits = []
    pos = 0
    while pos < len(original):
        start = draw(st.integers(pos, len(original)))
        if start >= len(original):
            break
        end = draw(st.integers(start, min(len(original), start + 4)))
        rep = draw(st.sampled_from(["", "X", "扶贫", "的"]))
        if end == start and not rep:
            end = start + 1
        edits.append((start, end, rep))
        pos = max(end, start + 1)
    normalized = []
    p = 0
    for s, e, r in edits:
        normalized.append(original[p:s] + r)
        p = e
    normalized.append(original[p:])
    align = Alignment.from_edits(len(original), edits)
    return Text(original, "".join(normalized), align)


_SEGMENTER = Segmenter(Lexicon.load(), "jieba")


@SETTINGS
@given(text=aligned_texts())
def test_tokens_tile_the_original_across_any_alignment(text: Text) -> None:
    tokens = _SEGMENTER.segment(text)
    check_tokens(text.original, tokens)


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name[:3])
def test_seeds_tile_and_keep_facts_whole(pipe: Pipeline, path: Path) -> None:
    raw = read_seed(path)
    report = pipe.extract(raw)
    tokens = pipe.segment(raw, facts=report.facts)
    check_tokens(raw, tokens)
    assert_facts_whole(tokens, report.facts)
    assert report.facts, "the seed has facts"


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name[:3])
def test_script_invariance_on_seeds(pipe: Pipeline, path: Path) -> None:
    import opencc

    raw = read_seed(path)
    trad = opencc.OpenCC("s2t").convert(raw)
    assert len(trad) == len(raw)
    for facts in (False, True):
        a = [(t.start, t.end) for t in pipe.segment(raw, facts=facts)]
        b = [(t.start, t.end) for t in pipe.segment(trad, facts=facts)]
        assert a == b, f"boundaries differ (facts={facts})"
