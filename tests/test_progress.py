"""The progress display (issue 12, item 10): documents done of documents known, an honest
ETA, one line on a 40-column terminal, something during one large file, Ctrl-C's count."""

from __future__ import annotations

import io
import re
import sys
from pathlib import Path
from typing import Any

import pytest

from _batchkit import doc_text, run_cli
from reportmine.batch import BatchInterrupted, BatchOptions, progress
from reportmine.batch.progress import Progress, line_parts
from reportmine.cli.extract import extract_inputs
from reportmine.output.store import Store
from reportmine.sources import ReadStats, count_documents, iter_raw

ANSI = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


class FakeTTY(io.StringIO):
    """A terminal stream: ``isatty()`` is true."""

    def isatty(self) -> bool:
        return True


def frames(out: str) -> list[str]:
    """What the display showed, frame by frame (escape sequences removed)."""
    return [f for f in (ANSI.sub("", x) for x in re.split(r"[\r\n]", out)) if f.strip()]


@pytest.fixture(params=["rich", "plain"])
def kind(request: pytest.FixtureRequest) -> str:
    if request.param == "rich":
        pytest.importorskip("rich")
    return str(request.param)


def _run(kind: str, total: int | None, steps: list[tuple[int, int]], stats: ReadStats | None = None) -> str:
    tty = FakeTTY()
    p = Progress(tty, total=total, stats=stats, width=40, hz=1e9, plain=kind == "plain")
    for done, failed in steps:
        p.update(done, failed)
        if kind == "rich":
            p._view.bar.refresh()  # type: ignore[attr-defined]
    p.close()
    return tty.getvalue()


def test_documents_done_of_documents_known_on_one_40_column_line(kind: str) -> None:
    out = _run(kind, 3896, [(0, 0), (507, 1), (1234, 2), (3896, 9)])
    shown = frames(out)
    assert shown and all(len(f) <= 40 for f in shown), shown
    assert out.count("\x1b[1A") <= 1  # rich moves up once, to erase: never a second line
    assert any("32%" in f and "1234/3896" in f for f in shown), shown  # documents, not bytes
    assert any("100%" in f and "3896/3896" in f for f in shown)


def test_standard_output_stays_the_outputs(capsys: pytest.CaptureFixture[str]) -> None:
    pytest.importorskip("rich")
    real = sys.stdout
    p = Progress(FakeTTY(), total=10, width=40)
    try:
        assert sys.stdout is real  # JSON Lines on stdout are not routed through the display
        print('{"kind": "count"}')
    finally:
        p.close()
    assert capsys.readouterr().out == '{"kind": "count"}\n'


def test_an_unknown_total_says_so_and_shows_counts_and_bytes_read(kind: str) -> None:
    stats = ReadStats(bytes_total=1000)
    stats.bytes_done = 450  # within one large archive: what of it was read
    shown = frames(_run(kind, None, [(12, 1)], stats))
    assert any("12/? docs" in f and "input 45%" in f for f in shown), shown
    assert not any(re.search(r"\b\d+%", f.replace("input 45%", "")) for f in shown)


def test_eta_is_none_rather_than_zero_while_work_remains(monkeypatch: pytest.MonkeyPatch) -> None:
    clock = [100.0]
    monkeypatch.setattr(progress.time, "monotonic", lambda: clock[0])
    p = Progress(FakeTTY(), total=100, width=80, plain=True)
    assert p.eta() is None  # nothing done yet: no rate to tell from
    clock[0] += 10
    p.update(50, 0)
    assert p.eta() == pytest.approx(10.0)
    p.update(99, 0)
    assert p.eta() is not None and p.eta() >= 1.0  # never 0:00 while one remains
    p.update(100, 0)
    assert p.eta() == 0.0
    p.close()


def test_the_parts_that_do_not_fit_go_whole() -> None:
    assert line_parts(5, 10, 0, None, None, 16) == ["50%", "5/10", "ETA ?"]
    assert line_parts(5, 10, 0, None, None, 9) == ["50%", "5/10"]
    assert line_parts(5, 10, 0, None, None, 3) == ["50"]  # cut, never wrapped
    assert all(len(" ".join(line_parts(10**6, 10**6, 10**6, 1.0, 1e5, w))) < w for w in range(8, 90))


def test_without_rich_the_plain_line(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(sys.modules, "rich.progress", None)  # as if reportmine[progress] were absent
    tty = FakeTTY()
    p = Progress(tty, total=10, width=40, hz=1e9)
    p.update(5, 0)
    p.close()
    assert "50% 5/10" in tty.getvalue() and "\x1b" not in tty.getvalue()


def test_count_documents_where_known(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    for name in ("a/1.txt", "a/2.md", "a/.hidden.txt", "a/x.doc", "b.txt"):
        (tmp_path / name).write_text("x", encoding="utf-8")
    inputs = [str(tmp_path / "a"), str(tmp_path / "b.txt")]
    assert count_documents(inputs) == 4 == len(list(iter_raw(inputs)))  # x.doc: a failed row
    (tmp_path / "a" / "c.zip").write_bytes(b"")
    assert count_documents([str(tmp_path / "a")]) is None  # documents known only as read
    assert count_documents(["-"]) is None


# -- Ctrl-C and terminals ----------------------------------------------------------------------------
@pytest.fixture
def folder(tmp_path: Path) -> Path:
    d = tmp_path / "in"
    d.mkdir()
    for i in range(100):
        (d / f"d{i:03d}.txt").write_text(doc_text(i), encoding="utf-8")
    return d


def test_ctrl_c_says_how_many_documents_are_kept(
    folder: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    db = tmp_path / "s.sqlite"
    real = Store.write
    calls = [0]

    def write(self: Store, results: Any) -> None:
        calls[0] += 1
        if calls[0] == 3:
            raise KeyboardInterrupt
        real(self, results)

    monkeypatch.setattr(Store, "write", write)
    assert extract_inputs([str(folder)], str(db), BatchOptions(jobs=1, chunk_docs=10)) == 130
    err = capsys.readouterr().err
    assert f"reportmine: interrupted: 20 documents kept in {db} (0 failed)" in err and "--resume" in err
    monkeypatch.setattr(Store, "write", real)
    with Store(db, readonly=True) as s:
        assert s.counts()["done"] == 20


def test_run_batch_raises_batch_interrupted_with_its_summary(folder: Path, tmp_path: Path) -> None:
    from reportmine.batch import run_batch

    class Stop:
        n = 0

        def write(self, results: Any) -> None:
            Stop.n += len(results)
            if Stop.n > 30:
                raise KeyboardInterrupt

        def close(self) -> None:
            pass

    with pytest.raises(BatchInterrupted) as caught:
        run_batch([str(folder)], Stop(), BatchOptions(jobs=1, chunk_docs=10))  # type: ignore[arg-type]
    assert caught.value.summary.total == 30 and isinstance(caught.value, KeyboardInterrupt)


def test_no_progress_in_a_pipe(folder: Path, tmp_path: Path) -> None:
    r = run_cli("extract", str(folder), "-o", str(tmp_path / "s.sqlite"), "-j", "1")
    assert r.returncode == 0 and "\r" not in r.stderr and "\x1b" not in r.stderr
    assert r.stderr.startswith("reportmine: 100 documents")
