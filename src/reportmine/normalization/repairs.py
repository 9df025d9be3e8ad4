"""The character-level repair steps: ``width``, ``pinyin`` and ``space``.

Each step is one compiled regex pass that returns :class:`Edit` records on the text
it is given; :mod:`reportmine.normalization` applies them and maps them back to the
original. (Line breaks are in :mod:`reportmine.normalization.linebreaks`, mojibake in
:mod:`reportmine.normalization.mojibake`.)
"""

from __future__ import annotations

import re
from typing import NamedTuple

from ..chars import CN_BIG_UNITS, CN_NUMERAL_CHARS, CN_ONE_TO_NINE, CN_SMALL_UNITS, CN_ZEROS, HAN

__all__ = ["Edit", "fold_text", "fold_width", "pinyin_edits", "space_edits", "width_edits"]


class Edit(NamedTuple):
    """``text[start:end]`` becomes ``after`` (``""``: deleted) by repair step ``step``."""

    start: int
    end: int
    after: str
    step: str


# -- width: exactly these characters (NFKC would also fold ㎡ to m2, ① to 1, ...) ----------
_WIDTH_TABLE: dict[int, str] = {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}  # ０-９
_WIDTH_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_WIDTH_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_WIDTH_TABLE.update({0xFF05: "%", 0xFF0E: ".", 0x3000: " "})  # ％ ． ideographic space
_WIDTH_RUN = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0e\u3000]+")
_NOT_SPACE = re.compile("[\uff10-\uff19\uff21-\uff3a\uff41-\uff5a\uff05\uff0e]")


def fold_width(s: str) -> tuple[str, list[Edit]]:
    """Fold full-width digits, Latin letters, ``％ ．`` and U+3000 to ASCII (one for one):
    :func:`fold_text` and :func:`width_edits` together.

    >>> fold_width("３５％\u3000")
    ('35% ', [Edit(start=0, end=4, after='35% ', step='width')])
    """
    return fold_text(s), width_edits(s)


def fold_text(s: str) -> str:
    """``s`` with full-width digits, Latin letters, ``％ ．`` and U+3000 folded to ASCII."""
    if not _WIDTH_RUN.search(s):
        return s
    # the ideographic space (paragraph indents) is by far the most common: fold it in C
    return s.translate(_WIDTH_TABLE) if _NOT_SPACE.search(s) else s.replace("\u3000", " ")


def width_edits(s: str) -> list[Edit]:
    """The runs :func:`fold_text` folds, as ``width`` edits (listed only when the repairs are read)."""
    table = _WIDTH_TABLE
    return [Edit(m.start(), m.end(), m.group().translate(table), "width") for m in _WIDTH_RUN.finditer(s)]


# -- pinyin left by a converter: 聯(lián), 發(fā)揮 --------------------------------------------
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹ"
_VOWEL = "aeiouüv" + _TONED
# one syllable: optional initial, a vowel cluster holding a tone mark, optional n/ng/r
_SYLLABLE = (
    rf"(?:zh|ch|sh|[bpmfdtnlgkhjqxrzcsyw])?"
    rf"(?=[{_VOWEL}]{{0,2}}[{_TONED}])[{_VOWEL}]{{1,4}}(?:ng|n|r)?"
    rf"|[ńňǹ]g?"
)
_PINYIN = re.compile(rf"[(（](?:{_SYLLABLE})[)）]")
_HAN_CHAR = re.compile(f"[{HAN}]")


def pinyin_edits(s: str) -> list[Edit]:
    """Pinyin annotations right after a Han character (one toned syllable in brackets).

    Ordinary brackets stay: ``(右二)``, ``(目标)``, ``(梁伟 路小飞)``, ``(GDP)``,
    ``(de)`` (no tone mark) and ``(2019)``.
    """
    if "(" not in s and "（" not in s:
        return []
    return [
        Edit(m.start(), m.end(), "", "pinyin")
        for m in _PINYIN.finditer(s)
        if m.start() and _HAN_CHAR.match(s, m.start() - 1)
    ]


# -- spaces between a number and its unit, and inside dates ------------------------------
# each pattern starts with a character class, so the regex engine scans fast
_NUMBER_SPACE = re.compile(rf"[0-9][ \t\u00a0](?=[{HAN}%‰℃㎡])")  # 64552.3 畝, 3 名, 35 %
_DATE_SPACE = re.compile(r"[年月][ \t\u00a0]{1,2}(?=[0-9]{1,2}[ \t\u00a0]?[月日号])")  # 2019 年 5 月
# the number before the space, back to the previous non-number character
_NUMBER_BACK = re.compile(r"[0-9.,:：\-—–~～/]*$")
_NOT_A_QUANTITY = re.compile(r"[:：]|[0-9]\.[0-9]+[.\-—–~～]")  # 10:30, 10.22—10.23, 2020.1.5
_DATE_WORD = frozenset("年月日号")
# a space inside a number from PDF text (issue 13): before a multiplier (7 万5 千4 百, 3.5 亿),
# around 分之 (百 分之 2.4) and around a decimal 点 between Chinese digits (三 点 五亿)
_CN_MULT = CN_SMALL_UNITS + CN_BIG_UNITS
_CN_DIG = CN_ZEROS + CN_ONE_TO_NINE + "两"
_NUMERAL_SPACE = re.compile(  # matched at each space (_numeral_spaces)
    r"[ \u00a0](?:"
    rf"(?<=[0-9{CN_NUMERAL_CHARS}][ \u00a0])"
    rf"(?=[{CN_BIG_UNITS}]|[{_CN_MULT}](?![{HAN}])|[{_CN_MULT}][0-9{_CN_DIG}]|分之)"
    rf"|(?<=分之[ \u00a0])(?=[0-9{_CN_DIG}])"
    rf"|(?<=[{_CN_DIG}][ \u00a0])(?=[点點][ \u00a0]?[{_CN_DIG}])"
    rf"|(?:(?<=[{_CN_DIG}][点點][ \u00a0])|(?<=[{_CN_DIG}][ \u00a0][点點][ \u00a0]))(?=[{_CN_DIG}])"
    r")"
)


def space_edits(s: str) -> list[Edit]:
    """Spaces inside dates, one space between a number and a unit or date word, and a space
    inside a number (``7 万5 千4 百``, ``百 分之 2.4``, ``三 点 五亿``).

    Before a date word (年月日号) the space always goes. Otherwise it stays after a time
    or dotted date (``10:30 上海``, ``2020.1.5 上海``) and after a short number that
    starts its line (list numbering and listings, ``1 制作灯盘``, ``10.20 上海大剧院``):
    there the space is layout, not a break inside a quantity.
    """
    if " " not in s and "\u00a0" not in s and "\t" not in s:
        return []
    out = [Edit(m.start() + 1, m.end(), "", "space") for m in _DATE_SPACE.finditer(s)]
    for m in _NUMBER_SPACE.finditer(s):
        a = m.start() + 1
        if s[m.end()] not in _DATE_WORD:
            num = _NUMBER_BACK.search(s, max(0, a - 24), a)
            assert num is not None
            if _NOT_A_QUANTITY.search(num.group()):
                continue
            if len(num.group()) <= 5 and _starts_line(s, num.start()):
                continue  # list numbering
        out.append(Edit(a, m.end(), "", "space"))
    taken = {e[0] for e in out}
    out.extend(Edit(i, i + 1, "", "space") for i in _numeral_spaces(s) if i not in taken)
    out.sort()
    return out


# what stands before every space _NUMERAL_SPACE matches: a digit or numeral (7 万), 之 (分之 2.4),
# 点 (三点 五): the pattern is tried after these only (issue 19: after folding, every paragraph
# indent is two spaces, and those follow a line break)
_BEFORE_NUMERAL_SPACE = frozenset("0123456789之点點" + CN_NUMERAL_CHARS + _CN_DIG)


def _numeral_spaces(s: str) -> list[int]:
    """Where a space inside a number stands (7 万5 千4 百, 百 分之 2.4): the pattern is tried at
    each space after a numeral character only (spaces are rare, and a scan of the whole
    text costs more)."""
    found = []
    before = _BEFORE_NUMERAL_SPACE
    for space in (" ", "\u00a0"):
        i = s.find(space)
        while i >= 0:
            if i and s[i - 1] in before and _NUMERAL_SPACE.match(s, i):
                found.append(i)
            i = s.find(space, i + 1)
    return found


def _starts_line(s: str, i: int) -> bool:
    """True when only white space lies between the start of its line and ``s[i]``.

    Walks back over the white space only: a search back to the line break would make a
    long text without line breaks quadratic.
    """
    while i > 0 and s[i - 1] != "\n" and s[i - 1].isspace():
        i -= 1
    return i == 0 or s[i - 1] == "\n"
