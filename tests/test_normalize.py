"""Normalization: the case tables in tests/cases/normalize_*.tsv, the seed acceptance checks,
options, lexicon validation and the ``normalize`` command."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest

import reportmine
from _cases import Row, load
from conftest import read_seed, seed_paths
from reportmine.cli.main import main
from reportmine.errors import LexiconError
from reportmine.lexicon import Lexicon
from reportmine.normalization.normalizer import REPAIR_STEPS, Normalizer, normalize
from reportmine.pipeline import Pipeline

COLUMNS = ("step", "text", "expected", "note")


def _case(row: Row) -> Any:
    """One row as a param; its step must be a repair step or ``script``."""
    if row["step"] not in (*REPAIR_STEPS, "script"):
        raise row.error(f"unknown step {row['step']!r}")
    return row.param()


@pytest.mark.parametrize(COLUMNS, [_case(r) for r in load("normalize_*.tsv", COLUMNS, optional=["note"])])
def test_normalize_cases(step: str, text: str, expected: str, note: str) -> None:
    if step == "script":
        assert normalize(text).script == expected, note
        return
    t = normalize(text, repairs=[step])
    if step == "mojibake":
        got = [text[s:e] for s, e in t.damaged]
        assert got == (expected.split(" | ") if expected else []), note
    else:
        assert t.normalized == expected, note
        assert all(r.step == step for r in t.repairs)
    _check_map(t.original, t)


def _check_map(raw: str, t: Any) -> None:
    """Every repair and span lies in bounds and the map is monotone."""
    last = 0
    for i in range(len(t.normalized) + 1):
        o = t.to_original(i)
        assert last <= o <= len(raw)
        last = o
    for r in t.repairs:
        assert raw[r.start : r.end] == r.before


# -- the seeds: acceptance ------------------------------------------------------------------
SEED = {p.name[:3]: p for p in seed_paths()}
_ANNOTATION = re.compile(r"[(（][a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ]{1,7}[)）]")


@pytest.fixture(scope="module")
def seed000() -> tuple[str, Any]:
    raw = read_seed(SEED["000"])
    return raw, normalize(raw)


def test_seed000_is_traditional_and_loses_its_pinyin(seed000: tuple[str, Any]) -> None:
    raw, t = seed000
    assert t.script == "traditional"
    assert len(_ANNOTATION.findall(raw)) > 100
    assert not _ANNOTATION.search(t.normalized)
    for phrase in ("驻村联户", "发挥职能作用", "团结协作", "全村总面积64552.3亩"):
        assert phrase in t.normalized


def test_seed000_damage_covers_garbled_runs_only(seed000: tuple[str, Any]) -> None:
    raw, t = seed000
    assert len(t.damaged) >= 3
    # every '?' of the seed lies in a garbled run, and every garbled run is reported
    for m in re.finditer(r"\?", raw):
        assert any(s <= m.start() < e for s, e in t.damaged), raw[m.start() - 5 : m.start() + 5]
    # ...but no legible sentence does
    for legible in (
        "人去世的貧困戶趙喜家屬張玉琴",
        "行“三會一課”制度",
        "敢于負責",
        "織和群眾的需要就是駐村工作隊行動的信號",
        "困難。",
        "分獎勵機制,鼓勵村民遵規",
    ):
        a = raw.index(legible)
        b = a + len(legible)
        assert not any(s < b and a < e for s, e in t.damaged), legible
    for s, e in t.damaged:
        assert e - s <= 16 and "。" not in raw[s:e]


def test_seed000_repairs_report_original_offsets(seed000: tuple[str, Any]) -> None:
    raw, t = seed000
    steps = {r.step for r in t.repairs}
    assert {"pinyin", "space", "mojibake"} <= steps
    for r in t.repairs:
        assert raw[r.start : r.end] == r.before
        if r.step == "pinyin":
            assert _ANNOTATION.fullmatch(r.before)
        elif r.step == "space":
            assert r.before.strip() == "" and r.after == ""
    # a fact-sized span maps back to the traditional original
    i = t.normalized.index("64552.3亩")
    assert t.original_slice(i, i + len("64552.3亩"))[2] == "64552.3 畝"


def test_seed001_joins_broken_sentences_and_keeps_layout_lines() -> None:
    raw = read_seed(SEED["001"])
    t = normalize(raw)
    assert t.script == "simplified"
    assert "驻村帮扶工作常态化机制" in t.normalized
    assert "坚持抓好脱贫攻坚驻村帮扶不放松" in t.normalized
    lines = {line.strip() for line in t.normalized.splitlines()}
    for own_line in (
        "交城县“四抓好、四确保”推进脱贫攻坚常态化帮扶工作",
        "交城县组织全县驻村第一书记参加学习弘扬右玉精神脱贫攻坚专题培训班。司瑞芳 摄",
        "(梁伟 路小飞)",
        "翰墨写真情 春联暖人心",
        "路小飞 王真杰 摄",
        "——交城县野则河村抓“三基建设”促脱贫攻坚纪实",
        "□ 路小飞",
        "抓班子夯实战斗堡垒",
        "抓基础设施建设,“三貌”再提升",
    ):
        assert own_line in lines, own_line
    for r in t.repairs_of("linebreak"):
        assert r.before.strip() == ""


@pytest.mark.parametrize("name", ["001", "002", "004"])
def test_simplified_seeds_are_not_converted(name: str) -> None:
    raw = read_seed(SEED[name])
    t = normalize(raw)
    assert t.script == "simplified"
    assert not t.damaged
    # every normalized character is the original character it came from, or a folded form
    for i, ch in enumerate(t.normalized):
        o = t.to_original(i)
        assert raw[o] == ch or (raw[o] == "\u3000" and ch == " ")


def test_seed003_is_traditional() -> None:
    t = normalize(read_seed(SEED["003"]))
    assert t.script == "traditional"
    assert "驻村帮扶工作是我们国家政治优势" in t.normalized
    assert t.is_identity  # nothing but script conversion: no position map


# -- options --------------------------------------------------------------------------------
def test_steps_can_be_switched_off() -> None:
    raw = "聯(lián)戶35 戶"
    assert normalize(raw).normalized == "联户35户"
    assert normalize(raw, repairs=[]).normalized == "联(lián)户35 户"
    assert normalize(raw, repairs=["space"]).normalized == "联(lián)户35户"
    t = normalize(raw, repairs=[])
    assert t.repairs == () and t.is_identity


def test_script_options() -> None:
    trad = "駐村幫扶工作隊"
    assert normalize(trad, "simplified").normalized == trad
    assert normalize(trad, "simplified").script == "traditional"  # detected, not converted
    name = "於之莹说，她会继续努力"
    assert normalize(name, "traditional").normalized == "于之莹说，她会继续努力"
    # auto: what conversion would change is converted even in text labelled simplified, so a
    # short traditional sentence reaches the extractors simplified; the original stays as it was
    short = "貧困發生率由2014年的12.3%降至0.5%。"
    assert normalize(short).normalized == "贫困发生率由2014年的12.3%降至0.5%。"
    assert normalize(name).script == "simplified"
    assert normalize(name).original == name
    plain = "覆盖著名乾隆年间的记载"
    assert normalize(plain).normalized == plain  # OpenCC leaves simplified words alone


def test_bad_options_raise_value_error() -> None:
    with pytest.raises(ValueError, match="script"):
        Normalizer(script="latin")
    with pytest.raises(ValueError, match="converter"):
        Normalizer(converter="s2t")
    with pytest.raises(ValueError, match="unknown repair steps"):
        Normalizer(repairs=["pinyin", "spelling"])
    with pytest.raises(TypeError):
        normalize(b"bytes")  # type: ignore[arg-type]


@pytest.mark.parametrize("converter", ["tw2s", "hk2s"])
def test_regional_converters_keep_length(converter: str) -> None:
    t = normalize("駐村幫扶，滑鼠與軟體。", converter=converter)
    assert t.script == "traditional" and t.is_identity
    assert len(t.normalized) == len(t.original)


def test_phrase_converter_changes_length_and_maps_back() -> None:
    raw = "他們把記憶體換成16GB，計程車上有35 名乘客。"
    t = normalize(raw, converter="tw2sp")
    assert "内存" in t.normalized and "出租车" in t.normalized
    assert len(t.normalized) != len(raw)
    for word, original in (("内存", "記憶體"), ("35名", "35 名"), ("16GB", "16GB")):
        i = t.normalized.index(word)
        assert t.original_slice(i, i + len(word))[2] == original


def test_lone_surrogates_are_reported_as_damage() -> None:
    """A str from json.loads or a surrogateescape decode can hold lone surrogates: no
    character at all, so a damaged range; the facts around them are still read."""
    raw = "贫困户35户\udc8f\udcb0人已脱贫。投入资金100万元。"
    t = normalize(raw)
    damaged = [(r.start, r.end) for r in t.repairs if r.step == "mojibake"]
    assert damaged == [(6, 8)]
    assert [f.text for f in reportmine.extract(raw).facts] == ["35户", "100万元"]
    assert not Normalizer().find_mojibake("贫困户35户，73人已脱贫。")


# -- the char_freq lexicon ------------------------------------------------------------------
def test_researcher_char_freq_rows_rank_by_count(tmp_path: Path) -> None:
    text = "医生说，这个孩子叫王赟赟，今年五岁。"
    assert not Normalizer().find_mojibake(text)
    (tmp_path / "char_freq.txt").write_text("# mine\n赟 99999999\n", encoding="utf-8")
    lex = Lexicon.load([tmp_path])
    n = Normalizer(lexicon=lex)
    assert "赟" in n._detector().common


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("赟", r"expected 2 fields \(character count\)"),
        ("赟赟 12", "not a single character"),
        ("赟 x", "count"),
    ],
)
def test_bad_char_freq_rows_name_their_line(tmp_path: Path, row: str, message: str) -> None:
    (tmp_path / "char_freq.txt").write_text(f"# header\n{row}\n", encoding="utf-8")
    with pytest.raises(LexiconError, match=rf"char_freq.txt:2: .*{message}"):  # checked as it loads
        Normalizer(lexicon=Lexicon.load([tmp_path])).find_mojibake("??")


def test_pipeline_normalizer_uses_the_pipeline_lexicon() -> None:
    pipe = Pipeline()
    assert pipe.normalizer._lexicon is pipe.lexicon


# -- the command ------------------------------------------------------------------------------
def test_cli_prints_normalized_text(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["normalize", str(SEED["000"])]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.startswith("中共大庆市委史志研究室\n自2019年5月以来")


def test_cli_lists_repairs(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    assert main(["normalize", "--repairs", str(SEED["000"])]) == 0
    rows = [json.loads(line) for line in capsysbinary.readouterr().out.decode("utf-8").splitlines()]
    raw = read_seed(SEED["000"])
    assert {r["step"] for r in rows} == {"pinyin", "space", "mojibake"}
    assert all(raw[r["start"] : r["end"]] == r["before"] for r in rows)
    assert [r["start"] for r in rows] == sorted(r["start"] for r in rows)


def test_cli_reads_stdin_and_checks_steps(
    monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    import io
    import sys

    monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO("貧困戶35 戶".encode())))
    assert main(["normalize", "-", "--steps", "pinyin"]) == 0
    assert capsysbinary.readouterr().out.decode("utf-8") == "贫困户35 户\n"
    with pytest.raises(SystemExit) as exc:
        main(["normalize", "-", "--steps", "spelling"])
    assert exc.value.code == 2
