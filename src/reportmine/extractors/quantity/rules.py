"""When a number in the text is not a quantity: the context rules of the quantity extractor.

A number followed by a unit can still be no fact (FACTS.md): a year or a date, an ordinal
(第一书记, 初三), part of a name or formula (十九大, 两个维护, 七台河, 军事五项), a
short quoted slogan (“七个到位”, “两不愁、三保障”), a code or phone number, or a
rhetorical 一 that means "a" (一个早晨, 一名普通党员). :class:`NumberContext` holds the
tables behind these rules (the ``number_phrases`` and ``year_lengths`` lexicon tables) and
answers, for one number at a time, whether its context lets it be a quantity.
"""

from __future__ import annotations

import re

import regex

from ...chars import (
    CN_EXACT_CHARS,
    CN_FINANCIAL_DIGITS,
    CN_FINANCIAL_UNITS,
    CN_NUMERAL_CHARS,
    CN_ONE_TO_NINE,
    HAN_SCRIPT,
    alternation_re,
)
from ...lexicon import Lexicon
from ...lexicon.tables import NUMBER_PHRASES, YEAR_LENGTHS, grouped
from ..numbers import CN_DIGITS, Number
from .money import price_follows
from .subjects import SubjectFinder
from .units import Unit

__all__ = [
    "ARTICLE_ONE",
    "DURATION_ONE_NEXT",
    "NumberContext",
]

_REAL_DIGIT = CN_EXACT_CHARS
_FINANCIAL = CN_FINANCIAL_DIGITS + CN_FINANCIAL_UNITS
# what closes an amount written out: 壹元整, 一元钱, 一元五角, 贰圆叁角 (not 一元化, 三元五分钟)
_JIAO_DIGIT = f"[{CN_ONE_TO_NINE}两{CN_FINANCIAL_DIGITS}]"
_AMOUNT_CLOSE = regex.compile(rf"整|钱|錢|{_JIAO_DIGIT}[角毛]|零?{_JIAO_DIGIT}分(?![钟鐘之])")
_HAN = regex.compile(HAN_SCRIPT)
# a quoted slogan, formula or name: short, no clause punctuation (“两不愁、三保障”, “发现一户、帮扶一户”)
_QUOTE = re.compile(r"[“「『]([^“”「」『』\n，,。！？!?；;：:]{1,30})[”」』]")
_DATE_AFTER_YEAR = regex.compile(rf"(?:\d{{1,2}}|[{CN_NUMERAL_CHARS}]{{1,3}})月")

# 一 + measure word: a count only after a cue (只留一个, 至少联系一户), in an enumeration of
# counts (五幢居民楼、一幢村委办公楼) or before punctuation (奶牛场一处，); otherwise "a"
_ONE_CUES = ("只", "仅", "只有", "只能", "仅有", "仅能", "至少", "最少", "共", "唯一", "单")
_ONE_CUE_FIRST = frozenset(c[0] for c in _ONE_CUES)  # a cue in a stretch starts with one of these
_ARTICLE_MW = frozenset("个名位种次项件")
# 一天 / 一次 opening a clause is "one day" / "once"
_ONCE_UNITS = frozenset(("天", "日", "次", "回"))
# what can stand right before a clause (一天，… at a clause start is "one day")
_CLAUSE_OPEN = frozenset("，,。；;：:！？!?\n\r（(“\"「『 　—…")  # 一个30多人的群: "a", not one
_ENUM_JOINERS = "、和及与,，"
# what may follow a duration with 一 or 半 and keep it one (一年来, 一个多月, 一年半, 一年内)
DURATION_ONE_NEXT = "来多半内后前以时"
# most article-一 candidates are dropped by the number regex already, with this look-ahead;
# NumberContext.one_ok() decides the rest (the two agree)
ARTICLE_ONE = (
    r"(?!(?<!(?<!不)(?:" + "|".join(_ONE_CUES) + r")[^\W\d_]{0,2})(?<![、和及与,，])"
    r"一(?:个(?!月|小时|星期|钟头|工作日|周|多|半)|[次种位名项批条家场件片份座张部轮只头处套笔所])"
    rf"[{HAN_SCRIPT}“「『《])"
)

_MAX_ARABIC_INT_DIGITS = 10  # longer integers without separators are codes and phone numbers
_PLAIN_LEAD = frozenset("123456789")
_PLACE_AFTER = frozenset("子村镇乡屯庄营堡寨沟窝店")
_PLACE_AFTER_TAI = frozenset("县山区市镇乡村")
_ORDINAL_AFTER_ER = frozenset({"期", "批", "类", "轮", "组"})




class NumberContext:
    """The context rules, with the ``number_phrases`` table of a lexicon."""

    def __init__(self, lexicon: Lexicon, subjects: SubjectFinder) -> None:
        self.subjects = subjects
        phrases: list[str] = []
        self.prefix: set[str] = set()
        self.prefix1: set[str] = set()
        for p in lexicon.table(NUMBER_PHRASES):
            if p.type == "phrase":
                phrases.append(p.text)
            elif p.type == "prefix":
                self.prefix.add(p.text)
            else:
                self.prefix1.add(p.text)
        self._phrases = alternation_re(phrases)
        self._phrase_max = max(map(len, phrases), default=0)
        words = self.prefix | self.prefix1
        self._prefix_max = max(map(len, words), default=0)
        self._prefix_last = frozenset(w[-1] for w in words)
        # N年 as a length of time (year_lengths.txt): 历经1000年, 2000年之久
        years = grouped(lexicon, YEAR_LENGTHS)
        self._length_before = tuple(years["length_before"])
        self._length_after = tuple(years["length_after"])
        self.span_before = tuple(years["span_before"])
        self.span_after = tuple(years["span_after"])

    @staticmethod
    def quotes(s: str) -> list[tuple[int, int]]:
        """The short quoted slogans and names of a document (their inside), in order."""
        if "“" not in s and "「" not in s and "『" not in s:
            return []
        return [q.span(1) for q in _QUOTE.finditer(s)]

    def in_phrase(self, s: str, start: int, end: int) -> bool:
        """True when ``[start, end)`` overlaps a fixed name or formula (两个维护, 一带一路)."""
        if not self._phrase_max:
            return False
        lo = max(0, start - self._phrase_max + 1)
        hi = min(len(s), end + self._phrase_max - 1)
        return any(m.start() < end and start < m.end() for m in self._phrases.finditer(s, lo, hi))

    def after_prefix(self, s: str, start: int, one: bool = False) -> bool:
        """True when a word of the ``prefix`` kind (``prefix1`` too for 一) ends at ``start``."""
        if not start or s[start - 1] not in self._prefix_last:
            return False
        for k in range(1, min(self._prefix_max, start) + 1):
            w = s[start - k : start]
            if w in self.prefix or (one and w in self.prefix1):
                return True
        return False

    @staticmethod
    def arabic_ok(s: str, start: int, num: str) -> bool:
        """An Arabic number: not an ordinal, a code, a phone or an ID number."""
        before = s[start - 1] if start else ""
        if before in ("第", "#", "№"):
            return False
        if before in (".", ":") and s[max(0, start - 3) : start].lower() in ("no.", "no:"):
            return False
        if num[0] in _PLAIN_LEAD and len(num) <= _MAX_ARABIC_INT_DIGITS:
            return True  # no sign, no leading zero, too short to be a code (most numbers)
        digits = num.lstrip("-−－负").split(".")[0]
        if len(digits) > 1 and digits[0] == "0" and digits.isdigit():
            return False  # 0451, 08: codes, years, phone prefixes
        return not (digits.isdigit() and len(digits) > _MAX_ARABIC_INT_DIGITS)

    def chinese_ok(
        self, s: str, start: int, num: str, unit: Unit, end: int, prev: tuple[int, str, str] | None
    ) -> bool:
        """A Chinese numeral before ``unit`` (which ends at ``end``): not a word, ordinal or "a".

        ``prev`` is ``(end, kind, unit)`` of the previous quantity, for enumerations.
        """
        if not any(c in _REAL_DIGIT for c in num):
            return False  # 几个, 数次
        if len(num) == 1 and unit.canonical == "元" and _AMOUNT_CLOSE.match(s, end):
            return not self.after_prefix(s, start, one=num == "一")  # 壹元整, 一元五角, 一元钱
        if len(num) == 1 and num in _FINANCIAL:
            return False  # a lone financial numeral is a word (陆续, 肆意)
        if self.after_prefix(s, start, one=num[0] == "一"):
            return False  # 第三, 星期三, 民国三十年, 统一
        if num == "二" and unit.canonical in _ORDINAL_AFTER_ER:
            return False  # 二期工程, 二类疫苗: phase and class names (a count of two says 两)
        if num == "一" and unit.kind == "percent":
            return True  # 不足一成, 一个百分点: 一 is no article before a share (一成不变: 成 is no unit)
        if num == "一" and s[start + 1 : start + 2] not in ("至", "到"):
            return self.one_ok(s, start, unit, end, prev)
        return True

    def one_ok(self, s: str, start: int, unit: Unit, end: int, prev: tuple[int, str, str] | None) -> bool:
        """一 + measure word is a count only when it states a number, not an article: before
        punctuation (奶牛场一处，), after a cue (只留一个), in an enumeration of counts
        (五幢居民楼、一幢村委办公楼), or a duration (一年来); not in a pair (一家一户), after a
        negation (不落一人) or as "a" (一个早晨)."""
        if s[max(0, start - 2) : start - 1] == "一":
            return False  # 一家一户, 一人一档: the second half of a pair
        if any(c in "不没无未" for c in s[max(0, start - 3) : start]):
            return False  # 不落一人, 无一人
        nxt = s[end : end + 1]
        if not nxt or not (_HAN.match(nxt) or nxt in "“「『《\""):
            return _one_before_stop(s, start, unit, end, nxt)
        if unit.kind == "duration" and nxt in DURATION_ONE_NEXT:
            return True  # 一年来, 一个月内
        return self._one_after_cue(s, start) or _one_in_enumeration(s, start, unit, prev)

    def _one_after_cue(self, s: str, start: int) -> bool:
        """True when a cue word (只, 仅, 至少, 共 …) stands a word or so before the 一 at
        ``start`` in its clause: 只留一个, 至少联系一户 (not 不只)."""
        a = self.subjects.clause_start(s, start, max(0, start - 6))
        if _ONE_CUE_FIRST.isdisjoint(s[a:start]):
            return False  # (most 一: no cue's first character before it in the clause)
        for cue in _ONE_CUES:
            k = s.rfind(cue, a, start)
            if k >= 0 and k + len(cue) >= start - 2 and s[k - 1 : k] != "不":
                return True  # 只留一个, 至少联系一户: the cue a word or so before
        return False

    @staticmethod
    def after_unit_ok(s: str, end: int, unit: Unit, unit_text: str, arabic: bool) -> bool:
        """What follows the unit: no formula (五个一), pair (一家一户), place name (八家子)."""
        nxt = s[end : end + 1]
        if not arabic and nxt:
            if (nxt in CN_DIGITS and nxt not in "几幾") or s.startswith(unit_text, end):
                return False  # 五个一, 一家一户, 一次次
            if unit.canonical in ("家", "户") and nxt in _PLACE_AFTER:
                return False  # 南八家子乡, 小四家村: place names
            if unit.canonical == "台" and nxt in _PLACE_AFTER_TAI:
                return False  # 五台县, 五台山, 三台县, 九台区: place names (台 as a stand is 五台设备)
            if nxt == "不" and unit.kind == "count":
                return False  # 四个不摘
        return not (unit_text[-1].isascii() and nxt.isascii() and nxt.isalpha())  # 5kmh

    def duration_ok(self, s: str, start: int, end: int, number: Number, unit: Unit) -> bool:
        """A number of years that is a year or a date is no duration (2019年, 19年5月)."""
        if unit.canonical != "年":
            return True
        if "digits" in number.flags:
            return False  # 二〇一九年
        if _DATE_AFTER_YEAR.match(s, end):
            return False  # 19年5月
        if s[max(0, start - 2) : start] == "公元" or s[max(0, start - 3) : start] == "公元前":
            return False
        v = number.value
        if isinstance(v, int) and 1000 <= v <= 2999:
            if 1900 <= v <= 2100:
                return _year_span(s, start, end, number, self.span_before, self.span_after)
            after_ok = s.startswith(self._length_after, end)
            before_ok = any(s[max(0, start - len(w)) : start] == w for w in self._length_before)
            return after_ok or before_ok  # 历经1000年, 5000年来
        return True


def _one_before_stop(s: str, start: int, unit: Unit, end: int, nxt: str) -> bool:
    """一 + measure word (ending at ``end``) before no Han character (``nxt``): a count (奶牛场一处，
    示范街一条。 一处80平方米的卫生室) unless a pronoun (其中的一个，), "one day" or "once" at a
    clause start (一天，台风将来), the unit of a price (一株9块) or "a" before a figure
    (一个30多人的群)."""
    before = s[start - 1 : start]
    if before == "的":
        return False  # 离县城最近的一个，  其中的一个: "one" as a pronoun
    if (not before or before in _CLAUSE_OPEN) and s[start + 1 : end] in _ONCE_UNITS:
        return False  # 一天，台风将来  一次，他路过: "one day", "once" (not 一年，, 一个半月，)
    if nxt.isdigit() and price_follows(s, end):
        return False  # 一株9块, 一斤4元: the unit a price is per, not a count
    return not (nxt.isdigit() and unit.canonical in _ARTICLE_MW)  # 一个30多人的群: "a"


def _one_in_enumeration(s: str, start: int, unit: Unit, prev: tuple[int, str, str] | None) -> bool:
    """True when the 一 at ``start`` follows a joiner right after a count in the same unit:
    五幢居民楼、一幢村委办公楼 (``prev`` is ``(end, kind, unit)`` of the previous quantity)."""
    return (
        prev is not None
        and start - prev[0] <= 10
        and s[start - 1 : start] in _ENUM_JOINERS
        and prev[1] == "count"
        and prev[2] == unit.canonical
    )


def _year_span(
    s: str, start: int, end: int, number: Number, before: tuple[str, ...], after: tuple[str, ...]
) -> bool:
    """1900 … 2100 before 年 (which ends at ``end``): a length of time only when vague
    (2000多年, 几千年) or with a word that says so (历经2000年, 2000年之久, 有2000年历史,
    2000年来，), else a year (2019年多哈, 2016—2018年)."""
    if number.qualifier != "exact":
        return True  # 2000多年, 2000余年, 几千年: a year is never vague
    if any(s.startswith(w, start - len(w)) for w in before if start >= len(w)):
        return True
    if s.startswith(after, end):
        return True
    return s.startswith("来", end) and (end + 1 == len(s) or s[end + 1] in "，,。、；;！!？?")
