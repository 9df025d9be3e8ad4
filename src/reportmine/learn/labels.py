"""Labelled data: the relevance and topic TSV files of a labels folder.

A labels folder (the repository's ``corpus/labels/``; see its README for how the shipped
labels were made) holds

- ``relevance.tsv``: ``doc_id``, ``label`` (``1`` relevant / ``0`` not), ``note``, and
  optionally ``text`` (the document itself, ``\\n`` written as ``\\\\n``); without a
  ``text`` column the documents are read from the ``corpus`` inputs given to
  :func:`~reportmine.learn.train.train` by their ids (``archive.tar.gz!member`` …);
- ``topics.tsv``: ``doc_id``, ``start``, ``end``, ``sentence``, ``topic`` — one fact
  sentence per row, ``topic`` one of :data:`TOPICS` (further columns, such as a later
  batch's ``drawn``, are kept out of the way);
- later batches beside them, ``relevance-2.tsv``, ``topics-2.tsv`` …: labels are added as
  new dated files, never by editing a frozen one (:func:`label_files` lists a task's files
  in order: the first set, then the batches by number).

A malformed row is a :class:`~reportmine.errors.LabelError` starting ``path:line:``.

>>> TOPICS[:3]
('产业', '就业', '教育')
"""

from __future__ import annotations

import csv
import hashlib
import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

from ..errors import LabelError

__all__ = [
    "RELEVANCE_FILE",
    "TOPICS",
    "TOPIC_FILE",
    "RelevanceLabel",
    "TopicLabel",
    "file_sha256",
    "label_files",
    "read_relevance",
    "read_topics",
]

RELEVANCE_FILE = "relevance.tsv"
TOPIC_FILE = "topics.tsv"
_BATCH = re.compile(r"-(\d+)\.tsv$")

#: the topics a fact sentence is labelled with (corpus/labels/README.md defines each)
TOPICS: tuple[str, ...] = (
    "产业",
    "就业",
    "教育",
    "健康医疗",
    "住房与易地搬迁",
    "生态",
    "基础设施",
    "金融与资金",
    "消费扶贫",
    "兜底保障",
    "党建与驻村",
    "其他",
)


@dataclass(frozen=True)
class RelevanceLabel:
    """One document's relevance label (``text`` when the file carries it)."""

    doc_id: str
    relevant: bool
    note: str = ""
    text: str | None = None


@dataclass(frozen=True)
class TopicLabel:
    """One fact sentence and its topic."""

    doc_id: str
    start: int
    end: int
    sentence: str
    topic: str


def _rows(path: Path, needed: Sequence[str]) -> Iterator[tuple[int, dict[str, str]]]:
    """``(line, row)`` of a TSV file with a header naming at least ``needed``."""
    try:
        with path.open(encoding="utf-8", newline="") as f:
            reader = csv.DictReader(f, delimiter="\t", quoting=csv.QUOTE_NONE)
            missing = [c for c in needed if c not in (reader.fieldnames or ())]
            if missing:
                raise LabelError(f"{path}:1: missing column(s) {', '.join(missing)}")
            for row in reader:
                if None in row or any(row.get(c) is None for c in needed):
                    raise LabelError(f"{path}:{reader.line_num}: wrong number of tab-separated columns")
                yield reader.line_num, row
    except (OSError, UnicodeDecodeError) as e:
        raise LabelError(f"{path}: cannot read labels ({e})") from e


def read_relevance(path: str | Path) -> list[RelevanceLabel]:
    """The rows of a ``relevance.tsv`` file."""
    path = Path(path)
    out: list[RelevanceLabel] = []
    for line, row in _rows(path, ("doc_id", "label")):
        label = row["label"].strip()
        if label not in ("0", "1"):
            raise LabelError(f"{path}:{line}: label must be 0 or 1, not {label!r}")
        text = row.get("text")
        out.append(
            RelevanceLabel(
                row["doc_id"],
                label == "1",
                row.get("note") or "",
                text.replace("\\n", "\n") if text else None,
            )
        )
    return out


def read_topics(path: str | Path) -> list[TopicLabel]:
    """The rows of a ``topics.tsv`` file."""
    path = Path(path)
    out: list[TopicLabel] = []
    for line, row in _rows(path, ("doc_id", "start", "end", "sentence", "topic")):
        topic = row["topic"].strip()
        if topic not in TOPICS:
            raise LabelError(f"{path}:{line}: unknown topic {topic!r}; topics: {' '.join(TOPICS)}")
        try:
            start, end = int(row["start"]), int(row["end"])
        except ValueError:
            raise LabelError(f"{path}:{line}: start and end must be integers") from None
        out.append(TopicLabel(row["doc_id"], start, end, row["sentence"], topic))
    return out


def file_sha256(path: str | Path) -> str:
    """The sha256 of a labels file (the README records those of the frozen sets)."""
    return hashlib.sha256(Path(path).read_bytes()).hexdigest()


def label_files(folder: str | Path, task: str) -> list[Path]:
    """The labels files of ``task`` (``relevance`` or ``topic``) in ``folder``: the first
    set (``relevance.tsv`` / ``topics.tsv``, required), then its numbered batches
    (``relevance-2.tsv``, ``relevance-3.tsv`` …) in number order."""
    first = Path(folder) / (RELEVANCE_FILE if task == "relevance" else TOPIC_FILE)
    stem = first.name[: -len(".tsv")]
    batches = []
    for p in first.parent.glob(f"{stem}-*.tsv"):
        m = _BATCH.search(p.name)
        if m and p.name == f"{stem}-{m.group(1)}.tsv":
            batches.append((int(m.group(1)), p))
    return [first] + [p for _, p in sorted(batches)]
