"""Numbers as reports write them: :func:`parse_number` and the pieces the extractors share.

Forms read (full-width digits and ``％ ．`` are folded first):

- Arabic with thousands separators and decimals: ``3,200``, ``64552.3``, ``1e5``;
- Chinese numerals (``一 … 九 十 百 千 万 亿 两 〇 零``, financial ``壹 贰 叁 … 拾 佰 仟``),
  the colloquial ``两千三`` (2300) and ``三万五`` (35000), digit by digit ``二〇一九`` (flag
  ``digits``) and decimals with ``点`` (``三点五``);
- mixed: ``1.2万``, ``3千万``, ``十二万五千``, ``4.78万亿``, ``2万5千``;
- vague ranges: ``两三`` (2–3), ``七八百`` (700–800), ``十几`` (11–19), ``几十万``, ``数百``,
  ``上千`` (over 1000); explicit ranges ``3至5``, ``100-200万`` (the multiplier applies to
  both ends), ``1—3``;
- percentages and fractions, value in percent: ``0.28%``, ``5‰`` (0.5), ``百分之八十``,
  ``三成``, ``三分之一`` (33.33…), ``3/4`` (75), ``一半`` (50), ``2个百分点`` (flag ``points``);
- qualifier words before or after (``约 近 不到 超过 逾 至少 … 余 多 来 以上 以下 左右``),
  read from the ``qualifiers`` lexicon table;
- negatives: ``负3.9%``, ``-5``.

Values are exact: decimal arithmetic in :data:`DECIMAL_CONTEXT` (1000 significant digits,
more than any number within the limits below can hold), ``int`` when integral (``1.2万`` →
``12000``, any number of digits), ``float`` otherwise. A number beyond the float range (a
400-digit string, ``1e400``) gives a finite result flagged ``overflow`` (value
``sys.float_info.max``), never an exception; a non-zero number below it (``1e-400``,
``1e-401``) gives the float ``0.0``.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from decimal import Context, Decimal, InvalidOperation, localcontext
from functools import lru_cache

import regex

from ..chars import (
    CN_BIG_UNITS,
    CN_DIGIT_VALUE,
    CN_FINANCIAL_UNITS,
    CN_ONE_TO_NINE,
    CN_SMALL_UNITS,
    CN_UNIT_VALUE,
    CN_VAGUE,
    CN_ZEROS,
)
from ..lexicon import Lexicon
from ..lexicon_tables import QUALIFIERS

__all__ = [
    "CN_DIGITS",
    "CN_MULTIPLIERS",
    "DECIMAL_CONTEXT",
    "Number",
    "NumberParser",
    "decimal_to_value",
    "parse_number",
]

# digit value of each Chinese numeral character (None for 几: a vague digit)
CN_DIGITS: dict[str, int | None] = {**CN_DIGIT_VALUE, **dict.fromkeys(CN_VAGUE)}
# multiplier characters (small ones work inside a section of four places)
CN_SMALL: dict[str, int] = {c: CN_UNIT_VALUE[c] for c in CN_SMALL_UNITS + CN_FINANCIAL_UNITS}
CN_BIG: dict[str, int] = {c: CN_UNIT_VALUE[c] for c in CN_BIG_UNITS}
CN_MULTIPLIERS: dict[str, int] = {**CN_SMALL, **CN_BIG}

_FOLD = {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_FOLD.update({ord("％"): "%", ord("．"): ".", ord("，"): ",", ord("－"): "-", 0x3000: " "})

_MAX_DIGITS = 300  # beyond this an Arabic number is an overflow, not a value
_MAX_MULTIPLIERS = 40  # a numeral with more 十百千万亿 than this is an overflow (real ones have < 12)
_OVERFLOW = sys.float_info.max
_FLOAT_MAX = Decimal(_OVERFLOW)  # exactly
_TINY = Decimal("1E-401")  # what an exponent below -400 gives: a float 0.0, like 1e-400
# enough places for every digit a number within the limits above can have (300 digits,
# 40 multipliers of at most 10**8), so integer arithmetic is exact; the exponent range is
# wide enough for any intermediate value. Use it through decimal.localcontext(), which works
# on a copy (the signal flags of a context change as it computes)
DECIMAL_CONTEXT = Context(prec=1000, Emax=999_999, Emin=-999_999)

_ARABIC = regex.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?")
_RANGE_DIGITS = CN_ZEROS.replace("○", "") + CN_ONE_TO_NINE + "两"  # 三至五, 一到两, 〇至九
_RANGE_SEP = regex.compile(
    rf"(?<=[\d%{CN_SMALL_UNITS}万亿{_RANGE_DIGITS}])(?:至|到|～|~|〜|—{{1,2}}|–|-)"
    rf"(?=[-\d{_RANGE_DIGITS}{CN_SMALL_UNITS}几数])"
)
_VAGUE_MARKS = ("余", "多", "来")


@dataclass(frozen=True, slots=True)
class Number:
    """A parsed number.

    ``value`` is the number (for a range, its low end); ``low``/``high`` are set for
    ranges, explicit or vague. ``percent`` is true when the form is a percentage or a
    fraction, and ``value`` is then in percent. ``qualifier`` is ``exact``, ``over``,
    ``under`` or ``approx``. ``flags``: ``overflow``, ``digits`` (read digit by digit,
    like a year), ``points`` (percentage points), ``vague`` (几, 两三 …).
    """

    value: int | float
    low: int | float | None = None
    high: int | float | None = None
    qualifier: str = "exact"
    percent: bool = False
    flags: tuple[str, ...] = ()


def decimal_to_value(d: Decimal) -> tuple[int | float, bool]:
    """A :class:`~decimal.Decimal` as ``int`` when integral (else ``float``), and whether it overflowed."""
    if not d.is_finite() or abs(d) > _FLOAT_MAX:
        return (_OVERFLOW if d >= 0 else -_OVERFLOW), True
    if d == d.to_integral_value() and d.adjusted() < 300:
        return int(d), False
    return float(d), False


class _Overflow(Exception):
    pass


def _arabic(s: str) -> Decimal | None:
    """An Arabic number: digits, thousands separators, decimals, exponent."""
    if s.isdigit():
        if len(s) > _MAX_DIGITS:
            raise _Overflow
        return Decimal(s)
    if not _ARABIC.fullmatch(s):
        return None
    digits = s.replace(",", "")
    mant = digits.replace("E", "e").split("e")[0]
    if len(mant) > _MAX_DIGITS:
        raise _Overflow
    if len(mant) != len(digits):
        exp = int(digits[len(mant) + 1 :]) if len(digits) - len(mant) < 8 else 10**6
        if abs(exp) > 400:
            if exp < 0:
                return _TINY if mant.strip("0.") else Decimal(0)  # 1e-401 → 0.0, as 1e-400
            raise _Overflow
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


# -- Chinese numerals -------------------------------------------------------------------------------

# a token is a digit (low, high) — a range for 几 and for pairs like 七八 — or a multiplier
_Tok = tuple[str, Decimal, Decimal]


def _tokens(s: str) -> list[_Tok] | None:
    """Split a numeral into ('d', low, high) digits and ('m', mult, mult) multipliers."""
    out: list[_Tok] = []
    i = 0
    n = len(s)
    while i < n:
        c = s[i]
        if c.isdigit() and c.isascii():
            m = _ARABIC.match(s, i)
            assert m is not None
            d = _arabic(m.group())
            if d is None:
                return None
            out.append(("d", d, d))
            i = m.end()
            continue
        if c in CN_MULTIPLIERS:
            v = Decimal(CN_MULTIPLIERS[c])
            out.append(("m", v, v))
        elif c in CN_DIGITS:
            dv = CN_DIGITS[c]
            if dv is None:
                out.append(("v", Decimal(1), Decimal(9)))
            else:
                out.append(("d", Decimal(dv), Decimal(dv)))
        else:
            return None
        i += 1
    return out


def _merge_pairs(toks: list[_Tok]) -> list[_Tok] | None:
    """Adjacent digits: 七八 → one vague digit 7–8; any other run of digits is invalid here."""
    out: list[_Tok] = []
    for t in toks:
        if out and t[0] in "dv" and out[-1][0] in "dv" and out[-1][1] != 0:
            prev = out[-1]
            if prev[0] == "d" and t[0] == "d" and t[1] == prev[1] + 1 and prev[1] == prev[2] and prev[1] < 9:
                out[-1] = ("p", prev[1], t[1])
                continue
            if prev[0] == "d" and t[0] == "d" and prev[1] == 1 and t[1] == 2:  # 一两
                out[-1] = ("p", prev[1], t[1])
                continue
            return None
        out.append(t)
    return out


def _section(toks: list[_Tok], lowside: bool) -> Decimal | None:
    """Value of a section below 万 (digits with 十 百 千), the low or high reading."""
    total = Decimal(0)
    digit: Decimal | None = None
    last_mult: Decimal | None = None
    zero_seen = False
    for k, (typ, lo, hi) in enumerate(toks):
        if typ == "m":
            if lo >= 10**4:
                return None
            if last_mult is not None and lo >= last_mult:
                return None  # 百十, 十百
            if digit is None:
                if k != 0 or lo != 10:
                    return None  # a bare 百 inside a number; a leading bare 十 is ten
                digit = Decimal(1)
            total += digit * lo
            digit = None
            last_mult = lo
            zero_seen = False
        else:
            if digit is not None:
                return None
            if typ == "d" and lo == 0:
                zero_seen = True
                continue
            if typ == "v":  # 几: leading before a multiplier 2–9, trailing 1–9
                nxt = toks[k + 1][0] if k + 1 < len(toks) else None
                digit = (Decimal(2) if nxt == "m" else lo) if lowside else hi
            else:
                digit = lo if lowside else hi
    if digit is not None:
        if last_mult is not None and not zero_seen and last_mult >= 100:
            total += digit * last_mult / 10  # 两千三 → 2300, 三百五 → 350
        else:
            total += digit
    return total


def _cn_value(toks: list[_Tok], lowside: bool) -> Decimal | None:
    """Value of a numeral with 万/亿 sections: split at the last 亿, then at the last 万."""
    for big in (Decimal(10**8), Decimal(10**4)):
        for k in range(len(toks) - 1, -1, -1):
            if toks[k][0] == "m" and toks[k][1] == big:
                left, right = toks[:k], toks[k + 1 :]
                lv = _cn_value(left, lowside) if left else None
                if lv is None:
                    return None
                # chained multipliers (3千万, 4.78万亿): the left part ends in a multiplier
                rv: Decimal | None
                if not right:
                    rv = Decimal(0)
                elif len(right) == 1 and right[0][0] in "dpv" and not _has_zero(right):
                    # 三万五 → 35000: a lone digit after the multiplier is the next place
                    d = right[0][1] if lowside else right[0][2]
                    rv = d * big / 10
                else:
                    if right[0][0] == "d" and right[0][1] == 0:
                        right = right[1:]
                    rv = _cn_value(right, lowside) if right else Decimal(0)
                    if rv is None or rv >= big:
                        return None
                return lv * big + rv
    # no big multiplier: a section, or a decimal Arabic number with small multipliers (1.5千)
    if len(toks) >= 2 and toks[0][0] == "d" and toks[0][1] != toks[0][1].to_integral_value():
        mult = Decimal(1)
        for t in toks[1:]:
            if t[0] != "m":
                return None
            mult *= t[1]
        return toks[0][1] * mult
    if len(toks) >= 2 and toks[-1][0] == "m" and toks[-2][0] == "m":
        # 3千 followed by 万 is handled above; two small multipliers in a row are chained only
        # when they grow (千 after 百 is not a number)
        return None
    return _section(toks, lowside)


def _has_zero(toks: list[_Tok]) -> bool:
    return any(t[0] == "d" and t[1] == 0 for t in toks)


def _parse_core(s: str) -> tuple[Decimal, Decimal, tuple[str, ...]] | None:
    """Low and high value of a numeral without qualifiers, signs or percent marks."""
    if not s:
        return None
    flags: tuple[str, ...] = ()
    if s[0] in "数上" and len(s) > 1:  # 数十 数百 上千: vague / at least
        rest = _parse_core(s[1:]) if s[0] == "上" else _parse_core("几" + s[1:])
        if rest is None:
            return None
        return rest[0], rest[1], (*rest[2], "vague" if s[0] == "数" else "over")
    if "点" in s or "點" in s:  # Chinese decimal point: 三点五, 十五点五
        whole, _, frac = s.replace("點", "点").partition("点")
        w = _parse_core(whole)
        if w is None or not frac or any(CN_DIGITS.get(c) is None for c in frac):
            return None
        digits = "".join(str(CN_DIGITS[c]) for c in frac)
        f = Decimal("0." + digits)
        return w[0] + f, w[1] + f, w[2]
    toks = _tokens(s)
    if not toks or all(t[0] == "v" for t in toks):
        return None  # 几 alone is no number
    if sum(1 for t in toks if t[0] == "m") > _MAX_MULTIPLIERS:
        raise _Overflow  # 万万万…: beyond any float, and _cn_value recurses once per 万/亿
    if all(t[0] == "d" for t in toks) and len(toks) >= 2 and not any(
        c.isascii() for c in s
    ):
        # digit by digit: 二〇一九; but 七八 / 一两 are vague pairs
        if len(toks) == 2 and (toks[1][1] == toks[0][1] + 1 or (toks[0][1] == 1 and toks[1][1] == 2)):
            return toks[0][1], toks[1][1], ("vague",)
        if toks[0][1] == 0:
            return None
        v = Decimal("".join(str(int(t[1])) for t in toks))
        return v, v, ("digits",)
    merged = _merge_pairs(toks)
    if merged is None:
        return None
    if merged[0][0] == "m" and not (merged[0][1] == 10 and len(s) >= 1):
        # a bare leading 百/千/万/亿 is 1 × it (百余, 近亿); only when alone or chained
        if not all(t[0] == "m" for t in merged) or any(t[1] < 10**4 for t in merged[1:]):
            return None
        v = Decimal(1)
        for t in merged:
            v *= t[1]
        return v, v, ("bare",)
    lo = _cn_value(merged, True)
    hi = _cn_value(merged, False)
    if lo is None or hi is None:
        return None
    if any(t[0] in "vp" for t in merged):
        flags = ("vague",)
    return lo, hi, flags


# -- qualifiers -------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class QualifierWords:
    """Qualifier words by position (from the ``qualifiers`` lexicon table)."""

    pre: dict[str, str]
    post: dict[str, str]
    clause: dict[str, str]

    @classmethod
    def from_lexicon(cls, lexicon: Lexicon) -> QualifierWords:
        """Compile the ``qualifiers`` table; a bad row raises :class:`LexiconError`."""
        by_position: dict[str, dict[str, str]] = {"pre": {}, "post": {}, "clause": {}}
        for q in lexicon.table(QUALIFIERS):
            by_position[q.position][q.word] = q.qualifier
        return cls(by_position["pre"], by_position["post"], by_position["clause"])


class NumberParser:
    """Parses number strings (see the module docstring) with the qualifier words of a lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.qualifiers = QualifierWords.from_lexicon(lexicon)
        self._pre_words = {**self.qualifiers.clause, **self.qualifiers.pre}
        pre = sorted(self._pre_words, key=len, reverse=True)
        post = sorted(self.qualifiers.post, key=len, reverse=True)
        self._pre = regex.compile("^(?:" + "|".join(map(regex.escape, pre)) + ")") if pre else None
        self._post = regex.compile("(?:" + "|".join(map(regex.escape, post)) + ")$") if post else None

    def parse(self, text: str) -> Number | None:
        """The :class:`Number` written in ``text``, or ``None`` when it is not a number."""
        s = "".join(text.split()).translate(_FOLD)
        if not s:
            return None
        qual = "exact"
        # qualifier words around the number (longest first); 'exact' words are not qualifiers
        if self._pre is not None and (m := self._pre.match(s)) and m.end() < len(s):
            q = self._pre_words[m.group()]
            if q != "exact":
                qual = q
            s = s[m.end() :]
        if self._post is not None and (m := self._post.search(s)) and m.start() > 0:
            q = self.qualifiers.post[m.group()]
            if q != "exact":
                qual = q
            s = s[: m.start()]
        try:
            with localcontext(DECIMAL_CONTEXT):
                return self._number(s, qual)
        except _Overflow:
            return Number(_OVERFLOW, qualifier=qual, flags=("overflow",))

    def _number(self, s: str, qual: str) -> Number | None:
        sign = 1
        if s[:1] in ("负", "-", "−"):
            sign = -1
            s = s[1:]
        percent = False
        scale = Decimal(1)
        flags: list[str] = []
        if s.endswith("个百分点"):
            s, percent = s[:-4], True
            flags.append("points")
        elif s.endswith("百分点"):
            s, percent = s[:-3], True
            flags.append("points")
        elif s.endswith("%"):
            s, percent = s[:-1], True
        elif s.endswith("‰"):
            s, percent, scale = s[:-1], True, Decimal("0.1")
        elif s.endswith("成") and len(s) > 1:
            s, percent, scale = s[:-1], True, Decimal(10)
        if s == "一半":
            return Number(50, qualifier=qual, percent=True)
        if "分之" in s:  # 三分之一, 百分之八十, 千分之五
            den_s, _, num_s = s.partition("分之")
            den = _bare_or_core(den_s)
            num = _parse_core(num_s.rstrip("%"))
            if den is None or num is None or den == 0 or num[0] != num[1]:
                return None
            return self._finish(sign * num[0] * 100 / den, None, qual, True, flags)
        if "/" in s and not percent:
            a, _, b = s.partition("/")
            na, nb = _arabic(a), _arabic(b)
            if na is None or nb is None or nb == 0:
                return None
            return self._finish(sign * na * 100 / nb, None, qual, True, flags)
        # vague markers inside: 100余万, 十多万, 十来个
        for mark in _VAGUE_MARKS:
            if mark in s[1:]:
                s = s[:1] + s[1:].replace(mark, "", 1)
                if qual == "exact":
                    qual = "approx" if mark == "来" else "over"
        # explicit ranges: 3至5, 100-200万 (the multiplier of the high end applies to both)
        m = _RANGE_SEP.search(s)
        if m is not None:
            a_s, b_s = s[: m.start()], s[m.end() :]
            b_sign = 1
            if b_s[:1] == "-":
                b_s, b_sign = b_s[1:], -1
            a_s = a_s.rstrip("%")
            pa, pb = _parse_core(a_s), _parse_core(b_s)
            if pa is None or pb is None:
                return None
            lo, hi = pa[0], pb[1]
            if not any(c in CN_MULTIPLIERS for c in a_s[-1:]) and b_s and b_s[-1] in CN_MULTIPLIERS:
                mult = _trailing_multiplier(b_s)
                if lo * mult <= hi:
                    lo *= mult
            return self._finish(sign * lo * scale, b_sign * hi * scale, qual, percent, flags, is_range=True)
        core = _parse_core(s)
        if core is None:
            return None
        lo, hi, cflags = core
        flags.extend(f for f in cflags if f not in ("over", "bare"))
        if "over" in cflags and qual == "exact":
            qual = "over"
        if "vague" in cflags and qual == "exact":
            qual = "approx"
        if lo != hi:
            return self._finish(sign * lo * scale, sign * hi * scale, qual, percent, flags, is_range=True)
        return self._finish(sign * lo * scale, None, qual, percent, flags)

    @staticmethod
    def _finish(
        v: Decimal,
        hi: Decimal | None,
        qual: str,
        percent: bool,
        flags: list[str],
        *,
        is_range: bool = False,
    ) -> Number:
        value, over = decimal_to_value(v)
        high: int | float | None = None
        low: int | float | None = None
        if is_range and hi is not None:
            low = value
            high, over2 = decimal_to_value(hi)
            over = over or over2
        if over:
            flags = [*flags, "overflow"]
        return Number(value, low, high, qual, percent, tuple(dict.fromkeys(flags)))


def _bare_or_core(s: str) -> Decimal | None:
    if s in CN_MULTIPLIERS:
        return Decimal(CN_MULTIPLIERS[s])
    core = _parse_core(s)
    if core is None or core[0] != core[1]:
        return None
    return core[0]


def _trailing_multiplier(s: str) -> Decimal:
    mult = Decimal(1)
    for c in reversed(s):
        if c not in CN_MULTIPLIERS:
            break
        mult *= CN_MULTIPLIERS[c]
    return mult


@lru_cache(maxsize=1)
def _default_parser() -> NumberParser:
    return NumberParser(Lexicon.load())


def parse_number(text: str) -> Number | None:
    """Parse one written number (see the module docstring) with the shipped qualifier words.

    >>> parse_number("100余万").value
    1000000
    >>> n = parse_number("3至5")
    >>> (n.value, n.low, n.high)
    (3, 3, 5)
    >>> parse_number("三分之一").percent
    True
    """
    return _default_parser().parse(text)
