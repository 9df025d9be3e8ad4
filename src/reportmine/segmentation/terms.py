"""Domain terms for the segmenter: the ``domain_terms`` lexicon table, checked.

The table uses jieba's plain user-dictionary format, one term a line::

    word [freq] [tag]

``freq`` is a positive integer (omitted: the backend suggests a frequency that keeps the
word whole); ``tag`` is a part-of-speech tag in lower-case Latin letters (jieba/ICTCLAS
tags such as ``n``, ``nz``, ``v``, ``l``). Words are written in simplified script, since
the segmenter reads the normalized (simplified) text.
"""

from __future__ import annotations

from dataclasses import dataclass

import regex

from ..lexicon import Lexicon, Row

__all__ = ["TABLE", "Term", "load_terms", "parse_term"]

TABLE = "domain_terms"

_TAG = regex.compile(r"[a-z]{1,4}")
_SPACE = regex.compile(r"\s")


@dataclass(frozen=True, slots=True)
class Term:
    """One domain term: the word, its frequency (``None``: suggested) and its POS tag."""

    word: str
    freq: int | None = None
    tag: str | None = None


def parse_term(row: Row) -> Term:
    """Check one row of the table; a bad row raises :class:`~reportmine.errors.LexiconError`."""
    fields = row.fields
    if not 1 <= len(fields) <= 3:
        raise row.error(f"expected 'word [freq] [tag]', got {len(fields)} fields")
    word = fields[0]
    if _SPACE.search(word):
        raise row.error(f"term {word!r} contains whitespace")
    freq: int | None = None
    tag: str | None = None
    rest = list(fields[1:])
    if rest and rest[0].isascii() and rest[0].isdigit():
        freq = int(rest.pop(0))
        if freq <= 0:
            # jieba treats frequency 0 as "always split" through a process-wide table
            raise row.error(f"frequency of {word!r} must be a positive integer, not {freq}")
    elif rest and (rest[0].lstrip("-").isdigit()):
        raise row.error(f"frequency of {word!r} must be a positive integer, not {rest[0]}")
    if rest:
        tag = rest.pop(0)
        if not _TAG.fullmatch(tag):
            raise row.error(f"tag {tag!r} of {word!r} is not a part-of-speech tag (a-z, 1-4 letters)")
    if rest:
        raise row.error(f"unexpected field {rest[0]!r} after the tag")
    return Term(word, freq, tag)


def load_terms(lexicon: Lexicon) -> tuple[Term, ...]:
    """The checked terms of the ``domain_terms`` table (none when the table is absent).

    A word listed twice keeps its last row, so a researcher's extra table can override a
    shipped frequency or tag.
    """
    terms: dict[str, Term] = {}
    for row in lexicon.get(TABLE):
        t = parse_term(row)
        terms.pop(t.word, None)
        terms[t.word] = t
    return tuple(terms.values())
