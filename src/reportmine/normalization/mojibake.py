"""Detection of mojibake: runs of text decoded with the wrong codec.

Mojibake is reported, never guessed at: :meth:`MojibakeDetector.find` returns the
ranges of a string that look garbled, and extraction skips them. The signals are
general, not tied to one document:

* **rare characters**: a byte stream decoded with the wrong CJK codec (UTF-8 read as
  GBK, GBK read with its bytes shifted, Big5 read as GBK) comes out as characters
  that ordinary text hardly uses (``蚧馂``, ``銆傗``). "Rare" means not among the
  :data:`COMMON_RANK` most frequent characters of ``lexicons/char_freq.txt`` (nor a
  traditional form of one of them, nor a financial numeral: 壹佰玖拾万叁仟);
* ``?`` and U+FFFD, which decoders put where bytes were lost; U+FFFD always marks
  damage, ``?`` only next to other signals (it is also a question mark); so does a lone
  surrogate (U+D800-U+DFFF: undecodable bytes kept by ``surrogateescape``, or a
  ``\ud800`` escape in JSON), which is no character at all;
* a stray single Latin letter between Han characters (``挠H人``): GBK trail bytes in
  0x40-0x7E become ASCII when the byte stream is read out of step;
* Greek, Cyrillic, bopomofo, kana and box-drawing characters, which the symbol rows
  of GBK and Big5 turn a misread byte stream into (``⊿Τ``, ``ㄘ``);
* a pinyin annotation whose character and opening parenthesis were lost
  (``?zhí)``);
* UTF-8 read as Latin-1 / cp1252 (``ä¸­æ–‡``).

Signals are grouped into clusters (at most :data:`MAX_GAP` characters between two
signals, on one line), and a cluster is damaged when it holds U+FFFD, a lost pinyin
annotation or a Latin-1 run; or a ``?`` and at least two other distinct signals; or at
least :data:`MIN_SIGNALS` distinct signals making up at least half its characters.
Distinct, because legible text repeats its rare characters (``咔嚓咔嚓``, ``哔哩哔哩``)
and garbled text hardly does. A range runs from the first signal of its cluster to the
last, so legible text around it stays usable.

Thresholds were set on the People's Daily archives (no damaged range in 5.4M clean
characters) and on sentences garbled on purpose (``benchmarks/bench_normalize.py
--mojibake``); see docs/normalize.md.
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Iterable, Mapping
from functools import lru_cache
from importlib import resources

from ..chars import CN_FINANCIAL_DIGITS, CN_FINANCIAL_UNITS, HAN, HAN_BLOCKS, HAN_SUPPLEMENTARY
from ..errors import LexiconError
from ..lexicon import parse_table
from ..lexicon.tables import CHAR_FREQ, CharCount

__all__ = ["COMMON_RANK", "MAX_GAP", "MIN_SIGNALS", "MojibakeDetector", "common_chars", "shipped_rows"]

COMMON_RANK = 3500  # characters ranked below this in char_freq.txt are rare
MAX_GAP = 2  # legible characters allowed between two signals of one cluster
MIN_SIGNALS = 5  # distinct signals a cluster without '?' needs

TABLE = CHAR_FREQ.name

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜńňǹḿ"
_PINYIN_LETTERS = "a-zü" + _TONED
# symbols from the GBK / Big5 symbol rows that a misread byte stream turns into:
# Greek, Cyrillic, bopomofo, kana, box drawing and a few math signs
_SYMBOLS = "[\u0391-\u03c9\u0401\u0410-\u044f\u0451\u3041-\u30fa\u30fc-\u30ff\u3105-\u3129\u2500-\u257f⊿∟∣≒≡]"
# cp1252 characters for bytes 0x80-0x9F, which UTF-8 continuation bytes can become
_CP1252_HIGH = "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ\x81\x8d\x8f\x90\x9d"


@lru_cache(maxsize=1)
def shipped_rows() -> tuple[CharCount, ...]:
    """The rows of the shipped ``lexicons/char_freq.txt`` (read and checked once)."""
    path = resources.files("reportmine") / "lexicons" / f"{TABLE}.txt"
    return CHAR_FREQ.read(parse_table(path.read_text(encoding="utf-8"), f"lexicons/{TABLE}.txt"))


def common_chars(rows: Iterable[CharCount], top: int = COMMON_RANK) -> frozenset[str]:
    """The ``top`` most frequent characters of a ``char_freq`` table (its checked rows:
    one character, then a non-negative count). Rows added by a researcher's own table rank
    by their count like the shipped ones.
    """
    counted = [(-r.count, r.char) for r in rows]
    if not counted:
        raise LexiconError(f"the {TABLE} table is empty")
    counted.sort(key=lambda x: x[0])  # stable: equal counts keep file order
    return frozenset(ch for _, ch in counted[:top])


def _rare_class(common: frozenset[str]) -> str:
    """A character class of the BMP ideographs (:data:`~reportmine.chars.HAN_BLOCKS`) not in ``common``."""
    known = sorted(ord(c) for c in common if len(c) == 1)
    parts: list[str] = []
    for lo, hi in HAN_BLOCKS:
        p = lo
        for c in known[bisect.bisect_left(known, lo) : bisect.bisect_right(known, hi)]:
            if c > p:
                parts.append(_range(p, c - 1))
            p = c + 1
        if p <= hi:
            parts.append(_range(p, hi))
    return "[" + "".join(parts) + "]" if parts else "[^\\s\\S]"


def _range(a: int, b: int) -> str:
    if a == b:
        return re.escape(chr(a))
    return f"{re.escape(chr(a))}-{re.escape(chr(b))}"


class MojibakeDetector:
    """Finds garbled runs in normalized text.

    Args:
        common: the characters ordinary text uses (see :func:`common_chars`).
        variants: optional map from a character to its simplified form; a character
            whose simplified form is common counts as common too.
    """

    def __init__(self, common: Iterable[str], variants: Mapping[str, str] | None = None) -> None:
        # the financial numerals of written amounts (壹佰玖拾万叁仟…元整) are rare in running
        # text but never damage (issue 13)
        ok = set(common) | set(CN_FINANCIAL_DIGITS + CN_FINANCIAL_UNITS)
        if variants:
            ok.update(t for t, s in variants.items() if s in ok)
        self.common = frozenset(ok)
        rare_class = _rare_class(self.common)  # supplementary-plane ideographs (below) are all rare
        lost_pinyin = rf"[?\ufffd](?=[{_PINYIN_LETTERS}]{{0,5}}[{_TONED}])[{_PINYIN_LETTERS}]{{1,6}}[)）]"
        latin1 = rf"(?:[\u00e0-\u00ef](?:[\u0080-\u00bf]|[{_CP1252_HIGH}]){{2}}){{2,}}"
        # each pattern starts with a character class, so the regex engine scans fast
        # U+FFFD and lone surrogates (a str from json.loads or a surrogateescape decode) are
        # damage on their own
        self._strong = re.compile(rf"{lost_pinyin}|{latin1}|[\ufffd\ud800-\udfff]")
        self._strong_screen = re.compile("[?\ufffd\u00e0-\u00ef\ud800-\udfff]")
        self._weak = re.compile(rare_class[:-1] + _SYMBOLS[1:-1] + "?" + HAN_SUPPLEMENTARY + "]")
        self._stray = re.compile(rf"[A-Za-z](?<=[{HAN}][A-Za-z])(?=[{HAN}])")

    def find(self, s: str) -> list[tuple[int, int]]:
        """Damaged ranges of ``s`` (offsets into ``s``), sorted and disjoint."""
        # (start, end, strong?, token) of every signal, in order
        signals = [(m.start(), m.end(), False, m.group()) for m in self._weak.finditer(s)]
        if self._strong_screen.search(s):
            signals += [(m.start(), m.end(), True, m.group()) for m in self._strong.finditer(s)]
        if not signals:
            return []
        signals += [(m.start(), m.end(), False, m.group()) for m in self._stray.finditer(s)]
        signals.sort(key=lambda x: (x[0], -x[1]))
        out: list[tuple[int, int]] = []
        cluster: list[tuple[int, int, bool, str]] = []
        end = -MAX_GAP - 2
        for sig in signals:
            a = sig[0]
            if a < end:  # inside a longer signal ('?' of '?zhí)')
                continue
            if a - end > MAX_GAP or "\n" in s[end:a]:
                if cluster and _damaged(cluster):
                    out.append((cluster[0][0], end))
                cluster = []
            cluster.append(sig)
            end = sig[1]
        if cluster and _damaged(cluster):
            out.append((cluster[0][0], end))
        return out


def _damaged(cluster: list[tuple[int, int, bool, str]]) -> bool:
    """The verdict on one cluster of signals (see the module docstring)."""
    if any(strong for _, _, strong, _ in cluster):
        return True
    if len(cluster) < 2:
        return False
    # distinct signals: legible text repeats its rare characters (咔嚓咔嚓, 哔哩哔哩)
    tokens = {tok for _, _, _, tok in cluster}
    if "?" in tokens:
        return len(tokens) - 1 >= 2
    span = cluster[-1][1] - cluster[0][0]
    return len(tokens) >= MIN_SIGNALS and sum(e - a for a, e, _, _ in cluster) * 2 >= span
