"""Quoted phrases and 《》 titles in normalized text, and the written value of a named span.

Program and document extractors both read bracketed spans: ``find_quotes`` pairs quote
marks (“” ‘’ 「」 『』 and straight quotes) paragraph by paragraph, ``find_titles`` pairs
book-title marks 《》 (with 〈〉 nested inside). Both work on the normalized text and return
normalized offsets. ``written_value`` rebuilds the text of a span as it was written: the
normalized characters (simplified, pinyin artifacts removed) with the spaces that
normalization dropped put back (``2020 工作要点`` keeps its space).
"""

from __future__ import annotations

import re
from typing import NamedTuple

import regex

from ..chars import HAN_SCRIPT
from ..text import Text

__all__ = [
    "CLOSE_QUOTES",
    "OPEN_QUOTES",
    "QUOTE_CHARS",
    "Quote",
    "find_quotes",
    "find_titles",
    "strip_quotes",
    "written_value",
]

OPEN_QUOTES = "“‘「『"
CLOSE_QUOTES = "”’」』"
_PAIR = dict(zip(OPEN_QUOTES, CLOSE_QUOTES, strict=True))
_OPENER = dict(zip(CLOSE_QUOTES, OPEN_QUOTES, strict=True))
_STRAIGHT = "\"＂'"
QUOTE_CHARS = OPEN_QUOTES + CLOSE_QUOTES + _STRAIGHT
_HAN = regex.compile(HAN_SCRIPT)
# line breaks end pairing; they are not scanned for, but looked up between two marks
_MARKS = re.compile(r"[“”‘’「」『』\"＂']")
_ANY_QUOTE = re.compile(r"[“‘「『\"＂']")  # no opener (a straight mark opens too): no pair
_TITLE_MARKS = re.compile(r"[《》]")
_START = re.Match.start
_STRIP_RE = re.compile("[" + re.escape(QUOTE_CHARS + "《》〈〉") + "]")

MAX_QUOTE = 200  # longer "quotes" are unbalanced marks, not quotations
MAX_TITLE = 120


class Quote(NamedTuple):
    """A pair of quote marks: ``s[start:end]`` includes the marks; ``depth`` 0 is outermost."""

    start: int
    end: int
    depth: int

    @property
    def inner(self) -> tuple[int, int]:
        """The span between the marks."""
        return self.start + 1, self.end - 1


def _is_han(s: str, i: int) -> bool:
    return 0 <= i < len(s) and bool(_HAN.match(s[i]))


def find_quotes(s: str) -> list[Quote]:
    """Every balanced pair of quote marks in ``s``, sorted by start (outer before inner).

    Pairing restarts at each line break, so a lost mark damages one paragraph at most.
    A closing mark with no matching opener is ignored; so is an opener never closed.
    A straight ``'`` counts only next to a Han character (not an English apostrophe).
    """
    out: list[Quote] = []
    if not _ANY_QUOTE.search(s):
        return out
    stack: list[tuple[str, int]] = []
    # stack indexes of the open marks of each kind, so that a closing mark finds its opener
    # at once (a scan down the stack is quadratic on thousands of unmatched marks). Entries
    # go stale when their mark is closed or dropped; they are skipped when met (an index
    # still holding a mark of its kind is a true opener), so each is removed at most once.
    where: dict[str, list[int]] = {}
    last = 0  # position of the previous mark
    find = s.find
    for i in map(_START, _MARKS.finditer(s)):
        c = s[i]
        if stack and find("\n", last, i) >= 0:  # a line break since the last mark
            stack.clear()
            where.clear()
        last = i
        if c in _PAIR:
            opened = where.get(c)
            if opened is None:
                where[c] = [len(stack)]
            else:
                opened.append(len(stack))
            stack.append((c, i))
            continue
        if c in _STRAIGHT:
            if c == "'" and not (_is_han(s, i - 1) or _is_han(s, i + 1)):
                continue
            key = '"' if c in "\"＂" else "'"
            if stack and stack[-1][0] == key:
                _close(stack, len(stack) - 1, i, out)
            else:
                where.setdefault(key, []).append(len(stack))
                stack.append((key, i))
            continue
        # a closing curly mark: match the nearest opener of its kind
        kind = _OPENER[c]
        opened = where.get(kind)
        while opened:
            k = opened.pop()
            if k < len(stack) and stack[k][0] == kind:
                _close(stack, k, i, out)
                break
    out.sort(key=lambda q: (q.start, -q.end))
    return out


def _close(stack: list[tuple[str, int]], k: int, i: int, out: list[Quote]) -> None:
    start = stack[k][1]
    del stack[k:]  # the marks above k are dropped with it
    if i + 1 - start <= MAX_QUOTE:
        out.append(Quote(start, i + 1, k))


def find_titles(s: str) -> list[tuple[int, int]]:
    """Spans of outermost 《…》 titles in ``s`` (marks included); 〈〉 and inner 《》 stay inside."""
    out: list[tuple[int, int]] = []
    if "《" not in s:
        return out
    depth = 0
    start = -1
    last = 0  # position of the previous mark
    for m in _TITLE_MARKS.finditer(s):
        c, i = m.group(), m.start()
        if depth and s.find("\n", last, i) >= 0:  # a line break since the last mark
            depth = 0
        last = i
        if c == "《":
            if depth == 0:
                start = i
            depth += 1
        elif depth > 0:
            depth -= 1
            if depth == 0 and 2 < i + 1 - start <= MAX_TITLE:
                out.append((start, i + 1))
    return out


def strip_quotes(v: str) -> str:
    """``v`` without quote marks and title marks."""
    return _STRIP_RE.sub("", v)


def written_value(text: Text, start: int, end: int) -> str:
    """Normalized ``[start, end)`` with the spaces normalization removed put back.

    Characters stay normalized (simplified, width-folded, pinyin artifacts gone); a gap of
    plain spaces between two characters in the original comes back as written (an
    ideographic space as an ASCII one). Line breaks that normalization joined stay joined.
    """
    s = text.normalized
    align = text.alignment
    if align is None or end - start < 2:
        return s[start:end]
    orig = text.original
    out: list[str] = []
    prev_end = align.char_span(start)[1]
    out.append(s[start])
    for i in range(start + 1, end):
        a, b = align.char_span(i)
        if a > prev_end:
            gap = orig[prev_end:a]
            if gap.strip(" \t\u00a0\u3000") == "":
                out.append(gap.replace("\u3000", " ").replace("\u00a0", " ").replace("\t", " "))
        out.append(s[i])
        prev_end = max(prev_end, b)
    return "".join(out)
