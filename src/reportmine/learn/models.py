"""A trained linear text model as plain arrays: saved, loaded and applied without pickle.

A model file is a zip archive of plain data, readable by anyone and safe to open:

- ``model.json``: what the model is — ``format`` (the file layout, :data:`FORMAT`),
  ``task`` (``relevance`` or ``topic``), ``labels`` (the classes, in the order of the
  weights), the n-gram settings (``ngram_range``, ``max_chars``, ``sublinear_tf``), how
  it was trained (``trained_with``: reportmine, scikit-learn and Python versions; the
  labelled sets' sha256 and sizes; the cross-validated scores);
- ``rest_chars`` (format 2): when set, a relevance model reads a document's lead (its first
  ``max_chars`` characters) and its rest up to ``rest_chars`` as two blocks of features —
  an n-gram of the rest is stored marked by a tab
  (:data:`~reportmine.learn.features.REST_MARK`);
- ``vocab.txt``: one n-gram per line (n-grams never hold a line break: whitespace is
  squeezed to one space first, :func:`~reportmine.learn.features.prepare`);
- ``idf.f32``, ``coef.f32``, ``intercept.f32``: little-endian float32 arrays — the idf
  of each n-gram, the weight of each (n-gram, class) pair n-gram-major, the intercepts.

Scoring is the scikit-learn pipeline it was trained as, redone in plain Python: tf-idf
(``1 + log(count)`` when ``sublinear_tf``) over the vocabulary, L2-normalized, dot the
weights, plus the intercept; a sigmoid for one weight column (two classes), a softmax
otherwise. No pickle is ever read (a model file cannot run code), and scoring needs
neither scikit-learn nor numpy, so a model trained with one scikit-learn version is used
with any other. A file of another :data:`FORMAT` is refused with a :class:`ModelError`
telling how to retrain it.

>>> m = LinearModel("relevance", ("0", "1"), {"扶贫": 0, "足球": 1}, [1.0, 1.0],
...                 [2.0, -2.0], [0.0], ngram_range=(2, 2))
>>> round(m.proba("扶贫工作")[1], 3), round(m.proba("足球比赛")[1], 3)
(0.881, 0.119)
"""

from __future__ import annotations

import json
import math
import sys
import zipfile
from array import array
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from itertools import repeat
from operator import mul
from pathlib import Path
from typing import Any

from .._version import __version__
from ..errors import ModelError
from .features import DEFAULT_NGRAMS, REST_MARK, lookup_ngrams, prepare, split_lead
from .vectorized import NgramIndex

__all__ = ["FORMAT", "LinearModel", "load_model"]

#: the layout of a model file written now; a file of a format not in :data:`READS` must be
#: retrained (2: ``rest_chars``, the rest of a document as features of its own — a
#: reportmine reading format 1 only would ignore them and score such a model wrongly)
FORMAT = 2
#: the formats this reportmine reads (1: no ``rest_chars``)
READS: tuple[int, ...] = (1, 2)
_MEMBERS = ("model.json", "vocab.txt", "idf.f32", "coef.f32", "intercept.f32")
_RETRAIN = "retrain it with  reportmine train {task} --labels DIR -o {path}"


def _floats(values: Iterable[float]) -> array[float]:
    return array("f", values)


@dataclass
class LinearModel:
    """A tf-idf + linear classifier over character n-grams (see the module docstring).

    ``coef`` holds ``len(vocab) * width`` weights, n-gram-major, where ``width`` is 1 for
    two classes (the weight of ``labels[1]``) and ``len(labels)`` otherwise.
    """

    task: str
    labels: tuple[str, ...]
    vocab: dict[str, int]
    idf: Sequence[float]
    coef: Sequence[float]
    intercept: Sequence[float]
    ngram_range: tuple[int, int] = DEFAULT_NGRAMS
    max_chars: int | None = None
    sublinear_tf: bool = True
    info: dict[str, Any] = field(default_factory=dict)
    rest_chars: int | None = None

    def __post_init__(self) -> None:
        self.idf = _floats(self.idf)
        self.coef = _floats(self.coef)
        self.intercept = _floats(self.intercept)
        width = self.width
        if len(self.labels) < 2 or len(self.intercept) != width:
            raise ModelError(
                f"{self.task} model: {len(self.labels)} labels, {len(self.intercept)} intercepts"
            )
        if len(self.idf) != len(self.vocab) or len(self.coef) != len(self.vocab) * width:
            raise ModelError(f"{self.task} model: vocabulary, idf and weights differ in size")

    @property
    def width(self) -> int:
        """Weights per n-gram: 1 for a two-class model, one per class otherwise."""
        return 1 if len(self.labels) == 2 else len(self.labels)

    # -- scoring ------------------------------------------------------------------------------
    def scores(self, text: str) -> list[float]:
        """The decision values of ``text`` (one per weight column)."""
        return self.scores_many([text])[0]

    def scores_many(self, texts: Sequence[str]) -> list[list[float]]:
        """The decision values of each of ``texts``, in one pass.

        With numpy installed (``reportmine[learn]``) the n-grams of every text are looked
        up and their weights summed in a few array operations —
        :mod:`~reportmine.learn.vectorized`: the topics of all of a document's fact
        sentences at once (cutting and hashing n-gram strings in Python cost about as much
        as extracting the facts). Without numpy the same sums are done in Python; both ways
        give the same values (``tests/test_learn.py`` checks them against each other and
        against scikit-learn).
        """
        index = self._index()
        if index is not None:
            return index.scores(texts, self.max_chars)
        return [self._scores_python(*self._tfidf(t)) for t in texts]

    def reads(self, text: str) -> tuple[str, str]:
        """The prepared lead of ``text`` and its rest (``""`` for a model without
        ``rest_chars``): what the n-grams are cut from."""
        if self.rest_chars is None or self.max_chars is None:
            return prepare(text, self.max_chars), ""
        return split_lead(text, self.max_chars, self.rest_chars)

    def _scores_python(self, ids: list[int], ws: list[float]) -> list[float]:
        w = self.width
        if w == 1:
            coef = self.__dict__.get("_coef_cache")  # a list: fast indexing
            if coef is None:
                coef = self.__dict__["_coef_cache"] = list(self.coef)
            return [self.intercept[0] + sum(map(mul, ws, map(coef.__getitem__, ids)))]
        out = list(self.intercept)
        for i, x in zip(ids, ws, strict=True):
            base = i * w
            for k in range(w):
                out[k] += x * self.coef[base + k]
        return out

    def _index(self) -> NgramIndex | None:
        """The numpy scorer of this model (built on first use), or ``None`` without numpy
        or for n-grams longer than 3 (their keys would not fit 64 bits)."""
        if "_np_index" not in self.__dict__:
            index = None
            if self.ngram_range[1] <= 3:
                try:
                    import numpy as np
                except ImportError:  # pragma: no cover - depends on the environment
                    np = None  # type: ignore[assignment]
                if np is not None:
                    matrix = np.frombuffer(_floats(self.coef).tobytes(), dtype=np.float32)
                    index = NgramIndex(
                        np,
                        self.vocab,
                        self.idf,
                        matrix.reshape(-1, self.width).astype(np.float64),
                        np.array(list(self.intercept), dtype=np.float64),
                        self.ngram_range,
                        self.sublinear_tf,
                        self.reads if self.rest_chars is not None else None,
                    )
            self.__dict__["_np_index"] = index
        found: NgramIndex | None = self.__dict__["_np_index"]
        return found

    def _tfidf(self, text: str) -> tuple[list[int], list[float]]:
        """The vocabulary indices of the n-grams of ``text`` and their tf-idf weights,
        L2-normalized (the n-grams of :func:`~reportmine.learn.features.ngram_counts`,
        looked up as they are cut: :func:`~reportmine.learn.features.lookup_ngrams`)."""
        lead, rest = self.reads(text)
        counts = Counter(lookup_ngrams(lead, self.ngram_range, self.vocab.get))
        if rest:  # the rest's n-grams, marked (a model with ``rest_chars``)
            vocab = self.vocab
            counts.update(lookup_ngrams(rest, self.ngram_range, lambda g: vocab.get(REST_MARK + g)))
        counts.pop(None, None)
        if not counts:
            return [], []
        log = math.log
        ids: list[int] = list(counts)  # type: ignore[arg-type]
        cs = counts.values()
        tfs = [1.0 + log(c) if c > 1 else 1.0 for c in cs] if self.sublinear_tf else list(map(float, cs))
        ws = list(map(mul, tfs, map(self._idf_list().__getitem__, ids)))  # C-level loops
        inv = 1.0 / math.sqrt(sum(map(mul, ws, ws)))
        return ids, list(map(mul, ws, repeat(inv)))

    def _idf_list(self) -> list[float]:
        """The idf as a list (indexing a list is faster than an array of float32)."""
        cached: list[float] | None = self.__dict__.get("_idf_cache")
        if cached is None:
            cached = self.__dict__["_idf_cache"] = list(self.idf)
        return cached

    def proba(self, text: str) -> list[float]:
        """The probability of each of :attr:`labels` for ``text``."""
        return self._proba(self.scores(text))

    def proba_of(self, s: list[float]) -> list[float]:
        """The probability of each of :attr:`labels` given the decision values ``s``."""
        return self._proba(s)

    def _proba(self, s: list[float]) -> list[float]:
        if self.width == 1:
            p = _sigmoid(s[0])
            return [1.0 - p, p]
        top = max(s)
        exps = [math.exp(v - top) for v in s]
        total = sum(exps)
        return [e / total for e in exps]

    def predict(self, text: str) -> tuple[str, float]:
        """The most probable label of ``text`` and its probability."""
        return self.predict_many([text])[0]

    def predict_many(self, texts: Sequence[str]) -> list[tuple[str, float]]:
        """The most probable label of each of ``texts`` and its probability, in one pass
        (:meth:`scores_many`; with numpy and three or more classes the softmax is taken on
        the score array too: :meth:`~reportmine.learn.vectorized.NgramIndex.best`)."""
        index = self._index()
        if index is not None and self.width > 1 and len(texts) > 1:
            return [(self.labels[k], p) for k, p in index.best(texts, self.max_chars)]
        out = []
        for s in self.scores_many(texts):
            p = self._proba(s)
            k = max(range(len(p)), key=p.__getitem__)
            out.append((self.labels[k], p[k]))
        return out

    # -- files --------------------------------------------------------------------------------
    def save(self, path: str | Path) -> Path:
        """Write the model file (a zip of plain arrays); returns its path."""
        path = Path(path)
        meta = {
            "format": FORMAT if self.rest_chars is not None else 1,  # (older readers: format 1)
            "task": self.task,
            "labels": list(self.labels),
            "ngram_range": list(self.ngram_range),
            "max_chars": self.max_chars,
            "sublinear_tf": self.sublinear_tf,
            "rest_chars": self.rest_chars,
            "features": len(self.vocab),
            **self.info,
        }
        words = sorted(self.vocab, key=self.vocab.__getitem__)
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("model.json", json.dumps(meta, ensure_ascii=False, indent=1))
            zf.writestr("vocab.txt", "\n".join(words))
            for name, arr in (("idf", self.idf), ("coef", self.coef), ("intercept", self.intercept)):
                zf.writestr(f"{name}.f32", _le_bytes(_floats(arr)))
        return path


def load_model(path: str | Path, task: str | None = None) -> LinearModel:
    """Read a model file; ``task`` (``relevance``/``topic``) checks what it is for.

    Raises :class:`~reportmine.errors.ModelError` naming the file for anything that is
    not a readable model of this format.
    """
    path = Path(path)
    try:
        with zipfile.ZipFile(path) as zf:
            names = set(zf.namelist())
            missing = [m for m in _MEMBERS if m not in names]
            if missing:
                raise ModelError(f"{path}: not a reportmine model file (no {', '.join(missing)})")
            meta = json.loads(zf.read("model.json").decode("utf-8"))
            _check_meta(meta, path, task)
            vocab_text = zf.read("vocab.txt").decode("utf-8")
            arrays = {n: _from_le(zf.read(f"{n}.f32")) for n in ("idf", "coef", "intercept")}
    except (OSError, zipfile.BadZipFile, UnicodeDecodeError, json.JSONDecodeError, KeyError) as e:
        raise ModelError(f"{path}: cannot read the model file ({e})") from e
    words = vocab_text.split("\n") if vocab_text else []
    info = {k: v for k, v in meta.items() if k not in _LAYOUT_KEYS}
    try:
        return LinearModel(
            meta["task"],
            tuple(meta["labels"]),
            {w: i for i, w in enumerate(words)},
            arrays["idf"],
            arrays["coef"],
            arrays["intercept"],
            ngram_range=(int(meta["ngram_range"][0]), int(meta["ngram_range"][1])),
            max_chars=meta.get("max_chars"),
            sublinear_tf=bool(meta.get("sublinear_tf", True)),
            info=info,
            rest_chars=meta.get("rest_chars"),
        )
    except ModelError as e:
        raise ModelError(f"{path}: {e}") from e


_LAYOUT_KEYS = frozenset(
    {"format", "task", "labels", "ngram_range", "max_chars", "rest_chars", "sublinear_tf", "features"}
)


def _check_meta(meta: Mapping[str, Any], path: Path, task: str | None) -> None:
    """A model of another format or task is refused, with the command that retrains it."""
    what = meta.get("task", task or "relevance")
    hint = _RETRAIN.format(task=what, path=path)
    if meta.get("format") not in READS:
        raise ModelError(
            f"{path}: model format {meta.get('format')!r}, this reportmine ({__version__}) reads "
            f"format {' or '.join(map(str, READS))}; {hint}"
        )
    if task is not None and what != task:
        raise ModelError(f"{path}: a {what} model, not a {task} model")


def _le_bytes(arr: array[float]) -> bytes:
    if sys.byteorder == "little":
        return arr.tobytes()
    swapped = array("f", arr)  # pragma: no cover - big-endian machines
    swapped.byteswap()
    return swapped.tobytes()


def _from_le(data: bytes) -> array[float]:
    arr = array("f")
    arr.frombytes(data)
    if sys.byteorder != "little":  # pragma: no cover - big-endian machines
        arr.byteswap()
    return arr


def _sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)

