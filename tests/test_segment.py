"""Segmentation: the field-sentence tables, tiling of the original text, facts kept whole."""

from __future__ import annotations

import functools
from typing import Any

import pytest

from _cases import load
from fuzz.strategies import check_tokens
from reportmine import Pipeline
from reportmine.lexicon import Lexicon
from reportmine.records import CountFact, DateFact, Fact, MoneyFact, ProgramFact
from reportmine.segmentation import Segmenter, Token, available_backends
from reportmine.text import Alignment, Text

BACKENDS = available_backends()


def _boundaries(tokens: list[Token]) -> set[int]:
    return {t.start for t in tokens} | {t.end for t in tokens}



def assert_facts_whole(tokens: list[Token], facts: tuple[Fact, ...] | list[Fact]) -> None:
    """Every fact is exactly one token (overlapping facts: one token covering both)."""
    bounds = _boundaries(tokens)
    for f in facts:
        assert f.start in bounds and f.end in bounds, f
        inside = [b for b in bounds if f.start < b < f.end]
        assert not inside, (f, inside)


# -- the field-sentence tables ----------------------------------------------------------------
COLUMNS = ("source", "text", "expected", "facts")


def _rows(name: str) -> list[Any]:
    """``(text, expected, facts)`` per row of one table; ``facts`` split on ``|``."""
    rows = load(name, COLUMNS)
    return [r.param(r["text"], r["expected"], [x for x in r["facts"].split("|") if x]) for r in rows]


def _facts_at(text: str, spans: list[str]) -> list[Fact]:
    out: list[Fact] = []
    pos = 0
    for s in spans:
        i = text.index(s, pos)
        out.append(Fact(s, i, i + len(s), None))
        pos = i + len(s)
    return out


@pytest.fixture(scope="module", params=BACKENDS)
def pipe(request: pytest.FixtureRequest) -> Pipeline:
    return Pipeline(segmenter=request.param)


def _check_row(pipe: Pipeline, text: str, expected: str, facts: list[str]) -> None:
    assert "".join(expected.split("|")) == text, "table row: expected tokens do not spell the text"
    tokens = pipe.segment(text, facts=_facts_at(text, facts))
    assert "|".join(t.text for t in tokens) == expected


@pytest.mark.parametrize(("text", "expected", "facts"), _rows("segment_seeds.tsv"))
def test_seed_sentences(pipe: Pipeline, text: str, expected: str, facts: list[str]) -> None:
    _check_row(pipe, text, expected, facts)


@pytest.mark.parametrize(("text", "expected", "facts"), _rows("segment_peoples_daily.tsv"))
def test_peoples_daily_sentences(pipe: Pipeline, text: str, expected: str, facts: list[str]) -> None:
    _check_row(pipe, text, expected, facts)


@pytest.mark.parametrize(("text", "expected", "facts"), _rows("segment_constructed.tsv"))
def test_constructed_sentences(pipe: Pipeline, text: str, expected: str, facts: list[str]) -> None:
    _check_row(pipe, text, expected, facts)


def test_tables_hold_150_field_sentences() -> None:
    n = len(load("segment_*.tsv", COLUMNS))
    assert n >= 150


@functools.lru_cache(maxsize=1)
def _jieba() -> Segmenter:
    """A jieba segmenter with the shipped lexicon, shared by the tests below."""
    return Segmenter(Lexicon.load(), "jieba")


# -- projection onto the original -------------------------------------------------------------
def test_traditional_text_segments_through_its_simplified_form(pipe: Pipeline) -> None:
    tokens = pipe.segment("駐村工作隊和村兩委幫助建檔立卡貧困戶", facts=False)
    assert [t.text for t in tokens] == ["駐村工作隊", "和", "村兩委", "幫助", "建檔立卡貧困戶"]


def test_removed_space_between_words_is_its_own_token(pipe: Pipeline) -> None:
    # normalization deletes the space between number and unit; it comes back as a token
    tokens = pipe.segment("貧困戶35 戶", facts=False)
    assert [t.text for t in tokens] == ["貧困戶", "35", " ", "戶"]
    assert [(t.start, t.end) for t in tokens] == [(0, 3), (3, 5), (5, 6), (6, 7)]


def test_removed_pinyin_stays_with_its_character(pipe: Pipeline) -> None:
    tokens = pipe.segment("嚴格履行駐村聯(lián)戶職責", facts=False)
    texts = [t.text for t in tokens]
    assert "駐村聯(lián)戶" in texts


def test_joined_line_break_inside_a_word_stays_inside_it() -> None:
    original = "驻村帮\n扶工作"
    # a normalization that joined the line break: normalized "驻村帮扶工作"
    t = Text(original, "驻村帮扶工作", Alignment.from_edits(len(original), [(3, 4, "")]))
    tokens = _jieba().segment(t)
    assert [x.text for x in tokens] == ["驻村帮\n扶", "工作"]


def test_words_from_one_block_of_characters_become_one_token() -> None:
    # a phrase conversion mapped 5 original characters onto 4 normalized ones as one block:
    # the two words found there (扶贫 | 工作) cannot be told apart in the original
    original = "ABCDE的"
    align = Alignment([(0, 4, 0, 5), (4, 5, 5, 6)], len(original), 5)
    t = Text(original, "扶贫工作的", align)
    tokens = _jieba().segment(t)
    check_tokens(original, tokens)
    assert [x.text for x in tokens] == ["ABCDE", "的"]


def test_empty_and_blank_texts(pipe: Pipeline) -> None:
    assert pipe.segment("") == []
    tokens = pipe.segment("\r\n  \n")
    check_tokens("\r\n  \n", tokens)


# -- facts are never split --------------------------------------------------------------------
def _seg(text: str, facts: list[Fact], pos: bool = False) -> list[Token]:
    return _jieba().segment(Text(text), facts=facts, pos=pos)


def test_fact_spanning_several_words_is_one_token() -> None:
    text = "投入资金100余万元，用于"
    f = MoneyFact("100余万元", 4, 10, 1_000_000, "元", "over")
    assert "100余万元" not in [t.text for t in _seg(text, [])]  # jieba alone: 100 | 余万元
    assert [t.text for t in _seg(text, [f])] == ["投入", "资金", "100余万元", "，", "用于"]


def test_fact_edges_inside_words_split_those_words() -> None:
    # a fact that starts inside a word: the word is cut at the fact's edge
    text = "贫困户35户"
    f = CountFact("户35户", 2, 6, 35, "户")
    tokens = _seg(text, [f])
    assert [t.text for t in tokens] == ["贫困", "户35户"]


def test_overlapping_and_nested_facts_make_one_token() -> None:
    text = "开展“2019年万企帮万村”行动"
    prog = ProgramFact("“2019年万企帮万村”行动", 2, 16, "2019年万企帮万村行动")
    date = DateFact("2019年", 3, 8, "2019")
    assert [t.text for t in _seg(text, [date, prog])] == ["开展", "“2019年万企帮万村”行动"]
    a = CountFact("35户、73", 3, 9, 35, "户")
    b = CountFact("73人", 7, 10, 73, "人")
    tokens = _seg("贫困户35户、73人已", [a, b])
    assert [t.text for t in tokens] == ["贫困户", "35户、73人", "已"]


def test_adjacent_facts_stay_two_tokens() -> None:
    text = "35户73人"
    tokens = _seg(text, [CountFact("35户", 0, 3, 35, "户"), CountFact("73人", 3, 6, 73, "人")])
    assert [t.text for t in tokens] == ["35户", "73人"]


def test_fact_that_does_not_match_the_text_is_an_error() -> None:
    with pytest.raises(ValueError, match="does not match"):
        _seg("贫困户35户", [CountFact("73人", 3, 6, 73, "人")])
    with pytest.raises(ValueError):
        _seg("贫困户", [CountFact("xx", 5, 7, 1, "户")])


def test_digit_groups_are_one_token_even_without_facts() -> None:
    tokens = _seg("识别3,200人，投入1,234.5万元，序号1,2,3", [])
    texts = [t.text for t in tokens]
    assert "3,200" in texts and "1,234.5" in texts
    assert "1,2,3" not in texts  # not a thousands grouping


def test_pipeline_keeps_extracted_facts_whole(pipe: Pipeline) -> None:
    text = "全村建档立卡贫困户35户、73人，2019年5月30日开展“万企帮万村”行动，投入资金100余万元。"
    report = pipe.extract(text)
    tokens = pipe.segment(text)
    check_tokens(text, tokens)
    assert_facts_whole(tokens, report.facts)
    texts = {t.text for t in tokens}
    for f in report.facts:
        assert f.text in texts
    # with facts=False the lexical segmentation is returned
    plain = pipe.segment(text, facts=False)
    assert "“万企帮万村”行动" not in {t.text for t in plain}


def test_pipeline_makes_100_yu_wan_yuan_one_token(pipe: Pipeline) -> None:
    tokens = pipe.segment("投入资金100余万元。")
    assert "100余万元" in [t.text for t in tokens]


# -- part of speech ---------------------------------------------------------------------------
def test_pos_tags_do_not_change_boundaries(pipe: Pipeline) -> None:
    text = "驻村第一书记帮助贫困户35户发展光伏扶贫，2019年5月脱贫。"
    i, j = text.index("35户"), text.index("2019年5月")
    facts = [CountFact("35户", i, i + 3, 35, "户"), DateFact("2019年5月", j, j + 7, "2019-05")]
    plain = pipe.segment(text, facts=facts)
    tagged = pipe.segment(text, pos=True, facts=facts)
    assert [(t.start, t.end) for t in plain] == [(t.start, t.end) for t in tagged]
    assert all(t.pos is None for t in plain)
    assert all(t.pos for t in tagged)
    tags = {t.text: t.pos for t in tagged}
    assert tags["35户"] == "m"
    assert tags["2019年5月"] == "t"
    assert tags["驻村第一书记"] == "n"  # from lexicons/domain_terms.txt
    assert tags["光伏扶贫"] == "vn"


def test_whitespace_and_punctuation_are_tagged_x(pipe: Pipeline) -> None:
    tokens = pipe.segment("贫困户35 户，", pos=True, facts=False)
    assert {t.text: t.pos for t in tokens}[" "] == "x"
    assert {t.text: t.pos for t in tokens}["，"] == "x"
