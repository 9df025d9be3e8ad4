"""Segmentation backends, the domain-term table, caching and the ``segment`` command."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from reportmine import Pipeline
from reportmine.cli.main import main
from reportmine.errors import LexiconError, MissingExtraError
from reportmine.lexicon import Lexicon
from reportmine.segmentation import Segmenter, available_backends, load_terms
from reportmine.text import Text

BACKENDS = available_backends()


# -- the domain-term table --------------------------------------------------------------------
@pytest.fixture(scope="module")
def terms() -> list[str]:
    return [t.word for t in load_terms(Lexicon.load())]


def test_table_has_800_distinct_simplified_terms(terms: list[str]) -> None:
    import opencc

    assert len(terms) >= 800
    rows = Lexicon.load().rows("domain_terms")
    assert len(rows) == len({r.fields[0] for r in rows}), "a term is listed twice"
    cc = opencc.OpenCC("t2s")
    assert [w for w in terms if cc.convert(w) != w] == [], "terms must be in simplified script"


def test_table_holds_the_core_terms_of_the_field(terms: list[str]) -> None:
    core = (
        "建档立卡 驻村工作队 第一书记 两不愁三保障 村两委 易地扶贫搬迁 消费扶贫 光伏扶贫 兜底保障 "
        "防止返贫动态监测 乡村振兴"
    )
    assert set(core.split()) <= set(terms)


@pytest.mark.parametrize("backend", BACKENDS)
def test_every_term_stays_whole(backend: str, terms: list[str]) -> None:
    seg = Segmenter(Lexicon.load(), backend)
    split = [w for w in terms if [t.text for t in seg.segment(Text(w))] != [w]]
    assert split == []


def _lexicon_with(tmp_path: Path, rows: str) -> Lexicon:
    (tmp_path / "domain_terms.txt").write_text("# my terms\n" + rows, encoding="utf-8")
    return Lexicon.load([tmp_path])


@pytest.mark.parametrize(
    ("row", "message"),
    [
        ("赛罕他拉村 0 ns\n", "positive integer"),
        ("赛罕他拉村 -5\n", "positive integer"),
        ("赛罕他拉村 10 NS\n", "not a part-of-speech tag"),
        ("赛罕他拉村 10 ns extra\n", "fields"),
    ],
)
def test_bad_rows_name_their_file_and_line(tmp_path: Path, row: str, message: str) -> None:
    with pytest.raises(LexiconError, match=rf"domain_terms.txt:2: .*{message}"):  # checked as it loads
        Segmenter(_lexicon_with(tmp_path, row), "jieba").backend  # noqa: B018


@pytest.mark.parametrize("backend", BACKENDS)
def test_researcher_terms_reach_only_their_own_pipeline(tmp_path: Path, backend: str) -> None:
    import jieba

    text = "赛罕他拉村的贫困户"
    mine = Pipeline(_lexicon_with(tmp_path, "赛罕他拉村 1000 ns\n"), segmenter=backend)
    other = Pipeline(segmenter=backend)
    first = mine.segment(text, pos=True)[0]
    assert (first.text, first.pos) == ("赛罕他拉村", "ns")
    # (facts=False: since issue 14 the place fact 赛罕他拉村 is kept whole in every pipeline)
    assert "赛罕他拉村" not in [t.text for t in other.segment(text, facts=False)]
    # jieba's process-wide tokenizer is never used or changed
    assert "赛罕他拉村" not in jieba.dt.FREQ


def test_term_without_frequency_gets_a_suggested_one(tmp_path: Path) -> None:
    pipe = Pipeline(_lexicon_with(tmp_path, "赛罕他拉村\n胡吉吐莫镇 ns\n"), segmenter="jieba")
    words = [t.text for t in pipe.segment("胡吉吐莫镇赛罕他拉村", facts=False)]
    assert words == ["胡吉吐莫镇", "赛罕他拉村"]


# -- backends ---------------------------------------------------------------------------------
def test_unknown_backend_is_an_error() -> None:
    with pytest.raises(ValueError, match="backend"):
        Segmenter(Lexicon.load(), "pkuseg")


def test_auto_backend_prefers_rjieba_when_installed() -> None:
    seg = Segmenter(Lexicon.load(), "auto")
    assert seg.backend.name == ("rjieba" if "rjieba" in BACKENDS else "jieba")


def test_missing_rjieba_names_the_extra(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rjieba", None)  # import rjieba now raises ImportError
    with pytest.raises(MissingExtraError, match=r"reportmine\[fast\]"):
        Segmenter(Lexicon.load(), "rjieba").backend  # noqa: B018


def _run(code: str, env: dict[str, str]) -> str:
    import os

    full = {**os.environ, **env}
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=full, check=True)
    return out.stdout.strip()


def test_backend_loads_lazily_and_caches_outside_the_shared_temp_dir(tmp_path: Path) -> None:
    cache, tmp = tmp_path / "cache", tmp_path / "tmp"
    tmp.mkdir()
    code = (
        "import sys\n"
        "from reportmine import Pipeline\n"
        "p = Pipeline(segmenter='jieba')\n"
        "print('jieba' in sys.modules)\n"
        "p.segment('驻村工作队', facts=False)\n"
        "print('jieba' in sys.modules)\n"
    )
    env = {"REPORTMINE_CACHE_DIR": str(cache), "TMPDIR": str(tmp)}
    assert _run(code, env).split() == ["False", "True"]
    assert [p.name.startswith("jieba-prefix-") for p in cache.iterdir()] == [True]
    assert list(tmp.iterdir()) == []  # no /tmp/jieba.cache
    # a damaged cache is rebuilt, not trusted
    next(cache.iterdir()).write_bytes(b"not marshal data")
    assert _run(code, env).split() == ["False", "True"]


def test_cache_can_be_turned_off(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("REPORTMINE_CACHE_DIR", str(tmp_path / "cache"))
    seg = Segmenter(Lexicon.load(), "jieba", cache_dir=False)
    assert [t.text for t in seg.segment(Text("驻村工作队"))] == ["驻村工作队"]
    assert not (tmp_path / "cache").exists()


# -- the command ------------------------------------------------------------------------------
def test_segment_command_prints_words_line_by_line(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    f = tmp_path / "r.txt"
    f.write_bytes("貧困戶35 戶已脫貧。\r\n\r\n投入资金100余万元。".encode())
    assert main(["segment", str(f), "--backend", "jieba"]) == 0
    out = capsysbinary.readouterr().out.decode("utf-8")
    assert out.splitlines() == ["貧困戶 35戶 已 脫貧 。", "", "投入 资金 100余万元 。"]


def test_segment_command_json_offsets_index_the_input(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    raw = "駐村聯(lián)戶，貧困戶35 戶\r\n"
    f = tmp_path / "r.txt"
    f.write_bytes(raw.encode())
    assert main(["segment", str(f), "--json", "--pos"]) == 0
    rows = [json.loads(line) for line in capsysbinary.readouterr().out.decode("utf-8").splitlines()]
    assert "".join(r["text"] for r in rows) == raw
    assert all(raw[r["start"] : r["end"]] == r["text"] and r["pos"] for r in rows)
    assert {"text": "35 戶", "start": 14, "end": 18, "pos": "m"} in rows
