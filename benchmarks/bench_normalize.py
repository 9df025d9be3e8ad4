"""Normalization speed on one core over the shared People's Daily archives.

    python benchmarks/bench_normalize.py [--repeat 3]

Reports chars/s and docs/s for the archives as they are (simplified script) and for the
same articles converted to traditional script with OpenCC ``s2t`` first (conversion not
timed), the best of ``--repeat`` runs each, plus the damage and repairs found and the
peak memory of the process. Goal: >= 5M chars/s on simplified input.
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from collections import Counter
from collections.abc import Sequence

from _corpus import articles

from reportmine.normalize import Normalizer


def run(norm: Normalizer, texts: Sequence[str], repeat: int) -> tuple[float, Counter[str], int]:
    """Best wall time of ``repeat`` passes; repairs by step and damaged ranges of the last."""
    best = float("inf")
    steps: Counter[str] = Counter()
    damaged = 0
    for _ in range(repeat):
        steps.clear()
        damaged = 0
        t0 = time.perf_counter()
        for raw in texts:
            t = norm(raw)
            damaged += len(t.damaged)
            steps.update(r.step for r in t.repairs)
        best = min(best, time.perf_counter() - t0)
    return best, steps, damaged


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="passes per input (best is reported)")
    a = ap.parse_args(argv)

    texts = [raw for _, raw in articles()]
    chars = sum(map(len, texts))
    norm = Normalizer()
    norm(texts[0])  # load OpenCC and the mojibake table outside the timing
    print(f"python {platform.python_version()}, {len(texts)} articles, {chars:,} chars, one core")

    elapsed, steps, damaged = run(norm, texts, a.repeat)
    print(
        f"simplified:  {chars / elapsed / 1e6:6.2f}M chars/s  {len(texts) / elapsed:8.0f} docs/s"
        f"  ({elapsed:.2f} s)  damaged ranges: {damaged}  repairs: {dict(steps)}"
    )

    from reportmine._script import open_converter

    s2t = open_converter("s2t")
    trad = [s2t.convert(raw) for raw in texts]
    tchars = sum(map(len, trad))
    elapsed, steps, damaged = run(norm, trad, a.repeat)
    print(
        f"traditional: {tchars / elapsed / 1e6:6.2f}M chars/s  {len(trad) / elapsed:8.0f} docs/s"
        f"  ({elapsed:.2f} s)  damaged ranges: {damaged}  repairs: {dict(steps)}"
    )
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory: {peak / 1024:.0f} MB (whole process, corpus held in memory twice)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
