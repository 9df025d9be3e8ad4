"""Program facts: the case tables in tests/cases/programs_*.tsv, grouping, and table checks."""

from __future__ import annotations

import pytest

from _cases import load, params
from _named_cases import expected_pairs
from reportmine.errors import LexiconError
from reportmine.extractors.programs import ProgramExtractor
from reportmine.lexicon import Lexicon, Row
from reportmine.pipeline import Pipeline
from reportmine.records import ProgramFact
from reportmine.report import Report


@pytest.fixture(scope="module")
def pipe() -> Pipeline:
    return Pipeline(kinds={"program"})


COLUMNS = ("text", "expected", "note")


@pytest.mark.parametrize(COLUMNS, params("programs_*.tsv", COLUMNS, optional=["note"]))
def test_program_cases(pipe: Pipeline, text: str, expected: str, note: str) -> None:
    report = pipe.extract(text)
    got = [(f.text, f.value) for f in report.of_kind("program")]
    assert got == expected_pairs(expected), note
    for f in report.facts:
        assert text[f.start : f.end] == f.text


def test_tables_are_big_enough() -> None:
    assert len(load("programs_*.tsv", COLUMNS, optional=["note"])) >= 60


def test_category_field(pipe: Pipeline) -> None:
    facts = pipe.extract("开展“五个一”活动,落实“六大行动”,开办“爱心超市”").facts
    assert [(f.value, f.category) for f in facts if isinstance(f, ProgramFact)] == [
        ("五个一活动", "活动"),
        ("六大行动", "行动"),
        ("爱心超市", None),
    ]


def test_pinyin_artifacts_dropped_from_value(pipe: Pipeline) -> None:
    text = "開展“脫貧攻堅掛牌督戰(zhàn)”專項行動"
    (f,) = pipe.extract(text).facts
    assert f.value == "脱贫攻坚挂牌督战专项行动"
    assert text[f.start : f.end] == f.text


def _report(*values: tuple[str, str | None]) -> Report:
    t = Pipeline().normalize("x" * 100)
    facts = tuple(
        ProgramFact(text="x", start=i, end=i + 1, value=v, category=c) for i, (v, c) in enumerate(values)
    )
    return Report("d", t, facts)


def test_programs_grouped_under_one_name() -> None:
    r = _report(
        ("四帮助一宣传", None),
        ("四帮助一宣传活动", "活动"),
        ("三基建设", None),
        ("三基建设", "建设"),
        ("决胜小康 决战脱贫系列活动", "系列活动"),
        ("决胜小康决战脱贫系列活动", "系列活动"),
        ("决胜小康 决战脱贫系列活动", "系列活动"),
        ("爱心超市", None),
    )
    groups = r.programs
    assert list(groups) == ["四帮助一宣传活动", "三基建设", "决胜小康 决战脱贫系列活动", "爱心超市"]
    assert [len(v) for v in groups.values()] == [2, 2, 3, 1]


def test_seed_report_groups_repeated_mentions() -> None:
    from conftest import SEEDS, read_seed

    raw = read_seed(SEEDS / "002_a7abca4cc31a0c0c.txt")
    groups = Pipeline(kinds={"program"}).extract(raw).programs
    assert len(groups["万名党员干部拉手贫困户志愿服务活动"]) == 4
    assert len(groups["两代表一委员进乡村增动力助脱贫活动"]) == 3


@pytest.mark.parametrize(
    ("table", "row"),
    [
        ("program_categories", ("活动", "sometimes")),
        ("program_categories", ("abc",)),
        ("program_cues", ("suffix",)),
        ("program_cues", ("maybe", "超市")),
    ],
)
def test_bad_lexicon_rows_name_their_line(table: str, row: tuple[str, ...]) -> None:
    base = Lexicon.load()
    lex = Lexicon({**{n: base.rows(n) for n in base}, table: [Row(row, "t.txt", 3)]})
    with pytest.raises(LexiconError, match=r"t\.txt:3:"):
        ProgramExtractor(lex)
