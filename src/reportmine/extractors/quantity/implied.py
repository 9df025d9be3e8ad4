"""Counts whose measure word is implied: the amount of a noun of people or households.

National and provincial totals are often written without 人 or 户. A bare amount (ending in
万/亿, no unit after it, no money in its clause) is a count, flagged ``implied_unit``, when
a noun of the ``people_nouns`` table stands next to it:

- **right after it**: ``947万贫困群众``, ``4.2万贫困人口``, ``1857万建档立卡贫困人口`` → 人
  (the noun's last word is a ``people`` word); ``1.2万贫困户`` → 户 (a ``households`` word);
- **earlier in its clause**, with only ``link`` words, qualifier words and a time phrase
  between them: ``贫困人口9899万``, ``护林员100多万``, ``贫困人口由2012年底的9899万…``,
  ``减贫人数超过700万``. Anything else between (a noun, another figure, a verb the table
  does not list) breaks the link: ``贫困人口人均收入达1万`` is money, ``农民种植面积3万`` no fact.

A **plain number** (no 万/亿) is such a count only when the noun stands before it, linked as
above, and the number ends its clause: ``贫困人口3200，``, ``帮扶贫困群众560。``,
``其中贫困户家庭成员1200`` → 人, or is the first figure of a change to another number
(``贫困人口由3200减少到1200人``: 3200 人, the second read with its own unit). Never a year
(``贫困人口2019。``), a decimal or a code
(``人员0451``), a number a unit, a digit or a letter follows (``贫困人口3200人`` is read by the
unit, ``群众1号`` is a name), nor a number after the noun (``2019贫困人口``).
:meth:`ImpliedCounts.plain`.

A figure in a change from one amount to another takes the previous one's unit and subject
(``贫困人口由9899万减少到551万``: both counts of people); that rule is in the extractor.

>>> import reportmine
>>> def counts(text):
...     facts = reportmine.extract(text).facts
...     return [(f.text, f.value, f.unit, f.flags) for f in facts if f.kind == "count"]
>>> counts("全国947万贫困群众搬出大山")
[('947万', 9470000, '人', ('implied_unit',))]
>>> counts("贫困人口由9899万减少到551万")
[('9899万', 98990000, '人', ('implied_unit',)), ('551万', 5510000, '人', ('implied_unit',))]
>>> counts("全市人均存款达900万"), counts("农民种植面积3万")
([], [])
>>> counts("全县有贫困人口3200，其中贫困户家庭成员1200。")
[('3200', 3200, '人', ('implied_unit',)), ('1200', 1200, '人', ('implied_unit',))]
>>> counts("贫困人口由3200减少到1200人")
[('3200', 3200, '人', ('implied_unit',)), ('1200人', 1200, '人', ())]
>>> counts("贫困人口2019。"), counts("2019贫困人口"), counts("贫困人口3.5，")
([], [], [])
"""

from __future__ import annotations

import re
from collections.abc import Iterator

import regex

from ...chars import alternation
from ...lexicon import Lexicon
from ...lexicon.tables import PEOPLE_NOUNS, grouped
from .subjects import SubjectFinder
from .units import Unit, UnitTable

__all__ = ["ImpliedCounts"]

_MAX_LEAD = 6  # 947万建档立卡贫困人口: the noun's modifiers before its last word
# the last clause break before an amount: the clause the noun must stand in
_LAST_BREAK = regex.compile(r"[，,。；;：:！？!?\n][^，,。；;：:！？!?\n]*\Z")
# a time phrase between the noun and its amount: 贫困人口由2012年底的9899万
_TIME = r"(?:(?:19|20)\d\d年(?:\d{1,2}月)?(?:底|末|初|份)?|今年|去年|当年|目前|现在|截至)"
# a plain number that ends its clause (贫困人口3200，): no decimal, unit, digit or letter after it
# or is the first figure of a change to a number (贫困人口由3200减少到1200人)
_CHANGE_TO = r"(?:(?:减少|下降|降低|降|增加|增长|增|上升|提高|扩大|缩小|缩减)(?:到|至|为)|到|至)了?[0-9]"
_PLAIN = (
    r"(?<![0-9.])([1-9][0-9]{0,2}(?:,[0-9]{3})+|[1-9][0-9]*)"
    rf"(?=[，,。；;、)）！!？?”」』\n]|\Z|{_CHANGE_TO})"
)
_YEAR = re.compile(r"(?:19|20)[0-9][0-9]")


class ImpliedCounts:
    """The ``people_nouns`` table compiled: which unit a bare amount next to a noun counts in."""

    def __init__(
        self, lexicon: Lexicon, units: UnitTable, subjects: SubjectFinder, qualifiers: list[str]
    ) -> None:
        words = grouped(lexicon, PEOPLE_NOUNS)
        self.subjects = subjects
        person, household = units.lookup("人"), units.lookup("户")
        assert person is not None and household is not None, "the shipped measure words have 人 and 户"
        self._unit_of: dict[str, Unit] = {w: person for w in words["people"]}
        self._unit_of.update({w: household for w in words["households"]})
        self._ends = tuple(sorted(self._unit_of, key=len, reverse=True))
        links = [*words["link"], *qualifiers]
        nouns = alternation(self._unit_of) if self._unit_of else "(?!)"
        link = alternation(links) if links else "(?!)"
        self._nouns = regex.compile(nouns) if self._unit_of else None
        # the noun, then only link words (and a time phrase) up to the amount
        self._before = regex.compile(rf"(?:{nouns})(?:{link}|{_TIME})*\Z") if self._unit_of else None
        # 贫困人口3200，: the noun, link words, a plain number ending its clause
        self._plain = re.compile(rf"(?:{nouns})(?:{link}|{_TIME})*{_PLAIN}") if self._unit_of else None

    def after(self, s: str, end: int) -> tuple[Unit, str] | None:
        """The unit and noun of a people noun right after the amount ending at ``end``:
        947万贫困群众搬出大山 → (人, 贫困群众); 1.2万贫困户 → (户, 贫困户); 900万建设道路 →
        ``None``. The noun is the head after the amount up to the first word of the table,
        at most six characters in."""
        head = self.subjects.noun_after(s, end)
        if head is None or self._nouns is None:
            return None
        m = self._nouns.search(head, 0, _MAX_LEAD + 4)
        if m is None or m.start() > _MAX_LEAD:
            return None
        return self._unit_of[m.group()], head[: m.end()]

    def before(self, s: str, start: int) -> Unit | None:
        """The unit of a people noun earlier in the clause of the amount at ``start``, linked to
        it by link words only: 贫困人口9899万, 护林员100多万, 减贫人数超过700万."""
        if self._before is None:
            return None
        lo = max(0, start - 40)
        b = _LAST_BREAK.search(s, lo, start)
        m = self._before.search(s, b.start() + 1 if b is not None else lo, start)
        if m is None:
            return None
        k = m.start()
        for w in self._ends:
            if s.startswith(w, k):
                return self._unit_of[w]
        return None  # pragma: no cover - the pattern starts with a noun of the table

    def plain(self, s: str) -> Iterator[tuple[int, int, int, Unit]]:
        """``(start, end, value, unit)`` of each plain number counted by the noun before it:
        贫困人口3200， → 3200 人; 其中贫困户家庭成员1200 → 1200 人 (成员); not a year
        (贫困人口2019。) nor a number followed by anything but the end of its clause."""
        if self._plain is None:
            return
        for m in self._plain.finditer(s):
            digits = m.group(1)
            if len(digits) == 4 and _YEAR.match(digits):
                continue  # 贫困人口2019。: a year
            unit = self.before(s, m.start(1))
            if unit is not None:
                yield m.start(1), m.end(1), int(digits.replace(",", "")), unit
