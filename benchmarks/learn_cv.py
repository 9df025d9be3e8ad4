"""Which relevance and topic models to ship: stratified 5-fold cross-validation of variants.

    python benchmarks/learn_cv.py relevance [VARIANT ...]   # needs ../shared/corpora
    python benchmarks/learn_cv.py topic [VARIANT ...]
    python benchmarks/learn_cv.py curve relevance|topic VARIANT

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
- relevance only: ``chars150``, ``chars200``, ``chars500`` — read that many characters of
  the document instead of 300;
- ``+`` joins changes: ``char13+svm``.

Predictions of the five folds are pooled and scored (relevance: F1 of the relevant class;
topics: macro-F1 over the twelve topics, and F1 per topic with ``--per-topic``). For
relevance the score is also given on the first set only (840 documents, the stratum the
second batch did not change), so a rise from the richer positive class is visible apart.
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


def dataset(task: str) -> tuple[list[dict[str, str]], list[str], list[bool]]:
    """``(texts, labels, first_set)``: each item's texts by field (simplified), its label,
    and whether it comes from the first set."""
    files = label_files(LABELS, task)
    if task == "relevance":
        rows = [(r, i == 0) for i, p in enumerate(files) for r in read_relevance(p)]
        docs = _docs({r.doc_id for r, _ in rows})
        texts = [{"s": normalize(docs[r.doc_id][:1200]).normalized} for r, _ in rows]
        return texts, ["1" if r.relevant else "0" for r, _ in rows], [f for _, f in rows]
    trows = [(t, i == 0) for i, p in enumerate(files) for t in read_topics(p)]
    docs = _docs({t.doc_id for t, _ in trows})
    texts = []
    for t, _ in trows:
        doc = docs[t.doc_id]
        texts.append(
            {
                "s": normalize(t.sentence).normalized,
                "h": normalize(headline(doc)).normalized,
                "p": normalize(previous_sentence(doc, t.start)).normalized,
            }
        )
    return texts, [t.topic for t, _ in trows], [f for _, f in trows]


def _words(text: str) -> list[str]:
    import rjieba

    ws = [w for w in rjieba.cut(prepare(text)) if w.strip()]
    return ws + [a + " " + b for a, b in itertools.pairwise(ws)]


def analyzer(variant: set[str], task: str) -> Callable[[dict[str, str]], list[str]]:
    """The features of one item under ``variant``."""
    chars = next((int(v[5:]) for v in variant if re.fullmatch(r"chars\d+", v)), 300)
    max_chars = chars if task == "relevance" else None
    ngr = (1, 3) if "char13" in variant else (1, 2)
    use_char = "word" not in variant or "char+word" in variant
    use_word = "word" in variant or "char+word" in variant
    fields = (
        ["s"]
        + (["h"] if variant & {"headline", "both"} else [])
        + (["p"] if variant & {"prev", "both"} else [])
    )

    def feats(item: dict[str, str]) -> list[str]:
        out: list[str] = []
        for f in fields:
            text = prepare(item[f], max_chars)
            pre = "" if f == "s" else f + ":"
            if use_char:
                out.extend(pre + g for g in char_ngrams(text, ngr))
            if use_word:
                out.extend(pre + "w:" + w for w in _words(text))
        return out

    return feats


def model(variant: set[str], task: str) -> Any:
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression, SGDClassifier
    from sklearn.naive_bayes import ComplementNB
    from sklearn.pipeline import Pipeline
    from sklearn.svm import LinearSVC

    weight = None if "unweighted" in variant else "balanced"
    c = next((float(v[1:]) for v in variant if re.fullmatch(r"C[\d.]+", v)), 10.0)
    if "svm" in variant:
        clf: Any = LinearSVC(C=0.5 if c == 10.0 else c, class_weight=weight)
    elif "cnb" in variant:
        clf = ComplementNB(alpha=0.3)
    elif "sgd" in variant:
        clf = SGDClassifier(loss="log_loss", alpha=2e-5, class_weight=weight, random_state=SEED)
    else:
        clf = LogisticRegression(C=c, max_iter=3000, class_weight=weight)
    vec = TfidfVectorizer(analyzer=analyzer(variant, task), sublinear_tf="linear" not in variant, min_df=2)
    return Pipeline([("tfidf", vec), ("clf", clf)])


def cross_validate(task: str, variant: str, data: Any, subset: Sequence[int] | None = None) -> dict[str, Any]:
    from sklearn.metrics import accuracy_score, f1_score
    from sklearn.model_selection import StratifiedKFold, cross_val_predict

    texts, ys, first = data
    idx = list(range(len(ys))) if subset is None else list(subset)
    xs, yy = [texts[i] for i in idx], [ys[i] for i in idx]
    parts = set(variant.split("+")) if variant != "base" else set()
    if "char+word" in variant:
        parts.add("char+word")
    t0 = time.process_time()
    cv = StratifiedKFold(n_splits=5, shuffle=True, random_state=SEED)
    pred = [str(p) for p in cross_val_predict(model(parts, task), xs, yy, cv=cv)]
    out: dict[str, Any] = {
        "task": task,
        "variant": variant,
        "n": len(idx),
        "cpu_s": round(time.process_time() - t0, 1),
    }
    out["accuracy"] = round(float(accuracy_score(yy, pred)), 4)
    if task == "relevance":
        out["f1"] = round(float(f1_score(yy, pred, pos_label="1")), 4)
        old = [k for k, i in enumerate(idx) if first[i]]
        if len(old) < len(idx):
            out["f1_first_set"] = round(
                float(f1_score([yy[k] for k in old], [pred[k] for k in old], pos_label="1")), 4
            )
    else:
        out["macro_f1"] = round(float(f1_score(yy, pred, average="macro")), 4)
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


def main(argv: Sequence[str]) -> None:
    if argv and argv[0] == "curve":
        task, variant = argv[1], argv[2]
        curve(task, variant, dataset(task))
        return
    task = argv[0] if argv else "topic"
    variants = list(argv[1:]) or ["base"]
    data = dataset(task)
    for v in variants:
        print(json.dumps(cross_validate(task, v, data), ensure_ascii=False), flush=True)


if __name__ == "__main__":
    main(sys.argv[1:])
