"""The Dask engine against ``--jobs 2`` on the shared People's Daily archives (issue 18).

    python benchmarks/bench_dask.py [--workers 2] [--split-size BYTES] [--json FILE]

Three runs over both ``.tar.gz`` archives, each writing to a temporary output:

1. ``--jobs 2`` (the local batch, a fresh interpreter, into a store): wall seconds and
   CPU seconds (main process + worker);
2. ``--engine dask`` on a *running* ``LocalCluster`` of ``--workers`` processes (one
   thread each; started and warmed before the clock starts): wall seconds, CPU seconds
   (this process, which also hosts the scheduler, + the workers; not the nannies, which
   only watch), and the peak resident memory of each worker;
3. a cold start: ``reportmine extract --engine dask -j 2`` in a fresh interpreter, which
   starts its cluster: wall seconds.

Goals: (2) at most 1.15x the wall and 1.2x the CPU of (1); (3) at most (1) + 4 s; at most
300 MB per worker. The results must be the same documents and facts (checked). On a
shared machine the figures are noisy: run it when the machine is quiet.
"""

from __future__ import annotations

import argparse
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
import json, resource, sys
from reportmine.batch import BatchOptions, run_batch
from reportmine.output.store import Store
db, paths = sys.argv[1], sys.argv[2:]
with Store(db) as store:
    s = run_batch(paths, store, BatchOptions(jobs=2))
me = resource.getrusage(resource.RUSAGE_SELF)
print(json.dumps({"docs": s.total, "facts": s.facts, "seconds": s.seconds,
                  "cpu": me.ru_utime + me.ru_stime + sum(s.worker_cpu.values()),
                  "worker_rss": s.worker_peak_rss}))
"""


def _cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime


def _worker_usage() -> tuple[float, int]:
    ru = resource.getrusage(resource.RUSAGE_SELF)
    return ru.ru_utime + ru.ru_stime, ru.ru_maxrss * 1024


def local_jobs2(paths: list[str]) -> dict[str, Any]:
    """``--jobs 2`` in a fresh interpreter (wall measured outside it too)."""
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        out = subprocess.run(
            [sys.executable, "-c", _LOCAL, str(Path(tmp) / "b.sqlite"), *paths],
            check=True,
            capture_output=True,
            text=True,
        )
        wall = time.perf_counter() - start
    r: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    r["process_wall"] = wall
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
        before = client.run(_worker_usage)
        cpu0, start = _cpu(), time.perf_counter()
        s = engine.extract(paths, Path(tmp) / "ds", client=client, split_bytes=split)
        wall = time.perf_counter() - start
        after = client.run(_worker_usage)
        cpu = _cpu() - cpu0 + sum(after[w][0] - before[w][0] for w in after)
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
        start = time.perf_counter()
        subprocess.run([*cmd, "-j", str(workers), "-q", "-o", str(Path(tmp) / "ds")], check=True)
        return {"process_wall": time.perf_counter() - start}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--workers", type=int, default=2)
    ap.add_argument("--split-size", type=int, default=None, help="bytes per split (default: auto)")
    ap.add_argument("--json", help="write the figures to this file")
    a = ap.parse_args()
    paths = [str(p) for p in archives()]
    local = local_jobs2(paths)
    print(f"--jobs 2: {local['docs']} docs, wall {local['seconds']:.1f} s, CPU {local['cpu']:.1f} s")
    dask_ = running_cluster(paths, a.workers, a.split_size)
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
    cold = cold_start(paths, a.workers)
    extra = cold["process_wall"] - local["process_wall"]
    print(
        f"dask, cold start: wall {cold['process_wall']:.1f} s against --jobs 2 {local['process_wall']:.1f} s "
        f"({extra:+.1f} s)"
    )
    if a.json:
        Path(a.json).write_text(json.dumps({"local": local, "dask": dask_, "cold": cold}, indent=1) + "\n")


if __name__ == "__main__":
    main()
