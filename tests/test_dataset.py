"""Issue 15 (a research-ready dataset) and issue 12 items 3 and 7: the store's documents and
sentences tables, the schema 1 migration, document dates, comparable values, change groups,
summaries, and exports that keep exact values and never look complete when they are not."""

from __future__ import annotations

import json
import shutil
import sqlite3
from collections import defaultdict
from fractions import Fraction
from pathlib import Path
from typing import Any

import pytest

from reportmine import Lexicon, Pipeline
from reportmine.batch import BatchOptions, run_batch
from reportmine.errors import OptionError
from reportmine.lexicon.tables import BASE_UNITS, CURRENCIES, UNITS
from reportmine.output.export import export_store, iter_fact_file, open_writer
from reportmine.output.store import SCHEMA_VERSION, Store
from reportmine.results import DocumentResult
from reportmine.sources import SourceOptions
from reportmine.sources.dated import date_of_name

ROOT = Path(__file__).resolve().parents[1]
V1 = ROOT / "tests" / "data" / "store_v1.sqlite"


def _run(inputs: list[Path], db: Path, **options: Any) -> None:
    with Store(db) as store:
        run_batch([str(p) for p in inputs], store, BatchOptions(jobs=1, **options))


# -- the schema 1 store migrates, keeping every row ----------------------------------------------
def _v1_rows() -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    con = sqlite3.connect(f"file:{V1}?mode=ro", uri=True)
    docs = con.execute("SELECT id, status, facts FROM documents ORDER BY ord").fetchall()
    facts = con.execute(
        'SELECT doc_id, seq, kind, text, start, "end", value, sentence, extra FROM facts ORDER BY doc_id, seq'
    ).fetchall()
    assert con.execute("PRAGMA user_version").fetchone()[0] == 1
    con.close()
    return docs, facts


def _check_migrated(store: Store) -> None:
    docs, facts = _v1_rows()
    assert [(d["id"], d["status"], d["facts"]) for d in store.iter_documents()] == docs
    got = sorted(store.iter_facts(), key=lambda f: (f["doc_id"], f["start"], f["kind"]))
    assert len(got) == len(facts) > 50
    by_key = {(f["doc_id"], f["start"], f["kind"], f["text"]): f for f in got}
    for doc_id, _seq, kind, text, start, end, value, sentence, extra in facts:
        f = by_key[(doc_id, start, kind, text)]
        assert (f["end"], f["value"], f["sentence"]) == (end, value, sentence)
        for name, v in json.loads(extra).items():  # category, issuer: now columns of their own
            assert f[name] == v
    assert store.check() == []


def test_a_schema_1_store_opens_migrates_and_keeps_every_row(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(V1, db)
    with Store(db) as store:
        _check_migrated(store)
        (n,) = store.sql("SELECT count(*) FROM sentences")[0]
        assert 0 < n < len(_v1_rows()[1])  # each sentence once
    con = sqlite3.connect(db)
    assert con.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    cols = {r[1] for r in con.execute("PRAGMA table_info(facts)")}
    assert {"sentence_id", "currency", "category", "value_base"} <= cols and "sentence" not in cols
    con.close()


def test_a_schema_1_store_reads_read_only_without_changing_the_file(tmp_path: Path) -> None:
    db = tmp_path / "old.sqlite"
    shutil.copy(V1, db)
    before = db.read_bytes()
    with Store(db, readonly=True) as store:
        _check_migrated(store)
    assert db.read_bytes() == before


def test_new_record_fields_get_columns_and_leave_extra(tmp_path: Path) -> None:
    # a store made before `currency` was a field: its values sat in `extra`
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        store.write([DocumentResult("d", "d", "h", 0, "done", facts=(_money(),))])
    con = sqlite3.connect(db)
    con.execute("ALTER TABLE facts DROP COLUMN currency")
    con.execute("""UPDATE facts SET extra = '{"currency": "USD"}'""")
    con.commit()
    con.close()
    with Store(db) as store:
        (f,) = store.iter_facts()
        assert f["currency"] == "USD"
        assert store.sql("SELECT currency, extra FROM facts") == [("USD", "{}")]


def _money(value: Any = 500000000, unit: str = "美元", **kw: Any) -> dict[str, Any]:
    return {
        "doc_id": "d",
        "kind": "money",
        "text": "5亿美元",
        "start": 0,
        "end": 4,
        "value": value,
        "unit": unit,
        "qualifier": "exact",
        "sentence": "投资5亿美元。",
        "flags": [],
        **kw,
    }


# -- issue 12 item 7: each sentence stored once ------------------------------------------------
def test_store_size_on_a_2mb_plain_text_stays_under_5x(tmp_path: Path) -> None:
    # the seed reports with their sentence ends and line breaks taken out, repeated to 2 MB:
    # sentences thousands of characters long, which schema 1 stored again with every fact
    seeds = "".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "corpus" / "seeds").glob("*.txt")))
    flat = seeds.replace("。", "，").replace("\r", "").replace("\n", "，")
    text = flat * (2 * 1024 * 1024 // len(flat.encode("utf-8")) + 1)
    src = tmp_path / "long.txt"
    src.write_text(text, encoding="utf-8")
    db = tmp_path / "s.sqlite"
    _run([src], db)
    with Store(db, readonly=True) as store:
        facts = store.counts()["facts"]
        (sentences,) = store.sql("SELECT count(*) FROM sentences")[0]
        assert facts > 5000 and sentences < facts
    size = db.stat().st_size + sum(p.stat().st_size for p in tmp_path.glob("s.sqlite-*"))
    assert size < 5 * src.stat().st_size, (size, src.stat().st_size)


# -- issue 15 item 2: document dates ----------------------------------------------------------
YEARLESS = "本报讯 5月3日，全县完成验收。今年9月，投入资金500万元。\n"


def _dates(db: Path) -> dict[str, list[tuple[str, Any, list[str]]]]:
    out: dict[str, list[tuple[str, Any, list[str]]]] = defaultdict(list)
    with Store(db, readonly=True) as store:
        for f in store.iter_facts(["date"]):
            out[f["doc_id"]].append((f["text"], f["value"], f["flags"]))
    return out


def _doc_rows(db: Path) -> dict[str, dict[str, Any]]:
    with Store(db, readonly=True) as store:
        return {d["id"]: d for d in store.iter_documents(text=True)}


def test_dates_from_file_and_member_names(tmp_path: Path) -> None:
    (tmp_path / "in" / "2019" / "10" / "02").mkdir(parents=True)
    (tmp_path / "in" / "20191001-01-01.txt").write_text(YEARLESS, encoding="utf-8")
    (tmp_path / "in" / "2019" / "10" / "02" / "a.txt").write_text(YEARLESS, encoding="utf-8")
    (tmp_path / "in" / "undated.txt").write_text(YEARLESS, encoding="utf-8")
    db = tmp_path / "s.sqlite"
    _run([tmp_path / "in"], db, store_text=True)
    docs = _doc_rows(db)
    assert docs["20191001-01-01.txt"]["doc_date"] == "2019-10-01"
    assert docs["2019/10/02/a.txt"]["doc_date"] == "2019-10-02"
    assert docs["2019/10/02/a.txt"]["doc_date_source"] == "file name"
    assert docs["undated.txt"]["doc_date"] is None and docs["undated.txt"]["text"] == YEARLESS
    dates = _dates(db)
    assert dates["20191001-01-01.txt"] == [
        ("5月3日", "2019-05-03", ["inferred_year"]),
        ("9月", "2019-09", ["inferred_year", "relative"]),  # 今年 gives 9月 its year: no second fact
    ]
    assert ("5月3日", "--05-03", ["no_year"]) in dates["undated.txt"]
    assert not any(t == "今年" for t, _, _ in dates["undated.txt"])  # no date: not resolved


def test_date_from_option_field_and_pattern(tmp_path: Path) -> None:
    src = tmp_path / "a.txt"
    src.write_text(YEARLESS, encoding="utf-8")
    db = tmp_path / "opt.sqlite"
    _run([src], db, doc_date="2018-06-30")
    assert _doc_rows(db)["a.txt"]["doc_date_source"] == "option"
    assert _dates(db)["a.txt"][0][1] == "2018-05-03"
    lines = tmp_path / "r.jsonl"
    recs = [{"id": "x", "text": YEARLESS, "date": "2017-02-01T08:00:00+08:00"}, {"id": "y", "text": YEARLESS}]
    lines.write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in recs), encoding="utf-8")
    db2 = tmp_path / "field.sqlite"
    _run([lines], db2, sources=SourceOptions(date_field="date"))
    docs = _doc_rows(db2)
    assert (docs["r.jsonl!x"]["doc_date"], docs["r.jsonl!x"]["doc_date_source"]) == ("2017-02-01", "field")
    assert docs["r.jsonl!y"]["doc_date"] is None
    assert _dates(db2)["r.jsonl!x"][0][1] == "2017-05-03"
    named = tmp_path / "issue_2016_07.txt"
    named.write_text(YEARLESS, encoding="utf-8")
    db3 = tmp_path / "pattern.sqlite"
    _run([named], db3, date_pattern=r"(?P<year>\d{4})_(?P<month>\d\d)")
    assert _doc_rows(db3)["issue_2016_07.txt"]["doc_date"] == "2016-07"
    with pytest.raises(OptionError, match="named groups"):
        BatchOptions(date_pattern=r"(\d{4})")
    with pytest.raises(OptionError, match="YYYY-MM-DD"):
        BatchOptions(doc_date="yesterday")


def test_a_dateline_with_a_year_dates_the_document(tmp_path: Path) -> None:
    src = tmp_path / "plain.txt"
    src.write_text(
        "山区贫困县实现整体脱贫\n辽宁日报 2020年08月05日 星期三 第3版\n　　本报沈阳8月4日电 5月3日完成。\n",
        encoding="utf-8",
    )
    db = tmp_path / "s.sqlite"
    _run([src], db)
    doc = _doc_rows(db)["plain.txt"]
    assert (doc["doc_date"], doc["doc_date_source"], doc["outlet"], doc["place"], doc["headline"]) == (
        "2020-08-04",
        "dateline",
        "辽宁日报",
        "沈阳",
        "山区贫困县实现整体脱贫",
    )
    assert _dates(db)["plain.txt"][-1][1] == "2020-05-03"


@pytest.mark.parametrize(
    ("name", "date"),
    [
        ("peoples-daily-2019-10.tar.gz!2019年10月/20191001/20191001-01-01.txt", "2019-10-01"),
        ("news/2019/1/5/a.html", "2019-01-05"),
        ("report-2019-10-31.docx", "2019-10-31"),
        ("report-20191032.txt", None),
        ("id-120191001.txt", None),
    ],
)
def test_date_of_name(name: str, date: str | None) -> None:
    assert date_of_name(name) == date


# -- issue 15 item 3: comparable values -------------------------------------------------------
MEASURES = ("area", "length", "weight", "volume", "duration")
#: physical equalities: (amount, unit) pairs that are the same quantity
SAME = [
    ((1, "公顷"), (15, "亩")),
    ((1, "平方公里"), (100, "公顷")),
    ((1, "公里"), (1000, "米")),
    ((1, "吨"), (2000, "斤")),
    ((1, "立方米"), (1000, "升")),
    ((1, "年"), (12, "月")),
    ((1, "周"), (7, "天")),
    ((1, "天"), (24, "小时")),
    ((1, "小时"), (60, "分钟")),
]


def test_every_unit_has_a_base_and_sums_are_unit_consistent() -> None:
    lexicon = Lexicon.load()
    bases = {(r.kind, r.unit): (r.base, r.ratio) for r in lexicon.table(BASE_UNITS)}
    currencies = {r.unit for r in lexicon.table(CURRENCIES)}
    per_kind: dict[str, set[str]] = defaultdict(set)
    for u in lexicon.table(UNITS):  # every unit a fact can carry
        if u.kind in MEASURES:
            assert (u.kind, u.canonical) in bases, f"{u.canonical} ({u.kind}) has no base unit"
            per_kind[u.kind].add(bases[(u.kind, u.canonical)][0])
        elif u.kind == "money":
            assert u.canonical in currencies and bases[("money", u.canonical)] == (u.canonical, 1)
    assert all(len(b) == 1 for b in per_kind.values()), per_kind  # one base unit per kind
    ratio = {unit: r for (_, unit), (_, r) in bases.items()}
    for (n1, u1), (n2, u2) in SAME:
        assert n1 * ratio[u1] == n2 * ratio[u2], (u1, u2)
    assert ratio["亩"] == Fraction(10000, 15)


def test_extracted_values_add_up_in_base_units() -> None:
    pipe = Pipeline()
    facts = pipe.extract(
        "新增耕地1公顷，另有15亩，道路1.5公里、500米，产茶1吨、2000斤，投资5亿美元、3亿元。"
    ).facts
    base: dict[tuple[str, str], Fraction] = defaultdict(Fraction)
    for f in facts:
        if f.value_base is not None and f.base_unit is not None:
            base[(f.kind, f.base_unit)] += Fraction(f.value_base)
    assert base[("area", "平方米")] == 20000
    assert base[("length", "米")] == 2000
    assert base[("weight", "公斤")] == 2000
    assert base[("money", "美元")] == 500_000_000 and base[("money", "元")] == 300_000_000
    money = {f.text: f.currency for f in facts if f.kind == "money"}  # type: ignore[attr-defined]
    assert money == {"5亿美元": "USD", "3亿元": "CNY"}


# -- issue 15 item 4: sentences and change groups ---------------------------------------------
@pytest.mark.parametrize(
    "text",
    [
        "贫困发生率由26.3%降至0.5%。农民收入从3000元增加到8000元。",
        "貧困發生率由26.3%降至0.5%。農民收入從3000元增加到8000元。",
    ],
)
def test_changes_share_a_group_in_both_scripts(text: str) -> None:
    facts = Pipeline().extract(text).facts
    got = [(f.kind, f.value, f.group, f.group_role, f.sentence_id) for f in facts]
    assert got == [
        ("percent", 26.3, 0, "from", 0),
        ("percent", 0.5, 0, "to", 0),
        ("money", 3000, 1, "from", 1),
        ("money", 8000, 1, "to", 1),
    ]
    for f in facts:
        assert text[f.sentence_start : f.sentence_end] == f.sentence  # type: ignore[misc]


def test_facts_not_describing_a_change_have_no_group() -> None:
    facts = Pipeline().extract("投入资金3000元，帮扶贫困户35户，到2020年完成。").facts
    assert all(f.group is None and f.group_role is None for f in facts)


# -- issue 15 item 5: summaries equal hand-written SQL -----------------------------------------
@pytest.fixture(scope="module")
def seeds_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("seeds") / "seeds.sqlite"
    _run(sorted((ROOT / "corpus" / "seeds").glob("*.txt"))[:6], db, doc_date="2019-10-01")
    return db


def test_summarize_equals_a_hand_written_query(seeds_store: Path) -> None:
    pytest.importorskip("pandas")
    with Store(seeds_store, readonly=True) as store:
        frame = store.summarize(["year"])
        hand = store.sql(
            "SELECT substr(d.doc_date, 1, 4), f.kind, coalesce(f.base_unit, f.unit),"
            " sum(CASE WHEN f.kind != 'percent' AND typeof(coalesce(f.value_base, f.value))"
            " IN ('integer', 'real') THEN coalesce(f.value_base, f.value) END),"
            " count(*), count(DISTINCT f.doc_id)"
            " FROM facts f JOIN documents d ON d.id = f.doc_id GROUP BY 1, 2, 3 ORDER BY 1, 2, 3"
        )
        got = [tuple(None if v != v else v for v in row) for row in frame.itertuples(index=False)]
        assert [g[:3] + g[4:] for g in got] == [h[:3] + h[4:] for h in hand]
        for g, h in zip(got, hand, strict=True):
            assert (g[3] is None and h[3] is None) or g[3] == pytest.approx(h[3], rel=1e-12)
        money = store.summarize(["subject"], kinds=["money"], where="subject LIKE '%资金%'")
        (want,) = store.sql(
            "SELECT sum(value), count(*) FROM facts WHERE kind = 'money' AND subject LIKE '%资金%'"
        )[0:1]
        assert money.total.sum() == want[0] and money.n_facts.sum() == want[1]
        with pytest.raises(OptionError, match="cannot group by"):
            store.summarize(["no_such_column"])


def test_summarize_command_writes_tables(seeds_store: Path, tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    from reportmine.cli.main import main

    out = tmp_path / "sum.json"
    assert (
        main(["summarize", str(seeds_store), "--by", "year,subject", "--kind", "money", "-o", str(out)]) == 0
    )
    rows = json.loads(out.read_text(encoding="utf-8"))
    assert rows and all(r["kind"] == "money" and r["year"] == "2019" for r in rows)


# -- exports: exact values, no file that looks complete, documents, xlsx, datasets -------------
BIG = 1_250_000_000_000_000_000  # 12.5亿亿 (beyond 2^53)


def _big_store(tmp_path: Path) -> Path:
    db = tmp_path / "big.sqlite"
    big = _money(BIG, "元", text="5亿美元")
    with Store(db) as store:
        store.write([DocumentResult("d", "d", "h", 0, "done", facts=(big, _money(start=5, end=9)))])
    return db


@pytest.mark.parametrize("suffix", ["jsonl", "csv", "parquet"])
def test_values_beyond_double_precision_keep_their_exact_form(tmp_path: Path, suffix: str) -> None:
    if suffix == "parquet":
        pytest.importorskip("pyarrow")
    db = _big_store(tmp_path)
    out = tmp_path / f"facts.{suffix}"
    assert export_store(db, str(out)) == 2
    values = [f["value"] for f in iter_fact_file(out)]
    assert values == [BIG, 500000000] and isinstance(values[0], int)


def test_a_failed_output_is_never_left_looking_complete(tmp_path: Path) -> None:
    for suffix in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"facts.{suffix}"
        out.write_text("an earlier, complete file", encoding="utf-8")
        w = open_writer(str(out))
        w.write([DocumentResult("d", "d", "h", 0, "done", facts=(_money(),))])
        assert out.read_text(encoding="utf-8") == "an earlier, complete file"  # not yet replaced
        w.abort()  # type: ignore[attr-defined]
        assert out.read_text(encoding="utf-8") == "an earlier, complete file"
        # what was written is kept under a name that says so (Parquet buffers: nothing yet)
        assert (tmp_path / f"facts.{suffix}.partial").exists() == (suffix != "parquet")
        assert not list(tmp_path.glob(".facts*"))  # no temporary file left


def test_export_kinds_documents_xlsx_and_dataset(seeds_store: Path, tmp_path: Path) -> None:
    pytest.importorskip("pyarrow")
    openpyxl = pytest.importorskip("openpyxl")
    n = export_store(
        seeds_store, str(tmp_path / "money.csv"), kinds=["money"], documents=str(tmp_path / "d.csv")
    )
    assert n > 0 and all(f["kind"] == "money" for f in iter_fact_file(tmp_path / "money.csv"))
    assert (tmp_path / "d.csv").read_text(encoding="utf-8").startswith("id,ord,source")
    book = tmp_path / "all.xlsx"
    total = export_store(seeds_store, str(book))
    wb = openpyxl.load_workbook(book)
    assert wb.sheetnames == ["facts", "documents"]
    with Store(seeds_store, readonly=True) as store:
        docs = len(list(store.iter_documents()))
    assert wb["facts"].max_row == total + 1 and wb["documents"].max_row == docs + 1
    ds = tmp_path / "facts.parquet"
    from reportmine.output.export import ParquetWriter

    w = ParquetWriter(ds, dataset=True, rows_per_file=100)
    with Store(seeds_store, readonly=True) as store:
        w.write_facts(store.iter_facts())
    w.close()
    assert ds.is_dir() and len(list(ds.glob("part-*.parquet"))) == -(-total // 100)
    assert len(list(iter_fact_file(ds))) == total


def test_a_run_to_parquet_keeps_values_beyond_double_precision(tmp_path: Path) -> None:
    # issue 12 item 3: 12.5亿亿次 made pyarrow fail and left a 0-row file, exit 1
    pytest.importorskip("pyarrow")
    from reportmine.cli.extract import extract_inputs

    src = tmp_path / "big.txt"
    src.write_text("超级计算机运算速度达每秒12.5亿亿次，投入资金100万元。\n", encoding="utf-8")
    out = tmp_path / "facts.parquet"
    assert extract_inputs([str(src)], str(out), BatchOptions(jobs=1), quiet=True) == 0
    values = {f["text"]: f["value"] for f in iter_fact_file(out)}
    assert values == {"12.5亿亿次": 125_000_000_000_000_000, "100万元": 1_000_000}
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".")] == []


def test_command_line_dates_text_and_exports(tmp_path: Path) -> None:
    from reportmine.cli.main import main

    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(YEARLESS, encoding="utf-8")
    db = tmp_path / "s.sqlite"
    assert (
        main(
            [
                "extract",
                str(tmp_path / "in"),
                "-o",
                str(db),
                "-q",
                "-j",
                "1",
                "--doc-date",
                "2018-06-30",
                "--store-text",
            ]
        )
        == 0
    )
    doc = _doc_rows(db)["a.txt"]
    assert (doc["doc_date"], doc["doc_date_source"], doc["text"]) == ("2018-06-30", "option", YEARLESS)
    docs = tmp_path / "docs.jsonl"
    facts = tmp_path / "money.jsonl"
    assert main(["export", str(db), "-o", str(facts), "--kind", "money", "--documents", str(docs), "-q"]) == 0
    assert [json.loads(x)["kind"] for x in facts.read_text(encoding="utf-8").splitlines()] == ["money"]
    assert json.loads(docs.read_text(encoding="utf-8"))["doc_date"] == "2018-06-30"
    for bad in (["--doc-date", "2018-13-01"], ["--date-pattern", "(\\d+)"]):
        with pytest.raises(SystemExit) as e:
            main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "x.sqlite"), *bad])
        assert e.value.code == 2
    with pytest.raises(SystemExit):
        main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "x.jsonl"), "--store-text"])
