"""Organizations: 北票市水务局, 省教育厅, 中粮集团, 北票市农村信用合作联社, 辽宁日报.

Rules (table ``org_words.txt``), all on the normalized (simplified) text:

1. **Anchors.** One regex finds every suffix (局, 厅, 委, 办, 中心, 公司, 合作社, 银行, 医院,
   日报 …), every ``trap`` word that holds a suffix character but names nothing (干部, 部署,
   局面, 社会) and every suffix-less ``name`` (党中央). A trap swallows its characters, so
   the 部 of 干部 never fires; an anchor followed at once by another one is inside a longer
   name (北票市中心|医院, 市委|组织部) and gives nothing by itself.
2. **Left edge.** From the anchor the name runs back over Han characters, at most
   :data:`MAX_NAME` of them, to a punctuation mark or the end of the last ``stop`` word
   (协调派出单位|省教育厅, 目前|北票市林草局), and past a measure word after a number
   (1950年|考进…, 3名|省政协委员). A stop 和/与/及 inside a body (自治区林业和草原局) is crossed
   when the words before it end in no suffix and the longer name has a place or head word.
3. **Acceptance.** The name is kept when it starts with a ``head`` word or a province
   (中共天津市蓟州区委, 国网北票市供电公司, 山西老农民食品有限公司), with a place-shaped prefix
   (北票市水务局, 大庆市未来中医医院; at most ``_MAX_BODY`` characters between the two) or a
   bare ``level`` word and a body (省教育厅, 市委史志研究室, 县扶贫办, and 市电台 for media; not
   市委, 镇党委, 乡镇党委 or 乡村…). A head word further in starts the name there
   (根据|中国科学院, 研究中心|天津师范大学). Enterprises, cooperatives, banks, schools,
   hospitals, media and ``other`` bodies also keep a name of two or more characters of their
   own (中粮集团, 青年种植合作社). A name starting with a ``pronoun`` (该公司, 各合作社) or that
   is a ``generic`` noun (合作社, 帮扶单位) is not kept. After one accepted name, a suffix-only
   name joined to it by 和/、/及 shares its prefix (交城县组织部和中小企业局 → 中小企业局).
4. **Lists of enterprises.** The items of a list closed by 等 and an enterprise noun
   (以山西文源包装、泰峰包装、欧格软包等工业企业: :class:`.orgnames.NameLists`) are enterprises
   (or of the type of their own suffix: 公安部), the first one from its left edge (rule 2:
   以|山西文源包装), when one item starts with a province or ``head`` word and goes on
   (山西|文源包装, 中国|电信): a list of trades, rights or relatives (纺织、印染等小企业,
   土地经营权、林权等入股龙头企业, 配偶、子女等经商办企业) names none. Not a ``generic`` noun
   or a name starting with a ``pronoun``; an item that is a place alone (北京、上海等企业) is a
   place (the pipeline keeps no organization over a place).
5. **Nesting.** A name inside a longer one (中共大庆市委 in 中共大庆市委史志研究室) is dropped.

``org_type`` is the type of the longest suffix (组织部 → party; 局 → government; 集团 →
enterprise); a name starting with 中共 is party.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ...chars import SpanIndex
from ...lexicon import Lexicon
from ...lexicon.tables import ORG_TYPES, ORG_WORDS, PLACE_CUES, grouped
from .orgnames import NameLists
from .scan import trie_pattern

__all__ = ["MAX_NAME", "OrgFinder", "OrgSpan"]

MAX_NAME = 18
"""The most characters an organization name runs back from its suffix."""

_MAX_BODY = 10  # the most characters between a place prefix and the suffix
def _han(s: str, i: int) -> bool:
    """Whether ``s[i]`` is a common Han character (a plain comparison: this runs per character)."""
    return 0 <= i < len(s) and "\u3400" <= s[i] <= "\u9fff"
_COORD = frozenset("和与及、")
_NUMERALS = frozenset("0123456789０１２３４５６７８９")
_AFTER_NUMBER = frozenset("年月日号名个位家所座项")  # measure words after a number
# types whose own name is enough (中粮集团); the others need a place or level prefix
_SELF_NAMED = frozenset({"enterprise", "cooperative", "finance", "school", "health", "media", "other"})


@dataclass(frozen=True, slots=True)
class OrgSpan:
    """An organization found in normalized text: ``s[start:end] == name``."""

    start: int
    end: int
    name: str
    org_type: str


class OrgFinder:
    """Finds organization names in normalized text (see the module rules)."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = grouped(lexicon, ORG_WORDS)
        self._type: dict[str, str] = {}
        for t in ORG_TYPES:
            for w in words[t]:
                self._type.setdefault(w, t)
        self._suffixes = tuple(self._type)
        self._traps = frozenset(words["trap"])
        self._names = frozenset(words["name"])
        # the longest anchor at each place, as an alternation() of the words would find it
        self._anchor = re.compile(trie_pattern([*self._type, *self._traps, *self._names]))
        self._stop = re.compile(trie_pattern(words["stop"]))
        self._heads = tuple(sorted({*words["head"], *words["province"]}, key=len, reverse=True))
        self._levels = frozenset(words["level"])
        level_chars = "".join(sorted({w[-1] for w in words["level"]}))
        # a place-shaped prefix: a name of 1-6 characters and a level suffix, then a body
        self._place = re.compile(rf"^[^{level_chars}]{{1,6}}?[{level_chars}]")
        self._pronouns = frozenset(words["pronoun"])
        self._generic = frozenset(words["generic"])
        cues = grouped(lexicon, PLACE_CUES)
        self._lists = NameLists(cues["list_head"], cues["list_not"], cues["list_not_first"])

    def find(self, s: str) -> list[OrgSpan]:
        """Every organization in ``s``, in text order, none inside another.

        >>> from reportmine.lexicon import Lexicon
        >>> f = OrgFinder(Lexicon.load())
        >>> [o.name for o in f.find("邱巍协调派出单位省教育厅投入110万元，干部部署工作")]
        ['省教育厅']
        >>> [(o.name, o.org_type) for o in f.find("交城县组织部和中小企业局委派")]
        [('交城县组织部', 'party'), ('中小企业局', 'government')]
        """
        anchors = [(m.start(), m.end(), m.group()) for m in self._anchor.finditer(s)]
        found: list[OrgSpan] = []
        for k, (a, b, word) in enumerate(anchors):
            if word in self._traps:
                continue
            if word in self._names:
                party = word.startswith(("党", "中共"))
                found.append(OrgSpan(a, b, word, "party" if party else "government"))
                continue
            nxt = anchors[k + 1] if k + 1 < len(anchors) else None
            if nxt is not None and nxt[0] == b and len(nxt[2]) > 1 and nxt[2] not in self._traps:
                continue  # 北票市中心|医院: the name goes on (not 中小企业局|委派)
            org = self._name_before(s, a, b, word, found)
            if org is not None:
                found.append(org)
        found.extend(self._listed(s, found))
        return _outermost(found)

    def _listed(self, s: str, found: list[OrgSpan]) -> list[OrgSpan]:
        """Rule 4: 以|山西文源包装、泰峰包装、欧格软包等工业企业 → three enterprises, when an
        item starts with a province or head word and goes on (山西|文源包装): a list of trades
        or people (纺织、印染等小企业; 配偶、子女等经商办企业) holds none. An item found
        already by its suffix is kept as found (金兰公司)."""
        out: list[OrgSpan] = []
        taken: SpanIndex | None = None  # (an index, not a scan per item: a long list is no quadratic)
        for items in self._lists.lists(s):
            edged = ((max(a, self._left_edge(s, b)), b) for a, b in items)  # 以|山西文源包装
            names = [(a, b) for a, b in edged if self._listed_name(s[a:b])]
            if not any(self._head_and_body(s[a:b]) for a, b in names):
                continue
            if taken is None:
                taken = SpanIndex((o.start, o.end) for o in found)
            for a, b in names:
                if not taken.overlaps(a, b):
                    out.append(OrgSpan(a, b, s[a:b], self._listed_type(s[a:b])))
        return out

    def _listed_type(self, name: str) -> str:
        """An item's type: its own longest suffix's (公安部、中国银行等部委企业: 公安部 →
        government, 中国银行 → finance), else enterprise (泰峰包装)."""
        suffix = max((w for w in self._suffixes if name.endswith(w)), key=len, default=None)
        return "enterprise" if suffix is None else self._type[suffix]

    def _listed_name(self, name: str) -> bool:
        """An item of a list may be a name: two characters or more, not generic, no pronoun first."""
        return len(name) >= 2 and name not in self._generic and name[0] not in self._pronouns

    def _head_and_body(self, name: str) -> bool:
        """山西文源包装, 中国信科: a province or head word, then at least two characters."""
        return any(name.startswith(h) and len(name) - len(h) >= 2 for h in self._heads)

    def _name_before(self, s: str, a: int, b: int, suffix: str, found: list[OrgSpan]) -> OrgSpan | None:
        """The accepted name ending in the suffix ``s[a:b]``, or None."""
        left = self._left_edge(s, a)
        t = self._type[suffix]
        start = self._accepted_start(s, left, a, b, t)
        if start is None and left > 0 and s[left - 1] in _COORD and left - 1 > 0:
            if _shares_prefix(found, left - 1) and b - left > len(suffix):
                start = left  # 交城县组织部和|中小企业局
            elif s[left - 1] != "、" and not self._ends_in_suffix(s, left - 1):
                # 林业和草原局: the 和 is inside the name (of a body with a place, not 公安和银行)
                start = self._accepted_start(s, self._left_edge(s, left - 1), a, b, t, own_name=False)
        if start is None:
            return None
        name = s[start:b]
        if name.startswith("中共"):
            t = "party"
        return OrgSpan(start, b, name, t)

    def _left_edge(self, s: str, a: int) -> int:
        """Where a name ending before ``a`` starts: back over Han characters to a stop word."""
        i = a
        while i > 0 and a - i < MAX_NAME and "\u3400" <= s[i - 1] <= "\u9fff":  # (_han, inlined)
            i -= 1
        if i < a and s[i] in _AFTER_NUMBER and i > 0 and s[i - 1] in _NUMERALS:
            i += 1  # 1950年|考进…, 3名|省政协委员
        edge = i
        for m in self._stop.finditer(s, i, a):
            edge = max(edge, m.end())
        return edge

    def _ends_in_suffix(self, s: str, i: int) -> bool:
        """Whether ``s[:i]`` ends in an organization suffix (组织部|和)."""
        return s.endswith(self._suffixes, 0, i)  # (one call for every word of the table)

    def _accepted_start(
        self, s: str, left: int, a: int, b: int, t: str, *, own_name: bool = True
    ) -> int | None:
        """Where the acceptable name ending at ``b`` starts (rule 3): ``left``, or a head
        word inside (根据|中国科学院, 研究中心|天津师范大学), else None."""
        start = self._prefixed_start(s, left, a, b)
        if start is not None or not own_name or t not in _SELF_NAMED or a - left < 2:
            return start
        name = s[left:b]
        ok = name not in self._generic and name[0] not in self._pronouns
        return left if ok else None  # 中粮集团, 青年种植合作社

    def _prefixed_start(self, s: str, left: int, a: int, b: int) -> int | None:
        """Where a name with a head word, a level word or a place prefix starts, or None."""
        name = s[left:b]
        if a - left < 1 or name in self._generic or name[0] in self._pronouns:
            return None
        if name.startswith(self._heads):
            return left
        if name[0] in self._levels:
            # 省教育厅, 市委史志研究室, 市电台; not 市委, 镇党委, 乡镇党委, 乡村振兴广播站,
            # 县、乡驻村帮扶办公室
            body = a - left > 1 or self._type[s[a:b]] == "media"
            ok = body and name[1] not in self._levels and name[1] != "村"
            return left if ok and s[left - 1 : left] != "、" else None
        place = self._place.match(name)
        if place is not None and place.end() <= a - left <= place.end() + _MAX_BODY:
            return left
        for i in range(left + 1, a):  # 京|中国科学院: a head word inside
            if s.startswith(self._heads, i):
                return self._prefixed_start(s, i, a, b)
        return None


def _shares_prefix(found: list[OrgSpan], i: int) -> bool:
    """Whether an accepted organization ends at ``i`` (交城县组织部|和)."""
    return bool(found) and found[-1].end == i


def _outermost(orgs: list[OrgSpan]) -> list[OrgSpan]:
    """Drop names inside longer ones; keep text order."""
    orgs.sort(key=lambda o: (o.start, -o.end))
    out: list[OrgSpan] = []
    for o in orgs:
        if out and o.start < out[-1].end:
            # overlapping, not nested: keep the longer
            if o.end > out[-1].end and o.end - o.start > out[-1].end - out[-1].start:
                out[-1] = o
            continue
        out.append(o)
    return out
