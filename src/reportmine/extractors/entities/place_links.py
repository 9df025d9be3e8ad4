"""Tie each quantity fact to the place its sentence gives it (``place``, ``place_code``).

Rules, on the place facts of the same sentence:

1. the places written before the fact in its clause (up to the previous ，；：), else before
   it in the sentence, else after it in its clause (投入资金100万元，在岔口村修路 gives
   岔口村 only to the facts of its own clause);
2. of those, the most specific (village over town over county …); among equals, the
   nearest to the fact (交城县西营镇东营村38户 → 东营村);
3. no place in the sentence: the document's dateline place (本报北京5月3日电 → 北京),
   flagged ``place_from_dateline``;
4. otherwise no place: a fact is never given a place the text does not give it.

A place inside an organization's name is no place fact, so it gives no link either.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence

from ...records import QUANTITY_KINDS, Fact, PlaceFact

__all__ = ["DATELINE_FLAG", "link_places"]

DATELINE_FLAG = "place_from_dateline"
_RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4, "group": 5, "other": -1}
_CLAUSE = frozenset("，,；;：:\n")


def link_places(
    original: str,
    facts: Sequence[Fact],
    dateline: tuple[str, str | None] | None = None,
    dateline_end: int | None = None,
) -> list[Fact]:
    """``facts`` with ``place``/``place_code`` set on the quantity facts (see the module docstring).

    ``dateline`` is the document's dateline place and its code, if any; ``dateline_end``
    where the dateline's date ends (its place, written there, gives no sentence place).
    """
    places = [f for f in facts if isinstance(f, PlaceFact)]
    out: list[Fact] = []
    for f in facts:
        if f.kind in QUANTITY_KINDS:
            f = _linked(original, f, places, dateline, dateline_end)
        out.append(f)
    return out


def _linked(
    original: str,
    f: Fact,
    places: list[PlaceFact],
    dateline: tuple[str, str | None] | None,
    dateline_end: int | None,
) -> Fact:
    same = [p for p in places if p.sentence == f.sentence and abs(p.start - f.start) <= len(f.sentence)]
    if dateline is not None and dateline_end is not None:  # the dateline's own 北京 (本报北京5月3日电)
        same = [p for p in same if not (p.value == dateline[0] and p.end <= dateline_end)]
    best = _best(original, f, same)
    if best is not None:
        return dataclasses.replace(f, place=best.value, place_code=best.code)
    if dateline is not None:
        return dataclasses.replace(f, place=dateline[0], place_code=dateline[1], flags=(*f.flags, DATELINE_FLAG))
    return f


def _best(original: str, f: Fact, same: list[PlaceFact]) -> PlaceFact | None:
    """The most specific place of the clause before the fact, else of the sentence before, else after."""
    before = [p for p in same if p.end <= f.start]
    clause_before = [p for p in before if not _CLAUSE.intersection(original[p.end : f.start])]
    after = [p for p in same if p.start >= f.end and not _CLAUSE.intersection(original[f.end : p.start])]
    for group in (clause_before, before, after):
        if group:
            return max(group, key=lambda p: (_RANK.get(p.level, -1), -abs(p.start - f.start)))
    return None
