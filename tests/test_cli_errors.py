"""Clear errors and exit statuses when the environment fails (issue 12, item 8).

A full disk or temporary folder, a store on read-only media, a damaged store under
``--resume``, a closed pipe (``reportmine … | head``) and ``reportmine.spacy`` without
spaCy: each gives one plain message (or, for the pipe, silence) and a documented exit
status, never a traceback.
"""

from __future__ import annotations

import importlib
import sqlite3
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from _batchkit import ROOT, doc_text, run_cli
from reportmine.batch import BatchOptions
from reportmine.cli.extract import extract_inputs
from reportmine.cli.main import BROKEN_PIPE, main
from reportmine.errors import MissingExtraError, StoreError
from reportmine.output import store as store_mod
from reportmine.output.store import Store, read_uri


@pytest.fixture
def many(tmp_path: Path) -> Path:
    """300 small documents: enough chunks that a run can stop part-way."""
    d = tmp_path / "in"
    d.mkdir()
    for i in range(300):
        (d / f"d{i:03d}.txt").write_text(doc_text(i) * 4, encoding="utf-8")
    return d


def _one_job(chunk: int = 16) -> BatchOptions:
    return BatchOptions(jobs=1, chunk_docs=chunk)


# -- a full disk: the store's, or the temporary folder's ---------------------------------------
def test_a_full_store_stops_the_run_with_a_message_naming_it(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "out.sqlite"
    real_init = Store.__init__

    def small_disk(self: Store, path: Any, **kw: Any) -> None:
        # a database that may not grow past 40 pages of 4 KiB: as a full disk does
        real_init(self, path, **kw, pragmas={"max_page_count": 40})

    monkeypatch.setattr(Store, "__init__", small_disk)
    status = extract_inputs([str(many)], str(db), _one_job())
    err = capsys.readouterr().err
    assert status == 1
    assert err.startswith(f"reportmine: error: cannot write to {db}: ") and "is full" in err
    assert "Traceback" not in err and "rerun with --resume" in err
    monkeypatch.setattr(Store, "__init__", real_init)
    with Store(db, readonly=True) as s:  # what was written before is whole
        assert s.check() == [] and 0 < s.counts()["done"] < 300


def test_a_full_temporary_folder_is_named_not_a_traceback(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportmine.sources import ids

    def full(self: object, doc_id: str) -> bool:
        raise sqlite3.OperationalError("database or disk is full")

    # the run's temporary SQLite file: the ids given so far (sources/ids.py)
    monkeypatch.setattr(ids.UniqueIds, "_insert", full)
    monkeypatch.setenv("SQLITE_TMPDIR", str(tmp_path))
    status = extract_inputs([str(many)], str(tmp_path / "out.sqlite"), _one_job())
    err = capsys.readouterr().err
    assert status == 1
    assert f"cannot write temporary files in {tmp_path}: database or disk is full" in err
    assert "Traceback" not in err


def test_a_fact_file_on_a_full_disk(
    many: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import errno

    from reportmine.output import export

    out = tmp_path / "out.jsonl"
    real = export.open_writer

    def failing(*args: Any, **kw: Any) -> Any:
        w = real(*args, **kw)

        def write(results: Any) -> None:
            raise OSError(errno.ENOSPC, "No space left on device", str(out))

        w.write = write
        return w

    monkeypatch.setattr(export, "open_writer", failing)
    assert extract_inputs([str(many)], str(out), _one_job()) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"reportmine: error: cannot write {out}: No space left on device")


# -- a store on read-only media -----------------------------------------------------------------
@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "ro" / "s.sqlite"
    db.parent.mkdir()
    r = run_cli("extract", str(ROOT / "corpus"), "-o", str(db), "-q", "-j", "1")
    assert r.returncode in (0, 1), r.stderr
    return db


def test_read_uri_is_immutable_where_nothing_may_be_written(
    store: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    assert read_uri(store).endswith("?mode=ro")
    monkeypatch.setattr(store_mod.os, "access", lambda path, mode: False)  # read-only media
    assert read_uri(store).endswith("?mode=ro&immutable=1")
    wal = store.with_name(store.name + "-wal")
    wal.write_bytes(b"x" * 32)  # writes not yet in the main file: immutable would miss them
    assert read_uri(store).endswith("?mode=ro")


def test_status_and_export_read_a_store_on_read_only_media(
    store: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    # as root, chmod does not bite: read-only media are simulated where reportmine looks
    # (os.access) and by what they do to SQLite (no -shm can be created beside a WAL store)
    with sqlite3.connect(store) as con:
        assert con.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    monkeypatch.setattr(store_mod.os, "access", lambda path, mode: False)
    real_connect = sqlite3.connect

    def no_writes_beside(database: str, *a: Any, **kw: Any) -> sqlite3.Connection:
        con = real_connect(database, *a, **kw)
        if "immutable=1" not in database:  # SQLite fails at the first read of a WAL store
            con.close()
            raise sqlite3.OperationalError("unable to open database file")
        return con

    monkeypatch.setattr(store_mod.sqlite3, "connect", no_writes_beside)
    assert main(["status", str(store)]) == 0
    assert "documents: " in capsys.readouterr().out
    assert main(["export", str(store), "-o", str(tmp_path / "f.jsonl"), "-q"]) == 0
    assert (tmp_path / "f.jsonl").read_text(encoding="utf-8").count("\n") > 10
    # and where even that cannot read it (a -wal file it must not skip), a message that says so
    store.with_name(store.name + "-wal").write_bytes(b"x" * 32)
    assert main(["status", str(store)]) == 2
    err = capsys.readouterr().err
    assert "read-only media" in err and "copy the store" in err and "Traceback" not in err


# -- --resume on a damaged store -----------------------------------------------------------------
def test_resume_on_a_damaged_store_stops_with_a_clear_error(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(40):
        (d / f"d{i}.txt").write_text(doc_text(i), encoding="utf-8")
    db = tmp_path / "s.sqlite"
    assert run_cli("extract", str(d), "-o", str(db), "-q", "-j", "1").returncode == 0
    data = bytearray(db.read_bytes())
    for i in range(len(data) - 8000, len(data), 3):  # the last pages: the header still reads
        data[i] = 0x5A
    db.write_bytes(bytes(data))
    r = run_cli("extract", str(d), "-o", str(db), "--resume", "-j", "1")
    assert r.returncode != 0  # it was 0: every document "resumed" from unreadable rows
    assert r.stderr.startswith(f"reportmine: error: {db} is damaged (") and "Traceback" not in r.stderr
    assert "extract into a new store" in r.stderr and len(r.stderr.splitlines()) == 1
    with pytest.raises(StoreError, match="damaged"), Store(db) as s:
        s.verify()


# -- reportmine … | head --------------------------------------------------------------------------
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_closed_pipe_ends_quietly_with_141(tmp_path: Path, jobs: str) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(400):
        (d / f"d{i}.txt").write_text(doc_text(i) * 8, encoding="utf-8")
    p = subprocess.Popen(
        [sys.executable, "-m", "reportmine", "extract", str(d), "-q", "-j", jobs],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        cwd=ROOT,
    )
    assert p.stdout is not None and p.stderr is not None
    assert p.stdout.readline().startswith(b"{")  # as `head -1` does, then it goes
    p.stdout.close()
    err = p.stderr.read().decode()
    assert p.wait(timeout=300) == BROKEN_PIPE == 141
    assert err == ""  # no "Broken pipe", no "Exception ignored"


# -- reportmine.spacy without spaCy ----------------------------------------------------------------
def test_spacy_module_without_spacy_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in [m for m in sys.modules if m == "spacy" or m.startswith(("spacy.", "reportmine.spacy"))]:
        monkeypatch.delitem(sys.modules, name)
    monkeypatch.setitem(sys.modules, "spacy", None)  # `import spacy` now fails as if absent
    with pytest.raises(MissingExtraError) as caught:
        importlib.import_module("reportmine.spacy")
    assert caught.value.extra == "spacy" and "pip install 'reportmine[spacy]'" in str(caught.value)
    assert isinstance(caught.value, ImportError)
    monkeypatch.delitem(sys.modules, "reportmine.spacy", raising=False)

