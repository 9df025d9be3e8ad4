"""Tar splits start at a member's offset in the uncompressed stream (issue 18.1).

For every compression tarfile reads (.tar, .tar.gz/.tgz, .tar.bz2, .tar.xz), with
folders, links, repeated names, a nested tar.gz and a JSON Lines member (a split may
start inside them), cut archives and whole-archive limits: for any split size, the
documents of all splits equal one pass (ids, ordinals, sha256, failures); and a split
that starts at an offset parses no tar header before it.
"""

from __future__ import annotations

import dataclasses
import io
import json
import tarfile
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _batchkit import doc_text, tar_add
from reportmine.sources import Limits, SourceOptions
from reportmine.sources.splits import Piece, iter_split, plan_splits
from test_splits import by_splits, one_pass

_MODES = {"tar": "w", "tar.gz": "w:gz", "tgz": "w:gz", "tar.bz2": "w:bz2", "tar.xz": "w:xz"}


def _tar_bytes(mode: str, n: int) -> bytes:
    buf = io.BytesIO()
    with tarfile.open(fileobj=buf, mode=mode) as tf:  # type: ignore[call-overload]
        for i in range(n):
            if i % 9 == 4:  # a folder member: no document, still a header
                info = tarfile.TarInfo(f"d{i}")
                info.type = tarfile.DIRTYPE
                tf.addfile(info)
            elif i % 13 == 7:  # a link: refused, one failed document
                info = tarfile.TarInfo(f"link{i}.txt")
                info.type, info.linkname = tarfile.SYMTYPE, "x.txt"
                tf.addfile(info)
            elif i == 10:  # a nested tar.gz of several documents
                inner = io.BytesIO()
                with tarfile.open(fileobj=inner, mode="w:gz") as it:
                    for j in range(5):
                        tar_add(it, f"in{j}.txt", doc_text(100 + j).encode())
                tar_add(tf, "nested.tar.gz", inner.getvalue())
            elif i == 15:  # a JSON Lines member of several records
                lines = [json.dumps({"id": f"j{j}", "text": doc_text(200 + j)}) for j in range(6)]
                tar_add(tf, "records.jsonl", "\n".join(lines).encode())
            else:
                tar_add(tf, f"t/{i % 12}.txt", doc_text(i).encode())  # repeated names: #2
    return buf.getvalue()


@pytest.fixture(scope="module")
def tars(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    root = tmp_path_factory.mktemp("tars")
    paths = []
    for ext, mode in _MODES.items():
        data = _tar_bytes(mode, 40)
        p = root / f"pack.{ext}"
        p.write_bytes(data)
        cut = root / f"cut.{ext}"
        cut.write_bytes(data[: len(data) * 2 // 3])  # cut inside a member
        paths += [str(p), str(cut)]
    plain = _tar_bytes("w", 30)
    (root / "at_header.tar").write_bytes(plain[: 512 * 20])  # cut at a block boundary
    return [*paths, str(root / "at_header.tar")]


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.integers(min_value=1, max_value=40_000))
def test_tar_splits_give_one_pass(tars: list[str], target: int) -> None:
    assert by_splits(tars, target) == one_pass(tars)


@pytest.mark.parametrize(
    "limits",
    [Limits(max_members=17), Limits(max_archive_bytes=3_000), Limits(max_ratio=2.0, ratio_floor=4_000)],
    ids=["members", "archive-size", "ratio"],
)
def test_limits_stop_where_one_pass_does(tars: list[str], limits: Limits) -> None:
    opts = SourceOptions(limits=limits)
    want = one_pass(tars, opts)
    assert any(k[5] and "limit" in k[5] for k in want)  # the limit is reached somewhere
    for target in (1, 700, 3_000):
        assert by_splits(tars, target, opts) == want


def _tar_pieces(tars: list[str], target: int) -> list[Piece]:
    return [p for s in plan_splits(tars, target) for p in s.pieces if isinstance(p, Piece) and p.tar]


def _late(p: Piece, name: str) -> bool:
    """A piece of ``name`` that starts at a member well inside the archive."""
    return p.path.endswith(name) and p.skip == 0 and p.tar is not None and p.tar.offset > 512 * 20


def test_pieces_start_at_offsets(tars: list[str]) -> None:
    pieces = _tar_pieces(tars, 1)
    by_file: dict[str, list[int]] = {}
    for p in pieces:
        assert p.tar is not None and p.tar.offset % 512 == 0
        by_file.setdefault(Path(p.path).name, []).append(p.tar.offset)
    for ext in _MODES:  # every kind of tar is entered at offsets, in increasing order
        offsets = by_file[f"pack.{ext}"]
        assert len(offsets) > 20 and offsets == sorted(offsets)
    assert any(p.skip > 0 for p in pieces)  # a split starting inside the nested tar or the JSON Lines


def test_no_header_before_the_offset_is_parsed(tars: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    parsed: list[tuple[str, int]] = []
    original = tarfile.TarInfo.fromtarfile.__func__  # type: ignore[attr-defined]

    def spy(cls: Any, tf: tarfile.TarFile) -> tarfile.TarInfo:
        parsed.append((str(tf.fileobj.name) if hasattr(tf.fileobj, "name") else "", tf.fileobj.tell()))
        return original(cls, tf)  # type: ignore[no-any-return]

    monkeypatch.setattr(tarfile.TarInfo, "fromtarfile", classmethod(spy))
    for ext in ("tar.gz", "tar.bz2", "tar.xz"):
        piece = next(p for p in _tar_pieces(tars, 2_000) if _late(p, f"pack.{ext}"))
        assert piece.tar is not None
        split = next(s for s in plan_splits(tars, 2_000) if piece in s.pieces)
        split = dataclasses.replace(split, pieces=(piece,))  # that piece alone (past the nested tar)
        parsed.clear()
        list(iter_split(split))
        outer = [pos for _, pos in parsed]
        assert outer and min(outer) >= piece.tar.offset  # headers from the offset on only
        assert len(parsed) < 40  # not every header of the archive


def test_plain_tar_is_entered_with_a_seek(tars: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """A plain .tar needs no reading of what comes before: a seek, then headers from there."""
    from reportmine.sources import tars as tars_module

    piece = next(p for p in _tar_pieces(tars, 2_000) if _late(p, "pack.tar"))
    assert piece.tar is not None
    split = next(s for s in plan_splits(tars, 2_000) if piece in s.pieces)
    split = dataclasses.replace(split, pieces=(piece,))
    want = list(iter_split(split))

    def no_skip(stream: object, offset: int) -> None:
        raise AssertionError("a plain tar is seeked, not read up to the offset")

    parsed: list[int] = []
    original = tarfile.TarInfo.fromtarfile.__func__  # type: ignore[attr-defined]

    def spy(cls: Any, tf: tarfile.TarFile) -> tarfile.TarInfo:
        parsed.append(tf.fileobj.tell())
        return original(cls, tf)  # type: ignore[no-any-return]

    monkeypatch.setattr(tars_module, "_skip", no_skip)
    monkeypatch.setattr(tarfile.TarInfo, "fromtarfile", classmethod(spy))
    assert list(iter_split(split)) == want
    assert parsed and len(parsed) <= 40 - piece.tar.seen + 1  # its members and the end marker
