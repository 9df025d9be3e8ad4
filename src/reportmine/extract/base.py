"""What every extractor gets: the :class:`Context` of one document, and the :class:`Extractor` protocol."""

from __future__ import annotations

import datetime as _dt
from bisect import bisect_right
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from ..records import Fact
from ..text import Text
from .sentences import sentence_bounds

__all__ = ["Context", "Extractor"]


@dataclass
class Context:
    """One document being extracted: its text, id and what is known about it.

    ``doc_date`` is the document's date when known (from the caller or its dateline);
    relative dates and dates without a year are resolved against it.
    """

    text: Text
    doc_id: str | None = None
    doc_date: _dt.date | None = None
    _sentences: list[tuple[int, int]] | None = field(default=None, repr=False)
    _sent_starts: list[int] | None = field(default=None, repr=False)

    @property
    def s(self) -> str:
        """The normalized text."""
        return self.text.normalized

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """Original ``(start, end, text)`` of the normalized span ``[start, end)``."""
        return self.text.original_slice(start, end)

    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans in normalized offsets (computed once)."""
        if self._sentences is None:
            self._sentences = sentence_bounds(self.text.normalized)
            self._sent_starts = [a for a, _ in self._sentences]
        return self._sentences

    def sentence_span(self, i: int) -> tuple[int, int]:
        """Normalized span of the sentence holding normalized position ``i``."""
        sents = self.sentences()
        assert self._sent_starts is not None
        k = bisect_right(self._sent_starts, i) - 1
        if k < 0 or not sents:
            return (i, i)
        return sents[k]

    def sentence(self, i: int) -> str:
        """The sentence holding normalized position ``i``, in ORIGINAL script and characters."""
        a, b = self.sentence_span(i)
        if b <= a:
            return ""
        return self.span(a, b)[2]


class Extractor(Protocol):
    """An extractor for one family of facts."""

    kinds: frozenset[str]

    def find(self, ctx: Context) -> Iterable[Fact]:
        """Yield the facts of this family in ``ctx``, with original offsets."""
        ...
