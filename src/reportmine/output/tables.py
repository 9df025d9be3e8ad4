"""Plain tables (column names and rows of values) on a terminal and in CSV, JSON and Parquet files.

What ``reportmine summarize`` prints and writes, with the standard library alone (Parquet needs
``pyarrow``, the ``parquet`` extra). The rules:

- :func:`format_table`: aligned columns, two spaces apart, under a header line; a character that
  East Asian width calls wide or full-width (扶, ５) takes two terminal columns, a combining mark
  none, so that ``扶贫资金`` lines up with ``subject``; numbers are right-aligned, text
  left-aligned; a null is ``-``; a float to 15 significant digits (a sum of areas converted
  from 亩 prints ``98158448``, not ``98158447.99999999``: the files below keep every digit);
- :func:`write_csv`: a header row then one row per line, a null an empty cell, floats in their
  shortest exact form (``0.1``, never ``0.1000000001``), integers exact;
- :func:`write_json`: a list of objects (``{"year": "2019", "total": 30000000, …}``), nulls as
  ``null``, Chinese as written (not ``\\u`` escapes);
- :func:`write_parquet`: one Parquet file, column types inferred by ``pyarrow``.

>>> print(format_table(("subject", "total"), [("扶贫资金", 150000000), ("补贴", None)]))
subject       total
扶贫资金  150000000
补贴              -
"""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import MissingExtraError

__all__ = ["display_width", "format_table", "write_csv", "write_json", "write_parquet"]

_NULL = "-"


def display_width(text: str) -> int:
    """Terminal columns ``text`` takes: wide and full-width characters two, combining marks none.

    >>> display_width("subject"), display_width("扶贫资金"), display_width("５亩")
    (7, 8, 4)
    """
    if text.isascii():
        return len(text)
    width = 0
    for c in text:
        if unicodedata.combining(c):
            continue
        width += 2 if unicodedata.east_asian_width(c) in "WF" else 1
    return width


def _cell(value: Any) -> str:
    if value is None:
        return _NULL
    if isinstance(value, float):
        return format(value, ".15g")  # (a float sum's last-bit noise: 98158447.99999999)
    return str(value)  # ints exact


def _is_number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def format_table(columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """``rows`` under ``columns`` as aligned text (no final newline); see the module docstring.

    >>> print(format_table(("unit", "total"), [("平方米", 0.1 + 0.2), ("亩", 12.5)]))
    unit    total
    平方米    0.3
    亩       12.5
    """
    cells = [[_cell(v) for v in row] for row in rows]
    widths = [display_width(c) for c in columns]
    for row in cells:
        widths = [max(w, display_width(c)) for w, c in zip(widths, row, strict=True)]
    # a column is right-aligned when every value in it is a number or null (counts, totals)
    right = [all(_is_number(r[k]) or r[k] is None for r in rows) and bool(rows) for k in range(len(columns))]
    lines = [_line(list(columns), widths, right)]
    lines += [_line(row, widths, right) for row in cells]
    return "\n".join(lines)


def _line(cells: list[str], widths: list[int], right: list[bool]) -> str:
    out = []
    for text, width, r in zip(cells, widths, right, strict=True):
        pad = " " * (width - display_width(text))
        out.append(pad + text if r else text + pad)
    return "  ".join(out).rstrip()


def write_csv(path: str | Path, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``rows`` as CSV (UTF-8, a header row, a null an empty cell)."""
    with open(path, "w", encoding="utf-8", newline="") as f:
        w = csv.writer(f)
        w.writerow(columns)
        w.writerows(["" if v is None else v for v in row] for row in rows)


def write_json(path: str | Path, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``rows`` as a JSON list of objects keyed by ``columns``."""
    records = [dict(zip(columns, row, strict=True)) for row in rows]
    with open(path, "w", encoding="utf-8") as f:
        json.dump(records, f, ensure_ascii=False, indent=1)
        f.write("\n")


def write_parquet(path: str | Path, columns: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """``rows`` as one Parquet file (needs ``pyarrow``: :class:`MissingExtraError` without it)."""
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError:
        raise MissingExtraError("a .parquet table", "parquet", "pyarrow") from None
    data = {c: _arrow_column(pa, [row[k] for row in rows]) for k, c in enumerate(columns)}
    pq.write_table(pa.table(data), str(path))


def _arrow_column(pa: Any, values: list[Any]) -> Any:
    """A pyarrow array of ``values``; as text when they mix types (``--by value``: dates and numbers)."""
    try:
        return pa.array(values)
    except (pa.ArrowInvalid, pa.ArrowTypeError, OverflowError):
        return pa.array([None if v is None else str(v) for v in values], type=pa.string())
