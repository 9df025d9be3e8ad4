"""Linear time on adversarial text: time per character of hostile inputs at 10 KB, 1 MB, 10 MB.

    python benchmarks/bench_adversarial.py                   # every input, 10 KB / 1 MB / 10 MB
    python benchmarks/bench_adversarial.py --sizes 10K,1M    # a quicker look
    python benchmarks/bench_adversarial.py --only wan,nested_quotes --segment

Each input below is built to the size in UTF-8 bytes (a repeated pattern, cut at a
character boundary) and run through ``Pipeline.normalize`` + ``Pipeline.extract`` on one
core; ``--segment`` also times ``Pipeline.segment`` (plain word segmentation of the
normalized text, reported in its own columns). Times are CPU seconds of the process
(``time.process_time``), so other work on a shared machine does not inflate them; small
inputs are repeated until at least ``--min-time`` seconds have passed and the best run is
kept. The table gives µs per character at each size and the ratio of the largest size to
the smallest: linear time means the ratio stays near 1 (the goal is < 2). It needs
nothing outside the repository.

Every run also checks the result: each fact's offsets index the original text.
"""

from __future__ import annotations

import argparse
import platform
import random
import resource
import sys
import time
from collections.abc import Callable
from pathlib import Path

from reportmine import Pipeline
from reportmine.lexicon import Lexicon

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT / "corpus" / "seeds"

_PUNCT_FREE = str.maketrans("", "", "，。、；：？！“”‘’《》（）()【】—…·\r\n\t \u3000,.;:?!\"'")


def _unit_han(lex: Lexicon) -> str:
    """Every Han character of the unit and measure-word tables, in table order."""
    seen: dict[str, None] = {}
    for table in ("units", "measure_words"):
        for row in lex.rows(table):
            for field in (row.fields[0], row.fields[2] if table == "measure_words" else row.fields[4]):
                for c in field:
                    if "\u3400" <= c <= "\u9fff":
                        seen[c] = None
    return "".join(seen)


def _unit_forms(lex: Lexicon) -> list[str]:
    return [row.fields[0] for table in ("units", "measure_words") for row in lex.rows(table)]


def _seed_text() -> str:
    paths = sorted(SEED.glob("*.txt"))
    if not paths:
        return "全村共有建档立卡贫困户35户，投入帮扶资金100余万元，修建道路3.5公里。"
    return "".join(p.read_text(encoding="utf-8") for p in paths)


def _random_unicode(n: int) -> str:
    rnd = random.Random(1)
    out = []
    for _ in range(n):
        c = rnd.randrange(0x20, 0x2FFFF)
        if 0xD800 <= c <= 0xDFFF:
            c = 0x4E00 + c % 0x5000
        out.append(chr(c))
    return "".join(out)


def inputs(lex: Lexicon) -> dict[str, Callable[[], str]]:
    """name → the repeating unit of each adversarial input (a pattern to repeat to size)."""
    unit_han = _unit_han(lex)
    forms = _unit_forms(lex)
    seeds = _seed_text()
    return {
        "digits": lambda: "1234567890",
        "digit_groups": lambda: ",000",  # 1,000,000,000,… without end
        "digits_dots": lambda: "1.2",  # 1.21.21.2…
        "exponent": lambda: "1e4",
        "fullwidth_digits": lambda: "１２３４５６７８９０",
        "wan": lambda: "万",
        "cn_numerals": lambda: "一二三四五六七八九十百千万亿两零",
        "number_ranges": lambda: "1至2—3-4到",
        "qualifiers": lambda: "约近超过逾不到至少多余来以上左右",
        "open_quotes": lambda: "“贫困户35户",
        "open_titles": lambda: "《关于2019年",
        "nested_quotes": lambda: "“" * 1000 + "全村35户" + "”" * 1000,
        "mismatched_quotes": lambda: "“" * 500 + "」" * 500,  # closers that match no opener
        "straight_quotes": lambda: "\"贫困'户",
        "no_punctuation": lambda: seeds.translate(_PUNCT_FREE),
        "unit_han_chars": lambda: unit_han,
        "number_unit_pairs": lambda: "".join(f"{i % 97}{f}" for i, f in enumerate(forms)),
        "dates": lambda: "2019年5月30日至6月2日",
        "pinyin": lambda: "聯(lián)繫(xì)",
        "spaced_numbers": lambda: "35 户 2019 年 ",
        "line_breaks": lambda: "驻村帮\n",
        "crlf": lambda: "\r\n",
        "mojibake": lambda: "ä¸­æ–‡å\x8f‘展2019年5月1日",
        "traditional": lambda: "駐村工作隊幫扶貧困戶35戶，資金100餘萬元。",
        "per_words": lambda: "每每人均每户每亩",
        "random_unicode": lambda: _random_unicode(4096),
    }


def build(unit: str, size: int) -> str:
    """``unit`` repeated to ``size`` UTF-8 bytes (cut at a character boundary)."""
    per = max(1, len(unit.encode("utf-8")))
    text = unit * (size // per + 1)
    return text.encode("utf-8")[:size].decode("utf-8", "ignore")


def parse_size(s: str) -> int:
    """``10K``, ``1M``, ``10M`` → bytes."""
    mult = {"K": 1024, "M": 1024 * 1024}.get(s[-1].upper(), 1)
    return int(float(s[:-1] if s[-1].isalpha() else s) * mult)


def timed(fn: Callable[[], object], min_time: float) -> float:
    """Best CPU time of ``fn`` over repeated runs lasting at least ``min_time`` seconds.

    CPU time of this process, not wall time: other work on a shared machine does not
    inflate it (one big run of a 10 MB input cannot be repeated cheaply).
    """
    best = float("inf")
    spent = 0.0
    runs = 0
    while runs < 1 or (spent < min_time and runs < 50):
        t0 = time.process_time()
        fn()
        dt = time.process_time() - t0
        best = min(best, dt)
        spent += dt
        runs += 1
    return best


def check(raw: str, pipe: Pipeline) -> int:
    """Extract ``raw`` and assert the offset contract; the number of facts."""
    report = pipe.extract(raw)
    last = (-1, -1)
    for f in report.facts:
        assert raw[f.start : f.end] == f.text, f
        assert (f.start, f.end) >= last
        last = (f.start, f.end)
    return len(report.facts)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--sizes", default="10K,1M,10M", help="comma-separated sizes (default 10K,1M,10M)")
    ap.add_argument("--only", default="", help="comma-separated input names (default: all)")
    ap.add_argument("--segment", action="store_true", help="also time Pipeline.segment (facts=False)")
    ap.add_argument("--min-time", type=float, default=1.0, help="repeat small inputs this long (s)")
    args = ap.parse_args(argv)
    sizes = [parse_size(s) for s in args.sizes.split(",")]
    pipe = Pipeline()
    table = inputs(pipe.lexicon)
    names = [n for n in args.only.split(",") if n] or list(table)
    pipe.extract("预热：全村35户，2019年5月。")  # build lazy parts outside the timings
    if args.segment:
        pipe.segment("预热", facts=False)
    where = f"python {platform.python_version()} on {platform.machine()}"
    print(f"{where}; sizes in UTF-8 bytes; CPU µs per character", flush=True)
    head = " ".join(f"{s:>9}" for s in args.sizes.split(","))
    cols = f"{'input':20s} {head}  ratio  facts@max"
    if args.segment:
        cols += "   segment " + head + "  ratio"
    print(cols)
    worst = 0.0
    for name in names:
        unit = table[name]()
        per_char: list[float] = []
        seg_char: list[float] = []
        facts = 0
        for size in sizes:
            raw = build(unit, size)
            facts = check(raw, pipe) if size == sizes[-1] else facts
            dt = timed(lambda raw=raw: pipe.extract(pipe.normalize(raw)), args.min_time)
            per_char.append(dt / max(len(raw), 1) * 1e6)
            if args.segment:
                text = pipe.normalize(raw)
                dt = timed(lambda text=text: pipe.segment(text, facts=False), args.min_time)
                seg_char.append(dt / max(len(raw), 1) * 1e6)
        ratio = per_char[-1] / per_char[0]
        worst = max(worst, ratio)
        line = f"{name:20s} " + " ".join(f"{v:9.3f}" for v in per_char) + f"  {ratio:5.2f}  {facts:9d}"
        if args.segment:
            sr = seg_char[-1] / seg_char[0]
            line += "   segment " + " ".join(f"{v:9.3f}" for v in seg_char) + f"  {sr:5.2f}"
        print(line, flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"worst ratio {worst:.2f} (largest/smallest size); peak memory {peak:.0f} MB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
