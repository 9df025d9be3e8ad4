"""What every extractor gets: the :class:`Context` of one document, and the :class:`Extractor` protocol."""

from __future__ import annotations

import datetime as _dt
from collections.abc import Callable, Hashable, Iterable
from dataclasses import dataclass, field
from typing import Protocol, TypeVar, cast

from ..records import Fact
from ..text import Text
from .sentences import SentenceIndex, sentence_bounds

_T = TypeVar("_T")

__all__ = ["Context", "Extractor"]


@dataclass
class Context:
    """One document being extracted: its text, id and what is known about it.

    ``doc_date`` is the document's date when known (from the caller or its dateline);
    relative dates and dates without a year are resolved against it.

    It also keeps what several extractors read from the same text (quote pairs, titles,
    sentences) so that each is computed once per document: see :meth:`derived`.
    """

    text: Text
    doc_id: str | None = None
    doc_date: _dt.date | None = None
    _sentences: list[tuple[int, int]] | None = field(default=None, repr=False)
    _index: SentenceIndex | None = field(default=None, repr=False)
    _sentence_text: dict[tuple[int, int], str] = field(default_factory=dict, repr=False)
    _derived: dict[Hashable, object] = field(default_factory=dict, repr=False)

    @property
    def s(self) -> str:
        """The normalized text."""
        return self.text.normalized

    def span(self, start: int, end: int) -> tuple[int, int, str]:
        """Original ``(start, end, text)`` of the normalized span ``[start, end)``."""
        return self.text.original_slice(start, end)

    def derived(self, fn: Callable[[str], _T], key: Hashable = None) -> _T:
        """``fn(self.s)``, computed once per document and shared by the extractors.

        ``fn`` must be a pure function of the normalized text; results are remembered under
        ``key`` (default: ``fn`` itself; give a key to share results between equal functions,
        such as the same method of two extractors built from one lexicon). Treat the result
        as read-only.
        """
        k = fn if key is None else key
        try:
            return cast(_T, self._derived[k])
        except KeyError:
            pass
        value = fn(self.text.normalized)
        self._derived[k] = value
        return value

    def sentences(self) -> list[tuple[int, int]]:
        """Sentence spans in normalized offsets (computed once)."""
        if self._sentences is None:
            self._sentences = sentence_bounds(self.text.normalized)
        return self._sentences

    def sentence_span(self, i: int) -> tuple[int, int]:
        """Normalized span of the sentence holding normalized position ``i``."""
        if self._index is None:
            self._index = SentenceIndex(self.text.normalized)
        return self._index.span(i)

    def sentence(self, i: int) -> str:
        """The sentence holding normalized position ``i``, in ORIGINAL script and characters."""
        index = self._index
        if index is None:
            index = self._index = SentenceIndex(self.text.normalized)
        span = index.span(i)
        text = self._sentence_text.get(span)
        if text is None:
            a, b = span
            text = self.text.original_slice(a, b)[2] if b > a else ""
            self._sentence_text[span] = text
        return text


class Extractor(Protocol):
    """An extractor for one family of facts."""

    kinds: frozenset[str]

    def find(self, ctx: Context) -> Iterable[Fact]:
        """Yield the facts of this family in ``ctx``, with original offsets."""
        ...
