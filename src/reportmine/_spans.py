"""Span lookups in logarithmic time: does a span overlap, or lie inside, one of many spans?

Extraction asks these questions once per fact, against every damaged range, name,
date and caption of a document; a linear scan per question makes a document with many
facts and many spans quadratic. :class:`SpanIndex` answers both in ``O(log n)``.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Iterable

__all__ = ["SpanIndex"]


class SpanIndex:
    """An immutable set of ``(start, end)`` spans (any order, overlaps allowed).

    >>> ix = SpanIndex([(10, 20), (0, 5)])
    >>> ix.overlaps(4, 6), ix.overlaps(5, 10), ix.contains(11, 20), ix.contains(3, 6)
    (True, False, True, False)
    """

    __slots__ = ("_max_end", "_starts")

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        ordered = sorted(spans)
        self._starts = [s for s, _ in ordered]
        # the largest end among the spans sorted up to each one
        self._max_end: list[int] = []
        top = -(1 << 62)
        for _, e in ordered:
            top = max(top, e)
            self._max_end.append(top)

    def __len__(self) -> int:
        return len(self._starts)

    def overlaps(self, start: int, end: int) -> bool:
        """True when some span ``(s, e)`` has ``s < end`` and ``start < e``."""
        k = bisect_left(self._starts, end) - 1
        return k >= 0 and self._max_end[k] > start

    def contains(self, start: int, end: int) -> bool:
        """True when some span ``(s, e)`` has ``s <= start`` and ``end <= e``."""
        k = bisect_right(self._starts, start) - 1
        return k >= 0 and self._max_end[k] >= end
