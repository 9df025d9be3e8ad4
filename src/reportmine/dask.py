"""``reportmine.dask``: the extraction on a Dask cluster (extra ``reportmine[dask]``).

A thin re-export of :mod:`reportmine.cluster.engine`::

    import reportmine.dask
    reportmine.dask.extract(["county_reports/", "archive.tar.gz"], "out/")  # a LocalCluster
    bag = reportmine.dask.read_documents("archive.tar.gz")                 # a Dask bag
"""

from __future__ import annotations

from .cluster.engine import auto_split_bytes, extract, read_documents

__all__ = ["auto_split_bytes", "extract", "read_documents"]
