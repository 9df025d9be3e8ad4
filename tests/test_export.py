"""Exports: JSON Lines, CSV and Parquet hold the same rows as the store; the JSON Schema."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from _batchkit import run_cli
from reportmine.output.export import export_store, iter_fact_file, output_format, read_facts
from reportmine.output.schema import fact_columns, fact_schema
from reportmine.output.store import Store
from reportmine.records import FACT_TYPES
from reportmine.results import DocumentResult

jsonschema = pytest.importorskip("jsonschema")
ROOT = Path(__file__).resolve().parents[1]


def _fact(kind: str, i: int, value: Any, **extra: Any) -> dict[str, Any]:
    d: dict[str, Any] = {
        "doc_id": "d1",
        "kind": kind,
        "text": f"文本{i}",
        "start": i * 10,
        "end": i * 10 + 3,
        "value": value,
        "unit": None,
        "qualifier": "exact",
        "low": None,
        "high": None,
        "subject": None,
        "per": None,
        "sentence": f'含有,逗号和"引号"的句子\r\n第二行{i}',
        "flags": [],
    }
    d.update(extra)
    return d


FACTS = (
    _fact("count", 0, 35, unit="户", subject="贫困户"),
    _fact("money", 1, 1000000, unit="元", qualifier="over", flags=["caption"]),
    _fact("percent", 2, 0.28, unit="%"),
    _fact("area", 3, 3, unit="亩", low=3, high=5.5, per="户·亩"),
    _fact("date", 4, "2019-05-30"),
    _fact("program", 5, "万名党员干部拉手贫困户志愿服务活动", category="活动"),
    _fact("document", 6, "杜蒙县扶贫收益资金统筹分配监督管理办法", issuer=None),
    _fact("weight", 7, 12.5, unit="吨", flags=["caption", "inferred_year"]),
)


@pytest.fixture
def store(tmp_path: Path) -> Path:
    db = tmp_path / "s.sqlite"
    with Store(db) as s:
        s.write(
            [
                DocumentResult("d1", "src/d1", "h1", 0, "done", chars=500, facts=FACTS),
                DocumentResult("d0", "src/d0", "h0", 1, "failed", error="empty document"),
                DocumentResult(
                    "d2", "src/d2", "h2", 2, "done", facts=tuple({**f, "doc_id": "d2"} for f in FACTS[:3])
                ),
            ]
        )
    return db


def test_every_format_holds_the_same_rows(store: Path, tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    base = read_facts(store)
    assert len(base) == 11 and list(base.columns) == list(fact_columns())
    for suffix in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"facts.{suffix}"
        assert export_store(store, str(out)) == 11
        pd.testing.assert_frame_equal(read_facts(out), base, check_exact=True)
    excel = tmp_path / "excel.csv"
    export_store(store, str(excel), excel=True)
    assert excel.read_bytes().startswith(b"\xef\xbb\xbf")
    pd.testing.assert_frame_equal(read_facts(excel), base)
    # the rows are the records themselves, in store order
    assert next(iter_fact_file(tmp_path / "facts.jsonl")) == {
        **dict.fromkeys(fact_columns()),
        **FACTS[0],
        "sentence_id": 0,  # the store numbers the sentences it keeps once (issue 12 item 7)
    }


def test_parquet_columns_are_typed(store: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    out = tmp_path / "f.parquet"
    export_store(store, str(out))
    schema = pq.read_schema(out)
    types = {name: str(schema.field(name).type) for name in schema.names}
    assert types["start"] == "int64" and types["end"] == "int64"
    assert types["value"] == "double" and types["value_text"] == "string"
    assert types["low"] == "double" and types["flags"].startswith("list<")
    table = pq.read_table(out).to_pydict()
    assert table["value_text"][4] == "2019-05-30" and table["value"][4] is None
    assert table["value"][2] == 0.28


def test_jsonl_validates_against_the_schema(store: Path, tmp_path: Path) -> None:
    out = tmp_path / "f.jsonl"
    export_store(store, str(out))
    validator = jsonschema.Draft202012Validator(fact_schema())
    lines = out.read_text(encoding="utf-8").splitlines()
    assert len(lines) == 11
    for line in lines:
        validator.validate(json.loads(line))
    # and the schema is not vacuous
    bad = json.loads(lines[0])
    for broken in (
        {**bad, "start": "0"},
        {**bad, "kind": "nope"},
        {**bad, "extra": 1},
        {**bad, "qualifier": "?"},
    ):
        assert not validator.is_valid(broken)
    missing = dict(bad)
    del missing["sentence"]
    assert not validator.is_valid(missing)


def test_schema_covers_every_record_type() -> None:
    schema = fact_schema()
    jsonschema.Draft202012Validator.check_schema(schema)
    kinds = {v["properties"]["kind"]["const"] for v in schema["oneOf"]}
    assert kinds == set(FACT_TYPES)
    program = next(v for v in schema["oneOf"] if v["properties"]["kind"]["const"] == "program")
    assert program["properties"]["category"] == {"type": ["string", "null"]}


def test_seed_run_exports_agree(tmp_path: Path) -> None:
    pd = pytest.importorskip("pandas")
    pytest.importorskip("pyarrow")
    seeds = str(ROOT / "corpus" / "seeds")
    db, direct = tmp_path / "s.sqlite", tmp_path / "direct.jsonl"
    assert run_cli("extract", seeds, "-o", str(db), "-q").returncode == 0
    assert run_cli("extract", seeds, "-o", str(direct), "-q").returncode == 0
    exported = tmp_path / "exported.jsonl"
    r = run_cli("export", str(db), "-o", str(exported))
    assert r.returncode == 0 and "facts ->" in r.stderr
    assert exported.read_bytes() == direct.read_bytes()  # the store loses nothing
    validator = jsonschema.Draft202012Validator(fact_schema())
    for line in direct.read_text(encoding="utf-8").splitlines():
        validator.validate(json.loads(line))
    frames = [read_facts(db)]
    for suffix in ("csv", "parquet"):
        assert run_cli("export", str(db), "-o", str(tmp_path / f"e.{suffix}"), "-q").returncode == 0
        frames.append(read_facts(tmp_path / f"e.{suffix}"))
    for f in frames[1:]:
        pd.testing.assert_frame_equal(f, frames[0])


@pytest.mark.parametrize(
    ("path", "fmt"),
    [
        ("-", "jsonl"),
        ("a.SQLITE", "sqlite"),
        ("a.db", "sqlite"),
        ("a.jsonl", "jsonl"),
        ("a.csv", "csv"),
        ("a.parquet", "parquet"),
        ("a.xlsx", "xlsx"),
    ],
)
def test_output_format(path: str, fmt: str) -> None:
    assert output_format(path) == fmt


def test_output_format_without_suffix(tmp_path: Path) -> None:
    assert output_format(str(tmp_path / "new")) == "sqlite"
    (tmp_path / "plain").write_text("x")
    with pytest.raises(ValueError, match="cannot tell"):
        output_format(str(tmp_path / "plain"))
    with pytest.raises(ValueError):
        output_format("a.xls")
