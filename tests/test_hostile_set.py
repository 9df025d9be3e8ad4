"""The hostile input set end to end (issue 12 acceptance): ``reportmine extract`` on
several hundred hostile entries (``tests/hostile_set.py``) accounts for every document as
done or failed, prints no traceback, leaves a store that passes ``status --check``, and
exits 1 (some inputs are bad on purpose). The figures go in ``docs/reliability.md``."""

from __future__ import annotations

import os
import sqlite3
from collections import Counter
from pathlib import Path
from typing import Any

import pytest

from hostile_set import LOCKED, VANISHED, HostileSet, build_hostile_set
from reportmine.cli.main import main
from reportmine.output.store import Store
from reportmine.sources import files as files_mod
from reportmine.sources.ids import escape_id


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileSet:
    s = build_hostile_set(tmp_path_factory.mktemp("hostile") / "set")
    yield s
    os.chmod(s.root / "archive" / LOCKED, 0o755)  # so pytest can clean up


def _unlistable(monkeypatch: pytest.MonkeyPatch) -> None:
    """chmod 000 does not stop root (CI): refuse the listing as the kernel would for a user."""
    real = os.scandir

    def scandir(path: Any) -> Any:
        name = Path(path).name
        if name == LOCKED:
            raise PermissionError(13, "Permission denied", str(path))
        if name == VANISHED:
            raise FileNotFoundError(2, "No such file or directory", str(path))
        return real(path)

    monkeypatch.setattr(files_mod.os, "scandir", scandir)


def reason_class(error: str) -> str:
    """A short class of a failure reason, for the figures."""
    for words, label in (
        ("compression ratio", "bomb: compression ratio"),
        ("nested more than", "archive nested too deep"),
        ("central directory", "zip cut short (archive row)"),
        ("truncated", "truncated archive or member"),
        ("cannot list folder", "folder cannot be listed / vanished"),
        ("unsupported file type", "unsupported file type"),
        ("larger than", "over a size limit"),
        ("longer than", "over a size limit"),
        ("cannot read", "unreadable file (dangling link, link loop)"),
        ("links are not followed", "link in an archive refused"),
        ("unsafe member name", "unsafe member name"),
        ("not a regular file", "not a regular file (FIFO, link to a folder)"),
        ("device", "device in an archive"),
        ("JSON", "bad JSON line"),
        ("field", "bad JSON line"),
        ("surrogate", "bad JSON line"),
        ("not a readable", "not readable as its format"),
        ("corrupt", "corrupt archive member"),
        ("empty", "empty or blank"),
        ("binary", "binary, not text"),
        ("UTF-8", "invalid encoding"),
        ("docx", "broken docx/pdf"),
        ("pdf", "broken docx/pdf"),
        ("PDF", "broken docx/pdf"),
    ):
        if words in error:
            return label
    return error[:40]


def test_the_hostile_set_end_to_end(
    hostile: HostileSet,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    assert hostile.entries >= 300
    _unlistable(monkeypatch)
    db = tmp_path / "hostile.sqlite"
    args = ["extract", *hostile.inputs, "-o", str(db), "--jobs", "1", "--max-doc-size", "2M"]
    assert main(args) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    with Store(db, readonly=True) as s:
        assert s.check() == []
        docs = {d["id"]: d for d in s.iter_documents()}
        counts = s.counts()
    assert counts["done"] + counts["failed"] == len(docs)
    assert f"{len(docs)} documents: {counts['done']} done, {counts['failed']} failed" in err
    for doc_id in hostile.done:
        assert docs[doc_id]["status"] == "done", (doc_id, docs[doc_id]["error"])
    for doc_id in hostile.failed:
        assert docs[doc_id]["status"] == "failed", doc_id
    # every input file is accounted for: each has a row of its own or under its archive
    for f in _files(hostile.root):
        rel = escape_id(f.relative_to(hostile.root).as_posix())
        assert any(i == rel or i.startswith(rel + "!") or i.startswith(rel + ":") for i in docs), rel
    # the second run resumes to the same rows and the store still checks
    assert main([*args, "--resume"]) == 1
    with Store(db, readonly=True) as s:
        assert s.check() == [] and len(list(s.iter_documents())) == len(docs)
    reasons = Counter(reason_class(d["error"] or "") for d in docs.values() if d["status"] == "failed")
    con = sqlite3.connect(db)
    facts = con.execute("SELECT count(*) FROM facts").fetchone()[0]
    con.close()
    print(f"\nhostile set: {hostile.entries} entries, {len(docs)} documents, {counts['done']} done,"
          f" {counts['failed']} failed, {facts} facts")
    for reason, n in reasons.most_common():
        print(f"  {n:4d}  {reason}")


def _files(root: Path) -> list[Path]:
    out: list[Path] = []
    for dirpath, dirs, names in os.walk(root):
        dirs[:] = [d for d in dirs if d not in (LOCKED, VANISHED)]
        for n in names:
            p = Path(dirpath) / n
            if p.is_file() and not p.is_symlink():
                out.append(p)
    return out
