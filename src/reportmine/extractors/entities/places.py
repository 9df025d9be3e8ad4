"""Place facts: division names from the shipped tables, villages and groups by their suffix.

Rules, in order, on the simplified (normalized) text (cues: ``lexicons/place_cues.txt``):

1. **Table names.** Every full name and generated short form of a province, prefecture,
   county or town (:mod:`.divisions`) is a candidate, leftmost-longest. Short forms without
   a level suffix (紫云, 蓟州, 朝阳), two-character names (范县, inside 示范县) and the
   ``weak`` words (新建, 延长 as verbs, 合作 of 合作社) are *weak*: kept only when a chain or
   the document confirms them (rule 4). Bare province names (辽宁, 天津) are strong.
2. **Suffixes.** A village no table lists is found by its suffix (村 屯 社区 嘎查): after a
   place it runs from there (西营子乡|川心店村); elsewhere its left edge is a ``stop``
   character (来到|赛罕他拉村) or, better, the longest ending that the village table holds
   (在|岔口村). ``generic`` stems are no names (全村, 贫困村, 万企帮万村), nor are 乡村 and a
   suffix starting a word (``after``: 村民, 镇压). A town (…乡, …镇) and a group (…组, …屯)
   are found by their suffix only right after a county or a village (…村三组).
3. **Re-mentions.** A village's name written again without its suffix is the village
   (在岔口百姓心目中 after 岔口村).
4. **Chains.** Places written together are linked: each link's ``parent`` is the one before
   it (辽宁省朝阳市朝阳县西营子乡川心店村; skipped levels: 贵州紫云硐口村), across 的 (交城县的
   西营镇) and along a list after a chained place (阿坝州黑水县、壤塘县、阿坝县: all three take
   阿坝州). A weak name in a chain, or whose division (or a division inside it) the document
   also writes in full, is confirmed (吕梁 with 交城县; 蓟州 with 蓟州区).
5. **Organizations.** A chain written right before an organization's body is part of its
   name and gives no place (北票市林草局, 大庆市委史志研究室; :mod:`.orgnames`), and so are the
   places starting an item of a list of enterprises (以山西文源包装、泰峰包装等工业企业: 山西),
   not a list of places (山西、陕西等地的企业).
6. **Codes.** Each place takes the 12-digit code of its division when the document leaves
   one choice: the chain's parent, then the other places of the document (same province,
   same prefecture) narrow the candidates (朝阳县 after 辽宁省朝阳市 → 211321000000). A
   village's code is looked up among the villages of its town, or of the document's
   counties.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from ...chars import is_han
from ...lexicon import Lexicon
from ...lexicon.tables import PLACE_CUES, grouped
from ...records import PlaceFact
from ..base import Context
from .divisions import Division, DivisionTable, divisions, villages
from .orgnames import NameLists, OrgEndings
from .scan import SentenceTexts

__all__ = ["LEVEL_RANK", "Place", "PlaceExtractor", "PlaceFinder", "dateline_place"]

LEVEL_RANK = {"province": 0, "city": 1, "county": 2, "town": 3, "village": 4, "group": 5, "other": 6}
# (literals only, not 社区|嘎查|[村屯]: the regex engine then skips to their first characters,
# five times faster over a whole text)
_VILLAGE_SUFFIX = re.compile(r"社区|嘎查|村|屯")
_TOWN_SUFFIX = ("街道", "苏木", "乡", "镇")
_TOWN_FIRST = frozenset(w[0] for w in _TOWN_SUFFIX)
_GROUP = re.compile(r"(?:[0-9]{1,2}|[一二三四五六七八九十]{1,3}|[\u4e00-\u9fff]{2,3})[组屯]")
_LIST_GAP = frozenset({"、", "和", "与", "及", "以及"})
_MAX_STEM = 6  # characters of a village name before its suffix, after a place
_MAX_FREE_STEM = 4  # … and without one before it
_SUFFIX_CHARS = frozenset("省市县区州盟旗乡镇")
_END_CHARS = frozenset("省市县区州盟旗乡镇道木")  # the last character of every full name
_END = re.compile("[省市县区州盟旗乡镇道木]")  # a stem ending in one would be a chain (同乡|村)


@dataclass(eq=False)
class Place:
    """A place found in normalized text ``[start, end)``: its level and candidate divisions."""

    start: int
    end: int
    value: str
    level: str
    divisions: tuple[Division, ...] = ()
    weak: bool = False
    confirmed: bool = False  # a village the table holds, or a chained one
    parent: Place | None = None
    chained: bool = False
    code: str | None = None
    children: list[Place] = field(default_factory=list, repr=False)


class _Matcher:
    """Every table form in a text, leftmost-longest, at C speed where it matters.

    A dictionary automaton over 40k Han names is slow in Python (and pyahocorasick slows
    down with thousands of first characters), so the scan is anchored instead:

    - every full name and suffixed short form ends in a level character (省 市 县 区 州 盟 旗
      镇 乡 街道 苏木): each such character found by a regex is looked back from
      (杜尔伯特县, 凉山州, 马友营乡);
    - bare province names (辽宁, 北京) come from one small regex;
    - other bare short forms (紫云, 蓟州, 朝阳) are looked for only where they could be
      confirmed: right before or after a name found so far (贵州|紫云, 紫云|县), and as the
      short forms of the divisions (and the divisions above them) the text names in full
      (蓟州 after 蓟州区, 吕梁 after 交城县).
    """

    def __init__(self, table: DivisionTable) -> None:
        forms = table.forms
        self.table = table
        self.suffixed = frozenset(f for f in forms if f[-1] in _END_CHARS and len(f) >= 2)
        tails: dict[str, set[int]] = {}  # the last two characters -> the lengths of the forms
        for f in self.suffixed:
            tails.setdefault(f[-2:], set()).add(len(f))
        self.tails = {t: tuple(sorted(ns, reverse=True)) for t, ns in tails.items()}
        self.bare = frozenset(f for f in forms if f[-1] not in _END_CHARS and len(f) >= 2)
        heads: dict[str, set[int]] = {}
        bare_tails: dict[str, set[int]] = {}
        for f in self.bare:
            heads.setdefault(f[:2], set()).add(len(f))
            bare_tails.setdefault(f[-2:], set()).add(len(f))
        self.bare_heads = {h: tuple(sorted(ns, reverse=True)) for h, ns in heads.items()}
        self.bare_tails = {t: tuple(sorted(ns, reverse=True)) for t, ns in bare_tails.items()}
        provinces = sorted(
            (f for f in self.bare if any(d.level == "province" for d, _ in forms[f])), key=len, reverse=True
        )
        self.provinces = re.compile("|".join(provinces))
        self.bare_of: dict[str, list[str]] = {}  # division code -> its bare short forms
        self._above: dict[str, frozenset[str]] = {}  # a form -> the bare forms to look for (cache)
        for f in self.bare:
            for d, _ in forms[f]:
                self.bare_of.setdefault(d.code, []).append(f)

    def spans(self, s: str) -> list[tuple[int, int]]:
        """Non-overlapping ``(start, end)`` of the forms in ``s``, leftmost then longest."""
        found = [m.span() for m in self.provinces.finditer(s)]
        tails = self.tails
        for m in _END.finditer(s, 1):
            e = m.end()
            for n in tails.get(s[e - 2 : e], ()):
                if n <= e and s[e - n : e] in self.suffixed:
                    found.append((e - n, e))
                    break
        strong = _leftmost_longest(found)
        found = strong + self._adjacent_bare(s, strong) + self._confirmed_bare(s, strong)
        return _leftmost_longest(found)

    def _adjacent_bare(self, s: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """贵州|紫云, 紫云|硐口村 is found later: bare forms right after or before a name."""
        out = []
        for a, b in spans:
            for n in self.bare_heads.get(s[b : b + 2], ()):
                if s[b : b + n] in self.bare and b + n <= len(s):
                    out.append((b, b + n))
                    break
            for n in self.bare_tails.get(s[a - 2 : a], ()) if a >= 2 else ():
                if n <= a and s[a - n : a] in self.bare:
                    out.append((a - n, a))
                    break
        return out

    def _confirmed_bare(self, s: str, spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
        """蓟州 after 蓟州区; 吕梁 after 交城县: bare forms of the named divisions and those above."""
        bare: set[str] = set()
        for a, b in spans:
            bare.update(self._bare_above(s[a:b]))
        out = []
        for form in bare:
            i = s.find(form)
            while i >= 0:
                out.append((i, i + len(form)))
                i = s.find(form, i + 1)
        return out


    def _bare_above(self, form: str) -> frozenset[str]:
        """The bare short forms of the divisions ``form`` names and of those above them
        (交城县 → 交城, 吕梁, 山西), worked out once per form."""
        got = self._above.get(form)
        if got is None:
            codes: set[str] = set()
            for d, _ in self.table.forms.get(form, ()):
                up: Division | None = d
                while up is not None and up.code not in codes:
                    codes.add(up.code)
                    up = self.table.parent(up)
            got = self._above[form] = frozenset(f for c in codes for f in self.bare_of.get(c, ()))
        return got


def _leftmost_longest(found: list[tuple[int, int]]) -> list[tuple[int, int]]:
    found.sort(key=lambda p: (p[0], -p[1]))
    out: list[tuple[int, int]] = []
    last = 0
    for a, b in found:
        if a >= last:
            out.append((a, b))
            last = b
    return out


class PlaceFinder:
    """Finds the places of a text (rules in the module docstring), built from a lexicon."""

    def __init__(self, lexicon: Lexicon) -> None:
        cues = grouped(lexicon, PLACE_CUES)
        self.generic = frozenset(cues["generic"])
        self.long_generic = tuple(w for w in cues["generic"] if len(w) >= 2)
        self.stop = frozenset(cues["stop"])
        # by first character (the suffix); a tuple, which ``str.startswith`` tries in one call
        self.after: dict[str, tuple[str, ...]] = {}
        for w in cues["after"]:
            self.after[w[0]] = (*self.after.get(w[0], ()), w)
        self.generic_lengths = sorted({len(w) for w in self.long_generic}, reverse=True)
        self.generic_set = frozenset(self.long_generic)
        self.weak_words = frozenset(cues["weak"])
        self.orgs = OrgEndings(cues["org"], cues["not_org"])
        self.lists = NameLists(cues["list_head"], cues["list_not"], cues["list_not_first"])
        self._table: DivisionTable | None = None
        self._matcher: _Matcher | None = None
        self._forms: dict[str, tuple[tuple[Division, ...], str, bool]] = {}  # see _form_facts

    @property
    def table(self) -> DivisionTable:
        """The division table (read on first use)."""
        if self._table is None:
            self._table = divisions()
        return self._table

    def find(self, s: str) -> list[Place]:
        """The places of ``s``, linked and coded (see the module docstring)."""
        places = self.table_places(s)
        places = self.suffix_places(s, places)
        link_chains(s, places)
        places = self.re_mentions(s, places)
        places = self.confirm_weak(places)
        places = self.drop_org_names(s, places)
        places = self.drop_listed_names(s, places)
        resolve_codes(self.table, places)
        return places

    # -- rule 1 ------------------------------------------------------------------------
    def table_places(self, s: str) -> list[Place]:
        """Division names: 辽宁省, 朝阳市, 紫云 (weak), 范县 (weak) …"""
        if self._matcher is None:
            self._matcher = _Matcher(self.table)
        out: list[Place] = []
        ends: set[int] = set()
        for a, b in self._matcher.spans(s):
            form = s[a:b]
            if self._word_follows(s, b, form):
                continue  # 镇压, 乡村振兴's 乡村
            divs, level, weak = self._form_facts(form)
            # a town or village name not written after a place or a clear edge (书法爱好者下乡)
            loose = level in ("town", "village") and not _left_edge(s, a, self.stop) and a not in ends
            out.append(Place(a, b, form, level, divs, weak=weak or loose))
            ends.add(b)
        return out

    def _form_facts(self, form: str) -> tuple[tuple[Division, ...], str, bool]:
        """What a table form says wherever it is written: its divisions, their level, and
        whether it is weak by itself (a ``weak`` word; a short form without a level suffix:
        紫云, 蓟州; two characters: 范县). Worked out once per form (issue 14)."""
        got = self._forms.get(form)
        if got is None:
            entries = self.table.forms[form]
            divs = tuple(d for d, _ in entries)
            full = any(f for _, f in entries)
            level = _common_level(divs, form)
            bare = not full and level != "province" and form[-1] not in _SUFFIX_CHARS  # 紫云, 蓟州
            weak = form in self.weak_words or bare or (len(form) == 2 and level != "province")
            got = self._forms[form] = (divs, level, weak)
        return got

    def _word_follows(self, s: str, end: int, form: str) -> bool:
        """镇压, 乡村: the form's suffix starts a word of the ``after`` table."""
        return s.startswith(self.after.get(form[-1], ()), end - 1)

    # -- rule 2 ------------------------------------------------------------------------
    def suffix_places(self, s: str, places: list[Place]) -> list[Place]:
        """Towns after a county (会立乡), villages (川心店村, 岔口村, 赛罕他拉嘎查), groups (…村三组)."""
        places = _drop_unjoinable_weak(s, places)
        places = sorted(places + list(self._towns(s, places, _Taken(places))), key=lambda p: p.start)
        strong: list[Place] = []
        for p in places:  # a weak name right after a place counts (贵州|紫云|硐口村)
            if not p.weak or (strong and strong[-1].end == p.start):
                strong.append(p)
        ends = {p.end: p for p in strong}
        taken = _Taken(strong)
        found: list[Place] = []
        for m in _VILLAGE_SUFFIX.finditer(s):
            a, b = m.span()
            if taken.covers(a) or s.startswith(self.after.get(s[b - 1], ()), b - 1):
                continue
            village = self._village(s, a, b, ends)
            if village is not None and not taken.overlaps(village.start, village.end):
                found.append(village)
                ends[village.end] = village
        # a weak name inside a village's name is none (朝阳寺村, 赛罕他拉村)
        in_villages = _Taken(found)
        kept = [p for p in places if not (p.weak and in_villages.overlaps(p.start, p.end))]
        found.extend(self._groups(s, found, _Taken(kept + found)))
        return sorted(kept + found, key=lambda p: p.start)

    def _village(self, s: str, a: int, b: int, ends: dict[int, Place]) -> Place | None:
        """The village whose suffix is ``s[a:b]``, or ``None``."""
        i = a
        while (
            i > 0
            and a - i < _MAX_STEM
            and ("\u4e00" <= s[i - 1] <= "\u9fff" or is_han(s[i - 1]))  # (the common case first)
            and s[i - 1] not in self.stop
            and i not in ends
        ):
            i -= 1
        if i in ends and ends[i].level != "other":  # chained after a place: 西营子乡|川心店村
            stem = s[i:a]
            if len(stem) >= 2 and not self._generic(stem):
                return Place(i, b, s[i:b], _suffix_level(s[a:b]), confirmed=True)
            return None
        # elsewhere: a name the village table holds, from a clear left edge (在|岔口村);
        # verbs before 村 (带动村, 确保村) and names no table holds are not taken
        stem = s[i:a]
        free = 2 <= len(stem) <= _MAX_FREE_STEM and _left_edge(s, i, self.stop)
        if free and not self._generic(stem) and s[i:b] in villages().names:
            return Place(i, b, s[i:b], _suffix_level(s[a:b]), confirmed=True)
        return None

    def _generic(self, stem: str) -> bool:
        """全, 贫困, 深度贫困, 同乡 (乡村), 两个: no village name."""
        if stem in self.generic or stem[-1] in _SUFFIX_CHARS or any(c.isdigit() for c in stem):
            return True
        # 部分农村, 两个村: the stem ends in a word of its own
        ends = (stem[-n:] for n in self.generic_lengths if n <= len(stem))
        return stem[-1] in "个们农" or any(e in self.generic_set for e in ends)

    def _towns(self, s: str, places: list[Place], taken: _Taken) -> Iterator[Place]:
        """…县X乡 / …县X镇: a town no table lists, right after a county (交城县|会立乡)."""
        for p in places:
            if p.level not in ("county", "city") or p.weak:
                continue
            if _TOWN_FIRST.isdisjoint(s[p.end + 2 : p.end + 5]):
                continue  # (most counties: no town suffix 2-4 characters on)
            for n in (2, 3, 4):
                e = p.end + n
                stem = s[p.end : e]
                suffix = next((x for x in _TOWN_SUFFIX if s.startswith(x, e)), None)
                if (
                    suffix is not None
                    and all(is_han(c) and c not in self.stop for c in stem)
                    and not self._generic(stem)
                    and not taken.overlaps(p.end, e + len(suffix))
                    and not self._word_follows(s, e + len(suffix), suffix)
                ):
                    yield Place(p.end, e + len(suffix), s[p.end : e + len(suffix)], "town", confirmed=True)
                    break

    def _groups(self, s: str, villages_: list[Place], taken: _Taken) -> Iterator[Place]:
        """…村三组 / …村X屯: a group right after a village."""
        for p in villages_:
            if p.level == "village":
                m = _GROUP.match(s, p.end)
                if m and not taken.overlaps(*m.span()):
                    yield Place(m.start(), m.end(), m.group(), "group", confirmed=True)

    # -- rule 3 ------------------------------------------------------------------------
    def re_mentions(self, s: str, places: list[Place]) -> list[Place]:
        """岔口 after 交城县会立乡岔口村: a chained village's name again, without its suffix
        or not, not inside another name."""
        chained = [p for p in places if p.level == "village" and p.chained and len(p.value) >= 3]
        stems = {p.value[:-1]: p for p in chained if p.value.endswith("村")}
        stems.update({p.value: p for p in chained})  # 支持|赛罕他拉村: no clear edge, but named before
        if not stems:
            return places
        taken = _Taken(places)
        found = []
        for stem in stems:
            start = s.find(stem)
            while start >= 0:
                end = start + len(stem)
                if (
                    not taken.overlaps(start, end)
                    and not self.orgs.body_end(s, end)
                    and _bounded(s, start, end)
                ):
                    found.append(Place(start, end, stem, "village", confirmed=True))
                    taken.add(start, end)
                start = s.find(stem, end)
        return sorted(places + found, key=lambda p: p.start)

    # -- rule 4 (after link_chains) --------------------------------------------------------
    def confirm_weak(self, places: list[Place]) -> list[Place]:
        """Keep a weak name when chained, or when the document writes its division in full."""
        strong = [d for p in places if not p.weak for d in p.divisions]
        strong_codes = {d.code for d in strong}
        out = []
        for p in places:
            if p.weak and not p.chained and not p.children:
                if p.value in self.weak_words:
                    continue  # 新建, 延长: only in a chain
                if not any(d.code in strong_codes or any(d.contains(x) for x in strong) for d in p.divisions):
                    continue
            out.append(p)
        return out

    # -- rule 5 ------------------------------------------------------------------------
    def drop_org_names(self, s: str, places: list[Place]) -> list[Place]:
        """北票市林草局: the chain before an organization's body is no place."""
        starts = sorted(p.start for p in places)
        drop: set[int] = set()
        for p in places:
            if p.children or p.level in ("village", "group"):
                continue  # 村党支部: a village's bodies are generic
            k = bisect.bisect_left(starts, p.end)
            stop = starts[k] if k < len(starts) else None
            if self.orgs.body_end(s, p.end, stop) is not None:
                q: Place | None = p
                while q is not None:
                    drop.add(id(q))
                    q = q.parent if q.chained else None
        return [p for p in places if id(p) not in drop]

    def drop_listed_names(self, s: str, places: list[Place]) -> list[Place]:
        """以山西文源包装、泰峰包装、欧格软包等工业企业: the places of an item of a list of
        enterprises, when the item goes on after them (山西|文源包装) and holds no village (a
        village's bodies are generic: 永和村合作社); an item that is a place alone stays one
        (北京、上海等企业)."""
        items = self.lists.items(s) if places else []
        if not items:
            return places
        starts = [p.start for p in places]
        drop: set[int] = set()
        for a, b in items:
            inside = places[bisect.bisect_left(starts, a) : bisect.bisect_left(starts, b)]
            if not inside or any(p.level in ("village", "group") for p in inside):
                continue
            last = max(p.end for p in inside)
            if b - last >= 2 and all(is_han(c) for c in s[last:b]):
                drop.update(id(p) for p in inside)
        return [p for p in places if id(p) not in drop]


class _Taken:
    """The spans already given to places (sorted, with the running maximum of their ends)."""

    def __init__(self, places: Iterable[Place]) -> None:
        spans = [(p.start, p.end) for p in places]  # (lists, not generators: built 4 times a document)
        spans.sort()
        self._set(spans)

    def _set(self, spans: list[tuple[int, int]]) -> None:
        self.spans = spans
        self.starts = [a for a, _ in spans]
        self.max_end: list[int] = list(itertools.accumulate([b for _, b in spans], max))

    def add(self, start: int, end: int) -> None:
        """Take ``[start, end)`` too."""
        self._set(sorted((*self.spans, (start, end))))

    def covers(self, i: int) -> bool:
        return self.overlaps(i, i + 1)

    def overlaps(self, start: int, end: int) -> bool:
        k = bisect.bisect_left(self.starts, end)  # the spans starting before `end`
        return k > 0 and self.max_end[k - 1] > start


def _drop_unjoinable_weak(s: str, places: list[Place]) -> list[Place]:
    """赛罕 after 胡吉吐莫镇 (…镇赛罕他拉村): a weak county name cannot follow a town."""
    out: list[Place] = []
    for p in places:
        if p.weak and out and out[-1].end == p.start and LEVEL_RANK[out[-1].level] >= LEVEL_RANK[p.level]:
            continue
        out.append(p)
    return out


def _left_edge(s: str, i: int, stop: frozenset[str]) -> bool:
    """A name may start at ``i``: the text's start, a non-Han character or a stop character."""
    c = s[i - 1] if i else ""
    return i == 0 or not ("\u4e00" <= c <= "\u9fff" or is_han(c)) or c in stop


def _bounded(s: str, start: int, end: int) -> bool:
    """岔口 stands as a word: not inside a longer Han run of a name (西岔口村)."""
    return not (start > 0 and s[start - 1] in "东西南北上下前后大小新老") and not s.startswith("村", end)


def _suffix_level(suffix: str) -> str:
    return "group" if suffix == "屯" else "village"


def _common_level(divs: tuple[Division, ...], form: str) -> str:
    """The level all candidates share, else the level the suffix says (朝阳市 → city …)."""
    levels = {d.level for d in divs}
    if len(levels) == 1:
        return levels.pop()
    if form.endswith(("州", "盟", "地区")):
        return "city"
    if form.endswith(("县", "旗", "区")):
        return "county"
    return min(levels, key=LEVEL_RANK.__getitem__)


def link_chains(s: str, places: list[Place]) -> None:
    """Set ``parent``: places written together (or across 的), then the items of a list."""
    prev: Place | None = None
    for p in places:
        if prev is not None and _joined(s, prev, p):
            p.parent, p.chained = prev, True
            prev.children.append(p)
            _narrow_level(prev, p)
        elif prev is not None and prev.parent is not None and prev.chained and _listed(s, prev, p):
            p.parent, p.chained = prev.parent, True  # 阿坝州黑水县、壤塘县
            prev.parent.children.append(p)
        prev = p


def _joined(s: str, a: Place, b: Place) -> bool:
    """辽宁省|朝阳市; 交城县的|西营镇: adjacent (or across 的), going down the levels."""
    gap = s[a.end : b.start]
    if gap not in ("", "的"):
        return False
    if gap == "的" and b.level not in ("town", "village", "group"):
        return False
    ra = min((LEVEL_RANK[d.level] for d in a.divisions), default=LEVEL_RANK[a.level])
    rb = max((LEVEL_RANK[d.level] for d in b.divisions), default=LEVEL_RANK[b.level])
    return ra < rb


def _listed(s: str, a: Place, b: Place) -> bool:
    """黑水县、壤塘县: the next item of a list, of the same level."""
    return s[a.end : b.start] in _LIST_GAP and a.level == b.level


def _narrow_level(parent: Place, child: Place) -> None:
    """朝阳市朝阳县: keep the candidates of each that fit the other, when some do."""
    if parent.divisions and child.divisions:
        inside = tuple(c for c in child.divisions if any(p.contains(c) for p in parent.divisions))
        if inside:
            child.divisions = inside
            child.level = _common_level(inside, child.value)
            outer = tuple(p for p in parent.divisions if any(p.contains(c) for c in inside))
            parent.divisions = outer
            parent.level = _common_level(outer, parent.value)


def resolve_codes(table: DivisionTable, places: list[Place]) -> None:
    """Give each place the code of its one remaining division (rule 6)."""
    anchors = [p.divisions[0] for p in places if len(p.divisions) == 1]
    prefixes = anchor_prefixes(anchors)  # (once a document: a 1 MB text names thousands)
    for p in places:
        divs = p.divisions
        if len(divs) > 1 and anchors:
            divs = _closest(divs, anchors, prefixes)
        if len(divs) == 1:
            p.code = divs[0].code
            p.divisions = divs
            p.level = divs[0].level
    counties: list[str] | None = None  # (the same for every village: asked once, when needed)
    for p in places:
        if p.level == "village" and p.code is None and p.value[-1:] in ("村", "区", "查"):
            if counties is None and (p.parent is None or p.parent.code is None or p.parent.level != "town"):
                counties = _counties(places)
            p.code = _village_code(p, counties or [])


def anchor_prefixes(anchors: list[Division]) -> list[tuple[int, set[str]]]:
    """The code prefixes of the divisions a document fixes, longest first, one set a level."""
    return [(digits, {a.code[:digits] for a in anchors}) for digits in (12, 9, 6, 4, 2)]


def _closest(
    divs: tuple[Division, ...], anchors: list[Division], prefixes: list[tuple[int, set[str]]] | None = None
) -> tuple[Division, ...]:
    """The candidates sharing the longest code prefix with a division the document fixes
    (``prefixes``: :func:`anchor_prefixes` of ``anchors``, computed here when not given)."""

    # the same division fixed elsewhere in the document counts most (朝阳区 … 北京市朝阳区),
    # then the longest code prefix shared with one: the best of _common_prefix over the
    # anchors, read from the anchors' prefixes (one set per level) instead of pair by pair
    if prefixes is None:
        prefixes = anchor_prefixes(anchors)

    def shared(d: Division) -> int:
        return next((digits for digits, seen in prefixes if d.code[:digits] in seen), 0)

    scores = {d: shared(d) for d in divs}
    best = max(scores.values())
    if best < 2:
        return divs
    return tuple(d for d in divs if scores[d] == best)


def _counties(places: list[Place]) -> list[str]:
    """The county prefixes (6 digits) of the document's coded counties and towns, sorted."""
    return sorted({q.code[:6] for q in places if q.code is not None and q.level in ("county", "town")})


def _village_code(p: Place, counties: list[str]) -> str | None:
    """The village's code within its town, else within the document's counties."""
    table = villages()
    if p.parent is not None and p.parent.code is not None and p.parent.level == "town":
        codes = table.find(p.value, p.parent.code[:9])
    else:
        codes = [c for prefix in counties for c in table.find(p.value, prefix)]
    return codes[0] if len(set(codes)) == 1 else None


class PlaceExtractor:
    """The ``place`` facts of a document (:class:`PlaceFinder` on its simplified text).

    >>> from reportmine.lexicon import Lexicon
    >>> finder = PlaceExtractor(Lexicon.load()).finder
    >>> places = finder.find("辽宁省朝阳市朝阳县西营子乡川心店村")
    >>> [(p.value, p.level, p.parent and p.parent.value, p.code) for p in places]
    ... # doctest: +NORMALIZE_WHITESPACE
    [('辽宁省', 'province', None, '210000000000'), ('朝阳市', 'city', '辽宁省', '211300000000'),
     ('朝阳县', 'county', '朝阳市', '211321000000'), ('西营子乡', 'town', '朝阳县', '211321224000'),
     ('川心店村', 'village', '西营子乡', '211321224201')]
    """

    kinds = frozenset({"place"})

    def __init__(self, lexicon: Lexicon) -> None:
        self.finder = PlaceFinder(lexicon)

    def places(self, ctx: Context) -> list[Place]:
        """The places of the document (normalized offsets), computed once per document."""
        return ctx.derived(self.finder.find, key=("places", id(self.finder)))

    def find(self, ctx: Context) -> Iterator[PlaceFact]:
        """One :class:`~reportmine.records.PlaceFact` per place, original offsets."""
        sentence = SentenceTexts(ctx)  # (places in text order: a sentence looked up once)
        for p in self.places(ctx):
            start, end, text = ctx.span(p.start, p.end)
            yield PlaceFact(
                text,
                start,
                end,
                p.value,
                sentence=sentence(p.start),
                doc_id=ctx.doc_id,
                level=p.level,
                parent=p.parent.value if p.parent is not None else None,
                code=p.code,
            )


def dateline_place(name: str | None) -> tuple[str, str | None] | None:
    """The dateline's place and its code when one division has that name (北京 → 110000000000).

    >>> dateline_place("北京"), dateline_place(None)
    (('北京', '110000000000'), None)
    """
    if not name:
        return None
    divs = {d.code for d, _ in divisions().forms.get(name, ())}
    return name, (divs.pop() if len(divs) == 1 else None)
