"""The one loader of the case tables in ``tests/cases/`` (the format: ``tests/cases/README.md``).

A table is UTF-8, one case per line, cells separated by TABs; ``#`` lines and blank lines are
skipped; the first other line is the header naming the columns, the last of them ``xfail``.
A test names the columns it reads and gets typed rows back, each knowing its ``file:line``:

- ``load("dates_*.tsv", COLUMNS)``: the rows of every table matching the pattern, table by table;
- ``params(...)``: the same rows as ``pytest.param`` (id ``file:line``); a row whose ``xfail``
  cell is not empty carries ``pytest.mark.xfail(reason=<the cell>, strict=True)``;
- ``Row.param(*values)``: one row as a ``pytest.param`` of values the test built from its cells.

Cells are read exactly (no stripping); a cell that is only ``-`` is empty, and ``\\t \\n \\r \\\\
\\uXXXX \\xXX \\- \\#`` are escapes (TAB, LF, CR, backslash, a code point, a literal ``-`` or
``#``). A header that differs from the columns the test expects, a row with too many or too
few cells, or an unknown escape raise :class:`CaseTableError` naming ``file:line``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).resolve().parent / "cases"
XFAIL = "xfail"  # the last column of every table: why the row is known to fail, or empty
EMPTY = "-"  # a cell that is only this is empty (an empty cell between two TABs is easy to miss)

_ESCAPE = re.compile(r"\\(u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|.?)", re.DOTALL)
_SIMPLE = {"t": "\t", "n": "\n", "r": "\r", "\\": "\\", "-": "-", "#": "#"}
_WRITE = {"\\": "\\\\", "\t": "\\t", "\n": "\\n", "\r": "\\r"}


class CaseTableError(ValueError):
    """A case table that breaks the format; the message starts with ``file:line``."""


@dataclass(frozen=True)
class Row:
    """One case of a table: its cells by column name, where it was read, why it is known to fail."""

    table: str  # the table's path under tests/cases, e.g. "dates_seeds.tsv"
    line: int  # 1-based line number in the table
    cells: Mapping[str, str]  # every column but xfail, in header order, unescaped
    xfail: str  # the reason the row is a known gap (strict xfail), or ""

    @property
    def id(self) -> str:
        """``file:line``, the row's pytest id."""
        return f"{self.table}:{self.line}"

    def __getitem__(self, column: str) -> str:
        return self.cells[column]

    def error(self, message: str) -> CaseTableError:
        """An error about this row's content, located at ``file:line``."""
        return CaseTableError(f"{_where(CASES / self.table, self.line)}: {message}")

    def param(self, *values: object) -> Any:
        """This row as a ``pytest.param`` of ``values`` (default: its cells in column order).

        Its id is ``file:line``; a row with an xfail reason gets a strict xfail mark.
        """
        marks = [pytest.mark.xfail(reason=self.xfail, strict=True)] if self.xfail else []
        return pytest.param(*(values if values else tuple(self.cells.values())), id=self.id, marks=marks)


def unescape(cell: str, where: str = "cell") -> str:
    r"""A cell's value: ``-`` alone is empty; ``\t \n \r \\ \uXXXX \xXX \- \#`` decoded.

    >>> unescape(r"第一行\n\u3000第二行"), unescape("-"), unescape(r"\-")
    ('第一行\n\u3000第二行', '', '-')
    """
    if cell == EMPTY:
        return ""

    def one(m: re.Match[str]) -> str:
        code = m.group(1)
        if len(code) > 1:
            return chr(int(code[1:], 16))
        if code not in _SIMPLE:
            raise CaseTableError(f"{where}: unknown escape {m.group(0)!r} (write a backslash as \\\\)")
        return _SIMPLE[code]

    return _ESCAPE.sub(one, cell)


def escape(value: str) -> str:
    r"""The cell that reads back as ``value`` (the inverse of :func:`unescape`).

    >>> print(escape("C:\\dir\tTAB"), escape(""), escape("-"), escape("#3号楼"))
    C:\\dir\tTAB - \- \#3号楼
    """
    if value == "":
        return EMPTY
    if value == EMPTY:
        return "\\-"
    cell = "".join(_WRITE.get(c, c) for c in value)
    return "\\#" + cell[1:] if cell.startswith("#") else cell


def read_table(path: Path, columns: Sequence[str], optional: Sequence[str] = ()) -> list[Row]:
    """The rows of one table whose header must be ``columns`` followed by ``xfail``.

    A row may leave out trailing cells of the ``optional`` columns (which must end
    ``columns``) and of ``xfail``; any other missing cell is an error.
    """
    if list(optional) != list(columns[len(columns) - len(optional) :]):
        raise ValueError(f"optional columns {list(optional)} must be the last of {list(columns)}")
    header = [*columns, XFAIL]
    lines = _content_lines(path)
    first = next(lines, None)
    if first is None:
        raise CaseTableError(f"{_where(path, 1)}: no header row (expected {header})")
    _check_header(first[1].split("\t"), header, _where(path, first[0]))
    table = path.relative_to(CASES).as_posix() if path.is_relative_to(CASES) else path.name
    needed = len(columns) - len(optional)
    return [_row(table, n, line, header, needed, _where(path, n)) for n, line in lines]


def load(pattern: str, columns: Sequence[str], optional: Sequence[str] = ()) -> list[Row]:
    """The rows of every table under ``tests/cases`` matching ``pattern``, in name order."""
    paths = sorted(CASES.glob(pattern))
    if not paths:
        raise CaseTableError(f"no case table matches {pattern!r} in {CASES}")
    return [row for path in paths for row in read_table(path, columns, optional)]


def params(pattern: str, columns: Sequence[str], optional: Sequence[str] = ()) -> list[Any]:
    """``pytest.param`` of each row's cells (column order), id ``file:line``, strict xfail marks."""
    return [row.param() for row in load(pattern, columns, optional)]


def _content_lines(path: Path) -> Iterator[tuple[int, str]]:
    """``(line number, line)`` of the header and the rows: comments and blank lines skipped."""
    for n, line in enumerate(path.read_text(encoding="utf-8").split("\n"), 1):
        line = line.removesuffix("\r")  # a checkout with CRLF line ends
        if not line.startswith("#") and line.strip(" \t"):
            yield n, line


def _check_header(found: list[str], header: list[str], where: str) -> None:
    if found == header:
        return
    unknown = [c for c in found if c not in header]
    missing = [c for c in header if c not in found]
    problems = [f"unknown column(s) {unknown}"] if unknown else []
    problems += [f"missing column(s) {missing}"] if missing else []
    detail = "; ".join(problems) or "columns out of order"
    raise CaseTableError(f"{where}: header {found} is not the expected {header}: {detail}")


def _row(table: str, n: int, line: str, header: list[str], needed: int, where: str) -> Row:
    """One row's cells, unescaped, the left-out trailing ones empty."""
    raw = line.split("\t")
    if not needed <= len(raw) <= len(header):
        wanted = f"{needed} to {len(header)}" if needed < len(header) else str(needed)
        raise CaseTableError(f"{where}: {len(raw)} cells, the header {header} asks for {wanted}")
    cells = [unescape(c, where) for c in raw] + [""] * (len(header) - len(raw))
    return Row(table, n, dict(zip(header[:-1], cells[:-1], strict=True)), cells[-1])


def _where(path: Path, line: int) -> str:
    root = CASES.parent.parent
    shown = path.relative_to(root).as_posix() if path.is_relative_to(root) else str(path)
    return f"{shown}:{line}"
