"""``reportmine train`` and ``reportmine reprints``: the :mod:`reportmine.learn` commands.

``reportmine train relevance|topic --labels DIR -o MODEL [--corpus INPUT...]`` wraps
:func:`reportmine.learn.train.train`; ``reportmine reprints STORE INPUT...`` wraps
:func:`reportmine.learn.reprints.mark_reprints` (the inputs in the order they were
extracted; each document's ``reprint_of`` is written to the store).
"""

from __future__ import annotations

import argparse
import sys

__all__ = ["add_reprints", "add_train"]


def add_train(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine train``."""
    p = sub.add_parser(
        "train",
        help="train a relevance or topic model on labelled data",
        description="Train a model on the labels of DIR (relevance.tsv or topics.tsv; "
        "corpus/labels/README.md describes them) and write it to MODEL; needs reportmine[learn] "
        "(scikit-learn).",
    )
    p.add_argument("task", choices=("relevance", "topic"), help="what the model answers")
    p.add_argument("--labels", required=True, metavar="DIR", help="folder of the labelled TSV files")
    p.add_argument("-o", "--output", required=True, metavar="MODEL", help="model file to write")
    p.add_argument(
        "--corpus",
        nargs="+",
        default=[],
        metavar="INPUT",
        help="files, folders or archives holding the labelled documents (relevance labels without text)",
    )
    p.add_argument("--folds", type=int, default=5, metavar="K", help="cross-validation folds (0: none)")
    p.add_argument(
        "--rest-chars",
        type=int,
        default=None,
        metavar="N",
        help="relevance: also read each document's rest up to N characters, as features of their "
        "own (the shipped relevance-rest model: 1500)",
    )
    p.set_defaults(func=_cmd_train)


def _cmd_train(a: argparse.Namespace) -> int:
    from ..learn.train import train

    model = train(a.task, a.labels, a.output, corpus=a.corpus, cv_folds=a.folds, rest_chars=a.rest_chars)
    cv = ", ".join(f"{k} {v:.3f}" for k, v in model.info.get("cv", {}).items())
    print(
        f"reportmine: {a.task} model: {model.info.get('rows')} rows, {len(model.vocab)} features"
        f"{'; cross-validated ' + cv if cv else ''} -> {a.output}",
        file=sys.stderr,
    )
    return 0


def add_reprints(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine reprints``."""
    p = sub.add_parser(
        "reprints",
        help="mark reprinted documents in a store (reprint_of: the first-seen copy)",
        description="Read the inputs again in the order they were extracted, find near-duplicate documents "
        "(MinHash/LSH over simplified text) and write each one's reprint_of to the store; needs "
        "reportmine[learn] (numpy).",
    )
    p.add_argument("store", metavar="STORE", help="the store the inputs were extracted into")
    p.add_argument("inputs", nargs="+", metavar="INPUT", help="the inputs, as given to extract")
    p.set_defaults(func=_cmd_reprints)


def _cmd_reprints(a: argparse.Namespace) -> int:
    from ..learn.reprints import mark_reprints

    docs, reprints = mark_reprints(a.store, a.inputs)
    print(f"reportmine: {docs} documents read, {reprints} reprints -> {a.store}", file=sys.stderr)
    return 0
