"""The batch runner: the issue-5 acceptance set, --jobs equivalence, kill/resume, the corpora."""

from __future__ import annotations

import contextlib
import os
import random
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from _batchkit import InputSet, build_acceptance_set, doc_text, run_cli, store_rows
from reportmine.batch import BatchOptions, run_batch
from reportmine.batch import runner as batch_mod
from reportmine.output.store import Store
from reportmine.results import DocumentResult
from reportmine.sources import SourceOptions


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
    assert enc["reports/enc/gb18030.txt"] == "gb18030" and enc["reports/enc/big5.txt"] == "big5"
    assert enc["reports/enc/utf16.txt"] == "utf-16" and enc["batch.tar.gz!tarred/big5.txt"] == "big5"
    assert enc["reports/report.docx"] == "docx" and docs["reports/page.html"]["format"] == "html"
    # the summary line counts them too, and names failures with their reasons
    first = stderr.splitlines()[0]
    assert (
        f"{acceptance.total} documents: {len(acceptance.ok)} done, {len(acceptance.failed)} failed" in first
    )
    assert "failed: reports/bad/huge.txt: larger than" in stderr


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


def test_same_names_in_two_roots_and_extractor_crashes_fail_one_document(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "same.txt").write_text("贫困户35户", encoding="utf-8")
    (tmp_path / "a" / "boom.txt").write_text("引发异常", encoding="utf-8")
    from reportmine.pipeline import Pipeline

    real = Pipeline.extract

    def extract(self: Pipeline, text: Any, doc_id: str | None = None, **kw: Any) -> Any:
        if doc_id == "a/boom.txt":
            raise RuntimeError("extractor bug")
        return real(self, text, doc_id, **kw)

    monkeypatch.setattr(Pipeline, "extract", extract)
    rec = _Recorder()
    summary = run_batch([str(tmp_path / "a"), str(tmp_path / "b")], rec, BatchOptions(jobs=1))
    status = [(r.id, r.status, r.error) for r in rec.results]
    assert status[0][:2] == ("a/boom.txt", "failed") and "RuntimeError: extractor bug" in (status[0][2] or "")
    # issue 12.2: two roots with the same file names keep both documents, each with its facts
    assert status[1:] == [("a/same.txt", "done", None), ("b/same.txt", "done", None)]
    assert [len(r.facts) for r in rec.results[1:]] == [1, 1]
    assert (summary.done, summary.failed, summary.total) == (2, 1, 3)
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
    # a few chunks ahead (the window of each of the 2 processes, and the chunk being cut),
    # whatever the input size
    assert max(lead) <= (batch_mod._WINDOW * 2 + 1) * 4 < 200


def _docs(folder: Path, n: int, repeat: int = 1) -> None:
    folder.mkdir(exist_ok=True)
    for i in range(n):
        (folder / f"{i:04d}.txt").write_text(doc_text(i) * repeat, encoding="utf-8")


def _facts_of(results: list[DocumentResult]) -> list[tuple[str, str, list[dict[str, Any]]]]:
    return [(r.id, r.status, list(r.facts)) for r in results]


def test_store_rows_are_made_in_the_workers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With 2 jobs and a store, the workers make the fact and sentence rows (issue 19: the
    main process spent a third of its CPU time making them); the store is the same as with
    1 job, which makes them in this process."""
    from reportmine.output import store as store_mod

    _docs(tmp_path / "in", 120, repeat=3)
    here = [0]
    real = store_mod._Statements.fact_rows
    main_pid = os.getpid()

    def counting(self: Any, r: Any) -> Any:
        if os.getpid() == main_pid:
            here[0] += 1
        return real(self, r)

    with Store(tmp_path / "one.sqlite") as s:
        run_batch([str(tmp_path / "in")], s, BatchOptions(jobs=1, chunk_docs=4))
    monkeypatch.setattr(store_mod._Statements, "fact_rows", counting)
    with Store(tmp_path / "two.sqlite") as s:
        summary = run_batch([str(tmp_path / "in")], s, BatchOptions(jobs=2, chunk_docs=4))
    assert summary.jobs == 2 and summary.done == 120 and summary.facts > 120
    assert here[0] == 0, here
    assert store_rows(tmp_path / "two.sqlite") == store_rows(tmp_path / "one.sqlite")
    with sqlite3.connect(tmp_path / "one.sqlite") as a, sqlite3.connect(tmp_path / "two.sqlite") as b:
        q = "SELECT * FROM sentences ORDER BY doc_id, sentence_id"
        assert a.execute(q).fetchall() == b.execute(q).fetchall()


def test_the_main_process_only_reads_and_writes(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """With 2 jobs two workers extract every chunk and this process none (issue 19: it used
    to extract a chunk itself whenever the worker had four queued); the output is the same
    as with 1 job, in the same order."""
    _docs(tmp_path / "in", 300, repeat=6)
    here = [0]
    real_run = batch_mod._Here.run

    def counting(self: Any, chunk: Any) -> Any:
        here[0] += len(chunk)
        return real_run(self, chunk)

    one = _Recorder()
    run_batch([str(tmp_path / "in")], one, BatchOptions(jobs=1, chunk_docs=5))
    here[0] = 0
    monkeypatch.setattr(batch_mod._Here, "run", counting)
    two = _Recorder()
    summary = run_batch([str(tmp_path / "in")], two, BatchOptions(jobs=2, chunk_docs=5))
    assert summary.jobs == 2 and summary.done == 300
    assert here[0] == 0, here  # no chunk extracted here
    assert len(summary.worker_cpu) == 2 and os.getpid() not in summary.worker_cpu
    assert _facts_of(two.results) == _facts_of(one.results)


def test_workers_start_from_a_fork_server_when_threads_run(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A program with threads of its own gets forkserver workers (plain fork would be
    unsafe); the output is the same."""
    _docs(tmp_path / "in", 300, repeat=6)
    one = _Recorder()
    run_batch([str(tmp_path / "in")], one, BatchOptions(jobs=1))
    stop = threading.Event()
    t = threading.Thread(target=stop.wait, daemon=True)
    t.start()
    try:
        assert batch_mod._mp_context().get_start_method() != "fork"
        rec = _Recorder()
        summary = run_batch([str(tmp_path / "in")], rec, BatchOptions(jobs=3, chunk_docs=2))
    finally:
        stop.set()
        t.join()
    assert summary.done == 300 and summary.jobs == 3
    assert summary.worker_cpu, "no chunk reached a worker"
    assert _facts_of(rec.results) == _facts_of(one.results)


def test_spawned_workers_where_fork_is_not_offered(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Platforms with only ``spawn`` (Windows; macOS by default) give the same output."""
    import multiprocessing

    monkeypatch.setattr(multiprocessing, "get_all_start_methods", lambda: ["spawn"])
    assert batch_mod._mp_context().get_start_method() == "spawn"
    _docs(tmp_path / "in", 300, repeat=6)
    one = _Recorder()
    run_batch([str(tmp_path / "in")], one, BatchOptions(jobs=1))
    rec = _Recorder()
    summary = run_batch([str(tmp_path / "in")], rec, BatchOptions(jobs=2, chunk_docs=2))
    assert summary.done == 300 and summary.jobs == 2
    assert summary.worker_cpu, "no chunk reached a worker"
    assert _facts_of(rec.results) == _facts_of(one.results)


def test_spawned_workers_build_their_pipeline_from_the_config(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A worker gets the PipelineConfig, a recipe, and builds its own pipeline from it,
    extra lexicon folders included (a spawned worker shares nothing with this process)."""
    import multiprocessing

    from reportmine.config import PipelineConfig

    lex = tmp_path / "my_lexicons"
    lex.mkdir()
    (lex / "measure_words.txt").write_text("孔 孔 - not=子|雀|径|洞\n", encoding="utf-8")
    (tmp_path / "in").mkdir()
    for i in range(40):
        (tmp_path / "in" / f"{i:02d}.txt").write_text(f"第{i}批修建窑洞12孔。", encoding="utf-8")
    monkeypatch.setattr(batch_mod, "_mp_context", lambda: multiprocessing.get_context("spawn"))
    config = PipelineConfig(kinds=["count"], lexicon_dirs=[lex])
    rec = _Recorder()
    summary = run_batch([str(tmp_path / "in")], rec, BatchOptions(jobs=2, chunk_docs=1, pipeline=config))
    assert summary.done == 40 and summary.jobs == 2
    assert summary.worker_cpu and os.getpid() not in summary.worker_cpu, "no chunk reached a worker"
    assert all([f["text"] for f in r.facts] == ["12孔"] for r in rec.results)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
def test_a_killed_worker_loses_no_document(tmp_path: Path) -> None:
    """kill -9 of the worker mid-run: the chunks it held run again, each in a worker of its
    own, so every document is done, in order, as with one job; the summary says so."""
    import multiprocessing

    _docs(tmp_path / "in", 400, repeat=8)
    killed: list[int] = []

    class Killer(_Recorder):
        def write(self, results: Any) -> None:
            super().write(results)
            if not killed and len(self.results) >= 40:
                for p in multiprocessing.active_children():
                    if p.pid is not None:
                        os.kill(p.pid, signal.SIGKILL)
                        killed.append(p.pid)

    rec = Killer()
    summary = run_batch([str(tmp_path / "in")], rec, BatchOptions(jobs=2, chunk_docs=4))
    assert killed, "no worker to kill"
    assert summary.worker_deaths >= 1 and "worker processes died" in summary.line()
    assert summary.total == 400 and summary.done == 400, summary.failures
    one = _Recorder()
    run_batch([str(tmp_path / "in")], one, BatchOptions(jobs=1))
    assert _facts_of(rec.results) == _facts_of(one.results)


def _kill_worker_on(doc_id: str, main_pid: int) -> Any:
    from reportmine.pipeline import Pipeline

    real = Pipeline.extract

    def extract(self: Pipeline, text: Any, doc: str | None = None, **kw: Any) -> Any:
        if doc == doc_id and os.getpid() != main_pid:
            os._exit(9)  # a document that kills the worker extracting it (a crash, an OOM kill)
        return real(self, text, doc, **kw)

    return extract


def test_a_document_that_kills_workers_fails_alone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the document that kills every worker it meets fails, with its reason; the
    documents queued with it are done; --resume tries it again."""
    from reportmine.pipeline import Pipeline

    _docs(tmp_path / "in", 200, repeat=4)
    killer = "0005.txt"  # in the first chunks, which go to the worker
    monkeypatch.setattr(Pipeline, "extract", _kill_worker_on(killer, os.getpid()))
    # every worker must inherit the patch: plain forks only (a fork server, chosen while the
    # broken pool's threads still run, would start workers from an unpatched reportmine)
    import multiprocessing

    monkeypatch.setattr(batch_mod, "_mp_context", lambda: multiprocessing.get_context("fork"))
    rec = _Recorder()
    summary = run_batch([str(tmp_path / "in")], rec, BatchOptions(jobs=2, chunk_docs=4))
    failed = [(r.id, r.error) for r in rec.results if not r.ok]
    assert [f[0] for f in failed] == [killer], failed
    assert "died while extracting this document, alone" in (failed[0][1] or "")
    assert summary.done == 199 and summary.worker_deaths >= 3  # the pool, the chunk alone, the document
    assert [r.ord for r in rec.results] == list(range(200))
    monkeypatch.undo()
    one = _Recorder()
    run_batch([str(tmp_path / "in")], one, BatchOptions(jobs=1))
    assert [x for x in _facts_of(rec.results) if x[0] != killer] == [
        x for x in _facts_of(one.results) if x[0] != killer
    ]


def _cannot_start(options: Any) -> None:
    raise RuntimeError("this worker cannot start")


def test_workers_that_cannot_start_leave_the_run_to_this_process(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    """Pools that break before finishing a chunk, three in a row: the rest of the run goes on
    in this process, with a warning; every document is done and none is lost."""
    _docs(tmp_path / "in", 120)
    monkeypatch.setattr(batch_mod, "_init_worker", _cannot_start)
    rec = _Recorder()
    with caplog.at_level("WARNING", logger="reportmine"):
        summary = run_batch([str(tmp_path / "in")], rec, BatchOptions(jobs=2, chunk_docs=2))
    assert summary.total == 120 and [r.ord for r in rec.results] == list(range(120))
    assert "cannot start" in caplog.text
    died = [r for r in rec.results if not r.ok]
    assert all("worker process died" in (r.error or "") for r in died)
    # at most the window of each of 3 pools of 2 workers, of 2 documents a chunk
    assert summary.done == 120 - len(died) and len(died) <= 3 * batch_mod._WINDOW * 2 * 2
    one = _Recorder()
    run_batch([str(tmp_path / "in")], one, BatchOptions(jobs=1))
    assert [f for r in rec.results if r.ok for f in r.facts] == [
        f for r in one.results if r.id not in {d.id for d in died} for f in r.facts
    ]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_exit_when_the_run_is_killed(tmp_path: Path) -> None:
    """kill -9 of the main process only: its workers notice and exit by themselves."""
    _docs(tmp_path / "in", 600, repeat=20)
    db = tmp_path / "s.sqlite"
    cmd = [sys.executable, "-m", "reportmine", "extract", str(tmp_path / "in"), "-o", str(db)]
    proc = subprocess.Popen([*cmd, "--jobs", "3", "--chunk-size", "2", "-q"], start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        children: list[int] = []
        while time.monotonic() < deadline and proc.poll() is None:
            children = _children(proc.pid)
            if len(children) >= 2 and _committed(db) > 0:
                break
            time.sleep(0.01)
        assert len(children) >= 2 and proc.poll() is None, "the run ended before it could be killed"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        deadline = time.monotonic() + 20
        while time.monotonic() < deadline and any(_alive(c) for c in children):
            time.sleep(0.05)
        assert not [c for c in children if _alive(c)], "orphaned workers"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGKILL)


def _children(pid: int) -> list[int]:
    out = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            out += [int(c) for c in (task / "children").read_text().split()]
    return out


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def test_resume_needs_a_store(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="resume needs a store"):
        run_batch([str(tmp_path)], _Recorder(), BatchOptions(resume=True, sources=SourceOptions()))


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


def test_warm_up_reads_the_lazy_tables_before_workers_fork() -> None:
    """(Issue 19) ``Pipeline.warm_up`` sets up what a pipeline reads on first use, the
    village table included when places are asked for, so forked workers inherit it."""
    from reportmine.extractors.entities.divisions import villages
    from reportmine.pipeline import Pipeline

    villages.cache_clear()
    Pipeline(kinds={"money"}).warm_up()
    assert villages.cache_info().currsize == 0  # no places asked for: no village table
    Pipeline(kinds={"money", "place"}).warm_up()
    assert villages.cache_info().currsize == 1
