"""What a model reads: character n-grams of simplified text.

Rules, each with the case that forced it:

- the text is read in simplified script (the pipeline's normalized text; training text is
  normalized the same way), so 「貧困戶」 and 「贫困户」 give the same features and a
  traditional report the same scores as its simplified twin;
- runs of whitespace become one space (a line break inside a sentence, 扶贫\\n车间, is no
  feature of its own), and the text is cut at ``max_chars`` characters (a document's
  relevance is read from its headline and lead, not from page 12 of an appendix);
- every ASCII or full-width digit becomes ``0``: 带动300户 and 带动45户 are the same
  pattern (``带动000户`` → ``带动0``, ``动00``, …), the figure itself says nothing
  about the field;
- n-grams of 1 and 2 characters (``ngram_range``): 1-grams catch 贫, 2-grams 扶贫 —
  Chinese has no spaces, so characters are the robust unit (3-grams scored no better in
  cross-validation and triple the vocabulary: ``docs/learn.md``).

>>> char_ngrams("扶贫车间 带动300户", (2, 3))[:6]
['扶贫', '贫车', '车间', '间 ', ' 带', '带动']
>>> prepare("貧困戶\\n\\n１２戶") == prepare("貧困戶 12戶")
True

Nothing here imports scikit-learn: the shipped models score texts with these n-grams in
plain Python (:mod:`reportmine.learn.models`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Callable, Iterable
from functools import partial
from operator import add
from typing import TypeVar

_T = TypeVar("_T")

__all__ = [
    "DEFAULT_NGRAMS",
    "REST_MARK",
    "char_ngrams",
    "document_ngrams",
    "lookup_ngrams",
    "ngram_counts",
    "prepare",
    "split_lead",
]

DEFAULT_NGRAMS: tuple[int, int] = (1, 2)

_SPACES = re.compile(r"\s+")
_SPACE = re.compile(r"\s").search
# ASCII and full-width digits: the figure is the fact, not the field it belongs to
_DIGITS = str.maketrans("0123456789０１２３４５６７８９", "0" * 20)
# the same as ``str.translate(_DIGITS)``, 5–10 times faster on Chinese text (a dict lookup
# per character: ≈ 0.15 ms for the 1,500 characters relevance-rest reads, session 8)
_ZEROS = partial(re.compile("[0-9０-９]").sub, "0")


def prepare(text: str, max_chars: int | None = None) -> str:
    """``text`` as the n-grams read it: spaces squeezed, digits as 0, cut at ``max_chars``."""
    if max_chars is not None:  # squeezing can only shorten: read no more than needed
        # a document's lead: most leads hold few spaces, so a short prefix squeezed already
        # gives more than max_chars characters (the same ones: the cut lies past them)
        # (``" ".join(t.split())`` is ``\s+`` → one space, stripped: ``str.split`` splits on
        # what ``str.isspace`` knows, which is ``\s``; several times faster than ``re.sub``)
        head = " ".join(text[: max_chars + 64].split())
        if len(head) > max_chars:
            return _ZEROS(head[:max_chars])  # (same length)
        text = text[: 4 * max_chars + 64] if len(text) > 4 * max_chars + 64 else text
        return _ZEROS(" ".join(text.split())[:max_chars])
    if _SPACE(text) is None:  # a fact sentence mostly: nothing to squeeze
        return _ZEROS(text)
    return _ZEROS(" ".join(text.split()))


#: marks an n-gram of a document's rest (after the lead) as a feature of its own: a tab,
#: which prepared text never holds (whitespace is squeezed to one space)
REST_MARK = "\t"


def split_lead(text: str, max_chars: int, rest_chars: int) -> tuple[str, str]:
    """The prepared lead (first ``max_chars`` characters) and rest (up to ``rest_chars``)
    of a document, for a model that weighs them apart (``rest_chars``: issue 16, session 7).

    >>> split_lead("扶贫车间\\n\\n带动300户，户均增收", 4, 12)
    ('扶贫车间', ' 带动000户，')
    """
    text = prepare(text, rest_chars)
    return text[:max_chars], text[max_chars:]


def document_ngrams(
    text: str, ngram_range: tuple[int, int], max_chars: int | None, rest_chars: int | None = None
) -> list[str]:
    """The n-grams a model reads of ``text``: those of its lead (:func:`prepare` up to
    ``max_chars``) and, with ``rest_chars``, those of the rest marked by :data:`REST_MARK`
    — the lead and the rest weighted apart: 扶贫 in a headline says more than on page 3.

    >>> document_ngrams("扶贫车间，带动农户", (2, 2), 4, 9)
    ['扶贫', '贫车', '车间', '\\t，带', '\\t带动', '\\t动农', '\\t农户']
    """
    if rest_chars is None or max_chars is None:
        return char_ngrams(prepare(text, max_chars), ngram_range)
    lead, rest = split_lead(text, max_chars, rest_chars)
    return char_ngrams(lead, ngram_range) + [REST_MARK + g for g in char_ngrams(rest, ngram_range)]


def char_ngrams(text: str, ngram_range: tuple[int, int] = DEFAULT_NGRAMS) -> list[str]:
    """The character n-grams of an already :func:`prepare`\\ d text, shortest first."""
    lo, hi = ngram_range
    out: list[str] = []
    for n in range(lo, hi + 1):
        out.extend(text[i : i + n] for i in range(len(text) - n + 1))
    return out


def lookup_ngrams(text: str, ngram_range: tuple[int, int], get: Callable[[str], _T]) -> list[_T]:
    """``get`` of every n-gram of an already prepared ``text``, in the order of
    :func:`char_ngrams` (which is its reference): the n-grams are cut and looked up by
    ``map`` over shifted copies of the text, no Python loop per character — what makes
    scoring a model cheap beside extraction.

    >>> lookup_ngrams("扶贫车间", (1, 2), {"扶贫": 7, "车": 3}.get)
    [None, None, 3, None, 7, None, None]
    """
    lo, hi = ngram_range
    out: list[_T] = []
    grams: Iterable[str] = text
    for n in range(1, hi + 1):
        if n > 1:  # the n-grams: the (n-1)-grams, each with the character that follows
            grams = map(add, grams, text[n - 1 :])
        if n >= lo:
            if n < hi:  # used again for the next length: keep a copy
                grams = list(grams)
            out.extend(map(get, grams))
    return out


def ngram_counts(
    text: str, ngram_range: tuple[int, int] = DEFAULT_NGRAMS, max_chars: int | None = None
) -> Counter[str]:
    """How often each n-gram occurs in ``text`` (prepared here)."""
    return Counter(char_ngrams(prepare(text, max_chars), ngram_range))
