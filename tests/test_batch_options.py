"""Batch options (issue 19): ``--doc-date`` / ``BatchOptions(doc_date=…)`` accept what the
API's ``doc_date`` accepts (a year, a month, a day, a date-time, a ``date``), stored as ISO
at the precision given, and the dates of a run equal the API's with the same date."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path
from typing import Any

import pytest

import reportmine
from reportmine.batch import BatchOptions, run_batch
from reportmine.cli import main
from reportmine.errors import OptionError
from reportmine.results import DocumentResult

YEARLESS = "本报讯 5月3日，全县完成验收。12月20日，投入资金500万元。\n"


class _Recorder:
    def __init__(self) -> None:
        self.results: list[DocumentResult] = []

    def write(self, results: Any) -> None:
        self.results.extend(results)

    def close(self) -> None:
        pass


def _dates(facts: Any) -> list[tuple[str, Any]]:
    return [(f["text"], f["value"]) for f in facts if f["kind"] == "date"]


@pytest.mark.parametrize(
    ("given", "stored"),
    [
        ("2019", "2019"),
        ("2019-10", "2019-10"),
        ("2019-10-01", "2019-10-01"),
        (" 2019-10-01T08:30:00+08:00 ", "2019-10-01"),
        (dt.date(2019, 10, 1), "2019-10-01"),
        (dt.datetime(2019, 10, 1, 23, 30), "2019-10-01"),
        ("2019/10/1", "2019-10-01"),  # the JSON Lines field forms, accepted before
    ],
)
def test_doc_date_takes_what_the_api_takes(tmp_path: Path, given: Any, stored: str) -> None:
    (tmp_path / "a.txt").write_text(YEARLESS, encoding="utf-8")
    rec = _Recorder()
    summary = run_batch([str(tmp_path)], rec, BatchOptions(jobs=1, doc_date=given))
    assert summary.done == 1
    (r,) = rec.results
    assert (r.document["doc_date"], r.document["doc_date_source"]) == (stored, "option")
    api = reportmine.extract(YEARLESS, doc_date=given if stored != "2019-10-01" else dt.date(2019, 10, 1))
    assert _dates(r.facts) == [(f.text, f.value) for f in api.facts if f.kind == "date"]
    assert all(str(v).startswith("2019-") for _, v in _dates(r.facts)), _dates(r.facts)


def test_a_year_alone_resolves_both_ends_of_the_year(tmp_path: Path) -> None:
    """``--doc-date 2019``: 5月3日 and 12月20日 both take 2019 (the reference is 1 July)."""
    (tmp_path / "a.txt").write_text(YEARLESS, encoding="utf-8")
    rec = _Recorder()
    run_batch([str(tmp_path)], rec, BatchOptions(jobs=1, doc_date="2019"))
    assert _dates(rec.results[0].facts) == [("5月3日", "2019-05-03"), ("12月20日", "2019-12-20")]


@pytest.mark.parametrize("bad", ["yesterday", "2019-13", "2019-02-30", "2018-13-01", "--10-01", "19", 2019])
def test_doc_date_refuses_what_is_no_date(bad: Any) -> None:
    with pytest.raises(OptionError, match="doc_date"):
        BatchOptions(doc_date=bad)


def test_cli_doc_date_a_year_and_a_bad_month(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(YEARLESS, encoding="utf-8")
    out = tmp_path / "facts.jsonl"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "-q", "-j", "1", "--doc-date", "2019"]) == 0
    rows = [json.loads(x) for x in out.read_text(encoding="utf-8").splitlines()]
    assert [(f["text"], f["value"]) for f in rows if f["kind"] == "date"] == [
        ("5月3日", "2019-05-03"),
        ("12月20日", "2019-12-20"),
    ]
    with pytest.raises(SystemExit) as e:
        main(["extract", str(tmp_path / "in"), "-o", str(tmp_path / "x.jsonl"), "--doc-date", "2019-13"])
    assert e.value.code == 2
    assert "YYYY-MM" in capsys.readouterr().err
