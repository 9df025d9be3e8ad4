"""A number and the unit after it: the recipe of :meth:`UnitReading._quantity`.

1. the unit after the number, past 余/多/来 (10余人, 十来个); with none, a bare amount
   (:mod:`.bare`: 资金达900万, 947万贫困群众);
2. a Chinese numeral is no word, ordinal or article (统一, 第三, 一个早晨); 一 after an
   administrative unit counts (七区一县);
3. a range may write the unit twice (3万元至5万元, 1万元(含)-5万元);
4. the number: in no name or slogan (两个维护), no bare multiplier (百人, 成千上万);
5. the unit read: 块 as yuan (卖5块5), 3千米 (公里), 10万千瓦; a year is no duration (2019年);
6. after the unit: 4个多月, 一个半月, a qualifier word (80%以上), 一年半, 三成半, 1米8, 5块5,
   五元三毛; no place name or formula (八家子, 五个一);
7. before the number: a qualifier word (近500人, 至少), the currency (港币3亿元);
8. the fact: per after a slash (600元/亩), scale (3公顷), flags (:meth:`.ReaderBase._found`).
"""

from __future__ import annotations

from decimal import Decimal

import regex

from ...chars import CN_ONE_TO_NINE, HAN_SCRIPT, inside
from ..numbers import Number
from .bare import BARE_START, INCLUDED, BareAmounts
from .found import Doc, Found, Num, last
from .shares import ShareForms
from .units import Unit
from .values import CN_DIGIT_TABLE, Value, add, ge_filler, half_after, jiao_fen

__all__ = ["UnitReading"]

_METRE_DECIMALS = regex.compile(rf"(?:\d{{1,2}}|[{CN_ONE_TO_NINE}])(?=[^\d.%{HAN_SCRIPT}]|的|$)")
_CN_DIGITS_RUN = regex.compile(rf"[{CN_ONE_TO_NINE}两]{{1,3}}")  # the 一 of 七区一县
_YUAN_WORDS = frozenset(("元", "块", "圆", "塊"))
_RANGE_MARKS = "至到-—–~～〜－"  # a second figure in the same unit may follow: 3万元至5万元
# what may follow the unit of a figure that a range in one unit continues (3万元至, 1万元(含)-)
_RANGE_NEXT = frozenset(_RANGE_MARKS + "(（")
# 由3200减少到: a plain first figure of a change right before the figure read
_FROM_PLAIN = regex.compile(r"[由从]\d[\d,]*(?=\D{1,6}\Z)")


class UnitReading(ShareForms, BareAmounts):
    """A number followed by a unit or measure word read as a quantity (or refused)."""

    def _quantity(self, n: Num, doc: Doc, prev: Found | None) -> Found | None:
        """A number and the unit after it as a quantity, or ``None`` when the context says
        it is none. The recipe, step by step:

        1. the unit after the number, past 余/多/来 (10余人, 十来个); with none, perhaps
           money without a unit (资金达900万);
        2. a Chinese numeral is no word, ordinal or article (统一, 第三, 一个早晨);
        3. a range may write the unit twice (3万元至5万元);
        4. the number: in no name or slogan (两个维护), no bare multiplier (百人, 成千上万);
        5. the unit read: 块 as yuan (卖5块5), 3千米 (公里); a year is no duration (2019年);
        6. after the unit: 4个多月, 一个半月, a qualifier word (80%以上), 一年半, 1米8, 5块5;
           no place name or formula (八家子, 五个一);
        7. before the number: a qualifier word (近500人, 至少), the currency (港币3亿元);
        8. the fact: per after a slash (600元/亩), scale (3公顷), flags.
        """
        s = doc.s
        mid, pos, hit = self._unit_after(s, n)
        if hit is None:
            return self._bare(n, s, pos, doc.quotes, prev)
        unit, ue = hit
        if not n.arabic and not (
            self.rules.chinese_ok(s, n.start, n.first, unit, ue, last(prev))
            or self._place_after_place(n, unit, prev)
        ):
            return None  # 统一, 第三, 一个早晨
        text, unit_text = n.text + mid, s[pos:ue]
        if not n.is_range and s[ue : ue + 1] in _RANGE_NEXT:  # (most figures: no range follows)
            n, text, unit, ue, unit_text = self._unit_range(s, n, text, unit, ue, unit_text)
        if unit_text.startswith("瓦"):  # (most units: no 千瓦 to read)
            text, unit = self._kilowatt(n, mid, text, unit, unit_text)  # 10万千瓦: 10万 × 千瓦
        number = self._number(s, n, text, mid, unit, ue, doc.quotes)
        if number is None:
            return None
        kuai = unit.canonical == "块" and self.money.kuai_is_money(s, n.start, ue)
        if kuai:
            unit = self.money.yuan  # 挣3000多块, 卖5块5, 五万块扶贫款: 块 is yuan in speech
        elif unit_text in ("米", "克"):
            unit, number = self._kilo(n, mid, text, unit, unit_text, number)  # 3千米, 5千克
        if unit.kind == "duration" and not self.rules.duration_ok(s, n.start, ue, number, unit):
            return None  # 2019年, 19年5月: a year or a date
        value, qualifier, ne = self._after_unit(s, n, ue, unit, unit_text, kuai, number)
        if not (self.rules.after_unit_ok(s, ne, unit, unit_text, n.arabic) or self._place_next(s, ne, unit)):
            return None  # 八家子, 五个一, 一家一户
        start, qualifier, unit = self._before_number(s, n.start, qualifier, unit, doc, prev)
        found = self._found(s, start, ne, unit, unit_text, value, qualifier, number)
        if found is not None and found.subject_noun is None and (prev is None or prev.end < start - 20):
            found.subject_noun = self._plain_change_subject(s, start)  # 贫困人口由3200减少到1200人
        return found

    def _plain_change_subject(self, s: str, start: int) -> str | None:
        """The subject of the second figure of a change from a plain number, which the pass
        reads after it (贫困人口由3200减少到1200人 → 贫困人口: the noun before 由/从)."""
        lo = max(0, start - 20)
        if s.find("由", lo, start) < 0 and s.find("从", lo, start) < 0:
            return None
        m = _FROM_PLAIN.search(s, lo, start)
        if m is None or not self.subjects.is_change(s, m.end(), start):
            return None
        return self.subjects.noun_before(s, m.start(), self.subjects.clause_start(s, m.start()))

    def _place_next(self, s: str, ne: int, unit: Unit) -> bool:
        """True when an administrative unit is followed by another count of one: 七区一县,
        四省六县 (where 五个一, 一家一户 stop the first count)."""
        if not unit.place:
            return False
        m = _CN_DIGITS_RUN.match(s, ne)
        if m is None:
            return False
        hit = self.units.match(s, m.end(), arabic=False)
        return hit is not None and hit[0].place

    def _place_after_place(self, n: Num, unit: Unit, prev: Found | None) -> bool:
        """一 after an administrative unit, as the second count of an enumeration: the 一县 of
        七区一县 (not an article)."""
        if not unit.place or prev is None or prev.end != n.start or prev.kind != "count":
            return False
        before = self.units.lookup(prev.unit)
        return before is not None and before.place

    def _unit_after(self, s: str, n: Num) -> tuple[str, int, tuple[Unit, int] | None]:
        """The unit after the number: ``(mid, pos, hit)``, where ``mid`` is a 余/多/来 read
        between them (10余人, 3000多块, 十来个), ``pos`` where the unit starts (or, when
        there is none, where the number ends) and ``hit`` the unit and its end."""
        pos = n.end
        mid = s[pos] if pos < len(s) and s[pos] in "余多来" else ""
        if mid and not (mid == "多" and s.startswith("多万", pos)):
            pos += 1
        hit = self.units.match(s, pos, arabic=n.arabic)
        if hit is None and mid:
            return "", pos - 1, None
        return mid, pos, hit

    def _unit_range(
        self, s: str, n: Num, text: str, unit: Unit, ue: int, unit_text: str
    ) -> tuple[Num, str, Unit, int, str]:
        """A range written with the unit twice: 3万元至5万元, 3%-5%, 1万元(含)-5万元 (one range
        3至5, the second unit's end). Returns the number, its text, the unit, its end and its text,
        unchanged when no second number in the same unit follows."""
        incl = INCLUDED.match(s, ue) if ue < len(s) and s[ue] in "(（" else None
        sep = incl.end() if incl is not None else ue  # 1万元(含)-5万元
        if n.is_range or sep >= len(s) or s[sep] not in _RANGE_MARKS:
            return n, text, unit, ue, unit_text
        m2 = self._num_at.match(s, sep + (2 if s.startswith("——", sep) else 1))
        if m2 is None or m2.group()[0].isdigit() != n.arabic:
            return n, text, unit, ue, unit_text
        hit2 = self.units.match(s, m2.end(), arabic=n.arabic)
        if hit2 is None or hit2[0].canonical != unit.canonical:
            return n, text, unit, ue, unit_text
        text = n.text + "至" + m2.group()
        n = Num(n.start, m2.end(), text, n.first, n.arabic, True)
        return n, text, hit2[0], hit2[1], s[m2.end() : hit2[1]]

    def _number(
        self, s: str, n: Num, text: str, mid: str, unit: Unit, ue: int, quotes: list[tuple[int, int]]
    ) -> Number | None:
        """The number read from ``text`` (before ``unit``, which ends at ``ue``); ``None`` in a
        name, formula or quoted slogan (两个维护, 一带一路, “两不愁、三保障”), when it overflows
        or when it is a bare multiplier (百人, 成千上万)."""
        if not n.arabic and self.rules.in_phrase(s, n.start, ue):
            return None
        if quotes and inside(quotes, n.start, ue):  # (most documents quote no slogan)
            return None
        number = self._parse(text)
        if number is None or "overflow" in number.flags:
            return None
        if not n.arabic and self._vague(s, n, mid, unit):
            return None
        return number

    def _vague(self, s: str, n: Num, mid: str, unit: Unit) -> bool:
        """True for a Chinese multiplier that names no number: a bare 百/千/万/亿 is one only
        with a qualifier (百余人, 近亿元, 上万元), as an amount of money (千万元) or in a range;
        成千上万 and 成百上千 are none."""
        if n.first[0] in BARE_START and unit.place:
            return True  # 超千亿省份: a bare 千亿 counts no provinces
        if n.first[0] in BARE_START and not (
            mid in ("余", "多")
            or self._touching_pre(s, n.start)[1] != "exact"
            or (len(n.first) >= 2 and unit.kind == "money")
            or n.is_range
        ):
            return True  # 百人, 万人: a bare multiplier
        return n.first.startswith("上") and s[n.start - 1 : n.start] in ("千", "百")  # 成千上万, 成百上千

    def _kilo(
        self, n: Num, mid: str, text: str, unit: Unit, unit_text: str, number: Number
    ) -> tuple[Unit, Number]:
        """千米/千克 after a number is the unit, not the multiplier: 3千米 → 3 公里, 5千克 → 5 公斤."""
        if n.first.endswith("千") and not mid and not n.is_range:
            k = self.units.lookup("千" + unit_text)
            reparsed = self._parse(text[:-1])
            if k is not None and reparsed is not None:
                return k, reparsed
        return unit, number

    def _kilowatt(self, n: Num, mid: str, text: str, unit: Unit, unit_text: str) -> tuple[str, Unit]:
        """千瓦/千瓦时 after a number is the unit (issue 13): 10万千瓦 → 100000 千瓦, where
        the number alone would read 10万千, which is no number; 五千瓦 → 5 千瓦."""
        if unit_text.startswith("瓦") and n.first.endswith("千") and not mid and not n.is_range:
            k = self.units.lookup("千" + unit_text)
            if k is not None and self._parse(text[:-1]) is not None:
                return text[:-1], k
        return text, unit

    def _after_unit(
        self, s: str, n: Num, ue: int, unit: Unit, unit_text: str, kuai: bool, number: Number
    ) -> tuple[Value, str, int]:
        """What the unit and the words right after it add to the number: the value, the
        qualifier and where the span ends. 多/半 inside the unit (4个多月: over; 一个半月: 1.5),
        a qualifier word (80%以上, 100万元左右, 4年多), 半 after a unit of time (一年半), a
        decimal part of a whole number (1米8, 69米34, 5块5)."""
        value: Value = number.value
        qualifier = number.qualifier
        if len(unit_text) > 2:
            value, qualifier = ge_filler(unit_text, number)
        ne = ue
        post = self._post_word(s, ue)
        if post in ("多", "余") and unit.kind != "duration":
            post = ""  # 3个多功能厅: 多 starts the next word (4年多 is over 4 years)
        if post:
            q = self._post_q[post]
            if q != "exact" and qualifier == "exact":
                qualifier = q  # 80%以上, 100万元左右
            ne += len(post)
        if unit.kind == "duration":
            value, ne = half_after(s, ne, unit, value)
        elif not post and not n.is_range:
            value, ne = self._parts_after(s, ne, unit, unit_text, kuai, number, value)
        return value, qualifier, ne

    def _parts_after(
        self, s: str, ne: int, unit: Unit, unit_text: str, kuai: bool, number: Number, value: Value
    ) -> tuple[Value, int]:
        """What a whole number's unit may be followed by: 半 after 成 (三成半 = 35%), 角/毛
        and 分 after 元 (五元三毛, 50元6角三分, 壹万圆整), a decimal part (5块5, 1米8)."""
        if unit_text == "成" and s.startswith("半", ne):
            return add(Decimal(str(value)), Decimal("0.5")), ne + 1  # 三成半: 3.5成 = 35%
        if unit.canonical == "元" and unit_text in _YUAN_WORDS:
            value, end = jiao_fen(s, ne, number, value)  # 五元三毛, 50元6角三分, 壹万圆整
            if end != ne or not kuai:
                return value, end
        if kuai or unit_text == "米":
            return self._decimal_part(s, ne, unit, unit_text, kuai, number, value)  # 5块5, 1米8
        return value, ne

    def _decimal_part(
        self, s: str, ne: int, unit: Unit, unit_text: str, kuai: bool, number: Number, value: Value
    ) -> tuple[Value, int]:
        """A decimal part written after the unit of a whole number: 1米8, 69米34 (metres),
        5块5 (yuan and jiao). The value and where the span ends."""
        if not isinstance(number.value, int):
            return value, ne
        if unit.canonical == "米" and unit_text == "米":
            dm = _METRE_DECIMALS.match(s, ne)
        elif kuai:
            dm = self.money.jiao(s, ne)
        else:
            return value, ne
        if dm is None:
            return value, ne
        return add(Decimal(number.value), Decimal("0." + dm.group().translate(CN_DIGIT_TABLE))), dm.end()

    def _before_number(
        self, s: str, ns: int, qualifier: str, unit: Unit, doc: Doc, prev: Found | None
    ) -> tuple[int, str, Unit]:
        """What the words before the number at ``ns`` add: where the span starts, the
        qualifier and the unit. A qualifier word touching the number starts the span (近500人,
        超过3万元; over and under win over the number's own), else one earlier in the clause
        sets the qualifier (至少 …); a currency before an amount in 元 is its currency
        (港币3亿元)."""
        start = ns
        qw, q = self._touching_pre(s, ns)
        if qw:
            if q != "exact":
                if qualifier == "exact" or q in ("over", "under"):
                    qualifier = q
                start = ns - len(qw)
        elif qualifier == "exact" and doc.clause_q:
            qualifier = self._clause_qualifier(s, ns, prev) or qualifier
        if unit.canonical == "元":
            unit = self.money.currency_before(s, start, unit)  # 新台币5000万元, 港币3亿元
        return start, qualifier, unit
