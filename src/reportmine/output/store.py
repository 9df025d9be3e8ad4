"""The embedded fact store: one SQLite database (stdlib :mod:`sqlite3`, WAL journal).

Tables (store schema 2):

``documents``
    one row per input document: ``id`` (primary key), ``ord`` (position in the input),
    ``source``, ``sha256``, ``format``, ``encoding``, ``script``, ``chars``, ``status``
    (``done``/``failed``/``skipped``), ``error``, ``facts`` (how many), ``version`` (of reportmine),
    ``time`` (UTC, ISO 8601), ``relevance`` (when scored: ``--relevance``;
    ``skipped`` documents scored below ``--min-relevance``), ``reprint_of`` (the first-seen
    copy of a reprint, set by ``reportmine reprints``), then what is known of the document
    (:data:`~reportmine.results.DOCUMENT_FIELDS`: ``headline``, ``doc_date``,
    ``doc_date_source``, ``outlet``, ``place``, ``bylines``, ``authors``, ``text``).
``sentences``
    each sentence that holds facts, once: ``doc_id``, ``sentence_id``, ``start``/``end``
    (ORIGINAL offsets; null in stores migrated from schema 1) and ``text``.
``facts``
    one row per fact: ``doc_id``, ``seq`` (order within the document), then one column per
    field of :func:`~reportmine.records.fact_columns` except ``sentence`` (which is in
    ``sentences``, joined on ``doc_id`` and ``sentence_id``): ``kind``, ``text``, ``start``,
    ``end``, ``value`` … ``flags`` (a JSON list), each kind's own fields (``category``,
    ``currency`` …), and ``extra`` (a JSON object of fields this reportmine has no column
    for).

New record fields need no code here: opening a store for writing adds a column for every
field of :func:`~reportmine.records.fact_columns` (and of ``DOCUMENT_FIELDS``) it lacks,
and moves values kept in ``extra`` under that name into it. A schema 1 store (one
``sentence`` text per fact) is migrated when opened for writing, keeping every row;
opened read-only it is migrated in a temporary copy.

Writes are transactional per chunk of documents (:meth:`Store.write`): a document's
row and all its facts land together or not at all, even if the process is killed.
Concurrent writers are serialized by SQLite's lock (waiting up to ``timeout``
seconds); every failure to open, lock or write surfaces as a
:class:`~reportmine.errors.StoreError` saying what happened.
"""

from __future__ import annotations

import datetime as _dt
import json
import os
import sqlite3
import tempfile
import time
from collections.abc import Iterable, Iterator, Mapping, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any, NamedTuple

from .._version import __version__
from ..errors import StoreError
from ..records import CORE_FIELDS, FACT_TYPES, extra_fields, fact_columns
from ..results import DOCUMENT_FIELDS, DocumentResult, row_dict, rows_of

if TYPE_CHECKING:
    import pandas

__all__ = ["APPLICATION_ID", "SCHEMA_VERSION", "Store", "Stored", "is_sqlite"]

#: bumped when the tables change; a database with a larger number is refused
SCHEMA_VERSION = 2
#: marks the file as a reportmine store (``PRAGMA application_id``): "RPMN"
APPLICATION_ID = 0x52504D4E

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
#: fact fields that are not columns of ``facts``: the id is ``doc_id``, the sentence is in ``sentences``
_NOT_FACT_COLUMNS = frozenset({"doc_id", "sentence"})
#: columns of ``facts`` with a declared type; the others hold values as given (int, float, text)
_TYPED = {
    "kind": "TEXT NOT NULL",
    "text": "TEXT NOT NULL",
    "start": "INTEGER NOT NULL",
    "end": "INTEGER NOT NULL",
    "qualifier": "TEXT NOT NULL",
    "flags": "TEXT NOT NULL DEFAULT '[]'",
}


def _q(name: str) -> str:
    """``name`` as an SQL identifier (``end`` and ``group`` are keywords)."""
    return '"' + name.replace('"', '""') + '"'


def fact_table_columns() -> tuple[str, ...]:
    """The record fields that are columns of ``facts`` (after ``doc_id`` and ``seq``)."""
    return tuple(c for c in fact_columns() if c not in _NOT_FACT_COLUMNS)


def _facts_ddl() -> str:
    cols = ",\n    ".join(f"{_q(c)} {_TYPED.get(c, '')}".rstrip() for c in fact_table_columns())
    return f"""
CREATE TABLE facts (
    doc_id    TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    seq       INTEGER NOT NULL,
    {cols},
    extra     TEXT NOT NULL DEFAULT '{{}}',
    PRIMARY KEY (doc_id, seq)
)"""


_DOCUMENTS_DDL = """
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
CREATE INDEX documents_sha256 ON documents (sha256)
"""
_SENTENCES_DDL = """
CREATE TABLE sentences (
    doc_id      TEXT NOT NULL REFERENCES documents (id) ON DELETE CASCADE,
    sentence_id INTEGER NOT NULL,
    "start"     INTEGER,
    "end"       INTEGER,
    text        TEXT NOT NULL,
    PRIMARY KEY (doc_id, sentence_id)
)"""
_FACT_INDEXES = """
CREATE INDEX facts_kind ON facts (kind, unit);
CREATE INDEX facts_subject ON facts (subject)
"""

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
        self._statements: _Statements | None = None
        self.timeout = timeout
        if readonly and not self.path.is_file():
            raise StoreError(f"{self.path}: no such store")
        self._conn = self._connect()
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
            elif self._schema() < SCHEMA_VERSION:
                self._migrated_copy()
        except sqlite3.Error as e:
            self._conn.close()
            if readonly and not writable(self.path):
                raise _unreadable_here(e, self.path) from e
            raise _store_error(e, self.path, "open") from e
        except BaseException:
            self._conn.close()
            raise

    # -- opening ------------------------------------------------------------------
    def _connect(self) -> sqlite3.Connection:
        """The connection: read-only ones by :func:`read_uri` (read-only media too)."""
        try:
            if self.readonly:
                uri = read_uri(self.path)
                return sqlite3.connect(uri, uri=True, timeout=self.timeout, isolation_level=None)
            return sqlite3.connect(str(self.path), timeout=self.timeout, isolation_level=None)
        except sqlite3.Error as e:
            if self.readonly and not writable(self.path):
                raise _unreadable_here(e, self.path) from e
            raise _store_error(e, self.path, "open") from e

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

    def _schema(self) -> int:
        return int(self._conn.execute("PRAGMA user_version").fetchone()[0])

    def _migrated_copy(self) -> None:
        """Read an older store through a migrated temporary copy (the file stays as it is)."""
        fd, name = tempfile.mkstemp(prefix="reportmine-", suffix=".sqlite")
        os.close(fd)
        copy = sqlite3.connect(name, isolation_level=None)
        try:
            self._conn.backup(copy)
            self._conn.close()
            copy.execute("BEGIN IMMEDIATE")
            _upgrade(copy)
            copy.execute("COMMIT")
        except BaseException:
            copy.close()
            os.unlink(name)
            raise
        os.unlink(name)  # (the open connection keeps the file until it is closed)
        self._conn = copy

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
                _run(self._conn, _DOCUMENTS_DDL, _SENTENCES_DDL, _facts_ddl(), _FACT_INDEXES)
                self._conn.execute(f"PRAGMA application_id = {APPLICATION_ID}")
                self._conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
            _upgrade(self._conn)
            self._conn.execute("COMMIT")
        except BaseException:
            if self._conn.in_transaction:
                self._conn.execute("ROLLBACK")
            raise

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

    def verify(self) -> None:
        """Raise :class:`StoreError` when SQLite finds the file damaged (``PRAGMA
        quick_check``): ``--resume`` on a damaged store stops before it adds to it, rather
        than trusting rows it cannot read (a store damaged past its header opened fine and
        resumed with exit status 0)."""
        try:
            rows = [str(m) for (m,) in self._conn.execute("PRAGMA quick_check") if m != "ok"]
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "check") from e
        # SQLite's report is one row, of many lines: "*** in database main ***\nPage 15: …"
        problems = [ln for row in rows for ln in row.splitlines() if ln and not ln.startswith("***")]
        if rows:
            first = problems[0] if problems else rows[0]
            more = f" and {len(problems) - 1} more problems" if len(problems) > 1 else ""
            raise StoreError(
                f"{self.path} is damaged ({first}{more}): reportmine status --check lists "
                "the problems; extract into a new store"
            )

    def close(self) -> None:
        """Close the database."""
        self._conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- writing ------------------------------------------------------------------
    def write(self, results: Sequence[DocumentResult], rows: Sequence[FactRowsOf] | None = None) -> None:
        """Store ``results`` (replacing earlier rows of the same documents) in ONE transaction.
        ``rows``: each result's ``(facts, sentences)`` rows, made beforehand by
        :meth:`row_maker` (in a batch worker, issue 19); made here when ``None``."""
        if self.readonly:
            raise StoreError(f"{self.path} is open read-only")
        if not results:
            return
        now = _dt.datetime.now(_dt.timezone.utc).isoformat(timespec="seconds")
        conn = self._conn
        try:
            conn.execute("BEGIN IMMEDIATE")
            try:
                ids = [(r.id,) for r in results]
                conn.executemany("DELETE FROM facts WHERE doc_id = ?", ids)
                conn.executemany("DELETE FROM sentences WHERE doc_id = ?", ids)
                conn.executemany(self._sql.upsert_doc, [self._sql.doc_row(r, now) for r in results])
                for i, r in enumerate(results):
                    if r.facts:
                        facts, sentences = self._sql.fact_rows(r) if rows is None else rows[i]
                        conn.executemany(self._sql.insert_sentence, sentences)
                        conn.executemany(self._sql.insert_fact, facts)
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

    def iter_facts(self, kinds: Iterable[str] | None = None) -> Iterator[dict[str, Any]]:
        """Every fact (of ``kinds``, default all) in its FACTS.md JSON form, in document
        order then fact order; ``sentence`` comes from the ``sentences`` table."""
        cols = self._sql.fact_cols
        where, args = _kind_filter(kinds, "f.kind")
        sql = (
            "SELECT f.doc_id, " + ", ".join(f"f.{_q(c)}" for c in cols) + ", f.extra, s.text"
            " FROM facts f JOIN documents d ON d.id = f.doc_id"
            " LEFT JOIN sentences s ON s.doc_id = f.doc_id AND s.sentence_id = f.sentence_id"
            f"{where} ORDER BY d.ord, d.id, f.seq"
        )
        try:
            for row in self._conn.execute(sql, args):
                yield _fact_dict(row, cols)
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e

    def iter_documents(self, *, text: bool = False) -> Iterator[dict[str, Any]]:
        """Every document row (``id``, ``status``, ``error``, ``headline``, ``doc_date`` …), in
        input order; the kept ``text`` only when asked for."""
        cols = [c for c in self._sql.doc_cols if text or c != "text"]
        try:
            sql = f"SELECT {', '.join(map(_q, cols))} FROM documents ORDER BY ord, id"
            for row in self._conn.execute(sql):
                yield dict(zip(cols, row, strict=True))
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e

    def document_columns(self) -> tuple[str, ...]:
        """The columns of the ``documents`` table, in table order."""
        return self._sql.doc_cols

    def summarize(self, by: Sequence[str] = (), **filters: Any) -> pandas.DataFrame:
        """Totals per kind and base unit, grouped ``by`` columns: see
        :func:`reportmine.output.summarize.summarize` (the same arguments)."""
        from .summarize import summarize

        return summarize(self, by, **filters)

    def sql(self, query: str, args: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of a read query on this store (for summaries and checks)."""
        try:
            return list(self._conn.execute(query, args))
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "read") from e

    @property
    def _sql(self) -> _Statements:
        if self._statements is None:
            self._statements = _Statements(self._conn)
        return self._statements

    # -- issue 19: rows made in batch workers --------------------------------------------------
    def row_maker(self) -> RowMaker:
        """What makes this store's fact and sentence rows (its ``fact_rows(result)``), made
        from the store's columns and picklable: batch workers make the rows of their results
        with it, and :meth:`write` takes them (``rows``), so the main process only writes."""
        return self._sql

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
            for (doc_id,) in self._conn.execute(
                "SELECT DISTINCT f.doc_id FROM facts f LEFT JOIN sentences s ON s.doc_id = f.doc_id"
                " AND s.sentence_id = f.sentence_id WHERE f.sentence_id IS NOT NULL AND s.doc_id IS NULL"
            ):
                problems.append(f"{doc_id}: facts whose sentence is missing")
        except sqlite3.Error as e:
            raise _store_error(e, self.path, "check") from e
        return problems


# -- schema: creation, migration, new columns --------------------------------------------------
def _run(conn: sqlite3.Connection, *scripts: str) -> None:
    """Run DDL statement by statement (not executescript: it would commit)."""
    for script in scripts:
        for statement in script.split(";"):
            if statement.strip():
                conn.execute(statement)


def _columns(conn: sqlite3.Connection, table: str) -> tuple[str, ...]:
    return tuple(str(r[1]) for r in conn.execute(f"PRAGMA table_info({_q(table)})"))


#: reportmine.learn (issue 16): a document's ``relevance`` (written with its row) and
#: ``reprint_of`` (set by ``reportmine reprints``); a schema 1 store gets the columns, but its
#: status check predates ``skipped``: it cannot record skipped documents
_LEARNED_DOC = ("relevance", "reprint_of")


def _upgrade(conn: sqlite3.Connection) -> None:
    """Bring the store (in a write transaction) to :data:`SCHEMA_VERSION`: migrate a
    schema 1 store, then add the columns of record fields it lacks."""
    if int(conn.execute("PRAGMA user_version").fetchone()[0]) == 1:
        _migrate_v1(conn)
    _add_missing_columns(conn, "facts", fact_table_columns(), from_extra=True)
    _add_missing_columns(conn, "documents", (*DOCUMENT_FIELDS, *_LEARNED_DOC), from_extra=False)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")


def _migrate_v1(conn: sqlite3.Connection) -> None:
    """Schema 1 → 2: each fact's ``sentence`` text moves to the ``sentences`` table (once
    per distinct sentence of a document, numbered in order of first fact); every row kept."""
    conn.execute("ALTER TABLE facts RENAME TO facts_v1")
    _run(conn, _SENTENCES_DDL, _facts_ddl())
    conn.execute(
        "INSERT INTO sentences (doc_id, sentence_id, text)"
        " SELECT doc_id, row_number() OVER (PARTITION BY doc_id ORDER BY min(seq)) - 1, sentence"
        " FROM facts_v1 WHERE sentence != '' GROUP BY doc_id, sentence"
    )
    conn.execute("CREATE INDEX sentences_text ON sentences (doc_id, text)")  # for the join below
    v1 = [c for c in _columns(conn, "facts_v1") if c != "sentence"]
    names = ", ".join(map(_q, v1))
    conn.execute(
        f"INSERT INTO facts ({names}, sentence_id) SELECT {', '.join('f.' + _q(c) for c in v1)},"
        " s.sentence_id FROM facts_v1 f LEFT JOIN sentences s"
        " ON s.doc_id = f.doc_id AND s.text = f.sentence AND f.sentence != ''"
    )
    conn.execute("DROP INDEX sentences_text")
    conn.execute("DROP TABLE facts_v1")
    _run(conn, _FACT_INDEXES)


def _add_missing_columns(
    conn: sqlite3.Connection, table: str, wanted: Iterable[str], *, from_extra: bool
) -> None:
    """Add a column for each of ``wanted`` the table lacks (a field added to the records
    since the store was made); in ``facts``, values kept under that name in ``extra``
    (schema 1 kept ``category`` and ``issuer`` there) move into the new column."""
    have = set(_columns(conn, table))
    for col in wanted:
        if col in have:
            continue
        conn.execute(f"ALTER TABLE {_q(table)} ADD COLUMN {_q(col)}")
        if from_extra:
            path = "$." + json.dumps(col)
            conn.execute(
                f"UPDATE facts SET {_q(col)} = json_extract(extra, ?), extra = json_remove(extra, ?)"
                " WHERE json_type(extra, ?) IS NOT NULL",
                (path, path, path),
            )


# -- rows in and out -----------------------------------------------------------------------------
#: one result's ``facts`` and ``sentences`` rows (:meth:`Store.row_maker`, issue 19)
FactRowsOf = tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]


class _Statements:
    """The statements of one store, made from its actual columns (which may be more than
    this reportmine's records know, when a newer one added fields)."""

    def __init__(self, conn: sqlite3.Connection) -> None:
        self.fact_cols = tuple(c for c in _columns(conn, "facts") if c not in ("doc_id", "seq", "extra"))
        self.doc_cols = _columns(conn, "documents")
        self._meta = tuple(c for c in (*DOCUMENT_FIELDS, "relevance") if c in self.doc_cols)
        self._known = frozenset(self.fact_cols)
        doc_cols = (*_DOC_COLS, "version", "time", *self._meta)
        self.upsert_doc = (
            f"INSERT INTO documents ({', '.join(map(_q, doc_cols))})"
            f" VALUES ({', '.join('?' * len(doc_cols))})"
            " ON CONFLICT (id) DO UPDATE SET "
            + ", ".join(f"{_q(c)} = excluded.{_q(c)}" for c in doc_cols[1:])
        )
        cols = ("doc_id", "seq", *self.fact_cols, "extra")
        marks = ", ".join("?" * len(cols))
        self.insert_fact = f"INSERT INTO facts ({', '.join(map(_q, cols))}) VALUES ({marks})"
        self.insert_sentence = (
            'INSERT OR IGNORE INTO sentences (doc_id, sentence_id, "start", "end", text)'
            " VALUES (?, ?, ?, ?, ?)"
        )

    def doc_row(self, r: DocumentResult, now: str) -> tuple[Any, ...]:
        """The ``documents`` row of a result."""
        meta = r.document or {}
        extra = tuple(_cell(meta.get(c, getattr(r, c, None))) for c in self._meta)
        return (*(getattr(r, c) for c in _DOC_COLS[:-1]), len(r.facts), __version__, now, *extra)

    def fact_rows(self, r: DocumentResult) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
        """The ``facts`` and ``sentences`` rows of a result's facts; a fact without a
        ``sentence_id`` (made by hand) gets one per distinct sentence text."""
        facts: list[tuple[Any, ...]] = []
        sentences: dict[int, tuple[Any, ...]] = {}
        by_text: dict[str, int] = {}
        dicts = [(row[1], row_dict(row)) for row in rows_of(r.id, r.facts)]
        free = 1 + max((d["sentence_id"] for _, d in dicts if d.get("sentence_id") is not None), default=-1)
        for seq, d in dicts:
            text = d.pop("sentence", "") or ""
            sid = d.get("sentence_id")
            if sid is None and text:
                sid = by_text.get(text)
                if sid is None:
                    sid = by_text[text] = free + len(by_text)
                d["sentence_id"] = sid
            if sid is not None and sid not in sentences:
                sentences[sid] = (r.id, sid, d.get("sentence_start"), d.get("sentence_end"), text)
            extra = {k: v for k, v in d.items() if k not in self._known and k != "doc_id"}
            facts.append(
                (r.id, seq, *(_cell(d.get(c)) for c in self.fact_cols), _json(extra) if extra else "{}")
            )
        return facts, list(sentences.values())


#: what :meth:`Store.row_maker` gives (issue 19): ``fact_rows(result)``, picklable
RowMaker = _Statements


def _cell(v: Any) -> Any:
    """A value as a column holds it: lists (flags, bylines) as JSON, the rest as it is."""
    if isinstance(v, (list, tuple)):
        return _json(list(v))
    if isinstance(v, dict):
        return _json(v)
    return v


def _json(v: Any) -> str:
    return json.dumps(v, ensure_ascii=False)


#: fields whose values are lists, kept as JSON text in their column
_LIST_FIELDS = frozenset({"flags"})


def _fact_dict(row: Sequence[Any], cols: Sequence[str]) -> dict[str, Any]:
    """A ``facts`` row (``doc_id``, the columns, ``extra``, the sentence text) as the FACTS.md
    JSON form of its kind: core fields, flags, then the kind's own fields."""
    values = dict(zip(cols, row[1:-2], strict=True))
    values["doc_id"] = row[0]
    values["sentence"] = row[-1] or ""
    values.update(json.loads(row[-2]))
    flags = values.get("flags")
    values["flags"] = json.loads(flags) if isinstance(flags, str) else list(flags or ())
    cls = FACT_TYPES.get(str(values.get("kind")))
    names = (*CORE_FIELDS, "flags", *(extra_fields(cls) if cls is not None else ()))
    out = {n: values.get(n) for n in names}
    for n in cols:  # columns of fields this reportmine does not know (a newer store)
        if n not in out and cls is None and values.get(n) is not None:
            out[n] = values[n]
    return out


def _kind_filter(kinds: Iterable[str] | None, column: str) -> tuple[str, tuple[str, ...]]:
    """A ``WHERE`` clause keeping ``kinds`` (none: every fact)."""
    if kinds is None:
        return "", ()
    ks = tuple(kinds)
    return f" WHERE {column} IN ({', '.join('?' * len(ks))})", ks
# -- opening for reading: read-only media ------------------------------------------------------
def writable(path: Path) -> bool:
    """True when ``path`` and its folder can be written (``os.access``: false on read-only
    media even for root)."""
    return os.access(path, os.W_OK) and os.access(path.parent if str(path.parent) else ".", os.W_OK)


def read_uri(path: Path) -> str:
    """The SQLite URI that reads the store ``path`` without writing anything.

    ``mode=ro`` where the store's folder is writable: SQLite may still create the WAL's
    shared-memory file beside it, and sees another process's writes. Where it is not
    (read-only media, a folder of someone else's), ``mode=ro`` cannot open a WAL store, so
    ``immutable=1`` (nothing written, no locks) — unless a ``-wal`` file holds writes not
    yet in the main file, which ``immutable`` would silently miss: then ``mode=ro``, and
    a clear error if SQLite cannot read it that way (:func:`_unreadable_here`).
    """
    uri = path.resolve().as_uri() + "?mode=ro"
    if writable(path):
        return uri
    wal = path.with_name(path.name + "-wal")
    if wal.is_file() and wal.stat().st_size > 0:
        return uri
    return uri + "&immutable=1"


def _unreadable_here(e: sqlite3.Error, path: Path) -> StoreError:
    """The error for a store that cannot be read where it lies (not writable)."""
    return StoreError(
        f"cannot read {path}: it lies on read-only media (or in a folder you cannot write) and "
        f"SQLite cannot read it there ({e}); copy the store, with its -wal file if any, to a "
        "writable folder"
    )


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
        why = (
            "the disk (or the database's size limit) is full; nothing of this chunk was written, "
            "earlier chunks are kept (make room, then rerun with --resume)"
        )
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
