"""The batch runner: sources → extraction (in worker processes) → store or fact file.

:func:`run_batch` reads documents as a stream of raw bytes, cuts it into chunks, has
``jobs`` worker processes (each with its own :class:`~reportmine.pipeline.Pipeline`)
decode and extract them and build their fact rows, and hands the results, in input
order, to a writer, one chunk at a time: this process only reads and writes (issue 19).
``jobs`` 1 runs everything in this process, without workers. Only a few chunks per
worker are in flight at once, so memory stays bounded whatever the input size; the
output is the same whatever ``jobs`` is. With a :class:`~reportmine.output.Store` each
chunk is one transaction, and ``resume`` skips documents already done with the same
sha256.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime as _dt
import functools
import logging
import os
import re
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from concurrent.futures import CancelledError, Future, ProcessPoolExecutor
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import lru_cache
from typing import IO, TYPE_CHECKING, Any, TypeVar

from ..chars import reference_date
from ..config import PipelineConfig
from ..errors import OptionError
from ..output.export import FactWriter
from ..output.store import FactRowsOf, Store
from ..results import DocumentResult, FactRows
from ..sources import Document, Limits, RawDocument, ReadStats, SourceOptions, decode_raw, iter_raw
from ..sources.dated import check_pattern, date_of_name, date_of_value
from ..sources.files import Inputs, count_documents, input_paths, input_size
from .progress import Progress, human

if TYPE_CHECKING:
    from ..output.store import RowMaker
    from ..pipeline import Pipeline

_log = logging.getLogger("reportmine")

__all__ = [
    "BatchInterrupted",
    "BatchOptions",
    "BatchSummary",
    "Dating",
    "PipelineConfig",
    "PipelineOptions",
    "default_jobs",
    "run_batch",
]

Item = RawDocument | Document
_R = TypeVar("_R")
Chunk = list[tuple[int, Item]]
Usage = tuple[int, int, float]  # pid, peak RSS bytes, CPU seconds
#: what a worker sends back for a chunk: results, usage, the store's rows of them (or None)
Done = tuple[list[DocumentResult], Usage, "list[FactRowsOf] | None"]


def default_jobs() -> int:
    """The number of cores this process may use."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


#: the former name of :class:`~reportmine.config.PipelineConfig`, still importable
PipelineOptions = PipelineConfig


@dataclass(frozen=True)
class BatchOptions:
    """Options of a batch run.

    ``jobs``: extracting processes (default: the number of cores): ``jobs`` workers, while
    this process only reads and writes; 1 runs everything in this process, without workers.
    ``chunk_docs``/``chunk_bytes``: a chunk closes at whichever comes first; it is the unit
    of work of a worker and of a store transaction. ``resume``: skip documents the store
    already holds as done with the same sha256. ``pipeline``: the
    :class:`~reportmine.config.PipelineConfig` every worker (and this process) builds
    its pipeline from (under ``fork`` this process builds it once, before the workers start,
    and they inherit it).

    Document dates (issue 15): ``doc_date`` (``--doc-date``) is every document's date,
    whatever the API's ``doc_date`` accepts (:func:`option_date`: ``2019``, ``2019-10``,
    ``2019-10-01``, a date-time, a ``date``; ``2019/10/1`` too), stored as ISO 8601 at the
    precision given; otherwise a JSON Lines ``date_field``, then a date in the document's file or
    member name (``name_dates``; ``date_pattern`` replaces the built-in patterns of
    :mod:`reportmine.sources.dated`), then the document's own dateline. ``store_text``
    keeps each document's text in the store.
    """

    jobs: int | None = None
    chunk_docs: int = 64
    chunk_bytes: int = 1024 * 1024
    resume: bool = False
    sources: SourceOptions = field(default_factory=SourceOptions)
    pipeline: PipelineConfig = field(default_factory=PipelineConfig)
    # -- issue 15: document dates and text
    doc_date: str | _dt.date | None = None
    name_dates: bool = True
    date_pattern: str | None = None
    store_text: bool = False

    def __post_init__(self) -> None:
        option_date(self.doc_date)  # OptionError for what the API's doc_date refuses
        if self.date_pattern is not None:
            check_pattern(self.date_pattern)


_YEAR_OR_MONTH = re.compile(r"[0-9]{4}(?:-[0-9]{2})?")


def option_date(value: object) -> str | None:
    """``--doc-date`` (:attr:`BatchOptions.doc_date`) as stored with each document: ISO 8601
    at the precision given, accepting what the API's ``doc_date`` accepts
    (:func:`~reportmine.chars.reference_date`) and, as before, the dates of JSON Lines
    fields (``2019/10/1``, ``20191001``).

    >>> option_date("2019"), option_date("2019-10"), option_date("2019-10-01T08:30:00+08:00")
    ('2019', '2019-10', '2019-10-01')
    >>> option_date(_dt.date(2019, 10, 1)), option_date("2019/10/1"), option_date(None)
    ('2019-10-01', '2019-10-01', None)

    A year alone (``--doc-date 2019``) used to be refused while the API took it. A date
    without a year (``--10-01``) resolves nothing, and anything else is not a date:
    :class:`~reportmine.errors.OptionError`.
    """
    if value is None:
        return None
    if isinstance(value, _dt.date):  # a datetime too: its day
        return (value.date() if isinstance(value, _dt.datetime) else value).isoformat()
    if not isinstance(value, str):
        raise OptionError(f"doc_date must be a date or an ISO string, not {type(value).__name__}")
    s = value.strip()
    with contextlib.suppress(ValueError):
        day = reference_date(s)
        if day is not None:
            return s if _YEAR_OR_MONTH.fullmatch(s) else day.isoformat()
    found = None if s.startswith("--") else date_of_value(s)
    if found is None:
        raise OptionError(f"doc_date must be an ISO date YYYY-MM-DD, YYYY-MM or YYYY: {value!r}")
    return found


class BatchInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped :func:`run_batch`; ``summary`` counts the documents written before
    (the chunks finished: each chunk is written whole or not at all)."""

    def __init__(self, summary: BatchSummary) -> None:
        super().__init__(f"interrupted after {summary.total} documents")
        self.summary = summary


@dataclass
class BatchSummary:
    """What a run did: every input document is ``done`` (``resumed`` of them skipped as
    already done) or ``failed``; ``failures`` lists ``(id, reason)`` (the first
    ``max_listed``). ``worker_deaths``: worker processes that died (what they held ran
    again in workers of its own, so only a document that kills them all fails)."""

    done: int = 0
    resumed: int = 0
    failed: int = 0
    facts: int = 0
    chars: int = 0
    seconds: float = 0.0
    jobs: int = 1
    worker_deaths: int = 0
    skipped: int = 0
    worker_peak_rss: int = 0
    worker_cpu: dict[int, float] = field(default_factory=dict)
    failures: list[tuple[str, str]] = field(default_factory=list)
    max_listed: int = 1000

    @property
    def total(self) -> int:
        """Documents accounted for: done + failed (+ skipped as not relevant)."""
        return self.done + self.failed + self.skipped

    @property
    def ok(self) -> bool:
        """True when no document failed."""
        return self.failed == 0

    def line(self, output: str | None = None) -> str:
        """The one-line summary."""
        secs = max(self.seconds, 1e-9)
        resumed = f" ({self.resumed} resumed)" if self.resumed else ""
        where = f" -> {output}" if output else ""
        deaths = f"; {self.worker_deaths} worker processes died" if self.worker_deaths else ""
        skipped = f", {self.skipped} skipped (not relevant)" if self.skipped else ""
        return (
            f"reportmine: {self.total} documents: {self.done} done{resumed}, {self.failed} failed{skipped}; "
            f"{self.facts} facts; {human(self.chars)} chars in {self.seconds:.1f} s "
            f"({human(self.chars / secs)} chars/s, {self.done / secs:.1f} docs/s, {self.jobs} jobs)"
            f"{deaths}{where}"
        )

    def add(self, r: DocumentResult) -> None:
        """Count one result."""
        if r.status == "skipped":  # below --min-relevance (issue 16)
            self.skipped += 1
        elif r.ok:
            self.done += 1
            self.facts += len(r.facts)
            self.chars += r.chars
        else:
            self.failed += 1
            if len(self.failures) < self.max_listed:
                self.failures.append((r.id, r.error or "failed"))


# -- the work of one document ---------------------------------------------------------------
def process_item(
    pipe: Pipeline, ordinal: int, item: Item, limits: Limits, keep_text: bool = False
) -> DocumentResult:
    """Decode and extract one document; every problem becomes a failed result."""
    job = _Job.start(ordinal, item, limits)
    if job.readable:
        job.report = job.attempt(pipe.extract, job.doc.text, job.doc.id, doc_date=job.day)
    return job.result(pipe.config.min_relevance, keep_text)


def process_chunk(
    pipe: Pipeline, chunk: Sequence[tuple[int, Item]], limits: Limits, keep_text: bool = False
) -> list[DocumentResult]:
    """:func:`process_item` of each ``(ordinal, item)`` of ``chunk``, in order — with
    relevance or topics on, their models scored once for the whole chunk
    (:meth:`Pipeline.finish <reportmine.pipeline.Pipeline.finish>`: issue 16, session 8):

    1. decode and normalize each document;
    2. with ``min_relevance``: the relevance of the chunk, then only the documents at or
       above it are extracted (one below is recorded ``skipped`` with its relevance and
       metadata, and costs no extraction);
    3. extract each document, learning off (:meth:`~reportmine.pipeline.Pipeline.begin`);
    4. the learned fields of the chunk together; should that fail, document by document,
       so that only the document at fault fails.

    Every problem fails its own document, with its reason; the rest of the chunk is
    unaffected.
    """
    if not (pipe.config.relevance or pipe.config.topics):
        return [process_item(pipe, o, it, limits, keep_text) for o, it in chunk]
    jobs = [_Job.start(o, it, limits) for o, it in chunk]
    for j in jobs:
        if j.readable:
            j.text = j.attempt(pipe.normalize, j.doc.text)
    floor = pipe.config.min_relevance
    if floor is not None:
        _screen(pipe, [j for j in jobs if j.readable and j.text is not None], floor)
    for j in jobs:
        if j.readable and j.text is not None and j.report is None:  # (not skipped, no failure)
            j.draft = j.attempt(pipe.begin, j.text, j.doc.id, doc_date=j.day)
    _finish(pipe, [j for j in jobs if j.draft is not None], floor is not None)
    return [j.result(floor, keep_text) for j in jobs]


def _screen(pipe: Pipeline, jobs: list[_Job], floor: float) -> None:
    """``--min-relevance`` before extraction: the relevance of every job's normalized text,
    in one pass; a job below ``floor`` gets its report now (metadata, no facts), so it is
    not extracted. A failing pass is retried job by job (each fails alone)."""
    try:
        scores: list[float | None] = list(pipe.relevance_many([j.text for j in jobs if j.text is not None]))
    except Exception:  # (one document at fault: find it by scoring them one by one)
        scores = [j.attempt(_relevance_of, pipe, j.text) for j in jobs]
    for j, p in zip(jobs, scores, strict=True):
        j.relevance = p
        if p is not None and p < floor:
            j.report = j.attempt(pipe.outline, j.text, j.doc.id, doc_date=j.day)
            if j.report is not None:
                j.report = dataclasses.replace(j.report, relevance=p)


def _relevance_of(pipe: Pipeline, text: Any) -> float:
    """The relevance of one normalized text (a chunk's pass failed)."""
    return pipe.relevance_many([text])[0]


def _finish(pipe: Pipeline, jobs: list[_Job], screened: bool) -> None:
    """The learned fields of the jobs' drafts, scored together (the relevance already
    scored by :func:`_screen` kept when ``screened``); should that fail, job by job."""
    drafts = [j.draft for j in jobs if j.draft is not None]
    known = [j.relevance if j.relevance is not None else 0.0 for j in jobs] if screened else None
    try:
        reports = pipe.finish(drafts, known)
    except Exception:  # (one document at fault: the others are scored without it)
        for j, d in zip(jobs, drafts, strict=True):
            rel = None if known is None else [j.relevance or 0.0]
            done = j.attempt(pipe.finish, [d], rel)
            j.report = None if done is None else done[0]
        return
    for j, report in zip(jobs, reports, strict=True):
        j.report = report


@dataclass
class _Job:
    """One document on its way through :func:`process_chunk`: decoded, normalized
    (``text``), extracted (``draft``), with its ``report`` — or its ``error``, from the
    first step that failed."""

    ordinal: int
    item: Item
    doc: Document
    day: _dt.date | None
    text: Any = None
    draft: Any = None
    report: Any = None
    relevance: float | None = None
    error: str | None = None

    @classmethod
    def start(cls, ordinal: int, item: Item, limits: Limits) -> _Job:
        """The job of ``item``, decoded (a failed decoding is kept in ``doc``)."""
        doc = decode_raw(item, limits) if isinstance(item, RawDocument) else item
        job = cls(ordinal, item, doc, None)
        if isinstance(item, RawDocument):  # (a bad date fails its document: it used to, in extract)
            job.day = job.attempt(reference_date, item.date)
        return job

    @property
    def readable(self) -> bool:
        """Decoded into text, and no step failed yet."""
        return self.doc.ok and self.doc.text is not None and self.error is None

    def attempt(self, step: Callable[..., _R], *args: Any, **kwargs: Any) -> _R | None:
        """``step(*args, **kwargs)``, or ``None`` with the reason in ``error`` when it
        raises: a problem fails this document only (an extractor bug must not stop the
        batch)."""
        try:
            return step(*args, **kwargs)
        except Exception as e:
            self.error = f"extraction failed ({type(e).__name__}: {str(e)[:300]})"
            return None

    def result(self, floor: float | None, keep_text: bool) -> DocumentResult:
        """The document's :class:`DocumentResult`: failed, skipped (relevance below
        ``floor``) or done."""
        doc, item = self.doc, self.item
        base: dict[str, Any] = {
            "id": doc.id, "source": doc.source, "sha256": doc.sha256, "ord": self.ordinal,
            "format": doc.format, "encoding": doc.encoding,
        }  # fmt: skip
        if not doc.ok or doc.text is None:
            return DocumentResult(status="failed", error=doc.error or "not readable", **base)
        report = self.report
        facts = None if report is None else self.attempt(FactRows.of, doc.id, report.facts)
        if report is None or facts is None:
            why = self.error or "not extracted"
            return DocumentResult(status="failed", error=why, chars=len(doc.text), **base)
        date = item.date if isinstance(item, RawDocument) else None
        about = report.document_fields(date, item.date_source if isinstance(item, RawDocument) else None)
        if keep_text:
            about["text"] = doc.text
        status = "done"
        if floor is not None and report.relevance is not None and report.relevance < floor:
            # reportmine.learn (issue 16): not about assistance work: recorded, not extracted
            status = "skipped"
        return DocumentResult(
            status=status, script=report.text.script, chars=len(doc.text), document=about,
            facts=facts if status == "done" else (),
            relevance=report.relevance, **base,
        )  # fmt: skip


@lru_cache(maxsize=1)
def _worker_pipeline(config: PipelineConfig) -> Pipeline:
    """The pipeline of a worker process, built once per process (pure loader of one config)
    and warmed up (:meth:`Pipeline.warm_up`: the village table too), so that forked workers
    inherit everything it sets up on first use."""
    pipe = config.build()
    pipe.warm_up()
    return pipe


def _init_worker(config: PipelineConfig) -> None:
    _exit_with_parent()
    _worker_pipeline(config)


def _exit_with_parent() -> None:
    """End this worker when the process that started it dies (even by ``kill -9``), rather
    than leave it waiting for work forever."""
    import multiprocessing

    parent = multiprocessing.parent_process()
    if parent is None or parent.sentinel is None:  # pragma: no cover - not a child process
        return

    def watch(sentinel: int) -> None:
        from multiprocessing.connection import wait

        wait([sentinel])
        os._exit(70)  # the parent is gone: nobody will read our results

    threading.Thread(target=watch, args=(parent.sentinel,), name="reportmine-parent", daemon=True).start()


def _work_chunk(
    chunk: Chunk,
    config: PipelineConfig,
    limits: Limits,
    keep_text: bool = False,
    maker: RowMaker | None = None,
) -> Done:
    """A worker's task: the chunk's results, this process's usage, and, for a store, the
    rows ``maker`` (:meth:`Store.row_maker <reportmine.output.Store.row_maker>`) makes of
    each result's facts, so that the main process only writes them (issue 19: it used to
    make them, a third of its CPU time on the archives)."""
    pipe = _worker_pipeline(config)
    results = process_chunk(pipe, chunk, limits, keep_text)
    rows = None if maker is None else [maker.fact_rows(r) if r.facts else _NO_ROWS for r in results]
    return results, process_usage(), rows


_NO_ROWS: FactRowsOf = ([], [])


def process_usage() -> Usage:
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
    inputs: Inputs,
    writer: FactWriter,
    options: BatchOptions | None = None,
    *,
    progress: IO[str] | None = None,
    stdin: IO[bytes] | None = None,
) -> BatchSummary:
    """Extract every document of ``inputs`` into ``writer``; returns the :class:`BatchSummary`.

    ``progress``: a terminal stream to draw the progress display on (``None``: silent).
    With ``options.resume`` the writer must be a :class:`Store`. Ctrl-C raises
    :class:`BatchInterrupted` (a :class:`KeyboardInterrupt`) with the summary so far.
    """
    paths = input_paths(inputs)  # a str is ONE path
    opts = options if options is not None else BatchOptions()
    if not isinstance(opts, BatchOptions):
        raise OptionError(f"options must be BatchOptions, not {type(opts).__name__}")
    if not callable(getattr(writer, "write", None)):
        raise OptionError(f"writer must be a Store or a FactWriter, not {type(writer).__name__}")
    if opts.resume and not isinstance(writer, Store):
        raise OptionError("resume needs a store (an .sqlite or .db output)")
    if opts.resume and isinstance(writer, Store):
        writer.verify()  # a damaged store stops the run before it is added to (StoreError)
    jobs = opts.jobs or default_jobs()
    summary = BatchSummary(jobs=jobs)
    stats = ReadStats(bytes_total=input_size(paths) if progress is not None else None)
    bar = None
    if progress is not None:
        bar = Progress(progress, total=count_documents(paths, opts.sources), stats=stats)
    start = time.monotonic()

    def emit(
        results: Sequence[DocumentResult], usage: Usage | None, rows: list[FactRowsOf] | None = None
    ) -> None:
        if rows is not None and isinstance(writer, Store):
            writer.write(results, rows)  # made in the worker
        else:
            writer.write(results)
        for r in results:
            summary.add(r)
        if usage is not None:
            pid, rss, cpu = usage
            summary.worker_peak_rss = max(summary.worker_peak_rss, rss)
            summary.worker_cpu[pid] = cpu
        if bar is not None:
            bar.update(summary.total, summary.failed)

    chunks = _chunks(iter_raw(paths, opts.sources, stats, stdin=stdin), opts, writer, summary)
    try:
        if jobs <= 1:
            _run_here(chunks, opts, emit)
        elif not _run_pool(chunks, opts, jobs, emit, summary, _work_of(opts, writer)):
            summary.jobs = 1  # too small an input to start workers for
    except KeyboardInterrupt as stop:
        raise BatchInterrupted(summary) from stop  # says how many documents are kept
    finally:
        summary.seconds = time.monotonic() - start
        if bar is not None:
            bar.close()
    return summary


def _chunks(
    items: Iterator[Item], opts: BatchOptions, writer: FactWriter, summary: BatchSummary
) -> Iterator[Chunk]:
    """Cut the stream into chunks; skip resumed documents (ids are unique: the sources
    number repeats ``#2``, ``#3`` …)."""
    store = writer if opts.resume and isinstance(writer, Store) else None
    chunk: Chunk = []
    size = 0
    dating = Dating.of(opts)
    for ordinal, item in enumerate(items):
        item = dating(item)
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


class Dating:
    """Gives each raw document its date (issue 15): ``--doc-date``, else its JSON Lines
    field (set by the source), else a date in its id (file or member name). The batch and
    the Dask engine's tasks both date their documents with it (picklable: it travels with
    each task)."""

    def __init__(
        self, doc_date: str | _dt.date | None = None, name_dates: bool = True, date_pattern: str | None = None
    ) -> None:
        self._option = option_date(doc_date)
        self._names = name_dates
        self._pattern = check_pattern(date_pattern) if date_pattern else None

    @classmethod
    def of(cls, opts: BatchOptions) -> Dating:
        """The dating :class:`BatchOptions` ask for (``doc_date``, ``name_dates``, ``date_pattern``)."""
        return cls(opts.doc_date, opts.name_dates, opts.date_pattern)

    def __call__(self, item: Item) -> Item:
        if not isinstance(item, RawDocument):
            return item
        if self._option:
            # stored as ISO: --doc-date 2019/10/1 is 2019-10-01 (it used to fail every document)
            return dataclasses.replace(item, date=self._option, date_source="option")
        if item.date is None and self._names:
            date = date_of_name(item.id, self._pattern)
            if date is not None:
                return dataclasses.replace(item, date=date, date_source="file name")
        return item


class _Here:
    """Extraction in this process, with a pipeline built on first use."""

    def __init__(self, opts: BatchOptions) -> None:
        self._opts = opts
        self._pipe: Pipeline | None = None

    def run(self, chunk: Chunk) -> list[DocumentResult]:
        if self._pipe is None:
            self._pipe = self._opts.pipeline.build()
        limits = self._opts.sources.limits
        return process_chunk(self._pipe, chunk, limits, self._opts.store_text)


def _run_here(chunks: Iterable[Chunk], opts: BatchOptions, emit: Any, *, usage: bool = True) -> None:
    """Extract the chunks in this process (``--jobs 1``; an input too small for workers; the
    rest of a run whose workers cannot start). ``usage``: count this process's memory and
    CPU as a worker's (not when it stands in for workers that failed)."""
    here = _Here(opts)
    for chunk in chunks:
        emit(here.run(chunk), process_usage() if usage else None)


def _work_of(opts: BatchOptions, writer: FactWriter) -> Work:
    """A worker's task for every chunk of the run (:func:`_work_chunk` with the run's options
    and, for a store, its row maker), picklable."""
    maker = writer.row_maker() if isinstance(writer, Store) else None
    return functools.partial(
        _work_chunk, config=opts.pipeline, limits=opts.sources.limits, keep_text=opts.store_text, maker=maker
    )


Work = Callable[[Chunk], Done]


def _run_pool(
    chunks: Iterator[Chunk], opts: BatchOptions, jobs: int, emit: Any, summary: BatchSummary, work: Work
) -> bool:
    """Extract the chunks in ``jobs`` worker processes; False when the input was too small to.

    This process only reads, hands chunks out and writes (in input order): decoding,
    extraction and fact-row building run in the workers (issue 19: with ``--jobs 2`` two
    workers extract, where the main process used to extract whenever the worker had four
    chunks queued). At most :data:`_WINDOW` chunks per worker are in flight. When a worker
    dies the run goes on with new workers, and what the dead one held runs again
    (:class:`_Rescue`); when workers cannot start at all, the rest of the run goes on in
    this process.
    """
    head: list[Chunk] = []
    for chunk in chunks:
        head.append(chunk)
        if len(head) > jobs:
            break
    else:
        _run_here(head, opts, emit)
        return False
    stream: Iterator[Chunk] = _chain(head, chunks)
    dead = 0  # pools in a row that broke before finishing a chunk
    rescue = _Rescue(opts, summary, work)
    try:
        while True:
            ctx = _mp_context()
            if ctx.get_start_method() == "fork":  # the workers inherit the pipeline built here
                _worker_pipeline(opts.pipeline)
            ex = _pool(jobs, ctx, opts)
            try:
                rest, progressed = _feed(ex, jobs, stream, work, emit, rescue)
            except BaseException:
                ex.shutdown(wait=False, cancel_futures=True)
                raise
            ex.shutdown(wait=True)
            if rest is None:
                return True
            stream = rest  # the pool broke: go on with new workers
            summary.worker_deaths += 1
            dead = 0 if progressed else dead + 1
            if dead >= _MAX_DEAD_POOLS:
                _log.warning(
                    "reportmine: worker processes cannot start or die at once (%d pools in a row); "
                    "going on in this process",
                    dead,
                )
                _run_here(stream, opts, emit, usage=False)
                return True
    finally:
        _worker_pipeline.cache_clear()  # kept for forked workers only


#: pools in a row that may break before finishing a chunk; then the rest of the run goes
#: on in this process (workers that cannot start, or die at once, every time)
_MAX_DEAD_POOLS = 3
#: chunks in flight per worker at most (queued, being extracted, or done and waiting for an
#: older chunk to be written): enough to keep every worker busy while this process reads
#: and writes, and it bounds memory to about this many times ``chunk_bytes`` per worker
_WINDOW = 4

Pending = Future[Done]
Entry = tuple[Chunk, Pending]


def _feed(
    ex: ProcessPoolExecutor,
    workers: int,
    stream: Iterator[Chunk],
    work: Work,
    emit: Any,
    rescue: _Rescue,
) -> tuple[Iterator[Chunk] | None, bool]:
    """Send the stream's chunks to the pool, at most :data:`_WINDOW` per worker in flight,
    and write the results in input order as they come. Returns ``None`` when the stream is
    done, or the rest of it when the pool broke; and whether a worker finished a chunk."""
    window: deque[Entry] = deque()
    progressed = False
    for chunk in stream:
        try:
            window.append((chunk, ex.submit(work, chunk)))
        except BrokenProcessPool:
            progressed = _drain_broken(window, emit, rescue) or progressed
            return _chain([chunk], stream), progressed
        # write what is ready in order; wait for the oldest chunk when the window is full
        while window and (len(window) >= _WINDOW * workers or window[0][1].done()):
            ok, finished = _drain_one(window, emit, rescue)
            progressed = progressed or finished
            rescue.workers_ok = rescue.workers_ok or finished
            if not ok:
                return stream, progressed
    while window:
        ok, finished = _drain_one(window, emit, rescue)
        progressed = progressed or finished
        rescue.workers_ok = rescue.workers_ok or finished
        if not ok:
            return stream, progressed
    return None, progressed


def _pool(workers: int, ctx: Any, opts: BatchOptions) -> ProcessPoolExecutor:
    """``workers`` worker processes started by ``ctx``, each with the pipeline of ``opts``."""
    return ProcessPoolExecutor(workers, mp_context=ctx, initializer=_init_worker, initargs=(opts.pipeline,))


def _mp_context() -> Any:
    """How to start workers: plain ``fork`` on Linux when this process runs no other
    thread (then fork is safe, and a worker starts at once with this process's pipeline
    already built); otherwise ``forkserver`` (workers fork from a clean server that has
    imported reportmine once) where the platform has it, else ``spawn``."""
    import multiprocessing

    methods = multiprocessing.get_all_start_methods()
    if sys.platform == "linux" and "fork" in methods and threading.active_count() == 1:
        return multiprocessing.get_context("fork")
    if "forkserver" in methods:
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["reportmine.batch.runner", "reportmine.pipeline"])
        return ctx
    return multiprocessing.get_context("spawn")


def _drain_one(window: deque[Entry], emit: Any, rescue: _Rescue) -> tuple[bool, bool]:
    """Write the oldest chunk's results (waiting for them); returns ``(ok, from a worker)``,
    ``ok`` False when the worker pool broke (then the whole window is written, the chunks
    lost with the pool run again by ``rescue``)."""
    chunk, work = window.popleft()
    try:
        results, usage, rows = work.result()
    except BrokenProcessPool:
        window.appendleft((chunk, work))
        return False, _drain_broken(window, emit, rescue)
    emit(results, usage, rows)
    return True, True


def _drain_broken(window: deque[Entry], emit: Any, rescue: _Rescue) -> bool:
    """Write the window of a broken pool in order: what was extracted, and the chunks lost
    with the pool, run again by ``rescue``. True when a worker had finished one of them."""
    finished = False
    while window:
        chunk, work = window.popleft()
        try:
            results, usage, rows = work.result()
        except (BrokenProcessPool, CancelledError):
            emit(rescue(chunk), None)
        else:
            emit(results, usage, rows)
            finished = True
    return finished


class _Rescue:
    """Runs again the chunks a dying worker took down with it, each alone in a one-off
    worker; when that worker dies too, document by document, each in its own worker. So
    only a document that kills its worker fails, not the others that were queued with it.

    Only once workers have been seen to work (``workers_ok``) or, before, once a one-off
    worker has been seen to start (one try per run): workers that cannot start at all fail
    the lost chunks at once. (A killer document in the first chunks used to be met only
    after the main process had written a chunk of the worker; with two workers it can break
    the pool before any chunk is written.)"""

    def __init__(self, opts: BatchOptions, summary: BatchSummary, work: Work) -> None:
        self._opts = opts
        self._summary = summary
        self._work = work
        self.workers_ok = False
        self._tried = False

    def __call__(self, chunk: Chunk) -> list[DocumentResult]:
        if not self.workers_ok and not self._tried:
            self._tried = True
            self.workers_ok = self._can_start()
        if not self.workers_ok:
            return [_died(o, it) for o, it in chunk]
        results = self._alone(chunk)
        if results is not None:
            return results
        out: list[DocumentResult] = []
        for o, it in chunk:
            one = self._alone([(o, it)]) if len(chunk) > 1 else None
            out.extend(one if one is not None else [_died(o, it, alone=True)])
        return out

    def _can_start(self) -> bool:
        """Whether a one-off worker starts (builds its pipeline) and answers."""
        ex = _pool(1, _mp_context(), self._opts)
        try:
            ex.submit(os.getpid).result()
        except BrokenProcessPool:
            return False
        finally:
            ex.shutdown(wait=True)
        return True

    def _alone(self, chunk: Chunk) -> list[DocumentResult] | None:
        """``chunk`` extracted by a worker of its own; ``None`` when that worker died."""
        ex = _pool(1, _mp_context(), self._opts)
        try:
            results, _usage, _rows = ex.submit(self._work, chunk).result()
        except BrokenProcessPool:
            self._summary.worker_deaths += 1
            return None
        finally:
            ex.shutdown(wait=True)
        return results


def _died(ordinal: int, item: Item, *, alone: bool = False) -> DocumentResult:
    what = "this document, alone" if alone else "this chunk"
    return DocumentResult(
        id=item.id,
        source=item.source,
        sha256=item.sha256,
        ord=ordinal,
        status="failed",
        format=item.format,
        error=f"a worker process died while extracting {what} (out of memory?); retry with --resume",
    )


def _chain(head: list[Chunk], rest: Iterator[Chunk]) -> Iterator[Chunk]:
    yield from head
    yield from rest
