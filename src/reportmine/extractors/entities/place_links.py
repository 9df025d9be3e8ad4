"""Tie each quantity fact to the place its sentence gives it (``place``, ``place_code``).

Rules, on the place facts of the same sentence:

1. the places written before the fact in its clause (up to the previous ，；：), else before
   it in the sentence, else after it in its clause (投入资金100万元，在岔口村修路 gives
   岔口村 only to the facts of its own clause);
2. of those, the most specific (village over town over county …); among equals, the
   nearest to the fact (交城县西营镇东营村38户 → 东营村); a place listed with others
   (岳家沟村、刘家沟村和西高楼村共建140亩) gives way to the sentence's place holding them all
   (五间房镇), or to none;
3. no place in the sentence: the document's dateline place (本报北京5月3日电 → 北京),
   flagged ``place_from_dateline``;
4. otherwise no place: a fact is never given a place the text does not give it; a place
   right before a verb of giving (山东省援建) is the giver, not where the fact is.

A place inside an organization's name is no place fact, so it gives no link either.
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Sequence
from typing import Any

import regex

from ...records import QUANTITY_KINDS, Fact, PlaceFact
from ..enrich import copy_with

__all__ = ["DATELINE_FLAG", "link_places", "place_links"]

DATELINE_FLAG = "place_from_dateline"
_RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4, "group": 5, "other": -1}
_CLAUSE = frozenset("，,；;：:\n")
_CLAUSE_MARK = regex.compile("[" + regex.escape("".join(sorted(_CLAUSE))) + "]")
# verbs of giving after a place that make it the giver (山东省援建, 上海对口支援)
_GIVING = ("援建", "援助", "捐赠", "捐助", "捐款", "对口帮扶", "对口支援", "出资", "援藏", "援疆")
_LIST_GAP = frozenset({"、", "和", "与", "及", "以及", "，", ","})
_LIST_GAP_LEN = max(map(len, _LIST_GAP))


def link_places(
    original: str,
    facts: Sequence[Fact],
    dateline: tuple[str, str | None] | None = None,
    dateline_end: int | None = None,
) -> list[Fact]:
    """``facts`` with ``place``/``place_code`` set on the quantity facts (see the module docstring).

    ``dateline`` is the document's dateline place and its code, if any; ``dateline_end``
    where the dateline's date ends (its place, written there, gives no sentence place).
    Each linked fact is a copy; :class:`~reportmine.pipeline.Pipeline` takes
    :func:`place_links` instead and sets them with its other fields, in one step.
    """
    links = place_links(original, facts, dateline, dateline_end)
    return [copy_with(f, links[i]) if i in links else f for i, f in enumerate(facts)]


def place_links(
    original: str,
    facts: Sequence[Fact],
    dateline: tuple[str, str | None] | None = None,
    dateline_end: int | None = None,
) -> dict[int, dict[str, Any]]:
    """``{index: fields}``: the ``place``, ``place_code`` (and the dateline flag) of each
    quantity fact of ``facts`` the rules link, by its index (arguments as :func:`link_places`;
    no fact is copied here: issue 14's speed, each fact built once with all its links)."""
    # the places each sentence can give (what depends on the place alone is asked once here,
    # not once per fact of its sentence): not a giver (山东省援建), not the dateline's own 北京
    by_sentence: dict[str, list[PlaceFact]] = {}
    for p in facts:
        if isinstance(p, PlaceFact) and not (_giver(original, p) or _in_dateline(p, dateline, dateline_end)):
            by_sentence.setdefault(p.sentence, []).append(p)
    out: dict[int, dict[str, Any]] = {}
    marks = _Marks(original) if by_sentence else None
    for i, f in enumerate(facts):
        if f.kind in QUANTITY_KINDS:
            changes = _linked(marks, f, by_sentence.get(f.sentence, []), dateline)
            if changes is not None:
                out[i] = changes
    return out


def _in_dateline(p: PlaceFact, dateline: tuple[str, str | None] | None, dateline_end: int | None) -> bool:
    """The dateline's own 北京 (本报北京5月3日电): written before the dateline's date ends."""
    if dateline is None or dateline_end is None:
        return False
    return p.value == dateline[0] and p.end <= dateline_end


class _Marks:
    """Where the clause marks (，；：, a line break) of a document stand: "no mark between a
    and b" by bisection, not by reading the characters between (a text without sentence
    ends is one long sentence of many facts and places: bench_adversarial's no_punctuation)."""

    __slots__ = ("_at", "text")

    def __init__(self, original: str) -> None:
        self.text = original
        self._at = [m.start() for m in _CLAUSE_MARK.finditer(original)]

    def clear(self, a: int, b: int) -> bool:
        """No clause mark in ``original[a:b]`` (as ``not _CLAUSE.intersection(original[a:b])``)."""
        return a >= b or bisect_left(self._at, a) == bisect_left(self._at, b)


def _linked(
    marks: _Marks | None, f: Fact, places: list[PlaceFact], dateline: tuple[str, str | None] | None
) -> dict[str, Any] | None:
    """The fields that give ``f`` the place of its sentence (``places``: those its sentence
    can give), else the dateline's; None for no place."""
    if places and marks is not None:  # (most facts' sentences name no place: nothing to choose from)
        reach = len(f.sentence)
        same = [p for p in places if abs(p.start - f.start) <= reach]
        best = _best(marks, f, same)
        if best is not None:
            return {"place": str(best.value), "place_code": best.code}
    if dateline is not None:
        return {"place": dateline[0], "place_code": dateline[1], "flags": (*f.flags, DATELINE_FLAG)}
    return None


def _giver(original: str, p: PlaceFact) -> bool:
    """山东省援建: a place right before a verb of giving is who gives, not where."""
    return original.startswith(_GIVING, p.end)


def _best(marks: _Marks, f: Fact, same: list[PlaceFact]) -> PlaceFact | None:
    """The most specific place of the clause before the fact, else of the sentence before, else after."""
    before = [p for p in same if p.end <= f.start]
    clause_before = [p for p in before if marks.clear(p.end, f.start)]
    after = [p for p in same if p.start >= f.end and marks.clear(f.end, p.start)]
    for group in (clause_before, before, after):
        if group:
            best = max(group, key=lambda p: (_RANK.get(p.level or "other", -1), -abs(p.start - f.start)))
            items = _list_of(marks, best, same)
            return best if len(items) == 1 else _enclosing(items, same)
    return None


def _list_of(marks: _Marks, place: PlaceFact, same: list[PlaceFact]) -> list[PlaceFact]:
    """The other places of ``place``'s level in its clause (岳家沟村、刘家沟村和西高楼村;
    依托寨子村传统铸造业、石侯村废铁交易市场…), with ``place``; or just ``place``."""
    ordered = sorted((p for p in same if p.level == place.level), key=lambda p: p.start)
    i = next(k for k, p in enumerate(ordered) if p is place)  # (by identity: no field-by-field ==)
    lo = hi = i
    while lo > 0 and _same_clause(marks, ordered[lo - 1], ordered[lo]):
        lo -= 1
    while hi + 1 < len(ordered) and _same_clause(marks, ordered[hi], ordered[hi + 1]):
        hi += 1
    items = ordered[lo : hi + 1]
    return items if len({p.value for p in items}) > 1 else [place]


def _same_clause(marks: _Marks, a: PlaceFact, b: PlaceFact) -> bool:
    """Two places of one list or clause: a list mark (、和与及，) or no clause mark between."""
    if b.start - a.end <= _LIST_GAP_LEN and marks.text[a.end : b.start] in _LIST_GAP:
        return True
    return marks.clear(a.end, b.start)


def _enclosing(items: list[PlaceFact], same: list[PlaceFact]) -> PlaceFact | None:
    """A fact over several listed places takes the place of the sentence holding them all
    (五间房镇…岳家沟村、刘家沟村和西高楼村 → 五间房镇), else none."""
    parents = {p.parent for p in items}
    if len(parents) == 1 and None not in parents:
        named = [p for p in same if p.value == next(iter(parents))]
        if named:
            return named[0]
    codes = [p.code for p in items]
    if None in codes:
        return None
    listed = {id(p) for p in items}  # (by identity: no field-by-field == per pair)
    holders = [
        p for p in same if p.code and id(p) not in listed and all(_code_inside(c, p.code) for c in codes if c)
    ]
    return max(holders, key=lambda p: _RANK.get(p.level or "other", -1)) if holders else None


def _code_inside(code: str, outer: str) -> bool:
    """``211381107206`` lies inside ``211381107000`` (the outer code's significant digits)."""
    digits = len(outer.rstrip("0"))
    digits = next(d for d in (2, 4, 6, 9, 12) if d >= digits)
    return code != outer and code[:digits] == outer[:digits]
