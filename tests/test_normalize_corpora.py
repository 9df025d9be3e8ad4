"""Every article of the shared People's Daily archives normalizes; clean news stays clean.

Needs ../shared/corpora (skipped when absent); about two seconds.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import iter_corpora_articles
from reportmine.normalization.normalizer import Normalizer

pytestmark = pytest.mark.corpora


def test_every_article_normalizes(corpora: list[Path]) -> None:
    norm = Normalizer()
    articles = damaged_articles = joins = 0
    scripts: dict[str, int] = {}
    for name, raw in iter_corpora_articles():
        t = norm(raw)
        articles += 1
        scripts[t.script] = scripts.get(t.script, 0) + 1
        assert t.to_original(len(t.normalized)) == len(raw), name
        for r in t.repairs:
            assert raw[r.start : r.end] == r.before, name
        damaged_articles += bool(t.damaged)
        joins += len(t.repairs_of("linebreak"))
    assert articles > 3000
    # general news in simplified script: none of it is taken for traditional or mixed text,
    # almost none for mojibake (measured: 0 damaged ranges), and paragraphs are not joined
    assert scripts == {"simplified": articles}
    assert damaged_articles <= articles // 1000
    assert joins <= articles // 500
