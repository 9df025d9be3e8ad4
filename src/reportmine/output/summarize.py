"""Totals of a store: how much of what, per year, source, subject … (``reportmine summarize``).

:func:`summary_table` (plain rows, no pandas needed) and :func:`summarize` (the same as a
pandas DataFrame, :meth:`reportmine.output.Store.summarize`) add the facts of a
:class:`~reportmine.output.Store` up per kind and unit, grouped by any columns asked for,
and count the facts and documents behind each total. Values are added in their base unit
(``value_base``/``base_unit``, so 亩, 公顷 and 平方米 make one total in 平方米; money per
currency, in its own unit); counts add up per measure word; percentages, dates, programs and
documents are counted, never added (``total`` is empty for them).

Grouping columns (``by``), any number of them:

- ``year``, ``month``: of the document's date (``doc_date``: ``2019``, ``2019-10``);
- ``source``: the document's outlet (本报, 新华社 …; the input file is ``file``);
- ``doc``: the document id;
- ``subject``: the subject's canonical key (``subject_key``: 建档立卡贫困户 → 贫困户);
- ``program``: the first program named in the fact's sentence;
- ``province``, ``city`` (prefecture), ``county``: the division holding the fact's
  ``place_code`` (its first 2, 4 or 6 digits, padded with zeros: a village of 朝阳县
  counts for 朝阳县, 朝阳市 and 辽宁省); a fact placed no finer than the level (a province
  for ``county``) or without a code groups under null; a code the table names no
  division for keeps its code with no name (``city`` of a district of 北京: 110100000000).
  The group gives two columns, the division's ``NAME_code`` and its name, named by
  the ``names`` function passed in
  (:func:`reportmine.extractors.entities.divisions.division_name`, which ``reportmine
  summarize`` passes; this module may not read the extractors' tables itself);
- ``place``, ``actor``: the fact's own columns (the place as written, simplified; the
  organization or person who invested, built …);
- ``kind``, and any other column of the ``facts`` or ``documents`` tables (``unit``,
  ``currency``, ``headline``, ``place`` … and every column added later).

``where`` is an SQL expression over the same columns (``subject LIKE '%贫困%'``,
``doc_date >= '2019-10-01'``). It is pasted into the query as it is: it is TRUSTED input,
as any SQL a user types at a database prompt (the store is opened read-only, so it can
read but not change anything).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any, NamedTuple

from ..errors import OptionError

if TYPE_CHECKING:
    import pandas

    from .store import Store

__all__ = ["DIVISIONS", "GROUPS", "SummaryTable", "summarize", "summary_query", "summary_table"]

#: the named groupings, as SQL over the joined view of a fact and its document
GROUPS: dict[str, str] = {
    "year": "substr(doc_date, 1, 4)",
    "month": "substr(doc_date, 1, 7)",
    "source": "outlet",
    "file": "doc_source",
    "doc": "doc_id",
    "subject": "coalesce(subject_key, subject)",
    "program": "program",
}
#: the divisions a fact's 12-digit place_code is summed up to: name → its digits, the
#: digits before them (a code whose own digits there are zeros is coarser than the level)
DIVISIONS: dict[str, tuple[int, int]] = {"province": (2, 0), "city": (4, 2), "county": (6, 4)}


def _division_sql(name: str) -> str:
    """The SQL of the ``name`` division's code from place_code: 211321102201 → 211321000000."""
    digits, before = DIVISIONS[name]
    own = f"substr(place_code, {before + 1}, {digits - before})"
    return (
        f"CASE WHEN length(place_code) = 12 AND {own} != '{'0' * (digits - before)}'"
        f" THEN substr(place_code, 1, {digits}) || '{'0' * (12 - digits)}' END"
    )


#: what is added: the value in its base unit; percentages are never added
_ADDABLE = (
    "CASE WHEN kind != 'percent' AND typeof(coalesce(value_base, value)) IN ('integer', 'real')"
    " THEN coalesce(value_base, value) END"
)


def _view(store: Store) -> tuple[str, set[str]]:
    """The SQL of one row per fact with its document's columns, and the column names."""
    fact_cols = [r[1] for r in store.sql("PRAGMA table_info(facts)")]
    doc_cols = [r[1] for r in store.sql("PRAGMA table_info(documents)")]
    # a document column whose name a fact column has too is doc_NAME (text, source …)
    renamed = {c: (f"doc_{c}" if c in fact_cols or c == "source" else c) for c in doc_cols if c != "id"}
    parts = [f'f."{c}"' for c in fact_cols]
    parts += [f'd."{c}" AS "{alias}"' for c, alias in renamed.items()]
    parts.append(
        "(SELECT p.value FROM facts p WHERE p.doc_id = f.doc_id AND p.sentence_id = f.sentence_id"
        " AND p.kind = 'program' ORDER BY p.seq LIMIT 1) AS program"
    )
    sql = f"SELECT {', '.join(parts)} FROM facts f JOIN documents d ON d.id = f.doc_id"
    return sql, {*fact_cols, *renamed.values(), "program"}


def summary_query(
    store: Store,
    by: Sequence[str] = (),
    *,
    kinds: Iterable[str] | None = None,
    units: Iterable[str] | None = None,
    where: str | None = None,
    add: str = "sum",
) -> tuple[str, list[Any], list[str]]:
    """The SQL of :func:`summarize`, its parameters and its column names."""
    view, columns = _view(store)
    keys: list[tuple[str, str]] = []
    for name in by:
        if name in GROUPS:
            keys.append((name, GROUPS[name]))
        elif name in DIVISIONS:
            keys.append((f"{name}_code", _division_sql(name)))
        elif name in columns:
            keys.append((name, f'"{name}"'))
        else:
            known = ", ".join(sorted({*GROUPS, *DIVISIONS, *columns}))
            raise OptionError(f"cannot group by {name!r}: known columns are {known}")
    if "kind" not in by:
        keys.append(("kind", "kind"))
    if "unit" not in by:
        keys.append(("unit", "coalesce(base_unit, unit)"))
    conds: list[str] = []
    args: list[Any] = []
    if kinds is not None:
        ks = list(kinds)
        conds.append(f"kind IN ({', '.join('?' * len(ks))})")
        args += ks
    if units is not None:
        us = list(units)
        marks = ", ".join("?" * len(us))
        conds.append(f"(unit IN ({marks}) OR base_unit IN ({marks}))")
        args += us + us
    if where:
        conds.append(f"({where})")  # trusted input: see the module docstring
    group = ", ".join(expr for _, expr in keys)
    select = ", ".join(f'{expr} AS "{name}"' for name, expr in keys)
    sql = (
        f"SELECT {select}, {add}({_ADDABLE}) AS total, count(*) AS n_facts,"
        f" count(DISTINCT doc_id) AS n_documents FROM ({view})"
        + (f" WHERE {' AND '.join(conds)}" if conds else "")
        + f" GROUP BY {group} ORDER BY {group}"
    )
    return sql, args, [name for name, _ in keys] + ["total", "n_facts", "n_documents"]


class SummaryTable(NamedTuple):
    """The rows of a summary and their column names, without pandas (:func:`summary_table`)."""

    columns: tuple[str, ...]
    rows: list[tuple[Any, ...]]

    def to_frame(self) -> pandas.DataFrame:
        """The table as a pandas DataFrame (needs pandas: :class:`MissingExtraError` without it)."""
        try:
            import pandas as pd
        except ImportError:
            from ..errors import MissingExtraError

            raise MissingExtraError("summarize()", "pandas", "pandas") from None
        return pd.DataFrame.from_records(self.rows, columns=list(self.columns))


def summary_table(
    store: Store,
    by: Sequence[str] = (),
    *,
    kinds: Iterable[str] | None = None,
    units: Iterable[str] | None = None,
    where: str | None = None,
    names: Callable[[str], str | None] | None = None,
) -> SummaryTable:
    """Totals per kind and unit (grouped ``by`` more columns), as plain rows: the ``by``
    columns, ``kind``, ``unit``, ``total``, ``n_facts``, ``n_documents``.

    ``kinds``/``units`` keep those facts only; ``where`` is a trusted SQL expression.
    ``names`` names the division codes of ``province``/``city``/``county`` (a column of
    that name before ``NAME_code``; empty without it).
    Integer totals are exact; a total beyond 64-bit integers is added in floating point.
    """
    sql, args, cols = summary_query(store, by, kinds=kinds, units=units, where=where)
    try:
        rows = store.sql(sql, args)
    except Exception as e:  # SUM of integers overflowed 64 bits: add in floating point
        if "overflow" not in str(e):
            if isinstance(e.__cause__, sqlite3.OperationalError) and where:
                raise OptionError(f"bad --where expression {where!r}: {e.__cause__}") from None
            raise
        sql, args, cols = summary_query(store, by, kinds=kinds, units=units, where=where, add="total")
        rows = store.sql(sql, args)
    return _name_divisions(SummaryTable(tuple(cols), rows), by, names)


def summarize(
    store: Store,
    by: Sequence[str] = (),
    *,
    kinds: Iterable[str] | None = None,
    units: Iterable[str] | None = None,
    where: str | None = None,
    names: Callable[[str], str | None] | None = None,
) -> pandas.DataFrame:
    """:func:`summary_table` as a pandas DataFrame (the same arguments and columns)."""
    table = summary_table(store, by, kinds=kinds, units=units, where=where, names=names)
    return table.to_frame()


def _name_divisions(
    table: SummaryTable, by: Sequence[str], names: Callable[[str], str | None] | None
) -> SummaryTable:
    """A name column before each ``NAME_code`` column of a division group (朝阳县 for 211321000000)."""
    columns, rows = list(table.columns), table.rows
    for name in by:
        if name in DIVISIONS:
            k = columns.index(f"{name}_code")
            columns.insert(k, name)
            rows = [
                (*r[:k], names(r[k]) if names is not None and isinstance(r[k], str) else None, *r[k:])
                for r in rows
            ]
    return SummaryTable(tuple(columns), rows)
