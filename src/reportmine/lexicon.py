"""Plain-text domain data (``lexicons/*.txt``), loaded once into an immutable :class:`Lexicon`.

Every lexicon file is UTF-8 text. ``#`` starts a comment (to the end of the line),
blank lines are ignored, and each remaining line is one row of whitespace-separated
fields. What the fields mean is explained in the header of each file; the module
that uses a table checks its rows and reports a bad one as ``path:line: reason``
through :meth:`Row.error`.

The shipped tables live inside the package (``reportmine/lexicons``, the repository's
``lexicons/`` folder) and are read with :mod:`importlib.resources`. A researcher can
add tables or rows of their own with :meth:`Lexicon.load` and ``extra_dirs``: rows of
a file with the same name are appended to the shipped rows.
"""

from __future__ import annotations

import os
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from types import MappingProxyType

from .errors import LexiconError

__all__ = ["Lexicon", "Row"]


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


class Lexicon:
    """An immutable set of named tables (file name without ``.txt`` → rows)."""

    __slots__ = ("_tables",)

    def __init__(self, tables: Mapping[str, Iterable[Row]]) -> None:
        self._tables: Mapping[str, tuple[Row, ...]] = MappingProxyType(
            {name: tuple(rows) for name, rows in tables.items()}
        )

    @classmethod
    def load(cls, extra_dirs: Iterable[str | os.PathLike[str]] = (), *, builtin: bool = True) -> Lexicon:
        """Load the shipped tables (unless ``builtin=False``) plus every ``*.txt`` in ``extra_dirs``."""
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
        return cls(tables)

    def rows(self, name: str) -> tuple[Row, ...]:
        """The rows of table ``name``; a missing table is an error."""
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
