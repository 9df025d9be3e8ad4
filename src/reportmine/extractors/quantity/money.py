"""Money rules of the quantity pass: when an amount is money, and in which currency.

The units table makes most money facts (``100余万元``, ``出口3亿美元``); these rules cover
what a table row cannot say:

- **Money without a unit.** A number ending in 万/亿 and followed by no unit is money
  (in 元, flag ``no_unit``) when a word of the ``money_words`` table stands earlier in its
  clause: ``资产收益资金达900万`` → 9000000 元, while ``全市人口达900万`` is nothing. Not when
  what stands between the money word and the amount says it counts something
  (``医疗费用直接结算人次突破300万``, ``中等收入群体超过4亿``), nor when a noun of people
  or a foreign currency follows it (``覆盖1100多万困难残疾人``, ``投入资金约1400万新谢克尔``).
  :meth:`MoneyRules.no_unit_is_money`.
- **块 as yuan.** In speech 块 after a number is yuan when no noun follows it but a money
  noun or a particle (``17块人民币``, ``五万块扶贫款``, ``4块多钱``, ``挣3000多块``) and the
  clause speaks of money (卖 挣 收入 工资 价 …); ``5块5`` and ``2块6一斤`` are yuan and jiao
  (5.5 元). ``3块石头``, ``铺下近万块石砖`` and ``切成三块`` stay counts.
  :meth:`MoneyRules.kuai_is_money`, :meth:`MoneyRules.jiao`.
- **Paid in words.** A bare amount with 万/亿 right after a verb of paying, giving or earning
  (the ``pay_verb`` rows: 出 给 拿 挣 赚 借 花 凑 交 …, perhaps with 了) is money when it
  ends its clause and its sentence is direct speech (a quote mark before it) or speaks of
  money: ``“我出两万，你出一万。”`` → 20000 元 and 10000 元. ``两万`` alone, ``出两万步``
  (a noun follows) and ``超出两万`` (a ``pay_not`` word) stay no fact.
  :meth:`MoneyRules.paid_is_money`.
- **A currency before an amount in 元** is the amount's currency: ``新台币5000万元`` →
  50000000 新台币, ``港币3亿元`` → 港元 (not yuan). :meth:`MoneyRules.currency_before`.
- **一 + measure word right before a price** is what the price is per, not a count:
  ``一株9块``, ``一斤4.5元``, ``一人30元``. :func:`price_follows` (asked by
  :meth:`.rules.NumberContext.one_ok`).

>>> import reportmine
>>> def money(text):
...     return [(f.text, f.value, f.unit) for f in reportmine.extract(text).facts if f.kind == "money"]
>>> money("资产收益资金达900万，惠及农户"), money("全市人口达900万"), money("投入资金约1400万新谢克尔")
([('900万', 9000000, '元')], [], [])
>>> money("这茄子刚才卖5块5，这会儿卖5块"), money("横的分成三段，竖着再切成三块。")
([('5块5', 5.5, '元'), ('5块', 5, '元')], [])
>>> money("新台币5000万元"), money("港币3亿元")
([('5000万元', 50000000, '新台币')], [('3亿元', 300000000, '港元')])
>>> [(f.text, f.kind) for f in reportmine.extract("一株9块，不砍价").facts]
[('9块', 'money')]
>>> money("他说：“我出两万，你出一万。”"), money("出两万步"), money("超出两万。")
([('两万', 20000, '元'), ('一万', 10000, '元')], [], [])
"""

from __future__ import annotations

import re

import regex

from ...chars import CN_ONE_TO_NINE, HAN_SCRIPT, alternation_re
from ...errors import LexiconError
from ...lexicon import Lexicon
from ...lexicon.tables import MONEY_CUES, MONEY_WORDS, grouped
from .subjects import SubjectFinder
from .units import Unit, UnitTable

__all__ = ["MoneyRules", "price_follows"]

_HAN = regex.compile(HAN_SCRIPT)
_CN_DIGIT_CHARS = frozenset(CN_ONE_TO_NINE)
# 块 as yuan before a jiao digit (5块5, 2块6一斤); the words around 块 are in money_cues.txt
_KUAI_DECIMAL = regex.compile(rf"(?:\d|[{CN_ONE_TO_NINE}])(?=[^\d.%{HAN_SCRIPT}A-Za-z]|一[斤株个枝]|$)")
# a price right after 一 + measure word: 一株9块, 一斤4.5元
_PRICE_AFTER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:块|元)")
# the sentence before a paid amount, and what ends a clause after it (我出两万，)
_SENTENCE_START = re.compile(r"[。！？!?\n][^。！？!?\n]*\Z")
_CLAUSE_END = re.compile(r"(?:[了呢吧啊呀嘛]{0,2})(?:[，,。；;！？!?”」』…、\s]|\Z)")
# direct speech: a quote opened and not closed before the amount, or 说： (not “丰实” before it)
_SPEECH = re.compile(r"[“「『][^”」』]*\Z|[说道讲问]：")


def price_follows(s: str, end: int) -> bool:
    """True when a price in 块 or 元 starts at ``end``: after 一株 in 一株9块, 一斤4.5元.

    >>> price_follows("一株9块，不砍价", 2), price_follows("一株9棵", 2)
    (True, False)
    """
    return _PRICE_AFTER.match(s, end) is not None


class MoneyRules:
    """The money rules, with the units, the subject finder and the lexicon tables they read:
    ``money_words`` (a word that makes an amount without a unit money: 资金, 投资, 收入 …)
    and ``money_cues`` (what tells money from counts around it, and around 块)."""

    def __init__(self, units: UnitTable, subjects: SubjectFinder, lexicon: Lexicon) -> None:
        self.subjects = subjects
        # a currency written before an amount in 元 is the amount's currency: 新台币5000万元
        self._currency_before = {
            form: u
            for form, u in units.units.items()
            if u.kind == "money" and u.canonical != "元" and len(form) >= 2
        }
        self._currency_max = max(map(len, self._currency_before), default=0)
        yuan = units.lookup("元")
        if yuan is None:  # pragma: no cover - the shipped table has 元
            raise LexiconError("the units table has no 元")
        self.yuan: Unit = yuan
        self._money = alternation_re(w.word for w in lexicon.table(MONEY_WORDS))
        # money_cues.txt: what tells money from counts around a bare amount and 块
        cues = grouped(lexicon, MONEY_CUES)
        self._counted = alternation_re(cues["counted"])
        self._people_end = tuple(cues["people_end"])
        self._currency_noun = _currency_noun(cues["currency_end"], cues["currency"])
        self._kuai_money_nouns = tuple(cues["kuai_noun"])
        self._kuai_after = tuple(cues["kuai_after"])
        self._kuai_cue = alternation_re(cues["kuai_cue"])
        # 我出两万, 借了三万: a verb of paying right before a bare amount (not 超出, 派出)
        self._pay_verbs = tuple(cues["pay_verb"])
        self._pay_not = tuple(cues["pay_not"])

    # -- money without a unit ----------------------------------------------------------------------

    def no_unit_is_money(self, s: str, start: int, end: int) -> bool:
        """An amount with 万/亿 and no unit at ``[start, end)`` is money by its clause:
        资产收益资金达900万 (a money word before it), not 全市人口达900万 (none), 结算人次突破
        300万 (a count in between) or 1100多万困难残疾人 (people after it)."""
        word_end = self._money_word_end(s, start)
        if word_end < 0:
            return False  # 全市人口达900万: no money word in the clause
        if self._counted.search(s, word_end, start):
            return False  # 医疗费用直接结算人次突破300万, 中等收入群体超过4亿: a count
        return not self._counts_after(s, end)

    def _money_word_end(self, s: str, start: int) -> int:
        """Where the last money word of the clause before ``start`` ends (-1: none): 资金 in
        资产收益资金达900万."""
        a = self.subjects.clause_start(s, start)
        last = -1
        for m in self._money.finditer(s, a, start):
            last = m.end()
        return last

    def _counts_after(self, s: str, end: int) -> bool:
        """True when the noun after the amount is people or another currency: 1100多万困难
        残疾人, 1400万新谢克尔."""
        head = self.subjects.noun_after(s, end)
        if head is None:
            return False
        return head.endswith(self._people_end) or self._currency_noun.search(head) is not None

    def paid_is_money(self, s: str, start: int, end: int) -> bool:
        """A bare amount at ``[start, end)`` right after a verb of paying (我出两万, 借了三万)
        is money when it ends its clause and its sentence is speech or speaks of money:
        not 出两万步 (a noun follows), 超出两万 (no paying), 他出两万 with no cue; a verb of
        the ``kuai_cue`` rows speaks of money itself (看病花了三万, 每月能挣两万)."""
        k = start - 1 if s[start - 1 : start] == "了" else start
        if not s.endswith(self._pay_verbs, 0, k) or s.endswith(self._pay_not, 0, k):
            return False
        if _CLAUSE_END.match(s, end) is None:
            return False  # 出两万步: the amount of something else
        lo = max(0, start - 120)
        b = _SENTENCE_START.search(s, lo, start)
        a = b.start() + 1 if b is not None else lo
        if _SPEECH.search(s, a, start):
            return True  # 他说：“我出两万，你出一万。”
        return self._money.search(s, a, start) is not None or self._kuai_cue.search(s, a, k) is not None

    # -- 块 ----------------------------------------------------------------------------------------

    def kuai_is_money(self, s: str, start: int, unit_end: int) -> bool:
        """块 after a number is yuan (spoken) when no noun follows it but a money noun or a
        particle (3000块, 五万块扶贫款, 4块多钱, 5块5) and the clause speaks of money (卖
        挣 收入 工资 价 …); 3块石头, 切成三块 stay counts."""
        nxt = s[unit_end : unit_end + 1]
        if (nxt.isdigit() or nxt in _CN_DIGIT_CHARS) and (
            _KUAI_DECIMAL.match(s, unit_end) or s[unit_end + 1 : unit_end + 2] in ("毛", "角")
        ):
            return True  # 5块5, 2块6一斤, 五块三毛: a price in yuan and jiao
        if s.startswith(self._kuai_money_nouns, unit_end):
            return True  # 17块人民币, 五万块扶贫款, 1000多块工资
        if nxt and _HAN.match(nxt) and not s.startswith(self._kuai_after, unit_end):
            return False  # 3块石头, 近万块石砖: a noun follows
        a = self.subjects.clause_start(s, start)
        return self._kuai_cue.search(s, a, start) is not None

    @staticmethod
    def jiao(s: str, pos: int) -> regex.Match[str] | None:
        """The jiao digit after 块 as yuan: the 5 of 5块5, the 6 of 2块6一斤 (not 130块1TB)."""
        return _KUAI_DECIMAL.match(s, pos)

    # -- currency ----------------------------------------------------------------------------------

    def currency_before(self, s: str, start: int, unit: Unit) -> Unit:
        """The currency of an amount in 元 starting at ``start``: the one written before it
        (新台币5000万元 → 新台币, 港币3亿元 → 港元), else ``unit``."""
        if unit.canonical != "元" or unit.kind != "money":
            return unit
        for width in range(min(self._currency_max, start), 1, -1):
            currency = self._currency_before.get(s[start - width : start])
            if currency is not None:
                return currency
        return unit


def _currency_noun(ends: list[str], words: list[str]) -> re.Pattern[str]:
    """A noun after a bare amount that names a currency the units table does not know: one
    ending in a word of ``ends`` (新西兰元) or holding a word of ``words`` (新谢克尔)."""
    alts = [f"(?:{alternation_re(ends).pattern})$"] if ends else []
    if words:
        alts.append(alternation_re(words).pattern)
    return re.compile("|".join(alts) or r"(?!)")
