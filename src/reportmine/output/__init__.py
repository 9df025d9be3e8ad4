"""Stage 6, output: the SQLite store, fact files and the JSON Schema of fact records.

- :mod:`.store`: :class:`Store`, the embedded SQLite database (documents and facts tables);
- :mod:`.export`: JSON Lines, CSV and Parquet writers, :func:`export_store` and
  :func:`read_facts`;
- :mod:`.schema`: the JSON Schema and column lists, generated from :mod:`reportmine.records`;
- :mod:`.show`: the terminal view of one report (``reportmine show``; rich, extra ``show``);
- :mod:`.html`: the standalone HTML page of a report or a store (``reportmine report``), its
  stylesheet and script in ``assets/``; :mod:`.palette`: one colour per fact kind.
- :mod:`.dataset`: a cluster run's directory of Parquet parts and its manifest (issue 18),
  and ``read_documents``.

Outputs depend on the core records only, never on the batch runner.
"""

from __future__ import annotations

from .export import (
    OUTPUT_FORMATS,
    FactWriter,
    export_store,
    iter_fact_file,
    open_writer,
    output_format,
    read_facts,
)
from .schema import fact_columns, fact_schema
from .store import Store, is_sqlite

__all__ = [
    "OUTPUT_FORMATS",
    "FactWriter",
    "Store",
    "export_store",
    "fact_columns",
    "fact_schema",
    "is_sqlite",
    "iter_fact_file",
    "open_writer",
    "output_format",
    "read_facts",
]
