"""Segmentation speed of the jieba and rjieba backends over the shared People's Daily archives.

    python benchmarks/bench_segment.py [--repeat 3] [--limit N] [--traditional] [--diff [N]]

Texts are normalized first (not timed). For each backend installed it reports, on one core,
the best of ``--repeat`` passes in chars/s (characters of the original text) and docs/s:

* ``cut``      the backend's word segmentation of the normalized text alone;
* ``segment``  ``Segmenter.segment()``: the cut plus the t2s pass, the projection onto the
  original text and digit groups kept whole (what ``Pipeline.segment(facts=False)`` costs
  after normalization);
* ``facts``    the same with the facts of each document kept whole (extraction not timed).

``--traditional`` runs the same articles converted to traditional script (OpenCC ``s2t``,
not timed). ``--diff N`` compares the two backends on every article (with tags): how many
boundaries differ, the N most frequent differences with an example of each, and how many
tokens cut alike get different tags. Peak memory is the process's maximum resident set size.
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
from reportmine.lexicon import Lexicon
from reportmine.pipeline import Pipeline
from reportmine.records import Fact
from reportmine.segmentation import Segmenter, Token, available_backends
from reportmine.text import Text


def best_of(repeat: int, fn: Callable[[], object]) -> float:
    """Best wall time of ``repeat`` calls of ``fn``."""
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def line(label: str, seconds: float, chars: int, docs: int) -> None:
    """One result line."""
    rate = f"{chars / seconds / 1e6:6.2f} M chars/s  {docs / seconds:8.0f} docs/s"
    print(f"  {label:<10} {rate}  ({seconds:.2f} s)")


def bench(
    backend: str, texts: Sequence[Text], facts: Sequence[Sequence[Fact]], repeat: int, lexicon: Lexicon
) -> None:
    """Time one backend."""
    t0 = time.perf_counter()
    seg = Segmenter(lexicon, backend)
    cutter = seg.backend
    print(f"{backend}: backend built in {time.perf_counter() - t0:.2f} s (domain terms added)")
    chars = sum(len(t.original) for t in texts)
    line("cut", best_of(repeat, lambda: [cutter.cut(t.normalized) for t in texts]), chars, len(texts))
    line("segment", best_of(repeat, lambda: [seg.segment(t) for t in texts]), chars, len(texts))
    line(
        "facts",
        best_of(repeat, lambda: [seg.segment(t, facts=f) for t, f in zip(texts, facts, strict=True)]),
        chars,
        len(texts),
    )


def diff(texts: Sequence[Text], lexicon: Lexicon, top: int) -> None:
    """Compare the boundaries of jieba and rjieba."""
    a_seg, b_seg = Segmenter(lexicon, "jieba"), Segmenter(lexicon, "rjieba")
    docs_differ = 0
    bounds = differing = 0
    same_tokens = tag_differ = 0
    pairs: Counter[tuple[str, str]] = Counter()
    tag_pairs: Counter[tuple[str, str]] = Counter()
    examples: dict[tuple[str, str], str] = {}
    for t in texts:
        a, b = a_seg.segment(t, pos=True), b_seg.segment(t, pos=True)
        ab, bb = _bounds(a), _bounds(b)
        bounds += len(ab | bb)
        differing += len(ab ^ bb)
        b_at = {(x.start, x.end): x.pos for x in b}
        for x in a:
            y = b_at.get((x.start, x.end))
            if y is not None:
                same_tokens += 1
                if y != x.pos:
                    tag_differ += 1
                    tag_pairs[(f"{x.text}/{x.pos}", str(y))] += 1
        if ab == bb:
            continue
        docs_differ += 1
        for key, where in _differences(t.original, a, b):
            pairs[key] += 1
            examples.setdefault(key, where)
    print(f"\njieba vs rjieba: {docs_differ} of {len(texts)} documents differ; "
          f"{differing} of {bounds} boundaries ({differing / max(bounds, 1):.4%})")
    for (x, y), n in pairs.most_common(top):
        print(f"  {n:5d}  jieba {x:<16} rjieba {y:<16} …{examples[(x, y)]}…")
    print(f"tags: {tag_differ} of {same_tokens} tokens cut alike are tagged differently "
          f"({tag_differ / max(same_tokens, 1):.3%}); most frequent (jieba word/tag, rjieba tag):")
    print("  " + "  ".join(f"{w}:{y}×{n}" for (w, y), n in tag_pairs.most_common(top)))


def _bounds(tokens: Sequence[Token]) -> set[int]:
    return {t.start for t in tokens}


def _differences(original: str, a: Sequence[Token], b: Sequence[Token]) -> list[tuple[tuple[str, str], str]]:
    """Stretches where the two tokenizations disagree, as ('x|y', 'x y') pairs."""
    out = []
    i = j = 0
    while i < len(a) and j < len(b):
        if a[i].start == b[j].start and a[i].end == b[j].end:
            i += 1
            j += 1
            continue
        start = a[i].start
        ai, bj = i, j
        while a[ai].end != b[bj].end:
            if a[ai].end < b[bj].end:
                ai += 1
            else:
                bj += 1
        end = a[ai].end
        key = ("|".join(t.text for t in a[i : ai + 1]), "|".join(t.text for t in b[j : bj + 1]))
        out.append((key, original[max(0, start - 6) : end + 6].replace("\n", " ")))
        i, j = ai + 1, bj + 1
    return out


def main(argv: Sequence[str] | None = None) -> None:
    """Run the benchmark."""
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--limit", type=int, default=0, help="use only the first N articles")
    ap.add_argument("--traditional", action="store_true", help="also time the articles in traditional script")
    ap.add_argument("--diff", type=int, nargs="?", const=25, default=0, help="compare the backends' output")
    a = ap.parse_args(argv)

    raw = [text for _, text in articles()]
    if a.limit:
        raw = raw[: a.limit]
    pipe = Pipeline()
    print(f"python {platform.python_version()} on {platform.machine()}; {len(raw)} articles, "
          f"{sum(map(len, raw)) / 1e6:.2f} M chars; backends: {', '.join(available_backends())}")
    variants = [("simplified (as archived)", raw)]
    if a.traditional:
        import opencc

        cc = opencc.OpenCC("s2t")
        variants.append(("traditional (OpenCC s2t)", [cc.convert(t) for t in raw]))
    for label, docs in variants:
        texts = [pipe.normalize(t) for t in docs]
        facts = [pipe.extract(t).facts for t in texts]
        print(f"\n== {label}: {sum(len(f) for f in facts)} facts")
        for backend in available_backends():
            bench(backend, texts, facts, a.repeat, pipe.lexicon)
        if a.diff and "rjieba" in available_backends() and label.startswith("simplified"):
            diff(texts, pipe.lexicon, a.diff)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(f"\npeak memory: {peak / (1024 if sys.platform != 'darwin' else 1024 * 1024):.0f} MB")


if __name__ == "__main__":
    main()
