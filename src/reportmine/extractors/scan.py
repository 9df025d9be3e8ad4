"""Faster searching with an expensive pattern: try it only where a cheap pattern says it may match.

The extractors' main patterns use the ``regex`` module (variable-width look-behinds,
``\\p{Han}``), whose search loop is slow: every position of a document is tried against
every alternative. Matches are rare and can only start at a few characters (digits,
Chinese numerals), so :class:`Prefiltered` finds candidate positions with a small
standard-library pattern (whose search loop skips everything else in C) and runs the
expensive pattern only there, with ``match``. The results are the same as ``search``,
provided the candidate pattern matches at every position where the expensive one can
match (a necessary condition; it may match elsewhere too).
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

import regex

__all__ = ["Prefiltered", "digit_class"]


class Prefiltered:
    """``pattern.search`` restricted to the positions where ``candidates`` matches.

    ``candidates`` must match (possibly with an empty match) at every position where
    ``pattern`` can start a match, and ``pattern`` must never match the empty string;
    then :meth:`search` and :meth:`finditer` return what ``pattern``'s own do.
    Look-behinds see the text before ``pos`` in both modules, so a search from ``pos``
    and a match at ``pos`` agree.
    """

    __slots__ = ("_candidates", "_pattern")

    def __init__(self, pattern: regex.Pattern[str], candidates: re.Pattern[str]) -> None:
        self._pattern = pattern
        self._candidates = candidates

    def search(self, s: str, pos: int = 0) -> regex.Match[str] | None:
        """The leftmost match of the pattern in ``s`` starting at or after ``pos``."""
        next_candidate = self._candidates.search
        match = self._pattern.match
        while (c := next_candidate(s, pos)) is not None:
            p = c.start()
            m = match(s, p)
            if m is not None:
                return m
            pos = p + 1
        return None

    def finditer(self, s: str) -> Iterator[regex.Match[str]]:
        """Every non-overlapping match in ``s``, left to right (as ``pattern.finditer``)."""
        pos = 0
        while (m := self.search(s, pos)) is not None:
            yield m
            pos = m.end()


@lru_cache(maxsize=1)
def digit_class() -> str:
    """The inside of a standard-library character class that holds every character the
    ``regex`` module's ``\\d`` matches.

    The digits of the Basic Multilingual Plane are listed as ranges (one lookup in a
    bitmap per character, where ``\\d`` would consult the Unicode tables), and every
    character beyond it is taken in: the ``regex`` module may know digits newer than the
    standard library's tables, and all of those lie there (``tests/test_scan.py`` checks).
    """
    codes = [c for c in range(0x10000) if chr(c).isdecimal()]
    parts: list[str] = []
    k = 0
    while k < len(codes):
        j = k
        while j + 1 < len(codes) and codes[j + 1] == codes[j] + 1:
            j += 1
        lo, hi = re.escape(chr(codes[k])), re.escape(chr(codes[j]))
        parts.append(lo if j == k else f"{lo}-{hi}")
        k = j + 1
    return "".join(parts) + "\U00010000-\U0010ffff"
