"""The batch runner: sources → (worker processes) extraction → store or fact file.

:func:`run_batch` reads documents as a stream, cuts it into chunks, extracts each
chunk in a worker process (``jobs`` of them, started with ``spawn``; each builds its
:class:`~reportmine.pipeline.Pipeline` once) and hands the results, in input order, to
a writer, one chunk at a time. Only a few chunks are in flight at once, so memory stays
bounded whatever the input size; the output is the same whatever ``jobs`` is. With a
:class:`~reportmine.store.Store` each chunk is one transaction, and ``resume`` skips
documents already done with the same sha256.
"""

from __future__ import annotations

import math
import os
import sys
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any

from .errors import OptionError, ReportmineError
from .export import FactWriter
from .progress import Progress, human
from .results import DocumentResult
from .sources import Document, Limits, RawDocument, ReadStats, SourceOptions, decode_raw, iter_raw
from .sources.files import input_size
from .store import Store

if TYPE_CHECKING:
    from .pipeline import Pipeline

__all__ = ["BatchOptions", "BatchSummary", "PipelineOptions", "default_jobs", "run_batch"]

Item = RawDocument | Document
Chunk = list[tuple[int, Item]]
Usage = tuple[int, int, float]  # pid, peak RSS bytes, CPU seconds
_INT64 = 2**63


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


@dataclass(frozen=True)
class PipelineOptions:
    """How each worker builds its :class:`Pipeline` (picklable, hashable)."""

    script: str = "auto"
    converter: str = "t2s"
    kinds: tuple[str, ...] | None = None

    def build(self) -> Pipeline:
        """A new pipeline with these options."""
        from .pipeline import Pipeline

        return Pipeline(script=self.script, converter=self.converter, kinds=self.kinds)


@dataclass(frozen=True)
class BatchOptions:
    """Options of a batch run.

    ``jobs``: worker processes (default: the number of cores; 1 runs in this process).
    ``chunk_docs``/``chunk_bytes``: a chunk closes at whichever comes first; it is the unit
    of work of a worker and of a store transaction. ``resume``: skip documents the store
    already holds as done with the same sha256.
    """

    jobs: int | None = None
    chunk_docs: int = 32
    chunk_bytes: int = 1024 * 1024
    resume: bool = False
    sources: SourceOptions = field(default_factory=SourceOptions)
    pipeline: PipelineOptions = field(default_factory=PipelineOptions)


@dataclass
class BatchSummary:
    """What a run did: every input document is ``done`` (``resumed`` of them skipped as
    already done) or ``failed``; ``failures`` lists ``(id, reason)`` (the first
    ``max_listed``)."""

    done: int = 0
    resumed: int = 0
    failed: int = 0
    facts: int = 0
    chars: int = 0
    seconds: float = 0.0
    jobs: int = 1
    worker_peak_rss: int = 0
    worker_cpu: dict[int, float] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    max_listed: int = 1000

    @property
    def total(self) -> int:
        """Documents accounted for: done + failed."""
        return self.done + self.failed

    @property
    def ok(self) -> bool:
        """True when no document failed."""
        return self.failed == 0

    def line(self, output: str | None = None) -> str:
        """The one-line summary."""
        secs = max(self.seconds, 1e-9)
        resumed = f" ({self.resumed} resumed)" if self.resumed else ""
        where = f" -> {output}" if output else ""
        return (
            f"reportmine: {self.total} documents: {self.done} done{resumed}, {self.failed} failed; "
            f"{self.facts} facts; {human(self.chars)} chars in {self.seconds:.1f} s "
            f"({human(self.chars / secs)} chars/s, {self.done / secs:.1f} docs/s, {self.jobs} jobs){where}"
        )

    def add(self, r: DocumentResult) -> None:
        """Count one result."""
        if r.ok:
            self.done += 1
            self.facts += len(r.facts)
            self.chars += r.chars
        else:
            self.failed += 1
            if len(self.failures) < self.max_listed:
                self.failures.append((r.id, r.error or "failed"))


# -- the work of one document ---------------------------------------------------------------
def process_item(pipe: Pipeline, ordinal: int, item: Item, limits: Limits) -> DocumentResult:
    """Decode and extract one document; every problem becomes a failed result."""
    doc = decode_raw(item, limits) if isinstance(item, RawDocument) else item
    base: dict[str, Any] = {
        "id": doc.id,
        "source": doc.source,
        "sha256": doc.sha256,
        "ord": ordinal,
        "format": doc.format,
        "encoding": doc.encoding,
    }
    if not doc.ok or doc.text is None:
        return DocumentResult(status="failed", error=doc.error or "not readable", **base)
    try:
        report = pipe.extract(doc.text, doc.id)
        facts = _shared_sentences([_json_safe(f.to_dict()) for f in report.facts])
    except Exception as e:  # an extractor bug must not stop the batch
        why = f"extraction failed ({type(e).__name__}: {str(e)[:300]})"
        return DocumentResult(status="failed", error=why, chars=len(doc.text), **base)
    return DocumentResult(status="done", script=report.text.script, chars=len(doc.text), facts=facts, **base)


def _json_safe(d: dict[str, Any]) -> dict[str, Any]:
    """Numbers that JSON or SQLite cannot hold become floats or null, flagged ``overflow``."""
    changed = False
    for k in ("value", "low", "high"):
        v = d.get(k)
        if isinstance(v, bool):
            continue
        if isinstance(v, int) and not -_INT64 <= v < _INT64:
            try:
                fv = float(v)
            except OverflowError:
                fv = math.inf
            d[k] = fv if math.isfinite(fv) else None
            changed = True
        elif isinstance(v, float) and not math.isfinite(v):
            d[k] = None
            changed = True
    if changed and "overflow" not in d.get("flags", ()):
        d["flags"] = [*d.get("flags", ()), "overflow"]
    return d


def _shared_sentences(facts: list[dict[str, Any]]) -> tuple[dict[str, Any], ...]:
    """Facts of one sentence share one ``sentence`` string: smaller to send between processes."""
    seen: dict[str, str] = {}
    for f in facts:
        s = f.get("sentence")
        if isinstance(s, str):
            f["sentence"] = seen.setdefault(s, s)
    return tuple(facts)


@lru_cache(maxsize=1)
def _worker_pipeline(options: PipelineOptions) -> Pipeline:
    """The pipeline of a worker process, built once per process (pure loader of one config)."""
    return options.build()


def _init_worker(options: PipelineOptions) -> None:
    _worker_pipeline(options)


def _work_chunk(chunk: Chunk, options: PipelineOptions, limits: Limits) -> tuple[list[DocumentResult], Usage]:
    pipe = _worker_pipeline(options)
    return [process_item(pipe, o, it, limits) for o, it in chunk], _usage()


def _usage() -> Usage:
    """``(pid, peak resident bytes, CPU seconds)`` of this process (zeros where unknown)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return (os.getpid(), 0, time.process_time())
    ru = resource.getrusage(resource.RUSAGE_SELF)
    rss = ru.ru_maxrss if sys.platform == "darwin" else ru.ru_maxrss * 1024
    return (os.getpid(), int(rss), ru.ru_utime + ru.ru_stime)


# -- the run --------------------------------------------------------------------------------
def run_batch(
    inputs: Iterable[str],
    writer: FactWriter,
    options: BatchOptions | None = None,
    *,
    progress: IO[str] | None = None,
    stdin: IO[bytes] | None = None,
) -> BatchSummary:
    """Extract every document of ``inputs`` into ``writer``; returns the :class:`BatchSummary`.

    ``progress``: a terminal stream to draw a progress line on (``None``: silent).
    With ``options.resume`` the writer must be a :class:`Store`.
    """
    opts = options or BatchOptions()
    paths = list(inputs)
    if opts.resume and not isinstance(writer, Store):
        raise OptionError("resume needs a store (an .sqlite or .db output)")
    jobs = opts.jobs or default_jobs()
    summary = BatchSummary(jobs=jobs)
    stats = ReadStats(bytes_total=input_size(paths) if progress is not None else None)
    bar = Progress(progress) if progress is not None else None
    start = time.monotonic()

    def emit(results: Sequence[DocumentResult], usage: Usage | None) -> None:
        writer.write(results)
        for r in results:
            summary.add(r)
        if usage is not None:
            pid, rss, cpu = usage
            summary.worker_peak_rss = max(summary.worker_peak_rss, rss)
            summary.worker_cpu[pid] = cpu
        if bar is not None:
            bar.update(summary.total, summary.failed, summary.chars, stats.position(), stats.bytes_total)

    chunks = _chunks(iter_raw(paths, opts.sources, stats, stdin=stdin), opts, writer, summary)
    try:
        if jobs <= 1:
            _run_here(chunks, opts, emit)
        elif not _run_pool(chunks, opts, jobs, emit):
            summary.jobs = 1  # too small an input to start workers for
    finally:
        summary.seconds = time.monotonic() - start
        if bar is not None:
            bar.close()
    return summary


def _chunks(
    items: Iterator[Item], opts: BatchOptions, writer: FactWriter, summary: BatchSummary
) -> Iterator[Chunk]:
    """Cut the stream into chunks; skip resumed documents; fail duplicate ids."""
    store = writer if opts.resume and isinstance(writer, Store) else None
    seen = _SeenIds()
    chunk: Chunk = []
    size = 0
    for ordinal, item in enumerate(items):
        if not seen.add(item.id):
            item = Document(
                item.id, item.source, item.sha256, item.format, None, None, "duplicate document id"
            )
        else:
            if store is not None and isinstance(item, RawDocument):
                known = store.lookup(item.id)
                if known is not None and known.sha256 == item.sha256 and known.status == "done":
                    if known.ord != ordinal:
                        store.move(item.id, ordinal)
                    summary.done += 1
                    summary.resumed += 1
                    continue
        chunk.append((ordinal, item))
        size += item.size
        if len(chunk) >= opts.chunk_docs or size >= opts.chunk_bytes:
            yield chunk
            chunk, size = [], 0
    if chunk:
        yield chunk


class _SeenIds:
    """The document ids of this run, in a temporary on-disk SQLite table: memory stays flat."""

    def __init__(self) -> None:
        import sqlite3

        self._db = sqlite3.connect("", isolation_level=None)  # "" = private temporary file
        self._db.execute("PRAGMA cache_size = -8192")  # at most 8 MiB in memory
        self._db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY) WITHOUT ROWID")

    def add(self, doc_id: str) -> bool:
        """Record ``doc_id``; False when it was already seen."""
        cur = self._db.execute("INSERT OR IGNORE INTO ids VALUES (?)", (doc_id,))
        return cur.rowcount == 1


def _run_here(chunks: Iterable[Chunk], opts: BatchOptions, emit: Any) -> None:
    pipe: Pipeline | None = None
    for chunk in chunks:
        if pipe is None:
            pipe = opts.pipeline.build()
        emit([process_item(pipe, o, it, opts.sources.limits) for o, it in chunk], _usage())


def _run_pool(chunks: Iterator[Chunk], opts: BatchOptions, jobs: int, emit: Any) -> bool:
    """Run the chunks in ``jobs`` worker processes; False when the input was too small to."""
    head: list[Chunk] = []
    for chunk in chunks:
        head.append(chunk)
        if len(head) > jobs:
            break
    else:
        _run_here(head, opts, emit)
        return False
    stream = _chain(head, chunks)
    ctx = _mp_context()
    limits = opts.sources.limits
    exhausted = False
    while not exhausted:
        window: deque[tuple[Chunk, Future[tuple[list[DocumentResult], Usage]]]] = deque()
        ex = ProcessPoolExecutor(jobs, mp_context=ctx, initializer=_init_worker, initargs=(opts.pipeline,))
        progressed = False
        try:
            exhausted = True
            for chunk in stream:
                window.append((chunk, ex.submit(_work_chunk, chunk, opts.pipeline, limits)))
                if len(window) >= 2 * jobs:
                    if not _drain_one(window, emit, progressed):
                        exhausted = False
                        break
                    progressed = True
            while window:
                if not _drain_one(window, emit, progressed):
                    exhausted = False
                progressed = True
        except BaseException:
            ex.shutdown(wait=False, cancel_futures=True)
            raise
        ex.shutdown(wait=True)
    return True


def _mp_context() -> Any:
    """``forkserver`` (workers fork from a clean server that has imported reportmine once)
    where the platform has it, else ``spawn``; never plain ``fork`` (unsafe with threads)."""
    import multiprocessing

    if "forkserver" in multiprocessing.get_all_start_methods():
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["reportmine.batch", "reportmine.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


def _drain_one(
    window: deque[tuple[Chunk, Future[tuple[list[DocumentResult], Usage]]]], emit: Any, progressed: bool
) -> bool:
    """Write the oldest chunk's results; False when the worker pool broke (its chunks fail).

    A pool that breaks before finishing any chunk cannot start: that stops the run.
    """
    chunk, fut = window.popleft()
    try:
        results, usage = fut.result()
    except BrokenProcessPool as e:
        if not progressed:
            raise ReportmineError(f"worker processes cannot start or died at once ({e}); try --jobs 1") from e
        emit([_died(o, it) for o, it in chunk], None)
        while window:  # every chunk in flight is lost with the pool
            lost, _ = window.popleft()
            emit([_died(o, it) for o, it in lost], None)
        return False
    emit(results, usage)
    return True


def _died(ordinal: int, item: Item) -> DocumentResult:
    return DocumentResult(
        id=item.id,
        source=item.source,
        sha256=item.sha256,
        ord=ordinal,
        status="failed",
        format=item.format,
        error="a worker process died while extracting this chunk (out of memory?); retry with --resume",
    )


def _chain(head: list[Chunk], rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield from head
    yield from rest
