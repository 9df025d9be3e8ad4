"""Amounts with 万/亿 and no unit after them (bare amounts).

- the unit written once, after a range or a change: 1万(含)-5万元 (10000–50000 元),
  从700万左右减少到了48万人 (700万 is people too, flag ``implied_unit``);
- the second bare figure of a change takes the first's kind and unit: 贫困人口由9899万减少到551万,
  资金由500万增加到800万;
- money when the clause names money or a paying verb comes before: 资金达900万, 花了50万
  (unit 元, flag ``no_unit``);
- else a count of the people or households next to it: 947万贫困群众, 贫困人口9899万 (unit 人,
  flag ``implied_unit``; see :mod:`.implied`);
- no amount: 万, 几万, a bare 千万 without a qualifier (万人), 5万A, 第三万.
"""

from __future__ import annotations

import regex

from ...chars import CN_EXACT_CHARS, inside
from ..numbers import Number
from .found import Found, Num
from .qualifiers import QualifierWords
from .units import Unit

__all__ = ["BARE_START", "INCLUDED", "BareAmounts"]

BARE_START = frozenset("百千万亿佰仟萬億")
_REAL_DIGIT = CN_EXACT_CHARS
INCLUDED = regex.compile(r"[(（]含[)）]")  # 1万(含)-5万元: the low end included
_RANGE_GAPS = frozenset(("-", "—", "——", "–", "~", "～", "〜", "－", "至", "到"))


class BareAmounts(QualifierWords):
    """A number with 万/亿 and no unit: money, a count, or one end of a range or a change."""

    def _bare(
        self, n: Num, s: str, ne: int, quotes: list[tuple[int, int]], prev: Found | None = None
    ) -> Found | None:
        """An amount with 万/亿 and no unit: the unit written once after a range or a change
        (1万(含)-5万元, 从700万左右减少到了48万人), money when the clause names money
        (资金达900万), else a count of the people or households next to it (947万贫困群众)."""
        ns = n.start
        if not self._bare_amount(n, s, ne):
            return None
        if inside(quotes, ns, ne) or self.rules.in_phrase(s, ns, ne):
            return None  # 两个维护, “一户一策”: a name or a slogan
        later = self._unit_later(n, s, ne)
        if later is not None:
            return later
        mark = s[ne - 1 : ne]
        text = n.text + (mark if mark in ("余", "多") and not n.text.endswith(mark) else "")
        number = self._parse(text)
        if number is None or "overflow" in number.flags:
            return None
        start, qualifier = self._touching_qualifier(s, ns, number.qualifier)
        if self._changes_bare(s, start, prev):
            assert prev is not None  # 资金由500万增加到800万: the kind and unit of the figure before
            flag = "no_unit" if prev.kind == "money" else "implied_unit"
            return Found(
                start, ne, prev.kind, number.value, prev.unit, qualifier, number.low, number.high,
                (*number.flags, flag),
            )
        if self.money.no_unit_is_money(s, ns, ne) or self.money.paid_is_money(s, ns, ne):
            return Found(
                start, ne, "money", number.value, "元", qualifier, number.low, number.high,
                (*number.flags, "no_unit"),
            )
        return self._implied_count(s, start, ne, qualifier, number, prev)

    def _implied_count(
        self, s: str, start: int, ne: int, qualifier: str, number: Number, prev: Found | None
    ) -> Found | None:
        """A bare amount as a count of people or households (flag ``implied_unit``): a noun of
        ``people_nouns`` after it (947万贫困群众) or linked before it (贫困人口9899万), or the
        unit of the figure it changes from (贫困人口由9899万减少到551万)."""
        noun: str | None = None
        post = self._post_word(s, ne)
        if post:  # 8亿多饥饿人口, 1000万左右建档立卡贫困人口, 1000万以上
            q = self._post_q[post]
            if q != "exact" and qualifier == "exact":
                qualifier = q
            ne += len(post)
        after = self.implied.after(s, ne)
        if after is not None:
            unit, noun = after
        else:
            before = self.implied.before(s, start)
            if before is None:
                return None  # 全市人均耕地达900万, 农民种植面积3万: nothing counted
            unit = before
        flags = (*number.flags, "implied_unit")
        return Found(
            start, ne, "count", number.value, unit.canonical, qualifier, number.low, number.high, flags,
            subject_noun=noun,
        )

    def _second_figure(
        self, n: Num, s: str, after: int, incl: bool
    ) -> tuple[regex.Match[str], bool, tuple[Unit, int]] | None:
        """The figure with a unit that a bare amount ending at ``after`` leads to: after a range
        mark when ``incl`` (1万(含)-5万元) or a change verb (700万左右减少到了48万人). The
        number's match, whether it is a range, and its unit and the unit's end."""
        m2 = self._num_at.search(s, after, min(len(s), after + 8))
        if m2 is None or m2.group()[0].isdigit() != n.arabic:
            return None
        gap = s[after : m2.start()]
        ranged = incl and gap in _RANGE_GAPS
        if not ranged and not (gap and self.subjects.is_change(s, after, m2.start())):
            return None
        hit = self.units.match(s, m2.end(), arabic=n.arabic)
        if hit is None or hit[0].kind in ("percent", "duration"):
            return None
        return m2, ranged, hit

    def _changes_bare(self, s: str, start: int, prev: Found | None) -> bool:
        """True when the bare amount at ``start`` is the second figure of a change whose first
        was a bare amount too: 贫困人口由9899万减少到551万, 资金由500万增加到800万."""
        return (
            prev is not None
            and ("implied_unit" in prev.flags or "no_unit" in prev.flags)
            and self.subjects.is_change(s, prev.end, start)
        )

    def _unit_later(self, n: Num, s: str, ne: int) -> Found | None:
        """The unit written once, after the second figure: a range with (含) between
        (1万(含)-5万元 → 10000–50000 元), or a change (从700万左右减少到了48万人 → 700万 is
        people too, flag ``implied_unit``)."""
        incl = INCLUDED.match(s, ne)
        post = "" if incl is not None else self._post_word(s, ne)
        if post in ("多", "余"):
            post = ""
        after = incl.end() if incl is not None else ne + len(post)
        second = self._second_figure(n, s, after, incl is not None)
        if second is None:
            return None
        m2, ranged, (unit, ue) = second
        if ranged:
            number = self._parse(n.text + "至" + m2.group())
            end = ue
        else:
            number = self._parse(n.text)
            end = after
        if number is None or "overflow" in number.flags:
            return None
        qualifier = self._post_q[post] if post and self._post_q[post] != "exact" else number.qualifier
        start, qualifier = self._touching_qualifier(s, n.start, qualifier)
        found = self._found(s, start, end, unit, s[m2.end() : ue], number.value, qualifier, number)
        if found is not None and not ranged:
            found.flags = (*found.flags, "implied_unit")
        return found

    def _bare_amount(self, n: Num, s: str, ne: int) -> bool:
        """True when the number ending at ``ne`` with no unit after it is an amount: it ends in
        万/亿 (900万, 3亿多) and holds a digit (not 万, 几万), and no digit or letter follows it
        (5万A); a Chinese one after no prefix word (第三万)."""
        if not (n.first[-1:] in "万亿萬億" or s[ne - 1 : ne] in "万亿萬億"):
            return False
        if not n.arabic and not any(c in _REAL_DIGIT for c in n.first):
            return False  # 万, 几万
        if not n.arabic and n.first[0] in BARE_START and self._touching_pre(s, n.start)[1] == "exact":
            return False  # 万人: a bare 千万 only with a qualifier (近千万贫困人口)
        nxt = s[ne : ne + 1]
        if nxt and (nxt.isdigit() or (nxt.isascii() and nxt.isalpha())):
            return False
        return n.arabic or not self.rules.after_prefix(s, n.start)
