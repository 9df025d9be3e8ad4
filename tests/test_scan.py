"""Speed-ups that must not change results.

Prefiltered searches (quantities, dates, datelines), quote and title pairing, the line cutter
of the metadata pass, the trailing-word cuts of the subject finder: each fast path is compared
with the plain computation on generated texts made of the characters that matter to it
(numerals, units, quote marks, line breaks …). ``tests/test_sentences.py`` does the same for
the sentence index.
"""

from __future__ import annotations

from collections.abc import Callable

import regex
from hypothesis import given, settings
from hypothesis import strategies as st

from _references import reference_quotes, reference_titles
from reportmine.extractors import dates
from reportmine.extractors.meta import MetaExtractor
from reportmine.extractors.quantity.extractor import QuantityExtractor
from reportmine.extractors.quotes import find_quotes, find_titles
from reportmine.extractors.scan import digit_class
from reportmine.lexicon import Lexicon

_QX = QuantityExtractor(Lexicon.load())

NUMBER_TEXT = st.text(
    alphabet=(
        "0123456789,.一二三四五六七八九十百千万亿两〇零几数上余多来至到-—～负半分之点"
        "年月日号个人户元米吨亩%天名项次第的是不只共村镇新闻abcA。，、“”《》 \n公里平方小时kgm²‰−－"
        "\u0663\U00010d41\U0001e4f2"  # digits: Arabic-Indic; Garay and Nag Mundari (newer than re knows)
    ),
    max_size=40,
)
MARK_TEXT = st.text(alphabet="“”‘’「」『』\"＂'《》〈〉\n甲乙a ", max_size=60)


def _spans(
    search: Callable[[str, int], regex.Match[str] | None], s: str
) -> list[tuple[tuple[int, int], tuple[str | None, ...]]]:
    out = []
    pos = 0
    while (m := search(s, pos)) is not None:
        out.append((m.span(), m.groups()))
        pos = m.end()
    return out


@settings(max_examples=300, deadline=None)
@given(NUMBER_TEXT)
def test_quantity_prefilter_finds_what_the_pattern_finds(s: str) -> None:
    assert _spans(_QX._search, s) == _spans(_QX._re.search, s)


@settings(max_examples=300, deadline=None)
@given(NUMBER_TEXT)
def test_date_prefilter_finds_what_the_pattern_finds(s: str) -> None:
    fast = [(m.span(), m.groups()) for m in dates._DATE_AT.finditer(s)]
    assert fast == [(m.span(), m.groups()) for m in dates._DATE.finditer(s)]


_META = MetaExtractor(Lexicon.load())


DATELINE_TEXT = st.lists(
    st.sampled_from([*"据本报新华社中国闻网北京电讯月日0123456789十一二 \n甲", "中新社", "人民网", "本报讯"]),
    max_size=20,
).map("".join)


@settings(max_examples=300, deadline=None)
@given(DATELINE_TEXT)
def test_dateline_prefilter_finds_what_the_pattern_finds(s: str) -> None:
    fast = [(m.span(), m.groups()) for m in _META._dateline_at.finditer(s)]
    assert fast == [(m.span(), m.groups()) for m in _META._dateline.finditer(s)]


def test_long_number_runs_stay_candidates() -> None:
    # a run longer than the look-ahead window is always tried
    s = "共" + "1" * 60 + "万元，又" + "三" * 50 + "亿元"
    assert _spans(_QX._search, s) == _spans(_QX._re.search, s)
    assert _spans(_QX._search, s)


@settings(max_examples=400, deadline=None)
@given(MARK_TEXT)
def test_find_quotes_agrees_with_the_plain_loop(s: str) -> None:
    assert find_quotes(s) == reference_quotes(s)


@settings(max_examples=300, deadline=None)
@given(MARK_TEXT)
def test_find_titles_agrees_with_the_plain_loop(s: str) -> None:
    assert find_titles(s) == reference_titles(s)


def test_find_quotes_on_many_unmatched_marks() -> None:
    s = "“" * 1500 + "甲" + "”" * 1500 + "「『" * 500 + "」\n" + "'甲'" * 300
    assert find_quotes(s) == reference_quotes(s)


def test_date_groups_are_read_in_pattern_order() -> None:
    # dates._parts unpacks dm.groups() positionally
    order = sorted(dates._DATE.groupindex, key=dates._DATE.groupindex.__getitem__)
    assert order == [
        "ya", "ma", "da", "mx", "dx", "yc", "mc", "dc", "mb", "db", "mcb", "dcb",
        "yi", "sep", "mi", "di", "y2", "m2", "d2", "yc2", "mc2", "dc2",
    ]  # fmt: skip
    assert dates._DATE.groups == len(order)  # no unnamed groups in between


def test_digit_class_holds_every_regex_digit() -> None:
    # the quantity candidates stand in for the pattern's \d with digit_class()
    import re

    every = "".join(chr(c) for c in range(0x110000) if not 0xD800 <= c <= 0xDFFF)
    ours = re.compile(f"[{digit_class()}]")
    assert all(ours.match(m.group()) for m in regex.finditer(r"\d", every))
    assert all(ours.match(m.group()) for m in re.finditer(r"\d", every))


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="0123456789年月日号至到—–-~～ \u3000\t\n甲", max_size=30))
def test_range_hint_is_in_every_range(s: str) -> None:
    if dates._RANGE_HINT.search(s) is None:
        assert not dates._YEAR_RANGE.search(s)
        assert not dates._SHARED_MONTH.search(s)
        assert not dates._SHARED_DAY.search(s)


def _reference_lines(s: str) -> list[tuple[int, int, str]]:
    out = []
    for m in regex.finditer(r"[^\r\n]+", s):
        text = m.group().strip()
        if text:
            a = m.start() + len(m.group()) - len(m.group().lstrip())
            out.append((a, a + len(text), text))
    return out


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet="甲乙 \u3000\r\n\x85\u2028\x0c", max_size=40))
def test_meta_lines_are_the_runs_between_line_ends(s: str) -> None:
    from reportmine.extractors.meta import _lines

    crlf = s.replace("\r", "").replace("\n", "\r\n")  # the fast path: \r only before \n
    for text in (s, s.replace("\r", ""), crlf):
        assert [tuple(ln) for ln in _lines(text)] == _reference_lines(text)


_CAPTION_CHARS = "图为①：:摄影供制绘漫画见上下左右（）() \u3000\n。本报记者张旭新华社李文"


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_CAPTION_CHARS, max_size=40))
def test_captions_skip_texts_without_caption_cues(s: str) -> None:
    # the fast path of BylineReader.captions (no 图, no credit word: no line looked at)
    # against its reference, every line looked at
    from reportmine.extractors.bylines import _merge
    from reportmine.extractors.meta import _lines

    reader = _META._bylines
    for text in (s, s.replace("图", "").replace("摄", "")):
        lines = _lines(text)
        full = reader.line_captions(lines)
        assert reader.may_have_captions(text) or full == []
        assert reader.caption_brackets(text, reader.may_have_captions(text)) == reader.caption_brackets(text)
        assert reader.captions(text, lines) == _merge(full + reader.caption_brackets(text))


_SUBJ = _QX.subjects
_WORD_CHARS = "".join(sorted({c for w in list(_SUBJ.verbs)[:40] + list(_SUBJ.funcs)[:40] for c in w}))


@settings(max_examples=400, deadline=None)
@given(st.text(alphabet=_WORD_CHARS + "甲乙\n", max_size=16))
def test_trailing_words_are_cut_as_by_the_plain_pattern(text: str) -> None:
    import re

    from reportmine.extractors.quantity.subjects import _cut_tail

    for fast, last in ((_SUBJ._trail, _SUBJ._trail_last), (_SUBJ._tail_func, _SUBJ._tail_func_last)):
        plain = re.compile(fast.pattern[fast.pattern.index("(?:") :])  # without the first-character guard
        assert _cut_tail(fast, last, text) == plain.sub("", text)
        for a in range(len(text) + 1):
            m, p = fast.search(text, a), plain.search(text, a)
            assert (m and m.span()) == (p and p.span())


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=_WORD_CHARS + "甲乙\n", max_size=12))
def test_trailing_verb_as_by_the_plain_pattern(text: str) -> None:
    import re

    plain = re.compile(_SUBJ._trail.pattern[_SUBJ._trail.pattern.index("(?:") :])
    for a in range(len(text) + 1):
        for b in range(a, len(text) + 1):
            m = plain.search(text, a, b)
            expected = _SUBJ._last_verb(m.group()) if m is not None else None
            assert _SUBJ._trailing_verb(text, b, a) == expected


def test_sentence_ends_hold_no_name_character() -> None:
    # line_byline's fast rejection (a set test) must agree with its name-character pattern
    from reportmine.extractors.bylines import _NAME_CHAR, _SENTENCE_LAST

    assert not [c for c in _SENTENCE_LAST if _NAME_CHAR.match(c)]
