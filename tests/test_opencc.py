"""The OpenCC package in use (issue 12, item 12).

reportmine runs with native ``opencc`` or its pure-Python fallback
``opencc-python-reimplemented`` (both imported as ``opencc``). CI runs the
normalization, extraction and property tests under each (``.ci/run``), telling the
tests which it installed in ``REPORTMINE_OPENCC``; where their conversions differ is
measured by ``benchmarks/bench_opencc.py`` and written in docs/normalize.md.
"""

from __future__ import annotations

import os

import pytest

import reportmine
from reportmine.normalization.script import char_map, open_converter, opencc_package


def test_the_opencc_package_ci_installed_is_the_one_loaded() -> None:
    want = os.environ.get("REPORTMINE_OPENCC")
    if not want:
        pytest.skip("REPORTMINE_OPENCC is not set: any OpenCC package will do")
    assert opencc_package() == want


def test_character_conversion_keeps_the_length() -> None:
    # what the normalizer relies on for t2s/tw2s/hk2s: one character for one
    chars = "".join(sorted(char_map("t2s")))
    assert len(chars) > 3000
    assert len(open_converter("t2s").convert(chars)) == len(chars)


@pytest.mark.parametrize(
    ("traditional", "simplified"),
    [
        (
            "全村貧困戶35戶、73人已全部脫貧，投入資金100餘萬元。",
            "全村贫困户35户、73人已全部脱贫，投入资金100余万元。",
        ),
        (
            "駐村聯(lián)戶工作隊修建道路1.2公里，流轉土地300畝。",
            "驻村联户工作队修建道路1.2公里，流转土地300亩。",
        ),
    ],
)
def test_traditional_gives_the_facts_of_simplified(traditional: str, simplified: str) -> None:
    trad, simp = reportmine.extract(traditional), reportmine.extract(simplified)
    assert [(f.kind, f.value, f.unit) for f in trad.facts] == [(f.kind, f.value, f.unit) for f in simp.facts]
    assert trad.facts and all(traditional[f.start : f.end] == f.text for f in trad.facts)


def test_a_compatibility_ideograph_converts_as_native_opencc_converts_it() -> None:
    # 兩 U+F978 (from Big5/Korean conversions): native OpenCC gives 两; the fallback
    # leaves it unless reportmine unifies it first (one code point for one)
    text = "貧困戶\uf978千戶"
    assert open_converter("t2s").convert(text) == "贫困户两千户"
    facts = reportmine.extract(text).facts
    assert [(f.kind, f.value, text[f.start : f.end]) for f in facts] == [("count", 2000, "\uf978千戶")]
