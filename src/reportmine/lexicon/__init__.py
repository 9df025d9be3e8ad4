"""The domain tables of ``lexicons/*.txt``: each table's format declared once, one loader.

- :mod:`.base`: :class:`Lexicon` (loading the shipped tables and a researcher's own
  folders, immutable), :class:`Row` (one line, knowing its ``path:line``) and the column
  types a table spec is made of (:class:`Text`, :class:`Char`, :class:`OneOf`,
  :class:`Int`, :class:`Number`, :class:`TextList`, :class:`Options`, :class:`Flags`),
  with :class:`Table` turning a row into a typed :class:`Entry` or a
  :class:`~reportmine.errors.LexiconError` ``path:line: reason``;
- :mod:`.tables`: the spec of every shipped table (``UNITS``, ``MEASURE_WORDS``,
  ``YEAR_LENGTHS`` …), the one place in code that reads a table's columns.

The files themselves live in ``reportmine/lexicons/`` (the repository's ``lexicons/``);
each one's header explains its syntax to a person.
"""

from __future__ import annotations

from .base import Entry, Lexicon, Row, Table, parse_table

__all__ = ["Entry", "Lexicon", "Row", "Table", "parse_table"]
