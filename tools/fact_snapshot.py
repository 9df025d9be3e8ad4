"""A snapshot of everything reportmine extracts, to show a refactoring changed nothing.

    python tools/fact_snapshot.py OUT.jsonl [--no-archives] [--traditional]
    python tools/fact_snapshot.py --compare BEFORE.jsonl AFTER.jsonl

Writes one JSON line per document — its id, the sha256 of its normalized text, its
metadata (:meth:`DocumentMeta.to_dict`) and every fact (:meth:`Fact.to_dict`) — for the
seed reports under ``corpus/seeds`` and, when ``../shared/corpora`` is there, every
article of the People's Daily archives. ``--traditional`` adds each document again
converted to traditional script (OpenCC ``s2t``), so script handling is covered too.
A last line holds the sha256 of all lines before it: two snapshots are byte-identical
exactly when their files are.

``--compare`` prints the first documents whose lines differ and exits 1 when any do.
It uses only the public API, so it runs on the code before and after a change.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "benchmarks"))
from _corpus import CORPORA, articles  # noqa: E402  (the benchmarks' reader of ../shared/corpora)


def documents(archives: bool) -> Iterator[tuple[str, str]]:
    """``(id, text)`` of the seeds, then of every archive article (in member order)."""
    for path in sorted((ROOT / "corpus" / "seeds").glob("*.txt")):
        yield f"seeds/{path.name}", path.read_text(encoding="utf-8")
    if not archives:
        return
    if CORPORA.is_dir() and any(CORPORA.glob("*.tar.gz")):
        yield from articles()
    else:
        print("note: no archives in ../shared/corpora; seeds only", file=sys.stderr)


def snapshot(out: Path, archives: bool, traditional: bool) -> int:
    """Write the snapshot to ``out``; returns the number of documents."""
    import reportmine

    pipe = reportmine.Pipeline()
    to_trad = None
    if traditional:
        import opencc

        to_trad = opencc.OpenCC("s2t").convert
    digest = hashlib.sha256()
    n = 0
    with out.open("w", encoding="utf-8") as fh:
        for doc_id, raw in documents(archives):
            variants = [(doc_id, raw)]
            if to_trad is not None:
                variants.append((f"{doc_id}#traditional", to_trad(raw)))
            for vid, text in variants:
                report = pipe.extract(text, vid)
                row = {
                    "id": vid,
                    "normalized": hashlib.sha256(report.text.normalized.encode("utf-8")).hexdigest(),
                    "meta": report.meta.to_dict(),
                    "facts": [f.to_dict() for f in report.facts],
                }
                line = json.dumps(row, ensure_ascii=False, sort_keys=True) + "\n"
                digest.update(line.encode("utf-8"))
                fh.write(line)
                n += 1
        fh.write(json.dumps({"documents": n, "sha256": digest.hexdigest()}) + "\n")
    return n


def compare(before: Path, after: Path, show: int = 10) -> int:
    """Print documents whose lines differ; 0 when the snapshots are identical."""
    a = before.read_text(encoding="utf-8").splitlines()
    b = after.read_text(encoding="utf-8").splitlines()
    if a == b:
        print(f"identical: {len(a) - 1} documents, {json.loads(a[-1])['sha256']}")
        return 0
    diffs = [i for i in range(min(len(a), len(b))) if a[i] != b[i]]
    print(f"DIFFERENT: {len(a) - 1} vs {len(b) - 1} lines, {len(diffs)} differing lines")
    for i in diffs[:show]:
        print(f"- {a[i][:300]}\n+ {b[i][:300]}")
    return 1


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("out", nargs="?", type=Path, help="snapshot file to write")
    ap.add_argument("--no-archives", action="store_true", help="seeds only")
    ap.add_argument("--traditional", action="store_true", help="each document again in traditional script")
    ap.add_argument("--compare", nargs=2, type=Path, metavar=("BEFORE", "AFTER"))
    args = ap.parse_args(argv)
    if args.compare:
        return compare(*args.compare)
    if args.out is None:
        ap.error("give OUT or --compare BEFORE AFTER")
    n = snapshot(args.out, not args.no_archives, args.traditional)
    print(f"{n} documents -> {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
