"""Sentence lookup: the lazy :class:`SentenceIndex` agrees with :func:`sentence_bounds`."""

from __future__ import annotations

from bisect import bisect_right

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportmine.extractors.base import Context
from reportmine.extractors.sentences import SentenceIndex, sentence_bounds
from reportmine.text import Text


def reference_span(s: str, i: int) -> tuple[int, int]:
    """The last sentence of :func:`sentence_bounds` starting at or before ``i``."""
    sents = sentence_bounds(s)
    k = bisect_right([a for a, _ in sents], i) - 1
    return sents[k] if k >= 0 and sents else (i, i)


CASES = [
    "",
    "\n",
    "   ",
    "甲。乙！丙？",
    "全村35户。\n\n  贫困户12户；“好！”他说。",
    "。。\n。 \n 。\n\n甲",
    "  前导空格。  \n  后面",
    "a\r\nb\r\n\r\nc",
    "……他说）。\n",
    "甲" + "。 \n" * 50 + "乙",
]


@pytest.mark.parametrize("s", CASES)
def test_index_agrees_with_bounds_everywhere(s: str) -> None:
    ix = SentenceIndex(s)
    for i in range(-2, len(s) + 2):
        assert ix.span(i) == reference_span(s, i), i


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet="甲乙 \n\r\t。！？!?；;…”’」』)）", max_size=60), st.data())
def test_index_agrees_in_any_order(s: str, data: st.DataObject) -> None:
    # queries in any order: the walk-back memo must not depend on which came first
    order = data.draw(st.permutations(range(len(s) + 1)))
    ix = SentenceIndex(s)
    for i in order:
        assert ix.span(i) == reference_span(s, i)


def test_context_sentence_is_original_text() -> None:
    t = Text("全村有３５户。二是。")
    ctx = Context(t)
    assert ctx.sentence(3) == "全村有３５户。"
    assert ctx.sentence(8) == "二是。"
    assert ctx.sentence_span(8) == (7, 10)


def test_derived_is_computed_once_per_key() -> None:
    calls: list[str] = []

    def count(s: str) -> int:
        calls.append(s)
        return len(s)

    ctx = Context(Text("abc"))
    assert ctx.derived(count) == 3
    assert ctx.derived(count) == 3
    assert ctx.derived(lambda s: len(s) * 2, key="twice") == 6
    assert ctx.derived(lambda s: -1, key="twice") == 6  # same key: the first result
    assert calls == ["abc"]
