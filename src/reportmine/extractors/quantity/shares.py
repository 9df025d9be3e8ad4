"""Shares written without a unit, as percentages.

- a fraction: 三分之一 (33.33), 百分之八十, 近三分之一 (not 第三分之一, 千分之一度, 三分之一个);
- a slash fraction: 2/3以上 (66.67, over), 近3/4 (75), 占1/4 (25); 约1/5至1/3 one range
  (20–33.33); not a date or a label (2019年3/4, 第1/2, 1/4决赛) nor 3/2;
- 一半 as a share: 占一半, 一半以上, 近一半 (50; not 十一半, 多一半);
- a minus sign before a fraction: 增长率为负百分之二 (−2; 减负百分之三十 stays 30).
"""

from __future__ import annotations

import regex

from ...chars import CN_NUMERAL_CHARS, inside
from ..numbers import Number
from .found import HAN, Found, is_minus
from .qualifiers import QualifierWords

__all__ = ["ShareForms"]

_CN = CN_NUMERAL_CHARS
_SLASH_NOT_AFTER = frozenset("第年月日号期版页")  # 2019年3/4, 第1/2: a date or an ordinal
# the high end of a range of slash fractions: 约1/5至1/3
_SLASH_RANGE = regex.compile(r"(?:至|到|～|~|—{1,2}|-)([1-9]/(?:10|[1-9]))(?![0-9/.])")
_SLASH_NEXT = "的是为和与及或至到在用来"  # 2/3的村, 1/4是: a share goes on


class ShareForms(QualifierWords):
    """Fractions, slash fractions and 一半 read as percent facts."""

    def _fraction(self, m: regex.Match[str], s: str, quotes: list[tuple[int, int]]) -> Found | None:
        """A fraction is a percentage: 三分之一, 百分之八十, 近三分之一; 负 before it is a minus
        sign (增长率为负百分之二 → −2; not 减负百分之三十)."""
        ns, ne = m.start("frac"), m.end("frac")
        if not self._fraction_is_share(s, ns, ne, quotes):
            return None
        number = self._parse(m.group("frac"))
        if number is None or not number.percent or "overflow" in number.flags:
            return None
        if s[ns - 1 : ns] == "负" and is_minus(s, ns - 1):
            return _negative(self._simple_percent(s, ns, ne, number), ns - 1)  # 为负百分之二
        return self._simple_percent(s, ns, ne, number)

    def _fraction_is_share(self, s: str, ns: int, ne: int, quotes: list[tuple[int, int]]) -> bool:
        """True unless the fraction at ``[ns, ne)`` continues a number or an ordinal (第三分之一),
        lies in a name or a quoted slogan, or is a fraction of a unit (千分之一度, 三分之一个)."""
        before = s[ns - 1 : ns] if ns else ""
        if before and (before in _CN or before.isdigit() or before == "第"):
            return False
        if inside(quotes, ns, ne) or self.rules.in_phrase(s, ns, ne):
            return False
        # 千分之一度, 三分之一个: a fraction of a unit, not a percentage
        return not (s[ne : ne + 1] in ("度", "秒") or self.units.match(s, ne, arabic=False) is not None)

    def _slash(self, m: regex.Match[str], s: str, quotes: list[tuple[int, int]]) -> Found | None:
        """A slash fraction as a share, in percent: 2/3以上 (66.67, over), 近3/4 (75), 占1/4 (25);
        two joined by 至 are one range (约1/5至1/3 → 20–33.33, approx).
        Only a proper fraction of one digit over at most 10, not in a date or a label (2019年
        3/4, 第1/2, 1/4决赛: a Han word other than a share's follows), nor in a quote."""
        ns, ne = m.start("slash"), m.end("slash")
        a, _, b = m.group("slash").partition("/")
        if int(a) >= int(b) or inside(quotes, ns, ne) or s[ns - 1 : ns] in _SLASH_NOT_AFTER:
            return None  # 3/2, 2019年3/4, 第1/2
        nxt = s[ne : ne + 1]
        if nxt and HAN.match(nxt) and not (self._post_word(s, ne) or nxt in _SLASH_NEXT):
            return None  # 1/4决赛, 1/2页: a label, not a share
        number = self._parse(m.group("slash"))
        if number is None:
            return None
        r = _SLASH_RANGE.match(s, ne)
        high = self._parse(r.group(1)) if r is not None else None
        if r is None or high is None or not number.value < high.value < 100:
            return self._simple_percent(s, ns, ne, number)
        found = self._simple_percent(s, ns, r.end(), number)  # 约1/5至1/3: one range, 20–33.3
        found.low, found.high = number.value, high.value
        return found

    def _half(self, m: regex.Match[str], s: str, quotes: list[tuple[int, int]]) -> Found | None:
        """一半 is 50 percent when it is a share (占一半, 一半以上), not "half of"."""
        ns, ne = m.start("half"), m.end("half")
        if not self._half_is_share(s, ns, ne) or inside(quotes, ns, ne):
            return None
        return self._simple_percent(s, ns, ne, Number(50, percent=True))

    def _half_is_share(self, s: str, ns: int, ne: int) -> bool:
        """True when 一半 at ``[ns, ne)`` is a share: after 占/达/有/是 (占一半) or with a qualifier
        word (一半以上, 近一半); not after a numeral or prefix (十一半, 多一半, 大一半)."""
        before = s[ns - 1 : ns] if ns else ""
        if before and (before in _CN or before in self.rules.prefix1 or before in ("多", "大", "小")):
            return False
        if before in ("占", "达", "有", "是"):
            return True
        post = self._post_word(s, ne)
        return (post != "" and post not in ("多", "余")) or self._touching_pre(s, ns)[1] != "exact"

    def _simple_percent(self, s: str, ns: int, ne: int, number: Number) -> Found:
        """A percent fact of a fraction or 一半 with the qualifier words around it (三分之一以上)."""
        qualifier = number.qualifier
        post = self._post_word(s, ne)
        if post and post not in ("多", "余"):
            q = self._post_q[post]
            if q != "exact":
                qualifier = q
            ne += len(post)
        start, qualifier = self._touching_qualifier(s, ns, qualifier)
        return Found(
            start, ne, "percent", number.value, "%", qualifier, number.low, number.high, number.flags
        )


def _negative(found: Found, start: int) -> Found:
    """``found`` below zero, its span from the minus sign at ``start``: 负百分之五 → −5 %."""
    low, high = found.low, found.high
    found.value = -found.value
    found.low, found.high = (-high if high is not None else None), (-low if low is not None else None)
    found.start = start
    return found
