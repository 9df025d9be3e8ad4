"""Segmentation into tokens aligned to the original text (placeholder backend: characters)."""

from __future__ import annotations

from dataclasses import dataclass

from .lexicon import Lexicon
from .text import Text

__all__ = ["Segmenter", "Token"]


@dataclass(frozen=True, slots=True)
class Token:
    """A token: ``text == original[start:end]``; ``pos`` when asked for."""

    text: str
    start: int
    end: int
    pos: str | None = None


class Segmenter:
    """Segments normalized text and projects token boundaries back onto the original."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def segment(self, text: Text, *, pos: bool = False) -> list[Token]:
        """Tokens of ``text`` that tile ``text.original``."""
        return [Token(c, i, i + 1) for i, c in enumerate(text.original)]
