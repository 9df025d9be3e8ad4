"""Where a name runs on into an organization's name: shared by places and organizations.

A place written right before a body that ends in an organization word is part of that
organization's name, not a place of its own (docs/FACTS.md):

- 北票市林草局: 北票市 + 林草局 (局);
- 大庆市委史志研究室: 大庆市 + 委 (市委, the party committee);
- 国网北票市供电公司: 北票市 + 供电公司;
- the items of a list of enterprises (:class:`NameLists`): 以山西文源包装、泰峰包装、欧格软包等
  工业企业 — a list joined by 、 and closed by 等 and an enterprise noun (``list_head``: 企业,
  公司, 合作社 …) names enterprises, and 山西 of 山西文源包装 is part of a name. Not when the
  words between 等 and the noun make the items places or trades (山西、陕西等地的企业, 钢铁、
  水泥等重点行业企业: ``list_not``, ``list_not_first``).

The body is a short run of Han characters (at most :data:`MAX_BODY`) that stops at
punctuation, at a stop character (的 和 在 …) and at the start of the next place; an
organization word inside a longer ordinary word does not end a name (干部, 部署, 举办,
社会: the table's ``not_org`` words). Words are in ``lexicons/place_cues.txt``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from ...chars import is_han
from .scan import trie_pattern

__all__ = ["MAX_BODY", "MAX_ITEM", "NameLists", "OrgEndings"]

MAX_BODY = 10  # Han characters between a place and the end of an organization word
_BREAK = frozenset("的和与及、在是把为对向将了等共有从并由于到给让被")
MAX_ITEM = 12  # the most characters of one item of a list of enterprises
_MAX_BETWEEN = 8  # the most characters between 等 and the enterprise noun (等5家省内龙头企业)
_ITEM_CHARS = re.compile(r"[\u3400-\u9fffA-Za-z0-9·]")


def _item_char(s: str, i: int) -> bool:
    """Whether ``s[i]`` may be inside an item of a list of names (not 、 or a stop character)."""
    return s[i] not in _BREAK and _ITEM_CHARS.match(s, i) is not None


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
        # a character body_end must look at: a break, an organization word's last character,
        # or anything but a common Han character
        deciding = "".join(sorted(_BREAK | self.last_chars))
        self._deciding = re.compile(f"[{re.escape(deciding)}]|[^\u4e00-\u9fff]")
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
        k = pos
        while True:
            # (to the next character that can decide: the common Han characters in between
            # neither break the body nor end an organization word; the character-by-character
            # loop is the reference in tests/test_entities_fast.py)
            m = self._deciding.search(s, k, limit)
            if m is None:
                return None
            k = m.start()
            c = s[k]
            if c in _BREAK or not ("\u4e00" <= c <= "\u9fff" or is_han(c)):  # (the common case first)
                return None
            if c in self.last_chars and self._ends_org(s, pos, k + 1):
                return k + 1
            k += 1

    def _ends_org(self, s: str, pos: int, end: int) -> bool:
        """An ``org`` word ends at ``end`` (inside the body) and no ``not_org`` word covers it."""
        c = s[end - 1]
        if not any(end - len(w) >= pos and s.startswith(w, end - len(w)) for w in self._by_last[c]):
            return False
        # 干部: 部 inside a word; 委托: 委 at the start of one
        return not any(end - 1 - i >= 0 and s.startswith(w, end - 1 - i) for w, i in self._holding.get(c, ()))


class NameLists:
    """The items of lists of enterprise names (see the module docstring).

    >>> lists = NameLists(["企业", "公司"], ["行业", "的"], ["地"])
    >>> s = "以山西文源包装、泰峰包装、欧格软包等工业企业解决就业"
    >>> [s[a:b] for a, b in lists.items(s)]
    ['以山西文源包装', '泰峰包装', '欧格软包']
    >>> lists.items("山西、陕西等地的企业"), lists.items("钢铁、水泥等重点行业企业")
    ([], [])
    """

    def __init__(self, heads: Iterable[str], not_words: Iterable[str], not_first: Iterable[str]) -> None:
        self._close = re.compile(f"等([\u4e00-\u9fff0-9]{{0,{_MAX_BETWEEN}}}?)(?:{trie_pattern(heads)})")
        self._not = tuple(not_words)
        self._not_first = tuple(not_first)

    def items(self, s: str) -> list[tuple[int, int]]:
        """``(start, end)`` of each item of every list (:meth:`lists`), in text order."""
        return [item for items in self.lists(s) for item in items]

    def lists(self, s: str) -> list[list[tuple[int, int]]]:
        """The items of every list closed by 等 + an enterprise noun, one list each, in text
        order; the first item runs back to punctuation or a stop character (以 is none:
        以山西文源包装 is the first item, the place inside it starts after a non-name word)."""
        out: list[list[tuple[int, int]]] = []
        i = s.find("等")
        while i >= 0:
            m = self._close.match(s, i)
            if m is not None and self._names_items(m.group(1)):
                items = self._items_before(s, i)
                if items:
                    out.append(items)
            i = s.find("等", i + 1)
        return out

    def _names_items(self, between: str) -> bool:
        """等工业企业, 等27家企业: yes; 等地的企业, 等重点行业企业, 等国企业: no."""
        return not (between.startswith(self._not_first) or any(w in between for w in self._not))

    @staticmethod
    def _items_before(s: str, end: int) -> list[tuple[int, int]]:
        """The items joined by 、 that end at ``end`` (at least two, else none)."""
        items: list[tuple[int, int]] = []
        while True:
            start = end
            while start > 0 and end - start < MAX_ITEM and _item_char(s, start - 1):
                start -= 1
            if start == end:
                break
            items.append((start, end))
            if start == 0 or s[start - 1] != "、":
                break
            end = start - 1
        return items[::-1] if len(items) >= 2 else []
