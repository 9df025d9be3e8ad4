"""Extraction speed on one core over the shared People's Daily archives.

    python benchmarks/bench_extract.py [--repeat 3] [--limit N] [--learn [--learn-model NAME]]

Reports, the best of ``--repeat`` runs each, in CPU time of the process (one core):

- ``Pipeline.extract`` on raw text, every fact kind (normalization included): the
  figure the speed goals are about (issue 14: >= 1.0M chars/s with entities);
- the same in a fresh process, one pass (no text seen before: caches keyed by clause are
  cold, as for an archive read once), and that process's peak memory (a worker's);
- the same for quantity kinds only (``Pipeline(kinds=QUANTITY_KINDS)``) and for money only;
- the quantity extractor alone on already normalized text (``QuantityExtractor.find``);
- where the time of ``Pipeline.extract`` (all kinds, entities on) goes, step by step, in
  the order the pipeline runs them: normalize, metadata, each extractor, organizations and
  people, actor links, resolve, place links, enrich, and ``other`` (the rest of
  ``extract``: Report building, doc ids), timed inside one more pass of ``extract`` itself,
  so the rows add up to its CPU time (each step reads what the earlier ones left in the
  shared context: quote pairs, titles, program names and sentences are computed by the
  first step that needs them);
- the facts found, by kind, and the peak memory (max RSS) of a worker and of this process.

Peers for scale (``../shared/PEERS.md``, same machines): JioNLP's money extractor does
about 1.2M chars/s for money alone, Microsoft Recognizers-Text about 60K chars/s.
``--limit`` reads only the first N articles (for a quick look). ``--learn``: relevance +
topics on, through ``Pipeline.extract_many`` (chunks of 64: the batch's path) and per
document, each against plain all-kinds extraction in the same alternated rounds (issue 16:
the goal is a cost of at most 20 %) with the default relevance model (``relevance-rest``);
``--learn-model relevance`` for the lead-only model.
"""

from __future__ import annotations

import argparse
import multiprocessing
import platform
import resource
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from _corpus import articles
from reportmine.extractors.base import Context, Extractor
from reportmine.extractors.quantity.extractor import QuantityExtractor
from reportmine.pipeline import Pipeline
from reportmine.records import QUANTITY_KINDS, Fact
from reportmine.text import Text


def best_of(repeat: int, fn: Callable[[], Counter[str]]) -> tuple[float, Counter[str]]:
    """Best CPU time of ``repeat`` calls of ``fn`` and the result of the last one (CPU time,
    as the goal is set on one core: wall time on a shared host measures the neighbours)."""
    best = float("inf")
    out: Counter[str] = Counter()
    for _ in range(repeat):
        t0 = time.process_time()
        out = fn()
        best = min(best, time.process_time() - t0)
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


def stages(pipe: Pipeline, texts: Sequence[str]) -> tuple[dict[str, float], float]:
    """CPU seconds of each step of ``Pipeline.extract`` over ``texts`` (one pass), and the
    CPU seconds of the whole pass.

    The steps are timed inside ``pipe.extract`` itself (each step's function wrapped with a
    clock on this pipeline, the module-level ones in ``reportmine.pipeline`` while the pass
    runs), so the rows add up to what ``Pipeline.extract`` spends: ``other`` is the rest
    (the overlap filter of the entities, doc ids, building the ``Report``, the clock
    calls themselves).
    """
    import reportmine.pipeline as pipeline_module

    clock = time.process_time
    spent: dict[str, float] = {}

    def timed(name: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        spent[name] = 0.0

        def run(*args: Any, **kwargs: Any) -> Any:
            t0 = clock()
            out = fn(*args, **kwargs)
            if isinstance(out, Iterator):  # (a generator does its work when read)
                out = list(out)
            spent[name] += clock() - t0
            return out

        return run

    def find(ex: Extractor, ctx: Context) -> Iterable[Fact]:
        name = type(ex).__name__
        t0 = clock()
        out = list(pipe_find(ex, ctx))
        spent[name] += clock() - t0
        return out

    pipe_find = pipe._find
    pipe.normalize = timed("normalize", pipe.normalize)  # type: ignore[method-assign]
    pipe._meta.find = timed("meta", pipe._meta.find)  # type: ignore[method-assign]
    spent.update((type(ex).__name__, 0.0) for ex in pipe._extractors)
    pipe._find = find  # type: ignore[method-assign]
    if pipe._entities is not None:
        pipe._entities.find = timed("organizations, people", pipe._entities.find)  # type: ignore[method-assign]
        pipe._entities.actors = timed("actor links", pipe._entities.actors)  # type: ignore[method-assign]
    module_steps = {"_resolve": "resolve", "place_links": "place links"}
    saved = {name: getattr(pipeline_module, name) for name in module_steps}
    for name, label in module_steps.items():
        setattr(pipeline_module, name, timed(label, saved[name]))
    pipe._enricher.enrich = timed("enrich", pipe._enricher.enrich)  # type: ignore[method-assign]
    try:
        t0 = clock()
        for raw in texts:
            pipe.extract(raw)
        total = clock() - t0
    finally:
        for name, fn in saved.items():
            setattr(pipeline_module, name, fn)
    spent["other (Report, doc ids, entity overlaps)"] = total - sum(spent.values())
    return spent, total


def first_sight(limit: int) -> tuple[float, float]:
    """In a fresh process: CPU seconds of one all-kinds pass over the articles (the pipeline
    warmed up, no text seen before) and the process's peak memory in MiB."""
    texts = [t for _, t in articles()]
    texts = texts[:limit] if limit else texts
    pipe = Pipeline()
    pipe.warm_up()
    t0 = time.process_time()
    extract_all(pipe, texts)
    return time.process_time() - t0, _peak_mib()


def _peak_mib() -> float:
    """This process's peak resident memory (max RSS) in MiB."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 if sys.platform != "darwin" else 1024 * 1024)


def line(label: str, seconds: float, chars: int, docs: int) -> str:
    """One result line."""
    rate = chars / seconds / 1e6
    return f"{label:44s} {rate:6.2f}M chars/s  {docs / seconds:8.0f} docs/s  ({seconds:.2f} s)"


def extract_chunked(pipe: Pipeline, texts: Sequence[str], size: int = 64) -> Counter[str]:
    """Facts by kind over ``texts``, extracted by ``Pipeline.extract_many``: the learned
    fields of ``size`` documents scored together (the batch's chunk, issue 16 session 8)."""
    kinds: Counter[str] = Counter()
    for report in pipe.extract_many(texts, batch_size=size):
        kinds.update(f.kind for f in report.facts)
    return kinds


def learn_cost(plain: Pipeline, texts: Sequence[str], repeat: int, model: str | None) -> None:
    """Relevance + topics (``model``: the relevance model) against plain all-kinds extraction:
    the three passes alternated, ``repeat`` rounds (the order turning each round: a shared
    host's load swings), the best of each; the chunked path is the batch's."""
    from reportmine.config import PipelineConfig
    from reportmine.learn.shipped import DEFAULT_RELEVANCE

    learned = PipelineConfig(relevance=True, topics=True, relevance_model=model).build()
    learned.warm_up()  # (both model files read before timing)
    passes: dict[str, Callable[[], Counter[str]]] = {
        "plain": lambda: extract_all(plain, texts),
        "chunked": lambda: extract_chunked(learned, texts),
        "per document": lambda: extract_all(learned, texts),
    }
    best = dict.fromkeys(passes, float("inf"))
    names = list(passes)
    for r in range(repeat):
        for name in names[r % 3 :] + names[: r % 3]:
            best[name] = min(best[name], best_of(1, passes[name])[0])
    chars = sum(map(len, texts))
    label = model or DEFAULT_RELEVANCE  # (relevance-rest since session 8)
    for name in ("chunked", "per document"):
        print(line(f"Pipeline.extract + {label}/topics, {name}", best[name], chars, len(texts)))
        print(
            f"  relevance + topics cost {100 * (best[name] / best['plain'] - 1):.1f}% of plain all kinds "
            f"({best['plain']:.2f} s in the same rounds)"
        )


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="only the first N articles")
    ap.add_argument(
        "--learn", action="store_true", help="also time relevance + topics on (reportmine.learn, issue 16)"
    )
    ap.add_argument("--learn-model", help="with --learn: the relevance model (relevance-rest …)")
    a = ap.parse_args(argv)

    texts = [t for _, t in articles()]
    if a.limit:
        texts = texts[: a.limit]
    chars = sum(map(len, texts))
    print(f"{len(texts)} articles, {chars:,} chars; Python {platform.python_version()}, one process")

    everything = Pipeline()
    quantities = Pipeline(kinds=QUANTITY_KINDS)
    for p in (everything, quantities):
        p.warm_up()  # build lexicons, OpenCC and the village table before timing

    t_all, kinds = best_of(a.repeat, lambda: extract_all(everything, texts))
    print(line("Pipeline.extract, all kinds (from raw text)", t_all, chars, len(texts)))
    # the repeats above meet each clause a second time: the subject finder's word tags are
    # cached by clause (quantity/words.py), so they are partly warm; an archive's texts are
    # seen once. A fresh process with one pipeline, one pass: the figure for them, and the
    # memory of a worker (this process holds four pipelines and every text twice)
    with multiprocessing.get_context("spawn").Pool(1) as pool:
        t_first, worker_peak = pool.apply(first_sight, (a.limit,))
    print(line("  the same, first sight (fresh process, one pass)", t_first, chars, len(texts)))
    if a.learn:
        learn_cost(everything, texts, a.repeat, a.learn_model)
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

    spent, total = stages(everything, texts)  # (last: it leaves the pipeline's steps wrapped)
    rate = f"{chars / total / 1e6:.2f}M chars/s"
    print(f"steps of Pipeline.extract, all kinds (CPU time of one pass, {rate} in all):")
    for stage, sec in spent.items():
        rate = f"{chars / sec / 1e6:7.2f}M chars/s" if sec > 0 else " " * 15
        print(f"  {stage:42s} {rate}  {sec:6.2f} s  {100 * sec / total:4.1f}%")

    print("facts by kind:", ", ".join(f"{k} {n:,}" for k, n in kinds.most_common()))
    print(f"quantity facts: {sum(qkinds.values()):,}")
    print(f"peak memory (max RSS): one all-kinds pipeline, villages loaded (a worker) {worker_peak:.0f} MiB;")
    print(f"  this process (four pipelines, every text and its normalized copy) {_peak_mib():.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
