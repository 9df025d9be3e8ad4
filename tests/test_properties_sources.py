"""Fuzz properties of every source reader on hostile bytes (hypothesis).

Readers get generated and then damaged bytes: text in every supported encoding with
flipped bytes, HTML tag soup, JSON Lines with broken, deep and overlong records, .docx
and .pdf files with flipped bytes, and zip / tar (plain, gz, bz2, xz) / 7z archives
holding links, devices, ``../`` and absolute names, nested archives and garbage, then
flipped or cut. The contract (docs/reliability.md):

* ``decode_text`` returns text or raises :class:`~reportmine.errors.InputError`;
* ``decode_raw``, ``iter_jsonl`` and ``iter_documents`` never raise for bad input: every
  problem is a failed document with its reason, and every document is either text or a
  failure;
* nothing is written anywhere, no reader thread is left behind, nothing hangs;
* the same bytes give the same documents.

Example counts add up to 2,000 in CI; ``REPORTMINE_FUZZ=long`` runs 15 times as many.
"""

from __future__ import annotations

import io
import os
import stat
import tarfile
import tempfile
import threading
import zipfile
from collections.abc import Callable
from functools import lru_cache
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from fuzz.strategies import any_text, field_text, fuzz_settings, time_limit
from reportmine.errors import InputError
from reportmine.sources import (
    Document,
    Limits,
    RawDocument,
    SourceOptions,
    decode_raw,
    decode_text,
    iter_documents,
)
from reportmine.sources.jsonl import iter_jsonl

LIMITS = Limits(
    max_doc_bytes=4096,
    max_file_bytes=64 * 1024,
    max_archive_bytes=256 * 1024,
    max_members=12,
    max_ratio=50.0,
    ratio_floor=2048,
    max_depth=2,
)
OPTIONS = SourceOptions(limits=LIMITS)
HANG = 30.0  # seconds; every example here takes milliseconds


# -- byte strategies ---------------------------------------------------------------------------------

ENCODINGS = ["utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030", "gbk",
             "big5", "cp950", "latin-1", "cp1252", "shift_jis"]


def _encode(pair: tuple[str, str]) -> bytes:
    text, enc = pair
    return text.encode(enc, errors="ignore")


def _mutate(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    b = bytearray(data)
    for at, value in edits:
        if b:
            b[at % len(b)] = value
    if cut is not None and b:
        del b[cut % (len(b) + 1) :]
    return bytes(b)


edits = st.lists(st.tuples(st.integers(0, 1 << 20), st.integers(0, 255)), max_size=6)
cuts = st.one_of(st.none(), st.integers(0, 1 << 20))
encoded_text = st.tuples(any_text, st.sampled_from(ENCODINGS)).map(_encode)
text_bytes = st.one_of(
    st.binary(max_size=400),
    encoded_text,
    st.builds(_mutate, encoded_text, edits, st.none()),
    st.builds(lambda a, b: a + b, encoded_text, encoded_text),  # two encodings in one file
)
html_pages = st.lists(
    st.one_of(
        st.sampled_from([
            "<p>", "</p>", "<div>", "<br>", "<br/>", "<script>", "</script>", "<style>", "</style>",
            "<pre>", "</pre>", "<title>x</title>", "<!--", "-->", "<![CDATA[", "]]>", "&amp;", "&#x4e2d;",
            "&#99999999;", "&nbsp;", "&bogus;", "<", ">", "<a href='", "'>", '<meta charset="gbk">',
            '<meta charset="no-such-codec">', "<svg>", "<table><tr><td>", "</td></tr></table>",
            "<!DOCTYPE html>", "<![A>", "<![if !IE]>", "<![endif]>", "<!", "<?xml?>", "</", "<p/",
        ]),
        field_text,
    ),
    max_size=30,
).map("".join)
html_bytes = st.one_of(
    st.tuples(html_pages, st.sampled_from(["utf-8", "gb18030", "big5", "utf-16"])).map(_encode),
    st.binary(max_size=300),
)


@lru_cache(maxsize=1)
def _docx_bytes() -> bytes:
    docx = pytest.importorskip("docx")
    d = docx.Document()
    d.add_paragraph("全村贫困户35户，投入资金100余万元。")
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).text = "资金20万元"
    buf = io.BytesIO()
    d.save(buf)
    return buf.getvalue()


@lru_cache(maxsize=1)
def _pdf_bytes() -> bytes:
    pypdf = pytest.importorskip("pypdf")
    w = pypdf.PdfWriter()
    w.add_blank_page(100, 100)
    w.add_metadata({"/Title": "全村35户"})
    buf = io.BytesIO()
    w.write(buf)
    return buf.getvalue()


# -- archive building ---------------------------------------------------------------------------------

NAMES = [
    "a.txt", "b.html", "c.jsonl", "d.docx", "e.pdf", "f.zip", "g.tar.gz", "h.7z", "i.unknown",
    "../up.txt", "/abs.txt", "a/../../b.txt", "C:/win.txt", "C:\\win\\x.txt", "dir/sub/", ".hidden.txt",
    "__MACOSX/m.txt", "中文名.txt", "a\\b.txt", ".", "..", "x" * 200 + ".txt", "sp ace.txt", "nul\x00.txt",
]
member_names = st.one_of(st.sampled_from(NAMES), st.text(max_size=12))
KINDS_OF_MEMBER = ["file", "file", "file", "dir", "symlink", "hardlink", "chardev", "fifo"]


def _nested_zip() -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        zf.writestr("inner.txt", "内层文件".encode())
        zf.writestr("../inner-up.txt", b"x")
    return buf.getvalue()


member_data = st.one_of(
    st.binary(max_size=300),
    text_bytes,
    st.just(_nested_zip()),
    st.just(b"0" * 20_000),  # compresses ~1000:1: over the ratio limit
    st.just('{"id": 1, "text": "三行"}\n{"text": 5}\n[[[[[[[['.encode()),
)
members = st.lists(
    st.tuples(member_names, member_data, st.sampled_from(KINDS_OF_MEMBER), member_names), max_size=6
)
ARCHIVES = ["zip", "tar", "tar.gz", "tar.bz2", "tar.xz", "7z"]


def _zip(items: list[tuple[str, bytes, str, str]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data, kind, _target in items:
            info = zipfile.ZipInfo(name.replace("\x00", "") or "empty")
            mode = {"symlink": stat.S_IFLNK, "chardev": stat.S_IFCHR, "fifo": stat.S_IFIFO,
                    "dir": stat.S_IFDIR}.get(kind, stat.S_IFREG)
            info.external_attr = (mode | 0o644) << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, data)
    return buf.getvalue()


def _tar(items: list[tuple[str, bytes, str, str]], mode: str) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:
        for name, data, kind, target in items:
            ti = tarfile.TarInfo(name or "empty")
            ti.type = {"dir": tarfile.DIRTYPE, "symlink": tarfile.SYMTYPE, "hardlink": tarfile.LNKTYPE,
                       "chardev": tarfile.CHRTYPE, "fifo": tarfile.FIFOTYPE}.get(kind, tarfile.REGTYPE)
            ti.linkname = target
            if ti.type == tarfile.REGTYPE:
                ti.size = len(data)
                tf.addfile(ti, io.BytesIO(data))
            else:
                tf.addfile(ti)
    return buf.getvalue()


def _7z(items: list[tuple[str, bytes, str, str]]) -> bytes:
    py7zr = pytest.importorskip("py7zr")
    buf = io.BytesIO()
    with py7zr.SevenZipFile(buf, "w") as z:
        for name, data, _kind, _target in items:
            try:
                z.writestr(data, name)
            except (ValueError, OSError):  # py7zr refuses some names when writing
                continue
    return buf.getvalue()


def build_archive(kind: str, items: list[tuple[str, bytes, str, str]]) -> bytes:
    """An archive of ``kind`` holding ``items`` (name, data, member kind, link target)."""
    if kind == "zip":
        return _zip(items)
    if kind == "7z":
        return _7z(items)
    mode = {"tar": "w", "tar.gz": "w:gz", "tar.bz2": "w:bz2", "tar.xz": "w:xz"}[kind]
    return _tar(items, mode)


# -- the contract -------------------------------------------------------------------------------------

def check_document(d: Document) -> None:
    """A document is either text or a failure with its reason."""
    assert isinstance(d, Document)
    assert d.ok == (d.error is None), d
    assert (d.text is None) == (d.error is not None), d
    if d.ok:
        assert d.text is not None and d.text.strip(), d
        d.text.encode("utf-8")  # no lone surrogates
    else:
        assert d.error, d


def _tree(root: str) -> list[tuple[str, int]]:
    out = []
    for dirpath, dirnames, filenames in os.walk(root):
        for n in dirnames + filenames:
            p = os.path.join(dirpath, n)
            out.append((os.path.relpath(p, root), os.lstat(p).st_size))
    return sorted(out)


def read_all(paths: list[str]) -> list[Document]:
    """Every document under ``paths``, read twice: the two readings must agree."""
    with time_limit(HANG, "iter_documents"):
        first = list(iter_documents(paths, OPTIONS))
        second = list(iter_documents(paths, OPTIONS))
    assert first == second
    for d in first:
        check_document(d)
    return first


def _no_new_threads(before: int, fn: Callable[[], object]) -> None:
    fn()
    for t in threading.enumerate():
        if t is not threading.main_thread() and t.daemon is False:
            t.join(timeout=5)
    assert threading.active_count() <= before, threading.enumerate()


# -- properties: 2,000 examples -----------------------------------------------------------------------

@fuzz_settings(500)
@given(text_bytes)
def test_decode_text_returns_text_or_input_error(data: bytes) -> None:
    with time_limit(HANG, "decode_text"):
        try:
            text, enc = decode_text(data)
        except InputError as e:
            assert str(e)
            return
    assert decode_text(data) == (text, enc)
    if enc in ("utf-8", "utf-8-sig", "utf-16", "utf-16-le", "utf-16-be", "utf-32", "gb18030"):
        codec = {"utf-16": "utf-16", "utf-32": "utf-32"}.get(enc, enc)
        assert text.encode(codec) == data or codec in ("utf-16", "utf-32")  # BOM order aside
        assert data.decode(codec) == text


@fuzz_settings(400)
@given(
    st.sampled_from(["text", "utf-8", "html", "docx", "pdf", "docx-mutated", "pdf-mutated", "odd"]),
    text_bytes,
    html_bytes,
    edits,
    cuts,
)
def test_decode_raw_never_raises(fmt: str, data: bytes, page: bytes, flips: list[tuple[int, int]],
                                 cut: int | None) -> None:
    if fmt == "html":
        data = page
    elif fmt.startswith("docx"):
        data = _mutate(_docx_bytes(), flips, cut) if fmt.endswith("mutated") else data
        fmt = "docx"
    elif fmt.startswith("pdf"):
        data = _mutate(_pdf_bytes(), flips, cut) if fmt.endswith("mutated") else data
        fmt = "pdf"
    raw = RawDocument("doc", "src", fmt, data, "")
    with time_limit(HANG, f"decode_raw({fmt})"):
        d = decode_raw(raw, LIMITS)
    check_document(d)
    assert d.id == "doc"
    if d.ok and fmt in ("docx", "pdf", "html"):
        assert d.text is not None and len(d.text.encode("utf-8")) <= LIMITS.max_doc_bytes
    assert decode_raw(raw, LIMITS) == d


jsonl_lines = st.lists(
    st.one_of(
        st.fixed_dictionaries(
            {"id": st.one_of(st.text(max_size=8), st.integers(), st.booleans(), st.none()),
             "text": st.one_of(any_text, st.integers(), st.none(), st.lists(st.integers(), max_size=2))}
        ).map(lambda d: __import__("json").dumps(d, ensure_ascii=False)),
        st.sampled_from([
            "", "   ", "{", "[1, 2]", "null", '"text"', '{"text": "\\ud800"}', '{"text": "a\\u0000b"}',
            "[" * 5000 + "]" * 5000, '{"text": "' + "长" * 3000 + '"}', '{"text": "x", "text": "y"}',
            "\ufeff{\"text\": \"bom\"}", '{"__class__": "os.system", "text": "__import__(\'os\')"}',
            '{"text": NaN}', '{"text": 1e999}',
        ]),
        st.text(max_size=50),
    ),
    max_size=12,
)


@fuzz_settings(300)
@given(jsonl_lines, st.sampled_from(["\n", "\r\n"]), edits)
def test_jsonl_records_never_raise(lines: list[str], eol: str, flips: list[tuple[int, int]]) -> None:
    data = eol.join(lines).encode("utf-8", "surrogatepass")
    data = _mutate(data, flips, None) if flips and len(flips) % 2 else data
    with time_limit(HANG, "iter_jsonl"):
        items = list(iter_jsonl(io.BytesIO(data), "f.jsonl", "f.jsonl", OPTIONS))
    assert len(items) <= data.count(b"\n") + 1
    for item in items:
        assert item.id.startswith("f.jsonl")
        if isinstance(item, RawDocument):
            assert len(item.data) <= LIMITS.max_doc_bytes
            item.data.decode("utf-8")
        else:
            check_document(item)
            assert not item.ok


@pytest.mark.filterwarnings("ignore:Duplicate name")  # zipfile, when two generated names agree
@fuzz_settings(550)
@given(st.sampled_from(ARCHIVES), members, edits, cuts, st.booleans())
def test_archives_never_raise_nor_write(
    kind: str, items: list[tuple[str, bytes, str, str]], flips: list[tuple[int, int]], cut: int | None,
    damage: bool,
) -> None:
    data = build_archive(kind, items)
    if damage:
        data = _mutate(data, flips, cut)
    threads = threading.active_count()
    cwd_before = sorted(os.listdir("."))
    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / f"arc.{kind}"
        path.write_bytes(data)
        before = _tree(tmp)
        docs: list[Document] = []
        _no_new_threads(threads, lambda: docs.extend(read_all([str(path)])))
        assert _tree(tmp) == before  # nothing extracted, nothing written
        for d in docs:
            assert d.id == path.name or d.id.startswith(path.name + "!"), d.id
            assert "/../" not in "/" + d.id.split("!", 1)[-1] + "/" or not d.ok, d.id
    assert sorted(os.listdir(".")) == cwd_before


folder_entries = st.lists(
    st.tuples(
        st.sampled_from(["a.txt", "b.html", "c.jsonl", "d.zip", "e.tar", "f.pdf", "g.docx", "h.bin", "README",
                         ".hid.txt", "中文.txt", "sub/x.txt", "sub/deeper/y.md", "sp ace.txt"]),
        st.sampled_from(["file", "file", "file", "symlink", "dangling", "loop", "fifo", "dir"]),
        text_bytes,
    ),
    max_size=8,
)


@fuzz_settings(250)
@given(folder_entries)
def test_folders_never_raise(entries: list[tuple[str, str, bytes]]) -> None:
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "in"
        root.mkdir()
        for name, kind, data in entries:
            p = root / name
            p.parent.mkdir(parents=True, exist_ok=True)
            if p.exists() or p.is_symlink():
                continue
            if kind == "file":
                p.write_bytes(data)
            elif kind == "symlink":
                p.symlink_to(root)  # a link to a folder: no loops
            elif kind == "dangling":
                p.symlink_to(root / "missing")
            elif kind == "loop":
                p.symlink_to(p)
            elif kind == "fifo" and hasattr(os, "mkfifo"):
                os.mkfifo(p)  # opening it would block: it must not be opened
            else:
                p.mkdir()
        docs = read_all([str(root), str(Path(tmp) / "missing-input")])
        assert docs[-1].id.endswith("missing-input") and not docs[-1].ok
