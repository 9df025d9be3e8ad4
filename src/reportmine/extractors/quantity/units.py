"""Units and measure words, compiled from the ``units`` and ``measure_words`` lexicon tables.

A :class:`UnitTable` knows every written form (simplified and traditional), what kind of
fact it makes, its canonical unit and factor, and builds the regular-expression
alternation the quantity extractor matches after a number (longest form first, with the
``not=`` / ``then=`` conditions of each row as look-aheads).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal

import regex

from ...chars import HAN_SCRIPT, alternation, is_han
from ...lexicon import Entry, Lexicon
from ...lexicon.tables import MEASURE_WORDS, UNITS
from ...lexicon.tables import UNIT_KINDS as _UNIT_KINDS

__all__ = ["UNIT_KINDS", "Unit", "UnitTable", "clause_has"]

UNIT_KINDS = frozenset(_UNIT_KINDS)
_GE_FILLERS = "多半"  # 4个多月, 一个半小时
_CLAUSE_ENDS = "，,。；;！？!?\n："
_CUE_REACH = 40  # how far a cue may stand from the unit, within its clause


@dataclass(frozen=True, slots=True)
class Unit:
    """One written unit or measure word and what it means."""

    form: str
    kind: str
    canonical: str
    factor: Decimal = Decimal(1)
    arabic: bool = False
    noun: bool = False
    not_after: tuple[str, ...] = ()
    only_before: tuple[str, ...] = ()
    cue: tuple[str, ...] = ()  # issue 13: 度 is 千瓦时 only in a clause about electricity
    place: bool = False  # an administrative unit: 8市, 23县, 七区一县 (measure_words.txt option)


class UnitTable:
    """Every unit form of a lexicon, with the regex alternations that match them."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.units: dict[str, Unit] = {}
        for u in lexicon.table(UNITS):
            opts = u.options
            for f in (u.form, *u.traditional):
                self._add(u, Unit(f, u.kind, u.canonical, u.factor, "arabic" in opts, False,
                                  opts.get("not", ()), opts.get("then", ()), cue=opts.get("cue", ())))
        for m in lexicon.table(MEASURE_WORDS):
            opts = m.options
            for f in (m.form, *m.traditional):
                unit = Unit(f, "count", m.canonical, Decimal(1), "arabic" in opts, "noun" in opts,
                            opts.get("not", ()), opts.get("then", ()), place="place" in opts)
                self._add(m, unit)

        self._maxlen = max(map(len, self.units), default=0)
        # the lengths of the forms starting with each character, longest first
        lengths: dict[str, set[int]] = {}
        for f in self.units:
            lengths.setdefault(f[0], set()).add(len(f))
        self._lengths = {c: tuple(sorted(ks, reverse=True)) for c, ks in lengths.items()}

    def _add(self, entry: Entry, unit: Unit) -> None:
        old = self.units.get(unit.form)
        if old is not None and old != unit:
            raise entry.error(f"unit {unit.form!r} is defined twice with different meanings")
        self.units[unit.form] = unit

    def lookahead(self, extra: str = "") -> str:
        """A regex look-ahead that holds where some unit may start (one or two characters).

        ``extra`` adds single characters that may also follow a number.
        """
        single = {f for f in self.units if len(f) == 1} | set(extra)
        pairs = sorted({f[:2] for f in self.units if len(f) > 1 and f[0] not in single})
        pairs += sorted(
            {f[0] + c + f[1] for f in self.units if len(f) > 1 and f[0] in "个個" for c in _GE_FILLERS}
        )
        alts = ["[" + regex.escape("".join(sorted(single))) + "]"] + [regex.escape(p) for p in pairs]
        return "(?=" + "|".join(alts) + ")"

    def match(self, s: str, pos: int, *, arabic: bool) -> tuple[Unit, int] | None:
        """The longest unit written at ``s[pos:]`` whose conditions hold, and where it ends.

        ``arabic`` tells whether the number before it is written in Arabic digits.
        """
        if pos >= len(s):
            return None
        c = s[pos]
        if c in "个個" and s[pos + 1 : pos + 2] in ("多", "半"):
            found = self._longest(s, pos + 2, arabic, prefix=c)
            if found is not None:
                return found
        ks = self._lengths.get(c)
        if ks is None:
            return None  # no form starts with this character
        return self._longest(s, pos, arabic, ks=ks)

    def _longest(
        self, s: str, pos: int, arabic: bool, prefix: str = "", ks: Iterable[int] = ()
    ) -> tuple[Unit, int] | None:
        """The longest form at ``s[pos:]`` (after ``prefix``: 个 of 个多月) whose conditions
        hold; ``ks``: the lengths to try, longest first (with no prefix: those of the forms
        starting with ``s[pos]``)."""
        n = len(s)
        if prefix:
            ks = range(min(self._maxlen, n - pos), 0, -1)
        units = self.units
        for k in ks:
            end = pos + k
            if end > n:
                continue
            u = units.get(prefix + s[pos:end])
            if u is None or (u.arabic and not arabic):
                continue
            if u.not_after and s.startswith(u.not_after, end):
                continue
            if u.only_before and end < n and is_han(s[end]) and not s.startswith(u.only_before, end):
                continue
            if u.cue and not clause_has(s, pos, end, u.cue):
                continue  # 气温30度, 旋转180度: 度 is no 千瓦时 without 发电/用电 in the clause
            return u, end
        return None

    def lookup(self, written: str) -> Unit | None:
        """The unit written as ``written`` (``个多月`` is ``个月`` with 多 inside)."""
        u = self.units.get(written)
        if u is None and len(written) > 2 and written[0] in "个個" and written[1] in _GE_FILLERS:
            u = self.units.get(written[0] + written[2:])
        return u

    def pattern(self, *, arabic: bool) -> str:
        """Regex alternation of the unit forms usable after an Arabic (or a Chinese) numeral."""
        alts = []
        for form in sorted(self.units, key=lambda f: (-len(f), f)):
            u = self.units[form]
            if u.arabic and not arabic:
                continue
            if len(form) > 1 and form[0] in "个個":
                body = regex.escape(form[0]) + f"[{_GE_FILLERS}]?" + regex.escape(form[1:])
            else:
                body = regex.escape(form)
            if u.not_after:
                body += "(?!" + alternation(u.not_after) + ")"
            if u.only_before:
                body += "(?=" + alternation(u.only_before) + rf"|[^{HAN_SCRIPT}]|$)"
            alts.append(body)
        return "(?:" + "|".join(alts) + ")"


def clause_has(s: str, start: int, end: int, cues: tuple[str, ...]) -> bool:
    """True when the clause around ``s[start:end]`` holds one of ``cues`` (a unit's ``cue=``).

    >>> s = "光伏电站年发电量达100万度，最高气温达30度，发电"
    >>> clause_has(s, s.index("度"), s.index("度") + 1, ("发电", "用电"))
    True
    >>> clause_has(s, s.rindex("度"), s.rindex("度") + 1, ("发电", "用电"))
    False
    """
    lo = start
    while lo > 0 and start - lo < _CUE_REACH and s[lo - 1] not in _CLAUSE_ENDS:
        lo -= 1
    hi = end
    while hi < len(s) and hi - end < _CUE_REACH and s[hi] not in _CLAUSE_ENDS:
        hi += 1
    clause = s[lo:hi]
    return any(c in clause for c in cues)
