"""The models that come with reportmine, loaded on first use, and the two questions they answer.

- :func:`relevance`: the probability that a document reports poverty-alleviation,
  rural-revitalization or village-assistance work (read from its first characters:
  headline and lead);
- :func:`topic`: the field of work a fact sentence is about (产业, 就业, 教育 … 其他:
  :data:`~reportmine.learn.labels.TOPICS`) and its probability.

Both read simplified text — the pipeline's normalized text — so a traditional report
gets the scores of its simplified twin. The shipped files are ``relevance.model`` and
``topic.model`` beside this module, trained on ``corpus/labels`` (``docs/learn.md`` gives
their cross-validated scores); a model of one's own (``reportmine train``) is used by
giving its path. A model file is read once per process, when first asked for, never at
import.

>>> p = relevance("脱贫攻坚：驻村工作队帮助贫困户发展产业，全村脱贫摘帽")
>>> p > 0.5
True
>>> relevance("中国女排以3比0战胜对手，夺得世界杯冠军") < 0.5
True
>>> topic("资助贫困学生1.2万人，新建乡村学校20所")[0]
'教育'
>>> [name for name, _ in topics(["资助贫困学生1.2万人", "新建通村公路120公里"])]
['教育', '基础设施']

Many documents are scored at once by :func:`score_chunk` (the batch's path: the numpy calls
paid once per chunk of documents, not once per document — inside extraction the calls, not
the arithmetic, are the cost). Each text's sums run over its own n-grams only, so a
document gets the same floats alone or in any chunk (issue 16, session 8).
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from .models import LinearModel, load_model
from .vectorized import NgramIndex, PairedIndex, best_of

__all__ = [
    "DEFAULT_RELEVANCE",
    "SHIPPED",
    "model",
    "relevance",
    "relevance_and_topics",
    "score_chunk",
    "topic",
    "topics",
]

_HERE = Path(__file__).resolve().parent
#: the shipped model file of each task
SHIPPED: dict[str, Path] = {
    "relevance": _HERE / "relevance.model",
    "topic": _HERE / "topic.model",
    # reads a document's rest up to 1,500 characters too: F1 0.90 against 0.88 in
    # cross-validation (docs/learn.md); the default since session 8, when scoring a chunk
    # of documents per call brought its cost in extraction to about 13 % ("relevance":
    # the lead alone, cheaper, asked for by name)
    "relevance-rest": _HERE / "relevance-rest.model",
}

#: the relevance model scored when none is named: ``"relevance-rest"`` (CV F1 0.901 against
#: 0.878 for the lead-only ``"relevance"``; its cost per chunk: docs/learn.md, "Fifth pass")
DEFAULT_RELEVANCE = "relevance-rest"


@lru_cache(maxsize=8)
def model(task: str, path: str | None = None) -> LinearModel:
    """The ``task`` model: the file at ``path`` (or the shipped model of that name,
    :data:`SHIPPED`), or the shipped one of the task (read once)."""
    if path is None:
        return load_model(SHIPPED[DEFAULT_RELEVANCE if task == "relevance" else task], task)
    return load_model(SHIPPED.get(path, path), task)


def relevance(text: str, path: str | None = None) -> float:
    """The probability that ``text`` (a document, simplified) is about assistance work."""
    m = model("relevance", path)
    return m.proba(text)[m.labels.index("1")]


def topic(sentence: str, path: str | None = None) -> tuple[str, float]:
    """The topic of a fact sentence (simplified) and its probability."""
    return model("topic", path).predict(sentence)


def relevance_and_topics(
    text: str, sentences: Sequence[str], relevance_path: str | None = None, topic_path: str | None = None
) -> tuple[float, list[tuple[str, float]]]:
    """:func:`relevance` of ``text`` and :func:`topics` of ``sentences`` together: one
    document's :func:`score_chunk` (with numpy, one pass over both models' n-grams; the
    same values as the two calls).

    >>> p, found = relevance_and_topics("驻村工作队帮助贫困户脱贫", ["资助贫困学生1.2万人"])
    >>> p == relevance("驻村工作队帮助贫困户脱贫"), found == topics(["资助贫困学生1.2万人"])
    (True, True)
    """
    probs, found = score_chunk([text], sentences, relevance_path, topic_path)
    return probs[0], found


@lru_cache(maxsize=4)
def _paired(relevance_path: str | None, topic_path: str | None) -> PairedIndex | None:
    """The joint index of the two models (built once), or ``None`` without numpy or for
    models that cannot share one (a relevance model of more than two classes, a topic
    model of two, or n-grams read differently)."""
    rel, top = model("relevance", relevance_path), model("topic", topic_path)
    first, second = rel._index(), top._index()
    if first is None or second is None or rel.width != 1 or top.width == 1 or top.max_chars is not None:
        return None
    try:
        return PairedIndex(first, second)
    except ValueError:  # (n-grams of other lengths, another tf)
        return None


def topics(sentences: Sequence[str], path: str | None = None) -> list[tuple[str, float]]:
    """The topic and its probability of each of ``sentences`` (simplified), scored in one
    batch: what the pipeline asks once per document."""
    return model("topic", path).predict_many(sentences)


def score_chunk(
    texts: Sequence[str] | None,
    sentences: Sequence[str] | None,
    relevance_path: str | None = None,
    topic_path: str | None = None,
) -> tuple[list[float], list[tuple[str, float]]]:
    """The relevance of each of ``texts`` (documents, simplified; ``None``: not asked,
    ``[]`` returned) and the topic and its probability of each of ``sentences`` (all fact
    sentences of a chunk of documents, one list; ``None``: not asked), scored in one pass
    when both are asked (:meth:`~reportmine.learn.vectorized.PairedIndex.score_chunk`).

    A text or sentence gets the same values alone as in any chunk, and the same with or
    without the other model asked (each model's sums over its own n-grams, in key order):

    >>> docs = ["驻村工作队帮助贫困户脱贫", "中国女排夺得世界杯冠军", ""]
    >>> rel, found = score_chunk(docs, ["资助贫困学生1.2万人", "新建通村公路120公里"])
    >>> [p > 0.5 for p in rel], [name for name, _ in found]
    ([True, False, False], ['教育', '基础设施'])
    >>> rel == [score_chunk([d], None)[0][0] for d in docs]
    True
    >>> found == score_chunk(None, ["资助贫困学生1.2万人"])[1] + score_chunk(None, ["新建通村公路120公里"])[1]
    True
    """
    if not _on_arrays(texts is not None, sentences is not None, relevance_path, topic_path):
        # (no numpy, or a model numpy cannot score: one call per document, the same values)
        return (
            [] if texts is None else [relevance(t, relevance_path) for t in texts],
            [] if sentences is None else topics(sentences, topic_path),
        )
    first, second = _arrays(texts, sentences, relevance_path, topic_path)
    probs: list[float] = []
    if first is not None:
        rel = model("relevance", relevance_path)
        yes = rel.labels.index("1")
        probs = [rel.proba_of(row)[yes] for row in first.tolist()]
    found: list[tuple[str, float]] = []
    if second is not None:
        top = model("topic", topic_path)
        found = [(top.labels[k], p) for k, p in best_of(_index(top).np, second)]
    return probs, found


def _on_arrays(relevance: bool, topics: bool, relevance_path: str | None, topic_path: str | None) -> bool:
    """Whether numpy scores the models asked for (a topic model of three or more classes)."""
    if relevance and model("relevance", relevance_path)._index() is None:
        return False
    if topics:
        top = model("topic", topic_path)
        return top.width > 1 and top._index() is not None
    return True


def _arrays(
    texts: Sequence[str] | None,
    sentences: Sequence[str] | None,
    relevance_path: str | None,
    topic_path: str | None,
) -> tuple[Any, Any]:
    """The decision values of ``texts`` by the relevance model and of ``sentences`` by
    the topic model, as arrays (``None`` for what is not asked): one pass of both when
    their n-grams allow it (:func:`_paired`), otherwise one pass each."""
    if texts is not None and sentences is not None:
        paired = _paired(relevance_path, topic_path)
        if paired is not None:
            return paired.score_chunk(texts, sentences, model("relevance", relevance_path).max_chars)
    first = second = None
    if texts is not None:
        rel = model("relevance", relevance_path)
        first = _index(rel).score_array(texts, rel.max_chars)
    if sentences is not None:
        top = model("topic", topic_path)
        second = _index(top).score_array(sentences, top.max_chars)
    return first, second


def _index(m: LinearModel) -> NgramIndex:
    """The numpy scorer of ``m`` (:func:`_on_arrays` said it has one)."""
    index = m._index()
    assert index is not None
    return index
