"""Date facts: absolute dates at the precision written.

Forms read (on normalized text, so full-width digits and spaces are already folded):
``2019年5月30日`` (also ``号``), ``2019年5月``, ``2019年``, Chinese numerals
(``二〇二〇年五月三日``, ``十月一日``), numeric ``2019-05-30`` / ``2019/5/30`` / ``2019.5.30``,
and year ranges ``2019—2020年`` / ``2019年至2020年`` (one fact: ``value`` and ``low`` the
first year, ``high`` the last); a month range sharing one 月 (``2019年1至8月``,
``5—9月``) is one fact too, ``value`` the first month, ``low``/``high`` the first and
last month; a day range within one month (``8月11日至22日``, ``2月14—15日``) is one fact,
``value`` the first day, ``low``/``high`` the first and last day of the month. Suffixes
from ``date_words.txt`` stay in the span and keep the written precision (``2019年末`` →
``2019``, ``4月中旬`` → ``2020-04``).

Chinese months and days after an Arabic year (``2018年十二月`` → ``2018-12``), 廿 and 卅
(``五月廿三日``), and a Chinese day without 日 after a whole year and month where the clause
ends (``二零零四年八月十五`` → ``2004-08-15``; never ``八月十五个村``); a Chinese month alone
only with a month suffix (``十二月份``, ``三月底``; not ``五月天``). Lunar dates (``正月初五``,
``五月初五``) are left alone.

Two-digit years (flag ``two_digit_year``) are read when the text makes them years: a leading
zero (``07年``, ``零八年``), a month (``18年5月``), a year suffix (``18年底``), or Chinese digits
that are no vague range (``九八年``; but ``三五年``, ``七八年`` are "three to five years"); a
bare ``18年`` is a length of time. The century is the document's (``98年`` in a 2020 text is
1998, ``25年`` is 2025); without a document date 00–49 are 2000s.

A date without a year takes the year of ``ctx.doc_date`` when that is known (the year
before when that would put it more than half a year after the document; flag
``inferred_year``). Without a document
date it keeps the ISO 8601 truncated form ``--MM-DD`` / ``--MM`` (flag ``no_year``). A month
right after a relative year word takes the year it names (``去年9月`` in a 2020 document is
``2019-09``). The
end of a range written without its year (``2019年5月30日至6月2日``, ``2月4日至5日``) takes
the missing parts from its start.

Not dates: bare numbers, a day alone (``25日``), years inside 《》 titles or program names,
a number of years (``历经1000年``, ``5000年来``). Relative expressions (``今年``, ``去年以来``)
are not date facts; ``DateExtractor(lexicon, relative=True)`` resolves them against the
document date (when known) and yields them flagged ``relative``.
"""

from __future__ import annotations

import datetime as _dt
import re
from collections.abc import Iterator
from typing import NamedTuple

import regex

from ..chars import (
    CN_DIGIT_VALUE,
    CN_ONE_TO_NINE,
    CN_ZEROS,
    DAY_CN,
    DAY_DIGITS,
    MONTH_CN,
    MONTH_DIGITS,
    YEAR_DIGITS,
    SpanIndex,
    alternation,
    days_in_month,
    valid_date,
)
from ..lexicon import Lexicon
from ..lexicon.tables import DATE_WORDS, YEAR_LENGTHS, grouped
from ..records import DateFact, Fact
from ..text import Text
from .base import Context
from .numbers import parse_number
from .programs import ProgramExtractor
from .quotes import CLOSE_QUOTES, find_quotes, find_titles
from .scan import Prefiltered

__all__ = ["DateExtractor", "DateMatch", "chinese_number"]


_CN = CN_ZEROS + CN_ONE_TO_NINE  # the digits of a year written digit by digit: 二〇一九
_CN_VALUE = {c: CN_DIGIT_VALUE[c] for c in _CN}
_DASH = "—–\\-~～至到"

# a day in Chinese numerals, with 廿 (20) and 卅 (30): 五月廿三日
_DAY_CN = f"{DAY_CN}|廿[{CN_ONE_TO_NINE}]?|卅一?"
# a day may go without 日 after a whole year and month when the clause ends there
# (二零零四年八月十五, 2016年6月29): never before more text (八月十五个村, 2016年6月29个)
_DAY_END = r"(?:[日号]|(?=[，。；;,、！？!?\s）)]|$))"

# a Chinese month alone is a date only with a month suffix (十二月份, 三月底, 九月中旬; not
# 五月初五, a lunar date, nor 五月天)
_MONTH_CN_ALONE = r"(?=份|底|末|上旬|中旬|下旬|初(?![一二三四五六七八九十]))"

_DATE = regex.compile(
    rf"""
    (?=[0-9{_CN}十])  # every date starts with a digit: lets the engine skip other text fast
    (?:(?<![0-9.])(?P<ya>{YEAR_DIGITS})年
        (?:(?P<ma>{MONTH_DIGITS})月(?:(?P<da>{DAY_DIGITS}){_DAY_END})?
        |(?P<mx>{MONTH_CN})月(?:(?P<dx>{_DAY_CN}){_DAY_END})?)?
    |(?<![{_CN}十百千万两])(?P<yc>[{_CN}]{{4}})年
        (?:(?P<mc>{MONTH_CN})月(?:(?P<dc>{_DAY_CN}){_DAY_END})?)?
    |(?<![0-9.月/\-])(?P<mb>{MONTH_DIGITS})月(?:(?P<db>{DAY_DIGITS})[日号])?
    |(?<![{_CN}十百千万两几第])(?P<mcb>{MONTH_CN})月(?:(?P<dcb>{_DAY_CN})[日号]|{_MONTH_CN_ALONE})
    |(?<![0-9.\-/])(?P<yi>{YEAR_DIGITS})(?P<sep>[\-/.])(?P<mi>{MONTH_DIGITS})(?P=sep)(?P<di>{DAY_DIGITS})(?![0-9.])
    |(?<![0-9.:：第])(?P<y2>[0-9]{{2}})年(?:(?P<m2>{MONTH_DIGITS})月(?:(?P<d2>{DAY_DIGITS})[日号])?)?
    |(?<![{_CN}十百千万两几第])(?P<yc2>[{_CN}]{{2}})年
        (?:(?P<mc2>{MONTH_CN})月(?:(?P<dc2>{_DAY_CN})[日号])?)?)
    """,
    regex.VERBOSE,
)
# where _DATE may start (see .scan): a digit or numeral not after one, with 年/月 within four
# characters or a numeric date's separator after a four-digit year
_DATE_AT = Prefiltered(
    _DATE,
    re.compile(
        rf"[0-9{_CN}十](?:(?<=[0-9])(?<![0-9.].)|(?<=[{_CN}十])(?<![{_CN}十百千万两].))"
        rf"(?=[0-9{_CN}十]{{0,3}}[年月]|(?<=[12])[0-9]{{3}}[\-/.])"
    ),
)
# a year of the Republic of China era (Taiwan): 民国108年 is 2019 (the era began in 1912)
_ROC = regex.compile(
    rf"民国(?P<y>[0-9]{{1,3}}|[{_CN}十百]{{1,6}})年"
    rf"(?:(?P<ma>{MONTH_DIGITS})月(?:(?P<da>{DAY_DIGITS})[日号])?|(?P<mc>{MONTH_CN})月(?:(?P<dc>{DAY_CN})[日号])?)?"
)
_ROC_OFFSET = 1911
_YEAR_RANGE = regex.compile(
    rf"(?<![0-9.])(?P<y1>{YEAR_DIGITS})年?\s*[{_DASH}]{{1,2}}\s*(?P<y2>{YEAR_DIGITS})年"
)
# compact ranges that share one unit word: 2019年1至8月, 2月14—15日
_SHARED_MONTH = regex.compile(
    rf"(?:(?<![0-9.])(?P<y>{YEAR_DIGITS})年|(?<![0-9.月/\-]))(?P<m1>{MONTH_DIGITS})[{_DASH}]{{1,2}}(?P<m2>{MONTH_DIGITS})月"
)
_SHARED_DAY = regex.compile(
    rf"(?:(?<![0-9.])(?P<y>{YEAR_DIGITS})年|(?<![0-9.月/\-]))(?P<m>{MONTH_DIGITS})月"
    rf"(?P<d1>{DAY_DIGITS})[{_DASH}]{{1,2}}(?P<d2>{DAY_DIGITS})[日号]"
)
# what _YEAR_RANGE, _SHARED_MONTH and _SHARED_DAY all hold (re's \s takes in regex's)
_RANGE_HINT = re.compile(rf"[0-9]年?\s*[{_DASH}]{{1,2}}\s*[0-9]")
_TAIL_DAY = regex.compile(rf"[{_DASH}](?P<d>{DAY_DIGITS})[日号]")
_TAIL_DAY_CN = regex.compile(rf"[{_DASH}](?P<d>{_DAY_CN})[日号]")
_DASH_CHARS = frozenset(_DASH.replace("\\", ""))
_QUOTE_ENDS = frozenset(CLOSE_QUOTES + "\"'")  # a closing mark: a program name may end there
_DATE_CHARS = regex.compile(rf"[0-9{_CN}]")
_MIN_YEAR, _MAX_YEAR = 1000, 2100
_OLD_YEAR = 1900  # a bare year before this followed by 前 is "… years ago"
_AHEAD_DAYS = 183  # a yearless date further ahead of the document is taken from the year before
_TWO_DIGIT_AHEAD = 5  # 25年 in a 2020 document is 2025; 98年 is 1998, not 2098
_TWO_DIGIT_PIVOT = 50  # without a document date: 07年 is 2007, 98年 is 1998


class DateMatch(NamedTuple):
    """A date in normalized text: ``[start, end)``; missing parts are ``None``."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    high_year: int | None = None
    high_month: int | None = None
    high_day: int | None = None  # 8月11日至22日: one fact, the days 11 to 22
    rel_year: int | None = None  # 去年9月: the year is the document's, shifted by this
    two_digit: bool = False  # 07年, 零八年: the century is the document's


def chinese_number(s: str) -> int:
    """Value of a small Chinese numeral: digit strings (二〇二〇) and 十-forms (二十一);
    廿 is 20 and 卅 30 (廿三 → 23).

    >>> chinese_number("二〇二〇"), chinese_number("十二"), chinese_number("廿三"), chinese_number("卅")
    (2020, 12, 23, 30)
    """
    if s[0] in "廿卅":
        return (20 if s[0] == "廿" else 30) + (_CN_VALUE[s[1]] if len(s) > 1 else 0)
    if "十" not in s:
        return int("".join(str(_CN_VALUE[c]) for c in s))
    tens, _, units = s.partition("十")
    return (_CN_VALUE[tens] if tens else 1) * 10 + (_CN_VALUE[units] if units else 0)


class DateExtractor:
    """Finds date facts (see the module docstring)."""

    kinds: frozenset[str] = frozenset({"date"})

    def __init__(self, lexicon: Lexicon, *, relative: bool = False) -> None:
        self.lexicon = lexicon
        self.relative = relative
        words: dict[str, list[str]] = {"year_suffix": [], "month_suffix": [], "suffix_block": []}
        self._relative: dict[str, tuple[str, int]] = {}
        for w in lexicon.table(DATE_WORDS):
            if w.kind != "relative":
                words[w.kind].append(w.word)
            elif w.unit is not None and w.offset is not None:  # (always: the table's spec checks it)
                self._relative[w.word] = (w.unit, w.offset)  # 去年 year -1
        # a bare year next to these is a length of time (year_lengths.txt): 历经1000年, 5000年来
        years = grouped(lexicon, YEAR_LENGTHS)
        words["not_before"], words["not_after"] = years["date_before"], years["date_after"]
        by_len = {k: tuple(sorted(v, key=len, reverse=True)) for k, v in words.items()}
        self._year_suffix = by_len["year_suffix"]
        self._month_suffix = by_len["month_suffix"]
        self._suffix_block = by_len["suffix_block"]
        self._not_before = by_len["not_before"]
        self._not_after = by_len["not_after"]
        self._rel_re = regex.compile(alternation(self._relative)) if self._relative else None
        # the relative years that may stand before a month (去年9月): 今年 去年 明年 …, not 年底
        self._rel_year_words = tuple(
            sorted((w for w, (unit, _) in self._relative.items() if unit == "year" and w.endswith("年")),
                   key=len, reverse=True)
        )
        self._programs = ProgramExtractor(lexicon)

    # -- public --------------------------------------------------------------------------
    def find(self, ctx: Context) -> Iterator[Fact]:
        """Yield the date facts of ``ctx``."""
        doc = ctx.doc_date
        matches = self._matches(ctx)
        for m in matches:
            if ctx.text.is_damaged(m.start, m.end):
                continue
            value, flags = _iso(m, doc)
            if value is None:
                continue
            os_, oe, otext = ctx.span(m.start, m.end)
            yield DateFact(
                text=otext,
                start=os_,
                end=oe,
                value=value,
                low=_low(m),
                high=m.high_year or m.high_month or m.high_day,
                sentence=ctx.sentence(m.start),
                doc_id=ctx.doc_id,
                flags=flags,
            )
        if self.relative and doc is not None and self._rel_re is not None:
            # 18年初: the absolute date holds 年初, which is no second, relative date
            # and 去年9月: 去年 gave the month its year (one fact, 9月 = 2019-09)
            starts = frozenset(m.start for m in matches)
            yield from self._relative_facts(ctx, doc, SpanIndex((m.start, m.end) for m in matches), starts)

    def matches(self, s: str) -> list[DateMatch]:
        """Absolute dates in the normalized text ``s``, in text order."""
        return self._matches(Context(Text(s)))

    def _matches(self, ctx: Context) -> list[DateMatch]:
        s = ctx.s
        if not _DATE_CHARS.search(s):
            return []
        skip = _Skip(ctx, self._programs)
        out, covered = self._ranges(s, skip)
        taken = SpanIndex(covered)  # single dates must not overlap the ranges
        taken_until = -1
        prev: DateMatch | None = None
        for dm in _DATE_AT.finditer(s):
            if dm.start() < taken_until or taken.overlaps(dm.start(), dm.end()):
                continue
            m = self._date(s, dm, prev, ctx.doc_date)
            if m is None or skip.overlaps(m.start, m.end):
                prev = None
                continue
            tail = self._tail(s, m)
            if tail is not None and not skip.overlaps(tail.start, tail.end):
                m = m._replace(end=tail.end, high_day=tail.day)  # 8月11日至22日: one fact
            out.append(m)
            prev = m
            taken_until = m.end
        out.sort(key=lambda m: (m.start, m.end))
        return out

    # -- pieces --------------------------------------------------------------------------
    def _ranges(self, s: str, skip: _Skip) -> tuple[list[DateMatch], list[tuple[int, int]]]:
        """Year ranges, 民国 dates and ranges sharing one unit word, and the spans they cover."""
        out: list[DateMatch] = []
        covered: list[tuple[int, int]] = []
        # every range form holds a digit, a dash or 至/到 and a digit; most texts have none
        ranges = _RANGE_HINT.search(s) is not None
        for rm in _YEAR_RANGE.finditer(s) if ranges else ():
            y1, y2 = int(rm["y1"]), int(rm["y2"])
            if _MIN_YEAR <= y1 < y2 <= _MAX_YEAR and not skip.overlaps(rm.start(), rm.end()):
                end = self._suffix(s, rm.end(), self._year_suffix)
                out.append(DateMatch(rm.start(), end, y1, None, None, y2))
                covered.append((rm.start(), end))
        for rm in _ROC.finditer(s) if "民国" in s else ():
            m = self._roc(s, rm)
            if m is not None and not skip.overlaps(m.start, m.end):
                out.append(m)
                covered.append((m.start, m.end))
        # the ranges of one list never overlap each other: check each list against what came before
        for compact in (self._month_ranges(s), self._day_ranges(s)) if ranges else ():
            taken = SpanIndex(covered)
            for parts in compact:
                first, last = parts[0], parts[-1]
                if not skip.overlaps(first.start, last.end) and not taken.overlaps(first.start, last.end):
                    out.extend(parts)
                    covered.append((first.start, last.end))
        return out, covered

    def _roc(self, s: str, rm: regex.Match[str]) -> DateMatch | None:
        """A 民国 date: the era's year + 1911 (民国108年5月30日 → 2019-05-30)."""
        written = rm["y"]
        if written.isdigit():
            n: int | None = int(written)
        else:
            parsed = parse_number(written)
            n = int(parsed.value) if parsed is not None and parsed.value == int(parsed.value) else None
        if n is None or not 1 <= n <= _MAX_YEAR - _ROC_OFFSET:
            return None
        year = n + _ROC_OFFSET
        month: int | None
        day: int | None
        if rm["ma"] is not None:
            month, day = int(rm["ma"]), _int(rm["da"])
        elif rm["mc"] is not None:
            month, day = chinese_number(rm["mc"]), (chinese_number(rm["dc"]) if rm["dc"] else None)
        else:
            month = day = None
        if not valid_date(year, month, day):
            return None
        end = rm.end()
        if month is None:
            end = self._suffix(s, end, self._year_suffix)
        elif day is None:
            end = self._suffix(s, end, self._month_suffix)
        return DateMatch(rm.start(), end, year, month, day)

    def _month_ranges(self, s: str) -> list[tuple[DateMatch, ...]]:
        """Month ranges sharing one 月 (2019年1至8月, 5—9月): one match with ``high_month``.

        They never overlap each other: each starts with a digit, and no month suffix (底,
        中旬) holds one.
        """
        out: list[tuple[DateMatch, ...]] = []
        for m in _SHARED_MONTH.finditer(s):
            y = _int(m["y"])
            m1, m2 = int(m["m1"]), int(m["m2"])
            if m1 < m2 and (y is None or _MIN_YEAR <= y <= _MAX_YEAR):
                end = self._suffix(s, m.end(), self._month_suffix)
                out.append((DateMatch(m.start(), end, y, m1, None, high_month=m2),))
        return out

    @staticmethod
    def _day_ranges(s: str) -> list[tuple[DateMatch, ...]]:
        """Day ranges sharing one 日 (2月14—15日): one match with ``high_day``."""
        out: list[tuple[DateMatch, ...]] = []
        for m in _SHARED_DAY.finditer(s):
            y = _int(m["y"])
            mo, d1, d2 = int(m["m"]), int(m["d1"]), int(m["d2"])
            if d1 < d2 and valid_date(y, mo, d2) and (y is None or _MIN_YEAR <= y <= _MAX_YEAR):
                out.append((DateMatch(m.start(), m.end(), y, mo, d1, high_day=d2),))
        return out

    def _date(
        self, s: str, dm: regex.Match[str], prev: DateMatch | None, doc: _dt.date | None
    ) -> DateMatch | None:
        """One date match read: its parts, checked, the year completed, the suffix taken."""
        year, month, day, written = _parts(dm.groups())
        start, end = dm.start(), dm.end()
        two = written is not None and len(written) == 2
        if two:  # 07年, 18年底, 零八年 — not 18年 (a length of time) nor 三五年 (three to five years)
            # (-1: no year, which _exists turns down)
            year = _century(year, doc) if self._two_digit_ok(s, end, written or "", month) else -1
        if not _exists(year, month, day):
            return None
        if year is None and prev is not None and prev.year is not None and _joined(s, prev.end, start):
            year = prev.year  # 2019年5月至7月: the range's end takes its year from the start
        if month is None:  # a bare year
            if written is not None and written.isdigit() and not self._year_ok(s, start, end, year):
                return None  # 历经1000年, 5000年来
            return DateMatch(start, self._suffix(s, end, self._year_suffix), year, None, None, two_digit=two)
        if day is None:
            end = self._suffix(s, end, self._month_suffix)
        rel = self._relative_year(s, start) if year is None else None
        return DateMatch(start, end, year, month, day, rel_year=rel, two_digit=two)

    def _two_digit_ok(self, s: str, end: int, written: str, month: int | None) -> bool:
        """Whether a two-digit year is one: with a month (18年5月, 零八年八月), a leading zero
        (07年, 零八年), a year suffix (18年底, 18年初); 九八年 too, but 三五年 and 七八年 are
        vague numbers of years and 18年 alone a length of time."""
        if month is not None or written[0] in "0" + CN_ZEROS:
            return True
        if written.isdigit():
            return not s.startswith(self._suffix_block, end) and s.startswith(self._year_suffix, end)
        step = _CN_VALUE[written[1]] - _CN_VALUE[written[0]]
        return step not in (1, 2)  # 三五年, 七八年: three to five years

    def _relative_year(self, s: str, start: int) -> int | None:
        """The shift of a relative year word right before a month: 去年9月 → -1, 今年 → 0."""
        if not self._rel_year_words or not s.endswith(self._rel_year_words, 0, start):
            return None
        for w in self._rel_year_words:
            if s.endswith(w, 0, start):
                return self._relative[w][1]
        return None

    def _year_ok(self, s: str, start: int, end: int, year: int | None) -> bool:
        if s.endswith(self._not_before, 0, start):  # (a tuple: any of the words)
            return False
        if s.startswith("以来", end):
            return True
        if s.startswith(self._not_after, end):
            return False
        return not (year is not None and year < _OLD_YEAR and s.startswith(("前", "后"), end))

    def _suffix(self, s: str, end: int, suffixes: tuple[str, ...]) -> int:
        if s.startswith(self._suffix_block, end):  # (a tuple: any of the words)
            return end
        if not s.startswith(suffixes, end):
            return end
        for w in suffixes:
            if s.startswith(w, end):
                return end + len(w)
        return end

    def _tail(self, s: str, m: DateMatch) -> DateMatch | None:
        """The day that ends a range written without its month: 2月4日至5日."""
        if m.day is None or m.month is None:
            return None
        t = _TAIL_DAY.match(s, m.end) or _TAIL_DAY_CN.match(s, m.end)
        if t is None:
            return None
        d = t["d"]
        day = int(d) if d.isdigit() else chinese_number(d)
        if day <= m.day or not valid_date(m.year, m.month, day):
            return None
        if s.startswith("月", t.end()) or _DATE_CHARS.match(s, t.end()):
            return None
        return DateMatch(t.start() + 1, t.end(), m.year, m.month, day)

    def _relative_facts(
        self, ctx: Context, doc: _dt.date, dates: SpanIndex, starts: frozenset[int]
    ) -> Iterator[Fact]:
        """去年, 今年年初, 上月 … resolved against ``doc``; none inside an absolute date (``dates``),
        none giving the year of the date right after it (``starts``: 去年9月), none in a title."""
        assert self._rel_re is not None
        s = ctx.s
        titles = SpanIndex(ctx.derived(find_titles))
        for rm in self._rel_re.finditer(s):
            w = rm.group()
            if (rm.start() > 0 and s[rm.start() - 1] == "过") or titles.overlaps(rm.start(), rm.end()):
                continue  # 过去年 is not 去年
            if (dates and dates.overlaps(rm.start(), rm.end())) or (
                rm.end() in starts and w in self._rel_year_words
            ):
                continue
            unit, off = self._relative[w]
            value = _shift(doc, unit, off)
            os_, oe, otext = ctx.span(rm.start(), rm.end())
            yield DateFact(
                text=otext, start=os_, end=oe, value=value, sentence=ctx.sentence(rm.start()),
                doc_id=ctx.doc_id,
                flags=("relative",),
            )


class _Skip:
    """Where dates are not looked for: 《》 titles and program names (found only when needed)."""

    def __init__(self, ctx: Context, programs: ProgramExtractor) -> None:
        self._ctx = ctx
        self._s = ctx.s
        self._titles = SpanIndex(ctx.derived(find_titles))
        self._quotes = SpanIndex((q.start, q.end) for q in ctx.derived(find_quotes) if q.depth == 0)
        self._programs = programs
        self._names: SpanIndex | None = None

    def overlaps(self, a: int, b: int) -> bool:
        """True when ``[a, b)`` touches a title, or a program name."""
        if self._titles.overlaps(a, b):
            return True
        if not self._quotes.overlaps(a, b) and not self._near_quote(a, b):
            return False
        if self._names is None:
            self._names = SpanIndex(self._programs.doc_spans(self._ctx))
        return self._names.overlaps(a, b)

    def _near_quote(self, a: int, b: int) -> bool:
        # a program span reaches past its closing quote to the category word, but only a few
        # characters: a date there sits right after a closing mark
        return not _QUOTE_ENDS.isdisjoint(self._s[max(0, a - 8) : a])


_Groups = tuple[str | None, ...]


def _parts(g: _Groups) -> tuple[int | None, int | None, int | None, str | None]:
    """``(year, month, day, written year)`` of a match of ``_DATE`` from its groups in
    pattern order (a tuple is much cheaper than groupdict); a two-digit year is left as
    written (07 → 7), the caller adds the century."""
    ya, ma, da, mx, dx, yc, mc, dc, mb, db, mcb, dcb, yi, _sep, mi, di, y2, m2, d2, yc2, mc2, dc2 = g
    if ya is not None:
        if mx is not None:  # 2018年十二月, 2019年十月一日
            return int(ya), chinese_number(mx), _cn(dx), ya
        return int(ya), _int(ma), _int(da), ya
    if yc is not None:
        return chinese_number(yc), _cn(mc), _cn(dc), yc
    if mb is not None:
        return None, int(mb), _int(db), None
    if mcb is not None:
        return None, _cn(mcb), _cn(dcb), None
    if yi is not None:
        return int(yi), _int(mi), _int(di), yi
    if y2 is not None:
        return int(y2), _int(m2), _int(d2), y2
    return _cn(yc2), _cn(mc2), _cn(dc2), yc2


def _exists(year: int | None, month: int | None, day: int | None) -> bool:
    """True for a date in the years read (1000–2100) that exists (no 2019年2月29日)."""
    return (year is None or _MIN_YEAR <= year <= _MAX_YEAR) and valid_date(year, month, day)


def _cn(x: str | None) -> int | None:
    return chinese_number(x) if x is not None else None


def _century(yy: int | None, doc: _dt.date | None) -> int | None:
    """A two-digit year in the document's century (98年 in a 2020 text → 1998, 25年 → 2025);
    without a document date, 00–49 are 2000s and 50–99 1900s."""
    if yy is None:
        return None
    if doc is None:
        return yy + (2000 if yy < _TWO_DIGIT_PIVOT else 1900)
    year = doc.year // 100 * 100 + yy
    return year - 100 if year > doc.year + _TWO_DIGIT_AHEAD else year


def _int(x: str | None) -> int | None:
    return int(x) if x is not None else None


def _joined(s: str, a: int, b: int) -> bool:
    """True when only a range dash or 至/到 lies between ``a`` and ``b``."""
    gap = s[a:b]
    return 0 < len(gap) <= 2 and all(c in _DASH_CHARS for c in gap)


def _iso(m: DateMatch, doc: _dt.date | None) -> tuple[str | None, tuple[str, ...]]:
    """ISO value of ``m`` and its flags; a missing year comes from ``doc`` when known."""
    flags: tuple[str, ...] = ("two_digit_year",) if m.two_digit else ()
    year = m.year
    if year is None and m.month is not None and m.rel_year is not None and doc is not None:
        year, flags = doc.year + m.rel_year, ("inferred_year", "relative")  # 去年9月 in 2020: 2019-09
    elif year is None and m.month is not None:
        if doc is None:
            if m.day is None:
                return f"--{m.month:02d}", ("no_year",)
            return f"--{m.month:02d}-{m.day:02d}", ("no_year",)
        year = _year_for(m.month, m.day, doc)
        flags = ("inferred_year",)
    if year is None:
        return None, ()
    if m.month is None:
        return f"{year:04d}", flags
    if m.day is None:
        return f"{year:04d}-{m.month:02d}", flags
    return f"{year:04d}-{m.month:02d}-{m.day:02d}", flags


def _low(m: DateMatch) -> int | None:
    """The first year, month or day of a range (2016—2018年 → 2016, 8月11日至22日 → 11)."""
    if m.high_year:
        return m.year
    if m.high_month:
        return m.month
    return m.day if m.high_day else None


def _year_for(month: int, day: int | None, doc: _dt.date) -> int:
    """The year of a month/day written without one, seen from the document's date.

    Reports mostly tell what happened, so the document's own year is taken unless that puts
    the date more than half a year after the document (12月20日 in a January text is last
    December).
    """
    d = min(day if day is not None else 1, days_in_month(doc.year, month))
    if (_dt.date(doc.year, month, d) - doc).days > _AHEAD_DAYS:
        return doc.year - 1
    return doc.year


def _shift(doc: _dt.date, unit: str, off: int) -> str:
    if unit == "year":
        return f"{doc.year + off:04d}"
    if unit == "month":
        k = doc.year * 12 + doc.month - 1 + off
        return f"{k // 12:04d}-{k % 12 + 1:02d}"
    return (doc + _dt.timedelta(days=off)).isoformat()
