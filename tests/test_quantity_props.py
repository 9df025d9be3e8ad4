"""Properties of the quantity extractor: any text, adversarial text, offsets across repairs.

Longer runs: ``HYPOTHESIS_PROFILE=long python -m pytest tests/test_quantity_props.py``.
"""

from __future__ import annotations

import os

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reportmine.pipeline import Pipeline
from reportmine.records import QUANTITY_KINDS

settings.register_profile("q-default", max_examples=120, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
settings.register_profile("q-long", max_examples=3000, deadline=None,
                          suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
PROFILE = "q-long" if os.environ.get("HYPOTHESIS_PROFILE") == "long" else "q-default"

PIPE = Pipeline(kinds=QUANTITY_KINDS)

ALPHABET = (
    "0123456789０１２,.，。、；：%％‰/-—~至到余多来约近超过以上下左右"
    "一二三四五六七八九十百千万亿两零〇几数半壹贰拾佰仟"
    "元块亩平方米公里吨斤个名户人次年月日天小时周成分之点"
    "第是的在有和与“”《》（）\n\r \t贫困户資金畝戶萬億兩"
)


@settings(settings.get_profile(PROFILE))
@given(st.text(alphabet=ALPHABET, max_size=80))
def test_any_text_gives_exact_spans(text: str) -> None:
    for f in PIPE.extract(text).facts:
        assert text[f.start : f.end] == f.text
        assert f.kind in QUANTITY_KINDS
        assert f.qualifier in ("exact", "over", "under", "approx")
        if f.low is not None:
            assert f.high is not None and f.value == f.low


@settings(settings.get_profile(PROFILE))
@given(st.lists(st.sampled_from(["贫困户", "35", " ", "戶", "(lián)", "\r\n", "資金", "1.2", "萬", "元", "畝",
                                 "、", "73", "人", "近", "三分之一", "２４", "小時", "，"]), max_size=30))
def test_offsets_survive_repairs(parts: list[str]) -> None:
    text = "".join(parts)
    for f in PIPE.extract(text).facts:
        assert text[f.start : f.end] == f.text


@pytest.mark.parametrize(
    "text",
    [
        "1" * 20_000 + "元",  # one huge number
        "9" * 5_000 + "万元",
        "1," * 10_000 + "000元",  # separators that never form a group
        "一" * 20_000 + "个",  # a huge numeral run
        "十" * 10_000,
        "3至" * 5_000 + "5个",  # ranges that never end
        "3-" * 5_000 + "5%",
        "近" * 5_000 + "3000人",
        "百分之" * 3_000 + "八十",
        "三分之" * 3_000 + "一",
        "1." * 10_000,
        "“" * 3_000 + "两个" + "”" * 3_000,
        ("资金" + "9" * 50 + "万") * 200,
    ],
    ids=lambda t: t[:12],
)
def test_adversarial_inputs_finish(text: str) -> None:
    # no exception, no catastrophic backtracking (these run in well under a second)
    for f in PIPE.extract(text).facts:
        assert text[f.start : f.end] == f.text
        assert f.value is not None and abs(float(f.value)) < float("inf")  # type: ignore[arg-type]
