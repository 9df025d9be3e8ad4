"""Stage 5, batch: many documents from :mod:`reportmine.sources` through the pipeline into an output.

- :mod:`.runner`: :func:`run_batch` with :class:`BatchOptions` (chunks, worker processes,
  resume, failures accounted for);
- :mod:`.progress`: the progress display on a terminal (rich, or a plain line).

A document's outcome (:class:`~reportmine.results.DocumentResult`) is a core record, so
the outputs (:mod:`reportmine.output`) never import the runner.
"""

from __future__ import annotations

from .runner import (
    BatchInterrupted,
    BatchOptions,
    BatchSummary,
    PipelineConfig,
    PipelineOptions,
    default_jobs,
    run_batch,
)

__all__ = [
    "BatchInterrupted",
    "BatchOptions",
    "BatchSummary",
    "PipelineConfig",
    "PipelineOptions",
    "default_jobs",
    "run_batch",
]
