"""Stage 5, batch: many documents from :mod:`reportmine.sources` through the pipeline into an output.

- :mod:`.runner`: :func:`run_batch` with :class:`BatchOptions` (chunks, worker processes,
  resume, failures accounted for);
- :mod:`.progress`: the progress line on a terminal.

A document's outcome (:class:`~reportmine.results.DocumentResult`) is a core record, so
the outputs (:mod:`reportmine.output`) never import the runner.
"""

from __future__ import annotations

from .runner import BatchOptions, BatchSummary, PipelineConfig, PipelineOptions, default_jobs, run_batch

__all__ = ["BatchOptions", "BatchSummary", "PipelineConfig", "PipelineOptions", "default_jobs", "run_batch"]
