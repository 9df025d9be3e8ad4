"""Issue 19's fast paths of the per-document stages, each checked against a plain reference.

- normalization lists its repairs only when ``Text.repairs`` is first read: the list equals
  the one the normalizer built eagerly before (reference below: the same steps, run eagerly);
- programs test "holds one of these words" with one compiled search and try the cheapest
  rejection first: the answers equal the plain loops of ``in`` tests, in the old order;
- the numeral spaces of ``space_edits`` are tried only after a numeral character: the same
  positions as the pattern tried at every space.

Inputs: the seeds (both scripts), archive-like fragments and arbitrary text.
"""

from __future__ import annotations

import dataclasses
import inspect
import pickle

from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import read_seed, seed_paths
from reportmine import records
from reportmine.extractors import programs as _PROGRAMS
from reportmine.extractors.quotes import Quote
from reportmine.lexicon import Lexicon
from reportmine.normalization import repairs as rp
from reportmine.normalization.linebreaks import linebreak_edits
from reportmine.normalization.normalizer import Normalizer, _apply_deletions, _drop_overlaps
from reportmine.normalization.script import open_converter
from reportmine.text import Alignment, Repair, Text

_NORMALIZER = Normalizer()
_S2T = open_converter("s2t")
_TW2SP = Normalizer(converter="tw2sp")

FRAGMENTS = [
    "驻村帮扶",
    "貧困戶",
    "脫貧攻堅",
    "發(fā)揮",
    "聯(lián)",
    "(右二)",
    "３５",
    "１２．５％",
    "\u3000\u3000",
    " ",
    "  ",
    "\xa0",
    "\t",
    "\n",
    "\r\n",
    "\n\n",
    "2019 年",
    "5 月",
    "30 日",
    "64552.3 畝",
    "35 户",
    "7 万5 千4 百",
    "百 分之 2.4",
    "三 点 五亿",
    "10:30 ",
    "1 ",
    "，",
    "。",
    "“",
    "”",
    "《",
    "》",
    "?",
    "\ufffd",
    "ä¸­æ–‡",
    "軟體",
    "網際網路",
    "爱心超市",
    "“五个一”活动",
    "二〇一九年",
]
TEXTS = st.lists(st.one_of(st.sampled_from(FRAGMENTS), st.text(max_size=3)), max_size=40).map("".join)


def eager_repairs(n: Normalizer, raw: str) -> list[Repair]:
    """The repairs as the normalizer listed them before issue 19: every step run eagerly."""
    script, share = n.detect(raw)
    base, conv = raw, None
    if script != "unknown" and (n.script == "traditional" or (n.script == "auto" and share > 0)):
        base = n.convert(raw)
        if len(base) != len(raw):
            conv = n._phrase_alignment(raw, base)
    edits: list[rp.Edit] = []
    if "width" in n.repairs:
        base, edits = rp.fold_width(base)
    deletions: list[rp.Edit] = []
    if "pinyin" in n.repairs:
        deletions += rp.pinyin_edits(base)
    if "space" in n.repairs:
        deletions += rp.space_edits(base)
    if "linebreak" in n.repairs:
        deletions += linebreak_edits(base)
    align, normalized = conv, base
    if deletions:
        deletions = _drop_overlaps(deletions)
        d = Alignment.from_edits(len(base), [(e.start, e.end, "") for e in deletions])
        normalized = _apply_deletions(base, deletions)
        align = d if conv is None else d.compose(conv)
    out: list[Repair] = []
    for e in sorted(edits + deletions, key=lambda e: (e.start, e.end)):
        s, t = (e.start, e.end) if conv is None else conv.span_to_source(e.start, e.end)
        out.append(Repair(e.step, s, t, raw[s:t], e.after))
    if "mojibake" in n.repairs:
        for s, t in n.find_mojibake(normalized):
            s, t = (s, t) if align is None else align.span_to_source(s, t)
            out.append(Repair("mojibake", s, t, raw[s:t], raw[s:t]))
        out.sort(key=lambda r: (r.start, r.end))
    return out


def test_lazy_repairs_equal_the_eager_ones_on_the_seeds() -> None:
    for path in seed_paths():
        raw = read_seed(path)
        for text in (raw, _S2T.convert(raw)):
            assert list(_NORMALIZER(text).repairs) == eager_repairs(_NORMALIZER, text), path.name


@settings(max_examples=200, deadline=None)
@given(TEXTS)
def test_lazy_repairs_equal_the_eager_ones(raw: str) -> None:
    for n in (_NORMALIZER, _TW2SP, Normalizer(repairs=("width", "mojibake"))):
        assert list(n(raw).repairs) == eager_repairs(n, raw)


def test_a_text_pickles_before_and_after_its_repairs_are_read() -> None:
    raw = "發(fā)揮\u3000\u3000３５ 户，2019 年5 月"
    t = _NORMALIZER(raw)
    early = pickle.loads(pickle.dumps(t))
    assert early.repairs == t.repairs == pickle.loads(pickle.dumps(t)).repairs
    assert [r.step for r in t.repairs] == ["pinyin", "width", "space", "space", "space"]
    assert Text("abc", repairs=lambda: [Repair("width", 0, 1, "a", "a")]).repairs_of("width")


# -- programs ---------------------------------------------------------------------------------

_PX = _PROGRAMS.ProgramExtractor(Lexicon.load())
NAME_PIECES = [
    "爱心",
    "超市",
    "行动",
    "活动",
    "的",
    "——",
    "说",
    "表示",
    "有信心",
    "，",
    "、",
    "六大",
    "工程",
    "机制",
    "台独",
    "‘",
    "’",
    "示范",
    "积分",
    "银行",
    "把",
    "建成",
    " ",
]
NAMES = st.lists(
    st.sampled_from(NAME_PIECES),
    max_size=10,
).map("".join)


def _inner_reference(clean: str) -> str | None:
    """_inner_category as it was: the plain loops, in the old order."""
    tb = _PX._t
    if clean in tb.generic or clean.startswith(tb.lead):
        return None
    if any(w in clean for w in tb.clause):
        return None
    if len(clean) > _PROGRAMS._LONG_INNER and "的" in _PROGRAMS._outer(clean) and "——" not in clean:
        return None
    if not clean.endswith(tb.inner_cats):
        return None
    for c in tb.inner_cats:
        if clean.endswith(c) and len(clean) >= len(c) + 2 and not _PROGRAMS._SLOGAN.search(clean):
            return c
    return None


def _bare_reference(s: str, q: Quote, clean: str) -> bool:
    """_bare_ok as it was: the plain loops, in the old order."""
    tb = _PX._t
    if _PROGRAMS._SLOGAN.search(clean) or "、" in clean or " " in clean:
        return False
    if any(w in clean for w in tb.speech) or any(w in clean for w in tb.clause):
        return False
    ends = [w for w in tb.suffixes if clean.endswith(w) and len(clean) > len(w)]
    if not clean.endswith(tb.suffixes) or not ends:
        return False
    j = q.end + 1 if s.startswith("的", q.end) else q.end
    return not s.startswith(tb.after, j)


@settings(max_examples=300, deadline=None)
@given(NAMES, st.sampled_from(["", "的原则", "活动", "的", "建设"]))
def test_program_name_tests_agree_with_the_plain_loops(clean: str, after: str) -> None:
    s = "“" + clean + "”" + after
    q = Quote(0, len(clean) + 2, 0)
    assert _PX._inner_category(clean) == _inner_reference(clean)
    assert _PX._bare_ok(s, q, clean) == _bare_reference(s, q, clean)
    for words in (_PX._t.clause, _PX._t.speech + _PX._t.clause):
        pattern = _PROGRAMS._words_re(words)
        assert _PROGRAMS._holds(pattern, clean) == any(w in clean for w in words)


# -- numeral spaces ---------------------------------------------------------------------------

NUMERAL_TEXT = st.text(
    alphabet="0123456789一二三四五六七八九十百千万亿两〇零点點分之 \xa0年户。\n", max_size=40
)


@settings(max_examples=400, deadline=None)
@given(NUMERAL_TEXT)
def test_numeral_spaces_are_where_the_pattern_matches(s: str) -> None:
    at_every_space = [i for i, c in enumerate(s) if c in " \xa0" and rp._NUMERAL_SPACE.match(s, i)]
    assert sorted(rp._numeral_spaces(s)) == at_every_space


# -- facts built by the fast __init__ (records.py) ---------------------------------------------


def _fact_classes() -> list[type[records.Fact]]:
    return [c for c in vars(records).values() if isinstance(c, type) and issubclass(c, records.Fact)]


def test_every_fact_class_has_the_fast_init_with_the_dataclass_signature() -> None:
    classes = _fact_classes()
    assert len(classes) >= 18
    for cls in classes:
        assert cls.__init__ is not cls._dataclass_init  # type: ignore[attr-defined]
        assert inspect.signature(cls.__init__) == inspect.signature(cls._dataclass_init)  # type: ignore[attr-defined]


FIELD_VALUES = st.one_of(st.none(), st.integers(-3, 3), st.text(max_size=3), st.tuples(st.text(max_size=2)))


@settings(max_examples=200, deadline=None)
@given(st.data())
def test_the_fast_init_builds_what_the_dataclass_init_builds(data: st.DataObject) -> None:
    cls = data.draw(st.sampled_from(_fact_classes()))
    names = [f.name for f in dataclasses.fields(cls)]
    text = data.draw(st.text(max_size=4))
    start = data.draw(st.integers(-1, 3))
    end = data.draw(st.integers(-1, 8))
    kw = {n: data.draw(FIELD_VALUES) for n in data.draw(st.lists(st.sampled_from(names[4:]), unique=True))}
    kw.setdefault("qualifier", data.draw(st.sampled_from(["exact", "approx", "nonsense"])))

    def build(init: object) -> object:
        obj = object.__new__(cls)
        try:
            init(obj, text, start, end, 1, **kw)  # type: ignore[operator]
        except ValueError as e:
            return ("error", str(e))
        return tuple(getattr(obj, n) for n in names)

    assert build(cls.__init__) == build(cls._dataclass_init)  # type: ignore[attr-defined]
