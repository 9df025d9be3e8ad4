"""Extraction speed on one core over the shared People's Daily archives.

    python benchmarks/bench_extract.py [--repeat 3] [--limit N]

Reports, the best of ``--repeat`` runs each:

- ``Pipeline.extract`` on raw text, every fact kind (normalization included): the
  figure the issue's goal (>= 1.5M chars/s) is about;
- the same for quantity kinds only (``Pipeline(kinds=QUANTITY_KINDS)``) and for money only;
- the quantity extractor alone on already normalized text (``QuantityExtractor.find``);
- where the time of ``Pipeline.extract`` goes, stage by stage, in the order the pipeline
  runs them (CPU time of one more pass, each stage reading what the earlier ones left in
  the shared context: quote pairs, titles, program names and sentences are computed by
  the first stage that needs them);
- the facts found, by kind, and the peak memory of the process (max RSS).

Peers for scale (``../shared/PEERS.md``, same machines): JioNLP's money extractor does
about 1.2M chars/s for money alone, Microsoft Recognizers-Text about 60K chars/s.
``--limit`` reads only the first N articles (for a quick look).
"""

from __future__ import annotations

import argparse
import platform
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Sequence

from _corpus import articles
from reportmine.chars import reference_date
from reportmine.extractors.base import Context
from reportmine.extractors.quantity.extractor import QuantityExtractor
from reportmine.pipeline import Pipeline, _resolve
from reportmine.records import QUANTITY_KINDS, Fact
from reportmine.text import Text


def best_of(repeat: int, fn: Callable[[], Counter[str]]) -> tuple[float, Counter[str]]:
    """Best wall time of ``repeat`` calls of ``fn`` and the result of the last one."""
    best = float("inf")
    out: Counter[str] = Counter()
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


def extract_all(pipe: Pipeline, texts: Sequence[str]) -> Counter[str]:
    """Facts by kind over ``texts``, extracted from raw text."""
    kinds: Counter[str] = Counter()
    for raw in texts:
        kinds.update(f.kind for f in pipe.extract(raw).facts)
    return kinds


def find_only(q: QuantityExtractor, texts: Sequence[Text]) -> Counter[str]:
    """Quantity facts by kind, from the extractor alone on normalized texts."""
    kinds: Counter[str] = Counter()
    for t in texts:
        kinds.update(f.kind for f in q.find(Context(t)))
    return kinds


def stages(pipe: Pipeline, texts: Sequence[str]) -> dict[str, float]:
    """CPU seconds spent in each stage of ``Pipeline.extract`` over ``texts`` (one pass)."""
    clock = time.process_time
    spent: dict[str, float] = dict.fromkeys(["normalize", "meta"], 0.0)
    spent.update((type(ex).__name__, 0.0) for ex in pipe._extractors)
    spent["resolve"] = 0.0
    for raw in texts:
        t0 = clock()
        t = pipe.normalize(raw)
        t1 = clock()
        ctx = Context(t)
        meta = pipe._meta.find(ctx)
        if meta.date:
            ctx.doc_date = reference_date(meta.date)  # (as Pipeline.extract: --MM-DD gives none)
        t2 = clock()
        spent["normalize"] += t1 - t0
        spent["meta"] += t2 - t1
        facts: list[Fact] = []
        for ex in pipe._extractors:
            t3 = clock()
            facts.extend(ex.find(ctx))
            spent[type(ex).__name__] += clock() - t3
        t4 = clock()
        _resolve(facts, t, meta.captions)
        spent["resolve"] += clock() - t4
    return spent


def line(label: str, seconds: float, chars: int, docs: int) -> str:
    """One result line."""
    rate = chars / seconds / 1e6
    return f"{label:44s} {rate:6.2f}M chars/s  {docs / seconds:8.0f} docs/s  ({seconds:.2f} s)"


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument(
        "--learn", action="store_true", help="also time relevance + topics on (reportmine.learn, issue 16)"
    )
    a = ap.parse_args(argv)

    texts = [t for _, t in articles()]
    if a.limit:
        texts = texts[: a.limit]
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars:,} chars; Python {platform.python_version()}, one process")

    everything = Pipeline()
    quantities = Pipeline(kinds=QUANTITY_KINDS)
    for p in (everything, quantities):
        p.extract("预热：投入资金100余万元，2019年5月。")  # build lexicons and OpenCC before timing

    t_all, kinds = best_of(a.repeat, lambda: extract_all(everything, texts))
    print(line("Pipeline.extract, all kinds (from raw text)", t_all, chars, len(texts)))
    if a.learn:
        from reportmine.config import PipelineConfig

        learned = PipelineConfig(relevance=True, topics=True).build()
        learned.extract("预热：投入资金100余万元，2019年5月。")  # read both model files before timing
        t_l, _ = best_of(a.repeat, lambda: extract_all(learned, texts))
        print(line("Pipeline.extract, all kinds + relevance/topics", t_l, chars, len(texts)))
        print(f"  relevance + topics cost {100 * (t_l / t_all - 1):.1f}% of the time of all kinds")
    t_q, qkinds = best_of(a.repeat, lambda: extract_all(quantities, texts))
    print(line("Pipeline.extract, quantity kinds", t_q, chars, len(texts)))
    money = Pipeline(kinds={"money"})  # (issue 19: normalize + meta + the kinds-only quantity pass)
    money.extract("预热：投入资金100余万元。")
    t_m, _ = best_of(a.repeat, lambda: extract_all(money, texts))
    print(line("Pipeline.extract, money only", t_m, chars, len(texts)))

    normalized = [quantities.normalize(t) for t in texts]
    q = next(e for e in quantities._extractors if isinstance(e, QuantityExtractor))
    t_find, _ = best_of(a.repeat, lambda: find_only(q, normalized))
    print(line("QuantityExtractor.find (normalized text)", t_find, chars, len(texts)))

    spent = stages(everything, texts)
    total = sum(spent.values())
    print(f"stages of Pipeline.extract (CPU time of one pass, {chars / total / 1e6:.2f}M chars/s in all):")
    for stage, sec in spent.items():
        print(f"  {stage:20s} {chars / sec / 1e6:7.2f}M chars/s  {sec:6.2f} s  {100 * sec / total:4.1f}%")

    print("facts by kind:", ", ".join(f"{k} {n:,}" for k, n in kinds.most_common()))
    print(f"quantity facts: {sum(qkinds.values()):,}")
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"peak memory (max RSS): {peak / (1024 if sys.platform != 'darwin' else 1024 * 1024):.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
