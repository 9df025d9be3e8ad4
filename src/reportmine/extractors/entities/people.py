"""People: 第一书记郭祥文, 董善禮主任, 徐海成说, 本报记者 张旭 摄, 阿不都·热合曼.

Rules (tables ``person_words.txt`` and ``surnames.txt``), on the normalized text:

1. **Cues.** One regex finds every title (书记, 主任, 第一书记 …), standing (贫困户), kinship
   word (妻子) and speech verb (说, 表示). A name is a surname of the table (compound ones
   first: 欧阳, 司马) and one or two more Han characters.
2. **Name after a cue** (titles, standings, kinship words; a closing quote may stand
   between: “第一书记”孔德辉): two given characters unless the second starts an ``end``
   word or a cue (王增文身患 → 王增文; 丁兰介绍 → 丁兰; 董迪在 → 董迪).
3. **Name before a cue** (titles and speech verbs: 董善禮主任, 徐海成说): three or two
   characters back to a boundary — a punctuation mark, the end of an organization, or a
   coordinating 、和 (邱巍、孟志宏协调 is read from the 、 side too). The role is the title;
   ``org`` is the organization written right before the name or the title
   (市委史志研究室董善禮主任 → org 市委史志研究室).
4. **·-names** (阿不都·热合曼) need no surname.
5. **Again without a cue.** A name found once is found again anywhere in the document
   (郭建功 ×13), outside organizations and other persons.
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass

import regex

from ...lexicon import Lexicon
from ...lexicon.tables import PERSON_WORDS, SURNAMES, grouped
from .orgs import OrgSpan
from .scan import trie_pattern

__all__ = ["PersonFinder", "PersonSpan"]

def _han(s: str, i: int) -> bool:
    """Whether ``s[i]`` is a common Han character (a plain comparison: this runs per character)."""
    return 0 <= i < len(s) and "\u3400" <= s[i] <= "\u9fff"
_DOT_NAME = regex.compile(r"(?<!\p{Han})\p{Han}{2,6}·\p{Han}{2,6}(?:·\p{Han}{2,6})?")
_OPEN_QUOTES = "“‘「『\""
_CLOSE_QUOTES = "”’」』\""
_COORD = frozenset("、和与及同")
# characters no given name holds (function words: 王增文的, 张三和)
_NOT_GIVEN = frozenset("的了是在和与及也都就还又把被从向对为等说个年月日人们这那有无不受让给上")


@dataclass(frozen=True, slots=True)
class PersonSpan:
    """A person found in normalized text: ``s[start:end]`` is the name (maybe with spaces)."""

    start: int
    end: int
    name: str
    role: str | None = None
    org: str | None = None


class PersonFinder:
    """Finds person names in normalized text (see the module rules)."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = grouped(lexicon, PERSON_WORDS)
        self._kind: dict[str, str] = {}
        for k in ("title", "standing", "kin", "speech"):
            for w in words[k]:
                self._kind.setdefault(w, k)
        self._cue = re.compile(trie_pattern(self._kind))  # (the longest cue at each place, as alternation())
        self._end = re.compile(trie_pattern([*words["end"], *self._kind]))
        self._not = re.compile(trie_pattern(words["not"]))  # a name starting with one is none
        names = [e.word for e in lexicon.table(SURNAMES)]
        self._single = frozenset(n for n in names if len(n) == 1)
        self._compound = frozenset(n for n in names if len(n) == 2)

    def find(self, s: str, orgs: Iterable[OrgSpan] = ()) -> list[PersonSpan]:
        """Every person in ``s`` outside ``orgs``, in text order.

        >>> from reportmine.lexicon import Lexicon
        >>> f = PersonFinder(Lexicon.load())
        >>> [(p.name, p.role) for p in f.find("第一书记郭祥文说，贫困户王增文身患重病。郭祥文来了")]
        [('郭祥文', '第一书记'), ('王增文', '贫困户'), ('郭祥文', None)]
        """
        org_list = list(orgs)
        taken = _Taken((o.start, o.end) for o in org_list)
        org_end = {o.end: o.name for o in org_list}
        found = self._cued(s, org_end, taken) + self._dot_names(s, taken)
        found += self._again(s, {p.name for p in found if len(p.name) >= 2}, taken)
        listed = self._listed(s, found, taken)  # 杨朝云、刘建华等 (杨朝云 found anywhere)
        found += listed + self._again(s, {p.name for p in listed if len(p.name) >= 2}, taken)
        found.sort(key=lambda p: p.start)
        return found

    def _cued(self, s: str, org_end: dict[int, str], taken: _Taken) -> list[PersonSpan]:
        """Names with a cue: a title or speech verb after (rule 3), or a cue before (rule 2)."""
        found: list[PersonSpan] = []
        for m in self._cue.finditer(s):
            cue, kind = m.group(), self._kind[m.group()]
            p = None
            if kind in ("title", "speech"):
                p = self._before(s, m.start(), cue if kind == "title" else None, org_end, taken)
            if p is None and kind != "speech":
                p = self._after(s, m.start(), m.end(), cue if kind != "kin" else None, org_end, taken)
            if p is not None:
                found.append(p)
        return found

    def _dot_names(self, s: str, taken: _Taken) -> list[PersonSpan]:
        """·-names (rule 4): 阿不都·热合曼."""
        found: list[PersonSpan] = []
        for m in _DOT_NAME.finditer(s) if "·" in s else ():
            a, b = m.start(), self._dot_name_end(s, m.start(), m.end())
            if b is not None and taken.free(a, b):
                taken.add(a, b)
                found.append(PersonSpan(a, b, s[a:b]))
        return found

    def _dot_name_end(self, s: str, a: int, b: int) -> int | None:
        """The end of a ·-name, before a cue or ``end`` word it ran into (阿不都·热合曼|说);
        None for a title written with · (为了民族复兴·英雄烈士谱 alone on its line, 点赞中国·让
        友谊辉映未来 running on)."""
        for i in range(s.rindex("·", a, b) + 3, b):
            if self._end.match(s, i):
                return i
        alone = s[a - 1 : a] in ("", "\n") and s[b : b + 1] in ("", "\n")
        runs_on = _han(s, b)
        return None if alone or runs_on or s.index("·", a) - a > 5 else b

    def is_name(self, name: str) -> bool:
        """Whether ``name`` reads as a name: a surname and one or two characters, or a ·-name
        (a photo credit's 路小飞, not 在拍)."""
        if "·" in name:
            return True
        sl = self._surname(name, 0)
        return bool(sl) and len(name) - sl in (1, 2) and self._not.match(name) is None

    def _surname(self, s: str, i: int) -> int:
        """The length of the surname at ``i`` (2 for 欧阳, 1 for 王), 0 for none."""
        if s[i : i + 2] in self._compound:
            return 2
        return 1 if s[i : i + 1] in self._single else 0

    def _given_ok(self, s: str, i: int) -> bool:
        return _han(s, i) and s[i] not in _NOT_GIVEN

    def _after(
        self, s: str, c0: int, c1: int, role: str | None, org_end: dict[int, str], taken: _Taken
    ) -> PersonSpan | None:
        """The name right after the cue ``s[c0:c1]`` (第一书记郭祥文, “第一书记”孔德辉)."""
        p = c1 + 1 if c1 < len(s) and s[c1] in _CLOSE_QUOTES else c1
        while p < len(s) and p - c1 < 3 and s[p] in " \u3000":  # 区委书记  王力军 (a byline)
            p += 1
        sl = self._surname(s, p)
        if not sl or not self._given_ok(s, p + sl):
            return None
        n = 2 if self._given_ok(s, p + sl + 1) and not self._end.match(s, p + sl + 1) else 1
        name = s[p : p + sl + n]
        if self._not.match(name) is not None or not taken.free(p, p + sl + n):
            return None
        taken.add(p, p + sl + n)
        q = c0 - 1 if c0 > 0 and s[c0 - 1] in _OPEN_QUOTES else c0
        return PersonSpan(p, p + sl + n, name, role, org_end.get(q))

    def _before(
        self, s: str, c0: int, role: str | None, org_end: dict[int, str], taken: _Taken
    ) -> PersonSpan | None:
        """The name right before the cue at ``c0`` (董善禮主任, 徐海成说)."""
        han = 0  # how many common Han characters stand right before the cue (at most 4)
        while han < 4 and han < c0 and "\u3400" <= s[c0 - han - 1] <= "\u9fff":
            han += 1
        for length in (3, 2, 4):
            a = c0 - length
            if length > han:
                continue
            sl = self._surname(s, a)
            if not sl or length - sl not in (1, 2) or not self._boundary(s, a, org_end):
                continue
            name = s[a:c0]
            if self._not.match(name) or any(c in _NOT_GIVEN for c in name[sl:]) or not taken.free(a, c0):
                continue
            taken.add(a, c0)
            return PersonSpan(a, c0, name, role, org_end.get(a))
        return None

    @staticmethod
    def _boundary(s: str, i: int, org_end: dict[int, str]) -> bool:
        """Whether a name may start at ``i``: after punctuation, an organization or 、和;
        not right after a digit (100余万元第一书记: 余 is 'more than' there, not a surname)."""
        if i == 0 or i in org_end or s[i - 1] in _COORD:
            return True
        return not _han(s, i - 1) and not s[i - 1].isdigit()

    def _listed(self, s: str, found: list[PersonSpan], taken: _Taken) -> list[PersonSpan]:
        """Names listed after a found one with 、 (郭祥文、杨朝云、刘建华等), each ending at a
        boundary."""
        out: list[PersonSpan] = []
        for p in found:
            i = p.end
            while i < len(s) and s[i] == "、":
                q = self._listed_name(s, i + 1, taken)
                if q is None:
                    break
                out.append(q)
                i = q.end
        return out

    def _listed_name(self, s: str, p: int, taken: _Taken) -> PersonSpan | None:
        sl = self._surname(s, p) if p < len(s) else 0
        for n in (2, 1):
            e = p + sl + n
            if sl and all(self._given_ok(s, k) for k in range(p + sl, e)) and _ends_name(s, e, self._end):
                if self._not.match(s, p, e) is not None or not taken.free(p, e):
                    return None
                taken.add(p, e)
                return PersonSpan(p, e, s[p:e])
        return None

    def _again(self, s: str, names: set[str], taken: _Taken) -> list[PersonSpan]:
        """Other mentions of names already found (rule 5)."""
        if not names:
            return []
        out = []
        for name in sorted(names, key=len, reverse=True):  # 欧阳明华 before 欧阳明
            i = s.find(name)
            while i >= 0:
                if taken.free(i, i + len(name)):
                    taken.add(i, i + len(name))
                    out.append(PersonSpan(i, i + len(name), name))
                i = s.find(name, i + len(name))
        return out


def _ends_name(s: str, e: int, end: re.Pattern[str]) -> bool:
    """Whether a listed name may end at ``e``: punctuation, 、, 等 or an ``end`` word."""
    return e >= len(s) or not _han(s, e) or s[e] in "、等" or end.match(s, e) is not None


class _Taken:
    """Spans already given to an organization or a person: kept sorted by start with the
    running maximum of their ends, so that "does ``[a, b)`` overlap one?" is a bisection
    (a scan of every span per question was a fifth of the person finder's time; the scan
    is the reference in ``tests/test_entities_fast.py``)."""

    def __init__(self, spans: Iterable[tuple[int, int]]) -> None:
        self._spans = sorted(spans)
        self._starts = [x for x, _ in self._spans]
        self._max_end = list(itertools.accumulate((y for _, y in self._spans), max))

    def free(self, a: int, b: int) -> bool:
        """Whether no span ``(x, y)`` has ``x < b`` and ``a < y``."""
        k = bisect.bisect_left(self._starts, b)  # the spans starting before b
        return not (k and self._max_end[k - 1] > a)

    def add(self, a: int, b: int) -> None:
        k = bisect.bisect_right(self._spans, (a, b))
        self._spans.insert(k, (a, b))
        self._starts.insert(k, a)
        top = self._max_end[k - 1] if k else b
        self._max_end[k:] = itertools.accumulate((y for _, y in self._spans[k:]), max, initial=top)
        del self._max_end[k]  # (the initial value)
