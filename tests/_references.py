"""Reference implementations for the fast paths: plain loops over every character.

``tests/test_scan.py`` and ``tests/test_hostile.py`` compare the real code with them.
"""

from __future__ import annotations

import regex

from reportmine.extractors.quotes import MAX_QUOTE, MAX_TITLE, Quote


def reference_quotes(s: str) -> list[Quote]:
    """Quote pairs as find_quotes gives them, by a linear scan per closing mark."""
    pair = dict(zip("“‘「『", "”’」』", strict=True))
    out: list[Quote] = []
    stack: list[tuple[str, int]] = []

    def han(i: int) -> bool:
        return 0 <= i < len(s) and bool(regex.match(r"\p{Han}", s[i]))

    def close(k: int, i: int) -> None:
        start = stack[k][1]
        del stack[k:]
        if i + 1 - start <= MAX_QUOTE:
            out.append(Quote(start, i + 1, k))

    for i, c in enumerate(s):
        if c == "\n":
            stack.clear()
        elif c in pair:
            stack.append((c, i))
        elif c in "\"＂'":
            if c == "'" and not (han(i - 1) or han(i + 1)):
                continue
            key = '"' if c in "\"＂" else "'"
            if stack and stack[-1][0] == key:
                close(len(stack) - 1, i)
            else:
                stack.append((key, i))
        elif c in "”’」』":
            for k in range(len(stack) - 1, -1, -1):
                if pair.get(stack[k][0]) == c:
                    close(k, i)
                    break
    out.sort(key=lambda q: (q.start, -q.end))
    return out


def reference_titles(s: str) -> list[tuple[int, int]]:
    """《》 title spans as find_titles gives them, by a plain depth count."""
    out: list[tuple[int, int]] = []
    depth, start = 0, -1
    for i, c in enumerate(s):
        if c == "\n":
            depth = 0
        elif c == "《":
            if depth == 0:
                start = i
            depth += 1
        elif c == "》" and depth > 0:
            depth -= 1
            if depth == 0 and 2 < i + 1 - start <= MAX_TITLE:
                out.append((start, i + 1))
    return out
