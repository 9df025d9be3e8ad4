"""Author lines and photo captions (table ``bylines.txt``).

Bylines are lines such as ``本报记者 张 旭``, ``□ 路小飞``, ``中共天津市蓟州区委书记  王力军``,
a name or an organisation (``中共大庆市委史志研究室``) alone at the top of a text, or the
bracket after a dateline (``（记者朱基钗）``).
Author notes are brackets such as ``(作者系庆阳市乡村振兴局局长)``. Captions are lines or
brackets that end in a photo credit (``…致富。 本报记者 张 旭 摄``, ``（见图，新华社记者李文摄）``),
credit-only lines with the picture description before them (``图为…。`` then ``新华社记者 王凯摄``),
and ``图①：…`` lines. Everything here works on normalized text and normalized offsets.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import NamedTuple

import regex

from ..chars import CN_ONE_TO_NINE, HAN_SCRIPT, alternation
from ..lexicon import Lexicon
from ..lexicon.tables import BYLINES, grouped

__all__ = ["Byline", "BylineReader", "Line", "split_names"]

_NAME = rf"[{HAN_SCRIPT}·]"
_PIC_NUMBER = f"[①-⑳0-9{CN_ONE_TO_NINE}十]*"  # 图①, 图2, 图三
_PICTURE = regex.compile(rf"图为|^图{_PIC_NUMBER}[:：]|[上下左右]图|见图")
_PIC_LINE = regex.compile(rf"^[（(]?图{_PIC_NUMBER}[:：为]")
_PIC_FIRST = frozenset("（(图")  # what a _PIC_LINE starts with
_NAME_CHAR = regex.compile(_NAME)
_SENTENCE_LAST = frozenset("。，、；：！？”’」』）)…")  # punctuation ending a line: no name (no Han, no ·)
_TITLE_TAIL = regex.compile(rf"\s{_NAME}{{2,4}}$")  # how a "title  name" line ends
_NAME_SEP = regex.compile(r"[\s、，,;；/]+")
_FULL_NAME = regex.compile(rf"{_NAME}{{2,6}}")
_CLAUSE_PUNCT = regex.compile(r"[，,。；;！？!?]")
_ONLY_NAME = regex.compile(rf"^{HAN_SCRIPT}(?:\s{{0,2}}{HAN_SCRIPT}){{1,2}}$")
# an organisation named by its place: 中共大庆市委史志研究室, 某某县扶贫办公室
_ORG_HEAD = rf"^(?:中共)?{HAN_SCRIPT}{{1,8}}?[省市县区州旗盟镇乡村]{HAN_SCRIPT}{{0,12}}?"


class Line(NamedTuple):
    """One line of normalized text: ``text == s[start:end]``, whitespace trimmed."""

    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Byline:
    """A byline or author note found in normalized text."""

    start: int
    end: int
    names: tuple[str, ...]
    note: bool = False


def _may_end_in_name(t: str) -> bool:
    """Whether ``t`` ends in a name character (Han, ·) or white space: ``本报记者 张 旭``, not
    ``…脱贫。`` (most lines end in sentence punctuation: a set test before the pattern)."""
    last = t[-1:]
    if last in _SENTENCE_LAST:
        return False
    return not last or last.isspace() or _NAME_CHAR.match(last) is not None


def split_names(part: str) -> tuple[str, ...]:
    """Names in a byline part: ``张 旭`` → 张旭; ``李  舸、王浩`` → 李舸, 王浩."""
    toks = [t for t in _NAME_SEP.split(part) if t]
    out: list[str] = []
    k = 0
    while k < len(toks):
        t = toks[k]
        if len(t) == 1 and k + 1 < len(toks) and len(toks[k + 1]) <= 2:
            t += toks[k + 1]  # People's Daily pads two-character names: 张 旭
            k += 1
        if _FULL_NAME.fullmatch(t):
            out.append(t)
        k += 1
    return tuple(out)


class BylineReader:
    """Finds bylines, author notes and captions with the words of ``bylines.txt``."""

    def __init__(self, lexicon: Lexicon) -> None:
        words = grouped(lexicon, BYLINES)
        alt = {k: alternation(v) for k, v in words.items()}
        self._labels = frozenset(words["label"])
        # what a line ending in a credit (摄, 供图 …) can end with: a cheap test before the search
        self._credit_last = frozenset(w[-1] for w in words["credit"]) | frozenset("）)")
        names = rf"{_NAME}{{1,6}}(?:[\s、，,]+{_NAME}{{1,6}}){{0,5}}"
        self._role_line = regex.compile(rf"^(?:(?:{alt['role']})[\s:：/]*{names}\s*)+$")
        self._role_part = regex.compile(rf"(?:{alt['role']})[\s:：/]*({names})")
        self._mark_line = regex.compile(rf"^(?:{alt['mark']})\s*({names})$")
        self._title_line = regex.compile(rf"^(.{{2,30}}?(?:{alt['title']}))\s+({_NAME}{{2,4}})$")
        self._credit_end = regex.compile(rf"(?<!拍)(?:{alt['credit']})\s*[）)]?$")
        self._credit_line = regex.compile(
            rf"^(?:(?:{alt['role']})[\s:：/]*)?{names}\s*(?:{alt['credit']})$|^\S{{2,20}}(?:供图|制图)$"
        )
        # (plain characters and words only: the standard library's search is faster)
        credit = alternation(words["credit"])
        self._credit_bracket = re.compile(rf"[（(][^（）()\n]{{0,40}}?(?<!拍)(?:{credit})[）)]")
        self._credit_close = re.compile(rf"(?:{credit})[）)]")  # how every such bracket ends
        # every caption line holds 图 (图①：…, 图为…, 供图) or a credit word (摄): a text with
        # neither has none, and its lines need no look (two texts in three of the archives);
        # the words no other one is part of (图, 摄, 漫画) are enough to look for, by str search
        cues = {*words["credit"], "图"}
        self._caption_cues = tuple(sorted(w for w in cues if not any(o != w and o in w for o in cues)))
        self._note = regex.compile(rf"[（(](?:{alt['note']})[^（）()\n]{{1,80}}[）)]")
        self._org_line = regex.compile(rf"{_ORG_HEAD}(?:{alt['org']})$")
        self._after_dateline = regex.compile(rf"\s*[（(]((?:{alt['role']})[^（）()\n]{{1,40}})[）)]")

    def is_label(self, text: str) -> bool:
        """True when ``text`` is a section label such as 编者按."""
        return text in self._labels

    # -- bylines -------------------------------------------------------------------------
    def line_byline(self, line: Line, *, alone_ok: bool) -> Byline | None:
        """The byline that ``line`` is, if it is one; ``alone_ok`` allows a bare name."""
        t = line.text
        if not _may_end_in_name(t):
            return None  # every byline form ends in a name
        if self._credit_end.search(t):
            return None
        if self._role_line.match(t):
            names: list[str] = []
            for m in self._role_part.finditer(t):
                names.extend(split_names(m.group(1)))
            return Byline(line.start, line.end, tuple(names)) if names else None
        m = self._mark_line.match(t)
        if m:
            return Byline(line.start, line.end, split_names(m.group(1)))
        m = self._title_line.match(t) if _TITLE_TAIL.search(t, max(0, len(t) - 6)) else None
        if m and not _CLAUSE_PUNCT.search(m.group(1)):
            return Byline(line.start, line.end, (m.group(2),))
        if alone_ok and _ONLY_NAME.match(t) and t not in self._labels:
            return Byline(line.start, line.end, split_names(t))
        if alone_ok and len(t) <= 24 and self._org_line.match(t):
            return Byline(line.start, line.end, (t,))  # an organisation as the author
        return None

    def after_dateline(self, s: str, end: int) -> Byline | None:
        """The bracketed byline right after a dateline ending at ``end``: （记者朱基钗）."""
        m = self._after_dateline.match(s, end)
        if m is None:
            return None
        names: list[str] = []
        for p in self._role_part.finditer(m.group(1)):
            names.extend(split_names(p.group(1)))
        a = m.start() + len(m.group()) - len(m.group().lstrip())
        return Byline(a, m.end(), tuple(names)) if names else None

    def notes(self, s: str) -> list[Byline]:
        """Author notes: (作者系…)."""
        return [Byline(m.start(), m.end(), (), note=True) for m in self._note.finditer(s)]

    # -- captions ------------------------------------------------------------------------
    def captions(
        self,
        s: str,
        lines: list[Line],
        brackets: list[tuple[int, int]] | None = None,
        cues: bool | None = None,
    ) -> list[tuple[int, int]]:
        """Caption spans (normalized offsets), sorted.

        ``brackets`` is :meth:`caption_brackets` of ``s`` and ``cues`` its
        :meth:`may_have_captions` when the caller has them already.
        """
        if cues is None:
            cues = self.may_have_captions(s)
        out = self.line_captions(lines) if cues else []
        out.extend(self.caption_brackets(s) if brackets is None else brackets)
        return _merge(out)

    def may_have_captions(self, s: str) -> bool:
        """False when no line of ``s`` can be a caption: it holds neither 图 nor a credit word
        (摄, 供图 …), which every caption line does (:meth:`line_captions` would find none)."""
        return any(w in s for w in self._caption_cues)

    def caption_brackets(self, s: str, cues: bool = True) -> list[tuple[int, int]]:
        """Bracketed credits anywhere in ``s``: （见图，新华社记者李文摄）; none when ``cues`` is
        false (:meth:`may_have_captions` said ``s`` holds no credit word)."""
        if not cues or not self._credit_close.search(s):
            return []
        return [(m.start(), m.end()) for m in self._credit_bracket.finditer(s)]

    def line_captions(self, lines: list[Line]) -> list[tuple[int, int]]:
        """Caption spans made of whole ``lines`` (not merged)."""
        out: list[tuple[int, int]] = []
        for k, ln in enumerate(lines):
            t = ln.text
            if t[:1] in _PIC_FIRST and _PIC_LINE.match(t):
                out.append((ln.start, ln.end))
                continue
            if not self._ends_in_credit(t):
                continue
            if self._credit_line.match(t):  # credit alone: the picture text is the line before
                prev = lines[k - 1] if k > 0 else None
                if prev is not None and _PICTURE.search(prev.text) and not self._ends_in_credit(prev.text):
                    out.append((prev.start, ln.end))
                else:
                    out.append((ln.start, ln.end))
            elif len(t) <= 200 and not self._credit_bracket.search(t):
                out.append((ln.start, ln.end))  # description and credit on one line
        return out

    def _ends_in_credit(self, t: str) -> bool:
        last = t[-1:]
        if last and not last.isspace() and last not in self._credit_last:
            return False  # the search would fail: it is anchored at the end
        return self._credit_end.search(t) is not None


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for a, b in sorted(spans):
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
