"""Which relevance and topic models to ship: stratified 5-fold cross-validation of variants.

    python benchmarks/learn_cv.py relevance [VARIANT ...]   # needs ../shared/corpora
    python benchmarks/learn_cv.py topic [VARIANT ...]
    python benchmarks/learn_cv.py curve relevance|topic VARIANT
    python benchmarks/learn_cv.py curve-fixed relevance|topic VARIANT   # the same test folds throughout

Each variant changes one thing against the first shipped model (``base``: tf-idf of
character 1–2-grams, sublinear tf, logistic regression C=10 with balanced class weights):

- ``char13``: character 1–3-grams; ``word``: word 1–2-grams of rjieba's cut (the segmenter's
  backend); ``char+word``: both;
- ``linear``: raw term counts instead of ``1 + log(tf)``; ``unweighted``: no class weights;
- ``C1``, ``C3``, ``C30``: the regularization; ``svm``: linear SVM (C=0.5); ``cnb``:
  complement naive Bayes; ``sgd``: logistic loss by stochastic gradient;
- topics only — context: ``headline`` adds the document's headline, ``prev`` the sentence
  before, ``both`` both (their n-grams as separate features, prefixed, so 学校 in the
  headline is not 学校 in the sentence);
- topics only — the fact (session 6): ``unit`` adds the kinds, units and subjects of the
  sentence's quantity facts as tokens (``u:公里``, ``u:人次``), ``clause`` adds the n-grams of
  the clauses holding a fact (prefixed), ``clauseonly`` reads those clauses instead of the
  sentence;
- relevance only: ``chars150``, ``chars300``, ``chars500`` — read that many characters of
  the document instead of 200 (300 until session 6); ``title`` adds the headline's n-grams
  as separate features (the headline weighted apart); ``density`` adds keyword-density
  tokens over the first 3,000 characters (``d:扶贫:2``: log2 bucket of occurrences per
  1,000 characters); ``thr`` calibrates the decision threshold by a nested CV (inner 5
  folds on each outer training part; the chosen thresholds are printed);
- relevance only (session 7): ``whole`` reads the whole document; ``rest`` adds the n-grams
  of the document after the lead, up to 3,000 characters, as separate features (``r:``
  prefixed: the headline and lead weighted apart from the rest), ``restN`` up to N characters;
- ``restuni``: the rest read as single characters only (a smaller, cheaper block);
- ``seedN``: another seed of the folds (the spread a different split gives);
- both (session 7): ``nonorm`` scores tf-idf without the L2 normalization (a model scored by
  the sum of its n-grams' weights); ``linear+nonorm`` with raw counts too (one weight per
  n-gram occurrence: no counting at all);
- both: ``dfN`` (n-grams in N documents at least, default 2), ``maxN`` (the N most frequent
  n-grams only) — smaller vocabularies, cheaper lookups;
- ``grouped``: folds that keep near-copies together (a reprinted sentence and its copy, the
  labelling tool's trigram test; :func:`near_copy_groups`), to see what they leak;
- session 8 (``docs/learn.md``, "Session 8: model variants"), the classifier and its
  training, the features unchanged: ``bias`` adds per-class offsets to the intercepts,
  tuned for macro-F1 by a NESTED CV (:func:`fold_predict`, :func:`tune_bias`; the offsets
  are printed); ``balX`` class weights balanced^X (``bal0.5``: the square root), given as
  sample weights; ``ovr`` one binary logistic regression per class (one-vs-rest);
  ``avgsvm`` one linear model, the mean of a logistic regression's and a linear SVM's
  weights (:class:`AveragedLinear`); ``mfwX`` the rows found by a model's uncertainty
  (batches 5–6) weigh X; ``maxdfX`` n-grams in more than a share X of the sentences
  dropped; ``noidf`` tf without idf; ``self`` self-training — archive sentences the fold's
  model is sure of (``selfpX``, default 0.9) added with its label at weight ``selfwX``
  (default 0.5), then fitted again (:func:`self_trained`); ``nbX`` naive-Bayes term
  weighting before the regression (NB-LR: :class:`ClassRatioScale`, power X);
- ``+`` joins changes: ``char13+svm``.

Predictions of the five folds are pooled and scored (relevance: F1 of the relevant class;
topics: macro-F1 over the twelve topics, and F1 per topic with ``--per-topic``). For
relevance the score is also given on the first set only (840 documents, the stratum the
second batch did not change), so a rise from the richer positive class is visible apart.
For topics it is also given on the rows no model found (``macro_f1_not_model_found``):
the model-found batches (5, 6, 11, 12, 15-19) were drawn where the shipped model hesitated,
so they are harder than the fact sentences of an archive and the pooled figure understates
the model; and by draw (``by_draw``, session 8: the first set with the keyword-aimed batches
1-4, the random draws, every remaining sentence of relevant articles, the model-found rows —
macro-F1 and accuracy of each).
The labelled texts come from ``corpus/labels`` and, for archive documents, from
``../shared/corpora`` (the script says so and exits when they are absent).
"""

from __future__ import annotations

import json
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
import itertools

from sklearn.base import BaseEstimator, ClassifierMixin, TransformerMixin

from _corpus import ROOT, articles
from reportmine.learn.features import char_ngrams, prepare
from reportmine.learn.labels import label_files, read_relevance, read_topics
from reportmine.normalization import normalize

LABELS = ROOT / "corpus" / "labels"
SEED = 16
_HEAD = re.compile(r"\r?\n\s*\r?\n")
_END = re.compile(r"[。！？!?]")


def _docs(wanted: set[str]) -> dict[str, str]:
    """The labelled documents' texts: the seeds from the repository, the rest from the archives."""
    out = {p.name: p.read_text("utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt"))}
    for doc_id, text in articles():
        if doc_id in wanted:
            out[doc_id] = text
    return out


def headline(text: str) -> str:
    """A document's headline: the lines before its first blank line, cut at 80 characters."""
    m = _HEAD.search(text[:400])
    return text[: m.start()][:80] if m else text[:40]


def previous_sentence(text: str, start: int) -> str:
    """The sentence before ``text[start:]`` (at most 120 characters back)."""
    before = text[max(0, start - 160) : start].rstrip()
    ends = [m.end() for m in _END.finditer(before[:-1])]
    return before[ends[-1] if ends else 0 :][-120:]


def _model_found(path: Path) -> bool:
    """True for a topic batch whose rows were all found by a model's uncertainty (its
    ``drawn`` column reads ``uncertain…``: batches 5 and 6)."""
    with open(path, encoding="utf-8") as fh:
        head = fh.readline().rstrip("\n").split("\t")
        if "drawn" not in head:
            return False
        col = head.index("drawn")
        return all(line.rstrip("\n").split("\t")[col].startswith("uncertain") for line in fh if line.strip())


def _draws(path: Path) -> list[str]:
    """Each row's draw, for scores by stratum (session 8): ``batches 1-4`` (the first set and
    the keyword-aimed batches), ``random`` (``random7…``: fact sentences of the archives at
    random), ``relevant`` (``relevant7``: every remaining fact sentence of relevant articles),
    ``model-found`` (``uncertain…``)."""
    with open(path, encoding="utf-8") as fh:
        head = fh.readline().rstrip("\n").split("\t")
        col = head.index("drawn") if "drawn" in head else None
        out = []
        for line in fh:
            if not line.strip():
                continue
            drawn = line.rstrip("\n").split("\t")[col] if col is not None else ""
            kind = next((k for p, k in _KINDS if drawn.startswith(p)), "batches 1-4")
            out.append(kind)
        return out


_KINDS = (("uncertain", "model-found"), ("random", "random"), ("relevant", "relevant"))


def dataset(task: str) -> tuple[list[dict[str, str]], list[str], list[bool], list[str]]:
    """``(texts, labels, flags, draws)``: each item's texts by field (simplified), its label,
    a flag — for relevance, whether it comes from the first set; for topics, whether it was
    NOT found by a model's uncertainty (see :func:`_model_found`) — and, for topics, its
    draw (:func:`_draws`; relevance: none)."""
    files = label_files(LABELS, task)
    if task == "relevance":
        rows = [(r, i == 0) for i, p in enumerate(files) for r in read_relevance(p)]
        docs = _docs({r.doc_id for r, _ in rows})
        texts = [
            {
                "s": normalize(docs[r.doc_id][:1200]).normalized,
                "h": normalize(headline(docs[r.doc_id])).normalized,
                "l": normalize(docs[r.doc_id][:3000]).normalized,
                "w": normalize(docs[r.doc_id]).normalized,
            }
            for r, _ in rows
        ]
        return texts, ["1" if r.relevant else "0" for r, _ in rows], [f for _, f in rows], []
    # topics: the flag marks rows NOT found by a model's uncertainty (batches 5 and 6 were
    # drawn where the shipped model hesitated: harder than a fact sentence met at random, so
    # the pooled score understates the model; both are printed)
    trows = [(t, not _model_found(p)) for p in files for t in read_topics(p)]
    docs = _docs({t.doc_id for t, _ in trows})
    texts = []
    for t, _ in trows:
        doc = docs[t.doc_id]
        sent = normalize(t.sentence).normalized
        texts.append(
            {
                "s": sent,
                **fact_fields(sent),
                "h": normalize(headline(doc)).normalized,
                "p": normalize(previous_sentence(doc, t.start)).normalized,
            }
        )
    draws = [kind for p in files for kind in _draws(p)]
    return texts, [t.topic for t, _ in trows], [f for _, f in trows], draws


_CLAUSE = re.compile(r"[^，；：,;:。！？]+[，；：,;:。！？]?")


def fact_fields(sentence: str) -> dict[str, str]:
    """The quantity facts of a (simplified) sentence as fields: ``u`` their kinds, units and
    subjects as tokens (``count 人次 贫困户``), ``c`` the clauses that hold them."""
    import reportmine
    from reportmine.records import QUANTITY_KINDS

    facts = [f for f in reportmine.extract(sentence) if f.kind in QUANTITY_KINDS]
    toks = [t for f in facts for t in (f.kind, f.unit or "", f.subject or "") if t]
    clauses = [m for m in _CLAUSE.finditer(sentence) if any(m.start() <= f.start < m.end() for f in facts)]
    return {"u": " ".join(toks), "c": "".join(m.group(0) for m in clauses) or sentence}


_CUE_WORDS = (
    "扶贫",
    "脱贫",
    "贫困",
    "乡村振兴",
    "驻村",
    "村",
    "农民",
    "农村",
    "帮扶",
    "致富",
    "增收",
    "产业",
)


def density(text: str) -> list[str]:
    """Keyword density as tokens: ``d:扶贫:2`` when 扶贫 occurs 2–3 times per 1,000 characters
    (log2 buckets) — how much of a document is about the work, beyond its first lines."""
    per_k = 1000 / max(len(text), 200)
    out = []
    for w in _CUE_WORDS:
        n = text.count(w) * per_k
        if n > 0:
            out.append(f"d:{w}:{int(n).bit_length()}")
    return out


def _words(text: str) -> list[str]:
    import rjieba

    ws = [w for w in rjieba.cut(prepare(text)) if w.strip()]
    return ws + [a + " " + b for a, b in itertools.pairwise(ws)]


def analyzer(variant: set[str], task: str) -> Callable[[dict[str, str]], list[str]]:
    """The features of one item under ``variant``."""
    chars = next((int(v[5:]) for v in variant if re.fullmatch(r"chars\d+", v)), 200)
    max_chars = chars if task == "relevance" and "whole" not in variant else None
    rest = next((int(v[4:]) for v in variant if re.fullmatch(r"rest\d+", v)), 3000)
    ngr = (1, 3) if "char13" in variant else (1, 2)
    use_char = "word" not in variant or "char+word" in variant
    use_word = "word" in variant or "char+word" in variant
    fields = (
        (["c"] if "clauseonly" in variant else ["w"] if "whole" in variant else ["s"])
        + (["h"] if variant & {"headline", "both", "title"} else [])
        + (["p"] if variant & {"prev", "both"} else [])
        + (["c"] if "clause" in variant else [])
        + (["r"] if any(v.startswith("rest") for v in variant) else [])
    )

    def feats(item: dict[str, str]) -> list[str]:
        out: list[str] = []
        if "unit" in variant:
            out.extend("u:" + t for t in item["u"].split())
        if "density" in variant:
            out.extend(density(item["l"]))
        for f in fields:
            # the rest: the document after what the lead block read, up to 3,000 characters
            text = prepare(item["w"])[chars:rest] if f == "r" else prepare(item[f], max_chars)
            pre = "" if f in "sw" or (f == "c" and "clauseonly" in variant) else f + ":"
            if use_char:
                grams = (1, 1) if f == "r" and "restuni" in variant else ngr  # (the rest: characters only)
                out.extend(pre + g for g in char_ngrams(text, grams))
            if use_word:
                out.extend(pre + "w:" + w for w in _words(text))
        return out

    return feats


class AveragedLinear(BaseEstimator, ClassifierMixin):  # type: ignore[misc]
    """``avgsvm``: one linear model, the mean of a logistic regression's weights and a linear
    SVM's scaled to the same Frobenius norm (the intercepts scaled alike)."""

    def __init__(self, lr: Any, svm: Any) -> None:
        self.lr, self.svm = lr, svm

    def fit(self, x: Any, y: Any, sample_weight: Any = None) -> AveragedLinear:
        import numpy as np

        self.lr.fit(x, y, sample_weight=sample_weight)
        self.svm.fit(x, y, sample_weight=sample_weight)
        scale = np.linalg.norm(self.lr.coef_) / np.linalg.norm(self.svm.coef_)
        self.coef_ = (self.lr.coef_ + scale * self.svm.coef_) / 2
        self.intercept_ = (self.lr.intercept_ + scale * self.svm.intercept_) / 2
        self.classes_ = self.lr.classes_
        return self

    def decision_function(self, x: Any) -> Any:
        d = x @ self.coef_.T + self.intercept_
        return d[:, 0] if d.shape[1] == 1 else d

    def predict(self, x: Any) -> Any:
        import numpy as np

        d = self.decision_function(x)
        return self.classes_[(d > 0).astype(int)] if d.ndim == 1 else self.classes_[np.argmax(d, axis=1)]


class ClassRatioScale(TransformerMixin, BaseEstimator):  # type: ignore[misc]
    """``nbX``: each (L2-normalized tf-idf) feature multiplied by g = (max over classes of
    |log-ratio of its share in the class to its share outside|)^X, g scaled to mean 1 —
    naive-Bayes term weighting before the logistic regression (NB-LR), learnt on the training
    part only. Still one linear model: its weights times g are the shipped weights."""

    def __init__(self, power: float = 1.0, alpha: float = 1.0) -> None:
        self.power, self.alpha = power, alpha

    def fit(self, x: Any, y: Any) -> ClassRatioScale:
        import numpy as np

        y = np.asarray(y)
        total = np.asarray(x.sum(axis=0)).ravel()
        best = np.zeros(x.shape[1])
        for c in np.unique(y):
            inside = np.asarray(x[y == c].sum(axis=0)).ravel()
            p = (inside + self.alpha) / (inside.sum() + self.alpha * len(inside))
            out = total - inside
            q = (out + self.alpha) / (out.sum() + self.alpha * len(out))
            best = np.maximum(best, np.abs(np.log(p / q)))
        g = best**self.power
        self.g_ = g / g.mean()
        return self

    def transform(self, x: Any) -> Any:
        import scipy.sparse as sp

        return x @ sp.diags(self.g_)


def classifier(variant: set[str]) -> Any:
    """The classifier of ``variant`` (logistic regression C=10, balanced, unless changed)."""
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.svm import LinearSVC

    powered = any(re.fullmatch(r"bal[\d.]+", v) for v in variant)  # (as sample weights instead)
    weight = None if "unweighted" in variant or powered else "balanced"
    c = next((float(v[1:]) for v in variant if re.fullmatch(r"C[\d.]+", v)), 10.0)
    lr = LogisticRegression(C=c, max_iter=3000, class_weight=weight)
    if "svm" in variant:
        return LinearSVC(C=0.5 if c == 10.0 else c, class_weight=weight)
    if "cnb" in variant:
        return ComplementNB(alpha=0.3)
    if "sgd" in variant:
        return SGDClassifier(loss="log_loss", alpha=2e-5, class_weight=weight, random_state=SEED)
    if "ovr" in variant:
        from sklearn.multiclass import OneVsRestClassifier

        return OneVsRestClassifier(lr)
    if "avgsvm" in variant:
        return AveragedLinear(lr, LinearSVC(C=0.5, class_weight=weight))
    return lr


def model(variant: set[str], task: str) -> Any:
    """The pipeline of ``variant``: tf-idf of its features, then its classifier."""
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.pipeline import Pipeline

    clf = classifier(variant)
    min_df = next((int(v[2:]) for v in variant if re.fullmatch(r"df\d+", v)), 2)
    most = next((int(v[3:]) for v in variant if re.fullmatch(r"max\d+", v)), None)
    vec = TfidfVectorizer(
        analyzer=analyzer(variant, task),
        norm=None if "nonorm" in variant else "l2",
        sublinear_tf="linear" not in variant,
        use_idf="noidf" not in variant,
        min_df=min_df,
        max_df=_param(variant, "maxdf", 1.0),
        max_features=most,
    )
    nb = _param(variant, "nb", 0.0)
    if nb:
        return Pipeline([("tfidf", vec), ("nb", ClassRatioScale(nb)), ("clf", clf)])
    return Pipeline([("tfidf", vec), ("clf", clf)])


def thresholded(
    parts: set[str], task: str, xs: list[Any], yy: list[str], cv: Any
) -> tuple[list[str], list[float]]:
    """Relevance at a calibrated threshold, nested: in each outer fold the threshold that
    maximizes F1 over an inner 5-fold CV of the training part only; then applied to the
    fold's test part (no threshold ever sees the documents it is scored on)."""
    import numpy as np
    from sklearn.metrics import f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    pred = [""] * len(yy)
    chosen: list[float] = []
    grid = [round(0.2 + 0.025 * k, 3) for k in range(25)]
    y = np.array(yy)
    for train, test in cv.split(xs, yy):
        xtr = [xs[i] for i in train]
        inner = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED + 1)
        p_in = cross_val_predict(model(parts, task), xtr, y[train], cv=inner, method="predict_proba")[:, 1]
        best = max(grid, key=lambda t: f1_score(y[train], np.where(p_in >= t, "1", "0"), pos_label="1"))
        chosen.append(best)
        m = model(parts, task).fit(xtr, y[train])
        p = m.predict_proba([xs[i] for i in test])[:, list(m.classes_).index("1")]
        for i, pi in zip(test, p, strict=True):
            pred[i] = "1" if pi >= best else "0"
    return pred, chosen


def _param(parts: set[str], prefix: str, default: float) -> float:
    """The number of the variant part ``prefix<number>`` (``bal0.5`` → 0.5), else ``default``."""
    pat = re.compile(re.escape(prefix) + r"([\d.]+)")
    return next((float(m.group(1)) for v in parts if (m := pat.fullmatch(v))), default)


def sample_weights(parts: set[str], flags: Sequence[bool]) -> list[float] | None:
    """``mfwX``: rows found by a model's uncertainty (batches 5–6) weigh X, the others 1."""
    w = _param(parts, "mfw", 1.0)
    return None if w == 1.0 else [1.0 if f else w for f in flags]


def tune_bias(scores: Any, y: Any, classes: Sequence[str], rounds: int = 3) -> Any:
    """Per-class offsets added to the decision values that maximize macro-F1 on ``scores``
    (out-of-fold decision values of a training part): coordinate ascent, each class's
    offset on a grid of −1.5 … 1.5 in steps of 0.1, ``rounds`` passes; ties keep the
    smaller shift (0 first)."""
    import numpy as np
    from sklearn.metrics import f1_score

    cls = np.array(classes)
    b = np.zeros(len(classes))
    grid = sorted((round(0.1 * k, 1) for k in range(-15, 16)), key=abs)

    def score(bb: Any) -> float:
        return float(f1_score(y, cls[np.argmax(scores + bb, axis=1)], average="macro"))

    best = score(b)
    for _ in range(rounds):
        moved = False
        for k in range(len(classes)):
            keep = b[k]
            for d in grid:
                b[k] = d
                s = score(b)
                if s > best + 1e-9:
                    best, keep, moved = s, d, True
            b[k] = keep
        if not moved:
            break
    return b


_POOL: list[dict[str, str]] = []


def unlabelled_pool(labelled: set[str], size: int = 15000) -> list[dict[str, str]]:
    """``self``: up to ``size`` archive sentences (split at 。！？) holding a digit, 12–150
    characters, simplified, none of them a labelled sentence — a random draw (seeded)."""
    import random

    if not _POOL:
        found: set[str] = set()
        for _, text in articles():
            for sent in re.findall(r"[^。！？\n]{12,150}[。！？]", normalize(text).normalized):
                sent = sent.strip()
                if re.search(r"\d", sent) and sent not in labelled:
                    found.add(sent)
        pick = sorted(found)
        random.Random(SEED).shuffle(pick)
        _POOL.extend({"s": t} for t in pick[:size])
    return _POOL


def self_trained(
    fitted: Callable[..., Any], train: Any, m: Any, pool: list[dict[str, str]], parts: set[str]
) -> Any:
    """``self``: the pool's sentences the fold's model gives a probability ≥ ``selfpX``
    (default 0.9) are added with the model's label at weight ``selfwX`` (default 0.5),
    then the model is fitted again — the pseudo-labels come from the training part only."""
    import numpy as np

    proba = m.predict_proba(pool)
    keep = np.flatnonzero(proba.max(axis=1) >= _param(parts, "selfp", 0.9))
    labels = m.classes_[np.argmax(proba[keep], axis=1)]
    return fitted(train, [pool[i] for i in keep], labels, _param(parts, "selfw", 0.5))


def fold_predict(
    parts: set[str], task: str, xs: list[Any], yy: list[str], flags: Sequence[bool], cv: Any
) -> tuple[list[str], list[list[float]]]:
    """Pooled out-of-fold predictions (what ``cross_val_predict`` gives), with the session-8
    changes that need more than a pipeline: sample weights (``mfwX``) and per-class
    intercept offsets (``bias``) tuned by a NESTED CV — on each outer training part, an
    inner 3-fold CV gives out-of-fold decision values, :func:`tune_bias` picks the offsets
    that maximize their macro-F1, and they are added to the outer model's decision values
    (no offset ever sees the rows it is scored on). Returns predictions and the offsets."""
    import numpy as np
    from sklearn.model_selection import StratifiedKFold

    y = np.array(yy)
    sw = sample_weights(parts, flags)
    pred = np.empty(len(yy), dtype=object)
    chosen: list[list[float]] = []

    power = _param(parts, "bal", 1.0)

    pool = unlabelled_pool({x["s"] for x in xs}) if "self" in parts else []

    def fitted(rows: Any, extra: Sequence[Any] = (), extra_y: Any = (), extra_w: float = 1.0) -> Any:
        m = model(parts, task)
        w = np.ones(len(rows)) if sw is None else np.array(sw)[rows]
        if power != 1.0:  # balanced^a as sample weights (the model then has no class weights)
            labs, inv, counts = np.unique(y[rows], return_inverse=True, return_counts=True)
            w = w * (len(rows) / (len(labs) * counts[inv])) ** power
        w = np.concatenate([w, np.full(len(extra), extra_w)])
        kw = {} if sw is None and power == 1.0 and not len(extra) else {"clf__sample_weight": w}
        return m.fit([xs[i] for i in rows] + list(extra), np.concatenate([y[rows], extra_y]), **kw)

    for train, test in cv.split(xs, yy):
        m = fitted(train)
        if pool:
            m = self_trained(fitted, train, m, pool, parts)
        classes = [str(c) for c in m.classes_]
        offset = np.zeros(len(classes))
        if "bias" in parts:
            inner = StratifiedKFold(n_splits=3, shuffle=True, random_state=SEED + 1)
            oof = np.zeros((len(train), len(classes)))
            for itr, ite in inner.split(train, y[train]):
                mi = fitted(train[itr])
                oof[ite] = decision(mi, [xs[i] for i in train[ite]])
            offset = tune_bias(oof, y[train], classes)
            chosen.append([round(float(v), 2) for v in offset])
        d = decision(m, [xs[i] for i in test]) + offset
        pred[test] = np.array(classes)[np.argmax(d, axis=1)]
    return [str(p) for p in pred], chosen


def decision(m: Any, texts: list[Any]) -> Any:
    """Decision values, one column per class (a two-class model's single column widened)."""
    import numpy as np

    d = np.asarray(m.decision_function(texts), dtype=float)
    return np.column_stack([-d / 2, d / 2]) if d.ndim == 1 else d


def near_copy_groups(sentences: Sequence[str]) -> list[int]:
    """A group number per sentence: near-copies share one (the labelling tool's test — character
    trigrams without punctuation, Jaccard >= 0.6 or one inside the other — closed over chains),
    so ``grouped`` keeps a reprinted sentence and its copy in one fold."""
    grams = [
        {b[i : i + 3] for i in range(max(1, len(b) - 2))}
        for b in (re.sub(r"[\W_]+", "", t) for t in sentences)
    ]
    parent = list(range(len(grams)))

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    where: dict[str, list[int]] = {}
    for i, g in enumerate(grams):
        shared: dict[int, int] = {}
        for x in g:
            earlier = where.setdefault(x, [])
            if len(earlier) <= 300:  # a trigram in hundreds of sentences decides nothing
                for j in earlier:
                    shared[j] = shared.get(j, 0) + 1
            earlier.append(i)
        for j, n in shared.items():
            if n >= 0.6 * len(g | grams[j]) or n == min(len(g), len(grams[j])):
                parent[root(i)] = root(j)
    return [root(i) for i in range(len(grams))]


def cross_validate(task: str, variant: str, data: Any, subset: Sequence[int] | None = None) -> dict[str, Any]:
    """Pooled out-of-fold predictions of ``variant`` on ``data`` (or its ``subset``), scored."""
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts, ys, first, draws = data
    idx = list(range(len(ys))) if subset is None else list(subset)
    xs, yy, flags = [texts[i] for i in idx], [ys[i] for i in idx], [first[i] for i in idx]
    parts = set(variant.split("+")) if variant != "base" else set()
    if "char+word" in variant:
        parts.add("char+word")
    t0 = time.process_time()
    seed = next((int(v[4:]) for v in parts if re.fullmatch(r"seed\d+", v)), SEED)
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=seed)
    extra: dict[str, Any] = {}
    if "thr" in parts:
        pred, extra["thresholds"] = thresholded(parts, task, xs, yy, cv)
    elif "grouped" in parts:
        from sklearn.model_selection import StratifiedGroupKFold

        groups = near_copy_groups([x["s"] for x in xs])
        grouped = StratifiedGroupKFold(n_splits=5, shuffle=True, random_state=seed)
        pred = [str(p) for p in cross_val_predict(model(parts, task), xs, yy, cv=grouped, groups=groups)]
    else:
        pred, biases = fold_predict(parts, task, xs, yy, flags, cv)
        if "bias" in parts:
            extra["biases"] = biases
    out: dict[str, Any] = {
        "task": task,
        "variant": variant,
        "n": len(idx),
        "cpu_s": round(time.process_time() - t0, 1),
    }
    return (
        out
        | extra
        | scored(task, yy, pred, flags, [draws[i] for i in idx] if draws and subset is None else None)
    )


def scored(
    task: str,
    yy: Sequence[str],
    pred: Sequence[str],
    flags: Sequence[bool],
    draws: Sequence[str] | None = None,
) -> dict[str, Any]:
    """Accuracy and F1 (relevance: of the relevant class, also on the first set; topics:
    macro-F1, also on the rows no model found, and F1 per topic) of pooled predictions."""
    from sklearn.metrics import accuracy_score, f1_score

    out: dict[str, Any] = {"accuracy": round(float(accuracy_score(yy, pred)), 4)}
    flagged = [k for k, f in enumerate(flags) if f]
    some = len(flagged) < len(flags)
    if task == "relevance":
        out["f1"] = round(float(f1_score(yy, pred, pos_label="1")), 4)
        if some:
            out["f1_first_set"] = round(
                float(f1_score([yy[k] for k in flagged], [pred[k] for k in flagged], pos_label="1")), 4
            )
        return out
    out["macro_f1"] = round(float(f1_score(yy, pred, average="macro")), 4)
    if some:
        # the same pooled predictions, scored on the rows no model found (batches 1–4)
        out["macro_f1_not_model_found"] = round(
            float(f1_score([yy[k] for k in flagged], [pred[k] for k in flagged], average="macro")), 4
        )
    if draws:  # the whole set: scores by draw (session 8)
        out["by_draw"] = {
            kind: {
                "n": len(rows),
                "macro_f1": round(
                    float(f1_score([yy[k] for k in rows], [pred[k] for k in rows], average="macro")), 4
                ),
                "accuracy": round(sum(yy[k] == pred[k] for k in rows) / len(rows), 4),
            }
            for kind in sorted(set(draws))
            for rows in [[k for k, d in enumerate(draws) if d == kind]]
        }
    labels = sorted(set(yy))
    per = f1_score(yy, pred, labels=labels, average=None)
    out["per_topic"] = {lab: round(float(v), 3) for lab, v in zip(labels, per, strict=True)}
    return out


def curve(task: str, variant: str, data: Any) -> None:
    from sklearn.model_selection import train_test_split

    every = list(range(len(data[1])))
    for frac in (0.25, 0.5, 0.75, 1.0):
        sub = (
            every
            if frac >= 1
            else train_test_split(every, train_size=frac, stratify=data[1], random_state=SEED)[0]
        )
        print(json.dumps(cross_validate(task, variant, data, sub), ensure_ascii=False), flush=True)


def fixed_curve(task: str, variant: str, data: Any) -> None:
    """A learning curve on fixed test folds (session 8): the five test folds of seed 16 are
    kept and each training part is cut to a quarter, a half, three quarters (seed 7), so
    that every point is scored on the same rows (``curve`` draws a new, smaller set each
    time, whose score also moves with the set)."""
    import random

    from sklearn.base import clone
    from sklearn.model_selection import StratifiedKFold

    texts, ys, flags, draws = data
    parts = set(variant.split("+")) if variant != "base" else set()
    folds = list(StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED).split(texts, ys))
    for frac in (0.25, 0.5, 0.75, 1.0):
        pred = [""] * len(ys)
        for train, test in folds:
            rows = list(train)
            random.Random(7).shuffle(rows)
            rows = rows[: int(len(rows) * frac)]
            fitted = clone(model(parts, task)).fit([texts[i] for i in rows], [ys[i] for i in rows])
            for i, p in zip(test, fitted.predict([texts[i] for i in test]), strict=True):
                pred[i] = str(p)
        out = {"task": task, "variant": variant, "training_rows": int(len(ys) * 0.8 * frac)}
        print(json.dumps(out | scored(task, ys, pred, flags, draws), ensure_ascii=False), flush=True)


def main(argv: Sequence[str]) -> None:
    if argv and argv[0] in ("curve", "curve-fixed"):
        task, variant = argv[1], argv[2]
        (curve if argv[0] == "curve" else fixed_curve)(task, variant, dataset(task))
        return
    task = argv[0] if argv else "topic"
    variants = list(argv[1:]) or ["base"]
    data = dataset(task)
    for v in variants:
        print(json.dumps(cross_validate(task, v, data), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
