"""Quantity facts: counts, money, areas, lengths, weights, volumes, percentages, durations.

One compiled pass over the normalized text finds every number followed by a unit or a
measure word (from the ``units`` and ``measure_words`` tables), plus fractions
(三分之一, 百分之八十), 一半, and bare amounts with 万/亿 (资金达900万, money by context).
Each match is then checked in its context — ordinals, years and dates, names and
formulas, short quoted slogans, the indefinite 一 — and becomes a typed fact with its
value, canonical unit, qualifier, range, subject, per and sentence. Offsets are mapped
back to the original text.

:meth:`QuantityExtractor._quantity` is the recipe for a number and its unit, one named step
per rule (the unit after the number, a range with the unit twice, the number, the unit's
reading, what follows the unit, what precedes the number, the fact); the context rules
are in :mod:`.rules`, the money rules in :mod:`.money`, subjects in :mod:`.subjects`.

Span: the number, its multiplier and unit, and a qualifier word touching it
(``100余万元``, ``不到500人``, ``近三分之一``, ``80%以上``, ``4个多月``). 来 after a duration
(两年来) is not part of the span.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext

import regex

from ...chars import (
    CN_BIG_UNITS,
    CN_EXACT_CHARS,
    CN_FINANCIAL_UNITS,
    CN_NUMERAL_CHARS,
    CN_ONE_TO_NINE,
    CN_SMALL_UNITS,
    CN_VAGUE,
    CN_ZEROS,
    HAN_SCRIPT,
    alternation_re,
    inside,
)
from ...lexicon import Lexicon
from ...records import (
    AreaFact,
    CountFact,
    DurationFact,
    EnergyFact,
    Fact,
    LengthFact,
    MoneyFact,
    PercentFact,
    PowerFact,
    VolumeFact,
    WeightFact,
)
from ..base import Context
from ..numbers import DECIMAL_CONTEXT, Number, NumberParser, decimal_to_value
from ..scan import Prefiltered, digit_class
from .constructions import Constructions
from .implied import ImpliedCounts
from .money import MoneyRules
from .rules import (
    ARTICLE_ONE,
    DURATION_ONE_NEXT,
    NumberContext,
)
from .subjects import SubjectFinder
from .units import Unit, UnitTable
from .words import WordSubjects, WordTagger

__all__ = ["QuantityExtractor"]

# the person figure right after a household figure (1783户4731人, 35户、73人)
FACT_CLASSES: dict[str, type[Fact]] = {
    "count": CountFact,
    "money": MoneyFact,
    "area": AreaFact,
    "length": LengthFact,
    "weight": WeightFact,
    "volume": VolumeFact,
    "percent": PercentFact,
    "duration": DurationFact,
    "power": PowerFact,  # issue 13: 光伏 installed capacity and output
    "energy": EnergyFact,
}

_Value = Decimal | int | float  # a value while it is read: Decimal after 一个半月, 1米8
_CN = CN_NUMERAL_CHARS
_MULT = CN_SMALL_UNITS + CN_FINANCIAL_UNITS + CN_BIG_UNITS
_BARE_START = frozenset("百千万亿佰仟萬億")
_REAL_DIGIT = CN_EXACT_CHARS
# atomic: no backtracking into a digit run (the regex module backtracks a repeated group in
# superlinear time, and nothing after the number starts with a digit or a comma anyway)
_AR = r"(?>\d+(?:,\d{3}(?!\d))*)(?:\.\d+)?"
# after 万/亿 the lower places in digits: 5万4千6百, 3亿4000万, 3万4000 (not a year: 10万2019年)
_MIXED = (
    r"(?:(?<=[万亿萬億])(?:\d[千百十仟佰拾]){1,3}\d?"
    r"|(?<=[亿億])\d{1,4}[万萬](?:\d[千百十]){0,3}"
    r"|(?<=[万萬])\d{3,4}(?![\d.,年]))"
)
_ARNUM = rf"{_AR}(?:[余多]?[{_MULT}]+){{0,2}}{_MIXED}?"
# a decimal in Chinese digits: 三点五亿, 十三点六万 (not 一点点, 三点钟: no digit after 点)
_CN_POINT = rf"(?:[点點][{CN_ZEROS}{CN_ONE_TO_NINE}两兩]+[{_MULT}]*)"
_CNNUM = rf"(?:[数上](?=[{_MULT}]))?[{_CN}]+{_CN_POINT}?(?:[余多][{_MULT}]+)?"
_SEP = r"(?:至|到|～|~|〜|—{1,2}|–|-|－)"
_PREFILTER = regex.compile(rf"[0-9{_CN}]")
_HAN = regex.compile(HAN_SCRIPT)
_METRE_DECIMALS = regex.compile(rf"(?:\d{{1,2}}|[{CN_ONE_TO_NINE}])(?=[^\d.%{HAN_SCRIPT}]|的|$)")
_CN_DIGIT_TABLE = str.maketrans(CN_ONE_TO_NINE, "123456789")
_MINUS_AFTER = "为是达至到长率值约降"  # 增长负3.9%, 为负2
_NOT_NUMBERS = frozenset(CN_VAGUE + CN_ZEROS + "数")  # 几个, 零件, 零售: no number
_HALF_UNITS = frozenset({"年", "月", "天", "小时", "周", "分钟"})
_CN_DIGITS_RUN = regex.compile(rf"[{CN_ONE_TO_NINE}两]{{1,3}}")  # the 一 of 七区一县
_SLASH_NOT_AFTER = frozenset("第年月日号期版页")  # 2019年3/4, 第1/2: a date or an ordinal
# the high end of a range of slash fractions: 约1/5至1/3
_SLASH_RANGE = regex.compile(r"(?:至|到|～|~|—{1,2}|-)([1-9]/(?:10|[1-9]))(?![0-9/.])")
_SLASH_NEXT = "的是为和与及或至到在用来"  # 2/3的村, 1/4是: a share goes on
_GUO_BARE = frozenset("千万亿仟萬億")  # 过万, 过千万, 过亿 (过百 is mostly a verb's 过: 考察过百余所)
_GUO_NOT = frozenset("经通不超越跨度穿做有去来见用走听看想吃闯挺熬错")  # 经过, 通过: no "over"
_YUAN_WORDS = frozenset(("元", "块", "圆", "塊"))
# 五元三毛, 50元6角三分, 3元零5分, 壹万圆整: jiao and fen after a whole amount (not 3元5分钟)
_JD = rf"[0-9{CN_ONE_TO_NINE}两]"
_JIAO_FEN = regex.compile(
    rf"(?:(?P<jiao>{_JD})[角毛](?:(?P<fen>{_JD})分(?![钟之]))?|零?(?P<fen2>{_JD})分(?![钟之]))?"
    rf"(?:整(?![{HAN_SCRIPT}]))?"
)
_INCLUDED = regex.compile(r"[(（]含[)）]")  # 1万(含)-5万元: the low end included
_RANGE_GAPS = frozenset(("-", "—", "——", "–", "~", "～", "〜", "－", "至", "到"))


def _year_patterns(before: tuple[str, ...], after: tuple[str, ...]) -> tuple[str, str]:
    """``(year, candidate)``: 1900年 … 2099年 is a year, never a quantity, unless a
    length-of-time word (``span_before`` / ``span_after`` of year_lengths.txt) comes before
    (历经2000年) or after it (2000年之久, 2000年历史, 2000年来，): those are durations, which
    NumberContext.duration_ok() decides. The candidate filter excludes a superset of the
    years the number pattern excludes (see scan.py): it looks at one character on each side.
    """
    not_before = "(?<!" + "|".join(map(regex.escape, before)) + ")" if before else ""
    not_after = "".join(regex.escape(w) + "|" for w in after) + r"来(?:[，,。、；;！!？?]|$)"
    year = not_before + r"(?:19|20)\d\d年(?!" + not_after + ")"
    after_first = re.escape("".join(sorted({w[0] for w in after} | {"来"})))
    before_last = re.escape("".join(sorted({w[-1] for w in before})))
    lead = f"[^{before_last}]" if before else ""
    candidate = (
        rf"(?<={lead}1)9\d\d年(?![{after_first}])"
        rf"|(?<={lead}2)0\d\d年(?![{after_first}])"
    )
    return year, candidate


@dataclass(slots=True)
class _Found:
    """A quantity accepted in normalized offsets, before it becomes a fact."""

    start: int  # span start (a touching qualifier word included)
    end: int  # span end
    kind: str
    value: int | float
    unit: str
    qualifier: str
    low: int | float | None
    high: int | float | None
    flags: tuple[str, ...]
    slash_per: str | None = None
    subject_noun: str | None = None


@dataclass(slots=True)
class _Doc:
    """What the pass knows about the document being read."""

    s: str  # the normalized text
    quotes: list[tuple[int, int]]  # short quoted slogans and names
    clause_q: bool  # some clause-level qualifier word (至少 …) occurs


@dataclass(slots=True)
class _Num:
    """The number part of a match: where it is and how it is written."""

    start: int  # first character (a sign included)
    end: int  # after the number (and its range end)
    text: str  # what the number parser reads: sign, number, 至, second number
    first: str  # the (first) number as written
    arabic: bool
    is_range: bool


class QuantityExtractor:
    """Finds count money area length weight volume percent duration facts.

    Built from a :class:`~reportmine.lexicon.Lexicon` with the tables ``units``,
    ``measure_words``, ``qualifiers``, ``per_words``, ``money_words``, ``number_phrases``,
    ``subject_words`` and ``people_nouns``; every table is checked when the extractor is built.
    """

    kinds: frozenset[str] = frozenset(FACT_CLASSES)

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.numbers = NumberParser(lexicon)
        self.units = UnitTable(lexicon)
        self.subjects = SubjectFinder(lexicon, self.units)
        self.constructions = Constructions()
        self.words: WordSubjects | None = None  # set by use_words (issue 20)
        self._seen_text: str | None = None  # the text of _seen: the subjects so far (issue 20)
        self._seen: list[tuple[int, str | None]] = []
        q = self.numbers.qualifiers
        self._pre_q = q.pre
        self._pre_q_max = max(map(len, q.pre), default=0)
        self._post_q = q.post
        self._post_q_max = max(map(len, q.post), default=0)
        self._pre_q_last = frozenset(w[-1] for w in q.pre)
        self._post_q_first = frozenset(w[0] for w in q.post)
        self._clause_q = alternation_re(q.clause)
        self._clause_words = q.clause
        self.money = MoneyRules(self.units, self.subjects, lexicon)
        self.rules = NumberContext(lexicon, self.subjects)
        self.implied = ImpliedCounts(lexicon, self.units, self.subjects, [*q.pre, *q.clause])
        year, self._year_candidate = _year_patterns(self.rules.span_before, self.rules.span_after)
        self._parsed: dict[str, Number | None] = {}
        # stage 1: numbers that a unit, a qualifier or 万/亿 may follow (a short look-ahead);
        # a four-digit year before 年 is never one
        ahead = self.units.lookahead("余多来")[:-1] + "|(?<=[万亿萬億][余多]?))"
        self._re = regex.compile(
            rf"""
            (?<![0-9{_CN}])(?P<frac>(?:[{_CN}]+|\d+)分之(?:[{_CN}]+(?:[点點][{_CN}]+)?|\d+(?:\.\d+)?))
            |(?<![{_CN}])(?P<half>一半)
            |(?<![0-9A-Za-z.])(?!(?<=\d,)\d{{3}}(?!\d))(?!{year})(?P<neg>负|[-−－](?=\d))?(?P<ar>{_ARNUM})
                (?:{_SEP}(?P<ar2>{_ARNUM}))?[余多]?{ahead}
            |(?<![{_CN}]){ARTICLE_ONE}(?P<cn>{_CNNUM})(?:[至到](?P<cn2>{_CNNUM}))?[余多]?{ahead}
            |(?<![0-9./A-Za-z:])(?P<slash>[1-9]/(?:10|[1-9]))(?![0-9/.])
            """,
            regex.VERBOSE,
        )
        self._num_at = regex.compile(rf"(?:{_ARNUM}|{_CNNUM})")
        self._search = Prefiltered(self._re, self._candidates()).search

    def _candidates(self) -> re.Pattern[str]:
        """Where ``self._re`` may start a match (a necessary condition, see :mod:`.scan`).

        A match starts at a digit, a Chinese numeral, 数/上 before a multiplier, or a minus
        sign, where the pattern's look-behind allows it (not at a year: 2019年; after a
        decimal point or a letter only a fraction: .5分之一). Every character it consumes is
        one of ``run``, and a ``hint`` lies inside it or right after it: where a unit may
        start (the number pattern's own look-ahead), 万/亿, 分之 or 半 (一半). The hint is
        looked for within 40 characters; a longer run of number characters is always a
        candidate. One leading character class lets the search skip other text fast.
        """
        esc = re.escape
        cn = esc(_CN)
        dig = digit_class()  # what the pattern's \d matches, and more
        run = dig + esc("".join(sorted(set(_CN + "数上负-−－,.余多至到～~〜—–分之点點半/"))))
        units = self.units.units
        single = {f for f in units if len(f) == 1} | set("余多来万亿萬億半/")
        pairs = sorted({f[:2] for f in units if len(f) > 1 and f[0] not in single} | {"分之"})
        hint = "(?:[" + esc("".join(sorted(single))) + "]|" + "|".join(map(esc, pairs)) + ")"
        first = dig + esc("".join(sorted(set(_CN + "数上负-−－"))))
        starts = (
            # frac, ar: not after a digit; ar not at a year; after . or a letter a fraction only
            rf"(?<=[{dig}])(?<![0-9].)(?:(?<![.A-Za-z].)(?!{self._year_candidate})|(?=[{dig}]*分之))",
            rf"(?<=[{cn}])(?<![{cn}].)",  # frac, half, cn: not after a numeral
            rf"(?<=[数上])(?<![{cn}].)(?=[{esc(_MULT)}])",  # cn
            rf"(?<=[负\-−－])(?<![0-9A-Za-z.].)(?:(?<=负)|(?=[{dig}]))",  # ar with a sign
        )
        return re.compile(
            rf"[{first}](?:{'|'.join(starts)})"
            rf"(?:(?<=[万亿萬億])|(?=[{run}]{{0,40}}?{hint}|[{run}]{{41}}))"
        )

    def use_words(self, tagger: WordTagger | None) -> None:
        """Put subjects on word boundaries with ``tagger`` (the segmenter's words and tags of a
        short string, see :mod:`.words`); ``None``: on characters only. The pipeline sets it."""
        per_words = frozenset(self.subjects.per_words)
        verbs = self.subjects.verbs
        self.words = WordSubjects(tagger, per_words, verbs) if tagger is not None else None

    # -- the pass ----------------------------------------------------------------------------------

    def find_kinds(self, ctx: Context, kinds: Iterable[str] | None) -> Iterator[Fact]:
        """Yield the quantity facts of ``kinds`` only (every kind when ``None``), in the order
        of :meth:`find`. (Issue 19 built a cheaper pass that makes no fact of the other kinds;
        it was written against the subject rules before issue 20 and waits to be redone on
        them: this is its reference, which ``tests/test_quantity_kinds.py`` checks.)"""
        if kinds is None:
            yield from self.find(ctx)
            return
        wanted = frozenset(kinds)
        yield from (f for f in self.find(ctx) if f.kind in wanted)

    def find(self, ctx: Context) -> Iterator[Fact]:
        """Yield the quantity facts of ``ctx`` with original offsets."""
        s = ctx.s
        if not _PREFILTER.search(s):
            return
        doc: _Doc | None = None
        prev: _Found | None = None
        last_subject: str | None = None
        pos = 0
        search = self._search
        spans: list[tuple[int, int]] = []
        while (m := search(s, pos)) is not None:
            if prev is not None and m.start() < prev.end:
                pos = prev.end  # inside the fact just read: 三万元以上十万元以下 (上十万 is no number)
                continue
            pos = m.end()
            if doc is None:
                doc = _Doc(s, self.rules.quotes(s), self._clause_q.search(s) is not None)
            found = self._read(m, doc, prev)
            if found is None:
                continue
            floor = prev.end if prev is not None else 0
            fact = self._fact(ctx, found, floor, prev, last_subject)
            prev, last_subject = found, fact.subject
            spans.append((found.start, found.end))
            yield fact
        yield from self._plain_counts(ctx, spans)

    def _plain_counts(self, ctx: Context, spans: list[tuple[int, int]]) -> Iterator[Fact]:
        """Plain numbers counted by the people noun before them (贫困人口3200，), where no
        quantity of the pass lies (``spans``, in order): see :meth:`.ImpliedCounts.plain`."""
        s = ctx.s
        for start, end, value, unit in self.implied.plain(s):
            k = bisect.bisect_left(spans, (end, end))
            if k and spans[k - 1][1] > start:
                continue  # 贫困人口由3200减少到1200人: read by the pass already
            start, qualifier = self._touching_qualifier(s, start, "exact")  # 约3200
            flags = ("implied_unit",)
            found = _Found(start, end, "count", value, unit.canonical, qualifier, None, None, flags)
            yield self._fact(ctx, found, 0)

    def _read(self, m: regex.Match[str], doc: _Doc, prev: _Found | None) -> _Found | None:
        """The quantity a match of the pass makes, by the group that matched: an Arabic
        number (3.5万元, -3.9%, 3-5人; no ordinal or code: 第3, 0451; 负 after a verb is no
        minus: 减负140亿元), a Chinese one (三万元, 两到三年; not 几个, 零件), a fraction
        (三分之一) or 一半."""
        frac, _half, neg, ar, ar2, cn, cn2, slash = m.groups()
        if ar is not None:
            ns = m.start(3) if neg else m.start(4)
            if not self.rules.arabic_ok(doc.s, ns, ar):
                return None  # 第3, No.5, 0451: an ordinal or a code
            text = (neg or "") + ar + ("至" + ar2 if ar2 else "")
            n = _Num(ns, m.end(5) if ar2 else m.end(4), text, ar, True, ar2 is not None)
            if neg == "负":
                n = _without_false_minus(doc.s, n)
            return self._quantity(n, doc, prev)
        if cn is not None:
            if cn in _NOT_NUMBERS:
                return None  # 几个, 零件, 零售: no number
            text = cn + ("至" + cn2 if cn2 else "")
            n = _Num(m.start(6), m.end(7) if cn2 else m.end(6), text, cn, False, cn2 is not None)
            return self._quantity(n, doc, prev)
        if frac is not None:
            return self._fraction(m, doc.s, doc.quotes)
        if slash is not None:
            return self._slash(m, doc.s, doc.quotes)
        return self._half(m, doc.s, doc.quotes)

    def _fact(
        self, ctx: Context, f: _Found, floor: int, prev: _Found | None = None, prev_subject: str | None = None
    ) -> Fact:
        """The fact of ``f``: its subject (the previous figure's in a change or a comparison:
        贫困发生率由26.3%降至0.5%), its per, its sentence and original offsets."""
        s = ctx.s
        a = self.subjects.clause_start(s, f.start, floor)
        subject = f.subject_noun
        if subject is None:
            # a time phrase right before the figure is no part of its subject: 贫困发生率由
            # 2014年的26.3% → 贫困发生率
            before = self.subjects.time_before(s, f.start, floor)
            if before < f.start:
                a = self.subjects.clause_start(s, before, floor)
            if (
                prev is not None
                and prev_subject
                and (
                    (prev.kind == f.kind and self.subjects.is_change(s, prev.end, before))
                    or self.subjects.is_comparison(s, prev.end, before)
                )
            ):
                # 贫困发生率由26.3%降至0.5%: 0.5% measures the same; 生产总值5000亿元，同比增长
                # 6.5%: the growth of the same
                subject = prev_subject
            else:
                subject = self._subject(s, f, (a, before), prev, prev_subject)
        per = None
        if f.kind not in ("percent", "duration"):
            per = self.subjects.per(s, f.start, a, f.slash_per)
        os_, oe, otext = ctx.span(f.start, f.end)
        return FACT_CLASSES[f.kind](
            text=otext,
            start=os_,
            end=oe,
            value=f.value,
            unit=f.unit,
            qualifier=f.qualifier,  # type: ignore[arg-type]
            low=f.low,
            high=f.high,
            subject=subject,
            per=per,
            sentence=ctx.sentence(f.start),
            doc_id=ctx.doc_id,
            flags=f.flags,
            purpose=self.constructions.purpose(s, f.start, f.end) if f.kind == "money" else None,
        )

    def _subject(
        self, s: str, f: _Found, at: tuple[int, int], prev: _Found | None, prev_subject: str | None
    ) -> str | None:
        """:meth:`_subject_of`, remembered for the compared lists after it (issue 20)."""
        if s is not self._seen_text:
            self._seen_text, self._seen = s, []
        subject = self._subject_of(s, f, at, prev, prev_subject)
        self._seen.append((f.start, subject))
        return subject

    def _subject_of(
        self, s: str, f: _Found, at: tuple[int, int], prev: _Found | None, prev_subject: str | None
    ) -> str | None:
        """The subject of ``f`` whose clause starts at ``at[0]`` and whose text before it ends
        at ``at[1]``: by construction first (pairs, 分别 lists, shares, gaps; see
        :mod:`.constructions`), else the clause's noun (:mod:`.subjects`) put on word
        boundaries (:mod:`.words`)."""
        a, before = at
        c = self.constructions
        decided, subject = self._constructed(s, f, at, prev, prev_subject)
        if decided:
            return subject
        subject = self.subjects.subject(s, f.kind, f.start, f.end, a, before)
        subject = self._on_words(s, f, (a, before, f.end), subject, s)
        if f.unit == "户":
            # 1783户4731人退出贫困户, 全镇1034户3560人贫困户; 全村共有耕地170亩,157户462人
            subject = c.households(s, f.end, subject, self.subjects.head_after, a == before, a)
        side_by_side = prev is not None and prev.unit != f.unit and s[prev.end : f.start] in ("", "、")
        if subject is None and side_by_side:
            return prev_subject  # 种植油松19.3亩、9400株; 白皮松共17亩36600株: one noun
        return subject

    def _constructed(
        self, s: str, f: _Found, at: tuple[int, int], prev: _Found | None, prev_subject: str | None
    ) -> tuple[bool, str | None]:
        """``(True, subject)`` when a construction of :mod:`.constructions` decides the subject
        of ``f`` (pairs, compared and 分别 lists, 其中, shares, gaps), else ``(False, None)``."""
        a, before = at
        c = self.constructions
        paired = c.pair(s, prev.end, prev.unit, f.start, f.unit, prev_subject) if prev else None
        if paired:
            return True, paired  # 贫困户42户96人 → 贫困人口
        compared = c.compared(s, f.start, self._seen)
        if compared:
            return True, compared  # 出口总量366万吨，分别比1996年增长944.8%、171.1%
        listed = c.listed(s, f.start)
        if listed:
            # 贫困户、贫困人口分别为1200户、3500人; the item's noun (中国进口商品和服务将 → 服务)
            noun = self.subjects.noun_before(listed, len(listed), 0) or listed
            return True, self._on_words(s, f, (0, len(listed), 0), noun, listed)
        if prev is not None and prev_subject and c.follows(s, a, before, prev.start):
            return True, prev_subject  # 其中一半以上; 比1996年的15.5%; 累计减少8239万人
        shared, cut = c.share(s, a, before, prev_subject)
        if not shared:
            shared, cut = c.gap(s, f.start, f.end)
        if not shared:
            return False, None
        # 全县贫困人口占全省的46% → 贫困人口; ，占粮食总产量的90% → the previous figure's
        ca = self.subjects.clause_start(s, cut)
        if ca == cut and (rate := c.rate_compared(s, cut)) is not None:
            return True, rate  # ，比贫困地区增速高0.1个百分点 → 贫困地区增速
        part = self.subjects.noun_before(s, cut, ca) if ca < cut else None
        return True, self._on_words(s, f, (ca, cut, cut), part, s) or prev_subject

    def _on_words(
        self, s: str, f: _Found, span: tuple[int, int, int], subject: str | None, text: str
    ) -> str | None:
        """``subject`` on word boundaries of ``text`` (``s``, or a list item: ``span`` is then
        in the item) when the pipeline gave a word tagger."""
        if self.words is None:
            return subject
        return self.words.refine(text, f.kind, f.unit, span, subject)

    def _parse(self, text: str) -> Number | None:
        """Parse with a per-extractor cache (numbers repeat a lot)."""
        try:
            return self._parsed[text]
        except KeyError:
            pass
        n = self.numbers.parse(text)
        if len(self._parsed) < 50_000:
            self._parsed[text] = n
        return n

    # -- a number and what follows it --------------------------------------------------------------

    def _quantity(self, n: _Num, doc: _Doc, prev: _Found | None) -> _Found | None:
        """A number and the unit after it as a quantity, or ``None`` when the context says
        it is none. The recipe, step by step:

        1. the unit after the number, past 余/多/来 (10余人, 十来个); with none, perhaps
           money without a unit (资金达900万);
        2. a Chinese numeral is no word, ordinal or article (统一, 第三, 一个早晨);
        3. a range may write the unit twice (3万元至5万元);
        4. the number: in no name or slogan (两个维护), no bare multiplier (百人, 成千上万);
        5. the unit read: 块 as yuan (卖5块5), 3千米 (公里); a year is no duration (2019年);
        6. after the unit: 4个多月, 一个半月, a qualifier word (80%以上), 一年半, 1米8, 5块5;
           no place name or formula (八家子, 五个一);
        7. before the number: a qualifier word (近500人, 至少), the currency (港币3亿元);
        8. the fact: per after a slash (600元/亩), scale (3公顷), flags.
        """
        s = doc.s
        mid, pos, hit = self._unit_after(s, n)
        if hit is None:
            return self._bare(n, s, pos, doc.quotes, prev)
        unit, ue = hit
        if not n.arabic and not (
            self.rules.chinese_ok(s, n.start, n.first, unit, ue, _last(prev))
            or self._place_after_place(n, unit, prev)
        ):
            return None  # 统一, 第三, 一个早晨
        n, text, unit, ue, unit_text = self._unit_range(s, n, n.text + mid, unit, ue, s[pos:ue])
        text, unit = self._kilowatt(n, mid, text, unit, unit_text)  # 10万千瓦: 10万 × 千瓦
        number = self._number(s, n, text, mid, unit, ue, doc.quotes)
        if number is None:
            return None
        kuai = unit.canonical == "块" and self.money.kuai_is_money(s, n.start, ue)
        if kuai:
            unit = self.money.yuan  # 挣3000多块, 卖5块5, 五万块扶贫款: 块 is yuan in speech
        elif unit_text in ("米", "克"):
            unit, number = self._kilo(n, mid, text, unit, unit_text, number)  # 3千米, 5千克
        if unit.kind == "duration" and not self.rules.duration_ok(s, n.start, ue, number, unit):
            return None  # 2019年, 19年5月: a year or a date
        value, qualifier, ne = self._after_unit(s, n, ue, unit, unit_text, kuai, number)
        if not (self.rules.after_unit_ok(s, ne, unit, unit_text, n.arabic) or self._place_next(s, ne, unit)):
            return None  # 八家子, 五个一, 一家一户
        start, qualifier, unit = self._before_number(s, n.start, qualifier, unit, doc, prev)
        return self._found(s, start, ne, unit, unit_text, value, qualifier, number)

    def _place_next(self, s: str, ne: int, unit: Unit) -> bool:
        """True when an administrative unit is followed by another count of one: 七区一县,
        四省六县 (where 五个一, 一家一户 stop the first count)."""
        if not unit.place:
            return False
        m = _CN_DIGITS_RUN.match(s, ne)
        if m is None:
            return False
        hit = self.units.match(s, m.end(), arabic=False)
        return hit is not None and hit[0].place

    def _place_after_place(self, n: _Num, unit: Unit, prev: _Found | None) -> bool:
        """一 after an administrative unit, as the second count of an enumeration: the 一县 of
        七区一县 (not an article)."""
        if not unit.place or prev is None or prev.end != n.start or prev.kind != "count":
            return False
        before = self.units.lookup(prev.unit)
        return before is not None and before.place

    def _unit_after(self, s: str, n: _Num) -> tuple[str, int, tuple[Unit, int] | None]:
        """The unit after the number: ``(mid, pos, hit)``, where ``mid`` is a 余/多/来 read
        between them (10余人, 3000多块, 十来个), ``pos`` where the unit starts (or, when
        there is none, where the number ends) and ``hit`` the unit and its end."""
        pos = n.end
        mid = s[pos] if pos < len(s) and s[pos] in "余多来" else ""
        if mid and not (mid == "多" and s.startswith("多万", pos)):
            pos += 1
        hit = self.units.match(s, pos, arabic=n.arabic)
        if hit is None and mid:
            return "", pos - 1, None
        return mid, pos, hit

    def _unit_range(
        self, s: str, n: _Num, text: str, unit: Unit, ue: int, unit_text: str
    ) -> tuple[_Num, str, Unit, int, str]:
        """A range written with the unit twice: 3万元至5万元, 3%-5%, 1万元(含)-5万元 (one range
        3至5, the second unit's end). Returns the number, its text, the unit, its end and its text,
        unchanged when no second number in the same unit follows."""
        incl = _INCLUDED.match(s, ue) if ue < len(s) and s[ue] in "(（" else None
        sep = incl.end() if incl is not None else ue  # 1万元(含)-5万元
        if n.is_range or sep >= len(s) or s[sep] not in "至到-—–~～〜－":
            return n, text, unit, ue, unit_text
        m2 = self._num_at.match(s, sep + (2 if s.startswith("——", sep) else 1))
        if m2 is None or m2.group()[0].isdigit() != n.arabic:
            return n, text, unit, ue, unit_text
        hit2 = self.units.match(s, m2.end(), arabic=n.arabic)
        if hit2 is None or hit2[0].canonical != unit.canonical:
            return n, text, unit, ue, unit_text
        text = n.text + "至" + m2.group()
        n = _Num(n.start, m2.end(), text, n.first, n.arabic, True)
        return n, text, hit2[0], hit2[1], s[m2.end() : hit2[1]]

    def _number(
        self, s: str, n: _Num, text: str, mid: str, unit: Unit, ue: int, quotes: list[tuple[int, int]]
    ) -> Number | None:
        """The number read from ``text`` (before ``unit``, which ends at ``ue``); ``None`` in a
        name, formula or quoted slogan (两个维护, 一带一路, “两不愁、三保障”), when it overflows
        or when it is a bare multiplier (百人, 成千上万)."""
        if (not n.arabic and self.rules.in_phrase(s, n.start, ue)) or inside(quotes, n.start, ue):
            return None
        number = self._parse(text)
        if number is None or "overflow" in number.flags:
            return None
        if not n.arabic and self._vague(s, n, mid, unit):
            return None
        return number

    def _vague(self, s: str, n: _Num, mid: str, unit: Unit) -> bool:
        """True for a Chinese multiplier that names no number: a bare 百/千/万/亿 is one only
        with a qualifier (百余人, 近亿元, 上万元), as an amount of money (千万元) or in a range;
        成千上万 and 成百上千 are none."""
        if n.first[0] in _BARE_START and unit.place:
            return True  # 超千亿省份: a bare 千亿 counts no provinces
        if n.first[0] in _BARE_START and not (
            mid in ("余", "多")
            or self._touching_pre(s, n.start)[1] != "exact"
            or (len(n.first) >= 2 and unit.kind == "money")
            or n.is_range
        ):
            return True  # 百人, 万人: a bare multiplier
        return n.first.startswith("上") and s[n.start - 1 : n.start] in ("千", "百")  # 成千上万, 成百上千

    def _kilo(
        self, n: _Num, mid: str, text: str, unit: Unit, unit_text: str, number: Number
    ) -> tuple[Unit, Number]:
        """千米/千克 after a number is the unit, not the multiplier: 3千米 → 3 公里, 5千克 → 5 公斤."""
        if n.first.endswith("千") and not mid and not n.is_range:
            k = self.units.lookup("千" + unit_text)
            reparsed = self._parse(text[:-1])
            if k is not None and reparsed is not None:
                return k, reparsed
        return unit, number

    def _kilowatt(self, n: _Num, mid: str, text: str, unit: Unit, unit_text: str) -> tuple[str, Unit]:
        """千瓦/千瓦时 after a number is the unit (issue 13): 10万千瓦 → 100000 千瓦, where
        the number alone would read 10万千, which is no number; 五千瓦 → 5 千瓦."""
        if unit_text.startswith("瓦") and n.first.endswith("千") and not mid and not n.is_range:
            k = self.units.lookup("千" + unit_text)
            if k is not None and self._parse(text[:-1]) is not None:
                return text[:-1], k
        return text, unit

    def _after_unit(
        self, s: str, n: _Num, ue: int, unit: Unit, unit_text: str, kuai: bool, number: Number
    ) -> tuple[_Value, str, int]:
        """What the unit and the words right after it add to the number: the value, the
        qualifier and where the span ends. 多/半 inside the unit (4个多月: over; 一个半月: 1.5),
        a qualifier word (80%以上, 100万元左右, 4年多), 半 after a unit of time (一年半), a
        decimal part of a whole number (1米8, 69米34, 5块5)."""
        value: _Value = number.value
        qualifier = number.qualifier
        if len(unit_text) > 2:
            value, qualifier = _ge_filler(unit_text, number)
        ne = ue
        post = self._post_word(s, ue)
        if post in ("多", "余") and unit.kind != "duration":
            post = ""  # 3个多功能厅: 多 starts the next word (4年多 is over 4 years)
        if post:
            q = self._post_q[post]
            if q != "exact" and qualifier == "exact":
                qualifier = q  # 80%以上, 100万元左右
            ne += len(post)
        if unit.kind == "duration":
            value, ne = _half_after(s, ne, unit, value)
        elif not post and not n.is_range:
            value, ne = self._parts_after(s, ne, unit, unit_text, kuai, number, value)
        return value, qualifier, ne

    def _parts_after(
        self, s: str, ne: int, unit: Unit, unit_text: str, kuai: bool, number: Number, value: _Value
    ) -> tuple[_Value, int]:
        """What a whole number's unit may be followed by: 半 after 成 (三成半 = 35%), 角/毛
        and 分 after 元 (五元三毛, 50元6角三分, 壹万圆整), a decimal part (5块5, 1米8)."""
        if unit_text == "成" and s.startswith("半", ne):
            return _add(Decimal(str(value)), Decimal("0.5")), ne + 1  # 三成半: 3.5成 = 35%
        if unit.canonical == "元" and unit_text in _YUAN_WORDS:
            value, end = _jiao_fen(s, ne, number, value)  # 五元三毛, 50元6角三分, 壹万圆整
            if end != ne or not kuai:
                return value, end
        if kuai or unit_text == "米":
            return self._decimal_part(s, ne, unit, unit_text, kuai, number, value)  # 5块5, 1米8
        return value, ne

    def _decimal_part(
        self, s: str, ne: int, unit: Unit, unit_text: str, kuai: bool, number: Number, value: _Value
    ) -> tuple[_Value, int]:
        """A decimal part written after the unit of a whole number: 1米8, 69米34 (metres),
        5块5 (yuan and jiao). The value and where the span ends."""
        if not isinstance(number.value, int):
            return value, ne
        if unit.canonical == "米" and unit_text == "米":
            dm = _METRE_DECIMALS.match(s, ne)
        elif kuai:
            dm = self.money.jiao(s, ne)
        else:
            return value, ne
        if dm is None:
            return value, ne
        return _add(Decimal(number.value), Decimal("0." + dm.group().translate(_CN_DIGIT_TABLE))), dm.end()

    def _before_number(
        self, s: str, ns: int, qualifier: str, unit: Unit, doc: _Doc, prev: _Found | None
    ) -> tuple[int, str, Unit]:
        """What the words before the number at ``ns`` add: where the span starts, the
        qualifier and the unit. A qualifier word touching the number starts the span (近500人,
        超过3万元; over and under win over the number's own), else one earlier in the clause
        sets the qualifier (至少 …); a currency before an amount in 元 is its currency
        (港币3亿元)."""
        start = ns
        qw, q = self._touching_pre(s, ns)
        if qw:
            if q != "exact":
                if qualifier == "exact" or q in ("over", "under"):
                    qualifier = q
                start = ns - len(qw)
        elif qualifier == "exact" and doc.clause_q:
            qualifier = self._clause_qualifier(s, ns, prev) or qualifier
        if unit.canonical == "元":
            unit = self.money.currency_before(s, start, unit)  # 新台币5000万元, 港币3亿元
        return start, qualifier, unit

    def _found(
        self,
        s: str,
        start: int,
        ne: int,
        unit: Unit,
        unit_text: str,
        value: _Value,
        qualifier: str,
        number: Number,
    ) -> _Found | None:
        """The quantity at ``[start, ne)``: a unit after a slash is its per (600元/亩 → 亩; not
        after a percent), its value is scaled to the canonical unit (3公顷, 5千克; ``None`` on
        overflow), its flags are the number's and ``points`` (3个百分点)."""
        slash_per = None
        if s.startswith("/", ne) and unit.kind != "percent":
            hit = self.units.match(s, ne + 1, arabic=False)
            if hit is not None:
                slash_per = hit[0].canonical
                ne = hit[1]
        flags = [f for f in number.flags if f != "digits"] if number.flags else []
        if unit.kind == "percent" and unit_text.endswith("百分点"):
            flags.append("points")  # 3个百分点
        if unit.factor == 1 and not isinstance(value, Decimal):
            v, low, high = value, number.low, number.high  # nothing to scale (most facts)
        else:
            v, low, high, over = _scale(value, number, unit.factor)
            if over:
                return None
        return _Found(
            start=start,
            end=ne,
            kind=unit.kind,
            value=v,
            unit=unit.canonical,
            qualifier=qualifier,
            low=low,
            high=high,
            flags=tuple(dict.fromkeys(flags)) if flags else (),
            slash_per=slash_per,
            subject_noun=unit.form if unit.noun else None,
        )

    def _post_word(self, s: str, pos: int) -> str:
        """The qualifier word starting at ``pos`` (longest): 以上, 左右, 多; not the 上下 of 上下游."""
        if s[pos : pos + 1] not in self._post_q_first:
            return ""
        for k in range(self._post_q_max, 0, -1):
            w = s[pos : pos + k]
            if len(w) == k and w in self._post_q:
                if w == "上下" and s[pos + 2 : pos + 3] in ("游", "班", "楼", "级", "文", "功"):
                    continue
                return w
        return ""

    # -- qualifier words ----------------------------------------------------------------------------

    def _touching_pre(self, s: str, ns: int) -> tuple[str, str]:
        """The qualifier word that ends right before ``ns`` (longest), and its qualifier; 过
        before a bare 千/万/亿 is "over" (过万元, 收入过亿; not 经过, 通过, 做过, 考察过百余所)."""
        if ns and s[ns - 1] == "过" and s[ns : ns + 1] in _GUO_BARE and s[ns - 2 : ns - 1] not in _GUO_NOT:
            return "过", "over"
        if not ns or s[ns - 1] not in self._pre_q_last:
            return "", "exact"
        for k in range(min(self._pre_q_max, ns), 0, -1):
            w = s[ns - k : ns]
            q = self._pre_q.get(w)
            if q is not None:
                return w, q
        return "", "exact"

    def _touching_qualifier(self, s: str, ns: int, qualifier: str) -> tuple[int, str]:
        """A qualifier word touching the number starts the span and sets the qualifier (近三分之一,
        约900万); where the span starts and the qualifier."""
        qw, q = self._touching_pre(s, ns)
        if qw and q != "exact":
            return ns - len(qw), q
        return ns, qualifier

    def _clause_qualifier(self, s: str, ns: int, prev: _Found | None) -> str | None:
        """The qualifier of the last clause-level word (至少, 超过 …) earlier in the clause of the
        number at ``ns`` (after the previous quantity), if it is not ``exact``."""
        a = self.subjects.clause_start(s, ns, prev.end if prev is not None else 0)
        found = None
        for qm in self._clause_q.finditer(s, a, ns):
            found = self._clause_words[qm.group()]
        return found if found and found != "exact" else None

    # -- other forms -------------------------------------------------------------------------------

    def _fraction(self, m: regex.Match[str], s: str, quotes: list[tuple[int, int]]) -> _Found | None:
        """A fraction is a percentage: 三分之一, 百分之八十, 近三分之一."""
        ns, ne = m.start("frac"), m.end("frac")
        if not self._fraction_is_share(s, ns, ne, quotes):
            return None
        number = self._parse(m.group("frac"))
        if number is None or not number.percent or "overflow" in number.flags:
            return None
        return self._simple_percent(s, ns, ne, number)

    def _fraction_is_share(self, s: str, ns: int, ne: int, quotes: list[tuple[int, int]]) -> bool:
        """True unless the fraction at ``[ns, ne)`` continues a number or an ordinal (第三分之一),
        lies in a name or a quoted slogan, or is a fraction of a unit (千分之一度, 三分之一个)."""
        before = s[ns - 1 : ns] if ns else ""
        if before and (before in _CN or before.isdigit() or before == "第"):
            return False
        if inside(quotes, ns, ne) or self.rules.in_phrase(s, ns, ne):
            return False
        # 千分之一度, 三分之一个: a fraction of a unit, not a percentage
        return not (s[ne : ne + 1] in ("度", "秒") or self.units.match(s, ne, arabic=False) is not None)

    def _slash(self, m: regex.Match[str], s: str, quotes: list[tuple[int, int]]) -> _Found | None:
        """A slash fraction as a share, in percent: 2/3以上 (66.67, over), 近3/4 (75), 占1/4 (25);
        two joined by 至 are one range (约1/5至1/3 → 20–33.33, approx).
        Only a proper fraction of one digit over at most 10, not in a date or a label (2019年
        3/4, 第1/2, 1/4决赛: a Han word other than a share's follows), nor in a quote."""
        ns, ne = m.start("slash"), m.end("slash")
        a, _, b = m.group("slash").partition("/")
        if int(a) >= int(b) or inside(quotes, ns, ne) or s[ns - 1 : ns] in _SLASH_NOT_AFTER:
            return None  # 3/2, 2019年3/4, 第1/2
        nxt = s[ne : ne + 1]
        if nxt and _HAN.match(nxt) and not (self._post_word(s, ne) or nxt in _SLASH_NEXT):
            return None  # 1/4决赛, 1/2页: a label, not a share
        number = self._parse(m.group("slash"))
        if number is None:
            return None
        r = _SLASH_RANGE.match(s, ne)
        high = self._parse(r.group(1)) if r is not None else None
        if r is None or high is None or not number.value < high.value < 100:
            return self._simple_percent(s, ns, ne, number)
        found = self._simple_percent(s, ns, r.end(), number)  # 约1/5至1/3: one range, 20–33.3
        found.low, found.high = number.value, high.value
        return found

    def _half(self, m: regex.Match[str], s: str, quotes: list[tuple[int, int]]) -> _Found | None:
        """一半 is 50 percent when it is a share (占一半, 一半以上), not "half of"."""
        ns, ne = m.start("half"), m.end("half")
        if not self._half_is_share(s, ns, ne) or inside(quotes, ns, ne):
            return None
        return self._simple_percent(s, ns, ne, Number(50, percent=True))

    def _half_is_share(self, s: str, ns: int, ne: int) -> bool:
        """True when 一半 at ``[ns, ne)`` is a share: after 占/达/有/是 (占一半) or with a qualifier
        word (一半以上, 近一半); not after a numeral or prefix (十一半, 多一半, 大一半)."""
        before = s[ns - 1 : ns] if ns else ""
        if before and (before in _CN or before in self.rules.prefix1 or before in ("多", "大", "小")):
            return False
        if before in ("占", "达", "有", "是"):
            return True
        post = self._post_word(s, ne)
        return (post != "" and post not in ("多", "余")) or self._touching_pre(s, ns)[1] != "exact"

    def _simple_percent(self, s: str, ns: int, ne: int, number: Number) -> _Found:
        """A percent fact of a fraction or 一半 with the qualifier words around it (三分之一以上)."""
        qualifier = number.qualifier
        post = self._post_word(s, ne)
        if post and post not in ("多", "余"):
            q = self._post_q[post]
            if q != "exact":
                qualifier = q
            ne += len(post)
        start, qualifier = self._touching_qualifier(s, ns, qualifier)
        return _Found(
            start, ne, "percent", number.value, "%", qualifier, number.low, number.high, number.flags
        )

    def _bare(
        self, n: _Num, s: str, ne: int, quotes: list[tuple[int, int]], prev: _Found | None = None
    ) -> _Found | None:
        """An amount with 万/亿 and no unit: the unit written once after a range or a change
        (1万(含)-5万元, 从700万左右减少到了48万人), money when the clause names money
        (资金达900万), else a count of the people or households next to it (947万贫困群众)."""
        ns = n.start
        if not self._bare_amount(n, s, ne):
            return None
        if inside(quotes, ns, ne) or self.rules.in_phrase(s, ns, ne):
            return None  # 两个维护, “一户一策”: a name or a slogan
        later = self._unit_later(n, s, ne)
        if later is not None:
            return later
        mark = s[ne - 1 : ne]
        text = n.text + (mark if mark in ("余", "多") and not n.text.endswith(mark) else "")
        number = self._parse(text)
        if number is None or "overflow" in number.flags:
            return None
        start, qualifier = self._touching_qualifier(s, ns, number.qualifier)
        if self._changes_bare(s, start, prev):
            assert prev is not None  # 资金由500万增加到800万: the kind and unit of the figure before
            flag = "no_unit" if prev.kind == "money" else "implied_unit"
            return _Found(
                start, ne, prev.kind, number.value, prev.unit, qualifier, number.low, number.high,
                (*number.flags, flag),
            )
        if self.money.no_unit_is_money(s, ns, ne) or self.money.paid_is_money(s, ns, ne):
            return _Found(
                start, ne, "money", number.value, "元", qualifier, number.low, number.high,
                (*number.flags, "no_unit"),
            )
        return self._implied_count(s, start, ne, qualifier, number, prev)

    def _implied_count(
        self, s: str, start: int, ne: int, qualifier: str, number: Number, prev: _Found | None
    ) -> _Found | None:
        """A bare amount as a count of people or households (flag ``implied_unit``): a noun of
        ``people_nouns`` after it (947万贫困群众) or linked before it (贫困人口9899万), or the
        unit of the figure it changes from (贫困人口由9899万减少到551万)."""
        noun: str | None = None
        post = self._post_word(s, ne)
        if post:  # 8亿多饥饿人口, 1000万左右建档立卡贫困人口, 1000万以上
            q = self._post_q[post]
            if q != "exact" and qualifier == "exact":
                qualifier = q
            ne += len(post)
        after = self.implied.after(s, ne)
        if after is not None:
            unit, noun = after
        else:
            before = self.implied.before(s, start)
            if before is None:
                return None  # 全市人均耕地达900万, 农民种植面积3万: nothing counted
            unit = before
        flags = (*number.flags, "implied_unit")
        return _Found(
            start, ne, "count", number.value, unit.canonical, qualifier, number.low, number.high, flags,
            subject_noun=noun,
        )

    def _second_figure(
        self, n: _Num, s: str, after: int, incl: bool
    ) -> tuple[regex.Match[str], bool, tuple[Unit, int]] | None:
        """The figure with a unit that a bare amount ending at ``after`` leads to: after a range
        mark when ``incl`` (1万(含)-5万元) or a change verb (700万左右减少到了48万人). The
        number's match, whether it is a range, and its unit and the unit's end."""
        m2 = self._num_at.search(s, after, min(len(s), after + 8))
        if m2 is None or m2.group()[0].isdigit() != n.arabic:
            return None
        gap = s[after : m2.start()]
        ranged = incl and gap in _RANGE_GAPS
        if not ranged and not (gap and self.subjects.is_change(s, after, m2.start())):
            return None
        hit = self.units.match(s, m2.end(), arabic=n.arabic)
        if hit is None or hit[0].kind in ("percent", "duration"):
            return None
        return m2, ranged, hit

    def _changes_bare(self, s: str, start: int, prev: _Found | None) -> bool:
        """True when the bare amount at ``start`` is the second figure of a change whose first
        was a bare amount too: 贫困人口由9899万减少到551万, 资金由500万增加到800万."""
        return (
            prev is not None
            and ("implied_unit" in prev.flags or "no_unit" in prev.flags)
            and self.subjects.is_change(s, prev.end, start)
        )

    def _unit_later(self, n: _Num, s: str, ne: int) -> _Found | None:
        """The unit written once, after the second figure: a range with (含) between
        (1万(含)-5万元 → 10000–50000 元), or a change (从700万左右减少到了48万人 → 700万 is
        people too, flag ``implied_unit``)."""
        incl = _INCLUDED.match(s, ne)
        post = "" if incl is not None else self._post_word(s, ne)
        if post in ("多", "余"):
            post = ""
        after = incl.end() if incl is not None else ne + len(post)
        second = self._second_figure(n, s, after, incl is not None)
        if second is None:
            return None
        m2, ranged, (unit, ue) = second
        if ranged:
            number = self._parse(n.text + "至" + m2.group())
            end = ue
        else:
            number = self._parse(n.text)
            end = after
        if number is None or "overflow" in number.flags:
            return None
        qualifier = self._post_q[post] if post and self._post_q[post] != "exact" else number.qualifier
        start, qualifier = self._touching_qualifier(s, n.start, qualifier)
        found = self._found(s, start, end, unit, s[m2.end() : ue], number.value, qualifier, number)
        if found is not None and not ranged:
            found.flags = (*found.flags, "implied_unit")
        return found

    def _bare_amount(self, n: _Num, s: str, ne: int) -> bool:
        """True when the number ending at ``ne`` with no unit after it is an amount: it ends in
        万/亿 (900万, 3亿多) and holds a digit (not 万, 几万), and no digit or letter follows it
        (5万A); a Chinese one after no prefix word (第三万)."""
        if not (n.first[-1:] in "万亿萬億" or s[ne - 1 : ne] in "万亿萬億"):
            return False
        if not n.arabic and not any(c in _REAL_DIGIT for c in n.first):
            return False  # 万, 几万
        if not n.arabic and n.first[0] in _BARE_START and self._touching_pre(s, n.start)[1] == "exact":
            return False  # 万人: a bare 千万 only with a qualifier (近千万贫困人口)
        nxt = s[ne : ne + 1]
        if nxt and (nxt.isdigit() or (nxt.isascii() and nxt.isalpha())):
            return False
        return n.arabic or not self.rules.after_prefix(s, n.start)


def _without_false_minus(s: str, n: _Num) -> _Num:
    """负 after a verb is no minus sign: 减负140亿元 → 140亿元 (增长负3.9%, 为负2 stay negative)."""
    before = s[n.start - 1 : n.start]
    if _HAN.match(before or " ") and before not in _MINUS_AFTER:
        return _Num(n.start + 1, n.end, n.text[1:], n.first, True, n.is_range)
    return n


def _last(prev: _Found | None) -> tuple[int, str, str] | None:
    """``(end, kind, unit)`` of the previous quantity, for enumerations (五幢居民楼、一幢村委办公楼)."""
    return (prev.end, prev.kind, prev.unit) if prev is not None else None


def _ge_filler(unit_text: str, number: Number) -> tuple[_Value, str]:
    """多 or 半 inside 个 + unit: 4个多月 is over 4 months, 一个半月 1.5 months. The value and
    the qualifier."""
    if len(unit_text) > 2 and unit_text[0] in "个個" and unit_text[1] in "多半":
        if unit_text[1] == "多":
            return number.value, "over" if number.qualifier == "exact" else number.qualifier
        return _add(Decimal(str(number.value)), Decimal("0.5")), number.qualifier  # 一个半月
    return number.value, number.qualifier


def _jiao_fen(s: str, ne: int, number: Number, value: _Value) -> tuple[_Value, int]:
    """角 (毛) and 分 after a whole amount in 元: 五元三毛 = 5.3, 50元6角三分 = 50.63, 3元零5分 =
    3.05; 整 closes a written amount (人民币壹万圆整). The value and where the span ends."""
    if not isinstance(number.value, int):
        return value, ne
    m = _JIAO_FEN.match(s, ne)
    if m is None or m.end() == ne:
        return value, ne
    jiao, fen = m.group("jiao"), m.group("fen") or m.group("fen2")
    cents = Decimal(0)
    if jiao:
        cents += Decimal(_digit_of(jiao)) / 10
    if fen:
        cents += Decimal(_digit_of(fen)) / 100
    return (_add(Decimal(number.value), cents) if cents else value), m.end()


def _digit_of(c: str) -> int:
    """The value of one digit, Arabic or Chinese (三 → 3, 两 → 2)."""
    return int(c) if c.isdigit() else int(c.translate(_CN_DIGIT_TABLE).replace("两", "2"))


def _half_after(s: str, ne: int, unit: Unit, value: _Value) -> tuple[_Value, int]:
    """半 after a unit of time adds a half: 一年半, 三天半 (not 一年半数: 半 starts a word)."""
    if unit.kind == "duration" and unit.canonical in _HALF_UNITS and s.startswith("半", ne):
        after_half = s[ne + 1 : ne + 2]
        if not _HAN.match(after_half or " ") or after_half in DURATION_ONE_NEXT + "的":
            return _add(Decimal(str(value)), Decimal("0.5")), ne + 1  # 一年半, 三天半
    return value, ne


def _add(a: Decimal, b: Decimal) -> Decimal:
    """``a + b``, exact: in (a copy of) the parser's context, not the 28 places of the default one."""
    with localcontext(DECIMAL_CONTEXT) as c:
        return c.add(a, b)


def _scale(
    value: Decimal | int | float, number: Number, factor: Decimal
) -> tuple[int | float, int | float | None, int | float | None, bool]:
    """``value``, ``low`` and ``high`` times the unit's factor (exact decimal arithmetic)."""
    with localcontext(DECIMAL_CONTEXT):
        return _scale_exact(value, number, factor)


def _scale_exact(
    value: Decimal | int | float, number: Number, factor: Decimal
) -> tuple[int | float, int | float | None, int | float | None, bool]:
    over = False

    def conv(x: Decimal | int | float) -> int | float:
        nonlocal over
        if factor == 1 and not isinstance(x, Decimal):
            return x
        d = (x if isinstance(x, Decimal) else Decimal(repr(x))) * factor
        v, o = decimal_to_value(d)
        over = over or o
        return v

    low = conv(number.low) if number.low is not None else None
    high = conv(number.high) if number.high is not None else None
    return conv(value), low, high, over
