"""The opt-in ``number`` kind: plain numerals, and where a Chinese numeral is no number.

:class:`NumeralFinder` finds the numerals of a text and reads them with
:func:`~reportmine.extractors.numerals.parse_numeral` (the one numeral grammar):
``一百五十二`` → 152, ``负三十二`` → −32, ``肆佰陸拾`` → 460, ``10万万`` → 10⁹, ``4.78万亿``,
``一千零一``, ``3.5``, ``12``, ``100万三千`` (an Arabic number with 万/亿 and Chinese lower places
with 千/百/十 after it: 1003000; a lone digit there stays out, ``10万三批次`` → 10万). Its rules,
each a named step:

- **A lone character** (``_lone``): a numeral of one character inside Chinese text is part of
  a word or a name, not a number: 一起, 统一, 仇一军, 南八家子乡, 十分普遍, 一波三折. It is
  one only where no Han character touches it (``三``, ``第 3``), after a minus sign (负三), or
  — for :func:`reportmine.to_arabic` — inside a fact another kind found (三户, 八月).
- **A bare unit** (``_bare``): 千万, 百万, 万万 are words ("by all means", "millions") unless an
  Arabic number leads (10万万).
- **Words and names** (``_in_word``): the ``number_words`` table (乱七八糟, 十之八九, 万一,
  一点点, 千兆 …) and the names and formulas of ``number_phrases`` (两个维护, 七台河, 十九大);
  a word inside a longer numeral, after its first character, is part of it (the 万一 of
  一万一千一百一十一 and of 一万一).
- **Ordinals** (``_ordinal``): a numeral right after 第 is a number flagged ``ordinal``,
  第 included in its span (第三 → 3, 第一百五十二 → 152, 第3 → 3); not in a word of
  ``number_words`` (第一时间) and never vague (第七八 is none).
- **Part of a word** (``_word_part``): a calendar word before it (星期三, 初五, 正月初五),
  a month after it (十二月: a month name), 零 leading it (清零一户), a place word after it
  (十二道村, 三十里铺) or a list label (一、 and （三） at a line start).
- **Quoted names** (``_in_quotes``): a number inside a short quoted name or slogan
  (“科创30条”, “今晚60分”), as the quantity rules read them.
- **Letters** (``_coded``): a number touching Latin letters is a code (4K, 5G, G20, H7N9).
- **The sign** (``_sign``): 负 is a minus only where it is no word of its own (减负, 肩负,
  担负, 胜负, 抱负 keep it); ``-`` only before a digit and not after one (3-5 is a range).

:class:`NumberExtractor` yields them as ``number`` facts; the pipeline runs it last and drops
every number that overlaps a fact of another kind (a count, a date, a program name …), so a
number fact is a numeral no other kind claims. :func:`arabic_text` (behind
:func:`reportmine.to_arabic`) writes the numerals of a text in Arabic digits, with an offset map.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from decimal import Decimal
from typing import NamedTuple

import regex

from ..chars import CN_NUMERAL_CHARS, CN_ZEROS, SpanIndex, alternation_re, is_han
from ..lexicon import Lexicon
from ..lexicon.tables import NUMBER_PHRASES, NUMBER_WORDS
from ..records import Fact, NumberFact
from ..text import Alignment, Text
from .base import Context
from .numbers import decimal_to_value
from .numerals import NumberOverflow, parse_numeral

__all__ = ["Found", "NumberExtractor", "NumeralFinder", "arabic_text"]

_CN = CN_NUMERAL_CHARS
_MULT = "十百千万亿萬億拾佰仟"
_RUN = regex.compile(
    rf"""
    (?P<sign>负|[-−－](?=\d))?
    (?P<num>\d+(?:,\d{{3}}(?!\d))*(?:\.\d+)?(?:[{_MULT}]+(?:\d+(?![\d.]))?)*   # 12, 3.5, 4.78万亿, 3万4000
        # 100万三千, 200亿零四千230: Chinese lower places with 千/百/十 after 万/亿
        (?:(?<=[万亿萬億])(?![{_MULT}])[{_CN}]*[千百十仟佰拾][{_CN}]*(?:\d+(?![\d.]))?)?
    |[{_CN}]+(?:[点點][{_CN}]+)?)                                             # 一百五十二, 三点五
    """,
    regex.VERBOSE,
)
# 负 is a word of its own after these: 减负, 肩负, 担负, 胜负, 抱负, 自负, 辜负, 欺负, 背负, 身负, 正负
_NOT_MINUS_AFTER = frozenset("减肩担胜抱自辜欺背身正")
_LATIN = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_MONTH_AFTER = "月"  # 十二月: a month name (a date when a day follows; then dates claim it)
# a place name with a numeral in it: 十二道村, 三十里铺, 二道河子 (up to two characters, then a place word)
_PLACE = regex.compile(r"[^\W\d_]{0,2}?(?:村|乡|镇|屯|堡|铺|营|沟|岗|洼|庄|寨|坡|河子|街道)")
# a short quoted name or slogan, no clause punctuation inside (as in the quantity rules)
_QUOTE = regex.compile(r"[“「『]([^“”「」『』\n，,。！？!?；;：:]{1,30})[”」』]")


class Found(NamedTuple):
    """A numeral in normalized text: ``[start, end)`` (its sign included) and its value;
    ``low``/``high`` differ for a vague numeral (七八百 → 700, 800); ``ordinal`` after 第
    (第三: ``[start, end)`` is the numeral, 第 right before it)."""

    start: int
    end: int
    value: int | float
    low: int | float
    high: int | float
    vague: bool
    ordinal: bool = False


class NumeralFinder:
    """Finds numerals that are numbers (see the module docstring)."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = [w.word for w in lexicon.table(NUMBER_WORDS)]
        phrases = [p.text for p in lexicon.table(NUMBER_PHRASES) if p.type == "phrase"]
        self._words = alternation_re(words + phrases)
        self._reach = max(map(len, words + phrases), default=0)
        prefixes = (p.text for p in lexicon.table(NUMBER_PHRASES) if p.type == "prefix")
        self._prefixes = tuple(sorted(prefixes, key=len, reverse=True))

    def find(self, s: str, lo: int = 0, hi: int | None = None, *, claimed: bool = False) -> Iterator[Found]:
        """The numbers of ``s[lo:hi]`` in text order.

        ``claimed``: the span is a fact another kind found (三户, 八月), so a lone character
        there is a number too.
        """
        quotes = _short_quotes(s) if not claimed else []
        for m in _RUN.finditer(s, lo, len(s) if hi is None else hi):
            found = self._numeral(s, m, claimed, quotes)
            if found is not None:
                yield found

    def _numeral(
        self, s: str, m: regex.Match[str], claimed: bool, quotes: list[tuple[int, int]]
    ) -> Found | None:
        """One run of numeral characters, checked step by step, then read."""
        num = m["num"]
        ns, ne = m.span("num")
        if len(num) > 1 and num.endswith("千") and s.startswith("瓦", ne):
            num, ne = num[:-1], ne - 1  # 五千瓦, 10万千瓦: 千瓦 is the unit
        chinese = not num[0].isdigit()
        start = self._sign(s, m)
        if _coded(s, ns, ne) or _in_quotes(quotes, ns, ne):
            return None  # 4K, G20; “科创30条”, “今晚60分”
        if not chinese and s[ns - 1 : ns] == "." and start == ns:
            return None  # .5, the 3 of 1.2.3: the digits after a point are no number of their own
        if _ordinal(s, start, ns, ne):
            if claimed or (chinese and self._in_word(s, ns - 1, ne)):
                return None  # 第一时间: a word
            found = _read(num, start, ne, negative=False, chinese=chinese)
            return found._replace(ordinal=True) if found is not None and not found.vague else None
        if chinese and (self._in_word(s, ns, ne) or (not claimed and self._word_part(s, num, start, ns, ne))):
            return None  # 乱七八糟, 七台河; 一起, 星期三, 十二月, 十二道村, 一、
        return _read(num, start, ne, negative=start < ns, chinese=chinese)

    def _word_part(self, s: str, num: str, start: int, ns: int, ne: int) -> bool:
        """True when a Chinese numeral no fact claims is part of a word, a name or a label:
        a lone character (一起, 仇一军, 十分普遍), 零 leading (清零一户, 零一), an ordinal or
        calendar word before it (第三, 初五), a month after it (十二月), a place name
        (十二道村, 三十里铺) or a list label (一、 （三） at a line start)."""
        if len(num) == 1 and start == ns and not _lone(s, ns, ne):
            return True
        if len(num) > 1 and num[0] in CN_ZEROS and "点" not in num and "點" not in num:
            return True  # 清零一户: 零 is a word; 零八年 is a date (dates claim it)
        if self._after_prefix(s, start) or s.startswith(_MONTH_AFTER, ne):
            return True
        return _PLACE.match(s, ne) is not None or _label(s, start, ne)

    @staticmethod
    def _sign(s: str, m: regex.Match[str]) -> int:
        """Where the number starts: at its minus sign, unless 负 is a word (减负三成 → 三成)."""
        sign: str | None = m["sign"]
        st, ns = int(m.start()), int(m.start("num"))
        if sign is None:
            return ns
        if sign == "负" and st > 0 and s[st - 1] in _NOT_MINUS_AFTER:
            return ns
        if sign != "负" and st > 0 and (s[st - 1].isdigit() or s[st - 1] in _LATIN):
            return ns  # 3-5, COVID-19: no minus
        return st

    def _in_word(self, s: str, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a word of ``number_words`` or a fixed name
        of ``number_phrases`` (乱七八糟, 万一, 一点点, 两个维护, 七台河); not a word inside
        the run after its first character, which the grammar then reads (the 万一 of
        一万一千一百 and of 一万一: a numeral; 万一出事, 一一落实 stay words)."""
        if not self._reach:
            return False
        lo, hi = max(0, start - self._reach + 1), min(len(s), end + self._reach - 1)
        return any(
            w.start() < end and start < w.end() and not (start < w.start() and w.end() <= end)
            for w in self._words.finditer(s, lo, hi)
        )

    def _after_prefix(self, s: str, start: int) -> bool:
        """True after an ordinal or calendar word (第三, 星期三, 初五, 正月初五)."""
        return s.endswith(self._prefixes, 0, start)


def _ordinal(s: str, start: int, ns: int, ne: int) -> bool:
    """True for a numeral right after 第 with no sign (第三, 第一百五十二, 第3); not one a
    decimal point follows (第3.5)."""
    return start == ns and ns > 0 and s[ns - 1] == "第" and not any(c in ".点點" for c in s[ns:ne])


def _lone(s: str, start: int, end: int) -> bool:
    """True when no Han character touches ``[start, end)``: ``三``, ``（三）``, ``得分：八``."""
    return not (start > 0 and is_han(s[start - 1])) and not (end < len(s) and is_han(s[end]))


def _label(s: str, start: int, end: int) -> bool:
    """True for a list label: 一、 or （三） at the start of a line (一、结对帮扶是政治责任)."""
    before = s[start - 1] if start > 0 else "\n"
    if before in "(（":
        return s.startswith(("）", ")"), end)
    return before in "\n\r \u3000" and s.startswith(("、", "．", "."), end)


def _short_quotes(s: str) -> list[tuple[int, int]]:
    """The insides of short quoted names and slogans (“科创30条”, “两不愁三保障”)."""
    if "“" not in s and "「" not in s and "『" not in s:
        return []
    return [q.span(1) for q in _QUOTE.finditer(s)]


def _in_quotes(quotes: list[tuple[int, int]], start: int, end: int) -> bool:
    return any(a <= start and end <= b for a, b in quotes)


def _coded(s: str, start: int, end: int) -> bool:
    """True when a Latin letter touches the number (4K, 5G, G20, H7N9): a code, not a number;
    so is a part of an e-mail address or a domain (x@163.com)."""
    if (start > 0 and s[start - 1] in _LATIN + "@") or (end < len(s) and s[end] in _LATIN):
        return True
    return s.startswith(".", end) and end + 1 < len(s) and s[end + 1] in _LATIN


def _read(num: str, start: int, end: int, *, negative: bool, chinese: bool) -> Found | None:
    """The value of ``num`` (negative after a minus), or ``None`` when it is no numeral or a
    bare Chinese unit (千万, 百万: words; 10万万 is a number)."""
    try:
        parsed = parse_numeral(num.replace(",", "") if not chinese else num)
    except NumberOverflow:
        return None
    if parsed is None or (chinese and "bare" in parsed.flags):
        return None
    sign = Decimal(-1) if negative else Decimal(1)
    lo, hi = sorted((parsed.low * sign, parsed.high * sign))
    low, over_lo = decimal_to_value(lo)
    high, over_hi = decimal_to_value(hi)
    if over_lo or over_hi:
        return None
    return Found(start, end, low, low, high, lo != hi)


class NumberExtractor:
    """The ``number`` facts (opt-in): every numeral :class:`NumeralFinder` accepts; the
    pipeline keeps those no fact of another kind overlaps."""

    kinds: frozenset[str] = frozenset({"number"})

    def __init__(self, lexicon: Lexicon) -> None:
        self.finder = NumeralFinder(lexicon)

    def find(self, ctx: Context) -> Iterator[Fact]:
        """Yield a number fact for every numeral of ``ctx`` (see the module docstring)."""
        for n in self.finder.find(ctx.s):
            start = n.start - 1 if n.ordinal else n.start  # 第三: 第 is part of an ordinal's span
            if ctx.text.is_damaged(start, n.end):
                continue
            os_, oe, otext = ctx.span(start, n.end)
            yield NumberFact(
                text=otext,
                start=os_,
                end=oe,
                value=n.value,
                qualifier="approx" if n.vague else "exact",
                low=n.low if n.vague else None,
                high=n.high if n.vague else None,
                sentence=ctx.sentence(n.start),
                doc_id=ctx.doc_id,
                flags=("vague",) if n.vague else ("ordinal",) if n.ordinal else (),
            )


# -- to_arabic ---------------------------------------------------------------------------------

_ARABIC_KINDS = frozenset(
    {"count", "money", "area", "length", "weight", "volume", "percent", "duration", "date", "power", "energy"}
)
_PERCENT_WORD = "百分之"
_FRACTION = regex.compile(rf"(?P<d>(?!百分之)[{_CN}]+)分之(?P<n>[{_CN}]+)")


def arabic_text(text: Text, facts: Iterable[Fact], finder: NumeralFinder) -> Text:
    """``text`` with its Chinese numerals written in Arabic digits, as a :class:`Text` whose
    ``normalized`` is the new text and whose alignment maps it back to ``text.original``.

    Numerals inside the quantity and date ``facts`` are replaced (三户 → 3户, 二〇一九年 → 2019年,
    百分之八十 → 80%), and the numerals no fact claims that :class:`NumeralFinder` accepts
    (一百五十二 → 152); names and idioms stay as written (仇一军, 一波三折, “两不愁三保障”),
    and so do vague numerals (七八百) and the characters around every numeral.
    """
    s = text.normalized
    edits: list[tuple[int, int, str]] = []
    claimed: list[tuple[int, int]] = []
    for f in facts:
        fs, fe = text.span_from_original(f.start, f.end)
        claimed.append((fs, fe))
        frac = _FRACTION.search(s, fs, fe) if f.kind == "percent" else None
        if frac is not None:
            edits.extend(_fraction(frac))  # 三分之一 → 1/3
        elif f.kind in _ARABIC_KINDS:
            edits.extend(_edits(s, finder.find(s, fs, fe, claimed=True), percent=f.kind == "percent"))
    taken = SpanIndex(claimed)
    # ordinals stay as written (第三): a name of a place in a row, not a quantity
    free = (n for n in finder.find(s) if not n.ordinal and not taken.overlaps(n.start, n.end))
    edits.extend(_edits(s, free, percent=False))
    original = text.original
    out: list[tuple[int, int, str]] = []
    for ns, ne, rep in sorted(edits):
        os_, oe = text.span_to_original(ns, ne)
        if not out or os_ >= out[-1][1]:
            out.append((os_, oe, rep))
    pieces, pos = [], 0
    for os_, oe, rep in out:
        pieces += [original[pos:os_], rep]
        pos = oe
    pieces.append(original[pos:])
    new = "".join(pieces)
    return Text(original, new, Alignment.from_edits(len(original), out), script=text.script)


def _edits(s: str, found: Iterable[Found], *, percent: bool) -> Iterator[tuple[int, int, str]]:
    """The replacements of the Chinese numerals among ``found`` (Arabic ones stay as written;
    百分之八十 → 80% in a percent fact)."""
    for n in found:
        if n.vague or all(c.isdigit() or c in ".,-" for c in s[n.start : n.end]):
            continue  # 七八百: no one Arabic form; 12: already Arabic
        digits = _digits(n.value)
        if percent and s.endswith(_PERCENT_WORD, 0, n.start):
            yield n.start - len(_PERCENT_WORD), n.end, digits + "%"
        else:
            yield n.start, n.end, digits


def _fraction(m: regex.Match[str]) -> Iterator[tuple[int, int, str]]:
    """三分之一 → 1/3 (numerator first, as written in Arabic digits)."""
    d, n = parse_numeral(m["d"]), parse_numeral(m["n"])
    if d is not None and n is not None and d.low == d.high and n.low == n.high:
        num, den = decimal_to_value(n.low)[0], decimal_to_value(d.low)[0]
        yield m.start(), m.end(), f"{_digits(num)}/{_digits(den)}"


def _digits(v: int | float) -> str:
    """A value in Arabic digits, never in exponent form: 4780000000000, 3.5, -32."""
    if isinstance(v, int):
        return str(v)
    return format(Decimal(repr(v)), "f")
