"""The batch runner: the issue-5 acceptance set, --jobs equivalence, kill/resume, the corpora."""

from __future__ import annotations

import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _batchkit import InputSet, build_acceptance_set, doc_text, run_cli, store_rows
from reportmine import batch as batch_mod
from reportmine.batch import BatchOptions, _json_safe, run_batch
from reportmine.results import DocumentResult
from reportmine.sources import SourceOptions
from reportmine.store import Store


@pytest.fixture(scope="module")
def acceptance(tmp_path_factory: pytest.TempPathFactory) -> InputSet:
    return build_acceptance_set(tmp_path_factory.mktemp("acceptance") / "in")


@pytest.fixture(scope="module")
def acceptance_store(acceptance: InputSet, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, str]:
    db = tmp_path_factory.mktemp("out") / "jobs1.sqlite"
    r = run_cli("extract", *acceptance.inputs, "-o", str(db), "--jobs", "1")
    assert r.returncode == 1, r.stderr  # some inputs are bad on purpose
    return db, r.stderr


def test_every_input_is_accounted_for(acceptance: InputSet, acceptance_store: tuple[Path, str]) -> None:
    db, stderr = acceptance_store
    assert acceptance.total >= 1000
    with Store(db, readonly=True) as s:
        docs = {d["id"]: d for d in s.iter_documents()}
        assert s.check() == []
        counts = s.counts()
    assert set(docs) == acceptance.ok | set(acceptance.failed)
    assert counts["done"] + counts["failed"] == acceptance.total
    for doc_id in acceptance.ok:
        assert docs[doc_id]["status"] == "done", (doc_id, docs[doc_id]["error"])
    for doc_id, words in acceptance.failed.items():
        assert docs[doc_id]["status"] == "failed", doc_id
        assert words in docs[doc_id]["error"], (doc_id, docs[doc_id]["error"])
    # encodings recorded per document
    enc = {k: v["encoding"] for k, v in docs.items()}
    assert enc["enc/gb18030.txt"] == "gb18030" and enc["enc/big5.txt"] == "big5"
    assert enc["enc/utf16.txt"] == "utf-16" and enc["batch.tar.gz!tarred/big5.txt"] == "big5"
    assert enc["report.docx"] == "docx" and docs["page.html"]["format"] == "html"
    # the summary line counts them too, and names failures with their reasons
    first = stderr.splitlines()[0]
    assert (
        f"{acceptance.total} documents: {len(acceptance.ok)} done, {len(acceptance.failed)} failed" in first
    )
    assert "failed: bad/huge.txt: larger than" in stderr


def test_jobs_do_not_change_the_output(
    acceptance: InputSet, acceptance_store: tuple[Path, str], tmp_path: Path
) -> None:
    db1, _ = acceptance_store
    db2 = tmp_path / "jobs2.sqlite"
    r = run_cli("extract", *acceptance.inputs, "-o", str(db2), "--jobs", "2", "--chunk-size", "16")
    assert r.returncode == 1 and "2 jobs" in r.stderr
    assert store_rows(db2) == store_rows(db1)
    direct = tmp_path / "jobs2.jsonl"
    r = run_cli("extract", *acceptance.inputs, "-o", str(direct), "--jobs", "2", "-q")
    assert r.returncode == 1 and r.stderr == ""
    exported = tmp_path / "jobs1.jsonl"
    assert run_cli("export", str(db1), "-o", str(exported), "-q").returncode == 0
    assert direct.read_bytes() == exported.read_bytes()


# -- kill and resume --------------------------------------------------------------------------
def _committed(db: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{db}?mode=ro", uri=True, timeout=5)
        try:
            return int(con.execute("SELECT count(*) FROM documents").fetchone()[0])
        finally:
            con.close()
    except sqlite3.Error:
        return 0


@pytest.mark.skipif(not hasattr(os, "killpg"), reason="needs POSIX signals")
def test_sigkill_then_resume_equals_an_uninterrupted_run(tmp_path: Path) -> None:
    src = tmp_path / "in"
    src.mkdir()
    n = 240
    for i in range(n):
        (src / f"{i:04d}.txt").write_text(doc_text(i) * 12, encoding="utf-8")
    ref = tmp_path / "ref.sqlite"
    assert run_cli("extract", str(src), "-o", str(ref), "--jobs", "1", "-q").returncode == 0

    seed = random.randrange(1 << 30)
    target = random.Random(seed).randint(1, n // 2)
    db = tmp_path / "killed.sqlite"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "reportmine",
            "extract",
            str(src),
            "-o",
            str(db),
            "--jobs",
            "2",
            "--chunk-size",
            "4",
            "-q",
        ],
        start_new_session=True,
    )
    deadline = time.monotonic() + 300
    while _committed(db) < target and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.005)
    os.killpg(proc.pid, signal.SIGKILL)  # the run and its workers, mid-chunk or not
    proc.wait()
    assert proc.returncode == -signal.SIGKILL, f"the run ended before it was killed (seed {seed})"
    with Store(db, readonly=True) as s:
        assert s.check() == [], f"half-written documents after kill -9 (seed {seed})"
        before = s.counts()["done"]
    assert 0 < before < n, f"seed {seed}"

    r = run_cli("extract", str(src), "-o", str(db), "--resume", "--jobs", "2", "--chunk-size", "4")
    assert r.returncode == 0, r.stderr
    assert f"{n} done ({before} resumed)" in r.stderr, (r.stderr, seed)
    assert store_rows(db) == store_rows(ref), f"seed {seed}"

    # a changed document is redone, the others are skipped
    (src / "0003.txt").write_text("改过的文件：贫困户99户。", encoding="utf-8")
    r = run_cli("extract", str(src), "-o", str(db), "--resume", "--jobs", "1")
    assert r.returncode == 0 and f"{n} done ({n - 1} resumed)" in r.stderr, r.stderr
    docs, _ = store_rows(db)
    ref_docs, _ = store_rows(ref)
    changed = [d for d, e in zip(docs, ref_docs, strict=True) if d != e]
    assert [d[0] for d in changed] == ["0003.txt"]


# -- library-level behaviour ------------------------------------------------------------------
class _Recorder:
    def __init__(self) -> None:
        self.results: list[DocumentResult] = []

    def write(self, results: Any) -> None:
        self.results.extend(results)

    def close(self) -> None:
        pass


def test_duplicate_ids_and_extractor_crashes_fail_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "same.txt").write_text("贫困户35户", encoding="utf-8")
    (tmp_path / "a" / "boom.txt").write_text("引发异常", encoding="utf-8")
    from reportmine.pipeline import Pipeline

    real = Pipeline.extract

    def extract(self: Pipeline, text: Any, doc_id: str | None = None, **kw: Any) -> Any:
        if doc_id == "boom.txt":
            raise RuntimeError("extractor bug")
        return real(self, text, doc_id, **kw)

    monkeypatch.setattr(Pipeline, "extract", extract)
    rec = _Recorder()
    summary = run_batch([str(tmp_path / "a"), str(tmp_path / "b")], rec, BatchOptions(jobs=1))
    status = [(r.id, r.status, r.error) for r in rec.results]
    assert status[0][:2] == ("boom.txt", "failed") and "RuntimeError: extractor bug" in (status[0][2] or "")
    assert status[1][:2] == ("same.txt", "done")
    assert status[2] == ("same.txt", "failed", "duplicate document id")
    assert (summary.done, summary.failed, summary.total) == (1, 2, 3)
    assert [r.ord for r in rec.results] == [0, 1, 2]


def test_memory_stays_bounded_in_flight(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    for i in range(200):
        (tmp_path / f"{i:03d}.txt").write_text(doc_text(i), encoding="utf-8")
    pulled = [0]
    lead: list[int] = []
    real_iter = batch_mod.iter_raw

    def counting(*a: Any, **kw: Any) -> Iterator[Any]:
        for item in real_iter(*a, **kw):
            pulled[0] += 1
            yield item

    class Writer(_Recorder):
        def write(self, results: Any) -> None:
            super().write(results)
            lead.append(pulled[0] - len(self.results))

    monkeypatch.setattr(batch_mod, "iter_raw", counting)
    w = Writer()
    opts = BatchOptions(jobs=2, chunk_docs=4)
    summary = run_batch([str(tmp_path)], w, opts)
    assert summary.done == 200 and summary.jobs == 2
    assert [r.ord for r in w.results] == list(range(200))
    assert max(lead) <= (2 * 2 + 2) * 4  # a few chunks ahead, whatever the input size


def test_resume_needs_a_store(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="resume needs a store"):
        run_batch([str(tmp_path)], _Recorder(), BatchOptions(resume=True, sources=SourceOptions()))


def test_json_safe_numbers() -> None:
    d = _json_safe({"value": 10**400, "low": float("inf"), "high": 2.5, "flags": []})
    assert d == {"value": None, "low": None, "high": 2.5, "flags": ["overflow"]}
    d = _json_safe({"value": 2**70, "low": None, "high": None, "flags": ["overflow"]})
    assert d["value"] == float(2**70) and d["flags"] == ["overflow"]


# -- the shared People's Daily archives, end to end ------------------------------------------
@pytest.mark.slow
@pytest.mark.corpora
def test_corpora_archives_end_to_end(corpora: list[Path], tmp_path: Path) -> None:
    db = tmp_path / "corpora.sqlite"
    r = run_cli("extract", *map(str, corpora), "-o", str(db), "--jobs", "2", timeout=1800)
    assert r.returncode == 0, r.stderr[-2000:]
    with Store(db, readonly=True) as s:
        counts = s.counts()
        assert s.check() == []
        ids = [d["id"] for d in s.iter_documents()]
    assert counts["done"] == 3896 and counts["failed"] == 0
    assert ids[0].startswith("peoples-daily-2019-02.tar.gz!") and ids[-1].startswith(
        "peoples-daily-2019-10.tar.gz!"
    )
    assert "3896 documents: 3896 done, 0 failed" in r.stderr
