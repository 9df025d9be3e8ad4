"""What the pipeline adds to every fact once extraction is done, so facts compare and join.

Rules, each a named step of :meth:`Enricher.enrich`:

- comparable values: a quantity in a unit of ``base_units.txt`` gets ``value_base`` and
  ``base_unit`` (3亩 → 2000 平方米; 2吨 → 2000 公斤; money stays in its own currency,
  100万元 → 1000000 元); a money fact gets ``currency`` from ``currencies.txt``
  (5亿美元 → USD);
- subject keys: ``subject_key`` is the key of the longest ``subject_keys.txt`` row the
  subject ends with (全县建档立卡贫困户 → 贫困户), else the subject itself;
- sentences: ``sentence_id`` numbers the document's sentences that hold facts, in text
  order, and ``sentence_start``/``sentence_end`` give the sentence's ORIGINAL span;
- changes: two facts of one kind in one sentence written as 由A降至B / 从A增加到B share a
  ``group`` id (numbered in the document) with ``group_role`` ``from`` and ``to``
  (贫困发生率由26.3%降至0.5% → 26.3 from, 0.5 to).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from fractions import Fraction
from typing import Any

import regex

from ..lexicon import Lexicon
from ..lexicon.tables import BASE_UNITS, CURRENCIES, SUBJECT_KEYS
from ..records import Fact, MoneyFact, field_slots, field_writers
from .base import Context

__all__ = ["Enricher", "base_value", "copy_with"]

#: before A: 由 / 从 right before the first value (a few characters of a noun allowed: 从每亩)
_FROM = regex.compile(r"(?:由|从)[^，。；,;！？]{0,3}$")
#: between A and B: an optional verb of change, then 至 / 到 / 为 (降至, 增加到, 提高到, 减少为)
_TO = regex.compile(
    r"(?:[^，。；,;！？\d]{0,4}?(?:降|增|减|升|提高|提升|扩大|缩小|缩短|延长|下降|上升|增长|增加|减少|变)"
    r"[^，。；,;！？\d]{0,2}?(?:至|到|为|成)|至|到)$"
)


def copy_with(f: Fact, changes: dict[str, Any]) -> Fact:
    """A copy of ``f`` with ``changes``: ``dataclasses.replace`` without running the checks
    of ``__init__`` again (the fact passed them; the fields set here are not checked).

    >>> import dataclasses
    >>> from reportmine.records import PlaceFact
    >>> p = PlaceFact("岔口村", 3, 6, "岔口村", level="village")
    >>> q = copy_with(p, {"code": "141122104203"})
    >>> q == dataclasses.replace(p, code="141122104203"), p.code
    (True, None)
    """
    new = object.__new__(type(f))
    for name, get, put in field_slots(type(f)):
        put(new, changes[name] if name in changes else get(f))
    return new


def _fill(f: Fact, changes: dict[str, Any]) -> Fact:
    """``f`` with ``changes`` set (issue 19: no per-fact copy). A fact is enriched once, right
    after the extractors built it for this document and before anyone else sees it, so its
    fields are set in place; a fact enriched already (``sentence_id`` set: one an extractor
    kept and handed out again) is copied instead, never written over."""
    if f.sentence_id is not None:
        return copy_with(f, changes)
    put = field_writers(type(f))
    for name, value in changes.items():
        put[name](f, value)  # (frozen for the reader; built here)
    return f


def base_value(value: int | float, ratio: Fraction) -> int | float:
    """``value × ratio``, an int when exact and whole: ``base_value(3, Fraction(2000, 3)) == 2000``.

    >>> base_value(3, Fraction(2000, 3)), base_value(1.5, Fraction(1000)), base_value(1, Fraction(1, 24))
    (2000, 1500, 0.041666666666666664)
    """
    if isinstance(value, int):  # (most values: whole numbers in integer arithmetic)
        n, d = value * ratio.numerator, ratio.denominator
        return n // d if n % d == 0 else float(Fraction(n, d))
    exact = Fraction(value) * ratio
    if exact.denominator == 1:
        return int(exact)
    return float(exact)


class Enricher:
    """Adds comparable values, subject keys, sentence links and change groups to facts."""

    def __init__(self, lexicon: Lexicon) -> None:
        self._base = {(r.kind, r.unit): (r.base, r.ratio) for r in lexicon.table(BASE_UNITS)}
        self._currency = {r.unit: r.currency for r in lexicon.table(CURRENCIES)}
        keys = {r.subject: r.key for r in lexicon.table(SUBJECT_KEYS)}
        self._keys = dict(sorted(keys.items(), key=lambda kv: -len(kv[0])))
        self._key_of: dict[str, str] = {}  # subjects seen, with their keys
        # the kinds _comparable can give a field to (a base unit's, or money's currency)
        self._comparable_kinds = frozenset({*(kind for kind, _ in self._base), MoneyFact.kind})

    def enrich(
        self, facts: Sequence[Fact], ctx: Context, links: Mapping[int, Mapping[str, Any]] | None = None
    ) -> list[Fact]:
        """The facts (in order) with every field of this module's rules set, and the fields
        ``links`` gives a fact by its index (the pipeline's actor and place links: issue 14,
        set here with the rest, so a fact is filled or copied once, not once per link)."""
        t = ctx.text
        norm = [t.span_from_original(f.start, f.end) for f in facts]
        spans = self._sentence_spans(facts, norm, ctx)
        ids = {s: i for i, s in enumerate(sorted(set(spans)))}
        roles = self._changes(facts, norm, spans, ctx.s)
        comparable = self._comparable_kinds
        key = self.subject_key
        out = []
        for i, f in enumerate(facts):
            a, b = span = spans[i]
            changes: dict[str, Any] = (
                self._comparable(f) if f.kind in comparable else {}  # (not a place, person …)
            )
            changes["subject_key"] = key(f.subject) if f.subject else f.subject
            changes["sentence_id"] = ids[span]
            changes["sentence_start"] = a
            changes["sentence_end"] = b
            if i in roles:
                changes["group"], changes["group_role"] = roles[i]
            if links and i in links:
                changes.update(links[i])
            out.append(_fill(f, changes))
        return out

    def _comparable(self, f: Fact) -> dict[str, Any]:
        """``value_base``/``base_unit`` (3亩 → 2000 平方米) and a money fact's ``currency``."""
        out: dict[str, Any] = {}
        if isinstance(f, MoneyFact) and f.unit is not None:
            out["currency"] = self._currency.get(f.unit)
        base = self._base.get((f.kind, f.unit or ""))
        v = f.value
        if base is not None and isinstance(v, (int, float)) and not isinstance(v, bool):
            try:
                out["value_base"] = base_value(v, base[1])
                out["base_unit"] = base[0]
            except (OverflowError, ValueError):  # an infinite or NaN value has no base value
                pass
        return out

    def subject_key(self, subject: str | None) -> str | None:
        """The key of ``subject``: the longest row it ends with (全县建档立卡贫困户 → 贫困户)."""
        if not subject:
            return subject
        known = self._key_of.get(subject)
        if known is not None:
            return known
        found = next((key for word, key in self._keys.items() if subject.endswith(word)), subject)
        if len(self._key_of) < 100_000:  # (bounded: subjects are free text)
            self._key_of[subject] = found
        return found

    @staticmethod
    def _sentence_spans(
        facts: Sequence[Fact], norm: Sequence[tuple[int, int]], ctx: Context
    ) -> list[tuple[int, int]]:
        """The ORIGINAL span of the sentence holding each fact (at normalized ``norm``):
        the sentence's own, widened to the fact where the fact runs past it; each sentence
        mapped to the original once (facts share sentences)."""
        t = ctx.text
        original: dict[tuple[int, int], tuple[int, int]] = {}
        out = []
        last = (0, 0)  # the sentence of the fact before: facts come in text order, many to one
        for f, (start, _) in zip(facts, norm, strict=True):
            # (sentences never overlap: a position inside the last one is in that one)
            a, b = sent = last if last[0] <= start < last[1] else ctx.sentence_span(start)
            last = sent
            if b <= a:
                out.append((f.start, f.end))
                continue
            got = original.get(sent)
            if got is None:
                got = original[sent] = t.span_to_original(a, b)
            sa, sb = got
            out.append((sa if sa < f.start else f.start, sb if sb > f.end else f.end))
        return out

    @staticmethod
    def _changes(
        facts: Sequence[Fact], norm: Sequence[tuple[int, int]], spans: Sequence[tuple[int, int]], s: str
    ) -> dict[int, tuple[int, str]]:
        """``{index: (group, role)}`` of the pairs 由A降至B: same kind, same sentence, A
        after 由/从, B right after a verb of change and 至/到 (由26.3%降至0.5%). Read in
        the normalized text ``s``, so 從A增加到B in traditional script is read the same."""
        out: dict[int, tuple[int, str]] = {}
        group = 0
        for i in range(len(facts) - 1):
            a, b = facts[i], facts[i + 1]
            (na, ne), (nb, _) = norm[i], norm[i + 1]
            if i in out or a.kind != b.kind or spans[i] != spans[i + 1] or nb < ne:
                continue
            if _FROM.search(s[max(0, na - 5) : na]) and _TO.search(s[ne:nb]):
                out[i], out[i + 1] = (group, "from"), (group, "to")
                group += 1
        return out
