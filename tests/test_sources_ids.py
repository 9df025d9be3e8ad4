"""Document ids (issue 12, items 1 and 2): names that are not UTF-8 are escaped losslessly,
and ids are unique by construction, so every document keeps its own row and facts."""

from __future__ import annotations

import io
import json
import os
import sqlite3
import tarfile
import zipfile
from pathlib import Path

import pytest

from _batchkit import tar_add
from reportmine.cli.main import main
from reportmine.output.store import Store
from reportmine.sources import iter_documents
from reportmine.sources.ids import UniqueIds, escape_id, id_bytes, unescape_id

TEXT = "2019年投入资金3亿元，贫困户35户脱贫。"


@pytest.mark.parametrize(
    "name",
    ["\udcb9\udcfa.txt", "a\\b.txt", "a\\xb9.txt", "\ud800x", "县/报告.txt", "\\\\", "%41\\u0041"],
)
def test_escape_is_one_to_one_and_valid_utf8(name: str) -> None:
    esc = escape_id(name)
    esc.encode("utf-8")  # storable anywhere
    assert unescape_id(esc) == name


def test_raw_bytes_of_a_gbk_file_name_are_recoverable() -> None:
    raw = "国家.txt".encode("gbk")
    assert id_bytes(escape_id(os.fsdecode(raw))) == raw


def test_unique_ids_number_repeats_and_skip_real_names() -> None:
    ids = UniqueIds()
    got = [ids.take(x) for x in ("a.txt", "a.txt#2", "a.txt", "a.txt", "b")]
    assert got == ["a.txt", "a.txt#2", "a.txt#3", "a.txt#4", "b"]


def _gbk_named_inputs(tmp: Path) -> Path:
    folder = tmp / "in"
    folder.mkdir()
    (folder / os.fsdecode("国家.txt".encode("gbk"))).write_bytes(TEXT.encode())
    (folder / "ok.txt").write_text(TEXT, encoding="utf-8")
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:  # a member name in GBK bytes
        tar_add(tf, os.fsdecode("档案.txt".encode("gbk")), TEXT.encode())
    (folder / "t.tar").write_bytes(buf.getvalue())
    lines = [  # lone surrogates in JSON ids: a surrogateescape byte, and another one
        '{"id": "\\udcb9x", "text": "' + TEXT + '"}\n',
        '{"id": "\\ud800y", "text": "' + TEXT + '"}\n',
    ]
    (folder / "r.jsonl").write_text("".join(lines), encoding="utf-8")
    return folder


@pytest.mark.parametrize("suffix", ["sqlite", "jsonl", "csv", "parquet"])
def test_undecodable_names_never_crash_any_output(
    tmp_path: Path, suffix: str, capsys: pytest.CaptureFixture[str]
) -> None:
    if suffix == "parquet":
        pytest.importorskip("pyarrow")
    folder = _gbk_named_inputs(tmp_path)
    out = tmp_path / f"out.{suffix}"
    assert main(["extract", str(folder), "-o", str(out), "-q", "--jobs", "1"]) == 0
    assert "Traceback" not in capsys.readouterr().err
    if suffix == "jsonl":
        ids = {json.loads(x)["doc_id"] for x in out.read_text(encoding="utf-8").splitlines()}
        want = escape_id(os.fsdecode("国家.txt".encode("gbk")))
        assert want in ids and want == "\\xb9\\xfa\\xbc\\xd2.txt"
        assert id_bytes(want) == "国家.txt".encode("gbk")
        assert {"r.jsonl!\\xb9x", "r.jsonl!\\ud800y"} <= ids


def test_undecodable_names_in_the_store_and_resume(tmp_path: Path) -> None:
    folder = _gbk_named_inputs(tmp_path)
    db = tmp_path / "s.sqlite"
    assert main(["extract", str(folder), "-o", str(db), "-q", "--jobs", "1"]) == 0
    assert main(["extract", str(folder), "-o", str(db), "-q", "--jobs", "1", "--resume"]) == 0
    with Store(db, readonly=True) as s:
        docs = {d["id"]: d for d in s.iter_documents()}
        assert s.check() == []
    assert len(docs) == 5 and all(d["status"] == "done" for d in docs.values())
    name = escape_id(os.fsdecode("国家.txt".encode("gbk")))
    assert id_bytes(name) == "国家.txt".encode("gbk")
    # the escaped source names the file to open again
    src = next(d["source"] for i, d in docs.items() if i == name)
    assert Path(os.fsdecode(id_bytes(src))).read_bytes() == TEXT.encode()


def _same_names(tmp: Path) -> list[str]:
    for county in ("county1", "county2"):
        (tmp / county).mkdir()
        (tmp / county / "report.txt").write_text(TEXT, encoding="utf-8")
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        tar_add(tf, "dup#2", "资金1亿元。".encode())  # a real name that looks numbered
        tar_add(tf, "dup", "资金2亿元。".encode())
        tar_add(tf, "dup", "资金3亿元。".encode())
    (tmp / "t.tar").write_bytes(buf.getvalue())
    with zipfile.ZipFile(tmp / "z.zip", "w") as zf:
        zf.writestr("x.txt", "资金4亿元。")
        with pytest.warns(UserWarning):  # zipfile warns about the duplicate name
            zf.writestr("x.txt", "资金5亿元。")
    records = [{"id": "r1", "text": "资金6亿元。"}, {"id": "r1", "text": "资金7亿元。"}]
    (tmp / "r.jsonl").write_text("".join(json.dumps(r) + "\n" for r in records), encoding="utf-8")
    return [str(tmp / p) for p in ("county1", "county2", "t.tar", "z.zip", "r.jsonl")]


def test_repeated_ids_each_keep_their_document(tmp_path: Path) -> None:
    docs = {d.id: d for d in iter_documents(_same_names(tmp_path))}
    assert list(docs) == [
        "county1/report.txt",
        "county2/report.txt",
        "t.tar!dup#2",
        "t.tar!dup",
        "t.tar!dup#3",
        "z.zip!x.txt",
        "z.zip!x.txt#2",
        "r.jsonl!r1",
        "r.jsonl!r1#2",
    ]
    assert all(d.ok for d in docs.values())
    money = [d.text for i, d in docs.items() if "!" in i]
    assert money == [f"资金{n}亿元。" for n in range(1, 8)]


def test_repeated_ids_in_the_store_check_and_resume_converge(tmp_path: Path) -> None:
    inputs = _same_names(tmp_path)
    db = tmp_path / "s.sqlite"
    assert main(["extract", *inputs, "-o", str(db), "-q", "--jobs", "1"]) == 0
    with Store(db, readonly=True) as s:
        assert s.check() == []
        assert s.counts()["done"] == 9
    con = sqlite3.connect(db)
    facts = dict(con.execute("SELECT doc_id, count(*) FROM facts GROUP BY doc_id").fetchall())
    con.close()
    assert facts["t.tar!dup#3"] == 1 and facts["r.jsonl!r1#2"] == 1
    assert main(["extract", *inputs, "-o", str(db), "-q", "--jobs", "1", "--resume"]) == 0
    with Store(db, readonly=True) as s:
        assert s.check() == [] and s.counts()["done"] == 9
