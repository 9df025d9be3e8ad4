"""What several commands share: argument types, the pipeline options, reading one input.

The choices offered are the library's own constants (``SCRIPTS``, ``CONVERTERS`` and
``REPAIR_STEPS`` of :mod:`reportmine.normalization`, ``KINDS`` of :mod:`reportmine.records`,
``BACKENDS`` of :mod:`reportmine.segmentation`), read when the parser is built; none of
them loads OpenCC, jieba or the pipeline.
"""

from __future__ import annotations

import argparse
import math
import sys
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from ..config import PipelineConfig

__all__ = [
    "add_lexicon_option",
    "add_script_options",
    "names",
    "pipeline_config",
    "positive",
    "read_input",
    "size",
]

Group = argparse.ArgumentParser | argparse._ArgumentGroup


# -- argument types ------------------------------------------------------------------------
def positive(s: str) -> int:
    """``--jobs 4`` → 4; ``0`` or ``four`` is a usage error."""
    try:
        n = int(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {s!r}") from None
    if n < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1: {s!r}")
    return n


def ratio(s: str) -> float:
    """``--max-ratio 100`` → 100.0; ``nan``, ``inf``, ``0``, ``-5`` or ``x`` is a usage error
    (``nan`` would switch the check off: it compares false with everything)."""
    try:
        r = float(s)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a number: {s!r}") from None
    if not 0 < r < math.inf:
        raise argparse.ArgumentTypeError(f"must be a finite number above 0: {s!r}")
    return r


def size(s: str) -> int:
    """``--max-doc-size 10M`` → 10485760 (see :func:`reportmine.sources.parse_size`)."""
    from ..sources import parse_size

    try:
        return parse_size(s)
    except ValueError as e:
        raise argparse.ArgumentTypeError(str(e)) from None


def names(known: tuple[str, ...], what: str) -> Callable[[str], tuple[str, ...]]:
    """An argument type for a comma-separated list of ``known`` names: ``--kinds
    count,money`` → ``("count", "money")``; ``''`` → ``()``; an unknown name is a usage
    error listing the ``known`` ones."""

    def parse(value: str) -> tuple[str, ...]:
        chosen = tuple(x.strip() for x in value.split(",") if x.strip())
        unknown = [x for x in chosen if x not in known]
        if unknown:
            raise argparse.ArgumentTypeError(
                f"unknown {what} {', '.join(unknown)}; known: {', '.join(known)}"
            )
        return chosen

    return parse


def lexicon_dir(s: str) -> str:
    """``--lexicon my_lexicons`` → its absolute path (so every worker finds it); a path
    that is no folder is a usage error."""
    p = Path(s)
    if not p.is_dir():
        raise argparse.ArgumentTypeError(f"not a folder of lexicon tables: {s!r}")
    return str(p.resolve())


# -- the pipeline options ------------------------------------------------------------------
def add_script_options(group: Group) -> None:
    """``--script`` and ``--converter``, with the normalizer's choices."""
    from ..normalization import CONVERTERS, SCRIPTS

    group.add_argument("--script", default="auto", choices=SCRIPTS, help="script of the input (auto: detect)")
    group.add_argument(
        "--converter", default="t2s", choices=CONVERTERS, help="OpenCC config for traditional text"
    )


def add_lexicon_option(group: Group) -> None:
    """``--lexicon DIR`` (repeatable): extra lexicon tables loaded on top of the shipped ones."""
    group.add_argument(
        "--lexicon",
        action="append",
        default=[],
        type=lexicon_dir,
        metavar="DIR",
        help="a folder of extra lexicon tables (*.txt) loaded on top of the shipped ones; repeatable",
    )


def add_engine_options(group: Group) -> None:
    """``--engine dask`` and where its cluster is (issue 18): ``--scheduler ADDRESS`` or
    ``--scheduler-file F`` (else a local cluster of ``--jobs`` workers), ``--split-size``."""
    group.add_argument(
        "--engine",
        choices=("local", "dask"),
        default="local",
        help="local: processes on this machine (default); dask: a Dask cluster, -o names a directory "
        "of Parquet parts (needs reportmine[dask])",
    )
    where = group.add_mutually_exclusive_group()
    where.add_argument(
        "--scheduler", metavar="ADDRESS", help="with --engine dask: a running scheduler (tcp://host:8786)"
    )
    where.add_argument(
        "--scheduler-file", metavar="F", help="with --engine dask: the scheduler file of a running cluster"
    )
    group.add_argument(
        "--split-size",
        type=size,
        default=None,
        metavar="SIZE",
        help="with --engine dask: raw document bytes per task (default: the inputs' size over twice "
        "the workers, 4M to 64M)",
    )


def model_file(s: str) -> str:
    """``--relevance-model`` / ``--topic-model``: a model file, or a shipped model's name
    (``relevance-rest``), the file's absolute path (so every worker finds it); anything else
    is a usage error before the first document is read."""
    from ..learn.shipped import SHIPPED

    if s in SHIPPED:
        return s
    if Path(s).is_file():
        return str(Path(s).resolve())
    names = ", ".join(sorted(SHIPPED))
    raise argparse.ArgumentTypeError(f"no such model file or shipped model (shipped: {names}): {s!r}")


def pipeline_config(a: argparse.Namespace) -> PipelineConfig:
    """The :class:`~reportmine.config.PipelineConfig` of the options a command has
    (``--script``, ``--converter``, ``--kinds``, ``--backend``, ``--lexicon``, ``--steps``);
    a command without one gets the default. ``--kinds ''`` means all kinds."""
    from ..config import PipelineConfig

    return PipelineConfig(
        getattr(a, "script", "auto"),
        getattr(a, "converter", "t2s"),
        getattr(a, "kinds", None) or None,
        segmenter=getattr(a, "backend", "auto"),
        lexicon_dirs=getattr(a, "lexicon", ()),
        repairs=getattr(a, "steps", None),
        relevance=getattr(a, "relevance", False),
        topics=getattr(a, "topics", False),
        min_relevance=getattr(a, "min_relevance", None),
        relevance_model=getattr(a, "relevance_model", None),
        topic_model=getattr(a, "topic_model", None),
    )


# -- one input -----------------------------------------------------------------------------
def read_input(path: str) -> tuple[str, str]:
    """``(doc_id, text)`` of a file or ``-`` (standard input), decoded as ``extract`` decodes
    plain text (:func:`reportmine.sources.decode_text`: UTF-8 with or without BOM, UTF-16/32
    with a BOM, GB18030/GBK, Big5), line ends kept. Bytes that are not text raise
    :class:`~reportmine.errors.InputError` naming the file."""
    from ..errors import InputError
    from ..sources import decode_text

    if path == "-":
        doc_id, label, data = "-", "standard input", sys.stdin.buffer.read()
    else:
        p = Path(path)
        doc_id, label, data = p.name, path, p.read_bytes()
    try:
        text, _encoding = decode_text(data)
    except InputError as e:
        raise InputError(f"{label}: {e}") from None
    return doc_id, text
