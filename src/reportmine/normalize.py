"""Normalization: script conversion and repair of conversion and layout damage.

``normalize(raw)`` returns a :class:`~reportmine.text.Text` whose ``normalized`` text is
simplified script with these repairs applied (each a named step that can be switched
off, each reporting what it changed in ``Text.repairs``):

``pinyin``
    pinyin left by a converter after a character (``聯(lián)`` → ``聯``) is removed;
    ordinary parentheses stay.
``linebreak``
    hard line breaks inside a sentence (``驻村帮\\n\\n扶工作``) are joined; headlines,
    captions, bylines and real paragraph ends keep their lines.
``width``
    full-width digits, Latin letters, ``％ ．`` and the ideographic space fold to ASCII.
``space``
    spaces between a number and its unit or inside a date are removed.
``mojibake``
    runs of text decoded with the wrong codec are reported as damaged ranges
    (``Text.damaged``); they are not changed.

Script conversion uses OpenCC (``t2s`` by default; ``tw2s`` and ``hk2s`` selectable).
Character configs keep the length, so conversion needs no map; a phrase config
(``tw2sp``) is aligned by diff.
"""

from __future__ import annotations

import difflib
from collections.abc import Callable, Iterable
from dataclasses import dataclass

import regex

from .text import Alignment, Repair, Text

__all__ = [
    "CONVERTERS",
    "REPAIR_STEPS",
    "Normalizer",
    "detect_script",
    "normalize",
]

REPAIR_STEPS: tuple[str, ...] = ("pinyin", "linebreak", "width", "space", "mojibake")
CONVERTERS: tuple[str, ...] = ("t2s", "tw2s", "hk2s", "tw2sp")
SCRIPTS: tuple[str, ...] = ("auto", "simplified", "traditional")

# share of Han characters that t2s changes
_TRADITIONAL_SHARE = 0.05
_SIMPLIFIED_SHARE = 0.002

_HAN = regex.compile(r"\p{Han}")

# -- width folding: exactly these characters, nothing else (NFKC would also fold ㎡ etc.)
_WIDTH_TABLE: dict[int, str] = {c: chr(c - 0xFEE0) for c in range(0xFF10, 0xFF1A)}
_WIDTH_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF21, 0xFF3B)})
_WIDTH_TABLE.update({c: chr(c - 0xFEE0) for c in range(0xFF41, 0xFF5B)})
_WIDTH_TABLE.update({ord("％"): "%", ord("．"): ".", 0x3000: " "})
_WIDTH_CHARS = regex.compile("[" + "".join(regex.escape(chr(c)) for c in _WIDTH_TABLE) + "]+")

# -- pinyin annotations: a Han character, then (syllables with at least one tone mark)
_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN = regex.compile(
    r"(?<=\p{Han})[(（](?=[a-zü" + _TONED + r"]{0,6}[" + _TONED + r"])[a-zü" + _TONED + r"]{1,7}[)）]"
)

# -- spaces between a number and what follows it, and inside dates
_SPACE = regex.compile(
    r"(?<=[0-9])[ \t\u00a0]+(?=[\p{Han}%‰㎡])"  # 64552.3 畝, 3 名
    r"|(?<=[0-9][年月])[ \t\u00a0]+(?=[0-9])"  # 2019 年 5 月
)

# -- line breaks: a line that stops mid-sentence, blank lines, and its continuation
_BREAK = regex.compile(r"[ \t\u00a0]*(?:\r?\n[ \t\u00a0\u3000]*){1,4}(?=\S)")
_SENT_END = set("。！？!?；;：:…」』”’\"')）】》")
_BYLINE_END = regex.compile(r"(摄|供图|图|记者|通讯员|报道|电|讯|编辑|责编|作者|来源|日)\s*$")
_BODY_PUNCT = regex.compile(r"[，,、。；]")
_MIN_WRAPPED_LINE = 24


@dataclass(frozen=True, slots=True)
class _Edit:
    start: int
    end: int
    after: str
    step: str


def detect_script(raw: str, converted: str | None = None, converter: str = "t2s") -> tuple[str, float]:
    """Classify ``raw`` as simplified / traditional / mixed / unknown.

    Returns the script and the share of Han characters that conversion to simplified
    changes. ``converted`` may be given when the caller already converted ``raw``.
    """
    if converted is None:
        converted = _opencc(converter).convert(raw)
    han = len(_HAN.findall(raw))
    if han == 0:
        return "unknown", 0.0
    if converted == raw:
        return "simplified", 0.0
    if len(converted) == len(raw):
        changed = sum(1 for a, b in zip(raw, converted) if a != b)
    else:
        sm = difflib.SequenceMatcher(None, raw, converted, autojunk=False)
        changed = sum(i2 - i1 for tag, i1, i2, _, _ in sm.get_opcodes() if tag != "equal")
    share = changed / han
    if share >= _TRADITIONAL_SHARE:
        return "traditional", share
    if share <= _SIMPLIFIED_SHARE:
        return "simplified", share
    return "mixed", share


class Normalizer:
    """Normalizes texts with fixed settings; owns its OpenCC converter.

    Args:
        script: ``"auto"`` (detect, convert traditional and mixed text), ``"simplified"``
            (never convert) or ``"traditional"`` (always convert).
        converter: OpenCC config: ``t2s`` (default), ``tw2s``, ``hk2s`` or ``tw2sp``.
        repairs: the repair steps to run (default: all of :data:`REPAIR_STEPS`).
    """

    def __init__(
        self,
        script: str = "auto",
        converter: str = "t2s",
        repairs: Iterable[str] | None = None,
    ) -> None:
        if script not in SCRIPTS:
            raise ValueError(f"script must be one of {SCRIPTS}, not {script!r}")
        if converter not in CONVERTERS:
            raise ValueError(f"converter must be one of {CONVERTERS}, not {converter!r}")
        steps = tuple(REPAIR_STEPS if repairs is None else repairs)
        unknown = set(steps) - set(REPAIR_STEPS)
        if unknown:
            raise ValueError(f"unknown repair steps {sorted(unknown)}; known: {REPAIR_STEPS}")
        self.script = script
        self.converter = converter
        self.repairs = frozenset(steps)
        self._cc: object | None = None

    def convert(self, s: str) -> str:
        """Convert ``s`` to simplified script with this normalizer's OpenCC config."""
        if self._cc is None:
            self._cc = _opencc(self.converter)
        return self._cc.convert(s)  # type: ignore[attr-defined,no-any-return]

    def __call__(self, raw: str) -> Text:
        """Normalize ``raw``."""
        if not isinstance(raw, str):
            raise TypeError(f"normalize() takes str, not {type(raw).__name__}")
        # 1. script: character configs keep length; a phrase config is aligned by diff
        base = raw
        align: Alignment | None = None
        conv_align: Alignment | None = None
        script = "unknown"
        if self.script != "simplified" and _HAN.search(raw):
            converted = self.convert(raw)
            script, _share = detect_script(raw, converted)
            if self.script == "traditional" or script in ("traditional", "mixed"):
                base = converted
                if len(converted) != len(raw):
                    conv_align = align = _diff_alignment(raw, converted)
        elif _HAN.search(raw):
            script = "simplified"

        # 2. width folding: one character for one, so no map
        edits: list[_Edit] = []
        if "width" in self.repairs and _WIDTH_CHARS.search(base):
            folded = base.translate(_WIDTH_TABLE)
            for m in _WIDTH_CHARS.finditer(base):
                edits.append(_Edit(m.start(), m.end(), folded[m.start() : m.end()], "width"))
            base = folded

        # 3. deletions found on the converted, folded text
        deletions: list[_Edit] = []
        if "pinyin" in self.repairs and ("(" in base or "（" in base):
            deletions += [_Edit(m.start(), m.end(), "", "pinyin") for m in _PINYIN.finditer(base)]
        if "space" in self.repairs:
            deletions += [_Edit(m.start(), m.end(), "", "space") for m in _SPACE.finditer(base)]
        if "linebreak" in self.repairs and "\n" in base:
            deletions += _line_joins(base)
        deletions = _drop_overlaps(deletions)

        if deletions:
            del_align = Alignment.from_edits(len(base), [(d.start, d.end, "") for d in deletions])
            parts = []
            pos = 0
            for d in deletions:
                parts.append(base[pos : d.start])
                pos = d.end
            parts.append(base[pos:])
            normalized = "".join(parts)
            align = del_align if align is None else del_align.compose(align)
        else:
            normalized = base

        # 4. repairs report in original offsets
        to_orig: Callable[[int, int], tuple[int, int]] = (
            _identity_span if conv_align is None else conv_align.span_to_source
        )
        repairs = []
        for e in sorted(edits + deletions, key=lambda e: (e.start, e.end)):
            os_, oe = to_orig(e.start, e.end)
            repairs.append(Repair(e.step, os_, oe, raw[os_:oe], e.after))

        # 5. damaged ranges
        damaged: list[tuple[int, int]] = []
        if "mojibake" in self.repairs:
            for s, e in find_mojibake(normalized):
                os_, oe = (s, e) if align is None else align.span_to_source(s, e)
                damaged.append((os_, oe))
                repairs.append(Repair("mojibake", os_, oe, raw[os_:oe], raw[os_:oe]))
        return Text(raw, normalized, align, script=script, repairs=repairs, damaged=damaged)


def _identity_span(s: int, e: int) -> tuple[int, int]:
    return s, e


def normalize(
    raw: str,
    script: str = "auto",
    *,
    converter: str = "t2s",
    repairs: Iterable[str] | None = None,
) -> Text:
    """Normalize ``raw`` (see the module docstring); offsets map back to ``raw``.

    >>> t = normalize("貧困戶35 戶")
    >>> t.normalized
    '贫困户35户'
    >>> t.span_to_original(3, 6)
    (3, 7)
    """
    return Normalizer(script, converter, repairs)(raw)


def _opencc(config: str) -> object:
    import opencc  # native OpenCC; opencc-python-reimplemented provides the same module and API

    try:
        return opencc.OpenCC(config)
    except Exception:  # some builds want the file name
        return opencc.OpenCC(config + ".json")


def _diff_alignment(raw: str, converted: str) -> Alignment:
    sm = difflib.SequenceMatcher(None, raw, converted, autojunk=False)
    segs = []
    for _tag, i1, i2, j1, j2 in sm.get_opcodes():
        segs.append((j1, j2, i1, i2))
    return Alignment(segs, len(raw), len(converted))


def _drop_overlaps(edits: list[_Edit]) -> list[_Edit]:
    out: list[_Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def _line_joins(s: str) -> list[_Edit]:
    """Line breaks inside a sentence: the line before stops mid-sentence in running text."""
    out = []
    for m in _BREAK.finditer(s):
        a, b = m.start(), m.end()
        if a == 0 or b >= len(s):
            continue
        prev_char, next_char = s[a - 1], s[b]
        if prev_char in _SENT_END or not _HAN.match(prev_char) and not prev_char.isdigit():
            continue
        if not (_HAN.match(next_char) or next_char.isdigit()):
            continue
        line_start = s.rfind("\n", 0, a) + 1
        line = s[line_start:a].strip()
        if len(line) < _MIN_WRAPPED_LINE or not _BODY_PUNCT.search(line) or _BYLINE_END.search(line):
            continue
        out.append(_Edit(a, b, "", "linebreak"))
    return out


# -- mojibake: rare characters, '?' and stray Latin letters packed inside Han runs
_MOJI_SEED = regex.compile(r"[?\ufffd](?=\p{Han})|(?<=\p{Han})[?\ufffd]{2,}|(?<=\p{Han})[A-Za-z](?=\p{Han})")


def find_mojibake(s: str) -> list[tuple[int, int]]:
    """Damaged ranges in ``s`` (normalized offsets): text decoded with the wrong codec."""
    if not _MOJI_SEED.search(s):
        return []
    from ._mojibake import damaged_ranges

    return damaged_ranges(s)
