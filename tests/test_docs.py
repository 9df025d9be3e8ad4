"""The docs say what the code does (issue 12, item 11): what ``to_frame()`` gives, the
files they point to, and the known gaps of docs/quantities.md."""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

import reportmine
from _cases import load
from conftest import read_seed, seed_paths

ROOT = Path(__file__).resolve().parents[1]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
#: where repository paths start; `gold/…` and `shared/…` name the folder beside the repository
#: without saying so (they must be written `corpus/gold/…` or `../shared/…`)
REPO_DIRS = ("src/", "tests/", "docs/", "lexicons/", "benchmarks/", "tools/", "corpus/", ".ci/")
NOT_HERE = ("gold/", "shared/")


# -- to_frame(): the table in docs/records.md --------------------------------------------------------
def _dtype_table() -> list[tuple[list[str], str]]:
    """``(columns, rule)`` rows of the table after ``<!-- to_frame dtypes -->``."""
    text = (ROOT / "docs" / "records.md").read_text(encoding="utf-8")
    rows = []
    for line in text.split("<!-- to_frame dtypes -->", 1)[1].strip().splitlines()[2:]:
        if not line.startswith("|"):
            break
        cols, rule = (c.strip() for c in line.strip("|").split("|")[:2])
        rows.append((re.findall(r"`(\w+)`", cols), rule.split(":")[0].split()[0]))
    return rows


def _rules() -> dict[str, Callable[[Any], bool]]:
    pd = pytest.importorskip("pandas")
    t = pd.api.types

    def text(s: Any) -> bool:
        return bool(t.is_string_dtype(s.dtype) and s.map(lambda v: isinstance(v, str)).all())

    def optional(s: Any) -> bool:
        return text(s.dropna()) or bool(s.isna().all() and (s.dtype == object or s.dtype == "float64"))

    return {
        "text": text,
        "optional": optional,
        "`int64`": lambda s: s.dtype == "int64",
        "number": lambda s: s.dtype in ("int64", "float64") or s.dtype == object,
        "`object`": lambda s: s.dtype == object,
    }


def _reports() -> Iterator[tuple[str, Any]]:
    for path in seed_paths():
        yield path.name, reportmine.extract(read_seed(path), doc_id=path.name)
    yield "money only", reportmine.extract("投入资金100万元，其中50万元用于修路。", doc_id="m")


def test_to_frame_columns_and_dtypes_are_the_documented_ones() -> None:
    from reportmine.output import fact_columns

    rules, table = _rules(), _dtype_table()
    assert sorted(c for cols, _ in table for c in cols) == sorted(fact_columns())
    for name, report in _reports():
        df = report.to_frame()
        assert list(df.columns) == list(fact_columns()), name
        for cols, rule in table:
            for col in cols:
                assert rules[rule](df[col]), (name, col, rule, df[col].dtype)
    money = reportmine.extract("投入资金100万元。", doc_id="m").to_frame()
    assert money["value"].dtype == "int64"  # only quantities: a number column, as documented
    empty = reportmine.extract("没有数字。").to_frame()
    assert list(empty.columns) == list(fact_columns())
    assert all(dtype == "object" for dtype in empty.dtypes)


# -- paths and links ----------------------------------------------------------------------------------
def _expand(path: str) -> list[str]:
    """``a/{b,c}.tsv`` → ``a/b.tsv``, ``a/c.tsv``."""
    m = re.search(r"\{([^{}]*)\}", path)
    if not m:
        return [path]
    return [q for alt in m.group(1).split(",") for q in _expand(path[: m.start()] + alt + path[m.end() :])]


def _pointers() -> Iterator[tuple[str, str, Path]]:
    """``(doc, pointer, base)``: every relative link and backticked repository path."""
    for md in DOCS:
        text = md.read_text(encoding="utf-8")
        name = str(md.relative_to(ROOT))
        for m in re.finditer(r"\]\(([^)\s]+)\)", text):
            link = m.group(1).split("#")[0]
            if link and not re.match(r"[a-z][a-z0-9+.-]*:", link):
                yield name, link, md.parent
        for m in re.finditer(r"`([^`\s]+)`", text):
            p = m.group(1).split(":")[0].rstrip(".,")
            if p.startswith(REPO_DIRS + NOT_HERE):
                yield name, p, ROOT


def test_every_path_and_link_in_the_docs_exists() -> None:
    def exists(base: Path, p: str) -> bool:
        return all(any(base.glob(q)) if "*" in q else (base / q).exists() for q in _expand(p))

    missing = [f"{doc}: {p}" for doc, p, base in _pointers() if p.startswith(NOT_HERE) or not exists(base, p)]
    assert not missing, "pointers to nothing in the repository:\n" + "\n".join(missing)
    assert sum(1 for _ in _pointers()) > 50  # the scan finds the docs' pointers at all


# -- docs/quantities.md: the known gaps are the strict-xfail rows ----------------------------------------
def test_known_gaps_are_the_xfail_rows_of_the_quantity_tables() -> None:
    text = (ROOT / "docs" / "quantities.md").read_text(encoding="utf-8")
    gaps = text.split("## Known gaps", 1)[1].split("Other limits", 1)[0]
    documented = set(re.findall(r"^\| `(quantity_\w+\.tsv)` \| `([^`]+)` \|", gaps, flags=re.M))
    rows = load("quantity_*.tsv", ("text", "expected", "note"), optional=["note"])
    xfail = {(row.table, row["text"]) for row in rows if row.xfail}
    assert documented == xfail
