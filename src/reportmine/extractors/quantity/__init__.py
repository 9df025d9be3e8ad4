"""Quantity facts: counts, money, areas, lengths, weights, volumes, percentages, durations.

Modules, one job each:

- :mod:`.extractor`: :class:`QuantityExtractor`, the pass that finds a number followed by a
  unit or measure word and builds the fact;
- :mod:`.units`: the unit and measure-word tables compiled into one alternation;
- :mod:`.rules`: when a number followed by a unit is still no quantity (years, ordinals,
  names, slogans);
- :mod:`.money`: when an amount is money and in which currency (money without a unit,
  块 as yuan, a currency before an amount, 一 + measure word before a price);
- :mod:`.subjects`: what a number measures (``subject``) and what it is per (``per``);
- :mod:`.implied`: counts whose measure word is implied (947万贫困群众: 人, flag ``implied_unit``).

Numbers themselves are read by :mod:`reportmine.extractors.numbers`.
"""

from __future__ import annotations

from .extractor import QuantityExtractor

__all__ = ["QuantityExtractor"]
