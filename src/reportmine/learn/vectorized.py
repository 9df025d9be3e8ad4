"""Scoring many texts with numpy: the n-grams looked up without building a string per n-gram.

What costs in scoring is not the arithmetic but cutting ~600 n-gram strings out of a
document's lead and hashing each into the vocabulary (``str`` slices and ``dict`` lookups:
about as long as extracting the facts of the document). Here each text becomes an array of
its code points, and an n-gram is a number: ``(c1 << 21) | c2`` for a 2-gram,
``(c1 << 42) | (c2 << 21) | c3`` for a 3-gram (a code point fits in 21 bits), the
character itself for a 1-gram. The vocabulary is kept as one sorted array of such keys (all
n-gram lengths together: their keys never meet); ``np.searchsorted`` finds every n-gram of
every text in one call.

Rules, each with the case that forced it:

- the texts are read as :func:`~reportmine.learn.features.prepare` reads them, but on the
  code-point arrays: a whitespace run (``\\r\\n\\u3000\\u3000`` between paragraphs) becomes
  one space and none is left at either end, every ASCII or full-width digit becomes ``0``,
  and a text is cut at ``max_chars`` (a document's lead) — in ``prepare`` the ``str``
  methods doing this (``re.sub``, ``translate``) cost as much as the scoring;
- the squeezing steps run only where there is something to squeeze: a batch with no
  whitespace at all (fact sentences mostly) skips them, and one text (a document's lead,
  for relevance) is squeezed by one ``re.sub`` on the ``str`` — cheaper than a dozen
  array calls on a few hundred characters (the array steps are what a batch needs);
- the texts of a batch (all fact sentences of a document) are scored together, and an
  n-gram may not cross from one text into the next: an n-gram is kept only when its first
  and last characters lie in the same text (``…脱贫。`` + ``新建…`` gives no ``。新``);
- counts are taken per (text, n-gram) pair with ``np.unique``; tf is ``1 + log(count)``
  under sublinear tf, as in :class:`~reportmine.learn.models.LinearModel`, then ×idf and
  L2-normalized per text (``np.bincount`` of the squares);
- a text with no known n-gram scores the intercept alone;
- the most probable class of each text of a batch and its softmax probability are taken
  on the score array (:meth:`NgramIndex.best`: ``1 / Σ exp(score − largest)``), not by a
  Python loop over the classes of each text.

The results equal the plain Python scoring (``tests/test_learn.py`` checks both against a
reference written out plainly); the plain scoring is used when numpy is not installed.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any

__all__ = ["NgramIndex"]

_BITS = 21  # every code point < 0x110000 fits
_SENTINEL = 2**64 - 1  # above every key (a 3-gram's is below 2**63)
#: the code points ``str.isspace`` (and so ``\\s`` in ``re``) knows: none is above U+3000
WHITESPACE: tuple[int, ...] = tuple(c for c in range(0x3001) if chr(c).isspace())
_ZERO, _FULL_ZERO = ord("0"), ord("０")
#: finds a whitespace character: ``\\s`` is ``str.isspace`` (one C scan decides whether the
#: squeezing steps are needed at all)
_SPACE = re.compile(r"\s").search
_SPACES = re.compile(r"\s+")


class NgramIndex:
    """The vocabulary of a model as sorted numeric keys, one table per n-gram length, and
    the model's idf and weights as float64 arrays (built once per model)."""

    def __init__(
        self,
        np: Any,
        vocab: Mapping[str, int],
        idf: Sequence[float],
        matrix: Any,
        intercept: Any,
        ngram_range: tuple[int, int],
        sublinear_tf: bool,
    ) -> None:
        self.np = np
        self.lo, self.hi = ngram_range
        self.sublinear_tf = sublinear_tf
        self.idf = np.asarray(idf, dtype=np.float64)
        self.matrix = matrix
        self.intercept = intercept
        self.size = len(vocab)
        self.is_space = np.zeros(WHITESPACE[-1] + 2, dtype=bool)  # (the last: no space)
        self.is_space[list(WHITESPACE)] = True
        # one sorted table for every n-gram length (a 1-gram's key is below 2**21, a
        # longer one's above: they never meet), ended by a key no n-gram has, so a search
        # never runs off the end and needs no clipping
        grams = [(g, i) for g, i in vocab.items() if self.lo <= len(g) <= self.hi]
        keys = np.fromiter((_key(g) for g, _ in grams), dtype=np.uint64, count=len(grams))
        ids = np.fromiter((i for _, i in grams), dtype=np.int64, count=len(grams))
        order = np.argsort(keys)
        self.keys = np.append(keys[order], np.uint64(_SENTINEL))
        self.ids = np.append(ids[order], np.int64(0))

    def scores(self, texts: Sequence[str], max_chars: int | None = None) -> list[list[float]]:
        """The decision values of each of ``texts`` (read as
        :func:`~reportmine.learn.features.prepare` reads them, up to ``max_chars``)."""
        if len(texts) == 1:  # a document's relevance: fewer array operations without rows
            return [self._score_one(texts[0], max_chars)]
        result: list[list[float]] = self.score_array(texts, max_chars).tolist()
        return result

    def score_array(self, texts: Sequence[str], max_chars: int | None = None) -> Any:
        """:meth:`scores` as a ``(len(texts), width)`` float64 array (the topics of a
        document's sentences: their probabilities are taken on the array too)."""
        np = self.np
        out = np.tile(self.intercept, (len(texts), 1))
        rows, ids = self._lookup(*self._prepared(texts, max_chars))
        if len(ids):
            pair, counts = np.unique(rows * self.size + ids, return_counts=True)
            rows, ids = pair // self.size, pair % self.size
            tf = np.where(counts > 1, 1.0 + np.log(counts), 1.0) if self.sublinear_tf else counts * 1.0
            w = tf * self.idf[ids]
            norm = np.sqrt(np.bincount(rows, weights=w * w, minlength=len(texts)))
            w = w / norm[rows]
            present, starts = np.unique(rows, return_index=True)  # rows are sorted
            out[present] += np.add.reduceat(self.matrix[ids] * w[:, None], starts, axis=0)
        return out

    def best(self, texts: Sequence[str], max_chars: int | None = None) -> list[tuple[int, float]]:
        """The column of the highest softmax probability of each of ``texts`` and that
        probability (a model of three or more classes): the largest score is the most
        probable class, and its probability is ``1 / Σ exp(score − largest)``."""
        np = self.np
        s = self.score_array(texts, max_chars)
        top = s.argmax(axis=1)
        p = 1.0 / np.exp(s - s[np.arange(len(s)), top][:, None]).sum(axis=1)
        return list(zip(top.tolist(), p.tolist(), strict=True))

    def _score_one(self, text: str, max_chars: int | None) -> list[float]:
        """:meth:`scores` of one text: the same steps without the per-text bookkeeping."""
        np = self.np
        codes = self._prepared_one(text, max_chars)
        keys = []
        key = codes
        for n in range(1, self.hi + 1):
            if n > 1:
                key = (key[:-1] << np.uint64(_BITS)) | codes[n - 1 :]
            if n >= self.lo:
                keys.append(key)
        key = np.concatenate(keys) if len(keys) > 1 else keys[0]
        pos = np.searchsorted(self.keys, key)  # (the sentinel: never past the end)
        every = self.ids[pos[self.keys[pos] == key]]
        if not len(every):
            result: list[float] = self.intercept.tolist()
            return result
        ids, counts = np.unique(every, return_counts=True)
        tf = np.where(counts > 1, 1.0 + np.log(counts), 1.0) if self.sublinear_tf else counts * 1.0
        w = tf * self.idf[ids]
        w /= np.sqrt(w @ w)
        result = (self.intercept + w @ self.matrix[ids]).tolist()
        return result

    def _prepared_one(self, text: str, max_chars: int | None) -> Any:
        """:meth:`_prepared` of one text (a document's lead): the whitespace squeezed by one
        ``re.sub`` on the ``str`` (one C pass over a few hundred characters is cheaper than
        the dozen array steps a batch needs), the digits zeroed on the array."""
        np = self.np
        if max_chars is not None:  # (the bound ``prepare`` reads)
            text = text[: 4 * max_chars + 64]
        if _SPACE(text) is not None:
            text = _SPACES.sub(" ", text).strip()
        if max_chars is not None:
            text = text[:max_chars]
        return self._zeroed(np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64))

    def _prepared(self, texts: Sequence[str], max_chars: int | None) -> tuple[Any, Any]:
        """The code points of ``texts`` as ``prepare`` leaves them, and the text (row) of each."""
        np = self.np
        if max_chars is not None:  # squeezing only shortens: the bound ``prepare`` reads
            texts = [t[: 4 * max_chars + 64] for t in texts]
        lengths = np.fromiter(map(len, texts), dtype=np.int64, count=len(texts))
        joined = "".join(texts)
        codes = np.frombuffer(joined.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        if not len(codes):
            return codes, np.zeros(0, dtype=np.int64)
        row = np.repeat(np.arange(len(texts), dtype=np.int64), lengths)
        if max_chars is None and _SPACE(joined) is None:  # fact sentences mostly: nothing to squeeze
            return self._zeroed(codes), row
        full = lengths > 0
        starts = (np.cumsum(lengths) - lengths)[full]
        first = np.zeros(len(codes), dtype=bool)
        first[starts] = True
        ws = self.is_space[np.minimum(codes, len(self.is_space) - 1)]
        after_ws = np.concatenate(([False], ws[:-1])) & ~first
        keep = ~ws | ~(after_ws | first)  # a run: its first character only, none at the start
        idx = np.arange(len(codes))
        last_word = np.full(len(texts), -1, dtype=np.int64)
        last_word[full] = np.maximum.reduceat(np.where(ws, -1, idx), starts)
        keep &= ~(ws & (idx > last_word[row]))  # none at the end
        if max_chars is not None:
            kept = np.cumsum(keep)
            before = np.zeros(len(texts), dtype=np.int64)
            before[full] = np.concatenate(([0], kept))[starts]
            keep &= kept - before[row] <= max_chars
        codes = np.where(ws, np.uint64(32), codes)
        digit = (codes - np.uint64(_ZERO) < 10) | (codes - np.uint64(_FULL_ZERO) < 10)  # (unsigned)
        codes = np.where(digit, np.uint64(_ZERO), codes)
        return codes[keep], row[keep]

    def _zeroed(self, codes: Any) -> Any:
        """``codes`` with every ASCII or full-width digit as ``0``."""
        np = self.np
        digit = (codes - np.uint64(_ZERO) < 10) | (codes - np.uint64(_FULL_ZERO) < 10)  # (unsigned)
        return np.where(digit, np.uint64(_ZERO), codes)

    def _lookup(self, codes: Any, row_of: Any) -> tuple[Any, Any]:
        """``(row, id)`` of every known n-gram occurrence of every text."""
        np = self.np
        keys, rows = [], []
        key = codes
        for n in range(1, self.hi + 1):
            if n > 1:  # the (n-1)-gram keys, each with the code of the next character
                key = (key[:-1] << np.uint64(_BITS)) | codes[n - 1 :]
            if n < self.lo or not len(key):
                continue
            same = row_of[: len(key)] == row_of[n - 1 :]  # no n-gram across two texts
            keys.append(key[same])
            rows.append(row_of[: len(key)][same])
        if not keys:
            return np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.int64)
        key, row = (np.concatenate(keys), np.concatenate(rows)) if len(keys) > 1 else (keys[0], rows[0])
        pos = np.searchsorted(self.keys, key)  # (the sentinel: never past the end)
        hit = self.keys[pos] == key
        return row[hit], self.ids[pos[hit]]


def _key(gram: str) -> int:
    """The numeric key of an n-gram: its code points, 21 bits each, first char highest."""
    k = 0
    for ch in gram:
        k = (k << _BITS) | ord(ch)
    return k
