"""Issue 14 item 5: place, actor, county and province summaries; the link columns in every
export and in spaCy spans."""

from __future__ import annotations

import csv
import json
from collections import Counter, defaultdict
from pathlib import Path
from typing import Any

import pytest

from reportmine.batch import BatchOptions, run_batch
from reportmine.extractors.entities.divisions import ancestor, division_name
from reportmine.output import Store, export_store
from reportmine.output.summarize import summarize

pd = pytest.importorskip("pandas")

# both scripts: the traditional report must sum up exactly as the simplified one
REPORTS = {
    "20191001-01-01.txt": "朝阳县脱贫纪实\n辽宁省朝阳县今年投入扶贫资金3000万元。"
    "辽宁省教育厅为朝阳县波罗赤镇南洼村投入资金200万元修路。\n",
    "20191002-01-01.txt": "山村新貌\n貴州省紫雲苗族布依族自治縣投入扶貧資金1.5億元，幫扶貧困戶1200戶。"
    "貴州省今年投入資金5億元。國務院扶貧辦為遼寧省朝陽縣投入資金300萬元。\n",
    "20191003-01-01.txt": "简讯\n全国投入资金100万元。\n",  # no place: groups under null
}


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("places")
    (work / "r").mkdir()
    for name, text in REPORTS.items():
        (work / "r" / name).write_text(text, encoding="utf-8")
    db = work / "s.sqlite"
    with Store(db) as s:
        assert run_batch([str(work / "r")], s, BatchOptions(jobs=1)).done == len(REPORTS)
    return db


def _null(v: object) -> object:
    """A missing value of a DataFrame (None or NaN) as None."""
    return None if v is None or v != v else v


def _money_rows(db: Path) -> list[tuple[Any, ...]]:
    """place, place_code, actor, value, doc_id of every money fact."""
    with Store(db, readonly=True) as s:
        return s.sql("SELECT place, place_code, actor, value, doc_id FROM facts WHERE kind = 'money'")


def _hand(db: Path, level: str) -> dict[str | None, tuple[int, int, int]]:
    """Totals per division computed in Python through divisions.ancestor."""
    totals: dict[str | None, int] = defaultdict(int)
    n: Counter[str | None] = Counter()
    docs: dict[str | None, set[str]] = defaultdict(set)
    for _, code, _, value, doc in _money_rows(db):
        up = ancestor(code, level) if code else None
        key = up[1] if up else None
        totals[key] += value
        n[key] += 1
        docs[key].add(doc)
    return {k: (totals[k], n[k], len(docs[k])) for k in totals}


@pytest.mark.parametrize("level", ["county", "city", "province"])
def test_division_totals_equal_the_ancestors_of_each_fact(store: Path, level: str) -> None:
    with Store(store, readonly=True) as s:
        frame = s.summarize([level], kinds=["money"], names=division_name)
    assert list(frame.columns[:2]) == [level, f"{level}_code"]
    got = {
        _null(r[level]): (
            r["total"],
            r["n_facts"],
            r["n_documents"],
        )
        for r in frame.to_dict("records")
    }
    assert got == _hand(store, level)


def test_a_village_fact_counts_for_its_county_and_province(store: Path) -> None:
    with Store(store, readonly=True) as s:
        county = s.summarize(["county"], kinds=["money"], names=division_name)
        province = s.summarize(["province"], kinds=["money"], names=division_name)
    # 3000万 (朝阳县) + 200万 (南洼村, a village of 朝阳县) + 300万 (朝陽縣, traditional)
    assert county.set_index("county").loc["朝阳县", "total"] == 35_000_000
    assert county.set_index("county").loc["朝阳县", "county_code"] == "211321000000"
    assert province.set_index("province").loc["辽宁省", "n_facts"] == 3
    # 贵州省 itself has no county: its 5亿 groups under null with the fact of no place
    nulls = county[county.county_code.isna()]
    assert nulls.total.sum() == 500_000_000 + 1_000_000


def test_without_names_the_codes_still_group(store: Path) -> None:
    frame = summarize(Store(store, readonly=True), ["county"], kinds=["money"])
    assert frame.county.isna().all() and "211321000000" in set(frame.county_code)


def test_place_and_actor_group_as_columns(store: Path) -> None:
    with Store(store, readonly=True) as s:
        frame = s.summarize(["place", "actor"], kinds=["money"])
    rows = {(_null(r["place"]), _null(r["actor"])): r["total"] for r in frame.to_dict("records")}
    assert rows[("南洼村", "辽宁省教育厅")] == 2_000_000
    assert rows[("朝阳县", "国务院扶贫办")] == 3_000_000  # the traditional report, simplified
    want: Counter[tuple[str | None, str | None]] = Counter()
    for place, _, actor, value, _ in _money_rows(store):
        want[(place, actor)] += value
    assert rows == dict(want)


def test_summarize_command_names_counties(store: Path, tmp_path: Path) -> None:
    from reportmine.cli.main import main

    out = tmp_path / "county.json"
    assert main(["summarize", str(store), "--by", "province,county", "--kind", "money", "-o", str(out)]) == 0
    rows = json.loads(out.read_text(encoding="utf-8"))
    chaoyang = [r for r in rows if r["county"] == "朝阳县"]
    assert len(chaoyang) == 1 and chaoyang[0]["province"] == "辽宁省"
    assert chaoyang[0]["total"] == 35_000_000 and chaoyang[0]["n_documents"] == 2


# -- the link columns reach every export and the spaCy spans ----------------------------------
LINKS = ("place", "place_code", "actor")


def _linked(db: Path) -> set[tuple[str, str, str]]:
    with Store(db, readonly=True) as s:
        rows = s.sql("SELECT text, place, place_code, coalesce(actor, '') FROM facts WHERE place IS NOT NULL")
    return {(str(t), str(p), str(c) + "|" + str(a)) for t, p, c, a in rows}


def test_exports_carry_place_code_and_actor(store: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    openpyxl = pytest.importorskip("openpyxl")
    want = _linked(store)
    assert any("辽宁省教育厅" in w[2] for w in want)
    export_store(store, str(tmp_path / "f.csv"))
    with (tmp_path / "f.csv").open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    got = {(r["text"], r["place"], r["place_code"] + "|" + r["actor"]) for r in rows if r["place"]}
    assert got == want
    export_store(store, str(tmp_path / "f.parquet"))
    frame = pd.read_parquet(tmp_path / "f.parquet")
    assert set(LINKS) <= set(frame.columns)
    got = {
        (r["text"], r["place"], f"{r['place_code']}|{_null(r['actor']) or ''}")
        for r in frame.to_dict("records")
        if _null(r["place"])
    }
    assert got == want
    export_store(store, str(tmp_path / "f.xlsx"))
    sheet = openpyxl.load_workbook(tmp_path / "f.xlsx")["facts"]
    values = list(sheet.iter_rows(values_only=True))
    col = {name: i for i, name in enumerate(values[0])}
    got = {
        (r[col["text"]], r[col["place"]], f"{r[col['place_code']]}|{r[col['actor']] or ''}")
        for r in values[1:]
        if r[col["place"]]
    }
    assert got == want


def test_spacy_spans_carry_place_and_actor() -> None:
    pytest.importorskip("spacy")
    from reportmine.pipeline import Pipeline
    from reportmine.spacy import load

    nlp = load()
    for text in (REPORTS["20191001-01-01.txt"], REPORTS["20191002-01-01.txt"]):
        doc = nlp(text)
        want = [(f.start, f.place, f.place_code, f.actor) for f in Pipeline().extract(text).facts]
        got = [(s.start_char, *(getattr(s._.fact, k, None) for k in LINKS)) for s in doc.spans["reportmine"]]
        assert sorted(got, key=str) == sorted(want, key=str)
        assert any(a for *_, a in got) and any(p for _, p, *_ in got)
