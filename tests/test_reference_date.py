"""One reader of a document's ISO date (:func:`reportmine.chars.reference_date`).

The API's ``doc_date``, a batch's dates (``--doc-date``, file and member names, JSON Lines
fields) and the dateline's date all go through it; its precision rules are the table below.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import pytest

import reportmine
from reportmine.batch import BatchOptions, run_batch
from reportmine.chars import reference_date
from reportmine.output.store import Store

# value, the day it stands for (None: no reference), why
CASES: list[tuple[Any, dt.date | None, str]] = [
    ("2019-10-01", dt.date(2019, 10, 1), "a full date is that day"),
    (" 2019-10-01\n", dt.date(2019, 10, 1), "white space around it"),
    ("20191001", dt.date(2019, 10, 1), "ISO basic format"),
    ("2019-10-01T23:30:00+08:00", dt.date(2019, 10, 1), "a date-time: its day as written"),
    ("2019-10", dt.date(2019, 10, 1), "a month: its 1st"),
    ("2019", dt.date(2019, 7, 1), "a year: the 1st of July, no month is half a year ahead"),
    ("2020-02-29", dt.date(2020, 2, 29), "a leap day"),
    (dt.date(2019, 10, 1), dt.date(2019, 10, 1), "a date"),
    (dt.datetime(2019, 10, 1, 23, 30), dt.date(2019, 10, 1), "a datetime: its day"),
    ("--10-01", None, "a dateline's date without a year: no reference"),
    ("--10", None, "a month without a year"),
    (None, None, "no date"),
]
BAD: list[Any] = ["2019/10/1", "2019-13", "2019-02-30", "yesterday", "", "19-10-01", 2019, b"2019"]


@pytest.mark.parametrize(("value", "day", "why"), CASES)
def test_precision_rules(value: Any, day: dt.date | None, why: str) -> None:
    assert reference_date(value) == day, why


@pytest.mark.parametrize("value", BAD)
def test_anything_else_is_a_value_error(value: Any) -> None:
    with pytest.raises(ValueError):
        reference_date(value)


def _dates(text: str, doc_date: Any) -> list[str]:
    return [str(f.value) for f in reportmine.extract(text, doc_date=doc_date).facts if f.kind == "date"]


def test_a_year_dates_every_month_of_that_year() -> None:
    # before: doc_date="2019" was refused; read as 2019-01-01, 12月20日 would have gone to 2018
    assert _dates("1月5日开工，12月20日竣工。", "2019") == ["2019-01-05", "2019-12-20"]


def test_a_month_is_its_first_day_in_the_api_as_in_a_batch() -> None:
    # before: the API refused "2019-10", while a batch read 2019-10 names as the 1st
    text = "3月5日开工，10月20日竣工。"
    assert _dates(text, "2019-10") == _dates(text, dt.date(2019, 10, 1)) == ["2019-03-05", "2019-10-20"]


def _batch(tmp_path: Path, name: str, **options: Any) -> dict[str, Any]:
    src = tmp_path / name
    src.write_text("10月20日竣工，带动贫困户35户。\n", encoding="utf-8")
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        run_batch([str(src)], store, BatchOptions(jobs=1, **options))
    with Store(db, readonly=True) as store:
        (doc,) = store.iter_documents()
        dates = [f["value"] for f in store.iter_facts(["date"])]
    return {"status": doc["status"], "doc_date": doc["doc_date"], "dates": dates}


def test_doc_date_option_in_another_iso_spelling(tmp_path: Path) -> None:
    # before: --doc-date 2019/10/1 passed the check, then every document failed (int('2019/10/1'))
    got = _batch(tmp_path, "a.txt", doc_date="2019/10/1")
    assert got == {"status": "done", "doc_date": "2019-10-01", "dates": ["2019-10-20"]}


def test_a_month_in_a_file_name(tmp_path: Path) -> None:
    got = _batch(tmp_path, "issue_2019_10.txt", date_pattern=r"(?P<year>\d{4})_(?P<month>\d\d)")
    assert got == {"status": "done", "doc_date": "2019-10", "dates": ["2019-10-20"]}


def test_a_dateline_with_a_year_dates_the_document_in_a_batch(tmp_path: Path) -> None:
    # before: 新华社北京2019年10月1日电 was no dateline; the document had no date, 9月30日 no year
    src = tmp_path / "plain.txt"
    src.write_text("全县脱贫攻坚纪实\n新華社北京2019年10月1日電 9月30日，全縣脫貧35戶。\n", encoding="utf-8")
    db = tmp_path / "s.sqlite"
    with Store(db) as store:
        run_batch([str(src)], store, BatchOptions(jobs=1))
    with Store(db, readonly=True) as store:
        (doc,) = store.iter_documents()
        dates = [f["value"] for f in store.iter_facts(["date"])]
    assert (doc["doc_date"], doc["doc_date_source"], doc["outlet"], doc["place"]) == (
        "2019-10-01",
        "dateline",
        "新华社",
        "北京",
    )
    assert dates == ["2019-10-01", "2019-09-30"]
