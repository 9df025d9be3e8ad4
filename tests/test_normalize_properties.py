"""Property tests of normalize(): the offset map holds for any mix of scripts and damage.

Inputs mix simplified and traditional Han, pinyin annotations, full-width characters,
spaces, line breaks, numbers with units and arbitrary Unicode. Longer runs:
``REPORTMINE_HYPOTHESIS_EXAMPLES=2000 python -m pytest tests/test_normalize_properties.py``.
"""

from __future__ import annotations

import os

from hypothesis import given, settings
from hypothesis import strategies as st

from reportmine.normalization.normalizer import normalize
from reportmine.text import Text

EXAMPLES = settings(max_examples=int(os.environ.get("REPORTMINE_HYPOTHESIS_EXAMPLES", "120")), deadline=None)

SIMPLIFIED = list("驻村帮扶工作队贫困户脱贫攻坚发展产业合作社元亩人名个年月日的了在是和")
TRADITIONAL = list("駐幫隊貧戶脫堅發產業畝們個與為書記區縣鄉")  # each changes in conversion
FRAGMENTS = [
    "(lián)",
    "(fā)",
    "（xié）",
    "(右二)",
    "(梁伟 路小飞)",
    "(de)",  # pinyin and ordinary brackets
    "３５",
    "１２．５％",
    "ＧＤＰ",
    "\u3000",
    "\u3000\u3000",  # full width
    " ",
    "  ",
    "\xa0",
    "\t",  # spaces
    "\n",
    "\r\n",
    "\n\n",
    "\r\n\r\n",
    "\n\n\n\n",  # line breaks
    "2019 年",
    "5 月",
    "30 日",
    "64552.3 畝",
    "35 户",
    "10:30 ",
    "1 ",  # numbers and units
    "，",
    "。",
    "、",
    "：",
    "“",
    "”",
    "《",
    "》",
    "?",
    "\ufffd",
    "ä¸­æ–‡",  # punctuation and damage
    "记憶體",
    "軟體",
    "計程車",
    "網際網路",  # tw2sp phrases that change length
]
_PIECES = st.one_of(
    st.sampled_from(SIMPLIFIED),
    st.sampled_from(TRADITIONAL),
    st.sampled_from(FRAGMENTS),
    st.text(max_size=3),  # arbitrary Unicode
)
MIXED = st.lists(_PIECES, max_size=40).map("".join)


def _check(raw: str, t: Text) -> None:
    n = len(t.normalized)
    assert t.original == raw
    prev = 0
    for i in range(n + 1):  # monotone, in bounds
        o = t.to_original(i)
        assert prev <= o <= len(raw)
        prev = o
    for i in range(n):
        for j in range(i + 1, min(n, i + 6) + 1):  # every span maps to a non-empty original span
            s, e = t.span_to_original(i, j)
            assert 0 <= s < e <= len(raw)
            assert t.original_slice(i, j) == (s, e, raw[s:e])
    for r in t.repairs:  # repairs in original offsets
        assert raw[r.start : r.end] == r.before
    for s, e in t.damaged:
        assert 0 <= s < e <= len(raw)
    # digits survive exactly: a normalized digit came from the same digit or its full-width form
    for i, ch in enumerate(t.normalized):
        if ch.isascii() and ch.isdigit():
            o = t.to_original(i)
            assert raw[o] in (ch, chr(ord(ch) + 0xFEE0)), (raw, i)


def _deleted_only_layout(raw: str, t: Text) -> None:
    """What normalization deleted is whitespace or a pinyin annotation, never content."""
    a = t.alignment
    if a is None:
        return
    covered = [False] * len(raw)
    for _n0, _n1, o0, o1, _lin in a.segments():
        for k in range(o0, o1):
            covered[k] = True
    for r in t.repairs:
        if r.step == "pinyin":
            for k in range(r.start, r.end):
                covered[k] = True
    for k, ok in enumerate(covered):
        assert ok or raw[k].isspace(), (raw, k)


@EXAMPLES
@given(MIXED)
def test_map_is_valid_for_any_mix(raw: str) -> None:
    t = normalize(raw)
    _check(raw, t)
    _deleted_only_layout(raw, t)


@EXAMPLES
@given(MIXED)
def test_map_is_valid_with_the_phrase_converter(raw: str) -> None:
    t = normalize(raw, "traditional", converter="tw2sp")
    _check(raw, t)


@EXAMPLES
@given(MIXED, st.sets(st.sampled_from(["pinyin", "linebreak", "width", "space", "mojibake"])))
def test_map_is_valid_for_any_set_of_steps(raw: str, steps: set[str]) -> None:
    t = normalize(raw, repairs=steps)
    _check(raw, t)
    assert {r.step for r in t.repairs} <= steps


# text with nothing to repair: simplified Han, Latin words, Chinese punctuation, no digits
# beside spaces, no brackets, no full-width forms, no line breaks
CLEAN = st.lists(
    st.one_of(st.sampled_from(SIMPLIFIED), st.sampled_from(["，", "。", "、", "“", "”", "abc", "GDP", "35"])),
    max_size=40,
).map("".join)


@EXAMPLES
@given(CLEAN)
def test_nothing_to_repair_maps_by_identity(raw: str) -> None:
    t = normalize(raw)
    assert t.normalized == raw
    assert t.is_identity and t.alignment is None
    assert t.repairs == () and t.damaged == ()
    assert t.span_to_original(0, len(raw)) == (0, len(raw))


@EXAMPLES
@given(st.lists(st.sampled_from(TRADITIONAL), min_size=4, max_size=30).map("".join))
def test_traditional_conversion_needs_no_map(raw: str) -> None:
    t = normalize(raw)
    assert t.script == "traditional"
    assert t.is_identity and len(t.normalized) == len(raw)
