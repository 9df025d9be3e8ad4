"""The command line: documented in README, exit statuses, outputs, limits and summary."""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from _batchkit import run_cli
from reportmine.cli.main import build_parser, main

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
DOCS = "\n".join(p.read_text(encoding="utf-8") for p in sorted((ROOT / "docs").glob("*.md")))


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    sub = next(a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction))
    return dict(sub.choices)


def _mentions(text: str, opt: str) -> bool:
    """``opt`` appears as a whole option (``--max`` is not ``--max-ratio``, ``-o`` not ``-o2``)."""
    return re.search(rf"(?<![\w-]){re.escape(opt)}(?![\w-])", text) is not None


@pytest.mark.parametrize("name", sorted(_subcommands()))
def test_every_command_and_option_is_documented_in_readme(name: str) -> None:
    parser = _subcommands()[name]
    assert f"`reportmine {name}" in README, f"README's commands table lacks reportmine {name}"
    for action in parser._actions:
        for opt in action.option_strings:
            if opt in ("-h", "--help"):
                continue
            if opt.startswith("--"):
                assert _mentions(README, opt), f"README does not document {name} {opt}"
            else:
                assert _mentions(README, opt) or _mentions(DOCS, opt), f"nothing documents {name} {opt}"
    for group in parser._action_groups:
        if group.title not in ("positional arguments", "options", "optional arguments"):
            assert f"| {group.title} |" in README, f"README lacks the {name} option group {group.title!r}"


def _option(command: str, opt: str) -> argparse.Action:
    return next(a for a in _subcommands()[command]._actions if opt in a.option_strings)


def test_choices_are_the_librarys_own() -> None:
    from reportmine.normalization import CONVERTERS, REPAIR_STEPS, SCRIPTS
    from reportmine.records import KINDS
    from reportmine.segmentation import BACKENDS

    for command in ("normalize", "extract"):
        assert _option(command, "--script").choices == SCRIPTS
        assert _option(command, "--converter").choices == CONVERTERS
    assert _option("segment", "--backend").choices == BACKENDS
    kinds, steps = _option("extract", "--kinds").type, _option("normalize", "--steps").type
    assert callable(kinds) and callable(steps)
    assert kinds(",".join(KINDS)) == KINDS and steps(",".join(REPAIR_STEPS)) == REPAIR_STEPS
    for parse, bad in ((kinds, "counts"), (steps, "spelling")):
        with pytest.raises(argparse.ArgumentTypeError, match=f"unknown .*{bad}"):
            parse(bad)


def test_help_loads_no_opencc_jieba_or_pipeline() -> None:
    code = (
        "import json, sys\n"
        "from reportmine.cli import main\n"
        "for argv in (['--help'], *([c, '--help'] for c in "
        "('normalize', 'extract', 'export', 'schema', 'segment', 'status'))):\n"
        "    try:\n"
        "        main(argv)\n"
        "    except SystemExit:\n"
        "        pass\n"
        "heavy = ('opencc', 'jieba', 'rjieba', 'spacy', 'reportmine.pipeline', 'reportmine.extractors')\n"
        "print(json.dumps(sorted(m for m in sys.modules if m.startswith(heavy))), file=sys.stderr)\n"
    )
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    assert json.loads(r.stderr.splitlines()[-1]) == []


def test_readme_main_job_command_writes_the_default_store(tmp_path: Path) -> None:
    line = next(ln for ln in README.splitlines() if "reportmine extract corpus" in ln)
    args = line.split(".venv/bin/reportmine ", 1)[1].split()
    assert args[-2:] == ["-o", "reportmine.sqlite"]
    args = [a.strip("'") for a in args[:-1]] + [str(tmp_path / "reportmine.sqlite")]
    r = run_cli(*args)
    assert r.returncode == 0, r.stderr
    assert (tmp_path / "reportmine.sqlite").read_bytes().startswith(b"SQLite format 3")
    assert "5 documents: 5 done, 0 failed" in r.stderr


@pytest.fixture
def inputs(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    (d / "a.txt").write_text("全村贫困户35户、73人已全部脱贫。", encoding="utf-8")
    (d / "b.txt").write_text("投入资金100余万元。", encoding="utf-8")
    return d


def test_exit_zero_one_line_on_stderr_and_jsonl_on_stdout(inputs: Path) -> None:
    r = run_cli("extract", str(inputs))
    assert r.returncode == 0
    assert r.stderr.count("\n") == 1 and r.stderr.startswith("reportmine: 2 documents: 2 done, 0 failed")
    assert "\r" not in r.stderr  # no progress bar in a pipe
    for line in r.stdout.splitlines():
        assert json.loads(line)["doc_id"] in ("a.txt", "b.txt")
    q = run_cli("extract", str(inputs), "--quiet")
    assert q.returncode == 0 and q.stderr == "" and q.stdout == r.stdout


def test_exit_one_when_some_fail(inputs: Path) -> None:
    (inputs / "c.txt").write_bytes(b"")
    r = run_cli("extract", str(inputs), "-o", "-")
    assert r.returncode == 1
    assert "2 done, 1 failed" in r.stderr and "failed: c.txt: empty document" in r.stderr


def test_stdin(tmp_path: Path) -> None:
    r = run_cli("extract", "-", "-o", str(tmp_path / "o.jsonl"), input="贫困户35户\n")
    assert r.returncode == 0, r.stderr
    docs = {
        json.loads(ln)["doc_id"] for ln in (tmp_path / "o.jsonl").read_text(encoding="utf-8").splitlines()
    }
    assert docs <= {"-"}


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (["-o", "x.xls"], "output format"),
        (["-o", "x.jsonl", "--resume"], "--resume needs a store"),
        (["-o", "x.jsonl", "--excel"], "--excel applies to .csv"),
        (["--max-doc-size", "ten"], "not a size"),
        (["--max-members", "0"], "at least 1"),
        (["--jobs", "0"], "at least 1"),
        (["--kinds", "count,nope"], "unknown kinds"),
        (["--script", "klingon"], "invalid choice"),
        (["--lexicon", "no_such_folder"], "not a folder of lexicon tables"),
    ],
)
def test_usage_errors_exit_two(inputs: Path, tmp_path: Path, args: list[str], words: str) -> None:
    r = run_cli("extract", str(inputs), *args, cwd=tmp_path)
    assert r.returncode == 2 and words in r.stderr, r.stderr
    assert not (tmp_path / "x.jsonl").exists()


def test_missing_input_is_a_usage_error(tmp_path: Path) -> None:
    r = run_cli("extract", str(tmp_path / "nope"))
    assert r.returncode == 2 and "no such file or folder" in r.stderr


def test_output_without_suffix_is_a_store(inputs: Path, tmp_path: Path) -> None:
    out = tmp_path / "mystore"
    assert run_cli("extract", str(inputs), "-o", str(out), "-q").returncode == 0
    assert out.read_bytes().startswith(b"SQLite format 3")
    r = run_cli("extract", str(inputs), "-o", str(out), "--resume")
    assert r.returncode == 0 and "2 done (2 resumed)" in r.stderr


def test_limits_and_selection_reach_the_sources(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as zf:
        for i in range(3):
            zf.writestr(f"m{i}.txt", f"第{i}份")
        zf.writestr("skip.md", "跳过")
    (tmp_path / "d.jsonl").write_text(
        json.dumps({"key": "k1", "body": "正文"}, ensure_ascii=False) + "\n", encoding="utf-8"
    )
    out = tmp_path / "o.sqlite"
    r = run_cli(
        "extract", str(tmp_path / "z.zip"), str(tmp_path / "d.jsonl"), "-o", str(out),
        "--max-members", "2", "--exclude", "*.md", "--text-field", "body", "--id-field", "key",
    )  # fmt: skip
    assert r.returncode == 1
    assert "failed: z.zip: more than 2 members" in r.stderr
    assert "4 documents: 3 done, 1 failed" in r.stderr  # m0, m1, d.jsonl!k1 and the refusal
    from reportmine.output.store import Store

    with Store(out, readonly=True) as s:
        ids = [d["id"] for d in s.iter_documents()]
    assert ids == ["z.zip!m0.txt", "z.zip!m1.txt", "z.zip", "d.jsonl!k1"]


def test_schema_command(tmp_path: Path) -> None:
    r = run_cli("schema")
    assert r.returncode == 0
    schema = json.loads(r.stdout)
    assert schema["$schema"].endswith("2020-12/schema") and len(schema["oneOf"]) >= 11
    assert run_cli("schema", "-o", str(tmp_path / "s.json")).returncode == 0
    assert json.loads((tmp_path / "s.json").read_text(encoding="utf-8")) == schema


def test_export_usage_errors(inputs: Path, tmp_path: Path) -> None:
    assert run_cli("export", str(tmp_path / "none.sqlite"), "-o", "x.csv").returncode == 2
    db = tmp_path / "s.sqlite"
    assert run_cli("extract", str(inputs), "-o", str(db), "-q").returncode == 0
    assert run_cli("export", str(db), "-o", str(tmp_path / "x.sqlite")).returncode == 2
    assert run_cli("export", str(db), "-o", str(tmp_path / "x.jsonl"), "--excel").returncode == 2
    not_store = tmp_path / "plain.db"
    not_store.write_text("x" * 200)
    r = run_cli("export", str(not_store), "-o", str(tmp_path / "x.csv"))
    assert r.returncode == 2 and "not an SQLite database" in r.stderr


# -- status ---------------------------------------------------------------------------------
def test_status_summarizes_a_store_and_lists_its_failures(inputs: Path, tmp_path: Path) -> None:
    (inputs / "empty.txt").write_bytes(b"")
    (inputs / "bin.txt").write_bytes(b"\x00\x01\x02" * 50)
    db = tmp_path / "s.sqlite"
    assert run_cli("extract", str(inputs), "-o", str(db), "-q").returncode == 1
    r = run_cli("status", str(db))
    assert r.returncode == 0, r.stderr
    assert "documents: 4 (2 done, 2 failed)" in r.stdout
    assert "facts: 3 (count 2, money 1)" in r.stdout
    info = json.loads(run_cli("status", str(db), "--json").stdout)
    assert info["documents"] == {"done": 2, "failed": 2}
    assert info["facts"] == {"total": 3, "count": 2, "money": 1}
    assert info["chars"] == len("全村贫困户35户、73人已全部脱贫。") + len("投入资金100余万元。")
    failed = run_cli("status", str(db), "--failed").stdout.splitlines()
    assert [ln.split("\t")[0] for ln in failed] == ["bin.txt", "empty.txt"]
    assert all(len(ln.split("\t")) == 2 and ln.split("\t")[1] for ln in failed)
    r = run_cli("status", str(db), "--check")
    assert r.returncode == 0 and "check: ok" in r.stdout


def test_status_check_reports_a_damaged_store(inputs: Path, tmp_path: Path) -> None:
    import sqlite3

    db = tmp_path / "s.sqlite"
    assert run_cli("extract", str(inputs), "-o", str(db), "-q").returncode == 0
    con = sqlite3.connect(db)
    con.execute("DELETE FROM facts WHERE doc_id = 'a.txt' AND seq = 0")
    con.commit()
    con.close()
    r = run_cli("status", str(db), "--check")
    assert r.returncode == 1
    assert "check: 1 problems" in r.stdout and "a.txt: done with 1 fact rows, 2 recorded" in r.stdout


def test_status_of_what_is_no_store(tmp_path: Path) -> None:
    assert run_cli("status", str(tmp_path / "missing.sqlite")).returncode == 2
    other = tmp_path / "other.txt"
    other.write_text("not a database", encoding="utf-8")
    r = run_cli("status", str(other))
    assert r.returncode == 2 and "reportmine: error:" in r.stderr


def test_a_long_failure_list_is_cut_and_points_to_status(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(25):
        (d / f"{i:02d}.txt").write_bytes(b"")
    db = tmp_path / "s.sqlite"
    r = run_cli("extract", str(d), "-o", str(db))
    assert r.returncode == 1
    assert r.stderr.count("  failed: ") == 20
    assert f"… and 5 more failed (reportmine status {db} --failed lists them all)" in r.stderr
    assert len(run_cli("status", str(db), "--failed").stdout.splitlines()) == 25


# -- --lexicon: the researcher's own tables, in every worker ----------------------------------
LEXICON_TEXT = "修建窑洞12孔，收购玉米500市斤。"  # the example of docs/quantities.md


@pytest.fixture
def my_lexicons(tmp_path: Path) -> Path:
    d = tmp_path / "my_lexicons"
    d.mkdir()
    (d / "units.txt").write_text("市斤    weight    斤    1    -    -\n", encoding="utf-8")
    (d / "measure_words.txt").write_text("孔    孔    -    not=子|雀|径|洞\n", encoding="utf-8")
    return d


def _facts_by_doc(path: Path) -> dict[str, list[tuple[str, str]]]:
    out: dict[str, list[tuple[str, str]]] = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        d = json.loads(line)
        out.setdefault(d["doc_id"], []).append((d["kind"], d["text"]))
    return out


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_extract_lexicon_is_used_by_every_worker(tmp_path: Path, my_lexicons: Path, jobs: str) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(12):
        (d / f"{i:02d}.txt").write_text(LEXICON_TEXT, encoding="utf-8")
    run = ("extract", "in", "--jobs", jobs, "--chunk-size", "1")
    shipped = run_cli(*run, "-o", "shipped.jsonl", cwd=tmp_path)
    assert shipped.returncode == 0, shipped.stderr
    assert (tmp_path / "shipped.jsonl").read_text(encoding="utf-8") == ""  # no fact without the tables
    r = run_cli(*run, "--lexicon", "my_lexicons", "-o", "mine.jsonl", cwd=tmp_path)  # a relative folder
    assert r.returncode == 0, r.stderr
    assert "12 documents: 12 done, 0 failed; 24 facts" in r.stderr and f"{jobs} jobs" in r.stderr
    facts = _facts_by_doc(tmp_path / "mine.jsonl")
    assert sorted(facts) == [f"{i:02d}.txt" for i in range(12)]
    assert all(f == [("count", "12孔"), ("weight", "500市斤")] for f in facts.values()), facts


@pytest.mark.parametrize("jobs", ["1", "2"])
def test_a_malformed_lexicon_table_is_an_error_naming_its_line(
    tmp_path: Path, my_lexicons: Path, jobs: str
) -> None:
    (my_lexicons / "units.txt").write_text("市斤 weight 斤 one - -\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text(LEXICON_TEXT, encoding="utf-8")
    r = run_cli(
        "extract", "a.txt", "--jobs", jobs, "--lexicon", str(my_lexicons), "-o", "out.sqlite", cwd=tmp_path
    )
    assert r.returncode == 2, r.stderr
    assert "reportmine: error:" in r.stderr and "units.txt:1: factor 'one' is not a number" in r.stderr
    assert not (tmp_path / "out.sqlite").exists()  # checked before the output is opened


def test_segment_and_normalize_take_lexicon_too(
    tmp_path: Path, my_lexicons: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    # (issue 14: 赛罕他拉村 is a place fact now, kept whole without the lexicon; 修建窑洞 is a term only here)
    (my_lexicons / "domain_terms.txt").write_text("修建窑洞 1000 n\n", encoding="utf-8")
    f = tmp_path / "r.txt"
    f.write_text("赛罕他拉村修建窑洞12孔", encoding="utf-8")
    assert main(["segment", str(f), "--backend", "jieba"]) == 0
    shipped = capsysbinary.readouterr().out.decode("utf-8").split()
    assert main(["segment", str(f), "--backend", "jieba", "--lexicon", str(my_lexicons)]) == 0
    mine = capsysbinary.readouterr().out.decode("utf-8").split()
    assert "修建窑洞" not in shipped and "12孔" not in shipped
    assert "修建窑洞" in mine and "12孔" in mine  # a domain term, and a fact kept whole
    assert main(["normalize", str(f)]) == 0
    plain = capsysbinary.readouterr().out
    assert main(["normalize", str(f), "--lexicon", str(my_lexicons)]) == 0
    assert capsysbinary.readouterr().out == plain


# -- normalize and segment decode their input as extract does ---------------------------------
ENCODED = [
    ("gbk", "全村贫困户35户、73人已全部脱贫，人均纯收入达到6000多元。\n投入资金100余万元。\n"),
    ("big5", "貧困戶35 戶、73 人已全部脫貧，駐村工作紮實。\r\n全村總面積64552.3 畝。\n"),
]


@pytest.mark.parametrize("command", ["normalize", "segment"])
@pytest.mark.parametrize(("encoding", "text"), ENCODED, ids=[e for e, _ in ENCODED])
def test_normalize_and_segment_read_gbk_and_big5(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], command: str, encoding: str, text: str
) -> None:
    utf8, legacy = tmp_path / "utf8.txt", tmp_path / f"{encoding}.txt"
    utf8.write_bytes(text.encode("utf-8"))
    legacy.write_bytes(text.encode(encoding))
    with pytest.raises(UnicodeDecodeError):
        legacy.read_bytes().decode("utf-8")
    assert main([command, str(utf8)]) == 0
    expected = capsysbinary.readouterr().out
    assert main([command, str(legacy)]) == 0
    assert capsysbinary.readouterr().out == expected and expected.strip()
    assert main([command, "--json" if command == "segment" else "--repairs", str(legacy)]) == 0
    assert main([command, "--json" if command == "segment" else "--repairs", str(utf8)]) == 0
    out = capsysbinary.readouterr().out.splitlines()
    assert out[: len(out) // 2] == out[len(out) // 2 :]  # offsets into the decoded text, not the bytes


@pytest.mark.parametrize("command", ["normalize", "segment"])
def test_a_file_that_is_not_text_is_an_error_naming_it(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], command: str
) -> None:
    bad = tmp_path / "scan.txt"
    bad.write_bytes(b"\x00\x01\x02\x03" * 64)
    assert main([command, str(bad)]) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"reportmine: error: {bad}: ") and "binary content" in err
