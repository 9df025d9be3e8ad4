"""Hostile inputs, one by one: huge values, pathological text, and the fixes they forced.

Each test names the failure it guards against (docs/reliability.md lists them). Time
guards (:func:`time_limit`) turn a hang or a quadratic blow-up into a failure; they sit
far above the normal time and measure nothing — speed is measured by
``benchmarks/bench_adversarial.py``.
"""

from __future__ import annotations

import importlib.util
import math
import re
import sys
from pathlib import Path
from types import ModuleType

import pytest
from hypothesis import given
from hypothesis import strategies as st

from _references import reference_quotes
from fuzz.strategies import (
    check_report,
    check_tokens,
    fuzz_settings,
    lexicon,
    time_limit,
)
from reportmine import Pipeline
from reportmine.chars import SpanIndex
from reportmine.extractors.numbers import parse_number
from reportmine.extractors.quotes import find_quotes
from reportmine.extractors.sentences import MAX_SENTENCE, sentence_bounds
from reportmine.normalization.normalizer import normalize
from reportmine.normalization.repairs import space_edits
from reportmine.pipeline import _resolve
from reportmine.records import CountFact, DateFact
from reportmine.report import Report
from reportmine.text import Text

ROOT = Path(__file__).resolve().parents[1]
PIPE = Pipeline(lexicon())
GUARD = 20.0  # seconds for inputs that take well under one


def _bench() -> ModuleType:
    """benchmarks/bench_adversarial.py, whose inputs these tests reuse."""
    path = ROOT / "benchmarks" / "bench_adversarial.py"
    spec = importlib.util.spec_from_file_location("bench_adversarial", path)
    assert spec is not None and spec.loader is not None
    mod = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("bench_adversarial", mod)
    spec.loader.exec_module(mod)
    return mod


BENCH = _bench()
ADVERSARIAL = BENCH.inputs(lexicon())


# -- huge values: a finite, flagged result or no fact -------------------------------------------------

HUGE_TEXTS = [
    "投资1e400元",
    "资金" + "9" * 10_000 + "元",
    "共有" + "1" + "0" * 400 + "万元",
    "1e308万元",
    "增长" + "9" * 400 + "%",
    "投资一" + "亿" * 2000 + "元",  # RecursionError in the Chinese numeral reader (fixed)
    "资金" + "亿" * 130_000 + "元",  # decimal.Overflow from chained multipliers (fixed)
    "共" + "三万" * 600 + "人",
    "百分之" + "九" * 5000,
    "一" * 5000 + "分之一",
    "二" * 3000 + "至" + "三" * 3000 + "户",
    "三点" + "五" * 100_000 + "亩",
    "1," + "000," * 3000 + "000元",
    "1." + "5" * 5000 + "公里",
    "负" + "9" * 5000 + "元",
    "1e-400元",
]


@pytest.mark.parametrize("raw", HUGE_TEXTS, ids=[t[:8] + f"…{len(t)}" for t in HUGE_TEXTS])
def test_huge_values_give_finite_flagged_results_or_no_fact(raw: str) -> None:
    with time_limit(GUARD, "extract"):
        report = PIPE.extract(raw)
    check_report(raw, report)
    for f in report.facts:
        for v in (f.value, f.low, f.high):
            assert not isinstance(v, float) or math.isfinite(v)
        if isinstance(f.value, (int, float)) and abs(f.value) >= sys.float_info.max:
            assert "overflow" in f.flags


HUGE_NUMBERS = [
    "9" * 10_000, "1e400", "1E99999999", "-1e400", "1" + "0" * 309, "亿" * 130_000, "一" + "亿" * 2000,
    "1" + "万" * 3000, "二" * 100_000, "百分之一" + "亿" * 2000, "1," + "000," * 5000 + "000",
    "9" * 400 + "%", "9" * 400 + "/1", "1/" + "0" * 400,
]


@pytest.mark.parametrize("s", HUGE_NUMBERS, ids=[t[:8] + f"…{len(t)}" for t in HUGE_NUMBERS])
def test_parse_number_never_overflows(s: str) -> None:
    with time_limit(GUARD, "parse_number"):
        n = parse_number(s)
    if n is None:
        return
    for v in (n.value, n.low, n.high):
        assert v is None or not isinstance(v, float) or math.isfinite(v)
    if abs(n.value) >= 1e300:
        assert "overflow" in n.flags, n


# -- the adversarial inputs of the benchmark, at 64 KB --------------------------------------------------

@pytest.mark.parametrize("name", sorted(ADVERSARIAL))
def test_adversarial_input_keeps_the_contract(name: str) -> None:
    raw = BENCH.build(ADVERSARIAL[name](), 64 * 1024)
    with time_limit(GUARD, f"extract({name})"):
        report = PIPE.extract(raw)
    check_report(raw, report)
    for f in report.facts:  # bounded in normalized characters: the deleted ones come on top
        assert len(f.sentence) <= 8 * MAX_SENTENCE
    with time_limit(GUARD, f"segment({name})"):
        tokens = PIPE.segment(raw)
    check_tokens(raw, tokens, report.facts)


# -- linear time: each of these was quadratic before its fix (a guard, not a timing) ------------------

def test_mismatched_quote_marks_are_paired_in_linear_time() -> None:
    # each closing mark scanned the whole stack of open marks of other kinds
    s = ("“" * 1000 + "」" * 1000) * 100
    with time_limit(GUARD, "find_quotes"):
        assert find_quotes(s) == []


def test_digit_groups_without_end_are_read_in_linear_time() -> None:
    # the number pattern restarted after every comma and backtracked through the groups
    raw = "1" + ",000" * 200_000 + "元"
    with time_limit(GUARD, "extract"):
        report = PIPE.extract(raw)
    assert [f.text for f in report.facts] == []  # far too long for a value


def test_numbers_with_spaces_without_line_breaks_in_linear_time() -> None:
    # every number before a space searched back to the last line break
    s = "共35 户，" * 500_000  # the old search took 28 s for 300,000 of them
    with time_limit(GUARD, "space_edits"):
        edits = space_edits(s)
    assert len(edits) == 500_000


def test_many_facts_in_many_damaged_ranges_and_names() -> None:
    # _resolve and Text.is_damaged scanned every damaged range and name for every fact
    n = 100_000
    raw = "x" * (10 * n)
    damaged = [(10 * k, 10 * k + 2) for k in range(n)]
    t = Text(raw, damaged=damaged)
    facts = [CountFact(text="x", start=10 * k + 5, end=10 * k + 6, value=1) for k in range(n)]
    names = [DateFact(text="xxx", start=10 * k + 4, end=10 * k + 7, value="x") for k in range(0, n, 2)]
    with time_limit(GUARD, "_resolve"):
        out = _resolve([*facts, *names], t, [(10 * k, 10 * k + 9) for k in range(1, n, 4)])
        hits = sum(t.is_damaged(10 * k + 1, 10 * k + 3) for k in range(n))
    assert hits == n
    counts = [f for f in out if f.kind == "count"]
    assert len(counts) == n // 2  # the others lie inside a date
    assert sum("caption" in f.flags for f in counts) == n // 4


def test_sentences_are_bounded() -> None:
    # a text without punctuation was one sentence, copied into every fact: quadratic output
    raw = "全村共有贫困户35户" * 50_000
    with time_limit(GUARD, "extract"):
        report = PIPE.extract(raw)
    assert len(report.facts) == 50_000
    assert max(len(f.sentence) for f in report.facts) <= MAX_SENTENCE
    assert all(f.text in f.sentence for f in report.facts[:100])
    bounds = sentence_bounds(raw)
    assert all(b - a <= MAX_SENTENCE for a, b in bounds)
    assert bounds[0][0] == 0 and bounds[-1][1] == len(raw)


def test_long_sentences_are_cut_at_clause_marks() -> None:
    s = ("啊" * 700 + "，") * 4
    assert sentence_bounds(s) == [(0, 701), (701, 1402), (1402, 2103), (2103, 2804)]
    assert sentence_bounds("一。二\n\n三  ") == [(0, 2), (2, 3), (5, 6)]


# -- archives cut anywhere: a failed document, never an exception ---------------------------------------

def _small_archive(kind: str) -> bytes:
    import io
    import tarfile
    import zipfile

    buf = io.BytesIO()
    if kind == "zip":
        with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("a.txt", "全村35户".encode())
            zf.writestr("b.txt", "资金100万元".encode())
    else:
        with tarfile.open(fileobj=buf, mode={"tar": "w", "tar.gz": "w:gz", "tar.bz2": "w:bz2",
                                             "tar.xz": "w:xz"}[kind]) as tf:
            for name, data in (("a.txt", "全村35户".encode()), ("b.txt", "资金100万元".encode())):
                info = tarfile.TarInfo(name)
                info.size = len(data)
                tf.addfile(info, io.BytesIO(data))
    return buf.getvalue()


@pytest.mark.parametrize("kind", ["zip", "tar", "tar.gz", "tar.bz2", "tar.xz"])
def test_archives_cut_at_every_byte(kind: str, tmp_path: Path) -> None:
    # a tar.gz cut inside its gzip header raised TypeError out of tarfile (found by the long fuzz run)
    from reportmine.sources import iter_documents

    data = _small_archive(kind)
    step = max(1, len(data) // 400)
    for cut in range(0, len(data) + 1, step):
        path = tmp_path / f"cut{cut}.{kind}"
        path.write_bytes(data[:cut])
        docs = list(iter_documents([str(path)]))
        assert all((d.text is None) == (d.error is not None) for d in docs), cut
        assert cut < len(data) or [d.text for d in docs] == ["全村35户", "资金100万元"]


def test_hand_made_raw_document_with_bad_utf8_fails_cleanly() -> None:
    # decode_raw raised UnicodeDecodeError for format utf-8 (found by the first fuzz run)
    from reportmine.sources import RawDocument, decode_raw

    d = decode_raw(RawDocument("r", "r", "utf-8", "全村".encode() + b"\xff", ""))
    assert not d.ok and "invalid UTF-8 at byte 6" in (d.error or "")


def test_html_with_an_unknown_marked_section_is_read() -> None:
    # html.parser raised AssertionError on <![A> and stopped the batch (found by atheris)
    from reportmine.sources import RawDocument, decode_raw

    page = "<p>全村35户</p><![A><p>资金100万元</p>".encode()
    d = decode_raw(RawDocument("p.html", "p.html", "html", page, ""))
    assert d.ok and d.text is not None
    assert "全村35户" in d.text and "资金100万元" in d.text


def test_pdf_failures_give_the_same_reason_every_time() -> None:
    # pypdf put a Python object id in its message: the same file failed with another reason
    # on every run (found by the long fuzz run)
    pypdf = pytest.importorskip("pypdf")
    import io

    from reportmine.sources import RawDocument, decode_raw

    w = pypdf.PdfWriter()
    w.add_blank_page(100, 100)
    buf = io.BytesIO()
    w.write(buf)
    data = bytearray(buf.getvalue())
    data[560 % len(data)] = 1
    data[8064 % len(data)] = 0
    raw = RawDocument("x.pdf", "x.pdf", "pdf", bytes(data), "")
    first, second = decode_raw(raw), decode_raw(raw)
    assert first == second
    assert not re.search(r"\d{9,}|0x[0-9a-f]{8,}", first.error or "")


# -- lone surrogates (json.loads, surrogateescape) crashed OpenCC and the word segmenter ---------------

@pytest.mark.parametrize("raw", ["貧困戶\ud80035戶", "\udc80", "驻村\udfff工作队投入100万元\ud800"])
def test_lone_surrogates(raw: str) -> None:
    for converter in ("t2s", "tw2sp"):
        t = normalize(raw, "traditional", converter=converter)
        assert t.original == raw
    report = PIPE.extract(raw)
    check_report(raw, report)
    check_tokens(raw, PIPE.segment(raw, pos=True), report.facts)


# -- the new pieces against their slow originals --------------------------------------------------------

quote_text = st.lists(st.sampled_from(list("“”‘’「」『』\"＂'\n中a ")), max_size=80).map("".join)


@fuzz_settings(300)
@given(quote_text)
def test_find_quotes_matches_the_reference(s: str) -> None:
    assert find_quotes(s) == reference_quotes(s)


spans = st.lists(st.tuples(st.integers(0, 60), st.integers(0, 20)).map(lambda p: (p[0], p[0] + p[1])),
                 max_size=12)


@fuzz_settings(300)
@given(spans, st.integers(0, 70), st.integers(0, 15))
def test_span_index_matches_a_scan(ss: list[tuple[int, int]], start: int, length: int) -> None:
    ix = SpanIndex(ss)
    end = start + length
    assert ix.overlaps(start, end) == any(s < end and start < e for s, e in ss)
    assert ix.contains(start, end) == any(s <= start and end <= e for s, e in ss)
    assert len(ix) == len(ss)


# -- the checks themselves can fail ---------------------------------------------------------------------

def test_the_contract_checks_catch_bad_offsets() -> None:
    raw = "全村35户"
    good = PIPE.extract(raw)
    check_report(raw, good)
    (fact,) = good.facts
    import dataclasses

    shifted = dataclasses.replace(fact, start=fact.start - 1, end=fact.end - 1)  # off by one
    with pytest.raises(AssertionError):
        check_report(raw, Report(None, good.text, (shifted,), good.meta))
    with pytest.raises(AssertionError):
        check_report(raw, Report(None, good.text, (fact, fact), good.meta))
    with pytest.raises(AssertionError):
        check_tokens(raw, PIPE.segment(raw)[1:])
