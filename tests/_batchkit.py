"""Builders of batch inputs for the sources/store/export/batch/CLI tests (no test functions here).

Everything is generated into a temporary folder: small documents (the extractors are not
under test here), every supported format and encoding, and the bad inputs the batch
must account for.
"""

from __future__ import annotations

import io
import json
import os
import sqlite3
import subprocess
import sys
import tarfile
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

SENTENCES = (
    "全村贫困户35户、73人已全部脱贫，人均纯收入达到6000多元。",
    "驻村工作队投入帮扶资金100余万元，修建道路1.2公里。",
    "合作社流转土地300亩，带动农户42户增收。",
    "2019年5月30日，县扶贫办召开专题会议。",
    "全村貧困戶35戶、73人已全部脫貧，村委會組織培訓3次。",
    "今年以来，新建大棚20座，种植蔬菜50余亩。",
)


def doc_text(i: int) -> str:
    """A small document, different for every ``i`` (CRLF in some)."""
    a = SENTENCES[i % len(SENTENCES)]
    b = SENTENCES[(i * 7 + 3) % len(SENTENCES)]
    nl = "\r\n" if i % 5 == 0 else "\n"
    return f"第{i}号简报{nl}{a}{nl}{b}第{i}期。{nl}"


def tar_add(tf: tarfile.TarFile, name: str, data: bytes) -> None:
    """Add a regular file member."""
    ti = tarfile.TarInfo(name)
    ti.size = len(data)
    ti.mtime = 1_600_000_000
    tf.addfile(ti, io.BytesIO(data))


def make_docx(path: Path, paragraphs: list[str]) -> None:
    """A .docx with these paragraphs and a one-row table."""
    import docx

    d = docx.Document()
    for p in paragraphs:
        d.add_paragraph(p)
    t = d.add_table(rows=1, cols=2)
    t.cell(0, 0).text = "项目"
    t.cell(0, 1).text = "资金20万元"
    d.save(str(path))


def corrupt_zip_member(data: bytes, name: str) -> bytes:
    """The zip ``data`` with the compressed bytes of member ``name`` damaged."""
    zf = zipfile.ZipFile(io.BytesIO(data))
    info = zf.getinfo(name)
    out = bytearray(data)
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra)
    for k in range(start + 2, start + min(info.compress_size, 40)):
        out[k] ^= 0x5A
    return bytes(out)


def truncated_tar_gz(members: list[tuple[str, bytes]], keep: float) -> tuple[bytes, list[str], str]:
    """A .tar.gz cut at ``keep`` of its length; ``(bytes, intact member names, cut member)``."""
    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w", format=tarfile.GNU_FORMAT) as tf:
        for name, data in members:
            tar_add(tf, name, data)
    tar_bytes = raw.getvalue()
    gz = io.BytesIO()
    import gzip

    with gzip.GzipFile(fileobj=gz, mode="wb", mtime=0) as g:
        g.write(tar_bytes)
    cut = gz.getvalue()[: int(len(gz.getvalue()) * keep)]
    # how much of the tar stream the truncated gzip still gives
    d = zlib.decompressobj(16 + zlib.MAX_WBITS)
    readable = len(d.decompress(cut))
    intact: list[str] = []
    broken = ""
    with tarfile.open(fileobj=io.BytesIO(tar_bytes), mode="r:") as tf:
        for m in tf:
            if m.offset_data + m.size <= readable:
                intact.append(m.name)
            elif m.offset < readable:
                broken = m.name
                break
            else:
                break
    return cut, intact, broken


@dataclass
class InputSet:
    """A generated input set and what the batch must report for it."""

    root: Path
    inputs: list[str]
    ok: set[str] = field(default_factory=set)
    failed: dict[str, str] = field(default_factory=dict)  # id -> words the reason must contain

    @property
    def total(self) -> int:
        return len(self.ok) + len(self.failed)


def build_acceptance_set(
    root: Path, *, plain: int = 420, zipped: int = 260, tarred: int = 200, lines: int = 160
) -> InputSet:
    """≥ 1,000 documents across a folder, a .zip, a .tar.gz and a JSON Lines file, with bad inputs.

    Several inputs are given, so the folder's ids start with its name (``reports/…``).
    """
    root.mkdir(parents=True, exist_ok=True)
    s = InputSet(root, [])
    folder = root / "reports"
    (folder / "plain").mkdir(parents=True)
    (folder / "enc").mkdir()
    (folder / "bad").mkdir()
    for i in range(plain):
        rel = f"plain/{i:04d}.txt"
        (folder / rel).write_bytes(doc_text(i).encode("utf-8"))
        s.ok.add("reports/" + rel)
    enc = {
        "enc/gb18030.txt": ("gb18030", "贫困户35户、73人已全部脱贫，驻村帮扶工作队投入资金20万元。"),
        "enc/big5.txt": ("big5", "全村貧困戶35戶、73人已全部脫貧，村委會組織培訓3次。"),
        "enc/utf16.txt": ("utf-16", "驻村帮扶\r\n投入资金100余万元。"),
        "enc/utf8bom.txt": ("utf-8-sig", "带BOM的文件：贫困户35户。"),
    }
    for rel, (codec, text) in enc.items():
        (folder / rel).write_bytes(text.encode(codec))
        s.ok.add("reports/" + rel)
    (folder / "page.html").write_text(
        "<html><head><title>标题</title><script>var a = '不可见';</script></head>"
        "<body><h1>扶贫简报</h1><p>全村贫困户35户&nbsp;已脱贫。</p></body></html>",
        encoding="utf-8",
    )
    s.ok.add("reports/page.html")
    make_docx(folder / "report.docx", ["驻村工作报告", "投入资金100余万元，修路1.2公里。"])
    s.ok.add("reports/report.docx")
    (folder / "bad/binary.txt").write_bytes(bytes(range(256)) * 8)
    s.failed["reports/bad/binary.txt"] = "binary"
    (folder / "bad/empty.txt").write_bytes(b"")
    s.failed["reports/bad/empty.txt"] = "empty"
    bad = doc_text(1).encode("utf-8")
    (folder / "bad/invalid.txt").write_bytes(bad[:9] + b"\xff\xfe" + bad[9:] * 3)
    s.failed["reports/bad/invalid.txt"] = "invalid UTF-8"
    with open(folder / "bad/huge.txt", "wb") as f:  # a 20 MB one-line file
        block = ("扶贫" * 10000).encode("utf-8")
        for _ in range(20 * 1024 * 1024 // len(block) + 1):
            f.write(block)
    s.failed["reports/bad/huge.txt"] = "larger than"
    (folder / "bad/scan.png").write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    s.failed["reports/bad/scan.png"] = "unsupported file type"
    s.inputs.append(str(folder))

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(zipped):
            zf.writestr(f"zipped/{i:04d}.txt", doc_text(1000 + i))
            s.ok.add(f"batch.zip!zipped/{i:04d}.txt")
        zf.writestr("zipped/gbk.txt", "压缩包里的国标码文件，资金50万元。".encode("gb18030"))
        s.ok.add("batch.zip!zipped/gbk.txt")
        zf.writestr("zipped/broken.txt", doc_text(7) * 40)
    (root / "batch.zip").write_bytes(corrupt_zip_member(buf.getvalue(), "zipped/broken.txt"))
    s.failed["batch.zip!zipped/broken.txt"] = "corrupt"
    s.inputs.append(str(root / "batch.zip"))

    with tarfile.open(root / "batch.tar.gz", "w:gz") as tf:
        for i in range(tarred):
            tar_add(tf, f"tarred/{i:04d}.txt", doc_text(2000 + i).encode("utf-8"))
            s.ok.add(f"batch.tar.gz!tarred/{i:04d}.txt")
        tar_add(tf, "tarred/big5.txt", "壓縮檔裡的大五碼文件，資金50萬元。".encode("big5"))
        s.ok.add("batch.tar.gz!tarred/big5.txt")
    s.inputs.append(str(root / "batch.tar.gz"))

    members = [(f"cut/{i}.txt", (doc_text(3000 + i) + os.urandom(600).hex()).encode()) for i in range(6)]
    cut, intact, broken = truncated_tar_gz(members, 0.6)
    (root / "cut.tar.gz").write_bytes(cut)
    s.ok.update(f"cut.tar.gz!{n}" for n in intact)
    if broken:
        s.failed[f"cut.tar.gz!{broken}"] = "truncated"
    s.failed["cut.tar.gz"] = "truncated"
    s.inputs.append(str(root / "cut.tar.gz"))

    with open(root / "records.jsonl", "w", encoding="utf-8") as f:
        for i in range(lines):
            f.write(json.dumps({"id": f"r{i:04d}", "text": doc_text(4000 + i)}, ensure_ascii=False) + "\n")
            s.ok.add(f"records.jsonl!r{i:04d}")
        f.write("{not json}\n")
        s.failed[f"records.jsonl:{lines + 1}"] = "invalid JSON"
    s.inputs.append(str(root / "records.jsonl"))
    return s


def run_cli(*args: str, timeout: float = 600, **kw: object) -> subprocess.CompletedProcess[str]:
    """``python -m reportmine ARGS`` in a subprocess (text output captured)."""
    return subprocess.run(
        [sys.executable, "-m", "reportmine", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        cwd=kw.pop("cwd", None) or ROOT,  # type: ignore[arg-type]
        **kw,  # type: ignore[arg-type]
    )


def store_rows(db: Path) -> tuple[list[tuple[object, ...]], list[tuple[object, ...]]]:
    """``(documents, facts)`` of a store, in order, without the time column."""
    con = sqlite3.connect(f"file:{db}?mode=ro", uri=True)
    try:
        docs = con.execute(
            "SELECT id, ord, source, sha256, format, encoding, script, chars, status, error, facts"
            " FROM documents ORDER BY ord, id"
        ).fetchall()
        facts = con.execute("SELECT * FROM facts ORDER BY doc_id, seq").fetchall()
    finally:
        con.close()
    return docs, facts
