"""API misuse (issue 12, item 9): a str input is ONE path; ``doc_date`` as an ISO string;
wrong types raise the documented errors (``OptionError`` for options, ``TypeError`` for
a text or data argument of the wrong type), never ``AttributeError``."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

import reportmine
from reportmine.batch import BatchOptions, run_batch
from reportmine.config import PipelineConfig
from reportmine.errors import OptionError
from reportmine.results import DocumentResult
from reportmine.sources import Limits, decode_raw, decode_text, format_of, iter_raw, parse_size

TEXT = "2019年投入资金3亿元，5月1日贫困户35户脱贫。"


class _Recorder:
    def __init__(self) -> None:
        self.results: list[DocumentResult] = []

    def write(self, results: Any) -> None:
        self.results.extend(results)

    def close(self) -> None:
        pass


@pytest.mark.parametrize("as_path", [False, True])
def test_a_str_or_path_input_is_one_path(tmp_path: Path, as_path: bool) -> None:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    arg: Any = tmp_path if as_path else str(tmp_path)
    assert [i.id for i in iter_raw(arg)] == ["a.txt"]
    rec = _Recorder()
    summary = run_batch(arg, rec, BatchOptions(jobs=1))
    assert (summary.done, summary.failed) == (1, 0)
    assert [r.id for r in rec.results] == ["a.txt"]


@pytest.mark.parametrize("bad", [None, 5, b"/tmp", [1, 2], [b"a"]])
def test_inputs_of_the_wrong_type(bad: Any) -> None:
    with pytest.raises(OptionError):
        list(iter_raw(bad))
    with pytest.raises(OptionError):
        run_batch(bad, _Recorder())


def test_run_batch_options_and_writer_are_checked() -> None:
    with pytest.raises(OptionError):
        run_batch([], _Recorder(), "fast")  # type: ignore[arg-type]
    with pytest.raises(OptionError):
        run_batch([], None)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    "day", ["2019-06-01", dt.date(2019, 6, 1), dt.datetime(2019, 6, 1, 9, 30), "2019-06-01T09:30:00"]
)
def test_doc_date_as_date_datetime_or_iso_string(day: Any) -> None:
    report = reportmine.extract("5月1日贫困户35户脱贫。", doc_date=day)
    dates = [f for f in report.facts if f.kind == "date"]
    want = reportmine.extract("5月1日贫困户35户脱贫。", doc_date=dt.date(2019, 6, 1))
    assert [f.to_dict() for f in dates] == [f.to_dict() for f in want.facts if f.kind == "date"]
    assert "2019" in str(dates[0].to_dict())


@pytest.mark.parametrize("day", ["yesterday", "2019-13-01", 20190101, 2019.5, b"2019-01-01", ["2019"]])
def test_bad_doc_date_raises_option_error(day: Any) -> None:
    with pytest.raises(OptionError, match="doc_date"):
        reportmine.extract(TEXT, doc_date=day)


@pytest.mark.parametrize("doc_id", [5, b"a", ["a"], 1.5, Path("a")])
def test_non_str_doc_id_raises_option_error(doc_id: Any) -> None:
    with pytest.raises(OptionError, match="doc_id"):
        reportmine.extract(TEXT, doc_id)


BAD = [None, 5, b"abc", [1, 2], Path("x.txt"), 1.5, {"a": 1}]

#: the calls that raised AttributeError (or a bare TypeError for an option) before
CALLS: dict[str, tuple[Callable[[Any], object], type[Exception]]] = {
    "Pipeline(lexicon=…)": (lambda v: reportmine.Pipeline(v), OptionError),
    "Pipeline(config=…)": (lambda v: reportmine.Pipeline(config=v), OptionError),
    "Pipeline(kinds=…)": (lambda v: reportmine.Pipeline(kinds=v), OptionError),
    "PipelineConfig(repairs=…)": (lambda v: PipelineConfig(repairs=v), OptionError),
    "Lexicon(…)": (lambda v: reportmine.Lexicon(v), OptionError),
    "parse_number(…)": (lambda v: reportmine.parse_number(v), TypeError),
    "decode_text(…)": (lambda v: decode_text(v), TypeError),
    "decode_raw(…)": (lambda v: decode_raw(v), TypeError),
    "format_of(…)": (lambda v: format_of(v), TypeError),
    "parse_size(…)": (lambda v: parse_size(v), OptionError),
    "Limits(max_doc_bytes=…)": (lambda v: Limits(max_doc_bytes=v), OptionError),
}


@pytest.mark.parametrize("name", list(CALLS))
def test_wrong_types_raise_the_documented_error(name: str) -> None:
    call, error = CALLS[name]
    for v in BAD:
        if name == "decode_text(…)" and isinstance(v, bytes):
            continue  # bytes are its argument
        if name.startswith(("Pipeline(kinds", "PipelineConfig")) and v is None:
            continue  # None: the default (all)
        if name.startswith("Pipeline(") and v is None:
            continue
        if name.startswith("Limits") and isinstance(v, int):
            continue  # a valid limit
        if name == "Lexicon(…)" and isinstance(v, dict):
            continue  # a mapping is its argument (its rows are not checked here)
        with pytest.raises(error):
            call(v)
