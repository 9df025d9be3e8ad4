"""What a batch produces per document: :class:`DocumentResult` (facts, or why it failed).

Batch workers make them, the store and the export writers consume them. Facts are
seen in their FACTS.md JSON form (:meth:`reportmine.records.Fact.to_dict`); workers
ship them as :class:`FactRows`, a compact sequence of store rows (one tuple per fact,
``flags`` and the kind's own fields already JSON) that gives the same dicts on demand:
cheaper to send between processes and written to the store as it is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, overload

from .records import CORE_FIELDS, FACT_TYPES, Fact, extra_fields, json_number

__all__ = [
    "BASE_EXTRAS",
    "DOCUMENT_FIELDS",
    "ROW_FIELDS",
    "DocumentResult",
    "FactRow",
    "FactRows",
    "dict_row",
    "fact_row",
    "row_dict",
    "rows_of",
]

#: the fields every fact has beyond FACTS.md's and ``flags`` (``value_base``, ``sentence_id`` …):
#: plain columns of a row, so a null costs next to nothing between processes
BASE_EXTRAS: tuple[str, ...] = extra_fields(Fact)
#: the columns of a fact row: the document id, the fact's position in its document, the
#: FACTS.md fields, ``flags`` (a JSON list), :data:`BASE_EXTRAS`, and ``extra`` (a JSON
#: object of the kind's own non-null fields)
ROW_FIELDS: tuple[str, ...] = ("doc_id", "seq", *CORE_FIELDS[1:], "flags", *BASE_EXTRAS, "extra")
FactRow = tuple[Any, ...]

#: what a :class:`DocumentResult` tells about its document besides facts (issue 15), the
#: columns the store's ``documents`` table adds for them: the ``headline``; ``doc_date``
#: (ISO 8601) and ``doc_date_source`` (``field``, ``file name``, ``option`` or
#: ``dateline``); the ``outlet`` (本报, 新华社), the dateline ``place``, the ``bylines``
#: and ``authors`` (one per line), and the ``text`` when kept (``--store-text``)
DOCUMENT_FIELDS: tuple[str, ...] = (
    "headline",
    "doc_date",
    "doc_date_source",
    "outlet",
    "place",
    "bylines",
    "authors",
    "text",
)

_CORE = CORE_FIELDS[1:]
_PLAIN = frozenset((*CORE_FIELDS, "flags", *BASE_EXTRAS))
_NB = len(BASE_EXTRAS)
_NO_FLAGS = "[]"
_NO_EXTRA = "{}"
_INT64 = 2**63


def _storable(v: Any) -> tuple[Any, bool]:
    """``v`` as JSON and SQLite can hold it, and whether it had to change (``overflow``):
    integers beyond 64 bits become floats, numbers beyond the float range null."""
    if isinstance(v, bool) or v is None or isinstance(v, str):
        return v, False
    if isinstance(v, int):
        if -_INT64 <= v < _INT64:
            return v, False
        try:
            f = float(v)
        except OverflowError:
            return None, True
        return (f if math.isfinite(f) else None), True
    if isinstance(v, float) and not math.isfinite(v):
        return None, True
    return v, False


def _row(
    doc_id: str,
    seq: int,
    core: Sequence[Any],
    flags: Sequence[str],
    base: Sequence[Any],
    extra: Mapping[str, Any],
) -> FactRow:
    """One row from the FACTS.md core values (``kind`` … ``sentence``), flags, the values of
    :data:`BASE_EXTRAS` and the kind's own fields (``extra``)."""
    kind, text, start, end, value, unit, qualifier, low, high, subject, per, sentence = core
    value, o1 = _storable(value)
    low, o2 = _storable(low)
    high, o3 = _storable(high)
    if (o1 or o2 or o3) and "overflow" not in flags:
        flags = [*flags, "overflow"]
    return (
        doc_id,
        seq,
        kind,
        text,
        start,
        end,
        value,
        unit,
        qualifier,
        low,
        high,
        subject,
        per,
        sentence,
        json.dumps(list(flags), ensure_ascii=False) if flags else _NO_FLAGS,
        *base,
        json.dumps(dict(extra), ensure_ascii=False) if extra else _NO_EXTRA,
    )


def fact_row(doc_id: str, seq: int, fact: Fact) -> FactRow:
    """The row of a :class:`~reportmine.records.Fact` (values as its JSON form gives them;
    a number JSON or SQLite cannot hold becomes a float or null, flagged ``overflow``)."""
    core = (
        fact.kind,
        fact.text,
        fact.start,
        fact.end,
        json_number(fact.value),
        fact.unit,
        fact.qualifier,
        json_number(fact.low),
        json_number(fact.high),
        fact.subject,
        fact.per,
        fact.sentence,
    )
    base = tuple(getattr(fact, n) for n in BASE_EXTRAS)
    names = extra_fields(type(fact))[_NB:]
    # null fields are left out of ``extra`` (row_dict puts them back)
    extra = {n: _plain(v) for n in names if (v := getattr(fact, n)) is not None} if names else {}
    return _row(doc_id, seq, core, fact.flags, base, extra)


def dict_row(doc_id: str, seq: int, fact: Mapping[str, Any]) -> FactRow:
    """The row of a fact in its JSON form (a missing field is null)."""
    core = [fact.get(c) for c in _CORE]
    base = tuple(fact.get(n) for n in BASE_EXTRAS)
    extra = {k: v for k, v in fact.items() if k not in _PLAIN and v is not None}
    return _row(doc_id, seq, core, fact.get("flags") or (), base, extra)


def row_dict(row: FactRow) -> dict[str, Any]:
    """The FACTS.md JSON form of a row (the same dict :meth:`Fact.to_dict` gives)."""
    out = dict(zip(CORE_FIELDS, (row[0], *row[2:14]), strict=True))
    out["flags"] = json.loads(row[14]) if row[14] != _NO_FLAGS else []
    out.update(zip(BASE_EXTRAS, row[15 : 15 + _NB], strict=True))
    extra = json.loads(row[-1]) if row[-1] != _NO_EXTRA else {}
    cls = FACT_TYPES.get(row[2])
    if cls is not None:  # the kind's own fields in their order, the null ones too
        for name in extra_fields(cls)[_NB:]:
            out[name] = extra.pop(name, None)
    if extra:
        out.update(extra)
    return out


def _plain(v: Any) -> Any:
    return list(v) if isinstance(v, tuple) else v


class FactRows(Sequence[dict[str, Any]]):
    """The facts of one document as store rows (:data:`ROW_FIELDS`), seen as their
    FACTS.md dicts: ``len``, indexing and iteration give dicts; ``rows`` the tuples."""

    __slots__ = ("rows",)

    def __init__(self, rows: Iterable[FactRow] = ()) -> None:
        self.rows: tuple[FactRow, ...] = tuple(rows)

    @classmethod
    def of(cls, doc_id: str, facts: Iterable[Fact]) -> FactRows:
        """The rows of ``facts`` (one document's, in order); facts of one sentence share
        one ``sentence`` string, so it is sent between processes once."""
        shared: dict[str, str] = {}
        rows = []
        for seq, fact in enumerate(facts):
            row = fact_row(doc_id, seq, fact)
            s = row[13]
            if isinstance(s, str):
                kept = shared.setdefault(s, s)
                if kept is not s:
                    row = (*row[:13], kept, *row[14:])
            rows.append(row)
        return cls(rows)

    def __len__(self) -> int:
        return len(self.rows)

    @overload
    def __getitem__(self, i: int) -> dict[str, Any]: ...
    @overload
    def __getitem__(self, i: slice) -> list[dict[str, Any]]: ...
    def __getitem__(self, i: int | slice) -> dict[str, Any] | list[dict[str, Any]]:
        if isinstance(i, slice):
            return [row_dict(r) for r in self.rows[i]]
        return row_dict(self.rows[i])

    def __iter__(self) -> Iterator[dict[str, Any]]:
        return map(row_dict, self.rows)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FactRows):
            return self.rows == other.rows
        if isinstance(other, Sequence) and not isinstance(other, str):
            return list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]  # like a list: unhashable

    def __repr__(self) -> str:
        return f"FactRows({len(self.rows)} facts)"

    def __getstate__(self) -> tuple[FactRow, ...]:
        return self.rows

    def __setstate__(self, rows: tuple[FactRow, ...]) -> None:
        self.rows = rows


def rows_of(doc_id: str, facts: Sequence[Mapping[str, Any]]) -> tuple[FactRow, ...]:
    """Store rows of a document's facts, whatever form they are in."""
    if isinstance(facts, FactRows):
        return facts.rows
    return tuple(dict_row(doc_id, i, f) for i, f in enumerate(facts))


@dataclass(frozen=True, slots=True)
class DocumentResult:
    """The outcome of one document.

    ``ord`` is the document's position in the input stream (outputs are in this order);
    ``status`` is ``done``, ``failed`` (then ``error`` says why and ``facts`` is empty) or
    ``skipped`` (not relevant enough: see ``relevance``).
    ``script`` is the detected script (``simplified``, ``traditional`` …), ``chars`` the
    length of the original text. ``facts`` are FACTS.md dicts (from batch workers, a
    :class:`FactRows`). ``document`` holds the :data:`DOCUMENT_FIELDS` known of the
    document (headline, date …).
    """

    id: str
    source: str
    sha256: str
    ord: int
    status: str
    format: str = "text"
    encoding: str | None = None
    script: str | None = None
    chars: int = 0
    error: str | None = None
    facts: Sequence[dict[str, Any]] = ()
    document: Mapping[str, Any] | None = None
    #: reportmine.learn (issue 16): the document's relevance when scored; ``status`` is
    #: ``skipped`` (no facts) when it scored below the batch's ``min_relevance``
    relevance: float | None = None

    @property
    def ok(self) -> bool:
        """True when the document was extracted."""
        return self.status == "done"
