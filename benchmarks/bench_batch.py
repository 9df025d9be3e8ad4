"""Batch throughput: the shared People's Daily archives, end to end from the .tar.gz files.

    python benchmarks/bench_batch.py [--jobs 1 2] [--chunk-size N] [--quick] [--json FILE]
                                     [--rounds N] [--src DIR [DIR ...]]

For each ``--jobs`` value a fresh process runs the whole batch (read the archives as a
stream, decode, extract, write a temporary SQLite store) and reports documents/s and
chars/s over the wall time of the run (worker start-up included), the speed-up over the
first value, and the peak resident memory of the main process and of each worker
(``ru_maxrss``), and the CPU seconds spent in the main process and in the workers
(on a shared machine the CPU figures are steadier than the wall time). ``--jobs N`` is
N worker processes (the main process only reads and writes; 1: everything in the main process).
Then two ceilings for the largest N: N processes burning pure CPU, and N processes
extracting the same articles already read (no reading, writing or hand-over) against one:
the batch speed-up cannot exceed the second on this machine, at this moment.
Goals (issue 5): 2 jobs >= 1.8x the speed of 1 job; <= 250 MB per worker; issue 19:
>= 1.9x where the machine's 2-process ceiling allows it.
``--quick`` uses only the first archive.

Paired runs (issue 19): ``--src A/src B/src`` runs each tree's reportmine (the batch
subprocess's ``PYTHONPATH``) interleaved, ``--rounds`` times: each round runs every tree at
every ``--jobs`` value in turn and then the pure-CPU ceiling, so a busy neighbour slows
all alike. The end prints, per tree and ``--jobs``, min/median wall and CPU (main +
workers) seconds, the median wall speed-up of the largest ``--jobs`` over the first, and
the ceilings of the same rounds.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

from _corpus import archives
from reportmine.batch import BatchOptions

_RUN = """
import json, resource, sys, time
from reportmine.batch import BatchOptions, run_batch
from reportmine.output.store import Store
jobs, chunk, db, paths = int(sys.argv[1]), int(sys.argv[2]), sys.argv[3], sys.argv[4:]
with Store(db) as store:
    s = run_batch(paths, store, BatchOptions(jobs=jobs, chunk_docs=chunk))
me = resource.getrusage(resource.RUSAGE_SELF)
main_rss = me.ru_maxrss * 1024
print(json.dumps({"jobs": s.jobs, "docs": s.total, "failed": s.failed, "facts": s.facts, "chars": s.chars,
                  "seconds": s.seconds, "worker_rss": s.worker_peak_rss if s.jobs > 1 else None,
                  "main_rss": main_rss, "main_cpu": me.ru_utime + me.ru_stime,
                  "worker_cpu": sum(s.worker_cpu.values()) if s.jobs > 1 else 0.0}))
"""


def run(jobs: int, chunk: int, paths: list[str], src: str | None = None) -> dict[str, float]:
    """One batch run in a fresh interpreter (importing reportmine from ``src`` when given);
    its summary."""
    env = dict(os.environ)
    if src is not None:
        env["PYTHONPATH"] = os.pathsep.join([src, *filter(None, [env.get("PYTHONPATH")])])
    with tempfile.TemporaryDirectory() as tmp:
        out = subprocess.run(
            [sys.executable, "-c", _RUN, str(jobs), str(chunk), str(Path(tmp) / "bench.sqlite"), *paths],
            check=True,
            capture_output=True,
            text=True,
            env=env,
        )
    return json.loads(out.stdout.strip().splitlines()[-1])  # type: ignore[no-any-return]


def _burn(n: int) -> int:
    total = 0
    for i in range(n):
        total += i * i
    return total


def machine_ceiling(jobs: int, n: int = 8_000_000) -> float:
    """How much faster ``jobs`` processes burn pure CPU than one: the best speed-up this
    machine can give any parallel run (cores that are hyperthreads or a CPU quota give less
    than ``jobs``)."""
    import time
    from concurrent.futures import ProcessPoolExecutor

    t = time.perf_counter()
    _burn(n)
    one = time.perf_counter() - t
    with ProcessPoolExecutor(jobs) as ex:
        list(ex.map(_burn, [1] * jobs))  # start the workers first
        t = time.perf_counter()
        list(ex.map(_burn, [n] * jobs))
        many = time.perf_counter() - t
    return jobs * one / many


def _extract_all(texts: list[str]) -> float:
    """Extract ``texts`` with a fresh pipeline (built and warmed first); the seconds taken."""
    import time

    from reportmine.pipeline import Pipeline

    pipe = Pipeline()
    pipe.extract(texts[0])
    t = time.perf_counter()
    for text in texts:
        pipe.extract(text)
    return time.perf_counter() - t


def workload_ceiling(jobs: int, n_docs: int = 1200) -> float:
    """How much faster ``jobs`` processes extract the same articles (read beforehand, no
    reading, writing or hand-over) than one: this machine's bound for the batch speed-up on
    THIS work, which shares caches and memory bandwidth where a pure-CPU loop does not."""
    from concurrent.futures import ProcessPoolExecutor

    from _corpus import articles

    texts = []
    for _, text in articles():
        texts.append(text)
        if len(texts) >= n_docs:
            break
    with ProcessPoolExecutor(1) as ex:
        one = ex.submit(_extract_all, texts).result()
    parts = [texts[i::jobs] for i in range(jobs)]
    with ProcessPoolExecutor(jobs) as ex:
        many = max(ex.map(_extract_all, parts))
    return one / many


def _load() -> str:
    try:
        return " ".join(f"{x:.2f}" for x in os.getloadavg())
    except (AttributeError, OSError):  # pragma: no cover - not on Unix
        return "unknown"


def _row(jobs: int, r: dict[str, Any], base: float | None) -> str:
    docs_s = r["docs"] / r["seconds"]
    chars_s = r["chars"] / r["seconds"]
    r.update(docs_per_s=docs_s, chars_per_s=chars_s, speedup=chars_s / (base or chars_s))
    worker = f"{r['worker_rss'] / 2**20:.0f} MB" if r["worker_rss"] else "(in main)"
    return (
        f"--jobs {jobs}: {r['docs']} docs ({r['failed']} failed), {r['facts']} facts, "
        f"{r['chars'] / 1e6:.2f}M chars in {r['seconds']:.1f} s: {docs_s:.0f} docs/s, "
        f"{chars_s / 1e3:.0f}k chars/s, x{r['speedup']:.2f}; peak RSS main "
        f"{r['main_rss'] / 2**20:.0f} MB, per worker {worker}; CPU main {r['main_cpu']:.1f} s, "
        f"workers {r['worker_cpu']:.1f} s"
    )


def _paired(a: argparse.Namespace, paths: list[str]) -> list[dict[str, Any]]:
    """``--src``: every tree at every ``--jobs``, interleaved, ``--rounds`` times; then the
    min/median table."""
    rows: list[dict[str, Any]] = []
    ceilings = []
    for n in range(a.rounds):
        for src in a.src:
            base = None
            for jobs in a.jobs:
                r = run(jobs, a.chunk_size, paths, src)
                r.update(src=src, round=n, asked_jobs=jobs)
                line = _row(jobs, r, base)
                base = base or r["chars_per_s"]
                rows.append(r)
                print(f"round {n + 1} {src}: {line}", flush=True)
        if max(a.jobs) > 1:
            ceilings.append(machine_ceiling(max(a.jobs)))
            print(f"round {n + 1}: pure-CPU ceiling x{ceilings[-1]:.2f}; load {_load()}", flush=True)
    print("min / median of the rounds (seconds; CPU = main + workers):")
    for src in a.src:
        walls = {}
        for jobs in a.jobs:
            mine = [r for r in rows if r["src"] == src and r["asked_jobs"] == jobs]
            wall = [r["seconds"] for r in mine]
            cpu = [r["main_cpu"] + r["worker_cpu"] for r in mine]
            main = [r["main_cpu"] for r in mine]
            walls[jobs] = statistics.median(wall)
            print(
                f"  {src} --jobs {jobs}: wall {min(wall):.1f} / {walls[jobs]:.1f}; CPU {min(cpu):.1f} / "
                f"{statistics.median(cpu):.1f} (main {min(main):.1f} / {statistics.median(main):.1f}); "
                f"worker RSS max {max(r['worker_rss'] or 0 for r in mine) / 2**20:.0f} MB"
            )
        top, first = max(a.jobs), a.jobs[0]
        if top != first:
            print(f"  {src}: --jobs {top} / --jobs {first} on median wall: x{walls[first] / walls[top]:.2f}")
    if ceilings:
        mid = statistics.median(ceilings)
        print(f"  pure-CPU ceiling of the same rounds: min x{min(ceilings):.2f}, median x{mid:.2f}")
    return rows


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument(
        "--jobs", type=int, nargs="+", default=[1, 2], help="worker counts to compare (default 1 2)"
    )
    ap.add_argument("--chunk-size", type=int, default=BatchOptions().chunk_docs, help="documents per chunk")
    ap.add_argument("--quick", action="store_true", help="only the first archive")
    ap.add_argument("--json", metavar="FILE", help="also write the figures as JSON")
    ap.add_argument("--src", nargs="+", metavar="DIR", help="paired runs of these source trees (their src/)")
    ap.add_argument("--rounds", type=int, default=3, help="rounds of paired runs (with --src; default 3)")
    a = ap.parse_args()
    paths = [str(p) for p in archives()]
    if a.quick:
        paths = paths[:1]
    print(f"archives: {', '.join(Path(p).name for p in paths)}; load average {_load()}")
    rows = _paired(a, paths) if a.src else _single(a, paths)
    if a.json:
        Path(a.json).write_text(json.dumps(rows, indent=2) + "\n", encoding="utf-8")


def _single(a: argparse.Namespace, paths: list[str]) -> list[dict[str, Any]]:
    """One run per ``--jobs`` value with the reportmine this process imports; the ceilings."""
    rows = []
    base = None
    for jobs in a.jobs:
        r = run(jobs, a.chunk_size, paths)
        print(_row(jobs, r, base))
        base = base or r["chars_per_s"]
        rows.append(r)
    print(f"load average after: {_load()} (other processes on the cores distort the wall times)")
    top = max(a.jobs)
    if top > 1:
        ceiling = machine_ceiling(top)
        work = workload_ceiling(top)
        print(
            f"machine ceiling: {top} processes burning pure CPU run x{ceiling:.2f} as fast as one; "
            f"extracting the same articles (already read) x{work:.2f} "
            f"(the batch speed-up cannot exceed these; x{top} needs {top} real idle cores)"
        )
    return rows


if __name__ == "__main__":
    main()
