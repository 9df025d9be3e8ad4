"""Read the data-driven case tables of the named-fact tests (``tests/cases/*.tsv``).

Table syntax (shared by dates_*, programs_*, documents_* and meta_* tables):

- UTF-8, one case per line, columns separated by TABs; ``#`` lines and blank lines are skipped;
- ``\\r``, ``\\n`` and ``\\t`` in a cell stand for CR, LF and TAB; ``-`` is an empty cell;
- expected facts are written ``TEXT=VALUE`` (TEXT exactly as in the input, VALUE the normalized
  value), several joined with `` | ``; ``-`` means no fact at all (a negative case);
- a note starting with ``xfail`` marks a known gap: the case must fail (strict xfail), so it
  is noticed when it starts to pass.

Tables are grouped by where the cases came from (``_seeds``: sentences of the seed reports;
``_peoples_daily``: patterns met in the People's Daily archives; ``_synthetic``: edge cases
written for the rule; ``_traditional``: traditional-script input).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

CASES = Path(__file__).resolve().parent / "cases"


def _cell(c: str) -> str:
    c = c.strip()
    return "" if c == "-" else c.replace("\\r", "\r").replace("\\n", "\n").replace("\\t", "\t")


def load_cases(pattern: str, columns: int) -> list[Any]:
    """``pytest.param`` per row of the tables matching ``pattern``; ``columns`` cells each.

    The last column is the note; a row may leave it out.
    """
    params = []
    for path in sorted(CASES.glob(pattern)):
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.lstrip().startswith("#"):
                continue
            cells = line.split("\t")
            if len(cells) == columns - 1:
                cells.append("")
            if len(cells) != columns:
                raise ValueError(f"{path.name}:{n}: expected {columns} TAB-separated cells, got {len(cells)}")
            values = [_cell(c) for c in cells]
            note = values[-1]
            marks = [pytest.mark.xfail(strict=True, reason=note)] if note.startswith("xfail") else []
            params.append(pytest.param(*values, id=f"{path.stem}:{n}", marks=marks))
    return params


def expected_pairs(cell: str) -> list[tuple[str, str]]:
    """``TEXT=VALUE | TEXT=VALUE`` → ``[(TEXT, VALUE), …]``; an empty cell → ``[]``."""
    if not cell:
        return []
    out = []
    for item in cell.split(" | "):
        text, sep, value = item.partition("=")
        if not sep:
            raise ValueError(f"expected TEXT=VALUE, got {item!r}")
        out.append((text.replace("\\|", "|"), value))
    return out


def count_rows(pattern: str) -> int:
    """How many cases the tables matching ``pattern`` hold."""
    return sum(
        1
        for p in CASES.glob(pattern)
        for line in p.read_text(encoding="utf-8").splitlines()
        if line.strip() and not line.lstrip().startswith("#")
    )
