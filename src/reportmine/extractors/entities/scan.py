"""Fast scans shared by the entity finders (issue 14: the entity stage's speed).

Each one gives exactly what a slower, plainer formulation gives; that formulation is kept
in ``tests/test_entities_fast.py`` as the reference the scan is checked against on
random and archive-like texts.

1. **Word lists as a trie regex** (:func:`trie_pattern`). A longest-first alternation
   (``第一书记|书记|…``, :func:`~reportmine.chars.alternation`) makes the regex engine try
   every word of a first character one after the other; the same words as a trie
   (``第一书记|书记(?:处)?…``) try each character once. Both find, at each position, the
   longest word starting there, and so the same matches.
2. **An author's name as a byline writes it** (:func:`written_spans`): 张旭 in ``本报记者
   张 旭``, one white-space character allowed between two characters; a plain scan, where a
   regex compiled for every new author's name cost more than the rest of the byline work.
3. **The sentence of each entity** (:class:`SentenceTexts`): entities come in text order,
   many to a sentence, and sentences never overlap, so a position inside the sentence of
   the entity before is in that sentence: asked of :meth:`Context.sentence
   <reportmine.extractors.base.Context.sentence>` only once per sentence (session 7).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..base import Context

__all__ = ["WHITESPACE", "SentenceTexts", "trie_pattern", "written_spans"]

_Trie = dict[str, "_Trie"]  # a character -> the node after it; "" marks the end of a word

WHITESPACE = frozenset(
    "\t\n\x0b\x0c\r \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a"
    "\u2028\u2029\u202f\u205f\u3000"
)
"""Unicode's ``White_Space`` characters: what ``\\s`` matches in the ``regex`` module."""


def trie_pattern(words: Iterable[str]) -> str:
    """The words as one regex that matches, at each position, the longest word there.

    >>> trie_pattern(["书记", "第一书记", "书记处"])
    '书记(?:处)?|第一书记'
    >>> re.findall(trie_pattern(["书记", "第一书记", "书记处"]), "第一书记、书记处书记")
    ['第一书记', '书记处', '书记']
    """
    trie: _Trie = {}
    for w in dict.fromkeys(words):
        if w:
            node = trie
            for c in w:
                node = node.setdefault(c, {})
            node[""] = {}
    return _alternatives(trie)


def _alternatives(node: _Trie) -> str:
    """The branches below ``node``, each a character and what may follow it."""
    return "|".join(re.escape(c) + _rest(child) for c, child in sorted(node.items()) if c)


def _rest(node: _Trie) -> str:
    """What may follow a trie node: its branches, optional when a word ends there."""
    body = _alternatives(node)
    if not body:
        return ""
    return f"(?:{body})?" if "" in node else body if len(node) == 1 else f"(?:{body})"


def written_spans(name: str, line: str) -> Iterator[tuple[int, int]]:
    """Non-overlapping spans of ``name`` in ``line``, a white-space character allowed
    between two of its characters (a byline's 张 旭 for 张旭).

    ``name`` must hold no white space (the caller falls back to a regex then).

    >>> list(written_spans("张旭", "本报记者 张 旭 张旭"))
    [(5, 8), (9, 11)]
    >>> list(written_spans("张旭", "张  旭"))
    []
    """
    first, rest, n = name[:1], name[1:], len(line)
    i = line.find(first) if first else -1
    while i >= 0:
        j = i + 1
        for c in rest:
            if j < n and line[j] == c:
                j += 1
            elif j + 1 < n and line[j] in WHITESPACE and line[j + 1] == c:
                j += 2
            else:
                j = -1
                break
        if j > 0:
            yield i, j
            i = line.find(first, j)
        else:
            i = line.find(first, i + 1)


class SentenceTexts:
    """``ctx.sentence(i)`` for positions asked in (mostly) text order: the last sentence is
    kept and answers every position inside it (rule 3 of the module docstring).

    >>> from reportmine.extractors.base import Context
    >>> from reportmine.text import Text
    >>> ctx = Context(Text("第一句。第二句话。"))
    >>> sentence = SentenceTexts(ctx)
    >>> [sentence(i) for i in (0, 2, 5, 1)] == [ctx.sentence(i) for i in (0, 2, 5, 1)]
    True
    """

    __slots__ = ("_ctx", "_end", "_start", "_text")

    def __init__(self, ctx: Context) -> None:
        self._ctx = ctx
        self._start = self._end = 0
        self._text = ""

    def __call__(self, i: int) -> str:
        """The ORIGINAL text of the sentence holding normalized position ``i``."""
        if self._start <= i < self._end:
            return self._text
        self._start, self._end = self._ctx.sentence_span(i)
        self._text = self._ctx.sentence(i)
        return self._text
