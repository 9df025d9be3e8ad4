"""What a cluster worker runs: one split, or one document of a split, with the pipeline
of its process.

Each worker process builds its :class:`~reportmine.pipeline.Pipeline` once, from the
:class:`~reportmine.config.PipelineConfig` the task carries (:func:`worker_pipeline`, a
per-process cache keyed by the config, under a lock; the engine's worker plugin builds it when the
worker starts, so the first task does not wait for OpenCC and jieba). Configs travel by recipe:
the OpenCC object never crosses a process boundary. Engine-neutral: nothing here imports
Dask, so any engine that can call a function on a worker can run these.
"""

from __future__ import annotations

import contextlib
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from ..batch.runner import BatchSummary, Dating, process_chunk, process_item, process_usage
from ..config import PipelineConfig
from ..output.dataset import PartWriter
from ..results import DocumentResult
from ..sources.splits import Split, iter_split

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from ..sources.splits import Item

__all__ = [
    "SplitOutcome",
    "died",
    "outcome",
    "pipelines_built",
    "run_one",
    "run_split",
    "split_items",
    "split_results",
    "worker_pipeline",
    "worker_usage",
]

#: failures an outcome lists by name (the documents table has them all)
LISTED = 1000
_LOCK = threading.Lock()
_PIPES: dict[PipelineConfig, Pipeline] = {}
_BUILT = [0]


def worker_pipeline(config: PipelineConfig) -> Pipeline:
    """The pipeline of this process for ``config``: built and warmed up once, then reused
    by every task. Under a lock: the worker plugin's setup and the first task may ask at
    the same moment (a plain ``lru_cache`` built two pipelines then)."""
    with _LOCK:
        pipe = _PIPES.get(config)
        if pipe is None:
            if len(_PIPES) >= 2:  # another config's pipeline: keep the last two only
                _PIPES.pop(next(iter(_PIPES)))
            pipe = config.build()
            # (Pipeline.warm_up: OpenCC, the segmenter, lazy tables and the village table —
            # 0.7 CPU s and ≈110 MB that the plugin pays while the client plans the splits)
            pipe.warm_up()
            _PIPES[config] = pipe
            _BUILT[0] += 1
        return pipe


def pipelines_built() -> int:
    """How many pipelines this process has built (one per worker, whatever its tasks)."""
    return _BUILT[0]


@dataclass
class SplitOutcome:
    """What a split task reports back (its documents are in the part files): its
    ``counts`` (a :class:`~reportmine.batch.BatchSummary`: the one counter of local and
    cluster runs, so a document below ``--min-relevance`` is ``skipped`` here too, not
    failed), the first failures by id, and the worker's pid, peak memory and CPU time."""

    name: str
    counts: BatchSummary = field(default_factory=lambda: BatchSummary(max_listed=LISTED))
    pid: int = 0
    peak_rss: int = 0
    cpu: float = 0.0
    seconds: float = 0.0

    def add(self, r: DocumentResult) -> None:
        """Count one document (:meth:`BatchSummary.add <reportmine.batch.BatchSummary.add>`)."""
        self.counts.add(r)


def split_items(split: Split, dating: Dating | None = None) -> Iterator[Item]:
    """The raw documents of ``split``, each dated as the batch dates it (``--doc-date``,
    a date in the file name: :class:`~reportmine.batch.runner.Dating`; default: as
    ``BatchOptions()`` does)."""
    return map(dating if dating is not None else Dating(), iter_split(split))


def split_results(split: Split, config: PipelineConfig, dating: Dating | None = None) -> list[DocumentResult]:
    """Every document of ``split`` read and extracted, in input order."""
    pipe = worker_pipeline(config)
    limits = split.options.limits
    items = enumerate(split_items(split, dating), split.first_ordinal)
    return [r for chunk in _chunks(items) for r in process_chunk(pipe, chunk, limits)]


#: documents extracted before their rows go to the part files (a row group each): a
#: worker holds this many results at a time, not its split's
CHUNK_DOCS = 128


def run_split(split: Split, config: PipelineConfig, root: str, dating: Dating | None = None) -> SplitOutcome:
    """Extract ``split`` (its documents dated by ``dating``) and write its part files under
    the dataset directory ``root``, :data:`CHUNK_DOCS` documents at a time."""
    start = time.monotonic()
    pipe = worker_pipeline(config)
    limits = split.options.limits
    out = SplitOutcome(split.name)
    part = PartWriter(root, split.name)
    try:
        for items in _chunks(enumerate(split_items(split, dating), split.first_ordinal)):
            _flush(part, process_chunk(pipe, items, limits), out)
    except BaseException:
        part.abort()
        raise
    part.close()
    out.pid, out.peak_rss, out.cpu = worker_usage()
    out.seconds = time.monotonic() - start
    return out


def _chunks(items: Iterator[tuple[int, Item]]) -> Iterator[list[tuple[int, Item]]]:
    """``(ordinal, item)`` pairs in lists of :data:`CHUNK_DOCS` (the learned fields of a
    chunk are scored together: :func:`~reportmine.batch.runner.process_chunk`)."""
    while chunk := list(islice(items, CHUNK_DOCS)):
        yield chunk


def _flush(part: PartWriter, chunk: list[DocumentResult], out: SplitOutcome) -> None:
    """Write ``chunk`` to the part files, count it, and empty it."""
    part.write(chunk)
    for r in chunk:
        out.add(r)
    chunk.clear()


def outcome(name: str, results: list[DocumentResult], seconds: float = 0.0) -> SplitOutcome:
    """The :class:`SplitOutcome` of ``results``, with this process's usage."""
    out = SplitOutcome(name, seconds=seconds)
    for r in results:
        out.add(r)
    out.pid, out.peak_rss, out.cpu = worker_usage()
    return out


def worker_usage() -> tuple[int, int, float]:
    """``(pid, peak resident bytes, CPU seconds)`` of this worker process. The peak is the
    high-water mark of this process image (``VmHWM`` on Linux): a Dask worker is started
    by fork and exec from its nanny, and Linux carries the parent's RSS at the fork into
    the child's ``ru_maxrss`` (a nanny in a 500 MB client made every worker look 500 MB)."""
    pid, peak, cpu = process_usage()
    with (
        contextlib.suppress(OSError, ValueError, IndexError),
        open("/proc/self/status", encoding="ascii") as f,
    ):
        for line in f:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) * 1024
    return pid, peak, cpu


def run_one(split: Split, n: int, config: PipelineConfig, dating: Dating | None = None) -> DocumentResult:
    """The ``n``-th document of ``split`` alone (a split whose worker died is retried so,
    document by document, so that only a document that kills its worker fails)."""
    item = next(islice(split_items(split, dating), n, n + 1))
    return process_item(worker_pipeline(config), split.first_ordinal + n, item, split.options.limits)


def died(split: Split, n: int) -> DocumentResult:
    """The failed result of a document whose worker died each time it was extracted."""
    item = next(islice(iter_split(split), n, n + 1))
    return DocumentResult(
        id=item.id,
        source=item.source,
        sha256=item.sha256,
        ord=split.first_ordinal + n,
        status="failed",
        format=item.format,
        error="a worker process died while extracting this document, alone (out of memory?)",
    )
