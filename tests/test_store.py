"""The SQLite store: round trips, per-chunk transactions, and store safety (issue 7 item 4).

Each safety test fails if its protection is removed: the error must be a StoreError
that says what happened, and the store must hold no partial document afterwards.
"""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

from _batchkit import run_cli, store_rows
from reportmine.errors import StoreError
from reportmine.output.store import SCHEMA_VERSION, Store
from reportmine.records import fact_from_dict
from reportmine.results import DocumentResult


def fact(
    doc: str, i: int, *, kind: str = "count", value: Any = 35, sentence: str = "全村贫困户35户。"
) -> dict[str, Any]:
    d: dict[str, Any] = {
        "doc_id": doc,
        "kind": kind,
        "text": "35户",
        "start": i,
        "end": i + 3,
        "value": value,
        "unit": "户",
        "qualifier": "exact",
        "low": None,
        "high": None,
        "subject": "贫困户",
        "per": None,
        "sentence": sentence,
        "flags": ["caption"] if i % 2 else [],
    }
    if kind == "program":
        d["category"] = "活动"
    d.update(place=None, place_code=None)  # (issue 14) every record carries its place link
    return d


def _full(d: dict[str, Any], **kw: Any) -> dict[str, Any]:
    """``d`` in the full JSON form of its kind (every field), with ``kw`` set."""
    return fact_from_dict(d | kw).to_dict()


def result(
    doc: str, ordinal: int, n: int = 3, *, sha: str = "s", status: str = "done", **kw: Any
) -> DocumentResult:
    facts = tuple(fact(doc, i, **kw) for i in range(n)) if status == "done" else ()
    return DocumentResult(
        doc,
        f"src/{doc}",
        sha,
        ordinal,
        status,
        chars=100,
        facts=facts,
        error=None if facts or status == "done" else "bad",
    )


def test_round_trip_order_and_replacement(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        s.write([result("b", 1, 2), result("a", 0, 1, kind="program", value="活动名")])
        s.write([result("c", 2, 0, status="failed")])
        assert [d["id"] for d in s.iter_documents()] == ["a", "b", "c"]
        # the full JSON form of each kind: what was written, and the fields left null
        facts = list(s.iter_facts())
        assert facts[0] == _full(fact("a", 0, kind="program", value="活动名"), sentence_id=0)
        assert facts[1:] == [_full(fact("b", 0), sentence_id=0), _full(fact("b", 1), sentence_id=0)]
        s.write([result("b", 1, 1, sha="t")])  # redone: replaced, not duplicated
        assert s.counts() == {"done": 2, "failed": 1, "facts": 2}
        assert s.lookup("b") == ("t", "done", 1) and s.lookup("zz") is None
        s.move("b", 7)
        assert s.lookup("b") == ("t", "done", 7)
        assert s.check() == []
    with Store(db, readonly=True) as s, pytest.raises(StoreError, match="read-only"):
        s.write([result("d", 3)])


def test_values_keep_their_types(tmp_path: Path) -> None:
    with Store(tmp_path / "s.sqlite") as s:
        s.write(
            [
                DocumentResult(
                    "a", "a", "s", 0, "done", facts=(fact("a", 0, value=0.28), fact("a", 1, value=12000))
                )
            ]
        )
        got = [f["value"] for f in s.iter_facts()]
    assert got == [0.28, 12000] and isinstance(got[1], int)


# -- a database from a newer reportmine, or not a store --------------------------------------
def test_newer_schema_is_refused(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    Store(db).close()
    con = sqlite3.connect(db)
    con.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    con.close()
    for readonly in (False, True):
        with pytest.raises(StoreError, match="newer reportmine"):
            Store(db, readonly=readonly)


def test_foreign_files_are_refused(tmp_path: Path) -> None:
    other = tmp_path / "other.sqlite"
    con = sqlite3.connect(other)
    con.execute("CREATE TABLE t (x)")
    con.close()
    with pytest.raises(StoreError, match="not a reportmine store"):
        Store(other)
    text = tmp_path / "text.sqlite"
    text.write_text("这不是数据库" * 100, encoding="utf-8")
    with pytest.raises(StoreError, match="not an SQLite database"):
        Store(text)
    assert text.read_text(encoding="utf-8") == "这不是数据库" * 100


# -- read-only --------------------------------------------------------------------------------
@contextmanager
def read_only(path: Path) -> Iterator[None]:
    """Make ``path`` unwritable, also for root (immutable attribute) where possible."""
    if getattr(os, "geteuid", lambda: 1)() != 0:
        path.chmod(0o444)
        try:
            yield
        finally:
            path.chmod(0o644)
        return
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", str(path)], capture_output=True).returncode != 0:
        pytest.skip("running as root without chattr: cannot make a file read-only")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", str(path)], check=True)


def test_read_only_database(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        s.write([result("a", 0)])
    before = store_rows(db)
    with read_only(db):
        with pytest.raises(StoreError, match="read-only"):
            Store(db)
        (tmp_path / "in").mkdir()
        (tmp_path / "in" / "x.txt").write_text("贫困户35户", encoding="utf-8")
        r = run_cli("extract", str(tmp_path / "in"), "-o", str(db), "--jobs", "1")
        assert r.returncode == 2 and "read-only" in r.stderr and "Traceback" not in r.stderr
        with Store(db, readonly=True) as s:  # reading still works
            assert s.counts()["done"] == 1
    assert store_rows(db) == before


# -- locked -----------------------------------------------------------------------------------
def test_locked_database_gives_a_clear_error(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    store = Store(db, timeout=0.2)
    other = sqlite3.connect(db, isolation_level=None)
    other.execute("BEGIN EXCLUSIVE")
    try:
        with pytest.raises(StoreError, match="locked by another process"):
            store.write([result("a", 0)])
        with pytest.raises(StoreError, match="locked by another process"):
            Store(db, timeout=0.2)
    finally:
        other.execute("ROLLBACK")
        other.close()
    store.write([result("a", 0)])  # works once the lock is gone
    assert store.counts()["done"] == 1
    store.close()


def test_writer_waits_for_a_short_lock(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    store = Store(db, timeout=30)
    other = sqlite3.connect(db, isolation_level=None, check_same_thread=False)
    other.execute("BEGIN IMMEDIATE")
    threading.Timer(0.3, lambda: other.execute("ROLLBACK")).start()
    t0 = time.monotonic()
    store.write([result("a", 0)])  # serialized behind the other writer
    assert time.monotonic() - t0 >= 0.25
    assert store.counts()["done"] == 1
    store.close()
    other.close()


# -- concurrent runs --------------------------------------------------------------------------
def test_concurrent_writers_are_serialized(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    Store(db).close()
    errors: list[BaseException] = []

    def run(tag: str) -> None:
        try:
            with Store(db, timeout=30) as s:
                for k in range(60):
                    s.write(
                        [
                            result(f"doc{(k * 5 + j) % 40}", k * 5 + j, n=1 + (j + len(tag)) % 4)
                            for j in range(5)
                        ]
                    )
        except BaseException as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=run, args=(t,)) for t in ("a", "bb", "ccc")]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    with Store(db, readonly=True) as s:
        assert s.check() == []
        assert s.counts()["done"] == 40
        con = sqlite3.connect(db)
        dup = con.execute(
            "SELECT doc_id, seq, count(*) FROM facts GROUP BY doc_id, seq HAVING count(*) > 1"
        ).fetchall()
        con.close()
        assert dup == []


def test_two_cli_runs_into_one_store(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    for i in range(80):
        (src / f"{i:03d}.txt").write_text(
            f"第{i}份简报：全村贫困户{i}户、{i + 7}人已脱贫。", encoding="utf-8"
        )
    db = tmp_path / "s.sqlite"
    cmd = ["extract", str(src), "-o", str(db), "--jobs", "1", "--chunk-size", "1", "-q"]
    import sys

    procs = [
        subprocess.Popen([sys.executable, "-m", "reportmine", *cmd], stderr=subprocess.PIPE, text=True)
        for _ in range(2)
    ]
    outs = [p.communicate(timeout=300)[1] for p in procs]
    assert [p.returncode for p in procs] == [0, 0], outs
    ref = tmp_path / "ref.sqlite"
    assert run_cli(*cmd[:3], str(ref), *cmd[4:]).returncode == 0
    with Store(db, readonly=True) as s:
        assert s.check() == []
    assert store_rows(db)[1] == store_rows(ref)[1]


def _open_in_step(args: tuple[Any, list[str]]) -> list[str]:
    barrier, paths = args
    errors = []
    for p in paths:
        barrier.wait(timeout=60)
        try:
            Store(p, timeout=30).close()
        except StoreError as e:
            errors.append(str(e))
    return errors


def test_opening_a_new_store_at_the_same_moment_waits(tmp_path: Path) -> None:
    """Two processes creating the same store at once: the switch to WAL is retried, not
    refused as "locked", and neither sees the other half-way through creating it."""
    import multiprocessing

    ctx = multiprocessing.get_context("spawn")
    paths = [str(tmp_path / f"s{i}.sqlite") for i in range(25)]
    with ctx.Manager() as m:
        barrier = m.Barrier(2)
        with ctx.Pool(2) as pool:
            errors = pool.map(_open_in_step, [(barrier, paths), (barrier, paths)])
    assert errors == [[], []]
    for p in paths:
        with Store(p, readonly=True) as s:
            assert s.counts() == {"done": 0, "failed": 0, "facts": 0}


# -- full disk --------------------------------------------------------------------------------
def test_full_disk_rolls_back_the_chunk(tmp_path: Path) -> None:
    db = tmp_path / "s.sqlite"
    Store(db).close()
    pages = sqlite3.connect(db).execute("PRAGMA page_count").fetchone()[0]
    big = "很长的句子。" * 200
    with Store(db, pragmas={"max_page_count": pages + 4}) as s:
        s.write([result("first", 0, 1)])
        with pytest.raises(StoreError, match="full"):
            s.write([result(f"doc{i}", i + 1, 30, sentence=big) for i in range(8)])
        with pytest.raises(StoreError, match="full"):  # still full, still clean
            s.write([result(f"again{i}", 20 + i, 30, sentence=big) for i in range(8)])
    with Store(db) as s:
        assert s.check() == []
        assert [d["id"] for d in s.iter_documents()] == ["first"]
        s.write([result(f"doc{i}", i + 1, 30, sentence=big) for i in range(8)])  # room again: works
        assert s.counts() == {"done": 9, "failed": 0, "facts": 241}
