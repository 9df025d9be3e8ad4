"""Extractor for program facts (placeholder: finds nothing yet)."""

from __future__ import annotations

from collections.abc import Iterator

from ..lexicon import Lexicon
from ..records import Fact
from .base import Context

__all__ = ["ProgramExtractor"]


class ProgramExtractor:
    """Finds program facts."""

    kinds: frozenset[str] = frozenset({'program'})

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def find(self, ctx: Context) -> Iterator[Fact]:
        """Yield facts found in ``ctx``."""
        return iter(())
