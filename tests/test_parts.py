"""The cluster's Parquet part files (issue 18): written chunk by chunk, without pandas.

:func:`reportmine.output.dataset.arrow_table` builds Arrow tables through pyarrow's JSON
reader (``Table.from_pylist`` makes pyarrow import pandas in every worker); its reference
is ``Table.from_pylist`` itself: the same table, value for value, on the facts and
documents of the seed reports in both scripts and on rows made to be awkward.
"""

from __future__ import annotations

import dataclasses
import math
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("pyarrow")

import pyarrow as pa
import pyarrow.parquet as pq

from reportmine import PipelineConfig
from reportmine.cluster.tasks import split_results
from reportmine.output.dataset import (
    PartWriter,
    _document_schema,
    _document_value,
    arrow_table,
    document_columns,
    facts_table,
    write_part,
)
from reportmine.output.export import _arrow_row, _arrow_schema
from reportmine.output.schema import fact_columns
from reportmine.results import DocumentResult
from reportmine.sources import plan_splits

ROOT = Path(__file__).resolve().parents[1]
SEEDS = sorted((ROOT / "corpus" / "seeds").glob("*.txt"))


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[DocumentResult]:
    """The seed reports and the first eight in traditional script, extracted."""
    opencc = pytest.importorskip("opencc")
    to_traditional = opencc.OpenCC("s2t").convert

    folder = tmp_path_factory.mktemp("seeds")
    for p in SEEDS:
        (folder / p.name).write_bytes(p.read_bytes())
    for p in SEEDS[:8]:
        (folder / f"t_{p.name}").write_text(to_traditional(p.read_text(encoding="utf-8")), encoding="utf-8")
    (folder / "bad.doc").write_bytes(b"unsupported")
    out: list[DocumentResult] = []
    for split in plan_splits([str(folder)], 1 << 20):
        out.extend(split_results(split, PipelineConfig()))
    return out


def _rows(results: list[DocumentResult]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    cols, dcols = fact_columns(), document_columns()
    facts = [_arrow_row(f, cols) for r in results for f in r.facts]
    docs = [{c: _document_value(r, c) for c in dcols} for r in results]
    return facts, docs


def test_arrow_tables_equal_from_pylist_on_the_seeds(results: list[DocumentResult]) -> None:
    facts, docs = _rows(results)
    assert len(facts) > 500 and any(r.status == "failed" for r in results)
    # the facts spliced from store rows, against the reference: from_pylist of _arrow_row
    got, want = (
        facts_table(pa, results, _arrow_schema(pa)),
        pa.Table.from_pylist(facts, schema=_arrow_schema(pa)),
    )
    assert got.schema.equals(want.schema) and got.equals(want)
    # facts given as dicts (a result built by hand): the same table
    as_dicts = [dataclasses.replace(r, facts=list(r.facts)) for r in results]
    assert facts_table(pa, as_dicts, _arrow_schema(pa)).equals(want)
    for rows, schema in ((facts, _arrow_schema(pa)), (docs, _document_schema(pa))):
        got, want = arrow_table(pa, rows, schema), pa.Table.from_pylist(rows, schema=schema)
        assert got.schema.equals(want.schema)
        assert got.equals(want)
        assert got.to_pylist() == want.to_pylist()


AWKWARD = [
    {"n": 2**62, "x": 0.1 + 0.2, "s": '引号"和\\反斜杠\n换行\t', "b": True, "l": ["a", "乡"]},
    {"n": -1, "x": 1e300, "s": "", "b": False, "l": []},
    {"n": None, "x": None, "s": None, "b": None, "l": None},
    {"n": 0, "x": 5e-324, "s": "\u2028\x00", "b": True, "l": ["", "\ufeff"]},
]
SCHEMA = [("n", "int64"), ("x", "float64"), ("s", "string"), ("b", "bool_"), ("l", "list_")]


def _schema() -> Any:
    return pa.schema([(c, pa.list_(pa.string()) if t == "list_" else getattr(pa, t)()) for c, t in SCHEMA])


@pytest.mark.parametrize(
    "rows", [AWKWARD, AWKWARD[2:3], [{"n": 1, "x": math.nan, "s": "a", "b": None, "l": None}]]
)
def test_arrow_table_on_awkward_rows(rows: list[dict[str, Any]]) -> None:
    got, want = arrow_table(pa, rows, _schema()), pa.Table.from_pylist(rows, schema=_schema())
    assert got.schema.equals(want.schema)
    assert got.to_pylist()[0].keys() == want.to_pylist()[0].keys()
    assert str(got.to_pylist()) == str(want.to_pylist())  # nan == nan by its text


def test_parts_in_chunks_equal_one_write(results: list[DocumentResult], tmp_path: Path) -> None:
    for name in ("whole", "chunks"):
        for t in ("facts", "documents"):
            (tmp_path / name / t).mkdir(parents=True)
    write_part(tmp_path / "whole", "part-000000", results)
    part = PartWriter(tmp_path / "chunks", "part-000000")
    for i in range(0, len(results), 5):
        part.write(results[i : i + 5])
    part.write([])
    part.close()
    for t in ("facts", "documents"):
        whole = pq.read_table(tmp_path / "whole" / t / "part-000000.parquet")
        chunks = pq.read_table(tmp_path / "chunks" / t / "part-000000.parquet")
        assert chunks.equals(whole) and whole.num_rows > 0
    assert not list(tmp_path.rglob("*.tmp"))


def test_an_aborted_part_leaves_nothing(tmp_path: Path) -> None:
    for t in ("facts", "documents"):
        (tmp_path / t).mkdir()
    part = PartWriter(tmp_path, "part-000007")
    part.abort()
    assert not [p for p in tmp_path.rglob("*") if p.is_file()]


def test_writing_parts_loads_no_pandas(tmp_path: Path) -> None:
    """A worker that writes parts never imports pandas (50 MB in each worker process)."""
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(SEEDS[0].read_text(encoding="utf-8"), encoding="utf-8")
    code = (
        "import sys; from reportmine import PipelineConfig; from reportmine.sources import plan_splits\n"
        "from reportmine.cluster.tasks import run_split\n"
        "from reportmine.output.dataset import prepare_dataset, read_manifest\n"
        f"root = prepare_dataset({str(tmp_path / 'ds')!r})\n"
        f"out = run_split(plan_splits([{str(tmp_path / 'in')!r}])[0], PipelineConfig(), str(root))\n"
        "print(out.counts.done, out.counts.facts > 0, 'pandas' in sys.modules)\n"
    )
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.split() == ["1", "True", "False"]


def _report_usage(q: Any) -> None:
    from reportmine.batch.runner import process_usage
    from reportmine.cluster.tasks import worker_usage

    q.put((worker_usage()[1], process_usage()[1]))


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux only (VmHWM)")
def test_a_spawned_workers_peak_is_its_own() -> None:
    """A process started by fork and exec (as a nanny starts a Dask worker) inherits its
    parent's RSS in ``ru_maxrss``; ``worker_usage`` reports the process's own peak."""
    import multiprocessing

    big = bytearray(300 << 20)
    for i in range(0, len(big), 4096):
        big[i] = 1
    ctx = multiprocessing.get_context("spawn")
    q = ctx.Queue()
    p = ctx.Process(target=_report_usage, args=(q,))
    p.start()
    own, maxrss = q.get(timeout=120)
    p.join()
    del big
    assert maxrss > 300 << 20 > own > 0
