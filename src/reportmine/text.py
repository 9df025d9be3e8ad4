"""Offset-preserving text: the normalized form of an input and its map back to the input.

A :class:`Text` holds the ``original`` input, the ``normalized`` text that extractors
read, and an :class:`Alignment` that maps every normalized position and span back to
the original, across deleted, substituted and inserted characters. When
normalization changed no position (only same-length substitutions such as script
conversion or width folding), no map is built and positions map by identity.

An alignment is a sorted list of segments ``(n0, n1, o0, o1, linear)``: derived
(normalized) ``[n0, n1)`` came from source (original) ``[o0, o1)``. A *linear* segment
has both sides of the same length and character ``n0 + k`` came from ``o0 + k``; a
*block* segment's characters all came from the whole of ``[o0, o1)`` (a phrase that
changed length, or a run whose inner correspondence is unknown). An empty source
side (``o0 == o1``) marks inserted characters. Source characters covered by no
segment were deleted. Segments tile the derived text and never go backwards in the
source, so every map is monotone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right
from collections.abc import Callable, Iterable, Sequence
from typing import NamedTuple

from .chars import SpanIndex

__all__ = ["Alignment", "Repair", "Segment", "Text"]

#: ``(n0, n1, o0, o1, linear)``: derived ``[n0, n1)`` came from source ``[o0, o1)``.
Segment = tuple[int, int, int, int, bool]


class Repair(NamedTuple):
    """One change a normalization step made: ``original[start:end]`` became ``after``.

    ``step`` names the step (``pinyin``, ``linebreak``, ``width``, ``space``). Damaged
    (mojibake) ranges are reported with step ``mojibake`` and ``after == before``:
    they are reported, not changed. (A named tuple: documents can have thousands.)
    """

    step: str
    start: int
    end: int
    before: str
    after: str

    def to_dict(self) -> dict[str, object]:
        """JSON-ready form."""
        return {
            "step": self.step,
            "start": self.start,
            "end": self.end,
            "before": self.before,
            "after": self.after,
        }


class Alignment:
    """Monotone map from positions of a derived string to positions of its source string.

    Build one with :meth:`from_edits` (the usual way) or from segments: 4-tuples
    ``(n0, n1, o0, o1)`` are linear when both sides have the same length and blocks
    otherwise; 5-tuples say which explicitly. Adjacent linear segments that continue
    each other are merged. ``ValueError`` is raised when the segments do not tile the
    derived text, go backwards in the source or leave its bounds.
    """

    __slots__ = ("_lin", "_n0", "_n1", "_o0", "_o1", "source_len", "target_len")

    def __init__(
        self,
        segments: Iterable[tuple[int, int, int, int] | Segment],
        source_len: int,
        target_len: int,
    ) -> None:
        n0: list[int] = []
        n1: list[int] = []
        o0: list[int] = []
        o1: list[int] = []
        lin: list[bool] = []
        pos = 0
        src = 0
        for seg in segments:
            a, b, c, d = seg[0], seg[1], seg[2], seg[3]
            linear = (b - a == d - c) if len(seg) == 4 else bool(seg[4])
            if b == a:
                continue  # a pure deletion has nothing on the derived side
            if a != pos or b < a:
                raise ValueError(f"segments do not tile the derived text at {a} (expected {pos})")
            if c < src or d < c or d > source_len:
                raise ValueError(f"segment {a}:{b} -> {c}:{d} goes backwards or out of 0..{source_len}")
            if linear and b - a != d - c:
                raise ValueError(f"linear segment {a}:{b} -> {c}:{d} has sides of different length")
            if lin and linear and lin[-1] and o1[-1] == c:
                n1[-1] = b  # extend a linear run
                o1[-1] = d
            else:
                n0.append(a)
                n1.append(b)
                o0.append(c)
                o1.append(d)
                lin.append(linear)
            pos = b
            src = d
        if pos != target_len:
            raise ValueError(f"segments cover 0..{pos}, not the derived text 0..{target_len}")
        self._n0, self._n1, self._o0, self._o1, self._lin = n0, n1, o0, o1, lin
        self.source_len = source_len
        self.target_len = target_len

    @classmethod
    def from_edits(cls, source_len: int, edits: Iterable[tuple[int, int, str]]) -> Alignment:
        """Alignment of a source string with ``edits`` applied.

        ``edits`` are sorted, non-overlapping ``(start, end, replacement)`` on the
        source. A replacement of the same length maps character for character; any
        other replacement (deletion, insertion, phrase) is a block.
        """
        segs: list[Segment] = []
        n = 0
        pos = 0
        for s, e, rep in edits:
            if s < pos or e < s or e > source_len:
                raise ValueError(f"edits overlap or are out of range at {s}:{e}")
            if s > pos:
                segs.append((n, n + s - pos, pos, s, True))
                n += s - pos
            if rep:
                segs.append((n, n + len(rep), s, e, len(rep) == e - s))
                n += len(rep)
            pos = e
        if pos < source_len:
            segs.append((n, n + source_len - pos, pos, source_len, True))
            n += source_len - pos
        return cls(segs, source_len, n)

    # -- lookups -------------------------------------------------------------------------
    def _find(self, i: int) -> int:
        k = bisect_right(self._n0, i) - 1
        if k < 0 or i >= self._n1[k]:
            raise IndexError(f"position {i} outside the derived text 0..{self.target_len}")
        return k

    def char_span(self, i: int) -> tuple[int, int]:
        """The source interval that derived character ``i`` came from (empty if inserted)."""
        k = self._find(i)
        if self._lin[k]:
            o = self._o0[k] + i - self._n0[k]
            return o, o + 1
        return self._o0[k], self._o1[k]

    def to_source(self, i: int) -> int:
        """Source position of derived position ``i`` (``0 <= i <= target_len``)."""
        if i == self.target_len:
            return self.source_len
        if not 0 <= i < self.target_len:
            raise IndexError(f"position {i} outside 0..{self.target_len}")
        return self.char_span(i)[0]

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span of derived span ``[start, end)``.

        It runs from the source of the first character to the end of the source of
        the last, so it includes source characters deleted in between.
        """
        if not 0 <= start <= end <= self.target_len:
            raise IndexError(f"span {start}:{end} outside 0..{self.target_len}")
        if start == end:
            p = self.to_source(start)
            return p, p
        return self.char_span(start)[0], self.char_span(end - 1)[1]

    def from_source(self, o: int) -> int:
        """The first derived position whose source lies at or after source position ``o``."""
        if not 0 <= o <= self.source_len:
            raise IndexError(f"source position {o} outside 0..{self.source_len}")
        k = bisect_left(self._o1, o)  # segments before k lie wholly before o
        while k < len(self._o1):
            c, d = self._o0[k], self._o1[k]
            if c == d or d > o:
                break
            k += 1  # a segment ending exactly at o
        if k == len(self._o1):
            return self.target_len
        c = self._o0[k]
        if o <= c:
            return self._n0[k]
        if self._lin[k]:
            return self._n0[k] + (o - c)
        return self._n1[k]  # o inside a block: its characters start before o

    def span_from_source(self, start: int, end: int) -> tuple[int, int]:
        """The derived span of every character whose source overlaps ``[start, end)``.

        Empty (at :meth:`from_source` of ``start``) when all of it was deleted.
        """
        if not 0 <= start <= end <= self.source_len:
            raise IndexError(f"source span {start}:{end} outside 0..{self.source_len}")
        if start == end:
            p = self.from_source(start)
            return p, p
        # first segment whose source ends after start, last whose source starts before end
        k = bisect_right(self._o1, start)
        j = bisect_left(self._o0, end) - 1
        first = last = -1
        for m in range(k, j + 1):
            c, d = self._o0[m], self._o1[m]
            if d <= start or c >= end:
                continue  # an insertion at the edge
            if self._lin[m]:
                a = self._n0[m] + max(0, start - c)
                b = self._n0[m] + min(d, end) - c
            else:
                a, b = self._n0[m], self._n1[m]
            if first < 0:
                first = a
            last = b
        if first < 0:
            p = self.from_source(start)
            return p, p
        return first, last

    # -- composition -----------------------------------------------------------------------
    def compose(self, inner: Alignment) -> Alignment:
        """``self`` maps C→B and ``inner`` maps B→A: return the map C→A."""
        if inner.target_len != self.source_len:
            raise ValueError("alignments do not chain")
        pieces: list[Segment] = []
        for a, b, c, d, linear in self.segments():
            if linear:
                # a linear outer run: split it where the inner map changes segment
                pos = c
                while pos < d:
                    k = inner._find(pos)
                    stop = min(d, inner._n1[k])
                    ia, ic, id_ = inner._n0[k], inner._o0[k], inner._o1[k]
                    if inner._lin[k]:
                        pieces.append((a + pos - c, a + stop - c, ic + pos - ia, ic + stop - ia, True))
                    else:
                        pieces.append((a + pos - c, a + stop - c, ic, id_, False))
                    pos = stop
            else:
                s, e = inner.span_to_source(c, d)
                pieces.append((a, b, s, e, False))
        return Alignment(_merge_overlaps(pieces), inner.source_len, self.target_len)

    def segments(self) -> list[Segment]:
        """The segments ``(n0, n1, o0, o1, linear)``, in order."""
        return list(zip(self._n0, self._n1, self._o0, self._o1, self._lin, strict=True))

    def __len__(self) -> int:
        return len(self._n0)

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Alignment):
            return NotImplemented
        return (self.source_len, self.target_len, self.segments()) == (
            other.source_len,
            other.target_len,
            other.segments(),
        )

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"Alignment({len(self)} segments, {self.target_len} <- {self.source_len})"


def _merge_overlaps(pieces: list[Segment]) -> list[Segment]:
    """Merge consecutive pieces whose source intervals overlap into one block."""
    out: list[Segment] = []
    for p in pieces:
        if out:
            a, _, c, d, _ = out[-1]
            if p[2] < d:
                out[-1] = (a, p[1], min(c, p[2]), max(d, p[3]), False)
                continue
        out.append(p)
    return out


class Text:
    """An input text and its normalized form, with positions mapped between them.

    Attributes:
        original: the input exactly as given.
        normalized: the text extractors read (simplified script, repairs applied).
        script: ``"simplified"``, ``"traditional"``, ``"mixed"`` or ``"unknown"`` (no Han).
        repairs: what each repair step changed, in original offsets.
        damaged: mojibake ranges ``(start, end)`` in original offsets.

    ``repairs`` may be given as a function that lists them: it is called the first time
    :attr:`repairs` is read (issue 19: extraction never reads them, and a report has
    thousands — every paragraph indent is a ``width`` repair). The function must be
    picklable for the text to be (the normalizer's is).
    """

    __slots__ = (
        "_align",
        "_damaged_ix",
        "_damaged_norm",
        "_repairs",
        "_repairs_later",
        "damaged",
        "normalized",
        "original",
        "script",
    )

    def __init__(
        self,
        original: str,
        normalized: str | None = None,
        alignment: Alignment | None = None,
        *,
        script: str = "unknown",
        repairs: Sequence[Repair] | Callable[[], Iterable[Repair]] = (),
        damaged: Sequence[tuple[int, int]] = (),
    ) -> None:
        self.original = original
        self.normalized = original if normalized is None else normalized
        if alignment is None and len(self.normalized) != len(original):
            raise ValueError("a normalized text of another length needs an alignment")
        if alignment is not None and (
            alignment.source_len != len(original) or alignment.target_len != len(self.normalized)
        ):
            raise ValueError("alignment does not match the texts")
        self._align = alignment
        self.script = script
        self._repairs: tuple[Repair, ...] | None = None
        self._repairs_later: Callable[[], Iterable[Repair]] | None = None
        if callable(repairs):
            self._repairs_later = repairs
        else:
            self._repairs = tuple(repairs)
        self.damaged = tuple(sorted(damaged))
        for s, e in self.damaged:
            if not 0 <= s <= e <= len(original):
                raise ValueError(f"damaged range {s}:{e} outside the original text")
        self._damaged_norm = tuple(self.span_from_original(s, e) for s, e in self.damaged)
        self._damaged_ix = SpanIndex(self._damaged_norm)  # O(log n) is_damaged on hostile input

    @property
    def repairs(self) -> tuple[Repair, ...]:
        """What each repair step changed, in original offsets (listed on first use)."""
        if self._repairs is None:
            assert self._repairs_later is not None
            self._repairs = tuple(self._repairs_later())
            self._repairs_later = None
        return self._repairs

    @property
    def alignment(self) -> Alignment | None:
        """The position map, or ``None`` when positions map by identity."""
        return self._align

    @property
    def is_identity(self) -> bool:
        """True when every normalized position is the same original position."""
        return self._align is None

    def to_original(self, i: int) -> int:
        """Original position of normalized position ``i`` (``0 <= i <= len(normalized)``)."""
        if self._align is None:
            if not 0 <= i <= len(self.normalized):
                raise IndexError(f"position {i} outside 0..{len(self.normalized)}")
            return i
        return self._align.to_source(i)

    def span_to_original(self, start: int, end: int) -> tuple[int, int]:
        """Original span of the normalized span ``[start, end)``."""
        if self._align is None:
            if not 0 <= start <= end <= len(self.normalized):
                raise IndexError(f"span {start}:{end} outside 0..{len(self.normalized)}")
            return start, end
        return self._align.span_to_source(start, end)

    def span_from_original(self, start: int, end: int) -> tuple[int, int]:
        """The normalized span covering what is left of original ``[start, end)``."""
        if self._align is None:
            if not 0 <= start <= end <= len(self.original):
                raise IndexError(f"span {start}:{end} outside 0..{len(self.original)}")
            return start, end
        return self._align.span_from_source(start, end)

    def original_slice(self, start: int, end: int) -> tuple[int, int, str]:
        """``(ostart, oend, original[ostart:oend])`` for the normalized span ``[start, end)``."""
        s, e = self.span_to_original(start, end)
        return s, e, self.original[s:e]

    def is_damaged(self, start: int, end: int) -> bool:
        """True when the normalized span ``[start, end)`` touches a damaged (mojibake) range."""
        return self._damaged_ix.overlaps(start, end)

    @property
    def damaged_normalized(self) -> tuple[tuple[int, int], ...]:
        """Damaged ranges in normalized offsets."""
        return self._damaged_norm

    @property
    def damaged_chars(self) -> int:
        """How many original characters lie in damaged ranges."""
        return sum(e - s for s, e in self.damaged)

    def repairs_of(self, step: str) -> tuple[Repair, ...]:
        """The repairs one step made."""
        return tuple(r for r in self.repairs if r.step == step)

    def __len__(self) -> int:
        return len(self.normalized)

    def __str__(self) -> str:
        return self.normalized

    def __repr__(self) -> str:
        head = self.normalized[:20].replace("\n", "\\n")
        return f"Text({head!r}…, script={self.script!r}, {len(self.repairs)} repairs)"
