"""Tokens that tile the original text: projecting normalized words back, and merging atoms.

Words are found on the normalized text; this module turns them into :class:`Token` s of
the ORIGINAL text such that, concatenated, the tokens equal it:

* a word maps to the original span from the start of its first character to the end of
  its last, so characters deleted *inside* a word (a joined line break, a removed space)
  stay inside it;
* characters deleted *between* two words become a token of their own when they are
  whitespace (a removed line break or number–unit space; tag ``x``), and otherwise join
  the word before them (a removed pinyin annotation such as ``(lián)`` belongs to the
  character it annotates);
* two words whose characters came from the same original characters (a phrase conversion
  that changed the length) become one token, and a word made only of inserted characters
  adds nothing.

Atoms — fact spans, and digit groups such as ``3,200`` — are then made single tokens:
boundaries inside an atom are removed and boundaries at its ends are added.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import accumulate
from typing import NamedTuple

from ..text import Text

__all__ = ["Atom", "Token", "merge_atoms", "project"]


class Token(NamedTuple):
    """A token: ``text == original[start:end]``; ``pos`` is its part-of-speech tag when asked for.

    (A named tuple: a report has thousands of tokens.)
    """

    text: str
    start: int
    end: int
    pos: str | None = None


@dataclass(frozen=True, slots=True)
class Atom:
    """A span of the original text that must be one token, with the tag that token gets."""

    start: int
    end: int
    tag: str


def project(
    text: Text, words: Sequence[str], word_tags: Sequence[str] | None
) -> tuple[list[int], list[str | None]]:
    """Token boundaries in the original text for ``words`` (which tile ``text.normalized``).

    Returns ``(bounds, tags)``: ``bounds`` runs from 0 to ``len(original)``, and token ``k``
    is ``original[bounds[k]:bounds[k + 1]]`` with tag ``tags[k]`` (all ``None`` when
    ``word_tags`` is ``None``).
    """
    original = text.original
    n = len(original)
    if not n:
        return [0], []
    pos = word_tags is not None
    gap_tag = "x" if pos else None
    wtags: Sequence[str | None] = word_tags if word_tags is not None else [None] * len(words)
    if text.is_identity:
        bounds = [0, *accumulate(map(len, words))]
        if bounds[-1] != n:
            raise ValueError("the words do not tile the text")
        return bounds, list(wtags)

    bounds = [0]
    tags: list[str | None] = []
    p = 0
    for w, t in zip(words, wtags, strict=True):
        if not w:
            continue
        os_, oe = text.span_to_original(p, p + len(w))
        p += len(w)
        last = bounds[-1]
        if oe <= last:
            continue  # inserted by normalization, or inside the previous token: nothing new
        if os_ < last:
            bounds[-1] = oe  # shares original characters with the previous word: one token
            continue
        if os_ > last:
            if len(bounds) == 1 or original[last:os_].isspace():
                bounds.append(os_)  # deleted whitespace (or leading text): a token of its own
                tags.append(gap_tag)
            else:
                bounds[-1] = os_  # deleted text such as pinyin joins the word before it
        if oe > bounds[-1]:  # (a word of inserted characters only has nothing left here)
            bounds.append(oe)
            tags.append(t)
    if p != len(text.normalized):
        raise ValueError("the words do not tile the normalized text")
    if bounds[-1] < n:
        gap = original[bounds[-1] :]
        if gap.isspace() or len(bounds) == 1:
            bounds.append(n)
            tags.append(gap_tag)
        else:
            bounds[-1] = n
    return bounds, tags


def merge_atoms(
    bounds: list[int], tags: list[str | None], atoms: Iterable[Atom], *, pos: bool
) -> tuple[list[int], list[str | None]]:
    """Make every atom a single token: clusters of overlapping atoms become one token.

    Boundaries strictly inside a cluster are removed; boundaries at its ends are added
    (splitting a token that straddles them). A token made from a cluster gets the tag of
    the cluster's longest atom; a piece split off a token keeps that token's tag.
    """
    n = bounds[-1]
    clusters: list[list[int | str]] = []
    for a in sorted(atoms, key=lambda a: (a.start, -a.end)):
        if not 0 <= a.start <= a.end <= n:
            raise ValueError(f"span {a.start}:{a.end} lies outside the text (length {n})")
        if a.end == a.start:
            continue
        if clusters and a.start < int(clusters[-1][1]):
            c = clusters[-1]
            if a.end > int(c[1]):
                c[1] = a.end
            continue
        clusters.append([a.start, a.end, a.tag])
    if not clusters:
        return bounds, tags

    # boundary marks over positions 0..n; a token's tag is stored at its start position
    mark = bytearray(n + 1)
    tag_at: dict[int, str | None] = {}
    for k, b in enumerate(bounds[:-1]):
        mark[b] = 1
        tag_at[b] = tags[k]
    mark[n] = 1
    for s, e, tag in clusters:
        s_i, e_i = int(s), int(e)
        if not mark[s_i]:  # split the token straddling the start
            k = bisect_right(bounds, s_i) - 1
            tag_at[s_i] = tags[k]
            mark[s_i] = 1
        if not mark[e_i]:  # split the token straddling the end
            k = bisect_right(bounds, e_i) - 1
            tag_at[e_i] = tags[k]
            mark[e_i] = 1
        mark[s_i + 1 : e_i] = bytes(e_i - s_i - 1)
        tag_at[s_i] = str(tag) if pos else None
    out_bounds: list[int] = []
    i = mark.find(1)
    while i != -1:
        out_bounds.append(i)
        i = mark.find(1, i + 1)
    out_tags = [tag_at.get(b) for b in out_bounds[:-1]]
    return out_bounds, out_tags


def to_tokens(original: str, bounds: Sequence[int], tags: Sequence[str | None]) -> list[Token]:
    """The tokens for ``bounds`` and ``tags`` (see :func:`project`)."""
    new = tuple.__new__  # what Token._make does, without a Python-level call per token
    spans = zip(bounds[:-1], bounds[1:], tags, strict=True)
    return [new(Token, (original[a:b], a, b, tag)) for a, b, tag in spans]
