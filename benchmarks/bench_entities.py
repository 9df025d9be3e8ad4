"""What the entity stage (places, organizations, people, their links) costs, on one core.

    python benchmarks/bench_entities.py [--limit 800] [--rounds 3]

Reports, in CPU time (``time.process_time``) over the first ``--limit`` articles of the
shared archives, after a warm-up on the next 200:

- the first-use load of the division tables (province–town, then villages), with the
  process's resident memory after each;
- the default pipeline (every default kind, entities on) and the same without the entity
  kinds (``place``, ``organization``, ``person``), alternated ``--rounds`` times: chars/s of
  each, and the entity stage per document as the difference (median of the rounds);
- the parts alone (best round): the place finder, the organization finder, the person
  finder (with the organizations it needs) in µs per document;
- the process's max RSS at the end (both tables and a pipeline loaded).

To compare two checkouts, run it under each in turn (``PYTHONPATH=OTHER/src``), a few times
alternately: the host's noise is larger than one run shows. Exits with a message when the
archives (``../shared/corpora``) are absent.
"""

from __future__ import annotations

import argparse
import resource
import statistics
import sys
import time
from collections.abc import Callable, Sequence

from _corpus import articles
from reportmine.extractors.entities.divisions import divisions, villages
from reportmine.extractors.entities.places import PlaceExtractor
from reportmine.pipeline import Pipeline
from reportmine.records import ENTITY_KINDS

_clock = time.process_time


def _rss_mib() -> float:
    """The resident memory of this process now (Linux), else its max so far."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * resource.getpagesize() / 2**20
    except OSError:
        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _cpu(fn: Callable[[], object]) -> float:
    t0 = _clock()
    fn()
    return _clock() - t0


def _over(fn: Callable[[str], object], texts: Sequence[str]) -> float:
    """CPU seconds of ``fn`` over every text."""
    return _cpu(lambda: [fn(s) for s in texts])


def load_tables() -> None:
    """Time the first use of each table."""
    r0 = _rss_mib()
    t_div = _cpu(divisions)
    r1 = _rss_mib()
    t_vil = _cpu(villages)
    r2 = _rss_mib()
    print(f"province–town table: {t_div:.2f} s CPU, +{r1 - r0:.0f} MiB")
    print(f"village table:       {t_vil:.2f} s CPU, +{r2 - r1:.0f} MiB (resident now {r2:.0f} MiB)")


def stage(texts: Sequence[str], rounds: int) -> None:
    """The pipeline with and without entities, alternated; the entity stage by difference."""
    chars, n = sum(map(len, texts)), len(texts)
    full = Pipeline()
    bare = Pipeline(kinds=set(full.kinds) - ENTITY_KINDS - {"place"})
    with_e, without = [], []
    for _ in range(rounds):
        with_e.append(_cpu(lambda: [full.extract(t) for t in texts]))
        without.append(_cpu(lambda: [bare.extract(t) for t in texts]))
    diff = statistics.median(a - b for a, b in zip(with_e, without, strict=True))
    print(f"all default kinds, entities on:  {chars / min(with_e) / 1e6:.2f}M chars/s (best of {rounds})")
    print(f"the same without entity kinds:   {chars / min(without) / 1e6:.2f}M chars/s")
    print(f"entity stage: {diff / n * 1e6:.0f} µs per document (median difference of the rounds)")


def parts(texts: Sequence[str], rounds: int) -> None:
    """The finders alone on already normalized texts (best round)."""
    pipe = Pipeline()
    places = next(e for e in pipe._extractors if isinstance(e, PlaceExtractor)).finder
    named = pipe._entities
    assert named is not None
    normalized = [pipe.normalize(t).normalized for t in texts]
    jobs: dict[str, Callable[[str], object]] = {
        "places": places.find,
        "organizations": named._orgs.find,
        "people (with organizations)": lambda s: named._people.find(s, named._orgs.find(s)),
    }
    for label, fn in jobs.items():
        best = min(_over(fn, normalized) for _ in range(rounds))
        print(f"  {label:28s} {best / len(texts) * 1e6:6.0f} µs per document")


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--limit", type=int, default=800)
    ap.add_argument("--rounds", type=int, default=3)
    a = ap.parse_args(argv)
    texts = []
    for _, text in articles():
        texts.append(text)
        if len(texts) >= a.limit + 200:
            break
    warm, texts = texts[a.limit :], texts[: a.limit]
    load_tables()
    warmer = Pipeline()
    for t in warm:
        warmer.extract(t)
    print(f"{len(texts)} articles, {sum(map(len, texts)):,} chars; CPU time, one process")
    stage(texts, a.rounds)
    print("parts alone:")
    parts(texts, a.rounds)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"max RSS: {peak / (1024 if sys.platform != 'darwin' else 1024 * 1024):.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
