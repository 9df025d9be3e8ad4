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
    ``value`` (float64, numeric values), ``value_exact`` (the exact decimal form of every
    numeric value, a string: 12.5亿亿次 → ``"1250000000000000000"``, beyond what a float64
    holds exactly) and ``value_text`` (string values such as dates and names). With
    ``dataset=True`` the output is a directory of Parquet files (``part-00000.parquet`` …,
    at most ``rows_per_file`` rows each), which DuckDB, pandas and arrow read as one table.
``.xlsx``
    a workbook for spreadsheet users (needs the ``excel`` extra, openpyxl): sheets
    ``facts`` and ``documents`` (from :func:`export_store`); numbers beyond what a
    spreadsheet holds exactly are written as text.
``.sqlite``/``.db``
    a :class:`~reportmine.output.Store`.

No output file is ever left looking complete when it is not: every file (and dataset
directory) is written under a temporary name next to it and renamed when it is done; a
run that fails or is interrupted leaves ``NAME.partial`` instead.
"""

from __future__ import annotations

import csv
import json
import math
import os
import shutil
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
    "XlsxWriter",
    "abort_writer",
    "export_documents",
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
    ".xlsx": "xlsx",
}
_PARQUET_ROWS = 65536


def output_format(path: str) -> str:
    """The format an output path asks for: by suffix; ``-`` is JSON Lines on stdout; a new
    path without suffix (or an existing store) is SQLite. Raises
    :class:`~reportmine.errors.OptionError` (a :class:`ValueError`)."""
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


# -- write under a temporary name, rename when done ----------------------------------------
class _Atomic:
    """A path written as ``.NAME.tmp-PID`` and renamed to NAME by :meth:`commit`, or to
    ``NAME.partial`` by :meth:`abort` (a run that failed or was interrupted)."""

    def __init__(self, path: str | Path) -> None:
        self.final = Path(path)
        self.temp = self.final.with_name(f".{self.final.name}.tmp-{os.getpid()}")

    def commit(self) -> None:
        """Put the finished output in its place."""
        _remove(self.final)
        os.replace(self.temp, self.final)

    def abort(self) -> None:
        """Keep what was written as ``NAME.partial``, never under the final name."""
        if self.temp.exists():
            partial = self.final.with_name(self.final.name + ".partial")
            _remove(partial)
            os.replace(self.temp, partial)


def _remove(p: Path) -> None:
    if p.is_dir() and not p.is_symlink():
        shutil.rmtree(p)
    elif p.exists() or p.is_symlink():
        p.unlink()


# -- JSON Lines ---------------------------------------------------------------------------
class JsonlWriter:
    """Facts as JSON Lines, to a file or a text stream."""

    def __init__(self, path: str | Path | None = None, stream: IO[str] | None = None) -> None:
        self._atomic: _Atomic | None = None
        if stream is None:
            if path is None:
                raise ValueError("JsonlWriter needs a path or a stream")
            self._atomic = _Atomic(path)
            stream = open(self._atomic.temp, "w", encoding="utf-8", newline="\n")  # noqa: SIM115
        self._out = stream

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Write the facts of ``results``."""
        self.write_facts(_facts(results))

    def write_facts(self, facts: Iterable[dict[str, Any]]) -> None:
        """Write fact dicts."""
        self._out.writelines(json.dumps(f, ensure_ascii=False) + "\n" for f in facts)

    def close(self) -> None:
        """Flush, and close the file if this writer opened it (renamed to its name now)."""
        if self._atomic is not None:
            self._out.close()
            self._atomic.commit()
        else:
            self._out.flush()

    def abort(self) -> None:
        """Close a file this writer opened as ``NAME.partial``."""
        if self._atomic is not None:
            self._out.close()
            self._atomic.abort()


# -- CSV ------------------------------------------------------------------------------------
class CsvWriter:
    """Facts as CSV with a header row; ``excel=True`` adds a UTF-8 BOM."""

    def __init__(
        self, path: str | Path, *, excel: bool = False, columns: Sequence[str] | None = None
    ) -> None:
        self._atomic = _Atomic(path)
        encoding = "utf-8-sig" if excel else "utf-8"
        self._file = open(self._atomic.temp, "w", encoding=encoding, newline="")  # noqa: SIM115
        self._cols = tuple(columns) if columns is not None else fact_columns()
        self._csv = csv.writer(self._file)
        self._csv.writerow(self._cols)

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Write the facts of ``results``."""
        self.write_facts(_facts(results))

    def write_facts(self, facts: Iterable[dict[str, Any]]) -> None:
        """Write fact dicts."""
        self._csv.writerows([_csv_cell(f.get(c), c) for c in self._cols] for f in facts)

    def close(self) -> None:
        """Close the file (renamed to its name now)."""
        self._file.close()
        self._atomic.commit()

    def abort(self) -> None:
        """Close the file as ``NAME.partial``."""
        self._file.close()
        self._atomic.abort()


def _csv_cell(v: Any, col: str) -> str:
    if v is None:
        return ""
    if col == "flags" and isinstance(v, (list, tuple)):
        return ";".join(v)
    if isinstance(v, bool) or not isinstance(v, (int, float)):
        return str(v)
    return json.dumps(v)


# -- Parquet --------------------------------------------------------------------------------
class ParquetWriter:
    """Facts as Parquet with typed columns (needs ``reportmine[parquet]``); ``dataset=True``
    writes a directory of files of at most ``rows_per_file`` rows each."""

    def __init__(self, path: str | Path, *, dataset: bool = False, rows_per_file: int = 1_000_000) -> None:
        pa, pq = _pyarrow()
        self._pa, self._pq = pa, pq
        self._cols = fact_columns()
        self._schema = _arrow_schema(pa)
        self._atomic = _Atomic(path)
        self._dataset = dataset
        self._per_file = rows_per_file
        self._in_file = 0
        self._files = 0
        if dataset:
            _remove(self._atomic.temp)
            self._atomic.temp.mkdir(parents=True)
        self._writer: Any = None
        self._rows: list[dict[str, Any]] = []

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Write the facts of ``results`` (buffered into row groups)."""
        self.write_facts(_facts(results))

    def write_facts(self, facts: Iterable[dict[str, Any]]) -> None:
        """Write fact dicts."""
        for f in facts:
            self._rows.append(_arrow_row(f, self._cols))
        if len(self._rows) >= _PARQUET_ROWS:
            self._flush()

    def _open(self) -> Any:
        if self._writer is not None and self._dataset and self._in_file >= self._per_file:
            self._writer.close()
            self._writer = None
        if self._writer is None:
            temp = self._atomic.temp
            target = temp / f"part-{self._files:05d}.parquet" if self._dataset else temp
            self._writer = self._pq.ParquetWriter(str(target), self._schema)
            self._files += 1
            self._in_file = 0
        return self._writer

    def _flush(self) -> None:
        rows, self._rows = self._rows, []
        while rows:
            room = max(self._per_file - self._in_file, 1) if self._dataset else len(rows)
            part, rows = rows[:room], rows[room:]
            writer = self._open()
            writer.write_table(self._pa.Table.from_pylist(part, schema=self._schema))
            self._in_file += len(part)

    def close(self) -> None:
        """Write what is buffered, close the file and rename it to its name."""
        self._flush()
        if self._writer is None:
            self._open()  # an empty output still has the columns
        self._writer.close()
        self._atomic.commit()

    def abort(self) -> None:
        """Close what was written as ``NAME.partial``."""
        if self._writer is not None:
            self._writer.close()
        self._atomic.abort()


_FLOAT_COLUMNS = ("value", "low", "high", "value_base")


def _arrow_row(f: dict[str, Any], cols: Sequence[str]) -> dict[str, Any]:
    """A fact as a Parquet row: numbers as float64 (with ``value_exact`` keeping the exact
    decimal form of the value), string values in ``value_text``, lists kept."""
    row = {c: f.get(c) for c in cols}
    v = row["value"]
    if isinstance(v, str):
        row["value"], row["value_text"], row["value_exact"] = None, v, None
    else:
        row["value_text"] = None
        row["value_exact"] = None if v is None else str(v)
    for c in _FLOAT_COLUMNS:
        x = row.get(c)
        if x is not None and not isinstance(x, str):
            row[c] = float(x)
    row["flags"] = list(row["flags"] or ())
    return row


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
            for part in sch.get("anyOf", [sch]):  # Literal[...] | None: an enum or null
                t = part.get("type", "string")
                out.setdefault(name, set()).update([t] if isinstance(t, str) else t)
    return out


def _arrow_schema(pa: Any) -> Any:
    types = _json_types()
    fields = []
    for col in fact_columns():
        t = types.get(col, {"string"}) - {"null"}
        if col == "value":
            fields.append(pa.field("value", pa.float64()))
            fields.append(pa.field("value_exact", pa.string()))
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


# -- spreadsheets -------------------------------------------------------------------------------
#: the most rows a spreadsheet sheet holds (its header row included)
XLSX_MAX_ROWS = 1_048_576


class XlsxWriter:
    """Facts (sheet ``facts``) and, with :meth:`write_documents`, documents (sheet
    ``documents``) as one ``.xlsx`` workbook (needs ``reportmine[excel]``, openpyxl)."""

    def __init__(self, path: str | Path) -> None:
        try:
            from openpyxl import Workbook
        except ImportError:
            raise MissingExtraError(".xlsx files", "excel", "openpyxl") from None
        self._atomic = _Atomic(path)
        self._book = Workbook(write_only=True)
        self._cols = fact_columns()
        self._facts = self._book.create_sheet("facts")
        self._facts.append(list(self._cols))
        self._rows = 1

    def write(self, results: Sequence[DocumentResult]) -> None:
        """Write the facts of ``results``."""
        self.write_facts(_facts(results))

    def write_facts(self, facts: Iterable[dict[str, Any]]) -> None:
        """Write fact dicts; more than a sheet holds is an :class:`OptionError`."""
        for f in facts:
            self._rows += 1
            if self._rows > XLSX_MAX_ROWS:
                raise OptionError(
                    f"more than {XLSX_MAX_ROWS - 1} facts do not fit a spreadsheet: "
                    "export .parquet or .csv, or fewer kinds (--kind)"
                )
            self._facts.append([_xlsx_cell(f.get(c), c) for c in self._cols])

    def write_documents(self, columns: Sequence[str], rows: Iterable[dict[str, Any]]) -> None:
        """The ``documents`` sheet."""
        sheet = self._book.create_sheet("documents")
        sheet.append(list(columns))
        for r in rows:
            sheet.append([_xlsx_cell(r.get(c), c) for c in columns])

    def close(self) -> None:
        """Save the workbook under its name."""
        self._book.save(str(self._atomic.temp))
        self._atomic.commit()

    def abort(self) -> None:
        """Nothing is kept: a workbook is written only whole."""
        self._atomic.abort()


def _xlsx_cell(v: Any, col: str) -> Any:
    """A cell: lists joined, numbers a spreadsheet cannot hold exactly (beyond 2^53) as text."""
    if isinstance(v, (list, tuple)):
        return ";".join(map(str, v))
    if isinstance(v, int) and not isinstance(v, bool) and abs(v) >= 2**53:
        return str(v)
    if isinstance(v, str) and v[:1] in "=+-@":
        return "'" + v  # never a formula
    return v


# -- opening and exporting ------------------------------------------------------------------
def open_writer(
    path: str, fmt: str | None = None, *, excel: bool = False, dataset: bool = False
) -> FactWriter:
    """A writer for ``path`` (``-``: JSON Lines on stdout) in ``fmt`` (default: by suffix);
    ``dataset``: Parquet as a directory of files."""
    fmt = fmt or output_format(path)
    if fmt == "jsonl":
        return JsonlWriter(stream=sys.stdout) if path == "-" else JsonlWriter(path)
    if fmt == "csv":
        return CsvWriter(path, excel=excel)
    if fmt == "parquet":
        return ParquetWriter(path, dataset=dataset)
    if fmt == "xlsx":
        return XlsxWriter(path)
    if fmt == "sqlite":
        return Store(path)
    raise OptionError(f"unknown output format {fmt!r}")


def abort_writer(w: FactWriter) -> None:
    """Close ``w`` after a failure: a file output is kept as ``NAME.partial``, never under
    its own name; a store keeps its finished chunks."""
    abort = getattr(w, "abort", None)
    if abort is not None:
        abort()
    else:
        w.close()


def export_store(
    db: str | Path,
    out: str,
    fmt: str | None = None,
    *,
    excel: bool = False,
    kinds: Iterable[str] | None = None,
    documents: str | None = None,
    dataset: bool = False,
) -> int:
    """Write the facts (of ``kinds``, default all) of the store ``db`` to ``out``; returns
    the number of facts. ``documents``: also write the documents table to that file (its
    format by suffix); an ``.xlsx`` output holds it as its ``documents`` sheet anyway.
    ``dataset``: Parquet as a directory of files (large stores)."""
    fmt = fmt or output_format(out)
    if fmt == "sqlite":
        raise OptionError("export writes .jsonl, .csv, .parquet or .xlsx; a store is already SQLite")
    with Store(db, readonly=True) as store:
        w = open_writer(out, fmt, excel=excel, dataset=dataset)
        try:
            n = _copy_facts(store, w, None if kinds is None else tuple(kinds))
            if isinstance(w, XlsxWriter):
                w.write_documents(store.document_columns(), store.iter_documents(text=True))
        except BaseException:
            abort_writer(w)
            raise
        w.close()
        if documents is not None:
            export_documents(store, documents, excel=excel)
    return n


def _copy_facts(store: Store, w: FactWriter, kinds: tuple[str, ...] | None) -> int:
    n = 0
    batch: list[dict[str, Any]] = []
    for f in store.iter_facts(kinds):
        batch.append(f)
        if len(batch) >= 4096:
            _write_facts(w, batch)
            n += len(batch)
            batch = []
    _write_facts(w, batch)
    return n + len(batch)


def export_documents(store: Store, out: str, *, excel: bool = False) -> int:
    """Write the store's documents table (kept text included) to ``out`` (.jsonl, .csv,
    .parquet, .xlsx by suffix); returns the number of documents."""
    fmt = output_format(out)
    cols = store.document_columns()
    rows = store.iter_documents(text=True)
    n = 0
    if fmt == "xlsx":
        xw = XlsxWriter(out)
        xw.write_documents(cols, rows)
        xw.close()
        return sum(1 for _ in store.iter_documents())
    if fmt == "parquet":
        pa, pq = _pyarrow()
        target = _Atomic(out)
        table = pa.Table.from_pylist(list(rows), schema=None)
        pq.write_table(table if table.num_columns else pa.table({c: [] for c in cols}), str(target.temp))
        target.commit()
        return int(table.num_rows)
    w: JsonlWriter | CsvWriter
    w = CsvWriter(out, excel=excel, columns=cols) if fmt == "csv" else JsonlWriter(out)
    try:
        for r in rows:
            w.write_facts([r])
            n += 1
    except BaseException:
        w.abort()
        raise
    w.close()
    return n


def _write_facts(w: FactWriter, facts: list[dict[str, Any]]) -> None:
    if isinstance(w, (JsonlWriter, CsvWriter, ParquetWriter, XlsxWriter)):
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
    if fmt == "dataset":
        from .dataset import is_dataset, iter_dataset_facts

        if is_dataset(p):  # a cluster run's directory: facts/ and documents/ parts (issue 18)
            rows = iter_dataset_facts(p)
        elif any(p.glob("*.parquet")):  # `export --dataset`: the facts as Parquet parts (issue 15)
            rows = _read_parquet(p)
        else:
            raise OptionError(f"{path}: a directory, but no reportmine dataset (no facts/, no .parquet)")
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
    files = sorted(p.glob("*.parquet")) if p.is_dir() else [p]  # a dataset directory, or one file
    for one in files:
        for batch in pq.ParquetFile(str(one)).iter_batches():
            for row in batch.to_pylist():
                text = row.pop("value_text", None)
                exact = row.pop("value_exact", None)
                if text is not None:
                    row["value"] = text
                elif exact is not None:
                    row["value"] = _exact(exact)
                yield row


def _exact(s: str) -> int | float:
    """The value of its exact decimal form: ``"1250000000000000000"`` → that int."""
    try:
        return int(s)
    except ValueError:
        return float(s)


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
