"""The enrich step's fast paths (issue 19) against their references.

- facts are filled in place once, fresh from the extractors; a fact enriched already is
  copied, never written over (a fact handed out twice keeps its first document's fields);
- ``base_value`` reads whole numbers in integer arithmetic: the same as the exact
  ``Fraction`` product it replaces.
"""

from __future__ import annotations

from fractions import Fraction

from hypothesis import given
from hypothesis import strategies as st

from reportmine.extractors.base import Context
from reportmine.extractors.enrich import Enricher, base_value
from reportmine.lexicon import Lexicon
from reportmine.lexicon.tables import BASE_UNITS
from reportmine.normalization import normalize
from reportmine.records import CountFact, MoneyFact

_LEXICON = Lexicon.load()
_RATIOS = sorted({r.ratio for r in _LEXICON.table(BASE_UNITS)})


def _reference(value: int | float, ratio: Fraction) -> int | float:
    exact = Fraction(value) * ratio
    return int(exact) if exact.denominator == 1 else float(exact)


@given(st.integers(min_value=-(10**20), max_value=10**20), st.sampled_from(_RATIOS))
def test_base_value_of_whole_numbers(value: int, ratio: Fraction) -> None:
    got, want = base_value(value, ratio), _reference(value, ratio)
    assert got == want and type(got) is type(want)


@given(st.floats(min_value=-1e15, max_value=1e15), st.sampled_from(_RATIOS))
def test_base_value_of_decimals(value: float, ratio: Fraction) -> None:
    got, want = base_value(value, ratio), _reference(value, ratio)
    assert got == want and type(got) is type(want)


def test_filled_once_then_copied() -> None:
    enricher = Enricher(_LEXICON)
    text = "全县投入资金100万元。贫困户由300户减少到20户。"
    ctx = Context(normalize(text))
    money = MoneyFact(text="100万元", start=6, end=11, value=1000000, unit="元")
    a = CountFact(text="300户", start=16, end=20, value=300, unit="户", subject="贫困户")
    b = CountFact(text="20户", start=23, end=26, value=20, unit="户", subject="贫困户")
    first = enricher.enrich([money, a, b], ctx)
    assert first[0] is money and money.currency == "CNY" and money.sentence_id == 0
    assert (a.group, a.group_role, b.group_role, b.sentence_id) == (0, "from", "to", 1)
    # the same objects again, alone in a second pass: copies; the first ones keep theirs
    again = enricher.enrich([b], Context(normalize(text)))
    assert again[0] is not b and again[0].sentence_id == 0
    assert (b.sentence_id, b.group, b.group_role) == (1, 0, "to")
