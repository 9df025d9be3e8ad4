"""Quantity facts on whole documents: the seeds in both scripts and the People's Daily archives."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import iter_corpora_articles, read_seed, seed_paths
from reportmine.normalization.script import open_converter
from reportmine.pipeline import Pipeline
from reportmine.records import QUANTITY_KINDS


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline(kinds=QUANTITY_KINDS)


def _key(pipeline: Pipeline, text: str) -> list[tuple[object, ...]]:
    return [(f.kind, f.value, f.unit, f.start, f.end) for f in pipeline.extract(text).facts]


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name)
def test_script_invariance(pipeline: Pipeline, path: Path) -> None:
    """A seed converted to the other script (s2t or t2s) gives the same quantity facts."""
    text = read_seed(path)
    script = pipeline.normalize(text).script
    other = open_converter("s2t" if script == "simplified" else "t2s").convert(text)
    assert len(other) == len(text)  # character configs keep offsets
    assert other != text
    facts = _key(pipeline, text)
    assert len(facts) >= 5
    assert _key(pipeline, other) == facts


@pytest.mark.parametrize("path", seed_paths(), ids=lambda p: p.name)
def test_seed_spans_are_exact(pipeline: Pipeline, path: Path) -> None:
    text = read_seed(path)
    for f in pipeline.extract(text).facts:
        assert text[f.start : f.end] == f.text
        assert (f.sentence and f.text in f.sentence) or f.text.strip() in f.sentence


@pytest.mark.corpora
@pytest.mark.slow
def test_every_corpora_article(corpora: list[Path], pipeline: Pipeline) -> None:
    """Every article of the archives: no exception, and every span is exact."""
    docs = facts = 0
    for name, text in iter_corpora_articles():
        for f in pipeline.extract(text, name).facts:
            assert text[f.start : f.end] == f.text, (name, f)
            facts += 1
        docs += 1
    assert docs > 3000 and facts > 10_000
