"""Damaged inputs and whole-tree limits (issue 12, items 4, 5 and 6).

4. a folder that cannot be listed, or vanishes mid-run, and an unreadable input folder
   are failed documents with their reason (exit 1), never silently skipped;
5. a zip cut anywhere is read from its local headers: what is whole is read, the rest
   is failed;
6. the ratio bounds everything an archive file decompresses to (members of any size,
   nested archives included), and invalid limits are usage errors.

Tests run as root in CI, where ``chmod 000`` does not stop reading: listing errors are
simulated by patching :func:`os.scandir`.
"""

from __future__ import annotations

import io
import os
import time
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from reportmine.cli.main import main
from reportmine.errors import OptionError
from reportmine.sources import Document, Limits, SourceOptions, iter_documents
from reportmine.sources import files as files_mod

TEXT = "2019年投入资金3亿元，贫困户35户脱贫。"


def _docs(*inputs: str | Path, **limits: Any) -> dict[str, Document]:
    opts = SourceOptions(limits=Limits(**limits))
    return {d.id: d for d in iter_documents([str(p) for p in inputs], opts)}


def _refuse_listing(monkeypatch: pytest.MonkeyPatch, folder: Path, errno_: int = 13) -> None:
    real = os.scandir

    def scandir(path: Any) -> Any:
        if Path(path) == folder:
            raise PermissionError(errno_, os.strerror(errno_), str(path))
        return real(path)

    monkeypatch.setattr(files_mod.os, "scandir", scandir)


# -- 4. folders that cannot be listed -----------------------------------------------------------
def test_a_subfolder_that_cannot_be_listed_is_a_failed_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "a" / "locked").mkdir(parents=True)
    (tmp_path / "a" / "ok.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "a" / "locked" / "hidden.txt").write_text(TEXT, encoding="utf-8")
    _refuse_listing(monkeypatch, tmp_path / "a" / "locked")
    docs = _docs(tmp_path / "a")
    assert docs["ok.txt"].ok
    assert "cannot list folder: Permission denied" in (docs["locked/"].error or "")
    assert set(docs) == {"ok.txt", "locked/"}


def test_an_unreadable_input_folder_fails_with_exit_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "in").mkdir()
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    _refuse_listing(monkeypatch, tmp_path / "in")
    out = tmp_path / "o.jsonl"
    assert main(["extract", str(tmp_path / "in"), "-o", str(out), "--jobs", "1"]) == 1
    err = capsys.readouterr().err
    assert "1 documents: 0 done, 1 failed" in err and "cannot list folder" in err


def test_a_folder_that_vanishes_mid_run_is_a_failed_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "in" / "b_gone").mkdir(parents=True)
    (tmp_path / "in" / "a.txt").write_text(TEXT, encoding="utf-8")
    (tmp_path / "in" / "b_gone" / "x.txt").write_text(TEXT, encoding="utf-8")
    real_walk = files_mod._walk

    def walk(root: Path, prefix: str = "") -> Iterator[tuple[str, Path, str | None]]:
        for item in real_walk(root, prefix):
            if item[0] == "a.txt":  # the folder is removed while a.txt is being read
                (tmp_path / "in" / "b_gone" / "x.txt").unlink()
                (tmp_path / "in" / "b_gone").rmdir()
            yield item

    monkeypatch.setattr(files_mod, "_walk", walk)
    docs = _docs(tmp_path / "in")
    assert docs["a.txt"].ok
    assert "No such file or directory" in (docs["b_gone/"].error or "")


# -- 5. a zip cut short ---------------------------------------------------------------------
def _zip_bytes(n: int = 12) -> tuple[bytes, dict[str, str]]:
    texts = {f"d/{i:02d}.txt": f"第{i}份报告：" + TEXT * (i + 3) for i in range(n)}
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, text in texts.items():
            zf.writestr(name, text)
        zf.writestr("stored.txt", TEXT, compress_type=zipfile.ZIP_STORED)
    texts["stored.txt"] = TEXT
    return buf.getvalue(), texts


@pytest.mark.parametrize("keep", [0.999, 0.95, 0.6, 0.25])
def test_a_cut_zip_keeps_the_members_before_the_cut(tmp_path: Path, keep: float) -> None:
    data, texts = _zip_bytes()
    path = tmp_path / "cut.zip"
    path.write_bytes(data[: int(len(data) * keep)])
    docs = _docs(path)
    read = {i.split("!", 1)[1]: d.text for i, d in docs.items() if d.ok}
    assert read and all(texts[name] == text for name, text in read.items())
    if keep > 0.9:  # only the central directory is lost: every member is read
        assert set(read) == set(texts)
    assert "central directory is unreadable" in (docs["cut.zip"].error or "")
    named = sum("!" in i for i in docs)
    assert f"{named} members found by their local headers" in (docs["cut.zip"].error or "")


def test_a_zip_cut_at_every_byte_loses_only_what_is_cut(tmp_path: Path) -> None:
    data, texts = _zip_bytes(4)
    path = tmp_path / "cut.zip"
    last = 0
    for k in range(0, len(data), 3):
        path.write_bytes(data[:k])
        docs = _docs(path)
        read = [i for i, d in docs.items() if d.ok]
        for i in read:
            assert docs[i].text == texts[i.split("!", 1)[1]]
        assert len(read) >= last  # a longer piece never reads fewer members
        last = len(read)
        assert not docs["cut.zip"].ok  # the archive never looks complete
        # a member whose header is there but data is cut is failed by name
        for i, d in docs.items():
            if "!" in i and not d.ok:
                assert "truncated" in (d.error or ""), d.error


def test_a_cut_zip_with_data_descriptors(tmp_path: Path) -> None:
    class Stream(io.RawIOBase):  # not seekable: zipfile writes data descriptors
        def __init__(self) -> None:
            self.data = bytearray()

        def writable(self) -> bool:
            return True

        def write(self, b: Any) -> int:
            self.data += bytes(b)
            return len(b)

    out = Stream()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for i in range(4):
            with zf.open(f"s/{i}.txt", "w") as w:
                w.write((TEXT * (i + 1)).encode())
    data = bytes(out.data)
    (tmp_path / "d.zip").write_bytes(data[: len(data) - 30])
    docs = _docs(tmp_path / "d.zip")
    assert [d.text for d in docs.values() if d.ok] == [TEXT * (i + 1) for i in range(4)]


# -- 6. whole-tree limits -------------------------------------------------------------------
def test_many_small_members_are_bounded_by_the_archive_ratio(tmp_path: Path) -> None:
    """A 42.7 KB zip gave a 4.1 GB store: members under 1 MiB escaped the ratio check."""
    member = ("贫困户35户。" + "资" * 300_000).encode()  # 900 KB, compresses ~1000:1
    path = tmp_path / "small_members.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for i in range(300):
            zf.writestr(f"m{i:03d}.txt", member)
    size = path.stat().st_size
    start = time.monotonic()
    docs = _docs(path, max_doc_bytes=2 * 1024 * 1024)
    assert time.monotonic() - start < 20
    read = sum(len(d.text or "") * 3 for d in docs.values() if d.ok)
    assert read <= 100 * size + 2 * len(member)  # bounded by the ratio, not by 4 GiB
    assert "compression ratio of the whole archive" in (docs["small_members.zip"].error or "")


def test_nested_small_members_share_the_outer_budget(tmp_path: Path) -> None:
    inner = io.BytesIO()
    with zipfile.ZipFile(inner, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for i in range(60):
            zf.writestr(f"m{i}.txt", "资" * 200_000)
    path = tmp_path / "outer.zip"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_STORED) as zf:
        for i in range(3):
            zf.writestr(f"inner{i}.zip", inner.getvalue())
    docs = _docs(path)
    read = sum(len((d.text or "").encode()) for d in docs.values() if d.ok)
    assert read <= 100 * path.stat().st_size
    assert any("compression ratio of the whole archive" in (d.error or "") for d in docs.values())


@pytest.mark.parametrize("value", ["nan", "inf", "-1", "0", "x"])
def test_invalid_ratio_is_a_usage_error(
    tmp_path: Path, value: str, capsys: pytest.CaptureFixture[str]
) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["extract", str(tmp_path), "-o", str(tmp_path / "o.jsonl"), "--max-ratio", value])
    assert exc.value.code == 2
    assert "--max-ratio" in capsys.readouterr().err


@pytest.mark.parametrize(
    "kw",
    [{"max_ratio": float("nan")}, {"max_ratio": float("inf")}, {"max_ratio": -3.0}, {"max_doc_bytes": 1.5}],
)
def test_invalid_limits_raise_option_error(kw: dict[str, Any]) -> None:
    with pytest.raises(OptionError):
        Limits(**kw)


@pytest.mark.parametrize("mode", ["w", "w:gz"])
def test_a_tar_cut_between_two_members_is_not_complete(tmp_path: Path, mode: str) -> None:
    """tarfile ends quietly at a header boundary: the missing end marker tells the cut."""
    import tarfile

    from _batchkit import tar_add

    raw = io.BytesIO()
    with tarfile.open(fileobj=raw, mode="w") as tf:
        for i in range(6):
            tar_add(tf, f"{i}.txt", (TEXT + str(i)).encode())  # one header + one data block each
    cut = raw.getvalue()[: 4 * 1024]  # exactly after the 4th member
    if mode == "w:gz":
        import gzip

        cut = gzip.compress(cut)
    path = tmp_path / ("cut.tar.gz" if mode == "w:gz" else "cut.tar")
    path.write_bytes(cut)
    docs = _docs(path)
    assert [d.ok for i, d in docs.items() if "!" in i] == [True] * 4
    assert "truncated after 4 members" in (docs[path.name].error or "")
