"""Quantity facts: counts, money, areas, lengths, weights, volumes, percentages, durations.

One compiled pass over the normalized text finds every number followed by a unit or a
measure word (from the ``units`` and ``measure_words`` tables), plus fractions
(三分之一, 百分之八十), 一半, and bare amounts with 万/亿 (资金达900万, money by context).
Each match is then checked in its context — ordinals, years and dates, names and
formulas, short quoted slogans, the indefinite 一 — and becomes a typed fact with its
value, canonical unit, qualifier, range, subject, per and sentence. Offsets are mapped
back to the original text.

Span: the number, its multiplier and unit, and a qualifier word touching it
(``100余万元``, ``不到500人``, ``近三分之一``, ``80%以上``, ``4个多月``). 来 after a duration
(两年来) is not part of the span.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, localcontext

import regex

from ...chars import (
    CN_BIG_UNITS,
    CN_EXACT_CHARS,
    CN_FINANCIAL_UNITS,
    CN_ONE_TO_NINE,
    CN_SMALL_UNITS,
    CN_VAGUE,
    CN_ZEROS,
    HAN_SCRIPT,
)
from ...errors import LexiconError
from ...lexicon import Lexicon
from ...lexicon.tables import MONEY_CUES, MONEY_WORDS, grouped
from ...records import (
    AreaFact,
    CountFact,
    DurationFact,
    Fact,
    LengthFact,
    MoneyFact,
    PercentFact,
    VolumeFact,
    WeightFact,
)
from ..base import Context
from ..numbers import DECIMAL_CONTEXT, Number, NumberParser, decimal_to_value
from ..scan import Prefiltered, digit_class
from .rules import (
    ARTICLE_ONE,
    CN_CHARS,
    NumberContext,
    alternation,
    inside,
)
from .subjects import SubjectFinder
from .units import UnitTable

__all__ = ["QuantityExtractor"]

FACT_CLASSES: dict[str, type[Fact]] = {
    "count": CountFact,
    "money": MoneyFact,
    "area": AreaFact,
    "length": LengthFact,
    "weight": WeightFact,
    "volume": VolumeFact,
    "percent": PercentFact,
    "duration": DurationFact,
}

_CN = CN_CHARS
_MULT = CN_SMALL_UNITS + CN_FINANCIAL_UNITS + CN_BIG_UNITS
_BARE_START = frozenset("百千万亿佰仟萬億")
_REAL_DIGIT = CN_EXACT_CHARS
# atomic: no backtracking into a digit run (the regex module backtracks a repeated group in
# superlinear time, and nothing after the number starts with a digit or a comma anyway)
_AR = r"(?>\d+(?:,\d{3}(?!\d))*)(?:\.\d+)?"
_ARNUM = rf"{_AR}(?:[余多]?[{_MULT}]+){{0,2}}(?:(?<=[万亿])\d[千百十])?"
_CNNUM = rf"(?:[数上](?=[{_MULT}]))?[{_CN}]+(?:[余多][{_MULT}]+)?"
_SEP = r"(?:至|到|～|~|〜|—{1,2}|–|-|－)"
_PREFILTER = regex.compile(rf"[0-9{_CN}]")
_HAN = regex.compile(HAN_SCRIPT)
_DURATION_ONE_NEXT = "来多半内后前以时"
_METRE_DECIMALS = regex.compile(rf"(?:\d{{1,2}}|[{CN_ONE_TO_NINE}])(?=[^\d.%{HAN_SCRIPT}]|的|$)")
_CN_DIGIT_TABLE = str.maketrans(CN_ONE_TO_NINE, "123456789")
_CN_DIGIT_CHARS = frozenset(CN_ONE_TO_NINE)
# 块 as yuan before a jiao digit (5块5, 2块6一斤); the words around 块 are in money_cues.txt
_KUAI_DECIMAL = regex.compile(rf"(?:\d|[{CN_ONE_TO_NINE}])(?=[^\d.%{HAN_SCRIPT}A-Za-z]|一[斤株个枝]|$)")
_MINUS_AFTER = "为是达至到长率值约降"  # 增长负3.9%, 为负2
_NOT_NUMBERS = frozenset(CN_VAGUE + CN_ZEROS + "数")  # 几个, 零件, 零售: no number
_HALF_UNITS = frozenset({"年", "月", "天", "小时", "周", "分钟"})


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
    ``measure_words``, ``qualifiers``, ``per_words``, ``money_words``, ``number_phrases``
    and ``subject_words``; every table is checked when the extractor is built.
    """

    kinds: frozenset[str] = frozenset(FACT_CLASSES)

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.numbers = NumberParser(lexicon)
        self.units = UnitTable(lexicon)
        # a currency written before an amount in 元 is the amount's currency: 新台币5000万元
        self._currency_before = {
            form: u
            for form, u in self.units.units.items()
            if u.kind == "money" and u.canonical != "元" and len(form) >= 2
        }
        self._currency_max = max(map(len, self._currency_before), default=0)
        yuan = self.units.lookup("元")
        if yuan is None:  # pragma: no cover - the shipped table has 元
            raise LexiconError("the units table has no 元")
        self._yuan = yuan
        self.subjects = SubjectFinder(lexicon, self.units)
        q = self.numbers.qualifiers
        self._pre_q = q.pre
        self._pre_q_max = max(map(len, q.pre), default=0)
        self._post_q = q.post
        self._post_q_max = max(map(len, q.post), default=0)
        self._pre_q_last = frozenset(w[-1] for w in q.pre)
        self._post_q_first = frozenset(w[0] for w in q.post)
        self._clause_q = alternation(q.clause)
        self._clause_words = q.clause
        self._money = alternation(w.word for w in lexicon.table(MONEY_WORDS))
        # money_cues.txt: what tells money from counts around a bare amount and 块
        cues = grouped(lexicon, MONEY_CUES)
        self._counted = alternation(cues["counted"])
        self._people_end = tuple(cues["people_end"])
        self._currency_noun = _currency_noun(cues["currency_end"], cues["currency"])
        self._kuai_money_nouns = tuple(cues["kuai_noun"])
        self._kuai_after = tuple(cues["kuai_after"])
        self._kuai_cue = alternation(cues["kuai_cue"])
        self.rules = NumberContext(lexicon, self.subjects)
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
        run = dig + esc("".join(sorted(set(_CN + "数上负-−－,.余多至到～~〜—–分之点點半"))))
        units = self.units.units
        single = {f for f in units if len(f) == 1} | set("余多来万亿萬億半")
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

    # -- the pass ----------------------------------------------------------------------------------

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
        while (m := search(s, pos)) is not None:
            if prev is not None and m.start() < prev.end:
                pos = prev.end  # inside the fact just read: 三万元以上十万元以下 (上十万 is no number)
                continue
            pos = m.end()
            if doc is None:
                doc = _Doc(s, self.rules.quotes(s), self._clause_q.search(s) is not None)
            frac, _half, neg, ar, ar2, cn, cn2 = m.groups()
            if ar is not None:
                n = _Num(
                    m.start(3) if neg else m.start(4),
                    m.end(5) if ar2 else m.end(4),
                    (neg or "") + ar + ("至" + ar2 if ar2 else ""),
                    ar,
                    True,
                    ar2 is not None,
                )
                found = self._quantity(n, doc, prev)
            elif cn is not None:
                if cn in _NOT_NUMBERS:
                    continue
                n = _Num(
                    m.start(6),
                    m.end(7) if cn2 else m.end(6),
                    cn + ("至" + cn2 if cn2 else ""),
                    cn,
                    False,
                    cn2 is not None,
                )
                found = self._quantity(n, doc, prev)
            elif frac is not None:
                found = self._fraction(m, s, doc.quotes)
            else:
                found = self._half(m, s, doc.quotes)
            if found is None:
                continue
            floor = prev.end if prev is not None else 0
            fact = self._fact(ctx, found, floor, prev, last_subject)
            prev, last_subject = found, fact.subject
            yield fact

    def _fact(
        self, ctx: Context, f: _Found, floor: int, prev: _Found | None = None, prev_subject: str | None = None
    ) -> Fact:
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
                subject = self.subjects.subject(s, f.kind, f.start, f.end, a, before)
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
        )

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
        s, quotes = doc.s, doc.quotes
        ns, pos = n.start, n.end
        before = s[ns - 1 : ns] if ns else ""
        if n.arabic and not self.rules.arabic_ok(s, ns, n.first):
            return None
        if n.text[0] == "负" and _HAN.match(before or " ") and before not in _MINUS_AFTER:
            n = _Num(ns + 1, n.end, n.text[1:], n.first, True, n.is_range)  # 减负140亿元: not minus
            ns = ns + 1
            before = "负"
        mid = s[pos] if pos < len(s) and s[pos] in "余多来" else ""
        if mid and not (mid == "多" and s.startswith("多万", pos)):
            pos += 1
        hit = self.units.match(s, pos, arabic=n.arabic)
        if hit is None:
            if mid:
                pos -= 1
                mid = ""
            if n.first[-1:] in "万亿萬億" or s[pos - 1 : pos] in "万亿萬億":
                return self._bare(n, s, pos, quotes)
            return None
        unit, ue = hit
        unit_text = s[pos:ue]
        last = (prev.end, prev.kind, prev.unit) if prev is not None else None
        if not n.arabic and not self.rules.chinese_ok(s, ns, n.first, unit, ue, last):
            return None
        text = n.text + mid
        # a range written with the unit twice: 3万元至5万元, 3%-5%
        if not n.is_range and ue < len(s) and s[ue] in "至到-—–~～〜－":
            sep_end = ue + (2 if s.startswith("——", ue) else 1)
            m2 = self._num_at.match(s, sep_end)
            if m2 is not None and (m2.group()[0].isdigit() == n.arabic):
                hit2 = self.units.match(s, m2.end(), arabic=n.arabic)
                if hit2 is not None and hit2[0].canonical == unit.canonical:
                    text = n.text + "至" + m2.group()
                    n = _Num(n.start, m2.end(), text, n.first, n.arabic, True)
                    unit_text = s[m2.end() : hit2[1]]
                    unit, ue = hit2

        # -- names, formulas, slogans
        if (not n.arabic and self.rules.in_phrase(s, ns, ue)) or inside(quotes, ns, ue):
            return None
        number = self._parse(text)
        if number is None or "overflow" in number.flags:
            return None
        if (
            not n.arabic
            and n.first[0] in _BARE_START
            and not (
                mid in ("余", "多")
                or self._touching_pre(s, ns)[1] != "exact"
                or (len(n.first) >= 2 and unit.kind == "money")
                or n.is_range
            )
        ):
            # a bare 百/千/万/亿 is a number only with a qualifier (百余人, 近亿元, 上万元)
            # or as an amount of money (千万元)
            return None
        if n.first.startswith("上") and before in ("千", "百"):
            return None  # 成千上万, 成百上千

        # 千米/千克 after a number: the unit, not the multiplier
        if unit_text in ("米", "克") and n.first.endswith("千") and not mid and not n.is_range:
            k = self.units.lookup("千" + unit_text)
            reparsed = self._parse(text[:-1])
            if k is not None and reparsed is not None:
                unit, number = k, reparsed

        kuai = unit.canonical == "块" and self._kuai_is_money(s, ns, ue)
        if kuai:
            unit = self._yuan  # 挣3000多块, 卖5块5, 五万块扶贫款: 块 is yuan in speech
        kind = unit.kind
        qualifier = number.qualifier
        flags = [f for f in number.flags if f != "digits"] if number.flags else []
        value: Decimal | int | float = number.value
        if len(unit_text) > 2 and unit_text[0] in "个個" and unit_text[1] in "多半":
            if unit_text[1] == "多":
                qualifier = "over" if qualifier == "exact" else qualifier
            else:
                value = _add(Decimal(str(number.value)), Decimal("0.5"))  # 一个半月

        # -- kind-specific checks
        if kind == "duration" and not self.rules.duration_ok(s, ns, ue, number, unit):
            return None
        if kind == "percent" and unit_text.endswith("百分点"):
            flags.append("points")

        # -- after the unit
        ne = ue
        post = self._post_word(s, ne)
        if post in ("多", "余") and kind != "duration":
            post = ""  # 3个多功能厅: 多 starts the next word
        if post:
            q = self._post_q[post]
            if q != "exact" and qualifier == "exact":
                qualifier = q
            ne += len(post)
        if kind == "duration" and unit.canonical in _HALF_UNITS and s.startswith("半", ne):
            after_half = s[ne + 1 : ne + 2]
            if not _HAN.match(after_half or " ") or after_half in _DURATION_ONE_NEXT + "的":
                value = _add(Decimal(str(value)), Decimal("0.5"))  # 一年半, 三天半
                ne += 1
        if unit.canonical == "米" and unit_text == "米" and not n.is_range and not post:
            dm = _METRE_DECIMALS.match(s, ne)
            if dm is not None and isinstance(number.value, int):
                value = _add(Decimal(number.value), Decimal("0." + dm.group().translate(_CN_DIGIT_TABLE)))
                ne = dm.end()  # 1米8, 69米34: metres and a decimal part
        if kuai and not n.is_range and not post:
            dm = _KUAI_DECIMAL.match(s, ne)
            if dm is not None and isinstance(number.value, int):
                value = _add(Decimal(number.value), Decimal("0." + dm.group().translate(_CN_DIGIT_TABLE)))
                ne = dm.end()  # 5块5: yuan and jiao
        if not self.rules.after_unit_ok(s, ne, unit, unit_text, n.arabic):
            return None

        # -- before the number
        start = ns
        qw, q = self._touching_pre(s, ns)
        if qw:
            if q != "exact":
                if qualifier == "exact" or q in ("over", "under"):
                    qualifier = q
                start = ns - len(qw)
        elif qualifier == "exact" and doc.clause_q:
            qualifier = self._clause_qualifier(s, ns, prev) or qualifier

        if kind == "money" and unit.canonical == "元" and self._currency_before:
            for width in range(min(self._currency_max, start), 1, -1):
                currency = self._currency_before.get(s[start - width : start])
                if currency is not None:
                    unit = currency  # 新台币5000万元, 港币3亿元: not yuan
                    break

        slash_per = None
        if s.startswith("/", ne) and kind != "percent":
            hit3 = self.units.match(s, ne + 1, arabic=False)
            if hit3 is not None:
                slash_per = hit3[0].canonical
                ne = hit3[1]

        if unit.factor == 1 and not isinstance(value, Decimal):
            v, low, high = value, number.low, number.high  # nothing to scale (most facts)
        else:
            v, low, high, over = _scale(value, number, unit.factor)
            if over:
                return None
        return _Found(
            start=start,
            end=ne,
            kind=kind,
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
        """The qualifier word that ends right before ``ns`` (longest), and its qualifier."""
        if not ns or s[ns - 1] not in self._pre_q_last:
            return "", "exact"
        for k in range(min(self._pre_q_max, ns), 0, -1):
            w = s[ns - k : ns]
            q = self._pre_q.get(w)
            if q is not None:
                return w, q
        return "", "exact"

    def _clause_qualifier(self, s: str, ns: int, prev: _Found | None) -> str | None:
        a = self.subjects.clause_start(s, ns, prev.end if prev is not None else 0)
        found = None
        for qm in self._clause_q.finditer(s, a, ns):
            found = self._clause_words[qm.group()]
        return found if found and found != "exact" else None

    # -- other forms -------------------------------------------------------------------------------

    def _fraction(self, m: regex.Match[str], s: str, quotes: list[tuple[int, int]]) -> _Found | None:
        ns, ne = m.start("frac"), m.end("frac")
        before = s[ns - 1 : ns] if ns else ""
        if before and (before in _CN or before.isdigit() or before == "第"):
            return None
        if inside(quotes, ns, ne) or self.rules.in_phrase(s, ns, ne):
            return None
        if s[ne : ne + 1] in ("度", "秒") or self.units.match(s, ne, arabic=False) is not None:
            return None  # 千分之一度, 三分之一个: a fraction of a unit, not a percentage
        number = self._parse(m.group("frac"))
        if number is None or not number.percent or "overflow" in number.flags:
            return None
        return self._simple_percent(s, ns, ne, number)

    def _half(self, m: regex.Match[str], s: str, quotes: list[tuple[int, int]]) -> _Found | None:
        """一半 is 50 percent when it is a share (占一半, 一半以上), not "half of"."""
        ns, ne = m.start("half"), m.end("half")
        before = s[ns - 1 : ns] if ns else ""
        if before and (before in _CN or before in self.rules.prefix1 or before in ("多", "大", "小")):
            return None
        post = self._post_word(s, ne)
        _, q = self._touching_pre(s, ns)
        if post in ("多", "余"):
            post = ""
        if not post and q == "exact" and before not in ("占", "达", "有", "是"):
            return None
        if inside(quotes, ns, ne):
            return None
        return self._simple_percent(s, ns, ne, Number(50, percent=True))

    def _simple_percent(self, s: str, ns: int, ne: int, number: Number) -> _Found:
        qualifier = number.qualifier
        post = self._post_word(s, ne)
        if post and post not in ("多", "余"):
            q = self._post_q[post]
            if q != "exact":
                qualifier = q
            ne += len(post)
        start = ns
        qw, q = self._touching_pre(s, ns)
        if qw and q != "exact":
            qualifier = q
            start = ns - len(qw)
        return _Found(
            start, ne, "percent", number.value, "%", qualifier, number.low, number.high, number.flags
        )

    def _kuai_is_money(self, s: str, ns: int, ue: int) -> bool:
        """块 after a number is yuan (spoken) when no noun follows it but a money noun or a
        particle (3000块, 五万块扶贫款, 4块多钱, 5块5) and the clause speaks of money (卖
        挣 收入 工资 价 …); 3块石头, 切成三块 stay counts."""
        nxt = s[ue : ue + 1]
        if (nxt.isdigit() or nxt in _CN_DIGIT_CHARS) and _KUAI_DECIMAL.match(s, ue):
            return True  # 5块5, 2块6一斤: a price in yuan and jiao
        if s.startswith(self._kuai_money_nouns, ue):
            return True  # 17块人民币, 五万块扶贫款, 1000多块工资
        if nxt and _HAN.match(nxt) and not s.startswith(self._kuai_after, ue):
            return False
        a = self.subjects.clause_start(s, ns)
        return self._kuai_cue.search(s, a, ns) is not None

    def _bare(self, n: _Num, s: str, ne: int, quotes: list[tuple[int, int]]) -> _Found | None:
        """An amount with 万/亿 and no unit: money when the clause names money (资金达900万)."""
        ns = n.start
        if not n.arabic and (n.first[0] in _BARE_START or not any(c in _REAL_DIGIT for c in n.first)):
            return None
        nxt = s[ne : ne + 1]
        if nxt and (nxt.isdigit() or (nxt.isascii() and nxt.isalpha())):
            return None
        if not n.arabic and self.rules.after_prefix(s, ns):
            return None
        a = self.subjects.clause_start(s, ns)
        words = list(self._money.finditer(s, a, ns))
        if not words or inside(quotes, ns, ne) or self.rules.in_phrase(s, ns, ne):
            return None
        if self._counted.search(s, words[-1].end(), ns):
            return None  # 医疗费用直接结算人次突破300万, 中等收入群体超过4亿: a count
        head = self.subjects.noun_after(s, ne)
        if head is not None and (head.endswith(self._people_end) or self._currency_noun.search(head)):
            return None  # 覆盖1100多万困难残疾人: people; 1400万新谢克尔: another currency
        mark = s[ne - 1 : ne]
        text = n.text + (mark if mark in ("余", "多") and not n.text.endswith(mark) else "")
        number = self._parse(text)
        if number is None or "overflow" in number.flags:
            return None
        start = ns
        qualifier = number.qualifier
        qw, q = self._touching_pre(s, ns)
        if qw and q != "exact":
            qualifier = q
            start = ns - len(qw)
        return _Found(
            start,
            ne,
            "money",
            number.value,
            "元",
            qualifier,
            number.low,
            number.high,
            (*number.flags, "no_unit"),
        )


def _currency_noun(ends: list[str], words: list[str]) -> re.Pattern[str]:
    """A noun after a bare amount that names a currency the units table does not know: one
    ending in a word of ``ends`` (新西兰元) or holding a word of ``words`` (新谢克尔)."""
    alts = [f"(?:{alternation(ends).pattern})$"] if ends else []
    if words:
        alts.append(alternation(words).pattern)
    return re.compile("|".join(alts) or r"(?!)")


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
