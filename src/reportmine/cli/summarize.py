"""``reportmine summarize DB``: totals per kind and unit, grouped, from a store.

The command checks its options and calls :func:`reportmine.output.summarize.summary_table`
(the rows of :meth:`reportmine.output.Store.summarize`, without pandas); the table
goes to the terminal as aligned columns, or with ``-o`` to a ``.csv``, ``.json`` or
``.parquet`` file. Only Parquet needs an extra (``reportmine[parquet]``).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Callable

    from ..output.summarize import SummaryTable

__all__ = ["add_summarize", "write_table"]

_TABLE_FORMATS = (".csv", ".json", ".parquet")


def _list(value: str) -> list[str]:
    return [x.strip() for x in value.split(",") if x.strip()]


def add_summarize(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``reportmine summarize``."""
    p = sub.add_parser(
        "summarize",
        help="totals per kind and unit from a store, grouped by year, source, subject …",
        description="Add the facts of a store up per kind and unit (in base units: 亩 and 公顷 in "
        "平方米, money per currency), with the number of facts and documents behind each total.",
    )
    p.add_argument("db", metavar="DB", help="a reportmine store (.sqlite/.db)")
    p.add_argument(
        "--by",
        action="append",
        default=[],
        type=_list,
        metavar="COL,...",
        help="group by year, month, source, doc, subject, program, kind, place, actor, province, "
        "city, county (of the fact's place code), or any column of the facts "
        "or documents tables (repeatable, combinable)",
    )
    p.add_argument(
        "--kind", action="append", default=[], type=_list, metavar="KIND,...", help="these kinds only"
    )
    p.add_argument(
        "--unit", action="append", default=[], type=_list, metavar="UNIT,...", help="these units only"
    )
    p.add_argument(
        "--where",
        metavar="SQL",
        help="keep the facts an SQL expression holds for, e.g. \"subject LIKE '%%贫困%%'\" (trusted input)",
    )
    p.add_argument(
        "-o",
        "--output",
        metavar="FILE",
        help="write the table to .csv, .json or .parquet (.parquet needs pyarrow)",
    )
    p.set_defaults(func=_cmd_summarize, _parser=p)


def _cmd_summarize(a: argparse.Namespace) -> int:
    from ..output.store import Store
    from ..output.summarize import DIVISIONS, summary_table

    parser: argparse.ArgumentParser = a._parser
    if not Path(a.db).is_file():
        parser.error(f"no such store: {a.db}")
    if a.output and Path(a.output).suffix.lower() not in _TABLE_FORMATS:
        parser.error(f"--output must end in {', '.join(_TABLE_FORMATS)}")
    by = [x for xs in a.by for x in xs]
    kinds = [x for xs in a.kind for x in xs] or None
    units = [x for xs in a.unit for x in xs] or None
    names: Callable[[str], str | None] | None = None
    if DIVISIONS.keys() & set(by):  # the division table is read only when a division is asked
        from ..extractors.entities.divisions import division_name

        names = division_name
    with Store(a.db, readonly=True) as store:
        table = summary_table(store, by, kinds=kinds, units=units, where=a.where, names=names)
    write_table(table, a.output)
    return 0


def write_table(table: SummaryTable, output: str | None = None) -> None:
    """``table`` as aligned columns on stdout, or to ``output`` (.csv, .json records, .parquet);
    only Parquet needs an extra (pyarrow), see :mod:`reportmine.output.tables`."""
    from ..output import tables

    if not output:
        text = tables.format_table(table.columns, table.rows) if table.rows else "(no facts)"
        sys.stdout.write(text + "\n")
        return
    import os

    write = {".csv": tables.write_csv, ".json": tables.write_json, ".parquet": tables.write_parquet}
    final = Path(output)
    temp = final.with_name(f".{final.name}.tmp-{os.getpid()}")  # renamed once complete
    try:
        write[final.suffix.lower()](temp, table.columns, table.rows)
        os.replace(temp, final)
    finally:
        temp.unlink(missing_ok=True)
