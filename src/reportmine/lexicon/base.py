"""Plain-text domain data (``lexicons/*.txt``), loaded once into an immutable :class:`Lexicon`.

Every lexicon file is UTF-8 text. ``#`` starts a comment (to the end of the line),
blank lines are ignored, and each remaining line is one row of whitespace-separated
fields (a :class:`Row`, which knows its ``path:line``).

What the fields of a table mean is explained twice, once for each reader: in the header
of the file, for a person, and in the table's :class:`Table` spec
(:mod:`reportmine.lexicon.tables`), for the code. A spec lists the table's columns —
plain :class:`Text`, a single :class:`Char`, an enumeration (:class:`OneOf`), an
:class:`Int` or a :class:`Number`, a comma list (:class:`TextList`), ``key=A|B``
:class:`Options`, trailing :class:`Flags` — and turns each row into a typed
:class:`Entry` whose fields have the columns' names, or raises a :class:`LexiconError`
``path:line: reason``. For example, a ``qualifiers`` row ``约 approx middle`` fails with
``lexicons/qualifiers.txt:LINE: unknown position 'middle' (one of pre|post|clause)``.

:meth:`Lexicon.load` checks every table that has a spec as it loads, the shipped rows
and the rows of a researcher's own files (``extra_dirs``) alike; consumers then read
typed rows with :meth:`Lexicon.table`. The shipped tables live inside the package
(``reportmine/lexicons``, the repository's ``lexicons/`` folder) and are read with
:mod:`importlib.resources`. Rows of an extra file with the same name as a shipped table
are appended to the shipped rows; other files become new tables.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Generic, TypeVar

import regex

from ..errors import LexiconError, OptionError

__all__ = [
    "Char",
    "Column",
    "Entry",
    "Flags",
    "Int",
    "Lexicon",
    "Number",
    "OneOf",
    "Options",
    "Row",
    "Table",
    "Text",
    "TextList",
    "parse_table",
]

V = TypeVar("V")
E = TypeVar("E", bound="Entry")

_INT = regex.compile(r"-?[0-9]+")
_ANY = 1 << 30  # the most fields a row may have when its table ends in flags


@dataclass(frozen=True, slots=True)
class Row:
    """One data line of a lexicon file, with where it came from."""

    fields: tuple[str, ...]
    path: str
    line: int

    def error(self, reason: str) -> LexiconError:
        """A :class:`LexiconError` that names this row's ``path:line``."""
        return LexiconError(f"{self.path}:{self.line}: {reason}")

    def __len__(self) -> int:
        return len(self.fields)

    def __getitem__(self, i: int) -> str:
        return self.fields[i]


def parse_table(text: str, path: str) -> tuple[Row, ...]:
    """Split a lexicon file into rows (comments and blank lines dropped)."""
    rows = []
    for n, raw in enumerate(text.splitlines(), 1):
        line = raw.split("#", 1)[0].strip() if "#" in raw else raw.strip()
        if not line:
            continue
        if "\ufffd" in line:
            raise LexiconError(f"{path}:{n}: undecodable characters")
        rows.append(Row(tuple(line.split()), path, n))
    return tuple(rows)


# -- typed rows ---------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Entry:
    """Base of the typed rows a :class:`Table` makes; ``row`` is the line it was read from.

    Subclasses declare one field per column, in column order.
    """

    row: Row = field(kw_only=True, compare=False, repr=False)

    def error(self, reason: str) -> LexiconError:
        """A :class:`LexiconError` that names this entry's ``path:line`` (for a rule
        across rows or tables that a consumer checks, such as a unit defined twice)."""
        return self.row.error(reason)


# -- columns ------------------------------------------------------------------------------------


class Column(Generic[V]):
    """One column of a table: its name (used in messages) and how a field is read.

    An ``optional`` column may be left out at the end of a row (its value is then
    ``default``); optional columns come last.
    """

    def __init__(self, name: str, *, optional: bool = False, default: V | None = None) -> None:
        self.name = name
        self.optional = optional
        self.default = default

    def read(self, value: str, row: Row) -> V:
        """The field ``value`` of ``row`` as this column's type; a bad one raises ``row.error``."""
        raise NotImplementedError

    def claims(self, value: str) -> bool:
        """Whether ``value`` can be this column's: an optional column followed by another
        one is skipped when it cannot (``word tag`` in a ``word [freq] [tag]`` table)."""
        return True

    def usage(self) -> str:
        """How the column is written in a row description: ``name`` or ``[name]``."""
        return f"[{self.name}]" if self.optional else self.name


class Text(Column[str]):
    """A word as written. ``form``, when given, is a pattern the whole word must match;
    ``what`` says what it must be (``tag 'NS' is not a part-of-speech tag …``)."""

    def __init__(self, name: str, *, form: str | None = None, what: str = "", optional: bool = False) -> None:
        super().__init__(name, optional=optional)
        self._form = regex.compile(form) if form is not None else None
        self._what = what

    def read(self, value: str, row: Row) -> str:
        """``value`` itself, once it has the column's form."""
        if self._form is not None and not self._form.fullmatch(value):
            raise row.error(f"{self.name} {value!r} is not {self._what}")
        return value


class Char(Column[str]):
    """A single character: ``的`` in ``char_freq.txt``."""

    def read(self, value: str, row: Row) -> str:
        """``value``, which must be one character."""
        if len(value) != 1:
            raise row.error(f"{self.name} {value!r} is not a single character")
        return value


class OneOf(Column[str]):
    """An enumeration: the field is one of ``values`` (``area | length | …`` in ``units.txt``).

    ``moved`` names values an earlier release took here and where they went now, so a
    researcher's own table written for it gets a pointer, not only a refusal.
    """

    def __init__(
        self,
        name: str,
        values: Iterable[str],
        *,
        optional: bool = False,
        moved: Mapping[str, str] | None = None,
    ) -> None:
        super().__init__(name, optional=optional)
        self.values = tuple(values)
        self._set = frozenset(self.values)
        self.moved = dict(moved or {})

    def read(self, value: str, row: Row) -> str:
        """``value``, which must be one of the column's values."""
        if value not in self._set:
            hint = f"; {value} rows moved to {self.moved[value]}" if value in self.moved else ""
            raise row.error(f"unknown {self.name} {value!r} (one of {'|'.join(self.values)}){hint}")
        return value


class Int(Column[int]):
    """A whole number written in ASCII digits, at least ``minimum`` when given
    (``0``: a count; ``1``: a jieba frequency; ``None``: an offset such as ``-1``)."""

    def __init__(self, name: str, *, minimum: int | None = None, optional: bool = False) -> None:
        super().__init__(name, optional=optional)
        self.minimum = minimum
        self._what = {None: "a whole number", 0: "a non-negative integer", 1: "a positive integer"}.get(
            minimum, f"a whole number of at least {minimum}"
        )

    def read(self, value: str, row: Row) -> int:
        """``value`` as an ``int``."""
        if not _INT.fullmatch(value) or (self.minimum is not None and int(value) < self.minimum):
            raise row.error(f"{self.name} {value!r} is not {self._what}")
        return int(value)

    def claims(self, value: str) -> bool:
        """Whether ``value`` is written as a whole number (a bad one is still this column's)."""
        return _INT.fullmatch(value) is not None


class Number(Column[Decimal]):
    """A positive decimal number: the factor ``0.001`` in ``units.txt``."""

    def read(self, value: str, row: Row) -> Decimal:
        """``value`` as an exact :class:`~decimal.Decimal`."""
        try:
            number = Decimal(value)
        except InvalidOperation:
            raise row.error(f"{self.name} {value!r} is not a number") from None
        if not number.is_finite() or number <= 0:
            raise row.error(f"{self.name} {value!r} must be a positive number")
        return number


class TextList(Column[tuple[str, ...]]):
    """A comma-separated list, or ``-`` for none: the traditional forms ``畝`` or ``個,箇``.
    Each item must match ``form`` when given (``what`` says what it must be)."""

    def __init__(self, name: str, *, form: str | None = None, what: str = "", optional: bool = False) -> None:
        super().__init__(name, optional=optional, default=())
        self._item = Text(name, form=form, what=what)

    def read(self, value: str, row: Row) -> tuple[str, ...]:
        """The items of ``value`` (empty ones dropped); ``-`` is no item."""
        if value == "-":
            return ()
        return tuple(self._item.read(v, row) for v in value.split(",") if v)


class Options(Column[Mapping[str, tuple[str, ...]]]):
    """Comma-separated options, or ``-`` for none: ``flags`` stand alone (``arabic``),
    ``lists`` take words (``not=籍|口``). The value maps each option given to its words
    (``()`` for a flag)."""

    def __init__(
        self, name: str, *, flags: Iterable[str], lists: Iterable[str], optional: bool = False
    ) -> None:
        super().__init__(name, optional=optional, default=MappingProxyType({}))
        self.flags = frozenset(flags)
        self.lists = frozenset(lists)

    def read(self, value: str, row: Row) -> Mapping[str, tuple[str, ...]]:
        """The options of ``value``: ``arabic,not=籍|口`` → ``{arabic: (), not: (籍, 口)}``."""
        out: dict[str, tuple[str, ...]] = {}
        if value == "-":
            return out
        known = self.flags | self.lists
        for opt in value.split(","):
            key, _, val = opt.partition("=")
            if key not in known:
                raise row.error(f"unknown option {key!r} (known: {', '.join(sorted(known))})")
            if key in self.lists:
                words = tuple(w for w in val.split("|") if w)
                if not words:
                    raise row.error(f"option {key}= needs words separated by |")
                out[key] = words
            elif val:
                raise row.error(f"option {key!r} takes no value")
            else:
                out[key] = ()
        return out


class Flags(Column[frozenset[str]]):
    """Any number of trailing flags, each one of ``values``: ``活动 phrase inner``."""

    def __init__(self, name: str, values: Iterable[str]) -> None:
        super().__init__(name, optional=True, default=frozenset())
        self._one = OneOf(name, values)

    def read_all(self, values: Sequence[str], row: Row) -> frozenset[str]:
        """The flags ``values`` as a set."""
        return frozenset(self._one.read(v, row) for v in values)

    def usage(self) -> str:
        """``[name ...]``."""
        return f"[{self.name} ...]"


# -- tables -------------------------------------------------------------------------------------


@dataclass(frozen=True, eq=False)
class Table(Generic[E]):
    """The declared format of one lexicon table: its name, columns and typed row.

    ``entry`` is called with one value per column (in order) and ``row=`` the source row.
    ``check`` states a rule across the columns of one entry (a reason, or ``None`` when the
    entry is fine); ``check_rows`` a rule across the rows of the whole table (the entries
    that break it, each with a reason).
    """

    name: str
    entry: Callable[..., E]
    columns: tuple[Column[Any], ...]
    check: Callable[[E], str | None] | None = None
    check_rows: Callable[[Sequence[E]], Iterable[tuple[E, str]]] | None = None
    _least: int = field(init=False, repr=False)  # fields a row needs, at least
    _most: int = field(init=False, repr=False)  # and at most (flags: any number)

    def __post_init__(self) -> None:
        optional = [c.optional for c in self.columns]
        if optional != sorted(optional) or any(isinstance(c, Flags) for c in self.columns[:-1]):
            raise ValueError(f"{self.name}: optional columns and flags must come last")
        flags = isinstance(self.columns[-1], Flags)
        object.__setattr__(self, "_least", optional.count(False))
        object.__setattr__(self, "_most", _ANY if flags else len(self.columns))

    def _arity(self, n: int) -> str:
        """Why ``n`` fields are too few or too many for this table."""
        least, most = self._least, self._most
        if most == _ANY:
            count = f"{least} or more fields"
        elif most == least:
            count = f"{least} field" + ("s" if least > 1 else "")
        else:
            count = f"{least} {'or' if most == least + 1 else 'to'} {most} fields"
        usage = " ".join(c.usage() for c in self.columns)
        return f"expected {count} ({usage}), got {n}"

    def parse(self, row: Row) -> E:
        """The typed entry of ``row``; a malformed row raises :class:`LexiconError` ``path:line``."""
        if not self._least <= len(row.fields) <= self._most:
            raise row.error(self._arity(len(row.fields)))
        entry = self.entry(*self._values(row), row=row)
        reason = self.check(entry) if self.check is not None else None
        if reason:
            raise row.error(reason)
        return entry

    def _values(self, row: Row) -> list[Any]:
        """One value per column, read from the fields of ``row`` in order. An optional
        column left out at the end takes its default, and so does one that cannot read its
        field when a later column can (``扶贫 vn``: no frequency, then the tag)."""
        fields = row.fields
        values: list[Any] = []
        i = 0
        last = len(self.columns) - 1
        taker = self.columns[0]
        for k, col in enumerate(self.columns):
            if isinstance(col, Flags):
                values.append(col.read_all(fields[i:], row))
                i = len(fields)
            elif i == len(fields) or (k < last and col.optional and not col.claims(fields[i])):
                values.append(col.default)
            else:
                values.append(col.read(fields[i], row))
                taker = col
                i += 1
        if i < len(fields):
            raise row.error(f"unexpected field {fields[i]!r} after the {taker.name}")
        return values

    def read(self, rows: Iterable[Row]) -> tuple[E, ...]:
        """Every row read with :meth:`parse`, then checked with ``check_rows``."""
        entries = tuple(self.parse(r) for r in rows)
        if self.check_rows is not None:
            for entry, reason in self.check_rows(entries):
                raise entry.error(reason)
        return entries


# -- the lexicon --------------------------------------------------------------------------------


class Lexicon:
    """An immutable set of named tables (file name without ``.txt`` → rows).

    :meth:`load` checks every table with a declared format
    (:data:`reportmine.lexicon.tables.TABLES`) as it reads it. A lexicon built from rows
    directly (``Lexicon({"units": rows})``) is checked table by table, when a consumer
    first reads one with :meth:`table`.
    """

    __slots__ = ("_read", "_tables")

    def __init__(self, tables: Mapping[str, Iterable[Row]]) -> None:
        if not isinstance(tables, Mapping):  # Lexicon(5) (issue 12.9: was an AttributeError)
            raise OptionError(f"Lexicon takes a mapping of table name to rows, not {type(tables).__name__}")
        self._tables: Mapping[str, tuple[Row, ...]] = MappingProxyType(
            {name: tuple(rows) for name, rows in tables.items()}
        )
        self._read: dict[Table[Any], tuple[Any, ...]] = {}  # typed rows, read once per table

    @classmethod
    def load(cls, extra_dirs: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True) -> Lexicon:
        """Load the shipped tables (unless ``builtin=False``) plus every ``*.txt`` in ``extra_dirs``.

        Every row of a table with a declared format is checked; a malformed one raises
        :class:`LexiconError` ``path:line: reason``.
        """
        tables: dict[str, list[Row]] = {}
        if builtin:
            for name, text, label in _builtin_files():
                tables.setdefault(name, []).extend(parse_table(text, label))
        for d in extra_dirs:
            p = Path(d)
            if not p.is_dir():
                raise LexiconError(f"{p}: not a directory of lexicon tables")
            for f in sorted(p.glob("*.txt")):
                try:
                    text = f.read_text(encoding="utf-8")
                except UnicodeDecodeError as e:
                    raise LexiconError(f"{f}: not UTF-8 ({e.reason})") from e
                tables.setdefault(f.stem, []).extend(parse_table(text, str(f)))
        lexicon = cls(tables)
        lexicon.check()
        return lexicon

    def check(self) -> None:
        """Read every table that has a declared format (a malformed row raises :class:`LexiconError`)."""
        from .tables import TABLES  # (the specs are built from this module's columns)

        for spec in TABLES:
            if spec.name in self._tables:
                self.table(spec)

    def table(self, spec: Table[E]) -> tuple[E, ...]:
        """The rows of table ``spec.name`` as typed entries, read and checked once.

        A missing table is an error; so is a malformed row (``path:line: reason``).
        """
        got = self._read.get(spec)
        if got is None:
            got = self._read[spec] = spec.read(self.rows(spec.name))
        return got

    def rows(self, name: str) -> tuple[Row, ...]:
        """The rows of table ``name``, unchecked; a missing table is an error."""
        try:
            return self._tables[name]
        except KeyError:
            raise LexiconError(f"no lexicon table named {name!r} (have: {', '.join(self)})") from None

    def get(self, name: str) -> tuple[Row, ...]:
        """The rows of table ``name``, or no rows."""
        return self._tables.get(name, ())

    def words(self, name: str) -> frozenset[str]:
        """The first field of every row of ``name``, as a set (for one-column word lists)."""
        return frozenset(r.fields[0] for r in self.rows(name))

    def __contains__(self, name: object) -> bool:
        return name in self._tables

    def __iter__(self) -> Iterator[str]:
        return iter(sorted(self._tables))

    def __repr__(self) -> str:
        return f"Lexicon({', '.join(f'{k}:{len(v)}' for k, v in sorted(self._tables.items()))})"


def _builtin_files() -> Iterator[tuple[str, str, str]]:
    root = resources.files("reportmine") / "lexicons"
    for entry in sorted(root.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".txt") and entry.is_file():
            yield entry.name[:-4], entry.read_text(encoding="utf-8"), f"lexicons/{entry.name}"
