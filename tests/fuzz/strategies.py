"""Hypothesis strategies for hostile report text, and the invariants every result must keep.

Text strategies mix the field's vocabulary — Arabic and Chinese numbers (huge ones
too), every word of the shipped lexicons (units, measure words, qualifiers, program
categories, issuers …), quotes and 《》, traditional and full-width characters, pinyin
annotations, every kind of space and line break, mojibake-like runs, lone surrogates —
with arbitrary Unicode and long repetitions (``万万万…``, 300 opening quotes).

The ``check_*`` functions state the contract (docs/reliability.md): offsets index the
original text, results are sorted and within bounds, values are finite, records survive
a JSON round trip, and the same input gives the same output.

Example counts scale with ``REPORTMINE_FUZZ``: unset (CI) runs the counts written in the
suites; ``long`` runs 15 times as many (see docs/reliability.md).
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import signal
from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator, Sequence
from functools import lru_cache
from typing import Any

import regex
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

from reportmine import Pipeline
from reportmine.lexicon import Lexicon
from reportmine.records import KINDS, Fact, fact_from_dict
from reportmine.report import Report
from reportmine.segmentation import Token
from reportmine.text import Text

# -- how many examples ------------------------------------------------------------------------------

PROFILES = {"ci": 1, "long": 15}


def scale() -> int:
    """The multiplier of every example count (``REPORTMINE_FUZZ``: unset/``ci`` or ``long``)."""
    mode = os.environ.get("REPORTMINE_FUZZ", "ci") or "ci"
    if mode not in PROFILES:
        raise ValueError(f"REPORTMINE_FUZZ must be one of {sorted(PROFILES)}, not {mode!r}")
    return PROFILES[mode]


def fuzz_settings(examples: int) -> settings:
    """Hypothesis settings for a fuzz property: ``examples`` in CI, scaled for longer runs."""
    return settings(
        max_examples=examples * scale(),
        deadline=None,
        print_blob=True,
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.filter_too_much,
            HealthCheck.large_base_example,
        ],
    )


# -- vocabulary -------------------------------------------------------------------------------------

NUMBERS = [
    "0", "1", "7", "35", "100", "2019", "3,200", "1,000,000", "64552.3", "0.28", "12.5",
    "1e5", "1e400", "1e-400", "1E308", "-5", "−3.9", "0451", "9" * 40, "1" + "0" * 400,
    "１２３", "１２．５", "２０１９", "3/4", "1/0", "0/0",
]
CN_NUMERALS = [
    "一", "二", "两", "十", "二十一", "一百", "两千三", "三万五", "十二万五千", "4.78万亿", "1.2万",
    "十几", "几十", "几", "数百", "上千", "七八", "一两", "二〇一九", "壹佰贰拾", "三分之一",
    "百分之八十", "千分之五", "一半", "三成", "三点五", "亿", "万万", "亿亿亿", "零", "〇", "负",
]
MARKS = ["%", "％", "‰", "个百分点", "百分点", "余", "多", "来", "至", "到", "—", "——", "-", "~", "～", "/"]
QUOTES = ["“", "”", "‘", "’", "「", "」", "『", "』", '"', "'", "＂", "《", "》", "〈", "〉", "（", "）",
          "(", ")", "【", "】", "[", "]"]
PUNCT = ["，", "。", "、", "；", "：", "！", "？", ",", ".", ";", ":", "…", "·", "•", "□", "■"]
SPACES = [" ", "  ", "\u3000", "\u3000\u3000", "\xa0", "\t", "\n", "\r\n", "\r", "\n\n", "\r\n\r\n",
          "\n\n\n\n", "\u2028", "\x0b", "\x0c", "\x85"]
PINYIN = ["(lián)", "（fā）", "(xì)", "(zhí)", "(de)", "(右二)", "(ǎ)", "?zhí)", "(GDP)", "(2019)"]
TRADITIONAL = ["駐村工作隊", "貧困戶", "幫扶", "資金", "萬元", "億元", "畝", "個", "兩", "發展", "產業",
               "與", "為", "書記", "縣", "鄉", "們", "餘", "鎮", "於", "臺灣", "裡"]
FULLWIDTH = ["ＧＤＰ", "ａｂｃ", "１", "０", "５０％", "．"]
MOJIBAKE = ["ä¸­æ–‡", "å\x8f‘å±•", "锟斤拷", "烫烫烫", "\ufffd", "?", "??", "銆傗", "蚧馂", "Ã©",
            "ÎÒ", "鍙戝睍", "挠H人", "⊿Τ", "ㄘ", "ﾃｩ"]
DATES = ["2019年", "5月", "30日", "2019年5月30日", "2019-05-30", "2019/5/30", "2019.5.30",
         "二〇二〇年", "十月一日", "年底", "上旬", "今年", "去年", "2019—2020年", "2月14—15日"]
FIELD_WORDS = ["全村", "共有", "建档立卡", "贫困户", "投入", "资金", "帮扶", "驻村工作队", "第一书记",
               "印发", "省政府", "活动", "行动", "工程", "本报记者", "摄", "新华社北京5月30日电",
               "人均", "每亩", "约", "近", "超过", "以上", "左右", "（记者朱基钗）", "图为", "的"]
ODD = ["\x00", "\x01", "\x1b", "\x7f", "\u200b", "\ufeff", "\u202e", "😀", "𠀀", "\U0002a6a5",
       "a\u0301", "ﬁ", "㎡", "m²", "①", "Ⅷ", "\ud800", "\udc80", "\U0010ffff", "\uffff"]
VOCABULARY = [
    *NUMBERS, *CN_NUMERALS, *MARKS, *QUOTES, *PUNCT, *SPACES, *PINYIN, *TRADITIONAL, *FULLWIDTH,
    *MOJIBAKE, *DATES, *FIELD_WORDS, *ODD,
]

_HAN = regex.compile(r"\p{Han}")


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    """The shipped lexicons (loaded once)."""
    return Lexicon.load()


@lru_cache(maxsize=1)
def lexicon_words() -> tuple[str, ...]:
    """Every word with a Han character in the shipped tables (but the character frequencies)."""
    lex = lexicon()
    words: set[str] = set()
    for table in lex:
        if table == "char_freq":
            continue
        for row in lex.rows(table):
            for field in row.fields:
                for piece in regex.split(r"[,|=]", field):
                    if piece and len(piece) <= 10 and _HAN.search(piece):
                        words.add(piece)
    return tuple(sorted(words))


def unit_han() -> str:
    """Every Han character of the unit and measure-word tables."""
    return "".join(sorted({c for w in lexicon_words() for c in w if _HAN.match(c)}))


# -- strategies -------------------------------------------------------------------------------------

numbers = st.one_of(
    st.integers(-(10**15), 10**15).map(str),
    st.integers(0, 10**420).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
    st.integers(0, 10**9).map("{:,}".format),
)
surrogates = st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF)
any_char = st.one_of(st.characters(), surrogates)
words = st.one_of(st.sampled_from(VOCABULARY), st.sampled_from(lexicon_words()))
piece = st.one_of(
    words, words, words, numbers, st.text(alphabet=any_char, max_size=3),
)


def _repeat(pair: tuple[str, int]) -> str:
    return pair[0] * pair[1]


short = st.one_of(words, st.text(alphabet=any_char, min_size=1, max_size=2))
repeated = st.tuples(short, st.integers(2, 200)).map(_repeat)  # 万万万…, ““““…, ,000,000…

#: field vocabulary strung together: the text real reports (and damaged ones) are made of
field_text = st.lists(piece, max_size=40).map("".join)
#: arbitrary Unicode, lone surrogates included
unicode_text = st.text(alphabet=any_char, max_size=200)
#: long runs of one piece between other pieces
hostile_text = st.lists(st.one_of(piece, repeated), max_size=8).map("".join)
any_text = st.one_of(field_text, unicode_text, hostile_text)


# -- invariants -------------------------------------------------------------------------------------

def check_text(raw: str, t: Text) -> None:
    """A normalized :class:`Text` keeps ``raw`` and maps every position back into it."""
    assert t.original == raw
    n, m = len(t.normalized), len(raw)
    prev = 0
    for i in range(n + 1):
        o = t.to_original(i)
        assert 0 <= o <= m and o >= prev, (i, o, prev)
        prev = o
    for i in range(n):
        s, e = t.span_to_original(i, i + 1)
        assert 0 <= s <= e <= m
    if n:
        assert t.span_to_original(0, n)[1] <= m
    last = (0, 0)
    for r in t.repairs:
        assert 0 <= r.start <= r.end <= m and raw[r.start : r.end] == r.before, r
        assert (r.start, r.end) >= last
        last = (r.start, r.end)
    for s, e in t.damaged:
        assert 0 <= s <= e <= m
        ns, ne = t.span_from_original(s, e)
        assert ns == ne or t.is_damaged(ns, ne), (s, e, ns, ne)
    assert t.script in ("simplified", "traditional", "mixed", "unknown")


def text_key(t: Text) -> tuple[Any, ...]:
    """Everything observable about a :class:`Text`, for determinism checks."""
    align = t.alignment.segments() if t.alignment is not None else None
    return (t.original, t.normalized, align, t.script, t.repairs, t.damaged)


def _finite(x: object) -> bool:
    return not isinstance(x, float) or math.isfinite(x)


def check_fact(raw: str, f: Fact) -> None:
    """One fact: offsets index ``raw``, values are finite, the record survives JSON."""
    assert 0 <= f.start <= f.end <= len(raw), f
    assert raw[f.start : f.end] == f.text, (f, raw[f.start : f.end])
    assert f.text, f
    assert f.kind in KINDS
    assert _finite(f.value) and _finite(f.low) and _finite(f.high), f
    d = json.loads(json.dumps(f.to_dict(), allow_nan=False))
    assert fact_from_dict(d) == f, (d, f)


def check_report(raw: str, report: Report) -> None:
    """Facts index ``raw``, are sorted and within bounds; metadata spans index ``raw`` too."""
    keys = [(f.start, f.end, f.kind) for f in report.facts]
    assert keys == sorted(keys), keys
    assert len(set(keys)) == len(keys), keys
    for f in report.facts:
        check_fact(raw, f)
    for sentence in {f.sentence for f in report.facts}:  # each distinct one once
        assert sentence == "" or sentence in raw, sentence
    meta = report.meta
    spans: list[tuple[int, int]] = [*meta.byline_spans, *meta.captions]
    for span in (meta.headline_span, meta.date_span):
        if span is not None:
            spans.append(span)
    for a, b in spans:
        assert 0 <= a <= b <= len(raw), (a, b)
    if meta.headline_span is not None:
        assert raw[meta.headline_span[0] : meta.headline_span[1]] == meta.headline
    for text, (a, b) in zip(meta.bylines, meta.byline_spans, strict=True):
        assert raw[a:b] == text
    json.dumps(meta.to_dict(), allow_nan=False)


def report_key(report: Report) -> tuple[Any, ...]:
    """Everything observable about a :class:`Report`, for determinism checks."""
    return (report.doc_id, tuple(f.to_dict().items() for f in report.facts), report.meta)


def check_tokens(raw: str, tokens: Sequence[Token], facts: Iterable[Fact] = ()) -> None:
    """Tokens tile ``raw`` exactly, and no token boundary falls inside a fact."""
    assert "".join(t.text for t in tokens) == raw
    pos = 0
    for t in tokens:
        assert t.start == pos and t.end > t.start, t
        assert raw[t.start : t.end] == t.text
        pos = t.end
    assert pos == len(raw)
    starts = [t.start for t in tokens]
    for f in facts:
        k = bisect_right(starts, f.start)  # the first token starting after the fact does
        assert k == len(starts) or starts[k] >= f.end, (f, tokens[k])


class Fresh:
    """A second pipeline, rebuilt every ``every`` uses: results must not depend on history."""

    def __init__(self, every: int = 25, **kwargs: Any) -> None:
        self.every = every
        self.kwargs = kwargs
        self.uses = 0
        self._pipe: Pipeline | None = None

    def __call__(self) -> Pipeline:
        """The pipeline to compare with."""
        if self._pipe is None or self.uses % self.every == 0:
            self._pipe = Pipeline(lexicon(), **self.kwargs)
        self.uses += 1
        return self._pipe


def run_twice(fn: Callable[[], Any], key: Callable[[Any], Any]) -> Any:
    """``fn()`` twice; asserts both give the same ``key``; the first result."""
    a = fn()
    b = fn()
    assert key(a) == key(b)
    return a


class Hang(BaseException):
    """Raised by :func:`time_limit` when a call runs past its limit.

    Not an :class:`Exception`: a broad ``except Exception`` in the code under test must not
    swallow it.
    """


@contextlib.contextmanager
def time_limit(seconds: float, what: str = "call") -> Iterator[None]:
    """Turn a hang into a test failure: raise :class:`Hang` after ``seconds`` (main thread, Unix).

    A guard against endless loops and runaway backtracking, set far above the normal time;
    it measures nothing (speed is measured in ``benchmarks/``).
    """
    if not hasattr(signal, "setitimer"):  # pragma: no cover - not on Unix
        yield
        return

    def alarm(signum: int, frame: object) -> None:
        raise Hang(f"{what} ran longer than {seconds:g} s: a hang or superlinear time")

    old = signal.signal(signal.SIGALRM, alarm)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    except Hang as e:  # passed through the code under test; a plain failure from here on
        raise AssertionError(str(e)) from None
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)
