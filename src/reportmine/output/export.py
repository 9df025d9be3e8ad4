"""Fact files: JSON Lines, CSV and Parquet writers, export of a store, and :func:`read_facts`.

Every format holds the same rows (the FACTS.md JSON form of each fact, in input
order) and :func:`read_facts` reads any of them, or a store, back into the same
pandas DataFrame:

``.jsonl``
    one :meth:`~reportmine.records.Fact.to_dict` object per line (validates against
    ``reportmine schema``).
``.csv``
    one column per field; ``flags`` joined with ``;``; ``excel=True`` writes a UTF-8 BOM
    so spreadsheet programs show Chinese correctly.
``.parquet``
    typed columns (needs the ``parquet`` extra, pyarrow): ``start``/``end`` int64,
    ``low``/``high`` float64, ``flags`` list of strings; the mixed ``value`` is split in
    ``value`` (float64, numeric values) and ``value_text`` (string values such as dates
    and names).
``.sqlite``/``.db``
    a :class:`~reportmine.output.Store`.
"""

from __future__ import annotations

import csv
import json
import math
import sys
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any, Protocol

from ..errors import MissingExtraError, OptionError
from ..records import FACT_TYPES
from ..results import DocumentResult
from .schema import fact_columns, field_types
from .store import Store, is_sqlite

if TYPE_CHECKING:
    import pandas

__all__ = [
    "OUTPUT_FORMATS",
    "FactWriter",
    "export_store",
    "iter_fact_file",
    "open_writer",
    "output_format",
    "read_facts",
]

OUTPUT_FORMATS: dict[str, str] = {
    ".sqlite": "sqlite",
    ".sqlite3": "sqlite",
    ".db": "sqlite",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".csv": "csv",
    ".parquet": "parquet",
    ".pq": "parquet",
}
_PARQUET_ROWS = 65536


def output_format(path: str) -> str:
    """The format an output path asks for: by suffix; ``-`` is JSON Lines on stdout; a new
    path without suffix (or an existing store) is SQLite. Raises :class:`ValueError`."""
    if path == "-":
        return "jsonl"
    p = Path(path)
    fmt = OUTPUT_FORMATS.get(p.suffix.lower())
    if fmt is not None:
        return fmt
    if not p.suffix and (not p.exists() or is_sqlite(p)):
        return "sqlite"
    known = " ".join(sorted(OUTPUT_FORMATS))
    raise OptionError(f"cannot tell the output format of {path!r}: use a suffix ({known}) or a new path")


class FactWriter(Protocol):
    """Where a batch writes its results, chunk by chunk, in input order."""

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Write one chunk of document results."""
        ...

    def close(self) -> None:
        """Finish the output."""
        ...


def _facts(results: Iterable[DocumentResult]) -> Iterator[dict[str, Any]]:
    for r in results:
        yield from r.facts


# -- JSON Lines ---------------------------------------------------------------------------
class JsonlWriter:
    """Facts as JSON Lines, to a file or a text stream."""

    def __init__(self, path: str | Path | None = None, stream: IO[str] | None = None) -> None:
        if stream is None:
            if path is None:
                raise ValueError("JsonlWriter needs a path or a stream")
            stream = open(path, "w", encoding="utf-8", newline="\n")  # noqa: SIM115 - closed in close()
            self._own = True
        else:
            self._own = False
        self._out = stream

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Write the facts of ``results``."""
        self.write_facts(_facts(results))

    def write_facts(self, facts: Iterable[dict[str, Any]]) -> None:
        """Write fact dicts."""
        self._out.writelines(json.dumps(f, ensure_ascii=False) + "\n" for f in facts)

    def close(self) -> None:
        """Flush, and close the file if this writer opened it."""
        if self._own:
            self._out.close()
        else:
            self._out.flush()


# -- CSV ------------------------------------------------------------------------------------
class CsvWriter:
    """Facts as CSV with a header row; ``excel=True`` adds a UTF-8 BOM."""

    def __init__(self, path: str | Path, *, excel: bool = False) -> None:
        self._file = open(path, "w", encoding="utf-8-sig" if excel else "utf-8", newline="")  # noqa: SIM115
        self._cols = fact_columns()
        self._csv = csv.writer(self._file)
        self._csv.writerow(self._cols)

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Write the facts of ``results``."""
        self.write_facts(_facts(results))

    def write_facts(self, facts: Iterable[dict[str, Any]]) -> None:
        """Write fact dicts."""
        self._csv.writerows([_csv_cell(f.get(c), c) for c in self._cols] for f in facts)

    def close(self) -> None:
        """Close the file."""
        self._file.close()


def _csv_cell(v: Any, col: str) -> str:
    if v is None:
        return ""
    if col == "flags":
        return ";".join(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v)


# -- Parquet --------------------------------------------------------------------------------
class ParquetWriter:
    """Facts as Parquet with typed columns (needs ``reportmine[parquet]``)."""

    def __init__(self, path: str | Path) -> None:
        pa, pq = _pyarrow()
        self._pa = pa
        self._cols = fact_columns()
        self._schema = _arrow_schema(pa)
        self._writer = pq.ParquetWriter(str(path), self._schema)
        self._rows: list[dict[str, Any]] = []

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Write the facts of ``results`` (buffered into row groups)."""
        self.write_facts(_facts(results))

    def write_facts(self, facts: Iterable[dict[str, Any]]) -> None:
        """Write fact dicts."""
        for f in facts:
            row = {c: f.get(c) for c in self._cols}
            v = row["value"]
            row["value"], row["value_text"] = (None, v) if isinstance(v, str) else (v, None)
            for c in ("value", "low", "high"):  # float64 columns: 12.5亿亿 is an int beyond 2^53
                x = row[c]
                if isinstance(x, int) and not isinstance(x, bool) and abs(x) > 2**53:
                    row[c] = float(x)
            row["flags"] = list(row["flags"] or ())
            self._rows.append(row)
        if len(self._rows) >= _PARQUET_ROWS:
            self._flush()

    def _flush(self) -> None:
        if self._rows:
            self._writer.write_table(self._pa.Table.from_pylist(self._rows, schema=self._schema))
            self._rows = []

    def close(self) -> None:
        """Write what is buffered and close the file."""
        self._flush()
        self._writer.close()


def _pyarrow() -> tuple[Any, Any]:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("Parquet files", "parquet", "pyarrow") from None
    return pa, pq


def _json_types() -> dict[str, set[str]]:
    """Every column's JSON types, over all fact kinds."""
    out: dict[str, set[str]] = {}
    for cls in FACT_TYPES.values():
        for name, sch in field_types(cls).items():
            t = sch.get("type", "string")
            out.setdefault(name, set()).update([t] if isinstance(t, str) else t)
    return out


def _arrow_schema(pa: Any) -> Any:
    types = _json_types()
    fields = []
    for col in fact_columns():
        t = types.get(col, {"string"}) - {"null"}
        if col == "value":
            fields.append(pa.field("value", pa.float64()))
            fields.append(pa.field("value_text", pa.string()))
            continue
        if t == {"integer"}:
            typ = pa.int64()
        elif t and t <= {"integer", "number"}:
            typ = pa.float64()
        elif t == {"array"}:
            typ = pa.list_(pa.string())
        elif t == {"boolean"}:
            typ = pa.bool_()
        else:
            typ = pa.string()
        fields.append(pa.field(col, typ))
    return pa.schema(fields)


# -- opening and exporting ------------------------------------------------------------------
def open_writer(path: str, fmt: str | None = None, *, excel: bool = False) -> FactWriter:
    """A writer for ``path`` (``-``: JSON Lines on stdout) in ``fmt`` (default: by suffix)."""
    fmt = fmt or output_format(path)
    if fmt == "jsonl":
        return JsonlWriter(stream=sys.stdout) if path == "-" else JsonlWriter(path)
    if fmt == "csv":
        return CsvWriter(path, excel=excel)
    if fmt == "parquet":
        return ParquetWriter(path)
    if fmt == "sqlite":
        return Store(path)
    raise OptionError(f"unknown output format {fmt!r}")


def export_store(db: str | Path, out: str, fmt: str | None = None, *, excel: bool = False) -> int:
    """Write every fact of the store ``db`` to ``out``; returns the number of facts."""
    fmt = fmt or output_format(out)
    if fmt == "sqlite":
        raise OptionError("export writes .jsonl, .csv or .parquet; a store is already SQLite")
    n = 0
    with Store(db, readonly=True) as store:
        w = open_writer(out, fmt, excel=excel)
        try:
            batch: list[dict[str, Any]] = []
            for f in store.iter_facts():
                batch.append(f)
                if len(batch) >= 4096:
                    _write_facts(w, batch)
                    n += len(batch)
                    batch = []
            _write_facts(w, batch)
            n += len(batch)
        finally:
            w.close()
    return n


def _write_facts(w: FactWriter, facts: list[dict[str, Any]]) -> None:
    if isinstance(w, (JsonlWriter, CsvWriter, ParquetWriter)):
        w.write_facts(facts)
    else:  # pragma: no cover - every export format has write_facts
        raise TypeError(type(w).__name__)


# -- reading back ---------------------------------------------------------------------------
def iter_fact_file(path: str | Path) -> Iterator[dict[str, Any]]:
    """The facts of a store or fact file as JSON-form dicts with every column present."""
    p = Path(path)
    fmt = "sqlite" if is_sqlite(p) else "dataset" if p.is_dir() else output_format(str(p))
    cols = fact_columns()
    rows: Iterable[dict[str, Any]]
    if fmt == "dataset":  # a cluster run's directory of Parquet parts (issue 18)
        from .dataset import is_dataset, iter_dataset_facts

        if not is_dataset(p):
            raise OptionError(f"{path}: a directory, but not a reportmine dataset (no facts/ in it)")
        rows = iter_dataset_facts(p)
    elif fmt == "sqlite":
        with Store(p, readonly=True) as store:
            rows = list(store.iter_facts())
    elif fmt == "jsonl":
        rows = _read_jsonl(p)
    elif fmt == "csv":
        rows = _read_csv(p)
    else:
        rows = _read_parquet(p)
    for r in rows:
        out = {c: r.get(c) for c in cols}
        for c in ("value", "low", "high"):
            out[c] = _number(out[c])
        out["flags"] = list(out["flags"] or ())
        yield out


def _number(v: Any) -> Any:
    if isinstance(v, float) and not math.isfinite(v):
        return None
    if isinstance(v, float) and v.is_integer() and abs(v) < 2**53:
        return int(v)
    return v


def _read_jsonl(p: Path) -> Iterator[dict[str, Any]]:
    with open(p, encoding="utf-8") as f:
        for line in f:
            if line.strip():
                yield json.loads(line)


def _read_csv(p: Path) -> Iterator[dict[str, Any]]:
    types = _json_types()
    with open(p, encoding="utf-8-sig", newline="") as f:
        for rec in csv.DictReader(f):
            out: dict[str, Any] = {}
            for col, cell in rec.items():
                t = types.get(col, {"string", "null"})
                if col == "flags":
                    out[col] = [x for x in cell.split(";") if x]
                elif cell == "" and "null" in t:
                    out[col] = None
                elif col == "value":
                    out[col] = _csv_value(cell, rec.get("kind", ""))
                elif t - {"null"} == {"integer"}:
                    out[col] = int(cell)
                elif t - {"null"} <= {"integer", "number"}:
                    out[col] = json.loads(cell)
                else:
                    out[col] = cell
            yield out


def _csv_value(cell: str, kind: str) -> Any:
    from ..records import QUANTITY_KINDS

    if kind in QUANTITY_KINDS:
        try:
            return json.loads(cell)
        except ValueError:
            return cell
    return cell


def _read_parquet(p: Path) -> Iterator[dict[str, Any]]:
    _, pq = _pyarrow()
    pf = pq.ParquetFile(str(p))
    for batch in pf.iter_batches():
        for row in batch.to_pylist():
            text = row.pop("value_text", None)
            if text is not None:
                row["value"] = text
            yield row


def read_facts(path: str | Path) -> pandas.DataFrame:
    """The facts of a store (``.sqlite``/``.db``), fact file (``.jsonl``, ``.csv``,
    ``.parquet``) or dataset directory (a cluster run's, :mod:`.dataset`) as a pandas
    DataFrame, one row per fact, the same for every format.

    Needs ``reportmine[pandas]``.
    """
    try:
        import pandas as pd
    except ImportError:
        raise MissingExtraError("read_facts()", "pandas", "pandas") from None
    return pd.DataFrame.from_records(list(iter_fact_file(path)), columns=list(fact_columns()))
