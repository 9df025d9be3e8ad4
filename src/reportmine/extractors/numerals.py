"""Chinese numerals: the grammar :func:`parse_numeral` reads.

A numeral is split into tokens, one per character (an Arabic number is one token), and
read by these rules, in this order (each names the step that applies it):

1. **数 and 上 before it** (``_prefixed``): ``数百`` is ``几百`` (200–900, vague), ``上千`` is
   1000 or more (flag ``over``).
2. **A decimal point 点/點** (``_decimal_point``): the part before it is a numeral, the
   digits after it are read one by one: ``三点五`` = 3.5, ``十五点五`` = 15.5, ``零点五`` =
   0.5; multipliers after those digits scale the whole: ``三点五亿`` = 3.5 × 10⁸,
   ``十三点六万`` = 136000. Nothing but digits and then multipliers may follow 点:
   ``三点五十`` (a clock time, 3:50) and ``一点点`` are none. Chinese digits before 点 are
   read one by one (``一二点三`` = 12.3), never as a vague pair.
3. **Tokens** (``_tokens``): a digit (``零 〇 ○`` 0, ``一 二 三 … 九``, ``两 兩`` 2, the
   financial ``壹 贰 叁 肆 伍 陆 柒 捌 玖``), the vague digit ``几 幾`` (1–9), a small unit
   (``十 拾`` 10, ``百 佰`` 100, ``千 仟`` 1000), a big unit (``万 萬`` 10⁴, ``亿 億`` 10⁸) or an
   Arabic number (``3``, ``1,200``, ``1.5``, ``1e5``). Any other character: not a numeral.
   More than 40 units: an overflow (real numerals have fewer than 12).
4. **Digits only** (``_digit_string``): read digit by digit, ``二〇一九`` = 2019 (flag
   ``digits``); two consecutive digits are a vague pair, ``七八`` = 7–8, ``一两`` = 1–2,
   and so is ``三五`` (3–5, "a few": 三五户, 三五次).
5. **Vague pairs before a unit** (``_merge_pairs``): ``七八百`` = 700–800, ``一两万`` =
   10000–20000, ``三五万`` = 30000–50000 (三五 only at the start); any other two digits in a
   row are not a numeral (``十三五``).
6. **A bare unit** (``_bare_units``): a numeral starting with a unit other than 十 is that
   unit alone or a chain of big units: ``百`` = 100, ``万万`` = 10⁸, ``百万`` = 10⁶
   (flag ``bare``); ``万一``, ``百十`` are not numerals.
7. **Sections** (``_value``): split at the last 亿, then at the last 万; the left part is
   multiplied by it, the right part must be below it: ``两千三百万`` = 2300 × 10⁴,
   ``一亿零五万`` = 100050000. Units chain (``3千万`` = 3 × 10⁷, ``4.78万亿``). After the
   big unit a lone digit is the next place (``三万五`` = 35000), a 零 marks a gap
   (``三万零五`` = 30005), an Arabic number of several digits is itself (``3万4000`` =
   34000, ``5万4千6百`` = 54600). An Arabic decimal times small units: ``1.5千`` = 1500.
8. **Within a section** (``_section``): digit × unit with falling units, ``一千零一`` = 1001,
   ``肆佰陸拾`` = 460; a leading 十 is ten (``十三`` = 13), and so is a bare 十 after 零 or
   right after 百 (``一千零十`` = 1010, ``一百十六`` = 116; not ``一千十``); a last digit after
   百 or 千 is the next place (``两千三`` = 2300, ``三百五`` = 350), after 十 or a 零 it is the units
   (``三十五``, ``一百零五``). An Arabic number of several digits after the last unit is itself
   (``2百10`` = 210) and a leading ``0`` in it is a 零 (``1百01`` = 101, ``3万05`` = 30005).
   几 reads 1–9, or 2–9 before a unit (``几十`` = 20–90).

Vague numerals (几, pairs) have a low and a high reading, both computed by rules 7–8.
Arithmetic is exact decimal arithmetic in :data:`DECIMAL_CONTEXT`. Arabic numbers (``arabic_value``:
digits, thousands separators, decimals, an exponent) are read here too, for mixed forms (``2万5千``).
"""

from __future__ import annotations

from decimal import Context, Decimal, InvalidOperation, getcontext, localcontext
from typing import NamedTuple

import regex

from ..chars import CN_BIG_UNITS, CN_DIGIT_VALUE, CN_FINANCIAL_UNITS, CN_SMALL_UNITS, CN_UNIT_VALUE, CN_VAGUE

__all__ = [
    "CN_BIG",
    "CN_DIGITS",
    "CN_MULTIPLIERS",
    "CN_SMALL",
    "DECIMAL_CONTEXT",
    "NumberOverflow",
    "Numeral",
    "arabic_at",
    "arabic_value",
    "parse_numeral",
]

# digit value of each Chinese numeral character (None for 几: a vague digit)
CN_DIGITS: dict[str, int | None] = {**CN_DIGIT_VALUE, **dict.fromkeys(CN_VAGUE)}
# multiplier characters (small ones work inside a section of four places)
CN_SMALL: dict[str, int] = {c: CN_UNIT_VALUE[c] for c in CN_SMALL_UNITS + CN_FINANCIAL_UNITS}
CN_BIG: dict[str, int] = {c: CN_UNIT_VALUE[c] for c in CN_BIG_UNITS}
CN_MULTIPLIERS: dict[str, int] = {**CN_SMALL, **CN_BIG}


_MAX_DIGITS = 300  # beyond this an Arabic number is an overflow, not a value
_TINY = Decimal("1E-401")  # what an exponent below -400 gives: a float 0.0, like 1e-400
# enough places for every digit a number within the limits can have (300 digits, and 40
# multipliers of at most 10**8 in a Chinese numeral: see .numerals), so integer arithmetic is
# exact; the exponent range is wide enough for any intermediate value. Use it through
# decimal.localcontext(), which works on a copy (the signal flags of a context change as it
# computes)
DECIMAL_CONTEXT = Context(prec=1000, Emax=999_999, Emin=-999_999)

_ARABIC = regex.compile(r"\d+(?:,\d{3})*(?:\.\d+)?(?:[eE][-+]?\d+)?")


class NumberOverflow(Exception):
    """A number beyond the float range (over 300 digits, an exponent over 400, 40 units in a numeral)."""


def arabic_value(s: str) -> Decimal | None:
    """An Arabic number: digits, thousands separators, decimals, exponent; ``None`` for another form.

    >>> arabic_value("3,200"), arabic_value("64552.3"), arabic_value("1e5"), arabic_value("1,2")
    (Decimal('3200'), Decimal('64552.3'), Decimal('1E+5'), None)
    """
    if s.isdigit():
        if len(s) > _MAX_DIGITS:
            raise NumberOverflow
        return Decimal(s)
    if not _ARABIC.fullmatch(s):
        return None
    digits = s.replace(",", "")
    mant = digits.replace("E", "e").split("e")[0]
    if len(mant) > _MAX_DIGITS:
        raise NumberOverflow
    if len(mant) != len(digits):
        exp = int(digits[len(mant) + 1 :]) if len(digits) - len(mant) < 8 else 10**6
        if abs(exp) > 400:
            if exp < 0:
                return _TINY if mant.strip("0.") else Decimal(0)  # 1e-401 → 0.0, as 1e-400
            raise NumberOverflow
    try:
        return Decimal(digits)
    except InvalidOperation:
        return None


def arabic_at(s: str, i: int) -> tuple[Decimal | None, int]:
    """The value of the Arabic number at ``s[i]``, a digit, and where it ends (1.5千, 3千万, 2万5千).

    >>> arabic_at("1,200万", 0), arabic_at("2万5千", 2)
    ((Decimal('1200'), 5), (Decimal('5'), 3))
    """
    m = _ARABIC.match(s, i)
    assert m is not None, "s[i] is a digit"
    end: int = m.end()
    return arabic_value(m.group()), end



_MAX_UNITS = 40  # a numeral with more 十百千万亿 than this is an overflow (real ones have < 12)
_ZERO, _ONE, _TWO, _NINE = Decimal(0), Decimal(1), Decimal(2), Decimal(9)
_TEN, _HUNDRED = Decimal(10), Decimal(100)
_BIG_UNITS = (Decimal(10**8), Decimal(10**4))  # 亿 then 万: the order sections are split in
_NO_FLAGS: tuple[str, ...] = ()
_BIG_CHARS = "".join(CN_BIG_UNITS)
_SMALL_CHARS = "".join(CN_SMALL_UNITS + CN_FINANCIAL_UNITS)
_VAGUE = ("vague",)


class Numeral(NamedTuple):
    """The value of a numeral: ``low`` and ``high`` (equal unless it is vague, like 七八百), and flags.

    Flags: ``vague`` (几, 七八 …), ``digits`` (read digit by digit, 二〇一九), ``bare`` (a
    unit alone, 百), ``over`` (上千: that many or more).
    """

    low: Decimal
    high: Decimal
    flags: tuple[str, ...] = ()


def parse_numeral(text: str) -> Numeral | None:
    """The value of a Chinese (or mixed Chinese–Arabic) numeral, ``None`` when ``text`` is none.

    Exact, in :data:`~reportmine.extractors.numbers.DECIMAL_CONTEXT`; raises
    :class:`~reportmine.extractors.numbers.NumberOverflow` past 40 units, 300 digits or an
    exponent of 400.
    No signs, qualifiers or percent marks (see :func:`~reportmine.extractors.numbers.parse_number`).

    >>> parse_numeral("一百五十二")
    Numeral(low=Decimal('152'), high=Decimal('152'), flags=())
    >>> parse_numeral("两千三百万").low, parse_numeral("一千零一").low, parse_numeral("十三").low
    (Decimal('23000000'), Decimal('1001'), Decimal('13'))
    >>> parse_numeral("肆佰陸拾").low, parse_numeral("三点五").low, parse_numeral("两千三").low
    (Decimal('460'), Decimal('3.5'), Decimal('2300'))
    >>> parse_numeral("三万五").low, parse_numeral("三万零五").low, parse_numeral("〇").low
    (Decimal('35000'), Decimal('30005'), Decimal('0'))
    >>> parse_numeral("二〇一九")
    Numeral(low=Decimal('2019'), high=Decimal('2019'), flags=('digits',))
    >>> parse_numeral("七八百")
    Numeral(low=Decimal('700'), high=Decimal('800'), flags=('vague',))
    >>> parse_numeral("几十")
    Numeral(low=Decimal('20'), high=Decimal('90'), flags=('vague',))
    >>> parse_numeral("上千")
    Numeral(low=Decimal('1000'), high=Decimal('1000'), flags=('bare', 'over'))
    >>> parse_numeral("3千万").low, parse_numeral("1,200").low
    (Decimal('30000000'), Decimal('1200'))
    >>> [parse_numeral(s) for s in ("几", "十三五", "万一", "百十", "幺")]
    [None, None, None, None, None]
    >>> parse_numeral("三点五亿").low, parse_numeral("十三点六万").low, parse_numeral("零点五").low
    (Decimal('350000000'), Decimal('136000'), Decimal('0.5'))
    >>> parse_numeral("3万4000").low, parse_numeral("5万4千6百").low
    (Decimal('34000'), Decimal('54600'))
    >>> parse_numeral("三五万")
    Numeral(low=Decimal('30000'), high=Decimal('50000'), flags=('vague',))
    >>> [parse_numeral(s) for s in ("三点五十", "一点点", "三点", "三点钟")]
    [None, None, None, None]
    >>> parse_numeral("一千零十").low, parse_numeral("一百十六").low, parse_numeral("一二点三零").low
    (Decimal('1010'), Decimal('116'), Decimal('12.30'))
    >>> [parse_numeral(s) for s in ("一千十", "三千百", "〇五点三")]
    [None, None, None]
    """
    if getcontext().prec >= DECIMAL_CONTEXT.prec:  # already exact: NumberParser.parse works in it
        return _numeral(text)
    with localcontext(DECIMAL_CONTEXT):
        return _numeral(text)


def _numeral(s: str) -> Numeral | None:
    """Rules 1–3 of the module docstring, then the rest on the tokens."""
    if not s:
        return None
    if s[0] in "数上" and len(s) > 1:
        return _prefixed(s)
    if "点" in s or "點" in s:
        return _decimal_point(s)
    toks = _tokens(s)
    if not toks or all(t[0] == "v" for t in toks):
        return None  # 几 alone is no number
    return _read(s, toks)


def _read(s: str, toks: list[_Tok]) -> Numeral | None:
    """Rules 4–8 on the tokens of ``s``; more than 40 units (万万万…) is an overflow."""
    if sum(1 for t in toks if t[0] == "m") > _MAX_UNITS:
        raise NumberOverflow  # beyond any float, and _value recurses once per 万/亿
    if _chinese_digits_only(s, toks):
        return _digit_string(toks)
    merged = _merge_pairs(toks)
    if merged is None:
        return None
    if merged[0][0] == "m" and merged[0][1] != _TEN:
        return _bare_units(merged)
    return _low_and_high(merged)


# -- rules 1 and 2: around the numeral ------------------------------------------------------------


def _prefixed(s: str) -> Numeral | None:
    """数 or 上 before a numeral: 数十, 数百万 (vague: 几十, 几百万); 上千, 上万 (flag ``over``)."""
    if s[0] == "上":
        rest, flag = _numeral(s[1:]), "over"
    else:
        rest, flag = _numeral("几" + s[1:]), "vague"
    if rest is None:
        return None
    return Numeral(rest.low, rest.high, (*rest.flags, flag))


def _decimal_point(s: str) -> Numeral | None:
    """A numeral, 点 (or 點), digits read one by one, then multipliers: 三点五 = 3.5, 十五点五 =
    15.5, 零点五 = 0.5, 三点五亿 = 3.5 × 10⁸, 十三点六万 = 136000; 三点五十, 一点点 are none."""
    whole, _, frac = s.replace("點", "点").partition("点")
    digits = frac.rstrip(_BIG_CHARS + _SMALL_CHARS)
    mults = frac[len(digits) :]
    w = _digits_before_point(whole) or _numeral(whole)
    if w is None or not digits or any(CN_DIGITS.get(c) is None for c in digits):
        return None
    if not _falling_multipliers(mults):
        return None
    f = Decimal("0." + "".join(str(CN_DIGITS[c]) for c in digits))
    scale = _ONE
    for c in mults:
        scale *= CN_MULTIPLIERS[c]
    return Numeral(_plain((w.low + f) * scale), _plain((w.high + f) * scale), w.flags)


def _digits_before_point(whole: str) -> Numeral | None:
    """Chinese digits before 点 are read one by one, never as a vague pair (a pair takes no
    decimal): 一二点三 = 12.3, 二〇点五 = 20.5 (``digits``); ``None`` for any other whole part."""
    if len(whole) < 2 or not all(CN_DIGITS.get(c) is not None for c in whole):
        return None
    if CN_DIGITS[whole[0]] == 0:
        return None  # 〇五点三: no number starts with 零 (零点五 is one digit)
    v = Decimal("".join(str(CN_DIGITS[c]) for c in whole))
    return Numeral(v, v, ("digits",))


def _plain(d: Decimal) -> Decimal:
    """An integral decimal without its fraction places: 350000000.0 → 350000000."""
    return d.to_integral_value() if d == d.to_integral_value() else d


def _falling_multipliers(mults: str) -> bool:
    """Multipliers after the digits of a decimal: none, one, or a small one before big ones
    (三点五亿, 一点二千万, 四点七八万亿); 三点五十 (a clock time) and 三点五百十 are none."""
    small = [c for c in mults if c in CN_SMALL]
    if not small:
        return True  # 三点五, 三点五亿, 四点七八万亿
    # 三点五十: 3:50 on a clock, not 35; one small unit, first, and not 十 alone (一点二千万)
    return len(small) == 1 and mults[0] in CN_SMALL and not (len(mults) == 1 and small[0] in "十拾")


# -- rule 3: tokens ---------------------------------------------------------------------------------

# a token is a digit ("d", value, value), a vague digit 几 ("v", 1, 9), a unit ("m", unit,
# unit), or (after _merge_pairs) a vague pair like 七八 ("p", 7, 8)
_Tok = tuple[str, Decimal, Decimal]


def _char_tokens() -> dict[str, _Tok]:
    """The token of each numeral character, built once: 百 → ("m", 100, 100), 七 → ("d", 7, 7)."""
    out: dict[str, _Tok] = {}
    for c, v in CN_DIGITS.items():
        out[c] = ("v", _ONE, _NINE) if v is None else ("d", Decimal(v), Decimal(v))
    for c, m in CN_MULTIPLIERS.items():
        out[c] = ("m", Decimal(m), Decimal(m))
    return out


_CHAR_TOKENS = _char_tokens()


def _tokens(s: str) -> list[_Tok] | None:
    """The tokens of 两千三 (d m d), 1.5千 (d m), 几十万 (v m m); ``None`` at any other character."""
    out: list[_Tok] = []
    i, n = 0, len(s)
    while i < n:
        tok = _CHAR_TOKENS.get(s[i])
        if tok is not None:
            out.append(tok)
            i += 1
        elif s[i] == "0" and i + 1 < n and s[i + 1].isdigit() and s[i + 1].isascii():
            out.append(("d", _ZERO, _ZERO))  # 1百01: a leading 0 is a 零 (101, not 110)
            i += 1
        elif s[i].isdigit() and s[i].isascii():  # 1.5千: an Arabic number is one digit
            d, i = arabic_at(s, i)
            if d is None:
                return None
            out.append(("d", d, d))
        else:
            return None
    return out


# -- rules 4 to 6: digits, pairs, bare units --------------------------------------------------------


_THREE, _FIVE = Decimal(3), Decimal(5)


def _is_pair(a: Decimal, b: Decimal, first: bool = True) -> bool:
    """Two digits that make a vague pair: 七八 (7–8), 一两 (1–2), 三四; 三五 (3–5, "a few")
    only when it starts the numeral (三五户, 三五万元; not the 三五 of 十三五)."""
    return (b == a + 1 and a < 9) or (first and a == _THREE and b == _FIVE)


def _chinese_digits_only(s: str, toks: list[_Tok]) -> bool:
    """Two Chinese digits or more and nothing else: 二〇一九, 七八 (not 3五, not 十三)."""
    return len(toks) >= 2 and all(t[0] == "d" for t in toks) and not any(c.isascii() for c in s)


def _digit_string(toks: list[_Tok]) -> Numeral | None:
    """Chinese digits only: 二〇一九 = 2019 (``digits``), 七八 = 7–8 (``vague``); 〇五 is none."""
    if len(toks) == 2 and _is_pair(toks[0][1], toks[1][1]):
        return Numeral(toks[0][1], toks[1][1], _VAGUE)
    if toks[0][1] == 0:
        return None
    v = Decimal("".join(str(int(t[1])) for t in toks))
    return Numeral(v, v, ("digits",))


def _merge_pairs(toks: list[_Tok]) -> list[_Tok] | None:
    """Two digits in a row: 七八百 → a vague digit 7–8 before 百; 十三五, 三几 → ``None``."""
    out: list[_Tok] = []
    for t in toks:
        if out and t[0] in "dv" and out[-1][0] in "dv" and out[-1][1] != 0:
            prev = out[-1]
            if prev[0] != "d" or t[0] != "d" or not _is_pair(prev[1], t[1], len(out) == 1):
                return None
            out[-1] = ("p", prev[1], t[1])
        else:
            out.append(t)
    return out


def _bare_units(toks: list[_Tok]) -> Numeral | None:
    """A unit alone or big units chained: 百 = 100, 万 = 10⁴, 百万 = 10⁶, 万万 = 10⁸ (``bare``)."""
    if not all(t[0] == "m" for t in toks) or any(t[1] < 10**4 for t in toks[1:]):
        return None  # 万一, 百十
    v = _ONE
    for t in toks:
        v *= t[1]
    return Numeral(v, v, ("bare",))


# -- rules 7 and 8: the value -----------------------------------------------------------------------


def _low_and_high(toks: list[_Tok]) -> Numeral | None:
    """Both readings: 一百五十二 = 152; 七八百 = 700–800 and 几十万 = 200000–900000 (``vague``)."""
    if not any(t[0] in "vp" for t in toks):  # 一百五十二: one reading
        v = _value(toks, True)
        return None if v is None else Numeral(v, v, _NO_FLAGS)
    lo = _value(toks, True)
    hi = _value(toks, False)
    if lo is None or hi is None:
        return None
    return Numeral(lo, hi, _VAGUE)


def _value(toks: list[_Tok], lowside: bool) -> Decimal | None:
    """Split at the last 亿, else the last 万 (两千三百万, 4.78万亿); a numeral below 万 otherwise."""
    for big in _BIG_UNITS:
        for k in range(len(toks) - 1, -1, -1):
            if toks[k][0] == "m" and toks[k][1] == big:
                return _split(toks, k, lowside)
    return _below_wan(toks, lowside)


def _split(toks: list[_Tok], k: int, lowside: bool) -> Decimal | None:
    """Left × the big unit at ``k`` + right: 两千三百万 = 2300 × 10⁴, 3千万, 十万万; 万五 is none."""
    big = toks[k][1]
    left = toks[:k]
    lv = _value(left, lowside) if left else None
    if lv is None:
        return None
    rv = _after_big_unit(toks[k + 1 :], big, lowside)
    if rv is None:
        return None
    return lv * big + rv


def _after_big_unit(right: list[_Tok], big: Decimal, lowside: bool) -> Decimal | None:
    """What follows 万/亿, below it: 三万五千 (5000), 三万五 (a lone digit: 5000), 三万零五 (5)."""
    if not right:
        return _ZERO
    first = right[0]
    if len(right) == 1 and first[0] in "dpv" and not (first[0] == "d" and first[1] == 0):
        if first[0] == "d" and first[1] >= _TEN:
            return first[1] if first[1] < big else None  # 3万4000: an Arabic number is itself
        return (first[1] if lowside else first[2]) * big / 10  # 三万五, 三万七八
    if first[0] == "d" and first[1] == 0:
        right = right[1:]  # the 零 of 三万零五
    rv = _value(right, lowside) if right else _ZERO
    if rv is None or rv >= big:
        return None  # 一万三万
    return rv


def _below_wan(toks: list[_Tok], lowside: bool) -> Decimal | None:
    """No 万/亿: 1.5千 (an Arabic decimal times units), else one section (一千零一); 3千百 is none."""
    if len(toks) >= 2:
        first = toks[0]
        if first[0] == "d" and first[1] != first[1].to_integral_value():
            return _decimal_times_units(toks)
        if toks[-1][0] == "m" and toks[-2][0] == "m":
            return None  # two small units in a row (百千, 3千百) are no number
    return _section(toks, lowside)


def _decimal_times_units(toks: list[_Tok]) -> Decimal | None:
    """An Arabic decimal and units only: 1.5千 = 1500, 2.5百 = 250; 1.5千3 is none."""
    mult = _ONE
    for t in toks[1:]:
        if t[0] != "m":
            return None
        mult *= t[1]
    return toks[0][1] * mult


def _section(toks: list[_Tok], lowside: bool) -> Decimal | None:
    """A section below 万: 一千零一 = 1001, 肆佰陸拾 = 460, 十三 = 13, 两千三 = 2300."""
    total = _ZERO
    digit: Decimal | None = None
    last_unit: Decimal | None = None
    zero_seen = False  # 一百零五: a 零 makes the last digit the units
    for k, (typ, lo, _) in enumerate(toks):
        if typ == "m":
            digit = _times_unit(digit, lo, last_unit, k, zero_seen)
            if digit is None:
                return None
            total += digit * lo
            digit, last_unit, zero_seen = None, lo, False
        elif digit is not None:
            return None  # two digits in a row
        elif typ == "d" and lo == 0:
            zero_seen = True
        else:
            digit = _digit(toks, k, lowside)
    if digit is not None:
        if digit >= _TEN:  # 2百10: an Arabic number of several digits is itself (210, not 300)
            return None if last_unit is not None and digit >= last_unit else total + digit
        total += _last_digit(digit, last_unit, zero_seen)
    return total


def _times_unit(
    digit: Decimal | None, unit: Decimal, last_unit: Decimal | None, k: int, zero_seen: bool
) -> Decimal | None:
    """The digit a unit multiplies: 三百 → 3, 十三 → 1 (a leading 十, and a bare 十 after 零 or
    right after 百: 一千零十 = 1010, 一百十六 = 116); 百十, 十百, 三千百 → ``None``."""
    if unit >= 10**4:
        return None
    if last_unit is not None and unit >= last_unit:
        return None  # 百十, 十百
    if digit is not None and last_unit is not None and digit * unit >= last_unit:
        return None  # 1千20百: the part after 千 must stay below it
    if digit is None:
        if unit != 10 or not (k == 0 or zero_seen or last_unit == _HUNDRED):
            return None  # a bare 百 inside a number (三千百); 一千十 is no numeral
        return _ONE
    return digit


def _digit(toks: list[_Tok], k: int, lowside: bool) -> Decimal:
    """The low or high reading of the digit at ``k``: 七八 7 or 8; 几 2–9 before a unit (几十), else 1–9."""
    typ, lo, hi = toks[k]
    if not lowside:
        return hi
    if typ == "v" and k + 1 < len(toks) and toks[k + 1][0] == "m":
        return _TWO  # 几十 is 20–90, 十几 is 11–19
    return lo


def _last_digit(digit: Decimal, last_unit: Decimal | None, zero_seen: bool) -> Decimal:
    """A digit after the last unit: 两千三 → 300, 三百五 → 50 (the next place); 三十五, 一百零五 → 5."""
    if last_unit is not None and not zero_seen and last_unit >= _HUNDRED:
        return digit * last_unit / 10
    return digit
