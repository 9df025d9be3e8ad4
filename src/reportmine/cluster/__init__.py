"""Stage 5b, cluster: the batch on a Dask cluster (extra ``reportmine[dask]``).

- :mod:`.tasks`: what a worker runs (a split, or one document of one), with the pipeline
  of its process built once; engine-neutral, no Dask import;
- :mod:`.engine`: :func:`extract` (one task per split, parts written by the workers, a
  killer document retried alone) and :func:`read_documents` (a Dask bag of the
  documents, one partition per split).

``reportmine.dask`` is the same API under the name users look for. Importing this package
loads no Dask: :func:`extract` and :func:`read_documents` import it when called.

>>> import reportmine.cluster
>>> sorted(reportmine.cluster.__all__)
['extract', 'read_documents']
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from .engine import extract, read_documents

__all__ = ["extract", "read_documents"]


def __getattr__(name: str) -> Any:
    if name in __all__:
        from . import engine

        return getattr(engine, name)
    raise AttributeError(f"module 'reportmine.cluster' has no attribute {name!r}")
