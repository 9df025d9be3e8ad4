"""The ``actor`` of a quantity fact: who invested, donated, built, trained, helped ….

Rule (table ``actor_verbs.txt``), on the normalized text, inside the fact's sentence:

1. The verb: the last actor ``verb`` before the fact in its clause (北票市水务局投入资金|
   100余万元; …，修村组路|1.9公里 finds 修 and its actor 北票市水务局 across the comma).
2. The actor: the organization or person nearest before the verb. It is dropped — and no
   other is looked for — when a ``skip`` verb stands between them (孔德辉积极协调派出单位投入:
   none; but 邱巍协调派出单位省教育厅投入 → 省教育厅, the nearest), when a 的 follows it closely
   (管委会帮扶的…村…增收: the name only modifies), when a break word (带动, 介绍, 表示: 孔令辉介绍
   …) or sentence punctuation stands between, when a preposition stands right before the
   name (为北票市三中购买: it receives; 跟|…公司: a partner), when an actor verb does (华西医院援建
   了|马边人民医院; 看望…家属张玉琴: an object; a ``reach`` verb) or when it is quoted
   (援建13所“武警春蕾希望学校”). A ``reach`` verb between the name and the verb hands the
   action on too (郭建功…找到帮扶企业赞助2万元: none).
3. The verb and the fact are in one clause: no comma between them.
4. Only counts, money, areas, lengths, weights and volumes get an actor: a share or a span of
   time is not something a body invests or builds (提供24小时服务).
"""

from __future__ import annotations

import re
from bisect import bisect_left, bisect_right
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from ...lexicon import Lexicon
from ...lexicon.tables import ACTOR_VERBS, grouped
from .scan import trie_pattern

__all__ = ["ActorLinker", "Named", "Names"]

# 为|北票市第三高级中学 receives; 跟|…公司, 与|幼师学院 partner; 以|县培训中心为重点, 在|北京大学…提议下
_RECEIVER = frozenset("为向给对帮替跟与和同以在、")
_MAX_GAP = 80  # the most characters between the actor and its verb
_MODIFIER = 5  # a 的 this close after the name makes it a modifier (管委会帮扶的…)


@dataclass(frozen=True, slots=True)
class Named:
    """An organization or person in normalized offsets, with the value an actor takes."""

    start: int
    end: int
    value: str


class Names:
    """The named entities of a document, sorted by start, for the two questions the linker
    asks of every verb and fact: which name contains a span, which names lie in a range.

    Built once per document (issue 19): asking a list of every name for every verb of every
    fact took quadratic time on a long text without punctuation. Each answer is the one a
    scan of the sorted list gives (``tests/test_entities_speed.py`` checks against it).
    """

    __slots__ = ("_longest", "_names", "_starts")

    def __init__(self, names: Iterable[Named]) -> None:
        self._names = sorted(names, key=lambda n: n.start)
        self._starts = [n.start for n in self._names]
        self._longest = max((n.end - n.start for n in self._names), default=0)

    def __len__(self) -> int:
        return len(self._names)

    def contain(self, a: int, b: int) -> bool:
        """Whether some name holds ``[a, b)`` (马修 holds 修): only names starting at most
        the longest name's length before ``a`` can."""
        k = bisect_right(self._starts, a)
        low = a - self._longest
        while k > 0 and self._starts[k - 1] >= low:
            k -= 1
            if self._names[k].end >= b:
                return True
        return False

    def within(self, a: int, b: int) -> list[Named]:
        """The names inside ``[a, b)``, in order of start."""
        lo, hi = bisect_left(self._starts, a), bisect_right(self._starts, b)
        return [n for n in self._names[lo:hi] if n.end <= b]


class ActorLinker:
    """Finds the actor of quantity facts from the named entities before them."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = grouped(lexicon, ACTOR_VERBS)
        # word lists as trie regexes: the matches of their longest-first alternations, each
        # character tried once (:func:`.scan.trie_pattern`, checked against them in the tests)
        self._verb = re.compile(trie_pattern(words["verb"]))
        self._skip = re.compile(trie_pattern([*words["skip"], *words["reach"]]))
        self._reaches = re.compile(trie_pattern([*words["verb"], *words["reach"]]))
        # (…，“一间房装修…: a quotation starts, its speaker is no actor)
        self._break = re.compile(trie_pattern(words["break"]) + "|[；;。！？!?：:]|[，,]“")
        self._clause = re.compile("[，,：:；;。！？!?（(]")
        self._clause_start = re.compile("[，,：:；;。！？!?、（(“]")

    def actor(
        self, s: str, sentence: tuple[int, int], fact_start: int, names: Names | Sequence[Named]
    ) -> str | None:
        """The actor of the fact starting at ``fact_start`` in the sentence ``sentence``
        (``names``: the document's, best as :class:`Names` built once for all its facts).

        >>> from reportmine.lexicon import Lexicon
        >>> s = "邱巍协调派出单位省教育厅投入110万元"
        >>> names = [Named(0, 2, "邱巍"), Named(8, 12, "省教育厅")]
        >>> ActorLinker(Lexicon.load()).actor(s, (0, len(s)), 14, names)
        '省教育厅'
        """
        a, _ = sentence
        index = names if isinstance(names, Names) else Names(names)
        verb = None
        for m in self._verb.finditer(s, a, fact_start):
            if _acts(s, m.start(), m.end(), index):
                verb = m
        if verb is None or self._clause.search(s, verb.end(), fact_start):
            return None  # …新建了一个车间，不良率…高|7个百分点: another clause
        before = index.within(a, verb.start())
        if not before:
            return None
        e = max(before, key=lambda n: n.end)
        if verb.start() - e.end > _MAX_GAP or _receiver(s, e) or self._object(s, e):
            return None
        if self._skip.search(s, e.end, verb.start()) or self._break.search(s, e.end, verb.start()):
            return None
        if "的" in s[e.end : min(e.end + _MODIFIER, verb.start())]:
            return None  # 管委会帮扶的|…村: the name only modifies
        return e.value


    def _object(self, s: str, e: Named) -> bool:
        """Whether an actor verb stands before the name in its clause (华西医院援建了|马边人民医院,
        援建1811所|春蕾学校): the name is its object."""
        a = max(0, e.start - _MAX_GAP)
        for m in self._clause_start.finditer(s, a, e.start):
            a = m.end()
        return self._reaches.search(s, a, e.start) is not None


def _acts(s: str, a: int, b: int, names: Names) -> bool:
    """Whether the verb word ``s[a:b]`` is an action: not a noun (铁路建设的源头, 生产、建设、
    销售) and not inside a name (马修)."""
    if s[b : b + 1] in ("的", "、"):
        return False
    return not names.contain(a, b)


def _receiver(s: str, e: Named) -> bool:
    """Whether the name receives (为|北票市三中) or is quoted (“武警春蕾希望学校”)."""
    before = s[e.start - 1] if e.start > 0 else ""
    return before in _RECEIVER or (before in "“‘「" and s[e.end : e.end + 1] in "”’」")
