"""Reprint detection on the archives with planted reprints: precision, recall, time, memory.

    python benchmarks/bench_reprints.py [--planted 250] [--datasketch]

Every article of ``../shared/corpora`` (skipped with a message when absent) is read in
order; then ``--planted`` reprints of randomly chosen articles (seed 16) follow, each made
with one to three of: an edited headline, trimmed paragraphs (at most a third dropped),
reordered paragraphs, an added byline, conversion to traditional script. Everything goes
through :class:`reportmine.learn.reprints.ReprintIndex` as ``reportmine reprints`` does
(normalized text, in stream order).

- recall: planted reprints pointed at their source (or at the first-seen copy the source
  itself reprints);
- precision: of the planted documents called reprints, those pointed right; the archive's
  own near-duplicates (the same article on two pages) are listed with their exact shingle
  Jaccard, to be judged by reading;
- time and memory (tracemalloc peak of the index) for the whole stream.

``--datasketch`` runs the same stream through ``datasketch`` MinHash + MinHashLSH
(threshold 0.5, 128 permutations) for comparison.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "src"))
sys.path.insert(0, str(ROOT / "benchmarks"))
from _corpus import articles  # noqa: E402
from reportmine.learn.reprints import ReprintIndex, shingles  # noqa: E402
from reportmine.normalization import normalize  # noqa: E402
from reportmine.normalization.script import open_converter  # noqa: E402

BYLINES = ("新华社记者 李明 摄", "本报记者 王芳 张伟", "（来源：人民网）", "据新华社电")


def plant(text: str, rng: random.Random, s2t: object) -> tuple[str, list[str]]:
    """A reprint of ``text`` with one to three edits; the edits' names."""
    lines = [ln for ln in text.splitlines() if ln.strip()]
    ops = rng.sample(["headline", "trim", "reorder", "byline", "traditional"], rng.randint(1, 3))
    head, body = lines[0], lines[1:]
    if "headline" in ops:
        cut = head[: max(4, len(head) * 2 // 3)]
        head = rng.choice(["（转载）", "【要闻】", ""]) + cut + rng.choice(["", "！"])
    if "trim" in ops and len(body) >= 3:
        drop = rng.sample(range(len(body)), max(1, len(body) // 3))
        body = [p for i, p in enumerate(body) if i not in drop]
    if "reorder" in ops and len(body) >= 2:
        i, j = rng.sample(range(len(body)), 2)
        body[i], body[j] = body[j], body[i]
    if "byline" in ops:
        body.insert(0, rng.choice(BYLINES))
    out = "\n".join([head, *body])
    if "traditional" in ops:
        out = s2t.convert(out)  # type: ignore[attr-defined]
    return out, ops


def stream(n_planted: int) -> tuple[list[tuple[str, str]], dict[str, str]]:
    """The archive's articles then the planted reprints; ``{planted id: source id}``."""
    docs = list(articles())
    rng = random.Random(16)
    s2t = open_converter("s2t")
    eligible = [d for d in docs if len(d[1]) >= 400 and len(d[1].splitlines()) >= 4]
    truth: dict[str, str] = {}
    planted: list[tuple[str, str]] = []
    for k, (src_id, text) in enumerate(rng.sample(eligible, n_planted)):
        new, ops = plant(text, rng, s2t)
        pid = f"planted/{k}/{'+'.join(ops)}"
        truth[pid] = src_id
        planted.append((pid, new))
    rng.shuffle(planted)
    return docs + planted, truth


def run_own(docs: list[tuple[str, str]]) -> tuple[dict[str, str | None], float, int, float]:
    """Index the stream; (found, seconds of indexing, bytes the index holds, seconds of
    normalizing). The index's size is counted from its parts (signatures, band tables,
    lists), not traced: tracing allocations slowed the run tenfold."""
    t0 = time.perf_counter()
    texts = [(d, normalize(t).normalized) for d, t in docs]
    norm_secs = time.perf_counter() - t0
    t0 = time.perf_counter()
    index = ReprintIndex()
    found = {d: index.add(d, t) for d, t in texts}
    secs = time.perf_counter() - t0
    held = index._sigs[: len(index)].nbytes + sum(sys.getsizeof(b) + 36 * len(b) for b in index._bands)
    held += sum(sys.getsizeof(x) for x in (index._ids, index._sizes, index._root)) + 60 * len(index)
    return found, secs, held, norm_secs


def run_datasketch(docs: list[tuple[str, str]]) -> tuple[dict[str, str | None], float, int]:
    from datasketch import MinHash, MinHashLSH

    texts = [(d, normalize(t).normalized) for d, t in docs]
    tracemalloc.start()
    t0 = time.perf_counter()
    lsh = MinHashLSH(threshold=0.5, num_perm=128)
    sigs: dict[str, tuple[MinHash, int]] = {}
    root: dict[str, str] = {}
    found: dict[str, str | None] = {}
    for d, t in texts:
        grams = shingles(t)
        if len(grams) < 40:
            found[d] = None
            continue
        m = MinHash(num_perm=128, seed=16)
        m.update_batch([g.to_bytes(4, "little") for g in grams])
        best = None
        for c in sorted(lsh.query(m), key=lambda c: order[c]):
            mc, size = sigs[c]
            if ReprintIndex.is_copy(m.jaccard(mc), len(grams), size):
                best = root[c]
                break
        found[d] = best
        root[d] = best or d
        sigs[d] = (m, len(grams))
        lsh.insert(d, m)
    secs = time.perf_counter() - t0
    peak = tracemalloc.get_traced_memory()[1]
    tracemalloc.stop()
    return found, secs, peak


order: dict[str, int] = {}


def score(found: dict[str, str | None], truth: dict[str, str]) -> tuple[float, float, list[tuple[str, str]]]:
    def root(d: str) -> str:
        r = found.get(d)
        return r if r is not None else d

    flagged = [p for p in truth if found.get(p) is not None]
    right = [p for p in flagged if found[p] == root(truth[p])]
    natural = [(d, r) for d, r in found.items() if r is not None and d not in truth]
    precision = len(right) / len(flagged) if flagged else 0.0
    recall = len(right) / len(truth)
    return precision, recall, natural


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--planted", type=int, default=250)
    ap.add_argument("--datasketch", action="store_true")
    a = ap.parse_args()
    docs, truth = stream(a.planted)
    order.update({d: i for i, (d, _) in enumerate(docs)})
    text = dict(docs)
    found, secs, held, norm_secs = run_own(docs)
    p, r, natural = score(found, truth)
    print(f"own MinHash/LSH: {len(docs)} documents ({len(truth)} planted): normalizing {norm_secs:.1f} s, "
          f"indexing {secs:.1f} s ({1000 * secs / len(docs):.1f} ms/doc), index holds "
          f"{held / 2**20:.1f} MiB ({held / len(docs):.0f} B/doc); planted: precision {p:.3f} recall {r:.3f}")
    missed = [x for x in truth if found.get(x) != (found.get(truth[x]) or truth[x])]
    for m in missed[:10]:
        print(f"  missed/wrong: {m} -> {found.get(m)} (source {truth[m]})")
    buckets = {"1.0": 0, "0.9-1": 0, "0.5-0.9": 0, "<0.5": 0}
    low: list[str] = []
    for d, rt in natural:
        a_, b_ = shingles(normalize(text[d]).normalized), shingles(normalize(text[rt]).normalized)
        jac = len(a_ & b_) / len(a_ | b_)
        key = "1.0" if jac >= 0.999 else "0.9-1" if jac >= 0.9 else "0.5-0.9" if jac >= 0.5 else "<0.5"
        buckets[key] += 1
        if jac < 0.9:
            inside = len(a_ & b_) / len(a_)
            low.append(f"  {d} -> {rt}: Jaccard {jac:.2f}, inside {inside:.2f}; {text[d].strip()[:24]!r}")
    print(f"archive near-duplicates found: {len(natural)}; exact shingle Jaccard: {buckets}")
    print("\n".join(low[:20]))
    if a.datasketch:
        found2, secs2, peak2 = run_datasketch(docs)
        p2, r2, nat2 = score(found2, truth)
        print(f"datasketch MinHashLSH: {secs2:.1f} s, peak {peak2 / 2**20:.1f} MiB; planted: precision "
              f"{p2:.3f} recall {r2:.3f}; archive near-duplicates {len(nat2)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
