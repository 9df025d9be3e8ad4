"""Detection of mojibake: text decoded with the wrong codec (see :func:`damaged_ranges`)."""

from __future__ import annotations

import regex

__all__ = ["damaged_ranges"]

_SEED = regex.compile(r"[?\ufffd]+(?=\p{Han})|(?<=\p{Han})[?\ufffd]+|(?<=\p{Han})[A-Za-z](?=\p{Han})")
_RUN_END = regex.compile(r"[，,。；;！!？\n]")


def damaged_ranges(s: str) -> list[tuple[int, int]]:
    """Ranges of ``s`` that look like mojibake (first version: seed to clause end)."""
    out: list[tuple[int, int]] = []
    for m in _SEED.finditer(s):
        a = m.start()
        e = _RUN_END.search(s, m.end())
        b = e.start() if e else len(s)
        if out and a <= out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], b))
        else:
            out.append((a, b))
    return out
