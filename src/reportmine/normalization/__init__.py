"""Stage 2, normalization: raw text → :class:`~reportmine.text.Text` (simplified script, repaired).

Modules, one job each:

- :mod:`.normalizer`: :class:`Normalizer` and :func:`normalize`, which run the steps below
  in order and keep the offset map to the original;
- :mod:`.script`: script detection and OpenCC conversion with a character alignment;
- :mod:`.repairs`: width folding, stray spaces, pinyin tone marks;
- :mod:`.linebreaks`: line breaks inside words and numbers;
- :mod:`.mojibake`: damaged ranges (wrong-encoding text, U+FFFD, lone surrogates).

Nothing here loads OpenCC or the lexicons at import; the converter opens on first use.
"""

from __future__ import annotations

from .normalizer import CONVERTERS, REPAIR_STEPS, SCRIPTS, Normalizer, detect_script, normalize

__all__ = ["CONVERTERS", "REPAIR_STEPS", "SCRIPTS", "Normalizer", "detect_script", "normalize"]
