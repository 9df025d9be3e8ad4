"""A dataset directory: facts and documents as Parquet part files, and a manifest.

What a cluster run (``reportmine extract --engine dask -o DIR``) writes::

    DIR/manifest.json                  written last: the run is complete
    DIR/facts/part-000000.parquet      one per split, in input order when sorted by name
    DIR/documents/part-000000.parquet

Every part is written under a temporary name (``.part-000000.parquet.tmp``) and renamed
when complete, so a reader never sees half a file. The fact columns are those of every
fact file (:func:`reportmine.records.fact_columns`, ``value`` split into ``value`` and
``value_text``); the document columns are the fields of
:class:`~reportmine.results.DocumentResult` (``facts``: the number of facts), so a field
added there flows into the parts. pandas (``pd.read_parquet("DIR/facts")``), DuckDB
(``read_parquet('DIR/facts/*.parquet')``) and R arrow (``open_dataset("DIR/facts")``)
read them as they are; :func:`reportmine.read_facts` and :func:`read_documents` accept
the directory.
"""

from __future__ import annotations

import dataclasses
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError, OptionError
from ..results import DOCUMENT_FIELDS, DocumentResult
from .export import ParquetWriter, _pyarrow, _read_parquet
from .store import Store, is_sqlite

if TYPE_CHECKING:
    import pandas

__all__ = [
    "MANIFEST",
    "TABLES",
    "document_columns",
    "is_dataset",
    "iter_dataset_facts",
    "part_files",
    "prepare_dataset",
    "read_documents",
    "read_manifest",
    "write_manifest",
    "write_part",
]

MANIFEST = "manifest.json"
TABLES = ("facts", "documents")
_TYPES = {"int": "int64", "float": "float64", "bool": "bool_"}


def document_columns() -> tuple[str, ...]:
    """The columns of a documents part: the fields of :class:`DocumentResult`.

    >>> document_columns()[:4]
    ('id', 'source', 'sha256', 'ord')
    """
    own = tuple(f.name for f in dataclasses.fields(DocumentResult) if f.name != "document")
    return (*own, *DOCUMENT_FIELDS)  # what is known of the document (issue 15), flattened


def _arrow_type(pa: Any, name: str, annotation: object) -> Any:
    """``int`` → int64, ``str | None`` → string …; ``facts`` is the number of facts."""
    if name == "facts":
        return pa.int64()
    base = str(annotation).split("|")[0].strip()
    return getattr(pa, _TYPES.get(base, "string"))()


def _document_schema(pa: Any) -> Any:
    own = [
        pa.field(f.name, _arrow_type(pa, f.name, f.type))
        for f in dataclasses.fields(DocumentResult)
        if f.name != "document"
    ]
    return pa.schema(own + [pa.field(c, pa.string()) for c in DOCUMENT_FIELDS])


def is_dataset(path: str | Path) -> bool:
    """Whether ``path`` is a dataset directory (it has a manifest or a ``facts/`` folder)."""
    p = Path(path)
    return p.is_dir() and ((p / MANIFEST).is_file() or (p / "facts").is_dir())


def prepare_dataset(root: str | Path) -> Path:
    """Make ``root`` ready for a new run: created if missing; an earlier dataset there is
    replaced (its manifest and parts removed); any other non-empty folder is refused."""
    p = Path(root)
    if p.exists() and not p.is_dir():
        raise OptionError(f"{root}: the output of a cluster run is a directory, and this is a file")
    if p.is_dir() and any(p.iterdir()) and not is_dataset(p):
        raise OptionError(f"{root}: not empty and not a reportmine dataset; give a new or empty directory")
    (p / MANIFEST).unlink(missing_ok=True)
    for table in TABLES:
        (p / table).mkdir(parents=True, exist_ok=True)
        for old in (p / table).glob("*.parquet"):
            old.unlink()
    return p


def write_part(root: str | Path, name: str, results: Sequence[DocumentResult]) -> None:
    """Write ``DIR/facts/NAME.parquet`` and ``DIR/documents/NAME.parquet`` for ``results``
    (in input order), each under a temporary name first."""
    pa, pq = _pyarrow()
    facts_tmp, facts = _paths(root, "facts", name)
    writer = ParquetWriter(facts_tmp)
    try:
        writer.write(results)
    finally:
        writer.close()
    docs_tmp, docs = _paths(root, "documents", name)
    cols = document_columns()
    rows = [{c: _document_value(r, c) for c in cols} for r in results]
    pq.write_table(pa.Table.from_pylist(rows, schema=_document_schema(pa)), str(docs_tmp))
    os.replace(facts_tmp, facts)
    os.replace(docs_tmp, docs)


def _document_value(r: DocumentResult, column: str) -> Any:
    """A documents-part cell: ``facts`` is the number of facts; the fields of
    :data:`~reportmine.results.DOCUMENT_FIELDS` come from ``r.document`` (text, or ``None``)."""
    if column == "facts":
        return len(r.facts)
    if column in DOCUMENT_FIELDS:
        v = (r.document or {}).get(column)
        return None if v is None else str(v)
    return getattr(r, column)


def _paths(root: str | Path, table: str, name: str) -> tuple[Path, Path]:
    folder = Path(root) / table
    return folder / f".{name}.parquet.tmp", folder / f"{name}.parquet"


def write_manifest(root: str | Path, manifest: dict[str, Any]) -> None:
    """Write ``DIR/manifest.json`` (through a temporary file: it marks the run complete)."""
    p = Path(root) / MANIFEST
    tmp = p.with_name(f".{MANIFEST}.tmp")
    tmp.write_text(json.dumps(manifest, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    os.replace(tmp, p)


def read_manifest(root: str | Path) -> dict[str, Any]:
    """The manifest of a dataset directory."""
    data = json.loads((Path(root) / MANIFEST).read_text(encoding="utf-8"))
    if not isinstance(data, dict):
        raise OptionError(f"{root}/{MANIFEST}: not a reportmine manifest")
    return data


def part_files(root: str | Path, table: str) -> list[Path]:
    """The part files of ``table`` (``facts`` or ``documents``), in input order."""
    if table not in TABLES:
        raise OptionError(f"table must be one of {TABLES}, not {table!r}")
    return sorted((Path(root) / table).glob("*.parquet"))


def iter_dataset_facts(root: str | Path) -> Iterator[dict[str, Any]]:
    """The facts of a dataset directory, part after part (input order)."""
    for part in part_files(root, "facts"):
        yield from _read_parquet(part)


def read_documents(path: str | Path) -> pandas.DataFrame:
    """The documents of a dataset directory or a store as a pandas DataFrame, one row
    per document (``id``, ``ord``, ``status``, ``error`` …), in input order."""
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("read_documents()", "pandas", "pandas") from None
    p = Path(path)
    if is_dataset(p):
        _, pq = _pyarrow()
        frames = [pq.read_table(str(f)).to_pandas() for f in part_files(p, "documents")]
        if not frames:
            return pd.DataFrame(columns=list(document_columns()))
        return pd.concat(frames, ignore_index=True)
    if is_sqlite(p):
        with Store(p, readonly=True) as store:
            return pd.DataFrame.from_records(list(store.iter_documents()))
    raise OptionError(f"{path}: neither a dataset directory nor a store")
