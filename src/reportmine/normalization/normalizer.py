"""Normalization: script conversion and repair of conversion and layout damage.

``normalize(raw)`` returns a :class:`~reportmine.text.Text` whose ``normalized`` text is
simplified script with these repairs applied, each a named step that can be switched
off and that reports what it changed, in original offsets, in ``Text.repairs``:

``pinyin``
    pinyin left by a converter after a character (``聯(lián)`` → ``聯``) is removed;
    ordinary brackets (``(右二)``, ``(梁伟 路小飞)``) stay.
``linebreak``
    hard line breaks inside a sentence (``驻村帮\\n\\n扶工作``) are joined; headlines,
    captions, bylines and real paragraph ends keep their lines.
``width``
    full-width digits, Latin letters, ``％ ．`` and the ideographic space fold to ASCII.
``space``
    spaces between a number and its unit or inside a date (``64552.3 畝``,
    ``2019 年5 月``) are removed.
``mojibake``
    runs of text decoded with the wrong codec are reported as damaged ranges
    (``Text.damaged``); they are not changed.

Script: the input is classified as simplified, traditional or mixed (the share of Han
characters that conversion changes, see :func:`detect_script`); traditional and
mixed text is converted with OpenCC (``t2s`` by default; ``tw2s``, ``hk2s`` and the
phrase config ``tw2sp`` selectable); simplified text is left alone. Character configs
keep the length, so conversion needs no map; ``tw2sp`` is aligned by diff.

A text with nothing to change costs a few regex scans and gets no position map; the
repairs are listed only when ``Text.repairs`` is first read (extraction never reads them).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache
from typing import TYPE_CHECKING

from ..errors import OptionError
from ..text import Alignment, Repair, Text
from .linebreaks import linebreak_edits
from .repairs import Edit, fold_text, pinyin_edits, space_edits, width_edits
from .script import (
    CONVERTERS,
    SCRIPTS,
    Converter,
    char_config,
    char_map,
    detect_script,
    open_converter,
    phrase_alignment,
)

if TYPE_CHECKING:
    from ..lexicon import Lexicon
    from .mojibake import MojibakeDetector

__all__ = [
    "CONVERTERS",
    "REPAIR_STEPS",
    "SCRIPTS",
    "Normalizer",
    "detect_script",
    "normalize",
]

REPAIR_STEPS: tuple[str, ...] = ("pinyin", "linebreak", "width", "space", "mojibake")


class Normalizer:
    """Normalizes texts with fixed settings; owns its OpenCC converters and mojibake detector.

    Args:
        script: ``"auto"`` (detect the script; convert every character that conversion
            changes, so traditional, mixed and stray traditional text), ``"simplified"``
            (never convert) or ``"traditional"`` (always convert).
        converter: OpenCC config: ``t2s`` (default), ``tw2s``, ``hk2s`` or ``tw2sp``.
        repairs: the repair steps to run (default: all of :data:`REPAIR_STEPS`).
        lexicon: where the ``char_freq`` table for mojibake detection comes from
            (default: the shipped table).

    Converters and the detector are built on first use and reused.
    """

    def __init__(
        self,
        script: str = "auto",
        converter: str = "t2s",
        repairs: Iterable[str] | None = None,
        *,
        lexicon: Lexicon | None = None,
    ) -> None:
        if script not in SCRIPTS:
            raise OptionError(f"script must be one of {SCRIPTS}, not {script!r}")
        if converter not in CONVERTERS:
            raise OptionError(f"converter must be one of {CONVERTERS}, not {converter!r}")
        steps = tuple(REPAIR_STEPS if repairs is None else repairs)
        unknown = set(steps) - set(REPAIR_STEPS)
        if unknown:
            raise OptionError(f"unknown repair steps {sorted(unknown)}; known: {', '.join(REPAIR_STEPS)}")
        self.script = script
        self.converter = converter
        self.repairs = frozenset(steps)
        self._lexicon = lexicon
        self._cc: Converter | None = None
        self._char_cc: Converter | None = None
        self._mojibake: MojibakeDetector | None = None

    # -- building blocks -------------------------------------------------------------------
    def convert(self, s: str) -> str:
        """Convert ``s`` to simplified script with this normalizer's OpenCC config."""
        if self._cc is None:
            self._cc = open_converter(self.converter)
        return self._cc.convert(s)

    def detect(self, raw: str) -> tuple[str, float]:
        """``(script, share)`` of ``raw`` (see :func:`detect_script`)."""
        return detect_script(raw, self.converter)

    def find_mojibake(self, s: str) -> list[tuple[int, int]]:
        """Damaged (mojibake) ranges of ``s``, in offsets of ``s``."""
        return self._detector().find(s)

    def _detector(self) -> MojibakeDetector:
        if self._mojibake is None:
            from ..lexicon.tables import CHAR_FREQ
            from .mojibake import MojibakeDetector, common_chars, shipped_rows

            lex = self._lexicon
            rows = lex.table(CHAR_FREQ) if lex is not None and CHAR_FREQ.name in lex else shipped_rows()
            self._mojibake = MojibakeDetector(common_chars(rows), char_map(char_config(self.converter)))
        return self._mojibake

    # -- the whole job ---------------------------------------------------------------------
    def __call__(self, raw: str) -> Text:
        """Normalize ``raw``."""
        if not isinstance(raw, str):
            raise TypeError(f"normalize() takes str, not {type(raw).__name__}")
        # 1. script: character configs keep the length; a phrase config is aligned by diff
        script, share = self.detect(raw)
        base = raw
        conv_align: Alignment | None = None
        # In auto mode any character that conversion would change is converted, whatever
        # the label says: a short traditional sentence (貧困發生率由…) or a traditional
        # phrase quoted in simplified text must reach the extractors simplified too. Text
        # with nothing to change is never passed through OpenCC.
        if script != "unknown" and (
            self.script == "traditional" or (self.script == "auto" and share > 0)
        ):
            base = self.convert(raw)
            if len(base) != len(raw):
                conv_align = self._phrase_alignment(raw, base)

        # 2. width folding: one character for one, so no map (its repairs are listed later)
        converted = base
        if "width" in self.repairs:
            base = fold_text(base)

        # 3. deletions, found on the converted and folded text
        deletions: list[Edit] = []
        if "pinyin" in self.repairs:
            deletions += pinyin_edits(base)
        if "space" in self.repairs:
            deletions += space_edits(base)
        if "linebreak" in self.repairs:
            deletions += linebreak_edits(base)
        align = conv_align
        normalized = base
        if deletions:
            deletions = _drop_overlaps(deletions)
            del_align = Alignment.from_edits(len(base), [(d.start, d.end, "") for d in deletions])
            normalized = _apply_deletions(base, deletions)
            align = del_align if conv_align is None else del_align.compose(conv_align)

        # 4. damaged ranges, found on the normalized text, in original offsets
        damaged: list[tuple[int, int]] = []
        if "mojibake" in self.repairs:
            for s, t in self.find_mojibake(normalized):
                damaged.append((s, t) if align is None else align.span_to_source(s, t))
        # 5. the repairs, listed when first read (issue 19: extraction reads none of them)
        folded_from = converted if "width" in self.repairs else None
        later = _RepairList(raw, folded_from, conv_align, deletions, damaged)
        return Text(raw, normalized, align, script=script, repairs=later, damaged=damaged)

    def _phrase_alignment(self, raw: str, converted: str) -> Alignment:
        if self._char_cc is None:
            self._char_cc = open_converter(char_config(self.converter))
        return phrase_alignment(raw, self._char_cc.convert(raw), converted)


def normalize(
    raw: str,
    script: str = "auto",
    *,
    converter: str = "t2s",
    repairs: Iterable[str] | None = None,
) -> Text:
    """Normalize ``raw`` (see the module docstring); offsets map back to ``raw``.

    Reuses one :class:`Normalizer` per setting, so calling it per document is cheap.

    >>> t = normalize("貧困戶35 戶")
    >>> t.normalized
    '贫困户35户'
    >>> t.span_to_original(3, 6)
    (3, 7)
    """
    steps = None if repairs is None else tuple(sorted(set(repairs)))
    return _normalizer(script, converter, steps)(raw)


@lru_cache(maxsize=16)
def _normalizer(script: str, converter: str, repairs: tuple[str, ...] | None) -> Normalizer:
    return Normalizer(script, converter, repairs)


@dataclass(frozen=True)
class _RepairList:
    """The repairs of one normalized text, listed when :attr:`Text.repairs` is first read.

    ``converted`` is the text before width folding (``None``: the step was off); the
    deletions and damaged ranges are the ones the normalizer applied and found. A plain
    object of plain fields, so a :class:`Text` still pickles (to a worker and back).
    """

    raw: str
    converted: str | None
    conv_align: Alignment | None
    deletions: list[Edit]
    damaged: list[tuple[int, int]]

    def __call__(self) -> list[Repair]:
        """Every repair in original offsets, sorted; damaged ranges as ``mojibake`` repairs."""
        raw, conv = self.raw, self.conv_align
        edits = width_edits(self.converted) if self.converted is not None else []
        repairs: list[Repair] = []
        for e in sorted(edits + self.deletions, key=lambda e: (e.start, e.end)):
            s, t = (e.start, e.end) if conv is None else conv.span_to_source(e.start, e.end)
            repairs.append(Repair(e.step, s, t, raw[s:t], e.after))
        if self.damaged:
            repairs += [Repair("mojibake", s, t, raw[s:t], raw[s:t]) for s, t in self.damaged]
            repairs.sort(key=lambda r: (r.start, r.end))
        return repairs


def _drop_overlaps(edits: list[Edit]) -> list[Edit]:
    out: list[Edit] = []
    for e in sorted(edits, key=lambda e: (e.start, -e.end)):
        if out and e.start < out[-1].end:
            continue
        out.append(e)
    return out


def _apply_deletions(s: str, deletions: list[Edit]) -> str:
    parts: list[str] = []
    pos = 0
    for d in deletions:
        parts.append(s[pos : d.start])
        pos = d.end
    parts.append(s[pos:])
    return "".join(parts)
