"""The hostile input set (issue 12 acceptance): a generator, no test functions here.

:func:`build_hostile_set` writes, into a folder, several hundred small entries (files,
archive members, JSON Lines records) covering every case of issue 12 and the kinds of the
reliability suite: bad encodings, binary, empty, huge lines, zip/tar bombs (small), nested
archives, truncated archives, duplicate names, undecodable names, symlink loops, folders
that cannot be listed or vanish, bad JSON lines, a value above 2^53 (``12.5亿亿次``) and a
large plain text. ``tests/test_hostile_set.py`` runs ``reportmine extract`` on the whole
set; run this module to build a set and print its numbers::

    python tests/hostile_set.py OUT_DIR
"""

from __future__ import annotations

import io
import json
import os
import sys
import tarfile
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from _batchkit import SENTENCES, corrupt_zip_member, make_docx, tar_add

#: folder names the test makes unlistable (``chmod 000`` does not stop root, so the test
#: also patches ``os.scandir`` for them) or makes vanish during the run
LOCKED = "locked"
VANISHED = "vanished"

TEXT = "".join(SENTENCES)


@dataclass
class HostileSet:
    """What was built: the inputs to give ``reportmine extract``, and the count of entries
    per kind (one entry = one file, member or record the generator wrote)."""

    root: Path
    inputs: list[str] = field(default_factory=list)
    kinds: dict[str, int] = field(default_factory=dict)
    #: ids that must be stored as done / failed (exactly known ones; archives cut or
    #: bombed have a number of rows that depends on where the cut falls)
    done: set[str] = field(default_factory=set)
    failed: set[str] = field(default_factory=set)

    @property
    def entries(self) -> int:
        """Entries written, all kinds."""
        return sum(self.kinds.values())

    def add(self, kind: str, n: int = 1) -> None:
        """Count ``n`` entries of ``kind``."""
        self.kinds[kind] = self.kinds.get(kind, 0) + n


def build_hostile_set(root: Path) -> HostileSet:
    """Write the hostile set under ``root`` (created); returns what was built."""
    s = HostileSet(root)
    main = root / "archive"
    main.mkdir(parents=True)
    _encodings(s, main / "enc")
    _garbage(s, main / "bad")
    _names(s, main / "names")
    _links(s, main / "links")
    _folders(s, main)
    _archives(s, main / "arch")
    _bombs(s, main / "bombs")
    _cut(s, main / "cut")
    _jsonl(s, main / "records.jsonl")
    _issue_values(s, main / "values")
    s.inputs.append(str(main))
    for county in ("county1", "county2"):  # two roots with the same file names (item 2)
        c = root / county
        c.mkdir()
        for i in range(5):
            (c / f"report{i}.txt").write_text(SENTENCES[i % len(SENTENCES)], encoding="utf-8")
            s.done.add(f"{county}/report{i}.txt")
        s.add("duplicate names across roots", 5)
        s.inputs.append(str(c))
    return s


def _write(path: Path, data: bytes) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(data)
    return path


def _encodings(s: HostileSet, d: Path) -> None:
    codecs = ["utf-8", "utf-8-sig", "gb18030", "gbk", "big5", "utf-16", "utf-16-le", "utf-32"]
    for i, sentence in enumerate(SENTENCES * 4):
        codec = codecs[i % len(codecs)]
        if codec == "big5":
            sentence = "全村貧困戶35戶、73人已全部脫貧。"
        _write(d / f"{i:02d}_{codec}.txt", sentence.encode(codec))
    s.add("encodings", len(SENTENCES) * 4)
    for i in range(12):  # invalid UTF-8 in the middle, mixed encodings, CRLF/CR line ends
        raw = SENTENCES[i % 6].encode("utf-8")
        _write(d / f"mixed{i:02d}.txt", raw[: 7 + i] + b"\xff\xfe\x80" + raw[7 + i :] + "国家".encode("gbk"))
        _write(d / f"lines{i:02d}.txt", ("\r\n" if i % 2 else "\r").join(SENTENCES).encode())
    s.add("bad or mixed encodings", 12)
    s.add("line ends", 12)


def _garbage(s: HostileSet, d: Path) -> None:
    _write(d / "empty.txt", b"")
    _write(d / "spaces.txt", b" \n\t\r\n   ")
    _write(d / "nul.txt", b"\x00" * 4096)
    for i in range(20):
        _write(d / f"binary{i:02d}.txt", os.urandom(512 + 97 * i))
        odd = "\x01\x1b[31m\x7f" if i % 2 else "\u200b\ufeff\t\u3000"  # control bytes / odd spaces
        _write(d / f"control{i:02d}.txt", (SENTENCES[i % 6] + odd + SENTENCES[(i + 1) % 6]).encode())
    _write(d / "huge_line.txt", ("贫困户35户" * 40_000).encode())  # one 240 KB line
    _write(d / "too_big.txt", b"a" * (2 * 1024 * 1024 + 1))  # over the test's --max-doc-size 2M
    _write(d / "scan.png", b"\x89PNG\r\n\x1a\n" + bytes(64))
    _write(d / "old.doc", b"\xd0\xcf\x11\xe0" + bytes(60))
    _write(d / "broken.docx", b"PK\x03\x04 not really a docx")
    _write(d / "broken.pdf", b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF")
    _write(d / "soup.html", "<html><![A><p>资金100万元<p><b><i></html>".encode())
    make_docx(d / "ok.docx", ["驻村工作报告", SENTENCES[1]])
    s.add("empty, binary, control characters", 43)
    s.add("huge line, over the size limit", 2)
    s.add("unsupported or broken formats", 5)
    s.add("docx", 1)


def _names(s: HostileSet, d: Path) -> None:
    """Undecodable file names (GBK bytes read as UTF-8: lone surrogates), item 1."""
    d.mkdir(parents=True)
    for i, word in enumerate(["国家", "扶贫", "报告", "乡村", "振兴", "资金"]):
        name = os.fsdecode(f"{word}{i}.txt".encode("gbk"))
        (d / name).write_text(SENTENCES[i], encoding="utf-8")
    (d / "back\\slash.txt").write_text(SENTENCES[0], encoding="utf-8")
    (d / "a.txt#2").write_text(SENTENCES[1], encoding="utf-8")  # a real name that looks numbered
    s.add("undecodable file names", 6)
    s.add("odd file names", 2)


def _links(s: HostileSet, d: Path) -> None:
    d.mkdir(parents=True)
    (d / "loop").symlink_to(d)  # a symlink loop
    (d / "a").symlink_to(d / "b")
    (d / "b").symlink_to(d / "a")  # two links pointing at each other
    (d / "dangling.txt").symlink_to(d / "missing.txt")
    (d / "real.txt").write_text(SENTENCES[2], encoding="utf-8")
    (d / "link.txt").symlink_to(d / "real.txt")
    os.mkfifo(d / "fifo.txt")
    s.add("symlinks, loops, dangling links, FIFO", 7)


def _folders(s: HostileSet, main: Path) -> None:
    """Folders the test makes unlistable or vanish (item 4)."""
    for name in (LOCKED, VANISHED):
        (main / name).mkdir()
        (main / name / "inside.txt").write_text(SENTENCES[0], encoding="utf-8")
        s.failed.add(f"archive/{name}/")
    os.chmod(main / LOCKED, 0)
    s.add("folders that cannot be listed or vanish", 2)


def _zip(members: list[tuple[str, bytes]], method: int = zipfile.ZIP_DEFLATED) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", method, compresslevel=9 if method else None) as zf:
        for name, data in members:
            zf.writestr(name, data)
    return buf.getvalue()


def _tar(members: list[tuple[str, bytes]], mode: str = "w") -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:  # type: ignore[call-overload]
        for name, data in members:
            tar_add(tf, name, data)
    return buf.getvalue()


def _archives(s: HostileSet, d: Path) -> None:
    docs = [(f"m/{i:02d}.txt", SENTENCES[i % 6].encode()) for i in range(30)]
    _write(d / "ok.zip", _zip(docs))
    _write(d / "ok.tar.gz", _tar(docs, "w:gz"))
    _write(d / "ok.tar.xz", _tar(docs[:10], "w:xz"))
    s.add("archive members", 70)
    # repeated member names (item 2), undecodable member names (item 1)
    _write(d / "dup.tar", _tar([("same.txt", b"1"), ("same.txt", SENTENCES[0].encode()), ("same.txt", b"3")]))
    bad = os.fsdecode("国家.txt".encode("gbk"))
    _write(d / "names.tar", _tar([(bad, SENTENCES[0].encode()), ("ok.txt", SENTENCES[1].encode())]))
    s.add("repeated member names", 3)
    s.add("undecodable member names", 2)
    # unsafe names, links and devices inside a tar
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode="w") as tf:
        tar_add(tf, "../escape.txt", b"x")
        tar_add(tf, "/etc/abs.txt", b"x")
        for kind, ti_type in (("sym", tarfile.SYMTYPE), ("hard", tarfile.LNKTYPE), ("dev", tarfile.CHRTYPE)):
            info = tarfile.TarInfo(f"{kind}.txt")
            info.type = ti_type
            info.linkname = "/etc/passwd"
            tf.addfile(info)
    _write(d / "unsafe.tar", buf.getvalue())
    s.add("unsafe names, links, devices in archives", 5)
    # nested archives: fine, and too deep
    inner = _zip([("deep.txt", SENTENCES[3].encode())])
    nest = inner
    for level in range(5):
        nest = _zip([(f"level{level}.zip", nest)])
    _write(d / "nested_ok.zip", _zip([("inner.zip", inner), ("inner.tar", _tar([("t.txt", b"abc")]))]))
    _write(d / "nested_deep.zip", nest)
    s.add("nested archives", 4)
    # a corrupt member; an encrypted-flag member; an archive that is not one
    good = _zip([("a.txt", (TEXT * 5).encode()), ("b.txt", SENTENCES[1].encode())])
    _write(d / "corrupt_member.zip", corrupt_zip_member(good, "a.txt"))
    _write(d / "not_a.zip", b"this is not a zip")
    _write(d / "not_a.tar.gz", b"\x1f\x8b\x08\x00garbage")
    s.add("corrupt archives and members", 4)


def _bombs(s: HostileSet, d: Path) -> None:
    """Small bombs of each kind (item 6): bounded by the ratio of the whole archive."""
    big = b"0" * (3 * 1024 * 1024)
    _write(d / "member_bomb.zip", _zip([("zeros.txt", big)]))
    small = ("资" * 300_000).encode()  # 900 KB members: under the 1 MiB per-member floor
    _write(d / "small_members.zip", _zip([(f"s{i:03d}.txt", small) for i in range(60)]))
    _write(d / "stream_bomb.tar.gz", _tar([("a.txt", SENTENCES[0].encode()), ("zeros.txt", big)], "w:gz"))
    nested = _zip([(f"s{i}.txt", small) for i in range(20)])
    _write(d / "nested_bomb.zip", _zip([(f"inner{i}.zip", nested) for i in range(5)], zipfile.ZIP_STORED))
    s.add("zip/tar bombs (small)", 1 + 60 + 2 + 100)


def _cut(s: HostileSet, d: Path) -> None:
    """Truncated archives (item 5): a zip cut anywhere, tars cut."""
    docs = [(f"c/{i:02d}.txt", (SENTENCES[i % 6] + f"第{i}份。").encode()) for i in range(8)]
    z = _zip(docs)
    for keep in (0.2, 0.5, 0.8, 0.95, 0.99, 0.999):
        _write(d / f"cut_{keep}.zip", z[: int(len(z) * keep)])
    for mode, ext in (("w", "tar"), ("w:gz", "tar.gz"), ("w:bz2", "tar.bz2")):
        t = _tar(docs, mode)
        _write(d / f"cut.{ext}", t[: int(len(t) * 0.6)])
    s.add("truncated archives (members inside)", 9 * len(docs))


def _jsonl(s: HostileSet, path: Path) -> None:
    lines = [json.dumps({"id": f"r{i:03d}", "text": SENTENCES[i % 6]}, ensure_ascii=False) for i in range(40)]
    lines += [json.dumps({"id": "r000", "text": SENTENCES[1]}, ensure_ascii=False)]  # a repeated id
    lines += ['{"id": "\\udcb9\\udcfa", "text": "' + SENTENCES[2] + '"}']  # an undecodable id
    lines += ['{"id": "s", "text": "\\ud800' + SENTENCES[2] + '"}']  # a lone surrogate in the text
    lines += ["{not json}", "[1, 2]", '{"id": "n"}', '{"id": "t", "text": 5}', '"just a string"']
    lines += ["[" * 5000 + "]" * 5000, '{"__class__": "os.system", "text": "rm -rf /"}', "", "   "]
    lines += [json.dumps({"id": "big", "text": "x" * (5 * 1024 * 1024)})]  # over 2 x --max-doc-size
    lines += [json.dumps({"text": SENTENCES[3]}, ensure_ascii=False)]  # no id: known by its line
    path.write_text("\ufeff" + "\n".join(lines) + "\n", encoding="utf-8")
    s.add("JSON Lines records (good, repeated id, undecodable id)", 42)
    s.add("bad JSON lines", 13)


def _issue_values(s: HostileSet, d: Path) -> None:
    """Item 3 (a value above 2^53) and item 7 (a large plain text)."""
    _write(d / "exaflops.txt", "超级计算机峰值运算速度达每秒12.5亿亿次，投入资金3.5亿元。".encode())
    big = "".join(SENTENCES) * 1000  # about 300 KB of plain text with many facts
    _write(d / "large.txt", big.encode())
    s.done.update({"archive/values/exaflops.txt", "archive/values/large.txt"})
    s.add("value above 2^53, large plain text", 2)


if __name__ == "__main__":
    built = build_hostile_set(Path(sys.argv[1]))
    for kind, n in built.kinds.items():
        print(f"{n:5d}  {kind}")
    print(f"{built.entries:5d}  entries in all; inputs: {' '.join(built.inputs)}")
