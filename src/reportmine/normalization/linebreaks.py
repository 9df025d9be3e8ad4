"""The ``linebreak`` repair: join hard line breaks that layout conversion put inside a sentence.

A break is joined only when the line before it is running text cut off mid-sentence
and the line after it continues that sentence:

* the line before ends in a Han character, a digit or a continuing mark (``，、``),
  not in sentence-final punctuation, a colon or a closing quote/bracket;
* it is body text: at least :data:`MIN_BODY_LINE` characters with clause punctuation
  in it, not a heading (``一、``, ``（二）``, ``1.``, ``第三章``, ``□``, ``——``), a caption
  or byline (``…摄``, ``本报记者 张旭``);
* it is not the first line of the text (that is the title);
* the line after starts with a Han character or digit, at the margin (an indented
  line starts a paragraph), and is not a heading, byline or caption itself (a short
  line without clause punctuation, ``——…``, ``□ …``, ``…摄``, or a line of at most
  :data:`TITLE_LINE` characters that ends without sentence-final punctuation and
  stands before a blank line: ``共建国际一流湾区（壮丽70年）``);
* at most one blank line lies between them (more is a section break).

Headlines, captions, bylines and real paragraph ends keep their own lines.
"""

from __future__ import annotations

import re

from ..chars import CN_ONE_TO_NINE, HAN
from .repairs import Edit

__all__ = ["MIN_BODY_LINE", "linebreak_edits"]

MIN_BODY_LINE = 20  # a line shorter than this is a heading, caption or byline...
MIN_COMMA_LINE = 8  # ...unless it ends with a comma
SHORT_LINE = 25  # a following line this short without clause punctuation is a heading
TITLE_LINE = 40  # ...and one this short, unfinished and before a blank line, a title

_WS = " \t\u00a0\u3000"
_WS_CR = _WS + "\r"
_BREAK = re.compile(rf"\n[{_WS}]*(?:\r?\n[{_WS}]*){{0,2}}")  # starts with a literal: fast scan
_CONTINUING_END = re.compile(rf"[{HAN}0-9，,、]")
_START = re.compile(rf"[{HAN}0-9]")
_CLAUSE_PUNCT = re.compile(r"[，,、。；;：:！？!?]")
_HEADING_NUMERAL = CN_ONE_TO_NINE + "十百"  # 一、 （二十） 第三章
_HEADING_START = re.compile(
    rf"(?:[{_HEADING_NUMERAL}]+[、.．]"
    rf"|[（(][{_HEADING_NUMERAL}0-9]+[）)]"
    r"|[0-9]{1,2}[、.．](?![0-9])"
    rf"|第[{_HEADING_NUMERAL}0-9]+[章节部分篇条款]"
    r"|[□■●▲◆★◎※△▶►•·【]"
    r"|——|--"
    r"|(?:本报|特约)?(?:记者|通讯员|评论员)"
    r"|作者|编辑|责编|来源|图[为片：:]"
    r")"
)
_CAPTION_END = re.compile(r"(?:摄|供图|制图|绘|图|报道)[)）]?$")
_FINAL_END = re.compile(r"[。！？!?；;…][”’」』)）]*$")
_BLANK_NEXT = re.compile(rf"\r?\n[{_WS}]*(?:\r?\n|$)")


def _is_body(line: str) -> bool:
    """True when ``line`` (stripped) looks like running text rather than a heading."""
    if _HEADING_START.match(line) or _CAPTION_END.search(line):
        return False
    if line[-1] in "，,、":
        return len(line) >= MIN_COMMA_LINE
    return len(line) >= MIN_BODY_LINE and _CLAUSE_PUNCT.search(line) is not None


def _stands_alone(line: str, before_blank: bool) -> bool:
    """True when a following ``line`` (stripped) stands on its own: heading, byline, caption."""
    if _HEADING_START.match(line) or _CAPTION_END.search(line):
        return True
    if len(line) <= SHORT_LINE and _CLAUSE_PUNCT.search(line) is None:
        return True
    return before_blank and len(line) <= TITLE_LINE and not _FINAL_END.search(line)


def linebreak_edits(s: str) -> list[Edit]:
    """Line breaks inside a sentence, each to be deleted (see the module docstring)."""
    if "\n" not in s:
        return []
    out: list[Edit] = []
    n = len(s)
    first_line = len(s) - len(s.lstrip())  # where the title starts
    for m in _BREAK.finditer(s):
        b = m.end()
        if b >= n or s[b - 1] in _WS or not _START.match(s, b):
            continue  # end of text, an indented next line (a new paragraph), not text
        a = m.start()
        while a > 0 and s[a - 1] in _WS_CR:
            a -= 1
        if a == 0 or s.count("\n", a, b) > 2 or not _CONTINUING_END.match(s, a - 1):
            continue  # a section break, or the line before ends its sentence
        line_start = s.rfind("\n", 0, a) + 1
        before = s[line_start:a].strip(_WS)
        if line_start <= first_line or not before or not _is_body(before):
            continue
        line_end = s.find("\n", b)
        if line_end < 0:
            line_end = n
        after = s[b:line_end].strip(_WS + "\r")
        before_blank = line_end == n or _BLANK_NEXT.match(s, line_end - (s[line_end - 1] == "\r")) is not None
        if _stands_alone(after, before_blank):
            continue
        out.append(Edit(a, b, "", "linebreak"))
    return out
