"""Sentence boundaries on normalized text (cheap: one regex pass, no segmentation).

:func:`sentence_bounds` lists every sentence of a text; :class:`SentenceIndex` answers
"which sentence holds position ``i``" for a few positions without trimming all of them
(extraction asks it once per fact, so only the sentences that hold a fact are trimmed).
Both give the same sentences.

A sentence is at most :data:`MAX_SENTENCE` characters: a longer run without sentence
punctuation (a dump without punctuation or line breaks) is cut after its last clause
mark or space in each window, or at the limit. Every fact carries its sentence, so an
unbounded sentence would make output quadratic in the size of such a document.
"""

from __future__ import annotations

import re
from bisect import bisect_right

__all__ = ["SentenceIndex", "sentence_bounds"]

# a sentence ends after 。！？!? ； (with closing quotes/brackets) or at a line break:
# [。！？!?；;…]+[”’」』)）]*|\n+ written with one leading class, which the search skips to fast
_END = re.compile(r"[。！？!?；;…\n](?:(?<=\n)\n*|(?<!\n)[。！？!?；;…]*[”’」』)）]*)")
MAX_SENTENCE = 1000  # no sentence of the People's Daily archives or the seeds is longer than 720
_CLAUSE_CUT = "，,、：: \t\u3000"


_UNSEEN = (-1, -1)  # a piece not trimmed yet (no real sentence has this span)


def sentence_bounds(s: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``s``, leading/trailing whitespace excluded."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _END.finditer(s):
        end = m.end() if m.group()[0] != "\n" else m.start()
        _add(s, pos, end, out)
        pos = m.end()
    _add(s, pos, len(s), out)
    return out


def _add(s: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    a, b = _trim(s, a, b)
    if b - a > MAX_SENTENCE:
        out.extend(_cut(s, a, b))
    elif b > a:
        out.append((a, b))


def _cut(s: str, a: int, b: int) -> list[tuple[int, int]]:
    """A trimmed sentence ``[a, b)`` longer than :data:`MAX_SENTENCE`, cut into pieces."""
    out: list[tuple[int, int]] = []
    while b - a > MAX_SENTENCE:
        stop = a + MAX_SENTENCE
        cut = max(s.rfind(c, a + MAX_SENTENCE // 2, stop) for c in _CLAUSE_CUT) + 1
        piece = _trim(s, a, cut if cut > a else stop)
        if piece[1] > piece[0]:
            out.append(piece)
        a = _trim(s, piece[1], b)[0]
    if b > a:
        out.append((a, b))
    return out


def _trim(s: str, a: int, b: int) -> tuple[int, int]:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    return a, b


class SentenceIndex:
    """The sentence holding a position of ``s``, found by bisection over the raw pieces.

    ``s`` is cut once into raw pieces (what lies between two sentence ends); a piece is
    trimmed only when a position inside it is asked for. :meth:`span` agrees with a
    bisection over :func:`sentence_bounds`: the last sentence starting at or before ``i``.
    """

    __slots__ = ("_before", "_cuts", "_pieces", "_s", "_starts")

    def __init__(self, s: str) -> None:
        self._s = s
        # piece k runs from _starts[k] to _starts[k + 1] (or the end). A piece cut at a line
        # break holds the break, which trimming drops again.
        self._starts = [0, *map(re.Match.end, _END.finditer(s))]
        self._pieces: dict[int, tuple[int, int] | None] = {}  # piece -> its sentence (None: blank)
        self._before: dict[int, tuple[int, int] | None] = {}  # piece -> last sentence before it
        self._cuts: dict[tuple[int, int], tuple[list[int], list[tuple[int, int]]]] = {}  # too long

    def span(self, i: int) -> tuple[int, int]:
        """``(start, end)`` of the sentence holding position ``i``; ``(i, i)`` before the first."""
        k = bisect_right(self._starts, i) - 1
        if k < 0:
            return (i, i)
        sent = self._pieces.get(k, _UNSEEN)
        if sent is _UNSEEN:
            sent = self._trimmed(k)
        if sent is None or sent[0] > i:  # i in blank space: the last sentence before it
            sent = self._last_before(k)
        if sent is not None and sent[1] - sent[0] > MAX_SENTENCE:
            if sent not in self._cuts:
                cuts = _cut(self._s, *sent)
                self._cuts[sent] = ([c[0] for c in cuts], cuts)
            starts, cuts = self._cuts[sent]
            sent = cuts[max(0, bisect_right(starts, i) - 1)]
        return sent if sent is not None else (i, i)

    def _piece(self, k: int) -> tuple[int, int] | None:
        """Piece ``k``'s sentence (``None``: blank), trimmed on first use."""
        sent = self._pieces.get(k, _UNSEEN)
        return self._trimmed(k) if sent is _UNSEEN else sent

    def _trimmed(self, k: int) -> tuple[int, int] | None:
        """Piece ``k`` trimmed and remembered (issue 19: no KeyError raised per new piece)."""
        starts = self._starts
        a, b = _trim(self._s, starts[k], starts[k + 1] if k + 1 < len(starts) else len(self._s))
        sent = (a, b) if b > a else None
        self._pieces[k] = sent
        return sent

    def _last_before(self, k: int) -> tuple[int, int] | None:
        # walk back over blank pieces; every piece walked remembers the answer, so a long
        # blank run is walked once however many positions are asked for
        walked = []
        j = k
        while True:
            if j in self._before:
                found = self._before[j]
                break
            if j == 0:
                found = None
                break
            found = self._piece(j - 1)
            if found is not None:
                break
            walked.append(j)
            j -= 1
        self._before[j] = found
        for w in walked:
            self._before[w] = found
        return found
