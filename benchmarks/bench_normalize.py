"""Normalization speed on one core over the shared People's Daily archives.

    python benchmarks/bench_normalize.py [--repeat 3] [--mojibake]

Reports chars/s and docs/s for the archives as they are (simplified script) and for the
same articles converted to traditional script with OpenCC ``s2t`` first (conversion not
timed), the best of ``--repeat`` runs each, plus the damage and repairs found and the
peak memory of the process. Goal: >= 5M chars/s on simplified input.

``--mojibake`` also measures the mojibake detector: false alarms are the damaged ranges
found in the (clean) archives above; recall is measured on 600 sentences of the
archives garbled three ways (UTF-8 read as GBK, Big5 read as GBK, GBK read as Big5),
each put between two clean sentences: the share of garbled sentences flagged, and the
share of garbled characters inside damaged ranges.
"""

from __future__ import annotations

import argparse
import platform
import random
import re
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence

from _corpus import articles
from reportmine.normalization.normalizer import Normalizer


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


def mojibake_recall(norm: Normalizer, texts: Sequence[str]) -> None:
    """Print how much of deliberately garbled text the detector flags."""
    from reportmine.normalization.script import open_converter

    rnd = random.Random(7)
    sentences = [
        s.strip(" \u3000\xa0")
        for t in rnd.sample(list(texts), 400)
        for s in re.split(r"[。！？\r\n]+", t)
        if 15 <= len(s.strip(" \u3000\xa0")) <= 60
    ]
    rnd.shuffle(sentences)
    s2t = open_converter("s2t")
    garblers: dict[str, Callable[[str], str]] = {
        "UTF-8 as GBK": lambda s: s.encode("utf-8").decode("gbk", errors="ignore"),
        "Big5 as GBK": lambda s: s2t.convert(s).encode("big5", "ignore").decode("gbk", "ignore"),
        "GBK as Big5": lambda s: s.encode("gbk", errors="ignore").decode("big5", errors="ignore"),
    }
    before, after = "这是一段正常的文字。", "。这也是正常的文字。"
    for name, garble in garblers.items():
        flagged = covered = total = 0
        for s in sentences[:600]:
            g = garble(s)
            t = norm(before + g + after)
            a, b = len(before), len(before) + len(g)
            total += len(g)
            covered += sum(max(0, min(e, b) - max(s_, a)) for s_, e in t.damaged)
            flagged += bool(t.damaged)
        print(
            f"mojibake recall, {name:13s}: {flagged}/{min(600, len(sentences))} sentences flagged, "
            f"{covered / max(total, 1):.0%} of garbled characters covered"
        )


def main(argv: Sequence[str] | None = None) -> int:
    """Run the benchmark and print a report."""
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3, help="passes per input (best is reported)")
    ap.add_argument("--mojibake", action="store_true", help="also measure mojibake detection recall")
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

    from reportmine.normalization.script import open_converter

    s2t = open_converter("s2t")
    trad = [s2t.convert(raw) for raw in texts]
    tchars = sum(map(len, trad))
    elapsed, steps, damaged = run(norm, trad, a.repeat)
    print(
        f"traditional: {tchars / elapsed / 1e6:6.2f}M chars/s  {len(trad) / elapsed:8.0f} docs/s"
        f"  ({elapsed:.2f} s)  damaged ranges: {damaged}  repairs: {dict(steps)}"
    )
    if a.mojibake:
        mojibake_recall(norm, texts)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory: {peak / 1024:.0f} MB (whole process, corpus held in memory twice)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
