"""The cost of the subject stage per quantity fact, over the shared People's Daily archives.

    python benchmarks/bench_subjects.py [--limit 600] [--rounds 3]

The quantity extractor of a default pipeline (word tagger set, as ``Pipeline`` sets it) runs
on already normalized articles twice per round: as it is, and with its subject stage
(``QuantityExtractor._subject``: constructions, the clause noun, words) replaced by one that
names nothing. The difference of the two CPU times (``time.process_time``), divided by the
facts, is the subject stage's cost per fact; the best round of each is kept. Skips with a
message when ``../shared/corpora`` is absent.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time

from _corpus import archives, articles
from reportmine.extractors.base import Context
from reportmine.extractors.quantity.extractor import QuantityExtractor
from reportmine.pipeline import Pipeline
from reportmine.records import QUANTITY_KINDS
from reportmine.text import Text


def _run(q: QuantityExtractor, texts: list[Text]) -> tuple[float, int]:
    t0 = time.process_time()
    n = sum(1 for t in texts for _f in q.find(Context(t)))
    return time.process_time() - t0, n


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=600)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args()
    if not archives():
        print("skipped: ../shared/corpora is absent")
        return 0
    pipe = Pipeline(kinds=QUANTITY_KINDS)
    q = next(e for e in pipe._extractors if isinstance(e, QuantityExtractor))
    texts = [pipe.normalize(raw) for _id, raw in itertools.islice(articles(), a.limit)]
    chars = sum(len(t.original) for t in texts)
    _run(q, texts[:50])  # warm the segmenter and the caches

    def no_subject(*_args: object) -> None:
        return None

    real = QuantityExtractor._subject
    best_on = best_off = float("inf")
    facts = 0
    for _ in range(a.rounds):
        if q.words is not None and hasattr(q.words, "_tags"):
            q.words._tags.clear()  # no tags kept from the round before: every text is new
        on, facts = _run(q, texts)
        QuantityExtractor._subject = no_subject  # type: ignore[method-assign,assignment]
        try:
            off, _n = _run(q, texts)
        finally:
            QuantityExtractor._subject = real  # type: ignore[method-assign]
        best_on, best_off = min(best_on, on), min(best_off, off)
    per_fact = (best_on - best_off) / max(facts, 1) * 1e6
    print(f"{len(texts)} articles, {chars:,} chars, {facts:,} quantity facts")
    print(f"extractor with subjects {best_on:.2f} s, without {best_off:.2f} s CPU")
    print(f"subject stage {per_fact:.1f} µs per fact ({(best_on - best_off) / best_on:.0%} of the extractor)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
