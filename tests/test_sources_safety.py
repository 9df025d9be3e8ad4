"""Archive safety (issue 7 item 3): limits, links, devices, unsafe names; nothing evaluated.

Each test fails if its protection is removed: the reasons asserted are the ones only
that protection gives.
"""

from __future__ import annotations

import io
import os
import re
import tarfile
import zipfile
from pathlib import Path

import pytest

from _batchkit import tar_add
from reportmine.errors import ArchiveLimitError
from reportmine.sources import Document, Limits, SourceOptions, iter_documents
from reportmine.sources.guard import ArchiveGuard, ArchiveStop

MiB = 1024 * 1024
SRC = Path(__file__).resolve().parents[1] / "src" / "reportmine"


def _docs(path: Path, **limits: int | float) -> dict[str, Document]:
    out: dict[str, Document] = {}
    for d in iter_documents([str(path)], SourceOptions(limits=Limits(**limits))):  # type: ignore[arg-type]
        assert d.id not in out
        out[d.id] = d
    return out


def _zip(path: Path, members: dict[str, bytes], method: int = zipfile.ZIP_DEFLATED) -> Path:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in members.items():
            zf.writestr(name, data)
    return path


def _noise(n: int, seed: int) -> bytes:
    """Incompressible text bytes (hex of random bytes): ratio about 2:1."""
    return os.urandom(n // 2).hex().encode()[:n] + str(seed).encode()


# -- zip bombs ------------------------------------------------------------------------------
def test_zip_member_ratio_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    z = _zip(tmp_path / "bomb.zip", {"zeros.txt": b"0" * (30 * MiB), "ok.txt": "正常".encode()})
    docs = _docs(z, max_doc_bytes=100 * MiB)  # the size limit alone would let it through
    assert "compression ratio" in (docs["bomb.zip!zeros.txt"].error or "")
    assert docs["bomb.zip!ok.txt"].text == "正常"


def test_guard_measures_what_really_comes_out() -> None:
    # a lying header (small declared sizes) does not help: the guard counts real bytes
    lim = Limits(max_archive_bytes=MiB, ratio_floor=10_000, max_ratio=10)
    with pytest.raises(ArchiveLimitError, match="compression ratio"):
        ArchiveGuard(lim).read(io.BytesIO(b"0" * 50_000), 10**9, compressed=100)
    with pytest.raises(ArchiveStop, match="decompresses to more than"):
        ArchiveGuard(lim).read(io.BytesIO(_noise(2 * MiB, 0)), 10**9)
    with pytest.raises(ArchiveLimitError, match="larger than 1000 bytes"):
        ArchiveGuard(lim).read(io.BytesIO(b"x" * 1001), 1000)
    # nested archives share the outermost budget
    root = ArchiveGuard(lim)
    child = ArchiveGuard(lim, parent=root)
    root.read(io.BytesIO(_noise(600_000, 1)), 10**9)
    with pytest.raises(ArchiveStop):
        child.read(io.BytesIO(_noise(600_000, 2)), 10**9)


def test_tar_gz_stream_ratio_bomb(tmp_path: Path) -> None:
    with tarfile.open(tmp_path / "bomb.tar.gz", "w:gz") as tf:
        tar_add(tf, "a.txt", "先来一个正常文件".encode())
        tar_add(tf, "zeros.txt", b"0" * (40 * MiB))
        tar_add(tf, "after.txt", "之后的文件".encode())
    docs = _docs(tmp_path / "bomb.tar.gz", max_doc_bytes=100 * MiB)
    assert docs["bomb.tar.gz!a.txt"].text == "先来一个正常文件"
    assert "compression ratio" in (docs["bomb.tar.gz"].error or "")
    assert "bomb.tar.gz!after.txt" not in docs


def test_nested_zip_bomb_shares_the_budget(tmp_path: Path) -> None:
    layer = _zip(tmp_path / "l0.zip", {f"p{i}.txt": _noise(300_000, i) for i in range(4)}).read_bytes()
    outer = _zip(tmp_path / "outer.zip", {f"copy{i}.zip": layer for i in range(6)}, zipfile.ZIP_STORED)
    docs = _docs(outer, max_archive_bytes=3 * MiB)
    stops = [d for d in docs.values() if d.error and "decompresses to more than" in d.error]
    assert stops, docs
    read = [d for d in docs.values() if d.ok]
    assert 0 < len(read) < 24


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "tar"])
def test_decompressed_size_limit(tmp_path: Path, kind: str) -> None:
    members = {f"m{i:02d}.txt": _noise(100_000, i) for i in range(30)}
    path = tmp_path / f"big.{kind}"
    if kind == "zip":
        _zip(path, members)
    else:
        with tarfile.open(path, "w:gz" if kind == "tar.gz" else "w") as tf:
            for name, data in members.items():
                tar_add(tf, name, data)
    docs = _docs(path, max_archive_bytes=1 * MiB)
    assert "decompresses to more than 1048576 bytes" in (docs[f"big.{kind}"].error or "")
    ok = [d for d in docs.values() if d.ok]
    assert 5 <= len(ok) <= 11


@pytest.mark.parametrize("kind", ["zip", "tar.gz", "7z"])
def test_member_count_limit(tmp_path: Path, kind: str) -> None:
    members = {f"m{i:02d}.txt": f"第{i}个".encode() for i in range(25)}
    path = tmp_path / f"many.{kind}"
    if kind == "zip":
        _zip(path, members)
    elif kind == "7z":
        py7zr = pytest.importorskip("py7zr")
        with py7zr.SevenZipFile(path, "w") as z:
            for name, data in members.items():
                z.writestr(data, name)
    else:
        with tarfile.open(path, "w:gz") as tf:
            for name, data in members.items():
                tar_add(tf, name, data)
    docs = _docs(path, max_members=10)
    assert "more than 10 members" in (docs[f"many.{kind}"].error or "")
    assert sum(d.ok for d in docs.values()) == 10


def test_sevenzip_ratio_bomb(tmp_path: Path) -> None:
    py7zr = pytest.importorskip("py7zr")
    with py7zr.SevenZipFile(tmp_path / "bomb.7z", "w") as z:
        z.writestr(b"0" * (20 * MiB), "zeros.txt")
    docs = _docs(tmp_path / "bomb.7z", max_doc_bytes=100 * MiB)
    assert "compression ratio" in (docs["bomb.7z"].error or "")


# -- links, devices and names ---------------------------------------------------------------
def test_tar_links_and_devices_are_refused(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("机密内容", encoding="utf-8")
    with tarfile.open(tmp_path / "links.tar", "w") as tf:
        tar_add(tf, "real.txt", "真实文件".encode())
        for name, typ, target in (
            ("sym.txt", tarfile.SYMTYPE, str(secret)),
            ("hard.txt", tarfile.LNKTYPE, "real.txt"),
            ("dev.txt", tarfile.CHRTYPE, ""),
            ("fifo.txt", tarfile.FIFOTYPE, ""),
        ):
            ti = tarfile.TarInfo(name)
            ti.type = typ
            ti.linkname = target
            tf.addfile(ti)
    docs = _docs(tmp_path / "links.tar")
    assert docs["links.tar!real.txt"].text == "真实文件"
    assert "symbolic link" in (docs["links.tar!sym.txt"].error or "")
    assert "hard link" in (docs["links.tar!hard.txt"].error or "")  # followed, it would read real.txt
    assert "device" in (docs["links.tar!dev.txt"].error or "")
    assert "device" in (docs["links.tar!fifo.txt"].error or "")
    assert all(d.text != "机密内容" for d in docs.values())


def test_zip_symlink_is_refused(tmp_path: Path) -> None:
    with zipfile.ZipFile(tmp_path / "l.zip", "w") as zf:
        info = zipfile.ZipInfo("link.txt")
        info.external_attr = 0o120777 << 16
        zf.writestr(info, "/etc/passwd")
        zf.writestr("ok.txt", "正常")
    docs = _docs(tmp_path / "l.zip")
    assert "symbolic link" in (docs["l.zip!link.txt"].error or "")
    assert docs["l.zip!ok.txt"].ok


def test_sevenzip_symlink_is_refused(tmp_path: Path) -> None:
    py7zr = pytest.importorskip("py7zr")
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "real.txt").write_text("真实", encoding="utf-8")
    os.symlink("real.txt", tmp_path / "src" / "link.txt")
    with py7zr.SevenZipFile(tmp_path / "l.7z", "w") as z:
        z.write(tmp_path / "src" / "real.txt", "real.txt")
        z.write(tmp_path / "src" / "link.txt", "link.txt")
    docs = _docs(tmp_path / "l.7z")
    assert docs["l.7z!real.txt"].text == "真实"
    assert "symbolic link" in (docs["l.7z!link.txt"].error or "")


@pytest.mark.parametrize(
    "name", ["../../evil.txt", "/abs/evil.txt", "a/../../evil.txt", "C:/evil.txt", "..\\evil.txt"]
)
@pytest.mark.parametrize("kind", ["zip", "tar"])
def test_unsafe_member_names_are_refused(tmp_path: Path, kind: str, name: str) -> None:
    path = tmp_path / "in" / f"names.{kind}"
    path.parent.mkdir()
    if kind == "zip":
        with zipfile.ZipFile(path, "w") as zf:
            zf.writestr(zipfile.ZipInfo(name), "恶意")
            zf.writestr("fine.txt", "正常")
    else:
        with tarfile.open(path, "w") as tf:
            tar_add(tf, name, "恶意".encode())
            tar_add(tf, "fine.txt", "正常".encode())
    docs = _docs(path)
    bad = [d for d in docs.values() if d.id != f"names.{kind}!fine.txt"]
    assert len(bad) == 1 and "unsafe member name" in (bad[0].error or ""), docs
    assert docs[f"names.{kind}!fine.txt"].ok
    assert not any(p.name == "evil.txt" for p in tmp_path.rglob("*"))  # nothing written anywhere


def test_refusals_reach_the_store_as_failed_documents(tmp_path: Path) -> None:
    from reportmine.batch import BatchOptions, run_batch
    from reportmine.output.store import Store

    (tmp_path / "in").mkdir()
    _zip(tmp_path / "in" / "bomb.zip", {"zeros.txt": b"0" * (30 * MiB)})
    with tarfile.open(tmp_path / "in" / "links.tar", "w") as tf:
        ti = tarfile.TarInfo("sym.txt")
        ti.type = tarfile.SYMTYPE
        ti.linkname = "/etc/passwd"
        tf.addfile(ti)
    with Store(tmp_path / "out.sqlite") as store:
        summary = run_batch([str(tmp_path / "in")], store, BatchOptions(jobs=1))
        rows = {d["id"]: d for d in store.iter_documents()}
    assert summary.failed == 2 and summary.total == 2
    assert rows["bomb.zip!zeros.txt"]["status"] == "failed"
    assert "compression ratio" in rows["bomb.zip!zeros.txt"]["error"]
    assert "symbolic link" in rows["links.tar!sym.txt"]["error"]


# -- nothing from an input is evaluated or unpickled -----------------------------------------
_DANGEROUS = re.compile(
    r"\b(pickle|cPickle|marshal|shelve|dill|joblib)\.|\beval\(|\bexec\(|yaml\.load\(|"
    r"\bextractall\(|\.extract\(\s*[^)]*path|os\.system\(|subprocess\."
)


@pytest.mark.parametrize(
    "module",
    [
        *sorted(
            str(p.relative_to(SRC))
            for folder in ("sources", "batch", "output", "cli")
            for p in (SRC / folder).glob("*.py")
        ),
        "config.py",
    ],
)
def test_input_code_never_evaluates_or_unpickles(module: str) -> None:
    src = (SRC / module).read_text(encoding="utf-8")
    assert not _DANGEROUS.findall(src), f"{module} must not evaluate, unpickle or extract inputs"


def test_hostile_jsonl_payloads_stay_text(tmp_path: Path) -> None:
    import json
    import pickle

    payload = pickle.dumps(object)
    lines = [
        {"id": "code", "text": "__import__('os').system('touch PWNED')"},
        {"id": "pickle", "text": payload.decode("latin-1")},
        {"id": "nan", "text": "x", "n": float("nan")},
    ]
    (tmp_path / "h.jsonl").write_text("".join(json.dumps(r) + "\n" for r in lines) + "[" * 100000 + "\n")
    docs = _docs(tmp_path / "h.jsonl")
    assert docs["h.jsonl!code"].text == lines[0]["text"]
    assert docs["h.jsonl!pickle"].text == payload.decode("latin-1")
    assert "invalid JSON" in (docs["h.jsonl:4"].error or "")  # 100,000 nested brackets: no crash
    assert not (tmp_path / "PWNED").exists() and not Path("PWNED").exists()


def test_zip_with_corrupt_member_goes_on(tmp_path: Path) -> None:
    from _batchkit import corrupt_zip_member

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("a.txt", "好" * 3000)
        zf.writestr("b.txt", "坏" * 3000)
        zf.writestr("c.txt", "好")
    (tmp_path / "c.zip").write_bytes(corrupt_zip_member(buf.getvalue(), "b.txt"))
    docs = _docs(tmp_path / "c.zip")
    assert docs["c.zip!a.txt"].ok and docs["c.zip!c.txt"].ok
    assert "corrupt" in (docs["c.zip!b.txt"].error or "")
