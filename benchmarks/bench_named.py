"""Speed of the named-fact extractors (metadata, dates, programs, documents) on the archives.

    python benchmarks/bench_named.py [--limit N]

Texts are normalized first (not timed); then each extractor runs over every article and its
throughput is printed in characters and documents per second, with the facts it found and
the peak memory of the run.
"""

from __future__ import annotations

import argparse
import time
import tracemalloc

from _corpus import articles
from reportmine.extract.base import Context
from reportmine.extract.dates import DateExtractor
from reportmine.extract.documents import DocumentExtractor
from reportmine.extract.meta import MetaExtractor
from reportmine.extract.programs import ProgramExtractor
from reportmine.pipeline import Pipeline


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    a = ap.parse_args()
    pipe = Pipeline()
    lex = pipe.lexicon
    texts = []
    for k, (_, raw) in enumerate(articles()):
        if a.limit and k >= a.limit:
            break
        texts.append(pipe.normalize(raw))
    chars = sum(len(t.original) for t in texts)
    print(f"{len(texts)} articles, {chars:,} characters")
    tracemalloc.start()
    meta = MetaExtractor(lex)
    for name, ex in (
        ("dates", DateExtractor(lex)),
        ("programs", ProgramExtractor(lex)),
        ("documents", DocumentExtractor(lex)),
    ):
        t0 = time.perf_counter()
        n = sum(len(list(ex.find(Context(t)))) for t in texts)
        dt = time.perf_counter() - t0
        print(f"{name:<10} {chars / dt:>12,.0f} chars/s {len(texts) / dt:>8,.0f} docs/s {n:>7} facts")
    t0 = time.perf_counter()
    dated = sum(1 for t in texts if meta.find(Context(t)).date)
    dt = time.perf_counter() - t0
    print(f"{'meta':<10} {chars / dt:>12,.0f} chars/s {len(texts) / dt:>8,.0f} docs/s {dated:>7} dated")
    print(f"peak memory {tracemalloc.get_traced_memory()[1] / 2**20:.1f} MiB (extractors only)")


if __name__ == "__main__":
    main()
