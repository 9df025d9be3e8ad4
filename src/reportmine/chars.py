r"""Shared text primitives: Han characters, Chinese numerals, word alternations, spans, dates.

Every stage reads Chinese text with the same few notions. Each is defined here once and
imported where it is needed; this module imports nothing from the package (like
:mod:`reportmine.records`) and nothing outside the standard library.

**Han characters.** :data:`HAN` is the inside of a character class (``f"[{HAN}]"``) of the
Han ideographs of the Basic Multilingual Plane: CJK Unified Ideographs (扶), Extension A
(㐀) and the compatibility ideographs (﨑); :data:`HAN_BLOCKS` are the same blocks as code
point ranges. Three variants exist because their callers genuinely differ:

- :data:`HAN_WIDE` adds the supplementary ideographic planes (𠀀, a rare name), which
  script detection counts as Han and mojibake detection counts as rare;
- :data:`HAN_SCRIPT` is the ``regex`` module's ``\p{Han}``, the Unicode Han *script*,
  which also holds 〇, 々 and the radicals: the extractors' patterns were written and
  tuned with it (二〇一九 is one Han run there);
- :data:`HAN_BASIC` is the CJK Unified Ideographs block alone, all that jieba's
  part-of-speech model knows.

**Chinese numerals.** The characters by role: :data:`CN_ZEROS` (零 〇 ○),
:data:`CN_ONE_TO_NINE`, :data:`CN_LIANG` (两 兩, two as a count), the financial
:data:`CN_FINANCIAL_DIGITS` (壹 贰 … 玖), the vague :data:`CN_VAGUE` (几 幾), and the units
:data:`CN_SMALL_UNITS` (十 百 千), :data:`CN_FINANCIAL_UNITS` (拾 佰 仟) and
:data:`CN_BIG_UNITS` (万 亿 萬 億). :data:`CN_DIGIT_VALUE` and :data:`CN_UNIT_VALUE` give
their values, :data:`CN_NUMERAL_CHARS` all of them at once. Every numeral class of the
extractors is built from these.

**Word alternations.** :func:`alternation` turns a word list into one regex alternation,
longest word first, so that where one word starts another the longer one wins (脱贫攻坚
before 脱贫); :func:`alternation_re` compiles it.

**Spans.** :class:`SpanIndex` answers "does this span overlap, or lie inside, one of
many spans?" in logarithmic time; :func:`inside` answers the second question for a
sorted list of disjoint spans without building an index.

**Dates.** :data:`YEAR_DIGITS`, :data:`MONTH_DIGITS`, :data:`DAY_DIGITS`,
:data:`MONTH_CN` and :data:`DAY_CN` are the pattern pieces of a year, a month and a day
(``2019``, ``5``/``05``/``五``/``十二``, ``30``/``三十``); :func:`valid_date` checks that a
month and day exist (2月30日 does not). :func:`reference_date` is the one reader of a
document's ISO date (the API's ``doc_date``, a batch's ``--doc-date`` / file-name / JSON Lines
date, the dateline's date) as the day that dates without a year are resolved against.
"""

from __future__ import annotations

import datetime as _dt
import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Mapping, Sequence
from types import MappingProxyType

__all__ = [
    "CN_BIG_UNITS",
    "CN_DIGIT_VALUE",
    "CN_EXACT_CHARS",
    "CN_FINANCIAL_DIGITS",
    "CN_FINANCIAL_UNITS",
    "CN_LIANG",
    "CN_NUMERAL_CHARS",
    "CN_ONE_TO_NINE",
    "CN_SMALL_UNITS",
    "CN_UNIT_VALUE",
    "CN_VAGUE",
    "CN_ZEROS",
    "DAY_CN",
    "DAY_DIGITS",
    "HAN",
    "HAN_BASIC",
    "HAN_BLOCKS",
    "HAN_SCRIPT",
    "HAN_SUPPLEMENTARY",
    "HAN_WIDE",
    "MONTH_CN",
    "MONTH_DIGITS",
    "NEVER",
    "YEAR_DIGITS",
    "SpanIndex",
    "alternation",
    "alternation_re",
    "days_in_month",
    "inside",
    "is_han",
    "reference_date",
    "valid_date",
]

# -- Han characters -------------------------------------------------------------------------

#: The Han blocks of the Basic Multilingual Plane as ``(first, last)`` code points: CJK
#: Unified Ideographs Extension A, CJK Unified Ideographs, CJK Compatibility Ideographs.
HAN_BLOCKS: tuple[tuple[int, int], ...] = ((0x3400, 0x4DBF), (0x4E00, 0x9FFF), (0xF900, 0xFAFF))

#: :data:`HAN_BLOCKS` as the inside of a character class: ``f"[{HAN}]"`` matches 扶, 㐀, 﨑.
HAN = "".join(f"{chr(lo)}-{chr(hi)}" for lo, hi in HAN_BLOCKS)

#: The supplementary ideographic planes (Extensions B and later, U+20000-U+3FFFF: 𠀀), as the
#: inside of a character class. Hardly any text needs them; mojibake detection counts
#: them as rare characters.
HAN_SUPPLEMENTARY = "\U00020000-\U0003ffff"

#: :data:`HAN` and :data:`HAN_SUPPLEMENTARY`: every Han ideograph. Script detection counts
#: these (a name written with an Extension B character is still Chinese text).
HAN_WIDE = HAN + HAN_SUPPLEMENTARY

#: The ``regex`` module's Unicode Han *script* (``regex`` patterns only). Wider than
#: :data:`HAN_WIDE`: it also holds 〇 (二〇一九), 々 and the CJK radicals. The extractors'
#: patterns (names, quotes, units, subjects) were written and tuned with it, so they keep it.
HAN_SCRIPT = r"\p{Han}"

#: The CJK Unified Ideographs block alone (U+4E00-U+9FFF), the range of jieba's
#: part-of-speech model (its own pattern stops at U+9FD5): a word with no character here
#: is tagged without jieba.
HAN_BASIC = "\u4e00-\u9fff"

_HAN_WIDE_CHAR = re.compile(f"[{HAN_WIDE}]")


def is_han(c: str) -> bool:
    """True when the character ``c`` is a Han ideograph (:data:`HAN_WIDE`).

    >>> is_han("扶"), is_han("𠀀"), is_han("〇"), is_han("A")
    (True, True, False, False)
    """
    return _HAN_WIDE_CHAR.match(c) is not None


# -- Chinese numerals -----------------------------------------------------------------------

#: Zero: 零, the ideographic zero 〇 (U+3007, 二〇一九) and the circle ○ (U+25CB) typed for it.
CN_ZEROS = "零〇○"
#: One to nine in order: ``CN_ONE_TO_NINE[k - 1]`` is the numeral for ``k``.
CN_ONE_TO_NINE = "一二三四五六七八九"
#: Two as a count (两个, 两千), simplified and traditional.
CN_LIANG = "两兩"
#: The financial digits of budgets and cheques (壹万贰仟), simplified and traditional.
CN_FINANCIAL_DIGITS = "壹贰貳叁參肆伍陆陸柒捌玖"
_FINANCIAL_DIGIT_VALUES = (1, 2, 2, 3, 3, 4, 5, 6, 6, 7, 8, 9)
#: Digits without a value: 几 (几十, 十几), traditional 幾.
CN_VAGUE = "几幾"
#: The units inside a section of four places: 十 百 千.
CN_SMALL_UNITS = "十百千"
#: The financial forms of :data:`CN_SMALL_UNITS`: 拾 佰 仟.
CN_FINANCIAL_UNITS = "拾佰仟"
#: The section units 万 (10⁴) and 亿 (10⁸), simplified and traditional.
CN_BIG_UNITS = "万亿萬億"

#: The value of every Chinese digit character (all but :data:`CN_VAGUE`).
CN_DIGIT_VALUE: Mapping[str, int] = MappingProxyType(
    dict.fromkeys(CN_ZEROS, 0)
    | {c: k for k, c in enumerate(CN_ONE_TO_NINE, 1)}
    | dict.fromkeys(CN_LIANG, 2)
    | dict(zip(CN_FINANCIAL_DIGITS, _FINANCIAL_DIGIT_VALUES, strict=True))
)
#: The value of every unit character: 十 拾 10, 百 佰 100, 千 仟 1000, 万 萬 10⁴, 亿 億 10⁸.
CN_UNIT_VALUE: Mapping[str, int] = MappingProxyType(
    dict(zip(CN_SMALL_UNITS, (10, 100, 1000), strict=True))
    | dict(zip(CN_FINANCIAL_UNITS, (10, 100, 1000), strict=True))
    | dict(zip(CN_BIG_UNITS, (10**4, 10**8, 10**4, 10**8), strict=True))
)
#: Every character a Chinese numeral is written with (digits, vague digits and units).
CN_NUMERAL_CHARS = (
    CN_ZEROS
    + CN_ONE_TO_NINE
    + CN_LIANG
    + CN_FINANCIAL_DIGITS
    + CN_VAGUE
    + CN_SMALL_UNITS
    + CN_FINANCIAL_UNITS
    + CN_BIG_UNITS
)
#: The numeral characters with a value (:data:`CN_NUMERAL_CHARS` but the vague 几 幾).
CN_EXACT_CHARS = frozenset(CN_DIGIT_VALUE) | frozenset(CN_UNIT_VALUE)


# -- word alternations ----------------------------------------------------------------------

#: A pattern that never matches (the alternation of no words).
NEVER = "(?!)"


def alternation(words: Iterable[str]) -> str:
    r"""The words as one regex alternation: longest first, each escaped, duplicates dropped.

    Longest first, so that where one word starts another the longer one wins. The
    escaping (:func:`re.escape`) suits the ``re`` and the ``regex`` module alike. No
    words give ``""``, which matches the empty string: each caller decides what an empty
    word list means (:func:`alternation_re` matches nothing).

    >>> alternation(["脱贫", "脱贫攻坚", "1.5", "脱贫"])
    '脱贫攻坚|1\\.5|脱贫'
    """
    return "|".join(map(re.escape, sorted(dict.fromkeys(words), key=len, reverse=True)))


def alternation_re(words: Iterable[str]) -> re.Pattern[str]:
    """:func:`alternation` compiled by the standard library; no words never match.

    The standard library turns a literal alternation into fast first-character checks
    (the ``regex`` module tries each word at each position), so plain word lists are
    compiled with it.

    >>> alternation_re(["脱贫", "脱贫攻坚"]).findall("打赢脱贫攻坚战，稳定脱贫")
    ['脱贫攻坚', '脱贫']
    >>> alternation_re([]).search("脱贫") is None
    True
    """
    unique = dict.fromkeys(words)
    return re.compile(alternation(unique) if unique else NEVER)


# -- spans ----------------------------------------------------------------------------------


class SpanIndex:
    """An immutable set of ``(start, end)`` spans (any order, overlaps allowed).

    Extraction asks, once per fact, whether it overlaps or lies inside one of the
    damaged ranges, names, dates or captions of a document; a linear scan per question
    makes a document with many facts and many spans quadratic. An index answers both in
    ``O(log n)``.

    >>> ix = SpanIndex([(10, 20), (0, 5)])
    >>> ix.overlaps(4, 6), ix.overlaps(5, 10), ix.contains(11, 20), ix.contains(3, 6)
    (True, False, True, False)
    """

    __slots__ = ("_max_end", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # the largest end among the spans sorted up to each one
        self._max_end: list[int] = []
        top = -(1 << 62)
        for _, e in ordered:
            top = max(top, e)
            self._max_end.append(top)

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """True when some span ``(s, e)`` has ``s < end`` and ``start < e``."""
        k = bisect_left(self._starts, end) - 1
        return k >= 0 and self._max_end[k] > start

    def contains(self, start: int, end: int) -> bool:
        """True when some span ``(s, e)`` has ``s <= start`` and ``end <= e``."""
        k = bisect_right(self._starts, start) - 1
        return k >= 0 and self._max_end[k] >= end


def inside(spans: Sequence[tuple[int, int]], start: int, end: int) -> bool:
    """True when ``[start, end)`` lies within one of ``spans`` (sorted, not overlapping).

    >>> titles = [(0, 6), (10, 18)]
    >>> inside(titles, 11, 15), inside(titles, 5, 11), inside([], 0, 1)
    (True, False, False)
    """
    k = bisect_right(spans, (start, 1 << 62)) - 1
    return k >= 0 and spans[k][0] <= start and end <= spans[k][1]


# -- dates ----------------------------------------------------------------------------------

#: A year of four Arabic digits, 1000 … 2999 (a pattern).
YEAR_DIGITS = "[12][0-9]{3}"
#: A month in Arabic digits, 1 … 12 or 01 … 09 (an alternation: put it in a group).
MONTH_DIGITS = "1[0-2]|0?[1-9]"
#: A day in Arabic digits, 1 … 31 or 01 … 09 (an alternation: put it in a group).
DAY_DIGITS = "3[01]|[12][0-9]|0?[1-9]"
#: A month in Chinese numerals, 一 … 十二 (an alternation: put it in a group).
MONTH_CN = f"十[一二]?|[{CN_ONE_TO_NINE}]"
#: A day in Chinese numerals, 一 … 三十一 (an alternation: put it in a group).
DAY_CN = f"三十一?|二十[{CN_ONE_TO_NINE}]?|十[{CN_ONE_TO_NINE}]?|[{CN_ONE_TO_NINE}]"

_MONTH_DAYS = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)
_ANY_LEAP_YEAR = 2000  # 2月29日 written without a year may exist


def days_in_month(year: int, month: int) -> int:
    """The number of days of ``month`` (1 … 12) in ``year`` (Gregorian calendar).

    >>> days_in_month(2020, 2), days_in_month(1900, 2), days_in_month(2000, 2), days_in_month(2019, 4)
    (29, 28, 29, 30)
    """
    if not 1 <= month <= 12:
        raise ValueError(f"month must be 1 … 12, not {month}")
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _MONTH_DAYS[month - 1]


def valid_date(year: int | None, month: int | None, day: int | None) -> bool:
    """True when the date exists; a missing part is ``None`` (``2019年5月``, ``5月30日``).

    A day needs a month; without a year, 2月29日 is allowed.

    >>> valid_date(2019, 2, 29), valid_date(2020, 2, 29), valid_date(None, 2, 29)
    (False, True, True)
    >>> valid_date(2019, 13, None), valid_date(2019, None, None), valid_date(2019, None, 5)
    (False, True, False)
    """
    if month is None:
        return day is None
    if not 1 <= month <= 12:
        return False
    if day is None:
        return True
    return 1 <= day <= days_in_month(year if year is not None else _ANY_LEAP_YEAR, month)


# -- the document date: one reader of ISO dates at any precision ----------------------------

_ISO_PARTIAL = re.compile(r"([0-9]{4})(?:-([0-9]{2}))?")
#: the day a date known to its year only stands for: the one from which every month of that
#: year is less than half a year ahead, so that 12月20日 and 1月5日 both take that year
_MID_YEAR = (7, 1)


def reference_date(value: object) -> _dt.date | None:
    """The day a document's date stands for, to resolve its dates written without a year.

    Precision rules, ISO 8601 at the precision known:

    - ``YYYY-MM-DD`` (or a ``date``): that day; a ``datetime`` or a date-time string
      (``2019-10-01T08:30:00+08:00``) its day, as written (no time-zone shift);
    - ``YYYY-MM``: the 1st of the month (``10月1日`` in a ``2019-10`` document is 2019-10-01,
      ``去年9月`` 2018-09; the rule "a date more than half a year ahead is last year's" is
      counted from the 1st);
    - ``YYYY``: the 1st of July, from where no month of the year is more than half a year
      ahead: every date written without a year takes that year (``12月20日`` → ``YYYY-12-20``);
    - a date without a year (``--10-01``, a dateline's date when no header gives the year)
      or ``None``: ``None``, no reference (dates without a year keep ``--MM-DD``).

    Anything else (``2019/10/1``, ``2019-02-30``, a number) raises ``ValueError``; callers
    turn it into their own error (:class:`~reportmine.errors.OptionError` for ``doc_date``).

    >>> reference_date("2019-10-01"), reference_date("2019-10"), reference_date("2019")
    (datetime.date(2019, 10, 1), datetime.date(2019, 10, 1), datetime.date(2019, 7, 1))
    >>> reference_date(_dt.datetime(2019, 10, 1, 23, 30)), reference_date("--10-01")
    (datetime.date(2019, 10, 1), None)
    """
    if value is None:
        return None
    if isinstance(value, _dt.datetime):  # a datetime is a date too: keep its day only
        return value.date()
    if isinstance(value, _dt.date):
        return value
    if not isinstance(value, str):
        raise ValueError(f"not a date, a datetime or an ISO string: {type(value).__name__}")
    s = value.strip()
    if s.startswith("--"):
        return None  # no year: nothing to resolve against
    m = _ISO_PARTIAL.fullmatch(s)
    if m is not None:
        year, month = int(m[1]), m[2]
        if month is None:
            return _dt.date(year, *_MID_YEAR)
        return _dt.date(year, int(month), 1)  # ValueError for month 13
    try:
        return _dt.date.fromisoformat(s)
    except ValueError:
        return _dt.datetime.fromisoformat(s).date()  # 2019-10-01T08:30 (ValueError if not)
