"""``reportmine summarize`` on the base install: a plain table, CSV and JSON without pandas.

pandas' absence is simulated (``sys.modules["pandas"] = None`` makes ``import pandas`` fail);
Parquet needs pyarrow, and without it says so. The rows are checked against
:func:`~reportmine.output.summarize.summary_table` and, where pandas is installed, against
the DataFrame of :meth:`~reportmine.output.Store.summarize` (the reference).
"""

from __future__ import annotations

import csv
import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from reportmine.batch import BatchOptions, run_batch
from reportmine.cli.main import main
from reportmine.errors import MissingExtraError
from reportmine.output.store import Store
from reportmine.output.summarize import summary_table
from reportmine.output.tables import display_width, format_table

TEXTS = {
    "20191001-01-01.txt": "某县纪实\n全县投入扶贫资金800万元，帮扶贫困户1200户，新建大棚35亩。\n",
    "20200105-01-01.txt": "簡訊\n全縣投入扶貧資金20萬元，帶動貧困戶35戶脫貧，完成率95%。\n",
}
BY = ["year", "subject"]


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("plain")
    for name, text in TEXTS.items():
        (root / name).write_text(text, encoding="utf-8")
    db = root / "s.sqlite"
    with Store(db) as s:
        run_batch([str(root / n) for n in TEXTS], s, BatchOptions(jobs=1))
    return db


@pytest.fixture
def no_pandas(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "pandas", None)  # `import pandas` now fails as if absent


def _table(db: Path) -> tuple[tuple[str, ...], list[tuple[Any, ...]]]:
    with Store(db, readonly=True) as s:
        t = summary_table(s, BY)
    assert t.rows and "扶贫资金" in {r[1] for r in t.rows}
    return t.columns, t.rows


def test_the_terminal_table_needs_no_pandas(
    store: Path, no_pandas: None, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["summarize", str(store), "--by", ",".join(BY)]) == 0
    lines = capsys.readouterr().out.splitlines()
    columns, rows = _table(store)
    assert lines[0].split() == list(columns) and len(lines) == len(rows) + 1
    # the last column is right-aligned numbers: every line ends in the same terminal column,
    # which holds only when 扶贫资金 counts as eight columns, not four
    assert len({display_width(ln) for ln in lines}) == 1
    assert len({len(ln) for ln in lines}) > 1
    for line, row in zip(lines[1:], rows, strict=True):
        # (floats to 15 significant digits on the terminal; the files keep every digit)
        shown = ["-" if v is None else format(v, ".15g") if isinstance(v, float) else str(v) for v in row]
        assert line.split() == shown


def test_csv_and_json_need_no_pandas(store: Path, no_pandas: None, tmp_path: Path) -> None:
    columns, rows = _table(store)
    out_csv, out_json = tmp_path / "t.csv", tmp_path / "t.json"
    assert main(["summarize", str(store), "--by", ",".join(BY), "-o", str(out_csv)]) == 0
    assert main(["summarize", str(store), "--by", ",".join(BY), "-o", str(out_json)]) == 0
    with open(out_csv, encoding="utf-8", newline="") as f:
        got = list(csv.reader(f))
    assert got == [list(columns)] + [["" if v is None else str(v) for v in r] for r in rows]
    records = json.loads(out_json.read_text(encoding="utf-8"))
    assert records == [dict(zip(columns, r, strict=True)) for r in rows]
    assert "扶贫资金" in out_json.read_text(encoding="utf-8")  # as written, not \u escapes


_BLOCK_PANDAS = """
import sys
from importlib.abc import MetaPathFinder

class NoPandas(MetaPathFinder):  # as if pandas were not installed (pyarrow then runs without it)
    def find_spec(self, name, path=None, target=None):
        if name == "pandas" or name.startswith("pandas."):
            raise ImportError(f"No module named {name!r}")
        return None

sys.meta_path.insert(0, NoPandas())
from reportmine.cli.main import main
code = main(sys.argv[1:])
assert "pandas" not in sys.modules
sys.exit(code)
"""


def test_parquet_needs_pyarrow_only(store: Path, tmp_path: Path) -> None:
    pq = pytest.importorskip("pyarrow.parquet")
    columns, rows = _table(store)
    out = tmp_path / "t.parquet"
    args = ["summarize", str(store), "--by", ",".join(BY), "-o", str(out)]
    done = subprocess.run([sys.executable, "-c", _BLOCK_PANDAS, *args], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    read = pq.read_table(str(out))
    assert tuple(read.column_names) == columns
    assert [tuple(r.values()) for r in read.to_pylist()] == rows


def test_parquet_without_pyarrow_says_so(
    store: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setitem(sys.modules, "pyarrow", None)
    monkeypatch.setitem(sys.modules, "pyarrow.parquet", None)
    out = tmp_path / "t.parquet"
    assert main(["summarize", str(store), "-o", str(out)]) == 2
    err = capsys.readouterr().err
    assert "pyarrow" in err and "reportmine[parquet]" in err and "Traceback" not in err
    assert list(tmp_path.iterdir()) == []  # no file, no temporary left behind


def test_the_dataframe_still_needs_pandas(store: Path, no_pandas: None) -> None:
    with Store(store, readonly=True) as s, pytest.raises(MissingExtraError, match="pandas"):
        s.summarize(BY)


def test_plain_rows_equal_the_dataframe(store: Path) -> None:
    pytest.importorskip("pandas")
    with Store(store, readonly=True) as s:
        frame = s.summarize(BY)
        table = summary_table(s, BY)
    assert tuple(frame.columns) == table.columns
    got = [tuple(None if v != v else v for v in r) for r in frame.itertuples(index=False)]  # NaN → None
    assert got == table.rows


def test_no_facts(store: Path, no_pandas: None, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["summarize", str(store), "--kind", "no_such_kind"]) == 0
    assert capsys.readouterr().out == "(no facts)\n"


@pytest.mark.parametrize(
    ("text", "width"),
    [("abc", 3), ("扶贫", 4), ("５亩", 4), ("ｱ", 1), ("e\u0301", 1), ("扶貧-1", 6), ("", 0)],
)
def test_display_width(text: str, width: int) -> None:
    assert display_width(text) == width


def test_numbers_right_text_left() -> None:
    text = format_table(("kind", "total"), [("money", 5), ("面积", 12.5), ("x", None)])
    assert text.splitlines() == ["kind   total", "money      5", "面积    12.5", "x          -"]
