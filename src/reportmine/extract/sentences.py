"""Sentence boundaries on normalized text (cheap: one regex pass, no segmentation)."""

from __future__ import annotations

import regex

__all__ = ["sentence_bounds"]

# a sentence ends after 。！？!? ； (with closing quotes/brackets) or at a line break
_END = regex.compile(r"[。！？!?；;…]+[”’」』)）]*|\n+")


def sentence_bounds(s: str) -> list[tuple[int, int]]:
    """``(start, end)`` of each sentence of ``s``, leading/trailing whitespace excluded."""
    out: list[tuple[int, int]] = []
    pos = 0
    for m in _END.finditer(s):
        end = m.end() if m.group()[0] != "\n" else m.start()
        _add(s, pos, end, out)
        pos = m.end()
    _add(s, pos, len(s), out)
    return out


def _add(s: str, a: int, b: int, out: list[tuple[int, int]]) -> None:
    while a < b and s[a].isspace():
        a += 1
    while b > a and s[b - 1].isspace():
        b -= 1
    if b > a:
        out.append((a, b))
