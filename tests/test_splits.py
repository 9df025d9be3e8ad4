"""Splits (issue 18.1): for any split size, the documents of all splits are one pass's.

Compared per document: id, source, sha256, format, failure reason and ordinal, on
folders, zip, tar.gz and JSON Lines files (duplicate ids across inputs and inside
archives, lines too long, BOM, bad JSON), the hostile set included.
"""

from __future__ import annotations

import io
import json
import pickle
import tarfile
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from _batchkit import SENTENCES, doc_text, tar_add
from hostile_set import build_hostile_set
from reportmine.errors import OptionError
from reportmine.sources import Limits, SourceOptions, iter_raw
from reportmine.sources.splits import Piece, iter_split, plan_splits

Key = tuple[int, str, str, str, str, str | None]


def _key(ordinal: int, item: object) -> Key:
    return (
        ordinal,
        item.id,  # type: ignore[attr-defined]
        item.source,  # type: ignore[attr-defined]
        item.sha256,  # type: ignore[attr-defined]
        item.format,  # type: ignore[attr-defined]
        getattr(item, "error", None),
    )


def one_pass(inputs: list[str], options: SourceOptions | None = None) -> list[Key]:
    return [_key(i, it) for i, it in enumerate(iter_raw(inputs, options))]


def by_splits(inputs: list[str], target: int, options: SourceOptions | None = None) -> list[Key]:
    out: list[Key] = []
    for split in plan_splits(inputs, target, options):
        split = pickle.loads(pickle.dumps(split))  # what a worker receives
        items = [_key(split.first_ordinal + n, it) for n, it in enumerate(iter_split(split))]
        assert len(items) == split.count
        out.extend(items)
    return out


def _jsonl_bytes(n: int) -> bytes:
    lines = [b"\xef\xbb\xbf" + json.dumps({"id": "r0", "text": doc_text(0)}, ensure_ascii=False).encode()]
    for i in range(1, n):
        if i % 7 == 3:
            lines.append(b"{not json")
        elif i % 11 == 5:
            lines.append(b"")  # a blank line
        elif i % 13 == 6:
            lines.append(json.dumps({"text": doc_text(i)}).encode())  # no id: file.jsonl:LINE
        elif i % 17 == 8:
            long = json.dumps({"id": "x", "text": "长" * 3000}, ensure_ascii=False)
            lines.append(long.encode())  # over the limit
        else:
            rid = f"r{i % 9}"  # repeated ids: r1#2 …
            lines.append(json.dumps({"id": rid, "text": doc_text(i)}, ensure_ascii=False).encode())
    return b"\n".join(lines) + b"\n"


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    """Two folders with the same names, a zip, a tar.gz (a repeated member), JSON Lines."""
    root = tmp_path_factory.mktemp("splits")
    for county in ("county1", "county2"):
        d = root / county
        (d / "sub").mkdir(parents=True)
        for i in range(6):
            (d / f"r{i}.txt").write_text(doc_text(i), encoding="utf-8")
        (d / "sub" / "gbk.txt").write_bytes(SENTENCES[0].encode("gbk"))
        (d / "bad.doc").write_bytes(b"x")
        (d / "docs.jsonl").write_bytes(_jsonl_bytes(15))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for i in range(12):
            zf.writestr(f"z/{i}.txt", doc_text(i))
        zf.writestr("inner.jsonl", _jsonl_bytes(9).decode("utf-8-sig"))
    (root / "county1" / "pack.zip").write_bytes(buf.getvalue())
    with tarfile.open(root / "county2" / "pack.tar.gz", "w:gz") as tf:
        for i in range(12):
            tar_add(tf, f"t/{i % 10}.txt", doc_text(i).encode())  # t/0.txt and t/1.txt twice
    (root / "big.jsonl").write_bytes(_jsonl_bytes(60))
    return [str(root / "county1"), str(root / "county2"), str(root / "big.jsonl"), str(root / "county1")]


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    return build_hostile_set(tmp_path_factory.mktemp("hostile") / "set").inputs


_OPTS = SourceOptions(limits=Limits(max_doc_bytes=4000))


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.integers(min_value=1, max_value=60_000))
def test_any_split_size_gives_one_pass(corpus: list[str], target: int) -> None:
    assert by_splits(corpus, target, _OPTS) == one_pass(corpus, _OPTS)


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(target=st.one_of(st.integers(1, 5000), st.integers(5000, 10**7)))
def test_hostile_set_by_splits(hostile: list[str], target: int) -> None:
    assert by_splits(hostile, target) == one_pass(hostile)


def test_jsonl_is_cut_by_byte_range(corpus: list[str]) -> None:
    splits = plan_splits(corpus[2], 2000, _OPTS)
    pieces = [p for s in splits for p in s.pieces if isinstance(p, Piece)]
    assert len(pieces) > 3
    assert all(p.offset is not None for p in pieces)
    assert pieces[0].first_line == 1 and pieces[1].first_line > 1
    assert len({p.first_line for p in pieces}) == len(pieces)


def test_archive_limits_stop_where_one_pass_does(hostile: list[str]) -> None:
    bombs = [p for p in hostile if Path(p).is_dir()]
    reasons = [k[5] for k in by_splits(bombs, 1) if k[5] and "the remaining members are not read" in k[5]]
    assert reasons  # the hostile set's bombs stop; the splits stop at the same member
    assert by_splits(bombs, 1) == one_pass(bombs)


def test_standard_input_and_bad_sizes_are_refused(corpus: list[str]) -> None:
    with pytest.raises(OptionError, match="standard input"):
        plan_splits(["-"])
    with pytest.raises(OptionError, match="target_bytes"):
        plan_splits(corpus, 0)
    with pytest.raises(OptionError, match="Split"):
        list(iter_split("part-0"))  # type: ignore[arg-type]


def test_split_names_sort_in_input_order(corpus: list[str]) -> None:
    splits = plan_splits(corpus, 500, _OPTS)
    names = [s.name for s in splits]
    assert names == sorted(names) and len(set(names)) == len(names)
    firsts = [s.first_ordinal for s in splits]
    assert firsts == sorted(firsts) and firsts[0] == 0


def test_folders_that_cannot_be_listed(hostile: list[str], monkeypatch: pytest.MonkeyPatch) -> None:
    """The hostile set's locked and vanished folders (chmod 000 does not stop root: the
    listing is refused as the kernel would for a user)."""
    import os

    from hostile_set import LOCKED, VANISHED
    from reportmine.sources import files as files_mod

    real = os.scandir

    def scandir(path: object) -> object:
        name = Path(str(path)).name
        if name == LOCKED:
            raise PermissionError(13, "Permission denied", str(path))
        if name == VANISHED:
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real(path)  # type: ignore[call-overload]

    monkeypatch.setattr(files_mod.os, "scandir", scandir)
    want = one_pass(hostile)
    assert any(k[5] and "cannot list folder" in k[5] for k in want)
    assert by_splits(hostile, 3000) == want
