"""Quantity facts: counts, money, areas, lengths, weights, volumes, percentages, durations.

Modules, one job each:

- :mod:`.extractor`: :class:`QuantityExtractor`, the pass that finds a number followed by a
  unit or measure word and builds the fact;
- :mod:`.reading`: a number and the unit after it read as a quantity (the recipe);
- :mod:`.bare`: amounts with 万/亿 and no unit (资金达900万, 1万(含)-5万元, 947万贫困群众);
- :mod:`.shares`: fractions, slash fractions and 一半 as percentages;
- :mod:`.qualifiers`: the qualifier words around a number (近, 以上, 过万, 至少);
- :mod:`.found` and :mod:`.values`: what the readers build, and the parts of a value around
  its unit (五元三毛, 一年半, 4个多月) with exact scaling;
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
