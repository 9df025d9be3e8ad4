"""Script detection and conversion to simplified Chinese with OpenCC.

OpenCC's character configs (``t2s``, ``tw2s``, ``hk2s``) keep the length of the text
character for character, so converting needs no position map. The phrase config
``tw2sp`` (``記憶體`` → ``内存``) changes length; :func:`phrase_alignment` aligns it
with the character conversion, line by line, with a diff.

Detection is cheap and converts nothing: it counts the characters that the
converter changes on their own (one compiled character class, derived once from
OpenCC itself), so an already simplified text costs one regex scan.
"""

from __future__ import annotations

import difflib
import re
from functools import lru_cache
from typing import Protocol

from ..chars import HAN_BLOCKS, HAN_WIDE
from ..errors import OptionError
from ..text import Alignment, Segment

__all__ = [
    "CONVERTERS",
    "SCRIPTS",
    "Converter",
    "char_config",
    "char_map",
    "classify",
    "detect_script",
    "open_converter",
    "opencc_package",
    "phrase_alignment",
]

CONVERTERS: tuple[str, ...] = ("t2s", "tw2s", "hk2s", "tw2sp")
SCRIPTS: tuple[str, ...] = ("auto", "simplified", "traditional")

# the character-for-character config behind each converter
_CHAR_CONFIG = {"t2s": "t2s", "tw2s": "tw2s", "hk2s": "hk2s", "tw2sp": "tw2s"}

TRADITIONAL_SHARE = 0.10  # traditional texts: 26-50 % of Han characters change (p1-p99)
MIXED_SHARE = 0.02  # simplified texts: at most 2 % (a traditional name or two)
FEW_DISTINCT = 2  # so few distinct changed characters below 25 % are names, not script

# what counts as Han in a text's share: every ideograph, a rare name's included
_HAN_RUN = re.compile(f"[{HAN_WIDE}]+")


class Converter(Protocol):
    """What reportmine needs of an OpenCC converter."""

    def convert(self, text: str) -> str:
        """``text`` converted."""
        ...


def char_config(converter: str) -> str:
    """The character-for-character OpenCC config behind ``converter``."""
    try:
        return _CHAR_CONFIG[converter]
    except KeyError:
        raise OptionError(f"converter must be one of {CONVERTERS}, not {converter!r}") from None


def open_converter(config: str) -> Converter:
    """An OpenCC converter for ``config``.

    Written against the ``opencc.OpenCC(config).convert()`` API shared by the native
    ``opencc`` package (preferred: exact and fast) and ``opencc-python-reimplemented``
    (the fallback where no native wheel exists).
    """
    import opencc

    try:
        cc: Converter = opencc.OpenCC(config)
    except Exception:  # some builds want the file name
        cc = opencc.OpenCC(config + ".json")
    if opencc_package() == "reimplemented":
        cc = _CompatibilityFirst(cc)
    return _SurrogateSafe(cc)


def opencc_package() -> str:
    """Which ``opencc`` is installed: ``"native"`` (the ``opencc`` package, OpenCC's C++
    library) or ``"reimplemented"`` (``opencc-python-reimplemented``, pure Python: its
    ``OpenCC`` class lives in ``opencc.opencc``). Both are imported as ``opencc``; the
    differences are measured in docs/normalize.md."""
    import opencc

    return "reimplemented" if opencc.OpenCC.__module__ == "opencc.opencc" else "native"


class _CompatibilityFirst:
    """The fallback converter, given CJK compatibility ideographs as their unified forms.

    Native OpenCC converts the 460 compatibility ideographs it knows (U+F900–U+FAFF,
    U+2F800–U+2FA1F: ``兩`` U+F978 → ``两``); ``opencc-python-reimplemented`` leaves them,
    so text holding them (Big5 and Korean conversions) would keep characters the
    lexicons never match. Each is replaced by its canonical equivalent (one code point
    for one: offsets do not move) before conversion. Measured in docs/normalize.md.
    """

    def __init__(self, cc: Converter) -> None:
        self._cc = cc

    def convert(self, text: str) -> str:
        """``text`` with compatibility ideographs unified, then converted."""
        return self._cc.convert(text.translate(_compatibility_table()))


@lru_cache(maxsize=1)
def _compatibility_table() -> dict[int, int]:
    """Compatibility ideograph → its canonical (unified) equivalent, one code point each.

    >>> chr(_compatibility_table()[0xF978])
    '兩'
    """
    import unicodedata

    table: dict[int, int] = {}
    for lo, hi in ((0xF900, 0xFAFF), (0x2F800, 0x2FA1F)):
        for cp in range(lo, hi + 1):
            mapped = unicodedata.normalize("NFC", chr(cp))
            if len(mapped) == 1 and mapped != chr(cp):
                table[cp] = ord(mapped)
    return table


_LONE_SURROGATES = re.compile("([\ud800-\udfff]+)")


class _SurrogateSafe:
    """A converter that also takes strings with lone surrogates (OpenCC wants UTF-8).

    A ``str`` from ``json.loads`` or a ``surrogateescape`` decode can hold them; they are
    kept as they are and the text between them is converted.
    """

    def __init__(self, cc: Converter) -> None:
        self._cc = cc

    def convert(self, text: str) -> str:
        """``text`` converted; lone surrogates pass through unchanged."""
        try:
            return self._cc.convert(text)
        except UnicodeEncodeError:
            parts = _LONE_SURROGATES.split(text)
            return "".join(p if k % 2 else self._cc.convert(p) for k, p in enumerate(parts))


@lru_cache(maxsize=8)
def char_map(config: str) -> dict[str, str]:
    """Every Han character that ``config`` converts on its own, mapped to its conversion.

    Derived from OpenCC itself (each character converted alone), once per config.
    """
    chars = [chr(p) for lo, hi in HAN_BLOCKS for p in range(lo, hi + 1)]
    converted = open_converter(config).convert("\n".join(chars)).split("\n")
    if len(converted) != len(chars):  # pragma: no cover - a converter that eats newlines
        raise RuntimeError(f"OpenCC {config} changed the line structure of its input")
    return {a: b for a, b in zip(chars, converted, strict=True) if a != b and len(b) == 1}


@lru_cache(maxsize=8)
def _changed_class(config: str) -> re.Pattern[str]:
    keys = sorted(char_map(config))
    return re.compile("[" + "".join(keys) + "]")


def classify(changed: int, distinct: int, han: int) -> tuple[str, float]:
    """Script of a text from how many of its ``han`` characters conversion changes."""
    if han == 0:
        return "unknown", 0.0
    share = changed / han
    if changed == 0 or (distinct <= FEW_DISTINCT and share < 0.25):
        return "simplified", share
    if share >= TRADITIONAL_SHARE:
        return "traditional", share
    if share >= MIXED_SHARE:
        return "mixed", share
    return "simplified", share


def detect_script(raw: str, converter: str = "t2s") -> tuple[str, float]:
    """Classify ``raw`` as ``simplified``, ``traditional``, ``mixed`` or ``unknown`` (no Han).

    Returns the script and the share of Han characters that conversion to simplified
    changes. Thresholds: at least 10 % is traditional, 2-10 % mixed, less simplified;
    one or two distinct changed characters under 25 % (a traditional name in
    simplified text, ``於之莹``) count as simplified.
    """
    hits = _changed_class(char_config(converter)).findall(raw)
    if not hits:
        return ("simplified" if _HAN_RUN.search(raw) else "unknown"), 0.0
    han = sum(map(len, _HAN_RUN.findall(raw)))
    return classify(len(hits), len(set(hits)), han)


def phrase_alignment(raw: str, char_converted: str, converted: str) -> Alignment:
    """Map ``converted`` (a phrase conversion of ``raw``) back to ``raw``.

    ``char_converted`` is the character-for-character conversion of ``raw`` (same
    length). Both conversions are simplified, so they differ only where a phrase was
    replaced; a diff of the two, line by line, places each replaced phrase as a block.
    """
    if len(char_converted) != len(raw):
        char_converted = raw  # pragma: no cover - fall back to diffing the input itself
    segs: list[Segment] = []
    a_lines = char_converted.split("\n")
    b_lines = converted.split("\n")
    if len(a_lines) != len(b_lines):
        _diff(char_converted, converted, 0, 0, segs)
        return Alignment(_absorb_insertions(segs), len(raw), len(converted))
    o = n = 0
    for k, (a, b) in enumerate(zip(a_lines, b_lines, strict=True)):
        if a == b:
            segs.append((n, n + len(a), o, o + len(a), True))
        else:
            _diff(a, b, o, n, segs)
        o += len(a)
        n += len(b)
        if k + 1 < len(a_lines):
            segs.append((n, n + 1, o, o + 1, True))
            o += 1
            n += 1
    return Alignment(_absorb_insertions(segs), len(raw), len(converted))


def _diff(a: str, b: str, o: int, n: int, segs: list[Segment]) -> None:
    """Segments for line ``b`` converted from line ``a`` (offsets ``o`` and ``n``).

    Changed stretches become blocks; a one-character match between two changes (the
    ``网`` shared by ``网际网路`` and ``互联网``) is part of the phrase, not an anchor.
    """
    ops = difflib.SequenceMatcher(None, a, b, autojunk=False).get_opcodes()
    merged: list[list[int]] = []  # [i1, i2, j1, j2, equal]
    for k, (tag, i1, i2, j1, j2) in enumerate(ops):
        equal = tag == "equal"
        if equal and i2 - i1 == 1 and 0 < k < len(ops) - 1 and _HAN_RUN.match(a, i1):
            equal = False  # a lone shared character inside a replaced phrase
        if merged and not equal and not merged[-1][4]:
            merged[-1][1], merged[-1][3] = i2, j2
        else:
            merged.append([i1, i2, j1, j2, int(equal)])
    for i1, i2, j1, j2, eq in merged:
        segs.append((n + j1, n + j2, o + i1, o + i2, bool(eq)))


def _absorb_insertions(segs: list[Segment]) -> list[Segment]:
    """Give what the diff calls inserted a source: the character before it.

    A phrase conversion inserts nothing; every converted character must come from
    some input character. The character before the insertion (or, at the start, the
    one after it) becomes a block with it.
    """
    out: list[Segment] = []
    pending: Segment | None = None  # an insertion before any segment with a source
    for seg in segs:
        a, b, c, d, linear = seg
        if b == a:
            continue
        if c == d:  # an insertion
            if not out:
                pending = seg if pending is None else (pending[0], b, c, d, False)
                continue
            pa, pb, pc, pd, plin = out.pop()
            if plin and pb - pa > 1:
                out.append((pa, pb - 1, pc, pd - 1, True))
                pa, pc = pb - 1, pd - 1
            out.append((pa, b, pc, pd, False))
            continue
        if pending is not None:
            if linear and b - a > 1:
                out.append((pending[0], a + 1, c, c + 1, False))
                seg = (a + 1, b, c + 1, d, True)
            else:
                seg = (pending[0], b, c, d, False)
            pending = None
        out.append(seg)
    if pending is not None:
        out.append(pending)  # nothing but insertions: the input was empty
    return out
