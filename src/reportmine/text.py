"""Offset-preserving text: the normalized form of an input and its map back to the input.

A :class:`Text` holds the ``original`` input, the ``normalized`` text that extractors
read, and an :class:`Alignment` that maps every normalized position and span back to
the original, across deleted, substituted and inserted characters. When
normalization changed nothing, no map is built and positions map by identity.

The alignment is a sorted list of segments ``(n0, n1, o0, o1)``: normalized
``[n0, n1)`` came from original ``[o0, o1)``. A segment is *linear* when both sides
have the same length (character ``n0 + k`` came from ``o0 + k``); otherwise it is a
*block* (every character in it came from the whole of ``[o0, o1)``). Original
characters covered by no segment were deleted.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

__all__ = ["Alignment", "Repair", "Text"]


@dataclass(frozen=True, slots=True)
class Repair:
    """One change a normalization step made: ``original[start:end]`` became ``after``.

    ``step`` names the step (``pinyin``, ``linebreak``, ``width``, ``space``); damaged
    (mojibake) ranges are reported with step ``mojibake`` and ``after == before``,
    since they are reported, not changed.
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
    """Map from positions of a derived string to positions of its source string."""

    __slots__ = ("_n0", "_n1", "_o0", "_o1", "source_len", "target_len")

    def __init__(self, segments: Iterable[tuple[int, int, int, int]], source_len: int, target_len: int):
        n0: list[int] = []
        n1: list[int] = []
        o0: list[int] = []
        o1: list[int] = []
        for a, b, c, d in segments:
            if b <= a:
                continue  # pure deletion: nothing in the target
            if n1 and n1[-1] == a and (b - a) == (d - c) and (n1[-1] - n0[-1]) == (o1[-1] - o0[-1]) \
                    and o1[-1] == c:
                n1[-1] = b  # extend a linear run
                o1[-1] = d
                continue
            n0.append(a)
            n1.append(b)
            o0.append(c)
            o1.append(d)
        self._n0, self._n1, self._o0, self._o1 = n0, n1, o0, o1
        self.source_len = source_len
        self.target_len = target_len
        if n1 and n1[-1] != target_len:
            raise ValueError("alignment does not cover the target text")

    @classmethod
    def from_edits(cls, source_len: int, edits: Sequence[tuple[int, int, str]]) -> Alignment:
        """Alignment of ``source`` with ``edits`` applied.

        ``edits`` are sorted, non-overlapping ``(start, end, replacement)`` on the source.
        """
        segs: list[tuple[int, int, int, int]] = []
        n = 0
        pos = 0
        for s, e, rep in edits:
            if s < pos or e < s or e > source_len:
                raise ValueError(f"edits overlap or are out of range at {s}:{e}")
            if s > pos:
                segs.append((n, n + s - pos, pos, s))
                n += s - pos
            if rep:
                segs.append((n, n + len(rep), s, e))
                n += len(rep)
            pos = e
        if pos < source_len:
            segs.append((n, n + source_len - pos, pos, source_len))
            n += source_len - pos
        return cls(segs, source_len, n)

    def _find(self, i: int) -> int:
        k = bisect_right(self._n0, i) - 1
        if k < 0 or i >= self._n1[k]:
            raise IndexError(f"position {i} outside the aligned text (length {self.target_len})")
        return k

    def char_span(self, i: int) -> tuple[int, int]:
        """The source interval that target character ``i`` came from."""
        k = self._find(i)
        a, b, c, d = self._n0[k], self._n1[k], self._o0[k], self._o1[k]
        if b - a == d - c:
            return c + i - a, c + i - a + 1
        return c, d

    def to_source(self, i: int) -> int:
        """Source position of target position ``i`` (``0 <= i <= target_len``)."""
        if i == self.target_len:
            return self.source_len
        if not 0 <= i < self.target_len:
            raise IndexError(f"position {i} outside 0..{self.target_len}")
        return self.char_span(i)[0]

    def span_to_source(self, start: int, end: int) -> tuple[int, int]:
        """Source span of target span ``[start, end)``; it includes source characters
        deleted between the span's first and last characters."""
        if not 0 <= start <= end <= self.target_len:
            raise IndexError(f"span {start}:{end} outside 0..{self.target_len}")
        if start == end:
            p = self.to_source(start)
            return p, p
        return self.char_span(start)[0], self.char_span(end - 1)[1]

    def from_source(self, o: int) -> int:
        """The first target position whose source position is at or after ``o``."""
        k = bisect_right(self._o0, o) - 1
        if k < 0:
            return 0
        a, b, c, d = self._n0[k], self._n1[k], self._o0[k], self._o1[k]
        if o >= d:
            return b
        if b - a == d - c:
            return a + (o - c)
        return a if o == c else b

    def compose(self, inner: Alignment) -> Alignment:
        """``self`` maps C→B and ``inner`` maps B→A: return the map C→A."""
        if inner.target_len != self.source_len:
            raise ValueError("alignments do not chain")
        segs: list[tuple[int, int, int, int]] = []
        for a, b, c, d in self.segments():
            if b - a == d - c and d > c:
                # linear outer run: split it where the inner map changes segment
                pos = c
                while pos < d:
                    k = inner._find(pos)
                    seg_end = min(d, inner._n1[k])
                    ia, ib, ic, id_ = inner._n0[k], inner._n1[k], inner._o0[k], inner._o1[k]
                    if ib - ia == id_ - ic:
                        segs.append((a + pos - c, a + seg_end - c, ic + pos - ia, ic + seg_end - ia))
                    else:
                        segs.append((a + pos - c, a + seg_end - c, ic, id_))
                    pos = seg_end
            else:
                s, e = inner.span_to_source(c, d) if d > c else (inner.to_source(c),) * 2
                segs.append((a, b, s, e))
        return Alignment(_merge_blocks(segs), inner.source_len, self.target_len)

    def segments(self) -> list[tuple[int, int, int, int]]:
        """The segments ``(n0, n1, o0, o1)``, in order."""
        return list(zip(self._n0, self._n1, self._o0, self._o1))

    def __len__(self) -> int:
        return len(self._n0)

    def __repr__(self) -> str:
        return f"Alignment({len(self)} segments, {self.target_len} <- {self.source_len})"


def _merge_blocks(segs: list[tuple[int, int, int, int]]) -> list[tuple[int, int, int, int]]:
    """Merge consecutive segments whose source intervals overlap, keeping the map monotone."""
    out: list[tuple[int, int, int, int]] = []
    for seg in segs:
        if out and seg[2] < out[-1][3]:
            a, _, c, _ = out[-1]
            out[-1] = (a, seg[1], min(c, seg[2]), max(out[-1][3], seg[3]))
        else:
            out.append(seg)
    return out


class Text:
    """An input text and its normalized form, with positions mapped between them.

    Attributes:
        original: the input exactly as given.
        normalized: the text extractors read (simplified script, repairs applied).
        script: ``"simplified"``, ``"traditional"``, ``"mixed"`` or ``"unknown"`` (no Han).
        repairs: what each repair step changed, in original offsets.
        damaged: mojibake ranges ``(start, end)`` in original offsets.
    """

    __slots__ = ("_align", "_damaged_norm", "damaged", "normalized", "original", "repairs", "script")

    def __init__(
        self,
        original: str,
        normalized: str | None = None,
        alignment: Alignment | None = None,
        *,
        script: str = "unknown",
        repairs: Sequence[Repair] = (),
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
        self.repairs = tuple(repairs)
        self.damaged = tuple(sorted(damaged))
        self._damaged_norm = tuple(self.span_from_original(s, e) for s, e in self.damaged)

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
        """The normalized span that covers what is left of original ``[start, end)``."""
        if self._align is None:
            return start, end
        return self._align.from_source(start), self._align.from_source(end)

    def original_slice(self, start: int, end: int) -> tuple[int, int, str]:
        """``(ostart, oend, original[ostart:oend])`` for the normalized span ``[start, end)``."""
        s, e = self.span_to_original(start, end)
        return s, e, self.original[s:e]

    def is_damaged(self, start: int, end: int) -> bool:
        """True when the normalized span ``[start, end)`` touches a damaged (mojibake) range."""
        return any(s < end and start < e for s, e in self._damaged_norm)

    @property
    def damaged_normalized(self) -> tuple[tuple[int, int], ...]:
        """Damaged ranges in normalized offsets."""
        return self._damaged_norm

    @property
    def damaged_chars(self) -> int:
        """How many original characters lie in damaged ranges."""
        return sum(e - s for s, e in self.damaged)

    def __len__(self) -> int:
        return len(self.normalized)

    def __str__(self) -> str:
        return self.normalized

    def __repr__(self) -> str:
        head = self.normalized[:20].replace("\n", "\\n")
        return f"Text({head!r}…, script={self.script!r}, {len(self.repairs)} repairs)"
