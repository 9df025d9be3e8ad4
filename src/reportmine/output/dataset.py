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

import contextlib
import dataclasses
import io
import json
import os
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..errors import MissingExtraError, OptionError
from ..records import CORE_FIELDS
from ..results import BASE_EXTRAS, DOCUMENT_FIELDS, DocumentResult, FactRow, rows_of
from .export import _arrow_row, _arrow_schema, _pyarrow, _read_parquet
from .schema import fact_columns
from .store import Store, is_sqlite

if TYPE_CHECKING:
    import pandas

__all__ = [
    "MANIFEST",
    "TABLES",
    "PartWriter",
    "arrow_table",
    "document_columns",
    "fact_line",
    "facts_table",
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
#: one encoder for every line (``json.dumps`` with options builds one per call)
_encode = json.JSONEncoder(ensure_ascii=False, allow_nan=False).encode


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
    part = PartWriter(root, name)
    try:
        part.write(results)
    except BaseException:
        part.abort()
        raise
    part.close()


class PartWriter:
    """The two part files of one split, written as its documents are extracted: each
    :meth:`write` adds a row group to both, so a worker holds one chunk of results at a
    time, not the split's (issue 18: a worker's memory). :meth:`close` renames both files
    into place; :meth:`abort` removes them.

    The Arrow tables are built by pyarrow's JSON reader from the rows (:func:`arrow_table`):
    building them from Python lists (``pa.array``, ``Table.from_pylist``) makes pyarrow
    import pandas, 50 MB and 0.3 CPU s in every worker process that never uses it.
    """

    def __init__(self, root: str | Path, name: str) -> None:
        pa, pq = _pyarrow()
        self._pa = pa
        self._fact_cols = fact_columns()
        self._doc_cols = document_columns()
        self._schemas = {"facts": _arrow_schema(pa), "documents": _document_schema(pa)}
        self._paths = {t: _paths(root, t, name) for t in TABLES}
        self._writers = {t: pq.ParquetWriter(str(self._paths[t][0]), self._schemas[t]) for t in TABLES}

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Add ``results`` (the next documents of the split, in input order)."""
        if not results:
            return
        if any(r.facts for r in results):
            self._writers["facts"].write_table(facts_table(self._pa, results, self._schemas["facts"]))
        docs = [{c: _document_value(r, c) for c in self._doc_cols} for r in results]
        self._writers["documents"].write_table(arrow_table(self._pa, docs, self._schemas["documents"]))

    def close(self) -> None:
        """Finish both files and put them in place."""
        for t in TABLES:
            self._writers[t].close()
        for t in TABLES:
            os.replace(*self._paths[t])

    def abort(self) -> None:
        """Close and remove what was written (the task failed: no half part is left)."""
        for t in TABLES:
            with contextlib.suppress(Exception):
                self._writers[t].close()
            Path(self._paths[t][0]).unlink(missing_ok=True)


def arrow_table(pa: Any, rows: list[dict[str, Any]], schema: Any) -> Any:
    """``rows`` (dicts of plain values) as an Arrow table of ``schema``, without pandas:
    written as JSON lines and parsed by pyarrow's JSON reader with ``schema`` as its
    explicit schema (floats print in their shortest exact form, so they read back the
    same). Rows JSON or UTF-8 cannot hold (NaN, infinity, a lone surrogate) go through
    ``Table.from_pylist``, which loads pandas.

    >>> import pyarrow as pa
    >>> t = arrow_table(pa, [{"n": 1, "x": 0.1, "s": "县"}, {"n": None, "x": 2.5, "s": None}],
    ...                 pa.schema([("n", pa.int64()), ("x", pa.float64()), ("s", pa.string())]))
    >>> t.to_pylist()
    [{'n': 1, 'x': 0.1, 's': '县'}, {'n': None, 'x': 2.5, 's': None}]
    """
    try:
        lines = [_encode(r) for r in rows]
    except ValueError:  # NaN or infinity: no JSON number
        lines = None
    table = _read_lines(pa, lines, schema, "error")
    return table if table is not None else pa.Table.from_pylist(rows, schema=schema)


def facts_table(pa: Any, results: Sequence[DocumentResult], schema: Any) -> Any:
    """The facts of ``results`` as an Arrow table of ``schema`` (the Parquet fact columns),
    the same as ``Table.from_pylist`` of their Parquet rows (``export._arrow_row``) but
    without pandas and faster: each JSON line is spliced from the store row, whose flags
    and kind-specific fields are JSON already (:func:`fact_line`)."""
    try:
        lines: list[str] | None = [fact_line(row) for r in results for row in rows_of(r.id, r.facts)]
    except ValueError:  # NaN or infinity: no JSON number
        lines = None
    table = _read_lines(pa, lines, schema, "ignore")  # ignore: _arrow_row drops unknown fields too
    if table is not None:
        return table
    cols = fact_columns()
    return pa.Table.from_pylist([_arrow_row(f, cols) for r in results for f in r.facts], schema=schema)


_ROW_CORE = CORE_FIELDS
_NB = len(BASE_EXTRAS)


def fact_line(row: FactRow) -> str:
    """The Parquet fact row of a store row as one JSON line: ``value`` a number (with
    ``value_exact`` its exact text) or, for a text value, ``value_text``; fields that are
    null are left out (the reader fills them with null).

    >>> from reportmine.results import FactRows
    >>> from reportmine.records import CountFact
    >>> line = fact_line(FactRows.of("d", [CountFact("35户", 0, 3, 35, "户")]).rows[0])
    >>> line[:55]
    '{"doc_id": "d", "kind": "count", "text": "35户", "start"'
    >>> '"value_exact": "35"' in line and line.endswith('"flags": []}')
    True
    """
    d = dict(zip(_ROW_CORE, (row[0], *row[2:14]), strict=True))
    d.update(zip(BASE_EXTRAS, row[15 : 15 + _NB], strict=True))
    v = d["value"]
    if isinstance(v, str):
        d["value"], d["value_text"] = None, v
    elif v is not None:
        d["value_exact"] = str(v)
    head = _encode(d)
    extra = row[-1]
    tail = "" if extra == "{}" else ", " + extra[1:-1]
    return f'{head[:-1]}, "flags": {row[14]}{tail}}}'


def _read_lines(pa: Any, lines: list[str] | None, schema: Any, unexpected: str) -> Any:
    """JSON ``lines`` read by pyarrow's JSON reader into a table of ``schema``; ``None``
    when they cannot be (``None`` given, a lone surrogate, a value of another type)."""
    import pyarrow.json as pj

    if lines is None:
        return None
    try:
        data = "\n".join(lines).encode("utf-8")
        parse = pj.ParseOptions(explicit_schema=schema, unexpected_field_behavior=unexpected)
        read = pj.ReadOptions(use_threads=False, block_size=max(len(data) + 1, 1 << 20))
        table = pj.read_json(io.BytesIO(data), read_options=read, parse_options=parse)
        table = table.select(schema.names)
        return table if table.schema.equals(schema) else table.cast(schema)  # cast: pyarrow.compute, 0.3 s
    except (ValueError, pa.ArrowException):  # ArrowInvalid is a ValueError too
        return None


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
