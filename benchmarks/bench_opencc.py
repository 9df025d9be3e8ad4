"""Where ``opencc-python-reimplemented`` (the fallback) converts differently from native OpenCC.

The two packages share the import name ``opencc``, so they live in two environments and
the measure takes two steps::

    python benchmarks/bench_opencc.py dump REF.jsonl      # with native opencc
    python benchmarks/bench_opencc.py compare REF.jsonl   # with the fallback installed

``dump`` writes, for the seeds and every article of the shared People's Daily archives,
the document in traditional script (native ``s2t``), its native ``t2s`` conversion and the
facts reportmine extracts from it; a first line holds native OpenCC's single-character
``t2s`` map (:func:`reportmine.normalization.script.char_map`, what script detection uses).
``compare`` converts the same traditional texts with the installed package and extracts
again; it prints the characters converted differently (how many, the most frequent pairs),
the documents and facts that differ (by kind), whether every fact's offsets are exact
(``original[start:end] == text``), the documents detected as another script, and the
conversion speed of each package. Numbers are in docs/normalize.md.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from _corpus import CORPORA, ROOT, articles
from reportmine.normalization.script import opencc_package

#: the single-character map is written under this id, in the first line
CHAR_MAP = "#char_map"


def documents() -> Iterator[tuple[str, str]]:
    """``(id, simplified text)`` of the seeds and the archive articles."""
    for path in sorted((ROOT / "corpus" / "seeds").glob("*.txt")):
        yield f"seeds/{path.name}", path.read_text(encoding="utf-8")
    if CORPORA.is_dir() and any(CORPORA.glob("*.tar.gz")):
        yield from articles()
    else:
        print("note: no archives in ../shared/corpora; seeds only", file=sys.stderr)


def facts_of(pipe: object, doc_id: str, text: str) -> list[dict[str, object]]:
    """The facts of ``text`` in their JSON form, checked exact against the text."""
    report = pipe.extract(text, doc_id=doc_id)  # type: ignore[attr-defined]
    out = []
    for f in report.facts:
        assert text[f.start : f.end] == f.text, (doc_id, f)
        out.append(f.to_dict())
    return out


def dump(out: Path) -> None:
    """Write the reference file (native OpenCC)."""
    import opencc

    import reportmine
    from reportmine.normalization.script import char_map, detect_script

    if opencc_package() != "native":
        sys.exit("dump needs native opencc")
    s2t, t2s = opencc.OpenCC("s2t").convert, opencc.OpenCC("t2s").convert
    pipe = reportmine.Pipeline()
    with out.open("w", encoding="utf-8") as fh:
        fh.write(json.dumps({"id": CHAR_MAP, "map": char_map("t2s")}, ensure_ascii=False) + "\n")
        for doc_id, raw in documents():
            trad = s2t(raw)
            row = {
                "id": doc_id,
                "simplified": raw,
                "traditional": trad,
                "t2s": t2s(trad),
                "script": [detect_script(raw)[0], detect_script(trad)[0]],
                "facts": facts_of(pipe, doc_id, trad),
            }
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")


def compare(ref: Path, top: int) -> None:
    """Measure the installed package against the reference file."""
    import opencc

    import reportmine
    from reportmine.normalization.script import char_map, detect_script

    rows = [json.loads(line) for line in ref.open(encoding="utf-8")]
    native_map: dict[str, str] = rows[0]["map"]
    mine = char_map("t2s")
    print(f"opencc package: {opencc_package()}")
    same = sum(1 for k, v in native_map.items() if mine.get(k) == v)
    print(
        f"single characters t2s converts: native {len(native_map):,}, this {len(mine):,}; "
        f"same conversion {same:,}; only native {len(native_map.keys() - mine.keys()):,}; "
        f"only this {len(mine.keys() - native_map.keys()):,}"
    )
    t2s = opencc.OpenCC("t2s").convert
    pipe = reportmine.Pipeline()
    pairs: Counter[tuple[str, str]] = Counter()
    chars = changed_docs = fact_docs = seconds = 0.0
    kinds: Counter[str] = Counter()
    scripts = resized = 0
    for row in rows[1:]:
        trad: str = row["traditional"]
        scripts += [detect_script(row["simplified"])[0], detect_script(trad)[0]] != row["script"]
        start = time.perf_counter()
        got = t2s(trad)
        seconds += time.perf_counter() - start
        chars += len(trad)
        if got != row["t2s"]:
            changed_docs += 1
            if len(got) == len(row["t2s"]):
                pairs.update((a, b) for a, b in zip(row["t2s"], got, strict=True) if a != b)
            else:  # a phrase that changed length: the normalizer aligns it by diff
                resized += 1
        facts = facts_of(pipe, row["id"], trad)  # asserts exact offsets
        if facts != row["facts"]:
            fact_docs += 1
            kinds.update(_changed_kinds(row["facts"], facts))
    n = len(rows) - 1
    print(
        f"documents: {n:,} ({chars / 1e6:.2f}M chars), t2s at {chars / max(seconds, 1e-9) / 1e6:.2f}M chars/s"
    )
    print(
        f"converted differently: {int(changed_docs):,} documents ({resized} of another length), "
        f"{sum(pairs.values()):,} characters"
    )
    print(
        "  most frequent (native -> this): "
        + ", ".join(f"{a}->{b} {c}" for (a, b), c in pairs.most_common(top))
    )
    print(
        f"facts differ in {int(fact_docs):,} documents: "
        + ", ".join(f"{k} {c}" for k, c in kinds.most_common())
    )
    print(f"script detected differently (simplified or traditional form): {scripts:,} documents")
    print("every fact's offsets exact: yes")


def _changed_kinds(before: list[dict[str, object]], after: list[dict[str, object]]) -> Counter[str]:
    """Facts of each kind found by only one of the two runs (``kind:lost`` / ``kind:new``)."""
    a = Counter(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in before)
    b = Counter(json.dumps(f, sort_keys=True, ensure_ascii=False) for f in after)
    out: Counter[str] = Counter()
    for key, n in (a - b).items():
        out[f"{json.loads(key)['kind']}:lost"] += n
    for key, n in (b - a).items():
        out[f"{json.loads(key)['kind']}:new"] += n
    return out


def main() -> None:
    """Parse the command line and run."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("step", choices=("dump", "compare"))
    ap.add_argument("ref", type=Path, help="the reference file (JSON Lines)")
    ap.add_argument("--top", type=int, default=15, help="character pairs listed")
    a = ap.parse_args()
    if a.step == "dump":
        dump(a.ref)
    else:
        compare(a.ref, a.top)


if __name__ == "__main__":
    main()
