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
"""

from __future__ import annotations

import re

import regex

from ...errors import LexiconError
from .subjects import SubjectFinder
from .units import Unit, UnitTable

__all__ = ["MoneyRules", "price_follows"]

_HAN = regex.compile(r"\p{Han}")
_CN_DIGIT_CHARS = frozenset("一二三四五六七八九")
# 块 as yuan: what may follow it, what the clause says before the number, and jiao after it
_KUAI_MONEY_NOUNS = ("钱", "人民币", "扶贫款", "款", "工资", "收入", "的工资", "的收入")
_KUAI_AFTER = (
    "多",
    "左右",
    "上下",
    "一斤",
    "一株",
    "一个",
    "哩",
    "呢",
    "吧",
    "了",
    "啊",
    "呀",
    "嘛",
    "没",
    "不",
    "就",
    "都",
    "也",
    "还",
    "够",
)
_KUAI_CUE = re.compile(
    "卖|挣|赚|花|收入|工资|营业额|价|贷|领|补贴|款|钱|赔|罚|捐|付|交|租|费|存|借|涨|收|斤|一[株枝个只]"
)
_KUAI_DECIMAL = regex.compile(r"(?:\d|[一二三四五六七八九])(?=[^\d.%\p{Han}A-Za-z]|一[斤株个枝]|$)")
# the last character of a noun of people or households (残疾人, 农户, 学生, 职工, 居民 …)
_PEOPLE_END = frozenset("人户者员民生工众童")
# what a bare amount counts when it stands between the money word and the number
_COUNTED = re.compile("人次|人数|户数|人口|次数|笔数|件数|个数|群体|人群|用户|客流")
# a currency after a bare amount that the units table does not know (新谢克尔, 新西兰元)
_CURRENCY_NOUN = re.compile("[元币镑]$|克尔|卢比|比索|法郎|兰特|林吉特|里拉|第纳尔")
# a price right after 一 + measure word: 一株9块, 一斤4.5元
_PRICE_AFTER = re.compile(r"[0-9]+(?:\.[0-9]+)?(?:块|元)")


def price_follows(s: str, end: int) -> bool:
    """True when a price in 块 or 元 starts at ``end``: after 一株 in 一株9块, 一斤4.5元.

    >>> price_follows("一株9块，不砍价", 2), price_follows("一株9棵", 2)
    (True, False)
    """
    return _PRICE_AFTER.match(s, end) is not None


class MoneyRules:
    """The money rules, with the units, the subject finder and the money words they read.

    ``money_words`` is the ``money_words`` table as one pattern (a word that makes an
    amount without a unit money: 资金, 投资, 收入 …).
    """

    def __init__(self, units: UnitTable, subjects: SubjectFinder, money_words: re.Pattern[str]) -> None:
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
        self._money = money_words

    # -- money without a unit ----------------------------------------------------------------------

    def no_unit_is_money(self, s: str, start: int, end: int) -> bool:
        """An amount with 万/亿 and no unit at ``[start, end)`` is money by its clause:
        资产收益资金达900万 (a money word before it), not 全市人口达900万 (none), 结算人次突破
        300万 (a count in between) or 1100多万困难残疾人 (people after it)."""
        word_end = self._money_word_end(s, start)
        if word_end < 0:
            return False  # 全市人口达900万: no money word in the clause
        if _COUNTED.search(s, word_end, start):
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
        return head is not None and (head[-1] in _PEOPLE_END or _CURRENCY_NOUN.search(head) is not None)

    # -- 块 ----------------------------------------------------------------------------------------

    def kuai_is_money(self, s: str, start: int, unit_end: int) -> bool:
        """块 after a number is yuan (spoken) when no noun follows it but a money noun or a
        particle (3000块, 五万块扶贫款, 4块多钱, 5块5) and the clause speaks of money (卖
        挣 收入 工资 价 …); 3块石头, 切成三块 stay counts."""
        nxt = s[unit_end : unit_end + 1]
        if (nxt.isdigit() or nxt in _CN_DIGIT_CHARS) and _KUAI_DECIMAL.match(s, unit_end):
            return True  # 5块5, 2块6一斤: a price in yuan and jiao
        if s.startswith(_KUAI_MONEY_NOUNS, unit_end):
            return True  # 17块人民币, 五万块扶贫款, 1000多块工资
        if nxt and _HAN.match(nxt) and not s.startswith(_KUAI_AFTER, unit_end):
            return False  # 3块石头, 近万块石砖: a noun follows
        a = self.subjects.clause_start(s, start)
        return _KUAI_CUE.search(s, a, start) is not None

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
