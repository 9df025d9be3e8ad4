"""What relevance and topics cost in extraction: ``Pipeline()`` against
``Pipeline(relevance=True, topics=True)`` on the same archive articles.

    python benchmarks/bench_learn_cost.py [--limit 1000] [--rounds 5] [--per-document]
        [--relevance-model relevance] [--share PASSES]

Both pipelines are built and warmed up (model files read) first; then each round runs one
pass of each over the articles — the learned one through ``Pipeline.extract_many`` (chunks
of 64 documents, their relevance and topics scored together: the batch's path, issue 16
session 8), or ``Pipeline.extract`` per document with ``--per-document`` — the order
alternating from round to round, and takes the CPU time of each pass
(``time.process_time``: other processes on a shared machine do not count). Printed: the
seconds of each pass, the cost of each round (learned / plain − 1), the median cost and the
spread of the rounds. Memory: two child processes, one per pipeline, each extracting the
same articles; their peak resident size (``ru_maxrss``) is the memory a worker needs.
``--share PASSES``: only the time inside ``Pipeline.finish`` and ``_fact_sentences`` (the
learned fields) against the rest of the same run.
The articles are the first ``--limit`` of ``../shared/corpora`` (the script says so and
exits when they are absent).
"""

from __future__ import annotations

import argparse
import itertools
import json
import statistics
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _corpus import articles


def texts(limit: int) -> list[str]:
    """The first ``limit`` archive articles."""
    return [t for _, t in itertools.islice(articles(), limit)]


#: documents scored together: the batch's chunk (``BatchOptions.chunk_docs``)
BATCH = 64


def build(learned: bool, relevance_model: str | None = None) -> object:
    """A warmed-up pipeline: plain, or with relevance (``relevance_model``) and topics on."""
    from reportmine.config import PipelineConfig

    model = relevance_model if learned else None
    pipe = PipelineConfig(relevance=learned, topics=learned, relevance_model=model).build()
    pipe.extract("预热：全县投入扶贫资金100余万元，带动贫困户300户，2019年5月。")
    return pipe


def one_pass(pipe: object, docs: list[str], chunked: bool = False) -> float:
    """CPU seconds of extracting every document once (``chunked``: through
    ``extract_many``, :data:`BATCH` documents a chunk)."""
    t0 = time.process_time()
    if chunked:
        for _ in pipe.extract_many(docs, batch_size=BATCH):  # type: ignore[attr-defined]
            pass
    else:
        for d in docs:
            pipe.extract(d)  # type: ignore[attr-defined]
    return time.process_time() - t0


def share(docs: list[str], passes: int, chunked: bool = True, model: str | None = None) -> dict[str, float]:
    """The share of relevance and topics inside the learned pipeline's own run: CPU timers
    around ``Pipeline.finish`` (the learned fields of a chunk, or of one document with
    ``chunked`` false: scoring, fact copies) and ``pipeline._fact_sentences`` (each
    document's fact sentences, read in ``Pipeline.begin``) against the rest of the run
    (less exposed to a shared machine's load swinging between two passes)."""
    import reportmine.pipeline as rp

    timed = {"learned": 0.0}

    def timer(name: str, fn: Any) -> Any:
        def wrapped(*args: Any) -> Any:
            t0 = time.process_time()
            try:
                return fn(*args)
            finally:
                timed[name] += time.process_time() - t0

        return wrapped

    saved = rp.Pipeline.finish, rp._fact_sentences
    rp.Pipeline.finish = timer("learned", saved[0])  # type: ignore[method-assign]
    rp._fact_sentences = timer("learned", saved[1])
    try:
        pipe = build(True, model)
        timed.update(learned=0.0)
        total = sum(one_pass(pipe, docs, chunked) for _ in range(passes))
    finally:
        rp.Pipeline.finish, rp._fact_sentences = saved  # type: ignore[method-assign]
    learn = timed["learned"]
    n = len(docs) * passes
    return {
        "share": round(learn / (total - learn), 4),
        "learned_ms": round(1000 * learn / n, 3),
        "extract_ms": round(1000 * (total - learn) / n, 3),
    }


def own_peak_kib() -> int:
    """This process's peak resident KiB: ``VmHWM`` on Linux — ``ru_maxrss`` of a child
    started by fork and exec carries the parent's size at the fork (sessions 4–7 printed
    this script's own process, ≈ 230–255 MiB with its two pipelines, for both children)."""
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1])
    except OSError:
        pass
    import resource

    return int(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)


def peak_rss(learned: bool, limit: int, chunked: bool = True, model: str | None = None) -> float:
    """Peak resident MiB of a child process extracting the articles with one pipeline."""
    code = (
        "import sys; sys.path.insert(0, sys.argv[1]);"
        "import bench_learn_cost as b; p = b.build(sys.argv[2] == '1', sys.argv[5] or None);"
        "b.one_pass(p, b.texts(int(sys.argv[3])), sys.argv[4] == '1');"
        "print(b.own_peak_kib())"
    )
    here = str(Path(__file__).resolve().parent)
    flags = ["1" if learned else "0", str(limit), "1" if chunked and learned else "0", model or ""]
    out = subprocess.run(
        [sys.executable, "-c", code, here, *flags],
        capture_output=True,
        text=True,
        check=True,
    )
    return int(out.stdout.split()[-1]) / 1024


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--limit", type=int, default=1000)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--no-memory", action="store_true", help="skip the two child processes")
    ap.add_argument("--share", type=int, metavar="PASSES", help="only the share inside the learned run")
    ap.add_argument(
        "--per-document", action="store_true", help="Pipeline.extract per document, not extract_many"
    )
    ap.add_argument("--relevance-model", help="a relevance model by name or path (relevance-rest …)")
    a = ap.parse_args()
    docs = texts(a.limit)
    chunked, model = not a.per_document, a.relevance_model
    if a.share:
        print(json.dumps(share(docs, a.share, chunked, model)), flush=True)
        return
    chars = sum(map(len, docs))
    plain, learned = build(False), build(True, model)
    costs = []
    for r in range(a.rounds):
        order = ((False, plain), (True, learned)) if r % 2 == 0 else ((True, learned), (False, plain))
        secs = {k: one_pass(p, docs, chunked and k) for k, p in order}
        costs.append(secs[True] / secs[False] - 1)
        print(
            json.dumps(
                {
                    "round": r + 1,
                    "plain_s": round(secs[False], 3),
                    "learned_s": round(secs[True], 3),
                    "cost": f"{costs[-1]:+.1%}",
                }
            ),
            flush=True,
        )
    from reportmine.learn.shipped import DEFAULT_RELEVANCE

    summary = {
        "documents": len(docs),
        "chars": chars,
        "learned_path": f"extract_many (chunks of {BATCH})" if chunked else "extract per document",
        "relevance_model": model or DEFAULT_RELEVANCE,
        "median_cost": f"{statistics.median(costs):+.1%}",
        "spread": f"{min(costs):+.1%} to {max(costs):+.1%}",  # (a shared machine: say how far rounds differ)
    }
    if not a.no_memory:
        summary["peak_rss_mib_plain"] = round(peak_rss(False, a.limit), 1)
        summary["peak_rss_mib_learned"] = round(peak_rss(True, a.limit, chunked, model), 1)
    print(json.dumps(summary), flush=True)


if __name__ == "__main__":
    main()
