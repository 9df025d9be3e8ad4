"""What the quantity pass finds before it becomes a fact, and the state its readers share.

:class:`Found` is a quantity accepted in normalized offsets (span, kind, value, unit,
qualifier, range, flags); :class:`Num` is the number part of a match and :class:`Doc` what
the pass knows about the document. :class:`ReaderBase` declares the tables and helpers that
the reading mixins (:mod:`.qualifiers`, :mod:`.shares`, :mod:`.bare`, :mod:`.reading`) use and
:class:`~.extractor.QuantityExtractor` sets, and builds a :class:`Found` from a number and its
unit (:meth:`ReaderBase._found`): a unit after a slash is its per (600元/亩), the value is
scaled to the canonical unit (3公顷 → 30000 平方米), 3个百分点 is flagged ``points``. 负 after a
verb is no minus sign: 减负140亿元 → 140亿元 (增长负3.9%, 为负2 stay negative).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

import regex

from ...chars import HAN_SCRIPT
from ..numbers import Number, NumberParser
from .implied import ImpliedCounts
from .money import MoneyRules
from .rules import NumberContext
from .subjects import SubjectFinder
from .units import Unit, UnitTable
from .values import Value, scale

__all__ = [
    "HAN",
    "Doc",
    "Found",
    "Num",
    "ReaderBase",
    "is_minus",
    "last",
    "with_minus",
    "without_false_minus",
]

HAN = regex.compile(HAN_SCRIPT)
_MINUS_AFTER = "为是达至到长率值约降"  # 增长负3.9%, 为负2


@dataclass(slots=True)
class Found:
    """A quantity accepted in normalized offsets, before it becomes a fact."""

    start: int  # span start (a touching qualifier word included)
    end: int  # span end
    kind: str
    value: int | float
    unit: str
    qualifier: str
    low: int | float | None
    high: int | float | None
    flags: tuple[str, ...]
    slash_per: str | None = None
    subject_noun: str | None = None


@dataclass(slots=True)
class Doc:
    """What the pass knows about the document being read."""

    s: str  # the normalized text
    quotes: list[tuple[int, int]]  # short quoted slogans and names
    clause_q: bool  # some clause-level qualifier word (至少 …) occurs


@dataclass(slots=True)
class Num:
    """The number part of a match: where it is and how it is written."""

    start: int  # first character (a sign included)
    end: int  # after the number (and its range end)
    text: str  # what the number parser reads: sign, number, 至, second number
    first: str  # the (first) number as written
    arabic: bool
    is_range: bool


class ReaderBase:
    """The tables and helpers the readers of a number share; set by ``QuantityExtractor``."""

    numbers: NumberParser
    units: UnitTable
    subjects: SubjectFinder
    money: MoneyRules
    rules: NumberContext
    implied: ImpliedCounts
    _pre_q: dict[str, str]
    _pre_q_max: int
    _pre_q_last: frozenset[str]
    _post_q: dict[str, str]
    _post_q_max: int
    _post_q_first: frozenset[str]
    _clause_q: re.Pattern[str]
    _clause_words: dict[str, str]
    _num_at: regex.Pattern[str]

    def _parse(self, text: str) -> Number | None:
        """The number ``text`` reads as (the extractor caches it)."""
        raise NotImplementedError

    def _found(
        self,
        s: str,
        start: int,
        ne: int,
        unit: Unit,
        unit_text: str,
        value: Value,
        qualifier: str,
        number: Number,
    ) -> Found | None:
        """The quantity at ``[start, ne)``: a unit after a slash is its per (600元/亩 → 亩; not
        after a percent), its value is scaled to the canonical unit (3公顷, 5千克; ``None`` on
        overflow), its flags are the number's and ``points`` (3个百分点)."""
        slash_per = None
        if s.startswith("/", ne) and unit.kind != "percent":
            hit = self.units.match(s, ne + 1, arabic=False)
            if hit is not None:
                slash_per = hit[0].canonical
                ne = hit[1]
        flags: tuple[str, ...] = ()
        if number.flags or unit.kind == "percent":  # (most figures: no flag)
            flags = _flags(number.flags, unit.kind == "percent" and unit_text.endswith("百分点"))
        if unit.factor == 1 and not isinstance(value, Decimal):
            v, low, high = value, number.low, number.high  # nothing to scale (most facts)
        else:
            v, low, high, over = scale(value, number, unit.factor)
            if over:
                return None
        # (positional: start, end, kind, value, unit, qualifier, low, high, flags, slash_per, subject_noun)
        return Found(
            start, ne, unit.kind, v, unit.canonical, qualifier, low, high, flags, slash_per,
            unit.form if unit.noun else None,
        )


def _flags(number_flags: tuple[str, ...], points: bool) -> tuple[str, ...]:
    """The flags of a figure: its number's but ``digits``, then ``points`` (3个百分点), once each."""
    flags = [f for f in number_flags if f != "digits"]
    if points:
        flags.append("points")  # 3个百分点
    return tuple(dict.fromkeys(flags)) if flags else ()


def without_false_minus(s: str, n: Num) -> Num:
    """负 after a verb is no minus sign: 减负140亿元 → 140亿元 (增长负3.9%, 为负2 stay negative)."""
    if not is_minus(s, n.start):
        return Num(n.start + 1, n.end, n.text[1:], n.first, True, n.is_range)
    return n


def with_minus(s: str, n: Num) -> Num:
    """A minus sign 负 right before a Chinese numeral joins it: 负壹元整 → −1 元, 为负三个百分点;
    not where 负 makes a word with the verb before it (减负三成, 肩负)."""
    at = n.start - 1
    if at < 0 or s[at] != "负" or not is_minus(s, at):
        return n
    return Num(at, n.end, "负" + n.text, n.first, n.arabic, n.is_range)


def is_minus(s: str, at: int) -> bool:
    """True when the 负 at ``at`` is a minus sign: not after a verb it makes a word with
    (减负, 肩负), but after 为/是/率 … or no Han character (增长负3.9%, 为负百分之二)."""
    before = s[at - 1 : at]
    return not (HAN.match(before or " ") and before not in _MINUS_AFTER)


def last(prev: Found | None) -> tuple[int, str, str] | None:
    """``(end, kind, unit)`` of the previous quantity, for enumerations (五幢居民楼、一幢村委办公楼)."""
    return (prev.end, prev.kind, prev.unit) if prev is not None else None
