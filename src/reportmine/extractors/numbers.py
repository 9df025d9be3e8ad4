"""Numbers as reports write them: :func:`parse_number` and the pieces the extractors share.

Forms read (full-width digits and ``％ ．`` are folded first):

- Arabic with thousands separators and decimals: ``3,200``, ``64552.3``, ``1e5``;
- Chinese numerals (``一 … 九 十 百 千 万 亿 两 〇 零``, financial ``壹 贰 叁 … 拾 佰 仟``),
  the colloquial ``两千三`` (2300) and ``三万五`` (35000), digit by digit ``二〇一九`` (flag
  ``digits``) and decimals with ``点`` (``三点五``): the grammar of
  :mod:`reportmine.extractors.numerals`;
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
from decimal import Decimal, localcontext
from functools import lru_cache

import regex

from ..chars import (
    CN_ONE_TO_NINE,
    CN_SMALL_UNITS,
    CN_ZEROS,
    alternation,
)
from ..lexicon import Lexicon
from ..lexicon.tables import QUALIFIERS
from .numerals import (
    CN_DIGITS,
    CN_MULTIPLIERS,
    DECIMAL_CONTEXT,
    NumberOverflow,
    arabic_at,
    arabic_value,
    parse_numeral,
)

__all__ = [
    "CN_DIGITS",
    "CN_MULTIPLIERS",
    "DECIMAL_CONTEXT",
    "Number",
    "NumberOverflow",
    "NumberParser",
    "arabic_at",
    "arabic_value",
    "decimal_to_value",
    "parse_number",
]

_FOLD = {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_FOLD.update({ord("％"): "%", ord("．"): ".", ord("，"): ",", ord("－"): "-", 0x3000: " "})

_OVERFLOW = sys.float_info.max
_FLOAT_MAX = Decimal(_OVERFLOW)  # exactly
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


# -- what surrounds the numeral ---------------------------------------------------------------------

_ONE = Decimal(1)
# percent forms after a number, first match wins: (suffix, shortest text, scale, flags); 成
# alone is a verb, not 100%
_PERCENT_FORMS: tuple[tuple[str, int, Decimal, tuple[str, ...]], ...] = (
    ("个百分点", 4, _ONE, ("points",)),  # 2个百分点
    ("百分点", 3, _ONE, ("points",)),  # 0.5百分点
    ("%", 1, _ONE, ()),  # 0.28%
    ("‰", 1, Decimal("0.1"), ()),  # 5‰ = 0.5%
    ("成", 2, Decimal(10), ()),  # 三成 = 30%
)


def _sign(s: str) -> tuple[int, str]:
    """A minus before the number: 负3.9 → (-1, 3.9), -5 → (-1, 5), −2 (U+2212)."""
    if s[:1] in ("负", "-", "−"):
        return -1, s[1:]
    return 1, s


def _percent_form(s: str) -> tuple[str, bool, Decimal, list[str]]:
    """The number before a percent form, whether there is one, its scale in percent, its flags.

    ``0.28%`` → 0.28, ``5‰`` → 5 × 0.1, ``三成`` → 3 × 10, ``2个百分点`` → 2 (flag ``points``).
    """
    for suffix, shortest, scale, flags in _PERCENT_FORMS:
        if s.endswith(suffix) and len(s) >= shortest:
            return s[: -len(suffix)], True, scale, list(flags)
    return s, False, _ONE, []


def _vague_marks(s: str, qual: str) -> tuple[str, str]:
    """余 多 来 inside: 100余万 and 十多万 are over (qualifier ``over``), 十来个 is ``approx``."""
    for mark in _VAGUE_MARKS:
        at = s.find(mark, 1)  # never the first character
        if at > 0:
            s = s[:at] + s[at + 1 :]
            if qual == "exact":
                qual = "approx" if mark == "来" else "over"
    return s, qual


def _trailing_multiplier(s: str) -> Decimal:
    """The product of the multipliers ending ``s``: 200万 → 10⁴, 5千万 → 10⁷."""
    mult = Decimal(1)
    for c in reversed(s):
        if c not in CN_MULTIPLIERS:
            break
        mult *= CN_MULTIPLIERS[c]
    return mult


def _finish(
    v: Decimal,
    hi: Decimal | None,
    qual: str,
    percent: bool,
    flags: list[str],
    *,
    is_range: bool = False,
) -> Number:
    """The :class:`Number` of a value (and a high end for a range), flagged ``overflow`` past floats."""
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


# -- the parser -------------------------------------------------------------------------------------


class NumberParser:
    """Parses number strings (see the module docstring) with the qualifier words of a lexicon.

    A number is read in steps: qualifier words around it (:meth:`_qualified`: 约, 以上), its
    sign (负3), a percent form after it (5‰, 三成), then one of 一半, a fraction (三分之一,
    3/4), an explicit range (3至5) or one numeral (the grammar of :mod:`.numerals`).
    """

    def __init__(self, lexicon: Lexicon) -> None:
        self._numeral = parse_numeral
        self.qualifiers = QualifierWords.from_lexicon(lexicon)
        self._pre_words = {**self.qualifiers.clause, **self.qualifiers.pre}
        pre, post = self._pre_words, self.qualifiers.post
        self._pre = regex.compile(f"^(?:{alternation(pre)})") if pre else None
        self._post = regex.compile(f"(?:{alternation(post)})$") if post else None

    def parse(self, text: str) -> Number | None:
        """The :class:`Number` written in ``text``, or ``None`` when it is not a number."""
        s = "".join(text.split()).translate(_FOLD)
        if not s:
            return None
        s, qual = self._qualified(s)
        try:
            with localcontext(DECIMAL_CONTEXT):
                return self._number(s, qual)
        except NumberOverflow:
            return Number(_OVERFLOW, qualifier=qual, flags=("overflow",))

    def _qualified(self, s: str) -> tuple[str, str]:
        """The number without qualifier words around it (longest first), and their qualifier.

        ``约3万`` → approx, ``不到10%`` → under, ``300元以上`` → over; a word of the table
        marked ``exact`` (``附近``) is dropped without qualifying; a word alone is kept.
        """
        qual = "exact"
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
        return s, qual

    def _number(self, s: str, qual: str) -> Number | None:
        """Sign, percent form, then 一半, a fraction, a range or one numeral."""
        sign, s = _sign(s)
        s, percent, scale, flags = _percent_form(s)
        if s == "一半":
            return Number(50, qualifier=qual, percent=True)
        if "分之" in s:
            return self._fraction(s, sign, qual, flags)
        if "/" in s and not percent:
            return _slash(s, sign, qual, flags)
        s, qual = _vague_marks(s, qual)
        m = _RANGE_SEP.search(s)
        if m is not None:
            return self._range(s, m, sign, scale, qual, percent, flags)
        return self._single(s, sign, scale, qual, percent, flags)

    def _fraction(self, s: str, sign: int, qual: str, flags: list[str]) -> Number | None:
        """三分之一 (33.33…%), 百分之八十 (80%), 千分之五 (0.5%): in percent; 分之一 is none."""
        den_s, _, num_s = s.partition("分之")
        den = self._exact(den_s, bare=True)
        num = self._exact(num_s.rstrip("%"))
        if den is None or num is None or den == 0:
            return None
        return _finish(sign * num * 100 / den, None, qual, True, flags)

    def _exact(self, s: str, *, bare: bool = False) -> Decimal | None:
        """The value of a numeral that is no range (三, 八十; 百 when ``bare``); 几 and 七八 are none."""
        if bare and s in CN_MULTIPLIERS:
            return Decimal(CN_MULTIPLIERS[s])
        n = self._numeral(s)
        if n is None or n.low != n.high:
            return None
        return n.low

    def _range(
        self,
        s: str,
        sep: regex.Match[str],
        sign: int,
        scale: Decimal,
        qual: str,
        percent: bool,
        flags: list[str],
    ) -> Number | None:
        """An explicit range: 3至5, 1—3, -5~-3, 30%-50% (the first %, dropped), 100-200万."""
        a_s, b_s = s[: sep.start()], s[sep.end() :]
        b_sign = 1
        if b_s[:1] == "-":
            b_s, b_sign = b_s[1:], -1
        a_s = a_s.rstrip("%")
        pa, pb = self._numeral(a_s), self._numeral(b_s)
        if pa is None or pb is None:
            return None
        lo = _shared_multiplier(pa.low, pb.high, a_s, b_s)
        return _finish(sign * lo * scale, b_sign * pb.high * scale, qual, percent, flags, is_range=True)

    def _single(
        self, s: str, sign: int, scale: Decimal, qual: str, percent: bool, flags: list[str]
    ) -> Number | None:
        """One numeral: 3.5万, 七八百 (a vague range, ``approx``), 上千 (``over``), 二〇一九 (``digits``)."""
        n = self._numeral(s)
        if n is None:
            return None
        flags.extend(f for f in n.flags if f not in ("over", "bare"))
        if "over" in n.flags and qual == "exact":
            qual = "over"
        if "vague" in n.flags and qual == "exact":
            qual = "approx"
        if n.low != n.high:
            return _finish(sign * n.low * scale, sign * n.high * scale, qual, percent, flags, is_range=True)
        return _finish(sign * n.low * scale, None, qual, percent, flags)


def _slash(s: str, sign: int, qual: str, flags: list[str]) -> Number | None:
    """An Arabic fraction, in percent: 3/4 → 75; 3/0 and 三/四 are none."""
    a, _, b = s.partition("/")
    na, nb = arabic_value(a), arabic_value(b)
    if na is None or nb is None or nb == 0:
        return None
    return _finish(sign * na * 100 / nb, None, qual, True, flags)


def _shared_multiplier(lo: Decimal, hi: Decimal, a_s: str, b_s: str) -> Decimal:
    """The low end of a range: 100-200万 → 100万 (the high end's multiplier applies to both), when
    the low end has none and that keeps it below the high end (5-10万: 5万; 50000-10万 stays)."""
    if a_s[-1:] not in CN_MULTIPLIERS and b_s[-1:] in CN_MULTIPLIERS:
        mult = _trailing_multiplier(b_s)
        if lo * mult <= hi:
            return lo * mult
    return lo


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

    Anything but a ``str`` raises :class:`TypeError` (issue 12.9: was an AttributeError).
    """
    if not isinstance(text, str):
        raise TypeError(f"parse_number() takes str, not {type(text).__name__}")
    return _default_parser().parse(text)
