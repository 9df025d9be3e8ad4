"""Program facts: named programs, campaigns and mechanisms written in quotes.

Rules, in order (tables: ``program_categories.txt``, ``program_cues.txt``):

1. a quoted name followed by a category word (“五个一”活动), or by a short category phrase
   ending in one (“3558”脱贫攻坚行动), is a program; the span and the value include the
   category;
2. quoted names chained before a shared category (“A”“B”活动, “A”、“B”活动) are programs
   too; only the last one carries the category in its span;
3. one pair of quotes listing as many names as the count before the category
   (“A、B、C、D”四项活动) gives one program per name (span without the quote marks);
   names of fewer than four characters make it a list of slogans (“禁新建、减存量…”七大行动);
4. a quoted name that itself ends in a category word (“六大行动”) is a program;
5. a bare quoted name is a program only when it ends in a mechanism word (“爱心超市”)
   and is not followed by a word that marks a slogan or principle (“…”的原则).

Never programs: a quote right after a `before` word (被评为“…”: an honour), a category
word that starts a longer `block` word (“三个比对”项目付款预警机制), quoted clauses
(`clause` words inside: “有信心把水电站建成……示范工程”), long descriptions holding
的 that end in a category word, `generic` terms (“台独”).

Values are simplified, without quote marks (inner quotes dropped too), with spaces kept
as written. Names inside 《》 titles are part of the title, not programs.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

import regex

from ..chars import CN_DIGIT_VALUE, CN_ONE_TO_NINE, HAN_SCRIPT, alternation, alternation_re, inside
from ..lexicon import Lexicon
from ..lexicon.tables import PROGRAM_CATEGORIES, PROGRAM_CUES, grouped
from ..records import Fact, ProgramFact
from .base import Context
from .quotes import Quote, find_quotes, find_titles, strip_quotes, written_value

__all__ = ["ProgramExtractor", "ProgramMatch"]

_HAN = regex.compile(HAN_SCRIPT)
_MAX_NAME = 40  # characters inside the quotes
_MAX_PHRASE = 6  # characters between the quotes and a phrase category
_MIN_ITEM = 4  # characters of each name in a listed “A、B、C”四项活动 (shorter ones are slogans)
_LONG_INNER = 12  # a longer quoted name ending in a category word may not hold 的 (a description)
_SLOGAN = re.compile(r"[，,；;！!？?。:：]")
_LIST_SEP = "、"
_SENTENCE_END = re.compile(r"[\n。！？!?]")
_CHAIN_GAP = re.compile(r"(?:、|和|与|及|以及)?")
_COUNT_DIGITS = CN_ONE_TO_NINE + "两"  # the digits of a count of names: 四项, 两大, 十二个
_COUNT = re.compile(rf"([0-9]+|[{_COUNT_DIGITS}十]{{1,3}})(?:项|个|大|类|种)?")
_COUNTED = re.compile(rf"(?:[0-9]+|[{_COUNT_DIGITS}十]{{1,3}})(?:项|个|大|类|种)")
_INNER_QUOTED = re.compile(r"‘[^’]*’|「[^」]*」|『[^』]*』|“[^”]*”")
_CN_DIGITS = {c: CN_DIGIT_VALUE[c] for c in _COUNT_DIGITS}


class ProgramMatch(NamedTuple):
    """A program found in normalized text: span ``[start, end)``, value span, category."""

    start: int
    end: int
    category: str | None


class _Tables:
    """Compiled program tables."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.categories = {c.word: c.flags for c in lexicon.table(PROGRAM_CATEGORIES)}
        cues = {kind: set(words) for kind, words in grouped(lexicon, PROGRAM_CUES).items()}
        self.suffixes = tuple(sorted(cues["suffix"], key=len, reverse=True))
        self.after = tuple(sorted(cues["after"], key=len, reverse=True))
        self.stop = frozenset(cues["stop"])
        self.stop_chars = frozenset(w for w in cues["stop"] if len(w) == 1)
        self.stop_words = tuple(w for w in cues["stop"] if len(w) > 1)
        self.block = tuple(cues["block"])
        self.titles = frozenset(cues["title"])
        self.speech = tuple(cues["speech"])
        self.generic = frozenset(cues["generic"])
        self.lead = tuple(cues["lead"])
        self.clause = tuple(cues["clause"])
        self.before = tuple(cues["before"])
        self.by_length = sorted(self.categories, key=len, reverse=True)
        self.phrase_cats = [c for c in self.by_length if "phrase" in self.categories[c]]
        self.inner_cats = tuple(c for c in self.by_length if "inner" in self.categories[c])
        self._cat_re = _words_re(self.by_length)
        self._block_re = _words_re(self.block)
        # issue 19: "holds one of these words" as one compiled search, not a loop of `in` tests
        self.clause_re = _words_re(self.clause)
        self.speech_or_clause_re = _words_re(self.speech + self.clause)
        # a short phrase ending in a phrase category (smallest phrase first)
        cats = alternation(self.phrase_cats)
        self.phrase_re = regex.compile(rf"({HAN_SCRIPT}{{1,{_MAX_PHRASE}}}?)(?:{cats})")

    def category_at(self, s: str, i: int) -> str | None:
        """The longest category word starting at ``s[i]`` (not a blocked longer word)."""
        if self._block_re is not None and self._block_re.match(s, i):
            return None
        m = self._cat_re.match(s, i) if self._cat_re is not None else None
        return m.group() if m else None


def _words_re(words: list[str] | tuple[str, ...]) -> re.Pattern[str] | None:
    return alternation_re(words) if words else None


class ProgramExtractor:
    """Finds program facts (see the module docstring for the rules)."""

    kinds: frozenset[str] = frozenset({"program"})

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self._t = _Tables(lexicon)

    def find(self, ctx: Context) -> Iterator[Fact]:
        """Yield the program facts of ``ctx``."""
        for m in self.doc_matches(ctx):
            if ctx.text.is_damaged(m.start, m.end):
                continue
            os_, oe, otext = ctx.span(m.start, m.end)
            value = strip_quotes(written_value(ctx.text, m.start, m.end)).strip()
            yield ProgramFact(
                text=otext,
                start=os_,
                end=oe,
                value=value,
                sentence=ctx.sentence(m.start),
                doc_id=ctx.doc_id,
                category=m.category,
            )

    def spans(self, s: str) -> list[tuple[int, int]]:
        """Normalized spans of the programs in ``s`` (for other extractors to avoid)."""
        return [(m.start, m.end) for m in self.matches(s)]

    def doc_spans(self, ctx: Context) -> list[tuple[int, int]]:
        """:meth:`spans` of ``ctx``'s text, computed once per document."""
        return ctx.derived(lambda _: [(m.start, m.end) for m in self.doc_matches(ctx)], self._key("spans"))

    def matches(self, s: str) -> list[ProgramMatch]:
        """Programs in the normalized text ``s``, in text order."""
        return self._matches(s, find_titles(s), find_quotes(s))

    def doc_matches(self, ctx: Context) -> list[ProgramMatch]:
        """:meth:`matches` of ``ctx``'s text, computed once per document (shared with the
        other extractors built from the same lexicon, which avoid program names)."""
        return ctx.derived(
            lambda s: self._matches(s, ctx.derived(find_titles), ctx.derived(find_quotes)),
            self._key("matches"),
        )

    def _key(self, what: str) -> tuple[object, ...]:
        # results depend on the class and the lexicon only
        return (type(self), self.lexicon, what)

    def _matches(self, s: str, titles: list[tuple[int, int]], all_quotes: list[Quote]) -> list[ProgramMatch]:
        quotes = [q for q in all_quotes if q.depth == 0 and not inside(titles, q.start, q.end)]
        out: list[ProgramMatch] = []
        chain: list[Quote] = []  # quoted names waiting for a shared category
        for k, q in enumerate(quotes):
            a, b = q.inner
            name = s[a:b]
            listed = self._listed(s, q)
            if listed:
                out.extend(listed)
                chain = []
                continue
            clean = strip_quotes(name).strip()
            if not self._name_ok(name, clean) or s.endswith(self._t.before, 0, q.start):
                chain = []
                continue
            chain.append(q)
            cat_end, cat = self._category_after(s, q.end)
            if cat is not None:
                out.extend(ProgramMatch(c.start, c.end, cat) for c in chain[:-1])
                out.append(ProgramMatch(q.start, cat_end, cat))
                chain = []
                continue
            # does the next quote continue a chain (“A”“B”, “A”、“B”)?
            nxt = quotes[k + 1] if k + 1 < len(quotes) else None
            gap = _CHAIN_GAP.match(s, q.end)
            chained = nxt is not None and gap is not None and gap.end() == nxt.start
            inner = self._inner_category(clean)
            if inner is not None or self._bare_ok(s, q, clean):
                out.append(ProgramMatch(q.start, q.end, inner))
                if not chained:
                    chain = []
                else:
                    chain.pop()
                continue
            if not chained:
                chain = []
        out.sort(key=lambda m: (m.start, m.end))
        return _dedupe(out)

    # -- pieces ------------------------------------------------------------------------
    def _name_ok(self, name: str, clean: str) -> bool:
        if not clean or len(clean) > _MAX_NAME or _SENTENCE_END.search(name):
            return False
        if clean in self._t.titles or clean in self._t.generic:
            return False
        return bool(_HAN.search(clean)) or clean.isdigit()

    def _category_after(self, s: str, i: int) -> tuple[int, str | None]:
        """``(end, category)`` of a category word or phrase starting at ``s[i]``."""
        t = self._t
        cat = t.category_at(s, i)
        if cat is not None:
            end = i + len(cat)
            nxt = t.category_at(s, end)  # 志愿服务活动, 主题教育活动
            while nxt is not None:
                end += len(nxt)
                nxt = t.category_at(s, end)
            return end, s[i:end]
        if _COUNTED.match(s, i):
            return i, None  # “A、B”三项活动 with the wrong count: a list, not a name
        # a short category phrase: 脱贫攻坚行动, 精准脱贫专项行动
        m = t.phrase_re.match(s, i)
        if m is None:
            return i, None
        mid = m.group(1)
        if any(c in t.stop_chars for c in mid) or any(w in mid for w in t.stop_words):
            return i, None
        cat = t.category_at(s, m.end(1))
        if cat is None or "phrase" not in t.categories.get(cat, ()):
            return i, None
        return m.end(1) + len(cat), s[i : m.end(1) + len(cat)]

    def _inner_category(self, clean: str) -> str | None:
        """The inner category word ``clean`` (a name without quote marks) ends in, if any:
        “六大行动” → 行动. (Most names end in none: that test goes first.)"""
        t = self._t
        if not clean.endswith(t.inner_cats):  # (a tuple: any of them)
            return None
        if clean in t.generic or clean.startswith(t.lead):
            return None
        if _holds(t.clause_re, clean):
            return None  # a quoted clause: “有信心把水电站建成……示范工程”
        if len(clean) > _LONG_INNER and "的" in _outer(clean) and "——" not in clean:
            return None  # a description: “一次温暖人心的文化交流活动” (not a titled “……——……活动”)
        for c in t.inner_cats:
            if clean.endswith(c) and len(clean) >= len(c) + 2 and not _SLOGAN.search(clean):
                return c
        return None

    def _bare_ok(self, s: str, q: Quote, clean: str) -> bool:
        """A bare quoted name ending in a mechanism word: “爱心超市” (not “…”的原则, no slogan).
        (Most names end in no such word: that test goes first.)"""
        t = self._t
        if not clean.endswith(t.suffixes) or not any(
            clean.endswith(w) and len(clean) > len(w) for w in t.suffixes
        ):
            return False
        if _SLOGAN.search(clean) or _LIST_SEP in clean or " " in clean:
            return False
        if _holds(t.speech_or_clause_re, clean):
            return False
        j = q.end + 1 if s.startswith("的", q.end) else q.end
        return not s.startswith(t.after, j)  # (a tuple: any of the words)

    def _listed(self, s: str, q: Quote) -> list[ProgramMatch]:
        """“A、B、C、D”四项活动: one program per listed name when the count agrees."""
        a, b = q.inner
        items = s[a:b].split(_LIST_SEP)
        if len(items) < 3 or any(
            not _MIN_ITEM <= len(x.strip()) <= _MAX_NAME or _SLOGAN.search(x) for x in items
        ):
            return []
        m = _COUNT.match(s, q.end)
        if m is None or _count(m.group(1)) != len(items):
            return []
        if self._t.category_at(s, m.end()) is None:
            return []
        out = []
        pos = a
        for item in items:
            lo, hi = pos, pos + len(item)
            while lo < hi and s[lo].isspace():
                lo += 1
            while hi > lo and s[hi - 1].isspace():
                hi -= 1
            if hi - lo >= 2:
                out.append(ProgramMatch(lo, hi, None))
            pos += len(item) + 1
        return out


def _holds(words: re.Pattern[str] | None, text: str) -> bool:
    """Whether ``text`` holds one of the words ``words`` (an alternation) was made of."""
    return words is not None and words.search(text) is not None


def _outer(name: str) -> str:
    """``name`` without the parts inside inner quotes (‘我和我的祖国’)."""
    return _INNER_QUOTED.sub("", name)


def _count(w: str) -> int:
    if w.isdigit():
        return int(w)
    if w == "十":
        return 10
    if len(w) == 1:
        return _CN_DIGITS.get(w, -1)
    if w.startswith("十"):
        return 10 + _CN_DIGITS.get(w[1], -100)
    return -1


def _dedupe(ms: list[ProgramMatch]) -> list[ProgramMatch]:
    out: list[ProgramMatch] = []
    for m in ms:
        if out and m.start < out[-1].end:
            continue
        out.append(m)
    return out
