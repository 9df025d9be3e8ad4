"""Where a name runs on into an organization's name: shared by places and organizations.

A place written right before a body that ends in an organization word is part of that
organization's name, not a place of its own (docs/FACTS.md):

- 北票市林草局: 北票市 + 林草局 (局);
- 大庆市委史志研究室: 大庆市 + 委 (市委, the party committee);
- 国网北票市供电公司: 北票市 + 供电公司.

The body is a short run of Han characters (at most :data:`MAX_BODY`) that stops at
punctuation, at a stop character (的 和 在 …) and at the start of the next place; an
organization word inside a longer ordinary word does not end a name (干部, 部署, 举办,
社会: the table's ``not_org`` words). Words are in ``lexicons/place_cues.txt``.
"""

from __future__ import annotations

from collections.abc import Iterable

from ...chars import is_han

__all__ = ["MAX_BODY", "OrgEndings"]

MAX_BODY = 10  # Han characters between a place and the end of an organization word
_BREAK = frozenset("的和与及、在是把为对向将了等共有从并由于到给让被")


class OrgEndings:
    """The organization words (``org``) and the ordinary words holding one (``not_org``).

    >>> o = OrgEndings(["局", "委", "公司", "部"], ["干部", "委托"])
    >>> o.body_end("北票市林草局干部", 3)
    6
    >>> o.body_end("北票市干部群众", 3) is None
    True
    >>> o.body_end("北票市委托", 3) is None
    True
    """

    def __init__(self, org: Iterable[str], not_org: Iterable[str]) -> None:
        self.org = tuple(sorted(set(org), key=len, reverse=True))
        self.last_chars = frozenset(w[-1] for w in self.org)
        self.not_org = tuple(sorted(set(not_org), key=len, reverse=True))
        self._by_last: dict[str, list[str]] = {}
        for w in self.org:
            self._by_last.setdefault(w[-1], []).append(w)
        self._holding: dict[str, list[tuple[str, int]]] = {}  # char -> (not_org word, its index there)
        for w in self.not_org:
            for i, c in enumerate(w):
                self._holding.setdefault(c, []).append((w, i))

    def body_end(self, s: str, pos: int, stop: int | None = None) -> int | None:
        """The end of the organization name whose body starts at ``pos``, or ``None``.

        ``stop`` bounds the body (the start of the next place).
        """
        limit = min(len(s), pos + MAX_BODY, len(s) if stop is None else stop)
        for k in range(pos, limit):
            c = s[k]
            if c in _BREAK or not ("\u4e00" <= c <= "\u9fff" or is_han(c)):  # (the common case first)
                return None
            if c in self.last_chars and self._ends_org(s, pos, k + 1):
                return k + 1
        return None

    def _ends_org(self, s: str, pos: int, end: int) -> bool:
        """An ``org`` word ends at ``end`` (inside the body) and no ``not_org`` word covers it."""
        c = s[end - 1]
        if not any(end - len(w) >= pos and s.startswith(w, end - len(w)) for w in self._by_last[c]):
            return False
        # 干部: 部 inside a word; 委托: 委 at the start of one
        return not any(end - 1 - i >= 0 and s.startswith(w, end - 1 - i) for w, i in self._holding.get(c, ()))
