"""The small fast paths of issue 19 in the quantity reading, each against the plain code it
stands for (its reference, written out here as it was before the shortcut):

- :meth:`NumberContext._one_after_cue` skips its cue lookups where no cue's first character
  stands in the clause before the 一;
- :meth:`UnitTable.match` tries only the lengths of the forms that start with the character
  (its reference tries every length).
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reportmine.extractors.quantity.extractor import QuantityExtractor
from reportmine.extractors.quantity.rules import _ONE_CUES
from reportmine.lexicon import Lexicon

_PIECES = [*_ONE_CUES, "一", "不", "，", "。", "联系", "留", "户", "个", "有", "共有", "其", "3"]


@pytest.fixture(scope="module")
def extractor() -> QuantityExtractor:
    return QuantityExtractor(Lexicon.load())


def _one_after_cue_reference(q: QuantityExtractor, s: str, start: int) -> bool:
    a = q.rules.subjects.clause_start(s, start, max(0, start - 6))
    for cue in _ONE_CUES:
        k = s.rfind(cue, a, start)
        if k >= 0 and k + len(cue) >= start - 2 and s[k - 1 : k] != "不":
            return True
    return False


@settings(max_examples=400, deadline=None)
@given(st.lists(st.sampled_from(_PIECES), max_size=12))
def test_one_after_cue_as_its_reference(extractor: QuantityExtractor, parts: list[str]) -> None:
    s = "".join(parts) + "一户"
    for start in range(len(s)):
        if s[start] == "一":
            got = extractor.rules._one_after_cue(s, start)
            assert got == _one_after_cue_reference(extractor, s, start), (s, start)


def _match_reference(q: QuantityExtractor, s: str, pos: int, arabic: bool) -> object:
    """The longest form at ``pos``, every length tried (no per-character length table)."""
    units = q.units
    if pos >= len(s):
        return None
    c = s[pos]
    if c in "个個" and s[pos + 1 : pos + 2] in ("多", "半"):
        found = units._longest(s, pos + 2, arabic, prefix=c)
        if found is not None:
            return found
    return units._longest(s, pos, arabic, ks=range(units._maxlen, 0, -1))


_UNIT_TEXT = st.text(alphabet="个個多半万元亩人户平方米公里千瓦时度发电吨斤年月天小时%‰，。的5", max_size=10)


@settings(max_examples=300, deadline=None)
@given(_UNIT_TEXT, st.booleans())
def test_unit_match_as_its_reference(extractor: QuantityExtractor, s: str, arabic: bool) -> None:
    for pos in range(len(s) + 1):
        assert extractor.units.match(s, pos, arabic=arabic) == _match_reference(extractor, s, pos, arabic)
