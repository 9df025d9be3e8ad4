"""Speed of the named-fact extractors (metadata, dates, programs, documents) on the archives.

    python benchmarks/bench_named.py [--limit N] [--repeat 3]

Texts are normalized first (not timed); then each extractor runs alone over every article
(a fresh context per article, so each pays for what it reads: quote pairs, titles,
sentences), the best of ``--repeat`` runs, and its throughput is printed in characters
and documents per second with the facts it found. Memory is measured afterwards in a
separate, untimed pass (``tracemalloc`` slows every allocation, so it is never on while
timing): the peak traced while the extractors run, and the peak RSS of the process.
"""

from __future__ import annotations

import argparse
import resource
import sys
import time
import tracemalloc
from collections.abc import Callable

from _corpus import articles
from reportmine.extractors.base import Context, Extractor
from reportmine.extractors.dates import DateExtractor
from reportmine.extractors.documents import DocumentExtractor
from reportmine.extractors.meta import MetaExtractor
from reportmine.extractors.programs import ProgramExtractor
from reportmine.pipeline import Pipeline
from reportmine.text import Text


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--repeat", type=int, default=3, help="timed runs per extractor (the best counts)")
    a = ap.parse_args()
    pipe = Pipeline()
    lex = pipe.lexicon
    texts: list[Text] = []
    for k, (_, raw) in enumerate(articles()):
        if a.limit and k >= a.limit:
            break
        texts.append(pipe.normalize(raw))
    chars = sum(len(t.original) for t in texts)
    print(f"{len(texts)} articles, {chars:,} characters")

    meta = MetaExtractor(lex)
    runs: list[tuple[str, Callable[[Context], int], str]] = [
        ("dates", _count_facts(DateExtractor(lex)), "facts"),
        ("programs", _count_facts(ProgramExtractor(lex)), "facts"),
        ("documents", _count_facts(DocumentExtractor(lex)), "facts"),
        ("meta", lambda ctx: 1 if meta.find(ctx).date else 0, "dated"),
    ]
    for name, run, what in runs:
        best, found = float("inf"), 0
        for _ in range(a.repeat):
            t0 = time.perf_counter()
            found = sum(run(Context(t)) for t in texts)
            best = min(best, time.perf_counter() - t0)
        rate, docs = chars / best, len(texts) / best
        print(f"{name:<10} {rate:>12,.0f} chars/s {docs:>8,.0f} docs/s {found:>7} {what}")

    tracemalloc.start()
    for _, run, _ in runs:
        for t in texts:
            run(Context(t))
    peak = tracemalloc.get_traced_memory()[1] / 2**20
    tracemalloc.stop()
    rss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / (1024 if sys.platform != "darwin" else 2**20)
    print(f"peak memory {peak:.1f} MiB traced while extracting, {rss:.0f} MiB max RSS (texts included)")


def _count_facts(ex: Extractor) -> Callable[[Context], int]:
    return lambda ctx: sum(1 for _ in ex.find(ctx))


if __name__ == "__main__":
    main()
