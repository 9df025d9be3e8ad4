"""Document ids: escaped so that any name can be stored, and unique by construction.

**Escaping.** A file name, archive member name or JSON Lines id may hold bytes that are
not UTF-8: Python reads a GBK-named file on a UTF-8 system as a lone surrogate
(``b"\\xb9\\xfa.txt"`` → ``"\\udcb9\\udcfa.txt"``), which no UTF-8 store, CSV or Parquet
file can hold. :func:`escape_id` writes such a character as ``\\xNN`` (the raw byte
``NN`` of a ``surrogateescape`` name) or ``\\uDXXX`` (any other lone surrogate), and a
backslash as ``\\\\``, so the escape is one-to-one; :func:`id_bytes` gives back the raw
bytes (for a file name: the name to open with ``os.fsdecode``):

>>> escape_id("\\udcb9\\udcfa.txt"), escape_id("a\\\\b.txt"), escape_id("县/报告.txt")
('\\\\xb9\\\\xfa.txt', 'a\\\\\\\\b.txt', '县/报告.txt')
>>> id_bytes(escape_id("\\udcb9\\udcfa.txt")) == b"\\xb9\\xfa.txt"
True

**Uniqueness.** :class:`UniqueIds` gives each id of a run once: the second document with
an id already given becomes ``id#2``, the third ``id#3`` (the first free number: a file
literally named ``a.txt#2`` keeps its name and the repeat takes ``#3``). A repeated
archive member (a tar holding ``report.txt`` twice) or JSON Lines id is numbered so, in
input order, so a rerun (``--resume``) gives every document the same id again.
"""

from __future__ import annotations

import re
import sqlite3

__all__ = ["UniqueIds", "escape_id", "id_bytes"]

_NEEDS = re.compile(r"[\\\ud800-\udfff]")
_ESCAPE = re.compile(r"\\(\\|x[0-9a-f]{2}|u[0-9a-f]{4})")


def _escape_char(m: re.Match[str]) -> str:
    c = m.group()
    if c == "\\":
        return "\\\\"
    n = ord(c)
    # a surrogateescape byte (U+DC80..U+DCFF, from os.fsdecode or a "surrogateescape" decode)
    return f"\\x{n - 0xDC00:02x}" if 0xDC80 <= n <= 0xDCFF else f"\\u{n:04x}"


def escape_id(name: str) -> str:
    """``name`` with lone surrogates written ``\\xNN``/``\\uDXXX`` and ``\\`` as ``\\\\``
    (valid UTF-8 everywhere; one-to-one, see :func:`id_bytes`)."""
    return _NEEDS.sub(_escape_char, name) if _NEEDS.search(name) else name


def unescape_id(escaped: str) -> str:
    """The name :func:`escape_id` was given (lone surrogates back in place).

    >>> unescape_id("\\\\xb9.txt") == "\\udcb9.txt"
    True
    """

    def back(m: re.Match[str]) -> str:
        s = m.group(1)
        if s == "\\":
            return "\\"
        return chr(0xDC00 + int(s[1:], 16)) if s[0] == "x" else chr(int(s[1:], 16))

    return _ESCAPE.sub(back, escaped)


def id_bytes(escaped: str) -> bytes:
    """The raw bytes of an escaped id (or a part of it, such as a file name): UTF-8 for
    ordinary characters, the original byte for each ``\\xNN``."""
    return unescape_id(escaped).encode("utf-8", "surrogateescape")


class UniqueIds:
    """The ids given in one run, in a private temporary SQLite table (memory stays flat on
    millions of documents); :meth:`take` returns an id not given before."""

    def __init__(self) -> None:
        self._db = sqlite3.connect("", isolation_level=None)  # "" = private temporary file
        self._db.execute("PRAGMA cache_size = -8192")  # at most 8 MiB in memory
        self._db.execute("CREATE TABLE ids (id TEXT PRIMARY KEY, next INTEGER) WITHOUT ROWID")

    def take(self, doc_id: str) -> str:
        """``doc_id``, or ``doc_id#N`` (first free N ≥ 2) when ``doc_id`` was given already."""
        if self._insert(doc_id):
            return doc_id
        row = self._db.execute("SELECT next FROM ids WHERE id = ?", (doc_id,)).fetchone()
        n = int(row[0]) if row is not None and row[0] is not None else 2
        while not self._insert(f"{doc_id}#{n}"):  # "a.txt#2" may be a real name
            n += 1
        self._db.execute("UPDATE ids SET next = ? WHERE id = ?", (n + 1, doc_id))
        return f"{doc_id}#{n}"

    def _insert(self, doc_id: str) -> bool:
        cur = self._db.execute("INSERT OR IGNORE INTO ids VALUES (?, NULL)", (doc_id,))
        return cur.rowcount == 1

    def close(self) -> None:
        """Drop the table."""
        self._db.close()
