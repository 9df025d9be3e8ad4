"""Training, cross-validation and learning curves (needs ``reportmine[learn]``: scikit-learn).

:func:`train` is what ``reportmine train relevance|topic --labels DIR -o MODEL`` runs: read
the labelled data, bring every text to simplified script with the pipeline's normalizer,
fit a scikit-learn pipeline — a tf-idf of character n-grams
(:mod:`~reportmine.learn.features`) and a linear classifier — and write its weights as a
plain-array model file (:mod:`~reportmine.learn.models`). :func:`cross_validate` and
:func:`learning_curve` give the figures of ``docs/learn.md``.

Classifiers (:data:`CLASSIFIERS`): ``logreg`` (logistic regression, class-balanced; the
shipped models: it gives probabilities and exports as weights), and, for comparison,
``linearsvc``, ``sgd`` (logistic loss, stochastic gradient) and ``cnb`` (complement
naive Bayes). Only ``logreg`` can be saved: the others' scores are not probabilities.

The task's text: ``relevance`` reads a document's first ``max_chars`` characters
(headline and lead; :data:`RELEVANCE_CHARS`) and, trained with ``rest_chars``
(:data:`RELEVANCE_REST` for the shipped ``relevance-rest.model``), the rest up to there as
features of their own; ``topic`` the whole fact sentence.
"""

from __future__ import annotations

import platform
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .._version import __version__
from ..errors import LabelError, MissingExtraError, OptionError
from .features import DEFAULT_NGRAMS, document_ngrams
from .labels import file_sha256, label_files, read_relevance, read_topics
from .models import LinearModel

if TYPE_CHECKING:
    from sklearn.base import ClassifierMixin

__all__ = [
    "CLASSIFIERS",
    "RELEVANCE_CHARS",
    "RELEVANCE_REST",
    "TASKS",
    "Dataset",
    "cross_validate",
    "fit",
    "learning_curve",
    "load_dataset",
    "train",
]

TASKS: tuple[str, ...] = ("relevance", "topic")
CLASSIFIERS: tuple[str, ...] = ("logreg", "linearsvc", "sgd", "cnb")
#: how much of a document the relevance model reads as its lead: headline and first lines
RELEVANCE_CHARS = 200
#: up to where a relevance model trained with ``rest_chars`` reads a document's rest, as
#: features of their own (session 7: the shipped ``relevance-rest.model``; ``docs/learn.md``)
RELEVANCE_REST = 1500
SEED = 16


@dataclass(frozen=True)
class Dataset:
    """Texts (simplified, as the model reads them) and their labels, for one task."""

    task: str
    texts: tuple[str, ...]
    labels: tuple[str, ...]
    files: tuple[Path, ...]
    #: up to where the model reads the rest of each text (``None``: the lead only)
    rest_chars: int | None = None

    @property
    def max_chars(self) -> int | None:
        """How much of each text the task's model reads (as its lead)."""
        return RELEVANCE_CHARS if self.task == "relevance" else None


def _sklearn() -> Any:
    try:
        import sklearn
    except ImportError as e:
        raise MissingExtraError("training a model", "learn", "scikit-learn") from e
    return sklearn


def _simplified(texts: Iterable[str]) -> list[str]:
    """Texts in simplified script with the pipeline's normalizer (traditional → simplified)."""
    from ..normalization import normalize

    return [normalize(t).normalized for t in texts]


def load_dataset(
    task: str, labels_dir: str | Path, corpus: Sequence[str] = (), rest_chars: int | None = None
) -> Dataset:
    """The labelled texts of ``task`` in ``labels_dir``; relevance documents without a
    ``text`` column are read from the ``corpus`` inputs (files, folders, archives).
    ``rest_chars`` (relevance): read each document's rest up to there too."""
    if task not in TASKS:
        raise OptionError(f"task must be one of {TASKS}, not {task!r}")
    paths = tuple(label_files(labels_dir, task))
    if task == "topic":
        rows = [r for p in paths for r in read_topics(p)]
        texts = tuple(_simplified(r.sentence for r in rows))
        return Dataset(task, texts, tuple(r.topic for r in rows), paths)
    labels = [r for p in paths for r in read_relevance(p)]
    docs = _documents(labels, corpus, paths[0])
    ys = tuple("1" if r.relevant else "0" for r in labels)
    bound = 4 * (rest_chars or RELEVANCE_CHARS) + 64  # (all that ``prepare`` may read)
    rest = rest_chars if rest_chars and rest_chars > RELEVANCE_CHARS else None
    return Dataset(task, tuple(_simplified(t[:bound] for t in docs)), ys, paths, rest)


def _documents(labels: Sequence[Any], corpus: Sequence[str], path: Path) -> list[str]:
    """Each labelled document's text: its ``text`` column, else read from ``corpus``."""
    wanted = {r.doc_id for r in labels if r.text is None}
    found: dict[str, str] = {}
    if wanted:
        if not corpus:
            raise LabelError(f"{path}: no text column; give the documents (--corpus) to read them from")
        from ..sources import iter_documents

        for doc in iter_documents(list(corpus)):
            if doc.id in wanted and doc.text is not None:
                found[doc.id] = doc.text
        missing = sorted(wanted - set(found))
        if missing:
            more = f" (and {len(missing) - 3} more)" if len(missing) > 3 else ""
            raise LabelError(f"{path}: documents not found in the corpus: {', '.join(missing[:3])}{more}")
    return [r.text if r.text is not None else found[r.doc_id] for r in labels]


def _analyzer(
    max_chars: int | None, ngram_range: tuple[int, int], rest_chars: int | None = None
) -> Callable[[str], list[str]]:
    def analyze(text: str) -> list[str]:
        return document_ngrams(text, ngram_range, max_chars, rest_chars)

    return analyze


def _classifier(name: str) -> ClassifierMixin:
    """A fresh, seeded classifier by name (:data:`CLASSIFIERS`)."""
    _sklearn()
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    makers: dict[str, Callable[[], Any]] = {
        "logreg": lambda: LogisticRegression(C=10.0, max_iter=3000, class_weight="balanced"),
        "linearsvc": lambda: LinearSVC(C=0.5, class_weight="balanced"),
        "sgd": lambda: SGDClassifier(loss="log_loss", alpha=2e-5, class_weight="balanced", random_state=SEED),
        "cnb": lambda: ComplementNB(alpha=0.3),
    }
    if name not in makers:
        raise OptionError(f"classifier must be one of {CLASSIFIERS}, not {name!r}")
    clf: ClassifierMixin = makers[name]()
    return clf


def _pipeline(
    name: str, max_chars: int | None, ngram_range: tuple[int, int], rest_chars: int | None = None
) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

    analyzer = _analyzer(max_chars, ngram_range, rest_chars)
    vec = TfidfVectorizer(analyzer=analyzer, sublinear_tf=True, min_df=2)
    return Pipeline([("tfidf", vec), ("clf", _classifier(name))])


def fit(
    data: Dataset, classifier: str = "logreg", ngram_range: tuple[int, int] = DEFAULT_NGRAMS
) -> LinearModel:
    """Fit ``classifier`` on all of ``data``; the model as plain arrays."""
    if classifier != "logreg":
        raise OptionError(f"only logreg models can be saved (they give probabilities), not {classifier!r}")
    if len(set(data.labels)) < 2:
        raise LabelError(f"{data.files[0]}: every row has the same label; a model needs two classes at least")
    pipe = _pipeline(classifier, data.max_chars, ngram_range, data.rest_chars)
    pipe.fit(list(data.texts), list(data.labels))
    vec, clf = pipe.named_steps["tfidf"], pipe.named_steps["clf"]
    width = clf.coef_.shape[0]
    coef = clf.coef_.T.reshape(-1)  # n-gram-major: (n_features, width) flattened
    vocab = {str(k): int(v) for k, v in vec.vocabulary_.items()}
    return LinearModel(
        data.task,
        tuple(str(c) for c in clf.classes_),
        vocab,
        vec.idf_.tolist(),
        coef.tolist(),
        clf.intercept_.tolist()[:width],
        ngram_range=ngram_range,
        max_chars=data.max_chars,
        rest_chars=data.rest_chars,
    )


def _score(task: str, y_true: Sequence[str], y_pred: Sequence[str]) -> dict[str, float]:
    from sklearn.metrics import accuracy_score, f1_score

    if task == "relevance":
        return {
            "f1": float(f1_score(y_true, y_pred, pos_label="1")),
            "accuracy": float(accuracy_score(y_true, y_pred)),
        }
    return {
        "macro_f1": float(f1_score(y_true, y_pred, average="macro")),
        "accuracy": float(accuracy_score(y_true, y_pred)),
    }


def cross_validate(
    data: Dataset,
    classifier: str = "logreg",
    folds: int = 5,
    ngram_range: tuple[int, int] = DEFAULT_NGRAMS,
    subset: Sequence[int] | None = None,
) -> dict[str, float]:
    """Stratified ``folds``-fold cross-validated scores of ``classifier`` on ``data``
    (``f1`` of the relevant class, or ``macro_f1`` over topics; ``accuracy``; ``seconds``)
    — predictions of every fold pooled, then scored. ``subset`` limits the rows used."""
    _sklearn()
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    idx = list(range(len(data.texts))) if subset is None else list(subset)
    texts = [data.texts[i] for i in idx]
    ys = [data.labels[i] for i in idx]
    t0 = time.perf_counter()
    cv = StratifiedKFold(n_splits=folds, shuffle=True, random_state=SEED)
    pipe = _pipeline(classifier, data.max_chars, ngram_range, data.rest_chars)
    pred = cross_val_predict(pipe, texts, ys, cv=cv)
    scores = _score(data.task, ys, [str(p) for p in pred])
    scores["seconds"] = time.perf_counter() - t0
    return scores


def learning_curve(
    data: Dataset, fractions: Sequence[float] = (0.25, 0.5, 0.75, 1.0), classifier: str = "logreg"
) -> list[tuple[int, dict[str, float]]]:
    """Cross-validated scores on growing stratified subsets of ``data``: ``(size, scores)``."""
    _sklearn()
    from sklearn.model_selection import train_test_split

    out: list[tuple[int, dict[str, float]]] = []
    every = list(range(len(data.texts)))
    for frac in fractions:
        if frac >= 1.0:
            subset = every
        else:
            subset, _ = train_test_split(every, train_size=frac, stratify=data.labels, random_state=SEED)
        out.append((len(subset), cross_validate(data, classifier, subset=subset)))
    return out


def train(
    task: str,
    labels_dir: str | Path,
    output: str | Path,
    *,
    corpus: Sequence[str] = (),
    cv_folds: int = 5,
    rest_chars: int | None = None,
) -> LinearModel:
    """Train the ``task`` model (``relevance`` or ``topic``) on the labels of ``labels_dir``
    and write it to ``output``; with ``cv_folds`` (≥ 2) its cross-validated scores are
    measured first and recorded in the file; ``rest_chars`` (relevance): the model reads a
    document's rest up to there as features of their own. Returns the model."""
    sklearn = _sklearn()
    data = load_dataset(task, labels_dir, corpus, rest_chars)
    scores = cross_validate(data, folds=cv_folds) if cv_folds >= 2 else {}
    model = fit(data)
    model.info = {
        "trained_with": {
            "reportmine": __version__,
            "scikit-learn": sklearn.__version__,
            "python": platform.python_version(),
            "classifier": "logreg",
        },
        "labels_sha256": {p.name: file_sha256(p) for p in data.files},
        "rows": len(data.texts),
        "cv": {k: round(v, 4) for k, v in scores.items() if k != "seconds"},
    }
    model.save(output)
    return model
