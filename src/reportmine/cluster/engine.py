"""The Dask engine: the same extraction as a local run, one task per split, on a cluster.

:func:`extract` plans the splits of the inputs (:func:`reportmine.sources.plan_splits`,
here, once), sends one task per split to the workers, each of which reads its split,
extracts it with the pipeline of its process and writes the split's Parquet parts to
the dataset directory (:mod:`reportmine.output.dataset`; on a cluster of several
machines the directory must be on a file system they all see). The manifest is written
last, with the counts. The result is the same dataset whatever the cluster: ids,
ordinals, facts and failures are those of ``reportmine extract --jobs 1``.

A document that kills its worker process (a crash in a library, the memory limit):
Dask gives up on a task whose worker died more than ``allowed-failures`` times; this
engine sets that to 0 on the clusters it starts (start your scheduler with
``DASK_DISTRIBUTED__SCHEDULER__ALLOWED_FAILURES=0`` too), then runs the lost split
again document by document, each a task of its own: only the document that kills its
worker again is recorded as failed, every other one is done, and a killer document
takes down two workers (which the nannies restart), not four.

:func:`read_documents` gives the decoded documents of the inputs as a Dask bag, one
partition per split, for analyses of one's own.
"""

from __future__ import annotations

import contextlib
import dataclasses
import datetime
import os
import platform
import threading
import time
import uuid
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import IO, Any, cast

import dask
import dask.bag as db
from distributed import Client, KilledWorker, LocalCluster, as_completed
from distributed.diagnostics.plugin import WorkerPlugin

from .._version import __version__
from ..batch.progress import Progress
from ..batch.runner import BatchSummary, Dating
from ..config import PipelineConfig
from ..errors import OptionError
from ..output.dataset import prepare_dataset, write_manifest, write_part
from ..results import DocumentResult
from ..sources import Document, RawDocument, SourceOptions, decode_raw, input_size, iter_split, plan_splits
from ..sources.files import Inputs, input_paths
from ..sources.splits import Split, iter_splits
from .tasks import SplitOutcome, died, outcome, run_one, run_split, worker_pipeline

__all__ = ["ALLOWED_FAILURES", "PipelinePlugin", "auto_split_bytes", "extract", "read_documents"]

#: worker deaths a task may cause before Dask gives up on it (then its split is run
#: again document by document)
ALLOWED_FAILURES = 0
_MIN_SPLIT = 4 * 1024 * 1024  # each split of a .tar.gz decompresses its prefix again
_MAX_SPLIT = 64 * 1024 * 1024


class PipelinePlugin(WorkerPlugin):  # type: ignore[misc]  # distributed is untyped
    """Builds the pipeline of ``config`` on every worker when it starts (and on workers
    that join later, or are restarted after a crash)."""

    name = "reportmine-pipeline"

    def __init__(self, config: PipelineConfig) -> None:
        self.config = config

    def setup(self, worker: Any) -> None:
        """Build (and warm up) the worker process's pipeline."""
        worker_pipeline(self.config)


def auto_split_bytes(inputs: Inputs, workers: int) -> int:
    """The split size for ``workers``: the inputs' size on disk over twice the workers
    (compressed archives hold about three times their size in text: 2 to 6 splits per
    worker), at least 4 MiB (each split of a ``.tar.gz`` decompresses the part before it
    again, see ``docs/cluster.md``) and at most 64 MiB.

    >>> auto_split_bytes([], 4)
    4194304
    """
    size = input_size(input_paths(inputs))
    return max(_MIN_SPLIT, min(_MAX_SPLIT, size // max(2 * workers, 1)))


def read_documents(
    inputs: Inputs, *, split_bytes: int | None = None, options: SourceOptions | None = None
) -> db.Bag:
    """The decoded :class:`~reportmine.sources.Document` s of ``inputs`` (failures
    included, with reasons) as a Dask bag with one partition per split, in input order."""
    splits = plan_splits(inputs, split_bytes or auto_split_bytes(inputs, 4), options)
    if not splits:
        return db.from_sequence([], npartitions=1)
    return db.from_sequence(splits, npartitions=len(splits)).map_partitions(_decoded)


def _decoded(splits: Iterable[Split]) -> list[Document]:
    out: list[Document] = []
    for split in splits:
        limits = split.options.limits
        out.extend(decode_raw(it, limits) if isinstance(it, RawDocument) else it for it in iter_split(split))
    return out


def extract(
    inputs: Inputs,
    output_dir: str | os.PathLike[str],
    client: Client | None = None,
    config: PipelineConfig | None = None,
    *,
    sources: SourceOptions | None = None,
    split_bytes: int | None = None,
    jobs: int | None = None,
    scheduler: str | None = None,
    scheduler_file: str | None = None,
    progress: IO[str] | None = None,
    dating: Dating | None = None,
) -> BatchSummary:
    """Extract every document of ``inputs`` on a Dask cluster into the dataset directory
    ``output_dir``; returns the same :class:`~reportmine.batch.BatchSummary` a local run does.

    The cluster: ``client``, or one at ``scheduler`` (an address such as
    ``tcp://head:8786``) or described by ``scheduler_file``, or else a ``LocalCluster`` of
    ``jobs`` worker processes (default: the cores) started and closed here.
    ``split_bytes``: raw bytes per split (default :func:`auto_split_bytes`).
    ``progress``: a terminal stream to draw a progress line on.
    ``dating``: how documents are dated (``--doc-date``, dates in file names: the batch's
    :class:`~reportmine.batch.runner.Dating`; default as ``BatchOptions()``).
    """
    paths = input_paths(inputs)
    cfg = config if config is not None else PipelineConfig()
    if not isinstance(cfg, PipelineConfig):
        raise OptionError(f"config must be a PipelineConfig, not {type(cfg).__name__}")
    opts = sources if sources is not None else SourceOptions()
    root = prepare_dataset(os.fspath(output_dir))
    start = time.monotonic()
    with _connect(client, scheduler, scheduler_file, jobs) as cl:
        workers = _worker_count(cl, jobs)
        target = split_bytes or auto_split_bytes(paths, workers)
        pipelines = _Pipelines(cl, cfg)  # built on the workers while the splits are planned here
        run = _Run(cl, cfg, root, progress, dating if dating is not None else Dating())
        outcomes = run.all(iter_splits(paths, target, opts), planned=pipelines.wait)
    splits = run.splits
    summary = _summary(outcomes, splits, workers)
    summary.worker_deaths = run.deaths
    summary.seconds = time.monotonic() - start
    write_manifest(root, _manifest(paths, cfg, opts, splits, outcomes, summary))
    return summary


@contextlib.contextmanager
def _connect(
    client: Client | None, scheduler: str | None, scheduler_file: str | None, jobs: int | None
) -> Iterator[Client]:
    """The client to run on: the one given, one connected to a running scheduler, or one
    of a ``LocalCluster`` started (and closed) here."""
    if client is not None:
        yield client
        return
    if scheduler is not None or scheduler_file is not None:
        with Client(scheduler, scheduler_file=scheduler_file) as cl:
            yield cl
        return
    from ..batch.runner import default_jobs

    with dask.config.set({"distributed.scheduler.allowed-failures": ALLOWED_FAILURES}):
        cluster = LocalCluster(
            n_workers=jobs or default_jobs(),
            threads_per_worker=1,
            processes=True,
            dashboard_address=":0",  # never the default port: other clusters may hold it
        )
    with cluster, Client(cluster) as cl:
        yield cl


def _worker_count(cl: Client, jobs: int | None) -> int:
    n = len(cl.scheduler_info().get("workers", {}))
    return n or jobs or 1


class _Pipelines:
    """Registers the :class:`PipelinePlugin` from a thread: the workers build their
    pipelines while this process plans the splits."""

    def __init__(self, cl: Client, cfg: PipelineConfig) -> None:
        self._errors: list[BaseException] = []
        self._thread = threading.Thread(
            target=self._register, args=(cl, cfg), name="reportmine-pipelines", daemon=True
        )
        self._thread.start()

    def _register(self, cl: Client, cfg: PipelineConfig) -> None:
        try:
            cl.register_plugin(PipelinePlugin(cfg))
        except BaseException as e:  # re-raised by wait(), in the caller's thread
            self._errors.append(e)

    def wait(self) -> None:
        """Wait for the registration; raise what it raised."""
        self._thread.join()
        if self._errors:
            raise self._errors[0]


class _Run:
    """The tasks of one run: one per split; a split lost with its worker again per document."""

    def __init__(
        self, cl: Client, cfg: PipelineConfig, root: Path, progress: IO[str] | None, dating: Dating
    ) -> None:
        self.cl, self.cfg, self.root, self.dating = cl, cfg, root, dating
        self.splits: list[Split] = []
        self.bar = Progress(progress) if progress is not None else None
        self.token = uuid.uuid4().hex[:12]
        self.total_bytes: int | None = None  # known once every split is planned
        self.docs = self.failed = self.chars = self.bytes = 0
        self.deaths = 0  # tasks lost with their worker

    def all(self, splits: Iterator[Split], planned: Callable[[], None]) -> dict[str, SplitOutcome]:
        """Run every split, each submitted as soon as it is planned; the outcomes by split
        name. ``planned`` is called when the planning is over."""
        futures: dict[Any, Split] = {}
        pending = as_completed()
        try:
            for s in splits:
                self.splits.append(s)
                fut = self.cl.submit(
                    run_split, s, self.cfg, str(self.root), self.dating, key=self._key(s.name), pure=False
                )
                futures[fut] = s
                pending.add(fut)
            planned()
            self.total_bytes = sum(s.size for s in self.splits) or None
            return self._collect(pending, futures)
        except BaseException:  # a planning error, Ctrl-C: nothing is left running on the cluster
            self.cl.cancel([f for f in futures if not f.done()])
            raise
        finally:
            if self.bar is not None:
                self.bar.close()

    def _collect(self, pending: Any, futures: dict[Any, Split]) -> dict[str, SplitOutcome]:
        """The outcome of each split as it completes (a split lost with its worker: again,
        document by document)."""
        outcomes: dict[str, SplitOutcome] = {}
        for fut in pending:
            split = futures[fut]
            try:
                out = fut.result()
            except KilledWorker:
                self.deaths += 1
                out = self.rescue(split)
            outcomes[split.name] = out
            self.show(split, out)
            fut.release()
        return outcomes

    def rescue(self, split: Split) -> SplitOutcome:
        """Each document of ``split`` as a task of its own; one whose worker dies again fails."""
        start = time.monotonic()
        futures = [
            self.cl.submit(
                run_one, split, n, self.cfg, self.dating, key=self._key(f"{split.name}-{n}"), pure=False
            )
            for n in range(split.count)
        ]
        results: list[DocumentResult | None] = []
        for fut in futures:
            try:
                results.append(fut.result())
            except KilledWorker:  # this one, or one queued on the same worker, killed it
                self.deaths += 1
                results.append(None)
        for n, r in enumerate(results):
            if r is None:  # again, alone: only a document that kills its worker so fails
                results[n] = self.alone(split, n)
        done = [r for r in results if r is not None]
        write_part(self.root, split.name, done)
        return outcome(split.name, done, time.monotonic() - start)

    def alone(self, split: Split, n: int) -> DocumentResult:
        """Document ``n`` of ``split`` in a task of its own, waited for; failed when its
        worker dies again."""
        fut = self.cl.submit(
            run_one, split, n, self.cfg, self.dating, key=self._key(f"{split.name}-{n}-alone"), pure=False
        )
        try:
            return cast(DocumentResult, fut.result())
        except KilledWorker:
            self.deaths += 1
            return died(split, n)

    def show(self, split: Split, out: SplitOutcome) -> None:
        self.docs += out.counts.total
        self.failed += out.counts.failed
        self.chars += out.counts.chars
        self.bytes += split.size
        if self.bar is not None:
            self.bar.update(self.docs, self.failed)

    def _key(self, name: str) -> str:
        return f"reportmine-{name}-{self.token}"


def _summary(outcomes: dict[str, SplitOutcome], splits: list[Split], workers: int) -> BatchSummary:
    """The run's summary: the splits' counts added up, failures listed in input order."""
    summary = BatchSummary(jobs=workers)
    for split in splits:
        out = outcomes[split.name]
        _add_counts(summary, out.counts)
        if out.pid:
            summary.worker_peak_rss = max(summary.worker_peak_rss, out.peak_rss)
            summary.worker_cpu[out.pid] = max(summary.worker_cpu.get(out.pid, 0.0), out.cpu)
    return summary


def _add_counts(summary: BatchSummary, counts: BatchSummary) -> None:
    """Add one split's ``counts`` to the run's ``summary`` (failures up to its ``max_listed``)."""
    summary.done += counts.done
    summary.failed += counts.failed
    summary.skipped += counts.skipped
    summary.facts += counts.facts
    summary.chars += counts.chars
    room = summary.max_listed - len(summary.failures)
    summary.failures.extend(counts.failures[: max(room, 0)])


def _manifest(
    paths: list[str],
    cfg: PipelineConfig,
    opts: SourceOptions,
    splits: list[Split],
    outcomes: dict[str, SplitOutcome],
    summary: BatchSummary,
) -> dict[str, Any]:
    """The manifest: what was read with which settings and versions, and the counts."""
    return {
        "format": "reportmine-dataset",
        "format_version": 1,
        "created": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "versions": _versions(),
        "inputs": paths,
        "config": cfg.to_dict(),
        "sources": dataclasses.asdict(opts),
        "workers": summary.jobs,
        "seconds": round(summary.seconds, 3),
        "counts": {
            "documents": summary.total,
            "done": summary.done,
            "failed": summary.failed,
            "skipped": summary.skipped,
            "facts": summary.facts,
            "chars": summary.chars,
            "splits": len(splits),
        },
        "splits": [
            {
                "name": s.name,
                "first_ordinal": s.first_ordinal,
                "documents": s.count,
                "bytes": s.size,
                "done": outcomes[s.name].counts.done,
                "failed": outcomes[s.name].counts.failed,
                "skipped": outcomes[s.name].counts.skipped,
                "facts": outcomes[s.name].counts.facts,
                "seconds": round(outcomes[s.name].seconds, 3),
            }
            for s in splits
        ],
    }


def _versions() -> dict[str, str]:
    import distributed
    import pyarrow

    return {
        "reportmine": __version__,
        "python": platform.python_version(),
        "dask": dask.__version__,
        "distributed": distributed.__version__,
        "pyarrow": pyarrow.__version__,
    }
