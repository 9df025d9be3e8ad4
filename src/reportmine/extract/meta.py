"""Document metadata: headline, dateline date and source, bylines, captions (placeholder)."""

from __future__ import annotations

from ..lexicon import Lexicon
from ..records import DocumentMeta
from .base import Context

__all__ = ["MetaExtractor"]


class MetaExtractor:
    """Reads :class:`~reportmine.records.DocumentMeta` from a document's text."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def find(self, ctx: Context) -> DocumentMeta:
        """The metadata of ``ctx``'s document."""
        return DocumentMeta()
