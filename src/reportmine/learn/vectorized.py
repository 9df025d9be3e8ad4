"""Scoring texts with numpy: the n-grams looked up without building a string per n-gram.

What costs in scoring is not the arithmetic but cutting ~400 n-gram strings out of a
document's lead and hashing each into the vocabulary (``str`` slices and ``dict`` lookups).
Here the texts become one array of code points, and an n-gram is a number:
``(c1 << 21) | c2`` for a 2-gram, ``(c1 << 42) | (c2 << 21) | c3`` for a 3-gram (a code
point fits in 21 bits), the character itself for a 1-gram. The vocabulary is kept as one
sorted array of such keys (all n-gram lengths together: their keys never meet);
``np.searchsorted`` finds every n-gram of every text in one call.

Inside extraction every numpy call runs on cold caches and costs several microseconds
whatever its size (issue 16's third and fourth passes), so the rules below are chosen to
make *few* calls. Rules, each with the case that forced it:

- the texts are prepared as strings by :func:`~reportmine.learn.features.prepare`
  itself (whitespace squeezed, digits as ``0``, a document's lead cut at ``max_chars``):
  one substitution of its digits for a sentence without whitespace, cheaper than the dozen array
  steps that squeezed whitespace on the code points before (session 7), and the same
  text as the reference by construction;
- the texts of a batch (all fact sentences of a document) are joined with a separator
  whose code, 2²¹ − 1, is no character: an n-gram that holds it is in no vocabulary, so
  no n-gram crosses from one text into the next (``…脱贫。`` + ``新建…`` gives no
  ``。新``) without a mask per n-gram length;
- the idf and the weights of each n-gram are one row of a table in the order of the
  sorted keys, so the position ``searchsorted`` returns reads them both with one gather
  (no index from key order to vocabulary order: one random read per n-gram fewer);
- counts are taken per (text, n-gram) pair by one sort and its run boundaries; tf is
  ``1 + log(count)`` under sublinear tf (``log 1 = 0``: no branch for single n-grams),
  as in :class:`~reportmine.learn.models.LinearModel`, then ×idf and L2-normalized per
  text; a text with no known n-gram scores the intercept alone;
- the most probable class of each text of a batch and its softmax probability are taken
  on the score array (:meth:`NgramIndex.best`: ``1 / Σ exp(score − largest)``).

The results equal the plain Python scoring (``tests/test_learn.py`` checks both against a
reference written out plainly); the plain scoring is used when numpy is not installed.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from itertools import accumulate
from typing import Any

from .features import REST_MARK, prepare

__all__ = ["SEPARATOR", "NgramIndex", "PairedIndex", "best_of"]

_BITS = 21  # every code point < 0x110000 fits
_SENTINEL = 2**64 - 1  # above every key (a 3-gram's is below 2**63, a rest's below 2**64 - 1)
_REST_BIT = 63  # set in the key of an n-gram of a document's rest
#: the code put between two texts of a batch: 21 bits set, above every code point
SEPARATOR = 2**_BITS - 1


class NgramIndex:
    """The vocabulary of a model as sorted numeric keys, and the model's idf and weights
    as one float64 table in the keys' order (built once per model)."""

    def __init__(
        self,
        np: Any,
        vocab: Mapping[str, int],
        idf: Sequence[float],
        matrix: Any,
        intercept: Any,
        ngram_range: tuple[int, int],
        sublinear_tf: bool,
        reads: Callable[[str], tuple[str, str]] | None = None,
    ) -> None:
        self.np = np
        self.lo, self.hi = ngram_range
        self.sublinear_tf = sublinear_tf
        self.intercept = intercept
        self.reads = reads  # a model with a rest (``rest_chars``): its lead and rest
        # one sorted table for every n-gram length (a 1-gram's key is below 2**21, a
        # longer one's above: they never meet), ended by a key no n-gram has, so a search
        # never runs off the end and needs no clipping
        rest = reads is not None
        grams = [
            (g, i) for g, i in vocab.items() if self.lo <= len(g) - (rest and g[:1] == REST_MARK) <= self.hi
        ]
        keys = np.fromiter((_key(g, rest) for g, _ in grams), dtype=np.uint64, count=len(grams))
        ids = np.fromiter((i for _, i in grams), dtype=np.int64, count=len(grams))
        order = np.argsort(keys)
        self.keys = np.append(keys[order], np.uint64(_SENTINEL))
        # row k: the idf, then the weights, of the n-gram of keys[k] (the sentinel's: 0)
        table = np.zeros((len(grams) + 1, 1 + matrix.shape[1]), dtype=np.float64)
        table[:-1, 0] = np.asarray(idf, dtype=np.float64)[ids[order]]
        table[:-1, 1:] = matrix[ids[order]]
        self.table = table
        self.width = matrix.shape[1]

    def scores(self, texts: Sequence[str], max_chars: int | None = None) -> list[list[float]]:
        """The decision values of each of ``texts`` (read as
        :func:`~reportmine.learn.features.prepare` reads them, up to ``max_chars``)."""
        if len(texts) == 1 and self.reads is None:  # a document's relevance: no rows to keep apart
            return [self._score_one(prepare(texts[0], max_chars))]
        result: list[list[float]] = self.score_array(texts, max_chars).tolist()
        return result

    def score_array(self, texts: Sequence[str], max_chars: int | None = None) -> Any:
        """:meth:`scores` as a ``(len(texts), width)`` float64 array (the topics of a
        document's sentences: their probabilities are taken on the array too; the leads of a
        chunk of documents: their relevance)."""
        rows, pos, counts = self._found(self._codes(*self._texts(texts, max_chars)))
        return self.sums(len(texts), rows, pos, self._tf(counts))

    def sums(self, n: int, rows: Any, at: Any, tf: Any, known: bool = True) -> Any:
        """The decision values of ``n`` texts given the rows of this model's :attr:`table`
        (``at``) of their n-grams and their tf, sorted by text (``rows``): per text, the
        tf-idf weighted sum of the rows' weights over its L2 norm, plus the intercept.

        Each text's sums run over its own n-grams only, in key order, whatever other texts
        are scored with it (one ``reduceat`` segment each): a document scored alone or in a
        chunk of 64 gets the same floats (issue 16, session 8). ``known=False``: ``at`` may
        hold the sentinel row (n-grams another model of a :class:`PairedIndex` knows, this
        one not): they are dropped, so the sums are those this model makes alone.
        """
        np = self.np
        out = np.tile(self.intercept, (n, 1))
        if not known:  # (an n-gram of the other model: not in this one's sums)
            keep = at != len(self.table) - 1
            rows, at, tf = rows[keep], at[keep], tf[keep]
        if len(at):
            rec = self.table[at]
            x = tf * rec[:, 0]
            starts = np.flatnonzero(np.concatenate(([True], rows[1:] != rows[:-1])))  # rows sorted
            sums = np.add.reduceat(rec[:, 1:] * x[:, None], starts, axis=0)
            norms = np.sqrt(np.add.reduceat(x * x, starts))
            out[rows[starts]] += sums / norms[:, None]
        return out

    def best(self, texts: Sequence[str], max_chars: int | None = None) -> list[tuple[int, float]]:
        """The column of the highest softmax probability of each of ``texts`` and that
        probability (a model of three or more classes): :func:`best_of` its scores."""
        return best_of(self.np, self.score_array(texts, max_chars))

    def _score_one(self, text: str) -> list[float]:
        """The decision values of one prepared text: the steps of :meth:`score_array`
        without the rows."""
        np = self.np
        codes = np.frombuffer(text.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        key = self._keys(codes, np)
        pos = np.searchsorted(self.keys, key)  # (the sentinel: never past the end)
        pos = pos[self.keys[pos] == key]
        if not len(pos):
            result: list[float] = self.intercept.tolist()
            return result
        pos, counts = _runs(np, np.sort(pos))
        rec = self.table[pos]
        x = self._tf(counts) * rec[:, 0]
        result = (self.intercept + (x @ rec[:, 1:]) / np.sqrt(x @ x)).tolist()
        return result

    def _texts(
        self, texts: Sequence[str], max_chars: int | None, first: int = 0
    ) -> tuple[list[str], list[int], list[bool] | None]:
        """The prepared pieces of ``texts``, the text (row, from ``first``) each belongs to,
        and which are a rest (``None``: no rest): a model with a rest reads each text as
        two pieces, its lead and its rest."""
        if self.reads is None:
            return [prepare(t, max_chars) for t in texts], list(range(first, first + len(texts))), None
        pieces: list[str] = []
        for t in texts:
            pieces.extend(self.reads(t))
        every = range(2 * len(texts))
        return pieces, [first + k // 2 for k in every], [k % 2 == 1 for k in every]

    def _codes(
        self, pieces: Sequence[str], owner: Sequence[int], rest: Sequence[bool] | None
    ) -> tuple[Any, Any, Any]:
        """The code points of the prepared pieces joined by :data:`SEPARATOR`, the text
        (row) of each position (a separator's: the piece before it), and whether it lies
        in a rest (``None``: no rest)."""
        np = self.np
        if not pieces:  # (no text at all: nothing to look up)
            return np.zeros(0, dtype=np.uint64), np.zeros(0, dtype=np.int64), None
        lengths = [len(t) + 1 for t in pieces]  # (each with the separator after it)
        codes = np.frombuffer("\0".join(pieces).encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
        if len(pieces) > 1:
            codes[_seps(lengths)] = SEPARATOR
        lengths[-1] -= 1
        rows = np.repeat(np.asarray(owner, dtype=np.int64), lengths)
        in_rest = None if rest is None else np.repeat(np.asarray(rest, dtype=np.uint64), lengths)
        return codes, rows, in_rest

    def _keys(self, codes: Any, np: Any) -> Any:
        """The keys of every n-gram of ``codes``, one length after the other."""
        keys = []
        key = codes
        for n in range(1, self.hi + 1):
            if n > 1:  # the (n-1)-gram keys, each with the code of the next character
                key = (key[:-1] << np.uint64(_BITS)) | codes[n - 1 :]
            if n >= self.lo:
                keys.append(key)
        return np.concatenate(keys) if len(keys) > 1 else keys[0]

    def _found(self, coded: tuple[Any, Any, Any]) -> tuple[Any, Any, Any]:
        """``(row, position, count)`` of every distinct known n-gram of every text, sorted
        by row (a position indexes :attr:`keys` and :attr:`table`)."""
        np = self.np
        codes, row_of, in_rest = coded
        key = self._keys(codes, np)
        n = len(codes)
        blocks = range(self.lo, self.hi + 1)
        rows = np.concatenate([row_of[: max(n - k + 1, 0)] for k in blocks])
        if in_rest is not None:  # an n-gram of a rest: its key marked (as the vocabulary's)
            key = key | np.concatenate([in_rest[: max(n - k + 1, 0)] for k in blocks]) << np.uint64(_REST_BIT)
        pos, hit = self._positions(key, codes, in_rest)
        size = np.int64(len(self.keys))
        pairs, counts = _runs(np, np.sort(rows[hit] * size + pos[hit].astype(np.int64)))
        return pairs // size, pairs % size, counts

    def _positions(self, key: Any, codes: Any, in_rest: Any) -> tuple[Any, Any]:
        """The position in :attr:`keys` of every n-gram key and whether it is there. With
        1-grams (``lo`` 1: the first ``len(codes)`` keys), those are read from a table
        indexed by code point (:meth:`_ones`) and only the longer n-grams searched: half
        the binary search, the larger part of scoring a chunk (session 8)."""
        np = self.np
        n = len(codes)
        if self.lo != 1 or not n:
            pos = np.searchsorted(self.keys, key)  # (the sentinel: never past the end)
            return pos, self.keys[pos] == key
        at = codes if in_rest is None else codes | (in_rest << np.uint64(_BITS))
        one = self._ones()[at].astype(np.int64) - 1  # (-1: no such 1-gram)
        longer = key[n:]
        pos = np.searchsorted(self.keys, longer)
        return np.concatenate((one, pos)), np.concatenate((one >= 0, self.keys[pos] == longer))

    def _ones(self) -> Any:
        """Position + 1 in :attr:`keys` of each 1-gram, by its code point (a rest's 1-gram:
        by ``2**21 +`` its code point); 0 for a character no 1-gram is. Built on first use,
        zeros by ``calloc``: only the pages of the vocabulary's characters are touched."""
        table = self.__dict__.get("_direct")
        if table is None:
            np = self.np
            keys = self.keys[:-1]
            low = keys & np.uint64((1 << _REST_BIT) - 1)
            one = np.flatnonzero(low < np.uint64(1 << _BITS))
            table = np.zeros(2 << _BITS, dtype=np.int32)
            table[low[one] | ((keys[one] >> np.uint64(_REST_BIT)) << np.uint64(_BITS))] = one + 1
            self.__dict__["_direct"] = table
        return table

    def _tf(self, counts: Any) -> Any:
        """The term frequency of each count: ``1 + log(count)`` under sublinear tf."""
        return 1.0 + self.np.log(counts) if self.sublinear_tf else counts * 1.0


class PairedIndex(NgramIndex):
    """Two models scored in one pass: a document's lead (and rest) by the first
    (relevance, two classes) and its fact sentences by the second (topics), one text
    array, one search of the union of both vocabularies — inside extraction the numpy
    calls, not the arithmetic, are the cost, and the two models read the same n-grams
    (session 7).

    Each key of the union maps to its row in each model's own table (the model's sentinel
    row, all zeros, when the model lacks it: idf 0, so its tf-idf is 0 and it adds
    nothing to that model's sums or norm): both models score exactly as they do alone
    (the sums run over the same n-grams in the same order), and the tables stay each
    model's own — a joint table of every key × both models' columns was 14 MB for a
    relevance model that reads a document's rest, and its gathers cost more than the
    calls they saved.
    """

    def __init__(self, first: NgramIndex, second: NgramIndex) -> None:
        np = first.np
        if (first.lo, first.hi, first.sublinear_tf) != (second.lo, second.hi, second.sublinear_tf):
            raise ValueError("the two models read different n-grams")
        self.np, self.lo, self.hi, self.sublinear_tf = np, first.lo, first.hi, first.sublinear_tf
        self.first, self.second = first, second
        keys = np.union1d(first.keys[:-1], second.keys[:-1])
        self.keys = np.append(keys, np.uint64(_SENTINEL))
        self.rows_in: list[Any] = []  # per model: the row of each union key in its table
        for index in (first, second):
            pos = np.searchsorted(index.keys, self.keys)
            self.rows_in.append(np.where(index.keys[pos] == self.keys, pos, len(index.keys) - 1))

    def score_chunk(
        self, leads: Sequence[str], sentences: Sequence[str], max_chars: int | None
    ) -> tuple[Any, Any]:
        """The first model's decision values of each of ``leads`` (``(len(leads), 1)``)
        and the second's of each of ``sentences`` (``(len(sentences), width)``), for a
        chunk of documents in one pass: the numpy calls paid once per chunk, not per
        document (issue 16, session 8). Each model's sums run over the n-grams it knows
        only (:meth:`NgramIndex.sums`), so the values are those of each model alone, for
        a document alone or in any chunk."""
        np = self.np
        d = len(leads)
        pieces, owner, rest = self.first._texts(leads, max_chars)
        pieces += [prepare(t) for t in sentences]
        owner += range(d, d + len(sentences))
        if rest is not None:
            rest += [False] * len(sentences)
        rows, pos, counts = self._found(self._codes(pieces, owner, rest))
        tf = self._tf(counts)
        n0 = int(np.searchsorted(rows, d))  # the leads' n-grams come first (rows sorted)
        first = self.first.sums(d, rows[:n0], self.rows_in[0][pos[:n0]], tf[:n0], known=False)
        second = self.second.sums(
            len(sentences), rows[n0:] - d, self.rows_in[1][pos[n0:]], tf[n0:], known=False
        )
        return first, second


def best_of(np: Any, s: Any) -> list[tuple[int, float]]:
    """The column of the largest of each row of scores ``s`` and its softmax probability,
    ``1 / Σ exp(score − largest)`` (each row's sum its own: the same for a row alone or in
    a chunk)."""
    p = 1.0 / np.exp(s - s.max(axis=1, keepdims=True)).sum(axis=1)
    return list(zip(s.argmax(axis=1).tolist(), p.tolist(), strict=True))


def _seps(lengths: list[int]) -> list[int]:
    """The separators' positions in the joined texts (each text's length with its
    separator given): after every text but the last."""
    return [end - 1 for end in accumulate(lengths[:-1])]


def _runs(np: Any, ordered: Any) -> tuple[Any, Any]:
    """The distinct values of a sorted array and how often each occurs (``np.unique``
    with counts, without its checks and its second sort)."""
    first = np.empty(len(ordered), dtype=bool)
    first[:1] = True
    np.not_equal(ordered[1:], ordered[:-1], out=first[1:])
    starts = np.flatnonzero(first)
    return ordered[starts], np.diff(starts, append=len(ordered))


def _key(gram: str, rest: bool = False) -> int:
    """The numeric key of an n-gram: its code points, 21 bits each, first char highest;
    for a model with a rest, an n-gram marked as the rest's has bit 63 set too."""
    flag = 0
    if rest and gram[:1] == REST_MARK:
        gram, flag = gram[1:], 1 << _REST_BIT
    k = 0
    for ch in gram:
        k = (k << _BITS) | ord(ch)
    return k | flag
