"""reportmine against its single-purpose peers, interleaved in one run (issue 19).

    python benchmarks/bench_peers.py [--rounds 3] [--limit N] [--no-ceiling]

Every contender reads the same texts, already loaded from ``../shared/corpora`` (the
benchmark exits with a message when the archives are absent):

- reportmine, every default kind without entities (``Pipeline(kinds=DEFAULT_KINDS - ENTITIES)``:
  organizations, people and places, the kinds issue 14 added after the issue-19 goals were set);
- reportmine, money only (``Pipeline(kinds={"money"})``);
- reportmine with entities on (every default kind, places and
  :data:`reportmine.records.ENTITY_KINDS` included, whatever entity kinds this version has);
- JioNLP's ``extract_money`` (``jionlp.ner.extract_money``) and cn2an's
  ``transform(text, "cn2an")`` when installed (the optional extra ``reportmine[bench]``);
  a missing peer is skipped with a message.

The contenders run in rounds, one pass each per round in turn, so a noisy neighbour slows
them all alike; each figure is the best round's CPU time (``time.process_time``) of this one
process, printed as chars/s and as a ratio to JioNLP money (the figure the issue's goals are
set in; without JioNLP the ratios are to the PEERS.md figure of 1.6M chars/s, labelled so).

Last, the machine's own 2-process ceiling: a fixed CPU-bound loop in two processes at once
against one process (wall time). A shared or throttled machine gives less than 2.0x; the
batch goal (``--jobs 2`` >= 1.9x ``--jobs 1``) holds only where this ceiling allows it.
"""

from __future__ import annotations

import argparse
import importlib
import multiprocessing as mp
import platform
import sys
import time
import warnings
from collections.abc import Callable, Sequence
from typing import Any

from _corpus import articles
from reportmine.pipeline import Pipeline
from reportmine.records import DEFAULT_KINDS, ENTITY_KINDS

Pass = Callable[[Sequence[str]], int]
ENTITIES = ENTITY_KINDS | {"place"}  # (places have their own extractor, not in ENTITY_KINDS)
PEERS_MD_JIONLP_MONEY = 1.6e6  # PEERS.md: JioNLP money 1.2–1.6M chars/s (the upper end)
PEERS_MD_LABEL = "the PEERS.md figure of JioNLP money, 1.6M (JioNLP not available)"


def reportmine_pass(pipe: Pipeline) -> Pass:
    """One pass of ``pipe.extract`` over raw texts; returns the facts found."""

    def run(texts: Sequence[str]) -> int:
        return sum(len(pipe.extract(t).facts) for t in texts)

    return run


def peer_passes() -> dict[str, Pass]:
    """The installed peers, by label; prints a line for each one missing."""
    out: dict[str, Pass] = {}
    try:
        jio = importlib.import_module("jionlp")  # JioNLP 1.5: jionlp.ner.extract_money
        ner = getattr(jio, "ner", jio)
        money: Callable[[str], list[object]] = ner.extract_money

        def jionlp_money(texts: Sequence[str]) -> int:
            return sum(len(money(t)) for t in texts)

        out["JioNLP extract_money"] = jionlp_money
    except Exception as e:  # an ImportError, or a peer that breaks on import
        print(f"peer skipped: JioNLP ({type(e).__name__}: {e}); pip install 'reportmine[bench]'")
    try:
        cn2an = importlib.import_module("cn2an")
        transform: Callable[[str, str], str] = cn2an.transform

        def cn2an_transform(texts: Sequence[str]) -> int:
            with warnings.catch_warnings():  # cn2an warns about every numeral it cannot read
                warnings.simplefilter("ignore")
                return sum(len(transform(t, "cn2an")) for t in texts)

        out["cn2an transform"] = cn2an_transform
    except Exception as e:
        print(f"peer skipped: cn2an ({type(e).__name__}: {e}); pip install 'reportmine[bench]'")
    return out


def contenders(peers: dict[str, Pass]) -> dict[str, Pass]:
    """Every contender by label, reportmine's pipelines built and warmed up."""
    plain = set(DEFAULT_KINDS) - ENTITIES
    pipes = {
        "reportmine, all kinds (no entities)": Pipeline(kinds=plain),
        "reportmine, money only": Pipeline(kinds={"money"}),
        f"reportmine, with entities ({', '.join(sorted(ENTITIES))})": Pipeline(
            kinds=set(DEFAULT_KINDS) | ENTITIES
        ),
    }
    warm = "预热：投入资金100余万元，2019年5月。扶贫办主任张三说。"
    out: dict[str, Pass] = {}
    for label, pipe in pipes.items():
        pipe.extract(warm)
        pipe.extract(pipe.normalize("投入資金100餘萬元"))  # OpenCC too
        out[label] = reportmine_pass(pipe)
    for label, fn in peers.items():
        fn([warm])  # the peers load their dictionaries on first call
        out[label] = fn
    return out


def interleaved(runs: dict[str, Pass], texts: Sequence[str], rounds: int) -> dict[str, list[float]]:
    """CPU seconds of every round of every contender, run in turn round by round."""
    spent: dict[str, list[float]] = {k: [] for k in runs}
    for r in range(rounds):
        for label, fn in runs.items():
            t0 = time.process_time()
            fn(texts)
            spent[label].append(time.process_time() - t0)
        print(f"  round {r + 1}/{rounds}: " + ", ".join(f"{s[-1]:.1f}s" for s in spent.values()), flush=True)
    return spent


def report(spent: dict[str, list[float]], chars: int) -> None:
    """The table: best-round chars/s and the ratio to JioNLP money."""
    rate = {k: chars / min(v) for k, v in spent.items()}
    jio = rate.get("JioNLP extract_money")
    base, base_label = (jio, "JioNLP money, this run") if jio else (PEERS_MD_JIONLP_MONEY, PEERS_MD_LABEL)
    print(f"\nbest round, CPU time of one process; ratio to {base_label}:")
    for label, r in rate.items():
        rounds = " ".join(f"{chars / s / 1e6:.2f}" for s in spent[label])
        print(f"  {label:48s} {r / 1e6:6.2f}M chars/s  {r / base:5.2f}x   (rounds: {rounds})")


def _spin(n: int, out: Any = None) -> int:
    """A fixed CPU-bound loop (the unit of the ceiling measurement); puts its start and end
    (``time.monotonic``, one clock for every process) on ``out`` when given."""
    t0 = time.monotonic()
    x = 0
    for i in range(n):
        x = (x * 31 + i) % 1_000_003
    if out is not None:
        out.put((t0, time.monotonic()))
    return x


def ceiling(n: int = 3_000_000, rounds: int = 3) -> float:
    """How much faster two processes do two loops than one process does them, the median
    of ``rounds`` tries (wall time from the first loop's start to the last one's end, so
    process start-up is left out; 2.0 on two idle cores)."""
    ctx = mp.get_context("spawn")
    ratios = []
    for _ in range(rounds):
        t0 = time.monotonic()
        _spin(n)
        _spin(n)
        one = time.monotonic() - t0
        out = ctx.Queue()
        procs = [ctx.Process(target=_spin, args=(n, out)) for _ in range(2)]
        for p in procs:
            p.start()
        spans = [out.get() for _ in procs]
        for p in procs:
            p.join()
        ratios.append(one / (max(b for _, b in spans) - min(a for a, _ in spans)))
    return sorted(ratios)[len(ratios) // 2]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--rounds", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument("--no-ceiling", action="store_true", help="skip the 2-process ceiling")
    a = ap.parse_args(argv)

    texts = [t for _, t in articles()]
    if a.limit:
        texts = texts[: a.limit]
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars:,} chars; Python {platform.python_version()}; {a.rounds} rounds")
    runs = contenders(peer_passes())
    report(interleaved(runs, texts, a.rounds), chars)
    if not a.no_ceiling:
        c = ceiling()
        print(f"\n2-process ceiling of this machine: {c:.2f}x (two CPU-bound processes vs one, wall time)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
