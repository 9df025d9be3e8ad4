"""The embedded fact store: one SQLite database (stdlib :mod:`sqlite3`, WAL journal).

Tables:

``documents``
    one row per input document: ``id`` (primary key), ``ord`` (position in the input),
    ``source``, ``sha256``, ``format``, ``encoding``, ``script``, ``chars``, ``status``
    (``done``/``failed``/``skipped``), ``error``, ``facts`` (how many), ``version`` (of
    reportmine), ``time`` (UTC, ISO 8601), ``relevance`` (when scored: ``--relevance``;
    ``skipped`` documents scored below ``--min-relevance``) and ``reprint_of`` (the
    first-seen copy of a reprint, set by ``reportmine reprints``).
``facts``
    one row per fact: ``doc_id``, ``seq`` (order within the document), the FACTS.md
    fields (``kind``, ``text``, ``start``, ``end``, ``value``, ``unit``, ``qualifier``,
    ``low``, ``high``, ``subject``, ``per``, ``sentence``), ``flags`` (JSON list) and
    ``extra`` (JSON object of the kind's own fields, e.g. ``category``, ``issuer``).

Writes are transactional per chunk of documents (:meth:`Store.write`): a document's
row and all its facts land together or not at all, even if the process is killed.
Concurrent writers are serialized by SQLite's lock (waiting up to ``timeout``
seconds); every failure to open, lock or write surfaces as a
:class:`~reportmine.errors.StoreError` saying what happened.
"""

from __future__ import annotations

import datetime as _dt
import json
import sqlite3
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import Any, NamedTuple

from .._version import __version__
from ..errors import StoreError
from ..records import CORE_FIELDS
from ..results import ROW_FIELDS, DocumentResult, rows_of

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "Store", "Stored", "is_sqlite"]

#: bumped when the tables change; a database with a larger number is refused
SCHEMA_VERSION = 1
#: marks the file as a reportmine store (``PRAGMA application_id``): "RPMN"
APPLICATION_ID = 0x52504D4E

_FACT_COLS: tuple[str, ...] = tuple(c for c in CORE_FIELDS if c != "doc_id")
_DOC_COLS = (
    "id",
    "ord",
    "source",
    "sha256",
    "format",
    "encoding",
    "script",
    "chars",
    "status",
    "error",
    "facts",
)

_DDL = """
CREATE TABLE documents (
    id       TEXT PRIMARY KEY,
    ord      INTEGER NOT NULL,
    source   TEXT NOT NULL,
    sha256   TEXT NOT NULL,
    format   TEXT,
    encoding TEXT,
    script   TEXT,
    chars    INTEGER NOT NULL DEFAULT 0,
    status   TEXT NOT NULL CHECK (status IN ('done', 'failed', 'skipped')),
    error    TEXT,
    facts    INTEGER NOT NULL DEFAULT 0,
    version  TEXT NOT NULL,
    time     TEXT NOT NULL,
    relevance  REAL,
    reprint_of TEXT
);
CREATE INDEX documents_ord ON documents (ord);
CREATE INDEX documents_status ON documents (status);
CREATE INDEX documents_sha256 ON documents (sha256);
CREATE TABLE facts (
    doc_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    kind      TEXT NOT NULL,
    text      TEXT NOT NULL,
    start     INTEGER NOT NULL,
    end       INTEGER NOT NULL,
    value,
    unit      TEXT,
    qualifier TEXT NOT NULL,
    low,
    high,
    subject   TEXT,
    per       TEXT,
    sentence  TEXT NOT NULL,
    flags     TEXT NOT NULL DEFAULT '[]',
    extra     TEXT NOT NULL DEFAULT '{}',
    PRIMARY KEY (doc_id, seq)
);
CREATE INDEX facts_kind ON facts (kind, unit);
CREATE INDEX facts_subject ON facts (subject);
"""

_UPSERT_DOC = (
    f"INSERT INTO documents ({', '.join(_DOC_COLS)}, version, time, relevance)"
    f" VALUES ({', '.join('?' * (len(_DOC_COLS) + 3))})"
    " ON CONFLICT (id) DO UPDATE SET "
    + ", ".join(f"{c} = excluded.{c}" for c in (*_DOC_COLS[1:], "version", "time", "relevance"))
)
# -- reportmine.learn (issue 16): ``relevance`` and ``reprint_of`` on documents, status
# ``skipped``; a store of schema 1 gets the two columns added when opened for writing
# (its status check predates ``skipped``: such a store cannot record skipped documents)
_LEARN_COLUMNS = (("relevance", "REAL"), ("reprint_of", "TEXT"))
_INSERT_FACT = f"INSERT INTO facts ({', '.join(ROW_FIELDS)}) VALUES ({', '.join('?' * len(ROW_FIELDS))})"
_SQLITE_MAGIC = b"SQLite format 3\x00"


class Stored(NamedTuple):
    """A stored document's identity: content hash, status and input position."""

    sha256: str
    status: str
    ord: int


def is_sqlite(path: str | Path) -> bool:
    """True when ``path`` is an existing SQLite database file."""
    try:
        with open(path, "rb") as f:
            return f.read(16) == _SQLITE_MAGIC
    except OSError:
        return False


class Store:
    """A reportmine SQLite store, created when missing.

    Args:
        path: the database file.
        readonly: open for reading only (``read_facts``, ``export``).
        timeout: seconds to wait for another writer's lock before giving up.
        pragmas: extra ``PRAGMA name = value`` settings for this connection.

    Raises :class:`StoreError` when the file is not a reportmine store, was written by a
    newer reportmine, or cannot be opened, locked or written.
    """

    def __init__(
        self,
        path: str | Path,
        *,
        readonly: bool = False,
        timeout: float = 60.0,
        pragmas: Mapping[str, str | int] | None = None,
    ) -> None:
        self.path = Path(path)
        self.readonly = readonly
        self.timeout = timeout
        if readonly and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store")
        try:
            if readonly:
                uri = self.path.resolve().as_uri() + "?mode=ro"
                self._conn = sqlite3.connect(uri, uri=True, timeout=timeout, isolation_level=None)
            else:
                self._conn = sqlite3.connect(str(self.path), timeout=timeout, isolation_level=None)
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "open") from e
        try:
            for name, value in (pragmas or {}).items():
                if not name.isidentifier():
                    raise StoreError(f"bad pragma name {name!r}")
                self._conn.execute(
                    f"PRAGMA {name} = {int(value) if isinstance(value, int) else repr(str(value))}"
                )
            self._conn.execute("PRAGMA foreign_keys = ON")
            self._check_header()
            if not readonly:
                self._prepare()
        except sqlite3.Error as e:
            self._conn.close()
            raise _store_error(e, self.path, "open") from e
        except BaseException:
            self._conn.close()
            raise

    # -- opening ------------------------------------------------------------------
    def _check_header(self) -> None:
        # one statement, so one snapshot: another process may be creating the store meanwhile
        version, app, tables = self._conn.execute(
            "SELECT (SELECT user_version FROM pragma_user_version),"
            " (SELECT application_id FROM pragma_application_id),"
            " (SELECT count(*) FROM sqlite_master)"
        ).fetchone()
        version, app, tables = int(version), int(app), int(tables)
        if version > SCHEMA_VERSION:
            raise StoreError(
                f"{self.path} was written by a newer reportmine (store schema {version}; this "
                f"reportmine {__version__} reads schema {SCHEMA_VERSION} and older): upgrade reportmine"
            )
        if tables and app != APPLICATION_ID:
            raise StoreError(f"{self.path} is an SQLite database but not a reportmine store")
        if self.readonly and version == 0:
            raise StoreError(f"{self.path} is not a reportmine store (empty database)")

    def _prepare(self) -> None:
        self._wal()
        self._conn.execute("PRAGMA synchronous = NORMAL")
        # checkpoint the WAL every ~32 MB rather than every ~4 MB: a batch writes many chunks
        self._conn.execute("PRAGMA wal_autocheckpoint = 8192")
        self._conn.execute("BEGIN IMMEDIATE")  # the write lock: waits up to `timeout` for other writers
        try:
            self._check_header()  # another process may have set it up meanwhile
            version = int(self._conn.execute("PRAGMA user_version").fetchone()[0])
            # a real write, so a read-only file fails now rather than after the first chunk
            self._conn.execute(f"PRAGMA user_version = {version}")
            if version == 0:
                for statement in _DDL.split(";"):  # not executescript: it would commit
                    if statement.strip():
                        self._conn.execute(statement)
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            else:
                self._add_learn_columns()
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

    def _add_learn_columns(self) -> None:
        """A store made before ``relevance`` and ``reprint_of`` gets them (issue 16)."""
        have = {str(r[1]) for r in self._conn.execute("PRAGMA table_info(documents)")}
        for name, kind in _LEARN_COLUMNS:
            if name not in have:
                self._conn.execute(f"ALTER TABLE documents ADD COLUMN {name} {kind}")

    def set_reprints(self, pairs: Iterable[tuple[str, str | None]]) -> int:
        """Record ``(doc_id, reprint_of)`` pairs (``None``: an original); returns how many
        documents of the store were updated."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        try:
            self._conn.execute("BEGIN IMMEDIATE")
            cur = self._conn.executemany(
                "UPDATE documents SET reprint_of = ? WHERE id = ?", [(r, d) for d, r in pairs]
            )
            self._conn.execute("COMMIT")
            return int(cur.rowcount)
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "write to") from e

    def _wal(self) -> None:
        """Switch to the WAL journal (it stays as it is where WAL is impossible).

        The switch needs a moment alone with the file and SQLite does not wait for it
        (its busy handler is not called here), so a busy file is retried until ``timeout``.
        """
        deadline = time.monotonic() + self.timeout
        delay = 0.001
        while True:
            try:
                self._conn.execute("PRAGMA journal_mode = WAL")
                return
            except sqlite3.OperationalError as e:
                if "locked" not in str(e).lower() or time.monotonic() + delay > deadline:
                    raise
            time.sleep(delay)
            delay = min(delay * 2, 0.1)

    def close(self) -> None:
        """Close the database."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------
    def write(self, results: Sequence[DocumentResult]) -> None:
        """Store ``results`` (replacing earlier rows of the same documents) in ONE transaction."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        if not results:
            return
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                conn.executemany("DELETE FROM facts WHERE doc_id = ?", [(r.id,) for r in results])
                conn.executemany(
                    _UPSERT_DOC,
                    [
                        (*(getattr(r, c) for c in _DOC_COLS[:-1]), len(r.facts), __version__, now,
                         r.relevance)
                        for r in results
                    ],
                )
                for r in results:
                    if r.facts:
                        conn.executemany(_INSERT_FACT, rows_of(r.id, r.facts))
                conn.execute("COMMIT")
            except BaseException:
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
                raise
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "write to") from e

    # -- reading ------------------------------------------------------------------
    def lookup(self, doc_id: str) -> Stored | None:
        """What the store holds about a document (``sha256``, ``status``, ``ord``), or ``None``."""
        try:
            row = self._conn.execute(
                "SELECT sha256, status, ord FROM documents WHERE id = ?", (doc_id,)
            ).fetchone()
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e
        return Stored(str(row[0]), str(row[1]), int(row[2])) if row is not None else None

    def move(self, doc_id: str, ordinal: int) -> None:
        """Give a kept document its position in this run's input (``--resume``)."""
        try:
            self._conn.execute("UPDATE documents SET ord = ? WHERE id = ?", (ordinal, doc_id))
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "write to") from e

    def iter_facts(self) -> Iterator[dict[str, Any]]:
        """Every fact in its FACTS.md JSON form, in document order then fact order."""
        sql = (
            "SELECT f.doc_id, " + ", ".join(f"f.{c}" for c in _FACT_COLS) + ", f.flags, f.extra"
            " FROM facts f JOIN documents d ON d.id = f.doc_id ORDER BY d.ord, d.id, f.seq"
        )
        try:
            for row in self._conn.execute(sql):
                out = dict(zip(CORE_FIELDS, row[: len(CORE_FIELDS)], strict=True))
                out["flags"] = json.loads(row[-2])
                out.update(json.loads(row[-1]))
                yield out
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e

    def iter_documents(self) -> Iterator[dict[str, Any]]:
        """Every document row (``id``, ``status``, ``error`` …), in input order."""
        cols = (*_DOC_COLS, "version", "time")
        try:
            for row in self._conn.execute(f"SELECT {', '.join(cols)} FROM documents ORDER BY ord, id"):
                yield dict(zip(cols, row, strict=True))
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e

    def _by_status(self) -> dict[str, int]:
        out = {"done": 0, "failed": 0}
        for status, n in self._conn.execute("SELECT status, count(*) FROM documents GROUP BY status"):
            out[str(status)] = int(n)
        return out

    def counts(self) -> dict[str, int]:
        """Documents by status (``done``, ``failed``) and the number of ``facts``."""
        try:
            out = self._by_status()
            out["facts"] = int(self._conn.execute("SELECT count(*) FROM facts").fetchone()[0])
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e
        return out

    def summary(self) -> dict[str, Any]:
        """What the store holds: ``documents`` by status, ``facts`` by kind (and ``total``),
        ``chars`` of the done documents, the reportmine ``versions`` that wrote it (documents
        per version), the ``first`` and ``last`` write times (UTC) and the store ``schema``."""
        try:
            conn = self._conn
            docs = self._by_status()
            kinds = {
                str(k): int(n)
                for k, n in conn.execute("SELECT kind, count(*) FROM facts GROUP BY kind ORDER BY kind")
            }
            (chars,) = conn.execute(
                "SELECT coalesce(sum(chars), 0) FROM documents WHERE status = 'done'"
            ).fetchone()
            first, last = conn.execute("SELECT min(time), max(time) FROM documents").fetchone()
            versions = {
                str(v): int(n)
                for v, n in conn.execute(
                    "SELECT version, count(*) FROM documents GROUP BY version ORDER BY version"
                )
            }
            schema = int(conn.execute("PRAGMA user_version").fetchone()[0])
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e
        return {
            "store": str(self.path),
            "schema": schema,
            "documents": docs,
            "facts": {"total": sum(kinds.values()), **kinds},
            "chars": int(chars),
            "versions": versions,
            "first": first,
            "last": last,
        }

    def iter_failures(self) -> Iterator[tuple[str, str]]:
        """``(id, reason)`` of every failed document, in input order."""
        try:
            for doc_id, error in self._conn.execute(
                "SELECT id, error FROM documents WHERE status = 'failed' ORDER BY ord, id"
            ):
                yield str(doc_id), str(error or "failed")
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e

    def check(self) -> list[str]:
        """Integrity problems (empty when the store is sound): SQLite's own check, and
        documents whose fact rows do not match their recorded count."""
        problems: list[str] = []
        try:
            for (msg,) in self._conn.execute("PRAGMA integrity_check"):
                if msg != "ok":
                    problems.append(f"sqlite: {msg}")
            rows = self._conn.execute(
                "SELECT d.id, d.status, d.facts, count(f.seq) FROM documents d"
                " LEFT JOIN facts f ON f.doc_id = d.id GROUP BY d.id"
                " HAVING count(f.seq) != d.facts OR (d.status = 'failed' AND count(f.seq) > 0)"
            )
            for doc_id, status, want, got in rows:
                problems.append(f"{doc_id}: {status} with {got} fact rows, {want} recorded")
            for (doc_id,) in self._conn.execute(
                "SELECT DISTINCT doc_id FROM facts WHERE doc_id NOT IN (SELECT id FROM documents)"
            ):
                problems.append(f"{doc_id}: facts without a document row")
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "check") from e
        return problems


def _store_error(e: sqlite3.Error, path: Path, action: str) -> StoreError:
    """A :class:`StoreError` that says plainly what went wrong."""
    code = getattr(e, "sqlite_errorname", "") or ""
    msg = str(e)
    low = msg.lower()
    if code.startswith("SQLITE_BUSY") or code.startswith("SQLITE_LOCKED") or "locked" in low:
        why = "the database is locked by another process (gave up waiting); try again when it is done"
    elif code.startswith("SQLITE_READONLY") or "readonly" in low or "read-only" in low:
        why = "the database (or its folder) is read-only"
    elif code.startswith("SQLITE_FULL") or "full" in low:
        why = "the disk (or the database's size limit) is full; nothing of this chunk was written"
    elif code.startswith("SQLITE_NOTADB") or "not a database" in low:
        why = "the file is not an SQLite database"
    elif code.startswith("SQLITE_CORRUPT") or "malformed" in low:
        why = "the database file is damaged"
    elif code.startswith("SQLITE_CANTOPEN") or "unable to open" in low:
        why = "the file cannot be opened (missing folder or no permission?)"
    else:
        why = msg
    err = StoreError(f"cannot {action} {path}: {why} [{code or type(e).__name__}: {msg}]")
    return err
