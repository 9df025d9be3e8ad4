"""Quantity facts: counts, money, areas, lengths, weights, volumes, percentages, durations.

One compiled pass over the normalized text finds every number followed by a unit or a
measure word (from the ``units`` and ``measure_words`` tables), plus fractions
(三分之一, 百分之八十), 一半, and bare amounts with 万/亿 (资金达900万, money by context).
Each match is then checked in its context — ordinals, years and dates, names and
formulas, short quoted slogans, the indefinite 一 — and becomes a typed fact with its
value, canonical unit, qualifier, range, subject, per and sentence. Offsets are mapped
back to the original text.

This module is the driver: the pattern, the pass, the fact and its subject. Reading a
matched number is in the mixins it inherits: :mod:`.reading` (a number and its unit, the
recipe :meth:`~.reading.UnitReading._quantity`), :mod:`.bare` (amounts with 万/亿 and no
unit), :mod:`.shares` (三分之一, 2/3, 一半), :mod:`.qualifiers` (近, 以上, 至少), with
:mod:`.found` (what they build) and :mod:`.values` (jiao-fen, halves, scaling); the context
rules are in :mod:`.rules`, the money rules in :mod:`.money`, subjects in :mod:`.subjects`.

Span: the number, its multiplier and unit, and a qualifier word touching it
(``100余万元``, ``不到500人``, ``近三分之一``, ``80%以上``, ``4个多月``). 来 after a duration
(两年来) is not part of the span.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Iterator

import regex

from ...chars import (
    CN_BIG_UNITS,
    CN_FINANCIAL_UNITS,
    CN_NUMERAL_CHARS,
    CN_ONE_TO_NINE,
    CN_SMALL_UNITS,
    CN_VAGUE,
    CN_ZEROS,
    alternation_re,
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
from ..numbers import Number, NumberParser
from ..scan import Prefiltered, digit_class
from .build import FactBuilder
from .constructions import Constructions
from .durations import MeasuredSubjects
from .found import Doc as _Doc
from .found import Found as _Found
from .found import Num as _Num
from .found import with_minus as _with_minus
from .found import without_false_minus as _without_false_minus
from .implied import ImpliedCounts
from .later import NO_SUBJECT, Known, LaterSubject, PrevSubject
from .money import MoneyRules
from .reading import UnitReading
from .rules import ARTICLE_ONE, NumberContext
from .subjects import SubjectFinder
from .units import UnitTable
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

_CN = CN_NUMERAL_CHARS
_MULT = CN_SMALL_UNITS + CN_FINANCIAL_UNITS + CN_BIG_UNITS
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
_NOT_NUMBERS = frozenset(CN_VAGUE + CN_ZEROS + "数")  # 几个, 零件, 零售: no number


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


class QuantityExtractor(UnitReading):
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
        self.measured = MeasuredSubjects(self.subjects.verbs)  # durations, money by verbs (hE)
        self.constructions = Constructions()
        self.words: WordSubjects | None = None  # set by use_words (issue 20)
        # the figures of the current pass in order, and the subjects :meth:`_subject` gave
        # (the compared-list rule of issue 20 reads them; reset by each pass)
        self._figs: list[tuple[int, PrevSubject]] = []
        self._via: dict[int, str | None] = {}
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
        self._builders = {kind: FactBuilder(cls) for kind, cls in FACT_CLASSES.items()}  # (issue 19)
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
        """Yield the quantity facts of ``kinds`` only (all when ``None``), in the order of
        :meth:`find`, building no fact of another kind: such a figure is read (it decides how
        the next one reads) but gets a subject only if a later figure takes it over (see
        :mod:`.later`; ``tests/test_quantity_kinds.py`` checks it against :meth:`find`)."""
        wanted = None if kinds is None else frozenset(kinds)
        if wanted is not None and wanted >= self.kinds:
            wanted = None
        return self._pass(ctx, wanted)

    def find(self, ctx: Context) -> Iterator[Fact]:
        """Yield the quantity facts of ``ctx`` with original offsets."""
        return self._pass(ctx, None)

    def _pass(self, ctx: Context, wanted: frozenset[str] | None) -> Iterator[Fact]:
        """The facts of the kinds in ``wanted`` (all: ``None``), then plain counts (贫困人口3200，)."""
        s = ctx.s
        if not _PREFILTER.search(s):
            return
        doc: _Doc | None = None
        prev: _Found | None = None
        last_subject: PrevSubject = NO_SUBJECT
        pos = 0
        search = self._search
        spans: list[tuple[int, int]] = []
        figs: list[tuple[int, PrevSubject]] = []
        self._figs, self._via = figs, {}
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
            spans.append((found.start, found.end))
            if wanted is None or found.kind in wanted:
                fact = self._fact(ctx, found, floor, prev, last_subject)
                last_subject = Known(fact.subject)
                yield fact
            else:  # (issue 19) a kind not asked for: its subject only if a later figure takes it
                last_subject = LaterSubject(self, s, found, floor, prev, last_subject)
            figs.append((found.start, last_subject))
            prev = found
        if wanted is None or "count" in wanted:
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
            fact = self._fact(ctx, found, 0)
            self._figs.append((found.start, Known(fact.subject)))
            yield fact

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
            return self._quantity(_with_minus(doc.s, n), doc, prev)  # 负壹元整
        if frac is not None:
            return self._fraction(m, doc.s, doc.quotes)
        if slash is not None:
            return self._slash(m, doc.s, doc.quotes)
        return self._half(m, doc.s, doc.quotes)

    def _fact(
        self, ctx: Context, f: _Found, floor: int, prev: _Found | None = None,
        prev_subject: PrevSubject | None = None,
    ) -> Fact:
        """The fact of ``f``: its subject (see :meth:`_subject_at`), its per, its sentence and
        original offsets."""
        s = ctx.s
        subject, a = self._subject_at(s, f, floor, prev, prev_subject or NO_SUBJECT)
        per = None
        if f.kind not in ("percent", "duration"):
            per = self.subjects.per(s, f.start, a, f.slash_per)
        os_, oe, otext = ctx.span(f.start, f.end)
        purpose = self.constructions.purpose(s, f.start, f.end) if f.kind == "money" else None
        return self._builders[f.kind](
            otext, os_, oe, f.value, f.unit, f.qualifier, f.low, f.high, subject, per,
            ctx.sentence(f.start), ctx.doc_id, f.flags, purpose,
        )  # (the fields of build.GIVEN, in order)

    def _subject_at(
        self, s: str, f: _Found, floor: int, prev: _Found | None, prev_subject: PrevSubject
    ) -> tuple[str | None, int]:
        """``(subject, clause start)`` of ``f``: the previous figure's subject in a change or
        a comparison (贫困发生率由26.3%降至0.5%), else :meth:`_subject`. ``prev_subject`` is
        read (``get()``) only where a rule takes it over."""
        a = self.subjects.clause_start(s, f.start, floor)
        if f.subject_noun is not None:
            return f.subject_noun, a
        # a time phrase right before the figure is no part of its subject: 贫困发生率由
        # 2014年的26.3% → 贫困发生率
        before = self.subjects.time_before(s, f.start, floor)
        if before < f.start:
            a = self.subjects.clause_start(s, before, floor)
        if (
            prev is not None
            and (
                (prev.kind == f.kind and self.subjects.is_change(s, prev.end, before))
                or self.subjects.is_comparison(s, prev.end, before)
            )
            and (taken := prev_subject.get())
        ):
            # 贫困发生率由26.3%降至0.5%: 0.5% measures the same; 生产总值5000亿元，同比增长
            # 6.5%: the growth of the same
            return taken, a
        return self._subject(s, f, (a, before), prev, prev_subject), a

    def _subject(
        self, s: str, f: _Found, at: tuple[int, int], prev: _Found | None, prev_subject: PrevSubject
    ) -> str | None:
        """:meth:`_subject_of`, remembered for the compared lists after it (issue 20)."""
        subject = self._subject_of(s, f, at, prev, prev_subject)
        self._via[f.start] = subject
        return subject

    def _seen(self, s: str, start: int) -> list[tuple[int, str | None]]:
        """``(start, subject)`` of the figures so far whose subject :meth:`_subject` gave, in
        order, for the compared list that a 分别 just before ``start`` opens (outside one: no
        list, nothing read). A figure before ``start`` whose fact was not built (issue 19's
        kinds-only pass) is read now, so the list is the one a full pass has."""
        if s.rfind("分别", max(0, start - 60), start) < 0:
            return []
        for i, subject in self._figs:
            if i < start:
                subject.get()
        via = self._via
        return [(i, via[i]) for i, _ in self._figs if i in via]

    def _subject_of(
        self, s: str, f: _Found, at: tuple[int, int], prev: _Found | None, prev_subject: PrevSubject
    ) -> str | None:
        """The subject of ``f`` whose clause starts at ``at[0]`` and whose text before it ends
        at ``at[1]``: by construction first (pairs, 分别 lists, shares, gaps; see
        :mod:`.constructions`), else the clause's noun (:mod:`.subjects`) put on word
        boundaries (:mod:`.words`). The previous figure's subject is read only where a rule
        takes it over."""
        a, before = at
        c = self.constructions
        decided, subject = self._constructed(s, f, at, prev, prev_subject)
        if decided:
            return subject
        subject = self.subjects.subject(s, f.kind, f.start, f.end, a, before)
        subject = self._on_words(s, f, (a, before, f.end), subject, s)
        subject = self.measured.subject(s, f.kind, (a, f.start, f.end), subject, self.words)  # hE
        if f.unit == "户":
            # 1783户4731人退出贫困户, 全镇1034户3560人贫困户; 全村共有耕地170亩,157户462人
            subject = c.households(s, f.end, subject, self.subjects.head_after, a == before, a)
        side_by_side = prev is not None and prev.unit != f.unit and s[prev.end : f.start] in ("", "、")
        if subject is None and side_by_side:
            return prev_subject.get()  # 种植油松19.3亩、9400株; 白皮松共17亩36600株: one noun
        if subject is None and prev is not None and prev.kind == f.kind and c.threshold(s, f.end, prev.start):
            return prev_subject.get()  # 收入达到5万元以上，10万元以上的村 (issue 20)
        return subject

    def _constructed(
        self, s: str, f: _Found, at: tuple[int, int], prev: _Found | None, prev_subject: PrevSubject
    ) -> tuple[bool, str | None]:
        """``(True, subject)`` when a construction of :mod:`.constructions` decides the subject
        of ``f`` (pairs, compared and 分别 lists, 其中, shares, gaps), else ``(False, None)``."""
        a, before = at
        c = self.constructions
        paired = None
        if prev is not None and prev.unit == "户" and f.unit in ("人", "名"):
            # (a pair is N户M人: the previous subject read only then)
            paired = c.pair(s, prev.end, prev.unit, f.start, f.unit, prev_subject.get())
        if paired:
            return True, paired  # 贫困户42户96人 → 贫困人口
        compared = c.compared(s, f.start, self._seen(s, f.start))
        if compared:
            return True, compared  # 出口总量366万吨，分别比1996年增长944.8%、171.1%
        listed = c.listed(s, f.start)
        if listed:
            # 贫困户、贫困人口分别为1200户、3500人; the item's noun (中国进口商品和服务将 → 服务)
            noun = self.subjects.noun_before(listed, len(listed), 0) or listed
            return True, self._on_words(s, f, (0, len(listed), 0), noun, listed)
        if prev is not None and c.follows(s, a, before, prev.start) and (taken := prev_subject.get()):
            return True, taken  # 其中一半以上; 比1996年的15.5%; 累计减少8239万人
        shared, cut = c.share(s, a, before, None)
        if not shared:
            shared, cut = c.gap(s, f.start, f.end)
        if not shared:
            return False, None
        # 全县贫困人口占全省的46% → 贫困人口; ，占粮食总产量的90% → the previous figure's
        ca = self.subjects.clause_start(s, cut)
        if ca == cut and (rate := c.rate_compared(s, cut)) is not None:
            return True, rate  # ，比贫困地区增速高0.1个百分点 → 贫困地区增速
        part = self.subjects.noun_before(s, cut, ca) if ca < cut else None
        return True, self._on_words(s, f, (ca, cut, cut), part, s) or prev_subject.get()

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
