"""The parts of a value written around its unit, and exact scaling to the canonical unit.

- 多/半 inside 个 + unit: 4个多月 is over 4 months, 一个半月 is 1.5 months;
- 角 (毛) and 分 after 元: 五元三毛 = 5.3, 50元6角三分 = 50.63, 3元零5分 = 3.05, 壹万圆整,
  壹拾壹元壹角壹分 = 11.11;
- 半 after a unit of time: 一年半 = 1.5 years, 三天半;
- scaling by the unit's factor in exact decimal arithmetic: 3公顷 → 30000 平方米.
"""

from __future__ import annotations

from decimal import Decimal, localcontext

import regex

from ...chars import CN_DIGIT_VALUE, CN_FINANCIAL_DIGITS, CN_ONE_TO_NINE, HAN_SCRIPT
from ..numbers import DECIMAL_CONTEXT, Number, decimal_to_value
from .rules import DURATION_ONE_NEXT
from .units import Unit

__all__ = ["CN_DIGIT_TABLE", "Value", "add", "digit_of", "ge_filler", "half_after", "jiao_fen", "scale"]

Value = Decimal | int | float  # a value while it is read: Decimal after 一个半月, 1米8
_HAN = regex.compile(HAN_SCRIPT)
CN_DIGIT_TABLE = str.maketrans(CN_ONE_TO_NINE, "123456789")
_HALF_UNITS = frozenset({"年", "月", "天", "小时", "周", "分钟"})
# 五元三毛, 50元6角三分, 3元零5分, 壹万圆整: jiao and fen after a whole amount (not 3元5分钟)
_JD = rf"[0-9{CN_ONE_TO_NINE}两{CN_FINANCIAL_DIGITS}]"  # 壹拾壹元壹角壹分: financial digits too
_JIAO_FEN = regex.compile(
    rf"(?:(?P<jiao>{_JD})[角毛](?:(?P<fen>{_JD})分(?![钟之]))?|零?(?P<fen2>{_JD})分(?![钟之]))?"
    rf"(?:[整正](?![{HAN_SCRIPT}]))?"  # 壹拾壹元正: cheques may write 正 for 整 (not 元正在)
)


def ge_filler(unit_text: str, number: Number) -> tuple[Value, str]:
    """多 or 半 inside 个 + unit: 4个多月 is over 4 months, 一个半月 1.5 months. The value and
    the qualifier."""
    if len(unit_text) > 2 and unit_text[0] in "个個" and unit_text[1] in "多半":
        if unit_text[1] == "多":
            return number.value, "over" if number.qualifier == "exact" else number.qualifier
        return add(Decimal(str(number.value)), Decimal("0.5")), number.qualifier  # 一个半月
    return number.value, number.qualifier


def jiao_fen(s: str, ne: int, number: Number, value: Value) -> tuple[Value, int]:
    """角 (毛) and 分 after a whole amount in 元: 五元三毛 = 5.3, 50元6角三分 = 50.63, 3元零5分 =
    3.05; 整 (or 正) closes a written amount (人民币壹万圆整, 壹拾壹元正). The value and where the
    span ends."""
    if not isinstance(number.value, int):
        return value, ne
    m = _JIAO_FEN.match(s, ne)
    if m is None or m.end() == ne:
        return value, ne
    jiao, fen = m.group("jiao"), m.group("fen") or m.group("fen2")
    cents = Decimal(0)
    if jiao:
        cents += Decimal(digit_of(jiao)) / 10
    if fen:
        cents += Decimal(digit_of(fen)) / 100
    return (add(Decimal(number.value), cents) if cents else value), m.end()


def digit_of(c: str) -> int:
    """The value of one digit, Arabic or Chinese (三 → 3, 两 → 2, 壹 → 1)."""
    return int(c) if c.isdigit() else CN_DIGIT_VALUE[c]


def half_after(s: str, ne: int, unit: Unit, value: Value) -> tuple[Value, int]:
    """半 after a unit of time adds a half: 一年半, 三天半 (not 一年半数: 半 starts a word)."""
    if unit.kind == "duration" and unit.canonical in _HALF_UNITS and s.startswith("半", ne):
        after_half = s[ne + 1 : ne + 2]
        if not _HAN.match(after_half or " ") or after_half in DURATION_ONE_NEXT + "的":
            return add(Decimal(str(value)), Decimal("0.5")), ne + 1  # 一年半, 三天半
    return value, ne


def add(a: Decimal, b: Decimal) -> Decimal:
    """``a + b``, exact: in (a copy of) the parser's context, not the 28 places of the default one."""
    with localcontext(DECIMAL_CONTEXT) as c:
        return c.add(a, b)


def scale(
    value: Decimal | int | float, number: Number, factor: Decimal
) -> tuple[int | float, int | float | None, int | float | None, bool]:
    """``value``, ``low`` and ``high`` times the unit's factor (exact decimal arithmetic)."""
    with localcontext(DECIMAL_CONTEXT):
        return _scale_exact(value, number, factor)


def _scale_exact(
    value: Decimal | int | float, number: Number, factor: Decimal
) -> tuple[int | float, int | float | None, int | float | None, bool]:
    over = False

    def conv(x: Decimal | int | float) -> int | float:
        nonlocal over
        if factor == 1 and not isinstance(x, Decimal):
            return x
        d = (x if isinstance(x, Decimal) else Decimal(repr(x))) * factor
        v, o = decimal_to_value(d)
        over = over or o
        return v

    low = conv(number.low) if number.low is not None else None
    high = conv(number.high) if number.high is not None else None
    return conv(value), low, high, over
