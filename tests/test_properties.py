"""Fuzz properties of normalize, extract and segment on hostile text (hypothesis).

For any input — field vocabulary, arbitrary Unicode with lone surrogates, long runs of one
piece — every call returns without an exception, every offset indexes the original text,
results are sorted and within bounds, and the output is the same twice over and from
another pipeline. Example counts per target add up to 2,000 in CI (see the budget in
docs/reliability.md); ``REPORTMINE_FUZZ=long`` runs 15 times as many.
"""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from fuzz.strategies import (
    Fresh,
    any_text,
    check_report,
    check_text,
    check_tokens,
    field_text,
    fuzz_settings,
    hostile_text,
    lexicon,
    report_key,
    run_twice,
    text_key,
    unicode_text,
)
from reportmine import Pipeline
from reportmine.normalization.normalizer import Normalizer

PIPE = Pipeline(lexicon())
FRESH = Fresh()
TRADITIONAL = Pipeline(lexicon(), script="traditional", converter="tw2sp")  # length-changing phrases
NORMALIZERS = {
    "default": Normalizer(lexicon=lexicon()),
    "tw2sp": Normalizer("traditional", "tw2sp", lexicon=lexicon()),
    "no-repairs": Normalizer(repairs=(), lexicon=lexicon()),
}


# -- normalize: 2,000 examples ------------------------------------------------------------------------

FRESH_NORMALIZERS = dict.fromkeys(NORMALIZERS, (0, NORMALIZERS["default"]))


def _fresh_normalizer(name: str) -> Normalizer:
    """Another normalizer with the same settings, rebuilt every 25 uses."""
    uses, norm = FRESH_NORMALIZERS[name]
    if uses % 25 == 0:
        old = NORMALIZERS[name]
        norm = Normalizer(old.script, old.converter, old.repairs, lexicon=lexicon())
    FRESH_NORMALIZERS[name] = (uses + 1, norm)
    return norm


def _normalize(raw: str, name: str) -> None:
    norm = NORMALIZERS[name]
    t = run_twice(lambda: norm(raw), text_key)
    check_text(raw, t)
    assert text_key(_fresh_normalizer(name)(raw)) == text_key(t)


@fuzz_settings(900)
@given(field_text, st.sampled_from(sorted(NORMALIZERS)))
def test_normalize_field_text(raw: str, name: str) -> None:
    _normalize(raw, name)


@fuzz_settings(550)
@given(unicode_text, st.sampled_from(sorted(NORMALIZERS)))
def test_normalize_unicode(raw: str, name: str) -> None:
    _normalize(raw, name)


@fuzz_settings(550)
@given(hostile_text, st.sampled_from(sorted(NORMALIZERS)))
def test_normalize_hostile(raw: str, name: str) -> None:
    _normalize(raw, name)


# -- extract: 2,000 examples --------------------------------------------------------------------------

def _extract(raw: str, pipe: Pipeline = PIPE) -> None:
    report = run_twice(lambda: pipe.extract(raw, "doc"), report_key)
    check_report(raw, report)
    if pipe is PIPE:
        assert report_key(FRESH().extract(raw, "doc")) == report_key(report)
    # a Text normalized beforehand gives the same facts as the raw string
    assert report_key(pipe.extract(pipe.normalize(raw), "doc")) == report_key(report)


@fuzz_settings(900)
@given(field_text)
def test_extract_field_text(raw: str) -> None:
    _extract(raw)


@fuzz_settings(300)
@given(field_text)
def test_extract_field_text_phrase_converter(raw: str) -> None:
    _extract(raw, TRADITIONAL)


@fuzz_settings(400)
@given(unicode_text)
def test_extract_unicode(raw: str) -> None:
    _extract(raw)


@fuzz_settings(400)
@given(hostile_text)
def test_extract_hostile(raw: str) -> None:
    _extract(raw)


# -- segment: 2,000 examples --------------------------------------------------------------------------

def _segment(raw: str, pos: bool) -> None:
    report = PIPE.extract(raw)
    tokens = run_twice(lambda: PIPE.segment(raw, pos=pos), list)
    check_tokens(raw, tokens, report.facts)
    plain = PIPE.segment(raw, facts=False)
    check_tokens(raw, plain)
    assert FRESH().segment(raw, pos=pos) == tokens


@fuzz_settings(900)
@given(field_text, st.booleans())
def test_segment_field_text(raw: str, pos: bool) -> None:
    _segment(raw, pos)


@fuzz_settings(550)
@given(unicode_text, st.booleans())
def test_segment_unicode(raw: str, pos: bool) -> None:
    _segment(raw, pos)


@fuzz_settings(550)
@given(any_text, st.booleans())
def test_segment_any(raw: str, pos: bool) -> None:
    _segment(raw, pos)
