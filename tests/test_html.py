"""The standalone HTML report (:mod:`reportmine.output.html`): structure checked here, the
behaviour in a real browser in tests/test_browser.py."""

from __future__ import annotations

import html.parser
import json
import re
import sqlite3
from pathlib import Path

import pytest

import reportmine
from conftest import SEEDS
from reportmine.cli import main
from reportmine.errors import StoreError
from reportmine.output.html import bar_chart, page_of, report_html, store_html


def _data(page: str) -> dict:
    m = re.search(r'<script type="application/json" id="reportmine-data">(.*?)</script>', page, re.S)
    assert m
    return json.loads(m.group(1))


class _Tags(html.parser.HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def _tags(page: str) -> list[tuple[str, dict[str, str | None]]]:
    p = _Tags()
    p.feed(page)
    return p.tags


@pytest.fixture(scope="module")
def seed_store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "seeds.sqlite"
    assert main(["extract", str(SEEDS), "-o", str(db), "-q", "-j", "1"]) == 0
    return db


def test_a_document_page_is_standalone_and_holds_every_fact() -> None:
    text = "数据��丢失了，共投入资金120万元，帮扶贫困户35户。"
    report = reportmine.extract(text, "a.txt")
    page = report_html(report)
    tags = _tags(page)
    assert not [a for t, a in tags if t in ("script", "link", "img") and (a.get("src") or a.get("href"))]
    data = _data(page)
    (doc,) = data["documents"]
    assert doc["mode"] == "text" and doc["text"] == text and doc["damaged"]
    assert [(f["s"], f["e"]) for f in doc["facts"]] == [(f.start, f.end) for f in report.facts]
    assert all(text[f["s"] : f["e"]] == f["text"] for f in doc["facts"])
    assert "<svg" in page  # facts by kind


def test_a_closing_script_tag_in_the_text_cannot_end_the_data() -> None:
    page = report_html(reportmine.extract("</script><!--<script><b>投入资金120万元。", "x"))
    assert _data(page)["documents"][0]["text"].startswith("</script><!--<script><b>")
    assert page.count("<script") == 2  # the data and the code, nothing from the text


def test_without_the_text_facts_sit_in_their_sentences() -> None:
    facts = [
        {"kind": "count", "text": "35户", "start": 40, "end": 43, "sentence": "帮扶35户，再帮35户"},
        {"kind": "count", "text": "35户", "start": 47, "end": 50, "sentence": "帮扶35户，再帮35户"},
        {"kind": "money", "text": "5万元", "start": 60, "end": 63, "sentence": ""},
    ]
    p = page_of("d", facts, "too short")  # the text does not match: sentences
    assert p["mode"] == "sentences"
    assert [p["text"][f["s"] : f["e"]] for f in p["facts"]] == ["35户", "35户", "5万元"]
    assert p["facts"][0]["s"] != p["facts"][1]["s"]


def test_the_store_report_has_charts_failures_and_every_document(seed_store: Path, tmp_path: Path) -> None:
    page = store_html(seed_store)
    data = _data(page)
    with sqlite3.connect(seed_store) as db:
        n_docs = db.execute("SELECT count(*) FROM documents").fetchone()[0]
        n_facts = db.execute("SELECT count(*) FROM facts").fetchone()[0]
        dated_money = db.execute(
            "SELECT count(*) FROM facts f JOIN documents d ON d.id = f.doc_id"
            " WHERE f.kind = 'money' AND d.doc_date IS NOT NULL"
        ).fetchone()[0]
    assert len(data["documents"]) == n_docs
    assert sum(len(d["facts"]) for d in data["documents"]) == n_facts
    assert 'id="failures">none' in page
    assert "facts by kind" in page
    # the chart where documents have dates (issue 15: datelines, file names), never an empty one
    assert ("money by year" in page) == (dated_money > 0)
    capped = _data(store_html(seed_store, max_documents=2))
    assert len(capped["documents"]) == 2


def test_the_store_report_reads_the_texts_back(seed_store: Path) -> None:
    data = _data(
        store_html(seed_store, texts=lambda doc_id, source: Path(source).read_text(encoding="utf-8"))
    )
    assert {d["mode"] for d in data["documents"]} == {"text"}


def test_money_by_a_column_is_charted_when_the_store_has_it(seed_store: Path, tmp_path: Path) -> None:
    db = tmp_path / "with_dates.sqlite"
    db.write_bytes(seed_store.read_bytes())
    with sqlite3.connect(db) as c:
        # (the columns of issue 14 and 15, set by hand: the seeds' own values vary)
        c.execute("UPDATE facts SET place = NULL, topic = NULL")
        c.execute("UPDATE documents SET doc_date = '2021-0' || (ord % 3 + 1) || '-01'")
        c.execute("UPDATE facts SET place = '庆阳市' WHERE kind = 'money' AND seq % 2 = 0")
    page = store_html(db)
    assert "money by year" in page and "2021" in page
    assert "money by place" in page and "庆阳市" in page
    assert "money by topic" not in page
    with sqlite3.connect(db) as c:  # topics in a table of their own, keyed by doc_id
        c.execute("CREATE TABLE doc_topics (doc_id TEXT, topic TEXT)")
        c.execute("INSERT INTO doc_topics SELECT id, '产业扶贫' FROM documents")
    assert "money by topic" in store_html(db) and "产业扶贫" in store_html(db)


def test_a_failed_document_is_listed(tmp_path: Path) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "good.txt").write_text("投入资金120万元。", encoding="utf-8")
    (tmp_path / "in" / "bad.txt").write_bytes(b"\x00\x01\x02\xff\xfe binary \x00" * 50)
    db = tmp_path / "s.sqlite"
    main(["extract", str(tmp_path / "in"), "-o", str(db), "-q", "-j", "1"])
    page = store_html(db)
    assert '<table id="failures"' in page and "bad.txt" in page
    docs = {d["id"]: d for d in _data(page)["documents"]}
    assert docs["bad.txt"]["status"] == "failed" and docs["bad.txt"]["meta"]["error"]
    assert docs["good.txt"]["meta"]["format"] == "text"  # the documents' other columns, listed


def test_not_a_store_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        store_html(tmp_path / "missing.sqlite")
    junk = tmp_path / "junk.sqlite"
    junk.write_text("not sqlite")
    with pytest.raises(StoreError, match="not a reportmine store"):
        store_html(junk)


def test_the_cli_writes_both_pages(
    seed_store: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "r.html"
    assert main(["report", str(seed_store), "--html", str(out)]) == 0
    assert "wrote" in capsys.readouterr().err
    assert {d["mode"] for d in _data(out.read_text(encoding="utf-8"))["documents"]} == {"text"}
    one = tmp_path / "one.html"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    assert main(["show", str(seed), "--html", str(one), "--kinds", "money"]) == 0
    assert {f["kind"] for f in _data(one.read_text(encoding="utf-8"))["documents"][0]["facts"]} == {"money"}
    assert main(["report", str(tmp_path / "nope.sqlite"), "--html", str(out)]) == 2


def test_bar_chart_scales_to_the_largest() -> None:
    svg = bar_chart([("a", 10), ("b", 5)], title="t", width=420)
    widths = [float(w) for w in re.findall(r'<rect x="\d+" y="\d+" width="([\d.]+)"', svg)]
    assert widths[0] == pytest.approx(2 * widths[1])


@pytest.mark.slow
@pytest.mark.corpora
def test_the_archive_report_stays_within_its_measured_limits(corpora: list[Path], tmp_path: Path) -> None:
    # docs/performance.md: 3,896 People's Daily articles → about 28 MB, written in seconds
    import time

    db = tmp_path / "pd.sqlite"
    main(["extract", *map(str, corpora), "-o", str(db), "-q", "-j", "1"])
    out = tmp_path / "pd.html"
    t0 = time.perf_counter()
    assert main(["report", str(db), "--html", str(out)]) == 0
    seconds = time.perf_counter() - t0
    data = _data(out.read_text(encoding="utf-8"))
    with sqlite3.connect(db) as c:
        n_docs, n_facts = c.execute("SELECT count(*), sum(facts) FROM documents").fetchone()
    assert len(data["documents"]) == n_docs
    assert sum(len(d["facts"]) for d in data["documents"]) == n_facts
    assert {d["mode"] for d in data["documents"]} == {"text"}  # archive members re-read
    # ≈ 7.3 KB a document measured with the quantity kinds; 12.8 KB with places, organizations
    # and persons on (issue 14: about 20 more facts a document)
    assert out.stat().st_size < 16_000 * n_docs
    assert seconds < 120, seconds


def test_relative_sources_are_found_from_root(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(SEEDS.parent.parent)
    db = tmp_path / "rel.sqlite"
    assert main(["extract", "corpus/seeds", "-o", str(db), "-q", "-j", "1"]) == 0
    monkeypatch.chdir(tmp_path)  # the sources are not below the current folder any more
    out = tmp_path / "r.html"
    assert main(["report", str(db), "--html", str(out)]) == 0
    assert {d["mode"] for d in _data(out.read_text(encoding="utf-8"))["documents"]} == {"sentences"}
    assert main(["report", str(db), "--html", str(out), "--root", str(SEEDS.parent.parent)]) == 0
    assert {d["mode"] for d in _data(out.read_text(encoding="utf-8"))["documents"]} == {"text"}
