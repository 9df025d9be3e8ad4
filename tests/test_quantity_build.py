"""The fact builder of issue 19 (:mod:`reportmine.extractors.quantity.build`) against its
reference, each fact class's own constructor: equal facts, field for field and type, for
every quantity class, and the constructor's checks kept (a span that does not fit its text,
an unknown qualifier)."""

from __future__ import annotations

import dataclasses

import pytest
from hypothesis import given
from hypothesis import strategies as st

from conftest import read_seed, seed_paths
from reportmine.extractors.base import Context
from reportmine.extractors.quantity.build import GIVEN, FactBuilder
from reportmine.extractors.quantity.extractor import FACT_CLASSES, QuantityExtractor
from reportmine.lexicon import Lexicon
from reportmine.normalization import normalize
from reportmine.records import QUALIFIERS, Fact

_opt_text = st.none() | st.text(max_size=6)
_number = st.integers(-(10**12), 10**12) | st.floats(allow_nan=False, allow_infinity=False)


def _fields(f: Fact) -> dict[str, object]:
    return {x.name: getattr(f, x.name) for x in dataclasses.fields(f)}


@given(
    kind=st.sampled_from(sorted(FACT_CLASSES)),
    text=st.text(min_size=1, max_size=8),
    start=st.integers(0, 10_000),
    value=_number,
    unit=_opt_text,
    qualifier=st.sampled_from(sorted(QUALIFIERS)),
    low=st.none() | _number,
    high=st.none() | _number,
    subject=_opt_text,
    per=_opt_text,
    sentence=st.text(max_size=12),
    doc_id=_opt_text,
    flags=st.lists(st.sampled_from(["implied_unit", "points", "caption"]), max_size=2).map(tuple),
    purpose=_opt_text,
)
def test_builder_equals_constructor(kind: str, text: str, start: int, **rest: object) -> None:
    cls = FACT_CLASSES[kind]
    given_ = {"text": text, "start": start, "end": start + len(text), **rest}
    built = FactBuilder(cls)(*(given_[n] for n in GIVEN))
    reference = cls(**given_)  # type: ignore[arg-type]
    assert type(built) is cls
    assert built == reference
    assert _fields(built) == _fields(reference)
    assert hash(built) == hash(reference)


@pytest.mark.parametrize(
    ("start", "end", "text", "qualifier", "message"),
    [
        (5, 9, "35户", "exact", "does not fit"),
        (5, 8, "35户", "lots", "unknown qualifier"),
        (-1, 2, "35户", "exact", "bad span"),
    ],
)
def test_builder_keeps_the_checks(start: int, end: int, text: str, qualifier: str, message: str) -> None:
    build = FactBuilder(FACT_CLASSES["count"])
    with pytest.raises(ValueError, match=message):
        build(text, start, end, 35, "户", qualifier, None, None, None, None, "", None, (), None)


def test_seed_facts_as_the_constructor_builds_them() -> None:
    """Every fact the extractor builds on the seeds equals its constructor's copy."""
    q = QuantityExtractor(Lexicon.load())
    n = 0
    for path in seed_paths():
        for f in q.find(Context(normalize(read_seed(path)))):
            assert f == type(f)(**_fields(f))  # type: ignore[arg-type]
            n += 1
    assert n > 100
