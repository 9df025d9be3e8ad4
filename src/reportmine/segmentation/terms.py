"""Domain terms for the segmenter: the ``domain_terms`` lexicon table, checked.

The table uses jieba's plain user-dictionary format, one term a line::

    word [freq] [tag]

``freq`` is a positive integer (omitted: the backend suggests a frequency that keeps the
word whole); ``tag`` is a part-of-speech tag in lower-case Latin letters (jieba/ICTCLAS
tags such as ``n``, ``nz``, ``v``, ``l``). Words are written in simplified script, since
the segmenter reads the normalized (simplified) text. The format is declared in
:data:`reportmine.lexicon.tables.DOMAIN_TERMS`, which checks every row.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..lexicon import Lexicon, Row
from ..lexicon.tables import DOMAIN_TERMS

__all__ = ["TABLE", "Term", "load_terms", "parse_term"]

TABLE = DOMAIN_TERMS.name


@dataclass(frozen=True, slots=True)
class Term:
    """One domain term: the word, its frequency (``None``: suggested) and its POS tag."""

    word: str
    freq: int | None = None
    tag: str | None = None


def parse_term(row: Row) -> Term:
    """Check one row of the table (:data:`~reportmine.lexicon.tables.DOMAIN_TERMS`); a bad
    row raises :class:`~reportmine.errors.LexiconError`."""
    t = DOMAIN_TERMS.parse(row)
    return Term(t.word, t.freq, t.tag)


def load_terms(lexicon: Lexicon) -> tuple[Term, ...]:
    """The checked terms of the ``domain_terms`` table (none when the table is absent).

    A word listed twice keeps its last row, so a researcher's extra table can override a
    shipped frequency or tag.
    """
    terms: dict[str, Term] = {}
    for d in lexicon.table(DOMAIN_TERMS) if TABLE in lexicon else ():
        t = Term(d.word, d.freq, d.tag)
        terms.pop(t.word, None)
        terms[t.word] = t
    return tuple(terms.values())
