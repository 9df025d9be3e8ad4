"""Sources: encodings, formats, ids, ordering and selection (reportmine.sources)."""

from __future__ import annotations

import io
import json
import os
import sys
import tarfile
import zipfile
from pathlib import Path

import pytest

from _batchkit import make_docx, tar_add
from _cases import params
from reportmine.errors import InputError, MissingExtraError
from reportmine.sources import (
    Document,
    Limits,
    RawDocument,
    SourceOptions,
    decode_raw,
    decode_text,
    format_of,
    iter_documents,
    iter_raw,
)
from reportmine.sources.html import html_to_text

ENCODING_COLUMNS = ("recipe", "codec", "text", "encoding", "error")


@pytest.mark.parametrize(
    ENCODING_COLUMNS, params("sources/encodings.tsv", ENCODING_COLUMNS, optional=["error"])
)
def test_decode_text_table(recipe: str, codec: str, text: str, encoding: str, error: str) -> None:
    if recipe == "encode":
        data = text.encode(codec)
    elif recipe == "cut":
        raw = text.encode("utf-8")
        data = raw[: int(codec)] + raw[int(codec) + 1 :]
    else:
        data = bytes.fromhex(text)
    if error:
        with pytest.raises(InputError, match=error):
            decode_text(data)
        return
    got, enc = decode_text(data)
    assert got == text  # exact: line ends and everything else kept
    assert enc == encoding


@pytest.mark.parametrize(
    ("name", "fmt"),
    [
        ("a.txt", "text"),
        ("A/B.TXT", "text"),
        ("notes", "text"),
        ("x.md", "text"),
        ("p.HTM", "html"),
        ("w.docx", "docx"),
        ("s.pdf", "pdf"),
        ("d.jsonl", "jsonl"),
        ("a.zip", "zip"),
        ("a.tar", "tar"),
        ("a.tgz", "tar"),
        ("a.tar.gz", "tar"),
        ("a.tar.bz2", "tar"),
        ("a.tar.xz", "tar"),
        ("a.7z", "7z"),
        ("old.doc", None),
        ("x.gz", None),
        ("photo.png", None),
    ],
)
def test_format_of(name: str, fmt: str | None) -> None:
    assert format_of(name) == fmt


def _docs(*inputs: str, **kw: object) -> dict[str, Document]:
    out: dict[str, Document] = {}
    for d in iter_documents(list(inputs), SourceOptions(**kw)):  # type: ignore[arg-type]
        assert d.id not in out, f"duplicate id {d.id}"
        out[d.id] = d
    return out


def test_folder_ids_order_and_line_ends(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "z.txt").write_bytes("第二\r\n".encode())
    (tmp_path / "a.txt").write_bytes("第一\n".encode())
    (tmp_path / "c.txt").write_bytes("第三\r".encode())
    (tmp_path / ".hidden.txt").write_bytes(b"x")
    (tmp_path / "__MACOSX").mkdir()
    (tmp_path / "__MACOSX" / "a.txt").write_bytes(b"x")
    docs = list(iter_documents([str(tmp_path)]))
    assert [d.id for d in docs] == ["a.txt", "b/z.txt", "c.txt"]
    assert [d.text for d in docs] == ["第一\n", "第二\r\n", "第三\r"]
    assert all(d.sha256 and d.encoding == "utf-8" for d in docs)
    # a file given directly is known by its name
    assert [d.id for d in iter_documents([str(tmp_path / "b" / "z.txt")])] == ["z.txt"]


def test_seed_ids_are_gold_doc_ids() -> None:
    seeds = Path(__file__).resolve().parents[1] / "corpus" / "seeds"
    ids = [d.id for d in iter_documents([str(seeds)])]
    assert ids == sorted(p.name for p in seeds.glob("*.txt"))


def test_include_exclude(tmp_path: Path) -> None:
    for rel in ("a.txt", "keep/b.txt", "skip/c.txt", "d.md"):
        p = tmp_path / rel
        p.parent.mkdir(exist_ok=True)
        p.write_text("扶贫", encoding="utf-8")
    with zipfile.ZipFile(tmp_path / "z.zip", "w") as zf:
        zf.writestr("in.txt", "扶贫")
        zf.writestr("in.md", "扶贫")
    assert set(_docs(str(tmp_path), include=("*.txt",))) == {
        "a.txt",
        "keep/b.txt",
        "skip/c.txt",
        "z.zip!in.txt",
    }
    assert set(_docs(str(tmp_path), exclude=("skip/*", "*.md"))) == {"a.txt", "keep/b.txt", "z.zip!in.txt"}
    assert set(_docs(str(tmp_path), include=("*.TXT",), exclude=("z.zip",))) == {
        "a.txt",
        "keep/b.txt",
        "skip/c.txt",
    }


def test_archives_ids_and_encodings(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "a.zip", "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("dir/one.txt", "一号\r\n")
        zf.writestr("two.txt", "二号".encode("gb18030"))
        zf.writestr("empty/", "")
    for mode, suffix in (("w:gz", "tar.gz"), ("w:bz2", "tar.bz2"), ("w:xz", "tar.xz"), ("w", "tar")):
        with tarfile.open(tmp_path / f"t.{suffix}", mode) as tf:
            tar_add(tf, "x/y.txt", "塔".encode("utf-16"))
    docs = _docs(str(tmp_path))
    assert docs["a.zip!dir/one.txt"].text == "一号\r\n"
    assert docs["a.zip!two.txt"].encoding == "gb18030"
    for suffix in ("tar.gz", "tar.bz2", "tar.xz", "tar"):
        d = docs[f"t.{suffix}!x/y.txt"]
        assert (d.text, d.encoding, d.source) == ("塔", "utf-16", str(tmp_path / f"t.{suffix}"))
    assert len(docs) == 6


def test_gbk_zip_member_names(tmp_path: Path) -> None:
    # Windows zip tools store names in GBK without the UTF-8 flag
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        info = zipfile.ZipInfo("placeholder.txt")
        zf.writestr(info, "内容")
    data = buf.getvalue().replace(b"placeholder.txt", "扶贫报告.txt".encode("gb18030").ljust(15, b"_"))
    (tmp_path / "gbk.zip").write_bytes(data)
    name = "扶贫报告.txt".encode("gb18030").ljust(15, b"_").decode("gb18030")
    assert list(_docs(str(tmp_path / "gbk.zip"))) == [f"gbk.zip!{name}"]


def test_nested_archives(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w") as zf:
        zf.writestr("deep.txt", "深处")
    with tarfile.open(tmp_path / "outer.tar.gz", "w:gz") as tf:
        tar_add(tf, "inner.zip", inner.getvalue())
    docs = _docs(str(tmp_path / "outer.tar.gz"))
    assert docs["outer.tar.gz!inner.zip!deep.txt"].text == "深处"
    limited = _docs(str(tmp_path / "outer.tar.gz"), limits=Limits(max_depth=1))
    assert "nested" in (limited["outer.tar.gz!inner.zip"].error or "")


def test_sevenzip(tmp_path: Path) -> None:
    py7zr = pytest.importorskip("py7zr")
    with py7zr.SevenZipFile(tmp_path / "s.7z", "w") as z:
        z.writestr("七一\n".encode(), "a/one.txt")
        z.writestr("七二".encode("big5"), "two.txt")
    docs = _docs(str(tmp_path / "s.7z"))
    assert docs["s.7z!a/one.txt"].text == "七一\n"
    assert docs["s.7z!two.txt"].encoding == "big5"


def test_jsonl_records(tmp_path: Path) -> None:
    lines = [
        json.dumps({"id": "a", "body": "第一\r\n条"}, ensure_ascii=False),
        "",
        json.dumps({"body": "没有编号"}, ensure_ascii=False),
        json.dumps({"id": 7, "body": "数字编号"}),
        "[1, 2]",
        json.dumps({"id": "x"}),
        "{broken",
        json.dumps({"id": "deep", "body": "x", "n": [[[[[[[[[[1]]]]]]]]]]}),
    ]
    (tmp_path / "d.jsonl").write_bytes(("\ufeff" + "\n".join(lines) + "\n").encode())
    docs = _docs(str(tmp_path / "d.jsonl"), text_field="body")
    assert docs["d.jsonl!a"].text == "第一\r\n条"
    assert docs["d.jsonl:3"].text == "没有编号"
    assert docs["d.jsonl!7"].text == "数字编号"
    assert "not a JSON object" in (docs["d.jsonl:5"].error or "")
    assert "'body'" in (docs["d.jsonl!x"].error or "")
    assert "invalid JSON" in (docs["d.jsonl:7"].error or "")
    assert docs["d.jsonl!deep"].ok


def test_jsonl_overlong_line(tmp_path: Path) -> None:
    lines = [
        {"id": "big", "text": "长" * 400},
        {"id": "huge", "text": "长" * 15000},
        {"id": "next", "text": "下一条"},
    ]
    (tmp_path / "d.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines))
    docs = _docs(str(tmp_path / "d.jsonl"), limits=Limits(max_doc_bytes=1000))
    assert "larger than 1000 bytes" in (docs["d.jsonl!big"].error or "")
    assert "longer than" in (docs["d.jsonl:2"].error or "")  # not parsed at all
    assert docs["d.jsonl!next"].text == "下一条"


def test_html_visible_text() -> None:
    page = (
        "<!doctype html><html><head><title>不要</title><style>p{}</style></head><body>"
        "<script>document.write('不要')</script><h1>标题</h1><p>第一段  \n 内容&amp;更多</p>"
        "<ul><li>一</li><li>二</li></ul><pre>保留  空格</pre><noscript>不要</noscript></body></html>"
    )
    text = html_to_text(page)
    assert "不要" not in text
    assert text.splitlines() == ["标题", "", "第一段 内容&更多", "", "一", "", "二", "", "保留  空格"]


def test_html_meta_charset(tmp_path: Path) -> None:
    page = '<html><head><meta charset="gb2312"></head><body><p>国标码网页</p></body></html>'
    (tmp_path / "p.html").write_bytes(page.encode("gb18030"))
    d = _docs(str(tmp_path / "p.html"))["p.html"]
    assert (d.text, d.encoding) == ("国标码网页", "gb18030")


def test_docx(tmp_path: Path) -> None:
    pytest.importorskip("docx")
    make_docx(tmp_path / "w.docx", ["第一段", "第二段"])
    d = _docs(str(tmp_path / "w.docx"))["w.docx"]
    assert d.text == "第一段\n第二段\n项目\t资金20万元"
    assert d.encoding == "docx"


def test_pdf(tmp_path: Path) -> None:
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    w.add_blank_page(100, 100)
    with open(tmp_path / "blank.pdf", "wb") as f:
        w.write(f)
    (tmp_path / "broken.pdf").write_bytes(b"%PDF-1.4 not really")
    docs = _docs(str(tmp_path))
    assert "no text layer" in (docs["blank.pdf"].error or "")
    assert "not a readable PDF" in (docs["broken.pdf"].error or "")


@pytest.mark.parametrize(("module", "fmt", "extra"), [("docx", "docx", "docx"), ("pypdf", "pdf", "pdf")])
def test_missing_extra_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, module: str, fmt: str, extra: str
) -> None:
    monkeypatch.setitem(sys.modules, module, None)  # import fails as if not installed
    d = decode_raw(RawDocument("x", "x", fmt, b"PK\x03\x04 data", "0"))
    assert d.error is not None and f"reportmine[{extra}]" in d.error
    with pytest.raises(MissingExtraError):
        raise MissingExtraError("x", extra, module)


def test_missing_7z_extra(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setitem(sys.modules, "py7zr", None)
    (tmp_path / "a.7z").write_bytes(b"7z\xbc\xaf\x27\x1c" + bytes(32))
    d = _docs(str(tmp_path / "a.7z"))["a.7z"]
    assert "reportmine[7z]" in (d.error or "")


def test_stdin_and_missing_input(tmp_path: Path) -> None:
    items = list(iter_raw(["-", str(tmp_path / "nope.txt")], stdin=io.BytesIO("标准输入\r\n".encode())))
    assert isinstance(items[0], RawDocument) and items[0].id == "-"
    assert decode_raw(items[0]).text == "标准输入\r\n"
    assert isinstance(items[1], Document) and "cannot read input" in (items[1].error or "")


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_special_files_in_folders_are_not_opened(tmp_path: Path) -> None:
    (tmp_path / "ok.txt").write_text("正常", encoding="utf-8")
    os.mkfifo(tmp_path / "pipe.txt")  # opening it would block forever
    docs = _docs(str(tmp_path))
    assert docs["ok.txt"].ok and "not a regular file" in (docs["pipe.txt"].error or "")


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    (tmp_path / "big.txt").write_bytes(b"a" * 5000)
    d = _docs(str(tmp_path), limits=Limits(max_doc_bytes=4096))["big.txt"]
    assert "larger than 4096 bytes" in (d.error or "")
    assert d.sha256 == ""  # never read


# -- no input makes a reader raise: every document is yielded, decoded or failed ---------------
from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

_SETTINGS = settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@_SETTINGS
@given(data=st.binary(max_size=600))
def test_decode_text_never_fails_unexpectedly(data: bytes) -> None:
    try:
        text, enc = decode_text(data)
    except InputError:
        return
    assert isinstance(text, str)
    if enc in ("utf-8", "utf-8-sig", "gb18030"):  # exact round trips (the BOM is not text)
        assert text.encode(enc) == data


@_SETTINGS
@given(
    members=st.lists(
        st.tuples(
            st.sampled_from(["a.txt", "b.html", "c.jsonl", "d.docx", "e.pdf", "f.zip", "../g.txt"]),
            st.binary(max_size=300),
        ),
        max_size=5,
    ),
    cut=st.integers(min_value=0, max_value=2000),
    kind=st.sampled_from(["zip", "tar.gz", "jsonl", "html", "txt"]),
)
def test_readers_account_for_garbage(
    tmp_path: Path, members: list[tuple[str, bytes]], cut: int, kind: str
) -> None:
    path = tmp_path / f"x{cut}.{kind}"
    buf = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            for i, (name, data) in enumerate(members):
                zf.writestr(f"{i}{name}", data)
    elif kind == "tar.gz":
        with tarfile.open(fileobj=buf, mode="w:gz") as tf:
            for i, (name, data) in enumerate(members):
                tar_add(tf, f"{i}{name}", data)
    else:
        for _, data in members:
            buf.write(data + b"\n")
    raw = buf.getvalue()
    path.write_bytes(raw[: cut or len(raw)])  # sometimes truncated
    docs = list(iter_documents([str(path)], SourceOptions(limits=Limits(max_doc_bytes=4096))))
    for d in docs:
        assert d.id.startswith(path.name)
        assert d.ok != (d.error is not None)
        if d.ok:
            assert d.text and d.text.strip()
