"""Units and measure words, compiled from the ``units`` and ``measure_words`` lexicon tables.

A :class:`UnitTable` knows every written form (simplified and traditional), what kind of
fact it makes, its canonical unit and factor, and builds the regular-expression
alternation the quantity extractor matches after a number (longest form first, with the
``not=`` / ``then=`` conditions of each row as look-aheads).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

import regex

from ...chars import HAN_SCRIPT, alternation, is_han
from ...lexicon import Lexicon, Row

__all__ = ["UNIT_KINDS", "Unit", "UnitTable"]

UNIT_KINDS = frozenset({"area", "length", "weight", "volume", "money", "percent", "duration"})
_GE_FILLERS = "多半"  # 4个多月, 一个半小时


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


def _options(row: Row, field: str, allowed: frozenset[str]) -> dict[str, tuple[str, ...]]:
    out: dict[str, tuple[str, ...]] = {}
    if field in ("", "-"):
        return out
    for opt in field.split(","):
        key, _, val = opt.partition("=")
        if key not in allowed:
            raise row.error(f"unknown option {key!r} (known: {', '.join(sorted(allowed))})")
        if key in ("not", "then"):
            words = tuple(w for w in val.split("|") if w)
            if not words:
                raise row.error(f"option {key}= needs words separated by |")
            out[key] = words
        elif val:
            raise row.error(f"option {key!r} takes no value")
        else:
            out[key] = ()
    return out


def _forms(row: Row, form: str, trad: str) -> list[str]:
    forms = [form]
    if trad != "-":
        forms += [t for t in trad.split(",") if t]
    for f in forms:
        if regex.search(r"\s|[#|=,]", f):
            raise row.error(f"bad form {f!r}")
    return forms


class UnitTable:
    """Every unit form of a lexicon, with the regex alternations that match them."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.units: dict[str, Unit] = {}
        for row in lexicon.rows("units"):
            if len(row) not in (5, 6):
                raise row.error(
                    "expected 5 or 6 fields (form kind canonical factor traditional [options]), "
                    f"got {len(row)}"
                )
            form, kind, canonical, factor_s, trad = row.fields[:5]
            if kind not in UNIT_KINDS:
                raise row.error(f"unknown kind {kind!r} (one of {', '.join(sorted(UNIT_KINDS))})")
            try:
                factor = Decimal(factor_s)
            except InvalidOperation:
                raise row.error(f"factor {factor_s!r} is not a number") from None
            if not factor.is_finite() or factor <= 0:
                raise row.error(f"factor {factor_s!r} must be a positive number")
            field = row.fields[5] if len(row) == 6 else "-"
            opts = _options(row, field, frozenset({"arabic", "not", "then"}))
            for f in _forms(row, form, trad):
                self._add(row, Unit(f, kind, canonical, factor, "arabic" in opts, False,
                                    opts.get("not", ()), opts.get("then", ())))
        for row in lexicon.rows("measure_words"):
            if len(row) not in (3, 4):
                raise row.error(
                    f"expected 3 or 4 fields (form canonical traditional [options]), got {len(row)}"
                )
            form, canonical, trad = row.fields[:3]
            opts = _options(row, row.fields[3] if len(row) == 4 else "-",
                            frozenset({"arabic", "noun", "not", "then"}))
            for f in _forms(row, form, trad):
                unit = Unit(f, "count", canonical, Decimal(1), "arabic" in opts, "noun" in opts,
                            opts.get("not", ()), opts.get("then", ()))
                self._add(row, unit)

        self._maxlen = max(map(len, self.units), default=0)
        # the lengths of the forms starting with each character, longest first
        lengths: dict[str, set[int]] = {}
        for f in self.units:
            lengths.setdefault(f[0], set()).add(len(f))
        self._lengths = {c: tuple(sorted(ks, reverse=True)) for c, ks in lengths.items()}

    def _add(self, row: Row, unit: Unit) -> None:
        old = self.units.get(unit.form)
        if old is not None and old != unit:
            raise row.error(f"unit {unit.form!r} is defined twice with different meanings")
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
        if c not in self._lengths:
            return None  # no form starts with this character
        return self._longest(s, pos, arabic)

    def _longest(self, s: str, pos: int, arabic: bool, prefix: str = "") -> tuple[Unit, int] | None:
        n = len(s)
        if prefix:
            ks: Iterable[int] = range(min(self._maxlen, n - pos), 0, -1)
        else:  # only the lengths of the forms starting with this character
            ks = self._lengths.get(s[pos : pos + 1], ())
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
