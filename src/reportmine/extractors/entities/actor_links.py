"""The ``actor`` of a quantity fact: who invested, donated, built, trained, helped ….

Rule (table ``actor_verbs.txt``), on the normalized text, inside the fact's sentence:

1. The verb: the last actor ``verb`` before the fact (北票市水务局投入资金|100余万元;
   …修村组路|1.9公里 finds 修). No ``break`` word may stand between the verb and the fact
   (…扶持资金，发展…，带动|107户: the project, not the body, does it).
2. The actor: the organization or person nearest before the verb. It is dropped — and no
   other is looked for — when a ``skip`` verb stands between them (孔德辉积极协调派出单位投入:
   none; but 邱巍协调派出单位省教育厅投入 → 省教育厅, the nearest), when a 的 does (管委会帮扶的
   …村…增收: the name only modifies), when a break word or sentence punctuation does, or
   when a preposition stands right before the name (为北票市三中购买: it receives).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from ...chars import alternation
from ...lexicon import Lexicon
from ...lexicon.tables import ACTOR_VERBS, grouped

__all__ = ["ActorLinker", "Named"]

_RECEIVER = frozenset("为向给对帮替")  # 为|北票市第三高级中学: a receiver, not an agent
_MAX_GAP = 80  # the most characters between the actor and its verb


@dataclass(frozen=True, slots=True)
class Named:
    """An organization or person in normalized offsets, with the value an actor takes."""

    start: int
    end: int
    value: str


class ActorLinker:
    """Finds the actor of quantity facts from the named entities before them."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = grouped(lexicon, ACTOR_VERBS)
        self._verb = re.compile(alternation(words["verb"]))
        self._skip = re.compile(alternation(words["skip"]))
        self._break = re.compile(alternation(words["break"]) + "|的|[；;。！？!?]")

    def actor(self, s: str, sentence: tuple[int, int], fact_start: int, names: Sequence[Named]) -> str | None:
        """The actor of the fact starting at ``fact_start`` in the sentence ``sentence``.

        >>> from reportmine.lexicon import Lexicon
        >>> s = "邱巍协调派出单位省教育厅投入110万元"
        >>> ActorLinker(Lexicon.load()).actor(s, (0, len(s)), 14, [Named(0, 2, "邱巍"), Named(8, 12, "省教育厅")])
        '省教育厅'
        """
        a, _ = sentence
        verb = None
        for m in self._verb.finditer(s, a, fact_start):
            verb = m
        if verb is None or self._break.search(s, verb.end(), fact_start):
            return None
        before = [n for n in names if a <= n.start and n.end <= verb.start()]
        if not before:
            return None
        e = max(before, key=lambda n: n.end)
        if verb.start() - e.end > _MAX_GAP or (e.start > 0 and s[e.start - 1] in _RECEIVER):
            return None
        if self._skip.search(s, e.end, verb.start()) or self._break.search(s, e.end, verb.start()):
            return None
        return e.value
