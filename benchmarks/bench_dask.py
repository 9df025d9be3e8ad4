"""The Dask engine against ``--jobs 2`` on the shared People's Daily archives (issue 18).

    python benchmarks/bench_dask.py [--workers 2] [--split-size BYTES] [--rounds 1]
                                    [--parts] [--json FILE]

Each round runs three things over both ``.tar.gz`` archives, each into a temporary output:

1. ``--jobs 2``: the local batch in a fresh interpreter, into a store;
2. ``--engine dask`` on a *running* ``LocalCluster`` of ``--workers`` processes (one
   thread each), started, with its pipelines built (the worker plugin), before the clock
   starts; the peak resident memory of each worker;
3. a cold start: ``reportmine extract --engine dask -j 2`` in a fresh interpreter, which
   starts its cluster and closes it.

How CPU is counted, the same for both engines: every process that takes part, whole.
(1) and (3) are child processes of this one: their CPU is ``RUSAGE_CHILDREN`` before and
after, which holds the process and every process it started and waited for (the local
run's worker; the cold start's scheduler, nannies and workers). (2) runs in processes that
outlive the run: its CPU is the user + system time of this process (the client, and the
``LocalCluster`` scheduler, which runs here) and of every process below it (the nannies
and the workers), read with psutil before and after. So (1) includes starting Python and
building its two pipelines, which a running cluster has done before the clock starts; (3)
includes everything.

Goals: (2) at most 1.15x the wall and 1.2x the CPU of (1); (3) at most (1) + 4 s of wall;
at most 300 MB per worker. The results must be the same documents and facts (checked).
``--parts``: where the engine's own CPU goes (worker start, pipeline build, planning,
re-reading the archives by split, part writing), measured piece by piece. On a shared
machine the figures are noisy: run it when the machine is quiet, and several rounds.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from _corpus import archives

_LOCAL = """
import json, sys
from reportmine.batch import BatchOptions, run_batch
from reportmine.output.store import Store
db, paths = sys.argv[1], sys.argv[2:]
with Store(db) as store:
    s = run_batch(paths, store, BatchOptions(jobs=2))
print(json.dumps({"docs": s.total, "facts": s.facts, "seconds": s.seconds,
                  "worker_rss": s.worker_peak_rss}))
"""


def _children_cpu() -> float:
    """CPU seconds of the child processes waited for so far (and of theirs)."""
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


def _tree_cpu() -> float:
    """CPU seconds of this process and every live process below it."""
    import psutil

    me = psutil.Process()
    total = 0.0
    for p in [me, *me.children(recursive=True)]:
        try:
            t = p.cpu_times()
        except psutil.Error:  # ended meanwhile
            continue
        total += t.user + t.system
    return total


def _child(cmd: list[str]) -> tuple[float, float, str]:
    """Run ``cmd``: its wall seconds, CPU seconds (its whole process tree) and output."""
    cpu0, start = _children_cpu(), time.perf_counter()
    out = subprocess.run(cmd, check=True, capture_output=True, text=True)
    return time.perf_counter() - start, _children_cpu() - cpu0, out.stdout


def _worker_usage() -> tuple[float, int]:
    """CPU seconds and peak resident bytes of this (worker) process. The peak is VmHWM,
    the high-water mark of this process image: ``ru_maxrss`` of a process started by
    fork and exec keeps the RSS its parent had when it forked (Linux), and the nannies
    fork from this benchmark's process, which grows as it reads the datasets."""
    ru = resource.getrusage(resource.RUSAGE_SELF)
    peak = ru.ru_maxrss * 1024
    with contextlib.suppress(OSError), open("/proc/self/status", encoding="ascii") as f:
        for line in f:
            if line.startswith("VmHWM:"):
                peak = int(line.split()[1]) * 1024
    return ru.ru_utime + ru.ru_stime, peak


def local_jobs2(paths: list[str]) -> dict[str, Any]:
    """``--jobs 2`` in a fresh interpreter (wall measured outside it too)."""
    with tempfile.TemporaryDirectory() as tmp:
        wall, cpu, out = _child([sys.executable, "-c", _LOCAL, str(Path(tmp) / "b.sqlite"), *paths])
    r: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    r["process_wall"], r["cpu"] = wall, cpu
    return r


def running_cluster(paths: list[str], workers: int, split: int | None) -> dict[str, Any]:
    """The engine on a LocalCluster started and warmed before the clock starts."""
    import dask
    from distributed import Client, LocalCluster

    import reportmine
    from reportmine.cluster import engine

    with dask.config.set({"distributed.scheduler.allowed-failures": engine.ALLOWED_FAILURES}):
        cluster = LocalCluster(
            n_workers=workers, threads_per_worker=1, processes=True, dashboard_address=":0"
        )
    with cluster, Client(cluster) as client, tempfile.TemporaryDirectory() as tmp:
        client.register_plugin(engine.PipelinePlugin(reportmine.PipelineConfig()))
        cpu0, start = _tree_cpu(), time.perf_counter()
        s = engine.extract(paths, Path(tmp) / "ds", client=client, split_bytes=split)
        wall = time.perf_counter() - start
        cpu = _tree_cpu() - cpu0
        after = client.run(_worker_usage)
        facts = len(reportmine.read_facts(Path(tmp) / "ds"))
    return {
        "docs": s.total,
        "facts": s.facts,
        "facts_read": facts,
        "seconds": wall,
        "cpu": cpu,
        "worker_rss": max(a[1] for a in after.values()),
    }


def cold_start(paths: list[str], workers: int) -> dict[str, Any]:
    """``reportmine extract --engine dask`` in a fresh interpreter, its cluster included."""
    with tempfile.TemporaryDirectory() as tmp:
        cmd = [sys.executable, "-m", "reportmine", "extract", *paths, "--engine", "dask"]
        wall, cpu, _ = _child([*cmd, "-j", str(workers), "-q", "-o", str(Path(tmp) / "ds")])
        return {"process_wall": wall, "cpu": cpu}


def one_round(paths: list[str], workers: int, split: int | None) -> dict[str, Any]:
    """The three runs; their figures printed and returned."""
    local = local_jobs2(paths)
    print(
        f"--jobs 2: {local['docs']} docs, wall {local['seconds']:.1f} s "
        f"({local['process_wall']:.1f} s with Python's start), CPU {local['cpu']:.1f} s"
    )
    dask_ = running_cluster(paths, workers, split)
    assert (dask_["docs"], dask_["facts"], dask_["facts_read"]) == (
        local["docs"],
        local["facts"],
        local["facts"],
    )
    print(
        f"dask, running cluster: wall {dask_['seconds']:.1f} s ({dask_['seconds'] / local['seconds']:.2f}x), "
        f"CPU {dask_['cpu']:.1f} s ({dask_['cpu'] / local['cpu']:.2f}x), "
        f"worker peak RSS {dask_['worker_rss'] / 2**20:.0f} MB"
    )
    cold = cold_start(paths, workers)
    extra = cold["process_wall"] - local["process_wall"]
    print(
        f"dask, cold start: wall {cold['process_wall']:.1f} s against --jobs 2 {local['process_wall']:.1f} s "
        f"({extra:+.1f} s), CPU {cold['cpu']:.1f} s ({cold['cpu'] / local['cpu']:.2f}x)"
    )
    return {"local": local, "dask": dask_, "cold": cold}


_START = "import distributed, reportmine.cluster.tasks"
_BUILD = _START + "; import reportmine; reportmine.cluster.tasks.worker_pipeline(reportmine.PipelineConfig())"


def parts(paths: list[str], workers: int) -> dict[str, float]:
    """Where the engine's own CPU goes, piece by piece (CPU seconds)."""
    from reportmine.cluster.engine import auto_split_bytes
    from reportmine.cluster.tasks import run_split, split_results, worker_pipeline
    from reportmine.output.dataset import prepare_dataset
    from reportmine.sources import iter_raw, iter_split, plan_splits

    python = _child([sys.executable, "-c", "pass"])[1]
    start = _child([sys.executable, "-c", _START])[1]
    build = _child([sys.executable, "-c", _BUILD])[1]
    cfg = __import__("reportmine").PipelineConfig()
    worker_pipeline(cfg)
    t = time.process_time()
    splits = plan_splits(paths, auto_split_bytes(paths, workers))
    plan = time.process_time() - t
    t = time.process_time()
    for _ in iter_raw(paths):
        pass
    one_pass = time.process_time() - t
    t = time.process_time()
    for sp in splits:
        for _ in iter_split(sp):
            pass
    by_split = time.process_time() - t
    extract = write = 0.0
    with tempfile.TemporaryDirectory() as tmp:
        root = str(prepare_dataset(Path(tmp) / "ds"))
        for sp in splits:
            t = time.process_time()
            split_results(sp, cfg)
            t2 = time.process_time()
            run_split(sp, cfg, root)
            t3 = time.process_time()
            extract += t2 - t
            write += (t3 - t2) - (t2 - t)  # run_split = read + extract + write
    r = {
        "splits": len(splits),
        "python_start": python,
        "worker_imports": start - python,
        "pipeline_build": build - start,
        "planning": plan,
        "one_pass_read": one_pass,
        "reading_by_split": by_split,
        "read_and_extract": extract,
        "part_writing": write,
    }
    for k, v in r.items():
        print(f"  {k:18s} {v:8.2f}")
    return r


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--split-size", type=int, default=None, help="bytes per split (default: auto)")
    ap.add_argument("--rounds", type=int, default=1, help="run the three runs this many times")
    ap.add_argument("--parts", action="store_true", help="also measure where the engine's CPU goes")
    ap.add_argument("--json", help="write the figures to this file")
    a = ap.parse_args()
    paths = [str(p) for p in archives()]
    rounds = [one_round(paths, a.workers, a.split_size) for _ in range(a.rounds)]
    out: dict[str, Any] = {"rounds": rounds}
    if a.parts:
        print("CPU seconds by piece:")
        out["parts"] = parts(paths, a.workers)
    if a.json:
        Path(a.json).write_text(json.dumps(out, indent=1) + "\n")


if __name__ == "__main__":
    main()
