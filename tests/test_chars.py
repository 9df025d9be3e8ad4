"""The shared text primitives of ``reportmine.chars``: each one against a plain reference.

(``SpanIndex`` is checked against a scan in ``tests/test_hostile.py``.)
"""

from __future__ import annotations

import calendar
import re

import pytest
import regex
from hypothesis import given
from hypothesis import strategies as st

from fuzz.strategies import fuzz_settings
from reportmine import chars
from reportmine.chars import (
    CN_DIGIT_VALUE,
    CN_EXACT_CHARS,
    CN_NUMERAL_CHARS,
    CN_UNIT_VALUE,
    CN_VAGUE,
    HAN,
    HAN_BLOCKS,
    HAN_SCRIPT,
    HAN_WIDE,
    SpanIndex,
    alternation,
    alternation_re,
    days_in_month,
    inside,
    is_han,
    valid_date,
)
from reportmine.extractors.numbers import parse_number

# -- Han characters -------------------------------------------------------------------------


def test_han_class_is_the_blocks() -> None:
    han = re.compile(f"[{HAN}]")
    for lo, hi in HAN_BLOCKS:
        assert han.fullmatch(chr(lo)) and han.fullmatch(chr(hi))
        assert not han.fullmatch(chr(lo - 1)) and not han.fullmatch(chr(hi + 1))


@pytest.mark.parametrize(
    ("c", "bmp", "wide", "script"),
    [
        ("扶", True, True, True),  # CJK Unified Ideographs
        ("㐀", True, True, True),  # Extension A
        ("﨑", True, True, True),  # compatibility ideograph
        ("𠀀", False, True, True),  # Extension B
        ("〇", False, False, True),  # the ideographic zero of 二〇一九: Han script only
        ("々", False, False, True),
        ("A", False, False, False),
        ("，", False, False, False),
    ],
)
def test_the_han_variants_differ_as_documented(c: str, bmp: bool, wide: bool, script: bool) -> None:
    assert bool(re.fullmatch(f"[{HAN}]", c)) is bmp
    assert bool(re.fullmatch(f"[{HAN_WIDE}]", c)) is wide
    assert is_han(c) is wide
    assert bool(regex.fullmatch(HAN_SCRIPT, c)) is script


# -- Chinese numerals -----------------------------------------------------------------------


def test_numeral_tables_agree() -> None:
    assert len(set(CN_NUMERAL_CHARS)) == len(CN_NUMERAL_CHARS)  # each character once
    assert set(CN_NUMERAL_CHARS) == set(CN_DIGIT_VALUE) | set(CN_UNIT_VALUE) | set(CN_VAGUE)
    assert set(CN_NUMERAL_CHARS) - set(CN_VAGUE) == CN_EXACT_CHARS
    assert set(CN_DIGIT_VALUE.values()) == set(range(10))


@pytest.mark.parametrize("c", sorted(set(CN_DIGIT_VALUE) - set(chars.CN_ZEROS)))
def test_each_digit_reads_as_its_value(c: str) -> None:
    parsed = parse_number(c + "百")
    assert parsed is not None and parsed.value == CN_DIGIT_VALUE[c] * 100


@pytest.mark.parametrize("c", sorted(CN_UNIT_VALUE))
def test_each_unit_reads_as_its_value(c: str) -> None:
    parsed = parse_number("三" + c)
    assert parsed is not None and parsed.value == 3 * CN_UNIT_VALUE[c]


# -- word alternations ----------------------------------------------------------------------

words = st.lists(st.text(alphabet="脱贫攻坚.*+?()[]|\\^$ -", min_size=1, max_size=4), max_size=8)


@fuzz_settings(200)
@given(words, st.text(alphabet="脱贫攻坚.*+?()[]|\\^$ -", max_size=6))
def test_alternation_matches_the_longest_word_in_both_modules(ws: list[str], s: str) -> None:
    longest = max((w for w in ws if s.startswith(w)), key=len, default=None)
    m = alternation_re(ws).match(s)
    assert (m.group() if m else None) == longest
    if ws:
        rm = regex.compile(alternation(ws)).match(s)
        assert (rm.group() if rm else None) == longest


def test_no_words() -> None:
    assert alternation([]) == ""
    assert alternation_re([]).search("脱贫") is None


# -- spans ----------------------------------------------------------------------------------


def _disjoint(points: list[int]) -> list[tuple[int, int]]:
    """Sorted disjoint spans between distinct points (an odd last point is dropped)."""
    ps = sorted(points)
    return list(zip(ps[0::2], ps[1::2], strict=False))


disjoint = st.lists(st.integers(0, 80), max_size=16, unique=True).map(_disjoint)


@fuzz_settings(200)
@given(disjoint, st.integers(0, 90), st.integers(0, 10))
def test_inside_agrees_with_the_index(spans: list[tuple[int, int]], start: int, length: int) -> None:
    end = start + length
    assert inside(spans, start, end) == SpanIndex(spans).contains(start, end)


# -- dates ----------------------------------------------------------------------------------


def test_days_in_month_is_the_calendars() -> None:
    for year in (*range(1000, 2101), 2400, 2800, 2900):
        for month in range(1, 13):
            assert days_in_month(year, month) == calendar.monthrange(year, month)[1], (year, month)
    with pytest.raises(ValueError):
        days_in_month(2019, 13)


@pytest.mark.parametrize("year", [None, 1900, 2000, 2019, 2020])
def test_valid_date_is_the_calendars(year: int | None) -> None:
    for month in (None, 0, *range(1, 14)):
        for day in (None, 0, 1, 28, 29, 30, 31, 32):
            if month is None:
                expected = day is None
            elif not 1 <= month <= 12:
                expected = False
            else:
                last = calendar.monthrange(2000 if year is None else year, month)[1]
                expected = day is None or 1 <= day <= last
            assert valid_date(year, month, day) == expected, (year, month, day)


@pytest.mark.parametrize(
    ("pattern", "good", "bad"),
    [
        (chars.MONTH_DIGITS, ["1", "05", "12"], ["0", "13", "00"]),
        (chars.DAY_DIGITS, ["1", "09", "31"], ["0", "32"]),
        (chars.MONTH_CN, ["一", "十", "十二"], ["十三", "零"]),
        (chars.DAY_CN, ["一", "十九", "二十", "三十一"], ["三十二", "四十"]),
        (chars.YEAR_DIGITS, ["1949", "2020"], ["0999", "3000", "202"]),
    ],
)
def test_date_pieces(pattern: str, good: list[str], bad: list[str]) -> None:
    for s in good:
        assert re.fullmatch(f"(?:{pattern})", s), s
    for s in bad:
        assert not re.fullmatch(f"(?:{pattern})", s), s
