"""Date facts: absolute dates at the precision written.

Forms read (on normalized text, so full-width digits and spaces are already folded):
``2019年5月30日`` (also ``号``), ``2019年5月``, ``2019年``, Chinese numerals
(``二〇二〇年五月三日``, ``十月一日``), numeric ``2019-05-30`` / ``2019/5/30`` / ``2019.5.30``,
and year ranges ``2019—2020年`` / ``2019年至2020年`` (one fact: ``value`` and ``low`` the
first year, ``high`` the last); a month range sharing one 月 (``2019年1至8月``,
``5—9月``) is one fact too, ``value`` the first month, ``low``/``high`` the first and
last month. Suffixes from ``date_words.txt`` stay in the span and keep the written
precision (``2019年末`` → ``2019``, ``4月中旬`` → ``2020-04``).

A date without a year takes the year of ``ctx.doc_date`` when that is known (the year
before when that would put it more than half a year after the document; flag
``inferred_year``). Without a document
date it keeps the ISO 8601 truncated form ``--MM-DD`` / ``--MM`` (flag ``no_year``). The
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

_DATE = regex.compile(
    rf"""
    (?=[0-9{_CN}十])  # every date starts with a digit: lets the engine skip other text fast
    (?:(?<![0-9.])(?P<ya>{YEAR_DIGITS})年
        (?:(?P<ma>{MONTH_DIGITS})月(?:(?P<da>{DAY_DIGITS})[日号])?)?
    |(?<![{_CN}十百千万两])(?P<yc>[{_CN}]{{4}})年
        (?:(?P<mc>{MONTH_CN})月(?:(?P<dc>{DAY_CN})[日号])?)?
    |(?<![0-9.月/\-])(?P<mb>{MONTH_DIGITS})月(?:(?P<db>{DAY_DIGITS})[日号])?
    |(?<![{_CN}十百千万两几第])(?P<mcb>{MONTH_CN})月(?P<dcb>{DAY_CN})[日号]
    |(?<![0-9.\-/])(?P<yi>{YEAR_DIGITS})(?P<sep>[\-/.])(?P<mi>{MONTH_DIGITS})(?P=sep)(?P<di>{DAY_DIGITS})(?![0-9.]))
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
_TAIL_DAY_CN = regex.compile(rf"[{_DASH}](?P<d>{DAY_CN})[日号]")
_DASH_CHARS = frozenset(_DASH.replace("\\", ""))
_QUOTE_ENDS = frozenset(CLOSE_QUOTES + "\"'")  # a closing mark: a program name may end there
_DATE_CHARS = regex.compile(rf"[0-9{_CN}]")
_MIN_YEAR, _MAX_YEAR = 1000, 2100
_OLD_YEAR = 1900  # a bare year before this followed by 前 is "… years ago"
_AHEAD_DAYS = 183  # a yearless date further ahead of the document is taken from the year before


class DateMatch(NamedTuple):
    """A date in normalized text: ``[start, end)``; missing parts are ``None``."""

    start: int
    end: int
    year: int | None
    month: int | None
    day: int | None
    high_year: int | None = None
    high_month: int | None = None


def chinese_number(s: str) -> int:
    """Value of a small Chinese numeral: digit strings (二〇二〇) and 十-forms (二十一)."""
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
        self._programs = ProgramExtractor(lexicon)

    # -- public --------------------------------------------------------------------------
    def find(self, ctx: Context) -> Iterator[Fact]:
        """Yield the date facts of ``ctx``."""
        doc = ctx.doc_date
        for m in self._matches(ctx):
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
                low=m.year if m.high_year else m.month if m.high_month else None,
                high=m.high_year or m.high_month,
                sentence=ctx.sentence(m.start),
                doc_id=ctx.doc_id,
                flags=flags,
            )
        if self.relative and doc is not None and self._rel_re is not None:
            yield from self._relative_facts(ctx, doc)

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
            m = self._date(s, dm, prev)
            if m is None or skip.overlaps(m.start, m.end):
                prev = None
                continue
            out.append(m)
            prev = m
            taken_until = m.end
            tail = self._tail(s, m)
            if tail is not None and not skip.overlaps(tail.start, tail.end):
                out.append(tail)
                prev = tail
                taken_until = tail.end
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
        """Day ranges sharing one 日 (2月14—15日): the range's start and its end."""
        out: list[tuple[DateMatch, ...]] = []
        for m in _SHARED_DAY.finditer(s):
            y = _int(m["y"])
            mo, d1, d2 = int(m["m"]), int(m["d1"]), int(m["d2"])
            if d1 < d2 and valid_date(y, mo, d2) and (y is None or _MIN_YEAR <= y <= _MAX_YEAR):
                first = DateMatch(m.start(), m.end("d1"), y, mo, d1)
                out.append((first, DateMatch(m.start("d2"), m.end(), y, mo, d2)))
        return out

    def _date(self, s: str, dm: regex.Match[str], prev: DateMatch | None) -> DateMatch | None:
        # the groups in pattern order (a tuple is much cheaper than groupdict)
        ya, ma, da, yc, mc, dc, mb, db, mcb, dcb, yi, _sep, mi, di = dm.groups()
        year = month = day = None
        if ya is not None:
            year, month, day = int(ya), _int(ma), _int(da)
        elif yc is not None:
            year = chinese_number(yc)
            month = chinese_number(mc) if mc else None
            day = chinese_number(dc) if dc else None
        elif mb is not None:
            month, day = int(mb), _int(db)
        elif mcb is not None:
            month, day = chinese_number(mcb), chinese_number(dcb)
        else:
            year, month, day = int(yi), int(mi), int(di)
        if year is not None and not _MIN_YEAR <= year <= _MAX_YEAR:
            return None
        if not valid_date(year, month, day):
            return None
        start, end = dm.start(), dm.end()
        if year is None and prev is not None and prev.year is not None and _joined(s, prev.end, start):
            year = prev.year  # 2019年5月至7月: the range's end takes its year from the start
        if month is None:  # a bare year
            if ya is not None and not self._year_ok(s, start, end, year):
                return None
            end = self._suffix(s, end, self._year_suffix)
        elif day is None:
            end = self._suffix(s, end, self._month_suffix)
        return DateMatch(start, end, year, month, day)

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

    def _relative_facts(self, ctx: Context, doc: _dt.date) -> Iterator[Fact]:
        assert self._rel_re is not None
        s = ctx.s
        titles = SpanIndex(ctx.derived(find_titles))
        for rm in self._rel_re.finditer(s):
            w = rm.group()
            if (rm.start() > 0 and s[rm.start() - 1] == "过") or titles.overlaps(rm.start(), rm.end()):
                continue  # 过去年 is not 去年
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


def _int(x: str | None) -> int | None:
    return int(x) if x is not None else None


def _joined(s: str, a: int, b: int) -> bool:
    """True when only a range dash or 至/到 lies between ``a`` and ``b``."""
    gap = s[a:b]
    return 0 < len(gap) <= 2 and all(c in _DASH_CHARS for c in gap)


def _iso(m: DateMatch, doc: _dt.date | None) -> tuple[str | None, tuple[str, ...]]:
    """ISO value of ``m`` and its flags; a missing year comes from ``doc`` when known."""
    flags: tuple[str, ...] = ()
    year = m.year
    if year is None and m.month is not None:
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
