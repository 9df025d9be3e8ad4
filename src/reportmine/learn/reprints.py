"""Reprints: near-duplicate documents in a stream, each pointed at its first-seen copy.

The same Xinhua report printed by many outlets — with another headline, a paragraph cut,
the paragraphs in another order, a byline added, or in traditional script — is one report;
counting its facts once needs to know which documents are copies. :class:`ReprintIndex`
reads documents one at a time (streaming: nothing is kept but a small signature per
document) and answers, for each, the id of the earlier document it reprints, or ``None``.

Steps, each with the case that forced it:

1. **Text**: the pipeline's normalized text (simplified script: a traditional reprint of a
   simplified report has the same text), with everything but Han characters, letters and
   digits dropped — punctuation, spaces and line breaks differ between outlets
   (「，」/「,」, a blank line between paragraphs).
2. **Shingles**: every 5 characters, hashed (CRC-32). Five Han characters rarely recur by
   chance across different reports; reordered paragraphs keep all but the few shingles
   across their joins.
3. **MinHash** signature: the least value of each of 126 random hash functions over the
   shingles; the share of equal positions of two signatures estimates the Jaccard
   similarity of their shingle sets.
4. **LSH** (locality-sensitive hashing): the signature cut in 42 bands of 3; documents
   sharing a band are candidates. A pair of Jaccard 0.5 is a candidate with probability
   0.996, one of 0.4 with 0.94, one of 0.3 with 0.68, one of 0.05 with 0.005 — so each
   document is compared with few others, whatever the size of the archive.
5. **Decision**: a candidate is a copy when the estimated Jaccard is at least
   :data:`JACCARD` (0.5), or when the NEW document lies mostly inside the earlier one
   (estimated share of its shingles found there at least :data:`CONTAINMENT`, 0.8, from
   the Jaccard and both shingle counts; Jaccard at least 0.2) — a reprint cut to its first
   half has Jaccard 0.5 but lies wholly inside its original. Only the new document's
   share counts: a page that holds a short earlier article among others contains it, but
   is no reprint of it (counting either way linked unrelated pages through such items).
6. **First-seen**: a copy of a copy points at the first document of the chain.

Documents shorter than :data:`MIN_SHINGLES` shingles (a photo caption, 「广告」) are never
called reprints: short texts coincide too easily.

>>> index = ReprintIndex()
>>> story = "本报北京10月17日电 记者从国务院扶贫办获悉，今年全国832个贫困县中已有780个脱贫摘帽，" * 3
>>> index.add("a", story) is None
True
>>> index.add("b", "扶贫新闻（转载）\\n" + story)
'a'
>>> index.add("c", "今天的足球比赛在北京工人体育场进行，两队各进一球，观众三万余人到场观看。" * 3) is None
True

Needs numpy (``reportmine[learn]``); the measurement that chose these settings — and this
implementation over ``datasketch`` — is ``benchmarks/bench_reprints.py`` (``docs/learn.md``).
"""

from __future__ import annotations

import re
import zlib
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError

if TYPE_CHECKING:
    import numpy

__all__ = [
    "CONTAINMENT",
    "JACCARD",
    "MIN_SHINGLES",
    "ReprintIndex",
    "find_reprints",
    "mark_reprints",
    "shingles",
]

SHINGLE = 5
PERMUTATIONS = 126
BANDS = 42
JACCARD = 0.5
CONTAINMENT = 0.8
MIN_SHINGLES = 40
_PRIME = (1 << 61) - 1
_KEEP = re.compile(r"[^\w]|_", re.UNICODE)


def _np() -> Any:
    try:
        import numpy as np
    except ImportError as e:
        raise MissingExtraError("reprint detection", "learn", "numpy") from e
    return np


def shingles(text: str, size: int = SHINGLE) -> set[int]:
    """The CRC-32 of every ``size``-character window of ``text`` once punctuation and
    spaces are dropped (``text`` should be simplified already: the pipeline's normalized
    text).

    >>> shingles("扶贫，车间") == shingles("扶贫 车 间")
    True
    >>> len(shingles("一二三四五六"))
    2
    """
    flat = _KEEP.sub("", text)
    return {zlib.crc32(flat[i : i + size].encode("utf-8")) for i in range(len(flat) - size + 1)}


class ReprintIndex:
    """Reprint detection over a stream of documents (see the module docstring).

    ``add(doc_id, text)`` returns the id of the first-seen document ``text`` reprints,
    or ``None``. Memory: one 126-value signature (504 bytes) and 42 band keys per
    document with enough text.
    """

    def __init__(self, seed: int = 16, permutations: int = PERMUTATIONS, bands: int = BANDS) -> None:
        if permutations % bands:
            raise ValueError("permutations must be a multiple of bands")
        np = _np()
        rng = np.random.default_rng(seed)
        # a and b below the Mersenne prime, products wrapping at 2**64 (as datasketch does):
        # a below 2**31 kept a·x below 4p, so x → (a·x + b) mod p hardly mixed, every
        # "permutation" ranked small shingle hashes first and the estimates fell to half
        self._a = rng.integers(1, _PRIME, size=permutations, dtype=np.uint64)
        self._b = rng.integers(0, _PRIME, size=permutations, dtype=np.uint64)
        self._rows = permutations // bands
        self._bands: list[dict[int, int]] = [{} for _ in range(bands)]
        self._sigs = np.zeros((1024, permutations), dtype=np.uint32)
        self._sizes: list[int] = []
        self._ids: list[str] = []
        self._root: list[int] = []

    def __len__(self) -> int:
        """The number of documents signed so far (short ones are not kept)."""
        return len(self._ids)

    def signature(self, grams: set[int]) -> numpy.ndarray:
        """The MinHash signature of a shingle set (low 32 bits of each minimum)."""
        np = _np()
        x = np.fromiter(grams, dtype=np.uint64, count=len(grams))
        best = np.full(len(self._a), np.iinfo(np.uint64).max, dtype=np.uint64)
        for lo in range(0, len(x), 4096):  # bounded memory on a huge document
            chunk = x[lo : lo + 4096, None]
            best = np.minimum(best, ((chunk * self._a + self._b) % _PRIME).min(axis=0))
        sig: numpy.ndarray = (best & 0xFFFFFFFF).astype(np.uint32)
        return sig

    def add(self, doc_id: str, text: str) -> str | None:
        """Sign ``text``; the id of the first-seen document it reprints, or ``None``."""
        grams = shingles(text)
        if len(grams) < MIN_SHINGLES:
            return None
        sig = self.signature(grams)
        keys = self._band_keys(sig)
        match = self._best_match(sig, len(grams), keys)
        me = self._store(doc_id, sig, len(grams), keys)
        if match is None:
            self._root.append(me)
            return None
        root = self._root[match]
        self._root.append(root)
        return self._ids[root]

    def _band_keys(self, sig: numpy.ndarray) -> list[int]:
        r = self._rows
        return [hash(sig[i * r : (i + 1) * r].tobytes()) for i in range(len(self._bands))]

    def _best_match(self, sig: numpy.ndarray, size: int, keys: list[int]) -> int | None:
        """The earliest stored document that ``sig`` copies, among its LSH candidates."""
        candidates = sorted({b[k] for b, k in zip(self._bands, keys, strict=False) if k in b})
        for j in candidates:
            jaccard = float((self._sigs[j] == sig).mean())
            if self.is_copy(jaccard, size, self._sizes[j]):
                return j
        return None

    @staticmethod
    def is_copy(jaccard: float, size_new: int, size_old: int) -> bool:
        """A copy: Jaccard ≥ :data:`JACCARD`, or the new set ≥ :data:`CONTAINMENT` inside
        the old one (|new ∩ old| = J·(|new|+|old|) / (1+J), over |new|).

        >>> ReprintIndex.is_copy(0.5, 100, 100), ReprintIndex.is_copy(0.5, 50, 100)
        (True, True)
        >>> ReprintIndex.is_copy(0.3, 40, 100), ReprintIndex.is_copy(0.3, 100, 40)
        (True, False)
        """
        if jaccard >= JACCARD:
            return True
        inside = jaccard * (size_new + size_old) / ((1.0 + jaccard) * size_new)
        return jaccard >= 0.2 and inside >= CONTAINMENT

    def _store(self, doc_id: str, sig: numpy.ndarray, size: int, keys: list[int]) -> int:
        np = _np()
        me = len(self._ids)
        if me == len(self._sigs):
            self._sigs = np.concatenate([self._sigs, np.zeros_like(self._sigs)])
        self._sigs[me] = sig
        self._sizes.append(size)
        self._ids.append(doc_id)
        for band, k in zip(self._bands, keys, strict=False):
            band.setdefault(k, me)  # the first document of a bucket stands for it
        return me


def find_reprints(inputs: Sequence[str]) -> Iterator[tuple[str, str | None]]:
    """``(doc_id, reprint_of)`` for every readable document of ``inputs``, in input order
    (texts normalized by the pipeline's normalizer: simplified script)."""
    from ..normalization import normalize
    from ..sources import iter_documents

    index = ReprintIndex()
    for doc in iter_documents(list(inputs)):
        if doc.ok and doc.text is not None:
            yield doc.id, index.add(doc.id, normalize(doc.text).normalized)


def mark_reprints(store: str | Path, inputs: Sequence[str]) -> tuple[int, int]:
    """Write each document's ``reprint_of`` into the ``store`` the ``inputs`` were
    extracted into; returns ``(documents read, reprints)``."""
    from ..output.store import Store

    pairs = list(find_reprints(inputs))
    with Store(store) as st:
        st.set_reprints(pairs)
    return len(pairs), sum(1 for _, r in pairs if r is not None)
