"""parse_number(): the table ``tests/cases/numbers_forms.tsv`` and properties; the numeral grammar.

Longer property runs: ``HYPOTHESIS_PROFILE=long python -m pytest tests/test_numbers.py``.
"""

from __future__ import annotations

import math
import os
import sys
from decimal import Decimal

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _cases import load
from reportmine.extractors.numbers import Number, NumberOverflow, parse_number
from reportmine.extractors.numerals import Numeral, parse_numeral

settings.register_profile("numbers-default", max_examples=150, deadline=None)
settings.register_profile("numbers-long", max_examples=5000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow])
PROFILE = "numbers-long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "numbers-default"


def _same(a: float | None, b: float | None) -> bool:
    if a is None or b is None:
        return a is b
    return math.isclose(a, b, rel_tol=1e-12, abs_tol=1e-12)


COLUMNS = ("text", "expected", "note")
ROWS = [r.param(r["text"], r["expected"]) for r in load("numbers_*.tsv", COLUMNS, optional=["note"])]


@pytest.mark.parametrize(("text", "expected"), ROWS)
def test_numbers_table(text: str, expected: str) -> None:
    n = parse_number(text)
    if not expected:  # "-": no number
        assert n is None, n
        return
    assert n is not None
    words = expected.split()
    if ".." in words[0]:
        lo, hi = (float(x) for x in words[0].split(".."))
        assert _same(n.low, lo) and _same(n.high, hi), n
        assert _same(n.value, lo), n
    else:
        assert _same(float(n.value), float(words[0])), n
        assert n.low is None and n.high is None, n
    qual = next((w for w in words[1:] if w in ("exact", "over", "under", "approx")), "exact")
    assert n.qualifier == qual, n
    assert n.percent == ("percent" in words[1:]), n
    for w in words[1:]:
        if w.startswith("flag="):
            assert w[5:] in n.flags, n


def test_integral_values_are_ints() -> None:
    n = parse_number("1.2万")
    assert n is not None and n.value == 12000 and isinstance(n.value, int)
    n = parse_number("64552.3")
    assert n is not None and isinstance(n.value, float)


def test_huge_numbers_are_flagged_not_raised() -> None:
    # a 10,000-digit number: finite, flagged, no exception (Python limits int() to 4300 digits)
    n = parse_number("9" * 10_000)
    assert n is not None and "overflow" in n.flags and math.isfinite(n.value)
    n = parse_number("9" * 10_000 + "万")
    assert n is not None and "overflow" in n.flags and math.isfinite(n.value)
    n = parse_number("1" + ",000" * 200)
    assert n is not None and "overflow" in n.flags


def test_values_are_exact_beyond_the_default_decimal_precision() -> None:
    # the default decimal context keeps 28 significant digits; the parser keeps them all
    n = parse_number("123456789012345678901234567890123")
    assert n is not None and n.value == 123456789012345678901234567890123
    assert isinstance(n.value, int)
    n = parse_number("1234567890123456789012345678901万")
    assert n is not None and n.value == 12345678901234567890123456789010000
    n = parse_number("1,234,567,890,123,456,789,012,345,678,901.5")
    assert n is not None and n.value == float("1234567890123456789012345678901.5")


def test_values_below_the_float_range_are_a_float_zero() -> None:
    # 1e-400 and 1e-401 (past the exponent limit) agree: a non-zero value too small for a float
    for text in ("1e-400", "1e-401", "1e-99999", "0.5e-450"):
        n = parse_number(text)
        assert n is not None and n.value == 0.0 and isinstance(n.value, float), (text, n)
        assert "overflow" not in n.flags
    n = parse_number("0e-500")
    assert n is not None and n.value == 0


def test_overflow_is_flagged_exactly_beyond_the_float_range() -> None:
    n = parse_number("1.7e308")
    assert n is not None and n.value == 1.7e308 and "overflow" not in n.flags
    for text in ("1.8e308", "2" + "0" * 308):
        n = parse_number(text)
        assert n is not None and n.value == sys.float_info.max and "overflow" in n.flags, text


def _cn(n: int) -> str:
    """``n`` (0 <= n < 10**12) in standard Chinese numerals, as reports write it."""
    digits = "零一二三四五六七八九"
    if n == 0:
        return "零"

    def section(x: int) -> str:
        out, zero = "", False
        for p, u in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
            d = x // p % 10
            if d:
                if zero and out:
                    out += "零"
                out += digits[d] + u
                zero = False
            else:
                zero = True
        return out

    parts = []
    for big, name in ((10**8, "亿"), (10**4, "万"), (1, "")):
        x = n // big % 10**4
        if x:
            s = section(x)
            if parts and x < 1000:
                s = "零" + s
            parts.append(s + name)
        elif parts and big == 1 and n % 10**4:
            parts.append("零")
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text


@settings(settings.get_profile(PROFILE))
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_chinese_numerals_round_trip(n: int) -> None:
    got = parse_number(_cn(n))
    assert got is not None and got.value == n, (_cn(n), got)


@settings(settings.get_profile(PROFILE))
@given(st.integers(min_value=0, max_value=10**15))
def test_arabic_round_trip(n: int) -> None:
    assert parse_number(str(n)) == Number(n)
    assert parse_number(f"{n:,}") == Number(n)


@settings(settings.get_profile(PROFILE))
@given(st.decimals(min_value=0, max_value=10**6, places=2, allow_nan=False))
def test_decimal_with_multiplier(d: object) -> None:
    got = parse_number(f"{d}万")
    assert got is not None
    assert math.isclose(float(got.value), float(d) * 10_000, rel_tol=1e-12)  # type: ignore[arg-type]


@settings(settings.get_profile(PROFILE), suppress_health_check=[HealthCheck.too_slow])
@given(st.text(alphabet="0123456789,.万亿千百十一二三四五六七八九两零〇几数上余多来至到-—%分之成约近以上下左右半点负",
               max_size=40))
def test_never_raises(text: str) -> None:
    n = parse_number(text)
    if n is not None:
        assert isinstance(n.value, (int, float)) and math.isfinite(n.value)
        assert n.qualifier in ("exact", "over", "under", "approx")



@settings(settings.get_profile(PROFILE))
@given(st.integers(min_value=0, max_value=10**12 - 1))
def test_numeral_grammar_round_trip(n: int) -> None:
    assert parse_numeral(_cn(n)) == Numeral(Decimal(n), Decimal(n)), _cn(n)


def test_numeral_grammar_is_exact_in_any_decimal_context() -> None:
    # the default decimal context keeps 28 significant digits; parse_numeral works in its own
    n = parse_numeral("1234567890123456789012345678901万")
    assert n is not None and n.low == Decimal("12345678901234567890123456789010000")
    with pytest.raises(NumberOverflow):
        parse_numeral("万" * 41)


NUMERALS = ["一百五十二", "七八百", "十几万", "数百", "上千", "二〇一九", "1.5千", "三点五"]


@pytest.mark.parametrize("text", NUMERALS)
def test_parse_number_reads_numerals_with_the_grammar(text: str) -> None:
    n, g = parse_number(text), parse_numeral(text)
    assert n is not None and g is not None
    assert (n.low, n.high) == ((None, None) if g.low == g.high else (g.low, g.high)), (n, g)
    assert n.value == g.low
