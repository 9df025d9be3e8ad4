"""The Dask engine (issue 18.2–18.4) on a LocalCluster of 2 worker processes, 1 thread each.

Results are compared with ``run_batch(jobs=1)`` as sorted tables (facts and documents);
each worker builds one pipeline; a document that kills its worker (a test-only worker
plugin makes the worker ``os._exit`` on a marker: no hook in the production code) fails
alone while every other document is done.
"""

from __future__ import annotations

import json
import os
import sys
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("distributed")
pytest.importorskip("pyarrow")
pytest.importorskip("pandas")

import cloudpickle  # comes with distributed
import dask
from distributed import Client, LocalCluster
from distributed.diagnostics.plugin import WorkerPlugin

import reportmine
from _batchkit import SENTENCES, doc_text, tar_add
from reportmine.batch import BatchOptions, run_batch
from reportmine.batch.runner import Dating
from reportmine.cluster import engine
from reportmine.cluster.tasks import pipelines_built
from reportmine.output.dataset import read_documents, read_manifest
from reportmine.output.store import Store

cloudpickle.register_pickle_by_value(sys.modules[__name__])  # the plugin below, on the workers

KILL = "杀死工作进程KILL-THIS-WORKER"


@pytest.fixture(scope="module")
def inputs(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Folders with the same names, a tar.gz with a repeated member, JSON Lines, failures."""
    root = tmp_path_factory.mktemp("cluster")
    for county in ("a", "b"):
        d = root / county
        d.mkdir()
        for i in range(8):
            (d / f"r{i}.txt").write_text(doc_text(i) * 3, encoding="utf-8")
        (d / "gbk.txt").write_bytes(SENTENCES[1].encode("gbk"))
        (d / "x.doc").write_bytes(b"unsupported")
    with tarfile.open(root / "pack.tar.gz", "w:gz") as tf:
        for i in range(10):
            tar_add(tf, f"t/{i % 8}.txt", doc_text(i + 20).encode())
    lines = [json.dumps({"id": f"j{i % 5}", "text": doc_text(i)}, ensure_ascii=False) for i in range(12)]
    (root / "recs.jsonl").write_text("\n".join([*lines, "{bad"]) + "\n", encoding="utf-8")
    return [str(root / "a"), str(root / "b"), str(root / "pack.tar.gz"), str(root / "recs.jsonl")]


def _cluster() -> Iterator[Client]:
    with dask.config.set({"distributed.scheduler.allowed-failures": engine.ALLOWED_FAILURES}):
        cluster = LocalCluster(n_workers=2, threads_per_worker=1, processes=True, dashboard_address=":0")
    with cluster, Client(cluster) as client:
        yield client


@pytest.fixture(scope="module")
def client() -> Iterator[Client]:
    yield from _cluster()


def _local(inputs: list[str], tmp: Path) -> Path:
    db = tmp / "local.sqlite"
    with Store(db) as store:
        run_batch(inputs, store, BatchOptions(jobs=1))
    return db


def _sorted(frame: Any, by: list[str]) -> Any:
    return frame.sort_values(by).reset_index(drop=True)


def test_same_tables_as_a_local_run_and_one_pipeline_per_worker(
    client: Client, inputs: list[str], tmp_path: Path
) -> None:
    out = tmp_path / "ds"
    summary = engine.extract(inputs, out, client=client, split_bytes=700)
    local = _local(inputs, tmp_path)
    facts, want = reportmine.read_facts(out), reportmine.read_facts(local)
    assert len(facts) > 100
    key = ["doc_id", "start", "end", "kind"]
    assert _sorted(facts, key).equals(_sorted(want, key))
    docs, want_docs = read_documents(out), read_documents(local)
    cols = [
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
    ]
    got = _sorted(docs[cols], ["ord"]).astype(str)
    assert got.equals(_sorted(want_docs[cols], ["ord"]).astype(str))
    assert summary.total == len(docs) and summary.failed == int((docs.status == "failed").sum()) > 0
    manifest = read_manifest(out)
    assert manifest["counts"]["documents"] == len(docs) and manifest["counts"]["splits"] > 4
    assert len(list((out / "facts").glob("*.parquet"))) == manifest["counts"]["splits"]
    assert not list(out.rglob("*.tmp"))
    # each worker process built its pipeline once, whatever the number of tasks it ran
    built = client.run(pipelines_built)
    assert sorted(built.values()) == [1, 1]


def test_dask_bag_of_documents(client: Client, inputs: list[str]) -> None:
    import reportmine.dask

    bag = reportmine.dask.read_documents(inputs, split_bytes=700)
    assert bag.npartitions > 4
    docs = bag.compute()
    one = list(reportmine.sources.iter_documents(inputs))
    assert [(d.id, d.sha256, d.text, d.error) for d in docs] == [
        (d.id, d.sha256, d.text, d.error) for d in one
    ]


class _Killer(WorkerPlugin):  # type: ignore[misc]
    """Test only: the worker's pipeline ends the worker process on a document holding ``KILL``."""

    name = "test-killer"

    def setup(self, worker: object) -> None:
        import reportmine.cluster.tasks as tasks

        real = tasks.worker_pipeline

        class Killing:
            def __init__(self, pipe: Any) -> None:
                self.pipe = pipe

            def extract(self, text: str, doc_id: str | None = None, **kw: Any) -> Any:
                if KILL in text:
                    os._exit(13)
                return self.pipe.extract(text, doc_id, **kw)

            def __getattr__(self, name: str) -> Any:  # config, lexicon …: the real pipeline's
                return getattr(self.pipe, name)

        tasks.worker_pipeline = lambda config: Killing(real(config))  # type: ignore[assignment]


def test_a_killer_document_fails_alone(inputs: list[str], tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    for i in range(6):
        text = doc_text(i) + (KILL if i == 3 else "")
        (tmp_path / "in" / f"d{i}.txt").write_text(text, encoding="utf-8")
    for c in _cluster():
        c.register_plugin(_Killer())
        summary = engine.extract([str(tmp_path / "in")], tmp_path / "ds", client=c, split_bytes=10**6)
    docs = read_documents(tmp_path / "ds").set_index("id")
    assert summary.failed == 1 and summary.done == 5
    assert docs.loc["d3.txt", "status"] == "failed"
    assert "worker process died" in docs.loc["d3.txt", "error"]
    assert (docs.drop(index="d3.txt").status == "done").all()
    assert len(reportmine.read_facts(tmp_path / "ds")) > 0


SPORTS = "今天下午，国家队在北京进行了训练，主教练表示球员状态良好，比赛将于周日晚上举行。"


def test_documents_below_min_relevance_are_skipped_not_failed(client: Client, tmp_path: Path) -> None:
    """The split tasks count with the local runner's counter (one ``BatchSummary.add``):
    a document below ``--min-relevance`` is ``skipped`` in a cluster run too (it once
    counted as failed there: the task had its own copy of the counter, without that branch)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(4):
        (folder / f"p{i}.txt").write_text(doc_text(i) * 2, encoding="utf-8")
        (folder / f"s{i}.txt").write_text(SPORTS, encoding="utf-8")
    cfg = reportmine.PipelineConfig(min_relevance=0.5)
    summary = engine.extract([str(folder)], tmp_path / "ds", client=client, config=cfg, split_bytes=300)
    with Store(tmp_path / "local.sqlite") as store:
        local = run_batch([str(folder)], store, BatchOptions(jobs=1, pipeline=cfg))
    assert (summary.done, summary.failed, summary.skipped) == (local.done, local.failed, local.skipped)
    assert summary.skipped == 4 and summary.failed == 0 and summary.ok
    counts = read_manifest(tmp_path / "ds")["counts"]
    assert (counts["skipped"], counts["failed"], counts["documents"]) == (4, 0, 8)
    docs = read_documents(tmp_path / "ds").set_index("id")
    assert set(docs.loc[[f"s{i}.txt" for i in range(4)], "status"]) == {"skipped"}


def test_refuses_a_folder_that_is_not_a_dataset(client: Client, inputs: list[str], tmp_path: Path) -> None:
    (tmp_path / "keep.txt").write_text("mine", encoding="utf-8")
    with pytest.raises(reportmine.OptionError, match="not empty"):
        engine.extract(inputs, tmp_path, client=client)
    assert (tmp_path / "keep.txt").read_text(encoding="utf-8") == "mine"


def test_importing_the_package_loads_no_dask() -> None:
    import subprocess

    code = "import sys, reportmine.cluster, reportmine.cluster.tasks; print('dask' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_cli_engine_dask(
    client: Client, inputs: list[str], tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportmine.cli.main import main

    out = tmp_path / "ds"
    where = ["--scheduler", client.scheduler.address]  # the running cluster (no new one started)
    status = main(["extract", *inputs, "--engine", "dask", *where, "--split-size", "2K", "-o", str(out)])
    err = capsys.readouterr().err
    assert status == 1  # the inputs hold failures, as a local run says
    assert f"-> {out}" in err and "failed: " in err and "2 jobs" in err
    assert read_manifest(out)["counts"]["splits"] > 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--engine", "dask"], "-o DIR"),
        (["--engine", "dask", "-o", "d", "--resume"], "--resume"),
        (["--scheduler", "tcp://h:8786", "-o", "x.jsonl"], "need --engine dask"),
        (["--engine", "dask", "--scheduler", "a", "--scheduler-file", "f", "-o", "d"], "not allowed with"),
    ],
)
def test_cli_engine_usage_errors(
    inputs: list[str], args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    from reportmine.cli.main import main

    with pytest.raises(SystemExit) as e:
        main(["extract", inputs[0], *args])
    assert e.value.code == 2 and message in capsys.readouterr().err


def test_documents_are_dated_as_a_local_run_dates_them(client: Client, tmp_path: Path) -> None:
    """``--doc-date`` and dates in file names reach the Dask tasks (they were once left out
    there: a cluster run read 5月3日 without a year where the local run read 2019-05-03)."""
    folder = tmp_path / "in"
    folder.mkdir()
    for i in range(3):
        (folder / f"report-2018-01-0{i + 1}.txt").write_text("5月3日，" + doc_text(i), encoding="utf-8")
        (folder / f"plain{i}.txt").write_text("12月20日，" + doc_text(i + 3), encoding="utf-8")
    key = ["doc_id", "start", "end", "kind"]
    for opts in (BatchOptions(jobs=1), BatchOptions(jobs=1, doc_date="2019")):
        out = tmp_path / f"ds-{opts.doc_date}"
        engine.extract([str(folder)], out, client=client, split_bytes=300, dating=Dating.of(opts))
        db = tmp_path / f"local-{opts.doc_date}.sqlite"
        with Store(db) as store:
            run_batch([str(folder)], store, opts)
        facts, want = reportmine.read_facts(out), reportmine.read_facts(db)
        assert _sorted(facts, key).equals(_sorted(want, key))
        dates = set(facts[facts.kind == "date"].value)
        assert ("2019-05-03" in dates) == (opts.doc_date == "2019")
        assert ("2018-05-03" in dates) == (opts.doc_date is None)  # (from report-2018-01-01.txt)
        docs, want_docs = read_documents(out), read_documents(db)
        cols = [c for c in want_docs.columns if c.startswith("doc_date")]
        assert cols and _sorted(docs[["id", *cols]], ["id"]).astype(str).equals(
            _sorted(want_docs[["id", *cols]], ["id"]).astype(str)
        )
