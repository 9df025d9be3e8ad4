"""Extractors: one module per fact family, pure functions over a normalized :class:`Text`.

Each family module exposes a class built from a :class:`~reportmine.lexicon.Lexicon`
with a ``find(ctx)`` method that yields facts with ORIGINAL offsets. Extractors import
only ``records``, ``text``, ``lexicon``, ``errors`` and each other — never sources,
store, export or cli.
"""

from __future__ import annotations

from .base import Context, Extractor

__all__ = ["Context", "Extractor"]
