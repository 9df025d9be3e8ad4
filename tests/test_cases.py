"""The case-table loader ``tests/_cases.py`` and the format of ``tests/cases/README.md``."""

from __future__ import annotations

from pathlib import Path

import pytest

from _cases import CASES, CaseTableError, escape, load, read_table, unescape

COLUMNS = ("text", "expected", "note")


def _table(tmp_path: Path, body: str) -> Path:
    path = tmp_path / "t.tsv"
    path.write_text(body, encoding="utf-8")
    return path


def test_rows_carry_cells_location_and_xfail(tmp_path: Path) -> None:
    path = _table(
        tmp_path,
        "# a comment\n\ntext\texpected\tnote\txfail\n"
        "# -- a section\n"
        "3万元\t3万元=money 30000 元\n"
        "一件\t-\ta note\tread as an article\n",
    )
    first, second = read_table(path, COLUMNS, optional=["note"])
    assert first.cells == {"text": "3万元", "expected": "3万元=money 30000 元", "note": ""}
    assert (first.id, first.line, first.xfail, first["text"]) == ("t.tsv:5", 5, "", "3万元")
    assert (second.line, second["expected"], second["note"]) == (6, "", "a note")
    assert second.xfail == "read as an article"


def test_param_marks_a_strict_xfail(tmp_path: Path) -> None:
    path = _table(tmp_path, "text\texpected\tnote\txfail\na\tb\t-\tknown gap\nc\td\n")
    gap, ok = (row.param() for row in read_table(path, COLUMNS, optional=["note"]))
    assert gap.values == ("a", "b", "") and gap.id == "t.tsv:2"
    (mark,) = gap.marks
    assert mark.name == "xfail" and mark.kwargs == {"reason": "known gap", "strict": True}
    assert not ok.marks and ok.values == ("c", "d", "")
    built = read_table(path, COLUMNS, optional=["note"])[0].param(1, [2])
    assert built.values == (1, [2]) and built.id == "t.tsv:2" and built.marks


@pytest.mark.parametrize(
    ("cell", "value"),
    [
        ("-", ""),
        ("", ""),
        ("\\-", "-"),
        ("a-b", "a-b"),
        ("第一行\\r\\n第二行\\t末", "第一行\r\n第二行\t末"),
        ("C:\\\\dir\\\\n", "C:\\dir\\n"),
        ("\\u3000\\u3000本报\\xa0电", "\u3000\u3000本报\xa0电"),
        ("\\#3号楼", "#3号楼"),
    ],
)
def test_escapes(cell: str, value: str) -> None:
    assert unescape(cell) == value
    assert unescape(escape(value)) == value


@pytest.mark.parametrize("value", ["", "-", "#1", "a\\tb", "\\", "\t\n\r", "全角　空格", "x\\u3000"])
def test_escape_round_trips(value: str) -> None:
    cell = escape(value)
    assert "\t" not in cell and "\n" not in cell and "\r" not in cell
    assert unescape(cell) == value


@pytest.mark.parametrize("cell", ["a\\qb", "end\\", "\\u30", "\\xg0"])
def test_unknown_escape_names_the_line(tmp_path: Path, cell: str) -> None:
    path = _table(tmp_path, f"text\texpected\tnote\txfail\nok\tok\n{cell}\tok\n")
    with pytest.raises(CaseTableError, match=r"t\.tsv:3: unknown escape"):
        read_table(path, COLUMNS, optional=["note"])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("only the text", r"t\.tsv:3: 1 cells, the header .* asks for 2 to 4"),
        ("a\tb\tc\td\te", r"t\.tsv:3: 5 cells, the header .* asks for 2 to 4"),
    ],
)
def test_malformed_row_names_the_line(tmp_path: Path, row: str, message: str) -> None:
    path = _table(tmp_path, f"text\texpected\tnote\txfail\nok\tok\n{row}\n")
    with pytest.raises(CaseTableError, match=message):
        read_table(path, COLUMNS, optional=["note"])


def test_required_cells_cannot_be_left_out(tmp_path: Path) -> None:
    path = _table(tmp_path, "text\texpected\tnote\txfail\na\tb\n")
    with pytest.raises(CaseTableError, match=r"t\.tsv:2: 2 cells, the header .* asks for 3 to 4"):
        read_table(path, COLUMNS)


@pytest.mark.parametrize(
    ("header", "message"),
    [
        ("text\texpected\tnote\tcomment\txfail", r"t\.tsv:2: .*unknown column\(s\) \['comment'\]"),
        ("text\texpected\txfail", r"t\.tsv:2: .*missing column\(s\) \['note'\]"),
        ("text\texpected\tnote", r"t\.tsv:2: .*missing column\(s\) \['xfail'\]"),
        ("expected\ttext\tnote\txfail", r"t\.tsv:2: .*columns out of order"),
    ],
)
def test_header_must_name_the_expected_columns(tmp_path: Path, header: str, message: str) -> None:
    path = _table(tmp_path, f"# cases\n{header}\na\tb\n")
    with pytest.raises(CaseTableError, match=message):
        read_table(path, COLUMNS)


def test_a_table_without_header_is_an_error(tmp_path: Path) -> None:
    with pytest.raises(CaseTableError, match=r"t\.tsv:1: no header row"):
        read_table(_table(tmp_path, "# only comments\n\n"), COLUMNS)


def test_crlf_line_ends_are_read_as_lf(tmp_path: Path) -> None:
    path = _table(tmp_path, "text\texpected\tnote\txfail\r\na\tb\tc\r\n")
    (row,) = read_table(path, COLUMNS)
    assert row.cells == {"text": "a", "expected": "b", "note": "c"}


def test_optional_columns_must_come_last(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="optional columns"):
        read_table(_table(tmp_path, "text\texpected\tnote\txfail\n"), COLUMNS, optional=["text"])


def test_a_pattern_that_matches_no_table_is_an_error() -> None:
    with pytest.raises(CaseTableError, match="no case table matches"):
        load("no_such_table_*.tsv", COLUMNS)


def test_row_errors_name_the_line() -> None:
    (row, *_) = load("numbers_forms.tsv", COLUMNS, optional=["note"])
    assert str(row.error("bad cell")) == f"tests/cases/numbers_forms.tsv:{row.line}: bad cell"


@pytest.mark.parametrize("path", sorted(CASES.rglob("*.tsv")), ids=lambda p: p.relative_to(CASES).as_posix())
def test_every_table_follows_the_format(path: Path) -> None:
    # each table read with its own header: the format holds even for a table no test reads yet
    with open(path, encoding="utf-8") as f:
        header = next(line for line in f if line.strip(" \t\n") and not line.startswith("#"))
    columns = header.rstrip("\n").split("\t")
    assert columns[-1] == "xfail", f"{path.name}: the last column must be xfail"
    assert read_table(path, columns[:-1], optional=columns[-2:-1])
